"""The codes eventwire writes, with what each means: for `eventwire codes` and for checking
the values users give to the command-line options.

Which codes exist is read from where they are defined (the event lexicon, the role and actor
dictionaries, the data model); data/codes.yaml says in a line what each means.
"""

from __future__ import annotations

import functools
from typing import get_args

from eventwire.data import load_yaml
from eventwire.model import MeasureKind, MeasureStatus, Modality


@functools.cache
def descriptions() -> dict[str, dict[str, str]]:
    """data/codes.yaml: section -> code -> meaning."""
    return {
        section: {str(k): str(v) for k, v in table.items()}
        for section, table in load_yaml("codes.yaml").items()
    }


def _lexicon_entries() -> list[dict]:
    lex = load_yaml("event_lexicon.yaml")
    return [e for part in ("verbs", "nouns", "adjectives") for e in lex.get(part) or ()]


@functools.cache
def plover_types() -> tuple[str, ...]:
    """The PLOVER event types the event lexicon codes, sorted."""
    return tuple(sorted({e["type"] for e in _lexicon_entries()}))


@functools.cache
def plover_modes() -> tuple[str, ...]:
    """The PLOVER modes the event lexicon codes, sorted."""
    return tuple(sorted({e["mode"] for e in _lexicon_entries() if e.get("mode")}))


@functools.cache
def cameo_roots() -> dict[str, str]:
    """The 20 CAMEO root codes ("01" ... "20") with their codebook names, from the event
    lexicon's CAMEO table (a root is written there as its three-digit base, "040")."""
    table = load_yaml("event_lexicon.yaml")["cameo"]
    return {
        code[:2]: row[1] for code, row in sorted(table.items()) if len(code) == 3 and code[2] == "0"
    }


@functools.cache
def cameo_codes() -> frozenset[str]:
    """Every CAMEO code in the event lexicon's table (two to four digits)."""
    codes = set(load_yaml("event_lexicon.yaml")["cameo"])
    return frozenset(codes | {c[:2] for c in codes} | {c[:3] for c in codes})


@functools.cache
def sectors() -> tuple[str, ...]:
    """The sector (role) codes the role words and the actor dictionary use."""
    found: set[str] = set()
    for role in load_yaml("roles.yaml")["roles"].values():
        found.update(role.get("sectors") or ())
    for actor in load_yaml("actors.yaml")["actors"]:
        found.update(actor.get("sectors") or ())
        for period in actor.get("roles") or ():
            found.update(period.get("sectors") or ())
    return tuple(sorted(found))


def modalities() -> tuple[str, ...]:
    return get_args(Modality)


def measure_kinds() -> tuple[str, ...]:
    return get_args(MeasureKind)


def measure_statuses() -> tuple[str, ...]:
    return get_args(MeasureStatus)


def entity_types() -> tuple[str, ...]:
    """Entity labels (spaCy's OntoNotes names plus ROLE), in the order codes.yaml lists them."""
    return tuple(descriptions()["entity_types"])


def table() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every section of codes as (title, [(code, meaning), ...]), in reading order."""
    d = descriptions()

    def rows(section: str, codes: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
        return [(c, d[section].get(c, "")) for c in codes]

    types = [t for t in d["plover_types"] if t in plover_types()]
    return [
        ("PLOVER event types (events: type)", rows("plover_types", types)),
        (
            "CAMEO root codes (events: cameo starts with these two digits)",
            list(cameo_roots().items()),
        ),
        ("QuadClass (events: quad_class)", rows("quad_classes", list(d["quad_classes"]))),
        ("Sector codes (entities and actors: sectors)", rows("sectors", sectors())),
        ("Entity types (entities: type)", rows("entity_types", entity_types())),
        ("Modality (events: how the text reports it)", rows("modalities", modalities())),
        ("Measure kinds (measures: kind)", rows("measure_kinds", measure_kinds())),
        ("Measure statuses (measures: status)", rows("measure_statuses", measure_statuses())),
        ("Dates (X marks a part the text does not give)", date_rows()),
    ]


def date_rows() -> list[tuple[str, str]]:
    """Each example date value: how it reads and the kind of text it comes from."""
    from eventwire.datewords import describe

    rows = []
    for value, source in descriptions()["dates"].items():
        words = describe(value)
        rows.append((value, f"{words if words != value else 'as written'}, from “{source}”"))
    return rows
