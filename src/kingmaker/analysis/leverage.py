"""De facto leverage: how much an organisation depends on an outside actor, and the reverse.

Power-dependence theory: A's power over B is B's dependence on A (Emerson 1962, "Power-dependence
relations"); dependence grows with the importance of the resource A controls and the lack of alternatives
(Pfeffer & Salancik 1978, *The External Control of Organizations*, ch. 3). Casciaro & Piskorski (2005,
ASQ 50:167–199) separate **power imbalance** (B's dependence on A minus A's on B) from **mutual
dependence** (their sum).

For each tie the dependence is a product of factors in [0, 1]:

* supply:     importance(resource) × holder's share of the need × non-replaceability, where
              non-replaceability = 1 − substitutability × (1 − lock-in) and lock-in =
              min(1, switching months / horizon months). An exclusive (or ``sole``) supply is the whole
              need; a ``primary`` supplier has the largest share, so at least every other recorded
              supplier's; a ``secondary`` one is not the largest, so less than half. A substitutability
              known only as a range stays a range.
* financing:  importance(funding) × holder's share of the funding × withholdability(status): money
              committed but not yet paid can be withheld; money paid is sunk; of money whose status is
              unknown only the range between those is known.
* exit threat backed by an outside offer (jobs for staff, for officers): importance(talent) × the
              fraction of the staff that signed up × credibility (1 with an outside offer in hand).
* reverse ties (the holder's dependence on the subject): a licence to the subject's IP
              (importance(ip) × exclusivity), an economic interest in the subject's profits
              (importance(profits) × share).

Ties count for the holder's whole group: what a subsidiary it controls supplies or funds makes the
subject depend on the parent, as votes and seats do (``holder_group`` lists the group).

Channels combine by noisy-or (each can bind on its own). Every factor states where it came from —
the case (with evidence ids and the reliability of that evidence: a figure backed only by *unconfirmed*
evidence is an analyst's **estimate**), a documented default, or *missing*; a missing factor is not
guessed but becomes the interval [0, 1], so the result is an interval. :func:`channel_dependence` is the
one formula per channel; :func:`recombine` re-applies it with some factors changed, which is how the
legal tests find the range of each input in which a verdict holds (:mod:`kingmaker.assess.certainty`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Mapping

from kingmaker.analysis.bounds import Bounds, difference, noisy_or, product
from kingmaker.analysis.structure import Organisation, family, top_controller
from kingmaker.model import Relation, RelationKind
from kingmaker.model.snapshot import Snapshot


@dataclass(frozen=True)
class LeverageParams:
    """Defaults and weights; every one can be overridden (``kingmaker assess --param name=value``)."""

    resource_importance: tuple[tuple[str, float], ...] = (
        ("compute", 0.9), ("cloud", 0.9), ("chips", 0.8), ("data", 0.6), ("distribution", 0.6),
        ("energy", 0.5), ("talent", 0.9), ("ip", 0.6), ("other", 0.5),
    )
    funding_importance: float = 0.8
    withholdability: tuple[tuple[str, float], ...] = (("announced", 0.7), ("committed", 1.0), ("disbursed", 0.2))
    horizon_months: float = 12.0
    talent_importance: float = 0.9
    key_person_importance: float = 0.5
    credibility_without_offer: float = 0.3
    profits_importance: float = 0.3
    nonexclusive_licence_factor: float = 0.5

    def importance(self, resource: str) -> float:
        return dict(self.resource_importance).get(resource, dict(self.resource_importance)["other"])

    def with_overrides(self, overrides: dict[str, float]) -> "LeverageParams":
        simple = {k: float(v) for k, v in overrides.items() if k in self.__dataclass_fields__
                  and not isinstance(getattr(self, k), tuple)}
        out = replace(self, **simple)
        for k, v in overrides.items():
            if k.startswith("importance."):
                res = dict(out.resource_importance)
                res[k.split(".", 1)[1]] = float(v)
                out = replace(out, resource_importance=tuple(res.items()))
            elif k not in simple:
                raise KeyError(f"unknown leverage parameter {k!r}")
        return out


_RELIABILITY_RANK = {"primary": 0, "secondary": 1, "unconfirmed": 2}


@dataclass(frozen=True)
class Factor:
    name: str
    value: Bounds
    source: str  # "case", "default", "missing", "derived"
    detail: str = ""
    evidence: tuple[str, ...] = ()
    reliability: str | None = None  # the weakest reliability of the evidence behind a case figure

    @property
    def origin(self) -> str:
        """case, estimate (a case figure whose evidence is only *unconfirmed*), default, missing or derived."""
        if self.source == "case" and self.reliability == "unconfirmed":
            return "estimate"
        return self.source

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value.to_dict(), "source": self.source, "origin": self.origin,
                "reliability": self.reliability, "detail": self.detail, "evidence": list(self.evidence)}


def figure_backing(r: Relation, attribute: str, snap: Snapshot | None) -> tuple[tuple[str, ...], str | None]:
    """The evidence behind one attribute of ``r`` and its weakest reliability.

    ``evidence_for`` names the evidence of an attribute; an attribute it does not name rests on the
    relation's other evidence (all of it when every item is claimed). Without evidence texts (``snap``
    is ``None``) the reliability is unknown.
    """
    mapped = r.evidence_for.get(attribute)
    if mapped:
        ids = tuple(mapped)
    else:
        claimed = {e for name, items in r.evidence_for.items() for e in items}
        ids = tuple(e for e in r.evidence if e not in claimed) or tuple(r.evidence)
    return ids, weakest_reliability(ids, snap)


def weakest_reliability(ids: Iterable[str], snap: Snapshot | None) -> str | None:
    """The least reliable of these evidence items (``None`` when none is known)."""
    if snap is None:
        return None
    found = [snap.evidence[e].reliability.value for e in ids if e in snap.evidence]
    return max(found, key=_RELIABILITY_RANK.__getitem__) if found else None


def non_replaceability(substitutability: Bounds, lock_in: Bounds) -> Bounds:
    """1 − substitutability × (1 − lock-in): decreasing in substitutability, increasing in lock-in."""
    s, lk = substitutability, lock_in
    return Bounds(1.0 - s.hi * (1.0 - lk.lo), 1.0 - s.lo * (1.0 - lk.hi))


def channel_dependence(channel: str, values: Mapping[str, Bounds]) -> Bounds:
    """A channel's dependence from its input factors — the one formula per channel (module docstring).

    >>> channel_dependence("supply:compute", {"importance": Bounds.point(0.9), "holder_share": Bounds.point(1.0),
    ...                    "substitutability": Bounds.point(0.2), "lock_in": Bounds.point(1.0)})
    Bounds(lo=0.9, hi=0.9)
    """
    if channel.startswith("supply:"):
        nonrep = non_replaceability(values["substitutability"], values["lock_in"])
        return product([values["importance"], values["holder_share"], nonrep])
    return product(values.values())


def recombine(channel: "Channel", overrides: Mapping[str, Bounds]) -> Bounds:
    """``channel``'s dependence with some input factors replaced (by name)."""
    values = {f.name: f.value for f in channel.factors if f.source != "derived"}
    values.update(overrides)
    return channel_dependence(channel.channel, values)


