"""One-company questions read only the company's upstream from the store (``Store.upstream_relations``,
``Kingmaker.upstream_snapshot``), and answer exactly as the ownership engine does on the whole snapshot
(the oracle): on a synthetic register with every kind of tie the engine reads (banded shares, votes,
appointment rights, decisive influence, voting and non-voting board seats, officers, unidentified parties,
cross-holdings, a closed loop, ties outside the date), and on the flagship case."""
from __future__ import annotations

from contextlib import contextmanager

import random
from datetime import date
from decimal import Decimal

import pytest

import kingmaker
from kingmaker.analysis.ownership import owners, ubo
from kingmaker.analysis.ownership.graph import edges_from_snapshot, graph_from_snapshot
from kingmaker.analysis.structure import senior_managing_officials
from kingmaker.model import Actor, Name, Relation, RelationKind, Share
from kingmaker.model.case import Case, CaseInfo
from kingmaker.model.kinds import UPSTREAM_KINDS
from kingmaker.model.snapshot import Snapshot
from kingmaker.store import Dataset
from kingmaker.synth import synth_table

from conftest import FLAGSHIP

DAY = date(2024, 6, 1)


def _share(lo: str, hi: str, lo_x: bool = False, hi_x: bool = False) -> Share:
    return Share(lower=Decimal(lo), upper=Decimal(hi), lower_inclusive=not lo_x, upper_inclusive=not hi_x)


