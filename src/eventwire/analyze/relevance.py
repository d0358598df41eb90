"""Relevance: may a sentence of this document yield a political event at all?

The event coder reads verbs and nouns; a sports report is full of "attack", "beat" and
"threaten", a film review of "war" and "fight", a software story of "attack" and
"retaliation". Whether those words are events depends on what the story is about, which no
single sentence says. `judge(doc, parsed)` decides it once per document from the rules in
data/relevance.yaml:

- the **topic**: sport, culture, business, technology or weather when that topic's words
  dominate the document and outnumber the words of politics, the law and violence; otherwise
  none (a political or general story, where every event counts);
- per **line**: bylines, captions, credits and section headers state no event (the parser
  does not always end a sentence at a line break, so these are found line by line).

The coder asks `Judgement.keeps(event, sentence)`: in a topic story an event stays only when
a political actor (a government, party, court, army, police, armed group or international
body; a country itself, except in sport, where a country is its team) is on either side of it,
or when its sentence itself speaks of the state or violence ("a car bomb exploded outside the
stadium"). This is a helper of the event analyzer (analyze/events.py), not an analyzer of its
own: it adds no field to the document.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from eventwire import settings
from eventwire.analyze.actor_lexicon import lookup_country
from eventwire.analyze.modality import doc_words
from eventwire.data import load_yaml
from eventwire.model import Actor, Document, Event


@dataclass(frozen=True, slots=True)
class Rules:
    """data/relevance.yaml, as sets and compiled patterns."""

    topics: dict[str, frozenset[str]]
    political_words: frozenset[str]
    political_sectors: frozenset[str]
    countries_are_teams: frozenset[str]
    non_event_sentences: tuple[re.Pattern[str], ...]
    score: re.Pattern[str]
    contest_verbs: frozenset[str]


@functools.cache
def rules() -> Rules:
    """The relevance rules, loaded once."""
    raw: dict[str, Any] = load_yaml("relevance.yaml")

    def words(values: list[Any]) -> frozenset[str]:
        bad = [v for v in values if not isinstance(v, str)]
        if bad:
            raise ValueError(f"relevance.yaml: {bad!r} are not strings (quote them)")
        return frozenset(v.lower() for v in values)

    return Rules(
        topics={str(k): words(v) for k, v in raw["topics"].items()},
        political_words=words(raw["political_words"]),
        political_sectors=frozenset(str(s) for s in raw["political_sectors"]),
        countries_are_teams=words(raw["countries_are_teams"]),
        non_event_sentences=tuple(re.compile(p) for p in raw["non_event_sentences"]),
        score=re.compile(raw["score_pattern"]),
        contest_verbs=words(raw["contest_verbs"]),
    )


@dataclass(slots=True)
class Judgement:
    """What `judge` found for one document."""

    topic: str | None = None  # None: a political or general story, every event counts
    counts: dict[str, int] | None = None  # topic word counts, for explaining the decision
    # character ranges of bylines, captions and section headers: no event starts in one
    blocked: list[tuple[int, int]] = field(default_factory=list)

    def keeps(self, event: Event, sent: SpacySpan) -> bool:
        """Whether an event the coder found in `sent` is a political event of this story."""
        start = event.trigger.start
        if any(a <= start < b for a, b in self.blocked):
            return False  # a byline, a caption, a section header
        r = rules()
        if match_result(event, sent):
            return False  # "Brazil beat Argentina 3-1"
        if self.topic is None:
            return True
        teams = self.topic in r.countries_are_teams
        if any(political_actor(a, countries=not teams) for a in (event.actor1, event.actor2)):
            return True
        return any(_word(t) in r.political_words for t in sent)


def _word(tok: Any) -> str:
    return tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX", "NOUN") else tok.lower_


def match_result(event: Event, sent: SpacySpan) -> bool:
    """Whether the event is a contest verb in a sentence that gives a score."""
    r = rules()
    trigger = sent.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trigger is None or not any(_word(t) in r.contest_verbs for t in trigger):
        return False
    return r.score.search(sent.text) is not None


def political_actor(actor: Actor | None, *, countries: bool = True) -> bool:
    """Whether an actor is a political one: a political sector, or (when `countries`) a
    country named as itself ("Spain", not "a Spanish club")."""
    if actor is None:
        return False
    if set(actor.sectors) & rules().political_sectors:
        return True
    return countries and lookup_country(actor.span.text) is not None


def topic_of(
    parsed: Doc, words: tuple[list[str], list[str]] | None = None
) -> tuple[str | None, dict[str, int]]:
    """The topic a document's words are mostly about, or None, with the counts.

    `words` are the document's `modality.doc_words`, when the caller has them already."""
    r = rules()
    counted = _counted_words()
    topics = r.topics.items()
    counts: Counter[str] = Counter()
    political = 0
    lowers, lemmas = words if words is not None else doc_words(parsed)
    for i, low in enumerate(lowers):
        # Most words are no topic's and not political, whatever their part of speech: one
        # set test each spares them the token and the per-topic tests.
        if low not in counted and lemmas[i] not in counted:
            continue
        tok = parsed[i]
        if not tok.is_alpha and "-" not in low:
            continue
        w = lemmas[i] if tok.pos_ in ("VERB", "AUX", "NOUN") else low  # as `_word`
        if w in r.political_words:
            political += 1
        for topic, topic_words in topics:
            if w in topic_words or low in topic_words:
                counts[topic] += 1
    out = dict(counts)
    out["political"] = political
    if not counts:
        return None, out
    topic, n = counts.most_common(1)[0]
    if n < settings.RELEVANCE_MIN_TOPIC_WORDS or n < settings.RELEVANCE_TOPIC_RATIO * political:
        return None, out
    return topic, out


@functools.cache
def _counted_words() -> frozenset[str]:
    """Every word `topic_of` counts: the political words and all topics' words."""
    r = rules()
    return r.political_words.union(*r.topics.values())


_LINE = re.compile(r"[^\n]+")


def non_event_line(line: str, tokens: SpacySpan | None) -> bool:
    """A byline, caption, credit or section header (a line of its own): it states no event.

    `tokens` are the parse's tokens of the line, for telling a header ("Sanctions on Iran",
    no verb) from a sentence that lacks its full stop ("Talks resumed")."""
    text = line.strip()
    if not text:
        return False
    if any(p.match(text) for p in rules().non_event_sentences):
        return True
    if tokens is None or text[-1] in ".!?\"'”’)":
        return False
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words or len(words) > settings.RELEVANCE_HEADER_MAX_WORDS:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in words)


def non_event_lines(text: str, parsed: Doc) -> list[tuple[int, int]]:
    """The character ranges of the lines of a multi-line text that state no event."""
    lines = [m for m in _LINE.finditer(text) if m.group().strip()]
    if len(lines) < 2:
        return []  # a headline or a one-paragraph text is all sentence
    out = []
    for m in lines:
        tokens = parsed.char_span(m.start(), m.end(), alignment_mode="contract")
        if non_event_line(m.group(), tokens):
            out.append((m.start(), m.end()))
    return out


def judge(
    doc: Document, parsed: Doc, *, words: tuple[list[str], list[str]] | None = None
) -> Judgement:
    """The relevance judgement of one document (headlines and feed items are judged like
    articles: their own words are all the evidence they have). `words` are the document's
    `modality.doc_words`, when the caller has them already."""
    topic, counts = topic_of(parsed, words)
    blocked = non_event_lines(doc.text, parsed) if doc.kind != "headline" else []
    return Judgement(topic=topic, counts=counts, blocked=blocked)
