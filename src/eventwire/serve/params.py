"""Query parameters shared by the API and the pages: every one bounded, every bad value a
422 that names the parameter (FastAPI validates them before any query runs)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import Query

from eventwire import settings

FILTER = settings.SERVE_MAX_FILTER_CHARS
#: An ISO date prefix: 2025, 2025-05, 2025-05-14.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Text = Annotated[str | None, Query(max_length=FILTER)]
Country = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code")
]
Date = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="ISO date prefix: 2025, 2025-05, ...")
]
Limit = Annotated[int, Query(ge=1, le=settings.SERVE_MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=settings.SERVE_MAX_OFFSET)]
Modality = Literal[
    "asserted", "negated", "planned", "expected", "conditional", "reported", "hypothetical"
]
MeasureKind = Literal["tariff", "quota", "ban", "exemption", "sanction", "deal", "truce"]
MeasureStatus = Literal[
    "announced", "in_force", "threatened", "conditional", "suspended", "removed", "requested"
]
DocKind = Literal["article", "headline", "feed_item"]
Sort = Literal["date", "id", "goldstein", "mentions"]
Order = Literal["desc", "asc"]
Interval = Literal["day", "week", "month", "year"]
CountBy = Literal["quad_class", "type"]


@dataclass(slots=True)
class EventFilters:
    """The events filters of `eventwire events`, plus QuadClass."""

    actor: str | None = None
    actor_name: str | None = None
    country: str | None = None
    type: str | None = None
    mode: str | None = None
    modality: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    doc: str | None = None

    def given(self) -> dict[str, Any]:
        """The filters that have a value (for queries and for links that keep them)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def event_filters(
    actor: Annotated[
        str | None, Query(max_length=FILTER, description="either actor's name or key")
    ] = None,
    actor_name: Annotated[
        str | None,
        Query(max_length=FILTER, description="either actor's canonical name, exactly (indexed)"),
    ] = None,
    country: Country = None,
    type: Annotated[
        str | None,
        Query(
            max_length=32,
            pattern=r"^([A-Za-z_]+|\d{1,4})$",
            description="PLOVER type (CONSULT) or CAMEO code prefix (04)",
        ),
    ] = None,
    mode: Annotated[str | None, Query(max_length=40, pattern=r"^[\w-]+$")] = None,
    modality: Modality | None = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    since: Date = None,
    until: Date = None,
    doc: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{4,64}$")] = None,
) -> EventFilters:
    """Event filters from the query string (a FastAPI dependency)."""
    return EventFilters(
        actor, actor_name, country, type, mode, modality, quad_class, since, until, doc
    )
