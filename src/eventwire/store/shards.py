"""Result shards: what a distributed ingest writes, and `load`, which stores it in SQLite.

A shard folder (`eventwire ingest --engine ray --out DIR`) holds, per batch of inputs:

- `results/<name>.parquet`: one row per input with everything the writer needs to store it
  (source, content hash, the analysed documents as JSON, their MinHash signatures, the
  rejects), keyed by the input's place in reading order (`unit`, `item`);
- `<table>/<name>.parquet` for every table of the SQLite store (store/schema.TABLES), with
  the same columns plus `shard`: what the local writer stores for that batch alone, written
  by that same writer into an in-memory database. Keys (`document_seq`, `inputs.id`,
  `events.id`) count within a shard, so joins use (`shard`, key). Deduplication and event
  merging in these tables reach across the batch only;
- `manifest.json`: the inputs, the analysis settings and the MinHash parameters.

`load` merges `results/` into a database through the same `Writer` a local ingest uses, in
reading order: exact and near-duplicate detection and event merging need the whole corpus
and run there, exactly as in a local ingest, so both engines end with the same database.

A shard's name is a hash of the inputs it holds and of the settings they were analysed
with, and each file appears whole under its final name (written aside, then renamed): a
batch retried after a worker died rewrites the same files, and a rerun of the same job
skips batches already written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import heapq
import json
import os
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire import __version__, settings
from eventwire.analyze.minhash import MinHashParams, signature
from eventwire.model import Document, InputResult, Reject
from eventwire.store.schema import TABLES, connect
from eventwire.store.writer import Writer, WriteStats

FORMAT = "eventwire-shards/1"
MANIFEST = "manifest.json"
RESULTS = "results"

_REJECT = pa.struct([("input", pa.string()), ("stage", pa.string()), ("reason", pa.string())])
RESULTS_SCHEMA = pa.schema(
    [
        ("unit", pa.int64()),  # the input file / URL, in the order the inputs list them
        ("item", pa.int64()),  # the record within it (a WARC record, a JSON line)
        ("source", pa.string()),
        ("content_hash", pa.string()),
        ("url", pa.string()),
        ("content_type", pa.string()),
        ("bytes", pa.int64()),
        ("documents", pa.string()),  # JSON array of Document.to_dict()
        ("signatures", pa.list_(pa.binary())),
        ("rejects", pa.list_(_REJECT)),
    ]
)
_SQL_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string(), "BLOB": pa.binary()}


class ShardError(RuntimeError):
    """A shard folder that cannot be loaded: missing, not eventwire's, or from a newer one."""


# -- JSON back to the data model ------------------------------------------------------------


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    """`value` (plain JSON data) as type `tp`: the inverse of `Document.to_dict()`, driven by
    the model's own annotations so that a field added to the model needs nothing here."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [_decode(arg, v) for v in value]
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], value) if len(args) == 1 else value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(
            **{
                f.name: _decode(hints[f.name], value[f.name])
                for f in dataclasses.fields(tp)
                if f.name in value
            }
        )
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def document_from_dict(data: dict[str, Any]) -> Document:
    """The Document whose `to_dict()` gave `data`, annotations and all."""
    return _decode(Document, data)


# -- writing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """An input's place in reading order: its unit (file, URL) and its item within it."""

    unit: int
    item: int


def shard_name(fingerprint: str, keys: Sequence[tuple[Key, str, str]]) -> str:
    """The name of the shard holding inputs (key, source, content hash) analysed with the
    settings `fingerprint` names: the same batch always gets the same name."""
    digest = hashlib.sha256(fingerprint.encode())
    for key, source, content_hash in keys:
        digest.update(f"\n{key.unit}\t{key.item}\t{source}\t{content_hash}".encode())
    return digest.hexdigest()[: settings.SHARD_NAME_CHARS]


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A killed worker leaves at worst a temporary file, never a half-written shard.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression=settings.SHARD_COMPRESSION)
    os.replace(tmp, path)


def results_table(keys: Sequence[Key], results: Sequence[InputResult]) -> pa.Table:
    rows = {name: [] for name in RESULTS_SCHEMA.names}
    for key, r in zip(keys, results, strict=True):
        rows["unit"].append(key.unit)
        rows["item"].append(key.item)
        rows["source"].append(r.source)
        rows["content_hash"].append(r.content_hash)
        rows["url"].append(r.url)
        rows["content_type"].append(r.content_type)
        rows["bytes"].append(r.size)
        rows["documents"].append(json.dumps([d.to_dict() for d in r.documents], ensure_ascii=False))
        rows["signatures"].append(list(r.signatures))
        rows["rejects"].append([dataclasses.asdict(x) for x in r.rejects])
    return pa.table(rows, schema=RESULTS_SCHEMA)


