"""A place and a trade word followed by a verb name a company ("Japan Tobacco Raises ..."); the
same pair followed by a noun is a place and a commodity ("Peru Zinc Output Falls"). One general
rule (analyze/entities.py with data/ner_industry_words.txt), three phrasings each way."""

from __future__ import annotations

import pytest

from eventwire import analyze


@pytest.mark.parametrize(
    ("headline", "company"),
    [
        ("Japan Tobacco Raises Cigarette Prices Again", "Japan Tobacco"),
        ("China Steel Plans New Mill in Kaohsiung", "China Steel"),
        ("Singapore Airlines Cuts Flights to Sydney", "Singapore Airlines"),
    ],
)
def test_place_and_trade_word_before_a_verb_is_a_company(headline, company):
    (doc,) = analyze(headline)
    assert (company, "ORG") in {(m.span.text, m.label) for m in doc.mentions}


@pytest.mark.parametrize(
    ("headline", "place"),
    [
        ("Peru Zinc Output Falls for Third Month", "Peru"),
        ("Chile Copper Exports Slump in March", "Chile"),
        ("Brazil Coffee Harvest Shrinks After Frost", "Brazil"),
    ],
)
def test_place_and_commodity_before_a_noun_stay_a_place(headline, place):
    (doc,) = analyze(headline)
    mentions = {(m.span.text, m.label) for m in doc.mentions}
    assert (place, "GPE") in mentions
    assert not any(label == "ORG" and text.startswith(place) for text, label in mentions)
