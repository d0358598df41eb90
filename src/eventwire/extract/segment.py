"""Split a saved news page (a text dump) into its article and the other headlines it lists.

A page saved as text holds one article among navigation, bylines, share-button text, "Related"
lists and copyright lines, and often a list of the site's other headlines before or after it.
The rules here look only at the shape of lines and blocks, never at what one site prints:

1. Lines. The text is split on CRLF, CR and LF with offsets kept. A line is blank, a list label
   ("Related stories", "Most read"), boilerplate (data/boilerplate.yaml) or content.
2. Units. Consecutive content lines that a hard wrap split apart are joined back: a line that
   does not end a sentence, followed by one starting in lower case; and, in a block that shows
   such wrapping, a line too full to have taken the next line's first word.
3. Shape. A unit is *headline-shaped* (one line; HEADLINE_MIN_WORDS..HEADLINE_MAX_WORDS words;
   starting with a capital or a digit; not ending in a full stop, comma, semicolon or colon),
   *prose* (it ends a sentence or clause, is longer than a headline, or is a wrapped paragraph)
   or a *fragment* (anything else: menu items, list numbers, names, "email the author").
4. Lists. Headline-shaped units in a row (blank lines, boilerplate and fragments between them do
   not break the row; prose and labels do) form a headline list when a label introduces them, or
   when there are at least HEADLINE_LIST_MIN_LINES of them, short on median, and they do not
   continue the article's prose: not introduced by a line ending in a colon, not a bullet list in
   sentence case, not lines in sentence case inside a paragraph block with no blank line on
   either side. One or two lines set apart by a blank line at the edge of a row whose own lines
   follow each other directly belong to the article beside it (its title and standfirst below a
   list, its last short lines above one).
5. Article. Prose units close together (fewer than ARTICLE_MAX_GAP_LINES lines of other stuff
   between them) form blocks; the block with the most words is the article: everything from its
   first to its last prose unit, minus lists, boilerplate and stray fragments (list items stay).
   The headline-shaped line directly above its body (with only bylines, dates or fragments
   between) is its title, kept out of the text; a second such line under the title is its
   standfirst and stays in the text. Other prose blocks (a form message above the menu, a
   cookie notice) are dropped.

Every step is one pass over the lines (patterns only run on lines up to BOILERPLATE_MAX_CHARS),
so the cost is linear in the page.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from eventwire import regex_cache, settings
from eventwire.data import load_yaml

SegmentKind = Literal["article", "headline"]


@dataclass(slots=True, frozen=True)
class Segment:
    """One document found on a page: the article or one listed headline."""

    kind: SegmentKind
    text: str  # the article's kept lines joined with "\n"; a headline's line, stripped
    start: int  # offset in the page text of the segment's first character
    end: int  # offset in the page text just after its last character
    title: str | None = None  # the article's own title line, when the page has one


# gap(upper_line, lower_line): whether a blank line lies between two lines of the page.
_GapFn = Callable[[int, int], bool]

# Line kinds.
_BLANK, _LABEL, _BOILER, _CONTENT = range(4)
# Unit shapes.
_HEADLINE, _FRAGMENT, _PROSE = range(3)

_NEWLINE = re.compile(r"\r\n|\r|\n")
# A list marker: "-", "*", "•", "1.", "(2)" and the like, followed by a space.
_BULLET = re.compile(r"(?:[-*•·▪►▸›»○◦‣⁃–—]|\(?\d{1,3}[.)])\s+")
# Closing quotes and brackets are looked through when reading how a line ends.
_CLOSERS = "\"'”’»)]›」』"
_SENTENCE_END = ".!?…。！？"
# "U.S." or "U.K." at the end of a headline is an abbreviation, not a full stop.
_INITIALISM = re.compile(r"(?:\w\.){2,}")
# A label may end with a colon, a dash or an arrow: "More from Business »"; a boilerplate
# line too ("Share this:"), but not with a full stop, which would make prose of it.
_LABEL_TAIL = r"[\s:：»›>→|\-–—]*"
_BOILER_TAIL = r"[\s:：»›>→|\-–—!…]*"


@dataclass(slots=True, frozen=True)
class _Patterns:
    label: re.Pattern[str]
    boilerplate: re.Pattern[str]
    byline_names: frozenset[str]
    each: dict[str, re.Pattern[str]]  # every entry alone, by name, for tests and diagnostics


def _scoped(entry: dict[str, object]) -> str:
    pattern = str(entry["pattern"])
    return f"(?:{pattern})" if entry.get("case_sensitive") else f"(?i:{pattern})"


@functools.cache
def _patterns() -> _Patterns:
    data = load_yaml("boilerplate.yaml")
    each: dict[str, re.Pattern[str]] = {}
    alternatives: dict[str, list[str]] = {"labels": [], "boilerplate": []}
    for section, suffix in (("labels", _LABEL_TAIL), ("boilerplate", _BOILER_TAIL)):
        for entry in data[section]:
            name = str(entry["name"])
            if not name.isidentifier() or name in each:
                raise ValueError(f"boilerplate.yaml: bad or repeated name {name!r}")
            each[name] = regex_cache.compile(_scoped(entry) + suffix)
            alternatives[section].append(f"(?P<{name}>{_scoped(entry)})")
    return _Patterns(
        label=regex_cache.compile("(?:" + "|".join(alternatives["labels"]) + ")" + _LABEL_TAIL),
        boilerplate=regex_cache.compile(
            "(?:" + "|".join(alternatives["boilerplate"]) + ")" + _BOILER_TAIL
        ),
        byline_names=frozenset(
            str(e["name"]) for e in data["boilerplate"] if e.get("role") == "byline"
        ),
        each=each,
    )


def pattern_names() -> dict[str, re.Pattern[str]]:
    """Every label and boilerplate pattern by its name in data/boilerplate.yaml."""
    return dict(_patterns().each)


def list_label(line: str) -> str | None:
    """The name of the list-label pattern a line matches ("related", "most_read"), or None."""
    line = line.strip()
    if not line or len(line) > settings.BOILERPLATE_MAX_CHARS:
        return None
    m = _patterns().label.fullmatch(line)
    return m.lastgroup if m else None


def boilerplate(line: str) -> str | None:
    """The name of the boilerplate pattern a line matches ("share", "byline"), or None."""
    line = line.strip()
    if not line or len(line) > settings.BOILERPLATE_MAX_CHARS:
        return None
    m = _patterns().boilerplate.fullmatch(line)
    return m.lastgroup if m else None


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line in the page
    content_start: int  # offset of its first non-space character
    content_end: int  # offset just after its last non-space character
    kind: int
    pattern: str | None = None  # the label or boilerplate pattern it matched


@dataclass(slots=True, eq=False)
class _Unit:
    first: int  # index of its first line
    last: int  # index of its last line (inclusive)
    shape: int
    core_start: int  # the text without a list marker, for a one-line unit
    core_end: int
    words: int
    title_case: bool
    bullet: bool
    colon: bool  # ends with a colon: it introduces what follows
    in_list: bool = False


@dataclass(slots=True, eq=False)
class _Run:
    units: list[_Unit] = field(default_factory=list)
    labelled: bool = False
    prev: _Unit | None = None  # the prose unit just above (no label between), if any
    next: _Unit | None = None  # the prose unit just below, if any
    accepted: bool = False


def segment_page(text: str) -> list[Segment]:
    """The article (first, if any) and the listed headlines (in page order) of a saved page.

    Boilerplate lines are returned nowhere. Empty or whitespace-only text gives [].
    """
    if not text or text.isspace():
        return []
    lines = _lines(text)
    units = _units(text, lines)
    if not units:
        return []
    # blanks[i] = blank lines among lines[:i], to ask "is there a blank line between?" in O(1).
    blanks = [0] * (len(lines) + 1)
    for i, line in enumerate(lines):
        blanks[i + 1] = blanks[i] + (line.kind == _BLANK)

    def gap(upper: int, lower: int) -> bool:
        """Whether a blank line lies between line `upper` and line `lower`."""
        return blanks[lower] - blanks[upper + 1] > 0

    # The page in order: each line that is not content, and each unit at its first line.
    unit_at = {u.first: u for u in units}
    seq: list[_Line | _Unit] = []
    for i, line in enumerate(lines):
        if line.kind != _CONTENT:
            seq.append(line)
        elif i in unit_at:
            seq.append(unit_at[i])

    runs = _runs(seq)
    for run in runs:
        _trim_edges(run, gap)
        run.accepted = _is_list(run, gap)
        for u in run.units:
            u.in_list = run.accepted
    _absorb_stray_lines(runs)

    prose = _article_prose(seq)
    if not prose:
        # No article: every headline-shaped line is a headline, listed or alone.
        return [_headline(text, u) for u in units if u.shape == _HEADLINE or u.in_list]

    title, lead = _title(seq, prose[0], runs)
    body_first = lead or prose[0]
    kept = [
        u
        for u in units
        if body_first.first <= u.first <= prose[-1].first
        and not u.in_list
        and (u.shape != _FRAGMENT or u.bullet)  # a list item stays; a stray menu word goes
    ]
    article = _article(text, lines, kept, gap, title)
    return [article] + [_headline(text, u) for u in units if u.in_list]


# Lines and units -------------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    bounds: list[tuple[int, int]] = []
    for m in _NEWLINE.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    for a, b in bounds:
        raw = text[a:b]
        body = raw.strip()
        if not body:
            out.append(_Line(a, a, a, _BLANK))
            continue
        cs = a + len(raw) - len(raw.lstrip())
        ce = a + len(raw.rstrip())
        kind, name = _CONTENT, None
        if (label := list_label(body)) is not None:
            kind, name = _LABEL, label
        elif (boiler := boilerplate(body)) is not None:
            kind, name = _BOILER, boiler
        out.append(_Line(a, cs, ce, kind, name))
    return out


def _ends_sentence(s: str) -> bool:
    s = s.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(s) and s[-1] in _SENTENCE_END


def _starts_lower(s: str) -> bool:
    for ch in s:
        if ch.isalnum():
            return ch.islower()
    return False


def _units(text: str, lines: list[_Line]) -> list[_Unit]:
    """Content lines grouped into units: a hard-wrapped paragraph becomes one unit."""
    units: list[_Unit] = []
    i = 0
    while i < len(lines):
        if lines[i].kind != _CONTENT:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].kind == _CONTENT:
            j += 1
        joins = _wrap_joins(text, lines, i, j)
        first = i
        for k in range(i, j + 1):
            if k == j or not joins[k - i]:
                units.append(_shape(text, lines, first, k))
                first = k + 1
        i = j + 1
    return units


def _wrap_joins(text: str, lines: list[_Line], i: int, j: int) -> list[bool]:
    """For each line of the block lines[i..j], whether a hard wrap split it from the next."""
    content = [text[lines[k].content_start : lines[k].content_end] for k in range(i, j + 1)]
    width = [lines[k].content_end - lines[k].start for k in range(i, j + 1)]
    joins = [False] * len(content)
    for k in range(len(content) - 1):
        joins[k] = (
            not _ends_sentence(content[k])
            and _starts_lower(content[k + 1])
            and not _BULLET.match(content[k + 1])  # a new list item, not a continuation
        )
    wrapped = [width[k] for k in range(len(content)) if joins[k]]
    if len(wrapped) >= settings.WRAP_MIN_CONTINUATIONS:
        # The block is hard-wrapped: a full line whose successor's first word would not have
        # fitted on it was broken by the wrap too, even where that word is capitalised.
        column = max(wrapped)
        for k in range(len(content) - 1):
            if joins[k] or _ends_sentence(content[k]) or _BULLET.match(content[k + 1]):
                continue
            next_word = len(content[k + 1].split(maxsplit=1)[0])
            full = width[k] >= settings.WRAP_FILL_RATIO * column
            joins[k] = full and width[k] + 1 + next_word > column
    return joins


def _word_count(s: str) -> int:
    """Words are whitespace-separated tokens holding a letter ("$6.78" and "—" are not)."""
    return sum(1 for tok in s.split() if any(ch.isalpha() for ch in tok))


def _is_title_case(s: str) -> bool:
    """Most words of four letters or more start with a capital (minor words are shorter)."""
    long_words = capitalised = 0
    for tok in s.split():
        word = tok.strip("\"'“”‘’()[]«»,;:.!?…-–—")
        if len(word) < 4 or not word[0].isalpha():
            continue
        long_words += 1
        capitalised += word[0].isupper()
    return long_words > 0 and capitalised >= settings.TITLE_CASE_RATIO * long_words


def _tail(s: str) -> str:
    """How a line ends: "stop", "ellipsis", "question" (! or ?), "comma", "colon" or ""."""
    s = s.rstrip().rstrip(_CLOSERS).rstrip()
    if not s:
        return ""
    last = s[-1]
    if last in "…" or s.endswith(".."):
        return "ellipsis"
    if last in ".。":
        last_token = s.rsplit(maxsplit=1)[-1].lstrip(_CLOSERS + '"“‘(')
        return "" if _INITIALISM.fullmatch(last_token) else "stop"
    if last in "!?！？":
        return "question"
    if last in ",;，；":
        return "comma"
    if last in ":：":
        return "colon"
    return ""


def _shape(text: str, lines: list[_Line], first: int, last: int) -> _Unit:
    cs, ce = lines[first].content_start, lines[last].content_end
    body = text[cs:ce]
    bullet = _BULLET.match(body)
    core_start = cs + (bullet.end() if bullet else 0)
    core = text[core_start:ce]
    words = _word_count(core)
    tail = _tail(core)
    single = first == last
    if words == 0:
        shape = _FRAGMENT
    elif (
        single
        and settings.HEADLINE_MIN_WORDS <= words <= settings.HEADLINE_MAX_WORDS
        and tail in ("", "ellipsis", "question")
        and not _starts_lower(core)
    ):
        shape = _HEADLINE
    elif tail in ("stop", "question", "colon", "comma") or words > settings.HEADLINE_MAX_WORDS:
        shape = _PROSE
    elif not single and words >= settings.HEADLINE_MIN_WORDS:
        shape = _PROSE  # a hard-wrapped paragraph whose last line lost its full stop
    else:
        # Short and unpunctuated but not headline-shaped: menu items, names, list numbers,
        # "email the author".
        shape = _FRAGMENT
    return _Unit(
        first=first,
        last=last,
        shape=shape,
        core_start=core_start,
        core_end=ce,
        words=words,
        title_case=_is_title_case(core),
        bullet=bullet is not None,
        colon=tail == "colon",
    )


# Headline lists ----------------------------------------------------------------------------


def _runs(seq: list[_Line | _Unit]) -> list[_Run]:
    """Headline-shaped units in a row; prose and labels end a row, other lines do not."""
    runs: list[_Run] = []
    current: _Run | None = None
    label_pending = False
    last_prose: _Unit | None = None
    for item in seq:
        if isinstance(item, _Line):
            if item.kind == _LABEL:
                if current is not None:
                    runs.append(current)
                    current = None
                label_pending, last_prose = True, None
            continue
        if item.shape == _FRAGMENT:
            continue
        if item.shape == _HEADLINE:
            if current is None:
                current = _Run(labelled=label_pending, prev=last_prose)
                label_pending = False
            current.units.append(item)
            continue
        if current is not None:  # prose ends the row
            current.next = item
            runs.append(current)
            current = None
        label_pending, last_prose = False, item
    if current is not None:
        runs.append(current)
    return runs


def _trim_edges(run: _Run, gap: _GapFn) -> None:
    """Drop from a row the lines that belong to the article beside it.

    When a row's lines follow each other without blank lines but one or two lines at its end
    are set apart by a blank line and lead into prose, those are the article's title and
    standfirst under a list; likewise one or two set-apart lines at its start that follow
    prose are the article's last short lines above a list.
    """
    need = 1 if run.labelled else settings.HEADLINE_LIST_MIN_LINES

    def breaks() -> list[int]:
        units = run.units
        return [k for k in range(1, len(units)) if gap(units[k - 1].last, units[k].first)]

    cuts = breaks()
    if cuts and run.next is not None:
        core = run.units[: cuts[0]]
        if len(run.units) - len(core) <= settings.TITLE_MAX_LINES and len(core) >= need:
            run.units = core
            cuts = breaks()
    if cuts and run.prev is not None and not run.labelled:
        core = run.units[cuts[-1] :]
        if len(run.units) - len(core) <= settings.TITLE_MAX_LINES and len(core) >= need:
            run.units = core


def _is_list(run: _Run, gap: _GapFn) -> bool:
    if run.labelled:
        return True
    units = run.units
    if len(units) < settings.HEADLINE_LIST_MIN_LINES:
        return False
    if statistics.median(u.words for u in units) > settings.HEADLINE_LIST_MAX_MEDIAN_WORDS:
        return False
    if run.prev is not None and run.prev.colon:
        return False  # "The measures include:" and then its items
    title_share = sum(u.title_case for u in units) / len(units)
    mostly_title = title_share >= settings.TITLE_CASE_RATIO
    if sum(u.bullet for u in units) * 2 > len(units) and not mostly_title:
        return False  # a bullet list in sentence case is part of the prose
    inside_paragraph_block = (
        run.prev is not None
        and run.next is not None
        and not gap(run.prev.last, units[0].first)
        and not gap(units[-1].last, run.next.first)
    )
    return not (inside_paragraph_block and not mostly_title)


def _absorb_stray_lines(runs: list[_Run]) -> None:
    """A lone short line between two headline lists (one that kept its full stop) is one more
    headline, not an article of one line."""
    for upper, lower in itertools.pairwise(runs):
        stray = upper.next
        if (
            upper.accepted
            and lower.accepted
            and stray is not None
            and stray is lower.prev
            and stray.first == stray.last
            and stray.words <= settings.HEADLINE_MAX_WORDS
            and not stray.colon
        ):
            stray.in_list = True


# The article -------------------------------------------------------------------------------


def _article_prose(seq: list[_Line | _Unit]) -> list[_Unit]:
    """The prose units of the article: the cluster of prose holding the most words.

    Prose units belong together while fewer than ARTICLE_MAX_GAP_LINES lines of other stuff
    (fragments, lone headline-shaped lines, boilerplate) separate them; blank lines, labels
    and headline lists do not count, so a "Related" block inside an article does not cut it
    in two, while a form message above a page's menu or a comment below its footer does not
    join the article.
    """
    clusters: list[list[_Unit]] = []
    junk = 0
    for item in seq:
        if isinstance(item, _Line):
            junk += item.kind == _BOILER
            continue
        if item.in_list:
            continue
        if item.shape != _PROSE:
            junk += not item.bullet
            continue
        if not clusters or junk >= settings.ARTICLE_MAX_GAP_LINES:
            clusters.append([])
        clusters[-1].append(item)
        junk = 0
    return max(clusters, key=lambda c: sum(u.words for u in c), default=[])


def _title(
    seq: list[_Line | _Unit], body: _Unit, runs: list[_Run]
) -> tuple[_Unit | None, _Unit | None]:
    """The article's title and standfirst: headline-shaped lines directly above its body."""
    pos = next(k for k, item in enumerate(seq) if item is body)
    above: list[_Unit] = []  # nearest first
    byline_between = False
    listed: _Unit | None = None
    byline_names = _patterns().byline_names
    for item in reversed(seq[:pos]):
        if isinstance(item, _Line):
            if item.kind == _LABEL:
                break
            if item.kind == _BOILER and item.pattern in byline_names:
                byline_between = byline_between or not above
            continue
        if item.shape == _FRAGMENT:
            continue
        if item.shape != _HEADLINE or len(above) == settings.TITLE_MAX_LINES:
            break
        if item.in_list:
            listed = item if not above else None
            break
        above.append(item)
    if above:
        title = above[-1]
        lead = above[-2] if len(above) > 1 else None
        return title, lead
    if listed is not None and byline_between and _detach_title(listed, runs):
        return listed, None
    return None, None


