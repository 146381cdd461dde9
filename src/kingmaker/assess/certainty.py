"""Certainty computed from the data: over which range of its inputs a verdict holds.

A verdict is first found at the inputs as they stand (case figures, estimates at their stated value,
defaults, missing figures as their whole range — :func:`kingmaker.assess.engine.assess`). This module
then asks what it *rests on*:

* **Certainty.** Every input that is not a confirmed case figure — an analyst's estimate (a figure
  backed only by *unconfirmed* evidence), a default, a missing figure, a presumption — is widened to its
  whole range at once, and the three-valued rules say which levels remain possible. The verdict is
  "certain" only when its level is the only one left. Interval arithmetic over the leverage formulas
  is exact (each factor enters once, monotonically), so a level left out is impossible; a level kept
  may, rarely, be possible only in the rules' three-valued sense.
* **Holding ranges.** A box of ranges, one per uncertain input, inside which the verdict holds *jointly*
  — "material influence while switching time ≥ 5 months and importance of compute ≥ 0.4; both …" —
  grown from the stated values one input at a time (estimates first), each checked by interval
  evaluation of the whole box, so it is a guarantee, not a sample. And for each input alone, the levels
  it gives across its whole range (the others as they stand), on a grid refined by bisection; their
  boundaries are the flip facts, which name inputs, not derived figures.
* **Missing facts.** When the data do not decide the level, the facts that would, ranked by how much
  knowing each narrows the set of possible levels; then the estimates and defaults worth confirming,
  the most fragile first; then facts nobody recorded either way (a seat, a veto) that would change it.

Numbers are written as the reader's language writes them:

>>> number(0.94, "de")
'0,94'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from kingmaker.assess.features import Features, Input

GRID = 40
BISECT = 16
ORIGIN_LABEL = {
    "case": {"en": "case fact", "de": "Tatsache aus dem Fall"},
    "estimate": {"en": "unconfirmed estimate", "de": "unbestätigte Schätzung"},
    "default": {"en": "default", "de": "Standardwert"},
    "missing": {"en": "not stated", "de": "nicht angegeben"},
    "presumed": {"en": "presumption", "de": "Vermutung"},
}
ORIGIN_PLURAL = {
    "estimate": {"en": ("unconfirmed estimate", "unconfirmed estimates"), "de": ("unbestätigten Schätzung", "unbestätigten Schätzungen")},
    "default": {"en": ("default", "defaults"), "de": ("Standardwert", "Standardwerten")},
    "missing": {"en": ("missing figure", "missing figures"), "de": ("fehlenden Angabe", "fehlenden Angaben")},
    "presumed": {"en": ("presumption", "presumptions"), "de": ("Vermutung", "Vermutungen")},
}
NOT_RECORDED = {
    "board_seats": {"en": "whether the holder has a voting seat on the target's board (nothing recorded either way)",
                    "de": "ob der Inhaber einen stimmberechtigten Sitz im Leitungsorgan hat (nichts festgehalten)"},
    "board_representation": {"en": "whether the holder has or may appoint a voting seat on the target's board "
                                   "(nothing recorded either way)",
                             "de": "ob der Inhaber einen stimmberechtigten Sitz im Leitungsorgan hat oder besetzen darf "
                                   "(nichts festgehalten)"},
    "strategic_vetoes": {"en": "whether the holder has a veto over strategic matters (nothing recorded either way)",
                         "de": "ob der Inhaber ein Veto über strategische Angelegenheiten hat (nichts festgehalten)"},
    "observer": {"en": "whether the holder has a board observer (nothing recorded either way)",
                 "de": "ob der Inhaber einen Beobachter im Leitungsorgan hat (nichts festgehalten)"},
    "votes": {"en": "whether the holder has voting rights in the target (nothing recorded either way)",
              "de": "ob der Inhaber Stimmrechte am Zielunternehmen hat (nichts festgehalten)"},
    "capital": {"en": "whether the holder holds capital in the target (nothing recorded either way)",
                "de": "ob der Inhaber am Kapital des Zielunternehmens beteiligt ist (nichts festgehalten)"},
}


def number(x: float, lang: str, digits: int = 2) -> str:
    """A number as the reader's language writes it: 0.94 in English, 0,94 in German."""
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if digits > 2 else text
    return text.replace(".", ",") if lang == "de" else text


def localize(text: str, lang: str) -> str:
    """A value written for English readers, for the reader's language: decimal commas and ja/nein in German.

    >>> localize("[0.94, 0.98]", "de")
    '[0,94; 0,98]'
    """
    if lang != "de":
        return text
    import re

    text = re.sub(r"(\d)\.(\d)", r"\1,\2", text)
    text = re.sub(r"(\d), (\d)", r"\1; \2", text)
    return {"yes": "ja", "no": "nein", "unknown": "unbekannt"}.get(text, text)


