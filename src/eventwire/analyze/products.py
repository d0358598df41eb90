"""Product words to Harmonized System codes, so "autos" and "passenger cars" meet.

The HS chapters and headings and the project's word -> code mapping are data
(data/hs_products.yaml). A product phrase ("Vietnamese shrimp", "auto parts", "imports of
cold-rolled steel") is read word by word, singularised, and matched longest phrase first:
"auto parts" gives 8708, not "auto" 8703; "cold-rolled steel" gives steel's 72/73. Codes are
strings: a two-digit chapter ("72") or a four-digit heading ("8703"); a heading lies in the
chapter of its first two digits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from eventwire.data import load_yaml

_WORD = re.compile(r"[a-z][a-z\-]*")


@dataclass(frozen=True, slots=True)
class HSNomenclature:
    chapters: dict[str, str]
    headings: dict[str, str]
    words: dict[tuple[str, ...], tuple[str, ...]]
    longest: int


@functools.cache
def nomenclature() -> HSNomenclature:
    """The HS data, loaded once; raises ValueError on a word mapped to an unknown code."""
    raw: dict[str, Any] = load_yaml("hs_products.yaml")
    chapters = {str(k): str(v) for k, v in raw["chapters"].items()}
    headings = {str(k): str(v) for k, v in raw["headings"].items()}
    words: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrase, codes in raw["words"].items():
        for code in codes:
            if code not in chapters and code not in headings:
                raise ValueError(f"hs_products.yaml: {phrase!r} maps to unknown code {code!r}")
        words[tuple(str(phrase).lower().split())] = tuple(codes)
    return HSNomenclature(chapters, headings, words, max(len(k) for k in words))


def singular(word: str) -> str:
    """A plural product word in its singular form ("tubes" -> "tube", "batteries" ->
    "battery", "clothes" stays: it is in the lexicon as it is)."""
    nom = nomenclature()
    if (word,) in nom.words or len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("oes", "o"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if word.endswith(suffix):
            cand = word[: -len(suffix)] + repl
            if (cand,) in nom.words or suffix == "s":
                return cand
    return word


def hs_codes(phrase: str) -> list[str]:
    """The HS codes a product phrase names, in the order its words give them; [] for none.

    Every word (and compound part: "cold-rolled") is tried; the longest lexicon phrase
    starting at a word wins, and the words it covers are not read again.
    """
    nom = nomenclature()
    tokens = [singular(w) for w in _WORD.findall(phrase.lower())]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(nom.longest, len(tokens) - i), 0, -1):
            codes = nom.words.get(tuple(tokens[i : i + n]))
            if codes is None and n == 1 and "-" in tokens[i]:
                codes = nom.words.get((tokens[i].rsplit("-", 1)[-1],))
            if codes is not None:
                out.extend(c for c in codes if c not in out)
                i += n
                break
        else:
            i += 1
    return _drop_covered(out)


def _drop_covered(codes: list[str]) -> list[str]:
    """Chapters that a heading of the same phrase already makes precise go ("car parts":
    8708, not 87 too)."""
    return [c for c in codes if not (len(c) == 2 and any(h[:2] == c and len(h) > 2 for h in codes))]


def chapter(code: str) -> str:
    """The chapter a code lies in: "8703" -> "87"."""
    return code[:2]


def describe(code: str) -> str | None:
    """The nomenclature's description of a chapter or heading."""
    nom = nomenclature()
    return nom.headings.get(code) or nom.chapters.get(code)


def overlaps(a: list[str], b: list[str]) -> bool:
    """Whether two code lists name some of the same goods: equal codes, or a heading inside a
    chapter of the other ("8703" and "87")."""
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b)


def matches(query: str, codes: list[str]) -> bool:
    """Whether a user's product filter (a word like "cars", or an HS code like "87" or
    "8703") names goods among `codes`."""
    q = query.strip()
    wanted = [q] if q.isdigit() else hs_codes(q)
    return bool(wanted) and overlaps(wanted, codes)
