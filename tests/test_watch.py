"""`eventwire watch` against a real HTTP server on 127.0.0.1 whose feed changes between
polls, with real spaCy and a real SQLite file."""

from __future__ import annotations

import http.server
import json
import re
import signal
import subprocess
import sys
import threading
import time
from typing import ClassVar

import pytest

from eventwire.store.schema import connect
from eventwire.watch import (
    AlertSinks,
    Watcher,
    WatchError,
    backoff_seconds,
    load_queries,
    parse_duration,
    parse_query,
)

ITEMS = {
    "a": ("Harbour reopens after storm", "The harbour in Valparaiso reopened to shipping on "
          "Saturday after repairs to its outer wall, the port authority said."),
    "b": ("US tariff on Japanese steel", "The United States will impose a 25% tariff on steel "
          "from Japan next month, the White House said on Monday."),
    "c": ("Washington targets Japanese cars", "Washington imposed a 10% tariff on Japanese "
          "cars on Tuesday, officials said."),
    "d": ("Rain delays harvest", "Heavy rain delayed the wheat harvest across the southern "
          "plains this week, farmers said."),
}  # fmt: skip


def feed(keys: str) -> bytes:
    entries = "".join(
        f"<item><title>{ITEMS[k][0]}</title><link>https://wire.example/{k}</link>"
        f"<guid>https://wire.example/{k}</guid><pubDate>Wed, 14 May 2025 09:00:00 GMT</pubDate>"
        f"<description>{ITEMS[k][1]}</description></item>"
        for k in keys
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"{entries}</channel></rss>"
    ).encode()


class ChangingFeed(http.server.BaseHTTPRequestHandler):
    """Request 1: items a, b. Request 2: a server error. Then a, b, c, d with an ETag, and
    304 to a request that names that ETag."""

    requests: ClassVar[list[dict[str, str | None]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        n = len(self.requests) + 1
        self.requests.append({"if-none-match": self.headers.get("If-None-Match")})
        if n == 2:
            body, status, etag = b"oops", 500, None
        elif n == 1:
            body, status, etag = feed("ab"), 200, '"v1"'
        elif self.headers.get("If-None-Match") == '"v2"':
            body, status, etag = b"", 304, '"v2"'
        else:
            body, status, etag = feed("abcd"), 200, '"v2"'
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        if etag:
            self.send_header("ETag", etag)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


@pytest.fixture
def server():
    ChangingFeed.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ChangingFeed)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss"
    httpd.shutdown()
    httpd.server_close()


def test_polls_of_a_changing_feed_store_each_item_once_and_alert_once_per_match(server, tmp_path):
    db = tmp_path / "watch.db"
    alerts = tmp_path / "alerts.jsonl"
    query = parse_query("kind=measure,measure=tariff,target=JPN")
    sinks = AlertSinks(stdout=False, jsonl=alerts)
    watcher = Watcher([server], db, every=0.2, queries=[query], sinks=sinks, log=False)
    try:
        assert watcher.run(max_polls=4) == 4
    finally:
        watcher.close()
    # new, server error (survived), changed, not modified (304 to the stored ETag)
    assert [r["if-none-match"] for r in ChangingFeed.requests] == [None, '"v1"', '"v1"', '"v2"']
    conn = connect(db)
    sources = [r[0] for r in conn.execute("SELECT source FROM inputs ORDER BY id")]
    assert sorted(s.rsplit("/", 1)[-1] for s in sources) == ["a", "b", "c", "d"]
    assert conn.execute("SELECT count(*) FROM duplicates").fetchone()[0] == 0
    lines = [json.loads(line) for line in alerts.read_text().splitlines()]
    # one alert per new tariff measure on Japan: b (first poll) and c (third), never again
    assert len(lines) == 2
    titles = {
        conn.execute(
            "SELECT title FROM documents WHERE id = ?", (x["match"]["document_id"],)
        ).fetchone()[0]
        for x in lines
    }
    assert titles == {ITEMS["b"][0], ITEMS["c"][0]}
    assert all(x["query"] == query.name and x["match"]["kind"] == "tariff" for x in lines)
    state = conn.execute("SELECT etag, failures, last_error FROM watch_sources").fetchone()
    assert tuple(state) == ('"v2"', 0, None)
    conn.close()

    # a restart carries on: the stored ETag is sent, nothing stored or alerted again
    again = Watcher([server], db, every=0.2, queries=[query], sinks=sinks, log=False)
    try:
        report = again.poll()
    finally:
        again.close()
    assert (report.unchanged, report.stored, report.alerts) == (1, 0, 0)
    assert ChangingFeed.requests[-1]["if-none-match"] == '"v2"'
    assert len(alerts.read_text().splitlines()) == 2


def test_a_failing_source_backs_off_exponentially(tmp_path):
    db = tmp_path / "w.db"
    dead = "http://127.0.0.1:9/feed"  # the discard port: connection refused
    watcher = Watcher([dead], db, every=10, log=False)
    try:
        first = watcher.poll()
        assert first.failed == 1
        second = watcher.poll()  # within the backoff: not tried
        assert (second.polled, second.backing_off) == (0, 1)
        row = watcher.conn.execute("SELECT failures, last_error FROM watch_sources").fetchone()
        assert row[0] == 1 and "cannot connect" in row[1]
    finally:
        watcher.close()
    assert [backoff_seconds(60, n) for n in range(5)] == [0, 60, 120, 240, 480]
    assert backoff_seconds(60, 40) == 6 * 3600


def test_saved_queries_and_durations_are_checked(tmp_path):
    assert parse_duration("5m") == 300 and parse_duration("30s") == 30
    assert parse_duration("1h") == 3600 and parse_duration("0.5") == 0.5
    for bad in ("soon", "0s", "-5m"):
        with pytest.raises(WatchError):
            parse_duration(bad)
    with pytest.raises(WatchError, match="kind must be one of"):
        parse_query("measure=tariff")
    with pytest.raises(WatchError, match="unknown field"):
        parse_query("kind=measure,colour=red")
    with pytest.raises(WatchError, match="not FIELD=VALUE"):
        parse_query("kind=measure,tariff")
    path = tmp_path / "q.yaml"
    path.write_text(
        "jpn-tariffs: kind=measure,measure=tariff,target=JPN\n"
        "attacks:\n  kind: event\n  type: ASSAULT\n  country: UKR\n"
    )
    names = {q.name: q.text for q in load_queries(path)}
    assert names == {
        "jpn-tariffs": "kind=measure,measure=tariff,target=JPN",
        "attacks": "kind=event,country=UKR,type=ASSAULT",
    }


def test_sigterm_stops_the_watcher_cleanly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "watch", str(folder), "--db", str(tmp_path / "w.db"),
         "--every", "1s"],
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.startswith("watch: poll 1:"), line
        proc.send_signal(signal.SIGTERM)
        start = time.monotonic()
        assert proc.wait(30) == 0
        assert time.monotonic() - start < 10
        rest = proc.stderr.read()
        # a clean stop after the poll under way (a second may have begun before the signal)
        assert re.search(r"stopped after [12] poll\(s\)", rest) and "Traceback" not in rest
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
