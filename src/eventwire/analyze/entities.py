"""Entity mentions from spaCy's NER, cleaned up into names, grouped into entities by name.

The small English model makes a few kinds of mistakes that plain rules repair cheaply:

- it runs names across separators ("CRICKET - PAKISTAN V NEW ZEALAND" as one ORG, a name and
  the number after it in a results table) and glues a possessor to the name after it, so
  mentions are cut at dashes, brackets, line breaks, "v"/"vs", numbers and possessives;
- it picks the wrong type for well-known places and nationalities ("Mauritius" as a PERSON,
  "Czech" as a GPE) and misses some of them, so a gazetteer of countries, regions, large cities
  and nationality words (see analyze/truecasing.py) fixes the label or adds the mention;
- it labels the same name differently across a document ("Lara" as ORG after "Brian Lara"), so
  a surname of a PERSON named in full in the same document is a PERSON wherever it recurs, and
  the other names take the label most of their mentions have;
- company names made of a place and a trade ("Korea Zinc") are an ORG when a verb follows.

Grouping is deliberately simple (same label and same normalised name): the actors analyzer that
runs next does real resolution (name parts, titles, aliases, the actor dictionary) and regroups.
Keeping a baseline grouping here means every mention always has an entity, even with the actors
analyzer switched off.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire import settings
from eventwire.analyze.truecasing import Place, gazetteer, industry_words, name_words
from eventwire.model import Document, Entity, Mention, Span

#: spaCy labels that name things; numbers and dates go to the quantities and time analyzers.
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
    | {"LANGUAGE"}
)
#: Labels whose names may hold a number ("Boeing 747", "Euro 2024", "1995 World Cup").
_NUMBERED_LABELS = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
#: Labels a well-known place or nationality word may be corrected from.
_PLACE_FIXABLE = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# A final "." stays: in names it closes an abbreviation ("U.S.", "Corp."), and spaCy keeps a
# sentence's full stop out of entities anyway.
_TRAILING = re.compile(r"(?:['’]s?|[\s,;:!?\"“”()\[\]-]+)$")
_POSSESSIVES = frozenset({"'s", "’s"})
# Fiscal years and quarters ("FY2026", "Q3 2025") are dates, which spaCy sometimes tags as names.
_NOT_A_NAME = re.compile(r"^(?:FY|Q[1-4])\s?'?\d{2,4}$", re.IGNORECASE)
# Tokens no name runs across: brackets, colons, semicolons, and dashes standing between spaces.
_BREAKS = frozenset({"(", ")", "[", "]", "{", "}", ":", ";", "|", "•"})
_DASHES = frozenset({"-", "--", "–", "—"})
_VERSUS = frozenset({"v", "vs", "vs."})


def name_key(text: str) -> str:
    """The form of a name used to compare mentions: lower case, no dots or extra spaces."""
    return " ".join(text.lower().replace(".", "").replace("’", "'").split())


@dataclass(slots=True)
class _Candidate:
    """A name being cleaned: tokens [start, end) of the parse, and its label."""

    start: int
    end: int
    label: str


class EntityAnalyzer:
    """NER mentions → `Document.mentions` and one `Entity` per distinct name."""

    name = "entities"
    version = "0.2"

    def __call__(self, doc: Document, parsed: Doc) -> None:
        candidates = [c for ent in parsed.ents for c in _pieces(parsed, ent)]
        candidates = _company_names(parsed, doc.text, candidates)
        for c in candidates:
            c.label = _place_label(parsed[c.start : c.end].text, c.label)
        candidates += _missed_places(parsed, candidates)
        _consistent_labels(parsed, candidates)
        by_key: dict[tuple[str, str], Entity] = {}
        for c in sorted(candidates, key=lambda c: c.start):
            tokens = parsed[c.start : c.end]
            span = trim_name(doc.text, tokens.start_char, tokens.end_char)
            if span is None or _NOT_A_NAME.match(span.text):
                continue
            mention = Mention(span=span, label=c.label)
            key = (c.label, name_key(span.text))
            entity = by_key.get(key)
            if entity is None:
                entity = Entity(id=f"e{len(doc.entities) + 1}", name=span.text, type=c.label)
                by_key[key] = entity
                doc.entities.append(entity)
            mention.entity_id = entity.id
            entity.mentions.append(len(doc.mentions))
            doc.mentions.append(mention)


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
    if label not in _NUMBERED_LABELS and _is_number(token):
        return True  # "Afridi 88", "Goias 1 Gremio 3": a name and a score
    # The tagger often misses a curly "’s" (tagging it as a quote), so go by the text too.
    return token.tag_ == "POS" or token.lower_ in _POSSESSIVES


def _is_number(token: Token) -> bool:
    return token.like_num or any(ch.isdigit() for ch in token.text)


def _pieces(parsed: Doc, ent) -> list[_Candidate]:  # type: ignore[no-untyped-def]
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
    if ent.end > start:
        pieces.append((start, ent.end))
    out = []
    for s, e in pieces:
        tokens = parsed[s:e]
        if not any(ch.isupper() for ch in tokens.text):
            continue  # "heifers", "south coast": nothing capitalised, nothing to name
        if _topic(parsed, s, e):
            continue  # "SOCCER - JAPAN ...": the headline's topic, not a name
        out.append(_Candidate(s, e, label))
    return out


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


# Places, nationalities and companies --------------------------------------------------------


def _place_label(text: str, label: str) -> str:
    """The label a gazetteer name takes: a nationality word is NORP; a country, region or
    listed place is GPE/LOC whatever spaCy said; a city called a PERSON is a GPE."""
    if label not in _PLACE_FIXABLE:
        return label
    place = gazetteer().get(name_words(text))
    if place is None:
        return label
    if place.label == "NORP" or place.major:
        return place.label
    return place.label if label == "PERSON" else label


def _company_names(parsed: Doc, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """A place followed by a capitalised trade word and then a verb is a company: "Korea Zinc
    plans ..." (but "Peru zinc output falls" is a place and a commodity)."""
    out: list[_Candidate] = []
    skip = -1
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start == skip:
            continue  # the trade word, tagged on its own, joined the company name
        end = c.end
        trade = parsed[end] if end < len(parsed) else None
        after = parsed[end + 1] if end + 1 < len(parsed) else None
        if (
            trade is not None
            and c.label == "GPE"
            and parsed[end - 1].whitespace_
            and trade.lower_ in industry_words()
            and text[trade.idx : trade.idx + 1].isupper()
            and (after is None or after.pos_ in {"VERB", "AUX"} or after.is_punct)
            and name_words(parsed[c.start : end].text) in gazetteer()
        ):
            out.append(_Candidate(c.start, end + 1, "ORG"))
            skip = end
            continue
        out.append(c)
    return out


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
        ambiguous = (
            end - i == 1
            and not place.major
            and place.label != "NORP"
            and _line_initial(parsed, token)
            and _zipf(token.lower_) >= settings.ENTITY_COMMON_ZIPF
        )  # "Split", "Reading" opening a sentence are verbs more often than cities
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


