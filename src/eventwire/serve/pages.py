"""Server-rendered pages (Jinja2, autoescaped): home, search, document, events explorer,
event, actor, trade measures. Every page's state is in its URL, so a link shares it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from eventwire import settings
from eventwire.serve import highlight, svg
from eventwire.serve.app import cached, db_connection, templates
from eventwire.serve.params import (
    FILTER,
    CountBy,
    EventFilters,
    Interval,
    MeasureKind,
    MeasureStatus,
    Offset,
    Order,
    Sort,
    event_filters,
)
from eventwire.store import present, queries

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Conn = Annotated[sqlite3.Connection, Depends(db_connection)]
PAGE = settings.SERVE_DEFAULT_LIMIT


def actor_url(name: str) -> str:
    return "/actors/" + quote(name, safe="")


def query_url(path: str, **params: Any) -> str:
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(given) if given else "")


templates.env.globals.update(actor_url=actor_url, query_url=query_url)


def render(request: Request, name: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context)


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) pieces, for the template to escape and mark."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while present.MARK[0] in rest:
        before, _, after = rest.partition(present.MARK[0])
        hit, _, rest = after.partition(present.MARK[1])
        pieces += [(before, False), (hit, True)]
    pieces.append((rest, False))
    return [p for p in pieces if p[0]]


@router.get("/")
def home(request: Request, conn: Conn) -> Response:
    return render(
        request,
        "home.html",
        stats=cached(request, "stats", lambda: queries.stats(conn)),
        latest=queries.events_page(conn, limit=settings.SERVE_HOME_EVENTS),
    )


@router.get("/search")
def search(
    request: Request,
    conn: Conn,
    q: Annotated[str | None, Query(max_length=settings.SERVE_MAX_QUERY_CHARS)] = None,
) -> Response:
    results = []
    matches = ranked = 0
    if q and q.strip():
        found = queries.search_page(
            conn, q, limit=PAGE, mark=present.MARK, rank_limit=settings.SERVE_SEARCH_RANK_LIMIT
        )
        matches, ranked = found.matches, found.ranked
        for row in found:
            row["pieces"] = snippet_pieces(" ".join(row["snippet"].split()))
            results.append(row)
    return render(
        request, "search.html", q=q or "", results=results, matches=matches, ranked=ranked
    )


@router.get("/documents/{doc_id}")
def document(
    request: Request,
    conn: Conn,
    doc_id: Annotated[str, Path(pattern=r"^[0-9a-fA-F]{4,64}$")],
) -> Response:
    try:
        full_id = queries.resolve_document_id(conn, doc_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    doc = queries.load_document(conn, full_id)
    event_ids = {
        (r["document_seq"], r["n"]): r["event_id"]
        for r in conn.execute(
            "SELECT m.document_seq, m.n, m.event_id FROM event_mentions m"
            " JOIN documents d ON d.seq = m.document_seq WHERE d.id = ?",
            (full_id,),
        )
    }
    merged = {n: eid for (_, n), eid in event_ids.items()}
    anchors: dict[int, str] = {}  # the first report of each merged event is its link target
    for n in sorted(merged):
        if f"e-{merged[n]}" not in anchors.values():
            anchors[n] = f"e-{merged[n]}"
    return render(
        request,
        "document.html",
        doc=doc,
        blocks=highlight.blocks(doc, settings.SERVE_MAX_HIGHLIGHT_CHARS),
        truncated=len(doc.text) > settings.SERVE_MAX_HIGHLIGHT_CHARS,
        sentence_of=lambda offset: highlight.sentence_start(doc, offset),
        event_ids=merged,
        anchors=anchors,
        duplicates=queries.document_duplicates(conn, full_id),
        entities={e.id: e for e in doc.entities},
    )


@router.get("/events")
def events(
    request: Request,
    conn: Conn,
    filters: Annotated[EventFilters, Depends(event_filters)],
    sort: Sort = "date",
    order: Order = "desc",
    offset: Offset = 0,
    interval: Interval = "month",
    by: CountBy = "quad_class",
) -> Response:
    given = filters.given()
    rows = queries.events_page(
        conn, sort=sort, descending=order == "desc", offset=offset, limit=PAGE + 1, **given
    )
    counts = cached(
        request,
        ("counts", interval, by, tuple(sorted(given.items()))),
        lambda: list(queries.event_counts(conn, interval=interval, by=by, **given)),
    )
    keys = sorted({r["key"] for r in counts}, key=str)
    label = f"Events per {interval} by {'QuadClass' if by == 'quad_class' else 'type'}"
    view = {"interval": interval, "by": by}
    sorting = {
        "urls": {
            key: query_url(
                "/events",
                **given,
                **view,
                sort=key,
                order="asc" if key == sort and order == "desc" else "desc",
            )
            for key in ("id", "date", "goldstein", "mentions")
        },
        "marks": {
            key: ("descending" if order == "desc" else "ascending") if key == sort else ""
            for key in ("id", "date", "goldstein", "mentions")
        },
    }
    here = {**given, **view, "sort": sort, "order": order}
    return render(
        request,
        "events.html",
        rows=rows[:PAGE],
        more=len(rows) > PAGE and offset + PAGE <= settings.SERVE_MAX_OFFSET,
        filters=filters,
        given=given,
        sort=sort,
        order=order,
        offset=offset,
        interval=interval,
        by=by,
        chart=svg.stacked_bars(
            counts, keys=keys, max_periods=settings.SERVE_CHART_MAX_PERIODS, label=label
        ),
        legend=svg.legend(keys) if by == "quad_class" else None,
        quad_classes=svg.QUAD_CLASSES,
        types=queries.event_types(conn),
        page_size=PAGE,
        sorting=sorting,
        next_url=query_url("/events", **here, offset=offset + PAGE),
        prev_url=query_url("/events", **here, offset=max(offset - PAGE, 0)) if offset else None,
        view_urls={
            (i, b): query_url("/events", **given, sort=sort, order=order, interval=i, by=b)
            for i in ("day", "week", "month", "year")
            for b in ("quad_class", "type")
        },
    )


@router.get("/events/{event_id}")
def event(request: Request, conn: Conn, event_id: Annotated[int, Path(ge=1)]) -> Response:
    try:
        ev = queries.event_detail(conn, event_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return render(request, "event.html", ev=ev, quad_classes=svg.QUAD_CLASSES)


@router.get("/actors/{name:path}")
def actor(
    request: Request,
    conn: Conn,
    name: Annotated[str, Path(min_length=1, max_length=FILTER)],
    interval: Interval = "month",
) -> Response:
    try:
        summary = queries.actor_summary(conn, name, limit=settings.SERVE_ACTOR_PARTNERS)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    counts = cached(
        request,
        ("counts", interval, "quad_class", (("actor_name", name),)),
        lambda: list(queries.event_counts(conn, interval=interval, actor_name=name)),
    )
    keys = sorted({r["key"] for r in counts}, key=str)
    return render(
        request,
        "actor.html",
        actor=summary,
        events=queries.events_page(conn, actor_name=name, limit=PAGE),
        chart=svg.stacked_bars(
            counts,
            keys=keys,
            max_periods=settings.SERVE_CHART_MAX_PERIODS,
            label=f"Events of {name} per {interval} by QuadClass",
        ),
        legend=svg.legend(keys),
        interval=interval,
        quad_classes=svg.QUAD_CLASSES,
    )


@router.get("/measures")
def measures(
    request: Request,
    conn: Conn,
    kind: MeasureKind | None = None,
    status: MeasureStatus | None = None,
    in_force_on: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    matrix = cached(
        request,
        ("matrix", kind, status),
        lambda: queries.measures_matrix(
            conn, kind=kind, status=status, limit=settings.SERVE_MATRIX_SIZE
        ),
    )
    cells = {(c["imposer"], c["target"]): c for c in matrix["cells"]}
    # The stock on a day (a date field: an empty or malformed one shows no stock).
    day, stock, total = None, [], 0
    if in_force_on:
        try:
            day = dt.date.fromisoformat(in_force_on).isoformat()
        except ValueError:
            day = None
    if day:
        stock, total = queries.measures_in_force(
            conn, day, kind=kind, limit=settings.SERVE_MAX_LIMIT
        )
    return render(
        request,
        "measures.html",
        matrix=matrix,
        cells=cells,
        kind=kind,
        status=status,
        kinds=MeasureKind.__args__,
        statuses=MeasureStatus.__args__,
        in_force_on=day or "",
        stock=stock,
        stock_total=total,
    )


@router.get("/measures/{measure_id:int}")
def tracked_measure(request: Request, conn: Conn, measure_id: int) -> Response:
    try:
        found = queries.tracked_measure(conn, measure_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return render(request, "tracked.html", m=found)


@router.get("/measures/history")
def measure_history(
    request: Request,
    conn: Conn,
    imposer: Annotated[str, Query(min_length=1, max_length=FILTER)],
    target: Annotated[str, Query(min_length=1, max_length=FILTER)],
    kind: MeasureKind | None = None,
) -> Response:
    rows = queries.measure_history(
        conn, imposer=imposer, target=target, kind=kind, limit=settings.SERVE_MAX_LIMIT
    )
    for r in rows:
        r["measure_url"] = f"/documents/{r['document_id']}#measure-{r['n']}"
    return render(request, "history.html", imposer=imposer, target=target, kind=kind, rows=rows)
