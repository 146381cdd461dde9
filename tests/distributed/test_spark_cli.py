"""The Spark front door: ``kingmaker export --format parquet`` and ``kingmaker owners --out DIR
--engine spark`` give the in-process engine's tables on real material (the flagship case and the BODS
joint-ownership example, in one store); bad input to these commands is one line, exit 2."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from kingmaker.cli.app import main

from conftest import FLAGSHIP, ROOT, SHARED

BODS = SHARED / "corpora" / "bods-examples" / "joint-ownership.json"
DAY = "2023-11-20"  # the flagship's crisis; the BODS example's ties hold then too


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    return lines[0]


def _assert_same_tables(local_dir, spark_dir) -> None:
    """``owners --out`` tables from two engines: the same rows, values to 1e-12."""
    for name, keys in (("ownership", ["subject", "person", "kind"]), ("ubo", ["subject", "person"])):
        local = pq.read_table(local_dir / name).sort_by([(k, "ascending") for k in keys])
        spark = pq.read_table(spark_dir / name).sort_by([(k, "ascending") for k in keys])
        assert spark.num_rows == local.num_rows
        for a, b in zip(local.to_pylist(), spark.select(local.column_names).to_pylist()):
            assert a == pytest.approx(b, abs=1e-12)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("front-door")
    db = d / "s.duckdb"
    assert main(["load", str(FLAGSHIP), "--db", str(db)]) == 0
    if BODS.exists():
        assert main(["load", str(BODS), "--db", str(db)]) == 0
    return db


def test_export_parquet_is_the_graph_both_engines_read(store, tmp_path, capsys):
    out = tmp_path / "ties.parquet"
    assert main(["export", str(out), "--format", "parquet", "--as-of", DAY, "--db", str(store)]) == 0
    ties = pq.read_table(out).to_pylist()
    assert {"shareholding", "control:certain"} <= {t["kind"] for t in ties}
    gp = [t for t in ties if (t["holder"], t["subject"], t["kind"]) == ("openai-inc", "openai-gp-llc", "shareholding")]
    assert [(t["lo"], t["hi"], t["holder_kind"]) for t in gp] == [(1.0, 1.0, "nonprofit")]
    capsys.readouterr()
    assert main(["export", str(tmp_path / "x.parquet"), "--format", "parquet", "--actor", "openai-inc",
                 "--db", str(store)]) == 2
    assert "--actor" in _error_line(capsys)
    assert main(["export", str(tmp_path / "x.csv"), "--format", "parquet", "--db", str(store)]) == 2
    assert ".parquet" in _error_line(capsys)


def test_owners_table_spark_equals_local(store, tmp_path, capsys):
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'kingmaker[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: Spark needs Java 17")
    common = ["--as-of", DAY, "--db", str(store), "--threshold", "25"]
    assert main(["owners", "--out", str(tmp_path / "local"), *common]) == 0
    assert main(["owners", "--out", str(tmp_path / "spark"), "--engine", "spark", "--master", "local[1]", *common]) == 0
    _assert_same_tables(tmp_path / "local", tmp_path / "spark")
    if BODS.exists():
        ubo = pq.read_table(tmp_path / "spark" / "ubo").to_pylist()
        # the BODS example: two persons each hold 50 % of two companies (not the two empty tables of a case
        # whose owners are no natural persons)
        assert len(ubo) == 4 and {(r["ownership_lo"], r["verdict"]) for r in ubo} == {(0.5, "certainly")}
    capsys.readouterr()
    tops = []
    for engine in ("local", "spark"):  # control: the same top controllers and values
        assert main(["control", "--engine", engine, "--json", "--as-of", DAY, "--db", str(store)]) == 0
        tops.append(json.loads(capsys.readouterr().out)["controllers"])
    assert tops[0] and [c["actor"] for c in tops[1]] == [c["actor"] for c in tops[0]]
    for a, b in zip(tops[0], tops[1]):
        assert (b["network_value"], b["raw_network_value"], b["direct_holdings"]) == \
            (pytest.approx(a["network_value"], rel=1e-9), pytest.approx(a["raw_network_value"], rel=1e-9), a["direct_holdings"])


@pytest.mark.parametrize("args, says", [
    (["owners", "--out", "{tmp}/o", "--db", "{tmp}/missing.duckdb"], "no such store"),
    (["owners", "--out", "{tmp}/o", "--engine", "spark", "--master", "sparky://x", "--db", "{db}"], "not a Spark master URL"),
    (["owners", "--out", "{tmp}/o", "--engine", "flink", "--db", "{db}"], "--engine must be local or spark"),
    (["owners", "--out", "{tmp}/o", "--master", "local[2]", "--db", "{db}"], "--master goes with --engine spark"),
    (["owners", "--out", "/proc/kingmaker-out", "--db", "{db}"], "cannot write there"),
    (["owners", "--db", "{db}"], "give ACTOR, or --out"),
    (["owners", "openai-inc", "--engine", "spark", "--db", "{db}"], "leave out ACTOR"),
    (["export", "{tmp}/t.parquet", "-f", "parquet", "--db", "{tmp}/missing.duckdb"], "no such store"),
    (["export", "/proc/kingmaker/t.parquet", "-f", "parquet", "--db", "{db}"], "cannot write there"),
    (["control", "--engine", "spark", "--model", "npi", "--db", "{db}"], "not npi"),
    (["control", "--engine", "spark", "--master", "spark://h:7077", "--db", "{db}"], "give --out"),
    (["control", "--out", "{tmp}/c", "--db", "{db}"], "--out goes with --engine spark"),
    (["control", "--engine", "spark", "--db", "{tmp}/missing.duckdb"], "no such store"),
])
def test_bad_input_is_one_line(store, tmp_path, capsys, args, says):
    args = [a.format(tmp=tmp_path, db=store) for a in args]
    assert main(args) == 2
    assert says in _error_line(capsys)
    assert not (tmp_path / "missing.duckdb").exists()  # a missing store is not created empty


def test_no_java_is_one_line(store, tmp_path):
    """Without a Java runtime Spark cannot start: the command says so and how to go on, before any work."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if p and not (os.path.exists(os.path.join(p, "java"))))
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"} | {"PATH": path, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", "import sys; from kingmaker.cli.app import main; sys.exit(main(sys.argv[1:]))",
                           "owners", "--out", str(tmp_path / "o"), "--engine", "spark", "--db", str(store)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Java runtime" in done.stderr and "--engine local" in done.stderr
    assert not (tmp_path / "o" / "ubo").exists()


