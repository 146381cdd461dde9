"""Export the store — whole, or one actor's neighbourhood — as of a date, to BODS 0.4, FtM, GEXF,
GraphML or CSV (the ``edges-csv`` layout).

``as_of=None`` exports every relation whatever its dates; with a date, only relations valid on it
(half-open validity, docs/case-format.md). ``actor`` limits the export to actors within ``depth``
relations of it, in either direction (``depth=0``: its whole connected component).
GEXF 1.3 (https://gexf.net/) and GraphML (http://graphml.graphdrawing.org/) open in Gephi and yEd.
"""
from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import quoteattr

from kingmaker.errors import UserError
from kingmaker.model import Actor, Evidence, Relation, RelationKind, Source
from kingmaker.store import Store

FORMATS = ("bods", "ftm", "gexf", "graphml", "csv")


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


def select(store: Store, actor: str | None = None, as_of: date | None = None, depth: int = 1) -> Selection:
    # negative facts ("no voting rights") are not ties: no graph or interchange format has a place for them
    relations = [r for r in store.relations(as_of=as_of) if r.kind is not RelationKind.absence]
    if actor is not None:
        if store.actor(actor) is None:
            close = [a.id for a in store.find_actors(actor, 3)]
            raise UserError(f"no actor {actor!r} in the store" + (f"; did you mean {', '.join(close)}?" if close else ""))
        keep = neighbourhood(relations, actor, depth)
        relations = [r for r in relations if r.holder in keep and r.subject in keep]
        actors = {a.id: a for a in store.actors() if a.id in keep}
    else:
        actors = {a.id: a for a in store.actors()}
    ev_ids = {e for r in relations for e in r.evidence}
    evidence = {e.id: e for e in store.evidence(ev_ids)}
    sources = {s.id: s for s in store.sources({e.source for e in evidence.values()})}
    return Selection(actors, relations, evidence, sources, as_of)


# -- graph formats ----------------------------------------------------------------------------------
def _edge_fields(r: Relation) -> dict[str, str]:
    return {
        "kind": r.kind.value,
        "share": str(r.share) if r.share is not None else "",
        "share_low": str(r.share.low) if r.share is not None else "",
        "share_high": str(r.share.high) if r.share is not None else "",
        "interest_type": r.interest_type or "",
        "valid_from": r.valid_from.isoformat() if r.valid_from else "",
        "valid_to": r.valid_to.isoformat() if r.valid_to else "",
    }


def _node_fields(a: Actor) -> dict[str, str]:
    return {"kind": a.kind.value, "jurisdiction": a.jurisdiction or "",
            "unspecified_reason": a.unspecified_reason.value if a.unspecified_reason else ""}


NODE_KEYS = ("kind", "jurisdiction", "unspecified_reason")
EDGE_KEYS = ("kind", "share", "share_low", "share_high", "interest_type", "valid_from", "valid_to")


def write_gexf(path: Path, sel: Selection) -> dict:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
                 '  <meta><creator>Kingmaker</creator></meta>\n'
                 '  <graph defaultedgetype="directed" mode="static">\n    <attributes class="node">\n')
        for i, k in enumerate(NODE_KEYS):
            fh.write(f'      <attribute id="n{i}" title="{k}" type="string"/>\n')
        fh.write('    </attributes>\n    <attributes class="edge">\n')
        for i, k in enumerate(EDGE_KEYS):
            fh.write(f'      <attribute id="e{i}" title="{k}" type="string"/>\n')
        fh.write('    </attributes>\n    <nodes>\n')
        for a in sorted(sel.actors.values(), key=lambda a: a.id):
            vals = _node_fields(a)
            fh.write(f'      <node id={quoteattr(a.id)} label={quoteattr(a.name)}><attvalues>')
            fh.write("".join(f'<attvalue for="n{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(NODE_KEYS)))
            fh.write('</attvalues></node>\n')
        fh.write('    </nodes>\n    <edges>\n')
        for r in sel.relations:
            vals = _edge_fields(r)
            weight = r.share.high if r.share is not None else 1
            fh.write(f'      <edge id={quoteattr(r.id)} source={quoteattr(r.holder)} target={quoteattr(r.subject)} '
                     f'label={quoteattr(r.kind.value)} weight="{weight}"><attvalues>')
            fh.write("".join(f'<attvalue for="e{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(EDGE_KEYS)))
            fh.write('</attvalues></edge>\n')
        fh.write('    </edges>\n  </graph>\n</gexf>\n')
    return {"nodes": len(sel.actors), "edges": len(sel.relations)}


def write_graphml(path: Path, sel: Selection) -> dict:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        fh.write('  <key id="name" for="node" attr.name="name" attr.type="string"/>\n')
        for k in NODE_KEYS:
            fh.write(f'  <key id="n_{k}" for="node" attr.name="{k}" attr.type="string"/>\n')
        for k in EDGE_KEYS:
            fh.write(f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="string"/>\n')
        fh.write('  <graph id="kingmaker" edgedefault="directed">\n')
        for a in sorted(sel.actors.values(), key=lambda a: a.id):
            vals = _node_fields(a)
            fh.write(f'    <node id={quoteattr(a.id)}><data key="name">{_text(a.name)}</data>')
            fh.write("".join(f'<data key="n_{k}">{_text(vals[k])}</data>' for k in NODE_KEYS if vals[k]))
            fh.write('</node>\n')
        for r in sel.relations:
            vals = _edge_fields(r)
            fh.write(f'    <edge id={quoteattr(r.id)} source={quoteattr(r.holder)} target={quoteattr(r.subject)}>')
            fh.write("".join(f'<data key="e_{k}">{_text(vals[k])}</data>' for k in EDGE_KEYS if vals[k]))
            fh.write('</edge>\n')
        fh.write('  </graph>\n</graphml>\n')
    return {"nodes": len(sel.actors), "edges": len(sel.relations)}


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    sel = select(store, actor, as_of, depth)
    out = Path(out)
    if fmt == "bods":
        from kingmaker.io.bods.writer import write_bods

        summary = write_bods(out, sel.actors, sel.relations, sel.evidence, sel.sources, today)
    elif fmt == "ftm":
        from kingmaker.io.ftm import write_ftm

        summary = write_ftm(out, sel.actors, sel.relations, sel.evidence)
    else:
        summary = {"gexf": write_gexf, "graphml": write_graphml, "csv": write_csv}[fmt](out, sel)
    return {"format": fmt, "file": str(out), "actors": len(sel.actors), "relations": len(sel.relations), **summary}
