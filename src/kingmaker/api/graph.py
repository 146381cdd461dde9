"""The neighbourhood of an actor as a graph for the explorer: nodes, and edges with a style category."""
from __future__ import annotations

from collections import deque

from kingmaker.model import Relation
from kingmaker.model.kinds import FAMILY
from kingmaker.model.snapshot import Snapshot
from kingmaker.serialize import relation_to_dict

#: relation kind -> the explorer's style family, from the one declaration of kinds
CATEGORY = FAMILY


def share_fraction(r: Relation) -> float | None:
    """The middle of the tie's share as a fraction of one (``None`` when no share is stated)."""
    if r.share is None:
        return None
    return float(r.share.low + r.share.high) / 200.0


def neighbourhood(snap: Snapshot, centre: str, depth: int = 1, max_nodes: int = 150) -> dict:
    """Actors within ``depth`` ties of ``centre`` (either direction) on ``snap.as_of``, breadth first,
    at most ``max_nodes``; every tie among the chosen actors."""
    seen = {centre: 0}
    queue = deque([centre])
    truncated = False
    while queue:
        a = queue.popleft()
        if seen[a] >= depth:
            continue
        for r in snap.ties_out(a) + snap.ties_in(a):
            other = r.subject if r.holder == a else r.holder
            if other in seen:
                continue
            if len(seen) >= max_nodes:
                truncated = True
                break
            seen[other] = seen[a] + 1
            queue.append(other)
    names = {a: snap.name(a) for a in seen}
    nodes = []
    for a, dist in seen.items():
        actor = snap.actors.get(a)
        kind = actor.kind.value if actor else "unknown"
        nodes.append({"id": a, "name": names[a], "kind": kind, "distance": dist,
                      "unspecified": kind == "unknown"})
    unknown = {n["id"] for n in nodes if n["unspecified"]}
    edges = []
    for a in seen:
        for r in snap.ties_out(a):
            if r.subject not in seen:
                continue
            d = relation_to_dict(r, names)
            d["category"] = CATEGORY.get(r.kind, "control")
            d["weight"] = share_fraction(r)
            d["unspecified"] = r.holder in unknown or r.subject in unknown
            edges.append(d)
    return {"centre": centre, "as_of": snap.as_of.isoformat(), "depth": depth, "truncated": truncated,
            "nodes": nodes, "edges": edges}

