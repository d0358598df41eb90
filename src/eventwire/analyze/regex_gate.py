"""Skip a regular expression on a text that cannot hold a match, exactly.

The time-expression grammar runs dozens of case-insensitive patterns over every text, and most
find nothing in most texts: a pattern for fiscal years or decades still walks every character.
Most patterns, though, can only match where some literal word appears ("quarter", one of the
month names). `required_literals` reads that from the compiled pattern itself: a set of
strings one of which every match contains. A text that holds none of them (compared in the same
case folding the regex engine uses) is skipped with no change to what is found, since the
condition is necessary, never a guess.

A text that does hold one is scanned as cheaply as the engine allows (`folded_scan`): in its
lower-case key with case-sensitive patterns, which the engine runs two to three times faster,
and searching from the characters a match can follow rather than from every position, past a
lookahead for the first letters a match can begin with. Each match found there is matched
again in the text, so callers get the very matches a plain scan gives.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

from eventwire import regex_cache

#: Letters Python's case-insensitive matching treats as equal that str.lower() keeps apart.
_FOLD = str.maketrans({"ı": "i", "ſ": "s"})


def search_key(text: str) -> str:
    """The text as `required_literals`' strings are compared with it."""
    key = text.lower()
    # translate walks the whole text in Python's slow path; the two letters are rare
    if "ı" in key or "ſ" in key:
        return key.translate(_FOLD)
    return key


@functools.lru_cache(maxsize=64)
def _parsed(source: str, flags: int) -> _parser.SubPattern:
    """The parse of a pattern, read (never changed) by both `required_literals` and
    `folded_scan`: parsing the grammar's long patterns is most of their start-up cost."""
    return _parser.parse(source, flags)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which is in every match of `pattern` (lower case when the pattern
    ignores case), or None when no such set can be read from it."""
    return _required(pattern.pattern, pattern.flags)


@regex_cache.remembered  # reading a long pattern's tree is start-up time
def _required(source: str, flags: int) -> frozenset[str] | None:
    if flags & re.IGNORECASE == 0:
        return None  # only case-insensitive patterns are gated; exact case needs no folding
    found = _factor(list(_parsed(source, flags)))
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
    return pattern if guard is None else regex_cache.compile(guard + pattern.pattern, pattern.flags)


def compile_guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` with its first-character guard (`first_char_guard`),
    compiled once."""
    return regex_cache.compile((_guard(source, flags) or "") + source, flags)


@regex_cache.remembered
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


# -- scanning the case-folded text ------------------------------------------------------------

_FOLDABLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE


@dataclass(frozen=True, slots=True)
class FoldedScan:
    """How `finditer_folded` scans a text's key for one pattern (see `folded_scan`)."""

    #: the pattern without re.IGNORECASE, matching the key where the pattern matches the text
    #: (the pattern itself when `on_key` is false); None when `behind` does the scan
    folded: re.Pattern[str] | None
    #: the scan's pattern behind one consumed character that its opening lookbehind rules
    #: out before a match ("[^\\w]" for "(?<![\\w])"), or None
    behind: re.Pattern[str] | None
    #: whether the scan reads the key; a pattern with a case-sensitive part reads the text
    on_key: bool = True


def folded_scan(pattern: re.Pattern[str]) -> FoldedScan | None:
    """How to find `pattern`'s matches in `search_key(text)` instead of the text, or None
    when that would not be exact.

    The regex engine compares a case-insensitive literal with a case lookup per character,
    and skips the branches of an alternation on their first letter only when they are exact
    literals: the time grammar's word lists cost two to three times as much ignoring case as
    they do on lower-case text. `search_key` maps a character to an ASCII lower-case letter
    exactly when the engine, ignoring case, takes it for that letter (A-Z, the Kelvin sign,
    dotless i, long s), leaves \\w, \\d, \\s and newlines what they were, and changes no
    uncased character. So when every cased character of the pattern is an ASCII lower-case
    letter, and nothing in it switches case sensitivity back on or compares with a group,
    the case-sensitive pattern matches the key at the same positions, with the same spans,
    as the original does the text, provided the key is as long as the text
    (`finditer_folded` checks that and falls back otherwise).

    The engine also tries a pattern at every position, even where its opening lookbehind
    ("(?<![\\w])": not inside a word) fails at once. A pattern that begins with a character
    class is searched differently: the engine's own loop skips to the next character of the
    class before trying anything. So a pattern that opens with a one-character negative
    lookbehind is also compiled behind one consumed character outside the lookbehind's class
    (`behind`): it matches from p - 1 exactly when the pattern matches from p, to the same
    end, and its search steps over the words in between."""
    flags = pattern.flags
    sources = _scan_sources(pattern.pattern, flags)
    if sources is None:
        return None
    folded, behind, on_key, scan_flags = sources
    if behind is not None:
        # compiling the grammar's patterns is start-up time: no folded copy that is not used
        return FoldedScan(None, regex_cache.compile(behind, scan_flags), on_key)
    assert folded is not None
    return FoldedScan(regex_cache.compile(folded, scan_flags), None, on_key)