@dataclass(frozen=True)
class Channel:
    """One tie through which one side depends on the other."""

    relation: str
    kind: str
    channel: str  # supply:compute, financing, exit_threat, key_person, licence, profits
    direction: str  # "subject_on_holder" or "holder_on_subject"
    factors: tuple[Factor, ...]
    dependence: Bounds
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"relation": self.relation, "kind": self.kind, "channel": self.channel, "direction": self.direction,
                "dependence": self.dependence.to_dict(), "factors": [f.to_dict() for f in self.factors],
                "evidence": list(self.evidence)}


@dataclass(frozen=True)
class Leverage:
    holder: str
    subject: str
    as_of: date
    family: tuple[str, ...]
    channels: tuple[Channel, ...]
    subject_dependence: Bounds  # the subject's dependence on the holder = the holder's power
    holder_dependence: Bounds   # the holder's dependence on the subject
    missing: tuple[str, ...] = field(default_factory=tuple)
    holder_group: tuple[str, ...] = ()  # the holder and what it controls: their ties count for it

    @property
    def imbalance(self) -> tuple[float, float]:
        """Power imbalance in the holder's favour (Casciaro & Piskorski 2005), as bounds in [−1, 1]."""
        return difference(self.subject_dependence, self.holder_dependence)

    @property
    def mutual(self) -> tuple[float, float]:
        return (self.subject_dependence.lo + self.holder_dependence.lo,
                self.subject_dependence.hi + self.holder_dependence.hi)

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(sorted({e for c in self.channels for e in c.evidence}))

    def to_dict(self) -> dict:
        return {
            "holder": self.holder, "subject": self.subject, "as_of": self.as_of.isoformat(),
            "family": list(self.family), "holder_group": list(self.holder_group or (self.holder,)),
            "subject_dependence": self.subject_dependence.to_dict(),
            "holder_dependence": self.holder_dependence.to_dict(),
            "imbalance": {"lo": round(self.imbalance[0], 6), "hi": round(self.imbalance[1], 6)},
            "mutual_dependence": {"lo": round(self.mutual[0], 6), "hi": round(self.mutual[1], 6)},
            "channels": [c.to_dict() for c in self.channels],
            "missing": list(self.missing), "evidence": list(self.evidence),
        }


