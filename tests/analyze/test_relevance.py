"""Relevance: sport, culture, technology and business-results stories yield political events
only where political actors act; bylines, captions and section headers state none. Every
story and sentence here was written for these tests."""

from __future__ import annotations

import pytest

from eventwire.analyze import relevance
from eventwire.analyze.parse import parse
from eventwire.model import Document
from tests.analyze.events_harness import run, run_parsed

SPORT = [
    # a football report: "beat", "threatened", "attack", "striker"
    "Rovers beat City 2-0 at the stadium on Saturday to go top of the league. The striker "
    "threatened the goal twice before half-time, and the keeper saved a penalty. City's coach "
    "said his team lacked attack and the referee missed a clear foul. The midfielder scored "
    "on his debut after a fine tackle, and the club's fans sang until the final whistle.",
    # a rugby report: "ban", "sanction", "fined", "clash"
    "The fly-half faces a ban after the championship clash with the Dragons. The league "
    "fined the coach for criticising the referee, and the club may sanction the winger after "
    "the match. The squad returns to the stadium next week for a cup fixture, the season's "
    "last, and the scrum coach hopes the penalty count falls.",
    # a tennis and cricket round-up: "beat", "attacked", "battle"
    "The champion beat her rival in straight sets in the tournament final. In the cricket, "
    "the batsmen attacked the bowling after lunch and the team battled to a draw on the "
    "fifth day of the match. The captain praised the squad's debutant, whose innings saved "
    "the game; the league's season ends with the cup final next month.",
]

CULTURE = [
    "The documentary about the war won the top prize at the film festival. Its director "
    "said the movie fights for the forgotten, and the actress in the lead role was praised "
    "by critics. The festival's closing film, a comedy, opens in cinemas next month.",
    "The band's new album attacks the music industry in its lyrics, and the singer said the "
    "song was a battle cry. The album topped the chart, and the band's concert tour opens at "
    "the festival in June, followed by a documentary about the film of the tour.",
    "The actor fought to make the film, a drama set under siege, and the director beat "
    "three rivals to the award. The movie premiere drew the festival's biggest audience and "
    "the film's star thanked the cinema owners who backed the documentary's makers.",
]

TECH = [
    "The software firm launched a screensaver that attacks spam websites by flooding the "
    "servers with requests. Users download the program, and the email spammers threatened to "
    "retaliate against the website. The internet users' forum said the screensaver bombarded "
    "each server online.",
    "Hackers attacked the browser maker's servers, and the company said users should download "
    "the update. The computer virus spread by email and the website's software blocked the "
    "spam, while online forums warned users about the download.",
    "The broadband provider's website was bombarded by spam, and the internet firm threatened "
    "to sue the spammer. Its software blocks email from each server, and users can download "
    "the program from the website online.",
]

BUSINESS = [
    "The retailer beat analysts' forecasts as quarterly profit rose 8%, and shares jumped. "
    "Sales and revenue grew, the company said, while investors cheered the dividend; the "
    "earnings battle with rivals continues, analysts said, and turnover rose.",
    "The carmaker's pre-tax profit fell, dealing a blow to shareholders, and shares slid as "
    "earnings missed forecasts. Analysts said sales and revenue dropped and investors feared "
    "a cut in the dividend; the quarterly turnover fell too.",
    "The bank attacked its costs and quarterly profit doubled, beating analysts' estimates; "
    "shares rose and investors welcomed the dividend. Revenue and sales grew, and earnings "
    "per share rose, the bank's shareholders were told.",
]


def _topic(text: str) -> str | None:
    doc = Document(text=text, kind="article")
    return relevance.judge(doc, parse([doc])[0]).topic


@pytest.mark.parametrize(
    ("texts", "topic"),
    [(SPORT, "sport"), (CULTURE, "culture"), (TECH, "technology"), (BUSINESS, "business")],
)
def test_a_story_of_a_topic_is_judged_so_and_yields_no_event(texts, topic):  # type: ignore[no-untyped-def]
    for text in texts:
        assert _topic(text) == topic, text
    for doc in run(texts):
        assert not doc.events, [(e.type, e.trigger.text) for e in doc.events]


def test_political_stories_have_no_topic_and_keep_their_events():
    texts = [
        "Russia threatened to cut gas supplies to Moldova on Monday. The Moldovan government "
        "said it would ask the European Union for help.",
        "Police arrested twelve protesters outside parliament in Lima. The opposition accused "
        "the government of crushing dissent.",
        "The election campaign opened as the prime minister attacked the opposition's tax "
        "plans. The opposition leader said the government must resign.",
    ]
    for text in texts:
        assert _topic(text) is None, text
    for doc in run(texts):
        assert doc.events, doc.text


def test_a_political_actor_or_violence_in_a_topic_story_keeps_its_event():
    base = SPORT[0]
    texts = [
        base + " After the match, police arrested two fans outside the stadium.",
        base + " Separatists bombed a police station near the stadium before the match.",
        base + " The sports minister accused the league of ignoring the fans.",
    ]
    for doc in run(texts):
        assert _topic(doc.text) == "sport"
        kinds = {e.type for e in doc.events}
        assert kinds & {"COERCE", "ASSAULT", "ACCUSE"}, doc.text
        # the match itself still yields nothing
        assert all("Rovers" not in (e.actor1.span.text if e.actor1 else "") for e in doc.events)


@pytest.mark.parametrize(
    "sentence",
    [
        "Brazil beat Argentina 3-1 in Rio on Sunday.",
        "Leinster edged Munster 19-13 in Dublin.",
        "France defeated Spain 2-0 in the final.",
    ],
)
def test_a_result_with_a_score_is_no_event(sentence):  # type: ignore[no-untyped-def]
    (doc,) = run([sentence])
    assert not doc.events, [(e.type, e.trigger.text) for e in doc.events]


def test_a_number_range_is_no_score():
    # a vote count, a year range: the sentence is not a match report
    (doc,) = run(["Police beat protesters in the capital during the 2004-05 unrest."])
    assert [e.type for e in doc.events] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("text", "no_event"),
    [
        ("By Jane Okafor\n\nThe army attacked rebel positions in the north.", "By Jane Okafor"),
        (
            "Photo: Troops attack a rebel base (Reuters)\n\nThe talks resumed on Monday.",
            "Photo:",
        ),
        (
            "Image caption Police arrest a protester in Lima\n\nThe talks resumed on Monday.",
            "Image caption",
        ),
        ("Sanctions on Iran\n\nThe talks resumed in Vienna on Monday.", "Sanctions on Iran"),
    ],
)
def test_bylines_captions_and_headers_state_no_event(text, no_event):  # type: ignore[no-untyped-def]
    ((doc, parsed),) = run_parsed([text])
    first = text.split("\n")[0]
    assert relevance.non_event_lines(doc.text, parsed)[0] == (0, len(first))
    assert not [e for e in doc.events if e.trigger.start < len(first)], doc.events


@pytest.mark.parametrize(
    "sentence",
    [
        "By Monday the troops had withdrawn from the border.",
        "Photographers were attacked by police in Minsk.",
        "Sanctions on Iran were lifted on Monday.",
    ],
)
def test_sentences_that_only_look_like_bylines_or_headers_are_read(sentence):  # type: ignore[no-untyped-def]
    text = sentence + "\n\nThe talks resumed in Vienna on Monday."
    ((doc, parsed),) = run_parsed([text])
    assert relevance.non_event_lines(doc.text, parsed) == []
    assert any(e.trigger.start < len(sentence) for e in doc.events) or sentence.startswith("By")
