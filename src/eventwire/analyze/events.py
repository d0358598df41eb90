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

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import DEP
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze import modality as modality_module
from eventwire.analyze import relevance as relevance_module
from eventwire.analyze import resolver as rs
from eventwire.analyze.base import PageContext
from eventwire.analyze.event_lexicon import (
    Entry,
    cooperative,
    lexicon,
    quad_class,
)
from eventwire.analyze.modality import is_passive, lemma, subject_of
from eventwire.model import Document, Event, Span, TimeExpr

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
_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: spaCy entity types that are dates or numbers: "the fiscal year ending March" is no march.
_NUMERIC_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
#: Types whose target, when the sentence names none, is the place the event happened in
#: ("lifted a curfew in Montenegro", "protested in Brazil"); talks in Geneva are not with it.
_PLACE_TARGET_TYPES = frozenset(
    {"CONCEDE", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "RETREAT", "ASSAULT"}
)
#: Acts a state carries out: an agentless passive of one in a named place ("was arrested in
#: Egypt", "was put under investigation in Italy") is the act of that place's authorities.
_PLACE_SOURCE_TYPES = frozenset({"ACCUSE", "COERCE", "SANCTION"})


# --------------------------------------------------------------------------- the lexicon


# --------------------------------------------------------------------------- countries


# --------------------------------------------------------------------------- document context


@dataclass(slots=True)
class _Match:
    """A trigger: the token, the entry it matched and how."""

    token: Token
    entry: Entry
    linear: bool = False  # a headline verb the parser took for a noun
    start: int = -1  # character span of the trigger (a part of a hyphenated word)
    end: int = -1
    prefix: rs.Ref | None = None  # "U.S." of "U.S.-brokered"
    cameo: str = ""
    type: str = ""
    complement: _Match | None = None
    consumed: bool = False
    deontic_of: Token | None = None  # the clause of "X said Y must ..."
    arg: Token | None = None  # where the arguments hang: "effort" in "mediation effort"
    # A noun the parser took for a verb ("announced travel bans and asset freezes on ..."):
    # the verb that really carries it, and the noun whose prepositions it shares
    carrier: Token | None = None
    sibling: Token | None = None

    @property
    def holder(self) -> Token:
        return self.arg if self.arg is not None else self.token


# --------------------------------------------------------------------------- the analyzer


class EventAnalyzer:
    """Codes events (PLOVER + CAMEO, with modality) into `Document.events`."""

    name = "events"
    version = "0.2"
    requires = ("mentions", "entities", "times")
    assigns = ("events",)

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        lex = lexicon()
        ctx = rs.DocContext(doc, parsed, lex)
        extractor = f"{self.name}/{self.version}"
        dateline = dateline_end(doc.text)
        # Whether the story is about sport, culture, business results, ... (analyze/relevance)
        words = modality_module.doc_words(parsed)
        relevance = relevance_module.judge(doc, parsed, words=words)
        hits = _lexicon_hits(parsed, lex.keys, words)
        starts = [i for i, _, _ in hits]
        for sent in parsed.sents:
            lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            events = _code_sentence(ctx, sent, extractor, hits[lo:hi])
            events = [e for e in events if relevance.keeps(e, sent)]
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


def _lexicon_hits(
    parsed: Doc, keys: frozenset[str], words: tuple[list[str], list[str]]
) -> list[tuple[int, bool, bool]]:
    """The tokens the sentence pass looks at, as (index, is a clause complement, may start
    a trigger: a lexicon word or a hyphenated one), in document order.

    Found once per document from plain word lists: most tokens are neither, and making
    each a `Token` to read its words would cost more than all the rest of the pass."""
    lowers, lemmas = words
    ccomp = parsed.vocab.strings["ccomp"]
    deps = parsed.to_array(DEP).tolist()
    out = []
    for i, low in enumerate(lowers):
        key = low in keys or lemmas[i] in keys or "-" in low
        if key or deps[i] == ccomp:
            out.append((i, deps[i] == ccomp, key))
    return out


def _code_sentence(
    ctx: rs.DocContext, sent: SpacySpan, extractor: str, hits: list[tuple[int, bool, bool]]
) -> list[Event]:
    """The events of one sentence; `hits` are its tokens from `_lexicon_hits`."""
    matches: dict[int, _Match] = {}
    clauses: list[Token] = []  # clause complements: candidates for "X said Y must ..."
    doc = sent.doc
    for i, clause, key in hits:  # the one pass over the sentence's tokens
        tok = doc[i]
        if clause:
            clauses.append(tok)
        if not key:
            continue
        if _in_title(ctx, tok, sent):
            continue  # "the film Why We Fight", "the Stop the War Coalition"
        m = _match(ctx, tok, sent)
        if m is not None:
            if m.type == "ASSAULT" and _verbal_attack(ctx, m):
                m.type, m.cameo = "ACCUSE", "111"  # "attacked the plans": criticism
            matches[tok.i] = m
    if clauses:
        _deontic_requests(ctx, clauses, matches)
    if not matches:
        return []
    _shared_misparse(matches)
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


def _in_title(ctx: rs.DocContext, tok: Token, sent: SpacySpan) -> bool:
    """A capitalised common word inside a running-text sentence is part of a name or a
    title ("the documentary Why We Fight", "the Stop the War Coalition"), not an event."""
    text = tok.text
    if ctx.headline or tok.i == sent.start or not text[:1].isupper() or text.isupper():
        return False
    if not text.isalpha():
        return False  # "U.S.-brokered": a name and the participle it governs
    if tok.pos_ == "PROPN" and tok.lemma_.lower() not in ctx.lex.verbs:
        return False  # a name the lexicon reads as a noun is handled by _inside_name
    before = tok.doc[tok.i - 1]
    if before.is_punct and before.text in ('"', "“", "‘", "'", ":", "(", "-", "–", "—"):
        return False  # a quotation or a list item starts here
    words = [t for t in sent if t.is_alpha]
    titled = sum(t.text[:1].isupper() for t in words)
    return titled * 2 < len(words)  # a sentence in title case is a headline, read as such


