"""Modality: each cue of data/modality.yaml on a sentence written for it, through the full
analysis, and the priority between cues."""

from __future__ import annotations

import pytest

from eventwire.analyze import modality
from eventwire.analyze.modality import PRIORITY, cues
from eventwire.model import Event
from tests.analyze.events_harness import run, run_one

# (cue word, sentence, trigger of the event to check, expected modality)
CASES = [
    # expectation verbs with a clause or an object and an infinitive
    (
        "predict",
        "Analysts predicted that the junta frees the detainees before the vote.",
        "frees",
        "expected",
    ),
    (
        "anticipate",
        "Diplomats anticipate Iran to release the sailors this week.",
        "release",
        "expected",
    ),
    (
        "project",
        "Observers project that the army withdraws from the town soon.",
        "withdraws",
        "expected",
    ),
    ("foresee", "Few foresee that Russia lifts the embargo this year.", "lifts", "expected"),
    # reporting verbs
    ("say", "The ministry said Israel attacked the convoy.", "attacked", "reported"),
    ("tell", "Officials told reporters that Israel attacked the convoy.", "attacked", "reported"),
    ("claim", "Hamas claimed that Israel attacked the convoy.", "attacked", "reported"),
    ("report", "Witnesses reported that Israel attacked the convoy.", "attacked", "reported"),
    ("state", "The army stated that Israel attacked the convoy.", "attacked", "reported"),
    ("add", "The mayor added that Israel attacked the convoy.", "attacked", "reported"),
    ("note", "The report noted that Israel attacked the convoy.", "attacked", "reported"),
    ("insist", "Egypt insisted that Israel attacked the convoy.", "attacked", "reported"),
    ("argue", "Lawyers argued that Israel attacked the convoy.", "attacked", "reported"),
    ("confirm", "The army confirmed that Israel attacked the convoy.", "attacked", "reported"),
    ("reveal", "The footage revealed that Israel attacked the convoy.", "attacked", "reported"),
    ("indicate", "Records indicate that Israel attacked the convoy.", "attacked", "reported"),
    ("suggest", "Evidence suggests that Israel attacked the convoy.", "attacked", "reported"),
    ("believe", "Analysts believe that Israel attacked the convoy.", "attacked", "reported"),
    ("think", "Many think that Israel attacked the convoy.", "attacked", "reported"),
    ("write", "The envoy wrote that Israel attacked the convoy.", "attacked", "reported"),
    ("explain", "The officer explained that Israel attacked the convoy.", "attacked", "reported"),
    (
        "acknowledge",
        "The army acknowledged that Israel attacked the convoy.",
        "attacked",
        "reported",
    ),
    ("admit", "The army admitted that Israel attacked the convoy.", "attacked", "reported"),
    ("assert", "Qatar asserted that Israel attacked the convoy.", "attacked", "reported"),
    ("contend", "Critics contend that Israel attacked the convoy.", "attacked", "reported"),
    ("maintain", "Jordan maintains that Israel attacked the convoy.", "attacked", "reported"),
    ("stress", "The agency stressed that Israel attacked the convoy.", "attacked", "reported"),
    ("emphasize", "The agency emphasized that Israel attacked the convoy.", "attacked", "reported"),
    (
        "quote",
        "Reuters quoted a witness as saying Israel attacked the convoy.",
        "attacked",
        "reported",
    ),
    ("testify", "The driver testified that Israel attacked the convoy.", "attacked", "reported"),
    ("disclose", "The inquiry disclosed that Israel attacked the convoy.", "attacked", "reported"),
    ("tweet", "The minister tweeted that Israel attacked the convoy.", "attacked", "reported"),
    ("reiterate", "Egypt reiterated that Israel attacked the convoy.", "attacked", "reported"),
    ("remark", "The envoy remarked that Israel attacked the convoy.", "attacked", "reported"),
    (
        "estimate",
        "Monitors estimate that Israel attacked the convoy twice.",
        "attacked",
        "reported",
    ),
    ("according", "According to witnesses, Israel attacked the convoy.", "attacked", "reported"),
    # planning verbs and adjectives
    ("plan", "Iran plans to attack the tanker.", "attack", "planned"),
    ("intend", "Iran intends to attack the tanker.", "attack", "planned"),
    ("aim", "Iran aims to attack the tanker.", "attack", "planned"),
    ("prepare", "The Thai government prepared to visit Laos.", "visit", "planned"),
    ("schedule", "Iran scheduled to visit Iraq in May.", "visit", "planned"),
    ("decide", "Iran decided to attack the tanker.", "attack", "planned"),
    ("arrange", "Egypt arranged to visit Sudan.", "visit", "planned"),
    ("expect", "The Chinese premier is expected to visit Australia.", "visit", "planned"),
    ("mean", "The president meant to visit Chile in March.", "visit", "planned"),
    ("opt", "Peru opted to expel the Venezuelan envoy.", "expel", "planned"),
    ("resolve", "Kenya resolved to arrest the smugglers.", "arrest", "planned"),
    ("look", "Brazil is looking to invest in Angola.", "invest", "planned"),
    ("set", "The Spanish king is set to visit Morocco.", "visit", "planned"),
    ("due", "The Spanish king is due to visit Morocco.", "visit", "planned"),
    ("poised", "The Spanish king is poised to visit Morocco.", "visit", "planned"),
    ("scheduled", "The Spanish king is scheduled to visit Morocco.", "visit", "planned"),
    ("slated", "The Spanish king is slated to visit Morocco.", "visit", "planned"),
    ("going", "The Spanish king is going to visit Morocco.", "visit", "planned"),
    ("about", "The Spanish king is about to visit Morocco.", "visit", "planned"),
    ("bound", "Russia is bound to attack Kharkiv again.", "attack", "planned"),
    # expectation
    ("likely", "Russia is likely to attack Kharkiv.", "attack", "expected"),
    ("unlikely", "Russia is unlikely to attack Kharkiv.", "attack", "expected"),
    ("forecast", "Russia is forecast to attack Kharkiv.", "attack", "expected"),
    ("predicted", "Russia is predicted to attack Kharkiv.", "attack", "expected"),
    ("projected", "Russia is projected to attack Kharkiv.", "attack", "expected"),
    ("probable", "Russia is probable to attack Kharkiv.", "attack", "expected"),
    ("anticipated", "Russia is anticipated to attack Kharkiv.", "attack", "expected"),
    # auxiliaries
    ("will", "Russia will attack Kharkiv.", "attack", "planned"),
    ("shall", "The council shall meet Iranian negotiators.", "meet", "planned"),
    ("'ll", "They'll attack Kharkiv.", "attack", "planned"),
    ("’ll", "They’ll attack Kharkiv.", "attack", "planned"),
    ("wo", "Russia won't attack Kharkiv.", "attack", "negated"),
    ("would", "Russia would attack Kharkiv.", "attack", "hypothetical"),
    ("could", "Russia could attack Kharkiv.", "attack", "hypothetical"),
    ("might", "Russia might attack Kharkiv.", "attack", "hypothetical"),
    ("may", "Russia may attack Kharkiv.", "attack", "hypothetical"),
    ("should", "Russia should attack Kharkiv.", "attack", "hypothetical"),
    ("can", "Russia can attack Kharkiv.", "attack", "hypothetical"),
    ("ca", "Russia can't attack Kharkiv.", "attack", "negated"),
    ("must", "Russia must attack Kharkiv.", "attack", "hypothetical"),
    ("'d", "They'd attack Kharkiv.", "attack", "hypothetical"),
    # conditions (the main event is conditional)
    ("if", "Japan would visit Seoul if the talks went well.", "visit", "conditional"),
    ("unless", "Japan would visit Seoul unless the talks failed.", "visit", "conditional"),
    ("whether", "Japan will visit Seoul whether the talks succeed or not.", "visit", "conditional"),
    ("lest", "Japan visited Seoul lest the talks fail.", "visited", "conditional"),
    ("as long as", "Japan will visit Seoul as long as the talks continue.", "visit", "conditional"),
    ("so long as", "Japan will visit Seoul so long as the talks continue.", "visit", "conditional"),
    (
        "on condition that",
        "Japan will visit Seoul on condition that the talks resume.",
        "visit",
        "conditional",
    ),
    # negation
    ("not", "Israel did not attack the convoy.", "attack", "negated"),
    ("n't", "Israel didn't attack the convoy.", "attack", "negated"),
    ("’t", "Israel didn’t attack the convoy.", "attack", "negated"),
    ("never", "Israel never attacked the convoy.", "attacked", "negated"),
    ("no", "Seoul has held no talks with Tokyo.", "talks", "negated"),
    ("neither", "Neither Israel nor Egypt attacked the convoy.", "attacked", "negated"),
    ("without", "Chile left without talks with Peru.", "talks", "negated"),
    ("fail", "Israel failed to attack the convoy.", "attack", "negated"),
    ("deny", "Israel denied the attack on the convoy.", "attack", "negated"),
    ("avoid", "Israel avoided an attack on the convoy.", "attack", "negated"),
    ("stop", "Israel stopped an attack on the convoy.", "attack", "negated"),
    ("cease", "Israel ceased to attack the convoy.", "attack", "negated"),
    ("abandon", "Israel abandoned an attack on the convoy.", "attack", "negated"),
    ("cancel", "Japan cancelled the visit to Seoul.", "visit", "negated"),
    ("postpone", "Japan postponed the visit to Seoul.", "visit", "negated"),
    ("forgo", "Japan will forgo the visit to Seoul.", "visit", "negated"),
    ("skip", "Japan skipped the talks with Seoul.", "talks", "negated"),
    # hypothetical verbs, nouns and modifiers
    ("consider", "Japan is considering sanctions on Russia.", "sanctions", "hypothetical"),
    ("weigh", "Japan is weighing sanctions on Russia.", "sanctions", "hypothetical"),
    ("propose", "Japan proposed sanctions on Russia.", "sanctions", "hypothetical"),
    ("debate", "Japan debated sanctions on Russia.", "sanctions", "hypothetical"),
    ("mull", "Japan is mulling sanctions on Russia.", "sanctions", "hypothetical"),
    ("contemplate", "Japan contemplated sanctions on Russia.", "sanctions", "hypothetical"),
    ("explore", "Japan explored sanctions on Russia.", "sanctions", "hypothetical"),
    ("study", "Japan is studying sanctions on Russia.", "sanctions", "hypothetical"),
    ("examine", "Japan examined sanctions on Russia.", "sanctions", "hypothetical"),
    ("review", "Japan reviewed sanctions on Russia.", "sanctions", "hypothetical"),
    ("envisage", "Japan envisages sanctions on Russia.", "sanctions", "hypothetical"),
    ("envision", "Japan envisions sanctions on Russia.", "sanctions", "hypothetical"),
    ("imagine", "Few imagine Japanese sanctions on Russia.", "sanctions", "hypothetical"),
    ("hope", "The Japanese government hopes to meet North Korean leaders.", "meet", "hypothetical"),
    ("want", "Japan wants to meet North Korean leaders.", "meet", "hypothetical"),
    ("wish", "Japan wishes to meet North Korean leaders.", "meet", "hypothetical"),
    ("try", "Japan tried to meet North Korean leaders.", "meet", "hypothetical"),
    ("attempt", "Japan attempted to meet North Korean leaders.", "meet", "hypothetical"),
    ("need", "Japan needs to meet North Korean leaders.", "meet", "hypothetical"),
    ("seek", "Japan seeks to meet North Korean leaders.", "meet", "hypothetical"),
    ("benefit", "Japan sees little benefit in meeting Chinese leaders.", "meeting", "hypothetical"),
    ("chance", "Japan has a chance to meet Chinese leaders.", "meet", "hypothetical"),
    ("possibility", "Japan raised the possibility of talks with China.", "talks", "hypothetical"),
    ("prospect", "Japan welcomed the prospect of talks with China.", "talks", "hypothetical"),
    ("hope", "Japan voiced hope for talks with China.", "talks", "hypothetical"),
    ("point", "Japan sees no point in talks with China.", "talks", "hypothetical"),
    ("option", "Japan kept the option of talks with China.", "talks", "hypothetical"),
    ("idea", "Japan floated the idea of talks with China.", "talks", "hypothetical"),
    ("proposal", "Japan backed a proposal for talks with China.", "talks", "hypothetical"),
    ("risk", "Japan warned of the risk of sanctions on China.", "sanctions", "hypothetical"),
    ("fear", "Japan voiced fear of sanctions on China.", "sanctions", "hypothetical"),
    (
        "likelihood",
        "Japan weighed the likelihood of sanctions on China.",
        "sanctions",
        "hypothetical",
    ),
    ("need", "Japan stressed the need for talks with China.", "talks", "hypothetical"),
    ("bid", "Japan made a bid to meet Chinese leaders.", "meet", "hypothetical"),
    ("effort", "Japan made an effort to meet Chinese leaders.", "meet", "hypothetical"),
    ("attempt", "Japan made an attempt to meet Chinese leaders.", "meet", "hypothetical"),
    ("possible", "Israel prepared for a possible attack by Iran.", "attack", "hypothetical"),
    ("potential", "Israel prepared for a potential attack by Iran.", "attack", "hypothetical"),
    ("hypothetical", "Israel discussed a hypothetical attack by Iran.", "attack", "hypothetical"),
    ("prospective", "Israel studied a prospective attack by Iran.", "attack", "hypothetical"),
    ("mooted", "Israel rejected the mooted talks with Iran.", "talks", "hypothetical"),
    ("suggested", "Israel ignored the suggested talks with Iran.", "talks", "hypothetical"),
    ("threatened", "Israel braced for a threatened attack by Iran.", "attack", "hypothetical"),
    ("feared", "Israel braced for a feared attack by Iran.", "attack", "hypothetical"),
    # planned modifiers
    ("planned", "Japan confirmed the planned visit to Seoul.", "visit", "planned"),
    ("upcoming", "Japan prepared the upcoming visit to Seoul.", "visit", "planned"),
    ("forthcoming", "Japan prepared the forthcoming visit to Seoul.", "visit", "planned"),
    ("scheduled", "Japan confirmed the scheduled visit to Seoul.", "visit", "planned"),
    ("proposed", "Japan welcomed the proposed visit to Seoul.", "visit", "planned"),
    ("expected", "Japan welcomed the expected visit to Seoul.", "visit", "planned"),
    ("future", "Japan discussed a future visit to Seoul.", "visit", "planned"),
    ("impending", "Japan prepared the impending visit to Seoul.", "visit", "planned"),
    ("imminent", "Japan announced an imminent visit to Seoul.", "visit", "planned"),
    ("intended", "Japan announced the intended visit to Seoul.", "visit", "planned"),
    # reported modifiers
    ("alleged", "Iraq condemned the alleged attack by Turkey.", "attack", "reported"),
    ("reported", "Iraq condemned the reported attack by Turkey.", "attack", "reported"),
    ("purported", "Iraq condemned the purported attack by Turkey.", "attack", "reported"),
    ("claimed", "Iraq investigated the claimed attack by Turkey.", "attack", "reported"),
    ("suspected", "Iraq investigated the suspected attack by Turkey.", "attack", "reported"),
    ("apparent", "Iraq investigated the apparent attack by Turkey.", "attack", "reported"),
    ("supposed", "Iraq investigated the supposed attack by Turkey.", "attack", "reported"),
]


