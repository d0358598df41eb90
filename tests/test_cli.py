"""The `analyze` command end to end, as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLE = (
    "Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal, "
    "officials said.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_help_explains_the_command():
    result = run("analyze", "--help")
    assert result.returncode == 0
    assert "--published" in result.stdout and "jsonl" in result.stdout


def test_json_output_matches_library(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(ARTICLE)
    result = run("analyze", str(page), "--format", "json", "--published", "2025-05-14")
    assert result.returncode == 0, result.stderr
    (doc,) = json.loads(result.stdout)
    from eventwire import analyze

    (expected,) = analyze(ARTICLE.rstrip("\n"), "2025-05-14", source=str(page))
    assert doc == json.loads(json.dumps(expected.to_dict()))


def test_jsonl_reads_stdin():
    result = run("analyze", "-", "--format", "jsonl", stdin=ARTICLE.encode())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"] == "-"


def test_text_output_lists_entities_with_offsets(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(ARTICLE)
    result = run("analyze", str(page))
    assert result.returncode == 0, result.stderr
    assert "article" in result.stdout and "GPE" in result.stdout
    start = ARTICLE.index("Lima")
    assert f"{start}-{start + 4}" in result.stdout


def test_bad_inputs_are_reported_one_line_each_and_others_go_through(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    undecodable = tmp_path / "noise.txt"
    undecodable.write_bytes(bytes(range(128, 256)) * 40)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    inputs = [empty, binary, undecodable, huge, folder, missing, good]
    result = run("analyze", *map(str, inputs), "--format", "jsonl")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1  # the good file's one document
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert len(lines) == 6, result.stderr
    reasons = {Path(line.split()[1].rstrip(":")).name: line for line in lines}
    assert "empty input" in reasons["empty.txt"]
    assert "PNG image" in reasons["photo.txt"]
    assert "binary" in reasons["noise.txt"] or "cannot decode" in reasons["noise.txt"]
    assert "limit" in reasons["huge.txt"]
    assert "folder holds no files" in reasons["folder"]
    assert "no such file" in reasons["missing.txt"]


def test_exit_status_is_nonzero_only_when_nothing_could_be_analyzed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("analyze", str(empty), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "none of the 2 input(s)" in result.stderr


@pytest.mark.parametrize("bad", ["2025-02-30", "May 14"])
def test_bad_published_date_is_a_usage_error(bad, tmp_path):
    result = run("analyze", "-", "--published", bad, stdin=b"text")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
