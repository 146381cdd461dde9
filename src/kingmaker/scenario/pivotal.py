"""The kingmaker test: which actors' actions were pivotal for an outcome — including actors who cast no vote.

An *outcome* (e.g. "the board's removal of the CEO is reversed") happens when either

* the board itself carries it: the directors who support it form a majority of the voting seats, or
* outside pressure makes holding out untenable: the organisation's dependence on the actors demanding
  the outcome, through the *actions* they took, reaches a threshold (default 0.5). Pressure is measured
  with the leverage model (power-dependence: Emerson 1962): a staff exit threat weighs the importance of
  the staff × the fraction that signed up × its credibility, which is full only when an outside offer
  stands behind it (otherwise ``credibility_without_offer``).

An action is *pivotal* when the outcome happens with all actions and fails without that one (a
but-for test). Because but-for tests miss overdetermined outcomes, the test also reports each action's
Banzhaf index in the simple game whose players are the actions and whose winning coalitions are the
sets of actions under which the outcome happens (Penrose 1946; Banzhaf 1965) — and sums it per actor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Iterable

from kingmaker.analysis.bounds import Bounds, noisy_or
from kingmaker.analysis.leverage import LeverageParams, latest_acceptance
from kingmaker.analysis.structure import family
from kingmaker.errors import UserError
from kingmaker.model import RelationKind
from kingmaker.model.snapshot import Snapshot

MAX_ACTIONS = 16


@dataclass(frozen=True)
class Action:
    id: str
    actor: str
    kind: str  # "relation" (a tie the actor created) or "support" (a director's support)
    ref: str
    text: str | dict  # a sentence, or {en: …, de: …}


@dataclass
class KingmakerResult:
    outcome: str | dict
    happens: bool
    pressure: Bounds
    board_support: tuple[int, int]
    threshold: float
    actions: list[Action]
    pivotal: list[str]
    banzhaf: dict[str, Fraction]
    by_actor: dict[str, Fraction]
    kingmakers: list[str] = field(default_factory=list)
    #: action id -> (outside pressure, board support) with that one action taken away: what would have changed
    without: dict[str, tuple[Bounds, int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "outcome": self.outcome, "happens": self.happens, "pressure": self.pressure.to_dict(),
            "board_support": {"for": self.board_support[0], "seats": self.board_support[1]},
            "threshold": self.threshold,
            "actions": [a.__dict__ for a in self.actions],
            "pivotal_actions": self.pivotal,
            "banzhaf": {k: str(v) for k, v in self.banzhaf.items()},
            "by_actor": {k: str(v) for k, v in self.by_actor.items()},
            "kingmakers": self.kingmakers,
            "without": {k: {"pressure": b.to_dict(), "board_support": n, "happens": k not in self.pivotal}
                        for k, (b, n) in self.without.items()},
        }


def _pressure(snap: Snapshot, subject: str, active: set[str], actions: list[Action], p: LeverageParams) -> Bounds:
    members = set(family(snap, subject))
    rels = {a.ref: snap.relation(a.ref) for a in actions if a.kind == "relation" and a.ref in active}
    parts = []
    threats = [r for r in rels.values() if r.kind is RelationKind.other_influence and r.holder not in members]
    offers = [r for r in rels.values() if r.kind is RelationKind.offer]
    for threat in threats:
        group = snap.actors.get(threat.holder)
        backing = [o for o in offers if o.subject == threat.holder]
        fraction = Bounds.unknown()
        size = group.size if group else None
        for o in snap.of_kind(RelationKind.offer):  # the signatures gathered under the group's offers
            known = latest_acceptance(o, snap.as_of, size) if o.subject == threat.holder else None
            if known is not None:
                fraction = known[0]
        credibility = 1.0 if backing else p.credibility_without_offer
        importance = p.talent_importance if group is not None and group.kind.value == "group" else p.key_person_importance
        parts.append(Bounds.point(importance) * fraction * Bounds.point(credibility))
    for offer in offers:
        target = snap.actors.get(offer.subject)
        if target is not None and target.kind.value == "person":
            parts.append(Bounds.point(p.key_person_importance * 0.5))  # an alternative for a key person
    return noisy_or(parts)


def run_kingmaker_test(snap: Snapshot, spec: dict, params: LeverageParams | None = None) -> KingmakerResult:
    """``spec``: outcome (text), subject (whose board decides), threshold, actions: [{relation: id} |
    {support: director-id}] (default: offers and outside-influence ties valid on the date)."""
    p = params or LeverageParams()
    outcome = spec.get("outcome", "the outcome")
    if not isinstance(outcome, (str, dict)):
        raise UserError(f"kingmaker_test.outcome: write a text (or {{en: …, de: …}}), not {outcome!r}")
    subject = spec.get("subject")
    if subject not in snap.actors:
        raise UserError(f"kingmaker_test.subject: unknown actor {subject!r}")
    try:
        threshold = float(spec.get("threshold", 0.5))
    except (TypeError, ValueError):
        raise UserError(f"kingmaker_test.threshold: {spec.get('threshold')!r} is not a number between 0 and 1") from None
    actions = _actions(snap, spec)
    if len(actions) > MAX_ACTIONS:
        raise UserError(f"kingmaker_test: at most {MAX_ACTIONS} actions (got {len(actions)})")
    seats = [s.holder for s in snap.voting_directors(subject)]

    def happens(active: set[str]) -> bool:
        support = sum(1 for a in actions if a.kind == "support" and a.id in active and a.ref in seats)
        if seats and support * 2 > len(seats):
            return True
        rel_ids = {a.ref for a in actions if a.kind == "relation" and a.id in active}
        return _pressure(snap, subject, rel_ids, actions, p).lo >= threshold

    everything = {a.id for a in actions}
    outcome = happens(everything)
    pivotal = [a.id for a in actions if outcome and not happens(everything - {a.id})]
    banzhaf = _banzhaf(actions, happens)
    by_actor: dict[str, Fraction] = {}
    for a in actions:
        by_actor[a.actor] = by_actor.get(a.actor, Fraction(0)) + banzhaf[a.id]
    pivotal_actors = sorted({a.actor for a in actions if a.id in pivotal})
    rel_ids = {a.ref for a in actions if a.kind == "relation"}
    support = sum(1 for a in actions if a.kind == "support" and a.ref in seats)
    without = {a.id: (_pressure(snap, subject, rel_ids - {a.ref} if a.kind == "relation" else rel_ids, actions, p),
                      support - (a.kind == "support" and a.ref in seats)) for a in actions}
    return KingmakerResult(spec.get("outcome", "the outcome"), outcome, _pressure(snap, subject, rel_ids, actions, p),
                           (support, len(seats)), threshold, actions, pivotal, banzhaf,
                           dict(sorted(by_actor.items(), key=lambda kv: -kv[1])), pivotal_actors, without)


def _actions(snap: Snapshot, spec: dict) -> list[Action]:
    out = []
    raw = spec.get("actions")
    if raw is None:
        raw = [{"relation": r.id} for r in snap.of_kind(RelationKind.offer, RelationKind.other_influence)
               if r.kind is RelationKind.offer or r.interest_type == "exitThreat"]
    for i, item in enumerate(raw):
        if "relation" in item:
            try:
                r = snap.relation(item["relation"])
            except KeyError as exc:
                raise UserError(f"kingmaker_test.actions[{i}]: {exc.args[0]}") from None
            out.append(Action(item.get("id", r.id), r.holder, "relation", r.id,
                              item.get("text") or _tie_text(snap, r)))
        elif "support" in item:
            d = item["support"]
            if d not in snap.actors:
                raise UserError(f"kingmaker_test.actions[{i}]: unknown actor {d!r}")
            out.append(Action(item.get("id", f"support:{d}"), d, "support", d,
                              item.get("text") or {"en": f"{snap.name(d)} supports the outcome on the board",
                                                    "de": f"{snap.name(d)} unterstützt das Ergebnis im Gremium"}))
        else:
            raise UserError(f"kingmaker_test.actions[{i}]: give relation: ID or support: DIRECTOR")
    return out


def _tie_text(snap: Snapshot, r) -> dict:
    """An action's default text, in both languages: "Microsoft Corporation: offer → OpenAI staff"."""
    from kingmaker.model.kinds import KINDS

    label = KINDS[r.kind].label
    return {lang: f"{snap.name(r.holder)}: {label.get(lang, r.kind.value)} → {snap.name(r.subject)}" for lang in ("en", "de")}


