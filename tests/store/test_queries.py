"""The read queries the CLI and the web server share, on a database of known content."""

from __future__ import annotations

import pytest

from eventwire.store import queries
from eventwire.store.queries import NotFound
from eventwire.store.writer import Writer
from tests.store.builders import add_event, article, full_document, result, sample_corpus


def _types(rows) -> list[str]:
    return [r["type"] for r in rows]


def test_events_are_merged_newest_first_with_their_first_report(filled):
    rows = queries.events(filled)
    assert _types(rows) == ["ASSAULT", "ACCUSE", "CONSULT"]
    consult = rows[2]
    assert (consult["num_mentions"], consult["num_articles"], consult["num_sources"]) == (2, 2, 2)
    assert consult["document_id"] == full_document().id
    assert consult["sentence"].startswith("Japan's trade envoy Ryosei Akazawa will visit")
    assert consult["actor1_name"] == "Ryosei Akazawa" and consult["actor2_country"] == "USA"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "akazawa"}, ["CONSULT"]),
        ({"actor": "japan"}, ["ACCUSE"]),
        ({"country": "jpn"}, ["ACCUSE", "CONSULT"]),
        ({"type": "accuse"}, ["ACCUSE"]),
        ({"type": "04"}, ["CONSULT"]),  # a CAMEO prefix
        ({"mode": "visit"}, ["CONSULT"]),
        ({"modality": "negated"}, ["ASSAULT"]),
        ({"modality": "planned"}, ["CONSULT"]),
        ({"since": "2025-05-03"}, ["ASSAULT", "ACCUSE"]),
        ({"until": "2025-05-03"}, ["ACCUSE", "CONSULT"]),
        ({"since": "2025-05", "until": "2025-05-01"}, ["CONSULT"]),
        ({"until": "2024"}, []),
        ({"country": "CHN", "type": "CONSULT"}, []),
    ],
)
def test_event_filters(filled, filters, expected):
    assert _types(queries.events(filled, **filters)) == expected


def test_events_of_one_document_include_merged_ones_it_reports(filled):
    second = sample_corpus()[1][0]
    assert _types(queries.events(filled, doc=second.id[:10])) == ["CONSULT"]


def test_event_reports_list_every_document_and_sentence(filled):
    (consult,) = queries.events(filled, type="CONSULT")
    reports = queries.event_reports(filled, consult["id"])
    assert len(reports) == 2
    assert {r["document_url"] for r in reports} == {
        "https://www.example.com/news/1",
        "https://news.example.org/akazawa",
    }
    for r in reports:
        assert r["trigger_text"] == "visit"
        assert "visit" in r["sentence"]


def test_limit_caps_and_zero_means_all(filled):
    assert len(queries.events(filled, limit=1)) == 1
    assert len(queries.events(filled, limit=0)) == 3


def test_entities_are_grouped_across_documents(filled):
    rows = queries.entities(filled)
    akazawa = next(r for r in rows if r["name"] == "Ryosei Akazawa")
    assert (akazawa["documents"], akazawa["mentions"], akazawa["country"]) == (2, 2, "JPN")
    assert akazawa["title"] == "trade envoy" and akazawa["key"] == "akazawa"
    assert rows[0]["documents"] >= rows[-1]["documents"]
    assert [r["name"] for r in queries.entities(filled, type="org")] == ["Mazda"]
    assert {r["name"] for r in queries.entities(filled, country="CHN")} == {"China"}
    assert [r["name"] for r in queries.entities(filled, name="mazd")] == ["Mazda"]


def test_search_ranks_matches_and_marks_them(filled):
    rows = queries.search(filled, "tariff", mark=("<", ">"))
    assert [r["title"] for r in rows] == ["Akazawa to visit Washington"]
    assert "<tariff>" in rows[0]["snippet"]
    # porter stemming: "tariffs" finds "tariff"; a phrase; a prefix; boolean operators
    assert len(queries.search(filled, "tariffs")) == 1
    assert len(queries.search(filled, '"foreign ministry"')) == 1
    assert len(queries.search(filled, "provoc*")) == 1
    assert len(queries.search(filled, "Akazawa OR Odesa")) == 3
    assert queries.search(filled, "Akazawa NOT Washington") == []


def test_search_reads_text_that_is_not_fts_syntax_as_words(filled):
    assert queries.search(filled, "US-Japan") == []  # FTS5 would read "-Japan" as a column
    assert len(queries.search(filled, "China's")) == 1


