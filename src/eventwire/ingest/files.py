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


# Text bytes that only look binary ------------------------------------------------------------

_BOM_UTF16 = {"le": b"\xff\xfe", "be": b"\xfe\xff"}


def utf16_order(head: bytes) -> str | None:
    """ "le" or "be" when bytes without a byte-order mark read as UTF-16 text, else None.

    Text in a Latin script has a NUL in every other byte in UTF-16 (the high byte of each
    code unit); binary data has NULs at both parities, or none. The sample must also decode
    to characters that are mostly printable.
    """
    from eventwire import settings

    sample = head[: settings.SNIFF_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    share = settings.UTF16_NUL_SHARE
    for order, high, low in (("le", odd, even), ("be", even, odd)):
        if high.count(0) >= share * len(high) and low.count(0) <= 0.01 * len(low):
            text = sample.decode(f"utf-16-{order}", errors="replace")
            bad = sum(1 for c in text if (c < " " and c not in "\t\n\r\f") or c == "\ufffd")
            if bad <= settings.BINARY_CONTROL_RATIO * len(text):
                return order
    return None


def stray_nuls(head: bytes) -> bool:
    """Whether the NUL bytes in text are a few strays (a bad copy, a padded field), not the
    sign of binary data: few of them, and the rest reading as text."""
    from eventwire import settings

    sample = head[: settings.SNIFF_BYTES]
    nuls = sample.count(0)
    if nuls == 0 or nuls > _stray_limit(len(sample)):
        return False
    text = sample.replace(b"\x00", b"").decode("utf-8", errors="replace")
    bad = sum(1 for c in text if (c < " " and c not in "\t\n\r\f") or c == "\ufffd")
    return bad <= settings.BINARY_CONTROL_RATIO * max(len(text), 1)


def as_text_bytes(data: bytes) -> tuple[bytes, str | None]:
    """Bytes a reader can decode: UTF-16 without a byte-order mark gets one, stray NULs are
    dropped; and a note of what was done (for the item's meta), or None."""
    if b"\x00" not in data[:4096] or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data, None
    order = utf16_order(data)
    if order is not None:
        return _BOM_UTF16[order] + data, f"utf-16-{order} without a byte-order mark"
    if stray_nuls(data) and data.count(0) <= _stray_limit(len(data)):
        return data.replace(b"\x00", b""), f"{data.count(0)} stray NUL bytes dropped"
    return data, None


def _stray_limit(size: int) -> int:
    from eventwire import settings

    return max(settings.STRAY_NUL_MAX_COUNT, int(settings.STRAY_NUL_MAX_SHARE * size))
