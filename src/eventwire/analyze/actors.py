"""Actors: who is who within a document, each coded with a country and sector codes.

The entity analyzer that runs before this one writes the mentions with their spans and labels
final (analyze/mention_fixes.py: "U.S.-Japan" split, names NER missed added, titles trimmed
off person names, who is a person, "the Trump administration" one name). This analyzer only
adds: it writes `doc.entities` (ids e1, e2, ... in order of first mention), points every
mention at one, and adds the mentions of actors named by a role. It keeps every mention record
it is given.

1. It resolves the names as the mention stage read them (mention_fixes.MentionNotes, left with
   the parse: each name's gazetteer readings, the label NER gave it, the people and the names
   a government noun took in), so the text is matched once and a name is coded with the
   evidence it was decided on.
2. Each name is resolved: a dictionary actor, a country, a country's government, a place, a
   person (name parts join: "Akazawa" is "Ryosei Akazawa" when both occur), an organisation.
   A bare surname that only the dictionary knows ("Lai") needs support: a role word before it
   or the actor's country named in the same document.
3. Titles and the country they carry come from the dependency parse: words before a name
   ("U.S. Treasury Secretary Scott Bessent" -> "Treasury Secretary", USA) and appositions
   ("Japan's top trade negotiator, Ryosei Akazawa" -> "top trade negotiator", JPN).
4. Nominal actors that are not names ("Japanese officials", "a federal judge") become mentions
   labelled ROLE, coded from data/roles.yaml and the country that owns them.

Decisions (the contract other analyzers rely on):
- A person and the government they lead are different entities. "Trump" and "President Donald
  Trump" are the person Donald Trump (USA, GOV while in office); "the Trump administration" is
  one ORG mention of the entity "Government of the United States" (USA, GOV), which also
  collects "the U.S. government" and "Washington" used as an actor.
- A capital (or other seat of government) is the government when it acts: subject of a verb
  that is not stative ("Tokyo is urging"), agent of a passive, partner of talks ("talks with
  Beijing"), or owner of a policy ("Washington's tariffs"). Otherwise it is a place, coded with
  its country and no sector ("to visit Washington").
- A country name is the country (GPE, no sector); demonyms ("Japanese") join the country.
- Label ROLE: a mention of an actor named by its role, not by a name. Its span is the role
  words and their modifiers ("officials", "federal judge", "Special Prosecutor"); a country
  word before it stays a mention of its own ("Japanese"), so mentions never overlap; the
  entity's name keeps both ("Japanese officials"). "the president" joins the one person in
  the document titled President, when there is exactly one.
- When a document names exactly one country (through any of its entities), role and
  institution entities, and people titled with an office, without a country of their own get
  it ("Federal judge" in a headline about Trump -> USA; "Foreign Minister Lee" in a story
  about Seoul -> KOR); see settings.ACTOR_SINGLE_COUNTRY_DEFAULT.
- The dictionary is data/actors.yaml (reviewed by hand, current) and, beneath it,
  data/phoenix_actors.tsv (derived from the Phoenix dictionaries by
  scripts/convert_phoenix.py; people with dated roles up to about 2015, international bodies,
  companies, armed groups). A name either gives keeps only the project's reading. A name
  several people share ("George Bush") is the one in office on the publication date, else
  the one whose roles run latest (pick_by_date).
- A dictionary actor's sectors and title come from the role in force on the publication date,
  or on the dictionary's `as_of` date when the document has none (derived entries: their
  latest role). Titles read from the text
  win over the dictionary's (they describe the person when the story was written); several
  are joined with "; ". A title with "former" keeps the word and gives no sectors.
- A place name several countries share is placed by the name after its comma ("Paris,
  Texas"), else by a country the document names, else where most people live.
- `Entity.key` is the actor dictionary's id for known actors, "country:JPN" for a country,
  "government:JPN" for a country's government, and None otherwise. `Entity.type` is the
  entity's kind: PERSON, ORG (governments included), GPE (countries and places), ROLE, or the
  NER label of other names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.actor_lexicon import (
    ActorEntry,
    Lexicon,
    _hits,
    _role_match,
    _role_recency,
    government_name,
    lexicon_key,
    place_countries,
)
from eventwire.analyze.base import PageContext
from eventwire.analyze.mention_fixes import (
    _OWNER_DEPS,
    NAME_LABELS_FOR_PLACES,
    NOUNS,
    MentionNotes,
    NameReader,
    PersonGroup,
    Reading,
    RolePhrase,
    _span,
    _unique,
    suffix_actor,
    take_notes,
    title_sectors,
)
from eventwire.model import Document, Entity, Mention, Span

# Working structures ---------------------------------------------------------------------------


@dataclass(slots=True)
class Ref:
    """What a mention refers to; mentions with equal keys form one entity."""

    key: tuple
    type: str
    name: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    actor: ActorEntry | None = None
    domestic: bool = False  # may take the document's only country (roles, bodies, officials)
    alternatives: tuple[str, ...] = ()  # a place name's countries, most populous place first
    government: bool = False  # "the government": a country's government once its country is known


@dataclass(slots=True)
class _Work(Reading):
    """A mention being resolved: the mention stage's reading of it and its referent."""

    ref: Ref | None = None


