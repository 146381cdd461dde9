"""Assess a target on a date: every regime's verdict for every relevant outside holder, with leverage.

This is the glue between snapshots (which the caller provides) and the pure engine; ``since`` needs
snapshots at earlier dates, so it takes a function that makes them.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from kingmaker.analysis.leverage import LeverageParams, outside_holders
from kingmaker.analysis.structure import Organisation, family, is_controlling
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
    #: with a cap on the holders assessed (``top``): how many hold ties in, where this page starts, and the
    #: holders not assessed here, by leverage (:func:`holder_figures`)
    holders_total: int | None = None
    offset: int = 0
    listed: list[dict] = field(default_factory=list)

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
            **({"holders": {"total": self.holders_total, "offset": self.offset, "assessed": len(self.features),
                            "listed": self.listed}} if self.holders_total is not None else {}),
        }


def relevant_holders(snap: Snapshot, target: str) -> list[str]:
    """Outside actors with ownership, governance or dependency ties into the target's organisation."""
    members = set(family(snap, target))
    governance = {r.holder for m in members for r in snap.ties_in(m)
                  if r.kind.value in ("board_seat", "veto_right", "appointment_right")
                  and snap.actors.get(r.holder) is not None and snap.actor(r.holder).kind.value != "person"}
    return sorted((set(outside_holders(snap, target)) | governance) - members)


def leverage_rank(feats: Features) -> tuple[float, float]:
    """How much a holder's ties give it over the organisation, as (certainly, at most), each 0 … 1: the
    largest of its share of the votes and of the capital, its share of the board, the organisation's
    dependence on it (lower ends for *certainly*, upper ends for *at most*), and 1 for strategic vetoes.
    What ``top`` ranks holders by: what is certain first, so that a 30 % shareholder comes before a
    financier whose share of the funding is not known."""
    votes, capital, board, dep = (feats[n].value for n in ("votes", "capital", "board_share", "dependence"))
    veto = 1.0 if feats["strategic_vetoes"].value else 0.0
    return (max(votes.lo / 100, capital.lo / 100, board.lo, dep.lo, veto),
            max(votes.hi / 100, capital.hi / 100, board.hi, dep.hi, veto))


def holder_figures(feats: Features) -> dict:
    """A holder left out of a capped assessment, as it is listed: its rank and the figures behind it."""
    certainly, at_most = leverage_rank(feats)
    return {"holder": feats.holder, "leverage": {"certainly": round(certainly, 6), "at_most": round(at_most, 6)},
            **{name: feats[name].display() for name in ("votes", "capital", "board_seats", "dependence")}}


def assess_snapshot(snap: Snapshot, target: str, holders: Iterable[str] | None = None,
                    regimes: Iterable[str] = REGIMES, params: LeverageParams | None = None,
                    majority_of_votes_cast: bool = False, turnout=None, top: int | None = None,
                    offset: int = 0) -> Assessment:
    """Every regime's verdict for each holder. ``turnout`` (a Share: the share of all votes cast at the
    target's general meetings) overrides what the case records; ``majority_of_votes_cast`` states a
    finding from attendance data directly.

    Without ``holders`` every holder with ties in is a candidate; ``top`` then caps how many get verdicts:
    the ``top`` with the most leverage (:func:`leverage_rank`), from ``offset`` on — a page — while the
    others are listed with their figures (``Assessment.listed``). The organisation — its family, the ties
    into it by holder, its board — is worked out once and shared by every holder
    (:class:`~kingmaker.analysis.structure.Organisation`), so the cost grows with the number of holders,
    not with its square."""
    explicit = bool(holders)
    holders = list(holders) if holders else relevant_holders(snap, target)
    org = Organisation(snap, target)
    capped = top is not None and not explicit
    # capped: every holder ranked by the few features leverage_rank and holder_figures read (RANKING); all of them
    # only for the page (a capped assessment is asked of a widely held company: the others are many, only listed)
    every_on_page = offset == 0 and (top is None or top <= 0 or top >= len(holders))
    ranking = capped and not every_on_page
    feats = {h: compute_features(snap, h, target, params, majority_of_votes_cast, turnout, org, ranking=ranking)
             for h in holders}
    total, listed = None, []
    if capped:
        ranked = sorted(holders, key=lambda h: (tuple(-x for x in leverage_rank(feats[h])), h))
        page = ranked[offset:offset + top] if top > 0 else ranked[offset:]
        chosen = set(page)
        listed = [holder_figures(feats[h]) for h in ranked if h not in chosen]
        total, holders = len(ranked), [h for h in holders if h in chosen]
        feats = {h: compute_features(snap, h, target, params, majority_of_votes_cast, turnout, org) if ranking
                 else feats[h] for h in holders}
    verdicts = [assess(load_regime(r), feats[h]) for h in holders for r in regimes]
    notes = list(getattr(snap, "notes", ()))
    if listed:
        notes.append(f"{total} outside holders have ties into the organisation; {len(holders)} are assessed here "
                     f"(by leverage, from number {offset + 1}), the other {len(listed)} are listed with their figures "
                     "(JSON: holders.listed) — name one with --holder (API: holder=) or page on (--top/--offset; "
                     "API: limit=, offset=)")
    return Assessment(target, snap.as_of, verdicts, feats, notes=notes,
                      known_as_of=getattr(snap, "known_as_of", None), holders_total=total, offset=offset,
                      listed=listed)


