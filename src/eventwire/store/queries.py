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

from eventwire.analyze import products as hs
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
from eventwire.store import tracker
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
    # A search page's (search_page): every match, and how many of them were ranked.
    matches: int
    ranked: int


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


# -- browsing: pages, counts, actors and the measures matrix (the web server, serve/) ------

#: Sort keys of `events_page`, each an indexed column (settings.py explains the limits).
EVENT_SORTS: dict[str, str] = {
    "date": "e.start_date",
    "id": "e.id",
    "goldstein": "e.goldstein",
    "mentions": "e.num_mentions",
}
#: Periods `event_counts` groups by: SQL giving the period's first day from a day.
PERIODS: dict[str, str] = {
    "day": "{d}",
    "week": "date({d}, '-' || ((CAST(strftime('%w', {d}) AS INTEGER) + 6) % 7) || ' days')",
    "month": "substr({d}, 1, 7)",
    "year": "substr({d}, 1, 4)",
}
#: What `event_counts` splits the counts by.
COUNT_KEYS: dict[str, str] = {"quad_class": "quad_class", "type": "type"}


def _event_where(
    *,
    actor: str | None = None,
    actor_name: str | None = None,
    country: str | None = None,
    type: str | None = None,
    mode: str | None = None,
    modality: str | None = None,
    quad_class: int | None = None,
    since: str | None = None,
    until: str | None = None,
    doc: str | None = None,
) -> tuple[list[str], list[Any]]:
    """WHERE terms over `events e`, with the meaning `events()` gives each filter, plus
    `actor_name` (either actor's canonical name, exactly: an actor page) and `quad_class`."""
    where: list[str] = []
    args: list[Any] = []
    if actor:
        where.append(
            "(e.actor1_name LIKE ? OR e.actor2_name LIKE ? OR e.actor1_key = ? OR e.actor2_key = ?)"
        )
        args += [f"%{actor}%", f"%{actor}%", actor, actor]
    if actor_name:
        # Two indexed lookups rather than an OR the planner would scan for.
        where.append(
            "e.id IN (SELECT id FROM events WHERE actor1_name = ?"
            " UNION SELECT id FROM events WHERE actor2_name = ?)"
        )
        args += [actor_name, actor_name]
    if country:
        where.append(
            "e.id IN (SELECT id FROM events WHERE actor1_country = ?"
            " UNION SELECT id FROM events WHERE actor2_country = ?)"
        )
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
    if quad_class is not None:
        where.append("e.quad_class = ?")
        args.append(quad_class)
    if since:
        where.append("e.start_date >= ?")
        args.append(since)
    if until:
        # The day after the prefix's last possible value: an indexed range, not substr().
        where.append("e.start_date < ?")
        args.append(until + "\U0010ffff")
    if doc:
        where.append(
            "e.id IN (SELECT event_id FROM event_mentions WHERE document_seq IN"
            " (SELECT seq FROM documents WHERE id GLOB ?))"
        )
        args.append(_id_glob(doc))
    return where, args


def events_page(
    conn: sqlite3.Connection,
    *,
    sort: str = "date",
    descending: bool = True,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    **filters: Any,
) -> Rows:
    """One page of merged events with the filters of `events()` (and `actor_name`,
    `quad_class`), sorted by one of EVENT_SORTS (ties by id), with their first report."""
    column = EVENT_SORTS[sort]
    direction = "DESC" if descending else "ASC"
    branches = _actor_branches(filters)
    if branches and sort == "date":
        # Either actor's country or name, newest first: the newest `offset + limit` of each
        # actor index (in date order already), merged, instead of every event of the actor.
        where, args = _event_where(**branches[2])
        rest = "".join(f" AND {w}" for w in where)
        top = offset + limit
        one = (
            "SELECT * FROM (SELECT e.id, e.start_date FROM events e WHERE {cond}{rest}"
            f" ORDER BY e.start_date {direction}, e.id {direction} LIMIT {top})"
        )
        inner = (
            one.format(cond=f"e.actor1_{branches[0]} = ?", rest=rest)
            + " UNION "
            + one.format(cond=f"e.actor2_{branches[0]} = ?", rest=rest)
        )
        sql = (
            f"SELECT v.* FROM (SELECT id, start_date FROM ({inner})"
            f" ORDER BY start_date {direction}, id {direction} LIMIT ? OFFSET ?) p"
            " JOIN events_view v ON v.id = p.id"
            f" ORDER BY v.start_date {direction}, v.id {direction}"
        )
        return _rows(conn.execute(sql, [branches[1], *args, branches[1], *args, limit, offset]))
    where, args = _event_where(**filters)
    # The page's ids first (on the events table and its indexes alone), then the view's
    # joins for those rows only.
    inner = f"SELECT e.id FROM events e{' WHERE ' + ' AND '.join(where) if where else ''}"
    # SQLite's own NULL order (first ascending, last descending) lets an index serve it.
    inner += f" ORDER BY {column} {direction}, e.id {direction} LIMIT ? OFFSET ?"
    sql = (
        f"SELECT v.* FROM ({inner}) p JOIN events_view v ON v.id = p.id"
        f" ORDER BY {column.replace('e.', 'v.')} {direction}, v.id {direction}"
    )
    return _rows(conn.execute(sql, [*args, limit, offset]))