def _detach_title(unit: _Unit, runs: list[_Run]) -> bool:
    """Take the last line of a headline list out of it as the title of the article below it
    (a byline or date sits between them), when the list is still a list without it."""
    run = next((r for r in runs if r.units and r.units[-1] is unit), None)
    if run is None:
        return False
    rest = run.units[:-1]
    if not rest or (len(rest) < settings.HEADLINE_LIST_MIN_LINES and not run.labelled):
        return False
    unit.in_list = False
    run.units = rest
    return True


def _article(
    text: str, lines: list[_Line], kept: list[_Unit], gap: _GapFn, title: _Unit | None
) -> Segment:
    """The article's text: its kept lines, right-stripped, with one empty line wherever the
    page had blank lines between them (paragraph breaks survive, removed lines leave none)."""
    parts: list[str] = []
    previous: _Unit | None = None
    for unit in kept:
        if previous is not None and gap(previous.last, unit.first):
            parts.append("")
        for k in range(unit.first, unit.last + 1):
            parts.append(text[lines[k].start : lines[k].content_end])
        previous = unit
    start = lines[kept[0].first].content_start
    parts[0] = text[start : lines[kept[0].first].content_end]
    end = lines[kept[-1].last].content_end
    title_text = text[title.core_start : title.core_end] if title is not None else None
    return Segment("article", "\n".join(parts), start, end, title_text)


def _headline(text: str, unit: _Unit) -> Segment:
    return Segment(
        "headline", text[unit.core_start : unit.core_end], unit.core_start, unit.core_end
    )