@dataclass(slots=True)
class _Title:
    text: str
    country: str | None
    sectors: tuple[str, ...]
    roles: tuple[str, ...]  # the office: role key at its head, for "the president" joins
    past: bool = False  # "former": the office is no longer held
    plural: bool = False  # "opposition leaders": it may cover several names


@dataclass(slots=True)
class _Cluster(PersonGroup):
    """Person mentions that name one person, with what is known of the person."""

    titles: list[_Title] = field(default_factory=list)
    actor: ActorEntry | None = None
    country: str | None = None  # the one country of the dictionary people it may be


# The analyzer -------------------------------------------------------------------------------


class ActorAnalyzer:
    """Resolves who is who in a document and codes each actor; see the module docstring."""

    name = "actors"
    version = "0.1"
    requires = ("mentions",)
    assigns = ("mentions", "entities")

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        notes = take_notes(parsed, [(m.span.start, m.span.end, m.label) for m in doc.mentions])
        _Resolver(doc, parsed, notes).run()


def _publication_date(doc: Document) -> dt.date | None:
    """The publication date, or None: each dictionary entry then says which of its roles
    stands (ActorEntry.role_on)."""
    try:
        return dt.date.fromisoformat(doc.published.date) if doc.published.date else None
    except ValueError:
        return None


def pick_by_date(entries: list[ActorEntry], on: dt.date | None) -> ActorEntry | None:
    """The actor a name means on a date when several share it ("George Bush"): the
    project's own entry over derived ones, then one holding an office on the date, then one
    with any role in force on it, then the one whose roles run latest (before the date, when
    there is one)."""
    if len(entries) <= 1:
        return entries[0] if entries else None
    own = [e for e in entries if not e.loose_case]
    pool = own or entries
    if on is not None:
        current = [e for e in pool if any(r.start or r.end for r in e.roles) and e.role_on(on)]
        # An office on the date over the elite standing sources give before and after one.
        office = [e for e in current if (r := e.role_on(on)) and set(r.sectors) - {"ELI"}]
        pool = office or current or pool

    def recency(entry: ActorEntry) -> tuple[dt.date, dt.date]:
        roles = [r for r in entry.roles if on is None or r.start is None or r.start <= on]
        return max((_role_recency(r) for r in roles), default=(dt.date.min, dt.date.min))

    return max(pool, key=recency)


_HYPHENS = frozenset({"-", "‐", "‑"})


def _joins_words(token: Token) -> bool:
    """True when `token` sits between two words with no space on either side."""
    return (
        not token.whitespace_
        and 0 < token.i < len(token.doc) - 1
        and not token.nbor(-1).whitespace_
        and token.nbor(-1).is_alpha
        and token.nbor(1).is_alpha
    )


# Resolution -----------------------------------------------------------------------------------


