"""Entity mentions: each clean-up rule, each lexicon entry, the seed page, and offsets.

Every sentence and headline here was written for these tests, except the seed page checks,
which read ../shared and skip when it is not beside the checkout.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.actor_lexicon import _hits, lexicon
from eventwire.analyze.actors import ActorAnalyzer
from eventwire.analyze.base import PageContext
from eventwire.analyze.entities import (
    EntityAnalyzer,
    _Candidate,
    _corporate_names,
    _is_break,
    _organisation_label,
    _people_by_form,
    label_key,
    trim_name,
)
from eventwire.analyze.parse import parse
from eventwire.data import load_lines, load_yaml
from eventwire.model import Document

#: One analyzer for the module, as the pipeline keeps one for a run.
ENTITIES = EntityAnalyzer()


def analyze(*texts: str, headlines: tuple[str, ...] = ()) -> list[Document]:
    """Article documents of `texts` then headline documents pointing at the first article,
    parsed together as one page, in the order the pipeline analyses them."""
    docs = [Document(text=t) for t in texts]
    docs += [Document(text=h, kind="headline", parent_id=docs[0].id) for h in headlines]
    page = PageContext()
    for doc, parsed in zip(docs, parse(docs), strict=True):
        ENTITIES(doc, parsed, page)
        for mention in doc.mentions:
            assert doc.text[mention.span.start : mention.span.end] == mention.span.text
    return docs


def mentions(doc: Document) -> set[tuple[str, str]]:
    return {(m.span.text, m.label) for m in doc.mentions}


def names(doc: Document) -> set[str]:
    return {m.span.text for m in doc.mentions}


# -- cutting names -----------------------------------------------------------------------------


def test_headline_topic_and_dash_are_cut_off() -> None:
    (doc,) = analyze("HOCKEY - FINLAND BEAT NORWAY IN OSLO.")
    assert "Hockey" not in " ".join(names(doc)).title()
    assert {"FINLAND", "NORWAY", "OSLO"} <= names(doc)


def test_versus_separates_two_sides() -> None:
    (doc,) = analyze("CRICKET - KENYA V UGANDA ONE-DAY SCOREBOARD.")
    assert {("KENYA", "GPE"), ("UGANDA", "GPE")} <= mentions(doc)
    assert not any(" V " in n for n in names(doc))


def test_scores_are_not_part_of_names() -> None:
    (doc,) = analyze("Bowling: Okafor 10-1-25-2, Lindqvist 6.2-0-27-1, Mbeki 9-0-40-1")
    assert "Lindqvist" in names(doc)  # the model tags "Lindqvist 6.2-0-27-1"
    assert not any(ch.isdigit() for m in doc.mentions for ch in m.span.text)
    parsed = parse([Document("Fans queued for hours to see the Boeing 747 land.")])[0]
    number = next(t for t in parsed if t.text == "747")
    assert not _is_break(parsed, number, "PRODUCT")  # a product keeps its number
    assert _is_break(parsed, number, "PERSON")


def test_possessor_is_split_from_the_name_after_it() -> None:
    (doc,) = analyze("Lindqvist’s Martin Okafor Remarks Draw Criticism")
    assert "Martin Okafor" in names(doc)
    assert not any("’s" in n for n in names(doc))


def test_lower_case_spans_and_lone_letters_are_not_names() -> None:
    (doc,) = analyze("Team W L T\nHarbor City 10 4 2\nheifers and steers sold well at the fair.")
    assert not any(re.fullmatch(r"[A-Z]( [A-Z])*", n) for n in names(doc))
    assert not any(n.islower() for n in names(doc))


def test_role_word_opening_a_sentence_is_not_part_of_the_name() -> None:
    (doc,) = analyze("Centre Jason Okoro will miss the game with a knee injury.")
    assert "Jason Okoro" in names(doc)
    assert not any(n.startswith("Centre") for n in names(doc))
    (doc,) = analyze("Defending champions Okoro and Lind start six shots behind.")
    assert "Defending" not in names(doc)


def test_table_labels_are_not_names() -> None:
    (doc,) = analyze("Milltown: 1 - Jan Okoro, 2 - Peter Lind\nExtras 12\nSelect 4")
    assert not {"Extras", "Select"} & names(doc)
    assert "Peter Lind" in names(doc)


@pytest.mark.parametrize(
    "line",
    [
        "Rovers: 4 - Tomasz Wierzbicki, 9 - Arnaud Quesnel, 11 - Ivo Marek",
        "Squad: 1 - Tomasz Wierzbicki, 14 - Arnaud Quesnel, 23 - Ivo Marek.",
        "Harbour City - 7 - Tomasz Wierzbicki, 8 - Arnaud Quesnel, 10 - Ivo Marek",
    ],
)
def test_squad_numbers_before_a_spaced_dash_mark_players(line: str) -> None:
    (doc,) = analyze(line)
    people = {n for n, label in mentions(doc) if label == "PERSON"}
    assert {"Tomasz Wierzbicki", "Arnaud Quesnel", "Ivo Marek"} <= people


@pytest.mark.parametrize("dash", ["-", "–", "—", "--"])
def test_the_line_up_pass_runs_on_every_text_it_could_find_numbers_in(dash: str) -> None:
    """The pass is skipped on a text without a number, a space, a dash and a space; on any
    text where it finds a numbered name, that hint is there."""
    from eventwire.analyze.entities import _NUMBER_DASH, _line_ranges, _numbered_names

    texts = [
        f"Rovers: 4 {dash} Tomasz Wierzbicki, 9 {dash} Arnaud Quesnel",
        f"The 2004 season {dash} its third {dash} ended.\n12 {dash} Ivo Marek",
        f"Squad\n7 {dash} Jan Okoro\n8 {dash} Peter Lind",
    ]
    seen = 0
    for text in texts:
        parsed = parse([Document(text)])[0]
        tokens = list(parsed)
        found = [n for r in _line_ranges(parsed, text) for n in _numbered_names(tokens, text, *r)]
        hint = any(m.group(1).isdigit() for m in _NUMBER_DASH.finditer(text))
        assert hint or not found, text
        seen += bool(found)
    assert seen >= 2  # the pass does find numbered names with this dash


def test_hyphenated_pair_of_places_is_two_places() -> None:
    (doc,) = analyze("Officials prepared for the next round of U.S.-Venezuela talks.")
    assert {("U.S.", "GPE"), ("Venezuela", "GPE")} <= mentions(doc)
    (doc,) = analyze("The Franco-Prussian war is a favourite of the historian.")
    assert not any(n in {"Franco", "Prussian"} for n in names(doc))


def test_nationality_before_a_name_is_split_off() -> None:
    (doc,) = analyze("The coach also praised Croat Zoran Kovacevic and Argentine Luis Pardo.")
    assert ("Zoran Kovacevic", "PERSON") in mentions(doc)
    assert ("Croat", "NORP") in mentions(doc)


def test_given_name_that_is_a_nationality_word_stays() -> None:
    (doc,) = analyze("Christian Halvorsen won the sprint on Sunday.")
    assert not any(m.span.text == "Christian" for m in doc.mentions)


def test_trailing_lower_case_words_are_not_part_of_the_name() -> None:
    (doc,) = analyze("The cabinet gave the port permission, the Xinhua news agency said.")
    assert ("Xinhua", "ORG") in mentions(doc)


def test_sentence_final_stop_is_not_part_of_the_name() -> None:
    text = "The award went to the defender Dietmar Kollander."
    assert trim_name(text, text.index("Dietmar"), len(text)).text == "Dietmar Kollander"
    text = "The bid came from Harwick Mining Corp."
    assert trim_name(text, text.index("Harwick"), len(text)).text.endswith("Corp.")


def test_plural_possessive_stays_inside_a_name() -> None:
    (doc,) = analyze("The Farmers' Union met the minister on Monday.")
    assert any("Farmers' Union" in n for n in names(doc))


def test_column_heads_are_not_names() -> None:
    (doc,) = analyze("Eastern Conference\nW L T GF GA PTS\nHarbor 12 7 6 77 76 30")
    assert not any(re.fullmatch(r"[A-Z]{1,3}( [A-Z]{1,3})+", n) for n in names(doc))


def test_first_name_joins_a_known_surname() -> None:
    (doc,) = analyze(
        "Omar Haddad scored an own goal.\nSyria - Omar Haddad 84 own goal, Karim Nassar 88."
    )
    # The model finds only "Haddad" on the second line; the known name takes its first name in.
    assert [m.span.text for m in doc.mentions].count("Omar Haddad") == 2


def test_place_inside_a_longer_name_is_not_added() -> None:
    (doc,) = analyze("Fans of Celta Vigo and Dynamo Moscow clashed before the match.")
    assert ("Vigo", "GPE") not in mentions(doc)


def test_states_and_provinces_of_other_countries() -> None:
    (doc,) = analyze("Storms hit Quintana Roo and Tamaulipas on Monday.")
    assert {("Quintana Roo", "GPE"), ("Tamaulipas", "GPE")} <= mentions(doc)


# -- places, nationalities, companies, events --------------------------------------------------


def test_country_called_a_person_is_a_place() -> None:
    (doc,) = analyze("Mauritius and Namibia signed a fisheries pact on Tuesday.")
    assert {("Mauritius", "GPE"), ("Namibia", "GPE")} <= mentions(doc)


def test_nationality_words_are_norp() -> None:
    (doc,) = analyze("He is a Montenegrin by birth and a Kosovar by choice.")
    assert {("Montenegrin", "NORP"), ("Kosovar", "NORP")} <= mentions(doc)


def test_missed_places_are_added_but_not_the_start_of_longer_names() -> None:
    (doc,) = analyze("Soccer - Dutch first division results.")
    assert ("Dutch", "NORP") in mentions(doc)
    (doc,) = analyze("Traders at the New York Mercantile Exchange sold oil.")
    assert ("New York", "GPE") not in mentions(doc)


def test_place_name_cut_short_is_completed() -> None:
    (doc,) = analyze("Talks in Sao Tome and Principe ended on Monday.")
    assert ("Sao Tome and Principe", "GPE") in mentions(doc)


def test_dateline_places() -> None:
    (doc,) = analyze("VELKOVO, Bulgaria 2024-03-01\nVoters rejected the plan on Sunday.")
    assert ("VELKOVO", "GPE") in mentions(doc)  # unknown, but followed by a country
    (doc,) = analyze("MARSTAD, Norway 2024-03-01\nResults of the race on Friday.")
    assert ("MARSTAD", "GPE") in mentions(doc)  # the model says PERSON
    (doc,) = analyze("LISBON (Wire) - Ministers met late into the night.")
    assert ("LISBON", "GPE") in mentions(doc)
    (doc,) = analyze("PERU, CHILE SIGN WATER DEAL\nThe two countries agreed on Monday.")
    assert ("PERU", "GPE") in mentions(doc)  # a headline, found as a place anyway


def test_company_of_place_and_trade_before_a_verb() -> None:
    (doc,) = analyze("Korea Zinc Plans New Smelter in Tennessee")
    assert ("Korea Zinc", "ORG") in mentions(doc)
    (doc,) = analyze("PERU ZINC OUTPUT FALLS IN MARCH")
    assert ("PERU", "GPE") in mentions(doc)
    assert ("PERU ZINC", "ORG") not in mentions(doc)
    (doc,) = analyze("Shares of Korea Zinc rose on Monday.")  # in prose, capitals are a name
    assert ("Korea Zinc", "ORG") in mentions(doc)


def test_person_that_cannot_be_one_is_an_organisation() -> None:
    parsed = parse([Document("Boxing - Mendoza defeats Kowal in WBF title fight.")])[0]
    wbf = next(t.i for t in parsed if t.text == "WBF")
    assert _organisation_label(parsed, _Candidate(wbf, wbf + 1, "PERSON")) == "ORG"
    parsed = parse([Document("Fans of Maccabi Tel Aviv sang all night.")])[0]
    assert _organisation_label(parsed, _Candidate(2, 5, "PERSON")) == "ORG"
    parsed = parse([Document("Fans of Ravi Okonjo sang all night.")])[0]
    assert _organisation_label(parsed, _Candidate(2, 4, "PERSON")) == "PERSON"


def test_event_names_end_at_their_head_word() -> None:
    (doc,) = analyze("Okoro leads the Nairobi Classic after two rounds.")
    assert ("Nairobi Classic", "EVENT") in mentions(doc)  # the model says ORG
    (doc,) = analyze("The Tanzania Trophy ends on Sunday.")
    assert ("Tanzania Trophy", "EVENT") in mentions(doc)


# -- one label per name ------------------------------------------------------------------------


def test_surname_of_a_full_name_is_a_person_throughout() -> None:
    (doc,) = analyze(
        "Executed killer John Marlow Jr. was 41. Marlow made a final statement. "
        "Prison officials said Marlow ate nothing."
    )
    marlow = [m for m in doc.mentions if m.span.text == "Marlow"]
    assert len(marlow) == 2  # the model finds neither
    assert all(m.label == "PERSON" for m in marlow)


def test_first_word_of_an_organisation_is_the_organisation() -> None:
    (doc,) = analyze(
        "Santa Rita rejected the offer from Bellmont Mining Corp on Monday. Bellmont said it "
        "would not raise its bid. Wall Street expects Bellmont to walk away."
    )
    # The model calls the first "Bellmont" a PERSON and misses the second.
    assert [m.label for m in doc.mentions if m.span.text == "Bellmont"] == ["ORG", "ORG"]


def test_headline_takes_labels_from_its_article() -> None:
    article, headline = analyze(
        "Defender Ivo Kranjcar was banned on Friday. Kranjcar apologised.",
        headlines=("SOCCER - KRANJCAR BANNED FOR THREE MATCHES.",),
    )
    assert ("Kranjcar", "PERSON") in mentions(article)
    assert ("KRANJCAR", "PERSON") in mentions(headline)  # alone, the model misses it


def test_names_take_the_label_most_mentions_have() -> None:
    (doc,) = analyze(
        "Talks with Harwick stalled. Harwick said the offer was too low, and Harwick fell."
    )
    labels = [m.label for m in doc.mentions if m.span.text == "Harwick"]
    assert len(labels) == 3
    assert len(set(labels)) == 1  # the model says PERSON, PERSON, ORG


def test_mentions_are_left_for_the_actors_analyzer_to_group() -> None:
    text = "Kenya and Uganda met. Kenya said talks would go on."
    (doc,) = analyze(text)
    assert doc.entities == [] and all(m.entity_id is None for m in doc.mentions)
    ActorAnalyzer()(doc, parse([doc])[0])
    kenya = [e for e in doc.entities if label_key(e.name) == "kenya"]
    assert len(kenya) == 1
    assert len(kenya[0].mentions) == 2


# -- the lexicons, entry by entry --------------------------------------------------------------


@pytest.mark.parametrize("word", load_lines("ner_event_heads.txt"))
def test_event_heads(word: str) -> None:
    (doc,) = analyze(f"Crowds gathered for the Lisbon {word.title()} on Sunday.")
    assert any(m.label == "EVENT" and m.span.text.endswith(word.title()) for m in doc.mentions)


@pytest.mark.parametrize("word", load_lines("ner_org_words.txt"))
def test_organisation_words(word: str) -> None:
    text = f"Harlan Voss {word.title()} said on Monday."
    parsed = parse([Document(text)])[0]
    end = 3 if parsed[2].text.lower() == word else 4  # "Corp" stays one token
    assert _organisation_label(parsed, _Candidate(0, end, "PERSON")) == "ORG"


@pytest.mark.parametrize("suffix", load_lines("ner_name_suffixes.txt"))
def test_name_suffixes(suffix: str) -> None:
    written = suffix.upper() if len(suffix) <= 3 and suffix.startswith("i") else suffix.title()
    (doc,) = analyze(
        f"Executed killer John Marlow {written} was 41. Marlow made a final statement. "
        "Prison officials said Marlow ate nothing."
    )
    assert [m.label for m in doc.mentions if m.span.text == "Marlow"] == ["PERSON", "PERSON"]


@pytest.mark.parametrize("name", load_yaml("ner_demonyms.yaml"))
def test_demonyms_are_norp(name: str) -> None:
    (doc,) = analyze(f"Some {name} officials joined the talks in Geneva.")
    # A party the actor dictionary knows by the word ("Democrats") takes its label from it.
    party = any(h.actor is not None and h.actor.type == "ORG" for h in _hits(name, lexicon()))
    assert (name, "ORG" if party else "NORP") in mentions(doc)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        (n, "GPE" if label == "nations" else label)
        for label, names in load_yaml("ner_places.yaml").items()
        for n in names
    ],
)
def test_listed_places_are_places(name: str, label: str) -> None:
    (doc,) = analyze(f"Heavy rain fell across {name} on Monday.")
    assert (name, label) in mentions(doc)


# -- offsets -----------------------------------------------------------------------------------


_WORDS = ["Kenya", "SOCCER", "-", "Mr", "O'Neill", "’s", "U.S.-Japan", "v", "3", "\n", "İstanbul"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=6), min_size=1, max_size=14))
def test_every_mention_is_its_span_of_the_text(parts: list[str]) -> None:
    docs = analyze(" ".join(parts), headlines=(" ".join(parts).upper(),))
    for doc, parsed in zip(docs, parse(docs), strict=True):
        ActorAnalyzer()(doc, parsed)
        for m in doc.mentions:
            assert doc.text[m.span.start : m.span.end] == m.span.text
            assert m.entity_id is not None


# -- the seed page -----------------------------------------------------------------------------


SEED_NAMES = {
    "Maria Kalesnikava",
    "Viktar Babaryka",
    "Jair Bolsonaro",
    "BBC",
    "TransAlta",
    "Korea Zinc",
    "Lai",
    "Lukashenko",
    "Maduro",
    "Yoon Suk Yeol",
    "Troy Edgar",
    "El Salvador",
}


def test_seed_headlines(seed_text: str) -> None:
    article, rest = re.split(r"\n\s*\n", seed_text, maxsplit=1)
    heads = [line.strip() for line in rest.splitlines() if line.strip()]
    docs = analyze(article, headlines=tuple(heads))
    found = {m.span.text for d in docs[1:] for m in d.mentions}
    assert found >= SEED_NAMES
    for doc in docs[1:]:
        for m in doc.mentions:
            if m.label in {"PERSON", "ORG"} and " " in m.span.text:
                # a title-case name of several words must be a real one, not "Maduro Welcome"
                words = m.span.text.split()
                assert not any(
                    w.lower() in {"welcome", "beach", "urges", "shooting"} for w in words
                )
    labels = {(m.span.text, m.label) for d in docs[1:] for m in d.mentions}
    assert ("Korea Zinc", "ORG") in labels
    assert ("Troy Edgar", "PERSON") in labels


# -- sports results ----------------------------------------------------------------------------


def test_score_line_sides_are_clubs_and_scorers_people() -> None:
    (doc,) = analyze("Leeds 2 (Okafor 40, Brandt 77) Everton 1 (Mallory 12).")
    assert {("Leeds", "ORG"), ("Everton", "ORG")} <= mentions(doc)
    assert ("Okafor", "ORG") not in mentions(doc)


def test_national_sides_in_a_score_line_stay_places() -> None:
    (doc,) = analyze("Wales 3 Italy 1")
    assert {("Wales", "GPE"), ("Italy", "GPE")} <= mentions(doc)


def test_standings_rows_name_clubs_but_not_golfers() -> None:
    (doc,) = analyze("Leeds 20 11 5 4 30 18 38\nBristol 20 9 6 5 28 20 33\nDALLAS 16 9 .640 -")
    assert {("Leeds", "ORG"), ("Bristol", "ORG"), ("DALLAS", "ORG")} <= mentions(doc)
    (doc,) = analyze("Leading scores after the second round:\nNick Price 68 70\nPrice leads.")
    assert ("Nick Price", "PERSON") in mentions(doc)  # a golfer's rounds: too few columns


def test_fixtures_name_clubs_and_the_venue_after_at() -> None:
    (doc,) = analyze("Postponed: Albion v Forfar, Huntly v Clyde\nCALGARY AT BOSTON")
    assert {("Albion", "ORG"), ("Forfar", "ORG"), ("Huntly", "ORG")} <= mentions(doc)
    assert {("CALGARY", "ORG"), ("BOSTON", "GPE")} <= mentions(doc)


def test_club_of_a_table_is_a_club_in_the_report_too() -> None:
    (doc,) = analyze(
        "Bristol beat Leeds 2-1 on Saturday after a late goal against Leeds, and Bristol fans "
        "cheered in Leeds.\nBristol 20 9 6 5 28 20 33\nLeeds 20 11 5 4 30 18 38"
    )
    labels = [m.label for m in doc.mentions if m.span.text == "Leeds"]
    assert labels[:2] == ["ORG", "ORG"] and labels[2] == "GPE"  # "in Leeds": the city


def test_dateline_date_is_not_a_table_row() -> None:
    (doc,) = analyze("BONN 1996-12-06\nThe cabinet met on Friday.")
    assert ("BONN", "GPE") in mentions(doc)


@pytest.mark.parametrize("prefix", load_lines("ner_club_prefixes.txt"))
def test_club_prefixes(prefix: str) -> None:
    written = prefix.upper() if len(prefix) <= 3 or prefix == "cska" else prefix.title()
    (doc,) = analyze(f"Fans of {written} Valdoria celebrated on Sunday.")
    assert (f"{written} Valdoria", "ORG") in mentions(doc)


def test_club_prefix_before_a_common_word_is_not_a_club() -> None:
    (doc,) = analyze("Prices of Real Estate rose in Madrid on Monday.")
    assert ("Real Estate", "ORG") not in mentions(doc)
    (doc,) = analyze("Real Madrid beat Sporting Lisbon on Sunday.")
    assert {("Real Madrid", "ORG"), ("Sporting Lisbon", "ORG")} <= mentions(doc)


def test_club_in_brackets_after_a_player() -> None:
    (doc,) = analyze(
        "Squad: Tomas Brenner (Porto), Ivo Radic (Valdoria), Marco Lenti (Fiorentina, Italy), "
        "Jan Kovar (Czech Republic), Lee Ward (USA)."
    )
    assert {("Porto", "ORG"), ("Valdoria", "ORG"), ("Fiorentina", "ORG")} <= mentions(doc)
    assert ("Czech Republic", "GPE") in mentions(doc)  # the player's country
    assert ("USA", "ORG") not in mentions(doc)


def test_club_name_ends_with_its_town() -> None:
    (doc,) = analyze("Odds: Real Madrid Barcelona Draw\nAC Milan George Weah scored twice.")
    assert {("Real Madrid", "ORG"), ("AC Milan", "ORG")} <= mentions(doc)


def test_league_table_rows_are_clubs_even_when_read_as_people() -> None:
    (doc,) = analyze(
        "Greenock Morton 16 6 4 6 17 16 22\nAjax Amsterdam 18 7 8 3 23 16 29\n"
        "Twente Enschede 18 10 4 4 28 15 34"
    )
    assert {("Greenock Morton", "ORG"), ("Ajax Amsterdam", "ORG")} <= mentions(doc)


def test_acronym_defined_after_an_organisation() -> None:
    (doc,) = analyze(
        "She joined the far-right National Renewal Alliance (NRA) party on Friday. "
        "Officials of the Democratic Labour Front (DLF) declined to comment."
    )
    assert {("NRA", "ORG"), ("DLF", "ORG")} <= mentions(doc)


def test_place_and_organisation_word_is_an_organisation() -> None:
    (doc,) = analyze("The former Leeds United defender retired. Storms hit the Soviet Union.")
    assert ("Leeds United", "ORG") in mentions(doc)
    assert ("Soviet Union", "GPE") in mentions(doc)  # a place as a whole


@pytest.mark.parametrize("name", load_yaml("ner_organisations.yaml"))
def test_listed_organisations(name: str) -> None:
    (doc,) = analyze(f"Officials told {name} on Monday that the talks would resume.")
    assert (name, "ORG") in mentions(doc)
    (doc,) = analyze(f"TALKS TO RESUME, OFFICIALS TELL {name.upper()}")
    assert (name.upper(), "ORG") in mentions(doc)


def test_rows_of_large_figures_are_not_league_tables() -> None:
    (doc,) = analyze("Votes by state, in thousands:\nAlabama 520 400 80\nOhio 2,470 2,410 510")
    assert ("Alabama", "GPE") in mentions(doc)


@pytest.mark.parametrize("suffix", load_lines("ner_corporate_suffixes.txt"))
def test_corporate_suffixes(suffix: str) -> None:
    written = {"gmbh": "GmbH", "spa": "SpA"}.get(suffix) or (
        suffix.upper()
        if len(suffix) <= 3 and suffix not in {"co", "cos", "inc", "ltd"}
        else suffix.title()
    )
    parsed = parse([Document(f"Harlan Voss {written} and Co said on Monday.")])[0]
    end = next(t.i for t in parsed if t.text.rstrip(".") == written.rstrip(".")) + 1
    (name,) = _corporate_names(parsed, [_Candidate(0, end, "PERSON")])[:1]
    assert (name.start, name.end, name.label) == (0, end, "ORG")


def test_companies_joined_by_and() -> None:
    (doc,) = analyze(
        "Shares of Brentmoor Traders Ltd and Calder Marketing & Promotions Inc rose. "
        "Russ Hallam and Co Inc said on Monday it would cut jobs."
    )
    found = mentions(doc)
    assert {("Brentmoor Traders Ltd", "ORG"), ("Calder Marketing & Promotions Inc", "ORG")} <= found
    assert ("Russ Hallam and Co Inc", "ORG") in found
    parsed = parse([Document("Brentmoor Traders Ltd and Calder Foods Inc rose.")])[0]
    split = _corporate_names(parsed, [_Candidate(0, 7, "ORG")])
    assert [(c.start, c.end, c.label) for c in split] == [(0, 3, "ORG"), (4, 7, "ORG")]


def test_players_in_line_ups_and_scorer_lists() -> None:
    (doc,) = analyze(
        "Japan: 19 - Kenshiro Yamadera, 2 - Hirotaka Mizunoe, 3 - Tsuneo Okabayashi\n"
        "Leeds 2 (Vardakis 12, Ostrander 55 pen) Everton 1 (Quillfeather 30)."
    )
    found = mentions(doc)
    people = {"Kenshiro Yamadera", "Hirotaka Mizunoe", "Tsuneo Okabayashi"}
    assert {(name, "PERSON") for name in people} <= found
    assert {("Vardakis", "PERSON"), ("Ostrander", "PERSON"), ("Quillfeather", "PERSON")} <= found
    assert {("Leeds", "ORG"), ("Everton", "ORG")} <= found


def test_club_named_like_a_word_is_not_a_table_label() -> None:
    (doc,) = analyze("Hearts 0 Raith 0\nReading 17 10 5 2 34 16 35")
    assert {("Hearts", "ORG"), ("Raith", "ORG"), ("Reading", "ORG")} <= mentions(doc)


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("12. Walda Kresnik (Italy) 1:18.52", (2, 4), "PERSON"),
        ("S. Fleming c and b Afridi 88", (0, 2), "PERSON"),
        ("Partizan Belgrade (Yugoslavia) 78 Kinder Bologna (Italy) 70", (0, 2), "ORG"),
        ("Brentmoor Holdings (Canada) rose 5 percent.", (0, 2), "ORG"),
    ],
)
def test_people_by_the_form_of_their_names(text: str, span: tuple[int, int], label: str) -> None:
    parsed = parse([Document(text)])[0]
    candidate = _Candidate(*span, "ORG")
    _people_by_form(parsed, text, [candidate])
    assert candidate.label == label


def test_list_of_people_after_a_head() -> None:
    (doc,) = analyze(
        "Midfielders - Tomas Brenner, Ivo Radic, Marek Tolvanen, Dorin Valcescu, Pavel Husak."
    )
    names = {"Tomas Brenner", "Ivo Radic", "Marek Tolvanen", "Dorin Valcescu", "Pavel Husak"}
    assert {(name, "PERSON") for name in names} <= mentions(doc)
    (doc,) = analyze("Sponsors: Brentmoor Holdings, Calder Foods, Tasman Rail.")
    assert not any(m.label == "PERSON" for m in doc.mentions)
