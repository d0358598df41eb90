"""Helpers for checking the span invariant over whole documents."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from eventwire.model import Document, Span


def all_spans(value: Any) -> Iterator[Span]:
    """Every Span anywhere inside `value` (a Document or any annotation)."""
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from all_spans(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from all_spans(v)


def assert_spans_exact(doc: Document) -> None:
    for span in all_spans(doc):
        assert 0 <= span.start <= span.end <= len(doc.text), span
        assert doc.text[span.start : span.end] == span.text, span
