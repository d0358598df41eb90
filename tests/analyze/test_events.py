"""The event coder: every lexicon entry on its own example, the coder's rules on sentences
written for these tests, and the seed page's headlines and article."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.analyze.event_lexicon import PLOVER_TYPES, lexicon, quad_class
from eventwire.analyze.events import CONFLICT_TYPES, EventAnalyzer, dateline_end
from eventwire.model import Event
from tests.analyze.events_harness import analyze_page, run_one, run_parsed
from tests.spans import assert_spans_exact

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_89c59f3b33c4d19b.txt"

ENTRIES = sorted(lexicon().entries(), key=lambda e: (e.pos, e.lemma, e.cameo, e.example))


def _id(entry) -> str:  # type: ignore[no-untyped-def]
    return f"{entry.pos}:{entry.lemma}:{entry.cameo}"


@pytest.fixture(scope="module")
def example_docs() -> dict[str, list[tuple[Event, str]]]:
    """Each example's events with the lemma of their trigger word."""
    examples = sorted({e.example for e in ENTRIES})
    out = {}
    for doc, parsed in run_parsed(examples):
        pairs = []
        for ev in doc.events:
            span = parsed.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            word = span[0] if span is not None else None
            pairs.append((ev, {word.lemma_.lower(), word.lower_} if word is not None else set()))
        out[doc.text] = pairs
    return out


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_lexicon_entry_fires_on_its_example(entry, example_docs):  # type: ignore[no-untyped-def]
    events = example_docs[entry.example]
    words = {entry.lemma, *entry.forms}
    if entry.complement_only:
        # coded through the trigger it is the complement of ("warned of retaliation")
        assert not [e for e, lemmas in events if words & lemmas], events
        assert any(e.type == entry.type and e.actor1 is not None for e, _ in events), events
        return
    # "retaliated with tariffs" is the act of its complement: any conflict type
    types = CONFLICT_TYPES if entry.complement == "act" else {entry.type}
    hits = [e for e, lemmas in events if e.type in types and (
        words & lemmas or any(w.endswith("-" + entry.lemma + "ed") for w in lemmas)
        or e.trigger.text.lower().startswith(entry.lemma[:-1] if entry.lemma.endswith("e")
                                             else entry.lemma)
    )]  # fmt: skip
    found = [(e.type, e.trigger.text) for e, _ in events]
    assert hits, f"{entry.lemma} ({entry.type}) did not fire: {found}"
    if not entry.complement:
        assert any(e.cameo == entry.cameo for e in hits), [e.cameo for e in hits]
    for e in hits:
        assert e.actor1 is not None or e.actor2 is not None


def test_lexicon_covers_every_plover_type_with_several_entries():
    counts = {t: 0 for t in PLOVER_TYPES}
    for entry in lexicon().entries():
        counts[entry.type] += 1
    assert all(n >= 3 for n in counts.values()), counts


def test_every_code_is_in_the_cameo_table_with_quad_class_of_its_root():
    lex = lexicon()
    for entry in lex.entries():
        assert entry.cameo in lex.cameo, entry
    assert quad_class("042") == 1 and quad_class("0841") == 2
    assert quad_class("112") == 3 and quad_class("195") == 4
    assert lex.goldstein("0841") == 7.0 and lex.goldstein("183") == -10.0


def _one(events: list[Event], kind: str) -> Event:
    found = [e for e in events if e.type == kind]
    assert found, [(e.type, e.trigger.text) for e in events]
    return found[0]


def _who(actor) -> str:  # type: ignore[no-untyped-def]
    return "" if actor is None else f"{actor.span.text}|{actor.name}|{actor.country}"


def test_event_fields_spans_and_extractor():
    doc = run_one(
        "Egyptian police arrested two journalists in Cairo on Monday.", published="2024-03-06"
    )
    ev = _one(doc.events, "COERCE")
    assert ev.trigger.text == "arrested" and ev.cameo == "173" and ev.quad_class == 4
    assert ev.goldstein == -5.0 and ev.mode == "arrest"
    assert ev.actor1 is not None and ev.actor1.country == "EGY"
    assert ev.actor2 is not None and "journalists" in ev.actor2.span.text
    assert ev.location is not None and ev.location.text == "Cairo"
    assert ev.date is not None and ev.date.value == "2024-03-04" and ev.date_origin == "text"
    assert ev.sentence.text.startswith("Egyptian police") and ev.extractor == "events/0.2"
    assert 0 < ev.confidence <= 1
    assert_spans_exact(doc)


