"""The command line as a user runs it: `python -m eventwire` in its own process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
#: The publication date the README's tour gives the examples.
PUBLISHED = "2025-05-14"


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`eventwire ARGS...` in a new process, its output piped (not a terminal)."""
    env = {k: v for k, v in os.environ.items() if k not in ("EVENTWIRE_DB", "COLUMNS")}
    return subprocess.run(
        [sys.executable, "-m", "eventwire", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def examples_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of examples/ and `eventwire.db`, the examples ingested with
    the tour's publication date (paths stored relative, as in the README)."""
    folder = tmp_path_factory.mktemp("examples")
    shutil.copytree(EXAMPLES, folder / "examples")
    result = run("ingest", "examples/", "--published", PUBLISHED, cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder
