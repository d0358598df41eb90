"""The fast attribute ruler gives exactly what spaCy's own attribute ruler gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventwire import settings
from eventwire.analyze.attributes import FastAttributeRuler, install
from eventwire.analyze.nlp import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Sentences written to reach every kind of rule: tags mapped to parts of speech, pronouns and
#: auxiliaries, contractions, multi-token patterns ("gon na", "y'all", "let's"), existential
#: "there", negations, white-space tokens and modals.
SENTENCES = [
    "I'd say they're gonna sign the deal, but we ain't sure y'all will agree.",
    "Let's see whether there is a vote; there were three last year.",
    "He has been told that she doesn't want it, and it isn't hers to give.",
    "The minister, who had resigned, said nothing would change  \n\n  before May.",
    "Y'all gotta admit that somethin' changed once the talks began.",
    "We can't, we won't and we shouldn't: c'mon, everybody knows it.",
    "Did they do it? They did, and I have done it myself.",
    "That is the plan which those officials backed, though some doubt it.",
]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(next(n for n in settings.SPACY_MODELS if spacy.util.is_package(n)))
    fast = spacy.load(next(n for n in settings.SPACY_MODELS if spacy.util.is_package(n)))
    install(fast)
    return stock, fast


def _attrs(doc):  # type: ignore[no-untyped-def]
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_loaded_pipeline_uses_the_fast_ruler():
    assert isinstance(load().get_pipe("attribute_ruler"), FastAttributeRuler)


def test_same_attributes_as_the_stock_ruler(pipelines):
    stock, fast = pipelines
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _attrs(a) == _attrs(b)


def test_every_pattern_of_the_ruler_is_taken_over(pipelines):
    stock, fast = pipelines
    ruler = fast.get_pipe("attribute_ruler")
    indexed = sum(len(v) for v in ruler.by_value.values()) + len(ruler.always)
    assert indexed + len(ruler.multi) >= len(stock.get_pipe("attribute_ruler").attrs)
