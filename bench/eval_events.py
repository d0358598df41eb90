"""Event coding against ../shared/eval/events: recall of (type, actor1, actor2) triples.

    .venv/bin/python bench/eval_events.py [--limit N] [--show-misses] [--file dev.jsonl]

Each sentence is analysed as the pipeline analyses a document: parse (with truecasing), then
every analyzer in order (entities, actors, time, quantities, events, measures). Scoring, as in
../shared/eval/README.md:
  - triple recall: required gold events matched by a predicted event of an accepted type whose
    actor1 and actor2 records contain an accepted value (an ISO-3 code or a name, compared
    case-insensitively as a substring of the actor's words, name, country and sectors; a
    `null` among the accepted values means the gold does not require that actor);
  - type recall: required gold events whose type is among the sentence's predicted types;
  - type precision: predicted events whose type is one of the sentence's gold types (an
    event predicted in a sentence without gold events is wrong);
  - modality: of matched triples whose gold gives a modality, the share predicted with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "events"
FILES = ("dev.jsonl", "plover-gsr-dev.jsonl")


def actor_record(actor) -> str:  # type: ignore[no-untyped-def]
    """The text an accepted actor value is looked for in."""
    if actor is None:
        return ""
    parts = [actor.span.text, actor.name or "", actor.country or "", *actor.sectors]
    return " | ".join(parts).lower()


def actor_ok(accepted: list[str | None], actor) -> bool:  # type: ignore[no-untyped-def]
    if None in accepted:
        return True
    record = actor_record(actor)
    return bool(record) and any(a.lower() in record for a in accepted if a)


def matches(gold: dict, event) -> bool:  # type: ignore[no-untyped-def]
    return (
        event.type in gold["type"].split("|")
        and actor_ok(gold["actor1"], event.actor1)
        and actor_ok(gold["actor2"], event.actor2)
    )


def describe(event) -> str:  # type: ignore[no-untyped-def]
    def who(a) -> str:  # type: ignore[no-untyped-def]
        return "-" if a is None else f"{a.span.text}/{a.country or '?'}"

    return (
        f"{event.type}({event.cameo}) {who(event.actor1)} -> {who(event.actor2)} "
        f"[{event.trigger.text}, {event.modality}]"
    )


def evaluate(path: Path, limit: int | None, show_misses: bool) -> dict[str, float]:
    from eventwire.analyze.parse import parse
    from eventwire.model import Document
    from eventwire.pipeline import default_analyzers

    analyzers = _analyzers(default_analyzers())
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if limit:
        rows = rows[:limit]
    n_gold = n_triple = n_type = 0
    n_pred = n_pred_ok = 0
    n_mod = n_mod_ok = 0
    by_type: Counter[str] = Counter()
    by_type_hit: Counter[str] = Counter()
    start = time.perf_counter()
    for row in rows:
        doc = Document(text=row["text"], kind="article")
        parsed = parse([doc])[0]
        for analyzer in analyzers:
            analyzer(doc, parsed)
        gold = [g for g in row["events"] if g.get("required", True)]
        gold_types = {t for g in row["events"] for t in g["type"].split("|")}
        pred_types = {e.type for e in doc.events}
        n_pred += len(doc.events)
        n_pred_ok += sum(e.type in gold_types for e in doc.events)
        missed = []
        for g in gold:
            n_gold += 1
            by_type[g["type"]] += 1
            hit = next((e for e in doc.events if matches(g, e)), None)
            if hit is not None:
                n_triple += 1
                by_type_hit[g["type"]] += 1
                if g.get("modality"):
                    n_mod += 1
                    n_mod_ok += hit.modality == g["modality"]
            else:
                missed.append(g)
            n_type += any(t in pred_types for t in g["type"].split("|"))
        wrong = [e for e in doc.events if e.type not in gold_types]
        if show_misses and (missed or wrong):
            print(f"\n[{row['id']}] {row['text']}")
            for g in missed:
                print(f"  MISS {g['type']} {g['actor1']} -> {g['actor2']}")
            for e in doc.events:
                flag = "  extra" if e in wrong else "  pred "
                print(f"{flag} {describe(e)}")
    seconds = time.perf_counter() - start
    return {
        "sentences": len(rows),
        "gold": n_gold,
        "triple_recall": n_triple / n_gold if n_gold else 0.0,
        "type_recall": n_type / n_gold if n_gold else 0.0,
        "type_precision": n_pred_ok / n_pred if n_pred else 0.0,
        "predicted": n_pred,
        "modality": n_mod_ok / n_mod if n_mod else float("nan"),
        "modality_n": n_mod,
        "seconds": seconds,
        "by_type": {t: f"{by_type_hit[t]}/{n}" for t, n in sorted(by_type.items())},
    }


def _analyzers(base: list) -> list:  # type: ignore[type-arg]
    """The pipeline's analyzers, with the event coder and measures appended if the pipeline
    does not run them yet."""
    from eventwire.analyze.events import EventAnalyzer
    from eventwire.analyze.measures import MeasureAnalyzer

    names = {a.name for a in base}
    extra = [a for a in (EventAnalyzer(), MeasureAnalyzer()) if a.name not in names]
    if "actors" not in names:
        try:
            from eventwire.analyze.actors import ActorAnalyzer

            base = [base[0], ActorAnalyzer(), *base[1:]]
        except ImportError:
            pass
    return [*base, *extra]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each file")
    parser.add_argument("--show-misses", action="store_true", help="print missed and extra events")
    parser.add_argument("--file", action="append", help="one of the files (default: both)")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"../shared/eval/events not found at {EVAL}", file=sys.stderr)
        return 2
    for name in args.file or FILES:
        r = evaluate(EVAL / name, args.limit, args.show_misses)
        print(
            f"\n== {name}: {r['sentences']} sentences, {r['gold']} required events, "
            f"{r['predicted']} predicted ({r['seconds']:.1f}s)"
        )
        print(f"triple recall  {r['triple_recall']:.3f}")
        print(f"type recall    {r['type_recall']:.3f}")
        print(f"type precision {r['type_precision']:.3f}")
        n_mod = r["modality_n"]
        print(f"modality       {r['modality']:.3f} (of {n_mod} matched with a gold modality)")
        print("by type (triples found / required):", r["by_type"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
