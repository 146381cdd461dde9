"""A corporate family downstream: the entities a holder owns or controls, with integrated shares.

Membership uses the screening engine's pass-through fixed point (:func:`~kingmaker.analysis.screening.
engine.caught`) seeded with the holder alone: an entity is in the family when the holder and the family
members already found hold 50 % or more of it (``at_least``; "more than 50 %" with ``at_least=False``),
or control it through a recorded control tie — so a 50/50 joint venture is in the family at "50 % or
more", which :func:`kingmaker.analysis.structure.controlled_group` (majority control, "> 50 %") leaves
out. Integrated shares (the product along chains, summed over chains; Brioschi et al. 1989) come from
the bulk ownership engine's sparse iteration (:func:`kingmaker.analysis.ownership.bulk.bounds`) run on
the holder's row alone. Example::

    >>> from fractions import Fraction as F
    >>> from kingmaker.analysis.ownership.graph import EdgeInput, build_graph
    >>> g = build_graph([EdgeInput("p", "a", "shareholding", F(1, 2), F(1, 2)),
    ...                  EdgeInput("a", "b", "shareholding", F(1, 2), F(1, 2))], {})
    >>> [(m.actor, m.member, str(m.shares["shareholding"])) for m in subsidiaries(g, "p").members]
    [('a', 'certainly', '50 %'), ('b', 'certainly', '25 %')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, Graph
from kingmaker.analysis.ownership.integrated import Interval
from kingmaker.analysis.screening.rules import Period
from kingmaker.errors import UserError


@dataclass
class Member:
    actor: str
    name: str
    kind: str
    member: str  # certainly, possibly, no: owned or controlled through the family
    shares: dict[str, Interval]  # integrated share of the holder, per interest
    control: str  # certainly, possibly, no: a control tie from the family

    def to_dict(self) -> dict:
        return {"actor": self.actor, "name": self.name, "kind": self.kind, "member": self.member,
                "shares": {k: v.to_dict() for k, v in self.shares.items()}, "control": self.control}


@dataclass
class Family:
    holder: str
    name: str
    at_least: bool
    min_share: Any
    members: list[Member] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"holder": self.holder, "name": self.name, "test": "at least 50 %" if self.at_least else "more than 50 %",
                "min_share": float(self.min_share) * 100, "members": [m.to_dict() for m in self.members]}


def subsidiaries(source, holder: str, *, min_share: Any = Fraction(1, 100), at_least: bool = True) -> Family:
    """Everything ``holder`` owns or controls downstream (see the module docstring): family members at
    any integrated share, and other entities whose integrated share (upper end) reaches ``min_share``
    (a fraction of one)."""
    from kingmaker.analysis.ownership.beneficial import as_graph
    from kingmaker.analysis.ownership.bulk import bounds
    from kingmaker.analysis.screening.engine import caught

    graph: Graph = as_graph(source)
    if holder not in graph.index:
        raise UserError(f"no actor {holder!r} in the ownership graph; list actors with `kingmaker actors`")
    x = graph.index[holder]
    rule = Period(None, None, True, "family", OWNERSHIP_KINDS, Fraction(50), at_least, "all", True)
    certain = caught(graph, [x], rule, "lo")
    possible = caught(graph, [x], rule, "hi") | certain
    rows = np.array([x], dtype=np.int64)
    shares: dict[str, dict[int, Interval]] = {}
    for kind in OWNERSHIP_KINDS:
        b = bounds(graph, graph.own[kind], rows, kind=kind)
        hi = b.hi.getrow(0).tocoo()
        lo, lx, hx = b.lo.getrow(0).toarray()[0], b.lo_x.getrow(0).toarray()[0], b.hi_x.getrow(0).toarray()[0]
        shares[kind] = {int(j): Interval(float(lo[j]), float(v), bool(lx[j]), bool(hx[j]))
                        for j, v in zip(hi.col.tolist(), hi.data.tolist()) if j != x}
    cc = _reach(graph.ctrl_certain, x)
    cp = _reach(graph.ctrl_possible, x) | cc
    cut = float(min_share)
    nodes = (possible | set(shares["shareholding"]) | set(shares["voting_rights"]) | cp) - {x}
    fam = Family(holder, graph.name(x), at_least, min_share)
    zero = Interval(0.0, 0.0)
    for v in nodes:
        member = "certainly" if v in certain else "possibly" if v in possible else "no"
        s = {k: shares[k].get(v, zero) for k in OWNERSHIP_KINDS}
        if member == "no" and v not in cp and max(float(i.hi) for i in s.values()) < cut:
            continue
        fam.members.append(Member(graph.ids[v], graph.name(v), str(graph.kinds[v]), member, s,
                                  "certainly" if v in cc else "possibly" if v in cp else "no"))
    rank = {"certainly": 0, "possibly": 1, "no": 2}
    fam.members.sort(key=lambda m: (rank[m.member], -float(m.shares["shareholding"].hi), m.actor))
    return fam


def _reach(pairs: tuple[np.ndarray, np.ndarray], start: int) -> set[int]:
    succ: dict[int, list[int]] = {}
    for s, d in zip(pairs[0].tolist(), pairs[1].tolist()):
        succ.setdefault(s, []).append(d)
    seen, todo = set(), [start]
    while todo:
        for w in succ.get(todo.pop(), ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    seen.discard(start)
    return seen
