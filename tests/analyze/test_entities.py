"""Entity mentions: each clean-up rule, each lexicon entry, the seed page, and offsets.

Every sentence and headline here was written for these tests, except the seed page checks,
which read ../shared and skip when it is not beside the checkout.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.entities import (
    EntityAnalyzer,
    _Candidate,
    _is_break,
    _organisation_label,
    name_key,
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
    for doc, parsed in zip(docs, parse(docs), strict=True):
        ENTITIES(doc, parsed)
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


def test_entities_group_mentions_by_name() -> None:
    (doc,) = analyze("Kenya and Uganda met. Kenya said talks would go on.")
    kenya = [e for e in doc.entities if name_key(e.name) == "kenya"]
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
    assert (name, "NORP") in mentions(doc)


@pytest.mark.parametrize(
    ("name", "label"),
    [(n, label) for label, names in load_yaml("ner_places.yaml").items() for n in names],
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
    for doc in docs:
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
