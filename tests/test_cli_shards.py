"""`eventwire load` and the Ray options of `eventwire ingest`, through the real CLI (the
Ray job itself is tested in tests/engines/test_ray.py)."""

from __future__ import annotations

import dataclasses

from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store.schema import connect
from eventwire.store.shards import Key, shard_name, write_manifest, write_shard
from tests.store.builders import PARAMS, result, sample_corpus


def _shards(folder):
    results = [result(f"pages/{i}.html", *docs) for i, docs in enumerate(sample_corpus())]
    keys = [Key(0, i) for i in range(len(results))]
    write_manifest(folder, {"minhash": dataclasses.asdict(PARAMS)})
    name = shard_name(
        "cli", [(k, r.source, r.content_hash) for k, r in zip(keys, results, strict=True)]
    )
    write_shard(folder, name, keys, results)


def test_load_stores_shards_and_prints_the_ingest_summary(tmp_path):
    _shards(tmp_path / "shards")
    db = tmp_path / "news.db"
    runner = CliRunner()
    run = runner.invoke(main, ["load", str(tmp_path / "shards"), "--db", str(db)])
    assert run.exit_code == 0, run.output
    assert "5 inputs read, 5 stored now" in run.output
    assert "4 new · 1 duplicates (1 exact, 0 near)" in run.output
    assert connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    again = runner.invoke(main, ["load", str(tmp_path / "shards"), "--db", str(db)])
    assert again.exit_code == 0 and "0 stored now, 5 already stored" in again.output


def test_load_of_a_folder_that_is_not_shards_says_so(tmp_path):
    run = CliRunner().invoke(main, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert run.exit_code == 2
    assert "holds no manifest.json" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "x.db").exists()


def test_the_ray_engine_needs_an_out_folder(tmp_path):
    run = CliRunner().invoke(main, ["ingest", "--engine", "ray", str(tmp_path)])
    assert run.exit_code == 2 and "give --out DIR" in run.output
