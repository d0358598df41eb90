"""The event coder: who did what to whom, coded in PLOVER and CAMEO, from the dependency parse.

One pass over each sentence's tokens looks every lemma up in the event lexicon
(data/event_lexicon.yaml, indexed by lemma once). A hit is a *trigger*: a verb ("frees",
"sues", "urges"), a verb with its object or particle ("impose sanctions", "crack down"), an
event noun ("talks", "truce", "strike") or an adjective ("ready to", "opposed to"). Then, for
each trigger:

- **Light verbs** hand over to their event noun: in "China struck a truce" or "Japan held
  talks" the noun is the event and the verb's subject its source.
- **Complements** are part of the governing event, not events of their own: "Obama agreed to
  lift the sanctions" is one AGREE refined to CAMEO 0354 (intent to ease sanctions), "Pakistan
  threatened to break off relations" one THREATEN (1313). Threatened, requested and refused
  acts are never coded as facts.
- **Arguments** come from the parse: subject and object, passive agents ("was freed by"),
  control ("urged Parliament to withdraw" - Parliament acts), relative clauses, light-verb
  subjects and possessors for nouns ("Ukraine's concession"), target prepositions ("sanctions
  on Iran"). Coordinated actors give one event per conjunct ("Canada, Mexico, and China");
  mutual events between coordinated subjects give pairs ("the US, Russia and Switzerland met").
- **Actors** resolve to the document's entities (mentions from the entities and actors
  analyzers), with country and sectors; a possessor stands in for a non-actor noun ("China's
  assistance" -> China); pronouns resolve to the reporting speaker or the nearest actor.
- **Modality and source** come from analyze/modality.py: "Ukraine claims ..." is reported with
  Ukraine as source; "X said Y is urging Z" codes Y -> Z with X as the source.
- **Date** is an explicit time expression of the trigger's clause, else the publication date;
  **location** a place the trigger is "in" or "at".

Headlines are parsed after truecasing, but the small parser still takes headline verbs for
plural nouns ("Trump Sues BBC"); a verb-only lemma in such a sentence is read as the verb,
with the words left and right of it as subject and object.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze import modality as modality_module
from eventwire.analyze.actors import lookup_country
from eventwire.analyze.modality import is_passive, lemma, subject_of
from eventwire.data import load_yaml
from eventwire.model import Actor, Document, Entity, Event, Mention, Span, TimeExpr

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
#: Types that are material conflict: announced with a condition ("will ... unless"), they
#: are threats (CAMEO 13), not acts.
CONFLICT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "RETREAT", "PROTEST"})
#: Dependency labels of a trigger's complements: what the trigger says, asks, refuses, ...
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "attr", "oprd", "dative", "nsubjpass"})
#: Prepositions whose object is part of the governing event ("call for talks", "protest
#: against sanctions", "accused of attacking").
_COMPLEMENT_PREPS = frozenset(
    {"of", "for", "to", "about", "over", "on", "against", "into", "from", "toward", "towards"}
)
#: Clause boundaries a time expression of the governing clause does not cross.
_EMBEDDED_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "conj"})
#: Verbs whose object (not their subject) carries out their infinitive: "urged X to ...".
_OBJECT_CONTROL = frozenset(
    {"ask", "urge", "order", "tell", "force", "persuade", "press", "pressure", "allow",
     "invite", "call", "encourage", "warn", "help", "compel", "request", "push", "require",
     "authorize", "instruct", "permit", "enable", "get", "lead", "prompt", "convince"}
)  # fmt: skip
_PERSONAL_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "his", "her", "their", "its", "them", "him", "our", "us"}
)
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "ROLE"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
#: spaCy entity types that are dates or numbers: "the fiscal year ending March" is no march.
_NUMERIC_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
_VERBAL = frozenset({"VERB", "AUX"})
#: Types whose target, when the sentence names none, is the place the event happened in
#: ("lifted a curfew in Montenegro", "protested in Brazil"); talks in Geneva are not with it.
_PLACE_TARGET_TYPES = frozenset(
    {"CONCEDE", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "RETREAT", "ASSAULT"}
)
#: Acts a state carries out: an agentless passive of one in a named place ("was arrested in
#: Egypt", "was put under investigation in Italy") is the act of that place's authorities.
_PLACE_SOURCE_TYPES = frozenset({"ACCUSE", "COERCE", "SANCTION"})


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon pattern: a word (and its conditions) -> PLOVER type and CAMEO code."""

    pos: str  # verb | noun | adjective
    lemma: str
    type: str
    cameo: str
    example: str
    mode: str | None = None
    particle: str | None = None
    objects: frozenset[str] | None = None
    object_kind: str | None = None  # "actor" | "none"
    modifiers: frozenset[str] | None = None
    verbs: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    mutual: bool = False
    complement: str | None = None
    needs_complement: bool | str = False  # True: an event; "clause": any verb complement
    plural: bool = False
    forms: tuple[str, ...] = ()  # irregular forms the lemmatiser misses ("forgave")
    subject_is_target: bool = False
    needs_target: bool = False
    not_complement: frozenset[str] = frozenset()
    # Only ever the complement of another trigger ("warned of retaliation"), never an event
    # of its own: "retaliation" names no act until someone threatens or vows it.
    complement_only: bool = False

    @property
    def phrase(self) -> bool:
        """Whether the entry names more than the word (a particle, object, modifier, ...)."""
        return bool(
            self.particle or self.objects or self.object_kind or self.modifiers or self.verbs
            or self.subjects
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The event lexicon indexed by lemma, with the CAMEO table and refinement tables."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    cameo: dict[str, tuple[float, str]]
    refine_tables: dict[str, dict[str, str]]
    light_verbs: frozenset[str]
    light_nouns: frozenset[str]
    person_nouns: frozenset[str]
    undergoer_verbs: frozenset[str]
    causative_verbs: frozenset[str]
    adversary_nouns: frozenset[str]
    affiliation_words: frozenset[str]
    under_verbs: frozenset[str]
    default_targets: tuple[str, ...]
    default_sources: tuple[str, ...]
    keys: frozenset[str] = frozenset()  # every word that can start a trigger

    def entries(self) -> Iterator[Entry]:
        """Every entry once (an entry is indexed under its lemma and its irregular forms)."""
        for table in (self.verbs, self.nouns, self.adjectives):
            for key, group in table.items():
                yield from (e for e in group if e.lemma == key)

    def goldstein(self, code: str) -> float | None:
        row = self.cameo.get(code)
        return row[0] if row else None

    def refine(self, role: str, code: str) -> str:
        """The code of `role` (intent, threat, ...) refined by a complement's code."""
        table = self.refine_tables[role]
        for n in range(len(code), 1, -1):
            hit = table.get(code[:n])
            if hit:
                return hit
        return table["default"]


def quad_class(code: str) -> int:
    """CAMEO QuadClass: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def cooperative(code: str) -> bool:
    return int(code[:2]) <= 8


def _words(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(_string(v) for v in value)


def _string(value: Any) -> str:
    # YAML reads a bare `on`, `off` or `no` as a boolean: the lexicon must quote them.
    if not isinstance(value, str):
        raise ValueError(f"event lexicon: {value!r} is not a string (quote it in the YAML)")
    return value.lower()


def _entry(pos: str, raw: dict[str, Any], defaults: dict[str, tuple[str, ...]]) -> Entry:
    obj = raw.get("object")
    kind = obj if isinstance(obj, str) else None
    return Entry(
        pos=pos,
        lemma=str(raw["lemma"]).lower(),
        type=raw["type"],
        cameo=str(raw["cameo"]),
        example=raw["example"],
        mode=raw.get("mode"),
        particle=_string(raw["particle"]) if raw.get("particle") is not None else None,
        objects=None if kind else _words(obj),
        object_kind=kind,
        modifiers=_words(raw.get("modifier")),
        verbs=_words(raw.get("verbs")),
        subjects=_words(raw.get("subject")),
        targets=tuple(_string(p) for p in raw.get("target") or defaults["targets"]),
        sources=tuple(_string(p) for p in raw.get("source") or defaults["sources"]),
        mutual=bool(raw.get("mutual")),
        complement=raw.get("complement"),
        needs_complement=raw.get("needs_complement") or False,
        plural=bool(raw.get("plural")),
        forms=tuple(_string(f) for f in raw.get("forms") or ()),
        subject_is_target=bool(raw.get("subject_is_target")),
        needs_target=bool(raw.get("needs_target")),
        not_complement=_words(raw.get("not_complement")) or frozenset(),
        complement_only=bool(raw.get("complement_only")),
    )


def _index(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    by: dict[str, list[Entry]] = {}
    for e in entries:
        for key in (e.lemma, *e.forms):
            by.setdefault(key, []).append(e)
    # Specific patterns first: "lift curfew" before "lift".
    return {k: tuple(sorted(v, key=lambda e: not e.phrase)) for k, v in by.items()}


@functools.cache
def lexicon() -> Lexicon:
    """The event lexicon, loaded and indexed once."""
    raw: dict[str, Any] = load_yaml("event_lexicon.yaml")
    defaults = {
        "targets": tuple(_string(p) for p in raw["default_targets"]),
        "sources": tuple(_string(p) for p in raw["default_sources"]),
    }
    tables = {
        pos: _index(_entry(pos, e, defaults) for e in raw[key])
        for pos, key in (("verb", "verbs"), ("noun", "nouns"), ("adjective", "adjectives"))
    }
    return Lexicon(
        verbs=tables["verb"],
        nouns=tables["noun"],
        adjectives=tables["adjective"],
        cameo={str(k): (float(v[0]), str(v[1])) for k, v in raw["cameo"].items()},
        refine_tables={k: {str(a): str(b) for a, b in v.items()} for k, v in raw["refine"].items()},
        light_verbs=_words(raw["light_verbs"]) or frozenset(),
        light_nouns=_words(raw["light_nouns"]) or frozenset(),
        person_nouns=_words(raw["person_nouns"]) or frozenset(),
        undergoer_verbs=_words(raw["undergoer_verbs"]) or frozenset(),
        causative_verbs=_words(raw["causative_verbs"]) or frozenset(),
        adversary_nouns=_words(raw["adversary_nouns"]) or frozenset(),
        affiliation_words=_words(raw["affiliation_words"]) or frozenset(),
        under_verbs=_words(raw["under_verbs"]) or frozenset(),
        default_targets=defaults["targets"],
        default_sources=defaults["sources"],
        keys=frozenset(
            set(tables["verb"]) | set(tables["noun"]) | set(tables["adjective"])
            | {w + "s" for w in tables["verb"]} | {w + "es" for w in tables["verb"]}
        ),
    )  # fmt: skip


# --------------------------------------------------------------------------- countries


def country_of(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country name, demonym or seat of government, or None."""
    return lookup_country(name)


# --------------------------------------------------------------------------- document context


@dataclass(slots=True)
class _Ref:
    """An actor as found in the text: its words and what they resolve to."""

    start: int  # character offsets of the actor's words
    end: int
    entity: Entity | None = None
    country: str | None = None
    sectors: tuple[str, ...] = ()
    name: str | None = None
    pronoun: bool = False

    @property
    def key(self) -> str:
        if self.entity is not None:
            return f"{self.entity.id}:{self.country}"
        return f"{self.start}:{self.end}:{self.country}"


@dataclass(slots=True)
class _Match:
    """A trigger: the token, the entry it matched and how."""

    token: Token
    entry: Entry
    linear: bool = False  # a headline verb the parser took for a noun
    start: int = -1  # character span of the trigger (a part of a hyphenated word)
    end: int = -1
    prefix: _Ref | None = None  # "U.S." of "U.S.-brokered"
    cameo: str = ""
    type: str = ""
    complement: _Match | None = None
    consumed: bool = False
    deontic_of: Token | None = None  # the clause of "X said Y must ..."
    arg: Token | None = None  # where the arguments hang: "effort" in "mediation effort"

    @property
    def holder(self) -> Token:
        return self.arg if self.arg is not None else self.token


class _Context:
    """What the coder needs of one document: mentions by token, entities, times."""

    def __init__(self, doc: Document, parsed: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.parsed = parsed
        self.lex = lex
        self.headline = doc.kind == "headline"
        self.entities = {e.id: e for e in doc.entities}
        # Mentions are looked up by character offset when a trigger's arguments are built,
        # so a document costs no pass over its tokens for them.
        self._mentions = sorted(doc.mentions, key=lambda m: m.span.start)
        self._starts = [m.span.start for m in self._mentions]
        self._cache: dict[int, Mention | None] = {}
        self.times = sorted(
            (t for t in doc.times if not _is_duration(t)), key=lambda t: t.span.start
        )

    def mention(self, tok: Token) -> Mention | None:
        """The mention a token is part of; a name wins over a ROLE mention around it."""
        i = tok.i
        if i in self._cache:
            return self._cache[i]
        start, end = tok.idx, tok.idx + len(tok.text)
        found: Mention | None = None
        k = bisect.bisect_right(self._starts, start) - 1
        # Mentions never nest deeply: look at the few that start at or before the token.
        for m in self._mentions[max(0, k - 2) : k + 2]:
            overlaps = m.span.start < end and start < m.span.end
            if overlaps and (found is None or (found.label == "ROLE" and m.label != "ROLE")):
                found = m
        self._cache[i] = found
        return found

    def entity(self, mention: Mention | None) -> Entity | None:
        if mention is None or mention.entity_id is None:
            return None
        return self.entities.get(mention.entity_id)


def _is_duration(t: TimeExpr) -> bool:
    """Durations ("for two years") and references ("now") are not an event's date."""
    return t.granularity in ("duration", "reference", "set") or t.value.startswith("P")


class Resolver:
    """Actor resolution for other analyzers (the trade-measure extractor): the coder's rules
    for subjects, owners, coordination and pronouns, over one document."""

    def __init__(self, doc: Document, parsed: Doc) -> None:
        self._ctx = _Context(doc, parsed, lexicon())

    def actors(self, tok: Token | None, *, agent: bool = False) -> list[Actor]:
        """The actors a noun phrase names, one per conjunct (see `_refs`)."""
        text = self._ctx.doc.text
        return [a for r in _refs(self._ctx, tok, agent=agent) if (a := _actor(r, text))]

    def subject(self, verb: Token) -> Token | None:
        """A verb's subject through control, coordination and relative clauses."""
        return _subject(self._ctx, verb)

    def actorish(self, tok: Token) -> bool:
        return _actorish(self._ctx, tok)

    def actorish_head(self, tok: Token) -> bool:
        """An actor by its own word (a name, a role, a pronoun), not by a modifier."""
        m = self._ctx.mention(tok)
        return (
            (m is not None and m.label in _ACTOR_LABELS) or _role_word(tok) or (tok.pos_ == "PRON")
        )

    def country(self, tok: Token) -> str | None:
        return _country_of_token(self._ctx, tok)

    def np_span(self, tok: Token) -> Span:
        start, end = _np_span(self._ctx, tok, None)
        return Span.of(self._ctx.doc.text, start, end)

    def clause_tokens(self, clause: Token, trigger: Token) -> set[int]:
        return _clause_tokens(clause, trigger)


# --------------------------------------------------------------------------- the analyzer


class EventAnalyzer:
    """Codes events (PLOVER + CAMEO, with modality) into `Document.events`."""

    name = "events"
    version = "0.1"

    def __call__(self, doc: Document, parsed: Doc) -> None:
        lex = lexicon()
        ctx = _Context(doc, parsed, lex)
        extractor = f"{self.name}/{self.version}"
        dateline = dateline_end(doc.text)
        for sent in parsed.sents:
            events = _code_sentence(ctx, sent, extractor)
            for event in events:
                _drop_dateline_actors(event, dateline)
            doc.events.extend(events[: settings.EVENT_MAX_PER_SENTENCE])


#: A wire dateline: a place in capitals, then optionally a date and an agency in brackets, then
#: a dash ("GENEVA, March 3 (Reuters) -", "WASHINGTON (AP) —").
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{1,40}(?:,[^\n()]{0,40}?)?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]{1,2}\s"
)


