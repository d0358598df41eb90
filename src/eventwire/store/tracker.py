"""The measure tracker: measure mentions from many documents consolidated into measures with a
lifecycle, and the stock of measures in force on any date.

A mention (a row of `measures`) joins a tracked measure (`tracked_measures`) when it has the
same imposer, kind, targets and products: products compare by their Harmonized System codes
(analyze/products.py), so "autos" and "passenger cars" meet. A mention that names no target
or no product joins the one tracked measure of its imposer and kind that covers what it does
name ("the tariffs were suspended" after "a 25% tariff on Mexican steel"); with no such single
measure it starts its own. Mentions without an imposer are not tracked: nothing says whose
measure they are.

Each mention is dated: by its effective date when it says the measure is in force from then,
else its announcement date, else the document's publication date (dates with an unknown year
count as unknown). A tracked measure's timeline (`tracked_states`) is rebuilt from all its
mentions in date order whenever a mention joins it, so the result does not depend on the order
documents arrive in, and storing the same mention twice changes nothing:

- a mention whose status differs from the state before it opens a new state (announced,
  in_force, suspended, removed, threatened, ...); an announced measure with an effective date
  also opens an `in_force` state at that date (scheduled);
- an in-force mention with a different rate opens a `raised` or `lowered` state;
- otherwise the mention is one more report of the current state.

Statuses that bind (in_force, suspended, removed) decide the stock; the others (announced,
threatened, proposed, conditional, requested) are recorded but do not take a measure in force
out of it. Every state keeps the document and sentence of its first report; `tracked_mentions`
keeps every report's.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventwire.analyze import products as hs

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
#: Statuses that say whether a measure applies; the others are talk about it.
BINDING = frozenset({"in_force", "suspended", "removed"})


@dataclass(slots=True)
class _Mention:
    seq: int
    n: int
    kind: str
    status: str
    rate: float | None
    imposer: str
    imposer_name: str | None
    imposer_country: str | None
    targets: list[tuple[str, str | None, str]]  # (identity, country, name)
    products: list[str]
    codes: list[str]
    date: str | None
    date_basis: str
    effective: str | None
    sentence: tuple[int, int]
    published: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def target_ids(self) -> list[str]:
        return sorted({t[0] for t in self.targets})

    @property
    def goods(self) -> list[str]:
        """What the products are compared by: HS codes, else the product words."""
        return sorted(self.codes) if self.codes else sorted({p.lower() for p in self.products})


def _day(value: str | None) -> str | None:
    """A calendar day for a date value: a full date, or the first day of a month or year;
    None for an unknown year."""
    if not value:
        return None
    value = value[:10]
    if _FULL_DATE.match(value):
        return value
    if _MONTH.match(value):
        return value + "-01"
    if _YEAR.match(value):
        return value + "-01-01"
    return None


def _identity(name: str | None, country: str | None, text: str | None) -> str:
    """What makes two actors one party: the country for a government or a country word,
    else the case-folded name."""
    if country:
        return country
    return (name or text or "").casefold().strip()


def _load_mentions(conn: sqlite3.Connection, where: str, args: Iterable[Any]) -> list[_Mention]:
    rows = conn.execute(
        "SELECT ms.*, d.published, d.sentences FROM measures ms"
        " JOIN documents d ON d.seq = ms.document_seq WHERE " + where,
        list(args),
    ).fetchall()
    if not rows:
        return []
    seqs = sorted({r["document_seq"] for r in rows})
    marks = ",".join("?" * len(seqs))
    actors: dict[tuple[int, int], list[tuple[str, str | None, str]]] = {}
    for a in conn.execute(
        f"SELECT * FROM measure_actors WHERE role = 'target' AND document_seq IN ({marks})"
        " ORDER BY document_seq, measure_n, n",
        seqs,
    ):
        ident = _identity(a["name"], a["country"], a["text"])
        actors.setdefault((a["document_seq"], a["measure_n"]), []).append(
            (ident, a["country"], a["name"] or a["text"])
        )
    products: dict[tuple[int, int], list[str]] = {}
    for p in conn.execute(
        f"SELECT * FROM measure_products WHERE document_seq IN ({marks})"
        " ORDER BY document_seq, measure_n, n",
        seqs,
    ):
        products.setdefault((p["document_seq"], p["measure_n"]), []).append(p["text"])
    out = []
    for r in rows:
        imposer = _identity(r["imposer_name"], r["imposer_country"], r["imposer_text"])
        if not imposer:
            continue
        key = (r["document_seq"], r["n"])
        words = products.get(key, [])
        codes: list[str] = []
        for w in words:
            codes.extend(c for c in hs.hs_codes(w) if c not in codes)
        effective = _day(r["effective_value"])
        announced = _day(r["announced_value"])
        published = _day(r["published"])
        if effective and r["status"] in ("in_force", "announced", "suspended", "removed"):
            date, basis = (
                (effective, "effective")
                if r["status"] != "announced"
                else (announced or published, "announced" if announced else "published")
            )
        elif announced:
            date, basis = announced, "announced"
        elif published:
            date, basis = published, "published"
        else:
            date, basis = None, "unknown"
        sentence = (r["start_char"], r["end_char"])
        for s, e in json.loads(r["sentences"] or "[]"):
            if s <= r["start_char"] < e:
                sentence = (s, e)
                break
        out.append(
            _Mention(
                seq=r["document_seq"], n=r["n"], kind=r["kind"], status=r["status"],
                rate=r["rate"], imposer=imposer, imposer_name=r["imposer_name"],
                imposer_country=r["imposer_country"], targets=actors.get(key, []),
                products=words, codes=codes, date=date, date_basis=basis,
                effective=effective, sentence=sentence, published=published,
            )
        )  # fmt: skip
    return out


def merge_key(m: _Mention) -> str:
    """The key of the tracked measure a fully described mention belongs to."""
    return "|".join((m.imposer, m.kind, ",".join(m.target_ids), ",".join(m.goods)))


def _find(conn: sqlite3.Connection, m: _Mention) -> int | None:
    row = conn.execute("SELECT id FROM tracked_measures WHERE merge_key = ?", (merge_key(m),))
    found = row.fetchone()
    if found is not None:
        return int(found[0])
    if m.target_ids and m.goods:
        return None
    # A partial mention joins the single measure of its imposer and kind that covers it.
    fits = []
    for t in conn.execute(
        "SELECT id, target_ids, hs_codes, products FROM tracked_measures"
        " WHERE imposer = ? AND kind = ?",
        (m.imposer, m.kind),
    ):
        targets = set(filter(None, (t["target_ids"] or "").split(",")))
        if m.target_ids and not set(m.target_ids) <= targets:
            continue
        if m.goods:
            codes = list(filter(None, (t["hs_codes"] or "").split(",")))
            words = {w.lower() for w in filter(None, (t["products"] or "").split("; "))}
            if not (hs.overlaps(m.codes, codes) if m.codes else set(m.goods) <= words):
                continue
        fits.append(int(t["id"]))
    return fits[0] if len(fits) == 1 else None


def consolidate(conn: sqlite3.Connection, seqs: Iterable[int]) -> int:
    """Track the measure mentions of the documents `seqs`: join each to its tracked measure
    (created when new) and rebuild the timelines of the measures they joined. Idempotent.
    Returns the number of mentions newly tracked. Runs inside the caller's transaction."""
    seqs = sorted(set(seqs))
    if not seqs:
        return 0
    mentions = _load_mentions(
        conn,
        f"ms.document_seq IN ({','.join('?' * len(seqs))})"
        " AND NOT EXISTS (SELECT 1 FROM tracked_mentions t"
        " WHERE t.document_seq = ms.document_seq AND t.measure_n = ms.n)",
        seqs,
    )
    # Fully described mentions first, so the partial ones find the measures they belong to.
    mentions.sort(key=lambda m: (not (m.target_ids and m.goods), m.seq, m.n))
    touched: set[int] = set()
    for m in mentions:
        measure_id = _find(conn, m)
        if measure_id is None:
            measure_id = int(
                conn.execute(
                    "INSERT INTO tracked_measures (merge_key, kind, imposer, imposer_name,"
                    " imposer_country, target_ids, targets, products, hs_codes, status,"
                    " num_mentions, num_documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
                    (
                        merge_key(m), m.kind, m.imposer, m.imposer_name, m.imposer_country,
                        ",".join(m.target_ids), "; ".join(t[2] for t in m.targets) or None,
                        "; ".join(m.products) or None, ",".join(m.codes) or None, m.status,
                    ),
                ).lastrowid  # type: ignore[arg-type]
            )  # fmt: skip
        conn.execute(
            "INSERT INTO tracked_mentions (document_seq, measure_n, measure_id, date, date_basis,"
            " status, rate, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m.seq, m.n, measure_id, m.date, m.date_basis, m.status, m.rate, *m.sentence),
        )
        touched.add(measure_id)
    for measure_id in sorted(touched):
        _rebuild(conn, measure_id)
    return len(mentions)