def test_publication_date_stands_in_when_the_clause_has_no_date():
    doc = run_one("Peru expelled the Venezuelan ambassador.", published="2024-07-30")
    ev = _one(doc.events, "SANCTION")
    assert ev.date_origin == "published" and ev.date is not None and ev.date.value == "2024-07-30"
    undated = _one(run_one("Peru expelled the Venezuelan ambassador.").events, "SANCTION")
    assert undated.date is None and undated.date_origin == "unknown"


def test_passive_voice_takes_the_agent_as_source():
    ev = _one(run_one("Two aid workers were freed by the Malian junta.").events, "CONCEDE")
    assert "junta" in _who(ev.actor1) and "aid workers" in _who(ev.actor2)


def test_coordination_gives_one_event_per_conjunct():
    doc = run_one("Brazil sanctioned Venezuela, Cuba, and Nicaragua on Friday.")
    targets = {e.actor2.country for e in doc.events if e.type == "SANCTION" and e.actor2}
    assert targets == {"VEN", "CUB", "NIC"}


def test_mutual_event_between_coordinated_subjects():
    doc = run_one("Chile, Peru and Bolivia met in Lima on Tuesday.")
    pairs = {(e.actor1.country, e.actor2.country) for e in doc.events if e.actor1 and e.actor2}
    assert {("CHL", "PER"), ("CHL", "BOL"), ("PER", "BOL")} <= pairs
    assert all(e.type == "CONSULT" for e in doc.events)


def test_light_verb_hands_the_event_to_its_noun():
    doc = run_one("Morocco struck a truce with Algeria over the border.")
    ev = _one(doc.events, "AGREE")
    assert ev.trigger.text == "truce" and ev.cameo == "057"
    assert ev.actor1.country == "MAR" and ev.actor2.country == "DZA"
    assert not [e for e in doc.events if e.type == "ASSAULT"]


def test_complement_refines_the_code_and_is_not_coded_as_a_fact():
    doc = run_one("Pakistan threatened to cut ties with Iran.")
    assert [e.type for e in doc.events] == ["THREATEN"]
    ev = doc.events[0]
    assert ev.cameo == "1313" and ev.actor2 is not None and ev.actor2.country == "IRN"
    agree = run_one("Turkey agreed to lift sanctions on Armenia.").events
    assert [(e.type, e.cameo) for e in agree] == [("AGREE", "0354")]


def test_reporting_frame_codes_the_inner_event_with_its_source():
    doc = run_one("The Kenyan minister said Uganda is urging Tanzania to reopen the border.")
    ev = _one(doc.events, "REQUEST")
    assert ev.actor1.country == "UGA" and ev.actor2.country == "TZA"
    assert ev.modality == "reported" and ev.source is not None
    assert "minister" in ev.source.span.text


def test_own_stated_future_act_is_an_intent_or_a_threat():
    agree = _one(run_one("The rebels said they will release the hostages.").events, "AGREE")
    assert agree.cameo == "0353"
    threat = _one(
        run_one("Russia said it would attack Ukrainian ports if the talks failed.").events,
        "THREATEN",
    )
    assert threat.cameo.startswith("138")


def test_conditional_hostile_act_is_a_threat_not_an_attack():
    doc = run_one("Nigeria will withdraw its troops from Chad unless elections are held.")
    assert [e.type for e in doc.events] == ["THREATEN"]


def test_events_inside_a_condition_are_not_coded():
    doc = run_one("Spain will expel the diplomats if Morocco attacks the enclave.")
    assert not [e for e in doc.events if e.type == "ASSAULT"]


def test_headline_verb_taken_for_a_noun_is_read_as_the_verb():
    doc = run_one("Canada Sues Boeing Over Fighter Jet Contract", kind="headline")
    ev = _one(doc.events, "ACCUSE")
    assert ev.cameo == "115" and "Boeing" in _who(ev.actor2)


def test_infinitive_headline_is_planned():
    doc = run_one("Kenya to Deploy Police Officers to Haiti", kind="headline")
    ev = _one(doc.events, "MOBILIZE")
    assert ev.modality == "planned" and ev.actor1.country == "KEN"


