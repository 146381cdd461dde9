"""bench/run_all.py writes BENCHMARKS.md without losing what it did not measure: a failed section keeps its
earlier text (marked), sections that are no benchmark (``NAME.by-hand``) and skipped ones are kept, and
each section it ran says its run, commit and load. Run on a copy of run_all.py with two tiny benchmarks."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

RUN_ALL = Path(__file__).resolve().parents[1] / "bench" / "run_all.py"

OLD = """# Benchmarks

old head

<!-- section: bench_bad -->
## bad

measured by an earlier run: 42 s

<!-- section: bench_ok -->
## ok

old figures

<!-- section: bench_ok.by-hand -->
by hand, 2026-12-07: 7 s
"""


def _tree(tmp: Path) -> Path:
    (tmp / "bench").mkdir()
    (tmp / "src").mkdir()
    shutil.copy(RUN_ALL, tmp / "bench" / "run_all.py")
    (tmp / "bench" / "bench_ok.py").write_text('def main():\n    return "## ok\\n\\nnew figures\\n"\n')
    (tmp / "bench" / "bench_bad.py").write_text("def main():\n    raise SystemExit(3)\n")
    (tmp / "BENCHMARKS.md").write_text(OLD, encoding="utf-8")
    return tmp


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "bench" / "run_all.py"), *args], capture_output=True, text=True)


def test_a_failed_section_keeps_its_earlier_text_and_others_are_kept(tmp_path):
    root = _tree(tmp_path)
    assert _run(root).returncode == 0
    out = (root / "BENCHMARKS.md").read_text(encoding="utf-8")
    bad = out.split("<!-- section: bench_bad -->\n")[1].split("<!-- section:")[0]
    assert bad.startswith("**FAILED in the run of ")
    assert "exit 3" in bad and "measured by an earlier run: 42 s" in bad
    ok = out.split("<!-- section: bench_ok -->")[1].split("<!-- section:")[0]
    assert "new figures" in ok and "old figures" not in ok
    assert "; run of " in ok and ", commit " in ok and ", load " in ok
    assert "by hand, 2026-12-07: 7 s" in out
    assert "Failed in their last run (the earlier text kept, marked at its head): bench_bad." in out
    # a second failure does not stack its notes, and the earlier text is still there
    assert _run(root, "bad").returncode == 0
    out = (root / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert out.count("**FAILED in the run of ") == 1 and "measured by an earlier run: 42 s" in out


def test_skip_leaves_a_section_as_it_was_and_unknown_names_are_refused(tmp_path):
    root = _tree(tmp_path)
    assert _run(root, "--skip", "bad").returncode == 0
    out = (root / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "## bad\n\nmeasured by an earlier run: 42 s" in out and "FAILED" not in out
    assert "new figures" in out
    refused = _run(root, "--skip", "nosuch")
    assert refused.returncode != 0 and "no benchmark named nosuch" in refused.stderr
    assert (root / "BENCHMARKS.md").read_text(encoding="utf-8").count("new figures") == 1


def test_names_run_in_the_order_given(tmp_path):
    root = _tree(tmp_path)
    done = _run(root, "ok", "bad")
    assert done.returncode == 0
    assert done.stdout.index("== bench_ok") < done.stdout.index("== bench_bad")
