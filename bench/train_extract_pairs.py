"""Train the German pair scorer (kingmaker.extract.learned) on the real German development texts and report
leave-one-text-out figures: for each text, a model trained on all the other texts scores its pairs, and the
rules' candidates plus the pairs that model adds are scored against the text's gold.

    python bench/train_extract_pairs.py            # LOTO report, then write src/kingmaker/data/extract/pairs-de.json
    python bench/train_extract_pairs.py --report   # LOTO report only
    python bench/train_extract_pairs.py --eval DIR # score rules alone and rules + the shipped model on DIR's gold
    python bench/train_extract_pairs.py --by-folder [--also DIR]  # leave-one-folder-out (dev, dev-s7, dev-s8, dev-s10, DIR)
    python bench/check_extract_weights.py          # whether the shipped weights are stale (their "trained_on" stamp)

Reads tests/data/extract/real/dev, dev-s7, dev-s8 and dev-s10 (every development folder; never the frozen part). The threshold per kind is the lowest
probability at which the pooled leave-one-text-out additions stay at or above ``TARGET_PRECISION``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kingmaker.extract.actors import ActorIndex  # noqa: E402
from kingmaker.extract.candidates import Candidate, Quote  # noqa: E402
from kingmaker.errors import UserError  # noqa: E402
from kingmaker.extract.evaluate import Score, _spans, load_gold, matches, refuse_frozen, score  # noqa: E402
from kingmaker.extract.learned import (MODEL_PATH, fit, learned_candidates, load_model, pairs, probability,  # noqa: E402
                                       training_stamp)
from kingmaker.extract.pipeline import extract_file  # noqa: E402

REAL = ROOT / "tests" / "data" / "extract" / "real"
DEV = (REAL / "dev", REAL / "dev-s7", REAL / "dev-s8", REAL / "dev-s10", REAL / "dev-s11")
TARGET_PRECISION = 0.8
ABOUT = ("German pair scorer (kingmaker.extract.learned; off by default; what it adds, measured leave-one-text-out: "
         "docs/extract.md), trained by bench/train_extract_pairs.py on the German gold of "
         + " and ".join(str(d.relative_to(ROOT)) for d in DEV) + "; plain numbers, nothing downloaded; Apache-2.0, like "
         "the code")
"""What the weights file says of itself: where its numbers come from, where its figures are, its licence."""
KINDS = ("shareholding", "event:decision")


def _names(a) -> dict[str, list[str]]:
    return {i: [k.name, *k.variants] for i, k in a.index.known.items()}


def texts(*directories: Path) -> list[dict]:
    """Per German gold text: its extraction without the learned layer, its pairs and their labels."""
    refuse_frozen(*directories)
    out = []
    for path in sorted(p for d in directories for p in d.glob("*.gold.yaml")):
        gold = load_gold(path)
        if gold is None or gold.lang != "de":
            continue
        ex = extract_file(gold.text_path, gold.lang, ActorIndex(), learned=False)
        a = ex.analysis
        spans = [_spans(ex.text, f["quotes"], gold.name) for f in gold.facts]
        ps = pairs(a)
        names = _names(a)
        labels = []
        for p in ps:
            s = a.sentences[p.sentence]
            section, kind = ("events", "decision") if p.kind == "event:decision" else ("relations", p.kind)
            c = Candidate(section, kind, p.holder.actor, p.subject.actor, [Quote(s.start, s.end, s.text)], "x", 1)
            labels.append(int(any(matches(c, f, sp, names) for f, sp in zip(gold.facts, spans))))
        out.append({"name": gold.name, "gold": gold, "ex": ex, "pairs": ps, "labels": labels, "names": names})
    return out


def training_inputs(ts: list[dict]) -> dict[str, list[tuple[list[str], int]]]:
    """Per text (folder/name) the examples the weights are fitted on: what :func:`training_stamp` stamps."""
    return {f"{t['gold'].text_path.parent.name}/{t['name']}": [(p.features, y) for p, y in zip(t["pairs"], t["labels"])]
            for t in ts}


def model_from(train: list[dict], thresholds: dict[str, float]) -> dict:
    m = fit([(p.features, y) for t in train for p, y in zip(t["pairs"], t["labels"])])
    return {"bias": {k: m["bias0"] for k in KINDS}, "weights": m["weights"], "threshold": thresholds}


def total(reports) -> tuple[Score, Score]:
    s = Score()
    for r in reports:
        t = r.total
        s.candidates += t.candidates
        s.correct += t.correct
        s.gold += t.gold
        s.found += t.found
    return s


def with_added(t: dict, added: list[Candidate]):
    ex = t["ex"]
    ex2 = type(ex)(**{**ex.__dict__, "candidates": ex.candidates + added, "names": _names(ex.analysis)})
    return score(ex2, t["gold"])


def loto(ts: list[dict]) -> list[tuple[float, int, str, bool]]:
    """Out-of-fold probability of each (kind, holder, subject) of each text, its best sentence's:
    (p, label, kind, whether a rule proposed it)."""
    oof = []
    for k, t in enumerate(ts):
        m = model_from(ts[:k] + ts[k + 1:], {})
        have = {(c.fact_kind, c.holder, c.subject) for c in t["ex"].candidates}
        best: dict = {}
        for p, y in zip(t["pairs"], t["labels"]):
            key = (p.kind, p.holder.actor, p.subject.actor)
            pr = probability(p, m)
            if pr > best.get(key, (-1, 0))[0]:
                best[key] = (pr, y)
        oof += [(pr, y, key[0], key in have) for key, (pr, y) in best.items()]
    return oof


def thresholds_from(oof) -> dict[str, float]:
    out = {}
    for kind in KINDS:
        ps = sorted(((p, y) for p, y, k, _ in oof if k == kind), reverse=True)  # the model alone, every pair
        best, correct = 1.01, 0
        for n, (p, y) in enumerate(ps, 1):
            correct += y
            if correct / n >= TARGET_PRECISION and correct >= 2:
                best = p
        out[kind] = round(best, 3)
    return out


def report(ts: list[dict], thresholds: dict[str, float], label: str) -> None:
    """Each text scored with a model trained without it, at ``thresholds``."""
    rules, both = [], []
    for k, t in enumerate(ts):
        m = model_from(ts[:k] + ts[k + 1:], thresholds)
        rules.append(score(t["ex"], t["gold"]))
        both.append(with_added(t, learned_candidates(t["ex"].analysis, t["ex"].candidates, m)))
    r, b = total(rules), total(both)
    print(f"{label}: rules alone P {r.correct}/{r.candidates} R {r.found}/{r.gold}; "
          f"rules + learned (leave-one-text-out) P {b.correct}/{b.candidates} R {b.found}/{b.gold}")


def evaluate(directory: Path) -> None:
    ts = texts(directory)
    model = load_model()
    rules = [score(t["ex"], t["gold"]) for t in ts]
    both = [with_added(t, learned_candidates(t["ex"].analysis, t["ex"].candidates, model)) for t in ts]
    for t, r, b in zip(ts, rules, both):
        if (r.total.correct, r.total.candidates, r.total.found) != (b.total.correct, b.total.candidates, b.total.found):
            print(f"  {t['name']}: P {r.total.correct}/{r.total.candidates} → {b.total.correct}/{b.total.candidates}, "
                  f"R {r.total.found}/{r.total.gold} → {b.total.found}/{b.total.gold}")
    r, b = total(rules), total(both)
    print(f"{directory}: {len(ts)} German texts; rules alone P {r.correct}/{r.candidates} R {r.found}/{r.gold}; "
          f"rules + shipped model P {b.correct}/{b.candidates} R {b.found}/{b.gold}")


def by_folder(folders: list[Path]) -> None:
    """Leave-one-folder-out: for each folder, a model trained on the others (thresholds from their own pooled
    leave-one-text-out pairs) scores the folder's texts; the rules alone against the rules plus what it adds."""
    data = {d.name: texts(d) for d in folders}
    for held, ts in data.items():
        train = [t for n, xs in data.items() if n != held for t in xs]
        th = thresholds_from(loto(train))
        m = model_from(train, th)
        rules = [score(t["ex"], t["gold"]) for t in ts]
        both = [with_added(t, learned_candidates(t["ex"].analysis, t["ex"].candidates, m)) for t in ts]
        r, b = total(rules), total(both)
        print(f"held out {held} ({len(ts)} texts; trained on {', '.join(n for n in data if n != held)}, thresholds {th}): "
              f"rules alone P {r.correct}/{r.candidates} R {r.found}/{r.gold}; "
              f"rules + learned P {b.correct}/{b.candidates} R {b.found}/{b.gold}")


