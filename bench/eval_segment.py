"""Benchmark page segmentation (eventwire.extract.segment) on real news text.

Two measures, both on data in ../shared beside the checkout (never copied into the project):

1. BBC shapes. Each BBC article (title line, blank line, paragraphs) is laid out in the
   shapes saved pages take: as is; one line per paragraph (no blank lines); followed by a list
   of other BBC titles after blank lines; preceded by such a list; followed by a labelled
   ("Related stories") list. The expected segmentation is known, so the script reports the share
   of pages segmented exactly (one article, the right number of headlines), title accuracy,
   article-line recall/precision and headline precision/recall, with the misses.
2. Zyte article-extraction benchmark (181 real news pages). Each HTML page is flattened to a
   text dump the way a browser's "save as text" does (one line per block element, scripts
   dropped), segmented, and the article text is scored against the benchmark's articleBody
   with its metric (precision/recall/F1 of word 4-gram shingles, averaged over pages).
   Baselines: the whole dump taken as the article, and trafilatura on the HTML.

Run: .venv/bin/python bench/eval_segment.py [--limit N] [--misses K]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from eventwire.extract.segment import segment_page

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
BBC = SHARED / "corpora" / "bbc"
AEB = SHARED / "eval" / "extract" / "scrapinghub-aeb"
LIST_LEN = 8  # headlines in each synthetic list


# 1. BBC shapes -----------------------------------------------------------------------------


def _bbc_articles(limit: int | None) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of each BBC article, in a fixed order."""
    out = []
    for path in sorted(BBC.glob("*/*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # one file is deliberately not UTF-8: that is ingest's business
        lines = [ln.strip() for ln in text.splitlines()]
        title, body = lines[0], [ln for ln in lines[1:] if ln]
        if title and body:
            out.append((title, body))
    random.Random(7).shuffle(out)
    return out[:limit] if limit else out


def _shapes(title: str, body: list[str], others: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Page text and expected headlines for each layout."""
    article = "\n\n".join(body)
    listed = "\n".join(others)
    return {
        "plain": (f"{title}\n\n{article}\n", []),
        "one_line_paragraphs": (f"{title}\n" + "\n".join(body) + "\n", []),
        "list_after": (f"{title}\n\n{article}\n\n\n{listed}\n", others),
        "list_before": (f"{listed}\n\n{title}\n\n{article}\n", others),
        "labelled_after": (f"{title}\n{article}\n\nRelated stories\n{listed}\n", others),
    }


def bench_bbc(limit: int | None, misses: int) -> None:
    articles = _bbc_articles(limit)
    titles = [t for t, _ in articles]
    stats: dict[str, Counter[str]] = {}
    missed: list[str] = []
    start = time.perf_counter()
    chars = 0
    for i, (title, body) in enumerate(articles):
        others = [titles[(i + k + 1) % len(titles)] for k in range(LIST_LEN)]
        for shape, (page, want_heads) in _shapes(title, body, others).items():
            chars += len(page)
            segs = segment_page(page)
            arts = [s for s in segs if s.kind == "article"]
            heads = [s.text for s in segs if s.kind == "headline"]
            c = stats.setdefault(shape, Counter())
            c["pages"] += 1
            exact = len(arts) == 1 and len(heads) == len(want_heads)
            c["exact"] += exact
            c["title_ok"] += bool(arts) and arts[0].title == title
            kept = set(arts[0].text.split("\n")) if arts else set()
            c["body_lines"] += len(body)
            c["body_kept"] += sum(1 for ln in body if ln in kept)
            c["article_lines"] += sum(1 for ln in kept if ln)
            c["article_foreign"] += sum(1 for ln in kept if ln and ln not in body)
            c["heads_want"] += len(want_heads)
            c["heads_got"] += len(heads)
            c["heads_ok"] += len(set(heads) & set(want_heads))
            if not exact and len(missed) < misses:
                missed.append(
                    f"  [{shape}] {title!r}: {len(arts)} article(s), {len(heads)} headline(s) "
                    f"(want {len(want_heads)}); lost: "
                    f"{[h for h in want_heads if h not in heads][:3]} "
                    f"extra: {[h for h in heads if h not in want_heads][:3]}"
                )
    took = time.perf_counter() - start
    print(f"BBC shapes: {len(articles)} articles x {len(stats)} layouts")
    print(
        f"{'layout':22} {'exact':>7} {'title':>7} {'body R':>7} {'body P':>7} "
        f"{'head P':>7} {'head R':>7} {'wrong heads/page':>17}"
    )
    for shape, c in stats.items():
        head_p = f"{c['heads_ok'] / c['heads_got']:7.3f}" if c["heads_want"] else f"{'-':>7}"
        head_r = f"{c['heads_ok'] / c['heads_want']:7.3f}" if c["heads_want"] else f"{'-':>7}"
        body_p = 1 - c["article_foreign"] / c["article_lines"] if c["article_lines"] else 0.0
        wrong = (c["heads_got"] - c["heads_ok"]) / c["pages"]
        print(
            f"{shape:22} {c['exact'] / c['pages']:7.3f} {c['title_ok'] / c['pages']:7.3f} "
            f"{c['body_kept'] / c['body_lines']:7.3f} {body_p:7.3f} {head_p} {head_r} "
            f"{wrong:17.3f}"
        )
    print(f"throughput: {chars / took / 1e6:.2f} M chars/s ({chars:,} chars in {took:.2f} s)")
    if missed:
        print("misses:")
        print("\n".join(missed))


# 2. Zyte article-extraction benchmark ------------------------------------------------------

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "td", "th", "tr", "ul",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"}


def html_to_dump(html: str) -> str:
    """The page's visible text with one line per block element, like a browser's text save."""
    import lxml.html

    root = lxml.html.fromstring(html)
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in "".join(parts).split("\n"))
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):  # collapse runs of blank lines to one
            out.append(ln)
    return "\n".join(out).strip() + "\n"


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = text.split()
    return Counter(tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1)))


def _prf(pred: str, gold: str) -> tuple[float, float, float]:
    """The benchmark's metric: precision/recall/F1 over word 4-gram shingles."""
    p, g = _shingles(pred), _shingles(gold)
    if not pred.split() and not gold.split():
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    prec = overlap / sum(p.values()) if pred.split() else 0.0
    rec = overlap / sum(g.values()) if gold.split() else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def bench_aeb(limit: int | None, misses: int) -> None:
    import trafilatura

    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    scores: dict[str, list[tuple[float, float, float]]] = {
        "segment_page": [], "whole dump": [], "trafilatura (HTML)": [],
    }  # fmt: skip
    worst: list[tuple[float, str, str]] = []
    seg_time = 0.0
    for key in ids:
        html = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
        html_text = html.decode("utf-8", errors="replace")
        gold = truth[key]["articleBody"]
        dump = html_to_dump(html_text)
        t0 = time.perf_counter()
        segs = segment_page(dump)
        seg_time += time.perf_counter() - t0
        article = next((s.text for s in segs if s.kind == "article"), "")
        scores["segment_page"].append(_prf(article, gold))
        scores["whole dump"].append(_prf(dump, gold))
        scores["trafilatura (HTML)"].append(_prf(trafilatura.extract(html_text) or "", gold))
        f1 = scores["segment_page"][-1][2]
        worst.append((f1, key, truth[key]["url"]))
    print(f"\nZyte article-extraction benchmark: {len(ids)} pages, text dumps of the HTML")
    print(f"{'method':22} {'P':>7} {'R':>7} {'F1':>7}")
    for name, rows in scores.items():
        n = len(rows)
        print(
            f"{name:22} {sum(r[0] for r in rows) / n:7.3f} {sum(r[1] for r in rows) / n:7.3f} "
            f"{sum(r[2] for r in rows) / n:7.3f}"
        )
    print(f"segment_page time: {seg_time:.2f} s for {len(ids)} pages")
    worst.sort()
    print("lowest F1 (segment_page):")
    for f1, key, url in worst[:misses]:
        print(f"  {f1:.3f} {key} {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles / pages per part")
    parser.add_argument("--misses", type=int, default=15, help="misses to print per part")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"../shared not found: {SHARED}", file=sys.stderr)
        return 1
    bench_bbc(args.limit, args.misses)
    bench_aeb(args.limit, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
