"""Event patterns of running news text, each in three phrasings written for these tests:
reciprocal objects, complaints and their dismissal, court rulings and fines, ended agreements,
lifted measures named by their owner, participles that describe their victim, and verbs that
share one object."""

from __future__ import annotations

import pytest

from eventwire.model import Actor, Event
from tests.analyze.events_harness import run

#: (sentence, type, actor1 country or words, actor2 country or words); None: no actor.
CASES: list[tuple[str, str, str | None, str | None]] = [
    # reciprocal objects: each side acts on the other
    ("India and Pakistan accused one another of violating the ceasefire.", "ACCUSE", "IND", "PAK"),
    ("India and Pakistan accused one another of violating the ceasefire.", "ACCUSE", "PAK", "IND"),
    ("Thailand and Cambodia blamed each other for the border clashes.", "ACCUSE", "KHM", "THA"),
    ("Ethiopia and Eritrea signed a peace agreement with each other.", "AGREE", "ERI", "ETH"),
    # complaints against a party
    ("Brazil filed a complaint against Canada at the trade body.", "ACCUSE", "BRA", "CAN"),
    ("Mexico lodged a formal complaint against Guatemala over the shooting.", "ACCUSE", "MEX",
     "GTM"),
    ("Peru's complaint against Chile was heard in The Hague.", "ACCUSE", "PER", "CHL"),
    # dismissing a complaint, a lawsuit or an appeal
    ("Japan dismissed the Chinese complaint about the islands.", "REJECT", "JPN", "CHN"),
    ("Kenya dismissed the Ugandan lawsuit as baseless.", "REJECT", "KEN", "UGA"),
    ("Ghana's government dismissed the Nigerian appeal.", "REJECT", "GHA", "NGA"),
    # court rulings: the court sanctions whom it rules against
    ("A court in Nairobi ruled that the interior ministry had acted unlawfully.", "SANCTION",
     "court", "interior ministry"),
    ("The Supreme Court ruled against the government on Friday.", "SANCTION", "Supreme Court",
     "government"),
    ("Detaining the men without trial was illegal, Kenya's highest court has ruled.",
     "SANCTION", "KEN", None),
    # fines
    ("A Spanish court fined the former minister for tax fraud.", "SANCTION", "ESP",
     "former minister"),
    ("The bank was fined by American regulators.", "SANCTION", "USA", "bank"),
    ("The French regulator fined Google for breaking competition rules.", "SANCTION", None,
     "Google"),
    # ending an agreement with another party
    ("Niger terminated its military agreement with the United States.", "SANCTION", "NER",
     "USA"),
    ("Mali scrapped its defence accord with France.", "SANCTION", "MLI", "FRA"),
    ("Zambia cancelled the mining agreement with the Chinese company.", "SANCTION", "ZMB", "CHN"),
    # a measure lifted in the passive: its owner lifts it
    ("The EU embargo on arms exports to China is likely to be lifted.", "CONCEDE", "EU", "CHN"),
    ("Britain's arms embargo on Argentina was lifted in 1998.", "CONCEDE", "GBR", "ARG"),
    ("The American ban on weapons sales to Vietnam was lifted in 2016.", "CONCEDE", "USA",
     "VNM"),
    # a participle with a "by" agent: the noun it describes undergoes the act
    ("The family of an Iraqi civilian killed by British troops won the case.", "ASSAULT", "GBR",
     "IRQ"),
    ("The journalists arrested by Turkish police were released.", "COERCE", "TUR",
     "journalists"),
    ("Two farmers shot by Israeli soldiers were taken to hospital.", "ASSAULT", "ISR",
     "farmers"),
    # coordinated verbs share the object the parser hangs on the last one
    ("The Kremlin seized and sold the oil company's main production unit.", "COERCE", "RUS",
     "company"),
    ("Police arrested and charged three Kenyan activists.", "COERCE", None, "KEN"),
    ("Iranian guards boarded and seized the Greek tanker.", "COERCE", "IRN", "Greek tanker"),
    # a plural event noun the parser took for a verb ("... and asset freezes on X")
    ("Britain announced travel bans and asset freezes on three Burmese generals.", "SANCTION",
     "GBR", "MMR"),
    ("The EU imposed travel bans and asset freezes on five Russian officials.", "SANCTION",
     "EU", "RUS"),
    ("Washington ordered visa bans and asset freezes on Nicaraguan judges.", "SANCTION", "USA",
     "NIC"),
    # the parties "between" whom an event noun is take part on both sides
    ("Talks between Ethiopia and Egypt resumed on Monday.", "CONSULT", "ETH", "EGY"),
    ("Clashes between Sudanese troops and rebels killed ten people.", "ASSAULT", "SDN",
     "rebels"),
    ("The meeting between the Chinese and Indian ministers ended without a deal.", "CONSULT",
     "CHN", "IND"),
    # who is responsible for or behind an event noun did it
    ("Investigators said the separatist group ETA may be responsible for the bomb threat.",
     "THREATEN", "ESP", None),
    ("The Pakistani Taliban claimed responsibility for the attack on the army convoy.",
     "ASSAULT", "Taliban", None),
    ("Officials said Houthi rebels were behind the bombing of the Saudi pipeline.", "ASSAULT",
     "Houthi", "SAU"),
    # the host of a meeting, summit or talks
    ("Qatar hosted the talks on the Gaza ceasefire.", "CONSULT", "QAT", None),
    ("The summit was hosted by the Kenyan president.", "CONSULT", "KEN", None),
    ("Egypt will host a meeting of Sudanese leaders.", "CONSULT", "EGY", "SDN"),
    # a reporting or warning verb after what was said: the noun after it is its speaker
    ("Thousands of Kenyan teachers could strike if the government cuts their pay, warned "
     "union leaders.", "THREATEN", "union leaders", "KEN"),
    ("Millions of Brazilian workers could strike if ministers raise the pension age, warn "
     "union leaders.", "THREATEN", "union leaders", "ministers"),
    ("Nurses could strike if the government freezes their pay, warned the Irish nurses' "
     "union.", "THREATEN", "IRL", "IRL"),
    # owners and shareholders are business parties
    ("The majority owner of the Russian oil firm has sued the Russian government.", "ACCUSE",
     "majority owner", "RUS"),
    ("Shareholders of the Chinese carmaker sued the provincial government.", "ACCUSE",
     "Shareholders", "CHN"),
    ("The owner of the newspaper accused the Hungarian government of censorship.", "ACCUSE",
     "owner", "HUN"),
    # a visit to countries, or to a person beside a capital, is diplomacy
    ("The French minister visited Mali, Niger and Chad.", "CONSULT", "FRA", "TCD"),
    ("The Pope visited Manila and the Philippine president.", "CONSULT", None,
     "Philippine president"),
    ("The Indian prime minister visited Nepal and met its president.", "CONSULT", "IND",
     "NPL"),
    # a number of people counted ("thousands of ...") is the subject an entry asks for
    ("Thousands of Kenyan teachers struck on Monday.", "PROTEST", "KEN", None),
    ("Hundreds of Nigerian doctors struck over unpaid wages.", "PROTEST", "NGA", None),
    ("Dozens of French pilots struck for a second day.", "PROTEST", "FRA", None),
]  # fmt: skip