@pytest.fixture(scope="module")
def analysed() -> dict[str, list[Event]]:
    docs = run(sorted({sentence for _, sentence, _, _ in CASES}))
    return {d.text: d.events for d in docs}


def _modality_of(trigger_word: str, sentence: str) -> str:
    """The modality `assess` gives the first token `trigger_word` of `sentence`."""
    from eventwire.analyze.parse import parse
    from eventwire.model import Document

    doc = Document(text=sentence)
    parsed = parse([doc])[0]
    token = next(t for t in parsed if t.text == trigger_word)
    return modality.assess(token).modality


@pytest.mark.parametrize(("cue", "sentence", "trigger", "expected"), CASES,
                         ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])  # fmt: skip
def test_cue(cue, sentence, trigger, expected, analysed):  # type: ignore[no-untyped-def]
    events = [e for e in analysed[sentence] if e.trigger.text == trigger]
    if events:
        assert {e.modality for e in events} == {expected}, [(e.type, e.modality) for e in events]
    else:  # the word is no event of its own here (no actor): ask the walk directly
        assert _modality_of(trigger, sentence) == expected


def test_every_cue_word_has_a_sentence():
    c = cues()
    covered = {cue.lower() for cue, *_ in CASES}
    words: set[str] = set()
    for name in ("reporting_verbs", "reporting_preps", "plan_verbs", "plan_adjectives",
                 "expectation_words", "future_aux", "hypothetical_aux", "condition_marks",
                 "negation_words", "negating_verbs", "hypothetical_verbs", "hypothetical_nouns",
                 "hypothetical_modifiers", "plan_modifiers", "reported_modifiers",
                 "expectation_verbs"):  # fmt: skip
        words |= set(getattr(c, name))
    words |= {" ".join(p) for p in c.condition_phrases}
    assert words - covered == set()


