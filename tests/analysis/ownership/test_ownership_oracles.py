"""Independent oracles for the ownership engines: networkx path enumeration (acyclic graphs), a dense
numpy inverse (cyclic graphs), and hypothesis properties (bounds contain point results; totals ≤ 100 %)."""
from __future__ import annotations

import os
import random
from fractions import Fraction as F

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kingmaker.analysis.ownership import bulk
from kingmaker.analysis.ownership.beneficial import ubo
from kingmaker.analysis.ownership.graph import EdgeInput, build_graph

SLOW = os.environ.get("KINGMAKER_SLOW") == "1"


def random_graph(seed: int, n: int = 9, persons: int = 3, p_edge: float = 0.3, acyclic: bool = True):
    """Shares in percent with every subject's total at most 100; ``acyclic`` orders edges low → high."""
    rng = random.Random(seed)
    edges = []
    for j in range(persons, n):
        holders = [i for i in range(n) if i != j and (i < j if acyclic else True) and rng.random() < p_edge]
        room = 100
        for i in holders:
            s = rng.randint(0, min(room, 70 if not acyclic and i >= persons else 100))
            room -= s
            if s:
                edges.append((f"n{i}", f"n{j}", F(s, 100)))
    kinds = {f"n{i}": "person" for i in range(persons)}
    return edges, kinds


def exact_graph(edges, kinds, exact=True):
    return build_graph([EdgeInput(h, s, "shareholding", w, w) for h, s, w in edges], kinds, exact=exact,
                       nodes=sorted(kinds) + sorted({x for e in edges for x in e[:2]} - set(kinds)))


@pytest.mark.parametrize("seed", range(8))
def test_acyclic_against_networkx_path_enumeration(seed):
    edges, kinds = random_graph(seed)
    g = nx.DiGraph()
    g.add_weighted_edges_from((h, s, w) for h, s, w in edges)
    graph = exact_graph(edges, kinds)
    for subject in sorted(set(g.nodes) - set(kinds)):
        report = ubo(graph, subject, 0)
        got = {o.actor: o.ownership.lo for o in report.beneficial_owners + report.other_persons}
        want = {}
        for p in kinds:
            if p in g and nx.has_path(g, p, subject):
                total = sum(np.prod([g[a][b]["weight"] for a, b in zip(path, path[1:])], dtype=object)
                            for path in nx.all_simple_paths(g, p, subject))
                if total:
                    want[p] = total
        assert got == want, subject


@pytest.mark.parametrize("seed", range(8))
def test_cyclic_against_dense_inverse(seed):
    edges, kinds = random_graph(100 + seed, acyclic=False, p_edge=0.35)
    graph = exact_graph(edges, kinds)
    ids = graph.ids
    n = len(ids)
    a = np.zeros((n, n))
    for h, s, w in edges:
        a[graph.index[h], graph.index[s]] += float(w)
    dense = np.linalg.inv(np.eye(n) - a) @ a  # Ã = (I − A)⁻¹ A
    res = bulk.compute(exact_graph(edges, kinds, exact=False))
    lo = res.bounds["shareholding"].lo.toarray()
    for r, p in enumerate(res.persons):
        for j in range(n):
            if j != p:
                assert lo[r, j] == pytest.approx(dense[p, j], abs=1e-10)
    for subject in ids[len(kinds):]:
        report = ubo(graph, subject, 0)
        for o in report.beneficial_owners + report.other_persons:
            assert float(o.ownership.lo) == pytest.approx(dense[graph.index[o.actor], graph.index[subject]], abs=1e-12)
        assert sum(o.ownership.hi for o in report.beneficial_owners + report.other_persons) <= 1


@st.composite
def banded_graphs(draw):
    """A true (point) graph with column sums ≤ 100 %, and bands around some of its shares."""
    n = draw(st.integers(3, 8))
    persons = draw(st.integers(1, 3))
    true, bands = [], []
    for j in range(persons, n):
        room = 100
        for i in range(n):
            if i == j or not draw(st.booleans()):
                continue
            s = draw(st.integers(0, room))
            room -= s
            if not s:
                continue
            lo = draw(st.integers(0, s))
            hi = draw(st.integers(s, 100))
            lo_x = lo < s and draw(st.booleans())
            hi_x = hi > s and draw(st.booleans())
            true.append((f"n{i}", f"n{j}", F(s, 100)))
            bands.append(EdgeInput(f"n{i}", f"n{j}", "shareholding", F(lo, 100), F(hi, 100), lo_x, hi_x))
    kinds = {f"n{i}": "person" for i in range(persons)}
    return true, bands, kinds


def _contains(iv, v) -> bool:
    lo_ok = v > iv.lo or (v == iv.lo and not iv.lo_x)
    hi_ok = v < iv.hi or (v == iv.hi and not iv.hi_x)
    return lo_ok and hi_ok


