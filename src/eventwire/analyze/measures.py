"""Trade measures: tariffs (and anti-dumping, countervailing and safeguard duties), quotas,
bans, export controls, subsidies, exemptions, sanctions, deals and truces as records.

Each measure noun (data/measure_lexicon.yaml) becomes a `Measure` whose fields come from the
parse around it, by general rules:

- **rate**: a percentage that modifies the noun ("a 10% blanket tariff"), or a rate noun with
  a percentage in a sentence about tariffs ("Japan facing a 24% rate");
- **imposer**: the noun's owner ("U.S. tariffs" -> USA, "Washington's duties"), the subject
  of the verb that announces or imposes it ("Trump announced a tariff"), else the imposer of
  the tariff before it in the sentence or document (a later "the 25% auto tariff" is the same
  government's);
- **targets** and **products**: what follows "on" ("on all countries", "on cars, auto parts,
  steel, and aluminum") split into actors and goods, plus the subject of "face"/"pay";
  product modifiers of the noun ("auto tariff"); **exceptions** after "except", "excluding";
- **dates**: the announcing clause's date; an effective date introduced by "beginning",
  "from", "effective", "as of";
- **status** and **condition**: "threatens" -> threatened, "unless an agreement is reached"
  -> conditional with that clause as condition, "lifted" -> removed, "suspended" ->
  suspended, "announced"/"will impose" -> announced, in force otherwise; a deal or truce that
  is struck or finalised is in force. An exemption only sought ("Mexico is seeking an
  exemption") is requested, and spares no one yet; a removal only sought ("urged Washington
  to lift the tariffs") leaves the measure in force. A measure only spoken of as a condition
  ("unless an agreement is reached") is not recorded.
- **exemptions**: those an exemption spares ("granted Mexico an exemption from the
  tariffs", "exempted Canada from the tariffs", "Mexico's exemption") are its targets and
  the exceptions of the measure it exempts from, never that measure's targets.
- **deals and truces** name their parties: the subject that strikes them and the partner
  ("with X", "a deal to import gas from Iran"); with no partner named, the government whose
  tariffs the document is about.
- **kinds** are made precise by the noun's own words: "anti-dumping duties", "countervailing
  duties", "safeguard tariffs"; a ban or quota on exports ("export quotas", "an embargo on
  arms exports") or on goods controlled at export (arms) is an export control; "export
  controls", "state aid", "duty-free access" name measures only with their qualifier. A verb
  that stops trade names the measure itself: "banned exports of wheat", "suspended gas
  exports to Chile", "shut off gas supplies to Ukraine".
- **imposers** that are a person, office or administration stand for their country's
  government ("President Trump" -> the United States); a country or organisation in front of
  the noun ("the EU embargo"), a passive agent ("tariffs imposed by"), or the government that
  says or warns that a measure will come ("the premier said a levy will be charged") imposes.
- **targets** include the origin of the goods: "Vietnamese shrimp", "Peru's avocados",
  "Korean-made washing machines", "imports of aluminium from Russia", "exports to China";
  a subsidy has no target.
- **several rates** in one phrase give one measure each, every rate with the goods or
  targets next to it ("12.5% on tubes from India and 48% on tubes from Vietnam").
- **status** never defaults to in force: with no verb to say it, the clause's modality does
  ("will" -> announced, "could" -> proposed, a condition -> conditional); "propose",
  "consider", "plan" -> proposed; "call for", "urge" -> requested; a measure effective after
  the publication date is announced.
- **near-misses** are dropped: duties named by what they tax at home ("stamp duty", "fuel
  duty"), tariffs named by a service ("water tariffs", "roaming tariffs"), company deals
  ("a sponsorship deal", or a deal with no government party and no trade word), sanctions,
  bans and quotas in sentences about budgets, sport or migration with no goods or country,
  and bans that name no goods, country or trade.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from eventwire import settings
from eventwire.analyze import modality as modality_module
from eventwire.analyze.actor_lexicon import country_name
from eventwire.analyze.base import PageContext
from eventwire.analyze.modality import lemma
from eventwire.analyze.products import hs_codes, singular
from eventwire.analyze.resolver import Resolver, country_of
from eventwire.data import load_yaml
from eventwire.model import Actor, Document, Measure, Span, TimeExpr

_NOMINAL = frozenset({"NOUN", "PROPN"})
_VERBAL = frozenset({"VERB", "AUX"})
#: Nouns of levies, which the domestic words make domestic taxes ("stamp duty", "fuel
#: surcharge").
_TAX_NOUNS = frozenset({"duty", "levy", "surtax", "surcharge", "tax"})
#: Measure kinds whose noun makes its sentence a trade context for the nouns that need one.
_CONTEXT_KINDS = frozenset({"tariff", "subsidy", "safeguard"})
_STATUSES = ("announced", "imposed", "threatened", "suspended", "removed", "proposed", "requested")
#: Dependency links climbed from a measure noun to the clause that governs it.
_CLIMB = frozenset({"dobj", "pobj", "prep", "pcomp", "nsubjpass", "attr", "conj", "appos"})


@dataclass(frozen=True, slots=True)
class MeasureLexicon:
    kind_of: dict[str, str]
    needs_trade_context: frozenset[str]
    trade_words: frozenset[str]
    rate_nouns: frozenset[str]
    status_of_verb: dict[str, str]
    removal_nouns: frozenset[str]
    status_modifiers: dict[str, str]
    target_verbs: frozenset[str]
    sought_verbs: frozenset[str]
    exempt_verbs: frozenset[str]
    effective_cues: tuple[tuple[str, ...], ...]
    exception_words: tuple[tuple[str, ...], ...]
    target_preps: frozenset[str]
    scope_words: frozenset[str]
    product_wrappers: frozenset[str]
    group_targets: frozenset[str]
    qualified_kinds: dict[str, dict[str, str]]
    kind_modifiers: tuple[tuple[str, str], ...]
    export_kinds: frozenset[str]
    controlled_goods: frozenset[str]
    stopping_verbs: frozenset[str]
    stopped_objects: dict[str, str]
    change_nouns: frozenset[str]
    domestic_duty_words: frozenset[str]
    price_tariff_words: frozenset[str]
    company_deal_words: frozenset[str]
    non_trade_words: frozenset[str]
    trade_deal_words: frozenset[str]
    pair_nouns: frozenset[str]
    trade_activity_words: frozenset[str]
    country_sanction_nouns: frozenset[str]
    intent_nouns: frozenset[str]
    giving_verbs: frozenset[str]
    subsidy_recipients: frozenset[str]
    aim_verbs: frozenset[str]
    non_trade_deal_words: frozenset[str]
    bloc_seats: dict[str, str]


def _strings(values: Iterable[Any], where: str) -> list[str]:
    out = []
    for v in values:
        if not isinstance(v, str):  # YAML reads a bare `on` as True: quote it
            raise ValueError(f"measure_lexicon.yaml {where}: {v!r} is not a string")
        out.append(v.lower())
    return out


@functools.cache
def lexicon() -> MeasureLexicon:
    """The trade-measure lexicon, loaded once."""
    raw: dict[str, Any] = load_yaml("measure_lexicon.yaml")
    kind_of = {w: kind for kind, words in raw["kinds"].items() for w in _strings(words, kind)}
    status_of_verb = {}
    for status in _STATUSES:
        for verb in _strings(raw[status], status):
            status_of_verb.setdefault(verb, status)
    modifiers = {
        w: status for status, words in raw["status_modifiers"].items()
        for w in _strings(words, status)
    }  # fmt: skip
    return MeasureLexicon(
        kind_of=kind_of,
        needs_trade_context=frozenset(_strings(raw["needs_trade_context"], "context")),
        trade_words=frozenset(_strings(raw["trade_words"], "trade_words")),
        rate_nouns=frozenset(_strings(raw["rate_nouns"], "rate_nouns")),
        status_of_verb=status_of_verb,
        removal_nouns=frozenset(_strings(raw["removal_nouns"], "removal_nouns")),
        status_modifiers=modifiers,
        target_verbs=frozenset(_strings(raw["target_verbs"], "target_verbs")),
        sought_verbs=frozenset(_strings(raw["sought_verbs"], "sought_verbs")),
        exempt_verbs=frozenset(_strings(raw["exempt_verbs"], "exempt_verbs")),
        effective_cues=tuple(tuple(p.split()) for p in _strings(raw["effective_cues"], "cues")),
        exception_words=tuple(
            tuple(p.split()) for p in _strings(raw["exception_words"], "exceptions")
        ),
        target_preps=frozenset(_strings(raw["target_preps"], "target_preps")),
        scope_words=frozenset(_strings(raw["scope_words"], "scope_words")),
        product_wrappers=frozenset(_strings(raw["product_wrappers"], "product_wrappers")),
        group_targets=frozenset(_strings(raw["group_targets"], "group_targets")),
        qualified_kinds={
            noun.lower(): {q.lower(): k for q, k in quals.items()}
            for noun, quals in raw["qualified_kinds"].items()
        },
        kind_modifiers=tuple(
            (w, kind)
            for kind, words in raw["kind_modifiers"].items()
            for w in _strings(words, kind)
        ),
        export_kinds=frozenset(_strings(raw["export_kinds"], "export_kinds")),
        controlled_goods=frozenset(_strings(raw["controlled_goods"], "controlled_goods")),
        stopping_verbs=frozenset(_strings(raw["stopping_verbs"], "stopping_verbs")),
        stopped_objects={
            w: kind for kind, words in raw["stopped_objects"].items() for w in _strings(words, kind)
        },
        change_nouns=frozenset(_strings(raw["change_nouns"], "change_nouns")),
        domestic_duty_words=frozenset(_strings(raw["domestic_duty_words"], "domestic")),
        price_tariff_words=frozenset(_strings(raw["price_tariff_words"], "price")),
        company_deal_words=frozenset(_strings(raw["company_deal_words"], "company")),
        non_trade_words=frozenset(_strings(raw["non_trade_words"], "non_trade")),
        trade_deal_words=frozenset(_strings(raw["trade_deal_words"], "trade_deal")),
        pair_nouns=frozenset(_strings(raw["pair_nouns"], "pair_nouns")),
        trade_activity_words=frozenset(_strings(raw["trade_activity_words"], "trade_activity")),
        country_sanction_nouns=frozenset(_strings(raw["country_sanction_nouns"], "sanction")),
        intent_nouns=frozenset(_strings(raw["intent_nouns"], "intent_nouns")),
        giving_verbs=frozenset(_strings(raw["giving_verbs"], "giving_verbs")),
        subsidy_recipients=frozenset(_strings(raw["subsidy_recipients"], "recipients")),
        aim_verbs=frozenset(_strings(raw["aim_verbs"], "aim_verbs")),
        non_trade_deal_words=frozenset(_strings(raw["non_trade_deal_words"], "non_trade_deal")),
        bloc_seats={k.lower(): v for k, v in raw["bloc_seats"].items()},
    )


class MeasureAnalyzer:
    """Trade measures into `Document.measures`."""

    name = "measures"
    version = "0.1"
    requires = ("mentions", "entities", "times", "quantities")
    assigns = ("measures",)

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        lex = lexicon()
        lowers, lemmas = modality_module.doc_words(parsed)
        # One pass over plain word lists: the measure nouns, and whether the text is about
        # trade. Only a word that can start a candidate (`_candidate_words`) is made a
        # `Token` and tested in full; most words of a text cannot.
        maybe = _candidate_words()
        trade_words = lex.trade_words
        candidates = []
        trade = False
        for i, low in enumerate(lowers):
            lem = lemmas[i]
            if (lem in maybe or low[:-1] in maybe or low[:-2] in maybe) and _candidate(
                tok := parsed[i], lex
            ):
                candidates.append(tok)
            trade = trade or lem in trade_words or low in trade_words  # `_is_trade_word`
        if not candidates:
            return
        work = _Work(doc, parsed, lex, f"{self.name}/{self.version}", trade_doc=trade)
        work.homes = {t.i: _home(t) for t in candidates}
        for tok in candidates:
            if tok.pos_ in _VERBAL:
                measure = work.verb_measure(tok)
            else:
                measure = work.measure(tok)
                measure = work.refine(tok, measure) if measure is not None else None
            if measure is not None:
                for one in work.split_rates(tok, measure):
                    doc.measures.append(one)
                    work.done.append((tok, one))
        work.name_counterparties()


def _noun_lemma(tok: Token, lex: MeasureLexicon) -> str:
    """A measure noun's lemma, also when the lemmatiser slips on a plural ("taxes" ->
    "taxis")."""
    low = lemma(tok)
    if low in lex.kind_of or low in lex.qualified_kinds or tok.pos_ != "NOUN":
        return low  # a title-case name keeps its words ("the committee on Export Controls")
    word = tok.lower_
    for ending in ("es", "s"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and (stem in lex.kind_of or stem in lex.qualified_kinds):
            return stem
    return low


@functools.cache
def _candidate_words() -> frozenset[str]:
    """Words one of which a `_candidate` has as its lemma, or as its lower-case form less
    a plural ending: measure, rate and qualified nouns, nouns of country sanctions, "aid",
    and the stopping verbs with each first part of their phrases ("shut" of "shut off")."""
    lex = lexicon()
    nouns = {*lex.kind_of, *lex.rate_nouns, *lex.qualified_kinds, *lex.country_sanction_nouns}
    verbs = {phrase[:i] for phrase in lex.stopping_verbs for i, c in enumerate(phrase) if c == " "}
    return frozenset(nouns | verbs | lex.stopping_verbs | {"aid"})


def _candidate(tok: Token, lex: MeasureLexicon) -> bool:
    if tok.pos_ == "VERB":
        return _stopping(tok, lex) is not None
    if tok.pos_ not in _NOMINAL:
        return False
    low = _noun_lemma(tok, lex)
    return low in lex.kind_of or low in lex.rate_nouns or _qualified_kind(tok, lex) is not None


def _left_words(tok: Token) -> list[str]:
    """The words in front of a noun in its own phrase, lower case, hyphenated words joined
    ("anti-dumping" stays one word) and each also as its lemma."""
    # The phrase's own text (`Doc.text` would join the whole document's tokens anew).
    text = tok.doc[tok.left_edge.i : tok.i].text_with_ws.lower()
    words = re.findall(r"[a-z][a-z\-]*", text)
    if tok.i > 0 and tok.doc[tok.i - 1].is_alpha:
        words.append(tok.doc[tok.i - 1].lower_)  # a modifier the parser hung elsewhere
    lemmas = [lemma(t) for t in tok.lefts]
    return words + lemmas + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]


def _qualified_kind(tok: Token, lex: MeasureLexicon) -> str | None:
    """The kind of a noun that names a measure only when qualified: "export controls",
    "restrictions on imports", "state aid"."""
    if (
        lemma(tok) in lex.country_sanction_nouns
        and lemma(tok) not in lex.kind_of
        and not set(_left_words(tok)) & lex.non_trade_words  # "travel restrictions on the UK"
    ):
        for child in tok.children:
            # "new restrictions on Russia", "curbs against Iran": aimed at a country
            # aimed at a country (a name, demonym or seat of government), not a city
            obj = _pobj(child) if child.dep_ == "prep" else None
            if (
                child.lower_ in ("on", "against")
                and obj is not None
                and obj.ent_type_ == "GPE"
                and country_of(tok.doc[obj.left_edge.i : obj.i + 1].text)
            ):
                return "sanction"
    if lemma(tok) == "aid" and _aid_to_industry(tok, lex):
        return "subsidy"  # "hand its wine industry 70m euros in aid"
    quals = lex.qualified_kinds.get(_noun_lemma(tok, lex))
    if not quals:
        return None
    for word in _left_words(tok):
        if word in quals:
            return quals[word]
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "of"):
            obj = _pobj(child)
            if obj is not None and lemma(obj) in quals:
                return quals[lemma(obj)]
    return None


def _aid_to_industry(tok: Token, lex: MeasureLexicon) -> bool:
    """Aid given to a producing industry: the object of a verb of giving (or its "in aid")
    whose receiver (indirect object or "to" object) is an industry, its farmers or makers."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.lower_ == "in":
        verb = verb.head  # "hand the industry 70m euros in aid"
    elif tok.dep_ not in ("dobj", "nsubjpass"):
        return False
    if verb.pos_ not in _VERBAL or lemma(verb) not in lex.giving_verbs:
        return False
    for child in verb.children:
        receiver = child if child.dep_ == "dative" else None
        if child.dep_ == "prep" and child.lower_ == "to":
            receiver = _pobj(child)
        if receiver is not None and lemma(receiver) in lex.subsidy_recipients:
            return True
    return False


