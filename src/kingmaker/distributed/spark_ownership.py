"""Integrated ownership and UBOs on Apache Spark DataFrames (optional extra ``kingmaker[spark]``).

The same computation as :mod:`kingmaker.analysis.ownership.bulk`, expressed as joins over partitioned
edge tables so that it scales past one machine (UK PSC, GLEIF, Orbis-size graphs):

1. *prepare*: drop holdings in natural persons / unidentified parties, add up parallel holdings, check
   that lower ends add up to at most 100 % per subject, tighten upper ends by the others' lower ends,
   derive majority-control edges (:mod:`kingmaker.analysis.ownership.graph`);
2. *cycles*: find the strongly connected components and invert each one's block
   (:func:`cycle_blocks`), so that the walks need as many join steps as the longest chain of the
   condensed graph — not the ~100 steps a cycle needs until its walk sums fade below 1e-13; a large
   component is solved on the driver with its sparse LU factors;
3. *values*: walk sums from every person, ``D ← (D ⋈ M) ⋈ B`` (lower and upper ends together),
   ``X = Σ D``, until no walk is left;
4. *labels*: exclusive ends and control as reachability labels, semi-naive, all in one loop over each
   label's condensed graph (:func:`kingmaker.distributed.condensed.reach`): as many steps as its longest
   chain, not as a cycle is long;
5. *verdicts*: the three-valued threshold test, with the same 1e-12 tie tolerance.

Input: a Parquet edge table with columns ``holder, subject, kind, lo, hi, lo_excl, hi_excl,
holder_kind, subject_kind`` (shares as fractions of one). ``kind`` is ``shareholding`` or
``voting_rights`` (a holding), ``control:certain`` or ``control:possible`` (a control interest), or
``appointment_right`` (possible control, as edges-csv writes it). ``kingmaker export --format parquet``
writes one from a store (:func:`graph_to_parquet`), :func:`edges_to_parquet` from an edges-csv file.
Output: Parquet tables ``ownership`` and ``ubo`` (:func:`run_parquet`; ``python -m
kingmaker.distributed.job`` under ``spark-submit``, docs/spark.md).
"""
from __future__ import annotations

import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kingmaker.analysis.ownership.integrated import verdict_masks
from kingmaker.analysis.ownership.graph import InconsistentShares
from kingmaker.distributed.condensed import DENSE_CYCLE, Blocks, LargeBlock, collect_arrow, log, reach, walk_sums
from kingmaker.errors import DivergentBounds

OWN = ("shareholding", "voting_rights")
PRUNE = 1e-18
CONTROL_TIE_LABELS = ("control:certain", "control:possible")  # how graph_to_parquet marks control ties, not relation kinds


