"""The Ray engine: the same per-input work as the local engine, as a Ray Data job.

    inputs ─► units (files, URLs) ─► read tasks ─► analysis actors ─► result shards
              (expanded here)        iter_raw      process_batch        store/shards.py

The driver lists the input files (a folder recursively, like a local ingest) and numbers
them; reading tasks turn each into raw items with the ingest readers (`iter_raw`, or
`iter_stream` for files on a filesystem pyarrow reaches: s3://, gs://, hdfs://, ...);
an actor pool, each actor holding one spaCy pipeline, runs `process_batch` (the function the
local engine's workers run) over batches of items and writes each batch's shard files.
`eventwire load` then stores the shards into SQLite through the local engine's writer, in
reading order, which is where deduplication and event merging over the whole corpus happen.

Faults: Ray restarts a dead actor and retries its batch (settings.RAY_ACTOR_MAX_RESTARTS,
RAY_TASK_MAX_RETRIES); a shard's name is a hash of its inputs and the settings, and its
files appear whole, so a retried batch rewrites the same files and nothing is counted
twice (`load` also skips an input it has read already). Rerunning a job skips the batches
whose shards exist.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire import __version__, settings
from eventwire.analyze.minhash import MinHashParams
from eventwire.ingest.files import walk
from eventwire.ingest.sources import SourceOptions, iter_raw, iter_stream
from eventwire.ingest.urls import url_scheme
from eventwire.model import InputResult, Published, RawItem, Reject
from eventwire.pipeline import StageConfig, Task, process_batch, task_for
from eventwire.store import shards


class RayEngineError(RuntimeError):
    """The Ray job cannot run: Ray missing, a cluster not reached, inputs it cannot read."""


# -- inputs to units ----------------------------------------------------------------------------


def _fs_units(uri: str) -> list[str]:
    """The files under a pyarrow filesystem URI (s3://bucket/prefix), in name order."""
    from pyarrow import fs as pafs

    try:
        filesystem, path = pafs.FileSystem.from_uri(uri)
        info = filesystem.get_file_info(path)
        if info.type == pafs.FileType.Directory:
            found = filesystem.get_file_info(pafs.FileSelector(path, recursive=True))
            files = sorted(
                f.path
                for f in found
                if f.type == pafs.FileType.File
                and not any(part.startswith(".") for part in f.path[len(path) :].split("/"))
            )
        else:
            files = [path]
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise RayEngineError(f"cannot list {uri}: {exc}") from None
    scheme = uri.split("://", 1)[0]
    return [f"{scheme}://{f}" for f in files] or [uri]


def expand(inputs: Sequence[str]) -> list[str]:
    """The units a job reads, in the order a local ingest reads them: a folder becomes its
    files (recursively, in name order, hidden ones skipped); files, URLs and paths that do
    not exist stay as given (the readers reject what they cannot read, with the reason)."""
    units: list[str] = []
    for name in inputs:
        if name == "-":
            raise RayEngineError("a Ray job cannot read standard input: save it to a file")
        scheme = url_scheme(name)
        if scheme in ("http", "https"):
            units.append(name)
        elif scheme is not None:
            units.extend(_fs_units(name))
        elif Path(name).is_dir():
            # an empty folder stays a unit: reading it gives its "holds no files" reject
            units.extend([str(f) for f in walk(Path(name))] or [name])
        else:
            units.append(name)
    return units


# -- reading: units to raw items (Ray tasks) ----------------------------------------------

ITEM_SCHEMA = pa.schema(
    [
        ("unit", pa.int64()),
        ("item", pa.int64()),
        ("source", pa.string()),
        ("data", pa.binary()),
        ("url", pa.string()),
        ("content_type", pa.string()),
        ("published", pa.string()),
        ("meta", pa.string()),
        ("stage", pa.string()),  # set for a reject: the input could not be read
        ("reason", pa.string()),
    ]
)


def read_unit(name: str, options: SourceOptions) -> Iterator[RawItem | Reject]:
    """The items of one unit, as `iter_raw` gives them for a local ingest."""
    scheme = url_scheme(name)
    if scheme is None or scheme in ("http", "https"):
        yield from iter_raw([name], options=options)
        return
    from pyarrow import fs as pafs

    try:
        filesystem, path = pafs.FileSystem.from_uri(name)
        size = filesystem.get_file_info(path).size
        stream = filesystem.open_input_stream(path)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        yield Reject(name, "ingest", f"cannot read: {exc}")
        return
    with stream:
        yield from iter_stream(name, stream, size, options=options)


def _item_rows(unit: int, items: Sequence[tuple[int, RawItem | Reject]]) -> pa.Table:
    rows: dict[str, list[Any]] = {n: [] for n in ITEM_SCHEMA.names}
    for n, item in items:
        rows["unit"].append(unit)
        rows["item"].append(n)
        if isinstance(item, Reject):
            values = (item.input, b"", None, None, None, None, item.stage, item.reason)
        else:
            meta = json.dumps(item.meta) if item.meta else None
            values = (item.source, item.data, item.url, item.content_type, item.published, meta)
            values = (*values, None, None)
        for column, value in zip(ITEM_SCHEMA.names[2:], values, strict=True):
            rows[column].append(value)
    return pa.table(rows, schema=ITEM_SCHEMA)


def _read_units(units: pa.Table, options: SourceOptions) -> Iterator[pa.Table]:
    """Ray task: the items of each unit in the batch, streamed out in chunks."""
    for unit, name in zip(units["unit"].to_pylist(), units["name"].to_pylist(), strict=True):
        chunk: list[tuple[int, RawItem | Reject]] = []
        for n, item in enumerate(read_unit(name, options)):
            chunk.append((n, item))
            if len(chunk) >= settings.RAY_BATCH_INPUTS:
                yield _item_rows(unit, chunk)
                chunk = []
        if chunk:
            yield _item_rows(unit, chunk)


def _task_of(row: dict[str, Any]) -> Task:
    if row["stage"] is not None:
        return task_for(Reject(row["source"], row["stage"], row["reason"]))
    return task_for(
        RawItem(
            source=row["source"],
            data=row["data"],
            url=row["url"],
            content_type=row["content_type"],
            published=row["published"],
            meta=json.loads(row["meta"]) if row["meta"] else {},
        )
    )


# -- analysis: raw items to shards (Ray actors) ---------------------------------------------

SUMMARY_SCHEMA = pa.schema(
    [
        ("shard", pa.string()),
        ("inputs", pa.int64()),
        ("documents", pa.int64()),
        ("rejects", pa.string()),  # JSON [[stage, reason], ...]
        ("reused", pa.bool_()),  # the shard existed: written by an earlier run of the job
        ("worker", pa.int64()),  # the actor's process id
        ("finished", pa.float64()),  # when the actor finished the batch (Unix time)
        ("cpu", pa.float64()),  # CPU seconds the actor spent on the batch
    ]
)


class AnalyzeBatch:
    """Ray actor: loads the spaCy pipeline once, then analyses and writes batch after batch
    (a batch whose shard an earlier run wrote is counted, not analysed again)."""

    def __init__(
        self, out: str, config: StageConfig, threshold: float | None, fingerprint: str
    ) -> None:
        self.out = Path(out)
        self.config = config
        self.threshold = threshold
        self.fingerprint = fingerprint
        settings.apply(config.settings)  # the run's settings, as the driver has them

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = sorted(batch.to_pylist(), key=lambda r: (r["unit"], r["item"]))
        keys = [shards.Key(r["unit"], r["item"]) for r in rows]
        tasks = [_task_of(r) for r in rows]
        name = shards.shard_name(
            self.fingerprint,
            [(k, t.source, t.content_hash) for k, t in zip(keys, tasks, strict=True)],
        )
        if shards.shard_exists(self.out, name):
            results = [shards.result_from_row(r) for r in shards.read_results(self.out, name)]
            return self._summary(name, results, reused=True, cpu=0.0)
        from eventwire.analyze import nlp

        nlp.load()  # cached: once per actor, at its first batch to analyse
        cpu = time.process_time()
        results = process_batch(tasks, self.config)
        shards.write_shard(self.out, name, keys, results, threshold=self.threshold)
        return self._summary(name, results, reused=False, cpu=time.process_time() - cpu)

    @staticmethod
    def _summary(
        name: str, results: Sequence[InputResult], *, reused: bool, cpu: float
    ) -> pa.Table:
        rejects = [[x.stage, x.reason] for r in results for x in r.rejects]
        row = {
            "shard": [name],
            "inputs": [len(results)],
            "documents": [sum(len(r.documents) for r in results)],
            "rejects": [json.dumps(rejects)],
            "reused": [reused],
            "worker": [os.getpid()],
            "finished": [time.time()],
            "cpu": [cpu],
        }
        return pa.table(row, schema=SUMMARY_SCHEMA)


# -- the driver ---------------------------------------------------------------------------------


@dataclass(slots=True)
class RayReport:
    """What a Ray ingest did, updated as each batch's shard is written."""

    units: int = 0  # files and URLs the inputs expanded to
    inputs: int = 0  # items read (pages, WARC records, JSON lines), each stored in a shard
    documents: int = 0  # documents analysed, before deduplication (that is `load`'s)
    rejects: Counter[tuple[str, str]] = field(default_factory=Counter)
    shards: int = 0
    reused: int = 0  # shards an earlier run of the same job had written
    workers: set[int] = field(default_factory=set)
    cpu_s: float = 0.0  # CPU time the actors spent analysing and writing shards
    #: (when an actor finished a batch, the batch's documents), in the order reported
    timeline: list[tuple[float, int]] = field(default_factory=list)
    actors: int = 0
    out: str = ""
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: bool = False

    @property
    def rejected(self) -> int:
        return sum(self.rejects.values())

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.elapsed if self.elapsed > 0 else 0.0

    def add(self, row: dict[str, Any]) -> None:
        self.shards += 1
        self.reused += int(row["reused"])
        self.inputs += row["inputs"]
        self.documents += row["documents"]
        self.rejects.update((stage, reason) for stage, reason in json.loads(row["rejects"]))
        self.workers.add(row["worker"])
        self.timeline.append((row["finished"], row["documents"]))
        self.cpu_s += row["cpu"]


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise RayEngineError(
            "the Ray engine needs Ray: pip install 'eventwire[ray]' (ray[data])"
        ) from None
    return ray


def default_actors() -> int:
    return settings.RAY_DEFAULT_ACTORS or os.cpu_count() or 1


def _check_reachable(address: str) -> None:
    """Fail at once on a cluster address nothing answers at (Ray itself retries for
    minutes); "auto" and addresses without a port are left to Ray."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if address == "auto" or not host or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), settings.RAY_CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise RayEngineError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}"
            " (give the head node's address, e.g. 10.0.0.5:6379, or ray://host:10001)"
        ) from None


def start_ray(address: str | None, actors: int) -> bool:
    """Connect to the cluster at `address`, or start a local Ray instance with a CPU per
    actor (and room for the reading tasks); True when this call started Ray."""
    ray = _import_ray()
    # Ray reports usage to its makers unless told not to: an ingest sends nothing anywhere.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if ray.is_initialized():
        return False
    if address:
        _check_reachable(address)
    kwargs: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": True}
    try:
        if address:
            ray.init(address=address, **kwargs)
        else:
            # "local": a new instance of our own, even when another Ray runs on this
            # machine (Ray would otherwise join that one, with whatever it has free).
            ray.init(address="local", num_cpus=actors + 1, include_dashboard=False, **kwargs)
    except Exception as exc:  # Ray raises plain Exception too (a node that timed out starting)
        ray.shutdown()  # stop whatever part of a local instance did start
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise RayEngineError(f"cannot start or reach {where}: {exc}") from None
    return True


def fingerprint(config: StageConfig, threshold: float | None, options: SourceOptions) -> str:
    """Everything that changes a shard's content besides its inputs."""
    return json.dumps(
        {
            "eventwire": __version__,
            "published": dataclasses.asdict(config.published) if config.published else None,
            "minhash": dataclasses.asdict(config.minhash),
            "threshold": threshold,
            "options": dataclasses.asdict(options),
        },
        sort_keys=True,
    )


def _analyze(
    ds: Any,
    ray: Any,
    out: Path,
    config: StageConfig,
    threshold: float | None,
    stamp: str,
    actors: int,
    batch_inputs: int,
) -> Any:
    return ds.map_batches(
        AnalyzeBatch,
        batch_size=batch_inputs,
        batch_format="pyarrow",
        fn_constructor_kwargs={
            "out": str(out),
            "config": config,
            "threshold": threshold,
            "fingerprint": stamp,
        },
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
        max_restarts=settings.RAY_ACTOR_MAX_RESTARTS,
        max_task_retries=settings.RAY_TASK_MAX_RETRIES,
    )


def ingest(
    inputs: Sequence[str],
    out: str | Path,
    *,
    address: str | None = None,
    actors: int | None = None,
    batch_inputs: int = settings.RAY_BATCH_INPUTS,
    published: Published | None = None,
    threshold: float | None = None,
    source_options: SourceOptions | None = None,
    on_batch: Callable[[RayReport], None] | None = None,
) -> RayReport:
    """Read and analyse `inputs` on Ray and write result shards into the folder `out`.

    Without `address` a local Ray instance is started (and stopped at the end) with a CPU
    per actor. The shards are stored into a database by `eventwire.store.shards.load`.
    """
    actors = actors or default_actors()
    options = source_options or SourceOptions()
    if url_scheme(str(out)) is not None:
        raise RayEngineError(
            f"--out {out}: shards are written to a folder every Ray node can reach (a local"
            " or shared file system), not to a URL"
        )
    units = expand(inputs)
    out = Path(out).resolve()
    config = StageConfig(
        minhash=MinHashParams.for_threshold(settings.MINHASH_THRESHOLD), published=published
    )
    stamp = fingerprint(config, threshold, options)
    digest = hashlib.sha256(stamp.encode()).hexdigest()[: settings.SHARD_NAME_CHARS]
    listing = hashlib.sha256("\n".join(units).encode()).hexdigest()
    if (out / shards.MANIFEST).exists():
        try:
            earlier = shards.read_manifest(out)
        except shards.ShardError as exc:
            raise RayEngineError(str(exc)) from None
        if (earlier.get("units"), earlier.get("settings")) != (listing, digest):
            # Shards are keyed by their place in this job's inputs: another job's would
            # collide with them.
            raise RayEngineError(
                f"{out} holds the shards of another job (other input files or settings):"
                " give a new --out folder, or remove that one"
            )
    shards.write_manifest(
        out,
        {
            "inputs": list(inputs),
            "files": len(units),
            "units": listing,  # what the numbers in the shards' `unit` column refer to
            "settings": digest,
            "minhash": dataclasses.asdict(config.minhash),
            "threshold": threshold,
            "published": dataclasses.asdict(published) if published else None,
        },
    )
    report = RayReport(units=len(units), actors=actors, out=str(out))
    started_here = start_ray(address, actors)
    ray = _import_ray()
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the caller shows its own progress
        context.print_on_execution_start = False
        ds = ray.data.from_items(
            [{"unit": i, "name": name} for i, name in enumerate(units)],
            override_num_blocks=max(1, len(units)),
        )
        ds = ds.map_batches(
            _read_units,
            batch_size=1,
            batch_format="pyarrow",
            fn_kwargs={"options": options},
            num_cpus=settings.RAY_READ_CPUS,
            compute=ray.data.TaskPoolStrategy(size=settings.RAY_READ_TASKS),
        )
        with warnings.catch_warnings():
            # Ray 2.60 warns that restart limits given as remote arguments are deprecated,
            # but offers no other way to bound them for an actor pool.
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = _analyze(ds, ray, out, config, threshold, stamp, actors, batch_inputs)
        try:
            for summary in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
                for row in summary.to_pylist():
                    report.add(row)
                    if on_batch is not None:
                        on_batch(report)
        except KeyboardInterrupt:
            report.interrupted = True
    finally:
        report.finished = time.monotonic()
        shards.remove_partial(out)
        if started_here:
            ray.shutdown()
    return report


# -- the command line (`eventwire ingest --engine ray`) ----------------------------------------


def run_command(
    inputs: Sequence[str],
    out: str | None,
    *,
    ray_address: str | None,
    ray_actors: int | None,
    ray_batch: int | None,
    published: Published | None,
    threshold: float | None,
    source_options: SourceOptions,
) -> int:
    """`eventwire ingest --engine ray`: progress while it runs, a summary, an exit status."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    err = Console(stderr=True, highlight=False)
    if not out:
        err.print("[red]error:[/red] --engine ray writes result shards: give --out DIR")
        return 2
    # Ray's own logs (C++ core warnings, Ray Data's execution notes) would interleave with
    # the progress line; errors still surface as exceptions, reported below.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    logging.getLogger("ray").setLevel(logging.ERROR)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[docs]:,}[/bold] documents"),
        TextColumn("{task.fields[rate]:,.1f} docs/s"),
        TextColumn("[dim]{task.fields[rejects]:,} rejects"),
        TextColumn("[dim]{task.fields[inputs]:,} inputs from {task.fields[units]:,} files"),
        TextColumn("[dim]{task.fields[shards]:,} shards"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("ray", docs=0, rate=0.0, rejects=0, inputs=0, units=0, shards=0)

    def on_batch(report: RayReport) -> None:
        progress.update(
            task,
            docs=report.documents,
            rate=report.documents_per_second,
            rejects=report.rejected,
            inputs=report.inputs,
            units=report.units,
            shards=report.shards,
        )

    err.print("[dim]starting Ray...[/dim]")
    try:
        with progress:
            report = ingest(
                inputs,
                out,
                address=ray_address,
                actors=ray_actors,
                batch_inputs=ray_batch or settings.RAY_BATCH_INPUTS,
                published=published,
                threshold=threshold,
                source_options=source_options,
                on_batch=on_batch,
            )
    except RayEngineError as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return 2
    except Exception as exc:  # a Ray task failed for good: say which, without a traceback
        err.print(
            f"[red]error:[/red] the Ray job failed: {type(exc).__name__}: {exc}", soft_wrap=True
        )
        err.print(f"  shards written so far are kept in {out}; run the same command to resume")
        return 1
    print_summary(report, err)
    if report.interrupted:
        return 130
    return 1 if report.inputs and report.documents == 0 else 0


def print_summary(report: RayReport, err: Any) -> None:
    head = "interrupted" if report.interrupted else "done"
    err.print(
        f"[bold]{head}[/bold] in {report.elapsed:.1f} s on Ray ({report.actors} actors): "
        f"{report.units:,} files, {report.inputs:,} inputs, {report.shards:,} shards"
        f" ({report.reused:,} from an earlier run)"
    )
    err.print(
        f"  documents: [bold]{report.documents:,}[/bold] analysed"
        f" ({report.documents_per_second:,.1f} docs/s) · {report.rejected:,} rejects"
        "  (duplicates are found by `eventwire load`)"
    )
    if report.rejects:
        err.print("  rejects by reason:")
        for (stage, reason), n in report.rejects.most_common(10):
            err.print(f"    {n:>6,}  {stage:<8} {reason}", soft_wrap=True)
        if len(report.rejects) > 10:
            err.print(f"    ... {len(report.rejects) - 10} more reasons")
    err.print(f"  shards: {report.out} (eventwire load {report.out} --db FILE)")
