"""The one orchestration of the stages: raw item → documents → annotated page → result.

Every way of running eventwire goes through here: `analyze()` from Python, `eventwire
analyze`, the local process pool (engines/local.py) and the Ray engine (engines/ray.py). Each
calls `process_batch` (or `process_input`, its one-input form) on raw items, so an HTML page
is extracted the same way wherever it comes from, and a page's documents are analysed
together: the page is the unit of analysis (`annotate_pages`), because its article's casing and
names are the evidence for reading its headlines.

Everything here is a plain function of its arguments: the spaCy pipeline is loaded once per
process (analyze/nlp.py) and the analyzers keep no state from one page to the next, so the same
inputs give the same documents on any engine and in any order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventwire import settings
from eventwire.analyze.base import Analyzer, PageContext, check_chain, extractor_id
from eventwire.analyze.minhash import MinHashParams, signature
from eventwire.model import Document, InputResult, Published, RawItem, Reject, parse_published

if TYPE_CHECKING:
    from spacy.language import Language

#: The Document fields whose records carry an `extractor`.
_STAMPED = ("mentions", "entities", "times", "quantities", "events", "measures")


# -- analyzers ---------------------------------------------------------------------------------


def default_analyzers() -> list[Analyzer]:
    """The analyzers eventwire runs, in order: each may use what the ones before it wrote."""
    from eventwire.analyze.actors import ActorAnalyzer
    from eventwire.analyze.entities import EntityAnalyzer
    from eventwire.analyze.events import EventAnalyzer
    from eventwire.analyze.measures import MeasureAnalyzer
    from eventwire.analyze.quantities import QuantityAnalyzer
    from eventwire.analyze.time import TimeAnalyzer

    return [
        EntityAnalyzer(),
        ActorAnalyzer(),
        TimeAnalyzer(),
        QuantityAnalyzer(),
        EventAnalyzer(),
        MeasureAnalyzer(),
    ]


def build_analyzers(analyzers: Sequence[Analyzer] | None = None) -> list[Analyzer]:
    """The analyzer chain, checked: raises analyze.base.ContractError naming the analyzer
    whose requirement no analyzer before it assigns."""
    chain = default_analyzers() if analyzers is None else list(analyzers)
    check_chain(chain)
    return chain


# -- annotation: pages of documents ------------------------------------------------------------


def annotate_pages(
    pages: Iterable[list[Document]],
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
    batch_size: int = settings.NLP_BATCH_SIZE,
    rejects: list[Reject] | None = None,
) -> Iterator[list[Document]]:
    """Annotate pages, yielding each page's documents (in order) when done.

    Whole pages are gathered until `batch_size` documents are waiting, then parsed in one
    `nlp.pipe` call (spaCy is markedly faster on batches than page by page); each page is
    truecased on its own evidence and annotated with its own `PageContext`. With `rejects`
    given, a document whose analysis fails becomes a Reject there and the rest go on; without
    it, the error is raised (library callers see their bugs).
    """
    for done, page_rejects in _annotated(pages, analyzers, nlp, batch_size, rejects is None):
        if rejects is not None:
            rejects.extend(page_rejects)
        yield done


def annotate(
    docs: Iterable[Document],
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
    batch_size: int = settings.NLP_BATCH_SIZE,
    rejects: list[Reject] | None = None,
) -> Iterator[Document]:
    """Annotate a stream of documents: consecutive documents of one page (an article, then
    the headlines whose `parent_id` is its id) are analysed together as that page."""
    for page in annotate_pages(
        _pages(docs), analyzers=analyzers, nlp=nlp, batch_size=batch_size, rejects=rejects
    ):
        yield from page


def annotate_page(
    docs: list[Document],
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
    rejects: list[Reject] | None = None,
) -> list[Document]:
    """The documents of one page (an article and its headlines), annotated."""
    pages = annotate_pages([docs], analyzers=analyzers, nlp=nlp, rejects=rejects)
    return next(pages, [])


def _pages(docs: Iterable[Document]) -> Iterator[list[Document]]:
    page: list[Document] = []
    for doc in docs:
        if page and not (doc.parent_id and doc.parent_id == page[0].id):
            yield page
            page = []
        page.append(doc)
    if page:
        yield page


def _annotated(
    pages: Iterable[list[Document]],
    analyzers: Sequence[Analyzer] | None,
    nlp: Language | None,
    batch_size: int,
    strict: bool,
) -> Iterator[tuple[list[Document], list[Reject]]]:
    """(annotated documents, rejects) of each page, in order."""
    from eventwire.analyze.parse import parse_pages

    chain = build_analyzers(analyzers)
    waiting: list[list[Document]] = []
    count = 0
    for page in pages:
        waiting.append(page)
        count += len(page)
        if count >= batch_size:
            yield from _annotate_batch(waiting, chain, parse_pages(waiting, nlp), strict)
            waiting, count = [], 0
    if waiting:
        yield from _annotate_batch(waiting, chain, parse_pages(waiting, nlp), strict)


def _annotate_batch(
    pages: list[list[Document]], chain: list[Analyzer], parsed_pages: list, strict: bool
) -> Iterator[tuple[list[Document], list[Reject]]]:
    for page, parsed in zip(pages, parsed_pages, strict=True):
        context = PageContext()
        done: list[Document] = []
        rejects: list[Reject] = []
        for doc, p in zip(page, parsed, strict=True):
            try:
                for analyzer in chain:
                    analyzer(doc, p, context)
                    _stamp(doc, analyzer)
            except Exception as exc:
                if strict:
                    raise
                reason = f"{extractor_id(analyzer)} failed on {doc.id[:12]}: {exc!r}"
                rejects.append(Reject(doc.source or doc.id, "analyze", reason))
                continue
            done.append(doc)
        yield done, rejects


def _stamp(doc: Document, analyzer: Analyzer) -> None:
    """Mark the records an analyzer added with its name and version."""
    name = extractor_id(analyzer)
    for field_name in analyzer.assigns:
        if field_name in _STAMPED:
            for record in getattr(doc, field_name):
                if not record.extractor:
                    record.extractor = name


# -- processing raw items: what every engine runs ----------------------------------------------


@dataclass(frozen=True, slots=True)
class StageConfig:
    """What every worker needs to process inputs the same way: passed to each explicitly."""

    minhash: MinHashParams = field(default_factory=MinHashParams)
    published: Published | None = None
    batch_size: int = settings.NLP_BATCH_SIZE
    # Every setting as the parent process has it (CLI overrides included): a worker started
    # by any method (fork, spawn, a Ray actor) applies it before its first input.
    settings: dict[str, Any] = field(default_factory=settings.snapshot)


@dataclass(slots=True)
class Task:
    """One input to process: the raw item (or the reject the source gave instead)."""

    item: RawItem | Reject
    content_hash: str

    @property
    def source(self) -> str:
        return self.item.source if isinstance(self.item, RawItem) else self.item.input


def content_hash(data: bytes) -> str:
    """sha256 of an input's bytes: with its source, the key that makes reruns skip it."""
    return hashlib.sha256(data).hexdigest()


