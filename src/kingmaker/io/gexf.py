"""GEXF 1.3 out (https://gexf.net/), for Gephi: actors as nodes, relations as directed edges"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from kingmaker.io.graph_fields import EDGE_KEYS, NODE_KEYS, edge_fields, node_fields
from kingmaker.model import Actor, Relation


def write_gexf(path: Path, actors: dict[str, Actor], relations: list[Relation]) -> dict:
    """GEXF 1.3 out (https://gexf.net/), for Gephi: actors as nodes, relations as directed edges
    weighted by the upper end of their share, every attribute of :mod:`kingmaker.io.graph_fields`."""
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
        for a in sorted(actors.values(), key=lambda a: a.id):
            vals = node_fields(a)
            fh.write(f'      <node id={quoteattr(a.id)} label={quoteattr(a.name)}><attvalues>')
            fh.write("".join(f'<attvalue for="n{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(NODE_KEYS)))
            fh.write('</attvalues></node>\n')
        fh.write('    </nodes>\n    <edges>\n')
        for r in relations:
            vals = edge_fields(r)
            weight = r.share.high if r.share is not None else 1
            fh.write(f'      <edge id={quoteattr(r.id)} source={quoteattr(r.holder)} target={quoteattr(r.subject)} '
                     f'label={quoteattr(r.kind.value)} weight="{weight}"><attvalues>')
            fh.write("".join(f'<attvalue for="e{i}" value={quoteattr(vals[k])}/>' for i, k in enumerate(EDGE_KEYS)))
            fh.write('</attvalues></edge>\n')
        fh.write('    </edges>\n  </graph>\n</gexf>\n')
    return {"nodes": len(actors), "edges": len(relations)}
