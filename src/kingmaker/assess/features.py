"""The facts legal tests look at, computed for one holder and one target organisation on a snapshot.

Each feature keeps the relations it came from, so a verdict can cite its evidence, and its **basis**:
*recorded* (a tie says so), *recorded absent* (a negative fact says it is not there, with evidence),
*not recorded* (nothing either way — read as none, and said so), *presumed* or *derived*. Percentages
are intervals with open or closed ends (a PSC band "more than 25 %" is certainly above 25).
Assumptions the engine makes are listed, never hidden: e.g. a shareholding without a stated voting
right is presumed to carry votes in proportion — unless a negative fact records that it carries none.

The **inputs** a verdict rests on (:class:`Input`) are the leverage factors behind ``dependence`` and a
presumed vote; :meth:`Features.vary` recomputes the features with some inputs changed, which is how
:mod:`kingmaker.assess.certainty` finds the range over which a verdict holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Mapping, TypeVar

from kingmaker.analysis.bounds import Bounds
from kingmaker.analysis.bounds import noisy_or
from kingmaker.analysis.leverage import Leverage, LeverageParams, leverage, recombine
from kingmaker.analysis.structure import Organisation
from kingmaker.model import ActorKind, RelationKind, Share
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


def describe(value: Any) -> str:
    """A feature's value as the verdict texts write it (``yes``, ``0.62``, ``[25 %, 50 %]``, ``unknown``)."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@dataclass(frozen=True)
class Feature:
    name: str
    value: Any  # Pct, Bounds, int, float, bool
    relations: tuple[str, ...] = ()
    note: str = ""
    basis: str = "recorded"  # recorded, recorded absent, not recorded, presumed, derived

    def display(self) -> str:
        return describe(self.value)

    def to_dict(self) -> dict:
        v = self.value
        if isinstance(v, Pct):
            v = {"lo": v.lo, "hi": v.hi, "lo_open": v.lo_open, "hi_open": v.hi_open}
        elif isinstance(v, Bounds):
            v = v.to_dict()
        return {"name": self.name, "value": v, "display": self.display(), "relations": list(self.relations),
                "note": self.note, "basis": self.basis}


#: what the resource names read as in labels
RESOURCE_LABEL = {
    "compute": {"en": "compute", "de": "Rechenleistung"}, "cloud": {"en": "cloud services", "de": "Cloud-Dienste"},
    "chips": {"en": "chips", "de": "Chips"}, "data": {"en": "data", "de": "Daten"},
    "distribution": {"en": "distribution", "de": "Vertrieb"}, "energy": {"en": "energy", "de": "Energie"},
    "talent": {"en": "talent", "de": "Fachkräfte"}, "ip": {"en": "intellectual property", "de": "geistiges Eigentum"},
    "other": {"en": "other resources", "de": "sonstige Ressourcen"},
}
#: (channel family, factor) -> label; {r} is the resource
INPUT_LABEL = {
    ("supply", "importance"): {"en": "importance of {r} to the target", "de": "Bedeutung von {r} für das Zielunternehmen"},
    ("supply", "holder_share"): {"en": "share of the target's {r} that the holder supplies",
                                 "de": "Anteil des Bedarfs an {r}, den der Inhaber deckt"},
    ("supply", "substitutability"): {"en": "substitutability of the holder's {r}", "de": "Ersetzbarkeit der {r} des Inhabers"},
    ("supply", "lock_in"): {"en": "time to switch away from the holder's {r}", "de": "Wechselzeit weg von der {r} des Inhabers"},
    ("financing", "importance"): {"en": "importance of funding to the target", "de": "Bedeutung der Finanzierung"},
    ("financing", "holder_share"): {"en": "holder's share of the target's funding",
                                    "de": "Anteil des Inhabers an der Finanzierung des Zielunternehmens"},
    ("financing", "withholdability"): {"en": "how far the money can still be withheld",
                                       "de": "wie weit die Mittel noch zurückgehalten werden können"},
    ("exit_threat", "importance"): {"en": "importance of the staff", "de": "Bedeutung der Belegschaft"},
    ("exit_threat", "fraction"): {"en": "share of staff who signed up to leave",
                                  "de": "Anteil der Belegschaft, der zu gehen bereit ist"},
    ("exit_threat", "credibility"): {"en": "credibility of the outside offer", "de": "Glaubwürdigkeit des Angebots"},
    ("key_person", "importance"): {"en": "importance of the key person", "de": "Bedeutung der Schlüsselperson"},
    ("key_person", "credibility"): {"en": "credibility of the outside offer", "de": "Glaubwürdigkeit des Angebots"},
    ("licence", "importance"): {"en": "importance of the licence to the holder", "de": "Bedeutung der Lizenz für den Inhaber"},
    ("licence", "exclusivity"): {"en": "exclusivity of the licence", "de": "Ausschließlichkeit der Lizenz"},
    ("profits", "importance"): {"en": "importance of the target's profits to the holder",
                                "de": "Bedeutung der Gewinne des Zielunternehmens für den Inhaber"},
    ("profits", "share"): {"en": "holder's share of the profits", "de": "Gewinnanteil des Inhabers"},
    ("votes", "votes"): {"en": "votes (presumed in proportion to the shareholding)",
                         "de": "Stimmrechte (anteilig zur Kapitalbeteiligung vermutet)"},
}