def dateline_end(text: str) -> int:
    """Offset where a text's opening dateline ends, 0 when it has none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def _drop_dateline_actors(event: Event, dateline: int) -> None:
    # The parser often makes a dateline's city the subject of the first sentence; where the
    # story was filed is not who acted, and a missing actor is better than a wrong one.
    if event.actor1 is not None and event.actor1.span.end <= dateline:
        event.actor1 = None
    if event.actor2 is not None and event.actor2.span.end <= dateline:
        event.actor2 = None


def _code_sentence(ctx: _Context, sent: SpacySpan, extractor: str) -> list[Event]:
    matches: dict[int, _Match] = {}
    clauses: list[Token] = []  # clause complements: candidates for "X said Y must ..."
    keys = ctx.lex.keys
    for tok in sent:  # the one pass over the sentence's tokens
        if tok.dep_ == "ccomp":
            clauses.append(tok)
        if tok.lower_ not in keys and tok.lemma_.lower() not in keys and "-" not in tok.text:
            continue
        m = _match(ctx, tok, sent)
        if m is not None:
            matches[tok.i] = m
    if clauses:
        _deontic_requests(ctx, clauses, matches)
    if not matches:
        return []
    _hand_over_light_verbs(ctx, matches)
    _consume_complements(ctx, matches)
    events: list[tuple[_Match, Event]] = []
    for m in sorted(matches.values(), key=lambda m: m.token.i):
        if m.consumed or m.entry.complement_only:
            continue
        if (
            m.entry.needs_complement
            and m.complement is None
            and (m.entry.needs_complement != "clause" or _clause_complement(m.token) is None)
        ):
            continue
        for ev in _events_of(ctx, m, sent, extractor):
            events.append((m, ev))
    return _merge(ctx, events)


# --------------------------------------------------------------------------- matching


def _match(ctx: _Context, tok: Token, sent: SpacySpan) -> _Match | None:
    lex = ctx.lex
    low = lemma(tok)
    pos = tok.pos_
    if tok.tag_ == "VBN" and tok.lower_ in lex.adjectives and _copular(tok):
        # "Israel is opposed to", "Japan is prepared to": a state, not a passive act
        hit = _first(ctx, tok, lex.adjectives[tok.lower_])
        if hit is not None:
            return hit
    if pos in _VERBAL and tok.dep_ != "amod":  # "the alleged attack" alleges nothing
        entries = lex.verbs.get(low) or lex.verbs.get(tok.lower_)
        if entries:
            return _first(ctx, tok, entries)
    if tok.dep_ == "amod" and tok.i >= 2 and tok.doc[tok.i - 1].tag_ == "HYPH":
        return _hyphen_participle(ctx, tok)  # "Qatar-brokered" parsed as three words
    if tok.dep_ in ("acomp", "ccomp", "oprd") and tok.pos_ != "VERB":
        entries = lex.adjectives.get(tok.lower_)
        if entries:
            return _first(ctx, tok, entries)
    if pos in _NOMINAL:
        if ctx.headline and _headline_verb(ctx, tok, sent):
            entries = lex.verbs.get(low) or lex.verbs.get(_verb_stem(tok.lower_))
            if entries:
                m = _first(ctx, tok, entries, linear=True)
                if m is not None:
                    return m
        entries = lex.nouns.get(low)
        if entries and tok.ent_type_ not in _NUMERIC_ENTS and not _inside_name(ctx, tok):
            if tok.dep_ != "compound":
                return _first(ctx, tok, entries)
            if lemma(tok.head) in lex.light_nouns:
                # "a mediation effort between ...": the event is the modifier, its
                # arguments hang on the head noun
                hit = _first(ctx, tok, entries)
                if hit is not None:
                    hit.arg = tok.head
                return hit
    if pos == "ADJ" or tok.tag_ in ("JJ", "VBN"):
        entries = lex.adjectives.get(tok.lower_) or lex.adjectives.get(low)
        if entries:
            return _first(ctx, tok, entries)
        if "-" in tok.text:
            return _hyphen_participle(ctx, tok)
    return None


def _copular(tok: Token) -> bool:
    return any(c.dep_ == "auxpass" and lemma(c) == "be" for c in tok.children) and not any(
        c.dep_ == "agent" for c in tok.children
    )


def _first(
    ctx: _Context, tok: Token, entries: tuple[Entry, ...], *, linear: bool = False
) -> _Match | None:
    for entry in entries:
        if _fits(ctx, tok, entry, linear=linear):
            return _Match(
                token=tok,
                entry=entry,
                linear=linear,
                start=tok.idx,
                end=tok.idx + len(tok.text),
                cameo=entry.cameo,
                type=entry.type,
            )
    return None


def _fits(ctx: _Context, tok: Token, entry: Entry, *, linear: bool) -> bool:
    if entry.plural and not tok.tag_.endswith("S"):
        return False
    if entry.particle is not None and not _has_particle(tok, entry.particle):
        obj = _object_slot(tok) if entry.pos == "verb" else None
        # "raised the dispute with China": the preposition may hang on the object
        if obj is None or not any(
            c.dep_ == "prep" and c.lower_ == entry.particle for c in obj.children
        ):
            return False
    if entry.not_complement:
        clause = _clause_complement(tok)
        if clause is not None and _lemma_in(clause, entry.not_complement):
            return False  # "declined to comment"
    if entry.pos == "verb":
        obj = _object_slot(tok) if not linear else _linear_object(tok)
        obj = _unpartitive(obj)
        if entry.object_kind == "none" and obj is not None:
            return False
        if entry.object_kind == "actor" and (obj is None or not _actorish(ctx, obj)):
            return False
        if entry.object_kind == "actor|none" and obj is not None and not _actorish(ctx, obj):
            return False
        if entry.objects is not None and (obj is None or not _object_in(obj, entry.objects)):
            return False
        if entry.subjects is not None:
            subj = subject_of(tok)
            if subj is None or not _lemma_in(subj, entry.subjects):
                return False
    elif entry.pos == "noun":
        if entry.modifiers is not None and not any(
            c.dep_ in ("compound", "amod", "nmod") and _lemma_in(c, entry.modifiers)
            for c in tok.children
        ):
            return False
        if entry.verbs is not None:
            verb = _governing_verb(tok)
            if verb is None or lemma(verb) not in entry.verbs:
                return False
        if entry.objects is not None:
            of = _prep_object(tok, ("of", "on"))
            if of is None or not _lemma_in(of, entry.objects):
                return False
    return True


def _lemma_in(tok: Token, words: frozenset[str]) -> bool:
    return lemma(tok) in words or tok.lower_ in words


def _object_in(obj: Token, words: frozenset[str]) -> bool:
    """The object or one of its compound modifiers ("the ceasefire agreement")."""
    return _lemma_in(obj, words) or any(
        c.dep_ == "compound" and _lemma_in(c, words) for c in obj.children
    )


_PARTITIVES = frozenset({"part", "some", "most", "all", "portion", "much", "rest", "half", "many"})


def _unpartitive(obj: Token | None) -> Token | None:
    """ "part of a military aid program" -> the program."""
    if obj is not None and lemma(obj) in _PARTITIVES:
        inner = _prep_object(obj, ("of",))
        if inner is not None:
            return inner
    return obj


def _has_particle(tok: Token, particle: str) -> bool:
    return any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ == particle for c in tok.children)


def _inside_name(ctx: _Context, tok: Token) -> bool:
    m = ctx.mention(tok)
    return m is not None and m.label in ("ORG", "WORK_OF_ART", "LAW", "EVENT", "FAC")


def _verb_stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _headline_verb(ctx: _Context, tok: Token, sent: SpacySpan) -> bool:
    """Whether a headline word tagged as a noun is the headline's verb ("Trump Sues BBC")."""
    if tok.i == sent.start or tok.tag_ not in ("NNS", "NN", "NNP", "NNPS"):
        return False
    if any(t.pos_ == "VERB" and t.dep_ in ("ROOT", "ccomp") for t in sent):
        return False  # the parser found the verb
    lex = ctx.lex
    low = lemma(tok)
    if low not in lex.verbs and _verb_stem(tok.lower_) not in lex.verbs:
        return False
    # Only the first such word, right after the subject: everything before it is one noun
    # phrase ("Hong Kong Democratic Party Disbands"), nothing like "for Defamation Over".
    for t in tok.doc[sent.start : tok.i]:
        if t.pos_ not in ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART", "PUNCT"):
            return False
        if (
            t.pos_ in _NOMINAL
            and (lemma(t) in lex.verbs or _verb_stem(t.lower_) in lex.verbs)
            and t.i > sent.start
        ):
            return False
    before = tok.doc[tok.i - 1]
    if before.pos_ not in _NOMINAL or before.tag_ == "POS":
        return False
    return tok.i + 1 < sent.end or tok.dep_ == "ROOT"


