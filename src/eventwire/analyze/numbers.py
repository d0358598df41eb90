"""Numbers in running text: digits and spelled-out numbers, with their values.

`find_numbers(text)` reads every number a reader would: "1,234.5", "1 234", "-4/5", "7 1/4",
"2.5 million", "10k", "$5bn" (the scale only), "1.3e6", "twenty-three", "one hundred and
five", "ninety-five hundred", "three lakh crore", "half a million", "two thirds", "one and a
half", "two point five", "one out of three", "minus five". It knows nothing of units or
dates: the quantities analyzer decides what a number counts and which numbers are years,
times or labels.

The words are data (`data/number_words.yaml`). The reader works on tokens (digit runs,
words, single punctuation marks) with the whitespace between them, so offsets always point
into the original text.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from eventwire.data import load_yaml

#: Characters read as a minus sign before a number.
_MINUS = frozenset("-−")
_HYPHENS = frozenset("-‐‑–")

_NUMERAL = re.compile(
    r"""
    (?P<body>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?                        # 1,234,567.89
      | \d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![ \u00a0\u202f\u2009]?\d)(?:\.\d+)?  # 1 234 567
      | \d+(?:\.\d+)?                                     # 1234 / 12.5
      | \.\d+                                             # .25
    )
    (?P<exp>[eE][+-]?\d+(?![^\W\d_]) | \^[+-]*\d+(?:\.\d+)?)?
    (?P<suffix>[^\W\d_\u00bc-\u00be\u2150-\u215e]+)?   # letters, not vulgar fractions
    """,
    re.VERBOSE,
)
# IP addresses, version numbers and dotted dates: each part is a number of its own.
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}(?![\d.]?\d)")
_WORD = re.compile(r"[^\W\d_]+")
_GAP_WORD = re.compile(r"(\s*)([A-Za-z][^\W\d_]*)?")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text: `text[start:end]` reads as `value`."""

    start: int
    end: int
    value: float
    kind: str  # integer | decimal | fraction | power
    spelled: bool = False  # written at least partly in words
    scaled: bool = False  # carries a scale ("2 million", "5bn", "10k")
    scale: float = 1.0  # the scale it carries: 1e6 for "2.5 million"
    suffix: str | None = None  # letters glued to the digits that are no scale: "4th", "5m", "29km"
    dotted: bool = False  # one part of a dotted sequence (IP address, version, dotted date)


# --------------------------------------------------------------------------------------------
# The lexicon


@dataclass(frozen=True)
class _Suffix:
    value: float
    exact: bool  # match letter case exactly
    spaced: bool  # may stand as a word of its own after the digits
    money_only: bool  # a scale only after a currency sign


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    teens: dict[str, int]
    tens: dict[str, int]
    hundred: str
    scales: dict[str, float]
    suffixes: dict[str, _Suffix]
    dozens: dict[str, int]
    ordinals: dict[str, tuple[float, bool]]  # word form -> (denominator, plural)
    compound_ordinals: dict[str, tuple[float, bool]]
    negative: frozenset[str]
    point: frozenset[str]
    ratio: tuple[tuple[str, ...], ...]
    slash_denominators: frozenset[int]

    @functools.cached_property
    def starters(self) -> frozenset[str]:
        """The words a number can begin with: every word with a role in one, and the words
        that negate one ("minus"). The reader skips any other word without a closer look."""
        words = set(self.units) | set(self.teens) | set(self.tens) | set(self.scales)
        words |= set(self.dozens) | set(self.ordinals) | set(self.compound_ordinals)
        words |= {self.hundred, "a", "an", "and", "of"} | self.point | self.negative
        return frozenset(words | _HYPHENS)

    def category(self, word: str) -> str | None:
        """The word's role in a number, or None when it plays none."""
        if word in self.units:
            return "unit"
        if word in self.teens:
            return "teen"
        if word in self.tens:
            return "tens"
        if word == self.hundred:
            return "hundred"
        if word in self.scales:
            return "scale"
        if word in self.dozens:
            return "dozen"
        if word in self.ordinals:
            return "ord"
        if word in self.compound_ordinals:
            return "cord"
        if word in ("a", "an"):
            return "a"
        if word == "and":
            return "and"
        if word in self.point:
            return "point"
        if word == "of":
            return "of"
        if word in _HYPHENS:
            return "-"
        return None

    def word_value(self, word: str) -> float:
        for table in (self.units, self.teens, self.tens, self.scales, self.dozens):
            if word in table:
                return float(table[word])
        if word == self.hundred:
            return 100.0
        raise KeyError(word)

    def suffix(self, text: str) -> _Suffix | None:
        entry = self.suffixes.get(text)
        if entry is not None:
            return entry
        entry = self.suffixes.get(text.lower())
        if entry is not None and not entry.exact:
            return entry
        return None