def _verbal_attack(ctx: rs.DocContext, m: _Match) -> bool:
    """Whether an ASSAULT word is an attack in words (`verbal_attack` in the lexicon): on
    what people say or decide, "as"/"over" a fault, qualified as verbal, or by one person
    who is not armed and names no weapon."""
    va = ctx.lex.verbal_attack
    tok = m.token
    if va is None or lemma(tok) not in va.triggers or m.prefix is not None:
        return False
    verb = tok.pos_ in rs.VERBAL
    if verb:
        obj = rs.object_slot(tok)
        heads = [obj] if obj is not None else []
    else:
        heads = rs.prep_objects(tok, ("on", "upon", "against"))
    for h in heads:
        if any(rs.lemma_in(x, va.objects) for x in (h, *h.conjuncts)):
            return True
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "advmod") and rs.lemma_in(child, va.modifiers):
            return True
        if child.dep_ == "oprd" or (
            verb
            and child.dep_ == "prep"
            and child.lower_ in va.frames
            and not any(g.dep_ == "amod" and g.lower_ == "such" for g in child.children)
            and tok.doc[child.i - 1].lower_ != "such"
            and any(
                g.dep_ in ("pobj", "pcomp") and g.ent_type_ not in _NUMERIC_ENTS
                for g in child.children
            )
        ):
            return True
    if any(c.dep_ == "prep" and c.lower_ in va.instruments for c in tok.children):
        return False  # "attacked the guards with knives"
    if verb and not is_passive(tok):
        who = rs.subject(ctx, tok)
    else:
        who = next((c for c in tok.children if c.dep_ == "poss"), None)
    if who is None or who.tag_ in ("NNS", "NNPS"):
        return False  # groups attack with arms as often as with words
    mention = ctx.mention(who)
    person = (mention is not None and mention.label == "PERSON") or rs.lemma_in(who, va.speakers)
    if not person:
        return False
    sectors = {s for r in rs.refs(ctx, who, agent=True) for s in r.sectors}
    return not sectors & va.armed_sectors


def _match(ctx: rs.DocContext, tok: Token, sent: SpacySpan) -> _Match | None:
    lex = ctx.lex
    low = lemma(tok)
    pos = tok.pos_
    if tok.tag_ == "VBN" and tok.lower_ in lex.adjectives and _copular(tok):
        # "Israel is opposed to", "Japan is prepared to": a state, not a passive act
        hit = _first(ctx, tok, lex.adjectives[tok.lower_])
        if hit is not None:
            return hit
    if tok.tag_ == "VBZ":
        carrier = _misparsed_noun(ctx, tok)
        if carrier is not None:
            hit = _first(ctx, tok, lex.nouns[low])
            if hit is not None:
                hit.carrier = carrier
                return hit
    if pos in rs.VERBAL and tok.dep_ != "amod":  # "the alleged attack" alleges nothing
        entries = lex.verbs.get(low) or lex.verbs.get(tok.lower_)
        if entries:
            return _first(ctx, tok, entries)
    if tok.dep_ == "amod" and tok.i >= 2 and tok.doc[tok.i - 1].tag_ == "HYPH":
        return _hyphen_participle(ctx, tok)  # "Qatar-brokered" parsed as three words
    if tok.dep_ in ("acomp", "ccomp", "oprd") and tok.pos_ != "VERB":
        entries = lex.adjectives.get(tok.lower_)
        if entries:
            return _first(ctx, tok, entries)
    if pos in rs.NOMINAL:
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


def _misparsed_noun(ctx: rs.DocContext, tok: Token) -> Token | None:
    """The light verb that carries a plural event noun the parser took for a verb:
    "imposed travel bans and asset freezes on ..." is read as "[travel bans and asset]
    freezes [on ...]", a clause whose plural or coordinated subject disagrees with its
    singular verb. Only a word the lexicon knows as an event noun, under a light verb, with
    no auxiliary or subordinator of its own, is read back as the noun."""
    lex = ctx.lex
    head = tok.head
    if (
        lemma(tok) not in lex.nouns
        or tok.dep_ not in ("ccomp", "conj", "dobj", "xcomp")
        or head.pos_ not in rs.VERBAL
        or lemma(head) not in lex.light_verbs
    ):
        return None
    if any(c.dep_ in ("aux", "auxpass", "mark", "neg") for c in tok.children):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ not in rs.NOMINAL or lemma(subj) not in lex.nouns:
        return None
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    return head if plural else None


def _shared_misparse(matches: dict[int, _Match]) -> None:
    """The subject nouns of a misparsed noun ("travel bans" of "... asset freezes on X")
    are carried by the same verb and share its prepositions."""
    for m in list(matches.values()):
        if m.carrier is None:
            continue
        for child in m.token.children:
            if child.dep_ != "nsubj":
                continue
            for noun in (child, *child.conjuncts):
                other = matches.get(noun.i)
                if other is not None and other.carrier is None:
                    other.carrier, other.sibling = m.carrier, m.token


def _copular(tok: Token) -> bool:
    return any(c.dep_ == "auxpass" and lemma(c) == "be" for c in tok.children) and not any(
        c.dep_ == "agent" for c in tok.children
    )