def test_spark_submit_recipe_runs_in_local_mode(store, tmp_path, capsys):
    """docs/spark.md's recipe as written, on this machine: ``kingmaker export --format parquet``, then
    ``spark-submit --master local[2] "$JOB" ties.parquet out`` with ``JOB`` the path that ``python -c 'import
    kingmaker.distributed.job as j; print(j.__file__)'`` prints — the same tables as ``owners --out`` in process,
    with a local session's 4 shuffle partitions (before, a job under ``spark-submit --master local[…]`` kept
    Spark's 200: every step of the loops 200 tasks a stage, over 10 minutes on these 6 ties at load 16)."""
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'kingmaker[spark]')")
    submit = shutil.which("spark-submit", path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))
    if shutil.which("java") is None or submit is None:
        pytest.skip("no Java runtime or no spark-submit on PATH")
    ties, out = tmp_path / "ties.parquet", tmp_path / "out"
    assert main(["export", str(ties), "--format", "parquet", "--as-of", DAY, "--db", str(store)]) == 0
    assert main(["owners", "--out", str(tmp_path / "local"), "--as-of", DAY, "--db", str(store)]) == 0
    capsys.readouterr()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYSPARK_PYTHON": sys.executable,
           "PYSPARK_DRIVER_PYTHON": sys.executable}
    job = subprocess.run([sys.executable, "-c", "import kingmaker.distributed.job as j; print(j.__file__)"],
                         capture_output=True, text=True, env=env, check=True).stdout.strip()
    done = subprocess.run([submit, "--master", "local[2]", job, str(ties), str(out), "--threshold", "25"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "master local[2], 4 shuffle partitions" in done.stdout, done.stdout
    _assert_same_tables(tmp_path / "local", out)
