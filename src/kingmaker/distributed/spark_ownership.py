"""Integrated ownership and UBOs on Apache Spark DataFrames (optional extra ``kingmaker[spark]``).

The same computation as :mod:`kingmaker.analysis.ownership.bulk`, expressed as joins over partitioned
edge tables so that it scales past one machine (UK PSC, GLEIF, Orbis-size graphs):

1. *prepare*: drop holdings in natural persons / unidentified parties, add up parallel holdings, check
   that lower ends add up to at most 100 % per subject, tighten upper ends by the others' lower ends,
   derive majority-control edges (:mod:`kingmaker.analysis.ownership.graph`);
2. *values*: semi-naive walk sums from every person, ``D ← D ⋈ M`` (lower and upper ends together),
   ``X = Σ D``, until every delta is at most ``tol``;
3. *labels*: exclusive ends and control as reachability labels, semi-naive, all in one loop;
4. *verdicts*: the three-valued threshold test, with the same 1e-12 tie tolerance.

Input: a Parquet edge table with columns ``holder, subject, kind, lo, hi, lo_excl, hi_excl,
holder_kind, subject_kind`` (shares as fractions of one; :func:`edges_to_parquet` writes one from an
edges-csv file). Output: Parquet tables ``ownership`` and ``ubo`` (:func:`run_parquet`).
Upper bounds through a component whose upper ends do not leak are not supported here (they diverge);
such input raises :class:`DivergentBounds` — the in-process engine handles it.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kingmaker.analysis.ownership.integrated import verdict_masks
from kingmaker.analysis.ownership.graph import InconsistentShares
from kingmaker.errors import DivergentBounds  # noqa: F401 (re-exported)

OWN = ("shareholding", "voting_rights")
PRUNE = 1e-18


def session(master: str = "local[2]", app: str = "kingmaker", shuffle_partitions: int = 4):
    """A local Spark session sized for tests and benchmarks."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(master).appName(app)
             .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
             .config("spark.default.parallelism", str(shuffle_partitions))
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.adaptive.enabled", "false").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def edges_to_parquet(edge_table, path: str | Path) -> None:
    """Write an :class:`~kingmaker.io.edges_csv.EdgeTable` as the normalised Parquet edge table."""
    import numpy as np

    t = edge_table.table
    n = len(edge_table)

    def col(name: str):
        return t.column(name) if name in t.column_names else pa.array([""] * n, pa.string())

    pq.write_table(pa.table({
        "holder": t.column("holder"), "subject": t.column("subject"), "kind": pa.array(edge_table.kind.tolist(), pa.string()),
        "lo": np.where(edge_table.has_share, edge_table.lo / 100, 0.0),
        "hi": np.where(edge_table.has_share, edge_table.hi / 100, 1.0),
        "lo_excl": edge_table.lo_x, "hi_excl": edge_table.hi_x,
        "holder_kind": col("holder_kind"), "subject_kind": col("subject_kind"),
    }), path)