def _first(
    ctx: rs.DocContext, tok: Token, entries: tuple[Entry, ...], *, linear: bool = False
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


def _fits(ctx: rs.DocContext, tok: Token, entry: Entry, *, linear: bool) -> bool:
    if entry.plural and not tok.tag_.endswith("S"):
        return False
    if entry.particle is not None and not _has_particle(tok, entry.particle):
        obj = rs.object_slot(tok) if entry.pos == "verb" else None
        # "raised the dispute with China": the preposition may hang on the object
        if obj is None or not any(
            c.dep_ == "prep" and c.lower_ == entry.particle for c in obj.children
        ):
            return False
    if entry.not_complement:
        clause = _clause_complement(tok)
        if clause is not None and rs.lemma_in(clause, entry.not_complement):
            return False  # "declined to comment"
    if entry.pos == "verb":
        obj = rs.object_slot(tok) if not linear else _linear_object(tok)
        obj = _unpartitive(obj)
        if entry.object_kind == "none" and obj is not None:
            return False
        if entry.object_kind == "actor" and (obj is None or not rs.actorish(ctx, obj)):
            return False
        if entry.object_kind == "actor|none" and obj is not None and not rs.actorish(ctx, obj):
            return False
        if entry.objects is not None and (obj is None or not _object_in(obj, entry.objects)):
            return False
        if entry.subjects is not None:
            subj = _unpartitive(subject_of(tok))
            if subj is None or not rs.lemma_in(subj, entry.subjects):
                return False
    elif entry.pos == "noun":
        if entry.modifiers is not None and not any(
            c.dep_ in ("compound", "amod", "nmod") and rs.lemma_in(c, entry.modifiers)
            for c in tok.children
        ):
            return False
        if entry.verbs is not None:
            verb = _governing_verb(tok)
            if verb is None or lemma(verb) not in entry.verbs:
                return False
        if entry.objects is not None:
            of = rs.prep_object(tok, ("of", "on"))
            if of is None or not rs.lemma_in(of, entry.objects):
                return False
    return True


def _object_in(obj: Token, words: frozenset[str]) -> bool:
    """The object or one of its compound modifiers ("the ceasefire agreement")."""
    return rs.lemma_in(obj, words) or any(
        c.dep_ == "compound" and rs.lemma_in(c, words) for c in obj.children
    )


_PARTITIVES = frozenset(
    {"part", "some", "most", "all", "portion", "much", "rest", "half", "many",
     # "thousands of workers went on strike": the people counted
     "thousand", "million", "hundred", "dozen", "score"}
)  # fmt: skip


def _unpartitive(obj: Token | None) -> Token | None:
    """ "part of a military aid program" -> the program."""
    if obj is not None and lemma(obj) in _PARTITIVES:
        inner = rs.prep_object(obj, ("of",))
        if inner is not None:
            return inner
    return obj


def _has_particle(tok: Token, particle: str) -> bool:
    return (
        any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ == particle for c in tok.children)
        or _marked_clause(tok, particle) is not None
    )


def _marked_clause(tok: Token, mark: str) -> Token | None:
    """A clause of `tok` opened by `mark`: "called for the embargo to be lifted" is parsed
    with "for" as the mark of the clause, not as the verb's particle."""
    for child in tok.children:
        if (
            child.dep_ in ("advcl", "ccomp")
            and child.pos_ in rs.VERBAL
            and any(g.dep_ == "mark" and g.lower_ == mark for g in child.children)
        ):
            return child
    return None


def _inside_name(ctx: rs.DocContext, tok: Token) -> bool:
    m = ctx.mention(tok)
    return m is not None and m.label in ("ORG", "WORK_OF_ART", "LAW", "EVENT", "FAC")


def _verb_stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _headline_verb(ctx: rs.DocContext, tok: Token, sent: SpacySpan) -> bool:
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
            t.pos_ in rs.NOMINAL
            and (lemma(t) in lex.verbs or _verb_stem(t.lower_) in lex.verbs)
            and t.i > sent.start
        ):
            return False
    before = tok.doc[tok.i - 1]
    if before.pos_ not in rs.NOMINAL or before.tag_ == "POS":
        return False
    return tok.i + 1 < sent.end or tok.dep_ == "ROOT"


def _hyphen_participle(ctx: rs.DocContext, tok: Token) -> _Match | None:
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
    code = rs.country_of(head_text)
    m = ctx.mention(tok.doc[tok.i - 2]) if head_start != tok.idx else ctx.mention(tok)
    entity = ctx.entity(m) if m is not None and m.span.start == head_start else None
    if code is None and entity is None:
        return None
    start = tok.idx + len(tok.text) - len(tail)
    prefix = rs.Ref(head_start, head_start + len(head_text), entity=entity, name=head_text,
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


def _hand_over_light_verbs(ctx: rs.DocContext, matches: dict[int, _Match]) -> None:
    """A light verb whose object is an event noun yields to it ("struck a truce")."""
    for i, m in list(matches.items()):
        tok = m.token
        if m.entry.pos != "verb" or m.entry.phrase or m.linear:
            continue
        if lemma(tok) not in ctx.lex.light_verbs:
            continue
        obj = rs.object_slot(tok)
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
        elif dep == "advcl" and child.pos_ in rs.VERBAL and _purpose(child):
            roots.append(child)  # "rioted to demand reforms"
        elif (
            dep in ("advcl", "ccomp")
            and m.entry.particle is not None
            and _marked_clause(tok, m.entry.particle) is child
        ):
            roots.append(child)  # "called for the embargo to be lifted"
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
                if c.dep_ in ("advcl", "xcomp") and c.pos_ in rs.VERBAL and _purpose(c)
            )
    return roots


def _purpose(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children
    )


def _consume_complements(ctx: rs.DocContext, matches: dict[int, _Match]) -> None:
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


