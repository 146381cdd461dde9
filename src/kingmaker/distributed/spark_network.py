"""Network control on Apache Spark DataFrames: :func:`kingmaker.analysis.network.network_values` as joins
(optional extra ``kingmaker[spark]``; ``kingmaker control --engine spark``).

From the Parquet edge table (:mod:`kingmaker.distributed.spark_ownership`: aggregated and tightened the
same way) the ownership matrix ``W`` (band midpoints) and the control matrix ``C`` of one of the models of
Vitali, Glattfelder & Battiston (2011) are built as columns; closed loops (components holding 100 % of
themselves) lose their inner ties, as in process. The network values ``(I − C)⁻¹ C v`` and
``(I − C)⁻¹ C (v / d)`` (``d`` the diagonal of ``(I − C)⁻¹``) are then walk sums towards the holders, taken
over the condensed graph: each strongly connected component's block ``(I − C_S)⁻¹`` is inverted on the
driver (which also gives ``d``; a large one is factorised, sparse LU, and the rows entering it solved
there), and ``z ← B (C_x z)`` runs over the ties between components in as many join steps as the
longest chain (:func:`kingmaker.distributed.condensed.walk_sums`). The ranking is the in-process one
(:func:`kingmaker.analysis.network.rank_controllers`).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from kingmaker.distributed.condensed import DENSE_CYCLE, Blocks, LargeBlock, collect_arrow, walk_sums
from kingmaker.distributed.spark_ownership import prepare

MODELS = ("linear", "threshold", "relative")


def _control(w, model: str, theta: float):
    """``(holder, subject, c)``: Spark twin of :func:`kingmaker.analysis.network.control_matrix`."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    by_subject = Window.partitionBy("subject")
    if model == "linear":
        c = w.withColumn("c", F.col("w"))
    elif model == "relative":
        c = w.withColumn("c", F.col("w") ** 2 / F.sum(F.col("w") ** 2).over(by_subject))
    elif model == "threshold":
        major = F.col("w") > theta
        c = w.withColumn("c", F.when(major, 1.0).when(F.max(major.cast("int")).over(by_subject) > 0, 0.0)
                         .otherwise(F.col("w")))
    else:
        raise ValueError(f"unknown control model {model!r}")
    return c.select("holder", "subject", "c").where(F.col("c") != 0)


def _blocks(spark, c, dense_cycle: int = DENSE_CYCLE):
    """``(blocks, diag, cut)``: the cycles' walk sums ``(I − C_S)⁻¹`` (:class:`~kingmaker.distributed.condensed.Blocks`:
    rows ``(node, into, b_y1, b_y2)`` for a component of up to ``dense_cycle`` members, sparse LU factors
    on the driver for a larger one), the diagonal ``(node, d)`` of ``(I − C)⁻¹`` inside them (for a large
    component the in-process :func:`kingmaker.analysis.network.inverse_diagonal`), and the closed loops'
    inner ties ``(holder, subject)`` (cut), from the ties that can lie on a cycle (trimmed once in Spark,
    the components found on the driver)."""
    import pyarrow.compute as pc
    import scipy.sparse as sp
    from pyspark.sql import functions as F
    from scipy.sparse.csgraph import connected_components
    from scipy.sparse.linalg import splu

    from kingmaker.analysis.network import inverse_diagonal
    from kingmaker.analysis.ownership.beneficial import closed_loops

    owned = c.select(F.col("subject").alias("holder")).distinct()
    holding = c.select(F.col("holder").alias("subject")).distinct()
    t = collect_arrow(c.join(owned, "holder", "left_semi").join(holding, "subject", "left_semi"))
    if t.num_rows == 0:
        return None, None, None
    ids = pc.unique(pa.concat_arrays([t["holder"].combine_chunks(), t["subject"].combine_chunks()]))
    names = ids.to_pylist()
    src = pc.index_in(t["holder"], value_set=ids).to_numpy().astype(np.int64)
    dst = pc.index_in(t["subject"], value_set=ids).to_numpy().astype(np.int64)
    cw = t["c"].to_numpy().astype(float)
    n = len(ids)
    members_of = np.full(n, -1)
    for k, m in enumerate(closed_loops(sp.csr_matrix((cw, (src, dst)), shape=(n, n)))):
        members_of[m] = k
    cut_sel = (members_of[src] >= 0) & (members_of[src] == members_of[dst])
    keep = ~cut_sel
    src_k, dst_k, cw_k = src[keep], dst[keep], cw[keep]
    _, label = connected_components(sp.csr_matrix((np.ones(len(src_k)), (src_k, dst_k)), shape=(n, n)),
                                    directed=True, connection="strong")
    size = np.bincount(label, minlength=n)
    on_cycle = (size[label] > 1) | np.isin(np.arange(n), src_k[src_k == dst_k])
    rows, diag, large, inner_ties = [], [], [], []
    inner = label[src_k] == label[dst_k]
    for comp in np.unique(label[on_cycle]):
        members = np.flatnonzero(label == comp)
        mine = np.flatnonzero(inner & (label[src_k] == comp))
        if len(members) > dense_cycle:  # sparse LU on the driver, not s² rows
            pos = np.full(n, -1, np.int64)
            pos[members] = np.arange(len(members))
            block = sp.csc_matrix((cw_k[mine], (pos[src_k[mine]], pos[dst_k[mine]])), shape=(len(members),) * 2)
            d = inverse_diagonal(block, np.zeros(len(members), np.int64))
            diag += [(names[u], float(x)) for u, x in zip(members, d)]
            lu = splu((sp.identity(len(members), format="csc") - block).tocsc())
            large.append(LargeBlock((), [names[u] for u in members], (lu, lu)))
            inner_ties += [(names[src_k[i]], names[dst_k[i]]) for i in mine.tolist()]
            continue
        pos = {int(v): j for j, v in enumerate(members)}
        block = np.eye(len(members))
        for i in mine:
            block[pos[int(src_k[i])], pos[int(dst_k[i])]] -= cw_k[i]
        b = np.linalg.inv(block)
        for a, u in enumerate(members):
            diag.append((names[u], float(b[a, a])))
            rows += [(names[v], names[u], float(b[a, j]), float(b[a, j])) for j, v in enumerate(members)]
            inner_ties += [(names[u], names[v]) for v in members]
    cut = [(names[s], names[d]) for s, d in zip(src[cut_sel], dst[cut_sel])]
    blocks = None
    if rows or large:
        small = pa.table({k: pa.array([r[i] for r in rows], pa.float64() if k.startswith("b_") else pa.string())
                          for i, k in enumerate(("node", "into", "b_y1", "b_y2"))}) if rows else None
        inner_df = spark.createDataFrame(pa.table({"holder": pa.array([r[0] for r in inner_ties], pa.string()),
                                                   "subject": pa.array([r[1] for r in inner_ties], pa.string())}))
        blocks = Blocks(spark, small, large, values=("y1", "y2"), inner=inner_df)
    return (blocks, spark.createDataFrame(diag, "node string, d double") if diag else None,
            spark.createDataFrame(cut, "holder string, subject string") if cut else None)


