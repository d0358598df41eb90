"""Golden files: the full JSON of `analyze` on the bundled examples, reviewed by hand.

When analyzers change on purpose, rewrite with `pytest tests/test_golden.py --update-golden`,
read the diff, and explain it in the commit message.
"""

from __future__ import annotations

import json

import pytest

from eventwire import analyze
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_match_golden(example, update_golden):
    docs = analyze(example.read_text(encoding="utf-8"), "2025-05-14", source=example.name)
    got = [doc.to_dict() for doc in docs]
    golden = GOLDEN / f"{example.stem}.json"
    if update_golden or not golden.exists():
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote missing golden file {golden.name}: review it and commit it")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
