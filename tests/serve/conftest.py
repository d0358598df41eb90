"""A real database (the store's hand-built corpus plus documents made for the pages) served
by a real uvicorn server on 127.0.0.1, on a free port, for the API and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from eventwire.model import Entity, Measure, Mention
from eventwire.serve.app import create_app
from eventwire.store.schema import connect
from eventwire.store.writer import Writer
from tests.store.builders import add_event, article, result, sample_corpus, span

#: The text of the document that tries to run script through its text.
XSS_TEXT = (
    'Hackers posted <script>window.__xss = "script"</script> and '
    '<img src="x" onerror="window.__xss = \'img\'"> on the ministry site. '
    "Officials in Japan accused the group of sabotage."
)


def xss_document():
    doc = article(XSS_TEXT, source="xss.txt", title="<b>Markup</b> in a <script>title")
    doc.mentions = [Mention(span(doc, "Japan"), "GPE", "e1")]
    doc.entities = [Entity("e1", "Japan", "GPE", [0], "JPN", ["GOV"])]
    add_event(doc, "accused", "ACCUSE", ("Officials", "Japan", "JPN"), None, cameo="112")
    return doc


def measures_document():
    """A second measure on the Japan cell (a later one) and one on China."""
    doc = article(
        "The United States raised the tariff on cars from Japan to 27.5% on June 2. "
        "The United States also put a 30% tariff on steel from China.",
        published="2025-06-02",
        source="wire/measures.txt",
        title="Tariffs raised",
    )
    us = ("The United States", "United States", "USA")
    add_event(doc, "raised", "COERCE", us, ("Japan", "Japan", "JPN"), cameo="172")
    from eventwire.model import Actor, TimeExpr

    def actor(words: str, name: str, iso: str, nth: int = 0) -> Actor:
        return Actor(span(doc, words, nth), None, name, iso, ["GOV"])

    doc.measures = [
        Measure(
            span=span(doc, "the tariff on cars from Japan to 27.5%"),
            kind="tariff",
            imposer=actor("The United States", "United States", "USA"),
            targets=[actor("Japan", "Japan", "JPN")],
            products=[span(doc, "cars")],
            rate=27.5,
            effective=TimeExpr(span(doc, "June 2"), "2025-06-02", "day", "2025-06-02"),
            status="in_force",
            extractor="test/1",
        ),
        Measure(
            span=span(doc, "a 30% tariff on steel from China"),
            kind="tariff",
            imposer=actor("The United States", "United States", "USA", 1),
            targets=[actor("China", "China", "CHN")],
            products=[span(doc, "steel")],
            rate=30.0,
            status="announced",
            extractor="test/1",
        ),
    ]
    return doc


def build_database(path: Path) -> Path:
    """The store tests' corpus, the XSS document and the measures document, written by the
    store's own writer."""
    conn = connect(path, create=True)
    inputs = [*sample_corpus(), [xss_document()], [measures_document()]]
    Writer(conn).write_batch([result(f"input-{n}", *docs) for n, docs in enumerate(inputs)])
    conn.close()
    return path


@dataclass
class Server:
    url: str
    db: Path
    client: httpx.Client


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def serve_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("serve") / "serve.db")


def start_server(db: Path) -> Iterator[Server]:
    """uvicorn serving `db` in a thread, on a socket bound to a free port (no race for it)."""
    sock = free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=url, timeout=10) as client:
        yield Server(url, db, client)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def server(serve_db: Path) -> Iterator[Server]:
    yield from start_server(serve_db)
