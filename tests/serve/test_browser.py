"""The pages in real headless Chromium: they load without console errors (a CSP violation
is one), highlights cover exactly their words, filters change the table, and a document
made of markup runs no script."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.serve import browser
from tests.serve.conftest import Server

reason = browser.missing()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = browser.launch(p)
        yield b
        b.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = []  # console errors and uncaught exceptions, in order
    page.on(
        "console",
        lambda m: (
            page.problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def doc_id(server: Server, words: str) -> str:
    with sqlite3.connect(server.db) as conn:
        return conn.execute(
            "SELECT id FROM documents WHERE instr(text, ?) ORDER BY seq LIMIT 1", (words,)
        ).fetchone()[0]


def page_urls(server: Server) -> list[str]:
    return [
        "/",
        "/search?q=tariff",
        "/events",
        "/events?interval=day&by=type&sort=goldstein&order=asc",
        "/events/1",
        f"/documents/{doc_id(server, 'Ryosei Akazawa will visit')}",
        f"/documents/{doc_id(server, 'Hackers posted')}",
        "/actors/" + quote("United States"),
        "/measures",
        "/measures?in_force_on=2025-06-05",
        "/measures/1",
        "/measures/history?imposer=United+States&target=Japan",
        "/docs",
    ]


def test_every_page_loads_without_console_errors(server: Server, page):
    for path in page_urls(server):
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1, path
        assert page.problems == [], (path, page.problems)
    # The stylesheet applied (served by the app itself and allowed by the CSP).
    page.goto(server.url + "/")
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).display") == "flex"


def test_an_entity_highlight_covers_exactly_its_words(server: Server, page):
    full = doc_id(server, "Ryosei Akazawa will visit")
    page.goto(f"{server.url}/documents/{full}")
    text = server.client.get(f"/api/documents/{full}").json()["text"]
    mark = page.locator('mark[data-kind="entity"]', has_text="Ryosei Akazawa")
    assert mark.count() == 1
    assert mark.inner_text() == "Ryosei Akazawa"
    start, end = int(mark.get_attribute("data-start")), int(mark.get_attribute("data-end"))
    assert text[start:end] == "Ryosei Akazawa"
    title = mark.get_attribute("title")
    assert "entity: Ryosei Akazawa" in title and "country: JPN" in title
    # The whole text reads as stored: highlighting adds elements, never characters.
    assert page.inner_text("#text").replace("\n", " ") == " ".join(text.split("\n"))
    # Every kind has its own colour.
    colours = {
        kind: page.eval_on_selector(
            f'mark[data-kind="{kind}"]', "e => getComputedStyle(e).backgroundColor"
        )
        for kind in ("entity", "time", "quantity", "trigger")
    }
    assert len(set(colours.values())) == 4
    # Keyboard: tabbing to a highlight explains it in the side panel.
    mark.focus()
    assert "Ryosei Akazawa" in page.inner_text("#hl-details")
    assert "JPN" in page.inner_text("#hl-details")


def test_an_event_links_to_its_sentence(server: Server, page):
    full = doc_id(server, "Ryosei Akazawa will visit")
    page.goto(f"{server.url}/documents/{full}")
    page.click("ol.facts a:has-text('in its sentence') >> nth=0")
    target = page.evaluate("location.hash")
    assert target.startswith("#s-")
    assert page.inner_text(target).startswith("Japan's trade envoy Ryosei Akazawa will visit")


def test_a_filter_changes_the_table(server: Server, page):
    page.goto(server.url + "/events")
    before = page.locator("table.events tbody tr").count()
    assert before > 1
    with page.expect_navigation():
        page.select_option("#f-type", "ACCUSE")  # the select submits itself (static/app.js)
    assert "type=ACCUSE" in page.url
    types = page.locator("table.events tbody tr .type").all_inner_texts()
    assert types and set(types) == {"ACCUSE"} and len(types) < before
    # Sorting by a column header keeps the filter.
    page.click("table.events th a:has-text('Goldstein')")
    assert "type=ACCUSE" in page.url and "sort=goldstein" in page.url
    # The keyboard reaches the filter form.
    page.goto(server.url + "/events")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-actor":
            break
    assert page.evaluate("document.activeElement.id") == "f-actor"


def test_a_matrix_cell_opens_its_measures_history_and_a_day_lists_the_stock(server: Server, page):
    page.goto(server.url + "/measures")
    cell = page.locator("table.matrix td.st-in_force a")
    assert cell.count() == 1
    assert "27.5%" in cell.inner_text() and "in_force" in cell.inner_text()
    with page.expect_navigation():
        cell.click()
    assert "/measures/" in page.url and page.url.rsplit("/", 1)[1].isdigit()
    states = page.locator("ol.timeline li").all_inner_texts()
    assert len(states) == 2
    assert "2025-05-01" in states[0] and "conditional 25%" in states[0]
    assert "2025-06-02" in states[1] and "in_force 27.5%" in states[1]
    # Each state quotes its sentence and links to its source document.
    assert "27.5%" in page.locator("ol.timeline li >> nth=1 >> blockquote").inner_text()
    with page.expect_navigation():
        page.click("ol.timeline li >> nth=1 >> .meta a >> nth=0")
    assert "/documents/" in page.url
    # A day in the form lists the measures in force then.
    page.goto(server.url + "/measures")
    page.fill("#m-day", "2025-06-05")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "in_force_on=2025-06-05" in page.url
    rows = page.locator("table.stock tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Japan" in rows[0] and "2025-06-02" in rows[0]
    page.goto(server.url + "/measures?in_force_on=2025-05-20")
    assert page.locator("table.stock tbody tr").count() == 0
    assert "0 tracked measures" in page.inner_text("#stock + p")
    assert page.problems == []


def test_a_document_of_markup_runs_no_script(server: Server, page):
    page.goto(f"{server.url}/documents/{doc_id(server, 'Hackers posted')}")
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#text script, #text img, h1 b").count() == 0
    assert '<script>window.__xss = "script"</script>' in page.inner_text("#text")
    assert page.inner_text("h1") == "<b>Markup</b> in a <script>title"
    assert page.problems == []
    # Search snippets show the same text as text.
    page.goto(server.url + "/search?q=hackers")
    assert page.locator(".snippet img, .snippet script").count() == 0
    assert page.evaluate("window.__xss") is None


def test_pages_fit_a_phone_screen(server: Server, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("/", "/events", f"/documents/{doc_id(server, 'Ryosei Akazawa will visit')}"):
        page.goto(server.url + path)
        # No sideways scrolling of the page itself (wide tables scroll in their own box).
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()
