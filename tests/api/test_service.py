"""`kingmaker serve --workers N` as real processes on loopback: reads answered by several workers over a
read-only store, writes made by one writer and seen by every worker afterwards, nothing lost; bad
settings refused with one line; the disk cache built once by processes that miss it together."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

import kingmaker
from kingmaker.api.live import CLI, free_port, serve_process
from kingmaker.data import FLAGSHIP_CASE

SRC = str(Path(__file__).resolve().parents[2] / "src")
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""), "KINGMAKER_TOKEN": "svc",
       "KINGMAKER_API_RATE": "0"}
AUTH = {"Authorization": "Bearer svc"}


def _seat(n: int) -> dict:
    return {"relation": {"id": f"svc-seat-{n}", "kind": "board_seat", "holder": "satya-nadella",
                         "subject": "openai-inc", "role": "observer", "from": "2030-01-01"},
            "evidence": [{"source": f"src-svc-{n}", "quote": f"test seat {n}", "reliability": "unconfirmed"}],
            "sources": [{"id": f"src-svc-{n}", "title": f"Test source {n}"}]}


def _get(url: str, path: str) -> httpx.Response:
    with httpx.Client(timeout=60) as c:  # a new connection each time: the kernel spreads them over the workers
        return c.get(url + path)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    db = tmp_path_factory.mktemp("service") / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    both = lambda url: len({_get(url, "/api/info").headers.get("kingmaker-worker") for _ in range(20)}) >= 2  # noqa: E731
    with serve_process(db, "--workers", "2", env=ENV, ready=both) as (url, proc):
        yield db, url
    assert "Traceback" not in proc.output, proc.output


def test_writes_through_any_worker_are_all_kept_and_every_worker_sees_them(service):
    db, url = service
    before = _get(url, "/api/actors/openai-inc/ties?as_of=2030-02-01").json()
    with ThreadPoolExecutor(6) as pool:  # six writers at once, arriving at both workers
        answers = list(pool.map(lambda n: httpx.post(url + "/api/relations", json=_seat(n), headers=AUTH,
                                                     timeout=120), range(6)))
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    assert len({a.headers["kingmaker-writer"] for a in answers}) == 1  # one writer made them all
    seen_by = set()
    deadline = time.monotonic() + 120  # a worker busy taking in the writes accepts no connection meanwhile (loaded CI)
    while len(seen_by) < 2 and time.monotonic() < deadline:
        r = _get(url, "/api/actors/openai-inc/ties?as_of=2030-02-01")
        ids = {t["id"] for t in r.json()["ties_in"]}
        assert {f"svc-seat-{n}" for n in range(6)} <= ids  # every answer, from whichever worker, has them all
        assert len(r.json()["ties_in"]) == len(before["ties_in"]) + 6
        seen_by.add(r.headers["kingmaker-worker"])
    assert len(seen_by) >= 2, seen_by
    # and the file itself holds them: a command beside the server reads it
    shown = subprocess.run([*CLI, "show", "openai-inc", "--as-of", "2030-02-01", "--db", str(db), "--json"],
                           capture_output=True, text=True, env=ENV, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert {f"svc-seat-{n}" for n in range(6)} <= {t["id"] for t in json.loads(shown.stdout)["ties_in"]}


def test_a_refused_write_changes_nothing_and_a_wrong_token_stops_at_the_worker(service):
    db, url = service
    stamp = db.stat().st_ino
    wrong = httpx.post(url + "/api/relations", json=_seat(99), headers={"Authorization": "Bearer nope"}, timeout=60)
    assert wrong.status_code == 401 and wrong.json()["detail"] == "wrong token"
    bad = dict(_seat(98))
    bad["relation"] = {**bad["relation"], "holder": "nobody-of-that-name"}
    refused = httpx.post(url + "/api/relations", json=bad, headers=AUTH, timeout=60)
    assert refused.status_code == 400 and "nobody-of-that-name" in refused.text
    assert db.stat().st_ino == stamp  # no new file was put in place
    assert not [p for p in db.parent.iterdir() if ".writing-" in p.name]  # the copy was removed
    assert _get(url, "/api/actors/svc-seat-98").status_code == 404


def test_assessment_and_ubo_answer_on_the_workers(service):
    _, url = service
    a = _get(url, "/api/actors/openai-global-llc/assessment?as_of=2023-11-20&holder=microsoft")
    assert a.status_code == 200 and a.json()["features"]["microsoft"]
    u = _get(url, "/api/actors/openai-global-llc/ubo?as_of=2023-11-20")
    assert u.status_code == 200 and "beneficial_owners" in u.json()


@pytest.mark.parametrize("args, says", [
    (["--workers", "0"], "--workers 0: give 1 or more"),
    (["--workers", "100000"], "--workers 100000: at most"),  # not a hundred thousand processes
    (["--db", "{tmp}/missing.duckdb", "--workers", "2"], "no store there"),
])
def test_bad_settings_are_one_line_and_exit_2(tmp_path, args, says):
    args = [a.format(tmp=tmp_path) for a in args]
    run = subprocess.run([*CLI, "serve", "--port", str(free_port()), *args], capture_output=True, text=True,
                         env=ENV, timeout=60)
    assert run.returncode == 2, run.stderr
    assert says in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_copy_left_by_a_stopped_writer_is_removed_at_start(tmp_path):
    from kingmaker.api.state import ApiState

    db = tmp_path / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    left = tmp_path / ".k.duckdb.writing-999999"
    left.write_bytes(b"half a store")
    ApiState.prepare(db)
    assert not left.exists() and db.exists()


def test_a_store_another_process_is_writing_is_refused_with_one_line(tmp_path):
    db = tmp_path / "k.duckdb"
    with kingmaker.open(db):  # this process holds it read-write
        run = subprocess.run([*CLI, "serve", "--db", str(db), "--port", str(free_port()), "--workers", "2"],
                             capture_output=True, text=True, env=ENV, timeout=60)
    assert run.returncode == 2, run.stderr
    assert "in use by another process" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


BUILD = """
import sys, time
from pathlib import Path
from kingmaker.session import Kingmaker
from kingmaker.store.derived import DerivedCache

db, folder, n = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with Kingmaker(db, read_only="shared") as km:
    (folder / f"ready-{n}").touch()
    while not (folder / "go").exists():  # all three ask at once
        time.sleep(0.02)

    def make():
        with open(folder / "log", "a") as f:
            f.write("built\\n")
        time.sleep(1.0)
        return 42
    assert DerivedCache(km.store).get("graph", "2024-01-01", make) == 42
"""


def test_processes_that_miss_the_disk_cache_together_build_it_once(tmp_path):
    db = tmp_path / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    procs = [subprocess.Popen([sys.executable, "-c", BUILD, str(db), str(tmp_path), str(n)], env=ENV)
             for n in range(3)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert (tmp_path / "log").read_text().count("built") == 1

