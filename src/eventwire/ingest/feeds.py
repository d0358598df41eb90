"""RSS and Atom feeds to one RawItem per item, read with feedparser.

An item's RawItem holds its content (the longest of content and summary, usually HTML) as
bytes, with `content_type` FEED_ITEM_TYPE so extraction makes a `feed_item` document of it;
`meta["title"]` is its title, `url` its link, `published` its publication date (or, for an Atom
entry with none, its updated date: the only date such a feed gives). The source is
"<feed>#<item id or link>".

feedparser reads broken XML leniently; a feed it had to repair is read for what it yields, and
if items were lost on the way (fewer read than the feed has) a Reject says so.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator

from eventwire.ingest.records import normalise_date
from eventwire.model import RawItem, Reject

#: The content type ingest gives a feed item's RawItem (not a real MIME type: eventwire's own).
FEED_ITEM_TYPE = "application/x-eventwire-feed-item"

# Errors feedparser notes that say nothing about the items (an encoding declared in two
# places that disagree, a text/plain server type): the feed read fine.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
_ITEM_TAG = re.compile(rb"<(?:\w+:)?(?:item|entry)[\s>/]")


def read_feed(name: str, data: bytes, url: str | None = None) -> Iterator[RawItem | Reject]:
    """The items of a feed's bytes, or a Reject saying why there are none (or some are lost)."""
    import feedparser  # slow to import; only feeds need it

    headers = {"content-location": url} if url else None
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and type(problem).__name__ in _HARMLESS:
        problem = None
    entries = parsed.entries
    if problem is not None:
        # a lenient parse: items cut by the error come back empty, and later ones may be gone
        expected = max(len(_ITEM_TAG.findall(data)), len(entries))
        whole = [e for e in entries if e.get("title") or _content(e)[0].strip()]
        where = f"malformed XML feed{_where(problem)}: {_message(problem)}"
        if not whole:
            yield Reject(name, "ingest", f"{where}; no items could be read")
            return
        if len(whole) < expected:
            yield Reject(
                name,
                "ingest",
                f"{where}; read {len(whole)} of {expected} items, the rest are lost",
            )
        entries = whole
    elif not entries:
        yield Reject(name, "ingest", "feed holds no items")
        return
    feed_title = parsed.feed.get("title") or ""
    for index, entry in enumerate(entries, 1):
        yield _item(name, index, entry, feed_title)


def _item(name: str, index: int, entry: dict, feed_title: str) -> RawItem | Reject:
    key = entry.get("id") or entry.get("link") or str(index)
    source = f"{name}#{key}"
    title = " ".join((entry.get("title") or "").split())
    body, body_type = _content(entry)
    if not title and not body.strip():
        return Reject(source, "ingest", "feed item has neither a title nor a summary")
    meta = {"title": title, "summary_type": body_type}
    if feed_title:
        meta["feed_title"] = feed_title
    return RawItem(
        source=source,
        data=body.encode("utf-8"),
        url=entry.get("link") or None,
        content_type=FEED_ITEM_TYPE,
        published=_date(entry),
        meta=meta,
    )


def _content(entry: dict) -> tuple[str, str]:
    """The item's fullest text (content beats summary when longer) and its type."""
    options = [
        (c.get("value") or "", c.get("type") or "text/html") for c in entry.get("content", [])
    ]
    summary = entry.get("summary_detail") or {}
    options.append((entry.get("summary") or "", summary.get("type") or "text/html"))
    value, kind = max(options, key=lambda option: len(option[0].strip()))
    return value, "text/plain" if kind == "text/plain" else "text/html"


def _date(entry: dict) -> str | None:
    """The item's date as the feed wrote it (its local day), else feedparser's UTC reading."""
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        if entry.get(raw) or entry.get(parsed):
            return normalise_date(entry.get(raw)) or _utc_day(entry.get(parsed))
    return None


def _utc_day(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    except ValueError:
        return None


def _where(problem: BaseException) -> str:
    line = getattr(problem, "getLineNumber", None)
    return f" (line {line()})" if callable(line) and line() else ""


def _message(problem: BaseException) -> str:
    message = getattr(problem, "getMessage", None)
    return str(message() if callable(message) else problem) or type(problem).__name__
