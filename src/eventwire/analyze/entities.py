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
- it reads a sports page's clubs as places or people ("Leeds 2 Everton 1", a league table's
  "DALLAS 16 9 .640", "Partizan Belgrade", "Luis Figo (Barcelona)") and misses players in
  line-ups and scorer lists: the fixed shapes of results lines say which names are clubs and
  which are people, and the clubs keep their label through the report (`_sports_results`,
  `_club_names`, `_players`, with data/ner_club_prefixes.txt); a name is read as a person's
  by its form ("S. Fleming", "Bibiana Perez (Italy)", `_people_by_form`);
- it misses or mislabels organisations that news names briefly or by their legal form
  ("Xinhua said", "Brewpole BV", an acronym bracketed after the name): `_listed_organisations`,
  `_corporate_names`, `_defined_acronyms`, with data/ner_organisations.yaml and
  ner_corporate_suffixes.txt;
- it labels one name differently across a document ("Lara" as ORG after "Brian Lara"): a
  surname of a PERSON named in full is a PERSON wherever it recurs, the first word of an
  organisation's name ("Newmont" of "Newmont Mining Corp") an ORG, missed mentions of both are
  added, and the other names take the label most of their mentions have (`_consistent_labels`).
  A headline split out of a page takes the names of its article (`NameEvidence`).

The names found are then corrected against the actor dictionary's gazetteer before they are
written (analyze/mention_fixes.py: country compounds split, names NER missed or cut short,
titles trimmed off people's names, who is a person, a government named with its owner), so the
spans and labels this analyzer writes are final. It writes mentions only (`entity_id` unset):
grouping them into entities is the actors analyzer's resolution, and analyzers that read
entities require it. Per-token work is a few set and dict lookups; the gazetteer and lexicons
load once.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, IS_SPACE, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.base import PageContext
from eventwire.analyze.mention_fixes import fix_mentions
from eventwire.analyze.truecasing import (
    Place,
    common_word,
    gazetteer,
    given_names,
    industry_words,
    is_title_case,
    name_words,
)
from eventwire.analyze.wordfreqs import zipf
from eventwire.data import load_lines, load_yaml
from eventwire.model import Document, Mention, Span

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
# Lower-case words inside people's names ("Pierre van Hooydonk", "Ivan de la Pena").
#: A parse's tokens as the per-line passes index them: a list made once per pass (each
#: `Doc[i]` makes a new Token object), or the Doc itself.
Tokens = Sequence[Token] | Doc

_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "da", "di", "dos", "al"})


def label_key(text: str) -> str:
    """The form in which this module compares names to agree on their label (votes across a
    document, a page's name evidence, clubs and defined acronyms): lower case, no dots or
    extra spaces, typographic apostrophes straightened.

    Not actor_lexicon.lexicon_key, which keeps dots and folds accents for the gazetteer's
    index: here "U.S." and "US" are one name, and spaCy's labels are compared as written."""
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
    # name keys of clubs in results and tables, and of acronyms defined in brackets ("AN")
    organisations: set[str] = field(default_factory=set)


