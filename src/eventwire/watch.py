"""`eventwire watch`: poll feeds, pages and folders on a schedule, store what is new, alert on
saved queries.

    eventwire watch https://example.com/rss news/ --db news.db --every 5m \\
        --alert 'kind=measure,measure=tariff,target=JPN' --alert-jsonl alerts.jsonl

Each poll reads every source that is not backing off:

- a URL with a conditional GET (If-None-Match / If-Modified-Since from the validators the
  server gave last time): 304 means nothing to do; a body is read like any ingest input (a
  feed gives one item per entry) and stored through the same engine as `ingest`, which skips
  inputs it has stored before, so an item is never stored twice however often it is seen;
- a folder or file like `ingest` does: files already stored are skipped.

A source that fails (connection refused, an HTTP error) is retried after `every * 2^(n-1)`
seconds for its n-th failure in a row, at most settings.WATCH_MAX_BACKOFF_S; one success
resets it. Validators, failures and backoff live in the database (table `watch_sources`),
and so does each saved query's high-water mark (table `watch_queries`): a watcher stopped or
killed at any point carries on when started again. No item is stored twice; the mark moves
only once a query's alerts are out, so a kill between storing and alerting repeats an alert
at worst, never loses one.

After a poll, each saved query is run over what is new since its mark: a new merged event,
or a measure in a newly stored document, matching the query is one alert, written as a line
on standard output, appended as a JSON line to a file, and/or given as a JSON line on
standard input to a command. SIGINT or SIGTERM stops the watcher after the source it is
reading; `--max-polls` stops it after that many polls.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from eventwire import settings
from eventwire.ingest.files import InputError
from eventwire.ingest.sources import SourceOptions, iter_raw, read_stream
from eventwire.ingest.urls import open_url, url_scheme
from eventwire.model import Published, RawItem, Reject

# -- saved queries ------------------------------------------------------------------------------

#: The fields a saved query may test, by kind.
QUERY_FIELDS: dict[str, tuple[str, ...]] = {
    "measure": ("measure", "target", "imposer", "status"),
    "event": ("type", "actor", "country", "modality"),
}


class WatchError(ValueError):
    """A watch option or saved query that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """`kind` ("measure" or "event") and the fields it must match."""

    name: str
    kind: str
    fields: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return ",".join([f"kind={self.kind}", *(f"{k}={v}" for k, v in self.fields)])


def parse_query(text: str, name: str | None = None) -> SavedQuery:
    """`kind=measure,measure=tariff,target=JPN` as a SavedQuery; raises WatchError."""
    pairs: dict[str, str] = {}
    for part in text.split(","):
        key, eq, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not eq or not key or not value:
            raise WatchError(f"saved query {text!r}: {part.strip()!r} is not FIELD=VALUE")
        pairs[key] = value
    return _query(pairs, name or text)


def _query(pairs: dict[str, Any], name: str) -> SavedQuery:
    pairs = {str(k).lower(): str(v) for k, v in pairs.items() if k != "name"}
    kind = pairs.pop("kind", "")
    if kind not in QUERY_FIELDS:
        raise WatchError(f"saved query {name!r}: kind must be one of {', '.join(QUERY_FIELDS)}")
    unknown = sorted(set(pairs) - set(QUERY_FIELDS[kind]))
    if unknown:
        raise WatchError(
            f"saved query {name!r}: unknown field(s) {', '.join(unknown)} for kind={kind}"
            f" (fields: {', '.join(QUERY_FIELDS[kind])})"
        )
    if not pairs:
        raise WatchError(f"saved query {name!r}: give at least one field to match")
    return SavedQuery(name, kind, tuple(sorted(pairs.items())))


