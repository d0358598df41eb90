import pytest

from eventwire.data import load_lines
from eventwire.extract.language import detect_language


def test_english_prose():
    assert detect_language("The minister said on Tuesday that the talks were going well.") == "en"


def test_other_languages_are_not_english():
    assert (
        detect_language("Der Minister sagte am Dienstag, dass die Gespräche gut verlaufen.") is None
    )
    assert detect_language("El ministro dijo el martes que las conversaciones van bien.") is None


def test_too_short_to_judge():
    assert detect_language("Talks resume") is None


@pytest.mark.parametrize("word", load_lines("english_function_words.txt"))
def test_each_function_word_marks_english(word):
    without = "Officials ministers agreed yesterday"
    assert detect_language(without) is None
    assert detect_language(f"Officials {word} ministers agreed yesterday") == "en"
