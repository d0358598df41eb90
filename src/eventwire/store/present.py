"""Query results for people and programs: terminal tables, JSON and CSV.

The CLI's query commands print through here; the functions take the rows store/queries.py
returns, so the web server can reuse the JSON and CSV shapes as they are.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwire.store.queries import Rows

#: Output formats of the listing commands.
FORMATS = ("text", "json", "csv")
#: Characters of a sentence shown in a terminal table.
EXCERPT_CHARS = 90
#: Marks around matched words in search snippets: control characters that cannot occur in
#: stored text (extraction drops them), replaced by styling or brackets on output.
MARK = ("\x02", "\x03")


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def emit(
    rows: Rows | list[dict[str, Any]],
    fmt: str,
    text: Callable[[Any, Console], None],
    *,
    out: TextIO | None = None,
) -> None:
    """Print `rows` as JSON (an array), CSV (a header and a line per row) or text."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        columns = getattr(rows, "columns", None) or (list(rows[0]) if rows else [])
        writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        text(rows, Console(file=out, highlight=False))


def _actor(name: str | None, country: str | None) -> str:
    if not name:
        return "-"
    return f"{name} [{country}]" if country and country != name else name


def events_text(rows: Rows, console: Console) -> None:
    """One event per block: a line of who did what to whom, when, how often reported; then
    the sentence of its first report and that document's id."""
    if not rows:
        console.print("no events match")
        return
    for r in rows:
        kind = r["type"] + (f"/{r['mode']}" if r["mode"] else "")
        if r["cameo"]:
            kind += f" ({r['cameo']})"
        reports = (
            f"{r['num_mentions']} report(s) in {r['num_articles']} document(s)"
            f" from {r['num_sources']} source(s)"
        )
        console.print(
            f"[bold]#{r['id']}[/bold]  {r['date'] or 'date unknown'}  [bold]{escape(kind)}[/bold]"
            f"  {escape(_actor(r['actor1_name'], r['actor1_country']))} →"
            f" {escape(_actor(r['actor2_name'], r['actor2_country']))}"
            f"  · {r['modality']} · {reports}",
            soft_wrap=True,
        )
        console.print(
            f"    [dim]“{escape(excerpt(r['sentence']))}”  {r['document_id'][:12]}[/dim]",
            soft_wrap=True,
        )


def entities_text(rows: Rows, console: Console) -> None:
    if not rows:
        console.print("no entities match")
        return
    table = Table(
        "name", "type", "country", "sectors", "title", "documents", "mentions",
        box=None, pad_edge=False,
    )  # fmt: skip
    for r in rows:
        table.add_row(
            escape(r["name"]),
            r["type"],
            r["country"] or "",
            r["sectors"] or "",
            escape(r["title"] or ""),
            str(r["documents"]),
            str(r["mentions"]),
        )
    console.print(table)


def snippet_text(snippet: str) -> Text:
    """A search snippet with the matched words in bold yellow."""
    text = Text()
    rest = snippet
    while MARK[0] in rest:
        before, _, after = rest.partition(MARK[0])
        hit, _, rest = after.partition(MARK[1])
        text.append(before)
        text.append(hit, style="bold yellow")
    text.append(rest)
    return text


def plain_snippets(rows: Rows) -> Rows:
    """The rows with snippet marks as [brackets], for JSON and CSV."""
    for r in rows:
        r["snippet"] = r["snippet"].replace(MARK[0], "[").replace(MARK[1], "]")
    return rows


def search_text(rows: Rows, console: Console) -> None:
    if not rows:
        console.print("no documents match")
        return
    for r in rows:
        head = Text(f"{r['id'][:12]}  ", style="dim")
        head.append(r["title"] or f"({r['kind']})", style="bold")
        head.append(f"  {r['published'] or 'date unknown'}", style="dim")
        console.print(head, soft_wrap=True)
        snippet = Text("  ").append_text(snippet_text(" ".join(r["snippet"].split())))
        console.print(snippet, soft_wrap=True)


def measures_text(rows: Rows, console: Console) -> None:
    """One measure a line: what, in what status, imposed by whom on whom, on what, from when."""
    if not rows:
        console.print("no measures match")
        return
    for r in rows:
        rate = f" {r['rate']:g}%" if r["rate"] is not None else ""
        targets = r["targets"] or "-"
        if r["exceptions"]:
            targets += f" (except {r['exceptions']})"
        parts = [
            f"[bold]{r['kind']}{rate}[/bold]",
            r["status"],
            f"{escape(_actor(r['imposer_name'] or r['imposer_text'], r['imposer_country']))}"
            f" → {escape(targets)}",
        ]
        if r["products"]:
            parts.append(f"on {escape(r['products'])}")
        if r["effective_value"]:
            parts.append(f"from {r['effective_value']}")
        if r["condition_text"]:
            parts.append(f"if: {escape(excerpt(r['condition_text']))}")
        parts.append(f"[dim]{r['document_id'][:12]}[/dim]")
        console.print(" · ".join(parts), soft_wrap=True)


def stats_text(stats: dict[str, Any], console: Console) -> None:
    rows = stats["rows"]
    console.print(
        f"[bold]schema version[/bold] {stats['schema_version']}  ·  "
        f"{stats['size_bytes'] / 1e6:.1f} MB"
    )
    table = Table("table", "rows", box=None, pad_edge=False)
    for name, n in rows.items():
        table.add_row(name, f"{n:,}")
    console.print(table)
    accounted = rows["documents"] + rows["duplicates"] + rows["rejects"]
    console.print(
        f"items read {stats['items']:,} = documents {rows['documents']:,}"
        f" + duplicates {rows['duplicates']:,} + rejects {rows['rejects']:,}"
        + ("" if accounted == stats["items"] else f"  [red](accounted: {accounted:,})[/red]")
    )
    for title, key in (
        ("documents", "documents_by_kind"),
        ("duplicates", "duplicates_by_kind"),
        ("events by type", "events_by_type"),
    ):
        if stats[key]:
            parts = ", ".join(f"{k} {v:,}" for k, v in stats[key].items())
            console.print(f"[bold]{title}[/bold]: {escape(parts)}", soft_wrap=True)
    console.print(f"[bold]events reported by several documents[/bold]: {stats['merged_events']:,}")
    low, high = stats["published_range"]
    if low:
        console.print(f"[bold]published[/bold]: {low} to {high}")
    if stats["top_rejects"]:
        console.print("[bold]rejects by reason[/bold]:")
        for r in stats["top_rejects"]:
            console.print(
                f"  {r['count']:>6,}  {r['stage']:<8} {escape(r['reason'])}", soft_wrap=True
            )
