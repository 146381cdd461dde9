"""Ownership screening (issue 16): OFAC's 50 % rule, the EU and UK owned-or-controlled tests and the BIS
Affiliates rule, each against the published examples of the authority (quoted in the docstrings), then
banded shares, dates, bad input and an independent oracle."""
from __future__ import annotations

import random
from datetime import date
from fractions import Fraction as F

import pytest

from kingmaker.analysis.ownership.graph import EdgeInput, build_graph
from kingmaker.analysis.screening import rule, rules, screen
from kingmaker.errors import UserError

AFTER_2014 = date(2025, 1, 1)


def graph(edges, persons=(), control=()):
    """Edges as (holder, subject, percent or (lo, hi, lo_excl, hi_excl)), all shareholdings."""
    out = []
    for h, s, share, *kind in edges:
        kind = kind[0] if kind else "shareholding"
        if isinstance(share, tuple):
            lo, hi, lx, hx = share
            out.append(EdgeInput(h, s, kind, F(lo) / 100, F(hi) / 100, lx, hx))
        else:
            out.append(EdgeInput(h, s, kind, F(share) / 100, F(share) / 100))
    for h, s, kind in control:
        out.append(EdgeInput(h, s, kind, control="certain"))
    return build_graph(out, {p: "person" for p in persons})


def status(report, actor):
    hit = [r for r in report.results if r.actor == actor]
    return hit[0].status if hit else "not"


# -- OFAC ---------------------------------------------------------------------------------------------
def test_ofac_faq_401_example_1():
    """OFAC FAQ 401, Example 1: "Blocked Person X owns 50 percent of Entity A, and Entity A owns 50 percent
    of Entity B. Entity B is considered to be blocked. [...] Blocked Person X's 50 percent ownership of
    Entity A makes Entity A a blocked person. Entity A's 50 percent ownership of Entity B in turn makes
    Entity B a blocked person." """
    g = graph([("x", "a", 50), ("a", "b", 50)], persons=["x"])
    rep = screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    assert status(rep, "a") == status(rep, "b") == "certainly"
    b = next(r for r in rep.results if r.actor == "b")
    assert b.basis == "ownership" and str(b.designated_share["shareholding"]) == "50 %"
    assert [str(c) for c in b.chains] == ["x [ofac-sdn] —50 %→ a —50 %→ b"]


def test_ofac_faq_401_example_2():
    """OFAC FAQ 401, Example 2: "Blocked Person X owns 50 percent of Entity A and 50 percent of Entity B.
    Entities A and B each own 25 percent of Entity C. Entity C is considered to be blocked. [...] Entity C
    is also considered to be blocked due to the 50 percent aggregate ownership by Entities A and B, which
    are themselves blocked entities due to Blocked Person X's 50 percent ownership of each." """
    g = graph([("x", "a", 50), ("x", "b", 50), ("a", "c", 25), ("b", "c", 25)], persons=["x"])
    rep = screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    assert [status(rep, e) for e in "abc"] == ["certainly"] * 3
    c = next(r for r in rep.results if r.actor == "c")
    assert sorted(h.holder for h in c.holdings) == ["a", "b"] and len(c.chains) == 2


def test_ofac_faq_401_example_3():
    """OFAC FAQ 401, Example 3: "Blocked Person X owns 50 percent of Entity A and 10 percent of Entity B.
    Entity A also owns 40 percent of Entity B. Entity B is considered to be blocked. This is so because,
    through its 50 percent ownership of Entity A, Blocked Person X is considered to own indirectly 40
    percent of Entity B. When added to Blocked Person X's direct 10 percent ownership of Entity B,
    Blocked Person X's total ownership (direct and indirect) of Entity B is 50 percent." """
    g = graph([("x", "a", 50), ("x", "b", 10), ("a", "b", 40)], persons=["x"])
    rep = screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    assert status(rep, "b") == "certainly"
    assert str(next(r for r in rep.results if r.actor == "b").designated_share["shareholding"]) == "50 %"


def test_ofac_faq_398_control_alone_does_not_block():
    """OFAC FAQ 398: "OFAC's 50 Percent Rule speaks only to ownership and not to control. An entity that
    is controlled (but not owned 50 percent or more) by one or more blocked persons is not considered
    automatically blocked pursuant to OFAC's 50 Percent Rule." The EU test counts control."""
    g = graph([("x", "a", 10)], persons=["x"], control=[("x", "a", "appointment_right")])
    assert status(screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014), "a") == "not"
    eu = screen(g, {"x": ["eu-consolidated"]}, "eu-owned-or-controlled", as_of=AFTER_2014)
    assert status(eu, "a") == "certainly" and eu.results[0].basis in ("control", "listed")


