"""The analyzer contract: a named, versioned component that declares what it reads and adds.

An analyzer is an object with `name`, `version`, `requires`, `assigns` and
`__call__(doc, parsed, page)`. `requires` names the `Document` fields it reads that an earlier
analyzer (or the parse) fills; `assigns` the fields it adds to. The pipeline checks the chain
when it is built (`check_chain`), so a missing requirement is a clear error at start-up, not a
silently empty field on the ten-thousandth document. Analyzers only add to what earlier ones
wrote (they may fill in attributes of an existing record, such as an entity's country, but
never drop a record), and keep no state from one document to the next: everything a document's
analysis may use about its page comes in through `PageContext`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.model import Document

#: What the parse gives every document before any analyzer runs.
PARSED_FIELDS = frozenset({"text", "kind", "published", "parent_id", "sentences"})

#: The Document fields an analyzer may declare.
DOCUMENT_FIELDS = PARSED_FIELDS | {
    "mentions",
    "entities",
    "times",
    "quantities",
    "events",
    "measures",
}


class Analyzer(Protocol):
    """A named component that adds annotations to a document.

    `parsed` is the spaCy parse of `doc.text`. Its text has exactly the same length and
    offsets as `doc.text` but may differ in letter case (title-case headlines are truecased
    before parsing), so analyzers read token *text* from `parsed` but always build spans
    from `doc.text` with `Span.of(doc.text, start, end)`. `page` is the context the analysis
    of a page's documents shares (None when a document is analysed on its own).
    """

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document, parsed: Doc, page: PageContext | None = None) -> None: ...


@dataclass(slots=True)
class PageContext:
    """What the analysis of one document may know of the other documents of its page: the
    page is the unit of analysis (its article's names are the evidence for reading its
    headlines), so this is built per page and dropped with it."""

    names: dict[str, Any] = field(default_factory=dict)  # article id -> its name evidence


class ContractError(ValueError):
    """An analyzer chain whose declared requirements are not met."""


def extractor_id(analyzer: Analyzer) -> str:
    """The `extractor` value records carry: "name/version"."""
    return f"{analyzer.name}/{analyzer.version}"


def check_chain(analyzers: Sequence[Analyzer]) -> None:
    """Raise ContractError unless every analyzer's requirements are assigned before it runs."""
    available = set(PARSED_FIELDS)
    names: set[str] = set()
    for analyzer in analyzers:
        label = getattr(analyzer, "name", type(analyzer).__name__)
        for attr in ("name", "version", "requires", "assigns"):
            if not hasattr(analyzer, attr):
                raise ContractError(f"analyzer {label!r} declares no {attr!r}")
        if label in names:
            raise ContractError(f"analyzer {label!r} appears twice in the pipeline")
        names.add(label)
        unknown = (set(analyzer.requires) | set(analyzer.assigns)) - DOCUMENT_FIELDS
        if unknown:
            raise ContractError(
                f"analyzer {label!r} names unknown document fields: {', '.join(sorted(unknown))}"
            )
        missing = set(analyzer.requires) - available
        if missing:
            order = ", ".join(getattr(a, "name", "?") for a in analyzers)
            raise ContractError(
                f"analyzer {label!r} requires {', '.join(sorted(missing))}, which no analyzer "
                f"before it assigns (order: {order})"
            )
        available |= set(analyzer.assigns)
