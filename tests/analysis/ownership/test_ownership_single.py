"""Single-subject ``ubo``/``owners`` on large graphs: the ancestor-subgraph engine gives exactly the
answers of the former whole-graph passes (kept below as the oracle), on synthetic registries with
voting rights, control interests, unidentified parties, cycles and a closed loop; exact and float."""
from __future__ import annotations

import random
from collections import defaultdict
from fractions import Fraction as F

import numpy as np
import pytest

from kingmaker.analysis.ownership import beneficial as own
from kingmaker.analysis.ownership.beneficial import Cycle, _Analysis, _threshold, owners, ubo
from kingmaker.analysis.ownership.integrated import reach_labels, solve_column
from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, EdgeInput, build_graph
from kingmaker.synth import synth_table


# -- the former implementation: every pass over the whole graph (the oracle) ----------------------------
def _old_analyse(graph, subject):
    t = graph.index[subject]
    cols = {k: solve_column(graph.own[k], t, exact=graph.exact) for k in OWNERSHIP_KINDS}
    cc, _ = reach_labels(t, *graph.ctrl_certain, [False] * len(graph.ctrl_certain[0]))
    cp, _ = reach_labels(t, *graph.ctrl_possible, [False] * len(graph.ctrl_possible[0]))
    return _Analysis(graph, t, cols, cc, cp)


def _old_successors(graph):
    succ = defaultdict(set)
    for e in graph.own.values():
        for s, d in zip(e.src[e.hi > 0].tolist(), e.dst[e.hi > 0].tolist()):
            succ[s].add(d)
    for s, d in zip(*graph.ctrl_possible):
        succ[int(s)].add(int(d))
    return {k: sorted(v) for k, v in succ.items()}


def _old_cycles(graph, a):
    seen = {}
    for col in a.cols.values():
        closed = {tuple(c) for c in col.closed}
        for comp in col.components:
            key = tuple(sorted(comp))
            seen[key] = seen.get(key, False) or key in closed
    persons = set(graph.persons.tolist())
    out = []
    for key, closed in seen.items():
        pos_src = np.concatenate([e.src[e.hi > 0] for e in graph.own.values()])
        pos_dst = np.concatenate([e.dst[e.hi > 0] for e in graph.own.values()])
        reach, _ = reach_labels(key[0], pos_src.tolist(), pos_dst.tolist(), [False] * len(pos_src))
        out.append(Cycle([graph.ids[i] for i in key], closed, bool(reach & persons)))
    return sorted(out, key=lambda c: c.members)


def old_ubo(graph, subject, threshold=F(1, 4), at_least=True, max_chains=20):
    t = _threshold(threshold, graph.exact)
    a = _old_analyse(graph, subject)  # no subgraph: chains and hops come from the whole graph
    has_owner = np.zeros(graph.n, bool)
    for e in graph.own.values():
        has_owner[e.dst[e.hi > 0]] = True
    has_owner[graph.ctrl_possible[1]] = True
    return own._ubo_report(a, subject, t, at_least, max_chains, has_owner, _old_successors(graph),
                           _old_cycles(graph, a))


def old_owners(graph, subject, min_share=F(1, 100), kind="shareholding"):
    cut = _threshold(min_share, graph.exact)
    return own._owners(_old_analyse(graph, subject), cut, kind, lambda: _old_successors(graph))


