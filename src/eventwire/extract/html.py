"""An HTML page to its documents: the article (main text, title, date) and its headline lists.

The main text comes from trafilatura, run the way it scores best on news (comments off). Around
it, this module does what trafilatura gets wrong for news. The page is parsed once: metadata and
link lists are read from the tree first, then trafilatura works on that same tree.

- Encoding. trafilatura guesses from the bytes alone. Here a byte-order mark, valid UTF-8, the
  declared charset (HTTP or WARC header, then <meta charset>) and detection are tried in that
  order, and a declared charset is believed only if the text it gives does not read as garbage.
- Publication date. trafilatura's date finder falls back to a modification date, to dates in
  scripts ("buildDate") and to "Updated ..." text. Here only publication dates count, strongest
  first: the article's JSON-LD datePublished, publication <meta> tags, elements marked as the
  publication date, a date in the URL path, a "Published ..." byline (data/html_meta.yaml). A
  time stated in UTC gives way to the publisher's local day when the page states that too.
- Headline lists. trafilatura drops link lists (and sometimes keeps one in the text). The page's
  lists of other stories are read from its link blocks: links whose text is headline-shaped,
  that point at a story of the same site (a slug of the headline's words, a story id or a date
  in the path), not inline in a paragraph, and either in a block with other such links or
  marked as a list (a class like "related", a label like "Related stories"). Lines of the
  article text that are such headlines are dropped from it, with bare list labels ("Read
  more:"): the related-stories block that leaked into the text.
- Time. Every page gets settings.EXTRACT_TIMEOUT seconds. In a process's main thread a SIGALRM
  timer stops the extraction (trafilatura is Python code, so the signal lands within
  milliseconds even on pages that would take minutes). Elsewhere (a thread of a server) no
  signal can be used: run extraction in a worker process to bound it there.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import itertools
import json
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.core import trafilatura_sequence
from trafilatura.settings import Extractor
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from eventwire import settings
from eventwire.data import load_yaml
from eventwire.extract.dates import resolve_published
from eventwire.extract.decode import DecodeError
from eventwire.extract.errors import ExtractError
from eventwire.extract.language import detect_language
from eventwire.extract.segment import boilerplate, list_label
from eventwire.ingest.sniff import sniff_binary
from eventwire.model import Document, Published, RawItem


@dataclass(slots=True)
class Headline:
    """A story listed on a page: its link text and where it points."""

    text: str
    url: str | None = None


@dataclass(slots=True)
class HtmlPage:
    """What one HTML page holds, before it becomes Documents."""

    text: str  # the article's main text ("" when the page has none, e.g. a front page)
    title: str | None = None
    url: str | None = None  # the page's canonical URL, when it states one
    published: str | None = None  # YYYY-MM-DD, from the page's own metadata
    author: str | None = None
    sitename: str | None = None
    headlines: list[Headline] = field(default_factory=list)


# Documents -----------------------------------------------------------------------------------


def documents_from_html(item: RawItem, published: Published | None = None) -> list[Document]:
    """The article and headline documents of an HTML page; raises ExtractError when it has none.

    The publication date follows the one rule of `extract.dates.resolve_published`: the date
    given (`published`, e.g. from the command line), the source's (a feed or record said so),
    the page's metadata and dated bylines, then the crawl date.
    """
    try:
        html = decode_html(item.data, item.meta.get("charset"))
    except DecodeError as exc:
        raise ExtractError(str(exc)) from None
    page = read_html(html, url=item.url)
    return page_documents(page, item, published)


def page_documents(
    page: HtmlPage, item: RawItem, published: Published | None = None
) -> list[Document]:
    """The Documents of an extracted page: its article first, then one per listed headline."""
    # The page's own reading of its bylines and dated elements stands for "the date the text
    # states" (it knows an "Updated:" line from a publication date), so no text is re-read.
    published = resolve_published(item, published, "", page.published)
    url = item.url or page.url
    title = item.meta.get("title") or page.title
    docs: list[Document] = []
    article: Document | None = None
    if page.text:
        if len(page.text) > settings.MAX_DOCUMENT_CHARS:
            raise ExtractError(
                f"article text of {len(page.text):,} characters is over the "
                f"{settings.MAX_DOCUMENT_CHARS:,} limit"
            )
        article = Document(
            text=page.text,
            kind="article",
            title=title,
            author=page.author,
            site=page.sitename,
            url=url,
            source=item.source,
            published=published,
            language=detect_language(page.text),
        )
        docs.append(article)
    for headline in page.headlines:
        docs.append(
            Document(
                text=headline.text,  # the headline is the text; no title, as for text pages
                kind="headline",
                site=page.sitename,
                url=headline.url,
                source=item.source,
                published=published,
                # a page's lists are in the page's language (and headlines are too terse to test)
                language=article.language if article else detect_language(headline.text),
                parent_id=article.id if article else None,
            )
        )
    if not docs:
        raise ExtractError("HTML page with no article text and no list of headlines")
    return docs


# Decoding ------------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_CONTROL_BYTES = bytes(c for c in range(32) if chr(c) not in "\t\n\r\f\v")
_TAG = re.compile(r"<[^>]{0,2000}>|&\w{1,10};")
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so does the web's
# text, with its curly quotes in bytes 0x80-0x9f.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819"}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The text of an HTML page's bytes; raises DecodeError with the reason it has none.

    Order: byte-order mark, strict UTF-8, the declared charset (`declared`, then the page's
    <meta charset>) when the text it gives reads as language, then detection.
    """
    if not data:
        raise DecodeError("empty input (0 bytes)")
    what = sniff_binary(data)
    if what:
        raise DecodeError(f"binary data ({what}), not an HTML page")
    text, encoding = _decode(data, declared)
    # binary data shows in its first bytes: the check reads a sample
    if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        sample = text[: settings.SNIFF_BYTES]
        bad = len(_CONTROL.findall(sample))
    else:  # ASCII-compatible: control characters are control bytes, counted in C
        head = data[: settings.SNIFF_BYTES]
        sample = text[: settings.SNIFF_BYTES]
        bad = len(head) - len(head.translate(None, _CONTROL_BYTES)) + sample.count("\ufffd")
    if bad / len(sample) > settings.BINARY_CONTROL_RATIO:
        raise DecodeError(f"binary data, not text ({bad:,} control or undecodable characters)")
    return text


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise DecodeError(f"bytes do not match their {encoding} byte-order mark") from None
    if b"\x00" in data[:4096]:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    tried: list[str] = []
    labels: list[str] = []
    match = _META_CHARSET.search(data[: settings.SNIFF_BYTES])
    for label in (declared, match and match.group(1).decode("ascii")):
        if not label:
            continue
        label = label.strip().strip("\"'").lower()
        labels.append(label)
        encoding = "cp1252" if label in _AS_CP1252 else label
        if encoding in tried or encoding in ("utf-8", "utf8"):
            continue
        tried.append(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue  # a wrong or unknown declaration is common on the web: try the next
        if _garbled(text) <= settings.DECODE_MAX_MESS:
            return text, encoding
    best = from_bytes(data).best()
    said = f" (declared {', '.join(dict.fromkeys(labels))})" if labels else ""
    if best is None:
        raise DecodeError(f"cannot decode: no text encoding fits these bytes{said}")
    text = str(best)
    if _garbled(text) > settings.DECODE_MAX_MESS:
        raise DecodeError(
            f"text reads as garbage in every encoding tried{said}; detected {best.encoding}"
        )
    return text, best.encoding


def _garbled(html: str) -> float:
    """charset-normalizer's mess ratio of the page's visible text (markup dilutes it)."""
    visible = " ".join(_TAG.sub(" ", html[:400_000]).split())
    return mess_ratio(visible[:50_000], maximum_threshold=1.0) if visible else 0.0


# Reading the page ------------------------------------------------------------------------------


class _Timeout(BaseException):
    # BaseException: trafilatura catches Exception in places and must not swallow the deadline.
    pass


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    usable = (
        seconds
        and seconds > 0
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # a caller's own timer wins
    )
    if not usable:
        yield
        return

    def _ring(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_html(
    html: str, *, url: str | None = None, timeout: float | None = settings.EXTRACT_TIMEOUT
) -> HtmlPage:
    """Main text, metadata and headline lists of a decoded page; raises ExtractError."""
    try:
        with _deadline(timeout):
            return _read_html(html, url)
    except _Timeout:
        raise ExtractError(
            f"extraction stopped after {timeout:g} s (EXTRACT_TIMEOUT): a pathological page "
            f"({html.count('<'):,} tags)"
        ) from None


_SCRIPT = re.compile(r"<(script|style)\b[^>]{0,2000}>.*?</\1\s*>", re.S | re.I)
#: Tags kept when a page too deeply nested for the parser is flattened: the blocks that carry
#: text and metadata; every other tag (the div and span nesting) goes.
_FLAT_KEEP = re.compile(
    r"<(?!/?(?:p|br|h[1-6]|li|title|meta|link|html|head|body|article|a|time)\b)"
    r"/?[A-Za-z][^>]{0,2000}>"
)


def _lost_to_depth(html: str, tree: HtmlElement) -> bool:
    """Whether the parser dropped much of the page's text: libxml2 stops at 256 levels of
    nesting and silently leaves out everything deeper."""
    if html.count("<") < settings.HTML_PARSER_MAX_DEPTH:
        return False  # too few tags to nest that deep
    raw = len(_TAG.sub(" ", _SCRIPT.sub(" ", html)).split())
    parsed = len(" ".join(tree.itertext()).split())
    return raw >= settings.HTML_DEPTH_MIN_WORDS and parsed < raw / 2


def _read_html(html: str, url: str | None, *, flat: bool = False) -> HtmlPage:
    tree = load_html(html)
    if tree is None or (tree.find("body") is None and len(tree) < 1):
        raise ExtractError("not an HTML page: the parser found no document in it")
    if not flat and _lost_to_depth(html, tree):
        # read the page again without its nesting rather than lose the text in it
        return _read_html(_FLAT_KEEP.sub(" ", html), url, flat=True)
    meta = _Meta(tree)
    page = HtmlPage(text="", url=meta.canonical_url())
    base = url or page.url
    page.title = meta.title()
    page.author = meta.author()
    page.sitename = meta.sitename()
    page.published = meta.published(base)
    links = _link_candidates(tree, base, page.title)  # before trafilatura changes the tree
    text = _main_text(tree, base)
    if page.title and text:
        # the page's <h1> opens the text; the title has its own field (as segment.py does)
        first, _, rest = text.partition("\n")
        if " ".join(first.split()).casefold() == page.title.casefold():
            text = rest.strip()
    text, page.headlines = _headlines(links, base, text)
    page.text = text
    if not page.text and not page.headlines:
        words = len(" ".join(tree.itertext()).split())
        raise ExtractError(
            "HTML page with no article text and no list of headlines "
            f"({words:,} words, none of them in a main text)"
        )
    return page


def _main_text(tree: HtmlElement, url: str | None) -> str:
    """trafilatura's main text of the page, without reader comments, run on `tree` itself.

    This is what `trafilatura.bare_extraction(tree, include_comments=False).text` gives (a
    test holds it to that), without the copy of the whole tree bare_extraction makes to keep
    its input intact: this module reads the tree first and has no use for it afterwards.
    Comments off is both more accurate for news (readers' comments are not the article:
    shingle F1 0.964 against 0.953 for trafilatura's defaults on the Zyte benchmark) and
    faster (comment sections are pruned rather than extracted).
    """
    options = copy.copy(_extractor())  # Extractor() reads its config anew: a quarter ms
    options.url = options.source = url
    try:
        body, text, _, comments = trafilatura_sequence(tree, options, url)
    except (TypeError, ValueError):  # what bare_extraction treats as "nothing found"
        return ""
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return ""
    return xmltotxt(body, options.formatting).strip()


@functools.cache
def _extractor() -> Extractor:
    return Extractor(output_format="python", comments=False, tables=True)


# Metadata ------------------------------------------------------------------------------------


@functools.cache
def _lexicon() -> dict[str, list[str]]:
    data = load_yaml("html_meta.yaml")
    return {key: [str(v) for v in values] for key, values in data.items()}


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_ORDINAL = re.compile(r"(\d)(?:st|nd|rd|th)\b")
_MODIFIED = re.compile(r"modif|updat|edit|revis|expir", re.I)
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_UTC_TIME = re.compile(r"\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC|GMT)\b", re.I)
_URL_DATE = re.compile(
    r"[/_-]((?:19|20)\d\d)(?:[/_-]?(0[1-9]|1[0-2])[/_-]?|/([a-z]{3})/)(0?[1-9]|[12]\d|3[01])"
    r"(?=[/_.-]|$)"
)
_WORD_DATE_FORMATS = (
    "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
    "%A, %B %d, %Y", "%A %d %B %Y", "%a %d %b %Y", "%a, %d %b %Y",
)  # fmt: skip
_WORD_DATE = re.compile(
    r"(?:[A-Z][a-z]{2,8},? )?(?:\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.? \d{4}"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4})"
)


