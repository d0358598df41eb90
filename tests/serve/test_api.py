"""The REST API over HTTP, against a real uvicorn server and a real SQLite file."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import pytest

from eventwire import settings
from eventwire.serve.app import SECURITY_HEADERS
from eventwire.store.queries import load_document
from eventwire.store.schema import connect
from eventwire.store.writer import Writer
from tests.serve.conftest import XSS_TEXT, Server, start_server
from tests.store.builders import article, result


def doc_id(server: Server, words: str) -> str:
    with sqlite3.connect(server.db) as conn:
        return conn.execute(
            "SELECT id FROM documents WHERE instr(text, ?) ORDER BY seq LIMIT 1", (words,)
        ).fetchone()[0]


def test_stats_count_what_the_database_holds(server: Server):
    body = server.client.get("/api/stats").json()
    with sqlite3.connect(server.db) as conn:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert body["rows"]["events"] == events and body["rows"]["documents"] == documents
    assert body["rows"]["duplicates"] == 1  # the mirror copy of the accusation


def test_every_response_carries_the_security_headers(server: Server):
    for path in ("/api/stats", "/", "/static/app.js", "/api/nothing-here"):
        r = server.client.get(path)
        assert r.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_events_newest_first_with_their_first_report(server: Server):
    items = server.client.get("/api/events").json()["items"]
    dates = [e["start_date"] for e in items if e["start_date"]]
    assert dates == sorted(dates, reverse=True)
    consult = next(e for e in items if e["type"] == "CONSULT")
    assert consult["num_articles"] == 2 and consult["num_sources"] == 2
    assert consult["actor1_name"] == "Ryosei Akazawa" and consult["actor2_country"] == "USA"
    assert "will visit Washington" in consult["sentence"]


@pytest.mark.parametrize(
    ("params", "expected_types"),
    [
        ({"country": "chn"}, {"ACCUSE"}),
        ({"type": "ACCUSE"}, {"ACCUSE"}),
        ({"type": "04"}, {"CONSULT"}),  # a CAMEO prefix
        ({"actor": "akazawa"}, {"CONSULT"}),
        ({"modality": "negated"}, {"ASSAULT"}),
        ({"since": "2025-05-02", "until": "2025-05-31"}, {"ACCUSE", "ASSAULT"}),
        ({"until": "2025-05"}, {"CONSULT", "ACCUSE", "ASSAULT"}),
    ],
)
def test_event_filters_narrow_the_list(server: Server, params, expected_types):
    items = server.client.get("/api/events", params=params).json()["items"]
    assert items and {e["type"] for e in items} <= set(expected_types)
    assert len(items) < server.client.get("/api/stats").json()["rows"]["events"]


def test_event_pages_follow_one_another_without_overlap(server: Server):
    total = server.client.get("/api/stats").json()["rows"]["events"]
    seen, url = [], "/api/events?limit=2&sort=id&order=asc"
    while url:
        body = server.client.get(url).json()
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        url = body["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == total


def test_events_sort_by_goldstein_and_reports(server: Server):
    asc = server.client.get("/api/events?sort=mentions&order=asc").json()["items"]
    mentions = [e["num_mentions"] for e in asc]
    assert mentions == sorted(mentions) and mentions[-1] == 2


def test_counts_per_period_add_up_to_the_dated_events(server: Server):
    body = server.client.get("/api/events/counts?interval=month&by=type").json()
    with sqlite3.connect(server.db) as conn:
        dated = conn.execute("SELECT count(*) FROM events WHERE start_date IS NOT NULL").fetchone()
    assert sum(c["count"] for c in body["counts"]) == dated[0]
    assert {c["period"] for c in body["counts"]} == {"2025-05", "2025-06"}
    weekly = server.client.get("/api/events/counts?interval=week").json()["counts"]
    # Weeks are named by their Monday: May 1 (Thu) and 3 (Sat) fall in the week of Apr 28.
    assert {c["period"] for c in weekly} == {"2025-04-28", "2025-05-05", "2025-05-12", "2025-06-02"}
    # A filter the per-day table cannot answer goes to the events table: same meaning.
    jpn = server.client.get("/api/events/counts?interval=year&country=JPN").json()["counts"]
    assert sum(c["count"] for c in jpn) == 4  # visit, two accusations, the raise


def test_one_event_has_every_report(server: Server):
    body = server.client.get("/api/events/1").json()
    assert body["type"] == "CONSULT" and len(body["reports"]) == 2
    assert {r["document_title"] for r in body["reports"]} == {
        "Akazawa to visit Washington",
        "Envoy confirms trip",
    }
    assert server.client.get("/api/events/999999").status_code == 404


def test_a_document_is_its_analyze_json_plus_duplicates(server: Server):
    full = doc_id(server, "accused Japan of provocation")
    body = server.client.get(f"/api/documents/{full[:10]}").json()
    conn = connect(server.db)
    expected = load_document(conn, full).to_dict()
    conn.close()
    duplicates = body.pop("duplicates")
    assert body == expected
    assert [d["source"] for d in duplicates] == ["mirror/3.txt"]


def test_documents_list_and_search_with_snippets(server: Server):
    listing = server.client.get("/api/documents?limit=3").json()
    assert len(listing["items"]) == 3 and listing["next"]
    rest = server.client.get(listing["next"]).json()["items"]
    assert not {d["id"] for d in listing["items"]} & {d["id"] for d in rest}
    found = server.client.get("/api/documents", params={"q": "tariff"}).json()["items"]
    assert found and all("[tariff]" in d["snippet"].lower() for d in found)
    headlines = server.client.get("/api/documents?kind=headline").json()["items"]
    assert headlines == []


def test_a_search_ranks_at_most_the_newest_matches_and_says_so(server: Server, monkeypatch):
    whole = server.client.get("/api/documents", params={"q": "tariff"}).json()
    assert whole["matches"] == len(whole["items"]) >= 2
    assert (whole["ranked"], whole["capped"]) == (whole["matches"], False)
    monkeypatch.setattr(settings, "SERVE_SEARCH_RANK_LIMIT", 1)
    capped = server.client.get("/api/documents", params={"q": "tariff"}).json()
    assert (capped["matches"], capped["ranked"], capped["capped"]) == (whole["matches"], 1, True)
    # The one ranked is the newest stored match.
    conn = connect(server.db)
    newest = conn.execute(
        "SELECT d.id FROM documents_fts f JOIN documents d ON d.seq = f.rowid"
        " WHERE documents_fts MATCH 'tariff' ORDER BY d.seq DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    assert [d["id"] for d in capped["items"]] == [newest]
    html = server.client.get("/search", params={"q": "tariff"}).text
    assert f"{whole['matches']} documents match" in html
    assert "the best of the newest 1." in html


def test_entities_and_one_actor_with_its_partners(server: Server):
    names = [e["name"] for e in server.client.get("/api/entities").json()["items"]]
    assert "Ryosei Akazawa" in names and "Japan" in names
    body = server.client.get("/api/entities/" + quote("United States")).json()
    assert body["events_as_actor1"] == 1 and body["events_as_actor2"] == 1
    assert [p["name"] for p in body["acts_on"]] == ["Japan"]
    assert [p["name"] for p in body["acted_on_by"]] == ["Ryosei Akazawa"]
    assert {e["type"] for e in body["events"]} == {"CONSULT", "COERCE"}
    assert server.client.get("/api/entities/Nobody%20Known").status_code == 404


def test_measures_matrix_shows_each_pairs_tracked_measure(server: Server):
    matrix = server.client.get("/api/measures/matrix").json()
    cells = {(c["imposer"], c["target"]): c for c in matrix["cells"]}
    japan = cells[("United States", "Japan")]
    # The 25% conditional tariff on cars of May 1 and the 27.5% in force from June 2 are
    # one tracked measure, now in force at 27.5%.
    assert (japan["rate"], japan["status"], japan["measures"], japan["reports"]) == (
        27.5, "in_force", 1, 2,
    )  # fmt: skip
    assert japan["in_force_since"] == "2025-06-02"
    china = cells[("United States", "China")]
    assert (china["rate"], china["status"]) == (30.0, "announced")
    assert matrix["imposers"] == ["United States"]
    only = server.client.get("/api/measures/matrix?status=announced").json()["cells"]
    assert [(c["target"], c["rate"]) for c in only] == [("China", 30.0)]
    # Each cell opens its measure's history, with the sentence of every state.
    history = server.client.get(f"/api/measures/{japan['measure_id']}/history").json()
    assert [(s["date"], s["status"], s["rate"]) for s in history["states"]] == [
        ("2025-05-01", "conditional", 25.0), ("2025-06-02", "in_force", 27.5),
    ]  # fmt: skip
    assert "27.5%" in history["states"][1]["sentence"]
    assert all(s["document_title"] for s in history["states"])
    assert len(history["mentions"]) == 2
    assert server.client.get("/api/measures/999/history").status_code == 404


def test_the_stock_in_force_on_a_day(server: Server):
    from eventwire.store import tracker

    def stock(**params) -> dict:
        response = server.client.get("/api/measures", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    # Before June 2 the Japan measure was conditional: nothing in force.
    assert stock(in_force_on="2025-05-20")["items"] == []
    june = stock(in_force_on="2025-06-05")
    assert june["in_force_on"] == "2025-06-05" and june["total"] == 1
    (cars,) = june["items"]
    assert (cars["targets"], cars["rate"], cars["in_force_since"]) == ("Japan", 27.5, "2025-06-02")
    assert len(cars["sources"]) == cars["reports_by_date"] == 2
    assert cars["history"] == f"/api/measures/{cars['id']}/history"
    # What `eventwire measures --in-force-on` answers, row for row.
    conn = connect(server.db)
    expected = tracker.in_force_on(conn, "2025-06-05")
    conn.close()
    assert [{k: r[k] for k in expected[0]} for r in june["items"]] == expected
    assert stock(in_force_on="2025-06-05", target="JPN")["total"] == 1
    assert stock(in_force_on="2025-06-05", target="CHN")["total"] == 0
    assert stock(in_force_on="2025-06-05", imposer="united states", product="8703")["total"] == 1
    assert stock(in_force_on="2025-06-05", product="steel")["total"] == 0
    assert stock(in_force_on="2025-06-05", product="cars")["total"] == 1
    for bad in ({"in_force_on": "2025-02-30"}, {"in_force_on": "June"}, {"product": "cars"}):
        assert server.client.get("/api/measures", params=bad).status_code == 422, bad


def test_measure_history_is_oldest_first_with_sources(server: Server):
    items = server.client.get(
        "/api/measures/history", params={"imposer": "United States", "target": "Japan"}
    ).json()["items"]
    assert [(m["rate"], m["date"]) for m in items] == [(25.0, "2025-05-01"), (27.5, "2025-06-02")]
    assert items[0]["document_title"] == "Akazawa to visit Washington"
    listing = server.client.get("/api/measures?target=JPN").json()["items"]
    assert {m["rate"] for m in listing} == {25.0, 27.5}


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/events?limit=0", "limit"),
        (f"/api/events?limit={settings.SERVE_MAX_LIMIT + 1}", "limit"),
        (f"/api/events?offset={settings.SERVE_MAX_OFFSET + 1}", "offset"),
        ("/api/events?country=Japan", "country"),
        ("/api/events?since=May", "since"),
        ("/api/events?quad_class=5", "quad_class"),
        ("/api/events?sort=random", "sort"),
        ("/api/events?modality=maybe", "modality"),
        ("/api/events/counts?interval=hour", "interval"),
        ("/api/events/abc", "event_id"),
        ("/api/documents/xyz", "doc_id"),
        ("/api/documents?q=" + "a" * (settings.SERVE_MAX_QUERY_CHARS + 1), "q"),
        ("/api/events?actor=" + "a" * (settings.SERVE_MAX_FILTER_CHARS + 1), "actor"),
        ("/api/measures/history?imposer=United%20States", "target"),
        ("/api/measures?status=pending", "status"),
    ],
)
def test_bad_parameters_get_422_naming_the_parameter(server: Server, path, parameter):
    r = server.client.get(path)
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == 422 and parameter in body["error"]
    assert any(d["parameter"] == parameter and d["problem"] for d in body["details"])


def test_errors_are_json_with_their_status(server: Server):
    missing = server.client.get("/api/documents/abcdef0123")
    assert missing.status_code == 404 and "abcdef0123" in missing.json()["error"]
    assert server.client.get("/api/no-such-thing").json()["status"] == 404
    post = server.client.post("/api/events", json={})
    assert post.status_code == 405 and "read-only" in post.json()["error"]
    long = server.client.get("/api/events?actor=" + "x" * settings.SERVE_MAX_URL_CHARS)
    assert long.status_code == 414 and long.json()["status"] == 414


def test_empty_form_fields_mean_no_filter(server: Server):
    a = server.client.get("/api/events?country=&type=&quad_class=").json()["items"]
    assert a == server.client.get("/api/events").json()["items"]


def test_openapi_and_docs_page(server: Server):
    schema = server.client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/counts", "/api/documents/{doc_id}"} <= set(schema["paths"])
    docs = server.client.get("/docs")
    assert docs.status_code == 200 and "/api/measures/matrix" in docs.text
    assert "cdn" not in docs.text.lower()


def test_document_text_is_escaped_in_pages(server: Server):
    page = server.client.get(f"/documents/{doc_id(server, 'Hackers posted')}").text
    assert "<script>window.__xss" not in page and "<img src" not in page
    assert "&lt;script&gt;window.__xss" in page
    assert "&lt;b&gt;Markup&lt;/b&gt;" in page  # the title too
    assert XSS_TEXT.count("<") == page.split('id="text"')[1].split("</div>")[0].count("&lt;")


def test_server_reads_while_a_writer_adds_documents(tmp_path):
    """The server's read-only connections and an ingest's writes share the file (WAL)."""
    from tests.serve.conftest import build_database

    db = build_database(tmp_path / "live.db")
    servers = start_server(db)
    live = next(servers)
    try:
        before = live.client.get("/api/stats").json()["rows"]["documents"]
        conn = connect(db)
        writer = Writer(conn)
        conn.execute("BEGIN IMMEDIATE")  # a writer holding its lock...
        assert live.client.get("/api/stats").status_code == 200  # ...does not block reads
        conn.execute("ROLLBACK")
        writer.write_batch([result("late", article("Late news about Peru and Chile trade."))])
        conn.close()
        assert live.client.get("/api/stats").json()["rows"]["documents"] == before + 1
    finally:
        next(servers, None)