@dataclass(frozen=True)
class Input:
    """One input a verdict may rest on, with its origin.

    ``origin``: *case* (a figure in the case, with the weakest reliability of its evidence), *estimate*
    (a case figure backed only by unconfirmed evidence), *default* (a documented parameter), *missing*
    (not stated: the whole range) or *presumed*. ``value`` is what the verdict used; ``domain`` is the
    range the certainty is computed over (the whole ``bounds`` for all but case figures); ``bounds`` is
    the range the flip-fact search walks. Switching time is held as lock-in (months ÷ horizon), shown
    in months (``scale``).
    """

    id: str
    name: str
    label: Mapping[str, str]
    origin: str
    value: tuple[float, float]
    domain: tuple[float, float]
    bounds: tuple[float, float]
    relation: str | None = None
    reliability: str | None = None
    evidence: tuple[str, ...] = ()
    unit: str = ""  # "", "%", "months"
    scale: float = 1.0
    detail: str = ""

    @property
    def uncertain(self) -> bool:
        return self.origin != "case"

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "label": dict(self.label), "origin": self.origin,
                "value": {"lo": round(self.value[0], 6), "hi": round(self.value[1], 6)},
                "relation": self.relation, "reliability": self.reliability, "evidence": list(self.evidence),
                "unit": self.unit, "scale": self.scale, "detail": self.detail}


def _inputs(lev: Leverage, votes_presumed: "Pct | None", vote_ids: tuple[str, ...]) -> tuple[Input, ...]:
    out = []
    for c in lev.channels:
        if c.direction != "subject_on_holder":
            continue
        family_name, _, resource = c.channel.partition(":")
        for f in c.factors:
            if f.source == "derived":
                continue
            template = INPUT_LABEL.get((family_name, f.name), {"en": f.name.replace("_", " "), "de": f.name})
            label = {lang: text.format(r=RESOURCE_LABEL.get(resource, {}).get(lang, resource))
                     for lang, text in template.items()}
            value = (f.value.lo, f.value.hi)
            origin = f.origin
            months = f.name == "lock_in"
            scale = lev_horizon(f.detail) if months else 1.0
            out.append(Input(f"{c.relation}|{f.name}", f.name, label, origin, value,
                             value if origin == "case" else (0.0, 1.0), (0.0, 1.0), c.relation, f.reliability,
                             tuple(f.evidence), "months" if months else "", scale, f.detail))
    if votes_presumed is not None:
        value = (votes_presumed.lo, votes_presumed.hi)
        out.append(Input("votes", "votes", INPUT_LABEL[("votes", "votes")], "presumed", value, (0.0, value[1]),
                         (0.0, 100.0), vote_ids[0] if vote_ids else None, None, (), "%", 1.0,
                         "no voting rights stated: presumed in proportion to the shareholding"))
    return tuple(out)


def lev_horizon(detail: str) -> float:
    """The horizon (months) a lock-in factor was computed over, read back from its detail text."""
    m = re.search(r"over a ([\d.]+)-month horizon", detail)
    return float(m.group(1)) if m else 12.0


