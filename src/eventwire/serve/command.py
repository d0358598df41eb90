"""`eventwire serve`: the web server over a database, as a click command."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from rich.console import Console

from eventwire import settings


@click.command()
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    default="eventwire.db",
    show_default=True,
    envvar="EVENTWIRE_DB",
    help="SQLite database file (env EVENTWIRE_DB), opened read-only.",
)
@click.option(
    "--host",
    default=settings.SERVE_HOST,
    show_default=True,
    help="Address to listen on; the default serves this machine only.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=settings.SERVE_PORT,
    show_default=True,
    help="TCP port.",
)
def serve(db: str, host: str, port: int) -> None:
    """Explore a database in a browser: pages and a read-only REST API (/docs).

    The server only reads the database, so `eventwire ingest` can keep adding to it while
    the server runs.
    """
    from eventwire.store.schema import StoreError, connect

    err = Console(stderr=True, highlight=False)
    path = Path(db)
    try:
        # Bring an older database up to this version's schema once, before serving it
        # read-only (a database that cannot be written is served as it is, if current).
        try:
            connect(path).close()
        except (StoreError, sqlite3.OperationalError) as exc:
            if not path.exists() or "newer" in str(exc):
                raise
        from eventwire.serve.app import create_app

        app = create_app(path)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        sys.exit(2)

    import uvicorn

    err.print(f"serving {path} on [bold]http://{host}:{port}/[/bold] (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
