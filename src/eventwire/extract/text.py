"""A RawItem holding a plain-text page to its Documents."""

from __future__ import annotations

from eventwire import settings
from eventwire.extract.dates import resolve_published
from eventwire.extract.decode import DecodeError, decode
from eventwire.extract.page import documents_from_text
from eventwire.model import Document, Published, RawItem


def documents_from_raw_text(item: RawItem, published: Published | None = None) -> list[Document]:
    """Decode and segment a plain-text page; raises DecodeError with the reason it cannot."""
    text = decode(item.data, item.meta.get("charset"))
    if len(text) > settings.MAX_DOCUMENT_CHARS:
        raise DecodeError(
            f"text of {len(text):,} characters is over the {settings.MAX_DOCUMENT_CHARS:,} limit"
        )
    published = resolve_published(item, published, text)
    docs = documents_from_text(text, source=item.source, url=item.url, published=published)
    if not docs:
        raise DecodeError("no article or headline text found (only boilerplate)")
    return docs
