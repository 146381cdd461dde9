"""Train the German name recogniser (kingmaker.extract.learned_names) by distant supervision from the gold parties
of the real German development texts, and report leave-one-folder-out figures against the rules' own names.

    python bench/train_extract_names.py                    # leave-one-folder-out report, then write the weights
    python bench/train_extract_names.py --report           # report only
    python bench/train_extract_names.py --write-only       # write the weights, no report
    python bench/check_extract_weights.py                  # whether the shipped weights are stale ("trained_on")
    python bench/train_extract_names.py --report --also DIR  # add a folder of German gold (e.g. practice texts)
                                                            # to the folds (never to the shipped weights)
    options: --residual (train and propose only on spans no rule named), --pairs (facts with the pair scorer on;
    its shipped weights were trained on every dev folder, so only a folder outside them is held out for it),
    --facts 0.5,0.7 (thresholds for the fact runs), -v (each gold party the rules miss, and the model's names)

Folders: tests/data/extract/real/dev (German texts), dev-s7, dev-s8, dev-s10 (never the frozen part). For each held-out folder
a model trained on the other folders proposes names at each threshold; reported per folder:
- name recall: gold parties (each role of each non-claim fact, as ``evaluate.name_recall`` counts them) proposed as
  an actor anywhere in the text — by the rules, by the model, by either;
- name precision: distinct names proposed that are a gold party of their text (strict: a real organisation that is
  no party of a gold fact counts as wrong), for the rules' actors and for the model's names;
- facts: precision and recall of the rules alone and of the rules run with the model's new names added as actors.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from kingmaker.extract.actors import ActorIndex  # noqa: E402
from kingmaker.extract.evaluate import Score, _agree, _spans, load_gold, name_key, refuse_frozen, score  # noqa: E402
from kingmaker.extract.learned import fit, training_stamp  # noqa: E402
from kingmaker.extract.learned_names import MODEL_PATH, add_to_index, analysis_spans, propose  # noqa: E402
from kingmaker.extract.pipeline import extract_file  # noqa: E402
from train_extract_pairs import as_command, total  # noqa: E402

REAL = ROOT / "tests" / "data" / "extract" / "real"
DEV = (REAL / "dev", REAL / "dev-s7", REAL / "dev-s8", REAL / "dev-s10", REAL / "dev-s11")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SEED_NOTE = "deterministic: L-BFGS from zero weights over sorted texts, no random draws"
ABOUT = ("German name recogniser (kingmaker.extract.learned_names; off by default; what it adds, measured "
         "leave-one-folder-out: docs/extract.md), trained by bench/train_extract_names.py by distant supervision "
         "from the gold parties of " + " and ".join(str(d.relative_to(ROOT)) for d in DEV)
         + "; plain numbers, nothing downloaded; Apache-2.0, like the code")


def _index(gold) -> ActorIndex:
    return ActorIndex.from_case_file(gold.actors_path) if gold.actors_path else ActorIndex()


def texts(directory: Path) -> list[dict]:
    """Per German gold text: the rules' extraction, its candidate spans with labels, its gold parties."""
    refuse_frozen(directory)
    out = []
    for path in sorted(directory.glob("*.gold.yaml")):
        gold = load_gold(path)
        if gold is None or gold.lang != "de":
            continue
        ex = extract_file(gold.text_path, gold.lang, _index(gold))
        a = ex.analysis
        parties = [{name_key(g) for g in (f[r] if isinstance(f[r], list) else [f[r]])}
                   for f in gold.facts if not f["kind"].startswith("claim:") for r in ("holder", "subject")
                   if f.get(r) is not None]
        keys = set().union(*parties) if parties else set()
        sps = analysis_spans(a)
        if OPTIONS["no_rule_features"]:
            for sp in sps:
                sp.features = [f for f in sp.features if not f.startswith("rule=")]
        labels = [int(name_key(sp.text) in keys) for sp in sps]
        names = {i: [k.name, *k.variants] for i, k in a.index.known.items()}
        rule_actors = {m.actor for m in a.mentions}
        rule_keys = {i: {name_key(i)} | {name_key(n) for n in names.get(i, ())} for i in rule_actors}
        out.append({"name": gold.name, "folder": directory.name, "gold": gold, "ex": ex, "spans": sps,
                    "labels": labels, "parties": parties, "keys": keys, "rule_keys": rule_keys})
    return out


OPTIONS = {"residual": False, "pairs": False, "no_rule_features": False}
"""--residual: train on the spans no rule named (in part or whole) only; --pairs: facts with the pair scorer on too;
--no-rule-features: leave out the features that say what the rules named (the rules were written on dev/, so there
they look more reliable than on unseen text)."""


def _train_on(sp) -> bool:
    return not OPTIONS["residual"] or sp.ruled == "none"


def training_inputs(ts: list[dict]) -> dict[str, list[tuple[list[str], int]]]:
    """Per text (folder/name) the examples the weights are fitted on: what :func:`training_stamp` stamps."""
    return {f"{t['folder']}/{t['name']}": [(sp.features, y) for sp, y in zip(t["spans"], t["labels"]) if _train_on(sp)]
            for t in ts}


def model_from(train: list[dict], threshold: float = 0.5) -> dict:
    m = fit([(sp.features, y) for t in train for sp, y in zip(t["spans"], t["labels"]) if _train_on(sp)])
    weights = {f: round(w, 3) for f, w in sorted(m["weights"].items()) if abs(w) >= 5e-3}
    return {"bias": round(m["bias0"], 4), "weights": weights, "threshold": threshold}


