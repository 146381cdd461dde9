"""Spark and the in-process engine give identical answers on the same graphs (local mode, Parquet)."""
from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'kingmaker[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH: Spark needs Java 17", allow_module_level=True)

from kingmaker.analysis.ownership import bulk  # noqa: E402
from kingmaker.distributed import spark_ownership as so  # noqa: E402
from kingmaker.analysis.ownership.graph import graph_from_edge_table  # noqa: E402
from kingmaker.io.edges_csv import read_edge_table  # noqa: E402
from kingmaker.synth import synth_table  # noqa: E402

HAND = """holder,subject,share,share_min,share_max,min_exclusive,kind,holder_kind
a,b1,100,,,,,person
a,b2,80,,,,,person
b1,c,20,,,,,
b2,c,40,,,,,
p,x,,25,50,true,,person
x,y,,50,75,true,,
q,m,50,,,,,person
m,n,10,,,,,
n,m,10,,,,,
r,h,60,,,,,person
h,k,,,,,appointment_right,
r,k,30,,,,voting_rights,person
s,u,,0,,,,person
u,v,,50,,true,,
t,w1,,0,10,,,person
w1,w2,,75,100,true,,
w2,w1,,75,100,true,,
w2,w3,,20,25,,,
w3,w3,5,,,,,
"""
RING = 40  # a cycle of 40 companies: as many semi-naive label steps as it is long, one over its condensation
RING_ROWS = "".join(f"ring{i},ring{(i + 1) % RING},50,,,,,\n" for i in range(RING) if i != 5) + \
    "ring5,ring6,,40,60,true,,\nrp,ring0,,25,50,true,,person\nrq,ring20,10,,,,,person\n"


@pytest.fixture(scope="module")
def spark():
    s = so.session("local[2]", shuffle_partitions=2)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    d = tmp_path_factory.mktemp("spark")
    hand = pacsv.read_csv(pa.py_buffer(HAND.encode()), convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in HAND.splitlines()[0].split(",")}, strings_can_be_null=False))
    synth = synth_table(150, seed=1, cross=0.2)  # cross-holdings: two cycles of subsidiaries and parents
    cols = list(synth.column_names)
    hand = pa.table({c: hand.column(c) if c in hand.column_names else pa.array([""] * hand.num_rows) for c in cols})
    path = d / "edges.csv"
    ring = pacsv.read_csv(pa.py_buffer((HAND.splitlines()[0] + "\n" + RING_ROWS).encode()), convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in HAND.splitlines()[0].split(",")}, strings_can_be_null=False))
    ring = pa.table({c: ring.column(c) if c in ring.column_names else pa.array([""] * ring.num_rows) for c in cols})
    pacsv.write_csv(pa.concat_tables([hand, ring, synth]), path)
    et = read_edge_table(path)
    so.edges_to_parquet(et, d / "edges.parquet")
    return d, et


