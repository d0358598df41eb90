"""Modality: did an event happen, will it, might it, or does someone only say so?

`assess(trigger)` walks from an event's trigger word up through the clauses that govern it
and collects cues (data/modality.yaml): negation, conditions, modal and future auxiliaries,
planning and expectation verbs, reporting frames. The strongest cue wins, in the order
negated > conditional > hypothetical > planned > expected > reported > asserted, so "Obama
said he would not help Israel" is negated (and reported by Obama), "the US will impose
tariffs unless a deal is reached" is conditional, and a threat stays a threat: the threatened
act is never an asserted fact.

The walk stops at a clause boundary that starts a new assertion (a reporting verb's
complement, an adverbial or relative clause), so "after X attacked Y, Z will retaliate"
leaves the attack asserted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from eventwire import settings
from eventwire.data import load_yaml
from eventwire.model import Modality

#: Strongest first: when several cues apply, the first in this order wins.
PRIORITY: tuple[Modality, ...] = (
    "negated",
    "conditional",
    "hypothetical",
    "planned",
    "expected",
    "reported",
    "asserted",
)
_RANK = {m: i for i, m in enumerate(PRIORITY)}
_VERBAL = frozenset({"VERB", "AUX"})
_NOMINAL = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue words of data/modality.yaml as sets (lower case)."""

    reporting_verbs: frozenset[str]
    performative_verbs: frozenset[str]
    reporting_preps: frozenset[str]
    plan_verbs: frozenset[str]
    plan_adjectives: frozenset[str]
    expectation_words: frozenset[str]
    expectation_verbs: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    condition_marks: frozenset[str]
    condition_phrases: tuple[tuple[str, ...], ...]
    question_marks: frozenset[str]
    negation_words: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    plan_modifiers: frozenset[str]
    reported_modifiers: frozenset[str]
    deontic_aux: frozenset[str]
    deontic_phrases: tuple[tuple[str, ...], ...]


@functools.cache
def cues() -> Cues:
    """The modality cue lexicon, loaded once."""
    raw: dict[str, Any] = load_yaml("modality.yaml")

    def strings(key: str) -> list[str]:
        # YAML reads a bare `no` or `on` as a boolean: the cue file must quote them.
        bad = [w for w in raw[key] if not isinstance(w, str)]
        if bad:
            raise ValueError(f"modality.yaml {key}: {bad!r} are not strings (quote them)")
        return [w.lower() for w in raw[key]]

    def words(key: str) -> frozenset[str]:
        return frozenset(strings(key))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(p.split()) for p in strings(key))

    return Cues(
        reporting_verbs=words("reporting_verbs"),
        performative_verbs=words("performative_verbs"),
        reporting_preps=words("reporting_preps"),
        plan_verbs=words("plan_verbs"),
        plan_adjectives=words("plan_adjectives"),
        expectation_words=words("expectation_words"),
        expectation_verbs=words("expectation_verbs"),
        future_aux=words("future_aux"),
        hypothetical_aux=words("hypothetical_aux"),
        condition_marks=words("condition_marks"),
        condition_phrases=phrases("condition_phrases"),
        question_marks=words("question_marks"),
        negation_words=words("negation_words"),
        negating_verbs=words("negating_verbs"),
        hypothetical_verbs=words("hypothetical_verbs"),
        hypothetical_nouns=words("hypothetical_nouns"),
        hypothetical_modifiers=words("hypothetical_modifiers"),
        plan_modifiers=words("plan_modifiers"),
        reported_modifiers=words("reported_modifiers"),
        deontic_aux=words("deontic_aux"),
        deontic_phrases=phrases("deontic_phrases"),
    )


@functools.cache
def statement_verbs() -> frozenset[str]:
    """Verbs through which a speaker states something: reporting and performative verbs."""
    c = cues()
    return c.reporting_verbs | c.performative_verbs


