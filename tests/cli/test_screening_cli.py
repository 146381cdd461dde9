"""``kingmaker screen / subsidiaries / diff / audit`` and ``load --format designations-csv`` on a store, and
the same answers from the HTTP API (issue 16)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli import app, main

from conftest import ROOT  # noqa: E402

CASE = ROOT / "tests" / "data" / "screening" / "sanctioned-group.yaml"
runner = CliRunner()


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


def fails(capsys, *args) -> str:
    """Run through the real entry point (errors become exit 2 and a message, never a traceback)."""
    capsys.readouterr()
    assert main([str(a) for a in args]) == 2
    return capsys.readouterr().err.replace("\n", " ")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.duckdb"
    with kingmaker.open(path) as km:
        km.load(CASE)
    return path


def statuses(out: dict) -> dict[str, str]:
    return {r["actor"]: r["status"] for r in out["results"]}


def test_screen_json_shape_and_ofac_example_2(db):
    out = json.loads(run("screen", "--db", db, "--as-of", "2024-01-01", "--json").stdout)
    assert out["rule"] == "ofac-50" and out["as_of"] == "2024-01-01"
    assert statuses(out) == {"x": "certainly", "y": "certainly", "a": "certainly", "b": "certainly",
                             "c": "certainly", "jv": "certainly", "d": "possibly", "e": "possibly"}
    c = next(r for r in out["results"] if r["actor"] == "c")
    assert c["designated_share"]["text"] == "50 %" and len(c["chains"]) == 2
    assert c["chains"][0]["designated"] == "x" and [h["subject"] for h in c["chains"][0]["hops"]] == ["a", "c"]
    d = next(r for r in out["results"] if r["actor"] == "d")
    assert d["designated_share"] == {"lower": 25, "upper": 50, "lower_inclusive": False, "upper_inclusive": True,
                                     "text": "(25 %, 50 %]"}
    assert d["settle"][0]["holder"] == "y"


def test_screen_is_time_aware(db):
    """Designations start on 11 March 2022; the EU's wording changed on 3 July 2024."""
    assert statuses(json.loads(run("screen", "--db", db, "--as-of", "2022-03-10", "--json").stdout)) == {}
    eu = ["screen", "--rule", "eu-owned-or-controlled", "--db", db, "--json", "--as-of"]
    before = statuses(json.loads(run(*eu, "2024-07-02").stdout))
    after = statuses(json.loads(run(*eu, "2024-07-03").stdout))
    assert "a" not in before and after["a"] == after["jv"] == "certainly"


def test_screen_one_entity_why_and_why_not(db):
    out = run("screen", "d", "--db", db, "--as-of", "2024-01-01").stdout
    assert "possibly caught" in out and "exact size of y's shareholding in d" in out and "(25 %, 50 %]" in out
    out = json.loads(run("screen", "z", "--db", db, "--as-of", "2024-01-01", "--json").stdout)
    assert statuses(out) == {"z": "not"}
    shown = run("show", "x", "--db", db, "--as-of", "2024-01-01").stdout
    assert "listed on ofac-sdn, program RUSSIA-EO14024, since 2022-03-11" in shown and "listed on eu-consolidated" in shown
    assert "listed on" not in run("show", "x", "--db", db, "--as-of", "2022-03-10").stdout


def test_screen_one_entity_named_by_name_or_identifier(db):
    """The entity may be given as the other commands take it (id, identifier or name): it is resolved once."""
    by_id = json.loads(run("screen", "a", "--db", db, "--as-of", "2024-01-01", "--json").stdout)
    for given in ("Entity A", "entity a", "5493000000000000000A"):
        assert json.loads(run("screen", given, "--db", db, "--as-of", "2024-01-01", "--json").stdout) == by_id


def test_bad_rule_or_list_is_a_clear_error(db, capsys):
    assert "unknown screening rule 'ofac50'" in fails(capsys, "screen", "--rule", "ofac50", "--db", db)
    assert "unknown list 'sdn'" in fails(capsys, "screen", "--list", "sdn", "--db", db)
    assert "no actor 'nobody'" in fails(capsys, "screen", "nobody", "--db", db)


