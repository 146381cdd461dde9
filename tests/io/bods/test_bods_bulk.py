"""The BODS bulk path against the precise one: the yes/no schema validator agrees with the precise
checker on every corpus statement; prepared rows (no pydantic model per record) give a store identical
to the model path's (``Store.fingerprint``) and JSON that the models read back unchanged; an error in
the last statement of a large file leaves the store as it was."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from io_support import corpus

from kingmaker.errors import InvalidInput, UserError
from kingmaker.io.bods import reader as bods
from kingmaker.io.common import CaseBuffer
from kingmaker.io.jsonstream import JsonInputError, JsonRecords
from kingmaker.io.streaming import load_streamed
from kingmaker.model import Actor, Evidence, Relation, Source
from kingmaker.store import Store


def _corpus_files(shared_dir: Path) -> list[Path]:
    files = sorted(corpus(shared_dir, "bods-examples").glob("*.json"))
    files += sorted(corpus(shared_dir, "bods-validity", "valid").glob("*.json"))
    return files


def _load(path: Path, fast: bool) -> tuple[str, list, Store] | tuple[str, list]:
    """Load one BODS file through ``bods.stream(fast=…)`` into a fresh store."""
    store = Store(":memory:")
    try:
        read = bods.stream(path, store.actor_ids() | bods.declared_actors(path), fast=fast)
        if read.problems.has_errors:
            return "rejected", [str(p) for p in read.problems.finish()]
        store.write_streamed([(read.dataset, lambda: read.chunks)])
    except (InvalidInput, UserError) as exc:
        return "rejected", [str(exc)]
    return store.fingerprint(), [str(p) for p in read.problems.finish()], store


def test_fast_validator_agrees_with_the_precise_checker(shared_dir):
    files = _corpus_files(shared_dir) + sorted(corpus(shared_dir, "bods-validity", "invalid").glob("*.json"))
    check, valid = bods.statement_checker(), bods.statement_validator()
    seen = failing = 0
    for f in files:
        try:
            for rec in JsonRecords(f):
                st, _, _ = bods._upgrade_if_old(rec.value)
                seen += 1
                errors = check(st)
                failing += bool(errors)
                assert valid(st) == (not errors), (f.name, rec.index, errors[:3])
        except JsonInputError:
            continue  # broken JSON: neither checker gets that far
    assert seen > 300 and failing > 100  # both outcomes were exercised


@pytest.mark.shared
def test_fast_and_precise_paths_give_identical_stores(shared_dir):
    files = _corpus_files(shared_dir)
    files += sorted(corpus(shared_dir, "bods-validity", "invalid").glob("*.json"))
    assert len(files) >= 19 + 111
    for f in files:
        precise, fast = _load(f, fast=False), _load(f, fast=True)
        assert precise[:2] == fast[:2], f.name  # same fingerprint (or rejection) and the same problems
        if len(fast) == 3:  # loaded: each row's JSON is what the model reads back and writes again
            con = fast[2].con
            for table, model in (("actors", Actor), ("relations", Relation), ("evidence", Evidence),
                                 ("sources", Source)):
                for (data,) in con.execute(f"SELECT data FROM {table}").fetchall():
                    assert model.model_validate_json(data).model_dump_json() == data, (f.name, table)


def test_prepared_rows_round_trip_through_the_models(tmp_path):
    """Awkward values: non-ASCII, escapes, floats, exclusive bounds, closed records, details, annotations."""
    stmts = [
        {"statementId": "s-e1", "recordId": "E1", "recordType": "entity", "statementDate": "2020-01-01",
         "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"},
                           "name": "Zoë \"Quote\" Ltd\u2028", "jurisdiction": {"name": "Deutschland", "code": "DE"},
                           "identifiers": [{"scheme": "DE-HR", "id": "HRB 1/2"}]}},
        {"statementId": "s-p1", "recordId": "P1", "recordType": "person", "statementDate": "2020-01-01",
         "recordDetails": {"isComponent": False, "personType": "knownPerson",
                           "names": [{"type": "legal", "fullName": " Jürgen Ø "}]}},
        {"statementId": "s-r1", "recordId": "R1", "recordType": "relationship", "statementDate": "2021-05-05",
         "recordStatus": "closed", "annotations": [{"motivation": "commenting", "description": "note ✓",
                                                    "statementPointerTarget": "/recordDetails"}],
         "recordDetails": {"isComponent": False, "subject": "E1", "interestedParty": "P1", "interests": [
             {"type": "shareholding", "share": {"exclusiveMinimum": 25.5, "maximum": 50}, "startDate": "2019-01-01"},
             {"type": "boardChair", "details": "chair since 2019", "startDate": "2019-03-01"},
             {"type": "rightsToProfitOrIncome", "share": {"exact": 1e-05}},
             {"type": "madeUpInterest"}]}},
    ]
    path = tmp_path / "awkward.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in stmts) + "\n", encoding="utf-8")
    precise, fast = _load(path, fast=False), _load(path, fast=True)
    assert precise[0] == fast[0] and precise[1] == fast[1]
    rels = fast[2].relations()
    assert len(rels) == 4 and {r.valid_to.isoformat() for r in rels} == {"2021-05-05"}


def test_bulk_chunks_hold_prepared_rows_and_read_holds_models(tmp_path):
    path = tmp_path / "small.jsonl"
    _generate(path, 30)
    fast = [x for c in bods.stream(path, set()).chunks for x in c.actors + c.relations + c.evidence]
    assert fast and all(type(x).__name__.startswith("Prepared") for x in fast)
    case = bods.read(path, set()).case
    assert all(isinstance(a, Actor) for a in case.actors) and all(isinstance(r, Relation) for r in case.relations)


def _generate(path: Path, n: int, last: dict | None = None) -> None:
    pub = {"publicationDate": "2024-01-01", "bodsVersion": "0.4", "publisher": {"name": "Test Register"}}
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n // 3):
            e, p = f"ent-{i}", f"per-{i}"
            base = {"statementDate": "2024-01-01", "publicationDetails": pub, "recordStatus": "new"}
            for st in (
                {**base, "statementId": f"st-{i}-e", "recordId": e, "recordType": "entity",
                 "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"},
                                   "name": f"Company {i}"}},
                {**base, "statementId": f"st-{i}-p", "recordId": p, "recordType": "person",
                 "recordDetails": {"isComponent": False, "personType": "knownPerson",
                                   "names": [{"type": "legal", "fullName": f"Person {i}"}]}},
                {**base, "statementId": f"st-{i}-r", "recordId": f"rel-{i}", "recordType": "relationship",
                 "recordDetails": {"isComponent": False, "subject": e, "interestedParty": p, "interests": [
                     {"type": "shareholding", "share": {"exclusiveMinimum": 25, "maximum": 50}}]}},
            ):
                fh.write(json.dumps(st) + "\n")
        if last is not None:
            fh.write(json.dumps(last) + "\n")


def test_an_error_in_the_last_statement_of_a_large_file_leaves_the_store_unchanged(tmp_path):
    db = tmp_path / "store.duckdb"
    good = tmp_path / "good.jsonl"
    _generate(good, 300)
    with Store(db) as store:
        load_streamed(store, [good])
        before = store.fingerprint()
    # 60 000 statements: several bulk chunks are written before the bad one is reached
    bad_relationship = {"statementId": "st-last", "recordId": "rel-last", "recordType": "relationship",
                        "statementDate": "2024-01-01", "recordDetails": {
                            "isComponent": False, "subject": "ent-1", "interestedParty": "per-1",
                            "interests": [{"type": "shareholding", "share": {"minimum": 70, "maximum": 20}}]}}
    big = tmp_path / "big.jsonl"
    _generate(big, 60_000, last=bad_relationship)
    assert sum(1 for _ in open(big)) > 2 * bods.BULK_CHUNK // 3
    with Store(db) as store:
        with pytest.raises(InvalidInput) as err:
            load_streamed(store, [good, big])
        message = str(err.value)
        assert "big.jsonl" in message and "st-last" in message and "recordDetails.interests[0].share" in message
        assert store.fingerprint() == before
    # an error found only while the rows are written (an id clash) rolls back just the same
    with Store(db) as store:
        big.write_text(big.read_text().rsplit("\n", 2)[0] + "\n")  # drop the bad statement
        real = store._insert
        calls = {"n": 0}

        def failing_insert(table, rows):
            calls["n"] += 1
            if calls["n"] > 12:
                raise UserError("simulated failure late in the load")
            real(table, rows)

        store._insert = failing_insert
        with pytest.raises(UserError):
            load_streamed(store, [big])
        store._insert = real
        assert store.fingerprint() == before


def test_bulk_settings_are_restored_after_a_load(tmp_path):
    path = tmp_path / "small.jsonl"
    _generate(path, 30)
    with Store(tmp_path / "s.duckdb") as store:
        limit = store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        order = store.con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
        load_streamed(store, [path])
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == limit
        assert store.con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0] == order


def test_casebuffer_dedupes_prepared_actors_like_models():
    from kingmaker.model import ActorKind, CaseInfo
    from kingmaker.store.store import PreparedActor

    buf = CaseBuffer(CaseInfo("x", "x"))
    buf.actors += [PreparedActor("a", ActorKind.person, "A", None, {}, "{}"),
                   PreparedActor("a", ActorKind.person, "A2", None, {}, "{}")]
    assert [a.name for a in buf.take().actors] == ["A2"]


def test_a_one_line_array_measures_each_records_own_nesting(tmp_path, monkeypatch):
    """Minified BODS (the whole array on one line): the depth check looks at a record's own brackets. It counted
    the whole line for every record, so each record was measured and a 27 MB file took minutes (quadratic)."""
    from kingmaker.io import jsonstream

    calls = []
    real = jsonstream.depth_of
    monkeypatch.setattr(jsonstream, "depth_of", lambda value, limit: calls.append(1) or real(value, limit))
    records = [{"statementId": f"s{i}", "a": [[{"b": [1]}]]} for i in range(300)]  # 4 brackets each, 1,200 in all
    path = tmp_path / "minified.json"
    path.write_text(json.dumps(records, separators=(",", ":")) + "\n")
    read = [r.value for r in jsonstream.JsonRecords(path)]
    assert read == records and calls == []
    deep = [{"statementId": "s0"}, {"statementId": "s1", "x": json.loads("[" * 150 + "]" * 150)}]
    path.write_text(json.dumps(deep, separators=(",", ":")))
    with pytest.raises(jsonstream.JsonInputError, match="nested over"):
        list(jsonstream.JsonRecords(path))
