"""Writing annotated documents into the database: one transaction per batch of inputs.

Each input's row in `inputs` (source + content hash) is written in the same transaction as
its documents, duplicates and rejects, so after a crash an input is either fully stored or
not at all, and a rerun skips exactly the stored ones. Every document an input yields ends
as a stored document, a duplicate or a reject: `inputs.items = documents + duplicates +
rejects` on every row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from eventwire import settings
from eventwire.analyze.minhash import MinHashParams
from eventwire.model import (
    Actor,
    Document,
    Entity,
    Event,
    InputResult,
    Reject,
    Span,
    TimeExpr,
)
from eventwire.store import tracker
from eventwire.store.dedup import NearDuplicateIndex, load_params
from eventwire.store.schema import StoreError

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?=$|T)")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}|W\d{2}|Q[1-4]|H[12]))?")


@dataclass(slots=True)
class WriteStats:
    """What a batch (or a whole run) did to the database."""

    inputs: int = 0
    skipped: int = 0  # inputs already stored by an earlier run
    items: int = 0
    documents: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    rejects: Counter[tuple[str, str]] = field(default_factory=Counter)  # (stage, reason)
    events_new: int = 0
    event_mentions: int = 0
    #: The first settings.SUMMARY_REJECTS_NAMED rejects as (input, stage, reason): what a
    #: summary names; the `rejects` table holds them all.
    rejected_inputs: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.exact_duplicates + self.near_duplicates

    @property
    def rejected(self) -> int:
        return sum(self.rejects.values())

    def add(self, other: WriteStats) -> None:
        for name in (
            "inputs",
            "skipped",
            "items",
            "documents",
            "exact_duplicates",
            "near_duplicates",
            "events_new",
            "event_mentions",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejects.update(other.rejects)
        room = settings.SUMMARY_REJECTS_NAMED - len(self.rejected_inputs)
        self.rejected_inputs.extend(other.rejected_inputs[: max(room, 0)])


def host_of(url: str | None) -> str | None:
    """The host of a URL without `www.`: the outlet, for counting distinct sources."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def sectors_text(sectors: Sequence[str]) -> str | None:
    """Sector codes as stored: comma-separated ("GOV,MIL"), NULL when there are none."""
    return ",".join(sectors) if sectors else None


