"""Named-entity benchmark: eventwire's mentions against bare spaCy on CoNLL-2003 test B.

    .venv/bin/python bench/eval_ner.py [--limit N] [--misses K] [--unit page|sentence]

Reads ../shared/eval/ner/conll2003-eng.testb (beside the checkout). CoNLL tokens are joined
into text with ordinary spacing ("Lara 's" -> "Lara's") and each token keeps its offsets. Each
CoNLL document (the lines between two -DOCSTART- lines) is one batch, as the pipeline batches a
page, so the case evidence for truecasing its ALL CAPS lines comes from its own prose:

- `--unit page` (the default) mirrors what the pipeline makes of a news page: the body, one
  sentence a line, is an article document, and the first sentence a headline document pointing
  at it (`parent_id`), analysed after it;
- `--unit sentence` makes every sentence a document of its own (no document context).

Bare spaCy runs `nlp.pipe` on the raw sentence texts, and, in page mode, on the same texts as
eventwire. Scores are conlleval-style: a mention counts only when its token span and label both
match a gold entity exactly (a sentence's full stop, a CoNLL token of its own, is never taken
into a span: the text reads "Corp." where CoNLL has "Corp" "."). Rows: every sentence, and the
headlines: ALL CAPS sentences of three words or more (not the one-word datelines "LONDON").

spaCy's OntoNotes labels are mapped onto CoNLL's four (LABEL_MAP, printed with the results):
PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP and the other name labels->MISC; numeric labels
(DATE, MONEY, CARDINAL, ...) are not names and are not scored.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.analyze import nlp as nlp_module
from eventwire.analyze.base import PageContext
from eventwire.analyze.entities import NAME_LABELS, EntityAnalyzer
from eventwire.analyze.parse import parse
from eventwire.analyze.truecasing import is_all_caps
from eventwire.model import Document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "eval" / "ner" / "conll2003-eng.testb"

#: OntoNotes (spaCy) label -> CoNLL label. Labels absent here and outside NAME_LABELS are
#: numeric or temporal and are not scored.
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"} | {
    label: "MISC"
    for label in sorted(NAME_LABELS)
    if label not in {"PERSON", "ORG", "GPE", "LOC", "FAC"}
}
LABELS = ("PER", "ORG", "LOC", "MISC")
HEADLINE_MIN_WORDS = 3
_WORDS = re.compile(r"[^\W\d_]+")

# Detokenisation: CoNLL tokens are space-separated; news text is not. These tokens attach to
# the token before them, those to the one after; straight double quotes alternate.
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "N'T", "'re", "'ve",
     "'ll", "'d", "'m", "'"}
)  # fmt: skip
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$"})

Entity = tuple[int, int, str]  # first token, end token (exclusive), CoNLL label


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    gold: set[Entity]
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)


def read_conll(path: Path) -> list[list[Sentence]]:
    """Documents as lists of sentences, with gold entities decoded from IOB1 tags."""
    docs: list[list[Sentence]] = [[]]  # the file may start without -DOCSTART-
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            docs[-1].append(Sentence(list(tokens), _iob1_entities(tags)))
        tokens.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
        elif parts[0] == "-DOCSTART-":
            flush()
            docs.append([])
        else:
            tokens.append(parts[0])
            tags.append(parts[-1])
    flush()
    return [d for d in docs if d]


def _iob1_entities(tags: Sequence[str]) -> set[Entity]:
    entities, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if start is not None and (kind != "I" or name != label):
            entities.add((start, i, label))
            start = label = None
        if kind in {"B", "I"} and start is None:
            start, label = i, name
    return entities


def detokenise(sentence: Sentence) -> None:
    """Fill in the sentence's text and each token's character offsets in it."""
    parts: list[str] = []
    position = 0
    quote_open = False
    glue_next = True
    for token in sentence.tokens:
        glue = glue_next or token in _NO_SPACE_BEFORE or (token == '"' and quote_open)
        if token == '"':
            glue_next = not quote_open
            quote_open = not quote_open
        else:
            glue_next = token in _NO_SPACE_AFTER
        if not glue:
            parts.append(" ")
            position += 1
        sentence.offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
    sentence.text = "".join(parts)


def to_token_span(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The tokens a character span covers (a span inside a token covers that token)."""
    first = next(i for i, (s, e) in enumerate(offsets) if e > start)
    last = max(i for i, (s, _) in enumerate(offsets) if s < end)
    return first, last + 1


