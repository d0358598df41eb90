"""English word frequencies on the Zipf scale (wordfreq's), without importing wordfreq.

The analyzers ask how common a word is ("Union", "Soccer", a surname) for a few thousand
words per run. Importing wordfreq and reading its list costs half a second of every
process's start-up, so the Zipf value of each plain word (lower-case ASCII letters, which
wordfreq reads as one token, as it is) is kept in the machine's cache, as a table each word is
looked up in when first asked (analyze/derived_table.py).
Any other word, rare in these calls, is answered by wordfreq itself. The values are
wordfreq's to the last digit: tests/analyze/test_wordfreqs.py compares them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from eventwire.analyze.derived_table import cached_table

#: wordfreq's smallest frequency when `zipf_frequency` is asked with its default minimum
#: (Zipf 0): an unknown word's value.
_FLOOR = 1e-9


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha() and word.islower()


def _zipf_of(freq: float) -> float:
    # wordfreq's own steps: the frequency kept to 3 significant digits, then the Zipf scale
    # rounded to 2 decimals (wordfreq._word_frequency and zipf_frequency).
    unrounded = max(freq, _FLOOR)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(math.log(round(unrounded, leading_zeroes + 3), 10) + 9, 2)


def _build() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return {w: _zipf_of(f) for w, f in get_frequency_dict("en").items() if _plain(w)}


@functools.cache
def _table() -> Mapping[str, float]:
    # opened, not read: a run looks up a few thousand of the 290,000 words
    return cached_table("zipf_en", _build, packages=("wordfreq",))


def zipf(word: str) -> float:
    """wordfreq's `zipf_frequency(word, "en")`: 0 for an unknown word, about 7 for "the"."""
    if _plain(word):
        return _table().get(word, 0.0)
    return _other(word)


@functools.lru_cache(maxsize=65_536)  # bounded: a long ingest meets words without end
def _other(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