def task_for(item: RawItem | Reject) -> Task:
    """The task for an item from a source; a reject's key is its input with an empty hash."""
    if isinstance(item, Reject):
        return Task(item, "")
    return Task(item, content_hash(item.data))


def process_batch(
    tasks: Sequence[Task],
    config: StageConfig,
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
) -> list[InputResult]:
    """Extract, annotate and sign a batch of inputs: each one's documents, or why not.

    Results come back in the order of `tasks`. Every page is annotated as a unit; the pages of
    the whole batch share `nlp.pipe` calls.
    """
    results: list[InputResult] = []
    pages: list[tuple[InputResult, list[Document]]] = []
    for task in tasks:
        result, docs = _extracted(task, config)
        results.append(result)
        if docs:
            pages.append((result, docs))
    try:
        annotated = list(
            _annotated((d for _, d in pages), analyzers, nlp, config.batch_size, strict=False)
        )
    except Exception:
        # The parse itself failed on something in the batch: go page by page, so that one
        # bad page loses only its own documents.
        for result, docs in pages:
            _annotate_alone(result, docs, analyzers, nlp)
    else:
        for (result, _), (done, rejects) in zip(pages, annotated, strict=True):
            result.documents = done
            result.rejects.extend(rejects)
    for result in results:
        result.signatures = [signature(d.text, config.minhash) for d in result.documents]
    return results


def process_input(
    task: Task,
    config: StageConfig,
    *,
    analyzers: Sequence[Analyzer] | None = None,
    nlp: Language | None = None,
) -> InputResult:
    """`process_batch` for a single input."""
    return process_batch([task], config, analyzers=analyzers, nlp=nlp)[0]


def _extracted(task: Task, config: StageConfig) -> tuple[InputResult, list[Document]]:
    from eventwire.extract.dispatch import ExtractError, extract

    item = task.item
    if isinstance(item, Reject):
        return InputResult(item.input, task.content_hash, rejects=[item]), []
    result = InputResult(
        item.source, task.content_hash, item.url, item.content_type, len(item.data)
    )
    try:
        return result, extract(item, config.published)
    except ExtractError as exc:
        result.rejects.append(Reject(item.source, "extract", str(exc)))
    except Exception as exc:  # a bug on one odd input must not stop a crawl-sized ingest
        result.rejects.append(Reject(item.source, "extract", f"extraction failed: {exc!r}"))
    return result, []


def _annotate_alone(result: InputResult, docs: list[Document], analyzers, nlp) -> None:  # type: ignore[no-untyped-def]
    rejects: list[Reject] = []
    try:
        result.documents = annotate_page(docs, analyzers=analyzers, nlp=nlp, rejects=rejects)
        result.rejects.extend(rejects)
    except Exception as exc:  # the parse itself failed: every document of the page is lost
        result.documents = []
        result.rejects.extend(
            Reject(d.source or result.source, "analyze", f"parse failed: {exc!r}") for d in docs
        )


# -- the library's entry point ------------------------------------------------------------------


def analyze(
    text: str,
    published: str | dt.date | None = None,
    *,
    source: str | None = None,
    url: str | None = None,
) -> list[Document]:
    """The documents found in a news page (a saved text page or an HTML page), annotated.

    The page is read as `eventwire analyze` and `eventwire ingest` read it: HTML is extracted
    (main text, metadata, headline lists), a text page is split into its article and the
    headlines listed on it. `published` (YYYY-MM-DD or a date) anchors relative dates; without
    it (and without a date the page states), dates whose year the text does not give keep an
    unknown year (XXXX-04-02). A text with no article or headline in it (empty, blank, only
    boilerplate) gives no documents.
    """
    if not text.strip():
        return []
    item = RawItem(source=source or "<text>", data=text.encode("utf-8"), url=url)
    config = StageConfig(published=parse_published(published))
    _, docs = _extracted(task_for(item), config)
    return annotate_page(docs) if docs else []
