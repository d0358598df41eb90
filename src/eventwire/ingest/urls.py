"""http(s) URLs to byte streams, with httpx: timeouts, a redirect limit and a download deadline.

Only http and https are fetched. The body is streamed, so a WARC or JSON-lines file behind a
URL is read record by record like a local one, and the caller's size caps apply as it reads.
Every failure (unsupported scheme, refused connection, timeout, too many redirects, an HTTP
error status) raises InputError with a one-line reason.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import httpx

from eventwire import __version__
from eventwire.ingest.files import InputError

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def url_scheme(name: str) -> str | None:
    """The scheme of a URL-looking input ("https"), None for a path."""
    m = _SCHEME.match(name)
    return m.group(1).lower() if m else None


@dataclass(slots=True)
class Fetched:
    """An open response: its body as a stream and what the server said about it."""

    stream: BinaryIO
    url: str  # after redirects
    content_type: str | None
    charset: str | None
    length: int | None  # Content-Length of the body as it will be read, when known
    status: int = 200  # 304 (not modified) to a conditional request: the body is empty
    etag: str | None = None
    last_modified: str | None = None


class _Body(io.RawIOBase):
    def __init__(self, response: httpx.Response, deadline: float, max_seconds: float) -> None:
        self._chunks = response.iter_bytes()
        self._pending = b""
        self._deadline = deadline
        self._max_seconds = max_seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            if time.monotonic() > self._deadline:
                raise InputError(f"download took over {self._max_seconds:g} s: stopped")
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
            except httpx.TimeoutException:
                raise InputError("timed out waiting for the server to send more") from None
            except httpx.HTTPError as exc:
                raise InputError(f"download failed: {exc or type(exc).__name__}") from None
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


@contextlib.contextmanager
def open_url(
    url: str,
    *,
    timeout: float,
    max_redirects: int,
    max_seconds: float,
    headers: dict[str, str] | None = None,
) -> Iterator[Fetched]:
    """GET `url` and give its body as a stream; raises InputError (one line: why) on failure.

    `headers` are sent with the request (If-None-Match, If-Modified-Since for a conditional
    request, answered with status 304 and no body when nothing changed).
    """
    scheme = url_scheme(url)
    if scheme not in ("http", "https"):
        raise InputError(f"unsupported URL scheme {scheme!r}: only http and https are fetched")
    try:
        if not httpx.URL(url).host:
            raise InputError("invalid URL: it names no host")
    except httpx.InvalidURL as exc:
        raise InputError(f"invalid URL: {exc}") from None
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=max_redirects,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": f"eventwire/{__version__} (+news reader)"},
    )
    try:
        with client, client.stream("GET", url, headers=headers or {}) as response:
            if response.is_error:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            content_type = response.headers.get("content-type")
            length = response.headers.get("content-length")
            encoded = response.headers.get("content-encoding", "identity") != "identity"
            yield Fetched(
                stream=io.BufferedReader(
                    _Body(response, time.monotonic() + max_seconds, max_seconds), 1024 * 1024
                ),
                url=str(response.url),
                content_type=content_type,
                charset=response.charset_encoding,
                length=int(length) if length and length.isdigit() and not encoded else None,
                status=response.status_code,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
    except httpx.TooManyRedirects:
        raise InputError(f"more than {max_redirects} redirects: stopped following them") from None
    except httpx.UnsupportedProtocol as exc:
        raise InputError(f"redirected to an unsupported URL ({exc})") from None
    except httpx.TimeoutException:
        raise InputError(f"timed out after {timeout:g} s waiting for the server") from None
    except httpx.ConnectError as exc:
        raise InputError(f"cannot connect: {exc}") from None
    except httpx.InvalidURL as exc:
        raise InputError(f"invalid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise InputError(f"HTTP request failed: {exc or type(exc).__name__}") from None
