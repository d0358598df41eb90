"""The writer: every field stored, duplicates recorded, events merged, nothing lost."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from eventwire import model
from eventwire.model import Document, InputResult, Mention, Reject
from eventwire.store.queries import load_document
from eventwire.store.schema import connect
from eventwire.store.writer import Writer, period_start
from tests.spans import assert_spans_exact
from tests.store.builders import add_event, article, full_document, result, span

WIRE_STORY = (
    "Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal, "
    "officials said. The talks covered tariffs on refined copper, a new rail link to the "
    "Pacific ports and the sharing of water from the mountain rivers both countries use."
)


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def conservation(conn: sqlite3.Connection) -> tuple[int, int]:
    items = conn.execute("SELECT coalesce(sum(items), 0) FROM inputs").fetchone()[0]
    return items, count(conn, "documents") + count(conn, "duplicates") + count(conn, "rejects")


# -- every field ------------------------------------------------------------------------------


def _set_fields(value: object, seen: set[tuple[str, str]]) -> None:
    """Record (class, field) for every field holding a non-default, non-empty value."""
    if isinstance(value, list):
        for v in value:
            _set_fields(v, seen)
        return
    if not dataclasses.is_dataclass(value):
        return
    for f in dataclasses.fields(value):
        v = getattr(value, f.name)
        if v not in (None, [], "") and not (f.name == "modality" and v == "asserted"):
            seen.add((type(value).__name__, f.name))
        _set_fields(v, seen)


def test_the_test_document_fills_every_field_of_the_model():
    # Guards the round-trip test below: a field added to model.py without a value here (and
    # a column in the schema) fails this test first.
    seen: set[tuple[str, str]] = set()
    _set_fields(full_document(), seen)
    stored = {
        model.Document, model.Published, model.Span, model.Mention, model.Entity,
        model.TimeExpr, model.Quantity, model.Actor, model.Event, model.Measure,
    }  # fmt: skip
    expected = {(c.__name__, f.name) for c in stored for f in dataclasses.fields(c)}
    assert expected - seen == set()


def test_a_document_reads_back_exactly_as_written(conn):
    doc = full_document()
    assert_spans_exact(doc)
    Writer(conn).write_batch([result("one.html", doc)])
    back = load_document(conn, doc.id)
    assert back.to_dict() == doc.to_dict()
    assert_spans_exact(back)


def test_spans_are_character_offsets_sqlite_substr_agrees_with(conn):
    doc = article("Über den Fluss: the Zürich talks on 5 June — “tariffs” stay, Schön said.")
    doc.mentions = [Mention(span(doc, "Zürich"), "GPE"), Mention(span(doc, "Schön"), "PERSON")]
    Writer(conn).write_batch([result("a", doc)])
    rows = conn.execute(
        "SELECT m.text, substr(d.text, m.start_char + 1, m.end_char - m.start_char)"
        " FROM mentions m JOIN documents d ON d.seq = m.document_seq"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("Zürich", "Zürich"), ("Schön", "Schön")]


# -- inputs, duplicates, rejects ---------------------------------------------------------


def test_an_input_row_counts_what_became_of_its_documents(conn):
    page = article(WIRE_STORY)
    headline = Document(text="Chile and Peru agree on copper exports", kind="headline")
    rejects = [Reject("page.txt", "analyze", "parse failed")]
    stats = Writer(conn).write_batch([result("page.txt", page, headline, page, rejects=rejects)])
    row = conn.execute("SELECT items, documents, duplicates, rejects FROM inputs").fetchone()
    assert tuple(row) == (4, 2, 1, 1)
    assert (stats.documents, stats.exact_duplicates, stats.rejected) == (2, 1, 1)
    assert conservation(conn) == (4, 4)


def test_an_exact_duplicate_is_linked_to_the_first_stored_document(conn):
    writer = Writer(conn)
    first = article(WIRE_STORY, source="a.txt")
    again = article("  " + WIRE_STORY.replace(" ", "  ") + "\n", source="b.txt")
    assert again.id == first.id  # the same text up to whitespace
    writer.write_batch([result("a.txt", first)])
    stats = writer.write_batch([result("b.txt", again)])
    assert stats.exact_duplicates == 1 and stats.documents == 0
    dup = conn.execute(
        "SELECT document_id, duplicate_id, kind, source FROM duplicates_view"
    ).fetchone()
    assert tuple(dup) == (first.id, first.id, "exact", "b.txt")
    assert count(conn, "documents") == 1


def test_a_near_duplicate_is_linked_with_its_similarity(conn):
    writer = Writer(conn)
    first = article(WIRE_STORY, source="wire.txt")
    copy = article(WIRE_STORY.replace("on Monday", "on Tuesday"), source="copy.txt")
    other = article(
        "Heavy rain closed three mountain passes overnight and the regional government "
        "advised drivers to avoid the northern highway until the weekend.",
        source="weather.txt",
    )
    stats = writer.write_batch(
        [result("wire", first), result("copy", copy), result("other", other)]
    )
    assert (stats.documents, stats.near_duplicates) == (2, 1)
    kind, linked, own, similarity = conn.execute(
        "SELECT kind, document_id, duplicate_id, similarity FROM duplicates_view"
    ).fetchone()
    assert (kind, linked, own) == ("near", first.id, copy.id)
    assert 0.8 <= similarity < 1.0


def test_a_later_run_sees_the_documents_of_an_earlier_one(tmp_path):
    path = tmp_path / "runs.db"
    conn = connect(path, create=True)
    Writer(conn).write_batch([result("wire", article(WIRE_STORY))])
    conn.close()
    conn = connect(path)
    stats = Writer(conn).write_batch(
        [result("copy", article(WIRE_STORY.replace("officials said", "officials told reporters")))]
    )
    assert stats.near_duplicates == 1


def test_the_threshold_decides_what_is_near(tmp_path):
    copy = article(WIRE_STORY.replace("on Monday", "on Tuesday"))
    conn = connect(tmp_path / "strict.db", create=True)
    writer = Writer(conn, threshold=0.99)
    stats = writer.write_batch([result("wire", article(WIRE_STORY)), result("copy", copy)])
    assert (stats.documents, stats.near_duplicates) == (2, 0)


def test_a_document_the_database_refuses_becomes_a_store_reject_and_the_batch_goes_on(conn):
    bad = article("A broken annotation is stored as a reject, not as a crash.")
    bad.mentions = [Mention(span(bad, "broken"), None)]  # type: ignore[arg-type]  # NOT NULL
    good = article(WIRE_STORY)
    stats = Writer(conn).write_batch([result("bad", bad), result("good", good)])
    assert stats.documents == 1
    assert [stage for stage, _ in stats.rejects] == ["store"]
    stage, reason = conn.execute("SELECT stage, reason FROM rejects").fetchone()
    assert stage == "store" and "NOT NULL" in reason
    # the savepoint undid the half-written document, mentions included
    assert count(conn, "documents") == 1 and count(conn, "mentions") == 0
    assert conservation(conn) == (2, 2)


def test_a_document_refused_after_its_events_leaves_no_event_behind(conn):
    doc = full_document()
    doc.measures[0].status = None  # type: ignore[assignment]  # NOT NULL, written after events
    stats = Writer(conn).write_batch([result("full", doc)])
    assert (stats.documents, stats.rejected, stats.events_new, stats.event_mentions) == (0, 1, 0, 0)
    assert count(conn, "events") == 0 and count(conn, "event_mentions") == 0


def test_a_failing_batch_leaves_nothing_behind(conn):
    writer = Writer(conn)
    writer.write_batch([result("first", article(WIRE_STORY))])
    broken = InputResult("second", "h", documents=[article("Text without a signature.")])
    with pytest.raises(ValueError):
        writer.write_batch([result("fine", article("A fine document in a doomed batch.")), broken])
    assert count(conn, "inputs") == 1 and count(conn, "documents") == 1


def test_an_input_already_stored_is_skipped(conn):
    writer = Writer(conn)
    writer.write_batch([result("page", article(WIRE_STORY))])
    assert writer.is_stored("page", "hash-of-page")
    stats = writer.write_batch([result("page", article(WIRE_STORY))])
    assert (stats.skipped, stats.inputs) == (1, 0)
    assert count(conn, "inputs") == 1 and count(conn, "duplicates") == 0


def test_an_input_rejected_whole_is_one_item(conn):
    Writer(conn).write_batch(
        [InputResult("gone.txt", "", rejects=[Reject("gone.txt", "ingest", "no such file")])]
    )
    assert conservation(conn) == (1, 1)
    assert tuple(conn.execute("SELECT source, items, rejects FROM inputs").fetchone()) == (
        "gone.txt",
        1,
        1,
    )


# -- events merged across documents -----------------------------------------------------


def _visit(text: str, source: str, url: str | None, published: str = "2025-05-14") -> Document:
    doc = article(text, url=url, source=source, published=published)
    add_event(
        doc,
        "visited",
        "CONSULT",
        ("Akazawa", "Ryosei Akazawa", "JPN"),
        ("Washington", "United States", "USA"),
        cameo="042",
    )
    return doc


def test_reports_of_one_event_merge_with_gdelt_counts_and_keep_their_provenance(conn):
    a = _visit("Akazawa visited Washington for talks on Wednesday.", "a", "https://one.example/a")
    b = _visit("Trade envoy Akazawa visited Washington, aides said.", "b", "https://two.example/b")
    c = _visit("In a short trip, Akazawa visited Washington.", "c", "https://www.two.example/c")
    # the same document reporting it twice is two mentions of one article
    add_event(
        c,
        "trip",
        "CONSULT",
        ("Akazawa", "Ryosei Akazawa", "JPN"),
        ("Washington", "United States", "USA"),
    )
    stats = Writer(conn).write_batch([result("a", a), result("b", b), result("c", c)])
    assert (stats.events_new, stats.event_mentions) == (1, 4)
    (event,) = conn.execute("SELECT * FROM events_view").fetchall()
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (4, 3, 2)
    assert (event["document_id"], event["date"]) == (a.id, "2025-05-14")
    provenance = conn.execute(
        "SELECT document_id, n, trigger_start, trigger_end, trigger_text, sentence_start,"
        " sentence_end FROM event_mentions_view WHERE event_id = ? ORDER BY document_seq, n",
        (event["id"],),
    ).fetchall()
    expected = [
        (d.id, n, e.trigger.start, e.trigger.end, e.trigger.text, e.sentence.start, e.sentence.end)
        for d in (a, b, c)
        for n, e in enumerate(d.events)
    ]
    assert [tuple(r) for r in provenance] == expected


def test_events_on_other_days_or_between_other_actors_stay_apart(conn):
    monday = _visit("Akazawa visited Washington again.", "a", None, published="2025-05-12")
    tuesday = _visit("Akazawa visited Washington once more.", "b", None, published="2025-05-13")
    other = article("Akazawa visited Ottawa on the way home.", source="c")
    add_event(
        other,
        "visited",
        "CONSULT",
        ("Akazawa", "Ryosei Akazawa", "JPN"),
        ("Ottawa", "Canada", "CAN"),
    )
    Writer(conn).write_batch([result("a", monday), result("b", tuesday), result("c", other)])
    assert count(conn, "events") == 3


def test_an_event_in_the_texts_own_date_merges_with_one_on_that_publication_date(conn):
    dated = article("On May 13 Akazawa visited Washington.", source="a", published="2025-05-20")
    add_event(
        dated,
        "visited",
        "CONSULT",
        ("Akazawa", "Ryosei Akazawa", "JPN"),
        ("Washington", "United States", "USA"),
        date=("May 13", "2025-05-13"),
    )
    same_day = _visit("Akazawa visited Washington today.", "b", None, published="2025-05-13")
    Writer(conn).write_batch([result("a", dated), result("b", same_day)])
    rows = conn.execute("SELECT date, num_articles FROM events").fetchall()
    assert [tuple(r) for r in rows] == [("2025-05-13", 2)]


def test_events_without_a_known_date_never_merge(conn):
    a = _visit("Akazawa visited Washington.", "a", None, published=None)
    b = _visit("Akazawa visited Washington, his office said.", "b", None, published=None)
    Writer(conn).write_batch([result("a", a), result("b", b)])
    assert tuple(conn.execute("SELECT count(*), max(num_mentions) FROM events").fetchone()) == (
        2,
        1,
    )
    assert [r[0] for r in conn.execute("SELECT merge_key FROM events")] == [None, None]


def test_an_event_actor_takes_country_and_sectors_from_its_entity(conn):
    doc = full_document()
    doc.events[0].actor2.country = None  # type: ignore[union-attr]
    doc.events[0].actor2.name = None  # type: ignore[union-attr]
    Writer(conn).write_batch([result("full", doc)])
    row = conn.execute("SELECT actor2_name, actor2_country, actor2_key FROM events").fetchone()
    assert tuple(row) == ("United States", "USA", "USA")


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("2025-05-14", "2025-05-14"),
        ("2025-05-14T09:30", "2025-05-14"),
        ("2025-05", "2025-05-01"),
        ("2025", "2025-01-01"),
        ("2025-W21", "2025-05-19"),
        ("2025-Q3", "2025-07-01"),
        ("2025-H2", "2025-07-01"),
        ("XXXX-04-02", None),
        ("P2Y", None),
        ("2025-02-30", None),
        (None, None),
    ],
)
def test_period_start_is_the_first_day_a_date_names(value, start):
    assert period_start(value) == start


def test_event_counts_add_up_across_batches_and_runs(tmp_path):
    path = tmp_path / "runs.db"
    conn = connect(path, create=True)
    one = _visit("Akazawa visited Washington.", "a", "https://one.example/a")
    two = _visit("Akazawa visited Washington, officials said.", "b", "https://one.example/b")
    Writer(conn).write_batch([result("a", one)])
    Writer(conn).write_batch([result("b", two)])
    conn.close()
    conn = connect(path)
    three = _visit("Envoy Akazawa visited Washington.", "c", None)
    Writer(conn).write_batch([result("c", three)])
    row = conn.execute("SELECT num_mentions, num_articles, num_sources FROM events").fetchone()
    assert tuple(row) == (3, 3, 2)  # one.example twice; the third counts by its source
    sources = [r[0] for r in conn.execute("SELECT source FROM event_sources ORDER BY source")]
    assert sources == ["c", "one.example"]
