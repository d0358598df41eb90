"""The measure tracker: one measure told by several documents, consolidated, with its timeline
and the stock in force on any date. Real pipeline, real SQLite files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.pipeline import analyze
from eventwire.store import tracker
from eventwire.store.export import export_measures
from eventwire.store.schema import connect
from eventwire.store.writer import Writer
from tests.store.builders import result

#: A story in four dispatches (written for the project): a US tariff on Canadian steel is
#: announced, takes effect, is raised, then suspended. A fifth dispatch reports Canada's
#: answer, which is another measure.
STORY = [
    ("2025-03-07", "The United States announced on Friday a 10% tariff on steel imports from "
                   "Canada, effective April 1."),
    ("2025-04-02", "A 10% American tariff on Canadian steel took effect on Tuesday, officials in "
                   "Washington said."),
    ("2025-05-10", "The U.S. raised its tariff on Canadian steel to 25 percent on Saturday."),
    ("2025-05-12", "Canada imposed a 25% tariff on American whiskey on Monday in retaliation."),
    ("2025-06-20", "The United States suspended its tariffs on Canadian steel on Friday after "
                   "talks in Ottawa."),
]  # fmt: skip


def _store(db: Path, story: list[tuple[str, str]], first: int = 0) -> None:
    conn = connect(db, create=True)
    writer = Writer(conn)
    for n, (date, text) in enumerate(story, start=first):
        writer.write_batch([result(f"dispatch-{n}", *analyze(text, date))])
    conn.close()


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("tracker") / "story.db"
    # Stored out of order: the timeline follows the dates, not the order of arrival.
    _store(db, [STORY[2], STORY[0], STORY[4], STORY[1], STORY[3]])
    return db


@pytest.fixture
def conn(story_db):
    connection = connect(story_db)
    yield connection
    connection.close()


def _steel(conn) -> dict:
    found = [m for m in tracker.tracked(conn) if m["imposer"] == "USA"]
    assert len(found) == 1, found
    full = tracker.history(conn, found[0]["id"])
    assert full is not None
    return full


def test_story_is_one_measure_with_its_timeline(conn) -> None:
    steel = _steel(conn)
    assert (steel["kind"], steel["target_ids"], steel["hs_codes"]) == ("tariff", "CAN", "72,73")
    assert steel["num_mentions"] == 4 and steel["num_documents"] == 4
    timeline = [(s["date"], s["change"], s["rate"]) for s in steel["states"]]
    assert timeline == [
        ("2025-03-07", "announced", 10.0),
        ("2025-04-01", "in_force", 10.0),
        ("2025-05-10", "raised", 25.0),
        ("2025-06-20", "suspended", 25.0),
    ]
    assert steel["status"] == "suspended"


def test_every_state_points_at_its_sentence(conn) -> None:
    for state in _steel(conn)["states"]:
        text = conn.execute(
            "SELECT text FROM documents WHERE id = ?", (state["document_id"],)
        ).fetchone()[0]
        assert text[state["sentence_start"] : state["sentence_end"]] == state["sentence"]
    raised = _steel(conn)["states"][2]
    assert "25 percent" in raised["sentence"]


def test_retaliation_is_a_measure_of_its_own(conn) -> None:
    canada = [m for m in tracker.tracked(conn) if m["imposer"] == "CAN"]
    assert len(canada) == 1
    assert (canada[0]["kind"], canada[0]["target_ids"], canada[0]["rate"]) == ("tariff", "USA", 25)
    assert canada[0]["hs_codes"] == "2208"


def test_stock_on_three_dates(conn) -> None:
    def stock(date: str, **filters: str) -> list[tuple[str, float | None, str | None]]:
        rows = tracker.in_force_on(conn, date, **filters)
        return [(r["imposer_country"], r["rate"], r["in_force_since"]) for r in rows]

    assert stock("2025-03-20") == []  # announced, not yet in force
    assert stock("2025-05-11") == [("USA", 25.0, "2025-04-01")]
    assert stock("2025-06-01") == [("USA", 25.0, "2025-04-01"), ("CAN", 25.0, "2025-05-12")]
    assert stock("2025-07-01") == [("CAN", 25.0, "2025-05-12")]  # the US tariff is suspended
    assert stock("2025-04-15") == [("USA", 10.0, "2025-04-01")]


def test_stock_filters(conn) -> None:
    def imposers(**filters: str) -> list[str]:
        return [r["imposer_country"] for r in tracker.in_force_on(conn, "2025-06-01", **filters)]

    assert imposers(product="steel") == ["USA"]
    assert imposers(product="72") == ["USA"]
    assert imposers(product="spirits") == ["CAN"]
    assert imposers(product="cars") == []
    assert imposers(target="can") == ["USA"]
    assert imposers(imposer="Canada") == ["CAN"]


def test_reingest_changes_nothing(story_db, tmp_path) -> None:
    conn = connect(story_db)
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
              for t in ("tracked_measures", "tracked_mentions", "tracked_states")}  # fmt: skip
    conn.close()
    _store(story_db, [STORY[0], STORY[4]])  # the same inputs: skipped by the writer
    conn = connect(story_db)
    tracker.consolidate(conn, range(1, 100))  # and consolidating again joins nothing twice
    after = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in before}
    conn.close()
    assert [list(map(tuple, rows)) for rows in after.values()] == [
        list(map(tuple, rows)) for rows in before.values()
    ]


def test_autos_and_passenger_cars_meet(tmp_path) -> None:
    db = tmp_path / "cars.db"
    _store(
        db,
        [
            ("2025-02-03", "Mexico imposed a 20% tariff on Chinese autos on Monday."),
            ("2025-02-10", "Mexico's 20% tariff on Chinese passenger cars hit sales this week."),
        ],
    )
    conn = connect(db)
    measures = tracker.tracked(conn)
    assert [(m["imposer"], m["hs_codes"], m["num_mentions"]) for m in measures] == [
        ("MEX", "8703", 2)
    ]
    conn.close()


def test_exports(conn, tmp_path) -> None:
    n = export_measures(conn, "jsonl", tmp_path / "m.jsonl", in_force_on="2025-06-01")
    lines = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert n == 2 and {m["imposer"] for m in lines} == {"USA", "CAN"}
    assert all(s["sentence"] for m in lines for s in m["states"])
    assert export_measures(conn, "csv", tmp_path / "m.csv") == 2
    rows = list(csv.DictReader((tmp_path / "m.csv").open()))
    assert [r["change"] for r in rows if r["imposer_country"] == "USA"] == [
        "announced", "in_force", "raised", "suspended"
    ]  # fmt: skip
    export_measures(conn, "parquet", tmp_path / "m.parquet")
    table = pq.read_table(tmp_path / "m.parquet")
    assert table.num_rows == len(rows)


def test_cli_stock_and_history(story_db) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["measures", "--db", str(story_db), "--in-force-on", "2025-05-11"])
    assert out.exit_code == 0, out.output
    assert "tariff 25%" in out.output and "since 2025-04-01" in out.output
    got = runner.invoke(
        main,
        ["measures", "--db", str(story_db), "--in-force-on", "2025-06-01", "--product", "whisky",
         "--format", "json"],
    )  # fmt: skip
    assert [r["imposer_country"] for r in json.loads(got.output)] == ["CAN"]
    conn = connect(story_db)
    steel = _steel(conn)["id"]
    conn.close()
    hist = runner.invoke(main, ["measures", "--db", str(story_db), "--history", str(steel)])
    assert hist.exit_code == 0
    assert hist.output.index("announced") < hist.output.index("raised 25%")
    assert "suspended" in hist.output
    bad = runner.invoke(main, ["measures", "--db", str(story_db), "--in-force-on", "May 5"])
    assert bad.exit_code == 2


def test_cli_export_measures_jsonl(story_db, tmp_path) -> None:
    """`eventwire export --measures`: one record per consolidated measure, with its timeline
    and the documents that report it."""
    out = tmp_path / "measures.jsonl"
    got = CliRunner().invoke(main, ["export", str(out), "--db", str(story_db), "--measures"])
    assert got.exit_code == 0, got.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    steel = next(r for r in records if r["imposer"] == "USA")
    changes = [s["change"] for s in steel["states"]]
    assert changes == ["announced", "in_force", "raised", "suspended"]
    assert steel["status"] == "suspended" and "merge_key" not in steel
    assert len(steel["sources"]) == len(set(steel["sources"])) == steel["num_documents"] == 4
    for s in steel["states"] + steel["mentions"]:
        assert s["document_id"] in steel["sources"] and s["sentence"]
    # the stock on a date: the US tariff was suspended on 2025-06-20
    stdout = CliRunner().invoke(
        main,
        ["export", "-", "--db", str(story_db), "--measures", "--in-force-on", "2025-06-25"],
    )
    assert stdout.exit_code == 0, stdout.output
    assert [json.loads(x)["imposer"] for x in stdout.stdout.splitlines()] == ["CAN"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_cli_export_measures_tables(story_db, tmp_path, fmt) -> None:
    """The same as three tables that join on the measure id, CSV or Parquet."""
    out = tmp_path / "tracked"
    got = CliRunner().invoke(
        main, ["export", str(out), "--db", str(story_db), "--measures", "--format", fmt]
    )
    assert got.exit_code == 0, got.output
    names = ["tracked_measures", "tracked_measure_states", "tracked_measure_mentions"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.{fmt}" for n in names)
    if fmt == "csv":
        tables = {n: list(csv.DictReader((out / f"{n}.csv").open(encoding="utf-8"))) for n in names}
    else:
        tables = {n: pq.read_table(out / f"{n}.parquet").to_pylist() for n in names}
    measures = {str(m["id"]): m for m in tables["tracked_measures"]}
    assert {m["imposer"] for m in measures.values()} == {"USA", "CAN"}
    usa = next(k for k, m in measures.items() if m["imposer"] == "USA")
    states = [s for s in tables["tracked_measure_states"] if str(s["measure_id"]) == usa]
    assert [s["change"] for s in states] == ["announced", "in_force", "raised", "suspended"]
    mentions = [m for m in tables["tracked_measure_mentions"] if str(m["measure_id"]) == usa]
    assert len(mentions) == int(measures[usa]["num_mentions"]) == 4
    assert {m["document_id"] for m in mentions} == set(measures[usa]["sources"].split())
    if fmt == "parquet":  # typed columns, not text
        assert isinstance(states[0]["n"], int) and isinstance(states[-1]["scheduled"], int)


def test_cli_export_measures_refuses_what_it_cannot_write(story_db, tmp_path) -> None:
    runner = CliRunner()
    db = ["--db", str(story_db)]
    gdelt = runner.invoke(main, ["export", str(tmp_path / "m.tsv"), *db, "--measures"])
    assert gdelt.exit_code == 2 and "not gdelt" in gdelt.output
    alone = runner.invoke(main, ["export", str(tmp_path / "x.jsonl"), *db, "--in-force-on",
                                 "2025-06-01"])  # fmt: skip
    assert alone.exit_code == 2 and "--measures" in alone.output
    bad = runner.invoke(main, ["export", "-", *db, "--measures", "--in-force-on", "June"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    assert not (tmp_path / "x.jsonl").exists()
    helped = runner.invoke(main, ["export", "--help"])
    assert "--measures" in helped.output and "tracked_measure_states" in helped.output
