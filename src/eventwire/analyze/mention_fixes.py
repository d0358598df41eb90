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
  surname of a dictionary person of a country the document names (`_people_tagged_as_places`);
- people are grouped by the person they name, longest names first: a country's name tagged
  PERSON that is part of no person's name here is the country ("Belarus frees ..."), and an
  ORG or place name that is a person's surname here is the person's ("Akazawa" as ORG)
  (`_group_people`);
- a name right before a government noun makes one ORG name with it ("the Trump
  administration", "the Japanese government"; not "Japan's government") (`decide`).

The last two read the parse around each name as the actors analyzer does (`NameReader`, which
its resolver extends). What the stage read and decided (each name's gazetteer readings, the
label NER gave it, the people, the names a government noun took in, the role phrases) is the
evidence the actors analyzer resolves the mentions with: `fix_mentions` leaves it with the
parse as `MentionNotes`, so the text is matched once and resolution follows what was decided. It
lives as long as the parse of one document; nothing is kept from one document to the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.actor_lexicon import (
    _HIT_LABELS,
    _PIECE,
    ActorEntry,
    Hit,
    Lexicon,
    RoleWord,
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
class PersonGroup:
    """Person mentions that name one person: the people the mention stage found."""

    words: tuple[str, ...]  # the longest name's words (keys)
    name: str
    members: list[int] = field(default_factory=list)  # indices into MentionNotes.before


@dataclass(slots=True)
class RolePhrase:
    """Role words that may name an actor, as read around the names: the phrase with its
    modifiers ("federal judge"), the names that own it (indices into MentionNotes.before),
    its role keys and the role at its head, and whether the government noun took its owner
    into one name ("Trump administration")."""

    head: Token
    phrase: list[Token]
    owners: list[int]
    roles: tuple[str, ...]
    role: RoleWord
    joined: bool = False


@dataclass(slots=True)
class MentionNotes:
    """What the mention stage read of one document, for resolving its mentions.

    `written` are the mentions it wrote, in order. `before` are the same names as they stood
    before the stage decided who is a person and which names join a government noun: the
    readings resolution starts from (a name is coded by the label NER gave it, the way a
    person tagged ORG is found), with those decisions alongside: `relabelled` (a country's
    name tagged PERSON), `people` (each person's mentions, in the order they were grouped;
    ORG and place names among them are people) and `joined` (names the government noun after
    them took in: "Trump" of "the Trump administration"). Also the gazetteer's matches in the
    text, the role phrases that may name an actor, which token lies in which name of `before`,
    and the parse's tokens and sentence starts, all made once (spaCy makes a new Token object
    per access; Span.sent walks the document)."""

    written: list[Reading]
    before: list[Reading]
    relabelled: dict[int, str]
    people: list[PersonGroup]
    joined: set[int]
    matches: list[Match]
    role_phrases: list[RolePhrase]
    token_work: dict[int, int]
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
    fixer = _Fixer(text, parsed, tokens, matches, sentence_starts(parsed), works)
    fixer._longer_names()
    fixer._people_tagged_as_places()
    notes = fixer.decide()
    parsed.user_data[_NOTES_KEY] = notes
    return notes.written


def take_notes(parsed: Doc, mentions: list[tuple[int, int, str]]) -> MentionNotes:
    """The notes `fix_mentions` left with the parse when they describe `mentions` ((start,
    end, label) of each, in order), taken out of the parse (they hold its tokens); otherwise
    the same evidence read afresh for mentions from elsewhere, which are taken as they are
    (their people grouped, none relabelled or joined)."""
    notes = parsed.user_data.pop(_NOTES_KEY, None)
    if notes is not None and [(r.start, r.end, r.label) for r in notes.written] == mentions:
        return notes
    tokens = list(parsed)
    matches = gazetteer_matches(parsed.text, tokens, lexicon())
    readings = [Reading(start, end, label) for start, end, label in mentions]
    fixer = _Fixer(parsed.text, parsed, tokens, matches, sentence_starts(parsed), readings)
    return fixer.decide(change=False)


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
        text = token.text
        if "-" not in text and "/" not in text and "–" not in text and "—" not in text:
            if not text.isspace():  # most tokens: one piece, as _PIECE would find it
                yield token.idx, token.idx + len(text), token
            continue
        for m in _PIECE.finditer(text):
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
        longest = None
        if first.isalnum():
            piece = text[start:end]
            # lexicon_key of a plain ASCII word is its lower case (no accents, no spaces)
            plain = piece.isascii() and piece.isalnum()
            longest = words.get(piece.lower() if plain else lexicon_key(piece))
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


_NP_LEFT_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "punct", "flat", "quantmod"}
)
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "advmod", "npadvmod"})
_OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
NOUNS = frozenset({"NOUN", "PROPN"})


