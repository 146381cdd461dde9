"""Ownership: integrated shares through chains and cycles, beneficial owners, exact interval bounds.

The family, from the graph up (networkx's ``algorithms/flow/`` is the model: this front re-exports the
public functions; the modules beside it hold their helpers):

* :mod:`.graph` — the integer-indexed, aggregated, checked ownership graph, from a snapshot (exact
  ``Fraction`` shares) or from plain columns (float shares of an edge list).
* :mod:`.integrated` — exact integrated ownership of one subject with interval bounds: the column
  ``t`` of ``Ã = (I − A)⁻¹ A``, solved one strongly connected component at a time (Brioschi, Buzzacchi &
  Colombo 1989; Vitali, Glattfelder & Battiston 2011).
* :mod:`.beneficial` — :func:`ubo` and :func:`owners` of one subject with the chains that explain them
  (EU AMLR, Regulation (EU) 2024/1624, art. 52), and :func:`integrated_matrix` for network analyses.
* :mod:`.bulk` — every subject at once with scipy sparse matrices (registry scale);
  :mod:`kingmaker.distributed.spark_ownership` runs the same iteration on Spark.

>>> from fractions import Fraction as F
>>> g = build_graph([EdgeInput("alice", "holdco", "shareholding", F(3, 5), F(3, 5)),
...                  EdgeInput("holdco", "target", "shareholding", F(1, 2), F(1, 2))],
...                 {"alice": "person", "holdco": "company", "target": "company"})
>>> report = ubo(g, "target")
>>> [(o.actor, str(o.ownership), o.verdict) for o in report.beneficial_owners]
[('alice', '30 %', 'certainly')]
"""
from __future__ import annotations

from kingmaker.analysis.ownership.beneficial import (
    DEFAULT_THRESHOLD, Chain, Cycle, Hop, Owner, UboReport, as_graph, closed_loops, integrated_matrix, owners, ubo,
)
from kingmaker.analysis.ownership.graph import EdgeInput, Graph, build_graph, graph_from_snapshot
from kingmaker.analysis.ownership.integrated import Interval
from kingmaker.errors import ClosedOwnershipLoop, InconsistentShares

__all__ = [
    "DEFAULT_THRESHOLD",
    "Chain",
    "ClosedOwnershipLoop",
    "Cycle",
    "EdgeInput",
    "Graph",
    "Hop",
    "InconsistentShares",
    "Interval",
    "Owner",
    "UboReport",
    "as_graph",
    "build_graph",
    "closed_loops",
    "graph_from_snapshot",
    "integrated_matrix",
    "owners",
    "ubo",
]
