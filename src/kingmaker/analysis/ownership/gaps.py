"""Gaps in a company's register: periods in which no owner or controller is registered.

A register keeps a company's owners and controllers over time (BODS 0.4 record series, UK PSC
``notified_on``/``ceased_on``). Between the first thing it records about a company and today, every day on
which no ownership or control relation of the company holds is a *gap*: the last owner ceased and nobody
was registered, or the register itself stated that there was no one (a PSC statement
``no-individual-or-entity-with-significant-control``, a BODS unspecified party with reason
``noBeneficialOwners``: Companies Act 2006 s. 790M, BODS 0.4 ``unspecifiedReason`` codelist). Parties that
exist but are unidentified or exempt (PSC "psc-exists-but-not-identified", super-secure PSCs) are registered
controllers of unknown identity, so their periods are not gaps. Before the first record there is nothing
to say (no gap is reported).

>>> from datetime import date
>>> from kingmaker.model import Actor, ActorKind, Name, Relation, RelationKind, Validity
>>> people = {"p": Actor(id="p", kind=ActorKind.person, names=(Name(name="Karol"),))}
>>> r = Relation(id="r", kind=RelationKind.shareholding, holder="p", subject="c",
...              validity=Validity(valid_from=date(2016, 8, 2), valid_to=date(2018, 2, 27)))
>>> [(str(g.start), g.end, g.before) for g in registration_gaps([r], {"c"}, people)]
[('2018-02-27', None, ('r',))]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kingmaker.model import Actor, ActorKind, Relation, UnspecifiedReason
from kingmaker.model.kinds import UPSTREAM_KINDS

__all__ = ["Gap", "gap_at", "registration_gaps", "states_absence"]


@dataclass(frozen=True)
class Gap:
    """``[start, end)`` with no registered owner or controller (``end`` None: still open); the relations that
    ended on ``start`` and start on ``end``; ``stated``: the register's own statements that there was none."""

    start: date
    end: date | None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    stated: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def describe(self) -> str:
        when = f"from {self.start} until {self.end}" if self.end else f"since {self.start}"
        said = " (the register states that there is none)" if self.stated else ""
        return f"no registered owner or controller {when}{said}"

    def to_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat() if self.end else None,
                "ended": list(self.before), "started": list(self.after), "stated_by": list(self.stated)}


def states_absence(relation: Relation, actors: Mapping[str, Actor]) -> bool:
    """Whether ``relation`` is the register saying that the subject has no owner or controller (its holder is
    an unspecified party with reason ``noBeneficialOwners``)."""
    holder = actors.get(relation.holder)
    return (holder is not None and holder.kind is ActorKind.unknown
            and holder.unspecified_reason is UnspecifiedReason.noBeneficialOwners)


def registration_gaps(relations: Iterable[Relation], subjects: set[str], actors: Mapping[str, Actor]) -> list[Gap]:
    """The gaps of the company whose records are ``subjects`` (one actor may have several records), from every
    relation of any date (``actors``: at least the holders, to tell statements of absence)."""
    owned: list[Relation] = []
    absent: list[Relation] = []
    for r in relations:
        if r.subject in subjects and r.kind.value in UPSTREAM_KINDS:
            (absent if states_absence(r, actors) else owned).append(r)
    starts = [r.valid_from for r in owned + absent]
    if not starts or any(s is None for s in [r.valid_from for r in owned]):
        return []  # nothing recorded, or an owner from the beginning of the record
    first = min(s for s in starts if s is not None) if all(s is not None for s in starts) else None
    if first is None:  # only a statement of absence without a start: nothing to measure from
        return []
    spans = sorted(((r.valid_from, r.valid_to) for r in owned), key=lambda s: s[0])
    gaps: list[tuple[date, date | None]] = []
    cursor: date | None = first
    for lo, hi in spans:
        if cursor is None:
            break
        if lo > cursor:
            gaps.append((cursor, lo))
        if hi is None:
            cursor = None
        elif hi > cursor:
            cursor = hi
    if cursor is not None:
        gaps.append((cursor, None))
    out = []
    for lo, hi in gaps:
        out.append(Gap(lo, hi,
                       before=tuple(sorted(r.id for r in owned if r.valid_to == lo)),
                       after=tuple(sorted(r.id for r in owned if hi is not None and r.valid_from == hi)),
                       stated=tuple(sorted(r.id for r in absent if (r.valid_from is None or r.valid_from < (hi or date.max))
                                           and (r.valid_to is None or r.valid_to > lo)))))
    return out


def gap_at(gaps: Iterable[Gap], day: date) -> Gap | None:
    """The gap ``day`` falls in, if any."""
    return next((g for g in gaps if g.covers(day)), None)
