"""The error every extractor raises for an input that holds no readable document."""

from __future__ import annotations


class ExtractError(ValueError):
    """An input that holds no document we can read; the message says why, in one line."""
