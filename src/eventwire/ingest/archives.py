"""Streams and archives: gzip and zip of anything, opened lazily with every size capped.

A compressed input is read as a stream, never unpacked whole: what comes out is counted, and
reading stops with an InputError (which the caller turns into a Reject) when an archive gives
more than settings.MAX_DECOMPRESSED_BYTES, or more than settings.MAX_COMPRESSION_RATIO times
what it has read once settings.COMPRESSION_RATIO_GRACE_BYTES have come out: a zip bomb is
caught after a few megabytes, not after filling the disk or memory.
"""

from __future__ import annotations

import gzip
import io
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO

from eventwire import settings
from eventwire.ingest.files import InputError, megabytes
from eventwire.model import RawItem, Reject

#: Reads one opened stream (a gzip's content, a zip member): name, stream, declared size, depth.
InnerReader = Callable[[str, BinaryIO, "int | None", int], Iterator["RawItem | Reject"]]

#: Errors the standard library raises on damaged compressed data, with what they mean.
COMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile)


def compression_reason(exc: BaseException, what: str) -> str:
    """A one-line reason for a decompression error (truncated, corrupt)."""
    if isinstance(exc, EOFError):
        return f"truncated {what}: the compressed data ends before its end marker"
    message = str(exc) or type(exc).__name__
    return f"corrupt {what}: {message}"


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, then the rest of the stream: a peek without seek."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def peek(stream: BinaryIO, size: int = settings.SNIFF_BYTES) -> tuple[bytes, BinaryIO]:
    """The first `size` bytes of a stream, and a stream that still starts at them."""
    if stream.seekable():
        position = stream.tell()
        head = read_upto(stream, size)
        stream.seek(position)
        return head, stream
    head = read_upto(stream, size)
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=1024 * 1024)


