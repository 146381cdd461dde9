"""Run every benchmark (bench/bench_*.py) and write BENCHMARKS.md from their Markdown sections.

Each benchmark module has ``main() -> str`` returning one Markdown section, measured against its peers
in the same run (ratios, not absolute times: these machines are noisy). Run: ``make bench``, or
``python bench/run_all.py [NAME ...]`` for some of them (their sections replace the old ones).
"""
from __future__ import annotations

import platform
import re
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "BENCHMARKS.md"
MARK = "<!-- section: {} -->"


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def run_one(path: Path) -> str:
    """Run one benchmark in its own process (no state leaks between them) and return its section."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "section.md"
        code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import {path.stem} as m; "
                f"s = m.main(); open({str(out)!r}, 'w', encoding='utf-8').write(s or '')")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent)
        took = time.perf_counter() - started
        if proc.returncode != 0 or not out.exists():
            return f"## {path.stem}\n\nFAILED (exit {proc.returncode}); run `python bench/{path.name}` to see why.\n"
        section = out.read_text(encoding="utf-8")
    return f"{section.rstrip()}\n\n_(section took {took:.0f} s)_\n"


def main(names: list[str]) -> None:
    import compileall

    # the source tree byte-compiled, as an installed copy is: where PYTHONDONTWRITEBYTECODE is set, each
    # measured `kingmaker` process would otherwise compile every module it imports (bench_questions.byte_compiled)
    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)
    paths = sorted(HERE.glob("bench_*.py"))
    if names:
        paths = [p for p in paths if p.stem.removeprefix("bench_") in names or p.stem in names]
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    sections = dict(re.findall(r"<!-- section: (\S+) -->\n(.*?)(?=<!-- section: |\Z)", old, flags=re.S))
    for p in paths:
        print(f"== {p.stem}", flush=True)
        sections[p.stem] = run_one(p) + "\n"
        print(sections[p.stem], flush=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = ("# Benchmarks\n\nProduced by `make bench` (or `python bench/run_all.py NAME`), each section measured "
            f"against its peers in the same run. Last run: {stamp} on {machine()}.\n\n")
    body = "".join(MARK.format(k) + "\n" + v for k, v in sorted(sections.items()))
    OUT.write_text(head + body, encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