def _banzhaf(actions: list[Action], happens) -> dict[str, Fraction]:
    """Normalised Banzhaf index of each action in the outcome game (exact, by enumeration)."""
    ids = [a.id for a in actions]
    swings = {i: 0 for i in ids}
    for k in range(len(ids) + 1):
        for coalition in combinations(ids, k):
            s = set(coalition)
            if not happens(s):
                continue
            for i in coalition:
                if not happens(s - {i}):
                    swings[i] += 1
    total = sum(swings.values())
    return {i: Fraction(swings[i], total) if total else Fraction(0) for i in ids}


DEFAULT_OUTCOME = {"en": "outside pressure makes the board give way",
                   "de": "Druck von außen bringt das Gremium zum Einlenken"}


def shipped_tests() -> list[dict]:
    """The ``kingmaker_test`` sections of the scenarios shipped with Kingmaker (``data/scenarios``)."""
    from ruamel.yaml import YAML

    from kingmaker.data import DATA_DIR

    out = []
    for path in sorted((DATA_DIR / "scenarios").glob("*.y*ml")):
        doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and isinstance(doc.get("kingmaker_test"), dict):
            out.append(dict(doc["kingmaker_test"]))
    return out


def pivotal_on_date(snap: Snapshot, subject: str, lang: str = "en",
                 specs: list[dict] | None = None) -> KingmakerResult | None:
    """The kingmaker test for ``subject``'s board on the snapshot's date: the outcome and actions a shipped
    scenario declares for that board (those valid on the date), else every offer and exit threat valid on
    the date; ``None`` when no outside action is there to test.

    >>> from kingmaker.model.examples import small_group
    >>> pivotal_on_date(small_group(), "target") is None   # no offers, no threats
    True
    """
    spec = next((dict(s) for s in (shipped_tests() if specs is None else specs) if s.get("subject") == subject),
                {"outcome": DEFAULT_OUTCOME.get(lang, DEFAULT_OUTCOME["en"]), "subject": subject})
    valid = {r.id for r in snap.relations}
    seated = {s.holder for s in snap.voting_directors(subject)}
    if spec.get("actions") is not None:
        spec["actions"] = [a for a in spec["actions"] if ("relation" in a and a["relation"] in valid)
                           or ("support" in a and a["support"] in seated)]
    else:
        spec["actions"] = [{"relation": r.id} for r in snap.of_kind(RelationKind.offer, RelationKind.other_influence)
                           if r.kind is RelationKind.offer or r.interest_type == "exitThreat"]
    if not any("relation" in a for a in spec["actions"]):
        return None
    return run_kingmaker_test(snap, spec)