class EntityAnalyzer:
    """NER mentions, cleaned up and corrected with the gazetteer → `Document.mentions`.

    A headline whose `parent_id` is its page's article (the pipeline analyses a page's article
    before its headlines) takes its labels from the article's prose: the article's name
    evidence is left in the page's `PageContext`, which lives as long as the page. Nothing is
    kept from one page to the next.
    """

    name = "entities"
    version = "0.3"
    requires = ()
    assigns = ("mentions",)

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        candidates = [c for ent in parsed.ents for c in _pieces(parsed, ent)]
        candidates = _company_names(parsed, doc.text, candidates)
        candidates = _club_names(parsed, doc.text, candidates)
        candidates = _listed_organisations(parsed, doc.text, candidates)
        candidates = _corporate_names(parsed, candidates)
        _extend_to_places(parsed, candidates)
        for c in candidates:
            c.label = _place_label(parsed[c.start : c.end], c.label)
            c.label = _event_label(parsed, c, _organisation_label(parsed, c))
        candidates = _datelines(parsed, doc.text, candidates)
        candidates += _missed_places(parsed, candidates)
        candidates, teams = _sports_results(parsed, doc.text, candidates)
        candidates = _players(parsed, doc.text, candidates)
        _people_by_form(parsed, doc.text, candidates)
        candidates, acronyms = _defined_acronyms(parsed, doc.text, candidates)
        articles = page.names if page is not None else {}
        context = articles.get(doc.parent_id) if doc.parent_id else None
        evidence = _consistent_labels(parsed, candidates, context, teams | acronyms)
        names = evidence.surnames | evidence.org_words | evidence.organisations
        candidates = [c for c in candidates if not _table_label(parsed, c, names)]
        if doc.kind == "article":
            articles[doc.id] = evidence
        found: list[tuple[int, int, str]] = []
        for c in sorted(candidates, key=lambda c: c.start):
            tokens = parsed[c.start : c.end]
            span = trim_name(doc.text, tokens.start_char, tokens.end_char)
            if span is None or _NOT_A_NAME.match(span.text):
                continue
            found.extend(
                (part.start, part.end, label)
                for part, label in _pair_parts(doc.text, span, c.label)
            )
        doc.mentions.extend(
            Mention(Span.of(doc.text, r.start, r.end), r.label)
            for r in fix_mentions(doc.text, parsed, found)
        )


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
    short = all(len(w) <= settings.ENTITY_COLUMN_HEAD_MAX for w in words)
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


def _common(token: Token) -> bool:
    """True for a word common in English that names no place ("Soccer", "Union")."""
    key = token.lower_
    return zipf(key) >= settings.ENTITY_COMMON_ZIPF and (key,) not in gazetteer()


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
    tokens = parsed[c.start : c.end]
    if c.label in {"GPE", "LOC", "NORP"}:
        # "Leeds United", "Basque Nationalist Party": a place or people's name and the word
        # that makes it an organisation's, unless the whole is a place ("Soviet Union").
        last = tokens[-1].lower_
        named = len(tokens) > 1 and last in _org_words() and _capitalised(tokens[-1])
        return "ORG" if named and name_words(tokens.text) not in gazetteer() else c.label
    if c.label != "PERSON":
        return c.label
    if len(tokens) == 1:
        text = tokens[0].text
        is_acronym = (
            text.isupper() and text.isalpha() and len(text) <= settings.ENTITY_ACRONYM_MAX_LETTERS
        )
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


