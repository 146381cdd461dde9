"""One generic engine that applies legal tests declared as data (``assess/rules/*.yaml``).

A rule file lists a regime's levels from the highest; each level has a condition built from
``{feature, op, value}`` leaves joined by ``all`` / ``any``. Conditions are evaluated in three-valued
logic — *yes*, *possible* (true at one end of an uncertain interval), *no* — so banded shares and
missing inputs give "certainly" and "possibly" verdicts instead of false precision. Nothing here knows
about any company: the flagship is just data.

**Flip facts** are the smallest single changes of one fact that move the verdict up or down — found
by trying, for every threshold the rules mention, the nearest value on its other side. For a figure the
engine derives (a dependence), the flip facts name the *inputs* behind it instead ("if substitutability
rose above 0.62"), found by :mod:`kingmaker.assess.certainty`, which also computes whether the verdict
is certain over the whole range of what is uncertain, what it rests on, and which missing facts would
decide it.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable

from ruamel.yaml import YAML

from kingmaker.analysis.bounds import Bounds
from kingmaker.assess.certainty import localize
from kingmaker.assess.features import Features, Pct, describe
from kingmaker.errors import KingmakerError

YES, POSSIBLE, NO = "yes", "possible", "no"
_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq}
FEATURE_NAMES = frozenset({
    "votes", "capital", "economic_interest", "board_seats", "board_size", "board_share", "observer",
    "strategic_vetoes", "majority_of_votes_cast", "dependence", "structural_link", "policy_channel",
    "investment", "exclusive_supply", "licence", "lasting", "team_share",
    "board_representation", "turnout", "votes_cast", "largest_shareholder", "plus_factors",
    "know_how", "acquired_business", "market_presence",
})
REGIMES = ("uk", "eu", "de")


@dataclass(frozen=True)
class Level:
    id: str
    label: dict[str, str]
    cite: str  # the legal basis in English
    when: dict
    cite_text: dict[str, str] = field(default_factory=dict)  # the legal basis per language (en, de)


def _level(doc: dict) -> Level:
    """A level or finding; ``cite`` is a string or ``{en, de}``."""
    cite = doc["cite"]
    texts = dict(cite) if isinstance(cite, dict) else {"en": cite}
    return Level(doc["id"], dict(doc["label"]), texts.get("en", ""), doc["when"], texts)


@dataclass(frozen=True)
class Regime:
    id: str
    name: dict[str, str]
    sources: tuple[str, ...]
    levels: tuple[Level, ...]
    findings: tuple[Level, ...] = ()

    def rank(self, level_id: str) -> int:
        """0 for the highest level; larger is lower."""
        return [lv.id for lv in self.levels].index(level_id)

    def level_label(self, level_id: str, lang: str = "en") -> str:
        """A level's label in ``lang`` (English when that is missing; the id of a level it does not have)."""
        lv = next((lv for lv in self.levels if lv.id == level_id), None)
        return (lv.label.get(lang) or lv.label.get("en") or level_id) if lv else level_id


def _check_condition(cond: Any, where: str) -> None:
    if not isinstance(cond, dict):
        raise KingmakerError(f"{where}: a condition must be a mapping")
    if "always" in cond:
        return
    if "all" in cond or "any" in cond:
        for i, sub in enumerate(cond.get("all") or cond.get("any") or []):
            _check_condition(sub, f"{where}.{'all' if 'all' in cond else 'any'}[{i}]")
        return
    if cond.get("feature") not in FEATURE_NAMES:
        raise KingmakerError(f"{where}: unknown feature {cond.get('feature')!r}; known: {', '.join(sorted(FEATURE_NAMES))}")
    if cond.get("op") not in _OPS:
        raise KingmakerError(f"{where}: unknown op {cond.get('op')!r}")
    if "value" not in cond:
        raise KingmakerError(f"{where}: missing value")


