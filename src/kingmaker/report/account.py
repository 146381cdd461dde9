"""A readable account of who holds which ties over an organisation on a series of dates, and what
changed between them. Pure: takes snapshots, returns data; rendering is in :func:`render_account`."""
from __future__ import annotations

from dataclasses import dataclass, field

from kingmaker.model import Relation, RelationKind
from kingmaker.model.snapshot import Snapshot
from kingmaker.analysis.structure import controlled_group
from kingmaker.report import fmt


@dataclass
class DayAccount:
    as_of: str
    group: list[str]
    board: list[dict]
    officers: list[dict]
    outside_ties: list[dict]
    pressure: list[dict]
    relation_ids: set[str] = field(default_factory=set)


@dataclass
class Change:
    between: tuple[str, str]
    started: list[str]
    ended: list[str]
    events: list[str] = field(default_factory=list)


def account_for(snap: Snapshot, root: str) -> DayAccount:
    names = {a.id: a.name for a in snap.actors.values()}
    group = controlled_group(snap, root)
    members = set(group)
    board = [{"name": names.get(s.holder, s.holder), "role": s.role, "voting": s.voting, "relation": s.id}
             for g in group for s in snap.board(g)]
    officers = [{"name": names.get(o.holder, o.holder), "role": fmt.role(o.role, o.interim),
                 "of": names.get(o.subject, o.subject), "relation": o.id}
                for g in group for o in snap.officers(g)]
    # people and groups working for the organisation, and the pressure on them (offers, threats)
    insiders = {r.holder for g in group for r in snap.ties_in(g, RelationKind.employment, RelationKind.officer,
                                                             RelationKind.board_seat)
                if snap.actors.get(r.holder) is not None and snap.actor(r.holder).kind.value in ("person", "group")}
    outside, seen = [], set()
    for g in group:
        for r in snap.ties_in(g):
            if r.holder in members or r.holder in insiders:
                continue  # internal structure, or shown under board / officers / pressure
            outside.append(_tie(r, names, snap))
            seen.add(r.id)
    outsiders = {r.holder for g in group for r in snap.ties_in(g)} - members - insiders
    pressure, pressed = [], set()
    for r in snap.of_kind(RelationKind.offer, RelationKind.other_influence):
        offer_in = r.kind is RelationKind.offer and (r.subject in insiders or r.holder in outsiders)
        threat = r.kind is RelationKind.other_influence and r.holder in insiders and r.subject in members
        if (offer_in or threat) and r.id not in pressed:
            pressure.append(_tie(r, names, snap))
            pressed.add(r.id)
    ids = {b["relation"] for b in board} | {o["relation"] for o in officers} | seen | {p["id"] for p in pressure}
    return DayAccount(snap.as_of.isoformat(), group, board, officers, outside, pressure, ids)


def _tie(r: Relation, names: dict[str, str], snap: Snapshot) -> dict:
    out = {"id": r.id, "kind": r.kind.value, "text": describe_relation(r, names), "evidence": list(r.evidence)}
    if r.kind is RelationKind.offer and r.acceptances:
        out["acceptances"] = [f"{a.count}" + (f" of {a.of}" if a.of else "") for a in r.acceptances]
    return out


def changes(accounts: list[DayAccount], snaps: list[Snapshot], events=()) -> list[Change]:
    """Ties that started and ended between consecutive accounts, and the events dated in between
    (after the earlier date, up to and including the later one)."""
    out = []
    for (a0, s0), (a1, s1) in zip(zip(accounts, snaps), zip(accounts[1:], snaps[1:])):
        names = {a.id: a.name for a in s1.actors.values()}
        before = {r.id: r for r in s0.relations if r.id in a0.relation_ids}
        after = {r.id: r for r in s1.relations if r.id in a1.relation_ids}
        started = [describe_relation(after[i], names) for i in sorted(set(after) - set(before))]
        ended = [describe_relation(before[i], names) for i in sorted(set(before) - set(after))]
        involved = set(a0.group) | set(a1.group)
        for r in list(before.values()) + list(after.values()):
            involved |= {r.holder, r.subject}
        between = [f"{e.date}: {e.title}" for e in sorted(events, key=lambda e: (e.date, e.id))
                   if s0.as_of < e.date <= s1.as_of and set(e.actors) & involved]
        out.append(Change((a0.as_of, a1.as_of), started, ended, between))
    return out