def _hyphen_participle(ctx: _Context, tok: Token) -> _Match | None:
    """ "U.S.-brokered deal", "Iran-backed rebels": the part before the hyphen is the actor."""
    if "-" in tok.text:
        head_text, _, tail = tok.text.rpartition("-")
        head_start = tok.idx
    else:  # three tokens: "Qatar", "-", "brokered"
        before = tok.doc[tok.i - 2]
        head_text, tail, head_start = before.text, tok.text, before.idx
    if not head_text or not tail.lower().endswith("ed"):
        return None
    noun = tok.head
    if lemma(noun) not in ctx.lex.nouns and lemma(noun) not in ctx.lex.light_nouns:
        return None  # "a Syrian-backed militia" describes the militia; "a U.S.-brokered deal"
    stem = tail.lower()[:-2]
    entries = ctx.lex.verbs.get(stem) or ctx.lex.verbs.get(stem + "e")
    if not entries:
        return None
    entry = next((e for e in entries if not e.phrase), None)
    if entry is None:
        return None
    code = country_of(head_text)
    m = ctx.mention(tok.doc[tok.i - 2]) if head_start != tok.idx else ctx.mention(tok)
    entity = ctx.entity(m) if m is not None and m.span.start == head_start else None
    if code is None and entity is None:
        return None
    start = tok.idx + len(tok.text) - len(tail)
    prefix = _Ref(head_start, head_start + len(head_text), entity=entity, name=head_text,
                  country=code or (entity.country if entity else None))  # fmt: skip
    return _Match(
        token=tok,
        entry=entry,
        start=start,
        end=tok.idx + len(tok.text),
        prefix=prefix,
        cameo=entry.cameo,
        type=entry.type,
    )


# --------------------------------------------------------------------------- trigger interplay


def _hand_over_light_verbs(ctx: _Context, matches: dict[int, _Match]) -> None:
    """A light verb whose object is an event noun yields to it ("struck a truce")."""
    for i, m in list(matches.items()):
        tok = m.token
        if m.entry.pos != "verb" or m.entry.phrase or m.linear:
            continue
        if lemma(tok) not in ctx.lex.light_verbs:
            continue
        obj = _object_slot(tok)
        if obj is not None and obj.i in matches and matches[obj.i].entry.pos == "noun":
            del matches[i]


def _complement_roots(m: _Match) -> list[Token]:
    tok = m.token
    roots = []
    for child in tok.children:
        dep = child.dep_
        if dep in _COMPLEMENT_DEPS:
            if dep == "nsubjpass" and m.entry.pos != "verb":
                continue
            roots.append(child)
        elif dep == "prep" and (
            child.lower_ in _COMPLEMENT_PREPS
            or (m.entry.complement == "act" and child.lower_ == m.entry.particle)
        ):
            # "retaliated with tariffs": the particle's object is the act itself
            roots.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif dep == "acl" and m.entry.pos == "noun" and not _reduced_passive(child):
            # "a call to end the war"; not "a truce brokered by Qatar", which says who else
            # took part
            roots.append(child)
        elif dep == "advcl" and child.pos_ in _VERBAL and _purpose(child):
            roots.append(child)  # "rioted to demand reforms"
    if m.arg is not None:
        for child in m.arg.children:
            if child.dep_ == "prep" and child.lower_ in _COMPLEMENT_PREPS:
                roots.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
    if m.entry.pos == "noun":
        verb = _governing_verb(tok)
        if verb is not None:
            # "staged demonstrations to demand reforms": the purpose is the light verb's
            roots.extend(
                c
                for c in verb.children
                if c.dep_ in ("advcl", "xcomp") and c.pos_ in _VERBAL and _purpose(c)
            )
    return roots


def _purpose(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
    )


def _consume_complements(ctx: _Context, matches: dict[int, _Match]) -> None:
    """Triggers inside another trigger's complement are part of it, not events of their own."""
    # Innermost first, so that "warned it would respond with countermeasures" refines by the
    # response once it is known to be a sanction.
    for m in sorted(matches.values(), key=lambda m: m.token.i, reverse=True):
        if m.prefix is not None:
            continue
        roots = _complement_roots(m)
        if m.entry.needs_complement == "conflict" and not _own_conflict(ctx, m, roots, matches):
            # "warned that aid would run out", "warned that Russia could invade": a forecast,
            # not a threat; the inner event stays an event of its own.
            m.consumed = True
            continue
        for root in roots:
            for t in root.subtree:
                inner = matches.get(t.i)
                if (
                    inner is not None
                    and inner is not m
                    and inner.prefix is None  # "a Qatar-brokered truce": Qatar's own act
                    and not _reduced_passive(inner.token)  # "a truce brokered by Qatar"
                ):
                    inner.consumed = True
            first = _complement_trigger(root, matches)
            if first is not None and first is not m and m.complement is None:
                m.complement = first
        if m.complement is not None and m.entry.complement:
            _refine(ctx, m)
        if m.entry.subjects is not None:
            # "aid reached Gaza": the subject the entry asks for is part of the one event
            subj = subject_of(m.token)
            if subj is not None and subj.i in matches and matches[subj.i] is not m:
                matches[subj.i].consumed = True


def _own_conflict(ctx: _Context, m: _Match, roots: list[Token], matches: dict[int, _Match]) -> bool:
    """Whether a warning states a hostile act of the warner's own: "warned of retaliation",
    "warned it would respond with countermeasures" - not what someone else may do."""
    found = (_complement_trigger(r, matches) for r in roots)
    inner = next((t for t in found if t is not None and t is not m), None)
    if inner is None or cooperative(inner.cameo):
        return False
    agents = _roles(ctx, inner).sources
    if not agents:
        return True  # "warned of retaliation": nobody else is named
    own = {r.key for r in _refs(ctx, _subject(ctx, m.token), agent=True)}
    return any(r.key in own for r in agents)