def _plural(word: str, irregular: dict[str, str]) -> str:
    return irregular.get(word, word + "s")


@functools.cache
def lexicon() -> _Lexicon:
    """The number words of `data/number_words.yaml`, loaded once."""
    data = load_yaml("number_words.yaml")
    plurals = data.get("plurals", {})
    ordinals: dict[str, tuple[float, bool]] = {}
    for word, value in data["fraction_ordinals"].items():
        ordinals[word] = (float(value), False)
        ordinals[_plural(word, plurals)] = (float(value), True)
    compound: dict[str, tuple[float, bool]] = {}
    for word, value in data["compound_only_ordinals"].items():
        compound[word] = (float(value), False)
        compound[_plural(word, plurals)] = (float(value), True)
    suffixes = {
        text: _Suffix(
            value=float(spec["value"]),
            exact=spec.get("case") == "exact",
            spaced=bool(spec.get("spaced", False)),
            money_only=bool(spec.get("money_only", False)),
        )
        for text, spec in data["scale_suffixes"].items()
    }
    return _Lexicon(
        units={k: int(v) for k, v in data["units"].items()},
        teens={k: int(v) for k, v in data["teens"].items()},
        tens={k: int(v) for k, v in data["tens"].items()},
        hundred="hundred",
        scales={k: float(v) for k, v in data["scales"].items()},
        suffixes=suffixes,
        dozens={k: int(v) for k, v in data["dozens"].items()},
        ordinals=ordinals,
        compound_ordinals=compound,
        negative=frozenset(data["negative_words"]),
        point=frozenset(data["point_words"]),
        ratio=tuple(tuple(w.split()) for w in data["ratio_words"]),
        slash_denominators=frozenset(int(d) for d in data["slash_denominators"]),
    )


def money_suffix_scale(suffix: str) -> float | None:
    """The scale of a suffix that counts only after a currency sign ("£5m"), else None."""
    entry = lexicon().suffix(suffix)
    return entry.value if entry is not None else None


# --------------------------------------------------------------------------------------------
# Tokens


@dataclass(slots=True)
class _Tok:
    kind: str  # num | word | punct
    text: str
    start: int
    end: int
    gap: str  # the whitespace before the token ("" when glued to the one before)
    lower: str = ""
    value: float = 0.0
    num_kind: str = "integer"
    scaled: bool = False
    scale: float = 1.0
    suffix: str | None = None
    dotted: bool = False
    glued_to_word: bool = False  # digits glued to letters before them ("G7", "A380")


def _numeral_value(body: str, exp: str | None) -> tuple[float, str]:
    digits = re.sub(r"[,\s\u00a0\u202f\u2009]", "", body)
    value = float(digits)
    kind = "decimal" if "." in digits else "integer"
    if exp:
        if exp[0] in "eE":
            value = float(digits + exp)
        else:  # "1.1^-23": the parity of the minus signs gives the exponent's sign
            signs = re.match(r"\^([+-]*)", exp).group(1)
            power = float(exp[1 + len(signs) :])
            if signs.count("-") % 2:
                power = -power
            try:
                value = math.pow(value, power)
            except (OverflowError, ValueError):
                return value, kind
        kind = "power"
    return value, kind