class _Resolver(NameReader):
    """Resolves the mentions of one document, writes its entities and adds role mentions.

    It starts from the names as the mention stage read them before deciding who is a person
    and which names a government noun takes in (`MentionNotes.before`), and follows those
    decisions where the mention stage made them, so every name is coded with the evidence it
    had when it was decided: a name NER tagged ORG and that is a person's surname here counts
    as that organisation's country until it is found to be the person."""

    works: list[_Work]  # type: ignore[assignment]
    clusters: list[_Cluster]  # type: ignore[assignment]

    def __init__(self, doc: Document, parsed: Doc, notes: MentionNotes) -> None:
        works = [
            _Work(r.start, r.end, r.label, list(r.hits), r.lengthened, r.kind_sectors)
            for r in notes.before
        ]
        super().__init__(doc.text, parsed, notes.tokens, notes.matches, notes.sentence_start, works)
        self.doc = doc
        self.notes = notes
        self.on = _publication_date(doc)

    def _has_ref(self, n: int) -> bool:
        return self.works[n].ref is not None

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> None:
        self.token_work = self.notes.token_work
        for w in self.works:
            if w.label != "PERSON":
                w.ref = self._name_ref(w)
        self._owned_organisations()
        self._resolve_people()
        self._add_roles()
        self._places_in_context()
        self._single_country_default()
        self._write()

    # -- names other than people ---------------------------------------------------------------

    def _name_ref(self, w: _Work) -> Ref:
        surface = self.text[w.start : w.end]
        hit = self._decisive_hit(w)
        if hit is not None:
            if hit.actor is not None:
                return self._actor_ref(hit.actor)
            if hit.kind in ("country", "demonym"):
                return self._country_ref(hit.country)
            if hit.kind == "seat":
                # NER's ORG for a capital ("Kiev said") already reads it as an institution.
                if w.label == "ORG" or self._acts_as_government(w):
                    return self._government_ref(hit.country)
                key = ("place", hit.country, lexicon_key(surface))
                ref = Ref(key, w.label, surface, hit.country)
                others = place_countries().get(lexicon_key(surface), ())
                ref.alternatives = tuple(dict.fromkeys((hit.country or "", *others)))
                return ref
            if hit.kind == "region":
                return Ref(
                    ("place", hit.country, lexicon_key(hit.name or surface)),
                    "GPE",
                    hit.name or surface,
                    hit.country,
                )
        if w.label in NAME_LABELS_FOR_PLACES:
            codes = place_countries().get(lexicon_key(surface), ())
            code = codes[0] if codes else None
            ref = Ref(("place", code, lexicon_key(surface)), w.label, surface, code)
            ref.alternatives = codes
            return ref
        if w.label == "ORG":
            ref = self._org_ref(w, surface)
            ref.sectors = ref.sectors or list(w.kind_sectors)
            return ref
        return Ref(("name", w.label, lexicon_key(surface)), w.label, surface)

    def _owned_organisations(self) -> None:
        """An organisation NER split from its country word takes its country: "Japanese" +
        "Defense Ministry", "Japan's" + "Defense Ministry"."""
        for w in self.works:
            if w.ref is None or w.ref.key[0] != "org" or w.ref.country:
                continue
            span = _span(self.parsed, w.start, w.end)
            if span is None:
                continue
            for child in span.root.children:
                owner = self._work_of(child)
                ref = owner.ref if owner is not None else None
                owned = child.i < span.start and child.dep_ in _OWNER_DEPS
                if owned and ref is not None and ref.key[0] in ("country", "government"):
                    w.ref.country = ref.country
                    break

    def _actor_ref(self, entry: ActorEntry) -> Ref:
        country, sectors, title = entry.coding(self.on)
        return Ref(
            ("actor", entry.id),
            entry.type,
            entry.name,
            country,
            list(sectors),
            [title] if title else [],
            actor=entry,
            domestic=entry.type != "PERSON",
        )

    def _country_ref(self, code: str | None) -> Ref:
        name = self.lex.country_names.get(code or "", code or "")
        return Ref(("country", code), "GPE", name, code)

    def _government_ref(self, code: str | None) -> Ref:
        return Ref(
            ("government", code),
            "ORG",
            government_name(code) if code else "government",
            code,
            ["GOV"],
            domestic=True,
        )

    def _org_ref(self, w: _Work, surface: str) -> Ref:
        """An organisation the dictionary does not know, coded from its own words: a country
        word ("U.S. Treasury"), role words ("Parliament", "Supreme Court"), a company suffix."""
        actor = suffix_actor(surface, self.lex)
        if actor is not None:
            return self._actor_ref(actor)
        ref = Ref(("org", lexicon_key(surface)), "ORG", surface, domestic=True)
        span = _span(self.parsed, w.start, w.end)
        if span is not None:
            # A longer name around a known one ("Social Democrats") is not in its country.
            ref.country = None if w.lengthened else self._country_inside(span)
            titled = title_sectors(list(span), self.lex, None, None)
            ref.sectors = list(titled[0])
        if not ref.sectors and any(
            lexicon_key(t) in self.lex.org_suffixes for t in surface.split()[1:]
        ):
            ref.sectors = ["BUS"]
        return ref

    def _country_inside(self, span: SpacySpan) -> str | None:
        """The country of the first gazetteer name inside a span ("U.S." in "U.S. Treasury")."""
        for match in self.matches:
            if span.start_char <= match.start and match.end <= span.end_char:
                for hit in match.hits:
                    if hit.country:
                        return hit.country
        return None

    # -- capitals as governments -----------------------------------------------------------------

    def _acts_as_government(self, w: _Work) -> bool:
        span = _span(self.parsed, w.start, w.end)
        if span is None:
            return False
        token = span.root
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head  # "Washington and Tokyo agreed": the first conjunct's role
        head = token.head
        lex = self.lex
        if token.dep_ == "nsubj":
            return head.lemma_.lower() not in lex.stative_verbs
        if token.dep_ == "pobj":
            prep = head.text.lower()
            governor = head.head
            if head.dep_ == "agent":
                return True
            if prep in ("with", "between"):
                return (
                    governor.lemma_.lower() in lex.talk_words
                    or governor.text.lower() in lex.talk_words
                )
            if prep in ("against", "on", "toward", "towards", "from"):
                return governor.text.lower() in lex.government_possessions
        if token.dep_ == "dobj":
            return head.lemma_.lower() in lex.talk_words
        if token.dep_ == "poss":
            return head.text.lower() in lex.government_possessions
        return False

    # -- people ----------------------------------------------------------------------------------

    def _resolve_people(self) -> None:
        # The mention stage's decisions: a country's name tagged PERSON is the country ...
        for n, label in self.notes.relabelled.items():
            w = self.works[n]
            w.label = label
            w.ref = self._name_ref(w)
        # ... and the people, each with its mentions (ORG and place names among them keep the
        # reading of their label until the person's is made, below).
        for group in self.notes.people:
            self.clusters.append(_Cluster(group.words, group.name, list(group.members)))
            for n in group.members:
                self.works[n].label = "PERSON"
        countries = self._document_countries()
        for cluster in self.clusters:
            for n in sorted(cluster.members):
                cluster.titles.extend(self._titles(self.works[n]))
            cluster.actor = self._person_actor(cluster, countries)
        for cluster in self.clusters:
            ref = self._person_ref(cluster)
            for n in cluster.members:
                self.works[n].ref = ref

    def _document_countries(self) -> set[str]:
        return {w.ref.country for w in self.works if w.ref is not None and w.ref.country}

    def _person_actor(self, cluster: _Cluster, countries: set[str]) -> ActorEntry | None:
        named: list[ActorEntry] = []
        for n in cluster.members:
            for hit in self.works[n].hits:
                if hit.actor is not None and hit.actor.type == "PERSON":
                    named.append(hit.actor)
        if not named:
            for hit in _hits(cluster.name, self.lex):
                if hit.actor is not None and hit.actor.type == "PERSON":
                    named.append(hit.actor)
        if named:
            return pick_by_date(list(dict.fromkeys(named)), self.on)
        # A bare surname only the dictionary knows, supported by a title before it naming the
        # actor's office ("President Lai"; for entries without titles, an office of the
        # title's sector: "Prime Minister Blair") or, with no title, by the actor's country
        # named in the text ("Lai ... Taiwan"). A different title ("Foreign Minister Lee") is
        # another person of that name. Several supported: the project's own entry, else, for
        # an office in one country ("President Bush"), the one in it on the date.
        candidates = [
            e for e in self.lex.surnames.get(" ".join(cluster.words), []) if e.type == "PERSON"
        ]
        titles = [t for t in cluster.titles if not t.past]
        surname = " ".join(cluster.words)
        named_so = [
            e
            for t in titles
            for key in {lexicon_key(t.text), *t.roles}
            for e in self.lex.titled.get(f"{key} {surname}", ())
        ]
        if named_so:  # "President Bush": the sources name these people so
            return pick_by_date(list(dict.fromkeys(named_so)), self.on)
        supported = []
        for entry in candidates:
            country, sectors, office = entry.coding(self.on)
            if titles:
                offices = _role_keys(office or "", self.lex)
                if any(set(t.roles) & offices for t in titles) or (
                    office is None
                    and country is not None
                    and country in countries | {t.country for t in titles}
                    and any(set(t.sectors) & set(sectors) for t in titles)
                ):
                    supported.append(entry)
            elif country in countries:
                supported.append(entry)
        own = [e for e in supported if not e.loose_case]
        if len(own) == 1 or len(supported) == 1:
            return (own or supported)[0]
        if supported and len({e.country for e in supported}) == 1:
            # "Bush ... the United States": which Bush is not said, but the country is.
            cluster.country = supported[0].country
            if titles:
                return pick_by_date(supported, self.on)
        return None

    def _person_ref(self, cluster: _Cluster) -> Ref:
        titles = _unique(t.text for t in cluster.titles)
        if cluster.actor is not None:
            ref = self._actor_ref(cluster.actor)
            # The text's titles describe the person at the time of writing; the dictionary's
            # title (of the role in force on the date) only stands in when the text gives none.
            ref.titles = titles or ref.titles
            for t in cluster.titles:  # a title in the text adds its sectors ("former" adds none)
                ref.sectors = _unique([*ref.sectors, *t.sectors])
            return ref
        ref = Ref(("person", cluster.words), "PERSON", cluster.name, titles=titles, domestic=True)
        ref.country = cluster.country
        for t in cluster.titles:
            ref.country = ref.country or t.country
            ref.sectors = _unique([*ref.sectors, *t.sectors])
        return ref

    # -- titles ----------------------------------------------------------------------------------

    def _titles(self, w: _Work, depth: int = 0) -> list[_Title]:
        """Titles of a person mention, read from the parse around it."""
        span = _span(self.parsed, w.start, w.end)
        if span is None:
            return []
        root = span.root
        titles = []
        left = self._left_run(span)
        if left:
            title = self._title_from(left)
            if title:
                titles.append(title)
        # Appositions: "Japan's top negotiator, Ryosei Akazawa," and "Akazawa, also Japan's
        # economic revitalization minister,".
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ in NOUNS]
        if root.dep_ == "appos" and root.head.pos_ in NOUNS:
            nouns.append(root.head)
        for noun in nouns:
            if self._work_of(noun) is not None:
                continue
            title = self._title_from(self._noun_phrase(noun, exclude=root))
            if title:
                titles.append(title)
        # "opposition leaders Anna Petrova and Ivan Sokolov": a plural title of the first
        # conjunct covers the others ("President X and Y" does not).
        if not titles and root.dep_ == "conj" and depth < settings.ACTOR_MAX_CONJUNCTS:
            first = self._work_of(root.head)
            if first is not None and first is not w and first.label == "PERSON":
                titles = [t for t in self._titles(first, depth + 1) if t.plural]
        return titles

    def _noun_phrase(self, noun: Token, exclude: Token) -> list[Token]:
        """A role noun's phrase: its left modifiers, itself, and an "of ..." after it."""
        # The name is either inside the noun's phrase (the noun is its head) or hangs off it.
        inside = any(t.i == exclude.i for t in noun.subtree)
        skip = {t.i for t in exclude.subtree} if inside else set()
        tokens = [t for t in noun.subtree if t.i not in skip]
        # Keep the left part and a following prepositional "of"/"for" phrase; drop clauses.
        kept = [t for t in tokens if t.i <= noun.i]
        for child in noun.rights:
            if child.dep_ == "prep" and child.text.lower() in ("of", "for") and child.i not in skip:
                kept.extend(t for t in child.subtree if t.i not in skip)
        kept.sort(key=lambda t: t.i)
        # "also Japan's economic revitalization minister": the adverb is no part of the title.
        return [t for t in kept if not (t.dep_ == "advmod" and t.i < noun.i)]

    def _title_from(self, tokens: list[Token]) -> _Title | None:
        """A title from the words of a phrase: country words out (they give the country),
        determiners and possessive markers out, the rest as written (in the parse's letter case,
        so a Title Case headline gives "former DHS official")."""
        lex = self.lex
        country = None
        org: Ref | None = None
        kept: list[Token] = []
        for token in tokens:
            inner_hyphen = token.text in _HYPHENS and _joins_words(token)
            if (
                token.dep_ == "case"
                or ((token.dep_ == "punct" or token.is_punct) and not inner_hyphen)
                or (token.dep_ == "det" and not kept)
            ):
                # An article inside stays ("head of the tribunal"), and so does the hyphen of
                # "Secretary-General": without it the title reads as two roles, a secretary
                # and an army general.
                continue
            work = self._work_of(token)
            if work is None and (token.dep_ == "poss" or token.tag_ == "PRP$"):
                continue  # "the country's trade minister", "his adviser": no part of the title
            if token.text.lower() in lex.honorifics:
                continue
            if work is not None:
                if work.label == "PERSON" or work.ref is None:
                    continue
                code = _title_word_country(token, work.ref, lex)
                if code is not None:
                    country = country or code
                    continue
                org = work.ref  # an organisation in the title ("DHS official") stays in it
            kept.append(token)
        if not kept:
            return None
        sectors, roles, past = title_sectors(kept, lex, org, country)
        if not roles:
            return None
        # The office is the role at the phrase's head: "head" of "head of tribunal".
        inside = {t.i for t in kept}
        root = next((k for k, t in enumerate(kept) if t.head.i not in inside), len(kept) - 1)
        for k in range(root + 1):
            found = _role_match(kept, k, lex)
            if found is not None and k + found[1] > root:
                roles = (found[0].key,)
                break
        if org is not None:
            country = country or org.country
        words = [t.text for t in kept]
        last = kept[-1]
        plural = last.tag_ in ("NNS", "NNPS") and last.lemma_.lower() != last.text.lower()
        if plural:  # one person's title: "opposition leaders X and Y" -> "opposition leader"
            lemma = last.lemma_.lower()
            words[-1] = lemma if last.text[:1].islower() else lemma[:1].upper() + lemma[1:]
        # Words are joined as the text joins them: "Secretary-General", not "Secretary - General".
        parts: list[str] = []
        for k, (word, token) in enumerate(zip(words, kept, strict=True)):
            parts.append(word)
            if k + 1 < len(kept) and (token.whitespace_ or kept[k + 1].i != token.i + 1):
                parts.append(" ")
        return _Title("".join(parts), country, () if past else sectors, roles, past, plural)

    # -- roles -------------------------------------------------------------------------------------

    def _add_roles(self) -> None:
        """Mentions for actors named by their role ("Japanese officials", "a federal judge"),
        and the referents of governments the mention stage named with their owner ("the Trump
        administration", "the Japanese government")."""
        new: list[_Work] = []
        for read in self.notes.role_phrases:
            made = self._role_mention(read)
            if made is not None:
                new.append(made)
        self.works = [w for n, w in enumerate(self.works) if n not in self.notes.joined] + new
        self.works.sort(key=lambda w: (w.start, w.end))

    def _role_mention(self, read: RolePhrase) -> _Work | None:
        head, phrase, roles, role = read.head, read.phrase, read.roles, read.role
        owner = self.works[read.owners[0]] if read.owners else None
        country = owner.ref.country if owner is not None and owner.ref is not None else None
        org = (
            owner.ref
            if owner is not None and owner.ref is not None and owner.ref.key[0] in ("actor", "org")
            else None
        )
        sectors, _roles, past = title_sectors(phrase, self.lex, org, country)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        if role.government:
            if owner is not None and read.joined:
                # One name of the owner and the government noun, which the mention stage made
                # ("Trump administration"): the owner's country's government.
                surface = self.text[owner.start : end]
                if country:
                    return _Work(owner.start, end, "ORG", ref=self._government_ref(country))
                ref = Ref(
                    ("org", lexicon_key(surface)), "ORG", surface, sectors=["GOV"], domestic=True
                )
                return _Work(owner.start, end, "ORG", ref=ref)
            if country:
                return _Work(start, end, "ROLE", ref=self._government_ref(country))
        if past:
            sectors = ()
        if not sectors and not country:
            return None
        surface = self.text[start:end]
        name = (
            self.text[owner.start : end]
            if owner is not None and self._adjacent(owner, phrase[0])
            else surface
        )
        lemma = " ".join(t.lemma_.lower() if t.i == head.i else t.text.lower() for t in phrase)
        # "the president", "the economy minister": the one person here titled so.
        definite = any(c.dep_ == "det" and c.text.lower() == "the" for c in head.children)
        if owner is None and definite:
            person = self._titled_person(roles[-1], None if len(phrase) == 1 else lemma)
            if person is not None:
                return _Work(start, end, "ROLE", ref=person)
        ref = Ref(
            ("role", country, tuple(sectors), lemma),
            "ROLE",
            name,
            country,
            list(sectors),
            domestic=True,
            government=role.government,
        )
        return _Work(start, end, "ROLE", ref=ref)

    def _titled_person(self, role_key: str, title: str | None) -> Ref | None:
        """The one person whose current title has the role (and reads `title`, when given)."""

        def fits(t: _Title) -> bool:
            return role_key in t.roles and not t.past and (title is None or t.text.lower() == title)

        people = [c for c in self.clusters if any(fits(t) for t in c.titles)]
        if len(people) != 1:
            return None
        members = people[0].members
        return self.works[members[0]].ref if members else None

    # -- the document's only country ------------------------------------------------------------

    def _places_in_context(self) -> None:
        """A place name several countries share is in the country named right after it
        ("Paris, Texas"), or in one the document names otherwise ("Paris" in a story about
        Texas), else where most people live."""
        named = {
            w.ref.country
            for w in self.works
            if w.ref is not None and w.ref.country and not w.ref.alternatives
        }
        for n, w in enumerate(self.works):
            ref = w.ref
            if ref is None or len(ref.alternatives) < 2:
                continue
            local = [code for code in ref.alternatives if code in named]
            # "Paris, Texas": the place named right after the comma says where.
            after = self.works[n + 1].ref if n + 1 < len(self.works) else None
            between = self.text[w.end : self.works[n + 1].start] if after is not None else ""
            if after is not None and between.strip() == "," and after.country in ref.alternatives:
                local = [after.country]
            if local and local[0] != ref.country:
                ref.country = local[0]
                ref.key = ("place", local[0], *ref.key[2:])

    def _story_country(self) -> str | None:
        """The document's one country, or the country most of its place and country mentions
        name (a story about Korea that also names the United States once):
        settings.ACTOR_STORY_COUNTRY_MIN_SHARE and ..._MIN_MENTIONS."""
        counts: dict[str, int] = {}
        for w in self.works:
            if w.ref is not None and w.ref.country and not self._base_only(w):
                counts[w.ref.country] = counts.get(w.ref.country, 0) + (
                    w.ref.key[0] in ("country", "government", "place")
                )
        if len(counts) == 1:
            return next(iter(counts))
        code, top = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
        total = sum(counts.values())
        if (
            code is None
            or top < settings.ACTOR_STORY_COUNTRY_MIN_MENTIONS
            or top < settings.ACTOR_STORY_COUNTRY_MIN_SHARE * total
        ):
            return None
        return code

    def _single_country_default(self) -> None:
        if not settings.ACTOR_SINGLE_COUNTRY_DEFAULT:
            return
        code = self._story_country()
        if code is None:
            return
        for w in self.works:
            ref = w.ref
            if ref is None or ref.country or not ref.domestic or ref.actor is not None:
                continue
            if not set(ref.sectors) & settings.ACTOR_INSTITUTION_SECTORS:
                continue
            ref.country = code
            if ref.government:  # "the government" of a story about Kenya is Kenya's
                w.ref = self._government_ref(code)
            elif ref.key[0] == "role":
                ref.key = ("role", code, *ref.key[2:])

    def _base_only(self, w: _Work) -> bool:
        """Whether a mention only says where a body is based ("UK-based", "based in London")."""
        span = _span(self.parsed, w.start, w.end)
        if span is None:
            return False
        root = span.root
        head = root.head
        if root.dep_ == "pobj" and head.dep_ == "prep" and head.text.lower() in ("in", "at"):
            head = head.head
        elif root.dep_ not in ("npadvmod", "compound", "nmod", "amod"):
            return False
        return head.i != root.i and head.lemma_.lower() in self.lex.base_words

    # -- output ------------------------------------------------------------------------------------

    def _write(self) -> None:
        doc = self.doc
        # Resolution ends with the mention stage's mentions (it followed that stage's
        # decisions) and the role mentions it adds: the records stand, each pointed at its
        # entity, and the new ones take their places in text order.
        written: dict[tuple[int, int, str], Mention] = {
            (m.span.start, m.span.end, m.label): m for m in doc.mentions
        }
        mentions: list[Mention] = []
        entities: list[Entity] = []
        by_key: dict[tuple, Entity] = {}
        for w in self.works:
            ref = w.ref or Ref(
                ("name", w.label, lexicon_key(self.text[w.start : w.end])),
                w.label,
                self.text[w.start : w.end],
            )
            entity = by_key.get(ref.key)
            if entity is None:
                entity = Entity(
                    id=f"e{len(entities) + 1}",
                    name=ref.name,
                    type=ref.type,
                    country=ref.country,
                    sectors=list(ref.sectors),
                    title="; ".join(ref.titles) or None,
                    key=ref.actor.id if ref.actor else _entity_key(ref),
                )
                by_key[ref.key] = entity
                entities.append(entity)
            entity.mentions.append(len(mentions))
            mention = written.pop((w.start, w.end, w.label), None)
            if mention is None:
                mention = Mention(Span.of(self.text, w.start, w.end), w.label)
            mention.entity_id = entity.id
            mentions.append(mention)
        doc.mentions = mentions
        doc.entities = entities


