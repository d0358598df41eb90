import json

import pytest

from eventwire.model import Document, Mention, Published, Span, document_id


def test_span_of_takes_text_from_offsets():
    span = Span.of("Tokyo is urging a review", 0, 5)
    assert span == Span(0, 5, "Tokyo")


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)])
def test_span_of_rejects_offsets_outside_text(start, end):
    with pytest.raises(ValueError, match="outside"):
        Span.of("short", start, end)


def test_document_id_ignores_whitespace_and_unicode_form():
    assert document_id("Caf\u00e9  talks\n resume ") == document_id("Cafe\u0301 talks resume")
    assert document_id("talks resume") != document_id("talks resumed")


def test_document_gets_id_from_text():
    doc = Document(text="Belarus frees prisoners")
    assert doc.id == document_id("Belarus frees prisoners")


def test_to_dict_is_json_and_keeps_field_order():
    doc = Document(text="Japan and Canada", published=Published("2025-05-14", "user"))
    doc.mentions.append(Mention(span=Span.of(doc.text, 0, 5), label="GPE", entity_id="e1"))
    data = doc.to_dict()
    assert list(data)[:4] == ["text", "kind", "id", "title"]
    assert data["published"] == {"date": "2025-05-14", "origin": "user"}
    assert data["mentions"][0] == {
        "span": {"start": 0, "end": 5, "text": "Japan"},
        "label": "GPE",
        "entity_id": "e1",
        "extractor": "",
    }
    assert json.loads(json.dumps(data)) == data
