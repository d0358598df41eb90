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

from eventwire import settings
from eventwire.datewords import describe as date_words
from eventwire.store.queries import Rows

#: Output formats of the listing commands.
FORMATS = ("text", "json", "csv")
#: Characters of a sentence shown in a listing.
EXCERPT_CHARS = settings.CLI_EXCERPT_CHARS
#: Marks around matched words in search snippets: control characters that cannot occur in
#: stored text (extraction drops them), replaced by styling or brackets on output.
MARK = ("\x02", "\x03")


def console_for(stream: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console for people: fitted to a terminal, and in a pipe or a file full-width
    lines without colours (a pipe has no width to fit; wrapped lines break `grep`)."""
    if stream is None:
        stream = sys.stderr if stderr else sys.stdout
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return Console(file=stream, highlight=False)
    return Console(
        file=_TrimLineEnds(stream),
        highlight=False,
        soft_wrap=True,
        width=settings.CLI_PIPE_WIDTH,
        color_system=None,
    )


class _TrimLineEnds:
    """A text stream that passes lines on without the spaces at their ends: rich pads table
    cells to their column's width, which in a file is only noise (and breaks `diff`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


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
        text(rows, console_for(out))


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
            f"[bold]#{r['id']}[/bold]  {escape(date_words(r['date']))}  [bold]{escape(kind)}[/bold]"
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
    for column in table.columns[-2:]:
        column.justify = "right"  # counts; and no padding at the end of a line
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
            parts.append(f"from {escape(date_words(r['effective_value']))}")
        if r["condition_text"]:
            parts.append(f"if: {escape(excerpt(r['condition_text']))}")
        parts.append(f"[dim]{measure_id(r)}[/dim]")
        console.print(" · ".join(parts), soft_wrap=True)


def measure_id(row: dict[str, Any]) -> str:
    """A measure's id as `eventwire show` takes it: document id (12 characters) / number."""
    return f"{row['document_id'][:12]}/{row['n']}"


def stats_text(stats: dict[str, Any], console: Console) -> None:
    rows = stats["rows"]
    console.print(
        f"[bold]schema version[/bold] {stats['schema_version']}  ·  "
        f"{stats['size_bytes'] / 1e6:.1f} MB"
    )
    table = Table("table", "rows", box=None, pad_edge=False)
    table.columns[1].justify = "right"
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


# -- one event, one measure (eventwire show ID) ------------------------------------------------

#: How each kind of marked words is drawn in a sentence on a terminal.
MARK_STYLES = {
    "trigger": "bold reverse",
    "measure": "underline",
    "actor1": "bold cyan",
    "imposer": "bold cyan",
    "actor2": "bold magenta",
    "target": "bold magenta",
    "exception": "magenta",
    "source": "cyan",
    "location": "yellow",
    "date": "bold blue",
    "product": "green",
    "condition": "italic",
}
#: Without colours (a pipe, a file) these marks are drawn as [brackets].
BRACKETED = ("trigger", "measure")


def marked(sentence: str, marks: list[dict[str, Any]], console: Console) -> Text:
    """`sentence` with its marked words styled; without colours, the event's trigger (or the
    measure's words) between brackets."""
    sentence = sentence.rstrip()
    if console.color_system is None:
        out = sentence
        for m in sorted(
            (m for m in marks if m["role"] in BRACKETED), key=lambda m: m["start"], reverse=True
        ):
            start, end = m["start"], min(m["end"], len(out))
            out = out[:start] + "[" + out[start:end] + "]" + out[end:]
        return Text(" ".join(out.split("\n")))
    text = Text(sentence.replace("\n", " "))
    for m in marks:
        text.stylize(MARK_STYLES.get(m["role"], "bold"), m["start"], m["end"])
    return text


def _report_actor(r: dict[str, Any], prefix: str) -> str:
    words, name = r.get(f"{prefix}_text"), r.get(f"{prefix}_name")
    if not words:
        return "-"
    shown = _actor(name or words, r.get(f"{prefix}_country"))
    return shown if not name or name == words else f"{shown} (“{words}”)"


def event_text(event: dict[str, Any], console: Console) -> None:
    """One merged event: what, who, when, where, then every report of it with its sentence."""
    kind = event["type"] + (f"/{event['mode']}" if event["mode"] else "")
    if event["cameo"]:
        kind += f" (CAMEO {event['cameo']})"
    head = f"[bold]event #{event['id']}[/bold]  [bold]{escape(kind)}[/bold]"
    if event["quad_class"]:
        head += f"  QuadClass {event['quad_class']} {QUAD_CLASS_WORDS.get(event['quad_class'], '')}"
    if event["goldstein"] is not None:
        head += f" · Goldstein {event['goldstein']:g}"
    console.print(head, soft_wrap=True)
    who = (
        f"{escape(_actor(event['actor1_name'], event['actor1_country']))} →"
        f" {escape(_actor(event['actor2_name'], event['actor2_country']))}"
    )
    console.print(f"  who:   {who}", soft_wrap=True)
    when = date_words(event["date"])
    if event["date"] and when != event["date"]:
        when += f" ({event['date']})"
    console.print(f"  when:  {escape(when)}", soft_wrap=True)
    if event["location"]:
        console.print(f"  where: {escape(event['location'])}", soft_wrap=True)
    n = len(event["reports"])
    console.print(
        f"  {event['num_mentions']} report(s) in {event['num_articles']} document(s) from"
        f" {event['num_sources']} source(s): {escape(', '.join(event['sources']))}",
        soft_wrap=True,
    )
    for i, r in enumerate(event["reports"], 1):
        console.print()
        title = f" “{escape(r['document_title'])}”" if r["document_title"] else ""
        console.print(
            f"[bold]report {i} of {n}[/bold] · document {r['document_id'][:12]}{title}"
            f" · published {r['document_published'] or 'unknown'}"
            f" · {r['modality']} · confidence {r['confidence']:g} · {r['extractor']}",
            soft_wrap=True,
        )
        console.print(Text("  ").append_text(marked(r["sentence"], r["marks"], console)))
        parts = [f"actor1: {_report_actor(r, 'actor1')}", f"actor2: {_report_actor(r, 'actor2')}"]
        if r["source_actor_text"]:
            parts.append(f"said by: {_report_actor(r, 'source_actor')}")
        if r["date_text"]:
            parts.append(f"date: “{r['date_text']}” = {date_words(r['date_value'])}")
        elif r["date_value"]:
            parts.append(f"date: {date_words(r['date_value'])} ({r['date_origin']})")
        if r["location_text"]:
            parts.append(f"where: {r['location_text']}")
        console.print("  " + escape(" · ".join(parts)), style="dim", soft_wrap=True)


QUAD_CLASS_WORDS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def measure_text(m: dict[str, Any], console: Console) -> None:
    """One measure: what, by whom on whom, on what, from when, and its sentence."""
    rate = f" {m['rate']:g}%" if m["rate"] is not None else ""
    console.print(
        f"[bold]measure {m['id']}[/bold]  [bold]{m['kind']}{rate}[/bold] · {m['status']}",
        soft_wrap=True,
    )
    imposer = _actor(m["imposer_name"] or m["imposer_text"], m["imposer_country"])
    lines = [("imposed by", imposer), ("on", m["targets"] or "-")]
    if m["exceptions"]:
        lines.append(("except", m["exceptions"]))
    if m["products"]:
        lines.append(("goods", m["products"]))
    if m["announced_value"]:
        lines.append(("announced", date_words(m["announced_value"])))
    if m["effective_value"]:
        lines.append(("from", date_words(m["effective_value"])))
    if m["condition_text"]:
        lines.append(("if", m["condition_text"]))
    for label, value in lines:
        console.print(f"  {label + ':':<11} {escape(value)}", soft_wrap=True)
    title = f" “{escape(m['document_title'])}”" if m["document_title"] else ""
    console.print(
        f"  document {m['document_id'][:12]}{title} · published"
        f" {m['document_published'] or 'unknown'} · {m['extractor']}",
        soft_wrap=True,
    )
    console.print(Text("  ").append_text(marked(m["sentence"], m["marks"], console)))


def duplicates_text(rows: list[dict[str, Any]], console: Console) -> None:
    """The reports merged into a document as its exact or near duplicates."""
    for d in rows:
        where = d["url"] or d["source"] or "?"
        console.print(
            f"[dim]also reported as a duplicate ({d['kind']}, similarity"
            f" {d['similarity']:.2f}): {escape(where)}[/dim]",
            soft_wrap=True,
        )


def codes_text(sections: list[tuple[str, list[tuple[str, str]]]], console: Console) -> None:
    """The table of codes: a title per section, a line per code."""
    for i, (title, rows) in enumerate(sections):
        if i:
            console.print()
        console.print(f"[bold]{escape(title)}[/bold]")
        width = max(len(code) for code, _ in rows)
        for code, meaning in rows:
            console.print(f"  {escape(f'{code:<{width}}')}  {escape(meaning)}", soft_wrap=True)
