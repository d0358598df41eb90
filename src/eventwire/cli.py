"""The command-line interface: a thin layer over the library's functions."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.markup import escape

from eventwire import __version__, codes, settings
from eventwire.cli_options import (
    Choice,
    Country,
    DateBound,
    DocumentId,
    EventType,
    Group,
    NonBlank,
    err_console,
    fail,
    out_console,
)
from eventwire.model import Document, Published, Reject, parse_published

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


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventwire")
def main() -> None:
    """eventwire: news text → who did what to whom, when and where.

    Every entity, date, figure and event it finds points at the exact characters of the
    text it came from. Start with `eventwire ingest FOLDER`, then `events`, `measures`,
    `search`, `show ID` and `stats`; `eventwire codes` says what the codes mean.
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
    out = out_console()
    err = err_console()
    number = 1  # documents are numbered across all inputs
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

            number = render_documents(docs, out, start=number)
    if fmt == "json":
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    if processed == 0:
        err.print(f"[red]error:[/red] none of the {rejected} input(s) could be analyzed")
        sys.exit(1)


def _analyze_inputs(
    inputs: tuple[str, ...], published: Published, max_bytes: int
) -> Iterator[list[Document] | Reject]:
    """Each input's documents (or its rejects) in input order: the pipeline's per-input work,
    as `ingest` runs it, without the store."""
    from eventwire.ingest.sources import SourceOptions, iter_raw
    from eventwire.pipeline import StageConfig, process_input, task_for

    config = StageConfig(published=published)
    for item in iter_raw(inputs, options=SourceOptions(max_bytes=max_bytes)):
        result = process_input(task_for(item), config)
        yield from result.rejects
        if result.documents:
            yield result.documents


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


_FORMAT_HELP = {
    "text": "text for people",
    "json": "json (an array) for programs",
    "csv": "csv (a header line, then a row each) for spreadsheets",
}


def _format_option(choices: tuple[str, ...] = ("text", "json", "csv")):
    return click.option(
        "--format",
        "fmt",
        type=Choice(choices, "an output format"),
        default="text",
        show_default=True,
        help="; ".join(_FORMAT_HELP[c] for c in choices) + ".",
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
        fail(escape(str(exc)))


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
    "--max-bytes",
    type=click.IntRange(min=1),
    default=settings.MAX_INPUT_BYTES,
    show_default=True,
    help="Largest input read whole (a page, a feed); larger ones are rejected.",
)
@click.option(
    "--download-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=settings.HTTP_MAX_SECONDS,
    show_default=True,
    help="Most seconds one URL's download may take (a server trickling bytes is cut off).",
)
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
    max_bytes: int,
    download_seconds: float,
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

    status = _StatusLine(err)

    def on_batch(report: IngestReport) -> None:
        s = report.stats
        status.update(report)
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

    options = _source_options(text_field, date_field, max_bytes, download_seconds)
    try:
        with progress if err.is_terminal else contextlib.nullcontext():
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


class _StatusLine:
    """Where standard error is not a terminal (a log, a pipe) and a progress bar would not
    show: one line of counts every settings.STATUS_INTERVAL_S seconds."""

    def __init__(self, err: Console) -> None:
        import time

        self._clock = time.monotonic
        self._err = err
        self._next = self._clock() + settings.STATUS_INTERVAL_S

    def update(self, report: object) -> None:
        if self._err.is_terminal or self._clock() < self._next:
            return
        self._next = self._clock() + settings.STATUS_INTERVAL_S
        s = report.stats  # type: ignore[attr-defined]
        self._err.print(
            f"ingest: {report.elapsed:.0f} s, {report.read:,} inputs read, "  # type: ignore[attr-defined]
            f"{s.documents:,} documents, {s.duplicates:,} duplicates, {s.rejected:,} rejects, "
            f"{report.documents_per_second:.1f} docs/s",  # type: ignore[attr-defined]
            soft_wrap=True,
        )


