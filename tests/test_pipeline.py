import datetime as dt

import pytest

from eventwire import analyze
from eventwire.model import Published
from eventwire.pipeline import parse_published
from tests.spans import assert_spans_exact

PAGE = """Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal, \
officials said. The talks will continue next month in Santiago.
President Gabriel Boric said Chile wanted a fair agreement.


Storm Cuts Power to Thousands Across Northern Spain
Kenyan Runners Sweep Podium at City Marathon
Central Bank Holds Rates Steady as Inflation Eases
"""


def test_page_gives_article_and_headlines_linked_to_it():
    docs = analyze(PAGE)
    kinds = [d.kind for d in docs]
    assert kinds == ["article", "headline", "headline", "headline"]
    article = docs[0]
    assert all(d.parent_id == article.id for d in docs[1:])
    assert docs[1].text == "Storm Cuts Power to Thousands Across Northern Spain"
    for doc in docs:
        assert_spans_exact(doc)


def test_article_has_sentences_and_entities():
    (article, *_) = analyze(PAGE)
    assert len(article.sentences) == 3
    names = {m.span.text: m.label for m in article.mentions}
    assert names.get("Chile") == "GPE" and names.get("Gabriel Boric") == "PERSON"
    for mention in article.mentions:
        assert mention.entity_id in {e.id for e in article.entities}


def test_published_date_is_recorded_with_its_origin():
    docs = analyze(PAGE, published="2025-05-14")
    assert all(d.published == Published("2025-05-14", "user") for d in docs)
    assert analyze(PAGE, published=dt.date(2025, 5, 14))[0].published.date == "2025-05-14"


@pytest.mark.parametrize("bad", ["14/05/2025", "2025-13-01", "yesterday"])
def test_malformed_publication_date_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_published(bad)


def test_empty_and_blank_text_give_no_documents():
    assert analyze("") == []
    assert analyze(" \n\n ") == []


def test_dates_keep_unknown_year_without_publication_date():
    text = "The president announced a 10% tariff on April 2, officials said."
    (doc,) = analyze(text)
    assert [(t.span.text, t.value) for t in doc.times] == [("April 2", "XXXX-04-02")]
    (doc,) = analyze(text, published="2025-05-14")
    assert [(t.span.text, t.value) for t in doc.times] == [("April 2", "2025-04-02")]


def test_dateline_dates_the_page_and_its_headlines():
    page = (
        "LIMA, May 14, 2025 - Ministers from Chile and Peru met on Monday to discuss a copper "
        "export deal, officials said. Talks continue next week.\n\n\n" + PAGE.split("\n\n\n")[1]
    )
    docs = analyze(page)
    assert {d.published.date for d in docs} == {"2025-05-14"}
    assert {d.published.origin for d in docs} == {"text"}
    monday = next(t for t in docs[0].times if t.span.text == "Monday")
    assert monday.value == "2025-05-12"
