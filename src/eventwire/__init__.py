"""eventwire: news text to a database of who did what to whom, when and where.

`from eventwire import analyze, Document` is all most callers need. Importing the package is
cheap: the pipeline (and spaCy, about a second to load) is imported on first use, so that
query commands and store readers never pay for a model they do not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Document", "analyze"]

if TYPE_CHECKING:
    from eventwire.model import Document
    from eventwire.pipeline import analyze


def __getattr__(name: str) -> Any:
    if name == "analyze":
        # The subpackage eventwire.analyze is callable and stands for the function (see its
        # docstring), whichever of the two the import system binds here first.
        import eventwire.analyze

        return eventwire.analyze
    if name == "Document":
        from eventwire.model import Document

        return Document
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
