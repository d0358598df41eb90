"""Actor resolution over the dependency parse, shared by the event coder and the trade-measure
extractor: who a noun phrase names (one actor per conjunct), a verb's subject through control,
coordination and relative clauses, passive agents, owners ("China's assistance" -> China),
pronouns, and the country and sectors of each actor from the document's entities.

`Resolver` is the interface other analyzers use; the event coder uses the functions over a
`DocContext` directly.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire import settings
from eventwire.analyze import modality as modality_module
from eventwire.analyze.actor_lexicon import lookup_country
from eventwire.analyze.event_lexicon import Lexicon, lexicon
from eventwire.analyze.modality import is_passive, lemma, subject_of
from eventwire.data import load_yaml
from eventwire.model import Actor, Document, Entity, Mention, Span, TimeExpr

#: Clause boundaries a time expression of the governing clause does not cross.
_EMBEDDED_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "parataxis", "conj"})


#: Verbs whose object (not their subject) carries out their infinitive: "urged X to ...".
_OBJECT_CONTROL = frozenset(
    {"ask", "urge", "order", "tell", "force", "persuade", "press", "pressure", "allow",
     "invite", "call", "encourage", "warn", "help", "compel", "request", "push", "require",
     "authorize", "instruct", "permit", "enable", "get", "lead", "prompt", "convince"}
)  # fmt: skip


PERSONAL_PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "his", "her", "their", "its", "them", "him", "our", "us"}
)


RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})


ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "ROLE"})


NOMINAL = frozenset({"NOUN", "PROPN"})


VERBAL = frozenset({"VERB", "AUX"})


def country_of(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country name, demonym or seat of government, or None."""
    return lookup_country(name)


@dataclass(slots=True)
class Ref:
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


class DocContext:
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
            (t for t in doc.times if not is_duration(t)), key=lambda t: t.span.start
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


def is_duration(t: TimeExpr) -> bool:
    """Durations ("for two years") and references ("now") are not an event's date."""
    return t.granularity in ("duration", "reference", "set") or t.value.startswith("P")


class Resolver:
    """Actor resolution for other analyzers (the trade-measure extractor): the coder's rules
    for subjects, owners, coordination and pronouns, over one document."""

    def __init__(self, doc: Document, parsed: Doc) -> None:
        self._ctx = DocContext(doc, parsed, lexicon())

    def actors(self, tok: Token | None, *, agent: bool = False) -> list[Actor]:
        """The actors a noun phrase names, one per conjunct (see `refs`)."""
        text = self._ctx.doc.text
        return [a for r in refs(self._ctx, tok, agent=agent) if (a := to_actor(r, text))]

    def subject(self, verb: Token) -> Token | None:
        """A verb's subject through control, coordination and relative clauses."""
        return subject(self._ctx, verb)

    def actorish(self, tok: Token) -> bool:
        return actorish(self._ctx, tok)

    def actorish_head(self, tok: Token) -> bool:
        """An actor by its own word (a name, a role, a pronoun), not by a modifier."""
        m = self._ctx.mention(tok)
        return (m is not None and m.label in ACTOR_LABELS) or role_word(tok) or (tok.pos_ == "PRON")

    def country(self, tok: Token) -> str | None:
        return token_country(self._ctx, tok)

    def np_span(self, tok: Token) -> Span:
        start, end = np_span(self._ctx, tok, None)
        return Span.of(self._ctx.doc.text, start, end)

    def clause_tokens(self, clause: Token, trigger: Token) -> set[int]:
        return clause_tokens(clause, trigger)


def lemma_in(tok: Token, words: frozenset[str]) -> bool:
    return lemma(tok) in words or tok.lower_ in words


def object_slot(verb: Token) -> Token | None:
    """The direct object, or the passive subject (the object of the active clause)."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return child
    for child in verb.children:
        # "kidnapped up to 16 advisers": the parser reads "up" as the verb's particle
        if child.lower_ == "up" and child.dep_ in ("prt", "advmod", "prep"):
            obj = prep_object(child, ("to",))
            if obj is not None and any(c.dep_ == "nummod" for c in obj.children):
                return obj
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                return child
        if verb.dep_ == "conj" and verb.head.pos_ in VERBAL:
            # "... were arrested and released by the police": the first verb's subject
            return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.dep_ == "xcomp":
            # "the embargo is likely to be lifted", "the sanctions are set to be eased": the
            # raised subject of the governing word is the passive's own
            holder = verb.head
            if holder.dep_ == "acomp" and holder.head.i != holder.i:
                holder = holder.head  # "is likely to be lifted"
            return next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return None
    for child in verb.children:
        # "seized and sold the company": coordinated verbs of one subject share the object
        # that the parser hangs on the last of them
        if (
            child.dep_ == "conj"
            and child.pos_ in VERBAL
            and not is_passive(child)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        ):
            shared = next((c for c in child.children if c.dep_ == "dobj"), None)
            if shared is not None:
                return shared
    return None


def prep_object(tok: Token, preps: Iterable[str]) -> Token | None:
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


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
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
        if clause.i <= prep.i or clause.pos_ not in VERBAL:
            continue
        if clause.dep_ in ("advcl", "relcl", "ccomp", "conj", "acl"):
            for c in clause.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i == prep.i + 1:
                    return c
    return None


def passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def conjuncts(ctx: DocContext, tok: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("Canada, Mexico, and China").

    The parser sometimes takes the second name of a list for an apposition ("the US, Russia,
    and Switzerland"): a name in apposition to a name of the same kind is a conjunct.
    """
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ in NOMINAL | {"PRON"}:
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


