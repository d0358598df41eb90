"""Ingest: one module per source kind, each yielding RawItems (or Rejects)."""