def show(inp: Input, x: float, lang: str) -> str:
    """An input's value as the reader knows it (switching time in months, votes in per cent)."""
    if inp.unit == "months":
        months = x * inp.scale
        more = "≥ " if x >= 1.0 - 1e-9 else ""
        return f"{more}{number(months, lang, 1)} {'Monate' if lang == 'de' else 'months'}"
    if inp.unit == "%":
        return f"{number(x, lang, 1)} %"
    return number(x, lang)


def show_value(inp: Input, lang: str) -> str:
    lo, hi = inp.value
    if abs(hi - lo) < 1e-12:
        return show(inp, lo, lang)
    return f"[{show(inp, lo, lang)}, {show(inp, hi, lang)}]"


# -- evaluation ------------------------------------------------------------------------------------

def span(regime, feats: Features) -> tuple[str, tuple[str, ...]]:
    """(the level that holds for certain, the higher levels that hold somewhere in the intervals)."""
    from kingmaker.assess.engine import POSSIBLE, YES, evaluate

    possible = []
    for lv in regime.levels:
        result = evaluate(lv.when, feats)
        if result == YES:
            return lv.id, tuple(possible)
        if result == POSSIBLE:
            possible.append(lv.id)
    return regime.levels[-1].id, tuple(possible)


def point_spans(regime, feats: Features):
    """``at(inp, x)``: :func:`span` with ``inp`` set to ``x``, each point evaluated once per verdict (the
    flip-fact segments and the missing facts walk the same grid)."""
    from kingmaker.assess.engine import partial_spans

    cache: dict[tuple[str, float], tuple[str, tuple[str, ...]]] = {}
    partial = partial_spans(regime, feats)  # the tests of the features the input leaves alone, evaluated once

    def at(inp: Input, x: float) -> tuple[str, tuple[str, ...]]:
        if (inp.id, x) not in cache:
            assign = {inp.id: (x, x)}
            cache[inp.id, x] = partial.span(feats.vary(assign), feats.varies(assign))
        return cache[inp.id, x]

    return at


@dataclass
class Segment:
    lo: float
    hi: float
    level: str

    def to_dict(self) -> dict:
        return {"lo": round(self.lo, 4), "hi": round(self.hi, 4), "level": self.level}


def _grid(lo: float, hi: float) -> list[float]:
    return [lo + (hi - lo) * k / GRID for k in range(GRID + 1)]


def segments(regime, feats: Features, inp: Input, at=None) -> list[Segment]:
    """The levels ``inp`` gives across its whole range, the other inputs as they stand (``at``: a
    :func:`point_spans` to share evaluations with)."""
    at = at or point_spans(regime, feats)
    xs = _grid(*inp.bounds)
    levels = [at(inp, x)[0] for x in xs]
    out, start = [], xs[0]
    for k in range(1, len(xs)):
        if levels[k] == levels[k - 1]:
            continue
        a, b = xs[k - 1], xs[k]
        for _ in range(BISECT):
            m = (a + b) / 2
            if at(inp, m)[0] == levels[k - 1]:
                a = m
            else:
                b = m
        out.append(Segment(start, a, levels[k - 1]))
        start = b
    out.append(Segment(start, xs[-1], levels[-1]))
    return out


def _range_text(inp: Input, segs: list[Segment], level: str, lang: str) -> str | None:
    """"≤ 0.62", "≥ 5 months", "between …": where ``level`` holds along ``inp`` (None: nowhere)."""
    parts = []
    lo, hi = inp.bounds
    for s in segs:
        if s.level != level:
            continue
        if s.lo <= lo + 1e-9 and s.hi >= hi - 1e-9:
            parts.append("alle Werte" if lang == "de" else "any value")
        elif s.lo <= lo + 1e-9:
            parts.append(f"≤ {show(inp, s.hi, lang)}")
        elif s.hi >= hi - 1e-9:
            parts.append(f"≥ {show(inp, s.lo, lang)}")
        else:
            parts.append(f"{'zwischen' if lang == 'de' else 'between'} {show(inp, s.lo, lang)} "
                         f"{'und' if lang == 'de' else 'and'} {show(inp, s.hi, lang)}")
    return (" oder " if lang == "de" else " or ").join(parts) or None


