"""The date a text states about itself, and the one rule for a document's publication date."""

from __future__ import annotations

import pytest

from eventwire.data import load_yaml
from eventwire.extract.dates import infer_published, resolve_published
from eventwire.model import Published, RawItem


@pytest.mark.parametrize("marker", load_yaml("time_words.yaml")["published_markers"])
def test_published_marker(marker):
    text = f"{marker.title()} on May 14, 2025\nThe ministers met in Geneva."
    assert infer_published(text) == "2025-05-14"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON, May 14, 2025 (Wire) - Talks resumed.", "2025-05-14"),
        ("14 May 2025\nTalks resumed in Geneva.", "2025-05-14"),
        ("Posted 2025-05-14T08:00Z\nTalks resumed.", "2025-05-14"),
        ("Wednesday, May 14, 2025 - Talks resumed.", "2025-05-14"),
        ("Talks have stalled since May 14, 2025, officials say.", None),
        ("Talks resumed on May 14 in Geneva.", None),
        ("Talks resumed.\n\n\n\n\n\nMay 14, 2025 was mentioned far below.", None),
        ("The deal was signed on February 30, 2025.", None),
        ("Nothing dated here at all.", None),
    ],
)
def test_infer_published(text, expected):
    assert infer_published(text) == expected


STATED = "Published May 14, 2025\nThe ministers met in Geneva."


@pytest.mark.parametrize(
    ("given", "source", "crawled", "text", "expected"),
    [
        # the user's date beats everything the input says
        (Published("2025-01-01", "user"), "2025-05-13", "2025-07-01", STATED,
         Published("2025-01-01", "user")),
        # then the source's metadata, then the date the text states
        (None, "2025-05-13", "2025-07-01", STATED, Published("2025-05-13", "metadata")),
        (None, None, "2025-07-01", STATED, Published("2025-05-14", "text")),
        # a crawl date is only a last resort, and is marked as one
        (None, None, "2025-07-01", "No date here.", Published("2025-07-01", "crawl")),
        (None, None, None, "No date here.", Published()),
        # an empty given date is no date at all
        (Published(), None, None, STATED, Published("2025-05-14", "text")),
    ],
)  # fmt: skip
def test_one_rule_for_the_publication_date(given, source, crawled, text, expected):
    meta = {"crawled": crawled} if crawled else {}
    item = RawItem("page.txt", text.encode(), published=source, meta=meta)
    assert resolve_published(item, given, text) == expected


def test_published_is_frozen():
    with pytest.raises(AttributeError):
        Published("2025-05-14", "user").date = "2025-05-15"  # type: ignore[misc]
