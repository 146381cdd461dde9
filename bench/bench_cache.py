"""Benchmark: the whole-store graph kept on disk (issue 19, ``kingmaker.store.derived``) — a second
``kingmaker control`` on an unchanged store against the same command building the graph again.

On a synthetic register (``kingmaker synth``, ``KINGMAKER_BENCH_CACHE_ENTITIES`` actors, default 100,000),
whole processes as a user runs them: the first run (builds the graph and writes it beside the store), then
``KINGMAKER_BENCH_CACHE_REPS`` (default 3) interleaved pairs of a second run (reads it) and a run with
``KINGMAKER_CACHE=off`` (builds it, the baseline); medians, ratio = baseline ÷ second run.

``python bench/bench_cache.py``
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = int(os.environ.get("KINGMAKER_BENCH_CACHE_ENTITIES", "100000"))
REPS = int(os.environ.get("KINGMAKER_BENCH_CACHE_REPS", "3"))
CODE = "import sys; sys.argv[0] = 'kingmaker'; from kingmaker.cli import main; sys.exit(main())"


def _run(args: list[str], **env: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", CODE, *args], check=True, capture_output=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env})
    return time.perf_counter() - t0


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        csv, db = Path(tmp) / "e.csv", Path(tmp) / "k.duckdb"
        _run(["synth", "--entities", str(ENTITIES), "--out", str(csv)])
        _run(["load", str(csv), "--db", str(db)])
        cmd = ["control", "--model", "linear", "--as-of", "2024-01-01", "--json", "--db", str(db)]
        first = _run(cmd)
        second, off = [], []
        for _ in range(REPS):
            second.append(_run(cmd))
            off.append(_run(cmd, KINGMAKER_CACHE="off"))
        size = sum(p.stat().st_size for p in db.with_name(db.name + ".cache").glob("*.pickle"))
    a, b = statistics.median(second), statistics.median(off)
    return "\n".join([
        "## Whole-store graph kept on disk (`bench/bench_cache.py`)",
        "",
        f"`kingmaker control --model linear --as-of 2024-01-01 --json` on a {ENTITIES:,}-actor synthetic register, "
        f"whole processes, median of {REPS} interleaved pairs (module docstring).",
        "",
        "| run | time | baseline | baseline time | ratio |",
        "|---|---|---|---|---|",
        f"| first (builds the graph, keeps it: {size / 1e6:.1f} MB) | {first:.2f} s | — | — | — |",
        f"| second (reads the kept graph) | {a:.2f} s | `KINGMAKER_CACHE=off` (builds it again) | {b:.2f} s "
        f"| {b / a:.2f}× faster |",
        "",
        "Command: `python bench/run_all.py bench_cache` (or `make bench`).",
        "",
    ])


if __name__ == "__main__":
    print(main())
