"""``screen --engine spark``: the same statuses, shares and chains as the in-process engine (local mode)."""
from __future__ import annotations

import random
import shutil
from datetime import date

import pytest

pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'kingmaker[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH: Spark needs Java 17", allow_module_level=True)

import kingmaker  # noqa: E402
from kingmaker.analysis.screening import screen  # noqa: E402
from kingmaker.distributed import spark_ownership as so  # noqa: E402
from kingmaker.distributed.spark_screening import screen_spark  # noqa: E402
from kingmaker.io.edges_csv import read_edge_table  # noqa: E402
from kingmaker.analysis.ownership.graph import graph_from_edge_table  # noqa: E402
from kingmaker.synth import write_synth  # noqa: E402

from conftest import ROOT  # noqa: E402

CASE = ROOT / "tests" / "data" / "screening" / "sanctioned-group.yaml"


@pytest.fixture(scope="module")
def spark():
    s = so.session("local[2]", shuffle_partitions=2)
    yield s
    s.stop()


def _same(a, b) -> None:
    assert [(r.actor, r.status, r.basis, {k: str(v) for k, v in r.designated_share.items()},
             [str(c) for c in r.chains]) for r in a.results] == \
           [(r.actor, r.status, r.basis, {k: str(v) for k, v in r.designated_share.items()},
             [str(c) for c in r.chains]) for r in b.results]


def test_case_file_every_rule(spark, tmp_path):
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(CASE)
        snap = km.snapshot("2024-08-01")
    local = screen(snap, rule="ofac-50")
    _same(local, screen_spark(snap, "ofac-50", spark=spark))
    assert {r.status for r in local.results} == {"certainly", "possibly"}  # not two empty answers


def test_synthetic_register_with_bands(spark, tmp_path):
    """Aggregated (OFAC) and per designated party (UK) on a register with banded shares."""
    path = tmp_path / "reg.csv"
    write_synth(path, 200, seed=3)
    graph = graph_from_edge_table(read_edge_table(path))
    rnd = random.Random(1)
    designated = {a: ["ofac-sdn", "uk-sanctions-list"] for a in rnd.sample(graph.ids, 8)}
    for rule in ("ofac-50", "uk-owned-or-controlled"):
        local = screen(graph, designated, rule, as_of=date(2025, 1, 1))
        remote = screen_spark(graph, rule, designations=designated, as_of=date(2025, 1, 1), spark=spark)
        _same(local, remote)
        assert len(local.results) > len(designated)  # some entities caught besides the listed ones
