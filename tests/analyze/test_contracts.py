"""The analyzer contract on real parses: each analyzer of the default chain only adds.

docs/architecture.md ("Analyzers and their contracts"): an analyzer may fill in attributes of
a record an earlier one wrote (an entity's country, a mention's entity), never drop or rewrite
one. Every analyzer of `pipeline.default_analyzers()` runs here in order on texts written to
exercise the corrections of names (country compounds, titles before names, names NER missed
or mislabelled, governments named with their owner) and the records of every field are
compared before and after it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from eventwire.analyze.base import DOCUMENT_FIELDS, PARSED_FIELDS, ContractError, PageContext
from eventwire.analyze.parse import parse_pages
from eventwire.model import Document, Mention, Published, Span
from eventwire.pipeline import build_analyzers, default_analyzers

ARTICLE = (
    "U.S.-China trade talks resumed in Geneva on Monday. Treasury Secretary Scott Bessent "
    "said the Trump administration would cut tariffs on Chinese goods to 30% from 145% on "
    "May 14. President Donald Trump said Beijing had agreed. Japanese officials said Tokyo "
    "is urging Washington to lift its 25% tariff on cars, and Japan's top trade negotiator, "
    "Ryosei Akazawa, will visit Washington. Akazawa said the Japanese government would not "
    "accept quotas.\n\n"
    "President Lai Ching-te met Social Democrats from Germany in Taipei on Tuesday. Lai said "
    "Taiwan would buy $10 billion of U.S. farm goods a year. Liberal Democrats in London "
    "criticised the deal, and Mr Starmer declined to comment.\n\n"
    "A federal judge in Texas blocked the EU's ban on beef imports from Brazil from July 1. "
    "Michael Jordan, the Bulls star, said nothing. Jordan said the Kenyan government would "
    "fine Toyota Motor Corp 2 billion yen. Kiev said Russian forces shelled Kharkiv."
)
HEADLINES = (
    "Korea Zinc Plans $6.78 Billion U.S. Smelter Investment",
    "TRUMP SAYS US-CHINA DEAL WILL CUT TARIFFS TO 30%",
    "Belarus Frees Opposition Leader Maria Kalesnikava",
)


def _page() -> list[Document]:
    published = Published("2025-05-14", "user")
    article = Document(text=ARTICLE, published=published)
    return [article] + [
        Document(text=h, kind="headline", parent_id=article.id, published=published)
        for h in HEADLINES
    ]


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def _covers(before: Any, after: Any) -> bool:
    """True when `after` is `before` with, at most, attributes filled in that were empty and
    items added to its lists."""
    if not _filled(before):
        return True
    if isinstance(before, dict):
        return isinstance(after, dict) and all(_covers(v, after.get(k)) for k, v in before.items())
    if isinstance(before, list):
        return isinstance(after, list) and all(any(_covers(b, a) for a in after) for b in before)
    return before == after


def _records(doc: Document) -> dict[str, list[dict[str, Any]]]:
    fields = sorted(DOCUMENT_FIELDS - PARSED_FIELDS)
    return {name: [asdict(r) for r in getattr(doc, name)] for name in fields}


def _lost(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[str]:
    """The records of `before` that `after` no longer holds, as "field: record"."""
    return [
        f"{name}: {record}"
        for name, records in before.items()
        for record in records
        if not any(_covers(record, other) for other in after[name])
    ]


@pytest.fixture(scope="module")
def analysed() -> list[tuple[str, str, list[str], list[str]]]:
    """(analyzer, document kind, lost records, fields it changed without declaring them),
    for every analyzer of the default chain on every document of the page."""
    chain = build_analyzers(default_analyzers())
    page = _page()
    (parsed,) = parse_pages([page])
    context = PageContext()
    results = []
    for doc, p in zip(page, parsed, strict=True):
        for analyzer in chain:
            before = _records(doc)
            analyzer(doc, p, context)
            after = _records(doc)
            undeclared = [
                name
                for name in before
                if before[name] != after[name] and name not in analyzer.assigns
            ]
            results.append((analyzer.name, doc.kind, _lost(before, after), undeclared))
    return results


def test_every_analyzer_only_adds_to_what_earlier_ones_wrote(analysed) -> None:
    broken = [(name, kind, lost) for name, kind, lost, _ in analysed if lost]
    assert broken == []


def test_every_analyzer_writes_only_the_fields_it_assigns(analysed) -> None:
    assert [(name, kind, fields) for name, kind, _, fields in analysed if fields] == []


def test_the_page_exercises_the_corrections_of_names(analysed) -> None:
    """The texts hold what the mention stage corrects and the actors analyzer adds to, so the
    contract is tested where it was once broken."""
    page = _page()
    (parsed,) = parse_pages([page])
    article = page[0]
    chain = default_analyzers()
    for analyzer in chain[:2]:
        analyzer(article, parsed[0], PageContext())
    mentions = {(m.span.text, m.label) for m in article.mentions}
    assert {("U.S.", "GPE"), ("China", "GPE")} <= mentions  # "U.S.-China" split
    assert ("Trump administration", "ORG") in mentions  # a government named with its owner
    assert ("Lai", "PERSON") in mentions  # "President" trimmed
    assert ("Liberal Democrats", "ORG") in mentions  # a longer name, not the Democrats
    assert ("Japanese government", "ORG") in mentions
    assert any(label == "ROLE" for _, label in mentions)  # added by actors


def test_without_actors_the_analyzers_that_read_entities_are_refused() -> None:
    """The entities analyzer writes mentions only: a chain without actors has no entities,
    and says so when it is built rather than leaving every owner empty."""
    chain = [a for a in default_analyzers() if a.name != "actors"]
    with pytest.raises(ContractError, match="'quantities' requires entities"):
        build_analyzers(chain)


def test_the_check_finds_a_dropped_or_relabelled_record() -> None:
    text = "Kenya and Uganda met."
    kenya = Mention(Span.of(text, 0, 5), "GPE")
    uganda = Mention(Span.of(text, 10, 16), "GPE")
    before = _records(Document(text=text, mentions=[kenya, uganda]))
    filled = Mention(Span.of(text, 0, 5), "GPE", entity_id="e1")
    relabelled = Mention(Span.of(text, 10, 16), "PERSON")
    assert _lost(before, _records(Document(text=text, mentions=[filled, uganda]))) == []
    assert len(_lost(before, _records(Document(text=text, mentions=[filled])))) == 1
    assert len(_lost(before, _records(Document(text=text, mentions=[kenya, relabelled])))) == 1
