"""RSS and Atom feeds: one feed item per entry, malformed feeds rejected with what was lost."""

from __future__ import annotations

from pathlib import Path

from eventwire.extract.dispatch import extract
from eventwire.ingest.feeds import FEED_ITEM_TYPE, read_feed
from eventwire.ingest.sources import iter_raw
from eventwire.model import Published, RawItem, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(name: str) -> list[RawItem | Reject]:
    return list(iter_raw([str(FIXTURES / name)]))


def test_rss_items_become_feed_items_with_title_link_and_local_date() -> None:
    first, second, third = read("feed.rss")
    assert isinstance(first, RawItem)
    assert first.source == f"{FIXTURES / 'feed.rss'}#hh-7712"  # the guid
    assert first.content_type == FEED_ITEM_TYPE
    assert (
        first.url
        == "https://harbourherald.example/news/ferry-operator-cancels-winter-timetable-7712"
    )
    assert first.meta["title"] == "Ferry operator cancels winter timetable"
    assert first.meta["feed_title"] == "Harbour Herald - Latest"
    # 22:40 at -04:00 is the 15th in UTC; the feed's own day is the 14th
    assert first.published == "2025-05-14"
    # no guid: the link names the item
    assert second.source.endswith(
        "#https://harbourherald.example/news/fishing-quota-talks-end-without-deal-7709"
    )
    assert third.published is None


def test_feed_item_documents_hold_the_title_then_the_summary_text() -> None:
    first, second, third = (extract(item)[0] for item in read("feed.rss"))
    assert first.kind == "feed_item"
    assert first.text == (
        "Ferry operator cancels winter timetable\n\n"
        "The island ferry will run twice a day instead of four times from November, its "
        "operator said.\nResidents called the cut a blow to local shops."
    )
    assert first.title == "Ferry operator cancels winter timetable"
    assert first.published == Published("2025-05-14", "metadata")
    assert first.language == "en"
    # content:encoded is fuller than the description, and is what is kept
    assert "Bergholm" in second.text and second.text.count("Fishing quota talks") == 1
    # an item with a title only is its title
    assert third.text == "Lighthouse reopens to visitors"


def test_atom_entries_take_published_else_updated() -> None:
    bridge, school = read("feed.atom")
    assert isinstance(bridge, RawItem) and isinstance(school, RawItem)
    assert bridge.published == "2025-05-14"  # only <updated>
    assert school.published == "2025-05-13"  # <published>, not the later <updated>
    assert bridge.meta["summary_type"] == "text/plain"
    doc = extract(school)[0]
    assert doc.text == (
        "School board approves longer summer break\n\n"
        "The board voted 5 to 2 to add a week to the summer holiday."
    )


def test_user_date_wins_over_the_feed_date() -> None:
    item = read("feed.rss")[0]
    assert isinstance(item, RawItem)
    user = Published("2025-06-01", "user")
    assert extract(item, user)[0].published == user


def test_a_malformed_feed_gives_its_readable_items_and_says_what_was_lost() -> None:
    results = read("broken.rss")
    reject = results[0]
    assert isinstance(reject, Reject)
    assert reject.input == str(FIXTURES / "broken.rss")
    assert reject.reason == (
        "malformed XML feed (line 11): mismatched tag; read 2 of 3 items, the rest are lost"
    )
    titles = [r.meta["title"] for r in results[1:] if isinstance(r, RawItem)]
    assert titles == ["Mayor opens new library wing", "Night market returns to the square"]


def test_a_feed_cut_short_with_no_items_is_rejected() -> None:
    [reject] = read_feed("cut.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><ti")
    assert isinstance(reject, Reject)
    assert reject.reason.startswith("malformed XML feed (line 1)")
    assert reject.reason.endswith("no items could be read")


def test_a_feed_without_items_is_rejected() -> None:
    data = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert [r.reason for r in read_feed("quiet.xml", data)] == ["feed holds no items"]  # type: ignore[union-attr]


def test_an_item_with_neither_title_nor_text_is_rejected() -> None:
    data = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        b"<item><link>https://x.example/a</link></item>"
        b"<item><title>Storm warning for the coast</title></item></channel></rss>"
    )
    empty, item = read_feed("f.xml", data)
    assert isinstance(empty, Reject)
    assert empty.input == "f.xml#https://x.example/a"
    assert empty.reason == "feed item has neither a title nor a summary"
    assert isinstance(item, RawItem) and item.source == "f.xml#2"


def test_relative_links_resolve_against_the_feed_url() -> None:
    data = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        b"<item><title>Storm warning for the coast</title><link>/news/storm-7</link></item>"
        b"</channel></rss>"
    )
    [item] = read_feed("f", data, url="https://coast.example/feeds/all.xml")
    assert isinstance(item, RawItem) and item.url == "https://coast.example/news/storm-7"