def test_hyphenated_participle_names_the_mediator():
    doc = run_one("Armenia Frees Four Soldiers in Qatar-Brokered Deal", kind="headline")
    ev = _one(doc.events, "CONSULT")
    assert ev.mode == "mediate" and ev.actor1 is not None and ev.actor1.country == "QAT"
    assert ev.actor2 is not None and ev.actor2.country == "ARM"


def test_possessor_stands_for_a_thing():
    doc = run_one("The Kenyan government expressed appreciation for Japan's assistance.")
    ev = _one(doc.events, "SUPPORT")
    assert ev.actor2 is not None and ev.actor2.country == "JPN"


def test_analyzer_is_named_and_cheap_on_text_without_triggers():
    assert EventAnalyzer.name == "events" and EventAnalyzer.version == "0.2"
    assert run_one("The weather was mild and the markets were quiet.").events == []


# --------------------------------------------------------------------------- the seed page


@pytest.fixture(scope="module")
def seed_docs():
    if not SEED.exists():
        pytest.skip(f"../shared not found: {SEED}")
    return analyze_page(SEED.read_text(encoding="utf-8"), published="2025-05-14")


def _has(events: list[Event], kind: str, a1: str | None, a2: str | None) -> Event | None:
    for e in events:
        if e.type != kind:
            continue
        if a1 is not None and a1.lower() not in _who(e.actor1).lower():
            continue
        if a2 is not None and a2.lower() not in _who(e.actor2).lower():
            continue
        return e
    return None


HEADLINE_EXPECTATIONS = [
    ("Belarus Frees", "CONCEDE", "BLR", "Kalesnikava"),
    ("Belarus Frees", "CONSULT", "USA", "BLR"),
    ("NSW to Recall", "CONSULT", "AUS", "Parliament"),
    ("Thousands Protest", "PROTEST", "BRA", None),
    ("Ukraine’s NATO Concession", "CONCEDE", "UKR", "NATO"),
    ("Trump Sues BBC", "ACCUSE", "Trump", "BBC"),
    ("Hong Kong Democratic Party", "RETREAT", "Democratic Party", None),
    ("Korea Zinc", "COOPERATE", "Korea Zinc", "USA"),
    ("Taiwan Political Standoff", "REQUEST", "Lai", "Parliament"),
    ("Lukashenko Says", "AGREE", "BLR", "Maduro"),
    ("Special Prosecutor", "ACCUSE", "Prosecutor", "Yoon"),
    ("Federal Judge", "REJECT", "Judge", "Trump"),
    ("Ukraine Claims", "ASSAULT", "UKR", "RUS"),
]


def test_seed_headlines_carry_type_and_actors(seed_docs):
    headlines = [d for d in seed_docs if d.kind == "headline"]
    assert len(headlines) == 15
    right = 0
    for start, kind, a1, a2 in HEADLINE_EXPECTATIONS:
        doc = next(d for d in headlines if d.text.startswith(start))
        right += _has(doc.events, kind, a1, a2) is not None
    assert right >= 12, right
    strike = _has(next(d for d in headlines if d.text.startswith("Ukraine Claims")).events,
                  "ASSAULT", "UKR", "RUS")  # fmt: skip
    assert strike is not None and strike.modality == "reported"
    freed = [e for d in headlines if d.text.startswith("Belarus") for e in d.events
             if e.type == "CONCEDE"]  # fmt: skip
    assert {e.actor2.name for e in freed} >= {"Maria Kalesnikava", "Viktar Babaryka"}
    assert all(e.mode == "release" for e in freed)
    recall = _has(
        next(d for d in headlines if d.text.startswith("NSW")).events, "CONSULT", None, None
    )
    assert recall is not None and recall.modality == "planned"