def _stopping(verb: Token, lex: MeasureLexicon) -> tuple[str, Token] | None:
    """A verb that stops or limits trade, with its object: "banned exports of rice",
    "shut off gas supplies", "shipments of wheat were halted"."""
    low = lemma(verb)
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if low not in lex.stopping_verbs and f"{low} {particle}" not in lex.stopping_verbs:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and lemma(child) in lex.stopped_objects:
            return lex.stopped_objects[lemma(child)], child
    return None


class _Work:
    """One document's measure extraction."""

    def __init__(
        self, doc: Document, parsed: Doc, lex: MeasureLexicon, extractor: str, *, trade_doc: bool
    ) -> None:
        self.doc = doc
        self.parsed = parsed
        self.lex = lex
        self.extractor = extractor
        self.resolver = Resolver(doc, parsed)
        self.done: list[tuple[Token, Measure]] = []
        self.homes: dict[int, Token] = {}  # candidate noun -> the verb it hangs on
        self.trade_doc = trade_doc
        self.times = sorted(doc.times, key=lambda t: t.span.start)
        self.percents = [q for q in doc.quantities if q.unit == "percent"]

    # ------------------------------------------------------------------ one measure

    def measure(self, tok: Token) -> Measure | None:
        lex = self.lex
        low = _noun_lemma(tok, lex)
        kind = lex.kind_of.get(low) or _qualified_kind(tok, lex)
        rate = self._rate(tok)
        if kind is None:
            # "a 24% rate" is a tariff in a sentence about tariffs
            if rate is None or not self._tariff_sentence(tok):
                return None
            kind = "tariff"
        if tok.dep_ == "compound" and tok.head.pos_ in _NOMINAL:
            return None  # "the tariff issue" talks about tariffs, names none
        # A "ban" or "deal" in a text not about trade must show it is a trade measure by
        # what it names: goods or a country it targets (checked once those are known).
        weak = low in lex.needs_trade_context and not self._trade_context(tok)
        if modality_module.in_condition(tok):
            return None  # "unless an agreement is reached": a condition, not a measure
        assessment = modality_module.assess(tok)
        chain = _governors(tok)
        seeker = next((v for v in chain if lemma(v) in lex.sought_verbs), None)
        # A sought exemption is recorded as requested below, whatever the seeking's modality.
        sought = kind == "exemption" and seeker is not None
        # "cancelled the trade deal", "abandoned its pact": a verb of ending negates the
        # deal's happening to the modality module, but here it is the deal's removal.
        ended = bool(chain) and lex.status_of_verb.get(lemma(chain[0])) == "removed"
        # "both sides hope to reach a deal": a deal aimed at is proposed, not imagined
        aimed = kind in ("deal", "truce") and any(lemma(v) in lex.aim_verbs for v in chain)
        if (
            not sought
            and not ended
            and not aimed
            and kind in ("deal", "truce", "exemption")
            and assessment.modality
            in (
                "hypothetical",
                "negated",
                "conditional",
            )
        ):
            return None  # "little benefit in striking a deal", "no deal"
        if sought:
            # An exemption sought is not one granted: it is recorded as requested, by the
            # seeker, of the party asked or of the measure it is sought from.
            status, status_verb = "requested", None
            imposer = _first(self.resolver.actors(_object(seeker), agent=True))
            targets = self.resolver.actors(self.resolver.subject(seeker), agent=True)
        else:
            status, status_verb = self._status(tok, chain)
            imposer, targets = self._parties(tok, kind, chain, status_verb)
            asker = self._asker(chain, status_verb)
            removal = status_verb is not None and lex.status_of_verb.get(lemma(status_verb)) in (
                "removed",
                "suspended",
            )
            if status in ("proposed", "announced") and self._warned(chain, status_verb):
                status = "threatened"  # "warned it could impose duties"
            if asker is not None and not removal and not aimed:
                # "urged Washington to impose tariffs": only asked for; the one asked imposes
                status = "requested"
                imposer = _first(self.resolver.actors(_object(asker), agent=True))
        products, more_targets = self._products_and_targets(tok)
        targets = _unique(targets + more_targets)
        exceptions = self._exceptions(tok)
        exempting = self._exempting(tok)
        if exempting is not None:
            # "an exemption from the steel tariffs", "exempted Canada from the tariffs": those
            # who are exempted are the tariff's exceptions, not its targets.
            spared = self._beneficiaries(exempting)
            keys = {_actor_key(a) for a in spared}
            targets = [a for a in targets if _actor_key(a) not in keys]
            exceptions = _unique(exceptions + spared)
            if imposer is None and exempting.pos_ in _VERBAL:
                imposer = _first(self.resolver.actors(self.resolver.subject(exempting), agent=True))
        if kind == "exemption" and imposer is None:
            source = self._exempted_from(tok)
            if source is not None:
                imposer = self._parties(source, "tariff", _governors(source), None)[0]
        condition = None
        clause = assessment.condition or _condition_up(chain)
        if clause is not None and status not in ("threatened", "removed"):
            status = "conditional"
            condition = _subtree_span(self.doc.text, clause)
        announced, effective = self._dates(tok, chain, status_verb)
        if status == "in_force" and _after_publication(effective, self.doc):
            status = "announced"  # "is due to take effect on June 1": not in force yet
        if imposer is None:
            imposer = self._intent_owner(tok)  # "Egypt's decision to enter into the deal"
        if imposer is None and kind not in ("deal", "truce"):
            imposer, warner = self._reporter(tok)
            if warner and status in ("proposed", "announced", "conditional"):
                status = "threatened"  # "a step that could trigger sanctions, the EU warned"
        if imposer is None and not targets and not products and rate is None:
            return None  # "the country's deal": nothing known of it but its name
        if weak and not (
            any(a.country for a in targets) or any(hs_codes(p.text) for p in products)
        ):
            return None
        return Measure(
            span=_np_extent(self.doc.text, tok),
            kind=kind,  # type: ignore[arg-type]
            imposer=imposer,
            targets=targets,
            exceptions=exceptions,
            products=products,
            rate=rate,
            announced=announced,
            effective=effective,
            status=status,  # type: ignore[arg-type]
            condition=condition,
            extractor=self.extractor,
        )

    # ------------------------------------------------------------------ fields

    def _rate(self, tok: Token) -> float | None:
        """A percentage modifying the noun: "a 10% tariff", "a tariff of 25%", or the level
        its verb sets it to: "raise tariffs on cars to 25%"."""
        lo = tok.left_edge.idx
        hi = tok.idx
        for q in self.percents:
            if lo <= q.span.start and q.span.end <= hi:
                return q.value
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "at"):
                for q in self.percents:
                    if child.idx < q.span.start <= child.right_edge.idx:
                        return q.value
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if verb is not None and self.lex.status_of_verb.get(lemma(verb)) == "imposed":
            levels = list(verb.children)
            # "raised tariffs from 10% to 25%": the level is the "to" under "from"
            levels += [c for p in verb.children if p.lower_ == "from" for c in p.children]
            for child in levels:
                if child.dep_ == "prep" and child.lower_ in ("to", "at", "of"):
                    for q in self.percents:
                        if child.idx < q.span.start <= child.right_edge.idx:
                            return q.value
            for child in verb.children:
                # "from 6% to 18%" parsed as one phrase: the percentage after its "to"
                if child.dep_ == "prep" and child.lower_ == "from":
                    to = next((t for t in child.subtree if t.lower_ == "to"), None)
                    after = [
                        q
                        for q in self.percents
                        if to is not None and to.idx < q.span.start <= child.right_edge.idx
                    ]
                    if after:
                        return after[0].value
        if not self.percents:
            return _token_percent(tok)
        return None

    def _asker(self, chain: list[Token], status_verb: Token | None) -> Token | None:
        """A verb above the measure's own verb that only asks for it ("urged Washington to
        impose tariffs", "called on Brussels to raise duties")."""
        if status_verb is None or status_verb not in chain:
            return None
        for verb in chain[chain.index(status_verb) + 1 :]:
            if lemma(verb) in self.lex.sought_verbs or (
                self.lex.status_of_verb.get(lemma(verb)) == "requested"
            ):
                return verb
        return None

    # ------------------------------------------------------------------ verbs as measures

    def verb_measure(self, verb: Token) -> Measure | None:
        """A measure named by its verb: "banned exports of rice", "suspended gas exports to
        Chile", "shut off gas supplies to Ukraine", "halted imports of Peru's avocados"."""
        found = _stopping(verb, self.lex)
        if found is None or modality_module.in_condition(verb):
            return None
        kind, obj = found
        mode = modality_module.assess(verb).modality
        if mode == "negated":
            return None
        status = _STATUS_OF_MODALITY.get(mode, "in_force")
        if mode == "hypothetical" and _reported_future(verb):
            status = "announced"  # "said it would ban exports": its plan, reported
        for above in _governors(verb):
            said = self.lex.status_of_verb.get(lemma(above))
            if said in ("threatened", "proposed", "requested"):
                status = said
                break
        r = self.resolver
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        imposer = _first(
            r.actors(_pobj(agent) if agent is not None else r.subject(verb), agent=True)
        ) or self._intent_owner(verb)  # "China's move to ban exports of gallium"
        products, targets = self.goods(obj)
        for holder in (obj, verb):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "for", "from"):
                    place = _pobj(prep)
                    if place is not None and (r.country(place) or r.actorish(place)):
                        targets.extend(r.actors(place)[:1] or [_country_actor(r, place)])
        if kind == "export_control" and not products and not targets:
            return None  # "stopped sales" names no goods and no one: nothing to record
        if imposer is None and not targets:
            return None
        text = self.doc.text
        end = max(obj.right_edge, verb, key=lambda t: t.i)
        announced, effective = self._dates(obj, [verb], verb)
        return Measure(
            span=Span.of(text, verb.idx, end.idx + len(end.text)),
            kind=kind,  # type: ignore[arg-type]
            imposer=self._government(imposer, targets),
            targets=_unique([a for a in targets if a is not None]),
            products=_unique(products),
            status=status,  # type: ignore[arg-type]
            announced=announced,
            effective=effective,
            extractor=self.extractor,
        )

    # ------------------------------------------------------------------ refinement

    def refine(self, tok: Token, m: Measure) -> Measure | None:
        """The measure's precise kind, its imposer as a government, and the near-misses
        that are not trade measures at all."""
        lex = self.lex
        words = set(_left_words(tok))
        low = _noun_lemma(tok, lex)
        if low in _TAX_NOUNS and words & lex.domestic_duty_words:
            return None  # "stamp duty", "fuel duty": a domestic tax
        if m.kind == "tariff" and words & lex.price_tariff_words:
            return None  # "water tariffs", "roaming tariffs": a price
        if m.kind == "tariff":
            for phrase, kind in lex.kind_modifiers:
                if phrase in words or phrase in self.doc.text[m.span.start : tok.idx].lower():
                    m.kind = kind  # type: ignore[assignment]
                    break
        if m.kind in lex.export_kinds and self._about_exports(tok, m):
            m.kind = "export_control"
        if (
            m.kind == "ban"
            and lemma(tok) in lex.country_sanction_nouns
            and not m.products
            and any(a.country for a in m.targets)
        ):
            m.kind = "sanction"  # "an embargo on Syria": aimed at a country, not at goods
        if m.kind in ("deal", "truce") and not self._trade_deal(tok, m, words):
            return None
        if m.kind in ("sanction", "ban", "quota", "exemption", "export_control", "safeguard") and (
            self._outside_trade(tok, m)
        ):
            return None
        if m.kind == "subsidy":
            m.targets = []  # who receives a subsidy is not a country it targets
        if (
            m.kind not in ("deal", "truce")
            and m.imposer is not None
            and m.imposer.country
            and any(a.country == m.imposer.country for a in m.targets)
        ):
            m.imposer = None  # no country targets itself: the imposer was misread
        m.imposer = self._government(m.imposer, m.targets)
        return m

    def _about_exports(self, tok: Token, m: Measure) -> bool:
        """A ban or quota on exports ("export quotas", "an embargo on arms exports"), or on
        goods controlled at export ("an arms embargo")."""
        if "export" in _left_words(tok):
            return True
        extent = self.parsed.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if extent is not None and any(
            lemma(t) in ("export", "shipment") and t.i > tok.i for t in extent
        ):
            return True
        goods = {singular(w) for p in m.products for w in re.findall(r"[a-z\-]+", p.text.lower())}
        goods |= {singular(w) for w in _left_words(tok)}
        return bool(goods & self.lex.controlled_goods)

    def _trade_deal(self, tok: Token, m: Measure, words: set[str]) -> bool:
        """A deal or truce between governments, or one about trade; not a sponsorship deal
        or a company's contract."""
        if words & self.lex.company_deal_words or words & self.lex.non_trade_deal_words:
            return False  # a sponsorship deal, a border security pact
        if words & self.lex.trade_deal_words or any(
            _is_trade_word(t, self.lex) for t in tok.subtree if t.i != tok.i
        ):
            return True
        parties = [a for a in [m.imposer, *m.targets] if a is not None]
        # a government or an intergovernmental body (the WTO, the EU)
        return any(_governmental(a) or "IGO" in a.sectors for a in parties)

    def _outside_trade(self, tok: Token, m: Measure) -> bool:
        """A sanction, ban or quota in a sentence about budgets, sport, migration or courts,
        with no goods and no country it targets ("fear sanctions for breaking the deficit
        limit", "a three-match ban", "quotas for work permits")."""
        if set(_left_words(tok)) & self.lex.non_trade_words:
            return True  # "a three-match ban", "quarantine restrictions on Spain": named so
        if any(hs_codes(p.text) for p in m.products) or any(a.country for a in m.targets):
            return False
        if m.kind == "safeguard" and lemma(tok) == "safeguard":
            return True  # "safeguards against oppression": a trade safeguard names its goods
        if m.kind in ("ban", "export_control", "safeguard") and lemma(tok) not in ("embargo",):
            # a trade ban names goods or a country; a ban on smoking, a three-match ban or a
            # hosepipe ban names neither. Its own words may still say it is a trade ban.
            return not set(_left_words(tok)) & self.lex.trade_words
        return any(lemma(t) in self.lex.non_trade_words for t in tok.sent)

    def _reporter(self, tok: Token) -> tuple[Actor | None, bool]:
        """The government that says it will apply a measure no clause names an imposer for
        ("the premier said a levy will be charged"), and whether it said so as a warning
        ("..., the EU warned")."""
        r = self.resolver
        node = tok
        for _ in range(settings.MEASURE_MAX_CLIMB):
            if node.head.i == node.i:
                break
            node = node.head
            if node.pos_ in _VERBAL and lemma(node) in _REPORTING | _WARNING:
                found = _first(r.actors(r.subject(node), agent=True))
                if (
                    found is not None
                    and (found.country or found.entity_id)
                    and not _business(found)
                ):
                    return found, lemma(node) in _WARNING
                return None, False
        return None, False

    def _intent_owner(self, tok: Token) -> Actor | None:
        """The owner of a decision, move or plan the measure is the aim of: "Egypt's
        decision to enter into the trade agreement", "China's move to ban exports"."""
        node = tok
        for _ in range(settings.MEASURE_MAX_CLIMB):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ in _NOMINAL and lemma(node) in self.lex.intent_nouns:
                owner = next((c for c in node.children if c.dep_ == "poss"), None)
                return _first(self.resolver.actors(owner)) if owner is not None else None
        return None

    def _government(
        self, actor: Actor | None, targets: Iterable[Actor | None] = ()
    ) -> Actor | None:
        """A person, office or administration that imposes a measure stands for its
        country's government ("President Trump", "the Obama administration")."""
        if actor is not None and actor.span.text.lower() in self.lex.bloc_seats:
            # "Brussels imposed duties": the EU, whose seat it is, sets its trade policy
            bloc = self.lex.bloc_seats[actor.span.text.lower()]
            return Actor(span=actor.span, name=bloc, sectors=["IGO"])
        if actor is not None and not actor.country and "GOV" in actor.sectors:
            # "the government" of the story's country, which is not one it targets
            actor = self._home_government(actor, {t.country for t in targets if t is not None})
        if actor is None or not actor.country or _business(actor):
            return actor
        name = country_name(actor.country)
        if name is None:
            return actor
        sectors = actor.sectors if "GOV" in actor.sectors else ["GOV", *actor.sectors]
        return dataclasses.replace(actor, name=name, sectors=sectors)

    def _home_government(self, actor: Actor, targeted: set[str | None]) -> Actor:
        """A government, ministry or office the text names without its country ("the
        government", "the trade ministry") is the government of the country the story has
        named most before it (ties: the latest). Unchanged when none was named."""
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        entities = {e.id: e for e in self.doc.entities}
        for mention in self.doc.mentions:
            entity = entities.get(mention.entity_id or "")
            if mention.span.start >= actor.span.start or entity is None:
                continue
            if mention.label == "GPE" and entity.country and entity.country not in targeted:
                counts[entity.country] = counts.get(entity.country, 0) + 1
                last[entity.country] = mention.span.start
        if not counts:
            return actor
        code = max(counts, key=lambda c: (counts[c], last[c]))
        return dataclasses.replace(actor, country=code)

    # ------------------------------------------------------------------ several in one

    def split_rates(self, tok: Token, m: Measure) -> list[Measure]:
        """One measure per rate when a sentence gives several rates, each for its own goods
        or targets: "duties of 12.5% on tubes from India and 48% on tubes from Vietnam",
        "raised tariffs on motorcycles to 80% and on wine to 95%"."""
        if tok.pos_ not in _NOMINAL:
            return [m]
        doc = tok.doc
        end = max(h.right_edge.i for h in _holders(tok))
        lo, hi = tok.left_edge.idx, doc[end].idx + len(doc[end])
        pcts = [q for q in self.percents if lo <= q.span.start < hi and not self._change(q)]
        if len(pcts) < 2:
            return [m]
        products = list(m.products)
        targets = list(m.targets)
        for t in doc[tok.i + 1 : end + 1]:
            if t.pos_ != "ADP" or t.dep_ not in ("prep", "conj") or t.head.i == tok.i:
                continue
            if t.lower_ == "from":
                place = _pobj(t)
                if place is not None and self.resolver.country(place):
                    targets.extend(self.resolver.actors(place)[:1])
            elif t.lower_ in ("on", "against"):
                obj = _pobj(t)
                if obj is None or obj.ent_type_ in _NUMERIC:
                    continue
                for item in [obj, *[c for c in obj.conjuncts if c.i > obj.i]]:
                    if self.resolver.country(item):
                        targets.extend(self.resolver.actors(item)[:1])
                    else:
                        more, origins = self.goods(item)
                        products.extend(more)
                        targets.extend(origins)
        items = sorted(
            [(a.span.start, "t", a) for a in _unique(targets)]
            + [(p.start, "p", p) for p in _unique(products)],
            key=lambda x: x[0],
        )
        if not items:
            return [m]
        forward = pcts[0].span.start < items[0][0]
        groups: list[list[tuple[str, Any]]] = [[] for _ in pcts]
        for pos, role, x in items:
            if forward:
                k = max((i for i, q in enumerate(pcts) if q.span.start <= pos), default=0)
            else:
                k = min(
                    (i for i, q in enumerate(pcts) if q.span.start >= pos), default=len(pcts) - 1
                )
            groups[k].append((role, x))
        if sum(bool(g) for g in groups) < 2:
            return [m]
        out = []
        for q, group in zip(pcts, groups, strict=True):
            ts = [x for role, x in group if role == "t"]
            ps = [x for role, x in group if role == "p"]
            out.append(dataclasses.replace(m, rate=q.value, targets=ts or m.targets,
                                           products=ps or m.products))  # fmt: skip
        return out

    def _change(self, q: Any) -> bool:
        """A percentage that measures a change ("a 40% cut", "a rise of 60%"), not a rate."""
        span = self.parsed.char_span(q.span.start, q.span.end, alignment_mode="expand")
        if span is None:
            return False
        head = span.root.head
        for _ in range(settings.MEASURE_CHANGE_MAX_CLIMB):
            if lemma(head) in self.lex.change_nouns:
                return True
            if head.head.i == head.i:
                break
            head = head.head
        return False

    def _tariff_sentence(self, tok: Token) -> bool:
        return any(lemma(t) in ("tariff", "duty", "levy") for t in tok.sent)

    def _trade_context(self, tok: Token) -> bool:
        """A document about trade, or a sentence with a trade word or a measure that is
        one whatever its context ("an agreement ... which limits the subsidies")."""
        lex = self.lex
        return self.trade_doc or any(
            _is_trade_word(t, lex)
            or (lemma(t) in lex.kind_of and lemma(t) not in lex.needs_trade_context
                and lex.kind_of[lemma(t)] in _CONTEXT_KINDS)
            for t in tok.sent
        )  # fmt: skip

    def _status(self, tok: Token, chain: list[Token]) -> tuple[str, Token | None]:
        """The measure's status, and the verb that gave it (whose subject imposes it)."""
        lex = self.lex
        governed = any(lex.status_of_verb.get(lemma(v)) in ("imposed", "announced") for v in chain)
        for child in tok.children:
            status = lex.status_modifiers.get(child.lower_)
            if status == "announced" and governed:
                continue  # "imposed new tariffs": the verb says more, and who imposes them
            if child.dep_ in ("amod", "compound") and status:
                return _status_name(status, None), None
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and lemma(head.head) in lex.removal_nouns:
            removal = head.head
            negated = modality_module.assess(removal).modality == "negated"
            sought = removal.dep_ == "dobj" and lemma(removal.head) in lex.sought_verbs
            return ("in_force" if negated or sought else "removed"), None
        for k, verb in enumerate(chain):
            status = lex.status_of_verb.get(lemma(verb))
            if status is None:
                if k == 0 and tok.dep_ == "dobj" and tok.head.i == verb.i:
                    break  # "asked the WTO to investigate the tariffs": not about their status
                continue
            mode = modality_module.assess(verb).modality
            if status == "imposed":
                if mode == "hypothetical" and _reported_future(verb):
                    return "announced", verb  # "said he would impose": his plan, reported
                if mode == "hypothetical":
                    return "proposed", verb  # "could impose"
                future = mode in ("planned", "expected")
                return ("announced" if future else "in_force"), verb
            if status == "requested":
                return "requested", None  # who asks for a measure does not impose it
            if status == "removed" and modality_module.assess(verb).modality == "negated":
                return "in_force", None
            if status == "removed" and any(
                lemma(v) in lex.sought_verbs for v in chain[chain.index(verb) + 1 :]
            ):
                # "wants Washington to remove", "urged it to scrap": the removal is only
                # sought, so the measure stays in force; whoever is asked imposes it.
                return "in_force", verb
            if status == "removed" and mode in ("planned", "expected", "hypothetical"):
                # "will lift the ban" is an announced removal; "is likely to be lifted" one
                # only expected: the measure stays in force meanwhile
                return ("announced" if mode == "planned" else "proposed"), verb
            return _status_name(status, verb), verb
        return _status_of_clause(tok), None

    def _warned(self, chain: list[Token], status_verb: Token | None) -> bool:
        """A verb of threatening above the measure's own ("warned it could impose")."""
        if status_verb is None or status_verb not in chain:
            return False
        return any(
            self.lex.status_of_verb.get(lemma(v)) == "threatened"
            for v in chain[chain.index(status_verb) + 1 :]
        )

    def _parties(
        self, tok: Token, kind: str, chain: list[Token], status_verb: Token | None
    ) -> tuple[Actor | None, list[Actor]]:
        r = self.resolver
        lex = self.lex
        imposer: Actor | None = None
        targets: list[Actor] = []
        for child in tok.children:
            if child.dep_ == "poss" and kind == "exemption":
                targets.extend(r.actors(child))  # "Mexico's exemption": Mexico is spared
            elif child.dep_ == "poss":
                imposer = _first(r.actors(child))
        access = lemma(tok) in lex.qualified_kinds and kind == "exemption"
        if access:
            # "grant Ukrainian steel tariff-free access": the goods' country is spared
            for child in tok.lefts:
                if child.dep_ in ("compound", "amod", "nmod") and not _names_measure(child, lex):
                    targets.extend(self.goods(child)[1])
        if imposer is None and not access:
            for child in tok.lefts:
                if child.dep_ in ("compound", "amod", "nmod") and (
                    r.country(child) or child.ent_type_ in ("GPE", "ORG", "NORP")
                ):
                    # "U.S. tariffs", "the EU embargo", "European Union customs tariffs"
                    imposer = _first(r.actors(child)) or _country_actor(r, child)
                    if imposer is not None:
                        break
        if imposer is None and kind == "exemption":
            # "duty-free access to the US market": the market's country grants it
            market = _prep_pobj(tok, "to")
            if market is not None:
                imposer = _first(r.actors(market)) if r.country(market) else None
                if imposer is None and lemma(market) in ("market", "consumer"):
                    for child in market.lefts:
                        if r.country(child):
                            imposer = _first(r.actors(child)) or _country_actor(r, child)
        if imposer is None:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "by":
                    imposer = _first(r.actors(_pobj(prep), agent=True))
        for verb in tok.children:
            # "tariffs imposed by both nations", "embargoes applied to China and Burma"
            if verb.dep_ != "acl" or verb.tag_ != "VBN":
                continue
            if lex.status_of_verb.get(lemma(verb)) not in ("imposed", "announced"):
                continue  # "aid received by Airbus": Airbus does not grant it
            for child in verb.children:
                if child.dep_ == "agent" and imposer is None:
                    agent = _pobj(child)
                    imposer = _first(r.actors(agent, agent=True))
                    if imposer is None and agent is not None and lemma(agent) in lex.group_targets:
                        imposer = Actor(span=_group_span(self.doc.text, agent))  # "by nations"
                elif child.dep_ == "prep" and child.lower_ in ("to", "on", "against"):
                    place = _pobj(child)
                    if place is not None and r.country(place):
                        targets.extend(r.actors(place))
        for verb in chain[:1]:
            # "Beijing has been threatened with sanctions": the one threatened is targeted
            said = self.lex.status_of_verb.get(lemma(verb))
            if said == "threatened" and tok.dep_ == "pobj" and tok.head.lower_ == "with":
                passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                targets.extend(r.actors(passive or r.subject(verb), agent=True))
        if chain and tok.dep_ == "pobj" and tok.head.lower_ == "with":
            verb = chain[0]
            if lex.status_of_verb.get(lemma(verb)) == "imposed":
                # "hit China with tariffs", "slapped Canada with duties": the object is targeted
                targets.extend(r.actors(_object(verb)))
        for verb in chain:
            if lemma(verb) in self.lex.target_verbs:
                targets.extend(r.actors(r.subject(verb), agent=True))  # "Japan faces a rate"
                break
        if status_verb is not None:
            for prep in status_verb.children:
                # "embargoes applied to China and Burma", "duties were imposed on Japan"
                if prep.dep_ == "prep" and prep.lower_ in ("to", "on", "against"):
                    if any(c.dep_ == "neg" for c in prep.children) or (
                        prep.i > 0 and prep.doc[prep.i - 1].lower_ == "not"
                    ):
                        continue  # "but not to North Korea"
                    for place in _conjunct_list(_pobj(prep)):
                        if r.country(place):
                            targets.extend(r.actors(place)[:1])
        if imposer is None and status_verb is not None and tok.dep_ not in ("nsubj", "nsubjpass"):
            # the subject of "impose" imposes; a measure that is itself the subject ("the
            # embargo applies to China") names no imposer there
            imposer = _first(r.actors(r.subject(status_verb), agent=True))
        if imposer is None and kind == "subsidy" and chain:
            # "France will pay farm aid", "Washington cut its subsidies": who handles a
            # subsidy grants it, unless it only receives or seeks it
            verb = chain[0]
            if lemma(verb) not in lex.sought_verbs and (
                lemma(verb) == "pay" or lemma(verb) not in lex.target_verbs
            ):
                imposer = _first(r.actors(r.subject(verb), agent=True))
        if kind in ("deal", "truce"):
            # "the two countries signed a deal", "a deal between both sides": the parties
            # are the governments the sentence names (else the story just before it)
            pair = [_pobj(p) for p in _preps_after(tok) if p.lower_ == "between"]
            pair += [r.subject(chain[0])] if chain else []
            for noun in pair:
                named = self._named_pair(noun)
                if named:
                    if imposer is None or not imposer.country:
                        imposer = named[0]  # not "sides" read as a name
                    targets.extend(a for a in named if a is not imposer)
                    break
        if imposer is None and kind in ("deal", "truce") and chain:
            imposer = _first(r.actors(r.subject(chain[0]), agent=True))
        if (
            kind in ("deal", "truce")
            and chain
            and imposer is not None
            and lex.status_of_verb.get(lemma(chain[0])) in ("imposed", "announced", "proposed")
        ):
            # "Japan and Korea signed a pact": who signs with the imposer is a party too (not
            # "France and Germany escaped sanctions under the pact")
            for actor in r.actors(r.subject(chain[0]), agent=True):
                if _actor_key(actor) != _actor_key(imposer) and (
                    _governmental(actor) or "IGO" in actor.sectors
                ):
                    targets.append(actor)
        if kind in ("deal", "truce"):
            for prep in _preps_after(tok):
                if prep.lower_ in ("with", "between"):
                    targets.extend(r.actors(_pobj(prep)))
            for verb in tok.children:
                # "a deal to import gas from Iran", "an agreement to buy Venezuelan fuel":
                # where the goods come from (or go to) is the other party
                if verb.dep_ not in ("acl", "relcl") or verb.pos_ != "VERB":
                    continue
                for child in verb.children:
                    if child.dep_ == "dobj":
                        targets.extend(self.goods(child)[1])
                    elif child.dep_ == "prep" and child.lower_ in ("from", "to"):
                        place = _pobj(child)
                        if place is not None and r.country(place):
                            targets.extend(r.actors(place)[:1])
        if imposer is None and kind in ("tariff", "quota"):
            imposer = self._earlier_imposer(tok)
        return imposer, targets

    def _named_pair(self, noun: Token | None) -> list[Actor]:
        """The countries "the two countries", "both sides" or "the two governments" stand
        for: the distinct countries the sentence names (at least two), mostly before them
        ("Chile and Peru met, and the two countries signed"), at times after them ("a deal
        between the two countries will let China drill in Venezuela")."""
        if noun is None or lemma(noun) not in self.lex.pair_nouns:
            return []
        if not any(c.lower_ in ("two", "both") for c in noun.lefts):
            return []
        found = self._parties_named(noun.sent, noun)
        if len(found) < 2:
            # "Both sides hope to reach a deal": the two last named in the sentences before
            sents = [s for s in noun.doc.sents if s.end <= noun.sent.start]
            earlier: dict[str, Actor] = {}
            for sent in reversed(sents[-settings.MEASURE_PAIR_LOOKBACK_SENTENCES :]):
                for key, actor in reversed(list(self._parties_named(sent, None).items())):
                    earlier.setdefault(key, actor)
                if len(earlier) >= 2:
                    found = dict(reversed(list(earlier.items())[:2]))
                    break
        return list(found.values()) if len(found) >= 2 else []

    def _parties_named(self, sent: Any, skip: Token | None) -> dict[str, Actor]:
        """The governments and intergovernmental bodies a sentence names, in order, one
        each (not companies: "Airbus and Boeing" are no parties to a trade deal)."""
        r = self.resolver
        found: dict[str, Actor] = {}
        for t in sent:
            if skip is not None and skip.left_edge.i <= t.i <= skip.right_edge.i:
                continue
            if t.ent_type_ in ("GPE", "ORG", "NORP") and (
                t.i + 1 == len(t.doc) or t.doc[t.i + 1].ent_iob_ != "I"
            ):
                actor = _first(r.actors(t))
                if actor is None or not (_governmental(actor) or "IGO" in actor.sectors):
                    continue
                key = actor.country or actor.name
                if key and key not in found:
                    found[key] = actor
        return found

    def _exempting(self, tok: Token) -> Token | None:
        """The exemption noun or exempting verb that `tok` is exempted from: "an exemption
        from the tariffs", "exempted Canada from the tariffs"."""
        if tok.dep_ != "pobj" or tok.head.lower_ != "from":
            return None
        head = tok.head.head
        if head.pos_ in _NOMINAL and self.lex.kind_of.get(lemma(head)) == "exemption":
            return head
        if head.pos_ in _VERBAL and _verb_in(head, self.lex.exempt_verbs):
            return head
        return None

    def _exempted_from(self, tok: Token) -> Token | None:
        """The measure an exemption noun exempts from ("an exemption from the tariffs")."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                obj = _pobj(prep)
                if obj is not None and _names_measure(obj, self.lex):
                    return obj
        return None

    def _beneficiaries(self, head: Token) -> list[Actor]:
        """Who an exemption spares: the object of "exempt", the receiver of a granted
        exemption, the subject of one won, the owner of "Mexico's exemption"."""
        r = self.resolver
        if head.pos_ in _VERBAL:
            return _unique(r.actors(_object(head), agent=True))
        out: list[Actor] = []
        for child in head.children:
            if child.dep_ == "poss":
                out.extend(r.actors(child))
        for h in _holders(head)[1:]:
            if h.pos_ not in _VERBAL:
                continue
            for child in h.children:
                if child.dep_ == "dative":
                    out.extend(r.actors(child))
            if lemma(h) in self.lex.sought_verbs:
                return []  # an exemption only sought spares no one yet
            if lemma(h) in self.lex.target_verbs:
                out.extend(r.actors(r.subject(h), agent=True))
        return _unique(out)

    def _earlier_imposer(self, tok: Token) -> Actor | None:
        """The imposer of the tariff before this one, in the sentence or the document."""
        for other_tok, m in reversed(self.done):
            if m.kind in ("tariff", "quota") and m.imposer is not None and other_tok.i < tok.i:
                return m.imposer
        return None

    def _products_and_targets(self, tok: Token) -> tuple[list[Span], list[Actor]]:
        r = self.resolver
        lex = self.lex
        text = self.doc.text
        products: list[Span] = []
        targets: list[Actor] = []
        for h in _holders(tok)[1:]:
            if h.pos_ in _NOMINAL and h.i != tok.i:
                break  # "granted Mexico an exemption from the tariffs": Mexico is not the tariffs'
            for child in h.children:
                if child.dep_ == "dative" and child.pos_ in _NOMINAL:
                    found = r.actors(child)  # "granted Mexico an exemption"
                    if not found and lemma(child) in lex.group_targets:
                        found = [Actor(span=_group_span(text, child))]  # "gave poor countries"
                    if not found:
                        found = self.goods(child)[1]  # "allowing Egyptian goods access"
                    targets.extend(found)
        preps = _preps_after(tok)
        for prep in preps:
            if prep.lower_ == "from":  # "tariffs on goods from Chile"
                obj = _pobj(prep)
                if obj is not None and not _names_measure(obj, lex):
                    targets.extend(r.actors(obj))  # not "an exemption from the tariffs"
                continue
            if prep.lower_ not in lex.target_preps and not (
                prep.lower_ == "of" and lex.kind_of.get(lemma(tok)) == "subsidy"
            ):
                continue  # "the subsidisation of Chinese steel": the goods subsidised
            if prep.lower_ == "to" and _qualified_kind(tok, lex) == "exemption":
                continue  # "access to the US market": who grants it, not whom it targets
            obj = _pobj(prep)
            if obj is not None and obj.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY"):
                obj = _prep_pobj(obj, "of")  # "on $200 billion of Chinese goods"
            if obj is None or obj.ent_type_ in _NUMERIC:
                continue
            for item in [obj, *[c for c in obj.conjuncts if c.i > obj.i]]:
                if lemma(item) in lex.trade_activity_words:
                    # "a ban on trade with Iran": trade itself is no product; its partner
                    # is the target
                    partner = _prep_pobj(item, "with") or _prep_pobj(tok, "with")
                    for place in _conjunct_list(partner):
                        if r.country(place):
                            targets.extend(r.actors(place)[:1] or [_country_actor(r, place)])
                    continue
                if lemma(item) in lex.group_targets and not r.country(item):
                    targets.append(
                        Actor(span=_group_span(text, item), name=None)
                    )  # "all countries"
                elif lemma(item) in lex.product_wrappers or not (
                    r.country(item) or (r.actorish(item) and not _goods(r, item))
                ):
                    more_products, origins = self.goods(item)
                    products.extend(more_products)
                    targets.extend(origins)
                else:
                    targets.extend(r.actors(item)[:1])
        products.extend(self._modifier_products(tok))
        return _unique(products), targets

    def goods(self, item: Token) -> tuple[list[Span], list[Actor]]:
        """The goods a noun phrase names and the countries they come from: "Vietnamese
        shrimp", "Peru's avocados", "Korean-made washing machines", "tubes from India",
        "imports of aluminium from Russia", "US beef imports"."""
        r = self.resolver
        lex = self.lex
        products: list[Span] = []
        origins: list[Actor] = []
        if item.pos_ != "NOUN" and self._origin(item) is not None:
            return [], [a for a in r.actors(item)[:1] or [_country_actor(r, item)] if a]
        if lemma(item) in lex.product_wrappers:
            inner = _prep_pobj(item, "of")
            if inner is not None:
                for thing in [inner, *[c for c in inner.conjuncts if c.i > inner.i]]:
                    more, back = self.goods(thing)
                    products.extend(more)
                    origins.extend(back)
            for child in item.lefts:  # "US beef imports": beef the goods, the US the origin
                if child.dep_ not in ("compound", "amod", "nmod", "poss"):
                    continue
                code = self._origin(child)
                if code is not None:
                    origins.extend(r.actors(child)[:1] or [_country_actor(r, child)])
                elif child.pos_ in _NOMINAL and lemma(child) not in lex.scope_words:
                    # "steel and aluminum imports": each conjunct is goods, perhaps of a country
                    for c in _conjunct_list(child):
                        more, back = self.goods(c)
                        products.extend(more)
                        origins.extend(back)
        else:
            products.append(r.np_span(item))
            for t in item.subtree:
                if t.i >= item.i:
                    break
                if self._origin(t) is not None and t.dep_ != "det":
                    found = r.actors(t)[:1] or [_country_actor(r, t)]
                    origins.extend(a for a in found if a is not None)
        source = _prep_pobj(item, "from")
        if source is not None and not _names_measure(source, lex):
            # "imports of food from the EU, the United States and Norway": every origin
            origins.extend(r.actors(source) or [_country_actor(r, source)])
        if lex.stopped_objects.get(lemma(item)) == "export_control":
            # "an embargo on arms exports to China": where exports go is whom it targets
            for place in _conjunct_list(_prep_pobj(item, "to")):
                if r.country(place):
                    origins.extend(r.actors(place)[:1])
        return products, [a for a in origins if a is not None]

    def _origin(self, tok: Token) -> str | None:
        """The country a modifier of goods names ("Vietnamese", "Peru's", "Korean" in
        "Korean-made")."""
        code = self.resolver.country(tok)
        if code is None and tok.text[:1].isupper():
            code = country_of(tok.text)
        return code

    def _modifier_products(self, tok: Token) -> list[Span]:
        """Goods named in front of the noun: "auto tariff", "auto and auto parts tariffs"."""
        lex = self.lex
        r = self.resolver
        text = self.doc.text
        lefts = list(tok.lefts)
        for c in list(lefts):  # "cobalt export quotas": the goods hang on the scope word
            if lemma(c) in lex.scope_words or c.lower_ in lex.scope_words:
                lefts.extend(c.lefts)
        mods = [
            c for c in lefts
            if c.dep_ in ("compound", "nmod", "amod")
            and (c.pos_ in _NOMINAL or c.dep_ == "compound" or hs_codes(c.text))
            and lemma(c) not in lex.scope_words
            and c.lower_ not in lex.scope_words
            and not r.country(c)
            and c.ent_type_ not in ("PERCENT", "MONEY", "CARDINAL", "GPE", "NORP", "ORG")
            and "%" not in c.text
        ]  # fmt: skip
        spans: list[Span] = []
        for m in mods:
            # "auto and auto parts": split the modifier phrase at its conjunctions
            piece: list[Token] = []
            for t in m.subtree:
                if t.dep_ in ("cc", "punct") or t.pos_ in ("CCONJ", "PUNCT", "DET", "NUM"):
                    if piece:
                        spans.append(Span.of(text, piece[0].idx, piece[-1].idx + len(piece[-1])))
                    piece = []
                    continue
                if t.lower_ in lex.scope_words or "%" in t.text:
                    continue
                piece.append(t)
            if piece:
                spans.append(Span.of(text, piece[0].idx, piece[-1].idx + len(piece[-1])))
        return spans

    def _exceptions(self, tok: Token) -> list[Actor]:
        """ "on all countries except Canada, Mexico, and China", "..., sparing Chile".

        The parser hangs exception words in many places (on the noun, on its verb, on the
        target), so the words after the measure, up to the end of its clause, are read in
        order: the first exception phrase and the noun phrase after it.
        """
        r = self.resolver
        doc = tok.doc
        end = max(h.right_edge.i for h in _holders(tok))
        i = tok.i + 1
        while i <= end:
            n = self._exception_at(i)
            if n:
                j = i + n
                while j <= end and doc[j].pos_ not in _NOMINAL:
                    j += 1
                if j > end:
                    return []
                head = doc[j]
                while (
                    head.head.i <= end
                    and head.head.pos_ in _NOMINAL
                    and head.dep_ in ("compound", "amod", "nmod")
                ):
                    head = head.head  # "North Korea": the phrase's head word
                return _unique(r.actors(head, agent=True))
            i += 1
        return []

    def _exception_at(self, i: int) -> int:
        """Length of the exception phrase starting at token i, or 0."""
        words = [t.lower_ for t in self.parsed[i : i + 4]]
        for phrase in sorted(self.lex.exception_words, key=len, reverse=True):
            if tuple(words[: len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _dates(
        self, tok: Token, chain: list[Token], status_verb: Token | None
    ) -> tuple[TimeExpr | None, TimeExpr | None]:
        clause = chain[-1] if chain else tok
        sent = tok.sent
        in_sentence = [t for t in self.times if sent.start_char <= t.span.start < sent.end_char]
        effective = None
        others = []
        for t in in_sentence:
            if t.granularity in ("duration", "reference", "set") or t.value.startswith("P"):
                continue
            if self._effective_cue(t):
                if self._owner_of_time(t) == tok.i and (
                    effective is None or _gap(t, tok) < _gap(effective, tok)
                ):
                    effective = t
            else:
                others.append(t)
        announced = None
        anchor = status_verb or clause
        tokens = self.resolver.clause_tokens(anchor, tok) if anchor is not None else set()
        for t in others:
            span = self.parsed.char_span(t.span.start, t.span.end, alignment_mode="expand")
            if span is not None and any(x.i in tokens for x in span):
                announced = t
                break
        return announced, effective

    def _owner_of_time(self, t: TimeExpr) -> int | None:
        """The measure a date belongs to: the one whose clause holds it most closely ("a 10%
        tariff ..., with Japan facing a 24% rate beginning in July": July is the rate's)."""
        span = self.parsed.char_span(t.span.start, t.span.end, alignment_mode="expand")
        if span is None:
            return None
        best, best_size = None, None
        for i, home in self.homes.items():
            if home.sent != span.sent:
                continue
            if home.left_edge.i <= span.start and span.end - 1 <= home.right_edge.i:
                size = home.right_edge.i - home.left_edge.i
                if best_size is None or size < best_size:
                    best, best_size = i, size
        return best

    def _effective_cue(self, t: TimeExpr) -> bool:
        text = self.doc.text
        words = text[t.span.start : t.span.end].lower().split()
        before = text[max(0, t.span.start - 40) : t.span.start].lower().split()
        for cue in self.lex.effective_cues:
            n = len(cue)
            if tuple(words[:n]) == cue:
                return True
            if len(before) >= n and tuple(before[-n:]) == cue:
                return True
            # "beginning in July", "from early June": one word between
            if len(before) >= n + 1 and tuple(before[-n - 1 : -1]) == cue:
                return True
        return False

    # ------------------------------------------------------------------ deals' partners

    def name_counterparties(self) -> None:
        """A deal or truce with one party named, in a document about one government's
        tariffs, is struck with that government ("the U.K. was the first to finalize a
        deal" in a story on U.S. tariffs)."""
        main = self._main_imposer()
        if main is None:
            return
        for _, m in self.done:
            if m.kind not in ("deal", "truce") or m.targets or m.imposer is None:
                continue
            if m.imposer.country and m.imposer.country != main.country:
                m.targets = [main]

    def _main_imposer(self) -> Actor | None:
        counts: dict[str, int] = {}
        for _, m in self.done:
            if m.kind in ("tariff", "quota", "sanction") and m.imposer and m.imposer.country:
                counts[m.imposer.country] = counts.get(m.imposer.country, 0) + 1
        if not counts:
            return None
        code = max(counts, key=lambda c: counts[c])
        # Prefer the country itself ("U.S.") over a person who imposed its tariffs, or a
        # city of it.
        name = country_name(code)
        entities = {e.id: e for e in self.doc.entities}
        gpes = [m for m in self.doc.mentions if m.label == "GPE" and m.entity_id in entities]
        gpes.sort(key=lambda m: entities[m.entity_id or ""].name != name)
        for mention in gpes:
            entity = entities[mention.entity_id or ""]
            if entity.country == code:
                return Actor(
                        span=mention.span, entity_id=entity.id, name=entity.name,
                        country=code, sectors=list(entity.sectors),
                    )  # fmt: skip
        for _, m in self.done:
            if m.imposer is not None and m.imposer.country == code:
                return m.imposer
        return None


# --------------------------------------------------------------------------- helpers


_STATUS_OF_MODALITY = {
    "planned": "announced",
    "expected": "announced",
    "hypothetical": "proposed",
    "conditional": "conditional",
}
#: Verbs whose subject speaks for the government that will apply a measure.
_REPORTING = frozenset({"say", "announce", "decide", "tell", "confirm", "state", "declare"})
_WARNING = frozenset({"warn", "threaten"})


def _status_of_clause(tok: Token) -> str:
    """The status of a measure no verb gives one to, from its clause's tense and modality:
    "tariffs will apply" is announced, "tariffs could follow" proposed, "the tariffs hurt
    exporters" in force."""
    return _STATUS_OF_MODALITY.get(modality_module.assess(tok).modality, "in_force")


def _after_publication(t: TimeExpr | None, doc: Document) -> bool:
    """Whether a date lies after the document's publication (both with a known year)."""
    published = doc.published.date
    if t is None or not published or t.value[:4].startswith("X"):
        return False
    value = t.value[:10]
    return value[: len(published)] > published[: len(value)]


def _reported_future(verb: Token) -> bool:
    """ "would" under a verb of saying is the future of reported speech ("said it would
    raise tariffs"), not a hypothesis."""
    if not any(c.lower_ in ("would", "'d") for c in verb.children):
        return False
    node = verb
    for _ in range(settings.MEASURE_REPORTED_SPEECH_MAX_CLIMB):
        if node.head.i == node.i:
            return False
        node = node.head
        if lemma(node) in _REPORTING:
            return True
    return False


def _governmental(actor: Actor) -> bool:
    """A government or a country, not a company or a person outside government."""
    return (
        bool(actor.country)
        and not _business(actor)
        and ("GOV" in actor.sectors or not actor.sectors)
    )


def _business(actor: Actor) -> bool:
    return any(s in ("BUS", "MED", "CVL", "EDU", "SPT") for s in actor.sectors)


def _is_trade_word(tok: Token, lex: MeasureLexicon) -> bool:
    return lemma(tok) in lex.trade_words or tok.lower_ in lex.trade_words


def _object(verb: Token) -> Token | None:
    """The direct object of `verb` ("asked Washington for ...", "exempted Canada")."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)


def _verb_in(verb: Token, words: frozenset[str]) -> bool:
    """Whether a verb is one of `words`, also when the lemmatiser slips ("spared" -> "spar")."""
    low = verb.lower_
    stems = (low, low[:-1], low[:-2]) if low.endswith(("d", "s")) else (low,)
    return lemma(verb) in words or any(stem in words for stem in stems)


def _names_measure(tok: Token, lex: MeasureLexicon) -> bool:
    return lemma(tok) in lex.kind_of


def _actor_key(actor: Actor) -> tuple[str | None, str | None]:
    return (actor.entity_id or actor.name, actor.country)


def _holders(tok: Token) -> list[Token]:
    """Where a measure's prepositions hang: on the noun, or on the verb it is the object of
    ("imposed tariffs on Korea": "on Korea" belongs to "imposed")."""
    out = [tok]
    node = tok
    # up through "the removal of tariffs" to the verb whose object the phrase is
    while node.dep_ in ("pobj", "prep") and node.head.i != node.i:
        node = node.head
        if node.pos_ in _NOMINAL:
            out.append(node)
    if node.dep_ in ("dobj", "nsubjpass", "dative") and node.head.pos_ in _VERBAL:
        out.append(node.head)
    return out


def _preps_after(tok: Token) -> list[Token]:
    """Prepositions of the measure noun, and those of its verb that follow the noun ("On
    April 2, Trump announced a tariff on ..." - "On April 2" is not about the tariff)."""
    out = [
        c for h in _holders(tok) for c in h.children
        if c.dep_ in ("prep", "dative") and (h.i == tok.i or c.i > tok.i)
    ]  # fmt: skip
    for prep in [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "at")]:
        rate = _pobj(prep)
        if rate is not None and (rate.ent_type_ == "PERCENT" or rate.lower_ in _PERCENT_WORDS):
            # "duties of 30% on Mexican tomatoes": the parser hangs "on" on the rate
            out.extend(c for c in rate.children if c.dep_ == "prep")
    return out


#: The words a percentage ends in when the entity recogniser leaves them out ("12.8 per cent").
_PERCENT_WORDS = frozenset({"%", "percent", "cent", "pc"})
_NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "CARDINAL", "QUANTITY"})


