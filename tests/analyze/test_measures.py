"""Trade measures: each entry of data/measure_lexicon.yaml on a sentence written for it, the
extraction rules, and the seed page's measures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.analyze.measures import MeasureAnalyzer, lexicon
from eventwire.model import Measure
from tests.analyze.events_harness import analyze_page, run, run_one
from tests.spans import assert_spans_exact

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_89c59f3b33c4d19b.txt"

# (lexicon word, sentence, expected fields of the first measure of the expected kind)
# A sought exemption: recorded as requested, by the seeker.
REQUESTED = {"kind": "exemption", "status": "requested", "targets": ["JPN"]}

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # kinds
    (
        "tariff",
        "Canada imposed a 25% tariff on Chinese steel.",
        {"kind": "tariff", "rate": 25.0, "imposer": "CAN", "products": ["Chinese steel"]},
    ),
    (
        "duty",
        "India raised the import duty on gold to 15%.",
        {"kind": "tariff", "imposer": "IND", "products": ["gold"]},
    ),
    (
        "levy",
        "Brussels approved a 10% levy on imports of Chinese bikes.",
        {"kind": "tariff", "rate": 10.0, "products": ["Chinese bikes"], "status": "announced"},
    ),
    (
        "quota",
        "Mexico set a trade quota on Brazilian sugar.",
        {"kind": "quota", "products": ["Brazilian sugar"]},
    ),
    (
        "ban",
        "Indonesia imposed an export ban on nickel ore.",
        {"kind": "export_control", "imposer": "IDN", "products": ["nickel ore"]},
    ),
    (
        "embargo",
        "The United States kept its embargo on Cuba.",
        {"kind": "sanction", "imposer": "USA", "targets": ["CUB"]},
    ),
    (
        "prohibition",
        "China announced a prohibition on imports of Japanese seafood.",
        {"kind": "ban", "imposer": "CHN", "products": ["Japanese seafood"], "status": "announced"},
    ),
    (
        "moratorium",
        "Peru declared a moratorium on timber exports to Asia.",
        {"kind": "export_control", "imposer": "PER", "status": "announced"},
    ),
    (
        "exemption",
        "Washington granted Mexico an exemption from the steel tariffs.",
        {"kind": "exemption"},
    ),
    (
        "exclusion",
        "The trade office approved an exclusion for medical gloves.",
        {"kind": "exemption", "products": ["medical gloves"]},
    ),
    ("waiver", "Japan received a waiver from the new import quotas.", {"kind": "exemption"}),
    ("reprieve", "Korean exporters won a reprieve from the tariffs.", {"kind": "exemption"}),
    (
        "sanction",
        "Britain imposed sanctions on Russian banks.",
        {"kind": "sanction", "imposer": "GBR", "targets": ["RUS"]},
    ),
    (
        "deal",
        "Vietnam signed a trade deal with Chile.",
        {"kind": "deal", "imposer": "VNM", "targets": ["CHL"], "status": "in_force"},
    ),
    (
        "agreement",
        "Kenya reached a trade agreement with Ghana.",
        {"kind": "deal", "imposer": "KEN", "targets": ["GHA"]},
    ),
    ("accord", "Peru concluded a trade accord with Korea.", {"kind": "deal", "imposer": "PER"}),
    ("pact", "Egypt sealed a trade pact with Turkey.", {"kind": "deal", "targets": ["TUR"]}),
    ("treaty", "Norway ratified a trade treaty with India.", {"kind": "deal", "imposer": "NOR"}),
    (
        "truce",
        "Beijing struck a trade truce with Canada.",
        {"kind": "truce", "imposer": "CHN", "targets": ["CAN"], "status": "in_force"},
    ),
    (
        "ceasefire",
        "Australia agreed a trade ceasefire with China.",
        {"kind": "truce", "imposer": "AUS", "targets": ["CHN"]},
    ),
    # trade words make a deal a trade deal
    ("trade", "Chile and Peru signed a trade deal.", {"kind": "deal"}),
    ("tariff", "Chile cut tariffs and signed a deal with Peru.", {"kind": "deal"}),
    ("import", "Chile signed a deal with Peru on imports.", {"kind": "deal"}),
    ("export", "Chile signed a deal with Peru on exports.", {"kind": "deal"}),
    ("customs", "Chile signed a deal with Peru on customs.", {"kind": "deal"}),
    ("goods", "Chile signed a deal with Peru covering goods.", {"kind": "deal"}),
    ("commerce", "Chile signed a deal with Peru to expand commerce.", {"kind": "deal"}),
    (
        "protectionist",
        "Chile signed a deal with Peru despite protectionist pressure.",
        {"kind": "deal"},
    ),
    ("dumping", "Chile signed a deal with Peru against dumping.", {"kind": "deal"}),
    ("quota", "Chile signed a deal with Peru on a quota.", {"kind": "deal"}),
    ("shipment", "Chile signed a deal with Peru on copper shipments.", {"kind": "deal"}),
    # rate nouns
    (
        "rate",
        "Under the tariff plan, Vietnam faces a 46% rate.",
        {"kind": "tariff", "rate": 46.0, "targets": ["VNM"]},
    ),
    # status verbs
    (
        "announce",
        "Trump announced a 10% tariff on Brazil.",
        {"status": "announced", "rate": 10.0, "targets": ["BRA"]},
    ),
    ("unveil", "Ottawa unveiled a 25% tariff on American cars.", {"status": "announced"}),
    ("declare", "Argentina declared an embargo on Falkland shipping.", {"status": "announced"}),
    (
        "propose",
        "The European Commission proposed a levy on Russian fertiliser.",
        {"status": "proposed"},
    ),
    ("introduce", "Turkey introduced a 40% tariff on Chinese cars.", {"status": "announced"}),
    ("order", "The president ordered a ban on Iranian oil imports.", {"status": "announced"}),
    ("approve", "Congress approved tariffs on Chinese drones.", {"status": "announced"}),
    ("impose", "Canada imposed tariffs on Chinese aluminium.", {"status": "in_force"}),
    ("impose", "Canada will impose tariffs on Chinese aluminium.", {"status": "announced"}),
    ("levy", "India levied tariffs on American walnuts.", {"status": "in_force"}),
    ("apply", "Brazil applied tariffs on Chinese steel.", {"status": "in_force"}),
    ("slap", "Washington slapped tariffs on Canadian lumber.", {"status": "in_force"}),
    ("raise", "Beijing raised tariffs on American soybeans to 34%.", {"status": "in_force"}),
    ("hike", "Mexico hiked tariffs on Asian textiles.", {"status": "in_force"}),
    ("extend", "The EU extended its tariffs on Chinese bicycles.", {"status": "in_force"}),
    ("sign", "Japan signed a trade pact with Britain.", {"status": "in_force"}),
    ("finalize", "India finalized a trade deal with Oman.", {"status": "in_force"}),
    ("strike", "Seoul struck a trade deal with Jakarta.", {"status": "in_force"}),
    ("conclude", "Chile concluded a trade agreement with Korea.", {"status": "in_force"}),
    ("seal", "Brazil sealed a trade deal with Mexico.", {"status": "in_force"}),
    ("reach", "Kenya reached a trade deal with Britain.", {"status": "in_force"}),
    ("agree", "Ghana agreed a trade deal with Nigeria.", {"status": "in_force"}),
    ("threaten", "Washington threatened tariffs on Colombian coffee.", {"status": "threatened"}),
    ("warn", "Beijing warned of tariffs on Australian wine.", {"status": "threatened"}),
    ("consider", "Ottawa is considering tariffs on Chinese steel.", {"status": "proposed"}),
    ("weigh", "Tokyo is weighing tariffs on Korean chips.", {"status": "proposed"}),
    ("suspend", "Washington suspended tariffs on Mexican tomatoes.", {"status": "suspended"}),
    ("pause", "The White House paused tariffs on Chinese goods.", {"status": "suspended"}),
    ("delay", "Brussels delayed tariffs on American whiskey.", {"status": "suspended"}),
    ("postpone", "Ottawa postponed tariffs on American steel.", {"status": "suspended"}),
    ("lift", "India lifted the ban on wheat exports.", {"status": "removed", "kind": "ban"}),
    ("remove", "Australia removed tariffs on Chinese wine.", {"status": "removed"}),
    ("scrap", "Britain scrapped tariffs on American bourbon.", {"status": "removed"}),
    ("drop", "Beijing dropped tariffs on Australian barley.", {"status": "removed"}),
    ("end", "Washington ended the tariffs on Indian steel.", {"status": "removed"}),
    ("rescind", "Ottawa rescinded its tariffs on American goods.", {"status": "removed"}),
    (
        "revoke",
        "The ministry revoked the quota on rice imports.",
        {"status": "removed", "kind": "quota"},
    ),
    ("repeal", "Congress repealed tariffs on Canadian potash.", {"status": "removed"}),
    ("waive", "Japan waived tariffs on Vietnamese shrimp.", {"status": "removed"}),
    ("ease", "China eased its sanctions on Lithuanian exporters.", {"status": "removed"}),
    # removal nouns
    (
        "removal",
        "Canada announced the removal of tariffs on American steel.",
        {"status": "removed"},
    ),
    (
        "lifting",
        "Serbia welcomed the lifting of sanctions on its banks.",
        {"status": "removed", "kind": "sanction"},
    ),
    ("repeal", "Farmers cheered the repeal of tariffs on fertiliser.", {"status": "removed"}),
    ("end", "Exporters praised the end of tariffs on Canadian beef.", {"status": "removed"}),
    ("elimination", "Chile announced the elimination of tariffs on copper.", {"status": "removed"}),
    # a removal only sought leaves the measure in force
    ("seek", "Chile sought the elimination of tariffs on copper.", {"status": "in_force"}),
    # status modifiers
    ("proposed", "Exporters fear the proposed tariffs on Chinese cars.", {"status": "proposed"}),
    (
        "planned",
        "Automakers oppose the planned tariffs on Mexican trucks.",
        {"status": "proposed"},
    ),
    ("new", "Farmers protested the new tariffs on fertiliser.", {"status": "announced"}),
    ("upcoming", "Retailers braced for upcoming tariffs on Asian toys.", {"status": "announced"}),
    ("threatened", "Farmers fear the threatened tariffs on soybeans.", {"status": "threatened"}),
    ("possible", "Exporters fear possible tariffs on Thai rice.", {"status": "proposed"}),
    (
        "suspended",
        "The suspended tariffs on Mexican avocados return in June.",
        {"status": "suspended"},
    ),
    ("lifted", "Growers welcomed the lifted tariffs on Australian wine.", {"status": "removed"}),
    ("scrapped", "The scrapped tariffs on Indian steel were popular.", {"status": "removed"}),
    # target verbs
    ("face", "Vietnam faces a 46% tariff on its textiles.", {"targets": ["VNM"], "rate": 46.0}),
    ("receive", "Japan received a waiver from the import quotas.", {"targets": ["JPN"]}),
    ("win", "Korea won a reprieve from the tariffs.", {"targets": ["KOR"]}),
    ("get", "Mexico got an exemption from the steel tariffs.", {"targets": ["MEX"]}),
    ("obtain", "Chile obtained an exemption from the copper tariffs.", {"targets": ["CHL"]}),
    (
        "grant",
        "Washington granted Mexico an exemption from the tariffs.",
        {"kind": "exemption", "imposer": "USA", "targets": ["MEX"]},
    ),
    (
        "give",
        "Washington gave Canada a waiver on the trade quotas.",
        {"kind": "exemption", "imposer": "USA", "targets": ["CAN"]},
    ),
    (
        "award",
        "Brussels awarded Norway an exemption from the steel tariffs.",
        {"kind": "exemption", "targets": ["NOR"]},
    ),
    (
        "pay",
        "Canadian exporters pay a 25% tariff on aluminium.",
        {"targets": ["CAN"], "rate": 25.0},
    ),
    ("suffer", "Swiss firms suffer a 39% tariff on watches.", {"targets": ["CHE"]}),
    ("incur", "Indian shippers incur a 50% tariff on shrimp.", {"targets": ["IND"]}),
    # effective cues
    ("beginning", "Canada imposed a 25% tariff on steel beginning in June.", {"effective": "-06"}),
    ("starting", "Canada imposed a 25% tariff on steel starting June 1.", {"effective": "-06-01"}),
    ("from", "Canada imposed a 25% tariff on steel from June 1.", {"effective": "-06-01"}),
    (
        "effective",
        "Canada imposed a 25% tariff on steel effective June 1.",
        {"effective": "-06-01"},
    ),
    ("as of", "Canada imposed a 25% tariff on steel as of June 1.", {"effective": "-06-01"}),
    (
        "take effect",
        "Canada announced a 25% tariff on steel that will take effect on June 1.",
        {"effective": "-06-01"},
    ),
    (
        "takes effect",
        "Canada's 25% tariff on steel takes effect on June 1.",
        {"effective": "-06-01"},
    ),
    ("took effect", "Canada's 25% tariff on steel took effect on June 1.", {"effective": "-06-01"}),
    (
        "come into force",
        "Canada's tariff on steel will come into force on June 1.",
        {"effective": "-06-01"},
    ),
    (
        "comes into force",
        "Canada's tariff on steel comes into force on June 1.",
        {"effective": "-06-01"},
    ),
    (
        "go into effect",
        "Canada's tariff on steel will go into effect on June 1.",
        {"effective": "-06-01"},
    ),
    (
        "goes into effect",
        "Canada's tariff on steel goes into effect on June 1.",
        {"effective": "-06-01"},
    ),
    ("kick in", "Canada's tariff on steel will kick in on June 1.", {"effective": "-06-01"}),
    ("kicks in", "Canada's tariff on steel kicks in on June 1.", {"effective": "-06-01"}),
    # exceptions
    (
        "except",
        "Peru imposed tariffs on all countries except Chile and Bolivia.",
        {"exceptions": ["CHL", "BOL"]},
    ),
    (
        "excluding",
        "Peru imposed tariffs on all countries excluding Chile.",
        {"exceptions": ["CHL"]},
    ),
    (
        "exempting",
        "Peru imposed tariffs on all countries, exempting Chile.",
        {"exceptions": ["CHL"]},
    ),
    ("sparing", "Peru imposed tariffs on all countries, sparing Chile.", {"exceptions": ["CHL"]}),
    (
        "except for",
        "Peru imposed tariffs on all countries except for Chile.",
        {"exceptions": ["CHL"]},
    ),
    (
        "other than",
        "Peru imposed tariffs on all countries other than Chile.",
        {"exceptions": ["CHL"]},
    ),
    (
        "apart from",
        "Peru imposed tariffs on all countries apart from Chile.",
        {"exceptions": ["CHL"]},
    ),
    (
        "aside from",
        "Peru imposed tariffs on all countries aside from Chile.",
        {"exceptions": ["CHL"]},
    ),
    (
        "with the exception of",
        "Peru imposed tariffs on all countries with the exception of Chile.",
        {"exceptions": ["CHL"]},
    ),
    ("but not", "Peru imposed tariffs on its neighbours but not Chile.", {"exceptions": ["CHL"]}),
    # target prepositions
    ("on", "Japan imposed tariffs on Korea.", {"targets": ["KOR"]}),
    ("against", "Japan imposed sanctions against Korea.", {"targets": ["KOR"]}),
    ("for", "Japan set a quota for Korea.", {"targets": ["KOR"]}),
    ("to", "Japan granted a tariff exemption to Korea.", {"targets": ["KOR"]}),
    # scope words are no products
    ("blanket", "Peru imposed a blanket tariff on Chile.", {"products": []}),
    ("reciprocal", "Peru imposed reciprocal tariffs on Chile.", {"products": []}),
    ("retaliatory", "Peru imposed retaliatory tariffs on Chile.", {"products": []}),
    ("baseline", "Peru imposed a baseline tariff on Chile.", {"products": []}),
    ("universal", "Peru imposed a universal tariff on imports.", {"products": []}),
    ("sweeping", "Peru imposed sweeping tariffs on Chile.", {"products": []}),
    ("punitive", "Peru imposed punitive tariffs on Chile.", {"products": []}),
    ("additional", "Peru imposed additional tariffs on Chile.", {"products": []}),
    ("higher", "Peru imposed higher tariffs on Chile.", {"products": []}),
    ("extra", "Peru imposed extra tariffs on Chile.", {"products": []}),
    ("global", "Peru imposed global tariffs on imports.", {"products": []}),
    ("across-the-board", "Peru imposed across-the-board tariffs on Chile.", {"products": []}),
    ("import", "Peru imposed import tariffs on Chile.", {"products": []}),
    ("export", "Peru imposed export tariffs on Chile.", {"products": []}),
    ("customs", "Peru imposed customs duties on Chile.", {"products": []}),
    ("anti-dumping", "Peru imposed anti-dumping duties on Chile.", {"products": []}),
    ("countervailing", "Peru imposed countervailing duties on Chile.", {"products": []}),
    ("temporary", "Peru imposed temporary tariffs on Chile.", {"products": []}),
    # product wrappers
    (
        "import",
        "Peru imposed tariffs on imports of steel from Chile.",
        {"products": ["steel"], "targets": ["CHL"]},
    ),
    ("export", "Peru imposed a ban on exports of copper to China.", {"products": ["copper"]}),
    (
        "shipment",
        "Peru imposed a ban on shipments of fishmeal from Chile.",
        {"products": ["fishmeal"], "targets": ["CHL"]},
    ),
    ("sale", "Peru imposed a trade ban on sales of weapons to Chile.", {"products": ["weapons"]}),
    ("good", "Peru imposed tariffs on goods from Chile.", {"targets": ["CHL"]}),
    ("product", "Peru imposed tariffs on products from Chile.", {"targets": ["CHL"]}),
    # group targets
    ("country", "Peru imposed tariffs on all countries.", {"target_text": "all countries"}),
    ("nation", "Peru imposed tariffs on fifty nations.", {"target_text": "fifty nations"}),
    ("partner", "Peru imposed tariffs on its trading partners.", {"target_text": "partners"}),
    ("economy", "Peru imposed tariffs on major economies.", {"target_text": "major economies"}),
    ("government", "Peru imposed sanctions on the government.", {"target_text": "government"}),
    # sought verbs: an exemption sought is not granted; it is recorded as requested
    ("seek", "Japan seeks an exemption from the tariffs.", REQUESTED),
    ("request", "Japan requested an exemption from the tariffs.", REQUESTED),
    ("want", "Japan wants an exemption from the tariffs.", REQUESTED),
    ("ask", "Japan asked for an exemption from the tariffs.", REQUESTED),
    ("push", "Japan pushed for an exemption from the tariffs.", REQUESTED),
    ("demand", "Japan demanded an exemption from the tariffs.", REQUESTED),
    (
        "gain",
        "Japan's priority is gaining an exemption from the tariffs.",
        {"kind": "exemption", "status": "requested"},
    ),
    ("lobby", "Japan lobbied for an exemption from the tariffs.", REQUESTED),
    ("press", "Japan pressed for an exemption from the tariffs.", REQUESTED),
    ("urge", "Japan urged an exemption from the tariffs.", REQUESTED),
    # exempting verbs: the object is spared from the measure, the subject imposes it
    (
        "exempt",
        "Washington exempted Canada from the tariffs on steel.",
        {"kind": "tariff", "imposer": "USA", "exceptions": ["CAN"], "targets": []},
    ),
    (
        "spare",
        "Peru spared Chile from the new tariffs on copper.",
        {"kind": "tariff", "imposer": "PER", "exceptions": ["CHL"]},
    ),
    (
        "excuse",
        "Brazil excused Argentina from the import quotas on wheat.",
        {"kind": "quota", "imposer": "BRA", "exceptions": ["ARG"]},
    ),
    (
        "shield",
        "India shielded Nepal from the export ban on rice.",
        {"kind": "export_control", "imposer": "IND", "exceptions": ["NPL"]},
    ),
]


@pytest.fixture(scope="module")
def analysed() -> dict[str, list[Measure]]:
    docs = run(sorted({sentence for _, sentence, _ in CASES}), published="2025-04-10")
    return {d.text: d.measures for d in docs}


def _countries(actors) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.country for a in actors]


@pytest.mark.parametrize(("word", "sentence", "expected"), CASES,
                         ids=[f"{w}:{s[:28]}" for w, s, _ in CASES])  # fmt: skip
def test_case(word, sentence, expected, analysed):  # type: ignore[no-untyped-def]
    measures = analysed[sentence]
    if "none" in expected:
        assert not [m for m in measures if m.kind == expected["none"]], measures
        return
    kind = expected.get("kind")
    found = [m for m in measures if kind is None or m.kind == kind]
    assert found, f"no {kind or 'measure'} in {sentence!r}: {measures}"
    m = found[0]
    for key, want in expected.items():
        if key == "kind":
            continue
        if key == "imposer":
            assert m.imposer is not None and m.imposer.country == want, m.imposer
        elif key == "targets":
            assert set(want) <= set(_countries(m.targets)), m.targets
        elif key == "exceptions":
            assert _countries(m.exceptions) == want, m.exceptions
        elif key == "products":
            assert [p.text for p in m.products] == want, m.products
        elif key == "effective":
            assert m.effective is not None and m.effective.value.endswith(want), m.effective
        elif key == "target_text":
            assert any(t.span.text.endswith(want) for t in m.targets), m.targets
        else:
            assert getattr(m, key) == want, (key, getattr(m, key))


def test_every_lexicon_word_has_a_sentence():
    lex = lexicon()
    covered = {w for w, _, _ in CASES} | {w for w, _, _ in PATTERNS}
    words = (
        set(lex.kind_of) | lex.trade_words | lex.rate_nouns | set(lex.status_of_verb)
        | lex.removal_nouns | set(lex.status_modifiers) | lex.target_verbs | lex.sought_verbs
        | lex.exempt_verbs
        | {" ".join(c) for c in lex.effective_cues} | {" ".join(c) for c in lex.exception_words}
        | lex.target_preps | lex.scope_words | lex.product_wrappers | lex.group_targets
        | {q for quals in lex.qualified_kinds.values() for q in quals}
        | {w for w, _ in lex.kind_modifiers}
        | lex.pair_nouns | lex.trade_activity_words | lex.country_sanction_nouns
        | lex.intent_nouns | lex.giving_verbs | lex.subsidy_recipients | lex.aim_verbs
        | lex.non_trade_deal_words | set(lex.bloc_seats)
    )  # fmt: skip
    assert words - covered == set()


def test_conditional_measure_keeps_its_condition():
    doc = run_one("Korea will face a 30% rate on its cars from August unless a tariff deal is "
                  "signed, the trade ministry said.", published="2025-04-10")  # fmt: skip
    rate = next(m for m in doc.measures if m.rate == 30.0)
    assert rate.kind == "tariff" and rate.status == "conditional"
    assert rate.condition is not None and rate.condition.text.startswith("unless a tariff deal")
    assert rate.effective is not None and rate.effective.value == "2025-08"
    assert [t.country for t in rate.targets] == ["KOR"]
    assert not [m for m in doc.measures if m.kind == "deal"]  # the deal is only a condition
    assert_spans_exact(doc)


def test_later_tariff_inherits_the_imposer_before_it():
    doc = run_one("Ottawa imposed tariffs on American steel. Later the 25% tariff was doubled.")
    later = next(m for m in doc.measures if m.rate == 25.0)
    assert later.imposer is not None and later.imposer.country == "CAN"


def test_deal_partner_defaults_to_the_government_whose_tariffs_the_story_is_about():
    doc = run_one("Washington imposed tariffs on every country in April. Vietnam was the first "
                  "to finalize a trade deal.")  # fmt: skip
    deal = next(m for m in doc.measures if m.kind == "deal")
    assert deal.imposer.country == "VNM" and [t.country for t in deal.targets] == ["USA"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("The EU and the US have traded charges over aircraft subsidies for years. Both sides "
         "now hope to reach a trade deal.", {"USA"}),
        ("Japan and Australia met in Canberra on Monday. The two countries later signed a "
         "trade pact.", {"JPN", "AUS"}),
        ("Talks between Brazil and Argentina dragged on for weeks. On Friday the two "
         "governments sealed a customs accord.", {"BRA", "ARG"}),
    ],
)  # fmt: skip
def test_deal_parties_by_number_come_from_the_sentences_before(text, parties):
    """A deal of "both sides" with no party in its sentence: the two governments just before."""
    deal = next(m for m in run_one(text).measures if m.kind in ("deal", "truce"))
    named = {a.country for a in [deal.imposer, *deal.targets] if a is not None}
    assert parties <= named and "sides" not in [t.span.text for t in deal.targets]


def test_an_office_without_a_country_stays_without_one_when_the_story_names_none():
    tariff = run_one("The government imposed a duty on steel.").measures[0]
    assert tariff.imposer is not None and tariff.imposer.country is None


def test_companies_are_no_parties_of_both_sides():
    doc = run_one("Officials from Airbus and Boeing met in Geneva. Both sides signed a deal.")
    assert not [m for m in doc.measures if m.kind == "deal" and m.targets]


def test_no_trade_context_no_deal():
    doc = run_one("The striker signed a new deal with the club.")
    assert doc.measures == []


def test_analyzer_identity():
    assert (MeasureAnalyzer.name, MeasureAnalyzer.version) == ("measures", "0.1")
    doc = run_one("Canada imposed tariffs on Chinese steel.")
    assert doc.measures[0].extractor == "measures/0.1"


# --------------------------------------------------------------------------- the seed page


@pytest.fixture(scope="module")
def seed_article():
    if not SEED.exists():
        pytest.skip(f"../shared not found: {SEED}")
    return analyze_page(SEED.read_text(encoding="utf-8"), published="2025-05-14")[0]


def test_seed_blanket_tariff(seed_article):
    m = next(m for m in seed_article.measures if m.rate == 10.0)
    assert m.kind == "tariff" and m.status == "announced"
    assert m.imposer is not None and m.imposer.country == "USA"
    assert [t.span.text for t in m.targets] == ["all countries"]
    assert _countries(m.exceptions) == ["CAN", "MEX", "CHN"]
    assert m.announced is not None and m.announced.value == "2025-04-02"
    assert m.effective is None and m.products == []


def test_seed_conditional_rate_on_japan(seed_article):
    m = next(m for m in seed_article.measures if m.rate == 24.0)
    assert m.kind == "tariff" and m.status == "conditional"
    assert _countries(m.targets) == ["JPN"] and m.imposer.country == "USA"
    assert m.effective is not None and m.effective.value == "2025-07"
    assert m.condition is not None and m.condition.text == "unless an agreement is reached"


def test_seed_auto_tariffs_and_products_under_review(seed_article):
    auto = next(m for m in seed_article.measures if m.rate == 25.0)
    assert [p.text for p in auto.products] == ["auto"] and auto.imposer.country == "USA"
    review = next(
        m
        for m in seed_article.measures
        if [p.text for p in m.products] == ["cars", "auto parts", "steel", "aluminum"]
    )
    assert review.imposer.country == "USA" and review.kind == "tariff"


def test_seed_deal_and_truce(seed_article):
    deal = next(m for m in seed_article.measures if m.kind == "deal")
    assert deal.imposer.country == "GBR" and _countries(deal.targets) == ["USA"]
    truce = next(m for m in seed_article.measures if m.kind == "truce")
    assert truce.imposer.country == "CHN" and _countries(truce.targets) == ["USA"]
    assert len([m for m in seed_article.measures if m.kind in ("deal", "truce")]) == 2


def test_who_is_exempted_is_an_exception_not_a_target():
    """Whoever an exemption spares is among the exempted measure's exceptions, never its
    targets; the exemption's grantor is the measure's imposer when nobody else is named."""
    granted = run_one("The U.S. granted Mexico an exemption from the steel tariffs.")
    tariff = next(m for m in granted.measures if m.kind == "tariff")
    assert _countries(tariff.exceptions) == ["MEX"] and not tariff.targets
    won = run_one("Britain won an exemption from the U.S. car tariffs.")
    exemption = next(m for m in won.measures if m.kind == "exemption")
    assert exemption.imposer is not None and exemption.imposer.country == "USA"
    assert _countries(exemption.targets) == ["GBR"]  # not the tariffs named after "from"
    tariff = next(m for m in won.measures if m.kind == "tariff")
    assert _countries(tariff.exceptions) == ["GBR"] and not tariff.targets
    exempted = run_one("Washington exempted Canada from the 25% tariffs on steel.")
    tariff = exempted.measures[0]
    assert tariff.imposer is not None and tariff.imposer.country == "USA"
    assert (_countries(tariff.exceptions), tariff.targets) == (["CAN"], [])
    owned = run_one("Mexico's exemption from the steel tariffs expires in June.")
    exemption = next(m for m in owned.measures if m.kind == "exemption")
    assert exemption.imposer is None and _countries(exemption.targets) == ["MEX"]


def test_a_requested_exemption_spares_no_one_yet():
    doc = run_one("Canada asked Washington for an exemption from the steel tariffs.")
    exemption = next(m for m in doc.measures if m.kind == "exemption")
    assert exemption.status == "requested"
    assert exemption.imposer is not None and exemption.imposer.country == "USA"  # the one asked
    assert _countries(exemption.targets) == ["CAN"]
    tariff = next(m for m in doc.measures if m.kind == "tariff")
    assert not tariff.exceptions


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan wants the United States to remove the 25% tariff on cars.",
        "Japan urged the United States to lift the 25% tariff on cars.",
        "Japan asked the United States to scrap the 25% tariff on cars.",
    ],
)
def test_a_removal_only_sought_leaves_the_measure_in_force(sentence: str) -> None:
    tariff = run_one(sentence).measures[0]
    assert tariff.status == "in_force" and tariff.rate == 25.0
    assert tariff.imposer is not None and tariff.imposer.country == "USA"


# --------------------------------------------------------------------------- pattern classes
# Each general pattern of the tracker issue on sentences written for the project, at least
# three phrasings a class. Expected fields as in CASES; {"none": True} means no measure at all.

PATTERNS: list[tuple[str, str, dict[str, Any]]] = [
    # the imposer is a person, office or administration: its country's government
    ("person", "President Trump said he would raise tariffs on Chinese goods to 25 percent.",
     {"kind": "tariff", "imposer": "USA", "rate": 25.0, "status": "announced"}),
    ("person", "The Trump administration is imposing anti-dumping duties on Vietnamese shrimp.",
     {"kind": "anti_dumping", "imposer": "USA", "targets": ["VNM"]}),
    ("person", "Narendra Modi approved a 20% duty on Chinese solar panels.",
     {"kind": "tariff", "imposer": "IND", "rate": 20.0, "targets": ["CHN"]}),
    ("person", "Claudia Sheinbaum imposed a 30% levy on Chinese cars.",
     {"kind": "tariff", "imposer": "MEX", "imposer_name": "Mexico"}),
    # targets named by a demonym or an origin
    ("origin", "The United States imposed duties on Vietnamese shrimp.",
     {"kind": "tariff", "imposer": "USA", "targets": ["VNM"]}),
    ("origin", "Japan raised tariffs on imports of aluminium from Russia.",
     {"kind": "tariff", "imposer": "JPN", "targets": ["RUS"], "products": ["aluminium"]}),
    ("origin", "Chile banned imports of Peru's avocados.",
     {"kind": "ban", "imposer": "CHL", "targets": ["PER"]}),
    ("origin", "Washington imposed safeguard tariffs on Korean-made washing machines.",
     {"kind": "safeguard", "targets": ["KOR"]}),
    ("origin", "Beijing raised tariffs on Argentine beef imports.",
     {"kind": "tariff", "targets": ["ARG"], "products": ["beef"]}),
    # export measures
    ("export", "India banned exports of wheat on Saturday.",
     {"kind": "export_control", "imposer": "IND", "products": ["wheat"], "status": "in_force"}),
    ("export", "Argentina suspended gas exports to Chile.",
     {"kind": "export_control", "imposer": "ARG", "targets": ["CHL"], "products": ["gas"]}),
    ("export", "Congo announced a 40% cut in cobalt export quotas.",
     {"kind": "export_control", "imposer": "COG", "rate": None, "products": ["cobalt"]}),
    ("tighten", "The Netherlands tightened export controls on chipmaking equipment.",
     {"kind": "export_control", "imposer": "NLD"}),
    ("export", "The government prohibited all shipments of wheat abroad.",
     {"kind": "export_control", "products": ["wheat"]}),
    ("export", "Turkmenistan shut off gas supplies to Ukraine.",
     {"kind": "export_control", "imposer": "TKM", "targets": ["UKR"]}),
    # one sentence, several measures: a rate for each target or product
    ("several", "The ministry imposed duties of 12.5 percent on tubes from India and 48 percent "
                "on tubes from Vietnam.",
     {"rates": {12.5: "IND", 48.0: "VNM"}}),
    ("several", "India raised tariffs on motorcycles to 80 percent and on wine to 95 percent.",
     {"rates": {80.0: "motorcycles", 95.0: "wine"}}),
    ("several", "Canada imposed tariffs of 25% on American steel and 10% on American aluminium.",
     {"rates": {25.0: "steel", 10.0: "aluminium"}}),
    ("several", "Washington imposed a 25 percent tariff on steel imports and 10 percent on "
                "aluminum.",
     {"rates": {25.0: "steel", 10.0: "aluminum"}}),
    ("origin", "Russia banned imports of food from Australia, Canada and Norway.",
     {"kind": "ban", "imposer": "RUS", "targets": ["AUS", "CAN", "NOR"]}),
    ("retaliate", "Beijing retaliated with tariffs of 25% on American soybeans.",
     {"kind": "tariff", "imposer": "CHN", "rate": 25.0, "targets": ["USA"]}),
    ("hit", "The United States hit China with tariffs on steel.",
     {"kind": "tariff", "imposer": "USA", "targets": ["CHN"]}),
    ("hit", "Ottawa slapped Washington with duties on bourbon.",
     {"kind": "tariff", "imposer": "CAN", "targets": ["USA"]}),
    # kinds users search by
    ("anti-dumping", "The EU imposed anti-dumping duties on Chinese e-bikes.",
     {"kind": "anti_dumping", "targets": ["CHN"]}),
    ("antidumping", "Washington set antidumping duties of 30% on Mexican tomatoes.",
     {"kind": "anti_dumping", "rate": 30.0, "targets": ["MEX"]}),
    ("anti dumping", "Australia extended its anti dumping tariffs on Chinese steel.",
     {"kind": "anti_dumping", "imposer": "AUS"}),
    ("anti", "Canada imposed anti-dumping duties on Chinese steel wire.",
     {"kind": "anti_dumping", "imposer": "CAN", "targets": ["CHN"]}),
    ("countervailing", "The US imposed countervailing duties on Canadian lumber.",
     {"kind": "countervailing", "imposer": "USA", "targets": ["CAN"]}),
    ("countervailing", "Brussels added countervailing duties of 17% on Chinese electric vehicles.",
     {"kind": "countervailing", "rate": 17.0, "targets": ["CHN"]}),
    ("anti-subsidy", "India levied anti-subsidy duties on Vietnamese solar panels.",
     {"kind": "countervailing", "imposer": "IND", "targets": ["VNM"]}),
    ("safeguard", "Turkey imposed safeguard duties on steel imports.",
     {"kind": "safeguard", "imposer": "TUR"}),
    ("safeguard", "India announced safeguard tariffs on Malaysian palm oil.",
     {"kind": "safeguard", "imposer": "IND", "targets": ["MYS"], "status": "announced"}),
    ("safeguard", "South Africa applied safeguards on imports of frozen chicken.",
     {"kind": "safeguard", "imposer": "ZAF"}),
    ("subsidy", "Russia's energy price subsidies anger its rivals.",
     {"kind": "subsidy", "imposer": "RUS", "targets": []}),
    ("subsidisation", "Brussels objected to the subsidisation of Chinese steel.",
     {"kind": "subsidy"}),
    ("subsidization", "The subsidization of American corn by Washington angers Mexico.",
     {"kind": "subsidy", "imposer": "USA"}),
    ("state", "Brussels approved state aid for Airbus.",
     {"kind": "subsidy", "targets": []}),
    ("farm", "France will pay farm aid to its wine growers.",
     {"kind": "subsidy", "imposer": "FRA", "status": "announced"}),
    ("protocol", "Egypt and Israel signed a trade protocol with the US.",
     {"kind": "deal", "targets": ["USA"]}),
    ("duty-free", "Canada will grant Ukrainian steel duty-free access to its market from June.",
     {"kind": "exemption", "imposer": "CAN", "targets": ["UKR"], "status": "announced"}),
    ("preferential", "The law gave African countries preferential access to the US market.",
     {"kind": "exemption", "imposer": "USA", "target_text": "African countries"}),
    ("enjoy", "Products from Jordan will enjoy tariff-free access to the US.",
     {"kind": "exemption", "imposer": "USA", "status": "announced"}),
    ("quota-free", "Japan granted Thai rice quota-free access to its market.",
     {"kind": "exemption", "imposer": "JPN", "targets": ["THA"]}),
    ("free", "The pact gives Kenyan flowers free access to British markets.",
     {"kind": "exemption", "imposer": "GBR", "targets": ["KEN"]}),
    ("duty free", "Bangladeshi shirts enjoy duty free access to the EU.",
     {"kind": "exemption", "targets": ["BGD"]}),
    ("tariff-free", "Norway offered Ghanaian cocoa tariff-free access.",
     {"kind": "exemption", "imposer": "NOR"}),
    # status from tense, modality and verbs
    ("set", "Mexico set a 20% tariff on Chinese cars.", {"kind": "tariff", "status": "in_force"}),
    ("announced", "Mexico will impose a 20% tariff on Chinese cars from July.",
     {"kind": "tariff", "status": "announced", "imposer": "MEX"}),
    ("announced", "Brazil announced a 10% levy on US ethanol.",
     {"kind": "tariff", "status": "announced", "imposer": "BRA"}),
    ("announced", "Canada said it would impose duties on American steel.",
     {"kind": "tariff", "status": "announced", "imposer": "CAN"}),
    ("in_force", "Canada imposed a 25% tariff on Chinese steel last month.",
     {"kind": "tariff", "status": "in_force"}),
    ("keep", "Canada kept its 25% tariff on Chinese steel.",
     {"kind": "tariff", "status": "in_force", "imposer": "CAN", "rate": 25.0}),
    ("maintain", "Japan maintains a quota on Thai rice.",
     {"kind": "quota", "status": "in_force", "imposer": "JPN"}),
    ("in_force", "Japan's quota on Thai rice remains in place.",
     {"kind": "quota", "status": "in_force", "imposer": "JPN"}),
    ("in_force", "Exporters pay the 10% French tariff on Italian wine.",
     {"kind": "tariff", "status": "in_force", "imposer": "FRA"}),
    ("threatened", "Trump threatened tariffs on Mexican goods.",
     {"kind": "tariff", "status": "threatened", "imposer": "USA"}),
    ("warn", "The EU warned it could impose duties on US bourbon.",
     {"kind": "tariff", "status": "threatened"}),
    ("threatened", "Beijing has been threatened with sanctions by Washington.",
     {"kind": "sanction", "status": "threatened", "targets": ["CHN"]}),
    ("conditional", "Tariffs of 25% will apply to Mexican steel if talks fail.",
     {"kind": "tariff", "status": "conditional"}),
    ("conditional", "India will cut its duties on US bourbon if Washington lifts its steel "
                    "tariffs.",
     {"kind": "tariff", "status": "conditional", "imposer": "IND"}),
    ("conditional", "Japan will face a 24% tariff on its cars unless a deal is struck.",
     {"kind": "tariff", "status": "conditional", "targets": ["JPN"]}),
    ("propose", "The Commission proposed a 15% tariff on Russian fertiliser.",
     {"kind": "tariff", "status": "proposed", "targets": ["RUS"]}),
    ("consider", "Washington is considering tariffs on Chinese chips.",
     {"kind": "tariff", "status": "proposed"}),
    ("proposed", "Ottawa could impose duties on American dairy.",
     {"kind": "tariff", "status": "proposed"}),
    ("plan", "Britain plans a levy on imported Chinese steel.",
     {"kind": "tariff", "status": "proposed"}),
    ("weigh", "Seoul is weighing quotas on Japanese steel.",
     {"kind": "quota", "status": "proposed"}),
    ("mull", "Canberra mulls duties on Chinese aluminium.",
     {"kind": "tariff", "status": "proposed"}),
    ("draft", "The ministry drafted a ban on Indian rice imports.",
     {"kind": "ban", "status": "proposed"}),
    ("recommend", "The panel recommended duties on Turkish pasta.",
     {"kind": "tariff", "status": "proposed"}),
    ("study", "Brussels is studying tariffs on Chinese electric cars.",
     {"kind": "tariff", "status": "proposed"}),
    ("discuss", "Ministers discussed quotas on Ukrainian grain.",
     {"kind": "quota", "status": "proposed"}),
    ("negotiate", "Seoul negotiated quotas on Korean steel with Washington.",
     {"kind": "quota", "status": "proposed"}),
    ("offer", "Japan offered Thai rice quota-free access to its market.",
     {"kind": "exemption", "status": "proposed", "imposer": "JPN"}),
    ("planned", "The planned tariffs on Canadian lumber worry builders.",
     {"kind": "tariff", "status": "proposed"}),
    ("possible", "Exporters fear possible duties on Brazilian coffee.",
     {"kind": "tariff", "status": "proposed"}),
    ("potential", "Potential tariffs on Mexican avocados alarm importers.",
     {"kind": "tariff", "status": "proposed"}),
    ("draft", "The draft quota on Chinese garlic angers traders.",
     {"kind": "quota", "status": "proposed"}),
    ("mooted", "The mooted levy on Russian oil divides the bloc.",
     {"kind": "tariff", "status": "proposed"}),
    ("call", "US steelmakers called for tariffs on Chinese steel.",
     {"kind": "tariff", "status": "requested"}),
    ("urge", "Farmers urged the government to impose a ban on Ukrainian grain.",
     {"kind": "ban", "status": "requested"}),
    ("demand", "The unions demanded quotas on Chinese textiles.",
     {"kind": "quota", "status": "requested"}),
    ("petition", "Brewers petitioned Ottawa for duties on American beer.",
     {"kind": "tariff", "status": "requested"}),
    ("suspended", "The US suspended its tariffs on Mexican tomatoes.",
     {"kind": "tariff", "status": "suspended", "imposer": "USA"}),
    ("suspended", "Beijing paused the ban on Japanese seafood.",
     {"kind": "ban", "status": "suspended"}),
    ("suspended", "Brussels delayed the duties on American whiskey.",
     {"kind": "tariff", "status": "suspended"}),
    ("removed", "India lifted its ban on wheat exports.",
     {"kind": "export_control", "status": "removed", "imposer": "IND"}),
    ("removed", "The US removed tariffs on Canadian aluminium.",
     {"kind": "tariff", "status": "removed", "imposer": "USA"}),
    ("removed", "Japan scrapped the quota on US beef.",
     {"kind": "quota", "status": "removed", "imposer": "JPN"}),
    # not measures: domestic taxes, utility prices, company deals, budget rules, other bans
    ("fuel", "The chancellor froze fuel duty in the budget.", {"none": True}),
    ("stamp", "Buyers will pay less stamp duty from April.", {"none": True}),
    ("excise", "Excise duty on beer rose by 2p a pint.", {"none": True}),
    ("water", "The firm wants a water tariff rise of 60%.", {"none": True}),
    ("roaming", "Mobile operators cut roaming tariffs for customers.", {"none": True}),
    ("electricity", "The regulator capped electricity tariffs for households.", {"none": True}),
    ("sponsorship", "Manchester United signed a sponsorship deal with Adidas.", {"none": True}),
    ("takeover", "Microsoft agreed a takeover deal for the game studio.", {"none": True}),
    ("record", "The singer signed a record deal with Sony.", {"none": True}),
    ("deficit", "Budget sinners do not have to fear any sanctions for breaching the deficit "
                "limit.", {"none": True}),
    ("stability", "France and Germany escaped sanctions under the stability pact.",
     {"none": True}),
    ("fiscal", "Brussels threatened fiscal sanctions over the budget deficit.", {"none": True}),
    ("match", "The referee handed the striker a three-match ban.", {"none": True}),
    ("smoking", "The council imposed a ban on smoking in parks.", {"none": True}),
    ("ban", "The city announced a hosepipe ban.", {"none": True}),
    ("permit", "The party wants quotas for those seeking work permits.", {"none": True}),
    # a verb of ending removes a deal; the modality module reads it as the deal's negation
    ("terminate", "Canada terminated its trade agreement with Peru.",
     {"kind": "deal", "imposer": "CAN", "targets": ["PER"], "status": "removed"}),
    ("cancel", "Washington cancelled the trade deal with Seoul.",
     {"kind": "deal", "imposer": "USA", "targets": ["KOR"], "status": "removed"}),
    ("abandon", "Mexico abandoned its free-trade pact with Japan.",
     {"kind": "deal", "imposer": "MEX", "targets": ["JPN"], "status": "removed"}),
    ("annul", "Ecuador annulled its investment treaty with Chile.",
     {"kind": "deal", "imposer": "ECU", "targets": ["CHL"], "status": "removed"}),
    # deal parties named only by their number: the countries of the sentence
    ("nation", "Chile and Peru met in Lima, and the two nations signed a trade deal.",
     {"kind": "deal", "imposer": "CHL", "targets": ["PER"]}),
    ("side", "Both sides signed a trade deal, ending a dispute between Vietnam and Cambodia.",
     {"kind": "deal", "imposer": "VNM", "targets": ["KHM"]}),
    ("country", "Under a trade pact between the two countries, Kenya will sell tea to Egypt.",
     {"kind": "deal", "imposer": "KEN", "targets": ["EGY"]}),
    ("government", "Talks between Oslo and Reykjavik ended when the two governments signed a "
                   "fisheries accord.",
     {"kind": "deal", "imposer": "NOR", "targets": ["ISL"]}),
    ("neighbour", "Ghana and Nigeria ended their row when the two neighbours signed a trade "
                  "accord.",
     {"kind": "deal", "imposer": "GHA", "targets": ["NGA"]}),
    ("neighbor", "Kenya and Uganda said the two neighbors had reached a customs deal.",
     {"kind": "deal", "imposer": "KEN", "targets": ["UGA"]}),
    ("party", "Labour and the Tories agreed that both parties would back the budget deal.",
     {"none": True}),
    # a ban on trade with a country targets that country; trade is no product
    ("trade", "The EU lifted its ban on trade with Belarus.",
     {"kind": "ban", "targets": ["BLR"], "products": [], "status": "removed"}),
    ("activity", "The US ban on trade and economic activity with Tripoli was suspended in "
                 "April.",
     {"kind": "ban", "imposer": "USA", "targets": ["LBY"], "status": "suspended"}),
    ("commerce", "Washington kept its ban on commerce with Havana.",
     {"kind": "ban", "imposer": "USA", "targets": ["CUB"], "status": "in_force"}),
    ("dealing", "Japan imposed a ban on dealings with Iran.",
     {"kind": "ban", "imposer": "JPN", "targets": ["IRN"]}),
    ("transaction", "Britain announced an embargo on transactions with Syria.",
     {"kind": "sanction", "imposer": "GBR", "targets": ["SYR"], "status": "announced"}),
    # restrictions and embargoes aimed at a country, naming no goods, are sanctions
    ("restriction", "President Bush's government introduced tighter restrictions on Cuba in "
                    "May.",
     {"kind": "sanction", "imposer": "USA", "targets": ["CUB"]}),
    ("restriction", "Japan eased restrictions on North Korea.",
     {"kind": "sanction", "imposer": "JPN", "targets": ["PRK"], "status": "removed"}),
    ("curb", "Russia tightened curbs against Georgia.",
     {"kind": "sanction", "imposer": "RUS", "targets": ["GEO"], "status": "in_force"}),
    ("measure", "Australia imposed measures against Moscow.",
     {"kind": "sanction", "imposer": "AUS", "targets": ["RUS"]}),
    ("embargo", "The EU maintains an embargo on Syria.",
     {"kind": "sanction", "targets": ["SYR"], "status": "in_force"}),
    ("embargo", "The United Nations imposed an embargo on Iraq.",
     {"kind": "sanction", "targets": ["IRQ"]}),
    ("embargo", "The EU kept its arms embargo on China.",
     {"kind": "export_control", "targets": ["CHN"], "products": ["arms"]}),
    ("restriction", "Officials imposed restrictions on Shanghai after the outbreak.",
     {"none": True}),
    ("restriction", "The council lifted restrictions on smoking in bars.", {"none": True}),
    ("measure", "The government announced measures on housing.", {"none": True}),
    # "new" gives way to the verb that imposes the measure, and its subject imposes it
    ("new", "The EU imposed new tariffs on Russia.",
     {"kind": "tariff", "imposer_name": "European Union", "targets": ["RUS"],
      "status": "in_force"}),
    ("new", "Canada will impose new duties on Chinese steel.",
     {"kind": "tariff", "imposer": "CAN", "targets": ["CHN"], "status": "announced"}),
    ("new", "Japan slapped new tariffs on Korean chips.",
     {"kind": "tariff", "imposer": "JPN", "targets": ["KOR"], "status": "in_force"}),
    # a subsidy in the sentence makes an agreement a trade agreement
    ("subsidy", "The US terminated an agreement with the EU which limits the subsidies for "
                "aircraft makers.",
     {"kind": "deal", "imposer": "USA", "status": "removed"}),
    ("subsidy", "Brazil signed an accord with Argentina that caps farm subsidies.",
     {"kind": "deal", "imposer": "BRA", "targets": ["ARG"]}),
    ("subsidy", "Peru reached an agreement with Chile to phase out its sugar subsidies.",
     {"kind": "deal", "imposer": "PER", "targets": ["CHL"]}),
    # the owner of a decision, move or plan imposes the measure it aims at
    ("decision", "Egypt's decision to enter into the trade agreement surprised Israel.",
     {"kind": "deal", "imposer": "EGY"}),
    ("move", "China's move to ban exports of gallium came in July.",
     {"kind": "export_control", "imposer": "CHN", "products": ["gallium"]}),
    ("plan", "India's plan to cut duties on gold was welcomed by jewellers.",
     {"kind": "tariff", "imposer": "IND", "products": ["gold"]}),
    ("bid", "Vietnam's bid to impose duties on Thai rice failed.",
     {"kind": "tariff", "imposer": "VNM", "targets": ["THA"]}),
    ("proposal", "Canada's proposal to raise tariffs on Chinese steel drew criticism.",
     {"kind": "tariff", "imposer": "CAN", "targets": ["CHN"], "status": "proposed"}),
    # aid a government gives a producing industry is a subsidy; aid to a country is not
    ("give", "France will give aid to its wine industry.",
     {"kind": "subsidy", "imposer": "FRA", "targets": [], "status": "announced"}),
    ("industry", "Brazil gave aid to its shoe industry.", {"kind": "subsidy", "imposer": "BRA"}),
    ("hand", "Italy handed its car makers fresh aid.", {"kind": "subsidy", "imposer": "ITA"}),
    ("maker", "Sweden gave aid to its truck makers.", {"kind": "subsidy", "imposer": "SWE"}),
    ("grant", "Brazil will grant aid to its sugar growers.",
     {"kind": "subsidy", "imposer": "BRA", "status": "announced"}),
    ("grower", "Kenya paid aid to its tea growers.", {"kind": "subsidy", "imposer": "KEN"}),
    ("pay", "Mexico paid aid to its milk producers.",
     {"kind": "subsidy", "imposer": "MEX", "status": "in_force"}),
    ("producer", "Norway gave aid to its salmon producers.",
     {"kind": "subsidy", "imposer": "NOR"}),
    ("provide", "Spain will provide aid to the fishing sector.",
     {"kind": "subsidy", "imposer": "ESP", "status": "announced"}),
    ("sector", "Poland gave aid to its coal sector.", {"kind": "subsidy", "imposer": "POL"}),
    ("manufacturer", "Germany gave aid to its solar panel manufacturers.",
     {"kind": "subsidy", "imposer": "DEU"}),
    ("exporter", "Thailand will pay aid to rice exporters.",
     {"kind": "subsidy", "imposer": "THA", "status": "announced"}),
    ("farmer", "Japan gave aid to its rice farmers.", {"kind": "subsidy", "imposer": "JPN"}),
    ("aid", "The UN gave aid to Haiti after the storm.", {"none": True}),
    ("aid", "Britain gave food aid to Sudan.", {"none": True}),
    ("aid", "The charity handed aid to flood victims.", {"none": True}),
    # a deal or truce hoped for or sought is proposed; who signs with the imposer is a party
    ("hope", "Japan and Peru hope to reach a trade deal.",
     {"kind": "deal", "imposer": "JPN", "targets": ["PER"], "status": "proposed"}),
    ("want", "Chile wants to strike a trade deal with India.",
     {"kind": "deal", "imposer": "CHL", "targets": ["IND"], "status": "proposed"}),
    ("seek", "Peru seeks a trade truce with Bolivia.",
     {"kind": "truce", "imposer": "PER", "targets": ["BOL"], "status": "proposed"}),
    ("sign", "Japan and Korea signed a trade pact.",
     {"kind": "deal", "imposer": "JPN", "targets": ["KOR"], "status": "in_force"}),
    ("aim", "Japan and Korea aim to sign a trade pact.",
     {"kind": "deal", "imposer": "JPN", "targets": ["KOR"]}),
    # an intergovernmental body is a party that makes an agreement a trade one
    ("IGO", "The WTO is to end its agreement on textiles in December.",
     {"kind": "deal", "imposer_name": "World Trade Organization", "status": "announced"}),
    ("IGO", "The EU signed an accord with Mercosur that cuts beef subsidies.",
     {"kind": "deal", "imposer_name": "European Union"}),
    ("IGO", "The WTO and China sealed an accord on farm subsidies.",
     {"kind": "deal", "targets": ["CHN"]}),
    # the goods given access name the country spared
    ("access", "The law allowed Ethiopian coffee tariff-free access to the US market.",
     {"kind": "exemption", "imposer": "USA", "targets": ["ETH"]}),
    ("access", "The treaty granted Chilean wine duty-free access to the Japanese market.",
     {"kind": "exemption", "imposer": "JPN", "targets": ["CHL"]}),
    ("access", "The scheme gave Cambodian rice quota-free access to European markets.",
     {"kind": "exemption", "targets": ["KHM"]}),
    # deals named by a field other than trade are none, whoever signs them
    ("security", "Kenya and Ethiopia signed a border security pact.", {"none": True}),
    ("border", "Chile and Bolivia sealed a border accord.", {"none": True}),
    ("peace", "Armenia and Azerbaijan signed a peace deal.", {"none": True}),
    ("defence", "Japan and Australia signed a defence pact.", {"none": True}),
    ("defense", "Poland signed a defense agreement with Washington.", {"none": True}),
    ("military", "Russia struck a military deal with Belarus.", {"none": True}),
    ("nuclear", "Iran reached a nuclear deal with France.", {"none": True}),
    ("climate", "China and India agreed a climate accord.", {"none": True}),
    ("extradition", "Spain signed an extradition treaty with Peru.", {"none": True}),
    ("power-sharing", "Kenya's rivals signed a power-sharing deal.", {"none": True}),
    ("coalition", "Germany's parties sealed a coalition agreement.", {"none": True}),
    # levies by other names; a tax on goods crossing the border is a tariff
    ("surtax", "Canada announced a 25 per cent surtax on steel imports from China.",
     {"kind": "tariff", "imposer": "CAN", "rate": 25.0, "targets": ["CHN"]}),
    ("surcharge", "Turkey imposed a 20% surcharge on Italian pasta.",
     {"kind": "tariff", "imposer": "TUR", "rate": 20.0, "targets": ["ITA"]}),
    ("tax", "Argentina raised export taxes on soybeans to 35 percent.",
     {"kind": "tariff", "imposer": "ARG", "rate": 35.0, "products": ["soybeans"]}),
    ("tax", "Russia imposed an export tax on wheat.",
     {"kind": "tariff", "imposer": "RUS", "products": ["wheat"]}),
    ("tax", "Indonesia charges an import tax of 10% on Thai sugar.",
     {"kind": "tariff", "imposer": "IDN", "rate": 10.0, "targets": ["THA"]}),
    ("surcharge", "The airline added a fuel surcharge.", {"none": True}),
    ("tax", "The city raised the council tax.", {"none": True}),
    ("tax", "Britain raised stamp duty and the fuel surcharge.", {"none": True}),
    # verbs that set a new level: in force at the rate they give
    ("increase", "Japan increased its tariff on Chilean salmon to 12%.",
     {"kind": "tariff", "imposer": "JPN", "rate": 12.0, "status": "in_force"}),
    ("double", "The US doubled its tariffs on Turkish steel to 50%.",
     {"kind": "tariff", "imposer": "USA", "rate": 50.0, "targets": ["TUR"]}),
    ("triple", "The US tripled duties on Chinese solar cells to 50 percent.",
     {"kind": "tariff", "imposer": "USA", "rate": 50.0, "targets": ["CHN"]}),
    ("lower", "Mexico lowered its tariff on US corn to 5%.",
     {"kind": "tariff", "imposer": "MEX", "rate": 5.0, "targets": ["USA"]}),
    ("reduce", "Korea reduced duties on Australian beef to 8 percent.",
     {"kind": "tariff", "imposer": "KOR", "rate": 8.0, "targets": ["AUS"]}),
    ("slash", "India slashed import duties on gold to 6%.",
     {"kind": "tariff", "imposer": "IND", "rate": 6.0, "products": ["gold"]}),
    ("halve", "Vietnam halved its tariff on US ethanol to 5%.",
     {"kind": "tariff", "imposer": "VNM", "rate": 5.0, "targets": ["USA"]}),
    ("cut", "Ukraine cut export duties on sunflower seeds to 10%.",
     {"kind": "tariff", "imposer": "UKR", "rate": 10.0, "products": ["sunflower seeds"]}),
    ("charge", "The premier said a levy of 5% would be charged on Thai sugar.",
     {"kind": "tariff", "rate": 5.0, "targets": ["THA"], "status": "announced"}),
    ("collect", "Customs will collect a 10% duty on Chinese tiles.",
     {"kind": "tariff", "rate": 10.0, "targets": ["CHN"], "status": "announced"}),
    # the new level of "from A% to B%" is the rate
    ("from-to", "The US raised tariffs on Chinese goods from 10% to 25%.",
     {"kind": "tariff", "imposer": "USA", "rate": 25.0, "targets": ["CHN"]}),
    ("from-to", "Canada increased its duty on Korean steel from 5 percent to 15 percent.",
     {"kind": "tariff", "imposer": "CAN", "rate": 15.0, "targets": ["KOR"]}),
    ("from-to", "Chile raised its levy on Peruvian onions from 6% to 18% in May.",
     {"kind": "tariff", "imposer": "CHL", "rate": 18.0, "targets": ["PER"]}),
    # "per cent" the entity recogniser leaves out still carries the goods after it
    ("per cent", "The European Commission slapped provisional duties of 12.8 per cent on "
                 "Chinese bicycles.",
     {"kind": "tariff", "rate": 12.8, "targets": ["CHN"], "products": ["bicycles"]}),
    ("per cent", "India set duties of 7.5 per cent on Malaysian palm oil.",
     {"kind": "tariff", "imposer": "IND", "rate": 7.5, "targets": ["MYS"]}),
    ("percent", "Peru imposed levies of 9 percent on Chilean apples.",
     {"kind": "tariff", "imposer": "PER", "rate": 9.0, "targets": ["CHL"]}),
    ("name", "He told the committee on Strategic Export Controls that sales were up.",
     {"none": True}),
    # the seat of a customs union imposes for the union
    ("brussels", "Brussels imposed countervailing duties on Chinese electric cars.",
     {"kind": "countervailing", "imposer_name": "European Union", "targets": ["CHN"]}),
    ("brussels", "Brussels will raise tariffs on American motorcycles to 31%.",
     {"kind": "tariff", "imposer_name": "European Union", "rate": 31.0, "targets": ["USA"]}),
    ("brussels", "Brussels lifted its ban on Ukrainian grain imports.",
     {"kind": "ban", "imposer_name": "European Union", "targets": ["UKR"]}),
    # a government or office named without its country is the story's country's
    ("home", "India's rice exports rose last year. The government imposed a 20% duty on rice "
             "exports.",
     {"kind": "tariff", "imposer": "IND", "imposer_name": "India", "rate": 20.0}),
    ("home", "Talks in Jakarta ended on Monday. The trade ministry said it would ban nickel ore "
             "exports.",
     {"kind": "export_control", "imposer": "IDN", "status": "announced"}),
    ("home", "Mexico's economy slowed in May. The economy ministry then raised tariffs on "
             "Chinese shoes to 35%.",
     {"kind": "tariff", "imposer": "MEX", "rate": 35.0, "targets": ["CHN"]}),
    ("home", "Chinese steel floods Vietnam. The government imposed a 10% duty on Chinese steel.",
     {"kind": "tariff", "imposer": "VNM", "targets": ["CHN"]}),
    # a verb measure said to come is announced
    ("would", "Indonesia said it would ban exports of bauxite.",
     {"kind": "export_control", "imposer": "IDN", "status": "announced"}),
    ("would", "The Indian government said it would halt sugar exports.",
     {"kind": "export_control", "imposer": "IND", "status": "announced"}),
    ("would", "Russia announced it would suspend gas supplies to Moldova.",
     {"kind": "export_control", "imposer": "RUS", "targets": ["MDA"], "status": "announced"}),
    # entry and public-health restrictions on a country are no trade measures
    ("entry", "Japan eased entry restrictions on China.", {"none": True}),
    ("quarantine", "Italy lifted quarantine restrictions on Spain.", {"none": True}),
    ("lockdown", "Chile imposed lockdown curbs on Peru's border towns.", {"none": True}),
    ("covid", "Austria imposed covid restrictions on Italy.", {"none": True}),
    ("health", "Kenya announced health restrictions on Uganda.", {"none": True}),
]  # fmt: skip


@pytest.fixture(scope="module")
def patterns() -> dict[str, list[Measure]]:
    docs = run(sorted({sentence for _, sentence, _ in PATTERNS}), published="2025-04-10")
    return {d.text: d.measures for d in docs}


@pytest.mark.parametrize(("word", "sentence", "expected"), PATTERNS,
                         ids=[f"{w}:{s[:28]}" for w, s, _ in PATTERNS])  # fmt: skip
def test_pattern(word, sentence, expected, patterns):  # type: ignore[no-untyped-def]
    measures = patterns[sentence]
    if expected.get("none"):
        assert measures == [], measures
        return
    if "rates" in expected:
        got = {m.rate: m for m in measures}
        for rate, what in expected["rates"].items():
            assert rate in got, (rate, measures)
            m = got[rate]
            words = [a.country for a in m.targets] + [p.text for p in m.products]
            assert any(what in w for w in words if w), (rate, m)
        return
    kind = expected.get("kind")
    found = [m for m in measures if m.kind == kind]
    assert found, f"no {kind} in {sentence!r}: {measures}"
    m = found[0]
    for key, want in expected.items():
        if key == "kind":
            continue
        if key == "imposer":
            assert m.imposer is not None and m.imposer.country == want, m.imposer
        elif key == "imposer_name":
            assert m.imposer is not None and m.imposer.name == want, m.imposer
        elif key == "targets":
            assert set(want) <= set(_countries(m.targets)) and (want or not m.targets), m.targets
        elif key == "products":
            assert all(any(w in p.text for p in m.products) for w in want), m.products
        elif key == "target_text":
            assert any(t.span.text.endswith(want) for t in m.targets), m.targets
        else:
            assert getattr(m, key) == want, (key, getattr(m, key))


def test_patterns_have_three_phrasings_a_class():
    """Every status, kind and near-miss class of the issue is tested three ways or more."""
    status = [e["status"] for _, _, e in PATTERNS if "status" in e]
    kinds = [e["kind"] for _, _, e in PATTERNS if "kind" in e]
    for s in ("announced", "in_force", "threatened", "conditional", "proposed", "requested",
              "suspended", "removed"):  # fmt: skip
        assert status.count(s) >= 3, s
    for k in ("anti_dumping", "countervailing", "safeguard", "export_control", "subsidy"):
        assert kinds.count(k) >= 3, k
    assert sum(1 for _, _, e in PATTERNS if e.get("none")) >= 15


# --------------------------------------------------------------------------- HS products


@pytest.mark.parametrize(
    ("phrase", "codes"),
    [
        ("steel", ["72", "73"]),
        ("Chinese steel", ["72", "73"]),
        ("cold-rolled steel", ["72", "73"]),
        ("autos", ["8703"]),
        ("passenger cars", ["8703"]),
        ("cars", ["8703"]),
        ("auto parts", ["8708"]),
        ("soybeans", ["1201"]),
        ("cobalt", ["8105"]),
        ("beef", ["0201", "0202"]),
        ("Argentine beef imports", ["0201", "0202"]),
        ("Korean-made washing machines", ["8450"]),
        ("batteries", ["8507"]),
        ("liquefied natural gas", ["2711"]),
        ("arms", ["93"]),
        ("goods", []),
    ],
)
def test_product_words_to_hs_codes(phrase: str, codes: list[str]) -> None:
    from eventwire.analyze.products import hs_codes

    assert hs_codes(phrase) == codes


def test_textiles_are_chapters_50_to_63() -> None:
    from eventwire.analyze.products import hs_codes

    assert hs_codes("textiles") == [str(n) for n in range(50, 64)]


def test_hs_codes_meet_across_levels() -> None:
    from eventwire.analyze.products import describe, matches, nomenclature, overlaps

    assert overlaps(["8703"], ["87"]) and not overlaps(["8703"], ["8708"])
    assert matches("87", ["8703"]) and matches("autos", ["8703"]) and not matches("cars", ["72"])
    assert describe("72") == "Iron and steel"
    # every word maps to a chapter or heading of the nomenclature (the loader checks it too)
    nom = nomenclature()
    assert all(c in nom.chapters or c in nom.headings for v in nom.words.values() for c in v)
