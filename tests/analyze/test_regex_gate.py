"""The time grammar's two exact speed-ups: the literal gate and the first-character guard
change which texts and positions a pattern is tried at, never what it finds."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from eventwire.analyze import time as time_grammar
from eventwire.analyze.regex_gate import (
    FoldedScan,
    compile_guarded,
    finditer_folded,
    first_char_guard,
    folded_scan,
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


# -- the case-folded scan ---------------------------------------------------------------------


def _cased(ch: str) -> bool:
    return ch.lower() != ch or ch.upper() != ch


def test_the_key_reads_each_character_as_the_engine_does_ignoring_case():
    """Per character, over all of Unicode: what `folded_scan` relies on. (str.lower of a
    whole text differs from its characters' only for the final sigma, a cased letter either
    way; a character whose lower case is longer changes the key's length, and
    `finditer_folded` then scans the text itself.)"""
    letter = re.compile("[a-z]", re.IGNORECASE)
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    taken_for_letters = []
    for point in range(sys.maxunicode + 1):
        ch = chr(point)
        key = search_key(ch)
        if len(key) != 1:
            continue
        # an ASCII letter in the key exactly where the engine sees one, ignoring case
        assert ("a" <= key <= "z") == bool(letter.fullmatch(ch)), hex(point)
        if "a" <= key <= "z":
            taken_for_letters.append((ch, key))
        # an uncased character stands only for itself
        assert key == ch or (_cased(ch) and _cased(key)), hex(point)
        for category in (word, digit, space):
            assert bool(category.match(key)) == bool(category.match(ch)), hex(point)
        assert (key == "\n") == (ch == "\n")
    for ch, key in taken_for_letters:
        # and the very letter the engine takes it for
        letters = [x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(x, ch, re.IGNORECASE)]
        assert letters == [key], hex(ord(ch))
    assert {ch for ch, _key in taken_for_letters} - set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ) == {"\u0131", "\u017f", "\u212a"}  # dotless i, long s, Kelvin sign (İ lower-cases to two)


def _scan_texts() -> list[str]:
    """The grammar's sentences, the examples, and texts made to trip the folded scan up:
    expressions at the very start and end, long runs of white space and newlines inside
    them, every letter case, the characters the engine folds specially, and random
    sequences of the grammar's own words and separators."""
    texts = _texts()
    texts += [
        "two years",
        "Two Years ago",
        "  \n\n  THREE\n\n\n   WEEKS  \t later\n",
        "the past" + " " * 200 + "five\n\n\nmonths",
        "ſome daYS later, ſeven ſeconds, fıve mınutes, 3 weeKs (Kelvin K)",
        "İstanbul, two İ days; a day İ",
        "March 4, 2025",
        "4 March 2025" + "\n" * 50 + "next Friday",
        "a-day-long wait, a several-year slump, half an hour, every second week",
        "__two years__ x2 days 3days q3 2024 Q3 2024 FY25 h1 H1",
        "-two years- ’two years’ «two years» (two years) two\u00a0years two\u2009years",
    ]
    rng = random.Random(20240601)
    vocabulary = [
        "the",
        "last",
        "past",
        "next",
        "few",
        "a",
        "an",
        "some",
        "about",
        "nearly",
        "two",
        "three",
        "twenty-five",
        "12",
        "3.5",
        "and",
        "or",
        "to",
        "half",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "century",
        "ago",
        "earlier",
        "later",
        "from",
        "now",
        "in",
        "of",
        "on",
        "March",
        "Mar.",
        "Tuesday",
        "tue.",
        "2024",
        "1990s",
        "'80s",
        "fiscal",
        "quarter",
        "first",
        "Q1",
        "FY2025",
        "H2",
        "noon",
        "10:30",
        "p.m.",
        "GMT",
        "every",
        "each",
        "daily",
        "morning",
        "tonight",
        "today",
        "this",
        "coming",
    ]
    separators = [" ", " ", " ", "  ", "\n", "\n\n", ", ", ". ", "-", "\t", " — ", "’s ", ""]
    for _ in range(400):
        words = rng.choices(vocabulary, k=rng.randint(1, 30))
        cased = [
            w.upper() if rng.random() < 0.15 else w.title() if rng.random() < 0.2 else w
            for w in words
        ]
        text = "".join(w + rng.choice(separators) for w in cased)
        texts.append(text.rstrip() if rng.random() < 0.5 else text)
    return texts


def _match_facts(matches: list[re.Match[str]]) -> list[tuple]:
    return [(m.span(), m.groupdict(), m.lastindex) for m in matches]


