"""Extraction: raw items (bytes + metadata) to Documents (clean text, title, date, kind)."""
