"""The REST API: read-only JSON over the query functions of store/queries.py (the same the
CLI calls), in the shapes docs/output.md describes. Listings answer
`{"items": [...], "limit", "offset", "next"}`, where `next` is the URL of the next page or
null."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from eventwire import settings
from eventwire.serve.app import cached, db_connection
from eventwire.serve.params import (
    FILTER,
    CountBy,
    Country,
    DocKind,
    EventFilters,
    Interval,
    Limit,
    MeasureKind,
    MeasureStatus,
    Offset,
    Order,
    Sort,
    event_filters,
)
from eventwire.store import present, queries


class JSON(Response):
    """A JSON answer serialised with the standard library: the values are already plain JSON
    types, and FastAPI's own encoder walks every value of every row again (tens of
    milliseconds for a matrix or a long document)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


router = APIRouter(prefix="/api", tags=["api"], default_response_class=JSON)
Conn = Annotated[sqlite3.Connection, Depends(db_connection)]
DEFAULT = settings.SERVE_DEFAULT_LIMIT
DocId = Annotated[
    str, Path(pattern=r"^[0-9a-fA-F]{4,64}$", description="a document id or its first characters")
]


def page(
    request: Request, rows: list[dict[str, Any]], limit: int, offset: int, **extra: Any
) -> JSON:
    """A listing answer from `limit + 1` fetched rows: the extra row says a next page exists;
    `extra` adds fields after the listing's own."""
    more = len(rows) > limit
    nxt = None
    if more and offset + limit <= settings.SERVE_MAX_OFFSET:
        nxt = str(request.url.include_query_params(offset=offset + limit))
    return JSON(
        {"items": list(rows[:limit]), "limit": limit, "offset": offset, "next": nxt, **extra}
    )


@router.get("/stats")
def stats(request: Request, conn: Conn) -> JSON:
    """Rows per table, documents, duplicates and rejects, events by type."""
    return JSON(cached(request, "stats", lambda: queries.stats(conn)))


@router.get("/documents")
def documents(
    request: Request,
    conn: Conn,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=settings.SERVE_MAX_QUERY_CHARS,
            description='full-text query (FTS5: words, "phrases", AND/OR/NOT, prefix*);'
            " matched words come between [brackets] in `snippet`",
        ),
    ] = None,
    kind: DocKind | None = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
) -> JSON:
    """Documents, latest stored first; with `q`, the documents matching it, best first,
    each with a snippet, and `matches` (how many documents match) and `ranked` (how many of
    them were ranked: the newest `settings.SERVE_SEARCH_RANK_LIMIT`; when fewer than
    `matches`, `capped` is true and the items are the best of the newest matches)."""
    if q:
        if offset:
            raise HTTPException(422, "search results have no offset: raise `limit` instead")
        found = queries.search_page(
            conn, q, limit=limit + 1, rank_limit=settings.SERVE_SEARCH_RANK_LIMIT
        )
        rows = present.plain_snippets(found)
        if kind:
            rows = [r for r in rows if r["kind"] == kind]
        return page(
            request, rows, limit, 0,
            matches=found.matches, ranked=found.ranked, capped=found.ranked < found.matches,
        )  # fmt: skip
    return page(
        request, queries.documents_page(conn, kind=kind, offset=offset, limit=limit + 1),
        limit, offset,
    )  # fmt: skip