def test_measures_filter_by_imposer_and_target(filled):
    (row,) = queries.measures(filled)
    assert (row["kind"], row["rate"], row["status"]) == ("tariff", 25.0, "conditional")
    assert (row["targets"], row["exceptions"], row["products"]) == ("Japan", "trucks", "cars")
    assert row["condition_text"] == "unless a deal is signed"
    assert len(queries.measures(filled, imposer="united states")) == 1
    assert len(queries.measures(filled, imposer="USA", target="jpn")) == 1
    assert len(queries.measures(filled, target="Japan", kind="tariff")) == 1
    assert queries.measures(filled, target="Canada") == []
    assert queries.measures(filled, imposer="Japan") == []


def test_stats_count_everything_and_balance(filled):
    s = queries.stats(filled)
    rows = s["rows"]
    assert (rows["inputs"], rows["documents"], rows["duplicates"]) == (5, 4, 1)
    assert (rows["events"], rows["event_mentions"], rows["measures"]) == (3, 4, 1)
    assert s["items"] == rows["documents"] + rows["duplicates"] + rows["rejects"]
    assert s["duplicates_by_kind"] == {"exact": 1}
    assert s["merged_events"] == 1
    assert s["published_range"] == ["2025-05-04", "2025-05-14"]
    assert s["up_to_date"] and s["size_bytes"] > 0


def test_document_ids_resolve_from_a_prefix(filled):
    full = full_document()
    assert queries.resolve_document_id(filled, full.id[:12]) == full.id
    assert queries.resolve_document_id(filled, full.id.upper()[:8]) == full.id
    with pytest.raises(NotFound, match="no document"):
        queries.resolve_document_id(filled, "0000000000")
    with pytest.raises(NotFound, match="not a document id"):
        queries.resolve_document_id(filled, "tariffs")


def test_an_ambiguous_prefix_asks_for_more(conn):
    a = article("One text.", source="a")
    b = article("Another text.", source="b")
    a.id, b.id = "abcd" + "1" * 60, "abcd" + "2" * 60
    Writer(conn).write_batch([result("a", a), result("b", b)])
    with pytest.raises(NotFound, match="more than one"):
        queries.resolve_document_id(conn, "abcd")
    assert queries.resolve_document_id(conn, "abcd1") == a.id


def test_a_near_duplicates_id_resolves_to_the_document_it_repeats(conn):
    text = (
        "The central bank kept its main rate unchanged on Thursday and said inflation would "
        "return to target next year as energy prices ease and wage growth slows, while "
        "lenders reported that demand for mortgages had picked up for a second month."
    )
    first, near = article(text), article(text.replace("Thursday", "Wednesday"))
    Writer(conn).write_batch([result("a", first), result("b", near)])
    assert queries.resolve_document_id(conn, near.id[:12]) == first.id


def test_loading_an_unknown_document_raises(filled):
    with pytest.raises(NotFound):
        queries.load_document(filled, "f" * 64)


def test_a_week_counts_from_its_first_day_in_date_filters(conn):
    doc = article("Trade ministers will meet in Geneva next week to restart the talks.")
    add_event(
        doc,
        "meet",
        "CONSULT",
        ("Trade ministers", "ministers", "CHE"),
        date=("next week", "2025-W21"),
    )
    Writer(conn).write_batch([result("a", doc)])
    (row,) = queries.events(conn)
    assert (row["date"], row["start_date"]) == ("2025-W21", "2025-05-19")
    assert len(queries.events(conn, since="2025-05-19", until="2025-05")) == 1
    assert queries.events(conn, since="2025-06") == []


# -- the actor summaries of schema version 6 (actor_days, actor_pairs) ---------------------

# What the summaries replace: an actor's counts and partners computed from the events rows.
_OLD_COUNTS = (
    "SELECT {period} AS period, k AS key, count(*) AS count FROM ("
    "SELECT e.start_date AS d, e.{key} AS k FROM events e"
    " WHERE e.actor1_{field} = ? AND e.start_date IS NOT NULL{rest}"
    " UNION ALL SELECT e.start_date, e.{key} FROM events e"
    " WHERE e.actor2_{field} = ? AND e.actor1_{field} IS NOT ? AND e.start_date IS NOT NULL{rest})"
    " GROUP BY period, key ORDER BY period, key"
)
_OLD_PARTNERS = (
    "SELECT {other}_name AS name, max({other}_country) AS country, count(*) AS events,"
    " sum(quad_class = 1) AS q1, sum(quad_class = 2) AS q2, sum(quad_class = 3) AS q3,"
    " sum(quad_class = 4) AS q4 FROM events WHERE {mine}_name = ? AND {other}_name IS NOT NULL"
    " GROUP BY {other}_name ORDER BY events DESC, name LIMIT 20"
)
_NAMES = ("Japan", "China", "Ryosei Akazawa", "Wang Yi", None)
_COUNTRIES = ("JPN", "CHN", "USA", None)
_DATES = ("2025-05-01", "2025-05-02", "2025-06-30", "2024-12-31", "XXXX-05-14", None)