def test_designations_csv_warns_about_unknown_actors_and_refuses_unknown_lists(db, tmp_path, capsys):
    good = tmp_path / "designations.csv"
    good.write_text("actor,list,listed_from,source\n"
                    "z,ofac-sdn,2023-06-01,https://ofac.treasury.gov/recent-actions\n"
                    "LEI:5493000000000000000A,own:watchlist,,\n"
                    "nobody,ofac-sdn,,\n")
    res = run("load", good, "--db", db, "--json")
    out = json.loads(res.stdout)
    assert out["ok"] and out["datasets"][0]["counts"]["designations"] == 2
    assert [w["record"] for w in out["warnings"]] == ["row 3"] and "'nobody'" in out["warnings"][0]["message"]
    # z now designated: z holds 40 % of d and 50 % of the joint venture (a, caught, holds the other 50 %)
    after = statuses(json.loads(run("screen", "--db", db, "--as-of", "2024-01-01", "--json").stdout))
    assert after["d"] == "certainly" and after["z"] == "certainly"
    own = statuses(json.loads(run("screen", "--list", "own:watchlist", "--db", db, "--as-of", "2024-01-01",
                                  "--json").stdout))
    assert own == {"a": "certainly", "jv": "certainly"}  # a listed; a holds 50 % of jv, 25 % of c
    with kingmaker.open(db) as km:
        before = km.store.fingerprint()
    bad = tmp_path / "bad.csv"
    bad.write_text("actor,list\nz,ofac-sdn\nz,ofac-sdm\n")
    err = fails(capsys, "load", bad, "--db", db)
    assert "bad.csv:3" in err and "unknown list 'ofac-sdm'" in err and "did you mean 'ofac-sdn'" in err
    with kingmaker.open(db) as km:
        assert km.store.fingerprint() == before  # nothing written


def test_subsidiaries_include_a_50_50_joint_venture(db):
    out = json.loads(run("subsidiaries", "x", "--db", db, "--as-of", "2024-01-01", "--json").stdout)
    members = {m["actor"]: m for m in out["members"]}
    assert {a for a, m in members.items() if m["member"] == "certainly"} == {"a", "b", "c", "jv"}
    assert members["jv"]["shares"]["shareholding"]["text"] == "25 %"  # 50 % of 50 %, integrated
    assert members["c"]["shares"]["shareholding"]["text"] == "25 %"
    strict = json.loads(run("subsidiaries", "x", "--more-than", "--db", db, "--as-of", "2024-01-01", "--json").stdout)
    assert not [m for m in strict["members"] if m["member"] == "certainly"]


def test_diff_reports_ties_designations_and_screening_changes(db):
    out = json.loads(run("diff", "--from", "2022-01-01", "--to", "2023-06-01", "--rule", "ofac-50", "--db", db,
                         "--json").stdout)
    assert [t["relation"] for t in out["ties_gained"]] == ["d-e"]
    assert {d["id"] for d in out["designations_added"]} == {"x-sdn", "y-sdn", "x-eu"}
    changed = {(s["actor"], s["from"], s["to"]) for s in out["screening"]}
    assert ("c", "not", "certainly") in changed and ("e", "not", "possibly") in changed
    one = json.loads(run("diff", "e", "--from", "2022-01-01", "--to", "2023-06-01", "--db", db, "--json").stdout)
    assert [t["relation"] for t in one["ties_gained"]] == ["d-e"]
    assert {(s["rule"], s["to"]) for s in one["screening"]} == {("ofac-50", "possibly")}