def _club_names(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A club's name: a word that opens club names ("Real", "Hapoel", "FC") and the
    capitalised words after it, when the first of them is a place or a rare word ("Real
    Madrid", "Hapoel Kfar Sava", "Werder Bremen"), as one ORG in place of the model's pieces."""
    prefixes, places = _club_prefixes(), gazetteer()
    found: list[_Candidate] = []
    i = 0
    while i < len(parsed) - 1:
        token = parsed[i]
        if token.lower_ not in prefixes or not _written_capitalised(text, token):
            i += 1
            continue
        end = i + 1
        while end < len(parsed) and end - i <= settings.ENTITY_CLUB_NAME_MAX_WORDS:
            following = parsed[end]
            if not (_written_capitalised(text, following) and parsed[end - 1].whitespace_):
                break
            end += 1
        # The name ends with its town ("Real Madrid", not "Real Madrid Draw") or at the next
        # club ("Real Madrid Barcelona" in a list of odds).
        town = max(
            (j for j in range(i + 2, end + 1) if name_words(parsed[i + 1 : j].text) in places),
            default=None,
        )
        if town is not None:
            end = town
        else:
            end = next((j for j in range(i + 2, end) if parsed[j].lower_ in prefixes), end)
        if end == i + 1 or not (
            town is not None or zipf(parsed[i + 1].lower_) < settings.ENTITY_CLUB_RARE_ZIPF
        ):
            i += 1
            continue
        found.append(_Candidate(i, end, "ORG"))
        i = end
    if not found:
        return candidates
    taken = _covered(found)
    return [c for c in candidates if not taken.intersection(range(c.start, c.end))] + found


def _listed_organisations(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The organisations of `data/ner_organisations.yaml` ("Xinhua", "USDA") are ORGs where
    they stand alone, whatever the model said, and are added where it missed them."""
    listed = _organisation_names()
    by_start = {c.start: c for c in candidates}
    covered = _covered(candidates)
    found = []
    for token in parsed:
        written = text[token.idx : token.idx + len(token)]
        entry = listed.get(written.upper())
        if entry is None or not (written == entry or written == entry.upper()):
            continue
        c = by_start.get(token.i)
        if c is not None and c.end == token.i + 1:
            c.label = "ORG"
        elif token.i not in covered:
            found.append(_Candidate(token.i, token.i + 1, "ORG"))
    return candidates + found


def _corporate_names(parsed: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Company names read by their legal form (`data/ner_corporate_suffixes.txt`): a name
    ending in one is an ORG ("Brewpole BV" is no person); a name run on across "and" after
    one is two companies ("Acme Ltd and Brent Traders Inc"); a name cut before "and Co" is
    one company with it ("Russ Mill and Co Inc")."""
    suffixes = _corporate_suffixes()
    out: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: c.start):
        named = c.label in {"PERSON", "ORG"} and c.end - c.start > 1
        if named and _suffix(parsed[c.end - 1], suffixes):
            c.label = "ORG"
        previous = out[-1] if out else None
        if (
            c.label == "ORG"
            and _suffix(parsed[c.start], suffixes)
            and previous is not None
            and previous.label in {"PERSON", "ORG"}
            and previous.end == c.start - 1
            and parsed[previous.end].lower_ in {"and", "&"}
        ):
            previous.end, previous.label = c.end, "ORG"  # "Russ Mill" + "and" + "Co Inc"
            continue
        if c.label == "ORG":
            for k in range(c.start + 1, c.end - 1):
                if parsed[k].lower_ == "and" and _suffix(parsed[k - 1], suffixes):
                    out.append(_Candidate(c.start, k, "ORG"))  # "Acme Ltd" and ...
                    c.start = k + 1
        out.append(c)
    return out


def _suffix(token: Token, suffixes: frozenset[str]) -> bool:
    return _capitalised(token) and token.lower_.rstrip(".") in suffixes


@functools.cache
def _corporate_suffixes() -> frozenset[str]:
    return frozenset(load_lines("ner_corporate_suffixes.txt"))


@functools.cache
def _organisation_names() -> dict[str, str]:
    """Listed organisations by their name in capitals → the name as news writes it."""
    return {name.upper(): name for name in load_yaml("ner_organisations.yaml")}


@functools.cache
def _club_prefixes() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines("ner_club_prefixes.txt"))


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
        while end < len(parsed) and end - token.i < settings.ENTITY_DATELINE_MAX_WORDS:
            word = text[parsed[end].idx : parsed[end].idx + len(parsed[end])]
            if not (word.isupper() and any(ch.isalpha() for ch in word)):
                break
            end += 1
        if end == token.i or end - token.i >= settings.ENTITY_DATELINE_MAX_WORDS:
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


# Sports results ------------------------------------------------------------------------------

# A cell of a results table: a count, a percentage (".556"), a half game ("1/2"), a blank "-".
_TABLE_CELL = re.compile(r"^(?:\d{1,4}|\d*\.\d{3}|\d/\d|-)$")
_PERCENTAGE = re.compile(r"^\d*\.\d{3}$")
_SCORE = re.compile(r"^\d{1,3}$")
_LINE_BREAK = re.compile("\n")
# Words that may join the capitalised words of a club's name ("Queen of the South").
_NAME_JOINERS = frozenset({"of", "the", "de", "del", "la", "do", "da", "&"})
#: Labels a club in a results line may carry wrongly: its city, its state, a person ("Alloa").
# "at Dallas", "in Dallas": the place a game is played, even on a page that lists the club.
_VENUE_WORDS = frozenset({"at", "in"})
_TEAM_FIXABLE = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})