def _register(entities: int = 600, seed: int = 5) -> Case:
    """A synthetic register: `kingmaker synth`'s shareholdings plus every other tie the engine reads."""
    t = synth_table(entities, seed).to_pydict()
    rng = random.Random(seed)
    kinds: dict[str, str] = {}
    rels: list[Relation] = []
    for i in range(len(t["holder"])):
        h, s = t["holder"][i], t["subject"][i]
        kinds.setdefault(h, t["holder_kind"][i] or "company")
        kinds.setdefault(s, t["subject_kind"][i] or "company")
        if kinds[s] == "person":  # holdings in a person are ignored and noted graph-wide: tested apart
            continue
        if t["share"][i]:
            share = _share(t["share"][i], t["share"][i])
        else:
            share = _share(t["share_min"][i], t["share_max"][i], t["min_exclusive"][i] == "true",
                           t["max_exclusive"][i] == "true")
        validity = {}
        if rng.random() < 0.05:  # ended before the day, or starting after it: not part of the answer
            validity = rng.choice([{"valid_to": date(2020, 1, 1)}, {"valid_from": date(2030, 1, 1)}])
        elif rng.random() < 0.05:
            validity = {"valid_from": date(2019, 1, 1), "valid_to": date(2031, 1, 1)}
        rels.append(Relation(id=f"s{i:05d}", kind="shareholding", holder=h, subject=s, share=share,
                             validity=validity))
        if rng.random() < 0.3:
            rels.append(Relation(id=f"v{i:05d}", kind="voting_rights", holder=h, subject=s, share=share,
                                 validity=validity))
    companies = sorted(a for a, k in kinds.items() if k == "company")
    persons = sorted(a for a, k in kinds.items() if k == "person")
    for j in range(entities // 20):
        h, s = rng.sample(companies, 2)
        attrs = rng.choice([{"seats": 3, "of_seats": 5}, {"seats": 1, "of_seats": 5}, {}])
        rels.append(Relation(id=f"a{j:04d}", kind="appointment_right", holder=h, subject=s, attrs=attrs))
        h, s = rng.sample(companies, 2)
        rels.append(Relation(id=f"i{j:04d}", kind="other_influence", holder=h, subject=s,
                             attrs={"description": "shareholder agreement", "decisive": rng.random() < 0.5}))
        u = f"u{j:04d}"
        kinds[u] = "unknown"
        rels.append(Relation(id=f"u{j:04d}", kind="voting_rights", holder=u, subject=rng.choice(companies),
                             share=_share("0", "5")))
        board = rng.choice(companies)  # a board where one holder has most voting seats, observers beside
        chair = rng.choice(persons)
        for k, (holder, role) in enumerate([(chair, "chair"), (chair, "director"), (rng.choice(persons), "director"),
                                            (rng.choice(persons), "observer")]):
            rels.append(Relation(id=f"b{j:04d}-{k}", kind="board_seat", holder=holder, subject=board,
                                 attrs={"role": role}))
        rels.append(Relation(id=f"o{j:04d}", kind="officer", holder=rng.choice(persons),
                             subject=rng.choice(companies), attrs={"role": "CEO", "interim": rng.random() < 0.2}))
        rels.append(Relation(id=f"x{j:04d}", kind="supply", holder=rng.choice(companies),
                             subject=rng.choice(companies), attrs={"resource": "compute"}))
    # a closed loop (100 % of each other) holding votes in a company, and treasury shares
    kinds.update({"loop-1": "company", "loop-2": "company", "treasury": "company"})
    rels += [Relation(id="loop-a", kind="shareholding", holder="loop-1", subject="loop-2", share=_share("100", "100")),
             Relation(id="loop-b", kind="shareholding", holder="loop-2", subject="loop-1", share=_share("100", "100")),
             Relation(id="loop-c", kind="voting_rights", holder="loop-1", subject=companies[-1], share=_share("0", "10")),
             Relation(id="treasury-a", kind="shareholding", holder=persons[0], subject="treasury",
                      share=_share("60", "60")),
             Relation(id="treasury-b", kind="shareholding", holder="treasury", subject="treasury",
                      share=_share("10", "10"))]
    actors = [Actor(id=a, kind=k, names=(Name(name=f"Name of {a}"),),
                    unspecified_reason="subjectUnableToConfirmOrIdentifyBeneficialOwner" if k == "unknown" else None)
              for a, k in sorted(kinds.items())]
    return Case(CaseInfo("synthetic-register", "synthetic register"), actors=actors, relations=rels)


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    case = _register()
    km = kingmaker.open(tmp_path_factory.mktemp("upstream") / "s.duckdb")
    km.store.write_case(case, Dataset("synthetic-register", "synthetic register", "case", "-", "0" * 64))
    yield km, case
    km.close()


def _subjects(case: Case, k: int = 80) -> list[str]:
    """Random actors (companies, persons, unidentified parties), and those the special ties touch."""
    ids = sorted(a.id for a in case.actors)
    picks = set(random.Random(1).sample(ids, k))
    picks |= {r.subject for r in case.relations if r.id[0] in "aiboul" or r.id.startswith("treasury")}
    return sorted(picks)


def test_ubo_and_owners_on_the_upstream_equal_the_whole_snapshot(register):
    km, case = register
    whole = km.snapshot(DAY)
    graph = graph_from_snapshot(whole)  # built once: the engine on the whole snapshot
    checked = 0
    for s in _subjects(case):
        local = km.upstream_snapshot(s, DAY)
        assert len(local.relations) < len(whole.relations)
        for threshold, at_least in ((25, True), (10, False)):
            assert ubo(local, s, threshold, at_least=at_least).to_dict() == \
                ubo(graph, s, threshold, at_least=at_least).to_dict(), s
        for kind in ("shareholding", "voting_rights"):
            assert [o.to_dict() for o in owners(local, s, 0.5, kind=kind)] == \
                [o.to_dict() for o in owners(graph, s, 0.5, kind=kind)], s
        assert senior_managing_officials(local, s) == senior_managing_officials(whole, s), s
        checked += 1
    assert checked > 100


def test_the_session_facade_reads_only_the_upstream(register, monkeypatch):
    km, case = register
    s = next(r.subject for r in case.relations if r.id == "loop-c")
    whole = km.snapshot(DAY)
    expected_ubo = ubo(whole, s).to_dict()
    expected_owners = [o.to_dict() for o in owners(whole, s, kind="voting_rights")]

    def refuse(*args, **kwargs):
        raise AssertionError("a one-company question read the whole store")

    monkeypatch.setattr(km.store, "snapshot", refuse)
    assert km.ubo(s, DAY).to_dict() == expected_ubo
    assert [o.to_dict() for o in km.owners(s, DAY, kind="voting_rights")] == expected_owners


def test_upstream_holds_only_ties_into_the_subject_and_its_holders(register):
    km, case = register
    s = next(r.subject for r in case.relations if r.id == "loop-c")
    snap = km.upstream_snapshot(s, DAY)
    whole = km.snapshot(DAY)
    up = {s}
    grew = True
    while grew:  # the closure by hand, over the whole store's ties valid on the day
        new = {r.holder for r in whole.relations if r.kind.value in UPSTREAM_KINDS and r.subject in up}
        grew = not new <= up
        up |= new
    assert {r.subject for r in snap.relations} <= up
    assert {r.id for r in snap.relations} == {r.id for r in whole.relations
                                              if r.subject in up and r.kind.value in (*UPSTREAM_KINDS, "officer")}
    assert {"loop-1", "loop-2"} <= set(snap.actors)


def test_the_engine_reads_no_kind_outside_upstream_kinds(register):
    """Every edge the ownership graph takes comes from a relation of UPSTREAM_KINDS: the recursive query
    follows all the ties that can carry ownership or control (a new kind read by the engine must be
    declared ``control_basis`` in relation_kinds.yaml)."""
    km, case = register
    snap = Snapshot.build(DAY, case.actors, case.relations)
    by_id = {r.id: r for r in case.relations}
    edges = edges_from_snapshot(snap)
    assert {e.kind for e in edges} >= {"shareholding", "voting_rights", "appointment_right", "other_influence",
                                       "board_seat"}
    for e in edges:  # officers (senior officers under US CTA, issue 13) are read beside, not followed
        for rid in e.relation.split(","):
            assert by_id[rid].kind.value in (*UPSTREAM_KINDS, "officer"), rid
    assert set(UPSTREAM_KINDS) < {k.value for k in RelationKind}


def test_an_inconsistent_company_elsewhere_does_not_stop_the_answer(tmp_path):
    actors = [Actor(id=a, kind=k, names=(Name(name=a),)) for a, k in
              (("alice", "person"), ("bob", "person"), ("carol", "person"), ("x", "company"), ("z", "company"))]
    rels = [Relation(id="a-x", kind="shareholding", holder="alice", subject="x", share=_share("60", "60")),
            Relation(id="b-x", kind="shareholding", holder="bob", subject="x", share=_share("60", "60")),
            Relation(id="c-z", kind="shareholding", holder="carol", subject="z", share=_share("100", "100"))]
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.store.write_case(Case(CaseInfo("t", "t"), actors=actors, relations=rels),
                            Dataset("t", "t", "case", "-", "1" * 64))
        assert [o.actor for o in ubo(km.snapshot(DAY), "z").beneficial_owners] == ["carol"]  # issue 13: local
        report = km.ubo("z", DAY)
        assert [o.actor for o in report.beneficial_owners] == ["carol"] and not report.notes
        report = km.ubo("x", DAY)  # where it is, it is still reported, and the answer widened
        assert {o.verdict for o in report.beneficial_owners} == {"possibly"}
        assert any("inconsistent data" in n and "'x'" in n for n in report.notes)


@pytest.mark.parametrize("day", [date(2023, 11, 16), date(2023, 11, 20), date(2024, 7, 1)])
def test_flagship_every_actor(flagship_store, day):
    whole = flagship_store.snapshot(day)
    graph = graph_from_snapshot(whole)
    for a in sorted(whole.actors):
        local = flagship_store.upstream_snapshot(a, day)
        assert ubo(local, a).to_dict() == ubo(graph, a).to_dict(), a
        assert [o.to_dict() for o in owners(local, a)] == [o.to_dict() for o in owners(graph, a)], a
        assert senior_managing_officials(local, a) == senior_managing_officials(whole, a), a


def test_an_actors_ties_are_the_same_as_one_or_query(register):
    km, case = register
    con = km.store.con
    rng = random.Random(4)
    ids = rng.sample(sorted(a.id for a in case.actors), 60) + ["treasury"]  # treasury: a tie to itself
    for a in ids:
        for day, kinds in ((None, None), (DAY, None), (DAY, ["shareholding", "officer"])):
            clauses, args = ["(holder_id = ? OR subject_id = ?)"], [a, a]
            if day is not None:
                clauses.append("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)")
                args += [day, day]
            if kinds is not None:
                clauses.append("kind IN (SELECT unnest(?))")
                args.append(kinds)
            old = [r[0] for r in con.execute(f"SELECT data FROM relations WHERE {' AND '.join(clauses)} "
                                             "ORDER BY relation_id", args).fetchall()]
            assert km.store.relation_rows(actor=a, as_of=day, kinds=kinds) == old, a


@pytest.mark.parametrize("model", ["linear", "threshold", "relative"])
def test_network_control_from_the_stores_columns_equals_the_snapshot(register, flagship_store, model):
    """``kingmaker control`` builds its graph from the store's columns (float shares, no model objects):
    the same controllers in the same order, the same values to rounding, as from the whole snapshot."""
    from kingmaker.analysis import network as nw

    for km, day in ((register[0], DAY), (flagship_store, date(2023, 11, 20))):
        columns = km.ownership_graph(day)
        snap = graph_from_snapshot(km.snapshot(day))
        assert columns.ids == snap.ids and columns.kinds.tolist() == snap.kinds.tolist()
        (w1, ids1), (w2, ids2) = nw.ownership_matrix(columns), nw.ownership_matrix(snap)
        assert ids1 == ids2 and abs(w1 - w2).max() < 1e-12
        assert (nw.firm_values(columns) == nw.firm_values(snap)).all()
        got = nw.top_controllers(w1, ids1, model, 40, nw.firm_values(columns))
        want = nw.top_controllers(w2, ids2, model, 40, nw.firm_values(snap))
        assert [(c.actor, c.direct) for c in got] == [(c.actor, c.direct) for c in want]
        assert [c.value for c in got] == pytest.approx([c.value for c in want], rel=1e-9)
        assert [c.raw_value for c in got] == pytest.approx([c.raw_value for c in want], rel=1e-9)


def test_wide_levels_scan_and_narrow_ones_look_up_alike(register, monkeypatch):
    km, case = register
    subjects = _subjects(case, 30)
    looked_up = {s: [r.id for r in km.upstream_snapshot(s, DAY).relations] for s in subjects}
    monkeypatch.setattr(type(km.store), "IN_LIST", 0)  # every level as one scan
    assert {s: [r.id for r in km.upstream_snapshot(s, DAY).relations] for s in subjects} == looked_up
    assert sum(map(len, looked_up.values())) > 100


@contextmanager
def _queries_asked(store):
    """The SQL of every query ``store`` sends while the block runs (its connection wrapped, then put back)."""
    real, queries = store.con, []

    class Counting:
        def execute(self, sql, *args):
            queries.append(sql)
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)
    store.con = Counting()
    try:
        yield queries
    finally:
        store.con = real