@pytest.mark.parametrize("dense_cycle", [so.DENSE_CYCLE, 0], ids=["blocks-as-rows", "blocks-solved-on-driver"])
def test_spark_equals_local(spark, graphs, dense_cycle, monkeypatch):
    """Same rows, verdicts and exclusive ends on a register with cycles: closed loops (m, n), a loop whose
    upper ends do not leak (w1, w2: bands up to 100 %), a company holding its own shares (w3), a ring of
    40 companies with an exclusive band in it — with every cycle's walk sums shipped as rows, and with
    every cycle solved on the driver from its sparse LU factors (``dense_cycle=0``), a few persons at a time."""
    from kingmaker.distributed import condensed

    monkeypatch.setattr(condensed, "_RHS_CELLS", 100)  # a 40-company ring: two persons per solve
    d, et = graphs
    res = bulk.compute(graph_from_edge_table(et))
    local_own, local_ubo = bulk.ownership_table(res), bulk.ubo_table(res, 0.25)
    stats = {}
    out = so.run_parquet(spark, d / "edges.parquet", d / f"out{dense_cycle}", stats=stats, dense_cycle=dense_cycle)
    assert stats["value_steps"] < 12 < res.bounds["shareholding"].iterations["lower"]  # cycles condensed
    assert stats["label_steps"] < 12 < RING <= res.bounds["shareholding"].iterations["lower_ends"]  # labels too
    spark_own = pq.read_table(out["ownership"]).sort_by([("subject", "ascending"), ("person", "ascending"), ("kind", "ascending")])
    spark_ubo = pq.read_table(out["ubo"]).sort_by([("subject", "ascending"), ("person", "ascending")])
    assert spark_own.num_rows == local_own.num_rows > 100
    for a, b in zip(local_own.to_pylist(), spark_own.select(local_own.column_names).to_pylist()):
        assert (a["person"], a["subject"], a["kind"], a["lo_excl"], a["hi_excl"]) == \
               (b["person"], b["subject"], b["kind"], b["lo_excl"], b["hi_excl"])
        assert a["lo"] == pytest.approx(b["lo"], abs=1e-9) and a["hi"] == pytest.approx(b["hi"], abs=1e-9)
    assert spark_ubo.num_rows == local_ubo.num_rows
    for a, b in zip(local_ubo.to_pylist(), spark_ubo.select(local_ubo.column_names).to_pylist()):
        assert (a["subject"], a["person"], a["verdict"], a["control"]) == (b["subject"], b["person"], b["verdict"], b["control"])
        assert a["ownership_lo"] == pytest.approx(b["ownership_lo"], abs=1e-9)
        assert a["votes_hi"] == pytest.approx(b["votes_hi"], abs=1e-9)
    got = {(r["subject"], r["person"]): (r["verdict"], r["control"]) for r in spark_ubo.to_pylist()}
    assert got[("c", "a")] == ("certainly", "no")
    assert got[("y", "p")] == ("possibly", "no")
    assert got[("k", "r")] == ("certainly", "possibly")  # 30 % of the votes; control possible via h
    assert got[("v", "s")] == ("possibly", "possibly")
    assert spark_own.filter(pa.compute.equal(spark_own["subject"], "m")).column("lo")[0].as_py() == pytest.approx(50 / 99)
    w = {r["subject"]: r for r in spark_own.to_pylist() if r["person"] == "t" and r["kind"] == "shareholding"}
    assert [(w[c]["hi"], w[c]["hi_excl"]) for c in ("w1", "w2", "w3")] == [(1.0, False)] * 3  # a loop up to 100 %
    ring = {r["subject"]: r["lo_excl"] for r in spark_own.to_pylist() if r["person"] == "rq" and r["kind"] == "shareholding"}
    assert len(ring) == RING and ring["ring21"] and ring["ring3"]  # rq's walks to them pass the exclusive ring5 → ring6


def test_one_run_collects_the_cycle_ties_once(spark, graphs, monkeypatch):
    """The ties that can lie on a cycle go to the driver once per run: the walk sums' components
    (``cycle_blocks``), the label families' (``reach``: the 40-company ring is condensed) and the loop whose
    upper ends do not leak (w1, w2) are all found in the one collection (three before)."""
    from kingmaker.distributed import condensed

    d, _ = graphs
    collected, collect = [], condensed.collect_arrow

    def counting(df):
        collected.append(df)
        return collect(df)
    monkeypatch.setattr(so, "collect_arrow", counting)
    monkeypatch.setattr(condensed, "collect_arrow", counting)
    stats = {}
    so.compute(spark, spark.read.parquet(str(d / "edges.parquet")), stats=stats)
    assert len(collected) == 1
    assert stats["label_steps"] < 12 < RING  # the ring was condensed from the ties collected with the blocks


