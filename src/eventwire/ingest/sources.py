"""Any pile of news inputs to RawItems: files, folders, URLs, standard input, and what they hold.

    iter_raw(["crawl.warc.gz", "feeds/", "https://example.com/news/1", "-"])

Each input is expanded (a folder recursively, hidden files skipped) and each file or stream is
read for what its CONTENT is, never its name (a page saved as .txt, a feed served as
text/html, a WARC without .warc all read right):

- gzip (any content: a WARC.gz, a page.html.gz, a JSON-lines dump) and zip (each member, as
  "archive.zip#member"), opened as streams with decompression capped (ingest/archives.py);
- WARC: one item per HTML page (ingest/warc.py), source "crawl.warc.gz#<record id>";
- RSS/Atom feeds: one item per feed item (ingest/feeds.py);
- JSON lines, JSON arrays and CSV: one item per record (ingest/records.py);
- HTML pages and plain text: one item each, content_type "text/html" or "text/plain".

Every input that cannot be read becomes a Reject with a specific reason, and the rest go on.
WARC, JSON lines and CSV are streamed, so they may be of any size; anything read whole (a
page, a feed, a JSON array) is capped at `max_bytes`.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventwire import settings
from eventwire.ingest import archives, feeds, records, warc
from eventwire.ingest.files import (
    InputError,
    as_text_bytes,
    megabytes,
    stray_nuls,
    utf16_order,
    walk,
)
from eventwire.ingest.sniff import sniff_binary
from eventwire.ingest.urls import open_url, url_scheme
from eventwire.model import RawItem, Reject

HTML_TYPE = "text/html"
TEXT_TYPE = "text/plain"

#: Kinds of content, as detect_kind() names them.
STREAMED = frozenset({"gzip", "zip", "warc", "jsonl", "csv"})


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How inputs are read: size caps, record fields, network limits."""

    #: Largest input read whole (a page, a feed, a JSON array, one record or WARC page).
    max_bytes: int = settings.MAX_INPUT_BYTES
    #: The record field holding the text (JSON lines, JSON, CSV); dotted for nested objects.
    text_field: str = "text"
    #: Record fields for the date, title and URL; None tries the usual names.
    date_field: str | None = None
    title_field: str | None = None
    url_field: str | None = None
    #: Seconds an HTTP connect or read may wait; and the most one download may take.
    timeout: float = settings.HTTP_TIMEOUT
    max_seconds: float = settings.HTTP_MAX_SECONDS
    max_redirects: int = settings.HTTP_MAX_REDIRECTS
    #: Most bytes one archive (gzip, zip) may unpack to.
    max_decompressed_bytes: int = settings.MAX_DECOMPRESSED_BYTES


