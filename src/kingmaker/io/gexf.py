"""GEXF 1.3 out (https://gexf.net/), for Gephi: actors as nodes, relations as directed edges.

Exported across all dates (no ``as_of``), the graph is *dynamic*: each edge carries its validity as a
time interval, so Gephi's timeline plays the story (ties appearing and ending). Kingmaker's validity is
half-open, ``[valid_from, valid_to)`` on days; GEXF date intervals are closed, so an edge's ``end`` is the
last day it holds (``valid_to`` − 1 day). Shares are numbers (``double``), not text."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

from kingmaker.io.graph_fields import EDGE_KEYS, NODE_KEYS, edge_fields, node_fields
from kingmaker.model import Actor, Relation


NUMERIC = {"share_low", "share_high"}


def write_gexf(path: Path, actors: dict[str, Actor], relations: list[Relation], *, dynamic: bool = False) -> dict:
    """GEXF 1.3 out (https://gexf.net/), for Gephi: actors as nodes, relations as directed edges
    weighted by the upper end of their share, every attribute of :mod:`kingmaker.io.graph_fields`;
    ``dynamic``: edges carry their validity (``start``/``end``, days) for Gephi's timeline."""
    timed = sum(1 for r in relations if r.valid_from or r.valid_to) if dynamic else 0
    mode = 'mode="dynamic" timeformat="date"' if dynamic else 'mode="static"'
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
                 '  <meta><creator>Kingmaker</creator></meta>\n'
                 f'  <graph defaultedgetype="directed" {mode}>\n    <attributes class="node">\n')
        for i, k in enumerate(NODE_KEYS):
            fh.write(f'      <attribute id="n{i}" title="{k}" type="string"/>\n')
        fh.write('    </attributes>\n    <attributes class="edge">\n')
        for i, k in enumerate(EDGE_KEYS):
            fh.write(f'      <attribute id="e{i}" title="{k}" type="{"double" if k in NUMERIC else "string"}"/>\n')
        fh.write('    </attributes>\n    <nodes>\n')
        for a in sorted(actors.values(), key=lambda a: a.id):
            vals = node_fields(a)
            fh.write(f'      <node id={quoteattr(a.id)} label={quoteattr(a.name)}><attvalues>')
            fh.write("".join(f'<attvalue for="n{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(NODE_KEYS)))
            fh.write('</attvalues></node>\n')
        fh.write('    </nodes>\n    <edges>\n')
        for r in relations:
            vals = edge_fields(r)
            weight = r.share.high if r.share is not None else 1
            spell = ""
            if dynamic and r.valid_from:
                spell += f' start="{r.valid_from.isoformat()}"'
            if dynamic and r.valid_to:
                spell += f' end="{(r.valid_to - timedelta(days=1)).isoformat()}"'
            fh.write(f'      <edge id={quoteattr(r.id)} source={quoteattr(r.holder)} target={quoteattr(r.subject)} '
                     f'label={quoteattr(r.kind.value)} weight="{weight}"{spell}><attvalues>')
            fh.write("".join(f'<attvalue for="e{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(EDGE_KEYS)
                             if not (k in NUMERIC and vals[k] == "")))
            fh.write('</attvalues></edge>\n')
        fh.write('    </edges>\n  </graph>\n</gexf>\n')
    return {"nodes": len(actors), "edges": len(relations), "timed_edges": timed}