def predicted(sentence: Sentence, spans: Iterable[tuple[int, int, str]]) -> set[Entity]:
    """Predicted character spans as CoNLL entities (token span and mapped label)."""
    found: set[Entity] = set()
    covered: set[int] = set()
    for start, end, label in spans:
        mapped = LABEL_MAP.get(label)
        if mapped is None:
            continue
        first, stop = to_token_span(sentence.offsets, start, end)
        if stop - first > 1 and sentence.tokens[stop - 1] == ".":
            # CoNLL splits a sentence's full stop off an abbreviation ("Corp" "."), the text
            # reads "Corp.": the stop is punctuation, never part of a gold entity.
            stop -= 1
        if covered.intersection(range(first, stop)):
            continue  # two mentions inside one CoNLL token ("U.S.-Japan"): keep the first
        covered.update(range(first, stop))
        found.add((first, stop, mapped))
    return found


@dataclass(slots=True)
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, gold: set[Entity], pred: set[Entity]) -> None:
        for _, _, label in pred & gold:
            self.tp[label] += 1
        for _, _, label in pred - gold:
            self.fp[label] += 1
        for _, _, label in gold - pred:
            self.fn[label] += 1

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        def total(c: Counter[str]) -> int:
            return c[label] if label else sum(c.values())

        tp, fp, fn = total(self.tp), total(self.fp), total(self.fn)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def is_headline(text: str) -> bool:
    """An ALL CAPS sentence of three words or more: a headline, not a dateline ("LONDON")."""
    return is_all_caps(text) and len(_WORDS.findall(text)) >= HEADLINE_MIN_WORDS


Layout = list[tuple[str, list[tuple[int, int]]]]  # texts, each with (sentence, start offset)


def layout(doc: list[Sentence], unit: str) -> Layout:
    """How a CoNLL document becomes eventwire Documents.

    "page" (the default) does what the pipeline does with a news page: the body, one sentence a
    line, is the article, and the first sentence is a headline document pointing at it
    (`parent_id`), in that order. "sentence" makes every sentence a document of its own. Either
    way one CoNLL document is one batch.
    """
    if unit == "sentence" or len(doc) == 1:
        return [(s.text, [(i, 0)]) for i, s in enumerate(doc)]
    starts, position = [], 0
    for i, s in enumerate(doc[1:], start=1):
        starts.append((i, position))
        position += len(s.text) + 1
    return [("\n".join(s.text for s in doc[1:]), starts), (doc[0].text, [(0, 0)])]


def split_by_sentence(
    doc: list[Sentence], lay: Layout, spans_per_text: list[list[tuple[int, int, str]]]
) -> list[set[Entity]]:
    """Predicted character spans of each document text, as entities of each sentence."""
    out: list[set[Entity]] = [set() for _ in doc]
    for (_, starts), spans in zip(lay, spans_per_text, strict=True):
        for index, base in starts:
            sentence = doc[index]
            end_of = base + len(sentence.text)
            mine = [
                (s - base, min(e, end_of) - base, label)
                for s, e, label in spans
                if base <= s < end_of
            ]
            out[index] = predicted(sentence, mine)
    return out


def run_spacy(docs: list[list[Sentence]], unit: str | None) -> list[list[set[Entity]]]:
    """Bare spaCy: `nlp.pipe` on the raw sentences (unit None) or on the same texts as ours."""
    nlp = nlp_module.load()
    lays = [layout(d, unit or "sentence") for d in docs]
    texts = [text for lay in lays for text, _ in lay]
    spans = [[(e.start_char, e.end_char, e.label_) for e in p.ents] for p in nlp.pipe(texts)]
    out, i = [], 0
    for d, lay in zip(docs, lays, strict=True):
        out.append(split_by_sentence(d, lay, spans[i : i + len(lay)]))
        i += len(lay)
    return out


