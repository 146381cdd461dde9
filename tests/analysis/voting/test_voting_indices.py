"""Power indices against published values, brute force, powerindex and a slow exact DP."""
from __future__ import annotations

import os
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kingmaker.analysis.voting import InvalidGame, WeightedGame
from voting_oracle import brute_indices, dp_swings, ssi_by_permutations

SLOW = os.environ.get("KINGMAKER_SLOW") == "1"

ALL = ["banzhaf", "banzhaf_absolute", "shapley_shubik", "swings", "coleman_prevent", "coleman_initiate", "holler", "deegan_packel", "johnston"]


def test_eec_1958_banzhaf():
    # Felsenthal & Machover (1998), table 3.3: the Council of the EEC, 1958.
    g = WeightedGame([4, 4, 4, 2, 2, 1], quota=12, names=["FR", "DE", "IT", "BE", "NL", "LU"])
    assert g.banzhaf(exact=True) == [Fraction(5, 21)] * 3 + [Fraction(1, 7)] * 2 + [0]
    assert g.banzhaf() == pytest.approx([5 / 21] * 3 + [1 / 7] * 2 + [0])
    assert g.banzhaf(absolute=True, exact=True) == [Fraction(5, 16)] * 3 + [Fraction(3, 16)] * 2 + [0]
    assert g.swings() == [10, 10, 10, 6, 6, 0]
    assert g.method == "generating-function"


def test_un_security_council():
    # Five permanent members (weight 7) and ten others (weight 1), quota 39 (Shapley & Shubik 1954 style).
    g = WeightedGame([7] * 5 + [1] * 10, quota=39)
    ssi = g.shapley_shubik(exact=True)
    assert ssi[0] == Fraction(421, 2145) and ssi[-1] == Fraction(4, 2145)
    assert g.swings()[0] == 848 and g.swings()[-1] == 84
    assert sum(ssi) == 1


def test_textbook_8_6_4_2():
    assert WeightedGame([8, 6, 4, 2], quota=12).banzhaf() == pytest.approx([0.4167, 0.25, 0.25, 0.0833], abs=5e-5)


def _check_against_brute(weights, quota, strict=False):
    g = WeightedGame(weights, quota, strict=strict)
    threshold = quota + 1 if strict else quota
    want = brute_indices(len(weights), lambda s: sum(weights[i] for i in s) >= threshold)
    got = g.power("all", exact=True)
    for key in ALL:
        assert got.values(key) == want[key], key


# the same examples on every run (CI must not fail at random); fresh ones, ten times as many, in slow mode
@settings(max_examples=400 if SLOW else 40, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 9), min_size=1, max_size=8), st.data())
def test_random_games_against_brute_force(weights, data):
    total = sum(weights)
    if total == 0:
        return
    quota = data.draw(st.integers(1, total))
    _check_against_brute(weights, quota)


