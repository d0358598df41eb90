"""The fast attribute ruler and the cached lemmatizer give exactly what spaCy's own give."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from eventwire import settings
from eventwire.analyze import lemmas
from eventwire.analyze.attributes import FastAttributeRuler, install
from eventwire.analyze.lemmas import CachedLemmatizer
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
    lemmas.install(fast)
    return stock, fast


def _attrs(doc):  # type: ignore[no-untyped-def]
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_loaded_pipeline_uses_the_fast_ruler_and_the_cached_lemmatizer():
    assert isinstance(load().get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(load().get_pipe("lemmatizer"), CachedLemmatizer)


def test_same_attributes_as_the_stock_ruler(pipelines):
    stock, fast = pipelines
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    # twice: the second round reads the verdicts and lemmas the first one cached
    for _ in range(2):
        for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
            assert _attrs(a) == _attrs(b)


#: Words whose lemma depends on their part of speech and morphology in the same text: the
#: cache is keyed by all three, never by the word alone.
AMBIGUOUS = [
    "The leaves fell as she leaves; he saw the saw and saws it.",
    "They were meeting at the meeting, and the meetings were long.",
    "Better talks are better than the best; he bests them and talked.",
]


def test_lemmas_follow_part_of_speech_and_morphology(pipelines):
    stock, fast = pipelines
    for a, b in zip(stock.pipe(AMBIGUOUS * 2), fast.pipe(AMBIGUOUS * 2), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    leaves = [t.lemma_ for t in fast(AMBIGUOUS[0]) if t.text == "leaves"]
    assert leaves == ["leaf", "leave"]


def test_every_pattern_of_the_ruler_is_taken_over(pipelines):
    stock, fast = pipelines
    ruler = fast.get_pipe("attribute_ruler")
    indexed = sum(len(v) for v in ruler.by_value.values()) + len(ruler.always)
    taken = indexed + len(ruler.sequences) + len(ruler.multi)
    assert taken >= len(stock.get_pipe("attribute_ruler").attrs)