def _url_date(path: str) -> dt.date | None:
    """A date in a URL path: /2025/05/14/, -2025-05-14-, /20250514/, /2025/may/14/."""
    m = _URL_DATE.search(path)
    if not m:
        return None
    try:
        month = int(m[2]) if m[2] else dt.datetime.strptime(m[3], "%b").month
        return _plausible_day(dt.date(int(m[1]), month, int(m[4])))
    except ValueError:
        return None


def _plausible_day(date: dt.date) -> dt.date | None:
    latest = dt.date.today() + dt.timedelta(days=1)  # a page dated in its own time zone
    return date if date.year >= settings.HTML_MIN_YEAR and date <= latest else None


def iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD from a stated date ("2025-05-14T09:00:00-04:00", "May 14, 2025"), or None.

    The date is the one written (the publisher's local day), not converted to UTC.
    """
    found = _to_date(value)
    return found.isoformat() if found else None


def _to_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    head = value.strip()[:80]
    m = _ISO_DATE.search(head)
    if m:
        with contextlib.suppress(ValueError):
            return _plausible_day(dt.date(int(m[1]), int(m[2]), int(m[3])))
        return None
    m = _WORD_DATE.search(head)
    if not m:
        return None
    text = _ORDINAL.sub(r"\1", m.group().replace(".", ""))
    for fmt in _WORD_DATE_FORMATS:
        try:
            return _plausible_day(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return None


class _Meta:
    """The page's <meta>, JSON-LD and <link> statements, read once."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_element: str | None = None
        self.h1: list[str] = []
        self._scripts: list[str] = []
        # one walk over the tree for everything read here
        for el in tree.iter("meta", "link", "script", "title", "h1"):
            tag = el.tag
            if tag == "meta":
                key = el.get("property") or el.get("name") or el.get("itemprop")
                content = el.get("content")
                if key and content and content.strip():
                    self.meta.setdefault(key.strip().lower(), content.strip())
            elif tag == "script":
                if el.get("type") == "application/ld+json" and el.text:
                    self._scripts.append(el.text)
            elif tag == "link":
                href = el.get("href") or ""
                if self.canonical is None and (el.get("rel") or "").lower() == "canonical":
                    self.canonical = href if href.startswith("http") else None
            elif tag == "title":
                if self.title_element is None:
                    self.title_element = el.text_content()
            elif text := " ".join(el.text_content().split()):
                self.h1.append(text)
        self.article: dict = {}
        self.any_published: str | None = None  # datePublished of any JSON-LD object
        self.publisher_name: str | None = None
        for obj in self._jsonld():
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if not self.article and any(t in _lexicon()["jsonld_article_types"] for t in types):
                self.article = obj
            if self.any_published is None and isinstance(obj.get("datePublished"), str):
                self.any_published = obj["datePublished"]
        publisher = self.article.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            self.publisher_name = publisher["name"].strip() or None

    def _jsonld(self) -> Iterator[dict]:
        for script in self._scripts:
            raw = script.strip()
            if raw.startswith("<!--"):
                raw = raw.removeprefix("<!--").removesuffix("-->")
            try:
                data = json.loads(raw)
            except ValueError:
                # broken JSON-LD is common (trailing commas, raw newlines): keep its date
                m = _JSONLD_PUBLISHED.search(raw)
                if m and self.any_published is None:
                    self.any_published = m.group(1)
                continue
            stack = [data]
            while stack:
                node = stack.pop()
                if isinstance(node, list):
                    stack.extend(reversed(node))
                elif isinstance(node, dict):
                    yield node
                    graph = node.get("@graph")
                    if isinstance(graph, list):
                        stack.extend(reversed(graph))

    def _first(self, key: str) -> str | None:
        for name in _lexicon()[key]:
            value = self.meta.get(name)
            if value:
                return value
        return None

    def title(self) -> str | None:
        title = self._first("title_meta")
        headline = self.article.get("headline")
        if not title and isinstance(headline, str) and headline.strip():
            title = headline
        if not title and len(self.h1) == 1:
            title = self.h1[0]
        if not title:
            title = self.title_element
        return _trim_site(" ".join(title.split()), self.sitename()) if title else None

    def author(self) -> str | None:
        author = self.article.get("author")
        people = author if isinstance(author, list) else [author]
        names = [p.get("name") if isinstance(p, dict) else p for p in people]
        names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
        if names:
            return ", ".join(dict.fromkeys(names))
        value = self._first("author_meta")
        # article:author is often a profile URL, not a name
        return value if value and not value.startswith(("http://", "https://", "/")) else None

    def sitename(self) -> str | None:
        return self._first("sitename_meta") or self.publisher_name

    def canonical_url(self) -> str | None:
        if self.canonical:
            return self.canonical
        value = self.meta.get("og:url")
        return value if value and value.startswith("http") else None

    def published(self, url: str | None) -> str | None:
        """The publication date (YYYY-MM-DD), never a modification date; None when unknown.

        A date in the URL path beats a stated one a day off: metadata times are often in
        UTC ("2025-05-15T01:30:00Z") where the URL keeps the publisher's own day.
        """
        stated = self._stated()
        in_url = None
        if url:
            in_url = _url_date(urlsplit(url).path.lower())
        if stated and in_url and abs((stated - in_url).days) <= 1:
            stated = in_url
        found = stated or in_url or self._byline_date()
        return found.isoformat() if found else None

    def _stated(self) -> dt.date | None:
        """The date the page's metadata gives for its publication, strongest source first.

        A time stated in UTC ("…T01:19:00Z") may fall on the next day from the publisher's
        own: a later statement in local time (an offset other than zero, or a written date)
        a day off is taken for the local day.
        """
        first: dt.date | None = None
        for value in self._statements():
            found = _to_date(value)
            if found is None:
                continue
            if first is None:
                if not _UTC_TIME.search(value):
                    return found
                first = found
            elif not _UTC_TIME.search(value) and abs((found - first).days) == 1:
                return found
        return first or self._marked_date()

    def _statements(self) -> Iterator[str]:
        """Every stated publication date, as written, strongest source first."""
        for value in (self.article.get("datePublished"), self.any_published):
            if isinstance(value, str):
                yield value
        for name in _lexicon()["published_meta"]:
            if name in self.meta:
                yield self.meta[name]
        hints = _lexicon()["published_meta_contains"]
        for key, value in self.meta.items():
            if any(h in key for h in hints) and not _MODIFIED.search(key):
                yield value

    def _marked_date(self) -> dt.date | None:
        """The date of an element marked as the publication date: <time pubdate>,
        itemprop="datePublished", <span class="article-publish-date">, <input
        class="published_date" value=...>. One walk over the tree, only when the metadata
        states no date (an XPath over every class attribute costs more than the walk)."""
        hints = _lexicon()["published_meta_contains"]
        for el in self.tree.iter():
            marked = el.get("itemprop") == "datePublished" or el.get("pubdate") is not None
            if not marked:
                cls = el.get("class")
                if not cls:
                    continue
                cls = cls.lower()
                if not any(h in cls for h in hints) or _MODIFIED.search(cls):
                    continue
            for value in (
                el.get("datetime"),
                el.get("content"),
                el.get("value"),
                el.get("data-pubdate"),
            ):
                found = _to_date(value)
                if found:
                    return found
            # a date element, not a container ("status-publish" marks whole WordPress posts)
            text = el.text_content() if len(el) <= settings.HTML_DATE_ELEMENT_CHILDREN else el.text
            if text and len(text) <= settings.HTML_DATE_ELEMENT_CHARS:
                found = _to_date(text)
                if found:
                    return found
        return None

    def _byline_date(self) -> dt.date | None:
        body = self.tree.find("body")
        if body is None:
            return None
        for el in body.iter("p", "span", "div", "time", "li", "small"):
            text = (el.text or "").strip()
            if not text or len(text) > 120:
                continue
            m = _byline_pattern().match(text)
            if m:
                found = _to_date(text[m.end() :])
                if found:
                    return found
        return None


@functools.cache
def _byline_pattern() -> re.Pattern[str]:
    labels = "|".join(re.escape(label) for label in _lexicon()["published_labels"])
    return re.compile(rf"(?i:(?:{labels}))\b(?: on)?\s*[:\-–—]?\s*")


_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•-]\s+")


