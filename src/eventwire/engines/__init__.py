"""Engines run the ingest stages over many inputs: the same stage functions everywhere.

`process_batch` is the work of one batch of inputs (extract → annotate → MinHash
signatures), a pure function of its arguments: engines/local.py runs it in a process pool,
a Ray engine would run it in `map_batches`. Storing (deduplication, event merging) happens
in one writer afterwards, in the order the inputs were read, which is what makes a resumed
ingest end with the same database as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.extract.dispatch import ExtractError, extract
from eventwire.model import Published, RawItem, Reject
from eventwire.pipeline import annotate
from eventwire.store.dedup import MinHashParams, signature
from eventwire.store.writer import InputResult


@dataclass(frozen=True, slots=True)
class StageConfig:
    """What every worker needs to process inputs the same way."""

    minhash: MinHashParams
    published: Published | None = None


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


def process_input(task: Task, config: StageConfig) -> InputResult:
    """Extract, annotate and sign one input: every document it yields, or why not."""
    item = task.item
    if isinstance(item, Reject):
        return InputResult(item.input, task.content_hash, rejects=[item])
    result = InputResult(
        item.source, task.content_hash, item.url, item.content_type, len(item.data)
    )
    try:
        docs = extract(item, config.published)
    except ExtractError as exc:
        result.rejects.append(Reject(item.source, "extract", str(exc)))
        return result
    except Exception as exc:  # a bug on one odd input must not stop a crawl-sized ingest
        result.rejects.append(Reject(item.source, "extract", f"extraction failed: {exc!r}"))
        return result
    try:
        # A page's documents are parsed together: the article's casing is the evidence for
        # truecasing its headlines.
        batch = max(len(docs), 1)
        result.documents = list(annotate(docs, batch_size=batch, rejects=result.rejects))
    except Exception as exc:  # the parse itself failed: every document of the page is lost
        result.documents = []
        result.rejects.extend(
            Reject(d.source or item.source, "analyze", f"parse failed: {exc!r}") for d in docs
        )
        return result
    result.signatures = [signature(d.text, config.minhash) for d in result.documents]
    return result


def process_batch(tasks: Sequence[Task], config: StageConfig) -> list[InputResult]:
    """`process_input` over a batch, in order."""
    return [process_input(task, config) for task in tasks]
