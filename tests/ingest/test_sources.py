"""Any pile of inputs to RawItems: kinds told by content, containers opened, bad inputs rejected."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from eventwire.extract.dispatch import extract, item_kind
from eventwire.ingest.sources import HTML_TYPE, TEXT_TYPE, SourceOptions, detect_kind, iter_raw
from eventwire.model import RawItem, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PAGE = (FIXTURES / "article.html").read_bytes()
FEED = (FIXTURES / "feed.rss").read_bytes()
JSONL = (FIXTURES / "records.jsonl").read_bytes()
TEXT = (
    b"Talks between the two governments resumed in Geneva on Tuesday, officials said, after a "
    b"pause of three weeks.\n\nThe delegations will meet again on Friday.\n"
)


def items(inputs: list[str | Path], **options: object) -> list[RawItem | Reject]:
    return list(iter_raw([str(i) for i in inputs], options=SourceOptions(**options)))  # type: ignore[arg-type]


def rejects(results: list[RawItem | Reject]) -> list[Reject]:
    return [r for r in results if isinstance(r, Reject)]


def raws(results: list[RawItem | Reject]) -> list[RawItem]:
    return [r for r in results if isinstance(r, RawItem)]


# Kinds, by content ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (gzip.compress(b"x"), "gzip"),
        (b"PK\x03\x04rest", "zip"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (FEED, "feed"),
        ((FIXTURES / "feed.atom").read_bytes(), "feed"),
        (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'><item/></rdf:RDF>", "feed"),
        (b"<!-- saved --><rss version='2.0'><channel/></rss>", "feed"),
        (PAGE, "html"),
        (b"\xef\xbb\xbf  <!doctype html><p>x</p>", "html"),
        (b"<p>One paragraph</p><p>and another</p>", "html"),
        (b"Saved from the web\n<html><body><p>x</p></body></html>", "html"),
        (JSONL, "jsonl"),
        (b'[{"text": "a"}, {"text": "b"}]', "json"),
        (b'{\n  "text": "one record, pretty-printed"\n}\n', "json"),
        ((FIXTURES / "records.csv").read_bytes(), "csv"),
        (b"id\ttext\n1\tA story.\n2\tAnother story.\n", "csv"),
        (
            b"id,title,body\n1,Deal,Leaders agreed.\n2,Talks,Talks go on.\n3,Vote,It passed.\n",
            "csv",
        ),
        (b"Paris, France\nTalks began today, officials said.\nThey resume on Friday.\n", "text"),
        (b"Home, Away\nRovers beat United, 2-1.\nCity drew, 0-0.\n", "text"),
        (TEXT, "text"),
        (
            b"Washington, May 14 (Reuters) - Officials, aides and diplomats met.\nThey talked.\n",
            "text",
        ),
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"%PDF-1.7 ...", "binary:a PDF document"),
        (b"\x00\x00\x00\x00" * 100, "binary:binary data (NUL bytes)"),
        (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", "xml:svg"),
    ],
)
def test_kind_is_told_by_content(head: bytes, kind: str) -> None:
    assert detect_kind(head) == kind


def test_names_do_not_matter(tmp_path: Path) -> None:
    (tmp_path / "a_page.txt").write_bytes(PAGE)
    (tmp_path / "b_feed.html").write_bytes(FEED)
    (tmp_path / "c_notes.json").write_bytes(TEXT)
    (tmp_path / "d_records.csv").write_bytes(JSONL)
    results = items([tmp_path])
    by_source = {r.source: r for r in raws(results)}
    assert by_source[str(tmp_path / "a_page.txt")].content_type == HTML_TYPE
    assert by_source[str(tmp_path / "c_notes.json")].content_type == TEXT_TYPE
    assert sum(1 for s in by_source if s.startswith(str(tmp_path / "b_feed.html#"))) == 3
    assert sum(1 for s in by_source if s.startswith(str(tmp_path / "d_records.csv#"))) == 3
    assert item_kind(by_source[str(tmp_path / "a_page.txt")]) == "html"


def test_folders_are_walked_in_order_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_bytes(TEXT)
    (tmp_path / "a.txt").write_bytes(TEXT)
    (tmp_path / ".hidden.txt").write_bytes(TEXT)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_bytes(TEXT)
    assert [r.source for r in raws(items([tmp_path]))] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "two.txt"),
    ]


def test_missing_paths_and_empty_folders_are_rejected_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "ok.txt").write_bytes(TEXT)
    results = items([tmp_path / "nope.txt", tmp_path / "empty", tmp_path / "ok.txt"])
    assert [(r.input, r.reason) for r in rejects(results)] == [
        (str(tmp_path / "nope.txt"), "no such file or folder"),
        (str(tmp_path / "empty"), "folder holds no files"),
    ]
    assert [r.source for r in raws(results)] == [str(tmp_path / "ok.txt")]


def test_standard_input_is_read_for_its_kind() -> None:
    code = (
        "import sys\nfrom eventwire.ingest.sources import iter_raw\n"
        "for r in iter_raw(['-']): print(getattr(r, 'source', r), getattr(r, 'content_type', ''))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=gzip.compress(FEED), capture_output=True, check=True
    ).stdout.decode()
    lines = out.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("-#") for line in lines)
    assert "application/x-eventwire-feed-item" in lines[0]


# Bad inputs, each with its reason -----------------------------------------------------------------


def test_a_200_mb_file_is_rejected_by_size_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: takes no disk
    start = time.perf_counter()
    [reject] = items([big])
    assert time.perf_counter() - start < 2
    assert isinstance(reject, Reject) and reject.stage == "ingest"
    assert "input is 209.7 MB, over the 21.0 MB limit" in reject.reason


def test_max_bytes_is_an_option(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(PAGE)
    [reject] = items([tmp_path / "page.html"], max_bytes=1000)
    assert (
        isinstance(reject, Reject) and f"{len(PAGE) / 1e6:.1f} MB, over the 0.0 MB" in reject.reason
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input (0 bytes)"),
        (b"\n \n", "input holds only white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image, not a news text, page, feed or archive"),
        (b"PK\x05\x06" + bytes(18), "zip archive holds no files"),
        (b"<?xml version='1.0'?><svg/>", "XML document with root <svg>: neither a feed nor"),
    ],
)
def test_unreadable_files_are_rejected_with_a_specific_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(data)
    [reject] = items([path])
    assert isinstance(reject, Reject)
    assert reason in reject.reason


def test_unsupported_url_schemes_are_rejected() -> None:
    results = items(["ftp://files.example/news.txt", "file:///etc/passwd"])
    assert [r.reason for r in rejects(results)] == [
        "unsupported URL scheme 'ftp': only http and https are fetched",
        "unsupported URL scheme 'file': only http and https are fetched",
    ]


# Containers -----------------------------------------------------------------------------------


def test_gzip_of_a_page_a_feed_and_records(tmp_path: Path) -> None:
    (tmp_path / "page.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "feed.gz").write_bytes(gzip.compress(FEED))
    (tmp_path / "records.gz").write_bytes(gzip.compress(JSONL))
    results = items([tmp_path / "page.gz", tmp_path / "feed.gz", tmp_path / "records.gz"])
    page = raws(results)[0]
    assert page.source == str(tmp_path / "page.gz") and page.data == PAGE
    assert page.content_type == HTML_TYPE
    assert len([r for r in raws(results) if "feed.gz#" in r.source]) == 3
    assert len([r for r in raws(results) if "records.gz#" in r.source]) == 3


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress(PAGE * 20)
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    [reject] = items([tmp_path / "cut.html.gz"])
    assert isinstance(reject, Reject)
    assert reject.reason.startswith("truncated gzip data: the compressed data ends before")


def test_corrupt_gzip_is_rejected(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(PAGE))
    data[20:40] = b"\xff" * 20
    (tmp_path / "bad.gz").write_bytes(bytes(data))
    [reject] = items([tmp_path / "bad.gz"])
    assert isinstance(reject, Reject) and reject.reason.startswith("corrupt gzip data")


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_members_are_read_each_for_its_kind(tmp_path: Path) -> None:
    nested = make_zip({"inner/story.txt": TEXT})
    archive = make_zip(
        {
            "pages/one.html": PAGE,
            "feeds/latest.xml": FEED,
            "dump/records.jsonl.gz": gzip.compress(JSONL),
            "nested.zip": nested,
            "__MACOSX/._one.html": b"junk",
            "broken.bin": b"\x7fELF" + bytes(64),
        }
    )
    path = tmp_path / "bundle.zip"
    path.write_bytes(archive)
    results = items([path])
    sources = [r.source for r in raws(results)]
    assert f"{path}#pages/one.html" in sources
    assert sum(1 for s in sources if s.startswith(f"{path}#feeds/latest.xml#")) == 3
    assert sum(1 for s in sources if s.startswith(f"{path}#dump/records.jsonl.gz#")) == 3
    assert f"{path}#nested.zip#inner/story.txt" in sources
    assert not any("__MACOSX" in s for s in sources)
    [binary] = [r for r in rejects(results) if r.input.endswith("broken.bin")]
    assert "an executable" in binary.reason
    # each document comes out whole
    page = next(r for r in raws(results) if r.source.endswith("one.html"))
    assert extract(page)[0].title == "Dock workers walk out over pay"


def test_a_zip_read_from_a_stream_is_spooled(tmp_path: Path) -> None:
    (tmp_path / "bundle.zip.gz").write_bytes(gzip.compress(make_zip({"a.txt": TEXT})))
    [item] = items([tmp_path / "bundle.zip.gz"])
    assert isinstance(item, RawItem) and item.source == f"{tmp_path / 'bundle.zip.gz'}#a.txt"


def test_a_zip_bomb_is_stopped_by_size_or_by_the_compression_ratio(tmp_path: Path) -> None:
    # 64 MB of zeros or blank lines compress to about 64 KB: a ratio of 1,000 to 1. A member
    # read whole is refused on its declared size; a streamed one (JSON lines) by the ratio.
    blank_lines = b'{"text": "A short story."}\n' + b"\n" * (64 * 1024 * 1024)
    members = {"ok.txt": TEXT, "bomb.html": bytes(64 * 1024 * 1024), "bomb.jsonl": blank_lines}
    path = tmp_path / "bomb.zip"
    path.write_bytes(make_zip({**members, "after.txt": TEXT}))
    # CPU time of this process, not the wall clock, so that other load on the machine does not
    # fail it: what is bounded is the work done (the ratio stops the stream after its first
    # 16 MB; reading all 64 million blank lines would take several times as long)
    start = time.process_time()
    results = items([path])
    assert time.process_time() - start < 30
    html, jsonl = rejects(results)
    assert html.input == f"{path}#bomb.html" and "67.1 MB, over the 21.0 MB limit" in html.reason
    assert jsonl.input == f"{path}#bomb.jsonl"
    assert "expands over 100:1" in jsonl.reason and "decompression bomb" in jsonl.reason
    # the members around them are read, and the record before the bomb's padding too
    assert [r.source for r in raws(results)] == [
        f"{path}#ok.txt",
        f"{path}#bomb.jsonl#1",
        f"{path}#after.txt",
    ]


def test_a_gzip_bomb_is_stopped_too(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9))
    [reject] = items([path])
    assert isinstance(reject, Reject) and "decompression bomb" in reject.reason


def test_an_archive_total_cap_rejects_the_archive(tmp_path: Path) -> None:
    archive = make_zip({f"{i}.txt": TEXT * 50 for i in range(5)})
    path = tmp_path / "many.zip"
    path.write_bytes(archive)
    results = items([path], max_decompressed_bytes=len(TEXT) * 120)
    assert len(raws(results)) == 2
    [reject] = rejects(results)
    assert reject.input == str(path) and "MAX_DECOMPRESSED_BYTES" in reject.reason


def test_archives_nested_too_deep_are_not_opened(tmp_path: Path) -> None:
    data = TEXT
    for _ in range(5):
        data = gzip.compress(data)
    (tmp_path / "deep.gz").write_bytes(data)
    [reject] = items([tmp_path / "deep.gz"])
    assert isinstance(reject, Reject) and "nested over 3 levels deep" in reject.reason


def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.txt"
    path.write_bytes(TEXT)
    path.chmod(0)
    [reject] = items([path])
    assert isinstance(reject, Reject) and "cannot read" in reject.reason


def test_a_special_file_is_rejected(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    [reject] = items([fifo])
    assert isinstance(reject, Reject) and reject.reason == "not a regular file"


def test_every_fixture_reads_without_error(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "all")
    results = items([tmp_path / "all"])
    # pages 2, RSS 3, Atom 2, the broken RSS 2 of 3, JSON lines 3; the CSV's text column is
    # "body", not "text"
    assert len(raws(results)) == 12
    assert [r.input.rsplit("/", 1)[-1] for r in rejects(results)] == [
        "broken.rss",
        "records.csv",
        *(f"records.jsonl#{n}" for n in (4, 5, 6, 7)),
    ]
    assert all(item.content_type for item in raws(results))