def _own_conflict(
    ctx: rs.DocContext, m: _Match, roots: list[Token], matches: dict[int, _Match]
) -> bool:
    """Whether a warning states a hostile act of the warner's own: "warned of retaliation",
    "warned it would respond with countermeasures" - not what someone else may do."""
    found = (_complement_trigger(r, matches) for r in roots)
    inner = next((t for t in found if t is not None and t is not m), None)
    if inner is None or cooperative(inner.cameo):
        return False
    agents = _roles(ctx, inner).sources
    if not agents:
        return True  # "warned of retaliation": nobody else is named
    own = {r.key for r in rs.refs(ctx, rs.subject(ctx, m.token), agent=True)}
    return any(r.key in own for r in agents)


def _clause_complement(tok: Token) -> Token | None:
    """A verb's clause complement ("declined to halt"), or a noun's ("a call for calm", "a
    call to end the war")."""
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in rs.VERBAL:
            return child
        if child.dep_ == "acl" and child.pos_ in rs.VERBAL and tok.pos_ in rs.NOMINAL:
            return child
        if child.dep_ == "prep" and child.lower_ in ("for", "on") and tok.pos_ in rs.NOMINAL:
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
            if t.pos_ in rs.VERBAL or t.pos_ in ("ADP", "NUM", "SYM"):
                nxt.extend(c for c in t.children if c.dep_ in _COMPLEMENT_PATH)
        queue = nxt
    return None


def _refine(ctx: rs.DocContext, m: _Match) -> None:
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


def _deontic_requests(ctx: rs.DocContext, clauses: list[Token], matches: dict[int, _Match]) -> bool:
    """ "X said Y must hand over the suspects": a demand from X on Y (CAMEO 10)."""
    found = False
    for tok in clauses:
        if lemma(tok.head) not in modality_module.statement_verbs():
            continue
        modal = modality_module.deontic(tok)
        if modal is None or modal.i in matches:
            continue
        # A demand is made of someone: "X said the government must ..." is one, "X said
        # trade must not ..." or "there should be a strike" an opinion.
        addressee = rs.subject(ctx, tok)
        if addressee is None or not rs.actorish(ctx, addressee) or addressee.lower_ == "there":
            continue
        if not rs.refs(ctx, addressee, agent=True):
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


def _linear_object(tok: Token) -> Token | None:
    """The noun phrase right after a headline verb the parser took for a noun."""
    doc = tok.doc
    sent_end = tok.sent.end
    i = tok.i + 1
    head = None
    while i < sent_end and doc[i].pos_ in ("DET", "ADJ", "NUM", "PROPN", "NOUN", "PART"):
        if doc[i].pos_ in rs.NOMINAL:
            head = doc[i]
        i += 1
    return head


def _linear_subject(tok: Token) -> Token | None:
    doc = tok.doc
    i = tok.i - 1
    start = tok.sent.start
    while i >= start and doc[i].pos_ in ("PUNCT",):
        i -= 1
    if i >= start and doc[i].pos_ in rs.NOMINAL | {"PRON"}:
        return doc[i]
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun is the object of ("reached an agreement", "agreement was reached")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in rs.VERBAL:
        return head
    if noun.dep_ == "pobj" and head.head.pos_ in rs.VERBAL and head.lower_ in ("to", "on"):
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
        and prep.head.pos_ in rs.VERBAL
        and lemma(prep.head) in lexicon().under_verbs
    )


# --------------------------------------------------------------------------- actors


# --------------------------------------------------------------------------- building events


@dataclass(slots=True)
class _Roles:
    sources: list[rs.Ref] = field(default_factory=list)
    targets: list[rs.Ref] = field(default_factory=list)
    mutual: bool = False
    # "X and Y accused each other": each side does the act to the other, so the pairs run
    # both ways (a mutual meeting is one pair)
    reciprocal: bool = False
    # Whether the syntax ties the actors to the event (subject, object, "on X", "X's"); an
    # event noun with only a national modifier ("exemptions from the U.S. tariffs") mentions a
    # measure in passing and is not coded as an event.
    anchored: bool = True


