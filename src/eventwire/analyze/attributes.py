"""A faster equivalent of spaCy's `attribute_ruler`, giving exactly its output.

The English pipeline's attribute ruler maps each fine-grained tag to its coarse part of speech
and morphology and patches a few dozen words ("'d" → would, "gon na"); it runs all of its 179
patterns through spaCy's general Matcher, which on news text costs about as much as the tagger
and parser together. Almost every pattern is one token with equality tests on TAG, LOWER, DEP
or IS_SPACE, so here they are indexed by those values once, and each token is checked only
against the few patterns that could match it. The handful of multi-token patterns ("gon na",
"there is") are checked the same way, from the token whose first word could start one; a
pattern of any other kind would go through a Matcher of its own. The rules, their order
("later patterns win") and the values they set are the ruler's own, read from it when the
pipeline loads (`install`); a test holds the two to identical output on news text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from eventwire import settings

_KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_INDEXED = ("TAG", "LOWER", "DEP")  # the keys a pattern is indexed by, in order of preference


class _Test:
    """One token-attribute condition of a pattern, over hashes (strings) or booleans."""

    __slots__ = ("column", "kind", "values")

    def __init__(self, key: str, spec: Any, strings: Any) -> None:
        self.column = list(_KEYS).index(key)
        if key == "IS_SPACE":
            self.kind, self.values = "eq", bool(spec)
        elif isinstance(spec, dict) and set(spec) == {"IN"}:
            self.kind, self.values = "in", frozenset(strings.add(v) for v in spec["IN"])
        elif isinstance(spec, dict) and set(spec) == {"NOT_IN"}:
            self.kind, self.values = "not_in", frozenset(strings.add(v) for v in spec["NOT_IN"])
        elif isinstance(spec, dict) and set(spec) == {"REGEX"}:
            self.kind, self.values = "regex", re.compile(spec["REGEX"])
        elif isinstance(spec, str):
            self.kind, self.values = "eq", strings.add(spec)
        else:
            raise ValueError(f"attribute pattern test not supported: {key}={spec!r}")

    def __call__(self, row: tuple[int, ...], strings: Any) -> bool:
        value = row[self.column]
        if self.kind == "eq":
            return value == self.values if not isinstance(self.values, bool) else bool(value)
        if self.kind == "in":
            return value in self.values
        if self.kind == "not_in":
            return value not in self.values
        return self.values.search(strings[value]) is not None  # regex on the string


class FastAttributeRuler:
    """Drop-in for spaCy's AttributeRuler of a loaded pipeline (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        vocab = ruler.vocab
        self.vocab = vocab
        self.attrs = list(ruler.attrs)  # normalised {attr id: value}, as the ruler applies them
        self.indices = list(ruler.indices)
        self.by_value: dict[tuple[str, int], list[tuple[int, list[_Test]]]] = defaultdict(list)
        self.always: list[tuple[int, list[_Test]]] = []
        # Multi-token patterns of plain tests ("gon na", "there is") are checked from the
        # rows too; any other kind goes through a Matcher of its own.
        self.sequences: list[tuple[int, list[list[_Test]]]] = []
        self.multi = Matcher(vocab)
        self._multi_ids: dict[int, int] = {}
        self._row_cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._merged_cache: dict[tuple[int, ...], dict[int, Any]] = {}
        for attr_id in range(len(self.attrs)):
            key = vocab.strings[str(attr_id)]
            for pattern in ruler.matcher.get(key)[1]:
                if len(pattern) != 1 or self.indices[attr_id] not in (0, -1):
                    if all(set(token) <= set(_KEYS) for token in pattern):
                        tokens = [
                            [_Test(k, v, vocab.strings) for k, v in t.items()] for t in pattern
                        ]
                        self.sequences.append((attr_id, tokens))
                        continue
                    self.multi.add(str(attr_id), [pattern])
                    self._multi_ids[vocab.strings[str(attr_id)]] = attr_id
                    continue
                (token,) = pattern
                if set(token) - set(_KEYS):
                    raise ValueError(f"attribute pattern not supported: {token!r}")
                tests = [_Test(k, v, vocab.strings) for k, v in token.items()]
                self._index(attr_id, token, tests, vocab.strings)

    def _index(self, attr_id: int, token: dict[str, Any], tests: list[_Test], strings) -> None:  # type: ignore[no-untyped-def]
        for key in _INDEXED:
            spec = token.get(key)
            if isinstance(spec, str):
                self.by_value[(key, strings.add(spec))].append((attr_id, tests))
                return
            if isinstance(spec, dict) and set(spec) == {"IN"}:
                for value in spec["IN"]:
                    self.by_value[(key, strings.add(value))].append((attr_id, tests))
                return
        if token.get("IS_SPACE") is True:
            self.by_value[("IS_SPACE", 1)].append((attr_id, tests))
            return
        self.always.append((attr_id, tests))

    def _row_ids(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """The single-token patterns a token with these (TAG, LOWER, DEP, IS_SPACE) matches."""
        strings = self.vocab.strings
        tag, lower, dep, space = row
        by_value = self.by_value
        candidates = (
            by_value.get(("TAG", tag), [])
            + by_value.get(("LOWER", lower), [])
            + by_value.get(("DEP", dep), [])
            + (by_value.get(("IS_SPACE", 1), []) if space else [])
            + self.always
        )
        return tuple(sorted({a for a, tests in candidates if all(t(row, strings) for t in tests)}))

    def _verdict(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(the single-token patterns a row matches, the sequences whose first token it
        matches): both depend on the row alone, so each row's verdict is worked out once."""
        strings = self.vocab.strings
        firsts = tuple(
            n
            for n, (_, tokens) in enumerate(self.sequences)
            if all(t(row, strings) for t in tokens[0])
        )
        return self._row_ids(row), firsts

    def _merged(self, ids: tuple[int, ...]) -> dict[int, Any]:
        merged: dict[int, Any] = {}
        for attr_id in ids:  # sorted: later patterns win, as in the ruler
            merged.update(self.attrs[attr_id])
        return merged

    def __call__(self, doc: Doc) -> Doc:
        # A single-token pattern's verdict depends only on the four values it tests, and news
        # text repeats the same few thousand combinations: each is worked out once per process
        # (bounded by settings.ATTRIBUTE_CACHE_ROWS), as is the merge of the values it sets.
        verdicts, merged_of = self._row_cache, self._merged_cache
        hits: dict[int, tuple[int, ...]] = {}
        matches: list[tuple[int, int, int]] = []  # (attr id, start, end) of multi-token ones
        rows = list(map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()))
        for i, row in enumerate(rows):
            verdict = verdicts.get(row)
            if verdict is None:
                verdict = self._verdict(row)
                if len(verdicts) < settings.ATTRIBUTE_CACHE_ROWS:
                    verdicts[row] = verdict
            ids, firsts = verdict
            if ids:
                hits[i] = ids
            for n in firsts:  # rare: a sequence's first word ("gon", "let", "there")
                attr_id, tokens = self.sequences[n]
                end = i + len(tokens)
                if end <= len(rows) and all(
                    all(t(rows[i + k], self.vocab.strings) for t in tokens[k])
                    for k in range(1, len(tokens))
                ):
                    matches.append((attr_id, i, end))
        if len(self.multi):
            for match_id, start, end in self.multi(doc, allow_missing=True):
                matches.append((self._multi_ids[match_id], start, end))
        for attr_id, start, end in matches:
            index = self.indices[attr_id]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute pattern index {index} outside its match")
            hits[target] = tuple(sorted({*hits.get(target, ()), attr_id}))
        for i, ids in hits.items():
            merged = merged_of.get(ids)
            if merged is None:
                merged = merged_of[ids] = self._merged(ids)
            set_token_attrs(doc[i], merged)
        return doc


#: The ruler whose rules the factory's next component takes (spaCy builds components from a
#: factory and a JSON config, which cannot carry a loaded ruler).
_pending: list[AttributeRuler] = []


def install(nlp: Language) -> None:
    """Put the fast equivalent in place of the pipeline's attribute ruler (if it has one)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    _pending.append(nlp.get_pipe("attribute_ruler"))
    try:
        nlp.replace_pipe("attribute_ruler", "eventwire_attribute_ruler")
    finally:
        _pending.clear()


@Language.factory("eventwire_attribute_ruler")
def _factory(nlp: Language, name: str) -> FastAttributeRuler:
    if not _pending:
        raise RuntimeError("eventwire_attribute_ruler is built by attributes.install()")
    return FastAttributeRuler(_pending[-1])