def render_account(accounts: list[DayAccount], diffs: list[Change], title: str) -> str:
    """Plain text (Markdown-flavoured) rendering of an account and its changes."""
    lines = [f"# {title}", ""]
    for acc in accounts:
        lines.append(f"## As of {acc.as_of}")
        voting = [b for b in acc.board if b["voting"]]
        lines.append(f"Board ({len(voting)} voting): " + "; ".join(
            f"{b['name']} ({b['role']}{'' if b['voting'] else ', non-voting'})" for b in acc.board))
        lines.append("Officers: " + ("; ".join(f"{o['name']} — {o['role']} of {o['of']}" for o in acc.officers)
                                     or "none recorded"))
        lines.append("Ties held over the organisation from outside:")
        lines.extend(f"  - {t['text']}  [{', '.join(t['evidence'])}]" for t in acc.outside_ties)
        if acc.pressure:
            lines.append("Offers and threats in play:")
            for t in acc.pressure:
                extra = f" (signatures/acceptances: {' → '.join(t['acceptances'])})" if t.get("acceptances") else ""
                lines.append(f"  - {t['text']}{extra}  [{', '.join(t['evidence'])}]")
        lines.append("")
    for ch in diffs:
        lines.append(f"## What changed from {ch.between[0]} to {ch.between[1]}")
        if ch.events:
            lines.append("Events:")
            lines.extend(f"  * {e}" for e in ch.events)
            lines.append("Ties:")
        lines.extend(f"  + {s}" for s in ch.started)
        lines.extend(f"  - {e}" for e in ch.ended)
        if not ch.started and not ch.ended:
            lines.append("  (no change)")
        lines.append("")
    return "\n".join(lines)


def describe_relation(r: Relation, names: dict[str, str]) -> str:
    """One line in plain English: "Helen Toner — director (board seat) — OpenAI, Inc."."""
    holder, subject = names.get(r.holder, r.holder), names.get(r.subject, r.subject)
    kind = r.kind.value
    if kind == "board_seat":
        detail = f"{r.role}{'' if r.voting else ', non-voting'} (board seat)"
    elif kind == "officer":
        detail = fmt.role(r.role, r.interim)
    elif kind == "supply":
        detail = f"supplies {r.resource}" + (" exclusively" if r.exclusive else "")
        if r.right_of_first_refusal:
            detail += " (right of first refusal)"
    elif kind == "financing":
        detail = f"finances ({r.amount} {r.currency}, {r.status})" if r.amount else f"finances ({r.status})"
    elif kind == "offer":
        detail = f"offer: {r.offer}"
    elif kind == "other_influence":
        detail = f"influence: {r.description}"
    elif kind == "licence":
        detail = f"licence: {r.scope}" if r.scope else "licence"
    elif kind == "employment":
        detail = f"employment ({r.count})" if r.count else "employment"
    elif kind == "veto_right":
        detail = "veto over " + ", ".join(r.matters)
    elif kind == "appointment_right":
        detail = f"appoints {r.seats} of {r.of_seats} seats" if r.seats else "appointment right"
    elif kind == "absence":
        detail = "no " + ("exclusive supply" if r.what == "exclusive_supply" else r.what.replace("_", " ")) + " (recorded)"
    else:
        detail = kind.replace("_", " ")
    if r.share is not None:
        detail += f" {r.share}"
    if kind == "economic_interest" and r.cap:
        detail += f" (cap: {r.cap})"
    return f"{holder} — {detail} — {subject}"
