"""The database commands as a user runs them: real processes, real files, real SQLite."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from eventwire.cli import main
from eventwire.store.export import GDELT_COLUMNS, export
from eventwire.store.schema import connect
from eventwire.store.writer import Writer
from tests.conftest import ROOT
from tests.engines.corpus import write_corpus
from tests.store.builders import content, full_document, result, sample_corpus

#: The crash test's corpus: enough batches that a kill lands mid-run.
CRASH_DOCS = 96


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The command in its own process, as a user runs it (ingest: spaCy, a pool, a kill)."""
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def cli(*args: str) -> Result:
    """The command in this process: the same code, without a second of start-up each."""
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The known corpus of tests/store/builders.py, written through the library."""
    path = tmp_path_factory.mktemp("cli") / "sample.db"
    conn = connect(path, create=True)
    Writer(conn).write_batch([result(f"input-{n}", *d) for n, d in enumerate(sample_corpus())])
    conn.close()
    return path


# -- ingest -----------------------------------------------------------------------------------


def test_ingest_stores_a_folder_and_summarises_what_became_of_it(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 5)
    (folder / "copy.txt").write_bytes((folder / "article-00001.txt").read_bytes())
    (folder / "blank.txt").write_text("")
    db = tmp_path / "news.db"
    first = run("ingest", str(folder), "--db", str(db), "--published", "2025-05-14")
    assert first.returncode == 0, first.stderr
    assert "7 inputs read" in first.stderr
    assert "5 new" in first.stderr and "1 duplicates (1 exact, 0 near)" in first.stderr
    assert "1 rejects" in first.stderr and "rejects by reason" in first.stderr
    assert "= 7 items" in first.stderr
    again = run("ingest", str(folder), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "7 already stored (skipped)" in again.stderr and "0 new" in again.stderr


def test_ingest_rejects_a_malformed_date_before_reading(tmp_path):
    r = run("ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--published", "14/05/2025")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    assert not (tmp_path / "x.db").exists()


def test_ingest_fails_when_no_input_could_be_read(tmp_path):
    r = run("ingest", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "x.db"))
    assert r.returncode == 1
    assert "no such file or folder" in r.stderr


# -- queries ------------------------------------------------------------------------------------


def test_query_commands_refuse_a_missing_database(tmp_path):
    for command in ("events", "entities", "measures", "stats"):
        r = cli(command, "--db", str(tmp_path / "none.db"))
        assert r.exit_code == 2 and "no database at" in r.stderr, command
    r = cli("search", "tariff", "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 2
    assert not (tmp_path / "none.db").exists()


def test_events_text_json_and_csv(sample_db):
    text = cli("events", "--db", str(sample_db))
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) == 6  # a line for each event, a line for its first report's sentence
    consult = lines.index(next(line for line in lines if "CONSULT" in line))
    assert lines[consult].startswith("#1  2025-05-01  CONSULT/visit (042)")
    assert "Ryosei Akazawa [JPN] → United States [USA]" in lines[consult]
    assert "· planned · 2 report(s) in 2 document(s) from 2 source(s)" in lines[consult]
    assert "“Japan's trade envoy Ryosei Akazawa will visit Washington" in lines[consult + 1]
    rows = json.loads(cli("events", "--db", str(sample_db), "--format", "json").stdout)
    assert [r["type"] for r in rows] == ["ASSAULT", "ACCUSE", "CONSULT"]
    out = cli("events", "--db", str(sample_db), "--country", "CHN", "--format", "csv").stdout
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["type"], row["actor2_country"], row["date"]) == ("ACCUSE", "JPN", "2025-05-03")


def test_events_filters_from_the_command_line(sample_db):
    def types(*args: str) -> list[str]:
        r = cli("events", "--db", str(sample_db), "--format", "json", *args)
        assert r.exit_code == 0, r.stderr
        return [e["type"] for e in json.loads(r.stdout)]

    assert types("--actor", "akazawa") == ["CONSULT"]
    assert types("--type", "11") == ["ACCUSE"]
    assert types("--modality", "negated") == ["ASSAULT"]
    assert types("--since", "2025-05-02", "--until", "2025-05-05") == ["ACCUSE"]
    assert types("--doc", full_document().id[:12]) == ["CONSULT"]
    assert types("--mode", "visit", "--limit", "1") == ["CONSULT"]


def test_events_csv_of_nothing_still_has_its_header(sample_db):
    out = cli("events", "--db", str(sample_db), "--country", "FRA", "--format", "csv").stdout
    assert out.splitlines()[0].startswith("id,type,mode,cameo")
    assert len(out.splitlines()) == 1


def test_entities_command(sample_db):
    text = cli("entities", "--db", str(sample_db)).stdout
    akazawa = next(line for line in text.splitlines() if line.startswith("Ryosei Akazawa"))
    assert akazawa.split()[-2:] == ["2", "2"]  # documents, mentions
    rows = json.loads(
        cli("entities", "--db", str(sample_db), "--type", "ORG", "--format", "json").stdout
    )
    assert [(r["name"], r["country"], r["sectors"]) for r in rows] == [("Mazda", "JPN", "BUS")]


def test_search_command_with_snippets(sample_db):
    text = cli("search", "tariff", "--db", str(sample_db))
    assert text.exit_code == 0, text.stderr
    assert "Akazawa to visit Washington" in text.stdout and "tariff" in text.stdout
    rows = json.loads(
        cli("search", "provocation", "--db", str(sample_db), "--format", "json").stdout
    )
    assert len(rows) == 1 and "[provocation]" in rows[0]["snippet"]
    assert cli("search", "US-Japan", "--db", str(sample_db)).stdout.strip() == "no documents match"


def test_show_rebuilds_the_document_with_its_annotations(sample_db):
    doc = full_document()
    text = cli("show", doc.id[:10], "--db", str(sample_db))
    assert text.exit_code == 0, text.stderr
    out = text.stdout
    assert doc.id[:12] in out and "Akazawa to visit Washington" in out
    assert "Ryosei Akazawa · JPN · GOV · trade envoy" in out  # the entity table
    assert "event Ryosei Akazawa —CONSULT/visit→ United States" in out
    assert "measure tariff 25% · United States → Japan · conditional" in out
    shown = json.loads(cli("show", doc.id, "--db", str(sample_db), "--format", "json").stdout)
    assert shown == json.loads(json.dumps(doc.to_dict()))
    missing = cli("show", "0123456789ab", "--db", str(sample_db))
    assert missing.exit_code == 1 and "no document" in missing.stderr


def test_show_of_a_duplicate_shows_the_document_it_repeats(sample_db):
    # the fifth input is an exact copy of the third: same id, one stored document
    accusation = sample_corpus()[2][0]
    out = cli("show", accusation.id[:12], "--db", str(sample_db)).stdout
    assert "also reported as a duplicate (exact, similarity 1.00): mirror/3.txt" in out


def test_show_an_event_with_every_report_merged_into_it(sample_db):
    r = cli("show", "1", "--db", str(sample_db))
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith("event #1  CONSULT/visit (CAMEO 042)  QuadClass 1 verbal cooperation")
    assert "who:   Ryosei Akazawa [JPN] → United States [USA]" in out
    assert "2 report(s) in 2 document(s) from 2 source(s)" in out
    assert "report 1 of 2" in out and "report 2 of 2" in out
    # the event's word marked in its sentence (brackets: no colours outside a terminal)
    assert "Ryosei Akazawa will [visit] Washington on May 1" in out
    data = json.loads(cli("show", "1", "--db", str(sample_db), "--format", "json").stdout)
    assert len(data["reports"]) == data["num_mentions"] == 2
    assert len({rep["document_id"] for rep in data["reports"]}) == 2


def test_show_a_measure_by_its_id(sample_db):
    doc = full_document()
    listed = cli("measures", "--db", str(sample_db), "--target", "Japan").stdout
    ident = listed.split()[-1]
    assert ident == f"{doc.id[:12]}/0"
    out = cli("show", ident, "--db", str(sample_db)).stdout
    assert out.startswith(f"measure {ident}  tariff 25% · conditional")
    assert "except:     trucks" in out and "if:         unless a deal is signed" in out
    missing = cli("show", f"{doc.id[:12]}/5", "--db", str(sample_db))
    assert missing.exit_code == 1 and "has no measure 5" in missing.stderr


def test_measures_command(sample_db):
    text = cli("measures", "--db", str(sample_db), "--target", "Japan").stdout
    (line,) = text.splitlines()
    assert line.startswith("tariff 25% · conditional · United States [USA] → Japan (except trucks)")
    assert "on cars · from 2025-05-01 · if: unless a deal is signed" in line
    out = cli("measures", "--db", str(sample_db), "--imposer", "CHN", "--format", "csv").stdout
    assert out.splitlines()[0].startswith("document_id,n,kind") and len(out.splitlines()) == 1


def test_stats_command(sample_db):
    text = cli("stats", "--db", str(sample_db)).stdout
    assert "items read 5 = documents 4 + duplicates 1 + rejects 0" in text
    assert "events by type: ACCUSE 1, ASSAULT 1, CONSULT 1" in text
    data = json.loads(cli("stats", "--db", str(sample_db), "--format", "json").stdout)
    assert data["rows"]["event_mentions"] == 4 and data["merged_events"] == 1


# -- export -------------------------------------------------------------------------------------


def test_export_gdelt_writes_61_tab_separated_columns(sample_db, tmp_path):
    out = tmp_path / "events.tsv"
    r = cli("export", "--format", "gdelt", str(out), "--db", str(sample_db))
    assert r.exit_code == 0, r.stderr
    records = [line.split("\t") for line in out.read_text().splitlines()]
    assert len(records) == 2 and {len(f) for f in records} == {len(GDELT_COLUMNS)} == {61}
    assert records[0][GDELT_COLUMNS.index("EventCode")] == "042"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_other_formats(sample_db, tmp_path, fmt):
    out = tmp_path / f"out-{fmt}"
    r = cli("export", "--format", fmt, str(out), "--db", str(sample_db))
    assert r.exit_code == 0, r.stderr
    if fmt == "jsonl":
        assert len(out.read_text().splitlines()) == 4
    else:
        assert (out / f"documents.{fmt}").exists() and (out / f"event_mentions.{fmt}").exists()
    assert "documents" in r.stderr or "out-jsonl" in r.stderr


# -- crash safety -----------------------------------------------------------------------------


def _stored_inputs(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # the schema is not there yet
        return 0


def test_a_killed_ingest_resumes_to_the_same_database(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, CRASH_DOCS)
    args = ("ingest", str(corpus), "--published", "2025-05-14")
    whole, crashed = tmp_path / "whole.db", tmp_path / "crashed.db"

    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", *args, "--db", str(crashed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while _stored_inputs(crashed) == 0 and time.monotonic() < deadline:
            assert proc.poll() is None, "ingest finished before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the process and anything it started
        proc.wait()
    stored = _stored_inputs(crashed)
    assert 0 < stored < CRASH_DOCS, stored

    resumed = run(*args, "--db", str(crashed))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{stored} already stored" in resumed.stderr
    complete = run(*args, "--db", str(whole))
    assert complete.returncode == 0, complete.stderr

    a, b = connect(crashed), connect(whole)
    assert a.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert content(a) == content(b)
    assert a.execute("SELECT count(*) FROM documents").fetchone()[0] == CRASH_DOCS
    for fmt in ("jsonl", "gdelt"):
        export(a, fmt, tmp_path / f"crashed.{fmt}")
        export(b, fmt, tmp_path / f"whole.{fmt}")
        assert (tmp_path / f"crashed.{fmt}").read_bytes() == (
            tmp_path / f"whole.{fmt}"
        ).read_bytes()
