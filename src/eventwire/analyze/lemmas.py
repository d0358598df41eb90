"""A faster equivalent of spaCy's rule lemmatizer, giving exactly its lemmas.

The English pipeline's lemmatizer works out each token's lemma from its text, coarse part of
speech and morphology, in Python, token by token. It keeps a cache, but only for the words it
runs its suffix rules on: the most common case, a word already in its base form ("talks" as a
singular noun, "meet" as an infinitive), is worked out again each time, and each token is
visited as a Python object. Here the lemma of each (word, part of speech, morphology) is asked
of the pipeline's own lemmatizer once per process, kept (bounded by
settings.ATTRIBUTE_CACHE_ROWS), and written to the whole document at once. The lemma is a
function of those three values alone in the rule mode the pipeline uses; a test holds the two
to identical lemmas on news text.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from eventwire import settings


class CachedLemmatizer:
    """Drop-in for the rule-mode Lemmatizer of a loaded pipeline (see the module docstring)."""

    def __init__(self, stock: Lemmatizer) -> None:
        if stock.mode != "rule":
            raise ValueError(f"only the rule lemmatizer is cached, not mode {stock.mode!r}")
        self.stock = stock
        self.overwrite = bool(stock.overwrite)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        lemmas = self._lemmas
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue  # set by the attribute ruler: the stock lemmatizer keeps it too
            key = (orth, pos, morph)
            value = lemmas.get(key)
            if value is None:
                value = strings.add(self.stock.lemmatize(doc[i])[0])
                if len(lemmas) < settings.ATTRIBUTE_CACHE_ROWS:
                    lemmas[key] = value
            out[i] = value
        doc.from_array([LEMMA], out.reshape(-1, 1).astype(np.uint64))
        return doc


#: The lemmatizer whose tables the factory's next component takes (see attributes.py).
_pending: list[Lemmatizer] = []


def install(nlp: Language) -> None:
    """Put the cached equivalent in place of the pipeline's rule lemmatizer (if it has one)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("lemmatizer")
    if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
        return
    _pending.append(stock)
    try:
        nlp.replace_pipe("lemmatizer", "eventwire_lemmatizer")
    finally:
        _pending.clear()


@Language.factory("eventwire_lemmatizer")
def _factory(nlp: Language, name: str) -> CachedLemmatizer:
    if not _pending:
        raise RuntimeError("eventwire_lemmatizer is built by lemmas.install()")
    return CachedLemmatizer(_pending[-1])
