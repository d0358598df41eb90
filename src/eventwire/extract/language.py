"""Language identification, as far as eventwire needs it: is this English?

The NLP pipeline is English only, so the one question that matters is whether a text is
English; a share of very common English function words answers it for news text without a
model. Texts with too few words to judge get None.
"""

from __future__ import annotations

import re

from eventwire import settings
from eventwire.data import load_lines

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """ "en" when the text reads as English, None when it is too short or not English."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if len(words) < settings.LANGUAGE_MIN_WORDS:
        return None
    common = frozenset(load_lines("english_function_words.txt"))
    share = sum(1 for w in words if w in common) / len(words)
    return "en" if share >= settings.LANGUAGE_EN_SHARE else None