def _roles(ctx: rs.DocContext, m: _Match) -> _Roles:
    entry = m.entry
    if m.prefix is not None:
        return _prefix_roles(ctx, m)
    if m.deontic_of is not None:
        reporter = m.deontic_of.head
        return _Roles(
            sources=rs.refs(ctx, rs.subject(ctx, reporter), agent=True),
            targets=rs.refs(ctx, rs.subject(ctx, m.deontic_of), agent=True),
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
            and rs.country_of(location.text) is not None
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
    if rs.prep_objects(m.holder, preps):
        return True
    return (
        entry.pos == "verb"
        and entry.objects is None
        and entry.object_kind is None
        and not m.linear
        and rs.object_slot(m.token) is not None
    )


def _condition_actors(ctx: rs.DocContext, tok: Token) -> list[rs.Ref]:
    """The actors a condition on the trigger's clause, or on a clause it governs, is about."""
    heads = [tok, *(t for t in tok.subtree if t.dep_ in ("ccomp", "xcomp") and t.pos_ in rs.VERBAL)]
    for head in heads:
        clause = modality_module.condition_clause(head)
        if clause is not None:
            refs = rs.refs(ctx, rs.subject(ctx, clause), agent=True)
            if refs:
                return refs
    return []


def _reduced_passive(tok: Token) -> bool:
    """A participle with a "by" agent modifying a noun: "a truce brokered by Qatar"."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and rs.passive_agent(tok) is not None


def _agentless_passive(m: _Match) -> bool:
    """A passive trigger ("was detained") or a noun a passive verb carries ("was put under
    investigation") with no "by" agent."""
    tok = m.holder
    verb = _governing_verb(tok) if m.entry.pos == "noun" else tok
    return verb is not None and is_passive(verb) and rs.passive_agent(verb) is None


def _verb_roles(ctx: rs.DocContext, m: _Match) -> _Roles:
    tok, entry = m.token, m.entry
    if m.linear:
        subj = rs.subject(ctx, tok) if tok.dep_ != "dobj" else None
        return _Roles(
            sources=rs.refs(ctx, subj or _linear_subject(tok), agent=True),
            targets=[] if entry.objects else rs.refs(ctx, _linear_object(tok)),
        )
    passive = is_passive(tok) or _reduced_passive(tok)
    obj = _unpartitive(rs.object_slot(tok))
    if passive:
        # "killed by a roadside bomb": a thing is no agent (unless someone owns it)
        sources = rs.refs(ctx, rs.passive_agent(tok))
    elif tok.dep_ == "acl":
        sources = rs.refs(ctx, rs.subject(ctx, tok))  # "a law recognizing ...": no actor
    else:
        sources = rs.refs(ctx, rs.subject(ctx, tok), agent=True)
    if not sources and entry.subjects is not None:
        # "Turkish aid arrived", "aid from Jordan reached Gaza": the subject is a thing, and
        # whoever it comes from or belongs to does the act.
        thing = subject_of(tok)
        if thing is not None:
            froms = rs.prep_objects(thing, entry.sources)
            sources = [r for o in froms for r in rs.refs(ctx, o, agent=True)] or rs.refs(ctx, thing)
    owned = False  # the source is the owner of the object: the object is not the target
    if not sources and passive and entry.objects is not None and obj is not None:
        # "the EU embargo on China was lifted", "American sanctions were eased": the owner
        # of the measure acts on it
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        sources = rs.refs(ctx, owner, agent=True) if owner is not None else []
        sources = sources or _modifier_refs(ctx, obj)
        owned = bool(sources)
    if len(sources) > 1 and _reciprocal_argument(tok, obj):
        return _Roles(sources=sources, mutual=True, reciprocal=True)
    targets: list[rs.Ref] = []
    if entry.objects is None and entry.object_kind != "none":
        targets = rs.refs(ctx, obj)
        if obj is None and tok.dep_ == "acl" and passive and rs.actorish(ctx, tok.head):
            # "a civilian killed by troops", "the journalists arrested by police": the noun
            # the participle describes undergoes the act
            targets = rs.refs(ctx, tok.head)
        for child in tok.children:
            if child.dep_ == "dative" and child.pos_ in rs.NOMINAL | {"PRON"}:
                targets = rs.refs(ctx, child) or targets  # "gave the dissidents asylum"
    if not targets and (
        entry.complement in ("demand", "appeal", "reject", "threat")
        or entry.type == "ACCUSE"
        or entry.mode == "legal"
    ):
        # "alleges Yoon sought ...", "demanded that its partners refuse ...", "ruled that
        # the ministry had acted unlawfully": the clause's subject.
        for child in tok.children:
            if child.dep_ == "ccomp":
                targets = rs.refs(ctx, rs.subject(ctx, child), agent=True)
            if targets:
                break
    if not targets:
        places = [tok] + ([obj] if obj is not None else [])
        for holder in places:
            objs = rs.prep_objects(holder, entry.targets)
            targets = [r for o in objs for r in rs.refs(ctx, o)]
            if targets:
                break
    if not targets and entry.objects is not None and obj is not None and not owned:
        # "recall parliament", "expel diplomats": the object is the target; "captured part
        # of a guerrilla stronghold": its owner is.
        targets = rs.refs(ctx, obj)
    if not targets and obj is not None:
        # "lift embargoes on sales to Iran", "welcomed the agreement between Serbia and Kosovo"
        targets = _nested_targets(ctx, obj, (*entry.targets, "between"))
    if not targets and entry.complement and m.complement is None:
        # "threatened to deliver blows to the United States", "declined to halt Trump's
        # project": the actors of the infinitive the subject would carry out
        deps = ("xcomp",) if entry.complement == "intent" else ("xcomp", "ccomp")
        clause = next((c for c in tok.children if c.dep_ in deps and c.pos_ in rs.VERBAL), None)
        if clause is not None:
            targets = rs.refs(ctx, _unpartitive(rs.object_slot(clause))) or _nested_targets(
                ctx, clause, _CLAUSE_TARGET_PREPS
            )
    if not targets and not passive and tok.dep_ != "acl":
        # "opponents of the governor marched": the one they oppose
        subj = rs.subject(ctx, tok)
        if subj is not None and lemma(subj) in ctx.lex.adversary_nouns:
            targets = rs.refs(ctx, rs.prep_object(subj, ("of",)))
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
        between = rs.prep_object(tok, ("between",)) or (
            rs.prep_object(obj, ("between",)) if obj is not None else None
        )
        pair = rs.refs(ctx, between)
        if len(pair) > 1:
            return _Roles(sources=sources, targets=pair, mutual=False)
    return _Roles(sources=sources, targets=targets, mutual=mutual)


#: Prepositions whose reciprocal object makes the subjects act on each other ("clashed with
#: each other", "fired at one another").
_RECIPROCAL_PREPS = ("with", "against", "at", "on", "to", "toward", "towards")


def _is_reciprocal(tok: Token) -> bool:
    """The pronoun "each other" or "one another" (its head word)."""
    doc = tok.doc
    if tok.lower_ == "one":  # the parser may head "one another" on "one"
        return tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "another"
    if tok.lower_ not in ("other", "another") or tok.i == 0:
        return False
    before = doc[tok.i - 1].lower_
    return (tok.lower_, before) in (("other", "each"), ("another", "one"))


def _reciprocal_argument(verb: Token, obj: Token | None) -> bool:
    """Whether a verb's object or target is reciprocal: "accused each other", "traded
    accusations with one another", "signed a deal with each other"."""
    if obj is not None and _is_reciprocal(obj):
        return True
    holders = [verb] + ([obj] if obj is not None else [])
    return any(_is_reciprocal(o) for h in holders for o in rs.prep_objects(h, _RECIPROCAL_PREPS))


_CLAUSE_TARGET_PREPS = ("to", "against", "on", "with", "in", "toward", "towards", "into")
_PURPOSE_TARGET_PREPS = ("for", "against", "over", "at", "to", "of", "by")


def _nested_targets(ctx: rs.DocContext, root: Token, preps: Iterable[str]) -> list[rs.Ref]:
    """Target prepositions a little deeper in a phrase: "lift embargoes on sales to Iran",
    "a suspension of air links with Serbia"."""
    wanted = set(preps)
    frontier = [root]
    for _ in range(3):
        nxt = []
        for t in frontier:
            obj = _unpartitive(rs.object_slot(t)) if t.pos_ in rs.VERBAL else None
            if obj is not None:
                nxt.append(obj)
            for child in t.children:
                if child.dep_ not in ("prep", "agent"):
                    continue
                for o in child.children:
                    if o.dep_ not in ("pobj", "pcomp"):
                        continue
                    if child.lower_ in wanted:
                        refs = rs.refs(ctx, o)
                        if refs:
                            return refs
                    nxt.append(o)
        frontier = nxt
    return []


def _noun_roles(ctx: rs.DocContext, m: _Match) -> _Roles:
    entry = m.entry
    tok = m.holder
    lex = ctx.lex
    sources: list[rs.Ref] = []
    targets: list[rs.Ref] = []
    # Explicit owners first: "Ukraine's concession", "support from Moscow".
    for child in tok.children:
        if child.dep_ == "poss":
            sources = rs.refs(ctx, child)
    if not sources:
        objs = rs.prep_objects(tok, [p for p in entry.sources if p not in entry.targets])
        sources = [r for o in objs for r in rs.refs(ctx, o, agent=True)]
    modifier_refs = _modifier_refs(ctx, tok)
    if not sources and "of" not in entry.targets and entry.objects is None:
        of = rs.prep_object(tok, ("of",))
        if of is not None and (rs.actorish(ctx, of) or rs.is_actor_mention(ctx, of)):
            sources = rs.refs(ctx, of)
    if not sources:
        # "talks between Ethiopia and Egypt", "clashes between the army and rebels": the
        # parties named together take part on both sides
        pair = rs.refs(ctx, rs.prep_object(tok, ("between",)))
        if len(pair) > 1:
            return _Roles(sources=pair, mutual=True)
    # The verb that carries the noun: "China struck a truce", "Japan faces tariffs".
    verb = m.carrier or _governing_verb(tok)
    if verb is not None and _under(tok):
        # "X was put under investigation by Y", "the convoy came under attack from rebels":
        # who is put under it undergoes the event; an agent or "from" object does it
        undergoer = rs.object_slot(verb)
        targets = (
            rs.refs(ctx, undergoer)
            if undergoer is not None
            else rs.refs(ctx, rs.subject(ctx, verb), agent=True)
        )
        if not sources:
            sources = rs.refs(ctx, rs.passive_agent(verb), agent=True) or [
                r for o in rs.prep_objects(verb, ("from",)) for r in rs.refs(ctx, o, agent=True)
            ]
    elif verb is not None:
        vl = lemma(verb)
        if vl in lex.undergoer_verbs or vl in lex.causative_verbs:
            targets = targets or rs.refs(ctx, rs.subject(ctx, verb))
        elif not sources and (
            vl in lex.light_verbs or vl in modality_module.cues().plan_verbs or not modifier_refs
        ):
            # A light or planning verb's subject does the noun's act ("Korea Zinc plans a U.S.
            # investment"); another verb's subject need not ("Ukraine repelled a Russian
            # attack"), so there the noun's own modifiers come first.
            if is_passive(verb) and tok.dep_ == "nsubjpass":
                sources = rs.refs(ctx, rs.passive_agent(verb), agent=True)
            else:
                sources = rs.refs(ctx, rs.subject(ctx, verb), agent=True)
    elif not sources and tok.dep_ == "pobj":
        sources = _responsible(ctx, tok)  # "responsible for", "was behind" the event
        prep = tok.head
        holder = prep.head
        if (
            not sources
            and not modifier_refs
            and prep.lower_ in ("during", "in", "at")
            and holder.pos_ in rs.VERBAL
            and not is_passive(holder)
        ):
            sources = rs.refs(
                ctx, rs.subject(ctx, holder), agent=True
            )  # "during a visit, X raised"
    # Targets: prepositions of the noun ("sanctions on Iran"), else a modifier country once the
    # source is known ("Russian strike" is a source; "Korea Zinc's U.S. investment" a target).
    if not targets:
        objs = rs.prep_objects(tok, entry.targets)
        targets = [r for o in objs for r in rs.refs(ctx, o)]
    if (
        not targets
        and verb is not None
        and (lemma(verb) in lex.light_verbs or lemma(verb) in modality_module.cues().plan_verbs)
    ):
        # "opened investigations against 28 officials": the preposition hangs on the verb
        targets = [r for o in rs.prep_objects(verb, entry.targets) for r in rs.refs(ctx, o)]
    if not targets:
        # "sanctions and travel bans on ten officials": the conjuncts share the target
        shared = [m.sibling] if m.sibling is not None else []
        for other in (*tok.conjuncts, *([tok.head] if tok.dep_ == "conj" else []), *shared):
            if other.pos_ in rs.NOMINAL or other is m.sibling:
                objs = rs.prep_objects(other, entry.targets)
                targets = [r for o in objs for r in rs.refs(ctx, o)]
                if targets:
                    break
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
        pair = rs.refs(ctx, rs.prep_object(tok, ("between",)))
        if len(pair) > 1:
            return _Roles(sources=pair[:1], targets=pair[1:])
    if entry.mutual and not targets and len(sources) > 1:
        mutual = True
    return _Roles(sources=sources, targets=targets, mutual=mutual, anchored=anchored)


def _responsible(ctx: rs.DocContext, noun: Token) -> list[rs.Ref]:
    """Who is said to have done an event noun: "ETA may be responsible for the bomb
    threat", "the group claimed responsibility for the attack", "militants were behind the
    bombing"."""
    lex = ctx.lex
    prep = noun.head
    holder = prep.head
    if prep.lower_ == "behind" and lemma(holder) in lex.behind_verbs:
        return rs.refs(ctx, rs.subject(ctx, holder), agent=True)
    if prep.lower_ != "for" or lemma(holder) not in lex.responsibility_words:
        return []
    if holder.pos_ in rs.NOMINAL:
        verb = _governing_verb(holder)
        if verb is None or lemma(verb) not in lex.responsibility_verbs:
            return []
        if any(c.dep_ == "neg" for c in verb.children):
            return []  # "did not claim responsibility"
        return rs.refs(ctx, rs.subject(ctx, verb), agent=True)
    verb = holder.head if holder.dep_ in ("acomp", "oprd") else None
    if verb is None or any(c.dep_ == "neg" for c in (*verb.children, *holder.children)):
        return []  # "was not responsible for"
    return rs.refs(ctx, rs.subject(ctx, verb), agent=True)


def _modifier_refs(ctx: rs.DocContext, noun: Token) -> list[rs.Ref]:
    """Actors named by a noun's modifiers: "U.S. tariffs", "Israeli strikes", "U.S.-Japan talks"."""
    out: list[rs.Ref] = []
    for child in noun.lefts:
        if child.dep_ not in ("compound", "amod", "nmod", "npadvmod", "dep"):
            continue
        if "-" in child.text and child.pos_ != "VERB":
            parts = _hyphen_countries(ctx, child)
            if len(parts) > 1:
                out.extend(parts)
                continue
        if rs.is_actor_mention(ctx, child):
            for c in [child, *[c for c in child.conjuncts if c.i > child.i]]:
                out.extend(rs.refs(ctx, c)[:1])
    return out


def _hyphen_countries(ctx: rs.DocContext, tok: Token) -> list[rs.Ref]:
    """ "U.S.-Japan": one actor per country named on either side of the hyphen."""
    out = []
    offset = tok.idx
    for part in tok.text.split("-"):
        code = rs.country_of(part) if part else None
        if code is None:
            return []
        out.append(rs.Ref(offset, offset + len(part), country=code, name=part))
        offset += len(part) + 1
    return out


def _adjective_roles(ctx: rs.DocContext, m: _Match) -> _Roles:
    tok, entry = m.token, m.entry
    holder = tok.head if tok.dep_ in ("acomp", "amod", "oprd") else tok
    subj = rs.subject(ctx, holder) if holder.i != tok.i else rs.subject(ctx, tok)
    if subj is None and tok.dep_ in ("ccomp", "ROOT"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "compound")), None)
    if subj is None and tok.dep_ == "ccomp":
        subj = next((c for c in tok.children if c.pos_ in rs.NOMINAL), None)
    if entry.subject_is_target:
        hosts = rs.prep_objects(tok, entry.sources)
        sources = [r for o in hosts for r in rs.refs(ctx, o)]
        return _Roles(sources=sources, targets=rs.refs(ctx, subj, agent=True))
    targets = [r for o in rs.prep_objects(tok, entry.targets) for r in rs.refs(ctx, o)]
    return _Roles(sources=rs.refs(ctx, subj, agent=True), targets=targets)


