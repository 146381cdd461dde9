"""Evidence extraction (issue 8): precision and recall per text and per fact kind, in three groups.

Run: ``python bench/run_all.py extract`` (or this file directly). The groups:

* dev — tests/data/extract/*.gold.yaml: the rules were written against these;
* heldout — tests/data/extract/heldout/: held out when the first rules were frozen, since then used as
  development data for the general patterns (so no longer an unbiased estimate);
* heldout2 — tests/data/extract/heldout2/: written before the general patterns and never tuned on;
  the honest estimate on new prose.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GROUPS = [
    ("", "Dev texts (tuned on: the rules were written against these)"),
    ("heldout", "Held-out set 1 (written after the first rules were frozen; now used as development data for the "
                "general patterns — not an unbiased estimate any more)"),
    ("heldout2", "Held-out set 2 (written before the general patterns, never tuned on: the honest estimate)"),
]


def main() -> str:
    from kingmaker.extract.evaluate import GOLD_DIR, evaluate_all, markdown

    lines = ["## Evidence extraction (`kingmaker extract`)", "",
             "Command: `python bench/run_all.py extract` (gold: `tests/data/extract/**/*.gold.yaml`; evaluator: "
             "`kingmaker.extract.evaluate`). A candidate is correct when kind, holder and subject match a gold fact "
             "and its sentence overlaps one of the fact's quotes (claims: kind and sentence).", ""]
    for sub, title in GROUPS:
        reports = evaluate_all(GOLD_DIR / sub if sub else GOLD_DIR)
        source = next((r for r in reports if r.name == "article-ai-and-you-30"), None)
        if not sub:
            if source is not None:
                t = source.total
                lines += [f"Source article (goal: precision ≥ 0.8, recall ≥ 0.6, nothing from the page debris): "
                          f"precision {t.precision:.2f}, recall {t.recall:.2f}, {source.debris_candidates} candidates "
                          "from debris.", ""]
            else:
                lines += ["Source article: ../shared absent, not measured.", ""]
        total = [r.total for r in reports]
        cands, correct = sum(t.candidates for t in total), sum(t.correct for t in total)
        gold, found = sum(t.gold for t in total), sum(t.found for t in total)
        lines += [f"### {title}", "",
                  f"All texts: precision {correct / cands if cands else 0:.2f} ({correct}/{cands}), "
                  f"recall {found / gold if gold else 0:.2f} ({found}/{gold}).", "", markdown(reports), ""]
    return "\n".join(lines).rstrip()


if __name__ == "__main__":
    print(main())