def _source_options(
    text_field: str | None,
    date_field: str | None,
    max_bytes: int | None = None,
    download_seconds: float | None = None,
) -> object:
    from eventwire.ingest.sources import SourceOptions

    given = {
        "text_field": text_field,
        "date_field": date_field,
        "max_bytes": max_bytes,
        "max_seconds": download_seconds,
    }
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
        from rich.markup import escape

        named = s.rejected_inputs
        first = f" (the first {len(named)})" if s.rejected > len(named) else ""
        err.print(f"  rejected inputs{first}:")
        for source, stage, reason in named:
            # names come from the inputs (a file called "[red]x"): never read as markup
            err.print(f"    {escape(source)}: {escape(reason)} ({stage})", soft_wrap=True)
        if s.rejected > len(named):
            err.print(
                f"    ... {s.rejected - len(named):,} more; list them all with: "
                f"sqlite3 {escape(db)} 'SELECT input, stage, reason FROM rejects'",
                soft_wrap=True,
            )
    if report.interrupted:
        err.print(f"  run the same command again to finish: stored inputs are skipped ({db})")
    else:
        err.print(f"  database: {db} (eventwire stats --db {db})")


_COUNTRY_HELP = "ISO alpha-3 code (JPN) or name (Japan)"


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
@click.option("--actor", type=NonBlank(), help="Either actor's name (words in it) or actor key.")
@click.option(
    "--country", type=Country(), metavar="COUNTRY", help=f"Either actor's country: {_COUNTRY_HELP}."
)
@click.option(
    "--type",
    "type_",
    type=EventType(),
    metavar="TYPE",
    help="PLOVER type (CONSULT) or CAMEO code prefix (04); `eventwire codes` lists them.",
)
@click.option("--mode", type=Choice(codes.plover_modes(), "a PLOVER mode"), metavar="MODE",
              help="PLOVER mode (visit, sign, release, ...).")  # fmt: skip
@click.option(
    "--modality",
    type=Choice(codes.modalities(), "a modality"),
    help="A report's modality.",
)
@click.option("--since", type=DateBound(), metavar="DATE",
              help="Events on or after this date: 2025, 2025-05 or 2025-05-14.")  # fmt: skip
@click.option("--until", type=DateBound(), metavar="DATE",
              help="Events on or before this date: 2025, 2025-05 or 2025-05-14.")  # fmt: skip
@click.option("--doc", type=DocumentId(), metavar="ID",
              help="Events reported in this document (its id or first characters).")  # fmt: skip
@click.option(
    "--dated",
    is_flag=True,
    help="Only events placed on the calendar (without it, events whose date has unknown parts,"
    " then those with none, come last).",
)
@_limit_option()
@_format_option()
def events(db: str, fmt: str, limit: int, type_: str | None, **filters: str | None) -> None:
    """Events (merged across documents), newest first, with their first report.

    Each line starts with the event's number: `eventwire show NUMBER` shows it with every
    report of it.
    """
    from eventwire.store import present, queries

    rows = queries.events(_open_db(db), type=type_, limit=limit, **filters)
    present.emit(rows, fmt, present.events_text)


@main.command()
@_db_option()
@click.option("--name", type=NonBlank(), help="Canonical name contains this (any case).")
@click.option(
    "--type", "type_", type=Choice(codes.entity_types(), "an entity type"), help="Entity type."
)
@click.option("--country", type=Country(), metavar="COUNTRY",
              help=f"Entity's country: {_COUNTRY_HELP}.")  # fmt: skip
@click.option("--doc", type=DocumentId(), metavar="ID",
              help="Entities of this document (its id or first characters).")  # fmt: skip
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
    """Full-text search over titles and texts, best matches first, with snippets.

    QUERY is words (all must be there), "a phrase", AND / OR / NOT, or prefix* (SQLite FTS5
    syntax); text that is not valid FTS5 syntax is searched as plain words.
    """
    import sqlite3

    from eventwire.store import present, queries

    if not query.strip():
        fail("search: QUERY is empty: give one or more words, e.g. eventwire search tariff")
    conn = _open_db(db)
    problem = _fts_syntax_error(conn, query)
    if problem:
        err_console().print(
            f"note: {escape(query)!r} is not FTS5 query syntax ({escape(problem)}):"
            " searched as plain words",
            soft_wrap=True,
        )
    try:
        rows = queries.search(conn, query, limit=limit, mark=present.MARK)
    except sqlite3.OperationalError as exc:
        fail(f"search: cannot search for {escape(query)!r}: {escape(str(exc))}")
    if fmt != "text":
        rows = present.plain_snippets(rows)
    present.emit(rows, fmt, present.search_text)


