"""Approximate methods: their error against exact values stays within the stated bounds."""
from __future__ import annotations

import os
import random

import numpy as np
import pytest

from kingmaker.analysis.voting import WeightedGame


def _register(n, seed):
    """Six block holders with about 40 % of the votes, then a Pareto tail of small holders."""
    rng = np.random.default_rng(seed)
    minors = np.minimum(rng.pareto(1.5, size=n - 6) * 20 + 1, 2_000).astype(int)
    majors = rng.integers(1, 4, size=6) * int(minors.sum()) // 15
    return [int(x) for x in majors] + [int(x) for x in minors]


@pytest.mark.parametrize("method", ["leech", "owen", "monte-carlo"])
def test_banzhaf_error_within_bound(method):
    w = _register(400, 1)
    g = WeightedGame(w, "50%")
    exact = np.array(g.banzhaf(absolute=True))
    res = g.power("banzhaf", method=method, samples=3000)
    assert not res.exact and res.method != "generating-function"
    err = np.abs(np.array(res.values("banzhaf_absolute")) - exact).max()
    assert err <= res.error_bound["banzhaf_absolute"]
    if method == "leech":
        assert err < 1e-3  # and it is accurate in practice, not only within its bound


@pytest.mark.parametrize("method", ["owen", "monte-carlo"])
def test_shapley_error_within_bound(method):
    w = _register(150, 2)
    g = WeightedGame(w, "50%")
    exact = np.array(g.shapley_shubik())
    res = g.power("shapley-shubik", method=method, samples=3000)
    err = np.abs(np.array(res.values("shapley_shubik")) - exact).max()
    assert err <= res.error_bound["shapley_shubik"]


def test_auto_switches_to_approximation_for_huge_games():
    n = 20_000 if os.environ.get("KINGMAKER_SLOW") != "1" else 200_000
    w = _register(n, 3)
    w[0] = 10**9  # a quota far beyond the exact tables
    g = WeightedGame(w, "50%")
    res = g.power("banzhaf")
    assert res.method.startswith("leech") and not res.exact
    assert sum(res.values("banzhaf")) == pytest.approx(1.0)
    assert g.method == res.method


def test_exact_refused_when_too_large():
    from kingmaker.analysis.voting import InvalidGame

    rng = random.Random(1)
    g = WeightedGame([rng.randint(1, 10**9) for _ in range(300)], "50%")
    with pytest.raises(InvalidGame):
        g.banzhaf(exact=True)