T = TypeVar("T")


def _copy_with(obj: T, **changes: Any) -> T:
    """``dataclasses.replace(obj, **changes)`` for :class:`Feature` and :class:`Features` (frozen, no
    ``__post_init__``, no slots): the same fields, those named changed. The sensitivity grid of the verdicts
    varies the features ~300,000 times for the 30 first assessments of the API bench at 10^5 edges, and
    ``replace``'s call of ``__init__`` by keyword was an eighth of their time (issue 19)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


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
    inputs: tuple[Input, ...] = ()
    structural_without_votes: bool = False
    notes: tuple[str, ...] = ()
    contingent: "Contingency | None" = None

    def __getitem__(self, name: str) -> Feature:
        return self.values[name]

    def with_value(self, name: str, value: Any) -> "Features":
        vals = dict(self.values)
        vals[name] = _copy_with(vals[name], value=value)
        return _copy_with(self, values=vals)

    def input(self, input_id: str) -> Input:
        for i in self.inputs:
            if i.id == input_id:
                return i
        raise KeyError(input_id)

    def varies(self, assign: Mapping[str, tuple[float, float]]) -> frozenset:
        """The names of the features :meth:`vary` replaces for ``assign`` (the others it keeps as they are)."""
        if not assign:
            return frozenset()
        names = {"dependence"} if any(k != "votes" for k in assign) else set()
        if "votes" in assign:
            names.update(("votes",) if self.structural_without_votes else ("votes", "structural_link"))
        return frozenset(names)

    def vary(self, assign: Mapping[str, tuple[float, float]]) -> "Features":
        """The features with some inputs set to other values or ranges (by :attr:`Input.id`)."""
        if not assign:
            return self
        vals = dict(self.values)
        if any(k != "votes" for k in assign):
            parts = []
            for c in self.leverage.channels:
                if c.direction != "subject_on_holder":
                    continue
                over = {f.name: Bounds(*assign[f"{c.relation}|{f.name}"]) for f in c.factors
                        if f"{c.relation}|{f.name}" in assign}
                parts.append(recombine(c, over) if over else c.dependence)
            vals["dependence"] = _copy_with(vals["dependence"], value=noisy_or(parts))
        if "votes" in assign:
            lo, hi = assign["votes"]
            vals["votes"] = _copy_with(vals["votes"], value=Pct(lo, hi))
            if not self.structural_without_votes:
                link: Any = lo > 0 if (lo > 0 or hi <= 0) else Bounds(0.0, 1.0)
                vals["structural_link"] = _copy_with(vals["structural_link"], value=link)
        return _copy_with(self, values=vals)


@dataclass(frozen=True)
class Contingency:
    """The features once contingent stakes (convertibles, warrants, options) are triggered."""

    features: Features
    relations: tuple[str, ...]
    text: str


def _pct(share, cap=None) -> Pct:
    hi = float(share.high) if cap is None else min(float(share.high), float(cap.high))
    lo = min(float(share.low), hi)
    return Pct(lo, hi, not share.lower_inclusive and share.lower is not None and lo == float(share.low),
               not share.upper_inclusive and share.upper is not None and hi == float(share.high))


def _max_pct(rels) -> tuple[Pct, tuple[str, ...]]:
    best, ids = Pct.zero(), ()
    for r in rels:
        if r.share is None:
            continue
        p = _pct(r.share, getattr(r, "cap", None) if not isinstance(getattr(r, "cap", None), str) else None)
        if (p.hi, p.lo) > (best.hi, best.lo):
            best, ids = p, (r.id,)
    return best, ids


def _turnout(snap: Snapshot, top: str, override=None) -> tuple[Pct | None, str]:
    """The share of all votes cast at the top entity's general meetings: ``override`` (a Share), or the
    last three meetings on record up to the date together with any typical turnout stated, as a range."""
    if override is not None:
        return _pct(override), "turnout given to the assessment"
    actor = snap.actors.get(top)
    records = list(getattr(actor, "turnout", ()) or ())
    dated = sorted((t for t in records if t.at is not None and t.at <= snap.as_of), key=lambda t: t.at)[-3:]
    used = dated + [t for t in records if t.at is None]
    if not used:
        return None, ""
    lo = min(float(t.share.low) for t in used)
    hi = max(float(t.share.high) for t in used)
    where = ", ".join(f"{t.share} on {t.at}" if t.at else f"typically {t.share}" for t in used)
    return Pct(lo, hi), f"turnout at {snap.name(top)}'s meetings: {where}"


def _votes_cast(votes: Pct, turnout: Pct | None) -> Pct:
    """The holder's share of the votes actually cast, if it votes and the rest turn out as recorded."""
    if turnout is None:
        return votes
    def share(v: float, t: float) -> float:
        return 100.0 if t <= 0 else min(100.0, 100.0 * v / t)
    return Pct(round(share(votes.lo, turnout.hi), 6), round(share(votes.hi, turnout.lo), 6), votes.lo_open, votes.hi_open)


