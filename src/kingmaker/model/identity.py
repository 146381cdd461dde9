"""One actor per identifier: actors that share an identifier are one party in every analysis.

Registers describe the same company more than once: a BODS file may hold two entity records with the same
``GB-COH`` number, a PSC file names a corporate owner by its company number, GLEIF gives the same company's
LEI and its registration-authority number. The store keeps every source record as it came (with its
provenance); :func:`resolve_identities` works out which of them are the same party and
:func:`merged_snapshot` gives the *merged view* every analysis reads: one actor per group, the relations of
all its records, and a :class:`Merge` report saying which records it joined and which names or kinds
disagree.

Identifiers are compared as ``(scheme, value)`` after normalising both (:func:`identifier_key`): schemes
through :data:`SCHEME_ALIASES` (``XI-LEI`` and ``LEI`` are one scheme; GLEIF's registration authority
``RA000585`` is Companies House), values upper-cased with spaces and punctuation dropped, Companies House
numbers zero-padded to eight characters. Only party classes that can be the same thing are joined: a
natural person is never merged with a company (the shared identifier is reported instead), and
unidentified parties are never merged by identifier.

A user can state merges and splits by hand (:class:`IdentityRule`, ``kingmaker identity``): a *merge*
joins two actors that share no identifier, a *split* keeps two actors apart although they share one.

>>> from kingmaker.model import Actor, Name
>>> a = Actor(id="bods:1", kind="company", names=(Name(name="Acme Ltd"),), identifiers={"GB-COH": "123"})
>>> b = Actor(id="gb-coh:00000123", kind="company", names=(Name(name="ACME LIMITED"),),
...           identifiers={"GB-COH": "00000123"})
>>> res = resolve_identities([a, b])
>>> res.canonical_of("bods:1")
'gb-coh:00000123'
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from kingmaker.model.actor import Actor, ActorKind, Name

#: scheme spellings → one scheme code (org-id.guide codes where there is one)
SCHEME_ALIASES: dict[str, str] = {
    "LEI": "LEI", "XI-LEI": "LEI", "LEICODE": "LEI",
    "GB-COH": "GB-COH", "RA000585": "GB-COH",  # GLEIF's code for Companies House (England and Wales)
    "GB-CHC": "GB-CHC", "GB-SC": "GB-SC",
}
#: schemes whose values are numbers padded with leading zeros to a fixed width
PADDED: dict[str, int] = {"GB-COH": 8}
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def identifier_key(scheme: str | None, value: str | None) -> tuple[str, str] | None:
    """``(scheme, value)`` in the form identifiers are compared in; ``None`` when either is missing.

    >>> identifier_key("xi-lei", "010cmkz3von21wf2zd45")
    ('LEI', '010CMKZ3VON21WF2ZD45')
    >>> identifier_key("GB-COH", "6292597")
    ('GB-COH', '06292597')
    """
    if not isinstance(scheme, str) or not isinstance(value, str) or not scheme.strip() or not value.strip():
        return None
    s = scheme.strip().upper()
    s = SCHEME_ALIASES.get(s, s)
    v = _NOT_ALNUM.sub("", value.upper())
    if not v:
        return None
    width = PADDED.get(s)
    if width and v.isdigit():
        v = v.zfill(width)
    return s, v


def identifier_value_key(value: str) -> str:
    """An identifier value as typed by a user, in the compared form (no scheme): ``"sc 123456"`` → ``"SC123456"``."""
    return _NOT_ALNUM.sub("", value.upper())


def identifier_key_sql(column: str) -> str:
    """The compared form of an identifier value in DuckDB's SQL — :func:`identifier_value_key` with leading
    zeros dropped (``"SC 012345"`` → ``"SC012345"``, ``"00123"`` → ``"123"``): the store keeps it beside each
    value (``actor_identifiers.value_key``) so that finding the records that share an identifier is a look-up,
    not a pass over every identifier."""
    return f"ltrim(regexp_replace(upper({column}), '[^0-9A-Z]', '', 'g'), '0')"


def party_class(kind: str) -> str:
    """Which actors may be the same party: persons with persons, entities with entities; unknown parties
    are never joined by identifier."""
    return {"person": "person", "unknown": "unknown"}.get(kind, "entity")


@dataclass(frozen=True)
class IdentityRule:
    """A merge or split stated by hand: ``action`` is ``merge`` or ``split``; ``origin`` says where
    (``file:line``) for messages."""

    action: str
    first: str
    second: str
    origin: str = ""
    note: str | None = None
    #: the dataset of the case file that states it (it goes when that dataset is replaced or removed);
    #: None for a rule kept by ``kingmaker identity apply``
    dataset: str | None = None


@dataclass(frozen=True)
class Merge:
    """One merged actor: ``canonical`` stands for every id in ``members``."""

    canonical: str
    members: tuple[str, ...]
    reasons: tuple[str, ...]  # e.g. "GB-COH 06292597", "merged by hand (rules.csv:3)"
    conflicts: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.canonical} joins {', '.join(m for m in self.members if m != self.canonical)} ({'; '.join(self.reasons)})"
        return text + (f" — {'; '.join(self.conflicts)}" if self.conflicts else "")


@dataclass
class Resolution:
    """Which actor ids are one party. ``alias`` maps every merged id that is not canonical to its canonical id."""

    alias: dict[str, str] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def canonical_of(self, actor_id: str) -> str:
        return self.alias.get(actor_id, actor_id)

    def merge_of(self, actor_id: str) -> Merge | None:
        c = self.canonical_of(actor_id)
        return next((m for m in self.merges if m.canonical == c), None)

    def __bool__(self) -> bool:
        return bool(self.alias)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical(members: list[Actor]) -> Actor:
    """The record that names the group: a register-keyed id (``gb-coh:``, ``lei:``) before a record id."""
    def rank(a: Actor) -> tuple:
        return (not a.id.startswith(("gb-coh:", "lei:")), a.kind is ActorKind.unknown, a.id)
    return min(members, key=rank)


def resolve_identities(actors: Iterable[Actor], rules: Iterable[IdentityRule] = ()) -> Resolution:
    """Group ``actors`` that share an identifier (see the module docstring), then apply hand-stated
    ``rules`` (merges join, splits keep apart; a split wins over a shared identifier)."""
    by_id = {a.id: a for a in actors}
    rules = list(rules)
    uf = _UnionFind()
    reasons: dict[frozenset, list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for a in by_id.values():
        cls = party_class(a.kind.value)
        if cls == "unknown":
            continue
        for scheme, value in a.identifiers.items():
            k = identifier_key(scheme, value)
            if k is not None:
                by_key[(cls, *k)].append(a.id)
    warnings: list[str] = []
    classes_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cls, scheme, value in by_key:
        classes_of[(scheme, value)].add(cls)
    cross: dict[tuple[str, str], set[str]] = defaultdict(set)  # the holders, for the identifiers held across classes
    for (cls, scheme, value), ids in by_key.items():
        if len(classes_of[(scheme, value)]) > 1:
            cross[(scheme, value)].update(f"{i} ({by_id[i].kind.value})" for i in ids)
    for (scheme, value), shown in sorted(cross.items()):
        warnings.append(f"identifier {scheme} {value} is held by a person and an entity ({', '.join(sorted(shown))}); "
                        "they are kept apart")
    splits = {frozenset((r.first, r.second)) for r in rules if r.action == "split"}
    edges: list[tuple[str, str, str]] = []
    for (cls, scheme, value), ids in by_key.items():
        ids = sorted(set(ids))
        for other in ids[1:]:
            edges.append((ids[0], other, f"{scheme} {value}"))
    for r in rules:
        if r.action == "merge":
            edges.append((r.first, r.second, f"merged by hand{f' ({r.origin})' if r.origin else ''}"))
    for a, b, why in edges:
        if frozenset((a, b)) in splits:
            continue
        uf.union(a, b)
        reasons[frozenset((a, b))].append(why)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(uf.parent):
        groups[uf.find(x)].append(x)
    why_of: dict[str, set[str]] = defaultdict(set)  # each joined pair's reasons, by its group (linear, not pairs × groups)
    for pair, ws in reasons.items():
        why_of[uf.find(next(iter(pair)))].update(ws)
    res = Resolution(warnings=warnings)
    for root, members in groups.items():
        if len(members) < 2:
            continue
        member_set = set(members)
        # a split between two members of one group: keep them in the group only if another identifier joins them
        for pair in splits:
            if pair <= member_set:
                warnings.append(f"split {' / '.join(sorted(pair))} is kept, but another identifier still joins them: "
                                "split the other pairs too")
        acts = [by_id[m] for m in members if m in by_id]
        if len(acts) < 2:  # a hand-stated merge naming a record not among these (its dataset gone) joins nothing
            continue
        canon = _canonical(acts)
        why = sorted(why_of[root])
        conflicts = []
        names = sorted({a.name.casefold().strip() for a in acts})
        if len(names) > 1:
            conflicts.append("names differ: " + " / ".join(sorted({a.name for a in acts})))
        kinds = sorted({a.kind.value for a in acts})
        if len(kinds) > 1:
            conflicts.append(f"kinds differ: {', '.join(kinds)} (kept: {canon.kind.value})")
        res.merges.append(Merge(canon.id, tuple(sorted(members)), tuple(why), tuple(conflicts)))
        for m in members:
            if m != canon.id:
                res.alias[m] = canon.id
    res.merges.sort(key=lambda m: m.canonical)
    return res


def merged_actor(canon: Actor, members: Iterable[Actor], merge: Merge) -> Actor:
    """The canonical actor with the other records' names and identifiers added and the merge noted."""
    names = list(canon.names)
    seen = {n.name.casefold() for n in names}
    identifiers = dict(canon.identifiers)
    for a in members:
        if a.id == canon.id:
            continue
        for n in a.names:
            if n.name.casefold() not in seen:
                seen.add(n.name.casefold())
                names.append(Name(name=n.name, lang=n.lang, type=n.type or "alternative"))
        for s, v in a.identifiers.items():
            identifiers.setdefault(s, v)
    extra = dict(canon.extra)
    extra["merged"] = {"members": list(merge.members), "reasons": list(merge.reasons),
                       "conflicts": list(merge.conflicts)}
    return canon.model_copy(update={"names": tuple(names), "identifiers": identifiers, "extra": extra})


