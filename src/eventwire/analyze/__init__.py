"""Analyzers: named components that annotate a Document from its spaCy parse.

Each analyzer is an object with `name`, `version` and `__call__(doc, parsed)` (see
`base.Analyzer`); the pipeline runs them in order after parsing.
"""
