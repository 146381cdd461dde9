"""Export the store — whole, or one actor's neighbourhood — as of a date, to BODS 0.4, FtM, GEXF,
GraphML, CSV (the ``edges-csv`` layout) or a YAML case file (``case``: loads back as it was).

``as_of=None`` exports every relation whatever its dates; with a date, only relations valid on it
(half-open validity, docs/case-format.md). ``actor`` limits the export to actors within ``depth``
relations of it, in either direction (``depth=0``: its whole connected component).
The graph formats have their own modules: :mod:`kingmaker.io.gexf` (GEXF 1.3, Gephi) and
:mod:`kingmaker.io.graphml` (GraphML, yEd); both write the attributes of :mod:`kingmaker.io.graph_fields`.
"""
from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kingmaker.errors import UserError
from kingmaker.model import Actor, Evidence, Relation, RelationKind, Source
from kingmaker.store import Store

FORMATS = ("bods", "ftm", "gexf", "graphml", "csv", "case")


@dataclass
class Selection:
    actors: dict[str, Actor]
    relations: list[Relation]
    evidence: dict[str, Evidence]
    sources: dict[str, Source]
    as_of: date | None = None


def neighbourhood(relations: list[Relation], start: str, depth: int) -> set[str]:
    """Actor ids within ``depth`` hops of ``start`` (``0``: unlimited) over relations in either direction."""
    adj: dict[str, set[str]] = defaultdict(set)
    for r in relations:
        adj[r.holder].add(r.subject)
        adj[r.subject].add(r.holder)
    seen = {start}
    frontier = deque([(start, 0)])
    while frontier:
        node, d = frontier.popleft()
        if depth and d >= depth:
            continue
        for nxt in adj[node] - seen:
            seen.add(nxt)
            frontier.append((nxt, d + 1))
    return seen


def select(store: Store, actor: str | None = None, as_of: date | None = None, depth: int = 1, *,
           negatives: bool = False) -> Selection:
    """What an export writes. Negative facts ("no voting rights", relation kind ``absence``) are not ties: no
    graph or interchange format has a place for them, so they are left out unless ``negatives`` (a case file
    holds them), and never make a neighbourhood."""
    everything = store.relations(as_of=as_of)
    relations = [r for r in everything if r.kind is not RelationKind.absence]
    if actor is not None:
        if store.actor(actor) is None:
            close = [a.id for a in store.find_actors(actor, 3)]
            raise UserError(f"no actor {actor!r} in the store" + (f"; did you mean {', '.join(close)}?" if close else ""))
        keep = neighbourhood(relations, actor, depth)
    if negatives:
        relations = everything
    if actor is not None:
        relations = [r for r in relations if r.holder in keep and r.subject in keep]
        actors = {a.id: a for a in store.actors_by_id(keep)}  # the neighbourhood's, not every actor read
    else:
        actors = {a.id: a for a in store.actors()}
    ev_ids = {e for r in relations for e in r.evidence}
    if as_of is None:  # every date: also what no relation cites, e.g. a BODS statement superseded before it took effect
        ev_ids |= store.evidence_ids(set(store.relation_provenance(r.id for r in relations).values()))
    evidence = {e.id: e for e in store.evidence(ev_ids)}
    sources = {s.id: s for s in store.sources({e.source for e in evidence.values()})}
    return Selection(actors, relations, evidence, sources, as_of)


def write_csv(path: Path, sel: Selection) -> dict:
    """The ``edges-csv`` layout holds the kinds it can read back (``EDGE_KINDS``); others are counted."""
    from kingmaker.io.edges_csv import EDGE_KINDS, write_edges_csv

    keep = [r for r in sel.relations if r.kind.value in EDGE_KINDS]
    left = Counter(r.kind.value for r in sel.relations if r.kind.value not in EDGE_KINDS)
    return {"rows": write_edges_csv(keep, path, sel.actors), "left_out": dict(left)}


def export(store: Store, fmt: str, out: Path | str, *, actor: str | None = None, as_of: date | None = None,
           depth: int = 1, today: date | None = None) -> dict:
    """Write the selection to ``out`` in ``fmt``; returns a summary of what was written."""
    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    sel = select(store, actor, as_of, depth, negatives=fmt == "case")  # a case file loads back as it was
    out = Path(out)
    if fmt == "bods":
        from kingmaker.io.bods.writer import write_bods

        summary = write_bods(out, sel.actors, sel.relations, sel.evidence, sel.sources, today, history=as_of is None)
    elif fmt == "ftm":
        from kingmaker.io.ftm import write_ftm

        summary = write_ftm(out, sel.actors, sel.relations, sel.evidence)
    elif fmt == "case":
        from kingmaker.io.case_out import write_case_yaml

        summary = write_case_yaml(out, sel)
    elif fmt == "gexf":
        from kingmaker.io.gexf import write_gexf

        summary = write_gexf(out, sel.actors, sel.relations, dynamic=as_of is None)
    elif fmt == "graphml":
        from kingmaker.io.graphml import write_graphml

        summary = write_graphml(out, sel.actors, sel.relations)
    else:
        summary = write_csv(out, sel)
    return {"format": fmt, "file": str(out), "actors": len(sel.actors), "relations": len(sel.relations), **summary}