def _clause_complement(tok: Token) -> Token | None:
    """A verb's clause complement ("declined to halt"), or a noun's ("a call for calm", "a
    call to end the war")."""
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in _VERBAL:
            return child
        if child.dep_ == "acl" and child.pos_ in _VERBAL and tok.pos_ in _NOMINAL:
            return child
        if child.dep_ == "prep" and child.lower_ in ("for", "on") and tok.pos_ in _NOMINAL:
            return child
    return None


#: Links through which a complement's own event is reached: "agreed to lift sanctions",
#: "agreed to undertake joint exercises", "called for the release of ...". Not through a
#: noun's modifiers: "a set of proposals to secure concessions" is not about concessions.
_COMPLEMENT_PATH = frozenset({"xcomp", "ccomp", "pcomp", "dobj", "prep", "pobj", "conj", "prt"})


def _complement_trigger(root: Token, matches: dict[int, _Match]) -> _Match | None:
    """The event a complement states: the root itself, or one reached through verbs."""
    queue = [root]
    while queue:
        nxt = []
        for t in queue:
            if t.i in matches:
                return matches[t.i]
            # through verbs, prepositions and amounts ("$500 million in military aid")
            if t.pos_ in _VERBAL or t.pos_ in ("ADP", "NUM", "SYM"):
                nxt.extend(c for c in t.children if c.dep_ in _COMPLEMENT_PATH)
        queue = nxt
    return None


def _refine(ctx: _Context, m: _Match) -> None:
    """Refine a governing trigger's type and code by its complement's code."""
    inner = m.complement
    assert inner is not None
    role = m.entry.complement
    code = inner.cameo
    lex = ctx.lex
    coop = cooperative(code)
    if role == "act":
        m.type, m.cameo = inner.type, inner.cameo  # "retaliated with tariffs": a sanction
    elif role == "intent" or (role == "prepare" and coop):
        if coop:
            m.type, m.cameo = "AGREE", lex.refine("intent", code)
        else:
            m.type, m.cameo = "THREATEN", lex.refine("threat", code)
    elif role == "prepare":
        m.type, m.cameo = "MOBILIZE", "150"
    elif role in ("appeal", "demand", "reject", "threat"):
        if role == "appeal" and not coop and code[:2] not in ("09", "10", "11", "12"):
            # An appeal to stop or to do something hostile: a demand (CAMEO 10).
            m.cameo = lex.refine("demand", code)
        else:
            m.cameo = lex.refine(role, code)


def _deontic_requests(ctx: _Context, clauses: list[Token], matches: dict[int, _Match]) -> bool:
    """ "X said Y must hand over the suspects": a demand from X on Y (CAMEO 10)."""
    found = False
    for tok in clauses:
        if lemma(tok.head) not in modality_module.statement_verbs():
            continue
        modal = modality_module.deontic(tok)
        if modal is None or modal.i in matches:
            continue
        entry = Entry(
            pos="verb", lemma=modal.lower_, type="REQUEST", cameo="100", example="",
            complement="demand",
        )  # fmt: skip
        m = _Match(
            token=modal, entry=entry, start=modal.idx, end=modal.idx + len(modal.text),
            cameo="100", type="REQUEST", deontic_of=tok,
        )  # fmt: skip
        inner = matches.get(tok.i)
        if inner is not None:
            inner.consumed = True
            m.complement = inner
            m.cameo = ctx.lex.refine("demand", inner.cameo)
        for t in tok.subtree:
            if t.i in matches and t.i != tok.i:
                matches[t.i].consumed = True
        matches[modal.i] = m
        found = True
    return found


# --------------------------------------------------------------------------- syntax helpers


def _object_slot(verb: Token) -> Token | None:
    """The direct object, or the passive subject (the object of the active clause)."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return child
    for child in verb.children:
        # "kidnapped up to 16 advisers": the parser reads "up" as the verb's particle
        if child.lower_ == "up" and child.dep_ in ("prt", "advmod", "prep"):
            obj = _prep_object(child, ("to",))
            if obj is not None and any(c.dep_ == "nummod" for c in obj.children):
                return obj
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
        if verb.dep_ == "conj" and verb.head.pos_ in _VERBAL:
            # "... were arrested and released by the police": the first verb's subject
            return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _linear_object(tok: Token) -> Token | None:
    """The noun phrase right after a headline verb the parser took for a noun."""
    doc = tok.doc
    sent_end = tok.sent.end
    i = tok.i + 1
    head = None
    while i < sent_end and doc[i].pos_ in ("DET", "ADJ", "NUM", "PROPN", "NOUN", "PART"):
        if doc[i].pos_ in _NOMINAL:
            head = doc[i]
        i += 1
    return head


def _linear_subject(tok: Token) -> Token | None:
    doc = tok.doc
    i = tok.i - 1
    start = tok.sent.start
    while i >= start and doc[i].pos_ in ("PUNCT",):
        i -= 1
    if i >= start and doc[i].pos_ in _NOMINAL | {"PRON"}:
        return doc[i]
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun is the object of ("reached an agreement", "agreement was reached")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in _VERBAL:
        return head
    if noun.dep_ == "pobj" and head.head.pos_ in _VERBAL and head.lower_ in ("to", "on"):
        return head.head  # "agreed to a ceasefire", "agreed on a deal"
    if _under(noun):
        return head.head  # "was placed under arrest", "came under attack"
    if noun.dep_ == "conj":
        return _governing_verb(head)
    return None


def _under(noun: Token) -> bool:
    """Whether a noun is the state "under" which a verb puts someone ("put under
    investigation", "came under fire")."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "under"
        and prep.head.pos_ in _VERBAL
        and lemma(prep.head) in lexicon().under_verbs
    )


def _prep_object(tok: Token, preps: Iterable[str]) -> Token | None:
    wanted = set(preps)
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    return grand
            stray = _stray_object(child)
            if stray is not None:
                return stray
    return None


def _prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out = []
    for child in tok.children:
        by_agent = child.dep_ == "agent" and "by" in wanted
        if (child.dep_ in ("prep", "dative") and child.lower_ in wanted) or by_agent:
            found = [g for g in child.children if g.dep_ == "pobj"]
            if not found and child.dep_ == "prep":
                stray = _stray_object(child)
                found = [stray] if stray is not None else []
            out.extend(found)
    return out


