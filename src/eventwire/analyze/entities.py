"""Entity mentions from spaCy's NER, cleaned up into names, grouped into entities by name.

The small English model makes a few kinds of mistakes that plain rules repair cheaply (each
rule below is a function of this module, with its data file where it has one):

- it runs names across separators ("CRICKET - PAKISTAN V NEW ZEALAND" as one ORG, a name and
  the score after it, "Corp. Bellmont" across two sentences) and glues a possessor, a
  determiner, a role word ("Defender Hassan Abbas") or a nationality ("Croat Alen Boksic") to
  a name: mentions are cut at dashes, brackets, line breaks, "v", numbers and possessives, and
  the pieces that are not names (a headline's topic "SOCCER -", column heads "W L PCT", table
  labels "Attendance:", lower-case words) are dropped (`_pieces`, `_table_label`);
- it picks the wrong type for well-known places and nationality words ("Mauritius" as a PERSON,
  "Czech" as a GPE) and misses some: a gazetteer of countries, states and provinces, regions,
  large cities and nationality words (analyze/truecasing.gazetteer) fixes the label, completes
  a place cut short, adds the missed ones and reads datelines (`_place_label`,
  `_extend_to_places`, `_missed_places`, `_datelines`, `_pair_parts` for "U.S.-Venezuela");
- it calls organisations people ("Manchester United", "IBF"), misses events named for a place
  ("Nairobi Classic") and reads "Korea Zinc" as a place (`_organisation_label`, `_event_label`,
  `_company_names`, with data/ner_org_words.txt, ner_event_heads.txt, ner_industry_words.txt);
- it labels one name differently across a document ("Lara" as ORG after "Brian Lara"): a
  surname of a PERSON named in full is a PERSON wherever it recurs, the first word of an
  organisation's name ("Newmont" of "Newmont Mining Corp") an ORG, missed mentions of both are
  added, and the other names take the label most of their mentions have (`_consistent_labels`).
  A headline split out of a page takes the names of its article (`NameEvidence`).

Grouping is deliberately simple (same label and same normalised name): the actors analyzer that
runs next does real resolution (name parts, titles, aliases, the actor dictionary) and regroups.
Keeping a baseline grouping here means every mention always has an entity, even with the actors
analyzer switched off. Per-token work is a few set and dict lookups; the gazetteer and lexicons
load once.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.truecasing import (
    Place,
    common_word,
    gazetteer,
    given_names,
    industry_words,
    is_title_case,
    name_words,
)
from eventwire.data import load_lines
from eventwire.model import Document, Entity, Mention, Span

#: spaCy labels that name things; numbers and dates go to the quantities and time analyzers.
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
    | {"LANGUAGE"}
)
#: Labels whose names may hold a number ("Boeing 747", "Euro 2024", "1995 World Cup").
_NUMBERED_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
#: Labels a well-known place or nationality word may be corrected from.
_PLACE_FIXABLE = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "PRODUCT"})
# Determiners are not part of the name after them ("the Lisbon Open", "Some Latinos ...").
_DETERMINERS = ("the", "a", "an", "some", "many", "most", "several", "both", "these", "those")
_LEADING = re.compile(rf"^(?:{'|'.join(_DETERMINERS)})\s+", re.IGNORECASE)
# A final "." stays: in names it closes an abbreviation ("U.S.", "Corp."), and spaCy keeps a
# sentence's full stop out of entities anyway.
_TRAILING = re.compile(r"(?:['’]s?|[\s,;:!?\"“”()\[\]-]+)$")
# ...but a full stop after a long lower-case word ends the sentence, not an abbreviation:
# "Dietmar Beiersdorfer." (abbreviations are short: "Corp.", "Bros.", "Jr.").
_SENTENCE_STOP = re.compile(r"(?<=[^\W\d_][a-z]{4})\.$")
_POSSESSIVES = frozenset({"'s", "’s"})
_QUOTES = frozenset({"'", "’"})
# Fiscal years and quarters ("FY2026", "Q3 2025") are dates, which spaCy sometimes tags as names.
_NOT_A_NAME = re.compile(r"^(?:FY|Q[1-4])\s?'?\d{2,4}$", re.IGNORECASE)
# Tokens no name runs across: brackets, colons, semicolons, and dashes standing between spaces.
_BREAKS = frozenset({"(", ")", "[", "]", "{", "}", ":", ";", "|", "•"})
_DASHES = frozenset({"-", "--", "–", "—"})
_VERSUS = frozenset({"v", "vs", "vs."})
#: Most words in the place name of a dateline ("RIO DE JANEIRO").
_DATELINE_MAX_WORDS = 5
#: Longest abbreviation heading a table column ("PCT", "GB").
_COLUMN_HEAD_MAX = 3
#: Most words taken into a name before a known surname the model missed ("Takuya Takagi").
_MAX_NAME_WORDS_BEFORE = 2
#: Longest acronym taken for an organisation when the model calls it a PERSON ("IBF", "NATO").
_ACRONYM_MAX_LETTERS = 5


def name_key(text: str) -> str:
    """The form of a name used to compare mentions: lower case, no dots or extra spaces."""
    return " ".join(text.lower().replace(".", "").replace("’", "'").split())


@dataclass(slots=True)
class _Candidate:
    """A name being cleaned: tokens [start, end) of the parse, and its label."""

    start: int
    end: int
    label: str


@dataclass(slots=True)
class NameEvidence:
    """What a document says about its names, kept for the documents that point at it: a
    headline split out of a page reads "LARA" as the PERSON its article calls Brian Lara."""

    surnames: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)  # "newmont" of "Newmont Mining Corp"


class EntityAnalyzer:
    """NER mentions → `Document.mentions` and one `Entity` per distinct name.

    It remembers the names of the last `settings.ENTITY_CONTEXT_DOCUMENTS` articles it saw, so
    that a headline whose `parent_id` is one of them (the pipeline analyses a page's article
    before its headlines) takes its labels from the article's prose.
    """

    name = "entities"
    version = "0.2"

    def __init__(self) -> None:
        self._recent: OrderedDict[str, NameEvidence] = OrderedDict()

    def __call__(self, doc: Document, parsed: Doc) -> None:
        candidates = [c for ent in parsed.ents for c in _pieces(parsed, ent)]
        candidates = _company_names(parsed, doc.text, candidates)
        _extend_to_places(parsed, candidates)
        for c in candidates:
            c.label = _place_label(parsed[c.start : c.end], c.label)
            c.label = _event_label(parsed, c, _organisation_label(parsed, c))
        candidates = _datelines(parsed, doc.text, candidates)
        candidates += _missed_places(parsed, candidates)
        context = self._recent.get(doc.parent_id) if doc.parent_id else None
        evidence = _consistent_labels(parsed, candidates, context)
        names = evidence.surnames | evidence.org_words
        candidates = [c for c in candidates if not _table_label(parsed, c, names)]
        if doc.kind == "article":
            self._recent[doc.id] = evidence
            while len(self._recent) > settings.ENTITY_CONTEXT_DOCUMENTS:
                self._recent.popitem(last=False)
        by_key: dict[tuple[str, str], Entity] = {}
        for c in sorted(candidates, key=lambda c: c.start):
            tokens = parsed[c.start : c.end]
            span = trim_name(doc.text, tokens.start_char, tokens.end_char)
            if span is None or _NOT_A_NAME.match(span.text):
                continue
            for part, label in _pair_parts(doc.text, span, c.label):
                key = (label, name_key(part.text))
                entity = by_key.get(key)
                if entity is None:
                    entity = Entity(id=f"e{len(doc.entities) + 1}", name=part.text, type=label)
                    by_key[key] = entity
                    doc.entities.append(entity)
                entity.mentions.append(len(doc.mentions))
                doc.mentions.append(Mention(span=part, label=label, entity_id=entity.id))


def _pair_parts(text: str, span: Span, label: str) -> list[tuple[Span, str]]:
    """A hyphenated pair of places, "U.S.-Venezuela" or "Japan-China", as its two places; any
    other name as it is."""
    if "-" not in span.text or label not in _PLACE_FIXABLE:
        return [(span, label)]
    places = gazetteer()
    parts, start = [], span.start
    for piece in span.text.split("-"):
        place = places.get(name_words(piece))
        if place is None or place.label == "NORP":
            return [(span, label)]
        parts.append((Span.of(text, start, start + len(piece)), place.label))
        start += len(piece) + 1
    return parts


# Cutting spaCy's entities into names ---------------------------------------------------------


def _is_break(parsed: Doc, token: Token, label: str) -> bool:
    """True when `token` cannot be inside a name of type `label`."""
    text = token.text
    if token.is_space or text in _BREAKS:
        return True
    if text in _DASHES:
        # "Guinea-Bissau" keeps its hyphen; "SOCCER - JAPAN" is two things.
        return bool(token.whitespace_) and token.i > 0 and bool(parsed[token.i - 1].whitespace_)
    if token.lower_ in _VERSUS and label != "LAW":
        return True  # "Pakistan v New Zealand"; but "Roe v. Wade" is one case name
    if _is_number(token) and (label not in _NUMBERED_LABELS or not token.text.isdigit()):
        return True  # "Afridi 88", "Goias 1 Gremio 3", "Halftime 0-1": a name and a score
    # The tagger often misses a curly "’s" (tagging it as a quote), so go by the text too. A
    # plural's bare apostrophe stays: "Champions' League", "Farmers' Union" are names.
    return token.lower_ in _POSSESSIVES or (token.tag_ == "POS" and token.text not in _QUOTES)


def _is_number(token: Token) -> bool:
    return any(ch.isdigit() for ch in token.text)


def _pieces(parsed: Doc, ent: SpacySpan) -> list[_Candidate]:
    """A spaCy entity cut at the tokens that cannot be inside a name, without the pieces that
    are not names: common words split off it (a headline's topic "SOCCER -") or nothing but
    lower-case words ("heifers")."""
    label = ent.label_
    if label not in NAME_LABELS:
        return []
    pieces, start = [], ent.start
    for token in ent:
        if _is_break(parsed, token, label):
            if token.i > start:
                pieces.append((start, token.i))
            start = token.i + 1
        elif token.is_sent_start and token.i > start:
            # A name does not run on into the next sentence ("... Mining Corp. Bellmont said").
            pieces.append((start, token.i))
            start = token.i
    if ent.end > start:
        pieces.append((start, ent.end))
    out = []
    for s, e in pieces:
        tokens = parsed[s:e]
        if not any(ch.isupper() for ch in tokens.text):
            continue  # "heifers", "south coast": nothing capitalised, nothing to name
        if _column_heads(tokens):
            continue  # "W L T GF GA": a table's column heads, not initials of a name
        if _topic(parsed, s, e):
            continue  # "SOCCER - JAPAN ...": the headline's topic, not a name
        if e - s >= 2 and parsed[s].lower_ in _DETERMINERS:
            s += 1
        while e - s >= 2 and parsed[e - 1].is_lower and parsed[e - 1].is_alpha:
            e -= 1  # "Xinhua news agency": a name ends on a capitalised word
        if label == "PERSON" and _role_word(parsed, parsed[s]):
            if e - s == 1:
                continue  # "Defending champions ...": a common word opening a sentence
            s += 1  # "Defender Hassan Abbas": a common word capitalised by its position
        nationality = _nationality_before_name(parsed, s, e, label)
        if nationality:
            out.append(_Candidate(s, nationality, "NORP"))
            s, label = nationality, "PERSON"
        out.append(_Candidate(s, e, label))
    return out


def _nationality_before_name(parsed: Doc, start: int, end: int, label: str) -> int | None:
    """Where the name starts after a nationality word the model took into it ("Croat Alen
    Boksic" as one PERSON, "Argentine Nestor Sensini" as one NORP), else None. Organisations
    keep theirs ("British Airways"), and so do given names ("Christian Bale")."""
    if label not in {"PERSON", "NORP"} or end - start < 2:
        return None
    places = gazetteer()
    for n in range(min(end - start - 1, _longest_place()), 0, -1):
        words = parsed[start : start + n]
        place = places.get(name_words(words.text))
        if place is None or place.label != "NORP":
            continue
        rest = parsed[start + n : end]
        if parsed[start].lower_ in given_names() or not all(_capitalised(t) for t in rest):
            return None
        return start + n
    return None


def _column_heads(tokens: SpacySpan) -> bool:
    """True for letters and short abbreviations only, one at least a single letter: the heads
    of a table's columns ("W L", "W L PCT GB"), not a name ("J R R Tolkien" has a name)."""
    words = [t.text for t in tokens if not t.is_punct]
    short = all(len(w) <= _COLUMN_HEAD_MAX for w in words)
    return len(words) >= 2 and short and any(len(w) == 1 for w in words)


def _topic(parsed: Doc, start: int, end: int) -> bool:
    """True for common words opening a line before a spaced dash: a wire headline's topic
    ("SOCCER - ...", "Rugby Union - ...")."""
    if end >= len(parsed) or not _line_initial(parsed, parsed[start]):
        return False
    dash = parsed[end]
    return (
        dash.text in _DASHES
        and bool(dash.whitespace_)
        and bool(parsed[end - 1].whitespace_)
        and all(_common(t) for t in parsed[start:end])
    )


def _role_word(parsed: Doc, token: Token) -> bool:
    """True for a sentence's first word that is a common word, not a given name: the role or
    title opening "Defender Hassan Abbas rose ...", which the model takes into the name."""
    key = token.lower_
    return (
        _line_initial(parsed, token)
        and token.is_alpha
        and key not in given_names()
        and (key,) not in gazetteer()
        and common_word(key)
    )


def _line_initial(parsed: Doc, token: Token) -> bool:
    return token.i == 0 or token.is_sent_start or "\n" in parsed[token.i - 1].text_with_ws


@functools.cache
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _common(token: Token) -> bool:
    """True for a word common in English that names no place ("Soccer", "Union")."""
    key = token.lower_
    return _zipf(key) >= settings.ENTITY_COMMON_ZIPF and (key,) not in gazetteer()


# Places, nationalities, events and companies -------------------------------------------------


def _extend_to_places(parsed: Doc, candidates: list[_Candidate]) -> None:
    """A name cut short of the place it starts ("RIO DE" of "RIO DE JANEIRO") takes the whole
    place name and its label."""
    places, longest = gazetteer(), _longest_place()
    starts = {c.start for c in candidates}
    for c in candidates:
        nxt = parsed[c.end] if c.end < len(parsed) else None
        if c.label not in _PLACE_FIXABLE or nxt is None or not (nxt.is_alpha or nxt.text == "-"):
            continue
        others = _covered(o for o in candidates if o is not c)
        match = _place_at(parsed, c.start, others, places, longest)
        if match and match[0] > c.end and not starts.intersection(range(c.end, match[0])):
            c.end, c.label = match[0], match[1].label


def _organisation_label(parsed: Doc, c: _Candidate) -> str:
    """ORG for a "PERSON" that cannot be one: an acronym ("IBF"), a name holding a word such as
    "United" or "Airways" after its first word, or one holding a place of several words
    ("Maccabi Tel Aviv")."""
    if c.label != "PERSON":
        return c.label
    tokens = parsed[c.start : c.end]
    if len(tokens) == 1:
        text = tokens[0].text
        is_acronym = text.isupper() and text.isalpha() and len(text) <= _ACRONYM_MAX_LETTERS
        return "ORG" if is_acronym else c.label
    if any(t.lower_ in _org_words() for t in tokens[1:]):
        return "ORG"
    keys = [t.lower_ for t in tokens]
    places = gazetteer()
    for i in range(len(keys) - 1):
        for j in range(i + 2, len(keys) + 1):
            place = places.get(tuple(keys[i:j]))
            if place is not None and place.label != "NORP":
                return "ORG"
    return c.label


@functools.cache
def _org_words() -> frozenset[str]:
    return frozenset(load_lines("ner_org_words.txt"))


def _table_label(parsed: Doc, c: _Candidate, names: set[str]) -> bool:
    """True for a common word opening a line before a number or a colon: the label of a table
    row ("Attendance: 5,300", "Extras 26"), not a name (unless the document names someone or
    something so: "Price 68" after "Nick Price")."""
    if c.end - c.start != 1:
        return False
    token = parsed[c.start]
    following = parsed[c.end] if c.end < len(parsed) else None
    before_figure = following is None or following.is_space or following.text == ":"
    before_figure = before_figure or (following is not None and _is_number(following))
    return (
        before_figure
        and _line_initial(parsed, token)
        and token.lower_ not in names
        and (token.lower_,) not in gazetteer()
        and common_word(token.lower_)
    )


def _event_label(parsed: Doc, c: _Candidate, label: str) -> str:
    """EVENT for a name ending in a word that names events ("Asian Cup", "Zimbabwe Open"), and
    for a name followed by such a word, which then joins it. An EVENT ends at its last such
    word: "World Cup super G" is the World Cup."""
    heads = _event_heads()
    if label == "EVENT":
        last = max((t.i for t in parsed[c.start : c.end] if t.lower_ in heads), default=None)
        if last is not None and last + 1 < c.end:
            c.end = last + 1
        return label
    if label in _NUMBERED_LABELS:
        return label
    if c.end - c.start > 1 and parsed[c.end - 1].lower_ in heads:
        return "EVENT"
    following = parsed[c.end] if c.end < len(parsed) else None
    after = parsed[c.end + 1] if c.end + 1 < len(parsed) else None
    if (
        following is not None
        and following.lower_ in heads
        and _capitalised(following)
        and parsed[c.end - 1].whitespace_
        and not (after is not None and _capitalised(after) and after.is_alpha)
    ):
        c.end += 1
        return "EVENT"
    return label


@functools.cache
def _event_heads() -> frozenset[str]:
    return frozenset(load_lines("ner_event_heads.txt"))


def _place_label(tokens: SpacySpan, label: str) -> str:
    """The label a gazetteer name takes: a nationality word is NORP (also a "LANGUAGE"
    qualifying a noun: "English officials"); a country, region or listed place is GPE/LOC
    whatever spaCy said; a city called a PERSON is a GPE."""
    if label == "LANGUAGE":
        qualifies = tokens[-1].dep_ in {"amod", "compound"} and tokens[-1].head.pos_ == "NOUN"
        place = gazetteer().get(name_words(tokens.text))
        return "NORP" if qualifies and place is not None and place.label == "NORP" else label
    if label not in _PLACE_FIXABLE:
        return label
    place = gazetteer().get(name_words(tokens.text))
    if place is None:
        return label
    if place.label == "NORP" or place.major:
        return place.label
    return place.label if label == "PERSON" else label


def _company_names(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A place and a capitalised trade word form a company name ("Korea Zinc"). In prose the
    capitals say so; in a headline, where every word has them, only a verb after the pair does:
    "Korea Zinc Plans ..." is the company, "Peru Zinc Output Falls" a place and a commodity."""
    out: list[_Candidate] = []
    skip = -1
    places, trades = gazetteer(), industry_words()
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start == skip:
            continue  # the trade word, tagged on its own, joined the company name
        last = parsed[c.end - 1]
        if c.end - c.start >= 2 and last.lower_ in trades:
            place = places.get(name_words(parsed[c.start : c.end - 1].text))
            if place is not None and place.label != "NORP":
                if _in_headline(text, last) and not _verb_or_end(parsed, c.end):
                    c.end, c.label = c.end - 1, place.label
                else:
                    c.label = "ORG"
                out.append(c)
                continue
        trade = parsed[c.end] if c.end < len(parsed) else None
        if (
            trade is not None
            and c.label == "GPE"
            and parsed[c.end - 1].whitespace_
            and trade.lower_ in trades
            and text[trade.idx : trade.idx + 1].isupper()
            and (not _in_headline(text, trade) or _verb_or_end(parsed, c.end + 1))
            and name_words(parsed[c.start : c.end].text) in places
        ):
            out.append(_Candidate(c.start, c.end + 1, "ORG"))
            skip = c.end
            continue
        out.append(c)
    return out


def _verb_or_end(parsed: Doc, i: int) -> bool:
    """True when token i is a verb, punctuation or past the end: what may follow a name."""
    return i >= len(parsed) or parsed[i].pos_ in {"VERB", "AUX"} or parsed[i].is_punct


def _in_headline(text: str, token: Token) -> bool:
    """True when the token's line of the document is Title Case or ALL CAPS."""
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return is_title_case(text[start : end if end >= 0 else len(text)])


def _datelines(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The place of a dateline is a GPE: a line opening with a name in capitals followed by a
    comma and a known place, a bracket, a date or the line's end ("TIGNES, France 1996-12-06",
    "WASHINGTON (Reuters) -"), when the name is a known place or the place after the comma is."""
    places = gazetteer()
    found: list[_Candidate] = []
    for token in parsed:
        if not (token.i == 0 or "\n" in parsed[token.i - 1].text_with_ws):
            continue
        end = token.i
        while end < len(parsed) and end - token.i < _DATELINE_MAX_WORDS:
            word = text[parsed[end].idx : parsed[end].idx + len(parsed[end])]
            if not (word.isupper() and any(ch.isalpha() for ch in word)):
                break
            end += 1
        if end == token.i or end - token.i >= _DATELINE_MAX_WORDS:
            continue
        after = parsed[end] if end < len(parsed) else None
        name = parsed[token.i : end].text
        if after is None or after.is_space or after.text == "(" or _is_number(after):
            known = name_words(name) in places
        elif after.text == "," and end + 1 < len(parsed):
            # "TIGNES, France": the place after the comma is not in capitals, unlike a
            # headline's "PERU, ECUADOR SIGN ...".
            second = parsed[end + 1]
            in_capitals = text[second.idx : second.idx + len(second)].isupper()
            known = not in_capitals and (
                name_words(second.text) in places or name_words(name) in places
            )
        else:
            known = False
        if known:
            found.append(_Candidate(token.i, end, "GPE"))
    if not found:
        return candidates
    taken = _covered(found)
    return [c for c in candidates if not taken.intersection(range(c.start, c.end))] + found


def _covered(candidates: Iterable[_Candidate]) -> set[int]:
    return {i for c in candidates for i in range(c.start, c.end)}


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _missed_places(parsed: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Gazetteer names the model did not tag: capitalised, outside every mention, and not the
    start of a longer name ("New York Stock Exchange" is not the place New York)."""
    places, covered, found = gazetteer(), _covered(candidates), []
    longest = _longest_place()
    i = 0
    while i < len(parsed):
        token = parsed[i]
        if i in covered or not _capitalised(token) or not token.is_alpha:
            i += 1
            continue
        match = _place_at(parsed, i, covered, places, longest)
        if match is None:
            i += 1
            continue
        end, place = match
        following = parsed[end] if end < len(parsed) else None
        longer_name = following is not None and _capitalised(following) and following.is_alpha
        longer_name = longer_name or _name_word_before(parsed, i, covered)  # "Werder Bremen"
        ambiguous = (
            end - i == 1
            and not place.major
            and place.label != "NORP"
            and _line_initial(parsed, token)
            and common_word(token.lower_)
        )  # "Split", "Reading" opening a sentence are more often words than cities
        if not longer_name and not ambiguous:
            found.append(_Candidate(i, end, place.label))
        i = end
    return found


def _place_at(
    parsed: Doc, i: int, covered: set[int], places: dict[tuple[str, ...], Place], longest: int
) -> tuple[int, Place] | None:
    words: list[str] = []
    best = None
    for j in range(i, min(len(parsed), i + longest * 2)):
        token = parsed[j]
        if j in covered or token.is_space:
            break
        if token.is_punct and token.text not in {"-", "."}:
            break
        if token.is_alpha:
            words.append(token.lower_)
            place = places.get(tuple(words))
            if place is not None and _capitalised(token):
                best = (j + 1, place)
        if len(words) >= longest:
            break
    return best


@functools.cache
def _longest_place() -> int:
    return max(len(k) for k in gazetteer())


# One label per name in a document ------------------------------------------------------------


def _consistent_labels(
    parsed: Doc, candidates: list[_Candidate], context: NameEvidence | None = None
) -> NameEvidence:
    """Make a document's labels agree: a surname of someone named in full is a PERSON wherever
    it recurs (and is added where the model missed it), and the mentions of one name take the
    label most of them have. `context` is the evidence of the document this one belongs to
    (a headline's article: its names, not its votes, which a terse headline need not follow);
    the document's own evidence is returned."""
    own = NameEvidence()
    for c in candidates:
        if c.label == "PERSON" and c.end - c.start >= 2:
            surname = _surname(parsed[c.start : c.end])
            if surname:
                own.surnames.add(surname)
        elif c.label == "ORG" and c.end - c.start >= 2:
            first = parsed[c.start]
            if _distinctive(first):
                own.org_words.add(first.lower_)
    surnames = own.surnames | (context.surnames if context else set())
    org_words = (own.org_words | (context.org_words if context else set())) - surnames
    for names, label in ((surnames, "PERSON"), (org_words, "ORG")):
        if not names:
            continue
        for c in candidates:
            if c.label != label and c.end - c.start == 1 and parsed[c.start].lower_ in names:
                c.label = label
        candidates += _missed_names(parsed, candidates, names, label)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in candidates:
        votes[name_key(parsed[c.start : c.end].text)][c.label] += 1
    for c in candidates:
        (best, top), *rest = [
            *votes[name_key(parsed[c.start : c.end].text)].most_common(2),
            ("", 0),
        ]
        if c.label != best and top > rest[0][1]:
            c.label = best
    return own


def _surname(tokens: SpacySpan) -> str | None:
    """The surname of a full name: its last word, passing over "Jr." and the like."""
    for token in reversed(tokens):
        key = token.lower_.rstrip(".")
        if key in _name_suffixes() or token.is_punct:
            continue
        if token.is_alpha and _capitalised(token) and len(token.text) > 1:
            return token.lower_
        return None
    return None


def _distinctive(token: Token) -> bool:
    """True for a word that names an organisation on its own ("Newmont" of "Newmont Mining"),
    unlike a common word ("General Motors"), a place ("Bank of Japan") or a nationality."""
    key = token.lower_
    return (
        token.is_alpha
        and _capitalised(token)
        and len(key) > 2
        and (key,) not in gazetteer()
        and _zipf(key) < settings.ENTITY_COMMON_ZIPF
    )


@functools.cache
def _name_suffixes() -> frozenset[str]:
    return frozenset(load_lines("ner_name_suffixes.txt"))


def _missed_names(
    parsed: Doc, candidates: list[_Candidate], names: set[str], label: str
) -> list[_Candidate]:
    """Single-word mentions of `names` (surnames, organisations' first words) the model missed."""
    covered = _covered(candidates)
    lower_words: set[str] | None = None  # the document's lower-case words, when needed
    found = []
    # Compare lower-case hashes in numpy rather than making a Token object per word: this
    # runs on every document, and most documents hold none of the names.
    wanted = numpy.array([parsed.vocab.strings.add(n) for n in names], dtype=numpy.uint64)
    hits = numpy.flatnonzero(numpy.isin(parsed.to_array(LOWER), wanted))
    for i in hits.tolist():
        token = parsed[i]
        if token.i in covered or not _capitalised(token):
            continue
        following = parsed[token.i + 1] if token.i + 1 < len(parsed) else None
        if following is not None and _capitalised(following) and following.is_alpha:
            continue  # part of a longer name the model did not tag ("Lara Croft Museum")
        if _line_initial(parsed, token):
            if lower_words is None:
                lower_words = {t.lower_ for t in parsed if t.is_lower}
            common = _zipf(token.lower_) >= settings.SURNAME_COMMON_ZIPF
            if common or (token.lower_ in lower_words and token.pos_ != "PROPN"):
                continue  # "Little has opted ...", "Will you ...": a common word opening it
        start, first = token.i, token.i - _MAX_NAME_WORDS_BEFORE
        while start > first and _name_word_before(parsed, start, covered):
            start -= 1  # "Ian Jones" when "Jones" is known: the first name joins
        found.append(_Candidate(start, token.i + 1, label))
    return found


def _name_word_before(parsed: Doc, i: int, covered: set[int]) -> bool:
    """True when the token before token i continues a name up to it: a word in title case or an
    initial ("Takuya" of "Takuya Takagi", "M." of "M. Waugh"), outside other mentions, and not
    a common word capitalised because it opens the sentence ("In Madrid")."""
    if i == 0 or i - 1 in covered:
        return False
    before = parsed[i - 1]
    if not _capitalised(before) or before.whitespace_ == "" or "\n" in before.whitespace_:
        return False
    initial = len(before.text) == 2 and before.text.endswith(".")
    if not (before.is_title or initial):
        return False  # in capitals ("PITTSBURGH AT WASHINGTON") every word looks like a name
    return not (_line_initial(parsed, before) and common_word(before.lower_))


def trim_name(text: str, start: int, end: int) -> Span | None:
    """The span with a leading article and trailing possessive or punctuation removed."""
    while start < end and text[start].isspace():
        start += 1
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    while end > start:
        tail = _TRAILING.search(text[start:end]) or _SENTENCE_STOP.search(text[start:end])
        if not tail or tail.start() == 0:
            break
        end = start + tail.start()
    return Span.of(text, start, end) if end > start and text[start:end].strip() else None
