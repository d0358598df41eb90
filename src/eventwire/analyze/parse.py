"""Parsing: sentences, tokens and NER from spaCy, on truecased text where the text needs it."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.analyze import nlp as nlp_module
from eventwire.analyze.truecasing import CaseEvidence, is_title_case, truecase
from eventwire.model import Document, Span


def parse(docs: Sequence[Document], nlp: Language | None = None) -> list[Doc]:
    """spaCy parses of `docs`, in order, and each document's `sentences` filled in.

    Title Case and ALL CAPS texts are truecased first, with the casing of the other documents
    in `docs` as evidence (so pass a page's documents together). The parses' texts have the
    same length as the documents' texts, so their offsets are the documents' offsets.
    """
    nlp = nlp or nlp_module.load()
    texts = _cased(docs)
    parsed = list(nlp.pipe(texts))
    for doc, p in zip(docs, parsed, strict=True):
        _fill_sentences(doc, p)
    return parsed


def parse_pages(
    pages: Sequence[Sequence[Document]], nlp: Language | None = None
) -> list[list[Doc]]:
    """`parse` of several pages in one `nlp.pipe` call: each page is truecased on its own
    evidence (its own documents' casing), and spaCy gets the whole batch at once."""
    nlp = nlp or nlp_module.load()
    texts: list[str] = []
    for page in pages:
        texts.extend(_cased(page))
    parsed = iter(nlp.pipe(texts, batch_size=max(len(texts), 1)))
    out: list[list[Doc]] = []
    for page in pages:
        docs = [next(parsed) for _ in page]
        for doc, p in zip(page, docs, strict=True):
            _fill_sentences(doc, p)
        out.append(docs)
    return out


def _cased(page: Sequence[Document]) -> list[str]:
    """The page's texts as the parser gets them: Title Case and ALL CAPS texts truecased on
    the casing evidence of the whole page, the others as they are."""
    titled = [is_title_case(d.text) for d in page]
    if not any(titled):
        return [d.text for d in page]  # most pages: no evidence to gather (a few % of a parse)
    evidence = CaseEvidence.from_texts(d.text for d in page)
    return [truecase(d.text, evidence) if t else d.text for d, t in zip(page, titled, strict=True)]


def _fill_sentences(doc: Document, p: Doc) -> None:
    # truecasing keeps lengths; guard the invariant (from the last token: Doc.text would
    # build every token's object to join their texts)
    if (p[-1].idx + len(p[-1].text_with_ws) if len(p) else 0) != len(doc.text):
        raise AssertionError(f"parse of {doc.id} changed the text length")
    doc.sentences = [
        s for s in (_trimmed(doc.text, x.start_char, x.end_char) for x in p.sents) if s
    ]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if end > start else None
