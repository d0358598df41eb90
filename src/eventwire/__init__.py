"""eventwire: news text to a database of who did what to whom, when and where."""

__version__ = "0.1.0"

from eventwire.model import Document

# Imported last and eagerly: the subpackage `eventwire.analyze` shares the function's name,
# and importing any analyzer binds the subpackage to `eventwire.analyze`; this import runs
# after those and rebinds the name to the function, as `from eventwire import analyze` expects.
from eventwire.pipeline import analyze

__all__ = ["Document", "analyze"]
