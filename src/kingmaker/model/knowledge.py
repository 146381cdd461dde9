"""Knowledge time: what had been published by a date.

Kingmaker keeps two times apart (docs/assessment.md, "Two times"):

* **as of** — the date the facts *describe* (a board seat held on 16 Nov 2023);
* **known as of** — the date by which the facts had been *published*: only evidence from sources
  published by then counts, so an answer "as known on 20 Nov 2023" cannot use a report of 29 Nov.

A source dated only by month or year (``2023-11``) counts as published at the *end* of that period: it
may have appeared on any day of it, and a later day must not leak in. A source with no date cannot be
placed in time; under a knowledge date its evidence is left out and a warning names it.

The same rule guards forward-looking judgements without a knowledge date: whether a tie is *lasting*
may use its end date only once that end had been published (:func:`end_known_on`) — an end recorded
from a later announcement is hindsight.

>>> from datetime import date
>>> from kingmaker.model.evidence import Source
>>> published_by(Source(id="s", title="t", date=date(2023, 11, 1), date_precision="month"))
datetime.date(2023, 11, 30)
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

from kingmaker.model.event import Event
from kingmaker.model.evidence import Evidence, Source
from kingmaker.model.relation import Relation


def published_by(source: Source) -> date | None:
    """The last day on which ``source`` may have been published (``None``: undated)."""
    d = source.date
    if d is None:
        return None
    precision = getattr(source, "date_precision", "day")
    if precision == "year":
        return date(d.year, 12, 31)
    if precision == "month":
        return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


def first_published(evidence_ids: Iterable[str], evidence: Mapping[str, Evidence],
                    sources: Mapping[str, Source]) -> date | None:
    """The earliest publication (end of period) among the sources of these evidence items."""
    days = []
    for e in evidence_ids:
        ev = evidence.get(e)
        src = sources.get(ev.source) if ev is not None else None
        day = published_by(src) if src is not None else None
        if day is not None:
            days.append(day)
    return min(days) if days else None


def end_known_on(r: Relation, evidence: Mapping[str, Evidence], sources: Mapping[str, Source],
                 events: Mapping[str, Event]) -> date | None:
    """When ``r``'s end date became public: the publication of the evidence of the event that ended it,
    or — with no such event — of the relation's own evidence (the end came with the record).
    ``None`` when the end cannot be dated (no dated source)."""
    if r.valid_to is None:
        return None
    if r.ended_by and r.ended_by in events:
        return first_published(events[r.ended_by].evidence, evidence, sources)
    return first_published(r.evidence, evidence, sources)


@dataclass
class KnownView:
    """The records as known on a date, and what had to be left out or could not be placed in time."""

    known_as_of: date
    relations: list[Relation]
    evidence: set[str]
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def known_view(relations: Iterable[Relation], evidence: Mapping[str, Evidence], sources: Mapping[str, Source],
               events: Mapping[str, Event], known_as_of: date) -> KnownView:
    """Relations as they could be known on ``known_as_of``.

    A relation is known when one of its evidence items comes from a source published by then; its
    evidence list keeps only those items. Attributes backed (``evidence_for``) only by later evidence
    are dropped, so an estimate written down later is *missing*, not used. An end date announced later
    is removed: the tie looked open-ended on that date. Acceptance counts reported later are dropped.
    """
    undated: set[str] = set()
    cache: dict[str, bool] = {}

    def known(ev_id: str) -> bool:
        if ev_id not in cache:
            ev = evidence.get(ev_id)
            src = sources.get(ev.source) if ev is not None else None
            day = published_by(src) if src is not None else None
            if day is None and ev is not None:
                undated.add(ev.source)
            cache[ev_id] = day is not None and day <= known_as_of
        return cache[ev_id]

    out, left_out = [], []
    no_evidence = []
    for r in relations:
        if not r.evidence:
            no_evidence.append(r.id)
            out.append(r)
            continue
        kept = tuple(e for e in r.evidence if known(e))
        if not kept:
            left_out.append(r.id)
            continue
        update: dict = {"evidence": kept}
        attrs = {}
        backing = dict(getattr(r, "evidence_for", None) or {})
        for name, ids in list(backing.items()):
            if not any(known(e) for e in ids):
                backing.pop(name)
                if name in type(r.attrs).model_fields and not type(r.attrs).model_fields[name].is_required():
                    attrs[name] = None
        if backing != dict(getattr(r, "evidence_for", None) or {}):
            update["evidence_for"] = backing
        if hasattr(r.attrs, "acceptances"):
            accs = tuple(a for a in r.attrs.acceptances
                         if (any(known(e) for e in a.evidence) if a.evidence else a.at[:10] <= known_as_of.isoformat()))
            if accs != r.attrs.acceptances:
                attrs["acceptances"] = accs
        if attrs:
            update["attrs"] = r.attrs.model_copy(update=attrs)
        if r.valid_to is not None:
            day = end_known_on(r, evidence, sources, events)
            if day is None or day > known_as_of:
                update["validity"] = r.validity.model_copy(update={"valid_to": None, "to_precision": "day"})
                update["ended_by"] = None
        out.append(r.model_copy(update=update))
    warnings = [f"source {s!r} has no publication date: under --known-as-of its evidence is left out "
                f"(add date: YYYY-MM-DD to the source)" for s in sorted(undated)]
    if no_evidence:
        warnings.append(f"{len(no_evidence)} relation(s) have no evidence, so when they became known cannot be told; "
                        f"they are kept: {', '.join(sorted(no_evidence)[:5])}{' …' if len(no_evidence) > 5 else ''}")
    kept_evidence = {e for e, ok in cache.items() if ok}
    return KnownView(known_as_of, out, kept_evidence, warnings, left_out)
