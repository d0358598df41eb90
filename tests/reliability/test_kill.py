"""Killing an `ingest --workers 2` (its main process or one worker), then resuming.

Real processes, real spaCy in each worker, a real SQLite file. After any kill, nothing of the
run may be left running (workers, the multiprocessing resource tracker), and running the
ingest again must end with the same export as a run never interrupted.
"""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path

import pytest

from eventwire.engines.local import ingest
from eventwire.model import Published
from eventwire.store.export import export
from eventwire.store.schema import connect
from tests.engines.corpus import write_corpus
from tests.reliability.processes import (
    kill_session,
    session,
    start,
    stored_inputs,
    wait_for,
    workers,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

PUBLISHED = "2025-05-14"
#: Seconds the test allows for a killed run's processes to go; they go within milliseconds.
ORPHAN_GRACE_S = 5.0
#: Seconds for two workers to load spaCy and commit the first batch (an upper bound: on a
#: 2-core machine under a load average of 20 it has taken over 90 s).
FIRST_BATCH_S = 300.0


def _digest(db: Path, tmp_path: Path, name: str) -> str:
    conn = connect(db)
    digest = hashlib.sha256()
    for fmt in ("jsonl", "gdelt"):
        out = tmp_path / f"{name}.{fmt}"
        export(conn, fmt, out)
        digest.update(out.read_bytes())
    conn.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kill") / "corpus"
    write_corpus(folder, 48)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> str:
    """The export of an uninterrupted run."""
    tmp = tmp_path_factory.mktemp("reference")
    db = tmp / "ref.db"
    ingest([str(corpus)], db, published=Published(PUBLISHED, "user"))
    return _digest(db, tmp, "ref")


def _run_and_kill(corpus: Path, db: Path, victim: str, sig: int) -> None:
    proc = start("ingest", str(corpus), "--db", str(db), "--workers", "2",
                 "--published", PUBLISHED)  # fmt: skip
    try:
        assert wait_for(lambda: stored_inputs(db) > 0, FIRST_BATCH_S), "no batch was written"
        pool = workers(proc.pid)
        assert len(pool) == 2 and len(session(proc.pid)) >= 4  # + the resource tracker
        target = proc.pid if victim == "main" else pool[0]
        os.kill(target, sig)
        gone = wait_for(lambda: not session(proc.pid), ORPHAN_GRACE_S)
        left = session(proc.pid)
        assert gone, f"processes left running after the kill: {left}"
        if victim == "worker":
            # the main process noticed and stopped with a clear message, not a traceback
            # (whitespace evened out: the message is wrapped to the terminal width)
            err = " ".join((proc.stderr.read() if proc.stderr else b"").decode().split())
            assert proc.wait(5) == 1
            assert "Traceback" not in err and "run the same command to resume" in err
    finally:
        kill_session(proc.pid)
        proc.wait(5)
        if proc.stderr:
            proc.stderr.close()


@pytest.mark.parametrize(
    ("victim", "sig"),
    [("main", signal.SIGKILL), ("main", signal.SIGTERM), ("worker", signal.SIGKILL)],
    ids=["sigkill-main", "sigterm-main", "sigkill-worker"],
)
def test_a_killed_ingest_leaves_no_process_and_resumes_to_the_same_export(
    corpus, reference, tmp_path, victim, sig
):
    db = tmp_path / "killed.db"
    _run_and_kill(corpus, db, victim, sig)
    stored = stored_inputs(db)
    assert 0 < stored < 48, "the kill should land mid-run"
    report = ingest([str(corpus)], db, published=Published(PUBLISHED, "user"))
    assert report.stats.skipped == stored and report.stats.inputs == 48 - stored
    assert _digest(db, tmp_path, "resumed") == reference