def check_rules(rules: Iterable[IdentityRule], actors: Mapping[str, Actor]) -> list[str]:
    """Problems with hand-stated rules, each naming its origin (``file:line``): unknown ids, merging a
    person with an entity, a rule naming the same actor twice."""
    out = []
    for r in rules:
        where = f"{r.origin}: " if r.origin else ""
        if r.action not in ("merge", "split"):
            out.append(f"{where}unknown action {r.action!r}; use merge or split")
            continue
        missing = [x for x in (r.first, r.second) if x not in actors]
        if missing:
            out.append(f"{where}unknown actor id(s) {', '.join(map(repr, missing))}")
            continue
        if r.first == r.second:
            out.append(f"{where}{r.action} names {r.first!r} twice")
            continue
        a, b = actors[r.first], actors[r.second]
        if r.action == "merge" and party_class(a.kind.value) != party_class(b.kind.value):
            out.append(f"{where}cannot merge {a.id!r} ({a.kind.value}) with {b.id!r} ({b.kind.value}): "
                       "a natural person, an entity and an unidentified party are different things")
    return out


def rule_problems(rules: Iterable[IdentityRule], actors: Mapping[str, Actor]) -> list:
    """:func:`check_rules`' findings as :class:`~kingmaker.errors.Problem` s naming the file and line of each
    rule (its ``origin``) — what ``load`` refuses and ``validate --db`` reports."""
    from kingmaker.errors import Problem

    problems = []
    for r in rules:
        for message in check_rules([r], actors):
            file, _, line = r.origin.rpartition(":")
            problems.append(Problem(file or r.origin, message.split(": ", 1)[-1],
                                    int(line) if line.isdigit() else None, f"identity {r.action}", r.action))
    return problems


