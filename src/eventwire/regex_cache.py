"""Compiled regular expressions, and what is read from them, kept between processes.

Python compiles a regular expression in Python code (re._parser, re._compiler): reading the
pattern into a tree, then the tree into the engine's program, a list of integers. The time
grammar's word lists, the boilerplate patterns and the number lexicon are long alternations,
and compiling them was a tenth of a second of every process's start-up, before the first
document; reading their trees again to gate them (analyze/regex_gate.py) as much again. The
engine itself (`_sre.compile`) takes a finished program at once.

`compile(source, flags)` therefore keeps each program it makes in a file in
`settings.CACHE_DIR/regex`, named for the interpreter build (its version and the engine's
magic number and code size: a program is only valid for the engine that made it), and hands
the engine the stored program when the same pattern comes again in a later process. The
result is the pattern `re.compile` gives, to the group names: the stored program is the one
`re.compile` computed for the same source and flags, and the engine checks every program it
is given, raising an error on a malformed one, which falls back to compiling here. Any
interpreter without these internals (PyPy, a future CPython that changes them) compiles as
usual; so does any failure to read or write the file.

`remembered` keeps the results of a pure function of a pattern (strings and numbers in,
strings, numbers and sets of them out) the same way, in a file named for the interpreter
build and the source of the function's module, so an edit to the module starts afresh.

New entries are written when the process exits, merged with what other processes wrote
meanwhile, as every file of the cache folder is (eventwire/cache_files.py: aside, then renamed
into place; old versions cleared out). Worker processes that end without running exit
handlers simply leave nothing new.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import inspect
import marshal
import re
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from eventwire import __version__, settings
from eventwire.cache_files import KEY_LENGTH, mark_used, store

try:  # CPython 3.11 and later
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _AVAILABLE = sys.implementation.name == "cpython" and hasattr(_compiler, "_code")
except ImportError:  # pragma: no cover - other interpreters
    _AVAILABLE = False

F = TypeVar("F", bound=Callable[..., Any])


def _build() -> str:
    """What a stored program or tree reading depends on in the interpreter."""
    engine = f"{_sre.MAGIC}\0{_sre.CODESIZE}" if _AVAILABLE else "none"
    return f"{sys.version}\0{sys.implementation.cache_tag}\0{engine}"


class _Table:
    """Entries kept in one marshal file of the cache folder, read on first use."""

    def __init__(self, name: str, depends_on: str) -> None:
        self.name = name
        self.depends_on = depends_on
        self.stored: dict[Hashable, Any] | None = None
        self.new: dict[Hashable, Any] = {}

    def path(self) -> Path:
        tag = hashlib.sha256(f"{_build()}\0{self.depends_on}".encode()).hexdigest()[:KEY_LENGTH]
        return Path(settings.CACHE_DIR) / "regex" / f"{self.name}-{tag}.marshal"

    def get(self, key: Hashable) -> Any:
        if self.stored is None:
            path = self.path()
            self.stored = _read(path)
            if self.stored:
                mark_used(path)
        found = self.stored.get(key)
        return self.new.get(key) if found is None else found

    def put(self, key: Hashable, value: Any) -> None:
        if not self.new:
            atexit.register(self.save)
        self.new[key] = value

    def forget(self, key: Hashable) -> None:
        if self.stored is not None:
            self.stored.pop(key, None)
        self.new.pop(key, None)

    def save(self) -> None:
        """Write this process's new entries to the file (called at exit)."""
        if not self.new:
            return
        path = self.path()
        table = _read(path)  # what other processes stored meanwhile
        table.update(self.new)

        def write(file: Path) -> None:
            with file.open("wb") as handle:
                marshal.dump(table, handle)

        try:
            if not store(path, write):
                return  # a read-only or full cache folder costs only the time of compiling
        except ValueError:
            return  # a value marshal cannot write: this process's entries are not kept
        if self.stored is not None:
            self.stored.update(self.new)
        self.new.clear()


def _read(path: Path) -> dict[Hashable, Any]:
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # absent or unreadable: compute as usual
    return table if isinstance(table, dict) else {}


_programs = _Table("programs", "")


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the program a previous process stored when there
    is one."""
    if not isinstance(source, str) or flags & re.DEBUG or not _internals_agree():
        return re.compile(source, flags)
    key = (source, int(flags))
    entry = _programs.get(key)
    if entry is not None:
        try:
            return _sre.compile(source, *entry)  # type: ignore[no-any-return]
        except (RuntimeError, TypeError, ValueError, OverflowError):
            _programs.forget(key)  # a malformed entry: the engine refused it
    pattern, entry = _compile(source, int(flags))
    _programs.put(key, entry)
    return pattern


def _compile(source: str, flags: int) -> tuple[re.Pattern[str], tuple[Any, ...]]:
    # re._compiler.compile's own steps, keeping the program it hands the engine
    tree = _parser.parse(source, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (
        flags | tree.state.flags,
        [int(op) for op in code],  # opcodes are int subclasses marshal does not write
        tree.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _sre.compile(source, *entry), entry


#: A pattern using what the programs hold: flags, named and numbered groups, a class.
_PROBE = r"(?P<word>[a-z]+)-(\d{2,3})(?i:X)?"


@functools.cache
def _internals_agree() -> bool:
    """Whether this interpreter's regex internals are the ones `_compile` copies: it makes
    a pattern that behaves as `re.compile`'s. Else every pattern is compiled as usual."""
    if not _AVAILABLE:
        return False
    try:
        ours, _entry = _compile(_PROBE, re.IGNORECASE)
    except Exception:  # a changed signature or structure: not the internals expected
        return False
    theirs = re.compile(_PROBE, re.IGNORECASE)
    text = "ab-12x CD-345 e-6"
    return (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
        theirs.pattern,
        theirs.flags,
        theirs.groups,
        theirs.groupindex,
    ) and [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]


@functools.cache
def _module_table(module: str) -> _Table:
    # the module's source, or where it is not installed as source, eventwire's version
    source = inspect.getsourcefile(sys.modules[module])
    digest = hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else __version__
    return _Table(module.rsplit(".", 1)[-1], f"{module}\0{digest}")


def remembered(func: F) -> F:
    """`func`, a pure function of strings and numbers, with its results kept between
    processes (see the module's docstring). Its results must be None, strings, numbers,
    or tuples, lists, sets and dicts of them."""
    name = func.__qualname__

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        table = _module_table(func.__module__)
        # flags come as re.RegexFlag, which marshal does not write: keep their value
        key = (name, *(int(a) if isinstance(a, re.RegexFlag) else a for a in args))
        found = table.get(key)
        if found is not None:
            return found[0]
        value = func(*args)
        # stored inside a tuple: a stored None must not read as "not stored"
        table.put(key, (value,))
        return value

    return wrapper  # type: ignore[return-value]