def test_ofac_aggregation_from_the_2014_revised_guidance():
    """Revised Guidance of 13 August 2014: "any entity owned in the aggregate, directly or indirectly, 50
    percent or more by one or more blocked persons is itself considered to be a blocked person"; under the
    guidance of 14 February 2008 holdings of different blocked persons were not added (Cleary Gottlieb,
    14 Aug 2014: "Unlike prior guidance, which did not aggregate ownership interests of more than one
    blocked person [...]"). The rule in force on the date asked applies."""
    g = graph([("x", "a", 25), ("y", "a", 25)], persons=["x", "y"])
    sdn = {"x": ["ofac-sdn"], "y": ["ofac-sdn"]}
    assert status(screen(g, sdn, "ofac-50", as_of=date(2014, 8, 12)), "a") == "not"
    assert status(screen(g, sdn, "ofac-50", as_of=date(2014, 8, 13)), "a") == "certainly"


def test_ofac_pass_through_does_not_multiply():
    """X holds 60 % of A which holds 60 % of B: B is blocked though 0.6 × 0.6 = 36 % (status passes down,
    FAQ 401 "indirectly"); with A at 40 % nothing below A is blocked."""
    g = graph([("x", "a", 60), ("a", "b", 60)], persons=["x"])
    assert status(screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014), "b") == "certainly"
    g = graph([("x", "a", 40), ("a", "b", 100)], persons=["x"])
    rep = screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    assert status(rep, "a") == status(rep, "b") == "not"


# -- EU -----------------------------------------------------------------------------------------------
def test_eu_threshold_changed_on_3_july_2024():
    """EU Best Practices, update of 3 July 2024: ownership is "the possession of 50% or more of the
    proprietary rights of an entity", where before the threshold was "more than 50%" (DLA Piper, 6 Aug
    2024, summarising the Council's text and Regulation (EU) 2024/1745 recital 28)."""
    g = graph([("x", "a", 50)], persons=["x"])
    eu = {"x": ["eu-consolidated"]}
    before = screen(g, eu, "eu-owned-or-controlled", as_of=date(2024, 7, 2))
    after = screen(g, eu, "eu-owned-or-controlled", as_of=date(2024, 7, 3))
    assert status(before, "a") == "not" and status(after, "a") == "certainly"
    assert not before.period.at_least and after.period.at_least


def test_eu_aggregates_designated_persons():
    """EU Best Practices 2024 as read by Sorainen: "if e.g. two DPs each own 25% of the shares in a
    company, the company will also be considered a sanctioned entity, due to being owned by DPs"."""
    g = graph([("x", "a", 25), ("y", "a", 25)], persons=["x", "y"])
    rep = screen(g, {"x": ["eu-consolidated"], "y": ["eu-consolidated"]}, "eu-owned-or-controlled", as_of=AFTER_2014)
    assert status(rep, "a") == "certainly"


def test_eu_commission_faq_aggregation_example_before_and_after_2024():
    """European Commission, consolidated FAQs on Regulation 269/2014 (March 2022, as quoted by Export
    Compliance Daily, 30 Mar 2022): "If a company is 25% owned by one sanctioned person and 30% owned by
    another sanctioned person, [...] the company should be considered as jointly owned and controlled by
    listed persons." — caught under the wording before 3 July 2024 (55 % is more than 50 %) and after."""
    g = graph([("x", "a", 25), ("y", "a", 30), ("z", "a", 45)], persons=["x", "y", "z"])
    eu = {"x": ["eu-consolidated"], "y": ["eu-consolidated"]}
    for day in (date(2022, 4, 1), date(2024, 9, 1)):
        rep = screen(g, eu, "eu-owned-or-controlled", as_of=day)
        assert status(rep, "a") == "certainly"
        assert str(next(r for r in rep.results if r.actor == "a").designated_share["shareholding"]) == "55 %"