def _consistent_labels(parsed: Doc, candidates: list[_Candidate]) -> None:
    """Make a document's labels agree: a surname of someone named in full is a PERSON wherever
    it recurs (and is added where the model missed it), and the mentions of one name take the
    label most of them have."""
    surnames: set[str] = set()
    for c in candidates:
        if c.label == "PERSON" and c.end - c.start >= 2:
            last = parsed[c.end - 1]
            if last.is_alpha and _capitalised(last) and len(last.text) > 1:
                surnames.add(last.lower_)
    if surnames:
        for c in candidates:
            if c.label != "PERSON" and c.end - c.start == 1 and parsed[c.start].lower_ in surnames:
                c.label = "PERSON"
        candidates += _missed_surnames(parsed, candidates, surnames)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for c in candidates:
        labels[name_key(parsed[c.start : c.end].text)][c.label] += 1
    for c in candidates:
        votes = labels[name_key(parsed[c.start : c.end].text)]
        (best, top), *rest = [*votes.most_common(2), ("", 0)]
        if c.label != best and top > rest[0][1]:
            c.label = best


def _missed_surnames(
    parsed: Doc, candidates: list[_Candidate], surnames: set[str]
) -> list[_Candidate]:
    covered = _covered(candidates)
    lower_words = {t.lower_ for t in parsed if t.is_lower}
    found = []
    for token in parsed:
        if token.i in covered or token.lower_ not in surnames or not _capitalised(token):
            continue
        following = parsed[token.i + 1] if token.i + 1 < len(parsed) else None
        if following is not None and _capitalised(following) and following.is_alpha:
            continue  # part of a longer name the model did not tag ("Lara Croft Museum")
        if _line_initial(parsed, token) and (
            token.lower_ in lower_words or _zipf(token.lower_) >= settings.SURNAME_COMMON_ZIPF
        ):
            continue  # "Little has opted ...": a common word opening the sentence
        found.append(_Candidate(token.i, token.i + 1, "PERSON"))
    return found


def trim_name(text: str, start: int, end: int) -> Span | None:
    """The span with a leading article and trailing possessive or punctuation removed."""
    while start < end and text[start].isspace():
        start += 1
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    while end > start:
        tail = _TRAILING.search(text[start:end])
        if not tail or tail.start() == 0:
            break
        end = start + tail.start()
    return Span.of(text, start, end) if end > start and text[start:end].strip() else None