def subject(ctx: DocContext, verb: Token, depth: int = 0) -> Token | None:
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
    speaker = _inverted_speaker(verb)
    if speaker is not None:
        return speaker
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
            if head.dep_ in ("attr", "acomp") and head.head.pos_ in VERBAL:
                return subject(ctx, head.head, depth + 1)
            if head.dep_ == "ROOT":
                return head  # headline "NSW to Recall Parliament"
            return None
        if dep == "xcomp" and lemma(governor) in _OBJECT_CONTROL:
            obj = object_slot(governor)
            if obj is not None and not is_passive(governor):
                return obj
        if governor.pos_ in VERBAL or governor.pos_ == "ADJ":
            if is_passive(governor):
                for child in governor.children:
                    if child.dep_ == "nsubjpass":
                        return child
            return subject(ctx, governor, depth + 1)
        return None
    if dep == "conj" and head.pos_ in VERBAL:
        if is_passive(head):  # "was indicted ... and will resign"
            passive_subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if passive_subject is not None:
                return passive_subject
        return subject(ctx, head, depth + 1)
    if dep == "relcl":
        if verb.tag_ == "VB" and head.dep_ in ("attr", "acomp") and head.head.pos_ in VERBAL:
            return subject(ctx, head.head, depth + 1)  # "Japan was the first nation to enter"
        return head
    if dep in ("acomp",) and head.pos_ in VERBAL:
        return subject(ctx, head, depth + 1)
    return None


def _inverted_speaker(verb: Token) -> Token | None:
    """The speaker of a reporting verb that follows what was said ("..., warn union leaders",
    "..., said the minister"), which the parser may take for the verb's object."""
    low = lemma(verb)
    if verb.tag_ == "VBN" or (
        low not in modality_module.statement_verbs() and low not in lexicon().verbs
    ):
        return None  # a reporting verb or an event verb that takes a clause ("warn")
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return None
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.pos_ in NOMINAL),
        None,
    )


def actorish(ctx: DocContext, tok: Token) -> bool:
    """Whether a noun names an actor: a name, a role ("officials"), or a pronoun."""
    if tok.pos_ == "PRON":
        return tok.lower_ in PERSONAL_PRONOUNS or tok.lower_ in RELATIVE_PRONOUNS
    m = ctx.mention(tok)
    if m is not None and m.label in ACTOR_LABELS:
        return True
    if role_word(tok):
        return True
    # "Palestinian detainees", "Russian advisers": people of a country (a plural: "Fukushima
    # water" is no one)
    return tok.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("amod", "compound") and token_country(ctx, c) for c in tok.children
    )


def role_word(tok: Token) -> bool:
    roles = _role_words()
    low = lemma(tok)
    return low in roles or tok.lower_ in roles or low in lexicon().person_nouns


@functools.cache
def generic_roles() -> frozenset[str]:
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


def resolve_pronoun(ctx: DocContext, tok: Token) -> Token | None:
    low = tok.lower_
    if low in RELATIVE_PRONOUNS:
        clause = tok.head
        while clause.dep_ not in ("relcl",) and clause.head.i != clause.i:
            if clause.pos_ in NOMINAL:
                break
            clause = clause.head
        return clause.head if clause.dep_ == "relcl" else None
    if low not in PERSONAL_PRONOUNS:
        return None
    if tok.dep_ == "poss":
        # "Czechia and Albania upgraded their ties": the clause's own subject
        node = tok.head
        while node.head.i != node.i and node.pos_ not in VERBAL:
            node = node.head
        if node.pos_ in VERBAL:
            subj = subject(ctx, node)
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
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON" and actorish(ctx, t):
            return t
    for t in reversed(tok.doc[sent.start : tok.i]):
        if t.pos_ in NOMINAL and actorish(ctx, t) and t.dep_ not in ("compound", "poss"):
            return t
    if sent.start > 0:
        prev = tok.doc[sent.start - 1].sent
        for t in prev:
            if t.dep_ == "nsubj" and t.pos_ != "PRON" and actorish(ctx, t):
                return t
    return None


