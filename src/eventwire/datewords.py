"""Dates with unknown parts, in words: what `XXXX-WXX-7` means, for people.

Time values are ISO 8601 / TimeML with `X` for the parts neither the text nor the publication
date gives (docs/output.md). A fully known value reads well as it is and is returned
unchanged, but for a week, given by its Monday ("the week of 2025-05-19"); a value with
unknown parts is spelled out ("a Sunday in an unknown week", "2 April, year unknown").
Values of a shape not listed here are returned unchanged rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
REFERENCES = {
    "PRESENT_REF": "now (no date given)",
    "PAST_REF": "some time in the past (no date given)",
    "FUTURE_REF": "some time in the future (no date given)",
}

_YEAR = r"(?P<year>\d{4}|XXXX)"
_DAY = re.compile(_YEAR + r"-(?P<month>\d{2}|XX)-(?P<day>\d{2}|XX)(?:T(?P<part>MO|AF|EV|NI))?$")
_WEEK = re.compile(
    _YEAR + r"-W(?P<week>\d{2}|XX)(?:-(?P<wday>[1-7]|WE))?(?:T(?P<part>MO|AF|EV|NI))?$"
)
_MONTH = re.compile(_YEAR + r"-(?P<month>\d{2}|XX)$")
_QUARTER = re.compile(_YEAR + r"-(?P<kind>[QH])(?P<n>[1-4]|X)$")
_SEASON = re.compile(_YEAR + r"-(?P<season>SP|SU|FA|WI)$")


def _known(part: str | None) -> bool:
    return part is not None and "X" not in part


def _year_suffix(year: str) -> str:
    return f" {year}" if _known(year) else ", year unknown"


def _in_year(year: str) -> str:
    return f" of {year}" if _known(year) else ""


def _known_week(value: str) -> str | None:
    """`2025-W21` as "the week of 2025-05-19" (few people count ISO weeks); None when
    `value` is not a whole known week."""
    m = _WEEK.match(value)
    if not m or m["wday"] or m["part"]:
        return None
    try:
        monday = dt.date.fromisocalendar(int(m["year"]), int(m["week"]), 1)
    except ValueError:
        return None
    return f"the week of {monday.isoformat()}"


def describe(value: str | None) -> str:
    """`value` for people: unchanged when every part is known, else in words.

    >>> describe("XXXX-WXX-7")
    'a Sunday in an unknown week'
    >>> describe("XXXX-04-02")
    '2 April, year unknown'
    >>> describe("2025-05-14")
    '2025-05-14'
    """
    if not value:
        return "no date"
    if value in REFERENCES:
        return REFERENCES[value]
    if "X" not in value:
        return _known_week(value) or value
    if value == "XXXX":
        return "an unknown year"
    if m := _DAY.match(value):
        year, month, day, part = m["year"], m["month"], m["day"], m["part"]
        what = f"the {PARTS_OF_DAY[part]} of " if part else ""
        if _known(month) and _known(day):
            return f"{what}{int(day)} {MONTHS[int(month) - 1]}{_year_suffix(year)}"
        if _known(month):
            return f"{what}a day in {MONTHS[int(month) - 1]}{_year_suffix(year)}"
        return f"{what}an unknown day{_in_year(year)}"
    if m := _WEEK.match(value):
        year, week, wday, part = m["year"], m["week"], m["wday"], m["part"]
        if wday == "WE":
            what = "a weekend"
        elif wday:
            what = f"a {WEEKDAYS[int(wday) - 1]}" + (f" {PARTS_OF_DAY[part]}" if part else "")
        else:
            what = ""
        if _known(week):
            where = f"week {int(week)}{_year_suffix(year)}"
            return f"{what} in {where}" if what else where
        if what:
            return f"{what} in an unknown week{_in_year(year)}"
        return f"an unknown week{_in_year(year)}"
    if m := _MONTH.match(value):
        year, month = m["year"], m["month"]
        if _known(month):
            return f"{MONTHS[int(month) - 1]}{_year_suffix(year)}"
        return f"an unknown month{_in_year(year)}"
    if m := _QUARTER.match(value):
        year, kind, n = m["year"], m["kind"], m["n"]
        name = "quarter" if kind == "Q" else "half"
        if n == "X":
            return f"an unknown {name}{_in_year(year)}"
        return f"the {ORDINALS[n]} {name}{_year_suffix(year)}"
    if m := _SEASON.match(value):
        return f"{SEASONS[m['season']]}{_year_suffix(m['year'])}"
    if value == "XXX":
        return "an unknown decade"
    if value == "XX":
        return "an unknown century"
    return value
