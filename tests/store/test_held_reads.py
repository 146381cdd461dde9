"""A read-only store given its timeline's records (``Store.hold``: what ``kingmaker serve`` does once per store
version) answers every point read — an actor, actors by id, evidence, sources, a relation's dataset, the actors
sharing an identifier — from memory, exactly as its queries do, and without a query where it holds every id
asked for. On real registers (Companies House PSC lines, GLEIF Level 1 and 2, the BODS examples: records of one
party merged by identifier, so the timeline's actors are merged ones) and on the flagship case and library
(no merge: every actor held)."""
from __future__ import annotations

import random

import pytest

import kingmaker
from kingmaker.api.state import ApiState
from kingmaker.model.identity import IdentityRule

from conftest import SHARED
from io_support import corpus, store_files


class _NoQueries:
    """A connection that must not be used: the held reads answer without one."""

    def __getattr__(self, name):
        raise AssertionError(f"a held read used the store's connection ({name})")


def _stores(which: str, tmp_path):
    files = store_files(which)
    if which == "registers":
        files += sorted(corpus(SHARED, "bods-examples").glob("*.json"))
    path = tmp_path / f"{which}.duckdb"
    with kingmaker.open(path) as km:
        for f in files:
            km.load(f)
    # the same file twice, read-only: one answers from its queries, the other from what it holds
    state = ApiState.attach(ApiState.prepare(path), "t")
    timeline = state.timeline()
    state.hold(timeline)
    plain = ApiState.attach(path, "t")
    return state, plain, timeline


@pytest.mark.parametrize("which", ["registers", "flagship"])
def test_held_reads_answer_as_the_queries(which, tmp_path):
    state, plain, timeline = _stores(which, tmp_path)
    held, store = state.km.store, plain.km.store
    try:
        actors = sorted(r[0] for r in store.con.execute("SELECT actor_id FROM actors").fetchall())
        relations = sorted(r[0] for r in store.con.execute("SELECT relation_id FROM relations").fetchall())
        evidence = sorted(timeline.evidence)
        sources = sorted(timeline.sources)
        assert actors and relations and evidence and sources
        merged = timeline.identity is not None
        assert merged == (which == "registers")  # both cases: merged actors are not held, records are
        keyed, sharing = held.__dict__["_held_identifiers"]
        assert sharing if merged else keyed  # identifiers shared (registers); held by one actor (flagship)
        rng = random.Random(19)
        rules = [IdentityRule("merge", actors[0], actors[-1])]

        def same(ask) -> None:
            assert ask(held) == ask(store)

        for a in [*actors, "no-such-actor"]:
            same(lambda s: s.actor(a))
            same(lambda s: s.actors_sharing_identifiers([a]))
            same(lambda s: s.actors_sharing_identifiers([a], rules))
        for _ in range(40):
            some = rng.sample(actors, rng.randint(1, 8))
            same(lambda s: s.actors_by_id(some * 2))
            same(lambda s: s.actors_by_id([*some, "no-such-actor"]))
            same(lambda s: s.actors_sharing_identifiers(some))
            cited = rng.sample(evidence, min(3, len(evidence)))
            same(lambda s: s.evidence(cited))
            same(lambda s: s.evidence([evidence[0], "no-such-evidence"]))
            same(lambda s: s.sources(sources[:2]))
            ids = rng.sample(relations, min(6, len(relations)))
            same(lambda s: s.relation_provenance(ids))
            same(lambda s: s.relation_provenance([*ids, "no-such-relation"]))
        # held: no query at all where every id asked for is held
        con, held.con = held.con, _NoQueries()
        try:
            held.relation_provenance(relations)
            held.actors_sharing_identifiers(actors)
            held.evidence(evidence)
            held.sources(sources)
            if not merged:
                assert [x.id for x in held.actors_by_id(reversed(actors))] == actors
                assert held.actor(actors[0]).id == actors[0] and held.actor("no-such-actor") is None
        finally:
            held.con = con
    finally:
        state.close()
        plain.close()


def test_a_value_many_actors_hold_is_held_once_not_per_pair(tmp_path):
    """A register's junk identifier (``N/A`` under each company's own scheme: no merge) held by many actors: the held
    reads answer as the query, and what is held grows with the identifier rows, not with the pairs of actors sharing
    a value — it was a set of every sharer per actor, the square (20,000 such actors in a 60,000-actor store: the
    server's warm-up was killed for memory, where the per-request query had answered)."""
    n = 300
    case = tmp_path / "junk.yaml"
    case.write_text("case: {id: junk, title: J}\nactors:\n" + "".join(
        f"  - {{id: c{i}, kind: company, name: C{i}, identifiers: {{xx-reg-{i}: N/A}}}}\n" for i in range(n))
        + "  - {id: d, kind: company, name: D, identifiers: {xx-reg-1: '12'}}\n")
    path = tmp_path / "junk.duckdb"
    with kingmaker.open(path) as km:
        km.load(case)
    state = ApiState.attach(ApiState.prepare(path), "t")
    state.hold(state.timeline())
    plain = ApiState.attach(path, "t")
    try:
        held, store = state.km.store, plain.km.store
        assert held.__dict__.get("_held_identifiers") is not None and held.__dict__.get("_held_actors") is not None
        for ids in (["c0"], ["c1", "d"], ["d"], ["nobody"], [f"c{i}" for i in range(0, n, 7)]):
            assert held.actors_sharing_identifiers(ids) == store.actors_sharing_identifiers(ids)
        assert len(held.actors_sharing_identifiers(["c5"])) == n
        held_size = sum(sum(map(len, part.values())) if isinstance(part, dict) else len(part)
                        for part in held.__dict__["_held_identifiers"])
        assert held_size <= 2 * (n + 1), held_size  # per identifier row, not n * n
    finally:
        state.close()
        plain.close()