def _non_voting(rels) -> bool:
    return bool(rels) and all("non" in (r.share_class or "").lower().replace("-", "").replace(" ", "")
                              and "voting" in (r.share_class or "").lower() for r in rels)


#: the features a holder is ranked and listed by when an assessment caps the holders it assesses
#: (:func:`kingmaker.assess.service.leverage_rank`, :func:`~kingmaker.assess.service.holder_figures`)
RANKING = ("votes", "capital", "board_seats", "board_share", "strategic_vetoes", "dependence")


def compute_features(snap: Snapshot, holder: str, target: str,
                     params: LeverageParams | None = None, majority_of_votes_cast: bool = False,
                     turnout=None, org: Organisation | None = None, ranking: bool = False) -> Features:
    """All features for ``holder`` over ``target``'s organisation on ``snap.as_of``.

    ``turnout`` (a :class:`~kingmaker.model.share.Share`) overrides the turnout recorded in the case.
    ``org``: the target's :class:`~kingmaker.analysis.structure.Organisation` on ``snap``, shared by every
    holder assessed against it (made here when not given): the holder's own ties are then all that is read.
    ``ranking``: only the features of :data:`RANKING` (the same values, worked out by the same lines), for
    ranking holders of whom only a page is assessed — not the team, the lasting ties, the inputs or the
    evidence (issue 19: in a capped assessment of 440 holders, 415 are only ranked and listed).
    """
    if org is None or org.snap is not snap or org.target != target:
        org = Organisation(snap, target)
    base, org = org, org.for_holder(holder)
    members = list(org.members)
    member_set = set(members)
    # the holder's side: itself, what it controls, and its officers (a CEO's seat counts for the company)
    side = (set(org.holder_group(holder)) - member_set) | {holder}
    people = {r.holder for h in side for r in snap.ties_in(h, RelationKind.officer)}
    every = org.ties_from(side)
    all_ties = [r for r in every if r.kind is not RelationKind.absence]
    absent: dict[str, tuple[str, ...]] = {}
    for r in every:
        if r.kind is RelationKind.absence:
            absent[r.what] = absent.get(r.what, ()) + (r.id,)
    contingent = [r for r in all_ties if getattr(r, "contingent", None)]
    ties = [r for r in all_ties if not getattr(r, "contingent", None)]
    assumptions: list[str] = []
    top = members[0]

    votes_rel = [r for r in ties if r.kind is RelationKind.voting_rights]
    capital_rel = [r for r in ties if r.kind is RelationKind.shareholding]
    votes, vote_ids = _max_pct(votes_rel)
    capital, capital_ids = _max_pct(capital_rel)
    votes_basis = "recorded" if votes_rel else ("recorded absent" if "voting_rights" in absent else "not recorded")
    if not votes_rel and "voting_rights" in absent:
        vote_ids = absent["voting_rights"]
    votes_presumed = None
    if not votes_rel and capital_rel and "voting_rights" not in absent:
        if _non_voting(capital_rel):
            assumptions.append("the shares are non-voting: no votes counted")
            votes_basis, vote_ids = "recorded absent", capital_ids
        else:
            votes, vote_ids = capital, capital_ids
            votes_presumed, votes_basis = capital, "presumed"
            assumptions.append("no voting rights stated: the shareholding is presumed to carry votes in proportion")
    capital_basis = "recorded" if capital_rel else ("recorded absent" if "shareholding" in absent else "not recorded")
    if not capital_rel:
        capital_ids = absent.get("shareholding", ())
    econ, econ_ids = _max_pct(r for r in ties if r.kind is RelationKind.economic_interest)
    for r in votes_rel + capital_rel:
        cap = getattr(r, "cap", None)
        if isinstance(cap, Share) and r.share is not None and r.share.high > cap.high:
            assumptions.append(f"{r.id}: the stake ({r.share}) is counted only up to its agreed cap ({cap})")

    turnout_pct, turnout_note = _turnout(snap, top, turnout)
    votes_cast = _votes_cast(votes, turnout_pct)
    if turnout_pct is None and 0 < votes.hi and votes.lo <= 50:
        assumptions.append("no turnout at general meetings recorded: every vote is taken as cast "
                           "(the share of the votes cast equals the share of all votes)")
    voters = org.cached("voters", lambda: sorted(
        (r for r in snap.ties_in(top, RelationKind.voting_rights) if r.share is not None
         and not getattr(r, "contingent", None)), key=lambda r: -float(r.share.high)))
    other = next((r for r in voters if r.holder not in side), None)  # the largest other holder of votes
    other_max = float(other.share.high) if other is not None else 0.0
    largest = votes.lo > 0 and other is not None and votes.lo > other_max
    if largest:
        assumptions.append("largest shareholder: compared with the other holders of votes on record")

    seats_by_holder = org.cached("seats", lambda: _seats_by_holder(snap.board(top)))
    voting_count = org.cached("voting seats", lambda: sum(1 for s in snap.board(top) if s.voting))
    held = sorted((x for h in side | people for x in seats_by_holder.get(h, ())), key=lambda x: x[0])
    ours = [s for _, s in held if s.voting]
    observers = [s for _, s in held if not s.voting]
    appoint = [r for r in ties if r.kind is RelationKind.appointment_right]
    appointable = sum(r.seats if r.seats is not None else 1 for r in appoint)
    ours_n = max(len(ours), appointable)
    stated = getattr(snap.actors.get(top), "board_size", None)
    size = stated or max((r.of_seats for r in appoint if r.of_seats), default=None)
    if size:
        board_share = Bounds.point(min(1.0, ours_n / size))
        size_note = f"board of {size} voting seats ({'stated' if stated else 'from the appointment right'})"
    else:
        rest = voting_count - len(ours)
        board_share = Bounds(0.0, ours_n / (ours_n + rest)) if ours_n else Bounds.point(0.0)
        size_note = (f"the board's size is not stated: {voting_count} voting seat(s) on record, there may be more; "
                     "the share is at most what the recorded seats give")
        if ours_n:
            assumptions.append(size_note)
    vetoes = [r for r in ties if r.kind is RelationKind.veto_right]
    strategic = sorted({m for r in vetoes for m in r.matters} & STRATEGIC_MATTERS)
    financing = [r for r in ties if r.kind is RelationKind.financing]
    supply = [r for r in ties if r.kind is RelationKind.supply]
    licences = [r for r in ties if r.kind is RelationKind.licence]
    factors = [r for r in ties if r.kind is RelationKind.other_influence and r.factor]
    factor_names = sorted({r.factor for r in factors} | ({"largest_shareholder"} if largest else set()))

    lev = leverage(snap, holder, target, params, base)
    lev_ids = tuple(c.relation for c in lev.channels if c.direction == "subject_on_holder")

    def basis(present: list, what: str) -> tuple[str, tuple[str, ...]]:
        if present:
            return "recorded", ()
        return ("recorded absent", absent[what]) if what in absent else ("not recorded", ())

    seat_basis, seat_absent = basis(ours, "board_seat")
    veto_basis, veto_absent = basis(vetoes, "veto_right")
    ranked = {
        "votes": Feature("votes", votes, vote_ids, basis=votes_basis),
        "capital": Feature("capital", capital, capital_ids, basis=capital_basis),
        "board_seats": Feature("board_seats", len(ours), tuple(s.id for s in ours) + seat_absent, basis=seat_basis),
        "board_share": Feature("board_share", board_share,
                               tuple(s.id for s in ours) + tuple(r.id for r in appoint) + seat_absent, size_note,
                               basis=seat_basis if not appoint else "recorded"),
        "strategic_vetoes": Feature("strategic_vetoes", len(strategic), tuple(r.id for r in vetoes) + veto_absent,
                                    ", ".join(strategic), basis=veto_basis),
        "dependence": Feature("dependence", lev.subject_dependence, lev_ids),
    }
    if ranking:
        return Features(holder, target, snap.as_of.isoformat(), tuple(members), ranked, lev, tuple(assumptions))

    structural_without_votes = bool(ours) or ours_n > 0 or bool(vetoes)
    structural = votes.lo > 0 or structural_without_votes
    structural_ids = vote_ids + tuple(s.id for s in ours) + tuple(r.id for r in appoint + vetoes)
    policy = bool(ours) or bool(strategic) or ours_n > 0
    investment = capital.hi > 0 or econ.hi > 0 or bool(financing)
    invest_ids = capital_ids + econ_ids + tuple(r.id for r in financing)

    horizon = snap.as_of + timedelta(days=LASTING_DAYS)
    lasting_ties, notes = [], []
    for r in ties:
        if r.kind is RelationKind.offer:
            continue
        end = known_end(snap, r)
        if end is None or end >= horizon:
            lasting_ties.append(r)
            if r.valid_to is not None and end is None:
                notes.append(f"{r.id}: its end on {r.valid_to} was published only later, so it is not used "
                             f"to judge whether the tie is lasting on {snap.as_of}")
    lasting = bool(lasting_ties)

    acquisitions = [r for r in ties if r.kind is RelationKind.acquisition]
    team, team_ids, team_note = _team(snap, side, member_set, acquisitions, org)
    know_how_ids = tuple(r.id for r in licences) + tuple(
        r.id for r in acquisitions if {"know_how", "ip"} & set(r.acquires))
    business_ids = tuple(r.id for r in acquisitions if {"business", "assets", "customers", "shares"} & set(r.acquires))
    presence: bool | None = None
    if acquisitions:
        flags = [r.market_presence for r in acquisitions]
        presence = True if any(f is True for f in flags) else (False if all(f is False for f in flags) else None)

    observer_basis, observer_absent = basis(observers, "observer")
    exclusive = [r for r in supply if r.exclusive or r.rank == "sole"]
    stated_non_exclusive = tuple(r.id for r in supply if r.exclusive is False) + absent.get("exclusive_supply", ())
    exclusive_basis = "recorded" if exclusive else ("recorded absent" if stated_non_exclusive else "not recorded")
    values = {
        "votes": ranked["votes"],
        "capital": ranked["capital"],
        "economic_interest": Feature("economic_interest", econ, econ_ids),
        "board_seats": ranked["board_seats"],
        "board_size": Feature("board_size", size or voting_count,
                              org.cached("voting seat ids", lambda: tuple(s.id for s in snap.board(top) if s.voting)),
                              size_note),
        "board_share": ranked["board_share"],
        "board_representation": Feature("board_representation", ours_n,
                                        tuple(s.id for s in ours) + tuple(r.id for r in appoint) + seat_absent,
                                        "voting seats held, or the seats it has a right to appoint",
                                        basis=seat_basis if not appoint else "recorded"),
        "observer": Feature("observer", bool(observers), tuple(s.id for s in observers) + observer_absent,
                            basis=observer_basis),
        "strategic_vetoes": ranked["strategic_vetoes"],
        "majority_of_votes_cast": Feature("majority_of_votes_cast", bool(majority_of_votes_cast), (),
                                          "from attendance data given to the assessment" if majority_of_votes_cast
                                          else "no attendance finding given: not assumed"),
        "turnout": Feature("turnout", turnout_pct, (), turnout_note or "no turnout recorded"),
        "votes_cast": Feature("votes_cast", votes_cast, vote_ids,
                              turnout_note or "no turnout recorded: taken as all votes cast"),
        "largest_shareholder": Feature("largest_shareholder", largest, vote_ids),
        "plus_factors": Feature("plus_factors", len(factor_names), tuple(r.id for r in factors) + (vote_ids if largest else ()),
                                ", ".join(factor_names)),
        "dependence": ranked["dependence"],
        "structural_link": Feature("structural_link", structural, structural_ids),
        "policy_channel": Feature("policy_channel", policy, tuple(s.id for s in ours) + tuple(r.id for r in vetoes + appoint)),
        "investment": Feature("investment", investment, invest_ids),
        "exclusive_supply": Feature("exclusive_supply", bool(exclusive),
                                    tuple(r.id for r in exclusive) or stated_non_exclusive, basis=exclusive_basis),
        "licence": Feature("licence", bool(licences), tuple(r.id for r in licences)),
        "lasting": Feature("lasting", lasting, tuple(r.id for r in lasting_ties)),
        "team_share": Feature("team_share", team, team_ids, team_note),
        "know_how": Feature("know_how", bool(know_how_ids), know_how_ids,
                            "a licence to its technology or IP, or know-how acquired with the team"),
        "acquired_business": Feature("acquired_business", bool(business_ids), business_ids,
                                     "a business, its assets, customers or shares acquired"),
        "market_presence": Feature("market_presence", presence, tuple(r.id for r in acquisitions),
                                   "the part acquired has a market presence to which turnover can be attributed"
                                   if presence else ("not stated" if presence is None else "stated: none")),
    }
    evidence = _EvidenceOf(snap, member_set | side)
    feats = Features(holder, target, snap.as_of.isoformat(), tuple(members), values, lev, tuple(assumptions), evidence,
                     _inputs(lev, votes_presumed, vote_ids), structural_without_votes, tuple(notes))
    if contingent:
        return replace(feats, contingent=_if_triggered(feats, contingent, votes_rel, capital_rel, turnout_pct))
    return feats