def _sports_results(
    parsed: Doc, text: str, candidates: list[_Candidate]
) -> tuple[list[_Candidate], set[str]]:
    """Clubs in the results and tables of a sports page, and their names (`label_key`).

    News sports pages print results in fixed shapes, one a line: a score line ("Leeds 2
    Everton 1", scorers in brackets), a standings row ("Leeds 20 11 5 4 30 18 38", or
    "DALLAS 16 9 .640 -"), a fixture ("Albion v Forfar", "CALGARY AT BOSTON"). There the
    names are competitors: a nation is its national side, a place, and the place after
    "at" is the venue; any other city or state is a club, an ORG, and so is a name the model
    missed or took for a person ("Alloa", "Hapoel Haifa"), unless the page names someone
    so in full ("Chris Sutton"). The model's pieces of a club's name give way to it."""
    teams: set[str] = set()
    found: list[_Candidate] = []
    tokens = list(parsed)  # each line's pass indexes them: made once, not per look
    sides = [
        side for lines in _line_ranges(parsed, text) for side in _competitors(tokens, text, *lines)
    ]
    spans = {(s, e) for s, e, _, _ in sides}
    surnames = {  # of people named in full elsewhere than in the results
        parsed[c.end - 1].lower_
        for c in candidates
        if c.label == "PERSON" and c.end - c.start >= 2 and (c.start, c.end) not in spans
    }
    for s, e, strong, role in sides:
        tokens = parsed[s:e]
        place = gazetteer().get(name_words(tokens.text))
        if place is not None and (role == "venue" or place.nation or place.label == "NORP"):
            continue  # "Wales 3": the national side, which the place name labels
        if not strong:
            continue  # a row of three or four large figures need not be sport
        inside = [c for c in candidates if c.start < e and s < c.end]
        exact = [c for c in inside if (c.start, c.end) == (s, e)]
        if exact and exact[0].label == "ORG":
            teams.add(label_key(tokens.text))
            continue
        if exact and exact[0].label == "PERSON" and place is None:
            # A fixture's sides may be players ("Nicol v Eyles"), and so may a golfer's
            # row; a league table's rows and a score line's single names are clubs.
            club = role == "table" or (role == "side" and e - s == 1) or _holds_place(tokens)
            if not (strong and club) or tokens[-1].lower_ in surnames:
                continue  # "Nick Price 68 70 71": a golfer; "Sutton" of "Chris Sutton"
        if not inside and place is None and not strong:
            continue  # a word in a row of figures that need not be sport ("Wheat")
        candidates = [c for c in candidates if c not in inside]
        found.append(_Candidate(s, e, "ORG"))
        teams.add(label_key(tokens.text))
    candidates += found
    for s, e in _clubs_in_brackets(parsed, text, candidates):
        inside = [c for c in candidates if c.start < e and s < c.end]
        if any(c.label == "PERSON" for c in inside):
            continue
        candidates = [c for c in candidates if c not in inside] + [_Candidate(s, e, "ORG")]
        teams.add(label_key(parsed[s:e].text))
    return candidates, teams


def _clubs_in_brackets(
    parsed: Doc, text: str, candidates: list[_Candidate]
) -> list[tuple[int, int]]:
    """The clubs bracketed after players' names in squads and scorer lists: "Luis Figo
    (Barcelona)", "Rui Costa (Fiorentina, Italy)". A nation there is the player's country
    ("Nick Price (Zimbabwe)"), and so is a state or a region; a city or a name is a club."""
    places, found = gazetteer(), []
    for c in candidates:
        if c.label != "PERSON" or c.end + 2 >= len(parsed) or parsed[c.end].text != "(":
            continue
        start = end = c.end + 1
        while end < len(parsed) and _written_capitalised(text, parsed[end]):
            end += 1
        if end == start or end >= len(parsed):
            continue
        closing = parsed[end].text
        if closing == ",":  # "(Fiorentina, Italy)": the club, then its country
            after = end + 1
            while after < len(parsed) and _written_capitalised(text, parsed[after]):
                after += 1
            country = places.get(name_words(parsed[end + 1 : after].text))
            if country is None or not country.nation or parsed[after : after + 1].text != ")":
                continue
        elif closing != ")":
            continue
        place = places.get(name_words(parsed[start:end].text))
        if place is not None and (place.major or place.label == "NORP"):
            continue
        if parsed[start].lower_.rstrip(".") in _name_suffixes():
            continue  # "John Mills (Jr.)"
        code = text[parsed[start].idx : parsed[end - 1].idx + len(parsed[end - 1])]
        if end - start == 1 and code.isupper() and len(code) <= settings.ENTITY_COUNTRY_CODE_MAX:
            continue  # "(US)", "(GER)": a country's code
        found.append((start, end))
    return found


