"""Loops of joins over the condensed graph, shared by the Spark engines (:mod:`.spark_ownership`,
:mod:`.spark_network`).

Condensing every strongly connected component of a graph to one node leaves a graph without cycles
(Tarjan 1972), so a loop that moves one tie per join step ends after as many steps as the condensed
graph's longest chain — not after the ~100 steps a cycle needs until its walk sums fade, nor after as
many steps as a cycle is long for reachability. The components are found on the driver
(:func:`scipy.sparse.csgraph.connected_components`) from the ties that can lie on a cycle.

* :func:`walk_sums` — weighted walks: ``X = Σ_k D_k`` with ``D_{k+1} = through(D_k ⋈ ties)``, where
  ``through`` (a :class:`Blocks`) carries a row that enters a component to every member at once with
  the component's walk sums ``(I − M_S)⁻¹`` (Leontief's inverse; the geometric series of its walks) — for
  the small components folded into the ties once (:meth:`Blocks.fold`), so a step is one join and one job;
* :func:`reach` — reachability labels (reached; reached through a marked tie), where entering a
  component gives a label to all its members at once.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import reduce
from typing import Sequence

import numpy as np
import pyarrow as pa

from kingmaker.errors import DivergentBounds

#: a component of up to this many members has its walk sums ``(I − M_S)⁻¹`` shipped to the executors as
#: s² rows (a broadcast join); a larger one keeps its sparse LU factors on the driver (:class:`LargeBlock`)
DENSE_CYCLE = 500
#: :func:`reach` condenses only strongly connected components of at least this many members. Uncondensed,
#: a label entering a component of ``s`` members needs at most ``s − 1`` more steps to reach all of
#: them, so a tiny cycle costs a step or two, and only where it lies on the longest chain; condensing it
#: costs collecting its ties to the driver and two broadcast joins in every step. On the Spark bench
#: (172,385 ties, cycles of at most 3 members) condensing every cycle saved no step and made the label
#: phase 2.9× slower (issue 19, spark19's report); long rings (the 40-company ring, the 6,001-company
#: component in the tests) still take a bounded number of steps.
MIN_CONDENSED = 8
_RHS_CELLS = 4_000_000  # right-hand sides solved at once for a large block: members × columns
#: each loop step logs its rows and seconds here (INFO), so that a long run shows how far it got
log = logging.getLogger("kingmaker.distributed")


def collect_arrow(df) -> pa.Table:
    """A DataFrame's rows on the driver as one Arrow table (``DataFrame.toArrow``, Spark ≥ 4)."""
    if hasattr(df, "toArrow"):
        return df.toArrow()
    batches = df._collect_as_arrow()  # Spark 3.5
    return pa.Table.from_batches(batches) if batches else pa.table({f.name: pa.array([], pa.null()) for f in df.schema})


@dataclass
class LargeBlock:
    """A strongly connected component of more than :data:`DENSE_CYCLE` members: the sparse LU
    factorisation of ``I − M_S`` (SuperLU, :func:`scipy.sparse.linalg.splu` — as the in-process
    :func:`kingmaker.analysis.network.inverse_diagonal` does for large blocks) per value column, kept on
    the driver; the rows that enter the component are solved there (``None``: its inner ties are cut, the
    walk sums are the rows themselves).

    >>> import scipy.sparse as sp; from scipy.sparse.linalg import splu
    >>> two = LargeBlock((), ["a", "b"], (splu(sp.csc_matrix([[1.0, -0.5], [-0.5, 1.0]])),))  # a, b hold ½ of each other
    >>> two.solve(np.array([[1.0], [0.0]]), 0, transpose=False).round(4).tolist()  # (I − M)⁻¹ e_a
    [[1.3333], [0.6667]]
    """

    along: tuple  # the values of the ``along`` columns (the kind) this block belongs to
    names: list[str]
    factors: tuple  # one SuperLU (or None) per value column

    def solve(self, x: np.ndarray, which: int, transpose: bool) -> np.ndarray:
        """``(I − M_S)⁻¹ x`` (``transpose``: ``(I − M_S)⁻ᵀ x``) for value column ``which``."""
        lu = self.factors[which]
        return x if lu is None else lu.solve(np.ascontiguousarray(x), trans="T" if transpose else "N")


