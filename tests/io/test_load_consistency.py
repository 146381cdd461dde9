"""Loads that fail leave the store as it was, and what a load keeps does not depend on how it was asked for
(#19's correctness leftovers, through the CLI, both edge-list lanes where they differ)."""
from __future__ import annotations

import pytest

import kingmaker
from kingmaker.cli import main

from test_edges_sql import _as_schema_5, _lane


def _state(db) -> tuple:
    """What a failed load must not change: the rows, the count of changes, the schema-5 bookkeeping."""
    with kingmaker.open(db, read_only=True) as km:
        con = km.store.con
        return (km.store.fingerprint(), km.store.version(),
                con.execute("SELECT * FROM kind_defaults_unrecorded ORDER BY ALL").fetchall(),
                con.execute("SELECT * FROM actor_kind_defaults ORDER BY ALL").fetchall())


@pytest.mark.parametrize("lane", [True, False])
def test_a_failed_load_records_no_kind_defaults_of_a_schema_5_store(tmp_path, monkeypatch, capsys, lane):
    """A migrated schema-5 store learns which kinds ``m1.csv`` only defaulted by reading it again — inside the
    load's transaction: a load that fails (a bad share found while reading; a kind clash found while writing)
    leaves the store, its count of changes and what is still to learn as they were (before, the defaults were
    committed and the data version bumped before the load began). A load that succeeds records them."""
    _lane(monkeypatch, lane)
    files = {n: tmp_path / f"{n}.csv" for n in ("m1", "s1", "m2", "s2", "bad")}
    files["m1"].write_text("holder,subject,share\nx,y,50\n")
    files["s1"].write_text("holder,subject,share,holder_kind\ns,y,10,company\n")
    files["m2"].write_text("holder,subject,share,holder_kind\nx,z,30,fund\n")
    files["s2"].write_text("holder,subject,share,holder_kind\ns,z,5,fund\n")  # s stated a company: a clash
    files["bad"].write_text("holder,subject,share\nx,z,500\n")
    db = str(tmp_path / "five.duckdb")
    for n in ("m1", "s1"):
        assert main(["load", str(files[n]), "--db", db]) == 0, capsys.readouterr().err
    _as_schema_5(db)
    kingmaker.open(db).close()  # migrated to the current schema
    before = _state(db)
    assert before[2] == [("edges-csv:m1",), ("edges-csv:s1",)] and before[3] == []
    for failing in (["bad"], ["m2", "s2"]):
        assert main(["load", *(str(files[n]) for n in failing), "--db", db]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("share" in err or "already in the store as a company" in err), err
        assert _state(db) == before, failing
    assert main(["load", str(files["m2"]), "--db", db]) == 0, capsys.readouterr().err
    after = _state(db)
    assert after[2] == [] and ("x", "edges-csv:m1") in after[3] and after[1][1] == before[1][1] + 1