def change_dates(snap_relations, family_ids: set[str], holder: str, until: date) -> list[date]:
    """Dates on or before ``until`` where one of the holder's ties, or a tie into or out of the family,
    starts or ends (latest first)."""
    return ChangeDates(snap_relations).of(family_ids, holder, until)


class ChangeDates:
    """:func:`change_dates` for many holders of one family: the relations indexed once by holder and by
    subject, the family's dates gathered once."""

    def __init__(self, relations):
        self._held: dict[str, set[date]] = defaultdict(set)
        self._into: dict[str, set[date]] = defaultdict(set)
        for r in relations:
            for d in (r.valid_from, r.valid_to):
                if d is not None:
                    self._held[r.holder].add(d)
                    self._into[r.subject].add(d)
        self._families: dict[frozenset, set[date]] = {}

    def of(self, family_ids, holder: str, until: date) -> list[date]:
        key = frozenset(family_ids)
        if key not in self._families:
            self._families[key] = set().union(*(self._held.get(m, ()) for m in key),
                                              *(self._into.get(m, ()) for m in key))
        days = self._families[key] | self._held.get(holder, set())
        return sorted((d for d in days if d <= until), reverse=True)


class SinceIndex:
    """What :func:`fill_since` reads from every relation on record, worked out once for many assessments (a
    server answering about many targets): the change dates by holder and by subject (:class:`ChangeDates`)
    and the dates on which a controlling tie starts or ends."""

    def __init__(self, relations):
        relations = list(relations)
        self.dates = ChangeDates(relations)
        self.control_days = sorted({d for r in relations if is_controlling(r) for d in (r.valid_from, r.valid_to) if d})


def fill_since(assessment: Assessment, all_relations, snapshot_at: Callable[[date], Snapshot],
               params: LeverageParams | None = None, majority_of_votes_cast: bool = False, turnout=None,
               index: SinceIndex | None = None) -> None:
    """Set each verdict's ``since``: the earliest date from which its level has held without a break
    (checked at every date where a relevant tie started or ended).

    The dates are walked once, latest first, for every verdict still holding: each date's snapshot is made
    once (``snapshot_at``; :meth:`kingmaker.store.Store.timeline` makes them without reading the store
    again) with its organisation, and dropped when the walk moves on; a holder's features are computed once
    per date for all its regimes. ``index``: :class:`SinceIndex` of ``all_relations``, when kept from an
    earlier call."""
    index = index or SinceIndex(all_relations)
    dates = index.dates
    walks: dict[int, set[date]] = {}
    for i, v in enumerate(assessment.verdicts):
        if v.level == load_regime(v.regime).levels[-1].id:
            continue  # "no control since …" says nothing useful
        v.since = None
        walks[i] = set(dates.of(assessment.features[v.holder].family, v.holder, assessment.as_of))
    since: dict[int, date] = {}
    active = set(walks)
    # the family depends only on the controlling ties valid on the day: it is worked out again only where one
    # of them starts or ends between two dates walked
    control_days = index.control_days
    members, later = None, None
    for day in sorted({d for w in walks.values() for d in w}, reverse=True):
        here = [i for i in sorted(active) if day in walks[i]]
        if not here:
            continue
        snap = snapshot_at(day)
        if assessment.target not in snap.actors:
            active.difference_update(here)
            continue
        same = members is not None and bisect_right(control_days, later) == bisect_right(control_days, day)
        org = Organisation(snap, assessment.target, members=members if same else None)
        members, later = org.members, day
        features: dict[str, Features] = {}
        for i in here:
            v = assessment.verdicts[i]
            if v.holder not in features:
                features[v.holder] = compute_features(snap, v.holder, assessment.target, params,
                                                      majority_of_votes_cast, turnout, org)
            level, _ = _level_of(load_regime(v.regime), features[v.holder])
            if level.id != v.level:
                active.discard(i)
            else:
                since[i] = day
    for i, day in since.items():
        assessment.verdicts[i].since = day.isoformat()
