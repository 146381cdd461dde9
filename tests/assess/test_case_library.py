"""The case library (cases/library/): real AI partnerships encoded from public sources. Every case loads
with evidence for every tie, all of them into one store; Kingmaker's verdicts are recomputed and compared
with the index (a regression check) and, where an authority's finding maps onto a level, with what the
authority decided — material the rules were not derived from for any case but Microsoft/Inflection and
the flagship, whose decisions the rule files cite."""
from collections import Counter

import pytest

import kingmaker
from kingmaker.assess.engine import REGIMES
from kingmaker.io.case_yaml import read_case
from kingmaker.report.library import assess_library, library_files, load_index, render_markdown
from conftest import ROOT

ENTRIES = load_index()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    km = kingmaker.open(tmp_path_factory.mktemp("library") / "lib.duckdb")
    files = sorted({e.path.resolve() for e in ENTRIES})
    report = km.load(*files)  # one load: ids must be unique across the whole library
    assert not report.warnings, "every tie and event has evidence"
    return km, assess_library(km.snapshot, ENTRIES)


def test_the_library_holds_at_least_eight_real_partnerships_beyond_the_flagship():
    files = library_files()
    assert len(files) >= 8
    for path in files:
        case = read_case(path).case
        sources = {s.id: s for s in case.sources}
        assert all(s.url and s.url.startswith("https://") for s in sources.values()), path.name
        assert all(r.evidence for r in case.relations), path.name
        assert {e.source for e in case.evidence} <= set(sources)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.file}:{e.holder}->{e.target}")
def test_verdicts_are_as_recorded(library, entry):
    _, rows = library
    row = next(r for r in rows if r["file"] == entry.file and r["target"] == entry.target)
    for regime in REGIMES:
        got = row["kingmaker"][regime]
        want = entry.expected[regime]
        assert (got["level"], got.get("possibly")) == (want["level"], want.get("possibly")), regime


def test_where_an_authority_has_spoken_kingmaker_agrees():
    decided = [(e, regime, said["level"]) for e in ENTRIES for regime, said in e.authority.items() if "level" in said]
    assert len(decided) >= 6
    for e, regime, level in decided:
        assert e.expected[regime]["level"] == level, (e.file, regime)


def test_verdicts_differ_where_the_facts_differ(library):
    _, rows = library
    patterns = Counter(tuple(r["kingmaker"][g]["level"] + "/" + str(r["kingmaker"][g].get("possibly")) for g in REGIMES)
                       for r in rows)
    assert len(patterns) >= 7
    by = {(r["file"], r["target"]): tuple(r["kingmaker"][g]["level"] for g in REGIMES) for r in rows}
    # most of the team with a licence (Inflection) vs. the founders and a few researchers (Character.AI)
    assert by[("microsoft-inflection-2024.yaml", "inflection")] != by[("google-character-ai-2024.yaml", "character-ai")]
    # a board seat with a minority stake (G42) vs. 49 % of the capital without votes (Scale AI)
    assert by[("microsoft-g42-2024.yaml", "g42")] != by[("meta-scale-ai-2025.yaml", "scale-ai")]


def test_the_documented_table_is_the_computed_one(library):
    _, rows = library
    doc = (ROOT / "docs" / "case-library.md").read_text(encoding="utf-8")
    assert render_markdown(rows) in doc