def test_a_store_holding_its_relations_walks_upstream_in_memory_alike(register, tmp_path):
    """A server holds every relation in memory (its timeline) and gives them to its read-only store
    (``Store.hold``): walks upstream then read no level from DuckDB, and find the same relations (api19)."""
    import shutil

    km, case = register
    km.store.con.execute("CHECKPOINT")
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(km.path, copy)
    days = [DAY, date(2005, 1, 1), date(2030, 6, 30)]
    with kingmaker.open(copy, read_only=True) as ro:
        want = {(s, d): ro.upstream_of(s, d) for s in _subjects(case) for d in days}
    with kingmaker.open(copy, read_only=True) as ro:
        ro.store.hold(ro.store.relations())
        with _queries_asked(ro.store) as queries:  # every query a walk still asks
            for (s, d), (snap, subject) in want.items():
                got, got_subject = ro.upstream_of(s, d)
                assert got_subject == subject
                assert [r.model_dump() for r in got.relations] == [r.model_dump() for r in snap.relations], (s, d)
    assert not any("FROM relations" in q for q in queries)
    assert sum(len(snap.relations) for snap, _ in want.values()) > 300
    with kingmaker.open(km.path.with_name("rw.duckdb")) as rw, pytest.raises(Exception, match="read-only"):
        rw.store.hold([])


