"""The FastAPI application: the API under /api, pages everywhere else, static files.

Every request opens its own read-only connection (`schema.connect_readonly`): nothing the
server does can write to the database, and `ingest` can add to it while the server runs.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import __version__, settings
from eventwire.store.schema import StoreError, connect_readonly

HERE = Path(__file__).parent
#: Every response's security headers. No inline script or style and nothing from another
#: origin: document text that holds markup can only ever be text.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

templates = Jinja2Templates(directory=HERE / "templates")
# Jinja2Templates turns autoescape on for .html; say so rather than rely on it.
templates.env.autoescape = True


class SummaryCache:
    """Answers that summarise the whole database (stats, the measures matrix, counts over
    time), kept until the database changes.

    A change is seen in the file's and its write-ahead log's size and modification time:
    every commit of an ingest appends to the log, and a checkpoint rewrites the file.
    """

    def __init__(self, db: Path, size: int) -> None:
        self.db = db
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._signature: tuple[Any, ...] = ()

    def _current(self) -> tuple[Any, ...]:
        parts: list[Any] = []
        for path in (self.db, self.db.with_name(self.db.name + "-wal")):
            try:
                st = path.stat()
            except FileNotFoundError:
                parts += [None, None]
                continue
            # An empty log holds nothing: readers create and remove one as they come and go.
            parts += [st.st_mtime_ns, st.st_size] if st.st_size else [None, None]
        return tuple(parts)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        signature = self._current()
        with self._lock:
            if signature != self._signature:
                self._entries.clear()
                self._signature = signature
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            if signature == self._signature:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value


def cached(request: Request, key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`, or its answer from the last time while the database is unchanged."""
    return request.app.state.summaries.get(key, compute)


def db_connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for one request (a FastAPI dependency)."""
    try:
        conn = connect_readonly(request.app.state.db)
    except StoreError as exc:
        raise StarletteHTTPException(503, str(exc)) from None
    deadline = time.monotonic() + settings.SERVE_QUERY_TIMEOUT_S
    # Called every few thousand SQLite steps; a true answer interrupts the query.
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 20_000)
    try:
        yield conn
    finally:
        conn.close()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str, details: Any = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if details is not None:
            body["details"] = details
        return JSONResponse(body, status_code=status)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "details": details or []},
        status_code=status,
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, str]]:
    """What is wrong with each parameter, in words: `{"parameter", "problem"}`."""
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        details.append({"parameter": ".".join(loc) or "request", "problem": err.get("msg", "")})
    return details


def create_app(db: str | Path) -> FastAPI:
    """The application serving the database at `db` (checked now: a clear error at start
    beats one on every request)."""
    connect_readonly(db).close()
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Read-only access to an eventwire database: documents, events, "
        "entities, trade measures. JSON shapes as in docs/output.md.",
        # The stock Swagger page loads its script from a CDN, which the CSP forbids and
        # this server never does: /docs is our own page over /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = str(db)
    app.state.summaries = SummaryCache(Path(db), settings.SERVE_SUMMARY_CACHE_ENTRIES)

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        url_chars = len(request.url.path) + len(request.url.query)
        if url_chars > settings.SERVE_MAX_URL_CHARS:
            response = _error(
                request,
                414,
                f"the URL is {url_chars} characters long; the most is"
                f" {settings.SERVE_MAX_URL_CHARS}",
            )
        elif request.method not in ("GET", "HEAD"):
            response = _error(request, 405, "this server is read-only: GET requests only")
        else:
            # An empty field of a submitted form means "no filter", not an invalid value.
            query = request.scope.get("query_string", b"")
            if query:
                kept = [(k, v) for k, v in parse_qsl(query.decode("latin-1")) if v.strip()]
                request.scope["query_string"] = urlencode(kept).encode("latin-1")
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        names = ", ".join(d["parameter"] for d in details)
        return _error(request, 422, f"invalid parameter(s): {names}", details)

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        # A locked or damaged database, or a query SQLite rejects: never a traceback.
        if "interrupted" in str(exc):
            return _error(
                request,
                503,
                f"the query ran longer than {settings.SERVE_QUERY_TIMEOUT_S:g} s and was"
                " stopped: narrow it (more words, a date range, an exact actor name)",
            )
        return _error(request, 503, f"the database could not answer: {exc}")

    from eventwire.serve import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "docs.html", {"schema": app.openapi()})

    return app