def _stray_object(prep: Token) -> Token | None:
    """The object of a preposition the parser left without one because it took a reduced
    relative clause after it for a clause of its own: in "granted asylum to five officers
    holed up in the embassy" the officers become the subject of "holed"."""
    if any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
        return None
    for clause in prep.head.rights:
        if clause.i <= prep.i or clause.pos_ not in _VERBAL:
            continue
        if clause.dep_ in ("advcl", "relcl", "ccomp", "conj", "acl"):
            for c in clause.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i == prep.i + 1:
                    return c
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _conjuncts(ctx: _Context, tok: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("Canada, Mexico, and China").

    The parser sometimes takes the second name of a list for an apposition ("the US, Russia,
    and Switzerland"): a name in apposition to a name of the same kind is a conjunct.
    """
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ in _NOMINAL | {"PRON"}:
            out.append(c)
    head_mention = ctx.mention(tok)
    if head_mention is not None and head_mention.label in ("GPE", "ORG", "NORP"):
        for c in tok.children:
            if c.dep_ != "appos":
                continue
            m = ctx.mention(c)
            if m is not None and m.label == head_mention.label and m is not head_mention:
                out.extend(x for x in [c, *c.conjuncts] if x.i > tok.i and x not in out)
    return out


def _subject(ctx: _Context, verb: Token, depth: int = 0) -> Token | None:
    """The subject of a verb, through control, coordination and relative clauses."""
    if depth > settings.MODALITY_MAX_CLIMB:
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.tag_ == "VBG":
                # "The agency operating in Iraq said": the parser makes the participle the
                # subject and the agency its own subject
                inner = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if inner is not None:
                    return inner
            return child
    if not is_passive(verb):
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
    dep = verb.dep_
    head = verb.head
    if head.i == verb.i:
        return None
    if dep in ("xcomp", "advcl", "pcomp") or (dep == "acl" and verb.tag_ in ("VB", "VBG")):
        governor = head.head if dep == "pcomp" else head
        if dep == "acl":
            # "forces attacking X": the noun acts; "the first to finalize": the copula's subject
            if verb.tag_ == "VBG":
                return head
            if head.dep_ in ("attr", "acomp") and head.head.pos_ in _VERBAL:
                return _subject(ctx, head.head, depth + 1)
            if head.dep_ == "ROOT":
                return head  # headline "NSW to Recall Parliament"
            return None
        if dep == "xcomp" and lemma(governor) in _OBJECT_CONTROL:
            obj = _object_slot(governor)
            if obj is not None and not is_passive(governor):
                return obj
        if governor.pos_ in _VERBAL or governor.pos_ == "ADJ":
            if is_passive(governor):
                for child in governor.children:
                    if child.dep_ == "nsubjpass":
                        return child
            return _subject(ctx, governor, depth + 1)
        return None
    if dep == "conj" and head.pos_ in _VERBAL:
        if is_passive(head):  # "was indicted ... and will resign"
            passive_subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive_subject is not None:
                return passive_subject
        return _subject(ctx, head, depth + 1)
    if dep == "relcl":
        if verb.tag_ == "VB" and head.dep_ in ("attr", "acomp") and head.head.pos_ in _VERBAL:
            return _subject(ctx, head.head, depth + 1)  # "Japan was the first nation to enter"
        return head
    if dep in ("acomp",) and head.pos_ in _VERBAL:
        return _subject(ctx, head, depth + 1)
    return None


# --------------------------------------------------------------------------- actors


def _actorish(ctx: _Context, tok: Token) -> bool:
    """Whether a noun names an actor: a name, a role ("officials"), or a pronoun."""
    if tok.pos_ == "PRON":
        return tok.lower_ in _PERSONAL_PRONOUNS or tok.lower_ in _RELATIVE_PRONOUNS
    m = ctx.mention(tok)
    if m is not None and m.label in _ACTOR_LABELS:
        return True
    if _role_word(tok):
        return True
    # "Palestinian detainees", "Russian advisers": people of a country (a plural: "Fukushima
    # water" is no one)
    return tok.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("amod", "compound") and _country_of_token(ctx, c) for c in tok.children
    )


def _role_word(tok: Token) -> bool:
    roles = _role_words()
    low = lemma(tok)
    return low in roles or tok.lower_ in roles or low in lexicon().person_nouns


@functools.cache
def _generic_roles() -> frozenset[str]:
    raw = load_yaml("roles.yaml").get("roles", {})
    return frozenset(str(k).lower() for k, v in raw.items() if (v or {}).get("generic"))


@functools.cache
def _role_words() -> frozenset[str]:
    # The role lexicon belongs to the actors analyzer; only its keys are read here, to tell
    # "officials" (an actor) from "assistance" (a thing) when no ROLE mention marks it.
    try:
        raw = load_yaml("roles.yaml")
    except FileNotFoundError:  # pragma: no cover
        return frozenset()
    return frozenset(str(k).lower() for k in raw.get("roles", {}))


def _resolve_pronoun(ctx: _Context, tok: Token) -> Token | None:
    low = tok.lower_
    if low in _RELATIVE_PRONOUNS:
        clause = tok.head
        while clause.dep_ not in ("relcl",) and clause.head.i != clause.i:
            if clause.pos_ in _NOMINAL:
                break
            clause = clause.head
        return clause.head if clause.dep_ == "relcl" else None
    if low not in _PERSONAL_PRONOUNS:
        return None
    if tok.dep_ == "poss":
        # "Czechia and Albania upgraded their ties": the clause's own subject
        node = tok.head
        while node.head.i != node.i and node.pos_ not in _VERBAL:
            node = node.head
        if node.pos_ in _VERBAL:
            subj = _subject(ctx, node)
            if subj is not None and subj.pos_ != "PRON" and tok not in subj.subtree:
                return subj
    # "X said he ...": the speaker of the reporting verb governing the pronoun.
    node = tok.head
    for _ in range(settings.MODALITY_MAX_CLIMB):
        if node.dep_ == "ccomp" and lemma(node.head) in modality_module.statement_verbs():
            speaker = subject_of(node.head)
            if speaker is not None and speaker.pos_ != "PRON":
                return speaker
        if node.head.i == node.i:
            break
        node = node.head
    # Otherwise the nearest actor before it in the sentence, then the previous sentence's
    # subject.
    sent = tok.sent
    for t in reversed(tok.doc[sent.start : tok.i]):
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON" and _actorish(ctx, t):
            return t
    for t in reversed(tok.doc[sent.start : tok.i]):
        if t.pos_ in _NOMINAL and _actorish(ctx, t) and t.dep_ not in ("compound", "poss"):
            return t
    if sent.start > 0:
        prev = tok.doc[sent.start - 1].sent
        for t in prev:
            if t.dep_ == "nsubj" and t.pos_ != "PRON" and _actorish(ctx, t):
                return t
    return None


def _refs(ctx: _Context, tok: Token | None, *, agent: bool = False) -> list[_Ref]:
    """The actors a noun phrase names, one per conjunct.

    An agent (a subject, a "by" phrase) may be any noun phrase ("thousands protest"); in other
    places only names, role words and pronouns are actors, and a thing stands for its owner
    ("China's assistance" -> China) or for nothing.
    """
    if tok is None:
        return []
    out = []
    for head in _conjuncts(ctx, tok):
        out.extend(_refs_one(ctx, head, agent=agent))
    return out


def _refs_one(ctx: _Context, head: Token, *, agent: bool) -> list[_Ref]:
    pronoun = False
    if head.pos_ == "PRON" or head.lower_ in _RELATIVE_PRONOUNS:
        target = _resolve_pronoun(ctx, head)
        if target is None:
            return []
        head, pronoun = target, True
    if head.ent_type_ in ("DATE", "TIME") and ctx.mention(head) is None:
        return []  # "denounced on Friday": a date is nobody
    if lemma(head) in _generic_roles() and ctx.mention(head) is None:
        inner = _prep_object(head, ("of",))
        if inner is not None and (_is_actor_mention(ctx, inner) or _role_word(inner)):
            return _refs(ctx, inner, agent=agent)  # "members of the Association of ..."
    mention = ctx.mention(head)
    if mention is not None and mention.label not in _ACTOR_LABELS:
        mention = None
    if mention is None and head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return []  # "using the service had helped": a clause or a verb is nobody
    if mention is None and not _role_word(head) and head.pos_ != "PROPN":
        owner = _owner(ctx, head, agent=agent)
        if owner is not None and owner.dep_ in ("compound", "amod", "nmod"):
            # "Russian missile submarine", "tunisian rioters": the people or thing itself,
            # coded with its country.
            code = _country_of_token(ctx, owner)
            if code is not None or _is_actor_mention(ctx, owner) or owner.pos_ == "NOUN":
                start, end = _np_span(ctx, head, None)
                return [_Ref(start, end, country=code, pronoun=pronoun,
                             name=ctx.doc.text[start:end])]  # fmt: skip
        if owner is not None:
            return _refs(ctx, owner)
        if not (agent and (_crowd(ctx, head) or _affiliation_country(ctx, head))):
            return []  # a thing: "the advent of digital technology helped ..."
    split = _split_modifiers(ctx, head)
    if split:
        return split
    start, end = _np_span(ctx, head, mention)
    ref = _Ref(start, end, pronoun=pronoun)
    _fill(ctx, ref, head, mention)
    return [ref]


def _crowd(ctx: _Context, head: Token) -> bool:
    """An agent that is a group of people though no role word names it: "thousands (of ...)
    protested", "opponents of Rwanda's Senate", "demonstrators in Baghdad"."""
    if head.like_num or head.ent_type_ == "CARDINAL" or lemma(head) in _CROWD_WORDS:
        return True
    if head.tag_ not in ("NNS", "NNPS"):
        return False  # "Chinese economic strength" is no group of people
    if any(c.dep_ in ("compound", "amod") and _is_actor_mention(ctx, c) for c in head.children):
        return True  # "Boko Haram fighters", "Hamas negotiators"
    return _modifier_country(ctx, head) is not None


#: Words that count people: "thousands protested", "dozens were arrested".
_CROWD_WORDS = frozenset({"thousand", "hundred", "dozen", "million", "ten", "score", "crowd"})


def _owner(ctx: _Context, head: Token, *, agent: bool = False) -> Token | None:
    """Who a thing belongs to: "China's assistance", "Russian submarine", "staged by X".

    For an agent only a possessor counts: "opponents of Rwanda's Senate" are the opponents.
    """
    named = [
        c for c in head.children
        if c.dep_ in ("compound", "amod", "nmod") and _is_actor_mention(ctx, c)
    ]  # fmt: skip
    for child in head.children:
        if child.dep_ == "poss" and not (child.pos_ == "PRON" and named):
            return child
    if agent:
        return None
    for child in head.children:
        if _participle_prefix(child):
            continue  # "a U.S.-brokered deal" is not the U.S.'s: the U.S. brokered it
        if child.dep_ in ("compound", "amod", "nmod") and (
            _is_actor_mention(ctx, child)
            or _country_of_token(ctx, child)
            or (child.pos_ == "NOUN" and _role_word(child))
        ):
            return child  # "Russian submarine", "rebel positions"
    by = _prep_object(head, ("by", "of"))
    if by is not None and (_actorish(ctx, by) or _owner(ctx, by) is not None):
        return by
    for child in head.children:
        if child.dep_ == "acl":
            agent = _agent(child)
            if agent is not None:
                return agent  # "the demonstration staged by students"
    return None


def _participle_prefix(tok: Token) -> bool:
    """An "<actor>-<participle>" modifier ("U.S.-brokered", "Qatar-mediated"), one token or
    three."""
    if tok.dep_ != "amod":
        return False
    if "-" in tok.text:
        return tok.text.rpartition("-")[2].lower().endswith("ed")
    return tok.tag_ == "VBN" and tok.i >= 2 and tok.doc[tok.i - 1].tag_ == "HYPH"


def _is_actor_mention(ctx: _Context, tok: Token) -> bool:
    m = ctx.mention(tok)
    return m is not None and m.label in ("GPE", "NORP", "ORG", "PERSON")


def _split_modifiers(ctx: _Context, head: Token) -> list[_Ref]:
    """ "Hungarian and Romanian officials": one actor per coordinated nationality."""
    for child in head.children:
        if child.dep_ not in ("amod", "compound", "nmod") or not child.conjuncts:
            continue
        parts = [child, *[c for c in child.conjuncts if c.i > child.i]]
        codes = [_country_of_token(ctx, p) for p in parts]
        if all(codes) and len(set(codes)) > 1:
            start, end = _np_span(ctx, head, None)
            out = []
            for p, code in zip(parts, codes, strict=True):
                ref = _Ref(start, end, country=code)
                _fill(ctx, ref, head, ctx.mention(head))
                ref.country = code
                ref.name = f"{p.text} {head.text}"
                out.append(ref)
            return out
    return []


def _np_span(ctx: _Context, head: Token, mention: Mention | None) -> tuple[int, int]:
    """Character span of an actor's words: the head with its left modifiers."""
    left = head
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "quantmod"):
            left = child.left_edge
            break
    while left.i < head.i and left.pos_ in ("DET", "PUNCT", "CCONJ", "ADP", "PART"):
        left = left.doc[left.i + 1]
    start = left.idx
    end = head.idx + len(head.text)
    if mention is not None:
        start = min(start, mention.span.start)
        end = max(end, mention.span.end)
    return start, _trim_possessive(ctx.doc.text, start, end)


def _trim_possessive(text: str, start: int, end: int) -> int:
    piece = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if piece.endswith(suffix) and len(piece) > len(suffix):
            return end - len(suffix)
    return end


def _country_of_token(ctx: _Context, tok: Token) -> str | None:
    m = ctx.mention(tok)
    if m is not None:
        entity = ctx.entity(m)
        if entity is not None and entity.country:
            return entity.country
        if m.label in ("GPE", "NORP"):
            return country_of(m.span.text)
    if tok.pos_ == "PROPN" or (tok.pos_ == "ADJ" and tok.dep_ in ("amod", "compound")):
        return country_of(tok.text)  # also a demonym NER missed ("tunisian rioters")
    return None


def _fill(ctx: _Context, ref: _Ref, head: Token, mention: Mention | None) -> None:
    """Entity, name, country and sectors of an actor from its mention and modifiers."""
    entity = ctx.entity(mention)
    if entity is None:
        for child in head.children:
            if child.dep_ == "appos":
                m = ctx.mention(child)
                if m is not None and m.label in ("PERSON", "ORG"):
                    entity = ctx.entity(m)
                    break
    if entity is not None:
        ref.entity = entity
        ref.name = entity.name
        ref.country = entity.country
        ref.sectors = tuple(entity.sectors)
    if ref.country is None and mention is not None and mention.label in ("GPE", "NORP"):
        ref.country = country_of(mention.span.text)
    if ref.country is None:
        ref.country = _modifier_country(ctx, head)
    if ref.name is None:
        ref.name = ctx.doc.text[ref.start : ref.end]


def _modifier_country(ctx: _Context, head: Token, depth: int = 0) -> str | None:
    """The country a noun phrase's modifiers name: "Japanese officials", "Japan's negotiator",
    "opponents of Rwanda's Senate", "demonstrators in Baghdad"."""
    for child in head.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "appos"):
            code = _country_of_token(ctx, child)
            if code:
                return code
            if depth < 2 and child.dep_ in ("poss", "compound", "appos"):
                code = _modifier_country(ctx, child, depth + 1)
                if code:
                    return code
    if depth < 2:
        code = _affiliation_country(ctx, head, depth)
        if code:
            return code
    if depth < 2:
        for obj in _prep_objects(head, ("of", "in", "from", "throughout", "across")):
            code = _country_of_token(ctx, obj) or _modifier_country(ctx, obj, depth + 1)
            if code:
                return code
    return None