@dataclass
class InputFinding:
    """What one input does to one verdict."""

    input: Input
    segments: list[Segment]
    holds: dict[str, str | None] = field(default_factory=dict)  # lang -> "≤ 0.62" where the level holds

    @property
    def matters(self) -> bool:
        return len({s.level for s in self.segments}) > 1

    def to_dict(self) -> dict:
        d = self.input.to_dict()
        d.update({"origin_label": ORIGIN_LABEL.get(self.input.origin, {}), "matters": self.matters,
                  "segments": [s.to_dict() for s in self.segments], "holds": self.holds,
                  "display": {lang: show_value(self.input, lang) for lang in ("en", "de")}})
        return d


@dataclass
class Certainty:
    certain: bool
    levels: list[str]  # every level possible over the whole range, highest first
    inputs: list[InputFinding]
    conditions: dict[str, dict[str, list[str]]]  # level -> lang -> conditions under which it is the verdict
    rests_on: dict[str, list[str]]  # origin -> ids of the inputs of that origin that can change the level
    missing_facts: list[dict]
    headline: dict[str, str]


def _label(lang: str, d: dict) -> str:
    return d.get(lang) or d.get("en") or ""


EXPAND_ORDER = {"estimate": 0, "presumed": 1, "default": 2, "missing": 3, "case": 4}


def holding_box(regime, feats: Features) -> dict[str, tuple[float, float]]:
    """Ranges of the uncertain inputs inside which the verdict stays as it is at the stated values (the
    same certain level, nothing higher possible), all varying at once."""
    face = span(regime, feats)
    inputs = sorted((i for i in feats.inputs if i.uncertain), key=lambda i: (EXPAND_ORDER[i.origin], i.id))
    box = {i.id: i.value for i in inputs}

    from kingmaker.assess.engine import partial_spans

    partial = partial_spans(regime, feats)

    def same(trial: dict) -> bool:
        return partial.span(feats.vary(trial), feats.varies(trial)) == face

    def scaled(t: float) -> dict:
        return {i.id: (i.value[0] - t * (i.value[0] - i.domain[0]), i.value[1] + t * (i.domain[1] - i.value[1]))
                for i in inputs}

    # first every input moves the same fraction of the way to the ends of its range (a balanced box) …
    if same(scaled(1.0)):
        return scaled(1.0)
    good, bad = 0.0, 1.0
    for _ in range(BISECT):
        mid = (good + bad) / 2
        good, bad = (mid, bad) if same(scaled(mid)) else (good, mid)
    box = scaled(good)
    # … then each grows further on its own while the verdict still holds
    for inp in inputs:
        lo, hi = box[inp.id]
        d_lo, d_hi = inp.domain
        for side in ("lo", "hi"):
            end = d_lo if side == "lo" else d_hi
            cur = lo if side == "lo" else hi
            if abs(end - cur) < 1e-12:
                continue
            trial = dict(box)
            trial[inp.id] = (end, hi) if side == "lo" else (lo, end)
            if same(trial):
                cur = end
            else:
                good, bad = cur, end
                for _ in range(BISECT):
                    mid = (good + bad) / 2
                    trial[inp.id] = (mid, hi) if side == "lo" else (lo, mid)
                    if same(trial):
                        good = mid
                    else:
                        bad = mid
                cur = good
            if side == "lo":
                lo = cur
            else:
                hi = cur
            box[inp.id] = (lo, hi)
    return box


def _box_text(inp: Input, rng: tuple[float, float], lang: str) -> str | None:
    lo, hi = rng
    d_lo, d_hi = inp.domain
    low_free, high_free = lo <= d_lo + 1e-6, hi >= d_hi - 1e-6
    if low_free and high_free:
        return None
    if low_free:
        return f"≤ {show(inp, hi, lang)}"
    if high_free:
        return f"≥ {show(inp, lo, lang)}"
    return (f"{'zwischen' if lang == 'de' else 'between'} {show(inp, lo, lang)} "
            f"{'und' if lang == 'de' else 'and'} {show(inp, hi, lang)}")