def test_priority_order():
    assert PRIORITY[0] == "negated" and PRIORITY[-1] == "asserted"
    ev = next(e for e in run_one("Obama said he would not help Israel.").events)
    assert ev.modality == "negated" and ev.source is not None
    assert "Obama" in ev.source.span.text


def test_source_of_a_claim_and_of_according_to():
    claim = run_one("Ukraine claims a drone strike on a Russian warship.").events[0]
    assert claim.modality == "reported" and claim.source.span.text == "Ukraine"
    according = run_one("According to Syrian state media, Israel attacked an airport.").events[0]
    assert according.modality == "reported" and "media" in according.source.span.text


def test_threat_is_not_asserted_and_its_act_not_coded():
    doc = run_one("Turkey threatened to invade northern Syria.")
    assert [e.type for e in doc.events] == ["THREATEN"]
    assert not [e for e in doc.events if e.type == "ASSAULT"]


def test_conditional_hostile_act_is_a_threat():
    doc = run_one("Japan will impose tariffs on Korea unless talks resume.")
    ev = next(e for e in doc.events)
    assert ev.type == "THREATEN" and ev.cameo == "1312"


def test_deontic_modal_in_a_reported_clause():
    assert modality.cues().deontic_aux == {"must", "should"}
    doc = run_one("Britain said Libya must hand over the suspects.")
    ev = next(e for e in doc.events if e.type == "REQUEST")
    assert ev.actor1.country == "GBR" and ev.actor2.country == "LBY"
    for phrase in ("has to", "needs to", "ought to"):
        doc = run_one(f"Britain said Libya {phrase} hand over the suspects.")
        assert [e.type for e in doc.events] == ["REQUEST"], phrase