def _affiliation_country(ctx: _Context, head: Token, depth: int = 0) -> str | None:
    """The country a noun is based in or loyal to: "a group based in Lagos", "a UK-based
    monitor", "fighters loyal to Kabul's rulers"."""
    for child in head.children:
        if child.dep_ not in ("amod", "acl") or not _lemma_in(child, ctx.lex.affiliation_words):
            continue
        places = _prep_objects(child, ("in", "to", "at", "with"))
        places += [c for c in child.children if c.dep_ in ("npadvmod", "compound")]
        for place in places:
            code = _country_of_token(ctx, place) or _modifier_country(ctx, place, depth + 1)
            if code:
                return code
    return None


def _actor(ref: _Ref | None, text: str) -> Actor | None:
    if ref is None:
        return None
    return Actor(
        span=Span.of(text, ref.start, ref.end),
        entity_id=ref.entity.id if ref.entity else None,
        name=ref.name,
        country=ref.country,
        sectors=list(ref.sectors),
    )


# --------------------------------------------------------------------------- building events


@dataclass(slots=True)
class _Roles:
    sources: list[_Ref] = field(default_factory=list)
    targets: list[_Ref] = field(default_factory=list)
    mutual: bool = False
    # Whether the syntax ties the actors to the event (subject, object, "on X", "X's"); an
    # event noun with only a national modifier ("exemptions from the U.S. tariffs") mentions a
    # measure in passing and is not coded as an event.
    anchored: bool = True


def _roles(ctx: _Context, m: _Match) -> _Roles:
    entry = m.entry
    if m.prefix is not None:
        return _prefix_roles(ctx, m)
    if m.deontic_of is not None:
        reporter = m.deontic_of.head
        return _Roles(
            sources=_refs(ctx, _subject(ctx, reporter), agent=True),
            targets=_refs(ctx, _subject(ctx, m.deontic_of), agent=True),
        )
    if entry.pos == "noun":
        roles = _noun_roles(ctx, m)
    elif entry.pos == "adjective":
        roles = _adjective_roles(ctx, m)
    else:
        roles = _verb_roles(ctx, m)
    if not roles.targets and m.complement is not None:
        inner = _roles(ctx, m.complement)
        roles.targets = [r for r in inner.targets if r.key not in {s.key for s in roles.sources}]
    if not roles.targets and m.type == "THREATEN":
        # "warned of retaliation if Washington raises tariffs": the threat is aimed at whoever
        # the condition is on.
        keys = {s.key for s in roles.sources}
        roles.targets = [r for r in _condition_actors(ctx, m.token) if r.key not in keys]
    if not roles.sources and m.type in _PLACE_SOURCE_TYPES and _agentless_passive(m):
        location = _location(ctx, m.holder)
        place = _place_ref(ctx, location) if location is not None else None
        if place is not None and place.key not in {t.key for t in roles.targets}:
            roles.sources = [place]  # "was arrested in Egypt": by Egypt's authorities
    if (
        not roles.targets
        and not roles.mutual
        and m.type in _PLACE_TARGET_TYPES
        and not _stated_undergoer(m)
    ):
        location = _location(ctx, m.holder)
        place = _place_ref(ctx, location) if location is not None else None
        if (
            place is not None
            and place.key not in {s.key for s in roles.sources}
            and country_of(location.text) is not None
        ):
            roles.targets = [place]  # "lifted a curfew in Montenegro"
    return roles


def _stated_undergoer(m: _Match) -> bool:
    """Whether the sentence says what the event is aimed at, though no actor: "rallied in
    Seoul against the tariffs" is against the tariffs (whoever owns them), not against Seoul.

    Only then may the place stand in for the target, and only a country or a seat of
    government stands for the state whose act or territory it is ("protested in Brazil",
    "lifted a curfew in Montenegro"); a city or a region is where it happened, not whom."""
    entry = m.entry
    preps = [p for p in entry.targets if p not in _LOCATION_PREPS]
    if _prep_objects(m.holder, preps):
        return True
    return (
        entry.pos == "verb"
        and entry.objects is None
        and entry.object_kind is None
        and not m.linear
        and _object_slot(m.token) is not None
    )


def _condition_actors(ctx: _Context, tok: Token) -> list[_Ref]:
    """The actors a condition on the trigger's clause, or on a clause it governs, is about."""
    heads = [tok, *(t for t in tok.subtree if t.dep_ in ("ccomp", "xcomp") and t.pos_ in _VERBAL)]
    for head in heads:
        clause = modality_module.condition_clause(head)
        if clause is not None:
            refs = _refs(ctx, _subject(ctx, clause), agent=True)
            if refs:
                return refs
    return []