def refs(ctx: DocContext, tok: Token | None, *, agent: bool = False) -> list[Ref]:
    """The actors a noun phrase names, one per conjunct.

    An agent (a subject, a "by" phrase) may be any noun phrase ("thousands protest"); in other
    places only names, role words and pronouns are actors, and a thing stands for its owner
    ("China's assistance" -> China) or for nothing.
    """
    if tok is None:
        return []
    out = []
    for head in conjuncts(ctx, tok):
        out.extend(_refs_one(ctx, head, agent=agent))
    return out


def _refs_one(ctx: DocContext, head: Token, *, agent: bool) -> list[Ref]:
    pronoun = False
    if head.pos_ == "PRON" or head.lower_ in RELATIVE_PRONOUNS:
        target = resolve_pronoun(ctx, head)
        if target is None:
            return []
        head, pronoun = target, True
    if head.ent_type_ in ("DATE", "TIME") and ctx.mention(head) is None:
        return []  # "denounced on Friday": a date is nobody
    lex = ctx.lex
    if (
        lemma(head) in lex.non_actor_nouns
        or lemma(head) in lex.authored_nouns
        or head.ent_type_ in _NON_ACTOR_ENTS
    ):
        m = ctx.mention(head)
        if m is None or m.label not in ACTOR_LABELS or head.ent_type_ in _NON_ACTOR_ENTS:
            # goods, sums, works and abstract nouns are nobody; whoever owns or names them
            # may stand in ("Yukos accounts" -> Yukos, "China's money" -> China)
            # (a demonym is no owner of goods, but the author of a plan: "the Senegalese plan")
            owner = _owner(ctx, head)
            authored = lemma(head) in ctx.lex.authored_nouns
            if (
                owner is not None
                and owner.i != head.i
                and owner.dep_ in _OWNER_DEPS
                and (owner.dep_ == "poss" or is_actor_mention(ctx, owner))
            ):
                return refs(ctx, owner)
            if owner is not None and owner.dep_ == "pobj" and owner.head.lower_ == "by":
                return refs(ctx, owner)  # "reforms by the government": its authors
            if owner is not None and authored and owner.dep_ == "amod":
                code = token_country(ctx, owner)
                if code is not None:
                    return [Ref(owner.idx, owner.idx + len(owner.text), country=code,
                                name=owner.text)]  # fmt: skip
            return []
    if lemma(head) in generic_roles() and ctx.mention(head) is None:
        inner = prep_object(head, ("of",))
        if inner is not None and (is_actor_mention(ctx, inner) or role_word(inner)):
            return refs(ctx, inner, agent=agent)  # "members of the Association of ..."
    mention = ctx.mention(head)
    if mention is not None and mention.label not in ACTOR_LABELS:
        mention = None
    if mention is None and head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return []  # "using the service had helped": a clause or a verb is nobody
    if mention is None and not role_word(head) and head.pos_ != "PROPN":
        owner = _owner(ctx, head, agent=agent)
        if owner is not None and owner.dep_ in ("compound", "amod", "nmod"):
            # "Russian missile submarine", "tunisian rioters": the people or thing itself,
            # coded with its country.
            code = token_country(ctx, owner)
            if code is not None or is_actor_mention(ctx, owner) or owner.pos_ == "NOUN":
                start, end = np_span(ctx, head, None)
                return [Ref(start, end, country=code, pronoun=pronoun,
                             name=ctx.doc.text[start:end])]  # fmt: skip
        if owner is not None:
            return refs(ctx, owner)
        if not (agent and (_crowd(ctx, head) or _affiliation_country(ctx, head))):
            return []  # a thing: "the advent of digital technology helped ..."
    split = _split_modifiers(ctx, head)
    if split:
        return split
    start, end = np_span(ctx, head, mention)
    ref = Ref(start, end, pronoun=pronoun)
    _fill(ctx, ref, head, mention)
    return [ref]


def _crowd(ctx: DocContext, head: Token) -> bool:
    """An agent that is a group of people though no role word names it: "thousands (of ...)
    protested", "opponents of Rwanda's Senate", "demonstrators in Baghdad"."""
    if head.like_num or head.ent_type_ == "CARDINAL" or lemma(head) in _CROWD_WORDS:
        return True
    if head.tag_ not in ("NNS", "NNPS"):
        return False  # "Chinese economic strength" is no group of people
    if any(c.dep_ in ("compound", "amod") and is_actor_mention(ctx, c) for c in head.children):
        return True  # "Boko Haram fighters", "Hamas negotiators"
    return modifier_country(ctx, head) is not None


