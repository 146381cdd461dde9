"""`kingmaker datasets --remove`: take a loaded file back out of the store, as the id-clash error tells users to."""
from __future__ import annotations

import json

from kingmaker.cli.app import main


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _answers(db, capsys):
    capsys.readouterr()
    assert main(["owners", "c", "--db", db, "--json"]) == 0
    owners = json.loads(capsys.readouterr().out)
    assert main(["actors", "--db", db, "--json"]) == 0
    actors = sorted(a["id"] for a in json.loads(capsys.readouterr().out))
    assert main(["datasets", "--db", db, "--json"]) == 0
    datasets = sorted(d["id"] for d in json.loads(capsys.readouterr().out))
    return owners, actors, datasets


def test_removing_a_dataset_equals_never_having_loaded_it(tmp_path, capsys):
    first = _write(tmp_path, "first.csv", "holder,subject,share\np,h,60\nh,c,70\n")
    second = _write(tmp_path, "second.csv", "holder,subject,share\nq,c,30\n")
    both, only = str(tmp_path / "both.duckdb"), str(tmp_path / "only.duckdb")
    assert main(["load", first, second, "--db", both]) == 0
    assert main(["load", first, "--db", only]) == 0
    assert main(["datasets", "--remove", "edges-csv:second", "--db", both]) == 0
    assert "removed edges-csv:second" in capsys.readouterr().out
    assert _answers(both, capsys) == _answers(only, capsys)


def test_an_unknown_dataset_is_one_clear_line_and_nothing_is_removed(tmp_path, capsys):
    first = _write(tmp_path, "first.csv", "holder,subject,share\np,c,60\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", first, "--db", db]) == 0
    before = _answers(db, capsys)
    # one known and one unknown id: refused before anything is removed
    assert main(["datasets", "--remove", "edges-csv:first", "--remove", "edges-csv:nope", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "no dataset 'edges-csv:nope'" in err and "edges-csv:first" in err and "Traceback" not in err
    assert _answers(db, capsys) == before


def test_several_datasets_go_in_one_step_and_json_says_which(tmp_path, capsys):
    first = _write(tmp_path, "first.csv", "holder,subject,share\np,c,60\n")
    second = _write(tmp_path, "second.csv", "holder,subject,share\nq,c,30\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", first, second, "--db", db]) == 0
    capsys.readouterr()
    assert main(["datasets", "--remove", "edges-csv:second", "--remove", "edges-csv:first", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "removed": ["edges-csv:second", "edges-csv:first"]}
    assert main(["datasets", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_no_store_at_the_path_is_said_and_none_is_created(tmp_path, capsys):
    # a command that only reads or takes something out has nothing to do where no store is: it says so and leaves
    # no empty store behind (before: --remove created one, then said it held no datasets)
    db = tmp_path / "nowhere" / "s.duckdb"
    for argv in (["datasets", "--remove", "edges-csv:x"], ["datasets"], ["actors"], ["show", "p"], ["ubo", "c"],
                 ["identity", "undo", "a", "b"], ["identity", "list"]):
        capsys.readouterr()
        assert main([*argv, "--db", str(db)]) == 2, argv
        err = " ".join(capsys.readouterr().err.split())
        assert f"{db}: no such store" in err and "kingmaker load FILE" in err, (argv, err)
        assert not db.exists() and not db.parent.exists(), argv


def test_a_kind_an_edge_list_stated_goes_with_its_dataset(tmp_path, capsys):
    # b.csv states x a fund; a.csv names x without a kind (the default: company). Removing b.csv leaves the store as
    # if only a.csv had been loaded: x a company again (before: it stayed a fund that no file states)
    a = _write(tmp_path, "a.csv", "holder,subject,share\nx,y,50\n")
    b = _write(tmp_path, "b.csv", "holder,subject,share,holder_kind\nx,z,10,fund\n")
    both, only = str(tmp_path / "both.duckdb"), str(tmp_path / "only.duckdb")
    assert main(["load", a, "--db", both]) == 0 and main(["load", b, "--db", both]) == 0
    assert main(["load", a, "--db", only]) == 0
    assert main(["datasets", "--remove", "edges-csv:b", "--db", both]) == 0
    capsys.readouterr()
    kinds = []
    for db in (both, only):
        assert main(["actors", "--db", db, "--json"]) == 0
        kinds.append(json.loads(capsys.readouterr().out))
    assert kinds[0] == kinds[1] and {a["id"]: a["kind"] for a in kinds[0]}["x"] == "company"
    c = _write(tmp_path, "c.csv", "holder,subject,share,holder_kind\nx,w,50,person\n")  # as in the store of a.csv alone
    assert main(["load", c, "--db", both]) == 0 and main(["load", c, "--db", only]) == 0
