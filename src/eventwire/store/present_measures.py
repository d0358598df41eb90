"""The measure tracker for people and programs: the stock in force on a date, and one
measure's timeline, as terminal text, JSON or CSV (`eventwire measures --in-force-on DATE`,
`eventwire measures --history ID`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape

from eventwire.store import tracker
from eventwire.store.present import emit, excerpt


def render_measures(
    conn: sqlite3.Connection,
    fmt: str,
    *,
    in_force_on: str | None = None,
    history: int | None = None,
    imposer: str | None = None,
    target: str | None = None,
    product: str | None = None,
    kind: str | None = None,
    out: TextIO | None = None,
    **_ignored: Any,
) -> int:
    """Print the stock on `in_force_on`, or the timeline of measure `history`; the exit
    status (0, or 2 for a malformed date or an unknown measure)."""
    err = Console(stderr=True, highlight=False)
    if history is not None:
        found = tracker.history(conn, history)
        if found is None:
            err.print(f"[red]error:[/red] no tracked measure {history}")
            return 2
        if fmt == "json":
            (out or sys.stdout).write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        elif fmt == "csv":
            emit(found["states"], fmt, history_text, out=out)  # the timeline, a state a row
        else:
            history_text(found, Console(file=out or sys.stdout, highlight=False))
        return 0
    assert in_force_on is not None
    try:
        day = dt.date.fromisoformat(in_force_on.strip()).isoformat()
    except ValueError:
        err.print(f"[red]error:[/red] {in_force_on!r} is not a date of the form YYYY-MM-DD")
        return 2
    rows = tracker.in_force_on(
        conn, day, imposer=imposer, target=target, product=product, kind=kind
    )
    if fmt == "csv":
        rows = [{**r, "sources": " ".join(r["sources"])} for r in rows]
    emit(rows, fmt, stock_text, out=out)
    return 0


def stock_text(rows: list[dict[str, Any]], console: Console) -> None:
    """One measure in force a line: id, kind, rate, imposer → targets, goods, since when."""
    if not rows:
        console.print("no measures in force match")
        return
    for r in rows:
        rate = f" {r['rate']:g}%" if r["rate"] is not None else ""
        who = r["imposer"] + (f" [{r['imposer_country']}]" if r["imposer_country"] else "")
        parts = [f"#{r['id']}", f"[bold]{r['kind']}{rate}[/bold]", f"{escape(who)} → "
                 f"{escape(r['targets'] or 'all')}"]  # fmt: skip
        if r["products"]:
            codes = f" (HS {r['hs_codes']})" if r["hs_codes"] else ""
            parts.append(f"on {escape(r['products'])}{codes}")
        parts.append(f"since {r['in_force_since'] or '?'}")
        parts.append(
            f"[dim]{r['reports_by_date']} report(s) in {len(r['sources'])} document(s) by then"
            f"[/dim]"
        )
        console.print(" · ".join(parts), soft_wrap=True)


def history_text(found: dict[str, Any], console: Console) -> None:
    """A measure's summary, then its states in date order with the sentence of each."""
    rate = f" {found['rate']:g}%" if found["rate"] is not None else ""
    console.print(
        f"[bold]#{found['id']} {found['kind']}{rate}[/bold] · "
        f"{escape(found['imposer_name'] or found['imposer'])} → "
        f"{escape(found['targets'] or 'all')}"
        + (f" · on {escape(found['products'])}" if found["products"] else "")
        + f" · now {found['status']} · {found['num_mentions']} reports",
        soft_wrap=True,
    )
    for s in found["states"]:
        rate = f" {s['rate']:g}%" if s["rate"] is not None else ""
        note = " (scheduled)" if s["scheduled"] else ""
        console.print(
            f"  {s['date'] or '????-??-??'}  [bold]{s['change']}{rate}[/bold]{note}  "
            f"[dim]{s['document_id'][:12]} {s['sentence_start']}:{s['sentence_end']}[/dim]  "
            f"{escape(excerpt(s['sentence']))}",
            soft_wrap=True,
        )
