"""A plain-text page (a saved news page) to its documents: one article and its headlines."""

from __future__ import annotations

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

    Headlines point at the page's article with `parent_id`, when the page has one. Every
    document of the page has the page's publication date (`published`, resolved by the
    caller): a headline listed on a dated page is dated by it, though its own text is not.
    """
    published = published or Published()
    docs: list[Document] = []
    article: Document | None = None
    for segment in segment_page(text):
        doc = Document(
            text=segment.text,
            kind=segment.kind,
            title=segment.title,
            url=url,
            source=source,
            published=published,
            language=detect_language(segment.text),
        )
        if segment.kind == "article" and article is None:
            article = doc
        elif article is not None:
            doc.parent_id = article.id
            doc.language = doc.language or article.language  # a terse headline of an English page
        docs.append(doc)
    return docs
