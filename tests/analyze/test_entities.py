"""Entity mentions: each clean-up rule, each lexicon entry, the seed page, and offsets.

Every sentence and headline here was written for these tests, except the seed page checks,
which read ../shared and skip when it is not beside the checkout.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.entities import EntityAnalyzer, _Candidate, _organisation_label, name_key
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
    (doc,) = analyze("Tickets are sold out for Kenya v Uganda at the national stadium.")
    assert {("Kenya", "GPE"), ("Uganda", "GPE")} <= mentions(doc)


def test_scores_are_not_part_of_names() -> None:
    (doc,) = analyze("Result on Sunday:\nRaimondo Tessaro 71 Giacomo Verdini 68")
    assert not any(ch.isdigit() for m in doc.mentions for ch in m.span.text)


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


def test_table_labels_are_not_names() -> None:
    (doc,) = analyze("The hosts won easily in the rain.\nAttendance: 12,400\nExtras 14")
    assert not {"Attendance", "Extras"} & names(doc)


def test_hyphenated_pair_of_places_is_two_places() -> None:
    (doc,) = analyze("Officials prepared for the next round of U.S.-Venezuela talks.")
    assert {("U.S.", "GPE"), ("Venezuela", "GPE")} <= mentions(doc)
    (doc,) = analyze("The Franco-Prussian war is a favourite of the historian.")
    assert not any(n in {"Franco", "Prussian"} for n in names(doc))


# -- places, nationalities, companies, events --------------------------------------------------


def test_country_called_a_person_is_a_place() -> None:
    (doc,) = analyze("Mauritius and Namibia signed a fisheries pact on Tuesday.")
    assert {("Mauritius", "GPE"), ("Namibia", "GPE")} <= mentions(doc)


def test_nationality_words_are_norp() -> None:
    (doc,) = analyze("The Czech minister met Swiss bankers in Vienna.")
    assert {("Czech", "NORP"), ("Swiss", "NORP")} <= mentions(doc)


def test_missed_places_are_added_but_not_the_start_of_longer_names() -> None:
    (doc,) = analyze("Soccer - Dutch first division results.")
    assert ("Dutch", "NORP") in mentions(doc)
    (doc,) = analyze("Traders at the New York Mercantile Exchange sold oil.")
    assert ("New York", "GPE") not in mentions(doc)


def test_place_name_cut_short_is_completed() -> None:
    (doc,) = analyze("RIO DE JANEIRO 2024-03-01\nFlooding closed roads across the city.")
    assert ("RIO DE JANEIRO", "GPE") in mentions(doc)


def test_dateline_places() -> None:
    (doc,) = analyze("KAMPENWIL, Switzerland 2024-03-01\nVoters rejected the plan on Sunday.")
    assert ("KAMPENWIL", "GPE") in mentions(doc)
    (doc,) = analyze("LISBON (Wire) - Ministers met late into the night.")
    assert ("LISBON", "GPE") in mentions(doc)


def test_company_of_place_and_trade_before_a_verb() -> None:
    (doc,) = analyze("Korea Zinc Plans New Smelter in Tennessee")
    assert ("Korea Zinc", "ORG") in mentions(doc)
    (doc,) = analyze("PERU ZINC OUTPUT FALLS IN MARCH")
    assert ("PERU", "GPE") in mentions(doc)
    assert ("PERU ZINC", "ORG") not in mentions(doc)
    (doc,) = analyze("Shares of Korea Zinc rose on Monday.")  # in prose, capitals are a name
    assert ("Korea Zinc", "ORG") in mentions(doc)


def test_acronym_called_a_person_is_an_organisation() -> None:
    (doc,) = analyze("Boxing - Mendoza defeats Kowal in WBF title fight.")
    assert ("WBF", "PERSON") not in mentions(doc)


def test_event_names_end_at_their_head_word() -> None:
    (doc,) = analyze("Veronika Tamm won the Lisbon Open on Sunday.")
    assert ("Lisbon Open", "EVENT") in mentions(doc)


# -- one label per name ------------------------------------------------------------------------


def test_surname_of_a_full_name_is_a_person_throughout() -> None:
    (doc,) = analyze(
        "Bowler Dariusz Kaczmarek Jr. took four wickets. Kaczmarek said the pitch was slow. "
        "Fans cheered Kaczmarek at the gate."
    )
    kaczmarek = [m for m in doc.mentions if m.span.text == "Kaczmarek"]
    assert len(kaczmarek) == 2
    assert all(m.label == "PERSON" for m in kaczmarek)


def test_first_word_of_an_organisation_is_the_organisation() -> None:
    (doc,) = analyze(
        "Shares of Vornholt Mining Corp rose on Friday. Analysts said Vornholt would bid again."
    )
    assert ("Vornholt", "ORG") in mentions(doc)


def test_headline_takes_labels_from_its_article() -> None:
    article, headline = analyze(
        "Veteran batsman Ravindra Olekan scored a century on Friday. Olekan retired hurt later.",
        headlines=("CRICKET - OLEKAN HITS CENTURY IN DRAWN TEST",),
    )
    assert ("Olekan", "PERSON") in mentions(article)
    assert ("OLEKAN", "PERSON") in mentions(headline)


def test_names_take_the_label_most_mentions_have() -> None:
    (doc,) = analyze(
        "Paris hosted the summit. Delegates flew to Paris on Monday, and Paris police closed "
        "the roads."
    )
    labels = {m.label for m in doc.mentions if m.span.text == "Paris"}
    assert labels == {"GPE"}


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
        f"Former mayor Walter Brennick {written} died on Friday. Aides said Brennick was 88."
    )
    assert ("Brennick", "PERSON") in mentions(doc)


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
