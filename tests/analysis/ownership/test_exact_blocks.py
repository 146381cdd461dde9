"""The exact solve of one strongly connected component: small components are solved in Fractions
(``integrated._fraction_solve``, which spares ``kingmaker ubo`` the python-flint import), larger ones
with python-flint — and both must give the same Fractions, and the same "does not leak" verdict, on
random components of shares (python-flint is the oracle here)."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from kingmaker.analysis.ownership import integrated
from kingmaker.analysis.ownership.integrated import SMALL_EXACT, _block_solve


def _component(rng: random.Random, k: int) -> tuple[list[int], list[tuple[int, int, F]], list[F]]:
    """A component of ``k`` companies: each holds shares of some others (what one company's holders own
    of it adds up to at most 100 %); sometimes every share is 100 % or a company leaks nothing."""
    comp = rng.sample(range(1000), k)
    internal = []
    held = [F(0)] * k
    for i in range(k):
        for j in rng.sample(range(k), rng.randint(1, k)):
            if i == j:
                continue
            room = 1 - held[j]
            w = room if rng.random() < 0.3 else room * F(rng.randint(0, 100), 100)
            held[j] += w
            internal.append((i, comp[j], w))
    rhs = [F(rng.randint(0, 100), 100) if rng.random() < 0.7 else F(0) for _ in range(k)]
    return comp, internal, rhs


@pytest.mark.parametrize("seed", range(40))
def test_small_components_match_flint(seed, monkeypatch):
    rng = random.Random(seed)
    cases = [_component(rng, rng.randint(1, SMALL_EXACT)) for _ in range(25)]
    # a ring of 100 % shares: singular, it does not leak
    cases.append(([5, 6, 7], [(0, 6, F(1)), (1, 7, F(1)), (2, 5, F(1))], [F(1, 2), F(0), F(0)]))
    small = [_block_solve(c, i, r, True) for c, i, r in cases]
    monkeypatch.setattr(integrated, "SMALL_EXACT", 0)  # every component through python-flint
    large = [_block_solve(c, i, r, True) for c, i, r in cases]
    assert small == large
    assert any(s is None for s in small) and any(s is not None for s in small)
    assert all(isinstance(x, F) for s in small if s is not None for x in s)
