"""Actor roles of events, each pattern in three phrasings written for these tests: passive
agents, victims, prepositional targets, nominal triggers with their arguments, demonym groups,
reporting frames, compound actors and things that are no actors."""

from __future__ import annotations

import pytest

from eventwire.model import Actor, Event
from tests.analyze.events_harness import run


def _words(actor: Actor | None) -> str:
    return "" if actor is None else actor.span.text


def _events(texts: list[str]) -> list[list[Event]]:
    return [d.events for d in run(texts)]


def _only(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.type == kind]
    assert len(found) == 1, [(e.type, _words(e.actor1), _words(e.actor2)) for e in events]
    return found[0]


@pytest.fixture(scope="module")
def passive() -> list[list[Event]]:
    return _events([
        "The hostage was freed by the rebels on Monday.",
        "The journalists were released by Iranian authorities.",
        "Two aid workers were kidnapped by gunmen in Darfur.",
        "The hostage was freed on Monday.",
    ])  # fmt: skip


def test_a_passive_agent_is_the_source_and_the_subject_the_target(passive):  # type: ignore[no-untyped-def]
    freed, released, kidnapped, _ = passive
    e = _only(freed, "CONCEDE")
    assert "rebels" in _words(e.actor1) and "hostage" in _words(e.actor2)
    e = _only(released, "CONCEDE")
    assert e.actor1 is not None and e.actor1.country == "IRN" and "journalists" in _words(e.actor2)
    e = _only(kidnapped, "ASSAULT")
    assert "gunmen" in _words(e.actor1) and "aid workers" in _words(e.actor2)


def test_an_agentless_passive_leaves_the_source_empty(passive):  # type: ignore[no-untyped-def]
    e = _only(passive[3], "CONCEDE")
    assert e.actor1 is None and "hostage" in _words(e.actor2)


def test_victims_are_targets_and_an_unknown_agent_stays_empty():
    for events in _events([
        "Police said three farmers had been shot in the village.",
        "Officials said two soldiers were killed near the border.",
        "Security forces said five protesters had been shot in the capital.",
    ]):  # fmt: skip
        e = _only(events, "ASSAULT")
        assert e.actor1 is None, _words(e.actor1)  # not the police, officials or forces
        assert e.actor2 is not None and e.modality == "reported"
        assert e.source is not None  # the speaker is the source, never the actor


def test_the_speaker_of_a_reporting_frame_never_replaces_the_actor():
    cases = _events([
        "The ministry said Israel attacked the convoy.",
        "According to the UN, Ethiopian troops shelled the town.",
        "Witnesses told reporters that the army arrested the mayor.",
    ])  # fmt: skip
    expected = [("ASSAULT", "Israel"), ("ASSAULT", "Ethiopian troops"), ("COERCE", "army")]
    for events, (kind, actor) in zip(cases, expected, strict=True):
        e = _only(events, kind)
        assert _words(e.actor1) == actor and e.modality == "reported"


@pytest.mark.parametrize(
    ("sentence", "kind", "source", "target"),
    [
        # talks with X
        ("Peru opened negotiations with Chile over the fishing dispute.", "CONSULT", "PER", "CHL"),
        ("The German chancellor held talks with the Polish president.", "CONSULT", "DEU", "POL"),
        ("Egypt held talks with Sudan in Khartoum on Sunday.", "CONSULT", "EGY", "SDN"),
        # measures against X
        ("The EU announced measures against Russia.", "SANCTION", None, "RUS"),
        ("Canada adopted new measures against Iranian officials.", "SANCTION", "CAN", "IRN"),
        ("Britain took measures against Venezuela's government.", "SANCTION", "GBR", "VEN"),
        # an arrest warrant for X
        (
            "A Spanish judge issued an arrest warrant for the Chilean general.",
            "COERCE",
            "ESP",
            "CHL",
        ),
        (
            "A Kenyan court issued an arrest warrant for the Somali militia leader.",
            "COERCE",
            "KEN",
            "SOM",
        ),
        (
            "Peruvian prosecutors issued an arrest warrant for a Bolivian minister.",
            "COERCE",
            "PER",
            "BOL",
        ),
    ],
)
def test_prepositional_targets(sentence, kind, source, target):  # type: ignore[no-untyped-def]
    (events,) = _events([sentence])
    e = _only(events, kind)
    assert e.actor2 is not None and e.actor2.country == target
    if source is not None:
        assert e.actor1 is not None and e.actor1.country == source


