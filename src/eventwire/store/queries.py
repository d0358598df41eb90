"""Read queries over the database, shared by the CLI and the web server.

Each function takes an open connection (schema.connect) and returns plain data: lists of
dicts with JSON-ready values, or a `Document` rebuilt from its rows, so any front end can
print, serialise or template the result.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from eventwire.model import (
    Actor,
    Document,
    Entity,
    Event,
    Measure,
    Mention,
    Published,
    Quantity,
    Span,
    TimeExpr,
)
from eventwire.store.schema import SCHEMA_VERSION, TABLES, version

#: Default number of rows a listing returns.
DEFAULT_LIMIT = 50

# A date filter compares ISO strings; only dates with a known year take part.
_KNOWN_YEAR = "GLOB '[0-9][0-9][0-9][0-9]*'"


class NotFound(LookupError):
    """No document (or more than one) matches what the user asked for."""


class Rows(list):
    """Query results: a list of dicts (one per row) that also knows its column names, so an
    empty result still has a CSV header."""

    columns: list[str]


def _rows(cursor: sqlite3.Cursor) -> Rows:
    rows = Rows(dict(row) for row in cursor.fetchall())
    rows.columns = [d[0] for d in cursor.description or ()]
    return rows


def _id_glob(prefix: str) -> str:
    """A GLOB pattern for ids starting with `prefix` (GLOB, unlike LIKE, can use the id
    index); a prefix that is not hexadecimal matches nothing."""
    prefix = prefix.strip().lower()
    return prefix + "*" if re.fullmatch(r"[0-9a-f]{1,64}", prefix) else "-"


def _like(text: str) -> str:
    """A LIKE pattern for `text` anywhere (with `ESCAPE '\\'`): the user's % and _ are
    literal characters, so `--actor %` matches names with a percent sign, not every name."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _limit(limit: int | None) -> int:
    # SQLite reads LIMIT -1 as "no limit".
    return -1 if limit is None or limit <= 0 else limit


def events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    country: str | None = None,
    type: str | None = None,
    mode: str | None = None,
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    doc: str | None = None,
    dated: bool = False,
    limit: int | None = DEFAULT_LIMIT,
) -> Rows:
    """Merged events, newest first, with the sentence and document of their first report.

    `actor` matches either actor's name (substring, any case) or actor-dictionary key;
    `country` either actor's ISO alpha-3 code; `type` a PLOVER type or, given as digits, a
    CAMEO code prefix ("04" = consult); `since`/`until` are inclusive ISO date prefixes
    ("2025", "2025-05", "2025-05-14") compared with the first day of the event's date (a
    week or month counts from its start; dates without a known year never match);
    `modality` and `doc` match any report of the event. Events that cannot be placed on the
    calendar come last (those with a date of unknown parts, "a Sunday", before those with
    none), or not at all with `dated`.
    """
    where: list[str] = []
    args: list[Any] = []
    if actor:
        where.append(
            "(e.actor1_name LIKE ? ESCAPE '\\' OR e.actor2_name LIKE ? ESCAPE '\\'"
            " OR e.actor1_key = ? OR e.actor2_key = ?)"
        )
        args += [_like(actor), _like(actor), actor, actor]
    if country:
        where.append("(e.actor1_country = ? OR e.actor2_country = ?)")
        args += [country.upper()] * 2
    if type:
        if type.isdigit():
            where.append("e.cameo LIKE ?")
            args.append(f"{type}%")
        else:
            where.append("e.type = ?")
            args.append(type.upper())
    if mode:
        where.append("e.mode = ?")
        args.append(mode)
    if modality:
        where.append(
            "EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND m.modality = ?)"
        )
        args.append(modality)
    # Periods (a week, a month) count from their first day (`start_date`).
    if since:
        where.append("e.start_date >= ?")
        args.append(since)
    if until:
        where.append("substr(e.start_date, 1, length(?)) <= ?")
        args += [until, until]
    if doc:
        where.append(
            "e.id IN (SELECT event_id FROM event_mentions WHERE document_seq IN"
            " (SELECT seq FROM documents WHERE id GLOB ?))"
        )
        args.append(_id_glob(doc))
    if dated:
        where.append("e.start_date IS NOT NULL")
    sql = "SELECT * FROM events_view e"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY e.start_date DESC NULLS LAST, e.date IS NULL, e.id LIMIT ?"
    return _rows(conn.execute(sql, [*args, _limit(limit)]))