def prepare(raw):
    """(edges, control, persons): aggregated & tightened ownership edges, control edges, person ids."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    kinds = (raw.select(F.col("holder").alias("node"), F.col("holder_kind").alias("k"))
             .unionByName(raw.select(F.col("subject").alias("node"), F.col("subject_kind").alias("k")))
             .where(F.col("k") != "").groupBy("node").agg(F.max("k").alias("node_kind")))
    terminal = kinds.where(F.col("node_kind").isin("person", "unknown")).select("node")
    persons = kinds.where(F.col("node_kind") == "person").select(F.col("node").alias("p"))
    own = raw.where(F.col("kind").isin(*OWN)).join(terminal.withColumnRenamed("node", "subject"), "subject", "left_anti")
    agg = (own.groupBy("holder", "subject", "kind")
           .agg(F.sum("lo").alias("lo"), F.sum("hi").alias("hi_sum"), F.max(F.col("lo_excl").cast("int")).alias("lx"),
                F.max(F.col("hi_excl").cast("int")).alias("hx")))
    agg = agg.select("holder", "subject", "kind", "lo", F.least(F.col("hi_sum"), F.lit(1.0)).alias("hi"),
                     (F.col("lx") > 0).alias("lo_excl"), ((F.col("hx") > 0) & (F.col("hi_sum") <= 1.0)).alias("hi_excl"))
    w = Window.partitionBy("subject", "kind")
    agg = agg.withColumn("total", F.sum("lo").over(w)).withColumn("nx", F.sum(F.col("lo_excl").cast("int")).over(w))
    over = agg.where(F.col("total") > 1 + 1e-9).select("subject", "kind", "total").limit(1).collect()
    if over:
        r = over[0]
        raise InconsistentShares(f"the {r['kind'].replace('_', ' ')} recorded in {r['subject']!r} add up to at least "
                                 f"{r['total'] * 100:.6g} % (more than 100 %)")
    cap = F.least(F.greatest(F.lit(1.0) - (F.col("total") - F.col("lo")), F.lit(0.0)), F.lit(1.0))
    cap_x = (F.col("nx") - F.col("lo_excl").cast("int")) > 0
    edges = agg.select(
        "holder", "subject", "kind", "lo",
        F.greatest(F.when(cap < F.col("hi"), cap).otherwise(F.col("hi")), F.col("lo")).alias("hi"),
        "lo_excl",
        F.when(cap < F.col("hi"), cap_x).when(cap == F.col("hi"), F.col("hi_excl") | cap_x)
        .otherwise(F.col("hi_excl")).alias("hi_excl"),
    )
    maj_c = edges.where((F.col("lo") > 0.5) | ((F.col("lo") == 0.5) & F.col("lo_excl"))).select("holder", "subject", F.lit("c").alias("level"))
    maj_p = edges.where(F.col("hi") > 0.5).select("holder", "subject", F.lit("p").alias("level"))
    appoint = (raw.where(F.col("kind") == "appointment_right")
               .join(terminal.withColumnRenamed("node", "subject"), "subject", "left_anti")
               .select("holder", "subject", F.lit("p").alias("level")))
    control = maj_c.unionByName(maj_p).unionByName(appoint).distinct()
    return edges.cache(), control.cache(), persons.cache()


def _values(edges, persons, tol: float, max_iter: int):
    """Walk sums from every person: rows (p, node, kind, lo, hi), persons' own rows excluded."""
    from pyspark.sql import functions as F

    m = edges.select(F.col("holder").alias("node"), F.col("subject").alias("dst"), "kind",
                     F.col("lo").alias("wlo"), F.col("hi").alias("whi")).where(F.col("whi") > 0).cache()
    start = persons.crossJoin(F.broadcast(m.select("kind").distinct()))
    d = start.select("p", F.col("p").alias("node"), "kind", F.lit(1.0).alias("lo"), F.lit(1.0).alias("hi"))
    parts = []
    for _ in range(max_iter):
        d = (d.join(m, ["node", "kind"])
             .groupBy("p", F.col("dst").alias("node"), "kind")
             .agg(F.sum(F.col("lo") * F.col("wlo")).alias("lo"), F.sum(F.col("hi") * F.col("whi")).alias("hi")))
        d = d.select("p", "node", "kind", F.when(F.col("lo") < PRUNE, 0.0).otherwise(F.col("lo")).alias("lo"),
                     "hi").where(F.col("hi") >= PRUNE).localCheckpoint()  # cuts the lineage
        top = d.agg(F.max("hi")).collect()[0][0]
        if top is None:
            break
        parts.append(d)
        if top <= tol:
            break
    else:
        raise DivergentBounds("upper-bound walk sums did not converge in "
                              f"{max_iter} steps; use the in-process engine (analysis.ownership.bulk)")
    if not parts:
        return None
    x = parts[0]
    for p in parts[1:]:
        x = x.unionByName(p)
    return x.groupBy("p", "node", "kind").agg(F.sum("lo").alias("lo"), F.least(F.sum("hi"), F.lit(1.0)).alias("hi")) \
        .where(F.col("p") != F.col("node"))


def _labels(spark, edges, control, persons):
    """Reachability labels (p, node, label) for exclusive ends (per kind) and control, one loop."""
    from pyspark.sql import functions as F

    rules = []
    for kind in OWN:
        e = edges.where(F.col("kind") == kind)
        g_lo = e.where((F.col("lo") > 0) | F.col("lo_excl"))
        g_hi = e.where(F.col("hi") > 0)
        for g, mk, tag in ((g_lo, g_lo.where(F.col("lo_excl")), "lo"), (g_hi, g_hi.where(F.col("hi_excl")), "hi")):
            r, s = f"R{tag}:{kind}", f"S{tag}:{kind}"
            rules += [g.select("holder", "subject", F.lit(r).alias("f"), F.lit(r).alias("t")),
                      g.select("holder", "subject", F.lit(s).alias("f"), F.lit(s).alias("t")),
                      mk.select("holder", "subject", F.lit(r).alias("f"), F.lit(s).alias("t"))]
    for level, tag in (("c", "CC"), ("p", "CP")):
        c = control.where(F.col("level") == level)
        rules.append(c.select("holder", "subject", F.lit(tag).alias("f"), F.lit(tag).alias("t")))
    rule = rules[0]
    for r in rules[1:]:
        rule = rule.unionByName(r)
    rule = rule.select(F.col("holder").alias("node"), F.col("subject").alias("dst"), "f", "t").distinct().cache()
    starts = [f"R{t}:{k}" for k in OWN for t in ("lo", "hi")] + ["CC", "CP"]
    seed = persons.crossJoin(spark.createDataFrame([(s,) for s in starts], ["label"])) \
        .select("p", F.col("p").alias("node"), "label")
    known = seed.localCheckpoint()
    frontier = known
    while True:
        new = (frontier.join(rule, (frontier.node == rule.node) & (frontier.label == rule.f))
               .select("p", F.col("dst").alias("node"), F.col("t").alias("label")).distinct()
               .join(known, ["p", "node", "label"], "left_anti").localCheckpoint())
        if new.isEmpty():
            break
        known = known.unionByName(new).localCheckpoint()
        frontier = new
    return known.where(F.col("p") != F.col("node"))


