"""Loading the spaCy pipeline (analyze/nlp.py): the same pipeline as spaCy's own loading."""

from __future__ import annotations

import spacy

from eventwire import settings
from eventwire.analyze import nlp

TEXTS = [
    "Dr. Smith's U.S.-based firm didn't pay $5.3bn (about €4.9bn) on Jan. 5th, 2026 :-)",
    "Visit https://example.com/a?b=c or e-mail info@example.org — they'll reply by 10 a.m.",
    "'Gonna' isn't a word, y'all; 3x faster, 1,000-strong, N.Y.C.-bound.",
]


def _model() -> str:
    return next(n for n in settings.SPACY_MODELS if spacy.util.is_package(n))


def test_the_tokenizer_read_once_is_the_models_own_byte_for_byte():
    ours = nlp.load_model(_model())
    plain = spacy.load(_model(), exclude=["senter"])
    assert ours.tokenizer.to_bytes() == plain.tokenizer.to_bytes()
    assert ours.pipe_names == plain.pipe_names
    for text in TEXTS:
        assert [t.text for t in ours(text)] == [t.text for t in plain(text)]
        assert [(t.tag_, t.dep_, t.ent_type_) for t in ours(text)] == [
            (t.tag_, t.dep_, t.ent_type_) for t in plain(text)
        ]