def known_end(snap: Snapshot, r) -> Any:
    """``r``'s end date if it had been published by ``snap.as_of``, else ``None`` (no hindsight).

    Snapshots that carry no publication dates of ends (``snap.ends_known`` empty) use the end as
    recorded."""
    if r.valid_to is None:
        return None
    known = getattr(snap, "ends_known", None) or {}
    if r.id not in known:
        return r.valid_to
    day = known[r.id]
    return r.valid_to if day is None or day <= snap.as_of else None


def _if_triggered(feats: Features, contingent, votes_rel, capital_rel, turnout_pct) -> "Contingency":
    """The features as they would be once the contingent stakes convert, vest or are exercised."""
    def held(kind, current):
        rels = [r for r in contingent if r.kind is kind]
        best, ids = _max_pct(rels)
        cur = current.value
        return (best, ids) if (best.hi, best.lo) > (cur.hi, cur.lo) else (cur, current.relations)

    out = feats
    capital, cap_ids = held(RelationKind.shareholding, feats["capital"])
    votes, vote_ids = held(RelationKind.voting_rights, feats["votes"])
    if not votes_rel and not _non_voting(capital_rel + [r for r in contingent if r.kind is RelationKind.shareholding]):
        votes, vote_ids = (capital, cap_ids) if (capital.hi, capital.lo) > (votes.hi, votes.lo) else (votes, vote_ids)
    econ, econ_ids = held(RelationKind.economic_interest, feats["economic_interest"])
    for name, value, ids in (("capital", capital, cap_ids), ("votes", votes, vote_ids),
                             ("economic_interest", econ, econ_ids),
                             ("votes_cast", _votes_cast(votes, turnout_pct), vote_ids)):
        out = out.with_value(name, value)
        out = replace(out, values={**out.values, name: replace(out.values[name], relations=tuple(ids))})
    out = out.with_value("investment", True)
    text = "; ".join(f"{r.id}: {r.instrument or 'contingent'}" + (f" {r.share}" if r.share else "")
                     + f" — trigger: {r.trigger}" for r in contingent)
    return Contingency(out, tuple(r.id for r in contingent), text)