def _status_name(status: str, verb: Token | None) -> str:
    return {"imposed": "in_force"}.get(status, status)


def _governors(tok: Token) -> list[Token]:
    """The verbs governing a measure noun, nearest first, up to its clause (and through
    "with X facing ..." absolutes and infinitives to the main verb)."""
    out = []
    node = tok
    for _ in range(settings.MEASURE_MAX_CLIMB):
        if node.head.i == node.i:
            break
        dep = node.dep_
        node = node.head
        if node.pos_ in _VERBAL:
            out.append(node)
            if dep not in _CLIMB and dep not in ("xcomp", "pcomp", "relcl", "advcl", "acl"):
                break
        elif node.pos_ in _NOMINAL and dep not in ("pobj", "prep", "conj", "appos", "compound"):
            break
    return out


def _home(tok: Token) -> Token:
    chain = _governors(tok)
    return chain[0] if chain else tok


def _condition_up(chain: list[Token]) -> Token | None:
    for verb in chain:
        clause = modality_module.condition_clause(verb)
        if clause is not None:
            return clause
    return None


def _pobj(prep: Token | None) -> Token | None:
    if prep is None:
        return None
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _prep_pobj(tok: Token, word: str) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == word:
            return _pobj(child)
    return None


def _goods(r: Resolver, tok: Token) -> bool:
    """A noun that is goods, not an actor, though a country word modifies it."""
    return not r.actorish_head(tok)


