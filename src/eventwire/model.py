"""The data model: the contract between eventwire's stages, and nothing else.

Every annotation carries one or more `Span`s: Unicode code-point offsets into its
`Document.text`, with `doc.text[span.start:span.end] == span.text` always true. The
document text is the single truth; nothing refers to any other copy of it (truecased
or tokenised forms are working copies that never leave the analyzers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

DocKind = Literal["article", "headline", "feed_item"]
PublishedOrigin = Literal["user", "metadata", "text", "crawl", "unknown"]
Modality = Literal[
    "asserted", "negated", "planned", "expected", "conditional", "reported", "hypothetical"
]
MeasureKind = Literal["tariff", "quota", "ban", "exemption", "sanction", "deal", "truce", "anti_dumping", "countervailing", "safeguard", "export_control", "subsidy"]  # fmt: skip  # noqa: E501
MeasureStatus = Literal[
    "announced", "in_force", "threatened", "conditional", "suspended", "removed", "requested",
    "proposed",
]  # fmt: skip


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of a document's text, by code-point offsets."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of `text[start:end]`; raises ValueError on offsets outside the text."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}:{end} outside a text of {len(text)} characters")
        return cls(start, end, text[start:end])


@dataclass(slots=True, frozen=True)
class Published:
    """A document's publication date and how it was found.

    Frozen: a document's date is decided once, by `resolve`, when the document is made.
    """

    date: str | None = None  # ISO 8601 (YYYY-MM-DD), None when unknown
    origin: PublishedOrigin = "unknown"

    @classmethod
    def resolve(
        cls,
        *,
        given: Published | None = None,
        metadata: str | None = None,
        text: str | None = None,
        crawled: str | None = None,
    ) -> Published:
        """The one rule for a document's publication date, strongest evidence first.

        A date the user gave wins; then the source's or the page's own metadata (a feed's
        pubDate, a record's date field, JSON-LD or <meta> tags); then a date the text states
        at its top ("Published May 14, 2025", a dateline); then the date the page was crawled
        (origin "crawl": only an upper bound, but the best anchor there is); else unknown.
        Never the clock's date.
        """
        if given is not None and given.date is not None:
            return given
        for value, origin in ((metadata, "metadata"), (text, "text"), (crawled, "crawl")):
            if value:
                return cls(value, origin)  # type: ignore[arg-type]
        return cls()


def parse_published(value: str | dt.date | None) -> Published:
    """A user-given publication date as a `Published`; raises ValueError on a malformed date."""
    if value is None:
        return Published()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Published(value.isoformat(), "user")
    try:
        return Published(dt.date.fromisoformat(value.strip()).isoformat(), "user")
    except ValueError:
        raise ValueError(
            f"publication date {value!r} is not a date of the form YYYY-MM-DD"
        ) from None


@dataclass(slots=True)
class Mention:
    """A named-entity mention in the text."""

    span: Span
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC, ...
    entity_id: str | None = None  # Entity.id within the same document, once resolved
    extractor: str = ""  # analyzer name and version, e.g. "entities/0.3"


@dataclass(slots=True)
class Entity:
    """A resolved actor or thing: the mentions that refer to it, with what is known of it."""

    id: str  # unique within its document, e.g. "e3"
    name: str  # canonical name ("Ryosei Akazawa")
    type: str  # PERSON, ORG, GPE, NORP, LOC, ...
    mentions: list[int] = field(default_factory=list)  # indices into Document.mentions
    country: str | None = None  # ISO 3166 alpha-3
    sectors: list[str] = field(default_factory=list)  # GOV, MIL, OPP, JUD, LEG, BUS, MED, ...
    title: str | None = None  # "Treasury Secretary"
    key: str | None = None  # id in the actor dictionary, when the entity is a known actor
    extractor: str = ""


@dataclass(slots=True)
class TimeExpr:
    """A date or time expression normalised against an anchor."""

    span: Span
    value: str  # ISO 8601 with X for unknown parts: "XXXX-04-02", "2025-W20", "P2Y"
    granularity: str  # day, week, month, quarter, year, fiscal_year, duration, ...
    anchor: str | None = None  # the date it was resolved against, None when there was none
    extractor: str = ""


@dataclass(slots=True)
class Quantity:
    """A number in the text with what it counts or measures."""

    span: Span
    value: float
    unit: str  # percent, count, or an ISO 4217 currency code ("USD")
    measure: str | None = None  # the noun it measures: "tariff", "net profit"
    change: str | None = None  # "decrease" / "increase" when the text says so
    entity_id: str | None = None  # the entity it belongs to ("Mazda")
    extractor: str = ""


@dataclass(slots=True)
class Actor:
    """An event participant: the words in the text and the entity they resolve to."""

    span: Span
    entity_id: str | None = None
    name: str | None = None
    country: str | None = None
    sectors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """Who did what to whom: one coded event."""

    trigger: Span
    sentence: Span
    type: str  # PLOVER type, e.g. CONSULT
    mode: str | None = None  # PLOVER mode, e.g. "visit"
    cameo: str | None = None  # CAMEO code, e.g. "042"
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material
    goldstein: float | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    source: Actor | None = None  # who reports it, in a reporting frame ("X said ...")
    location: Span | None = None
    date: TimeExpr | None = None
    date_origin: Literal["text", "published", "unknown"] = "unknown"
    modality: Modality = "asserted"
    confidence: float = 0.5
    extractor: str = ""  # analyzer name and version, e.g. "events/0.1"


@dataclass(slots=True)
class Measure:
    """A trade-policy measure: who imposes what, on whom, at what rate, since when."""

    span: Span
    kind: MeasureKind
    imposer: Actor | None = None
    targets: list[Actor] = field(default_factory=list)
    exceptions: list[Actor] = field(default_factory=list)
    products: list[Span] = field(default_factory=list)
    rate: float | None = None  # percent
    announced: TimeExpr | None = None
    effective: TimeExpr | None = None
    status: MeasureStatus = "announced"
    condition: Span | None = None
    extractor: str = ""


@dataclass(slots=True)
class RawItem:
    """One input as read by ingest: bytes plus what the source said about them."""

    source: str  # file path, URL, feed, or WARC record id: where to find it again
    data: bytes
    url: str | None = None
    content_type: str | None = None  # as declared by the source (HTTP header, WARC, file kind)
    published: str | None = None  # a date from the source's metadata (ISO 8601), if any
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Reject:
    """An input that could not become a document, and why."""

    input: str  # path, URL or record id
    stage: str  # ingest, extract, analyze, store
    reason: str  # one human-readable line


@dataclass(slots=True)
class InputResult:
    """One input after extraction and analysis: what a store keeps of it.

    `signatures[i]` is the MinHash signature of `documents[i]` (analyze/minhash.py). An input
    rejected whole has no documents and one reject.
    """

    source: str
    content_hash: str
    url: str | None = None
    content_type: str | None = None
    size: int | None = None
    documents: list[Document] = field(default_factory=list)
    signatures: list[bytes] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One news text (an article, a headline, a feed item) with its annotations."""

    text: str
    kind: DocKind = "article"
    id: str = ""
    title: str | None = None
    author: str | None = None  # byline, from the page's metadata
    site: str | None = None  # the publication's name ("Example News")
    url: str | None = None
    source: str | None = None
    published: Published = field(default_factory=Published)
    language: str | None = None
    parent_id: str | None = None
    sentences: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: exactly what `eventwire analyze --format json` prints."""
        return _plain(self)


def normalise_for_id(text: str) -> str:
    """The form of a text that its id hashes: NFC, whitespace runs folded, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def document_id(text: str) -> str:
    """sha256 of the normalised text: the same story gets the same id wherever it is read."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    # dataclasses.asdict deep-copies through every field; this walks once and keeps
    # the declared field order, which is the order of keys in the JSON output.
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