def _fts_syntax_error(conn: object, query: str) -> str | None:
    """What SQLite's full-text index finds wrong with `query` as FTS5 syntax, or None."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    try:
        conn.execute(
            "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT 1", (query,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        return str(exc)
    return None


@main.command()
@click.argument("ident", metavar="ID")
@_db_option()
@_format_option(("text", "json"))
def show(ident: str, db: str, fmt: str) -> None:
    """One event, measure or document, with its sentence highlighted and every report merged
    into it.

    ID is what the listings print: an event's number (`events` prints #12: give 12), a
    measure's id (`measures` ends each line with it: b1738516c4e3/0) or a document's id
    (b1738516c4e3, or at least its first 4 characters). Digits alone are an event number;
    when no event has it, they are read as the start of a document id.
    """
    from eventwire.render import render_documents
    from eventwire.store import lookup, present, queries

    conn = _open_db(db)
    try:
        found = lookup.resolve(conn, ident)
    except lookup.BadId as exc:
        fail(f"Invalid value for 'ID': {escape(str(exc))}")
    except queries.NotFound as exc:
        fail(escape(str(exc)), 1)
    out = out_console()
    if found.kind == "event":
        event = lookup.event(conn, found.key)
        if fmt == "json":
            _write_json(event)
        else:
            present.event_text(event, out)
        return
    if found.kind == "measure":
        measure = lookup.measure(conn, *found.key)
        if fmt == "json":
            _write_json(measure)
        else:
            present.measure_text(measure, out)
        return
    full_id = found.key
    doc = queries.load_document(conn, full_id)
    if fmt == "json":
        _write_json(doc.to_dict())
        return
    if not full_id.startswith(ident.strip().lower()):
        out.print(f"[dim]{escape(ident)} is a duplicate of {full_id[:12]}: showing that[/dim]")
    render_documents([doc], out)
    present.duplicates_text(lookup.duplicates(conn, full_id), out)


def _write_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@main.command()
@_db_option()
@click.option("--imposer", type=NonBlank(),
              help="Imposer's name, words or country (ISO alpha-3).")  # fmt: skip
@click.option("--target", type=NonBlank(),
              help="A target's name, words or country (ISO alpha-3).")  # fmt: skip
@click.option("--kind", type=Choice(codes.measure_kinds(), "a measure kind"), help="Measure kind.")
@click.option(
    "--status", type=Choice(codes.measure_statuses(), "a measure status"), help="Measure status."
)
@click.option("--doc", type=DocumentId(), metavar="ID",
              help="Measures of this document (its id or first characters).")  # fmt: skip
@click.option("--in-force-on", metavar="DATE", help="Consolidated measures in force on DATE.")
@click.option("--product", help="With --in-force-on: a product word or an HS code (72, 8703).")
@click.option("--history", metavar="ID", type=int, help="A consolidated measure's timeline.")
@_limit_option()
@_format_option()
def measures(db: str, fmt: str, limit: int, **filters: str | None) -> None:
    """Trade measures: who imposes what on whom, at what rate, from when.

    Each line ends with the measure's id: `eventwire show ID` shows it in its sentence.
    """
    from eventwire.store import present, queries

    if filters["in_force_on"] or filters["history"] is not None:
        from eventwire.store.present_measures import render_measures

        sys.exit(render_measures(_open_db(db), fmt, **filters))  # type: ignore[arg-type]
    filters = {k: v for k, v in filters.items() if k not in ("in_force_on", "product", "history")}

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
        present.stats_text(result, out_console())


@main.command()
@click.argument("out", metavar="OUT|-")
@_db_option()
@click.option(
    "--format",
    "fmt",
    type=Choice(("jsonl", "csv", "parquet", "gdelt"), "an export format"),
    help="jsonl: one document a line (as `analyze --format jsonl`); csv, parquet: OUT is a "
    "folder with one file per table; gdelt: GDELT 2.0 Event records (61 tab-separated "
    "columns, no header). Default: from OUT's ending (.jsonl, .csv, .parquet, .tsv or "
    ".gdelt); for - (standard output), jsonl.",
)
@click.option(
    "--measures",
    is_flag=True,
    help="Export the consolidated trade measures (the tracker) instead of the database: "
    "jsonl gives one measure a line with its fields, its timeline (states: date, status, "
    "change, rate, the sentence of its first report) and every report (mentions), and sources "
    "(document ids); csv and parquet give a folder with tracked_measures, "
    "tracked_measure_states and tracked_measure_mentions, joined on the measure id.",
)
@click.option(
    "--in-force-on",
    metavar="DATE",
    help="With --measures: only the measures in force on DATE (YYYY-MM-DD).",
)
def export(out: str, db: str, fmt: str | None, measures: bool, in_force_on: str | None) -> None:
    """Write the database out as JSON Lines, CSV or Parquet tables, or GDELT events; with
    --measures, the consolidated trade measures and their timelines.

    OUT is a file (jsonl, gdelt), a folder (csv, parquet: one file per table, created when
    missing) or - for standard output (jsonl, gdelt).

    \b
    eventwire export news.jsonl
    eventwire export tables/ --format parquet
    eventwire export measures.jsonl --measures
    eventwire export stock/ --format csv --measures --in-force-on 2025-06-01
    """
    import datetime as dt
    from pathlib import Path

    from eventwire.cli_options import check_export_target, export_format
    from eventwire.store.export import export as run_export
    from eventwire.store.export import export_tracked, tracked_measure_records

    fmt = export_format(out, fmt)
    if in_force_on is not None and not measures:
        raise click.UsageError("--in-force-on goes with --measures")
    if measures and fmt == "gdelt":
        raise click.UsageError("--measures exports jsonl, csv or parquet, not gdelt")
    if in_force_on is not None:
        try:
            in_force_on = dt.date.fromisoformat(in_force_on.strip()).isoformat()
        except ValueError:
            raise click.BadParameter(
                f"{in_force_on!r} is not a date of the form YYYY-MM-DD",
                param_hint="--in-force-on",
            ) from None
    check_export_target(out, fmt)
    conn = _open_db(db)
    err = err_console()
    try:
        if measures and out == "-":
            n = 0
            for record in tracked_measure_records(conn, in_force_on=in_force_on):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
            counts = {"-": n}
        elif measures:
            counts = export_tracked(conn, fmt, Path(out), in_force_on=in_force_on)
        elif out == "-":
            counts = {"-": _export_to_stdout(conn, fmt)}
        else:
            counts = run_export(conn, fmt, Path(out))
    except BrokenPipeError:
        raise  # the reader of standard output stopped: nothing to report
    except OSError as exc:
        where, why = exc.filename or out, exc.strerror or str(exc)
        fail(f"export: cannot write {escape(str(where))}: {escape(why)}", 1)
    for name, n in counts.items():
        err.print(f"{n:>9,}  {escape(name)}")


def _export_to_stdout(conn: object, fmt: str) -> int:
    """The jsonl or gdelt export on standard output; records written."""
    from eventwire.store.export import gdelt_rows
    from eventwire.store.queries import document_ids, load_document

    n = 0
    if fmt == "gdelt":
        for fields in gdelt_rows(conn):
            sys.stdout.write("\t".join(fields) + "\n")
            n += 1
    else:
        for doc_id in document_ids(conn):
            sys.stdout.write(
                json.dumps(load_document(conn, doc_id).to_dict(), ensure_ascii=False) + "\n"
            )
            n += 1
    return n


@main.command(name="codes")
@_format_option(("text", "json"))
def codes_command(fmt: str) -> None:
    """What the codes in the output mean: PLOVER types, CAMEO roots, QuadClass, sector codes,
    entity types, modalities, measure kinds and statuses, and dates with unknown parts."""
    from eventwire.store import present

    table = codes.table()
    if fmt == "json":
        _write_json({title: dict(rows) for title, rows in table})
    else:
        present.codes_text(table, out_console())


main.lazy = {"watch": "eventwire.watch:watch", "serve": "eventwire.serve.command:serve"}
