"""Benchmark of the quantities analyzer and the number reader on Microsoft Recognizers-Text.

Reads the English specs under ../shared/eval/quantities/recognizers-text/ (beside the
repository; files start with a byte-order mark):

- NumberWithUnit/English/CurrencyModel.json -- amounts of money;
- Number/English/PercentModel.json          -- percentages;
- Number/English/NumberModel.json           -- numbers in words and digits.

Score: the share of expected results found with the right value and unit. A result is found
when a prediction overlaps its span (Start..End) with its value and unit. Paths:

- currency and percent cases run the whole pipeline on each Input: spaCy parse
  (`eventwire.analyze.parse.parse`), `EntityAnalyzer`, then `QuantityAnalyzer`;
- number cases call the number reader (`eventwire.analyze.numbers.find_numbers`) on each
  Input, with no parse: the spec asks for every number, while the analyzer keeps only the
  ones that are quantities (it drops years, labels and pronoun "one").

Units: the spec's `isoCurrency` when it gives one; otherwise its unit name maps to the ISO
codes it can stand for ("Dollar" -> USD, "Franc" -> CHF/FRF/..., "Cent" -> hundredths of
USD or EUR: the analyzer writes 50 cents as 0.5 USD). Expected results without a value (a
bare "dollar") are not quantities and are left out, with their count printed.
Cases marked NotSupported / NotSupportedByDesign (the reference implementation fails them
on some platforms) are scored apart and not in the overall share.

    .venv/bin/python bench/eval_quantities.py [--limit N] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.analyze.entities import EntityAnalyzer
from eventwire.analyze.numbers import find_numbers
from eventwire.analyze.parse import parse
from eventwire.analyze.quantities import QuantityAnalyzer
from eventwire.model import Document

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "quantities"
SPECS = EVAL / "recognizers-text"
FILES = (
    ("currency", "NumberWithUnit/English/CurrencyModel.json"),
    ("percent", "Number/English/PercentModel.json"),
    ("number", "Number/English/NumberModel.json"),
)

# Spec unit names without an ISO code -> (accepted ISO codes, factor to our value).
SPEC_UNITS: dict[str, tuple[frozenset[str], float]] = {
    "Dollar": (frozenset({"USD"}), 1.0),
    "Pound": (frozenset({"GBP"}), 1.0),
    "Euro": (frozenset({"EUR"}), 1.0),
    "Cent": (frozenset({"USD", "EUR"}), 0.01),
    "Pence": (frozenset({"GBP"}), 0.01),
    "Penny": (frozenset({"GBP"}), 0.01),
    "Franc": (frozenset({"CHF", "FRF", "BEF", "XOF", "XAF"}), 1.0),
    "Finnish markka": (frozenset({"FIM"}), 1.0),
    "Peseta": (frozenset({"ESP"}), 1.0),
    "Netherlands guilder": (frozenset({"NLG"}), 1.0),
    "Rupee": (frozenset({"INR", "PKR", "LKR", "NPR"}), 1.0),
    "Sen": (frozenset({"JPY", "MYR", "IDR"}), 0.01),
}


@dataclass
class Predicted:
    start: int
    end: int
    value: float
    unit: str


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    no_value: int = 0
    cases: int = 0
    extra: int = 0  # predictions of the scored kind overlapping no expected result
    misses: list[str] = field(default_factory=list)

    def share(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)) + 1e-12


def _expected_units(kind: str, resolution: dict) -> tuple[frozenset[str], float] | None:
    if kind == "currency":
        iso = resolution.get("isoCurrency")
        if iso:
            return frozenset({iso}), 1.0
        return SPEC_UNITS.get(resolution.get("unit", ""))
    if kind == "percent":
        return frozenset({"percent"}), 1.0
    return frozenset({"count"}), 1.0


def _expected_value(kind: str, resolution: dict) -> float | None:
    raw = resolution.get("value")
    if raw in (None, "null"):
        return None
    return float(str(raw).rstrip("%"))


def _predict_quantities(texts: list[str]) -> list[list[Predicted]]:
    docs = [Document(text=t, kind="headline") for t in texts]
    out = []
    entities, quantities = EntityAnalyzer(), QuantityAnalyzer()
    for doc in docs:
        parsed = parse([doc])[0]  # one at a time: the spec sentences are unrelated
        entities(doc, parsed)
        quantities(doc, parsed)
        out.append([Predicted(q.span.start, q.span.end, q.value, q.unit) for q in doc.quantities])
    return out


def _predict_numbers(texts: list[str]) -> list[list[Predicted]]:
    out = []
    for text in texts:
        found = [m for m in find_numbers(text) if m.suffix is None]
        out.append([Predicted(m.start, m.end, m.value, "count") for m in found])
    return out


def evaluate(kind: str, path: Path, limit: int | None) -> tuple[Score, Score]:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    if limit:
        cases = cases[:limit]
    predict = _predict_numbers if kind == "number" else _predict_quantities
    predictions = predict([c["Input"] for c in cases])
    supported, unsupported = Score(), Score()
    for case, preds in zip(cases, predictions, strict=True):
        score = (
            unsupported
            if case.get("NotSupported") or case.get("NotSupportedByDesign")
            else (supported)
        )
        score.cases += 1
        scored_units = set()
        spans = []
        for result in case["Results"]:
            res = result["Resolution"]
            value = _expected_value(kind, res)
            units = _expected_units(kind, res)
            if value is None:
                score.no_value += 1
                continue
            score.expected += 1
            start, end = result["Start"], result["End"] + 1
            spans.append((start, end))
            accepted = units[0] if units else frozenset()
            scored_units |= accepted
            factor = units[1] if units else 1.0
            hit = any(
                p.start < end
                and start < p.end
                and p.unit in accepted
                and _close(p.value, value * factor)
                for p in preds
            )
            if hit:
                score.found += 1
            else:
                got = ", ".join(
                    f"{case['Input'][p.start : p.end]!r}={p.value:g} {p.unit}" for p in preds
                )
                score.misses.append(
                    f"{case['Input'][:110]!r}\n      expected {result['Text']!r}={value:g} "
                    f"{res.get('isoCurrency') or res.get('unit') or ''}; got [{got}]"
                )
        if kind != "number":
            wanted = {
                "currency": lambda u: u not in ("count", "percent", "percentage_point"),
                "percent": lambda u: u == "percent",
            }[kind]
            for p in preds:
                if wanted(p.unit) and not any(p.start < e and s < p.end for s, e in spans):
                    score.extra += 1
    return supported, unsupported


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="cases per file")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
    if not SPECS.is_dir():
        print(f"../shared not found: {SPECS}", file=sys.stderr)
        return 1
    print(
        "paths: currency and percent cases: parse -> EntityAnalyzer -> QuantityAnalyzer; "
        "number cases: numbers.find_numbers on the Input alone"
    )
    began = time.perf_counter()
    total_found = total_expected = 0
    for kind, rel in FILES:
        sup, uns = evaluate(kind, SPECS / rel, args.limit)
        total_found += sup.found
        total_expected += sup.expected
        extra = (
            f", {sup.extra} predictions overlapping no expected result" if kind != "number" else ""
        )
        print(
            f"{kind:9} {rel}\n"
            f"  supported:     {sup.found}/{sup.expected} = {sup.share():.3f}"
            f"  ({sup.cases} cases{extra}; {sup.no_value} expected without a value left out)\n"
            f"  NotSupported:  {uns.found}/{uns.expected} = {uns.share():.3f}  ({uns.cases} cases)"
        )
        if args.show_misses:
            for line in sup.misses:
                print("    MISS", line)
            for line in uns.misses:
                print("    MISS (NotSupported)", line)
    share = total_found / total_expected if total_expected else 0.0
    print(f"overall supported: {total_found}/{total_expected} = {share:.3f}")
    print(f"({time.perf_counter() - began:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