#: Sentences with the same words that hold no event of the type.
NO_EVENT: list[tuple[str, str]] = [
    ("The king ruled the country for forty years.", "SANCTION"),
    ("The minister ruled out an early election.", "SANCTION"),
    ("The party ruled the city for a decade.", "SANCTION"),
    ("Residents made complaints about the noise.", "ACCUSE"),
    ("The weather was fine in Madrid.", "SANCTION"),
    ("The two sides met and discussed each proposal.", "ACCUSE"),
    ("The company announced price freezes for its customers.", "SANCTION"),
    # a tour of towns: whatever is listed beside a town is a stop of the same tour
    (
        "The Labour leader is campaigning as he visits Leeds, Hull, Grimsby and Scunthorpe.",
        "CONSULT",
    ),
    ("The candidate visits Bolton, Wigan, Ormskirk and Skelmersdale on Friday.", "CONSULT"),
    ("The party leader visits Glasgow, Stirling, Oban and Dundee this week.", "CONSULT"),
]


def test_a_speaker_after_the_report_is_its_source_not_its_actor(coded):  # type: ignore[no-untyped-def]
    (e,) = [e for e in coded[INVERTED] if e.type == "ASSAULT"]
    assert e.actor1 is not None and e.actor1.span.text == "Israeli troops"
    assert e.modality == "reported"


INVERTED = "Israeli troops shot two Palestinians near Jenin, said Palestinian officials."

#: Sentences that deny who did an event: the event stands, without that actor.
DENIED: list[tuple[str, str]] = [
    ("The army denied responsibility for the shelling of the Syrian village.", "army"),
    ("Hamas was not responsible for the rocket attack on Israel.", "Hamas"),
    (
        "The Kurdish militia did not claim responsibility for bombing the Turkish army base.",
        "militia",
    ),
]


def _has(actor: Actor | None, want: str | None) -> bool:
    if want is None:
        return True  # not checked
    if actor is None:
        return False
    return actor.country == want or want.lower() in f"{actor.span.text} {actor.name}".lower()


def _show(events: list[Event]) -> list[tuple[str, str, str]]:
    return [
        (e.type, e.actor1.span.text if e.actor1 else "-", e.actor2.span.text if e.actor2 else "-")
        for e in events
    ]


@pytest.fixture(scope="module")
def coded() -> dict[str, list[Event]]:
    texts = sorted(
        {c[0] for c in CASES} | {n[0] for n in NO_EVENT} | {d[0] for d in DENIED} | {INVERTED}
    )
    return {d.text: d.events for d in run(texts)}


@pytest.mark.parametrize(("sentence", "kind", "actor1", "actor2"), CASES)
def test_event_with_its_actors(coded, sentence, kind, actor1, actor2):  # type: ignore[no-untyped-def]
    events = coded[sentence]
    assert any(
        e.type == kind and _has(e.actor1, actor1) and _has(e.actor2, actor2) for e in events
    ), _show(events)


@pytest.mark.parametrize(("sentence", "kind"), NO_EVENT)
def test_same_words_without_the_event(coded, sentence, kind):  # type: ignore[no-untyped-def]
    assert not [e for e in coded[sentence] if e.type == kind], _show(coded[sentence])


def test_a_reciprocal_object_is_no_actor_of_its_own(coded):  # type: ignore[no-untyped-def]
    events = coded["Thailand and Cambodia blamed each other for the border clashes."]
    pairs = {(e.actor1.country, e.actor2.country) for e in events if e.actor1 and e.actor2}
    assert pairs == {("THA", "KHM"), ("KHM", "THA")}
    assert all(e.actor2 is not None for e in events)


@pytest.mark.parametrize(("sentence", "denied"), DENIED)
def test_a_denied_author_is_no_actor(coded, sentence, denied):  # type: ignore[no-untyped-def]
    events = [e for e in coded[sentence] if e.type == "ASSAULT"]
    assert events, _show(coded[sentence])
    assert not [e for e in events if _has(e.actor1, denied)], _show(events)
