"""The table of codes and the dates in words: every code in use is explained."""

from __future__ import annotations

import pytest

from eventwire import codes
from eventwire.datewords import describe


def test_every_code_in_use_is_described():
    d = codes.descriptions()
    assert set(codes.plover_types()) == set(d["plover_types"])
    assert set(codes.sectors()) <= set(d["sectors"])
    assert set(codes.modalities()) == set(d["modalities"])
    assert set(codes.measure_statuses()) == set(d["measure_statuses"])
    assert set(codes.measure_kinds()) == set(d["measure_kinds"])
    assert set(d["quad_classes"]) == {"1", "2", "3", "4"}
    assert list(codes.cameo_roots()) == [f"{n:02d}" for n in range(1, 21)]


def test_every_entity_label_the_analyzers_give_is_described():
    from eventwire.analyze.entities import NAME_LABELS

    assert NAME_LABELS | {"ROLE"} <= set(codes.entity_types())


def test_the_date_rows_read_out_each_value():
    rows = dict(codes.date_rows())
    assert rows["XXXX-WXX-7"].startswith("a Sunday in an unknown week, from “on Sunday")
    assert rows["2025-04-02"].startswith("as written, from")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("XXXX-WXX-7", "a Sunday in an unknown week"),
        ("XXXX-WXX-2TMO", "a Tuesday morning in an unknown week"),
        ("XXXX-04-02", "2 April, year unknown"),
        ("XXXX-04-XX", "a day in April, year unknown"),
        ("XXXX-07", "July, year unknown"),
        ("XXXX-XX", "an unknown month"),
        ("XXXX-XX-XX", "an unknown day"),
        ("2025-XX-XX", "an unknown day of 2025"),
        ("XXXX-WXX", "an unknown week"),
        ("XXXX-WXX-WE", "a weekend in an unknown week"),
        ("XXXX-Q3", "the third quarter, year unknown"),
        ("XXXX-QX", "an unknown quarter"),
        ("XXXX-SU", "summer, year unknown"),
        ("XXXX", "an unknown year"),
        ("XXXX-XX-XXTNI", "the night of an unknown day"),
        ("2025-W21", "the week of 2025-05-19"),
        ("2025-05-14", "2025-05-14"),
        ("2025-Q2", "2025-Q2"),
        ("P2Y", "P2Y"),
        ("PAST_REF", "some time in the past (no date given)"),
        (None, "no date"),
        ("XXXX-something", "XXXX-something"),  # an unknown shape is shown, not guessed at
    ],
)
def test_dates_in_words(value, words):
    assert describe(value) == words