@regex_cache.remembered  # reading a long pattern's tree is start-up time
def _scan_sources(source: str, flags: int) -> tuple[str | None, str | None, bool, int] | None:
    """`folded_scan`'s patterns as (folded, behind, on_key, their flags), uncompiled."""
    if flags & re.IGNORECASE == 0 or flags & ~_FOLDABLE_FLAGS:
        return None
    if _GLOBAL_FLAGS.match(source):
        return None  # inline flags would turn ignoring case back on, and must open the pattern
    tree = _parsed(source, flags)
    on_key = _foldable(list(tree))
    # a pattern that cannot read the key still gets its search from the characters a match
    # can follow, on the text and with its own flags
    scan_flags = int(flags & ~re.IGNORECASE if on_key else flags)
    before = _excluded_before(list(tree))
    if before is not None and tree.getwidth()[0] > 0:
        # the consumed character: any outside the ASCII part of the lookbehind's class. That
        # admits every character the lookbehind does (and a few more it then rules out), and
        # a class of ASCII characters is a bitmap the engine tests faster than \\w (compared
        # with case, or the engine would not use it to skip)
        excluded = re.compile(f"[{before}]", scan_flags)
        ascii_part = "".join(re.escape(chr(i)) for i in range(128) if excluded.match(chr(i)))
        if ascii_part:
            guard = _prefix_guard(list(tree)) or ""
            return None, f"(?-i:[^{ascii_part}]){guard}{source}", on_key, scan_flags
    if not on_key:
        return None
    return source, None, on_key, scan_flags


