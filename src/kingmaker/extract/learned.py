"""A learned second opinion for German: score every (holder, subject) pair of a sentence that states a deal,
a stake or an authority's decision, and propose the pairs the hand-written rules left out.

Three sessions of hand-written German rules lifted the texts they were written against and hardly any unseen
one (issue 18): real German business wording has a long tail. This layer is deliberately coarse. For each
German sentence with a trigger word (``TRIGGERS``: "übernimmt", "Erwerb", "Beteiligung", "freigegeben" …)
every ordered pair of organisations named in it becomes an example, described by a few dozen sparse
features (which trigger, the order of holder, trigger and subject, the word before each end — "durch",
"von", "an" —, whether an end is an authority, the sentence's first organisation, a person, how far apart
they are, …). A logistic regression over these features, trained on the gold facts of the real German
development texts (``tests/data/extract/real/dev``), gives each pair a probability; pairs at or above the
model's threshold that no rule proposed become candidates with rule ``de.<kind>.learned`` and the
probability as confidence (the threshold per kind: where the pooled leave-one-text-out pairs keep precision 0.8).

The weights ship in ``kingmaker/data/extract/pairs-de.json`` (plain numbers learned from this repository's own
German gold in ``dev/``, ``dev-s7/``, since session 9 ``dev-s8/`` and since session 10 ``dev-s10/``; no download). ``bench/train_extract_pairs.py`` retrains them and reports
leave-one-text-out figures, the honest estimate of what the layer adds on a text it was not trained on. Session 7
measured it at 0 right and 4 wrong additions over the rules on the 36 dev texts (leave-one-text-out) and 1 right,
3 wrong on 61 unseen news texts, so the pipeline leaves it **off** unless asked (``learned=True``); it is kept to be
retrained as more gold is annotated (trained on 91 texts it added 5 right of 14). Session 9 retrained it on 53 German
dev texts (dev-s8 added): leave-one-text-out it adds 1 right and 1 wrong to the rules, leave-one-folder-out two
new facts and 18 wrong candidates — still off (docs/extract.md, session 9).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kingmaker.extract.actors import KnownActor, Mention
from kingmaker.extract.candidates import Candidate, Quote
from kingmaker.extract.context import ORG, Analysis

_UNKNOWN = KnownActor("", "company", "", source="context")

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "extract" / "pairs-de.json"

TRIGGERS: dict[str, re.Pattern] = {
    "shareholding": re.compile(
        r"\b(?:übern(?:imm|ahm|omm|ehm|ahme)\w*|erw(?:irb|arb|erb|orb)\w*|\w*kauf\w*|\w*käuf\w*|gekauft\w*|"
        r"\w*beteilig\w*|\w*anteil\w*|aktien\w*|\w*aktionär\w*|mehrheit\w*|\w*kontroll\w*|\w*tochter\w*|gehör\w*|"
        r"h(?:ält|alten|ielt|ielten|altene?n?)|gehalten|einstieg\w*|eingestiegen|steig\w*|fusion\w*|"
        r"zusammenschlu(?:ss|ß)\w*|verschm\w*|gesellschafter\w*|eigentümer\w*|\w*besitz\w*|akquisition\w*|"
        r"akquir\w*|mutter\w*|konzerngesellschaft\w*)\b", re.I),
    "event:decision": re.compile(
        r"\b(?:freigegeben|freigabe\w*|\w*genehmig\w*|untersag\w*|\w*prüf\w*|\w*verfahren\w*|bußgeld\w*|"
        r"geldbuße\w*|auflage\w*|zugestimmt|eingeleitet|ermittl\w*|\w*kontrolle|entschieden|entscheidung\w*|"
        r"beschl(?:uss|uß|üsse)\w*|verboten|verbot\w*|abgemahnt|abmahnung\w*|einvernehm\w*|vereinbar\w*|"
        r"bewilligt|erlaubt|gebilligt|billig\w*|anmeldung\w*|angemeldet)\b", re.I),
}
"""Words that make a sentence worth asking about each kind."""

_PREP = {"von", "vom", "durch", "an", "am", "bei", "beim", "der", "die", "den", "des", "dem", "das", "in", "im",
         "mit", "und", "oder", "für", "zu", "zur", "zum", "über", "auf", "gegen", "sowie", "wie", "als", "dass",
         "daß", "hat", "haben", "ist", "wird", "wurde", "werden", "will", "darf", ",", "(", "–", "-", ":"}
_WORD = re.compile(r"\w[\w.&'-]*|[^\w\s]")
_PASSIVE = re.compile(r"\b(?:wurde|wurden|werden|wird|worden)\b", re.I)
_PERCENT = re.compile(r"\d\s*(?:%|Prozent)|\b(?:Hälfte|Drittel|Viertel|Mehrheit)\b")
_MONEY = re.compile(r"\b(?:Mrd|Mio|Milliarde\w*|Million\w*|Euro|Dollar|Franken)\b")
_NEG = re.compile(r"\b(?:nicht|kein\w*|nie)\b", re.I)
_INTENT = re.compile(r"\b(?:plant\w*|geplant\w*|beabsichtig\w*|will|wollen|Vorhaben\w*|angemeldet\w*|Anmeldung)\b", re.I)


@dataclass
class Pair:
    """One ordered pair of a sentence, with its features (and, when training, its label)."""

    sentence: int
    kind: str
    holder: Mention
    subject: Mention
    features: list[str]


def _word_before(text: str, pos: int, start: int) -> str:
    words = _WORD.findall(text[start:pos][-40:])
    if not words:
        return "START"
    w = words[-1].lower()
    return w if w in _PREP else "cap" if words[-1][:1].isupper() else "other"


def _word_after(text: str, pos: int, end: int) -> str:
    words = _WORD.findall(text[pos:end][:40])
    if not words:
        return "END"
    w = words[0].lower()
    return w if w in _PREP else "cap" if words[0][:1].isupper() else "other"


def _content_before(text: str, pos: int, start: int) -> str:
    """The stem of the last content word before ``pos`` within its sentence, over function words ("Tochter der X" → "tochte")."""
    for w in reversed(_WORD.findall(text[start:pos][-60:])):
        if w.lower() not in _PREP and w[:1].isalpha():
            return _stem(w)
    return "START"


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1-3" if n <= 3 else "4-8" if n <= 8 else "9-15" if n <= 15 else "16+"


def _stem(word: str) -> str:
    return word.lower()[:6]


def pairs(a: Analysis) -> list[Pair]:
    """Every ordered pair of distinct actors of each German trigger sentence, with features."""
    out: list[Pair] = []
    known = a.index.known
    for i, s in enumerate(a.sentences):
        if s.heading and len(s.text) < 30:
            continue
        kinds = [(k, list(t.finditer(s.text))) for k, t in TRIGGERS.items()]
        kinds = [(k, ts) for k, ts in kinds if ts]
        if not kinds:
            continue
        ms = [m for m in a.in_sentence(i) if m.kind in ORG or m.kind == "person"]
        if "event:decision" in dict(kinds) and not any(known.get(m.actor, _UNKNOWN).authority for m in ms):
            before = [m for m in a.mentions_before(s.start, 3000) if known.get(m.actor, _UNKNOWN).authority]
            if before:  # "Nach Prüfung der Anmeldung hat die Kommission festgestellt …": the authority named before
                m = before[-1]
                ms = [Mention(s.start, s.start, m.actor, m.surface, m.kind, "context")] + ms
        if len(ms) < 2:
            continue
        first_org = next((m.actor for m in ms if m.kind in ORG), None)
        seen: set[tuple[str, str, str]] = set()
        common = []
        if _PASSIVE.search(s.text):
            common.append("passive")
        if _PERCENT.search(s.text):
            common.append("percent")
        if _MONEY.search(s.text):
            common.append("money")
        if _NEG.search(s.text):
            common.append("negated")
        if _INTENT.search(s.text):
            common.append("intent")
        if a.predicting[i]:
            common.append("predicting")
        n_actors = len({m.actor for m in ms})
        common.append(f"actors={min(n_actors, 5)}")
        for kind, triggers in kinds:
            for h in ms:
                for sub in ms:
                    if h.actor == sub.actor or (h.actor, sub.actor, kind) in seen:
                        continue
                    if (h.how == "context" or sub.how == "context") and kind != "event:decision":
                        continue
                    kh, ks = known.get(h.actor, _UNKNOWN), known.get(sub.actor, _UNKNOWN)
                    if sub.kind == "person" or ks.authority and kind != "event:decision":
                        continue
                    if kind == "event:decision" and not kh.authority:
                        continue
                    if kind != "event:decision" and kh.authority:
                        continue
                    seen.add((h.actor, sub.actor, kind))
                    mid = (min(h.start, sub.start) + max(h.end, sub.end)) // 2
                    t = min(triggers, key=lambda t: abs(t.start() + s.start - mid))
                    tpos = t.start() + s.start
                    order = "".join(x for _, x in sorted([(h.start, "H"), (sub.start, "S"), (tpos, "T")]))
                    lo, hi = (h, sub) if h.start < sub.start else (sub, h)
                    between = s.text[lo.end - s.start:hi.start - s.start]
                    gap = len(_WORD.findall(between))
                    f = [f"order={order}", f"stem={_stem(t.group(0))}", f"stem={_stem(t.group(0))}|{order}",
                         f"hb={_word_before(a.text, h.start, s.start)}", f"sb={_word_before(a.text, sub.start, s.start)}",
                         f"ha={_word_after(a.text, h.end, s.end)}", f"sa={_word_after(a.text, sub.end, s.end)}",
                         f"hb={_word_before(a.text, h.start, s.start)}|{order}",
                         f"sb={_word_before(a.text, sub.start, s.start)}|{order}",
                         f"gap={_bucket(gap)}", f"hkind={h.kind}", f"show={sub.how}", f"hhow={h.how}",
                         "hfirst" if h.actor == first_org else "hnotfirst",
                         "sfirst" if sub.actor == first_org else "snotfirst",
                         f"hsrc={kh.source}", f"ssrc={ks.source}"]
                    if re.fullmatch(r"\s*(?:und|sowie|oder|,)\s*(?:\w+\s+)?", between):
                        f.append("coordinated")
                    f += [f"hc={_content_before(a.text, h.start, s.start)}", f"sc={_content_before(a.text, sub.start, s.start)}"]
                    if gap <= 4:
                        f += [f"btw={_stem(w)}" for w in _WORD.findall(between) if w[:1].isalpha()]
                    if re.search(r"[;:]|,\s*(?:die|der|das|welche\w*|dass|daß|wobei|während)\b", between):
                        f.append("clause-between")
                    f += common
                    out.append(Pair(i, kind, h, sub, [kind] + [f"{kind}|{x}" for x in f]))
    return out


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> dict:
    """``{"weights": {feature: w}, "bias": {kind: b}, "threshold": {kind: p}}`` — see :func:`train`."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def probability(p: Pair, model: dict) -> float:
    w = model["weights"]
    z = model["bias"].get(p.kind, 0.0) + sum(w.get(f, 0.0) for f in p.features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def learned_candidates(a: Analysis, existing: list[Candidate], model: dict | None = None) -> list[Candidate]:
    """Candidates for the pairs the model scores at or above its threshold that no rule proposed (same
    kind, holder and subject), one per pair, quoting the sentence that scored highest."""
    if a.lang != "de":
        return []
    model = model if model is not None else load_model()
    have = {(c.fact_kind, c.holder, c.subject) for c in existing}
    best: dict[tuple[str, str, str], tuple[float, Pair]] = {}
    for p in pairs(a):
        key = (p.kind, p.holder.actor, p.subject.actor)
        if key in have:
            continue
        pr = probability(p, model)
        if pr >= model["threshold"].get(p.kind, 1.0) and pr > best.get(key, (0.0, None))[0]:
            best[key] = (pr, p)
    out = []
    for (kind, h, sub), (pr, p) in best.items():
        s = a.sentences[p.sentence]
        q = Quote(s.start, s.end, s.text)
        if kind == "event:decision":
            out.append(Candidate("events", "decision", h, sub, [q], "de.event.learned", round(pr, 2),
                                 attrs={"action": "decision"}, actors=[h, sub], title="decision (learned)"))
        else:
            out.append(Candidate("relations", kind, h, sub, [q], f"de.{kind}.learned", round(pr, 2)))
    return out


def fit(examples: list[tuple[list[str], int]], l2: float = 1.0) -> dict:
    """Logistic regression with an L2 penalty (scipy's L-BFGS) over sparse binary features."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, (feats, _) in enumerate(examples):
        for f in sorted(set(feats)):  # a fixed column order: the same weights whatever the hash seed
            cols.append(vocab.setdefault(f, len(vocab)))
            rows.append(r)
    X = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(examples), len(vocab)))
    y = np.array([lab for _, lab in examples], dtype=float)

    def loss(w):
        z = X @ w[1:] + w[0]
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-12
        val = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + 0.5 * l2 * np.sum(w[1:] ** 2)
        g = p - y
        grad = np.concatenate([[g.sum()], X.T @ g + l2 * w[1:]])
        return val, grad

    res = minimize(loss, np.zeros(len(vocab) + 1), jac=True, method="L-BFGS-B")
    w = res.x
    return {"bias0": float(w[0]), "weights": {f: round(float(w[k + 1]), 5) for f, k in vocab.items() if abs(w[k + 1]) > 1e-5}}


def training_stamp(inputs: dict[str, list[tuple[list[str], int]]]) -> dict:
    """What learned weights were trained on, to tell later whether they are stale: per training text (``inputs``: its
    name → its examples, each the features and the label) a hash of its examples, and one hash of them all. The
    examples are what the rules read in the gold texts and the gold's labels, so a change of either (a gold file edited,
    a rule that names or splits differently) changes the stamp; a rule change that leaves the examples alone does not.

    >>> s = training_stamp({"dev/a": [(["w=Quillon", "legal-end"], 1)]})
    >>> staleness(s, {"dev/a": [(["legal-end", "w=Quillon"], 1)]}) is None
    True
    >>> staleness(s, {"dev/a": [(["legal-end", "w=Quillon"], 0)]})
    '1 of 1 training texts changed since the weights were trained (dev/a)'
    """
    import hashlib

    texts = {name: hashlib.sha256(json.dumps([[sorted(f), y] for f, y in ex], ensure_ascii=False).encode()).hexdigest()[:16]
             for name, ex in sorted(inputs.items())}
    return {"inputs": hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest(), "texts": texts}


def staleness(stamp: dict | None, inputs: dict[str, list[tuple[list[str], int]]]) -> str | None:
    """None when weights stamped ``stamp`` (:func:`training_stamp`) were trained on exactly ``inputs``; else why not, in
    words: no stamp (trained before stamps were written), or which training texts were added, removed or changed."""
    if not stamp:
        return "no stamp: trained before stamps were written (session 10), so what they were trained on is not known"
    now = training_stamp(inputs)
    if now["inputs"] == stamp.get("inputs"):
        return None
    old = stamp.get("texts", {})
    changed = sorted(n for n in now["texts"] if n in old and old[n] != now["texts"][n])
    added, removed = sorted(set(now["texts"]) - set(old)), sorted(set(old) - set(now["texts"]))
    parts = []
    if changed:
        parts.append(f"{len(changed)} of {len(now['texts'])} training texts changed since the weights were trained "
                     f"({', '.join(changed[:5])}{', …' if len(changed) > 5 else ''})")
    if added:
        parts.append(f"{len(added)} new ({', '.join(added[:5])}{', …' if len(added) > 5 else ''})")
    if removed:
        parts.append(f"{len(removed)} gone ({', '.join(removed[:5])}{', …' if len(removed) > 5 else ''})")
    return "; ".join(parts) or "the training inputs changed"
