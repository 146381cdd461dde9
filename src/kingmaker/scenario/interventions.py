"""What-if interventions applied to a snapshot. Each returns a new snapshot and never touches the store.

Interventions (scenario files, docs/scenarios.md):

* ``leave``: an actor leaves the organisation — its seats, offices and employment there end.
* ``move``: an actor leaves and joins another (an officer or employment tie at the new one).
* ``defect``: a fraction (or count) of a group moves to another actor: the group is split in two
  and the movers are employed by the new actor (the new group records where it came from).
* ``cut_supply``: a supply tie ends (optionally only one resource).
* ``withhold_financing``: committed or announced financing that has not been paid stops.
* ``transfer``: a stake or seat changes hands (optionally only part of a share).
* ``replace_board``: a board is replaced by the given directors (and chair).
* ``add``: a new relation, written as in a case file (e.g. an ``acquisition`` of a team, or a licence).
* ``add_actor``: a new actor, written as in a case file (``{id, kind, name, …}``), e.g. a new
  subsidiary that takes on a team.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kingmaker.analysis.structure import family
from kingmaker.errors import UserError
from kingmaker.model import Actor, Name, Relation, RelationKind, Share
from kingmaker.model.kinds import label as kind_label
from kingmaker.model.snapshot import Snapshot

ORG_TIES = (RelationKind.board_seat, RelationKind.officer, RelationKind.employment, RelationKind.membership)

#: what each intervention did, in words, per language (``{…}``: the step's ``params``)
STEP_TEXT = {
    "en": {
        "leave": "{actor} leaves", "move": "{actor} moves to {to}",
        "defect": "{percent} % of {group} ({movers} people) move to {to}",
        "cut_supply": "{holders} cuts supply", "cut_supply_months": "{holders} cuts supply for {months} months",
        "withhold_financing": "{holder} withholds committed funding",
        "transfer": "{kind} {relation} passes to {to}", "replace_board": "the board of {subject} is replaced",
        "add": "new {kind}: {relation}", "add_actor": "new actor: {actor}",
    },
    "de": {
        "leave": "{actor} geht", "move": "{actor} wechselt zu {to}",
        "defect": "{percent} % von {group} ({movers} Personen) wechseln zu {to}",
        "cut_supply": "{holders} stellt die Lieferung ein",
        "cut_supply_months": "{holders} stellt die Lieferung für {months} Monate ein",
        "withhold_financing": "{holder} hält zugesagte Finanzierung zurück",
        "transfer": "{kind} {relation} geht an {to}", "replace_board": "das Gremium von {subject} wird ersetzt",
        "add": "neu: {kind} {relation}", "add_actor": "neuer Akteur: {actor}",
    },
}


@dataclass(frozen=True)
class Applied:
    """One intervention applied: the snapshot after it, what it did (``what``, a key of
    :data:`STEP_TEXT`, with its ``params``), and the relations it removed and added."""

    snapshot: Snapshot
    what: str
    params: dict[str, Any]
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    def describe(self, lang: str = "en") -> str:
        """What the step did, in ``lang`` (English where the language is not known); a relation kind
        is named by its label (:mod:`kingmaker.model.kinds`), not its key.

        >>> Applied(None, "leave", {"actor": "Sam Altman"}).describe("de")
        'Sam Altman geht'
        """
        lang = lang if lang in STEP_TEXT else "en"
        params = {k: kind_label(v, lang) if isinstance(v, RelationKind) else v for k, v in self.params.items()}
        return STEP_TEXT[lang][self.what].format(**params)

    @property
    def description(self) -> str:
        """:meth:`describe` in English."""
        return self.describe("en")


def _need(snap: Snapshot, actor_id: str, where: str) -> Actor:
    if actor_id not in snap.actors:
        raise UserError(f"{where}: unknown actor {actor_id!r}")
    return snap.actors[actor_id]


def _fraction(spec: dict, size: int | None, where: str) -> Fraction:
    if "count" in spec:
        if not size:
            raise UserError(f"{where}: the group has no size, so a count cannot be turned into a fraction")
        return Fraction(int(spec["count"]), size)
    raw = spec.get("fraction")
    if raw is None:
        raise UserError(f"{where}: give fraction (e.g. 0.97 or 747/770) or count")
    try:
        value = Fraction(str(raw))
    except ValueError:
        raise UserError(f"{where}: fraction {raw!r} is not a number") from None
    if not 0 <= value <= 1:
        raise UserError(f"{where}: fraction must be between 0 and 1")
    return value


def _rel(**data: Any) -> Relation:
    return Relation.model_validate(data)


def apply(snap: Snapshot, intervention: dict, index: int = 0) -> Applied:
    """Apply one intervention (a one-key mapping, e.g. ``{"leave": {"actor": "x"}}``)."""
    if not isinstance(intervention, dict) or len(intervention) != 1:
        raise UserError(f"interventions[{index}]: write one intervention per item, e.g. - leave: {{actor: x}}")
    (kind, spec), = intervention.items()
    where = f"interventions[{index}] ({kind})"
    handler = HANDLERS.get(kind)
    if handler is None:
        raise UserError(f"{where}: unknown intervention; known: {', '.join(sorted(HANDLERS))}")
    if not isinstance(spec, dict):
        raise UserError(f"{where}: needs a mapping of arguments")
    return handler(snap, spec, where)


def _leave(snap: Snapshot, spec: dict, where: str) -> Applied:
    actor = spec.get("actor")
    _need(snap, actor, where)
    org = set(family(snap, spec["from"])) if spec.get("from") else None
    gone = [r for r in snap.relations if r.holder == actor and r.kind in ORG_TIES
            and (org is None or r.subject in org)]
    keep = [r for r in snap.relations if r not in gone]
    return Applied(snap.with_relations(keep), "leave", {"actor": snap.name(actor)}, tuple(r.id for r in gone))


def _move(snap: Snapshot, spec: dict, where: str) -> Applied:
    left = _leave(snap, spec, where)
    to = spec.get("to")
    _need(snap, to, where)
    role = spec.get("role")
    if role:
        new = _rel(id=f"scenario:{spec['actor']}-officer-{to}", kind="officer", holder=spec["actor"], subject=to,
                   attrs={"role": role})
    else:
        new = _rel(id=f"scenario:{spec['actor']}-employed-{to}", kind="employment", holder=spec["actor"],
                   subject=to, attrs={})
    snap2 = left.snapshot.with_relations(list(left.snapshot.relations) + [new])
    return Applied(snap2, "move", {"actor": snap.name(spec["actor"]), "to": snap.name(to)}, left.removed, (new.id,))


def _defect(snap: Snapshot, spec: dict, where: str) -> Applied:
    group = _need(snap, spec.get("group"), where)
    to = spec.get("to")
    _need(snap, to, where)
    if group.kind.value != "group":
        raise UserError(f"{where}: {group.id!r} is not a group")
    frac = _fraction(spec, group.size, where)
    size = group.size or 0
    movers = round(frac * size) if size else None
    stayers = size - movers if size else None
    moved_id = f"{group.id}--to-{to}"
    moved = Actor(id=moved_id, kind="group", names=(Name(name=f"{group.name} who moved to {snap.name(to)}"),),
                  size=movers, size_approximate=group.size_approximate, origin=group.id,
                  extra={"origin": group.id, "fraction": f"{frac.numerator}/{frac.denominator}"})
    remaining = group.model_copy(update={"size": stayers}) if size else group
    employment = _rel(id=f"scenario:{moved_id}-employed", kind="employment", holder=moved_id, subject=to,
                      attrs={"count": movers} if movers is not None else {})
    # the offer has been taken up and the threat carried out: both are used up
    spent = [r for r in snap.relations if (r.kind is RelationKind.offer and r.subject == group.id and r.holder == to)
             or (r.kind is RelationKind.other_influence and r.holder == group.id)]
    rels = [r for r in snap.relations if r not in spent] + [employment]
    return Applied(snap.with_relations(rels, actors=[moved, remaining]),
                   "defect", {"percent": f"{float(frac) * 100:.0f}", "group": group.name, "movers": movers,
                              "to": snap.name(to)},
                   tuple(r.id for r in spent), (employment.id,))


def _matching(snap: Snapshot, spec: dict, kind: RelationKind, where: str) -> list[Relation]:
    found = [r for r in snap.of_kind(kind)
             if (not spec.get("holder") or r.holder == spec["holder"])
             and (not spec.get("subject") or r.subject in set(family(snap, spec["subject"])))
             and (not spec.get("relation") or r.id == spec["relation"])]
    return found


def _cut_supply(snap: Snapshot, spec: dict, where: str) -> Applied:
    found = [r for r in _matching(snap, spec, RelationKind.supply, where)
             if not spec.get("resource") or r.resource == spec["resource"]]
    if not found:
        raise UserError(f"{where}: no supply tie matches {spec}")
    keep = [r for r in snap.relations if r not in found]
    months = spec.get("months")
    holders = ", ".join(sorted({snap.name(r.holder) for r in found}))
    return Applied(snap.with_relations(keep), "cut_supply_months" if months else "cut_supply",
                   {"holders": holders, "months": months}, tuple(r.id for r in found))


def _withhold(snap: Snapshot, spec: dict, where: str) -> Applied:
    found = [r for r in _matching(snap, spec, RelationKind.financing, where) if r.status != "disbursed"]
    if not found:
        raise UserError(f"{where}: no committed or announced financing matches {spec}")
    keep = [r for r in snap.relations if r not in found]
    return Applied(snap.with_relations(keep), "withhold_financing", {"holder": snap.name(found[0].holder)},
                   tuple(r.id for r in found))


def _transfer(snap: Snapshot, spec: dict, where: str) -> Applied:
    rid, to = spec.get("relation"), spec.get("to")
    _need(snap, to, where)
    try:
        rel = snap.relation(rid)
    except KeyError as exc:
        raise UserError(f"{where}: {exc.args[0]}") from None
    new_id = f"scenario:{rid}-to-{to}"
    if spec.get("share") is not None and rel.share is not None:
        part = Share.parse(spec["share"])
        if part.high > rel.share.high:
            raise UserError(f"{where}: cannot transfer {part} of a {rel.share} stake")
        rest_lo = max(Decimal(0), rel.share.low - part.high)
        rest = Share.interval(rest_lo, rel.share.high - part.low)
        kept = rel.model_copy(update={"share": rest})
        moved = rel.model_copy(update={"id": new_id, "holder": to, "share": part})
        rels = [kept if r.id == rid else r for r in snap.relations] + [moved]
    else:
        moved = rel.model_copy(update={"id": new_id, "holder": to})
        rels = [r for r in snap.relations if r.id != rid] + [moved]
    return Applied(snap.with_relations(rels), "transfer", {"kind": rel.kind, "relation": rid,
                                                           "to": snap.name(to)}, (rid,), (new_id,))


def _replace_board(snap: Snapshot, spec: dict, where: str) -> Applied:
    subject = spec.get("subject")
    _need(snap, subject, where)
    directors = list(spec.get("directors") or [])
    chair = spec.get("chair")
    for d in directors + ([chair] if chair else []):
        _need(snap, d, where)
    old = [r for r in snap.board(subject) if r.voting]
    keep = [r for r in snap.relations if r not in old]
    new = [_rel(id=f"scenario:{subject}-seat-{d}", kind="board_seat", holder=d, subject=subject,
                attrs={"role": "chair" if d == chair else "director"}) for d in dict.fromkeys(directors + ([chair] if chair else []))]
    return Applied(snap.with_relations(keep + new), "replace_board", {"subject": snap.name(subject)},
                   tuple(r.id for r in old), tuple(r.id for r in new))


def _add(snap: Snapshot, spec: dict, where: str) -> Applied:
    from kingmaker.model.relation import COMMON_FIELDS

    data = {k: v for k, v in spec.items() if k in COMMON_FIELDS}
    data["attrs"] = {k: v for k, v in spec.items() if k not in COMMON_FIELDS}
    data.setdefault("id", f"scenario:add-{len(snap.relations)}")
    if data.get("share") is not None:
        data["share"] = Share.parse(data["share"])
    for role in ("holder", "subject"):
        _need(snap, data.get(role), where)
    try:
        rel = Relation.model_validate(data)
    except Exception as exc:  # pydantic's message names the field
        raise UserError(f"{where}: {exc}") from None
    return Applied(snap.with_relations(list(snap.relations) + [rel]), "add",
                   {"kind": rel.kind, "relation": rel.id}, (), (rel.id,))


def _add_actor(snap: Snapshot, spec: dict, where: str) -> Applied:
    data = dict(spec)
    if data.get("id") in snap.actors:
        raise UserError(f"{where}: actor {data['id']!r} already exists")
    if "name" in data:
        data["names"] = [{"name": str(data.pop("name"))}]
    try:
        actor = Actor.model_validate(data)
    except Exception as exc:  # pydantic's message names the field
        raise UserError(f"{where}: {exc}") from None
    if actor.origin is not None:
        _need(snap, actor.origin, where)
    return Applied(snap.with_relations(snap.relations, actors=[actor]), "add_actor", {"actor": actor.name}, (), ())


HANDLERS = {
    "leave": _leave, "move": _move, "defect": _defect, "cut_supply": _cut_supply,
    "withhold_financing": _withhold, "transfer": _transfer, "replace_board": _replace_board, "add": _add,
    "add_actor": _add_actor,
}
