"""GraphML out (http://graphml.graphdrawing.org/), for yEd and networkx: actors as nodes,"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from kingmaker.io.graph_fields import EDGE_KEYS, NODE_KEYS, edge_fields, node_fields, xml_text
from kingmaker.model import Actor, Relation


def write_graphml(path: Path, actors: dict[str, Actor], relations: list[Relation]) -> dict:
    """GraphML out (http://graphml.graphdrawing.org/), for yEd and networkx: actors as nodes,
    relations as directed edges, every attribute of :mod:`kingmaker.io.graph_fields` as a key."""
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
        for a in sorted(actors.values(), key=lambda a: a.id):
            vals = node_fields(a)
            fh.write(f'    <node id={quoteattr(a.id)}><data key="name">{xml_text(a.name)}</data>')
            fh.write("".join(f'<data key="n_{k}">{xml_text(vals[k])}</data>' for k in NODE_KEYS if vals[k]))
            fh.write('</node>\n')
        for r in relations:
            vals = edge_fields(r)
            fh.write(f'    <edge id={quoteattr(r.id)} source={quoteattr(r.holder)} target={quoteattr(r.subject)}>')
            fh.write("".join(f'<data key="e_{k}">{xml_text(vals[k])}</data>' for k in EDGE_KEYS if vals[k]))
            fh.write('</edge>\n')
        fh.write('  </graph>\n</graphml>\n')
    return {"nodes": len(actors), "edges": len(relations)}