def test_audit_finds_what_a_register_check_should(tmp_path):
    (tmp_path / "reg.csv").write_text(
        "holder,subject,share,holder_kind\n"
        "p,a,60,person\na,b,60,\nb,c,60,\nc,d,60,\n"    # a chain of four hops from a person
        "l1,l2,100,\nl2,l1,100,\n"                       # a closed loop, no natural person behind it
        "o1,o3,70,\no2,o3,40,\n")                         # o3: 110 % recorded
    db = tmp_path / "r.duckdb"
    run("load", tmp_path / "reg.csv", "--format", "edges-csv", "--db", db)
    out = json.loads(run("audit", "--db", db, "--json").stdout)
    assert out["cycles"] == [{"members": ["l1", "l2"], "closed": True}]
    assert [b["subject"] for b in out["inconsistent_subjects"]] == ["o3"]
    no_person = {d["actor"] for d in out["no_natural_person_owner"]}
    assert {"l1", "l2", "o1", "o2", "o3"} <= no_person and not no_person & {"a", "b", "c", "d"}
    assert out["longest_chains"][0] == {"hops": 4, "chain": ["p", "a", "b", "c", "d"]}


def test_api_routes_give_the_cli_shapes(db):
    from fastapi.testclient import TestClient

    from kingmaker.api import create_app
    from kingmaker.api.state import ApiState

    state = ApiState.open(db, "t")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as api:
            whole = api.get("/api/screen?as_of=2024-01-01").json()
            assert statuses(whole) == statuses(json.loads(run("screen", "--db", db, "--as-of", "2024-01-01",
                                                              "--json").stdout))
            one = api.get("/api/actors/d/screen?as_of=2024-01-01").json()
            assert statuses(one) == {"d": "possibly"}
            assert api.get("/api/screen?rule=nope").status_code == 400
            fam = api.get("/api/actors/x/subsidiaries?as_of=2024-01-01").json()
            assert {m["actor"] for m in fam["members"] if m["member"] == "certainly"} == {"a", "b", "c", "jv"}
            diff = api.get("/api/diff?from=2022-01-01&to=2023-06-01&rule=ofac-50").json()
            assert [t["relation"] for t in diff["ties_gained"]] == ["d-e"]
            assert api.get("/api/audit").json()["counts"]["cycles"] == 0
    finally:
        state.close()


def test_the_store_columns_graph_screens_like_the_snapshot(db, tmp_path):
    """``kingmaker screen`` reads the whole store from columns (bands' open ends and control ties included);
    it must answer as the snapshot does, for every rule and date."""
    extra = tmp_path / "control.yaml"
    extra.write_text("case: {id: control, title: Control ties}\n"
                     "actors: [{id: f, kind: company, name: Entity F}, {id: g, kind: company, name: Entity G}]\n"
                     "relations:\n"
                     "  - {id: x-f-board, kind: appointment_right, holder: x, subject: f, seats: 3, of_seats: 5}\n"
                     "  - {id: x-g-votes, kind: voting_rights, holder: x, subject: g, share: '(50, 60]'}\n")
    from kingmaker.analysis.screening import rules, screen

    with kingmaker.open(db) as km:
        km.load(extra)
        for day in ("2022-03-10", "2024-01-01", "2024-07-02", "2024-07-03"):
            columns, snap = km.screening_graph(day), km.snapshot(day)
            for rule in rules():
                a = screen(columns, snap.designations, rule, as_of=snap.as_of, lists=["ofac-sdn"])
                b = screen(snap, rule=rule, lists=["ofac-sdn"])
                assert [(r.actor, r.name, r.status, r.basis, {k: str(v) for k, v in r.designated_share.items()},
                         [str(c) for c in r.chains]) for r in a.results] == \
                       [(r.actor, r.name, r.status, r.basis, {k: str(v) for k, v in r.designated_share.items()},
                         [str(c) for c in r.chains]) for r in b.results], (day, rule)
        eu = screen(km.screening_graph("2024-08-01"), km.store.designations(as_of=date(2024, 8, 1)),
                    "eu-owned-or-controlled", as_of=date(2024, 8, 1), lists=["ofac-sdn"])
        assert {r.actor: r.basis for r in eu.results}["f"] == "control"