def test_only_cycles_that_can_save_steps_are_condensed(spark):
    """``reach`` condenses a ring of ``MIN_CONDENSED`` members (one step to all of it) but leaves a 3-cycle in
    the plain loop (two steps; condensing it saved no step on the Spark bench and made labels 2.9× slower),
    and both give the full closure: every member, and ``S`` after the marked tie."""
    from kingmaker.distributed import condensed

    k = condensed.MIN_CONDENSED
    ties = [(f"s{i}", f"s{(i + 1) % 3}") for i in range(3)] + [(f"b{i}", f"b{(i + 1) % k}") for i in range(k)]
    rules = [(a, b, "f", lab, lab) for a, b in ties for lab in ("R", "S")] + [("s0", "s1", "f", "R", "S"), ("b0", "b1", "f", "R", "S")]
    rules = spark.createDataFrame(rules, "node string, dst string, family string, f string, t string")
    comps = condensed._label_components(spark, rules)
    assert comps is not None and sorted(r["node"] for r in comps[1].collect()) == sorted(f"b{i}" for i in range(k))
    seed = spark.createDataFrame([("p", "s1", "R"), ("q", f"b{k - 1}", "R")], "p string, node string, label string")
    known, steps = condensed.reach(spark, seed, rules)
    got = {(r["p"], r["node"], r["label"]) for r in known.collect()}
    assert got == {("p", f"s{i}", lab) for i in range(3) for lab in "RS"} | {("q", f"b{i}", lab) for i in range(k) for lab in "RS"}
    assert steps == 6  # p: the seed, R to s2 and s0, S to s1, s2 and s0; q: its whole ring in the seed's step


def test_inconsistent_shares_are_rejected(spark, tmp_path):
    from kingmaker.analysis.ownership.graph import InconsistentShares

    pq.write_table(pa.table({"holder": ["a", "b"], "subject": ["x", "x"], "kind": ["shareholding"] * 2,
                             "lo": [.6, .6], "hi": [.6, .6], "lo_excl": [False] * 2, "hi_excl": [False] * 2,
                             "holder_kind": ["person"] * 2, "subject_kind": ["", ""]}), tmp_path / "bad.parquet")
    with pytest.raises(InconsistentShares, match="'x'"):
        so.compute(spark, spark.read.parquet(str(tmp_path / "bad.parquet")))


