"""Benchmark: start-up of the ``kingmaker`` command, before and after a change, as whole processes.

Rows: ``kingmaker --help`` and a simple ``kingmaker show openai-inc`` on the flagship store (issue 17's
goals: under 0.3 s and 0.8 s). Each is run from two source trees — the current one and ``--before REV``
checked out into a temporary git worktree — beside two baselines, interleaved (baseline, before, after,
baseline, …) so that the shared machine's noise hits all alike; the table gives medians:

* *python*: ``python -c pass`` (the interpreter's own start-up, site-packages included);
* *Typer app*: a two-command Typer app printing its ``--help`` (the CLI toolkit's own start-up and help
  rendering, as in bench_questions.py).

Each tree's ``show`` reads a store that tree loaded itself (the stores' JSON may differ between versions).
``python bench/bench_startup.py [--before REV]`` (default: :data:`BEFORE`; repetitions:
``KINGMAKER_BENCH_START_REPS``, default 9).
``python -X importtime -c 'from kingmaker.cli import main; main()' --help`` shows what is imported.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPS = int(os.environ.get("KINGMAKER_BENCH_START_REPS", "9"))
CASE = "src/kingmaker/data/cases/openai-2023.yaml"
sys.path.insert(0, str(ROOT / "bench"))
from bench_questions import HELP_FLOOR as TYPER_APP  # noqa: E402  (the same two-command Typer app)
from bench_questions import child  # noqa: E402  (one way to time a child process)
KM = "import sys; from kingmaker.cli import main; sys.exit(main())"


def run(argv: list[str], src: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one child process (``src``: the source tree put first on
    its path); fails loudly. On a loaded machine the wall time grows with the load; the CPU time much less,
    so it is close to what the command takes on a quiet machine."""
    took, cpu, _ = child(argv, src)
    return took, cpu


#: the last commit before issue 17's start-up work (``make bench`` compares with it)
BEFORE = os.environ.get("KINGMAKER_BENCH_START_BEFORE", "6e896f3")


def main(before: str = BEFORE) -> str:
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", before], check=True,
                         capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as d:
        old = Path(d) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), rev], check=True,
                       capture_output=True)
        try:
            trees = {"before": old / "src", "after": ROOT / "src"}
            stores = {}
            for name, src in trees.items():
                stores[name] = str(Path(d) / f"{name}.duckdb")
                run([sys.executable, "-c", KM, "load", str(src.parent / CASE), "--db", stores[name]], src)
            rows = []
            for label, args_of in (("`kingmaker --help`", lambda n: ["--help"]),
                                   ("`kingmaker show openai-inc` (flagship store)",
                                    lambda n: ["show", "openai-inc", "--db", stores[n]])):
                times: dict[str, list[tuple[float, float]]] = {"python": [], "typer": [], "before": [], "after": []}
                cmds = {"python": ([sys.executable, "-c", "pass"], None),
                        "typer": ([sys.executable, "-c", TYPER_APP, "--help"], None),
                        **{n: ([sys.executable, "-c", KM, *args_of(n)], trees[n]) for n in trees}}
                for argv, src in cmds.values():  # warm the page cache
                    run(argv, src)
                for _ in range(REPS):
                    for key, (argv, src) in cmds.items():
                        times[key].append(run(argv, src))
                med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
                       for k, v in times.items()}
                rows.append((label, med))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)
    out = ["## Start-up (bench_startup)", "",
           f"Command: `python bench/bench_startup.py --before {rev}`. Whole processes, interleaved, median of {REPS}; "
           f"*before* is commit {rev}, *after* the working tree. Load average (1 min) {load:.1f} at the start, "
           f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores.", "",
           "Each cell: median wall seconds / median CPU seconds (user + system; on a loaded machine the wall time "
           "grows with the load, the CPU time much less).", "",
           "| command | python -c pass | Typer app --help | before | after | after / before (wall, CPU) "
           "| after / Typer app (wall, CPU) |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    cell = lambda x: f"{x[0]:.3f} / {x[1]:.3f}"  # noqa: E731
    ratio = lambda a, b: f"{a[0] / b[0]:.2f}, {a[1] / b[1]:.2f}"  # noqa: E731
    for label, m in rows:
        out.append(f"| {label} | {cell(m['python'])} | {cell(m['typer'])} | {cell(m['before'])} | {cell(m['after'])} "
                   f"| {ratio(m['after'], m['before'])} | {ratio(m['after'], m['typer'])} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default=BEFORE, help="the revision to compare with (e.g. HEAD~3, a commit id)")
    print(main(ap.parse_args().before))