def _share_bounds(share, name: str, evidence: tuple[str, ...], detail: str, reliability: str | None = None) -> Factor:
    if share is None:
        return Factor(name, Bounds.unknown(), "missing", f"{detail} not stated")
    lo, hi = share.as_fractions()
    return Factor(name, Bounds(float(lo), float(hi)), "case", f"{detail} {share}", evidence, reliability)


def _ranked_share(r: Relation, others_lo: float, ev: tuple[str, ...], reliability: str | None = None) -> Factor:
    """The holder's share of the need from its rank when no share is stated (see the module docstring)."""
    if r.rank == "primary":
        return Factor("holder_share", Bounds(others_lo, 1.0), "case",
                      "primary supplier: the largest share, at least every other recorded supplier's"
                      + (f" ({others_lo:.2f})" if others_lo else "; how large is not stated"), ev, reliability)
    return Factor("holder_share", Bounds(0.0, 0.5), "case",
                  "secondary supplier: not the largest share, so at most half the need", ev, reliability)


def supply_channel(r: Relation, p: LeverageParams, others_lo: float = 0.0, snap: Snapshot | None = None) -> Channel:
    """One supply tie; ``others_lo`` is the largest stated share of the need of any other supplier of
    the same resource (it bounds a ``primary`` supplier's share from below); ``snap`` gives the
    reliability of the evidence behind each figure."""
    ev = tuple(r.evidence)
    imp = Factor("importance", Bounds.point(p.importance(r.resource)), "default",
                 f"importance of {r.resource} (default)")
    if r.exclusive or r.rank == "sole":
        share = Factor("holder_share", Bounds.point(1.0), "case",
                       ("sole" if r.rank == "sole" else "exclusive") + " supply: the whole need",
                       *figure_backing(r, "rank" if r.rank == "sole" else "exclusive", snap))
    elif r.share_of_need is None and r.rank in ("primary", "secondary"):
        share = _ranked_share(r, others_lo, *figure_backing(r, "rank", snap))
    else:
        ids, reliability = figure_backing(r, "share_of_need", snap)
        share = _share_bounds(r.share_of_need, "holder_share", ids, "share of the need", reliability)
    if r.switching_time_months is None:
        lock = Factor("lock_in", Bounds.unknown(), "missing", "switching time not stated")
    else:
        lk = min(1.0, float(r.switching_time_months) / p.horizon_months)
        lock = Factor("lock_in", Bounds.point(lk), "case",
                      f"switching {r.switching_time_months} months over a {p.horizon_months:g}-month horizon",
                      *figure_backing(r, "switching_time_months", snap))
    if r.substitutability is None:
        s_factor = Factor("substitutability", Bounds.unknown(), "missing", "substitutability not stated")
    else:
        subst = r.substitutability
        s_factor = Factor("substitutability", Bounds(float(subst.lo), float(subst.hi)), "case",
                          f"substitutability {subst}", *figure_backing(r, "substitutability", snap))
    values = {"importance": imp.value, "holder_share": share.value, "substitutability": s_factor.value,
              "lock_in": lock.value}
    non = Factor("non_replaceability", non_replaceability(s_factor.value, lock.value), "derived",
                 "1 − substitutability × (1 − lock-in)")
    channel = f"supply:{r.resource}"
    return Channel(r.id, r.kind.value, channel, "subject_on_holder",
                   (imp, share, s_factor, lock, non), channel_dependence(channel, values), ev)