def test_seed_article_visits_and_meeting(seed_docs):
    article = seed_docs[0]
    assert article.kind == "article"
    visit = _has(article.events, "CONSULT", "Akazawa", "Washington")
    assert visit is not None and visit.modality == "planned" and visit.mode == "visit"
    assert visit.date is not None and visit.date.value == "2025-W21" and visit.date_origin == "text"
    meeting = _has(article.events, "CONSULT", "Akazawa", "Bessent")
    assert meeting is not None and meeting.date is not None
    assert meeting.date.value == "2025-05-01" and meeting.modality == "asserted"
    urging = _has(article.events, "REQUEST", "JPN", "USA")
    assert urging is not None and urging.modality == "reported"
    assert urging.source is not None and "Akazawa" in urging.source.span.text
    for doc in seed_docs:
        assert_spans_exact(doc)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        (
            "GENEVA, March 3 (Example Wire) - Talks resumed.",
            len("GENEVA, March 3 (Example Wire) - "),
        ),
        ("WASHINGTON (AP) — The senate voted.", len("WASHINGTON (AP) — ")),
        ("RIO DE JANEIRO - Police said.", len("RIO DE JANEIRO - ")),
        ("Geneva talks resumed - officials said.", 0),
        ("The U.S. - Japan talks resumed.", 0),
    ],
)
def test_dateline_end(text, end):
    assert dateline_end(text) == end


def test_dateline_city_is_not_an_actor():
    doc = run_one(
        "LIMA, May 2 (Example Wire) - Negotiators for the two parties agreed on Sunday to a "
        "ceasefire, the mediators said."
    )
    for event in doc.events:
        for actor in (event.actor1, event.actor2):
            assert actor is None or actor.span.text != "LIMA"


@pytest.mark.parametrize("noun", ["Opponents", "Critics", "Enemies", "Foes", "Detractors",
                                  "Adversaries"])  # fmt: skip
def test_the_one_adversaries_oppose_is_the_target(noun):
    # adversary_nouns in the event lexicon
    doc = run_one(f"{noun} of the Bolivian president protested outside the palace.")
    ev = _one(doc.events, "PROTEST")
    assert noun in _who(ev.actor1)
    assert ev.actor2 is not None and "president" in ev.actor2.span.text
    assert ev.actor2.country == "BOL"


def test_supporters_are_no_adversaries():
    doc = run_one("Supporters of the Bolivian president protested outside the palace.")
    assert _one(doc.events, "PROTEST").actor2 is None


@pytest.mark.parametrize(
    ("text", "kind", "country"),
    [
        ("A militia loyal to the Libyan parliament attacked a convoy.", "ASSAULT", "LBY"),
        ("A rights group based in Nairobi accused the police of torture.", "ACCUSE", "KEN"),
        ("A charity headquartered in Geneva accused the army of looting.", "ACCUSE", "CHE"),
        ("A London-based monitor accused the army of looting.", "ACCUSE", "GBR"),
    ],
)
def test_a_group_is_coded_with_the_country_it_is_based_in_or_loyal_to(text, kind, country):
    # affiliation_words in the event lexicon: base, headquarter(ed), loyal
    ev = _one(run_one(text).events, kind)
    assert ev.actor1 is not None and ev.actor1.country == country


def test_a_group_merely_near_a_place_gets_no_country_from_it():
    doc = run_one("A charity near Geneva accused the army of looting.")
    assert all(e.actor1 is None or e.actor1.country is None for e in doc.events)


def test_an_object_the_parser_gave_to_a_reduced_relative_is_still_the_target():
    doc = run_one("Mexico has granted asylum to three Bolivian officials holed up in its embassy.")
    ev = _one(doc.events, "AID")
    assert ev.actor1.country == "MEX" and ev.actor2 is not None and ev.actor2.country == "BOL"


def test_up_to_a_number_is_the_object():
    doc = run_one("Gunmen abducted up to 20 Nigerian students from a school on Friday.")
    ev = _one(doc.events, "ASSAULT")
    assert ev.actor2 is not None and ev.actor2.country == "NGA"
    assert "students" in ev.actor2.span.text


def test_a_participle_taken_for_the_subject_gives_way_to_its_own_subject():
    doc = run_one("The aid agency working in Yemen said Saudi forces must reopen the port.")
    ev = _one(doc.events, "REQUEST")
    assert ev.actor1 is not None and "agency" in ev.actor1.span.text
    assert ev.actor2 is not None and ev.actor2.country == "SAU"


def test_an_event_noun_under_a_verb_makes_its_subject_the_target():
    arrest = _one(run_one("A Turkish journalist was placed under arrest by Greek police.").events,
                  "COERCE")  # fmt: skip
    assert arrest.actor1.country == "GRC" and arrest.actor2.country == "TUR"
    attack = _one(run_one("Afghan soldiers came under attack from Taliban fighters.").events,
                  "ASSAULT")  # fmt: skip
    assert "Taliban" in _who(attack.actor1) and attack.actor2.country == "AFG"


