"""Weights near 10^18 (issue 20, item 7): a small game is counted exactly, not approximated with an error
bound of 1.0 (and no numpy overflow). Oracle: Banzhaf counted here by brute force over all coalitions."""
from __future__ import annotations

import itertools
import random
import warnings
from fractions import Fraction

import pytest

from kingmaker.analysis.voting import WeightedGame


def brute_banzhaf(weights: list[int], quota: int) -> list[Fraction]:
    n = len(weights)
    swings = [0] * n
    for mask in itertools.product((0, 1), repeat=n):
        total = sum(w for w, m in zip(weights, mask) if m)
        if total < quota:
            continue
        for i in range(n):
            if mask[i] and total - weights[i] < quota:
                swings[i] += 1
    whole = sum(swings)
    return [Fraction(s, whole) for s in swings]


@pytest.mark.parametrize("seed", range(5))
def test_huge_weights_are_counted_exactly(seed):
    rnd = random.Random(seed)
    weights = [rnd.randrange(10**17, 10**18) for _ in range(rnd.randrange(3, 11))] + [1]
    quota = sum(weights) // 2 + 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy overflow warning fails the test
        result = WeightedGame(weights, quota).power("banzhaf", exact=True)
        auto = WeightedGame(weights, quota).power("banzhaf")
    assert [Fraction(p["banzhaf"]) for p in result.to_dict()["players"]] == brute_banzhaf(weights, quota)
    assert auto.method == "enumeration" and not auto.error_bound
