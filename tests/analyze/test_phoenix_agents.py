"""Phoenix's generic agents as role words: the conversion on an agents file in PETRARCH's
format written for these tests, the block it keeps in data/roles.yaml, and unnamed parties of
events that now get a sector and, from a demonym, a country (three phrasings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.data import load_yaml
from tests.analyze.events_harness import run

from .test_phoenix_actors import ROOT, _script

SAMPLE_AGENTS = """\
# CAMEO agents file (a sample written for these tests)
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
HARBOUR!PERSON! [~BUS]
PORT_WARDEN [~GOV]
HEALTH_MINISTER [~GOVHLH]
DAIRY_FARMER [~AGR]
POLICE [~COP]
RIOT_SQUAD {} [~COP]  # a comment after the code
POLICE_CHIEF [~COP]
CABINET_MEETING [~GOV]
CLERIC [~RELOPP]
SMUGGLER [~CRM]
NON-COMBATANT [~CVL]
FORMER_MINISTER [~ELI]
AMBASSADOR_TO [~GOV]
HIGH_RANKING_OFFICAL [~GOV]
POOR [~CVL]
A_TRADE_DELEGATION [~GOVBUS]
OWNERS_OF_PRIVATE_SHIPPING_COMPANIES {} [~BUS]
PORT_WARDEN [~MILBUS]
"""

ROLES_SAMPLE = """\
# role words
roles:
  police: {sectors: [COP]}
  minister: {sectors: [GOV]}

# after the table
past_markers: [former]
"""


@pytest.fixture()
def agents(tmp_path: Path) -> dict[str, list[str]]:
    path = tmp_path / "agents.txt"
    path.write_text(SAMPLE_AGENTS, encoding="utf-8")
    script = _script()
    return script.parse_agents(
        path, known={"police", "polices", "chief", "chiefs"}, review=script.Review()
    )


def test_codes_become_sectors_the_project_knows() -> None:
    script = _script()
    assert script.agent_sectors("~GOVHLH") == ["GOV", "HLH"]
    assert script.agent_sectors("IGO~") == ["IGO"]
    assert script.agent_sectors("~CRM") == []  # crime is no sector of the project


def test_agents_taken_and_left(agents: dict[str, list[str]]) -> None:
    assert agents["health minister"] == ["GOV", "HLH"]
    assert agents["riot squad"] == ["COP"]  # a comment after the code is no part of it
    assert agents["cleric"] == ["REL", "OPP"]
    assert "dairy farmer" not in agents  # a civilian sector: left to the hand-written table
    assert agents["trade delegation"] == ["GOV", "BUS"]  # the leading article is dropped
    assert agents["port warden"] == ["GOV", "MIL", "BUS"]  # two lines of one word join
    assert "police chief" not in agents  # the hand-written table has its head word
    assert "police" not in agents  # the hand-written table has it
    assert "cabinet meeting" not in agents  # a meeting is an event, not a party
    assert "smuggler" not in agents  # no sector the project knows
    assert not [w for w in agents if "person" in w or "!" in w]  # templates are skipped
    assert "owners of private shipping companies" not in agents  # longer than the limit
    assert "non-combatant" not in agents  # a hyphenated modifier
    assert "former minister" not in agents  # a past office
    assert "ambassador to" not in agents  # a function word
    assert "high ranking offical" not in agents  # a misspelling
    assert "poor" not in agents  # an adjective, not read as a noun


def test_the_block_is_written_once_and_replaced(tmp_path: Path) -> None:
    script = _script()
    roles = tmp_path / "roles.yaml"
    roles.write_text(ROLES_SAMPLE, encoding="utf-8")
    script.write_agents(roles, {"imam": ["REL"]})
    script.write_agents(roles, {"imam": ["REL"], "riot squad": ["COP"]})
    text = roles.read_text(encoding="utf-8")
    assert text.count(script.AGENTS_BEGIN) == 1
    import yaml

    data = yaml.safe_load(text)
    assert data["roles"]["riot squad"] == {"sectors": ["COP"], "needs_owner": True}
    assert data["roles"]["police"] == {"sectors": ["COP"]}
    assert data["past_markers"] == ["former"]
    assert script.hand_roles(roles) >= {"police", "minister", "ministers"}
    assert "imam" not in script.hand_roles(roles)


def test_shipped_roles_keep_the_hand_written_words_first() -> None:
    script = _script()
    text = (ROOT / "src" / "eventwire" / "data" / "roles.yaml").read_text(encoding="utf-8")
    assert text.count(script.AGENTS_BEGIN) == 1 and "MIT licence" in text
    roles = load_yaml("roles.yaml")["roles"]
    assert roles["police"] == {"sectors": ["COP"]}  # hand-written, not Phoenix's
    # unreviewed words name a party only with an owner beside them ("the Turkish regulator")
    assert roles["regulator"] == {"sectors": ["GOV"], "needs_owner": True}
    assert roles["paramilitary"] == {"sectors": ["MIL"], "needs_owner": True}
    hand = script.hand_roles(ROOT / "src" / "eventwire" / "data" / "roles.yaml")
    generated = set(roles) - hand
    assert len(generated) > 300
    assert all(len(w.split()) <= script.AGENT_MAX_WORDS for w in generated)


@pytest.mark.parametrize(
    ("sentence", "kind", "words", "country", "sector"),
    [
        ("The Turkish regulator fined Google for abusing its position.", "SANCTION",
         "regulator", "TUR", "GOV"),
        ("Colombian paramilitaries attacked the village on Sunday.", "ASSAULT",
         "paramilitaries", "COL", "MIL"),
        ("Iraqi commandos stormed the building on Sunday.", "ASSAULT",
         "commandos", "IRQ", "MIL"),
    ],
)  # fmt: skip
def test_a_generic_agent_gets_its_sector_and_the_demonym_its_country(  # type: ignore[no-untyped-def]
    sentence, kind, words, country, sector
):
    (doc,) = run([sentence])
    found = [e for e in doc.events if e.type == kind and e.actor1 is not None]
    assert found, [(e.type, e.actor1) for e in doc.events]
    actor = found[0].actor1
    assert words in actor.span.text
    assert actor.country == country and sector in actor.sectors
