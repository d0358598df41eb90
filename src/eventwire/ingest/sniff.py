"""Telling binary formats apart by their first bytes: ingest uses it to route an input,
extraction to explain why an input is not text."""

from __future__ import annotations

#: Leading bytes of common binary formats, so that a renamed file gets a useful message.
_MAGIC = (
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"SQLite format 3", "an SQLite database"),
)


def sniff_binary(data: bytes) -> str | None:
    """What binary format `data` starts with ("a gzip archive"), or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None
