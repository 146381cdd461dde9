"""Scenario interventions: each one on a snapshot, nothing written to the store, clear errors."""
from datetime import date

import pytest

from kingmaker.errors import InvalidInput, UserError
from kingmaker.scenario.interventions import apply
from kingmaker.scenario.runner import parse_scenario, run_scenario

DAY = "2023-11-20"


@pytest.fixture
def snap(flagship_store):
    return flagship_store.snapshot(DAY)


def test_leave_removes_seats_and_offices(snap):
    out = apply(snap, {"leave": {"actor": "ilya-sutskever"}})
    assert "sutskever-board" in out.removed
    assert "ilya-sutskever" not in {s.holder for s in out.snapshot.board("openai-inc")}
    assert len(snap.board("openai-inc")) == 4  # the original snapshot is untouched


def test_defect_by_count_and_fraction(snap):
    a = apply(snap, {"defect": {"group": "openai-staff", "to": "microsoft", "count": 747}})
    b = apply(snap, {"defect": {"group": "openai-staff", "to": "microsoft", "fraction": "747/770"}})
    for out in (a, b):
        moved = out.snapshot.actor("openai-staff--to-microsoft")
        assert moved.size == 747 and moved.extra["origin"] == "openai-staff"
        assert out.snapshot.actor("openai-staff").size == 23
        assert "microsoft-offer-staff" in out.removed and "staff-exit-threat" in out.removed
    with pytest.raises(UserError, match="between 0 and 1"):
        apply(snap, {"defect": {"group": "openai-staff", "to": "microsoft", "fraction": 1.5}})
    with pytest.raises(UserError, match="not a group"):
        apply(snap, {"defect": {"group": "microsoft", "to": "openai-inc", "fraction": 0.5}})


def test_cut_supply_and_withhold_financing_lower_dependence(snap):
    from kingmaker.analysis.leverage import leverage

    base = leverage(snap, "microsoft", "openai-global-llc").subject_dependence
    cut = apply(snap, {"cut_supply": {"holder": "microsoft", "subject": "openai-global-llc", "resource": "compute"}})
    both = apply(cut.snapshot, {"withhold_financing": {"holder": "microsoft", "subject": "openai-global-llc"}})
    after_cut = leverage(cut.snapshot, "microsoft", "openai-global-llc").subject_dependence
    after_both = leverage(both.snapshot, "microsoft", "openai-global-llc").subject_dependence
    assert base.lo > after_cut.lo > after_both.lo
    with pytest.raises(UserError, match="no supply tie"):
        apply(snap, {"cut_supply": {"holder": "microsoft", "subject": "openai-global-llc", "resource": "energy"}})


def test_transfer_part_of_a_stake(flagship_store):
    snap = flagship_store.snapshot("2025-11-01")
    out = apply(snap, {"transfer": {"relation": "microsoft-stake-pbc", "to": "openai-inc", "share": 10}})
    kept = out.snapshot.relation("microsoft-stake-pbc").share
    moved = out.snapshot.relation("scenario:microsoft-stake-pbc-to-openai-inc").share
    assert (float(kept.low), float(kept.high)) == (16.5, 17.5) and float(moved.low) == 10


def test_replace_board_and_add(snap):
    out = apply(snap, {"replace_board": {"subject": "openai-inc", "directors": ["bret-taylor", "larry-summers"],
                                         "chair": "bret-taylor"}})
    assert {(s.holder, s.role) for s in out.snapshot.voting_directors("openai-inc")} == {
        ("bret-taylor", "chair"), ("larry-summers", "director")}
    out = apply(snap, {"add": {"kind": "veto_right", "holder": "microsoft", "subject": "openai-inc",
                               "matters": ["budget"]}})
    assert out.snapshot.ties_out("microsoft", "veto_right")


def test_scenario_with_a_veto_changes_the_eu_verdict(snap):
    sc = parse_scenario({"scenario": {"id": "veto", "target": "openai-global-llc", "holder": "microsoft", "as_of": DAY},
                         "interventions": [{"add": {"kind": "veto_right", "holder": "microsoft", "subject": "openai-inc",
                                                    "matters": ["budget", "senior_management"]}}]})
    result = run_scenario(snap, sc)
    changes = {(c["regime"], c.get("after")) for c in result.changes() if "after" in c}
    # a veto is both a structural link and a policy channel: with OpenAI's dependence on Microsoft,
    # the EU test's "economic dependence coupled with structural links" now gives sole control
    assert ("eu", "sole_control") in changes and ("uk", "de_facto_control") in changes and ("de", "control") in changes


@pytest.mark.parametrize("doc,message", [
    ({"scenario": {"id": "x", "target": "openai-inc"}}, "needs 'as_of'"),
    ({"scenario": {"id": "x", "target": "openai-inc", "as_of": "2023-13-01"}}, "not a valid date"),
    ({"scenario": {"id": "x", "target": "openai-inc", "as_of": DAY, "colour": "red"}}, "unknown field 'colour'"),
    ({"scenario": {"id": "x", "target": "openai-inc", "as_of": DAY}, "interventions": "leave"}, "must be a list"),
])
def test_bad_scenario_files(doc, message):
    with pytest.raises(InvalidInput, match=message):
        parse_scenario(doc)


def test_unknown_intervention_and_actor(snap):
    with pytest.raises(UserError, match="unknown intervention"):
        apply(snap, {"explode": {}})
    with pytest.raises(UserError, match="unknown actor 'nobody'"):
        apply(snap, {"leave": {"actor": "nobody"}})