def load_queries(path: Path) -> list[SavedQuery]:
    """Saved queries from a JSON or YAML file: a list of objects (each with "kind", its
    fields and an optional "name") or a mapping of name to object or to query text."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WatchError(f"cannot read saved queries {path}: {exc.strerror or exc}") from None
    try:
        import yaml

        data = yaml.safe_load(raw)  # JSON is YAML too
    except Exception as exc:
        raise WatchError(f"saved queries {path} are neither JSON nor YAML: {exc}") from None
    items: list[tuple[str, Any]]
    if isinstance(data, dict):
        items = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        items = [
            (str(v.get("name") or f"{path.name}#{i}") if isinstance(v, dict) else "", v)
            for i, v in enumerate(data, 1)
        ]
    else:
        raise WatchError(f"saved queries {path}: expected a list or a mapping of queries")
    queries = []
    for name, value in items:
        if isinstance(value, str):
            queries.append(parse_query(value, name))
        elif isinstance(value, dict):
            queries.append(_query(value, name))
        else:
            raise WatchError(f"saved queries {path}: {name!r} is not a query")
    return queries


def _matches(conn: sqlite3.Connection, query: SavedQuery, after: int) -> list[dict[str, Any]]:
    """Measures in documents stored after seq `after`, or events first reported in them,
    that match `query`."""
    f = dict(query.fields)
    where: list[str] = []
    args: list[Any] = [after]
    if query.kind == "measure":
        if "measure" in f:
            where.append("v.kind = ?")
            args.append(f["measure"].lower())
        if "status" in f:
            where.append("v.status = ?")
            args.append(f["status"].lower())
        if "imposer" in f:
            where.append(
                "(v.imposer_name LIKE ? OR v.imposer_text LIKE ? OR v.imposer_country = ?)"
            )
            args += [f"%{f['imposer']}%", f"%{f['imposer']}%", f["imposer"].upper()]
        if "target" in f:
            where.append(
                "EXISTS (SELECT 1 FROM measure_actors a WHERE a.document_seq = v.document_seq"
                " AND a.measure_n = v.n AND a.role = 'target'"
                " AND (a.name LIKE ? OR a.text LIKE ? OR a.country = ?))"
            )
            args += [f"%{f['target']}%", f"%{f['target']}%", f["target"].upper()]
        sql = "SELECT v.* FROM measures_view v WHERE v.document_seq > ?"
        order = " ORDER BY v.document_seq, v.n"
    else:
        if "type" in f:
            where.append("(e.type = ? OR e.cameo LIKE ?)")
            args += [f["type"].upper(), f"{f['type']}%"]
        if "country" in f:
            where.append("(e.actor1_country = ? OR e.actor2_country = ?)")
            args += [f["country"].upper(), f["country"].upper()]
        if "actor" in f:
            where.append("(e.actor1_name LIKE ? OR e.actor2_name LIKE ?)")
            args += [f"%{f['actor']}%", f"%{f['actor']}%"]
        if "modality" in f:
            where.append("v.modality = ?")
            args.append(f["modality"].lower())
        sql = (
            "SELECT v.*, e.first_document_seq AS document_seq FROM events e"
            " JOIN events_view v ON v.id = e.id WHERE e.first_document_seq > ?"
        )
        order = " ORDER BY e.first_document_seq, e.id"
    if where:
        sql += " AND " + " AND ".join(where)
    return [dict(row) for row in conn.execute(sql + order, args)]


# -- alerts ---------------------------------------------------------------------------------


@dataclass(slots=True)
class AlertSinks:
    """Where alerts go: standard output, a JSON-lines file, a command's standard input."""

    stdout: bool = True
    jsonl: Path | None = None
    command: str | None = None
    sent: int = 0

    def send(self, query: SavedQuery, row: dict[str, Any]) -> None:
        record = {
            "query": query.name,
            "kind": query.kind,
            "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "match": row,
        }
        line = json.dumps(record, ensure_ascii=False, default=str)
        if self.stdout:
            click.echo(f"alert {query.name}: {_describe(query.kind, row)}")
        if self.jsonl is not None:
            with self.jsonl.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        if self.command:
            # No shell: the command line is split into words, the alert goes to its stdin.
            try:
                subprocess.run(
                    shlex.split(self.command),
                    input=line + "\n",
                    text=True,
                    timeout=settings.WATCH_ALERT_COMMAND_TIMEOUT_S,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                click.echo(f"watch: alert command failed: {exc}", err=True)
        self.sent += 1


def _describe(kind: str, row: dict[str, Any]) -> str:
    """One line for people: what matched, and where it was read."""
    if kind == "measure":
        rate = f" {row['rate']:g}%" if row.get("rate") is not None else ""
        who = row.get("imposer_name") or row.get("imposer_text") or "?"
        what = f"{row.get('kind')}{rate} ({row.get('status')}) by {who} on {row.get('targets')}"
    else:
        what = (
            f"{row.get('type')} {row.get('actor1_name') or '?'} → {row.get('actor2_name') or '?'}"
            f" ({row.get('modality')}, {row.get('date') or 'undated'})"
        )
    text = " ".join(str(row.get("text") or row.get("sentence") or "").split())[:160]
    doc = str(row.get("document_id") or "")[:12]
    return f"{what}: “{text}” [{doc}]"


# -- sources ---------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceState:
    source: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_after: float = 0.0


def _state(conn: sqlite3.Connection, source: str) -> SourceState:
    row = conn.execute(
        "SELECT etag, last_modified, failures, next_poll_after FROM watch_sources WHERE source = ?",
        (source,),
    ).fetchone()
    if row is None:
        return SourceState(source)
    return SourceState(source, row[0], row[1], row[2], row[3])


def _save(conn: sqlite3.Connection, s: SourceState, *, changed: bool, error: str | None) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    conn.execute(
        "INSERT INTO watch_sources (source, etag, last_modified, last_polled, last_changed,"
        " failures, next_poll_after, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (source) DO UPDATE SET etag = excluded.etag,"
        " last_modified = excluded.last_modified, last_polled = excluded.last_polled,"
        " last_changed = coalesce(excluded.last_changed, watch_sources.last_changed),"
        " failures = excluded.failures, next_poll_after = excluded.next_poll_after,"
        " last_error = excluded.last_error",
        (s.source, s.etag, s.last_modified, now, now if changed else None, s.failures,
         s.next_poll_after, error),
    )  # fmt: skip


def backoff_seconds(every: float, failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: every, 2 every, 4 every, ..., capped."""
    if failures <= 0:
        return 0.0
    return min(every * 2 ** (failures - 1), settings.WATCH_MAX_BACKOFF_S)


@dataclass(slots=True)
class PollReport:
    polled: int = 0
    unchanged: int = 0
    failed: int = 0
    backing_off: int = 0
    stored: int = 0  # inputs newly stored
    alerts: int = 0
    errors: list[str] = field(default_factory=list)


class Watcher:
    """Polls `sources` into the database at `db`; see the module's doc."""

    def __init__(
        self,
        sources: Sequence[str],
        db: str | Path,
        *,
        every: float,
        queries: Sequence[SavedQuery] = (),
        sinks: AlertSinks | None = None,
        options: SourceOptions | None = None,
        published: Published | None = None,
        log: bool = True,
    ) -> None:
        from eventwire.store.schema import connect

        self.sources = list(dict.fromkeys(sources))
        self.db = Path(db)
        self.every = every
        self.queries = list(queries)
        self.sinks = sinks or AlertSinks()
        self.options = options or SourceOptions()
        self.published = published
        self.log = log
        self.stop = threading.Event()
        self.conn = connect(self.db, create=True)
        self._start_queries()

    def close(self) -> None:
        self.conn.close()

    def _say(self, message: str) -> None:
        if self.log:
            click.echo(f"watch: {message}", err=True)

    def _start_queries(self) -> None:
        """A new saved query alerts on what arrives from now on, not on the backlog."""
        top = self.conn.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
        for q in self.queries:
            self.conn.execute(
                "INSERT INTO watch_queries (name, query, last_seq) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query,"
                " last_seq = CASE WHEN watch_queries.query = excluded.query"
                " THEN watch_queries.last_seq ELSE excluded.last_seq END",
                (q.name, q.text, top),
            )

    # -- one poll -----------------------------------------------------------------------------

    def poll(self) -> PollReport:
        report = PollReport()
        started = time.time()
        for source in self.sources:
            if self.stop.is_set():
                break
            state = _state(self.conn, source)
            # due if its backoff ends before the next poll would come round
            if state.next_poll_after > time.time() + self.every / 2:
                report.backing_off += 1
                continue
            report.polled += 1
            try:
                changed, items = self._read(source, state)
                stored = self._store(items) if changed else 0
            except (InputError, _SourceFailed) as exc:
                state.failures += 1
                wait = backoff_seconds(self.every, state.failures)
                state.next_poll_after = started + wait
                _save(self.conn, state, changed=False, error=str(exc))
                report.failed += 1
                report.errors.append(f"{source}: {exc}")
                self._say(f"{source}: {exc}; failure {state.failures}, next try in {wait:g} s")
                continue
            state.failures, state.next_poll_after = 0, 0.0
            _save(self.conn, state, changed=changed, error=None)
            report.unchanged += not changed
            report.stored += stored
        report.alerts = self._alert()
        return report

    def _read(self, source: str, state: SourceState) -> tuple[bool, Iterable[RawItem | Reject]]:
        """Whether the source changed, and its items (all of them: the store skips old ones).

        A folder's items are read as they are stored; a URL's body (a feed, a page: at most
        `max_bytes` when read whole) is read first, to tell a broken response from items.
        """
        if url_scheme(source) is None:
            return True, iter_raw([source], options=self.options)
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        o = self.options
        with open_url(
            source,
            timeout=o.timeout,
            max_redirects=o.max_redirects,
            max_seconds=o.max_seconds,
            headers=headers,
        ) as fetched:
            if fetched.status == 304:
                return False, []
            if fetched.status != 200:
                raise _SourceFailed(f"HTTP {fetched.status}: nothing read")
            items = list(
                read_stream(source, fetched.stream, o, url=fetched.url, charset=fetched.charset)
            )
            state.etag, state.last_modified = fetched.etag, fetched.last_modified
        whole = [i for i in items if not (isinstance(i, Reject) and i.input == source)]
        if not whole:
            # the body as a whole could not be read (a broken feed): retry, do not store it
            raise _SourceFailed(items[0].reason if items else "nothing in the response")
        return True, items

    def _store(self, items: Iterable[RawItem | Reject]) -> int:
        from eventwire.engines.local import ingest

        report = ingest(
            ["watch"],
            self.db,
            published=self.published,
            reader=lambda _inputs, _options: items,
        )
        return report.stats.inputs

    def _alert(self) -> int:
        total = 0
        for q in self.queries:
            sent = 0
            row = self.conn.execute(
                "SELECT last_seq FROM watch_queries WHERE name = ?", (q.name,)
            ).fetchone()
            after = row[0] if row else 0
            top = self.conn.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
            for match in _matches(self.conn, q, after):
                self.sinks.send(q, match)
                sent += 1
            # moved only once the alerts are out: a crash before this repeats them, never
            # loses them
            self.conn.execute(
                "UPDATE watch_queries SET last_seq = ?, alerts = alerts + ? WHERE name = ?",
                (top, sent, q.name),
            )
            total += sent
        return total

    # -- the schedule ---------------------------------------------------------------------------

    def run(self, max_polls: int | None = None) -> int:
        """Poll every `every` seconds until stopped (or `max_polls` done); the polls made."""
        polls = 0
        while not self.stop.is_set():
            started = time.monotonic()
            report = self.poll()
            polls += 1
            self._say(
                f"poll {polls}: {report.polled} read, {report.unchanged} unchanged, "
                f"{report.failed} failed, {report.backing_off} backing off; "
                f"{report.stored} new inputs stored, {report.alerts} alerts"
            )
            if max_polls is not None and polls >= max_polls:
                break
            self.stop.wait(max(0.0, self.every - (time.monotonic() - started)))
        return polls


class _SourceFailed(Exception):
    """A source answered but gave nothing usable (an HTTP error status, a broken feed)."""


# -- the command -------------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.I)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """ "5m", "30s", "1h", "0.5s" or plain seconds as seconds; raises WatchError."""
    m = _DURATION.match(text)
    if not m:
        raise WatchError(f"{text!r} is not a duration: write 30s, 5m, 1h or 1d")
    seconds = float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "s").lower()]
    if seconds <= 0:
        raise WatchError(f"{text!r}: the interval must be above zero")
    return seconds