def test_the_folded_scan_finds_exactly_what_each_rule_finds():
    rules = time_grammar._grammar().rules
    scans = [folded_scan(rule.regex) for rule in rules]
    assert sum(scan is not None and scan.behind is not None for scan in scans) > len(rules) // 2
    for text in _scan_texts():
        key = search_key(text)
        for rule, scan in zip(rules, scans, strict=True):
            expected = _match_facts(list(rule.regex.finditer(text)))
            assert _match_facts(finditer_folded(rule.regex, scan, text, key)) == expected, (
                rule.name,
                text,
            )


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![\w])(?:the\s+)?(?:last|next)\s+(?:week|month)s?(?![\w])",
        r"(?<![\w:.])(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?m\.?)",
        r"(?<![\w])(?:(?:a|an|one)\s+)?(?:day|days)(?:\s+and\s+a\s+half)?",
        r"(?<!-)(?:\d+\s+)*days?",  # a lookbehind outside \w, and a repeat of a repeat
        r"x?(?<![\w])y",  # the lookbehind not first: no "behind" scan
    ],
)
def test_the_folded_scan_of_small_patterns(pattern):
    compiled = re.compile(pattern, re.IGNORECASE)
    scan = folded_scan(compiled)
    assert scan is not None
    texts = [*_scan_texts(), "x-days", "xy", " y", "Y", "ONE  DAY AND A HALF", "1 2 3 days"]
    for text in texts:
        expected = _match_facts(list(compiled.finditer(text)))
        assert _match_facts(finditer_folded(compiled, scan, text, search_key(text))) == expected


def test_a_pattern_opening_with_a_lookbehind_is_searched_behind_a_character():
    scan = folded_scan(re.compile(r"(?<![\w])(?:the\s+)?next\s+week", re.IGNORECASE))
    assert scan is not None and scan.behind is not None
    assert scan.on_key and scan.behind.pattern.startswith("(?-i:[^")
    # the lookahead for the first letters: "the" or "nex"
    assert scan.behind.search(" the next week") is not None
    assert scan.behind.search(" then next week").start() == 5  # the space before "next"
    assert scan.behind.search(" nexus") is None
    # one that can match nothing is left to the plain folded scan
    nullable = folded_scan(re.compile(r"(?<![\w])(?:next)?", re.IGNORECASE))
    assert nullable is not None and nullable.behind is None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![\w])(?-i:FY)\d\d",  # case matters in part of it
        r"(?i)next\s+week",  # global flags in the text of the pattern
        r"(?P<w>day)\s+(?P=w)",  # a back-reference compares what a group took
        r"Next\s+week",  # an upper-case letter
        r"n[a-zA-Z]xt",  # a range of upper-case letters
        r"caf[éÉ]",  # a cased letter outside ASCII
    ],
)
def test_patterns_the_folded_scan_cannot_take(pattern):
    compiled = re.compile(pattern, re.IGNORECASE)
    scan = folded_scan(compiled)
    # none reads the key; one that opens with a lookbehind is searched in the text
    assert scan is None or (not scan.on_key and scan.behind is not None)
    assert (scan is not None) == pattern.startswith("(?<!")
    for text in [*_scan_texts(), "FY25 fy25 xFY25 FY2025", "day day", "Café CAFÉ café"]:
        expected = _match_facts(list(compiled.finditer(text)))
        assert _match_facts(finditer_folded(compiled, scan, text, search_key(text))) == expected


def test_case_sensitive_patterns_are_not_folded():
    assert folded_scan(re.compile(r"next\s+week")) is None
    assert folded_scan(re.compile(r"next\s+week", re.IGNORECASE | re.ASCII)) is None


def test_a_key_of_another_length_falls_back_to_the_text():
    pattern = re.compile(r"(?<![\w])istanbul", re.IGNORECASE)
    scan = folded_scan(pattern)
    text = "İstanbul and istanbul"  # "İ" lower-cases to two characters
    key = search_key(text)
    assert len(key) != len(text)
    assert [m.span() for m in finditer_folded(pattern, scan, text, key)] == [(0, 8), (13, 21)]


def test_a_scan_that_disagrees_with_the_pattern_gives_way_to_it():
    pattern = re.compile(r"(?<![\w])two\s+days", re.IGNORECASE)
    wrong = FoldedScan(re.compile("two"), None)  # finds a shorter span than the pattern
    text = "Two days, two days"
    assert [m.span() for m in finditer_folded(pattern, wrong, text, search_key(text))] == [
        (0, 8),
        (10, 18),
    ]


def test_the_grammars_shortened_word_tests_answer_as_the_full_ones():
    """_scans keeps only the words that contain no other of their set: the answer for a
    text is the same."""
    texts = [*_scan_texts(), "Aprils", "the days", "DAYS", "centuries", "", "fy"]
    for rule, words, _scan in time_grammar._scans():
        needed = required_literals(rule.regex)
        assert (words is None) == (needed is None), rule.name
        if needed is None:
            continue
        assert set(words) <= needed
        for text in texts:
            key = search_key(text)
            assert time_grammar._holds_any(key, words) == any(w in key for w in needed)
