"""Span and label corrections of name mentions, made with the actor dictionary's gazetteer.

The entities analyzer finds names with spaCy's NER and its own rules; before it writes them as
`Document.mentions` it corrects them here, against the gazetteer of countries, seats of
government, regions and the actor dictionary (analyze/actor_lexicon.py), matched on the
original text:

- a name that glues countries together ("U.S.-Japan", tagged anything) becomes one GPE mention
  per country (`_split_country_compounds`);
- gazetteer names NER missed are added ("Korea Zinc" in a truecased headline, "Trump" at the
  start of one), names it cut short are completed, and the label follows the dictionary where
  NER often errs (a known person tagged ORG) (`_merge_gazetteer`, `_attach`);
- courtesy titles and role words are trimmed off person names ("President Lai" -> "Lai"; the
  parse still sees the words, and the actors analyzer reads them as the title) (`_trim_person`);
- a one-word dictionary name of a body with capitalised name words before it is part of a
  longer name the dictionary does not know ("Social Democrats" is not the Democrats)
  (`_longer_names`);
- a name NER took for a place is a person's after a title ("President Bush") or when it is the
  surname of a dictionary person of a country the document names (`_people_tagged_as_places`).

What the gazetteer said of each corrected mention (its readings, whether it was lengthened) is
the evidence the actors analyzer resolves it with: `fix_mentions` leaves it with the parse as
`MentionNotes`, so the gazetteer is matched once per document. It lives as long as the parse
of one document; nothing is kept from one document to the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire.analyze.actor_lexicon import (
    _HIT_LABELS,
    _PIECE,
    Hit,
    Lexicon,
    _case_ok,
    _hits,
    _role_match,
    lexicon,
    lexicon_key,
    place_countries,
)

_SENTENCE_OPENERS = frozenset({'"', "“", "‘", "'", ":", "(", "—", "–", "-"})
NAME_LABELS_FOR_PLACES = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "inside", "around", "across"}
)
#: Where `fix_mentions` leaves its notes in the parse's `user_data`.
_NOTES_KEY = "eventwire.mention_notes"


@dataclass(slots=True)
class Reading:
    """A mention being corrected: its offsets, label and what the gazetteer says of it."""

    start: int
    end: int
    label: str
    hits: list[Hit] = field(default_factory=list)
    # "Social Democrats": a longer name around a known one ("Democrats"), of the same kind
    # (its sectors) but not that actor.
    lengthened: bool = False
    kind_sectors: tuple[str, ...] = ()


@dataclass(slots=True)
class MentionNotes:
    """What the mention stage read of one document: a reading per mention it wrote (in order)
    and the gazetteer's matches in the text, with the parse's tokens and sentence starts made
    once (spaCy makes a new Token object per access, and Span.sent walks the document)."""

    readings: list[Reading]
    matches: list[Match]
    tokens: list[Token]
    sentence_start: list[int]


def fix_mentions(text: str, parsed: Doc, found: list[tuple[int, int, str]]) -> list[Reading]:
    """The corrected mentions of `found` ((start, end, label) in text order), sorted by offset.
    Their notes are left with the parse for the actors analyzer (`take_notes`)."""
    lex = lexicon()
    works = [Reading(start, end, label) for start, end, label in found]
    works = _split_country_compounds(works, text, lex)
    tokens = list(parsed)  # spaCy makes a new Token object per access: make them once
    matches = gazetteer_matches(text, tokens, lex)
    # Doc.text would make every token's object again: join the ones made above
    parsed_text = "".join(t.text_with_ws for t in tokens)
    works = _merge_gazetteer(works, text, parsed_text, matches)
    works = [_trim_person(w, text, parsed, lex) for w in works]
    works.sort(key=lambda w: (w.start, w.end))
    reader = _Reader(text, parsed, tokens, matches, lex, works)
    reader._longer_names()
    reader._people_tagged_as_places()
    notes = MentionNotes(reader.works, matches, tokens, reader.sentence_start)
    parsed.user_data[_NOTES_KEY] = notes
    return reader.works


def take_notes(parsed: Doc, mentions: list[tuple[int, int, str]]) -> MentionNotes:
    """The notes `fix_mentions` left with the parse when they describe `mentions` ((start,
    end, label) of each, in order), taken out of the parse (they hold its tokens); otherwise
    the same evidence read afresh: mentions from elsewhere get the gazetteer's matches, and
    each is resolved on its own name."""
    notes = parsed.user_data.pop(_NOTES_KEY, None)
    if notes is not None and [(r.start, r.end, r.label) for r in notes.readings] == mentions:
        return notes
    tokens = list(parsed)
    matches = gazetteer_matches(parsed.text, tokens, lexicon())
    readings = [Reading(start, end, label) for start, end, label in mentions]
    return MentionNotes(readings, matches, tokens, sentence_starts(parsed))


def sentence_starts(parsed: Doc) -> list[int]:
    """Each token's sentence start, once: spaCy's Span.sent walks the document every call."""
    starts = [0] * len(parsed)
    for sentence in parsed.sents:
        for i in range(sentence.start, sentence.end):
            starts[i] = sentence.start
    return starts


def _span(parsed: Doc, start: int, end: int) -> SpacySpan | None:
    return parsed.char_span(start, end, alignment_mode="expand")


# Mention edits --------------------------------------------------------------------------------


def _split_country_compounds(works: list[Reading], text: str, lex: Lexicon) -> list[Reading]:
    """ "U.S.-Japan" (tagged anything) → GPE "U.S." and GPE "Japan"."""
    out: list[Reading] = []
    for w in works:
        piece_text = text[w.start : w.end]
        parts = [
            (
                w.start + m.start() + len(m.group()) - len(m.group().lstrip()),
                w.start + m.start() + len(m.group().rstrip()),
            )
            for m in _PIECE.finditer(piece_text)
            if m.group().strip()
        ]
        if len(parts) >= 2:
            readings = [[h for h in _hits(text[s:e], lex) if h.kind == "country"] for s, e in parts]
            if all(readings):
                out.extend(
                    Reading(s, e, "GPE", hits) for (s, e), hits in zip(parts, readings, strict=True)
                )
                continue
        out.append(w)
    return out


@dataclass(slots=True)
class Match:
    start: int
    end: int
    hits: list[Hit]
    single: bool
    token: Token


def _pieces(tokens: list[Token]) -> Iterator[tuple[int, int, Token]]:
    """Tokens, split further at hyphens and slashes ("U.S.-brokered" → "U.S.", "brokered")."""
    for token in tokens:
        for m in _PIECE.finditer(token.text):
            if not m.group().isspace():  # a name never runs on across a line break
                yield token.idx + m.start(), token.idx + m.end(), token


def gazetteer_matches(text: str, tokens: list[Token], lex: Lexicon) -> list[Match]:
    """Longest gazetteer names in the text, left to right, letter case respected."""
    pieces = list(_pieces(tokens))
    matches: list[Match] = []
    i = 0
    while i < len(pieces):
        start, end, token = pieces[i]
        first = text[start]
        words = lex.lower_first_words if first.islower() else lex.first_words
        longest = words.get(lexicon_key(text[start:end])) if first.isalnum() else None
        if longest is None:
            i += 1
            continue
        best: tuple[int, list[Hit]] | None = None
        for j in range(i, min(len(pieces), i + longest)):
            candidate = text[start : pieces[j][1]]
            hits = [
                h
                for h in lex.names.get(lexicon_key(candidate), ())
                if _case_ok(candidate, h.form, h.loose)
            ]
            if hits:
                best = (j, hits)
        if best is None:
            i += 1
            continue
        j, hits = best
        matches.append(Match(start, pieces[j][1], hits, i == j, token))
        i = j + 1
    return matches


def _sentence_initial(token: Token) -> bool:
    if token.is_sent_start:
        return True
    return token.i > 0 and token.nbor(-1).text in _SENTENCE_OPENERS


def _merge_gazetteer(
    works: list[Reading], text: str, parsed_text: str, matches: list[Match]
) -> list[Reading]:
    """Add the gazetteer names NER missed and attach readings to the names it found.
    `parsed_text` is the text as parsed (truecased where it was Title Case)."""
    for match in matches:
        overlapping = [w for w in works if w.start < match.end and match.start < w.end]
        if match.single and not _single_word_ok(match, parsed_text, bool(overlapping)):
            continue
        if any(
            w.start <= match.start
            and match.end <= w.end
            and (w.start, w.end) != (match.start, match.end)
            for w in overlapping
        ):
            continue  # inside a longer name ("U.S." in "U.S. Treasury"): the name stands
        same = [w for w in overlapping if (w.start, w.end) == (match.start, match.end)]
        if same:
            _attach(same[0], match.hits)
            continue
        for w in overlapping:
            works.remove(w)
        hit = match.hits[0]
        label = hit.actor.type if hit.actor else _HIT_LABELS[hit.kind]
        works.append(Reading(match.start, match.end, label, list(match.hits)))
    return works


def _single_word_ok(match: Match, parsed_text: str, ner_agrees: bool) -> bool:
    """A one-word name counts when written as a name: capitalised in the parsed text (which
    truecasing made lower case where the word is a common one) and, at a sentence start where
    every word is capitalised, backed by NER, the tagger, or the name being a person's."""
    token = match.token
    written = parsed_text[match.start : match.end]
    if not written[:1].isupper():
        return False
    if not _sentence_initial(token) or ner_agrees or token.pos_ == "PROPN":
        return True
    letters = [c for c in written if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # an acronym ("NSW", "UK") is one wherever it stands
    return any(h.actor is not None and h.actor.type == "PERSON" for h in match.hits)


def _attach(w: Reading, hits: list[Hit]) -> None:
    """Readings of a name NER found with exactly the same span; the label follows the
    dictionary where NER often errs (people and countries tagged ORG) but a place stays a
    place ("Amazon" as LOC is the river, not the company)."""
    kept: list[Hit] = []
    for hit in hits:
        if hit.actor is not None:
            if hit.actor.type == "PERSON":
                w.label = "PERSON"
            elif w.label == "LOC":
                pass  # decided in context: the river, or the company that "said"
            elif w.label in ("PERSON", "NORP", "GPE") and hit.actor.type in ("ORG", "FAC"):
                w.label = hit.actor.type
        elif hit.kind == "country" and w.label not in ("GPE", "LOC", "NORP", "PERSON"):
            w.label = "GPE"  # a person tagged with a country's name is decided with the people
        elif hit.kind == "region" and w.label not in NAME_LABELS_FOR_PLACES:
            continue
        kept.append(hit)
    w.hits = kept


def _trim_person(w: Reading, text: str, parsed: Doc, lex: Lexicon) -> Reading:
    """A person's span without leading courtesy titles and role words ("President Lai" → "Lai");
    the parse still sees those words, so they become the title."""
    if w.label != "PERSON":
        return w
    span = _span(parsed, w.start, w.end)
    if span is None:
        return w
    tokens = list(span)
    cut = 0
    while cut < len(tokens) - 1:
        word = tokens[cut].text.lower()
        found = _role_match(tokens, cut, lex)
        if found is not None:
            cut += found[1]
        elif word in lex.honorifics or word in lex.past_markers:
            cut += 1
        else:
            break
    if 0 < cut < len(tokens):
        w.start = max(w.start, tokens[cut].idx)
    return w


class _Reader:
    """The corrections that read a name's neighbours in the parse."""

    def __init__(
        self,
        text: str,
        parsed: Doc,
        tokens: list[Token],
        matches: list[Match],
        lex: Lexicon,
        works: list[Reading],
    ) -> None:
        self.text = text
        self.parsed = parsed
        self.tokens = tokens
        self.matches = matches
        self.lex = lex
        self.works = works
        self.sentence_start = sentence_starts(parsed)

    def _longer_names(self) -> None:
        """A one-word dictionary name of a body with capitalised name words before it is part
        of a longer name the dictionary does not know: "Liberal Democrats", "Social
        Democrats", "Free Democrats" are not the U.S. Democrats. The longer name is kept as
        an organisation of the same kind (its sectors), without the known one's country or
        identity. Role words and the qualifiers of a party's members ("Senate Democrats",
        "House Democrats": data/roles.yaml member_qualifiers) and names the gazetteer knows
        ("Japanese") do not lengthen a name."""
        swallowed: list[Reading] = []
        for w in self.works:
            actors = [h.actor for h in w.hits if h.actor is not None and h.actor.type != "PERSON"]
            if not actors or " " in self.text[w.start : w.end].strip():
                continue
            span = _span(self.parsed, w.start, w.end)
            if span is None or len(span) != 1:
                continue
            head = span[0]
            start = head.i
            while start - 1 >= self.sentence_start[head.i]:
                prev = self.tokens[start - 1]
                if not (
                    prev.pos_ in ("PROPN", "ADJ")
                    and prev.text[:1].isupper()
                    and prev.lower_ not in self.lex.member_qualifiers
                    and prev.dep_ in ("compound", "amod")
                    and prev.head.i == head.i
                    and not prev.is_sent_start
                    and _role_match(self.tokens, prev.i, self.lex) is None
                    and not _hits(prev.text, self.lex)
                    and not any(m.start <= prev.idx < m.end for m in self.matches)
                ):
                    break
                start -= 1
            if start == head.i:
                continue
            w.start = self.tokens[start].idx
            w.hits = []
            w.label = "ORG"
            w.lengthened = True
            w.kind_sectors = actors[0].sectors
            # NER's mention of a word now inside the name ("Christian" as NORP) goes.
            swallowed.extend(
                o for o in self.works if o is not w and w.start <= o.start and o.end <= w.end
            )
        self.works = [w for w in self.works if not any(w is o for o in swallowed)]

    def _people_tagged_as_places(self) -> None:
        """A name NER took for a place is a person's (only names with no country reading):
        - when a person's title or courtesy title comes right before it: "President Bush",
          "Mr Bush", "Senator Jordan";
        - when it is the surname of a dictionary person of a country the document names and
          no place so named lies in any country the document names, unless a locative
          preposition comes before it: "Bush said ... the United States" (Bush, Egypt, is
          not meant), but "fighting near Bush" stays a place."""
        lex = self.lex
        named = {
            h.country
            for m in self.matches
            for h in m.hits
            if h.kind in ("country", "demonym", "seat") and h.country
        }
        for w in self.works:
            if w.label not in NAME_LABELS_FOR_PLACES or any(
                h.kind in ("country", "demonym", "seat", "region") or h.actor is not None
                for h in w.hits
            ):
                continue
            span = _span(self.parsed, w.start, w.end)
            if span is None:
                continue
            prev = self.tokens[span.start - 1] if span.start > 0 else None
            if prev is not None and span.start != self.sentence_start[span.start]:
                found = _role_match(self.tokens, prev.i, lex) if prev.text[:1].isupper() else None
                role = found[0] if found is not None and found[1] == 1 else None
                titled = role is not None and not role.government and bool(role.sectors)
                if titled or (prev.text[:1].isupper() and prev.text.lower() in lex.honorifics):
                    w.label = "PERSON"
                    continue
            key = lexicon_key(self.text[w.start : w.end])
            if len(span) != 1 or (prev is not None and prev.lower_ in _LOCATIVE_PREPOSITIONS):
                continue
            people = [
                e for e in lex.surnames.get(key, ()) if e.type == "PERSON" and e.country in named
            ]
            if people and not set(place_countries().get(key, ())) & named:
                w.label = "PERSON"
