"""Compiled patterns and pattern readings kept between processes (eventwire/regex_cache.py)."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys

import pytest

from eventwire import regex_cache, settings

PATTERNS = [
    (r"(?<![\w])(?:jan(?:uary)?|feb(?:ruary)?)\.?\s+(?P<day>\d{1,2})(?![\w])", re.IGNORECASE),
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|per\s?cent)", 0),
    (r"^(?:[-*•·]|\(?\d{1,3}[.)])\s+", re.MULTILINE),
    (r"(?i:share\s+this)(?:\s*[|:].*)?$", 0),
    (r"(\w+)\s+\1", 0),  # a back-reference
    (r"(?=[a-z])(?:the|three|their)\b", re.IGNORECASE | re.ASCII),
    (r"[^\W\d_]+(?:['’][^\W\d_]+)*", 0),
    (r"x*", 0),  # matches empty
    (r"Ünïcödé|ΣΊΣΥΦΟΣ|straße", re.IGNORECASE),
]
TEXTS = [
    "On Jan 5 and FEBRUARY 12, prices rose 3.5 per cent; share this | now",
    "- first\n2) second\n(3) third the the end",
    "ÜNÏCÖDÉ σίσυφος STRASSE Straße, their THREE theses",
    "",
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache folder of its own, and a way to start over as a new process would."""
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path)

    def new_process() -> None:
        monkeypatch.setattr(regex_cache, "_programs", regex_cache._Table("programs", ""))
        regex_cache._module_table.cache_clear()

    new_process()
    yield new_process
    regex_cache._module_table.cache_clear()


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    for text in TEXTS:
        assert [(m.span(), m.groups(), m.groupdict()) for m in a.finditer(text)] == [
            (m.span(), m.groups(), m.groupdict()) for m in b.finditer(text)
        ]


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_a_pattern_compiled_or_read_back_is_the_one_re_compiles(fresh, source, flags):
    expected = re.compile(source, flags)
    _same(regex_cache.compile(source, flags), expected)
    regex_cache._programs.save()
    fresh()
    assert regex_cache._programs.get((source, int(flags))) is not None  # stored
    _same(regex_cache.compile(source, flags), expected)


def test_a_stored_program_is_used_without_compiling(fresh, monkeypatch):
    source, flags = PATTERNS[0]
    regex_cache.compile(source, flags)
    regex_cache._programs.save()
    fresh()

    def no_compiling(*args):
        raise AssertionError("compiled although the program was stored")

    monkeypatch.setattr(regex_cache, "_compile", no_compiling)
    _same(regex_cache.compile(source, flags), re.compile(source, flags))


def test_a_program_the_engine_refuses_is_compiled_again(fresh):
    source, flags = PATTERNS[1]
    regex_cache.compile(source, flags)
    regex_cache._programs.save()
    (path,) = (settings.CACHE_DIR / "regex").glob("programs-*.marshal")
    table = marshal.loads(path.read_bytes())
    final, _code, groups, groupindex, indexgroup = table[(source, flags)]
    table[(source, flags)] = (final, [99999, 1, 2], groups, groupindex, indexgroup)
    path.write_bytes(marshal.dumps(table))
    fresh()
    _same(regex_cache.compile(source, flags), re.compile(source, flags))


@pytest.mark.parametrize("damage", [b"", b"\x00\x01garbage", marshal.dumps(["not", "a", "dict"])])
def test_a_damaged_file_is_ignored_and_replaced(fresh, damage):
    folder = settings.CACHE_DIR / "regex"
    folder.mkdir(parents=True)
    path = regex_cache._programs.path()
    path.write_bytes(damage)
    source, flags = PATTERNS[2]
    _same(regex_cache.compile(source, flags), re.compile(source, flags))
    regex_cache._programs.save()
    assert (source, flags) in marshal.loads(path.read_bytes())