def _reduced_passive(tok: Token) -> bool:
    """A participle with a "by" agent modifying a noun: "a truce brokered by Qatar"."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and _agent(tok) is not None


def _agentless_passive(m: _Match) -> bool:
    """A passive trigger ("was detained") or a noun a passive verb carries ("was put under
    investigation") with no "by" agent."""
    tok = m.holder
    verb = _governing_verb(tok) if m.entry.pos == "noun" else tok
    return verb is not None and is_passive(verb) and _agent(verb) is None


def _verb_roles(ctx: _Context, m: _Match) -> _Roles:
    tok, entry = m.token, m.entry
    if m.linear:
        subj = _subject(ctx, tok) if tok.dep_ != "dobj" else None
        return _Roles(
            sources=_refs(ctx, subj or _linear_subject(tok), agent=True),
            targets=[] if entry.objects else _refs(ctx, _linear_object(tok)),
        )
    passive = is_passive(tok) or _reduced_passive(tok)
    obj = _unpartitive(_object_slot(tok))
    if passive:
        # "killed by a roadside bomb": a thing is no agent (unless someone owns it)
        sources = _refs(ctx, _agent(tok))
    elif tok.dep_ == "acl":
        sources = _refs(ctx, _subject(ctx, tok))  # "a law recognizing ...": no actor
    else:
        sources = _refs(ctx, _subject(ctx, tok), agent=True)
    if not sources and entry.subjects is not None:
        # "Turkish aid arrived", "aid from Jordan reached Gaza": the subject is a thing, and
        # whoever it comes from or belongs to does the act.
        thing = subject_of(tok)
        if thing is not None:
            froms = _prep_objects(thing, entry.sources)
            sources = [r for o in froms for r in _refs(ctx, o, agent=True)] or _refs(ctx, thing)
    targets: list[_Ref] = []
    if entry.objects is None and entry.object_kind != "none":
        targets = _refs(ctx, obj)
        for child in tok.children:
            if child.dep_ == "dative" and child.pos_ in _NOMINAL | {"PRON"}:
                targets = _refs(ctx, child) or targets  # "gave the dissidents asylum"
    if not targets and (
        entry.complement in ("demand", "appeal", "reject", "threat") or entry.type == "ACCUSE"
    ):
        # "alleges Yoon sought ...", "demanded that its partners refuse ...": the clause's
        # subject.
        for child in tok.children:
            if child.dep_ == "ccomp":
                targets = _refs(ctx, _subject(ctx, child), agent=True)
            if targets:
                break
    if not targets:
        places = [tok] + ([obj] if obj is not None else [])
        for holder in places:
            objs = _prep_objects(holder, entry.targets)
            targets = [r for o in objs for r in _refs(ctx, o)]
            if targets:
                break
    if not targets and entry.objects is not None and obj is not None:
        # "recall parliament", "expel diplomats": the object is the target; "captured part
        # of a guerrilla stronghold": its owner is.
        targets = _refs(ctx, obj)
    if not targets and obj is not None:
        # "lift embargoes on sales to Iran", "welcomed the agreement between Serbia and Kosovo"
        targets = _nested_targets(ctx, obj, (*entry.targets, "between"))
    if not targets and entry.complement and m.complement is None:
        # "threatened to deliver blows to the United States", "declined to halt Trump's
        # project": the actors of the infinitive the subject would carry out
        deps = ("xcomp",) if entry.complement == "intent" else ("xcomp", "ccomp")
        clause = next((c for c in tok.children if c.dep_ in deps and c.pos_ in _VERBAL), None)
        if clause is not None:
            targets = _refs(ctx, _unpartitive(_object_slot(clause))) or _nested_targets(
                ctx, clause, _CLAUSE_TARGET_PREPS
            )
    if not targets and not passive and tok.dep_ != "acl":
        # "opponents of the governor marched": the one they oppose
        subj = _subject(ctx, tok)
        if subj is not None and lemma(subj) in ctx.lex.adversary_nouns:
            targets = _refs(ctx, _prep_object(subj, ("of",)))
    if not targets and entry.type == "PROTEST":
        # "blocked a road to show their disapproval for the United States' policies"
        for child in tok.children:
            if child.dep_ == "advcl" and _purpose(child):
                targets = _nested_targets(ctx, child, _PURPOSE_TARGET_PREPS)
                break
    keys = {r.key for r in sources}
    targets = [t for t in targets if t.key not in keys]
    mutual = entry.mutual and not targets and len(sources) > 1
    if not targets and passive and tok.dep_ == "acl" and lemma(tok.head) in ctx.lex.nouns:
        # "reached a deal brokered by the United States": the broker acts on the parties
        targets = [t for t in _parties(ctx, tok.head) if t.key not in keys]
    if not targets and "between" in entry.targets:
        between = _prep_object(tok, ("between",)) or (
            _prep_object(obj, ("between",)) if obj is not None else None
        )
        pair = _refs(ctx, between)
        if len(pair) > 1:
            return _Roles(sources=sources, targets=pair, mutual=False)
    return _Roles(sources=sources, targets=targets, mutual=mutual)


_CLAUSE_TARGET_PREPS = ("to", "against", "on", "with", "in", "toward", "towards", "into")
_PURPOSE_TARGET_PREPS = ("for", "against", "over", "at", "to", "of", "by")


def _nested_targets(ctx: _Context, root: Token, preps: Iterable[str]) -> list[_Ref]:
    """Target prepositions a little deeper in a phrase: "lift embargoes on sales to Iran",
    "a suspension of air links with Serbia"."""
    wanted = set(preps)
    frontier = [root]
    for _ in range(3):
        nxt = []
        for t in frontier:
            obj = _unpartitive(_object_slot(t)) if t.pos_ in _VERBAL else None
            if obj is not None:
                nxt.append(obj)
            for child in t.children:
                if child.dep_ not in ("prep", "agent"):
                    continue
                for o in child.children:
                    if o.dep_ not in ("pobj", "pcomp"):
                        continue
                    if child.lower_ in wanted:
                        refs = _refs(ctx, o)
                        if refs:
                            return refs
                    nxt.append(o)
        frontier = nxt
    return []


def _noun_roles(ctx: _Context, m: _Match) -> _Roles:
    entry = m.entry
    tok = m.holder
    lex = ctx.lex
    sources: list[_Ref] = []
    targets: list[_Ref] = []
    # Explicit owners first: "Ukraine's concession", "support from Moscow".
    for child in tok.children:
        if child.dep_ == "poss":
            sources = _refs(ctx, child)
    if not sources:
        objs = _prep_objects(tok, [p for p in entry.sources if p not in entry.targets])
        sources = [r for o in objs for r in _refs(ctx, o, agent=True)]
    modifier_refs = _modifier_refs(ctx, tok)
    if not sources and "of" not in entry.targets and entry.objects is None:
        of = _prep_object(tok, ("of",))
        if of is not None and (_actorish(ctx, of) or _is_actor_mention(ctx, of)):
            sources = _refs(ctx, of)
    # The verb that carries the noun: "China struck a truce", "Japan faces tariffs".
    verb = _governing_verb(tok)
    if verb is not None and _under(tok):
        # "X was put under investigation by Y", "the convoy came under attack from rebels":
        # who is put under it undergoes the event; an agent or "from" object does it
        undergoer = _object_slot(verb)
        targets = (
            _refs(ctx, undergoer)
            if undergoer is not None
            else _refs(ctx, _subject(ctx, verb), agent=True)
        )
        if not sources:
            sources = _refs(ctx, _agent(verb), agent=True) or [
                r for o in _prep_objects(verb, ("from",)) for r in _refs(ctx, o, agent=True)
            ]
    elif verb is not None:
        vl = lemma(verb)
        if vl in lex.undergoer_verbs or vl in lex.causative_verbs:
            targets = targets or _refs(ctx, _subject(ctx, verb))
        elif not sources and (
            vl in lex.light_verbs or vl in modality_module.cues().plan_verbs or not modifier_refs
        ):
            # A light or planning verb's subject does the noun's act ("Korea Zinc plans a U.S.
            # investment"); another verb's subject need not ("Ukraine repelled a Russian
            # attack"), so there the noun's own modifiers come first.
            if is_passive(verb) and tok.dep_ == "nsubjpass":
                sources = _refs(ctx, _agent(verb), agent=True)
            else:
                sources = _refs(ctx, _subject(ctx, verb), agent=True)
    elif not sources and not modifier_refs and tok.dep_ == "pobj":
        prep = tok.head
        holder = prep.head
        if prep.lower_ in ("during", "in", "at") and (
            holder.pos_ in _VERBAL and not is_passive(holder)
        ):
            sources = _refs(ctx, _subject(ctx, holder), agent=True)  # "during a visit, X raised"
    # Targets: prepositions of the noun ("sanctions on Iran"), else a modifier country once the
    # source is known ("Russian strike" is a source; "Korea Zinc's U.S. investment" a target).
    if not targets:
        objs = _prep_objects(tok, entry.targets)
        targets = [r for o in objs for r in _refs(ctx, o)]
    if (
        not targets
        and verb is not None
        and (lemma(verb) in lex.light_verbs or lemma(verb) in modality_module.cues().plan_verbs)
    ):
        # "opened investigations against 28 officials": the preposition hangs on the verb
        targets = [r for o in _prep_objects(verb, entry.targets) for r in _refs(ctx, o)]
    if not targets:
        targets = _nested_targets(ctx, tok, entry.targets)  # "suspension of links with Serbia"
    anchored = bool(sources or targets) or tok.dep_ == "ROOT" or verb is not None
    mutual = False
    if modifier_refs:
        if len(modifier_refs) > 1 and entry.mutual and not sources:
            sources, mutual = modifier_refs, True
        elif not sources:
            sources = modifier_refs
        elif not targets:
            keys = {s.key for s in sources} | {s.country for s in sources if s.country}
            targets = [r for r in modifier_refs if r.key not in keys and r.country not in keys]
    if not targets and "between" in entry.targets:
        pair = _refs(ctx, _prep_object(tok, ("between",)))
        if len(pair) > 1:
            return _Roles(sources=pair[:1], targets=pair[1:])
    if entry.mutual and not targets and len(sources) > 1:
        mutual = True
    return _Roles(sources=sources, targets=targets, mutual=mutual, anchored=anchored)


def _modifier_refs(ctx: _Context, noun: Token) -> list[_Ref]:
    """Actors named by a noun's modifiers: "U.S. tariffs", "Israeli strikes", "U.S.-Japan talks"."""
    out: list[_Ref] = []
    for child in noun.lefts:
        if child.dep_ not in ("compound", "amod", "nmod", "npadvmod", "dep"):
            continue
        if "-" in child.text and child.pos_ != "VERB":
            parts = _hyphen_countries(ctx, child)
            if len(parts) > 1:
                out.extend(parts)
                continue
        if _is_actor_mention(ctx, child):
            for c in [child, *[c for c in child.conjuncts if c.i > child.i]]:
                out.extend(_refs(ctx, c)[:1])
    return out


def _hyphen_countries(ctx: _Context, tok: Token) -> list[_Ref]:
    """ "U.S.-Japan": one actor per country named on either side of the hyphen."""
    out = []
    offset = tok.idx
    for part in tok.text.split("-"):
        code = country_of(part) if part else None
        if code is None:
            return []
        out.append(_Ref(offset, offset + len(part), country=code, name=part))
        offset += len(part) + 1
    return out


def _adjective_roles(ctx: _Context, m: _Match) -> _Roles:
    tok, entry = m.token, m.entry
    holder = tok.head if tok.dep_ in ("acomp", "amod", "oprd") else tok
    subj = _subject(ctx, holder) if holder.i != tok.i else _subject(ctx, tok)
    if subj is None and tok.dep_ in ("ccomp", "ROOT"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "compound")), None)
    if subj is None and tok.dep_ == "ccomp":
        subj = next((c for c in tok.children if c.pos_ in _NOMINAL), None)
    if entry.subject_is_target:
        hosts = _prep_objects(tok, entry.sources)
        sources = [r for o in hosts for r in _refs(ctx, o)]
        return _Roles(sources=sources, targets=_refs(ctx, subj, agent=True))
    targets = [r for o in _prep_objects(tok, entry.targets) for r in _refs(ctx, o)]
    return _Roles(sources=_refs(ctx, subj, agent=True), targets=targets)


def _prefix_roles(ctx: _Context, m: _Match) -> _Roles:
    """ "U.S.-brokered deal": the U.S. acts on the deal's parties; "Iran-backed rebels": on
    the rebels."""
    assert m.prefix is not None
    noun = m.token.head
    if _actorish(ctx, noun):
        return _Roles(sources=[m.prefix], targets=_refs(ctx, noun))
    return _Roles(sources=[m.prefix], targets=_parties(ctx, noun))


def _parties(ctx: _Context, noun: Token) -> list[_Ref]:
    """The parties of a deal or truce someone else brokered: the subject of the verb that
    carries it ("Israel and Hamas signed a U.S.-brokered deal")."""
    holder = noun.head
    while holder.pos_ not in _VERBAL and holder.head.i != holder.i:
        holder = holder.head  # "frees four soldiers in a Qatar-brokered deal"
    if holder.pos_ not in _VERBAL or holder.i == noun.i:
        return []
    return _refs(ctx, _subject(ctx, holder), agent=True)