def test_an_agentless_state_act_is_the_act_of_the_place_it_happened_in():
    detained = _one(run_one("Two Australian tourists were detained in Iran last week.").events,
                    "COERCE")  # fmt: skip
    assert detained.actor1.country == "IRN" and detained.actor2.country == "AUS"
    probe = run_one("A French businessman has been put under investigation in Belgium.")
    ev = _one(probe.events, "ACCUSE")
    assert ev.actor1.country == "BEL" and ev.actor2.country == "FRA"
    # An attack by unknown hands is not the act of the country it happened in.
    killed = _one(run_one("Two Kenyan soldiers were killed in Somalia.").events, "ASSAULT")
    assert killed.actor1 is None


# ------------------------------------------------------------------ warnings of retaliation


def _coded(texts: list[str], kind: str = "article") -> dict[str, list[tuple]]:
    """Each text's events as (source country, type, target country, cameo)."""
    docs = run_parsed(texts, kind=kind)
    return {
        d.text: [
            (e.actor1.country if e.actor1 else None, e.type,
             e.actor2.country if e.actor2 else None, e.cameo)
            for e in d.events
        ]
        for d, _ in docs
    }  # fmt: skip


def test_a_warning_of_the_warners_own_retaliation_is_a_threat():
    coded = _coded([
        "Japan warned of retaliation if Seoul imposed new export controls.",
        "The Canadian government warned it would respond with tariffs on American steel.",
        "Brazil warned that it would impose tariffs on Argentine wheat.",
        "The European Union warned it was preparing countermeasures against Washington.",
        "Tehran warned of reprisals against Israel.",
        "Hanoi vowed to retaliate against the Chinese coast guard.",
    ])  # fmt: skip
    japan, canada, brazil, eu, tehran, hanoi = coded.values()
    assert ("JPN", "THREATEN", "KOR") in [e[:3] for e in japan]
    assert [e[:2] for e in canada] == [("CAN", "THREATEN")] and canada[0][3] == "1312"
    assert [e[:2] for e in brazil] == [("BRA", "THREATEN")]
    assert any(e[1] == "THREATEN" and e[2] == "USA" for e in eu), eu
    assert [e[:3] for e in tehran] == [("IRN", "THREATEN", "ISR")]
    assert [e[1] for e in hanoi] == ["THREATEN"]  # not an intent to cooperate


def test_a_forecast_is_no_threat_and_keeps_its_own_event():
    coded = _coded([
        "The United Nations warned that Russia could invade Moldova.",
        "The charity warned that food aid would run out next week.",
        "Economists warned of a recession in Germany.",
        "The Red Cross warned of retaliation by militias against civilians.",
    ])  # fmt: skip
    invade, aid, recession, militias = coded.values()
    assert "THREATEN" not in [e[1] for e in invade + aid + recession]
    assert any(e[0] == "RUS" and e[1] == "ASSAULT" for e in invade), invade
    assert all(not (e[0] is not None and e[1] == "THREATEN") for e in militias), militias


def test_retaliating_with_an_act_is_that_act():
    coded = _coded([
        "China retaliated with tariffs on Australian wine.",
        "Israel responded with airstrikes on Gaza.",
        "The ministry responded with a statement on Friday.",
    ])  # fmt: skip
    tariffs, strikes, statement = coded.values()
    assert [e[:2] for e in tariffs] == [("CHN", "SANCTION")]
    assert [e[:2] for e in strikes] == [("ISR", "ASSAULT")]
    assert statement == []


def test_a_stated_conditional_response_is_a_threat_by_the_speakers_side():
    doc = run_one("The Mexican president said her government would respond with tariffs of its "
                  "own if talks fail.")  # fmt: skip
    ev = _one(doc.events, "THREATEN")
    assert ev.actor1.country == "MEX" and ev.cameo == "1312"


# --------------------------------------------------------------------------- aid arriving