def financing_channel(rels: list[Relation], p: LeverageParams, snap: Snapshot | None = None) -> Channel:
    """All financing ties of one holder to the organisation: the strongest binds (tranches are not added)."""
    best = None
    for r in rels:
        ev = tuple(r.evidence)
        imp = Factor("importance", Bounds.point(p.funding_importance), "default", "importance of funding (default)")
        ids, reliability = figure_backing(r, "share_of_funding", snap)
        share = _share_bounds(r.share_of_funding, "holder_share", ids, "share of the funding", reliability)
        weights = dict(p.withholdability)
        if r.status == "unknown":
            wf = Factor("withholdability", Bounds(min(weights.values()), max(weights.values())), "missing",
                        "funding status not stated (paid, committed or only announced)")
        else:
            wf = Factor("withholdability", Bounds.point(weights[r.status]), "default",
                        f"{r.status} money (default weight)" + (f"; condition: {r.condition}" if r.condition else ""))
        ch = Channel(r.id, r.kind.value, "financing", "subject_on_holder", (imp, share, wf),
                     product([imp.value, share.value, wf.value]), ev)
        if best is None or (ch.dependence.lo, ch.dependence.hi) > (best.dependence.lo, best.dependence.hi):
            best = ch
    return best  # type: ignore[return-value]


def latest_acceptance(offer: Relation, as_of: date, size: int | None):
    """The last acceptance count of ``offer`` known on ``as_of``, as a fraction of the group (bounds),
    with the acceptance record; ``None`` when nothing is known yet or the group size is unknown."""
    known = [a for a in offer.acceptances if a.at[:10] <= as_of.isoformat()]
    if not known:
        return None
    last = known[-1]
    total = last.of or size
    if not total:
        return None
    count = last.count
    lo = float(count.min if count.min is not None else (count.value if not count.approximate or count.max is None else count.value))
    hi = float(count.max if count.max is not None else count.value)
    lo = min(lo, hi)
    return Bounds(min(1.0, lo / total), min(1.0, hi / total)), last


