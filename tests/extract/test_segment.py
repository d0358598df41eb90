"""Page segmentation: one article and the listed headlines out of a saved page's text."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.data import load_yaml
from eventwire.extract.segment import (
    Segment,
    boilerplate,
    list_label,
    pattern_names,
    segment_page,
)

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_89c59f3b33c4d19b.txt"


def page(name: str) -> str:
    # Bytes, not read_text(): universal newlines would hide the CRLF page's line endings.
    return (PAGES / name).read_bytes().decode("utf-8")


def split(segs: list[Segment]) -> tuple[list[Segment], list[str]]:
    return [s for s in segs if s.kind == "article"], [s.text for s in segs if s.kind == "headline"]


def check_offsets(text: str, segs: list[Segment]) -> None:
    """The invariants every segmentation keeps, on any text."""
    kinds = [s.kind for s in segs]
    assert kinds.count("article") <= 1
    assert "article" not in kinds[1:], "the article comes first"
    starts = [s.start for s in segs if s.kind == "headline"]
    assert starts == sorted(starts), "headlines in page order"
    for s in segs:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.text, "no empty segment"
        assert s.text == s.text.strip()
        for line in s.text.split("\n"):
            assert line in text
            assert "\r" not in line
        if s.kind == "headline":
            assert text[s.start : s.end] == s.text
            assert "\n" not in s.text
        else:
            assert text[s.start] == s.text[0] and text[s.end - 1] == s.text[-1]
            assert s.title is None or s.title in text


# Pages of different shapes ----------------------------------------------------------------


def test_title_byline_read_more_share_and_related_block() -> None:
    text = page("title_byline_related.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert article.title == "Port Authority Approves $2.4 Billion Expansion of Container Terminal"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The Halden Port Authority on Tuesday approved")
    assert paragraphs[-1].endswith("fund the rest from fees.")
    for dropped in (
        "By Maria Okafor",
        "Updated 3:04",
        "min read",
        "Advertisement",
        "Read more",
        "Share this",
        "Facebook",
        "Related stories",
        "All rights reserved",
        "Skip to",
        "Follow us",
    ):
        assert dropped not in article.text
    assert heads == [
        "Rail Freight Operator Orders 40 New Locomotives",
        "Shipping Rates Fall for Third Straight Month as Demand Cools",
        "City Council Delays Vote on Waterfront Housing Plan",
        "Harbour Dredging Contract Awarded to Dutch Consortium",
    ]
    assert article.start == text.index("The Halden Port Authority")


def test_numbered_most_read_list_before_the_article_with_its_title_and_byline() -> None:
    text = page("most_read_before_article.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert article.title == "Lisbon Fintech Raises €85 Million to Expand Into Brazil"
    assert article.text.startswith("Tesoura Pay, a Lisbon-based payments start-up")
    assert len(article.text.split("\n")) == 4
    assert "Correspondent" not in article.text and "GMT" not in article.text
    # List numbers are not part of a headline.
    assert heads == [
        "Heatwave Pushes Power Demand to Record High Across Southern States",
        "Central Bank Signals Pause After Three Straight Rate Cuts",
        "Striking Nurses Reach Tentative Deal With Hospital Group",
        "Minister Resigns Over Undeclared Shareholdings",
        "Drought Forces Rationing in Two Northern Provinces",
    ]
    assert segs[0].kind == "article" and segs[1].start < article.start


def test_one_line_paragraphs_with_short_lines_and_questions_stay_one_article() -> None:
    text = page("article_only.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert heads == []
    assert article.title == "Regional Airline Cancels 200 Flights as Pilots Walk Out"
    lines = article.text.split("\n")
    assert len(lines) == 10
    assert lines[0].startswith("Hundreds of passengers were stranded")
    # A subheading and a question line inside the article stay in it.
    assert "What happens next" in lines and "Will the strike spread to cabin crew?" in lines
    assert lines[-1].endswith("would hold a ballot next month.")


def test_bullet_lists_that_continue_the_prose_stay_in_the_article() -> None:
    text = page("bullets_in_article.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert heads == []
    assert article.title == "Government Unveils Emergency Support for Farmers Hit by Floods"
    lines = article.text.split("\n")
    assert len(lines) == 15
    for item in (
        "- Direct payments of up to 50,000 zloty per farm",  # after a line ending in a colon
        "3. Applications must be filed before the end of September",
        "• Larger holdings may be asked for extra documents",  # sentence case, inside a block
    ):
        assert item in lines
    assert "By Tomasz" not in article.text


def test_page_of_only_headlines_gives_only_headlines() -> None:
    text = page("only_headlines.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    articles, heads = split(segs)
    assert articles == []
    assert len(heads) == 7
    assert heads[0] == "Flood Defences Fail in Three Towns as River Reaches Record Level"
    assert heads[-1] == "Mining Company Halts Output at Copper Mine After Accident"
    assert not any("ago" in h or "Menu" in h or "©" in h for h in heads)


def test_sentence_case_headline_list_after_the_article() -> None:
    text = page("sentence_case_list.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert article.title == "Water utility to pay record fine over sewage spills"
    assert article.text.split("\n\n")[-1] == (
        "Campaigners said the fine was welcome but would not undo years of damage to wildlife."
    )
    assert heads == [
        "Ferry operator cuts winter timetable to three crossings a day",
        "Hospital waiting lists rise for sixth month in a row",
        "New bridge over the estuary opens two months early",
        "Police appeal for witnesses after jewellery shop raid",
        "School meals to be free for all primary pupils from September",
    ]
    assert "cookies" not in article.text and "newsletter" not in article.text


def test_crlf_line_endings() -> None:
    text = page("crlf_page.txt")
    assert "\r\n" in text
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert article.title == "Oil Prices Climb After Pipeline Outage in North Sea"
    assert article.text == (
        "Brent crude rose 3% to $84.20 a barrel on Monday after an unplanned outage shut a "
        "pipeline that carries about 200,000 barrels a day from North Sea fields.\n"
        "The operator, Nordlink Energy, said repairs could take up to two weeks.\n"
        "Traders said the outage added to worries about tight supplies ahead of the winter."
    )
    assert heads == [
        "Gold Slips as Dollar Strengthens Ahead of Jobs Data",
        "Copper Hits Six-Month High on Chinese Stimulus Hopes",
        "Wheat Futures Fall as Harvest Forecasts Improve",
    ]


def test_share_credit_cookie_and_copyright_footers_are_dropped() -> None:
    text = page("share_footer.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert heads == []
    assert article.title == "Typhoon Kills 12 in Northern Philippines, Thousands Displaced"
    assert article.text == (
        "MANILA, Oct 3 — Typhoon Ramil killed at least 12 people and forced more than 40,000 "
        "from their homes as it swept across the northern Philippines on Thursday, disaster "
        "officials said.\n"
        "Rescue teams were searching for five fishermen missing off the coast of Cagayan "
        "province.\n"
        "The storm is expected to weaken as it moves toward the South China Sea on Friday."
    )


def test_related_block_with_its_label_inside_the_article() -> None:
    text = page("related_mid_article.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert heads == [
        "Finance Minister Defends Lottery Sale Before Parliament Committee",
        "Consortium Led by Casino Group Wins Preferred Bidder Status",
        "Budget Gap Widens as Tax Receipts Fall Short of Forecasts",
    ]
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4  # the article goes on after the block
    assert paragraphs[-1].startswith("Opposition parties, which had challenged the sale")
    assert "Related" not in article.text


def test_unlabelled_list_above_a_title_set_apart_by_a_blank_line() -> None:
    text = page("unlabelled_list_then_title.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert article.title == "Electric Bus Maker Opens First European Factory in Hungary"
    assert article.text.startswith("Volta Motors opened its first European factory")
    assert len(heads) == 4
    assert heads[0] == "Storm Warning Issued for Eastern Coast as Hurricane Nears"


def test_hard_wrapped_article_then_labelled_list() -> None:
    text = page("hard_wrapped.txt")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    assert len(article.text.split("\n\n")) == 3
    assert len(article.text.split("\n")) == 14  # 12 wrapped lines and 2 paragraph breaks
    assert "European and North American operations." in article.text.split("\n")
    assert heads == [
        "Retail Sales Rise More Than Expected in March",
        "Supermarket Chain to Cut 1,200 Head Office Jobs",
        "Packaging Maker Agrees to Buy Rival for $1.3 Billion",
    ]


WRAPPED = (
    "Ministers from both countries met in Osaka on Tuesday. The delegation included Trade "
    "Minister Aiko Tanaka, Deputy Foreign Minister Kenji Mori, Economy Minister Hiro Sato and "
    "Environment Minister Yuki Abe, who joined the talks late after flying in from Geneva. "
    "Officials said the two sides had agreed to meet again in the autumn to review progress on "
    "the trade agreement and the energy partnership."
)


@pytest.mark.parametrize("width", [41, 52, 60, 72])
def test_wrapped_lines_starting_with_capitals_are_not_a_headline_list(width: int) -> None:
    text = textwrap.fill(WRAPPED, width)
    if width in (41, 52):  # the layouts where three or more lines in a row start capitalised
        caps = "".join("1" if ln[0].isupper() else "0" for ln in text.split("\n"))
        assert "111" in caps
    (article,), heads = split(segment_page(text))
    assert heads == []
    assert article.text == text


# Small cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n\u3000 \n"])
def test_empty_or_whitespace_gives_nothing(text: str) -> None:
    assert segment_page(text) == []


def test_a_lone_headline_is_a_headline_and_a_lone_sentence_an_article() -> None:
    text = "  Central Bank Holds Rates Steady as Inflation Cools  \n"
    assert segment_page(text) == [Segment("headline", text.strip(), 2, 52)]
    (article,) = segment_page("The central bank held rates steady on Thursday.")
    assert article.kind == "article" and article.title is None


def test_boilerplate_only_page_gives_nothing() -> None:
    text = "Menu\nSearch\nShare this article\nAdvertisement\n© 2025 Example Media Ltd.\n"
    assert segment_page(text) == []


def test_a_one_line_per_paragraph_article_is_not_a_headline_list() -> None:
    # Long lines ending in full stops: paragraphs, however many and however short some are.
    paragraphs = [
        "The finance ministry said on Monday that tax receipts rose 6% in the first quarter.",
        "Officials said the increase reflected higher employment and a recovery in spending.",
        "Economists had expected growth of about 4%.",
        "The ministry will publish a revised forecast for the full year next month.",
        "Opposition lawmakers said the figures hid rising inequality.",
    ]
    (article,), heads = split(segment_page("\n".join(paragraphs)))
    assert heads == [] and article.text.split("\n") == paragraphs


def test_unpunctuated_sentence_case_lines_inside_a_paragraph_block_stay() -> None:
    text = (
        "The regulator listed the changes it wants from the airline by the end of the year.\n"
        "Clearer refund rules for cancelled flights\n"
        "Compensation paid within two weeks of a claim\n"
        "A single contact point for disabled passengers\n"
        "The airline said it would study the proposals carefully.\n"
    )
    (article,), heads = split(segment_page(text))
    assert heads == [] and len(article.text.split("\n")) == 5


def test_bullets_and_numbers_are_stripped_from_listed_headlines() -> None:
    text = (
        "Related\n"
        "- Port Strike Ends After Two Weeks\n"
        "• Freight Rates Climb on Canal Delays\n"
        "(3) Shipbuilder Wins Order for Six Tankers\n"
    )
    segs = segment_page(text)
    check_offsets(text, segs)
    assert [s.text for s in segs] == [
        "Port Strike Ends After Two Weeks",
        "Freight Rates Climb on Canal Delays",
        "Shipbuilder Wins Order for Six Tankers",
    ]


def test_a_headline_ending_in_an_initialism_keeps_its_shape() -> None:
    text = (
        "Chipmaker Plans New Plant in the U.S.\n"
        "Carmaker Recalls 40,000 Vehicles in the U.K.\n"
        "Airline Adds Routes to Three Cities in the U.A.E.\n"
    )
    assert [s.kind for s in segment_page(text)] == ["headline"] * 3


# Boilerplate data ------------------------------------------------------------------------------

LABEL_EXAMPLES: dict[str, list[str]] = {
    "related": ["Related", "Related stories", "RELATED COVERAGE:", "Related articles »"],
    "more_from": ["More from Business", "More on this story", "More in Politics ›"],
    "more_stories": ["More stories", "Top headlines", "Latest news", "Other stories"],
    "most_read": ["Most read", "Most Popular", "MOST VIEWED", "Most shared this week"],
    "trending": ["Trending", "Trending now", "Popular now", "Popular stories"],
    "latest": ["Latest", "Headlines", "The Latest", "Top Stories:"],
    "you_may_like": ["You may also like", "You might be interested in", "Recommended for you"],
    "read_next": ["Read next", "Up next", "What to read next", "Read more", "See also"],
    "picks": ["Editor's picks", "Editors’ Picks", "In other news", "Don't miss", "Elsewhere"],
}

BOILERPLATE_EXAMPLES: dict[str, list[str]] = {
    "share": [
        "Share",
        "Share this article",
        "Share on WhatsApp",
        "Tweet",
        "Copy link",
        "Print",
        "Share this:",
        "Save for later",
    ],
    "social_row": ["Facebook Twitter LinkedIn Email", "Facebook | X | WhatsApp | Copy link"],
    "advertisement": [
        "Advertisement",
        "ADVERTISEMENT",
        "Sponsored content",
        "Story continues below advertisement",
        "Continue reading the main story",
    ],
    "copyright": ["© 2025 The Example Times", "(c) 2024 Example Media Group", "Copyright 2025"],
    "rights_reserved": ["Example Media Ltd. All rights reserved.", "All Rights Reserved"],
    "read_more": [
        "Read more: Dock Workers Threaten Strike Over Automation Plans",
        "READ MORE: Fed holds rates",
        "Related: Oil falls",
        "Watch: Minister's speech",
        "See also - Budget explained",
    ],
    "listen_watch": ["Listen to this article", "Listen (4 min)", "Play video", "Watch live"],
    "byline": [
        "By Jane Doe",
        "By Jane Doe, Reporter",
        "By JANE DOE and John Smith",
        "By J. K. Rowe | Reuters",
        "Written by Ana de la Cruz",
    ],
    "byline_role": [
        "Jane Doe, Chief Economics Correspondent",
        "Senior Reporter",
        "Political Editor",
    ],
    "dateline": [
        "Updated 3:04 PM EST",
        "Published: May 12, 2025",
        "Last updated on Monday 12 May",
        "Posted 2 hours ago",
        "First published at 08:15",
    ],
    "date_line": [
        "May 12, 2025",
        "Monday, 12 May 2025 09:15 GMT",
        "2025-05-12",
        "Tue March 11, 2025 at 3:04 pm ET",
        "12/05/2025",
    ],
    "relative_time": ["2 hours ago", "an hour ago", "35 mins ago", "just now"],
    "reading_time": ["4 min read", "12-minute read", "Reading time: 6 minutes"],
    "newsletter": [
        "Sign up for our newsletter",
        "Subscribe to continue reading",
        "Get our free daily newsletter",
        "The best stories, delivered to your inbox",
    ],
    "cookies": [
        "We use cookies to improve your experience.",
        "This website uses cookies. By continuing you agree.",
        "Accept all cookies",
        "Cookie settings",
    ],
    "follow": [
        "Follow us",
        "Follow us on X and Instagram",
        "Follow @examplenews",
        "Follow Example News on Facebook",
        "Like us on Facebook",
    ],
    "nav_row": ["Home | World | Business | Tech", "News › Asia › Japan", "Home > Markets > Oil"],
    "nav_words": [
        "Skip to main content",
        "Menu",
        "Search",
        "Sign in",
        "Home",
        "Back to top",
        "Next article",
        "Load more",
        "Terms of Use",
        "Privacy Policy",
        "Loading...",
    ],
    "comments": [
        "Comments",
        "12 comments",
        "Leave a comment",
        "Join the conversation",
        "Comments are closed",
    ],
    "comment_thread": ["34 responses to “Minister resigns”", "janedoe42 says:", "Reply"],
    "photo_credit": [
        "Photo: Jane Doe/Reuters",
        "Image credit: Getty Images",
        "Cars wait at the port in Yokohama. (AFP via Getty Images)",
    ],
    "reporting_credits": [
        "(Reporting by Jane Doe; Editing by John Smith)",
        "Additional reporting by Ana Ribeiro in Lisbon",
        "Contributing: Kenji Mori",
    ],
    "app_promo": ["Download the app", "Get the Example News app for iPhone", "Open in app"],
    "click_here": ["Click here to subscribe", "Click to expand"],
}

# Lines of news text that look a little like boilerplate and must not be taken for it.
NOT_BOILERPLATE = [
    "By contrast, analysts expect slower growth this year.",
    "By the end of the year, prices had risen 4%.",
    "More-than-expected inflation hits savers",
    "Subscribers flee streaming service after price rise",
    "Girl Scout cookies sales jumped 5% this year.",
    "Published in 1990, the book sold two million copies.",
    "Updated data show 3 million people were affected by the floods.",
    "Share prices fell sharply on Monday.",
    "Follow-up talks are planned for next week.",
    "Home prices rose 4% in March.",
    "Print advertising revenue fell 12% in the quarter.",
    "Netflix Hires Former Vogue Editor as Chief Content Officer",
    "Trump’s Tariff Threat Rattles Markets",
    "Japan Seeks Exemption From Car Tariffs",
    "Watchdog opens inquiry into bank’s lending",
    "Related party transactions rose sharply, the auditor said.",
    "The minister said: “We will not accept this.”",
]


def test_every_label_and_boilerplate_pattern_has_examples() -> None:
    data = load_yaml("boilerplate.yaml")
    assert {e["name"] for e in data["labels"]} == set(LABEL_EXAMPLES)
    assert {e["name"] for e in data["boilerplate"]} == set(BOILERPLATE_EXAMPLES)


@pytest.mark.parametrize(
    ("name", "line"), [(n, ln) for n, lines in LABEL_EXAMPLES.items() for ln in lines]
)
def test_label_pattern_matches_its_examples(name: str, line: str) -> None:
    assert pattern_names()[name].fullmatch(line), f"{name} should match {line!r}"
    assert list_label(line) is not None


@pytest.mark.parametrize(
    ("name", "line"), [(n, ln) for n, lines in BOILERPLATE_EXAMPLES.items() for ln in lines]
)
def test_boilerplate_pattern_matches_its_examples(name: str, line: str) -> None:
    assert pattern_names()[name].fullmatch(line), f"{name} should match {line!r}"
    assert boilerplate(f"  {line}  ") is not None


@pytest.mark.parametrize("line", NOT_BOILERPLATE)
def test_news_lines_are_not_boilerplate(line: str) -> None:
    assert boilerplate(line) is None
    assert list_label(line) is None


def test_boilerplate_patterns_stay_fast_on_hostile_lines() -> None:
    hostile = [
        "By " + "Aaaa, " * 49 + "x.",
        "By " + "A " * 145 + ".",
        "a|" * 149 + "|",
        " ".join(["Facebook"] * 33) + " z",
        "Jane Doe, " + "w " * 140 + "x",
        "(c) " + "a " * 140,
        "all rights reserved " * 14,
        "12 May 2025 " * 24,
        "- " * 149,
    ]
    start = time.perf_counter()
    for line in hostile:
        boilerplate(line[:300])
        list_label(line[:300])
        segment_page((line + "\n") * 20)
    assert time.perf_counter() - start < 5.0


# The seed page ---------------------------------------------------------------------------------


def test_seed_page_is_one_article_and_fifteen_headlines() -> None:
    if not SEED.exists():
        pytest.skip(f"../shared not found: {SEED}")
    text = SEED.read_bytes().decode("utf-8")
    segs = segment_page(text)
    check_offsets(text, segs)
    (article,), heads = split(segs)
    lines = article.text.split("\n")
    assert len(lines) == 6
    assert lines[0].startswith("Japan’s top trade negotiator")
    assert all(line.endswith(".") for line in lines)
    assert len(heads) == 15
    assert heads[0].startswith("Trump’s Rob Reiner Remarks")
    assert heads[-1] == (
        "Ukraine Claims First-Ever Underwater Drone Strike on Russian Missile Submarine"
    )


# Properties ----------------------------------------------------------------------------------

NEWSY_LINES = st.sampled_from(
    [
        "",
        "   ",
        "Related stories",
        "Most read",
        "Advertisement",
        "By Jane Doe, Reporter",
        "© 2025 Example Media. All rights reserved.",
        "- Direct payments to farmers",
        "1. Port Strike Ends After Two Weeks",
        "Port Strike Ends After Two Weeks",
        "Ferry operator cuts winter timetable",
        "The talks will resume next week, officials said.",
        "The package includes:",
        "menu",
        "12",
        "supplier cut its profit forecast for the second time",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_any_text_segments_without_error(text: str) -> None:
    check_offsets(text, segment_page(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(NEWSY_LINES, st.text(max_size=40)), max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_mix_of_page_lines_segments_without_error(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    check_offsets(text, segment_page(text))