def _tokens(text: str) -> list[_Tok]:
    lex = lexicon()
    toks: list[_Tok] = []
    pos, n, gap = 0, len(text), ""
    while pos < n:
        # Most tokens are a word of ASCII letters after a space: one match reads both. (A
        # word that starts with an ASCII letter is what _WORD reads from there; digits,
        # fractions and other words go the long way below.)
        m = _GAP_WORD.match(text, pos)
        space, word = m.group(1, 2)
        if word:
            toks.append(_Tok("word", word, m.start(2), m.end(), space or gap, lower=word.lower()))
            pos, gap = m.end(), ""
            continue
        if space:
            gap = space
            pos = m.end()
            continue
        prev = toks[-1] if toks else None
        glued_word = prev is not None and not gap and prev.kind == "word"
        ch = text[pos]
        if ch.isdigit() or (ch == "." and pos + 1 < n and text[pos + 1].isdigit()):
            glued_num = prev is not None and not gap and prev.kind == "num"
            m = _DOTTED.match(text, pos)
            if m and ch.isdigit():
                # Each part of "192.168.1.2" is a number; none is a decimal.
                offset = pos
                for part in m.group().split("."):
                    toks.append(
                        _Tok(
                            "num",
                            part,
                            offset,
                            offset + len(part),
                            gap,
                            value=float(part),
                            dotted=True,
                            glued_to_word=glued_word,
                        )
                    )
                    gap = ""
                    offset += len(part)
                    if offset < m.end():
                        toks.append(_Tok("punct", ".", offset, offset + 1, ""))
                        offset += 1
                pos = m.end()
                continue
            m = _NUMERAL.match(text, pos)
            if m and not (ch == "." and (glued_num or glued_word)):  # "Rs.500", "No.3"
                body_end = m.end("exp") if m.group("exp") else m.end("body")
                value, kind = _numeral_value(m.group("body"), m.group("exp"))
                tok = _Tok(
                    "num",
                    text[pos:body_end],
                    pos,
                    body_end,
                    gap,
                    value=value,
                    num_kind=kind,
                    glued_to_word=glued_word,
                )
                suffix = m.group("suffix")
                if suffix:
                    entry = lex.suffix(suffix)
                    if entry is not None and not entry.money_only:
                        tok.value *= entry.value
                        tok.scaled = True
                        tok.scale = entry.value
                        tok.end = m.end()
                        tok.text = text[pos : m.end()]
                    else:
                        tok.suffix = suffix
                toks.append(tok)
                pos = m.end()
                gap = ""
                continue
        vulgar = unicodedata.numeric(ch, None) if unicodedata.category(ch) == "No" else None
        if vulgar is not None and 0 < vulgar < 1:
            # "½", and "7½" glued to a whole number
            if (
                prev is not None
                and prev.kind == "num"
                and prev.num_kind == "integer"
                and prev.end == pos
                and not prev.suffix
            ):
                prev.value += vulgar
                prev.end = pos + 1
                prev.text = text[prev.start : pos + 1]
                prev.num_kind = "fraction"
            else:
                toks.append(
                    _Tok(
                        "num",
                        ch,
                        pos,
                        pos + 1,
                        gap,
                        value=vulgar,
                        num_kind="fraction",
                        glued_to_word=glued_word,
                    )
                )
            pos += 1
            gap = ""
            continue
        m = _WORD.match(text, pos)
        if m:
            toks.append(_Tok("word", m.group(), pos, m.end(), gap, lower=m.group().lower()))
            pos = m.end()
        else:
            toks.append(_Tok("punct", ch, pos, pos + 1, gap, lower=ch))
            pos += 1
        gap = ""
    return toks


# --------------------------------------------------------------------------------------------
# Reading numbers from tokens


