"""Text that only looks binary: UTF-16 without a byte-order mark, a few stray NUL bytes."""

from __future__ import annotations

import random
from pathlib import Path

from eventwire.extract.dispatch import extract
from eventwire.ingest.files import as_text_bytes, stray_nuls, utf16_order
from eventwire.ingest.sources import detect_kind, iter_raw
from eventwire.model import RawItem, Reject

TEXT = (
    "The finance ministry of Chile said on Monday that copper exports rose 12% in May, "
    "helped by demand from China and a weaker peso.\n"
)


def test_utf16_without_a_bom_is_read_as_text(tmp_path: Path) -> None:
    for order in ("le", "be"):
        data = (TEXT * 3).encode(f"utf-16-{order}")
        assert utf16_order(data) == order
        assert detect_kind(data) == "text"
        path = tmp_path / f"{order}.txt"
        path.write_bytes(data)
        [item] = iter_raw([str(path)])
        assert isinstance(item, RawItem)
        assert item.meta["repaired"] == f"utf-16-{order} without a byte-order mark"
        assert extract(item)[0].text.startswith("The finance ministry of Chile")


def test_a_few_stray_nuls_are_dropped_and_the_text_kept(tmp_path: Path) -> None:
    data = TEXT.encode()[:30] + b"\x00\x00" + TEXT.encode()[30:]
    assert stray_nuls(data)
    fixed, note = as_text_bytes(data)
    assert fixed == TEXT.encode() and note == "2 stray NUL bytes dropped"
    path = tmp_path / "nul.txt"
    path.write_bytes(data)
    [item] = iter_raw([str(path)])
    assert isinstance(item, RawItem)
    assert extract(item)[0].text == TEXT.strip()


def test_binary_data_is_still_binary(tmp_path: Path) -> None:
    noise = random.Random(3).randbytes(64 * 1024)
    assert utf16_order(noise) is None and not stray_nuls(noise)
    assert detect_kind(noise).startswith("binary:")
    many = TEXT.encode().replace(b" ", b"\x00")  # NULs everywhere: not strays
    assert not stray_nuls(many)
    path = tmp_path / "noise.bin"
    path.write_bytes(noise)
    [reject] = iter_raw([str(path)])
    assert isinstance(reject, Reject) and "binary data" in reject.reason