# -- UK -----------------------------------------------------------------------------------------------
def test_uk_does_not_aggregate_different_designated_persons():
    """OFSI general guidance, para. 4.14: "OFSI would not simply aggregate different designated persons'
    holdings in a company [...] if each of the designated person's holdings falls below the 50% threshold
    in respect of share ownership and there is no evidence of a joint arrangement or that the shares are
    held jointly, the company would not be directly or indirectly owned by a designated person." """
    g = graph([("x", "a", 40), ("y", "a", 40)], persons=["x", "y"])
    uk = {"x": ["uk-sanctions-list"], "y": ["uk-sanctions-list"]}
    assert status(screen(g, uk, "uk-owned-or-controlled", as_of=AFTER_2014), "a") == "not"


def test_uk_more_than_half_of_shares_votes_or_board():
    """Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7 (as OFSI summarises it): owned or controlled
    when the person "holds (directly or indirectly) more than 50% of the shares or voting rights", or "has
    the right (directly or indirectly) to appoint or remove a majority of the board of directors"."""
    uk = {"x": ["uk-sanctions-list"]}
    day = AFTER_2014
    assert status(screen(graph([("x", "a", 50)], ["x"]), uk, "uk-owned-or-controlled", as_of=day), "a") == "not"
    assert status(screen(graph([("x", "a", 51)], ["x"]), uk, "uk-owned-or-controlled", as_of=day), "a") == "certainly"
    votes = graph([("x", "a", 51, "voting_rights")], ["x"])
    assert status(screen(votes, uk, "uk-owned-or-controlled", as_of=day), "a") == "certainly"
    board = graph([], ["x"], control=[("x", "a", "appointment_right")])
    assert status(screen(board, uk, "uk-owned-or-controlled", as_of=day), "a") == "certainly"
    # indirectly: x's majority-owned a holds 30 % of b, x holds 25 % directly: 55 % > 50 %
    chain = graph([("x", "a", 60), ("a", "b", 30), ("x", "b", 25)], ["x"])
    assert status(screen(chain, uk, "uk-owned-or-controlled", as_of=day), "b") == "certainly"


# -- BIS ----------------------------------------------------------------------------------------------
def test_bis_affiliates_rule_in_force_suspended_and_back():
    """BIS interim final rule of 29 September 2025: "any entity that is at least 50 percent owned by one or
    more entities on the Entity List will itself automatically be subject to Entity List restrictions";
    suspended "effective as of November 10, 2025 and continuing through November 9, 2026" (the final rule
    as summarised by International Trade Insights, Nov. 2025), then reimposed."""
    g = graph([("e", "a", 30), ("m", "a", 20), ("a", "b", 50)])
    listed = {"e": ["bis-entity-list"], "m": ["bis-meu-list"]}
    on = lambda d: screen(g, listed, "bis-affiliates-50", as_of=d)  # noqa: E731
    assert [status(on(date(2025, 10, 1)), x) for x in "ab"] == ["certainly", "certainly"]
    assert [status(on(date(2026, 1, 15)), x) for x in "ab"] == ["not", "not"]
    assert status(on(date(2026, 12, 1)), "b") == "certainly"
    assert status(on(date(2025, 9, 28)), "a") == "not"  # before the rule


# -- banded shares ------------------------------------------------------------------------------------
BAND = (25, 50, True, False)  # the UK PSC band "more than 25 % but not more than 50 %": (25, 50]