def test_a_cache_folder_that_cannot_be_made_costs_only_the_compiling(fresh, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(settings, "CACHE_DIR", blocked)
    source, flags = PATTERNS[3]
    _same(regex_cache.compile(source, flags), re.compile(source, flags))
    regex_cache._programs.save()  # no error


def test_processes_merge_what_they_store(fresh):
    regex_cache.compile(*PATTERNS[0])
    regex_cache._programs.save()
    fresh()  # another process, which never saw the first pattern
    regex_cache.compile(*PATTERNS[1])
    regex_cache._programs.save()
    fresh()
    assert regex_cache._programs.get((PATTERNS[0][0], int(PATTERNS[0][1]))) is not None
    assert regex_cache._programs.get((PATTERNS[1][0], int(PATTERNS[1][1]))) is not None


calls: list[tuple[str, int]] = []


@regex_cache.remembered
def _reading(source: str, flags: int) -> tuple[str, frozenset[str]] | None:
    calls.append((source, flags))
    return None if not source else (source.upper(), frozenset(source.split()))


def test_a_remembered_reading_is_kept_between_processes(fresh):
    calls.clear()
    assert _reading("a b", re.IGNORECASE) == ("A B", frozenset({"a", "b"}))
    assert _reading("", 0) is None
    for table in {regex_cache._module_table(__name__)}:
        table.save()
    fresh()
    assert _reading("a b", re.IGNORECASE) == ("A B", frozenset({"a", "b"}))
    assert _reading("", 0) is None  # a stored None is a result, not a miss
    assert calls == [("a b", re.IGNORECASE), ("", 0)]


def test_a_real_process_stores_at_exit_and_the_next_reads(tmp_path):
    env = {**os.environ, "EVENTWIRE_CACHE_DIR": str(tmp_path)}
    script = (
        "import re, sys\n"
        "from eventwire import regex_cache\n"
        "p = regex_cache.compile(r'(?P<w>[a-z]+)-(?P=w)', re.I)\n"
        "assert p.match('Ab-ab')\n"
        "print(regex_cache._programs.stored is not None and len(regex_cache._programs.stored))\n"
    )
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert first.stdout.strip() == "0"  # nothing stored yet
    assert list((tmp_path / "regex").glob("programs-*.marshal"))
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert second.returncode == 0 and second.stderr == "", second.stderr
    assert second.stdout.strip() == "1"  # read back from the first process's file
    assert not list((tmp_path / "regex").glob(".*"))  # no file left aside


def test_the_time_grammar_compiles_the_same_from_stored_programs(fresh):
    from eventwire.analyze import regex_gate, time

    time._grammar.cache_clear()
    time._scans.cache_clear()
    first = [(r.regex, words, scan) for r, words, scan in time._scans()]
    regex_cache._programs.save()
    for table in {regex_cache._module_table(regex_gate.__name__)}:
        table.save()
    fresh()
    time._grammar.cache_clear()
    time._scans.cache_clear()
    try:
        second = [(r.regex, words, scan) for r, words, scan in time._scans()]
    finally:
        time._grammar.cache_clear()
        time._scans.cache_clear()
    assert len(first) == len(second) > 40
    for (a, wa, sa), (b, wb, sb) in zip(first, second, strict=True):
        assert (a.pattern, a.flags, a.groupindex, wa) == (b.pattern, b.flags, b.groupindex, wb)
        assert (sa is None) == (sb is None)
        if sa is not None:
            for x, y in ((sa.folded, sb.folded), (sa.behind, sb.behind)):
                assert (x and (x.pattern, x.flags)) == (y and (y.pattern, y.flags))


def test_internals_that_differ_from_the_expected_compile_as_usual(fresh, monkeypatch):
    def changed(*args):
        raise TypeError("compile() takes 5 arguments")

    source, flags = PATTERNS[0]
    regex_cache._internals_agree.cache_clear()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(regex_cache._sre, "compile", changed)
            assert not regex_cache._internals_agree()
            pattern = regex_cache.compile(source, flags)
    finally:
        regex_cache._internals_agree.cache_clear()
    _same(pattern, re.compile(source, flags))
    assert regex_cache._internals_agree()