# --------------------------------------------------------------------------- running text


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # an expectation is a forecast, not a fact
        ("Analysts had expected the government to lift the ban.", "lift", "expected"),
        ("Diplomats expected Iran to release the sailors this week.", "release", "expected"),
        ("Observers had expected the junta to free the detainees.", "free", "expected"),
        # a failure to act negates the act
        ("The two sides failed to agree on a ceasefire.", "agree", "negated"),
        ("Kenya failed to reach a deal with the rebels.", "deal", "negated"),
        ("Ankara failed to win a ceasefire from the rebels.", "ceasefire", "negated"),
        # an intention is a plan
        ("The government intends to lift the curfew next week.", "lift", "planned"),
        ("Japan intends to impose tariffs on Chinese steel.", "tariffs", "planned"),
        ("The Indian president intends to visit Moscow in May.", "visit", "planned"),
        # "would" is hypothetical
        ("The new law would introduce tougher sanctions on Iran.", "sanctions", "hypothetical"),
        ("Parliament would impose sanctions on Syria under the bill.", "sanctions", "hypothetical"),
        ("The plan would lift the embargo on Cuba.", "lift", "hypothetical"),
    ],
)
def test_running_text_modality(sentence, trigger, expected):  # type: ignore[no-untyped-def]
    events = run_one(sentence).events
    found = [e for e in events if e.trigger.text == trigger]
    assert found, [(e.type, e.trigger.text) for e in events]
    assert {e.modality for e in found} == {expected}


def test_a_passive_expectation_of_a_named_actor_is_a_plan():
    for sentence, trigger in [
        ("The minister is expected to visit Beijing next week.", "visit"),
        ("Iran is expected to release the sailors on Friday.", "release"),
        ("The junta is expected to lift the curfew.", "lift"),
    ]:
        found = [e for e in run_one(sentence).events if e.trigger.text == trigger]
        assert found and {e.modality for e in found} == {"planned"}, sentence


def test_an_open_question_states_no_event():
    assert modality.cues().question_marks == {"whether", "if"}
    for sentence in [
        "The spokesman declined to say whether the president backed the plan.",
        "Officials would not say whether Iran had released the sailors.",
        "The minister asked if Japan would lift the ban.",
    ]:
        assert run_one(sentence).events == [], sentence
