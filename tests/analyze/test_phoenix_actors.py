"""The actor dictionary derived from Phoenix, and the resolution rules it brought.

The conversion script is run on a small dictionary in PETRARCH's format written for these
tests; the shipped data (data/phoenix_actors.tsv) is checked for what the script promises;
the rules are tested on sentences written for the project, three phrasings or more each.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from eventwire.analyze.actor_lexicon import derived_entries, lexicon, lexicon_key, place_countries
from eventwire.data import load_yaml

from .test_actors import analyze, entity

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def _script():
    """scripts/convert_phoenix.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location(
        "convert_phoenix", ROOT / "scripts" / "convert_phoenix.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


SAMPLE_COUNTRIES = """\
# a sample in PETRARCH's format, written for these tests
FREEDONIA_  [FRD]
+FREEDONIAN_

RUFUS_T._FIREFLY_  # CountryInfo.txt
+PRESIDENT_FIREFLY_
+PRESIDENT_RUFUS_T._FIREFLY_
+FIREFLY_
\t[GBRGOV 330101-331231]
\t[GBRELI]
MARGARET_DUMONT_  # CountryInfo.txt
+MRS._MARGARET_DUMONT_
\t[GBRLEG 19300101-351231]
\t[GBRGOV >020101]
BAD_DATES_PERSON_  # CountryInfo.txt
\t[GBRGOV 9008223-911221]
\t[GBRELI]
"""

SAMPLE_GROUPS = """\
NORTHERN_LIBERATION_FRONT_ [GBRREB] # sample
+NLF_
+THE_FRONT_

WEST_ [GBRREB] # a common word as a name
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> list[list[str]]:
    source = tmp_path_factory.mktemp("phoenix")
    (source / "Phoenix.Countries.actors.txt").write_text(SAMPLE_COUNTRIES, encoding="utf-8")
    (source / "Phoenix.International.actors.txt").write_text("", encoding="utf-8")
    (source / "Phoenix.MilNonState.actors.txt").write_text(SAMPLE_GROUPS, encoding="utf-8")
    out = source / "out.tsv"
    assert _script().main(["--source", str(source), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Actors derived from the Phoenix")
    return [line.split("\t") for line in text.splitlines() if not line.startswith("#")]


def test_conversion_keeps_people_with_their_dated_roles(converted):
    rows = {row[1]: row for row in converted}
    firefly = rows["Rufus T. Firefly"]
    assert firefly[2:5] == ["PERSON", "GBR", "ELI"]
    assert firefly[6] == "1933-01-01/1933-12-31/GBR/GOV"
    # the title is cut off an alias; a bare surname is no alias, but the titled name is kept
    assert firefly[5] == ""
    assert firefly[7] == "president firefly"
    dumont = rows["Margaret Dumont"]
    assert dumont[6] == "1930-01-01/1935-12-31/GBR/LEG;2002-01-01//GBR/GOV"


def test_conversion_drops_bad_dates_and_common_words(converted):
    rows = {row[1]: row for row in converted}
    assert rows["Bad Dates Person"][6] == ""  # the malformed role goes, the person stays
    assert rows["Bad Dates Person"][4] == "ELI"
    front = rows["Northern Liberation Front"]
    assert front[2:5] == ["ORG", "GBR", "REB"]
    assert front[5] == "NLF"  # "the Front" is one common word once "the" goes
    assert "West" not in rows


def test_conversion_reads_two_and_four_digit_years():
    script = _script()
    assert script.parse_date("970502") == dt.date(1997, 5, 2)
    assert script.parse_date("090120") == dt.date(2009, 1, 20)
    assert script.parse_date("19270101") == dt.date(1927, 1, 1)
    assert script.parse_date("9008223") is None


# The shipped data ---------------------------------------------------------------------------

ENTRIES = derived_entries()


def test_the_derived_data_is_large_and_well_formed():
    assert len(ENTRIES) > 20_000
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    countries = set(lexicon().country_names)
    sectors = set(re.findall(r"\b[A-Z]{3}\b", (ROOT / "src/eventwire/data/roles.yaml").read_text()))
    for entry in ENTRIES:
        assert entry.type in ("PERSON", "ORG")
        assert entry.country is None or entry.country in countries, entry
        for role in entry.roles:
            assert role.country is None or role.country in countries, entry
            assert set(role.sectors) <= sectors, entry
            assert role.start is None or role.end is None or role.start < role.end, entry


def test_no_derived_alias_is_one_common_word():
    for entry in ENTRIES:
        for form in (entry.name, *entry.aliases):
            if " " not in form:
                assert zipf_frequency(form.lower(), "en") < 4.0 or form.isupper(), form
            assert len(re.sub(r"[^A-Za-z]", "", form)) >= 3, form


def test_the_licence_notice_is_beside_the_data():
    notice = (ROOT / "src/eventwire/data/phoenix_LICENSE.txt").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data" in notice
    header = (ROOT / "src/eventwire/data/phoenix_actors.tsv").read_text(encoding="utf-8")[:400]
    assert "phoenix_LICENSE.txt" in header


def test_the_projects_own_data_wins():
    names = lexicon().names
    # a name of data/actors.yaml keeps only that reading
    assert all(not h.loose for h in names[lexicon_key("Donald Trump")])
    assert all(not h.loose for h in names[lexicon_key("Labour")])


# People resolved by date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "key"),
    [
        ("1990-06-01", "phx-george-bush"),
        ("2004-06-01", "phx-george-w-bush"),
        (None, "phx-george-w-bush"),  # no date: the latest
    ],
)
def test_a_shared_name_is_the_person_in_office_on_the_date(published, key):
    for text in (
        "George Bush arrived in Ottawa for talks on trade.",
        "Talks on trade began after George Bush arrived in Ottawa.",
        "In Ottawa, George Bush opened talks on trade.",
    ):
        (doc,) = analyze(text, published=published)
        assert entity(doc, "George Bush").key == key, (text, published)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Tony Blair told MPs the case for war was strong.",
        "Tony Blair, the prime minister, told MPs the case for war was strong.",
        "The case for war was strong, Tony Blair said in a speech.",
    ],
)
def test_tony_blair_is_british(text):
    (doc,) = analyze(text)
    blair = entity(doc, "Tony Blair")
    assert (blair.country, blair.key) == ("GBR", "phx-tony-blair")
    assert "GOV" in blair.sectors  # his latest role: Prime Minister until 2007


def test_a_bare_surname_needs_the_country_named():
    (doc,) = analyze("Mr Blair said Britain would stand by its allies.")
    assert entity(doc, "Blair").key == "phx-tony-blair"
    (doc,) = analyze("Mr Blair said the plan would stand.")
    assert entity(doc, "Blair").key is None


# Names read as places ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("President Bush met NATO leaders in Brussels.", "Bush"),
        ("Mr Bush said the United States would not wait for the UN.", "Bush"),
        ("Bush said the United States would not wait for the UN.", "Bush"),
        ("Senator Kerry said the United States needed new allies.", "Kerry"),
    ],
)
def test_a_person_named_like_a_town_is_a_person(text, surface):
    (doc,) = analyze(text)
    found = entity(doc, surface)
    assert found.type == "PERSON"
    assert found.country == "USA"


def test_a_town_with_a_locative_preposition_stays_a_place():
    (doc,) = analyze("Fighting was reported near Bush, the United States said.")
    assert entity(doc, "Bush").type != "PERSON"


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The Liberal Democrats criticised the budget in Parliament.", "Liberal Democrats"),
        ("The Social Democrats in Germany rejected the plan.", "Social Democrats"),
        ("The Free Democrats lost ground in Germany.", "Free Democrats"),
        ("The Christian Democrats won most seats in Germany.", "Christian Democrats"),
    ],
)
def test_a_longer_party_name_is_not_the_us_democrats(text, surface):
    (doc,) = analyze(text)
    party = entity(doc, surface)
    assert party.key != "us-democratic-party"
    assert party.country != "USA"
    assert "PTY" in party.sectors


@pytest.mark.parametrize("qualifier", load_yaml("roles.yaml")["member_qualifiers"])
def test_member_qualifiers_keep_the_party(qualifier):
    word = qualifier[:1].upper() + qualifier[1:]
    (doc,) = analyze(f"On Monday, {word} Democrats voted against the budget.")
    assert any(e.key == "us-democratic-party" for e in doc.entities), word


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Sanctions from the West have hurt the economy.", "West"),
        ("Ministers from the East and the West met in Vienna.", "East"),
        ("Aid from the North has fallen, a report on the Global South said.", "North"),
    ],
)
def test_blocs_are_no_country(text, surface):
    (doc,) = analyze(text)
    assert entity(doc, surface).country is None


@pytest.mark.parametrize("bloc", load_yaml("countries.yaml")["blocs"])
def test_each_bloc_is_no_place_of_one_country(bloc):
    assert lexicon_key(re.sub(r"^the\s+", "", bloc)) not in place_countries()


# Titles in the sentence give country and sector ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "country", "sector"),
    [
        (
            "The French Minister of Foreign Affairs, Jean Dupont, visited Beijing.",
            "Jean Dupont",
            "FRA",
            "GOV",
        ),
        (
            "The German Minister of Defence, Karl Weber, visited the troops.",
            "Karl Weber",
            "DEU",
            "GOV",
        ),
        (
            "French Minister of Foreign Affairs Jean Dupont said the embargo should end.",
            "Jean Dupont",
            "FRA",
            "GOV",
        ),
        (
            "German Minister of Defence Karl Weber visited the troops.",
            "Karl Weber",
            "DEU",
            "GOV",
        ),
        (
            "Kenyan Minister of Foreign Affairs Grace Otieno met the envoys.",
            "Grace Otieno",
            "KEN",
            "GOV",
        ),
        (
            "Tory foreign affairs spokesman Tom Harding said the deal was weak.",
            "Tom Harding",
            "GBR",
            "PTY",
        ),
        (
            "Labour health spokeswoman Jane Miller criticised the plan.",
            "Jane Miller",
            "GBR",
            "PTY",
        ),
        (
            "Lib Dem education spokesman Ian Bell opposed the fees.",
            "Ian Bell",
            "GBR",
            "PTY",
        ),
    ],
)
def test_titles_give_country_and_sector(text, surface, country, sector):
    (doc,) = analyze(text)
    person = entity(doc, surface)
    assert person.country == country
    assert sector in person.sectors


# The story's country -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        (
            "The Special Prosecutor in Seoul indicted the former president, South Korean "
            "officials said. The United States declined to comment. Korea's opposition "
            "welcomed the move.",
            "Special Prosecutor",
            "KOR",
        ),
        (
            "The country's chief prosecutor in Nairobi charged the former minister, Kenyan "
            "police said. A British diplomat was present. Kenya's courts will hear the case.",
            "chief prosecutor",
            "KEN",
        ),
        (
            "A special prosecutor in Lima questioned the former president, Peruvian officials "
            "said. Peru's Congress backed the inquiry, and a US lawyer watched.",
            "special prosecutor",
            "PER",
        ),
    ],
)
def test_roles_take_the_storys_country(text, surface, country):
    (doc,) = analyze(text)
    assert entity(doc, surface).country == country


def test_no_story_country_when_countries_are_balanced():
    (doc,) = analyze(
        "The special prosecutor spoke after Japan and China met. Japan and China agreed."
    )
    assert entity(doc, "special prosecutor").country is None