def _trim_site(title: str, sitename: str | None) -> str:
    """ "Talks resume | The Daily Wire" → "Talks resume", when the part is the site's name."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site = (sitename or "").casefold()
    for drop in (-1, 0):
        part = parts[drop].strip().casefold()
        if part and (part == site or (site and (part in site or site in part))):
            kept = parts[:-1] if drop == -1 else parts[1:]
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return title


# Headline lists ------------------------------------------------------------------------------

_INLINE = frozenset(
    {"span", "strong", "em", "b", "i", "u", "font", "small", "mark", "time", "abbr", "sup", "sub"}
)
_PROSE_BLOCKS = frozenset({"p", "blockquote", "dd", "figcaption"})
_LIST_CONTAINERS = frozenset({"ul", "ol", "nav", "aside", "section", "footer", "menu", "table"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ATTR_WORDS = re.compile(r"[a-z]+")
_NOT_LINKS = ("#", "javascript:", "mailto:", "tel:")
#: Links of at least HEADLINE_MIN_WORDS words (spaces counted in the normalised text): the
#: filter runs in libxml2, so the one- and two-word menu links most pages are made of never
#: become Python objects.
_LINKS = XPath(
    "//body//a[@href][string-length(normalize-space())"
    " - string-length(translate(normalize-space(), ' ', ''))"
    f" >= {settings.HEADLINE_MIN_WORDS - 1}]"
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_ABSOLUTE = re.compile(r"(?:https?:)?//([^/?#]*)([^?#]*)", re.I)
_STORY_ID = re.compile(rf"\d{{{settings.HTML_STORY_ID_DIGITS},}}")
#: A word: a run of non-space characters holding a letter ("$6.78" and "—" are not words).
_LETTERED = re.compile(r"[^\W\d_]\S*")


@dataclass(slots=True)
class _Candidate:
    text: str
    url: str | None
    block: HtmlElement  # the list container the link sits in
    hinted: bool  # a container class/id or a label says "list of stories"


def _link_candidates(tree: HtmlElement, base: str | None, title: str | None) -> list[_Candidate]:
    """Links on the page that look like other stories: headline-shaped text, pointing at a
    story of the same site, not inline in a paragraph; with the block each sits in."""
    own = _own_addresses(base)
    site = _site(urlsplit(base).hostname) if base else None
    title_key = title.casefold() if title else None
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    containers = _Containers()
    for a in _LINKS(tree):
        href = a.get("href")
        if not href or href.startswith(_NOT_LINKS):
            continue
        shown = a
        if len(a):  # a story card: <a><h3>Headline</h3><p>teaser</p></a>
            shown = next(a.iter(*_HEADINGS), a)
        raw = shown.text_content().split()
        # cheap tests first: most links on a page are menu words
        if not settings.HEADLINE_MIN_WORDS <= len(raw) <= 2 * settings.HEADLINE_MAX_WORDS:
            continue
        headline = " ".join(raw)
        key = headline.casefold()
        if key in seen or key == title_key or not _headline_shaped(headline):
            continue
        href = href.strip()
        if href.split("#", 1)[0].rstrip("/") in own:
            continue  # the page's own address
        if not _story_url(href, headline, site):
            continue
        if boilerplate(headline) or list_label(headline):
            continue
        if _inline_in_prose(a, headline):
            continue
        block, hinted = containers.of(a.getparent())
        seen.add(key)
        candidates.append(_Candidate(headline, href, block, hinted))
    return candidates


def _headlines(
    candidates: list[_Candidate], base: str | None, text: str
) -> tuple[str, list[Headline]]:
    """The page's listed headlines, and the article text without the ones that leaked into it."""
    lines = text.split("\n") if text else []
    line_keys = [_line_key(line) for line in lines]
    # a link whose text is part of a longer line of the article is a link inside a sentence
    candidates = [
        c
        for c in candidates
        if c.text not in text or any(_is_listed(k, {c.text.casefold()}) for k in line_keys)
    ]
    per_block: dict[HtmlElement, int] = {}
    for c in candidates:
        per_block[c.block] = per_block.get(c.block, 0) + 1
    headlines = [
        Headline(c.text, c.url if _is_absolute(c.url) or not base else urljoin(base, c.url))
        for c in candidates
        if c.hinted or per_block[c.block] >= settings.HTML_HEADLINE_BLOCK_MIN
    ][: settings.HTML_MAX_HEADLINES]
    if headlines and lines:
        listed = {h.text.casefold() for h in headlines}
        text = "\n".join(_drop_leaked(lines, listed)).strip()
    return text, headlines


