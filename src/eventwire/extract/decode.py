"""Bytes to text: encoding detection, and telling text from binary data."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from eventwire import settings
from eventwire.ingest.sniff import sniff_binary


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why, in one line."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, declared: str | None = None) -> str:
    """The text in `data`, with line endings normalised to "\\n".

    Tries a byte-order mark, then strict UTF-8 (most of the web), then the declared encoding,
    then charset-normalizer's detection. Raises DecodeError for empty input, binary data and
    bytes no encoding explains.
    """
    if not data:
        raise DecodeError("empty input (0 bytes)")
    what = sniff_binary(data)
    if what:
        raise DecodeError(f"binary data ({what}), not text")
    text = _decode_text(data, declared)
    if not text.strip():
        raise DecodeError("no text: the input holds only white space")
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
    if bad / len(text) > settings.BINARY_CONTROL_RATIO:
        raise DecodeError(f"binary data, not text ({bad} control or undecodable characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"bytes do not match their {encoding} byte-order mark") from exc
    if b"\x00" in data[:4096]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common on the web: fall through to detection
    best = from_bytes(data[: settings.MAX_INPUT_BYTES]).best()
    if best is None:
        raise DecodeError("cannot decode: no text encoding fits these bytes")
    return str(best)
