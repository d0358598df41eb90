"""The time grammar's two exact speed-ups: the literal gate and the first-character guard
change which texts and positions a pattern is tried at, never what it finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.analyze import time as time_grammar
from eventwire.analyze.regex_gate import (
    compile_guarded,
    first_char_guard,
    required_literals,
    search_key,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Sentences written to exercise many rules of the grammar: dates, clocks, durations, fiscal
#: quarters, decades, sets and relative references, in several spellings and letter cases.
SENTENCES = [
    "On Tuesday, March 4, 2025 at 10 p.m. the ministers met; talks resume next week.",
    "THE BANK SAID Q3 2024 PROFITS ROSE, AND FY2025 GUIDANCE WAS CUT IN LATE JANUARY.",
    "In the early 1990s, and again in the '80s, exports doubled within two and a half years.",
    "Every Friday since 12/05/2019 the council has met twice a month, the mayor said.",
    "The ceasefire, agreed on 2024-11-30T08:00, lasted 48 hours; H1 2023 was calmer.",
    "Back in November, four years later, the coming months and the near future all count.",
    "Ｆullwidth forms, ſ and ı letters, and İstanbul must not confuse the case folding.",
]


def _texts() -> list[str]:
    return SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


def _found(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.fixture(scope="module")
def plain_rules():
    """The grammar's rules compiled without their guards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time_grammar, "compile_guarded", re.compile)
        return time_grammar._grammar.__wrapped__().rules


def test_the_guard_finds_exactly_what_each_rule_finds(plain_rules):
    rules = time_grammar._grammar().rules
    guarded = sum(
        r.regex.pattern != p.regex.pattern for r, p in zip(rules, plain_rules, strict=True)
    )
    assert guarded > len(rules) // 2
    for text in _texts():
        for rule, plain in zip(rules, plain_rules, strict=True):
            assert _found(rule.regex, text) == _found(plain.regex, text), rule.name


def test_the_guard_leaves_each_rules_literal_gate_as_it_was(plain_rules):
    for rule, plain in zip(time_grammar._grammar().rules, plain_rules, strict=True):
        assert required_literals(rule.regex) == required_literals(plain.regex), rule.name


def test_the_gate_skips_only_texts_where_a_rule_finds_nothing():
    for text in _texts():
        key = search_key(text)
        for rule in time_grammar._grammar().rules:
            needed = required_literals(rule.regex)
            if needed is not None and not any(word in key for word in needed):
                assert _found(rule.regex, text) == []


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?<![\w])(?:the\s+)?(?:last|next)\s+week", "tTlLnN"),
        (r"(?<!\d)(?P<y>\d{4})-\d\d", "0123456789"),
        (r"(?:[A-C]|x)+y", "ABCx"),
        (r"(?:early\s+)?(?:[0-9]+|one)\s+day", "e1o"),
    ],
)
def test_the_guard_admits_every_first_character_of_a_match(pattern, starts):
    guard = first_char_guard(re.compile(pattern, re.IGNORECASE))
    assert guard.pattern != pattern
    assert guard.groupindex == re.compile(pattern).groupindex
    lookahead = guard.pattern[: guard.pattern.index("])") + 2]  # "(?=[...])"
    for ch in starts:
        assert re.match(lookahead, ch, re.IGNORECASE)
    assert not re.match(lookahead, "%", re.IGNORECASE)  # no match can start there


@pytest.mark.parametrize(
    "pattern",
    [
        r"\s*",  # can match nothing
        r"(?:the)?",  # likewise
        r"[^a-z]+day",  # a negated class
        r".+day",  # any character
        r"(?i)tuesday",  # global flags must stay first
    ],
)
def test_patterns_the_guard_cannot_read_are_left_alone(pattern):
    compiled = re.compile(pattern)
    assert first_char_guard(compiled) is compiled
    assert compile_guarded(pattern).pattern == pattern
