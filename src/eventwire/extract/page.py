"""A plain-text page (a saved news page) to its documents: one article and its headlines."""

from __future__ import annotations

from eventwire.analyze.time import infer_published
from eventwire.extract.language import detect_language
from eventwire.extract.segment import segment_page
from eventwire.model import Document, Published


def documents_from_text(
    text: str,
    *,
    source: str | None = None,
    url: str | None = None,
    published: Published | None = None,
) -> list[Document]:
    """The article and headline documents of a saved page, boilerplate dropped.

    Headlines point at the page's article with `parent_id`, when the page has one.
    """
    published = published or Published()
    if published.date is None:
        # A dateline or "Published May 14, 2025" line dates the whole page: the headlines
        # listed on it inherit it too, though their own text holds no date.
        inferred = infer_published(text)
        if inferred:
            published = Published(inferred, "text")
    docs: list[Document] = []
    article: Document | None = None
    for segment in segment_page(text):
        doc = Document(
            text=segment.text,
            kind=segment.kind,
            title=segment.title,
            url=url,
            source=source,
            published=Published(published.date, published.origin),
            language=detect_language(segment.text),
        )
        if segment.kind == "article" and article is None:
            article = doc
        elif article is not None:
            doc.parent_id = article.id
            doc.language = doc.language or article.language  # a terse headline of an English page
        docs.append(doc)
    return docs
