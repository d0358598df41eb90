"""The README's tour, command by command, on the bundled examples: each runs and prints
what the README shows.

The tour is every ```console block that follows a `<!-- tour -->` line. In a block, `$ `
starts a command and the lines after it are its output as shown: each shown line must be a
line of the real output (standard output, then standard error), in the order shown; `...`
stands for any lines left out. A command may end in `> FILE` (its output goes to FILE).
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field

import pytest

from tests.cli.conftest import EXAMPLES, run
from tests.conftest import ROOT

README = ROOT / "README.md"
MARKER = "<!-- tour -->"


@dataclass
class Step:
    command: str
    shown: list[str] = field(default_factory=list)


def tour_steps(readme: str) -> list[Step]:
    steps: list[Step] = []
    lines = readme.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != MARKER:
            i += 1
            continue
        assert lines[i + 1].startswith("```console"), f"README line {i + 2}: ```console expected"
        i += 2
        while not lines[i].startswith("```"):
            if lines[i].startswith("$ "):
                steps.append(Step(lines[i][2:]))
            else:
                assert steps, f"README line {i + 1}: output before any command"
                steps[-1].shown.append(lines[i])
            i += 1
    return steps


def test_the_tour_is_found_in_the_readme():
    steps = tour_steps(README.read_text(encoding="utf-8"))
    commands = [shlex.split(s.command)[1] for s in steps]
    # what the README promises to walk through
    for needed in ("ingest", "events", "measures", "search", "show", "stats", "export", "codes"):
        assert needed in commands, needed
    assert all(s.command.startswith("eventwire ") for s in steps)


def _check_shown(step: Step, output: list[str]) -> None:
    """Each shown line is an output line, in order; `...` skips any number of lines."""
    at = 0
    for want in step.shown:
        if want.strip() == "...":
            continue
        want = want.rstrip()
        for j in range(at, len(output)):
            if output[j].rstrip() == want:
                at = j + 1
                break
        else:
            shown = "\n".join(output)
            raise AssertionError(
                f"`{step.command}` did not print\n  {want}\nafter line {at}:\n{shown}"
            )


def test_every_tour_command_prints_what_the_readme_shows(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    steps = tour_steps(README.read_text(encoding="utf-8"))
    for step in steps:
        words = shlex.split(step.command)
        target = None
        if ">" in words:
            k = words.index(">")
            words, target = words[:k], words[k + 1]
        result = run(*words[1:], cwd=tmp_path)
        expect_error = any(line.startswith("error:") for line in step.shown)
        assert "Traceback" not in result.stdout + result.stderr, step.command
        if expect_error:
            assert result.returncode == 2, (step.command, result.stderr)
        else:
            assert result.returncode == 0, (step.command, result.stderr)
        if target:
            (tmp_path / target).write_text(result.stdout, encoding="utf-8")
            assert result.stdout, f"`{step.command}` wrote nothing"
        _check_shown(step, result.stdout.splitlines() + result.stderr.splitlines())
    # what the export commands promise
    assert (tmp_path / "tables" / "events.csv").exists()
    assert (tmp_path / "parquet" / "events.parquet").exists()
    assert len((tmp_path / "events.tsv").read_text().splitlines()[0].split("\t")) == 61
    assert (tmp_path / "events.csv").read_text().startswith("id,type,mode,cameo")


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def test_readme_links_stay_inside_the_repository():
    text = README.read_text(encoding="utf-8")
    links = LINK.findall(text)
    assert "docs/architecture.md" in links
    for link in links:
        assert "://" not in link and not link.startswith(("/", "..")), link
        target = (ROOT / link.split("#")[0]).resolve()
        assert ROOT in target.parents, link
    # bare references to files outside, such as ../shared/DESIGN.md, are gone too
    assert "../shared" not in text


def test_readme_linked_files_exist():
    for link in LINK.findall(README.read_text(encoding="utf-8")):
        path = ROOT / link.split("#")[0]
        if link == "docs/architecture.md" and not path.exists():
            pytest.skip("docs/architecture.md is written with the architecture (seams) work")
        assert path.exists(), link


def test_readme_mentions_only_commands_that_exist():
    result = run("--help")
    assert result.returncode == 0
    listed = set(re.findall(r"^  (\w+)\s", result.stdout, flags=re.MULTILINE))
    mentioned = set(re.findall(r"`eventwire ([a-z]+)", README.read_text(encoding="utf-8")))
    mentioned |= {shlex.split(s.command)[1] for s in tour_steps(README.read_text(encoding="utf-8"))}
    assert mentioned <= listed, mentioned - listed