def test_nominal_triggers_take_their_arguments():
    bans = _events([
        "The US imposed travel bans on three Nicaraguan generals.",
        "Canada announced sanctions and travel bans on five Russian officials.",
        "The EU imposed a travel ban on the Belarusian leader.",
    ])  # fmt: skip
    for events, (src, tgt) in zip(bans, [("USA", "NIC"), ("CAN", "RUS"), (None, "BLR")],
                                  strict=True):  # fmt: skip
        sanctions = [e for e in events if e.type == "SANCTION"]
        assert sanctions and all(e.actor2 and e.actor2.country == tgt for e in sanctions)
        if src:
            assert all(e.actor1 and e.actor1.country == src for e in sanctions)
    visits = _events([
        "The Japanese premier's visit to China ended on Friday.",
        "The French president's visit to Algeria began on Monday.",
        "The Indian minister's visit to Nepal was cancelled.",
    ])  # fmt: skip
    for events, (src, tgt) in zip(visits, [("JPN", "CHN"), ("FRA", "DZA"), ("IND", "NPL")],
                                  strict=True):  # fmt: skip
        e = _only(events, "CONSULT")
        assert e.mode == "visit" and e.actor2 is not None and e.actor2.country == tgt
        assert e.actor1 is not None and e.actor1.country == src
    assert _only(visits[2], "CONSULT").modality == "negated"


@pytest.mark.parametrize(
    ("sentence", "kind", "country", "sector"),
    [
        ("Chilean fishermen protested against the new quotas.", "PROTEST", "CHL", None),
        ("Kenyan nurses went on strike over pay.", "PROTEST", "KEN", None),
        ("Peruvian farmers blocked roads near Cusco.", "PROTEST", "PER", None),
        ("Malian rebels attacked an army base.", "ASSAULT", "MLI", "REB"),
        ("Sudanese rebels seized the town of Abyei.", "ASSAULT", "SDN", "REB"),
        ("Colombian rebels released four soldiers.", "CONCEDE", "COL", "REB"),
    ],
)
def test_a_demonym_gives_a_group_its_country(sentence, kind, country, sector):  # type: ignore[no-untyped-def]
    (events,) = _events([sentence])
    e = _only(events, kind)
    assert e.actor1 is not None and e.actor1.country == country
    if sector:
        assert sector in e.actor1.sectors


def test_compound_actors_split_into_one_event_each():
    cases = _events([
        "Germany and France called for the embargo to be lifted.",
        "Egypt and Jordan condemned the attack on the mosque.",
        "Brazil, Chile and Peru signed the trade accord.",
    ])  # fmt: skip
    calls, condemned, signed = cases
    assert sorted(e.actor1.country for e in calls if e.type == "REQUEST" and e.actor1) == [
        "DEU", "FRA"]  # fmt: skip
    assert sorted(e.actor1.country for e in condemned if e.type == "ACCUSE" and e.actor1) == [
        "EGY", "JOR"]  # fmt: skip
    pairs = {(e.actor1.country, e.actor2.country) for e in signed if e.actor1 and e.actor2}
    assert pairs == {("BRA", "CHL"), ("BRA", "PER"), ("CHL", "PER")}


def test_goods_sums_works_and_abstract_nouns_are_no_actors():
    goods, album, accounts = _events([
        "Egyptian goods will enter Israel free of duty.",
        "The album attacked the music industry.",
        "The court froze Yukos accounts.",
    ])  # fmt: skip
    assert not goods and not album
    e = _only(accounts, "SANCTION")
    assert _words(e.actor2) == "Yukos"  # the accounts' owner, not the accounts
    for events in _events([
        "A $40 million loan criticised the ministry.",
        "Twenty percent of the budget condemned the rebels.",
        "The documentary accused the army of torture.",
    ]):  # fmt: skip
        for e in events:
            for actor in (e.actor1, e.actor2):
                words = _words(actor).lower()
                assert not any(w in words for w in ("$", "percent", "loan", "documentary"))


def test_the_author_of_a_plan_stands_for_it():
    for events, author in zip(
        _events([
            "Israel rejected the Egyptian ceasefire proposal.",
            "The rebels rejected the Senegalese peace plan.",
            "Turkey welcomed the Russian proposal on Syria.",
        ]),
        ["EGY", "SEN", "RUS"],
        strict=True,
    ):  # fmt: skip
        e = next(e for e in events if e.type in ("REJECT", "SUPPORT"))
        assert e.actor2 is not None and e.actor2.country == author
        assert "plan" not in _words(e.actor2) and "proposal" not in _words(e.actor2)
