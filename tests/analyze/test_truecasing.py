"""Truecasing of Title Case and ALL CAPS lines: each rule, each lexicon entry, the invariants.

Every headline here was written for these tests. The lexicons are covered entry by entry
(parametrised over the data files), the rules by headlines of their own.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.analyze.truecasing import (
    CaseEvidence,
    gazetteer,
    is_all_caps,
    is_title_case,
    looks_like_acronym,
    truecase,
)
from eventwire.data import load_lines, load_yaml

# -- detection ---------------------------------------------------------------------------------


def test_title_case_and_all_caps_are_told_from_prose() -> None:
    assert is_title_case("Port Workers Vote to End Strike at Northern Terminal")
    assert is_title_case("DOCKERS END STRIKE")
    assert is_title_case("OSLO 2024-03-01")  # a short ALL CAPS dateline counts too
    assert not is_title_case("The port workers voted on Monday to end their strike.")
    assert not is_title_case("Go Home")  # too short to judge
    assert is_all_caps("CABINET MEETS ON BUDGET")
    assert not is_all_caps("Cabinet Meets on Budget")
    assert not is_all_caps("EU")  # too few letters


def test_prose_text_is_left_alone() -> None:
    text = "The Finance Minister said on Tuesday that the budget would pass."
    assert truecase(text) == text


def test_each_line_is_judged_on_its_own() -> None:
    text = "OSLO 2024-03-01\nThe port workers voted on Monday to end their strike."
    assert (
        truecase(text) == "Oslo 2024-03-01\nThe port workers voted on Monday to end their strike."
    )


# -- the document's own prose ------------------------------------------------------------------


def test_prose_casing_decides_a_word() -> None:
    evidence = CaseEvidence.from_texts(
        ["Shares of the miner rose after it said zinc prices held firm, while Vantor Zinc fell."]
    )
    assert evidence.verdict("zinc") is None  # once each way: the prose does not say
    evidence = CaseEvidence.from_texts(["Traders said zinc and copper rose on Monday."])
    assert evidence.verdict("zinc") == "lower"
    assert truecase("ZINC PRICE RISES", evidence).startswith("Zinc price")


def test_prose_capitals_keep_a_name() -> None:
    evidence = CaseEvidence.from_texts(["Analysts at Brightwater said the deal was fair."])
    assert evidence.verdict("brightwater") == "capitalised"
    assert "Brightwater" in truecase("SHARES JUMP AS BRIGHTWATER BACKS DEAL", evidence)


def test_prose_acronyms_stay_in_capitals() -> None:
    evidence = CaseEvidence.from_texts(["The ruling came from the KVTA on Monday."])
    assert evidence.verdict("kvta") == "upper"
    assert "KVTA" in truecase("KVTA RULES ON FARES", evidence)


def test_prose_pairs_keep_a_name_of_common_words() -> None:
    evidence = CaseEvidence.from_texts(
        ["The team reached the Golden Harvest final, and the harvest was golden for them."]
    )
    assert evidence.pairs[("golden", "harvest")] == 1
    assert "Golden Harvest" in truecase("TEAM WINS GOLDEN HARVEST TITLE", evidence)


def test_sentence_initial_capitals_and_headlines_are_not_evidence() -> None:
    evidence = CaseEvidence.from_texts(
        ["Harvest festivals began.\nGrain Exports Rise Sharply in Spring Quarter"]
    )
    assert evidence.verdict("harvest") is None  # opens the sentence
    assert evidence.verdict("quarter") is None  # the line is a headline: not prose
    evidence = CaseEvidence.from_texts(["Grain Exports Rise Sharply in Spring Quarter"])
    assert not evidence.capitalised


# -- the gazetteer -----------------------------------------------------------------------------


def test_multi_word_places_keep_their_casing() -> None:
    assert "Rio de Janeiro" in truecase("FLOODS HIT RIO DE JANEIRO SUBURBS")
    assert "New Caledonia" in truecase("FLOODS HIT NEW CALEDONIA")  # the model: "new"
    assert "Black Sea" in truecase("SHIPS ENTER BLACK SEA PORTS")


def test_single_word_place_yields_to_prose() -> None:
    assert "the Andes" in truecase("SNOW CLOSES PASSES IN THE ANDES")  # the model: "andes"
    assert "Rwandan" in truecase("AID FOR RWANDAN REFUGEES")  # the model: "RWANDAN"
    evidence = CaseEvidence.from_texts(["The farm sold every turkey before the holiday."])
    assert "of turkey" in truecase("PRICES OF TURKEY SOAR BEFORE HOLIDAY", evidence)
    assert "of Turkey" in truecase("PRICES OF TURKEY SOAR BEFORE HOLIDAY")  # no prose


def test_cities_named_like_common_words_are_left_to_the_model() -> None:
    # "Split" is a Croatian city of 160,000, but a headline's "SPLIT" is the verb.
    assert "split" in truecase("PARTY LEADERS SPLIT OVER BUDGET")


def test_company_named_after_its_country_and_trade() -> None:
    assert truecase("Korvia Steel Plans New Mill").startswith("Korvia")  # no place: left be
    assert "Japan Tobacco" in truecase("Japan Tobacco Raises Cigarette Prices")
    assert "Air France" in truecase("AIR FRANCE CUTS FLIGHTS TO LAGOS")
    # An adjective after a place is not a trade: "Taiwan Political Standoff".
    assert "Taiwan political standoff" in truecase("Taiwan Political Standoff Deepens")


# -- given names and the model -----------------------------------------------------------------


def test_given_name_before_surname_but_not_before_a_word() -> None:
    assert "Troy Edgar" in truecase("Board Names Former Official Troy Edgar as Chair")
    assert "will visit" in truecase("Prime Minister Will Visit Lagos Next Week")
    assert "bill passes" in truecase("Senate Bill Passes After Long Debate")


def test_acronyms_by_their_shape() -> None:
    assert looks_like_acronym("nhl")  # no vowel
    assert looks_like_acronym("ncaa")  # "nc" opens no English word
    assert not looks_like_acronym("blair")
    assert not looks_like_acronym("a")
    assert "NBA" in truecase("NBA FINALS MOVE TO JUNE")


def test_model_capitals_for_common_verbs_are_undone() -> None:
    assert truecase("Mayor Sues Utility Over Outage") == "Mayor sues utility over outage"
    assert "urges" in truecase("UNION URGES CALM")


def test_model_acronyms_stay() -> None:
    assert truecase("USDA CUTS CORN FORECAST").startswith("USDA")
    assert "NATO" in truecase("LEADERS MEET AT NATO SUMMIT")


def test_unknown_inflection_of_common_word_is_lower() -> None:
    # "disbands" is not in the model's vocabulary, "disband" is, in lower case.
    assert "disbands" in truecase("Harbour Club Disbands After Vote")


def test_title_case_keeps_what_its_writer_marked() -> None:
    assert truecase("Regulator Fines BBC Over TransAlta Report") == (
        "Regulator fines BBC over TransAlta report"
    )
    assert "U.S." in truecase("U.S. AND MEXICO AGREE ON WATER")


# -- the lexicons, entry by entry --------------------------------------------------------------


@pytest.mark.parametrize("name", load_lines("given_names.txt"))
def test_given_names_before_a_surname(name: str) -> None:
    headline = f"Board Appoints {name.title()} Kowalczyk as New Chair"
    assert f"{name.title()} Kowalczyk" in truecase(headline)


@pytest.mark.parametrize("word", load_lines("ner_industry_words.txt"))
def test_industry_words_after_a_place(word: str) -> None:
    headline = f"Kenya {word.title()} Plans New Listing"
    assert truecase(headline).startswith(f"Kenya {word.title()} plans")


@pytest.mark.parametrize("word", load_lines("ner_industry_prefixes.txt"))
def test_industry_prefixes_before_a_place(word: str) -> None:
    assert f"{word.title()} Kenya" in truecase(f"{word.upper()} KENYA ORDERS NEW JETS")


@pytest.mark.parametrize("onset", load_lines("ner_word_onsets.txt"))
def test_word_onsets_open_readable_words(onset: str) -> None:
    word = f"{onset}ando"
    assert not looks_like_acronym(word)
    assert f"{word.title()} Ostrova" in truecase(f"POLICE QUESTION {word.upper()} OSTROVA")


def _places() -> list[tuple[str, str]]:
    return [
        (name, label) for label, names in load_yaml("ner_places.yaml").items() for name in names
    ]


@pytest.mark.parametrize(("name", "label"), _places())
def test_listed_places(name: str, label: str) -> None:
    place = gazetteer()[tuple(w.lower() for w in re.findall(r"[^\W\d_]+", name))]
    # "nations" are GPEs that field national sides ("Wales 3" in a results line)
    assert (place.label, place.nation) == (("GPE", True) if label == "nations" else (label, False))
    assert name in truecase(f"STORMS BATTER {name.upper()} COAST")


@pytest.mark.parametrize("name", load_yaml("ner_demonyms.yaml"))
def test_demonyms(name: str) -> None:
    assert name in truecase(f"{name.upper()} VOTERS DELIVER VERDICT")


# -- invariants --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["GOLD", "İstanbul", "U.S.", "SUES", "NEW", "YORK", "é", "-", "\n", "Zinc"])
        | st.text(min_size=1, max_size=8),
        min_size=1,
        max_size=12,
    )
)
def test_truecasing_keeps_length_and_letters(parts: list[str]) -> None:
    text = " ".join(parts)
    out = truecase(text)
    assert len(out) == len(text)
    assert out.lower() == text.lower() or out == text
