"""The Python API facade: a store plus the operations people call from code and the CLI."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from kingmaker.errors import UserError
from kingmaker.model import Actor, Event, Relation
from kingmaker.model.snapshot import Snapshot
from kingmaker.model.time import parse_partial_date
from kingmaker.report.account import describe_relation  # noqa: F401 (re-exported)
from kingmaker.store import Store


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    what: str  # "event", "starts", "ends"
    text: str
    event: Event | None = None
    relation: Relation | None = None


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_partial_date(value)[0]
    except ValueError as exc:
        raise UserError(str(exc)) from None


class Kingmaker:
    """``kingmaker.open(db)`` returns one of these. It wraps a :class:`Store`."""

    def __init__(self, db: str | Path | None = None, *, read_only: bool = False):
        self.store = Store(db, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Kingmaker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    def load(self, *paths: str | Path, format: str | None = None):
        """Load files (all or nothing); returns a :class:`kingmaker.io.loader.LoadReport`."""
        from kingmaker.io.loader import load_files

        flat: list[str | Path] = []
        for p in paths:
            flat.extend(p if isinstance(p, (list, tuple)) else [p])
        return load_files(self.store, flat, format)

    def snapshot(self, as_of: date | str | None = None) -> Snapshot:
        return self.store.snapshot(_as_date(as_of))

    def actors(self, kind: str | None = None) -> list[Actor]:
        return self.store.actors(kind)

    def actor(self, actor_id: str) -> Actor:
        """The actor a user means: its id, or else an identifier (an LEI, a company number) or a name, in any
        case. Several actors that are one party (same identifier) give the merged one; an ambiguous name is
        an error listing the candidates."""
        a = self.store.actor(actor_id)
        if a is not None:
            return a
        found = self.store.lookup_actors(actor_id)
        if found:
            from kingmaker.model.identity import resolve_identities

            res = resolve_identities(found, self.store.identity_rules())
            parties = {res.canonical_of(x.id) for x in found}
            if len(parties) == 1:
                canon = parties.pop()
                return next((x for x in found if x.id == canon), found[0])
            shown = "; ".join(f"{x.id} ({x.kind.value}, {x.name})" for x in found[:10])
            raise UserError(f"{actor_id!r} names {len(parties)} different actors in {self.store.path}: {shown}; "
                            "give the actor id")
        close = [x.id for x in self.store.find_actors(actor_id, 3)]
        hint = f"; did you mean {', '.join(close)}?" if close else "; list them with `kingmaker actors`"
        raise UserError(f"no actor {actor_id!r} in {self.store.path}{hint}")

    def local_snapshot(self, actor_id: str, as_of: date | str | None = None) -> Snapshot:
        """A snapshot holding only ``actor_id``'s ties on the date (and the actors, evidence and sources
        they name) — what ``show`` needs, without reading the whole store."""
        self.actor(actor_id)
        day = _as_date(as_of) or date.today()
        store = self.store
        rels = store.relations(actor=actor_id, as_of=day)
        ids = sorted({x for r in rels for x in (r.holder, r.subject)} | {actor_id})
        actors = [a for a in (store.actor(i) for i in ids) if a is not None]
        evidence = store.evidence({e for r in rels for e in r.evidence})
        sources = store.sources({e.source for e in evidence})
        return Snapshot.build(day, actors, rels, evidence, sources)

    # -- analyses on the store, as the command line runs them ------------------------------------------
    def ubo(self, subject: str, as_of: date | str | None = None, threshold=None, **options):
        """Beneficial owners of ``subject`` on ``as_of`` (:func:`kingmaker.analysis.ownership.ubo`; the
        threshold in percent unless a ``Fraction``, default 25 %)."""
        from kingmaker.analysis.ownership import ubo

        subject = self.actor(subject).id
        return ubo(self.snapshot(as_of), subject, threshold, **options)

    def owners(self, subject: str, as_of: date | str | None = None, min_share=None, *, kind: str = "shareholding"):
        """Every direct and indirect owner of ``subject`` with its integrated share
        (:func:`kingmaker.analysis.ownership.owners`; ``min_share`` in percent, default 1 %)."""
        from fractions import Fraction

        from kingmaker.analysis.ownership import owners

        subject = self.actor(subject).id
        return owners(self.snapshot(as_of), subject, Fraction(1, 100) if min_share is None else min_share, kind=kind)

    def power(self, board: str, as_of: date | str | None = None, indices=("banzhaf", "shapley_shubik"),
              exact: bool = True):
        """Voting power on ``board``'s board of directors on ``as_of``: a
        :class:`~kingmaker.analysis.voting.PowerResult` (observers and non-voting seats left out)."""
        from kingmaker.analysis.voting import board_game

        self.actor(board)
        snap = self.snapshot(as_of)
        seats = [(snap.name(s.holder), s.role, bool(s.voting)) for s in snap.board(board)]
        if not seats:
            raise UserError(f"no board seats for {board!r} on {snap.as_of}")
        return board_game(seats).power(list(indices), exact=exact)

    def assess(self, target: str, holders: Iterable[str] | None = None, as_of: date | str | None = None,
               params=None):
        """Verdicts under UK, EU and German law for ``holders`` over ``target`` on ``as_of``, with the date
        each verdict has held since (:class:`kingmaker.assess.service.Assessment`)."""
        from kingmaker.assess.service import assess_snapshot, fill_since

        self.actor(target)
        holders = list(holders) if holders is not None else None
        for h in holders or []:
            self.actor(h)
        result = assess_snapshot(self.snapshot(as_of), target, holders, params=params)
        fill_since(result, self.store.relations(), self.snapshot, params)
        return result

    def scenario(self, scenario):
        """Run a what-if scenario (a file path or a mapping in the scenario format, docs/scenarios.md) on the
        store: a :class:`kingmaker.scenario.runner.ScenarioResult` with before and after."""
        from kingmaker.scenario.runner import parse_scenario, read_scenario, run_scenario

        sc = parse_scenario(scenario) if isinstance(scenario, dict) else read_scenario(scenario)
        self.actor(sc.target)
        return run_scenario(self.snapshot(sc.as_of), sc)

    def ties(self, actor_id: str, as_of: date | str | None = None) -> list[Relation]:
        self.actor(actor_id)
        return self.store.relations(actor=actor_id, as_of=_as_date(as_of))

    def timeline(self, actor_id: str) -> list[TimelineEntry]:
        """Everything dated that involves ``actor_id``: events, and relations starting or ending."""
        actor = self.actor(actor_id)
        names = {a.id: a.name for a in self.store.actors()}
        entries: list[TimelineEntry] = []
        for e in self.store.events(actor=actor.id):
            entries.append(TimelineEntry(e.date, "event", e.title, event=e))
        for r in self.store.relations(actor=actor.id):
            label = describe_relation(r, names)
            if r.valid_from:
                entries.append(TimelineEntry(r.valid_from, "starts", label, relation=r))
            if r.valid_to:
                entries.append(TimelineEntry(r.valid_to, "ends", label, relation=r))
        order = {"event": 0, "ends": 1, "starts": 2}
        return sorted(entries, key=lambda t: (t.date, order[t.what], t.text))
