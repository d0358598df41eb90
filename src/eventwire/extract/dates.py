"""The date a text states about itself: "Published May 14, 2025", a dated dateline.

Extraction reads it once per page to resolve a document's publication date
(`model.Published.resolve`); nothing later infers it again. The calendar words come from the
same data files as the time-expression analyzer's (data/time_calendar.yaml,
data/time_words.yaml), and `full_date_value` is the one reading of a full explicit date that
both use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from eventwire import settings
from eventwire.data import load_yaml
from eventwire.model import Published, RawItem


@dataclass(frozen=True, slots=True)
class _DateGrammar:
    full_date: re.Pattern[str]
    months: dict[str, int]
    prepositions: frozenset[str]
    published_markers: frozenset[str]


def _alternation(words: object) -> str:
    ordered = sorted({str(w) for w in words}, key=lambda w: (-len(w), w))  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


@functools.cache
def _grammar() -> _DateGrammar:
    cal = load_yaml("time_calendar.yaml")
    words = load_yaml("time_words.yaml")
    month_full = _alternation(cal["months"])
    month_abbr = _alternation(cal["month_abbreviations"])
    weekday_full = _alternation(cal["weekdays"])
    weekday_abbr = _alternation(cal["weekday_abbreviations"])
    month = rf"(?:{month_full}(?![\w])|{month_abbr}\.|{month_abbr}(?=\s+\d))"
    weekday = rf"(?:{weekday_full}(?![\w])|{weekday_abbr}\.)"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w]|[:.,]\d)"
    year = r"(?<!\d)(?:1\d{3}|20\d{2}|21\d{2})(?!\d)"
    full_date = re.compile(
        rf"(?<![\w])(?:(?P<iy>\d{{4}})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d])"
        rf"|(?:{weekday},?\s+)?(?P<mon>{month})\.?\s+(?P<day>{day}),?\s+(?P<yr>{year})"
        rf"|(?:{weekday},?\s+)?(?P<day2>{day})\s+(?P<mon2>{month}),?\s+(?P<yr2>{year}))",
        re.IGNORECASE,
    )
    months = {str(k).lower(): int(v) for k, v in cal["months"].items()}
    months |= {str(k).lower(): int(v) for k, v in cal["month_abbreviations"].items()}
    return _DateGrammar(
        full_date=full_date,
        months=months,
        prepositions=frozenset(w for w in words["leading_prepositions"] if " " not in w),
        published_markers=frozenset(words["published_markers"]),
    )


def full_date_value(match: re.Match[str]) -> str | None:
    """YYYY-MM-DD of a match of the full-date pattern, None for an impossible date or a year
    outside the plausible range of publication dates."""
    try:
        if match["iy"]:
            d = dt.date(int(match["iy"]), int(match["im"]), int(match["id"]))
        else:
            month = _grammar().months[(match["mon"] or match["mon2"]).lower().rstrip(".")]
            day = int(re.match(r"\d+", match["day"] or match["day2"]).group())  # type: ignore[union-attr]
            d = dt.date(int(match["yr"] or match["yr2"]), month, day)
    except (ValueError, KeyError):
        return None
    if not settings.PUBLISHED_MIN_YEAR <= d.year <= settings.PUBLISHED_MAX_YEAR:
        return None
    return d.isoformat()


def infer_published(text: str) -> str | None:
    """A publication date read from the top of `text`, conservatively (None if unsure).

    Only a full explicit date (day, month and year: "May 14, 2025", "14 May 2025",
    "2025-05-14") in the first lines counts, and not one introduced by a preposition ("since
    May 14, 2025") unless a word such as "Published" or "Updated" comes before it: those are
    dates of events, not of the text. Never the clock's date.
    """
    gram = _grammar()
    lines = text[: settings.PUBLISHED_SCAN_CHARS].splitlines()
    for line in lines[: settings.PUBLISHED_SCAN_LINES]:
        for match in gram.full_date.finditer(line):
            before = line[: match.start()].lower().split()
            introduced = bool(before) and before[-1] in gram.prepositions
            marked = any(word.strip(":,") in gram.published_markers for word in before[-3:])
            if introduced and not marked:
                continue
            value = full_date_value(match)
            if value is not None:
                return value
    return None


def resolve_published(
    item: RawItem, given: Published | None, text: str, page_date: str | None = None
) -> Published:
    """A document's publication date by the one rule (`Published.resolve`): the date given,
    the source's metadata (`item.published`, else the page's own `page_date`), the date the
    text states at its top, the crawl date (`meta["crawled"]`, e.g. a WARC record's)."""
    if given is not None and given.date is not None:
        return given
    metadata = item.published or page_date
    stated = None if metadata else infer_published(text)
    return Published.resolve(metadata=metadata, text=stated, crawled=item.meta.get("crawled"))
