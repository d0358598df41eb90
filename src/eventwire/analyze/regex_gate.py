"""Skip a regular expression on a text that cannot hold a match, exactly.

The time-expression grammar runs dozens of case-insensitive patterns over every text, and most
find nothing in most texts: a pattern for fiscal years or decades still walks every character.
Most patterns, though, can only match where some literal word appears ("quarter", one of the
month names). `required_literals` reads that from the compiled pattern itself: a set of
strings one of which every match contains. A text that holds none of them (compared in the same
case folding the regex engine uses) is skipped with no change to what is found, since the
condition is necessary, never a guess.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

#: Letters Python's case-insensitive matching treats as equal that str.lower() keeps apart.
_FOLD = str.maketrans({"ı": "i", "ſ": "s"})


def search_key(text: str) -> str:
    """The text as `required_literals`' strings are compared with it."""
    return text.lower().translate(_FOLD)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which is in every match of `pattern` (lower case when the pattern
    ignores case), or None when no such set can be read from it."""
    if pattern.flags & re.IGNORECASE == 0:
        return None  # only case-insensitive patterns are gated; exact case needs no folding
    tree = _parser.parse(pattern.pattern, pattern.flags)
    found = _factor(list(tree))
    if not found or any(not s.isascii() for s in found):
        return None
    return frozenset(found)


def _factor(items: list) -> frozenset[str] | None:  # type: ignore[type-arg]
    """The most selective necessary set of a sequence of parsed items."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset({"".join(run).lower()}))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        if op is c.SUBPATTERN:
            sub = _factor(list(av[-1]))
        elif op is c.BRANCH:
            parts = [_factor(list(branch)) for branch in av[1]]
            sub = None if any(p is None for p in parts) else frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _factor(list(av[2]))
        else:
            sub = None
        if sub:
            candidates.append(sub)
    close_run()
    if not candidates:
        return None
    # the set whose shortest string is longest rules out the most texts
    return max(candidates, key=lambda s: (min(len(x) for x in s), -len(s)))
