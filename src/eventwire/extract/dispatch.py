"""A RawItem of any kind to its Documents: the one entry point from ingest to extraction.

The kind comes from the item's content type, which ingest/sources.py sets from the content
(never from a file name): an HTML page, a plain-text page, a feed item or a record. An item
without one (built by hand, or by ingest/files.py alone) is sniffed the same way.
"""

from __future__ import annotations

from types import ModuleType

from eventwire import settings
from eventwire.extract.dates import resolve_published
from eventwire.extract.decode import DecodeError, decode
from eventwire.extract.errors import ExtractError
from eventwire.extract.language import detect_language
from eventwire.extract.text import documents_from_raw_text
from eventwire.ingest.feeds import FEED_ITEM_TYPE
from eventwire.ingest.records import RECORD_TYPE
from eventwire.ingest.sources import HTML_TYPE, TEXT_TYPE, looks_like_html, looks_like_page
from eventwire.model import Document, Published, RawItem

__all__ = ["ExtractError", "extract", "item_kind"]


def item_kind(item: RawItem) -> str:
    """ "html", "text", "feed_item" or "record": what extract() will read the item as."""
    declared = (item.content_type or "").split(";", 1)[0].strip().lower()
    if declared == FEED_ITEM_TYPE:
        return "feed_item"
    if declared == RECORD_TYPE:
        return "record"
    if declared in (HTML_TYPE, "application/xhtml+xml"):
        return "html"
    if declared == TEXT_TYPE:
        return "text"
    return "html" if looks_like_html(item.data[: settings.SNIFF_BYTES]) else "text"


def extract(item: RawItem, published: Published | None = None) -> list[Document]:
    """The documents in one raw item; raises ExtractError (one line: why) when there are none.

    `published` (a date the user gave) wins over dates the item or its page state.
    """
    kind = item_kind(item)
    try:
        if kind == "html":
            return _html().documents_from_html(item, published)
        if kind == "feed_item":
            return [_feed_item(item, published)]
        if kind == "record":
            return _record(item, published)
        return documents_from_raw_text(item, published)
    except DecodeError as exc:
        raise ExtractError(str(exc)) from None


def _html() -> ModuleType:
    # HTML extraction imports trafilatura, lxml's cleaners and charset detection (a quarter
    # of a second): a run over text, JSON or feed items without markup never pays for it.
    from eventwire.extract import html

    return html


def _checked(text: str) -> str:
    if len(text) > settings.MAX_DOCUMENT_CHARS:
        raise ExtractError(
            f"text of {len(text):,} characters is over the {settings.MAX_DOCUMENT_CHARS:,} limit"
        )
    return text


def _feed_item(item: RawItem, published: Published | None) -> Document:
    """A feed item's title and summary as one document: the title first, as a wire story's."""
    title = " ".join(item.meta.get("title", "").split()) or None
    body = decode(item.data).strip() if item.data.strip() else ""
    if body and item.meta.get("summary_type", "text/html") != "text/plain":
        body = _html().html_to_text(body)
    # feeds often repeat the title as the summary's first line
    if title and body.casefold().startswith(title.casefold()):
        body = body[len(title) :].lstrip(" \n:–—-")
    text = "\n\n".join(part for part in (title, body) if part)
    if not text:
        raise ExtractError("feed item has neither a title nor a summary")
    return Document(
        text=_checked(text),
        kind="feed_item",
        title=title,
        url=item.url,
        source=item.source,
        published=resolve_published(item, published, text),
        language=detect_language(text),
    )


def _record(item: RawItem, published: Published | None) -> list[Document]:
    """A JSON or CSV record's text field as one article (a whole HTML page in it is extracted)."""
    text = decode(item.data)
    if looks_like_page(item.data[: settings.SNIFF_BYTES]):
        return _html().documents_from_html(item, published)
    if looks_like_html(item.data[: settings.SNIFF_BYTES]):
        text = _html().html_to_text(text)
    text = text.strip()
    if not text:
        raise ExtractError("record text is empty once its markup is removed")
    return [
        Document(
            text=_checked(text),
            kind="article",
            title=item.meta.get("title") or None,
            url=item.url,
            source=item.source,
            published=resolve_published(item, published, text),
            language=detect_language(text),
        )
    ]
