"""A file name is a file name: DuckDB's readers never expand a user's path as a glob (issue 20, item 1).

Before the fix, ``kingmaker load 'register[1].jsonl'`` loaded ``register1.jsonl`` through the DuckDB lane
and ``'?.jsonl'`` every one-letter file.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from kingmaker.io.duckdb_files import names_only, scan_literal, scan_path
from kingmaker.io.streaming import load_streamed
from kingmaker.store import Store

PUB = {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "Test Register"}}


def entities(prefix: str, n: int) -> str:
    return "".join(json.dumps({
        "statementId": f"{prefix}-{i:030d}", "statementDate": "2024-01-01", "publicationDetails": PUB,
        "recordId": f"{prefix}-{i}", "recordType": "entity", "recordStatus": "new", "declarationSubject": f"{prefix}-{i}",
        "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": f"{prefix} {i}"},
    }) + "\n" for i in range(n))


@pytest.mark.parametrize("name, decoys", [
    ("register[1].jsonl", ["register1.jsonl"]),
    ("?.jsonl", ["a.jsonl", "b.jsonl"]),
    ("*.jsonl", ["other.jsonl"]),
    ("it's {a,b}.jsonl", ["it's a.jsonl"]),
    ("~home.jsonl", []),
])
def test_the_duckdb_lane_reads_the_named_file_and_no_other(tmp_path, monkeypatch, name, decoys):
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1")
    monkeypatch.chdir(tmp_path)
    for i, decoy in enumerate(decoys):
        (tmp_path / decoy).write_text(entities(f"decoy{i}", 20), encoding="utf-8")
    (tmp_path / name).write_text(entities("named", 3), encoding="utf-8")
    store = Store(tmp_path / "s.duckdb")
    try:
        report = load_streamed(store, [Path(name)])
        ids = sorted(r[0] for r in store.con.execute("SELECT actor_id FROM actors").fetchall())
    finally:
        store.close()
    assert report.readers and set(report.readers.values()) == {"sql"}  # the lane read it
    assert len(ids) == 3 and all("named" in i for i in ids), ids


def test_scan_path_matches_exactly_one_file_in_duckdb(tmp_path):
    names = ["x[ab].csv", "xa.csv", "x?.csv", "x*.csv", "x{a,b}.csv", "q]x.csv", "back\\slash.csv"]
    for i, n in enumerate(names):
        (tmp_path / n).write_text(f"name\nfile{i}\n", encoding="utf-8")
    con = duckdb.connect()
    for i, n in enumerate(names):
        path = tmp_path / n
        assert names_only(con, path), n
        rows = con.execute(f"SELECT name FROM read_csv({scan_literal(path)}, header=true)").fetchall()
        assert rows == [(f"file{i}",)], (n, rows)
    assert scan_path("/d/a[1].json") == "/d/a[[]1].json"
