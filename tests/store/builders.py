"""Documents built by hand for store tests: every annotation placed by substring, so the
span invariant holds by construction, and the database sees exactly what a test says."""

from __future__ import annotations

from eventwire.analyze.minhash import MinHashParams, signature
from eventwire.model import (
    Actor,
    Document,
    Entity,
    Event,
    InputResult,
    Measure,
    Mention,
    Published,
    Quantity,
    Span,
    TimeExpr,
)

PARAMS = MinHashParams.for_threshold(0.8)


def span(doc: Document, words: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of `words` in the document."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    return Span.of(doc.text, start, start + len(words))


def sentence_of(doc: Document, words: str) -> Span:
    """The sentence (up to its full stop) holding `words`."""
    s = span(doc, words)
    start = doc.text.rfind(". ", 0, s.start)
    start = 0 if start < 0 else start + 2
    end = doc.text.find(".", s.end)
    return Span.of(doc.text, start, len(doc.text) if end < 0 else end + 1)


def article(
    text: str,
    *,
    published: str | None = "2025-05-14",
    url: str | None = None,
    source: str = "test.txt",
    title: str | None = None,
) -> Document:
    origin = "user" if published else "unknown"
    return Document(
        text=text,
        title=title,
        url=url,
        source=source,
        published=Published(published, origin),
        language="en",
    )


def add_event(
    doc: Document,
    trigger: str,
    type_: str,
    actor1: tuple[str, str, str] | None,
    actor2: tuple[str, str, str] | None = None,
    *,
    date: tuple[str, str] | None = None,
    cameo: str | None = None,
    modality: str = "asserted",
    location: str | None = None,
) -> Event:
    """An event on `trigger`; actors as (words, canonical name, ISO3); date as (words, value)."""

    def actor(a: tuple[str, str, str] | None) -> Actor | None:
        if a is None:
            return None
        return Actor(span(doc, a[0]), None, a[1], a[2], ["GOV"])

    event = Event(
        trigger=span(doc, trigger),
        sentence=sentence_of(doc, trigger),
        type=type_,
        cameo=cameo,
        quad_class=1,
        goldstein=1.0,
        actor1=actor(actor1),
        actor2=actor(actor2),
        location=span(doc, location) if location else None,
        date=TimeExpr(span(doc, date[0]), date[1], "day", doc.published.date) if date else None,
        date_origin="text" if date else "published",
        modality=modality,  # type: ignore[arg-type]
        confidence=0.7,
        extractor="test/1",
    )
    doc.events.append(event)
    return event


def full_document() -> Document:
    """A document with a value in every field of every annotation the model has."""
    doc = article(
        "Japan's trade envoy Ryosei Akazawa will visit Washington on May 1 for tariff talks. "
        "The United States imposed a 25% tariff on cars from Japan, except trucks, unless a "
        "deal is signed. Mazda said its net profit fell 45.1% in the year.",
        url="https://www.example.com/news/1",
        title="Akazawa to visit Washington",
        source="pages/one.html",
    )
    doc.author = "A. Reporter"
    doc.site = "Example News"
    doc.parent_id = "f" * 64
    doc.sentences = [
        sentence_of(doc, "Akazawa"),
        sentence_of(doc, "imposed"),
        sentence_of(doc, "Mazda"),
    ]
    doc.mentions = [
        Mention(span(doc, "Japan"), "GPE", "e1", "entities/0.2"),
        Mention(span(doc, "Ryosei Akazawa"), "PERSON", "e2", "entities/0.2"),
        Mention(span(doc, "Washington"), "GPE", "e3", "entities/0.2"),
        Mention(span(doc, "Mazda"), "ORG", "e4", "entities/0.2"),
    ]
    doc.entities = [
        Entity(
            "e2",
            "Ryosei Akazawa",
            "PERSON",
            [1],
            "JPN",
            ["GOV"],
            "trade envoy",
            "akazawa",
            "entities/0.2",
        ),
        Entity("e1", "Japan", "GPE", [0], "JPN", ["GOV", "MIL"], None, "JPN", "entities/0.2"),
        Entity("e3", "United States", "GPE", [2], "USA", ["GOV"], None, "USA", "entities/0.2"),
        Entity("e4", "Mazda", "ORG", [3], "JPN", ["BUS"], None, None, "entities/0.2"),
    ]
    doc.times = [TimeExpr(span(doc, "May 1"), "2025-05-01", "day", "2025-05-14", "time/0.1")]
    doc.quantities = [
        Quantity(span(doc, "25%"), 25.0, "percent", "tariff", None, "e3", "quantities/0.1"),
        Quantity(
            span(doc, "45.1%"), 45.1, "percent", "net profit", "decrease", "e4", "quantities/0.1"
        ),
    ]
    doc.events = [
        Event(
            trigger=span(doc, "visit"),
            sentence=doc.sentences[0],
            type="CONSULT",
            mode="visit",
            cameo="042",
            quad_class=1,
            goldstein=1.9,
            actor1=Actor(span(doc, "Ryosei Akazawa"), "e2", "Ryosei Akazawa", "JPN", ["GOV"]),
            actor2=Actor(span(doc, "Washington"), "e3", "United States", "USA", ["GOV"]),
            source=Actor(span(doc, "Japan"), "e1", "Japan", "JPN", ["GOV"]),
            location=span(doc, "Washington"),
            date=doc.times[0],
            date_origin="text",
            modality="planned",
            confidence=0.8,
            extractor="events/0.1",
        )
    ]
    doc.measures = [
        Measure(
            span=span(doc, "25% tariff"),
            kind="tariff",
            imposer=Actor(span(doc, "The United States"), "e3", "United States", "USA", ["GOV"]),
            targets=[Actor(span(doc, "Japan", 1), "e1", "Japan", "JPN", ["GOV"])],
            exceptions=[Actor(span(doc, "trucks"), None, "trucks", None, ["BUS"])],
            products=[span(doc, "cars")],
            rate=25.0,
            # a measure's dates are the document's time expressions, made by the time analyzer
            announced=TimeExpr(span(doc, "May 1"), "2025-05-01", "day", "2025-05-14", "time/0.1"),
            effective=TimeExpr(span(doc, "May 1"), "2025-05-01", "day", None, "time/0.1"),
            status="conditional",
            condition=span(doc, "unless a deal is signed"),
            extractor="measures/0.1",
        )
    ]
    return doc


def result(
    source: str, *docs: Document, content_hash: str | None = None, rejects: list | None = None
) -> InputResult:
    """What a worker returns for an input holding `docs`."""
    return InputResult(
        source,
        content_hash if content_hash is not None else f"hash-of-{source}",
        documents=list(docs),
        signatures=[signature(d.text, PARAMS) for d in docs],
        rejects=list(rejects or []),
    )


def sample_corpus() -> list[list[Document]]:
    """Five inputs: the full document, a second report of its event from another site, an
    accusation, a negated attack, and an exact copy of the accusation."""
    full = full_document()
    second = article(
        "Ryosei Akazawa will visit Washington on May 1, his ministry confirmed.",
        url="https://news.example.org/akazawa",
        source="pages/two.html",
        title="Envoy confirms trip",
    )
    second.mentions = [
        Mention(span(second, "Ryosei Akazawa"), "PERSON", "e1"),
        Mention(span(second, "Washington"), "GPE", "e2"),
    ]
    second.entities = [
        Entity("e1", "Ryosei Akazawa", "PERSON", [0], "JPN", ["GOV"], "trade envoy", "akazawa"),
        Entity("e2", "United States", "GPE", [1], "USA", ["GOV"], None, "USA"),
    ]
    add_event(
        second,
        "visit",
        "CONSULT",
        ("Ryosei Akazawa", "Ryosei Akazawa", "JPN"),
        ("Washington", "United States", "USA"),
        date=("May 1", "2025-05-01"),
        cameo="042",
        modality="planned",
    )
    second.events[0].actor1.entity_id = "e1"  # type: ignore[union-attr]
    second.events[0].actor2.entity_id = "e2"  # type: ignore[union-attr]
    accusation = article(
        "China's foreign ministry accused Japan of provocation in the strait on May 3.",
        published="2025-05-04",
        source="wire/3.txt",
    )
    accusation.mentions = [
        Mention(span(accusation, "China"), "GPE", "e1"),
        Mention(span(accusation, "Japan"), "GPE", "e2"),
    ]
    accusation.entities = [
        Entity("e1", "China", "GPE", [0], "CHN", ["GOV"]),
        Entity("e2", "Japan", "GPE", [1], "JPN", ["GOV"]),
    ]
    add_event(
        accusation,
        "accused",
        "ACCUSE",
        ("China", "China", "CHN"),
        ("Japan", "Japan", "JPN"),
        date=("May 3", "2025-05-03"),
        cameo="112",
    )
    denial = article(
        "Officials said Russia did not attack the port of Odesa on Friday.",
        published="2025-05-10",
        source="wire/4.txt",
    )
    add_event(
        denial,
        "attack",
        "ASSAULT",
        ("Russia", "Russia", "RUS"),
        ("Odesa", "Ukraine", "UKR"),
        cameo="190",
        modality="negated",
        location="Odesa",
    )
    copy = article(accusation.text, published="2025-05-04", source="mirror/3.txt")
    return [[full], [second], [accusation], [denial], [copy]]


def content(conn) -> dict[str, list[tuple]]:
    """Every user table's rows in key order, without the ingestion time (which differs
    between any two runs): what "the same database" means in resume tests."""
    from eventwire.store.schema import TABLES

    tables = {}
    for table in TABLES:
        info = list(conn.execute(f"PRAGMA table_info({table})"))
        columns = [r[1] for r in info if r[1] != "ingested_at"]
        key = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}")
        tables[table] = [tuple(r) for r in rows]
    return tables
