"""A load streams an edge list as prepared rows (no model object per row, ``STREAM_CHUNK`` relations at a
time): the store it writes is the one the model objects of the whole-file reader write, row for row, on
files with every column, every kind an edge list carries, partial dates, known actors, and a synthetic
register; every stored row reads back as its model."""
from __future__ import annotations

import random

import pytest

import kingmaker
from kingmaker.errors import InvalidInput, UserError
from kingmaker.io import edges_csv, streaming
from kingmaker.model import Actor, Relation
from kingmaker.model.kinds import EDGE_KINDS, SHARE_KINDS
from kingmaker.synth import write_synth

from conftest import FLAGSHIP

SHARE_KIND_NAMES = {k.value for k in SHARE_KINDS}


def _every_column(path, rows: int = 400, seed: int = 3) -> None:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(15)] + ["Jane DOE"]  # ids as registers write them: any non-empty text
    firms = [f"f{i}" for i in range(40)] + ["openai-inc", "microsoft",  # two actors the flagship case declares
                                           "SC123456", "Müller & Söhne GmbH", "529900T8BM49AURSDO55"]
    lines = ["holder,subject,share,share_min,share_max,min_exclusive,max_exclusive,kind,holder_kind,subject_kind,"
             "valid_from,valid_to"]
    for i in range(rows):
        kind = rng.choice(list(EDGE_KINDS) + [""] * 4)
        holder = rng.choice(people + firms)
        subject = rng.choice([f for f in firms if f != holder])
        share = smin = smax = minx = maxx = ""
        if (kind or "shareholding") in SHARE_KIND_NAMES and rng.random() < 0.9:
            form = rng.randrange(5)
            if form == 0:
                share = rng.choice(["25", "12.50", "100", "0.001", " 33.3333 %", "1e1", "7."])
            elif form == 1:
                smin, smax, minx = "25", "50", rng.choice(["true", "", "false", "yes"])
            elif form == 2:
                smin = rng.choice(["50", "75.0"])
                minx = "true"
            elif form == 3:
                smax, maxx = "25", rng.choice(["true", "1"])
            else:
                smin, smax, maxx = "0", "10", "true"
        known = ("openai-inc", "microsoft")  # in the store with their own kinds: never stated here
        hk = ("person" if holder in people else "company") if rng.random() < 0.6 and holder not in known else ""
        sk = "company" if rng.random() < 0.3 and subject not in known else ""
        start = rng.choice(["", "", "2020", "2021-06", "2019-03-04"])
        end = rng.choice(["", "", "", "2031", "2030-12-31"])
        lines.append(f"{holder},{subject},{share},{smin},{smax},{minx},{maxx},{kind},{hk},{sk},{start},{end}")
    path.write_text("\n".join(lines) + "\n")


def _load(db, *paths, whole: bool, monkeypatch) -> str:
    with monkeypatch.context() as m:
        if whole:
            m.delitem(streaming.STREAMERS, "edges-csv")
        with kingmaker.open(db) as km:
            for p in paths:  # one load each: the second file meets the first's actors in the store
                km.load(p)
            return km.store.fingerprint()


@pytest.mark.parametrize("chunk", [7, 100_000])
def test_streamed_rows_equal_the_models_rows(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(edges_csv, "STREAM_CHUNK", chunk)
    path = tmp_path / "every.csv"
    _every_column(path)
    streamed = _load(tmp_path / "a.duckdb", FLAGSHIP, path, whole=False, monkeypatch=monkeypatch)
    whole = _load(tmp_path / "b.duckdb", FLAGSHIP, path, whole=True, monkeypatch=monkeypatch)
    assert streamed == whole
    with kingmaker.open(tmp_path / "a.duckdb") as km:
        for (data,) in km.store.con.execute("SELECT data FROM relations WHERE dataset_id = 'edges-csv:every'").fetchall():
            assert Relation.model_validate_json(data).model_dump_json() == data
        for (data,) in km.store.con.execute("SELECT data FROM actors WHERE dataset_id = 'edges-csv:every'").fetchall():
            assert Actor.model_validate_json(data).model_dump_json() == data


def test_a_synthetic_register_streams_to_the_same_store(tmp_path, monkeypatch):
    monkeypatch.setattr(edges_csv, "STREAM_CHUNK", 5000)
    path = tmp_path / "register.csv"
    write_synth(path, 6000, seed=2)
    assert _load(tmp_path / "a.duckdb", path, whole=False, monkeypatch=monkeypatch) == \
        _load(tmp_path / "b.duckdb", path, whole=True, monkeypatch=monkeypatch)


def test_errors_come_before_anything_is_written(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("holder,subject,share\na,b,50\nc,d,150\n")
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        with pytest.raises(InvalidInput) as err:
            km.load(path)
        assert "bad.csv:3" in str(err.value) and "share" in str(err.value)
        assert km.store.counts()["relations"] == 0


@pytest.mark.parametrize("sql_lane", [False, True])
def test_several_edge_lists_in_one_load_share_their_actors(tmp_path, monkeypatch, sql_lane):
    """An actor whose kind one file states and another file names without a kind is one actor of that kind, as
    when the files are loaded one after the other (it was refused: "already in the store as a person, here as a
    company")."""
    monkeypatch.setenv("KINGMAKER_EDGES_SQL_MIN_BYTES", "0" if sql_lane else str(10**9))
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("holder,subject,share,holder_kind\nalice,acme,60,person\nacme,beta,40,\n")
    b.write_text("holder,subject,share,subject_kind\nalice,beta,30,\nbeta,gamma,55,fund\n")
    def contents(km):  # which file's dataset holds an actor both name depends on the order; the rest may not
        con = km.store.con
        return (sorted(con.execute("SELECT DISTINCT actor_id, kind, name FROM actors").fetchall()),
                sorted(con.execute("SELECT relation_id, holder_id, subject_id, kind, share_low, share_high "
                                   "FROM relations").fetchall()))

    with kingmaker.open(tmp_path / "one-by-one.duckdb") as km:
        km.load(a)
        km.load(b)
        expected = contents(km)
    assert ("alice", "person", "alice") in expected[0] and ("gamma", "fund", "gamma") in expected[0]
    for order in ((a, b), (b, a)):
        with kingmaker.open(tmp_path / f"{order[0].stem}-first.duckdb") as km:
            km.load(*order)
            assert contents(km) == expected


def test_contradicting_kinds_across_edge_lists_stay_an_error(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("holder,subject,share,holder_kind\nalice,acme,60,person\n")
    b.write_text("holder,subject,share,holder_kind\nalice,beta,30,fund\n")
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        with pytest.raises(UserError, match="alice"):
            km.load(a, b)
        assert km.store.counts()["relations"] == 0
