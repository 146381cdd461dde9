"""Integrated ownership and UBOs of one subject: the issue's acceptance examples, cycles, bands, control."""
from __future__ import annotations

from datetime import date
from fractions import Fraction as F

import pytest

from kingmaker.analysis.ownership.beneficial import integrated_matrix, owners, ubo
from kingmaker.analysis.ownership.integrated import Interval, verdict
from kingmaker.analysis.ownership.graph import ClosedOwnershipLoop, EdgeInput, InconsistentShares, build_graph
from kingmaker.model import Actor, Relation, Share
from kingmaker.model.snapshot import Snapshot


def actor(i, kind="company", **kw):
    return Actor(id=i, kind=kind, names=[{"name": i.upper()}], **kw)


def rel(n, holder, subject, share=None, kind="shareholding", **attrs):
    return Relation(id=f"r{n}", kind=kind, holder=holder, subject=subject,
                    share=Share.parse(share) if share is not None else None, attrs=attrs)


def snapshot(actors, relations):
    return Snapshot.build(date(2024, 1, 1), actors, relations)


@pytest.fixture
def acceptance():
    return snapshot([actor("a", "person"), actor("b1"), actor("b2"), actor("c")],
                    [rel(1, "a", "b1", 100), rel(2, "a", "b2", 80), rel(3, "b1", "c", 20), rel(4, "b2", "c", 40)])


def test_acceptance_integrated_share_is_exactly_52_percent(acceptance):
    report = ubo(acceptance, "c")
    (a,) = report.beneficial_owners
    assert a.actor == "a" and a.ownership == Interval(F(13, 25), F(13, 25))
    assert a.verdict == "certainly" and a.bases == ["ownership"]
    assert report.exact and str(a.ownership) == "52 %"
    # the chains, with the share at every hop
    shares = sorted(tuple(str(h.share) for h in c.hops) for c in a.chains)
    assert shares == [("100 %", "20 %"), ("80 %", "40 %")]
    assert sorted(c.share.lo for c in a.chains) == [F(1, 5), F(8, 25)]
    assert report.unaccounted == Interval(F(12, 25), F(12, 25))
    assert not report.cycles and not report.no_natural_person


def test_threshold_is_configurable_and_more_than_differs_from_at_least(acceptance):
    assert ubo(acceptance, "c", 60).beneficial_owners == []
    assert ubo(acceptance, "c", 52).beneficial_owners[0].verdict == "certainly"
    assert ubo(acceptance, "c", 52, at_least=False).beneficial_owners == []


def test_banded_chain_gives_half_open_interval_and_possible_ubo():
    snap = snapshot([actor("p", "person"), actor("x"), actor("y")],
                    [rel(1, "p", "x", "(25, 50]"), rel(2, "x", "y", "(50, 75]")])
    (p,) = ubo(snap, "y").beneficial_owners
    assert p.ownership == Interval(F(1, 8), F(3, 8), True, False)
    assert str(p.ownership) == "(12.5 %, 37.5 %]"
    assert p.verdict == "possibly"
    # majority-chain rule: the hop p → x is at most 50 %, so p never controls y through it
    assert p.control == "no"


def test_majority_chain_gives_certain_control_below_the_ownership_threshold():
    snap = snapshot([actor("p", "person"), actor("x"), actor("y"), actor("z")],
                    [rel(1, "p", "x", 51), rel(2, "x", "y", 51), rel(3, "y", "z", 51)])
    (p,) = ubo(snap, "z", 25).beneficial_owners
    assert p.ownership.lo == F(51, 100) ** 3 < F(1, 4)
    assert p.control == "certainly" and p.verdict == "certainly" and p.bases == ["control"]


def test_band_straddling_a_majority_makes_control_possible():
    snap = snapshot([actor("p", "person"), actor("x"), actor("y")],
                    [rel(1, "p", "x", "(25, 75]"), rel(2, "x", "y", 100)])
    (p,) = ubo(snap, "y", 80).beneficial_owners
    assert p.control == "possibly" and p.verdict == "possibly"