class NameReader:
    """A document's name mentions read against its parse: what both the mention stage and the
    actors analyzer ask of a name's neighbours (its noun phrase, the words that own it, the
    person it is part of). The mention stage decides spans and labels with it; the actors
    analyzer (a subclass) resolves the same names with the same readings."""

    def __init__(
        self,
        text: str,
        parsed: Doc,
        tokens: list[Token],
        matches: list[Match],
        sentence_start: list[int],
        works: list[Reading],
    ) -> None:
        self.text = text
        self.parsed = parsed
        self.tokens = tokens
        self.matches = matches
        self.sentence_start = sentence_start
        self.lex = lexicon()
        self.works = works
        self.token_work: dict[int, int] = {}
        self.clusters: list[PersonGroup] = []
        self.title_tokens: set[int] = set()
        self._people: set[int] = set()

    def _index_tokens(self) -> None:
        self.token_work = {}
        for n, w in enumerate(self.works):
            span = _span(self.parsed, w.start, w.end)
            if span is not None:
                for token in span:
                    self.token_work.setdefault(token.i, n)

    def _work_of(self, token: Token) -> Reading | None:
        n = self.token_work.get(token.i)
        return self.works[n] if n is not None else None

    def _has_ref(self, n: int) -> bool:
        """Whether mention `n` names something role words may belong to."""
        raise NotImplementedError

    def _decisive_hit(self, w: Reading) -> Hit | None:
        """The gazetteer reading that says what a name other than a person's is: an actor, a
        country, a seat of government or a region (each where its label allows)."""
        hits = w.hits or _hits(self.text[w.start : w.end], self.lex)
        if w.label == "LOC" and not self._is_agent(w):
            hits = [h for h in hits if h.actor is None]  # "the Amazon rainforest"
        for hit in hits:
            if hit.actor is not None or hit.kind in ("country", "demonym"):
                return hit
            # NER's ORG for a capital ("Kiev said") already reads it as an institution.
            if hit.kind == "seat" and w.label in (*NAME_LABELS_FOR_PLACES, "ORG"):
                return hit
            if hit.kind == "region" and w.label in NAME_LABELS_FOR_PLACES:
                return hit
        return None

    def _is_agent(self, w: Reading) -> bool:
        """True when the mention is the subject of a verb that is not stative."""
        span = _span(self.parsed, w.start, w.end)
        return (
            span is not None
            and span.root.dep_ == "nsubj"
            and span.root.head.lemma_.lower() not in self.lex.stative_verbs
        )

    def _cluster_for(self, words: tuple[str, ...], strict: bool = False) -> PersonGroup | None:
        """The one cluster whose name contains `words` as its last words ("Akazawa" of "Ryosei
        Akazawa") or, unless `strict`, as its first word ("Yoon" of "Yoon Suk Yeol", where the
        family name comes first; "Maria" of "Maria Kalesnikava"). None when none or several."""
        if not words:
            return None
        candidates = []
        for cluster in self.clusters:
            full = cluster.words
            last_words = len(words) <= len(full) and full[-len(words) :] == words
            first_word = not strict and len(words) == 1 and len(full) > 1 and full[0] == words[0]
            if last_words or first_word:
                candidates.append(cluster)
        return candidates[0] if len(candidates) == 1 else None

    def _mark_title_tokens(self) -> None:
        """The words that title a person (before the name, or in apposition): no role
        mention is made of them."""
        for cluster in self.clusters:
            for n in cluster.members:
                span = _span(self.parsed, self.works[n].start, self.works[n].end)
                if span is not None:
                    for token in self._left_run(span):
                        self.title_tokens.add(token.i)
                    for child in span.root.children:
                        if child.dep_ == "appos":
                            self.title_tokens.update(t.i for t in child.subtree)
                    if span.root.dep_ == "appos":
                        self.title_tokens.add(span.root.head.i)

    def _role_heads(self, phrases: list[tuple[int, int]]) -> Iterator[tuple[Token, list[Token]]]:
        """(head, words) of the role phrases that may name an actor: a noun no name or title
        covers and that modifies no noun after it."""
        for i, length in phrases:
            matched = self.tokens[i : i + length]
            # The phrase's syntactic head: "head" of "head of state", "minister" of "prime
            # minister".
            inside = {t.i for t in matched}
            head = next((t for t in reversed(matched) if t.head.i not in inside), matched[-1])
            if head.pos_ not in NOUNS or any(
                t.i in self.title_tokens or self._work_of(t) is not None for t in matched
            ):
                continue
            if head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i > head.i:
                continue  # modifies a noun ("government partnership", "army base")
            yield head, matched

    def _role_phrase(
        self, head: Token, matched: list[Token]
    ) -> tuple[list[Token], list[tuple[int, Reading]], tuple[str, ...], RoleWord | None]:
        """The role words and the modifiers before them that are not names ("federal judge",
        "Special Prosecutor", "army officials"), the names that own them, the role keys and
        the role at the head (None when the phrase names no actor)."""
        phrase = list(matched)
        inside = {t.i for t in matched}
        while phrase[0].i - 1 >= self.sentence_start[head.i]:
            prev = self.tokens[phrase[0].i - 1]
            if self._work_of(prev) is not None or prev.i in self.title_tokens:
                break
            if prev.dep_ not in MODIFIER_DEPS or not self._attached_to(prev, inside):
                break
            phrase.insert(0, prev)
            inside.add(prev.i)
        while len(phrase) > 1 and phrase[0].pos_ in ("DET", "NUM", "PUNCT", "ADV"):
            phrase.pop(0)
        owners = self._owners(head, phrase)
        roles = title_sectors(phrase, self.lex, None, None)[1]
        role = self.lex.roles.get(roles[-1]) if roles else None
        if role is not None and role.needs_owner and not owners and len(roles) < 2:
            role = None
        return phrase, owners, roles, role

    def _joined_owner(
        self, phrase: list[Token], owners: list[tuple[int, Reading]], role: RoleWord
    ) -> int | None:
        """The name a government noun makes one name with ("Trump administration",
        "Japanese government"; not "Japan's government": a possessive stays a mention of
        its own), as its index in the mentions; None when there is none."""
        if not role.government or not owners:
            return None
        n, owner = owners[0]
        if self._adjacent(owner, phrase[0]) and self._compound_owner(owner):
            return n
        return None

    def _compound_owner(self, w: Reading) -> bool:
        span = _span(self.parsed, w.start, w.end)
        return span is not None and span.root.dep_ in ("compound", "amod", "nmod")

    def _adjacent(self, w: Reading, token: Token) -> bool:
        """True when mention `w` stands right before `token` (a possessive between is fine)."""
        return w.end <= token.idx and self.text[w.end : token.idx].strip() in ("", "'s", "’s")

    def _owners(self, head: Token, phrase: list[Token]) -> list[tuple[int, Reading]]:
        """Named mentions that own a role: before it in its phrase ("Japanese officials",
        "Japan's government", "Pentagon officials") or after it ("officials from Japan")."""
        found: list[tuple[int, Reading]] = []
        members = {t.i for t in phrase}
        for token in head.subtree:
            if token.i in members:
                continue
            n = self.token_work.get(token.i)
            if n is None or any(n == m for m, _ in found):
                continue
            w = self.works[n]
            if not self._has_ref(n) or w.label == "ROLE":
                continue
            before = (
                token.i < head.i and token.dep_ in _OWNER_DEPS and self._attached_to(token, members)
            )
            after = (
                token.i > head.i
                and token.dep_ == "pobj"
                and token.head.text.lower() in ("of", "from")
                and token.head.head.i == head.i
            )
            if before or after:
                found.append((n, w))
        return found

    def _left_run(self, span: SpacySpan) -> list[Token]:
        """The words before a name inside its noun phrase ("U.S. Treasury Secretary")."""
        run: list[Token] = []
        i = span.start - 1
        members = set(range(span.start, span.end))
        while i >= self.sentence_start[span.start]:
            token = self.tokens[i]
            other = self._work_of(token)
            if other is not None and other.label == "PERSON":
                break
            if not self._attached_to(token, members) and not self._in_office_phrase(
                token, members, span.start
            ):
                break
            run.insert(0, token)
            members.add(i)
            i -= 1
        while run and (run[0].dep_ in ("det", "case", "punct") or run[0].is_punct):
            run.pop(0)
        return run

    def _in_office_phrase(self, token: Token, members: set[int], name_start: int) -> bool:
        """True when `token` is in the "of"/"for" phrase of an office word that itself
        stands before the name: "Minister of Foreign Affairs Jean Dupont", "Minister for
        Trade Ann Lee" (the parser hangs the phrase on the office word, to its left)."""
        seen = 0
        while seen <= settings.ACTOR_MAX_CONJUNCTS:
            head = token.head
            if head.i == token.i or head.i >= name_start:
                return False
            if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "for"):
                office = head.head
                return office.i < head.i and self._attached_to(office, members)
            if token.dep_ == "prep" and token.lower_ in ("of", "for"):
                return token.head.i < token.i and self._attached_to(token.head, members)
            if token.dep_ not in ("compound", "amod", "det", "cc", "conj"):
                return False
            token = head
            seen += 1
        return False

    def _attached_to(self, token: Token, members: set[int]) -> bool:
        """True when `token` hangs off `members` through noun-phrase links only."""
        seen = 0
        while token.i not in members:
            if (
                token.dep_ not in _NP_LEFT_DEPS
                or token.head.i == token.i
                or seen > len(self.parsed)
            ):
                return False
            if token.head.i < token.i:  # the phrase's words lead rightwards to its head
                return False
            token = token.head
            seen += 1
        return True


