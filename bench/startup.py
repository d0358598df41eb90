"""Start-up: how long a user waits for `eventwire stats` and for the first line of
`eventwire analyze`, against the time bare spaCy takes to import and load its model.

    .venv/bin/python bench/startup.py [--runs 5]

Each command runs as its own process, as a user would start it, `--runs` times in turn
(round-robin, so load on the machine hits each alike); the median and the fastest wall times
are printed, with each process's CPU time. The baseline is a process that only imports spaCy
and loads the pipeline eventwire uses (`spacy.load`): `analyze` cannot print before it has
done that much, so its first output is reported as that baseline plus eventwire's own share.

The commands run as on a user's machine after the first run: Python keeps the compiled
bytecode of every module (a `PYTHONDONTWRITEBYTECODE` in the calling environment is dropped
for them, or eventwire's modules would be compiled from source in every process), and the
machine's caches (derived indexes, parsed lexicons, compiled patterns) are built by one run
of each command before timing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "ceasefire_wire.txt"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: a user's environment: Python writes and reads the bytecode of the modules it imports
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def first_line(argv: list[str]) -> tuple[float, float]:
    """(seconds until the command's first line of output, its CPU seconds in all)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.stdout.read()
    return elapsed, _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()

    import spacy.util

    from eventwire import settings

    model = next(n for n in settings.SPACY_MODELS if spacy.util.is_package(n))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "startup.db"
        subprocess.run(
            [BIN / "eventwire", "ingest", str(EXAMPLE), "--db", str(db)],
            check=True,
            capture_output=True,
            env=ENV,
        )
        commands = {
            "bare spaCy: import and load": [
                sys.executable,
                "-c",
                f"import spacy; spacy.load({model!r}); print('loaded')",
            ],
            "eventwire analyze: first line": [str(BIN / "eventwire"), "analyze", str(EXAMPLE)],
            "eventwire stats": [str(BIN / "eventwire"), "stats", "--db", str(db)],
        }
        # once each before timing: the machine's caches (bytecode, derived indexes, parsed
        # lexicons, compiled patterns, the truecaser's model) are built on the first run
        # ever, which is not what a user waits for after
        for argv in commands.values():
            first_line(argv)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                wall, cpu = first_line(argv)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':32} {'median s':>9} {'fastest s':>10} {'CPU s':>7}")
    for name in commands:
        print(
            f"{name:32} {statistics.median(walls[name]):9.2f} {min(walls[name]):10.2f}"
            f" {statistics.median(cpus[name]):7.2f}"
        )
    own = statistics.median(walls["eventwire analyze: first line"]) - statistics.median(
        walls["bare spaCy: import and load"]
    )
    print(f"analyze's first line after bare spaCy's import and load: +{own:.2f} s (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
