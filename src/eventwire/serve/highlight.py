"""A document's text cut into pieces for its page: sentences (link targets for events and
measures) holding plain text and highlighted spans (entities, dates, figures, event
triggers), each highlight with what it resolves to.

Highlights never overlap on the page: where two annotations overlap, the one starting first
(the longer at a tie) is drawn and the other is still listed below the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwire.model import Document


@dataclass(slots=True)
class Mark:
    """One highlighted span: `kind` is entity, time, quantity or trigger."""

    start: int
    end: int
    kind: str
    label: str  # the short class of the span: PERSON, day, percent, CONSULT
    details: list[tuple[str, str]] = field(default_factory=list)  # (what, value) for hover

    @property
    def title(self) -> str:
        return " · ".join(f"{k}: {v}" for k, v in self.details)


@dataclass(slots=True)
class Piece:
    text: str
    mark: Mark | None = None


@dataclass(slots=True)
class Block:
    """A sentence (`sentence` true, with its start offset as id) or the text between two."""

    start: int
    sentence: bool
    pieces: list[Piece]


def marks(doc: Document) -> list[Mark]:
    """Every annotation of `doc` that has a span in its text, as a Mark."""
    entities = {e.id: e for e in doc.entities}
    out: list[Mark] = []
    for m in doc.mentions:
        e = entities.get(m.entity_id or "")
        details = [("entity", e.name if e else m.span.text), ("type", m.label)]
        if e is not None:
            if e.country:
                details.append(("country", e.country))
            if e.sectors:
                details.append(("sectors", ",".join(e.sectors)))
            if e.title:
                details.append(("title", e.title))
            if e.key:
                details.append(("dictionary", e.key))
        out.append(Mark(m.span.start, m.span.end, "entity", m.label, details))
    for t in doc.times:
        details = [("date", t.value), ("granularity", t.granularity)]
        details.append(("anchor", t.anchor or "none"))
        out.append(Mark(t.span.start, t.span.end, "time", t.granularity, details))
    for q in doc.quantities:
        details = [("value", f"{q.value:g}"), ("unit", q.unit)]
        for what, value in (("measures", q.measure), ("change", q.change)):
            if value:
                details.append((what, value))
        if q.entity_id and q.entity_id in entities:
            details.append(("of", entities[q.entity_id].name))
        out.append(Mark(q.span.start, q.span.end, "quantity", q.unit, details))
    for ev in doc.events:
        details = [("event", ev.type + (f"/{ev.mode}" if ev.mode else ""))]
        if ev.cameo:
            details.append(("CAMEO", ev.cameo))
        for role, actor in (("actor 1", ev.actor1), ("actor 2", ev.actor2)):
            if actor is not None:
                details.append((role, actor.name or actor.span.text))
        details.append(("modality", ev.modality))
        out.append(Mark(ev.trigger.start, ev.trigger.end, "trigger", ev.type, details))
    return out


def _non_overlapping(all_marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    end = -1
    for m in sorted(all_marks, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end and m.end > m.start:
            kept.append(m)
            end = m.end
    return kept


def blocks(doc: Document, limit: int) -> list[Block]:
    """The first `limit` characters of the text as blocks of pieces; the rest, if any, as
    one plain block."""
    text = doc.text
    shown = min(len(text), limit)
    bounds: list[tuple[int, int, bool]] = []
    pos = 0
    for s in sorted(doc.sentences, key=lambda s: s.start):
        if s.start < pos or s.start >= shown:
            continue
        if s.start > pos:
            bounds.append((pos, s.start, False))
        bounds.append((s.start, min(s.end, shown), True))
        pos = min(s.end, shown)
    if pos < shown:
        bounds.append((pos, shown, False))
    chosen = _non_overlapping(marks(doc))
    out: list[Block] = []
    i = 0
    for start, end, is_sentence in bounds:
        pieces: list[Piece] = []
        cursor = start
        while i < len(chosen) and chosen[i].start < end:
            m = chosen[i]
            if m.start < start or m.end > end:
                i += 1  # crosses a sentence boundary: listed below, not drawn
                continue
            if m.start > cursor:
                pieces.append(Piece(text[cursor : m.start]))
            pieces.append(Piece(text[m.start : m.end], m))
            cursor = m.end
            i += 1
        if cursor < end:
            pieces.append(Piece(text[cursor:end]))
        out.append(Block(start, is_sentence, pieces))
    if shown < len(text):
        out.append(Block(shown, False, [Piece(text[shown:])]))
    return out


def sentence_start(doc: Document, offset: int) -> int | None:
    """The start of the sentence holding `offset` (a link target), or None."""
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.start
    return None
