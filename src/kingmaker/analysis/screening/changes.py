"""What changed between two dates (``kingmaker diff``): ties gained and lost, beneficial owners gained and
lost, designations added and ended, and screening results that changed — including changes that come
from the rule's wording alone (the EU's 50 % threshold of 3 July 2024). Pure: two snapshots in, a report
out. Example::

    >>> from datetime import date
    >>> from kingmaker.model import Actor, Name, Relation, Share, Validity
    >>> from kingmaker.model.designation import Designation
    >>> from kingmaker.model.snapshot import Snapshot
    >>> acts = [Actor(id="x", kind="person", names=(Name(name="X"),)), Actor(id="a", kind="company", names=(Name(name="A"),))]
    >>> rels = [Relation(id="r", kind="shareholding", holder="x", subject="a", share=Share.exact(50))]
    >>> des = [Designation(id="d", actor="x", list="eu-consolidated")]
    >>> s1 = Snapshot.build(date(2024, 7, 1), acts, rels, designations=des)
    >>> s2 = Snapshot.build(date(2024, 7, 5), acts, rels, designations=des)
    >>> [(c["rule"], c["actor"], c["from"], c["to"]) for c in diff(s1, s2, rules=["eu-owned-or-controlled"]).screening]
    [('eu-owned-or-controlled', 'a', 'not', 'certainly')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from kingmaker.model.snapshot import Snapshot

MAX_UBO_SUBJECTS = 200


@dataclass
class DiffReport:
    start: object
    end: object
    actor: str | None
    ties_gained: list[dict] = field(default_factory=list)
    ties_lost: list[dict] = field(default_factory=list)
    ubos: list[dict] = field(default_factory=list)
    designations_added: list[dict] = field(default_factory=list)
    designations_ended: list[dict] = field(default_factory=list)
    screening: list[dict] = field(default_factory=list)
    wording: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"from": self.start, "to": self.end, "actor": self.actor, "ties_gained": self.ties_gained,
                "ties_lost": self.ties_lost, "ubos": self.ubos, "designations_added": self.designations_added,
                "designations_ended": self.designations_ended, "screening": self.screening,
                "rule_wording": self.wording, "notes": self.notes}


def _tie(r, snap: Snapshot) -> dict:
    return {"relation": r.id, "kind": r.kind.value, "holder": r.holder, "holder_name": snap.name(r.holder),
            "subject": r.subject, "subject_name": snap.name(r.subject),
            "share": str(r.share) if r.share is not None else None}


def diff(before: Snapshot, after: Snapshot, actor: str | None = None, *, rules: Iterable[str] | None = None,
         threshold=25) -> DiffReport:
    """Compare two snapshots; with ``actor``, only what touches it (its ties, its beneficial owners, its
    and its holders' designations, its screening status)."""
    from kingmaker.analysis.ownership.beneficial import ubo
    from kingmaker.analysis.screening.audit import consistent_graph
    from kingmaker.analysis.screening.engine import screen
    from kingmaker.analysis.screening.rules import rules as all_rules

    rep = DiffReport(before.as_of, after.as_of, actor)
    touch = (lambda r: actor in (r.holder, r.subject)) if actor else (lambda r: True)  # noqa: E731
    ids1 = {r.id: r for r in before.relations if touch(r)}
    ids2 = {r.id: r for r in after.relations if touch(r)}
    rep.ties_gained = [_tie(ids2[i], after) for i in sorted(set(ids2) - set(ids1))]
    rep.ties_lost = [_tie(ids1[i], before) for i in sorted(set(ids1) - set(ids2))]
    d1 = {d.id: d for d in before.designations}
    d2 = {d.id: d for d in after.designations}
    near = None
    if actor:
        near = {actor} | {r.holder for r in list(ids1.values()) + list(ids2.values())}
    keep = (lambda d: near is None or d.actor in near)  # noqa: E731
    rep.designations_added = [_des(d2[i], after) for i in sorted(set(d2) - set(d1)) if keep(d2[i])]
    rep.designations_ended = [_des(d1[i], before) for i in sorted(set(d1) - set(d2)) if keep(d1[i])]
    g1, bad1 = consistent_graph(before)
    g2, bad2 = consistent_graph(after)
    for bad, day in ((bad1, before.as_of), (bad2, after.as_of)):
        for b in bad:
            rep.notes.append(f"on {day}: the {b['kind']} recorded in {b['subject']} add up to "
                             f"{b['total_lower']:g} % (> 100 %); its holdings are taken as [0 %, stated upper end]")
    # beneficial owners: of the actor, or of the subjects whose ties changed
    if actor:
        subjects = [actor]
    else:
        subjects = sorted({t["subject"] for t in rep.ties_gained + rep.ties_lost})
        if len(subjects) > MAX_UBO_SUBJECTS:
            rep.notes.append(f"beneficial owners compared for the first {MAX_UBO_SUBJECTS} of {len(subjects)} "
                             "subjects whose ties changed; name an actor to see one in full")
            subjects = subjects[:MAX_UBO_SUBJECTS]
    for s in subjects:
        v1 = _ubo_verdicts(ubo, g1, s, threshold)
        v2 = _ubo_verdicts(ubo, g2, s, threshold)
        for person in sorted(set(v1) | set(v2)):
            a, b = v1.get(person, "no"), v2.get(person, "no")
            if a != b:
                rep.ubos.append({"subject": s, "person": person, "name": after.name(person), "from": a, "to": b})
    chosen = list(rules) if rules is not None else sorted(all_rules())
    for rid in chosen:
        s1 = screen(g1, before.designations, rid, as_of=before.as_of)
        s2 = screen(g2, after.designations, rid, as_of=after.as_of)
        w1, w2 = s1.period, s2.period
        if w1 != w2:
            rep.wording.append({"rule": rid, "from": w1.to_dict() if w1 else None, "to": w2.to_dict() if w2 else None})
        st1 = {r.actor: r.status for r in s1.results}
        st2 = {r.actor: r.status for r in s2.results}
        for a in sorted(set(st1) | set(st2)):
            if actor and a != actor:
                continue
            x, y = st1.get(a, "not"), st2.get(a, "not")
            if x != y:
                rep.screening.append({"rule": rid, "actor": a, "name": after.name(a), "from": x, "to": y})
    return rep


def _des(d, snap: Snapshot) -> dict:
    return {"id": d.id, "actor": d.actor, "name": snap.name(d.actor), "list": d.list, "program": d.program,
            "listed_from": d.listed_from, "listed_to": d.listed_to}


def _ubo_verdicts(ubo, graph, subject: str, threshold) -> dict[str, str]:
    if subject not in graph.index:
        return {}
    report = ubo(graph, subject, threshold)
    return {o.actor: o.verdict for o in report.beneficial_owners}