def _random_events(conn, rng, n: int, first_id: int = 1) -> None:
    """`n` events with every kind of value the summaries must count: missing names,
    countries, QuadClasses and dates, dates of unknown year, one actor on both sides."""
    if conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0:
        conn.execute(
            "INSERT INTO inputs (id, source, content_hash, items, documents, duplicates,"
            " rejects, ingested_at) VALUES (1, 's', 'h', 1, 1, 0, 0, '2025-01-01')"
        )
        conn.execute(
            "INSERT INTO documents (seq, id, kind, text, published_origin, input_id, position)"
            " VALUES (1, 'd1', 'article', 'x', 'metadata', 1, 0)"
        )
    for i in range(first_id, first_id + n):
        name1, name2 = rng.choice(_NAMES), rng.choice(_NAMES)
        day = rng.choice(_DATES)
        conn.execute(
            "INSERT INTO events (id, type, quad_class, actor1_name, actor1_country, actor2_name,"
            " actor2_country, date, start_date, first_document_seq, first_mention_n)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0)",
            (i, rng.choice(("CONSULT", "ACCUSE", "AID")), rng.choice((1, 2, 3, 4, None)),
             name1, rng.choice(_COUNTRIES), name2, rng.choice(_COUNTRIES), day, day),
        )  # fmt: skip


def _assert_summaries_answer_as_events(conn) -> None:
    for field, values in (("name", _NAMES[:-1]), ("country", _COUNTRIES[:-1])):
        param = "actor_name" if field == "name" else "country"
        for value in values:
            for interval in ("day", "week", "month", "year"):
                for by in ("quad_class", "type"):
                    for extra, where, args in (
                        ({}, "", []),
                        ({"type": "aid"}, " AND e.type = ?", ["AID"]),
                        ({"quad_class": 3}, " AND e.quad_class = ?", [3]),
                        ({"since": "2025-05-02", "until": "2025-06"},
                         " AND e.start_date >= ? AND e.start_date < ?",
                         ["2025-05-02", "2025-06\U0010ffff"]),
                    ):  # fmt: skip
                        old = conn.execute(
                            _OLD_COUNTS.format(
                                period=queries.PERIODS[interval].format(d="d"),
                                key=by, field=field, rest=where,
                            ),
                            [value, *args, value, value, *args],
                        ).fetchall()  # fmt: skip
                        new = queries.event_counts(
                            conn, interval=interval, by=by, **{param: value}, **extra
                        )
                        assert [tuple(r.values()) for r in new] == [tuple(r) for r in old], (
                            field, value, interval, by, extra,
                        )  # fmt: skip
    for name in _NAMES[:-1]:
        try:
            summary = queries.actor_summary(conn, name)
        except NotFound:
            assert not conn.execute(
                "SELECT 1 FROM events WHERE ? IN (actor1_name, actor2_name)", (name,)
            ).fetchall()
            continue
        for key, mine, other in (("acts_on", "actor1", "actor2"),
                                 ("acted_on_by", "actor2", "actor1")):  # fmt: skip
            old = conn.execute(_OLD_PARTNERS.format(mine=mine, other=other), (name,))
            assert summary[key] == [dict(r) for r in old], (name, key)


