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

A third table (issue 19, "assessments linear in the group") times ``kingmaker assess target --as-of
2024-01-01 --json`` — every holder ranked by leverage, the 25 with the most assessed with their since-dates,
the rest listed — on a company held by 10², 10³ and 10⁴ outside holders
(:func:`kingmaker.synth.widely_held_case`), against ``kingmaker show target --json`` on the same store;
and, in process, the features of *every* holder (what the ranking needs) against reading the snapshot.
With ``KINGMAKER_BENCH_BEFORE=/path/to/an/older/src`` the same command also runs on that source tree
(interleaved, same stores) where it finishes within ``KINGMAKER_BENCH_BEFORE_LIMIT`` seconds (default 900).
Group sizes from ``KINGMAKER_BENCH_GROUPS`` (default ``100,1000,10000``).

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


GROUPS = [int(x) for x in os.environ.get("KINGMAKER_BENCH_GROUPS", "100,1000,10000").split(",")]
GROUP_REPS = int(os.environ.get("KINGMAKER_BENCH_GROUP_REPS", "3"))
BEFORE = os.environ.get("KINGMAKER_BENCH_BEFORE")
BEFORE_LIMIT = float(os.environ.get("KINGMAKER_BENCH_BEFORE_LIMIT", "900"))


def _group_store(tmp: Path, n: int) -> tuple[Path, Path]:
    """The case file of a company with ``n`` holders and a store it is loaded into."""
    import json

    import kingmaker
    from kingmaker.synth import widely_held_case

    case = tmp / f"held-{n}.yaml"
    case.write_text(json.dumps(widely_held_case(n)), encoding="utf-8")  # JSON is YAML
    db = tmp / f"held-{n}.duckdb"
    with kingmaker.open(db) as km:
        km.load(case)
    return case, db


def _source_process(src: str, args: list[str], limit: float | None = None) -> float | None:
    """Whole-process time of the CLI run from the source tree ``src`` (``None`` past ``limit`` seconds)."""
    code = "import sys; sys.argv[0] = 'kingmaker'; from kingmaker.cli import main; sys.exit(main())"
    env = {**os.environ, "PYTHONPATH": src}
    t0 = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, cwd=ROOT, env=env,
                       timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t0


def _every_holder(db: Path) -> tuple[float, float, int]:
    """In process: the features of every holder (one shared organisation) and, as the baseline, the snapshot."""
    from datetime import date

    import kingmaker
    from kingmaker.analysis.structure import Organisation
    from kingmaker.assess.features import compute_features
    from kingmaker.assess.service import relevant_holders

    with kingmaker.open(db, read_only=True) as km:
        t0 = time.perf_counter()
        snap = km.snapshot(date(2024, 1, 1))
        read = time.perf_counter() - t0
        t0 = time.perf_counter()
        holders = relevant_holders(snap, "target")
        org = Organisation(snap, "target")
        for h in holders:
            compute_features(snap, h, "target", org=org)
        return time.perf_counter() - t0, read, len(holders)


def group_rows() -> list[str]:
    src = str(ROOT / "src")
    rows, before_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in GROUPS:
            case, db = _group_store(Path(tmp), n)
            cmd = ["assess", "target", "--as-of", "2024-01-01", "--json", "--db", str(db)]
            if BEFORE:  # the earlier tree reads a store it wrote itself (its schema may be older)
                old_db = Path(tmp) / f"held-{n}-before.duckdb"
                _source_process(BEFORE, ["load", str(case), "--db", str(old_db)])
                old_cmd = cmd[:-1] + [str(old_db)]
            base = ["show", "target", "--as-of", "2024-01-01", "--json", "--db", str(db)]
            runs, baseline, old = [], [], []
            for _ in range(GROUP_REPS):
                baseline.append(_source_process(src, base))
                runs.append(_source_process(src, cmd))
                if BEFORE and not old:  # once: the earlier tree takes minutes where this takes seconds
                    old.append(_source_process(BEFORE, old_cmd, BEFORE_LIMIT))
            feats, read, holders = _every_holder(db)
            a, b = statistics.median(runs), statistics.median(baseline)
            rows.append(f"| {n:,} | {holders:,} | {a:.2f} s | {b:.2f} s | {a / b:.2f}× | "
                        f"{feats:.2f} s ({feats / holders * 1000:.2f} ms a holder) | {read:.2f} s |")
            if BEFORE:
                done = [t for t in old if t is not None]
                before = (f"{statistics.median(done):.1f} s | {statistics.median(done) / a:.0f}×" if done
                          else f"> {BEFORE_LIMIT:.0f} s (stopped) | > {BEFORE_LIMIT / a:.0f}×")
                before_rows.append(f"| {n:,} | {a:.2f} s | {before} |")
    out = [
        "### Assessing every holder of a widely held company",
        "",
        "`kingmaker assess target --as-of 2024-01-01 --json` (the 25 holders with the most leverage assessed, "
        "with since-dates; the rest listed) against `kingmaker show target --as-of 2024-01-01 --json` on the same "
        f"store, whole processes, median of {GROUP_REPS}; and in process the features of every holder against "
        "reading the snapshot (`kingmaker.synth.widely_held_case`).",
        "",
        "| outside holders | holders ranked | assess | show | ratio | features of every holder | snapshot |",
        "|---|---|---|---|---|---|---|",
        *rows,
    ]
    if before_rows:
        out += ["", f"The same command on an earlier source tree (`KINGMAKER_BENCH_BEFORE`; every holder assessed, "
                "since-dates from a store snapshot per date), one run interleaved with the first repetition above:", "",
                "| outside holders | now | before | before ÷ now |", "|---|---|---|---|", *before_rows]
    return out


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
        "",
        *group_rows(),
        "",
        "Command: `python bench/run_all.py bench_assess` (or `make bench`).",
        "",
    ])


if __name__ == "__main__":
    print("\n".join(group_rows()) if sys.argv[1:] == ["groups"] else main())
