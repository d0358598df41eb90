"""Result shards without Ray: the JSON round trip, shard files and `load`'s reading order."""

from __future__ import annotations

import dataclasses

import pyarrow.parquet as pq
import pytest

from eventwire.analyze.minhash import MinHashParams
from eventwire.model import Reject
from eventwire.store.schema import TABLES, connect
from eventwire.store.shards import (
    RESULTS,
    Key,
    ShardError,
    document_from_dict,
    load,
    shard_name,
    write_manifest,
    write_shard,
)
from eventwire.store.writer import Writer
from tests.store.builders import PARAMS, content, full_document, result, sample_corpus


def test_a_document_comes_back_from_its_json_with_every_annotation():
    doc = full_document()  # fills every field of the model (tests/store/test_writer.py)
    back = document_from_dict(doc.to_dict())
    assert back == doc
    assert back.events[0].actor1 == doc.events[0].actor1  # nested dataclasses, not dicts
    assert type(back.measures[0].targets[0]).__name__ == "Actor"


def _results():
    inputs = [result(f"pages/{i}.html", *docs) for i, docs in enumerate(sample_corpus())]
    inputs.append(result("broken.bin", rejects=[Reject("broken.bin", "ingest", "binary data")]))
    return inputs


def _shard(folder, keys, results):
    name = shard_name(
        "test", [(k, r.source, r.content_hash) for k, r in zip(keys, results, strict=True)]
    )
    write_shard(folder, name, keys, results)
    return name


def test_load_stores_shards_in_reading_order_as_one_writer_would(tmp_path):
    results = _results()
    keys = [Key(0, i) for i in range(len(results))]
    folder = tmp_path / "shards"
    write_manifest(folder, {"minhash": dataclasses.asdict(PARAMS)})
    # shards written in any order; the last one repeats an input of the first (a batch a
    # dead worker had started, retried with other boundaries)
    _shard(folder, keys[3:], results[3:])
    _shard(folder, keys[:3], results[:3])
    _shard(folder, keys[2:4], results[2:4])

    report = load(folder, tmp_path / "loaded.db")
    assert (report.shards, report.read, report.repeated) == (3, len(results), 2)

    reference = connect(tmp_path / "reference.db", create=True)
    Writer(reference).write_batch(results)
    assert content(connect(tmp_path / "loaded.db")) == content(reference)
    s = report.stats
    assert s.items == s.documents + s.duplicates + s.rejected == 6
    assert s.exact_duplicates == 1 and s.events_new < s.event_mentions  # merged across shards


def test_signatures_are_remade_when_the_database_bands_them_otherwise(tmp_path):
    results = _results()
    folder = tmp_path / "shards"
    other = MinHashParams.for_threshold(0.5)
    assert other != PARAMS
    write_manifest(folder, {"minhash": dataclasses.asdict(other)})
    _shard(folder, [Key(0, i) for i in range(len(results))], results)
    # the shards say `other`; the database uses PARAMS: the loader signs again with PARAMS
    report = load(folder, tmp_path / "db.db")
    assert report.stats.inputs == len(results)
    reference = connect(tmp_path / "reference.db", create=True)
    Writer(reference).write_batch(results)
    assert content(connect(tmp_path / "db.db")) == content(reference)


def test_a_shard_holds_every_table_with_the_database_columns(tmp_path):
    results = _results()
    name = _shard(tmp_path, [Key(0, i) for i in range(len(results))], results)
    conn = connect(tmp_path / "x.db", create=True)
    for table in TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        shard = pq.read_table(tmp_path / table / f"{name}.parquet")
        assert shard.column_names == [*columns, "shard"]
    stored = pq.read_table(tmp_path / "documents" / f"{name}.parquet")
    assert set(stored["shard"].to_pylist()) == {name}
    assert pq.read_table(tmp_path / RESULTS / f"{name}.parquet").num_rows == len(results)


def test_a_shard_name_is_a_hash_of_its_inputs_and_settings():
    keys = [(Key(0, 1), "a.warc#1", "h1"), (Key(0, 2), "a.warc#2", "h2")]
    assert shard_name("s", keys) == shard_name("s", list(keys))
    assert shard_name("s", keys) != shard_name("t", keys)
    assert shard_name("s", keys) != shard_name("s", keys[:1])


def test_a_folder_that_is_not_shards_is_refused(tmp_path):
    with pytest.raises(ShardError, match=r"manifest\.json"):
        load(tmp_path, tmp_path / "db.db")
    (tmp_path / "manifest.json").write_text('{"format": "something-else"}')
    with pytest.raises(ShardError, match="format"):
        load(tmp_path, tmp_path / "db.db")


def test_shards_of_two_jobs_in_one_folder_are_refused_not_mixed(tmp_path):
    results = _results()
    write_manifest(tmp_path, {"minhash": dataclasses.asdict(PARAMS)})
    _shard(tmp_path, [Key(0, 0)], results[:1])
    _shard(tmp_path, [Key(0, 0)], results[1:2])  # another input at the same place
    with pytest.raises(ShardError, match="mixes the shards of two jobs"):
        load(tmp_path, tmp_path / "db.db")
