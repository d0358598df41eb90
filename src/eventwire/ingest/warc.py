"""WARC archives (web crawls) to one RawItem per HTML page in them, read with FastWARC.

Only records holding an HTML page become items: `response` records with an HTTP 2xx status and
an HTML content type (or, when the type is missing or generic, a payload that starts like a
page), and `resource` records of an HTML type. Requests, metadata, revisits, redirects, error
pages, images, scripts and styles are the crawl's plumbing, not news, and are passed over.
Each item's source is "<archive>#<WARC-Record-ID>", its url the WARC-Target-URI. The crawl
date (WARC-Date) is not a publication date: it is kept as `meta["crawled"]`, used (and marked
as a crawl date) only when neither the page nor its text states a date of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from eventwire.ingest.files import InputError, megabytes
from eventwire.model import RawItem, Reject

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GENERIC_TYPES = ("", "application/octet-stream", "text/plain", "unknown/unknown")


def read_warc(
    name: str,
    stream: BinaryIO,
    *,
    max_bytes: int,
    is_html: Callable[[bytes], bool],
) -> Iterator[RawItem | Reject]:
    """The HTML pages of an uncompressed WARC stream (a caller gunzips a WARC.gz first).

    `is_html(head: bytes) -> bool` sniffs a payload whose declared type says nothing.
    Damaged archives raise InputError after the records read before the damage.
    """
    forward = _Forward(stream)
    records = ArchiveIterator(forward, parse_http=True, stream_detect=False)
    wanted = WarcRecordType.response | WarcRecordType.resource
    seen = 0
    end = 0  # where the last record's block ends, at the least
    try:
        for record in records:
            seen += 1
            end = record.stream_pos + _header_bytes(record) + record.content_length
            if record.record_type & wanted:
                item = _item(name, record, max_bytes, is_html)
                if isinstance(item, RawItem) and end > forward.tell():
                    # the page was read to the end of the file, short of its length
                    yield Reject(item.source, "ingest", _cut(end - forward.tell()))
                    return
                if item is not None:
                    yield item
    except OSError as exc:
        raise InputError(f"damaged WARC archive: {exc}") from None
    if seen == 0 and forward.tell() > 0:
        raise InputError("damaged WARC archive: no record could be read")
    if end > forward.tell():
        raise InputError(_cut(end - forward.tell()))


_RECORD_ID = re.compile(rb"WARC-Record-ID:[ \t]*<?([^>\r\n]{1,200})>?", re.I)


def cut_record(name: str, partial: bytes, whole: int) -> Reject:
    """The Reject for the record a WARC.gz was cut inside: named by its record id when the
    bytes read hold its header, else the archive itself."""
    found = _RECORD_ID.search(partial[: 64 * 1024])
    source = f"{name}#{found.group(1).decode('ascii', 'replace')}" if found else name
    return Reject(
        source,
        "ingest",
        f"truncated WARC.gz: the archive ends inside a record ({len(partial):,} bytes of it "
        f"read); the {whole:,} whole records before it were read",
    )


def _header_bytes(record: WarcRecord) -> int:
    """The least the record's header can take on disk ("Name:value" lines, CRLF ends)."""
    headers = record.headers
    lines = sum(len(k) + 1 + len(v) + 2 for k, v in headers.items_bytes())
    return len(headers.status_line_bytes) + 2 + lines + 2


def _cut(missing: int) -> str:
    return f"truncated WARC archive: its last record lacks {missing:,} bytes"


class _Forward:
    """A stream read forward only, telling its position: FastWARC asks tell() of any stream it
    is given (and panics if that fails), which a pipe, a gunzip or a download cannot answer."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position


def _item(
    name: str, record: WarcRecord, max_bytes: int, is_html: Callable[[bytes], bool]
) -> RawItem | Reject | None:
    headers = record.headers
    record_id = (record.record_id or "").strip("<>")
    source = f"{name}#{record_id}"
    url = headers.get("WARC-Target-URI") or None
    if record.record_type == WarcRecordType.response:
        http = record.http_headers
        if http is None:
            return None  # a response without HTTP (dns:, whois:) records
        if not 200 <= http.status_code < 300:
            return None
        declared = (record.http_content_type or "").lower()
        charset = record.http_charset
    else:
        content_type = (headers.get("Content-Type") or "").lower()
        declared = content_type.split(";", 1)[0].strip()
        charset = _charset(content_type)
    if declared not in _HTML_TYPES and declared not in _GENERIC_TYPES:
        return None
    data = record.reader.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Reject(source, "ingest", f"page over the {megabytes(max_bytes)} limit for one input")
    if declared not in _HTML_TYPES and not is_html(data[:4096]):
        return None
    meta = {"warc_record_id": record_id}
    if charset:
        meta["charset"] = charset
    date = headers.get("WARC-Date") or ""
    if len(date) >= 10:
        meta["crawled"] = date[:10]
    return RawItem(source=source, data=data, url=url, content_type="text/html", meta=meta)


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
