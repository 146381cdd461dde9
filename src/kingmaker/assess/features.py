"""The facts legal tests look at, computed for one holder and one target organisation on a snapshot.

Each feature keeps the relations it came from, so a verdict can cite its evidence. Percentages are
intervals with open or closed ends (a PSC band "more than 25 %" is certainly above 25).
Assumptions the engine makes are listed, never hidden: e.g. a shareholding without a stated voting
right is presumed to carry votes in proportion.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from kingmaker.analysis.bounds import Bounds
from kingmaker.analysis.leverage import Leverage, LeverageParams, leverage
from kingmaker.analysis.structure import controlled_group, family
from kingmaker.model import ActorKind, RelationKind
from kingmaker.model.snapshot import Snapshot

STRATEGIC_MATTERS = frozenset({"budget", "business_plan", "major_investments", "senior_management"})
LASTING_DAYS = 365


@dataclass(frozen=True)
class Pct:
    """A percentage interval with open/closed ends."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def zero(cls) -> "Pct":
        return cls(0.0, 0.0)

    def __str__(self) -> str:
        if self.lo == self.hi:
            return f"{self.lo:g} %"
        return f"{'(' if self.lo_open else '['}{self.lo:g} %, {self.hi:g} %{')' if self.hi_open else ']'}"


@dataclass(frozen=True)
class Feature:
    name: str
    value: Any  # Pct, Bounds, int, float, bool
    relations: tuple[str, ...] = ()
    note: str = ""

    def display(self) -> str:
        v = self.value
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:.2f}"
        return str(v)

    def to_dict(self) -> dict:
        v = self.value
        if isinstance(v, Pct):
            v = {"lo": v.lo, "hi": v.hi, "lo_open": v.lo_open, "hi_open": v.hi_open}
        elif isinstance(v, Bounds):
            v = v.to_dict()
        return {"name": self.name, "value": v, "display": self.display(), "relations": list(self.relations),
                "note": self.note}


@dataclass(frozen=True)
class Features:
    holder: str
    target: str
    as_of: str
    family: tuple[str, ...]
    values: dict[str, Feature]
    leverage: Leverage
    assumptions: tuple[str, ...] = ()
    evidence_by_relation: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Feature:
        return self.values[name]

    def with_value(self, name: str, value: Any) -> "Features":
        vals = dict(self.values)
        vals[name] = replace(vals[name], value=value)
        return replace(self, values=vals)


def _max_pct(rels) -> tuple[Pct, tuple[str, ...]]:
    best, ids = Pct.zero(), ()
    for r in rels:
        if r.share is None:
            continue
        p = Pct(float(r.share.low), float(r.share.high), not r.share.lower_inclusive and r.share.lower is not None,
                not r.share.upper_inclusive and r.share.upper is not None)
        if (p.hi, p.lo) > (best.hi, best.lo):
            best, ids = p, (r.id,)
    return best, ids


