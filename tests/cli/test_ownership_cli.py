"""``kingmaker ubo / owners / control / synth`` through typer's CliRunner and as a real subprocess."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli import app

from conftest import ROOT  # noqa: E402
EXE = ROOT / ".venv" / "bin" / "kingmaker"
runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    (tmp_path / "loop.csv").write_text("holder,subject,share\nx,y,100\ny,x,100\n")
    (tmp_path / "acc.csv").write_text(
        "holder,subject,share,share_min,share_max,min_exclusive,holder_kind\n"
        "a,b1,100,,,,person\na,b2,80,,,,person\nb1,c,20,,,,\nb2,c,40,,,,\n"
        "p,x2,,25,50,true,person\nx2,y2,,50,75,true,\n")
    db = tmp_path / "s.duckdb"
    km = kingmaker.open(db)
    km.load(tmp_path / "loop.csv", tmp_path / "acc.csv", format="edges-csv")
    km.close()
    return db


def test_ubo_mutual_cycle_cli_runner(store):
    res = runner.invoke(app, ["ubo", "x", "--db", str(store), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["no_natural_person"] is True and out["beneficial_owners"] == []
    assert out["cycles"] == [{"members": ["x", "y"], "closed": True, "natural_person": False}]


def test_ubo_mutual_cycle_subprocess(store):
    res = subprocess.run([str(EXE), "ubo", "x", "--db", str(store)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "no natural person found" in res.stdout and "closed loop" in res.stdout and "x ↔ y" in res.stdout


def test_ubo_acceptance_and_bands(store):
    res = runner.invoke(app, ["ubo", "c", "--db", str(store), "--json"])
    (a,) = json.loads(res.stdout)["beneficial_owners"]
    assert a["actor"] == "a" and a["ownership"]["lower"] == 52 and a["verdict"] == "certainly"
    assert [[h["share"]["text"] for h in c["hops"]] for c in a["chains"]] == [["80 %", "40 %"], ["100 %", "20 %"]]
    res = runner.invoke(app, ["ubo", "y2", "--db", str(store)])
    assert res.exit_code == 0 and "(12.5 %, 37.5 %]" in res.stdout and "possibly" in res.stdout
    res = runner.invoke(app, ["ubo", "c", "--db", str(store), "--threshold", "60", "--json"])
    assert json.loads(res.stdout)["other_persons"][0]["actor"] == "a"


def test_owners_and_control(store):
    res = runner.invoke(app, ["owners", "c", "--db", str(store), "--json", "--min", "30"])
    got = {o["actor"]: o["ownership"]["text"] for o in json.loads(res.stdout)["owners"]}
    assert got == {"a": "52 %", "b2": "40 %"}
    res = runner.invoke(app, ["owners", "x", "--db", str(store)])
    assert res.exit_code == 0 and "closed loop" in res.stdout
    res = runner.invoke(app, ["control", "--model", "threshold", "--db", str(store), "--json", "--top", "2"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["controllers"][0]["actor"] == "a"
    res = runner.invoke(app, ["control", "--model", "npi", "--db", str(store), "--json"])
    assert json.loads(res.stdout)["controllers"][0] == {"actor": "a", "npi": 3.0, "stderr": 0.0, "exact": "3/1"}


def test_errors_exit_2(store):
    from kingmaker.cli import main

    assert main(["ubo", "nobody", "--db", str(store)]) == 2
    assert main(["ubo", "c", "--db", str(store), "--as-of", "yesterday"]) == 2
    assert main(["control", "--model", "bogus", "--db", str(store)]) == 2


def test_synth_command(tmp_path):
    out = tmp_path / "g.csv"
    res = runner.invoke(app, ["synth", "--entities", "500", "--seed", "4", "--out", str(out)])
    assert res.exit_code == 0, res.output
    again = tmp_path / "h.csv"
    runner.invoke(app, ["synth", "--entities", "500", "--seed", "4", "--out", str(again)])
    assert out.read_bytes() == again.read_bytes()
    lines = out.read_text().splitlines()
    assert lines[0].startswith('"holder","subject"') or lines[0].startswith("holder,subject")
    persons = {line.split(",")[0] for line in lines[1:] if ",person," in line}
    assert 20 <= len(persons) <= 60


def test_flagship_owners_cutoff_in_percent_and_officials_fallback(flagship_store):
    """`--min 1` means 1 % (not 100 %); a nonprofit-controlled company has no natural-person owner, so its
    senior managing officials are reported in its place."""
    import json as _json

    from typer.testing import CliRunner

    from kingmaker.cli.app import app

    runner = CliRunner()
    db = str(flagship_store.path)
    out = runner.invoke(app, ["owners", "openai-group-pbc", "--as-of", "2025-11-01", "--min", "1", "--json", "--db", db])
    assert {o["actor"] for o in _json.loads(out.stdout)["owners"]} == {"microsoft", "openai-inc"}
    out = runner.invoke(app, ["ubo", "openai-global-llc", "--as-of", "2023-11-16", "--json", "--db", db])
    data = _json.loads(out.stdout)
    assert data["no_natural_person"] is True
    assert {(o["person"], o["role"]) for o in data["senior_managing_officials"]} >= {("sam-altman", "CEO")}