@dataclass
class Blocks:
    """The components of a weighted graph, for :func:`walk_sums`: ``small`` rows ``(node, into, *along,
    b_<value>…)`` — a row at ``node`` adds ``value × b_value`` at ``into`` — for components up to
    :data:`DENSE_CYCLE` members, and ``large`` ones solved on the driver. Rows are keyed by ``rows``
    (the person, or nothing) and ``along`` (the kind, or nothing); ``transpose``: the rows are row
    vectors ``x`` that become ``x (I − M_S)⁻¹`` (walks away from a person), otherwise column vectors
    ``(I − M_S)⁻¹ z`` (walks towards the holders)."""

    spark: object
    small: pa.Table | None  # on the driver
    large: list[LargeBlock] = field(default_factory=list)
    rows: tuple = ()
    along: tuple = ()
    values: tuple = ()
    transpose: bool = False
    inner: object | None = None  # DataFrame of the ties inside the components ``(node, dst, *along)``

    def __post_init__(self):
        from pyspark.sql import functions as F

        # ``small`` and the members of the large blocks are on the driver: as LocalRelations (``createDataFrame``
        # of an Arrow table, not cached) their broadcasts in every step start no Spark job; a cached table and
        # the members' ``distinct()`` were two jobs per step, one with a shuffle (issue 19, spark20's report).
        keys = ["node", *self.along]
        nodes = [self.small.group_by(keys).aggregate([])] if self.small is not None else []
        if self.large:
            nodes.append(pa.table({"node": pa.array([n for b in self.large for n in b.names], pa.string()),
                                   **{c: pa.array([b.along[i] for b in self.large for _ in b.names], pa.string())
                                      for i, c in enumerate(self.along)}}))
            self._large_nodes = self.spark.createDataFrame(nodes[-1])
        self.on_cycle = (F.broadcast(self.spark.createDataFrame(pa.concat_tables([t.select(keys) for t in nodes])
                                                                .group_by(keys).aggregate([]))) if nodes else None)
        self._small = F.broadcast(self.spark.createDataFrame(self.small)) if self.small is not None else None
        self._small_nodes = F.broadcast(self.spark.createDataFrame(nodes[0])) if self.small is not None else None

    def __bool__(self) -> bool:
        return self.small is not None or bool(self.large)

    def fold(self, ties, sums: dict[str, str]):
        """``(ties', sums')``: the ties ``(node, dst, *along, weights…)`` with every tie into a member of a
        small component replaced by ties to all of its members, weighted ``w × b_value`` — one weight column
        ``w_<value>`` per value (``sums'``) —, so that a join step lands where :meth:`through` would carry it
        and the loop needs no broadcast of the blocks per step (:func:`walk_sums`). By linearity
        ``Σ_v (Σ_u d_u m_uv) b_vw = Σ_u d_u (Σ_v m_uv b_vw)``: the same sums, added up in another order."""
        from pyspark.sql import functions as F

        folded = {v: f"w_{v}" for v in sums}
        ties = ties.select("node", "dst", *self.along, *[F.col(w).alias(folded[v]) for v, w in sums.items()])
        if self._small is None:
            return ties, folded
        at = ["dst", *self.along]
        keep = ties.join(self._small_nodes.withColumnRenamed("node", "dst"), at, "left_anti")
        into = (ties.join(self._small.withColumnRenamed("node", "dst"), at)
                .groupBy("node", F.col("into").alias("dst"), *self.along)
                .agg(*[F.sum(F.col(folded[v]) * F.col(f"b_{v}")).alias(folded[v]) for v in sums]))
        return keep.unionByName(into), folded

    def through(self, d, small: bool = True):
        """``d`` with every row that enters a component replaced by its walk sums to the members (``small``
        false: only the large components', for ties that :meth:`fold` has carried through the small ones)."""
        from pyspark.sql import functions as F

        if not self or not (small or self.large):
            return d
        if not small:
            parts = [d.join(F.broadcast(self._large_nodes), ["node", *self.along], "left_anti")]
        else:
            parts = [d.join(self.on_cycle, ["node", *self.along], "left_anti")]
        if small and self._small is not None:
            parts.append(d.join(self._small, ["node", *self.along])
                         .groupBy(*self.rows, F.col("into").alias("node"), *self.along)
                         .agg(*[F.sum(F.col(v) * F.col(f"b_{v}")).alias(v) for v in self.values]))
        if self.large:
            d = d.localCheckpoint()  # read twice: here and by the caller
            entering = collect_arrow(d.join(self._large_nodes, ["node", *self.along], "left_semi")
                                     .select(*self.rows, "node", *self.along, *self.values))
            solved = self._solve(entering) if entering.num_rows else None
            if solved is not None:
                parts.append(self.spark.createDataFrame(solved))
        return reduce(lambda a, b: a.unionByName(b), parts)

    def _solve(self, t: pa.Table) -> pa.Table | None:
        """The walk sums of the rows ``t`` that enter the large blocks, solved on the driver: a block of
        right-hand sides (persons) at a time, at most ``_RHS_CELLS`` members × persons."""
        import pyarrow.compute as pc

        out = []
        for block in self.large:
            members = pa.array(block.names, pa.string())
            sel = pc.is_in(t["node"], value_set=members)
            for c, v in zip(self.along, block.along):
                sel = pc.and_(sel, pc.equal(t[c], v))
            part = t.filter(sel)
            if part.num_rows == 0:
                continue
            at = pc.index_in(part["node"], value_set=members).to_numpy()
            keys = pc.unique(part[self.rows[0]]) if self.rows else None
            col = pc.index_in(part[self.rows[0]], value_set=keys).to_numpy() if self.rows else np.zeros(len(at), np.int64)
            width = len(keys) if self.rows else 1
            order = np.argsort(col, kind="stable")
            step = max(1, _RHS_CELLS // len(block.names))
            for a in range(0, width, step):
                rows = order[np.searchsorted(col[order], a):np.searchsorted(col[order], a + step)]
                sums = []
                for i, v in enumerate(self.values):
                    x = np.zeros((len(block.names), min(step, width - a)))
                    x[at[rows], col[rows] - a] = part[v].to_numpy(zero_copy_only=False)[rows]
                    sums.append(block.solve(x, i, self.transpose))
                member, column = np.nonzero(reduce(np.logical_or, [y != 0 for y in sums]))
                cols = {self.rows[0]: keys.take(pa.array(column + a))} if self.rows else {}
                cols["node"] = members.take(pa.array(member))
                cols.update({c: pa.array([v] * len(member), pa.string()) for c, v in zip(self.along, block.along)})
                cols.update({v: pa.array(y[member, column], pa.float64()) for v, y in zip(self.values, sums)})
                out.append(pa.table(cols))
        return pa.concat_tables(out) if out else None


def held(ties, keys: Sequence[str]):
    """``ties`` hash-partitioned on the join ``keys`` (``spark.sql.shuffle.partitions`` parts), sorted within
    each part and cached, for the loops' sort-merge joins (``hint("merge")``): every step then shuffles and
    sorts only its frontier. Left to itself Spark broadcasts a cached tie table under
    ``spark.sql.autoBroadcastJoinThreshold`` (10 MB) in every step — the driver collects it, builds the hash
    table and ships it again each time — and shuffles and sorts both sides of a larger one (the label rules)
    in every step (issue 19, spark20's report: this was most of a step's time on the 10⁵ bench)."""
    n = int(ties.sparkSession.conf.get("spark.sql.shuffle.partitions"))
    return ties.repartition(n, *keys).sortWithinPartitions(*keys).cache()


def checkpoint(df):
    """``(df, rows)``: ``df`` local-checkpointed (its lineage cut) and counted in one Spark job — the count
    computes every part, and the lazy checkpoint keeps them. An eager ``localCheckpoint()`` and then
    ``isEmpty()`` were two jobs in every step of the loops."""
    df = df.localCheckpoint(eager=False)
    return df, df.count()


def walk_sums(start, ties, sums: dict[str, str], blocks: Blocks | None = None, *, rows: Sequence[str] = (),
              along: Sequence[str] = (), prune: float | None = None, max_iter: int = 10000):
    """``(X, steps)``: ``X = Σ_k D_k`` summed per ``(*rows, node, *along)``, where ``D_0 = through(start)``
    and ``D_{k+1} = through(D_k ⋈ ties)`` — join on ``(node, *along)``, each value column ``v`` times its
    tie's weight column ``sums[v]``, added up at the tie's ``dst`` — with values below ``prune`` set to 0,
    rows whose values are all 0 dropped, and each step checkpointed (the lineage stays one step long),
    until a step is empty. ``through`` passes rows through the condensed components (:class:`Blocks`), so
    the ties left are those between components: ``steps`` is at most the longest chain plus one.

    ``start``: columns ``*rows, node, *along`` and the value columns; ``ties``: ``node, dst, *along`` and
    the weight columns. More than ``max_iter`` steps raise :class:`DivergentBounds`."""
    from pyspark.sql import functions as F

    keys = [*rows, "node", *along]
    values = list(sums)
    if blocks is not None:  # the small components' blocks go into the ties once, not into every step
        ties, sums = blocks.fold(ties, sums)
    ties = held(ties, ["node", *along])
    first = True

    def settle(d):
        if blocks is not None:
            d = blocks.through(d, small=first)
        if prune is not None:
            d = d.select(*keys, *[F.when(F.col(v) < prune, 0.0).otherwise(F.col(v)).alias(v) for v in values])
        return checkpoint(d.where(reduce(lambda a, b: a | b, [F.col(v) != 0 for v in values])))  # cuts the lineage

    t0 = time.perf_counter()
    d, count = settle(start)
    log.info("walk sums: step 1, %d rows, %.1f s", count, time.perf_counter() - t0)
    first = False
    parts = [d]
    for _ in range(max_iter):
        t0 = time.perf_counter()
        step = (d.join(ties.hint("merge"), ["node", *along]).groupBy(*rows, F.col("dst").alias("node"), *along)
                .agg(*[F.sum(F.col(v) * F.col(w)).alias(v) for v, w in sums.items()]))
        d, count = settle(step)
        log.info("walk sums: step %d, %d rows, %.1f s", len(parts) + 1, count, time.perf_counter() - t0)
        if not count:
            break
        parts.append(d)
    else:
        raise DivergentBounds(f"a chain of more than {max_iter} ties; use the in-process engine")
    x = reduce(lambda a, b: a.unionByName(b), parts)
    return x.groupBy(*keys).agg(*[F.sum(v).alias(v) for v in values]), len(parts)


def _label_components(spark, rules, given: pa.Table | None = None):
    """``(entry, members, inner)`` for :func:`reach`: ``entry`` ``(node, label, comp, to)`` (an Arrow table) — a label
    arriving at a member of component ``comp`` gives ``to`` to all of its members —, ``members``
    ``(comp, node)`` and the rules inside components ``(node, dst, family)``; ``None`` without a component
    of at least :data:`MIN_CONDENSED` members (smaller ones stay in the plain loop). The components are
    found on the driver from the rules that can lie on a cycle — ``given`` (``node, dst, family, f, t``:
    every such rule, and any others; the caller has them on the driver already), or else collected here
    after one pass of trimming (a node with a rule in and a rule out, per family)."""
    import pyarrow.compute as pc
    import scipy.sparse as sp
    from pyspark.sql import functions as F
    from scipy.sparse.csgraph import connected_components

    if given is not None:
        t = given
    else:
        e = rules.select("node", "dst", "family").distinct()
        has_in = e.select(F.col("dst").alias("node"), "family").distinct()
        has_out = e.select(F.col("node").alias("dst"), "family").distinct()
        t = collect_arrow(rules.join(has_in, ["node", "family"], "left_semi").join(has_out, ["dst", "family"], "left_semi")
                          .select("node", "dst", "family", "f", "t"))
    entry, members, inner = {k: [] for k in ("node", "label", "comp", "to")}, {"comp": [], "node": []}, []
    comp_id = 0
    for family in pc.unique(t["family"]).to_pylist() if t.num_rows else ():
        sub = t.filter(pc.equal(t["family"], family))
        ids = pc.unique(pa.concat_arrays([sub["node"].combine_chunks(), sub["dst"].combine_chunks()]))
        src = pc.index_in(sub["node"], value_set=ids).to_numpy().astype(np.int64)
        dst = pc.index_in(sub["dst"], value_set=ids).to_numpy().astype(np.int64)
        n = len(ids)
        _, label = connected_components(sp.csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n)),
                                        directed=True, connection="strong")
        cyclic = np.bincount(label, minlength=n)[label] >= MIN_CONDENSED
        if not cyclic.any():
            continue
        names = ids.to_pylist()
        f, to = sub["f"].to_pylist(), sub["t"].to_pylist()
        labels = set(f) | set(to)
        inside = np.flatnonzero((label[src] == label[dst]) & cyclic[src])
        moves: dict[int, set] = {}
        for i in inside.tolist():
            moves.setdefault(int(label[src[i]]), set()).add((f[i], to[i]))
            inner.append((names[src[i]], names[dst[i]], family))
        for comp in np.unique(label[cyclic]).tolist():
            pairs = {(a, a) for a in labels} | moves.get(comp, set())
            while True:  # what a label can turn into inside the component, transitively
                more = {(a, c) for a, b in pairs for b2, c in pairs if b == b2} - pairs
                if not more:
                    break
                pairs |= more
            for v in np.flatnonzero(label == comp).tolist():
                members["comp"].append(comp_id)
                members["node"].append(names[v])
                for a, b in sorted(pairs):
                    for k, x in zip(("node", "label", "comp", "to"), (names[v], a, comp_id, b)):
                        entry[k].append(x)
            comp_id += 1
    if not comp_id:
        return None
    inner_t = pa.table({"node": [r[0] for r in inner], "dst": [r[1] for r in inner], "family": [r[2] for r in inner]},
                       schema=pa.schema([("node", pa.string()), ("dst", pa.string()), ("family", pa.string())]))
    # LocalRelations, not cached: :func:`reach` broadcasts them in every step without a Spark job
    return pa.table(entry), spark.createDataFrame(pa.table(members)), spark.createDataFrame(inner_t)