def parse_regime(doc: dict, origin: str) -> Regime:
    try:
        levels = tuple(_level(lv) for lv in doc["levels"])
        findings = tuple(_level(f) for f in doc.get("findings") or [])
        regime = Regime(doc["regime"], dict(doc["name"]), tuple(doc.get("sources") or ()), levels, findings)
    except (KeyError, TypeError) as exc:
        raise KingmakerError(f"{origin}: malformed rule file ({exc})") from None
    for lv in levels + findings:
        _check_condition(lv.when, f"{origin}: {lv.id}")
        if not lv.cite:
            raise KingmakerError(f"{origin}: level {lv.id} cites no source")
    if levels[-1].when != {"always": True}:
        raise KingmakerError(f"{origin}: the last level must be the fallback (when: {{always: true}})")
    return regime


@lru_cache(maxsize=None)
def load_regime(regime_id: str) -> Regime:
    if regime_id not in REGIMES:
        raise KingmakerError(f"unknown regime {regime_id!r}; known: {', '.join(REGIMES)}")
    text = resources.files("kingmaker.assess").joinpath("rules", f"{regime_id}.yaml").read_text(encoding="utf-8")
    return parse_regime(YAML(typ="safe").load(text), f"rules/{regime_id}.yaml")


# -- three-valued evaluation --------------------------------------------------------------------

def _pct_leaf(v: Pct, op: str, t: float) -> str:
    """Three-valued test of an interval with open/closed ends against a threshold."""
    if op == ">":
        every, some = v.lo > t or (v.lo == t and v.lo_open), v.hi > t
    elif op == ">=":
        every, some = v.lo >= t, v.hi > t or (v.hi == t and not v.hi_open)
    elif op == "<":
        every, some = v.hi < t or (v.hi == t and v.hi_open), v.lo < t
    elif op == "<=":
        every, some = v.hi <= t, v.lo < t or (v.lo == t and not v.lo_open)
    else:
        every = v.lo == v.hi == t
        some = (v.lo < t or (v.lo == t and not v.lo_open)) and (t < v.hi or (t == v.hi and not v.hi_open))
    return YES if every else (POSSIBLE if some else NO)


def _leaf(value: Any, op: str, target: Any) -> str:
    if value is None:  # not known: the test could go either way
        return POSSIBLE
    if isinstance(value, Pct):
        return _pct_leaf(value, op, target)
    fn = _OPS[op]
    if isinstance(value, Bounds):
        a, b = fn(value.lo, target), fn(value.hi, target)
        return YES if a and b else (POSSIBLE if a or b else NO)
    return YES if fn(value, target) else NO


def evaluate(cond: dict, feats: Features, trail: list | None = None) -> str:
    """Evaluate a condition; ``trail`` collects (leaf, result) for explanations. Without ``trail``, by the
    condition compiled once (:func:`_compiled`): the verdicts' sensitivity grid evaluates the same few
    conditions hundreds of thousands of times."""
    if trail is None:
        return _compiled(cond)(feats)
    if "always" in cond:
        return YES
    if "all" in cond:
        results = [evaluate(c, feats, trail) for c in cond["all"]]
        return NO if NO in results else (POSSIBLE if POSSIBLE in results else YES)
    if "any" in cond:
        results = [evaluate(c, feats, trail) for c in cond["any"]]
        return YES if YES in results else (POSSIBLE if POSSIBLE in results else NO)
    result = _leaf(feats[cond["feature"]].value, cond["op"], cond["value"])
    if trail is not None:
        trail.append((cond, result))
    return result


