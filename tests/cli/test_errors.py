"""Every wrong value of every option: one line on standard error that names the option and
what it accepts, exit status 2, and never a traceback. Each case is a real process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import run

#: (arguments, words the one error line must contain). `{db}` is the examples database,
#: `{dir}` a scratch folder.
BAD: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("events", "--since", "2025-02-30"), ("--since", "not a date on the calendar", "YYYY-MM-DD")),
    (("events", "--since", "05/14/2025"), ("--since", "not a date", "YYYY-MM-DD")),
    (("events", "--until", "yesterday"), ("--until", "not a date", "YYYY-MM")),
    (("events", "--until", "2025-13"), ("--until", "YYYY-MM")),
    (("events", "--type", "FOO"), ("--type", "PLOVER", "CONSULT", "CAMEO")),
    (("events", "--type", "99"), ("--type", "CAMEO")),
    (("events", "--mode", "flying"), ("--mode", "visit")),
    (("events", "--modality", "maybe"), ("--modality", "asserted", "hypothetical")),
    (("events", "--country", "Narnia"), ("--country", "alpha-3", "name")),
    (("events", "--country", ""), ("--country",)),
    (("events", "--doc", "xyz"), ("--doc", "hexadecimal")),
    (("events", "--actor", ""), ("--actor", "empty")),
    (("events", "--limit", "-1"), ("--limit", ">=0")),
    (("events", "--limit", "many"), ("--limit", "integer")),
    (("events", "--format", "xml"), ("--format", "text", "json", "csv")),
    (("events", "--bogus"), ("--bogus",)),
    (("entities", "--type", "THING"), ("--type", "PERSON", "ROLE")),
    (("entities", "--country", "Atlantis"), ("--country", "alpha-3")),
    (("entities", "--name", " "), ("--name", "empty")),
    (("measures", "--status", "gone"), ("--status", "in_force", "requested")),
    (("measures", "--kind", "tax"), ("--kind", "tariff", "truce")),
    (("measures", "--doc", "zz"), ("--doc", "hexadecimal")),
    (("measures", "--target", ""), ("--target", "empty")),
    (("search", ""), ("QUERY", "empty")),
    (("search", "tariff", "--limit", "x"), ("--limit",)),
    (("search",), ("QUERY",)),
    (("show", "nope"), ("ID", "event number", "measure id", "document id")),
    (("show", "12", "--format", "csv"), ("--format", "text", "json")),
    (("stats", "--format", "csv"), ("--format", "text", "json")),
    (("codes", "--format", "csv"), ("--format", "text", "json")),
    (("export", "{dir}/out.xyz"), ("--format", ".jsonl", ".parquet")),
    (("export", "{dir}/no/such/out.jsonl"), ("no folder",)),
    (("export", "-", "--format", "csv"), ("--format csv", "folder")),
    (("export", "{dir}/afile", "--format", "parquet"), ("is a file", "folder")),
    (("export", "{dir}", "--format", "gdelt"), ("is a folder", "one file")),
    (("export", "out.jsonl", "--format", "xlsx"), ("--format", "jsonl", "gdelt")),
    (("analyze", "-", "--published", "2025-02-30"), ("--published", "YYYY-MM-DD")),
    (("analyze", "-", "--format", "xml"), ("--format", "jsonl")),
    (("analyze", "-", "--max-bytes", "0"), ("--max-bytes",)),
    (("ingest", "x", "--published", "yesterday"), ("--published", "YYYY-MM-DD")),
    (("ingest", "x", "--workers", "0"), ("--workers",)),
    (("ingest", "x", "--dedup-threshold", "2"), ("--dedup-threshold",)),
    (("bogus",), ("bogus",)),
]
#: Commands that read a database get the examples' (so only the bad value can fail).
READS_DB = {"events", "entities", "measures", "search", "show", "stats", "export"}


def _args(args: tuple[str, ...], db: Path, scratch: Path) -> list[str]:
    out = [a.replace("{dir}", str(scratch)) for a in args]
    if args[0] in READS_DB:
        out += ["--db", str(db)]
    return out


#: One bad value per command runs as its own process (the path a user takes, with the real
#: `python -m eventwire` start-up); the rest run in this process through the same `main`
#: (click's CliRunner), a second each cheaper on this shared machine.
IN_A_PROCESS = {
    ("events", "--since", "2025-02-30"),
    ("entities", "--type", "THING"),
    ("measures", "--status", "gone"),
    ("search", ""),
    ("show", "nope"),
    ("stats", "--format", "csv"),
    ("codes", "--format", "csv"),
    ("export", "{dir}/out.xyz"),
    ("analyze", "-", "--published", "2025-02-30"),
    ("ingest", "x", "--published", "yesterday"),
    ("bogus",),
}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scratch")
    (folder / "afile").write_text("not a folder")
    return folder


def in_process(*args: str):
    """The command run by this process's `main` (click's CliRunner)."""
    from click.testing import CliRunner

    from eventwire.cli import main

    return CliRunner().invoke(main, list(args), input="")


def _outcome(args: tuple[str, ...], db: Path, scratch: Path) -> Outcome:
    argv = _args(args, db, scratch)
    if args in IN_A_PROCESS:
        r = run(*argv, stdin="", timeout=600)
        return Outcome(r.returncode, r.stdout, r.stderr)
    r = in_process(*argv)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return Outcome(r.exit_code, r.stdout, r.stderr)


def test_every_command_is_tried_in_its_own_process():
    commands = {args[0] for args, _ in BAD}
    assert commands == {args[0] for args in IN_A_PROCESS}
    assert {args for args, _ in BAD} >= IN_A_PROCESS


@pytest.mark.parametrize(("args", "words"), BAD, ids=[" ".join(a) or "''" for a, _ in BAD])
def test_a_wrong_value_is_one_line_naming_what_is_accepted(examples_dir, scratch, args, words):
    result = _outcome(args, examples_dir / "eventwire.db", scratch)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""


def test_a_missing_database_is_named(tmp_path):
    result = run("events", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert result.stderr.startswith("error: no database at") and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_export_to_a_full_disk_is_one_line_not_a_traceback(examples_dir):
    result = run("export", "/dev/full", "--format", "jsonl", "--db", "eventwire.db",
                 cwd=examples_dir)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: export: cannot write /dev/full: No space left on device"
    ]


def test_an_id_nothing_has_is_not_found(examples_dir):
    for ident, message in (("999", "no event #999"), ("b1738516c4e3/7", "has no measure 7"),
                           ("0000aaaa", "no document with an id starting 0000aaaa")):  # fmt: skip
        result = run("show", ident, cwd=examples_dir)
        assert result.returncode == 1, ident
        assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_percent_and_underscore_are_literal_in_name_filters(examples_dir):
    def count(*args: str) -> int:
        result = in_process(*args, "--format", "json", "--db", str(examples_dir / "eventwire.db"))
        assert result.exit_code == 0, result.stderr
        return len(json.loads(result.stdout))

    assert count("events", "--limit", "0") == 15
    assert count("events", "--actor", "%") == 0
    assert count("events", "--actor", "_") == 0
    assert count("entities", "--name", "%") == 0
    assert count("measures", "--target", "%") == 0
    assert count("events", "--actor", "ng") == 1  # a plain word still matches inside names


def test_a_country_is_a_code_or_a_name(examples_dir):
    def ids(*args: str) -> list[int]:
        db = str(examples_dir / "eventwire.db")
        result = in_process("events", *args, "--format", "json", "--db", db)
        assert result.exit_code == 0, result.stderr
        return [e["id"] for e in json.loads(result.stdout)]

    by_code = ids("--country", "CAN")
    assert by_code and ids("--country", "Canada") == by_code
    assert ids("--country", "can") == by_code  # codes in any case
    assert ids("--country", "United States") == ids("--country", "USA")


def test_search_syntax_errors_are_searched_as_words_with_a_note(examples_dir):
    result = run("search", "steel AND (", cwd=examples_dir)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert (
        "is not FTS5 query syntax" in result.stderr and "searched as plain words" in result.stderr
    )
    assert "Canada and Mexico Seek Relief" in result.stdout
