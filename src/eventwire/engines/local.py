"""The local engine: ingest on one machine, a process pool analysing, one process writing.

The parent reads the sources, skips inputs an earlier run stored, cuts the rest into
batches of whole inputs and hands them to worker processes (each loads spaCy once); it takes
the results back in input order and writes each batch in one SQLite transaction. Only a
bounded number of batches is ever in flight, so memory stays flat however large the corpus.

Killed at any point, the database holds whole batches only (WAL + one transaction per
batch); run the same command again and it skips what is stored and finishes the job, ending
with the same content as an uninterrupted run, because results are written in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from eventwire import settings
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import InputResult, Published, RawItem, Reject
from eventwire.pipeline import StageConfig, Task, process_batch, task_for
from eventwire.store.schema import connect
from eventwire.store.writer import Writer, WriteStats


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did, updated after every batch."""

    stats: WriteStats = field(default_factory=WriteStats)
    read: int = 0  # inputs the sources gave, stored before or not
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def documents_per_second(self) -> float:
        handled = self.stats.documents + self.stats.duplicates
        return handled / self.elapsed if self.elapsed > 0 else 0.0


# -- worker side ------------------------------------------------------------------------------

_worker_config: StageConfig | None = None


_PR_SET_PDEATHSIG = 1  # <sys/prctl.h>


def _die_with_parent() -> None:
    """Have the kernel kill this worker when the process that started it dies (Linux).

    A parent killed with SIGKILL runs no cleanup: without this its workers would wait on
    their task pipe (holding spaCy's ~300 MB each, and the resource tracker alive) for as
    long as anything keeps the pipe open. Elsewhere the pool's own EOF handling is all.
    """
    import ctypes
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the parent died before the request took effect


def _init_worker(config: StageConfig) -> None:
    global _worker_config
    _die_with_parent()
    _worker_config = config
    settings.apply(config.settings)  # the run's settings, CLI overrides included
    # Ctrl-C is the parent's to handle: it rolls back its open batch and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from eventwire.analyze import nlp

    nlp.load()  # once per process, before the first batch


def _run_batch(tasks: Sequence[Task]) -> list[InputResult]:
    assert _worker_config is not None, "worker not initialised"
    return process_batch(tasks, _worker_config)


# -- parent side ------------------------------------------------------------------------------


class LocalPool:
    """Runs `process_batch` over batches, in order, in `workers` processes (or in this
    process when `workers` is 1, where a pool would only add copying)."""

    def __init__(self, workers: int, config: StageConfig) -> None:
        self.workers = max(1, workers)
        self.config = config

    def map(self, batches: Iterable[list[Task]]) -> Iterator[list[InputResult]]:
        if self.workers == 1:
            for batch in batches:
                yield process_batch(batch, self.config)
            return
        # spawn, not fork: the parent may run threads (the progress display), and a forked
        # child inherits their locks in whatever state they were.
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.config,),
        )
        window: deque[Future[list[InputResult]]] = deque()
        limit = self.workers * settings.INGEST_BATCHES_IN_FLIGHT_PER_WORKER
        try:
            for batch in batches:
                window.append(pool.submit(_run_batch, batch))
                if len(window) >= limit:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _batches(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    batch: list[Task] = []
    for task in tasks:
        batch.append(task)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_reader(
    inputs: Sequence[str], options: SourceOptions | None = None
) -> Iterable[RawItem | Reject]:
    """Every item of every input kind (files, folders, archives, feeds, WARC, URLs)."""
    return iter_raw(inputs, options=options or SourceOptions())


def ingest(
    inputs: Sequence[str],
    db: str | Path,
    *,
    workers: int = 1,
    published: Published | None = None,
    threshold: float | None = None,
    source_options: SourceOptions | None = None,
    batch_inputs: int = settings.INGEST_BATCH_INPUTS,
    reader: Callable[
        [Sequence[str], SourceOptions | None], Iterable[RawItem | Reject]
    ] = default_reader,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read, analyse and store `inputs` into the database at `db` (created when missing).

    Inputs already stored (same source, same bytes) are skipped, so running the same
    command twice, or again after a crash, stores each input exactly once. On Ctrl-C the
    open batch is rolled back and the report says `interrupted`.
    """
    conn = connect(db, create=True)
    report = IngestReport()
    try:
        writer = Writer(conn, threshold=threshold)
        config = StageConfig(minhash=writer.params, published=published)
        pending: set[tuple[str, str]] = set()

        def tasks() -> Iterator[Task]:
            for item in reader(inputs, source_options):
                report.read += 1
                task = task_for(item)
                key = (task.source, task.content_hash)
                # `pending`: the same input twice in one run (a path given twice) before
                # its first copy is committed.
                if key in pending or writer.is_stored(*key):
                    report.stats.skipped += 1
                    continue
                pending.add(key)
                yield task

        try:
            for results in LocalPool(workers, config).map(_batches(tasks(), batch_inputs)):
                report.stats.add(writer.write_batch(results))
                pending.difference_update((r.source, r.content_hash) for r in results)
                if on_batch is not None:
                    on_batch(report)
        except KeyboardInterrupt:
            report.interrupted = True
    finally:
        conn.close()
    return report