# the same examples on every run (CI must not fail at random); fresh ones, ten times as many, in slow mode
@settings(max_examples=600 if SLOW else 60, derandomize=not SLOW, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(banded_graphs())
def test_bounds_contain_the_point_result_and_totals_stay_under_100(case):
    true, bands, kinds = case
    subjects = sorted({s for _, s, _ in true})
    point = exact_graph(true, kinds)
    banded = build_graph(bands, kinds, nodes=point.ids)
    banded_f = build_graph(bands, kinds, exact=False, nodes=point.ids)
    res = bulk.compute(banded_f)
    table = {(r["person"], r["subject"]): r for r in bulk.ownership_table(res).to_pylist()}
    for subject in subjects:
        exact_pt = {o.actor: o.ownership.lo for o in ubo(point, subject, 0).beneficial_owners}
        report = ubo(banded, subject, 0)
        people = report.beneficial_owners + report.other_persons
        assert sum(o.ownership.lo for o in people) <= 1
        for o in people:
            assert _contains(o.ownership, exact_pt.get(o.actor, F(0))), (o.actor, subject)
            assert o.ownership.hi <= 1
            row = table.get((o.actor, subject))
            if row is not None:  # the sparse float engine agrees with the exact one
                assert row["lo"] == pytest.approx(float(o.ownership.lo), abs=1e-9)
                assert row["hi"] == pytest.approx(float(o.ownership.hi), abs=1e-9)
                assert (row["lo_excl"], row["hi_excl"]) == (o.ownership.lo_x, o.ownership.hi_x)
        for p, s in exact_pt.items():
            assert p in {o.actor for o in people} or s == 0


def test_bulk_ubo_table_agrees_with_single_subject_reports():
    edges, kinds = random_graph(7, n=14, persons=4, acyclic=False, p_edge=0.3)
    graph = exact_graph(edges, kinds)
    table = bulk.ubo_table(bulk.compute(exact_graph(edges, kinds, exact=False)), 0.25)
    got = {(r["subject"], r["person"]): r["verdict"] for r in table.to_pylist()}
    want = {}
    for subject in graph.ids[len(kinds):]:
        for o in ubo(graph, subject).beneficial_owners:
            want[(subject, o.actor)] = o.verdict
    assert got == want and want


def test_float_tie_in_tightening_gives_the_exact_engines_exclusive_end():
    """Found by the property test above: n5's upper end 39 % is capped by 100 % − n0's exclusive 61 %; in
    floats the cap came out as 0.39000000000000001 and the tie (hence the exclusive end) was missed."""
    true = [("n0", "n2", F(91, 100)), ("n5", "n2", F(3, 50)), ("n2", "n5", F(1, 100))]
    bands = [EdgeInput("n0", "n2", "shareholding", F(61, 100), F(91, 100), True, False),
             EdgeInput("n5", "n2", "shareholding", F(3, 50), F(39, 100), False, False),
             EdgeInput("n2", "n5", "shareholding", F(1, 100), F(1, 100), False, False)]
    kinds = {"n0": "person"}
    point = exact_graph(true, kinds)
    res = bulk.compute(build_graph(bands, kinds, exact=False, nodes=point.ids))
    table = {(r["person"], r["subject"]): r for r in bulk.ownership_table(res).to_pylist()}
    for subject in ("n2", "n5"):
        exact = ubo(build_graph(bands, kinds, nodes=point.ids), subject, 0).beneficial_owners[0].ownership
        row = table[("n0", subject)]
        assert (row["lo_excl"], row["hi_excl"]) == (exact.lo_x, exact.hi_x) == (True, True)


def test_bulk_sums_its_steps_once_with_the_running_totals_floats():
    """``iterate_values`` adds its steps up once (no running total copied per step) and gets the very
    floats the running total ``((X0 + D1) + D2) + …`` gave, on a register with cross-holdings (cycles)."""
    import scipy.sparse as sp

    from kingmaker.analysis.ownership.graph import graph_from_edge_table
    from kingmaker.io.edges_csv import read_edge_table
    from kingmaker.synth import write_synth

    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        write_synth(Path(d) / "reg.csv", 3000, seed=11)
        graph = graph_from_edge_table(read_edge_table(Path(d) / "reg.csv"))
    e = graph.own["shareholding"]
    m = bulk._matrix(graph.n, e.src, e.dst, e.hi.astype(float))
    start = bulk._identity_rows(graph.persons, graph.n)
    got, k = bulk.iterate_values(start, m)
    x = d = start.tocsr()
    for _ in range(k):  # the running total, step by step
        d = (d @ m).tocsr()
        d.data[d.data < 1e-18] = 0
        d.eliminate_zeros()
        if d.nnz == 0:
            break
        x = x + d
    assert k > 20  # the cycles make it iterate
    assert (got != x).nnz == 0 and got.nnz == x.nnz > graph.n
    x.sort_indices()
    assert np.array_equal(got.indices, x.indices) and np.array_equal(got.data, x.data)  # bit for bit
    steps = [sp.random(50, 60, density=0.2, random_state=s, format="csr") for s in range(7)]
    total = steps[0]
    for s in steps[1:]:
        total = total + s
    assert (bulk.sum_steps(steps) != total).nnz == 0