def compute_features(snap: Snapshot, holder: str, target: str,
                     params: LeverageParams | None = None, majority_of_votes_cast: bool = False) -> Features:
    """All features for ``holder`` over ``target``'s organisation on ``snap.as_of``."""
    members = family(snap, target, outsider=holder)
    member_set = set(members)
    # the holder's side: itself, what it controls, and its officers (a CEO's seat counts for the company)
    side = (set(controlled_group(snap, holder, frozenset(member_set))) - member_set) | {holder}
    people = {r.holder for h in side for r in snap.ties_in(h, RelationKind.officer)}
    ties = [r for m in members for r in snap.ties_in(m) if r.holder in side]
    assumptions: list[str] = []

    votes_rel = [r for r in ties if r.kind is RelationKind.voting_rights]
    capital_rel = [r for r in ties if r.kind is RelationKind.shareholding]
    votes, vote_ids = _max_pct(votes_rel)
    capital, capital_ids = _max_pct(capital_rel)
    if not votes_rel and capital_rel:
        votes, vote_ids = capital, capital_ids
        assumptions.append("no voting rights stated: the shareholding is presumed to carry votes in proportion")
    econ, econ_ids = _max_pct(r for r in ties if r.kind is RelationKind.economic_interest)

    top = members[0]
    seats = snap.board(top)
    voting = [s for s in seats if s.voting]
    ours = [s for s in voting if s.holder in side or s.holder in people]
    observers = [s for s in seats if not s.voting and (s.holder in side or s.holder in people)]
    board_share = len(ours) / len(voting) if voting else 0.0
    appoint = [r for r in ties if r.kind is RelationKind.appointment_right]
    appoint_share = max((r.seats / r.of_seats for r in appoint if r.seats and r.of_seats), default=0.0)
    if appoint_share > board_share:
        board_share = appoint_share
    vetoes = [r for r in ties if r.kind is RelationKind.veto_right]
    strategic = sorted({m for r in vetoes for m in r.matters} & STRATEGIC_MATTERS)
    financing = [r for r in ties if r.kind is RelationKind.financing]
    supply = [r for r in ties if r.kind is RelationKind.supply]
    licences = [r for r in ties if r.kind is RelationKind.licence]

    lev = leverage(snap, holder, target, params)
    lev_ids = tuple(c.relation for c in lev.channels if c.direction == "subject_on_holder")

    structural = votes.lo > 0 or bool(ours) or appoint_share > 0 or bool(vetoes)
    structural_ids = vote_ids + tuple(s.id for s in ours) + tuple(r.id for r in appoint + vetoes)
    policy = bool(ours) or bool(strategic) or appoint_share > 0
    investment = capital.hi > 0 or econ.hi > 0 or bool(financing)
    invest_ids = capital_ids + econ_ids + tuple(r.id for r in financing)

    horizon = snap.as_of + timedelta(days=LASTING_DAYS)
    lasting_ties = [r for r in ties if r.kind not in (RelationKind.offer,) and (r.valid_to is None or r.valid_to >= horizon)]
    lasting = bool(lasting_ties)

    team, team_ids = _team_share(snap, side, member_set)

    values = {
        "votes": Feature("votes", votes, vote_ids),
        "capital": Feature("capital", capital, capital_ids),
        "economic_interest": Feature("economic_interest", econ, econ_ids),
        "board_seats": Feature("board_seats", len(ours), tuple(s.id for s in ours)),
        "board_size": Feature("board_size", len(voting), tuple(s.id for s in voting)),
        "board_share": Feature("board_share", round(board_share, 6), tuple(s.id for s in ours) + tuple(r.id for r in appoint)),
        "observer": Feature("observer", bool(observers), tuple(s.id for s in observers)),
        "strategic_vetoes": Feature("strategic_vetoes", len(strategic), tuple(r.id for r in vetoes), ", ".join(strategic)),
        "majority_of_votes_cast": Feature("majority_of_votes_cast", bool(majority_of_votes_cast), (),
                                          "from attendance data given to the assessment" if majority_of_votes_cast
                                          else "no attendance data: not assumed"),
        "dependence": Feature("dependence", lev.subject_dependence, lev_ids),
        "structural_link": Feature("structural_link", structural, structural_ids),
        "policy_channel": Feature("policy_channel", policy, tuple(s.id for s in ours) + tuple(r.id for r in vetoes + appoint)),
        "investment": Feature("investment", investment, invest_ids),
        "exclusive_supply": Feature("exclusive_supply", any(r.exclusive for r in supply),
                                    tuple(r.id for r in supply if r.exclusive)),
        "licence": Feature("licence", bool(licences), tuple(r.id for r in licences)),
        "lasting": Feature("lasting", lasting, tuple(r.id for r in lasting_ties)),
        "team_share": Feature("team_share", team, team_ids),
    }
    evidence = {r.id: tuple(r.evidence) for m in set(members) | side for r in snap.ties_in(m)}
    return Features(holder, target, snap.as_of.isoformat(), tuple(members), values, lev, tuple(assumptions), evidence)


def _team_share(snap: Snapshot, side: set[str], members: set[str]) -> tuple[float, tuple[str, ...]]:
    """Share of the target's staff (by group size) that the holder's side employs.

    Groups split off a target's staff by a scenario carry ``extra.origin`` = the group they came from.
    """
    staff = [r for m in members for r in snap.ties_in(m, RelationKind.employment)]
    groups = {r.holder: snap.actors[r.holder] for r in staff
              if r.holder in snap.actors and snap.actors[r.holder].kind is ActorKind.group}
    origins = set(groups)
    moved = []
    for h in side:
        for r in snap.ties_in(h, RelationKind.employment):
            a = snap.actors.get(r.holder)
            if a is not None and a.kind is ActorKind.group and a.extra.get("origin") in origins | {
                    x.extra.get("origin") for x in groups.values()}:
                moved.append((r, a))
    stay = sum(g.size or 0 for g in groups.values())
    gone = sum(a.size or 0 for _, a in moved)
    if stay + gone == 0:
        return 0.0, ()
    return round(gone / (stay + gone), 6), tuple(r.id for r, _ in moved)
