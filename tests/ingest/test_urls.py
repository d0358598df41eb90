"""http(s) inputs against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.extract.dispatch import extract
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import RawItem, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PAGE = (FIXTURES / "article.html").read_bytes()
FEED = (FIXTURES / "feed.rss").read_bytes()
LATIN = (
    "<html><body><article><p>Le café du port a rouvert samedi après la tempête, a annoncé "
    "la mairie, et les pêcheurs ont repris la mer dès l’aube.</p></article></body></html>"
).encode("cp1252")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send(
        self, status: int, body: bytes, content_type: str = "text/html", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a timeout test)
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        if path == "/page.html":
            self.send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/feed":
            self.send(200, FEED, "text/html")  # a feed served as a page: content decides
        elif path == "/latin":
            self.send(200, LATIN, "text/html; charset=windows-1252")
        elif path == "/gzipped":
            self.send(200, gzip.compress(PAGE), "text/html", Content_Encoding="gzip")
        elif path == "/moved":
            self.redirect("/page.html")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/to-ftp":
            self.redirect("ftp://files.example/news.txt")
        elif path == "/missing":
            self.send(404, b"<html>no such page</html>")
        elif path == "/broken":
            self.send(500, b"<html>oops</html>")
        elif path == "/slow":
            time.sleep(2)
            self.send(200, PAGE)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"word ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client hung up, as it should
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"All work and no play. " * 50_000)
            except OSError:
                pass
        else:
            self.send(404, b"")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, **options: object) -> list[RawItem | Reject]:
    return list(iter_raw([url], options=SourceOptions(**options)))  # type: ignore[arg-type]


def test_a_page_is_fetched_and_extracted(server: str) -> None:
    [item] = fetch(f"{server}/page.html")
    assert isinstance(item, RawItem)
    assert item.source == f"{server}/page.html" and item.url == f"{server}/page.html"
    assert item.content_type == "text/html" and item.meta["charset"] == "utf-8"
    docs = extract(item)
    assert docs[0].title == "Dock workers walk out over pay"
    # the fetched URL is where the page was found; headlines resolve against it
    assert docs[1].url == f"{server}/business/2025/02/27/ferry-crews-vote-to-accept-new-contract"


def test_kind_comes_from_the_content_not_the_server(server: str) -> None:
    results = fetch(f"{server}/feed")
    assert len(results) == 3
    assert all(isinstance(r, RawItem) and r.source.startswith(f"{server}/feed#") for r in results)


def test_the_http_charset_decodes_the_page(server: str) -> None:
    [item] = fetch(f"{server}/latin")
    assert isinstance(item, RawItem) and item.meta["charset"] == "windows-1252"
    assert "Le café du port a rouvert samedi après la tempête" in extract(item)[0].text


def test_content_encoding_is_undone(server: str) -> None:
    [item] = fetch(f"{server}/gzipped")
    assert isinstance(item, RawItem) and item.data == PAGE


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    [item] = fetch(f"{server}/moved")
    assert isinstance(item, RawItem)
    assert item.source == f"{server}/moved" and item.url == f"{server}/page.html"
    [reject] = fetch(f"{server}/loop", max_redirects=3)
    assert isinstance(reject, Reject)
    assert reject.reason == "more than 3 redirects: stopped following them"
    [reject] = fetch(f"{server}/to-ftp")
    assert isinstance(reject, Reject) and reject.reason.startswith(
        "redirected to an unsupported URL"
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404 Not Found"), ("/broken", "HTTP 500 Internal Server Error")],
)
def test_http_errors_are_rejected(server: str, path: str, reason: str) -> None:
    [reject] = fetch(server + path)
    assert isinstance(reject, Reject) and reject.stage == "ingest" and reject.reason == reason


def test_a_server_that_does_not_answer_times_out(server: str) -> None:
    start = time.perf_counter()
    [reject] = fetch(f"{server}/slow", timeout=0.5)
    assert time.perf_counter() - start < 1.8
    assert (
        isinstance(reject, Reject)
        and reject.reason == "timed out after 0.5 s waiting for the server"
    )


def test_a_download_that_drips_is_stopped_by_the_deadline(server: str) -> None:
    start = time.perf_counter()
    [reject] = fetch(f"{server}/drip", max_seconds=0.5)
    assert time.perf_counter() - start < 3
    assert isinstance(reject, Reject) and reject.reason == "download took over 0.5 s: stopped"


def test_a_body_over_the_size_limit_is_rejected(server: str) -> None:
    [reject] = fetch(f"{server}/big", max_bytes=1_000_000)
    assert isinstance(reject, Reject)
    assert "over the 1.0 MB limit for one page" in reject.reason


def test_a_refused_connection_is_rejected_and_the_rest_goes_on(server: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    results = fetch(f"http://127.0.0.1:{port}/x")
    [reject] = results
    assert isinstance(reject, Reject) and reject.reason.startswith("cannot connect")
    results = list(iter_raw([f"http://127.0.0.1:{port}/x", f"{server}/page.html"]))
    assert [type(r).__name__ for r in results] == ["Reject", "RawItem"]


def test_an_invalid_url_is_rejected() -> None:
    assert [r.reason for r in fetch("https://") + fetch("http://[::1")] == [  # type: ignore[union-attr]
        "invalid URL: it names no host",
        "invalid URL: Invalid port: ':1'",
    ]


def test_several_urls_are_fetched_at_once_and_read_in_order(server):
    # each /slow answer takes 2 s: one after another, four would take 8 s
    urls = [f"{server}/slow"] * 4
    start = time.perf_counter()
    results = list(iter_raw(urls))
    elapsed = time.perf_counter() - start
    assert [r.source for r in results] == urls
    assert all(isinstance(r, RawItem) for r in results)
    assert elapsed < 6
