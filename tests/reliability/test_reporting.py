"""What `ingest` tells a user who is not at a terminal: a periodic status line, a summary
naming the rejected files; and reject reasons that name options the command has."""

from __future__ import annotations

from click.testing import CliRunner

from eventwire import settings
from eventwire.cli import main
from tests.reliability.hostile import GOOD


def test_ingest_without_a_terminal_writes_status_lines_and_names_rejected_files(
    tmp_path, monkeypatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"good-{i}.txt").write_text(GOOD.replace("Monday", f"day {i}"), "utf-8")
    for i in range(4):
        (folder / f"zz-empty-{i}.txt").write_bytes(b"")
    (folder / "zz-big.txt").write_text(GOOD * 10, "utf-8")
    monkeypatch.setattr(settings, "STATUS_INTERVAL_S", 0.0)
    monkeypatch.setattr(settings, "SUMMARY_REJECTS_NAMED", 3)
    db = tmp_path / "r.db"
    result = CliRunner().invoke(
        main, ["ingest", str(folder), "--db", str(db), "--max-bytes", "1000"]
    )
    assert result.exit_code == 0, result.output
    err = result.stderr
    status = [line for line in err.splitlines() if line.startswith("ingest: ")]
    assert len(status) >= 1  # after every batch here (interval 0): the run is not silent
    assert "inputs read" in status[-1] and "rejects" in status[-1]
    assert "rejected inputs (the first 3):" in err
    named = [line for line in err.splitlines() if line.startswith("    /")]
    assert [line.split("/in/")[1].split(":")[0] for line in named] == [
        "zz-big.txt", "zz-empty-0.txt", "zz-empty-1.txt",
    ]  # fmt: skip
    assert "2 more; list them all with: sqlite3" in err
    # the size reason names an option `ingest` has (and it was the one that set the limit)
    assert "raise it with --max-bytes" in named[0]
    result = CliRunner().invoke(main, ["ingest", "--help"])
    assert "--max-bytes" in result.output and "--download-seconds" in result.output
