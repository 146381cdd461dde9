"""The neighbourhood of an actor as a graph for the explorer: nodes, and edges with a style category."""
from __future__ import annotations

from collections import deque
from typing import Callable, Iterable

from kingmaker.model import Relation
from kingmaker.model.kinds import FAMILY
from kingmaker.model.snapshot import Snapshot
from kingmaker.report import fmt
from kingmaker.serialize import relation_to_dict

#: relation kind -> the explorer's style family, from the one declaration of kinds
CATEGORY = FAMILY


def share_fraction(r: Relation) -> float | None:
    """The middle of the tie's share as a fraction of one (``None`` when no share is stated)."""
    if r.share is None:
        return None
    return float(r.share.low + r.share.high) / 200.0


def _bfs(ties_of: Callable[[str], Iterable[Relation]], centre: str, depth: int,
         max_nodes: int) -> tuple[dict[str, int], bool]:
    """Actors within ``depth`` ties of ``centre`` (``ties_of(actor)``: its ties in and out), breadth first."""
    seen = {centre: 0}
    queue = deque([centre])
    truncated = False
    while queue:
        a = queue.popleft()
        if seen[a] >= depth:
            continue
        for r in ties_of(a):
            other = r.subject if r.holder == a else r.holder
            if other in seen:
                continue
            if len(seen) >= max_nodes:
                truncated = True
                break
            seen[other] = seen[a] + 1
            queue.append(other)
    return seen, truncated


def edge_dict(r: Relation, names: dict[str, str], unknown: set[str] = frozenset()) -> dict:
    """An edge for the explorer: the relation, its style family, weight and a label in both languages."""
    d = relation_to_dict(r, names)
    d["category"] = CATEGORY.get(r.kind, "control")
    d["weight"] = share_fraction(r)
    d["unspecified"] = r.holder in unknown or r.subject in unknown
    d["label"] = fmt.both(fmt.relation_label, r)
    return d


def node_dict(snap_actors, a: str, dist: int, name: str) -> dict:
    actor = snap_actors.get(a)
    kind = actor.kind.value if actor else "unknown"
    return {"id": a, "name": name, "kind": kind, "distance": dist, "unspecified": kind == "unknown"}


def neighbourhood(snap: Snapshot, centre: str, depth: int = 1, max_nodes: int = 150,
                  compare: Snapshot | None = None) -> dict:
    """Actors within ``depth`` ties of ``centre`` (either direction) on ``snap.as_of``, breadth first,
    at most ``max_nodes``; every tie among the chosen actors. With ``compare`` (the graph on an earlier
    date), ``gained`` names the ties and actors new since then, and ``lost`` / ``lost_nodes`` hold
    those that were there and are gone."""
    seen, truncated = _bfs(lambda a: snap.ties_out(a) + snap.ties_in(a), centre, depth, max_nodes)
    names = {a: snap.name(a) for a in seen}
    nodes = [node_dict(snap.actors, a, dist, names[a]) for a, dist in seen.items()]
    unknown = {n["id"] for n in nodes if n["unspecified"]}
    edges = [edge_dict(r, names, unknown) for a in seen for r in snap.ties_out(a) if r.subject in seen]
    out = {"centre": centre, "as_of": snap.as_of.isoformat(), "depth": depth, "truncated": truncated,
           "nodes": nodes, "edges": edges}
    if compare is not None:
        before = neighbourhood(compare, centre, depth, max_nodes)
        old_nodes = {n["id"]: n for n in before["nodes"]}
        old_edges = {e["id"]: e for e in before["edges"]}
        now_edges = {e["id"] for e in edges}
        out["compare"] = compare.as_of.isoformat()
        out["gained"] = sorted(now_edges - set(old_edges))
        out["gained_nodes"] = sorted(set(seen) - set(old_nodes))
        out["lost"] = [e for i, e in old_edges.items() if i not in now_edges]
        out["lost_nodes"] = [n for i, n in old_nodes.items() if i not in seen]
    return out


def story(relations: list[Relation], actors: dict, events: list, centre: str, depth: int = 1,
          max_nodes: int = 150) -> dict:
    """The actor's story: every date on which its neighbourhood (``depth`` ties away) changes or a
    relevant event happened, those events, and the union of the neighbourhoods of all those dates — the
    graph the explorer lays out once, so that positions stay put while the date moves.

    ``relations``: every relation in the store (any dates); ``actors``: id → Actor; ``events``: all events.
    An event is relevant when it names an actor of the union, or opens or closes one of its ties."""
    from datetime import timedelta

    by_actor: dict[str, list[Relation]] = {}
    for r in relations:
        by_actor.setdefault(r.holder, []).append(r)
        by_actor.setdefault(r.subject, []).append(r)
    reach, _ = _bfs(lambda a: by_actor.get(a, ()), centre, depth, max_nodes * 4)  # across all dates
    candidates = [r for r in relations if r.holder in reach and r.subject in reach]
    change = {d for r in candidates for d in (r.valid_from, r.valid_to) if d is not None}
    days = sorted(change | {e.date for e in events if set(e.actors) & set(reach)})
    probe = sorted(set(days) | {d - timedelta(days=1) for d in days}) or [None]
    union_nodes: dict[str, int] = {}
    union_edges: dict[str, Relation] = {}
    for d in probe:
        valid = {}
        for r in candidates:
            if d is None or r.valid_on(d):
                valid.setdefault(r.holder, []).append(r)
                valid.setdefault(r.subject, []).append(r)
        seen, _ = _bfs(lambda a: valid.get(a, ()), centre, depth, max_nodes)
        for a, dist in seen.items():
            union_nodes[a] = min(dist, union_nodes.get(a, dist))
        for a in seen:
            for r in valid.get(a, ()):
                if r.holder in seen and r.subject in seen:
                    union_edges[r.id] = r
    names = {a: (actors[a].name if a in actors else a) for a in union_nodes}
    relevant = [e for e in events if set(e.actors) & set(union_nodes)
                or set(e.opens) & set(union_edges) or set(e.closes) & set(union_edges)]
    steps = sorted({d for r in union_edges.values() for d in (r.valid_from, r.valid_to) if d is not None}
                   | {e.date for e in relevant})
    return {"centre": centre, "depth": depth,
            "steps": [d.isoformat() for d in steps],
            "events": [{"id": e.id, "date": e.date.isoformat(), "kind": e.kind.value, "title": e.title,
                        "title_text": fmt.both(fmt.event_title, e),
                        "description": e.description, "actors": list(e.actors), "opens": list(e.opens),
                        "closes": list(e.closes), "vote": e.vote is not None} for e in relevant],
            "nodes": [node_dict(actors, a, dist, names[a]) for a, dist in union_nodes.items()],
            "edges": [edge_dict(r, names) for r in union_edges.values()]}
