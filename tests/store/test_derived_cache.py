"""Whole-store graphs kept on disk per store version and date (issue 19): a second command on an unchanged
store reuses the graph the first built; any change to the store — a load, a removal, a write the store did
not count — makes it stale, and answers follow the store."""
import json

import duckdb
import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli.app import app
from kingmaker.store.derived import DerivedCache
from kingmaker.synth import write_synth

runner = CliRunner()


@pytest.fixture
def edges(tmp_path):
    path = tmp_path / "edges.csv"
    write_synth(path, 300, seed=3)
    return path


def _control(db) -> list:
    r = runner.invoke(app, ["control", "--as-of", "2024-01-01", "--json", "--top", "5", "--db", str(db)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["controllers"]


def _entries(db):
    return sorted(p.name for p in db.with_name(db.name + ".cache").glob("*.pickle"))


def test_a_second_run_reuses_the_graph_and_a_load_makes_it_stale(tmp_path, edges):
    db = tmp_path / "k.duckdb"
    assert runner.invoke(app, ["load", str(edges), "--db", str(db)]).exit_code == 0
    first = _control(db)
    kept = _entries(db)
    assert len(kept) == 1 and kept[0].startswith("ownership-graph-2024-01-01-")
    with kingmaker.open(db, read_only=True) as km:
        cache = km.derived
        graph = km.ownership_graph("2024-01-01")
        assert cache.hits == 1  # read from disk, not built
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("KINGMAKER_CACHE", "off")
            built = type(km)(db, read_only=True)
            try:
                rebuilt = built.ownership_graph("2024-01-01")
            finally:
                built.close()
        assert graph.ids == rebuilt.ids
        for kind in graph.own:
            assert (graph.own[kind].lo == rebuilt.own[kind].lo).all()
    assert _control(db) == first and _entries(db) == kept

    more = tmp_path / "more.csv"  # a new holder takes most of the largest controller's first holding
    top = first[0]["actor"]
    more.write_text("holder,subject,share,kind\nnewcomer," + _a_subject_of(db, top) + ",45,voting_rights\n",
                    encoding="utf-8")
    assert runner.invoke(app, ["load", str(more), "--db", str(db)]).exit_code == 0
    _control(db)
    assert _entries(db) != kept and len(_entries(db)) == 1  # rebuilt; the stale entry removed
    with kingmaker.open(db, read_only=True) as km:
        assert "newcomer" in km.ownership_graph("2024-01-01").ids and km.derived.hits == 1


def _a_subject_of(db, holder: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT subject_id FROM relations WHERE holder_id = ? ORDER BY relation_id LIMIT 1",
                           [holder]).fetchone()[0]
    finally:
        con.close()


def test_a_write_the_store_did_not_count_makes_the_entry_stale(tmp_path, edges):
    db = tmp_path / "k.duckdb"
    assert runner.invoke(app, ["load", str(edges), "--db", str(db)]).exit_code == 0
    with kingmaker.open(db, read_only=True) as km:
        before = DerivedCache(km.store).key()
    con = duckdb.connect(str(db))
    con.execute("UPDATE relation_rows SET share_low = 1, share_high = 1")  # behind Kingmaker's back (the table the view reads)
    con.close()
    with kingmaker.open(db, read_only=True) as km:
        assert DerivedCache(km.store).key() != before


def test_a_new_store_at_the_same_path_never_reads_the_old_ones_cache(tmp_path, edges):
    db = tmp_path / "k.duckdb"
    assert runner.invoke(app, ["load", str(edges), "--db", str(db)]).exit_code == 0
    with kingmaker.open(db, read_only=True) as km:
        old = km.store.version()
    db.unlink()
    assert runner.invoke(app, ["load", str(edges), "--db", str(db)]).exit_code == 0
    with kingmaker.open(db, read_only=True) as km:
        new = km.store.version()
    assert old[1] == new[1] and old[0] != new[0]  # same count of changes, another store
