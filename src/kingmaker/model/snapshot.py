"""An immutable snapshot of the control graph on one date: the input every analysis takes.

Analyses (ownership maths, voting power, leverage, legal tests) read a :class:`Snapshot` and never
touch the store; scenarios derive new snapshots with :meth:`Snapshot.with_relations`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from kingmaker.model.actor import Actor
from kingmaker.model.designation import Designation
from kingmaker.model.evidence import Evidence, Source
from kingmaker.model.relation import Relation, RelationKind

_SEAT_ORDER = {"chair": 0, "vice_chair": 1, "director": 2, "observer": 3}


@dataclass(frozen=True)
class Snapshot:
    as_of: date
    actors: Mapping[str, Actor]
    relations: tuple[Relation, ...]
    evidence: Mapping[str, Evidence] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, Source] = field(default_factory=lambda: MappingProxyType({}))
    #: relation id -> the day its end date was published (None: cannot be dated); see model.knowledge
    ends_known: Mapping[str, date | None] = field(default_factory=lambda: MappingProxyType({}))
    #: what had to be left out or could not be placed in time (a knowledge date, undated sources)
    notes: tuple[str, ...] = ()
    known_as_of: date | None = None
    #: designations (sanctions and export-control listings) in force on ``as_of``
    designations: tuple[Designation, ...] = ()
    _by_holder: Mapping[str, tuple[Relation, ...]] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    _by_subject: Mapping[str, tuple[Relation, ...]] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    _by_id: Mapping[str, Relation] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    #: which actor ids were merged into one (:class:`kingmaker.model.identity.Resolution`), if any
    identity: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, as_of: date, actors: Iterable[Actor], relations: Iterable[Relation],
              evidence: Iterable[Evidence] = (), sources: Iterable[Source] = (),
              ends_known: Mapping[str, date | None] | None = None, notes: Iterable[str] = (),
              known_as_of: date | None = None, designations: Iterable[Designation] = (),
              identity: Any = None) -> "Snapshot":
        """Build a snapshot; relations and designations not valid on ``as_of`` are dropped."""
        rels = tuple(sorted((r for r in relations if r.valid_on(as_of)), key=lambda r: r.id))
        by_holder: dict[str, list[Relation]] = defaultdict(list)
        by_subject: dict[str, list[Relation]] = defaultdict(list)
        for r in rels:
            by_holder[r.holder].append(r)
            by_subject[r.subject].append(r)
        return cls(
            as_of=as_of,
            actors=MappingProxyType({a.id: a for a in actors}),
            relations=rels,
            evidence=MappingProxyType({e.id: e for e in evidence}),
            sources=MappingProxyType({s.id: s for s in sources}),
            ends_known=MappingProxyType({k: v for k, v in (ends_known or {}).items() if k in {r.id for r in rels}}),
            notes=tuple(notes),
            known_as_of=known_as_of,
            designations=tuple(sorted((d for d in designations if d.valid_on(as_of)), key=lambda d: d.id)),
            _by_holder=MappingProxyType({k: tuple(v) for k, v in by_holder.items()}),
            _by_subject=MappingProxyType({k: tuple(v) for k, v in by_subject.items()}),
            _by_id=MappingProxyType({r.id: r for r in rels}),
            identity=identity,
        )

    # -- lookups -------------------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor:
        try:
            return self.actors[actor_id]
        except KeyError:
            raise KeyError(f"no actor {actor_id!r} in this snapshot") from None

    def relation(self, relation_id: str) -> Relation:
        try:
            return self._by_id[relation_id]
        except KeyError:
            raise KeyError(f"no relation {relation_id!r} valid on {self.as_of}") from None

    def ties_out(self, actor_id: str, *kinds: RelationKind | str) -> tuple[Relation, ...]:
        """Relations held by ``actor_id`` (optionally of ``kinds``)."""
        return _filter(self._by_holder.get(actor_id, ()), kinds)

    def ties_in(self, actor_id: str, *kinds: RelationKind | str) -> tuple[Relation, ...]:
        """Relations whose subject is ``actor_id`` (optionally of ``kinds``)."""
        return _filter(self._by_subject.get(actor_id, ()), kinds)

    def of_kind(self, *kinds: RelationKind | str) -> tuple[Relation, ...]:
        return _filter(self.relations, kinds)

    def board(self, subject_id: str) -> list[Relation]:
        """Board seats on ``subject_id``: chair first, then directors, then observers; by holder name."""
        seats = self.ties_in(subject_id, RelationKind.board_seat)
        return sorted(seats, key=lambda r: (_SEAT_ORDER.get(r.role, 9), self.name(r.holder)))

    def voting_directors(self, subject_id: str) -> list[Relation]:
        return [s for s in self.board(subject_id) if s.voting]

    def officers(self, subject_id: str) -> list[Relation]:
        return sorted(self.ties_in(subject_id, RelationKind.officer), key=lambda r: (r.role, r.holder))

    def name(self, actor_id: str) -> str:
        a = self.actors.get(actor_id)
        return a.name if a else actor_id

    def evidence_for(self, relation: Relation) -> list[Evidence]:
        return [self.evidence[e] for e in relation.evidence if e in self.evidence]

    # -- derivation (scenarios) ---------------------------------------------------------------
    def with_relations(self, relations: Iterable[Relation], actors: Iterable[Actor] | None = None) -> "Snapshot":
        """A new snapshot on the same date with these relations (and optionally extra actors)."""
        all_actors = dict(self.actors)
        for a in actors or ():
            all_actors[a.id] = a
        return Snapshot.build(self.as_of, all_actors.values(), relations, self.evidence.values(), self.sources.values(),
                              self.ends_known, self.notes, self.known_as_of, self.designations, self.identity)


def _filter(rels: Iterable[Relation], kinds: tuple) -> tuple[Relation, ...]:
    if not kinds:
        return tuple(rels)
    wanted = _kind_set(kinds)
    return tuple(r for r in rels if r.kind in wanted)


def _kind_set(kinds: tuple) -> frozenset[RelationKind]:
    """``{RelationKind(k) for k in kinds}``, made once per tuple of kinds asked for (a lookup by kinds is
    made hundreds of thousands of times by one assessment of a widely held company)."""
    found = _KIND_SETS.get(kinds)
    if found is None:
        found = _KIND_SETS[kinds] = frozenset(RelationKind(k) for k in kinds)
    return found


_KIND_SETS: dict[tuple, frozenset] = {}


class _ValidOn(Mapping):
    """``key -> ties valid on day``, filtered from an index of every tie on record when first asked for
    (a long list through its validity spans as day numbers, kept in ``spans`` for every date)."""

    LONG = 32

    def __init__(self, index: Mapping[str, tuple[Relation, ...]], day: date, spans: dict):
        self._index, self._day, self._memo, self._spans = index, day, {}, spans

    def __getitem__(self, key: str) -> tuple[Relation, ...]:
        found = self._memo.get(key)
        if found is None:
            rels = self._index[key]
            if len(rels) <= self.LONG:
                found = tuple(r for r in rels if r.valid_on(self._day))
            else:
                found = tuple(rels[i] for i in self._valid_positions(key, rels))
            self._memo[key] = found
        return found

    def _valid_positions(self, key: str, rels: tuple[Relation, ...]):
        """Where in ``rels`` the ties valid on the day are: valid_from ≤ day < valid_to, an open end unbounded
        (:meth:`kingmaker.model.time.Validity.contains`)."""
        import numpy as np

        span = self._spans.get(key)
        if span is None:
            span = self._spans[key] = (
                np.array([r.valid_from.toordinal() if r.valid_from else 0 for r in rels], dtype=np.int64),
                np.array([r.valid_to.toordinal() if r.valid_to else 1 << 40 for r in rels], dtype=np.int64))
        day = self._day.toordinal()
        return np.flatnonzero((span[0] <= day) & (day < span[1])).tolist()

    def get(self, key, default=None):
        return self[key] if key in self._index else default

    def __contains__(self, key) -> bool:
        return key in self._index and bool(self[key])

    def __iter__(self):
        return (k for k in self._index if self[k])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _DatedView(Snapshot):
    """A :class:`Snapshot` on one date read from a :class:`Timeline`: the same lookups, each filtering the
    timeline's index of every tie when it is made, so a snapshot costs what is read of it (ties of some
    kinds from an index by actor and kind: the three board seats of a company held by thousands are found
    without looking at the thousands)."""

    def ties_out(self, actor_id: str, *kinds: RelationKind | str) -> tuple[Relation, ...]:
        if not kinds:
            return super().ties_out(actor_id)
        return self._kept(("out", actor_id, kinds), self.__dict__["_holder_kind"])

    def ties_in(self, actor_id: str, *kinds: RelationKind | str) -> tuple[Relation, ...]:
        if not kinds:
            return super().ties_in(actor_id)
        return self._kept(("in", actor_id, kinds), self.__dict__["_subject_kind"])

    def _kept(self, key: tuple, index: "_ValidOn") -> tuple[Relation, ...]:
        """The ties of ``key`` (direction, actor, kinds), filtered once per view: assessing a company's
        holders asks for the same actors' ties of the same kinds again and again (each holder's controlled
        group overlaps the others'; ~600,000 lookups in the 30 first assessments of the API bench at 10^5)."""
        memo = self.__dict__["_memo"]
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._of_kinds(index, key[1], key[2])
        return found

    @staticmethod
    def _of_kinds(index: "_ValidOn", actor_id: str, kinds: tuple) -> tuple[Relation, ...]:
        parts = [p for p in (index.get((actor_id, k), ()) for k in _kind_set(kinds)) if p]
        if len(parts) <= 1:
            return parts[0] if parts else ()
        return tuple(sorted((r for p in parts for r in p), key=lambda r: r.id))  # relation-id order, as build gives

    @property
    def relations(self) -> tuple[Relation, ...]:  # type: ignore[override]
        memo = self.__dict__["_memo"]
        if "relations" not in memo:
            memo["relations"] = tuple(r for r in self.__dict__["_timeline"].relations if r.valid_on(self.as_of))
        return memo["relations"]


