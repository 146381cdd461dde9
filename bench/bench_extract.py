"""Evidence extraction (issues 8 and 18): precision and recall on real texts first, then throughput.

Run: ``python bench/run_all.py extract`` (or this file directly). Reported, in this order:

* **frozen real set** — tests/data/extract/real/frozen: 15 texts by competition authorities, courts and
  Wikinews, gold annotated before any rule was run on them and never read while rules were written (see
  its README). The honest estimate, per language and per fact kind, in two conditions: no store (what a
  new user gets: the shipped gazetteer only) and against the flagship store (cases/openai-2023.yaml).
  The German texts sealed in session 7 (``s7-*``), session 8 (``s8-*``) and session 10 (``s10-*``, deal news:
  competition authorities' releases on acquisitions, joint ventures, prohibitions) and the German and English news
  items sealed in session 11 (``s11-*``: Commission, FTC and court news on deals, fines, probes, appointments;
  :data:`kingmaker.extract.evaluate.LATER_FROZEN`) are their own rows, never pooled with the original fifteen
  or with each other;
* **dev real set** — tests/data/extract/real/dev: the real texts the rules were written against (six German
  Bundeskartellamt texts added in session 4, thirteen German authority and court texts in session 5, more German
  authority and news texts in session 6 — see its README; gold annotated before any rule ran on them) and
  the fresh dev texts of sessions 7, 8, 10 and 11 (real/dev-s7, real/dev-s8, real/dev-s10 German, real/dev-s11 German
  and English news, the other halves of those sessions' splits), each its own rows;
* the **synthetic sets** of issue 8 (tests/data/extract/*.gold.yaml, heldout/, heldout2/): written by the
  same hand as the rules, so no estimate for real news any more — kept as regression checks;
* **throughput** — the whole ``kingmaker extract FILE --against STORE --json`` process on a 10^5-actor
  store against the same command without a store and against the way ``--against`` worked before the
  store's name index (every actor read and indexed: :data:`WHOLE_STORE`), on the same text, in the same
  run. Alone: ``python bench/bench_extract.py throughput``.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

REAL = "real"
SYNTHETIC = [
    ("", "Synthetic dev texts (issue 8; the rules were written against these)"),
    ("heldout", "Synthetic held-out set 1 (issue 8; since used as development data)"),
    ("heldout2", "Synthetic held-out set 2 (issue 8; written by the same hand as the rules before the general "
                 "patterns: a regression check, no estimate for real news)"),
]


def _score(gold_dir: Path, index_factory, part: str | None = None):
    from kingmaker.extract.evaluate import Score, gold_files, load_gold, score
    from kingmaker.extract.pipeline import extract_file

    by_lang: dict[str, Score] = defaultdict(Score)
    by_kind: dict[str, Score] = defaultdict(Score)
    for p in gold_files(gold_dir, part):
        gold = load_gold(p)
        if gold is None:
            continue
        rep = score(extract_file(gold.text_path, gold.lang, index_factory()), gold)
        for k, s in rep.by_kind.items():
            for agg in (by_lang[gold.lang], by_lang["all"], by_kind[k]):
                agg.candidates += s.candidates
                agg.correct += s.correct
                agg.gold += s.gold
                agg.found += s.found
    return by_lang, by_kind


def _f(s) -> str:
    p = f"{s.correct / s.candidates:.2f}" if s.candidates else "–"
    r = f"{s.found / s.gold:.2f}" if s.gold else "–"
    return f"{p} ({s.correct}/{s.candidates}) | {r} ({s.found}/{s.gold})"


def real_section(folder: str, title: str, part: str | None = None) -> list[str]:
    from kingmaker.extract.actors import ActorIndex
    from kingmaker.extract.evaluate import GOLD_DIR

    flagship = ROOT / "cases" / "openai-2023.yaml"
    conditions = [("no store (the gazetteer only)", ActorIndex),
                  ("against the flagship store", lambda: ActorIndex.from_case_file(flagship))]
    lines = [f"### {title}", "", "| condition | language | precision | recall |", "|---|---|---|---|"]
    kinds_no_store = None
    for name, factory in conditions:
        by_lang, by_kind = _score(GOLD_DIR / REAL / folder, factory, part)
        kinds_no_store = kinds_no_store or by_kind
        for lang in ("all", "de", "en"):
            lines.append(f"| {name} | {lang} | {_f(by_lang[lang])} |")
    lines += ["", "Per fact kind (no store):", "", "| fact kind | precision | recall |", "|---|---|---|"]
    for k, s in sorted(kinds_no_store.items()):
        lines.append(f"| {k} | {_f(s)} |")
    return lines + [""]


def synthetic_section() -> list[str]:
    from kingmaker.extract.evaluate import GOLD_DIR, evaluate_all

    lines = []
    for sub, title in SYNTHETIC:
        reports = evaluate_all(GOLD_DIR / sub if sub else GOLD_DIR)
        t = [r.total for r in reports]
        c, ok = sum(x.candidates for x in t), sum(x.correct for x in t)
        g, f = sum(x.gold for x in t), sum(x.found for x in t)
        lines.append(f"- {title}: precision {ok / c if c else 0:.2f} ({ok}/{c}), recall {f / g if g else 0:.2f} ({f}/{g}), "
                     f"{len(reports)} texts.")
    return lines + [""]


def _run(args: list[str], script: str | None = None) -> float:
    """Seconds one whole process takes: ``kingmaker ARGS``, or ``python -c SCRIPT ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "kingmaker.cli.app", *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} {' '.join(args)} failed: {proc.stderr[-2000:]}")
    return took


