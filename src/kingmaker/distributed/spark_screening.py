"""Ownership screening on Apache Spark DataFrames: the fixed point of :mod:`kingmaker.analysis.screening`
as iterated joins (optional extra ``kingmaker[spark]``).

The graph's aggregated, tightened ownership edges and its control ties (the in-process
:class:`~kingmaker.analysis.ownership.graph.Graph`, so both engines read the same input) become
DataFrames; caught parties are rows ``(root, node)`` — one root for ``aggregate: all``, the designated
party itself for ``per_party`` — and each round adds up, per ``(root, subject)``, the shares held by
caught parties, keeps the subjects that pass the rule's threshold (the shared three-valued test,
:func:`kingmaker.analysis.ownership.bulk.verdict_masks`) or that a caught party controls, until a round
adds nothing. Sums are recomputed from the caught set each round, so the result is the least fixed point,
as in the in-process engine. Lower ends give *certainly*, upper ends *possibly*. The explanations
(holdings, chains, facts that would settle) are then written by the in-process code from these sets.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pyarrow as pa

from kingmaker.analysis.ownership.bulk import verdict_masks
from kingmaker.analysis.ownership.graph import Graph
from kingmaker.analysis.screening.rules import Period


def _edges(spark, graph: Graph, period: Period, bound: str):
    from pyspark.sql import functions as F

    parts = []
    for kind in period.interests:
        e = graph.own[kind]
        vals = e.lo if bound == "lo" else e.hi
        flags = e.lo_x if bound == "lo" else e.hi_x
        w = [float(v) for v in vals.tolist()]
        keep = [(x > 0 or bool(f)) if bound == "lo" else x > 0 for x, f in zip(w, flags.tolist())]
        parts.append(pa.table({"src": pa.array(e.src[keep], pa.int64()), "dst": pa.array(e.dst[keep], pa.int64()),
                               "kind": pa.array([kind] * int(sum(keep)), pa.string()),
                               "w": pa.array([x for x, k in zip(w, keep) if k], pa.float64()),
                               "x": pa.array(flags[keep], pa.bool_())}))
    table = pa.concat_tables(parts)
    df = spark.createDataFrame(table.to_pandas())
    ctrl = None
    if period.control:
        src, dst = graph.ctrl_certain if bound == "lo" else graph.ctrl_possible
        ctrl = spark.createDataFrame(pa.table({"src": pa.array(src, pa.int64()), "dst": pa.array(dst, pa.int64())})
                                     .to_pandas()).select("src", "dst")
    terminal = spark.createDataFrame(pa.table({"node": pa.array([int(i) for i in graph.terminal.nonzero()[0]],
                                                                pa.int64())}).to_pandas())
    return df.cache(), (ctrl.cache() if ctrl is not None else None), F.broadcast(terminal)


def caught_spark(spark, graph: Graph, seeds: Iterable[int], period: Period, bound: str,
                 per_party: bool) -> dict[int | None, set[int]]:
    """root → caught nodes (root ``None`` for ``aggregate: all``)."""
    from pyspark.sql import functions as F

    edges, ctrl, terminal = _edges(spark, graph, period, bound)
    seeds = sorted(set(seeds))
    t = float(period.threshold / 100)
    rows = [(s if per_party else -1, s) for s in seeds]
    caught = spark.createDataFrame(rows or [(-1, -1)], "root long, node long")
    if not rows:
        caught = caught.where(F.lit(False))
    caught = caught.cache()
    count = caught.count()
    while True:
        held = (edges.join(caught.withColumnRenamed("node", "src"), "src")
                .groupBy("root", "dst", "kind").agg(F.sum("w").alias("s"), F.max(F.col("x").cast("int")).alias("xx")))
        certain, possible = verdict_masks(F.col("s"), F.col("s"), F.col("xx") > 0, F.col("xx") > 0, t, period.at_least,
                                          absolute=F.abs)
        passing = held.where(certain if bound == "lo" else possible).select("root", F.col("dst").alias("node"))
        if ctrl is not None:
            passing = passing.unionByName(ctrl.join(caught.withColumnRenamed("node", "src"), "src")
                                          .select("root", F.col("dst").alias("node")))
        passing = passing.join(terminal, "node", "left_anti")
        new = caught.unionByName(passing.select("root", "node")).distinct().cache()
        n = new.count()
        caught.unpersist()
        caught = new
        if n == count:
            break
        count = n
    out: dict[int | None, set[int]] = {}
    for r in caught.collect():
        out.setdefault(None if r["root"] == -1 else int(r["root"]), set()).add(int(r["node"]))
    return out


def screen_spark(source, rule: str = "ofac-50", *, designations=None, as_of: date | None = None, lists=None,
                 spark=None, max_chains: int = 5):
    """:func:`kingmaker.analysis.screening.screen` with the fixed points computed on Spark."""
    from kingmaker.analysis.screening.engine import screen
    from kingmaker.distributed.spark_ownership import session

    spark = spark or session()

    def groups(graph: Graph, seeds: list[int], period: Period):
        per = period.aggregate == "per_party"
        lo = caught_spark(spark, graph, seeds, period, "lo", per)
        hi = caught_spark(spark, graph, seeds, period, "hi", per)
        if not per:
            c = lo.get(None, set(seeds))
            return [(None, c, hi.get(None, set(seeds)) | c)]
        return [(s, lo.get(s, {s}), hi.get(s, {s}) | lo.get(s, {s})) for s in seeds]

    return screen(source, designations, rule, as_of=as_of, lists=lists, max_chains=max_chains, fixed_point=groups)