def _compiled(cond: dict) -> Callable[[Features], str]:
    """:func:`evaluate` of ``cond`` without a trail as one function of the features: the same tests in the
    same order (every part of an ``all`` or ``any`` evaluated, as :func:`evaluate` does), without looking up
    what kind of condition each part is at every call. Kept per condition object (they are the regimes'
    rule files', read once: :func:`load_regime`); the condition is kept with it, so its id stays its own."""
    kept = _COMPILED.get(id(cond))
    if kept is not None and kept[0] is cond:
        return kept[1]
    if "always" in cond:
        def fn(feats: Features) -> str:
            return YES
    elif "all" in cond:
        parts = [_compiled(c) for c in cond["all"]]

        def fn(feats: Features) -> str:
            results = [part(feats) for part in parts]
            return NO if NO in results else (POSSIBLE if POSSIBLE in results else YES)
    elif "any" in cond:
        parts = [_compiled(c) for c in cond["any"]]

        def fn(feats: Features) -> str:
            results = [part(feats) for part in parts]
            return YES if YES in results else (POSSIBLE if POSSIBLE in results else NO)
    else:
        name, op, target = cond["feature"], cond["op"], cond["value"]

        def fn(feats: Features) -> str:
            return _leaf(feats[name].value, op, target)
    _COMPILED[id(cond)] = (cond, fn)
    return fn


_COMPILED: dict[int, tuple[dict, Callable[[Features], str]]] = {}


def _folded(cond: dict, feats: Features, varying: frozenset, fixed: dict) -> str | Callable[[Features], str]:
    """:func:`evaluate` of ``cond`` for features that differ from ``feats`` only in the features named in
    ``varying``: every test of another feature evaluated on ``feats`` (once: ``fixed`` keeps each test's result
    by the test's id, with the test). A constant (the result whatever the varying features are), or a function
    of the varied features that gives what :func:`evaluate` gives on them. An ``all`` with a part that is ``no``
    whatever varies is ``no``, an ``any`` with one that is ``yes`` is ``yes``: the three-valued rules of
    :func:`evaluate`, which has no other effect than its result."""
    if "always" in cond:
        return YES
    if "all" in cond or "any" in cond:
        if varying.isdisjoint(_features_of(cond)):  # nothing in it varies: its result on feats, worked out once
            kept = fixed.get(id(cond))
            if kept is None or kept[0] is not cond:
                kept = fixed[id(cond)] = (cond, _compiled(cond)(feats))
            return kept[1]
        every = "all" in cond
        parts = [_folded(c, feats, varying, fixed) for c in cond["all" if every else "any"]]
        constant = {p for p in parts if isinstance(p, str)}
        moving = [p for p in parts if not isinstance(p, str)]
        decided, neutral = (NO, YES) if every else (YES, NO)  # what one part decides alone; what none does
        if decided in constant:
            return decided
        possibly = POSSIBLE in constant
        if not moving:
            return POSSIBLE if possibly else neutral

        def fn(varied: Features) -> str:
            results = [part(varied) for part in moving]
            if decided in results:
                return decided
            return POSSIBLE if possibly or POSSIBLE in results else neutral
        return fn
    name, op, target = cond["feature"], cond["op"], cond["value"]
    if name not in varying:
        kept = fixed.get(id(cond))
        if kept is None or kept[0] is not cond:
            kept = fixed[id(cond)] = (cond, _leaf(feats[name].value, op, target))
        return kept[1]

    def leaf(varied: Features) -> str:
        return _leaf(varied[name].value, op, target)
    return leaf


def _features_of(cond: dict) -> frozenset:
    """The features the tests in ``cond`` read (kept per condition object, as :func:`_compiled` keeps its
    function)."""
    kept = _FEATURES_OF.get(id(cond))
    if kept is None or kept[0] is not cond:
        kept = _FEATURES_OF[id(cond)] = (cond, frozenset(leaf["feature"] for leaf in leaves(cond)))
    return kept[1]


_FEATURES_OF: dict[int, tuple[dict, frozenset]] = {}


