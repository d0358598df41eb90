"""The actors analyzer: resolution within a document, actor coding, and its three data files.

Every sentence here was written for these tests. The data files are covered entry by entry
(parametrised over the YAML), the rules by sentences of their own, and the seed page by a check
that skips when ../shared is not beside the checkout.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.actor_lexicon import actor_entries, lexicon, lexicon_key, lookup_country
from eventwire.analyze.actors import ActorAnalyzer
from eventwire.analyze.entities import EntityAnalyzer
from eventwire.analyze.parse import parse
from eventwire.data import load_yaml
from eventwire.model import Document, Entity, Published

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
#: Publication date of the dictionary tests: every role is coded as on this day.
ON = "2025-12-01"


def analyze(*texts: str, published: str | None = None, kind: str = "article") -> list[Document]:
    """Documents of `texts`, parsed together, through the entity and actor analyzers."""
    stamp = Published(published, "user") if published else Published()
    docs = [
        Document(text=t, kind=kind, published=Published(stamp.date, stamp.origin)) for t in texts
    ]
    entities, actors = EntityAnalyzer(), ActorAnalyzer()
    for doc, parsed in zip(docs, parse(docs), strict=True):
        entities(doc, parsed)
        actors(doc, parsed)
        check_invariants(doc)
    return docs


def check_invariants(doc: Document) -> None:
    """Exact spans in text order without overlaps, every mention on an entity that lists it,
    entity ids e1, e2, ... in order of first mention."""
    previous_end = -1
    for n, m in enumerate(doc.mentions):
        assert doc.text[m.span.start : m.span.end] == m.span.text
        assert m.span.start >= previous_end, f"overlap at {m.span}"
        previous_end = m.span.end
        entity = next(e for e in doc.entities if e.id == m.entity_id)
        assert n in entity.mentions
    assert [e.id for e in doc.entities] == [f"e{i + 1}" for i in range(len(doc.entities))]
    firsts = [min(e.mentions) for e in doc.entities]
    assert firsts == sorted(firsts)


def entity(doc: Document, surface: str) -> Entity:
    """The entity of the first mention written `surface`."""
    for m in doc.mentions:
        if m.span.text == surface:
            return next(e for e in doc.entities if e.id == m.entity_id)
    raise AssertionError(f"no mention {surface!r} in {[m.span.text for m in doc.mentions]}")


def keyed(doc: Document, key: str) -> Entity:
    found = [e for e in doc.entities if e.key == key]
    assert found, f"no entity {key!r} in {[(e.name, e.key) for e in doc.entities]}"
    return found[0]


def covering(doc: Document, start: int, end: int) -> Entity:
    """The entity of the mention that overlaps text[start:end]."""
    for m in doc.mentions:
        if m.span.start < end and start < m.span.end:
            return next(e for e in doc.entities if e.id == m.entity_id)
    raise AssertionError(
        f"nothing at {doc.text[start:end]!r}: {[m.span.text for m in doc.mentions]}"
    )


# The actor dictionary ---------------------------------------------------------------------------

ENTRIES = actor_entries()


def _dictionary_sentence(entry) -> str:
    if entry.type == "FAC":
        return f"On Tuesday, crowds gathered outside the {entry.name} in the rain."
    return f"On Tuesday, {entry.name} said that the talks would continue next month."


@pytest.fixture(scope="module")
def dictionary_docs() -> dict[str, Document]:
    docs = analyze(*(_dictionary_sentence(e) for e in ENTRIES), published=ON)
    return {e.id: d for e, d in zip(ENTRIES, docs, strict=True)}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_each_dictionary_actor_is_resolved_and_coded(entry, dictionary_docs):
    doc = dictionary_docs[entry.id]
    found = keyed(doc, entry.id)
    country, sectors, _title = entry.coding(dt_on())
    assert found.name == entry.name
    assert found.type == entry.type
    assert found.country == country
    assert found.sectors == list(sectors)


@pytest.mark.parametrize(
    ("entry", "alias"),
    [(e, a) for e in ENTRIES for a in e.aliases],
    ids=[f"{e.id}:{a}" for e in ENTRIES for a in e.aliases],
)
def test_each_alias_names_its_actor(entry, alias):
    assert any(h.actor == entry for h in lexicon().names[lexicon_key(alias)])


def test_dictionary_ids_are_unique_and_codes_are_iso():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    known = set(lexicon().country_names)
    sector_codes = {
        "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "REB", "UAF", "PTY", "BUS", "MED",
        "CVL", "EDU", "REL", "HLH", "LAB", "AGR", "REF", "IGO", "NGO", "ELI",
    }  # fmt: skip
    for e in ENTRIES:
        assert e.country is None or e.country in known, e.id
        assert set(e.sectors) <= sector_codes, e.id
        for role in e.roles:
            assert set(role.sectors) <= sector_codes, e.id
            assert role.country is None or role.country in known, e.id
            assert role.start is not None, e.id
            assert role.end is None or role.start < role.end, e.id


def dt_on():
    import datetime as dt

    return dt.date.fromisoformat(ON)


def test_role_follows_the_publication_date():
    text = "On Monday, Donald Trump criticised the central bank again."
    in_office, between, unknown = (
        analyze(text, published="2019-06-01")[0],
        analyze(text, published="2023-06-01")[0],
        analyze(text)[0],
    )
    assert keyed(in_office, "donald-trump").sectors == ["GOV"]
    assert keyed(between, "donald-trump").sectors == ["BUS"]
    # Without a date, the role in force on the dictionary's as_of date.
    assert keyed(unknown, "donald-trump").sectors == ["GOV"]


def test_a_role_may_act_for_no_country():
    doc = analyze("On Monday, Mark Rutte spoke in Brussels.", published="2025-03-01")[0]
    rutte = keyed(doc, "mark-rutte")
    assert (rutte.country, rutte.sectors) == (None, ["IGO"])
    doc = analyze("On Monday, Mark Rutte spoke in The Hague.", published="2015-03-01")[0]
    assert (keyed(doc, "mark-rutte").country, keyed(doc, "mark-rutte").sectors) == ("NLD", ["GOV"])


# Countries, demonyms, seats and regions --------------------------------------------------------

COUNTRIES = load_yaml("countries.yaml")["countries"]
COUNTRY_CODES = sorted(COUNTRIES)
DEMONYMS = [
    (code, d) for code in COUNTRY_CODES for d in (COUNTRIES[code] or {}).get("demonyms", [])
]
ALIASES = [(code, a) for code in COUNTRY_CODES for a in (COUNTRIES[code] or {}).get("aliases", [])]
SEATS = [(code, s) for code in COUNTRY_CODES for s in (COUNTRIES[code] or {}).get("seats", [])]
REGIONS = sorted(load_yaml("countries.yaml")["subdivisions"].items())


@pytest.fixture(scope="module")
def country_docs() -> dict[str, Document]:
    names = [lexicon().country_names[code] for code in COUNTRY_CODES]
    docs = analyze(*(f"On Monday, officials from {n} met in Geneva for talks." for n in names))
    return dict(zip(COUNTRY_CODES, docs, strict=True))


@pytest.mark.parametrize("code", COUNTRY_CODES)
def test_each_country_is_found_by_its_name(code, country_docs):
    doc = country_docs[code]
    found = keyed(doc, f"country:{code}")
    assert (found.country, found.type, found.sectors) == (code, "GPE", [])
    # "officials from X" are that country's officials
    officials = entity(doc, "officials")
    assert (officials.country, officials.sectors) == (code, ["GOV"])


@pytest.fixture(scope="module")
def demonym_docs() -> list[Document]:
    return analyze(*(f"On Monday, {d} officials said the talks would resume." for _, d in DEMONYMS))


@pytest.mark.parametrize(
    ("index", "code", "demonym"),
    [(i, c, d) for i, (c, d) in enumerate(DEMONYMS)],
    ids=[f"{c}:{d}" for c, d in DEMONYMS],
)
def test_each_demonym_gives_its_country(index, code, demonym, demonym_docs):
    doc = demonym_docs[index]
    assert entity(doc, demonym).key == f"country:{code}"
    officials = entity(doc, "officials")
    assert (officials.country, officials.sectors, officials.name) == (
        code,
        ["GOV"],
        f"{demonym} officials",
    )


@pytest.mark.parametrize(("code", "alias"), ALIASES, ids=[f"{c}:{a}" for c, a in ALIASES])
def test_each_country_alias_is_looked_up(code, alias):
    assert lookup_country(alias) == code


@pytest.mark.parametrize(("code", "seat"), SEATS, ids=[f"{c}:{s}" for c, s in SEATS])
def test_each_seat_of_government_acts_as_its_government(code, seat):
    assert lookup_country(seat) == code
    doc = analyze(f"On Monday, {seat} said it would answer the proposal within a week.")[0]
    found = covering(doc, doc.text.index(seat), doc.text.index(seat) + len(seat))
    assert (found.key, found.country, found.sectors) == (f"government:{code}", code, ["GOV"])


@pytest.mark.parametrize(("form", "info"), REGIONS, ids=[f for f, _ in REGIONS])
def test_each_region_is_a_place_of_its_country(form, info):
    doc = analyze(f"On Monday, officials in {form} said the roads were closed.")[0]
    found = covering(doc, doc.text.index(form), doc.text.index(form) + len(form))
    assert (found.country, found.sectors) == (info["country"], [])
    for alias in info.get("aliases", []):
        assert any(h.country == info["country"] for h in lexicon().names[lexicon_key(alias)])


def test_lookup_country():
    assert lookup_country("Japanese") == "JPN"
    assert lookup_country("Americans") == "USA"
    assert lookup_country("U.S.") == lookup_country("US") == lookup_country("America") == "USA"
    assert lookup_country("the United States") == "USA"
    assert lookup_country("Tokyo") == "JPN"
    assert lookup_country("Korea, Republic of") is None  # a catalogue form, not a name
    assert lookup_country("South Korea") == "KOR"
    assert lookup_country("North Korean") == "PRK"
    assert lookup_country("japan") == "JPN"
    assert lookup_country("us") is None  # the pronoun: acronyms must be capitals
    assert lookup_country("Atlantis") is None


# Role words -------------------------------------------------------------------------------------

ROLES = sorted(load_yaml("roles.yaml")["roles"].items())


def _role_sentence(key: str, info: dict) -> tuple[str, str]:
    """A sentence using role `key`, and the words of it to look at."""
    if key.endswith("."):
        title = key.capitalize()
        return f"On Monday, {title} John Smith said the plan would go ahead.", "John Smith"
    if info.get("government"):
        return f"On Monday, the Japanese {key} said the plan would go ahead.", key
    if info.get("national"):
        return f"On Monday, Japan's {key} said the plan would go ahead.", key
    if info.get("needs_owner") or not info.get("sectors"):
        return f"On Monday, the Japanese {key} said the plan would go ahead.", key
    return f"On Monday, the {key} said that the plan would go ahead.", key


@pytest.fixture(scope="module")
def role_docs() -> dict[str, Document]:
    docs = analyze(*(_role_sentence(k, v)[0] for k, v in ROLES))
    return {k: d for (k, _), d in zip(ROLES, docs, strict=True)}


@pytest.mark.parametrize(("key", "info"), ROLES, ids=[k for k, _ in ROLES])
def test_each_role_word_codes_its_sectors(key, info, role_docs):
    doc = role_docs[key]
    _, words = _role_sentence(key, info)
    start = doc.text.lower().index(words.lower())
    found = covering(doc, start, start + len(words))
    sectors = info.get("sectors") or []
    if key.endswith("."):  # a title before a name
        assert found.type == "PERSON" and found.title == key.capitalize()
        assert found.sectors == sectors
    elif info.get("government"):
        assert (found.key, found.sectors) == ("government:JPN", ["GOV"])
    elif info.get("national") or info.get("needs_owner") or not sectors:
        assert (found.country, found.sectors) == ("JPN", sectors)
    else:
        assert found.sectors == sectors


def test_generic_roles_take_a_specific_word_or_an_owners_sectors():
    doc = analyze(
        "Senior army officials and police officers met Pentagon officials and a NATO spokesman."
    )[0]
    assert entity(doc, "Senior army officials").sectors == ["MIL"]
    assert entity(doc, "police officers").sectors == ["COP"]
    assert entity(doc, "officials").sectors == ["GOV", "MIL"]  # owned by the Pentagon
    assert entity(doc, "spokesman").sectors == ["IGO"]  # owned by NATO


def test_a_role_needing_an_owner_is_no_actor_alone():
    doc = analyze("Market forces pushed prices up, and Russian forces advanced.")[0]
    assert [m.span.text for m in doc.mentions if m.label == "ROLE"] == ["forces"]
    assert (entity(doc, "forces").country, entity(doc, "forces").sectors) == ("RUS", ["MIL"])


def test_a_role_word_modifying_another_noun_is_no_actor():
    doc = analyze("The government partnership funds an army base near the police station.")[0]
    assert [m for m in doc.mentions if m.label == "ROLE"] == []


# Resolution within a document --------------------------------------------------------------------


def test_name_parts_join_the_full_name():
    doc = analyze(
        "Finance Minister Katsunobu Kato met bankers in Osaka on Friday. "
        "Kato said the yen had weakened too fast."
    )[0]
    kato = entity(doc, "Katsunobu Kato")
    assert entity(doc, "Kato") is kato
    assert kato.name == "Katsunobu Kato"
    assert kato.title == "Finance Minister" and kato.sectors == ["GOV"]


def test_a_family_name_written_first_joins_its_full_name():
    doc = analyze("Kim Jong Un inspected a missile launch. Kim praised the scientists.")[0]
    assert entity(doc, "Kim") is entity(doc, "Kim Jong Un")
    assert entity(doc, "Kim").key == "kim-jong-un"


def test_an_ambiguous_short_name_stays_apart():
    doc = analyze("Mary Ellen Smith and Robert Smith testified. Smith said she was not paid.")[0]
    assert entity(doc, "Smith") is not entity(doc, "Mary Ellen Smith")
    assert entity(doc, "Smith") is not entity(doc, "Robert Smith")


def test_person_and_government_are_different_entities():
    doc = analyze(
        "President Donald Trump met donors. The Trump administration later said the U.S. "
        "government would not change course, and Washington is urging allies to agree.",
        published="2025-06-01",
    )[0]
    trump = entity(doc, "Donald Trump")
    assert (trump.key, trump.country, trump.sectors, trump.title) == (
        "donald-trump",
        "USA",
        ["GOV"],
        "President",
    )
    government = entity(doc, "Trump administration")
    assert government is not trump
    assert (government.name, government.type, government.country, government.sectors) == (
        "Government of the United States",
        "ORG",
        "USA",
        ["GOV"],
    )
    assert entity(doc, "U.S. government") is government
    assert entity(doc, "Washington") is government


def test_a_seat_of_government_is_a_place_unless_it_acts():
    doc = analyze(
        "The minister will visit Tokyo next week. Tokyo is a large city. "
        "Beijing rejected the offer, and Seoul held talks with Moscow."
    )[0]
    tokyo = entity(doc, "Tokyo")
    assert (tokyo.type, tokyo.country, tokyo.sectors, tokyo.key) == ("GPE", "JPN", [], None)
    for capital, code in (("Beijing", "CHN"), ("Seoul", "KOR"), ("Moscow", "RUS")):
        found = entity(doc, capital)
        assert (found.key, found.sectors) == (f"government:{code}", ["GOV"])


def test_a_capitals_possessive_policy_is_the_governments():
    doc = analyze("Analysts criticised Washington's tariffs but praised Tokyo's restaurants.")[0]
    assert entity(doc, "Washington").key == "government:USA"
    assert entity(doc, "Tokyo").key is None


def test_titles_from_compounds_and_appositions():
    doc = analyze(
        "Canada's top diplomat, Jane Whitfield, met U.S. Commerce Secretary Howard Lutnick. "
        "Whitfield, also the country's trade minister, said the meeting went well.",
        published="2025-06-01",
    )[0]
    whitfield = entity(doc, "Jane Whitfield")
    assert entity(doc, "Whitfield") is whitfield
    assert whitfield.country == "CAN" and whitfield.sectors == ["GOV"]
    assert whitfield.title == "top diplomat; trade minister"
    lutnick = entity(doc, "Howard Lutnick")
    assert (lutnick.title, lutnick.country, lutnick.sectors) == (
        "Commerce Secretary",
        "USA",
        ["GOV"],
    )


def test_courtesy_titles_are_no_part_of_names_or_titles():
    doc = analyze("Sir Edmund Carrow, the bank's chief executive, resigned on Monday.")[0]
    carrow = entity(doc, "Edmund Carrow")
    assert carrow.title == "chief executive" and carrow.sectors == ["BUS"]


def test_former_keeps_the_title_but_not_the_office():
    doc = analyze("Former central bank governor Arthur Pennington criticised the plan.")[0]
    found = entity(doc, "Arthur Pennington")
    assert found.title == "Former central bank governor" and found.sectors == []


def test_a_title_before_the_first_of_two_names_covers_both():
    doc = analyze("Police detained opposition leaders Anna Petrova and Ivan Sokolov on Friday.")[0]
    for name in ("Anna Petrova", "Ivan Sokolov"):
        assert entity(doc, name).title == "opposition leader"
        assert entity(doc, name).sectors == ["OPP"]


def test_the_president_joins_the_one_person_titled_so():
    doc = analyze("President Maria Alvarez toured the port. Later the president met unions.")[0]
    assert entity(doc, "president") is entity(doc, "Maria Alvarez")
    doc = analyze("Former President Carl Lund toured the port. Later the president met unions.")[0]
    assert entity(doc, "president") is not entity(doc, "Carl Lund")


def test_a_definite_title_joins_the_person_holding_it():
    doc = analyze(
        "The growth will continue, the economy minister said on Friday. Prices are stable, "
        "said economy minister Hiroshi Tanabe. The central bank disagreed."
    )[0]
    assert entity(doc, "economy minister") is entity(doc, "Hiroshi Tanabe")
    assert entity(doc, "Hiroshi Tanabe").name == "Hiroshi Tanabe"


def test_the_office_is_the_head_of_the_title():
    doc = analyze(
        "Nikos Pappas, head of the tribunal, read the ruling. The tribunal then adjourned."
    )[0]
    pappas = entity(doc, "Nikos Pappas")
    assert (pappas.title, pappas.sectors) == ("head of the tribunal", ["JUD"])
    assert entity(doc, "tribunal") is not pappas  # the tribunal is not its head


def test_a_place_name_is_read_in_context():
    doc = analyze("Police in Paris, Texas, arrested a man. Officials in Paris, France, did not.")[0]
    first, second = (m for m in doc.mentions if m.span.text == "Paris")
    by_id = {e.id: e for e in doc.entities}
    assert by_id[first.entity_id].country == "USA"
    assert by_id[second.entity_id].country == "FRA"
    assert first.entity_id != second.entity_id


def test_a_bare_surname_needs_support_to_be_a_dictionary_actor():
    titled, placed, bare = analyze(
        "President Lai visited a school.",
        "Lai said Taiwan would not bow to pressure.",
        "Lai said the restaurant would reopen.",
        published=ON,
    )
    assert entity(titled, "Lai").key == "lai-ching-te"
    assert entity(placed, "Lai").key == "lai-ching-te"
    assert entity(bare, "Lai").key is None


def test_a_surname_with_another_office_is_another_person():
    other, same = analyze(
        "Foreign Minister Lee met officials in Seoul.",
        "President Lee met officials in Seoul.",
        published=ON,
    )
    lee = entity(other, "Lee")
    assert lee.key is None
    # not the dictionary's Lee, but an official of the one country the story names
    assert (lee.title, lee.country, lee.sectors) == ("Foreign Minister", "KOR", ["GOV"])
    assert entity(same, "Lee").key == "lee-jae-myung"


# Mention edits ------------------------------------------------------------------------------


def test_glued_country_names_split_into_one_mention_each():
    doc = analyze("The U.S.-China talks and the Japan/Korea summit ended.")[0]
    assert [(m.span.text, m.label) for m in doc.mentions][:4] == [
        ("U.S.", "GPE"),
        ("China", "GPE"),
        ("Japan", "GPE"),
        ("Korea", "GPE"),
    ]
    assert entity(doc, "U.S.").key == "country:USA"


def test_a_country_inside_a_hyphenated_word_is_found():
    doc = analyze("Officials praised the U.S.-brokered ceasefire.")[0]
    assert entity(doc, "U.S.").key == "country:USA"


def test_the_dictionary_adds_names_ner_missed_in_headlines():
    docs = analyze(
        "Samsung Plans New Chip Plant In Texas As Demand Rises",
        "Putin Warns Europe Over Frozen Assets",
        kind="headline",
        published=ON,
    )
    assert keyed(docs[0], "samsung").country == "KOR"
    assert keyed(docs[1], "vladimir-putin").sectors == ["GOV"]


def test_names_never_run_across_line_breaks():
    doc = analyze("Business confidence dips in Japan\n\nJapanese firms said sales fell.")[0]
    assert [m.span.text for m in doc.mentions][:2] == ["Japan", "Japanese"]


def test_common_words_are_not_names():
    doc = analyze("Shell companies hid the money. He ate an apple and read the guardian notes.")[0]
    assert not [e for e in doc.entities if e.key in ("shell", "apple", "the-guardian")]


def test_a_known_person_tagged_otherwise_is_a_person():
    doc = analyze("The court heard from Bessent and Lutnick on Monday.", published=ON)[0]
    for surface, key in (("Bessent", "scott-bessent"), ("Lutnick", "howard-lutnick")):
        assert entity(doc, surface).key == key
        assert next(m for m in doc.mentions if m.span.text == surface).label == "PERSON"


def test_a_person_tagged_org_joins_the_person():
    doc = analyze(
        "Trade envoy Harold Quimby arrived on Monday. Quimby, the envoy, said talks went well."
    )[0]
    assert entity(doc, "Quimby") is entity(doc, "Harold Quimby")
    assert next(m for m in doc.mentions if m.span.text == "Quimby").label == "PERSON"


def test_titles_are_trimmed_from_person_names():
    doc = analyze("Today, President Lai visited a school in Taipei.", published=ON)[0]
    assert "Lai" in [m.span.text for m in doc.mentions]
    assert entity(doc, "Lai").title == "President"


def test_organisations_are_coded_from_their_own_words():
    doc, japan = analyze(
        "The Ruritanian Supreme Court heard an appeal by the Bank of Freedonia Corp. on Monday.",
        "The court fined the Japanese Defense Ministry and the U.S. Treasury.",
    )
    court = entity(doc, "Ruritanian Supreme Court")
    assert (court.type, court.country, court.sectors) == ("ORG", None, ["JUD"])
    assert entity(doc, "Bank of Freedonia Corp.").sectors == ["BUS"]
    # NER may or may not split "Japanese" off the name: either way Japan owns the ministry.
    at = japan.text.index("Defense Ministry")
    ministry = covering(japan, at, at + len("Defense Ministry"))
    assert (ministry.country, ministry.sectors) == ("JPN", ["GOV"])
    treasury = entity(japan, "U.S. Treasury")
    assert (treasury.country, treasury.sectors) == ("USA", ["GOV"])


def test_a_single_country_is_the_default_for_institutions():
    doc = analyze("Police in Nairobi arrested protesters after parliament passed the bill.")[0]
    for surface, sectors in (("Police", ["COP"]), ("protesters", ["OPP"]), ("parliament", ["LEG"])):
        found = entity(doc, surface)
        assert (found.country, found.sectors) == ("KEN", sectors)
    government = analyze("Beijing rejected the plan, and the government said it would not talk.")[0]
    assert entity(government, "government") is entity(government, "Beijing")
    assert entity(government, "Beijing").key == "government:CHN"
    two = analyze("Police in Nairobi and Kampala arrested protesters.")[0]
    assert entity(two, "Police").country is None


def test_entities_are_rebuilt_in_order_of_first_mention():
    doc = analyze("Japan and China met. Japanese officials said China's offer was fair.")[0]
    assert [e.name for e in doc.entities] == ["Japan", "China", "Japanese officials"]
    assert entity(doc, "Japanese") is entity(doc, "Japan")


def test_an_empty_document_gets_no_entities():
    doc = analyze("the weather was fine and nothing happened.")[0]
    assert doc.mentions == [] and doc.entities == []


FRAGMENTS = (
    "President Donald Trump met Japan's trade negotiator, Ryosei Akazawa, in Washington.",
    "Akazawa said Tokyo is urging a review of U.S.-Japan tariffs.",
    "Korea Zinc Plans New Smelter In Texas",
    "Police arrested protesters in Nairobi on Friday.",
    "The Trump administration and Japanese officials held talks with Beijing.",
    "Former DHS official Troy Aldous and opposition leaders Anna Petrova and Ivan Sokolov met.",
    "Sir Edmund Carrow, the bank's chief executive, resigned.",
    "\n\n",
    "the weather was fine.",
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5))
def test_any_text_keeps_the_invariants(parts):
    doc = analyze(" ".join(parts))[0]  # analyze() checks spans, order, overlaps and ids
    assert all(m.entity_id for m in doc.mentions)
    assert sorted(i for e in doc.entities for i in e.mentions) == list(range(len(doc.mentions)))


def test_the_lexicon_is_built_once():
    assert lexicon() is lexicon()


# The seed page -----------------------------------------------------------------------------


def _seed_documents() -> list[Document]:
    path = SHARED / "seed" / "000_89c59f3b33c4d19b.txt"
    if not path.exists():
        pytest.skip(f"../shared not found: {path}")
    article, rest = re.split(r"\n\s*\n+", path.read_text(encoding="utf-8"), maxsplit=1)
    docs = [Document(text=article.strip(), kind="article")]
    docs += [
        Document(text=line.strip(), kind="headline") for line in rest.splitlines() if line.strip()
    ]
    entities, actors = EntityAnalyzer(), ActorAnalyzer()
    for doc, parsed in zip(docs, parse(docs), strict=True):
        entities(doc, parsed)
        actors(doc, parsed)
        check_invariants(doc)
    return docs


def test_seed_page():
    docs = _seed_documents()
    countries = {e.country for d in docs for e in d.entities if e.country}
    expected = {
        "JPN", "USA", "CAN", "MEX", "CHN", "GBR", "BLR", "BRA", "UKR", "RUS", "TWN", "VEN",
        "KOR", "PRK", "SLV", "AUS", "HKG",
    }  # fmt: skip
    assert expected <= countries
    article = docs[0]
    akazawa = keyed(article, "ryosei-akazawa")
    assert (akazawa.country, akazawa.sectors) == ("JPN", ["GOV"])
    assert "top trade negotiator" in akazawa.title
    assert "economic revitalization minister" in akazawa.title
    assert all(article.mentions[i].entity_id == akazawa.id for i in akazawa.mentions)
    assert len(akazawa.mentions) >= 3  # "Ryosei Akazawa" and each "Akazawa"
    bessent = keyed(article, "scott-bessent")
    assert (bessent.country, bessent.sectors, bessent.title) == (
        "USA",
        ["GOV"],
        "Treasury Secretary",
    )
    assert entity(article, "Tokyo").key == "government:JPN"
    assert entity(article, "Washington").key is None  # "to visit Washington": a place
    assert entity(article, "Washington").country == "USA"
    zinc = next(d for d in docs if d.text.startswith("Korea Zinc"))
    assert (keyed(zinc, "korea-zinc").country, keyed(zinc, "korea-zinc").sectors) == (
        "KOR",
        ["BUS"],
    )


def test_a_hyphenated_title_is_one_role():
    """A title written "Secretary-General" is one office, not a secretary (GOV) and a general
    (MIL); the title keeps the hyphen as written, and a lexicon key with a space matches it."""
    doc = analyze(
        "UN Secretary-General Kofi Mensah called for a ceasefire. "
        "Attorney-General Paul Okafor resigned on Friday."
    )[0]
    mensah = entity(doc, "Kofi Mensah")
    assert (mensah.title, mensah.sectors) == ("UN Secretary-General", ["IGO"])
    okafor = entity(doc, "Paul Okafor")
    assert (okafor.title, okafor.sectors) == ("Attorney-General", ["GOV", "JUD"])


@pytest.mark.parametrize(
    "text",
    [
        "The UK-based Syrian Observatory said government forces shelled a village.",
        "A Syrian rights group, based in Britain, said government forces shelled a village.",
        "A Syrian monitor headquartered in London said government forces shelled a village.",
    ],
)
def test_where_a_body_is_based_does_not_stop_the_single_country_default(text):
    # base_words in roles.yaml: base, headquarter, headquartered
    doc = analyze(text)[0]
    assert entity(doc, "government forces").country == "SYR"


def test_a_country_named_otherwise_still_stops_the_single_country_default():
    doc = analyze("Britain and Syria said government forces shelled a village.")[0]
    assert entity(doc, "government forces").country is None


def test_the_role_start_filter_lets_through_every_word_a_role_can_start_with():
    """`_role_match` rejects a token from two set lookups; they must agree with testing every
    form `_role_candidates` reads (the word, its lemma, a plural undone)."""
    from eventwire.analyze.actor_lexicon import _role_candidates
    from eventwire.analyze.nlp import load

    lex = lexicon()
    firsts = sorted(lex.role_first_words)[:400]
    words = firsts + [w + "s" for w in firsts] + [w + "es" for w in firsts]
    words += [w[:-1] + "ies" for w in firsts if w.endswith("y")]
    words += ["Ministers", "bus", "says", "ties", "Secretaries", "judges", "the", "officials"]
    tokens = [t for t in load()(" ".join(words)) if not t.is_space]
    assert len(tokens) >= len(words)
    for token in tokens:
        slow = any(f in lex.role_first_words for f in _role_candidates(token))
        fast = (
            token.text.lower() in lex.role_first_forms
            or token.lemma_.lower() in lex.role_first_words
        )
        assert fast == slow, token.text


@given(
    st.lists(
        st.sampled_from(["U.S.-China", "Jean-Pierre", "and/or", "—", "–", "-", "Müller", "\n",
                         "  ", "Seoul", "north–south", "x/y/z", "İstanbul", "3/4", "Hwa-young"]),
        max_size=12,
    ).map(" ".join)
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_gazetteer_pieces_are_the_tokens_split_at_dashes_and_slashes(text: str) -> None:
    """The shortcut for tokens without a dash or slash gives what the piece pattern gives."""
    from eventwire.analyze.actor_lexicon import _PIECE
    from eventwire.analyze.mention_fixes import _pieces
    from eventwire.analyze.nlp import load

    tokens = list(load()(text))
    expected = [
        (t.idx + m.start(), t.idx + m.end(), t.i)
        for t in tokens
        for m in _PIECE.finditer(t.text)
        if not m.group().isspace()
    ]
    assert [(s, e, t.i) for s, e, t in _pieces(tokens)] == expected


@pytest.mark.parametrize("word", ["Seoul", "TRUMP", "g7", "Abe", "x"])
def test_the_key_of_a_plain_ascii_word_is_its_lower_case(word: str) -> None:
    assert lexicon_key(word) == word.lower()
