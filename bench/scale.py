"""Scale-out: documents/s of the local engine (1 and 2 workers) and the Ray engine (1 and 2
actors) on the same generated crawl, in one run.

    .venv/bin/python bench/scale.py [--docs 400] [--files 8] [--keep DIR]

The crawl is WARC.gz and JSON-lines shards of generated articles (tests/engines/crawl.py),
with exact and near copies across shards. Each configuration analyses the whole crawl from
scratch: the local engine into a fresh SQLite database, the Ray engine (a fresh local Ray
instance with a CPU per actor) into fresh shards, then `load` into a database (timed apart).

Per configuration it prints the wall time (start-up included: Ray's start, each worker
loading spaCy), documents/s over all of it, and the steady rate: documents/s from the first
progress report to the end, what a long job sustains once its workers are up. The speed-ups
compare steady rates. Both engines count documents analysed (before deduplication).

CPU per document does not depend on what else the machine runs, as wall times do: for the
local engine it is every process's (start-up, spaCy loading and the writer included), for Ray
the actors' time in their batches (analysis and shard writing; not Ray's own processes, the
reading tasks or the actors' start-up).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engines.crawl import write_crawl  # noqa: E402

from eventwire.engines.local import IngestReport  # noqa: E402
from eventwire.engines.local import ingest as local_ingest  # noqa: E402
from eventwire.model import Published  # noqa: E402

PUBLISHED = Published("2025-05-14", "user")
#: Inputs per batch for both engines: small enough that progress comes often on a small crawl.
BATCH = 8


@dataclass
class Run:
    name: str
    started: float = field(default_factory=time.monotonic)
    points: list[tuple[float, int]] = field(default_factory=list)  # (time, documents so far)
    documents: int = 0
    wall: float = 0.0
    load_s: float | None = None
    cpu_s: float = 0.0  # CPU time of the analysis (see main's docstring for what it covers)

    def tick(self, documents: int) -> None:
        self.points.append((time.monotonic(), documents))

    def finish(self, documents: int) -> None:
        self.wall = time.monotonic() - self.started
        self.documents = documents
        self.points.append((time.monotonic(), documents))

    @property
    def rate(self) -> float:
        return self.documents / self.wall

    @property
    def steady(self) -> float:
        """Documents/s from the time a tenth of the documents were done to the end."""
        tenth = next((p for p in self.points if p[1] >= self.documents / 10), self.points[0])
        (t0, d0), (t1, d1) = tenth, self.points[-1]
        return (d1 - d0) / (t1 - t0) if t1 > t0 and d1 > d0 else self.rate


def run_local(corpus: Path, work: Path, workers: int) -> Run:
    run = Run(f"local --workers {workers}")

    def on_batch(report: IngestReport) -> None:
        run.tick(report.stats.documents + report.stats.duplicates)

    cpu = _cpu()
    report = local_ingest(
        [str(corpus)],
        work / f"local-{workers}.db",
        workers=workers,
        published=PUBLISHED,
        batch_inputs=BATCH,
        on_batch=on_batch,
    )
    run.finish(report.stats.documents + report.stats.duplicates)
    run.cpu_s = _cpu() - cpu
    return run


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's workers
    end with the ingest)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_ray(corpus: Path, work: Path, actors: int) -> Run:
    import ray

    from eventwire.engines import ray as ray_engine
    from eventwire.store.shards import load

    run = Run(f"ray --ray-actors {actors}")
    on_batch: Callable[[ray_engine.RayReport], None] = lambda r: run.tick(r.documents)  # noqa: E731
    ray_engine.start_ray(None, actors)
    try:
        report = ray_engine.ingest(
            [str(corpus)],
            work / f"shards-{actors}",
            actors=actors,
            batch_inputs=BATCH,
            published=PUBLISHED,
            on_batch=on_batch,
        )
    finally:
        ray.shutdown()
    run.finish(report.documents)
    run.cpu_s = report.cpu_s
    # Progress arrives when a Ray task ends (a task may hold several batches): the steady
    # rate uses the times the actors finished each batch, on the same clock as `wall`.
    offset = time.time() - time.monotonic()
    run.points, done = [], 0
    for finished, documents in sorted(report.timeline):
        done += documents
        run.points.append((finished - offset, done))
    started = time.monotonic()
    load(work / f"shards-{actors}", work / f"ray-{actors}.db")
    run.load_s = time.monotonic() - started
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="articles in the crawl")
    parser.add_argument("--files", type=int, default=8, help="shard files (half WARC.gz)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="eventwire-scale-"))
    corpus = work / "crawl"
    half = max(1, args.files // 2)
    write_crawl(corpus, warcs=half, jsonls=half, per_shard=max(1, args.docs // (2 * half)))
    size = sum(p.stat().st_size for p in corpus.iterdir())
    print(
        f"crawl: {len(list(corpus.iterdir()))} files ({size / 1e6:.1f} MB);"
        f" machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    runs = []
    try:
        for n in (1, 2):
            runs.append(run_local(corpus, work, n))
            print(_line(runs[-1]), flush=True)
        for n in (1, 2):
            runs.append(run_ray(corpus, work, n))
            print(_line(runs[-1]), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    local1, local2, ray1, ray2 = runs
    print(
        f"speed-up, steady: local 2 workers / 1 = {local2.steady / local1.steady:.2f}x;"
        f" Ray 2 actors / 1 = {ray2.steady / ray1.steady:.2f}x"
        f" (overall: {local2.rate / local1.rate:.2f}x, {ray2.rate / ray1.rate:.2f}x);"
        f" load average now {os.getloadavg()[0]:.1f}"
    )


def _line(run: Run) -> str:
    text = (
        f"{run.name}: {run.documents:,} documents in {run.wall:.1f} s = {run.rate:.1f} docs/s"
        f" (steady {run.steady:.1f} docs/s)"
    )
    text += f"; CPU {1000 * run.cpu_s / run.documents:.0f} ms/document"
    if run.load_s is not None:
        text += f"; load into SQLite {run.load_s:.1f} s"
    return text


if __name__ == "__main__":
    main()