def name_figures(ts: list[dict], model: dict | None, threshold: float) -> dict:
    """Name recall (rules, model, either) and name precision (rules' actors, model's names) over ``ts``."""
    parties = rules = learned = either = 0
    r_names = r_right = l_names = l_right = 0
    for t in ts:
        rk = set().union(*t["rule_keys"].values()) if t["rule_keys"] else set()
        lk = {name_key(sp.text) for sp, _ in propose([x for x in t["spans"] if _train_on(x)], model, threshold)} \
            if model else set()
        for p in t["parties"]:
            parties += 1
            rules += bool(p & rk)
            learned += bool(p & lk)
            either += bool(p & (rk | lk))
        r_names += len(t["rule_keys"])
        r_right += sum(bool(ks & t["keys"]) for ks in t["rule_keys"].values())
        l_names += len(lk)
        l_right += len(lk & t["keys"])
    return {"parties": parties, "rules": rules, "learned": learned, "either": either,
            "rule_precision": (r_right, r_names), "learned_precision": (l_right, l_names)}


def facts(ts: list[dict], model: dict | None, threshold: float) -> Score:
    """Facts found by the rules run with the model's new names added to the index (``model`` None: rules alone)."""
    reports = []
    for t in ts:
        if model is None and not OPTIONS["pairs"]:
            rep = score(t["ex"], t["gold"])
        else:
            index = _index(t["gold"])
            if model is not None:
                add_to_index(index, propose(t["spans"], model, threshold))
            rep = score(extract_file(t["gold"].text_path, "de", index, learned=OPTIONS["pairs"]), t["gold"])
        reports.append(rep)
    return total(reports)


def reachable(ts: list[dict]) -> tuple[int, int, int]:
    """Non-claim gold facts; those whose parties the rules name (by any gold id) anywhere in the text; those whose
    parties they name inside the quoted sentences — the most a pair scorer over the rules' names could reach."""
    n = anywhere = in_quote = 0
    for t in ts:
        ex, a = t["ex"], t["ex"].analysis
        names = {i: [k.name, *k.variants] for i, k in a.index.known.items()}
        for f in t["gold"].facts:
            if f["kind"].startswith("claim:"):
                continue
            n += 1
            bounds = [(s.start, s.end) if s else (x, y) for x, y in _spans(ex.text, f["quotes"], t["name"])
                      for s in [a.sentence_at(x)]]
            found = [[m for m in a.mentions if _agree(f[r], m.actor, names)] for r in ("holder", "subject")
                     if f.get(r) is not None]
            anywhere += all(found)
            in_quote += all(any(s < m.end and m.start < e for m in ms for s, e in bounds) for ms in found)
    return n, anywhere, in_quote


def _pr(s: Score) -> str:
    return f"P {s.correct}/{s.candidates} R {s.found}/{s.gold}"


def main(argv: list[str]) -> None:
    as_command(run, argv, "train_extract_names")


def run(argv: list[str]) -> None:
    refuse_frozen(*DEV, *([Path(argv[argv.index("--also") + 1])] if "--also" in argv else []))
    OPTIONS.update(residual="--residual" in argv, pairs="--pairs" in argv, no_rule_features="--no-rule-features" in argv)
    folders = list(DEV)
    if "--also" in argv:
        folders.append(Path(argv[argv.index("--also") + 1]))
    fact_th = [float(x) for x in argv[argv.index("--facts") + 1].split(",")] if "--facts" in argv else [0.5, 0.7, 0.9]
    data = {f.name: texts(f) for f in folders}
    for name, ts in data.items():
        print(f"{name}: {len(ts)} German texts, {sum(len(t['spans']) for t in ts)} spans, "
              f"{sum(sum(t['labels']) for t in ts)} positive, {sum(len(t['parties']) for t in ts)} gold parties")
    for held, ts in (data.items() if "--write-only" not in argv else ()):
        train = [t for n, xs in data.items() if n != held for t in xs]
        model = model_from(train)
        print(f"\nheld out {held} (trained on {', '.join(n for n in data if n != held)}):")
        n, anywhere, in_quote = reachable(ts)
        print(f"  {n} non-claim facts; both parties named by the rules anywhere {anywhere}, in the quoted sentences {in_quote}")
        base = name_figures(ts, None, 1.0)
        print(f"  rules: names found {base['rules']}/{base['parties']}; name precision "
              f"{base['rule_precision'][0]}/{base['rule_precision'][1]}")
        for th in THRESHOLDS:
            f = name_figures(ts, model, th)
            print(f"  model ≥ {th}: found {f['learned']}/{f['parties']}, rules or model {f['either']}/{f['parties']}; "
                  f"model's name precision {f['learned_precision'][0]}/{f['learned_precision'][1]}")
        if "-v" in argv:
            for t in ts:
                rk = set().union(*t["rule_keys"].values()) if t["rule_keys"] else set()
                lk = {name_key(sp.text): sp.text for sp, _ in propose(t["spans"], model, 0.5)}
                for p in t["parties"]:
                    if not p & rk:
                        print(f"    {t['name']}: rules miss {sorted(p)}; model ≥ 0.5 {[lk[k] for k in p & set(lk)]}")
        print(f"  facts, rules alone{' (+ pairs)' if OPTIONS['pairs'] else ''}: {_pr(facts(ts, None, 1.0))}")
        for th in fact_th:
            print(f"  facts, rules + model's names ≥ {th}: {_pr(facts(ts, model, th))}")
    if "--report" in argv:
        return
    train = [t for f in DEV for t in data[f.name]]
    model = {**model_from(train, float(argv[argv.index("--threshold") + 1]) if "--threshold" in argv else 0.9),
             "trained_on": training_stamp(training_inputs(train))}
    MODEL_PATH.write_text(json.dumps({"about": ABOUT, **model}, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                          encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(model['weights'])} weights)")


if __name__ == "__main__":
    main(sys.argv[1:])
