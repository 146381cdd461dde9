"""Shares that cannot all hold: a subject whose recorded holdings add up to more than 100 %.

Only the *certain* part counts — the lower ends of the shares — and an exclusive lower end ("more than
50 %") makes a total of exactly 100 % impossible too: two holders of "(50 %, 75 %]" each cannot both be
right. Indirect interests (BODS ``directOrIndirect: indirect``) are a holder's share *through* the
direct holders already counted, so they are left out; a joint holding registered against each of its
members (UK PSC natures of control "…-as-firm", "…-as-trust", Companies Act 2006 Sch. 1A paras. 5–6)
counts once.

:func:`share_conflicts` checks every date on which the set of valid holdings changes and returns one
:class:`ShareConflict` per subject, kind and period, naming the relations involved, so that ``load`` and
``validate`` can say where the data are inconsistent; the ownership engine widens the answers that pass
through such a subject instead of refusing every question (docs/ownership.md, "Inconsistent data").

>>> from kingmaker.model import Relation, Share
>>> rels = [Relation(id=f"r{i}", kind="shareholding", holder=h, subject="x", share=Share.parse("(50, 75]"),
...                  attrs={}) for i, h in enumerate(["alice", "bob"])]
>>> print(share_conflicts(rels)[0])
the shareholding recorded in 'x' add up to more than 100 % (lower ends 100 %, one or more exclusive) at all times (relations r0, r1)
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, NamedTuple

from kingmaker.model.relation import Relation, RelationKind

HOLDING_KINDS = (RelationKind.shareholding, RelationKind.voting_rights)


class Holding(NamedTuple):
    """What the check needs of one holding (also built from store rows, without models)."""

    relation: str
    kind: str
    holder: str
    subject: str
    valid_from: date | None
    valid_to: date | None
    low: Decimal  # percent
    low_exclusive: bool
    joint: str | None = None  # relations with the same joint key are one holding


def joint_key(r: Relation) -> str | None:
    """The key under which holdings registered against each member of a firm or trust are one holding."""
    return joint_key_of(r.subject, r.kind.value, r.interest_type, str(r.share), r.valid_from, r.valid_to)


def joint_key_of(subject: str, kind: str, code: str | None, share: str, valid_from, valid_to) -> str | None:
    code = code or ""
    if "-as-firm" in code or "-as-trust" in code:
        return f"{subject}|{kind}|{code}|{share}|{valid_from}|{valid_to}"
    return None


def holdings(relations: Iterable[Relation]) -> list[Holding]:
    """The direct holdings among ``relations`` with a stated lower end above zero (or exclusive)."""
    out = []
    for r in relations:
        if r.kind not in HOLDING_KINDS or r.share is None or r.direct is False:
            continue
        if r.share.low == 0 and r.share.lower_inclusive:
            continue
        out.append(Holding(r.id, r.kind.value, r.holder, r.subject, r.valid_from, r.valid_to, r.share.low,
                           not r.share.lower_inclusive, joint_key(r)))
    return out


@dataclass(frozen=True)
class ShareConflict:
    subject: str
    kind: str
    start: date | None  # first day (None: from the start of the records)
    end: date | None  # first day it no longer holds (None: still)
    total: Decimal  # sum of the lower ends, percent
    strict: bool  # total is exactly 100 % but some lower end is exclusive
    relations: tuple[str, ...]

    @property
    def when(self) -> str:
        if self.start is None and self.end is None:
            return "at all times"
        if self.end is None:
            return f"from {self.start}"
        return f"from {self.start or 'the start'} until {self.end}"

    def __str__(self) -> str:
        amount = (f"more than 100 % (lower ends {_pct(self.total)}, one or more exclusive)" if self.strict
                  else f"at least {_pct(self.total)} (more than 100 %)")
        rels = ", ".join(self.relations[:8]) + (f" and {len(self.relations) - 8} more" if len(self.relations) > 8 else "")
        return f"the {self.kind.replace('_', ' ')} recorded in {self.subject!r} add up to {amount} {self.when} (relations {rels})"


def _pct(v: Decimal) -> str:
    v = v.normalize()
    return f"{int(v) if v == v.to_integral_value() else v} %"


def infeasible(lows: Iterable[tuple[Decimal, bool]]) -> tuple[bool, Decimal, bool]:
    """``(infeasible, total, strict)`` for lower ends ``(percent, exclusive)`` held in one subject."""
    total, excl = Decimal(0), False
    for low, x in lows:
        total += low
        excl = excl or x
    if total > 100:
        return True, total, False
    return (total == 100 and excl), total, total == 100 and excl


def share_conflicts(items: Iterable[Relation] | Iterable[Holding]) -> list[ShareConflict]:
    """Every subject, kind and period in which the holdings cannot all hold (see the module docstring)."""
    items = list(items)
    hs = [h for h in items if isinstance(h, Holding)] + holdings(r for r in items if isinstance(r, Relation))
    by_subject: dict[tuple[str, str], list[Holding]] = defaultdict(list)
    for h in hs:
        by_subject[(h.subject, h.kind)].append(h)  # type: ignore[union-attr]
    out = []
    for (subject, kind), group in sorted(by_subject.items()):
        if sum(h.low for h in group) < 100:
            continue  # even all at once they fit
        days = sorted({d for h in group for d in (h.valid_from, h.valid_to) if d is not None})
        points: list[date | None] = [None, *days]
        run: ShareConflict | None = None
        for i, day in enumerate(points):
            valid = [h for h in group
                     if (h.valid_from is None or (day is not None and h.valid_from <= day))
                     and (h.valid_to is None or day is None or h.valid_to > day)]
            seen: dict[str, Holding] = {}
            for h in valid:
                seen.setdefault(h.joint or h.relation, h)
            bad, total, strict = infeasible((h.low, h.low_exclusive) for h in seen.values())
            rels = tuple(sorted(h.relation for h in valid))
            if bad and run is not None and run.relations == rels:
                continue
            if run is not None:
                out.append(ShareConflict(run.subject, run.kind, run.start, day, run.total, run.strict, run.relations))
                run = None
            if bad:
                run = ShareConflict(subject, kind, day, None, total, strict, rels)
        if run is not None:
            out.append(run)
    return out
