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
        a = self.store.actor(actor_id)
        if a is None:
            close = [x.id for x in self.store.find_actors(actor_id, 3)]
            hint = f"; did you mean {', '.join(close)}?" if close else "; list them with `kingmaker actors`"
            raise UserError(f"no actor {actor_id!r} in {self.store.path}{hint}")
        return a

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


def describe_relation(r: Relation, names: dict[str, str]) -> str:
    """One line in plain English: "Helen Toner — director (board seat) — OpenAI, Inc."."""
    holder, subject = names.get(r.holder, r.holder), names.get(r.subject, r.subject)
    kind = r.kind.value
    if kind == "board_seat":
        detail = f"{r.role}{'' if r.voting else ', non-voting'} (board seat)"
    elif kind == "officer":
        detail = ("interim " if r.interim else "") + r.role
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
    else:
        detail = kind.replace("_", " ")
    if r.share is not None:
        detail += f" {r.share}"
    if kind == "economic_interest" and r.cap:
        detail += f" (cap: {r.cap})"
    return f"{holder} — {detail} — {subject}"