def _drop_leaked(lines: list[str], listed: set[str]) -> list[str]:
    """The article's lines without the page's listed headlines that leaked into it: a block
    of two or more in a row, or one under a list label ("More on this story"); bare list
    labels ("Read more:") go too, as they never belong to an article's prose."""
    keys = [_line_key(line) for line in lines]
    listed_at = [_is_listed(k, listed) for k in keys]
    label_at = [
        len(line) <= settings.HTML_MAX_LABEL_LINE and list_label(line) is not None for line in lines
    ]
    drop = list(label_at)
    for i, is_listed in enumerate(listed_at):
        if not is_listed:
            continue
        neighbours = (i > 0 and listed_at[i - 1]) or (i + 1 < len(lines) and listed_at[i + 1])
        if neighbours or (i > 0 and label_at[i - 1]):
            drop[i] = True
    return [line for line, d in zip(lines, drop, strict=True) if not d]


def _line_key(line: str) -> str:
    """A line as compared with link texts: list bullet dropped, spaces folded, case folded."""
    return " ".join(line.lstrip("-•*·▪ ").split()).casefold()


def _is_listed(key: str, listed: set[str]) -> bool:
    """A line that is a listed headline, alone or followed by its time ("… 2 hours ago")."""
    if key in listed:
        return True
    if len(key) > settings.HTML_MAX_LISTED_LINE:
        return False
    return any(
        key.startswith(h) and boilerplate(key[len(h) :].strip(" -–—|·•")) is not None
        for h in listed
        if len(h) < len(key)
    )


