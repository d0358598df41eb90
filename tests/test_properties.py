"""Invariants that must hold for any input text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import analyze
from tests.spans import all_spans, assert_spans_exact

# News-like building blocks mixed with arbitrary unicode, so that the generator reaches both
# the segmenter's and the analyzers' interesting paths (names, headlines, blank lines).
_PIECES = st.sampled_from(
    [
        "Japan",
        "U.S.",
        "Trump Sues BBC",
        "President Lai Urges Parliament",
        "\n",
        "\n\n\n",
        "said on April 2",
        "a 24% tariff",
        "$6.78 Billion",
        "ǅ",
        "İstanbul",
        "ß",
        "ﬁ",
        "’s",
        "Read more: x",
        "  ",
        "\t",
        "\r\n",
        "\u2028",
        "\x00",
        "🙂",
        "DHS",
        "Akazawa",
    ]
)
_TEXT = st.lists(st.one_of(st.text(max_size=40), _PIECES), max_size=25).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_analyze_never_raises_and_spans_are_exact(text):
    for doc in analyze(text):
        assert doc.text
        assert_spans_exact(doc)


def test_all_spans_walks_nested_annotations():
    (doc,) = analyze("Japan's top trade negotiator met officials in Washington on Tuesday.")
    spans = list(all_spans(doc))
    assert len(spans) >= len(doc.mentions) + len(doc.sentences)
