"""Event coding against ../shared/eval/events, every development set scored separately.

    .venv/bin/python bench/eval_events.py [--file NAME ...] [--limit N] [--show-misses]

Sentence sets (`dev.jsonl`, `plover-gsr-dev.jsonl`, `bbc-dev.jsonl`): each sentence is analysed
as the pipeline analyses a document (parse with truecasing, then every analyzer in order).
Whole articles (`bbc-articles.jsonl`): each article goes through `pipeline.analyze`, as a user's
page would, and every event of its documents is scored against the article's gold records.

Scoring, as in ../shared/eval/README.md. An actor value matches when it occurs, ignoring case,
in the predicted actor's record (its words, name, country and sectors); codes (all-capital
values of 2-4 letters: ISO alpha-3, EU, UN, WTO) must match as whole words; `null` among the
accepted values lets the actor be absent or anything.
  - triple recall: required gold events matched by a predicted event of an accepted type whose
    actor1 and actor2 match (articles: in the sentence holding the gold `sentence`);
  - type recall: required gold events whose sentence has a predicted event of an accepted type;
  - type precision: predicted events whose sentence holds a gold event (required or not) of
    that type; an event predicted in a sentence with no gold event is wrong;
  - full-record precision: predicted events that match a gold event (required or not) in
    type, both actors and, where the gold gives one, modality;
  - extra events per gold event: predicted events left over once every gold event (required
    or not) has taken at most one matching prediction, over the number of gold events;
  - modality agreement: of matched required events whose gold gives a modality, the share
    predicted with it.
Whole articles add: events predicted in sentences holding no gold event or measure (each one
wrong), precision on the five trap articles (sport, culture, tech), the strict precision
(an event whose gold is negated or hypothetical is wrong unless its modality says so), and
the trade measures scored the same way (recall of required measures, precision, status).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "events"
SENTENCE_SETS = ("dev.jsonl", "plover-gsr-dev.jsonl", "bbc-dev.jsonl")
ARTICLE_SET = "bbc-articles.jsonl"
FILES = (*SENTENCE_SETS, ARTICLE_SET)
#: The articles chosen for words that tempt false events (sport, culture, tech).
TRAP_ARTICLES = ("BBC-A16", "BBC-A17", "BBC-A18", "BBC-A19", "BBC-A20")
_CODE = re.compile(r"^[A-Z]{2,4}$")


# --------------------------------------------------------------------------- matching


def actor_record(actor: Any) -> str:
    """The text an accepted actor value is looked for in."""
    if actor is None:
        return ""
    parts = [actor.span.text, actor.name or "", actor.country or "", *actor.sectors]
    return " | ".join(parts)


def value_in(value: str, record: str) -> bool:
    if _CODE.match(value):
        return re.search(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", record, re.I) is not None
    return value.lower() in record.lower()


def actor_ok(accepted: list[str | None], actor: Any) -> bool:
    if None in accepted:
        return True
    record = actor_record(actor)
    return bool(record) and any(value_in(a, record) for a in accepted if a)


def types_of(gold: dict) -> set[str]:
    return set(gold["type"].split("|"))


def triple_ok(gold: dict, event: Any) -> bool:
    return (
        event.type in types_of(gold)
        and actor_ok(gold["actor1"], event.actor1)
        and actor_ok(gold["actor2"], event.actor2)
    )


def full_ok(gold: dict, event: Any) -> bool:
    return triple_ok(gold, event) and (
        not gold.get("modality") or event.modality == gold["modality"]
    )


def describe(event: Any) -> str:
    def who(a: Any) -> str:
        return "-" if a is None else f"{a.span.text}/{a.country or '?'}"

    return (
        f"{event.type}({event.cameo}) {who(event.actor1)} -> {who(event.actor2)} "
        f"[{event.trigger.text}, {event.modality}]"
    )


# --------------------------------------------------------------------------- tallies


@dataclass
class Tally:
    units: int = 0
    gold_required: int = 0
    gold_all: int = 0
    triple: int = 0
    type_hit: int = 0
    predicted: int = 0
    type_ok: int = 0
    full_ok: int = 0
    extra: int = 0
    mod_n: int = 0
    mod_ok: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_type_hit: Counter[str] = field(default_factory=Counter)
    # whole articles only
    no_event_preds: int = 0
    no_event_sentences: set[str] = field(default_factory=set)
    strict_ok: int = 0
    trap_predicted: int = 0
    trap_ok: int = 0
    measures_required: int = 0
    measures_found: int = 0
    measures_predicted: int = 0
    measures_ok: int = 0
    status_n: int = 0
    status_ok: int = 0
    seconds: float = 0.0

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else float("nan")


def _score_unit(
    t: Tally,
    events: list[tuple[Any, str]],
    gold_events: list[dict],
    *,
    in_sentence: bool,
) -> tuple[list[dict], list[Any]]:
    """Score one sentence (in_sentence=False: every gold belongs to it) or one article's events
    (each paired with the text of its sentence). Returns the missed required golds and the
    wrongly typed predictions."""

    def same_place(gold: dict, sent: str) -> bool:
        return not in_sentence or gold["sentence"] in sent

    t.units += 1
    t.gold_all += len(gold_events)
    t.predicted += len(events)
    missed = []
    for g in gold_events:
        if not g.get("required", True):
            continue
        t.gold_required += 1
        t.by_type[g["type"]] += 1
        here = [e for e, s in events if same_place(g, s)]
        hit = next((e for e in here if triple_ok(g, e)), None)
        if hit is not None:
            t.triple += 1
            t.by_type_hit[g["type"]] += 1
            if g.get("modality"):
                t.mod_n += 1
                t.mod_ok += hit.modality == g["modality"]
        else:
            missed.append(g)
        t.type_hit += any(e.type in types_of(g) for e in here)
    wrong = []
    for e, s in events:
        golds = [g for g in gold_events if same_place(g, s)]
        typed = [g for g in golds if e.type in types_of(g)]
        if typed:
            t.type_ok += 1
            # strict: a negated or hypothetical gold is right only with that modality
            strict = [g for g in typed if g.get("modality") not in ("negated", "hypothetical")
                      or e.modality == g["modality"]]  # fmt: skip
            t.strict_ok += bool(strict)
        else:
            wrong.append(e)
        t.full_ok += any(full_ok(g, e) for g in golds)
    # extra: predictions left once each gold (required or not) took one matching prediction
    free = list(range(len(events)))
    for g in sorted(gold_events, key=lambda g: not g.get("required", True)):
        for k in free:
            e, s = events[k]
            if same_place(g, s) and e.type in types_of(g):
                free.remove(k)
                break
    t.extra += len(free)
    return missed, wrong


# --------------------------------------------------------------------------- running


def _analyzers() -> list:  # type: ignore[type-arg]
    from eventwire.pipeline import default_analyzers

    return default_analyzers()


def _annotate(texts: list[str]) -> list[Any]:
    from eventwire.analyze.parse import parse
    from eventwire.model import Document

    analyzers = _analyzers()
    docs = [Document(text=t, kind="article") for t in texts]
    for doc, parsed in zip(docs, parse(docs), strict=True):
        for analyzer in analyzers:
            analyzer(doc, parsed)
    return docs


def evaluate_sentences(path: Path, limit: int | None, show: bool) -> Tally:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:limit] if limit else rows
    t = Tally()
    start = time.perf_counter()
    docs = _annotate([r["text"] for r in rows])
    for row, doc in zip(rows, docs, strict=True):
        events = [(e, row["text"]) for e in doc.events]
        missed, wrong = _score_unit(t, events, row["events"], in_sentence=False)
        if show and (missed or wrong):
            print(f"\n[{row['id']}] {row['text']}")
            for g in missed:
                print(f"  MISS {g['type']} {g['actor1']} -> {g['actor2']}")
            for e in doc.events:
                bad = any(e is w for w in wrong)
                print(f"{'  extra' if bad else '  pred '} {describe(e)}")
    t.seconds = time.perf_counter() - start
    return t


def _sentence_of(doc: Any, start: int) -> str:
    for s in doc.sentences:
        if s.start <= start < s.end:
            return s.text
    return doc.text


def evaluate_articles(path: Path, limit: int | None, show: bool) -> Tally:
    from eventwire.pipeline import analyze

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = rows[:limit] if limit else rows
    t = Tally()
    start = time.perf_counter()
    for row in rows:
        docs = analyze(row["text"], row.get("published"))
        events = [(e, e.sentence.text) for d in docs for e in d.events]
        measures = [(m, _sentence_of(d, m.span.start)) for d in docs for m in d.measures]
        gold = row["events"]
        gold_sentences = [g["sentence"] for g in gold] + [g["sentence"] for g in row["measures"]]
        missed, wrong = _score_unit(t, events, gold, in_sentence=True)
        trap = row["id"] in TRAP_ARTICLES
        wrong_ids = {id(e) for e in wrong}
        lonely = []
        for e, s in events:
            if not any(g in s for g in gold_sentences):
                t.no_event_preds += 1
                t.no_event_sentences.add(f"{row['id']}:{s}")
                lonely.append(e)
            if trap:
                t.trap_predicted += 1
                t.trap_ok += id(e) not in wrong_ids
        _score_measures(t, measures, row["measures"])
        if show and (missed or wrong):
            print(f"\n[{row['id']}] {row['source']}")
            for g in missed:
                print(f"  MISS {g['type']} {g['actor1']} -> {g['actor2']}  «{g['sentence']}»")
            for e in wrong:
                tag = "  noev " if any(e is x for x in lonely) else "  extra"
                print(f"{tag} {describe(e)}  «{e.sentence.text[:110]}»")
    t.seconds = time.perf_counter() - start
    return t


def _measure_actor_ok(accepted: list[str | None], actors: list[Any]) -> bool:
    if None in accepted:
        return True
    return any(actor_ok(accepted, a) for a in actors)


def _score_measures(t: Tally, measures: list[tuple[Any, str]], gold: list[dict]) -> None:
    t.measures_predicted += len(measures)
    for m, s in measures:
        t.measures_ok += any(g["sentence"] in s and m.kind in g["kind"].split("|") for g in gold)
    for g in gold:
        if not g.get("required", True):
            continue
        t.measures_required += 1
        for m, s in measures:
            if g["sentence"] not in s or m.kind not in g["kind"].split("|"):
                continue
            imposer_ok = actor_ok(g["imposer"], m.imposer)
            targets_ok = (
                (not m.targets)
                if g["targets"] == []
                else _measure_actor_ok(g["targets"], m.targets)
            )
            if imposer_ok and targets_ok:
                t.measures_found += 1
                t.status_n += 1
                t.status_ok += m.status in g["status"].split("|")
                break


# --------------------------------------------------------------------------- report


def report(name: str, t: Tally) -> None:
    unit = "articles" if name == ARTICLE_SET else "sentences"
    print(
        f"\n== {name}: {t.units} {unit}, {t.gold_required} required events "
        f"({t.gold_all} in all), {t.predicted} predicted ({t.seconds:.1f}s)"
    )
    print(f"triple recall          {t.ratio(t.triple, t.gold_required):.3f}")
    print(f"type recall            {t.ratio(t.type_hit, t.gold_required):.3f}")
    print(f"type precision         {t.ratio(t.type_ok, t.predicted):.3f}")
    print(f"full-record precision  {t.ratio(t.full_ok, t.predicted):.3f}")
    print(f"extra events per gold  {t.ratio(t.extra, t.gold_all):.3f}")
    print(
        f"modality agreement     {t.ratio(t.mod_ok, t.mod_n):.3f} "
        f"(of {t.mod_n} matched with a gold modality)"
    )
    if name == ARTICLE_SET:
        print(
            f"events in no-event sentences  {t.no_event_preds} "
            f"(in {len(t.no_event_sentences)} sentences; "
            f"{t.ratio(t.no_event_preds, t.predicted):.3f} of predictions)"
        )
        print(f"strict type precision  {t.ratio(t.strict_ok, t.predicted):.3f}")
        print(
            f"trap articles precision {t.ratio(t.trap_ok, t.trap_predicted):.3f} "
            f"({t.trap_ok}/{t.trap_predicted})"
        )
        print(
            f"measures: recall {t.ratio(t.measures_found, t.measures_required):.3f} "
            f"({t.measures_found}/{t.measures_required}), precision "
            f"{t.ratio(t.measures_ok, t.measures_predicted):.3f} "
            f"({t.measures_ok}/{t.measures_predicted}), status "
            f"{t.ratio(t.status_ok, t.status_n):.3f}"
        )
    found = {k: f"{t.by_type_hit[k]}/{n}" for k, n in sorted(t.by_type.items())}
    print("by type (found / required):", found)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each file")
    parser.add_argument("--show-misses", action="store_true", help="print missed and extra events")
    parser.add_argument("--file", action="append", choices=FILES, help="one set (default: all)")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"../shared/eval/events not found at {EVAL}", file=sys.stderr)
        return 2
    for name in args.file or FILES:
        path = EVAL / name
        if not path.exists():
            print(f"\n== {name}: not found, skipped", file=sys.stderr)
            continue
        if name == ARTICLE_SET:
            tally = evaluate_articles(path, args.limit, args.show_misses)
        else:
            tally = evaluate_sentences(path, args.limit, args.show_misses)
        report(name, tally)
    return 0


if __name__ == "__main__":
    sys.exit(main())
