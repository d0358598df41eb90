"""HTML pages to documents: main text, metadata, headline lists, encodings, dates, time caps."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import trafilatura

from eventwire import settings
from eventwire.data import load_yaml
from eventwire.extract.dispatch import ExtractError, extract
from eventwire.extract.html import decode_html, html_to_text, iso_date, read_html
from eventwire.model import RawItem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"

BODY = (
    "<p>The harbour authority said on Monday that the new container terminal would open in "
    "the spring, two years later than first planned, after a dispute with its builder.</p>"
    "<p>Officials blamed rising steel prices and a shortage of crane parts for the delay, and "
    "said the final bill would be about 15% above the original budget of 400 million.</p>"
    "<p>Local businesses welcomed the news that a date had at last been set, while unions "
    "asked for guarantees that the terminal would hire from the surrounding towns.</p>"
)


def page(head: str = "", body: str = BODY, extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{body}</article>{extra}</body></html>"
    )


def docs_of(html: str | bytes, url: str | None = None, **meta: str) -> list:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return extract(RawItem("page.html", data, url=url, content_type="text/html", meta=meta))


# A whole news page ---------------------------------------------------------------------------


def test_article_page_gives_the_article_and_its_listed_headlines() -> None:
    docs = docs_of((FIXTURES / "article.html").read_bytes())
    article, headlines = docs[0], docs[1:]
    assert article.kind == "article"
    assert article.title == "Dock workers walk out over pay"
    assert article.url == (
        "https://coastlinepost.example/business/2025/03/04/dock-workers-walk-out-over-pay"
    )
    assert article.language == "en"
    assert article.text.startswith("Hundreds of dock workers at the port of Varhaven")
    assert article.text.endswith("she would meet union leaders on Wednesday.")
    # the title has its own field; menus, bylines, lists and footers are not article text
    for junk in ("Dock workers walk out over pay", "Sign up", "Ferry crews", "Privacy", "Storm"):
        assert junk not in article.text
    assert [h.text for h in headlines] == [
        "Ferry crews vote to accept new contract",
        "Grain exports climb to five-year high",
        "Port of Varhaven unveils expansion plan",
        "Storm closes mountain passes for a third day",
        "Local side seals promotion with late winner",
    ]
    assert all(h.kind == "headline" and h.parent_id == article.id for h in headlines)
    assert headlines[0].url == (
        "https://coastlinepost.example/business/2025/02/27/ferry-crews-vote-to-accept-new-contract"
    )
    # the inline link of a sentence, the menu, the newsletter link, the footer and the advert
    # on another site are not headlines
    texts = " ".join(h.text for h in headlines)
    for not_a_headline in ("record profit", "Climate", "newsletter", "newsroom", "Buy one"):
        assert not_a_headline not in texts


def test_page_published_date_is_the_publication_not_the_update_or_a_script_date() -> None:
    article = docs_of((FIXTURES / "article.html").read_bytes())[0]
    assert article.published.date == "2025-03-04"  # not 03-06 (modified), not 06-20 (build)
    assert article.published.origin == "metadata"


def test_related_blocks_that_leak_into_trafilatura_text_are_moved_to_headlines() -> None:
    data = (FIXTURES / "leaky_related.html").read_bytes()
    bare = trafilatura.extract(data)
    assert "Bus fares to rise in April" in bare and "2 hours ago" in bare  # the leak is real
    docs = docs_of(data)
    article = docs[0]
    for leaked in ("Bus fares", "Station square", "Cycle lanes", "Night buses", "Read more"):
        assert leaked not in article.text
    assert "Opponents argued" in article.text and "Construction is expected" in article.text
    assert [d.text for d in docs[1:]] == [
        "Bus fares to rise in April",
        "Station square redesign unveiled",
        "Cycle lanes extended across old town",
        "Night buses return to harbour district",
    ]


def test_a_front_page_of_headlines_only_gives_headlines_without_a_parent() -> None:
    items = "".join(
        f"<li><a href='/news/2025/05/1{i}/{slug}'>{text}</a></li>"
        for i, (slug, text) in enumerate(
            [
                ("talks-resume-in-geneva", "Talks resume in Geneva after pause"),
                ("rail-strike-called-off", "Rail strike called off at last minute"),
                ("floods-hit-northern-valleys", "Floods hit northern valleys again"),
            ]
        )
    )
    html = f"<html><head><title>Front page</title></head><body><ul>{items}</ul></body></html>"
    docs = docs_of(html, url="https://news.example/")
    assert [d.kind for d in docs] == ["headline"] * 3
    assert all(d.parent_id is None for d in docs)
    assert docs[0].url == "https://news.example/news/2025/05/10/talks-resume-in-geneva"


def test_links_to_other_sites_and_single_stray_links_are_not_headlines() -> None:
    extra = (
        "<div class='promo'><a href='https://other.example/2025/05/12/miracle-diet-works'>"
        "This miracle diet really works for everyone</a></div>"
        "<div><a href='/news/2025/05/12/ministers-meet-on-budget'>Ministers meet on budget "
        "today</a></div>"
    )
    docs = docs_of(page(extra=extra), url="https://news.example/news/2025/05/12/terminal-delay")
    # the promo points elsewhere; the lone link has no list around it and no label
    assert [d.kind for d in docs] == ["article"]


# Dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # only a modification date: the publication date is unknown, not the update
        ("<meta property='article:modified_time' content='2025-06-02T10:00:00Z'>", None, None),
        # a date in a script is the site's build, not the article's
        ('<script>var cfg={"buildDate":"2025-06-20T08:00:00Z"};</script>', None, None),
        # JSON-LD with dateModified first
        (
            '<script type=\'application/ld+json\'>{"@type":"NewsArticle",'
            '"dateModified":"2025-06-02","datePublished":"2025-05-14"}</script>',
            None,
            "2025-05-14",
        ),
        # JSON-LD broken by a trailing comma: its date is still read
        (
            '<script type=\'application/ld+json\'>{"@type":"NewsArticle",'
            '"datePublished":"2025-05-14T10:00:00+02:00",}</script>',
            None,
            "2025-05-14",
        ),
        # a UTC time just after midnight and the publisher's local time: the local day
        (
            "<meta property='article:published_time' content='2025-05-15T01:30:00Z'>"
            "<meta name='sailthru.date' content='2025-05-14 21:30:00 -0400'>",
            None,
            "2025-05-14",
        ),
        # a UTC time a day after the URL's date: the URL keeps the publisher's day
        (
            "<meta property='article:published_time' content='2025-05-15T02:00:00+00:00'>",
            "https://news.example/2025/05/14/terminal-delay",
            "2025-05-14",
        ),
        # the URL's date alone
        ("", "https://news.example/world/2025/may/14/terminal-delay", "2025-05-14"),
        # a written date in a meta tag
        ("<meta name='publish-date' content='May 14, 2025, 07:47 PM EST'>", None, "2025-05-14"),
        # a date in the future is a metadata error
        ("<meta property='article:published_time' content='2999-01-01'>", None, None),
    ],
)
def test_publication_date_sources(head: str, url: str | None, expected: str | None) -> None:
    assert docs_of(page(head), url=url)[0].published.date == expected


def test_byline_and_marked_elements_give_the_date_when_metadata_does_not() -> None:
    byline = "<p class='dateline'>Published: 14 May 2025, 09:12</p><p>Updated: 2 June 2025</p>"
    assert docs_of(page(body=byline + BODY))[0].published.date == "2025-05-14"
    marked = "<span class='article-publish-date'>May 14, 2025, 9:02 AM</span>"
    assert docs_of(page(body=marked + BODY))[0].published.date == "2025-05-14"
    updated = "<p>Updated: June 3, 2025</p>"
    assert docs_of(page(body=updated + BODY))[0].published.date is None


def test_date_given_by_the_user_or_the_source_wins_and_a_crawl_date_is_a_fallback() -> None:
    from eventwire.model import Published

    head = "<meta property='article:published_time' content='2025-05-14T10:00:00Z'>"
    user = Published("2025-01-01", "user")
    data = page(head).encode()
    item = RawItem("p.html", data, content_type="text/html")
    assert extract(item, user)[0].published == user
    item = RawItem("p.html", data, content_type="text/html", published="2025-05-13")
    assert extract(item)[0].published.date == "2025-05-13"
    # A crawl date is the last resort, and says it is one: never taken for a publication date.
    crawled = RawItem("p.html", page().encode(), meta={"crawled": "2025-07-01"})
    assert extract(crawled)[0].published == Published("2025-07-01", "crawl")
    crawled = RawItem("p.html", data, meta={"crawled": "2025-07-01"})
    assert extract(crawled)[0].published == Published("2025-05-14", "metadata")


def test_iso_date_keeps_the_written_day() -> None:
    assert iso_date("2025-05-14T23:30:00-04:00") == "2025-05-14"
    assert iso_date("Wednesday, May 14th, 2025") == "2025-05-14"
    assert iso_date("14 May 2025") == "2025-05-14"
    assert iso_date("2025/05/14") == "2025-05-14"
    assert iso_date("sometime soon") is None
    assert iso_date("1850-01-01") is None


# Encodings and bad pages ---------------------------------------------------------------------

CP1252_PAGE = (
    "<html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
    "<title>Café owners say “enough”</title></head><body><article>"
    "<p>Café owners in the old town say “enough is enough” after a third rent rise this "
    "year, and the mayor’s office has promised a review of the city’s leases.</p>"
    "<p>The café association said 40 of its members would close for a day in protest, "
    "and that tourists would find the squares empty on Saturday.</p>"
    "<p>The mayor’s spokesman said the city was ‘listening’ and would publish a report.</p>"
    "</article></body></html>"
)


def test_a_wrong_declared_encoding_is_not_believed() -> None:
    # windows-1252 bytes declared as KOI8-R: every byte decodes, into Cyrillic garbage
    data = CP1252_PAGE.format(charset="koi8-r").encode("cp1252")
    assert "Café" not in data.decode("koi8-r")
    text = decode_html(data)
    assert "Café owners in the old town say “enough is enough”" in text
    article = docs_of(data)[0]
    assert "mayor’s office" in article.text


def test_declared_encoding_used_when_it_reads_right_and_latin1_read_as_windows_1252() -> None:
    data = CP1252_PAGE.format(charset="iso-8859-1").encode("cp1252")
    assert "“enough is enough”" in decode_html(data)
    # an HTTP or WARC header's charset comes first
    data = CP1252_PAGE.format(charset="utf-8").encode("cp1252")
    assert "“enough is enough”" in decode_html(data, "windows-1252")


def test_utf8_wins_over_a_wrong_declaration() -> None:
    data = CP1252_PAGE.format(charset="iso-8859-1").encode("utf-8")
    assert "Café owners" in decode_html(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data (a PNG image)"),
        (b"%PDF-1.7\n" + b"\x00\x01" * 500, "binary data (a PDF document)"),
        (b"<html>" + bytes(range(1, 9)) * 200 + b"</html>", "control or undecodable"),
    ],
)
def test_binary_or_empty_pages_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        extract(RawItem("renamed.html", data, content_type="text/html"))


def test_a_page_with_no_text_is_rejected_with_a_reason() -> None:
    html = "<html><head><title>Loading</title></head><body><div id='app'></div></body></html>"
    with pytest.raises(ExtractError, match="no article text and no list of headlines"):
        docs_of(html)


def test_a_pathological_page_is_stopped_by_the_time_cap() -> None:
    # hundreds of thousands of spans keep trafilatura busy for many seconds
    html = "<html><body><p>" + "<span>w</span> " * 300_000 + "</p></body></html>"
    start = time.perf_counter()
    with pytest.raises(ExtractError, match=r"stopped after 0.5 s"):
        read_html(html, timeout=0.5)
    assert time.perf_counter() - start < 3
    # the timer and the handler are gone: nothing fires later
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_extract_timeout_setting_is_seconds_for_one_page() -> None:
    assert 0 < settings.EXTRACT_TIMEOUT <= 60


def test_an_html_fragment_is_read_as_a_page() -> None:
    fragment = BODY  # no <html>, no <body>
    docs = docs_of(fragment)
    assert docs[0].text.startswith("The harbour authority said on Monday")


def test_html_to_text_keeps_blocks_as_lines_and_drops_scripts() -> None:
    html = (
        "<p>First <b>line</b> here.</p><script>var x = 1;</script><ul><li>One</li><li>Two</li></ul>"
    )
    assert html_to_text(html) == "First line here.\nOne\nTwo"
    assert html_to_text("no markup at all") == "no markup at all"


# The lexicon: every entry is read --------------------------------------------------------------


def _lexicon() -> dict:
    return load_yaml("html_meta.yaml")


@pytest.mark.parametrize("name", _lexicon()["published_meta"])
def test_each_published_meta_name_gives_the_date(name: str) -> None:
    head = f"<meta name='{name}' content='2025-05-14T09:00:00+02:00'>"
    assert docs_of(page(head))[0].published.date == "2025-05-14"


@pytest.mark.parametrize("part", _lexicon()["published_meta_contains"])
def test_each_published_name_part_gives_the_date(part: str) -> None:
    head = f"<meta name='site-{part}-stamp' content='2025-05-14'>"
    assert docs_of(page(head))[0].published.date == "2025-05-14"
    marked = f"<span class='story-{part}'>2025-05-14</span>"
    assert docs_of(page(body=marked + BODY))[0].published.date == "2025-05-14"


@pytest.mark.parametrize("kind", _lexicon()["jsonld_article_types"])
def test_each_jsonld_article_type_gives_title_and_author(kind: str) -> None:
    head = (
        "<script type='application/ld+json'>"
        f'{{"@graph": [{{"@type": "WebSite", "name": "Site"}}, {{"@type": ["{kind}"], '
        '"headline": "Terminal opening delayed", "datePublished": "2025-05-14", '
        '"author": [{"name": "Ilse Brandt"}, {"name": "Tom Okafor"}]}]}</script>'
    )
    page_ = read_html(page(head))
    assert page_.title == "Terminal opening delayed"
    assert page_.author == "Ilse Brandt, Tom Okafor"
    assert page_.published == "2025-05-14"


@pytest.mark.parametrize("label", _lexicon()["published_labels"])
def test_each_byline_label_gives_the_date(label: str) -> None:
    byline = f"<p>{label.capitalize()}: 14 May 2025</p>"
    assert docs_of(page(body=byline + BODY))[0].published.date == "2025-05-14"


@pytest.mark.parametrize("name", _lexicon()["title_meta"])
def test_each_title_meta_gives_the_title(name: str) -> None:
    head = f"<title>Other | Site</title><meta property='{name}' content='Terminal opening delayed'>"
    assert read_html(page(head)).title == "Terminal opening delayed"


@pytest.mark.parametrize("name", _lexicon()["author_meta"])
def test_each_author_meta_gives_the_author(name: str) -> None:
    assert read_html(page(f"<meta name='{name}' content='Ilse Brandt'>")).author == "Ilse Brandt"


@pytest.mark.parametrize("name", _lexicon()["sitename_meta"])
def test_each_sitename_meta_gives_the_site_and_trims_the_title(name: str) -> None:
    head = (
        f"<meta name='{name}' content='Harbour Herald'>"
        "<title>Terminal delayed | Harbour Herald</title>"
    )
    result = read_html(page(head))
    assert result.sitename == "Harbour Herald"
    assert result.title == "Terminal delayed"


@pytest.mark.parametrize("word", _lexicon()["list_container_words"])
def test_each_container_word_marks_a_list_of_stories(word: str) -> None:
    # one headline alone counts only when its container says it is a list of stories
    extra = (
        f"<div class='box-{word}'><div><a href='/news/2025/05/12/ministers-meet-on-budget'>"
        "Ministers meet on the budget today</a></div></div>"
    )
    docs = docs_of(page(extra=extra), url="https://news.example/news/2025/05/12/terminal-delay")
    assert [d.text for d in docs[1:]] == ["Ministers meet on the budget today"]


def test_main_text_is_trafilaturas_without_its_copy_of_the_tree() -> None:
    # _main_text calls trafilatura's extraction cascade on the tree itself (an internal API of
    # the pinned version): it must give what the public bare_extraction gives
    from trafilatura.utils import load_html

    from eventwire.extract.html import _main_text

    for name in ("article.html", "leaky_related.html"):
        html = (FIXTURES / name).read_text("utf-8")
        public = trafilatura.bare_extraction(html, include_comments=False)
        assert _main_text(load_html(html), None) == public.text.strip()


def test_bytes_no_encoding_explains_are_rejected_naming_the_declared_charset() -> None:
    import random

    rng = random.Random(3)
    junk = bytes(rng.choice(range(0x80, 0x100)) for _ in range(3000))
    data = b"<html><head><meta charset='shift_jis'></head><body><p>" + junk + b"</p></body></html>"
    with pytest.raises(ExtractError, match=r"cannot decode: .* \(declared shift_jis\)"):
        docs_of(data)


def test_extraction_in_a_thread_runs_without_the_signal_timer() -> None:
    import threading

    results: list[object] = []
    thread = threading.Thread(target=lambda: results.append(read_html(page(), timeout=0.5)))
    thread.start()
    thread.join()
    assert results and results[0].text.startswith("The harbour authority")  # type: ignore[attr-defined]


def test_article_document_carries_author_and_site() -> None:
    html = (
        "<html><head><title>Harbour opens | Coast Gazette</title>"
        '<meta property="og:site_name" content="Coast Gazette">'
        '<meta name="author" content="Ilse Brandt"></head><body><article>'
        + BODY
        + "</article></body></html>"
    )
    article = docs_of(html)[0]
    assert (article.author, article.site) == ("Ilse Brandt", "Coast Gazette")
