"""Tests of the time analyzer: one case per rule and per lexicon entry, with and without an
anchor, and whole sentences through the real spaCy pipeline.

Reference anchor: Wednesday 2025-05-14 (ISO week 2025-W20). All sentences are written for
these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.nlp import load
from eventwire.analyze.time import Normalised, TimeAnalyzer, lexicon, normalise
from eventwire.model import Document, Published

WED = dt.date(2025, 5, 14)


def analyse(text: str, published: str | None = None) -> Document:
    origin = "user" if published else "unknown"
    doc = Document(text=text, published=Published(published, origin))
    TimeAnalyzer()(doc, load()(text))
    return doc


def pairs(doc: Document) -> list[tuple[str, str]]:
    return [(t.span.text, t.value) for t in doc.times]


def value(expression: str, anchor: dt.date | None = WED, tense: str | None = None) -> str:
    result = normalise(expression, anchor, tense)
    assert result is not None, expression
    return result.value


# --------------------------------------------------------------------------------------------
# One case per rule: (expression, tense, value with anchor WED, granularity, value without)
# --------------------------------------------------------------------------------------------

RULES = [
    # iso, numeric
    ("2025-04-02", None, "2025-04-02", "day", "2025-04-02"),
    ("2025-04-02T09:30", None, "2025-04-02T09:30", "time", "2025-04-02T09:30"),
    ("4/2/2025", None, "2025-04-02", "day", "2025-04-02"),
    ("25/12/2024", None, "2024-12-25", "day", "2024-12-25"),
    # month_day, day_month
    ("April 2", None, "2025-04-02", "day", "XXXX-04-02"),
    ("Monday, April 7", None, "2025-04-07", "day", "XXXX-04-07"),
    ("Oct. 15, 1999", None, "1999-10-15", "day", "1999-10-15"),
    ("Sept 30", None, "2025-09-30", "day", "XXXX-09-30"),
    ("2 April", None, "2025-04-02", "day", "XXXX-04-02"),
    ("the first of June", None, "2025-06-01", "day", "XXXX-06-01"),
    ("14 May 2025", None, "2025-05-14", "day", "2025-05-14"),
    # month_year
    ("June 2024", None, "2024-06", "month", "2024-06"),
    ("March last year", None, "2024-03", "month", "XXXX-03"),
    ("January nineteen ninety-seven", None, "1997-01", "month", "1997-01"),
    # month
    ("in July", None, "2025-07", "month", "XXXX-07"),
    ("beginning in July", None, "2025-07", "month", "XXXX-07"),
    ("December", "past", "2024-12", "month", "XXXX-12"),
    ("December", "future", "2025-12", "month", "XXXX-12"),
    ("last July", None, "2024-07", "month", "XXXX-07"),
    ("next March", None, "2026-03", "month", "XXXX-03"),
    ("the end of August", None, "2025-08", "month", "XXXX-08"),
    # fiscal years
    ("FY2026", None, "FY2026", "fiscal_year", "FY2026"),
    ("FY26", None, "FY2026", "fiscal_year", "FY2026"),
    ("FY2025/26", None, "FY2026", "fiscal_year", "FY2026"),
    ("fiscal 1990", None, "FY1990", "fiscal_year", "FY1990"),
    ("the 2026 fiscal year", None, "FY2026", "fiscal_year", "FY2026"),
    ("the fiscal year ending March", None, "FY2025", "fiscal_year", "FYXXXX"),
    ("the fiscal year ending March 2027", None, "FY2027", "fiscal_year", "FY2027"),
    ("the fiscal year beginning in April", "future", "FY2027", "fiscal_year", "FYXXXX"),
    ("the current fiscal year", None, "FY2025", "fiscal_year", "FYXXXX"),
    ("last fiscal year", None, "FY2024", "fiscal_year", "FYXXXX"),
    # quarters and halves
    ("the third quarter", None, "2024-Q3", "quarter", "XXXX-Q3"),
    ("the first quarter", None, "2025-Q1", "quarter", "XXXX-Q1"),
    ("the third quarter", "future", "2025-Q3", "quarter", "XXXX-Q3"),
    ("the third quarter of 2024", None, "2024-Q3", "quarter", "2024-Q3"),
    ("fourth-quarter", None, "2024-Q4", "quarter", "XXXX-Q4"),
    ("last year's second quarter", None, "2024-Q2", "quarter", "XXXX-Q2"),
    ("the fiscal first quarter", None, "FY2025-Q1", "fiscal_quarter", "FYXXXX-Q1"),
    ("Q1 2025", None, "2025-Q1", "quarter", "2025-Q1"),
    ("2024 Q3", None, "2024-Q3", "quarter", "2024-Q3"),
    ("the year-ago quarter", None, "2024-Q1", "quarter", "XXXX-QX"),
    ("last year's quarter", None, "2024-Q1", "quarter", "XXXX-QX"),
    ("year-earlier", None, "2024", "year", "XXXX"),
    ("the first half", None, "2025-H1", "half", "XXXX-H1"),
    ("the second half of 2024", None, "2024-H2", "half", "2024-H2"),
    ("H2 2024", None, "2024-H2", "half", "2024-H2"),
    # years, decades, centuries
    ("in 2024", None, "2024", "year", "2024"),
    ("mid-1996", None, "1996", "year", "1996"),
    ("nineteen ninety-six", None, "1996", "year", "1996"),
    ("the year two thousand", None, "2000", "year", "2000"),
    ("the 1990s", None, "199", "decade", "199"),
    ("the early 1980s", None, "198", "decade", "198"),
    ("the '80s", None, "198", "decade", "XX8"),
    ("the 20th century", None, "19", "century", "19"),
    ("this century", None, "20", "century", "XX"),
    # weekdays and days
    ("Friday", None, "2025-05-16", "day", "XXXX-WXX-5"),
    ("Friday", "past", "2025-05-09", "day", "XXXX-WXX-5"),
    ("Monday", None, "2025-05-12", "day", "XXXX-WXX-1"),
    ("Monday", "future", "2025-05-19", "day", "XXXX-WXX-1"),
    ("Wednesday", "past", "2025-05-14", "day", "XXXX-WXX-3"),
    ("last Tuesday", None, "2025-05-13", "day", "XXXX-WXX-2"),
    ("next Tuesday", None, "2025-05-20", "day", "XXXX-WXX-2"),
    ("this Friday", None, "2025-05-16", "day", "XXXX-WXX-5"),
    ("Friday morning", "past", "2025-05-09TMO", "part_of_day", "XXXX-WXX-5TMO"),
    ("yesterday", None, "2025-05-13", "day", "XXXX-XX-XX"),
    ("today", None, "2025-05-14", "day", "XXXX-XX-XX"),
    ("tomorrow afternoon", None, "2025-05-15TAF", "part_of_day", "XXXX-XX-XXTAF"),
    ("tonight", None, "2025-05-14TNI", "part_of_day", "XXXX-XX-XXTNI"),
    ("the day before yesterday", None, "2025-05-12", "day", "XXXX-XX-XX"),
    ("this morning", None, "2025-05-14TMO", "part_of_day", "XXXX-XX-XXTMO"),
    ("last night", None, "2025-05-13TNI", "part_of_day", "XXXX-XX-XXTNI"),
    ("the weekend", "past", "2025-W19-WE", "weekend", "XXXX-WXX-WE"),
    ("next weekend", None, "2025-W20-WE", "weekend", "XXXX-WXX-WE"),
    # relative periods
    ("next week", None, "2025-W21", "week", "XXXX-WXX"),
    ("last week", None, "2025-W19", "week", "XXXX-WXX"),
    ("last month", None, "2025-04", "month", "XXXX-XX"),
    ("this year", None, "2025", "year", "XXXX"),
    ("earlier this year", None, "2025", "year", "XXXX"),
    ("early next year", None, "2026", "year", "XXXX"),
    ("last quarter", None, "2025-Q1", "quarter", "XXXX-QX"),
    ("the following day", None, "2025-05-15", "day", "XXXX-XX-XX"),
    ("that year", None, "2025", "year", "XXXX"),
    ("the end of the year", None, "2025", "year", "XXXX"),
    ("the year", None, "2025", "year", "XXXX"),
    ("year-end", None, "2025", "year", "XXXX"),
    # ago, later, in N units
    ("three years ago", None, "2022", "year", "XXXX"),
    ("15 months ago", None, "2024-02", "month", "XXXX-XX"),
    ("two weeks ago", None, "2025-W18", "week", "XXXX-WXX"),
    ("ten days ago", None, "2025-05-04", "day", "XXXX-XX-XX"),
    ("a decade ago", None, "2015", "year", "XXXX"),
    ("over a year ago", None, "2024", "year", "XXXX"),
    ("two days later", None, "2025-05-16", "day", "XXXX-XX-XX"),
    ("years ago", None, "PAST_REF", "reference", "PAST_REF"),
    ("in two days", "future", "2025-05-16", "day", "XXXX-XX-XX"),
    ("in two weeks' time", None, "2025-W22", "week", "XXXX-WXX"),
    ("in two days", "past", "P2D", "duration", "P2D"),
    # durations
    ("two years", None, "P2Y", "duration", "P2Y"),
    ("the past three months", None, "P3M", "duration", "P3M"),
    ("the first nine months", None, "P9M", "duration", "P9M"),
    ("several weeks", None, "PXW", "duration", "PXW"),
    ("12 to 18 months", None, "PXM", "duration", "PXM"),
    ("5 1/2 hours", None, "PT5H30M", "duration", "PT5H30M"),
    ("twenty-four hours", None, "PT24H", "duration", "PT24H"),
    ("the past year", None, "P1Y", "duration", "P1Y"),
    ("five-year", None, "P5Y", "duration", "P5Y"),
    ("years", None, "PXY", "duration", "PXY"),
    # seasons and holidays
    ("last summer", None, "2024-SU", "season", "XXXX-SU"),
    ("this winter", None, "2025-WI", "season", "XXXX-WI"),
    ("the winter of 1994", None, "1994-WI", "season", "1994-WI"),
    ("Christmas", None, "2024-12-25", "day", "XXXX-12-25"),
    ("Christmas", "future", "2025-12-25", "day", "XXXX-12-25"),
    ("Thanksgiving 2024", None, "2024-11-28", "day", "2024-11-28"),
    ("Easter", None, "2025-04-20", "day", "XXXX-XX-XX"),
    # clock times
    ("10:30 a.m.", None, "2025-05-14T10:30", "time", "XXXX-XX-XXT10:30"),
    ("8 p.m.", None, "2025-05-14T20:00", "time", "XXXX-XX-XXT20:00"),
    ("14:05 GMT", None, "2025-05-14T14:05", "time", "XXXX-XX-XXT14:05"),
    ("1300 GMT", None, "2025-05-14T13:00", "time", "XXXX-XX-XXT13:00"),
    # references and sets
    ("now", None, "PRESENT_REF", "reference", "PRESENT_REF"),
    ("recently", None, "PAST_REF", "reference", "PAST_REF"),
    ("in the near future", None, "FUTURE_REF", "reference", "FUTURE_REF"),
    ("recent years", None, "PXY", "duration", "PXY"),
    ("the weeks ahead", None, "PXW", "duration", "PXW"),
    ("daily", None, "P1D", "set", "P1D"),
    ("every two weeks", None, "P2W", "set", "P2W"),
    ("every other week", None, "P2W", "set", "P2W"),
    ("every Monday", None, "XXXX-WXX-1", "set", "XXXX-WXX-1"),
    ("each July", None, "XXXX-07", "set", "XXXX-07"),
    ("every summer", None, "XXXX-SU", "set", "XXXX-SU"),
    ("twice a year", None, "P1Y", "set", "P1Y"),
]


@pytest.mark.parametrize(("expression", "tense", "anchored", "granularity", "unanchored"), RULES)
def test_rule(expression, tense, anchored, granularity, unanchored):
    assert normalise(expression, WED, tense) == Normalised(anchored, granularity)
    assert normalise(expression, None, tense) == Normalised(unanchored, granularity)


def test_no_anchor_never_takes_the_clock_year():
    this_year = str(dt.date.today().year)
    relative = [
        "yesterday",
        "next week",
        "last Tuesday",
        "in July",
        "this year",
        "three years ago",
        "the third quarter",
        "last summer",
        "the fiscal year ending March",
        "Christmas",
        "tonight",
        "the weekend",
    ]
    for expression in relative:
        result = normalise(expression, None)
        assert result is not None and "X" in result.value, expression
        assert this_year not in result.value, expression


def test_unknown_expressions_are_none():
    assert normalise("the cat sat on the mat", WED) is None
    assert normalise("February 30", WED) is None
    assert normalise("", WED) is None


def test_past_bias_when_tense_is_unknown():
    # "Oct. 23" six and a half months back still beats five and a half months ahead...
    assert value("Oct. 23", dt.date(1999, 5, 6)) == "1998-10-23"
    # ...but a date a week ahead beats one almost a year back
    assert value("Nov. 10", dt.date(1989, 11, 2)) == "1989-11-10"
    # "in July" written in May is this July; "in December" written in January, last December
    assert value("in July", WED) == "2025-07"
    assert value("in December", dt.date(2025, 1, 15)) == "2024-12"


# --------------------------------------------------------------------------------------------
# Lexicon entries: each table below must list exactly the entries of its lexicon section
# --------------------------------------------------------------------------------------------

MONTHS = {
    "january": "01",
    "february": "02",
    "march": "03",
    "april": "04",
    "may": "05",
    "june": "06",
    "july": "07",
    "august": "08",
    "september": "09",
    "october": "10",
    "november": "11",
    "december": "12",
}
MONTH_ABBREVIATIONS = {
    "jan": "01",
    "feb": "02",
    "mar": "03",
    "apr": "04",
    "jun": "06",
    "jul": "07",
    "aug": "08",
    "sep": "09",
    "sept": "09",
    "oct": "10",
    "nov": "11",
    "dec": "12",
}
LAST_WEEKDAY = {  # "last <day>" before Wednesday 2025-05-14
    "monday": "2025-05-12",
    "tuesday": "2025-05-13",
    "wednesday": "2025-05-07",
    "thursday": "2025-05-08",
    "friday": "2025-05-09",
    "saturday": "2025-05-10",
    "sunday": "2025-05-11",
}
WEEKDAY_ABBREVIATIONS = {
    "mon": "2025-05-12",
    "tue": "2025-05-13",
    "tues": "2025-05-13",
    "wed": "2025-05-07",
    "thu": "2025-05-08",
    "thur": "2025-05-08",
    "thurs": "2025-05-08",
    "fri": "2025-05-09",
    "sat": "2025-05-10",
    "sun": "2025-05-11",
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_WORD = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
DAY_PARTS = {
    "morning": "MO",
    "mid-morning": "MO",
    "midmorning": "MO",
    "afternoon": "AF",
    "mid-afternoon": "AF",
    "midafternoon": "AF",
    "evening": "EV",
    "night": "NI",
}
CLOCK_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
HOLIDAYS_2024 = {
    "christmas": "2024-12-25",
    "christmas day": "2024-12-25",
    "christmas eve": "2024-12-24",
    "boxing day": "2024-12-26",
    "new year's day": "2024-01-01",
    "new year's eve": "2024-12-31",
    "valentine's day": "2024-02-14",
    "halloween": "2024-10-31",
    "bastille day": "2024-07-14",
    "veterans day": "2024-11-11",
    "armistice day": "2024-11-11",
    "thanksgiving": "2024-11-28",
    "thanksgiving day": "2024-11-28",
    "labor day": "2024-09-02",
    "memorial day": "2024-05-27",
    "martin luther king day": "2024-01-15",
    "easter": "2024-03-31",
    "easter sunday": "2024-03-31",
    "easter monday": "2024-04-01",
    "good friday": "2024-03-29",
}
NUMBERS = {  # expression -> duration
    "a": ("a year", "P1Y"),
    "an": ("an hour", "PT1H"),
    "one": ("one year", "P1Y"),
    "two": ("two years", "P2Y"),
    "three": ("three years", "P3Y"),
    "four": ("four years", "P4Y"),
    "five": ("five years", "P5Y"),
    "six": ("six years", "P6Y"),
    "seven": ("seven years", "P7Y"),
    "eight": ("eight years", "P8Y"),
    "nine": ("nine years", "P9Y"),
    "ten": ("ten years", "P10Y"),
    "eleven": ("eleven years", "P11Y"),
    "twelve": ("twelve years", "P12Y"),
    "thirteen": ("thirteen years", "P13Y"),
    "fourteen": ("fourteen years", "P14Y"),
    "fifteen": ("fifteen years", "P15Y"),
    "sixteen": ("sixteen years", "P16Y"),
    "seventeen": ("seventeen years", "P17Y"),
    "eighteen": ("eighteen years", "P18Y"),
    "nineteen": ("nineteen years", "P19Y"),
    "twenty": ("twenty years", "P20Y"),
    "thirty": ("thirty-one years", "P31Y"),
    "forty": ("forty years", "P40Y"),
    "fifty": ("fifty-five years", "P55Y"),
    "sixty": ("sixty years", "P60Y"),
    "seventy": ("seventy years", "P70Y"),
    "eighty": ("eighty years", "P80Y"),
    "ninety": ("ninety-nine years", "P99Y"),
    "a hundred": ("a hundred years", "P100Y"),
    "one hundred": ("one hundred years", "P100Y"),
    "a dozen": ("a dozen years", "P12Y"),
    "a couple of": ("a couple of years", "P2Y"),
    "a couple": ("a couple years", "P2Y"),
    "couple of": ("the last couple of years", "P2Y"),
}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
}
UNITS = {  # unit -> ("three <plural>" value, "several <plural>" value)
    "second": ("three seconds", "PT3S", "PTXS"),
    "minute": ("three minutes", "PT3M", "PTXM"),
    "hour": ("three hours", "PT3H", "PTXH"),
    "day": ("three days", "P3D", "PXD"),
    "week": ("three weeks", "P3W", "PXW"),
    "fortnight": ("three fortnights", "P6W", "PXW"),
    "month": ("three months", "P3M", "PXM"),
    "quarter": ("three quarters", "P3Q", "PXQ"),
    "year": ("three years", "P3Y", "PXY"),
    "decade": ("three decades", "P30Y", "PXDE"),
    "century": ("three centuries", "P300Y", "PXCE"),
}
REFERENCES = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "just now": "PAST_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "lately": "PAST_REF",
    "previously": "PAST_REF",
    "formerly": "PAST_REF",
    "the past": "PAST_REF",
    "soon": "FUTURE_REF",
    "the future": "FUTURE_REF",
    "future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "a later date": "FUTURE_REF",
}
PERIOD_REFERENCES = {
    "recent": ("in recent years", "PXY"),
    "past": ("past months", "PXM"),
    "coming": ("the coming weeks", "PXW"),
    "upcoming": ("upcoming days", "PXD"),
}
PERIOD_REFERENCES_AFTER = {
    "ahead": ("the months ahead", "PXM"),
    "to come": ("years to come", "PXY"),
}
SETS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}
SET_WORDS = {
    "every": ("every week", "P1W"),
    "each": ("each year", "P1Y"),
    "per": ("per month", "P1M"),
}
FREQUENCIES = {
    "once": ("once a year", "P1Y"),
    "twice": ("twice a month", "P1M"),
    "thrice": ("thrice a week", "P1W"),
}
DECADES = {  # "the <word>" against 2025: the latest such decade that has begun
    "twenties": "202",
    "thirties": "193",
    "forties": "194",
    "fifties": "195",
    "sixties": "196",
    "seventies": "197",
    "eighties": "198",
    "nineties": "199",
}
MONTH_INTRODUCERS = {  # phrase around "May" in "Talks are planned <phrase>."
    "in": "in May",
    "since": "since May",
    "until": "until May",
    "till": "till May",
    "by": "by May",
    "during": "during May",
    "from": "from May",
    "through": "through May",
    "before": "before May",
    "after": "after May",
    "of": "for the first week of May",
    "end": "for end May",
    "beginning": "beginning May",
    "and": "for April and May",
    "or": "for April or May",
    "to": "from April to May",
}


def _check_keys(table: dict, section: str, source: str = "calendar") -> None:
    assert set(table) == set(lexicon(source)[section]), f"test table for {section} out of date"


def test_tables_cover_every_lexicon_entry():
    _check_keys(MONTHS, "months")
    _check_keys(MONTH_ABBREVIATIONS, "month_abbreviations")
    _check_keys(LAST_WEEKDAY, "weekdays")
    _check_keys(WEEKDAY_ABBREVIATIONS, "weekday_abbreviations")
    _check_keys(SEASONS, "seasons")
    _check_keys(SEASON_STARTS, "season_start_months")
    _check_keys(DAY_PARTS, "day_parts")
    _check_keys(CLOCK_WORDS, "clock_words")
    _check_keys(HOLIDAYS_2024, "holidays")
    _check_keys(NUMBERS, "numbers", "words")
    _check_keys(ORDINALS, "ordinals", "words")
    _check_keys(UNITS, "units", "words")
    _check_keys(REFERENCES, "references", "words")
    _check_keys(PERIOD_REFERENCES, "period_references", "words")
    _check_keys(PERIOD_REFERENCES_AFTER, "period_references_after", "words")
    _check_keys(SETS, "sets", "words")
    _check_keys(SET_WORDS, "set_words", "words")
    _check_keys(FREQUENCIES, "frequencies", "words")
    _check_keys(DECADES, "decades", "words")
    _check_keys(MONTH_INTRODUCERS, "month_introducers", "words")


@pytest.mark.parametrize(("name", "number"), MONTHS.items())
def test_month(name, number):
    assert value(f"{name.title()} 2, 2024") == f"2024-{number}-02"
    assert value(f"{name.title()} 2", None) == f"XXXX-{number}-02"


@pytest.mark.parametrize(("abbreviation", "number"), MONTH_ABBREVIATIONS.items())
def test_month_abbreviation(abbreviation, number):
    assert value(f"{abbreviation.title()}. 2, 2024") == f"2024-{number}-02"
    assert value(f"{abbreviation.title()} 2, 2024") == f"2024-{number}-02"


def test_bare_month_abbreviation_is_not_a_month():
    doc = analyse("Jan said she would call Dec about the deal.", "2025-05-14")
    assert doc.times == []


@pytest.mark.parametrize(
    ("word", "sentence", "expected"),
    [
        ("may", "Ministers may meet again in May.", [("May", "2025-05")]),
        ("march", "Farmers march on the capital in March.", [("March", "2025-03")]),
    ],
)
def test_ambiguous_month(word, sentence, expected):
    assert word in lexicon("calendar")["ambiguous_months"]
    assert pairs(analyse(sentence, "2025-05-14")) == expected


def test_may_as_a_name_is_not_a_month():
    assert pairs(analyse("Theresa May said the vote was lost.", "2025-05-14")) == []


@pytest.mark.parametrize(("name", "date"), LAST_WEEKDAY.items())
def test_weekday(name, date):
    assert value(f"last {name.title()}") == date


@pytest.mark.parametrize(("abbreviation", "date"), WEEKDAY_ABBREVIATIONS.items())
def test_weekday_abbreviation(abbreviation, date):
    assert value(f"last {abbreviation.title()}.") == date


@pytest.mark.parametrize(("word", "code"), SEASONS.items())
def test_season(word, code):
    assert value(f"the {word} of 2024") == f"2024-{code}"


@pytest.mark.parametrize(("code", "start"), SEASON_STARTS.items())
def test_season_start_month(code, start):
    word = SEASON_WORD[code]
    # in the season's first month, "next <season>" is a year away; the month before, it is
    # the one about to start
    assert value(f"next {word}", dt.date(2025, start, 10)) == f"2026-{code}"
    assert value(f"next {word}", dt.date(2025, start - 1, 10)) == f"2025-{code}"


@pytest.mark.parametrize(
    ("word", "not_a_time", "a_time", "expected"),
    [
        ("spring", "The valve has a spring inside.", "It rained a lot last spring.", "2024-SP"),
        ("fall", "Shares fall when rates rise.", "Shares rose last fall.", "2024-FA"),
    ],
)
def test_ambiguous_season(word, not_a_time, a_time, expected):
    assert word in lexicon("calendar")["ambiguous_seasons"]
    assert pairs(analyse(not_a_time, "2025-05-14")) == []
    assert [v for _, v in pairs(analyse(a_time, "2025-05-14"))] == [expected]


def test_named_spring_is_not_a_season():
    assert pairs(analyse("Scholars still debate the Arab Spring.", "2025-05-14")) == []


@pytest.mark.parametrize(("part", "code"), DAY_PARTS.items())
def test_day_part(part, code):
    assert value(f"Friday {part}", tense="past") == f"2025-05-09T{code}"


def test_day_part_spelling_variants():
    assert value("Friday mid afternoon", tense="past") == "2025-05-09TAF"
    assert value("Friday mid-afternoon", tense="past") == "2025-05-09TAF"


@pytest.mark.parametrize(("word", "clock"), CLOCK_WORDS.items())
def test_clock_word(word, clock):
    assert value(word) == f"2025-05-14T{clock}"


@pytest.mark.parametrize("zone", lexicon("calendar")["timezones"])
def test_timezone(zone):
    assert value(f"0930 {zone.upper()}") == "2025-05-14T09:30"


@pytest.mark.parametrize(("name", "date"), HOLIDAYS_2024.items())
def test_holiday(name, date):
    assert value(f"{name.title()} 2024") == date


@pytest.mark.parametrize(("word", "case"), NUMBERS.items())
def test_number_word(word, case):
    expression, expected = case
    assert value(expression) == expected


@pytest.mark.parametrize("word", lexicon("words")["vague_numbers"])
def test_vague_number(word):
    assert value(f"{word} years") == "PXY"


@pytest.mark.parametrize(("word", "number"), ORDINALS.items())
def test_ordinal(word, number):
    assert value(f"the {word} of May 2024") == f"2024-05-{number:02d}"


def test_compound_ordinal():
    assert value("the twenty-first of May 2024") == "2024-05-21"
    assert value("the twenty-first century") == "20"


@pytest.mark.parametrize(("unit", "case"), UNITS.items())
def test_unit(unit, case):
    expression, counted, vague = case
    assert value(expression) == counted
    assert value(expression.replace("three", "several")) == vague


@pytest.mark.parametrize("qualifier", lexicon("words")["unit_qualifiers"])
def test_unit_qualifier(qualifier):
    assert value(f"eight {qualifier} days") == "P8D"


@pytest.mark.parametrize(("word", "expected"), REFERENCES.items())
def test_reference(word, expected):
    assert normalise(word, WED) == Normalised(expected, "reference")


@pytest.mark.parametrize(("word", "case"), PERIOD_REFERENCES.items())
def test_period_reference(word, case):
    expression, expected = case
    assert value(expression) == expected


@pytest.mark.parametrize(("word", "case"), PERIOD_REFERENCES_AFTER.items())
def test_period_reference_after(word, case):
    expression, expected = case
    assert value(expression) == expected


def test_reference_exclusions():
    assert lexicon("words")["reference_exclusions"] == {"current": ["account", "accounts"]}
    doc = analyse("The current account deficit widened while current accounts shrank.")
    assert doc.times == []
    assert pairs(analyse("Under current rules the tax stays.")) == [("current", "PRESENT_REF")]


@pytest.mark.parametrize(("word", "expected"), SETS.items())
def test_set_word(word, expected):
    assert normalise(word, WED) == Normalised(expected, "set")


@pytest.mark.parametrize(("word", "case"), SET_WORDS.items())
def test_set_prefix(word, case):
    expression, expected = case
    assert normalise(expression, WED) == Normalised(expected, "set")


@pytest.mark.parametrize(("word", "case"), FREQUENCIES.items())
def test_frequency(word, case):
    expression, expected = case
    assert normalise(expression, WED) == Normalised(expected, "set")


@pytest.mark.parametrize("word", lexicon("words")["approximators"])
def test_approximator(word):
    assert value(f"{word} two years") == "P2Y"


@pytest.mark.parametrize("modifier", lexicon("words")["part_modifiers"])
def test_part_modifier(modifier):
    separator = "-" if modifier == "mid" else " "
    assert value(f"{modifier}{separator}2024") == "2024"


@pytest.mark.parametrize("word", lexicon("words")["relative_part_modifiers"])
def test_relative_part_modifier(word):
    assert value(f"{word} this year") == "2025"
    assert value(f"{word} next month") == "2025-06"


@pytest.mark.parametrize("onset", lexicon("words")["onsets"])
def test_onset_is_kept_in_the_span(onset):
    doc = analyse(f"A 24% tariff applies {onset} July 9.", "2025-05-14")
    assert pairs(doc) == [(f"{onset} July 9", "2025-07-09")]


@pytest.mark.parametrize(("word", "phrase"), MONTH_INTRODUCERS.items())
def test_month_introducer(word, phrase):
    doc = analyse(f"Talks are planned {phrase}.", "2025-05-14")
    assert any(text.endswith("May") and v == "2025-05" for text, v in pairs(doc)), pairs(doc)


@pytest.mark.parametrize("preposition", lexicon("words")["leading_prepositions"])
def test_leading_preposition(preposition):
    assert value(f"{preposition} 2024") == "2024"


@pytest.mark.parametrize("word", lexicon("words")["fiscal_words"])
def test_fiscal_word(word):
    assert value(f"the {word} year ending March 2026") == "FY2026"
    assert value(f"{word} 2026") == "FY2026"


@pytest.mark.parametrize(("word", "decade"), DECADES.items())
def test_decade_word(word, decade):
    assert value(f"the {word}") == decade


@pytest.mark.parametrize(
    ("verb", "sentence"),
    [
        ("schedule", "The two leaders are scheduled to meet Monday."),
        ("expect", "The two leaders expect to meet Monday."),
        ("plan", "The two leaders plan to meet Monday."),
        ("intend", "The two leaders intend to meet Monday."),
        ("aim", "The two leaders aim to meet Monday."),
        ("hope", "The two leaders hope to meet Monday."),
        ("want", "The two leaders want to meet Monday."),
        ("seek", "The two leaders seek to meet Monday."),
        ("prepare", "The two leaders are preparing to meet Monday."),
        ("set", "The two leaders are set to meet Monday."),
        ("due", "The two leaders are due to meet Monday."),
        ("agree", "The two leaders agreed to meet Monday."),
        ("promise", "The two leaders promised to meet Monday."),
        ("pledge", "The two leaders pledged to meet Monday."),
        ("vow", "The two leaders vowed to meet Monday."),
        ("threaten", "The union threatened to strike Monday."),
        ("decide", "The two leaders decided to meet Monday."),
        ("go", "The two leaders are going to meet Monday."),
        ("likely", "The two leaders are likely to meet Monday."),
        ("poised", "The two leaders are poised to meet Monday."),
        ("slated", "The vote is slated to take place Monday."),
        ("propose", "The mediators proposed to meet Monday."),
        ("ready", "The two leaders are ready to meet Monday."),
        ("be", "The exchange is to resume trading in the shares Monday."),
    ],
)
def test_prospective_verb(verb, sentence):
    assert verb in lexicon("words")["prospective_verbs"]
    # written on Wednesday: a future Monday is next week's, not this week's
    assert pairs(analyse(sentence, "2025-05-14")) == [("Monday", "2025-05-19")]


def test_prospective_verb_table_is_complete():
    tested = {
        "schedule", "expect", "plan", "intend", "aim", "hope", "want", "seek", "prepare",
        "set", "due", "agree", "promise", "pledge", "vow", "threaten", "decide", "go",
        "likely", "poised", "slated", "propose", "ready", "be",
    }  # fmt: skip
    assert tested == set(lexicon("words")["prospective_verbs"])


@pytest.mark.parametrize("preposition", lexicon("words")["deadline_prepositions"])
def test_deadline_preposition(preposition):
    # a past verb would put June in 2024; the deadline is the coming June
    doc = analyse(f"The court gave the parties {preposition} June to respond.", "2025-05-14")
    assert pairs(doc) == [("June", "2025-06")]


# --------------------------------------------------------------------------------------------
# Whole documents through spaCy
# --------------------------------------------------------------------------------------------

TRADE = (
    "Japan's trade envoy will travel to Washington next week, after rounds of talks on April 2 "
    "and May 1 ended without a deal. A 24% duty applies beginning in July. The carmaker "
    "posted results for the fiscal year ending March and gave no forecast for FY2026."
)


def test_trade_story_with_publication_date():
    doc = analyse(TRADE, "2025-05-14")
    assert pairs(doc) == [
        ("next week", "2025-W21"),
        ("April 2", "2025-04-02"),
        ("May 1", "2025-05-01"),
        ("beginning in July", "2025-07"),
        ("the fiscal year ending March", "FY2025"),
        ("FY2026", "FY2026"),
    ]
    assert {t.anchor for t in doc.times} == {"2025-05-14"}
    assert [t.granularity for t in doc.times] == [
        "week",
        "day",
        "day",
        "month",
        "fiscal_year",
        "fiscal_year",
    ]


def test_trade_story_without_publication_date_keeps_unknowns():
    doc = analyse(TRADE)
    assert doc.published == Published(None, "unknown")
    assert pairs(doc) == [
        ("next week", "XXXX-WXX"),
        ("April 2", "XXXX-04-02"),
        ("May 1", "XXXX-05-01"),
        ("beginning in July", "XXXX-07"),
        ("the fiscal year ending March", "FYXXXX"),
        ("FY2026", "FY2026"),
    ]
    assert {t.anchor for t in doc.times} == {None}


def test_publication_date_inferred_from_dateline():
    # Extraction reads the dateline's date (extract/dates.py); the times are resolved on it.
    from eventwire import analyze

    text = "GENEVA, May 14, 2025 (Wire) - Negotiators said Tuesday they were close to a deal."
    (doc,) = analyze(text)
    assert doc.published == Published("2025-05-14", "text")
    assert ("Tuesday", "2025-05-13") in pairs(doc)


def test_spans_match_the_text_and_do_not_overlap():
    text = (
        "Profits rose in the third quarter of 2024, the company said on Monday, Oct. 21, "
        "adding that sales had doubled over the past two years and would rise again in 2025."
    )
    doc = analyse(text, "2024-10-23")
    previous_end = 0
    for time in doc.times:
        assert doc.text[time.span.start : time.span.end] == time.span.text
        assert time.span.start >= previous_end
        previous_end = time.span.end
    assert pairs(doc) == [
        ("the third quarter of 2024", "2024-Q3"),
        ("Monday, Oct. 21", "2024-10-21"),
        ("the past two years", "P2Y"),
        ("2025", "2025"),
    ]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("The minister said Wednesday that talks would resume.", "2025-05-15", "2025-05-14"),
        ("The summit will open Friday.", "2025-05-14", "2025-05-16"),
        ("The summit opened Friday.", "2025-05-14", "2025-05-09"),
        ("Sales fell in December.", "2025-01-15", "2024-12"),
        ("Elections will be held in December.", "2025-01-15", "2025-12"),
    ],
)
def test_tense_chooses_past_or_future(sentence, published, expected):
    assert [v for _, v in pairs(analyse(sentence, published))] == [expected]


def test_a_year_earlier_compares_quarters():
    text = "Third-quarter profit rose to $2 million from $1.9 million a year earlier."
    assert pairs(analyse(text, "2025-10-20")) == [
        ("Third-quarter", "2025-Q3"),
        ("a year earlier", "2024-Q3"),
    ]


def test_a_year_ago_without_a_quarter_is_the_year_before():
    text = "The bridge collapsed a year ago, and repairs have barely begun."
    assert pairs(analyse(text, "2025-10-20")) == [("a year ago", "2024")]


def test_that_day_refers_to_the_last_date():
    text = "The ceasefire began on March 3, 2024. Later that day, fighting resumed."
    assert pairs(analyse(text, "2025-05-14")) == [
        ("March 3, 2024", "2024-03-03"),
        ("Later that day", "2024-03-03"),
    ]


def test_clock_time_joins_its_day():
    doc = analyse("Polling stations close at 8 p.m. Thursday.", "2025-05-14")
    assert pairs(doc) == [("8 p.m. Thursday", "2025-05-15T20:00")]
    assert doc.times[0].granularity == "time"


def test_recurring_month_is_a_set():
    doc = analyse("Thousands march through the capital every March.", "2025-05-14")
    assert pairs(doc) == [("every March", "XXXX-03")]


def test_newspaper_named_daily_is_not_a_frequency():
    assert pairs(analyse("The Israeli daily Haaretz reported the arrests.", "2025-05-14")) == []
    assert pairs(analyse("Trains run daily between the two cities.", "2025-05-14")) == [
        ("daily", "P1D")
    ]


def test_rate_per_year_is_a_set():
    doc = analyse("The adviser earns $30,000 a year from the firm.", "2025-05-14")
    assert [(t.span.text, t.value, t.granularity) for t in doc.times] == [("a year", "P1Y", "set")]


def test_ages_and_counts_are_not_times():
    text = "A 45-year-old man and 2000 protesters gathered outside."
    assert pairs(analyse(text, "2025-05-14")) == []


# --------------------------------------------------------------------------------------------
# Invariants on generated text
# --------------------------------------------------------------------------------------------

_WORDS = [
    "talks",
    "resumed",
    "on",
    "in",
    "the",
    "May",
    "may",
    "Friday",
    "last",
    "next",
    "week",
    "2024",
    "3",
    "years",
    "ago",
    "fiscal",
    "quarter",
    "third",
    "a",
    "year",
    "earlier",
    "now",
    ",",
    ".",
    "at",
    "8",
    "p.m.",
    "GMT",
    "daily",
    "summer",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25),
    published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
)
def test_generated_text_invariants(words, published):
    text = " ".join(words)
    doc = analyse(text, published.isoformat() if published else None)
    end = 0
    for time in doc.times:
        assert text[time.span.start : time.span.end] == time.span.text
        assert time.span.start >= end
        end = time.span.end
        assert time.value
        if published is None:
            assert time.anchor is None


# --------------------------------------------------------------------------------------------
# News classes: scheduled present, bare dates, fractions, clock parts, sets, quarters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # the simple present with a time is a schedule: next Monday, not this week's
        ("The two leaders meet Monday to discuss the border.", "2025-05-14", "2025-05-19"),
        ("The court rules Monday on the appeal.", "2025-05-14", "2025-05-19"),
        # a future verb over a deadline: the coming Monday
        ("The talks will continue until Monday.", "2025-05-14", "2025-05-19"),
        # an infinitive subject is not planned by the "be" above it: the nearest Friday
        ("The first two firms to list on the exchange on Friday were both banks.",
         "2025-05-17", "2025-05-16"),
        # a reduced relative of planning says nothing about past or future: the nearest
        ("Officials met to plan a rally set for Saturday.", "2025-05-15", "2025-05-17"),
    ],
)  # fmt: skip
def test_tense_of_news_constructions(sentence, published, expected):
    doc = analyse(sentence, published)
    assert [t.value for t in doc.times] == [expected]


SAME_FORM_PAST = {
    "bet": "Traders bet heavily on the bonds on Monday.",
    "broadcast": "The networks broadcast the debate on Monday.",
    "burst": "The rivers burst their banks on Monday.",
    "cast": "Voters cast their ballots on Monday.",
    "cost": "The delays cost the airlines millions on Monday.",
    "cut": "The banks cut their rates on Monday.",
    "forecast": "Economists forecast a slowdown on Monday.",
    "hit": "The storms hit the coast on Monday.",
    "hurt": "Weak sales hurt the shares on Monday.",
    "let": "The guards let the prisoners go on Monday.",
    "put": "The rebels put down their arms on Monday.",
    "quit": "Two ministers quit the cabinet on Monday.",
    "read": "The judges read their verdicts on Monday.",
    "set": "The strikers set fire to the depot on Monday.",
    "shut": "The authorities shut the schools on Monday.",
    "split": "The partners split the proceeds on Monday.",
    "spread": "The fires spread to the hills on Monday.",
    "upset": "The protests upset the talks on Monday.",
}


@pytest.mark.parametrize(("verb", "sentence"), SAME_FORM_PAST.items())
def test_same_form_past_verb(verb, sentence):
    assert verb in lexicon("words")["same_form_past_verbs"]
    # written on Wednesday: this week's Monday, never next week's
    assert pairs(analyse(sentence, "2025-05-14")) == [("Monday", "2025-05-12")]


def test_same_form_past_verb_table_is_complete():
    assert set(SAME_FORM_PAST) == set(lexicon("words")["same_form_past_verbs"])


def test_bare_date_far_in_the_past_is_the_coming_one():
    # a past verb, but news would give the year of a date almost a year back
    doc = analyse("The group extended to Nov. 20 its offer for the shares.", "2025-11-02")
    assert pairs(doc) == [("Nov. 20", "2025-11-20")]
    # ten months back is still the past one
    doc = analyse("The company changed its logo in December.", "2025-10-27")
    assert pairs(doc) == [("December", "2024-12")]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("2 1/2 years", "P2Y6M"),
        ("5 1/2 hours", "PT5H30M"),
        ("a year and a half", "P1Y6M"),
        ("an hour and a half", "PT1H30M"),
        ("two and a half hours", "PT2H30M"),
        ("a minute and a half", "PT1M30S"),
        ("1.5 days", "P1DT12H"),
        ("three and a half months", "P3.5M"),  # months have no exact smaller unit
        ("half an hour", "PT30M"),
        ("a half-day", "PT12H"),
        ("a year and a half ago", "2023-11"),
        ("day-long", "P1D"),
        ("months-long", "PXM"),
        ("decades-long", "PXDE"),
        ("an additional year", "P1Y"),
        ("two extra days", "P2D"),
        ("the week of June 2", "2025-W23"),
        ("post-1959", "1959"),
        ("pre-2008", "2008"),
    ],
)
def test_news_durations_and_periods(expression, expected):
    assert value(expression) == expected


def test_half_year_adjective_is_not_a_duration():
    doc = analyse("The bank's half-year results beat forecasts.", "2025-05-14")
    assert all(not t.value.startswith("P") for t in doc.times)


CLOCK_DAY_PARTS = {
    "morning": ("The blast woke residents at 4 in the morning.", "2025-05-14T04:00"),
    "afternoon": ("The vote closed at 3 in the afternoon.", "2025-05-14T15:00"),
    "evening": ("The curfew starts at 9 in the evening.", "2025-05-14T21:00"),
    "night": ("The curfew starts at 11 at night.", "2025-05-14T23:00"),
}


@pytest.mark.parametrize(("part", "case"), CLOCK_DAY_PARTS.items())
def test_clock_day_part(part, case):
    sentence, expected = case
    assert part in lexicon("calendar")["clock_day_parts"]
    assert [t.value for t in analyse(sentence, "2025-05-14").times] == [expected]


def test_clock_day_part_table_is_complete():
    _check_keys(CLOCK_DAY_PARTS, "clock_day_parts")


def test_spelled_count_before_in_the_morning_is_not_a_time():
    doc = analyse("Gunmen killed three in the morning raid.", "2025-05-14")
    assert all("T03" not in t.value for t in doc.times)


def test_plural_part_of_a_weekday_is_a_set():
    doc = analyse("The show airs on Tuesday nights. Tuesday nights are quiet.", "2025-05-14")
    assert pairs(doc) == [
        ("Tuesday nights", "XXXX-WXX-2TNI"),
        ("Tuesday nights", "XXXX-WXX-2TNI"),
    ]


def test_year_ago_period_ignores_a_forecast_quarter():
    text = (
        "The steelmaker said profit fell 40% in the third quarter. Analysts expect losses "
        "through the third quarter of 2026. In the year-ago period, it earned $5 million."
    )
    values = dict(pairs(analyse(text, "2025-10-26")))
    assert values["the year-ago period"] == "2024-Q3"


def test_latest_quarter_is_not_a_quarter_still_running():
    text = (
        "Profit rose 8% in the third quarter. The storm means a fourth-quarter charge of "
        "$10 million. Home insurance earnings fell 30% in the latest quarter."
    )
    values = dict(pairs(analyse(text, "2025-11-02")))
    assert values["a fourth-quarter"] == "2025-Q4"
    assert values["the latest quarter"] == "2025-Q3"


def test_plan_in_the_past_perfect_takes_the_nearest_day():
    # written on a Monday: the offer "had been due to expire" last Friday, then was extended
    doc = analyse("The offer had been due to expire Friday evening.", "2025-05-12")
    assert pairs(doc) == [("Friday evening", "2025-05-09TEV")]
    # without "had" the plan looks ahead
    doc = analyse("The offer is due to expire Friday evening.", "2025-05-12")
    assert pairs(doc) == [("Friday evening", "2025-05-16TEV")]


def test_part_of_day_alone_takes_the_story_day():
    doc = analyse("By mid-afternoon the index had recovered.", "2025-05-14")
    assert pairs(doc) == [("mid-afternoon", "2025-05-14TAF")]
    doc = analyse("Police arrived on Tuesday. By late evening the crowd had gone.", "2025-05-14")
    assert pairs(doc) == [("Tuesday", "2025-05-13"), ("late evening", "2025-05-13TEV")]
    # "midnight" is a clock time, not "mid" + "night"
    doc = analyse("The offer expires at midnight Friday.", "2025-05-14")
    assert pairs(doc) == [("midnight Friday", "2025-05-16T24:00")]


def test_coordinated_weekdays_before_a_plural_part_are_sets():
    doc = analyse("Flights leave on Monday and Tuesday nights.", "2025-05-14")
    assert pairs(doc) == [("Monday", "XXXX-WXX-1TNI"), ("Tuesday nights", "XXXX-WXX-2TNI")]


@pytest.mark.parametrize(
    ("word", "sentence", "expected"),
    [
        ("several", "The firm ended a several-year slump.", ("several-year", "PXY")),
        ("multi", "The club signed a multi-year deal.", ("multi-year", "PXY")),
    ],
)
def test_hyphen_vague_count(word, sentence, expected):
    assert word in lexicon("words")["hyphen_vague_counts"]
    assert pairs(analyse(sentence, "2025-05-14")) == [expected]


# Dates of past events: their own time, not the publication date ------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # "back in <month>": the last such month before the anchor's own
        (
            "Rents were this high back in November, the agency said.",
            "2025-11-20",
            [("November", "2024-11")],
        ),
        (
            "Fares will fall to the level they reached back in December.",
            "2025-02-10",
            [("December", "2024-12")],
        ),
        (
            "Back in March, the ministry had warned of shortages.",
            "2025-05-14",
            [("March", "2025-03")],
        ),
        # with a year, the year stands, even the anchor's own
        (
            "The mill last ran at full speed back in November 2023.",
            "2025-05-14",
            [("November 2023", "2023-11")],
        ),
        (
            "Back in May 2025, nobody expected the merger.",
            "2025-05-20",
            [("May 2025", "2025-05")],
        ),
        (
            "The port was busier as far back as June 2019.",
            "2025-05-14",
            [("June 2019", "2019-06")],
        ),
    ],
)
def test_back_in_looks_to_the_past(sentence, published, expected):
    assert pairs(analyse(sentence, published)) == expected


@pytest.mark.parametrize("opener", lexicon("words")["retrospective_openers"])
def test_each_retrospective_opener_looks_back(opener):
    sentence = f"Shares had traded lower {opener} May, a dealer said."
    found = dict(pairs(analyse(sentence, "2025-05-14")))
    assert found.get("May") == "2024-05", (opener, found)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The dam was finished in 2019. Four years later, it began to leak.",
            [("2019", "2019"), ("Four years later", "2023")],
        ),
        (
            "She first won the seat in 1998 and, two years later, lost it.",
            [("1998", "1998"), ("two years later", "2000")],
        ),
        (
            "The league was founded in 1960. A decade later it had twenty clubs.",
            [("1960", "1960"), ("A decade later", "1970")],
        ),
        (
            "The mine closed in 2012; three years later the town had lost half its people.",
            [("2012", "2012"), ("three years later", "2015")],
        ),
    ],
)
def test_years_later_count_from_the_year_before(sentence, expected):
    assert pairs(analyse(sentence, "2025-05-14")) == expected


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # a date naming a past event: the last such day on or before publication
        (
            "Prosecutors charged four men over the Jan. 6 Capitol insurrection.",
            "2025-01-03",
            [("Jan. 6", "2024-01-06")],
        ),
        (
            "Hearings on the Jan. 6 riot will open next week.",
            "2025-01-03",
            [("Jan. 6", "2024-01-06"), ("next week", "2025-W02")],
        ),
        (
            "Families of those killed in the March 11 bombings met the minister.",
            "2025-02-20",
            [("March 11", "2024-03-11")],
        ),
        (
            "The court heard from survivors of the Sept. 11 attacks.",
            "2025-03-01",
            [("Sept. 11", "2024-09-11")],
        ),
        # without an anchor the year stays unknown
        ("The Jan. 6 riot is the subject of a new film.", None, [("Jan. 6", "XXXX-01-06")]),
        # an event that may lie ahead keeps the verb's time
        (
            "The Jan. 20 inauguration will be held outdoors.",
            "2025-01-03",
            [("Jan. 20", "2025-01-20")],
        ),
    ],
)
def test_a_date_naming_a_past_event_is_past(sentence, published, expected):
    assert pairs(analyse(sentence, published)) == expected


@pytest.mark.parametrize("noun", lexicon("words")["past_event_nouns"])
def test_each_past_event_noun_makes_its_date_past(noun):
    sentence = f"Officials will review the Dec. 28 {noun} next month."
    found = dict(pairs(analyse(sentence, "2025-01-03")))
    assert found.get("Dec. 28") == "2024-12-28", (noun, found)
