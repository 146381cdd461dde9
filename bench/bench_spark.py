"""Benchmark: the whole-register UBO table on Apache Spark (local mode) against the in-process engine,
both as a user runs them — ``kingmaker owners --out DIR --engine local|spark`` on one store, whole
processes (Spark's JVM start included), the same run, interleaved — with an equality check of the
two outputs. Prints a Markdown section.

``python bench/bench_spark.py [ENTITIES ...]`` (default 48000: about 10⁵ edges; 480000: about 10⁶).
With ``KINGMAKER_BENCH_BEFORE=/path/to/an/older/src`` the Spark command also runs on that source tree
(same store, same run), for the engine's time and join steps before and after a change.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
BEFORE = os.environ.get("KINGMAKER_BENCH_BEFORE")


def _cli(*args: str, src: str | Path = ROOT / "src") -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "import sys; from kingmaker.cli.app import main; sys.exit(main(sys.argv[1:]))",
                           *args], capture_output=True, text=True, env=env)
    took = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"kingmaker {' '.join(args)} failed: {done.stderr[-2000:]}")
    return took, json.loads(done.stdout) if "--json" in args else {}


def _same(a: Path, b: Path) -> tuple[bool, float, bool]:
    def read(p, keys):
        return pq.read_table(p).sort_by([(k, "ascending") for k in keys])

    lo = read(a / "ownership", ["subject", "person", "kind"])
    so = read(b / "ownership", ["subject", "person", "kind"])
    cols = ["person", "subject", "kind", "lo_excl", "hi_excl"]
    same = lo.select(cols).to_pylist() == so.select(cols).to_pylist()  # values, not Spark's "not null" flags
    diff = max(float(np.max(np.abs(lo[c].to_numpy() - so[c].to_numpy()), initial=0)) for c in ("lo", "hi")) if same else float("nan")
    ubo_cols = ["subject", "person", "verdict", "control"]
    same_ubo = (read(a / "ubo", ["subject", "person"]).select(ubo_cols).to_pylist()
                == read(b / "ubo", ["subject", "person"]).select(ubo_cols).to_pylist())
    return same, diff, same_ubo


def run(entities: int, tmp: Path, reps: int = 1) -> dict:
    db, csv = tmp / f"s{entities}.duckdb", tmp / f"r{entities}.csv"
    _cli("synth", "--entities", str(entities), "--out", str(csv), "--seed", "1")
    _cli("load", str(csv), "--db", str(db))
    local, spark = [], []
    for i in range(reps):
        t, out_l = _cli("owners", "--out", str(tmp / f"l{entities}"), "--db", str(db), "--as-of", "2025-01-01", "--json")
        local.append(t)
        t, out_s = _cli("owners", "--out", str(tmp / f"s{entities}"), "--engine", "spark", "--master", "local[2]",
                        "--db", str(db), "--as-of", "2025-01-01", "--json")
        spark.append(t)
    same, diff, same_ubo = _same(tmp / f"l{entities}", tmp / f"s{entities}")
    edges = pq.read_metadata(tmp / f"s{entities}" / "ties.parquet").num_rows
    out = {"entities": entities, "ties": edges, "local_s": float(np.median(local)), "spark_s": float(np.median(spark)),
           "rows": out_s["rows"], "steps": out_s.get("steps", {}), "local_steps": out_l.get("steps", {}),
           "same": same, "diff": diff, "same_ubo": same_ubo}
    if BEFORE:
        t, out_b = _cli("owners", "--out", str(tmp / f"b{entities}"), "--engine", "spark", "--master", "local[2]",
                        "--db", str(db), "--as-of", "2025-01-01", "--json", src=BEFORE)
        b_same, b_diff, b_ubo = _same(tmp / f"l{entities}", tmp / f"b{entities}")
        out["before"] = {"spark_s": t, "steps": out_b.get("steps", {}), "same": b_same and b_ubo, "diff": b_diff}
    return out


def main(argv: list[str] | None = None) -> str:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [48_000]
    lines = ["## Scale-out: the whole-register UBO table on Spark local[2] against in-process", "",
             "`python bench/bench_spark.py " + " ".join(map(str, sizes)) + "` — `kingmaker owners --out DIR "
             "--engine local` and `--engine spark --master local[2]` on the same store, whole processes.", "",
             "| ties | ownership rows | UBO rows | in-process s (semi-naive steps) | Spark s (join steps: values, labels) "
             "| Spark / in-process | same rows & ends | max abs diff | same verdicts |",
             "|---|---|---|---|---|---|---|---|---|"]
    before: list[str] = []
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            r = run(n, Path(d))
            st, ls = r["steps"], r["local_steps"]
            lines.append(f"| {r['ties']:,} | {r['rows']['ownership']:,} | {r['rows']['ubo']:,} | {r['local_s']:.1f} "
                         f"({ls.get('values', '?')}) | {r['spark_s']:.1f} ({st.get('values', '?')}, {st.get('labels', '?')}) | "
                         f"{r['spark_s'] / r['local_s']:.1f}× | {r['same']} | {r['diff']:.1e} | {r['same_ubo']} |")
            print(lines[-1], file=sys.stderr, flush=True)
            if "before" in r:
                b = r["before"]
                before.append(f"| {r['ties']:,} | {b['spark_s']:.1f} ({b['steps'].get('values', '?')}, "
                              f"{b['steps'].get('labels', '?')}) | {r['spark_s']:.1f} ({st.get('values', '?')}, "
                              f"{st.get('labels', '?')}) | {r['spark_s'] / b['spark_s']:.2f}× | {b['same']} | {b['diff']:.1e} |")
    lines += ["", f"Load average (1 min) {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores."]
    if before:
        lines += ["", f"The Spark command on an earlier source tree in the same run (`KINGMAKER_BENCH_BEFORE={BEFORE}`):", "",
                  "| ties | before: Spark s (join steps: values, labels) | now: Spark s (steps) | now / before "
                  "| before same as in-process | before max abs diff |", "|---|---|---|---|---|---|", *before]
    text = "\n".join(lines) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    main()