def network_values_spark(spark, raw, model: str = "linear", theta: float = 0.5, max_iter: int = 10000,
                         stats: dict | None = None, dense_cycle: int = DENSE_CYCLE) -> pa.Table:
    """Every holder's ``(node, value, raw_value, direct)`` — corrected and raw network value and direct
    holdings, as :func:`kingmaker.analysis.network.network_values` gives them with values 1 per firm —
    for a raw edge DataFrame (:mod:`kingmaker.distributed.spark_ownership`'s columns)."""
    from pyspark.sql import functions as F

    edges, _, _ = prepare(raw)
    w = (edges.where(F.col("kind") == "shareholding")
         .select("holder", "subject", ((F.col("lo") + F.col("hi")) / 2).alias("w")).where(F.col("w") != 0))
    direct = w.groupBy(F.col("holder").alias("node")).agg(F.count("*").alias("direct"))
    c = _control(w, model, theta).cache()
    blocks, diag, cut = _blocks(spark, c, dense_cycle)
    if cut is not None:
        c = c.join(cut, ["holder", "subject"], "left_anti").cache()
    d = (c.select(F.col("subject").alias("node")).distinct().join(diag, "node", "left") if diag is not None
         else c.select(F.col("subject").alias("node")).distinct().withColumn("d", F.lit(1.0)))
    d = d.select("node", F.coalesce(F.col("d"), F.lit(1.0)).alias("d"))
    # u = C v and C (v / d): every subject is a firm (holdings in persons and unknown parties are dropped)
    u = (c.join(d.withColumnRenamed("node", "subject"), "subject")
         .groupBy(F.col("holder").alias("node")).agg(F.sum("c").alias("y1"), F.sum(F.col("c") / F.col("d")).alias("y2")))
    cross = c if blocks is None else c.join(blocks.inner, ["holder", "subject"], "left_anti")
    cross = cross.select(F.col("subject").alias("node"), F.col("holder").alias("dst"), "c").cache()
    y, steps = walk_sums(u, cross, {"y1": "c", "y2": "c"}, blocks, max_iter=max_iter)  # walks towards the holders
    if stats is not None:
        stats["value_steps"] = steps
    y = y.select("node", F.col("y1").alias("raw_value"), "y2")
    firm = d.select("node", "d", F.lit(1.0).alias("v"))  # the subjects; a holder held by nobody: d = 1
    y2 = F.coalesce(F.col("y2"), F.lit(0.0))
    dd = F.coalesce(F.col("d"), F.lit(1.0))
    out = (direct.join(y, "node", "left").join(firm, "node", "left")  # every holder, a closed loop's cut ones too
           .select("node", F.coalesce(F.col("raw_value"), F.lit(0.0)).alias("raw_value"),
                   (y2 - (dd - 1.0) * F.coalesce(F.col("v"), F.lit(0.0)) / dd).alias("value"), "direct",
                   F.abs(y2).alias("size")))
    table = collect_arrow(out)
    value = table["value"].to_numpy(zero_copy_only=False).astype(float)
    size = table["size"].to_numpy(zero_copy_only=False).astype(float)
    value[np.abs(value) <= 1e-12 * max(1.0, float(size.max(initial=0)))] = 0.0  # 0 in exact arithmetic stays 0
    return pa.table({"node": table["node"], "value": value, "raw_value": table["raw_value"],
                     "direct": table["direct"].cast(pa.int64())})


def top_controllers_spark(spark, edges_path, model: str = "linear", top: int = 10, stats: dict | None = None):
    """:func:`kingmaker.analysis.network.top_controllers` of a Parquet edge table, computed on Spark."""
    from kingmaker.analysis.network import rank_controllers

    t = network_values_spark(spark, spark.read.parquet(str(edges_path)), model, stats=stats)
    return rank_controllers(t["node"].to_pylist(), t["value"].to_numpy(), t["raw_value"].to_numpy(),
                            t["direct"].to_numpy(), top)


__all__ = ["MODELS", "network_values_spark", "top_controllers_spark"]