def _prefix_roles(ctx: rs.DocContext, m: _Match) -> _Roles:
    """ "U.S.-brokered deal": the U.S. acts on the deal's parties; "Iran-backed rebels": on
    the rebels."""
    assert m.prefix is not None
    noun = m.token.head
    if rs.actorish(ctx, noun):
        return _Roles(sources=[m.prefix], targets=rs.refs(ctx, noun))
    return _Roles(sources=[m.prefix], targets=_parties(ctx, noun))


def _parties(ctx: rs.DocContext, noun: Token) -> list[rs.Ref]:
    """The parties of a deal or truce someone else brokered: the subject of the verb that
    carries it ("Israel and Hamas signed a U.S.-brokered deal")."""
    holder = noun.head
    while holder.pos_ not in rs.VERBAL and holder.head.i != holder.i:
        holder = holder.head  # "frees four soldiers in a Qatar-brokered deal"
    if holder.pos_ not in rs.VERBAL or holder.i == noun.i:
        return []
    return rs.refs(ctx, rs.subject(ctx, holder), agent=True)


def _events_of(ctx: rs.DocContext, m: _Match, sent: SpacySpan, extractor: str) -> list[Event]:
    if modality_module.in_condition(m.token):
        return []  # "if it is attacked", "unless a deal is reached": a condition, not an event
    roles = _roles(ctx, m)
    needs_target = m.entry.needs_target
    if needs_target == "unless_complement" and (
        m.complement is not None
        or _threatened_act(ctx, m)
        or (m.token.pos_ in rs.VERBAL and _clause_complement(m.token) is not None)
    ):  # "threatened to move the factory": a threatened act, though no event word
        needs_target = False
    if not roles.anchored or (needs_target and not roles.targets):
        return []
    if m.entry.mode == "visit" and roles.targets and not roles.mutual:
        # "visits Manchester and Leeds": a tour of towns meets no one; a visit to a country,
        # its capital, a person or a body is diplomacy
        towns = [t for t in roles.targets if _mere_place(ctx, t)]
        roles.targets = [
            t
            for t in roles.targets
            if t not in towns
            # what is listed beside a town is a stop of the same tour, unless it is a
            # country or names a party ("visits Leeds, Hull and Grimsby")
            and (not towns or t.sectors or rs.country_of(ctx.doc.text[t.start : t.end]))
        ]
        if not roles.targets:
            return []
    if m.type == "CONSULT" and not _two_sided(ctx, m, roles):
        return []
    pairs: list[tuple[rs.Ref | None, rs.Ref | None]]
    if roles.mutual:
        combine = itertools.permutations if roles.reciprocal else itertools.combinations
        pairs = list(combine(roles.sources, 2))[: settings.EVENT_MAX_MUTUAL_PAIRS]
    else:
        sources: list[rs.Ref | None] = list(roles.sources) or [None]
        targets: list[rs.Ref | None] = list(roles.targets) or [None]
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
    source = rs.refs(ctx, assessment.source, agent=True)[:1] if assessment.source else []
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
                actor1=rs.to_actor(a1, text),
                actor2=rs.to_actor(a2, text),
                source=rs.to_actor(source[0], text) if source else None,
                location=location,
                date=date,
                date_origin=origin,
                modality=modality,
                confidence=_confidence(m, a1, a2),
                extractor=extractor,
            )
        )
    return events


