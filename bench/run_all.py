"""Run every benchmark (bench/bench_*.py) and write BENCHMARKS.md from their Markdown sections.

Each benchmark module has ``main() -> str`` returning one Markdown section, measured against its peers
in the same run (ratios, not absolute times: these machines are noisy). Run: ``make bench``, or
``python bench/run_all.py [NAME ...] [--skip NAME ...]`` for some of them, in the order given (their sections
replace the old ones; every other section is kept as it is).

* Each section the run produces ends with a line saying when it ran, how long it took, the commit measured
  and the machine's load average (1 min) at its start and end; the file's head lists the runs its sections
  come from, read back from those lines, so a file with sections from several runs says so.
* BENCHMARKS.md is written again after every section: a run stopped part-way keeps what it finished.
* A section that fails keeps its earlier text under a line saying it failed in this run.
* Sections whose name is no benchmark module (``NAME.by-hand``: figures measured by hand or by earlier runs
  with options ``make bench`` does not use, each with its date and command) are never touched by a run;
  ``.by-hand`` sorts right after its module's section.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "BENCHMARKS.md"
MARK = "<!-- section: {} -->"
#: the last line of a section a run produced: ``_(section took 12 s; run of 2026-12-07 14:47 UTC, commit
#: 0ce47b2, load 1.2 → 3.4)_``
FOOTER = "_(section took {took:.0f} s; run of {run}, commit {commit}, load {l0:.1f} → {l1:.1f})_"
FOOTER_RE = re.compile(r"_\(section took \d+ s; run of ([^,]+), commit ([^,]+), load ([\d.]+) → ([\d.]+)\)_\s*\Z")
FAILED_RE = re.compile(r"\A\*\*FAILED in the run of [^*]*\*\*\n\n")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def commit() -> str:
    """The commit measured (short id), marked where the tree measured differs from it (src/ or bench/)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" with uncommitted changes" if git("status", "--porcelain", "--", "src", "bench") else "")


def run_one(path: Path) -> tuple[str | None, float, int]:
    """Run one benchmark in its own process (no state leaks between them): (its section or None, seconds,
    exit status)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "section.md"
        code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import {path.stem} as m; "
                f"s = m.main(); open({str(out)!r}, 'w', encoding='utf-8').write(s or '')")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT)
        took = time.perf_counter() - started
        ok = proc.returncode == 0 and out.exists()
        return (out.read_text(encoding="utf-8") if ok else None), took, proc.returncode


def head(sections: dict[str, str]) -> str:
    """The file's head: what it is, the machine, and which run each section comes from (read from the
    sections' last lines)."""
    runs: dict[tuple[str, str], list[str]] = {}
    loads: dict[tuple[str, str], list[float]] = {}
    failed, other = [], []
    for name, text in sorted(sections.items()):
        if FAILED_RE.match(text):
            failed.append(name)
        elif m := FOOTER_RE.search(text.rstrip()):
            runs.setdefault((m.group(1), m.group(2)), []).append(name)
            loads.setdefault((m.group(1), m.group(2)), []).extend(float(x) for x in m.group(3, 4))
        else:
            other.append(name)
    lines = ["# Benchmarks", "",
             "Produced by `make bench` (`python bench/run_all.py`; some sections: `python bench/run_all.py NAME ...` "
             "or `--skip NAME`), each section measured against its peers in the same run; the ratios are the "
             f"figures to read. Machine: {machine()}, shared with other work (each section gives the load "
             "average).", ""]
    for (run, rev), names in sorted(runs.items()):
        lo, hi = min(loads[run, rev]), max(loads[run, rev])
        lines += [f"- Run of {run}, commit {rev} (load average {lo:.1f}–{hi:.1f} at its sections' starts and ends): "
                  f"{', '.join(names)}."]
    if failed:
        lines += [f"- Failed in their last run (the earlier text kept, marked at its head): {', '.join(failed)}."]
    if other:
        lines += [f"- From earlier runs or measured by hand, each saying its own command, date and load: "
                  f"{', '.join(other)}."]
    return "\n".join(lines) + "\n\n"


def write(sections: dict[str, str]) -> None:
    body = "".join(MARK.format(k) + "\n" + v.rstrip() + "\n\n" for k, v in sorted(sections.items()))
    OUT.write_text(head(sections) + body.rstrip() + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    import compileall

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="benchmarks to run (bench_io or io); all when none is given")
    ap.add_argument("--skip", action="append", default=[], metavar="NAME",
                    help="a benchmark not to run (its section is kept as it is); may be repeated")
    args = ap.parse_args(argv)
    paths = sorted(HERE.glob("bench_*.py"))
    known = {p.stem for p in paths} | {p.stem.removeprefix("bench_") for p in paths}
    unknown = [n for n in args.names + args.skip if n not in known]
    if unknown:
        raise SystemExit(f"run_all.py: no benchmark named {', '.join(unknown)} (bench/bench_NAME.py)")
    picked = lambda p, names: p.stem in names or p.stem.removeprefix("bench_") in names  # noqa: E731
    if args.names:  # in the order given (the most wanted first, where a run may have to stop early)
        paths = [p for n in dict.fromkeys(args.names) for p in paths if picked(p, [n])]
    paths = [p for p in paths if not picked(p, args.skip)]
    # the source tree byte-compiled, as an installed copy is: where PYTHONDONTWRITEBYTECODE is set, each
    # measured `kingmaker` process would otherwise compile every module it imports (bench_questions.byte_compiled)
    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    sections = dict(re.findall(r"<!-- section: (\S+) -->\n(.*?)(?=<!-- section: |\Z)", old, flags=re.S))
    run = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rev = commit()
    print(f"run of {run}, commit {rev}: {', '.join(p.stem for p in paths)}", flush=True)
    for p in paths:
        print(f"== {p.stem} (load {os.getloadavg()[0]:.1f})", flush=True)
        load0 = os.getloadavg()[0]
        text, took, status = run_one(p)
        if text is None:
            earlier = FAILED_RE.sub("", sections.get(p.stem, "")).strip()
            note = (f"**FAILED in the run of {run} (exit {status}; `python bench/{p.name}` shows why): "
                    + ("the text below is from an earlier run.**" if earlier else "no earlier text.**"))
            sections[p.stem] = note + "\n\n" + (earlier or f"## {p.stem}") + "\n"
        else:
            footer = FOOTER.format(took=took, run=run, commit=rev, l0=load0, l1=os.getloadavg()[0])
            sections[p.stem] = f"{text.rstrip()}\n\n{footer}\n"
        print(sections[p.stem], flush=True)
        write(sections)
    write(sections)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
