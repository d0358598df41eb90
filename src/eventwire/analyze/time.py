"""Time expressions: found in the text and normalised to ISO 8601 against an anchor date.

The anchor is the document's publication date. Values follow TimeML's TIMEX3 `value`
conventions, so that they can be compared with TimeBank and read by TimeML tools:

=====================================  ==============================  ===============
expression (anchor 2025-05-14, Wed)    value                           granularity
=====================================  ==============================  ===============
"April 2", "2025-04-02"                2025-04-02                      day
"in July", "beginning in July"         2025-07                         month
"next week"                            2025-W21                        week
"the weekend"                          2025-W19-WE                     weekend
"the first quarter", "Q1"              2025-Q1                         quarter
"the first half"                       2025-H1                         half
"last summer"                          2024-SU                         season
"in 2024", "last year"                 2024, 2024                      year
"the 1990s", "the 20th century"        199, 19                         decade, century
"FY2026", "fiscal 2026"                FY2026                          fiscal_year
"the fiscal first quarter"             FY2025-Q1                       fiscal_quarter
"last Friday morning", "tonight"       2025-05-09TMO, 2025-05-14TNI    part_of_day
"10:30 a.m. Tuesday"                   2025-05-13T10:30                time
"two years", "the past three months"   P2Y, P3M                        duration
"daily", "every week", "each July"     P1D, P1W, XXXX-07               set
"now", "recently", "soon"              PRESENT_REF, PAST_REF,          reference
                                       FUTURE_REF
=====================================  ==============================  ===============

Without an anchor nothing is guessed from the clock: unknown parts stay X ("April 2" ->
XXXX-04-02, "last Tuesday" -> XXXX-WXX-2, "next week" -> XXXX-WXX, "yesterday" ->
XXXX-XX-XX, "three years ago" -> XXXX); explicit years, durations and references keep their
value.

Rules for choosing a year or a week (TimeML practice for news):

- A weekday names a day of the publication week: the latest one on or before the anchor when
  the verb it depends on is past ("said Wednesday"), the next one on or after it when the
  verb is future ("will meet Friday"). With no tense to go by, the latest one unless the next
  one is more than settings.TIME_PAST_BIAS times nearer (news mostly reports the past):
  written on a Wednesday, "Tuesday" is yesterday and "Friday" the coming one. "last Friday"
  is strictly before the anchor, "next Friday" strictly after.
- A month without a year, a day-and-month without a year, a season and a holiday work the
  same way: "in July" written in May 2025 -> 2025-07; "in December" written in January 2025
  with a past verb -> 2024-12, with a future verb -> 2025-12, with neither -> 2024-12 (one
  month back against eleven ahead). "last July" is strictly before the anchor's month, "next
  July" strictly after.
- A quarter or a half without a year is the latest one on or before the anchor's (news
  reports quarters that have ended); with a future verb, the nearer of that one and the next.
- The tense is read from the spaCy parse: the verb the expression hangs on (through
  prepositions and coordination, not through nouns: in "Wednesday's ruling" the ruling is
  the event). "will"/"would" and infinitives under words such as "scheduled" or "plans" are
  future; simple past and past perfect are past. No tense is taken from a present perfect
  ("has set Nov. 10 as the deadline"), from an argument position, or across "until"/"by".
- "a year earlier", "a year ago", "year-earlier", "the year-ago quarter": when a quarter was
  mentioned shortly before (settings.TIME_QUARTER_REFERENCE_WINDOW), the same quarter a year
  before (earnings reports compare quarters); otherwise the year before the anchor.
- "that day", "the following week", "two days later" are anaphoric: resolved against the last
  date mentioned in the document, else against the anchor.
- Fiscal years are named by the calendar year in which they end ("the fiscal year ending
  March" written in May 2025 -> FY2025; "fiscal 2026" -> FY2026). With no end month given,
  "the current fiscal year" is named by the anchor's year. Fiscal quarters are only known
  within their fiscal year: FYyyyy-Qn.
- Two-digit years ("FY26") take the century that puts them nearest the anchor, or with no
  anchor the pivot settings.TWO_DIGIT_YEAR_PIVOT (below it 20xx, else 19xx).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwire import regex_cache, settings
from eventwire.analyze.base import PageContext
from eventwire.analyze.regex_gate import (
    FoldedScan,
    compile_guarded,
    finditer_folded,
    folded_scan,
    required_literals,
    search_key,
)
from eventwire.data import load_yaml
from eventwire.model import Document, Span, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Normalised:
    """A normalised time value: ISO 8601 / TimeML `value` and what it is a value of."""

    value: str
    granularity: str


def normalise(
    expression: str, anchor: dt.date | None, tense: str | None = None
) -> Normalised | None:
    """The value of one time expression against `anchor` (None when nothing matches).

    `tense` ("past", "future" or None) is the tense of the verb the expression depends on;
    it decides between the last and the next "Friday" or "July" (see the module notes).
    Leading prepositions ("in 2024", "on May 1") and onset words ("beginning in July") are
    accepted.
    """
    text = " ".join(expression.split())
    ctx = _Context(anchor=anchor, tense=tense)
    for candidate in _strip_variants(text):
        for rule in _grammar().rules:
            match = rule.regex.fullmatch(candidate)
            if match is None:
                continue
            result = rule.handler(match, ctx)
            if result is not None:
                return result
    return None


class TimeAnalyzer:
    """Finds time expressions and adds them to `doc.times`, normalised against the anchor.

    The anchor is `doc.published.date`, decided once when the document was made
    (`Published.resolve`, with the date the text states read by extract/dates.py); when it is
    unknown the values keep X for what is unknown.
    """

    name = "time"
    version = "0.1"
    requires = ()
    assigns = ("times",)

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        anchor = _parse_iso_date(doc.published.date)
        for start, end, result in _annotate(doc.text, parsed, anchor):
            doc.times.append(
                TimeExpr(
                    span=Span.of(doc.text, start, end),
                    value=result.value,
                    granularity=result.granularity,
                    anchor=doc.published.date,
                )
            )


# --------------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------------


def lexicon(name: str) -> dict[str, Any]:
    """The YAML lexicon `data/time_<name>.yaml` ("calendar" or "words"), loaded once."""
    return load_yaml(f"time_{name}.yaml")


def _phrase(words: str) -> str:
    """A regex for a lexicon phrase: spaces match any whitespace, ' matches ’ too and a hyphen
    matches a hyphen, a space or nothing ("mid-afternoon", "mid afternoon", "midafternoon")."""
    parts = [re.escape(part).replace("'", "['’]") for part in words.split()]
    return r"\s+".join(part.replace(r"\-", "[- ]?") for part in parts)


def _alternation(words: Any) -> str:
    """A non-capturing alternation of phrases, longest first (so "a few" beats "a")."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_phrase(w) for w in ordered) + ")"


def _key(text: str) -> str:
    """A matched phrase as a lexicon key: lower case, single spaces, straight quotes."""
    return " ".join(text.lower().replace("’", "'").split())


# --------------------------------------------------------------------------------------------
# Values: points in time and their formatting
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class _Point:
    """A resolved calendar point (year known), used as a reference for anaphora."""

    granularity: str  # day, week, month, quarter, year
    year: int
    number: int = 0  # month, ISO week or quarter number
    day: int = 0

    @property
    def date(self) -> dt.date:
        return dt.date(self.year, self.number, self.day)


