"""Loads that fail leave the store as it was, and what a load keeps does not depend on how it was asked for
(#19's correctness leftovers, through the CLI, both edge-list lanes where they differ)."""
from __future__ import annotations

from pathlib import Path

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


def _dangling(con) -> list:
    return con.execute("SELECT relation_id FROM relations WHERE holder_id NOT IN (SELECT actor_id FROM actors) "
                       "OR subject_id NOT IN (SELECT actor_id FROM actors)").fetchall()


def _versions(changed: str, tmp_path, shared_dir) -> tuple:
    """A file, its actor ``gone`` that only the first version brings, another actor both versions bring, and the
    second version's text: a case file, or the official BODS example without its person's statement (and the
    relationship naming the person)."""
    import json

    if changed == "case file":
        path = tmp_path / "v.yaml"
        path.write_text("case: {id: v, title: V}\nactors:\n  - {id: q, kind: person, name: Q Person}\n"
                        "  - {id: b, kind: company, name: B Ltd}\n"
                        "relations:\n  - {id: q-b, kind: shareholding, holder: q, subject: b, share: 60}\n")
        return path, "q", "b", "case: {id: v, title: V}\nactors:\n  - {id: b, kind: company, name: B Ltd}\n"
    statements = json.loads((shared_dir / "corpora/bods-examples/bods-package.json").read_text())
    path = tmp_path / "pkg.json"
    path.write_text(json.dumps(statements))
    kept = [s for s in statements if s["recordType"] == "entity"]
    return path, "bods:10478c6cf6de", "bods:c359f58d2977", json.dumps(kept)


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("other", ["case file", "edge list"])
@pytest.mark.parametrize("changed", ["case file", "bods", "bods lane"])
def test_a_file_loaded_beside_a_changed_case_or_bods_file_cannot_count_on_the_actors_its_old_version_alone_brought(
        shared_dir, tmp_path, monkeypatch, capsys, changed, other, first):
    """As for a changed edge list (rev8b): a case file or BODS file (the official example) brought ``gone``; changed
    so that it no longer has ``gone``, it is loaded again in one load with another file naming ``gone``, in either
    order. A case file naming it is refused, naming file, line and field, as after loading the new version alone,
    and the store is as it was; an edge list naming it loads. Before, where the changed file was written first its
    old version took ``gone`` with it and left the other file's relation from no actor (the dataset id of a case or
    BODS file was learnt only by reading it, too late for the other files)."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if changed == "bods lane" else str(1 << 40))
    path, gone, kept, second = _versions(changed.removesuffix(" lane"), tmp_path, shared_dir)
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    path.write_text(second)
    if other == "case file":
        named = tmp_path / "cx.yaml"
        named.write_text(f"case: {{id: cx, title: X}}\nrelations:\n"
                         f"  - {{id: x-b2, kind: voting_rights, holder: '{gone}', subject: '{kept}', share: 10}}\n")
    else:
        named = tmp_path / "m.csv"
        named.write_text(f"holder,subject,share\n{gone},{kept},50\n")
    with kingmaker.open(db, read_only=True) as km:
        before = km.store.fingerprint()
    files = [str(path), str(named)]
    capsys.readouterr()
    code = main(["load", *(files if first else files[::-1]), "--db", db])
    err = capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert _dangling(km.store.con) == []
        if other == "case file":
            assert code == 2 and f"cx.yaml:3, record x-b2, field holder: error: unknown actor '{gone}'" in err, err
            assert "Traceback" not in err and km.store.fingerprint() == before
        else:
            assert code == 0, err
            assert sorted(r.id for r in km.store.relations(actor=gone)) == ["m:2"]


@pytest.mark.parametrize("lane", [True, False])
def test_validate_against_a_store_refuses_the_kind_clash_a_load_refuses(tmp_path, monkeypatch, capsys, lane):
    """``validate --db`` says what ``load`` into that store would say about kinds: ``x``, stated a person by
    ``a.csv``, stated a fund by ``b.csv`` is refused by both, in one line naming the file (validate used to call it
    valid); a kind over one ``d.csv`` only defaulted, and ``a.csv`` changed to say fund (it replaces its own older
    version), are accepted by both."""
    _lane(monkeypatch, lane)
    files = {n: tmp_path / f"{n}.csv" for n in ("a", "b", "d", "e")}
    files["a"].write_text("holder,subject,share,holder_kind\nx,y,50,person\n")
    files["b"].write_text("holder,subject,share,holder_kind\nx,z,50,fund\n")
    files["d"].write_text("holder,subject,share\nw,y,10\n")
    files["e"].write_text("holder,subject,share,holder_kind\nw,z,10,fund\n")
    db = str(tmp_path / "s.duckdb")
    for n in ("a", "d"):
        assert main(["load", str(files[n]), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["validate", str(files["b"]), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "b.csv: error: actor 'x' is already in the store as a person, here as a fund" in err, err
    assert "Traceback" not in err and err.count("\n") <= 3, err
    assert main(["validate", str(files["b"]), "--db", db, "--json"]) == 2
    assert "already in the store as a person" in capsys.readouterr().out
    files["a"].write_text("holder,subject,share,holder_kind\nx,y,50,fund\n")
    for n in ("e", "a"):
        assert main(["validate", str(files[n]), "--db", db]) == 0, capsys.readouterr().err
    assert main(["load", str(files["b"]), "--db", db]) == 2
    for n in ("e", "a"):
        assert main(["load", str(files[n]), "--db", db]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("lane", [True, False, "case file"])
def test_a_validity_from_a_partial_date_to_the_same_one_warns_with_the_end_that_means_the_whole_period(
        tmp_path, monkeypatch, capsys, lane):
    """``valid_from=2020, valid_to=2020`` is the tie [2020-01-01, 2020-01-01): it never holds (a partial date is its
    period's first day and ``valid_to`` the first day the tie no longer holds, docs/case-format.md and
    docs/edges-csv.md). The load keeps the file as written and warns, in one line naming file, line and field, with
    the end that gives the whole period — in an edge list (both lanes; silent before) as in a case file (which said
    "valid from and to 2020-01-01" and hinted at a one-day tie)."""
    ends = [("2020", "2020", "2021"), ("2020-06", "2020-06", "2020-07"), ("2019-12", "2019-12", "2020-01")]
    if lane == "case file":
        path = tmp_path / "empty.yaml"
        path.write_text("case: {id: empty, title: E}\nactors:\n  - {id: a, kind: company, name: A}\n"
                        + "".join(f"  - {{id: t{i}, kind: company, name: T{i}}}\n" for i in range(3))
                        + "relations:\n" + "".join(f"  - {{id: r{i}, kind: shareholding, holder: a, subject: t{i}, "
                                                   f"share: 10, from: '{a}', to: '{b}'}}\n"
                                                   for i, (a, b, _) in enumerate(ends)))
        where = [f"empty.yaml:{8 + i}, record r{i}, field valid_to" for i in range(3)]
    else:
        _lane(monkeypatch, lane)
        path = tmp_path / "empty.csv"
        path.write_text("holder,subject,share,valid_from,valid_to\n"
                        + "".join(f"a,t{i},10,{a},{b}\n" for i, (a, b, _) in enumerate(ends)) + "a,u,10,2020,2021\n")
        where = [f"empty.csv:{2 + i}, record edge {1 + i}, field valid_to" for i in range(3)]
    assert main(["load", str(path), "--db", str(tmp_path / "s.duckdb")]) == 0
    out = " ".join(capsys.readouterr().err.split())
    for (a, b, whole), at in zip(ends, where):
        assert f"{at}: warning: valid from {a} to {b}: with the end exclusive, the relation never holds" in out, out
        assert f"'to' is the first day it no longer holds, and {b} is read as " in out
        assert f"for the whole of {a} write {whole})" in out, out
    assert out.count("never holds") == 3 and "Traceback" not in out


@pytest.mark.parametrize("lane", [True, False, "case file"])
@pytest.mark.parametrize("day", ["9999", "9999-12"])
def test_a_validity_that_holds_no_day_in_the_last_period_a_date_can_name_warns_without_a_traceback(
        tmp_path, monkeypatch, capsys, lane, day):
    """``valid_from=9999, valid_to=9999``: no later period can be written as the end, so the hint says to leave it
    empty — the warning's hint computed the next period's first day (year 10000) and every load and ``validate``
    of such a file ended in a traceback (ValueError: year 10000 is out of range)."""
    if lane == "case file":
        path = tmp_path / "late.yaml"
        path.write_text("case: {id: late, title: L}\nactors:\n  - {id: a, kind: company, name: A}\n"
                        "  - {id: t, kind: company, name: T}\nrelations:\n"
                        f"  - {{id: r, kind: shareholding, holder: a, subject: t, share: 10, from: '{day}', to: '{day}'}}\n")
    else:
        _lane(monkeypatch, lane)
        path = tmp_path / "late.csv"
        path.write_text(f"holder,subject,share,valid_from,valid_to\na,t,10,{day},{day}\n")
    for args in (["validate", str(path)], ["load", str(path), "--db", str(tmp_path / "s.duckdb")]):
        assert main(args) == 0
        out = " ".join(capsys.readouterr().err.split())
        assert f"valid from {day} to {day}: with the end exclusive, the relation never holds" in out, out
        assert f"for the whole of {day} leave it empty (open-ended)" in out and "Traceback" not in out, out


@pytest.mark.parametrize("stated", ["company", ""])
@pytest.mark.parametrize("lane", [True, False])
def test_the_order_of_the_files_in_one_load_does_not_change_what_a_replaced_version_leaves(tmp_path, monkeypatch,
                                                                                             capsys, lane, stated):
    """``n.csv`` stated that ``x`` is a fund; changed, it no longer names ``x``. ``load m.csv n.csv`` and ``load n.csv
    m.csv``, where ``m.csv`` names ``x`` (stating a company, or no kind), give the same store — the one loading the new
    ``n.csv`` and then ``m.csv`` gives: ``x`` a company. Before, with ``m.csv`` first, it met the old version's fund:
    refused as a clash where it stated a company, and ``x`` stayed a fund where it stated nothing."""
    _lane(monkeypatch, lane)
    n, m = tmp_path / "n.csv", tmp_path / "m.csv"
    m.write_text(f"holder,subject,share,holder_kind\nx,c,10,{stated}\n")
    prints = []
    for name, order in (("nm", [n, m]), ("mn", [m, n]), ("apart", [n])):
        db = str(tmp_path / f"{name}.duckdb")
        n.write_text("holder,subject,share,holder_kind\nx,b,50,fund\n")
        assert main(["load", str(n), "--db", db]) == 0, capsys.readouterr().err
        n.write_text("holder,subject,share\nw,b,50\n")
        assert main(["load", *map(str, order), "--db", db]) == 0, (name, capsys.readouterr().err)
        if name == "apart":
            assert main(["load", str(m), "--db", db]) == 0, capsys.readouterr().err
        with kingmaker.open(db, read_only=True) as km:
            assert km.store.actor("x").kind.value == "company" and _dangling(km.store.con) == []
            prints.append(km.store.fingerprint())
    assert prints[0] == prints[1] == prints[2]


@pytest.mark.parametrize("lane", [True, False])
def test_the_over_100_percent_warning_dates_the_overflow_as_the_file_wrote_it(tmp_path, monkeypatch, capsys, lane):
    """Two holders of 60 % from ``2020`` and from ``2020-06``: the warning says "from 2020-06" (it said
    "from 2020-06-01", a day no file wrote); where one relation starting that day dates it to the day, the day."""
    _lane(monkeypatch, lane)
    for name, starts, shown in (("month", ("2020", "2020-06"), "2020-06"), ("year", ("2020", "2020"), "2020"),
                                ("day", ("2020-06-01", "2020-06"), "2020-06-01")):
        path = tmp_path / f"{name}.csv"
        path.write_text("holder,subject,share,valid_from\n" + "".join(f"{h},t,60,{d}\n" for h, d in zip("ab", starts)))
        assert main(["load", str(path), "--db", str(tmp_path / f"{name}.duckdb")]) == 0
        out = " ".join(capsys.readouterr().err.split())
        assert f"in 't' add up to 120 % from {shown} (" in out, out


@pytest.mark.parametrize("bods_lane", [True, False])
@pytest.mark.parametrize("details", [[], None, "a text"])
def test_a_bods_statement_whose_record_details_are_not_an_object_is_one_error_in_json_words(
        shared_dir, tmp_path, monkeypatch, capsys, bods_lane, details):
    """The official BODS example with its first statement's ``recordDetails`` an empty array, ``null`` or a string:
    refused in one error naming file, line, statement and field, the value as JSON writes it (it was reported twice,
    and ``null`` shown as Python's ``None``)."""
    import json

    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if bods_lane else str(1 << 40))
    statements = json.loads((shared_dir / "corpora/bods-examples/bods-package.json").read_text())
    statements[0]["recordDetails"] = details
    path = tmp_path / "details.json"
    path.write_text(json.dumps(statements))
    assert main(["load", str(path), "--db", str(tmp_path / "s.duckdb")]) == 2
    err = capsys.readouterr().err
    shown = json.dumps(details)
    assert (f"details.json:1, record statementId {statements[0]['statementId']}, field recordDetails: error: {shown} "
            "is not of type object") in " ".join(err.split()), err
    assert err.count("is not of type") == 1 and "1 error(s)" in err and "None" not in err and "Traceback" not in err