#: Entity types that are never actors: sums, amounts, shares, works and products.
_NON_ACTOR_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "WORK_OF_ART", "PRODUCT"})
#: Links through which an owner names a non-actor noun: "China's", "Yukos accounts".
_OWNER_DEPS = frozenset({"poss", "compound", "nmod"})

#: Words that count people: "thousands protested", "dozens were arrested".
_CROWD_WORDS = frozenset({"thousand", "hundred", "dozen", "million", "ten", "score", "crowd"})


def _owner(ctx: DocContext, head: Token, *, agent: bool = False) -> Token | None:
    """Who a thing belongs to: "China's assistance", "Russian submarine", "staged by X".

    For an agent only a possessor counts: "opponents of Rwanda's Senate" are the opponents.
    """
    named = [
        c for c in head.children
        if c.dep_ in ("compound", "amod", "nmod") and is_actor_mention(ctx, c)
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
            is_actor_mention(ctx, child)
            or token_country(ctx, child)
            or (child.pos_ == "NOUN" and role_word(child))
        ):
            return child  # "Russian submarine", "rebel positions"
    by = prep_object(head, ("by", "of"))
    if by is not None and (actorish(ctx, by) or _owner(ctx, by) is not None):
        return by
    for child in head.children:
        if child.dep_ == "acl":
            agent = passive_agent(child)
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


def is_actor_mention(ctx: DocContext, tok: Token) -> bool:
    m = ctx.mention(tok)
    return m is not None and m.label in ("GPE", "NORP", "ORG", "PERSON")


def _split_modifiers(ctx: DocContext, head: Token) -> list[Ref]:
    """ "Hungarian and Romanian officials": one actor per coordinated nationality."""
    for child in head.children:
        if child.dep_ not in ("amod", "compound", "nmod") or not child.conjuncts:
            continue
        parts = [child, *[c for c in child.conjuncts if c.i > child.i]]
        codes = [token_country(ctx, p) for p in parts]
        if all(codes) and len(set(codes)) > 1:
            start, end = np_span(ctx, head, None)
            out = []
            for p, code in zip(parts, codes, strict=True):
                ref = Ref(start, end, country=code)
                _fill(ctx, ref, head, ctx.mention(head))
                ref.country = code
                ref.name = f"{p.text} {head.text}"
                out.append(ref)
            return out
    return []


def np_span(ctx: DocContext, head: Token, mention: Mention | None) -> tuple[int, int]:
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


def token_country(ctx: DocContext, tok: Token) -> str | None:
    """The country a word stands for, for an event's or a measure's actor: its mention's
    entity's country (any entity: "Toyota" is JPN), else a country name, demonym or seat
    among the names and modifiers (actors._title_word_country reads titles before entities
    exist, and only from countries and places)."""
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


def _fill(ctx: DocContext, ref: Ref, head: Token, mention: Mention | None) -> None:
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
        ref.country = modifier_country(ctx, head)
    if ref.name is None:
        ref.name = ctx.doc.text[ref.start : ref.end]


def modifier_country(ctx: DocContext, head: Token, depth: int = 0) -> str | None:
    """The country a noun phrase's modifiers name: "Japanese officials", "Japan's negotiator",
    "opponents of Rwanda's Senate", "demonstrators in Baghdad"."""
    for child in head.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "appos"):
            code = token_country(ctx, child)
            if code:
                return code
            if depth < 2 and child.dep_ in ("poss", "compound", "appos"):
                code = modifier_country(ctx, child, depth + 1)
                if code:
                    return code
    if depth < 2:
        code = _affiliation_country(ctx, head, depth)
        if code:
            return code
    if depth < 2:
        for obj in prep_objects(head, ("of", "in", "from", "throughout", "across")):
            code = token_country(ctx, obj) or modifier_country(ctx, obj, depth + 1)
            if code:
                return code
    return None


def _affiliation_country(ctx: DocContext, head: Token, depth: int = 0) -> str | None:
    """The country a noun is based in or loyal to: "a group based in Lagos", "a UK-based
    monitor", "fighters loyal to Kabul's rulers"."""
    for child in head.children:
        if child.dep_ not in ("amod", "acl") or not lemma_in(child, ctx.lex.affiliation_words):
            continue
        places = prep_objects(child, ("in", "to", "at", "with"))
        places += [c for c in child.children if c.dep_ in ("npadvmod", "compound")]
        for place in places:
            code = token_country(ctx, place) or modifier_country(ctx, place, depth + 1)
            if code:
                return code
    return None


def to_actor(ref: Ref | None, text: str) -> Actor | None:
    if ref is None:
        return None
    return Actor(
        span=Span.of(text, ref.start, ref.end),
        entity_id=ref.entity.id if ref.entity else None,
        name=ref.name,
        country=ref.country,
        sectors=list(ref.sectors),
    )


def clause_tokens(clause: Token, trigger: Token) -> set[int]:
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