def test_mutual_100_percent_cycle_terminates_with_no_natural_person():
    snap = snapshot([actor("x"), actor("y")], [rel(1, "x", "y", 100), rel(2, "y", "x", 100)])
    report = ubo(snap, "x")
    assert report.no_natural_person and report.beneficial_owners == []
    (cycle,) = report.cycles
    assert cycle.members == ["x", "y"] and cycle.closed and not cycle.natural_person
    assert "no natural person found" in report.notes[0]
    assert report.to_dict()["cycles"][0]["closed"] is True
    listed = owners(snap, "x")
    assert [o.actor for o in listed] == ["y"]  # never x as its own owner
    assert listed[0].closed_loop and listed[0].ownership.hi == 1


def test_closed_loop_is_an_error_for_the_whole_matrix():
    import scipy.sparse as sp

    with pytest.raises(ClosedOwnershipLoop, match="x ↔ y"):
        integrated_matrix(sp.csr_matrix([[0, 1.0], [1.0, 0]]), ["x", "y"])


def test_leaking_cycle_redistributes_self_ownership_and_stays_under_100_percent():
    # q holds half of m; m and n hold half of each other: q's share of m is 1/2 / (1 - 1/4) = 2/3
    g = build_graph([EdgeInput("q", "m", "shareholding", F(1, 2), F(1, 2)),
                     EdgeInput("m", "n", "shareholding", F(1, 2), F(1, 2)),
                     EdgeInput("n", "m", "shareholding", F(1, 2), F(1, 2))], {"q": "person"})
    report = ubo(g, "m")
    assert report.beneficial_owners[0].ownership.lo == F(2, 3)
    assert report.cycles[0].members == ["m", "n"] and not report.cycles[0].closed and report.cycles[0].natural_person
    assert "m" not in [o.actor for o in owners(g, "m")]


def test_treasury_shares_are_redistributed_pro_rata():
    g = build_graph([EdgeInput("c", "c", "shareholding", F(1, 5), F(1, 5)),
                     EdgeInput("p", "c", "shareholding", F(2, 5), F(2, 5)),
                     EdgeInput("r", "c", "shareholding", F(2, 5), F(2, 5))], {"p": "person", "r": "person"})
    report = ubo(g, "c")
    assert [o.ownership.lo for o in report.beneficial_owners] == [F(1, 2), F(1, 2)]
    assert report.unaccounted.hi == 0


def test_unspecified_parties_are_not_no_data():
    snap = snapshot(
        [actor("p", "person"), actor("anon", "unknown", unspecified_reason="interestedPartyExemptFromDisclosure"),
         actor("x")],
        [rel(1, "p", "x", 30), rel(2, "anon", "x", 40)])
    report = ubo(snap, "x")
    (u,) = report.unspecified
    assert u.unspecified_reason == "interestedPartyExemptFromDisclosure" and u.ownership.lo == F(2, 5)
    assert report.unaccounted == Interval(F(3, 10), F(3, 10))
    assert [o.actor for o in report.beneficial_owners] == ["p"]


def test_other_control_interests():
    snap = snapshot(
        [actor("p", "person"), actor("q", "person"), actor("s", "person"), actor("h"), actor("x")],
        [rel(1, "p", "h", 10), rel(2, "h", "x", kind="appointment_right", seats=3, of_seats=5),
         rel(3, "q", "x", kind="other_influence", description="golden share", decisive=True),
         rel(4, "s", "x", kind="appointment_right")])
    report = ubo(snap, "x")
    got = {o.actor: (o.control, o.verdict) for o in report.beneficial_owners}
    # p does not control h (10 %), so h's appointment right does not make p a controller of x
    assert got == {"q": ("certainly", "certainly"), "s": ("possibly", "possibly")}
    chain = report.beneficial_owners[0].chains[0]
    assert chain.hops[0].kind == "other_influence" and chain.share is None


def test_control_through_a_controlled_company():
    snap = snapshot([actor("p", "person"), actor("h"), actor("x")],
                    [rel(1, "p", "h", 60), rel(2, "h", "x", kind="appointment_right", seats=3, of_seats=5)])
    (p,) = ubo(snap, "x").beneficial_owners
    assert p.control == "certainly" and [h.kind for h in p.chains[0].hops] == ["shareholding", "appointment_right"]