class PartialSpans:
    """:func:`~kingmaker.assess.certainty.span` of ``regime`` for variations of ``feats`` — the same features
    with a few of them replaced (:meth:`Features.vary`, :meth:`Features.with_value`) — with every test of a
    feature not replaced evaluated once (:func:`_folded`), not at every point. The sensitivity grid, the
    holding box and the flip facts of one verdict vary one or two features (the votes and the structural link,
    or the dependence) of some thirty the rules test, a few hundred times. Which features a variation replaced
    is said by the caller (:meth:`Features.varies`) or read from the features themselves: those not the very
    objects of ``feats``. For example::

        partial = PartialSpans(load_regime("eu"), feats)
        partial.span(feats.vary({"votes": (60.0, 60.0)}))  # == span(load_regime("eu"), <the same>)
    """

    def __init__(self, regime: Regime, feats: Features):
        self.regime, self.feats = regime, feats
        self._levels: dict[frozenset, list] = {}
        self._fixed: dict[int, tuple[dict, str]] = {}
        self._with_value: dict[tuple, tuple[Level, str | None]] = {}

    def span(self, varied: Features, varying: frozenset | None = None) -> tuple[str, tuple[str, ...]]:
        """:func:`~kingmaker.assess.certainty.span` of ``varied``, a variation of these features in the
        features named in ``varying`` (None: found by comparing)."""
        base = self.feats.values
        if varying is None:
            if varied.values.keys() != base.keys():  # not a variation of these features: evaluated whole
                from kingmaker.assess.certainty import span
                return span(self.regime, varied)
            varying = frozenset(k for k, f in varied.values.items() if base[k] is not f)
        levels = self._levels.get(varying)
        if levels is None:
            levels = self._levels[varying] = [(lv.id, _folded(lv.when, self.feats, varying, self._fixed))
                                              for lv in self.regime.levels]
        possible = []
        for level_id, test in levels:
            result = test if isinstance(test, str) else test(varied)
            if result == YES:
                return level_id, tuple(possible)
            if result == POSSIBLE:
                possible.append(level_id)
        return self.regime.levels[-1].id, tuple(possible)

    def level_with(self, name: str, value: Any) -> tuple[Level, str | None]:
        """:func:`_level_of` of the features with feature ``name`` set to ``value``
        (:meth:`Features.with_value`), worked out once per value: the flip facts try the same few values
        of a feature for every test of it."""
        try:
            key = (name, type(value), value)
            kept = self._with_value.get(key)
        except TypeError:  # a value that cannot be a key
            key, kept = None, None
        if kept is None:
            level_id, possible = self.span(self.feats.with_value(name, value), frozenset((name,)))
            kept = (self.regime.levels[self.regime.rank(level_id)], (possible[0] if possible else None))
            if key is not None:
                self._with_value[key] = kept
        return kept


#: the last verdict's :class:`PartialSpans` (its regime, its features): the flip facts, the grid and the holding
#: box of one verdict share it (:func:`partial_spans`)
_LAST_PARTIAL: tuple = (None, None, None)


def partial_spans(regime: Regime, feats: Features) -> PartialSpans:
    """The :class:`PartialSpans` of ``regime`` over ``feats``: the one made last when it is for the same two
    objects (one verdict's steps, called one after the other), else a new one (kept in its place; a tuple
    swapped whole, so threads computing verdicts at once at worst make their own)."""
    global _LAST_PARTIAL
    last_regime, last_feats, last = _LAST_PARTIAL
    if last_regime is regime and last_feats is feats:
        return last
    made = PartialSpans(regime, feats)
    _LAST_PARTIAL = (regime, feats, made)
    return made


def leaves(cond: dict) -> Iterable[dict]:
    if "all" in cond or "any" in cond:
        for c in cond.get("all") or cond.get("any"):
            yield from leaves(c)
    elif "feature" in cond:
        yield cond


# -- verdicts -----------------------------------------------------------------------------------

@dataclass
class FlipFact:
    feature: str
    current: str
    changed_to: str
    new_level: str
    direction: str  # "up" or "down"
    text: dict[str, str]

    def to_dict(self) -> dict:
        return {"feature": self.feature, "current": self.current, "changed_to": self.changed_to,
                "new_level": self.new_level, "direction": self.direction, "text": self.text}