def finditer_folded(
    pattern: re.Pattern[str], scan: FoldedScan | None, text: str, key: str
) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))`, found by scanning `key = search_key(text)` as
    `scan = folded_scan(pattern)` says, and matching `pattern` again only where that found a
    match (callers read the groups of the original text)."""
    if scan is None or (scan.on_key and len(key) != len(text)):
        return list(pattern.finditer(text))
    subject = key if scan.on_key else text
    spans: list[tuple[int, int]] = []
    if scan.behind is None:
        assert scan.folded is not None
        spans = [hit.span() for hit in scan.folded.finditer(subject)]
    else:
        # finditer's loop: the leftmost match at or after `pos`, then on from its end (the
        # pattern cannot match empty: `folded_scan` only builds `behind` then). `behind`
        # cannot find a match at the very start; the pattern is tried there on the text.
        pos = 0
        first = pattern.match(text, 0)
        if first is not None:
            spans.append(first.span())
            pos = first.end()
        while (hit := scan.behind.search(subject, max(pos - 1, 0))) is not None:
            spans.append((hit.start() + 1, hit.end()))
            pos = hit.end()
    found = []
    for start, end in spans:
        match = pattern.match(text, start)
        if match is None or match.end() != end:
            # unreachable by the argument above; a scan of the text keeps the result exact
            return list(pattern.finditer(text))
        found.append(match)
    return found


def _excluded_before(items: list) -> str | None:  # type: ignore[type-arg]
    """The class (inside "[^...]") of characters the leading "(?<![...])" of a sequence
    rules out just before a match, or None."""
    for op, av in items:
        if op is c.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1:
            sub_op, sub_av = next(iter(av[1]))
            # one character class or literal: the lookbehind reads exactly one character
            parts = _first_op(sub_op, sub_av)[0] if sub_op in (c.IN, c.LITERAL) else None
            if parts:
                return "".join(sorted(parts))
        elif op not in (c.ASSERT, c.ASSERT_NOT, c.AT):
            return None  # past the zero-width opening: the lookbehind is not at the start
    return None


#: How many characters `_prefix_guard` reads ahead.
_PREFIX_LENGTH = 3


def _prefix_guard(items: list) -> str | None:  # type: ignore[type-arg]
    """A lookahead for the first few characters a match can begin with, as a tree of
    alternatives on their first letters, or None when they cannot be read.

    At most word starts the first letter alone lets a wordy pattern in ("t" for "the",
    "three", "their"), and the engine then works through every optional group of it before
    failing; three letters ("the", "thr") turn most words away in a few comparisons."""
    heads = {head for head, _open in _prefixes(items, _PREFIX_LENGTH)}
    if not heads or () in heads:
        return None
    return f"(?={_trie(sorted(heads))})"


def _trie(heads: list[tuple[str, ...]]) -> str:
    groups: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        groups.setdefault(head[0], []).append(head[1:])
    branches = []
    for first, rests in groups.items():
        if () in rests:
            branches.append(first)  # the shorter prefix admits all its continuations
        else:
            branches.append(first + _trie(rests))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_Prefix = tuple[tuple[str, ...], bool]


def _prefixes(items: list, room: int) -> set[_Prefix] | None:  # type: ignore[type-arg]
    """Heads of the sequence's matches: one character class (source text) per character,
    at most `room` of them, each with whether it is all of what the sequence consumed
    (so that what follows the sequence may add to it). Every match begins with one head."""
    found: set[_Prefix] = {((), True)}
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width
        step = _item_prefixes(op, av, room)
        grown: set[_Prefix] = set()
        for head, open_ in found:
            if not open_ or len(head) >= room:
                grown.add((head, False))
                continue
            if step is None:
                grown.add((head, False))  # what the item takes is unknown: the head ends here
                continue
            for more, more_open in step:
                joined = (head + more)[:room]
                grown.add((joined, more_open and len(head + more) <= room))
        found = grown
        if not any(open_ for _head, open_ in found):
            break
    return found


def _item_prefixes(op: object, av: object, room: int) -> set[_Prefix] | None:
    if op is c.LITERAL:
        # bare: the engine skips an alternative at once when its first literal differs
        return {((re.escape(chr(av)),), True)}  # type: ignore[arg-type]
    if op is c.IN:
        parts = _first_op(op, av)[0]
        return None if not parts else {((f"[{''.join(sorted(parts))}]",), True)}
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av  # type: ignore[misc]
        return None if add_flags or del_flags else _prefixes(list(sub), room)
    if op is c.BRANCH:
        found: set[_Prefix] = set()
        for branch in av[1]:  # type: ignore[index]
            sub = _prefixes(list(branch), room)
            if sub is None:
                return None
            found |= sub
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, item = av  # type: ignore[misc]
        sub = _prefixes(list(item), room)
        if sub is None:
            return None
        if high != 1:
            sub = {(head, False) for head, _open in sub}  # more rounds: stop reading there
        return sub | {((), True)} if low == 0 else sub
    return None


_CASE_FREE_OPS = (c.AT, c.ANY, c.CATEGORY)


def _foldable(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            if not _case_free(chr(av)):
                return False
        elif op is c.IN:
            for kind, value in av:
                if kind in (c.LITERAL, c.NOT_LITERAL):
                    ok = _case_free(chr(value))
                elif kind is c.RANGE:
                    ok = all(_case_free(chr(x)) for x in range(value[0], value[1] + 1))
                else:
                    ok = kind in (c.NEGATE, c.CATEGORY)
                if not ok:
                    return False
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _foldable(list(sub)):
                return False
        elif op is c.BRANCH:
            if not all(_foldable(list(branch)) for branch in av[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if not _foldable(list(av[2])):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if not _foldable(list(av[1])):
                return False
        elif op is c.ATOMIC_GROUP:
            if not _foldable(list(av)):
                return False
        elif op not in _CASE_FREE_OPS:
            return False  # a back-reference or a conditional compares with what a group took
    return True


def _case_free(ch: str) -> bool:
    """Whether the key reads `ch` as the text does: an ASCII lower-case letter, or a
    character that has no other case."""
    # the engine compiles an uncased character, ignoring case or not, to the same exact test
    return "a" <= ch <= "z" or ch.lower() == ch == ch.upper()