def read_upto(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, reading until the stream ends (one read may return less)."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Counter:
    """Counts the bytes read through it: the compressed side of a ratio."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data

    def readable(self) -> bool:
        return True


class Budget:
    """Decompressed bytes one archive may still give (all of its members together)."""

    def __init__(self, owner: str, limit: int = settings.MAX_DECOMPRESSED_BYTES) -> None:
        self.owner = owner
        self.limit = limit
        self.used = 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise InputError(
                f"archive unpacks to over {megabytes(self.limit)} (MAX_DECOMPRESSED_BYTES): "
                "stopped reading it",
                owner=self.owner,
            )


class _Capped(io.RawIOBase):
    """A decompressing stream that stops at its budget and at a plausible compression ratio."""

    def __init__(
        self,
        owner: str,
        stream: BinaryIO,
        budget: Budget,
        compressed: Callable[[], int],
        what: str,
    ) -> None:
        self._owner = owner
        self._stream = stream
        self._budget = budget
        self._compressed = compressed
        self._what = what
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except COMPRESSION_ERRORS as exc:
            raise InputError(compression_reason(exc, self._what), owner=self._owner) from None
        n = len(data)
        buffer[:n] = data
        self.out += n
        self._budget.spend(n)
        if self.out > settings.COMPRESSION_RATIO_GRACE_BYTES:
            ratio = self.out / max(self._compressed(), 1)
            if ratio > settings.MAX_COMPRESSION_RATIO:
                raise InputError(
                    f"{self._what} expands over {settings.MAX_COMPRESSION_RATIO}:1 "
                    f"({megabytes(self.out)} from {megabytes(self._compressed())}): "
                    "a decompression bomb, not news",
                    owner=self._owner,
                )
        return n


class GzipMembers(io.RawIOBase):
    """The decompressed content of a gzip stream, given out one whole member at a time.

    A WARC.gz holds one gzip member per record. Handing out a member's bytes only once its
    end marker has been read means a file cut short ends, for the reader above, cleanly after
    the last intact record: every record before the cut is read, and the cut one is left in
    `cut` (its bytes so far) for the caller to reject by name. A member bigger than
    settings.GZIP_MEMBER_BUFFER_BYTES (a whole crawl compressed as one member) is streamed
    as it comes instead, so memory stays bounded.

    With `strict` set (content that is not a WARC, where a cut loses the whole input), or in
    a member being streamed, a cut raises EOFError as gzip.GzipFile does.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._inflate = zlib.decompressobj(wbits=31)
        self._member = bytearray()  # output of the member being read
        self._pending = bytearray()  # output of whole members, not yet handed out
        self._started = False  # some of the current member's bytes have been fed
        self._streaming = False  # the current member is too big to hold: hand out as read
        self._eof = False
        self.members = 0
        self.cut: bytes | None = None
        self.strict = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            if self._eof:
                if self.cut is not None and (self.strict or self._streaming):
                    raise EOFError("Compressed file ended before the end-of-stream marker")
                return 0
            self._step()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        del self._pending[:n]
        return n

    def _step(self) -> None:
        chunk = self._stream.read(16 * 1024)  # at most ~16 MB out of one call
        if not chunk:
            self._eof = True
            if self._started:
                self.cut = bytes(self._member)
                self._member.clear()
            return
        self._feed(chunk)

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            if not self._started:
                if not chunk.strip(b"\x00"):
                    return  # zero padding after the last member (as gzip.GzipFile allows)
                if not chunk.startswith(b"\x1f\x8b"):
                    raise zlib.error("trailing bytes after the last gzip member are not gzip")
                self._started = True
            self._member += self._inflate.decompress(chunk)
            if self._inflate.eof:
                self.members += 1
                self._pending += self._member
                self._member.clear()
                chunk = self._inflate.unused_data
                self._inflate = zlib.decompressobj(wbits=31)
                self._started = self._streaming = False
                continue
            if self._streaming or len(self._member) > settings.GZIP_MEMBER_BUFFER_BYTES:
                self._streaming = True
                self._pending += self._member
                self._member.clear()
            return


def gunzip(name: str, stream: BinaryIO, budget: Budget) -> tuple[BinaryIO, GzipMembers]:
    """The decompressed content of a gzip stream (all members), capped; and its reader,
    which tells whether the stream was cut short (`cut`)."""
    counter = Counter(stream)
    members = GzipMembers(counter)  # type: ignore[arg-type]
    capped = _Capped(name, members, budget, lambda: counter.count, "gzip data")  # type: ignore[arg-type]
    return io.BufferedReader(capped, buffer_size=1024 * 1024), members


def read_zip(
    name: str,
    stream: BinaryIO,
    depth: int,
    budget: Budget,
    inner: InnerReader,
) -> Iterator[RawItem | Reject]:
    """Each member of a zip archive, read by `inner` as "archive.zip#path/in/zip"."""
    with _Seekable(name, stream) as seekable:
        try:
            archive = zipfile.ZipFile(seekable)
        except zipfile.BadZipFile as exc:
            raise InputError(f"corrupt zip archive: {exc}") from None
        with archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and not _hidden(info.filename)
            ]
            if not members:
                yield Reject(name, "ingest", "zip archive holds no files")
                return
            for info in members:
                member = f"{name}#{info.filename}"
                if info.flag_bits & 0x1:
                    yield Reject(member, "ingest", "encrypted zip member: cannot read it")
                    continue
                try:
                    raw = archive.open(info)
                except (zipfile.BadZipFile, NotImplementedError, *COMPRESSION_ERRORS) as exc:
                    yield Reject(member, "ingest", compression_reason(exc, "zip member"))
                    continue
                capped = _Capped(
                    member,
                    raw,
                    budget,
                    _zip_progress(raw, info),
                    "zip member",  # type: ignore[arg-type]
                )
                with raw:
                    yield from inner(
                        member, io.BufferedReader(capped, 1024 * 1024), info.file_size, depth
                    )


def _zip_progress(raw: zipfile.ZipExtFile, info: zipfile.ZipInfo) -> Callable[[], int]:
    # ZipExtFile counts the compressed bytes it has left; what it has read is the rest.
    def read_so_far() -> int:
        left = getattr(raw, "_compress_left", 0)
        return max(info.compress_size - left, 1)

    return read_so_far


def _hidden(path: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in path.split("/"))


class _Seekable:
    """The stream itself when seekable (a file); else its bytes spooled to a temporary file.

    zipfile reads the central directory at the end first, so a zip from a pipe, a URL or a
    gzip has to be kept whole; the spool stays in memory up to MAX_INPUT_BYTES.
    """

    def __init__(self, name: str, stream: BinaryIO) -> None:
        self._name = name
        self._stream = stream
        self._spool: tempfile.SpooledTemporaryFile[bytes] | None = None

    def __enter__(self) -> BinaryIO:
        if self._stream.seekable():
            return self._stream
        self._spool = tempfile.SpooledTemporaryFile(max_size=settings.MAX_INPUT_BYTES)
        size = 0
        while chunk := self._stream.read(1024 * 1024):
            size += len(chunk)
            if size > settings.MAX_DECOMPRESSED_BYTES:
                raise InputError(
                    f"zip archive over {megabytes(settings.MAX_DECOMPRESSED_BYTES)} in a stream"
                )
            self._spool.write(chunk)
        self._spool.seek(0)
        return self._spool  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        if self._spool is not None:
            self._spool.close()
