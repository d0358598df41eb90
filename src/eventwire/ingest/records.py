"""JSON lines, JSON arrays and CSV files to one RawItem per record.

A record's text is the field named by `text_field` ("text" unless told); its title, date and
URL come from `title_field`, `date_field` and `url_field`, or, when those are not given, from
the first of the usual names present (data/html_meta.yaml has none of this: record fields are
the user's, so the defaults are few and listed in RECORD_FIELDS). Sources are
"<file>#<line>" for JSON lines and CSV (the line the record starts on) and "<file>#<n>" for
the n-th object of a JSON array. A record that cannot be read is one Reject; the file goes on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from eventwire import settings
from eventwire.ingest.files import InputError, megabytes
from eventwire.model import RawItem, Reject

#: The content type ingest gives a record's RawItem (eventwire's own, not a real MIME type).
RECORD_TYPE = "application/x-eventwire-record"

#: Field names tried, in order, when no field is named for the title, date or URL.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "date": ("published", "date", "published_at", "publish_date", "pubdate", "datePublished"),
    "url": ("url", "link"),
}


def read_jsonl(name: str, stream: BinaryIO, options: Any) -> Iterator[RawItem | Reject]:
    """One record per line of a JSON-lines stream; blank lines are skipped."""
    lineno = 0
    while True:
        line = stream.readline(options.max_bytes + 1)
        if not line:
            return
        lineno += 1
        source = f"{name}#{lineno}"
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield Reject(source, "ingest", f"line over the {megabytes(options.max_bytes)} limit")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            yield Reject(source, "ingest", f"line is not UTF-8 text (byte {exc.start + 1})")
            continue
        except json.JSONDecodeError as exc:
            yield Reject(source, "ingest", f"line is not JSON: {exc.msg} (column {exc.colno})")
            continue
        yield record_item(source, value, options)


def read_json(name: str, data: bytes, options: Any) -> Iterator[RawItem | Reject]:
    """A JSON document: an array of records, one record, or an object holding one array."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"JSON file is not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if isinstance(value, dict) and _field(value, options.text_field) is None:
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            value = lists[0]
    if isinstance(value, dict):
        yield record_item(name, value, options)
        return
    if not isinstance(value, list):
        raise InputError(f"JSON file holds {_a(_json_kind(value))}, not records")
    if not value:
        raise InputError("JSON file holds an empty list")
    for index, record in enumerate(value, 1):
        yield record_item(f"{name}#{index}", record, options)


def read_csv(name: str, stream: BinaryIO, head: bytes, options: Any) -> Iterator[RawItem | Reject]:
    """One record per row of a CSV (or tab-, semicolon-separated) file with a header row."""
    encoding = _text_encoding(head)
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(_whole_lines(sample), delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")  # type: ignore[arg-type]
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    reader = csv.reader(text, dialect)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"CSV file has no readable header row ({exc or 'empty'})") from None
    if _lookup(header, options.text_field) is None:
        raise InputError(
            f"CSV file has no {options.text_field!r} column (columns: {', '.join(header)}); "
            "name the text column with --text-field"
        )
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"malformed CSV from line {start}: {exc}") from None
        except UnicodeDecodeError:
            raise InputError(f"CSV file is not {encoding} text from line {start} on") from None
        source = f"{name}#{start}"
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Reject(
                source, "ingest", f"row has {len(row)} fields where the header has {len(header)}"
            )
            continue
        yield record_item(source, dict(zip(header, row, strict=True)), options)


def record_item(source: str, record: object, options: Any) -> RawItem | Reject:
    """One record (a mapping of fields) as a RawItem, or a Reject saying what is missing."""
    if not isinstance(record, Mapping):
        return Reject(source, "ingest", f"record is {_a(_json_kind(record))}, not an object")
    text = _field(record, options.text_field)
    if text is None:
        fields = ", ".join(list(record)[:12]) or "none"
        return Reject(
            source,
            "ingest",
            f"record has no {options.text_field!r} field (fields: {fields}); "
            "name the text field with --text-field",
        )
    if not isinstance(text, str):
        return Reject(
            source, "ingest", f"{options.text_field!r} field is {_a(_json_kind(text))}, not text"
        )
    if not text.strip():
        return Reject(source, "ingest", f"{options.text_field!r} field is empty")
    data = text.encode("utf-8")
    if len(data) > options.max_bytes:
        return Reject(
            source, "ingest", f"text over the {megabytes(options.max_bytes)} limit for one input"
        )
    title = _named(record, options.title_field, "title")
    url = _named(record, options.url_field, "url")
    meta = {"title": " ".join(str(title).split())} if title else {}
    return RawItem(
        source=source,
        data=data,
        url=str(url).strip() if url else None,
        content_type=RECORD_TYPE,
        published=normalise_date(_named(record, options.date_field, "date")),
        meta=meta,
    )


def _named(record: Mapping[str, Any], name: str | None, role: str) -> Any:
    if name:
        return _field(record, name)
    for candidate in RECORD_FIELDS[role]:
        value = _field(record, candidate)
        if value not in (None, ""):
            return value
    return None


def _field(record: Mapping[str, Any], name: str) -> Any:
    """A field by name, or by a dotted path into nested objects ("article.body")."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        key = _lookup(value, part)
        if key is None:
            return None
        value = value[key]
    return value


def _lookup(keys: Iterable[str], name: str) -> str | None:
    """The key equal to `name`, or equal ignoring case."""
    keys = list(keys)
    if name in keys:
        return name
    folded = name.casefold()
    return next((k for k in keys if isinstance(k, str) and k.casefold() == folded), None)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _json_kind(value: object) -> str:
    return {list: "array", dict: "object", str: "string", bool: "boolean"}.get(
        type(value), "number" if isinstance(value, int | float) else "null"
    )


def _text_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return "utf-8"  # a character cut by the end of the sample
    best = from_bytes(head).best()
    return best.encoding if best is not None else "utf-8"


def _whole_lines(sample: str) -> str:
    cut = sample.rfind("\n")
    return sample[:cut] if cut > 0 else sample


# Dates ---------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_WORD_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def normalise_date(value: object) -> str | None:
    """A record's or feed's date as YYYY-MM-DD (the day as written, not moved to UTC), or None.

    Takes ISO 8601, RFC 2822 ("Wed, 14 May 2025 09:00:00 -0400"), Unix times in seconds or
    milliseconds, and common written dates; relative dates ("yesterday") are not dates here.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return _plausible(dt.datetime.fromtimestamp(seconds, dt.UTC).date())
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        try:
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    if text.isdigit():
        return normalise_date(int(text))
    parsed = email.utils.parsedate_tz(text)
    if parsed and parsed[0] and parsed[1] and parsed[2]:
        try:
            return _plausible(dt.date(parsed[0], parsed[1], parsed[2]))
        except ValueError:
            pass
    for fmt in _WORD_FORMATS:
        try:
            return _plausible(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    import dateparser  # slow to import; only unusual date forms need it

    found = dateparser.parse(
        text[:100],
        settings={"PARSERS": ["timestamp", "custom-formats", "absolute-time"]},
    )
    return _plausible(found.date()) if found else None


def _plausible(date: dt.date) -> str | None:
    latest = dt.date.today() + dt.timedelta(days=1)
    return date.isoformat() if date.year >= settings.HTML_MIN_YEAR and date <= latest else None