def _threatened_act(ctx: rs.DocContext, m: _Match) -> bool:
    """Whether the trigger's object is an act ("threatened legal action"), not a thing at
    risk ("threatened the economy")."""
    obj = rs.object_slot(m.token) if m.token.pos_ in rs.VERBAL else None
    return obj is not None and rs.lemma_in(obj, ctx.lex.threatened_acts)


def _two_sided(ctx: rs.DocContext, m: _Match, roles: _Roles) -> bool:
    """A consultation has two sides: "the union is discussing the issue" or "refused to
    discuss reports" meets no one (a host or a mediator may be named alone)."""
    if m.entry.mode in ctx.lex.one_sided_consult_modes:
        return True
    return roles.mutual or (bool(roles.sources) and bool(roles.targets))


def _mere_place(ctx: rs.DocContext, ref: rs.Ref) -> bool:
    """A town or region, not a country or a seat of government that stands for one."""
    words = ctx.doc.text[ref.start : ref.end]
    if rs.country_of(words) is not None:
        return False
    for mention in ctx.doc.mentions:
        if mention.span.start <= ref.start < mention.span.end:
            return mention.label in _PLACE_LABELS
    return False


def _mode(m: _Match, kind: str) -> str | None:
    if kind == m.entry.type:
        return m.entry.mode
    inner = m.complement
    if m.entry.complement == "act" and inner is not None and kind == inner.entry.type:
        return inner.entry.mode  # "retaliated with tariffs": the tariffs' mode
    return None