def merged_snapshot(snapshot, resolution: Resolution):
    """The merged view of ``snapshot``: one actor per group of ``resolution`` (its records' names and
    identifiers joined, :func:`merged_actor`), every relation re-pointed at the canonical ids. A tie between
    two records of the same party becomes a tie of the party with itself; unless it is a holding (treasury
    shares) it is left out, and the resolution's warnings say so."""
    from kingmaker.model.snapshot import Snapshot

    if not resolution:
        return snapshot
    actors, relations, designations = merged_parts(snapshot.actors.values(), snapshot.relations,
                                                   snapshot.designations, resolution)
    return Snapshot.build(snapshot.as_of, actors, relations, snapshot.evidence.values(),
                          snapshot.sources.values(), snapshot.ends_known, snapshot.notes, snapshot.known_as_of,
                          designations, identity=resolution)


def merged_parts(actors, relations, designations, resolution: Resolution) -> tuple[list, list, list]:
    """The actors, relations and designations of :func:`merged_snapshot`, on any set of records (a
    snapshot's, or every one on record for a :class:`~kingmaker.model.snapshot.Timeline`)."""
    actors = {a.id: a for a in actors}
    for m in resolution.merges:
        members = [actors[i] for i in m.members if i in actors]
        if m.canonical not in actors:
            continue
        actors[m.canonical] = merged_actor(actors[m.canonical], members, m)
        for i in m.members:
            if i != m.canonical:
                actors.pop(i, None)
    alias = resolution.alias
    merged = []
    for r in relations:
        holder, subject = alias.get(r.holder, r.holder), alias.get(r.subject, r.subject)
        if (holder, subject) == (r.holder, r.subject):
            merged.append(r)
        elif holder == subject and r.kind.value not in ("shareholding", "voting_rights"):
            resolution.warnings.append(f"relation {r.id} ties {r.holder} to {r.subject}, which are one actor "
                                       f"({holder}); left out")
        else:
            merged.append(r.model_copy(update={"holder": holder, "subject": subject}))
    return (list(actors.values()), merged,
            [d.model_copy(update={"actor": alias.get(d.actor, d.actor)})
             if getattr(d, "actor", None) in alias else d for d in designations])
