"""Register-wide checks a compliance analyst runs before trusting a screen (``kingmaker audit``).

* **inconsistent subjects** — the certain (lower) shares recorded in one entity add up to more than
  100 %; found on the snapshot's relations, so one bad subject never stops the others being checked
  (:func:`consistent_graph` widens only its holdings and says so);
* **ownership cycles** — strongly connected components of the positive ownership edges (Tarjan 1972, via
  scipy), with *closed* loops (100 % held within, no outside owner) flagged;
* **no natural-person owner** — entities that no natural person reaches upstream along ownership or
  control ties: those with no recorded owner at all, and those owned only by entities, unidentified
  parties or loops;
* **longest chains** — the longest acyclic ownership chains (depth on the graph of components).

Example::

    >>> from datetime import date
    >>> from kingmaker.model import Actor, Name, Relation, Share
    >>> from kingmaker.model.snapshot import Snapshot
    >>> acts = [Actor(id=i, kind="company", names=(Name(name=i),)) for i in "ab"]
    >>> rels = [Relation(id="r1", kind="shareholding", holder="a", subject="b", share=Share.exact(60)),
    ...         Relation(id="r2", kind="shareholding", holder="b", subject="a", share=Share.exact(60))]
    >>> rep = audit(Snapshot.build(date(2024, 1, 1), acts, rels))
    >>> [c.members for c in rep.cycles], rep.no_person_owner[0]["actor"]
    ([['a', 'b']], 'a')
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, Graph, graph_from_snapshot
from kingmaker.model.snapshot import Snapshot


@dataclass
class Loop:
    members: list[str]
    closed: bool

    def to_dict(self) -> dict:
        return {"members": self.members, "closed": self.closed}


@dataclass
class AuditReport:
    as_of: object
    inconsistent: list[dict] = field(default_factory=list)
    cycles: list[Loop] = field(default_factory=list)
    no_person_owner: list[dict] = field(default_factory=list)
    longest_chains: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "counts": self.counts, "inconsistent_subjects": self.inconsistent,
                "cycles": [c.to_dict() for c in self.cycles], "no_natural_person_owner": self.no_person_owner,
                "longest_chains": self.longest_chains}


def consistent_graph(snapshot: Snapshot) -> tuple[Graph, list[dict]]:
    """The ownership graph of ``snapshot`` as every ownership answer reads it (:func:`graph_from_snapshot`:
    indirect interests never added on top of the chain they summarise, the holdings of a subject whose
    shares cannot all hold widened to [0 %, stated upper end]) and those subjects, to be reported where
    they are."""
    graph = graph_from_snapshot(snapshot)
    bad = [{"subject": x.subject, "kind": x.kind, "total_lower": float(x.total) * 100, "relations": sorted(x.relations)}
           for found in graph.inconsistent.values() for x in found]
    return graph, sorted(bad, key=lambda b: (b["subject"], b["kind"]))


def inconsistent_subjects(snapshot: Snapshot) -> list[dict]:
    """Subjects whose recorded shares of one kind cannot all hold (:func:`consistent_graph`), with the relations."""
    return consistent_graph(snapshot)[1]


def audit(snapshot: Snapshot, *, top: int = 10) -> AuditReport:
    graph, bad = consistent_graph(snapshot)
    rep = AuditReport(snapshot.as_of, inconsistent=bad)
    n = graph.n
    src = np.concatenate([_pos(graph, k)[0] for k in OWNERSHIP_KINDS])
    dst = np.concatenate([_pos(graph, k)[1] for k in OWNERSHIP_KINDS])
    w = np.concatenate([_pos(graph, k)[2] for k in OWNERSHIP_KINDS])
    own = sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    ncomp, labels = connected_components(own, directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=ncomp)
    self_loop = {int(s) for s, d in zip(src.tolist(), dst.tolist()) if s == d}
    lo_in = np.zeros(n)
    inside = labels[src] == labels[dst]
    np.add.at(lo_in, dst[inside], w[inside])
    by_comp = defaultdict(list)
    for v in range(n):
        by_comp[int(labels[v])].append(v)
    for c, members in by_comp.items():
        if sizes[c] > 1 or members[0] in self_loop:
            closed = bool(np.all(lo_in[members] >= 1 - 1e-12))
            rep.cycles.append(Loop(sorted(graph.ids[m] for m in members), closed))
    rep.cycles.sort(key=lambda c: (not c.closed, c.members))
    # natural persons reach downstream along ownership and control ties
    csrc = np.concatenate([src, graph.ctrl_possible[0]])
    cdst = np.concatenate([dst, graph.ctrl_possible[1]])
    reach = _forward(n, csrc, cdst, graph.kinds == "person")
    has_owner = np.zeros(n, bool)
    has_owner[cdst] = True
    entity = ~graph.terminal
    for v in np.flatnonzero(entity & ~reach).tolist():
        rep.no_person_owner.append({"actor": graph.ids[v], "name": graph.name(v),
                                    "why": "owned only by entities, unidentified parties or loops" if has_owner[v]
                                    else "no recorded owner"})
    rep.no_person_owner.sort(key=lambda d: (d["why"] != "no recorded owner", d["actor"]))
    rep.longest_chains = _longest(graph, src, dst, labels, ncomp, top)
    rep.counts = {"actors": n, "ownership_edges": int(len(src)), "inconsistent_subjects": len(bad),
                  "cycles": len(rep.cycles), "closed_loops": sum(c.closed for c in rep.cycles),
                  "no_natural_person_owner": len(rep.no_person_owner),
                  "longest_chain_hops": rep.longest_chains[0]["hops"] if rep.longest_chains else 0}
    return rep


def _pos(graph: Graph, kind: str):
    e = graph.own[kind]
    keep = np.array([v > 0 for v in e.hi.tolist()], dtype=bool)
    return e.src[keep], e.dst[keep], np.array([float(v) for v in e.lo[keep].tolist()], dtype=float)


def _forward(n: int, src: np.ndarray, dst: np.ndarray, start: np.ndarray) -> np.ndarray:
    succ = defaultdict(list)
    for s, d in zip(src.tolist(), dst.tolist()):
        succ[s].append(d)
    seen = np.array(start, dtype=bool)
    todo = np.flatnonzero(seen).tolist()
    while todo:
        for w in succ.get(todo.pop(), ()):
            if not seen[w]:
                seen[w] = True
                todo.append(w)
    return seen


def _longest(graph: Graph, src, dst, labels, ncomp: int, top: int) -> list[dict]:
    """Longest chains on the graph of components (a DAG): depth by dynamic programming in
    topological order, then each chain walked back through one member per component."""
    csrc, cdst = labels[src], labels[dst]
    keep = csrc != cdst
    pairs = sorted(set(zip(csrc[keep].tolist(), cdst[keep].tolist())))
    succ = defaultdict(list)
    indeg = np.zeros(ncomp, np.int64)
    for a, b in pairs:
        succ[a].append(b)
        indeg[b] += 1
    depth = np.zeros(ncomp, np.int64)
    best_pred = np.full(ncomp, -1, np.int64)
    order = [c for c in range(ncomp) if indeg[c] == 0]
    i = 0
    while i < len(order):
        a = order[i]
        i += 1
        for b in succ.get(a, ()):
            if depth[a] + 1 > depth[b]:
                depth[b], best_pred[b] = depth[a] + 1, a
            indeg[b] -= 1
            if indeg[b] == 0:
                order.append(b)
    rep_of = {}
    for v in range(graph.n):
        rep_of.setdefault(int(labels[v]), v)
    ends = [c for c in np.argsort(-depth, kind="stable").tolist() if depth[c] > 0][:top]
    out = []
    for c in ends:
        path = [c]
        while best_pred[path[-1]] >= 0:
            path.append(int(best_pred[path[-1]]))
        names = [graph.ids[rep_of[p]] for p in reversed(path)]
        out.append({"hops": int(depth[c]), "chain": names})
    return out
