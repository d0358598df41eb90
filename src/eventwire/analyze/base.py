"""The analyzer contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.model import Document


class Analyzer(Protocol):
    """A named component that adds annotations to a document.

    `parsed` is the spaCy parse of `doc.text`. Its text has exactly the same length and
    offsets as `doc.text` but may differ in letter case (title-case headlines are truecased
    before parsing), so analyzers read token *text* from `parsed` but always build spans
    from `doc.text` with `Span.of(doc.text, start, end)`.
    """

    name: str
    version: str

    def __call__(self, doc: Document, parsed: Doc) -> None: ...


def extractor_id(analyzer: Analyzer) -> str:
    """The `extractor` value records carry: "name/version"."""
    return f"{analyzer.name}/{analyzer.version}"
