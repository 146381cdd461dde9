"""Screening reads the official BODS examples as the ownership engine does: an indirect interest is never
added on top of the chain it summarises, so no subject is called inconsistent and none loses its holdings."""
from __future__ import annotations

import kingmaker
from kingmaker.analysis.screening import screen
from kingmaker.analysis.screening.audit import inconsistent_subjects

EXAMPLES = ("multiple-indirect-ownership.json", "mixed-direct-and-indirect-ownership.json",
            "mutilple-indirect-ownership-2.json", "indirect-ownership.json")


def test_indirect_examples_are_consistent_and_screened(shared_dir, tmp_path):
    files = [shared_dir / "corpora" / "bods-examples" / name for name in EXAMPLES]
    designations = tmp_path / "designated.csv"
    # 'Person 1' of multiple-indirect-ownership.json holds Company B only indirectly (60 % through others)
    designations.write_text("actor,list,listed_from\nbods:92ebf964a1f6,ofac-sdn,2020-01-01\n", encoding="utf-8")
    with kingmaker.open(tmp_path / "k.duckdb") as km:
        km.load(*files)
        km.load(designations, format="designations-csv")
        snap = km.snapshot("2024-01-01")
        assert inconsistent_subjects(snap) == []
        report = screen(snap, rule="ofac-50", lists=["ofac-sdn"])
        assert not [n for n in report.notes if "100 %" in n]
        caught = {r.actor: (r.status, {k: str(v) for k, v in r.designated_share.items()}) for r in report.results}
        assert caught["bods:63e3a8a8946f"][0] == "certainly"  # Company B, 60 % held through the chain
        assert km.screening_graph("2024-01-01") is None  # columns cannot carry indirect interests: snapshot path


def test_a_band_below_fifty_is_not_possibly_caught(shared_dir, tmp_path):
    """simple-pep-declaration.json: Michael Hubbard holds {"minimum": 25, "exclusiveMaximum": 50} of the
    company — less than 50 % for certain, so OFAC's "50 percent or more" cannot catch it through him."""
    designations = tmp_path / "designated.csv"
    designations.write_text("actor,list,listed_from\nbods:c9ceb68d7241,ofac-sdn,2020-01-01\n", encoding="utf-8")
    with kingmaker.open(tmp_path / "k.duckdb") as km:
        km.load(shared_dir / "corpora" / "bods-examples" / "simple-pep-declaration.json")
        km.load(designations, format="designations-csv")
        for source in (km.snapshot("2024-01-01"), km.screening_graph("2024-01-01")):
            report = screen(source, km.store.designations(as_of=km.snapshot("2024-01-01").as_of), "ofac-50",
                            as_of=km.snapshot("2024-01-01").as_of, lists=["ofac-sdn"])
            assert {r.actor: r.status for r in report.results} == {"bods:c9ceb68d7241": "certainly"}
