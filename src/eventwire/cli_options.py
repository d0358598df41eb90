"""The command line's checks and plumbing: option values, one-line errors, output streams.

Every wrong value of an option ends as one line on standard error naming the option and the
values it accepts, with exit status 2 (click's usage-error status); no traceback reaches the
user, whatever goes wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from eventwire import codes

# -- errors -----------------------------------------------------------------------------------


def fail(message: str, status: int = 2) -> None:
    """Print `error: message` on one line of standard error and exit with `status`."""
    err_console().print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    sys.exit(status)


class Group(click.Group):
    """A command group whose errors are one line each, without a traceback.

    click prints a usage block and a hint before a bad value's message; here the message
    alone is printed (it names the option and the accepted values; `--help` says the rest).
    An unexpected exception in a command is one line too, naming the command.
    """

    #: Commands imported only when called or listed ("name" -> "module:attribute"): `watch`
    #: and `serve` pull in HTTP clients and a web framework that the other commands never use.
    lazy: dict[str, str] = {}  # noqa: RUF012 - set per group, read-only afterwards

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib

            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        # The name messages give, also under `python -m eventwire`.
        kwargs.setdefault("prog_name", "eventwire")
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            status = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as exc:
            message = exc.format_message()
            ctx = getattr(exc, "ctx", None)
            if isinstance(exc, click.UsageError) and ctx is not None:
                message += f" (see: {ctx.command_path} --help)"
            err_console().print(f"[red]error:[/red] {_escape(message)}", highlight=False)
            sys.exit(exc.exit_code)
        except click.Abort:
            err_console().print("[red]interrupted[/red]", highlight=False)
            sys.exit(130)
        except KeyboardInterrupt:
            err_console().print("[red]interrupted[/red]", highlight=False)
            sys.exit(130)
        except BrokenPipeError:
            # `eventwire events | head`: the reader has all it wanted.
            _silence_stdout()
            sys.exit(0)
        except OSError as exc:
            fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 1)
        except Exception as exc:  # a bug: say so in one line rather than a traceback
            fail(f"unexpected {type(exc).__name__}: {exc}", 1)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
        sys.exit(status if isinstance(status, int) else 0)


def _silence_stdout() -> None:
    import os

    # Python flushes stdout again at exit; point it at /dev/null so that flush is quiet.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- consoles ---------------------------------------------------------------------------------


def _console(stderr: bool) -> Console:
    from eventwire.store.present import console_for

    return console_for(sys.stderr if stderr else sys.stdout)


def out_console() -> Console:
    """Standard output for people: fitted to a terminal, full-width lines in a pipe."""
    return _console(stderr=False)


def err_console() -> Console:
    return _console(stderr=True)


# -- values -----------------------------------------------------------------------------------


_DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-05, 2025-05-14)"


class DateBound(click.ParamType):
    """A date filter bound: a year, a month or a day, each a real one."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if m:
            year, month, day = m.group(1), m.group(2), m.group(3)
            try:
                dt.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                self.fail(f"{text!r} is not a date on the calendar: {_DATE_FORMS}", param, ctx)
            return text
        self.fail(f"{text!r} is not a date: {_DATE_FORMS}", param, ctx)


class Country(click.ParamType):
    """A country: its ISO 3166 alpha-3 code (JPN) or a name, alias or demonym (Japan, U.S.,
    Japanese), read with the actor coder's own country data."""

    name = "country"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        known = _country_codes()
        if text.upper() in known:
            return text.upper()
        from eventwire.analyze.actor_lexicon import lookup_country

        code = lookup_country(text) or lookup_country(text.title())
        if code:
            return code
        self.fail(
            f"{text!r} is not a country: give an ISO 3166 alpha-3 code (JPN, USA, DEU) or a"
            " country's name (Japan, United States, Germany)",
            param,
            ctx,
        )


def _country_codes() -> frozenset[str]:
    import pycountry

    from eventwire.data import load_yaml

    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(
        load_yaml("countries.yaml")["countries"]
    )


class EventType(click.ParamType):
    """A PLOVER event type (any case) or a CAMEO code or prefix in digits."""

    name = "type"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if text.upper() in codes.plover_types():
            return text.upper()
        if text.isdigit() and text in codes.cameo_codes():
            return text
        self.fail(
            f"{text!r} is not an event type: a PLOVER type ({', '.join(codes.plover_types())})"
            " or a CAMEO code of 2 to 4 digits (04 consult, 042, 0211); `eventwire codes`"
            " lists them",
            param,
            ctx,
        )


class Choice(click.Choice):
    """click.Choice, any case, whose message lists the accepted values in one line."""

    def __init__(self, choices: tuple[str, ...] | list[str], what: str) -> None:
        super().__init__(list(choices), case_sensitive=False)
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        for choice in self.choices:
            if str(choice).casefold() == text.casefold():
                return choice
        self.fail(
            f"{text!r} is not {self.what}: one of {', '.join(map(str, self.choices))}", param, ctx
        )


class DocumentId(click.ParamType):
    """A document id or its first characters (hexadecimal, as the listings print it)."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip().lower()
        if re.fullmatch(r"[0-9a-f]{4,64}", text):
            return text
        self.fail(
            f"{value!r} is not a document id: 4 to 64 hexadecimal characters, as listings"
            " print them (e.g. b1738516c4e3)",
            param,
            ctx,
        )


class NonBlank(click.ParamType):
    """Free text that must say something (an empty `--actor ''` would match everything)."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if not text:
            self.fail("is empty: give some words", param, ctx)
        return text


# -- export ----------------------------------------------------------------------------------

#: File-name endings and the export format each implies.
EXPORT_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".tsv": "gdelt",
    ".gdelt": "gdelt",
    ".csv": "csv",
    ".parquet": "parquet",
}
#: Formats that write one file (the others write a folder of one file per table).
FILE_FORMATS = ("jsonl", "gdelt")


def export_format(out: str, given: str | None) -> str:
    """The export format: `given`, else the one `out`'s ending names (`-` is standard
    output, JSON Lines unless told otherwise)."""
    if given:
        return given
    if out == "-":
        return "jsonl"
    suffix = Path(out).suffix.lower()
    if suffix in EXPORT_SUFFIXES:
        return EXPORT_SUFFIXES[suffix]
    endings = ", ".join(f"{s} ({f})" for s, f in EXPORT_SUFFIXES.items())
    raise click.UsageError(
        f"cannot tell the format of {out!r} from its name: give --format"
        f" jsonl|csv|parquet|gdelt, or a name ending in {endings}"
    )


def check_export_target(out: str, fmt: str) -> None:
    """Refuse, before anything is written, an OUT the format cannot write to."""
    if out == "-":
        if fmt not in FILE_FORMATS:
            raise click.UsageError(
                f"--format {fmt} writes a folder of one file per table, not standard output:"
                " give a folder name (or --format jsonl or gdelt for standard output)"
            )
        return
    path = Path(out)
    parent = path.parent
    if not parent.is_dir():
        raise click.UsageError(f"no folder {str(parent)!r} to write {path.name!r} in")
    if fmt in FILE_FORMATS and path.is_dir():
        raise click.UsageError(f"{out!r} is a folder: --format {fmt} writes one file")
    if fmt not in FILE_FORMATS and path.exists() and not path.is_dir():
        raise click.UsageError(
            f"{out!r} is a file: --format {fmt} writes a folder of one file per table"
        )