def in_condition(token: Token) -> bool:
    """Whether `token` sits inside a condition clause ("if it is attacked", "unless ...") or
    an open question ("declined to say whether the minister backed the plan", "asked if
    talks would resume"): neither states an event."""
    c = cues()
    node = token
    for _ in range(settings.MODALITY_MAX_CLIMB):
        if node.dep_ in ("advcl", "acl") and _condition_mark(node, c) is not None:
            return True
        if node.dep_ in ("ccomp", "xcomp", "pcomp") and any(
            g.dep_ == "mark" and g.lower_ in c.question_marks for g in node.children
        ):
            return True
        if node.head.i == node.i or node.dep_ in ("ccomp", "relcl", "parataxis"):
            return False
        node = node.head
    return False


@dataclass(slots=True)
class Assessment:
    """What `assess` found: the modality, the word that decided it, and the frame around it."""

    modality: Modality = "asserted"
    cue: Token | None = None  # the word that decided the modality
    source: Token | None = None  # who reports it: the subject of "said", "according to" X
    reporter: Token | None = None  # the reporting verb itself
    condition: Token | None = None  # head of an attached condition ("unless ... reached")

    def note(self, modality: Modality, cue: Token | None) -> None:
        """Record a cue; keep the stronger of it and what is there."""
        if _RANK[modality] < _RANK[self.modality]:
            self.modality = modality
            self.cue = cue


def lemma(token: Token) -> str:
    """The lower-case lemma (spaCy lemmatises title-case headline words inconsistently)."""
    return token.lemma_.lower()


def doc_words(parsed: Doc) -> tuple[list[str], list[str]]:
    """Every token's lower-case form and lower-case lemma (`lemma`), by token index.

    A lexicon pass over a whole document reads these through plain lists: a `Token` and
    each string attribute of it cost a new object per access, several times the price of
    one array and a string lookup per word. Kept with the parse (it lives as long as the one
    document), so the analyzers that read them build them once; callers must not change them."""
    words = parsed.user_data.get(_WORDS_KEY)
    if words is None:
        strings = parsed.vocab.strings
        rows = parsed.to_array([LOWER, LEMMA])
        words = parsed.user_data[_WORDS_KEY] = (
            [strings[x] for x in rows[:, 0].tolist()],
            [strings[x].lower() for x in rows[:, 1].tolist()],
        )
    return words


_WORDS_KEY = "eventwire.doc_words"


def _in(token: Token, words: frozenset[str]) -> bool:
    """Whether a word's lemma is among `words`, also when the lemmatiser slips ("hopes" ->
    "hop")."""
    low = token.lower_
    return lemma(token) in words or low in words or (low.endswith("s") and low[:-1] in words)


