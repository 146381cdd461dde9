"""Network control (Vitali et al. 2011) and the network power index (Mizuno et al. 2020)."""
from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import scipy.sparse as sp

from kingmaker.analysis import network as nw

TOY = [("A", "D", .5), ("B", "D", .5), ("A", "E", .1), ("C", "E", .45), ("D", "E", .45), ("C", "F", .4), ("E", "F", .6)]
PUBLISHED = {"A": F(17, 6), "B": F(11, 6), "C": F(4, 3), "D": 0, "E": 0, "F": 0}


def matrix(edges):
    ids = sorted({x for e in edges for x in e[:2]})
    i = {a: k for k, a in enumerate(ids)}
    w = sp.csr_matrix(([e[2] for e in edges], ([i[e[0]] for e in edges], [i[e[1]] for e in edges])), shape=(len(ids),) * 2)
    return w, ids


def test_npi_toy_network_exact():
    w, ids = matrix(TOY)
    got = {r.actor: r.index for r in nw.network_power_index(w, ids)}
    assert got == PUBLISHED


def test_npi_toy_network_monte_carlo_within_standard_error():
    w, ids = matrix(TOY)
    res = nw.network_power_index(w, ids, samples=20000, seed=7, exact_max=0)
    for r in res:
        assert r.stderr < 0.02
        assert abs(r.index - float(PUBLISHED[r.actor])) <= 4 * r.stderr + 1e-12, r
    again = nw.network_power_index(w, ids, samples=20000, seed=7, exact_max=0)
    assert [r.index for r in again] == [r.index for r in res]  # reproducible with a seed
    assert sum(r.index for r in res) == pytest.approx(6)  # the grand coalition controls all six firms


def test_control_models():
    w, _ = matrix([("a", "x", .6), ("b", "x", .3), ("a", "y", .3), ("b", "y", .3)])
    lin = nw.control_matrix(w, "linear").toarray()
    thr = nw.control_matrix(w, "threshold").toarray()
    rel = nw.control_matrix(w, "relative").toarray()
    # ids: a b x y
    assert lin[0, 2] == .6 and thr[0, 2] == 1 and thr[1, 2] == 0  # majority holder takes it all
    assert thr[0, 3] == .3 and thr[1, 3] == .3  # no majority: proportional
    assert rel[0, 2] == pytest.approx(.36 / (.36 + .09)) and rel[0, 3] == pytest.approx(.5)


def test_network_value_against_dense_inverse_with_cycle_correction():
    rng = np.random.default_rng(3)
    n = 7
    a = (rng.random((n, n)) < .35) * rng.random((n, n))
    np.fill_diagonal(a, 0)
    a = a / np.maximum(a.sum(axis=0), 1) * .9  # every column leaks
    inv = np.linalg.inv(np.eye(n) - a)
    tilde = inv @ a
    v = rng.random(n)
    corrected, raw = nw.network_values(sp.csr_matrix(a), v)
    assert raw == pytest.approx(tilde @ v)
    first_passage = tilde / np.diag(inv)[None, :]
    np.fill_diagonal(first_passage, 0)
    assert corrected == pytest.approx(first_passage @ v)


def test_first_passage_correction_on_a_two_cycle():
    # x and y hold 50 % of each other: raw value counts y's value 1/(1 − 1/4) times over, corrected once
    w, ids = matrix([("x", "y", .5), ("y", "x", .5)])
    corrected, raw = nw.network_values(w)
    assert raw[0] == pytest.approx(.5 / .75 + .25 / .75)
    assert corrected[0] == pytest.approx(.5)


def test_top_controllers_and_closed_loops_are_cut():
    w, ids = matrix([("p", "a", 1.0), ("a", "b", .7), ("a", "c", .7), ("x", "y", 1.0), ("y", "x", 1.0)])
    top = nw.top_controllers(w, ids, "threshold", top=2)
    assert [t.actor for t in top] == ["p", "a"] and top[0].value == pytest.approx(3)