def event_detail(conn: sqlite3.Connection, event_id: int) -> dict[str, Any]:
    """One merged event with every report of it."""
    row = conn.execute("SELECT * FROM events_view WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event {event_id}")
    event = dict(row)
    event["reports"] = list(event_reports(conn, event_id))
    for report in event["reports"]:
        report.pop("document_seq", None)
    return event


def _actor_branches(filters: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """("country" or "name", its value, the other filters) when exactly one of `country` and
    `actor_name` is given: a question the actor indexes answer in two ordered ranges."""
    country, name = filters.get("country"), filters.get("actor_name")
    if bool(country) == bool(name):
        return None
    rest = {k: v for k, v in filters.items() if k not in ("country", "actor_name")}
    return ("country", country.upper(), rest) if country else ("name", name, rest)


def _uses_only_day_counts(filters: dict[str, Any]) -> bool:
    return (
        all(v in (None, "") for k, v in filters.items() if k not in ("type", "since", "until"))
        and not (filters.get("type") or "").isdigit()
    )


def event_counts(
    conn: sqlite3.Connection,
    *,
    interval: str = "month",
    by: str = "quad_class",
    **filters: Any,
) -> Rows:
    """Events per period (`PERIODS`: the period's first day, or YYYY-MM, YYYY) and per
    QuadClass or PLOVER type, oldest first; only events with a known calendar start.

    With no filter but type and dates the counts come from `event_days` (kept by triggers
    as events are written), so the whole database's chart costs a few thousand rows, not a
    scan of every event.
    """
    period = PERIODS[interval]
    key = COUNT_KEYS[by]
    if _uses_only_day_counts(filters):
        where, args = ["1"], []
        if filters.get("type"):
            where.append("type = ?")
            args.append(filters["type"].upper())
        if filters.get("since"):
            where.append("day >= ?")
            args.append(filters["since"])
        if filters.get("until"):
            where.append("day < ?")
            args.append(filters["until"] + "\U0010ffff")
        # Days first (in key order, no date arithmetic), then the few day rows into periods.
        sql = (
            f"SELECT {period.format(d='day')} AS period, key, sum(n) AS count FROM"
            f" (SELECT day, {key} AS key, sum(n) AS n FROM event_days"
            f" WHERE {' AND '.join(where)} GROUP BY day, key)"
            " GROUP BY period, key HAVING count > 0 ORDER BY period, key"
        )
        return _rows(conn.execute(sql, args))
    branches = _actor_branches(filters)
    index_only = {"type", "quad_class", "since", "until"}
    if (
        branches
        and set(k for k, v in branches[2].items() if v not in (None, "")) <= index_only
        and not (branches[2].get("type") or "").isdigit()
    ):
        # One actor's events per day, type and QuadClass from `actor_days` (kept by
        # triggers): a country's few thousand day rows instead of its 100,000 events.
        field, value, rest = branches
        where, args = ["kind = ?", "actor = ?"], [field, value]
        if rest.get("type"):
            where.append("type = ?")
            args.append(rest["type"].upper())
        if rest.get("quad_class") is not None:
            where.append("nullif(quad_class, 0) = ?")
            args.append(rest["quad_class"])
        if rest.get("since"):
            where.append("day >= ?")
            args.append(rest["since"])
        if rest.get("until"):
            where.append("day < ?")
            args.append(rest["until"] + "\U0010ffff")
        # As the events themselves answer: no QuadClass is NULL here, not 0.
        k = "nullif(quad_class, 0)" if key == "quad_class" else key
        sql = (
            f"SELECT {period.format(d='day')} AS period, key, sum(n) AS count FROM"
            f" (SELECT day, {k} AS key, sum(n) AS n FROM actor_days"
            f" WHERE {' AND '.join(where)} GROUP BY day, key)"
            " GROUP BY period, key HAVING count > 0 ORDER BY period, key"
        )
        return _rows(conn.execute(sql, args))
    if branches and set(k for k, v in branches[2].items() if v not in (None, "")) <= index_only:
        # Each event of the actor once: as actor 1, or as actor 2 when actor 1 is not the
        # same; all columns in the actor indexes, so no event row is read.
        where, args = _event_where(**branches[2])
        rest = "".join(f" AND {w}" for w in where)
        field, value = branches[0], branches[1]
        sql = (
            f"SELECT {period.format(d='d')} AS period, k AS key, count(*) AS count FROM ("
            f"SELECT e.start_date AS d, e.{key} AS k FROM events e"
            f" WHERE e.actor1_{field} = ? AND e.start_date IS NOT NULL{rest}"
            f" UNION ALL SELECT e.start_date, e.{key} FROM events e"
            f" WHERE e.actor2_{field} = ? AND e.actor1_{field} IS NOT ?"
            f" AND e.start_date IS NOT NULL{rest})"
            " GROUP BY period, key ORDER BY period, key"
        )
        return _rows(conn.execute(sql, [value, *args, value, value, *args]))
    where, args = _event_where(**filters)
    where.append(f"e.start_date {_KNOWN_YEAR}")
    sql = (
        f"SELECT {period.format(d='e.start_date')} AS period, e.{key} AS key,"
        f" count(*) AS count FROM events e WHERE {' AND '.join(where)}"
        " GROUP BY period, key ORDER BY period, key"
    )
    return _rows(conn.execute(sql, args))


def actor_summary(conn: sqlite3.Connection, name: str, *, limit: int = 20) -> dict[str, Any]:
    """An actor by canonical name: what its entities say of it (type, country, sectors,
    title), how many events it is actor 1 and actor 2 of, and whom it acts on and who acts
    on it most (with the QuadClass mix of those events)."""
    identities = list(
        _rows(
            conn.execute(
                "SELECT type, nullif(country, '') AS country, sectors, title, key, documents"
                " FROM entity_names WHERE name = ? AND documents > 0"
                " ORDER BY documents DESC, type, country LIMIT ?",
                (name, limit),
            )
        )
    )
    as1 = conn.execute("SELECT count(*) FROM events WHERE actor1_name = ?", (name,)).fetchone()[0]
    as2 = conn.execute("SELECT count(*) FROM events WHERE actor2_name = ?", (name,)).fetchone()[0]
    if not identities and not as1 and not as2:
        raise NotFound(f"no actor named {name!r}")

    def partners(mine: str, other: str) -> list[dict[str, Any]]:
        # From `actor_pairs` (kept by triggers): one row per partner and country pair, not
        # one per event. A row at n = 0 is a pair whose events were all deleted.
        return list(
            _rows(
                conn.execute(
                    f"SELECT {other}_name AS name, max(nullif({other}_country, '')) AS country,"
                    # Without a QuadClass in any event, the mix is unknown (NULL), as
                    # sum() over the events answers.
                    " sum(n) AS events, iif(sum(quads), sum(q1), NULL) AS q1,"
                    " iif(sum(quads), sum(q2), NULL) AS q2, iif(sum(quads), sum(q3), NULL) AS q3,"
                    f" iif(sum(quads), sum(q4), NULL) AS q4 FROM actor_pairs"
                    f" WHERE {mine}_name = ? AND n > 0"
                    f" GROUP BY {other}_name ORDER BY events DESC, name LIMIT ?",
                    (name, limit),
                )
            )
        )

    return {
        "name": name,
        "identities": identities,
        "events_as_actor1": as1,
        "events_as_actor2": as2,
        "acts_on": partners("actor1", "actor2"),
        "acted_on_by": partners("actor2", "actor1"),
    }


def documents_page(
    conn: sqlite3.Connection,
    *,
    kind: str | None = None,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
) -> Rows:
    """Stored documents, latest stored first, without their text."""
    sql = (
        "SELECT id, kind, title, published, url, site, source, length(text) AS chars FROM documents"
    )
    args: list[Any] = []
    if kind:
        sql += " WHERE kind = ?"
        args.append(kind)
    sql += " ORDER BY seq DESC LIMIT ? OFFSET ?"
    return _rows(conn.execute(sql, [*args, limit, offset]))


def document_duplicates(conn: sqlite3.Connection, doc_id: str) -> Rows:
    """The duplicates stored against a document: where else it was read."""
    return _rows(
        conn.execute(
            "SELECT duplicate_id, kind, similarity, source, url, published FROM duplicates_view"
            " WHERE document_id = ? ORDER BY id",
            (doc_id,),
        )
    )


# Every (measure mention, target) pair with both sides named: a pair's reports one by one.
# Exemptions and sought exemptions are left out: they spare a target rather than impose on it.
_MEASURE_PAIRS = """
SELECT coalesce(ms.imposer_name, ms.imposer_text) AS imposer, ms.imposer_country,
       coalesce(a.name, a.text) AS target, a.country AS target_country,
       ms.kind, ms.status, ms.rate, ms.announced_value, ms.effective_value, ms.text,
       ms.condition_text, ms.start_char, ms.end_char, ms.n,
       coalesce(ms.effective_value, ms.announced_value, d.published) AS date,
       d.id AS document_id, d.title AS document_title, d.url AS document_url,
       d.published AS document_published, d.seq AS document_seq
FROM measures ms
JOIN measure_actors a ON a.document_seq = ms.document_seq AND a.measure_n = ms.n
  AND a.role = 'target'
JOIN documents d ON d.seq = ms.document_seq
WHERE ms.kind NOT IN ('exemption') AND ms.status != 'requested'
  AND coalesce(ms.imposer_name, ms.imposer_text) IS NOT NULL
"""


def measures_matrix(
    conn: sqlite3.Connection,
    *,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """Imposer × target over the tracked measures (store/tracker.py: mentions consolidated
    across documents): for each pair the measure reported last, with its current status
    and rate (the latest binding state's), kind, since when it is in force and its id (for
    its history), and how many tracked measures and reports the pair has. A measure on
    several targets is in each of their columns. Rows and columns are the `limit` imposers
    and targets with the most reports. Exemptions and requested measures are left out:
    they spare a target rather than impose on it."""
    where = ["kind != 'exemption'", "status IS NOT 'requested'", "targets IS NOT NULL"]
    args: list[Any] = []
    if kind:
        where.append("kind = ?")
        args.append(kind)
    if status:
        where.append("status = ?")
        args.append(status)
    measures = conn.execute(
        "SELECT id, kind, coalesce(nullif(imposer_name, ''), imposer) AS imposer, targets,"
        " status, rate, in_force_since, last_reported, num_mentions FROM tracked_measures"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY last_reported DESC NULLS LAST, id DESC",
        args,
    ).fetchall()
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for m in measures:
        for target in dict.fromkeys(t.strip() for t in m["targets"].split(";") if t.strip()):
            cell = cells.get((m["imposer"], target))
            if cell is None:  # the first is the one reported last
                cells[(m["imposer"], target)] = {
                    "imposer": m["imposer"], "target": target, "kind": m["kind"],
                    "status": m["status"], "rate": m["rate"], "date": m["last_reported"],
                    "in_force_since": m["in_force_since"], "measure_id": m["id"],
                    "measures": 1, "reports": m["num_mentions"],
                }  # fmt: skip
            else:
                cell["measures"] += 1
                cell["reports"] += m["num_mentions"]
    imposers: dict[str, int] = {}
    targets: dict[str, int] = {}
    for c in cells.values():
        imposers[c["imposer"]] = imposers.get(c["imposer"], 0) + c["reports"]
        targets[c["target"]] = targets.get(c["target"], 0) + c["reports"]

    def top(counts: dict[str, int]) -> list[str]:
        return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    rows, columns = top(imposers), top(targets)
    keep_rows, keep_columns = set(rows), set(columns)
    return {
        "imposers": rows,
        "targets": columns,
        "cells": [
            c
            for c in sorted(cells.values(), key=lambda c: (c["imposer"], c["target"]))
            if c["imposer"] in keep_rows and c["target"] in keep_columns
        ],
    }


def tracked_measure(conn: sqlite3.Connection, measure_id: int) -> dict[str, Any]:
    """One tracked measure with its timeline (each state with the sentence and document of
    its first report) and every report, as `tracker.history` gives it, each state and
    report also with its document's title, URL and publication date."""
    found = tracker.history(conn, measure_id)
    if found is None:
        raise NotFound(f"no tracked measure {measure_id}")
    ids = {r["document_id"] for r in (*found["states"], *found["mentions"])}
    docs = {
        r["id"]: dict(r)
        for r in conn.execute(
            "SELECT id, title, url, published FROM documents"
            f" WHERE id IN ({','.join('?' * len(ids))})",
            sorted(ids),
        )
    }
    for r in (*found["states"], *found["mentions"]):
        d = docs.get(r["document_id"], {})
        r["document_title"] = d.get("title")
        r["document_url"] = d.get("url")
        r["document_published"] = d.get("published")
    return found


def measure_history(
    conn: sqlite3.Connection,
    *,
    imposer: str,
    target: str,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Rows:
    """Every measure `imposer` (canonical name or words) places on `target`, oldest first,
    with its sentence offsets and document: the history behind one matrix cell."""
    # The names go into the pairs query itself, where the imposer's index can find them.
    sql = (
        _MEASURE_PAIRS
        + " AND (ms.imposer_name = ? OR (ms.imposer_name IS NULL AND ms.imposer_text = ?))"
        " AND coalesce(a.name, a.text) = ?"
    )
    args: list[Any] = [imposer, imposer, target]
    if kind:
        sql += " AND ms.kind = ?"
        args.append(kind)
    return _rows(
        conn.execute(
            f"SELECT * FROM ({sql}) ORDER BY date NULLS FIRST, document_seq, n LIMIT ?",
            [*args, limit],
        )
    )


def event_types(conn: sqlite3.Connection) -> list[str]:
    """The PLOVER types of the dated events (from `event_days`: a few thousand rows)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM event_days ORDER BY type")]


def entity_list(
    conn: sqlite3.Connection,
    *,
    name: str | None = None,
    type: str | None = None,
    country: str | None = None,
    doc: str | None = None,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
) -> Rows:
    """What `entities()` answers (the same filters, columns and order), read from the
    `entity_names` counts the triggers keep, so it stays fast on millions of entities; with
    `doc` (one document's entities) it is `entities()` itself."""
    if doc:
        return entities(conn, name=name, type=type, country=country, doc=doc, limit=limit)
    where: list[str] = []
    args: list[Any] = []
    if name:
        where.append("name LIKE ?")
        args.append(f"%{name}%")
    if type:
        where.append("type = ?")
        args.append(type.upper())
    if country:
        where.append("country = ?")
        args.append(country.upper())
    sql = (
        "SELECT name, type, nullif(country, '') AS country, sectors, title, key, documents,"
        " mentions FROM entity_names WHERE documents > 0"
    )
    if where:
        sql += " AND " + " AND ".join(where)
    sql += " ORDER BY documents DESC, mentions DESC, name LIMIT ? OFFSET ?"
    return _rows(conn.execute(sql, [*args, limit, offset]))


def search_page(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    mark: tuple[str, str] = ("[", "]"),
    rank_limit: int | None = None,
) -> Rows:
    """What `search()` answers, best first, for a page of results: FTS5 ranks the matches
    itself and only the page's rows are joined and given a snippet (`search()` orders ties
    by storage order, which makes SQLite build every match's snippet before sorting: seconds
    for a common word in a large database). Ties come in FTS5's own order.

    With `rank_limit`, a query with more matches than that ranks only the newest
    `rank_limit` (by storage order, which FTS5 walks without ranking; ties newest first): a
    word in half of a million documents costs what a rare one does. The rows carry
    `matches` (every match, counted without ranking: a few milliseconds) and `ranked` (how
    many of them were ranked); `ranked < matches` means the page is the best of the newest
    matches, not of all.
    """
    count = "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :q"
    every = (
        "SELECT d.id, d.kind, d.title, d.published, d.url, d.source,"
        " snippet(documents_fts, -1, :open, :close, '…', 16) AS snippet,"
        " bm25(documents_fts) AS score"
        " FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
        " WHERE documents_fts MATCH :q ORDER BY rank LIMIT :limit"
    )
    newest = (
        "WITH top AS (SELECT rowid AS seq, bm25(documents_fts) AS score FROM documents_fts"
        " WHERE documents_fts MATCH :q ORDER BY rowid DESC LIMIT :cap),"
        " page AS (SELECT seq, score FROM top ORDER BY score, seq DESC LIMIT :limit)"
        " SELECT d.id, d.kind, d.title, d.published, d.url, d.source,"
        " snippet(documents_fts, -1, :open, :close, '…', 16) AS snippet, page.score"
        " FROM page JOIN documents_fts ON documents_fts.rowid = page.seq"
        " JOIN documents d ON d.seq = page.seq"
        " WHERE documents_fts MATCH :q ORDER BY page.score, page.seq DESC"
    )
    try:
        matches = conn.execute(count, {"q": query}).fetchone()[0]
    except sqlite3.OperationalError:
        # Not valid FTS5 ("fts5: syntax error", or "no such column: Japan" for US-Japan).
        query = _fts_quoted(query)
        matches = conn.execute(count, {"q": query}).fetchone()[0]
    capped = rank_limit is not None and 0 < rank_limit < matches
    args = {"q": query, "limit": limit, "open": mark[0], "close": mark[1]}
    if capped:
        rows = _rows(conn.execute(newest, {**args, "cap": rank_limit}))
    else:
        rows = _rows(conn.execute(every, args))
    rows.matches = matches
    rows.ranked = rank_limit if capped else matches
    return rows


def measures_page(
    conn: sqlite3.Connection,
    *,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
    **filters: Any,
) -> Rows:
    """What `measures()` answers (the same filters and columns) a page at a time, latest
    stored first (storage order is the table's key, where `measures()`' publication-date
    order sorts every measure): the page's measures are chosen first, and only they are
    joined with their targets, exceptions and products."""
    where: list[str] = []
    args: list[Any] = []
    imposer, target = filters.get("imposer"), filters.get("target")
    if imposer:
        where.append("(ms.imposer_name LIKE ? OR ms.imposer_text LIKE ? OR ms.imposer_country = ?)")
        args += [f"%{imposer}%", f"%{imposer}%", imposer.upper()]
    if target:
        where.append(
            "EXISTS (SELECT 1 FROM measure_actors a WHERE a.document_seq = ms.document_seq"
            " AND a.measure_n = ms.n AND a.role = 'target'"
            " AND (a.name LIKE ? OR a.text LIKE ? OR a.country = ?))"
        )
        args += [f"%{target}%", f"%{target}%", target.upper()]
    for column in ("kind", "status"):
        if filters.get(column):
            where.append(f"ms.{column} = ?")
            args.append(filters[column])
    if filters.get("doc"):
        where.append("ms.document_seq IN (SELECT seq FROM documents WHERE id GLOB ?)")
        args.append(_id_glob(filters["doc"]))
    keys = (
        "SELECT ms.document_seq, ms.n, d.published FROM measures ms"
        " JOIN documents d ON d.seq = ms.document_seq"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY ms.document_seq DESC, ms.n LIMIT ? OFFSET ?"
    )
    sql = (
        f"SELECT v.* FROM ({keys}) k"
        " JOIN measures_view v ON v.document_seq = k.document_seq AND v.n = k.n"
        " ORDER BY k.document_seq DESC, k.n"
    )
    return _rows(conn.execute(sql, [*args, limit, offset]))


# -- the tracked measures (store/tracker.py) ----------------------------------------------

#: Statuses that decide whether a tracked measure applies (tracker.BINDING, as SQL).
_BINDING_SQL = "(" + ", ".join(f"'{s}'" for s in sorted(tracker.BINDING)) + ")"


def measures_in_force(
    conn: sqlite3.Connection,
    date: str,
    *,
    imposer: str | None = None,
    target: str | None = None,
    product: str | None = None,
    kind: str | None = None,
    offset: int = 0,
    limit: int | None = DEFAULT_LIMIT,
) -> tuple[list[dict[str, Any]], int]:
    """The stock on `date` (YYYY-MM-DD) a page at a time, and how many measures it holds:
    what `tracker.in_force_on` answers (the same rows, filters and order), computed in one
    query over every tracked measure's states instead of one timeline read per measure, so
    a database of thousands of tracked measures answers in milliseconds. Each page row
    gains `status` (the measure's latest state, whatever the date)."""
    where, args = ["1"], []
    if imposer:
        where.append("(imposer = ? OR imposer_name LIKE ?)")
        args += [imposer.upper(), f"%{imposer}%"]
    if target:
        where.append("(',' || target_ids || ',' LIKE ? OR targets LIKE ?)")
        args += [f"%,{target.upper()},%", f"%{target}%"]
    if kind:
        where.append("kind = ?")
        args.append(kind)
    # b: each measure's binding states dated by `date`. The measure is in force when the
    # last of them is in_force; since the first state of that unbroken in-force run; at the
    # rate of its last in-force state that names one.
    sql = (
        "WITH b AS (SELECT s.measure_id, s.n, s.status, s.date, s.rate FROM tracked_states s"
        f" WHERE s.measure_id IN (SELECT id FROM tracked_measures WHERE {' AND '.join(where)})"
        f" AND s.date IS NOT NULL AND s.date <= ? AND s.status IN {_BINDING_SQL}),"
        " agg AS (SELECT measure_id, max(n) AS last_n,"
        " max(CASE WHEN status != 'in_force' THEN n END) AS break_n,"
        " max(CASE WHEN status = 'in_force' AND rate IS NOT NULL THEN n END) AS rate_n"
        " FROM b GROUP BY measure_id)"
        " SELECT m.id, m.kind, coalesce(nullif(m.imposer_name, ''), m.imposer) AS imposer,"
        " m.imposer_country, m.targets, m.products, m.hs_codes,"
        " (SELECT s.rate FROM tracked_states s WHERE s.measure_id = m.id AND s.n = agg.rate_n)"
        " AS rate,"
        " (SELECT s.date FROM tracked_states s WHERE s.measure_id = m.id"
        " AND s.n > coalesce(agg.break_n, -1) AND s.n <= agg.last_n AND s.date IS NOT NULL"
        f" AND s.date <= ? AND s.status IN {_BINDING_SQL} ORDER BY s.n LIMIT 1)"
        " AS in_force_since,"
        " m.num_mentions, m.status"
        " FROM agg JOIN tracked_measures m ON m.id = agg.measure_id"
        " JOIN tracked_states last ON last.measure_id = agg.measure_id AND last.n = agg.last_n"
        " WHERE last.status = 'in_force' ORDER BY m.id"
    )
    rows = [dict(r) for r in conn.execute(sql, [*args, date, date])]
    if product:
        rows = [
            r
            for r in rows
            if hs.matches(product, (r["hs_codes"] or "").split(","))
            or product.lower() in (r["products"] or "").lower()
        ]
    total = len(rows)
    rows = rows[offset:] if limit is None or limit <= 0 else rows[offset : offset + limit]
    # The page's reports known by `date` (dated by then, or never dated), and their documents.
    known: dict[int, list[str]] = {r["id"]: [] for r in rows}
    if known:
        for measure_id, doc_id in conn.execute(
            "SELECT t.measure_id, d.id FROM tracked_mentions t"
            " JOIN documents d ON d.seq = t.document_seq"
            f" WHERE t.measure_id IN ({','.join('?' * len(known))})"
            " AND (t.date IS NULL OR t.date <= ?)",
            [*known, date],
        ):
            known[measure_id].append(doc_id)
    for r in rows:
        r["reports_by_date"] = len(known[r["id"]])
        r["sources"] = sorted(set(known[r["id"]]))
    return rows, total