def compute(spark, raw, *, threshold: float = 0.25, at_least: bool = True, tol: float = 1e-13, max_iter: int = 2000):
    """(ownership, ubo) DataFrames for a raw edge DataFrame (columns as in the module docstring)."""
    from pyspark.sql import functions as F

    edges, control, persons = prepare(raw)
    vals = _values(edges, persons, tol, max_iter)
    labels = _labels(spark, edges, control, persons)
    flags = labels.groupBy("p", "node").pivot("label").agg(F.lit(True))
    rows = []
    for k in OWN:
        cols = {f"S{t}:{k}" for t in ("lo", "hi")}
        f = flags.select("p", "node", *[F.coalesce(F.col(f"`{c}`") if c in flags.columns else F.lit(None), F.lit(False))
                                         .alias(c.split(":")[0]) for c in sorted(cols)])
        v = vals.where(F.col("kind") == k) if vals is not None else None
        if v is None:
            continue
        rows.append(v.join(f, ["p", "node"], "left").select(
            F.col("p").alias("person"), F.col("node").alias("subject"), "kind", "lo", "hi",
            F.coalesce(F.col("Slo"), F.lit(False)).alias("lo_excl"),
            F.when(F.col("hi") >= 1.0 - 1e-15, False).otherwise(F.coalesce(F.col("Shi"), F.lit(False))).alias("hi_excl")))
    ownership = rows[0]
    for r in rows[1:]:
        ownership = ownership.unionByName(r)
    ownership = ownership.where(F.col("hi") > 0).cache()
    ubo = _ubo(ownership, flags, threshold, at_least)
    return ownership, ubo


def _verdict(lo, hi, lo_x, hi_x, t: float, at_least: bool):
    """Spark twin of :func:`kingmaker.analysis.ownership.integrated.verdict`: 2 certainly, 1 possibly, 0 no."""
    from pyspark.sql import functions as F

    certain, possible = verdict_masks(lo, hi, lo_x, hi_x, t, at_least, absolute=F.abs)
    return F.when(certain, 2).when(possible, 1).otherwise(0)


def _ubo(ownership, flags, t: float, at_least: bool):
    from pyspark.sql import functions as F

    o = ownership.withColumn("v", _verdict(F.col("lo"), F.col("hi"), F.col("lo_excl"), F.col("hi_excl"), t, at_least))
    piv = o.groupBy("person", "subject").agg(
        *[F.max(F.when(F.col("kind") == k, F.col(c))).alias(f"{name}_{c}") for k, name in
          (("shareholding", "ownership"), ("voting_rights", "votes")) for c in ("lo", "hi")],
        F.max("v").alias("v"))
    ctrl_cols = [c for c in ("CC", "CP") if c in flags.columns]
    ctrl = flags.select(F.col("p").alias("person"), F.col("node").alias("subject"),
                        *[F.coalesce(F.col(c), F.lit(False)).alias(c) for c in ctrl_cols])
    for c in ("CC", "CP"):
        if c not in ctrl_cols:
            ctrl = ctrl.withColumn(c, F.lit(False))
    ctrl = ctrl.where(F.col("CP") | F.col("CC")).select(
        "person", "subject", F.when(F.col("CC"), 2).otherwise(1).alias("c"))
    words = F.array(F.lit("no"), F.lit("possibly"), F.lit("certainly"))
    both = piv.join(ctrl, ["person", "subject"], "full_outer")
    best = F.greatest(F.coalesce(F.col("v"), F.lit(0)), F.coalesce(F.col("c"), F.lit(0)))
    return both.select(
        "subject", "person",
        *[F.coalesce(F.col(f"{n}_{c}"), F.lit(0.0)).alias(f"{n}_{c}") for n in ("ownership", "votes") for c in ("lo", "hi")],
        F.element_at(words, F.coalesce(F.col("c"), F.lit(0)) + 1).alias("control"),
        F.element_at(words, best + 1).alias("verdict"),
    ).where(best > 0)


def run_parquet(spark, edges_path: str | Path, out_dir: str | Path, **kw) -> dict[str, str]:
    """Read a Parquet edge table, write ``ownership`` and ``ubo`` Parquet tables under ``out_dir``."""
    raw = spark.read.parquet(str(edges_path))
    ownership, ubo = compute(spark, raw, **kw)
    out = {"ownership": str(Path(out_dir) / "ownership"), "ubo": str(Path(out_dir) / "ubo")}
    ownership.write.mode("overwrite").parquet(out["ownership"])
    ubo.write.mode("overwrite").parquet(out["ubo"])
    return out


def to_arrow(df) -> pa.Table:
    """Collect a (small) DataFrame as a sorted Arrow table, for comparisons with the local engine."""
    rows = df.collect()
    cols = df.columns
    table = pa.table({c: [r[c] for r in rows] for c in cols}) if rows else pa.table({c: [] for c in cols})
    keys = [c for c in ("subject", "person", "kind") if c in cols]
    return table.sort_by([(k, "ascending") for k in keys])
