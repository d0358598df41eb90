"""What every reader of local inputs shares: the input error, folder walking, sizes for people.

Reading itself (files, folders, standard input, URLs, containers) is `ingest/sources.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


class InputError(Exception):
    """An input (or part of one) that cannot be read; str() is the one-line reason.

    `owner` names the input the error is about when it is not the one being read (an
    archive's size cap tripped while reading one of its members): readers of a member let it
    pass up to the archive, which becomes the Reject.
    """

    def __init__(self, reason: str, owner: str | None = None) -> None:
        super().__init__(reason)
        self.owner = owner


def megabytes(n: int) -> str:
    """A byte count for people: "20.0 MB"."""
    return f"{n / 1_000_000:.1f} MB"


def walk(folder: Path) -> Iterator[Path]:
    """The files under a folder, recursively and in name order, hidden ones skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith("."):
                yield Path(root) / file