def test_larger_random_games_against_brute_force():
    rng = random.Random(7)
    for n in (12, 14):
        weights = [rng.randint(1, 30) for _ in range(n)]
        _check_against_brute(weights, sum(weights) * 2 // 3)


def test_strict_quota():
    _check_against_brute([3, 2, 2, 1], 4, strict=True)
    assert WeightedGame([50, 50], "majority").swings() == [1, 1]  # more than half: both needed
    assert WeightedGame([50, 30, 20], "50%").swings() == [3, 1, 1]


def test_shapley_by_permutations():
    rng = random.Random(3)
    for _ in range(5):
        w = [rng.randint(1, 9) for _ in range(7)]
        q = rng.randint(1, sum(w))
        assert WeightedGame(w, q).shapley_shubik(exact=True) == ssi_by_permutations(w, q)


def test_against_powerindex():
    powerindex = pytest.importorskip("powerindex")
    rng = random.Random(11)
    for _ in range(8):
        n = rng.randint(3, 25)
        w = [rng.randint(1, 40) for _ in range(n)]
        q = rng.randint(max(w) + 1, sum(w))  # powerindex special-cases a player with weight >= quota
        peer = powerindex.Game(q, weights=w)
        peer.calc_banzhaf()
        peer.calc_shapley_shubik()
        g = WeightedGame(w, q)
        assert g.banzhaf() == pytest.approx(peer.banzhaf, rel=1e-9, abs=1e-12)
        assert g.shapley_shubik() == pytest.approx(peer.shapley_shubik, rel=1e-9, abs=1e-12)


def test_properties():
    rng = random.Random(5)
    for _ in range(10):
        n = rng.randint(2, 30)
        w = [rng.randint(0, 20) for _ in range(n)] + [5, 5]
        q = rng.randint(1, sum(w))
        g = WeightedGame(w, q)
        bz, ssi = g.banzhaf(exact=True), g.shapley_shubik(exact=True)
        assert sum(bz) == 1 and sum(ssi) == 1
        assert bz[-1] == bz[-2] and ssi[-1] == ssi[-2]  # symmetric players
        for i, x in enumerate(w):
            if x == 0:
                assert bz[i] == 0 and ssi[i] == 0  # null players


def test_quota_rules():
    assert WeightedGame([1, 1, 1], 1).swings() == [1, 1, 1]  # int: absolute
    assert WeightedGame([1, 1, 1], Fraction(1)).swings() == [1, 1, 1]  # share 1: unanimity
    assert WeightedGame([1, 1, 1], "2/3").swings() == [2, 2, 2]
    assert WeightedGame([1, 1, 1], 2.0).swings() == [2, 2, 2]  # float > 1: absolute
    assert WeightedGame(["1/2", 0.25, Fraction(1, 4)], "50%").swings() == [3, 1, 1]
    for bad in ("x", 0, 10, -1, "150%"):
        with pytest.raises(InvalidGame):
            WeightedGame([1, 2, 3], bad)
    with pytest.raises(InvalidGame):
        WeightedGame([1, -2], 1)
    with pytest.raises(InvalidGame):
        WeightedGame([1, 2], 1, names=["a"])


def test_tiny_powers_are_exact():
    # 90 small holders and one of weight 200, quota 289: a small holder swings only with the big one
    # and 88 of the 89 other small ones, so its absolute Banzhaf is 89 / 2^90 ~ 7.2e-26.
    g = WeightedGame([1] * 90 + [200], 289)
    absolute = g.banzhaf(absolute=True, exact=True)
    assert absolute[0] == Fraction(89, 2**90)
    assert absolute[-1] == Fraction(91, 2**90)  # 89 or all 90 small holders
    assert g.banzhaf(absolute=True)[0] == pytest.approx(89 / 2**90, rel=1e-15)
    assert g.swings()[0] == dp_swings([1] * 90 + [200], 289, 0)


@pytest.mark.parametrize("n", [100, 300])
def test_exact_for_many_players_against_slow_dp(n):
    rng = random.Random(n)
    w = [rng.randint(1, 6) for _ in range(n)]
    q = sum(w) // 2 + 1
    g = WeightedGame(w, q)
    sw = g.swings()
    for i in rng.sample(range(n), 3):
        assert sw[i] == dp_swings(w, q, i)
    if n == 100:
        by_size = g.swings_by_size()
        i = 0
        assert by_size[i] == dp_swings(w, q, i, by_size=True)
        assert sum(g.shapley_shubik(exact=True)) == 1


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_powerindices_overflows_where_engine_is_exact():
    powerindices = pytest.importorskip("powerindices")
    rng = random.Random(70)
    w = [rng.randint(1, 5) for _ in range(80)]
    q = sum(w) // 2 + 1
    exact = WeightedGame(w, q).banzhaf(absolute=True, exact=True)
    assert exact[0] == Fraction(dp_swings(w, q, 0), 2**79)
    peer = powerindices.compute_pbi(q, list(w))  # int64 counts wrap around silently
    assert any(abs(p - float(e)) > 1e-3 for p, e in zip(peer, exact))


def test_pivotal_by_size_and_swing_listing():
    g = WeightedGame([7] * 5 + [1] * 10, 39, names=[f"P{i}" for i in range(5)] + [f"E{i}" for i in range(10)])
    ranking = g.pivotal_by_size(8)
    assert ranking[0][1] == 210  # a permanent member with the four others and four elected
    rep = g.swing_coalitions("E0", limit=3)
    assert rep.count == 84 and len(rep.smallest) == 3
    for c in rep.smallest:
        assert not g.wins(c) and g.wins(set(c) | {"E0"})
        assert len(c) == 8