def offer_channels(snap: Snapshot, holder: str | set[str], members: set[str], p: LeverageParams,
                   insiders: set[str] | None = None) -> list[Channel]:
    """Outside offers (by the holder or its group) to the organisation's staff and officers: the exit
    threats they back. ``insiders``: the holders of employment, officer and board ties into the members,
    when already known (:func:`insiders_of`)."""
    out = []
    if insiders is None:
        insiders = insiders_of(snap, members)
    side = {holder} if isinstance(holder, str) else holder
    for offer in (o for h in sorted(side) for o in snap.ties_out(h, RelationKind.offer)):
        target = snap.actors.get(offer.subject)
        ev = tuple(offer.evidence)
        if target is None:
            continue
        if target.kind.value == "group" and offer.subject in insiders:
            imp = Factor("importance", Bounds.point(p.talent_importance), "default", "importance of the staff (default)")
            acc = latest_acceptance(offer, snap.as_of, target.size)
            if acc is None:
                frac = Factor("fraction", Bounds.unknown(), "missing", "how many would leave is not stated")
            else:
                b, last = acc
                backing = tuple(last.evidence) or ev
                frac = Factor("fraction", b, "case", f"{last.count} of {last.of or target.size} signed up by {last.at}",
                              backing, weakest_reliability(backing, snap))
            cred = Factor("credibility", Bounds.point(1.0), "case", "an outside offer is in hand", ev,
                          weakest_reliability(ev, snap))
            out.append(Channel(offer.id, "offer", "exit_threat", "subject_on_holder", (imp, frac, cred),
                               product([imp.value, frac.value, cred.value]), ev + frac.evidence))
        elif target.kind.value == "person":
            imp = Factor("importance", Bounds.point(p.key_person_importance), "default",
                         "importance of a key person (default)")
            cred = Factor("credibility", Bounds.point(1.0), "case", "an outside offer is in hand", ev,
                          weakest_reliability(ev, snap))
            out.append(Channel(offer.id, "offer", "key_person", "subject_on_holder", (imp, cred),
                               product([imp.value, cred.value]), ev))
    return out


def insiders_of(snap: Snapshot, members: Iterable[str]) -> set[str]:
    """Who works for, directs or sits on the board of one of ``members``: whom an outside offer can draw away."""
    return {r.holder for m in members
            for r in snap.ties_in(m, RelationKind.employment, RelationKind.officer, RelationKind.board_seat)}


def reverse_channels(snap: Snapshot, holder: str | set[str], members: list[str], p: LeverageParams,
                     org: Organisation | None = None) -> list[Channel]:
    """The holder's dependence on the organisation: licences to its IP, interests in its profits. With
    ``org`` only the side's own ties into the members are read."""
    out = []
    side = {holder} if isinstance(holder, str) else holder
    if org is not None:
        into: dict[int, list[Relation]] = defaultdict(list)  # the side's ties by the member they go into
        for i, r in org.placed_ties_from(side):
            into[i].append(r)
        order = [(k, members[k]) for k in sorted(into)]  # members the side has no tie into give nothing
    else:
        order = list(enumerate(members))
    for k, m in order:
        if org is not None:
            licences = [r for r in into[k] if r.kind is RelationKind.licence]
            stakes = [r for r in into[k] if r.kind in (RelationKind.economic_interest, RelationKind.shareholding)]
        else:
            licences = snap.ties_in(m, RelationKind.licence)
            stakes = snap.ties_in(m, RelationKind.economic_interest, RelationKind.shareholding)
        for r in licences:
            if r.holder not in side:
                continue
            ev = tuple(r.evidence)
            imp = Factor("importance", Bounds.point(p.importance("ip")), "default", "importance of licensed IP (default)")
            exc = Factor("exclusivity", Bounds.point(1.0 if r.exclusive else p.nonexclusive_licence_factor),
                         "case" if r.exclusive is not None else "default",
                         "exclusive licence" if r.exclusive else "not stated as exclusive", ev)
            out.append(Channel(r.id, r.kind.value, "licence", "holder_on_subject", (imp, exc),
                               product([imp.value, exc.value]), ev))
        for r in stakes:
            if r.holder not in side or r.share is None or r.contingent:
                continue
            ev = tuple(r.evidence)
            imp = Factor("importance", Bounds.point(p.profits_importance), "default",
                         "importance of the investment to the holder (default)")
            share = _share_bounds(r.share, "share", ev, "share of profits")
            out.append(Channel(r.id, r.kind.value, "profits", "holder_on_subject", (imp, share),
                               product([imp.value, share.value]), ev))
    return out