class _Fixer(NameReader):
    """The corrections that read a name's neighbours in the parse."""

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

    def decide(self, change: bool = True) -> MentionNotes:
        """Who is a person, and which names a government noun after them takes in; with
        `change` False, the people among the mentions as they are (nothing relabelled or
        joined: mentions from elsewhere)."""
        before = [
            Reading(w.start, w.end, w.label, w.hits, w.lengthened, w.kind_sectors)
            for w in self.works
        ]
        self._index_tokens()
        relabelled = self._group_people(change)
        self._people = {n for cluster in self.clusters for n in cluster.members}
        self._mark_title_tokens()
        phrases: list[RolePhrase] = []
        joined: set[int] = set()
        made: list[Reading] = []
        for head, matched in self._role_heads(self._scan_roles()):
            phrase, owners, roles, role = self._role_phrase(head, matched)
            if role is None:
                continue
            read = RolePhrase(head, phrase, [n for n, _ in owners], roles, role)
            phrases.append(read)
            n = self._joined_owner(phrase, owners, role) if change else None
            if n is not None:
                read.joined = True
                joined.add(n)
                end = phrase[-1].idx + len(phrase[-1])
                made.append(Reading(self.works[n].start, end, "ORG"))
        written = [w for n, w in enumerate(self.works) if n not in joined] + made
        written.sort(key=lambda w: (w.start, w.end))
        return MentionNotes(
            written,
            before,
            relabelled,
            self.clusters,
            joined,
            self.matches,
            phrases,
            self.token_work,
            self.tokens,
            self.sentence_start,
        )

    def _has_ref(self, n: int) -> bool:
        # Every name but a person's that is grouped with no person ("Mr" alone; with
        # mentions from elsewhere, a country's name tagged PERSON).
        return self.works[n].label != "PERSON" or n in self._people

    def _group_people(self, change: bool) -> dict[int, str]:
        """Person mentions grouped by the person they name, longest names first (each shorter
        name joins the one longer name it is part of), and the labels this changes."""
        relabelled: dict[int, str] = {}
        people = [n for n, w in enumerate(self.works) if w.label == "PERSON"]
        words = {
            n: person_words(self.text[self.works[n].start : self.works[n].end], self.lex)
            for n in people
        }
        people = [n for n in people if words[n]]
        for n in sorted(people, key=lambda n: -len(words[n])):
            cluster = self._cluster_for(words[n])
            w = self.works[n]
            if cluster is None:
                label = _country_label(w)
                if label is not None:
                    if change:
                        w.label = relabelled[n] = label
                    continue
                cluster = PersonGroup(words[n], self.text[w.start : w.end])
                self.clusters.append(cluster)
            cluster.members.append(n)
        if not change:
            return relabelled
        # Names NER took for organisations or places that are a person's surname here
        # ("Akazawa" as ORG; "George W. Bush ... Bush" as GPE), unless the dictionary knows
        # the name as something else.
        for n, w in enumerate(self.works):
            place = w.label in NAME_LABELS_FOR_PLACES and not any(
                h.kind in ("country", "demonym", "seat", "region") for h in w.hits
            )
            if w.label == "ORG" or place:
                cluster = self._cluster_for(
                    person_words(self.text[w.start : w.end], self.lex), strict=True
                )
                if cluster is not None and not self._names_actor(w):
                    w.label = "PERSON"
                    cluster.members.append(n)
        return relabelled

    def _names_actor(self, w: Reading) -> bool:
        """Whether a name other than a person's is a dictionary actor's."""
        hit = self._decisive_hit(w)
        if hit is not None:
            return hit.actor is not None
        return w.label == "ORG" and suffix_actor(self.text[w.start : w.end], self.lex) is not None

    def _scan_roles(self) -> list[tuple[int, int]]:
        """The role phrases of the text, left to right, each the longest at its start:
        (token index, length)."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(self.tokens):
            match = _role_match(self.tokens, i, self.lex)
            if match is None:
                i += 1
                continue
            found.append((i, match[1]))
            i += match[1]
        return found


def _country_label(w: Reading) -> str | None:
    """The label of a country's name, demonym or capital tagged PERSON ("Belarus frees ...",
    "Botswanan officials", "Kiev said"), which is the country or its seat unless it is part
    of a person's longer name here ("Michael Jordan ... Jordan said", "George Washington");
    None for other names."""
    hit = next((h for h in w.hits if h.kind in ("country", "demonym", "seat")), None)
    if hit is None or any(h.actor is not None for h in w.hits):
        return None
    return _HIT_LABELS[hit.kind]


def suffix_actor(surface: str, lex: Lexicon) -> ActorEntry | None:
    """The dictionary actor an organisation's name is without its company suffixes
    ("Toyota Motor Corp" -> Toyota), if any."""
    words = surface.split()
    while len(words) > 1 and lexicon_key(words[-1]) in lex.org_suffixes:
        words.pop()
        for hit in _hits(" ".join(words), lex):
            if hit.actor is not None:
                return hit.actor
    return None


def person_words(text: str, lex: Lexicon) -> tuple[str, ...]:
    """A person name's words as keys, without courtesy titles or a possessive."""
    text = re.sub(r"['’]s?$", "", text.strip())
    words = [lexicon_key(w) for w in text.split()]
    while words and (words[0] in lex.honorifics or words[0].rstrip(".") in lex.honorifics):
        words.pop(0)
    return tuple(words)