def test_aid_that_reaches_or_arrives_is_aid_to_the_recipient():
    coded = _coded([
        "Food aid from Jordan reached Gaza on Tuesday.",
        "Turkish aid arrived in Aleppo on Monday.",
        "A convoy carrying medicine reached Kyiv.",
        "Relief supplies arrived in Haiti after the storm.",
    ])  # fmt: skip
    jordan, turkey, convoy, haiti = coded.values()
    assert [e[:2] for e in jordan] == [("JOR", "AID")]  # one event, not one for "aid" too
    assert [e[:2] for e in turkey] == [("TUR", "AID")] and turkey[0][2] == "SYR"
    assert [e[1:3] for e in convoy] == [("AID", "UKR")]
    assert [e[1:3] for e in haiti] == [("AID", "HTI")]


def test_aid_headlines():
    coded = _coded(["Flood Aid Reaches Villages in Northern Pakistan", "Food Aid Reaches Gaza"],
                   kind="headline")  # fmt: skip
    pakistan, gaza = coded.values()
    assert [e[1:3] for e in pakistan] == [("AID", "PAK")]
    assert [e[1] for e in gaza] == ["AID"]


def test_other_things_that_arrive_are_no_aid():
    coded = _coded([
        "The delegation arrived in Beijing on Monday.",
        "Prices reached a record in Lagos.",
        "The storm reached Manila overnight.",
    ])  # fmt: skip
    assert all("AID" not in [e[1] for e in events] for events in coded.values()), coded


# --------------------------------------------------------------------------- places as targets


def test_a_protest_against_something_is_not_against_the_place_it_happened_in():
    coded = _coded([
        "Protesters rallied in Seoul against the new labor rules.",
        "Farmers protested over fuel prices in Paris.",
        "Dock workers struck in Lagos on Monday.",
        "Students marched in Lyon on Saturday.",
    ])  # fmt: skip
    for events in coded.values():
        assert [e[1] for e in events] == ["PROTEST"], events
        assert events[0][2] is None, events


def test_a_country_or_seat_of_government_stands_for_its_state_when_nothing_better_exists():
    coded = _coded([
        "Thousands protested in Brazil on Sunday.",
        "Protesters rallied in Belgrade on Saturday.",
        "Police lifted a curfew in Montenegro.",
    ])  # fmt: skip
    brazil, belgrade, curfew = coded.values()
    assert [e[1:3] for e in brazil] == [("PROTEST", "BRA")]
    assert [e[1:3] for e in belgrade] == [("PROTEST", "SRB")]
    assert curfew[0][2] == "MNE"


def test_the_hyphenated_protest_headline_rallies_against_the_rules_not_the_city():
    events = _coded(["Protesters Rally in Seoul Against New Labor Rules"], kind="headline")
    (found,) = events.values()
    assert [e[1:3] for e in found] == [("PROTEST", None)]


# --------------------------------------------------------------------------- mediators


def test_a_mediator_is_no_party_of_the_deal_it_brokered():
    coded = _coded([
        "Israel and Hamas signed a U.S.-brokered deal on Monday.",
        "Armenia and Azerbaijan reached a deal brokered by the United States.",
        "Israel and Hamas agreed to a ceasefire mediated by Qatar.",
    ])  # fmt: skip
    for events in coded.values():
        agree = [e for e in events if e[1] == "AGREE"]
        mediate = [e for e in events if e[1] == "CONSULT"]
        assert agree and all(e[2] not in ("USA", "QAT") for e in agree), events
        assert all(e[0] not in ("USA", "QAT") for e in agree), events
        assert {e[3] for e in mediate} == {"045"} and len(mediate) == 2, events
        assert {e[0] for e in mediate} <= {"USA", "QAT"}, events


# --------------------------------------------------------------------------- running text


def _kinds(texts: list[str]) -> list[list[tuple[str, str]]]:
    """Each text's events as (type, trigger)."""
    return [[(e.type, e.trigger.text) for e in d.events] for d, _ in run_parsed(texts)]


def test_an_attack_in_words_is_criticism():
    for events in _kinds([
        "The Labour leader attacked the chancellor's spending plans.",
        "The senator attacked the president in a speech on Tuesday.",
        "Opposition leader Ana Ruiz attacked the prime minister as weak and out of touch.",
        "The governor launched a scathing attack on the health minister.",
    ]):  # fmt: skip
        assert [k for k, _ in events] == ["ACCUSE"], events


