"""The cached Zipf values are wordfreq's own, for plain words and for every other form."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from eventwire.analyze.wordfreqs import zipf


def test_every_fortieth_word_of_the_list_has_wordfreqs_value():
    words = sorted(get_frequency_dict("en"))[::40]
    assert len(words) > 7000
    assert [zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]


@pytest.mark.parametrize(
    "word",
    [
        "the",
        "union",
        "soccer",
        "zzzqqx",
        "Union",
        "UNION",
        "don't",
        "co-operate",
        "café",
        "1999",
        "g7",
        "",
        " ",
        "new york",
        "naïve",
        "ʻokina",
        "x",
    ],
)
def test_plain_unknown_and_unusual_forms_agree_with_wordfreq(word):
    assert zipf(word) == zipf_frequency(word, "en")


def test_a_plain_word_is_answered_without_importing_wordfreq(tmp_path):
    code = (
        "import sys\n"
        "from eventwire.analyze.wordfreqs import zipf\n"
        "print(zipf('union') > 4, 'wordfreq' in sys.modules)\n"
    )
    env = {**os.environ, "EVENTWIRE_CACHE_DIR": str(tmp_path)}
    # the first process builds the machine's table (importing wordfreq); the next reads it
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    assert run.stdout.split() == ["True", "False"]
