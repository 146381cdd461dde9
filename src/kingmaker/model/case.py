"""A case: a self-contained, cross-checked collection of actors, sources, evidence, relations, events
and claims — what one case file or one imported dataset holds."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kingmaker.model.actor import Actor
from kingmaker.model.designation import Designation
from kingmaker.model.event import Claim, Event
from kingmaker.model.evidence import Evidence, Source
from kingmaker.model.identity import IdentityRule
from kingmaker.model.relation import Relation, RelationKind


@dataclass(frozen=True)
class CaseInfo:
    id: str
    title: str
    description: str | None = None
    language: str | None = None


@dataclass
class Case:
    info: CaseInfo
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    designations: list[Designation] = field(default_factory=list)
    #: merges and splits the case file states (:class:`kingmaker.model.identity.IdentityRule`)
    identity: list[IdentityRule] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """A cross-record problem: ``path`` is (section, index, field) for mapping back to file lines."""

    section: str
    index: int
    field: str | None
    message: str
    hint: str | None = None
    severity: str = "error"


def voting_overflows(relations: list[Relation]) -> list[tuple[int, str, date | None, Decimal]]:
    """Find subjects whose voting rights add up to more than 100 % on some date.

    Only the certain part counts: the lower ends of the shares. Checked at every date where the set
    of valid relations changes. Returns (index of the relation that tips it, subject, date, total).
    """
    by_subject: dict[str, list[tuple[int, Relation]]] = defaultdict(list)
    for i, r in enumerate(relations):
        if r.kind is RelationKind.voting_rights and r.share is not None:
            by_subject[r.subject].append((i, r))
    out = []
    for subject, rels in by_subject.items():
        days = {r.valid_from for _, r in rels} | {None}
        for day in sorted(days, key=lambda d: (d is not None, d)):
            valid = [(i, r) for i, r in rels if day is None and r.valid_from is None or day is not None and r.valid_on(day)]
            total = sum((r.share.low for _, r in valid), Decimal(0))  # type: ignore[union-attr]
            if total > 100:
                out.append((max(i for i, _ in valid), subject, day, total))
                break
    return out


def _contradicts(absence: Relation, r: Relation) -> bool:
    """Whether ``r`` records the tie that ``absence`` says is not there (same holder and subject)."""
    what = absence.what
    if r.kind is RelationKind.absence or (r.holder, r.subject) != (absence.holder, absence.subject):
        return False
    if what in ("voting_rights", "shareholding"):
        return r.kind.value == what and (r.share is None or r.share.high > 0)
    if what == "board_seat":
        return r.kind is RelationKind.board_seat and bool(r.voting)
    if what == "observer":
        return r.kind is RelationKind.board_seat and not r.voting
    if what == "exclusive_supply":
        return r.kind is RelationKind.supply and bool(r.exclusive)
    return r.kind.value == what


def absence_conflicts(relations: list[Relation]) -> list[tuple[Relation, Relation, date | None]]:
    """Negative facts contradicted by a positive record over an overlapping period.

    Returns (the absence, the relation that contradicts it, the first day both hold; ``None`` when both
    are open at the start).

    >>> from kingmaker.model import Relation, Share
    >>> no = Relation(id="no", kind="absence", holder="a", subject="b", attrs={"what": "voting_rights"})
    >>> yes = Relation(id="yes", kind="voting_rights", holder="a", subject="b", share=Share.parse(10),
    ...                validity={"valid_from": date(2024, 1, 1)})
    >>> [(x.id, y.id, d) for x, y, d in absence_conflicts([no, yes])]
    [('no', 'yes', datetime.date(2024, 1, 1))]
    """
    out = []
    absences = [r for r in relations if r.kind is RelationKind.absence]
    for neg in absences:
        for r in relations:
            if not _contradicts(neg, r):
                continue
            starts = [d for d in (neg.valid_from, r.valid_from) if d is not None]
            ends = [d for d in (neg.valid_to, r.valid_to) if d is not None]
            first = max(starts) if starts else None
            if ends and first is not None and min(ends) <= first:
                continue
            out.append((neg, r, first))
            break
    return out


def board_overflows(actors, relations: list[Relation]) -> list[tuple[str, int, date | None, int]]:
    """Organisations with a stated ``board_size`` that have more voting seats recorded on some date.

    Checked at every date a voting seat starts (and before any start). Returns (actor id, stated size,
    date, seats recorded)."""
    sizes = {a.id: a.board_size for a in actors if getattr(a, "board_size", None)}
    seats: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        if r.kind is RelationKind.board_seat and r.subject in sizes and r.voting:
            seats[r.subject].append(r)
    out = []
    for subject, rels in seats.items():
        for day in sorted({r.valid_from for r in rels} | {None}, key=lambda d: (d is not None, d)):
            valid = [r for r in rels if (r.valid_from is None if day is None else r.valid_on(day))]
            if len(valid) > sizes[subject]:
                out.append((subject, sizes[subject], day, len(valid)))
                break
    return out