def iter_raw(
    inputs: Iterable[str], *, options: SourceOptions = SourceOptions()
) -> Iterator[RawItem | Reject]:
    """Every news item in the inputs, in order, or a Reject for each that cannot be read.

    An input is a path (file or folder), an http(s) URL or "-" (standard input). Several
    URLs are downloaded ahead, settings.HTTP_CONCURRENCY at a time, and read in order.
    """
    inputs = list(inputs)
    urls = [name for name in inputs if name != "-" and url_scheme(name) is not None]
    ahead = _Prefetch(urls, options) if len(urls) > 1 else None
    try:
        for name in inputs:
            yield from _one_input(name, options, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _one_input(
    name: str, options: SourceOptions, ahead: _Prefetch | None
) -> Iterator[RawItem | Reject]:
    """One input: standard input, a URL, a folder or a file."""
    if name == "-":
        yield from _guarded("-", lambda: _read("-", sys.stdin.buffer, None, 0, options))
        return
    scheme = url_scheme(name)
    if scheme is not None:
        if ahead is not None:
            yield from _guarded(name, lambda name=name: ahead.read(name))
        else:
            yield from _guarded(name, lambda name=name: _read_url(name, options))
        return
    path = Path(name)
    if path.is_dir():
        found = False
        for file in walk(path):
            found = True
            yield from _guarded(str(file), lambda file=file: _read_file(file, options))
        if not found:
            yield Reject(name, "ingest", "folder holds no files")
    elif not path.exists():
        yield Reject(name, "ingest", "no such file or folder")
    else:
        yield from _guarded(name, lambda path=path: _read_file(path, options))


def iter_stream(
    name: str,
    stream: BinaryIO,
    size: int | None = None,
    *,
    options: SourceOptions = SourceOptions(),
) -> Iterator[RawItem | Reject]:
    """The items an open stream holds, read like a local file named `name` (a file on a
    filesystem only pyarrow reaches, opened by the caller)."""
    return _guarded(name, lambda: _read(name, stream, size, 0, options))


def _guarded(
    name: str, produce: Callable[[], Iterator[RawItem | Reject]], *, top: bool = True
) -> Iterator[RawItem | Reject]:
    """The items `produce` yields; an error on the way ends them with one Reject for `name`.

    A member's guard (`top=False`) lets an error about its archive (a size cap) pass up.
    """
    try:
        yield from produce()
    except InputError as exc:
        if exc.owner is not None and exc.owner != name and not top:
            raise
        yield Reject(exc.owner or name, "ingest", str(exc))
    except archives.COMPRESSION_ERRORS as exc:
        yield Reject(name, "ingest", archives.compression_reason(exc, "compressed data"))
    except OSError as exc:
        yield Reject(name, "ingest", f"cannot read: {exc.strerror or exc}")


def _read_file(path: Path, options: SourceOptions) -> Iterator[RawItem | Reject]:
    if not path.is_file():
        raise InputError("not a regular file")
    with path.open("rb") as stream:
        yield from _read(str(path), stream, path.stat().st_size, 0, options)


class _Prefetch:
    """URLs downloaded ahead in threads (each body spooled to memory, or to a temporary file
    past `max_bytes`), handed out in input order: a slow server delays its own input only."""

    def __init__(self, urls: list[str], options: SourceOptions) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._options = options
        self._pool = ThreadPoolExecutor(settings.HTTP_CONCURRENCY, thread_name_prefix="fetch")
        self._waiting = list(reversed(urls))
        self._futures: dict[str, list[Future[_Downloaded]]] = {}
        for _ in range(2 * settings.HTTP_CONCURRENCY):
            self._submit_next()

    def _submit_next(self) -> None:
        if self._waiting:
            url = self._waiting.pop()
            future = self._pool.submit(_download, url, self._options)
            self._futures.setdefault(url, []).append(future)

    def read(self, url: str) -> Iterator[RawItem | Reject]:
        future = self._futures[url].pop(0)
        self._submit_next()
        got = future.result()
        with got.body:
            yield from _read(url, got.body, got.size, 0, self._options,
                             url=got.url, charset=got.charset)  # fmt: skip

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for futures in self._futures.values():
            for future in futures:
                if future.done() and future.exception() is None:
                    future.result().body.close()


@dataclass
class _Downloaded:
    body: BinaryIO
    url: str
    charset: str | None
    size: int


def _download(url: str, options: SourceOptions) -> _Downloaded:
    import tempfile

    with open_url(
        url,
        timeout=options.timeout,
        max_redirects=options.max_redirects,
        max_seconds=options.max_seconds,
    ) as fetched:
        spool = tempfile.SpooledTemporaryFile(max_size=options.max_bytes)  # noqa: SIM115
        size = 0
        try:
            while chunk := fetched.stream.read(1024 * 1024):
                size += len(chunk)
                if size > settings.HTTP_MAX_DOWNLOAD_BYTES:
                    raise InputError(
                        f"download over {megabytes(settings.HTTP_MAX_DOWNLOAD_BYTES)} "
                        "(HTTP_MAX_DOWNLOAD_BYTES): stopped"
                    )
                spool.write(chunk)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return _Downloaded(spool, fetched.url, fetched.charset, size)  # type: ignore[arg-type]


def read_stream(
    name: str,
    stream: BinaryIO,
    options: SourceOptions = SourceOptions(),
    *,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[RawItem | Reject]:
    """Every item in one already opened stream (a body `eventwire watch` downloaded), read
    for what it holds like any input; a Reject for `name` when it cannot be read."""
    return _guarded(name, lambda: _read(name, stream, None, 0, options, url=url, charset=charset))


def _read_url(url: str, options: SourceOptions) -> Iterator[RawItem | Reject]:
    with open_url(
        url,
        timeout=options.timeout,
        max_redirects=options.max_redirects,
        max_seconds=options.max_seconds,
    ) as fetched:
        yield from _read(
            url,
            fetched.stream,
            fetched.length,
            0,
            options,
            url=fetched.url,
            charset=fetched.charset,
        )


def _read(
    name: str,
    stream: BinaryIO,
    size: int | None,
    depth: int,
    options: SourceOptions,
    *,
    url: str | None = None,
    charset: str | None = None,
    budget: archives.Budget | None = None,
) -> Iterator[RawItem | Reject]:
    """Whatever one stream holds, by its content."""
    head, stream = archives.peek(stream)
    kind = detect_kind(head, options.text_field)
    if kind in ("gzip", "zip"):
        if depth >= settings.MAX_CONTAINER_DEPTH:
            raise InputError(
                f"archive nested over {settings.MAX_CONTAINER_DEPTH} levels deep: not opened"
            )
        budget = budget or archives.Budget(name, options.max_decompressed_bytes)

        def inner(
            member: str, content: BinaryIO, member_size: int | None, level: int
        ) -> Iterator[RawItem | Reject]:
            return _guarded(
                member,
                lambda: _read(member, content, member_size, level + 1, options, budget=budget),
                top=False,
            )

        if kind == "gzip":
            content, members = archives.gunzip(name, stream, budget)
            head, content = archives.peek(content)
            # A WARC.gz cut short keeps every whole record before the cut (one gzip member
            # each); any other content cut short is unreadable as a whole.
            members.strict = not head.startswith(b"WARC/")
            yield from _read(
                name, content, None, depth + 1, options, url=url, budget=budget,
            )  # fmt: skip
            if members.cut is not None:
                yield warc.cut_record(name, members.cut, members.members)
        else:
            yield from archives.read_zip(name, stream, depth, budget, inner)
        return
    if kind not in STREAMED and _ENTITY_DECLARATION.search(head):
        # Internal entities nest: ten levels of ten turn a kilobyte into gigabytes of text
        # ("billion laughs"). News feeds and pages never declare their own.
        raise InputError(
            "XML declaring its own entities (<!ENTITY ...>): refused, as entity expansion can "
            "turn a few bytes into gigabytes"
        )
    if kind == "warc":
        yield from warc.read_warc(
            name, stream, max_bytes=options.max_bytes, is_html=lambda b: detect_kind(b) == "html"
        )
        return
    if kind == "jsonl":
        yield from records.read_jsonl(name, stream, options)
        return
    if kind == "csv":
        yield from records.read_csv(name, stream, head, options)
        return
    if size is not None and size > options.max_bytes:
        raise InputError(_too_big(size, options.max_bytes))
    data = archives.read_upto(stream, options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputError(_too_big(None, options.max_bytes))
    if kind == "empty":
        raise InputError("empty input (0 bytes)" if not data else "input holds only white space")
    data, repaired = as_text_bytes(data)
    if kind == "text" and not (repaired or "").startswith("utf-16"):
        _check_lines(data)
    if kind.startswith("binary"):
        what = kind.partition(":")[2] or "binary data"
        raise InputError(f"{what}, not a news text, page, feed or archive")
    if kind.startswith("xml:"):
        raise InputError(
            f"XML document with root <{kind.partition(':')[2]}>: neither a feed nor an HTML page"
        )
    if kind == "feed":
        yield from feeds.read_feed(name, data, url)
        return
    if kind == "json":
        yield from records.read_json(name, data, options)
        return
    meta = {"charset": charset} if charset and not repaired else {}
    if repaired:
        meta["repaired"] = repaired
    yield RawItem(
        source=name,
        data=data,
        url=url,
        content_type=HTML_TYPE if kind == "html" else TEXT_TYPE,
        meta=meta,
    )


def _check_lines(data: bytes) -> None:
    """A line longer than a whole document may be (a dump with its newlines stripped, a
    generated file) cannot be read: say so now rather than after segmenting megabytes."""
    limit = settings.MAX_DOCUMENT_CHARS
    if len(data) <= limit:
        return
    longest = max(data.split(b"\n"), key=len)
    if len(longest) > limit:  # bytes; UTF-8 characters may be fewer
        chars = len(longest.decode("utf-8", errors="replace"))
        if chars > limit:
            raise InputError(
                f"a line of {chars:,} characters: over the {limit:,}-character limit of one "
                "document (MAX_DOCUMENT_CHARS)"
            )


def _too_big(size: int | None, limit: int) -> str:
    what = f"input is {megabytes(size)}," if size is not None else "input is"
    return f"{what} over the {megabytes(limit)} limit for one page (raise it with --max-bytes)"


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s", re.I)

# Telling kinds apart by content ----------------------------------------------------------------

_PROLOG = re.compile(
    r"\A(?:\s+|<\?[^>]{0,2000}\?>|<!--.{0,20000}?-->|<!DOCTYPE[^>]{0,2000}>)*", re.S | re.I
)
_ROOT = re.compile(r"<([A-Za-z_][\w:.-]{0,60})")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_TAGS = re.compile(
    r"<(?:p|div|br|span|a|b|i|em|strong|ul|ol|li|h[1-6]|table|img|article|section|meta|title)"
    r"[\s/>]",
    re.I,
)
#: A CSV header cell: a field name, not prose.
_HEADER_CELL = re.compile(r"[\w][\w .:/()#-]{0,48}")


def detect_kind(head: bytes, text_field: str = "text") -> str:
    """What an input's first bytes say it is.

    One of: "gzip", "zip", "warc", "feed", "html", "jsonl", "json", "csv", "text", "empty",
    "binary:<what>" and "xml:<root>" (XML that is neither a feed nor a page). `text_field`,
    the records' text column, is firm evidence of a CSV header.
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    what = sniff_binary(head)
    if what:
        return f"binary:{what}"
    text = _head_text(head)
    if text is None:
        return "binary:binary data (NUL bytes)"
    stripped = text.lstrip()
    if not stripped:
        return "empty"
    if stripped.startswith("<"):
        return _markup_kind(stripped)
    if stripped[0] in "{[":
        return _json_kind(stripped, len(head) >= settings.SNIFF_BYTES)
    if _PAGE.search(text[:4096]):
        return "html"  # a page with junk before its first tag
    if _looks_like_csv(text, text_field):
        return "csv"
    return "text"


def looks_like_html(head: bytes) -> bool:
    """Whether bytes read as HTML: a whole page, or a fragment with several tags."""
    text = _head_text(head)
    if text is None:
        return False
    stripped = text.lstrip()
    return bool(_PAGE.search(text[:4096])) or (
        stripped.startswith("<") and len(_TAGS.findall(stripped[:4096])) >= 2
    )


def looks_like_page(head: bytes) -> bool:
    """Whether bytes are a whole HTML page (doctype, <html>, <head> or <body>)."""
    text = _head_text(head)
    return text is not None and bool(_PAGE.search(text[:4096]))


def _head_text(head: bytes) -> str | None:
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    if b"\x00" in head[:4096]:
        order = utf16_order(head)
        if order is not None:
            return head.decode(f"utf-16-{order}", errors="ignore")
        if stray_nuls(head):
            return head.replace(b"\x00", b"").decode("utf-8", errors="replace")
        return None
    return head.decode("utf-8", errors="replace")


def _markup_kind(text: str) -> str:
    body = text[_PROLOG.match(text).end() :]  # type: ignore[union-attr]
    root = _ROOT.match(body)
    name = root.group(1).lower() if root else ""
    if name in _FEED_ROOTS or name.endswith(":rdf"):
        return "feed"
    if name == "html" or _PAGE.search(text[:4096]):
        return "html"
    if text.startswith("<?xml") and name:
        return f"xml:{root.group(1)}"  # type: ignore[union-attr]
    if len(_TAGS.findall(text[:4096])) >= 1:
        return "html"  # a fragment: <p>…</p>
    return "text"


def _json_kind(text: str, truncated: bool) -> str:
    if text.startswith("["):
        return "json"
    first, newline, _ = text.partition("\n")
    if not newline:
        # one line filling the whole sample: a long JSON line, read as a stream
        return "jsonl" if truncated else "json"
    with contextlib.suppress(ValueError):
        if isinstance(json.loads(first), dict):
            return "jsonl"
    return "json"


def _looks_like_csv(text: str, text_field: str) -> bool:
    """A header of field names, then rows with as many fields. News prose has commas too
    ("Paris, France" over "Talks began today, officials said."), so without the text field
    among the names it takes at least three columns, or tabs, and two rows in three to agree
    (a broken row is the CSV reader's to reject, not a reason to read the file as prose)."""
    import csv

    sample = text[: text.rfind("\n")] if "\n" in text else text
    if "\n" not in sample.strip():
        return False
    try:
        dialect = csv.Sniffer().sniff(sample[:20_000], delimiters=",\t;|")
        rows = [r for r in csv.reader(sample[:20_000].split("\n")[:50], dialect) if r]
    except csv.Error:
        return False
    header = [cell.strip() for cell in rows[0]]
    if len(header) < 2 or len(set(header)) < len(header):
        return False
    if not all(_HEADER_CELL.fullmatch(cell) and len(cell.split()) <= 3 for cell in header):
        return False
    data = rows[1:]
    agree = sum(1 for row in data if len(row) == len(header))
    if text_field.casefold() in (cell.casefold() for cell in header):
        return agree >= max(1, len(data) // 2)
    strong = len(header) >= 3 or dialect.delimiter == "\t"
    return strong and agree >= 2 and 3 * agree >= 2 * len(data)