@dataclass(slots=True)
class _Core:
    value: float
    end: int  # token index after the number
    kind: str
    spelled: bool = False
    scaled: bool = False
    scale: float = 1.0
    suffix: str | None = None
    dotted: bool = False


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in `text`, in text order, none overlapping."""
    return _Reader(text).read_all()


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = lexicon()
        self.toks = _tokens(text)

    # -- helpers ------------------------------------------------------------------------------

    def _joinable(self, i: int) -> bool:
        """Whether token i continues the phrase before it (no line break in between)."""
        return 0 <= i < len(self.toks) and "\n" not in self.toks[i].gap

    def _word(self, i: int) -> str | None:
        if 0 <= i < len(self.toks) and self.toks[i].kind == "word":
            return self.toks[i].lower
        return None

    def _starts_number(self, i: int) -> bool:
        if not self._joinable(i):
            return False
        tok = self.toks[i]
        if tok.kind == "num":
            return True
        cat = self.lex.category(tok.lower) if tok.kind == "word" else None
        return cat in ("unit", "teen", "tens", "a", "ord") or tok.lower == "half"

    def _is_numberish(self, i: int) -> bool:
        """Whether token i is part of a number (for telling a range dash from a minus)."""
        if not 0 <= i < len(self.toks):
            return False
        tok = self.toks[i]
        if tok.kind == "num" or tok.text == "%":
            return True
        return tok.kind == "word" and self.lex.category(tok.lower) in (
            "unit",
            "teen",
            "tens",
            "hundred",
            "scale",
        )

    # -- top level ----------------------------------------------------------------------------

    def read_all(self) -> list[NumberMatch]:
        out: list[NumberMatch] = []
        toks, starters = self.toks, self.lex.starters
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.kind == "word" and tok.lower not in starters:
                i += 1  # most words: no number starts here (_number_at would say None)
                continue
            found = self._number_at(i)
            if found is None:
                i += 1
                continue
            match, i = found
            out.append(match)
        return out

    def _number_at(self, i: int) -> tuple[NumberMatch, int] | None:
        toks = self.toks
        sign, j = 1.0, i
        tok = toks[i]
        if tok.kind == "punct" and tok.text in _MINUS | {"+"}:
            # A sign stands free of the word before it ("SCP-173" has no minus) and does not
            # follow a number ("5 - 10" is a range). One with a space after it is a dash
            # ("players - 22 million of them") except at the start of a line or bracket.
            free = i == 0 or tok.gap != "" or toks[i - 1].kind == "punct"
            if toks[i + 1 : i + 2] and toks[i + 1].gap:
                free = free and (i == 0 or "\n" in tok.gap or toks[i - 1].text in "([:=")
            if free and not self._is_numberish(i - 1) and self._starts_number(i + 1):
                sign = -1.0 if tok.text in _MINUS else 1.0
                j = i + 1
        elif tok.kind == "word" and tok.lower in self.lex.negative and self._starts_number(i + 1):
            sign, j = -1.0, i + 1
        core = self._core(j)
        if core is None:
            return None
        ratio = self._ratio(core)
        if ratio is not None:
            core = ratio
        start = toks[i].start
        end = toks[core.end - 1].end
        match = NumberMatch(
            start=start,
            end=end,
            value=sign * core.value,
            kind=core.kind,
            spelled=core.spelled,
            scaled=core.scaled,
            scale=core.scale,
            suffix=core.suffix,
            dotted=core.dotted,
        )
        return match, core.end

    def _core(self, j: int) -> _Core | None:
        if j >= len(self.toks):
            return None
        tok = self.toks[j]
        if tok.kind == "num":
            if tok.glued_to_word:  # "G7", "A380", "COVID19": part of a name
                return None
            return self._numeral(j)
        if tok.kind == "word":
            return self._words(j)
        return None

    # -- digits -------------------------------------------------------------------------------

    def _glued(self, i: int, text: str | None = None) -> bool:
        if not 0 <= i < len(self.toks) or self.toks[i].gap:
            return False
        return text is None or self.toks[i].text == text

    def _slash_fraction(self, j: int) -> tuple[float, int] | None:
        """ "3/4" at token j: (value, token index after it)."""
        toks = self.toks
        if not (self._glued(j + 1, "/") and self._glued(j + 2) and toks[j + 2].kind == "num"):
            return None
        num, den = toks[j], toks[j + 2]
        if num.num_kind != "integer" or den.num_kind != "integer" or num.suffix or den.suffix:
            return None
        if self._glued(j + 3, "/") or (j > 0 and self._glued(j, None) and toks[j - 1].text == "/"):
            return None  # "5/17/2018": a date
        if int(den.value) not in self.lex.slash_denominators:
            return None
        return num.value / den.value, j + 3

    def _numeral(self, j: int) -> _Core:
        toks = self.toks
        tok = toks[j]
        core = _Core(
            tok.value,
            j + 1,
            tok.num_kind,
            scaled=tok.scaled,
            scale=tok.scale,
            suffix=tok.suffix,
            dotted=tok.dotted,
        )
        if tok.suffix or tok.dotted:
            return core
        if tok.num_kind == "integer" and not tok.scaled:
            frac = self._slash_fraction(j)
            if frac is not None:
                core.value, core.end, core.kind = frac[0], frac[1], "fraction"
                return core
            # A mixed number "7 1/4": the whole part, then a fraction below one.
            if (
                self._joinable(j + 1)
                and toks[j + 1].gap
                and toks[j + 1].kind == "num"
                and not toks[j + 1].glued_to_word
            ):
                frac = self._slash_fraction(j + 1)
                if frac is not None and frac[0] < 1:
                    core.value += frac[0]
                    core.end, core.kind = frac[1], "fraction"
                    return core
        if tok.scaled:
            return core
        self._scale_words(core)
        self._and_fraction(core)
        return core

    def _scale_words(self, core: _Core) -> None:
        """Scale words after a number: "2 million", "322 hundred", "10 bln", "3 dozen"."""
        last_scale = 0.0
        while self._joinable(core.end) and self.toks[core.end].kind == "word":
            tok = self.toks[core.end]
            cat = self.lex.category(tok.lower)
            entry = self.lex.suffix(tok.text)
            if cat in ("scale", "hundred", "dozen"):
                scale = self.lex.word_value(tok.lower)
                if cat == "dozen" and last_scale:
                    break
            elif entry is not None and entry.spaced and not entry.money_only:
                scale = entry.value
            else:
                break
            if scale <= last_scale:
                break  # "two million thousand" is not one number
            core.value *= scale
            core.scale *= scale
            core.end += 1
            core.scaled = True
            core.spelled = core.spelled or cat is not None
            last_scale = scale

    def _and_fraction(self, core: _Core) -> None:
        """ "2 and a half", then any scale ("2 and a half million"); after a scale the
        fraction is of the scale ("3 million and a half" = 3.5 million)."""
        lex = self.lex
        k = core.end
        if self._word(k) != "and" or not self._joinable(k):
            return
        numer_word = self._word(k + 1)
        ord_word = self._word(k + 2)
        if numer_word is None or ord_word is None or ord_word not in lex.ordinals:
            return
        if numer_word in ("a", "an"):
            numer = 1.0
        elif numer_word in lex.units:
            numer = float(lex.units[numer_word])
        else:
            return
        den, plural = lex.ordinals[ord_word]
        if plural == (numer == 1) or not all(self._joinable(x) for x in (k + 1, k + 2)):
            return
        core.end = k + 3
        core.kind = "fraction"
        core.spelled = True
        if core.scaled:
            core.value += numer / den * core.scale
            return
        core.value += numer / den
        self._scale_words(core)

    # -- ratios -------------------------------------------------------------------------------

    def _ratio(self, core: _Core) -> _Core | None:
        """ "one out of three", "1 over 20": a fraction when the second number ends the phrase."""
        if core.kind != "integer" or core.scaled or core.suffix or core.dotted:
            return None
        for words in self.lex.ratio:
            k = core.end
            if not all(
                self._word(k + x) == w and self._joinable(k + x) for x, w in enumerate(words)
            ):
                continue
            k += len(words)
            if not self._joinable(k):
                continue
            other = self._core(k)
            if other is None or other.kind != "integer" or other.value == 0 or other.suffix:
                continue
            after = other.end
            if after < len(self.toks) and self.toks[after].kind != "punct":
                continue  # "over 3 years": a preposition before a noun
            return _Core(
                core.value / other.value, after, "fraction", spelled=core.spelled or other.spelled
            )
        return None

    # -- words --------------------------------------------------------------------------------

    def _run(self, j: int) -> list[tuple[str, int]]:
        """The words from token j on that can be part of a spelled-out number."""
        run: list[tuple[str, int]] = []
        k = j
        while k < len(self.toks) and (k == j or self._joinable(k)):
            tok = self.toks[k]
            if tok.kind == "word" and self.lex.category(tok.lower) is not None:
                run.append((tok.lower, k))
            elif tok.kind == "punct" and tok.text in _HYPHENS and run:
                run.append(("-", k))
            else:
                break
            k += 1
        while run and self.lex.category(run[-1][0]) in ("-", "and", "a", "of", "point"):
            run.pop()
        return run

    def _words(self, j: int) -> _Core | None:
        run = self._run(j)
        if not run:
            return None
        words = [w for w, _ in run]
        after = run[-1][1] + 1
        best = _Evaluator(self.lex, words, self._after_word(after)).best()
        if best is None:
            return None
        used, value, kind, scaled = best
        scale = 1.0
        for word in reversed(words[:used]):  # "five hundred thousand" carries 1e5
            if self.lex.category(word) not in ("scale", "hundred"):
                break
            scale *= self.lex.word_value(word)
        return _Core(value, run[used - 1][1] + 1, kind, spelled=True, scaled=scaled, scale=scale)

    def _after_word(self, k: int) -> str | None:
        """What follows a run: the next word, "" for punctuation or the end, None for digits."""
        if k >= len(self.toks) or not self._joinable(k):
            return ""
        tok = self.toks[k]
        if tok.kind == "word":
            return tok.lower
        return None if tok.kind == "num" else ""


class _Evaluator:
    """Reads the longest number at the start of a run of number words."""

    def __init__(self, lex: _Lexicon, words: list[str], after: str | None) -> None:
        self.lex = lex
        self.words = words
        self.cats = [lex.category(w) for w in words]
        self.after = after  # what follows the run (see _Reader._after_word)

    def best(self) -> tuple[int, float, str, bool] | None:
        """(words used, value, kind, scaled) of the longest reading, or None."""
        cands: list[tuple[int, float, str, bool]] = []
        if self.words[0] in ("half", "quarter"):  # "half a million", "quarter million"
            k = 1
            if k < len(self.words) and self.cats[k] == "a":
                k += 1
            if k < len(self.words) and self.cats[k] in ("scale", "dozen", "hundred"):
                part = 1 / self.lex.ordinals[self.words[0]][0]
                cands.append((k + 1, part * self.lex.word_value(self.words[k]), "integer", True))
            if self.words[0] == "half":
                cands.append((1, 0.5, "fraction", False))
        card = self.cardinal(0, len(self.words))
        if card is not None:
            value, end = card
            cands.append((end, value, "integer", self._has_scale(0, end)))
            dec = self.decimal(end)
            if dec is not None:
                frac, dec_end = dec
                total, dec_end, scaled = self.trailing_scale(value + frac, dec_end)
                cands.append((dec_end, total, "decimal", scaled))
        for p in range(1, len(self.words)):
            if self.cats[p] in ("ord", "cord"):
                frac = self.fraction(p)
                if frac is not None:
                    value, scaled = frac[0], frac[2]
                    cands.append((frac[1], value, "fraction", scaled))
        if not cands:
            return None
        return max(cands, key=lambda c: c[0])

    def last_scale(self, end: int) -> float:
        """The scale ending words[:end] ("two million" -> 1e6), 1 when there is none."""
        k = end - 1
        scale = 1.0
        while k >= 0 and self.cats[k] == "scale":
            scale *= self.lex.scales[self.words[k]]
            k -= 1
        return scale

    def _has_scale(self, start: int, end: int) -> bool:
        return any(c in ("scale", "hundred", "dozen") for c in self.cats[start:end])

    # cardinals ------------------------------------------------------------------------------

    def cardinal(self, i: int, stop: int) -> tuple[float, int] | None:
        """(value, end) of the longest cardinal in words[i:stop], or None."""
        lex, words, cats = self.lex, self.words, self.cats
        total = group = tail = 0.0
        last: str | None = None
        min_scale = math.inf
        prev_scale = 0.0
        best: tuple[float, int] | None = None
        k = i
        while k < stop:
            w, c = words[k], cats[k]
            nxt = cats[k + 1] if k + 1 < stop else None
            if c == "-":
                if last == "tens" and nxt == "unit":
                    k += 1
                    continue
                break
            if c == "and":
                if last in ("hundred", "scale") and nxt in ("unit", "teen", "tens"):
                    k += 1
                    continue
                break
            if c == "a":
                if last is None and nxt in ("hundred", "scale", "dozen"):
                    group = tail = 1.0
                    last = "a"
                    k += 1
                    continue
                break
            if c == "unit":
                if last in (None, "hundred", "scale") or (last == "tens" and tail % 10 == 0):
                    value = lex.units[w]
                    group += value
                    tail += value
                    last = "unit"
                else:
                    break
            elif c in ("teen", "tens"):
                if last in (None, "hundred", "scale"):
                    value = lex.teens.get(w) or lex.tens[w]
                    group += value
                    tail += value
                    last = c
                else:
                    break
            elif c == "hundred":
                if last in ("unit", "teen", "tens", "a") and 0 < group < 100:
                    group *= 100
                    tail = 0.0
                    last = "hundred"
                else:
                    break
            elif c == "scale":
                scale = lex.scales[w]
                if last in ("unit", "teen", "tens", "hundred", "dozen", "a") and scale < min_scale:
                    total += group * scale
                    group = tail = 0.0
                    min_scale = prev_scale = scale
                elif last == "scale" and scale > prev_scale:
                    total *= scale  # "three lakh crore", "a thousand million"
                    min_scale = prev_scale = prev_scale * scale
                else:
                    break
                last = "scale"
            elif c == "dozen":
                if last in ("unit", "teen", "tens", "a"):
                    group += tail * (lex.dozens[w] - 1)
                    tail *= lex.dozens[w]
                    last = "dozen"
                else:
                    break
            else:
                break
            k += 1
            best = (total + group, k)
        return best

    def decimal(self, end: int) -> tuple[float, int] | None:
        """ "point zero three" / "point seventy-one" after a cardinal: (fraction, end)."""
        words, cats = self.words, self.cats
        if end >= len(words) or cats[end] != "point":
            return None
        k = end + 1
        digits = ""
        if k < len(words) and cats[k] in ("teen", "tens"):
            card = self.cardinal(k, len(words))
            if card is not None and card[0] < 100:
                digits, k = str(int(card[0])), card[1]
        else:
            while k < len(words) and cats[k] == "unit":
                digits += str(self.lex.units[words[k]])
                k += 1
        if not digits:
            return None
        return float("0." + digits), k

    def trailing_scale(self, value: float, k: int) -> tuple[float, int, bool]:
        """A scale after a fraction or decimal: "two point five million", "a quarter million",
        "two thirds of a million"."""
        words, cats = self.words, self.cats
        for pattern in ((), ("a",), ("an",), ("of", "a")):
            at = k + len(pattern)
            if tuple(words[k:at]) == pattern and at < len(words) and cats[at] == "scale":
                return value * self.lex.scales[words[at]], at + 1, True
        return value, k, False

    # fractions ------------------------------------------------------------------------------

    def denominators(self, p: int) -> list[tuple[int, float]]:
        """Denominator phrases ending at the ordinal at p, longest first: (start, value)."""
        lex, words, cats = self.lex, self.words, self.cats
        table = lex.ordinals if cats[p] == "ord" else lex.compound_ordinals
        den = table[words[p]][0]
        out: list[tuple[int, float]] = []
        small = den < 10 and words[p] not in ("half", "halves", "quarter", "quarters")
        q = p - 1
        if q >= 0 and cats[q] in ("-", "and"):
            q -= 1
        # "one hundred fifth" (105th), "one thousand and fifth"
        if small and q >= 1 and cats[q] in ("hundred", "scale") and words[q - 1] in ("one", "a"):
            scale = lex.word_value(words[q])
            if scale <= 1000:
                out.append((q - 1, scale + den))
        # "twenty-first", "thirty fifths" (35ths): no "and" inside
        q = p - 1
        if q >= 0 and cats[q] == "-":
            q -= 1
        if (cats[p] == "cord" or small) and q >= 0 and cats[q] == "tens":
            out.append((q, lex.tens[words[q]] + den))
        if cats[p] == "ord":
            out.append((p, den))
        return out

    def fraction(self, p: int) -> tuple[float, int, bool] | None:
        """The fraction whose ordinal is at p, read from the start of the run:
        (value, end, scaled), or None."""
        lex, words, cats = self.lex, self.words, self.cats
        table = lex.ordinals if cats[p] == "ord" else lex.compound_ordinals
        plural = table[words[p]][1]
        for start, den in self.denominators(p):
            stop = start
            if stop > 0 and cats[stop - 1] == "-":
                stop -= 1
            if stop == 0:
                continue
            whole = 0.0
            mixed = False
            # "one hundred and three quarters": whole number, "and", a one-word numerator.
            if stop >= 3 and cats[stop - 2] == "and" and cats[stop - 1] in ("unit", "a"):
                card = self.cardinal(0, stop - 2)
                if card is not None and card[1] == stop - 2:
                    whole, mixed = card[0], True
                    numer = 1.0 if cats[stop - 1] == "a" else float(lex.units[words[stop - 1]])
            if not mixed:
                if stop == 1 and cats[0] == "a":
                    numer = 1.0
                else:
                    card = self.cardinal(0, stop)
                    if card is None or card[1] != stop:
                        continue
                    numer = card[0]
            if plural == (numer == 1):
                continue  # "two millionth" is an ordinal; fractions agree in number
            if not mixed and numer == 1 and not self._fraction_context(p):
                continue
            part = numer / den
            value, end, scaled = self.trailing_scale(part, p + 1)
            trailing = value / part if scaled and part else 1.0
            if mixed:
                # "two million and a half" is 2.5 million; "one billion and a half million"
                # is 1,000.5 million; "five and a half million" is 5.5 million.
                whole_scale = self.last_scale(stop - 2)
                if trailing > 1 and whole_scale <= trailing:
                    value = (whole + part) * trailing
                else:
                    value = whole + part * (trailing if trailing > 1 else whole_scale)
            return value, end, scaled or self._has_scale(0, stop)
        return None

    def _fraction_context(self, p: int) -> bool:
        """Whether "a third" at p is a fraction: only before "of", a scale, a conjunction or
        the end of the phrase; "a third round" and "a fifth term" are ordinals."""
        if p + 1 < len(self.words):
            return self.cats[p + 1] in ("of", "scale", "and", "-")
        return self.after in ("", "of", "and", "or")
