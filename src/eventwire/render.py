"""Documents for people: the `text` output format of the CLI, drawn with rich.

rich drops colours by itself when the output is not a terminal, so the same code gives
plain aligned text in a pipe or a file (give it a console from `store.present.console_for`,
which does not wrap lines there).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwire import settings
from eventwire.datewords import describe as date_words
from eventwire.model import Document, Entity

#: Colours for entity labels in highlighted text.
LABEL_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "GPE": "bold green",
    "NORP": "green",
    "LOC": "yellow",
    "FAC": "yellow",
}
TIME_STYLE = "bold blue"
QUANTITY_STYLE = "bold red"


def highlighted(doc: Document) -> Text:
    """The document text with mentions, times and quantities coloured."""
    text = Text(doc.text)
    for m in doc.mentions:
        text.stylize(LABEL_STYLES.get(m.label, "bold"), m.span.start, m.span.end)
    for t in doc.times:
        text.stylize(TIME_STYLE, t.span.start, t.span.end)
    for q in doc.quantities:
        text.stylize(QUANTITY_STYLE, q.span.start, q.span.end)
    return text


def _entity_note(entity: Entity | None) -> str:
    if entity is None:
        return ""
    parts = [entity.name]
    if entity.country:
        parts.append(entity.country)
    if entity.sectors:
        parts.append("/".join(entity.sectors))
    if entity.title:
        parts.append(entity.title)
    return " · ".join(parts)


def render_documents(docs: Iterable[Document], console: Console, start: int = 1) -> int:
    """Print each document: header, highlighted text, then a table per annotation kind.

    Documents are numbered from `start` (a command printing several inputs numbers on
    across them); returns the number the next document would have.
    """
    n = start - 1
    for n, doc in enumerate(docs, start):
        entities = {e.id: e for e in doc.entities}
        head = f"[bold]#{n} {doc.kind}[/bold]  {doc.id[:12]}"
        if doc.parent_id:
            head += f"  (on page of {doc.parent_id[:12]})"
        if console.is_terminal:
            console.rule(head, align="left")
        else:  # a rule as wide as a pipe's unbounded width would be one endless line
            fill = settings.CLI_RULE_WIDTH - 4 - len(Text.from_markup(head))
            console.print(f"── {head} " + "─" * max(fill, 3))
        meta = [f"source: {escape(doc.source or '-')}"]
        meta.append(f"published: {doc.published.date or 'unknown'} ({doc.published.origin})")
        meta.append(f"language: {doc.language or '?'}")
        console.print("  ".join(meta), style="dim")
        if doc.title:
            console.print(f"[bold]{escape(doc.title)}[/bold]")
        console.print(highlighted(doc))
        console.print(f"[dim]{len(doc.sentences)} sentence(s)[/dim]")
        if doc.mentions:
            table = Table("label", "mention", "offsets", "entity", box=None, pad_edge=False)
            for m in doc.mentions:
                table.add_row(
                    m.label,
                    escape(m.span.text),
                    f"{m.span.start}-{m.span.end}",
                    escape(_entity_note(entities.get(m.entity_id or ""))),
                )
            console.print(table)
        if doc.times:
            table = Table(
                "time", "value", "granularity", "offsets", "reads", box=None, pad_edge=False
            )
            for t in doc.times:
                words = date_words(t.value)
                table.add_row(
                    escape(t.span.text),
                    t.value,
                    t.granularity,
                    f"{t.span.start}-{t.span.end}",
                    escape(words if words != t.value else ""),
                )
            console.print(table)
        if doc.quantities:
            table = Table(
                "figure", "value", "unit", "measures", "change", "of", box=None, pad_edge=False
            )
            for q in doc.quantities:
                owner = entities.get(q.entity_id or "")
                table.add_row(
                    escape(q.span.text),
                    f"{q.value:g}",
                    q.unit,
                    escape(q.measure or ""),
                    q.change or "",
                    escape(owner.name if owner else ""),
                )
            console.print(table)
        for event in doc.events:
            a1 = event.actor1.name or event.actor1.span.text if event.actor1 else "?"
            a2 = event.actor2.name or event.actor2.span.text if event.actor2 else "-"
            date = date_words(event.date.value if event.date else None)
            excerpt = doc.text[event.sentence.start : event.sentence.end]
            if len(excerpt) > 80:
                excerpt = excerpt[:77] + "..."
            mode = f"/{event.mode}" if event.mode else ""
            console.print(
                f"[bold]event[/bold] {escape(a1)} —{event.type}{mode}→ {escape(a2)} · {date} · "
                f"{event.modality} · [dim]\\[{escape(excerpt)}][/dim]",
                soft_wrap=True,
            )
        for measure in doc.measures:
            imposer = measure.imposer.name or measure.imposer.span.text if measure.imposer else "?"
            targets = ", ".join(t.name or t.span.text for t in measure.targets) or "-"
            rate = f" {measure.rate:g}%" if measure.rate is not None else ""
            console.print(
                f"[bold]measure[/bold] {measure.kind}{rate} · {escape(imposer)} → {escape(targets)}"
                f" · {measure.status}",
                soft_wrap=True,
            )
    return n + 1
