"""Benchmark: what computing certainty costs (issue 14) — legal-test verdicts with their certainty, the
inputs they rest on and the missing facts, against the bare verdicts, on the flagship and three real
partnerships.

Two rows, each against a baseline measured in the same run, interleaved so the shared machine's noise
hits both alike (medians; ratio = row ÷ baseline):

* **in process**: ``assess`` for one holder and one regime (level, reasons, flip facts, certainty over
  every estimate, default and missing figure, holding box, input flip facts, missing facts) against the
  bare verdict the engine computed before (the level, reasons and feature flip facts:
  ``_level_of`` + ``flip_facts``), on the same precomputed features;
* **whole process**: ``kingmaker assess openai-global-llc --as-of 2023-11-16 --json`` (every holder,
  three regimes, since-dates) against ``kingmaker show openai-global-llc --as-of 2023-11-16 --json``
  (the same store, the same date, the ties without any legal test).

``python bench/bench_assess.py`` (repetitions from ``KINGMAKER_BENCH_ASSESS_REPS``, default 7).
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
REPS = int(os.environ.get("KINGMAKER_BENCH_ASSESS_REPS", "7"))
CASES = [("openai-global-llc", "microsoft", "2023-11-16"), ("anthropic", "google", "2025-03-12"),
         ("anthropic", "amazon", "2024-06-01"), ("mistral-ai", "microsoft", "2024-03-01")]


def _store(tmp: Path) -> Path:
    import kingmaker

    db = tmp / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(*(ROOT / "cases" / name for name in ("openai-2023.yaml", "google-anthropic-2025.yaml",
                                                      "library/amazon-anthropic-2024.yaml", "microsoft-mistral-2024.yaml")))
    return db


def _in_process(db: Path) -> tuple[float, float]:
    import kingmaker
    from kingmaker.assess.engine import REGIMES, _level_of, assess, flip_facts, load_regime
    from kingmaker.assess.features import compute_features

    with kingmaker.open(db) as km:
        work = [(load_regime(r), compute_features(km.snapshot(day), holder, target))
                for target, holder, day in CASES for r in REGIMES]
    full, bare = [], []
    for _ in range(REPS):
        t0 = time.perf_counter()
        for regime, feats in work:
            level, _ = _level_of(regime, feats)
            flip_facts(regime, feats, level.id)
        bare.append((time.perf_counter() - t0) / len(work))
        t0 = time.perf_counter()
        for regime, feats in work:
            assess(regime, feats)
        full.append((time.perf_counter() - t0) / len(work))
    return statistics.median(full), statistics.median(bare)


def _process(args: list[str]) -> float:
    exe = Path(sys.executable).with_name("kingmaker")
    t0 = time.perf_counter()
    subprocess.run([str(exe), *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        db = _store(Path(tmp))
        full, bare = _in_process(db)
        cmd = ["assess", "openai-global-llc", "--as-of", "2023-11-16", "--json", "--db", str(db)]
        base = ["show", "openai-global-llc", "--as-of", "2023-11-16", "--json", "--db", str(db)]
        runs, baseline = [], []
        for _ in range(REPS):
            baseline.append(_process(base))
            runs.append(_process(cmd))
    a, b = statistics.median(runs), statistics.median(baseline)
    return "\n".join([
        "## Assessment with computed certainty (`bench/bench_assess.py`)",
        "",
        f"Flagship and three partnerships (Google/Anthropic, Amazon/Anthropic, Microsoft/Mistral), {REPS} "
        "repetitions, medians; baselines in the same run (module docstring).",
        "",
        "| what | time | baseline | baseline time | ratio |",
        "|---|---|---|---|---|",
        f"| one verdict with certainty, holding box, input flips, missing facts (in process) | {full * 1000:.1f} ms "
        f"| bare verdict: level, reasons, feature flips | {bare * 1000:.2f} ms | {full / bare:.0f}× |",
        f"| `kingmaker assess openai-global-llc --as-of 2023-11-16 --json` (process) | {a:.2f} s "
        f"| `kingmaker show … --json` | {b:.2f} s | {a / b:.2f}× |",
        "",
        "Command: `python bench/run_all.py bench_assess` (or `make bench`).",
        "",
    ])


if __name__ == "__main__":
    print(main())
