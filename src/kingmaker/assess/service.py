"""Assess a target on a date: every regime's verdict for every relevant outside holder, with leverage.

This is the glue between snapshots (which the caller provides) and the pure engine; ``since`` needs
snapshots at earlier dates, so it takes a function that makes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from kingmaker.analysis.leverage import LeverageParams, outside_holders
from kingmaker.analysis.structure import family
from kingmaker.assess.engine import REGIMES, Verdict, assess, load_regime, _level_of
from kingmaker.assess.features import Features, compute_features
from kingmaker.model.snapshot import Snapshot


@dataclass
class Assessment:
    target: str
    as_of: date
    verdicts: list[Verdict]
    features: dict[str, Features]
    scenario: str | None = None
    notes: list[str] = field(default_factory=list)
    known_as_of: date | None = None

    def verdict(self, regime: str, holder: str) -> Verdict:
        for v in self.verdicts:
            if v.regime == regime and v.holder == holder:
                return v
        raise KeyError((regime, holder))

    def to_dict(self) -> dict:
        return {
            "target": self.target, "as_of": self.as_of.isoformat(),
            "known_as_of": self.known_as_of.isoformat() if self.known_as_of else None, "scenario": self.scenario,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "leverage": [f.leverage.to_dict() for f in self.features.values()],
            "features": {h: {k: v.to_dict() for k, v in f.values.items()} for h, f in self.features.items()},
            "notes": self.notes,
        }


def relevant_holders(snap: Snapshot, target: str) -> list[str]:
    """Outside actors with ownership, governance or dependency ties into the target's organisation."""
    members = set(family(snap, target))
    governance = {r.holder for m in members for r in snap.ties_in(m)
                  if r.kind.value in ("board_seat", "veto_right", "appointment_right")
                  and snap.actors.get(r.holder) is not None and snap.actor(r.holder).kind.value != "person"}
    return sorted((set(outside_holders(snap, target)) | governance) - members)


def assess_snapshot(snap: Snapshot, target: str, holders: Iterable[str] | None = None,
                    regimes: Iterable[str] = REGIMES, params: LeverageParams | None = None,
                    majority_of_votes_cast: bool = False, turnout=None) -> Assessment:
    """Every regime's verdict for each holder. ``turnout`` (a Share: the share of all votes cast at the
    target's general meetings) overrides what the case records; ``majority_of_votes_cast`` states a
    finding from attendance data directly."""
    holders = list(holders) if holders else relevant_holders(snap, target)
    feats = {h: compute_features(snap, h, target, params, majority_of_votes_cast, turnout) for h in holders}
    verdicts = [assess(load_regime(r), feats[h]) for h in holders for r in regimes]
    return Assessment(target, snap.as_of, verdicts, feats, notes=list(getattr(snap, "notes", ())),
                      known_as_of=getattr(snap, "known_as_of", None))


def change_dates(snap_relations, family_ids: set[str], holder: str, until: date) -> list[date]:
    """Dates on or before ``until`` where one of the holder's ties into the family starts or ends."""
    days = set()
    for r in snap_relations:
        if r.holder == holder or r.subject in family_ids or r.holder in family_ids:
            for d in (r.valid_from, r.valid_to):
                if d is not None and d <= until:
                    days.add(d)
    return sorted(days, reverse=True)


def fill_since(assessment: Assessment, all_relations, snapshot_at: Callable[[date], Snapshot],
               params: LeverageParams | None = None, majority_of_votes_cast: bool = False, turnout=None) -> None:
    """Set each verdict's ``since``: the earliest date from which its level has held without a break
    (checked at every date where a relevant tie started or ended)."""
    cache: dict[date, Snapshot] = {}
    features: dict[tuple[date, str], Features] = {}  # one computation per date and holder, shared by the regimes

    def snap(d: date) -> Snapshot:
        if d not in cache:
            cache[d] = snapshot_at(d)
        return cache[d]

    def features_at(d: date, holder: str) -> Features:
        if (d, holder) not in features:
            features[d, holder] = compute_features(snap(d), holder, assessment.target, params,
                                                   majority_of_votes_cast, turnout)
        return features[d, holder]

    for v in assessment.verdicts:
        if v.level == load_regime(v.regime).levels[-1].id:
            continue  # "no control since …" says nothing useful
        fam = set(assessment.features[v.holder].family)
        since = None
        for d in change_dates(all_relations, fam, v.holder, assessment.as_of):
            s = snap(d)
            if assessment.target not in s.actors:
                break
            level, _ = _level_of(load_regime(v.regime), features_at(d, v.holder))
            if level.id != v.level:
                break
            since = d
        v.since = since.isoformat() if since else None
