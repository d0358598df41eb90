"""A generated news crawl for scale-out tests and benchmarks: WARC.gz and JSON-lines shards
of articles from tests/engines/corpus.py, with copies, near copies and unreadable records
spread across shards, so that deduplication has to look across them."""

from __future__ import annotations

import html
import io
import json
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.engines.corpus import article


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(s)}.</p>" for s in text.strip().split(". ") if s)
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body><article>"
        f"<h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _near(text: str) -> str:
    """The same story with one word changed: a near duplicate."""
    for a, b in (("Monday", "Tuesday"), ("Tuesday", "Monday"), ("said", "reported")):
        if a in text:
            return text.replace(a, b, 1)
    return text.replace("The", "This", 1)


def write_crawl(
    folder: Path, *, warcs: int = 2, jsonls: int = 2, per_shard: int = 6, seed: int = 11
) -> list[Path]:
    """Shards `crawl-NN.warc.gz` and `news-NN.jsonl` in `folder`, `per_shard` articles each.

    Besides the articles: each WARC has an image record (passed over) and, from the second
    shard on, the first article of the shard before repeated exactly; each JSON-lines shard
    has a near copy of an article of the first WARC and a line that is not JSON (a reject).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    serial = 0
    texts: list[str] = []
    paths: list[Path] = []
    for w in range(warcs):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        bodies = []
        for _ in range(per_shard):
            text = article(rng, serial)
            texts.append(text)
            bodies.append((f"https://news{w}.example/story/{serial}", f"Story {serial}", text))
            serial += 1
        if w > 0:
            url, title, text = bodies[0]
            bodies.append((url.replace(f"news{w}", "mirror"), title, texts[(w - 1) * per_shard]))
        for url, title, text in bodies:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(_page(title, text)),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-05-14T08:00:00Z"},
            )
            writer.write_record(record)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://news{w}.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
                http_headers=image,
            )
        )
        path = folder / f"crawl-{w:02d}.warc.gz"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    for j in range(jsonls):
        lines = []
        for _ in range(per_shard):
            text = article(rng, serial)
            url = f"https://wire{j}.example/{serial}"
            record = {"text": text, "url": url, "date": "2025-05-13"}
            lines.append(json.dumps(record))
            serial += 1
        near = {"text": _near(texts[j % len(texts)]), "url": f"https://copy{j}.example/near"}
        lines.insert(len(lines) // 2, json.dumps(near))
        lines.append("{not json")
        path = folder / f"news-{j:02d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