def _span(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def _time(t: TimeExpr | None) -> tuple:
    if t is None:
        return (None,) * 6
    return (*_span(t.span), t.value, t.granularity, t.anchor)


def _actor(actor: Actor | None) -> tuple:
    if actor is None:
        return (None,) * 7
    return (
        *_span(actor.span),
        actor.entity_id,
        actor.name,
        actor.country,
        sectors_text(actor.sectors),
    )


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """An event actor as the merged `events` row shows it: the entity's data filling gaps."""

    name: str | None
    country: str | None
    sectors: str | None
    key: str | None

    @property
    def identity(self) -> str:
        """What makes two actors the same for event merging: the actor-dictionary key,
        else the case-folded canonical name."""
        return self.key or (self.name or "").casefold()


def summarise_actor(actor: Actor | None, entities: dict[str, Entity]) -> ActorSummary:
    if actor is None:
        return ActorSummary(None, None, None, None)
    entity = entities.get(actor.entity_id or "")
    name = actor.name or (entity.name if entity else None) or actor.span.text
    country = actor.country or (entity.country if entity else None)
    sectors = actor.sectors or (entity.sectors if entity else [])
    return ActorSummary(name, country, sectors_text(sectors), entity.key if entity else None)


def event_date(event: Event, doc: Document) -> str | None:
    """The date an event is filed under: its time expression when the text gives one, else
    the publication date of the document reporting it (GDELT's convention)."""
    if event.date is not None:
        return event.date.value
    return doc.published.date


def period_start(value: str | None) -> str | None:
    """The first day (YYYY-MM-DD) of the calendar period an ISO 8601 value names: a day,
    month, year, ISO week, quarter or half-year (a time of day is dropped); None for values
    without a known year ("XXXX-04-02"), durations and anything else."""
    if not value:
        return None
    try:
        if m := _DAY_PREFIX.match(value):
            return dt.date.fromisoformat(m.group(0)).isoformat()
        if m := _PERIOD.fullmatch(value):
            year, rest = int(m.group(1)), m.group(2)
            if not rest:
                return f"{year:04d}-01-01"
            if rest.isdigit():
                return dt.date(year, int(rest), 1).isoformat()
            number = int(rest[1:])
            if rest[0] == "W":
                return dt.date.fromisocalendar(year, number, 1).isoformat()
            months_per_part = 3 if rest[0] == "Q" else 6
            return dt.date(year, (number - 1) * months_per_part + 1, 1).isoformat()
    except ValueError:
        return None
    return None


def merge_key(event: Event, a1: ActorSummary, a2: ActorSummary, date: str | None) -> str | None:
    """The key under which reports of one event merge; None for an event that must stay
    alone: without a full calendar date nothing says two reports are of the same day."""
    if date is None or not _FULL_DATE.match(date):
        return None
    return "|".join((event.type, a1.identity, a2.identity, date))


@contextlib.contextmanager
def _failing_cleanly(conn: sqlite3.Connection, doing: str) -> Iterator[None]:
    """Database errors as one StoreError saying what happened, with the open transaction
    rolled back: a full disk, a file size limit, an I/O error, a lock held too long or a
    damaged file stop the writer with a clear message, and every batch committed before
    is intact."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # the rollback may fail as well
                conn.execute("ROLLBACK")
        message = str(exc)
        if "full" in message:
            why = "the disk is full or the file may not grow (database or disk is full)"
        elif "disk I/O" in message:
            why = "the disk refused the write (disk I/O error: a full disk or a file size limit?)"
        elif "locked" in message or "busy" in message:
            limit = settings.SQLITE_BUSY_TIMEOUT_S
            why = f"another process held the database lock for over {limit:g} s"
        elif "malformed" in message or "not a database" in message:
            why = f"the database file is damaged ({message}); it was left as it is"
        else:
            why = message
        raise StoreError(f"cannot {doing}: {why}; every batch written before is kept") from None


class Writer:
    """The single writer of a database. Not thread-safe: one per process."""

    def __init__(self, conn: sqlite3.Connection, *, threshold: float | None = None) -> None:
        self.conn = conn
        with _failing_cleanly(conn, "open the database for writing"):
            conn.execute("BEGIN IMMEDIATE")
            try:
                self.params: MinHashParams = load_params(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        self.index = NearDuplicateIndex(
            conn, self.params, settings.MINHASH_THRESHOLD if threshold is None else threshold
        )

    def is_stored(self, source: str, content_hash: str) -> bool:
        """Whether an earlier batch stored this exact input."""
        with _failing_cleanly(self.conn, "read the database"):
            row = self.conn.execute(
                "SELECT 1 FROM inputs WHERE source = ? AND content_hash = ?",
                (source, content_hash),
            ).fetchone()
        return row is not None

    def write_batch(self, results: Sequence[InputResult]) -> WriteStats:
        """Store a batch of inputs in one transaction; all of it or (on any error) none."""
        stats = WriteStats()
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with _failing_cleanly(self.conn, "write to the database"):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                last_seq = self.conn.execute(
                    "SELECT coalesce(max(seq), 0) FROM documents"
                ).fetchone()
                for result in results:
                    self._write_input(result, now, stats)
                # The batch's measure mentions join their tracked measures (store/tracker.py).
                new_seqs = self.conn.execute("SELECT seq FROM documents WHERE seq > ?", last_seq)
                tracker.consolidate(self.conn, [row[0] for row in new_seqs])
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):  # the rollback may fail as well
                        self.conn.execute("ROLLBACK")
                raise
        return stats

    # -- one input ----------------------------------------------------------------------

    def _write_input(self, r: InputResult, now: str, stats: WriteStats) -> None:
        if self.is_stored(r.source, r.content_hash):
            stats.skipped += 1
            return
        input_id = self.conn.execute(
            "INSERT INTO inputs (source, content_hash, url, content_type, bytes, items,"
            " documents, duplicates, rejects, ingested_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?)",
            (r.source, r.content_hash, r.url, r.content_type, r.size, now),
        ).lastrowid
        assert input_id is not None
        rejects = list(r.rejects)
        counts = Counter[str]()
        for position, (doc, sig) in enumerate(zip(r.documents, r.signatures, strict=True)):
            before = (stats.events_new, stats.event_mentions)
            self.conn.execute("SAVEPOINT document")
            try:
                outcome = self._write_document(doc, sig, input_id, position, stats)
                self.conn.execute("RELEASE document")
            except sqlite3.OperationalError:
                raise  # the database, not the document (a full disk): stop the whole batch
            except (sqlite3.Error, AttributeError, TypeError, ValueError) as exc:
                # One malformed document (an annotation breaking a constraint, a field of the
                # wrong type) becomes a reject of the store stage; the rest of the batch goes in.
                self.conn.execute("ROLLBACK TO document")
                self.conn.execute("RELEASE document")
                stats.events_new, stats.event_mentions = before
                rejects.append(
                    Reject(doc.source or r.source, "store", f"document {doc.id[:12]}: {exc!r}")
                )
                continue
            counts[outcome] += 1
        self.conn.executemany(
            "INSERT INTO rejects (input_id, input, stage, reason) VALUES (?, ?, ?, ?)",
            [(input_id, x.input, x.stage, x.reason) for x in rejects],
        )
        duplicates = counts["exact"] + counts["near"]
        items = counts["new"] + duplicates + len(rejects)
        self.conn.execute(
            "UPDATE inputs SET items = ?, documents = ?, duplicates = ?, rejects = ? WHERE id = ?",
            (items, counts["new"], duplicates, len(rejects), input_id),
        )
        stats.inputs += 1
        stats.items += items
        stats.documents += counts["new"]
        stats.exact_duplicates += counts["exact"]
        stats.near_duplicates += counts["near"]
        stats.rejects.update((x.stage, x.reason) for x in rejects)
        room = settings.SUMMARY_REJECTS_NAMED - len(stats.rejected_inputs)
        stats.rejected_inputs.extend((x.input, x.stage, x.reason) for x in rejects[: max(room, 0)])

    def _write_document(
        self,
        doc: Document,
        sig: bytes,
        input_id: int,
        position: int,
        stats: WriteStats,
    ) -> str:
        """Store `doc` or record it as a duplicate; returns "new", "exact" or "near"."""
        row = self.conn.execute("SELECT seq FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if row is not None:
            self._duplicate(doc, row[0], "exact", 1.0, input_id, position)
            return "exact"
        found = self.index.find(sig)
        if found is not None:
            self._duplicate(doc, found[0], "near", found[1], input_id, position)
            return "near"
        seq = self._insert_document(doc, input_id, position)
        self.index.add(seq, sig)
        self._insert_annotations(doc, seq, stats)
        return "new"

    def _duplicate(
        self, doc: Document, first_seq: int, kind: str, score: float, input_id: int, position: int
    ) -> None:
        self.conn.execute(
            "INSERT INTO duplicates (document_seq, duplicate_id, kind, similarity, doc_kind,"
            " title, url, source, published, input_id, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                first_seq,
                doc.id,
                kind,
                score,
                doc.kind,
                doc.title,
                doc.url,
                doc.source,
                doc.published.date,
                input_id,
                position,
            ),
        )

    def _insert_document(self, doc: Document, input_id: int, position: int) -> int:
        seq = self.conn.execute(
            "INSERT INTO documents (id, kind, title, author, site, text, url, host, source,"
            " published, published_origin, language, parent_id, sentences, input_id, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.kind,
                doc.title,
                doc.author,
                doc.site,
                doc.text,
                doc.url,
                host_of(doc.url),
                doc.source,
                doc.published.date,
                doc.published.origin,
                doc.language,
                doc.parent_id,
                json.dumps([[s.start, s.end] for s in doc.sentences], separators=(",", ":")),
                input_id,
                position,
            ),
        ).lastrowid
        assert seq is not None
        return seq

    def _insert_annotations(self, doc: Document, seq: int, stats: WriteStats) -> None:
        c, d = self.conn, seq
        c.executemany(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (d, n, *_span(m.span), m.label, m.entity_id, m.extractor)
                for n, m in enumerate(doc.mentions)
            ],
        )
        c.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d,
                    e.id,
                    n,
                    e.name,
                    e.type,
                    e.country,
                    sectors_text(e.sectors),
                    e.title,
                    e.key,
                    json.dumps(e.mentions, separators=(",", ":")),
                    e.extractor,
                )
                for n, e in enumerate(doc.entities)
            ],
        )
        c.executemany(
            "INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(d, n, *_time(t), t.extractor) for n, t in enumerate(doc.times)],
        )
        c.executemany(
            "INSERT INTO quantities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d,
                    n,
                    *_span(q.span),
                    q.value,
                    q.unit,
                    q.measure,
                    q.change,
                    q.entity_id,
                    q.extractor,
                )
                for n, q in enumerate(doc.quantities)
            ],
        )
        entities = {e.id: e for e in doc.entities}
        reported: set[int] = set()  # events this document has reported so far
        for n, event in enumerate(doc.events):
            event_id = self._merge_event(doc, seq, n, event, entities, stats, reported)
            c.execute(
                f"INSERT INTO event_mentions VALUES ({', '.join('?' * 47)})",
                (
                    d,
                    n,
                    event_id,
                    *_span(event.trigger),
                    event.sentence.start,
                    event.sentence.end,
                    event.type,
                    event.mode,
                    event.cameo,
                    event.quad_class,
                    event.goldstein,
                    *_actor(event.actor1),
                    *_actor(event.actor2),
                    *_actor(event.source),
                    *_span(event.location),
                    *_time(event.date),
                    event.date_origin,
                    event.modality,
                    event.confidence,
                    event.extractor,
                ),
            )
            stats.event_mentions += 1
        for n, m in enumerate(doc.measures):
            c.execute(
                f"INSERT INTO measures VALUES ({', '.join('?' * 31)})",
                (
                    d,
                    n,
                    *_span(m.span),
                    m.kind,
                    *_actor(m.imposer),
                    m.rate,
                    *_time(m.announced),
                    *_time(m.effective),
                    m.status,
                    *_span(m.condition),
                    m.extractor,
                ),
            )
            c.executemany(
                "INSERT INTO measure_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (d, n, role, i, *_actor(a))
                    for role, actors in (("target", m.targets), ("exception", m.exceptions))
                    for i, a in enumerate(actors)
                ],
            )
            c.executemany(
                "INSERT INTO measure_products VALUES (?, ?, ?, ?, ?, ?)",
                [(d, n, i, *_span(p)) for i, p in enumerate(m.products)],
            )

    def _merge_event(
        self,
        doc: Document,
        seq: int,
        n: int,
        event: Event,
        entities: dict[str, Entity],
        stats: WriteStats,
        reported: set[int],
    ) -> int:
        """The id of the `events` row this report belongs to, created when new, with GDELT's
        counts brought up to date: mentions (reports), articles (documents) and sources
        (distinct URL hosts; a document without a URL counts by its site name, else by the
        input it came from)."""
        a1 = summarise_actor(event.actor1, entities)
        a2 = summarise_actor(event.actor2, entities)
        date = event_date(event, doc)
        key = merge_key(event, a1, a2, date)
        source = host_of(doc.url) or doc.site or doc.source or doc.id
        row = None
        if key is not None:
            row = self.conn.execute("SELECT id FROM events WHERE merge_key = ?", (key,)).fetchone()
        if row is not None:
            event_id = int(row[0])
            # Counted as the reports come, never recounted: a widely reported event would
            # otherwise cost a scan of all its reports in every batch.
            new_source = self.conn.execute(
                "INSERT OR IGNORE INTO event_sources (event_id, source) VALUES (?, ?)",
                (event_id, source),
            ).rowcount
            self.conn.execute(
                "UPDATE events SET num_mentions = num_mentions + 1,"
                " num_articles = num_articles + ?, num_sources = num_sources + ? WHERE id = ?",
                (int(event_id not in reported), new_source, event_id),
            )
            reported.add(event_id)
            return event_id
        stats.events_new += 1
        event_id = self.conn.execute(
            "INSERT INTO events (merge_key, type, mode, cameo, quad_class, goldstein,"
            " actor1_name, actor1_country, actor1_sectors, actor1_key,"
            " actor2_name, actor2_country, actor2_sectors, actor2_key,"
            " date, start_date, location, num_mentions, num_sources, num_articles,"
            " first_document_seq, first_mention_n)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1, ?, ?)",
            (
                key,
                event.type,
                event.mode,
                event.cameo,
                event.quad_class,
                event.goldstein,
                a1.name,
                a1.country,
                a1.sectors,
                a1.key,
                a2.name,
                a2.country,
                a2.sectors,
                a2.key,
                date,
                period_start(date),
                event.location.text if event.location else None,
                seq,
                n,
            ),
        ).lastrowid
        assert event_id is not None
        self.conn.execute(
            "INSERT INTO event_sources (event_id, source) VALUES (?, ?)", (event_id, source)
        )
        reported.add(event_id)
        return event_id