@dataclass
class Verdict:
    regime: str
    regime_name: dict[str, str]
    holder: str
    target: str
    as_of: str
    level: str
    label: dict[str, str]
    certainty: str  # "certain" only when computed so over every uncertain input; else "uncertain"
    possibly: str | None  # a higher level that holds at one end of an uncertain input
    cite: str
    reasons: list[dict] = field(default_factory=list)
    not_higher: list[dict] = field(default_factory=list)
    decisive_relations: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    flip_facts: list[FlipFact] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    since: str | None = None
    headline: dict[str, str] = field(default_factory=dict)
    possible_levels: list[str] = field(default_factory=list)
    conditions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    inputs: list[dict] = field(default_factory=list)
    rests_on: dict[str, list[str]] = field(default_factory=dict)
    missing_facts: list[dict] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)
    cite_text: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "regime": self.regime, "regime_name": self.regime_name, "holder": self.holder, "target": self.target,
            "as_of": self.as_of, "headline": self.headline, "level": self.level, "label": self.label,
            "certainty": self.certainty, "possible_levels": self.possible_levels, "conditions": self.conditions,
            "possibly": self.possibly, "rests_on": self.rests_on, "cite": self.cite, "cite_text": self.cite_text,
            "reasons": self.reasons,
            "not_higher": self.not_higher, "decisive_relations": self.decisive_relations, "evidence": self.evidence,
            "flip_facts": [f.to_dict() for f in self.flip_facts], "findings": self.findings,
            "assumptions": self.assumptions, "inputs": self.inputs, "missing_facts": self.missing_facts,
            "not_recorded": self.not_recorded, "since": self.since,
        }


def _level_of(regime: Regime, feats: Features) -> tuple[Level, str | None]:
    """The highest level that certainly holds, and the highest one above it that possibly does
    (:func:`kingmaker.assess.certainty.span`)."""
    from kingmaker.assess.certainty import span

    level_id, possible = span(regime, feats)
    return regime.levels[regime.rank(level_id)], (possible[0] if possible else None)


def _reason(cond: dict, feats: Features, result: str) -> dict:
    f = feats[cond["feature"]]
    label = cond.get("label") or {"en": f"{cond['feature']} {cond['op']} {cond['value']}"}
    return {"feature": f.name, "value": f.display(), "test": f"{cond['op']} {cond['value']}", "result": result,
            "text": dict(label), "relations": list(f.relations), "basis": f.basis}


#: how a recorded negative fact reads as a reason
NEGATIVE_REASON = {
    "votes": {"en": "holds no voting rights (recorded)", "de": "hält keine Stimmrechte (festgestellt)"},
    "capital": {"en": "holds no capital (recorded)", "de": "hält kein Kapital (festgestellt)"},
    "board_seats": {"en": "has no voting seat on the board (recorded)",
                    "de": "hat keinen stimmberechtigten Sitz im Leitungsorgan (festgestellt)"},
    "board_share": {"en": "has no voting seat on the board (recorded)",
                    "de": "hat keinen stimmberechtigten Sitz im Leitungsorgan (festgestellt)"},
    "board_representation": {"en": "has no voting seat on the board (recorded)",
                             "de": "hat keinen stimmberechtigten Sitz im Leitungsorgan (festgestellt)"},
    "observer": {"en": "has no board observer (recorded)", "de": "hat keinen Beobachter im Leitungsorgan (festgestellt)"},
    "strategic_vetoes": {"en": "has no veto over strategic matters (recorded)",
                         "de": "hat kein Veto über strategische Angelegenheiten (festgestellt)"},
    "exclusive_supply": {"en": "its supply is not exclusive (recorded)", "de": "seine Lieferung ist nicht exklusiv (festgestellt)"},
}
#: facts nobody recorded either way, read as none: what the verdict then assumes
NOT_RECORDED_ASSUMPTION = {
    "votes": {"en": "voting rights: nothing recorded either way, read as none",
              "de": "Stimmrechte: nichts festgehalten, als keine gelesen"},
    "board_seats": {"en": "voting board seat: nothing recorded either way, read as none",
                    "de": "stimmberechtigter Sitz: nichts festgehalten, als keiner gelesen"},
    "board_representation": {"en": "voting board seat: nothing recorded either way, read as none",
                             "de": "stimmberechtigter Sitz: nichts festgehalten, als keiner gelesen"},
    "strategic_vetoes": {"en": "strategic veto: nothing recorded either way, read as none",
                         "de": "strategisches Veto: nichts festgehalten, als keines gelesen"},
    "observer": {"en": "board observer: nothing recorded either way, read as none",
                 "de": "Beobachter: nichts festgehalten, als keiner gelesen"},
    "capital": {"en": "capital: nothing recorded either way, read as none",
                "de": "Kapital: nichts festgehalten, als keines gelesen"},
}