class Owner(Protocol):
    """An organisation that owns a role ("DHS official"): its sectors stand for a generic
    role's."""

    sectors: list[str]


def title_sectors(
    tokens: list[Token], lex: Lexicon, org: Owner | None, country: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(sectors, role keys, past) of the role words among `tokens`.

    Specific roles win over generic heads ("army officials" → MIL); a generic role alone takes
    an owning organisation's sectors ("DHS official" → GOV, "NATO chief" → IGO); a national
    role counts only with a country ("Japan's negotiator" → GOV); "former" empties them.
    """
    specific: list[str] = []
    generic: list[RoleWord] = []
    keys: list[str] = []
    past = False
    i = 0
    while i < len(tokens):
        if tokens[i].text.lower().rstrip("-") in lex.past_markers:
            past = True
        found = _role_match(tokens, i, lex)
        if found is None:
            i += 1
            continue
        role, length = found
        keys.append(role.key)
        if role.generic or (role.national and not country and not org):
            generic.append(role)
        else:
            specific.extend(role.sectors)
        i += length
    sectors = _unique(specific)
    if not sectors and generic:
        if org is not None and org.sectors:
            sectors = list(org.sectors)
        else:
            for role in generic:
                if role.national and not (country or org):
                    continue
                sectors = _unique([*sectors, *role.sectors])
    return tuple(sectors), tuple(keys), past


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