def _conjunct_spans(r: Resolver, tok: Token) -> list[Span]:
    return [r.np_span(t) for t in [tok, *[c for c in tok.conjuncts if c.i > tok.i]]]


def _conjunct_list(tok: Token | None) -> list[Token]:
    """A noun and the conjuncts after it, up to a negated one ("China and Burma but not
    North Korea")."""
    if tok is None:
        return []
    out = [tok]
    for c in sorted((c for c in tok.conjuncts if c.i > tok.i), key=lambda c: c.i):
        if any(t.lower_ in ("not", "except", "excluding") for t in tok.doc[out[-1].i : c.i]):
            break
        out.append(c)
    return out


def _first(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


def _country_actor(r: Resolver, tok: Token) -> Actor | None:
    code = r.country(tok)
    if code is None:
        return None
    return Actor(span=Span.of(tok.doc.text, tok.idx, tok.idx + len(tok.text)), name=tok.text,
                 country=code)  # fmt: skip


def _group_span(text: str, tok: Token) -> Span:
    start = tok.left_edge.idx if tok.left_edge.i < tok.i else tok.idx
    return Span.of(text, start, tok.idx + len(tok.text))


def _np_extent(text: str, tok: Token) -> Span:
    """The measure's words: the noun phrase with its modifiers and prepositional phrases."""
    left = tok.left_edge
    while left.i < tok.i and left.pos_ in ("DET", "PUNCT", "CCONJ"):
        left = left.doc[left.i + 1]
    right = tok
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "cc", "conj"):
            break
        right = child.right_edge
    while right.i > tok.i and right.pos_ in ("PUNCT", "CCONJ"):
        right = right.doc[right.i - 1]
    return Span.of(text, left.idx, right.idx + len(right.text))


def _subtree_span(text: str, tok: Token) -> Span:
    left, right = tok.left_edge, tok.right_edge
    while right.i > left.i and right.pos_ == "PUNCT":
        right = right.doc[right.i - 1]
    return Span.of(text, left.idx, right.idx + len(right.text))


def _gap(t: TimeExpr, tok: Token) -> int:
    return abs(t.span.start - tok.idx)


def _token_percent(tok: Token) -> float | None:
    """A percentage among the noun's left modifiers, when no quantities analyzer ran."""
    for t in tok.subtree:
        if t.i >= tok.i:
            break
        if t.like_num and t.i + 1 < len(t.doc) and t.doc[t.i + 1].text in ("%", "percent"):
            try:
                return float(t.text.replace(",", ""))
            except ValueError:
                return None
    return None


def _unique(items: list[Any]) -> list[Any]:
    seen = set()
    out = []
    for item in items:
        key = (
            (item.span.start, item.span.end) if isinstance(item, Actor) else (item.start, item.end)
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
