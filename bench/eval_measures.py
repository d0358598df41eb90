"""Trade measures against ../shared/eval: recall, precision, status, products and rates.

    .venv/bin/python bench/eval_measures.py [--show-misses|--misses] [--file measures|articles]

Two development files, scored as ../shared/eval/README.md says:
  - measures/dev.jsonl (one sentence a line): a required gold measure is found when a
    predicted measure of the sentence has one of its kinds and a matching imposer and target
    (a value matches when it occurs, ignoring case, in the predicted actor's words, name or
    country; all-capital codes of 2-4 letters match as whole words; `null` accepts a missing
    party; gold `targets: []` accepts no target). Precision is over every predicted measure:
    one is correct when it matches a gold measure of the sentence (kind, imposer, target).
  - events/bbc-articles.jsonl (whole articles): the same, within the sentence that holds the
    gold `sentence` substring; a prediction is correct when its sentence holds a gold measure
    (required or not) of that kind.
Over matched pairs: status accuracy (any alternative), product recall (a gold product word
found in a predicted product) and rate exactness (the same percentage, or both none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
FILES = {
    "measures": EVAL / "measures" / "dev.jsonl",
    "articles": EVAL / "events" / "bbc-articles.jsonl",
}
_CODE = re.compile(r"^[A-Z]{2,4}$")


def actor_record(actor) -> str:  # type: ignore[no-untyped-def]
    if actor is None:
        return ""
    return " | ".join([actor.span.text, actor.name or "", actor.country or ""])


def value_in(value: str, record: str) -> bool:
    if _CODE.match(value):
        return re.search(rf"\b{value}\b", record) is not None
    return value.lower() in record.lower()


def party_ok(accepted: list[str | None], actor) -> bool:  # type: ignore[no-untyped-def]
    if None in accepted and actor is None:
        return True
    if actor is None:
        return False
    record = actor_record(actor)
    return any(value_in(a, record) for a in accepted if a) or None in accepted


def targets_ok(accepted: list[str | None], targets: list) -> bool:  # type: ignore[type-arg]
    if not accepted:
        return not targets
    if not targets:
        return None in accepted
    return any(party_ok([a for a in accepted if a], t) for t in targets) or None in accepted


def matches(gold: dict, m) -> bool:  # type: ignore[no-untyped-def]
    return (
        m.kind in gold["kind"].split("|")
        and party_ok(gold["imposer"], m.imposer)
        and targets_ok(gold["targets"], m.targets)
    )


def describe(m) -> str:  # type: ignore[no-untyped-def]
    def who(a) -> str:  # type: ignore[no-untyped-def]
        return "-" if a is None else f"{a.span.text}/{a.country or '?'}"

    targets = ",".join(who(t) for t in m.targets) or "-"
    products = ",".join(p.text for p in m.products)
    rate = f" {m.rate:g}%" if m.rate is not None else ""
    return f"{m.kind}{rate} {who(m.imposer)} -> {targets} [{products}] {m.status} «{m.span.text}»"


class Score:
    def __init__(self) -> None:
        self.gold = self.found = self.pred = self.pred_ok = 0
        self.status = self.products_gold = self.products_found = self.rate_ok = 0

    def pair(self, gold: dict, m) -> None:  # type: ignore[no-untyped-def]
        self.found += 1
        self.status += m.status in gold["status"].split("|")
        self.rate_ok += (gold.get("rate") is None and m.rate is None) or (
            gold.get("rate") is not None
            and m.rate is not None
            and abs(m.rate - gold["rate"]) < 1e-6
        )
        for word in gold.get("products", []):
            self.products_gold += 1
            self.products_found += any(word.lower() in p.text.lower() for p in m.products)

    def report(self, name: str, seconds: float) -> None:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

        print(f"\n== {name}: {self.gold} required measures, {self.pred} predicted ({seconds:.1f}s)")
        print(f"recall          {ratio(self.found, self.gold)}")
        print(f"precision       {ratio(self.pred_ok, self.pred)}")
        print(f"status accuracy {ratio(self.status, self.found)}")
        print(f"product recall  {ratio(self.products_found, self.products_gold)}")
        print(f"rate exactness  {ratio(self.rate_ok, self.found)}")


def _annotate(text: str, published: str | None):  # type: ignore[no-untyped-def]
    from eventwire.analyze.parse import parse
    from eventwire.model import Document, Published
    from eventwire.pipeline import default_analyzers

    doc = Document(text=text, kind="article")
    if published:
        doc.published = Published(published, "user")
    parsed = parse([doc])[0]
    for analyzer in default_analyzers():
        analyzer(doc, parsed)
    return doc, parsed


def eval_sentences(path: Path, show: bool) -> Score:
    s = Score()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc, _ = _annotate(row["text"], row.get("published"))
        gold = [g for g in row["measures"] if g.get("required", True)]
        s.pred += len(doc.measures)
        s.pred_ok += sum(any(matches(g, m) for g in row["measures"]) for m in doc.measures)
        missed = []
        for g in gold:
            s.gold += 1
            hit = next((m for m in doc.measures if matches(g, m)), None)
            if hit is None:
                missed.append(g)
            else:
                s.pair(g, hit)
        wrong = [m for m in doc.measures if not any(matches(g, m) for g in row["measures"])]
        if show and (missed or wrong):
            print(f"\n[{row['id']}] {row['text']}")
            for g in missed:
                print(f"  MISS {g['kind']} {g['imposer'][:2]} -> {g['targets'][:2]} {g['status']}")
            for m in doc.measures:
                print(f"  {'extra' if m in wrong else 'pred '} {describe(m)}")
    return s


def eval_articles(path: Path, show: bool) -> Score:
    s = Score()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        doc, parsed = _annotate(row["text"], row.get("published"))
        sents = [(x.start_char, x.end_char) for x in parsed.sents]

        def sentence_of(start: int, sents: list[tuple[int, int]] = sents) -> tuple[int, int]:
            return next((a, b) for a, b in sents if a <= start < b)

        def gold_sentence(g: dict, text: str = row["text"]) -> tuple[int, int]:
            return sentence_of(text.index(g["sentence"]))

        by_sentence: dict[tuple[int, int], list] = {}  # type: ignore[type-arg]
        for m in doc.measures:
            by_sentence.setdefault(sentence_of(m.span.start), []).append(m)
        golds = row["measures"]
        for m in doc.measures:
            s.pred += 1
            here = [g for g in golds if gold_sentence(g) == sentence_of(m.span.start)]
            ok = any(m.kind in g["kind"].split("|") for g in here)
            s.pred_ok += ok
            if show and not ok:
                print(f"  [{row['id']}] extra {describe(m)}")
        for g in golds:
            if not g.get("required", True):
                continue
            s.gold += 1
            hit = next((m for m in by_sentence.get(gold_sentence(g), []) if matches(g, m)), None)
            if hit is None:
                if show:
                    preds = [describe(m) for m in by_sentence.get(gold_sentence(g), [])]
                    print(
                        f"  [{row['id']}] MISS {g['kind']} {g['imposer'][:2]} -> "
                        f"{g['targets'][:2]} «{g['sentence']}» preds={preds}"
                    )
            else:
                s.pair(g, hit)
    return s


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--show-misses", "--misses", action="store_true", help="print misses and extras"
    )
    parser.add_argument("--file", action="append", choices=sorted(FILES), help="default: both")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"../shared/eval not found at {EVAL}", file=sys.stderr)
        return 2
    for name in args.file or list(FILES):
        start = time.perf_counter()
        run = eval_sentences if name == "measures" else eval_articles
        score = run(FILES[name], args.show_misses)
        score.report(str(FILES[name].relative_to(EVAL)), time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
