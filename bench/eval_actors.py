"""Actor coding against ../shared/eval/events: are the events' actors found and coded?

    .venv/bin/python bench/eval_actors.py [--limit N] [--show-misses] [--file dev.jsonl]

Each sentence is parsed (with truecasing) and run through the entities and actors analyzers
only. Every required gold event names accepted values for its actor1 and actor2 (ISO-3 country
codes, sector codes such as IGO, or names); each distinct list of accepted values in a sentence
is one actor slot (a list holding `null` is optional and not counted). A slot is found when
some entity of the sentence matches one of its values:
  - an ISO-3 code: the entity's country is that code;
  - a sector code: the entity's sectors include it;
  - a name: it occurs, case-insensitively, in the entity's mentions, name, country, sectors or
    title.
Reported: recall of all slots, and of the slots whose gold gives a country code counting only
country matches (the country coding itself). Beside it, in the same run, the baseline without
this analyzer: bare `pycountry.countries.lookup` on each NER mention's text. There is no
precision here: the gold lists only the actors of its events, not every actor in a sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "events"
FILES = ("dev.jsonl", "plover-gsr-dev.jsonl")
SECTORS = frozenset(
    {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "UAF", "PTY", "BUS", "MED", "CVL"}
    | {"EDU", "REL", "HLH", "LAB", "AGR", "REF", "IGO", "NGO", "ELI"}
)


def record(doc, entity) -> str:  # type: ignore[no-untyped-def]
    mentions = [doc.mentions[i].span.text for i in entity.mentions]
    parts = [*mentions, entity.name, entity.country or "", *entity.sectors, entity.title or ""]
    return " | ".join(parts).lower()


def slot_found(values: list[str], doc, codes: set[str], country_only: bool = False) -> bool:  # type: ignore[no-untyped-def]
    for value in values:
        for entity in doc.entities:
            if value in codes:
                if entity.country == value:
                    return True
            elif country_only:
                continue
            elif value in SECTORS:
                if value in entity.sectors:
                    return True
            elif value.lower() in record(doc, entity):
                return True
    return False


def baseline_found(values: list[str], mentions: list[str]) -> bool:
    import pycountry

    found = set()
    for text in mentions:
        try:
            found.add(pycountry.countries.lookup(text).alpha_3)
        except LookupError:
            continue
    return any(v in found for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each file")
    parser.add_argument("--show-misses", action="store_true", help="print the missed slots")
    parser.add_argument("--file", action="append", help="one of the files (default: both)")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"../shared/eval/events not found at {EVAL}", file=sys.stderr)
        return 1

    from eventwire.analyze import entities as entities_module
    from eventwire.analyze.actor_lexicon import lexicon, place_countries
    from eventwire.analyze.actors import ActorAnalyzer
    from eventwire.analyze.entities import EntityAnalyzer
    from eventwire.analyze.parse import parse
    from eventwire.model import Document

    # The baseline looks up the names as NER and the entities analyzer's own rules give them,
    # before the gazetteer corrects them (analyze/mention_fixes.py): what the actor dictionary
    # adds is measured against that.
    ner_mentions: list[str] = []
    fix_mentions = entities_module.fix_mentions

    def recorded(text: str, parsed: Any, found: list[tuple[int, int, str]]) -> Any:
        ner_mentions[:] = [text[start:end] for start, end, _ in found]
        return fix_mentions(text, parsed, found)

    entities_module.fix_mentions = recorded

    codes = set(lexicon().country_names)
    place_countries()  # built once per process; kept out of the timed part
    entities, actors = EntityAnalyzer(), ActorAnalyzer()
    for name in args.file or FILES:
        rows = [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines()]
        rows = rows[: args.limit] if args.limit else rows
        docs = [Document(text=r["text"]) for r in rows]
        parsed = parse(docs)
        seconds = 0.0
        slots = found = country_slots = country_found = baseline = 0
        misses = []
        for row, doc, p in zip(rows, docs, parsed, strict=True):
            entities(doc, p)
            start = time.perf_counter()
            actors(doc, p)
            seconds += time.perf_counter() - start
            seen: set[tuple[str, ...]] = set()
            for event in row["events"]:
                if not event.get("required", True):
                    continue
                for values in (event["actor1"], event["actor2"]):
                    if not values or None in values or tuple(values) in seen:
                        continue
                    seen.add(tuple(values))
                    slots += 1
                    ok = slot_found(values, doc, codes)
                    found += ok
                    if any(v in codes for v in values):
                        country_slots += 1
                        country_found += slot_found(values, doc, codes, country_only=True)
                        baseline += baseline_found(values, ner_mentions)
                    if not ok:
                        summary = [(e.name, e.country, e.sectors) for e in doc.entities]
                        misses.append((row["id"], values, row["text"], summary))
        print(f"{name}: {len(rows)} sentences, {slots} actor slots")
        print(f"  actor slots found:          {found}/{slots} = {found / max(slots, 1):.3f}")
        print(
            f"  country slots, by country:  {country_found}/{country_slots} = "
            f"{country_found / max(country_slots, 1):.3f}"
            f"   (bare pycountry on NER mentions: {baseline / max(country_slots, 1):.3f})"
        )
        print(f"  actors analyzer: {len(rows) / max(seconds, 1e-9):.0f} sentences/s")
        if args.show_misses:
            for row_id, values, text, summary in misses:
                print(f"  MISS {row_id} {values}\n       {text}\n       {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