# -- the vector computation against the former one (the integrated matrix C̃ = (I − C)⁻¹ C in full) -------
def _matrix_values(c, v):
    """The former network_values: C̃ by spsolve with an n-column right-hand side (the oracle)."""
    from kingmaker.analysis.ownership import integrated_matrix

    c, _ = nw.cut_closed_loops(c)
    ct = integrated_matrix(c)
    diag = 1.0 + ct.diagonal()
    corrected = sp.csr_matrix(ct @ sp.diags(1.0 / diag))
    corrected.setdiag(0)
    return np.asarray(corrected @ v).ravel(), np.asarray(ct @ v).ravel()


def _register_matrix(n: int, seed: int):
    """A sparse register-like matrix: a forest of holdings, cross-holdings, treasury shares, one big cycle
    and a closed loop."""
    rng = np.random.default_rng(seed)
    edges = []  # (holder, subject, share)
    for j in range(1, n):
        for i in rng.choice(j, size=min(j, rng.integers(1, 4)), replace=False):
            edges.append((i, j, rng.uniform(0.05, 0.3)))
    for _ in range(n // 10):  # cross-holdings and self-holdings
        i, j = rng.integers(0, n, 2)
        edges.append((j, i, rng.uniform(0.01, 0.2)))
    ring = rng.choice(n, size=12, replace=False)  # a cycle of 12
    edges += [(a, b, 0.3) for a, b in zip(ring, np.roll(ring, 1))]
    edges += [(n, n + 1, 1.0), (n + 1, n, 1.0)]  # a closed loop
    rows, cols, vals = zip(*edges)
    a = sp.csr_matrix((vals, (rows, cols)), shape=(n + 2, n + 2))
    a = sp.csr_matrix(a.multiply(1 / np.maximum(np.asarray(a.sum(axis=0)).ravel(), 1)))  # columns ≤ 100 %
    return a, rng.random(n + 2)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("model", nw.MODELS)
def test_network_values_equal_the_integrated_matrix(seed, model):
    a, v = _register_matrix(300, seed)
    c = nw.control_matrix(a, model)
    corrected, raw = nw.network_values(c, v)
    old_corrected, old_raw = _matrix_values(c, v)
    assert corrected == pytest.approx(old_corrected, rel=1e-9, abs=1e-12)
    assert raw == pytest.approx(old_raw, rel=1e-9, abs=1e-12)
    assert (corrected >= 0).all()
    ids = [f"n{i:04d}" for i in range(c.shape[0])]
    assert [t.actor for t in nw.top_controllers(a, ids, model, top=25, values=v)] == \
        [ids[i] for i in np.lexsort((ids, -np.round(old_corrected, 9)))[:25] if old_corrected[i] > 1e-12]


def test_inverse_diagonal_dense_and_sparse_blocks(monkeypatch):
    a, _ = _register_matrix(200, 7)
    c, _ = nw.cut_closed_loops(a)
    want = np.diag(np.linalg.inv(np.eye(c.shape[0]) - c.toarray()))
    assert nw.inverse_diagonal(c) == pytest.approx(want, rel=1e-12)
    monkeypatch.setattr(nw, "DENSE_BLOCK", 2)  # every cycle through the sparse LU, column by column
    assert nw.inverse_diagonal(c) == pytest.approx(want, rel=1e-12)


def test_solve_without_a_topological_numbering_falls_back_to_superlus_ordering(monkeypatch):
    """The block-triangular solve relies on how SciPy numbers strongly connected components, checked at run
    time; numbered any other way, the same values come from SuperLU's own ordering."""
    a, v = _register_matrix(300, 5)
    c = nw.control_matrix(a, "linear")
    want = nw.network_values(c, v)
    real = nw._components

    def shuffled(m):
        labels = real(m)
        relabel = np.random.default_rng(0).permutation(labels.max() + 1)
        return relabel[labels]

    monkeypatch.setattr(nw, "_components", shuffled)
    got = nw.network_values(c, v)
    assert got[0] == pytest.approx(want[0], rel=1e-9, abs=1e-12)
    assert got[1] == pytest.approx(want[1], rel=1e-9, abs=1e-12)