def test_voting_rights_count_separately():
    snap = snapshot([actor("p", "person"), actor("x")],
                    [rel(1, "p", "x", 10), rel(2, "p", "x", 30, kind="voting_rights")])
    (p,) = ubo(snap, "x").beneficial_owners
    assert p.bases == ["votes"] and p.votes.lo == F(3, 10)


def test_shares_over_100_percent_are_widened_and_reported_with_the_subject():
    """Lower ends over 100 % cannot all hold: the subject's holdings become [0, upper end] (nothing certain)
    and the subject is listed, instead of the whole graph being refused (issue 13)."""
    g = build_graph([EdgeInput("a", "x", "shareholding", F(3, 5), F(3, 5), relation="r1"),
                     EdgeInput("b", "x", "shareholding", F(3, 5), F(3, 5), relation="r2")], {"a": "person", "b": "person"})
    (found,) = g.inconsistent[g.index["x"]]
    assert found.total == F(6, 5) and found.relations == ("r1", "r2") and "'x'" in str(found) and "120" in str(found)
    report = ubo(g, "x")
    assert [(o.actor, o.ownership, o.verdict) for o in report.beneficial_owners] == [
        ("a", Interval(F(0), F(3, 5)), "possibly"), ("b", Interval(F(0), F(3, 5)), "possibly")]
    assert any("inconsistent data" in n and "'x'" in n for n in report.notes)


def test_upper_ends_are_tightened_by_the_others_lower_ends():
    g = build_graph([EdgeInput("p", "x", "shareholding", F(0), F(1)),
                     EdgeInput("q", "x", "shareholding", F(3, 5), F(3, 5)),
                     EdgeInput("r", "x", "shareholding", F(1, 10), F(1, 5), True, False)],
                    {"p": "person", "q": "person", "r": "person"})
    p = next(o for o in ubo(g, "x").beneficial_owners if o.actor == "p")
    assert p.ownership == Interval(F(0), F(3, 10), False, True)  # < 1 − 60 % − (>10 %)


def test_holdings_in_a_person_are_ignored_and_reported():
    g = build_graph([EdgeInput("x", "p", "shareholding", F(1, 2), F(1, 2)),
                     EdgeInput("p", "x", "shareholding", F(1, 2), F(1, 2))], {"p": "person"})
    report = ubo(g, "x")
    assert report.beneficial_owners[0].ownership.lo == F(1, 2) and not report.cycles
    assert any("not owned" in n for n in report.notes)


def test_verdict_edges():
    t = F(1, 4)
    assert verdict(F(1, 4), F(1, 4), False, False, t) == "certainly"
    # (25 %, 50 %] is more than 25 %, so certainly 25 % or more (the UK PSC band against the EU's "25 % or more")
    assert verdict(F(1, 4), F(1, 2), True, False, t) == "certainly"
    assert verdict(F(1, 4), F(1, 2), True, False, t, at_least=False) == "certainly"
    assert verdict(F(1, 8), F(1, 4), False, False, t, at_least=False) == "no"
    assert verdict(F(1, 8), F(1, 4), False, True, t) == "no"
    assert verdict(F(1, 8), F(1, 4), False, False, t) == "possibly"
    assert verdict(F(1, 4), F(1, 4), False, False, t, at_least=False) == "no"
    assert verdict(0.25 + 1e-15, 0.5, True, False, 0.25) == "certainly"  # float tie, exclusive: above 25 %
    assert verdict(0.25 - 1e-15, 0.5, False, False, 0.25) == "certainly"  # float tie, inclusive: at 25 %
    assert verdict(F(1, 4), F(1, 2), False, False, t, at_least=False) == "possibly"


def test_unknown_subject_is_a_user_error(acceptance):
    from kingmaker.errors import UserError

    with pytest.raises(UserError, match="no actor 'zz'"):
        ubo(acceptance, "zz")
