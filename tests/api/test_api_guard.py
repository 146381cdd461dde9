"""The server on a laptop (issue 20, item 6): DNS rebinding (Host and Origin), per-client rate limit,
lock-out on wrong tokens, ids that must not reach another file, 4xx for every bad parameter, uploads
kept as provenance, a bomb upload answered at once, and a clean stop on SIGINT/SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

import kingmaker
from kingmaker.api import create_app
from kingmaker.api.guard import GuardSettings, host_name
from kingmaker.api.live import free_port
from kingmaker.api.state import ApiState
from kingmaker.data import FLAGSHIP_CASE

TOKEN = "guard-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def store(tmp_path) -> Path:
    db = tmp_path / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    return db


@pytest.fixture
def make_client(store):
    states = []

    def make(guard: GuardSettings | None = None, base: str = "http://127.0.0.1:8765") -> TestClient:
        state = ApiState.open(store, TOKEN)
        states.append(state)
        client = TestClient(create_app(state, guard=guard or GuardSettings(rate=0)), base_url=base)
        client.state = state
        return client

    yield make
    for s in states:
        s.close()


# -- DNS rebinding ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.nip.io", "kingmaker.lan", ""])
def test_a_foreign_host_name_is_refused_on_reads_and_scenario_runs(make_client, host):
    client = make_client()
    headers = {"Host": host}
    assert client.get("/api/actors", headers=headers).status_code == 421
    assert client.get("/", headers=headers).status_code == 421
    assert client.post("/api/scenarios/run", json={"scenario": {"id": "x"}}, headers=headers).status_code == 421
    assert client.post("/api/relations", json={}, headers={**headers, **AUTH}).status_code == 421


@pytest.mark.parametrize("host", ["localhost:8765", "127.0.0.1:8765", "[::1]:8765", "LOCALHOST", "127.0.0.1"])
def test_loopback_names_are_served(make_client, host):
    assert make_client().get("/api/actors?limit=1", headers={"Host": host}).status_code == 200


def test_an_allow_list_adds_names(make_client):
    client = make_client(GuardSettings(allowed_hosts=("127.0.0.1", "kingmaker.lan"), rate=0))
    assert client.get("/api/actors?limit=1", headers={"Host": "kingmaker.lan:8765"}).status_code == 200
    assert client.get("/api/actors?limit=1", headers={"Host": "localhost"}).status_code == 421


def test_a_cross_site_origin_is_refused(make_client):
    client = make_client()
    assert client.get("/api/actors", headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/scenarios/run", json={}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/api/load", headers={"Origin": "null", **AUTH}, files={"file": ("x.yaml", b"x")}).status_code == 403
    assert client.get("/api/actors?limit=1", headers={"Origin": "http://127.0.0.1:8765"}).status_code == 200


def test_host_name_parsing():
    assert [host_name(h) for h in ("LocalHost:80", "[::1]:8765", "::1", "127.0.0.1", "")] == \
        ["localhost", "::1", "::1", "127.0.0.1", ""]


# -- rate limit and lock-out ------------------------------------------------------------------------------
def test_a_client_over_the_rate_gets_429_with_retry_after(make_client):
    client = make_client(GuardSettings(rate=0.5, burst=3))
    codes = [client.get("/api/info").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    r = client.get("/api/info")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"] == "application/problem+json"


def test_wrong_tokens_lock_the_client_out_of_writes(make_client):
    client = make_client(GuardSettings(rate=0, lockout_after=3, lockout_seconds=60))
    wrong = {"Authorization": "Bearer nope"}
    body = {"scenario": {"id": "x"}}
    for _ in range(3):
        assert client.post("/api/relations", json={}, headers=wrong).status_code == 401
    locked = client.post("/api/relations", json={}, headers=AUTH)  # even the right token, for a while
    assert locked.status_code == 429 and "wrong tokens" in locked.json()["detail"]
    assert client.get("/api/actors?limit=1").status_code == 200  # reads still answer
    assert client.post("/api/scenarios/run", json=body).status_code == 400


# -- ids and files ------------------------------------------------------------------------------------------
def _relation(rid: str) -> dict:
    return {"relation": {"id": rid, "kind": "board_seat", "holder": "satya-nadella", "subject": "openai-inc",
                         "role": "observer", "from": "2024-01-01"},
            "evidence": [{"source": "src-t", "quote": "q"}], "sources": [{"id": "src-t", "title": "t"}]}


def test_a_relation_id_cannot_reach_another_datasets_file(make_client, store):
    client = make_client()
    assert client.post("/api/relations", json=_relation("foo"), headers=AUTH).status_code == 201
    edits = store.parent / "api-edits"
    mine = edits / "api-foo.yaml"
    kept = mine.read_bytes()
    for rid in ("zz/api-foo", "../api-edits/api-foo", "/tmp/api-foo", "api-foo/..", "..", "zz\\api-foo"):
        r = client.post("/api/relations", json=_relation(rid), headers=AUTH)
        assert 400 <= r.status_code < 500, (rid, r.text)
    assert mine.read_bytes() == kept
    assert all(p.parent == edits for p in edits.rglob("*"))
    with client.state.read() as km:
        assert km.store.dataset("case:api-foo") is not None


def test_a_second_closing_on_the_same_day_keeps_the_first_ones_file(make_client, store):
    client = make_client()
    assert client.post("/api/relations", json=_relation("bar"), headers=AUTH).status_code == 201
    close = {"valid_to": "2024-03-01", "evidence": [{"source": "s", "quote": "q"}], "sources": [{"id": "s", "title": "s"}]}
    assert client.post("/api/relations/bar/close", json=close, headers=AUTH).status_code == 200
    files = sorted(p.name for p in (store.parent / "api-edits").iterdir())
    assert client.post("/api/relations/bar/close", json=close, headers=AUTH).status_code == 400
    assert sorted(p.name for p in (store.parent / "api-edits").iterdir()) == files


def test_an_upload_is_kept_as_the_datasets_provenance(make_client):
    client = make_client()
    case = b"case: {id: acme-upload, title: Acme}\nactors:\n- {id: acme-up, kind: company, name: Acme}\n"
    r = client.post("/api/load", files={"file": ("../../acme.yaml", case)}, headers=AUTH)
    assert r.status_code == 201, r.text
    kept = Path(r.json()["datasets"][0]["file"])
    assert kept.exists() and kept.read_bytes() == case and kept.parent.name == "api-uploads"


def test_a_bomb_upload_is_refused_at_once_and_the_server_answers(make_client):
    client = make_client()
    bomb = "case: {id: bomb, title: Bomb}\nactors:\n- id: a0\n  kind: company\n  name: A\n  aliases: &a0 [" \
        + ", ".join(["lol"] * 9) + "]\n" + "".join(
            f"- id: a{i}\n  kind: company\n  name: A{i}\n  aliases: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
            for i in range(1, 9))
    started = time.perf_counter()
    r = client.post("/api/load", files={"file": ("bomb.yaml", bomb.encode())}, headers=AUTH)
    assert r.status_code == 400 and "max_yaml_nodes" in r.text
    assert time.perf_counter() - started < 30
    assert client.get("/api/info").status_code == 200


# -- every bad parameter is a 4xx -----------------------------------------------------------------------------
BAD_VALUES = ["9999-12-31", "0001-01-01", "9223372036854775808", "-1", "99999999999999999999", "1e400", "nan",
              "x" * 3000, "\x00", "2023-02-30"]


def test_no_query_parameter_value_gives_a_500(make_client):
    client = make_client()
    spec = client.get("/openapi.json").json()
    with client.state.read() as km:
        rel = km.store.con.execute("SELECT relation_id FROM relations LIMIT 1").fetchone()[0]
    tried = 0
    for path, ops in spec["paths"].items():
        if "get" not in ops:
            continue
        url = path.replace("{actor_id}", "openai-inc").replace("{relation_id}", rel).replace("{scenario_id}", "x")
        for param in (p["name"] for p in ops["get"].get("parameters", []) if p["in"] == "query"):
            for value in BAD_VALUES:
                r = client.get(url, params={param: value})
                tried += 1
                assert r.status_code < 500, (url, param, value[:20], r.text[:200])
    assert tried > 100


# -- the process ----------------------------------------------------------------------------------------------
def _serve(store: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kingmaker.cli.app", "serve", "--port", str(port), "--db", str(store),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "KINGMAKER_TOKEN": TOKEN})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=2).status_code == 200:
                return proc, port
        except httpx.HTTPError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("server did not start: " + (proc.stdout.read() if proc.stdout else ""))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_server_stops_cleanly_on_a_signal(store, sig):
    proc, port = _serve(store)
    assert httpx.get(f"http://127.0.0.1:{port}/api/actors?limit=1", timeout=5).status_code == 200
    proc.send_signal(sig)
    try:
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    out = proc.stdout.read()
    assert proc.returncode == 0 and "Traceback" not in out, out


def test_allow_remote_warns_loudly_and_answers_only_allowed_names(store):
    proc, port = _serve(store, "--host", "0.0.0.0", "--allow-remote", "--allowed-host", "kingmaker.lan")
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/api/info", headers={"Host": "evil.example"}).status_code == 421
        assert httpx.get(f"http://127.0.0.1:{port}/api/info", headers={"Host": "kingmaker.lan"}).status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    out = proc.stdout.read()
    assert "WARNING: --allow-remote" in out and "unencrypted" in out and "reverse proxy" in out