class _EvidenceOf(Mapping):
    """``relation id -> its evidence ids`` for the ties into ``into`` valid on the snapshot — what a verdict
    cites is looked up here, one tie at a time, instead of a table of every tie into the organisation."""

    def __init__(self, snap: Snapshot, into: set[str]):
        self._snap, self._into = snap, into

    def __getitem__(self, relation_id: str) -> tuple[str, ...]:
        try:
            r = self._snap.relation(relation_id)
        except KeyError:
            raise KeyError(relation_id) from None
        if r.subject not in self._into:
            raise KeyError(relation_id)
        return tuple(r.evidence)

    def __iter__(self):
        return (r.id for m in self._into for r in self._snap.ties_in(m))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _seats_by_holder(board) -> dict:
    """holder -> [(place on the board, seat)] for a board in :meth:`Snapshot.board` order."""
    out: dict = {}
    for i, s in enumerate(board):
        out.setdefault(s.holder, []).append((i, s))
    return out


def _team(snap: Snapshot, side: set[str], members: set[str], acquisitions,
          org: Organisation | None = None) -> tuple[Bounds | None, tuple[str, ...], str]:
    """Share of the target's staff that has moved to the holder's side (0 … 1), or ``None`` when a team
    moved but how much of it is not known.

    Two sources: ``acquisition`` ties that take a team (``share_of_staff``, or ``staff`` of
    ``of_staff``), and staff groups the holder's side employs whose ``origin`` is the target or one of
    its staff groups (a scenario's ``defect`` records that origin; a case writes ``origin:``). The
    source that shows the most moved wins.
    """
    found: list[tuple[Bounds, tuple[str, ...], str]] = []
    unknown: list[str] = []
    for r in acquisitions:
        if "team" not in r.acquires:
            continue
        frac = r.attrs.staff_fraction()
        if frac is None:
            unknown.append(r.id)
        else:
            found.append((Bounds(*frac), (r.id,), f"{r.share_of_staff or r.staff} of the staff moved ({r.id})"))
    share, ids = _group_team_share(snap, side, members, org)
    if ids:
        found.append((Bounds.point(share) if share is not None else None, ids, "staff groups that came from the target"))
    known = [f for f in found if f[0] is not None]
    if known:
        best = max(known, key=lambda f: (f[0].lo, f[0].hi))
        return best[0], best[1], best[2]
    if unknown or found:
        ids = tuple(unknown) + tuple(i for f in found for i in f[1])
        return None, ids, "a team moved, but how much of the staff is not stated"
    return Bounds.point(0.0), (), ""