_POINT_PATTERNS = (
    (re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?"), "day"),
    (re.compile(r"(\d{4})-W(\d\d)"), "week"),
    (re.compile(r"(\d{4})-(\d\d)"), "month"),
    (re.compile(r"(\d{4})-Q(\d)"), "quarter"),
    (re.compile(r"(\d{4})"), "year"),
)


def _point_of(value: str) -> _Point | None:
    for pattern, granularity in _POINT_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            numbers = [int(g) for g in match.groups()]
            return _Point(granularity, *numbers)
    return None


def _year_text(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def _day(d: dt.date) -> Normalised:
    return Normalised(d.isoformat(), "day")


def _month(year: int | None, month: int) -> Normalised:
    return Normalised(f"{_year_text(year)}-{month:02d}", "month")


def _week(d: dt.date | None) -> Normalised:
    if d is None:
        return Normalised("XXXX-WXX", "week")
    year, week, _ = d.isocalendar()
    return Normalised(f"{year:04d}-W{week:02d}", "week")


def _quarter(year: int | None, quarter: int | None) -> Normalised:
    q = "X" if quarter is None else str(quarter)
    return Normalised(f"{_year_text(year)}-Q{q}", "quarter")


def _year(year: int | None) -> Normalised:
    return Normalised(_year_text(year), "year")


def _add_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    year, month0 = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
    return dt.date(year, month0 + 1, day)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick(keys: list[int], anchor_key: int, mode: str) -> int | None:
    """The key chosen from candidate occurrences by `mode` relative to `anchor_key`.

    past / future include the anchor itself; strict_past / strict_future do not. "nearest"
    (no tense to go by) leans to the past, as news mostly reports what happened: the latest
    occurrence on or before the anchor wins unless the next one is more than
    settings.TIME_PAST_BIAS times nearer.
    """
    if mode == "past":
        chosen = [k for k in keys if k <= anchor_key]
        return max(chosen) if chosen else None
    if mode == "strict_past":
        chosen = [k for k in keys if k < anchor_key]
        return max(chosen) if chosen else None
    if mode == "future":
        chosen = [k for k in keys if k >= anchor_key]
        return min(chosen) if chosen else None
    if mode == "strict_future":
        chosen = [k for k in keys if k > anchor_key]
        return min(chosen) if chosen else None
    past = [k for k in keys if k <= anchor_key]
    future = [k for k in keys if k > anchor_key]
    if not past or not future:
        return max(past) if past else min(future)
    back, ahead = anchor_key - max(past), min(future) - anchor_key
    return max(past) if back <= settings.TIME_PAST_BIAS * ahead else min(future)


_DAYS_PER_MONTH = 365.25 / 12
#: "retro": a date looked back on ("back in November"): the last one before the anchor's own;
#: "event": a date naming a past event ("the Jan. 6 riot"): the last one on or before it.
_TENSE_MODE = {
    "past": "past",
    "future": "future",
    "present": "nearest",
    None: "nearest",
    "retro": "strict_past",
    "event": "past",
}
_RELATIVE_MODE = {
    "last": "strict_past",
    "past": "strict_past",
    "this past": "strict_past",
    "next": "strict_future",
    "coming": "strict_future",
    "this coming": "strict_future",
    "the coming": "strict_future",
}


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _holiday_date(spec: dict[str, int], year: int) -> dt.date | None:
    if "easter" in spec:
        return _easter(year) + dt.timedelta(days=spec["easter"])
    if "day" in spec:
        return _safe_date(year, spec["month"], spec["day"])
    last_day = calendar.monthrange(year, spec["month"])[1]
    days = (dt.date(year, spec["month"], n) for n in range(1, last_day + 1))
    weekdays = [d for d in days if d.isoweekday() == spec["weekday"]]
    return weekdays[spec["nth"] - 1] if spec["nth"] > 0 else weekdays[spec["nth"]]


def _two_digit_year(yy: int, anchor: dt.date | None) -> int:
    if anchor is None:
        return (2000 if yy < settings.TWO_DIGIT_YEAR_PIVOT else 1900) + yy
    century = anchor.year // 100 * 100
    candidates = (century - 100 + yy, century + yy, century + 100 + yy)
    return min(candidates, key=lambda y: abs(y - anchor.year))


# --------------------------------------------------------------------------------------------
# Context and rules
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What a rule may use besides its match: the anchor, the tense, earlier references."""

    anchor: dt.date | None
    tense: str | None = None
    ref: _Point | None = None  # the last point mentioned
    ref_quarter: _Point | None = None  # the last quarter mentioned...
    ref_quarter_end: int = -(10**9)  # ...and where it ended in the text
    position: int = 0  # where the expression being resolved starts
    anaphoric: bool = False  # set by a rule that resolved against an earlier mention

    def recent_quarter(self) -> _Point | None:
        if self.ref_quarter is None:
            return None
        if self.position - self.ref_quarter_end > settings.TIME_QUARTER_REFERENCE_WINDOW:
            return None
        return self.ref_quarter

    def base(self) -> _Point | None:
        """The reference point of anaphora: the last point mentioned, else the anchor."""
        if self.ref is not None:
            return self.ref
        if self.anchor is not None:
            return _Point("day", self.anchor.year, self.anchor.month, self.anchor.day)
        return None


Handler = Callable[[re.Match[str], _Context], Normalised | None]
Accept = Callable[[re.Match[str], str, "Doc | None"], bool]


@dataclass(slots=True, frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    accept: Accept | None = None
    kind: str = "date"  # "date" (a day that a clock time may attach to), "clock", "other"


@dataclass(slots=True, frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    prepositions: frozenset[str]
    onset: re.Pattern[str]
    leading: re.Pattern[str]


# Number parsing ------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    """The count a number phrase names; None for vague counts ("several", "a few")."""
    words = lexicon("words")
    key = _key(text)
    if key in words["vague_numbers"]:
        return None
    if key in words["numbers"]:
        return float(words["numbers"][key])
    half = re.fullmatch(r"(.+?)\s+and\s+a\s+half", key)
    if half:
        whole = _number(half.group(1))
        return None if whole is None else whole + 0.5
    digits = re.fullmatch(r"(\d+(?:\.\d+)?)(\s+1/2|½)?", key)
    if digits:
        return float(digits.group(1)) + (0.5 if digits.group(2) else 0.0)
    parts = re.split(r"[\s-]+", key)
    if len(parts) == 2 and all(p in words["numbers"] for p in parts):
        tens, units = words["numbers"][parts[0]], words["numbers"][parts[1]]
        if tens % 10 == 0 and tens >= 20 and units < 10:
            return float(tens + units)
    return None


def _ordinal(text: str) -> int | None:
    key = _key(text)
    ordinals = lexicon("words")["ordinals"]
    if key in ordinals:
        return ordinals[key]
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", key)
    if digits:
        return int(digits.group(1))
    parts = re.split(r"[\s-]+", key)
    numbers = lexicon("words")["numbers"]
    if len(parts) == 2 and parts[0] in numbers and parts[1] in ordinals:
        return numbers[parts[0]] + ordinals[parts[1]]
    return None


def _spelled_year(text: str) -> int | None:
    """ "nineteen ninety-six" -> 1996, "two thousand and five" -> 2005."""
    key = _key(text).replace("-", " ")
    numbers = lexicon("words")["numbers"]
    match = re.fullmatch(r"two thousand(?: and)?(?: (.+))?", key)
    if match:
        rest = match.group(1)
        if rest is None:
            return 2000
        value = _number(rest)
        return None if value is None else 2000 + int(value)
    words = key.split()
    if len(words) >= 2 and words[0] in numbers and 10 <= numbers[words[0]] < 100:
        rest = " ".join(words[1:])
        if rest == "hundred":
            return numbers[words[0]] * 100
        value = _number(rest)
        if value is not None and value < 100:
            return numbers[words[0]] * 100 + int(value)
    return None


def _year_value(text: str, anchor: dt.date | None = None) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if re.fullmatch(r"['’]?\d{2}", text):
        return _two_digit_year(int(text.lstrip("'’")), anchor)
    return _spelled_year(text)


def _month_number(text: str) -> int:
    key = _key(text).rstrip(".")
    cal = lexicon("calendar")
    return cal["months"].get(key) or cal["month_abbreviations"][key]


def _weekday_number(text: str) -> int:
    key = _key(text).rstrip(".")
    cal = lexicon("calendar")
    return cal["weekdays"].get(key) or cal["weekday_abbreviations"][key]


def _unit_of(text: str) -> tuple[str, dict[str, Any]]:
    key = _key(text)
    for name, spec in lexicon("words")["units"].items():
        if key in spec["forms"]:
            return name, spec
    raise KeyError(text)


def _duration(count: float | None, unit_text: str) -> Normalised:
    """ISO 8601 duration: P2Y, PT5H, P10Y for a decade; X for an unknown count."""
    _, spec = _unit_of(unit_text)
    code = spec["code"]
    clock = "T" if spec.get("clock") else ""
    if count is None:
        return Normalised(f"P{clock}X{spec.get('vague', code)}", "duration")
    amount = count * spec.get("factor", 1)
    whole = int(amount)
    if amount != whole and (code, bool(clock)) in _SMALLER_UNIT:
        # "2 1/2 years" is P2Y6M and "5 1/2 hours" PT5H30M: ISO 8601 readers expect whole
        # units, so an exact fraction goes to the next smaller unit
        smaller, per = _SMALLER_UNIT[(code, bool(clock))]
        rest = (amount - whole) * per
        if rest == int(rest):
            big = f"{whole}{code}" if whole else ""
            if code == "D":
                return Normalised(f"P{big}T{int(rest)}{smaller}", "duration")
            return Normalised(f"P{clock}{big}{int(rest)}{smaller}", "duration")
    number = str(whole) if amount == whole else f"{amount:g}"
    return Normalised(f"P{clock}{number}{code}", "duration")


# (code, on the clock) -> (next smaller code, how many of it make one): for fractions.
_SMALLER_UNIT = {
    ("Y", False): ("M", 12),
    ("D", False): ("H", 24),
    ("H", True): ("M", 60),
    ("M", True): ("S", 60),
}


# Shifting points by units ---------------------------------------------------------------------


def _shift(anchor: dt.date, unit: str, count: float) -> Normalised | None:
    """The anchor moved by `count` units, expressed at the unit's granularity."""
    whole = int(count)
    if unit in ("second", "minute", "hour"):
        return _day(anchor)  # "an hour and a half later": the day is what a date says
    if whole != count:
        if unit == "year" and (count * 12) == int(count * 12):
            return _month(*_ym(_add_months(anchor, int(count * 12))))
        return None
    if unit in ("second", "minute", "hour", "day"):
        days = whole if unit == "day" else 0
        return _day(anchor + dt.timedelta(days=days))
    if unit in ("week", "fortnight"):
        factor = 2 if unit == "fortnight" else 1
        return _week(anchor + dt.timedelta(weeks=whole * factor))
    if unit == "month":
        return _month(*_ym(_add_months(anchor, whole)))
    if unit == "quarter":
        moved = _add_months(anchor, 3 * whole)
        return _quarter(moved.year, (moved.month - 1) // 3 + 1)
    factor = {"year": 1, "decade": 10, "century": 100}[unit]
    return _year(anchor.year + whole * factor)


def _ym(d: dt.date) -> tuple[int, int]:
    return d.year, d.month


def _unknown_shift(unit: str) -> Normalised:
    """The value of a shift from an unknown anchor: the unit's granularity, all X."""
    if unit in ("second", "minute", "hour", "day"):
        return Normalised("XXXX-XX-XX", "day")
    if unit in ("week", "fortnight"):
        return _week(None)
    if unit == "month":
        return Normalised("XXXX-XX", "month")
    if unit == "quarter":
        return _quarter(None, None)
    return _year(None)


def _shift_point(point: _Point, unit: str, count: int) -> Normalised | None:
    """A reference point moved by whole units, at the point's own granularity."""
    if point.granularity == "quarter":
        months = {"year": 12, "quarter": 3, "month": 1}.get(unit)
        if months is None:
            return None
        index = point.year * 4 + point.number - 1 + count * months // 3
        return _quarter(index // 4, index % 4 + 1)
    if point.granularity == "year":
        if unit not in ("year", "decade", "century"):
            return None
        return _year(point.year + count * {"year": 1, "decade": 10, "century": 100}[unit])
    if point.granularity == "month":
        if unit not in ("month", "year", "quarter"):
            return None
        months = count * {"month": 1, "quarter": 3, "year": 12}[unit]
        return _month(*_ym(_add_months(dt.date(point.year, point.number, 1), months)))
    if point.granularity == "day":
        return _shift(point.date, unit, count)
    if point.granularity == "week":
        monday = dt.date.fromisocalendar(point.year, point.number, 1)
        return _shift(monday, unit, count)
    return None


# Rule handlers --------------------------------------------------------------------------------


def _g(match: re.Match[str], name: str) -> str | None:
    """A named group, None when the pattern has no such group or it did not take part."""
    try:
        return match.group(name)
    except IndexError:
        return None


def _day_mode(relative: str | None, ctx: _Context) -> str:
    """`_mode` for a day: a simple present ("they meet Monday") is a schedule, so future."""
    if not relative and ctx.tense == "present":
        return "future"
    return _mode(relative, ctx)


def _bare_mode(
    keys: list[int], anchor_key: int, ctx: _Context, days_per_key: float, day: bool = False
) -> str:
    """The tense's mode for a day or month given without a year, unless the tense says past and
    the past occurrence is further back than news leaves a year unsaid (see settings)."""
    mode = _day_mode(None, ctx) if day else _mode(None, ctx)
    if mode != "past" or ctx.tense == "event":
        return mode  # an event's date is past however far back ("the Jan. 6 riot")
    past = [k for k in keys if k <= anchor_key]
    if past and (anchor_key - max(past)) * days_per_key > settings.TIME_BARE_PAST_MAX_DAYS:
        return "nearest"
    return mode


def _occurrence_of_month(month: int, ctx: _Context, mode: str, bare: bool = False) -> int | None:
    anchor = ctx.anchor
    if anchor is None:
        return None
    if mode == "this":
        return anchor.year
    anchor_key = anchor.year * 12 + anchor.month - 1
    keys = [(anchor.year + k) * 12 + month - 1 for k in (-1, 0, 1)]
    if bare:
        mode = _bare_mode(keys, anchor_key, ctx, _DAYS_PER_MONTH)
    chosen = _pick(keys, anchor_key, mode)
    return None if chosen is None else chosen // 12


def _mode(relative: str | None, ctx: _Context, default: str | None = None) -> str:
    if relative:
        key = _key(relative)
        if key in _RELATIVE_MODE:
            return _RELATIVE_MODE[key]
        if key == "this":
            return "this"
    if ctx.tense in (None, "present") and default is not None:
        return default
    return _TENSE_MODE[ctx.tense]


def _h_iso(match: re.Match[str], ctx: _Context) -> Normalised | None:
    d = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if d is None:
        return None
    if match["hh"]:
        return Normalised(f"{d.isoformat()}T{match['hh']}:{match['mi']}", "time")
    return _day(d)


def _h_numeric(match: re.Match[str], ctx: _Context) -> Normalised | None:
    first, second = int(match["a"]), int(match["b"])
    year = int(match["y"]) if len(match["y"]) == 4 else _two_digit_year(int(match["y"]), ctx.anchor)
    # US order (month first) unless the first number cannot be a month.
    month, day = (second, first) if first > 12 else (first, second)
    d = _safe_date(year, month, day)
    return None if d is None else _day(d)


def _resolve_day_month(
    month: int, day: int, year_text: str | None, weekday_text: str | None, ctx: _Context
) -> Normalised | None:
    if year_text:
        year = _year_value(year_text, ctx.anchor)
        d = None if year is None else _safe_date(year, month, day)
        return None if d is None else _day(d)
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: any real day-month fits
        return None
    anchor = ctx.anchor
    if anchor is None:
        return Normalised(f"XXXX-{month:02d}-{day:02d}", "day")
    candidates = [d for k in (-1, 0, 1) if (d := _safe_date(anchor.year + k, month, day))]
    if weekday_text:
        weekday = _weekday_number(weekday_text)
        matching = [d for d in candidates if d.isoweekday() == weekday]
        if matching:
            candidates = matching
    keys = [d.toordinal() for d in candidates]
    chosen = _pick(keys, anchor.toordinal(), _bare_mode(keys, anchor.toordinal(), ctx, 1, True))
    if chosen is None:
        chosen = min((d.toordinal() for d in candidates), key=lambda k: abs(k - anchor.toordinal()))
    return _day(dt.date.fromordinal(chosen))


def _h_month_day(match: re.Match[str], ctx: _Context) -> Normalised | None:
    day = int(re.match(r"\d+", match["day"]).group())
    return _resolve_day_month(_month_number(match["mon"]), day, match["yr"], _g(match, "wd"), ctx)


def _h_week_of(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """ "the week of March 6": the (ISO) week that day falls in."""
    day = _h_month_day(match, ctx)
    d = None if day is None else _parse_iso_date(day.value)
    return None if d is None else _week(d)


def _h_day_month(match: re.Match[str], ctx: _Context) -> Normalised | None:
    day = _ordinal(match["day"]) if not match["day"].isdigit() else int(match["day"])
    if day is None or not 1 <= day <= 31:
        return None
    return _resolve_day_month(_month_number(match["mon"]), day, match["yr"], _g(match, "wd"), ctx)


def _h_month_year(match: re.Match[str], ctx: _Context) -> Normalised | None:
    month = _month_number(match["mon"])
    if _g(match, "rel"):
        if ctx.anchor is None:
            return _month(None, month)
        offset = {"this": 0, "last": -1, "next": 1}[_key(match["rel"])]
        return _month(ctx.anchor.year + offset, month)
    year = _year_value(match["yr"], ctx.anchor)
    return None if year is None else _month(year, month)


def _h_month(match: re.Match[str], ctx: _Context) -> Normalised | None:
    month = _month_number(match["mon"])
    relative = _g(match, "rel")
    mode = _mode(relative, ctx)
    return _month(_occurrence_of_month(month, ctx, mode, bare=not relative), month)


def _h_year(match: re.Match[str], ctx: _Context) -> Normalised | None:
    year = _year_value(match["yr"], ctx.anchor)
    return None if year is None else _year(year)


def _h_decade(match: re.Match[str], ctx: _Context) -> Normalised | None:
    words = lexicon("words")["decades"]
    if match["cent"]:
        return Normalised(f"{match['cent']}{match['dec']}", "decade")
    if match["dec2"]:
        decade = int(match["dec2"])
    else:
        decade = words[_key(match["decw"])]
        if match["centw"]:
            century = _spelled_year(match["centw"] + " hundred")
            return Normalised(f"{century // 100}{decade}", "decade")
    if ctx.anchor is None:
        return Normalised(f"XX{decade}", "decade")
    century = ctx.anchor.year // 100
    if century * 100 + decade * 10 > ctx.anchor.year:
        century -= 1
    return Normalised(f"{century}{decade}", "decade")


def _h_century(match: re.Match[str], ctx: _Context) -> Normalised | None:
    if match["ord"]:
        number = _ordinal(match["ord"])
        if number is None or not 1 <= number <= 30:
            return None
        return Normalised(f"{number - 1:02d}", "century")
    if ctx.anchor is None:
        return Normalised("XX", "century")
    offset = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "next": 1}
    return Normalised(f"{ctx.anchor.year // 100 + offset[_key(match['rel'])]:02d}", "century")


def _day_part_code(text: str | None) -> str:
    if not text:
        return ""
    compact = re.sub(r"[\s-]", "", _key(text))
    parts = {re.sub(r"[\s-]", "", k): v for k, v in lexicon("calendar")["day_parts"].items()}
    return "T" + parts[compact]


def _with_part(d: dt.date | None, part: str, unknown: str = "XXXX-XX-XX") -> Normalised:
    base = unknown if d is None else d.isoformat()
    return Normalised(base + part, "part_of_day" if part else "day")


def _h_weekday(match: re.Match[str], ctx: _Context) -> Normalised | None:
    weekday = _weekday_number(match["wd"])
    part = _day_part_code(_g(match, "part"))
    anchor = ctx.anchor
    if anchor is None:
        return Normalised(f"XXXX-WXX-{weekday}{part}", "part_of_day" if part else "day")
    relative = _key(match["rel"]) if _g(match, "rel") else None
    if relative == "this":
        monday = anchor - dt.timedelta(days=anchor.isoweekday() - 1)
        return _with_part(monday + dt.timedelta(days=weekday - 1), part)
    candidates = [anchor + dt.timedelta(days=k) for k in range(-7, 8)]
    keys = [d.toordinal() for d in candidates if d.isoweekday() == weekday]
    mode = _day_mode(relative, ctx)
    chosen = _pick(keys, anchor.toordinal(), mode)
    return _with_part(dt.date.fromordinal(chosen), part)


_DEICTIC_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _h_deictic(match: re.Match[str], ctx: _Context) -> Normalised | None:
    word = _key(match["dd"])
    part = _day_part_code(_g(match, "part") or _g(match, "part0"))
    if word == "tonight" and not part:
        part = "TNI"
    anchor = ctx.anchor
    d = None if anchor is None else anchor + dt.timedelta(days=_DEICTIC_OFFSETS[word])
    return _with_part(d, part)


def _h_day_before(match: re.Match[str], ctx: _Context) -> Normalised | None:
    offset = -2 if "yesterday" in _key(match.group()) else 2
    anchor = ctx.anchor
    return _with_part(None if anchor is None else anchor + dt.timedelta(days=offset), "")


def _h_this_part(match: re.Match[str], ctx: _Context) -> Normalised | None:
    offset = -1 if _key(match["rel"]) == "last" else 0
    anchor = ctx.anchor
    d = None if anchor is None else anchor + dt.timedelta(days=offset)
    return _with_part(d, _day_part_code(match["part"]))


_PERIOD_UNITS = ("day", "week", "month", "quarter", "year", "decade", "century")


def _period_of(d: dt.date | None, unit: str) -> Normalised:
    """The period of `unit` that contains day `d` (X when unknown)."""
    if unit == "day":
        return _with_part(d, "")
    if unit == "week":
        return _week(d)
    if unit == "month":
        return Normalised("XXXX-XX", "month") if d is None else _month(d.year, d.month)
    if unit == "quarter":
        return _quarter(None, None) if d is None else _quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "decade":
        return Normalised("XXX" if d is None else str(d.year // 10), "decade")
    if unit == "century":
        return Normalised("XX" if d is None else f"{d.year // 100:02d}", "century")
    return _year(None if d is None else d.year)


def _moved(d: dt.date, unit: str, count: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=count)
    if unit == "week":
        return d + dt.timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(d, count * months)


_ANAPHORIC = {
    "that": 0,
    "the same": 0,
    "the following": 1,
    "the next": 1,
    "the previous": -1,
    "the preceding": -1,
    "the prior": -1,
}
_DEICTIC = {"this": 0, "the current": 0, "last": -1, "this past": -1, "next": 1}
_DEICTIC.update({"the coming": 1, "this coming": 1, "coming": 1})


def _point_date(point: _Point | None) -> dt.date | None:
    """A day inside a reference point (its first day for coarser points)."""
    if point is None:
        return None
    if point.granularity == "day":
        return point.date
    if point.granularity == "week":
        return dt.date.fromisocalendar(point.year, point.number, 1)
    if point.granularity == "month":
        return dt.date(point.year, point.number, 1)
    if point.granularity == "quarter":
        return dt.date(point.year, 3 * point.number - 2, 1)
    return dt.date(point.year, 1, 1)


def _h_relative_unit(match: re.Match[str], ctx: _Context) -> Normalised | None:
    relative = _key(match["rel"])
    unit = _key(match["unit"])
    if relative in _ANAPHORIC:
        ctx.anaphoric = True
        base = ctx.base()
        d = _point_date(base)
        if base is not None and _granularity_rank(base.granularity) > _granularity_rank(unit):
            d = None  # "that day" after "in 2024": the day is not known
        if d is None:
            return _period_of(None, unit)
        return _period_of(_moved(d, unit, _ANAPHORIC[relative]), unit)
    if unit == "day":
        return None  # "next day delivery", "last day": not a date
    offset = _DEICTIC[relative]
    if ctx.anchor is None:
        return _period_of(None, unit)
    return _period_of(_moved(ctx.anchor, unit, offset), unit)


def _granularity_rank(unit: str) -> int:
    order = ("day", "week", "month", "quarter", "year", "decade", "century")
    return order.index(unit) if unit in order else len(order)


def _accept_anchor_period(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # "Businessman of the Year", "Vendor of the year": a title, not a time
    if match["unit"][0].isupper():
        return False
    words = re.findall(r"[\w'’-]+", text[max(0, match.start() - 40) : match.start()])
    return not (len(words) >= 2 and words[-1].lower() == "of" and _capitalised(words[-2]))


def _h_anchor_period(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """ "the end of the year", "earlier in the week": the anchor's own period."""
    return _period_of(ctx.anchor, _key(match["unit"]))


def _h_year_end(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return _year(None if ctx.anchor is None else ctx.anchor.year)


def _h_day_part_alone(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """The part of the day last mentioned, else of the publication day."""
    part = _day_part_code(_g(match, "part") or match["mid"])
    if ctx.ref is not None and ctx.ref.granularity == "day":
        return _with_part(ctx.ref.date, part)
    return _with_part(ctx.anchor, part)


def _h_weekend(match: re.Match[str], ctx: _Context) -> Normalised | None:
    anchor = ctx.anchor
    if anchor is None:
        return Normalised("XXXX-WXX-WE", "weekend")
    relative = _key(match["rel"]) if match["rel"] else "the"
    weekday = anchor.isoweekday()
    in_weekend = weekday >= 6
    if relative in ("this", "that", "the same"):
        offset = 0
    elif relative in ("last", "this past", "past"):
        offset = -1  # during a weekend too: "last weekend" is the one before
    elif relative in ("next", "this coming", "coming"):
        offset = 0 if not in_weekend else 1
    else:  # "the weekend", "over the weekend": by tense, else the nearest weekend
        mode = _TENSE_MODE[ctx.tense]
        if in_weekend:
            offset = 0
        elif mode == "past" or (mode == "nearest" and weekday <= 3):
            offset = -1
        else:
            offset = 0
    year, week, _ = (anchor + dt.timedelta(weeks=offset)).isocalendar()
    return Normalised(f"{year:04d}-W{week:02d}-WE", "weekend")


def _is_quantity_before(text: str, start: int) -> bool:
    """Whether a count comes just before `start`, making "a year" a rate: "$5 million a
    year", "24 hours a day", "four or five shows a year", "twice a week"."""
    words = re.findall(r"[\w%$£€¥.,'’-]+", text[max(0, start - 40) : start])[-3:]
    numbers = lexicon("words")["numbers"]
    frequencies = lexicon("words")["frequencies"]
    for word in words:
        key = _key(word).strip(".,")
        if any(ch.isdigit() for ch in key) or key in frequencies or key == "times":
            return True
        if key in numbers and key not in ("a", "an"):
            return True
    return False


def _direction_of(word: str) -> tuple[int, bool]:
    """(sign, anaphoric) of "ago", "earlier", "later", "from now"..."""
    key = _key(word)
    sign = -1 if key in ("ago", "earlier", "before", "back") else 1
    anaphoric = key in ("earlier", "later", "before", "after", "on")
    return sign, anaphoric


def _h_ago(match: re.Match[str], ctx: _Context) -> Normalised | None:
    sign, anaphoric = _direction_of(match["dir"])
    unit, _ = _unit_of(match["unit"])
    count = _number(match["num"]) if _g(match, "num") else None
    if count is None:
        return Normalised("PAST_REF" if sign < 0 else "FUTURE_REF", "reference")
    if _g(match, "half"):
        count += 0.5  # "a year and a half ago"
    quarter = ctx.recent_quarter()
    if quarter is not None and unit == "year" and count == int(count):
        ctx.anaphoric = True
        return _shift_point(quarter, unit, sign * int(count))
    if (
        anaphoric
        and ctx.ref is not None
        and (
            ctx.ref.granularity in ("day", "week", "month")
            or (
                ctx.ref.granularity == "year" and unit in ("year", "decade", "century") and sign > 0
            )
        )
    ):
        # "two days later" counts from the last date mentioned, and "four years later" from
        # the last year; a bare year is too coarse for a day ("two days later" after "2019").
        # "a year earlier" after a year is mostly the report's comparison with the year before
        # the anchor ("profit rose from a year earlier"), so only "later" counts from a year.
        shifted = _shift_point(ctx.ref, unit, sign * int(count)) if count == int(count) else None
        if shifted is not None:
            ctx.anaphoric = True
            return shifted
    if ctx.anchor is None:
        return _unknown_shift(unit)
    return _shift(ctx.anchor, unit, sign * count)


def _h_in_units(match: re.Match[str], ctx: _Context) -> Normalised | None:
    unit, _ = _unit_of(match["unit"])
    count = _number(match["num"])
    explicit_future = bool(_g(match, "time"))
    if not explicit_future and ctx.tense != "future":
        return _duration(count, match["unit"])
    if count is None:
        return Normalised("FUTURE_REF", "reference")
    if ctx.anchor is None:
        return _unknown_shift(unit)
    return _shift(ctx.anchor, unit, count)


def _h_duration(match: re.Match[str], ctx: _Context) -> Normalised | None:
    num_text = match["num"]
    key = _key(num_text)
    if (
        key in ("a", "an")
        and not _g(match, "det")
        and not _g(match, "rel")
        and _is_quantity_before(match.string, match.start())
    ):
        return Normalised(_duration(1, match["unit"]).value, "set")
    count = None if _g(match, "num2") else _number(num_text)
    if count is not None and _g(match, "half"):
        count += 0.5  # "a year and a half"
    return _duration(count, match["unit"])


def _h_half_unit(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return _duration(0.5, match["unit"])  # "half an hour", "a half-day"


def _h_the_unit(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """ "the past year" -> P1Y; "the next day", "the previous year" -> anaphoric points."""
    relative = _key(match["rel"])
    unit, _ = _unit_of(match["unit"])
    if relative in ("following", "previous", "preceding", "prior") or (
        relative == "next" and unit == "day"
    ):
        offset = 1 if relative in ("following", "next") else -1
        ctx.anaphoric = True
        d = _point_date(ctx.base())
        if d is None or unit not in _PERIOD_UNITS:
            return _period_of(None, unit) if unit in _PERIOD_UNITS else None
        return _period_of(_moved(d, unit, offset), unit)
    return _duration(1, match["unit"])


def _h_hyphen_duration(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return _duration(_number(match["num"]), match["unit"])  # "several", "multi": None


def _h_unit_long(match: re.Match[str], ctx: _Context) -> Normalised | None:
    singular = _key(match["unit"]) == _unit_of(match["unit"])[1]["forms"][0]
    return _duration(1 if singular else None, match["unit"])


def _h_bare_units(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return _duration(None, match["unit"])


_ORD_Q = {"final": 4, "last": 4}


def _quarter_number(text: str) -> int | None:
    key = _key(text)
    if key in _ORD_Q:
        return _ORD_Q[key]
    number = _ordinal(key)
    return number if number in (1, 2, 3, 4) else None


def _latest_quarter(ctx: _Context, quarter: int, mode: str) -> int | None:
    """The year of quarter `quarter` on or before the anchor's (or after, if future)."""
    anchor = ctx.anchor
    if anchor is None:
        return None
    current = (anchor.month - 1) // 3 + 1
    if quarter <= current:
        past, ahead = anchor.year, anchor.year + 1
    else:
        past, ahead = anchor.year - 1, anchor.year
    if mode == "future":  # the nearer of the two: "will report third-quarter results" in October
        back = (current - quarter) % 4
        return past if back <= 4 - back else ahead
    return past


def _h_quarter(match: re.Match[str], ctx: _Context) -> Normalised | None:
    ordinal = _key(match["ord"])
    quarter = _quarter_number(ordinal)
    if quarter is None:
        return None
    fiscal = _g(match, "fis") or _g(match, "fis2") or _g(match, "fis3")
    year_text = _g(match, "yr") or _g(match, "pyr")
    relative = _g(match, "prel") or _g(match, "srel")
    anchor = ctx.anchor
    year: int | None
    if year_text:
        year = _year_value(year_text, anchor)
    elif relative:
        offset = {"this": 0, "last": -1, "next": 1}[_key(relative)]
        year = None if anchor is None else anchor.year + offset
    elif ordinal == "last" and _key(match["det"] or "") in ("the", ""):
        # "the last quarter" without a year: the quarter before the anchor's
        if anchor is None:
            return _quarter(None, None)
        moved = _add_months(anchor, -3)
        return _quarter(moved.year, (moved.month - 1) // 3 + 1)
    elif fiscal:
        year = None if anchor is None else anchor.year
    else:
        mode = "future" if ctx.tense == "future" else "past"
        year = _latest_quarter(ctx, quarter, mode)
    if _g(match, "ago") and year is not None:
        ctx.anaphoric = True
        year -= 1
    if fiscal:
        return Normalised(f"FY{_year_text(year)}-Q{quarter}", "fiscal_quarter")
    return _quarter(year, quarter)


def _reference_quarter(ctx: _Context) -> _Point | None:
    """The quarter anaphora refer to: the last one mentioned, else the last ended one."""
    if ctx.ref_quarter is not None:
        return ctx.ref_quarter
    if ctx.anchor is None:
        return None
    moved = _add_months(ctx.anchor, -3)
    return _Point("quarter", moved.year, (moved.month - 1) // 3 + 1)


_LATEST_QUARTER_WORDS = ("latest", "most recent", "recent", "just-ended", "just-completed")


def _not_over(point: _Point, anchor: dt.date) -> bool:
    """Whether quarter `point` is the anchor's own quarter or a later one."""
    return (point.year, point.number) >= (anchor.year, (anchor.month - 1) // 3 + 1)


def _h_quarter_anaphora(match: re.Match[str], ctx: _Context) -> Normalised | None:
    which = _key(_g(match, "which") or "")
    back = bool(_g(match, "ago")) or any(
        w in which for w in ("year-earlier", "year-ago", "year earlier", "year ago", "year-before")
    )
    back = back or which in ("comparable", "corresponding")
    if which == "current":
        if ctx.anchor is None:
            return _quarter(None, None)
        return _quarter(ctx.anchor.year, (ctx.anchor.month - 1) // 3 + 1)
    if _g(match, "yr"):
        ctx.anaphoric = True
        base = _reference_quarter(ctx)
        year = _year_value(match["yr"], ctx.anchor)
        return _quarter(year, None if base is None else base.number)
    base = _reference_quarter(ctx)
    if base is None:
        return _quarter(None, None)
    if which in _LATEST_QUARTER_WORDS and ctx.anchor is not None and _not_over(base, ctx.anchor):
        # "the latest quarter" is the last one with results: not one still running, which the
        # text mentioned as a forecast ("a fourth-quarter charge" written in November)
        moved = _add_months(ctx.anchor, -3)
        return _quarter(moved.year, (moved.month - 1) // 3 + 1)
    if which in ("previous", "preceding", "prior"):
        ctx.anaphoric = True
        return _shift_point(base, "quarter", -1)
    if back:
        ctx.anaphoric = True
        return _shift_point(base, "year", -1)
    return _quarter(base.year, base.number)


def _h_year_earlier_adj(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """ "year-earlier", "year-ago" used as adjectives: the compared period a year before."""
    ctx.anaphoric = True
    quarter = ctx.recent_quarter()
    if quarter is not None:
        return _shift_point(quarter, "year", -1)
    return _year(None if ctx.anchor is None else ctx.anchor.year - 1)


_HALF_ORD = {"first": 1, "1st": 1, "front": 1, "second": 2, "2nd": 2, "latter": 2, "back": 2}


def _h_half(match: re.Match[str], ctx: _Context) -> Normalised | None:
    ordinal = _key(match["ord"])
    anchor = ctx.anchor
    year_text = _g(match, "yr") or _g(match, "pyr")
    relative = _g(match, "prel") or _g(match, "srel") or _g(match, "srel2")
    if ordinal == "last":
        half = 2 if (year_text or relative) else None
        if half is None:  # "the last half" alone: the half before the anchor's
            if anchor is None:
                return Normalised("XXXX-HX", "half")
            moved = _add_months(anchor, -6)
            return Normalised(f"{moved.year:04d}-H{(moved.month - 1) // 6 + 1}", "half")
    else:
        half = _HALF_ORD[ordinal]
    year: int | None
    if year_text:
        year = _year_value(year_text, anchor)
    elif relative:
        key = _key(relative)
        offset = {"this": 0, "the": 0, "last": -1, "next": 1}[key]
        year = None if anchor is None else anchor.year + offset
    elif anchor is None:
        year = None
    else:
        current = (anchor.month - 1) // 6 + 1
        if ctx.tense == "future":
            year = anchor.year if half >= current else anchor.year + 1
        else:
            year = anchor.year if half <= current else anchor.year - 1
    return Normalised(f"{_year_text(year)}-H{half}", "half")


def _h_h_code(match: re.Match[str], ctx: _Context) -> Normalised | None:
    half = int(match["hn"])
    year = _year_value(match["yr"], ctx.anchor) if match["yr"] else None
    if year is None and ctx.anchor is not None:
        current = (ctx.anchor.month - 1) // 6 + 1
        year = ctx.anchor.year if half <= current else ctx.anchor.year - 1
    return Normalised(f"{_year_text(year)}-H{half}", "half")


def _fiscal(year: int | None) -> Normalised:
    return Normalised(f"FY{_year_text(year)}", "fiscal_year")


def _fiscal_end_year(first: str, second: str | None, anchor: dt.date | None) -> int | None:
    """The year a fiscal year ends: "2026" -> 2026, "2025/26" -> 2026, "26" -> 2026."""
    if second:
        if len(second) == 4:
            return int(second)
        start = int(first) if len(first) == 4 else _two_digit_year(int(first), anchor)
        candidate = start // 100 * 100 + int(second)
        return candidate if candidate > start else candidate + 100
    if len(first) == 4:
        return int(first)
    return _two_digit_year(int(first), anchor)


def _h_fy_code(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return _fiscal(_fiscal_end_year(match["y1"], match["y2"], ctx.anchor))


def _h_fiscal_year_number(match: re.Match[str], ctx: _Context) -> Normalised | None:
    first = match["yr"]
    if not re.fullmatch(r"\d{4}", first):
        year = _year_value(first, ctx.anchor)
        return None if year is None else _fiscal(year)
    return _fiscal(_fiscal_end_year(first, match["y2"], ctx.anchor))


_FISCAL_RELATIVE = {
    "current": 0,
    "this": 0,
    "same": 0,
    "last": -1,
    "latest": -1,
    "previous": -1,
    "past": -1,
    "prior": -1,
    "just-ended": -1,
    "next": 1,
    "coming": 1,
    "new": 1,
    "upcoming": 1,
}


def _h_fiscal_year(match: re.Match[str], ctx: _Context) -> Normalised | None:
    anchor = ctx.anchor
    month_text = match["mon"] or match["mon2"]
    if month_text:
        month = _month_number(month_text)
        verb = _key(match["verb"] or match["verb2"])
        year_text = match["yr"] or match["yr2"]
        starts = verb.split()[-1] in ("began", "beginning", "starting", "started", "begins")
        if year_text:
            year: int | None = _year_value(year_text, anchor)
        elif anchor is None:
            year = None
        else:
            if verb.startswith(("ended", "that ended", "which ended", "began", "started")):
                mode = "past"
            elif verb.startswith(("will", "ends", "that ends", "which ends", "begins")):
                mode = "future"
            else:
                mode = _TENSE_MODE[ctx.tense]
            year = _occurrence_of_month(month, ctx, mode)
        if year is None:
            return _fiscal(None)
        if starts:  # a fiscal year starting in April 2025 ends in March 2026
            year = year + 1 if month > 1 else year
        return _fiscal(year)
    relative = _key(match["rel"]) if match["rel"] else "current"
    if anchor is None:
        return _fiscal(None)
    return _fiscal(anchor.year + _FISCAL_RELATIVE[relative])


def _season_code(text: str) -> str:
    return lexicon("calendar")["seasons"][_key(text)]


def _h_season(match: re.Match[str], ctx: _Context) -> Normalised | None:
    code = _season_code(match["sea"])
    year_text = _g(match, "yr") or _g(match, "pyr")
    anchor = ctx.anchor
    if year_text:
        year = _year_value(year_text, anchor)
        return None if year is None else Normalised(f"{year:04d}-{code}", "season")
    if anchor is None:
        return Normalised(f"XXXX-{code}", "season")
    start = lexicon("calendar")["season_start_months"][code]
    anchor_key = anchor.year * 12 + anchor.month - 1
    keys = [(anchor.year + k) * 12 + start - 1 for k in (-1, 0, 1)]
    current = max(k for k in keys if k <= anchor_key)
    inside = anchor_key - current < 3
    relative = _key(match["rel"]) if _g(match, "rel") else None
    if relative == "this":
        # the season of the anchor's year ("this summer" in October is the summer just gone);
        # a winter that began in December is still "this winter" in February
        season_year = anchor.year - (1 if code == "WI" and anchor.month <= 2 else 0)
        chosen = current if inside else season_year * 12 + start - 1
    elif relative in ("last", "this past", "past"):
        chosen = current - 12 if inside else current
    elif relative in ("next", "this coming", "coming", "the coming"):
        chosen = current + 12
    elif inside:
        chosen = current
    else:
        chosen = _pick(keys, anchor_key, _TENSE_MODE[ctx.tense])
    return Normalised(f"{chosen // 12:04d}-{code}", "season")


def _h_holiday(match: re.Match[str], ctx: _Context) -> Normalised | None:
    spec = lexicon("calendar")["holidays"][_key(match["hol"])]
    anchor = ctx.anchor
    if _g(match, "yr"):
        year = _year_value(match["yr"], anchor)
        d = None if year is None else _holiday_date(spec, year)
        return None if d is None else _day(d)
    if anchor is None:
        if "day" in spec:
            return Normalised(f"XXXX-{spec['month']:02d}-{spec['day']:02d}", "day")
        return Normalised("XXXX-XX-XX", "day")
    candidates = [d for k in (-1, 0, 1) if (d := _holiday_date(spec, anchor.year + k))]
    this_year = _holiday_date(spec, anchor.year)
    mode = _mode(_g(match, "rel"), ctx)
    if mode == "this":
        return None if this_year is None else _day(this_year)
    chosen = _pick([d.toordinal() for d in candidates], anchor.toordinal(), mode)
    return None if chosen is None else _day(dt.date.fromordinal(chosen))


def _clock_text(match: re.Match[str]) -> str | None:
    if _g(match, "word"):
        return lexicon("calendar")["clock_words"][_key(match["word"])]
    hour = int(match["h"])
    minute = int(match["mi"]) if match["mi"] else 0
    meridiem = _key(match["ap"]).replace(".", "").replace(" ", "") if _g(match, "ap") else ""
    if _g(match, "dp"):
        part = _key(match["dp"]).split()[-1]
        meridiem = lexicon("calendar")["clock_day_parts"][part]
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _h_clock(match: re.Match[str], ctx: _Context) -> Normalised | None:
    clock = _clock_text(match)
    if clock is None:
        return None
    base = ctx.ref if ctx.ref is not None and ctx.ref.granularity == "day" else None
    if base is not None:
        day = base.date.isoformat()
    elif ctx.anchor is not None:
        day = ctx.anchor.isoformat()
    else:
        day = "XXXX-XX-XX"
    return Normalised(f"{day}T{clock}", "time")


def _h_reference(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return Normalised(lexicon("words")["references"][_key(match["ref"])], "reference")


def _h_period_reference(match: re.Match[str], ctx: _Context) -> Normalised | None:
    """ "in recent years", "the coming weeks", "the months ahead": a period of unknown length
    reaching back or forward from now (TimeML: a duration with an unknown count)."""
    return _duration(None, _g(match, "unit") or match["unit2"])


def _h_set_word(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return Normalised(lexicon("words")["sets"][_key(match["set"])], "set")


def _h_set_unit(match: re.Match[str], ctx: _Context) -> Normalised | None:
    count: float | None = 1.0
    if _g(match, "num"):
        count = _number(match["num"])
    if _g(match, "other"):
        count = 2.0
    return Normalised(_duration(count, match["unit"]).value, "set")


def _h_set_month(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return Normalised(f"XXXX-{_month_number(match['mon']):02d}", "set")


def _h_set_season(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return Normalised(f"XXXX-{_season_code(match['sea'])}", "set")


def _h_frequency(match: re.Match[str], ctx: _Context) -> Normalised | None:
    return Normalised(_duration(1, match["unit"]).value, "set")


# Acceptance checks (context the regex cannot see) ------------------------------------------------


def _tokens_at(parsed: Doc | None, start: int, end: int) -> list[Any]:
    if parsed is None:
        return []
    span = parsed.char_span(start, end, alignment_mode="expand")
    return [] if span is None else list(span)


def _in_entity(parsed: Doc | None, start: int, end: int, labels: set[str]) -> bool:
    return any(t.ent_type_ in labels for t in _tokens_at(parsed, start, end))


_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "EVENT"}
_NUMBER_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}


def _previous_word(text: str, start: int) -> str:
    words = re.findall(r"[\w'’-]+", text[max(0, start - 40) : start])
    return words[-1] if words else ""


def _next_word(text: str, end: int) -> str:
    words = re.findall(r"[\w'’-]+|[^\w\s]", text[end : end + 40])
    return words[0] if words else ""


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _not_a_name(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    """A month or weekday inside a person's or organisation's name is not a date."""
    return not _in_entity(parsed, match.start(), match.end(), _NAME_LABELS)


def _accept_month(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    if not _not_a_name(match, text, parsed):
        return False
    word = match["mon"]
    if _key(word) not in lexicon("calendar")["ambiguous_months"]:
        return True
    if _in_entity(parsed, match.start("mon"), match.end("mon"), {"DATE"}):
        return True
    if not (_capitalised(word) or text.isupper()):
        return False
    if _g(match, "rel") or _g(match, "pm"):
        return True
    previous = _key(_previous_word(text, match.start()))
    return previous in lexicon("words")["month_introducers"]


def _accept_day_month(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # with a day number beside it a month is a month, even inside a name ("the Aug. 7
    # bombings"), but "may 5" is still the verb in "we may 5 times..." unless capitalised
    word = match["mon"]
    if _key(word) in lexicon("calendar")["ambiguous_months"]:
        return _capitalised(word) or text.isupper()
    return True


def _accept_year(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    if _key(match["yr"]).startswith("two thousand") and "year" not in _key(match.group()):
        return False  # "two thousand people"
    if any(_counts_a_plural(t) for t in _tokens_at(parsed, match.start("yr"), match.end("yr"))):
        return False
    if _in_entity(parsed, match.start("yr"), match.end("yr"), {"DATE"}):
        return True
    return not _in_entity(parsed, match.start("yr"), match.end("yr"), _NUMBER_LABELS)


def _counts_a_plural(token: Any) -> bool:
    """ "2000 protesters": a number right before a plural noun, with no determiner or
    possessive before it, counts ("the 1992 protests", "the company's 1989 results" and
    "1990 BellSouth earnings" are years)."""
    head = token.head
    if token.dep_ != "nummod" or head.tag_ not in ("NNS", "NNPS") or head.i != token.i + 1:
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    return before is None or before.tag_ not in ("DT", "PRP$", "POS", "WP$")


def _accept_decade(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    if match["decw"] and not match["centw"]:
        return _key(match.group()).startswith("the")
    return True


def _accept_season(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    word = match["sea"]
    has_year = bool(_g(match, "yr") or _g(match, "pyr"))
    following = _key(_next_word(text, match.end()))
    if not has_year and not _g(match, "rel") and following in ("of", "in"):
        return False  # "the fall of Rome", "the fall in prices"
    if _key(word) in lexicon("calendar")["ambiguous_seasons"]:
        if not (_g(match, "rel") or _g(match, "the") or _g(match, "pm") or has_year):
            return False
        previous = _previous_word(text, match.start())
        if _capitalised(word) and _capitalised(previous):
            return False  # "Arab Spring", "Prague Spring"
    return True


def _accept_set_word(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # "the Israeli daily Haaretz", "the daily Le Monde": a newspaper, not a frequency
    previous = _previous_word(text, match.start())
    following = _next_word(text, match.end())
    if _key(previous) in ("the", "a", "an") and _capitalised(following):
        return False
    return not (
        _capitalised(previous) and not _sentence_start(text, match.start() - len(previous) - 1)
    ) and not _capitalised(following)


def _sentence_start(text: str, position: int) -> bool:
    before = text[: max(0, position)].rstrip()
    return not before or before[-1] in '.!?\n"“'


def _accept_reference(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    key = _key(match["ref"])
    previous = _key(_previous_word(text, match.start()))
    following = _next_word(text, match.end())
    if key == "soon" and previous == "as":
        return False  # "as soon as": a conjunction
    if text[match.end() : match.end() + 1] == "-":
        return False  # "now-defunct"
    if key == "the present":
        return not following or not following[0].isalpha()
    excluded = lexicon("words")["reference_exclusions"].get(key, [])
    return _key(following) not in excluded


def _accept_duration(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    num = _key(match["num"])
    unit = _key(match["unit"])
    if unit == "second" and num in ("a", "an", "one"):
        return False  # "a second round"
    if num in ("some",) and (not unit.endswith("s") or unit.startswith("quarter")):
        return False  # "some time", "in some quarters" (circles, not periods)
    return not _in_entity(parsed, match.start(), match.end(), {"MONEY", "PERCENT"})


_BARE_UNIT_INTRODUCERS = re.compile(
    r"(?:\b(?:for|over|within|in|after|lasting|took|takes|take|spent|spend)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


def _accept_bare_units(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    before = text[max(0, match.start() - 20) : match.start()]
    return bool(_BARE_UNIT_INTRODUCERS.search(before))


def _accept_clock(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    if _g(match, "tz") or _g(match, "ap"):
        return True
    previous = _key(_previous_word(text, match.start()))
    return previous in ("at", "by", "until", "till", "from", "before", "after", "around")


# Building the grammar ---------------------------------------------------------------------------


def _rules_spec() -> list[tuple[str, str, Handler, Accept | None, str]]:
    """(name, pattern, handler, accept, kind) in priority order (for equal spans).

    Patterns name lexicon pieces as %(NAME)s (filled in by `_grammar`); "%%" is a percent
    sign. `accept` checks what a pattern cannot see (case, spaCy entities, nearby words);
    `kind` "date" marks a day a clock time may join ("noon Thursday"), "clock" a clock time.
    """
    return [
        (
            "iso",
            r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
            r"(?![\w/-])",
            _h_iso,
            None,
            "date",
        ),
        (
            "numeric",
            r"(?<![\w/.-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d{2})(?![\w/])",
            _h_numeric,
            None,
            "date",
        ),
        (
            "month_day",
            r"(?:(?P<wd>%(WEEKDAY)s),?\s+)?(?:%(PARTMOD)s)?(?P<mon>%(MONTH)s)\.?\s+"
            r"(?P<day>%(DAYNUM)s)(?:(?:,\s*|\s+)(?P<yr>%(YEAR)s))?(?![\w])",
            _h_month_day,
            _accept_day_month,
            "date",
        ),
        (
            "week_of",
            r"the\s+week\s+of\s+(?P<mon>%(MONTH)s)\.?\s+(?P<day>%(DAYNUM)s)"
            r"(?:(?:,\s*|\s+)(?P<yr>%(YEAR)s))?(?![\w])",
            _h_week_of,
            None,
            "other",
        ),
        (
            "day_month",
            r"(?:(?P<wd>%(WEEKDAY)s),?\s+)?(?:the\s+)?(?P<day>%(DAYNUM)s|%(ORDWORD)s)"
            r"(?:\s+of)?\s+(?P<mon>%(MONTH)s)(?:,?\s+(?P<yr>%(YEAR)s))?(?![\w])",
            _h_day_month,
            _accept_day_month,
            "date",
        ),
        (
            "month_year",
            r"(?:%(PARTMOD)s)?(?P<mon>%(MONTH)s),?\s+(?:of\s+)?"
            r"(?:(?P<yr>%(YEAR)s)|(?P<rel>this|last|next)\s+year)(?![\w])",
            _h_month_year,
            _not_a_name,
            "other",
        ),
        (
            "month",
            r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming)\s+)?"
            r"(?P<pm>%(PARTMOD)s)?(?P<mon>%(MONTH)s)(?![\w])",
            _h_month,
            _accept_month,
            "other",
        ),
        (
            "fiscal_code",
            r"(?<![\w])(?-i:FY)\s?[-'’]?(?P<y1>\d{4}|\d{2})(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?(?![\w])",
            _h_fy_code,
            None,
            "other",
        ),
        (
            "fiscal_number",
            r"(?:the\s+)?%(FISCAL)s(?:[- ]year)?\s+(?P<yr>%(YEAR)s)"
            r"(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?(?![\w])",
            _h_fiscal_year_number,
            None,
            "other",
        ),
        (
            "number_fiscal",
            r"(?:the\s+)?(?P<yr>%(YEAR4)s)(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?\s+%(FISCAL)s\s+year"
            r"(?![\w])",
            _h_fiscal_year_number,
            None,
            "other",
        ),
        (
            "fiscal_year",
            # "the fiscal year ending March" is one expression; in "the fiscal year ended
            # March 31" the date is its own expression and only informs the fiscal year's
            # value (look-ahead), as TimeML annotates it
            r"(?:the\s+)?(?:(?P<rel>current|this|last|next|latest|previous|past|coming|new|same"
            r"|prior|upcoming|just-ended)\s+)?(?:%(FISCAL)s[- ]year|(?<=the\s)year(?=\s+"
            r"(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?:(?:on|in)\s+)?%(MONTH)s))"
            r"(?:(?=\s+(?P<verb>%(FYVERB)s)\s+(?:(?:on|in)\s+)?(?P<mon>%(MONTH)s)\.?\s+"
            r"%(DAYNUM)s(?:,?\s+(?P<yr>%(YEAR4)s))?)"
            r"|\s+(?P<verb2>%(FYVERB)s)\s+(?:(?:on|in)\s+)?(?P<mon2>%(MONTH)s)"
            r"(?:,?\s+(?P<yr2>%(YEAR4)s))?)?(?![\w-])",
            _h_fiscal_year,
            None,
            "other",
        ),
        (
            "quarter",
            r"(?:(?P<det>the|this|its|their|a|the\s+same)\s+)?"
            r"(?:(?P<pyr>%(YEAR4)s)['’]?s?\s+|(?P<prel>this|last|next)\s+year['’]s\s+)?"
            r"(?:(?P<fis>%(FISCAL)s)[- ])?(?P<ord>first|second|third|fourth|final|last|1st|2nd"
            r"|3rd|4th)[- ](?:(?P<fis2>%(FISCAL)s)[- ])?quarter"
            r"(?:\s+(?:of\s+)?(?:(?:the\s+)?(?P<fis3>%(FISCAL)s)(?:[- ]year)?\s+)?(?P<yr>%(YEAR4)s)"
            r"|\s+of\s+(?P<srel>this|last|next)\s+year|\s+(?P<ago>a\s+year\s+(?:ago|earlier)))?"
            r"(?![\w])",
            _h_quarter,
            None,
            "other",
        ),
        (
            "q_code",
            r"(?<![\w])(?:(?-i:Q)(?P<qn>[1-4])(?:\s*(?P<yr>%(YEAR4)s|['’]\d\d))?"
            r"|(?P<yr2>%(YEAR4)s)\s*(?-i:Q)(?P<qn2>[1-4]))(?![\w])",
            _h_q_code_any,
            None,
            "other",
        ),
        (
            "quarter_anaphora",
            r"the\s+(?:(?P<which>latest|current|previous|preceding|prior|same|year-earlier"
            r"|year-ago|year\s+earlier|year\s+ago|comparable(?:\s+year-(?:ago|earlier))?"
            r"|corresponding|most\s+recent|recent|just-ended|just-completed)\s+)?"
            r"(?:(?P<yr>%(YEAR4)s)\s+)?(?:fiscal\s+)?(?P<noun>quarter|period)"
            r"(?:\s+(?P<ago>a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year))?(?![\w])",
            _h_quarter_anaphora,
            _accept_quarter_anaphora,
            "other",
        ),
        (
            "last_years_quarter",
            r"last\s+year['’]s\s+(?P<which>)(?P<ago>)(?:quarter|period)(?![\w])",
            _h_quarter_anaphora_ago,
            None,
            "other",
        ),
        (
            "year_earlier_adj",
            r"(?<![\w-])year-(?:earlier|ago)(?![\w-])",
            _h_year_earlier_adj,
            None,
            "other",
        ),
        (
            "half",
            r"(?:(?P<det>the|this|its|their|a)\s+)?"
            r"(?:(?P<pyr>%(YEAR4)s)\s+|(?P<prel>this|last|next)\s+year['’]s\s+)?"
            r"(?P<ord>first|second|1st|2nd|latter|back|front|last)[- ]half"
            r"(?:\s+of\s+(?:(?P<yr>%(YEAR4)s)|(?P<srel>this|last|next|the)\s+year)"
            r"|\s+(?P<srel2>last|next|this)\s+year)?(?![\w])",
            _h_half,
            None,
            "other",
        ),
        (
            "h_code",
            r"(?<![\w])(?-i:H)(?P<hn>[12])(?:\s*(?P<yr>%(YEAR4)s|['’]\d\d))?(?![\w-])",
            _h_h_code,
            None,
            "other",
        ),
        (
            "year",
            # "pre-2008 levels", "post-1945 Europe": the value is the boundary year
            r"(?:%(PARTMOD)s|the\s+(?:calendar\s+)?year\s+|(?<![\w$€£¥#.,/:-])(?:(?:pre|post)-)?)"
            r"(?P<yr>%(YEAR_ALONE)s)(?![\w%%]|[.,:/]\d|\s*(?:%%|per\s*cent))",
            _h_year,
            _accept_year,
            "other",
        ),
        (
            "decade",
            r"(?:the\s+)?(?:(?:early|mid|late)(?:-|\s+))?"
            r"(?:(?P<cent>1\d|20)(?P<dec>\d)0['’]?s|['’](?P<dec2>\d)0['’]?s"
            r"|(?:(?P<centw>nineteen|eighteen)[- ])?(?P<decw>%(DECADEWORD)s))(?![\w])",
            _h_decade,
            _accept_decade,
            "other",
        ),
        (
            "century",
            r"(?:the\s+)?(?:(?P<ord>\d{1,2}(?:st|nd|rd|th)|%(ORDWORD)s)[- ]century"
            r"|(?P<rel>this|the\s+current|last|the\s+previous|next)\s+century)(?![\w])",
            _h_century,
            None,
            "other",
        ),
        (
            "weekday",
            r"(?:(?P<rel>this\s+coming|this\s+past|last|next|this|coming|past)\s+)?"
            r"(?:(?:early|late|earlier|later)\s+)?(?P<wd>%(WEEKDAY)s)(?:['’]s(?![\w]))?"
            # "Monday and Tuesday nights" is a set (rule set_weekday)
            r"(?!(?:\s*(?:,|and|or)\s*%(WEEKDAY)s)+\s+(?:%(DAYPART)s)s(?![\w]))"
            r"(?:\s+(?P<part>%(DAYPART)s))?(?![\w])",
            _h_weekday,
            _not_a_name,
            "date",
        ),
        (
            "deictic",
            r"(?:(?:early|late|later|earlier)\s+)?(?:(?P<part0>%(DAYPART)s)\s+)?"
            r"(?P<dd>today|yesterday|tomorrow|tonight)(?:['’]s(?![\w]))?"
            r"(?:\s+(?P<part>%(DAYPART)s))?(?![\w])",
            _h_deictic,
            None,
            "date",
        ),
        (
            "day_before",
            r"the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)(?![\w])",
            _h_day_before,
            None,
            "date",
        ),
        (
            "this_part",
            r"(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last)\s+(?P<part>%(DAYPART)s)"
            r"(?![\w])",
            _h_this_part,
            None,
            "other",
        ),
        (
            "day_part_alone",
            # "by mid-afternoon", "in the early evening": a part of the day in the story
            r"(?:(?:early|late|mid)(?:-|\s+)(?P<part>%(DAYPART)s)|(?P<mid>mid-?(?:morning"
            r"|afternoon)))(?![\w-])",
            _h_day_part_alone,
            None,
            "other",
        ),
        (
            "weekend",
            r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming|that|the\s+same"
            r"|the)\s+)?weekend(?![\w])",
            _h_weekend,
            None,
            "other",
        ),
        (
            "relative_unit",
            r"(?:(?:earlier|later|early|late|mid)(?:-|\s+)(?:in\s+)?)?(?:%(PARTMOD)s)?"
            r"(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+current|the\s+previous"
            r"|the\s+preceding|the\s+prior|the\s+following|the\s+same|that|the\s+coming)\s+"
            r"(?P<unit>day|week|month|quarter|year|decade|century)(?![\w-])",
            _h_relative_unit,
            None,
            "other",
        ),
        (
            "anchor_period",
            r"(?:(?:earlier|later)\s+in\s+|%(PARTMOD)s)?the\s+(?:(?:full|whole|entire)\s+)?"
            r"(?P<unit>week|month|year|quarter|decade)(?![\w-])(?!\s+of\s)",
            _h_anchor_period,
            _accept_anchor_period,
            "other",
        ),
        (
            "year_end",
            r"(?<![\w-])(?:(?:the\s+)?year[- ]end|year['’]s\s+end)(?![\w-])",
            _h_year_end,
            None,
            "other",
        ),
        (
            "ago",
            r"(?:(?P<approx>%(APPROX)s)\s+)?(?:(?P<num>%(NUM)s)\s+(?:%(QUAL)s\s+)?)?"
            r"(?P<unit>%(UNIT)s)(?P<half>\s+and\s+a\s+half)?\s+(?:or\s+so\s+)?"
            r"(?P<dir>ago|earlier|later|from\s+now|hence|back(?=\s*[,.;:)!?]|$)"
            r"|(?:before|after|on)(?=\s*[,.;:)!?]|$))(?![\w])",
            _h_ago,
            _accept_ago,
            "other",
        ),
        (
            "in_units",
            r"in\s+(?:(?:%(APPROX)s)\s+)?(?P<num>%(NUM)s)\s+(?:%(QUAL)s\s+)?(?P<unit>%(UNIT)s)"
            r"(?P<time>['’]s?\s+time)?(?![\w])",
            _h_in_units,
            _accept_duration,
            "other",
        ),
        (
            "duration",
            # an approximator goes right before the count: in "over the past two years" the
            # "over" is a preposition
            r"(?:(?P<det>the|its|their)\s+)?"
            r"(?:(?P<rel>past|last|next|first|coming|previous|following|final|latest|initial"
            r"|remaining|same|other)\s+)?(?:(?:%(APPROX)s)\s+)?"
            r"(?P<num>%(NUM)s)(?:\s*(?:to|or|-|–|and)\s*(?P<num2>%(NUM)s))?\s+"
            r"(?:%(QUAL)s\s+)?(?P<unit>%(UNIT)s)(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?"
            r"(?![\w-])",
            _h_duration,
            _accept_duration,
            "other",
        ),
        (
            "half_unit",
            # the hyphenated form needs its article: "half-year results" is a first half
            r"(?<![\w-])(?:half\s+an?\s+|a\s+half[- ])(?P<unit>%(UNIT_SINGULAR)s)(?![\w-])",
            _h_half_unit,
            None,
            "other",
        ),
        (
            "the_unit",
            r"the\s+(?P<rel>past|last|next|coming|previous|following"
            r"|preceding|prior)\s+(?P<unit>%(UNIT_SINGULAR)s)(?:\s+or\s+so)?(?![\w-])"
            r"(?<!minute)(?<!second)",  # "at the last minute" is an idiom
            _h_the_unit,
            None,
            "other",
        ),
        (
            "hyphen_duration",
            # "a several-year slump", "a multi-year deal": an unknown count
            r"(?<![\w-])(?P<num>\d+(?:\.\d+)?|%(WORDNUM)s|%(HYPHENVAGUE)s)[- ]"
            r"(?P<unit>%(UNIT_SINGULAR)s)"
            r"(?:[- ]long)?(?![\w-])(?![- ]old(?![\w]))",
            _h_hyphen_duration,
            _accept_hyphen_duration,
            "other",
        ),
        (
            "unit_long",
            # "a day-long strike" lasts a day, a "decades-long conflict" an unknown number
            r"(?<![\w-])(?P<unit>%(UNIT)s)[- ]long(?![\w-])",
            _h_unit_long,
            None,
            "other",
        ),
        (
            "bare_units",
            r"(?:the\s+)?(?P<unit>%(UNIT_PLURAL)s)(?![\w-])",
            _h_bare_units,
            _accept_bare_units,
            "other",
        ),
        (
            "season",
            r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|coming|the\s+coming)"
            r"\s+)?(?:(?P<the>the)\s+)?(?:(?P<pm>early|late|mid)(?:-|\s+))?"
            r"(?:(?P<pyr>%(YEAR4)s)\s+)?(?P<sea>%(SEASON)s)(?:\s+(?:of\s+)?(?P<yr>%(YEAR)s))?"
            r"(?![\w])",
            _h_season,
            _accept_season,
            "other",
        ),
        (
            "holiday",
            r"(?:(?P<rel>this\s+past|this\s+coming|last|next|this)\s+)?(?P<hol>%(HOLIDAY)s)"
            r"(?:['’]s(?![\w]))?(?:,?\s+(?P<yr>%(YEAR4)s))?(?![\w])",
            _h_holiday,
            None,
            "date",
        ),
        (
            "clock",
            r"(?<![\w:.])(?P<h>[01]?\d|2[0-4])(?:[:.](?P<mi>[0-5]\d))?\s*"
            r"(?P<ap>[ap]\.\s?m\.?|[ap]m)(?![\w])(?:\s+(?P<tz>%(TZ)s)(?![\w]))?",
            _h_clock,
            _accept_clock,
            "clock",
        ),
        (
            "clock_part",
            # "4 in the morning", "10:30 at night": AP style writes counts under ten in words,
            # so a numeral before "in the morning" is an hour
            r"(?<![\w:.$])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s+(?:o['’]clock\s+)?"
            r"(?P<dp>in\s+the\s+(?:%(CLOCKPART)s)|at\s+night)(?![\w-])",
            _h_clock,
            None,
            "clock",
        ),
        (
            "clock_24",
            r"(?<![\w:.])(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?![\w:])"
            r"(?:\s*(?P<tz>%(TZ)s)(?![\w]))?",
            _h_clock,
            _accept_clock,
            "clock",
        ),
        (
            "clock_wire",
            r"(?<![\w:.])(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+(?P<tz>%(TZ)s)(?![\w])",
            _h_clock,
            None,
            "clock",
        ),
        (
            "clock_word",
            r"(?P<word>%(CLOCKWORD)s)(?![\w])",
            _h_clock,
            None,
            "clock",
        ),
        (
            "reference",
            r"(?P<ref>%(REFERENCE)s)(?![\w])",
            _h_reference,
            _accept_reference,
            "other",
        ),
        (
            "period_reference",
            r"(?:the\s+)?(?:(?P<adj>%(PERIODREF)s)\s+(?P<unit>%(UNIT_PLURAL)s)"
            r"|(?P<unit2>%(UNIT_PLURAL)s)\s+(?P<after>%(PERIODREF_AFTER)s))(?![\w-])",
            _h_period_reference,
            None,
            "other",
        ),
        (
            "set_word",
            r"(?P<set>%(SETWORD)s)(?![\w])",
            _h_set_word,
            _accept_set_word,
            "other",
        ),
        (
            "set_unit",
            r"%(SETPREFIX)s\s+(?:(?P<other>other)\s+)?(?:(?P<num>%(NUM)s)\s+)?"
            r"(?P<unit>%(UNIT)s)(?![\w-])",
            _h_set_unit,
            _accept_set_unit,
            "other",
        ),
        (
            "set_weekday",
            # "every Tuesday", "on Mondays", and a plural part of a named day: "Tuesday nights"
            r"(?:(?:every|each)\s+(?P<wd>%(WEEKDAY)s)|(?<=on\s)(?P<wdp>%(WEEKDAYS)s)"
            r"|(?P<wdn>%(WEEKDAY)s)(?=(?:\s*(?:,|and|or)\s*%(WEEKDAY)s)*"
            r"\s+(?P<partn>%(DAYPART)s)s(?![\w])))"
            r"(?:\s+(?P<part>%(DAYPART)s)s?)?(?![\w])",
            _h_set_weekday_any,
            None,
            "other",
        ),
        (
            "set_month",
            r"(?:every|each)\s+(?P<mon>%(MONTH)s)(?![\w])",
            _h_set_month,
            None,
            "other",
        ),
        (
            "set_season",
            r"(?:every|each)\s+(?P<sea>%(SEASON)s)(?![\w])",
            _h_set_season,
            None,
            "other",
        ),
        (
            "frequency",
            r"(?:%(FREQUENCY)s|(?:%(NUM)s)\s+times)\s+(?:a|an|per|every|each)\s+"
            r"(?P<unit>%(UNIT_SINGULAR)s)(?![\w-])",
            _h_frequency,
            None,
            "other",
        ),
    ]


def _h_q_code_any(match: re.Match[str], ctx: _Context) -> Normalised | None:
    quarter = int(match["qn"] or match["qn2"])
    year_text = match["yr"] or match["yr2"]
    if year_text:
        return _quarter(_year_value(year_text, ctx.anchor), quarter)
    mode = "future" if ctx.tense == "future" else "past"
    return _quarter(_latest_quarter(ctx, quarter, mode), quarter)


def _h_quarter_anaphora_ago(match: re.Match[str], ctx: _Context) -> Normalised | None:
    ctx.anaphoric = True
    base = _reference_quarter(ctx)
    if base is None:
        return _quarter(None, None)
    return _shift_point(base, "year", -1)


def _h_set_weekday_any(match: re.Match[str], ctx: _Context) -> Normalised | None:
    text = match["wd"] or match["wdp"] or match["wdn"]
    # in "Monday and Tuesday nights" the plural part belongs to Monday too
    part = _day_part_code(_g(match, "part") or _g(match, "partn"))
    key = _key(text).rstrip(".")
    if key.endswith("s") and key[:-1] in lexicon("calendar")["weekdays"]:
        key = key[:-1]
    return Normalised(f"XXXX-WXX-{_weekday_number(key)}{part}", "set")


def _accept_quarter_anaphora(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # "the period" alone is too vague to be a quarter; "the same period" or "the quarter" are
    # the comparisons of earnings reports.
    noun = _key(match["noun"])
    return noun == "quarter" or bool(_g(match, "which") or _g(match, "yr") or _g(match, "ago"))


def _accept_ago(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    if _g(match, "num") is None:
        # "years ago" with no count: only plural units
        return _key(match["unit"]).endswith("s") or _key(match["unit"]) == "centuries"
    return _accept_duration(match, text, parsed)


def _accept_hyphen_duration(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # "a-year" is not a thing; "$5-million" style amounts are money, not durations
    if _key(match["num"]) in ("a", "an"):
        return False
    return not _in_entity(parsed, match.start(), match.end(), {"MONEY", "PERCENT"})


def _accept_set_unit(match: re.Match[str], text: str, parsed: Doc | None) -> bool:
    # "every second person" is not a frequency
    return bool(_g(match, "num")) or _key(match["unit"]) not in ("second", "seconds")


@functools.cache
def _grammar() -> _Grammar:
    cal = lexicon("calendar")
    words = lexicon("words")
    month_full = _alternation(cal["months"])
    month_abbr = _alternation(cal["month_abbreviations"])
    weekday_full = _alternation(cal["weekdays"])
    weekday_abbr = _alternation(cal["weekday_abbreviations"])
    number_words = [w for w in words["numbers"]]
    tens = [w for w, n in words["numbers"].items() if n % 10 == 0 and 20 <= n <= 90]
    units_1_9 = [w for w, n in words["numbers"].items() if 1 <= n <= 9 and w not in ("a", "an")]
    compound = f"(?:{_alternation(tens)}(?:[- ]{_alternation(units_1_9)})?)"
    wordnum = f"(?:{compound}|{_alternation(number_words)})"
    teens = [w for w, n in words["numbers"].items() if 10 <= n <= 19]
    vague = _alternation(words["vague_numbers"])
    ordinal_words = list(words["ordinals"])
    ordinal_units = [w for w, n in words["ordinals"].items() if 1 <= n <= 9]
    ordword = (
        f"(?:{_alternation(['twenty', 'thirty'])}[- ]{_alternation(ordinal_units)}"
        f"|{_alternation(ordinal_words)})"
    )
    spelled_year = (
        f"(?:(?:{_alternation(['eighteen', 'nineteen', 'twenty'])})[- ]"
        f"(?:{_alternation(tens)}(?:[- ]{_alternation(units_1_9)})?|{_alternation(teens)}"
        f"|hundred)"
        f"|two\\s+thousand(?:\\s+and)?(?:\\s+(?:{compound}|{_alternation(teens)}"
        f"|{_alternation(units_1_9)}))?)"
    )
    year4 = r"(?<!\d)(?:1\d{3}|20\d{2}|21\d{2})(?!\d)"
    units = words["units"]
    unit_forms = [f for spec in units.values() for f in spec["forms"]]
    unit_singular = [spec["forms"][0] for spec in units.values()]
    unit_plural = [f for spec in units.values() for f in spec["forms"][1:]]
    part_modifiers = [m for m in words["part_modifiers"] if " " in m]
    short_modifiers = [m for m in words["part_modifiers"] if " " not in m]
    pieces = {
        "MONTH": (f"(?:{month_full}(?![\\w])|{month_abbr}\\.|{month_abbr}(?=\\s+\\d))"),
        "WEEKDAY": f"(?:{weekday_full}(?![\\w])|{weekday_abbr}\\.)",
        "WEEKDAYS": _alternation([w + "s" for w in cal["weekdays"]]),
        "DAYNUM": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w]|[:.,]\d)",
        "ORDWORD": ordword,
        "YEAR4": year4,
        "YEAR": f"(?:{year4}|{spelled_year})",
        "YEAR_ALONE": f"(?:(?<!\\d)(?:1[5-9]\\d\\d|20\\d\\d)(?!\\d)|{spelled_year})",
        "NUM": f"(?:\\d+(?:\\.\\d+)?(?:\\s+1/2|½)?|{wordnum}(?:\\s+and\\s+a\\s+half)?|{vague})",
        "WORDNUM": wordnum,
        "HYPHENVAGUE": _alternation(words["hyphen_vague_counts"]),
        "UNIT": _alternation(unit_forms),
        "UNIT_SINGULAR": _alternation(unit_singular),
        "UNIT_PLURAL": _alternation(unit_plural),
        "QUAL": _alternation(words["unit_qualifiers"]),
        "APPROX": _alternation(words["approximators"]),
        "PARTMOD": (
            f"(?:{_alternation(short_modifiers)}(?:-|\\s+)|{_alternation(part_modifiers)}\\s+)"
        ),
        "DAYPART": _alternation(cal["day_parts"]),
        "SEASON": _alternation(cal["seasons"]),
        "HOLIDAY": _alternation(cal["holidays"]),
        "TZ": _alternation(cal["timezones"]),
        "CLOCKWORD": _alternation(cal["clock_words"]),
        "CLOCKPART": _alternation(cal["clock_day_parts"]),
        "REFERENCE": _alternation(words["references"]),
        "PERIODREF": _alternation(words["period_references"]),
        "PERIODREF_AFTER": _alternation(words["period_references_after"]),
        "SETWORD": _alternation(words["sets"]),
        "SETPREFIX": _alternation(words["set_words"]),
        "FREQUENCY": _alternation(words["frequencies"]),
        "FISCAL": _alternation(words["fiscal_words"]),
        "FYVERB": (
            r"(?:that\s+|which\s+)?(?:will\s+end|ending|ended|ends|to|through|began|beginning"
            r"|starting|started|begins)"
        ),
        "DECADEWORD": _alternation(words["decades"]),
    }

    def fill(template: str) -> str:
        return re.sub(r"%\((\w+)\)s|%%", lambda m: pieces[m[1]] if m[1] else "%", template)

    rules = []
    for name, pattern, handler, accept, kind in _rules_spec():
        # each rule behind the characters its matches can start with (analyze/regex_gate.py)
        regex = compile_guarded(r"(?<![\w])" + fill(pattern), re.IGNORECASE)
        rules.append(_Rule(name, regex, handler, accept, kind))
    onsets = _alternation(words["onsets"])
    return _Grammar(
        rules=tuple(rules),
        prepositions=frozenset(w for w in words["leading_prepositions"] if " " not in w),
        onset=regex_cache.compile(rf"(?<![\w]){onsets}\s+(?:(?:in|on|from)\s+)?$", re.IGNORECASE),
        leading=regex_cache.compile(
            rf"^(?:{_alternation(words['leading_prepositions'])}|{onsets}(?:\s+(?:in|on|from))?)"
            r"\s+",
            re.IGNORECASE,
        ),
    )


def _strip_variants(text: str) -> list[str]:
    """The expression as given, then without a leading preposition or onset word."""
    variants = [text]
    stripped = _grammar().leading.sub("", text, count=1)
    if stripped != text and stripped:
        variants.append(stripped)
    return variants


def _parse_iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Finding expressions in a document
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]
    clock: _Candidate | None = None  # a clock time joined to this day ("noon Thursday")


def _find(text: str, parsed: Doc | None) -> list[_Candidate]:
    """Non-overlapping matches of the grammar, longest first, in text order."""
    found: list[tuple[int, int, int, _Rule, re.Match[str]]] = []
    key = search_key(text)
    present: dict[tuple[str, ...], bool] = {}  # rules on month names share their words
    for priority, (rule, needed, scan) in enumerate(_scans()):
        if needed is not None:
            held = present.get(needed)
            if held is None:
                held = present[needed] = _holds_any(key, needed)
            if not held:
                continue  # the text holds none of the words every match of the rule contains
        for match in finditer_folded(rule.regex, scan, text, key):
            if match.end() == match.start():
                continue
            if rule.accept is not None and not rule.accept(match, text, parsed):
                continue
            found.append((match.start(), match.end(), priority, rule, match))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], f[2]))
    taken: list[_Candidate] = []
    occupied: list[tuple[int, int]] = []
    for start, end, _, rule, match in found:
        if any(start < e and s < end for s, e in occupied):
            continue
        occupied.append((start, end))
        taken.append(_Candidate(start, end, rule, match))
    taken.sort(key=lambda c: c.start)
    return _join_clocks(text, taken)


@functools.cache
def _scans() -> tuple[tuple[_Rule, tuple[str, ...] | None, FoldedScan | None], ...]:
    """Each rule with the words one of which all its matches contain, and its folded scan.

    A word that contains another of them ("days", "april") adds nothing to the test and is
    left out; the shortest, which are the commonest, are tried first."""
    scans = []
    for rule in _grammar().rules:
        needed = required_literals(rule.regex)
        words = None
        if needed is not None:
            kept = {w for w in needed if not any(v != w and v in w for v in needed)}
            words = tuple(sorted(kept, key=lambda w: (len(w), w)))
        scans.append((rule, words, folded_scan(rule.regex)))
    return tuple(scans)


def _holds_any(key: str, words: tuple[str, ...]) -> bool:
    return any(map(key.__contains__, words))  # no generator frame per word


_CLOCK_BEFORE_DAY = re.compile(r"\s*(?:,\s*|\s+on\s+|\s+)$|^\s*(?:,\s*|on\s+)?$")
_CLOCK_AFTER_DAY = re.compile(r"^\s*,?\s*(?:at\s+)?$")


def _join_clocks(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """ "10 p.m. Wednesday", "Friday at noon": a clock time and its day become one time."""
    joined: list[_Candidate] = []
    i = 0
    while i < len(candidates):
        current = candidates[i]
        following = candidates[i + 1] if i + 1 < len(candidates) else None
        if following is not None:
            between = text[current.end : following.start]
            kinds = (current.rule.kind, following.rule.kind)
            if kinds == ("clock", "date") and re.fullmatch(r"\s*(?:,|on)?\s*", between):
                joined.append(
                    _Candidate(
                        current.start, following.end, following.rule, following.match, clock=current
                    )
                )
                i += 2
                continue
            if kinds == ("date", "clock") and re.fullmatch(r"\s*,?\s*(?:at\s+)?", between):
                joined.append(
                    _Candidate(
                        current.start, following.end, current.rule, current.match, clock=following
                    )
                )
                i += 2
                continue
        joined.append(current)
        i += 1
    return joined


def _extend_onset(text: str, start: int) -> int:
    """Start of "beginning in" / "starting" / "effective" before an expression, if any."""
    match = _grammar().onset.search(text[max(0, start - 30) : start])
    return start - (len(text[max(0, start - 30) : start]) - match.start()) if match else start


def _annotate(
    text: str, parsed: Doc | None, anchor: dt.date | None
) -> list[tuple[int, int, Normalised]]:
    """(start, end, value) of every time expression in `text`, in text order."""
    ctx = _Context(anchor=anchor)
    results: list[tuple[int, int, Normalised]] = []
    for candidate in _find(text, parsed):
        ctx.position = candidate.start
        ctx.tense = _own_time(text, parsed, candidate.start, candidate.end) or _tense(
            parsed, candidate.start, candidate.end
        )
        ctx.anaphoric = False
        result = candidate.rule.handler(candidate.match, ctx)
        if result is None:
            continue
        if candidate.clock is not None:
            result = _with_clock(result, candidate.clock)
        start = _extend_onset(text, candidate.start)
        if results and start < results[-1][1]:
            start = candidate.start
        results.append((start, candidate.end, result))
        point = _point_of(result.value)
        if point is not None and not ctx.anaphoric:
            ctx.ref = point
            if (
                point.granularity == "quarter"
                and candidate.rule.name in _QUARTER_RULES
                and ctx.tense != "future"
                and (anchor is None or point.year <= anchor.year)
            ):
                # a quarter of a later year or under a future verb ("losses through the third
                # quarter of 1990", "will decline in the fourth quarter") is a forecast; "the
                # year-ago period" compares with the results being reported
                ctx.ref_quarter = point
                ctx.ref_quarter_end = candidate.end
    return results


# Rules whose quarters later "a year earlier" / "the year-ago quarter" compare with.
_QUARTER_RULES = ("quarter", "q_code", "quarter_anaphora")


def _with_clock(day: Normalised, clock: _Candidate) -> Normalised:
    time_text = _clock_text(clock.match)
    if time_text is None or day.granularity != "day":
        return day
    return Normalised(f"{day.value}T{time_text}", "time")


# Tense of the clause an expression belongs to -----------------------------------------------------

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "’ll"}
_PERFECT_AUX = {"has", "have", "had", "'ve", "’ve", "been"}
_PRESENT_PERFECT_AUX = {"has", "have", "'ve", "’ve"}
# Other modals ("could be located Wednesday") and infinitives ("offers to acquire ... Friday",
# often a parse attachment error) say nothing reliable about past or future.
_PROSPECTIVE_MODALS = {"would", "'d", "’d"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "appos", "dative", "oprd", "csubj"}


@functools.cache
def _prospective_words() -> frozenset[str]:
    return frozenset(lexicon("words")["prospective_verbs"])


@functools.cache
def _same_form_past_verbs() -> frozenset[str]:
    return frozenset(lexicon("words")["same_form_past_verbs"])


@functools.cache
def _deadline_prepositions() -> frozenset[str]:
    return frozenset(lexicon("words")["deadline_prepositions"])


@functools.cache
def _retrospective_openers() -> tuple[str, ...]:
    return tuple(sorted(lexicon("words")["retrospective_openers"], key=len, reverse=True))


@functools.cache
def _past_event_nouns() -> frozenset[str]:
    return frozenset(lexicon("words")["past_event_nouns"])


def _own_time(text: str, parsed: Doc | None, start: int, end: int) -> str | None:
    """The time a date carries of its own, whatever the verb's tense: "retro" when the text
    looks back to it ("back in November", "as far back as March": the last one before the
    anchor's), "event" when it names a past event ("the Jan. 6 Capitol insurrection", "the
    March 11 bombings": the last such day on or before the anchor), else None."""
    before = " ".join(text[max(0, start - 30) : start].lower().split())
    if before.endswith(_retrospective_openers()):  # a tuple: any of them, in one call
        return "retro"
    if parsed is None:
        return None
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    # The date modifies a noun to its right, directly or through name words ("Capitol").
    for _ in range(settings.TIME_TENSE_MAX_HOPS):
        if token.dep_ not in ("compound", "nmod", "npadvmod", "amod", "poss"):
            return None
        head = token.head
        if head.i <= token.i or head.pos_ not in ("NOUN", "PROPN"):
            return None
        if head.lemma_.lower() in _past_event_nouns() or head.lower_ in _past_event_nouns():
            return "event"
        token = head
    return None


def _tense(parsed: Doc | None, start: int, end: int) -> str | None:
    """ "past", "future" or None: the tense of the verb the expression depends on."""
    if parsed is None:
        return None
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    if token.dep_ in _ARGUMENT_DEPS:
        return None  # "has set Nov. 10 as the deadline": the date is not when the verb happened
    for _ in range(settings.TIME_TENSE_MAX_HOPS):
        head = token.head
        if head is token:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return _verb_tense(head)
        if head.pos_ == "ADP" and head.lower_ in _deadline_prepositions():
            # "gave it until mid-November": a past verb, a deadline ahead; under a future verb
            # ("will stay until Friday") the deadline is ahead too
            verb = head.head
            if verb.pos_ in ("VERB", "AUX") and _verb_tense(verb) == "future":
                return "future"
            return None
        # climb through prepositions ("on Friday") and coordinated dates ("Monday and
        # Tuesday"); stop at a noun: in "Wednesday's ruling" or "entry on Friday" the noun is
        # the event and the verb above it may be anything
        if head.pos_ != "ADP" and token.dep_ != "conj":
            return None
        token = head
    return None


def _verb_tense(verb: Any) -> str | None:
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowered = {a.lower_ for a in auxiliaries}
    if lowered & _FUTURE_AUX:
        return "future"
    if lowered & _PROSPECTIVE_MODALS:
        return "future"  # reported future: "said it would meet in July"
    if verb.tag_ == "VB" and any(a.tag_ == "TO" for a in auxiliaries):
        # "is scheduled to close Monday", "plans to visit in July": the governing word says
        # whether the infinitive looks ahead ("offers to acquire ... Friday" does not)
        governor = verb.head
        # an infinitive subject ("countries to accede ... Friday were") is not governed
        if governor is not verb and verb.dep_ not in _SUBJECT_DEPS and _prospective(governor):
            if _past_perfect(governor):
                # "had been due to expire Friday": a plan since overtaken, whose day may well be
                # past; the nearest occurrence is the better guess
                return None
            return "future"
        return None
    if lowered & _PRESENT_PERFECT_AUX:
        # English does not put a definite past time on a present perfect: in "has scheduled a
        # news conference Thursday" the Thursday is the conference's, not the scheduling's
        return None
    if any(a.tag_ == "VBD" for a in auxiliaries) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and not auxiliaries and verb.dep_ == "acl" and _prospective(verb):
        return None  # a reduced relative: "a summit set for April", "a record set on Aug. 6"
    if verb.tag_ == "VBN" and (lowered & _PERFECT_AUX or not auxiliaries):
        return "past"
    if (
        verb.tag_ in ("VBZ", "VBP")
        and not auxiliaries
        and verb.lemma_.lower() != "be"
        and verb.lower_ not in _same_form_past_verbs()
    ):
        # news uses the simple present with a day for what is scheduled ("the two leaders meet
        # Monday", "the court rules Friday"); with a month it is as often a habit ("sales peak
        # in December"), so only days read it as future (see _day_mode). A verb whose past
        # looks like its present ("stocks hurt the index Friday") may be either.
        return "present"
    return None


def _past_perfect(word: Any) -> bool:
    """Whether `word` (or the copula of an adjective like "due") has the auxiliary "had"."""
    holders = [word, word.head] if word.dep_ in ("acomp", "attr") else [word]
    return any(
        c.lower_ in ("had", "'d", "’d") and c.dep_ == "aux" for h in holders for c in h.children
    )


def _prospective(word: Any) -> bool:
    words = _prospective_words()
    return word.lemma_.lower() in words or word.lower_ in words
