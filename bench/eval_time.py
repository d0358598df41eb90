"""Benchmark of the time analyzer: share of gold time expressions found with the right value.

Two sets, read from ../shared/eval/time/ (beside the repository):

1. dev.jsonl -- wire sentences with their publication date and expected values ("A|B" means
   either is accepted). A gold expression is found when a predicted expression overlaps its
   first unused occurrence in the sentence and has an accepted value.
2. timebank/ -- TimeBank and AQUAINT TimeML documents. The anchor is the DCT; the text is
   <TEXT> with the tags stripped (gold offsets kept); every gold TIMEX3 counts. A gold
   expression is found when a predicted expression overlaps it and has exactly its value.

Besides the share asked for (value accuracy over gold), the script prints extent recall
(overlap, any value) and the share of predicted expressions that overlap a gold one
(TimeBank's annotation is meant to be complete, so this is a rough precision).

    .venv/bin/python bench/eval_time.py [--limit N] [--set dev|timebank|both] [--show-misses]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.analyze.nlp import load
from eventwire.analyze.time import TimeAnalyzer
from eventwire.model import Document, Published

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "time"


@dataclass
class Gold:
    start: int
    end: int
    text: str
    values: tuple[str, ...]
    kind: str = ""


@dataclass
class Score:
    gold: int = 0
    found: int = 0  # overlapping and right value
    overlapped: int = 0  # overlapping, any value
    fiscal_convention: int = 0  # misses only by eventwire's "FY" prefix on fiscal periods
    predicted: int = 0
    predicted_overlapping: int = 0
    misses: list[str] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    found_by_kind: Counter[str] = field(default_factory=Counter)

    def report(self, title: str) -> None:
        share = self.found / self.gold if self.gold else 0.0
        extent = self.overlapped / self.gold if self.gold else 0.0
        precision = self.predicted_overlapping / self.predicted if self.predicted else 0.0
        print(
            f"{title}: {self.found}/{self.gold} gold expressions found with the right value "
            f"= {share:.3f}"
        )
        print(
            f"  extent recall (overlap, any value) {extent:.3f}; predicted expressions "
            f"overlapping a gold one {self.predicted_overlapping}/{self.predicted} = "
            f"{precision:.3f}"
        )
        if self.fiscal_convention:
            print(
                f"  of the misses, {self.fiscal_convention} differ only by eventwire's FY prefix "
                f"('fiscal 1989' -> FY1989 where the gold writes 1989)"
            )
        for kind in sorted(self.by_kind):
            n = self.by_kind[kind]
            print(
                f"  {kind:9s} {self.found_by_kind[kind]}/{n} = {self.found_by_kind[kind] / n:.3f}"
            )


def score_document(doc: Document, golds: list[Gold], score: Score, label: str) -> None:
    predicted = doc.times
    score.predicted += len(predicted)
    score.predicted_overlapping += sum(
        any(t.span.start < g.end and g.start < t.span.end for g in golds) for t in predicted
    )
    for gold in golds:
        score.gold += 1
        score.by_kind[gold.kind or "all"] += 1
        overlapping = [t for t in predicted if t.span.start < gold.end and gold.start < t.span.end]
        if overlapping:
            score.overlapped += 1
        if any(t.value in gold.values for t in overlapping):
            score.found += 1
            score.found_by_kind[gold.kind or "all"] += 1
            continue
        if any(t.value.removeprefix("FY") in gold.values for t in overlapping):
            score.fiscal_convention += 1
        got = "; ".join(f"{t.span.text!r}={t.value}" for t in overlapping) or "-"
        context = doc.text[max(0, gold.start - 60) : gold.end + 60].replace("\n", " ")
        score.misses.append(
            f"[{label} anchor {doc.published.date}] {gold.kind} {gold.text!r} "
            f"want {'|'.join(gold.values)} got {got}\n      ...{context}..."
        )


def evaluate_dev(limit: int | None) -> Score:
    score = Score()
    nlp = load()
    analyzer = TimeAnalyzer()
    lines = (EVAL / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:limit]:
        record = json.loads(line)
        text = record["text"]
        doc = Document(text=text, published=Published(record["published"], "metadata"))
        analyzer(doc, nlp(text))
        golds, used = [], 0
        for timex in record["timex"]:
            start = text.find(timex["text"], used)
            if start < 0:
                start = text.find(timex["text"])
            end = start + len(timex["text"])
            used = end
            golds.append(Gold(start, end, timex["text"], tuple(timex["value"].split("|"))))
        score_document(doc, golds, score, record["id"])
    return score


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_timeml(path: Path) -> tuple[str, str, list[Gold]]:
    """(DCT date, plain text of <TEXT>, gold TIMEX3 with offsets into that text)."""
    source = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", source).group(1)
    body = re.search(r"<TEXT>(.*)</TEXT>", source, re.S).group(1)
    pieces: list[str] = []
    length = 0
    golds: list[Gold] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, name, attributes = tag.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attributes)))
        elif open_timex is not None:
            start, attrs = open_timex
            golds.append(Gold(start, length, "", (attrs.get("value", ""),), attrs.get("type", "")))
            open_timex = None
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    for gold in golds:
        gold.text = text[gold.start : gold.end]
    return dct[:10], text, golds


def evaluate_timebank(limit: int | None) -> Score:
    score = Score()
    nlp = load()
    analyzer = TimeAnalyzer()
    paths = sorted((EVAL / "timebank").glob("*/*.tml"))[:limit]
    for path in paths:
        dct, text, golds = read_timeml(path)
        doc = Document(text=text, published=Published(dct, "metadata"))
        analyzer(doc, nlp(text))
        score_document(doc, golds, score, path.stem)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N sentences/documents")
    parser.add_argument("--set", choices=("dev", "timebank", "both"), default="both")
    parser.add_argument("--show-misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"evaluation data not found: {EVAL}", file=sys.stderr)
        return 1
    for name, evaluate in (("dev", evaluate_dev), ("timebank", evaluate_timebank)):
        if args.set not in (name, "both"):
            continue
        began = time.perf_counter()
        score = evaluate(args.limit)
        score.report(f"{name} ({time.perf_counter() - began:.1f} s)")
        if args.show_misses:
            for miss in score.misses:
                print("  MISS", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
