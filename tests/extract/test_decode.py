import codecs

import pytest

from eventwire.extract.decode import DecodeError, decode


def test_utf8_text_and_line_endings():
    assert decode(b"Talks resume\r\nin Geneva\rtoday") == "Talks resume\nin Geneva\ntoday"


def test_latin1_bytes_are_detected():
    text = "Le ministre a déclaré que les négociations reprendront à Genève la semaine prochaine."
    assert decode(text.encode("latin-1")) == text


def test_declared_encoding_is_used_when_bytes_are_not_utf8():
    text = "Ministers met in Zürich and Malmö to discuss tariffs on steel."
    assert decode(text.encode("cp1252"), declared="cp1252") == text


def test_wrong_declared_encoding_falls_back_to_detection():
    text = "The prime minister’s office said talks would resume."
    assert decode(text.encode("utf-8"), declared="ascii") == text


def test_utf16_with_bom():
    text = "Ukraine claims a drone strike"
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t ", "only white space"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip archive"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 10, "PNG"),
        (b"abc\x00\x00\x01\x02def", "NUL bytes"),
        (bytes(range(1, 32)) * 20, "binary data"),
    ],
)
def test_bad_bytes_give_a_specific_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)
