"""Evidence extraction (issue 8): precision and recall per fact kind against the gold annotations.

Run: ``python bench/run_all.py extract``. Texts in tests/data/extract/ were used while writing the rules
(held-in); tests/data/extract/heldout/ were written after the rules were frozen (held-out).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> str:
    from kingmaker.extract.evaluate import GOLD_DIR, evaluate_all, markdown

    held_in = evaluate_all(GOLD_DIR)
    held_out = evaluate_all(GOLD_DIR / "heldout")
    source = next((r for r in held_in if r.name == "article-ai-and-you-30"), None)
    lines = ["## Evidence extraction (`kingmaker extract`)", "",
             "Command: `python bench/run_all.py extract` (gold: `tests/data/extract/*.gold.yaml`; evaluator: "
             "`kingmaker.extract.evaluate`). A candidate is correct when kind, holder and subject match a gold fact "
             "and its sentence overlaps one of the fact's quotes (claims: kind and sentence).", ""]
    if source is not None:
        t = source.total
        lines += [f"Source article (goal: precision ≥ 0.8, recall ≥ 0.6, nothing from the page debris): "
                  f"precision {t.precision:.2f}, recall {t.recall:.2f}, {source.debris_candidates} candidates from debris.",
                  "", markdown([source]), ""]
    else:
        lines += ["Source article: ../shared absent, not measured.", ""]
    lines += ["### Held-in texts (the rules were written against these)", "", markdown(held_in), "",
              "### Held-out texts (written after the rules were frozen; the honest estimate)", "", markdown(held_out)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
