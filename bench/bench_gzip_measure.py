"""What the DuckDB lane's measuring pass costs on a gzip BODS file (issue 20).

    python bench/run_all.py bench_gzip_measure     (or: PYTHONPATH=src python bench/bench_gzip_measure.py)

DuckDB decompresses a ``.gz`` by itself, so before it reads one the lane decompresses the file once
through :func:`kingmaker.io.compressed.open_input` to enforce the decompression limits (ratio and ceiling,
docs/limits.md) — a full extra decompression. Timed interleaved, median of 3: that pass alone (a
process opens the file as the lane does and times reading it to the end, start-up left out), and
``kingmaker load`` of the same file into a fresh store as a whole process (the pass included). Prints the ratio. The file: ``bench_io``'s
generated BODS 0.4 (``KINGMAKER_BENCH_GZIP_STATEMENTS``, default 300,000), gzip level 6.
"""
from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

PASS = """
import sys, time
from kingmaker.io.compressed import open_input
t = time.perf_counter()
with open_input(sys.argv[1]) as fh:
    while fh.read(1 << 24):
        pass
print(time.perf_counter() - t)
"""
LOAD = "import sys; from kingmaker.cli.app import main; sys.exit(main(sys.argv[1:]))"


def timed(args: list[str], own: bool = False) -> float:
    """Seconds the process took; ``own``: the seconds it printed itself (its loop, without start-up)."""
    env = {**os.environ, "KINGMAKER_PROGRESS": "0", "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], check=True, env=env, capture_output=True, text=True)
    return float(done.stdout.split()[-1]) if own else time.perf_counter() - start


def main() -> str:
    from bench_io import generate

    n = int(os.environ.get("KINGMAKER_BENCH_GZIP_STATEMENTS", 300_000))
    with tempfile.TemporaryDirectory() as d:
        plain, packed = Path(d) / "bods.jsonl", Path(d) / "bods.jsonl.gz"
        generate(plain, n)
        with open(plain, "rb") as src, gzip.open(packed, "wb", 6) as dst:
            shutil.copyfileobj(src, dst)
        passes, loads = [], []
        for i in range(3):
            passes.append(timed(["-c", PASS, str(packed)], own=True))
            db = Path(d) / f"s{i}.duckdb"
            loads.append(timed(["-c", LOAD, "load", str(packed), "--db", str(db)]))
            db.unlink()
        p, load = statistics.median(passes), statistics.median(loads)
        mb, gz = plain.stat().st_size / 1e6, packed.stat().st_size / 1e6
    return "\n".join([
        "## The DuckDB lane's measuring pass on gzip input (`bench/bench_gzip_measure.py`)", "",
        "DuckDB decompresses a `.gz` itself, so the lane first decompresses it once through `open_input` to apply "
        "the decompression limits (docs/limits.md). Interleaved, median of 3: that pass alone (timed inside its "
        "process, start-up left out) and `kingmaker load` of the same file into a fresh store as a whole process "
        "(the pass included).", "",
        "| statements | file MB | gzip MB | measuring pass s | kingmaker load s | pass / load |",
        "|---|---|---|---|---|---|",
        f"| {n:,} | {mb:.0f} | {gz:.0f} | {p:.2f} | {load:.2f} | {p / load:.2f} |", "",
        f"All runs: passes {[round(x, 2) for x in passes]} s, loads {[round(x, 2) for x in loads]} s.",
    ])


if __name__ == "__main__":
    print(main())
