"""Engines run the per-input work of `eventwire.pipeline` (`process_batch`) over many inputs.

engines/local.py runs it in a process pool on one machine; a cluster engine runs the same
function in its workers. No engine has analysis or dedup code of its own: storing
(deduplication, event merging) happens in one writer afterwards, in the order the inputs were
read, which is what makes a resumed ingest end with the same database as an uninterrupted one.
"""
