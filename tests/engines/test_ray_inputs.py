"""What a Ray job reads, decided before Ray starts: inputs to units, in a local ingest's
order, and units read through pyarrow's filesystems. No Ray needed."""

from __future__ import annotations

import pytest

from eventwire.engines.ray import RayEngineError, expand, read_unit
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import RawItem, Reject
from tests.engines.crawl import write_crawl


def test_units_are_read_in_the_order_and_with_the_names_of_a_local_ingest(tmp_path):
    write_crawl(tmp_path / "crawl", warcs=1, jsonls=1, per_shard=2)
    (tmp_path / "crawl" / ".hidden.txt").write_text("not read", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    inputs = [str(tmp_path / "crawl"), str(tmp_path / "missing.txt"), str(tmp_path / "empty")]
    units = expand(inputs)
    assert [u.rsplit("/", 1)[-1] for u in units] == [
        "crawl-00.warc.gz", "news-00.jsonl", "missing.txt", "empty"
    ]  # fmt: skip
    options = SourceOptions()
    by_units = [item for unit in units for item in read_unit(unit, options)]
    assert by_units == list(iter_raw(inputs, options=options))
    assert sum(isinstance(x, Reject) for x in by_units) == 3  # a bad line, missing, empty


def test_a_pyarrow_filesystem_uri_is_listed_and_read(tmp_path):
    write_crawl(tmp_path, warcs=1, jsonls=0, per_shard=2)
    units = expand([f"file://{tmp_path}"])
    assert units == [f"file://{tmp_path}/crawl-00.warc.gz"]
    items = list(read_unit(units[0], SourceOptions()))
    assert len(items) == 2 and all(isinstance(x, RawItem) for x in items)
    assert items[0].source.startswith(f"{units[0]}#")  # named by the URI, like a path
    gone = list(read_unit(f"file://{tmp_path}/gone.warc", SourceOptions()))
    assert len(gone) == 1 and gone[0].stage == "ingest"


def test_standard_input_and_url_outputs_are_refused_with_a_reason(tmp_path):
    with pytest.raises(RayEngineError, match="standard input"):
        expand(["-"])
    from eventwire.engines.ray import ingest

    with pytest.raises(RayEngineError, match="not to a URL"):
        ingest([str(tmp_path)], "s3://bucket/shards")


def test_shards_of_another_job_are_never_mixed_in(tmp_path):
    from eventwire.engines.ray import ingest
    from eventwire.store.shards import write_manifest

    write_crawl(tmp_path / "crawl", warcs=1, jsonls=0, per_shard=1)
    write_manifest(tmp_path / "out", {"units": "listing of another job", "settings": "x"})
    with pytest.raises(RayEngineError, match="shards of another job"):
        ingest([str(tmp_path / "crawl")], tmp_path / "out")