@router.get("/documents/{doc_id}")
def document(doc_id: DocId, conn: Conn) -> JSON:
    """One document with every annotation (the JSON of `eventwire analyze`), and the
    duplicates stored against it under `duplicates`. A duplicate's id gives the document
    it repeats."""
    try:
        full_id = queries.resolve_document_id(conn, doc_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    body = queries.load_document(conn, full_id).to_dict()
    body["duplicates"] = list(queries.document_duplicates(conn, full_id))
    return JSON(body)


@router.get("/events")
def events(
    request: Request,
    conn: Conn,
    filters: Annotated[EventFilters, Depends(event_filters)],
    sort: Sort = "date",
    order: Order = "desc",
    limit: Limit = DEFAULT,
    offset: Offset = 0,
) -> JSON:
    """Merged events with the first report's sentence and document; the filters of
    `eventwire events` and `quad_class`."""
    rows = queries.events_page(
        conn,
        sort=sort,
        descending=order == "desc",
        offset=offset,
        limit=limit + 1,
        **filters.given(),
    )
    return page(request, rows, limit, offset)


@router.get("/events/counts")
def event_counts(
    request: Request,
    conn: Conn,
    filters: Annotated[EventFilters, Depends(event_filters)],
    interval: Interval = "month",
    by: CountBy = "quad_class",
) -> JSON:
    """Events per period (day, week (its Monday), month or year) and per QuadClass or PLOVER
    type, oldest first, with the same filters as /api/events."""
    given = filters.given()
    rows = cached(
        request,
        ("counts", interval, by, tuple(sorted(given.items()))),
        lambda: list(queries.event_counts(conn, interval=interval, by=by, **given)),
    )
    return JSON({"interval": interval, "by": by, "counts": rows})


@router.get("/events/{event_id}")
def event(event_id: Annotated[int, Path(ge=1)], conn: Conn) -> JSON:
    """One merged event and every report of it (document, sentence, trigger offsets)."""
    try:
        return JSON(queries.event_detail(conn, event_id))
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/entities")
def entities(
    request: Request,
    conn: Conn,
    name: Annotated[str | None, Query(max_length=FILTER)] = None,
    type: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$")] = None,
    country: Country = None,
    doc: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{4,64}$")] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
) -> JSON:
    """Entities grouped by canonical name, type and country, most widely reported first
    (`doc`: one document's entities, without paging)."""
    rows = queries.entity_list(
        conn, name=name, type=type, country=country, doc=doc, offset=offset, limit=limit + 1
    )
    return page(request, rows, limit, 0 if doc else offset)


@router.get("/entities/{name:path}")
def entity(
    name: Annotated[str, Path(min_length=1, max_length=FILTER)],
    conn: Conn,
    limit: Limit = DEFAULT,
) -> JSON:
    """One actor by canonical name: its identities, whom it acts on and who acts on it, and
    its latest events (as actor 1 or actor 2)."""
    try:
        body = queries.actor_summary(conn, name, limit=settings.SERVE_ACTOR_PARTNERS)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    body["events"] = list(queries.events_page(conn, actor_name=name, limit=limit))
    return JSON(body)


@router.get("/measures")
def measures(
    request: Request,
    conn: Conn,
    imposer: Annotated[str | None, Query(max_length=FILTER)] = None,
    target: Annotated[str | None, Query(max_length=FILTER)] = None,
    kind: MeasureKind | None = None,
    status: MeasureStatus | None = None,
    doc: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{4,64}$")] = None,
    in_force_on: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="a day, YYYY-MM-DD: the stock then"),
    ] = None,
    product: Annotated[
        str | None, Query(max_length=FILTER, description="a product word or an HS code")
    ] = None,
    limit: Limit = DEFAULT,
    offset: Offset = 0,
) -> JSON:
    """Trade measures with their targets, exceptions and products (`eventwire measures`),
    the latest published first. With `in_force_on`, the stock instead: the tracked measures
    (mentions consolidated across documents) in force on that day, with the rate then,
    since when, the documents reporting them by then, and a link to each one's history
    (`eventwire measures --in-force-on DATE`); `product` (a product word or an HS code)
    filters it."""
    if in_force_on:
        try:
            day = dt.date.fromisoformat(in_force_on).isoformat()
        except ValueError:
            raise HTTPException(422, f"{in_force_on!r} is not a day (YYYY-MM-DD)") from None
        stock, total = queries.measures_in_force(
            conn, day, imposer=imposer, target=target, product=product, kind=kind,
            offset=offset, limit=limit + 1,
        )  # fmt: skip
        for r in stock:
            r["history"] = f"/api/measures/{r['id']}/history"
        return page(request, stock, limit, offset, in_force_on=day, total=total)
    if product:
        raise HTTPException(422, "`product` filters the stock: give `in_force_on` too")
    rows = queries.measures_page(
        conn,
        imposer=imposer,
        target=target,
        kind=kind,
        status=status,
        doc=doc,
        offset=offset,
        limit=limit + 1,
    )
    return page(request, rows, limit, offset)


@router.get("/measures/matrix")
def measures_matrix(
    request: Request,
    conn: Conn,
    kind: MeasureKind | None = None,
    status: MeasureStatus | None = None,
) -> JSON:
    """Imposer × target over the tracked measures: for each pair the measure reported last
    (its current rate and status, kind, `measure_id` for its history) and how many tracked
    measures and reports the pair has."""
    return JSON(
        cached(
            request,
            ("matrix", kind, status),
            lambda: queries.measures_matrix(
                conn, kind=kind, status=status, limit=settings.SERVE_MATRIX_SIZE
            ),
        )
    )


@router.get("/measures/{measure_id}/history")
def tracked_measure(measure_id: Annotated[int, Path(ge=1)], conn: Conn) -> JSON:
    """One tracked measure and its timeline: each state (status or rate change) with its
    date, rate and the sentence (document and character offsets) of its first report, and
    every report of the measure (`eventwire measures --history ID`)."""
    try:
        return JSON(queries.tracked_measure(conn, measure_id))
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/measures/history")
def measure_history(
    conn: Conn,
    imposer: Annotated[str, Query(min_length=1, max_length=FILTER)],
    target: Annotated[str, Query(min_length=1, max_length=FILTER)],
    kind: MeasureKind | None = None,
    limit: Limit = DEFAULT,
) -> JSON:
    """Every measure an imposer places on a target, oldest first, with its sentence and
    document: one matrix cell's history."""
    rows = queries.measure_history(conn, imposer=imposer, target=target, kind=kind, limit=limit)
    return JSON({"items": list(rows), "limit": limit, "offset": 0, "next": None})