class Timeline:
    """Every tie on record, indexed once, and the snapshot on any date as a view of it (:meth:`on`).

    What asks for snapshots on many dates — since when a verdict has held walks back through every date a
    tie changed (:func:`kingmaker.assess.service.fill_since`) — reads the store once instead of once per
    date, and each date's snapshot filters only the ties it is asked about. ``on(day)`` answers every
    lookup as ``Snapshot.build(day, …)`` over the same records does (ties by holder and by subject in
    relation-id order); its ``evidence``, ``sources`` and ``ends_known`` cover every tie on record, a
    superset whose entries for the day's ties are the same.

    >>> from kingmaker.model.examples import small_group
    >>> snap = small_group()
    >>> tl = Timeline(snap.actors.values(), snap.relations)
    >>> [r.id for r in tl.on(snap.as_of).ties_in("target")] == [r.id for r in snap.ties_in("target")]
    True
    """

    def __init__(self, actors: Iterable[Actor], relations: Iterable[Relation], evidence: Iterable[Evidence] = (),
                 sources: Iterable[Source] = (), ends_known: Mapping[str, date | None] | None = None,
                 notes: Iterable[str] = (), known_as_of: date | None = None,
                 designations: Iterable[Designation] = (), identity: Any = None, recorded: Iterable[Relation] = ()):
        self.actors = MappingProxyType({a.id: a for a in actors})
        self.relations = tuple(sorted(relations, key=lambda r: r.id))
        #: the relations as the store holds them (before identities were merged or later facts dropped)
        self.recorded = tuple(recorded) or self.relations
        by_holder: dict[str, list[Relation]] = defaultdict(list)
        by_subject: dict[str, list[Relation]] = defaultdict(list)
        for r in self.relations:
            by_holder[r.holder].append(r)
            by_subject[r.subject].append(r)
        self._by_holder = {k: tuple(v) for k, v in by_holder.items()}
        self._by_subject = {k: tuple(v) for k, v in by_subject.items()}
        holder_kind: dict[tuple, list[Relation]] = defaultdict(list)
        subject_kind: dict[tuple, list[Relation]] = defaultdict(list)
        for r in self.relations:
            holder_kind[r.holder, r.kind].append(r)
            subject_kind[r.subject, r.kind].append(r)
        self._holder_kind = {k: tuple(v) for k, v in holder_kind.items()}
        self._subject_kind = {k: tuple(v) for k, v in subject_kind.items()}
        self._by_id = {r.id: (r,) for r in self.relations}
        self.evidence = MappingProxyType({e.id: e for e in evidence})
        self.sources = MappingProxyType({s.id: s for s in sources})
        self.ends_known = MappingProxyType(dict(ends_known or {}))
        self.notes, self.known_as_of = tuple(notes), known_as_of
        self.designations = tuple(sorted(designations, key=lambda d: d.id))
        self.identity = identity
        self._spans: tuple[dict, ...] = ({}, {}, {}, {}, {})  # validity spans of long lists, per index

    def on(self, day: date) -> Snapshot:
        """The snapshot on ``day`` (a new view each time: what it has filtered is kept only as long as it is)."""
        view = object.__new__(_DatedView)
        fields = {"as_of": day, "actors": self.actors, "evidence": self.evidence, "sources": self.sources,
                  "ends_known": self.ends_known, "notes": self.notes, "known_as_of": self.known_as_of,
                  "designations": tuple(d for d in self.designations if d.valid_on(day)),
                  "_by_holder": _ValidOn(self._by_holder, day, self._spans[0]),
                  "_by_subject": _ValidOn(self._by_subject, day, self._spans[1]),
                  "_by_id": _SingleValid(_ValidOn(self._by_id, day, self._spans[2])), "identity": self.identity,
                  "_holder_kind": _ValidOn(self._holder_kind, day, self._spans[3]),
                  "_subject_kind": _ValidOn(self._subject_kind, day, self._spans[4]), "_memo": {},
                  "_timeline": self}
        for name, value in fields.items():
            object.__setattr__(view, name, value)
        return view


class _SingleValid(Mapping):
    """``relation id -> relation`` for the ties valid on a day."""

    def __init__(self, valid: _ValidOn):
        self._valid = valid

    def __getitem__(self, key: str) -> Relation:
        found = self._valid.get(key, ())
        if not found:
            raise KeyError(key)
        return found[0]

    def __iter__(self):
        return iter(self._valid)

    def __len__(self) -> int:
        return len(self._valid)