def _players(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """People in line-ups and scorer lists, whom the model often misses in a run of foreign
    names: a squad number and a dash before each name ("Japan: 19 - Kenichi Shimokawa, 2 -
    Naoki Soma"), or minutes after each name in a score line's brackets ("Chelsea 2 (Zola 12,
    Vialli 55)"). A name in such a list is a PERSON, unless it is a place or a listed club."""
    found: list[tuple[int, int]] = []
    listed: list[tuple[int, int]] = []  # in a list of people: even an "ORG" is one
    tokens = list(parsed)  # each line's pass indexes them: made once, not per look
    # Most texts hold no squad number before a spaced dash and no bracket: those passes
    # would find nothing on any of their lines.
    numbered = any(m.group(1).isdigit() for m in _NUMBER_DASH.finditer(text))
    bracketed = "(" in text
    for start, end in _line_ranges(parsed, text):
        if numbered:
            items = _numbered_names(tokens, text, start, end)  # "19 - Kenichi Shimokawa"
            if len(items) >= settings.ENTITY_LINEUP_MIN_PLAYERS:
                found += items
        if bracketed:
            found += _scorers(tokens, text, start, end)
        listed += _listed_people(tokens, text, start, end, candidates)
    if not found and not listed:
        return candidates
    places = gazetteer()
    for s, e in found + listed:
        inside = [c for c in candidates if c.start < e and s < c.end]
        exact = {c.label for c in inside if (c.start, c.end) == (s, e)}
        kept = {"PERSON"} if (s, e) in listed else {"ORG", "PERSON"}
        if name_words(parsed[s:e].text) in places or exact & kept:
            continue  # a place or a club in the list, or a name the model read already
        candidates = [c for c in candidates if c not in inside] + [_Candidate(s, e, "PERSON")]
    return candidates


def _people_by_form(parsed: Doc, text: str, candidates: list[_Candidate]) -> None:
    """A name the model calls an organisation is a person's by its form: an initial and a
    surname ("S. Fleming"), or two or three plain names followed by a bracketed country, the
    way results list athletes ("Bibiana Perez (Italy) 1:18.52"). A club or a company keeps
    its label: a word of its name is a place, an organisation's word, a club's or a legal
    form ("Partizan Belgrade (Yugoslavia)", "Acme Holdings (Canada)")."""
    places = gazetteer()
    for c in candidates:
        if c.label != "ORG" or not 2 <= c.end - c.start <= settings.ENTITY_PERSON_MAX_WORDS:
            continue
        tokens = parsed[c.start : c.end]
        words = [t.lower_.rstrip(".") for t in tokens]
        plain = all(_written_capitalised(text, t) for t in tokens) and not any(
            w in _org_words()
            or w in _club_prefixes()
            or w in _corporate_suffixes()
            or (w,) in places
            for w in words
        )
        if not plain or name_words(tokens.text) in places:
            continue
        first = tokens[0].text
        initial = len(first) == 2 and first.endswith(".") and c.end - c.start == 2
        if initial or _country_in_brackets(parsed, c.end):
            c.label = "PERSON"


def _country_in_brackets(parsed: Doc, i: int) -> bool:
    """True when tokens from i read "(Country)"."""
    if i + 2 >= len(parsed) or parsed[i].text != "(":
        return False
    close = next((j for j in range(i + 1, min(len(parsed), i + 5)) if parsed[j].text == ")"), 0)
    place = gazetteer().get(name_words(parsed[i + 1 : close].text)) if close else None
    return place is not None and place.nation


def _listed_people(
    tokens: Tokens, text: str, start: int, end: int, candidates: list[_Candidate]
) -> list[tuple[int, int]]:
    """The names of a list of people: a line (after its head, "Midfielders -", "Squad:")
    that is nothing but names of two or three words, comma-separated, most of which the
    model calls people ("Gheorghe Hagi, Gheorghe Popescu, Constantin Galca, ...")."""
    head = next(
        (i + 1 for i in range(start, end) if tokens[i].text == ":" or _spaced_dash(tokens[i])),
        start,
    )
    people = {(c.start, c.end) for c in candidates if c.label == "PERSON"}
    names, i = [], head
    while i < end:
        stop = _name_run(tokens, text, i, end)
        if not 2 <= stop - i <= settings.ENTITY_PERSON_MAX_WORDS:
            return []
        names.append((i, stop))
        if stop < end and tokens[stop].text == "(":  # "(Porto)": the club after the name
            stop = next((j + 1 for j in range(stop, end) if tokens[j].text == ")"), end)
        if stop < end and tokens[stop].text not in {",", ";", ".", "and"}:
            return []
        i = stop + 1
    read = sum(1 for n in names if n in people)
    if len(names) < settings.ENTITY_NAME_LIST_MIN or 2 * read < len(names):
        return []
    return names


def _spaced_dash(token: Token) -> bool:
    return token.text in _DASHES and bool(token.whitespace_)


def _name_run(
    tokens: Tokens, text: str, i: int, end: int, joiners: frozenset[str] = _NAME_PARTICLES
) -> int:
    """Where the run of capitalised words from token i ends (i itself when it is none); a
    joiner between two capitalised words ("de", "and") does not end it."""
    j = i
    while j < end and (
        _written_capitalised(text, tokens[j])
        or (
            tokens[j].lower_ in joiners
            and j + 1 < end
            and _written_capitalised(text, tokens[j + 1])
        )
    ):
        j += 1
    return j


#: What `_numbered_names` needs in the text: a number (its last character a digit as
#: `str.isdigit` has it), a space, a dash token and a space (a token's trailing whitespace is
#: one space; any other is a token of its own).
_NUMBER_DASH = re.compile(r"(\S) (?:--|[-–—]) ")


def _numbered_names(tokens: Tokens, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names after a squad number and a spaced dash: "19 - Kenichi Shimokawa"."""
    out = []
    for i in range(start, end - 2):
        number, dash = tokens[i], tokens[i + 1]
        if not (number.text.isdigit() and dash.text in _DASHES and dash.whitespace_):
            continue
        if not number.whitespace_:
            continue
        stop = _name_run(tokens, text, i + 2, end)
        if stop > i + 2:
            out.append((i + 2, stop))
    return out


def _scorers(tokens: Tokens, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Scorers in the brackets after a score: "Leeds 2 (Okafor 40, Brandt 77 pen)"."""
    out = []
    for i in range(start + 1, end - 1):
        if tokens[i].text != "(" or not _SCORE.match(tokens[i - 1].text):
            continue
        j = i + 1
        while j < end and tokens[j].text != ")":
            stop = _name_run(tokens, text, j, end)
            if stop > j and stop < end and tokens[stop].text.isdigit():
                out.append((j, stop))  # "Okafor 40"
            j = stop + 1 if stop > j else j + 1
            while j < end and tokens[j].text not in {",", ";", ")"}:
                j += 1  # the minutes and "pen" up to the next scorer
            if j < end and tokens[j].text != ")":
                j += 1
    return out


def _defined_acronyms(
    parsed: Doc, text: str, candidates: list[_Candidate]
) -> tuple[list[_Candidate], set[str]]:
    """An acronym bracketed after an organisation's name is the organisation ("the National
    Alliance (AN)"), there and wherever the document repeats it; returns the acronyms too."""
    found, keys = [], set()
    for c in candidates:
        if c.label != "ORG" or c.end + 2 >= len(parsed) or parsed[c.end].text != "(":
            continue
        token = parsed[c.end + 1]
        written = text[token.idx : token.idx + len(token)]
        if (
            parsed[c.end + 2].text == ")"
            and written.isalpha()
            and written.isupper()
            and settings.ENTITY_ACRONYM_MIN_LETTERS
            <= len(written)
            <= settings.ENTITY_DEFINED_ACRONYM_MAX_LETTERS
        ):
            found.append(_Candidate(token.i, token.i + 1, "ORG"))
            keys.add(label_key(written))
    if not found:
        return candidates, keys
    taken = _covered(found)
    return [c for c in candidates if not taken.intersection(range(c.start, c.end))] + found, keys


def _holds_place(tokens: SpacySpan) -> bool:
    """True when a word of the name is a place ("Haifa" of "Hapoel Haifa")."""
    places = gazetteer()
    return any(
        (place := places.get((t.lower_,))) is not None and place.label != "NORP" for t in tokens
    )


def _line_ranges(parsed: Doc, text: str) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the document's lines (`text`: the document's text, whose
    line breaks the parse keeps)."""
    # From the tokens' offsets and the text's line breaks: walking the Doc would make a
    # Python object of every token, twice per document.
    rows = parsed.to_array([IDX, IS_SPACE]).tolist()
    starts = [r[0] for r in rows]
    breaks = sorted(
        {bisect_right(starts, m.start()) - 1 for m in _LINE_BREAK.finditer(text)} - {-1}
    )
    ranges: list[tuple[int, int]] = []
    start = 0
    for i in breaks:  # tokens holding a line break, as text or as trailing space
        end = i if rows[i][1] else i + 1
        if end > start:
            ranges.append((start, end))
        start = i + 1
    if start < len(parsed):
        ranges.append((start, len(parsed)))
    return ranges


def _competitors(
    tokens: Tokens, text: str, start: int, end: int
) -> list[tuple[int, int, bool, str]]:
    """The names of the competitors on a line of results, as (start, end, strong, role):
    strong when the shape of the line says the names are teams or players in a score line
    or a league table (more columns than a golfer's rounds, or a winning percentage); a
    table of three or four figures a row is not strong. The role is "side" in a score line,
    "table" in a league table's row, "row" in another row of figures, "fixture" for the
    sides of "v" and "at", "venue" for the name after "at"."""
    items = _result_items(tokens, text, start, end)
    while items and items[-1][0] == ".":
        items.pop()
    shape = [kind for kind, _, _ in items if kind != "("]
    names = [(s, e) for kind, s, e in items if kind == "name"]
    cells = [tokens[s].text for kind, s, _ in items if kind == "cell"]
    if shape == ["name", "cell", "name", "cell"] and all(_SCORE.match(c) for c in cells):
        return [(s, e, True, "side") for s, e in names]  # "Leeds 2 (Smith 40) Everton 1"
    if len(shape) >= 4 and shape[0] == "name" and all(k == "cell" for k in shape[1:]):
        # "Leeds 20 11 5 4 30 18 38". Games won, drawn, lost: a league table has small
        # counts, a golfer's rounds not.
        percentage = any(_PERCENTAGE.match(c) for c in cells)
        small = any(c.isdigit() and int(c) < settings.ENTITY_TABLE_SMALL_COUNT for c in cells)
        strong = len(cells) >= settings.ENTITY_TABLE_MIN_COLUMNS or percentage or small
        return [(*names[0], strong, "table" if percentage or small else "row")]
    out: list[tuple[int, int, bool, str]] = []
    segment: list[tuple[str, int, int]] = []
    whole_line = all(kind not in {",", "."} for kind, _, _ in items)
    for item in [*items, (",", end, end)]:
        if item[0] in {",", "."}:
            kinds = [k for k, _, _ in segment]
            at = kinds == ["name", "at", "name"] and whole_line
            # "Napoli (5) v Verona (17) 1330": league places in brackets, the kick-off time
            plain = [k for k in kinds if k != "("]
            versus = plain[:3] == ["name", "v", "name"] and all(k == "cell" for k in plain[3:])
            if at or versus:
                names = [(s, e) for k, s, e in segment if k == "name"]
                roles = ["fixture", "venue" if at else "fixture"]
                out += [(s, e, True, role) for (s, e), role in zip(names, roles, strict=True)]
            segment = []
        else:
            segment.append(item)
    return out


def _written_capitalised(text: str, token: Token) -> bool:
    """True for a word capitalised in the document's own text (the parse reads an ALL CAPS
    line truecased: "NY RANGERS" may come out "ny rangers"), "St." too."""
    word = token.text.rstrip(".")
    joins = token.lower_ != "at" and token.lower_ not in _VERSUS  # "REAL MADRID V BARCELONA"
    return text[token.idx : token.idx + 1].isupper() and word.isalpha() and joins


def _spaced(tokens: Tokens, i: int, end: int) -> bool:
    """True when token i stands between spaces in its line: a table's cell, not a piece of
    "1996-12-06" or "4-2"."""
    before = i == 0 or bool(tokens[i - 1].whitespace_)
    after = i + 1 >= end or bool(tokens[i].whitespace_) or tokens[i + 1].text in {".", ","}
    return before and after


def _result_items(
    tokens: Tokens, text: str, start: int, end: int
) -> list[tuple[str, int, int]]:
    """A line as (kind, start, end) items: "name" (capitalised words), "cell" (a figure),
    "v" ("v", "vs"), "at" ("AT" of a fixture list), "(" (a bracketed aside to the line's
    end if unclosed), "," and "." (separators), "x" (anything else)."""
    items: list[tuple[str, int, int]] = []
    i = start
    while i < end:
        token = tokens[i]
        word = token.text
        if word == "(":
            j = i + 1
            while j < end and tokens[j].text != ")":
                j += 1
            items.append(("(", i, min(j + 1, end)))
            i = j + 1
            continue
        if _TABLE_CELL.match(word) and _spaced(tokens, i, end):
            kind = "cell"
        elif token.lower_ in _VERSUS:
            kind = "v"
        elif token.lower_ == "at":
            kind = "at"
        elif word in {",", ";", ":"}:
            kind = ","
        elif word == ".":
            kind = "."
        elif _written_capitalised(text, token):
            j = _name_run(tokens, text, i + 1, end, _NAME_JOINERS)
            items.append(("name", i, j))
            i = j
            continue
        else:
            kind = "x"
        items.append((kind, i, i + 1))
        i += 1
    return items


# One label per name in a document ------------------------------------------------------------


def _consistent_labels(
    parsed: Doc,
    candidates: list[_Candidate],
    context: NameEvidence | None = None,
    organisations: set[str] | None = None,
) -> NameEvidence:
    """Make a document's labels agree: a surname of someone named in full is a PERSON wherever
    it recurs (and is added where the model missed it), and the mentions of one name take the
    label most of them have. `context` is the evidence of the document this one belongs to
    (a headline's article: its names, not its votes, which a terse headline need not follow);
    the document's own evidence is returned."""
    own = NameEvidence(organisations=set(organisations or ()))
    known = own.organisations | (context.organisations if context else set())
    for c in candidates:
        if (
            c.label in _TEAM_FIXABLE
            and label_key(parsed[c.start : c.end].text) in known
            and not _after_venue_word(parsed, c)
        ):
            c.label = "ORG"  # "against Ottawa" in a report whose table lists the club

        if c.label == "PERSON" and c.end - c.start >= 2:
            surname = _surname(parsed[c.start : c.end])
            if surname:
                own.surnames.add(surname)
        elif c.label == "ORG" and c.end - c.start >= 2:
            first = parsed[c.start]
            if _distinctive(first):
                own.org_words.add(first.lower_)
    surnames = own.surnames | (context.surnames if context else set())
    org_words = own.org_words | (context.org_words if context else set())
    single = {k for k in known if " " not in k and zipf(k) < settings.ENTITY_COMMON_ZIPF}
    org_words = (org_words | single) - surnames
    for names, label in ((surnames, "PERSON"), (org_words, "ORG")):
        if not names:
            continue
        for c in candidates:
            one_word = c.end - c.start == 1 and parsed[c.start].lower_ in names
            venue = label == "ORG" and _after_venue_word(parsed, c)  # "at Dallas"
            if c.label != label and one_word and not venue:
                c.label = label
        candidates += _missed_names(parsed, candidates, names, label)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for c in candidates:
        votes[label_key(parsed[c.start : c.end].text)][c.label] += 1
    for c in candidates:
        (best, top), *rest = [
            *votes[label_key(parsed[c.start : c.end].text)].most_common(2),
            ("", 0),
        ]
        venue = best == "ORG" and c.label in {"GPE", "LOC"} and _after_venue_word(parsed, c)
        if c.label != best and top > rest[0][1] and not venue:
            c.label = best
    return own


def _after_venue_word(parsed: Doc, c: _Candidate) -> bool:
    return c.start > 0 and parsed[c.start - 1].lower_ in _VENUE_WORDS


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
        and zipf(key) < settings.ENTITY_COMMON_ZIPF
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
            common = zipf(token.lower_) >= settings.SURNAME_COMMON_ZIPF
            if common or (token.lower_ in lower_words and token.pos_ != "PROPN"):
                continue  # "Little has opted ...", "Will you ...": a common word opening it
        start, first = token.i, token.i - settings.ENTITY_MAX_NAME_WORDS_BEFORE
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