def subject_of(verb: Token) -> Token | None:
    """The nominal subject of a verb (active subject first), or None."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            return child
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


#: Links through which a condition hangs on its clause: "visit Seoul unless ..." (advcl),
#: "as long as the talks continue" (under the adverb "long"), "on condition that ..." (under
#: the noun "condition").
_CONDITION_PATH = frozenset({"advmod", "prep", "pobj", "npadvmod"})


def condition_clause(head: Token) -> Token | None:
    """A clause attached to `head` that states a condition ("unless an agreement ...")."""
    c = cues()
    frontier = [head]
    for _ in range(3):
        nxt = []
        for node in frontier:
            for child in node.children:
                if child.dep_ in ("advcl", "acl") and _condition_mark(child, c):
                    return child
                if child.dep_ in _CONDITION_PATH:
                    nxt.append(child)
        frontier = nxt
    return None


def _condition_mark(clause: Token, c: Cues) -> Token | None:
    """The word that opens `clause` as a condition: "if", "unless", "as long as", ..."""
    for child in clause.children:
        if child.dep_ == "mark" and child.lower_ in c.condition_marks:
            return child
    # Multi-word openers: the words just before the clause's leftmost token.
    doc = clause.doc
    start = clause.left_edge.i
    for phrase in c.condition_phrases:
        n = len(phrase)
        if start - n + 1 >= 0 and tuple(t.lower_ for t in doc[start - n + 1 : start + 1]) == phrase:
            return doc[start]
        if start >= n and tuple(t.lower_ for t in doc[start - n : start]) == phrase:
            return doc[start - 1]
    return None


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _clause_cues(node: Token, out: Assessment, c: Cues, *, own: bool) -> None:
    """Cues on one clause head: negation, auxiliaries, conditions, reporting phrases.

    `own` is True for the trigger's own clause: negation and conditions of governing clauses
    apply to their complements too, but a condition *inside* which a governor sits does not
    make the complement conditional twice.
    """
    condition = condition_clause(node)
    if condition is not None:
        out.note("conditional", condition)
        if out.condition is None:
            out.condition = condition
    for child in node.children:
        dep = child.dep_
        low = child.lower_
        if dep == "neg" or (dep == "advmod" and low in ("never",)):
            out.note("negated", child)
        elif dep in ("aux", "auxpass"):
            if low in c.future_aux:
                out.note("planned", child)
            elif low in c.hypothetical_aux:
                out.note("hypothetical", child)
        elif dep in ("nsubj", "nsubjpass") and any(
            g.dep_ in ("preconj", "det") and g.lower_ in c.negation_words for g in child.children
        ):
            out.note("negated", child)  # "neither Israel nor Egypt attacked", "no country"
        elif dep == "mark" and low in c.condition_marks and own:
            out.note("hypothetical", child)
        elif dep == "prep" and low in c.reporting_preps:
            out.note("reported", child)
            if out.source is None:
                out.source = _pobj_of_to(child)
                out.reporter = child
        elif dep == "acomp" and low in c.expectation_words and _has_xcomp(child):
            out.note("expected", child)


def _has_xcomp(token: Token) -> bool:
    return any(c.dep_ == "xcomp" for c in token.children)


def _pobj_of_to(prep: Token) -> Token | None:
    # spaCy: according -prep-> to -pobj-> sources
    for child in prep.children:
        if child.dep_ == "pobj":
            return child
        if child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _noun_cues(noun: Token, out: Assessment, c: Cues) -> None:
    for child in noun.children:
        low = child.lower_
        if child.dep_ == "det" and low == "no":
            out.note("negated", child)
        elif child.dep_ in ("amod", "compound", "nmod"):
            if low in c.plan_modifiers:
                out.note("planned", child)
            elif low in c.hypothetical_modifiers:
                out.note("hypothetical", child)
            elif low in c.reported_modifiers:
                out.note("reported", child)
        elif child.dep_ == "poss" and low.endswith(("week", "month", "year")):
            out.note("planned", child)  # "next week's summit"


def assess(trigger: Token, *, headline: bool = False) -> Assessment:
    """The modality of the event `trigger` names, with its cue and reporting frame."""
    c = cues()
    out = Assessment()
    if trigger.pos_ in _NOMINAL:
        _noun_cues(trigger, out, c)
    node = trigger
    own = True
    for _ in range(settings.MODALITY_MAX_CLIMB):
        if node.pos_ in _VERBAL or node.pos_ == "ADJ" or node.dep_ == "ROOT":
            _clause_cues(node, out, c, own=own)
        if node.dep_ == "ROOT" or node.head.i == node.i:
            if headline and node.pos_ in _VERBAL and _to_infinitive(node):
                out.note("planned", node)
            break
        head, dep = node.head, node.dep_
        head_lemma = lemma(head)
        if dep == "xcomp" or (dep == "acl" and _to_infinitive(node)):
            if head.pos_ in _NOMINAL:
                _governing_noun(head, head_lemma, node, out, c, headline=headline)
            elif head_lemma == "expect" or head.lower_ == "expected":
                # "is expected to visit" is news for a scheduled act; "is forecast to" below
                out.note("planned" if is_passive(head) else "expected", head)
            elif _in(head, c.expectation_verbs) and not is_passive(head):
                out.note("expected", head)  # "anticipate Iran to release the sailors"
            elif head.lower_ in c.plan_adjectives or head_lemma in c.plan_adjectives:
                out.note("planned", head)
            elif head.lower_ in c.expectation_words:
                out.note("expected", head)
            elif _in(head, c.negating_verbs):
                out.note("negated", head)
            elif _in(head, c.plan_verbs):
                out.note("planned", head)
            elif _in(head, c.hypothetical_verbs):
                out.note("hypothetical", head)
            elif head_lemma == "be" and _to_infinitive(node):
                out.note("planned", head)  # "the minister is to visit Delhi"
        elif dep == "ccomp":
            if _in(head, c.negating_verbs):
                out.note("negated", head)
            elif _in(head, c.expectation_verbs) and not is_passive(head):
                out.note("expected", head)  # "analysts had expected the board to approve"
            elif _in(head, c.reporting_verbs):
                out.note("reported", head)
                out.source = out.source or subject_of(head)
                out.reporter = out.reporter or head
                break  # the report is its speaker's assertion; what governs it is not ours
            elif _in(head, c.hypothetical_verbs):
                out.note("hypothetical", head)
            elif head.lower_ in c.expectation_words:
                out.note("expected", head)
        elif dep in ("dobj", "nsubjpass") and node.pos_ in _NOMINAL and head.pos_ in _VERBAL:
            if _in(head, c.reporting_verbs):
                out.note("reported", head)
                out.source = out.source or subject_of(head)
                out.reporter = out.reporter or head
            elif _in(head, c.negating_verbs):
                out.note("negated", head)
            elif _in(head, c.plan_verbs):
                out.note("planned", head)
            elif _in(head, c.hypothetical_verbs):
                out.note("hypothetical", head)
        elif dep in ("pobj", "pcomp"):
            if head.lower_ in c.negation_words:
                out.note("negated", head)  # "without removal of the tariff"
            grand = head.head
            if grand.pos_ in _NOMINAL and lemma(grand) in c.hypothetical_nouns:
                out.note("hypothetical", grand)  # "benefit in striking a deal"
            elif grand.pos_ in _VERBAL and any(
                x.dep_ == "dobj" and lemma(x) in c.hypothetical_nouns for x in grand.children
            ):
                out.note("hypothetical", grand)  # "see little benefit in striking a deal"
        elif dep in ("advcl", "relcl", "parataxis", "nsubj", "csubj", "appos"):
            if dep == "advcl" and _condition_mark(node, c) is not None:
                out.note("hypothetical", node)  # the event inside "if ..." / "unless ..."
            break
        elif dep == "acl" and node.tag_ == "VBN":
            break  # "officials accused of X": the participle is its own predication
        own = False
        node = head
    return out


def _governing_noun(
    noun: Token, noun_lemma: str, clause: Token, out: Assessment, c: Cues, *, headline: bool
) -> None:
    """Cues from a noun that governs an infinitive: "plans to", "efforts to", headlines."""
    if noun_lemma in ("plan", "intention", "decision"):
        out.note("planned", noun)
    elif noun_lemma in c.hypothetical_nouns:
        out.note("hypothetical", noun)
    elif noun.dep_ == "ROOT" and _to_infinitive(clause):
        out.note("planned", clause)  # headline "NSW to Recall Parliament"
    elif headline and _to_infinitive(clause):
        out.note("planned", clause)


def deontic(verb: Token) -> Token | None:
    """The word that makes `verb`'s clause an obligation ("must hand over", "has to hand
    over"), or None."""
    c = cues()
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in c.deontic_aux:
            return child
    doc = verb.doc
    i = verb.i
    # The words around the verb are read once for all phrases (slicing clips at the ends).
    longest = _longest_phrase(c.deontic_phrases)
    after = tuple(t.lower_ for t in doc[i : i + longest])
    before = tuple(t.lower_ for t in doc[max(0, i - longest) : i])
    # "has to hand over": the parser makes "has" the clause head, "hand" its complement
    for phrase in c.deontic_phrases:
        n = len(phrase)
        if after[:n] == phrase:
            return verb
        if i - n >= 0 and before[len(before) - n :] == phrase:
            return doc[i - n]
    return None


@functools.cache
def _longest_phrase(phrases: tuple[tuple[str, ...], ...]) -> int:
    return max((len(p) for p in phrases), default=0)
