"""Composes the stages: text → documents → annotated documents.

`annotate` is a plain function over an iterator of Documents, so the same code runs in one
process, in a process pool (engines/local.py) or inside a Ray Data batch (engines/ray.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language

from eventwire import settings
from eventwire.analyze.actors import ActorAnalyzer
from eventwire.analyze.base import Analyzer, check_chain, extractor_id
from eventwire.analyze.entities import EntityAnalyzer
from eventwire.analyze.events import EventAnalyzer
from eventwire.analyze.measures import MeasureAnalyzer
from eventwire.analyze.parse import parse
from eventwire.analyze.quantities import QuantityAnalyzer
from eventwire.analyze.time import TimeAnalyzer
from eventwire.extract.page import documents_from_text
from eventwire.model import Document, Published, Reject


def default_analyzers() -> list[Analyzer]:
    """The analyzers `analyze` runs, in order: each may use what the ones before it wrote."""
    return [
        EntityAnalyzer(),
        ActorAnalyzer(),
        TimeAnalyzer(),
        QuantityAnalyzer(),
        EventAnalyzer(),
        MeasureAnalyzer(),
    ]


def parse_published(value: str | dt.date | None) -> Published:
    """A user-given publication date as a `Published`; raises ValueError on a malformed date."""
    if value is None:
        return Published()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Published(value.isoformat(), "user")
    try:
        return Published(dt.date.fromisoformat(value.strip()).isoformat(), "user")
    except ValueError:
        raise ValueError(
            f"publication date {value!r} is not a date of the form YYYY-MM-DD"
        ) from None


def annotate(
    docs: Iterable[Document],
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
    batch_size: int = settings.NLP_BATCH_SIZE,
    rejects: list[Reject] | None = None,
) -> Iterator[Document]:
    """Parse and annotate documents in batches, yielding each when done.

    With `rejects` given, a document whose analysis fails becomes a Reject there and the
    batch goes on; without it, the error is raised (library callers see their bugs).
    """
    analyzers = default_analyzers() if analyzers is None else analyzers
    check_chain(analyzers)
    iterator = iter(docs)
    while batch := list(itertools.islice(iterator, batch_size)):
        parsed = parse(batch, nlp)
        for doc, p in zip(batch, parsed, strict=True):
            try:
                for analyzer in analyzers:
                    analyzer(doc, p)
            except Exception as exc:
                if rejects is None:
                    raise
                rejects.append(
                    Reject(
                        input=doc.source or doc.id,
                        stage="analyze",
                        reason=f"{extractor_id(analyzer)} failed on {doc.id[:12]}: {exc!r}",
                    )
                )
                continue
            yield doc


def analyze(
    text: str,
    published: str | dt.date | None = None,
    *,
    source: str | None = None,
    url: str | None = None,
) -> list[Document]:
    """The documents found in a news text (a page's article and headlines), fully annotated.

    `published` (YYYY-MM-DD or a date) anchors relative dates; without it, dates whose year
    the text does not give keep an unknown year (XXXX-04-02).
    """
    docs = documents_from_text(text, source=source, url=url, published=parse_published(published))
    # One batch per page: the article's casing is the evidence for truecasing its headlines.
    return list(annotate(docs, batch_size=max(len(docs), 1)))