def _dedupe(reasons: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in reasons:
        key = (r["feature"], r["test"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _uses(regime: Regime, feature: str) -> bool:
    return any(leaf["feature"] == feature for lv in regime.levels for leaf in leaves(lv.when))


def assess(regime: Regime, feats: Features) -> Verdict:
    from kingmaker.assess.certainty import analyse

    level, possibly = _level_of(regime, feats)
    trail: list = []
    evaluate(level.when, feats, trail)
    reasons = _dedupe([_reason(c, feats, r) for c, r in trail if r != NO]) if "always" not in level.when else []
    not_higher = []
    for lv in regime.levels[: regime.rank(level.id)]:
        t: list = []
        evaluate(lv.when, feats, t)
        not_higher.append({"level": lv.id, "label": lv.label,
                           "unmet": [_reason(c, feats, r) for c, r in t if r != YES]})
    # recorded negative facts that keep the verdict from a higher level are reasons too, with their evidence
    negative = {}
    for nh in not_higher:
        for u in nh["unmet"]:
            if u["basis"] == "recorded absent" and u["feature"] in NEGATIVE_REASON and u["feature"] not in negative:
                negative[u["feature"]] = {**u, "result": "no", "text": dict(NEGATIVE_REASON[u["feature"]]),
                                          "negative": True}
    seen_text = {x["text"].get("en") for x in reasons}
    for r in negative.values():
        if r["text"]["en"] not in seen_text:
            seen_text.add(r["text"]["en"])
            reasons.append(r)
    decisive = sorted({rid for r in reasons for rid in r["relations"]})
    evidence = sorted({e for rid in decisive for e in feats.evidence_by_relation.get(rid, ())})
    findings = []
    for fd in regime.findings:
        t = []
        res = evaluate(fd.when, feats, t)
        if res != NO:
            findings.append({"id": fd.id, "label": fd.label, "cite": fd.cite, "cite_text": fd.cite_text, "result": res,
                             "reasons": [_reason(c, feats, r) for c, r in t]})
    if feats.contingent is not None:
        findings.extend(_if_triggered(regime, feats, level))
    flips = flip_facts(regime, feats, level.id)
    unrecorded_flips = _unrecorded_flips(regime, feats, level.id)
    certainty = analyse(regime, feats, level.id, unrecorded_flips)
    flips = [f for f in flips if f.feature not in DERIVED_FROM_INPUTS] + input_flips(regime, level.id, certainty)
    not_recorded = sorted({f.feature for f in unrecorded_flips if f.feature in NOT_RECORDED_ASSUMPTION})
    assumptions = list(feats.assumptions)
    assumptions += [NOT_RECORDED_ASSUMPTION[x]["en"] for x in not_recorded]
    if _uses(regime, "lasting"):
        assumptions += list(feats.notes)
    return Verdict(
        regime.id, regime.name, feats.holder, feats.target, feats.as_of, level.id, level.label,
        "certain" if certainty.certain else "uncertain",
        possibly if possibly and regime.rank(possibly) < regime.rank(level.id) else None,
        level.cite, reasons, not_higher, decisive, evidence, flips, findings, assumptions,
        headline=certainty.headline, possible_levels=certainty.levels, conditions=certainty.conditions,
        inputs=[f.to_dict() for f in certainty.inputs], rests_on=certainty.rests_on,
        missing_facts=certainty.missing_facts, not_recorded=not_recorded, cite_text=level.cite_text,
    )


def _if_triggered(regime: Regime, feats: Features, level: Level) -> list[dict]:
    """A finding when contingent stakes (convertibles, warrants, options), once triggered, would move the
    verdict: the level they would give and the trigger they wait on."""
    after, _ = _level_of(regime, feats.contingent.features)
    if after.id == level.id:
        return []
    trail: list = []
    evaluate(after.when, feats.contingent.features, trail)
    return [{"id": "if_triggered", "result": POSSIBLE,
             "label": {"en": f"once the contingent stake is triggered: {after.label.get('en', after.id)}",
                       "de": f"sobald die bedingte Beteiligung ausgelöst wird: {after.label.get('de', after.id)}"},
             "cite": after.cite, "level": after.id, "relations": list(feats.contingent.relations),
             "trigger": feats.contingent.text,
             "reasons": [_reason(c, feats.contingent.features, r) for c, r in trail if r != NO]}]


# -- flip facts ---------------------------------------------------------------------------------

def _unrecorded_flips(regime: Regime, feats: Features, level_id: str) -> list[FlipFact]:
    """For each fact recorded neither way (a seat, a veto, votes), the nearest value that would move the
    verdict, if any: what the verdict assumes by reading "not recorded" as none."""
    out = []
    base = regime.rank(level_id)
    partial = partial_spans(regime, feats)
    for name, f in feats.values.items():
        if f.basis != "not recorded":
            continue
        best = None
        for lv in regime.levels:
            for leaf in leaves(lv.when):
                if leaf["feature"] != name:
                    continue
                for alt in _alternatives(name, leaf["op"], leaf["value"], f.value):
                    if describe(alt) == describe(f.value):
                        continue
                    new_level, _ = partial.level_with(name, alt)
                    if new_level.id == level_id:
                        continue
                    dist = _distance(f.value, alt)
                    if best is None or dist < best[0]:
                        best = (dist, FlipFact(name, describe(f.value), describe(alt), new_level.id,
                                               "up" if regime.rank(new_level.id) < base else "down", {}))
        if best is not None:
            out.append(best[1])
    return out


def _nearest_per_level(regime: Regime, base: int, found: dict, limit: int) -> list[FlipFact]:
    """Up, then down: the nearest flip facts to each other level (at most ``limit`` per level), nearest
    levels first. ``found`` maps a key whose first item is the direction to (distance, fact)."""
    out = []
    for direction in ("up", "down"):
        facts = sorted((v for k, v in found.items() if k[0] == direction),
                       key=lambda x: (abs(regime.rank(x[1].new_level) - base), x[0], x[1].feature))
        per_level: dict[str, int] = {}
        for _, fact in facts:
            if per_level.get(fact.new_level, 0) < limit:
                per_level[fact.new_level] = per_level.get(fact.new_level, 0) + 1
                out.append(fact)
    return out


#: features computed from inputs: their flip facts name the inputs instead (kingmaker.assess.certainty)
DERIVED_FROM_INPUTS = frozenset({"dependence"})


def input_flips(regime: Regime, level_id: str, certainty, limit: int = 2) -> list[FlipFact]:
    """For each input, the nearest value at which the verdict moves to another level (up and down)."""
    from kingmaker.assess.certainty import show, show_value

    base = regime.rank(level_id)
    labels = {lv.id: lv.label for lv in regime.levels}
    found: dict[tuple[str, str, str], tuple[float, FlipFact]] = {}
    for f in certainty.inputs:
        inp = f.input
        if inp.id == "votes" or not f.matters:
            continue
        lo, hi = inp.value
        for s in f.segments:
            if s.level == level_id:
                continue
            if s.hi < lo - 1e-9:
                at, op, dist = s.hi, "≤", lo - s.hi
            elif s.lo > hi + 1e-9:
                at, op, dist = s.lo, "≥", s.lo - hi
            else:
                continue  # within a range the input already spans (a missing figure): see missing_facts
            direction = "up" if regime.rank(s.level) < base else "down"
            text = {}
            for lang in ("en", "de"):
                rel = f" ({inp.relation})" if inp.relation else ""
                text[lang] = (f"{'wenn' if lang == 'de' else 'if'}: {inp.label.get(lang, inp.name)}{rel} "
                              f"{op} {show(inp, at, lang)} ({'jetzt' if lang == 'de' else 'now'} "
                              f"{show_value(inp, lang)}) ⇒ {labels[s.level].get(lang, s.level)}")
            fact = FlipFact(inp.id, show_value(inp, "en"), f"{op} {show(inp, at, 'en')}", s.level, direction, text)
            key = (direction, s.level, inp.id)
            if key not in found or dist < found[key][0]:
                found[key] = (dist, fact)
    return _nearest_per_level(regime, base, found, limit)


_EPS = {"votes": 0.01, "capital": 0.01, "economic_interest": 0.01, "dependence": 0.01, "board_share": 0.01,
        "team_share": 0.01, "votes_cast": 0.01, "turnout": 0.01}


def _alternatives(feature: str, op: str, value: Any, current: Any) -> list[Any]:
    """Values on the other side of a threshold, nearest first."""
    if isinstance(value, bool):
        return [not value, value]
    eps = _EPS.get(feature, 1)
    if isinstance(current, Pct) or (current is None and feature in ("votes", "capital", "economic_interest",
                                                                     "votes_cast", "turnout")):
        return [Pct(value + eps, value + eps), Pct(value, value), Pct(max(0.0, value - eps), max(0.0, value - eps))]
    if isinstance(current, Bounds):
        return [Bounds.point(min(1.0, value + eps)), Bounds.point(value), Bounds.point(max(0.0, value - eps))]
    if isinstance(current, int) and not isinstance(current, bool):
        return [int(value) + 1, int(value), max(0, int(value) - 1)]
    return [value + eps, value, max(0.0, value - eps)]


def _distance(current: Any, new: Any) -> float:
    def num(v):
        if v is None:
            return 0.5
        if isinstance(v, Pct):
            return v.lo / 100
        if isinstance(v, Bounds):
            return v.lo
        if isinstance(v, bool):
            return float(v)
        return float(v)
    return abs(num(current) - num(new))


def flip_facts(regime: Regime, feats: Features, level_id: str, limit: int = 2) -> list[FlipFact]:
    """The smallest one-feature changes that move the verdict to another level (≤ ``limit`` per level)."""
    base = regime.rank(level_id)
    partial = partial_spans(regime, feats)
    found: dict[tuple[str, str], tuple[float, FlipFact]] = {}
    for lv in regime.levels:
        for leaf in leaves(lv.when):
            name = leaf["feature"]
            current = feats[name].value
            for alt in _alternatives(name, leaf["op"], leaf["value"], current):
                if describe(alt) == describe(current):
                    continue
                new_level, _ = partial.level_with(name, alt)
                rank = regime.rank(new_level.id)
                if rank == base:
                    continue
                direction = "up" if rank < base else "down"
                key = (direction, new_level.id + ":" + name)
                dist = _distance(current, alt)
                if key in found and not dist < found[key][0]:
                    continue  # a nearer one is kept: its text is the one written
                label = leaf.get("label", {})
                text = {lang: f"{'if' if lang == 'en' else 'wenn'}: {label.get(lang, name)} "
                              f"({localize(describe(current), lang)} → {localize(describe(alt), lang)}) "
                              f"⇒ {new_level.label.get(lang, new_level.id)}"
                        for lang in ("en", "de")}
                found[key] = (dist, FlipFact(name, describe(current), describe(alt), new_level.id, direction, text))
    return _nearest_per_level(regime, base, found, limit)
