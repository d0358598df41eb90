"""`eventwire serve` as a user runs it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from eventwire.cli import main
from tests.conftest import ROOT
from tests.serve.conftest import free_socket


def test_a_missing_database_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2
    assert "no database at" in r.output and "eventwire ingest" in r.output
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not SQLite" * 200)
    r = CliRunner().invoke(main, ["serve", "--db", str(junk)])
    assert r.exit_code == 2 and "not an eventwire database" in r.output
    assert "Traceback" not in r.output


def test_serve_answers_on_the_given_port_until_stopped(serve_db: Path):
    with free_socket() as sock:
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(serve_db), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "eventwire serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["rows"]["documents"] > 0
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
