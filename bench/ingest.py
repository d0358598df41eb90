"""Ingest throughput, memory and database size: `eventwire ingest` on generated articles.

    .venv/bin/python bench/ingest.py [--docs 20000] [--workers 1 2] [--keep DIR]

Writes --docs articles (one file each; sentences generated from the templates below, written
for this benchmark) and runs the real command, `python -m eventwire ingest FOLDER --db X
--workers N --published 2025-05-14`, once per worker count, on a fresh database each time.
While it runs, a sampler reads the process tree's resident memory from /proc and the
document count from the database (read-only) every SAMPLE_S seconds.

Prints per worker count: wall time and documents/s (all of it, start-up included), the
steady rate (from 10% of the documents to the end: what a long ingest sustains), the peak
resident memory of the whole tree (writer + workers) and of its largest process, the
writer's memory at 25/50/75/100% of the corpus (flat = no growth with corpus size), and the
database size per document; then the speed-up of each worker count over the first.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_S = 0.5
PUBLISHED = "2025-05-14"

COUNTRIES = (
    "Japan", "Chile", "Peru", "Canada", "Kenya", "Norway", "Brazil", "India", "Poland",
    "Vietnam", "Mexico", "Egypt", "Turkey", "Germany", "France", "Ghana", "Indonesia",
    "Australia", "Nigeria", "Argentina",
)  # fmt: skip
CITIES = (
    "Lima", "Nairobi", "Oslo", "Warsaw", "Hanoi", "Cairo", "Ankara", "Berlin", "Accra",
    "Ottawa", "Brasilia", "Tokyo", "Santiago", "Jakarta", "Canberra", "Abuja", "Geneva",
)  # fmt: skip
PEOPLE = (
    "Maria Okafor", "Kenji Watanabe", "Ana Lucia Torres", "Piotr Nowak", "Amina Haddad",
    "Lars Eriksen", "Priya Raman", "Daniel Mwangi", "Sofia Marquez", "Tran Van Minh",
)  # fmt: skip
ROLES = ("trade minister", "finance minister", "foreign minister", "central bank governor")
COMPANIES = (
    "Andes Copper", "Nordic Freight", "Sakura Motors", "Baltic Steelworks", "Savanna Coffee",
    "Pacific Solar", "Delta Fertilisers", "Meridian Shipping",
)  # fmt: skip
PRODUCTS = ("steel", "copper", "rice", "cars", "solar panels", "coffee", "timber", "fertiliser")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
TEMPLATES = (
    "Officials from {a} and {b} met in {city} on {day} to discuss trade in {product}.",
    "{person}, the {role} of {a}, said the government would raise tariffs on {product} "
    "from {b} to {n}% from {month} {d}.",
    "Ministers from {b} travelled to {city} for a second round of talks with {a} last week.",
    "Exports of {product} from {a} fell {n}% in the first quarter, the statistics office said.",
    "{a} accused {b} of dumping cheap {product} on its market and threatened to file a "
    "complaint with the World Trade Organization.",
    "Protesters gathered outside the parliament in {city} on {day} to oppose the agreement.",
    "{company} said its net profit fell {n}% to ${m} million in the year to March.",
    "Analysts expect {a} to cut its forecast for {product} output by {n}% this year.",
    "The central bank of {b} kept interest rates unchanged at {n}% on {day}, citing "
    "uncertainty over trade.",
    "Talks between {a} and {b} on a new {product} quota will resume in {city} on {month} {d}.",
    "{person} told reporters in {city} that {a} was ready to lift its ban on {product} "
    "imports if {b} dropped its own duties.",
    "Shares in {company} rose {n}% after the company won a contract worth ${m} million.",
)


def article(rng: random.Random, serial: int) -> str:
    """A title line and 8 to 14 sentences in two or three paragraphs; unique by `serial`."""
    a, b = rng.sample(COUNTRIES, 2)
    title = f"{a} and {b} trade talks: {rng.choice(PRODUCTS)} on the agenda"
    sentences = []
    for _ in range(rng.randint(8, 14)):
        x, y = rng.sample(COUNTRIES, 2)
        sentences.append(
            rng.choice(TEMPLATES).format(
                a=x,
                b=y,
                city=rng.choice(CITIES),
                person=rng.choice(PEOPLE),
                role=rng.choice(ROLES),
                company=rng.choice(COMPANIES),
                product=rng.choice(PRODUCTS),
                month=rng.choice(MONTHS),
                d=rng.randint(1, 28),
                day=rng.choice(DAYS),
                n=rng.randint(2, 60),
                m=rng.randint(5, 900),
            )
        )
    sentences.append(f"This was report number {serial} in the series.")
    cut = sorted(rng.sample(range(2, len(sentences) - 1), 2))
    paragraphs = [sentences[: cut[0]], sentences[cut[0] : cut[1]], sentences[cut[1] :]]
    return title + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 2025) -> int:
    """`n` article files (in subfolders of 1,000); the total characters written."""
    rng = random.Random(seed)
    chars = 0
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = article(rng, i)
        chars += len(text)
        (sub / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return chars


# -- measuring ---------------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@dataclass
class Sample:
    t: float
    documents: int
    writer_kb: int
    tree_kb: int
    largest_kb: int
    writer_cpu_s: float


@dataclass
class Run:
    workers: int
    wall: float = 0.0
    documents: int = 0
    db_bytes: int = 0
    samples: list[Sample] = field(default_factory=list)
    returncode: int = 0
    cpu_s: float = 0.0  # user + system CPU of the whole process tree

    @property
    def writer_cpu_s(self) -> float:
        return self.samples[-1].writer_cpu_s if self.samples else 0.0

    @property
    def rate(self) -> float:
        return self.documents / self.wall

    def steady_rate(self) -> float:
        """Documents/s from 10% of the corpus to the end (start-up excluded)."""
        start = next((s for s in self.samples if s.documents >= self.documents * 0.1), None)
        if start is None or self.wall <= start.t:
            return float("nan")
        return (self.documents - start.documents) / (self.wall - start.t)

    def at(self, share: float) -> Sample:
        """The first sample taken once `share` of the documents were stored."""
        hits = [s for s in self.samples if s.documents >= self.documents * share]
        return hits[0] if hits else self.samples[-1]


def run_ingest(corpus: Path, db: Path, workers: int) -> Run:
    cmd = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db)]
    cmd += ["--workers", str(workers), "--published", PUBLISHED]
    run = Run(workers)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers can be stopped with it
    )
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_S):
            pids = _tree(proc.pid)
            rss = [_rss_kb(p) for p in pids]
            run.samples.append(
                Sample(
                    time.monotonic() - started,
                    _documents(db),
                    rss[0],
                    sum(rss),
                    max(rss),
                    _cpu_s(proc.pid),
                )
            )

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, err = proc.communicate()
    finally:
        if proc.poll() is None:  # interrupted: stop the ingest and its workers too
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        done.set()
        sampler.join()
    run.wall = time.monotonic() - started
    run.returncode = proc.returncode
    # Every process of the tree has been waited for (the pool joins its workers): their CPU
    # time is in RUSAGE_CHILDREN now.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(err.decode(errors="replace"), file=sys.stderr)
    run.documents = _documents(db)
    # The database file alone, its write-ahead log folded in (the sampler's readers can keep
    # the writer from removing the log when it closes).
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    run.db_bytes = db.stat().st_size
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="articles to generate")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="write corpus and databases here and keep them")
    args = parser.parse_args()
    # `timeout` and friends send SIGTERM: unwind normally so the temporary files go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = args.keep or Path(tempfile.mkdtemp(prefix="eventwire-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    try:
        if corpus.exists():
            shutil.rmtree(corpus)
        chars = write_corpus(corpus, args.docs)
        print(
            f"corpus: {args.docs:,} articles, {chars / args.docs:,.0f} characters each on average"
            f" ({chars / 1e6:.1f} MB); machine: {os.cpu_count()} CPUs,"
            f" load average {os.getloadavg()[0]:.1f}"
        )
        runs = []
        for workers in args.workers:
            db = work / f"bench-w{workers}.db"
            for old in work.glob(db.name + "*"):
                old.unlink()
            run = run_ingest(corpus, db, workers)
            runs.append(run)
            if run.returncode != 0:
                sys.exit(f"ingest with --workers {workers} failed ({run.returncode})")
            tree = max(s.tree_kb for s in run.samples) / 1024
            largest = max(s.largest_kb for s in run.samples) / 1024
            shares = (0.25, 0.5, 0.75, 1.0)
            flat = " / ".join(f"{run.at(x).writer_kb / 1024:.0f}" for x in shares)
            flat_largest = " / ".join(f"{run.at(x).largest_kb / 1024:.0f}" for x in shares)
            print(
                f"--workers {workers}: {run.documents:,} documents in {run.wall:.1f} s ="
                f" {run.rate:.1f} docs/s (steady {run.steady_rate():.1f} docs/s);"
                f" peak RSS {tree:.0f} MB all processes, {largest:.0f} MB largest;"
                f" RSS at 25/50/75/100% of the documents: writer {flat} MB,"
                f" largest process {flat_largest} MB;"
                f" database {run.db_bytes / 1e6:.1f} MB = {run.db_bytes / run.documents / 1e3:.1f}"
                f" kB/document; CPU {run.cpu_s:.0f} s = {run.cpu_s / run.documents * 1e3:.1f}"
                f" ms/document ({run.writer_cpu_s:.0f} s in the writer process);"
                f" load average now {os.getloadavg()[0]:.1f}"
            )
        base = runs[0]
        for run in runs[1:]:
            # On idle cores (at least as many as processes that are busy) the wall time is
            # the CPU time spread over the workers, unless the writer alone takes longer.
            idle = max(run.cpu_s / run.workers, run.writer_cpu_s)
            idle_base = max(base.cpu_s / base.workers, base.writer_cpu_s)
            print(
                f"speed-up --workers {run.workers} over --workers {base.workers}:"
                f" {run.rate / base.rate:.2f}x measured overall,"
                f" {run.steady_rate() / base.steady_rate():.2f}x measured steady;"
                f" {idle_base / idle:.2f}x projected on {run.workers} idle cores from CPU time"
                " (the measured figures depend on what else the machine runs)"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
