"""The statistical truecaser's model, kept compact and shared between processes.

The `truecase` package ships its news-trained counts as a 76 MB pickle of Python dicts that
grows to about 400 MB in memory: 2.7 million word-pair and word-triple counts, each a Python
string and int. Every ingest worker loaded its own copy, which put two workers over the memory
target. This module turns the pickle, once per machine, into a cache folder:

- `ngrams.keys.npy` / `ngrams.counts.npy`: the pair and triple counts, as sorted 64-bit hashes
  of the package's own keys ("b:" backward pair, "f:" forward pair, "t:" triple) beside their
  counts. Opened memory-mapped, so the operating system shares the pages between processes and
  loads only those that lookups touch (about 33 MB in all on disk);
- `unigrams.json`: the single-word counts and the casings seen of each word (a few MB).

`CasingModel.true_case` scores the casings of a word the way the package does (the probability
of each form from its own count and its pair and triple counts with the words beside it, each
with a pseudo-count of 5) and gives the same answers; a test compares the two on headlines. Ties
are broken by the forms' sorted order, where the package follows set order, which varies from
run to run.

The cache is built in a separate process, so the 400 MB the pickle takes to read are given back
to the system when it ends; a lock file keeps two workers from building it at once. Its folder
is `settings.CACHE_DIR`; when no cache folder can be written, the model is built in a temporary
folder for the process.
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np
from spacy.strings import hash_string

from eventwire import settings

#: Added to every count, as in the package, so unseen pairs do not zero a form's score.
_PSEUDO_COUNT = 5.0
_FORMAT = 1  # bump when the cache layout changes
_log = logging.getLogger(__name__)


def _package_model() -> Path:
    import truecase

    return Path(truecase.__file__).parent / "data" / "english.dist"


def _cache_name() -> str:
    size = _package_model().stat().st_size
    return f"casing-model-v{_FORMAT}-truecase-{metadata.version('truecase')}-{size}"


def _hash(key: str) -> int:
    return hash_string(key)


class CasingModel:
    """Word casing counts from news text: which forms a word takes ("us", "US") and how often
    each appears alone, after a word, before a word and between two words."""

    def __init__(self, folder: Path) -> None:
        with open(folder / "unigrams.json", encoding="utf-8") as f:
            unigrams = json.load(f)
        #: count of each form as written: "the" → 1,000+, "The" → ...
        self.uni_dist: dict[str, int] = unigrams["counts"]
        #: the forms seen of each lower-case word, sorted: "us" → ("US", "us")
        self.word_casing_lookup: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in unigrams["forms"].items()
        }
        self._keys = np.load(folder / "ngrams.keys.npy", mmap_mode="r")
        self._counts = np.load(folder / "ngrams.counts.npy", mmap_mode="r")

    def _ngrams(self, keys: list[str]) -> list[int]:
        """The counts of the pairs and triples `keys` (0 when unseen), in one search."""
        hashes = np.fromiter((_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        at = np.searchsorted(self._keys, hashes).clip(max=len(self._keys) - 1)
        found = self._keys[at] == hashes
        return np.where(found, self._counts[at], 0).tolist()

    def _best(self, prev: str | None, forms: tuple[str, ...], following: str | None) -> str:
        """The form of an ambiguous word most likely between `prev` and `following`: the
        product, over its single count and each pair and triple count it has with the words
        beside it, of its share of all the word's forms' counts."""
        groups = [[self.uni_dist.get(f, 0) for f in forms]]
        keys: list[str] = []
        if prev is not None:
            keys += [f"b:{prev}_{f}" for f in forms]
        if following is not None:
            keys += [f"f:{f}_{following}" for f in forms]
            if prev is not None:
                keys += [f"t:{prev}_{f}_{following}" for f in forms]
        if keys:
            counts = self._ngrams(keys)
            n = len(forms)
            groups += [counts[i : i + n] for i in range(0, len(counts), n)]
        totals = [sum(c + _PSEUDO_COUNT for c in group) for group in groups]
        best, best_score = forms[0], -math.inf
        for i, form in enumerate(forms):
            score = 0.0
            for group, total in zip(groups, totals, strict=True):
                score += math.log((group[i] + _PSEUDO_COUNT) / total)
            if score > best_score:  # ties go to the first form in sorted order
                best, best_score = form, score
        return best

    def true_case(self, tokens: list[str]) -> list[str]:
        """The most likely casing of each of a sentence's `tokens` (words, any case).

        A word the model never saw comes back in title case; the first word is capitalised.
        """
        out: list[str] = []
        for i, token in enumerate(tokens):
            key = token.lower()
            forms = self.word_casing_lookup.get(key)
            if forms is None:
                out.append(key.title())
                continue
            if len(forms) == 1:
                out.append(forms[0])
            else:
                prev = out[i - 1] if i > 0 else None
                following = tokens[i + 1].lower() if i + 1 < len(tokens) else None
                out.append(self._best(prev, forms, following))
            if i == 0:
                out[0] = out[0].capitalize()
        return out


def build(folder: Path) -> None:
    """Write the compact model of the installed `truecase` package into `folder`."""
    import pickle

    with open(_package_model(), "rb") as f:
        dists = pickle.load(f)  # the package's own data file, installed with it
    folder.mkdir(parents=True, exist_ok=True)
    counts = {k: int(v) for k, v in dists["uni_dist"].items()}
    forms = {k: sorted(v) for k, v in dists["word_casing_lookup"].items()}
    with open(folder / "unigrams.json", "w", encoding="utf-8") as f:
        json.dump({"counts": counts, "forms": forms}, f, ensure_ascii=False)
    table: dict[int, int] = {}
    for prefix, name in (
        ("b", "backward_bi_dist"),
        ("f", "forward_bi_dist"),
        ("t", "trigram_dist"),
    ):
        for key, count in dists[name].items():
            h = _hash(f"{prefix}:{key}")
            table[h] = max(table.get(h, 0), int(count))  # a 64-bit collision: keep the larger
    del dists
    keys = np.fromiter(table.keys(), dtype=np.uint64, count=len(table))
    values = np.fromiter(table.values(), dtype=np.uint32, count=len(table))
    order = np.argsort(keys)
    np.save(folder / "ngrams.keys.npy", keys[order])
    np.save(folder / "ngrams.counts.npy", values[order])


def ensure(cache_dir: Path | None = None) -> Path:
    """The folder of the compact model, built first (in a child process) when missing."""
    cache_dir = Path(cache_dir or settings.CACHE_DIR)
    folder = cache_dir / _cache_name()
    if (folder / "ngrams.counts.npy").exists():
        return folder
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(cache_dir / (folder.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it
            if not (folder / "ngrams.counts.npy").exists():
                _build_in_child(folder)
    except OSError:
        # No writable cache (a read-only home): build for this process only.
        private = Path(tempfile.mkdtemp(prefix="eventwire-casing-"))
        atexit.register(shutil.rmtree, private, ignore_errors=True)
        folder = private / _cache_name()
        _build_in_child(folder)
    return folder


_BUILD = (
    "import sys; from pathlib import Path; "
    "from eventwire.analyze.casing_model import build; build(Path(sys.argv[1]))"
)


def _build_in_child(folder: Path) -> None:
    # Said once per machine, so that a first run's pause of several seconds is explained.
    _log.warning("eventwire: building the truecaser's compact model in %s (once)", folder.parent)
    staging = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-c", _BUILD, str(staging)],
        check=True,
    )
    # The rename is atomic: a reader sees the whole folder or none.
    os.replace(staging, folder)


@functools.cache
def load() -> CasingModel:
    """The model, once per process."""
    return CasingModel(ensure())
