"""The number reader: digits and spelled-out numbers in sentences written for these tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.analyze.numbers import _Reader, _tokens, find_numbers, lexicon, money_suffix_scale
from eventwire.data import load_yaml


def read(text: str) -> list[tuple[str, float]]:
    return [(text[m.start : m.end], m.value) for m in find_numbers(text) if m.suffix is None]


def assert_reads(text: str, expected: list[tuple[str, float]]) -> None:
    got = read(text)
    assert [t for t, _ in got] == [t for t, _ in expected], got
    for (_, value), (_, want) in zip(got, expected, strict=True):
        assert math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-12), got


# (sentence, expected (text, value) pairs). Every word of data/number_words.yaml that the
# reader uses appears in at least one sentence here (checked by test_every_entry_is_covered).
CASES = [
    # digits
    ("Turnout was 1,234,567 votes, or 61.5 per cent.", [("1,234,567", 1234567), ("61.5", 61.5)]),
    ("The port handled 1 234 567 boxes.", [("1 234 567", 1234567)]),
    ("The port handled 40\u202f000 boxes.", [("40\u202f000", 40000)]),
    ("Temperatures fell to -3.5 overnight.", [("-3.5", -3.5)]),
    ("Temperatures fell to −12 overnight.", [("−12", -12)]),
    ("The gauge read .25 at noon.", [(".25", 0.25)]),
    ("The estimate was 1.3e6 barrels.", [("1.3e6", 1.3e6)]),
    ("Bonds fell 3/4 of a point.", [("3/4", 0.75)]),
    ("The note was priced at 101 1/4.", [("101 1/4", 101.25)]),
    ("Shares closed at 7½.", [("7½", 7.5)]),
    ("The server at 10.0.0.1 went down.", [("10", 10), ("0", 0), ("0", 0), ("1", 1)]),
    ("Scores of 5-10 are common.", [("5", 5), ("10", 10)]),
    ("Digital players sold well - 22 million of them.", [("22 million", 22e6)]),
    ("Our F-35 order stands.", [("35", 35)]),
    # scale words and suffixes
    (
        "Revenue reached 2.5 million, then 2 thousand more.",
        [("2.5 million", 2.5e6), ("2 thousand", 2000)],
    ),
    (
        "Debt hit four billion and then 1.5 trillion.",
        [("four billion", 4e9), ("1.5 trillion", 1.5e12)],
    ),
    ("The fund holds 13 lakh and 2 crore.", [("13 lakh", 1.3e6), ("2 crore", 2e7)]),
    ("The plan costs three lakh crore.", [("three lakh crore", 3e12)]),
    ("Fans: 10k online, 1.5K offline.", [("10k", 1e4), ("1.5K", 1500)]),
    ("Budgets of 10M and 1MM were set.", [("10M", 1e7), ("1MM", 1e6)]),
    ("Estimates: 5mn, 6 mln, 2mil.", [("5mn", 5e6), ("6 mln", 6e6), ("2mil", 2e6)]),
    ("Estimates: 1.2b, 3bn, 4 bln.", [("1.2b", 1.2e9), ("3bn", 3e9), ("4 bln", 4e9)]),
    ("Estimates: 2tn and 5 tln.", [("2tn", 2e12), ("5 tln", 5e12)]),
    ("They ordered a dozen, then 3 dozens.", [("a dozen", 12), ("3 dozens", 36)]),
    (
        "Crates: 2 dz, 4 dzs, 5 doz, 6 dozs.",
        [("2 dz", 24), ("4 dzs", 48), ("5 doz", 60), ("6 dozs", 72)],
    ),
    ("They bought three hundred and two dozen eggs.", [("three hundred and two dozen", 324)]),
    ("Half a dozen boats sank.", [("Half a dozen", 6)]),
    # words
    (
        "Officials counted zero errors, one recount and two appeals.",
        [("zero", 0), ("one", 1), ("two", 2)],
    ),
    (
        "The panel had three judges, four clerks, five guards, six lawyers, seven reporters, "
        "eight witnesses and nine jurors.",
        [
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
        ],
    ),
    (
        "The old tally read nought, and the older one naught.",
        [("nought", 0), ("one", 1), ("naught", 0)],
    ),
    (
        "Ten ministers, eleven envoys, twelve generals, thirteen mayors, fourteen judges, fifteen "
        "senators, sixteen governors, seventeen clerks, eighteen pilots, nineteen nurses.",
        [
            ("Ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
        ],
    ),
    (
        "Lists of twenty, thirty, forty, fifty, sixty, seventy, eighty and ninety names.",
        [
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fifty", 50),
            ("sixty", 60),
            ("seventy", 70),
            ("eighty", 80),
            ("ninety", 90),
        ],
    ),
    ("Twenty-three ships and fifty two planes.", [("Twenty-three", 23), ("fifty two", 52)]),
    ("It took one hundred and five days.", [("one hundred and five", 105)]),
    ("It cost ninety-five hundred pounds.", [("ninety-five hundred", 9500)]),
    ("He counted two hundred and two thousand votes.", [("two hundred and two thousand", 202000)]),
    ("It was two thousand and twelve exactly.", [("two thousand and twelve", 2012)]),
    (
        "There were twenty-one million three hundred thousand.",
        [("twenty-one million three hundred thousand", 21_300_000)],
    ),
    ("They played three-nought-four.", [("three", 3), ("nought", 0), ("four", 4)]),
    # fractions and decimals in words
    (
        "Two thirds of members and a quarter of staff agreed.",
        [("Two thirds", 2 / 3), ("a quarter", 0.25)],
    ),
    ("The deal took one and a half years.", [("one and a half", 1.5)]),
    ("They needed 2 and a half hours.", [("2 and a half", 2.5)]),
    ("Some half a million people fled.", [("half a million", 5e5)]),
    ("About a quarter million people fled.", [("a quarter million", 2.5e5)]),
    ("Five and a half million people voted.", [("Five and a half million", 5.5e6)]),
    ("It drew 3 million and a half visitors.", [("3 million and a half", 3.5e6)]),
    (
        "Growth hit two point five, then nine point nought four.",
        [("two point five", 2.5), ("nine point nought four", 9.04)],
    ),
    ("It rose to four point seventy-one.", [("four point seventy-one", 4.71)]),
    ("Only one hundred and three quarters remained.", [("one hundred and three quarters", 100.75)]),
    ("The share was three twenty-firsts.", [("three twenty-firsts", 3 / 21)]),
    ("The share was a thirty-second of the total.", [("a thirty-second", 1 / 32)]),
    (
        "Odds were one out of three, or 1 over 20.",
        [("one out of three", 1 / 3), ("1 over 20", 0.05)],
    ),
    (
        "Net worth fell to minus five, then negative two.",
        [("minus five", -5), ("negative two", -2)],
    ),
    # not numbers, or not fractions
    ("The third round and a fifth term began.", []),
    ("A second vote came in the third quarter.", []),
    ("He was the two millionth visitor.", [("two", 2)]),
    ("They earned $2000 over 3 years.", [("2000", 2000), ("3", 3)]),
    ("On 9/11 and 24/7 coverage.", [("9", 9), ("11", 11), ("24", 24), ("7", 7)]),
    ("The G7 met; an A380 landed.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_numbers(text: str, expected: list[tuple[str, float]]) -> None:
    assert_reads(text, expected)


@pytest.mark.parametrize(
    ("ordinal", "denominator"), sorted(load_yaml("number_words.yaml")["fraction_ordinals"].items())
)
def test_fraction_ordinals(ordinal: str, denominator: float) -> None:
    plural = load_yaml("number_words.yaml").get("plurals", {}).get(ordinal, ordinal + "s")
    assert_reads(
        f"Officials said one {ordinal} of ballots were spoiled.",
        [(f"one {ordinal}", 1 / float(denominator))],
    )
    assert_reads(
        f"Officials said three {plural} of ballots were spoiled.",
        [(f"three {plural}", 3 / float(denominator))],
    )


@pytest.mark.parametrize("den", load_yaml("number_words.yaml")["slash_denominators"])
def test_slash_denominators(den: int) -> None:
    assert_reads(f"The bond rose 1/{den} of a point.", [(f"1/{den}", 1 / den)])


def test_glued_letters_are_reported_as_suffixes() -> None:
    text = "The 4th race, the 1990s, 5G phones, 29km roads and £5m."
    found = [(text[m.start : m.end], m.suffix) for m in find_numbers(text)]
    assert found == [("4", "th"), ("1990", "s"), ("5", "G"), ("29", "km"), ("5", "m")]


def test_money_only_suffix_scale() -> None:
    assert money_suffix_scale("m") == 1e6
    assert money_suffix_scale("bn") == 1e9
    assert money_suffix_scale("km") is None


def test_scale_is_reported() -> None:
    (m,) = find_numbers("It raised 2.5 million.")
    assert m.scaled and m.scale == 1e6 and m.spelled
    (m,) = find_numbers("It raised five hundred thousand.")
    assert m.scale == 1e5 and m.value == 5e5


def test_offsets_point_into_the_text() -> None:
    text = "Between  twenty-one\tand 1,000 — or ½ — of them."
    for m in find_numbers(text):
        assert text[m.start : m.end].strip() == text[m.start : m.end]
    assert [text[m.start : m.end] for m in find_numbers(text)] == ["twenty-one", "1,000", "½"]


def test_every_entry_is_covered() -> None:
    data = load_yaml("number_words.yaml")
    words = " ".join(c[0] for c in CASES).lower().replace("-", " ")
    entries = [
        *data["units"],
        *data["teens"],
        *data["tens"],
        "hundred",
        *data["scales"],
        *data["dozens"],
        *data["compound_only_ordinals"],
        *data["negative_words"],
        *data["point_words"],
        *data["ratio_words"],
    ]
    missing = [w for w in entries if f" {w.lower()}" not in f" {words}"]
    assert not missing
    text = " ".join(c[0] for c in CASES)
    suffixes = [s for s, spec in data["scale_suffixes"].items() if not spec.get("money_only")]
    missing = [
        s
        for s in suffixes
        if not any(f"{d}{s}" in text or f"{d} {s}" in text for d in "0123456789")
    ]
    assert not missing
    assert lexicon().suffix("m").money_only  # tested through the quantities analyzer


# -- the reader's own tokens ------------------------------------------------------------------

_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\t", "a", "an", "five", "twenty", "-", "one", "hundred", "and", "half",
     "minus", "thousand", "Müller", "x½", "½", "7", "3.5", "1,200", "5bn", "G7", "192.168.1.2",
     ".5", "No.3", "²", "été", "Ωmega", "%", "/", "4", "(", "'s", "ZURICH", "per", "cent"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_tokens_cover_the_text_with_their_gaps(text: str) -> None:
    """Every token is the text at its offsets and the whitespace before it is its gap: the
    fast path for plain words reads the text as the character-by-character path does. (Letters
    glued to digits that are no scale, "7x", are the number's suffix, after its end.)"""
    previous_end = 0
    for tok in _tokens(text):
        assert text[tok.start : tok.end] == tok.text
        assert tok.gap == text[previous_end : tok.start] and not tok.gap.strip()
        previous_end = tok.end + len(tok.suffix or "")
    assert not text[previous_end:].strip()


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_no_number_starts_at_a_word_the_reader_skips(text: str) -> None:
    reader = _Reader(text)
    for i, tok in enumerate(reader.toks):
        if tok.kind == "word" and tok.lower not in lexicon().starters:
            assert reader._number_at(i) is None
