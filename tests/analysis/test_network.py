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
