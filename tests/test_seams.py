"""The seams between the stages: one orchestration, checked analyzer contracts, imports that
follow the data flow, a lazy package root, settings carried to workers."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire import analyze, settings
from eventwire.analyze.base import ContractError, check_chain
from eventwire.engines.local import LocalPool
from eventwire.model import RawItem, parse_published
from eventwire.pipeline import (
    StageConfig,
    annotate_pages,
    build_analyzers,
    default_analyzers,
    process_batch,
    task_for,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "eventwire"

TEXT_PAGE = """Ministers from Chile and Peru met in Lima on Monday to discuss a copper export \
deal, officials said. Peru's president said the talks would continue next month in Santiago.


Storm Cuts Power to Thousands Across Northern Spain
Kenyan Runners Sweep Podium at City Marathon
Central Bank Holds Rates Steady as Inflation Eases
"""

HTML_PAGE = """<!doctype html><html><head><title>Chile and Peru hold copper talks</title>
<meta property="article:published_time" content="2025-05-12T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Chile and Peru hold copper talks</h1>
<p>Ministers from Chile and Peru met in Lima on Monday to discuss a copper export deal,
officials said.</p>
<p>Peru's president said the talks would continue next month in Santiago, and Chile's
foreign minister urged both governments to drop the export quotas by July.</p>
</article>
<aside><h2>Related stories</h2><ul>
<li><a href="https://news.example/world/2025/05/11/storm-cuts-power-across-northern-spain">Storm
cuts power to thousands across northern Spain</a></li>
<li><a href="https://news.example/world/2025/05/11/kenyan-runners-sweep-city-marathon">Kenyan
runners sweep the podium at the city marathon</a></li>
</ul></aside></body></html>
"""


def _comparable(docs: list[dict]) -> list[dict]:
    # The input's name is the one thing that differs by how it was handed in.
    return [{k: v for k, v in d.items() if k != "source"} for d in json.loads(json.dumps(docs))]


@pytest.mark.parametrize(("name", "page"), [("page.txt", TEXT_PAGE), ("page.html", HTML_PAGE)])
def test_cli_engine_and_library_give_the_same_documents(tmp_path, name, page):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")

    library = [d.to_dict() for d in analyze(page, published="2025-05-14")]

    item = RawItem(source=str(path), data=page.encode("utf-8"))
    config = StageConfig(published=parse_published("2025-05-14"))
    (engine,) = next(LocalPool(1, config).map([[task_for(item)]]))
    engine_docs = [d.to_dict() for d in engine.documents]

    run = subprocess.run(
        [sys.executable, "-m", "eventwire", "analyze", str(path), "--format", "json",
         "--published", "2025-05-14"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    cli = json.loads(run.stdout)

    assert len(library) >= 2, "the page's article and headlines"
    assert library[0]["kind"] == "article"
    assert _comparable(library) == _comparable(engine_docs) == _comparable(cli)


def test_library_extracts_an_html_page_rather_than_reading_its_markup():
    docs = analyze(HTML_PAGE)
    article = docs[0]
    assert "<p>" not in article.text and "Ministers from Chile" in article.text
    assert article.published.date == "2025-05-12" and article.published.origin == "metadata"
    assert [d.kind for d in docs[1:]] == ["headline", "headline"]


def test_a_missing_requirement_is_a_clear_error_when_the_pipeline_is_built():
    chain = [a for a in default_analyzers() if a.name != "entities"]
    with pytest.raises(ContractError, match=r"'actors' requires mentions"):
        build_analyzers(chain)


def test_an_analyzer_without_a_contract_or_with_an_unknown_field_is_refused():
    class Bare:
        name = "bare"
        version = "1"

        def __call__(self, doc, parsed, page=None):  # type: ignore[no-untyped-def]
            pass

    with pytest.raises(ContractError, match="declares no 'requires'"):
        check_chain([Bare()])

    class Typo(Bare):
        requires = ()
        assigns = ("evnets",)

    with pytest.raises(ContractError, match="unknown document fields: evnets"):
        check_chain([Typo()])


def test_analyzers_keep_no_state_from_one_page_to_the_next():
    other = "Kenya's president met Tanzania's foreign minister in Nairobi on Friday, aides said."
    analyzers = default_analyzers()

    def pages(texts):  # type: ignore[no-untyped-def]
        results = process_batch(
            [task_for(RawItem(f"p{i}", t.encode())) for i, t in enumerate(texts)],
            StageConfig(published=parse_published("2025-05-14")),
            analyzers=analyzers,
        )
        return [[d.to_dict() for d in r.documents] for r in results]

    alone = pages([TEXT_PAGE])[0]
    after_other = pages([other, TEXT_PAGE])[1]
    assert _comparable(alone) == _comparable(after_other)


def test_every_annotation_record_names_its_extractor():
    docs = analyze(TEXT_PAGE, published="2025-05-14")
    records = [
        r
        for d in docs
        for r in (*d.mentions, *d.entities, *d.times, *d.quantities, *d.events, *d.measures)
    ]
    assert records
    assert all(r.extractor and "/" in r.extractor for r in records)
    assert {r.extractor.split("/")[0] for r in docs[0].times} == {"time"}


def test_a_batch_of_pages_gives_what_each_page_gives_alone():
    from eventwire.extract.page import documents_from_text

    other = "Kenya's president met Tanzania's foreign minister in Nairobi on Friday, aides said."
    alone = [d.to_dict() for d in annotate_pages([documents_from_text(TEXT_PAGE)]).__next__()]
    batch = list(annotate_pages([documents_from_text(other), documents_from_text(TEXT_PAGE)]))
    assert [d.to_dict() for d in batch[1]] == alone


def test_settings_travel_to_workers_as_a_snapshot(monkeypatch):
    monkeypatch.setattr(settings, "EXTRACT_TIMEOUT", 3.5)
    config = StageConfig()
    assert config.settings["EXTRACT_TIMEOUT"] == 3.5
    monkeypatch.setattr(settings, "EXTRACT_TIMEOUT", 10.0)
    settings.apply(config.settings)
    assert settings.EXTRACT_TIMEOUT == 3.5
    with pytest.raises(KeyError, match="no setting named 'NOT_A_SETTING'"):
        settings.apply({"NOT_A_SETTING": 1})


def test_importing_the_package_or_the_store_does_not_load_spacy():
    code = (
        "import sys, eventwire, eventwire.store.queries, eventwire.cli\n"
        "heavy = ('spacy', 'trafilatura', 'datasketch', 'fastapi', 'uvicorn', 'httpx', 'ray')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == ""


def test_analysing_a_text_page_loads_no_html_extractor_and_no_scipy():
    # Start-up time: trafilatura is for HTML only, and MinHash signatures need only numpy
    # (datasketch's import pulls in scipy, about a second of a cold start).
    code = (
        "import sys\n"
        "from eventwire import analyze\n"
        "analyze('Kenya and Tanzania signed a trade pact in Nairobi on Friday.')\n"
        "heavy = ('trafilatura', 'datasketch', 'scipy', 'htmldate', 'justext')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == ""


# -- imports follow the data flow --------------------------------------------------------------

#: Each part of the package and its place in the data flow: a module may import its own part
#: and the parts before it, never a later one.
STAGES = {
    "model": 0,
    "settings": 0,
    "data": 0,
    "codes": 0,
    "datewords": 0,
    "regex_cache": 0,
    "cache_files": 0,
    "ingest": 1,
    "extract": 2,
    "analyze": 3,
    "pipeline": 4,
    "store": 5,
    "engines": 6,
    "serve": 7,
    "render": 8,
    "cli": 8,
    "cli_options": 8,
    "watch": 8,
    "__main__": 9,
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, m) for line, m in found if m == "eventwire" or m.startswith("eventwire.")]


def test_no_module_imports_a_later_stage():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        if module in ("eventwire.__init__", "eventwire.analyze.__init__"):
            # The package root's lazy names stand for the whole library, and the analyze
            # package doubles as the `analyze()` function it is named after (see its docstring).
            continue
        part = _part(module)
        assert part in STAGES, f"{module}: add its part to STAGES"
        for line, target in _imports(path):
            target_part = _part(target)
            if target_part == "__init__":
                continue  # `from eventwire import __version__`
            if STAGES[target_part] > STAGES[part]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, "imports against the data flow:\n" + "\n".join(wrong)