def _rebuild(conn: sqlite3.Connection, measure_id: int) -> None:
    """The measure's timeline and summary, from all its mentions."""
    rows = conn.execute(
        "SELECT t.*, ms.effective_value, ms.rate AS m_rate FROM tracked_mentions t"
        " JOIN measures ms ON ms.document_seq = t.document_seq AND ms.n = t.measure_n"
        " WHERE t.measure_id = ? ORDER BY t.date IS NULL, t.date, t.document_seq, t.measure_n",
        (measure_id,),
    ).fetchall()
    states: list[dict[str, Any]] = []
    rate: float | None = None
    binding: str | None = None
    extra: list[tuple[str, dict[str, Any]]] = []  # scheduled in-force states
    for r in rows:
        status = r["status"]
        change = status
        if (
            status == "in_force"
            and binding == "in_force"
            and r["rate"] is not None
            and rate is not None
            and r["rate"] != rate
        ):
            change = "raised" if r["rate"] > rate else "lowered"
        cur = states[-1] if states else None
        same = (
            cur is not None
            and cur["status"] == status
            and change == cur["change"]
            and (r["rate"] is None or r["rate"] == cur["rate"])
        )
        if change in ("raised", "lowered") or not same:
            states.append(
                {
                    "date": r["date"], "status": status, "change": change,
                    "rate": r["rate"] if r["rate"] is not None else (rate if status in BINDING
                                                                      else None),
                    "document_seq": r["document_seq"], "measure_n": r["measure_n"],
                    "sentence_start": r["sentence_start"], "sentence_end": r["sentence_end"],
                    "reports": 1, "scheduled": 0,
                }
            )  # fmt: skip
        else:
            cur["reports"] += 1  # type: ignore[index]
        if status in BINDING:
            binding = status
        if r["rate"] is not None and status in ("in_force", "announced"):
            rate = r["rate"] if status == "in_force" or rate is None else rate
        eff = _day(r["effective_value"])
        if status == "announced" and eff and (r["date"] is None or eff > r["date"]):
            extra.append((eff, {**states[-1], "date": eff, "status": "in_force",
                                "change": "in_force", "scheduled": 1, "reports": 1,
                                "rate": r["rate"]}))  # fmt: skip
    for _eff, state in extra:
        if not any(s["status"] == "in_force" and s["date"] == state["date"] for s in states):
            states.append(state)
    states.sort(key=lambda s: (s["date"] is None, s["date"] or "", s["scheduled"]))
    conn.execute("DELETE FROM tracked_states WHERE measure_id = ?", (measure_id,))
    conn.executemany(
        "INSERT INTO tracked_states (measure_id, n, date, status, change, rate, scheduled,"
        " reports, document_seq, measure_n, sentence_start, sentence_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (measure_id, i, s["date"], s["status"], s["change"], s["rate"], s["scheduled"],
             s["reports"], s["document_seq"], s["measure_n"], s["sentence_start"],
             s["sentence_end"])
            for i, s in enumerate(states)
        ],
    )  # fmt: skip
    binding_states = [s for s in states if s["status"] in BINDING]
    last = binding_states[-1] if binding_states else (states[-1] if states else None)
    since = None
    if last is not None and last["status"] == "in_force":
        # in force since the first in-force state of the current unbroken run
        for s in reversed(binding_states):
            if s["status"] != "in_force":
                break
            since = s["date"]
    dated = [r["date"] for r in rows if r["date"]]
    conn.execute(
        "UPDATE tracked_measures SET status = ?, rate = ?, in_force_since = ?,"
        " first_reported = ?, last_reported = ?, num_mentions = ?,"
        " num_documents = ? WHERE id = ?",
        (
            last["status"] if last else None,
            last["rate"] if last else None,
            since,
            min(dated) if dated else None,
            max(dated) if dated else None,
            len(rows),
            len({r["document_seq"] for r in rows}),
            measure_id,
        ),
    )