def _own_commitment(ctx: rs.DocContext, m: _Match, roles: _Roles) -> bool:
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
    speaker = rs.subject(ctx, clause.head)
    if speaker is None:
        return False
    speakers = rs.refs(ctx, speaker, agent=True)
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


def _place_ref(ctx: rs.DocContext, location: Span) -> rs.Ref | None:
    """The place an event happened in as its target: a country, a city ("Abidjan"), a
    region ("East Jerusalem")."""
    code = rs.country_of(location.text)
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
    return rs.Ref(location.start, location.end, entity=entity, country=code, name=name)


def _confidence(m: _Match, a1: rs.Ref | None, a2: rs.Ref | None) -> float:
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


def _sentence_span(ctx: rs.DocContext, sent: SpacySpan) -> Span:
    for s in ctx.doc.sentences:
        if s.start <= sent.start_char < s.end or sent.start_char <= s.start < sent.end_char:
            return s
    return Span.of(ctx.doc.text, sent.start_char, sent.end_char)


def _location(ctx: rs.DocContext, tok: Token) -> Span | None:
    holders = [tok]
    if tok.pos_ in rs.NOMINAL:
        verb = _governing_verb(tok)
        if verb is not None:
            holders.append(verb)
    for holder in holders:
        for obj in rs.prep_objects(holder, _LOCATION_PREPS):
            place = _place_of(ctx, obj)
            if place is not None:
                return place
    return None


def _place_of(ctx: rs.DocContext, tok: Token, depth: int = 0) -> Span | None:
    m = ctx.mention(tok)
    if m is not None and m.label in _PLACE_LABELS:
        return m.span
    if depth < 2:
        # "the town of Cizre", "this jail in northern Israel"
        for inner in rs.prep_objects(tok, ("of", "in", "near")):
            place = _place_of(ctx, inner, depth + 1)
            if place is not None:
                return place
    return None


def _date(ctx: rs.DocContext, tok: Token) -> tuple[TimeExpr | None, str]:
    clause = _clause_head(tok)
    tokens = rs.clause_tokens(clause, tok)
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
    if tok.pos_ in rs.NOMINAL:
        verb = _governing_verb(tok)
        if verb is not None:
            return verb
        node = tok
        while node.dep_ in ("pobj", "prep", "pcomp") and node.head.i != node.i:
            node = node.head
        return node if node.pos_ in rs.VERBAL else tok
    return tok


# --------------------------------------------------------------------------- merging


def _merge(ctx: rs.DocContext, events: list[tuple[_Match, Event]]) -> list[Event]:
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
        inner.pos_ in rs.NOMINAL
        and inner.dep_ == "pobj"
        and inner.head.dep_ == "prep"
        and inner.head.head == outer
    )
