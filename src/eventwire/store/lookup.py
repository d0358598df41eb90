"""One stored thing by the id a listing printed: an event, a measure or a document.

Ids, as the listings print them:

- an event: its number, `12` (`eventwire events` prints `#12`);
- a measure: its document's id (or first characters), a slash and its number in that
  document, `b1738516c4e3/0` (`eventwire measures` prints it at the end of each line);
- a document: its id or its first characters (at least 4), `b1738516c4e3`.

Digits alone are an event's number; when no event has it, they are read as the start of a
document id (document ids are hexadecimal and may begin with digits).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

from eventwire.store.queries import NotFound, resolve_document_id

_MEASURE_ID = re.compile(r"([0-9a-f]{4,64})/(\d{1,6})")
#: Event numbers are shorter than the 12 characters a document id prints as.
_EVENT_ID = re.compile(r"#?(\d{1,11})")

ID_FORMS = (
    "an event number (12), a measure id (b1738516c4e3/0) or a document id (b1738516c4e3,"
    " at least 4 of its characters)"
)


class BadId(NotFound):
    """What was given cannot be an id at all (as opposed to an id nothing has)."""


@dataclass(slots=True, frozen=True)
class Found:
    """What an id names: `key` is the event number, (document id, measure n) or document id."""

    kind: Literal["event", "measure", "document"]
    key: Any


def resolve(conn: sqlite3.Connection, ident: str) -> Found:
    """What `ident` names in the database; NotFound says why nothing (or too much) does."""
    text = ident.strip().lower()
    if m := _MEASURE_ID.fullmatch(text):
        doc_id = resolve_document_id(conn, m.group(1))
        n = int(m.group(2))
        row = conn.execute(
            "SELECT 1 FROM measures ms JOIN documents d ON d.seq = ms.document_seq"
            " WHERE d.id = ? AND ms.n = ?",
            (doc_id, n),
        ).fetchone()
        if row is None:
            count = conn.execute(
                "SELECT count(*) FROM measures ms JOIN documents d ON d.seq = ms.document_seq"
                " WHERE d.id = ?",
                (doc_id,),
            ).fetchone()[0]
            raise NotFound(
                f"document {doc_id[:12]} has no measure {n}"
                + (f" (its measures are 0 to {count - 1})" if count else " (it has none)")
            )
        return Found("measure", (doc_id, n))
    if m := _EVENT_ID.fullmatch(text):
        number = int(m.group(1))
        if conn.execute("SELECT 1 FROM events WHERE id = ?", (number,)).fetchone():
            return Found("event", number)
        if len(m.group(1)) < 4 or text.startswith("#"):
            raise NotFound(f"no event #{number}")
    if re.fullmatch(r"[0-9a-f]{4,64}", text):
        return Found("document", resolve_document_id(conn, text))
    raise BadId(f"{ident!r} is not an id: give {ID_FORMS}")


def event(conn: sqlite3.Connection, event_id: int) -> dict[str, Any]:
    """The merged event (as `queries.events` lists it) with `reports`: every report of it,
    each with its document, sentence and the offsets of its words inside the sentence."""
    row = conn.execute("SELECT * FROM events_view WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event #{event_id}")
    result = dict(row)
    result["sources"] = [
        r[0]
        for r in conn.execute(
            "SELECT source FROM event_sources WHERE event_id = ? ORDER BY source", (event_id,)
        )
    ]
    reports = []
    for r in conn.execute(
        "SELECT m.*, d.id AS document_id, d.title AS document_title, d.url AS document_url,"
        " d.source AS document_source, d.published AS document_published,"
        " substr(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start) AS sentence"
        " FROM event_mentions m JOIN documents d ON d.seq = m.document_seq"
        " WHERE m.event_id = ? ORDER BY m.document_seq, m.n",
        (event_id,),
    ):
        report = dict(r)
        report["marks"] = _marks(
            report,
            report["sentence_start"],
            [
                ("trigger", "trigger"),
                ("actor1", "actor1"),
                ("actor2", "actor2"),
                ("source_actor", "source"),
                ("location", "location"),
                ("date", "date"),
            ],
        )
        reports.append(report)
    result["reports"] = reports
    return result


def _marks(row: dict[str, Any], offset: int, fields: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The spans named by `{field}_start`/`{field}_end` columns, relative to `offset`."""
    marks = []
    for field, role in fields:
        start, end = row.get(f"{field}_start"), row.get(f"{field}_end")
        if start is None or end is None:
            continue
        marks.append({"role": role, "start": start - offset, "end": end - offset})
    return marks


def measure(conn: sqlite3.Connection, doc_id: str, n: int) -> dict[str, Any]:
    """The measure (as `queries.measures` lists it) with the sentence it stands in and the
    offsets of its words inside that sentence."""
    row = conn.execute(
        "SELECT v.*, ms.start_char, ms.end_char, ms.imposer_start, ms.imposer_end,"
        " ms.condition_start, ms.condition_end, ms.effective_start, ms.effective_end,"
        " ms.announced_start, ms.announced_end, ms.extractor, d.text AS document_text,"
        " d.sentences AS document_sentences, d.source AS document_source"
        " FROM measures ms JOIN documents d ON d.seq = ms.document_seq"
        " JOIN measures_view v ON v.document_seq = ms.document_seq AND v.n = ms.n"
        " WHERE d.id = ? AND ms.n = ?",
        (doc_id, n),
    ).fetchone()
    if row is None:
        raise NotFound(f"no measure {doc_id[:12]}/{n}")
    result = dict(row)
    text = result.pop("document_text")
    sentences = json.loads(result.pop("document_sentences"))
    start, end = result["start_char"], result["end_char"]
    # The sentence(s) the measure's words stand in (the whole span when none covers it).
    inside = [(s, e) for s, e in sentences if s < end and e > start]
    s_start = min([s for s, _ in inside] + [start])
    s_end = max([e for _, e in inside] + [end])
    result["id"] = f"{doc_id[:12]}/{n}"
    result["sentence"] = text[s_start:s_end]
    result["sentence_start"] = s_start
    marks = _marks(
        result,
        s_start,
        [
            ("imposer", "imposer"),
            ("effective", "date"),
            ("announced", "date"),
            ("condition", "condition"),
        ],
    )
    marks.insert(0, {"role": "measure", "start": start - s_start, "end": end - s_start})
    seq = result["document_seq"]
    for a_start, a_end, a_role in [
        *conn.execute(
            "SELECT start_char, end_char, role FROM measure_actors"
            " WHERE document_seq = ? AND measure_n = ? ORDER BY role, n",
            (seq, n),
        ),
        *conn.execute(
            "SELECT start_char, end_char, 'product' FROM measure_products"
            " WHERE document_seq = ? AND measure_n = ? ORDER BY n",
            (seq, n),
        ),
    ]:
        marks.append({"role": a_role, "start": a_start - s_start, "end": a_end - s_start})
    result["marks"] = [m for m in marks if 0 <= m["start"] <= m["end"] <= s_end - s_start]
    return result


def duplicates(conn: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """The documents merged into a stored one as its exact or near duplicates."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT duplicate_id, kind, similarity, title, url, source, published"
            " FROM duplicates_view WHERE document_id = ? ORDER BY id",
            (doc_id,),
        )
    ]
