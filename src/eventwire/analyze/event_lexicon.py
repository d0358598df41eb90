"""The event lexicon (data/event_lexicon.yaml): trigger entries indexed by lemma, with their
PLOVER type, CAMEO code, Goldstein score and the words a trigger's arguments must fit.

Loaded once per process; read by the event coder and by the actor resolver (role and
affiliation words)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from eventwire.data import load_yaml

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon pattern: a word (and its conditions) -> PLOVER type and CAMEO code."""

    pos: str  # verb | noun | adjective
    lemma: str
    type: str
    cameo: str
    example: str
    mode: str | None = None
    particle: str | None = None
    objects: frozenset[str] | None = None
    object_kind: str | None = None  # "actor" | "none"
    modifiers: frozenset[str] | None = None
    verbs: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    mutual: bool = False
    complement: str | None = None
    needs_complement: bool | str = False  # True: an event; "clause": any verb complement
    plural: bool = False
    forms: tuple[str, ...] = ()  # irregular forms the lemmatiser misses ("forgave")
    subject_is_target: bool = False
    # True: fires only with a target; "unless_complement": with a target or a complement
    # ("threatened Moldova", "threatened to cut gas", not a striker who "threatened")
    needs_target: bool | str = False
    not_complement: frozenset[str] = frozenset()
    # Only ever the complement of another trigger ("warned of retaliation"), never an event
    # of its own: "retaliation" names no act until someone threatens or vows it.
    complement_only: bool = False

    @property
    def phrase(self) -> bool:
        """Whether the entry names more than the word (a particle, object, modifier, ...)."""
        return bool(
            self.particle or self.objects or self.object_kind or self.modifiers or self.verbs
            or self.subjects
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class VerbalAttack:
    """When an ASSAULT word is an attack in words (`verbal_attack` in the lexicon)."""

    triggers: frozenset[str]
    objects: frozenset[str]
    frames: frozenset[str]
    modifiers: frozenset[str]
    armed_sectors: frozenset[str]
    instruments: frozenset[str]
    speakers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The event lexicon indexed by lemma, with the CAMEO table and refinement tables."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    cameo: dict[str, tuple[float, str]]
    refine_tables: dict[str, dict[str, str]]
    light_verbs: frozenset[str]
    light_nouns: frozenset[str]
    person_nouns: frozenset[str]
    undergoer_verbs: frozenset[str]
    causative_verbs: frozenset[str]
    adversary_nouns: frozenset[str]
    affiliation_words: frozenset[str]
    under_verbs: frozenset[str]
    default_targets: tuple[str, ...]
    default_sources: tuple[str, ...]
    keys: frozenset[str] = frozenset()  # every word that can start a trigger
    verbal_attack: VerbalAttack | None = None
    non_actor_nouns: frozenset[str] = frozenset()
    threatened_acts: frozenset[str] = frozenset()
    authored_nouns: frozenset[str] = frozenset()
    one_sided_consult_modes: frozenset[str] = frozenset()
    # "responsible for", "claimed responsibility for", "was behind" an event noun
    responsibility_words: frozenset[str] = frozenset()
    responsibility_verbs: frozenset[str] = frozenset()
    behind_verbs: frozenset[str] = frozenset()

    def entries(self) -> Iterator[Entry]:
        """Every entry once (an entry is indexed under its lemma and its irregular forms)."""
        for table in (self.verbs, self.nouns, self.adjectives):
            for key, group in table.items():
                yield from (e for e in group if e.lemma == key)

    def goldstein(self, code: str) -> float | None:
        row = self.cameo.get(code)
        return row[0] if row else None

    def refine(self, role: str, code: str) -> str:
        """The code of `role` (intent, threat, ...) refined by a complement's code."""
        table = self.refine_tables[role]
        for n in range(len(code), 1, -1):
            hit = table.get(code[:n])
            if hit:
                return hit
        return table["default"]


def quad_class(code: str) -> int:
    """CAMEO QuadClass: 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def cooperative(code: str) -> bool:
    return int(code[:2]) <= 8


def _words(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(_string(v) for v in value)


def _string(value: Any) -> str:
    # YAML reads a bare `on`, `off` or `no` as a boolean: the lexicon must quote them.
    if not isinstance(value, str):
        raise ValueError(f"event lexicon: {value!r} is not a string (quote it in the YAML)")
    return value.lower()


def _entry(pos: str, raw: dict[str, Any], defaults: dict[str, tuple[str, ...]]) -> Entry:
    obj = raw.get("object")
    kind = obj if isinstance(obj, str) else None
    return Entry(
        pos=pos,
        lemma=str(raw["lemma"]).lower(),
        type=raw["type"],
        cameo=str(raw["cameo"]),
        example=raw["example"],
        mode=raw.get("mode"),
        particle=_string(raw["particle"]) if raw.get("particle") is not None else None,
        objects=None if kind else _words(obj),
        object_kind=kind,
        modifiers=_words(raw.get("modifier")),
        verbs=_words(raw.get("verbs")),
        subjects=_words(raw.get("subject")),
        targets=tuple(_string(p) for p in raw.get("target") or defaults["targets"]),
        sources=tuple(_string(p) for p in raw.get("source") or defaults["sources"]),
        mutual=bool(raw.get("mutual")),
        complement=raw.get("complement"),
        needs_complement=raw.get("needs_complement") or False,
        plural=bool(raw.get("plural")),
        forms=tuple(_string(f) for f in raw.get("forms") or ()),
        subject_is_target=bool(raw.get("subject_is_target")),
        needs_target=raw.get("needs_target") or False,
        not_complement=_words(raw.get("not_complement")) or frozenset(),
        complement_only=bool(raw.get("complement_only")),
    )


def _index(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    by: dict[str, list[Entry]] = {}
    for e in entries:
        for key in (e.lemma, *e.forms):
            by.setdefault(key, []).append(e)
    # Specific patterns first: "lift curfew" before "lift".
    return {k: tuple(sorted(v, key=lambda e: not e.phrase)) for k, v in by.items()}


@functools.cache
def lexicon() -> Lexicon:
    """The event lexicon, loaded and indexed once."""
    raw: dict[str, Any] = load_yaml("event_lexicon.yaml")
    defaults = {
        "targets": tuple(_string(p) for p in raw["default_targets"]),
        "sources": tuple(_string(p) for p in raw["default_sources"]),
    }
    tables = {
        pos: _index(_entry(pos, e, defaults) for e in raw[key])
        for pos, key in (("verb", "verbs"), ("noun", "nouns"), ("adjective", "adjectives"))
    }
    return Lexicon(
        verbs=tables["verb"],
        nouns=tables["noun"],
        adjectives=tables["adjective"],
        cameo={str(k): (float(v[0]), str(v[1])) for k, v in raw["cameo"].items()},
        refine_tables={k: {str(a): str(b) for a, b in v.items()} for k, v in raw["refine"].items()},
        light_verbs=_words(raw["light_verbs"]) or frozenset(),
        light_nouns=_words(raw["light_nouns"]) or frozenset(),
        person_nouns=_words(raw["person_nouns"]) or frozenset(),
        undergoer_verbs=_words(raw["undergoer_verbs"]) or frozenset(),
        causative_verbs=_words(raw["causative_verbs"]) or frozenset(),
        adversary_nouns=_words(raw["adversary_nouns"]) or frozenset(),
        affiliation_words=_words(raw["affiliation_words"]) or frozenset(),
        under_verbs=_words(raw["under_verbs"]) or frozenset(),
        default_targets=defaults["targets"],
        default_sources=defaults["sources"],
        verbal_attack=VerbalAttack(
            **{
                k: frozenset(str(x) for x in v) if k == "armed_sectors" else _words(v)
                for k, v in raw["verbal_attack"].items()
            }
        ),
        non_actor_nouns=_words(raw["non_actor_nouns"]) or frozenset(),
        threatened_acts=_words(raw["threatened_acts"]) or frozenset(),
        authored_nouns=_words(raw["authored_nouns"]) or frozenset(),
        one_sided_consult_modes=_words(raw["one_sided_consult_modes"]) or frozenset(),
        responsibility_words=_words(raw["responsibility"]["words"]) or frozenset(),
        responsibility_verbs=_words(raw["responsibility"]["verbs"]) or frozenset(),
        behind_verbs=_words(raw["responsibility"]["behind"]) or frozenset(),
        keys=frozenset(
            set(tables["verb"]) | set(tables["noun"]) | set(tables["adjective"])
            | {w + "s" for w in tables["verb"]} | {w + "es" for w in tables["verb"]}
        ),
    )  # fmt: skip