def as_command(run, argv: list[str], name: str) -> None:
    """``run(argv)``, a user's error (the frozen part asked for) printed as ``name: message`` with its exit status and no
    traceback; both trainers' ``main``."""
    try:
        run(argv)
    except UserError as e:
        print(f"{name}: {e}", file=sys.stderr)
        sys.exit(e.exit_code)


def main(argv: list[str]) -> None:
    as_command(run, argv, "train_extract_pairs")


def run(argv: list[str]) -> None:
    refuse_frozen(*DEV, *(Path(argv[argv.index(o) + 1]) for o in ("--eval", "--also") if o in argv))
    if "--eval" in argv:
        evaluate(Path(argv[argv.index("--eval") + 1]))
        return
    if "--by-folder" in argv:  # --by-folder [--also DIR]: the dev folders (and DIR) each held out in turn
        by_folder(list(DEV) + ([Path(argv[argv.index("--also") + 1])] if "--also" in argv else []))
        return
    ts = texts(*DEV)
    n_pos = sum(sum(t["labels"]) for t in ts)
    print(f"{len(ts)} German dev texts, {sum(len(t['pairs']) for t in ts)} pairs, {n_pos} positive")
    oof = loto(ts)
    th = thresholds_from(oof)
    for kind in KINDS:
        ps = [(p, y, r) for p, y, k, r in oof if k == kind]
        above = [(p, y, r) for p, y, r in ps if p >= th[kind]]
        new = [(p, y) for p, y, r in above if not r]
        print(f"  {kind}: {len(ps)} pairs ({sum(y for _, y, _ in ps)} right); the model alone at threshold {th[kind]}: "
              f"{sum(y for _, y, _ in above)}/{len(above)} right; of those the rules missed {sum(y for _, y in new)}/{len(new)}")
    report(ts, th, "dev, leave-one-text-out")
    if "--report" in argv:
        return
    model = {**model_from(ts, th), "trained_on": training_stamp(training_inputs(ts))}
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(json.dumps({"about": ABOUT, **model}, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                          encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(model['weights'])} weights)")


if __name__ == "__main__":
    main(sys.argv[1:])
