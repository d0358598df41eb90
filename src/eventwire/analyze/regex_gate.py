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


# -- the first character of a match -----------------------------------------------------------

_CATEGORIES = {
    c.CATEGORY_DIGIT: r"\d",
    c.CATEGORY_NOT_DIGIT: r"\D",
    c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S",
    c.CATEGORY_WORD: r"\w",
    c.CATEGORY_NOT_WORD: r"\W",
}
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a lookahead for the characters its matches can start with, or
    `pattern` itself when those cannot be read from it.

    The regex engine tries a pattern at every position of a text; a pattern that opens with a
    lookbehind and optional groups ("(?<![\\w])(?:the\\s+)?(?:last|next)...") descends into
    them everywhere before failing. One character class tested first fails at most positions
    at once. The class holds every character a non-empty match can begin with, so the matches
    are exactly the pattern's own (an empty match, which the guard could lose, is a pattern
    the class cannot be read from)."""
    guard = _guard(pattern.pattern, pattern.flags)
    return pattern if guard is None else re.compile(guard + pattern.pattern, pattern.flags)


def compile_guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` with its first-character guard (`first_char_guard`),
    compiled once."""
    return re.compile((_guard(source, flags) or "") + source, flags)


def _guard(source: str, flags: int) -> str | None:
    if _GLOBAL_FLAGS.match(source):
        return None  # global flags must open the pattern: leave such a pattern alone
    first, nullable = _first(list(_parser.parse(source, flags)))
    if first is None or nullable or not first:
        return None
    return f"(?=[{''.join(sorted(first))}])"


def _first(items: list) -> tuple[set[str] | None, bool]:  # type: ignore[type-arg]
    """The class parts a match of the sequence can start with, and whether it can be empty."""
    found: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next item consumes the first character
        sub, nullable = _first_op(op, av)
        if sub is None:
            return None, False
        found |= sub
        if not nullable:
            return found, False
    return found, True


def _first_op(op: object, av: object) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False  # type: ignore[arg-type]
    if op is c.IN:
        parts = set()
        for kind, value in av:  # type: ignore[attr-defined]
            if kind is c.LITERAL:
                parts.add(re.escape(chr(value)))
            elif kind is c.RANGE:
                parts.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is c.CATEGORY and value in _CATEGORIES:
                parts.add(_CATEGORIES[value])
            else:
                return None, False  # a negated class, or one this reading does not know
        return parts, False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av  # type: ignore[misc]
        if add_flags or del_flags:
            return None, False  # local flags change what a class means inside them
        return _first(list(sub))
    if op is c.ATOMIC_GROUP:
        return _first(list(av))  # type: ignore[arg-type]
    if op is c.BRANCH:
        found: set[str] = set()
        any_nullable = False
        for branch in av[1]:  # type: ignore[index]
            sub, nullable = _first(list(branch))
            if sub is None:
                return None, False
            found |= sub
            any_nullable = any_nullable or nullable
        return found, any_nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, item = av  # type: ignore[misc]
        sub, nullable = _first(list(item))
        if sub is None:
            return None, False
        return sub, nullable or low == 0
    return None, False  # any character, a back-reference, a conditional: not readable