def reach(spark, seed, rules, given: pa.Table | None = None):
    """``(known, steps)``: the closure of ``seed`` rows ``(p, node, label)`` under ``rules`` ``(node, dst,
    family, f, t)`` — a row ``(p, node, f)`` gives ``(p, dst, t)`` —, semi-naively, over the condensed
    graph of each family (components of at least :data:`MIN_CONDENSED` members). A family is the labels
    that move along the same ties: every label of the family over every one of its ties (``R → R``,
    ``S → S``), and ``f → t`` on some of them (``R → S`` on a marked tie: "reached through a marked
    tie"). Inside a strongly connected component of a family's ties every
    member reaches every other, so a label arriving at one member reaches them all (and ``S`` as well if
    the component holds a marked tie); the rules inside components are dropped, and ``steps`` is at most
    the longest chain of the condensed graph plus one (plus fewer than :data:`MIN_CONDENSED` steps for each
    smaller cycle on it). ``given``: the rules that can lie on a cycle, already on the driver
    (:func:`_label_components`)."""
    from pyspark.sql import functions as F

    comps = _label_components(spark, rules, given)
    if comps is not None:
        entry_t, members, inner = comps
        entry = spark.createDataFrame(entry_t)
        rules = rules.join(inner, ["node", "dst", "family"], "left_anti")
        entered = spark.createDataFrame(entry_t.select(["node", "label"]).group_by(["node", "label"]).aggregate([]))
    rule = held(rules.select("node", "dst", F.col("f").alias("label"), "t").distinct(), ["node", "label"])

    def expand(d):  # broadcast joins, no shuffle: the caller's distinct() removes what two members give twice
        if comps is None:
            return d
        spread = (d.join(F.broadcast(entry), ["node", "label"]).select("p", "comp", F.col("to").alias("label"))
                  .join(F.broadcast(members), "comp").select("p", "node", "label"))
        return d.join(F.broadcast(entered), ["node", "label"], "left_anti").unionByName(spread)

    def present(d):  # no null keys: the pieces of ``known`` then keep their hash partitioning in a union (below)
        return d.where(F.col("p").isNotNull() & F.col("node").isNotNull() & F.col("label").isNotNull())

    # ``known`` is a union of checkpointed pieces, each hash-partitioned on (p, node, label) by its distinct();
    # with keys that cannot be null the anti-join needs no isnotnull filter over them, so the union keeps that
    # partitioning and each step's anti-join sorts ``known`` in place instead of shuffling all of it again (it
    # did: on 10⁶ ties each label step shuffled every row found so far, 3 to 4 minutes a step at load 15 and
    # growing, issue 19, spark23)
    known = present(expand(seed)).distinct().localCheckpoint()
    frontier = known
    steps = 1
    while True:
        t0 = time.perf_counter()
        new = (present(expand(frontier.join(rule.hint("merge"), ["node", "label"])
                              .select("p", F.col("dst").alias("node"), F.col("t").alias("label"))))
               .distinct().join(known, ["p", "node", "label"], "left_anti"))
        new, count = checkpoint(new)
        log.info("labels: step %d, %d new rows, %.1f s", steps + 1, count, time.perf_counter() - t0)
        if not count:
            break
        known = known.unionByName(new)  # a union of checkpointed pieces: no lineage to cut
        frontier = new
        steps += 1
    return known, steps


__all__ = ["DENSE_CYCLE", "MIN_CONDENSED", "Blocks", "LargeBlock", "collect_arrow", "reach", "walk_sums"]
