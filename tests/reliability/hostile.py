"""A corpus of hostile inputs, generated (no binary is checked in): what a crawler finds."""

from __future__ import annotations

import os
import random
import zlib
from pathlib import Path

GOOD = (
    "Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal, "
    "officials said. The talks covered tariffs on refined copper and a new rail link to the "
    "ports, and will resume in June.\n"
)
SENTENCE = "The finance ministry said on Monday that copper exports rose 12% in May. "


def gzip_bomb(path: Path, megabytes: int = 256) -> None:
    """`megabytes` of zeros in one gzip member: about 1,000 to 1 (a 2 GiB one only takes
    longer to build; the reader stops it after 16 MB either way)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    with path.open("wb") as out:
        for _ in range(megabytes):
            out.write(deflate.compress(zeros))
        out.write(deflate.flush())


def deep_html(depth: int = 100_000) -> bytes:
    return (
        "<html><head><title>Copper exports rise</title></head><body>"
        + "<div>" * depth
        + f"<p>{SENTENCE * 4}</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def write_heldout(folder: Path) -> dict[str, str]:
    """The held-out check: a gzip bomb, deep HTML, random bytes, UTF-16 and a huge line beside
    a good file. Returns name -> what must become of it."""
    folder.mkdir(parents=True, exist_ok=True)
    gzip_bomb(folder / "bomb.txt.gz")
    (folder / "deep.html").write_bytes(deep_html())
    (folder / "random.bin").write_bytes(random.Random(5).randbytes(256 * 1024))
    (folder / "utf16.txt").write_bytes((GOOD.replace("Chile", "Chili") * 3).encode("utf-16-le"))
    (folder / "huge-line.txt").write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB, one line
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return {
        "bomb.txt.gz": "reject",
        "deep.html": "document",
        "random.bin": "reject",
        "utf16.txt": "document",
        "huge-line.txt": "reject",
        "good.txt": "document",
    }


def write_hostile(folder: Path) -> dict[str, str]:
    """Everything else: name -> "document", "reject" or "any" (either, with a reason)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = outcome

    put(
        "laughs.rss",
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
        )
        + b']><rss version="2.0"><channel><title>Laughs</title><item><title>&j;</title>'
        b"<description>&j;</description></item></channel></rss>",
        "reject",
    )
    put("invalid-utf8.txt", GOOD.encode() + b"\xff\xfe\xc3\x28 " + GOOD.encode(), "document")
    put("mixed-scripts.txt",
        ("Токио и Вашингтон. 東京とワシントン. " + GOOD + " Αθήνα, Κάιρο القاهرة.\n").encode(),
        "document")  # fmt: skip
    put(
        "rtl.txt",
        ("وزير المالية قال يوم الاثنين إن صادرات النحاس ارتفعت. "
         "שר האוצר אמר ביום שני כי יצוא הנחושת עלה.\n" * 5).encode(),
        "any",
    )  # fmt: skip
    put(
        "emoji.txt",
        "🚢📈 Freight rates 🙂 rose sharply on Tuesday as container ports in Asia reopened after "
        "the typhoon, traders in Singapore said. 🇸🇬🌀\n".encode(),
        "document",
    )
    put(
        "controls.txt", (GOOD[:60] + "\x07\x1b[31m\x08" + GOOD[60:] + "\x0c\n").encode(), "document"
    )
    put("long-sentence.txt", (" and ".join([SENTENCE.rstrip(". ")] * 400) + ".\n").encode(), "any")
    put("one-word-lines.txt", b"copper\n" * 10_000, "any")
    put("nuls.txt", GOOD.encode()[:40] + b"\x00\x00" + GOOD.encode()[40:], "document")
    put("empty.txt", b"", "reject")
    # 200 MB, sparse: rejected on its size before a byte is read
    with (folder / "big.txt").open("wb") as out:
        out.write(GOOD.encode())
        out.truncate(200 * 1024 * 1024)
    expected["big.txt"] = "reject"
    os.mkfifo(folder / "pipe.fifo")
    expected["pipe.fifo"] = "reject"
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    expected["loop-a"] = expected["loop-b"] = "reject"
    return expected
