"""Output that fits where it goes: piped output compared with golden files, whole lines,
`-` for standard output, export formats from file names, numbering across inputs."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli.conftest import EXAMPLES, PUBLISHED, run
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "cli"

#: name -> the command whose piped output tests/golden/cli/NAME.txt holds.
PIPED = {
    "events": ("events",),
    "events_consult": ("events", "--type", "CONSULT"),
    "measures": ("measures",),
    "entities_canada": ("entities", "--country", "Canada"),
    "search_steel": ("search", "steel tariff"),
    "show_event": ("show", "8"),
    "show_measure": ("show", "b1738516c4e3/0"),
    "show_headline": ("show", "426732011bb6"),
    "codes": ("codes",),
    "export_measures": ("export", "-", "--measures"),
}


@pytest.mark.parametrize("name", sorted(PIPED))
def test_piped_output_matches_golden(examples_dir, update_golden, name):
    result = run(*PIPED[name], cwd=examples_dir)
    assert result.returncode == 0, result.stderr
    path = GOLDEN / f"{name}.txt"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8"), f"{name}: see {path}"


def test_piped_lines_are_whole_and_plain(examples_dir):
    result = run("show", "b1738516c4e3", cwd=examples_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "\x1b" not in result.stdout  # no colour codes in a pipe
    assert "language: en" in lines[1]  # not wrapped onto a line of its own
    # the article's long paragraph stays one line however wide
    paragraph = next(line for line in lines if line.startswith("Canadian Trade Minister"))
    assert len(paragraph) > 200
    assert paragraph.endswith("unless the two sides reach an agreement.")
    title = next(line for line in lines if line.startswith("PERSON  Howard Lutnick"))
    assert title.endswith("Howard Lutnick · USA · GOV · Commerce Secretary")
    assert not any(line != line.rstrip() for line in lines)  # no padding at line ends


def test_analyze_numbers_documents_across_inputs():
    result = run("analyze", str(EXAMPLES), "--published", PUBLISHED)
    assert result.returncode == 0, result.stderr
    heads = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("── #")]
    assert heads == [f"#{n}" for n in range(1, 7)]  # 2 files: 1 article, then 1 + 4 headlines


def test_show_json_of_an_event_lists_every_report(examples_dir):
    result = run("show", "8", "--format", "json", cwd=examples_dir)
    event = json.loads(result.stdout)
    assert (event["id"], event["type"], event["num_mentions"]) == (8, "CONSULT", 1)
    (report,) = event["reports"]
    trigger = next(m for m in report["marks"] if m["role"] == "trigger")
    assert report["sentence"][trigger["start"] : trigger["end"]] == "travel"
    assert report["document_id"].startswith("b1738516c4e3")


def test_show_json_of_a_measure_marks_it_in_its_sentence(examples_dir):
    result = run("show", "b1738516c4e3/0", "--format", "json", cwd=examples_dir)
    measure = json.loads(result.stdout)
    # "is due to take effect on June 1": announced, not yet in force on the publication date
    assert (measure["kind"], measure["rate"], measure["status"]) == ("tariff", 25.0, "announced")
    mark = next(m for m in measure["marks"] if m["role"] == "measure")
    assert measure["sentence"][mark["start"] : mark["end"]] == measure["text"]
    assert measure["sentence"].startswith("The visit comes as")


def test_undated_events_come_last_or_not_at_all(tmp_path):
    import shutil

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    assert run("ingest", "examples/", cwd=tmp_path).returncode == 0  # no publication date
    rows = json.loads(run("events", "--format", "json", cwd=tmp_path).stdout)
    dated = [r["date"] is not None for r in rows]
    assert dated == sorted(dated, reverse=True)  # dates with unknown parts, then none
    assert any(dated) and not all(dated)
    text = run("events", cwd=tmp_path).stdout
    assert "a Sunday in an unknown week" in text and "XXXX" not in text
    assert "no date" in text
    assert run("events", "--dated", cwd=tmp_path).stdout == "no events match\n"


# -- export --------------------------------------------------------------------------------


def test_export_infers_the_format_from_the_file_name(examples_dir, tmp_path):
    for name, check in (
        ("docs.jsonl", lambda p: len(p.read_text().splitlines()) == 6),
        ("events.tsv", lambda p: len(p.read_text().splitlines()[0].split("\t")) == 61),
        ("tables.csv", lambda p: (p / "events.csv").exists()),
        ("tables.parquet", lambda p: (p / "events.parquet").exists()),
    ):
        out = tmp_path / name
        result = run("export", str(out), cwd=examples_dir)
        assert result.returncode == 0, result.stderr
        assert check(out), name


def test_export_dash_writes_standard_output(examples_dir, tmp_path):
    jsonl = run("export", "-", cwd=examples_dir)
    assert jsonl.returncode == 0, jsonl.stderr
    assert [json.loads(line)["kind"] for line in jsonl.stdout.splitlines()].count("headline") == 4
    run("export", str(tmp_path / "file.jsonl"), cwd=examples_dir)
    assert jsonl.stdout == (tmp_path / "file.jsonl").read_text()
    gdelt = run("export", "-", "--format", "gdelt", cwd=examples_dir)
    records = list(csv.reader(io.StringIO(gdelt.stdout), delimiter="\t"))
    assert len(records) == 15 and {len(r) for r in records} == {61}
    assert "-" not in {p.name for p in examples_dir.iterdir()}  # no file named "-"


def test_help_offers_only_the_formats_a_command_has():
    for command in ("show", "stats", "codes"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "csv" not in result.stdout, command
    assert "csv" in run("events", "--help").stdout
