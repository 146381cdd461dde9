"""Say whether the learned German weights shipped with the extractor are stale: whether the examples their trainers
would fit today (the rules' reading of the German development gold, and the gold's labels) are the ones the weights
were fitted on (the ``trained_on`` stamp each trainer writes: kingmaker.extract.learned.training_stamp).

    python bench/check_extract_weights.py      # one line per weights file; exit status 1 when any is stale

Stale weights still load (the learned layer is off by default; ``extract_file(…, learned=True)`` asks for it), but
their figures in docs/extract.md were measured on other inputs: retrain with the command printed (never on the frozen
part; the trainers refuse it). Reads the development folders only, as the trainers do.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kingmaker.extract.learned import staleness  # noqa: E402


def _trainer(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def check() -> list[tuple[str, str | None, str]]:
    """Per weights file: its path (relative to the repository), why it is stale (None: fresh), the command to retrain."""
    out = []
    pairs = _trainer("train_extract_pairs")
    stamp = json.loads(pairs.MODEL_PATH.read_text(encoding="utf-8")).get("trained_on")
    out.append((str(pairs.MODEL_PATH.relative_to(ROOT)), staleness(stamp, pairs.training_inputs(pairs.texts(*pairs.DEV))),
                "python bench/train_extract_pairs.py"))
    names = _trainer("train_extract_names")
    stamp = json.loads(names.MODEL_PATH.read_text(encoding="utf-8")).get("trained_on")
    ts = [t for d in names.DEV for t in names.texts(d)]
    out.append((str(names.MODEL_PATH.relative_to(ROOT)), staleness(stamp, names.training_inputs(ts)),
                "python bench/train_extract_names.py --write-only"))
    return out


def main() -> int:
    stale = 0
    for path, why, retrain in check():
        if why is None:
            print(f"{path}: fresh (trained on exactly what its trainer reads today)")
        else:
            stale += 1
            print(f"{path}: STALE — {why}; retrain: {retrain}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