def _headline_shaped(text: str) -> bool:
    words = len(_LETTERED.findall(text))
    if not settings.HEADLINE_MIN_WORDS <= words <= settings.HEADLINE_MAX_WORDS:
        return False
    first = text.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return not text.rstrip("\"'”’»)").endswith((".", ",", ";", ":"))


def _inline_in_prose(a: HtmlElement, headline: str) -> bool:
    block = a.getparent()
    while block is not None and block.tag in _INLINE:
        block = block.getparent()
    if block is None or block.tag not in _PROSE_BLOCKS:
        return False
    around = len(" ".join(block.text_content().split()))
    return around > settings.HTML_LINK_PROSE_RATIO * len(headline)


class _Containers:
    """For each element a link sits in: its list block and whether it is marked as a list of
    stories. Memoised per element, so a page's ancestors are looked at once, not per link."""

    _STOP = frozenset({"body", "html", "main", "article"})

    def __init__(self) -> None:
        self._seen: dict[HtmlElement, tuple[HtmlElement | None, bool]] = {}

    def of(self, parent: HtmlElement) -> tuple[HtmlElement, bool]:
        block, hinted = self._up(parent, settings.HTML_ANCESTOR_DEPTH)
        if block is None:
            # no list element: the link's grandparent groups a row of story cards
            grandparent = parent.getparent()
            block = grandparent if grandparent is not None else parent
        return block, hinted

    def _up(self, el: HtmlElement | None, depth: int) -> tuple[HtmlElement | None, bool]:
        if el is None or depth == 0 or el.tag in self._STOP:
            return None, False
        if el in self._seen:
            return self._seen[el]
        block, hinted = self._up(el.getparent(), depth - 1)
        if el.tag in _LIST_CONTAINERS:
            block = el  # the nearest list element wins over those further up
        hinted = hinted or _hinted(el)
        self._seen[el] = (block, hinted)
        return block, hinted