def analyse(regime, feats: Features, level: str, not_recorded_flips: Iterable = ()) -> Certainty:
    """The certainty of ``level`` for ``feats`` under ``regime`` (see the module docstring)."""
    rank = regime.rank
    at = point_spans(regime, feats)
    findings = []
    for inp in feats.inputs:
        segs = segments(regime, feats, inp, at)
        f = InputFinding(inp, segs)
        f.holds = {lang: _range_text(inp, segs, level, lang) for lang in ("en", "de")}
        findings.append(f)
    uncertain = [i for i in feats.inputs if i.uncertain]
    full = feats.vary({i.id: i.domain for i in uncertain})
    lowest, higher = span(regime, full)
    possible = sorted({lowest, level, *higher}, key=rank)
    certain = possible == [level]

    box = holding_box(regime, feats) if not certain else {}
    by_id = {f.input.id: f for f in findings}

    def describe(inp: Input, where: str, lang: str) -> str:
        return (f"{_label(lang, inp.label)} {where} ({_label(lang, ORIGIN_LABEL[inp.origin])}"
                + (f" {show_value(inp, lang)}" if inp.origin != "missing" else "") + ")")

    conditions: dict[str, dict[str, list[str]]] = {}
    for lv in possible:
        conditions[lv] = {}
        for lang in ("en", "de"):
            conds = []
            if lv == level:  # jointly sufficient: the verdict holds while all of these hold
                for iid, rng in box.items():
                    where = _box_text(by_id[iid].input, rng, lang)
                    if where:
                        conds.append(describe(by_id[iid].input, where, lang))
            else:  # one input at a time, the others as stated
                for f in findings:
                    where = _range_text(f.input, f.segments, lv, lang) if f.input.uncertain and f.matters else None
                    if where:
                        conds.append(describe(f.input, where, lang))
                if not conds:
                    conds = _open_leaves(regime, full, lv, lang) or [
                        "wenn mehrere der unsicheren Angaben zugleich abweichen" if lang == "de"
                        else "if several of the uncertain inputs move together"]
            conditions[lv][lang] = conds

    rests_on: dict[str, list[str]] = {}
    for f in findings:
        boxed = f.input.id in box and _box_text(f.input, box[f.input.id], "en") is not None
        if f.input.uncertain and (f.matters or boxed):
            rests_on.setdefault(f.input.origin, []).append(f.input.id)

    missing = _missing_facts(regime, feats, findings, level, not_recorded_flips, at)
    return Certainty(certain, possible, findings, conditions, rests_on, missing,
                     {lang: headline(regime, level, certain, possible, rests_on, findings, lang) for lang in ("en", "de")})


def _open_leaves(regime, feats: Features, level_id: str, lang: str) -> list[str]:
    """The tests of a level that the recorded facts leave open (a range or an unstated fact): the
    conditions under which that level would be the verdict."""
    from kingmaker.assess.engine import POSSIBLE, evaluate

    lv = next(x for x in regime.levels if x.id == level_id)
    trail: list = []
    evaluate(lv.when, feats, trail)
    out = []
    for cond, result in trail:
        if result == POSSIBLE:
            text = _label(lang, cond.get("label") or {}) or cond["feature"]
            open_ = "offen" if lang == "de" else "open"
            item = f"{text} ({open_}: {localize(feats[cond['feature']].display(), lang)})"
            if item not in out:
                out.append(item)
    return out


def headline(regime, level: str, certain: bool, possible: list[str], rests_on: dict[str, list[str]],
             findings: list[InputFinding], lang: str) -> str:
    """The verdict's first line: its level, whether it is certain, and what it rests on."""
    labels = {lv.id: _label(lang, lv.label) for lv in regime.levels}
    de = lang == "de"
    text = labels[level] + " — " + (("sicher" if de else "certain") if certain else ("nicht sicher" if de else "not certain"))
    if not certain:
        others = [labels[lv] for lv in possible if lv != level]
        text += (": möglich auch " if de else ": also possible: ") + ", ".join(others)
    by_id = {f.input.id: f.input for f in findings}
    parts = []
    for origin in ("estimate", "default", "missing", "presumed"):
        ids = rests_on.get(origin, [])
        if ids:
            one, many = ORIGIN_PLURAL[origin][lang]
            names = "; ".join(dict.fromkeys(_label(lang, by_id[i].label) for i in ids))
            parts.append(f"{len(ids)} {one if len(ids) == 1 else many} ({names})")
    if parts:
        text += ("; beruht auf " if de else "; rests on ") + ", ".join(parts)
    return text