# -- a synthetic registry with every kind of tie --------------------------------------------------------
def _registry_edges(entities: int, seed: int, exact: bool):
    num = (lambda v: F(v) / 100) if exact else (lambda v: float(v) / 100)
    t = synth_table(entities, seed).to_pydict()
    rng = random.Random(seed)
    edges, kinds = [], {}
    for i in range(len(t["holder"])):
        h, s = t["holder"][i], t["subject"][i]
        kinds[h], kinds[s] = t["holder_kind"][i] or "company", t["subject_kind"][i] or "company"
        if t["share"][i]:
            lo = hi = num(t["share"][i])
        else:
            lo, hi = num(t["share_min"][i]), num(t["share_max"][i])
        lo_x = t["min_exclusive"][i] == "true"
        hi_x = t["max_exclusive"][i] == "true"
        edges.append(EdgeInput(h, s, "shareholding", lo, hi, lo_x, hi_x, relation=f"r{i}"))
        if rng.random() < 0.3:  # votes as well, at most the shares (keeps every subject's total ≤ 100 %)
            edges.append(EdgeInput(h, s, "voting_rights", lo, hi, lo_x, hi_x, relation=f"v{i}"))
    companies = sorted(a for a, k in kinds.items() if k == "company")
    for j in range(entities // 50):  # control interests and unidentified parties
        h, s = rng.sample(companies, 2)
        edges.append(EdgeInput(h, s, "appointment_right", relation=f"c{j}", control=rng.choice(["certain", "possible"])))
        u = f"u{j:04d}"
        kinds[u] = "unknown"
        edges.append(EdgeInput(u, rng.choice(companies), "voting_rights", 0 * num("0"), num("5"), relation=f"u{j}"))
    # a closed loop (100 % of each other) that holds part of a company, and treasury shares
    kinds.update(L1="company", L2="company", T1="company")
    one, person = num("100"), min(a for a, k in kinds.items() if k == "person")
    edges += [EdgeInput("L1", "L2", "shareholding", one, one), EdgeInput("L2", "L1", "shareholding", one, one),
              EdgeInput("L1", companies[-1], "voting_rights", 0 * one, num("10")),
              EdgeInput(person, "T1", "shareholding", num("60"), num("60")),
              EdgeInput("T1", "T1", "shareholding", num("10"), num("10")),
              EdgeInput(companies[3], "T1", "shareholding", num("20"), num("20"))]
    return edges, kinds


@pytest.fixture(scope="module", params=[True, False], ids=["exact", "float"])
def registry(request):
    edges, kinds = _registry_edges(1500, seed=11, exact=request.param)
    return build_graph(edges, kinds, exact=request.param)


def _subjects(graph, k: int = 60) -> list[str]:
    """Random subjects, and those in or just below a cycle, and the closed loop's victim."""
    rng = random.Random(3)
    v = graph.own["voting_rights"]
    loop_victims = {graph.ids[d] for d in v.dst[v.src == graph.index["L1"]].tolist()}
    picks = set(rng.sample(graph.ids, k)) | {"T1"} | loop_victims
    e = graph.own["shareholding"]
    for comp in solve_column(e, graph.index["L1"], exact=graph.exact).components:
        picks.update(graph.ids[i] for i in comp)
    src, dst = e.src.tolist(), e.dst.tolist()
    pairs = set(zip(src, dst))
    cyc = {d for s, d in pairs if (d, s) in pairs or s == d}  # two-cycles (cross-holdings) and treasury
    picks.update(graph.ids[i] for i in sorted(cyc)[:30])
    picks.update(graph.ids[d] for s, d in zip(src, dst) if s in cyc and d not in cyc)
    return sorted(picks)


def test_single_subject_matches_the_whole_graph_passes(registry):
    subjects = _subjects(registry)
    seen_cycles = seen_closed = seen_unknown = seen_control = 0
    for s in subjects:
        new = ubo(registry, s, max_chains=5)
        old = old_ubo(registry, s, max_chains=5)
        assert new.to_dict() == old.to_dict(), s
        assert [o.to_dict() for o in owners(registry, s)] == [o.to_dict() for o in old_owners(registry, s)], s
        assert [o.to_dict() for o in owners(registry, s, 0, kind="voting_rights")] == \
            [o.to_dict() for o in old_owners(registry, s, 0, kind="voting_rights")], s
        seen_cycles += bool(new.cycles)
        seen_closed += any(c.closed for c in new.cycles)
        seen_unknown += bool(new.unspecified)
        seen_control += any(o.control != "no" for o in new.beneficial_owners + new.top_entities)
    # the sample really exercised cycles, closed loops, unidentified parties and control
    assert seen_cycles and seen_closed and seen_unknown and seen_control


def test_more_than_and_other_thresholds(registry):
    for s in _subjects(registry, 20)[:40]:
        for th, at_least in ((10, False), (50, True), (0, True)):
            assert ubo(registry, s, th, at_least=at_least).to_dict() == \
                old_ubo(registry, s, th, at_least=at_least).to_dict(), (s, th)


def test_graph_index_is_cached_and_reused(registry):
    ubo(registry, registry.ids[-1])
    idx = registry.__dict__["_ubo_index"]
    ubo(registry, registry.ids[0])
    assert registry.__dict__["_ubo_index"] is idx
    # the ancestor mask holds the subject and exactly the nodes with a path to it
    t = registry.index["L1"]
    mask = own._upstream(idx, t)
    assert mask[t] and mask[registry.index["L2"]] and mask.sum() == 2
