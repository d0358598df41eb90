import os

from eventwire.ingest.files import read_paths
from eventwire.model import RawItem, Reject


def test_folder_is_read_recursively_in_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "b" / "c.txt").write_text("second")
    (tmp_path / ".hidden.txt").write_text("skip")
    items = list(read_paths([str(tmp_path)]))
    assert [i.data for i in items] == [b"first", b"second"]
    assert all(isinstance(i, RawItem) for i in items)


def test_missing_path_and_empty_folder_are_rejects(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(read_paths([str(tmp_path / "nope.txt"), str(tmp_path / "empty")]))
    assert [(type(i), i.reason) for i in items] == [
        (Reject, "no such file or folder"),
        (Reject, "folder holds no files"),
    ]


def test_oversized_file_is_rejected_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    (item,) = read_paths([str(big)], max_bytes=20 * 1024 * 1024)
    assert isinstance(item, Reject)
    assert "209.7 MB" in item.reason and "--max-bytes" in item.reason


def test_special_file_is_rejected(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (item,) = read_paths([str(fifo)])
    assert isinstance(item, Reject) and item.reason == "not a regular file"