def session(master: str | None = "local[2]", app: str = "kingmaker", shuffle_partitions: int = 4):
    """A Spark session: ``master`` a URL (``local[2]``, ``spark://host:7077``, ``yarn``, …), or ``None`` to take
    the one ``spark-submit`` was given. Local sessions are sized for tests and benchmarks: ``shuffle_partitions``
    parts per shuffle — also under ``spark-submit --master local[…]`` unless its ``--conf
    spark.sql.shuffle.partitions`` says otherwise (Spark's default of 200 parts made every step of the loops 200
    tasks a stage: the recipe of docs/spark.md ran over 10 minutes on 6 ties at load 16, issue 19)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = (builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
                       .config("spark.default.parallelism", str(shuffle_partitions)).config("spark.driver.memory", "2g"))
    spark = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.adaptive.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    given = spark.sparkContext.getConf()
    if master is None and given.get("spark.master", "").startswith("local") and not given.contains("spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return spark


def graph_to_parquet(graph, path: str | Path) -> int:
    """Write a :class:`~kingmaker.analysis.ownership.graph.Graph` as the Parquet edge table (the module
    docstring): its aggregated holdings with their bands' open ends and its control interests, as the
    in-process engine reads them — so that both engines start from the same ties. Returns the rows written (here: the holding, and the
    certain and possible control that a 60 % majority gives).

    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> from kingmaker.analysis.ownership.graph import graph_from_columns
    >>> g = graph_from_columns(pa.array(["al", "co"]), pa.array(["person", "company"]), pa.array(["al"]),
    ...                        pa.array(["co"]), pa.array(["shareholding"]), pa.array([60.0]), pa.array([60.0]))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     graph_to_parquet(g, d + "/ties.parquet"), pq.read_table(d + "/ties.parquet").to_pylist()[0]["hi"]
    (3, 0.6)
    """
    import numpy as np

    ids = np.array(graph.ids, dtype=object)
    kinds = np.asarray(graph.kinds, dtype=object)
    parts = []

    def rows(src, dst, kind, lo, hi, lo_x, hi_x):
        src, dst = np.asarray(src, np.int64), np.asarray(dst, np.int64)
        parts.append(pa.table({
            "holder": pa.array(ids[src], pa.string()), "subject": pa.array(ids[dst], pa.string()),
            "kind": pa.array([kind] * len(src), pa.string()),
            "lo": pa.array(np.asarray(lo, dtype=float), pa.float64()), "hi": pa.array(np.asarray(hi, dtype=float), pa.float64()),
            "lo_excl": pa.array(np.asarray(lo_x, bool)), "hi_excl": pa.array(np.asarray(hi_x, bool)),
            "holder_kind": pa.array(kinds[src], pa.string()), "subject_kind": pa.array(kinds[dst], pa.string())}))

    for kind, e in graph.own.items():
        rows(e.src, e.dst, kind, [float(v) for v in e.lo.tolist()], [float(v) for v in e.hi.tolist()], e.lo_x, e.hi_x)
    for kind, (src, dst) in zip(CONTROL_TIE_LABELS, (graph.ctrl_certain, graph.ctrl_possible)):
        none = np.zeros(len(src), bool)
        rows(src, dst, kind, np.zeros(len(src)), np.zeros(len(src)), none, none)
    table = pa.concat_tables(parts)
    pq.write_table(table, path)
    return table.num_rows


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
    cap = F.least(F.greatest(F.lit(1.0) - (F.col("total") - F.col("lo")), F.lit(0.0)), F.lit(1.0))
    cap_x = (F.col("nx") - F.col("lo_excl").cast("int")) > 0
    checked = agg.select(
        "holder", "subject", "kind", "lo",
        F.greatest(F.when(cap < F.col("hi"), cap).otherwise(F.col("hi")), F.col("lo")).alias("hi"),
        "lo_excl",
        F.when(cap < F.col("hi"), cap_x).when(cap == F.col("hi"), F.col("hi_excl") | cap_x)
        .otherwise(F.col("hi_excl")).alias("hi_excl"),
        "total",
    ).cache()
    # one job over the cached edges (it fills the cache), not a ``limit(1).collect()`` that scans part after part
    r = (checked.where(F.col("total") > 1 + 1e-9).agg(F.min(F.struct("subject", "kind", "total")).alias("r"))
         .collect()[0]["r"])
    if r is not None:
        raise InconsistentShares(f"the {r['kind'].replace('_', ' ')} recorded in {r['subject']!r} add up to at least "
                                 f"{r['total'] * 100:.6g} % (more than 100 %)")
    edges = checked.drop("total")
    maj_c = edges.where((F.col("lo") > 0.5) | ((F.col("lo") == 0.5) & F.col("lo_excl"))).select("holder", "subject", F.lit("c").alias("level"))
    maj_p = edges.where(F.col("hi") > 0.5).select("holder", "subject", F.lit("p").alias("level"))
    stated = (raw.where(F.col("kind").isin("appointment_right", *CONTROL_TIE_LABELS))
              .join(terminal.withColumnRenamed("node", "subject"), "subject", "left_anti")
              .select("holder", "subject", F.when(F.col("kind") == "control:certain", "c").otherwise("p").alias("level")))
    control = maj_c.unionByName(maj_p).unionByName(stated).distinct()
    return edges, control.cache(), persons.cache()


def cycle_ties(edges, control=None) -> pa.Table:
    """Every tie that can lie on a cycle — of the walk sums (a positive upper end), of a label family (a
    positive or exclusive lower end; ``control`` ties) — on the driver, as one Arrow table ``holder,
    subject, kind, lo, hi, lo_excl, hi_excl`` (control ties: ``kind`` ``control:c`` or ``control:p``, no
    shares). One pass of trimming in Spark (a holder with an owner and a subject with a holding, of the
    same kind) keeps every tie on a cycle and leaves out most others. :func:`cycle_blocks` finds the walk
    sums' components in it and :func:`_labels` the label families'
    (:func:`~kingmaker.distributed.condensed.reach`), so one run collects it once."""
    from pyspark.sql import functions as F

    cols = ("holder", "subject", "kind", "lo", "hi", "lo_excl", "hi_excl")
    e = edges.where((F.col("hi") > 0) | (F.col("lo") > 0) | F.col("lo_excl")).select(*cols)
    if control is not None:
        e = e.unionByName(control.select("holder", "subject", F.concat(F.lit("control:"), "level").alias("kind"),
                                         F.lit(None).cast("double").alias("lo"), F.lit(None).cast("double").alias("hi"),
                                         F.lit(False).alias("lo_excl"), F.lit(False).alias("hi_excl")))
    owned = e.select(F.col("subject").alias("holder"), "kind").distinct()
    holding = e.select(F.col("holder").alias("subject"), "kind").distinct()
    return collect_arrow(e.join(owned, ["holder", "kind"], "left_semi").join(holding, ["subject", "kind"], "left_semi")
                         .select(*cols))


def cycle_blocks(spark, edges, *, limit: int = DENSE_CYCLE, ties: pa.Table | None = None):
    """The walk sums inside every cycle, per kind: ``(blocks, divergent)``, or ``(None, None)`` without cycles.

    The nodes on cycles are the strongly connected components (of more than one node, or with a tie to
    itself) of the ties with a positive upper end. ``blocks`` (:class:`~kingmaker.distributed.condensed.Blocks`)
    holds ``(I − M_S)⁻¹`` for the lower and upper ends ``M_S`` of every component's inner ties, so that
    a walk entering the component at ``node`` stands for every walk through it to ``dst`` — the iteration
    then runs over the condensed graph, which has no cycles, in as many steps as its longest chain (Tarjan
    1972 for the components; the block inverse is the geometric series of the walks, Leontief's
    inverse): a component of up to ``limit`` nodes as rows ``(node, into, kind, b_lo, b_hi)`` for every
    pair of its members, a larger one as sparse LU factors on the driver. A component whose upper ends do
    not leak (spectral radius ≥ 0.999, :func:`kingmaker.analysis.ownership.bulk.divergent_nodes`, the
    in-process rule) has its inner ties cut for the upper ends and is listed in ``divergent`` ``(node,
    kind)``: everything a person reaches through it is bounded by 100 %, as in process. One whose lower
    ends do not leak raises :class:`DivergentBounds` (in process they run to the step limit).

    The components are found on the driver from the ties that can be on a cycle (:func:`cycle_ties`,
    collected here unless ``ties`` gives them), so the driver holds two ids and two numbers per such tie."""
    import numpy as np
    import pyarrow.compute as pc
    import scipy.sparse as sp
    from pyspark.sql import functions as F
    from scipy.sparse.csgraph import connected_components
    from scipy.sparse.linalg import splu

    from kingmaker.analysis.ownership.bulk import divergent_nodes

    if ties is None:
        ties = cycle_ties(edges)
    rows, cut, large, inner_ties = [], [], [], []
    for kind in OWN:
        t = ties.filter(pc.and_(pc.equal(ties["kind"], kind), pc.greater(ties["hi"], 0))) if ties.num_rows else ties
        if t.num_rows == 0:
            continue
        ids = pc.unique(pa.concat_arrays([t["holder"].combine_chunks(), t["subject"].combine_chunks()]))
        src = pc.index_in(t["holder"], value_set=ids).to_numpy().astype(np.int64)
        dst = pc.index_in(t["subject"], value_set=ids).to_numpy().astype(np.int64)
        lo, hi = t["lo"].to_numpy().astype(float), t["hi"].to_numpy().astype(float)
        n = len(ids)
        _, label = connected_components(sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n)),
                                        directed=True, connection="strong")
        size = np.bincount(label, minlength=n)
        on_cycle = (size[label] > 1) | np.isin(np.arange(n), src[src == dst])
        if not on_cycle.any():
            continue
        inner = label[src] == label[dst]
        div = set(divergent_nodes(n, src[inner], dst[inner], hi[inner]).tolist())
        names = ids.to_pylist()
        order = np.argsort(label, kind="stable")
        comps = np.split(order, np.flatnonzero(np.diff(label[order])) + 1)
        by_comp = {}
        for i in np.flatnonzero(inner):
            by_comp.setdefault(int(label[src[i]]), []).append(i)
        for members in comps:
            if not on_cycle[members[0]]:
                continue
            s = len(members)
            cut_here = int(members[0]) in div
            if cut_here:
                cut += [(names[v], kind) for v in members]
            refused = DivergentBounds(f"the lower ends of the {kind.replace('_', ' ')} in a closed loop of "
                                      f"{', '.join(names[v] for v in members[:5])} do not leak; use the in-process engine")
            mine = np.array(by_comp.get(int(label[members[0]]), []), dtype=np.int64)
            if s > limit:  # sparse LU on the driver, not s² rows
                pos = np.full(n, -1, np.int64)
                pos[members] = np.arange(s)
                a, b = pos[src[mine]], pos[dst[mine]]
                if len(divergent_nodes(s, a[lo[mine] > 0], b[lo[mine] > 0], lo[mine][lo[mine] > 0])):
                    raise refused
                eye = sp.identity(s, format="csc")
                lu_lo = splu((eye - sp.csc_matrix((lo[mine], (a, b)), shape=(s, s))).tocsc())
                lu_hi = None if cut_here else splu((eye - sp.csc_matrix((hi[mine], (a, b)), shape=(s, s))).tocsc())
                large.append(LargeBlock((kind,), [names[v] for v in members], (lu_lo, lu_hi)))
                inner_ties += [(names[src[i]], names[dst[i]], kind) for i in mine.tolist()]
                continue
            pos = {int(v): j for j, v in enumerate(members)}
            m_lo, m_hi = np.zeros((s, s)), np.zeros((s, s))
            for i in mine.tolist():
                m_lo[pos[int(src[i])], pos[int(dst[i])]] += lo[i]
                m_hi[pos[int(src[i])], pos[int(dst[i])]] += hi[i]
            if max(abs(np.linalg.eigvals(m_lo))) >= 0.999:
                raise refused
            b_lo = np.linalg.inv(np.eye(s) - m_lo)
            b_hi = np.eye(s) if cut_here else np.linalg.inv(np.eye(s) - m_hi)
            for a in range(s):
                for b in range(s):
                    rows.append((names[members[a]], names[members[b]], kind, float(b_lo[a, b]), float(b_hi[a, b])))
                    inner_ties.append((names[members[a]], names[members[b]], kind))
    if not rows and not large:
        return None, None
    small = pa.table({k: pa.array([r[i] for r in rows], pa.float64() if k.startswith("b_") else pa.string())
                      for i, k in enumerate(("node", "into", "kind", "b_lo", "b_hi"))}) if rows else None
    inner = spark.createDataFrame(pa.table({k: pa.array([r[i] for r in inner_ties], pa.string())
                                            for i, k in enumerate(("node", "dst", "kind"))}))
    blocks = Blocks(spark, small, large, rows=("p",), along=("kind",), values=("lo", "hi"), transpose=True, inner=inner)
    divergent = spark.createDataFrame(cut, "node string, kind string") if cut else None
    return blocks, divergent


def _values(spark, edges, persons, max_iter: int, stats: dict | None = None, dense_cycle: int = DENSE_CYCLE,
            ties: pa.Table | None = None):
    """Walk sums from every person over the condensed graph: rows ``(p, node, kind, lo, hi, capped)``,
    persons' own rows excluded; ``hi`` capped at 100 % (``capped``: the sum was above, or the node is
    reached through a component whose upper ends do not leak). ``ties``: :func:`cycle_ties`."""
    from pyspark.sql import functions as F

    blocks, divergent = cycle_blocks(spark, edges, limit=dense_cycle, ties=ties)
    m = edges.select(F.col("holder").alias("node"), F.col("subject").alias("dst"), "kind",
                     F.col("lo").alias("wlo"), F.col("hi").alias("whi")).where(F.col("whi") > 0)
    if blocks is not None:  # the ties inside a component are in its block
        m = m.join(blocks.inner, ["node", "dst", "kind"], "left_anti")
    m = m.cache()
    start = persons.crossJoin(F.broadcast(m.select("kind").distinct()))
    start = start.select("p", F.col("p").alias("node"), "kind", F.lit(1.0).alias("lo"), F.lit(1.0).alias("hi"))
    x, steps = walk_sums(start, m, {"lo": "wlo", "hi": "whi"}, blocks, rows=("p",), along=("kind",), prune=PRUNE,
                         max_iter=max_iter)
    if stats is not None:
        stats["value_steps"] = steps
    x = x.select("p", "node", "kind", "lo", F.least(F.col("hi"), F.lit(1.0)).alias("hi"),
                 (F.col("hi") > 1.0 + 1e-12).alias("capped"))
    if divergent is not None:
        x = _through_divergent(spark, x, edges, divergent, ties)
    return x.where(F.col("p") != F.col("node"))


def _through_divergent(spark, x, edges, divergent, ties: pa.Table | None = None):
    """Every node a person reaches through a component whose upper ends do not leak gets an upper end of
    100 % (in process: :func:`kingmaker.analysis.ownership.bulk.bounds`)."""
    import pyarrow.compute as pc
    from pyspark.sql import functions as F

    g = edges.where(F.col("hi") > 0).select(F.col("holder").alias("node"), F.col("subject").alias("dst"),
                                            F.col("kind").alias("family"), F.col("kind").alias("f"), F.col("kind").alias("t"))
    given = None
    if ties is not None:  # the same ties, as label rules (one family per kind)
        t = ties.filter(pc.and_(pc.is_in(ties["kind"], pa.array(OWN)), pc.greater(ties["hi"], 0))) if ties.num_rows else ties
        given = _rules_table(t["holder"], t["subject"], t["kind"], t["kind"], t["kind"])
    seed = (x.where(F.col("hi") > 0).join(divergent, ["node", "kind"], "left_semi")
            .select("p", "node", F.col("kind").alias("label")))
    known, _ = reach(spark, seed, g, given)
    reached = known.select("p", "node", F.col("label").alias("kind"), F.lit(True).alias("reached"))
    return (x.join(reached, ["p", "node", "kind"], "full_outer")
            .select("p", "node", "kind", F.coalesce(F.col("lo"), F.lit(0.0)).alias("lo"),
                    F.when(F.col("reached"), 1.0).otherwise(F.col("hi")).alias("hi"),
                    (F.coalesce(F.col("capped"), F.lit(False)) | F.coalesce(F.col("reached"), F.lit(False))).alias("capped")))


def _rules_table(node, dst, family, f, t) -> pa.Table:
    """Label rules ``(node, dst, family, f, t)`` as an Arrow table; a column is an Arrow column or one text."""
    n = len(node)

    def col(c):
        return pa.chunked_array([pa.array([c] * n, pa.string())]) if isinstance(c, str) else c.cast(pa.string())
    return pa.table({k: col(c) for k, c in zip(("node", "dst", "family", "f", "t"), (node, dst, family, f, t))})


def _label_rules_on_cycles(ties: pa.Table) -> pa.Table:
    """The label rules :func:`_labels` builds in Spark, for the ties that can lie on a cycle only
    (:func:`cycle_ties`): what :func:`~kingmaker.distributed.condensed.reach` finds components in."""
    import pyarrow.compute as pc

    parts = []
    for kind in OWN:
        t = ties.filter(pc.equal(ties["kind"], kind)) if ties.num_rows else ties
        for tag, keep, mark in (("lo", pc.or_kleene(pc.greater(t["lo"], 0), t["lo_excl"]), "lo_excl"),
                                ("hi", pc.greater(t["hi"], 0), "hi_excl")):
            g = t.filter(keep) if t.num_rows else t
            mk = g.filter(g[mark]) if g.num_rows else g
            r, s, fam = f"R{tag}:{kind}", f"S{tag}:{kind}", f"{tag}:{kind}"
            parts += [_rules_table(g["holder"], g["subject"], fam, r, r), _rules_table(g["holder"], g["subject"], fam, s, s),
                      _rules_table(mk["holder"], mk["subject"], fam, r, s)]
    for level, tag in (("c", "CC"), ("p", "CP")):
        c = ties.filter(pc.equal(ties["kind"], f"control:{level}")) if ties.num_rows else ties
        parts.append(_rules_table(c["holder"], c["subject"], tag, tag, tag))
    return pa.concat_tables(parts)


def _labels(spark, edges, control, persons, stats: dict | None = None, ties: pa.Table | None = None):
    """Reachability labels (p, node, label) for exclusive ends (per kind) and control, one loop over the
    condensed graph (:func:`~kingmaker.distributed.condensed.reach`; ``ties``: :func:`cycle_ties` with the
    control ties, from which the label families' components are found without collecting again)."""
    from pyspark.sql import functions as F

    rules = []
    for kind in OWN:
        e = edges.where(F.col("kind") == kind)
        g_lo = e.where((F.col("lo") > 0) | F.col("lo_excl"))
        g_hi = e.where(F.col("hi") > 0)
        for g, mk, tag in ((g_lo, g_lo.where(F.col("lo_excl")), "lo"), (g_hi, g_hi.where(F.col("hi_excl")), "hi")):
            r, s, fam = f"R{tag}:{kind}", f"S{tag}:{kind}", F.lit(f"{tag}:{kind}").alias("family")
            rules += [g.select("holder", "subject", fam, F.lit(r).alias("f"), F.lit(r).alias("t")),
                      g.select("holder", "subject", fam, F.lit(s).alias("f"), F.lit(s).alias("t")),
                      mk.select("holder", "subject", fam, F.lit(r).alias("f"), F.lit(s).alias("t"))]
    for level, tag in (("c", "CC"), ("p", "CP")):
        c = control.where(F.col("level") == level)
        rules.append(c.select("holder", "subject", F.lit(tag).alias("family"), F.lit(tag).alias("f"), F.lit(tag).alias("t")))
    rule = rules[0]
    for r in rules[1:]:
        rule = rule.unionByName(r)
    rule = rule.select(F.col("holder").alias("node"), F.col("subject").alias("dst"), "family", "f", "t").distinct().cache()
    starts = [f"R{t}:{k}" for k in OWN for t in ("lo", "hi")] + ["CC", "CP"]
    seed = persons.crossJoin(spark.createDataFrame([(s,) for s in starts], ["label"])) \
        .select("p", F.col("p").alias("node"), "label")
    known, steps = reach(spark, seed, rule, _label_rules_on_cycles(ties) if ties is not None else None)
    if stats is not None:
        stats["label_steps"] = steps
    return known.where(F.col("p") != F.col("node"))


def compute(spark, raw, *, threshold: float = 0.25, at_least: bool = True, max_iter: int = 10000,
            stats: dict | None = None, dense_cycle: int = DENSE_CYCLE):
    """(ownership, ubo) DataFrames for a raw edge DataFrame (columns as in the module docstring);
    ``stats``, if given, receives the join steps taken (``value_steps``, ``label_steps``); components of
    more than ``dense_cycle`` nodes are solved on the driver (:func:`cycle_blocks`)."""
    from pyspark.sql import functions as F

    t0 = time.perf_counter()
    edges, control, persons = prepare(raw)
    ties = cycle_ties(edges, control)  # collected once: the walk sums' and the labels' components
    log.info("prepared, %d ties that can lie on a cycle: %.1f s", ties.num_rows, time.perf_counter() - t0)
    t0 = time.perf_counter()
    vals = _values(spark, edges, persons, max_iter, stats, dense_cycle, ties)
    log.info("values: %.1f s", time.perf_counter() - t0)
    t0 = time.perf_counter()
    labels = _labels(spark, edges, control, persons, stats, ties)
    log.info("labels: %.1f s", time.perf_counter() - t0)
    # the labels the tables read, one row per (person, node), named: no job to find the pivot's values, one
    # join for both kinds, and cached — the ubo table reads it again (issue 19: writing the tables was ~40 % of a run)
    names = [f"S{t}:{k}" for k in OWN for t in ("lo", "hi")] + ["CC", "CP"]
    flags = (labels.where(F.col("label").isin(*names)).groupBy("p", "node").pivot("label", names).agg(F.lit(True))
             .select("p", "node", *[F.coalesce(F.col(f"`{c}`"), F.lit(False)).alias(c.replace(":", "_")) for c in names])
             .cache())

    def by_kind(tag: str):
        kinds = [(F.col("kind") == k, F.col(f"S{tag}_{k}")) for k in OWN]
        pick = F.when(*kinds[0])
        for cond, col in kinds[1:]:
            pick = pick.when(cond, col)
        return F.coalesce(pick, F.lit(False))

    ownership = vals.where(F.col("kind").isin(*OWN)).join(flags, ["p", "node"], "left").select(
        F.col("p").alias("person"), F.col("node").alias("subject"), "kind", "lo", "hi", by_kind("lo").alias("lo_excl"),
        F.when(F.col("capped"), False).otherwise(by_kind("hi")).alias("hi_excl"))
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
    ctrl = flags.select(F.col("p").alias("person"), F.col("node").alias("subject"), "CC", "CP")
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
    """Read a Parquet edge table, write ``ownership`` and ``ubo`` Parquet tables under ``out_dir``; each phase
    and each loop step logs its seconds (logger ``kingmaker.distributed``, INFO)."""
    t0 = time.perf_counter()
    raw = spark.read.parquet(str(edges_path))
    ownership, ubo = compute(spark, raw, **kw)
    log.info("values and labels: %.1f s", time.perf_counter() - t0)
    out = {"ownership": str(Path(out_dir) / "ownership"), "ubo": str(Path(out_dir) / "ubo")}
    t0 = time.perf_counter()
    ownership.write.mode("overwrite").parquet(out["ownership"])
    log.info("ownership written: %.1f s", time.perf_counter() - t0)
    t0 = time.perf_counter()
    ubo.write.mode("overwrite").parquet(out["ubo"])
    log.info("ubo written: %.1f s", time.perf_counter() - t0)
    return out


def to_arrow(df) -> pa.Table:
    """Collect a (small) DataFrame as a sorted Arrow table, for comparisons with the local engine."""
    rows = df.collect()
    cols = df.columns
    table = pa.table({c: [r[c] for r in rows] for c in cols}) if rows else pa.table({c: [] for c in cols})
    keys = [c for c in ("subject", "person", "kind") if c in cols]
    return table.sort_by([(k, "ascending") for k in keys])