def leverage(snap: Snapshot, holder: str, subject: str, params: LeverageParams | None = None,
             org: Organisation | None = None) -> Leverage:
    """The subject's (and its organisation's) dependence on ``holder``, and the reverse, on ``snap.as_of``.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()   # alice 60 % of holdco, holdco 50 % of target, bob 50 % of target
    >>> lev = leverage(snap, "cloudco", "target")   # exclusive compute supply, alternatives not stated
    >>> str(lev.subject_dependence), lev.missing[0]
    ('[0.00, 0.90]', 'cloudco-compute: substitutability not stated')
    """
    p = params or LeverageParams()
    org = (org if org is not None and org.snap is snap and org.target == subject
           else Organisation(snap, subject)).for_holder(holder)
    members = list(org.members)
    member_set = set(members)
    group = org.holder_group(holder)
    side = set(group)
    channels: list[Channel] = []
    financing: list[Relation] = []
    suppliers = org.cached("suppliers", lambda: [o for m in members for o in snap.ties_in(m, RelationKind.supply)])
    for r in org.ties_from(side):
        if r.kind is RelationKind.supply:
            channels.append(supply_channel(r, p, _others_share(suppliers, r), snap))
        elif r.kind is RelationKind.financing:
            financing.append(r)
    if financing:
        channels.append(financing_channel(financing, p, snap))
    channels.extend(offer_channels(snap, side, member_set, p, org.cached("insiders", lambda: insiders_of(snap, members))))
    channels.extend(reverse_channels(snap, side, members, p, org))
    on_holder = noisy_or(c.dependence for c in channels if c.direction == "subject_on_holder")
    on_subject = noisy_or(c.dependence for c in channels if c.direction == "holder_on_subject")
    missing = tuple(f"{c.relation}: {f.detail}" for c in channels for f in c.factors if f.source == "missing")
    return Leverage(holder, subject, snap.as_of, tuple(members), tuple(channels), on_holder, on_subject, missing,
                    tuple(group))


def _others_share(suppliers: Iterable[Relation], r: Relation) -> float:
    """The largest stated lower share of the need among the other suppliers (``suppliers``: the supply
    ties into the organisation) of ``r``'s resource."""
    return max((float(o.share_of_need.as_fractions()[0]) for o in suppliers
                if o.id != r.id and o.resource == r.resource and o.share_of_need is not None), default=0.0)


def outside_holders(snap: Snapshot, subject: str) -> list[str]:
    """Actors outside the organisation that hold dependency ties into it (candidates for leverage)."""
    members = set(family(snap, subject))
    kinds = (RelationKind.supply, RelationKind.financing, RelationKind.licence, RelationKind.offer,
             RelationKind.economic_interest, RelationKind.shareholding, RelationKind.voting_rights)
    found = {r.holder for m in members for r in snap.ties_in(m, *kinds)} - members
    staff = {r.holder for m in members for r in snap.ties_in(m, RelationKind.employment, RelationKind.officer)}
    found |= {r.holder for s in staff for r in snap.ties_in(s, RelationKind.offer)} - members
    # a subsidiary's ties count for its parent: the parent is a holder too
    found |= {top_controller(snap, h, frozenset(members)) for h in found} - members
    return sorted(found)


def all_leverage(snap: Snapshot, subject: str, params: LeverageParams | None = None) -> list[Leverage]:
    return sorted((leverage(snap, h, subject, params) for h in outside_holders(snap, subject)),
                  key=lambda l: (-l.subject_dependence.hi, l.holder))


def channels_of(result: Leverage, direction: str) -> Iterable[Channel]:
    return (c for c in result.channels if c.direction == direction)