def test_an_armed_attack_stays_an_assault():
    for events in _kinds([
        "Rebels attacked an army convoy near Goma.",
        "A man attacked two guards with a knife outside the embassy.",
        "Militants attacked a police post in the north.",
        "Gunmen attacked the minister's convoy on the highway.",
    ]):  # fmt: skip
        assert [k for k, _ in events] == ["ASSAULT"], events


def test_wins_battles_blows_and_a_striker_threatening_are_no_events():
    for events in _kinds([
        "The president beat his challenger in the run-off by twelve points.",
        "The incumbent mayor easily beat three rivals to win a second term.",
        "The central bank is battling inflation with higher rates.",
        "The government is battling rising unemployment.",
        "The ruling was a blow to the prime minister's reform plans.",
        "The resignation dealt a heavy blow to the governing coalition.",
        "The young striker threatened the goal twice before half-time.",
        "Higher fuel prices threatened the recovery of the economy.",
        "The floods threatened the harvest across the region.",
    ]):  # fmt: skip
        assert events == [], events


def test_a_threat_with_an_act_or_a_threatened_party_is_coded():
    for events in _kinds([
        "Russia threatened to cut gas supplies to Moldova.",
        "The union threatened legal action against the ministry.",
        "Iran threatened Israel with a swift response.",
        "The carmaker threatened to move its plant to Mexico.",
    ]):  # fmt: skip
        assert [k for k, _ in events] == ["THREATEN"], events
    (beaten,) = _kinds(["Police beat protesters with batons in the capital."])
    assert beaten == [("ASSAULT", "beat")]


def test_an_opinion_with_must_or_should_is_no_request():
    for events in _kinds([
        "The columnist said the country should invest more in its schools.",
        "Economists say interest rates must fall before the summer.",
        "The professor argued that trade should be governed by fair rules.",
        "The union secretary said there should be a national strike unless ministers listen.",
    ]):  # fmt: skip
        assert not any(k == "REQUEST" for k, _ in events), events


def test_a_demand_of_an_actor_is_a_request():
    for events in _kinds([
        "The union leader said the government must withdraw the pension reform.",
        "Kenya's president said Uganda should hand over the suspects.",
        "The opposition said the minister should resign.",
    ]):  # fmt: skip
        assert [k for k, _ in events] == ["REQUEST"], events


def test_refusing_to_comment_or_discuss_and_open_questions_are_no_events():
    for events in _kinds([
        "The minister refused to discuss reports of a secret payment.",
        "The party refused to comment on the loan.",
        "The spokesman declined to say whether the president backed the plan.",
        "Officials would not say whether Iran had released the sailors.",
        "The minister asked if Japan would lift the ban.",
    ]):  # fmt: skip
        assert events == [], events
    (refused,) = _kinds(["The junta refused to release the detained journalists."])
    assert refused == [("REJECT", "refused")]


def test_a_consultation_needs_two_sides_and_a_tour_of_towns_is_none():
    for events in _kinds([
        "The committee is discussing the budget this week.",
        "The trade union congress is discussing the issue.",
        "The prime minister refused to accept negotiations.",
        "The party leader visits Manchester and Leeds this week.",
        "The candidate visited Cleveland and Dayton on Monday.",
        "The senator visits Glasgow on Friday.",
    ]):  # fmt: skip
        assert not any(k == "CONSULT" for k, _ in events), events
    for events in _kinds([
        "Japan discussed the dispute with South Korea on Monday.",
        "The Indian foreign minister visited Nepal on Sunday.",
        "Qatar mediated between Israel and Hamas.",
    ]):  # fmt: skip
        assert {k for k, _ in events} == {"CONSULT"}, events  # a mediator meets both sides


def test_words_of_a_title_are_no_trigger():
    for events in _kinds([
        "The festival opened with the documentary Why We Fight.",
        "Her new film, Attack the Block, premieres next month.",
        "The band's album Strike Back topped the charts.",
    ]):  # fmt: skip
        assert events == [], events


def test_an_appeal_against_a_ruling_is_a_legal_challenge():
    for events in _kinds([
        "The families will appeal against the court's ruling.",
        "The government appealed against the judgement on Friday.",
        "The defence lawyers appealed against the sentence.",
    ]):  # fmt: skip
        assert [k for k, _ in events] == ["ACCUSE"], events
    (plea,) = _kinds(["Somalia appealed to Kenya for food aid."])
    assert [k for k, _ in plea] == ["REQUEST"]