def test_one_band_reaching_50_is_possibly_caught_with_the_band_named():
    g = graph([("y", "a", BAND), ("z", "a", 20)], persons=["y", "z"])
    rep = screen(g, {"y": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    a = next(r for r in rep.results if r.actor == "a")
    assert a.status == "possibly"
    assert str(a.designated_share["shareholding"]) == "(25 %, 50 %]"
    assert a.settle and a.settle[0]["holder"] == "y" and a.settle[0]["now"] == "(25 %, 50 %]"
    assert a.chains and str(a.chains[0]).startswith("y [ofac-sdn]")


def test_two_bands_are_certainly_caught():
    g = graph([("y", "a", BAND), ("x", "a", BAND)], persons=["x", "y"])
    rep = screen(g, {"x": ["ofac-sdn"], "y": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    a = next(r for r in rep.results if r.actor == "a")
    assert a.status == "certainly" and str(a.designated_share["shareholding"]) == "(50 %, 100 %]"
    assert not a.settle


def test_exactly_50_in_aggregate_is_caught():
    g = graph([("x", "a", 20), ("y", "a", 30), ("z", "a", 50)], persons=["x", "y", "z"])
    rep = screen(g, {"x": ["ofac-sdn"], "y": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    assert status(rep, "a") == "certainly"


def test_possibly_passes_down_as_possibly():
    g = graph([("y", "a", BAND), ("a", "b", 100)], persons=["y"])
    rep = screen(g, {"y": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014)
    b = next(r for r in rep.results if r.actor == "b")
    assert b.status == "possibly" and any(s["holder"] == "a" for s in b.settle)


# -- bad input ----------------------------------------------------------------------------------------
def test_unknown_rule_or_list_is_a_clear_error():
    g = graph([("x", "a", 50)], ["x"])
    with pytest.raises(UserError, match="unknown screening rule 'ofac-5'.*did you mean 'ofac-50'"):
        screen(g, {"x": ["ofac-sdn"]}, "ofac-5", as_of=AFTER_2014)
    with pytest.raises(UserError, match="unknown list 'ofac-sd'"):
        screen(g, {"x": ["ofac-sdn"]}, "ofac-50", as_of=AFTER_2014, lists=["ofac-sd"])
    rep = screen(g, {"x": ["own:watch"]}, "ofac-50", as_of=AFTER_2014, lists=["own:watch"])
    assert status(rep, "a") == "certainly"


def test_every_rule_cites_its_source_and_has_ordered_periods():
    for r in rules().values():
        assert r.citation and r.periods
        assert rule(r.id) is r


# -- an independent oracle ----------------------------------------------------------------------------
def _oracle(edges, designated, t, points):
    """Naive fixed point on one reading of the shares (every band replaced by a point in it): repeat
    "an entity is caught when the holdings of caught parties add up to ≥ t" until nothing changes."""
    caught = set(designated)
    while True:
        total = {}
        for (h, s, _), p in zip(edges, points):
            if h in caught:
                total[s] = total.get(s, 0) + p
        new = caught | {s for s, v in total.items() if v >= t}
        if new == caught:
            return caught
        caught = new


@pytest.mark.parametrize("seed", range(30))
def test_certain_and_possible_bracket_every_reading_of_the_bands(seed):
    rnd = random.Random(seed)
    nodes = [f"n{i}" for i in range(12)]
    edges, seen = [], set()
    room = {n: 100 for n in nodes}
    for _ in range(22):
        h, s = rnd.sample(nodes, 2)
        if (h, s) in seen or room[s] < 10:
            continue
        seen.add((h, s))
        lo = rnd.choice([0, 10, 20, 25, 30])
        hi = min(room[s], lo + rnd.choice([0, 0, 10, 25, 30]))
        if hi < lo:
            continue
        room[s] -= lo
        edges.append((h, s, (lo, hi)))
    designated = set(rnd.sample(nodes, 2))
    g = graph([(h, s, (lo, hi, False, False)) for h, s, (lo, hi) in edges])
    rep = screen(g, {d: ["ofac-sdn"] for d in designated}, "ofac-50", as_of=AFTER_2014)
    assert set(rep.unmatched) == designated - set(g.ids)  # designated parties with no recorded holding
    designated &= set(g.ids)
    certain = {r.actor for r in rep.results if r.status == "certainly"}
    possible = certain | {r.actor for r in rep.results if r.status == "possibly"}
    assert _oracle(edges, designated, 50, [lo for _, _, (lo, _) in edges]) == certain
    for _ in range(20):  # every reading lies between the two
        pts = [rnd.uniform(lo, hi) if rnd.random() < 0.7 else rnd.choice([lo, hi]) for _, _, (lo, hi) in edges]
        got = _oracle(edges, designated, 50, pts)
        assert certain <= got <= possible
    # the upper reading (capped like the engine caps upper ends) reaches the possible set
    top = [min(hi, 100 - sum(l for h2, s2, (l, _) in edges if s2 == s and h2 != h)) for h, s, (_, hi) in edges]
    assert _oracle(edges, designated, 50, top) == possible


def test_an_entity_is_explained_when_nothing_is_designated():
    g = graph([("x", "a", 60)], persons=["x"])
    for rule in ("ofac-50", "uk-owned-or-controlled"):
        rep = screen(g, {}, rule, as_of=AFTER_2014, subjects=["a"], include_not=True)
        assert [(r.actor, r.status) for r in rep.results] == [("a", "not")]