def _events_of(ctx: _Context, m: _Match, sent: SpacySpan, extractor: str) -> list[Event]:
    if modality_module.in_condition(m.token):
        return []  # "if it is attacked", "unless a deal is reached": a condition, not an event
    roles = _roles(ctx, m)
    if not roles.anchored or (m.entry.needs_target and not roles.targets):
        return []
    pairs: list[tuple[_Ref | None, _Ref | None]]
    if roles.mutual:
        pairs = list(itertools.combinations(roles.sources, 2))[: settings.EVENT_MAX_MUTUAL_PAIRS]
    else:
        sources: list[_Ref | None] = list(roles.sources) or [None]
        targets: list[_Ref | None] = list(roles.targets) or [None]
        pairs = [
            (s, t)
            for s, t in itertools.product(sources, targets)
            if s is None or t is None or s.key != t.key
        ]
    assessment = modality_module.assess(m.token, headline=ctx.headline)
    location = _location(ctx, m.holder)
    kind, code = m.type, m.cameo
    modality = assessment.modality
    if m.deontic_of is not None:
        modality = "asserted"  # the demand was made; its speaker is its source already
    elif (
        modality == "conditional"
        and kind in CONFLICT_TYPES
        and _announced_future(_clause_head(m.token))
    ):
        # "will withdraw its force unless ...": a threat (CAMEO 13), made now.
        kind, code = "THREATEN", ctx.lex.refine("threat", code)
        modality = "reported" if assessment.source is not None else "asserted"
    elif modality == "conditional" and kind == "THREATEN":
        # "warned of retaliation if ...": the condition is part of the threat, which was made
        modality = "reported" if assessment.source is not None else "asserted"
    elif modality in ("planned", "hypothetical", "conditional") and _own_commitment(ctx, m, roles):
        # "The rebels said they will release the minister": the speakers commit themselves,
        # which CAMEO codes as an expression of intent (03) or, for a hostile act, a threat.
        if cooperative(code):
            kind, code = "AGREE", ctx.lex.refine("intent", code)
        else:
            kind, code = "THREATEN", ctx.lex.refine("threat", code)
        modality = "asserted"
    date, origin = _date(ctx, m.token)
    source = _refs(ctx, assessment.source, agent=True)[:1] if assessment.source else []
    if m.deontic_of is not None:
        source = []
    text = ctx.doc.text
    sentence = _sentence_span(ctx, sent)
    events = []
    for a1, a2 in pairs:
        if a1 is None and a2 is None:
            continue
        if a1 is not None and a1.country is None and location is not None and a1.entity is None:
            place = _place_ref(ctx, location)
            if place is not None:
                a1.country = place.country  # "thousands protest in Brazil"
        events.append(
            Event(
                trigger=Span.of(text, m.start, m.end),
                sentence=sentence,
                type=kind,
                mode=_mode(m, kind),
                cameo=code,
                quad_class=quad_class(code),
                goldstein=ctx.lex.goldstein(code),
                actor1=_actor(a1, text),
                actor2=_actor(a2, text),
                source=_actor(source[0], text) if source else None,
                location=location,
                date=date,
                date_origin=origin,
                modality=modality,
                confidence=_confidence(m, a1, a2),
                extractor=extractor,
            )
        )
    return events


def _mode(m: _Match, kind: str) -> str | None:
    if kind == m.entry.type:
        return m.entry.mode
    inner = m.complement
    if m.entry.complement == "act" and inner is not None and kind == inner.entry.type:
        return inner.entry.mode  # "retaliated with tariffs": the tariffs' mode
    return None


def _own_commitment(ctx: _Context, m: _Match, roles: _Roles) -> bool:
    """Whether the event is its own actor's stated future act ("X said it will ...")."""
    if m.type in ("AGREE", "THREATEN", "REQUEST", "REJECT") or not roles.sources:
        return False
    clause = _clause_head(m.token)
    if not _announced_future(clause):
        return False
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or lemma(clause.head) not in modality_module.statement_verbs():
        return False
    speaker = _subject(ctx, clause.head)
    if speaker is None:
        return False
    speakers = _refs(ctx, speaker, agent=True)
    keys = {r.key for r in speakers} | {(r.start, r.end) for r in speakers}
    return any(r.key in keys or (r.start, r.end) in keys for r in roles.sources)


def _announced_future(tok: Token) -> bool:
    cues = modality_module.cues()
    node = tok
    for _ in range(3):
        for child in node.children:
            if child.dep_ == "aux" and (
                child.lower_ in cues.future_aux or child.lower_ in cues.hypothetical_aux
            ):
                return True
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return False


def _place_ref(ctx: _Context, location: Span) -> _Ref | None:
    """The place an event happened in as its target: a country, a city ("Abidjan"), a
    region ("East Jerusalem")."""
    code = country_of(location.text)
    entity = None
    for tok in ctx.parsed.char_span(location.start, location.end, alignment_mode="expand") or []:
        m = ctx.mention(tok)
        if m is not None and m.label in _PLACE_LABELS:
            entity = ctx.entity(m)
            if entity is not None and entity.country:
                code = entity.country
            break
    if code is None and entity is None:
        return None
    name = entity.name if entity is not None else location.text
    return _Ref(location.start, location.end, entity=entity, country=code, name=name)


def _confidence(m: _Match, a1: _Ref | None, a2: _Ref | None) -> float:
    if m.linear:
        score = settings.EVENT_CONFIDENCE_LINEAR
    elif m.entry.pos == "noun":
        score = settings.EVENT_CONFIDENCE_NOUN
    elif m.entry.phrase:
        score = settings.EVENT_CONFIDENCE_PHRASE
    else:
        score = settings.EVENT_CONFIDENCE_VERB
    for ref in (a1, a2):
        if ref is None:
            score -= settings.EVENT_CONFIDENCE_MISSING_ACTOR
        elif ref.pronoun:
            score -= settings.EVENT_CONFIDENCE_PRONOUN
    return round(max(0.05, min(1.0, score)), 2)


def _sentence_span(ctx: _Context, sent: SpacySpan) -> Span:
    for s in ctx.doc.sentences:
        if s.start <= sent.start_char < s.end or sent.start_char <= s.start < sent.end_char:
            return s
    return Span.of(ctx.doc.text, sent.start_char, sent.end_char)


def _location(ctx: _Context, tok: Token) -> Span | None:
    holders = [tok]
    if tok.pos_ in _NOMINAL:
        verb = _governing_verb(tok)
        if verb is not None:
            holders.append(verb)
    for holder in holders:
        for obj in _prep_objects(holder, _LOCATION_PREPS):
            place = _place_of(ctx, obj)
            if place is not None:
                return place
    return None


def _place_of(ctx: _Context, tok: Token, depth: int = 0) -> Span | None:
    m = ctx.mention(tok)
    if m is not None and m.label in _PLACE_LABELS:
        return m.span
    if depth < 2:
        # "the town of Cizre", "this jail in northern Israel"
        for inner in _prep_objects(tok, ("of", "in", "near")):
            place = _place_of(ctx, inner, depth + 1)
            if place is not None:
                return place
    return None


def _date(ctx: _Context, tok: Token) -> tuple[TimeExpr | None, str]:
    clause = _clause_head(tok)
    tokens = _clause_tokens(clause, tok)
    best: TimeExpr | None = None
    best_gap = None
    parsed = ctx.parsed
    for t in ctx.times:
        span = parsed.char_span(t.span.start, t.span.end, alignment_mode="expand")
        if span is None or not any(x.i in tokens for x in span):
            continue
        gap = abs(span.start - tok.i)
        if best_gap is None or gap < best_gap:
            best, best_gap = t, gap
    if best is not None:
        return best, "text"
    published = ctx.doc.published.date
    if published:
        return (
            TimeExpr(span=Span.of(ctx.doc.text, 0, 0), value=published, granularity="day",
                     anchor=published),
            "published",
        )  # fmt: skip
    return None, "unknown"


def _clause_head(tok: Token) -> Token:
    if tok.pos_ in _NOMINAL:
        verb = _governing_verb(tok)
        if verb is not None:
            return verb
        node = tok
        while node.dep_ in ("pobj", "prep", "pcomp") and node.head.i != node.i:
            node = node.head
        return node if node.pos_ in _VERBAL else tok
    return tok


def _clause_tokens(clause: Token, trigger: Token) -> set[int]:
    path = {t.i for t in trigger.ancestors} | {trigger.i}
    out: set[int] = set()
    stack = [clause]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for child in t.children:
            if child.dep_ in _EMBEDDED_DEPS and child.i not in path:
                continue
            stack.append(child)
    return out


# --------------------------------------------------------------------------- merging


def _merge(ctx: _Context, events: list[tuple[_Match, Event]]) -> list[Event]:
    """One event per (trigger, actors); a noun event inside a same-type verb event's clause
    ("killed in an air strike by government forces") adds its actors to the verb's."""
    kept: list[tuple[_Match, Event]] = []
    # Verb events first, so a noun event in a verb's prepositional phrase can join it.
    for m, ev in sorted(events, key=lambda pair: (pair[0].entry.pos == "noun", pair[0].token.i)):
        host = None
        for km, kev in kept:
            if kev.type == ev.type and _attached(m.token, km.token):
                host = kev
                break
        if host is not None:
            if host.actor1 is None and ev.actor1 is not None:
                host.actor1 = ev.actor1
            if host.actor2 is None and ev.actor2 is not None:
                host.actor2 = ev.actor2
            if ev.cameo and host.cameo and len(ev.cameo) > len(host.cameo):
                host.cameo, host.goldstein = ev.cameo, ev.goldstein
            continue
        kept.append((m, ev))
    seen: set[tuple[Any, ...]] = set()
    out = []
    for _, ev in kept:
        key = (
            ev.trigger.start,
            ev.type,
            ev.actor1.span.start if ev.actor1 else None,
            ev.actor1.country if ev.actor1 else None,
            ev.actor2.span.start if ev.actor2 else None,
            ev.actor2.country if ev.actor2 else None,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
    return sorted(out, key=lambda ev: ev.trigger.start)


def _attached(inner: Token, outer: Token) -> bool:
    """Whether `inner` is a noun in a prepositional phrase of `outer` ("killed in a strike")."""
    return (
        inner.pos_ in _NOMINAL
        and inner.dep_ == "pobj"
        and inner.head.dep_ == "prep"
        and inner.head.head == outer
    )