def _sqlite_table(conn: sqlite3.Connection, table: str, shard: str) -> pa.Table:
    info = list(conn.execute(f"PRAGMA table_info({table})"))
    schema = pa.schema(
        [(r[1], _SQL_TYPES.get(r[2].upper(), pa.string())) for r in info] + [("shard", pa.string())]
    )
    key = ", ".join(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
    rows = conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()
    columns = [[row[i] for row in rows] for i in range(len(info))]
    return pa.table([*columns, [shard] * len(rows)], schema=schema)


def write_shard(
    folder: Path,
    name: str,
    keys: Sequence[Key],
    results: Sequence[InputResult],
    *,
    threshold: float | None = None,
) -> WriteStats:
    """Write one batch's shard files; what storing the batch alone did (its table files)."""
    conn = connect(":memory:", create=True)
    try:
        stats = Writer(conn, threshold=threshold).write_batch(results)
        for table in TABLES:
            _write_atomic(_sqlite_table(conn, table, name), folder / table / f"{name}.parquet")
    finally:
        conn.close()
    # Written last: a shard counts as done (for reruns and `load`) once its results are there.
    _write_atomic(results_table(keys, results), folder / RESULTS / f"{name}.parquet")
    return stats


def shard_exists(folder: Path, name: str) -> bool:
    return (folder / RESULTS / f"{name}.parquet").is_file()


def read_results(folder: Path, name: str) -> list[dict[str, Any]]:
    """The results rows of one shard, in reading order."""
    return list(_rows(folder / RESULTS / f"{name}.parquet"))


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "eventwire": __version__, **manifest}
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise ShardError(
            f"{folder} holds no {MANIFEST}: not the output of `eventwire ingest --engine ray`"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ShardError(f"cannot read {path}: {exc}") from None
    if data.get("format") != FORMAT:
        raise ShardError(f"{path} is in format {data.get('format')!r}, not {FORMAT}")
    return data


def remove_partial(folder: Path) -> int:
    """Delete the temporary files of writes that a killed worker left behind."""
    n = 0
    for tmp in folder.glob("*/.*.tmp"):
        tmp.unlink(missing_ok=True)
        n += 1
    return n


# -- reading and loading --------------------------------------------------------------------


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    """A shard's results rows in reading order (a shard is one batch: small)."""
    rows = pq.read_table(path).to_pylist()
    return iter(sorted(rows, key=lambda r: (r["unit"], r["item"])))


def _in_order(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every results row of every shard, in reading order (unit, item).

    Each shard is sorted; shards are opened only when the merge reaches their first key, so
    a crawl's thousands of shards (which mostly hold ranges that do not overlap) are never
    all open at once.
    """
    firsts = []
    for path in paths:
        table = pq.read_table(path, columns=["unit", "item"])
        if table.num_rows:
            keys = sorted(zip(table["unit"].to_pylist(), table["item"].to_pylist(), strict=True))
            firsts.append((keys[0], str(path)))
    firsts.sort()
    heap: list[tuple[tuple[int, int], int, dict[str, Any], Iterator[dict[str, Any]]]] = []
    serial = 0  # ties between shards (a batch written twice) keep a stable order

    def push(rows: Iterator[dict[str, Any]]) -> None:
        nonlocal serial
        for row in rows:
            heapq.heappush(heap, ((row["unit"], row["item"]), serial, row, rows))
            serial += 1
            return

    pending = iter(firsts)
    upcoming = next(pending, None)
    while heap or upcoming is not None:
        while upcoming is not None and (not heap or upcoming[0] <= heap[0][0]):
            push(_rows(Path(upcoming[1])))
            upcoming = next(pending, None)
        _, _, row, rows = heapq.heappop(heap)
        yield row
        push(rows)


def result_from_row(row: dict[str, Any], params: MinHashParams | None = None) -> InputResult:
    """The InputResult a results row holds; signatures are recomputed with `params` when the
    database's MinHash layout differs from the one the shards were made with."""
    documents = [document_from_dict(d) for d in json.loads(row["documents"])]
    signatures = list(row["signatures"])
    if params is not None:
        signatures = [signature(d.text, params) for d in documents]
    return InputResult(
        source=row["source"],
        content_hash=row["content_hash"],
        url=row["url"],
        content_type=row["content_type"],
        size=row["bytes"],
        documents=documents,
        signatures=signatures,
        rejects=[Reject(**x) for x in row["rejects"]],
    )


@dataclass(slots=True)
class LoadReport:
    """What loading a shard folder did: the writer's counts and the rows read."""

    stats: WriteStats = field(default_factory=WriteStats)
    read: int = 0  # results rows read, one per input
    repeated: int = 0  # rows for an input already read from another shard (a retried batch)
    shards: int = 0


def load(
    folder: str | Path,
    db: str | Path,
    *,
    threshold: float | None = None,
    batch_inputs: int = settings.INGEST_BATCH_INPUTS,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Store the shards in `folder` into the database at `db` (created when missing), in
    reading order, through the same writer as a local ingest. Inputs the database holds
    already are skipped, so loading twice (or after an interrupted load) stores each once."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    paths = sorted((folder / RESULTS).glob("*.parquet"))
    report = LoadReport(shards=len(paths))
    conn = connect(db, create=True)
    try:
        writer = Writer(conn, threshold=threshold)
        made_with = MinHashParams(**manifest["minhash"])
        resign = None if made_with == writer.params else writer.params
        last: tuple[int, int, str, str] | None = None
        batch: list[InputResult] = []

        def flush() -> None:
            report.stats.add(writer.write_batch(batch))
            batch.clear()
            if on_batch is not None:
                on_batch(report)

        for row in _in_order(paths):
            key = (row["unit"], row["item"], row["source"], row["content_hash"])
            if last is not None and key[:2] == last[:2]:
                if key != last:
                    raise ShardError(
                        f"{folder} mixes the shards of two jobs: {row['source']} and"
                        f" {last[2]} were both read as input {key[0]}.{key[1]}"
                    )
                report.repeated += 1  # a batch written twice (a retry with other bounds)
                continue
            last = key
            report.read += 1
            batch.append(result_from_row(row, resign))
            if len(batch) >= batch_inputs:
                flush()
        if batch:
            flush()
    finally:
        conn.close()
    return report