def _staff_groups(snap: Snapshot, members: set[str]) -> tuple[dict, set]:
    """The staff groups the members employ, and the origins a group taken from them can name."""
    staff = [r for m in members for r in snap.ties_in(m, RelationKind.employment)]
    groups = {r.holder: snap.actors[r.holder] for r in staff
              if r.holder in snap.actors and snap.actors[r.holder].kind is ActorKind.group}
    return groups, set(groups) | members | {_origin(g) for g in groups.values()} - {None}


def _group_team_share(snap: Snapshot, side: set[str], members: set[str],
                      org: Organisation | None = None) -> tuple[float | None, tuple[str, ...]]:
    """Share of the target's staff (by group size) that the holder's side employs.

    Groups split off a target's staff (by a scenario, or written in a case) carry ``origin``: the
    target or the staff group they came from. ``None`` when the groups' sizes are not stated.
    """
    groups, origins = (org.cached("staff groups", lambda: _staff_groups(snap, members)) if org is not None
                       else _staff_groups(snap, members))
    moved = []
    for h in side:
        for r in snap.ties_in(h, RelationKind.employment):
            a = snap.actors.get(r.holder)
            if a is not None and a.kind is ActorKind.group and _origin(a) in origins:
                moved.append((r, a))
    if not moved:
        return 0.0, ()
    ids = tuple(r.id for r, _ in moved)
    if any(a.size is None for _, a in moved) or any(g.size is None for g in groups.values()):
        return None, ids
    stay = sum(g.size or 0 for g in groups.values())
    gone = sum(a.size or 0 for _, a in moved)
    if stay + gone == 0:
        return None, ids
    return round(gone / (stay + gone), 6), ids


def _origin(actor) -> str | None:
    return getattr(actor, "origin", None) or actor.extra.get("origin")
