"""WARC archives, built here with warcio: one item per HTML page, crawl plumbing passed over."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.extract.dispatch import extract
from eventwire.ingest.sources import SourceOptions, iter_raw
from eventwire.model import RawItem, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
PAGE = (FIXTURES / "article.html").read_bytes()
UNDATED = (
    b"<html><head><title>Harbour reopens</title></head><body><article>"
    b"<p>The harbour reopened to shipping on Saturday after the storm damage to its outer wall "
    b"was repaired, the port authority said in a statement.</p>"
    b"<p>Ferries will run a reduced timetable until the end of the month.</p>"
    b"</article></body></html>"
)
LATIN1 = (
    "<html><body><article><p>Le café du port a rouvert samedi après la tempête, a annoncé "
    "la mairie, et les pêcheurs ont repris la mer dès l’aube.</p></article></body></html>"
).encode("cp1252")


def build_warc(gzipped: bool = True) -> tuple[bytes, list[str]]:
    """A small crawl: pages, an image, an error page, a redirect, a request and a resource."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    ids: list[str] = []

    def response(url: str, status: str, content_type: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-07-01T12:00:00Z"},
        )
        writer.write_record(record)
        ids.append(record.rec_headers.get_header("WARC-Record-ID"))

    response(
        "https://coastlinepost.example/business/dock", "200 OK", "text/html; charset=utf-8", PAGE
    )
    response("https://coastlinepost.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
    response(
        "https://coastlinepost.example/missing", "404 Not Found", "text/html", b"<html>gone</html>"
    )
    response(
        "https://coastlinepost.example/old",
        "301 Moved Permanently",
        "text/html",
        b"<html>moved</html>",
    )
    response("https://coastlinepost.example/harbour", "200 OK", "application/octet-stream", UNDATED)
    response("https://port.example/cafe", "200 OK", "text/html; charset=windows-1252", LATIN1)
    request = writer.create_warc_record(
        "https://coastlinepost.example/business/dock",
        "request",
        payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
    )
    writer.write_record(request)
    resource = writer.create_warc_record(
        "file:///saved/page.html",
        "resource",
        payload=io.BytesIO(UNDATED),
        warc_content_type="text/html",
    )
    writer.write_record(resource)
    ids.append(resource.rec_headers.get_header("WARC-Record-ID"))
    return buffer.getvalue(), ids


def read(path: Path, **options: object) -> list[RawItem | Reject]:
    return list(iter_raw([str(path)], options=SourceOptions(**options)))  # type: ignore[arg-type]


def test_html_pages_of_a_warc_gz_become_items(tmp_path: Path) -> None:
    data, ids = build_warc()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    results = read(path)
    assert all(isinstance(r, RawItem) for r in results)
    page, harbour, cafe, resource = results
    assert page.source == f"{path}#{ids[0].strip('<>')}"
    assert page.url == "https://coastlinepost.example/business/dock"
    assert page.content_type == "text/html" and page.meta["charset"] == "utf-8"
    assert page.data == PAGE
    # a payload declared as octet-stream that is a page is still read
    assert harbour.url == "https://coastlinepost.example/harbour"
    assert cafe.meta["charset"] == "windows-1252"
    assert (
        resource.source.endswith(ids[-1].strip("<>")) and resource.url == "file:///saved/page.html"
    )


def test_the_crawl_date_is_only_a_fallback_for_the_publication_date(tmp_path: Path) -> None:
    data, _ = build_warc()
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    page, harbour, cafe, _ = read(tmp_path / "crawl.warc.gz")
    assert extract(page)[0].published.date == "2025-03-04"  # the page's own metadata
    assert extract(harbour)[0].published.date == "2025-07-01"  # no date on the page: WARC-Date
    assert "Le café du port a rouvert samedi" in extract(cafe)[0].text  # the HTTP charset


def test_an_uncompressed_warc_and_one_with_another_name(tmp_path: Path) -> None:
    data, _ = build_warc(gzipped=False)
    path = tmp_path / "crawl.data"
    path.write_bytes(data)
    assert len(read(path)) == 4
    path = tmp_path / "crawl.bin"
    path.write_bytes(gzip.compress(data))
    assert len(read(path)) == 4


def test_a_truncated_warc_gz_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    data, ids = build_warc()
    filler = build_filler()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(filler + data[: len(data) - 200])
    results = read(path)
    # every page before the cut is read: one gzip member per record, handed out whole
    pages = [r for r in results if isinstance(r, RawItem)]
    assert len(pages) == 200 + 3  # the crawl's fourth page is the record cut short
    [reject] = [r for r in results if isinstance(r, Reject)]
    assert results[-1] is reject
    assert reject.input == f"{path}#{ids[-1].strip('<>')}"  # only the cut record
    assert reject.reason.startswith("truncated WARC.gz: the archive ends inside a record")


def test_a_warc_gz_cut_anywhere_keeps_every_whole_record(tmp_path: Path) -> None:
    data = build_filler(40)
    path = tmp_path / "cut.warc.gz"
    for share in (0.25, 0.5, 0.9):
        cut = int(len(data) * share)
        path.write_bytes(data[:cut])
        results = read(path)
        whole = _whole_members(data, cut)
        assert sum(isinstance(r, RawItem) for r in results) == whole
        [reject] = [r for r in results if isinstance(r, Reject)]
        assert reject.input.startswith(f"{path}#urn:uuid:")
        assert f"the {whole:,} whole records before it were read" in reject.reason


def test_a_cut_gzip_of_a_page_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE)[:-30])
    [reject] = read(path)
    assert isinstance(reject, Reject) and reject.input == str(path)
    assert reject.reason.startswith("truncated gzip data")


def _whole_members(data: bytes, cut: int) -> int:
    """How many gzip members of `data` end before byte `cut`."""
    import zlib

    count, rest = 0, data
    while rest:
        inflate = zlib.decompressobj(wbits=31)
        inflate.decompress(rest)
        used = len(rest) - len(inflate.unused_data)
        if len(data) - len(rest) + used > cut:
            break
        count += 1
        rest = inflate.unused_data
    return count


def build_filler(pages: int = 200) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    rng = random.Random(7)
    for i in range(pages):
        noise = " ".join(f"{rng.getrandbits(40):x}" for _ in range(2000))  # does not compress
        body = UNDATED.replace(b"Saturday", f"day {i} {noise}".encode())
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://filler.example/{i}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
        )
    return buffer.getvalue()


def test_a_page_over_the_size_limit_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    data, ids = build_warc()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    results = read(path, max_bytes=len(PAGE) - 1)
    [reject] = [r for r in results if isinstance(r, Reject)]
    assert reject.input == f"{path}#{ids[0].strip('<>')}"
    assert "limit for one input" in reject.reason
    assert sum(isinstance(r, RawItem) for r in results) == 3


def test_damaged_and_truncated_uncompressed_warcs_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\nshort")
    [reject] = read(path)
    assert isinstance(reject, Reject) and reject.input == str(path)
    assert reject.reason.startswith("truncated WARC archive: its last record lacks")
    data, ids = build_warc(gzipped=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: data.index(b"Le caf") + 10])  # inside the fourth page
    results = read(path)
    assert [type(r).__name__ for r in results] == ["RawItem", "RawItem", "Reject"]
    assert results[2].input == f"{path}#{ids[5].strip('<>')}"  # type: ignore[union-attr]
    path = tmp_path / "junk.warc"
    path.write_bytes(b"WARC/1.0\r\n\r\n" + bytes(range(256)) * 40)
    [reject] = read(path)
    assert isinstance(reject, Reject) and "damaged WARC archive" in reject.reason