@pytest.mark.parametrize("dense_cycle", [so.DENSE_CYCLE, 0], ids=["blocks-as-rows", "blocks-solved-on-driver"])
def test_network_values_spark_equal_local(spark, graphs, dense_cycle):
    """``control --engine spark``: every holder's corrected and raw network value and direct holdings as in
    process, for the three control models, on the register with cycles plus a closed loop (cl1, cl2 holding
    100 % of each other, which both engines cut); cycles' walk sums as rows or solved on the driver."""
    import numpy as np

    from kingmaker.analysis import network as nw
    from kingmaker.distributed.spark_network import network_values_spark

    d, et = graphs
    loop = d / "loop.csv"
    text = (d / "edges.csv").read_text()
    header = [c.strip("\"") for c in text.splitlines()[0].split(",")]
    rows = [dict(holder="cl1", subject="cl2", share="100"), dict(holder="cl2", subject="cl1", share="100"),
            dict(holder="z", subject="cl1", share_min="0", share_max="10", holder_kind="person")]
    loop.write_text(text + "".join(",".join(r.get(c, "") for c in header) + "\n" for r in rows))
    graph = graph_from_edge_table(read_edge_table(loop))
    so.graph_to_parquet(graph, d / "loop.parquet")
    raw = spark.read.parquet(str(d / "loop.parquet"))
    w, ids = nw.ownership_matrix(graph)
    assert len(nw.closed_loops(nw.control_matrix(w))) == 1  # the loop is there to be cut
    for model in nw.MODELS:
        corrected, uncorrected = nw.network_values(nw.control_matrix(w, model), nw.firm_values(graph))
        stats = {}
        got = network_values_spark(spark, raw, model, stats=stats, dense_cycle=dense_cycle)
        assert stats["value_steps"] < 12
        at = {a: i for i, a in enumerate(ids)}
        idx = np.array([at[a] for a in got["node"].to_pylist()])
        held = np.flatnonzero(np.diff(w.indptr) > 0)
        assert set(idx.tolist()) >= set(held.tolist())  # every holder has a row
        np.testing.assert_allclose(got["value"].to_numpy(), corrected[idx], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(got["raw_value"].to_numpy(), uncorrected[idx], rtol=1e-9, atol=1e-12)
        assert got["direct"].to_numpy().tolist() == np.diff(w.indptr)[idx].tolist()
        top = nw.top_controllers(w, ids, model, 10, nw.firm_values(graph))
        assert [c.actor for c in top] == [c.actor for c in nw.rank_controllers(got["node"].to_pylist(), got["value"].to_numpy(),
                                                                               got["raw_value"].to_numpy(), got["direct"].to_numpy(), 10)]


def _big_cycle(tmp_path, n: int = 6001):
    """One strongly connected component of ``n`` companies (each holds 40 % of the next and 15–20 % of
    another, ``7i + 3``), ten persons holding into it, as a graph and its Parquet edge table."""
    lines = ["holder,subject,share,share_min,share_max,max_exclusive,holder_kind"]
    lines += [f"c{i},c{(i + 1) % n},40,,,," for i in range(n)] + [f"c{i},c{(7 * i + 3) % n},,15,20,true," for i in range(n)]
    lines += ["p0,c0,30,,,,person"] + [f"p{k},c{k * 577},,5,15,,person" for k in range(1, 10)]
    (tmp_path / "big.csv").write_text("\n".join(lines) + "\n")
    graph = graph_from_edge_table(read_edge_table(tmp_path / "big.csv"))
    so.graph_to_parquet(graph, tmp_path / "big.parquet")
    return graph, tmp_path / "big.parquet"


def test_a_cycle_of_more_than_5000_companies(spark, tmp_path):
    """A cycle of 6,001 companies is solved on the driver from its sparse LU factors (until now the engine
    refused a cycle of more than 5,000), with as many join steps as the condensed graph's longest chain,
    and gives the same rows, ends and verdicts as in process."""
    import numpy as np

    graph, ties = _big_cycle(tmp_path)
    n = graph.n - 10
    assert n > 5000 and so.DENSE_CYCLE < n
    res = bulk.compute(graph)
    local_own, local_ubo = bulk.ownership_table(res), bulk.ubo_table(res, 0.25)
    stats = {}
    out = so.run_parquet(spark, ties, tmp_path / "out", stats=stats)
    assert stats["value_steps"] <= 3 and stats["label_steps"] <= 3  # persons → the component → nothing further
    spark_own = pq.read_table(out["ownership"]).sort_by([("subject", "ascending"), ("person", "ascending"), ("kind", "ascending")])
    assert spark_own.num_rows == local_own.num_rows == 10 * n
    cols = ["person", "subject", "kind", "lo_excl", "hi_excl"]
    assert spark_own.select(cols).to_pylist() == local_own.select(cols).to_pylist()
    for c in ("lo", "hi"):
        np.testing.assert_allclose(spark_own[c].to_numpy(), local_own[c].to_numpy(), rtol=0, atol=1e-9)
    spark_ubo = pq.read_table(out["ubo"]).sort_by([("subject", "ascending"), ("person", "ascending")])
    cols = ["subject", "person", "verdict", "control"]
    assert spark_ubo.select(cols).to_pylist() == local_ubo.select(cols).to_pylist() and local_ubo.num_rows >= 1


@pytest.mark.slow
def test_network_values_on_a_cycle_of_more_than_5000_companies(spark, tmp_path):
    """``control --engine spark`` on the 6,001-company cycle: the in-process values (slow: both engines take
    the diagonal of the block's inverse one sparse LU solve per member, about a minute each here)."""
    import numpy as np

    from kingmaker.analysis import network as nw
    from kingmaker.distributed.spark_network import network_values_spark

    graph, ties = _big_cycle(tmp_path)
    w, ids = nw.ownership_matrix(graph)
    corrected, raw = nw.network_values(nw.control_matrix(w), nw.firm_values(graph))
    stats = {}
    got = network_values_spark(spark, spark.read.parquet(str(ties)), stats=stats)
    assert stats["value_steps"] <= 3
    at = {a: i for i, a in enumerate(ids)}
    idx = np.array([at[a] for a in got["node"].to_pylist()])
    np.testing.assert_allclose(got["value"].to_numpy(), corrected[idx], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got["raw_value"].to_numpy(), raw[idx], rtol=1e-9, atol=1e-12)



def test_a_step_moves_only_its_frontier(spark):
    """In every step of the loops the tie table is neither broadcast nor shuffled: it is held hash-partitioned
    and sorted on the join keys (``condensed.held``), so the sort-merge join exchanges only the frontier.
    Left to itself Spark broadcast the cached ties in every step (they were under the 10 MB threshold on the
    10⁵ bench). The components reach the loops from the driver (LocalRelations: their broadcasts need no
    shuffle). Answers: walk sums along a chain past a 3-cycle, and reachability through a ring of
    ``MIN_CONDENSED`` members, as computed by hand."""
    import numpy as np
    from pyspark.sql import functions as F

    from kingmaker.distributed import condensed

    chain = 12
    w = [(f"c{i}", f"c{i + 1}", 0.5) for i in range(chain)] + [("c0", "x1", 0.5), ("x1", "x2", 0.5), ("x2", "x0", 0.5),
                                                                ("x0", "c1", 0.5)]
    ties = spark.createDataFrame(w, "node string, dst string, w double")
    frontier = spark.createDataFrame([("c0", 1.0)], "node string, v double")
    plan = frontier.join(condensed.held(ties, ["node"]).hint("merge"), ["node"])._jdf.queryExecution().executedPlan().toString()
    assert "BroadcastExchange" not in plan and plan.count("ENSURE_REQUIREMENTS") == 1, plan  # the frontier's exchange only

    m = np.zeros((3, 3))
    m[0, 1] = m[1, 2] = m[2, 0] = 0.5
    b = np.linalg.inv(np.eye(3) - m)
    names = ["x1", "x2", "x0"]
    small = pa.table({"node": [names[i] for i in range(3) for _ in range(3)], "into": names * 3,
                      "b_v": [float(b[i, j]) for i in range(3) for j in range(3)]})
    inner = spark.createDataFrame(pa.table({"node": ["x1", "x2", "x0"], "dst": ["x2", "x0", "x1"]}))
    blocks = condensed.Blocks(spark, small, values=("v",), transpose=True, inner=inner)
    x, steps = condensed.walk_sums(frontier, ties.join(inner, ["node", "dst"], "left_anti"), {"v": "w"}, blocks)
    got = {r["node"]: r["v"] for r in x.collect()}
    via = 0.5 * b[0, 2] * 0.5  # c0 → x1, the cycle's walks from x1 to x0, x0 → c1
    assert got["c1"] == pytest.approx(0.5 + via) and got["c12"] == pytest.approx((0.5 + via) * 0.5 ** 11)
    assert got["x2"] == pytest.approx(0.5 * b[0, 1]) and steps == chain + 2

    k = condensed.MIN_CONDENSED
    rules = [(f"r{i}", f"r{(i + 1) % k}", "f", "R", "R") for i in range(k)] + \
        [(f"l{i}", f"l{i + 1}", "f", "R", "R") for i in range(chain)] + [("l0", "r0", "f", "R", "R")]
    rules = spark.createDataFrame(rules, "node string, dst string, family string, f string, t string")
    seed = spark.createDataFrame([("p", "l0", "R")], "p string, node string, label string")
    known, steps = condensed.reach(spark, seed, rules)
    assert {r["node"] for r in known.where(F.col("label") == "R").collect()} == \
        {f"l{i}" for i in range(chain + 1)} | {f"r{i}" for i in range(k)}
    assert steps == chain + 1  # the ring in one step after r0, not k − 1 more


def test_a_label_step_does_not_shuffle_what_it_knew(spark, monkeypatch):
    """Each step of ``reach`` anti-joins its new rows with every row found so far (``known``, a union of
    checkpointed pieces, each hash-partitioned on its keys by its ``distinct``). With keys that cannot be null
    the union keeps that partitioning, so a step sorts ``known`` where it lies; before, the isnotnull filter
    the planner put over the nullable keys of every piece broke the union's partitioning and each step
    shuffled all rows known (on 10⁶ ties 3 to 4 minutes a label step at load 15, growing). Same closure."""
    import re

    from kingmaker.distributed import condensed

    plans, real = [], condensed.checkpoint

    def spy(df):
        plans.append(df._jdf.queryExecution().executedPlan().toString())
        return real(df)
    monkeypatch.setattr(condensed, "checkpoint", spy)
    threshold = spark.conf.get("spark.sql.autoBroadcastJoinThreshold")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")  # as on a register: known is never broadcast
    try:
        chain = 6
        rules = spark.createDataFrame([(f"c{i}", f"c{i + 1}", "f", "R", "R") for i in range(chain)] + [("c0", "c2", "f", "R", "R")],
                                      "node string, dst string, family string, f string, t string")
        seed = spark.createDataFrame([("p", "c0", "R"), ("q", "c1", "R")], "p string, node string, label string")
        known, steps = condensed.reach(spark, seed, rules)
        got = {(r["p"], r["node"]) for r in known.collect()}
    finally:
        spark.conf.set("spark.sql.autoBroadcastJoinThreshold", threshold)
    assert got == {("p", f"c{i}") for i in range(chain + 1)} | {("q", f"c{i}") for i in range(1, chain + 1)}
    last = plans[-1]
    assert steps >= 4 and "Union" in last and "LeftAnti" in last, last
    assert not re.search(r"Exchange[^\n]*\n[\s:|+-]*(\*\(\d+\) )?Union", last), last  # known is not shuffled


def test_a_step_is_checkpointed_and_counted_in_one_job(spark):
    """Each step of the loops checkpoints its rows and learns whether any are left in one Spark job
    (``condensed.checkpoint``: a lazy local checkpoint, then a count), not two (an eager checkpoint, then
    ``isEmpty``). Same answers."""
    from kingmaker.distributed import condensed

    sc = spark.sparkContext

    def jobs():
        return len(sc.statusTracker().getJobIdsForGroup())

    chain = 10
    ties = spark.createDataFrame([(f"c{i}", f"c{i + 1}", 0.5) for i in range(chain)] + [("c0", "c2", 0.25)],
                                 "node string, dst string, w double")  # a diamond: c2 by two paths
    start = spark.createDataFrame([("c0", 1.0)], "node string, v double")
    before = jobs()
    x, steps = condensed.walk_sums(start, ties, {"v": "w"})
    per_step = (jobs() - before) / steps
    got = {r["node"]: r["v"] for r in x.collect()}
    assert got["c2"] == pytest.approx(0.5) and got[f"c{chain}"] == pytest.approx(0.5 * 0.5 ** (chain - 2))
    assert steps == chain + 1 and per_step <= 1.15, (steps, per_step)  # 2.1 before

    rules = spark.createDataFrame([(f"c{i}", f"c{i + 1}", "f", "R", "R") for i in range(chain)] + [("c0", "c2", "f", "R", "R")],
                                  "node string, dst string, family string, f string, t string")
    seed = spark.createDataFrame([("p", "c0", "R")], "p string, node string, label string")
    before = jobs()
    known, steps = condensed.reach(spark, seed, rules)
    per_step = (jobs() - before - 1) / steps  # the trimmed rules go to the driver once (no component here)
    assert {r["node"] for r in known.collect()} == {f"c{i}" for i in range(chain + 1)}
    assert steps == chain and per_step <= 1.15, (steps, per_step)  # 2.1 before; c2 one step early, by the shortcut


def test_a_walk_step_past_small_cycles_is_one_job(spark):
    """The small components' blocks are folded into the ties once (``Blocks.fold``), so a walk step past a
    cycle is one Spark job — not three (its count and two broadcasts of the blocks, issue 19: 3 jobs per value
    step on the 10⁵ bench). Jobs per extra step: a chain twice as long, less the shorter one (the set-up's
    broadcasts are paid once). Answers: a chain past a 3-cycle, entered twice, against numpy's (I − M)⁻¹."""
    import numpy as np

    from kingmaker.distributed import condensed

    sc = spark.sparkContext

    def walk(chain):
        names = [f"c{i}" for i in range(chain + 1)] + ["x0", "x1", "x2"]
        w = [(f"c{i}", f"c{i + 1}", 0.5) for i in range(chain)] + [("c0", "x1", 0.5), ("c0", "x2", 0.25), ("x1", "x2", 0.5),
                                                                    ("x2", "x0", 0.5), ("x0", "x1", 0.5), ("x0", "c1", 0.5)]
        m = np.zeros((len(names), len(names)))
        for a, b, v in w:
            m[names.index(a), names.index(b)] = v
        want = np.linalg.inv(np.eye(len(names)) - m)[0]  # every walk from c0
        cyc = [names.index(x) for x in ("x0", "x1", "x2")]
        b = np.linalg.inv(np.eye(3) - m[np.ix_(cyc, cyc)])
        small = pa.table({"node": [names[i] for i in cyc for _ in cyc], "into": [names[j] for _ in cyc for j in cyc],
                          "b_v": [float(b[i, j]) for i in range(3) for j in range(3)]})
        inner = spark.createDataFrame(pa.table({"node": ["x1", "x2", "x0"], "dst": ["x2", "x0", "x1"]}))
        blocks = condensed.Blocks(spark, small, values=("v",), transpose=True, inner=inner)
        ties = spark.createDataFrame(w, "node string, dst string, w double").join(inner, ["node", "dst"], "left_anti")
        start = spark.createDataFrame([("c0", 1.0)], "node string, v double")
        before = len(sc.statusTracker().getJobIdsForGroup())
        x, steps = condensed.walk_sums(start, ties, {"v": "w"}, blocks)
        jobs = len(sc.statusTracker().getJobIdsForGroup()) - before
        got = {r["node"]: r["v"] for r in x.collect()}
        assert got == pytest.approx({n: float(want[i]) for i, n in enumerate(names) if want[i] != 0})
        return steps, jobs

    (s1, j1), (s2, j2) = walk(6), walk(12)
    assert s2 - s1 == 6 and (j2 - j1) / (s2 - s1) <= 1.15, (s1, j1, s2, j2)  # 3 before


def test_each_loop_step_logs_how_far_it_got(spark, caplog):
    """Every step of the loops logs its number, its rows and its seconds (``kingmaker.distributed``, INFO), so a
    long run shows how far it got and how long a step takes (issue 19: the 10⁶ Spark runs were stopped with no
    record of the step they were in but Spark's event log). One line per step; the same answers."""
    import logging
    import re

    from kingmaker.distributed import condensed

    chain = 5
    ties = spark.createDataFrame([(f"c{i}", f"c{i + 1}", 0.5) for i in range(chain)], "node string, dst string, w double")
    start = spark.createDataFrame([("c0", 1.0)], "node string, v double")
    rules = spark.createDataFrame([(f"c{i}", f"c{i + 1}", "f", "R", "R") for i in range(chain)],
                                  "node string, dst string, family string, f string, t string")
    seed = spark.createDataFrame([("p", "c0", "R")], "p string, node string, label string")
    with caplog.at_level(logging.INFO, logger="kingmaker.distributed"):
        x, walk_steps = condensed.walk_sums(start, ties, {"v": "w"})
        known, label_steps = condensed.reach(spark, seed, rules)
    walks = [m.groups() for m in (re.match(r"walk sums: step (\d+), (\d+) rows, [\d.]+ s$", r.getMessage()) for r in caplog.records) if m]
    labels = [m.groups() for m in (re.match(r"labels: step (\d+), (\d+) new rows, [\d.]+ s$", r.getMessage()) for r in caplog.records) if m]
    assert [int(k) for k, _ in walks] == list(range(1, walk_steps + 2)) and walks[-1][1] == "0"  # the last finds none
    assert [int(n) for _, n in walks[:-1]] == [1] * (chain + 1)  # the start, then one row a step along the chain
    assert [int(k) for k, _ in labels] == list(range(2, label_steps + 2)) and labels[-1][1] == "0"
    assert {r["node"]: r["v"] for r in x.collect()}[f"c{chain}"] == pytest.approx(0.5 ** chain)
    assert {r["node"] for r in known.collect()} == {f"c{i}" for i in range(chain + 1)}
