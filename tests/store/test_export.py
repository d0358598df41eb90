"""Exports: JSON Lines documents, CSV and Parquet tables, GDELT 2.0 event records."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.data import load_yaml
from eventwire.store import export as ex
from eventwire.store.schema import TABLES
from tests.conftest import SHARED
from tests.store.builders import sample_corpus


def _count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_jsonl_holds_each_stored_document_as_analyze_prints_it(filled, tmp_path):
    out = tmp_path / "docs.jsonl"
    assert ex.export(filled, "jsonl", out) == {"docs.jsonl": 4}
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stored = [d for docs in sample_corpus()[:4] for d in docs]  # the fifth is a duplicate
    assert lines == [json.loads(json.dumps(d.to_dict())) for d in stored]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_export_one_file_per_table_with_every_row(filled, tmp_path, fmt):
    out = tmp_path / fmt
    counts = ex.export(filled, fmt, out)
    assert list(counts) == list(TABLES)
    for table in TABLES:
        assert counts[table] == _count(filled, table), table
        path = out / f"{table}.{fmt}"
        columns = [r[1] for r in filled.execute(f"PRAGMA table_info({table})")]
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            assert rows[0] == columns
            assert len(rows) - 1 == counts[table]
        else:
            data = pq.read_table(path)
            assert data.column_names == columns
            assert data.num_rows == counts[table]


def test_parquet_keeps_sqlite_types(filled, tmp_path):
    ex.export(filled, "parquet", tmp_path)
    events = pq.read_table(tmp_path / "events.parquet")
    assert str(events.schema.field("num_mentions").type) == "int64"
    assert str(events.schema.field("goldstein").type) == "double"
    assert str(events.schema.field("type").type) == "string"
    consult = next(r for r in events.to_pylist() if r["type"] == "CONSULT")
    assert (consult["num_articles"], consult["goldstein"]) == (2, 1.9)


def test_exports_are_byte_identical_run_to_run(filled, tmp_path):
    def digest(fmt: str, out: Path) -> str:
        ex.export(filled, fmt, out)
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()

    for fmt, name in (("jsonl", "a.jsonl"), ("csv", "a"), ("gdelt", "a.tsv"), ("parquet", "p")):
        first = digest(fmt, tmp_path / "one" / name if fmt != "jsonl" else tmp_path / name)
        again = digest(fmt, tmp_path / "two" / name if fmt != "jsonl" else tmp_path / f"2{name}")
        assert first == again, fmt


# -- GDELT ----------------------------------------------------------------------------------


def _gdelt(conn, tmp_path) -> list[dict[str, str]]:
    out = tmp_path / "events.tsv"
    ex.export(conn, "gdelt", out)
    records = []
    for line in out.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        assert len(fields) == 61
        records.append(dict(zip(ex.GDELT_COLUMNS, fields, strict=True)))
    return records


def test_gdelt_records_have_61_tab_separated_fields_in_order(filled, tmp_path):
    records = _gdelt(filled, tmp_path)
    # the negated attack is not an event that happened: two of the three events
    assert [r["EventCode"] for r in records] == ["042", "112"]
    assert len(ex.GDELT_COLUMNS) == len(set(ex.GDELT_COLUMNS)) == 61
    assert ex.GDELT_COLUMNS[0] == "GLOBALEVENTID" and ex.GDELT_COLUMNS[-2:] == (
        "DATEADDED",
        "SOURCEURL",
    )


def test_gdelt_fields_come_from_the_merged_event(filled, tmp_path):
    consult, accuse = _gdelt(filled, tmp_path)
    expected = {
        "SQLDATE": "20250501",
        "MonthYear": "202505",
        "Year": "2025",
        "FractionDate": "2025.3315",  # 2025 + (4 * 30 + 1) / 365
        "Actor1Code": "JPNGOV",
        "Actor1Name": "RYOSEI AKAZAWA",
        "Actor1CountryCode": "JPN",
        "Actor1Type1Code": "GOV",
        "Actor2Code": "USAGOV",
        "Actor2Name": "UNITED STATES",
        "Actor2CountryCode": "USA",
        "IsRootEvent": "1",
        "EventCode": "042",
        "EventBaseCode": "042",
        "EventRootCode": "04",
        "QuadClass": "1",
        "GoldsteinScale": "1.9",
        "NumMentions": "2",
        "NumSources": "2",
        "NumArticles": "2",
        "AvgTone": "",
        "Actor1Geo_Type": "0",
        "ActionGeo_Type": "3",  # Washington, a US city
        "ActionGeo_CountryCode": "US",
        "ActionGeo_ADM1Code": "USDC",
        "DATEADDED": "20250514000000",
        "SOURCEURL": "https://www.example.com/news/1",
    }
    assert {k: consult[k] for k in expected} == expected
    assert consult["GLOBALEVENTID"] != accuse["GLOBALEVENTID"]
    assert (accuse["Actor1CountryCode"], accuse["Actor2CountryCode"]) == ("CHN", "JPN")
    assert (accuse["EventRootCode"], accuse["SQLDATE"]) == ("11", "20250503")
    assert accuse["SOURCEURL"] == "wire/3.txt"  # no URL: where the document came from
    assert accuse["ActionGeo_Type"] == "0" and accuse["ActionGeo_FullName"] == ""


@pytest.mark.parametrize(
    ("date", "fraction"),
    [("2006-07-31", "2006.5781"), ("1982-01-02", "1982.0055"), ("2016-06-28", "2016.4877")],
)
def test_gdelt_fraction_date_follows_gdelts_formula(date, fraction):
    assert ex._date_fields(date)[3] == fraction


def test_cameo_country_codes_are_iso_except_the_listed_ones():
    overrides = load_yaml("cameo_country_codes.yaml")
    for iso, cameo in overrides.items():
        assert ex.cameo_country(iso) == cameo
    assert ex.cameo_country("ROU") == "ROM"
    assert ex.cameo_country("JPN") == "JPN"
    assert ex.cameo_country(None) == ""


@pytest.mark.parametrize(
    ("cameo", "codes"),
    [("042", ["042", "042", "04"]), ("0431", ["0431", "043", "04"]), ("19", ["190", "190", "19"])],
)
def test_cameo_event_codes_split_into_base_and_root(cameo, codes):
    assert ex._event_codes(cameo) == codes


def test_action_geo_resolves_countries_and_cities_offline():
    assert ex.action_geo("Japan", None)[:3] == ("1", "Japan", "JA")  # FIPS country codes
    lima = ex.action_geo("Lima", "PER")
    assert lima[:3] == ("4", "Lima, Peru", "PE") and lima[5].startswith("-12.")
    assert ex.action_geo("Nowhere-on-Sea", None)[0] == "0"


def test_gdelt_columns_are_gdelt_1_columns_with_the_v2_adm2_codes(tmp_path):
    names = SHARED / "eval" / "gdelt" / "events_column_names.csv"
    if not names.exists():
        pytest.skip(f"../shared not found: {names}")
    v1 = names.read_text(encoding="utf-8").split()
    assert len(v1) == 58  # GDELT 1.0 daily files: 57 fields + SOURCEURL
    # GDELT 2.0 inserts an ADM2Code after each of the three ADM1Codes: 61 fields.
    v2 = [c.lower() for c in ex.GDELT_COLUMNS if not c.endswith("ADM2Code")]
    renamed = {"globaleventid": "globaleventid", "sqldate": "day"}
    assert [renamed.get(c, c) for c in v2] == v1