WHOLE_STORE = """
import sys, kingmaker
from kingmaker.cli.common import emit_json
from kingmaker.extract import ActorIndex, extract_file
from kingmaker.extract.fragment import candidates_json
with kingmaker.open(sys.argv[2], read_only=True) as km:
    index = ActorIndex(km.actors())
    index.set_relations([r for i in index.family_members() for r in km.store.relations(actor=i)])
    emit_json(candidates_json(extract_file(sys.argv[1], "en", index)))
"""
"""The way ``extract --against`` worked before the store's name index (issue 18): every actor read and
indexed, then the text — the baseline the lookup is measured against, as a whole process too."""


def throughput_section(actors: int = 100_000, sizes=(100_000, 400_000), langs=("en", "de")) -> list[str]:
    """Whole ``kingmaker extract`` processes on the dev texts of each language repeated to each size; the ratio
    of the sizes' times is the check that time grows linearly with the text (4x the text, about 4x the time)."""
    from kingmaker.synth import write_synth

    dev = ROOT / "tests/data/extract/real/dev"
    lines = ["### Throughput (whole process, as a user runs it)", ""]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        edges = tmp / "synth.csv"
        write_synth(edges, actors, seed=18)
        db = tmp / "store.duckdb"
        t_load = _run(["load", str(edges), "--db", str(db)]) + _run(["load", str(ROOT / "cases/openai-2023.yaml"), "--db", str(db)])
        lines += [f"Store: `kingmaker synth` graph of {actors:,} actors plus the flagship case (whose actors the text "
                  f"names), loaded with `kingmaker load` ({t_load:.0f} s, not counted). Text: the dev texts of the "
                  "language repeated to the size given. Columns: `kingmaker extract TEXT --lang L --json` without a "
                  "store; the same with every store actor read and indexed first (how `--against` worked before: "
                  "`bench_extract.WHOLE_STORE`, English only); `kingmaker extract TEXT --lang L --json --against STORE` "
                  "(the store's name index: only the actors the text may name are read). Best of two runs each.", "",
                  "| language | text | no store | whole store read (before) | `--against` (name index) | kB/s with "
                  "`--against` | `--against` / no store | before / `--against` |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for lang in langs:
            base = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(dev.glob(f"*.{lang}.txt")))
            for size in sizes:
                text = tmp / f"text-{size}.{lang}.txt"
                text.write_text((base * (size // len(base) + 1))[:size], encoding="utf-8")
                plain = min(_run(["extract", str(text), "--lang", lang, "--json"]) for _ in range(2))
                before = min(_run([str(text), str(db)], WHOLE_STORE) for _ in range(2)) if lang == "en" else None
                store = min(_run(["extract", str(text), "--lang", lang, "--json", "--against", str(db)]) for _ in range(2))
                was = f"{before:.1f} s" if before is not None else "–"
                gain = f"{before / store:.2f}" if before is not None else "–"
                lines.append(f"| {lang} | {size // 1000} kB | {plain:.1f} s | {was} | {store:.1f} s | "
                             f"{size / 1000 / store:.0f} | {store / plain:.2f} | {gain} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"Load average when measured: {load:.1f} on {os.cpu_count()} cores (other work shares the machine: "
                  "absolute times vary, the ratios less)."]
    return lines + [""]


def _count(folder: str, part: str | None = None) -> str:
    """``"15 texts: 4 de, 11 en"`` for a real-set folder (and frozen part), from the gold files' ``lang``."""
    from kingmaker.extract.evaluate import GOLD_DIR, gold_files

    golds = gold_files(GOLD_DIR / REAL / folder, part)
    n_de = sum(1 for p in golds if "\nlang: de" in p.read_text(encoding="utf-8"))
    return f"{len(golds)} texts: {n_de} de, {len(golds) - n_de} en"


def main() -> str:
    lines = ["## Evidence extraction (`kingmaker extract`)", "",
             "Command: `python bench/run_all.py extract` (gold: `tests/data/extract/**/*.gold.yaml`; evaluator: "
             "`kingmaker.extract.evaluate`). A candidate is correct when kind, holder and subject match a gold fact "
             "(ends agree by any name of the actor) and its sentence overlaps one of the fact's quotes (claims: kind "
             "and sentence). Predictions are not annotated in the real sets and not scored there.", ""]
    lines += real_section("frozen", f"Frozen real set, original ({_count('frozen', 'original')}; never read while writing "
                                    "rules) — the honest estimate", "original")
    lines += real_section("frozen", f"Frozen real set, session-7 additions ({_count('frozen', 'session 7')}; sealed before any "
                                    "rule ran on them, reported apart from the original set)", "session 7")
    lines += real_section("frozen", f"Frozen real set, session-8 additions ({_count('frozen', 'session 8')}; sealed before any "
                                    "rule ran on them, reported apart from the original set and the session-7 additions)",
                          "session 8")
    lines += real_section("frozen", f"Frozen real set, session-10 additions ({_count('frozen', 'session 10')}; deal news, sealed "
                                    "before any rule ran on them, reported apart from the original set and the session-7 and "
                                    "session-8 additions)", "session 10")
    lines += real_section("frozen", f"Frozen real set, session-11 additions ({_count('frozen', 'session 11')}; German and English "
                                    "news items, sealed before any rule ran on them, reported apart from the other parts)",
                          "session 11")
    lines += real_section("dev", f"Dev real set ({_count('dev')}; the rules were written against these — German texts "
                                 "added in sessions 4, 5 and 6)")
    lines += real_section("dev-s7", f"Fresh dev texts of session 7 ({_count('dev-s7')}; the other half of the session-7 split, "
                                    "gold annotated before any rule ran on them)")
    lines += real_section("dev-s8", f"Fresh dev texts of session 8 ({_count('dev-s8')}; the other half of the session-8 split, "
                                    "gold annotated before any rule ran on them)")
    lines += real_section("dev-s10", f"Fresh dev texts of session 10 ({_count('dev-s10')}; deal news, the other half of the "
                                     "session-10 split, gold annotated before any rule ran on them)")
    lines += real_section("dev-s11", f"Fresh dev texts of session 11 ({_count('dev-s11')}; German and English news items, the "
                                     "other half of the session-11 split, gold annotated before any rule ran on them)")
    lines += ["### Synthetic sets (issue 8)", ""] + synthetic_section()
    if os.environ.get("KINGMAKER_BENCH_QUICK") != "1":
        lines += throughput_section()
    return "\n".join(lines).rstrip()


if __name__ == "__main__":
    print("\n".join(throughput_section()) if sys.argv[1:] == ["throughput"] else main())