def test_an_actors_ties_from_the_relations_held_equal_the_query(register):
    """``relations(actor=…)`` and ``relations(into=…)`` — an actor's ties, the ties into its records — on a
    store holding every relation (a server worker's) give what the query gives, without a query."""
    km, case = register
    copy = km.path.with_name("held.duckdb")
    km.store.con.execute("CHECKPOINT")
    import shutil

    shutil.copyfile(km.path, copy)
    days = (None, DAY, date(2020, 6, 1), date(2035, 1, 1))
    kinds = (None, UPSTREAM_KINDS, ("board_seat", "officer"), ())
    subjects = _subjects(case)
    asks = [dict(actor=s, as_of=d, kinds=k) for s in subjects for d in days for k in kinds]
    asks += [dict(into=subjects[i:i + 3], as_of=d, kinds=k) for i in range(0, len(subjects), 3) for d in days
             for k in kinds]
    asks += [dict(actor=s, into=[s, subjects[0]], kinds=UPSTREAM_KINDS) for s in subjects]
    dump = lambda rels: [r.model_dump() for r in rels]  # noqa: E731
    with kingmaker.open(copy, read_only=True) as ro:
        want = [dump(ro.store.relations(**ask)) for ask in asks]
    with kingmaker.open(copy, read_only=True) as ro:
        ro.store.hold(ro.store.relations())
        with _queries_asked(ro.store) as queries:  # every query still asked
            got = [dump(ro.store.relations(**ask)) for ask in asks]
    assert not queries
    assert got == want
    assert sum(map(len, want)) > 1000