def _entity_key(ref: Ref) -> str | None:
    """Entity.key for countries and governments ("country:JPN", "government:JPN")."""
    kind = ref.key[0]
    if kind in ("country", "government") and ref.key[1]:
        return f"{kind}:{ref.key[1]}"
    return None


def _title_word_country(token: Token, ref: Ref, lex: Lexicon) -> str | None:
    """The country a word in a title names: a country or its government, a demonym, a place,
    or a country word inside an organisation's name ("U.S." in "U.S. Treasury").

    Not resolver.token_country, which events and measures use once entities exist: it reads
    the country of the mention's entity (any entity's, a company's too) and looks bare proper
    nouns and adjectives up. Titles are read while the entities are being made, so this reads
    the referent being built (`ref`), and only a country, a government or a place gives its
    country here (an organisation in a title is its owner instead: `_title_from`)."""
    if ref.key[0] in ("country", "government") or (ref.key[0] == "place" and ref.country):
        return ref.country
    for hit in _hits(token.text, lex):
        if hit.kind in ("country", "demonym"):
            return hit.country
    return None


def _role_keys(title: str, lex: Lexicon) -> set[str]:
    """The role keys in a title string ("Prime Minister" -> {"prime minister"})."""
    words = title.lower().split()
    keys = set()
    for n in range(lex.role_max_words, 0, -1):
        for i in range(len(words) - n + 1):
            if " ".join(words[i : i + n]) in lex.roles:
                keys.add(" ".join(words[i : i + n]))
    return keys
