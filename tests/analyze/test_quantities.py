"""The quantities analyzer on sentences written for these tests, with the real spaCy parse
and the project's entity analyzer (title-case headlines go through the pipeline's own
truecasing, as in production)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.analyze.entities import EntityAnalyzer
from eventwire.analyze.parse import parse
from eventwire.analyze.quantities import QuantityAnalyzer, find_quantities
from eventwire.data import load_yaml
from eventwire.model import Document, Entity


@dataclass
class Q:
    text: str
    value: float
    unit: str
    measure: str | None
    change: str | None
    entity: str | None


def _entities_by_name(doc: Document) -> None:
    """One entity per distinct name and label. The quantity rules are tested on the names the
    entities analyzer finds, without the actors analyzer's role mentions and canonical names
    (the golden files cover the whole chain)."""
    by_key: dict[tuple[str, str], Entity] = {}
    for n, mention in enumerate(doc.mentions):
        key = (mention.label, mention.span.text)
        if key not in by_key:
            by_key[key] = Entity(f"e{len(by_key) + 1}", mention.span.text, mention.label)
            doc.entities.append(by_key[key])
        by_key[key].mentions.append(n)
        mention.entity_id = by_key[key].id


def analyze(text: str) -> tuple[Document, list[Q]]:
    doc = Document(text=text)
    parsed = parse([doc])[0]
    EntityAnalyzer()(doc, parsed)
    _entities_by_name(doc)
    QuantityAnalyzer()(doc, parsed)
    names = {e.id: e.name for e in doc.entities}
    found = [
        Q(q.span.text, q.value, q.unit, q.measure, q.change, names.get(q.entity_id))
        for q in doc.quantities
    ]
    return doc, found


def quantities(text: str) -> list[Q]:
    return analyze(text)[1]


def only(text: str) -> Q:
    found = quantities(text)
    assert len(found) == 1, found
    return found[0]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# --------------------------------------------------------------------------------------------
# The cases the design names, in sentences of our own


def test_rates_and_their_tariffs() -> None:
    found = quantities("Tokyo faces a 10% blanket tariff and a 24% rate, plus the 25% auto tariff.")
    assert [(q.text, q.value, q.unit, q.measure) for q in found] == [
        ("10%", 10, "percent", "tariff"),
        ("24%", 24, "percent", "rate"),
        ("25%", 25, "percent", "auto tariff"),
    ]


def test_a_drop_in_net_profit_belongs_to_the_reporting_company() -> None:
    q = only("Shares in carmakers slid, with Mazda reporting a 45.1% drop in net profit.")
    assert (q.text, q.value, q.unit) == ("45.1%", 45.1, "percent")
    assert (q.measure, q.change, q.entity) == ("net profit", "decrease", "Mazda")


def test_money_with_a_scale_word_and_its_investment() -> None:
    q = only("Korea Zinc plans a $6.78 billion smelter investment in the U.S.")
    assert (q.text, q.unit, q.measure, q.entity) == (
        "$6.78 billion",
        "USD",
        "smelter investment",
        "Korea Zinc",
    )
    assert close(q.value, 6.78e9)


def test_title_case_headline_money() -> None:
    q = only("Steelmaker Plans $6.78 Billion U.S. Smelter Investment")
    assert (q.text, q.unit, q.measure) == ("$6.78 Billion", "USD", "smelter investment")
    assert close(q.value, 6.78e9)
    q = only("Mayor Unveils $300 Million City Hall Ballroom Project")
    assert (q.unit, q.measure) == ("USD", "ballroom project")
    assert close(q.value, 3e8)


def test_vague_count_without_a_named_measure() -> None:
    q = only("Thousands Protest In Belgrade Over Election Result")
    assert (q.text, q.value, q.unit, q.measure) == ("Thousands", 1000, "count", None)


def test_count_of_soldiers() -> None:
    q = only("About 3,000 soldiers were deployed to the border.")
    assert (q.text, q.value, q.unit, q.measure) == ("3,000", 3000, "count", "soldiers")


def test_possessive_owner() -> None:
    q = only("Toyota's 3% rise in sales beat forecasts.")
    assert (q.measure, q.change, q.entity) == ("sales", "increase", "Toyota")


def test_owner_through_an_infinitive() -> None:
    q = only("Toyota plans to invest $10 billion in new plants.")
    assert (q.unit, q.entity) == ("USD", "Toyota")


def test_owner_named_before_the_quantity() -> None:
    q = only("The U.S. 25% tariff on cars took effect.")
    assert (q.measure, q.entity) == ("tariff", "U.S.")


def test_no_owner_when_none_is_named() -> None:
    q = only("Profit fell 5% last year.")
    assert (q.measure, q.change, q.entity) == ("profit", "decrease", None)


def test_percentage_points_cut_and_down() -> None:
    found = quantities(
        "The central bank lowered its key rate by 2 percentage points, and shares were down 3%."
    )
    assert [(q.text, q.unit, q.change) for q in found] == [
        ("2 percentage points", "percentage_point", "decrease"),
        ("3%", "percent", "decrease"),
    ]
    assert found[1].measure == "shares"


def test_change_then_level() -> None:
    found = quantities("Mazda's net profit fell 45.1% to 100 billion yen.")
    assert [(q.text, q.unit, q.measure, q.change, q.entity) for q in found] == [
        ("45.1%", "percent", "net profit", "decrease", "Mazda"),
        ("100 billion yen", "JPY", "net profit", None, "Mazda"),
    ]
    assert close(found[1].value, 1e11)


def test_level_of_a_noun() -> None:
    q = only("Officials proposed tariffs of 25% on steel.")
    assert (q.measure, q.change) == ("tariffs", None)


def test_share_of_a_group() -> None:
    q = only("Nearly 40% of voters stayed home.")
    assert (q.measure, q.unit) == ("voters", "percent")


def test_money_in_assets() -> None:
    q = only("The lender holds $48 billion in assets.")
    assert (q.measure, q.unit) == ("assets", "USD")


def test_conjoined_percentages_share_the_change() -> None:
    found = quantities("Spending on schools will rise by 9.4% and 8.1% respectively.")
    assert [(q.text, q.change, q.measure) for q in found] == [
        ("9.4%", "increase", "spending"),
        ("8.1%", "increase", "spending"),
    ]


def test_count_change_through_its_verb() -> None:
    q = only("Employers added 200,000 jobs in the spring.")
    assert (q.value, q.measure, q.change) == (200000, "jobs", "increase")


def test_negative_sign_is_kept() -> None:
    q = only("The index moved -3% on the day.")
    assert (q.text, q.value) == ("-3%", -3)
    q = only("Growth was minus five percent.")
    assert (q.text, q.value, q.unit) == ("minus five percent", -5, "percent")


# --------------------------------------------------------------------------------------------
# Numbers that are not quantities


@pytest.mark.parametrize(
    "text",
    [
        "The law passed in 2024 after a long debate.",
        "The deadline is May 4 and the vote is 4 June.",
        "The meeting starts at 10:30 and ends at 3 p.m.",
        "She won the third round and the fifth set.",
        "Call +1 202 555 0142 or 555-0142 for details.",
        "The F-35 and the Boeing 737 flew over.",
        "The talks lasted three years and six months.",
        "One of the reasons was cost.",
        "The two met in Geneva.",
        "The 1990s were calm, and 5G phones sold.",
        "The route took a 3-year-old child home.",
        "Ratings of 9/11 and 24/7 coverage rose.",
        "Police have zero tolerance for it.",
        "Game makers got an Xbox 2 sneak peek.",
        "See fig.5 and No.3 for details.",
        "She won the cup in 1991 and 1999.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


def test_plural_noun_makes_a_year_like_number_a_count() -> None:
    q = only("The ministry sent 2000 soldiers north.")
    assert (q.value, q.unit, q.measure) == (2000, "count", "soldiers")


# --------------------------------------------------------------------------------------------
# Ranges and two-part amounts


def test_ranges_share_unit_scale_and_measure() -> None:
    found = quantities("Prices rose 5-10%, and between 3 and 5 million people were hit.")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("5", 5, "percent"),
        ("10%", 10, "percent"),
        ("3", 3e6, "count"),
        ("5 million", 5e6, "count"),
    ]
    assert found[0].measure == found[1].measure == "prices"
    assert found[0].change == "increase"
    assert found[2].measure == found[3].measure == "people"


def test_money_range_scale() -> None:
    found = quantities("The repairs will cost $5 to $10 billion.")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("$5", 5e9, "USD"),
        ("$10 billion", 1e10, "USD"),
    ]


def test_dollars_and_cents() -> None:
    found = quantities("It cost 3 dollars 50 cents, or thirteen dollars and forty-five cents.")
    assert [(q.text, q.unit) for q in found] == [
        ("3 dollars 50 cents", "USD"),
        ("thirteen dollars and forty-five cents", "USD"),
    ]
    assert close(found[0].value, 3.5) and close(found[1].value, 13.45)


def test_money_scales_after_signs() -> None:
    found = quantities("The club paid £5m, then €2.5bn, then $1.2B and $300k.")
    assert [(q.text, q.unit) for q in found] == [
        ("£5m", "GBP"),
        ("€2.5bn", "EUR"),
        ("$1.2B", "USD"),
        ("$300k", "USD"),
    ]
    assert [q.value for q in found] == [5e6, 2.5e9, 1.2e9, 3e5]


def test_spelled_money_and_number_words() -> None:
    q = only("The minister received five million yen from donors.")
    assert (q.text, q.value, q.unit) == ("five million yen", 5e6, "JPY")
    q = only("Some half a million people fled the city.")
    assert (q.value, q.measure) == (5e5, "people")


# --------------------------------------------------------------------------------------------
# Every data entry


CUR = load_yaml("currencies.yaml")


def _forms(name: str, spec: dict) -> list[str]:
    plural = spec.get("plural")
    return [name] if plural == "same" else [name, plural or name + "s"]


def money(text: str) -> list[tuple[str, float, str]]:
    return [
        (c.unit, c.value, text[c.start : c.end])
        for c in find_quantities(text)
        if c.unit not in ("count", "percent", "percentage_point")
    ]


@pytest.mark.parametrize(("sign", "code"), sorted(CUR["signs"].items()))
def test_signs(sign: str, code: str) -> None:
    text = (
        f"The ministry paid 250{sign} for it."
        if sign == "元"
        else (f"The ministry paid {sign}250 for it.")
    )
    assert [(u, v) for u, v, _ in money(text)] == [(code, 250)]


@pytest.mark.parametrize(("prefix", "spec"), sorted(CUR["sign_prefixes"].items()))
def test_sign_prefixes(prefix: str, spec: dict) -> None:
    text = f"The ministry paid {prefix}{spec['sign']}250 million for it."
    assert money(text) == [(spec["code"], 2.5e8, f"{prefix}{spec['sign']}250 million")]
    if not spec.get("attached"):
        spaced = f"the ministry paid {prefix.lower()} {spec['sign']} 250 for it."
        assert [(u, v) for u, v, _ in money(spaced)] == [(spec["code"], 250)]


def test_full_stop_stays_out_of_the_span() -> None:
    assert money("They paid 50 million USD.") == [("USD", 5e7, "50 million USD")]
    assert money("They paid 5 U.S. dollars.") == [("USD", 5, "5 U.S. dollars")]


def test_prefixes_that_are_words_stay_dollars() -> None:
    assert [u for u, _, _ in money("It charged a $5 fee.")] == ["USD"]
    assert [u for u, _, _ in money("The company's $5 billion plan.")] == ["USD"]
    assert [u for u, _, _ in money("It paid U.S.$250 for it.")] == ["USD"]


@pytest.mark.parametrize(("code", "spec"), sorted(CUR["codes"].items()))
def test_codes(code: str, spec: dict) -> None:
    assert [(u, v) for u, v, _ in money(f"The ministry paid {code} 250 for it.")] == [
        (spec["code"], 250)
    ]
    after = f"The ministry paid 250 {code} for it."
    assert [(u, v) for u, v, _ in money(after)] == [(spec["code"], 250)]
    if spec.get("case") == "upper":
        assert money(f"We {code.lower()} 250 ways.") == []


NAME_FORMS = [(form, spec) for name, spec in CUR["names"].items() for form in _forms(name, spec)]


@pytest.mark.parametrize(("form", "spec"), NAME_FORMS, ids=[f for f, _ in NAME_FORMS])
def test_currency_names(form: str, spec: dict) -> None:
    amount, value = ("25,000", 25000) if spec.get("guard") == "large" else ("250", 250)
    text = f"The ministry paid {amount} {form} for the licence."
    assert money(text) == [(spec["code"], value, f"{amount} {form}")]


def test_currency_name_guards() -> None:
    assert money("She bought 5 pounds of flour.") == []
    assert money("The side that scored 3 won the cup.") == []
    assert money("2004 won't be remembered fondly.") == []
    assert [(u, v) for u, v, _ in money("It cost 3 million won.")] == [("KRW", 3e6)]


MINOR_FORMS = [
    (form, spec) for name, spec in CUR["minor_units"].items() for form in _forms(name, spec)
]


@pytest.mark.parametrize(("form", "spec"), MINOR_FORMS, ids=[f for f, _ in MINOR_FORMS])
def test_minor_units(form: str, spec: dict) -> None:
    text = (
        f"A stamp now costs 50{form}."
        if spec.get("attached")
        else (f"A stamp now costs 50 {form}.")
    )
    ((unit, value, _),) = money(text)
    assert unit == spec["code"] and close(value, 0.5)


NUM = load_yaml("number_words.yaml")


@pytest.mark.parametrize(("word", "spec"), sorted(NUM["percent_units"].items()))
def test_percent_units(word: str, spec: dict) -> None:
    text = (
        f"Prices rose 5{word} in the north."
        if word == "%"
        else (f"Prices rose 5 {word} in the north.")
    )
    q = only(text)
    assert q.unit == spec["unit"] and close(q.value, 5 * spec.get("factor", 1))
    assert q.change == "increase" and q.measure == "prices"


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("Dozens of people gathered outside.", 12, "people"),
        ("Scores of students marched.", 20, "students"),
        ("Hundreds of homes were flooded.", 100, "homes"),
        ("Thousands of workers went on strike.", 1000, "workers"),
        ("Millions of viewers watched the final.", 1e6, "viewers"),
        ("Billions of barrels were lost.", 1e9, "barrels"),
        ("Tens of thousands of fans sang.", 1e4, "fans"),
    ],
)
def test_vague_counts(text: str, value: float, measure: str) -> None:
    q = only(text)
    assert (q.unit, q.value, q.measure) == ("count", value, measure)


def test_vague_words_that_need_of() -> None:
    assert quantities("Test scores improved in every school.") == []
    assert quantities("The tens column was wrong.") == []


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2] not in "aeiou" else noun + "s"


@pytest.mark.parametrize(
    "noun", [n for n in NUM["time_nouns"] if n.isalpha() and n.islower() and n not in ("am", "pm")]
)
def test_time_nouns_make_durations_not_counts(noun: str) -> None:
    assert quantities(f"The crew waited 12 {_plural(noun)} at the border.") == []


@pytest.mark.parametrize(
    "word", [n for n in NUM["time_nouns"] if not (n.isalpha() and n.islower())] + ["am", "pm"]
)
def test_clock_words_make_times_not_counts(word: str) -> None:
    assert quantities(f"The polls close at 10 {word} on Friday.") == []


@pytest.mark.parametrize("month", NUM["months"])
def test_months_make_dates_not_counts(month: str) -> None:
    name = month.capitalize()
    assert quantities(f"The vote is on {name} 14, and the count on 15 {name}.") == []


@pytest.mark.parametrize("label", NUM["label_words"])
def test_label_words(label: str) -> None:
    written = {"no.": "No.", "#": "#"}.get(label, label)
    glue = "" if label == "#" else " "
    found = quantities(f"She was taken to {written}{glue}37 with 200 other passengers.")
    assert [(q.text, q.value) for q in found] == [("200", 200)]


# Change words, in a sentence each. Past forms of the verbs:
PAST = {
    "rise": "rose",
    "increase": "increased",
    "grow": "grew",
    "climb": "climbed",
    "jump": "jumped",
    "surge": "surged",
    "soar": "soared",
    "gain": "gained",
    "advance": "advanced",
    "rally": "rallied",
    "rebound": "rebounded",
    "expand": "expanded",
    "add": "added",
    "improve": "improved",
    "spike": "spiked",
    "swell": "swelled",
    "fall": "fell",
    "drop": "dropped",
    "decline": "declined",
    "decrease": "decreased",
    "slide": "slid",
    "slip": "slipped",
    "sink": "sank",
    "plunge": "plunged",
    "plummet": "plummeted",
    "tumble": "tumbled",
    "shrink": "shrank",
    "contract": "contracted",
    "lose": "lost",
    "ease": "eased",
    "dip": "dipped",
    "retreat": "retreated",
    "shed": "shed",
    "slump": "slumped",
    "raise": "raised",
    "lift": "lifted",
    "boost": "boosted",
    "hike": "hiked",
    "cut": "cut",
    "reduce": "reduced",
    "lower": "lowered",
    "slash": "slashed",
    "trim": "trimmed",
}
CHANGE = load_yaml("change_words.yaml")


def _entries(kind: str) -> list[tuple[str, str]]:
    return [(w, d) for d in ("increase", "decrease") for w in CHANGE[d].get(kind, [])]


@pytest.mark.parametrize(("verb", "direction"), _entries("verbs"))
def test_change_verbs(verb: str, direction: str) -> None:
    q = only(f"Exports {PAST[verb]} 5% last year.")
    assert (q.change, q.measure) == (direction, "exports")


@pytest.mark.parametrize(("verb", "direction"), _entries("transitive_verbs"))
def test_transitive_change_verbs(verb: str, direction: str) -> None:
    q = only(f"The bank {PAST[verb]} its fees by 5% last year.")
    assert (q.change, q.measure) == (direction, "fees")
    q = only(f"The charity {PAST[verb]} $5 million last year.")
    assert q.change is None


@pytest.mark.parametrize(("noun", "direction"), _entries("nouns"))
def test_change_nouns(noun: str, direction: str) -> None:
    q = only(f"Retailers reported a 5% {noun} in sales last year.")
    assert (q.change, q.measure) == (direction, "sales")


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("Shares were up 3% on Friday.", "increase"),
        ("Shares closed 3% higher on Friday.", "increase"),
        ("Shares were down 3% on Friday.", "decrease"),
        ("Shares closed 3% lower on Friday.", "decrease"),
    ],
)
def test_change_adverbs(sentence: str, direction: str) -> None:
    q = only(sentence)
    assert (q.change, q.measure) == (direction, "shares")


def test_every_adverb_has_a_sentence() -> None:
    words = {w for w, _ in _entries("adverbs")}
    assert words == {"up", "down", "higher", "lower"}


MEASURE_NOUN = {
    "net": "profit",
    "gross": "margin",
    "operating": "profit",
    "pretax": "profit",
    "pre-tax": "profit",
    "core": "inflation",
    "average": "wage",
    "median": "income",
    "annual": "budget",
    "quarterly": "revenue",
    "fiscal": "deficit",
    "corporate": "tax",
    "military": "spending",
    "foreign": "investment",
    "public": "debt",
}


@pytest.mark.parametrize("adjective", CHANGE["measure_adjectives"])
def test_measure_adjectives(adjective: str) -> None:
    noun = MEASURE_NOUN[adjective]
    q = only(f"Officials forecast a 5% rise in {adjective} {noun} next year.")
    assert (q.measure, q.change) == (f"{adjective} {noun}", "increase")


@pytest.mark.parametrize("qualifier", CHANGE["measure_qualifiers"])
def test_measure_qualifiers(qualifier: str) -> None:
    q = only(f"Officials confirmed a 10% {qualifier} tariff on steel.")
    assert q.measure == "tariff"


TRANSPARENT = {
    "average": ("Wages grew by an average of 3% last year.", "increase", "wages"),
    "total": ("Wages grew by a total of 3% last year.", "increase", "wages"),
    "sum": ("The fund grew by a sum of $5 million.", "increase", "fund"),
    "figure": ("Exports fell by a figure of 3% in May.", "decrease", "exports"),
    "peak": ("Prices rose to a peak of 9% in May.", None, "prices"),
    "excess": ("Staff earning in excess of $234,000 were cut.", None, None),
    "order": ("Costs are of the order of £10bn.", None, None),
    "region": ("Losses are in the region of £12bn.", None, None),
}


@pytest.mark.parametrize("noun", CHANGE["transparent_nouns"])
def test_transparent_nouns(noun: str) -> None:
    sentence, change, measure = TRANSPARENT[noun]
    q = only(sentence)
    assert (q.change, q.measure) == (change, measure)


@pytest.mark.parametrize(
    "sentence",
    [
        "Sales are $5 billion a year.",
        "Sales reached $5 billion last year.",
        "Sales hit $5 billion last year.",
        "Sales totalled $5 billion last year.",
        "Sales topped $5 billion last year.",
        "Sales exceeded $5 billion last year.",
    ],
)
def test_level_verbs(sentence: str) -> None:
    q = only(sentence)
    assert (q.measure, q.change, q.unit) == ("sales", None, "USD")


def test_level_verbs_cover_the_data() -> None:
    assert set(CHANGE["level_verbs"]) == {"be", "reach", "hit", "total", "top", "exceed"}


def test_objects_of_other_verbs_measure_nothing_named() -> None:
    q = only("Pirates stole $5 million from the port.")
    assert (q.measure, q.change) == (None, None)


def test_vague_amounts_of_money() -> None:
    q = only("Employers spent billions of pounds on pensions.")
    assert (q.text, q.value, q.unit, q.measure) == ("billions of pounds", 1e9, "GBP", None)


def test_money_only_scale_before_a_currency_name() -> None:
    found = quantities("It will sell 253m euros of new shares, and ran 5m in the rain.")
    assert [(q.text, q.value, q.unit) for q in found] == [("253m euros", 2.53e8, "EUR")]


def test_code_glued_with_a_dot() -> None:
    q = only("Profits were Rs.500 crore last year.")
    assert (q.text, q.value, q.unit) == ("Rs.500 crore", 5e9, "INR")


def test_year_as_a_modifier_is_not_a_count() -> None:
    assert quantities("The firm had to restate its 2004 financial reports.") == []


# --------------------------------------------------------------------------------------------
# Invariants


def test_spans_are_offsets_into_the_text_in_order() -> None:
    doc, _ = analyze(
        "Revenue rose 12% to €4.2 billion, while 1,500 staff left and 3 of 10 plants closed "
        "in March; rivals lost $300m."
    )
    starts = [q.span.start for q in doc.quantities]
    assert starts == sorted(starts) and len(starts) >= 4
    for q in doc.quantities:
        assert doc.text[q.span.start : q.span.end] == q.span.text


TOKENS = [
    "5",
    "1,200",
    "$",
    "€",
    "%",
    "million",
    "and",
    "a",
    "half",
    "twenty",
    "-",
    " ",
    "three",
    "quarters",
    "of",
    "fell",
    "by",
    "USD",
    "½",
    "/",
    "4",
    "k",
    "bn",
    "cents",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=12))
def test_find_quantities_never_breaks_offsets(parts: list[str]) -> None:
    text = " ".join(parts)
    last_end = -1
    for cand in find_quantities(text):
        assert 0 <= cand.start < cand.end <= len(text)
        assert cand.start >= last_end or cand.vague
        last_end = cand.end
        assert math.isfinite(cand.value)