def event_reports(conn: sqlite3.Connection, event_id: int) -> Rows:
    """Every report (document, sentence, trigger offsets) of one merged event."""
    return _rows(
        conn.execute(
            "SELECT * FROM event_mentions_view WHERE event_id = ? ORDER BY document_seq, n",
            (event_id,),
        )
    )


def entities(
    conn: sqlite3.Connection,
    *,
    name: str | None = None,
    type: str | None = None,
    country: str | None = None,
    doc: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Rows:
    """Entities across documents, grouped by canonical name, type and country, most
    widely reported first, with how many documents and mentions each has."""
    where: list[str] = []
    args: list[Any] = []
    if name:
        where.append("name LIKE ? ESCAPE '\\'")
        args.append(_like(name))
    if type:
        where.append("type = ?")
        args.append(type.upper())
    if country:
        where.append("country = ?")
        args.append(country.upper())
    if doc:
        where.append("document_seq IN (SELECT seq FROM documents WHERE id GLOB ?)")
        args.append(_id_glob(doc))
    sql = (
        "SELECT name, type, country, max(sectors) AS sectors, max(title) AS title,"
        " max(key) AS key, count(DISTINCT document_seq) AS documents,"
        " sum(json_array_length(mentions)) AS mentions FROM entities"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY name, type, country ORDER BY documents DESC, mentions DESC, name LIMIT ?"
    return _rows(conn.execute(sql, [*args, _limit(limit)]))


def _fts_quoted(query: str) -> str:
    # Every word as an FTS5 string: what a user typing "US-Japan tariffs" means.
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int | None = DEFAULT_LIMIT,
    mark: tuple[str, str] = ("[", "]"),
) -> Rows:
    """Documents matching an FTS5 query over title and text, best first, with a snippet
    whose matched words sit between `mark`'s two strings.

    FTS5 syntax works (`tariff AND Japan`, `"trade talks"`, `tarif*`); a query that is not
    valid FTS5 (`US-Japan`) is searched as plain words instead of failing.
    """
    sql = (
        "SELECT d.id, d.kind, d.title, d.published, d.url, d.source,"
        " snippet(documents_fts, -1, ?, ?, '…', 16) AS snippet, bm25(documents_fts) AS score"
        " FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY rank, d.seq LIMIT ?"
    )
    try:
        return _rows(conn.execute(sql, (*mark, query, _limit(limit))))
    except sqlite3.OperationalError:
        # Not valid FTS5 ("fts5: syntax error", or "no such column: Japan" for US-Japan).
        return _rows(conn.execute(sql, (*mark, _fts_quoted(query), _limit(limit))))


def measures(
    conn: sqlite3.Connection,
    *,
    imposer: str | None = None,
    target: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    doc: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Rows:
    """Trade-policy measures with their targets, exceptions and products.

    `imposer` and `target` match a name (substring, any case), the words in the text, or an
    ISO alpha-3 country code.
    """
    where: list[str] = []
    args: list[Any] = []
    if imposer:
        where.append(
            "(ms.imposer_name LIKE ? ESCAPE '\\' OR ms.imposer_text LIKE ? ESCAPE '\\'"
            " OR ms.imposer_country = ?)"
        )
        args += [_like(imposer), _like(imposer), imposer.upper()]
    if target:
        where.append(
            "EXISTS (SELECT 1 FROM measure_actors a WHERE a.document_seq = ms.document_seq"
            " AND a.measure_n = ms.n AND a.role = 'target'"
            " AND (a.name LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\' OR a.country = ?))"
        )
        args += [_like(target), _like(target), target.upper()]
    if kind:
        where.append("ms.kind = ?")
        args.append(kind)
    if status:
        where.append("ms.status = ?")
        args.append(status)
    if doc:
        where.append("ms.document_seq IN (SELECT seq FROM documents WHERE id GLOB ?)")
        args.append(_id_glob(doc))
    sql = (
        "SELECT v.* FROM measures ms"
        " JOIN measures_view v ON v.document_seq = ms.document_seq AND v.n = ms.n"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY v.document_published DESC NULLS LAST, ms.document_seq, ms.n LIMIT ?"
    return _rows(conn.execute(sql, [*args, _limit(limit)]))


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Row counts and breakdowns: what is in the database at a glance."""

    def scalar(sql: str) -> Any:
        return conn.execute(sql).fetchone()[0]

    def pairs(sql: str) -> dict[str, int]:
        return {str(k): v for k, v in conn.execute(sql).fetchall()}

    rejects = [
        {"stage": stage, "reason": reason, "count": n}
        for stage, reason, n in conn.execute(
            "SELECT stage, reason, count(*) AS n FROM rejects GROUP BY stage, reason"
            " ORDER BY n DESC, stage, reason LIMIT 20"
        )
    ]
    page_size = scalar("PRAGMA page_size")
    return {
        "schema_version": version(conn),
        "rows": {table: scalar(f"SELECT count(*) FROM {table}") for table in TABLES},
        "items": scalar("SELECT coalesce(sum(items), 0) FROM inputs"),
        "documents_by_kind": pairs(
            "SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY 2 DESC"
        ),
        "duplicates_by_kind": pairs(
            "SELECT kind, count(*) FROM duplicates GROUP BY kind ORDER BY 2 DESC"
        ),
        "rejects_by_stage": pairs(
            "SELECT stage, count(*) FROM rejects GROUP BY stage ORDER BY 2 DESC"
        ),
        "top_rejects": rejects,
        "events_by_type": pairs(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1"
        ),
        "merged_events": scalar("SELECT count(*) FROM events WHERE num_articles > 1"),
        "published_range": list(
            conn.execute(
                "SELECT min(published), max(published) FROM documents"
                f" WHERE published {_KNOWN_YEAR}"
            ).fetchone()
        ),
        "size_bytes": page_size * scalar("PRAGMA page_count"),
        "up_to_date": version(conn) == SCHEMA_VERSION,
    }


# -- one document -------------------------------------------------------------------------


def resolve_document_id(conn: sqlite3.Connection, prefix: str) -> str:
    """The full id of the stored document `prefix` starts (ids print as 12 characters).

    A duplicate's id resolves to the document it repeats. Raises NotFound when nothing or
    more than one document matches.
    """
    prefix = prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{4,64}", prefix):
        raise NotFound(f"{prefix!r} is not a document id (4 to 64 hexadecimal characters)")
    ids = [
        r[0]
        for r in conn.execute("SELECT id FROM documents WHERE id GLOB ? LIMIT 2", (prefix + "*",))
    ]
    if not ids:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT d.id FROM duplicates x JOIN documents d ON d.seq = x.document_seq"
                " WHERE x.duplicate_id GLOB ? LIMIT 2",
                (prefix + "*",),
            )
        ]
    if not ids:
        raise NotFound(f"no document with an id starting {prefix}")
    if len(ids) > 1:
        raise NotFound(f"more than one document has an id starting {prefix}: give more of it")
    return ids[0]


def _span_of(text: str, start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span.of(text, start, end)


def _sectors(value: str | None) -> list[str]:
    return value.split(",") if value else []


def _time_of(text: str, row: sqlite3.Row, prefix: str) -> TimeExpr | None:
    span = _span_of(text, row[f"{prefix}_start"], row[f"{prefix}_end"])
    if span is None:
        return None
    return TimeExpr(
        span, row[f"{prefix}_value"], row[f"{prefix}_granularity"], row[f"{prefix}_anchor"]
    )


def _actor_of(text: str, row: sqlite3.Row, prefix: str) -> Actor | None:
    """The Actor stored in the `{prefix}start`, `{prefix}end`, ... columns of `row`."""
    span = _span_of(text, row[f"{prefix}start"], row[f"{prefix}end"])
    if span is None:
        return None
    return Actor(
        span=span,
        entity_id=row[f"{prefix}entity_id"],
        name=row[f"{prefix}name"],
        country=row[f"{prefix}country"],
        sectors=_sectors(row[f"{prefix}sectors"]),
    )


def load_document(conn: sqlite3.Connection, doc_id: str) -> Document:
    """The stored document with every annotation, as the analyzers produced it."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id}")
    text, seq = row["text"], row["seq"]

    def each(sql: str) -> Iterable[sqlite3.Row]:
        return conn.execute(sql, (seq,)).fetchall()

    doc = Document(
        text=text,
        kind=row["kind"],
        id=row["id"],
        title=row["title"],
        author=row["author"],
        site=row["site"],
        url=row["url"],
        source=row["source"],
        published=Published(row["published"], row["published_origin"]),
        language=row["language"],
        parent_id=row["parent_id"],
        sentences=[Span.of(text, s, e) for s, e in json.loads(row["sentences"])],
    )
    doc.mentions = [
        Mention(
            Span.of(text, r["start_char"], r["end_char"]),
            r["label"],
            r["entity_id"],
            r["extractor"],
        )
        for r in each("SELECT * FROM mentions WHERE document_seq = ? ORDER BY n")
    ]
    doc.entities = [
        Entity(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            mentions=json.loads(r["mentions"]),
            country=r["country"],
            sectors=_sectors(r["sectors"]),
            title=r["title"],
            key=r["key"],
            extractor=r["extractor"],
        )
        for r in each("SELECT * FROM entities WHERE document_seq = ? ORDER BY n")
    ]
    doc.times = [
        TimeExpr(
            Span.of(text, r["start_char"], r["end_char"]),
            r["value"],
            r["granularity"],
            r["anchor"],
            r["extractor"],
        )
        for r in each("SELECT * FROM times WHERE document_seq = ? ORDER BY n")
    ]
    doc.quantities = [
        Quantity(
            Span.of(text, r["start_char"], r["end_char"]),
            r["value"],
            r["unit"],
            r["measure"],
            r["change"],
            r["entity_id"],
            r["extractor"],
        )
        for r in each("SELECT * FROM quantities WHERE document_seq = ? ORDER BY n")
    ]
    doc.events = [
        Event(
            trigger=Span.of(text, r["trigger_start"], r["trigger_end"]),
            sentence=Span.of(text, r["sentence_start"], r["sentence_end"]),
            type=r["type"],
            mode=r["mode"],
            cameo=r["cameo"],
            quad_class=r["quad_class"],
            goldstein=r["goldstein"],
            actor1=_actor_of(text, r, "actor1_"),
            actor2=_actor_of(text, r, "actor2_"),
            source=_actor_of(text, r, "source_actor_"),
            location=_span_of(text, r["location_start"], r["location_end"]),
            date=_time_of(text, r, "date"),
            date_origin=r["date_origin"],
            modality=r["modality"],
            confidence=r["confidence"],
            extractor=r["extractor"],
        )
        for r in each("SELECT * FROM event_mentions WHERE document_seq = ? ORDER BY n")
    ]
    actors: dict[tuple[int, str], list[Actor]] = {}
    for r in each(
        "SELECT * FROM measure_actors WHERE document_seq = ? ORDER BY measure_n, role, n"
    ):
        actor = Actor(
            Span.of(text, r["start_char"], r["end_char"]),
            r["entity_id"],
            r["name"],
            r["country"],
            _sectors(r["sectors"]),
        )
        actors.setdefault((r["measure_n"], r["role"]), []).append(actor)
    products: dict[int, list[Span]] = {}
    for r in each("SELECT * FROM measure_products WHERE document_seq = ? ORDER BY measure_n, n"):
        products.setdefault(r["measure_n"], []).append(
            Span.of(text, r["start_char"], r["end_char"])
        )
    doc.measures = [
        Measure(
            span=Span.of(text, r["start_char"], r["end_char"]),
            kind=r["kind"],
            imposer=_actor_of(text, r, "imposer_"),
            targets=actors.get((r["n"], "target"), []),
            exceptions=actors.get((r["n"], "exception"), []),
            products=products.get(r["n"], []),
            rate=r["rate"],
            announced=_time_of(text, r, "announced"),
            effective=_time_of(text, r, "effective"),
            status=r["status"],
            condition=_span_of(text, r["condition_start"], r["condition_end"]),
            extractor=r["extractor"],
        )
        for r in each("SELECT * FROM measures WHERE document_seq = ? ORDER BY n")
    ]
    # An event's or a measure's date is one of the document's time expressions: it names the
    # same analyzer, kept once in the times table.
    makers = {(t.span.start, t.span.end, t.value): t.extractor for t in doc.times}
    for when in (
        *(e.date for e in doc.events),
        *(m.announced for m in doc.measures),
        *(m.effective for m in doc.measures),
    ):
        if when is not None:
            when.extractor = makers.get((when.span.start, when.span.end, when.value), "")
    return doc


def document_ids(conn: sqlite3.Connection) -> list[str]:
    """Every stored document id in the order they were stored."""
    return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY seq")]