def test_a_hand_stated_merge_whose_record_went_with_its_file_joins_nothing(tmp_path, capsys):
    """``identity apply`` merged ``x`` (from ``n.csv``) with ``z`` (from ``m.csv``); ``n.csv`` changed so that it no
    longer names ``x``, and ``x`` went with its old version. The rule is kept (the user's statement; it applies again
    if ``x`` comes back), but it merges nothing now: ``identity list`` and the answers about ``z`` said "z joins x",
    a merge with a record the store no longer holds (before, "x joins z" while both were there)."""
    n, m, rules = tmp_path / "n.csv", tmp_path / "m.csv", tmp_path / "rules.csv"
    n.write_text("holder,subject,share,holder_kind\nx,b,50,person\n")
    m.write_text("holder,subject,share,holder_kind\nz,c,50,person\n")
    rules.write_text("merge,x,z,same person\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(n), str(m), "--db", db]) == 0, capsys.readouterr().err
    assert main(["identity", "apply", str(rules), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["identity", "list", "--db", db]) == 0 and "x joins z" in capsys.readouterr().out
    n.write_text("holder,subject,share\nw,b,50\n")
    assert main(["load", str(n), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["identity", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "joins" not in out and "rule (rules.csv:1): merge x z" in out, out
    assert main(["ubo", "c", "--db", db]) == 0
    assert "joins" not in capsys.readouterr().out
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("x") is None and not (km.snapshot().identity and km.snapshot().identity.merges)


def test_a_case_file_loaded_again_under_another_case_id_says_its_older_version_stays(tmp_path, capsys):
    """A case file's dataset id is in its contents (``case: {id: …}``): edited to another id, the file loads as a
    dataset of its own and does not replace its older version. The load says so in one warning naming the file and
    the field (before: silence — here the same 60 % stake counted twice, 120 % in 'b'); loaded again unchanged, or
    with its id kept, nothing is said."""
    path = tmp_path / "v.yaml"
    body = ("actors:\n  - {id: q, kind: person, name: Q Person}\n  - {id: b, kind: company, name: B Ltd}\n"
            "relations:\n  - {id: %s, kind: shareholding, holder: q, subject: b, share: 60}\n")
    path.write_text("case: {id: v, title: V}\n" + body % "q-b")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    path.write_text("case: {id: v2, title: V}\n" + body % "q-b2")
    assert main(["load", str(path), "--db", db]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert ("v.yaml, field case.id: warning: dataset case:v was loaded from this path before; this file loads as "
            "case:v2, a dataset of its own, and case:v's facts stay in the store beside it") in err, err
    path.write_text("case: {id: v2, title: V}\n" + body % "q-b3")  # same id: it replaces its older version
    assert main(["load", str(path), "--db", db]) == 0
    assert "from this path before" not in capsys.readouterr().err


@pytest.mark.parametrize("variable, fmt", [("KINGMAKER_EDGES_SQL_MIN_BYTES", "edges"), ("KINGMAKER_BODS_SQL_MIN_BYTES", "bods")])
def test_a_lane_threshold_that_is_no_number_of_bytes_is_one_line_naming_the_variable(tmp_path, monkeypatch, capsys,
                                                                                      variable, fmt):
    """rev9a: KINGMAKER_EDGES_SQL_MIN_BYTES=1MB ended the load with a traceback (int('1MB'))."""
    if fmt == "edges":
        path = tmp_path / "e.csv"
        path.write_text("holder,subject,share\na,b,50\n", encoding="utf-8")
    else:
        path = tmp_path / "b.json"
        path.write_text("[]", encoding="utf-8")
    monkeypatch.setenv(variable, "1MB")
    assert main(["load", str(path), "--format", "edges-csv" if fmt == "edges" else "bods",
                 "--db", str(tmp_path / "s.duckdb")]) == 2
    err = capsys.readouterr().err
    assert f"{variable}='1MB'" in err and "whole number of bytes" in err and "Traceback" not in err


@pytest.mark.parametrize("kind", ["edges-lane", "edges", "case", "bods"])
def test_a_file_loaded_again_is_hashed_once(tmp_path, monkeypatch, capsys, kind):
    # the loader hashes each file once and hands the digest to the reader (before: the loader's look at whether the
    # file replaces its dataset, and the reader again for the dataset's sha256: two or three reads of a big file)
    import hashlib

    real, whole = hashlib.sha256, []

    class Counting:  # a sha256 that notes how many bytes it took in
        def __init__(self, data=b"", **kw):
            self.h, self.n = real(data, **kw), len(data)
            whole.append(self)

        def update(self, data):
            self.n += len(data)
            self.h.update(data)

        def hexdigest(self):
            return self.h.hexdigest()

    _lane(monkeypatch, kind == "edges-lane")
    if kind == "case":
        path = tmp_path / "c.yaml"
        path.write_text("case: {id: c, title: c}\nactors:\n  - {id: a, kind: person, name: A}\n"
                        "  - {id: b, kind: company, name: B}\nrelations:\n"
                        "  - {id: r, kind: shareholding, holder: a, subject: b, share: 60}\n")
    elif kind == "bods":
        path = Path(__file__).parent.parent / "data" / "bods-03" / "1-single-direct.json"
    else:
        path = tmp_path / "e.csv"
        path.write_text("holder,subject,share\np,c,60\nq,c,30\n")
    size = path.stat().st_size
    db = str(tmp_path / "s.duckdb")
    for status in ("loaded", "unchanged"):
        monkeypatch.setattr(hashlib, "sha256", Counting)
        whole.clear()
        assert main(["load", str(path), "--db", db]) == 0
        monkeypatch.setattr(hashlib, "sha256", real)
        assert status in capsys.readouterr().out
        assert sum(h.n == size for h in whole) == 1, status


@pytest.mark.parametrize("scratch", [False, True])
def test_validate_of_a_large_bods_file_checks_it_against_the_store_as_a_small_one(tmp_path, monkeypatch, capsys,
                                                                                    shared_dir, scratch):
    # a BODS file large enough for the DuckDB lane is checked by loading it into a throwaway store; that path knew the
    # store's actor ids but not their kinds (nor the ids other datasets use): it called valid what load then refused
    from io_support import corpus

    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if scratch else str(1 << 40))
    bods = corpus(shared_dir, "bods-examples") / "bods-package.json"
    stated = tmp_path / "stated.csv"  # the file's company, stated a person by another dataset
    stated.write_text("holder,subject,share,holder_kind\nbods:c359f58d2977,y,50,person\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(stated), "--db", db]) == 0
    capsys.readouterr()
    assert main(["validate", str(bods), "--db", db]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "actor 'bods:c359f58d2977' is already in the store as a person, here as a company" in err, err
    assert main(["load", str(bods), "--db", db]) == 2


@pytest.mark.parametrize("which", ["first", "second"])
def test_a_file_changed_while_it_is_loaded_is_refused(tmp_path, monkeypatch, which):
    """A load hashes its files first and reads them after (a file of a long multi-file load, minutes later): a
    file rewritten in between was stored with rows of its new version under the old version's digest, and a
    reload of the new version then said "unchanged" and kept them (issue 19, session-10 leftover 4). The load now
    looks at the file again once its rows are read and, where it changed, writes nothing and says so."""
    import os

    from kingmaker.errors import UserError
    from kingmaker.io import streaming

    files = {name: tmp_path / f"{name}.csv" for name in ("first", "second")}
    for name, path in files.items():
        path.write_text(f"holder,subject,share\n{name}-a,{name}-b,60\n", encoding="utf-8")
    target = files[which]
    read = streaming._read

    def read_then_rewrite(store, path, f, known, sha256):
        out = read(store, path, f, known, sha256)
        if path == target:  # another writer finishes the file while it is being read
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"{which}-c,{which}-b,30\n")
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        return out

    monkeypatch.setattr(streaming, "_read", read_then_rewrite)
    db = tmp_path / "s.duckdb"
    with kingmaker.open(db) as km:
        with pytest.raises(UserError) as caught:
            km.load(*files.values())
        assert str(target) in str(caught.value) and "changed while it was being loaded" in str(caught.value)
        assert km.store.datasets() == []  # nothing of the load was written
    monkeypatch.setattr(streaming, "_read", read)
    with kingmaker.open(db) as km:  # loaded again as it now is: every row, under its own digest
        report = streaming.load_streamed(km.store, [target])
        assert [r.status for r in report.results] == ["loaded"]
        assert km.store.dataset(report.results[0].dataset.id).sha256 == streaming.file_sha256(target)
        assert len(km.store.relations()) == 2


def test_reloading_an_unchanged_file_does_not_read_it(tmp_path, monkeypatch):
    """A reload of a file whose content the store holds (the same sha256, the dataset's id known from the file's
    name) is "unchanged" from its digest alone: the file is not parsed and checked again first (a 10⁵-edge file was
    read whole before the load said so; issue 19, session-10 leftover 5). A changed file is still read."""
    from kingmaker.io import streaming

    data = tmp_path / "register.csv"
    data.write_text("holder,subject,share\na,b,60\nc,b,30\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with kingmaker.open(db) as km:
        first = streaming.load_streamed(km.store, [data])
        assert [r.status for r in first.results] == ["loaded"]
    read = streaming._read
    reads = []

    def counted(store, path, f, known, sha256):
        reads.append(path)
        return read(store, path, f, known, sha256)

    monkeypatch.setattr(streaming, "_read", counted)
    with kingmaker.open(db) as km:
        again = streaming.load_streamed(km.store, [data])
        assert [r.status for r in again.results] == ["unchanged"] and reads == []
        assert again.results[0].dataset.id == first.results[0].dataset.id
        assert again.results[0].counts == first.results[0].counts
        data.write_text("holder,subject,share\na,b,60\nc,b,20\n", encoding="utf-8")
        changed = streaming.load_streamed(km.store, [data])
        assert [r.status for r in changed.results] == ["replaced"] and reads == [data]
    assert main(["load", str(data), "--db", str(db)]) == 0 and reads == [data]
