"""JSON lines, JSON arrays and CSV: one article per record, bad records rejected one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.extract.dispatch import extract
from eventwire.ingest.records import RECORD_TYPE, normalise_date
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import RawItem, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(path: Path | str, **options: object) -> list[RawItem | Reject]:
    return list(iter_raw([str(path)], options=SourceOptions(**options)))  # type: ignore[arg-type]


def by_line(results: list[RawItem | Reject]) -> dict[str, RawItem | Reject]:
    return {(r.source if isinstance(r, RawItem) else r.input).rsplit("#", 1)[1]: r for r in results}


def test_jsonl_records_and_rejects_by_line() -> None:
    results = by_line(read(FIXTURES / "records.jsonl"))
    first = results["1"]
    assert isinstance(first, RawItem)
    assert first.content_type == RECORD_TYPE
    assert first.data.decode().startswith("Regulators approved a 60-turbine wind farm")
    assert first.meta == {"title": "Wind farm approved off the north coast"}  # from "headline"
    assert first.url == "https://windwire.example/a/1"
    assert first.published == "2025-05-12"
    assert results["2"].published == "2025-05-13"  # type: ignore[union-attr]
    assert "3" not in results  # a blank line
    reasons = {line: r.reason for line, r in results.items() if isinstance(r, Reject)}
    assert reasons == {
        "4": "record has no 'text' field (fields: id, headline, summary); "
        "name the text field with --text-field",
        "5": "line is not JSON: Expecting value (column 1)",
        "6": "record is an array, not an object",
        "7": "'text' field is empty",
    }
    assert results["8"].published == "2025-05-14"  # type: ignore[union-attr]  # epoch ms


def test_records_become_article_documents() -> None:
    item = read(FIXTURES / "records.jsonl")[0]
    assert isinstance(item, RawItem)
    [doc] = extract(item)
    assert doc.kind == "article"
    assert doc.title == "Wind farm approved off the north coast"
    assert doc.url == "https://windwire.example/a/1"
    assert doc.published.date == "2025-05-12" and doc.published.origin == "metadata"
    assert doc.text.startswith("Regulators approved") and doc.language == "en"


def test_named_and_nested_fields(tmp_path: Path) -> None:
    record = {
        "story": {"body": "Ministers agreed a new budget after a night of talks.", "head": "Deal"},
        "when": "14/05/2025",
        "link": "https://x.example/1",
        "title": "Ignored: a field was named",
    }
    path = tmp_path / "nested.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [item] = read(
        path, text_field="story.body", title_field="story.head", date_field="when", url_field="link"
    )
    assert isinstance(item, RawItem)
    assert item.data == b"Ministers agreed a new budget after a night of talks."
    assert item.meta["title"] == "Deal"
    assert item.published == "2025-05-14"
    assert item.url == "https://x.example/1"


def test_a_text_field_that_is_not_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": ["a", "list"]}\n{"text": 42}\n', encoding="utf-8")
    assert [r.reason for r in read(path)] == [  # type: ignore[union-attr]
        "'text' field is an array, not text",
        "'text' field is a number, not text",
    ]


def test_a_record_over_the_size_limit_is_rejected_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": "A short one."}) + "\n",
        encoding="utf-8",
    )
    big, small = read(path, max_bytes=2000)
    assert isinstance(big, Reject) and big.reason == "line over the 0.0 MB limit"
    assert isinstance(small, RawItem) and small.source == f"{path}#2"


def test_a_line_not_in_utf8_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    ok, bad = read(path)
    assert isinstance(ok, RawItem)
    assert isinstance(bad, Reject) and bad.reason == "line is not UTF-8 text (byte 14)"


def test_json_arrays_and_wrapped_lists(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"text": "One story."}, {"text": "Two stories."}]), "utf-8")
    assert [r.source for r in read(path)] == [f"{path}#1", f"{path}#2"]  # type: ignore[union-attr]
    path = tmp_path / "wrapped.json"
    path.write_text(
        json.dumps({"count": 1, "articles": [{"text": "Only story."}]}, indent=2), "utf-8"
    )
    [item] = read(path)
    assert isinstance(item, RawItem) and item.data == b"Only story."
    path = tmp_path / "broken.json"
    path.write_text('[{"text": "One story."},\n {"text": ', "utf-8")
    [reject] = read(path)
    assert isinstance(reject, Reject)
    assert reject.reason.startswith("malformed JSON: Expecting value (line 2")


def test_csv_records_with_quoted_multiline_fields() -> None:
    results = read(FIXTURES / "records.csv", text_field="body")
    strike, grain, short = results
    assert isinstance(strike, RawItem) and isinstance(grain, RawItem)
    assert strike.source.endswith("records.csv#2") and grain.source.endswith("records.csv#3")
    assert strike.meta["title"] == "Port strike enters third day"
    assert strike.published == "2025-05-14"
    assert grain.published == "2025-05-13"
    assert grain.data.decode() == (
        "Wheat prices fell for a second week as harvest forecasts improved.\n"
        "Traders said demand from importers was steady."
    )
    assert isinstance(short, Reject) and short.input.endswith("records.csv#5")
    assert short.reason == "row has 3 fields where the header has 4"


def test_csv_without_the_text_column_is_rejected_naming_its_columns() -> None:
    [reject] = read(FIXTURES / "records.csv")
    assert isinstance(reject, Reject)
    assert reject.reason == (
        "CSV file has no 'text' column (columns: id, title, published, body); "
        "name the text column with --text-field"
    )


def test_tab_and_semicolon_separated_files_and_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "tabs.tsv"
    path.write_text("Title\tText\nDeal\tLeaders agreed a truce.\nTalks\tTalks go on.\n", "utf-8")
    first, _ = read(path)  # the column is found whatever its case
    assert isinstance(first, RawItem) and first.data == b"Leaders agreed a truce."
    path = tmp_path / "semi.csv"
    text = "titel;text\nCafé;Le café du port a fermé ses portes après trente ans.\n" * 1
    text += "Quai;Les pêcheurs ont manifesté devant la mairie.\n"
    path.write_bytes(text.encode("cp1252"))
    first, second = read(path)
    assert isinstance(first, RawItem)
    assert first.data.decode() == "Le café du port a fermé ses portes après trente ans."
    assert isinstance(second, RawItem)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-14", "2025-05-14"),
        ("2025-05-14T23:30:00-04:00", "2025-05-14"),
        ("Wed, 14 May 2025 23:30:00 -0400", "2025-05-14"),
        ("May 14, 2025", "2025-05-14"),
        ("14 May 2025", "2025-05-14"),
        ("2025/05/14", "2025-05-14"),
        (1747216800, "2025-05-14"),
        (1747216800000, "2025-05-14"),
        ("1747216800", "2025-05-14"),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        ("3025-01-01", None),
        ("2025-02-30", None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


def test_a_record_holding_a_whole_page_is_extracted_as_one(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text("utf-8")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"html": html, "url": "https://coastlinepost.example/x"}) + "\n")
    [item] = read(path, text_field="html")
    assert isinstance(item, RawItem)
    docs = extract(item)
    assert docs[0].kind == "article" and docs[0].text.startswith("Hundreds of dock workers")
    assert docs[0].url == "https://coastlinepost.example/x"
    assert {d.kind for d in docs[1:]} == {"headline"}
    # a fragment of markup is reduced to its text
    path.write_text(json.dumps({"text": "<p>Talks <b>resumed</b>.</p><p>No deal yet.</p>"}) + "\n")
    [item] = read(path)
    assert extract(item)[0].text == "Talks resumed.\nNo deal yet."  # type: ignore[arg-type]
