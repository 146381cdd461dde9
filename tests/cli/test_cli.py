"""The CLI, through Typer's runner and as a real subprocess: JSON shapes, exit codes, no tracebacks."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kingmaker.cli.app import app, main

from conftest import FLAGSHIP, ROOT

runner = CliRunner()


def kingmaker_exe() -> list[str]:
    exe = Path(sys.executable).parent / "kingmaker"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kingmaker.cli.app"]


def run_cli(*args, env=None):
    return subprocess.run(kingmaker_exe() + list(args), capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=ROOT)


@pytest.fixture
def loaded_db(db_path):
    result = runner.invoke(app, ["load", str(FLAGSHIP), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


def board(db, day):
    result = runner.invoke(app, ["show", "openai-inc", "--as-of", day, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_board_before_the_crisis(loaded_db):
    data = board(loaded_db, "2023-11-16")
    directors = [b for b in data["board"] if b["voting"]]
    assert len(directors) == 6
    assert "Helen Toner" in {b["name"] for b in directors}
    assert "microsoft" not in {b["holder"] for b in data["board"]}
    rel = next(r for r in data["ties_in"] if r["id"] == "toner-board")
    assert set(rel) >= {"id", "kind", "holder", "subject", "valid_from", "valid_to", "share", "evidence"}
    assert rel["evidence"] == ["ev-board-before"] and rel["dataset"] == "case:openai-2023"


def test_show_board_after_the_crisis(loaded_db):
    data = board(loaded_db, "2023-11-30")
    seats = {b["name"]: b for b in data["board"]}
    assert seats["Bret Taylor"]["role"] == "chair"
    assert {"Larry Summers", "Adam D'Angelo"} <= set(seats)
    ms = seats["Microsoft Corporation"]
    assert ms["role"] == "observer" and ms["voting"] is False
    assert not any(b["holder"] == "microsoft" and b["voting"] for b in data["board"])
    assert "Helen Toner" not in seats
    ev_ids = {e["id"] for e in data["evidence"]}
    assert {"ev-reinstated", "ev-observer-seat"} <= ev_ids


def test_share_shape_in_json(loaded_db):
    data = board(loaded_db, "2023-11-16")
    result = runner.invoke(app, ["show", "openai-global-llc", "--as-of", "2023-11-16", "--db", str(loaded_db), "--json"])
    rel = next(r for r in json.loads(result.stdout)["ties_in"] if r["id"] == "microsoft-econ-49")
    assert rel["share"]["exact"] == 49 and rel["share"]["text"] == "49%"


def test_actors_kind_filter_and_bad_kind(loaded_db):
    result = runner.invoke(app, ["actors", "--kind", "group", "--db", str(loaded_db), "--json"])
    groups = json.loads(result.stdout)
    staff = next(g for g in groups if g["id"] == "openai-staff")
    assert staff["size"] == 770 and staff["size_approximate"] is True
    assert main(["actors", "--kind", "martian", "--db", str(loaded_db)]) == 2


def test_timeline(loaded_db):
    result = runner.invoke(app, ["timeline", "microsoft", "--db", str(loaded_db), "--json"])
    entries = json.loads(result.stdout)
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    assert {"date": "2024-07-09", "what": "ends", "relation": "microsoft-observer-seat"}.items() <= next(
        e for e in entries if e["relation"] == "microsoft-observer-seat" and e["what"] == "ends").items()


def test_unknown_actor_exit_2(loaded_db):
    assert main(["show", "openai-ltd", "--db", str(loaded_db)]) == 2
    assert main(["show", "openai", "--db", str(loaded_db)]) == 0  # a name (alias) of openai-inc, in any case (issue 13)
    assert main(["show", "openai-inc", "--as-of", "16.11.2023", "--db", str(loaded_db)]) == 2


BAD_CASES = {
    "unknown-actor": ("holder: microsoft\n    subject: openai-global-llc\n    resource: compute",
                      "holder: microsft\n    subject: openai-global-llc\n    resource: compute", "unknown actor 'microsft'"),
    "bad-date": ("from: 2014-02-04", "from: 2014-02-30", "not a valid date"),
    "share-140": ("share: 49\n", "share: 140\n", "outside 0–100"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_case_file_exit_2_with_file_line_and_store_unchanged(tmp_path, name):
    old, new, message = BAD_CASES[name]
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert old in text
    bad_text = text.replace(old, new, 1).replace("id: openai-2023", "id: openai-2023-bad", 1)
    bad = tmp_path / f"{name}.yaml"
    bad.write_text(bad_text, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run_cli("load", str(FLAGSHIP), "--db", str(db)).returncode == 0
    import kingmaker

    with kingmaker.open(db) as km:
        before = km.store.fingerprint()
    proc = run_cli("load", str(bad), "--db", str(db))
    assert proc.returncode == 2
    line = next(i for i, l in enumerate(bad_text.splitlines(), 1) if new.split("\n")[0].strip() in l)
    assert f"{bad}:{line}" in proc.stderr and message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    with kingmaker.open(db) as km:
        assert km.store.fingerprint() == before


def test_subprocess_show_json_and_missing_file(tmp_path):
    db = tmp_path / "s.duckdb"
    proc = run_cli("load", str(FLAGSHIP), "--db", str(db), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["datasets"][0]["status"] == "loaded"
    proc = run_cli("show", "openai-inc", "--as-of", "2023-11-16", "--json", env={"KINGMAKER_DB": str(db)})
    assert proc.returncode == 0 and len([b for b in json.loads(proc.stdout)["board"] if b["voting"]]) == 6
    proc = run_cli("load", str(tmp_path / "nope.yaml"), "--db", str(db))
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("frobnicate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_demo_prints_the_account(tmp_path):
    proc = run_cli("demo", "--db", str(tmp_path / "d.duckdb"))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for day in ("2023-11-16", "2023-11-20", "2023-11-22", "2023-11-30"):
        assert f"As of {day}" in out
    assert "Board (6 voting)" in out and "Board (3 voting)" in out
    assert "747 of 770" in out and "observer, non-voting" in out
    assert "What changed from 2023-11-16 to 2023-11-20" in out
