"""Read commands beside a running `kingmaker serve` (another process holding the store), a clear message
instead of DuckDB's raw lock error for a write, and a server write while readers come and go."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest

import kingmaker
from kingmaker.api.live import CLI, serve_process
from kingmaker.data import FLAGSHIP_CASE

SRC = str(Path(__file__).resolve().parents[2] / "src")


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = tmp_path_factory.mktemp("beside") / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""), "KINGMAKER_TOKEN": "beside"}
    with serve_process(db, env=env, timeout=60) as (url, _):
        yield db, url


def test_read_commands_work_while_the_server_holds_the_store(served):
    db, url = served
    shown = cli("show", "openai-inc", "--as-of", "2023-11-20", "--db", str(db), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["actor"]["id"] == "openai-inc"
    power = cli("power", "--board", "openai-inc", "--as-of", "2023-11-17", "--db", str(db), "--json")
    assert power.returncode == 0, power.stderr
    assert len(json.loads(power.stdout)["recorded_vote"]["board"]) == 6
    assert httpx.get(url + "/api/actors/openai-inc").status_code == 200  # and the server still answers


def test_a_write_beside_the_server_gets_a_clear_message(served):
    db, _ = served
    loaded = cli("load", str(FLAGSHIP_CASE), "--db", str(db))
    assert loaded.returncode == 1
    assert "in use by another process (PID" in loaded.stderr and "kingmaker serve" in loaded.stderr
    assert "Could not set lock" not in loaded.stderr and "Traceback" not in loaded.stderr


def test_the_server_still_writes_between_readers(served):
    db, url = served
    body = {"relation": {"id": "beside-test-seat", "kind": "board_seat", "holder": "satya-nadella",
                         "subject": "openai-inc", "role": "observer", "from": "2030-01-01"},
            "evidence": [{"source": "src-beside", "quote": "a test", "reliability": "unconfirmed"}],
            "sources": [{"id": "src-beside", "title": "A test source"}]}
    r = httpx.post(url + "/api/relations", json=body, headers={"Authorization": "Bearer beside"}, timeout=30)
    assert r.status_code == 201, r.text
    shown = cli("show", "openai-inc", "--as-of", "2030-02-01", "--db", str(db), "--json")
    assert shown.returncode == 0, shown.stderr
    assert "beside-test-seat" in {t["id"] for t in json.loads(shown.stdout)["ties_in"]}
