"""The Python API facade: a store plus the operations people call from code and the CLI."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from kingmaker.errors import AmbiguousActor, NotFound, UserError
from kingmaker.model import Actor, Event, Relation, RelationKind
from kingmaker.model.snapshot import Snapshot
from kingmaker.model.time import parse_partial_date
from kingmaker.report.account import describe_relation  # noqa: F401 (re-exported)
from kingmaker.store import Store


EMPTY_HINT = ("; the store is empty: load a case or register file with `kingmaker load FILE`, or run "
              "`kingmaker demo` to load the flagship case (OpenAI, November 2023)")


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    what: str  # "event", "starts", "ends", "gap"
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

    def __init__(self, db: str | Path | None = None, *, read_only: bool | str = False, wait: float = 0.0):
        self.store = Store(db, read_only=read_only, wait=wait)

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

    def snapshot(self, as_of: date | str | None = None, known_as_of: date | str | None = None) -> Snapshot:
        """The graph on ``as_of`` (the date the facts describe), as known on ``known_as_of`` (only what had
        been published by then; default: everything recorded) — docs/assessment.md, "Two times"."""
        return self.store.snapshot(_as_date(as_of), _as_date(known_as_of))

    def actors(self, kind: str | None = None) -> list[Actor]:
        return self.store.actors(kind)

    def actor(self, actor_id: str | Actor, *, say_store: bool = True) -> Actor:
        """The actor a user means: its id, or else an identifier (an LEI, a company number) or a name, in any
        case. Several actors that are one party (same identifier) give the merged one. The one resolver of
        every front (CLI, API, explorer): an unknown text is :class:`~kingmaker.errors.NotFound` with close
        matches, an ambiguous one :class:`~kingmaker.errors.AmbiguousActor` listing the candidates (the
        store's path in the message unless ``say_store`` is false, as for the HTTP API).

        An :class:`Actor` already resolved comes back as it is: a front resolves the user's text once and
        passes the actor to the methods below (each of which accepts a text or an actor), which then read
        nothing more to find it."""
        if isinstance(actor_id, Actor):
            return actor_id
        a = self.store.actor(actor_id)
        if a is not None:
            return a
        where = f" in {self.store.path}" if say_store else ""
        found = self.store.lookup_actors(actor_id)
        if not found and ":" not in actor_id:  # a BODS recordId as the source prints it (the reader's bods:<key>)
            from kingmaker.io.bods.reader import actor_id as bods_actor

            found = [a] if (a := self.store.actor(bods_actor(actor_id.strip()))) is not None else []
        if found:
            from kingmaker.model.identity import resolve_identities

            res = resolve_identities(found, self.store.identity_rules())
            parties = {res.canonical_of(x.id) for x in found}
            if len(parties) == 1:
                canon = parties.pop()
                return next((x for x in found if x.id == canon), found[0])
            shown = "; ".join(f"{x.id} ({x.kind.value}, {x.name})" for x in found[:10])
            raise AmbiguousActor(f"{actor_id!r} names {len(parties)} different actors{where}: {shown}; "
                                 "give the actor id",
                                 [{"id": x.id, "kind": x.kind.value, "name": x.name} for x in found])
        shown = actor_id if len(actor_id) <= 120 else actor_id[:120] + "…"  # not a whole pasted page back
        raise NotFound(f"no actor {shown!r}{where}{self.hint_for(actor_id)}")

    def hint_for(self, text: str) -> str:
        """What to say when ``text`` names no actor: close ids (substring, then fuzzy: names, aliases,
        identifiers), or how to fill an empty store."""
        close = self.store.find_actors(text, 3) or self.store.suggest_actors(text, 3)
        if close:
            return "; did you mean " + ", ".join(f"{x.id} ({x.name})" for x in close) + "?"
        if self.store.counts().get("actors", 0) == 0:
            return EMPTY_HINT
        return "; list them with `kingmaker actors`"

    def local_snapshot(self, actor_id: str | Actor, as_of: date | str | None = None) -> Snapshot:
        """A snapshot holding only ``actor_id``'s ties on the date (and the actors, evidence and sources
        they name) — what ``show`` needs, without reading the whole store."""
        actor_id = self.actor(actor_id).id
        day = _as_date(as_of) or date.today()
        store = self.store
        rels = store.relations(actor=actor_id, as_of=day)
        actors = store.actors_by_id({x for r in rels for x in (r.holder, r.subject)} | {actor_id})
        evidence = store.evidence({e for r in rels for e in r.evidence})
        sources = store.sources({e.source for e in evidence})
        return Snapshot.build(day, actors, rels, evidence, sources)

    def upstream_snapshot(self, actor_id: str, as_of: date | str | None = None) -> Snapshot:
        """A snapshot holding what a question about ``actor_id``'s owners needs, read from the store alone:
        the ownership and control ties (:data:`kingmaker.model.kinds.UPSTREAM_KINDS`) into it and into every
        actor upstream of it, the officers of those actors (senior managing officials), its accounting
        consolidation parents and theirs (GLEIF Level 2), and the actors they name — one recursive query, without reading the rest of the store.

        ``ubo``/``owners`` on it give the answer they give on the whole snapshot (the ownership engine
        itself only walks the subject's ancestors), with two differences, both on purpose: notes on ignored
        holdings name only those upstream of the subject, and an inconsistency elsewhere in the store (lower
        ends over 100 % in an unrelated company) does not stop the answer."""
        return self.upstream_of(actor_id, as_of)[0]

    def upstream_of(self, actor: str | Actor, as_of: date | str | None = None) -> tuple[Snapshot, str]:
        """:meth:`upstream_snapshot` and the subject's id in it — ``actor`` (an id, identifier or name, see
        :meth:`actor`) resolved once; records merged into one actor answer as that actor."""
        from kingmaker.model.identity import merged_snapshot, resolve_identities
        from kingmaker.model.kinds import UPSTREAM_KINDS

        actor_id = self.actor(actor).id
        day = _as_date(as_of) or date.today()
        rules = self.store.identity_rules()
        starts, rels, named, walked = {actor_id}, {}, {actor_id}, set()
        consolidation = RelationKind.consolidation
        for _ in range(16):  # records of one party found upstream bring their own upstream (one actor per identifier)
            for r in self.store.upstream_relations(starts, day, UPSTREAM_KINDS, also=("officer", "consolidation"),
                                                   walked=walked):
                rels[r.id] = r
            # accounting consolidation parents (GLEIF Level 2) are read along, not followed: they are not ownership
            named |= {x for r in rels.values() if r.kind is not consolidation for x in (r.holder, r.subject)}
            starts = self.store.actors_sharing_identifiers(named, rules) - named
            if not starts:
                break
            named |= starts
        parents = {r.holder for r in rels.values() if r.kind is consolidation}
        actors = self.store.actors_by_id(named | parents)
        resolution = resolve_identities(actors, rules)
        # where the subject has parents, their own parents too (what a note on a missing level names)
        subject = resolution.canonical_of(actor_id)
        heads = {r.holder for r in rels.values() if r.kind is consolidation and resolution.canonical_of(r.subject) == subject}
        above = self.store.upstream_relations(heads, day, ("consolidation",)) if heads else []
        if above:
            rels.update((r.id, r) for r in above)
            more = {x for r in above for x in (r.holder, r.subject)} - named - parents
            if more:
                actors = [*actors, *self.store.actors_by_id(more)]
                resolution = resolve_identities(actors, rules)
        snap = Snapshot.build(day, actors, rels.values())
        if not resolution:
            return snap, actor_id
        return merged_snapshot(snap, resolution), resolution.canonical_of(actor_id)

    def ownership_graph(self, as_of: date | str | None = None):
        """The whole store's ownership graph on ``as_of`` for network measures, built from the store's
        columns (:func:`kingmaker.analysis.ownership.graph.graph_from_columns`: float shares, no model
        object per tie) — what ``kingmaker control`` reads."""
        from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, graph_from_columns

        day = _as_date(as_of) or date.today()

        def build():
            actors = self.store.actor_kinds()
            ties = self.store.ownership_columns(day, OWNERSHIP_KINDS)
            return graph_from_columns(actors["actor_id"], actors["kind"], ties["holder_id"], ties["subject_id"],
                                      ties["kind"], ties["share_low"], ties["share_high"])
        return self.derived.get("ownership-graph", day, build)

    @property
    def derived(self):
        """Whole-store graphs kept on disk per store version and date (:mod:`kingmaker.store.derived`):
        a second command on an unchanged store reuses them."""
        from kingmaker.store.derived import DerivedCache

        cache = self.__dict__.get("_derived")
        if cache is None or cache.store is not self.store:
            cache = self.__dict__["_derived"] = DerivedCache(self.store)
        return cache

    def screening_graph(self, as_of: date | str | None = None):
        """The whole store's ownership graph on ``as_of`` as screening needs it — shares with their bands'
        open ends, and the control interests (board-majority appointment rights, decisive influence, a
        majority of the voting seats) — built from the store's columns plus the few control ties read as
        models, not from a snapshot of every tie; names attached. ``None`` where the columns cannot say it
        exactly — BODS indirect interests (the snapshot's graph never adds them on top of the chain they
        summarise) or shares that cannot all hold (it widens them and names the relations) — and then
        ``kingmaker screen`` screens the snapshot."""
        from kingmaker.analysis.ownership.graph import OWNERSHIP_KINDS, edges_from_snapshot, graph_from_columns
        from kingmaker.model.kinds import CONTROL_BASIS_KINDS

        day = _as_date(as_of) or date.today()

        def build():
            if self.store.has_indirect_interests(day, OWNERSHIP_KINDS):
                return None
            actors = self.store.actor_kinds(names=True)
            ties = self.store.ownership_columns(day, OWNERSHIP_KINDS, ends=True)
            control = edges_from_snapshot(Snapshot.build(day, [], self.store.relations(as_of=day,
                                                                                       kinds=CONTROL_BASIS_KINDS)))
            graph = graph_from_columns(actors["actor_id"], actors["kind"], ties["holder_id"], ties["subject_id"],
                                       ties["kind"], ties["share_low"], ties["share_high"],
                                       low_exclusive=ties["low_exclusive"], high_exclusive=ties["high_exclusive"],
                                       control=control)
            graph.names = dict(zip(actors["actor_id"].to_pylist(), actors["name"].to_pylist()))
            return None if graph.inconsistent else graph
        return self.derived.get("screening-graph", day, build)

    # -- analyses on the store, as the command line runs them ------------------------------------------
    def ubo(self, subject: str, as_of: date | str | None = None, threshold=None, **options):
        """Beneficial owners of ``subject`` on ``as_of`` (:func:`kingmaker.analysis.ownership.ubo`; the
        threshold in percent unless a ``Fraction``, default 25 %)."""
        from kingmaker.analysis.ownership import ubo

        snap, subject = self.upstream_of(subject, as_of)
        return ubo(snap, subject, threshold, **options)

    def owners(self, subject: str, as_of: date | str | None = None, min_share=None, *, kind: str = "shareholding"):
        """Every direct and indirect owner of ``subject`` with its integrated share
        (:func:`kingmaker.analysis.ownership.owners`; ``min_share`` in percent, default 1 %)."""
        from fractions import Fraction

        from kingmaker.analysis.ownership import owners

        snap, subject = self.upstream_of(subject, as_of)
        return owners(snap, subject, Fraction(1, 100) if min_share is None else min_share, kind=kind)

    def power(self, board: str, as_of: date | str | None = None, indices=("banzhaf", "shapley_shubik"),
              exact: bool = True):
        """Voting power on ``board``'s board of directors on ``as_of``: a
        :class:`~kingmaker.analysis.voting.PowerResult` (observers and non-voting seats left out)."""
        from kingmaker.analysis.voting import board_game

        board = self.actor(board).id
        snap = self.snapshot(as_of)
        seats = [(snap.name(s.holder), s.role, bool(s.voting)) for s in snap.board(board)]
        if not seats:
            raise UserError(f"no board seats for {board!r} on {snap.as_of}")
        return board_game(seats).power(list(indices), exact=exact)

    def recorded_vote(self, body: str | Actor, as_of: date | str | None = None, event_id: str | None = None,
                      window_days: int = 7):
        """The recorded vote of ``body``'s board — the event named, or the one nearest ``as_of`` within
        ``window_days`` — analysed against the board seated when it was cast
        (:class:`kingmaker.analysis.voting.recorded.RecordedVote`); ``None`` when there is none."""
        from kingmaker.analysis.voting import InvalidGame
        from kingmaker.analysis.voting.recorded import analyse_recorded_vote

        body = self.actor(body).id
        if event_id is not None:
            chosen = [e for e in self.store.events() if e.id == event_id]
            if not chosen or chosen[0].vote is None:
                raise UserError(f"no event {event_id!r} with a recorded vote")
            event = chosen[0]
        else:
            day = _as_date(as_of) or date.today()
            near = sorted((abs((e.date - day).days), e.date, e.id, e) for e in self.store.events()
                          if e.vote is not None and e.vote.body == body and abs((e.date - day).days) <= window_days)
            if not near:
                return None
            event = near[0][3]
        body = event.vote.body
        seats = self.store.relations(actor=body, kinds=["board_seat"])
        seats = [s for s in seats if s.subject == body]
        ids = {s.holder for s in seats} | set(event.vote.yes + event.vote.no + event.vote.abstain + event.vote.absent)
        names = {i: a.name for i in ids if (a := self.store.actor(i)) is not None}
        try:
            return analyse_recorded_vote(seats, event, names)
        except InvalidGame as exc:
            raise UserError(f"the vote {event.id!r} of {body}: {exc} when it was cast ({event.date})") from None

    def assess(self, target: str, holders: Iterable[str] | None = None, as_of: date | str | None = None,
               params=None, known_as_of: date | str | None = None):
        """Verdicts under UK, EU and German law for ``holders`` over ``target`` on ``as_of`` (as known on
        ``known_as_of``), with the date each verdict has held since
        (:class:`kingmaker.assess.service.Assessment`)."""
        from kingmaker.assess.service import assess_snapshot, fill_since

        target = self.actor(target).id
        holders = [self.actor(h).id for h in holders] if holders is not None else None
        result = assess_snapshot(self.snapshot(as_of, known_as_of), target, holders, params=params)
        timeline = self.store.timeline(_as_date(known_as_of))
        fill_since(result, timeline.recorded, timeline.on, params)
        return result

    def scenario(self, scenario):
        """Run a what-if scenario (a file path or a mapping in the scenario format, docs/scenarios.md) on the
        store: a :class:`kingmaker.scenario.runner.ScenarioResult` with before and after."""
        from kingmaker.scenario.runner import parse_scenario, read_scenario, run_scenario

        sc = parse_scenario(scenario) if isinstance(scenario, dict) else read_scenario(scenario)
        sc.target = self.actor(sc.target).id
        return run_scenario(self.snapshot(sc.as_of), sc)

    def ties(self, actor_id: str, as_of: date | str | None = None) -> list[Relation]:
        actor_id = self.actor(actor_id).id
        return self.store.relations(actor=actor_id, as_of=_as_date(as_of))

    def gaps(self, actor_id: str | Actor):
        """Periods in which ``actor_id`` (all its records: one actor per identifier) had no registered owner or
        controller (:func:`kingmaker.analysis.ownership.gaps.registration_gaps`), from every statement kept."""
        from kingmaker.analysis.ownership.gaps import registration_gaps
        from kingmaker.model.kinds import UPSTREAM_KINDS

        actor = self.actor(actor_id)
        records = {actor.id} | self.store.actors_sharing_identifiers({actor.id}, self.store.identity_rules())
        into = self.store.relations(into=records, kinds=UPSTREAM_KINDS)
        # each record's ties one record after another, as registration_gaps has always read them (a tie
        # between two records of the actor comes twice)
        rels = [r for x in sorted(records) for r in into if x in (r.holder, r.subject)]
        holders = {a.id: a for a in self.store.actors_by_id({r.holder for r in rels})}
        return registration_gaps(rels, records, holders)

    def gap_on(self, actor_id: str | Actor, day: date, report=None):
        """The gap in ``actor_id``'s register (no owner or controller registered) that ``day`` falls in, or
        None (:func:`kingmaker.analysis.ownership.gaps.gap_at`); the ``gap`` of ``kingmaker ubo --json`` and of
        the API's ``/ubo``. With a ``report`` (:func:`~kingmaker.analysis.ownership.beneficial.ubo`) that
        names beneficial owners there is no gap to look for."""
        from kingmaker.analysis.ownership.gaps import gap_at

        if report is not None and report.beneficial_owners:
            return None
        return gap_at(self.gaps(actor_id), day)

    def timeline(self, actor_id: str) -> list[TimelineEntry]:
        """Everything dated that involves ``actor_id``: events, relations starting or ending (a relation that
        a later statement of its record continues on the same day, unchanged, is not repeated) and the gaps
        in which it had no registered owner or controller."""
        actor = self.actor(actor_id)
        names = {a.id: a.name for a in self.store.actors()}
        entries: list[TimelineEntry] = []
        for e in self.store.events(actor=actor.id):
            entries.append(TimelineEntry(e.date, "event", e.title, event=e))
        starts: dict[tuple, list[TimelineEntry]] = {}
        ends: list[TimelineEntry] = []
        for r in self.store.relations(actor=actor.id):
            label = describe_relation(r, names)
            if r.valid_from:
                entries.append(t := TimelineEntry(r.valid_from, "starts", label, relation=r))
                starts.setdefault((r.valid_from, label), []).append(t)
            if r.valid_to:
                ends.append(TimelineEntry(r.valid_to, "ends", label, relation=r))
        for t in ends:  # a statement that took over from the one before, saying the same: one line, not two
            same = starts.get((t.date, t.text))
            if same:
                entries.remove(same.pop())
            else:
                entries.append(t)
        for g in self.gaps(actor.id):
            entries.append(TimelineEntry(g.start, "gap", g.describe()))
        order = {"event": 0, "ends": 1, "gap": 2, "starts": 3}
        return sorted(entries, key=lambda t: (t.date, order[t.what], t.text))