def _missing_facts(regime, feats: Features, findings: list[InputFinding], level: str,
                   not_recorded_flips: Iterable, at) -> list[dict]:
    """Facts that would decide the verdict, ranked: missing figures by how much knowing each narrows
    the possible levels; then estimates, defaults and presumptions to confirm, the most fragile first;
    then facts recorded neither way that would change the level."""
    face_lowest, face_higher = span(regime, feats)
    face_count = 1 + len(face_higher)
    out = []
    for f in findings:
        inp = f.input
        ranged = inp.origin == "case" and inp.value[1] - inp.value[0] > 1e-9  # only a range is recorded
        if inp.origin != "missing" and not ranged:
            continue
        lo, hi = inp.value if ranged else inp.bounds
        counts = [1 + len(at(inp, x)[1]) for x in _grid(lo, hi)]
        narrowing = face_count - sum(counts) / len(counts)
        # second measure: how much knowing it would narrow the dependence the rules test
        dep = feats["dependence"].value
        widths = [feats.vary({inp.id: (x, x)})["dependence"].value for x in (lo, (lo + hi) / 2, hi)]
        dep_narrowing = (dep.hi - dep.lo) - sum(w.hi - w.lo for w in widths) / len(widths)
        if face_count == 1 or (not f.matters and narrowing <= 0 and dep_narrowing <= 1e-9):
            continue
        decides = all(c == 1 for c in counts)
        segs = [x for x in f.segments if x.hi >= lo - 1e-9 and x.lo <= hi + 1e-9] if ranged else f.segments
        out.append({"kind": "missing", "input": inp.id, "relation": inp.relation, "narrowing": round(narrowing, 3),
                    "dependence_narrowing": round(dep_narrowing, 3), "decides": decides,
                    "segments": [x.to_dict() for x in segs],
                    "text": {lang: _missing_text(regime, inp, segs, lang, ranged) for lang in ("en", "de")}})
    out.sort(key=lambda m: (not m["decides"], -m["narrowing"], -m["dependence_narrowing"], m["input"]))
    confirm = []
    for f in findings:
        inp = f.input
        if inp.origin in ("case", "missing") or not f.matters:
            continue
        v = (inp.value[0] + inp.value[1]) / 2
        here = next((s for s in f.segments if s.lo - 1e-9 <= v <= s.hi + 1e-9), None)
        width = inp.bounds[1] - inp.bounds[0] or 1.0
        margin = min(abs(v - here.lo) if here.lo > inp.bounds[0] + 1e-9 else width,
                     abs(here.hi - v) if here.hi < inp.bounds[1] - 1e-9 else width) / width if here else 0.0
        confirm.append({"kind": "confirm", "input": inp.id, "relation": inp.relation, "margin": round(margin, 3),
                        "decides": False, "segments": [s.to_dict() for s in f.segments],
                        "text": {lang: _confirm_text(regime, inp, f.segments, level, lang) for lang in ("en", "de")}})
    confirm.sort(key=lambda m: (m["margin"], m["input"]))
    unrecorded = []
    seen = set()
    for flip in not_recorded_flips:
        if flip.feature in seen or flip.feature not in NOT_RECORDED:
            continue
        seen.add(flip.feature)
        new = next(lv for lv in regime.levels if lv.id == flip.new_level)
        unrecorded.append({"kind": "not_recorded", "input": flip.feature, "relation": None, "decides": False,
                           "text": {lang: f"{NOT_RECORDED[flip.feature][lang]} ⇒ {_label(lang, new.label)}"
                                    for lang in ("en", "de")}})
    return out + confirm + unrecorded


def _missing_text(regime, inp: Input, segs: list[Segment], lang: str, ranged: bool = False) -> str:
    rel = f" ({inp.relation})" if inp.relation else ""
    if ranged:
        state = (f"nur als Bereich festgehalten, {show_value(inp, lang)}" if lang == "de"
                 else f"only a range is recorded, {show_value(inp, lang)}")
    else:
        state = "nicht angegeben" if lang == "de" else "not stated"
    head = f"{_label(lang, inp.label)}{rel}: {state} — "
    if len({s.level for s in segs}) == 1:
        return head + ("entscheidet allein nicht, grenzt die Abhängigkeit aber ein" if lang == "de"
                       else "does not decide on its own, but narrows the dependence")
    where = [f"{regime.level_label(s.level, lang)} {'wenn' if lang == 'de' else 'if'} {_range_text(inp, segs, s.level, lang)}"
             for s in _unique_levels(segs)]
    return head + "; ".join(where)


def _confirm_text(regime, inp: Input, segs: list[Segment], level: str, lang: str) -> str:
    holds = _range_text(inp, segs, level, lang)
    origin = _label(lang, ORIGIN_LABEL[inp.origin])
    rel = f" ({inp.relation})" if inp.relation else ""
    verb = "bestätigen" if lang == "de" else "confirm"
    return (f"{verb}: {_label(lang, inp.label)}{rel} = {show_value(inp, lang)} ({origin}); "
            + (f"das Ergebnis gilt bei {holds}" if lang == "de" else f"the verdict holds while {holds}"))


def _unique_levels(segs: list[Segment]) -> list[Segment]:
    seen, out = set(), []
    for s in segs:
        if s.level not in seen:
            seen.add(s.level)
            out.append(s)
    return out
