"""Running texts through parse and every analyzer up to events and measures, as the pipeline
does: the event and measure tests use it so they see what the earlier analyzers write."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence

from spacy.tokens import Doc

from eventwire.analyze.parse import parse
from eventwire.model import Document, Published

#: The analyzers before the event coder, in pipeline order: (module, class).
_BEFORE = (
    ("eventwire.analyze.entities", "EntityAnalyzer"),
    ("eventwire.analyze.actors", "ActorAnalyzer"),
    ("eventwire.analyze.time", "TimeAnalyzer"),
    ("eventwire.analyze.quantities", "QuantityAnalyzer"),
)


@functools.cache
def analyzers() -> tuple:
    """Instances of the analyzers that exist, in pipeline order, ending with events and
    measures."""
    from eventwire.analyze.events import EventAnalyzer
    from eventwire.analyze.measures import MeasureAnalyzer

    found = []
    for module, name in _BEFORE:
        try:
            found.append(getattr(importlib.import_module(module), name)())
        except (ImportError, AttributeError):
            continue  # an analyzer another part of the project has not written yet
    return (*found, EventAnalyzer(), MeasureAnalyzer())


def run_parsed(
    texts: str | Sequence[str], *, kind: str = "article", published: str | None = None
) -> list[tuple[Document, Doc]]:
    """Documents for `texts` with their parses, parsed together and annotated by every
    analyzer."""
    if isinstance(texts, str):
        texts = [texts]
    pub = Published(published, "user") if published else Published()
    docs = [Document(text=t, kind=kind, published=pub) for t in texts]  # type: ignore[arg-type]
    parsed = parse(docs)
    for doc, p in zip(docs, parsed, strict=True):
        for analyzer in analyzers():
            analyzer(doc, p)
    return list(zip(docs, parsed, strict=True))


def run(
    texts: str | Sequence[str], *, kind: str = "article", published: str | None = None
) -> list[Document]:
    """Documents for `texts`, parsed together and annotated by every analyzer."""
    return [d for d, _ in run_parsed(texts, kind=kind, published=published)]


def annotate(docs: Sequence[Document]) -> list[Document]:
    """Parse documents together (a page's article and headlines) and run every analyzer."""
    for doc, parsed in zip(docs, parse(docs), strict=True):
        for analyzer in analyzers():
            analyzer(doc, parsed)
    return list(docs)


def analyze_page(text: str, published: str | None = None) -> list[Document]:
    """A saved page as the pipeline reads it: split into documents, then annotated."""
    from eventwire.extract.page import documents_from_text

    pub = Published(published, "user") if published else Published()
    return annotate(documents_from_text(text, published=pub))


def run_one(text: str, **kwargs) -> Document:
    return run([text], **kwargs)[0]