def _hinted(el: HtmlElement) -> bool:
    """A class or id naming a list of stories, or a list label heading the element."""
    attr = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if attr.strip():
        words = _container_words()
        parts = _ATTR_WORDS.findall(attr)
        if words.intersection(parts):
            return True
        if words.intersection(first + second for first, second in itertools.pairwise(parts)):
            return True
    return _labelled(el)


@functools.cache
def _container_words() -> frozenset[str]:
    return frozenset(_lexicon()["list_container_words"])


def _labelled(el: HtmlElement) -> bool:
    """A heading just before the element (or first in it) reads as a list label."""
    for near in (el.getprevious(), el[0] if len(el) else None):
        if near is not None and near.tag in _HEADINGS:
            label = " ".join(near.text_content().split())
            if label and list_label(label):
                return True
    return False


def _story_url(href: str, headline: str, site: str | None) -> bool:
    """Whether a link points at a story of the same site: its path carries a slug made of
    the headline's words, a long number (a story id) or a date. Menus, footers and section
    fronts ("/business", "/podcasts/daily-brief", "/policy/terms") do not."""
    absolute = _ABSOLUTE.match(href)
    if absolute:
        host = absolute.group(1).rsplit("@", 1)[-1].split(":", 1)[0]
        if site and host and _site(host) != site:
            return False  # another site's page: an advert, an app store, a partner
        path = absolute.group(2).lower()
    elif _SCHEME.match(href):
        return False  # ftp:, whatsapp:, data: ...
    else:  # relative: this site's
        path = href.split("#", 1)[0].split("?", 1)[0].lower()
    if _url_date(path) or _STORY_ID.search(path):
        return True
    slug = next((seg for seg in reversed(path.split("/")) if seg), "")
    slug_words = _SLUG_WORD.findall(slug.rsplit(".", 1)[0])
    if len(slug_words) < settings.HTML_SLUG_MIN_WORDS:
        return False
    words = [w for w in _SLUG_WORD.findall(headline.lower()) if len(w) > 2]
    shared = sum(1 for w in words if w in path)
    return bool(words) and shared >= settings.HTML_SLUG_OVERLAP * len(words)


def _site(host: str | None) -> str | None:
    """The registered part of a host name: "www.bbc.co.uk" → "bbc.co.uk"."""
    if not host:
        return None
    labels = host.lower().rstrip(".").split(".")
    # a short second level under a country code ("co.uk", "com.au") belongs to the suffix
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _is_absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _own_addresses(url: str | None) -> frozenset[str]:
    """The forms a link to the page itself takes: "", its URL and its path (no fragment)."""
    if not url:
        return frozenset({""})
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    full = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return frozenset({"", full, path + query, f"//{parts.netloc}{path}{query}"})


# Fragments (feed summaries, records) ---------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "section", "article",
     "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt", "figcaption", "hr"}
)  # fmt: skip


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed summary), a line per block, scripts dropped."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on junk; fall back to dropping the tags
        return " ".join(_TAG.sub(" ", fragment).split())
    parts: list[str] = []

    def walk(el: HtmlElement) -> None:
        if el.tag in ("script", "style", "noscript") or not isinstance(el.tag, str):
            if el.tail:
                parts.append(el.tail)
            return
        block = el.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
