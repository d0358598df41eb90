"""The command-line interface: a thin layer over the library's functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click
from rich.console import Console

from eventwire import __version__, settings
from eventwire.extract.dispatch import ExtractError, extract
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import Document, Published, Reject
from eventwire.pipeline import annotate, parse_published

FORMATS = ("text", "json", "jsonl")


def _published_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Published:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def report_reject(reject: Reject, console: Console) -> None:
    """One line on standard error: which input, which stage, what is wrong."""
    console.print(
        f"[red]rejected[/red] {reject.input}: {reject.reason} [dim]({reject.stage})[/dim]",
        highlight=False,
        soft_wrap=True,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: news text → who did what to whom, when and where.

    Every entity, date, figure and event it finds points at the exact characters of the
    text it came from.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|- ...")
@click.option(
    "--published",
    callback=_published_option,
    metavar="YYYY-MM-DD",
    help="Publication date of the input(s): anchors relative dates such as 'next week'. "
    "Without it (and without a date in the input), years the text does not state stay unknown.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: for people (coloured on a terminal); json: one array of documents "
    "(schema in docs/output.md); jsonl: one document per line, streamed.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=settings.MAX_INPUT_BYTES,
    show_default=True,
    help="Largest input file read; larger ones are rejected.",
)
def analyze(inputs: tuple[str, ...], published: Published, fmt: str, max_bytes: int) -> None:
    """Analyze news pages and print their documents with entities and offsets.

    PATH is a file or a folder (read recursively), URL an http(s) address; - reads standard
    input. Each is read for what it holds, whatever its name: text or HTML pages, RSS/Atom
    feeds, WARC archives, JSON lines or CSV records, and gzip or zip archives of any of
    these. A page is split into its article and the headlines listed on it, with
    boilerplate dropped.
    Unreadable inputs are reported on standard error and the rest still go through; the exit
    status is non-zero only when no input could be analyzed.
    """
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    processed = 0
    rejected = 0
    collected: list[dict] = []
    for doc_or_reject in _analyze_inputs(inputs, published, max_bytes):
        if isinstance(doc_or_reject, Reject):
            rejected += 1
            report_reject(doc_or_reject, err)
            continue
        processed += 1
        docs = doc_or_reject
        if fmt == "jsonl":
            for doc in docs:
                sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        elif fmt == "json":
            collected.extend(doc.to_dict() for doc in docs)
        else:
            from eventwire.render import render_documents

            render_documents(docs, out)
    if fmt == "json":
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    if processed == 0:
        err.print(f"[red]error:[/red] none of the {rejected} input(s) could be analyzed")
        sys.exit(1)


def _analyze_inputs(
    inputs: tuple[str, ...], published: Published, max_bytes: int
) -> Iterator[list[Document] | Reject]:
    for item in iter_raw(inputs, options=SourceOptions(max_bytes=max_bytes)):
        if isinstance(item, Reject):
            yield item
            continue
        try:
            docs = extract(item, published)
        except ExtractError as exc:
            yield Reject(item.source, "extract", str(exc))
            continue
        rejects: list[Reject] = []
        annotated = list(annotate(docs, batch_size=max(len(docs), 1), rejects=rejects))
        yield from rejects
        if annotated:
            yield annotated


# -- the database: ingest, query, export (store/, engines/local.py) ---------------------------

DB_HELP = "SQLite database file (env EVENTWIRE_DB)."


def _db_option(create: bool = False):
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default="eventwire.db",
        show_default=True,
        envvar="EVENTWIRE_DB",
        help=DB_HELP + (" Created when missing." if create else ""),
    )


def _format_option(choices: tuple[str, ...] = ("text", "json", "csv")):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="text for people; json (an array) or csv (a header line) for programs.",
    )


def _limit_option():
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=50,
        show_default=True,
        help="Most rows shown; 0 for all.",
    )


def _open_db(db: str):
    from eventwire.store.schema import StoreError, connect

    try:
        return connect(db)
    except StoreError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL ...")
@_db_option(create=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Analysis processes (each loads spaCy, ~300 MB); this process writes the database.",
)
@click.option(
    "--published",
    callback=_published_option,
    metavar="YYYY-MM-DD",
    help="Publication date of every input, over dates the inputs state.",
)
@click.option("--text-field", metavar="NAME", help="JSONL/CSV inputs: the field with the text.")
@click.option("--date-field", metavar="NAME", help="JSONL/CSV inputs: the publication date field.")
@click.option(
    "--dedup-threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=settings.MINHASH_THRESHOLD,
    show_default=True,
    help="Estimated Jaccard similarity (of 3-word shingles) from which a document is a near "
    "duplicate of a stored one.",
)
@click.option(
    "--engine",
    type=click.Choice(("local", "ray")),
    default="local",
    show_default=True,
    help="local: process pool into --db; ray: a Ray job writing shards into --out.",
)
@click.option("--out", metavar="DIR", help="--engine ray: folder for the result shards.")
@click.option("--ray-address", metavar="ADDRESS", help="Ray cluster (else a local Ray starts).")
@click.option("--ray-actors", type=click.IntRange(min=1), help="Analysis actors [one per CPU].")
@click.option("--ray-batch", type=click.IntRange(min=1), help="Inputs per Ray batch and shard.")
def ingest(
    inputs: tuple[str, ...],
    db: str,
    workers: int,
    published: Published,
    text_field: str | None,
    date_field: str | None,
    dedup_threshold: float,
    **ray: str | int | None,
) -> None:
    """Analyze news inputs and store everything found in a SQLite database.

    PATH is a file or folder (text, HTML, feeds, WARC, JSONL/CSV), URL a page or feed. Every
    document found ends as a stored document, a duplicate of one (exact or near) or a reject
    with its reason. Inputs stored by an earlier run are skipped: run the same command again
    after an interruption and it finishes the job. With --engine ray the work runs on a Ray
    cluster and ends in Parquet shards, stored with `eventwire load DIR --db FILE`.
    """
    if ray.pop("engine") == "ray":
        from eventwire.engines.ray import run_command

        sys.exit(
            run_command(
                inputs,
                published=published if published.date else None,
                threshold=dedup_threshold,
                source_options=_source_options(text_field, date_field),
                **ray,
            )
        )
    import sqlite3

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from eventwire.engines.local import IngestReport
    from eventwire.engines.local import ingest as run_ingest

    err = Console(stderr=True, highlight=False)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[docs]:,}[/bold] documents"),
        TextColumn("{task.fields[rate]:,.1f} docs/s"),
        TextColumn("[dim]{task.fields[dups]:,} duplicates · {task.fields[rejects]:,} rejects"),
        TextColumn("[dim]{task.fields[inputs]:,} inputs"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("ingest", docs=0, rate=0.0, dups=0, rejects=0, inputs=0)

    def on_batch(report: IngestReport) -> None:
        s = report.stats
        progress.update(
            task,
            docs=s.documents,
            rate=report.documents_per_second,
            dups=s.duplicates,
            rejects=s.rejected,
            inputs=report.read,
        )

    from concurrent.futures.process import BrokenProcessPool

    from eventwire.store.schema import StoreError

    options = _source_options(text_field, date_field)
    try:
        with progress:
            report = run_ingest(
                inputs,
                db,
                workers=workers,
                published=published if published.date else None,
                threshold=dedup_threshold,
                source_options=options,
                on_batch=on_batch,
            )
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)
    except (BrokenProcessPool, sqlite3.OperationalError) as exc:
        # A worker killed (out of memory?) or the disk full: what is committed stays.
        err.print(f"[red]error:[/red] ingest stopped: {exc!r}")
        err.print(f"  batches written so far are kept in {db}; run the same command to resume")
        sys.exit(1)
    _print_ingest_summary(report, db, err)
    if report.interrupted:
        sys.exit(130)
    s = report.stats
    if s.inputs and s.documents + s.duplicates == 0:
        sys.exit(1)


def _source_options(text_field: str | None, date_field: str | None) -> object:
    from eventwire.ingest.sources import SourceOptions

    given = {"text_field": text_field, "date_field": date_field}
    return SourceOptions(**{k: v for k, v in given.items() if v is not None})


def _print_ingest_summary(report: object, db: str, err: Console) -> None:
    from eventwire.engines.local import IngestReport

    assert isinstance(report, IngestReport)
    s = report.stats
    head = "interrupted" if report.interrupted else "done"
    err.print(
        f"[bold]{head}[/bold] in {report.elapsed:.1f} s: {report.read:,} inputs read, "
        f"{s.inputs:,} stored now, {s.skipped:,} already stored (skipped)"
    )
    err.print(
        f"  documents: [bold]{s.documents:,}[/bold] new · {s.duplicates:,} duplicates"
        f" ({s.exact_duplicates:,} exact, {s.near_duplicates:,} near) · {s.rejected:,} rejects"
        f"  = {s.items:,} items"
    )
    err.print(f"  events: {s.event_mentions:,} reports, {s.events_new:,} new events")
    if s.rejects:
        err.print("  rejects by reason:")
        for (stage, reason), n in s.rejects.most_common(10):
            err.print(f"    {n:>6,}  {stage:<8} {reason}", soft_wrap=True)
        if len(s.rejects) > 10:
            err.print(f"    ... {len(s.rejects) - 10} more reasons (table `rejects` in {db})")
    if report.interrupted:
        err.print(f"  run the same command again to finish: stored inputs are skipped ({db})")
    else:
        err.print(f"  database: {db} (eventwire stats --db {db})")


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@_db_option(create=True)
@click.option(
    "--dedup-threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=settings.MINHASH_THRESHOLD,
    show_default=True,
    help="As for ingest: the similarity from which a document is a near duplicate.",
)
def load(folder: str, db: str, dedup_threshold: float) -> None:
    """Store the result shards of `ingest --engine ray --out DIR` in a SQLite database, with
    the deduplication and event merging of a local ingest (inputs stored already are
    skipped, so loading again, or after an interruption, stores each input once)."""
    from eventwire.engines.local import IngestReport
    from eventwire.store.schema import StoreError
    from eventwire.store.shards import ShardError
    from eventwire.store.shards import load as run_load

    err = Console(stderr=True, highlight=False)
    report = IngestReport()
    try:
        with err.status("loading shards...") as status:

            def on_batch(loaded) -> None:
                report.stats, report.read = loaded.stats, loaded.read
                status.update(f"loading shards: {loaded.read:,} inputs")

            loaded = run_load(folder, db, threshold=dedup_threshold, on_batch=on_batch)
    except (ShardError, StoreError) as exc:
        err.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        report.interrupted = True
    else:
        report.stats, report.read = loaded.stats, loaded.read
    _print_ingest_summary(report, db, err)
    sys.exit(130 if report.interrupted else 0)


@main.command()
@_db_option()
@click.option("--actor", help="Either actor's name (substring) or actor key.")
@click.option("--country", metavar="ISO3", help="Either actor's country (ISO alpha-3).")
@click.option("--type", "type_", metavar="TYPE", help="PLOVER type (CONSULT) or CAMEO prefix (04).")
@click.option("--mode", help="PLOVER mode (visit, ...).")
@click.option("--modality", help="A report's modality: asserted, negated, planned, ...")
@click.option("--since", metavar="DATE", help="Events on or after this date (2025, 2025-05, ...).")
@click.option("--until", metavar="DATE", help="Events on or before this date.")
@click.option("--doc", metavar="ID", help="Events reported in this document (id prefix).")
@_limit_option()
@_format_option()
def events(db: str, fmt: str, limit: int, type_: str | None, **filters: str | None) -> None:
    """Events (merged across documents), newest first, with their first report."""
    from eventwire.store import present, queries

    rows = queries.events(_open_db(db), type=type_, limit=limit, **filters)
    present.emit(rows, fmt, present.events_text)


@main.command()
@_db_option()
@click.option("--name", help="Canonical name contains this (any case).")
@click.option("--type", "type_", metavar="TYPE", help="PERSON, ORG, GPE, NORP, LOC, ...")
@click.option("--country", metavar="ISO3", help="Entity's country (ISO alpha-3).")
@click.option("--doc", metavar="ID", help="Entities of this document (id prefix).")
@_limit_option()
@_format_option()
def entities(db: str, fmt: str, limit: int, type_: str | None, **filters: str | None) -> None:
    """Entities across documents, most widely reported first."""
    from eventwire.store import present, queries

    rows = queries.entities(_open_db(db), type=type_, limit=limit, **filters)
    present.emit(rows, fmt, present.entities_text)


@main.command()
@click.argument("query")
@_db_option()
@_limit_option()
@_format_option()
def search(query: str, db: str, fmt: str, limit: int) -> None:
    """Full-text search over titles and texts (SQLite FTS5: words, "phrases", AND/OR/NOT,
    prefix*), best matches first, with snippets."""
    from eventwire.store import present, queries

    rows = queries.search(_open_db(db), query, limit=limit, mark=present.MARK)
    if fmt != "text":
        rows = present.plain_snippets(rows)
    present.emit(rows, fmt, present.search_text)


@main.command()
@click.argument("doc_id", metavar="DOC")
@_db_option()
@_format_option(("text", "json"))
def show(doc_id: str, db: str, fmt: str) -> None:
    """A stored document with its annotations highlighted (DOC: an id or its first characters)."""
    from eventwire.render import render_documents
    from eventwire.store import queries

    conn = _open_db(db)
    try:
        full_id = queries.resolve_document_id(conn, doc_id)
    except queries.NotFound as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)
    doc = queries.load_document(conn, full_id)
    if fmt == "json":
        sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False)
    if not full_id.startswith(doc_id.strip().lower()):
        out.print(f"[dim]{doc_id} is a duplicate of {full_id[:12]}: showing that[/dim]")
    render_documents([doc], out)
    dups = conn.execute(
        "SELECT kind, similarity, source FROM duplicates_view WHERE document_id = ? ORDER BY id",
        (full_id,),
    ).fetchall()
    for kind, similarity, source in dups:
        out.print(f"[dim]duplicate ({kind}, {similarity:.2f}): {source}[/dim]", soft_wrap=True)


@main.command()
@_db_option()
@click.option("--imposer", help="Imposer's name, words or country (ISO alpha-3).")
@click.option("--target", help="A target's name, words or country (ISO alpha-3).")
@click.option("--kind", help="tariff, quota, ban, exemption, sanction, deal, truce.")
@click.option(
    "--status",
    help="announced, in_force, threatened, conditional, suspended, removed, requested.",
)
@click.option("--doc", metavar="ID", help="Measures of this document (id prefix).")
@_limit_option()
@_format_option()
def measures(db: str, fmt: str, limit: int, **filters: str | None) -> None:
    """Trade measures: who imposes what on whom, at what rate, from when."""
    from eventwire.store import present, queries

    rows = queries.measures(_open_db(db), limit=limit, **filters)
    present.emit(rows, fmt, present.measures_text)


@main.command()
@_db_option()
@_format_option(("text", "json"))
def stats(db: str, fmt: str) -> None:
    """What the database holds: rows per table, documents, duplicates, rejects, events."""
    from eventwire.store import present, queries

    result = queries.stats(_open_db(db))
    if fmt == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        present.stats_text(result, Console(highlight=False))


@main.command()
@click.argument("out", type=click.Path())
@_db_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("jsonl", "csv", "parquet", "gdelt")),
    required=True,
    help="jsonl: one document a line (as `analyze --format jsonl`); csv, parquet: OUT is a "
    "folder with one file per table; gdelt: GDELT 2.0 Event records (61 tab-separated "
    "columns, no header).",
)
def export(out: str, db: str, fmt: str) -> None:
    """Write the database out as JSON Lines, CSV or Parquet tables, or GDELT events."""
    from pathlib import Path

    from eventwire.store.export import export as run_export

    counts = run_export(_open_db(db), fmt, Path(out))
    err = Console(stderr=True, highlight=False)
    for name, n in counts.items():
        err.print(f"{n:>9,}  {name}")
