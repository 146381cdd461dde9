"""Benchmark by hand: ``kingmaker load`` of one edge list by two source trees, against the CSV-to-sparse baseline.

Each round runs the baseline (``bench_questions.CSV_SPARSE``: pyarrow reads the file into a scipy sparse matrix),
then the *before* tree and *this* tree alternating (before first in even rounds, after first in odd ones), each
loading the file into a new store as a user runs it (``bench_questions.child``: a fresh process, its wall time, CPU
time — user + system — and peak RSS). Medians over the rounds, the ratios against the baseline and now/before per
round. For issue 19's load goal (``≤ 10×`` the baseline, ``≤ 1.5 GB``) read the CPU ratio beside the wall one: on a
shared machine the short baseline's wall time swells more than the load's.

    python bench/bench_load_ab.py BEFORE_SRC [FILE.csv]

``BEFORE_SRC``: a source tree to compare with, e.g. ``git archive main src | tar -x -C /tmp/before`` then
``/tmp/before/src``; ``FILE.csv``: the edge list (default: ``kingmaker synth --entities 48000 --seed 1``, ≈ 10⁵
edges, made in a temporary folder; ``--entities 480000`` gives ≈ 10⁶). ``KINGMAKER_BENCH_AB_ROUNDS`` (default 3);
``KINGMAKER_BENCH_AB_UNTIL=HH:MM`` (UTC) starts no round after that time (a hold of the heavy-run lock kept short).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_questions as Q


def measure(before: Path, csv: Path, rounds: int, until: str | None = None) -> dict[str, list[tuple]]:
    """(wall s, CPU s, peak MiB) of each run, per side: ``baseline``, ``before``, ``now``."""
    runs: dict[str, list[tuple]] = {"baseline": [], "before": [], "now": []}
    trees = {"before": before, "now": Q.ROOT / "src"}
    with tempfile.TemporaryDirectory(prefix="km-load-ab-") as d:
        for r in range(rounds):
            if until and time.strftime("%H:%M", time.gmtime()) >= until:
                print(f"stopped before round {r + 1}: it is {until} UTC", flush=True)
                break
            runs["baseline"].append(Q.child([sys.executable, "-c", Q.CSV_SPARSE, str(csv)], src=None))
            for side in ("before", "now") if r % 2 == 0 else ("now", "before"):
                db = Path(d) / f"{side}{r}.duckdb"
                runs[side].append(Q.child(Q._km("load", str(csv), "--db", str(db)), src=trees[side]))
                db.unlink(missing_ok=True)
            print(f"round {r + 1}: " + "; ".join(f"{k} {v[-1][0]:.2f} s wall, {v[-1][1]:.2f} s CPU, {v[-1][2]:.0f} MiB"
                                                   for k, v in runs.items()), flush=True)
    return runs


def summary(runs: dict[str, list[tuple]]) -> list[str]:
    """Medians (peak: the largest), ratios against the baseline, and now/before CPU per round."""
    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v), max(x[2] for x in v))
           for k, v in runs.items() if v}
    bw, bc, _ = med["baseline"]
    lines = [f"{k:9s} wall {w:7.2f} s ({w / bw:5.1f}×)  CPU {c:7.2f} s ({c / bc:5.1f}×)  peak {m:6.0f} MiB"
             for k, (w, c, m) in med.items()]
    lines.append("now/before CPU per round: " + ", ".join(f"{n[1] / b[1]:.2f}" for n, b in zip(runs["now"], runs["before"])))
    return lines


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    before = Path(sys.argv[1]).resolve()
    rounds = int(os.environ.get("KINGMAKER_BENCH_AB_ROUNDS", "3"))
    with tempfile.TemporaryDirectory(prefix="km-load-ab-csv-") as d:
        if len(sys.argv) > 2:
            csv = Path(sys.argv[2]).resolve()
        else:
            csv = Path(d) / "e48000.csv"
            subprocess.run(Q._km("synth", "--entities", "48000", "--seed", "1", "--out", str(csv)), check=True,
                           capture_output=True, env={**os.environ, "PYTHONPATH": str(Q.ROOT / "src")})
        with open(csv) as lines:
            edges = sum(1 for _ in lines) - 1
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, load average {os.getloadavg()[0]:.1f}: "
              f"{edges:,} edges of {csv.name}, before = {before}, now = {Q.ROOT / 'src'}", flush=True)
        runs = measure(before, csv, rounds, os.environ.get("KINGMAKER_BENCH_AB_UNTIL"))
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC, load average {os.getloadavg()[0]:.1f}")
    print("\n".join(summary(runs)))


if __name__ == "__main__":
    main()