# -- reading ----------------------------------------------------------------------------------


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor.fetchall()]


def history(conn: sqlite3.Connection, measure_id: int) -> dict[str, Any] | None:
    """A tracked measure with its timeline: each state with its date, rate and the sentence
    (document id and character span) of its first report, and every report."""
    row = conn.execute("SELECT * FROM tracked_measures WHERE id = ?", (measure_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["states"] = _dicts(
        conn.execute(
            "SELECT s.n, s.date, s.status, s.change, s.rate, s.scheduled, s.reports,"
            " d.id AS document_id, d.title AS document_title, d.url AS document_url,"
            " s.sentence_start, s.sentence_end,"
            " substr(d.text, s.sentence_start + 1, s.sentence_end - s.sentence_start)"
            " AS sentence FROM tracked_states s JOIN documents d ON d.seq = s.document_seq"
            " WHERE s.measure_id = ? ORDER BY s.n",
            (measure_id,),
        )
    )
    out["mentions"] = _dicts(
        conn.execute(
            "SELECT t.date, t.date_basis, t.status, t.rate, d.id AS document_id,"
            " t.measure_n, t.sentence_start, t.sentence_end,"
            " substr(d.text, t.sentence_start + 1, t.sentence_end - t.sentence_start)"
            " AS sentence FROM tracked_mentions t JOIN documents d ON d.seq = t.document_seq"
            " WHERE t.measure_id = ? ORDER BY t.date IS NULL, t.date, t.document_seq,"
            " t.measure_n",
            (measure_id,),
        )
    )
    return out


def state_on(states: list[dict[str, Any]], date: str) -> dict[str, Any] | None:
    """The binding state a timeline is in on `date` (YYYY-MM-DD), None before any."""
    current = None
    for s in states:
        if s["date"] is None or s["date"] > date:
            continue
        if s["status"] in BINDING:
            current = s
    return current


def in_force_on(
    conn: sqlite3.Connection,
    date: str,
    *,
    imposer: str | None = None,
    target: str | None = None,
    product: str | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    """The stock: tracked measures in force on `date` (YYYY-MM-DD), with the rate then, since
    when, and the sources that report them. `imposer`/`target` match an ISO alpha-3 code or
    a name (substring, any case); `product` a product word or an HS code ("87", "8703")."""
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
    out = []
    for m in _dicts(
        conn.execute(
            f"SELECT * FROM tracked_measures WHERE {' AND '.join(where)} ORDER BY id", args
        )
    ):
        if product and not (
            hs.matches(product, (m["hs_codes"] or "").split(","))
            or product.lower() in (m["products"] or "").lower()
        ):
            continue
        full = history(conn, m["id"])
        assert full is not None
        states = full["states"]
        now = state_on(states, date)
        if now is None or now["status"] != "in_force":
            continue
        since = now["date"]
        for s in reversed([s for s in states if s["status"] in BINDING and s["date"]
                           and s["date"] <= date]):  # fmt: skip
            if s["status"] != "in_force":
                break
            since = s["date"]
        rate = None
        for s in states:
            if (
                s["date"]
                and s["date"] <= date
                and s["status"] == "in_force"
                and s["rate"] is not None
            ):
                rate = s["rate"]
        known = [x for x in full["mentions"] if x["date"] is None or x["date"] <= date]
        sources = sorted({x["document_id"] for x in known})
        out.append(
            {
                "id": m["id"], "kind": m["kind"], "imposer": m["imposer_name"] or m["imposer"],
                "imposer_country": m["imposer_country"], "targets": m["targets"],
                "products": m["products"], "hs_codes": m["hs_codes"], "rate": rate,
                "in_force_since": since, "num_mentions": m["num_mentions"],
                "reports_by_date": len(known), "sources": sources,
            }
        )  # fmt: skip
    return out


def tracked(conn: sqlite3.Connection, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Every tracked measure's summary row, by id."""
    sql = "SELECT * FROM tracked_measures ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(conn.execute(sql))