def run_eventwire(docs: list[list[Sentence]], unit: str) -> list[list[set[Entity]]]:
    # What pipeline.annotate_page does with each document as a page, and the entities analyzer
    # only (the analyzers after it — actors, events — do not change the NER labels scored here).
    entities = EntityAnalyzer()
    out = []
    for d in docs:
        lay = layout(d, unit)
        batch = [Document(text) for text, _ in lay]
        if unit == "page" and len(batch) == 2:
            batch[1].kind, batch[1].parent_id = "headline", batch[0].id
        page = PageContext()
        for doc, parsed in zip(batch, parse(batch), strict=True):
            entities(doc, parsed, page)
        spans = [[(m.span.start, m.span.end, m.label) for m in doc.mentions] for doc in batch]
        out.append(split_by_sentence(d, lay, spans))
    return out


def report(name: str, docs: list[list[Sentence]], preds: list[list[set[Entity]]]) -> None:
    every, caps = Score(), Score()
    for d, pd in zip(docs, preds, strict=True):
        for s, p in zip(d, pd, strict=True):
            every.add(s.gold, p)
            if is_headline(s.text):
                caps.add(s.gold, p)
    print(f"\n{name}")
    print(f"  {'':12} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}")
    for title, score in (("all", every), ("headlines", caps)):
        for label in (*LABELS, None):
            p, r, f = score.prf(label)
            tp, fp, fn = (
                (c[label] if label else sum(c.values())) for c in (score.tp, score.fp, score.fn)
            )
            tag = f"{title} {label or 'overall'}"
            print(f"  {tag:16} {p:6.3f} {r:6.3f} {f:6.3f}   {tp:5} {fp:5} {fn:5}")


def show_misses(docs: list[list[Sentence]], preds: list[list[set[Entity]]], k: int) -> None:
    """Errors, ALL CAPS sentences first: gold-only entities (-) and predicted-only ones (+)."""
    rows = []
    for d, pd in zip(docs, preds, strict=True):
        for s, p in zip(d, pd, strict=True):
            if s.gold == p:
                continue

            def words(e: Entity, s: Sentence = s) -> str:
                return f"{' '.join(s.tokens[e[0] : e[1]])}/{e[2]}"

            missed = " ".join(f"-{words(e)}" for e in sorted(s.gold - p))
            extra = " ".join(f"+{words(e)}" for e in sorted(p - s.gold))
            rows.append((not is_headline(s.text), f"{s.text}\n      {missed} {extra}"))
    print(f"\nmisses (eventwire; {len(rows)} sentences with errors, first {k}):")
    for _, row in sorted(rows, key=lambda r: r[0])[:k]:
        print(f"  {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--misses", type=int, default=40, help="error sentences to print")
    parser.add_argument(
        "--unit",
        choices=("page", "sentence"),
        default="page",
        help="eventwire documents: headline + article per CoNLL document, or one per sentence",
    )
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found: this benchmark needs ../shared beside the checkout")
    docs = read_conll(DATA)[: args.limit]
    for d in docs:
        for s in d:
            detokenise(s)
    n_sent = sum(len(d) for d in docs)
    n_heads = sum(is_headline(s.text) for d in docs for s in d)
    n_gold = sum(len(s.gold) for d in docs for s in d)
    print(
        f"CoNLL-2003 test B: {len(docs)} documents, {n_sent} sentences, {n_heads} headlines, "
        f"{n_gold} gold entities"
    )
    print("label map (spaCy -> CoNLL):", ", ".join(f"{k}->{v}" for k, v in LABEL_MAP.items()))
    nlp_module.load()
    runs = [
        ("bare spaCy, nlp.pipe on the raw sentences", lambda: run_spacy(docs, None)),
        (
            f"bare spaCy, nlp.pipe on eventwire's {args.unit} texts",
            lambda: run_spacy(docs, args.unit),
        ),
        (f"eventwire entities ({args.unit} documents)", lambda: run_eventwire(docs, args.unit)),
    ]
    if args.unit == "sentence":
        del runs[1]
    for name, run in runs:
        start = time.perf_counter()
        preds = run()
        report(f"{name} ({time.perf_counter() - start:.1f} s)", docs, preds)
    show_misses(docs, preds, args.misses)


if __name__ == "__main__":
    main()
