"""Analyzers: named components that annotate a Document from its spaCy parse.

Each analyzer is an object with `name`, `version`, `requires`, `assigns` and
`__call__(doc, parsed, page)` (see `base.Analyzer`); `eventwire.pipeline` runs them in order
after parsing, page by page.

`eventwire.analyze` is also the library's entry function (`from eventwire import analyze`):
Python binds a subpackage to its parent's attribute of the same name whenever the subpackage
is imported, so this package is callable and hands the call to `eventwire.pipeline.analyze`.
Either way, `analyze(text, published)` gives the annotated documents of a page.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from eventwire.pipeline import analyze

        return analyze(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
