"""`make screenshots`: a PNG of each page, 1280×800, in docs/screenshots/.

    .venv/bin/python -m tests.serve.screenshots [--out docs/screenshots]

The database: the bundled examples and the page fixtures analysed by the real pipeline
(`ingest`, spaCy), plus the store tests' hand-built corpus and a second measure, so every
page has something to show. Served by uvicorn on 127.0.0.1 and shot in Debian's headless
chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from eventwire.engines.local import ingest
from eventwire.pipeline import parse_published
from eventwire.store.schema import connect
from eventwire.store.writer import Writer
from tests.conftest import ROOT
from tests.serve import browser
from tests.serve.conftest import measures_document, start_server
from tests.store.builders import result, sample_corpus

VIEWPORT = {"width": 1280, "height": 800}


def build(db: Path) -> None:
    # Paths relative to the checkout: the pages show each document's source.
    os.chdir(ROOT)
    ingest(["examples", "tests/fixtures/pages"], db, published=parse_published("2025-05-14"))
    conn = connect(db)
    more = [*sample_corpus(), [measures_document()]]
    Writer(conn).write_batch([result(f"hand-{n}", *docs) for n, docs in enumerate(more)])
    conn.close()


def pages(db: Path) -> dict[str, str]:
    """Screenshot name → path, choosing the richest document and actor of the database."""
    with sqlite3.connect(db) as conn:
        doc = conn.execute(
            "SELECT d.id FROM documents d WHERE instr(d.text, 'Mary Ng')"
            " ORDER BY (SELECT count(*) FROM mentions m WHERE m.document_seq = d.seq) DESC"
        ).fetchone()[0]
        # The actor in most events with a counterpart: its page has partners to show.
        actor = conn.execute(
            "SELECT name FROM (SELECT actor1_name AS name FROM events"
            " WHERE actor2_name IS NOT NULL UNION ALL SELECT actor2_name FROM events"
            " WHERE actor1_name IS NOT NULL) WHERE name IS NOT NULL"
            " GROUP BY name ORDER BY count(*) DESC, name LIMIT 1"
        ).fetchone()[0]
        # The tracked measure with the longest timeline.
        measure = conn.execute(
            "SELECT measure_id FROM tracked_states GROUP BY measure_id"
            " ORDER BY count(*) DESC, measure_id LIMIT 1"
        ).fetchone()[0]
    return {
        "home": "/",
        "search": "/search?q=tariff",
        "document": f"/documents/{doc}",
        "events": "/events?interval=day",
        "actor": "/actors/" + quote(actor, safe=""),
        "measures": "/measures?in_force_on=2025-06-05",
        "measure-history": "/measures/history?imposer=United+States&target=Japan",
        "tracked-measure": f"/measures/{measure}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    why = browser.missing()
    if why:
        sys.exit(f"cannot take screenshots: {why}")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screenshots.db"
        build(db)
        servers = start_server(db)
        server = next(servers)
        try:
            with sync_playwright() as p:
                chromium = browser.launch(p)
                page = chromium.new_page(viewport=VIEWPORT)
                for name, path in pages(db).items():
                    page.goto(server.url + path)
                    page.wait_for_load_state("load")
                    if name == "document":
                        # Show the details panel as a reader pointing at a name sees it.
                        page.locator('mark[data-kind="entity"]').first.hover()
                    target = args.out / f"{name}.png"
                    page.screenshot(path=str(target))
                    print(f"{target.relative_to(ROOT)}  {target.stat().st_size / 1024:.0f} kB")
                chromium.close()
        finally:
            next(servers, None)


if __name__ == "__main__":
    main()