@contextlib.contextmanager
def _stop_on_signals(watcher: Watcher) -> Iterator[None]:
    """SIGINT and SIGTERM stop the watcher after the source it is reading."""
    previous = {}

    def stop(signum: int, frame: object) -> None:
        watcher.stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="URL|PATH ...")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default="eventwire.db",
    show_default=True,
    envvar="EVENTWIRE_DB",
    help="SQLite database file (env EVENTWIRE_DB). Created when missing.",
)
@click.option("--every", default="5m", show_default=True, help="Time between polls: 30s, 5m, 1h.")
@click.option("--max-polls", type=click.IntRange(min=1), help="Stop after this many polls.")
@click.option(
    "--alert",
    "alerts",
    multiple=True,
    metavar="QUERY",
    help="A saved query, e.g. 'kind=measure,measure=tariff,target=JPN' or "
    "'kind=event,type=ASSAULT,country=UKR' (repeatable).",
)
@click.option(
    "--queries",
    "queries_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON or YAML file of saved queries.",
)
@click.option(
    "--alert-jsonl",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append each alert to this file as a JSON line.",
)
@click.option(
    "--alert-command",
    metavar="CMD",
    help="Run CMD (no shell) for each alert, with the alert as a JSON line on its stdin.",
)
@click.option("--quiet-alerts", is_flag=True, help="Do not print alerts on standard output.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=settings.MAX_INPUT_BYTES,
    show_default=True,
    help="Largest input read whole (a page, a feed); larger ones are rejected.",
)
@click.option(
    "--download-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=settings.HTTP_MAX_SECONDS,
    show_default=True,
    help="Most seconds one download may take.",
)
def watch(
    sources: tuple[str, ...],
    db: str,
    every: str,
    max_polls: int | None,
    alerts: tuple[str, ...],
    queries_file: Path | None,
    alert_jsonl: Path | None,
    alert_command: str | None,
    quiet_alerts: bool,
    max_bytes: int,
    download_seconds: float,
) -> None:
    """Poll feeds, pages and folders on a schedule; store what is new; alert on saved queries.

    URLs are fetched with conditional requests (ETag, Last-Modified); a failing source backs
    off exponentially; nothing is stored twice. State is kept in the database, so a watcher
    stopped (Ctrl-C, SIGTERM) or killed carries on where it was when started again.
    """
    from eventwire.store.schema import StoreError

    try:
        interval = parse_duration(every)
        queries = [parse_query(q) for q in alerts]
        if queries_file is not None:
            queries += load_queries(queries_file)
    except WatchError as exc:
        raise click.BadParameter(str(exc)) from None
    sinks = AlertSinks(stdout=not quiet_alerts, jsonl=alert_jsonl, command=alert_command)
    options = SourceOptions(max_bytes=max_bytes, max_seconds=download_seconds)
    try:
        watcher = Watcher(sources, db, every=interval, queries=queries, sinks=sinks,
                          options=options)  # fmt: skip
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    try:
        with _stop_on_signals(watcher):
            polls = watcher.run(max_polls)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        watcher.close()
    click.echo(f"watch: stopped after {polls} poll(s), {sinks.sent} alert(s)", err=True)
