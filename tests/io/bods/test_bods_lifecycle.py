"""BODS 0.4 record life cycles (issue 20, "BODS 0.4 replacement cycles accepted"): a record closed and then
continued, a second 'new' statement, a 'new' statement dated after the record's others, a statementId
declared twice. Material: Open Ownership's own example fermcat.json (a record series with 'updated' and
'closed' statements), changed in the ways the issue names; judge: Open Ownership's checker libcovebods
(``CheckStatementSeries``), which must flag the same records. Asserted through the command line as a user
runs it: ``validate`` and ``load`` say the same, on the line of the statement out of place, with the bulk
lane offered or not; the untouched examples give no such warning."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from io_support import corpus

from kingmaker.cli.app import main
from kingmaker.store import Store

SERIES_CHECKS = {"multiple_statements_in_series_with_record_status_new", "statement_with_record_status_new_must_be_first",
                 "multiple_statements_in_series_with_record_status_closed",
                 "statement_with_record_status_closed_must_be_last"}


def write_array(path: Path, statements: list[dict]) -> Path:
    """One statement a line inside the array: statement ``i`` is on line ``i + 2``."""
    path.write_text("[\n" + ",\n".join(json.dumps(s) for s in statements) + "\n]\n", encoding="utf-8")
    return path


def libcove_series(path: Path) -> set[str]:
    """The recordIds whose series Open Ownership's checker finds broken."""
    pytest.importorskip("libcovebods")
    from libcovebods import config, data_reader, run_tasks, schema
    from libcovebods.tasks.checks import record_based_checks as rb

    reader = data_reader.DataReader(str(path))
    cfg = config.LibCoveBODSConfig()
    out = run_tasks.process_additional_checks(reader, cfg, schema.SchemaBODS(reader, cfg),
                                              task_classes=[rb.CheckStatementSeries])
    return {c["record_id"] for c in out["additional_checks"] if c["type"] in SERIES_CHECKS}


def run(args: list[str], capsys) -> tuple[int, dict]:
    """Exit code and the ``--json`` answer of one command."""
    capsys.readouterr()
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def position(statements: list[dict], record_prefix: str, status: str) -> int:
    return next(i for i, s in enumerate(statements) if s["recordId"].startswith(record_prefix) and s["recordStatus"] == status)


def broken_fermcat(shared_dir: Path) -> tuple[list[dict], dict[str, list[int]]]:
    """fermcat.json with four records' series broken; → (statements, recordId → lines to be named)."""
    st = json.loads((corpus(shared_dir, "bods-examples") / "fermcat.json").read_text(encoding="utf-8"))
    rid = lambda prefix: st[position(st, prefix, "new")]["recordId"]  # noqa: E731
    expect: dict[str, list[int]] = {}
    # closed on 2021-09-11, then 'updated' again in 2022: the closed statement is out of place
    again = copy.deepcopy(st[position(st, "rel-b05e7c91", "updated")])
    again.update(statementId="fermcat-continued-after-closing-00001", statementDate="2022-03-01")
    expect[rid("rel-b05e7c91")] = [position(st, "rel-b05e7c91", "closed") + 2]
    # a second 'new' statement for the entity
    twice = copy.deepcopy(st[position(st, "ent-93c75c87", "new")])
    twice.update(statementId="fermcat-second-new-statement-000002", statementDate="2022-02-01")
    expect[rid("ent-93c75c87")] = [len(st) + 1 + 2]
    # updates out of date order: the 'new' statement dated after the record's updates
    st[position(st, "rel-3fc02d9b", "new")]["statementDate"] = "2023-01-01"
    expect[rid("rel-3fc02d9b")] = [position(st, "rel-3fc02d9b", "new") + 2]
    # closed before it was opened: both the 'closed' and the 'new' statement are out of place
    st[position(st, "per-e334cc62", "closed")]["statementDate"] = "2021-01-01"
    expect[rid("per-e334cc62")] = sorted([position(st, "per-e334cc62", "closed") + 2, position(st, "per-e334cc62", "new") + 2])
    return st + [again, twice], expect


def named(answer: dict) -> dict[str, list[int]]:
    """recordId → lines of the life-cycle warnings in a command's answer."""
    found: dict[str, list[int]] = {}
    for w in answer["warnings"]:
        if w.get("field") == "recordStatus":
            assert w["record"].startswith("recordId ") and w["file"].endswith("fermcat-broken.json"), w
            found.setdefault(w["record"].removeprefix("recordId "), []).append(w["line"])
    return {k: sorted(v) for k, v in found.items()}


def said(answer: dict) -> str:
    return " ".join(p["message"] for p in answer.get("warnings", []) + answer.get("errors", []))


def test_the_official_examples_have_no_broken_series(shared_dir, tmp_path, capsys):
    files = sorted(corpus(shared_dir, "bods-examples").glob("*.json"))
    for path in files:
        code, out = run(["validate", str(path)], capsys)
        assert not named(out) and "duplicate statementId" not in said(out), (path.name, out)
        assert not libcove_series(path), path.name


@pytest.mark.parametrize("lane", ["1", "0"])
def test_broken_series_are_named_by_load_and_validate_where_they_are(shared_dir, tmp_path, capsys, monkeypatch, lane):
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
    statements, expect = broken_fermcat(shared_dir)
    path = write_array(tmp_path / "fermcat-broken.json", statements)
    assert libcove_series(path) == set(expect)  # the judge sees the same four records broken
    checked, out_v = run(["validate", str(path)], capsys)
    loaded, out_l = run(["load", str(path), "--db", str(tmp_path / "s.duckdb")], capsys)
    assert (checked, loaded) == (0, 0), (out_v, out_l)  # warnings: the rest of the file still loads
    assert named(out_v) == expect == named(out_l)
    assert "allows no statement after 'closed'" in said(out_l) and "'new' must be a record's first statement" in said(out_l)
    if lane == "1":
        assert "declined: a record's statements break the BODS 0.4 life cycle" in out_l["datasets"][0]["reader"]
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert store.fingerprint()  # something was loaded


@pytest.mark.parametrize("change,how", [(None, "the same statement twice"),
                                        ({"recordStatus": "updated"}, "the two differ in recordStatus")])
def test_a_statement_id_declared_twice_says_whether_the_two_differ(shared_dir, tmp_path, capsys, change, how):
    statements = json.loads((corpus(shared_dir, "bods-examples") / "fermcat.json").read_text(encoding="utf-8"))
    repeat = copy.deepcopy(statements[3])
    repeat.update(change or {})
    path = write_array(tmp_path / "fermcat-dup.json", statements + [repeat])
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write_streamed([])  # an empty, migrated store
        before = store.fingerprint()
    checked, out_v = run(["validate", str(path)], capsys)
    loaded, out_l = run(["load", str(path), "--db", str(db)], capsys)
    assert checked == loaded == 2
    for out in (out_v, out_l):
        (error,) = [e for e in out["errors"] if e["field"] == "statementId"]
        assert (error["line"], error["record"]) == (len(statements) + 2, f"statementId {repeat['statementId']}")
        assert error["message"] == f"duplicate statementId (first seen on line 5; {how})"
    with Store(db, read_only=True) as store:
        assert store.fingerprint() == before  # nothing loaded
