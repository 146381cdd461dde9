"""Ownership screening on Apache Spark DataFrames: the fixed point of :mod:`kingmaker.analysis.screening`
as iterated joins (optional extra ``kingmaker[spark]``).

The graph's aggregated, tightened ownership edges and its control ties (the in-process
:class:`~kingmaker.analysis.ownership.graph.Graph`, so both engines read the same input) become
DataFrames; caught parties are rows ``(root, node)`` — one root for ``aggregate: all``, the designated
party itself for ``per_party`` — and each round adds up, per ``(root, subject)``, the shares held by
caught parties, keeps the subjects that pass the rule's threshold (the shared three-valued test,
:func:`kingmaker.analysis.ownership.integrated.verdict_masks`) or that a caught party controls, until a round
adds nothing. Sums are recomputed from the caught set each round, so the result is the least fixed point,
as in the in-process engine. Lower ends give *certainly*, upper ends *possibly*. The explanations
(holdings, chains, facts that would settle) are then written by the in-process code from these sets.
"""
from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kingmaker.analysis.ownership.integrated import verdict_masks
from kingmaker.analysis.ownership.graph import Graph
from kingmaker.analysis.screening.rules import Period


def _frame(spark, table: pa.Table, where: Path):
    """A DataFrame of an Arrow table, through Parquet (no pandas needed; Spark reads it in parallel)."""
    pq.write_table(table, where)
    return spark.read.parquet(str(where))


def _edges(spark, graph: Graph, period: Period, bound: str, tmp: Path):
    from pyspark.sql import functions as F

    parts = []
    for kind in period.interests:
        e = graph.own[kind]
        vals = e.lo if bound == "lo" else e.hi
        flags = e.lo_x if bound == "lo" else e.hi_x
        w = np.array([float(v) for v in vals.tolist()], dtype=float)
        keep = (w > 0) | flags if bound == "lo" else w > 0
        parts.append(pa.table({"src": pa.array(e.src[keep], pa.int64()), "dst": pa.array(e.dst[keep], pa.int64()),
                               "kind": pa.array([kind] * int(keep.sum()), pa.string()),
                               "w": pa.array(w[keep], pa.float64()), "x": pa.array(flags[keep], pa.bool_())}))
    df = _frame(spark, pa.concat_tables(parts), tmp / f"edges-{bound}.parquet")
    ctrl = None
    if period.control:
        src, dst = graph.ctrl_certain if bound == "lo" else graph.ctrl_possible
        ctrl = _frame(spark, pa.table({"src": pa.array(src, pa.int64()), "dst": pa.array(dst, pa.int64())}),
                      tmp / f"control-{bound}.parquet")
    terminal = _frame(spark, pa.table({"node": pa.array(np.flatnonzero(graph.terminal), pa.int64())}),
                      tmp / "terminal.parquet")
    return df.cache(), (ctrl.cache() if ctrl is not None else None), F.broadcast(terminal)


def caught_spark(spark, graph: Graph, seeds: Iterable[int], period: Period, bound: str,
                 per_party: bool) -> dict[int | None, set[int]]:
    """root → caught nodes (root ``None`` for ``aggregate: all``)."""
    tmp = Path(tempfile.mkdtemp(prefix="kingmaker-screen-"))
    try:
        return _fixed_point(spark, graph, seeds, period, bound, per_party, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fixed_point(spark, graph: Graph, seeds, period: Period, bound: str, per_party: bool, tmp: Path):
    from pyspark.sql import functions as F

    edges, ctrl, terminal = _edges(spark, graph, period, bound, tmp)
    seeds = sorted(set(seeds))
    t = float(period.threshold / 100)
    rows = [(s if per_party else -1, s) for s in seeds]
    caught = _frame(spark, pa.table({"root": pa.array([r for r, _ in rows], pa.int64()),
                                     "node": pa.array([n for _, n in rows], pa.int64())}), tmp / "seeds.parquet").cache()
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
                 spark=None, max_chains: int = 5, subjects=None, include_not: bool = False):
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

    return screen(source, designations, rule, as_of=as_of, lists=lists, max_chains=max_chains, subjects=subjects,
                  include_not=include_not, fixed_point=groups)
