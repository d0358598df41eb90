"""Quantities: percentages, money and counts, with what they measure and whose they are.

Two steps. `find_quantities(text)` reads the text alone: every number (`numbers.py`), then
the unit around it — a currency sign, prefix or code before it ("$", "HK$", "USD"), a
currency name, minor unit or percent word after it ("323 million euros", "50 cents",
"27 %", "2 percentage points") — and spreads units and scales across ranges ("5-10%",
"$5 to $10 billion"). Numbers without a unit are counts; vague plurals ("thousands",
"tens of thousands") are counts at their lower bound.

`QuantityAnalyzer` then uses the parse to drop what is not a quantity (years, dates, times,
ordinals, phone numbers, labels such as "Flight 370" or "COVID-19", durations such as
"six years", pronoun "one") and to say, for each quantity kept, the noun it measures
("a 10% blanket tariff" -> "tariff", "a 45.1% drop in net profit" -> "net profit"), whether
a change word governs it ("rose 5%", "a 5% rise", "cut by 2 percentage points", "down 3%")
and which organisation, person or country it belongs to (the possessor of the measured noun,
a name before it, or the subject of the verb above it).

Lexicons: `data/currencies.yaml`, `data/number_words.yaml`, `data/change_words.yaml`.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire import regex_cache, settings
from eventwire.analyze.base import PageContext
from eventwire.analyze.numbers import NumberMatch, find_numbers, money_suffix_scale
from eventwire.data import load_yaml
from eventwire.model import Document, Quantity, Span

_WORD_CHAR = r"[^\W\d_]"
_RANGE_JOINERS = re.compile(r"\s*(?:[-–—]|to|and|or)\s*", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"\s*[:.]\d\d(?!\d)")
_NOUNS = ("NOUN", "PROPN")
#: spaCy entity labels whose numbers are never counts: dates, times, ordinals.
_NOT_COUNT_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
#: Entity types a quantity can belong to.
_OWNER_TYPES = frozenset({"ORG", "PERSON", "GPE"})
#: Dependency labels of a quantity that modifies the noun after it.
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "quantmod", "nmod", "npadvmod"})


# --------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True)
class _Unit:
    code: str  # ISO 4217, "percent" or "percentage_point"
    factor: float = 1.0  # 0.01 for minor units and basis points
    guard: str | None = None  # see currencies.yaml


@dataclass(frozen=True)
class _Lexicon:
    signs: dict[str, str]
    prefixes: tuple[tuple[re.Pattern[str], str, str], ...]  # (pattern, sign, code)
    codes: dict[str, tuple[str, bool]]  # text (upper) -> (code, upper case only)
    after: re.Pattern[str]  # names, minor units and codes after an amount
    after_upper: re.Pattern[str]
    after_units: dict[str, _Unit]  # normalised matched text -> unit
    attached_minor: dict[str, str]  # "p" -> GBP
    percent: re.Pattern[str]
    percent_units: dict[str, _Unit]
    vague: dict[str, dict]
    time_nouns: frozenset[str]
    months: frozenset[str]
    label_words: frozenset[str]
    change_verbs: dict[str, str]
    change_transitive: dict[str, str]
    change_nouns: dict[str, str]
    change_adverbs: dict[str, str]
    measure_adjectives: frozenset[str]
    measure_qualifiers: frozenset[str]
    transparent_nouns: frozenset[str]
    level_verbs: frozenset[str]


def _norm(text: str) -> str:
    """Normalised form of a unit phrase: lower case, no dots, single spaces."""
    return " ".join(text.replace(".", " ").lower().split()).replace("u s ", "us ")


def _phrase_pattern(phrase: str, final_dot: bool = False) -> str:
    """A regex for a unit phrase. Two-letter words in capitals are abbreviations that may
    carry dots ("US dollar" matches "U.S. dollars"); a dot after the phrase's last letter
    only with `final_dot` (before a sign: "U.S.$"), so that a full stop stays out."""
    words = phrase.split()
    parts = []
    for n, word in enumerate(words):
        if word.isupper() and len(word) <= 2:
            dots = [r"\.?"] * len(word)
            if n == len(words) - 1 and not final_dot:
                dots[-1] = ""
            parts.append("".join(re.escape(ch) + dot for ch, dot in zip(word, dots, strict=True)))
        else:
            parts.append(re.escape(word))
    return r"\s+".join(parts)


def _forms(name: str, spec: dict) -> list[str]:
    plural = spec.get("plural")
    if plural == "same":
        return [name]
    return [name, plural or name + "s"]


@functools.cache
def lexicon() -> _Lexicon:
    """The quantity lexicons, loaded once."""
    cur = load_yaml("currencies.yaml")
    words = load_yaml("number_words.yaml")
    change = load_yaml("change_words.yaml")

    prefixes = []
    for prefix, spec in cur["sign_prefixes"].items():
        sign = re.escape(spec["sign"])
        if spec.get("attached"):
            pattern = rf"(?<!{_WORD_CHAR}){re.escape(prefix)}{sign}$"
        else:
            pattern = rf"(?<!{_WORD_CHAR})(?i:{_phrase_pattern(prefix, True)})\s?{sign}$"
        prefixes.append((regex_cache.compile(pattern), spec["sign"], spec["code"]))

    after_units: dict[str, _Unit] = {}
    phrases: list[str] = []
    upper_phrases: list[str] = []
    attached_minor: dict[str, str] = {}
    for name, spec in cur["names"].items():
        for form in _forms(name, spec):
            after_units[_norm(form)] = _Unit(spec["code"], 1.0, spec.get("guard"))
            phrases.append(form)
    for name, spec in cur["minor_units"].items():
        if spec.get("attached"):
            attached_minor[name] = spec["code"]
            continue
        for form in _forms(name, spec):
            after_units[_norm(form)] = _Unit(spec["code"], 0.01)
            phrases.append(form)
    codes: dict[str, tuple[str, bool]] = {}
    for text, spec in cur["codes"].items():
        upper = spec.get("case") == "upper"
        codes[text.upper()] = (spec["code"], upper)
        if upper:
            upper_phrases.append(text)
        else:
            after_units.setdefault(_norm(text), _Unit(spec["code"]))
            phrases.append(text)

    def alternation(items: list[str], ignore_case: bool) -> re.Pattern[str]:
        body = "|".join(_phrase_pattern(p) for p in sorted(items, key=len, reverse=True))
        body = f"(?i:{body})" if ignore_case else f"(?:{body})"
        return regex_cache.compile(rf"(?:\s+|\s*-\s*)?({body})(?!{_WORD_CHAR})")

    percent_units = {
        _norm(text): _Unit(spec["unit"], float(spec.get("factor", 1.0)))
        for text, spec in words["percent_units"].items()
    }
    percent_words = sorted(words["percent_units"], key=len, reverse=True)
    percent_body = "|".join(
        re.escape(w) if not w[0].isalpha() else _phrase_pattern(w) for w in percent_words
    )
    percent = regex_cache.compile(rf"(?:\s*|\s*-\s*)((?i:{percent_body}))(?!{_WORD_CHAR})")

    def by_direction(kind: str) -> dict[str, str]:
        return {w: d for d in ("increase", "decrease") for w in change[d].get(kind, [])}

    return _Lexicon(
        signs=dict(cur["signs"]),
        prefixes=tuple(prefixes),
        codes=codes,
        after=alternation(phrases, True),
        after_upper=alternation(upper_phrases, False) if upper_phrases else re.compile(r"(?!x)(x)"),
        after_units=after_units,
        attached_minor=attached_minor,
        percent=percent,
        percent_units=percent_units,
        vague=dict(words["vague_counts"]),
        time_nouns=frozenset(w.lower() for w in words["time_nouns"]),
        months=frozenset(words["months"]),
        label_words=frozenset(words["label_words"]),
        change_verbs=by_direction("verbs"),
        change_transitive=by_direction("transitive_verbs"),
        change_nouns=by_direction("nouns"),
        change_adverbs=by_direction("adverbs"),
        measure_adjectives=frozenset(change["measure_adjectives"]),
        measure_qualifiers=frozenset(change["measure_qualifiers"]),
        transparent_nouns=frozenset(change["transparent_nouns"]),
        level_verbs=frozenset(change["level_verbs"]),
    )


# --------------------------------------------------------------------------------------------
# Reading quantities from the text


@dataclass(slots=True)
class Candidate:
    """A quantity read from the text alone, before the parse judges it."""

    start: int
    end: int
    value: float
    unit: str  # percent | percentage_point | count | ISO 4217 code
    number: NumberMatch | None = None  # None for vague counts ("thousands")
    vague: bool = False
    scale: float = 1.0
    range_span: tuple[int, int] | None = None  # the whole range this is one end of

    @property
    def num_start(self) -> int:
        return self.number.start if self.number else self.start

    @property
    def num_end(self) -> int:
        return self.number.end if self.number else self.end


def find_quantities(text: str) -> list[Candidate]:
    """Every percentage, amount of money and count in `text`, in text order."""
    lex = lexicon()
    numbers = find_numbers(text)
    out: list[Candidate] = []
    used: set[int] = set()
    for idx, number in enumerate(numbers):
        if idx in used:
            continue
        taken = out[-1].end if out else 0
        cand = _money(text, numbers, idx, used, lex, taken) or _percent(text, number, lex)
        if cand is None:
            cand = Candidate(
                number.start, number.end, number.value, "count", number, scale=number.scale
            )
        out.append(cand)
    out.extend(_vague_counts(text, out, lex))
    out.sort(key=lambda c: c.start)
    _spread_ranges(text, out)
    return out


def _sign_before(text: str, start: int, lex: _Lexicon) -> tuple[int, str] | None:
    """A currency sign (with any prefix) or code just before `start`: (its start, ISO code)."""
    j = start
    while j > 0 and start - j < settings.QUANTITY_SIGN_GAP and text[j - 1] in " \t\u00a0":
        j -= 1
    if j > 0 and text[j - 1] in lex.signs:
        sign_at = j - 1
        window = text[max(0, sign_at - 8) : j]
        for pattern, sign, code in lex.prefixes:
            if sign == text[sign_at]:
                m = pattern.search(window)
                if m:
                    return sign_at - (len(window) - 1 - m.start()), code
        return sign_at, lex.signs[text[sign_at]]
    # A code before the amount needs a space or a dot: "USD 200", "Rs 500", "Rs.500".
    m = re.search(rf"(?<!{_WORD_CHAR})({_WORD_CHAR}+)(\.?)$", text[max(0, j - 5) : j])
    if m and (j < start or m.group(2)):
        word = m.group(1)
        entry = lex.codes.get(word.upper())
        if entry and (not entry[1] or word.isupper()):
            return j - len(m.group(0)), entry[0]
    return None


def _unit_after(text: str, end: int, lex: _Lexicon) -> tuple[int, _Unit] | None:
    """A currency name, minor unit or code right after `end`: (its end, unit)."""
    for pattern in (lex.after, lex.after_upper):
        m = pattern.match(text, end)
        if m:
            unit = lex.after_units.get(_norm(m.group(1)))
            if unit is None:  # an upper-case-only code
                code = lex.codes.get(m.group(1).upper())
                if code is None:
                    continue
                unit = _Unit(code[0])
            return m.end(), unit
    if end < len(text) and text[end] == " " and end + 1 < len(text):
        end += 1
    if end < len(text) and text[end] in lex.signs and text[end] != "$":
        return end + 1, _Unit(lex.signs[text[end]])  # "10 €", "100₾"
    return None


def _guard_ok(text: str, end: int, number: NumberMatch, unit: _Unit) -> bool:
    if text.startswith(("'", "’"), end):
        return False  # "2004 won't be remembered"
    if unit.guard == "not_before_of":
        return re.match(r"\s+of\b", text[end : end + 6], re.IGNORECASE) is None
    if unit.guard == "large":
        digits = text[number.start : number.end]
        return number.scaled or (
            abs(number.value) >= settings.QUANTITY_AMBIGUOUS_CURRENCY_MIN
            and not _year_like(digits, number)
        )
    return True


def _year_like(digits: str, number: NumberMatch) -> bool:
    """A bare four-digit integer that could be a year ("2004", not "2,004" or "2004.5")."""
    return (
        number.kind == "integer"
        and digits.isdigit()
        and len(digits) == 4
        and settings.QUANTITY_YEAR_MIN <= number.value <= settings.QUANTITY_YEAR_MAX
    )


def _money(
    text: str, numbers: list[NumberMatch], idx: int, used: set[int], lex: _Lexicon, taken: int
) -> Candidate | None:
    """An amount of money around numbers[idx]; `taken` is where the previous quantity ends
    (its unit cannot serve twice: "10 rmb 20 usd")."""
    number = numbers[idx]
    value, end, scale = number.value, number.end, number.scale
    before = _sign_before(text, number.start, lex)
    if before is not None and before[0] < taken:
        before = None
    if number.suffix:
        # Letters glued to the digits: a money-only scale by a sign or a currency name
        # ("£5m", "785m euros"), a minor unit ("50p"), a sign that is a letter ("100元") or
        # a code ("115USD").
        factor = money_suffix_scale(number.suffix)
        with_suffix = end + len(number.suffix)
        named = _unit_after(text, with_suffix, lex)
        if factor is not None and (before is not None or (named and named[1].factor == 1.0)):
            value, scale, end = value * factor, factor, with_suffix
        elif number.suffix in lex.attached_minor and not text.startswith(".m", end + 1):
            code = lex.attached_minor[number.suffix]
            return Candidate(number.start, end + 1, value * 0.01, code, number)
        elif number.suffix in lex.signs:
            code = lex.signs[number.suffix]
            return Candidate(number.start, end + len(number.suffix), value, code, number)
        elif number.suffix.upper() in lex.codes and number.suffix.isupper():
            code = lex.codes[number.suffix.upper()][0]
            return Candidate(number.start, end + len(number.suffix), value, code, number)
        else:
            return None
    if before is not None:
        start, code = before
        after = _unit_after(text, end, lex)
        if after is not None and after[1].factor == 1.0 and after[1].code == code:
            end = after[0]  # "$10 dollars": the name repeats the sign
        value, end = _minor_part(text, numbers, idx, end, value, used)
        return Candidate(start, end, value, code, number, scale=scale)
    after = _unit_after(text, end, lex)
    if after is None or not _guard_ok(text, after[0], number, after[1]):
        return None
    unit_end, unit = after
    if unit.code in ("percent", "percentage_point"):
        return None
    value = value * unit.factor
    if unit.factor == 1.0:  # "thirteen dollars and forty-five cents"
        value, unit_end = _minor_part(text, numbers, idx, unit_end, value, used)
    return Candidate(number.start, unit_end, value, unit.code, number, scale=scale)


def _minor_part(
    text: str, numbers: list[NumberMatch], idx: int, end: int, value: float, used: set[int]
) -> tuple[float, int]:
    """Cents after a whole amount: "3 dollars 50 cents", "thirteen dollars and forty-five
    cents", "one dollar and one". A bare spelled number counts as cents only when the phrase
    ends after it; digits need a minor-unit word."""
    if idx + 1 >= len(numbers):
        return value, end
    nxt = numbers[idx + 1]
    between = text[end : nxt.start]
    if not re.fullmatch(r"\s+(?:and\s+)?", between, re.IGNORECASE):
        return value, end
    if nxt.kind != "integer" or not 0 < nxt.value < 100 or nxt.suffix:
        return value, end
    lex = lexicon()
    after = _unit_after(text, nxt.end, lex)
    if after is not None and after[1].factor == 0.01:
        used.add(idx + 1)
        return value + nxt.value * 0.01, after[0]
    if not nxt.spelled:
        return value, end
    rest = text[nxt.end :]
    if re.match(r"\s*(?:$|[^\w\s]|and\b)", rest, re.IGNORECASE):
        used.add(idx + 1)
        return value + nxt.value * 0.01, nxt.end
    return value, end


def _percent(text: str, number: NumberMatch, lex: _Lexicon) -> Candidate | None:
    if number.suffix:
        unit = lex.percent_units.get(number.suffix.lower())
        if unit is None:
            return None
        end = number.end + len(number.suffix)
    else:
        m = lex.percent.match(text, number.end)
        if m is None:
            return None
        if m.group(1)[0].isalpha() and m.start(1) == number.end:
            return None  # "5percent" with no space is read through the suffix above
        unit = lex.percent_units[_norm(m.group(1))]
        end = m.end()
    return Candidate(number.start, end, number.value * unit.factor, unit.code, number)


def _vague_counts(text: str, found: list[Candidate], lex: _Lexicon) -> list[Candidate]:
    """ "thousands", "tens of thousands", "hundreds of millions", "scores of" as counts."""
    words = "|".join(sorted(lex.vague, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!{_WORD_CHAR})({words})(?:\s+of\s+({words}))?(?!{_WORD_CHAR})", re.IGNORECASE
    )
    taken = [(c.start, c.end) for c in found]
    out = []
    for m in pattern.finditer(text):
        first, second = m.group(1).lower(), (m.group(2) or "").lower()
        spec = lex.vague[first]
        value = float(spec["value"])
        if second:
            if lex.vague[second].get("multiplier_only"):
                continue
            value *= float(lex.vague[second]["value"])
        elif spec.get("multiplier_only") or (
            spec.get("needs_of") and not re.match(r"\s+of\b", text[m.end() :], re.IGNORECASE)
        ):
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        unit, end = "count", m.end()
        of = re.match(r"\s+of\s+", text[m.end() :], re.IGNORECASE)
        if of:  # "billions of dollars" is money
            named = _unit_after(text, m.end() + of.end() - 1, lex)
            if named is not None and named[1].factor == 1.0:
                unit, end = named[1].code, named[0]
        out.append(Candidate(m.start(), end, value, unit, None, vague=True))
    return out


def _spread_ranges(text: str, cands: list[Candidate]) -> None:
    """ "5-10%", "$5 to $10 billion", "between 3 and 5 million": the unit and the scale
    written once belong to both ends."""
    for a, b in itertools.pairwise(cands):
        if a.vague or b.vague or not _RANGE_JOINERS.fullmatch(text[a.end : b.start]):
            continue
        joiner = text[a.end : b.start].strip().lower()
        if joiner == "and" and not re.search(r"\bbetween\s+\S*$", text[: a.start], re.I):
            continue
        if a.unit == "count" and b.unit != "count":
            a.unit = b.unit  # "5-10%": the span stays "5"; the unit is the one after "10"
        elif b.unit == "count" and a.unit not in ("count", "percent", "percentage_point"):
            b.unit = a.unit  # "$5-10 billion"
        elif a.unit != b.unit:
            continue
        if a.scale == 1.0 and b.scale > 1.0 and a.value * b.scale <= b.value:
            a.value *= b.scale
            a.scale = b.scale
        a.range_span = b.range_span = (a.start, b.end)


# --------------------------------------------------------------------------------------------
# The analyzer


class QuantityAnalyzer:
    """Percentages, money and counts → `Document.quantities`, in text order."""

    name = "quantities"
    version = "0.1"
    requires = ("mentions", "entities", "times")
    assigns = ("quantities",)

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        ctx = _Context(doc, parsed)
        for cand in find_quantities(doc.text):
            if not ctx.keep(cand):
                continue
            if cand.range_span is not None:
                # Both ends of a range measure the same thing: describe the whole range.
                whole = Candidate(*cand.range_span, cand.value, cand.unit)
                measure, change, entity_id = ctx.describe(whole)
            else:
                measure, change, entity_id = ctx.describe(cand)
            doc.quantities.append(
                Quantity(
                    span=Span.of(doc.text, cand.start, cand.end),
                    value=cand.value,
                    unit=cand.unit,
                    measure=measure,
                    change=change,
                    entity_id=entity_id,
                )
            )


class _Context:
    """One document with its parse and mentions, for judging and describing candidates."""

    def __init__(self, doc: Document, parsed: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.parsed = parsed
        self._parsed_text: str | None = None
        self.lex = lexicon()
        self.mentions = [(m.span.start, m.span.end, i) for i, m in enumerate(doc.mentions)]
        self.entity_types = {e.id: e.type for e in doc.entities}
        self.not_counts = [
            (e.start_char, e.end_char) for e in parsed.ents if e.label_ in _NOT_COUNT_LABELS
        ]
        self.not_counts.extend((t.span.start, t.span.end) for t in doc.times)
        self._inside_chars = (0, 0)  # the quantity being described (see _entity_of)

    # judging ----------------------------------------------------------------------------------

    def _overlaps(
        self, spans: list[tuple[int, int]] | list[tuple[int, int, int]], s: int, e: int
    ) -> bool:
        return any(a < e and s < b for a, b, *_ in spans)

    def keep(self, cand: Candidate) -> bool:
        """Whether a candidate is a quantity (and not a year, a label, a time, ...)."""
        if cand.unit != "count":
            # Money and percentages keep their units even where the small model tags them as
            # names ("GBP 350" as a PRODUCT).
            return True
        if self._overlaps(self.mentions, cand.num_start, cand.num_end):
            return False  # part of a name: "3M", "Boeing 737" when tagged, "Fortune 500"
        return self._keep_count(cand)

    def _keep_count(self, cand: Candidate) -> bool:
        number, text, lex = cand.number, self.text, self.lex
        s, e = cand.num_start, cand.num_end
        tokens = self._tokens(s, e)
        if not tokens:
            return False
        root = _root(tokens)
        if cand.vague:
            return root.pos_ == "NOUN"
        assert number is not None
        if number.suffix or number.dotted:
            return False
        if self._overlaps(self.not_counts, s, e) and not self._counts_plural_noun(root):
            return False  # dates and times, unless they count things ("2000 soldiers")
        if number.kind != "integer" and not (number.scaled and number.value >= 1):
            return False  # fractions and bare decimals measure something unnamed
        if number.value == 0:
            return False  # "zero tolerance": a count of nothing is an idiom more often
        if re.search(r"\d[^\W\d_]$", text[s:e]):
            return False  # "5K road race", "3M": one glued letter is a unit or a name here
        before, after = text[max(0, s - 12) : s], text[e : e + 12]
        if re.search(rf"{_WORD_CHAR}+[-‐]$", before) or re.match(rf"[-‐]{_WORD_CHAR}", after):
            return False  # "COVID-19", "F-35", "a 3-year deal", "50-year-old"
        if re.search(r"\d\s*[-/:]$", before) or re.match(r"[-/:]\s*\d", after):
            return False  # scores, phone numbers, "5/17", "10:30"
        if re.search(rf"{_WORD_CHAR}\.$", before):
            return False  # "fig.5", "vol.2": glued to an abbreviation, a label
        if re.search(r"#$", before) or text[s] == "+" or _TIME_OF_DAY.match(after):
            return False  # "#1", "+44" (a dialling code or a score), "10.30"
        if re.search(r"\d[ \u00a0]$", before) or re.match(r"[ \u00a0]\d", after):
            return False  # "202 555 0142": digit groups side by side are a phone number
        if re.match(r"0\d", text[s:e]):
            return False  # "0142": leading zeros make a code, not a count
        prev_word = _word_before(text, s)
        next_word = _word_after(text, e)
        if prev_word in lex.months or next_word in lex.months:
            return False  # "May 4", "4 May"
        if prev_word in lex.label_words or (prev_word + ".") in lex.label_words:
            return False  # "No. 10", "Flight 370"
        if _is_time_word(next_word, lex):
            return False  # "10 a.m.", "3 pm", and durations "six years"
        if not number.spelled and not number.scaled and _year_like(text[s:e], number):
            # "2000 soldiers" counts, but "its 2004 financial reports" is a year: a count of
            # this size stands first in its phrase.
            determined = any(c.dep_ in ("det", "poss") and c.i < root.i for c in root.head.children)
            return self._counts_plural_noun(root) and not determined
        head = root.head
        if head.i != root.i and _lemma(head) in lex.time_nouns:
            return False  # "six long years", "three more days"
        if head.pos_ == "PROPN" and head.i < root.i:
            return False  # "Boeing 737", "Apollo 11", "Section 232": part of a name
        first = tokens[0]
        if first.i > 0:
            prev = self.parsed[first.i - 1]
            if prev.pos_ == "PROPN" and prev.head.i in (root.i, head.i):
                return False  # "the Xbox 2 console", "a Windows 11 update"
        if number.spelled and number.value < 10 and not number.scaled:
            # Small spelled numbers are pronouns more often than counts ("the one who",
            # "the two met"): keep them when they count a noun, or a group ("three of the
            # hostages") except "one of", which picks one out rather than counting.
            if self._counts_noun(root):
                return True
            return number.value != 1 and self._of_complement(root) is not None
        return True

    def _counts_noun(self, root: Token) -> bool:
        head = root.head
        return (
            root.dep_ in ("nummod", "compound", "amod", "quantmod")
            and head.i > root.i
            and head.pos_ == "NOUN"
        )

    def _counts_plural_noun(self, root: Token) -> bool:
        """Whether the number counts the plural noun right after it ("2000 soldiers", "2000
        armed police"), which makes even a year-like number a count."""
        head = root.head
        if not self._counts_noun(root) or head.tag_ != "NNS" or self._is_time(head):
            return False
        between = self.parsed[root.i + 1 : head.i]
        return all(t.head.i == head.i and t.dep_ in ("amod", "compound") for t in between)

    def _is_time(self, token: Token) -> bool:
        return _lemma(token) in self.lex.time_nouns or _is_time_word(token.lower_, self.lex)

    # describing -------------------------------------------------------------------------------

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.parsed.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def describe(self, cand: Candidate) -> tuple[str | None, str | None, str | None]:
        """(measure, change, entity id) of a kept candidate."""
        tokens = self._tokens(cand.start, cand.end)
        if not tokens:
            return None, None, None
        inside = {t.i for t in tokens}
        root = _root(tokens)
        lex = self.lex
        measure_tok: Token | None = None
        change: str | None = None
        nouns: list[Token] = []  # nouns whose possessor or name modifier owns the quantity
        head = root.head

        # The small model sometimes tags a change noun as an adjective ("a 5% spike").
        if (
            root.dep_ in _MODIFIER_DEPS
            and head.i not in inside
            and head.i > root.i
            and (head.pos_ in _NOUNS or _lemma(head) in lex.change_nouns)
        ):
            nouns.append(head)
            if _lemma(head) in lex.change_nouns:  # "a 45.1% drop in net profit"
                change = lex.change_nouns[_lemma(head)]
                measure_tok = self._of_complement(head, ("in", "of"))
                if measure_tok is None:
                    measure_tok = self._subject_noun(head)
            else:  # "a 10% blanket tariff"; "fell by 2 million tonnes", "added 200,000 jobs"
                measure_tok = head
                change = self._change_of_noun(head)
        if measure_tok is None and change is None:
            # "40% of voters", "$48 billion in assets"
            measure_tok = self._of_complement(root, inside=inside)
        if measure_tok is None and change is None:
            # A later conjunct stands where the first one does: "rise by 9.4% and 8.1%".
            anchor = root
            while anchor.dep_ == "conj" and anchor.head.i < anchor.i:
                anchor = anchor.head
            measure_tok, change, governing = self._governor(anchor, inside)
            if governing is not None:
                nouns.append(governing)
        if measure_tok is not None and (
            measure_tok.i in inside or not measure_tok.is_alpha or len(measure_tok) < 2
        ):
            measure_tok = None  # the parse took part of the quantity, or a stray letter
        if measure_tok is not None:
            nouns.insert(0, measure_tok)
        measure = self._phrase(measure_tok, inside) if measure_tok is not None else None
        self._inside_chars = (cand.start, cand.end)
        entity_id = self._owner(nouns, root, inside)
        return measure, change, entity_id

    def _governor(
        self, root: Token, inside: set[int]
    ) -> tuple[Token | None, str | None, Token | None]:
        """What a quantity that modifies no noun measures, from the word governing it:
        (measure noun, change, a noun whose owner owns the quantity)."""
        lex = self.lex
        prep = None
        node = root
        if root.dep_ == "pobj" and root.head.pos_ == "ADP":
            prep = root.head
            node = prep
        gov = node.head
        if gov.i == node.i:
            return None, None, None
        p = prep.lower_ if prep is not None else None
        if prep is not None and gov.pos_ in _NOUNS:
            # "tariffs of 25%", "a rate of 24%", "an increase of 5% in exports"
            lemma = _lemma(gov)
            if lemma in lex.change_nouns and p in ("to", "from"):
                # "an increase in the minimum wage to £5.60": the level of what changes
                target = self._of_complement(gov, ("in", "of"))
                return target, None, target
            if lemma in lex.change_nouns and p == "of":
                measure = self._of_complement(gov, ("in",)) or self._subject_noun(gov)
                return measure, lex.change_nouns[lemma], gov
            if lemma in lex.transparent_nouns:
                # "grew by an average of 3.2%": the average stands for the quantity
                return self._governor(gov, inside | {gov.i})
            if p in ("of", "at", "from", "to"):  # "tariffs of 25%", "tax from 30% to 29%"
                return gov, None, gov
            return None, None, None
        word = gov.lower_
        if gov.pos_ in ("ADV", "ADJ") and (
            word in lex.change_adverbs or _lemma(gov) in lex.change_adverbs
        ):
            # "shares were down 3%", "closed 2% higher", "up from 10%"
            verb = gov.head
            subject = self._subject_noun(verb) if verb.i != gov.i else None
            direction = lex.change_adverbs.get(word) or lex.change_adverbs[_lemma(gov)]
            return subject, (direction if p in (None, "by") else None), subject
        if gov.pos_ not in ("VERB", "AUX"):
            return None, None, None
        lemma = _lemma(gov)
        obj = _child(gov, ("dobj",))
        if obj is not None and obj.i in inside:
            obj = None
        subject = self._subject_noun(gov)
        if lemma in lex.change_verbs and p in (None, "by"):
            return subject, lex.change_verbs[lemma], subject  # "exports rose 5%"
        if lemma in lex.change_transitive and p == "by":
            target = obj if obj is not None and obj.pos_ == "NOUN" else subject
            return target, lex.change_transitive[lemma], target  # "cut rates by 2 points"
        if p in ("to", "from", "at") or (p is None and lemma in lex.level_verbs):
            # A level: "sales reached $5 billion", "tariffs rose to 25%", "set it at 5%".
            # Other verbs' objects are not what they do it to ("pirates stole $5 million").
            target = obj if obj is not None and obj.pos_ == "NOUN" else subject
            if target is not None and _lemma(target) in lex.change_nouns:
                # "backed an increase in the minimum wage to £5.60": the wage is at £5.60
                target = self._of_complement(target, ("in", "of"))
            return target, None, target
        return None, None, None

    def _change_of_noun(self, noun: Token) -> str | None:
        """The change a noun phrase with a count stands for, from the verb it depends on:
        its object ("added 200,000 jobs") or its "by" phrase ("fell by 2 million tonnes")."""
        lex = self.lex
        if noun.dep_ == "pobj" and noun.head.lower_ == "by":
            verb = noun.head.head
            lemma = _lemma(verb)
            return lex.change_verbs.get(lemma) or lex.change_transitive.get(lemma)
        if noun.dep_ in ("dobj", "npadvmod"):
            return lex.change_verbs.get(_lemma(noun.head))
        return None

    def _subject_noun(self, token: Token) -> Token | None:
        """The subject noun of the verb a token belongs to ("profit" in "profit fell")."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject = _child(verb, ("nsubj", "nsubjpass"))
        while subject is None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "sales rose 5% and topped $6 billion": a shared subject
            subject = _child(verb, ("nsubj", "nsubjpass"))
        if subject is None:
            return None
        # Gerunds count: "spending will rise by 9.4%".
        return subject if subject.pos_ in _NOUNS or subject.tag_ == "VBG" else None

    def _of_complement(
        self, token: Token, preps: tuple[str, ...] = ("of", "in"), inside: set[int] | None = None
    ) -> Token | None:
        """The noun after "of"/"in" attached to a token: "thousands of workers" -> workers
        (not one inside the quantity: "millions of pounds" measures nothing named)."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                obj = _child(child, ("pobj",))
                if obj is None or obj.pos_ != "NOUN" or self._is_time(obj):
                    continue
                if inside and obj.i in inside:
                    continue
                if self._overlaps(self.not_counts, obj.idx, obj.idx + len(obj)):
                    continue
                return obj
        return None

    def _phrase(self, noun: Token, inside: set[int]) -> str | None:
        """The measure's words: the noun with the compounds and measure adjectives right
        before it ("auto tariff", "net profit"), but no names ("U.S. smelter investment" ->
        "smelter investment") and nothing past a qualifier ("blanket tariff" -> "tariff")."""
        if noun.pos_ == "PROPN" or self._in_mention(noun) is not None:
            return None
        lex = self.lex
        first = noun
        k = noun.i - 1
        while k >= noun.sent.start and k not in inside:
            j = self._hyphenated_start(k)
            if j < k:  # "pre-tax", "across-the-board": one word in several tokens
                word = self.parsed[j : k + 1].text.lower()
                attached = any(t.head.i in (noun.i, first.i) for t in self.parsed[j : k + 1])
                if not attached or word not in lex.measure_adjectives or j in inside:
                    break
                first = self.parsed[j]
                k = j - 1
                continue
            tok = self.parsed[k]
            if tok.head.i != noun.i and tok.head.i != first.i:
                break
            lower = tok.lower_
            if lower in lex.measure_qualifiers or tok.pos_ == "PROPN":
                break
            if self._in_mention(tok) is not None:
                break
            compound = tok.dep_ == "compound" and tok.pos_ == "NOUN"
            if not compound and not (tok.dep_ == "amod" and lower in lex.measure_adjectives):
                break
            first = tok
            k -= 1
        if self._parsed_text is None:  # Doc.text joins a new Token object per word: once
            self._parsed_text = self.parsed.text
        return self._parsed_text[first.idx : noun.idx + len(noun)].lower()

    def _hyphenated_start(self, k: int) -> int:
        """The first token of a hyphenated word whose last token is k (k itself if none)."""
        j = k
        while (
            j >= 2
            and self.parsed[j - 1].text in ("-", "‐")
            and not self.parsed[j - 1].whitespace_
            and not self.parsed[j - 2].whitespace_
        ):
            j -= 2
        return j

    # owners -------------------------------------------------------------------------------------

    def _in_mention(self, token: Token) -> int | None:
        for start, end, i in self.mentions:
            if start <= token.idx < end:
                return i
        return None

    def _entity_of(self, token: Token) -> str | None:
        """The owner-type entity a token names, if any (never a mention overlapping the
        quantity itself, which the small model sometimes tags: "280bn" as an ORG)."""
        i = self._in_mention(token)
        if i is None:
            return None
        mention = self.doc.mentions[i]
        start, end = self._inside_chars
        if mention.span.start < end and start < mention.span.end:
            return None
        if mention.entity_id is None:
            return None
        kind = self.entity_types.get(mention.entity_id, mention.label)
        return mention.entity_id if kind in _OWNER_TYPES else None

    def _entity_of_noun(self, noun: Token, before: int | None) -> str | None:
        """A noun's owner: itself when it is a name, else its possessor, a name modifying it
        (before `before`, when given) or a name after "at"/"of" ("profit at Mazda")."""
        found = self._entity_of(noun)
        if found:
            return found
        for child in noun.children:
            if child.dep_ == "poss":
                found = self._entity_of(child)
                if found:
                    return found
        for child in noun.children:
            if child.dep_ in ("compound", "nmod", "amod") and (before is None or child.i < before):
                found = self._entity_of(child)
                if found:
                    return found
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("at", "of", "for"):
                obj = _child(child, ("pobj",))
                if obj is not None:
                    found = self._entity_of(obj)
                    if found:
                        return found
        return None

    def _owner(self, nouns: list[Token], root: Token, inside: set[int]) -> str | None:
        quantity_start = root.i
        for noun in nouns:
            before = quantity_start if noun.i > quantity_start else None
            found = self._entity_of_noun(noun, before)
            if found:
                return found
        # The subject of the nearest verb above, climbing through infinitives and
        # participles that have none ("Toyota plans to invest $10 billion").
        node = root
        while node.head.i != node.i:
            node = node.head
            if node.pos_ not in ("VERB", "AUX"):
                continue
            subject = _child(node, ("nsubj", "nsubjpass"))
            if subject is not None:
                if subject.i in inside:
                    return None
                return self._entity_of_noun(subject, None)
            if node.dep_ == "acl":  # "Mazda, reporting a 45.1% drop": the noun it modifies
                return self._entity_of_noun(node.head, None)
            if node.dep_ not in ("xcomp", "conj", "pcomp", "advcl"):
                return None
        return None


# --------------------------------------------------------------------------------------------
# Small helpers


def _root(tokens: list[Token]) -> Token:
    """The token of a stretch whose head lies outside it, preferring words to signs (the
    small model hangs "$" on odd heads)."""
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    for tok in outside:
        if tok.pos_ not in ("SYM", "PUNCT"):
            return tok
    return outside[0] if outside else tokens[-1]


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _is_time_word(word: str, lex: _Lexicon) -> bool:
    if word in lex.time_nouns:
        return True
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else ""
    return singular in lex.time_nouns


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_][\w.]*|#)\s*$", text[max(0, start - 20) : start])
    return m.group(1).lower().rstrip(".") if m else ""


def _word_after(text: str, end: int) -> str:
    m = re.match(r"\s*([^\W\d_][\w.]*)", text[end : end + 20])
    if not m:
        return ""
    word = m.group(1).lower()
    return word if word in lexicon().time_nouns else word.rstrip(".")