def test_actor_summaries_answer_what_the_events_answer(conn):
    import random

    rng = random.Random(13)
    _random_events(conn, rng, 400)
    _assert_summaries_answer_as_events(conn)
    assert conn.execute("SELECT count(*) FROM actor_days").fetchone()[0] > 50
    # Updates of counted columns move an event between rows; other columns change nothing.
    conn.execute(
        "UPDATE events SET start_date = '2025-05-02', actor2_name = actor1_name,"
        " actor2_country = actor1_country, quad_class = NULL WHERE id % 7 = 0"
    )
    conn.execute("UPDATE events SET type = 'AID', actor1_country = 'USA' WHERE id % 5 = 0")
    conn.execute("UPDATE events SET num_mentions = num_mentions + 1")
    _assert_summaries_answer_as_events(conn)
    conn.execute("DELETE FROM events WHERE id % 3 = 0")
    _assert_summaries_answer_as_events(conn)
    # Every event of a pair deleted: the pair is gone from the partners.
    conn.execute("DELETE FROM events WHERE actor1_name = 'Wang Yi' OR actor2_name = 'Wang Yi'")
    _assert_summaries_answer_as_events(conn)
    assert all(p["name"] != "Wang Yi" for p in queries.actor_summary(conn, "Japan")["acts_on"])


def test_the_version_6_migration_builds_the_summaries_of_existing_events(tmp_path):
    import random
    import sqlite3

    from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION, connect, version

    path = tmp_path / "v5.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.executescript("BEGIN; " + " ".join(MIGRATIONS[:5]) + " PRAGMA user_version = 5; COMMIT;")
    _random_events(raw, random.Random(6), 300)
    raw.close()
    conn = connect(path)
    assert version(conn) == SCHEMA_VERSION == 6
    _assert_summaries_answer_as_events(conn)
    # ... and the triggers keep them from there.
    _random_events(conn, random.Random(7), 100, first_id=301)
    _assert_summaries_answer_as_events(conn)


def test_the_stock_query_answers_what_the_tracker_answers(conn):
    """measures_in_force (one query over every measure's states) against tracker.in_force_on
    (each measure's timeline read and walked) on random timelines: suspensions, removals,
    rate changes, undated and talk-only states, several dates and filters."""
    import random

    from eventwire.store import tracker

    rng = random.Random(12)
    _random_events(conn, rng, 0)  # the document the rows point at
    statuses = ("announced", "in_force", "in_force", "suspended", "removed", "threatened")
    days = ("2025-01-10", "2025-02-01", "2025-03-15", "2025-03-15", "2025-05-01", None)
    for mid in range(1, 41):
        imposer, target = rng.choice(("USA", "CHN", "EU")), rng.choice(("JPN", "MEX", "CAN"))
        conn.execute(
            "INSERT INTO tracked_measures (id, merge_key, kind, imposer, imposer_name,"
            " imposer_country, target_ids, targets, products, hs_codes, status,"
            " num_mentions, num_documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 1, 1)",
            (mid, f"k{mid}", rng.choice(("tariff", "quota")), imposer, imposer.title(),
             imposer, target, target.title(), rng.choice(("cars", "steel")),
             rng.choice(("8703", "72,73")), ),
        )  # fmt: skip
        states = sorted(
            ((rng.choice(days), rng.choice(statuses), rng.choice((None, 10.0, 25.0)))
             for _ in range(rng.randrange(1, 6))),
            key=lambda s: (s[0] is None, s[0] or ""),
        )  # fmt: skip
        for n, (day, status, rate) in enumerate(states):
            conn.execute(
                "INSERT INTO tracked_states (measure_id, n, date, status, change, rate,"
                " scheduled, reports, document_seq, measure_n, sentence_start, sentence_end)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, 1, 1, 0, 0, 1)",
                (mid, n, day, status, status, rate),
            )
            conn.execute(
                "INSERT INTO tracked_mentions (document_seq, measure_n, measure_id, date,"
                " date_basis, status, rate, sentence_start, sentence_end)"
                " VALUES (1, ?, ?, ?, 'published', ?, ?, 0, 1)",
                (mid * 10 + n, mid, day, status, rate),
            )
    seen = 0
    for day in ("2025-01-01", "2025-02-15", "2025-03-15", "2025-04-01", "2026-01-01"):
        for filters in ({}, {"imposer": "usa"}, {"target": "Mex"}, {"product": "87"},
                        {"kind": "quota"}):  # fmt: skip
            expected = tracker.in_force_on(conn, day, **filters)
            got, total = queries.measures_in_force(conn, day, limit=None, **filters)
            assert [{k: r[k] for k in r if k != "status"} for r in got] == expected
            assert total == len(expected)
            seen += len(expected)
            page, _ = queries.measures_in_force(conn, day, offset=1, limit=2, **filters)
            assert [r["id"] for r in page] == [r["id"] for r in expected[1:3]]
    assert seen > 20
