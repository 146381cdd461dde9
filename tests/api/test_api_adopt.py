"""``kingmaker serve --workers N`` builds once and forks: the supervisor builds what every reader needs
(``ApiState.warm``), hands it over with its store closed (``ApiState.hand_over``), and each reader forked from it
starts from those objects (``ApiState.adopt``) — the same objects, not a copy, and the same answers as a reader
that built its own — unless the store was replaced since, when it builds anew. Then the real processes: both
workers say they were forked with the built state and answer alike."""
from __future__ import annotations

import os
import shutil
import tempfile

import httpx
import pytest
from fastapi.testclient import TestClient

import kingmaker
from kingmaker.api.app import create_app
from kingmaker.api.live import serve_process
from kingmaker.api.state import ApiState

from test_service import ENV

URLS = ["/api/actors/openai-inc", "/api/actors/openai-inc/ties?as_of=2023-11-20",
        "/api/actors/openai-global-llc/ubo?as_of=2023-11-20", "/api/actors/openai-global-llc/owners",
        "/api/actors/openai-global-llc/assessment?as_of=2023-11-20&holder=microsoft", "/api/actors/nobody"]


def _answers(state: ApiState) -> list[tuple[int, bytes]]:
    with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
        return [(r.status_code, r.content) for r in map(client.get, URLS)]


@pytest.fixture
def no_assessor(monkeypatch):
    monkeypatch.setattr("kingmaker.api.state.ASSESSOR", False)


def test_an_adopted_state_shares_the_built_objects_and_answers_alike(flagship_db, no_assessor):
    builder = ApiState.attach(ApiState.prepare(flagship_db), "t", warm=False)
    builder.forks_assessor = False
    builder.warm()
    built = builder.hand_over()
    timeline = built["_timelines"][(0, None)]
    adopted = ApiState.adopt(flagship_db, "t", built)
    own = ApiState.attach(flagship_db, "t")
    try:
        assert adopted.timeline() is timeline  # the very objects: nothing rebuilt
        assert adopted.since_index() is built["_since"][(0, None)]
        held = adopted.km.store.__dict__
        assert held["_held_by_subject"] is built["held"]["_held_by_subject"]
        adopted.warm().join()  # what a reader does at start: nothing to build, the held records kept
        assert adopted.km.store.__dict__["_held_by_subject"] is built["held"]["_held_by_subject"]
        own.warm().join()
        assert own.timeline() is not timeline
        assert _answers(adopted) == _answers(own)
    finally:
        adopted.close()
        own.close()


def test_a_store_replaced_after_the_build_is_built_anew(flagship_db, tmp_path, no_assessor):
    builder = ApiState.attach(ApiState.prepare(flagship_db), "t", warm=False)
    builder.forks_assessor = False
    builder.warm()
    built = builder.hand_over()
    # another file put in the store's place, as the writer does
    other = tmp_path / "other.duckdb"
    shutil.copyfile(flagship_db, other)
    os.replace(other, flagship_db)
    adopted = ApiState.adopt(flagship_db, "t", built)
    try:
        assert adopted.timeline() is not built["_timelines"][(0, None)]
        assert "_held_by_subject" not in adopted.km.store.__dict__
    finally:
        adopted.close()


def test_workers_are_forked_with_the_built_state(flagship_db):
    both = lambda url: len({httpx.get(url + "/api/info", timeout=60).headers.get("kingmaker-worker")  # noqa: E731
                            for _ in range(20)}) >= 2
    with serve_process(flagship_db, "--workers", "2", env=ENV, ready=both) as (url, proc):
        seen: dict[str, set] = {}
        for _ in range(30):
            with httpx.Client(timeout=60) as c:  # a new connection each time: the kernel spreads them
                r = c.get(url + URLS[2])
            seen.setdefault(r.headers["kingmaker-worker"], set()).add(r.content)
        pids = set(seen)
    assert "Traceback" not in proc.output, proc.output
    assert proc.output.count("forked with the state the supervisor built") == 2, proc.output
    assert len(pids) == 2 and len({b for v in seen.values() for b in v}) == 1  # both answer, alike


def test_a_stop_while_the_supervisor_builds_ends_cleanly(tmp_path):
    """SIGTERM (or ^C) while the supervisor builds the readers' state: the build's DuckDB queries are stopped
    and its thread leaves DuckDB before the process ends — which exited with SIGABRT ('FATAL: exception not
    rethrown', a daemon thread ended inside DuckDB) and at times left its private folder behind."""
    import glob
    import signal
    import subprocess
    import time

    import kingmaker
    from kingmaker.api.live import CLI, free_port
    from kingmaker.synth import write_synth

    edges, db = tmp_path / "register.csv", tmp_path / "k.duckdb"
    write_synth(edges, 5000, seed=1)  # a build that takes a while
    with kingmaker.open(db) as km:
        km.load(edges)
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "kingmaker-serve-*")))
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(free_port()), "--workers", "2"], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "building the timeline" in line:
            break
    time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    output = "".join(lines) + proc.communicate(timeout=60)[0]
    assert "building the timeline" in output and "built in" not in output, output  # stopped while building
    assert proc.returncode == 0 and "FATAL" not in output and "Traceback" not in output, (proc.returncode, output)
    assert "stopped; the store is closed" in output
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "kingmaker-serve-*"))) == before  # its folder removed


def test_a_write_landing_while_a_worker_opens_the_store_is_seen_at_its_next_request(flagship_db, tmp_path,
                                                                                      monkeypatch, no_assessor):
    """A reader (a worker started or forked again, ``ApiState.attach``/``adopt``) opens the store, then tells the file
    apart. A write that put another file in its place between the two made it take the new file's identity for the
    file it had opened: it never saw the change (stale answers until the next write). Now the file is told apart
    first: the change is seen and the store reopened at the next request."""
    import kingmaker.api.state as S

    other = tmp_path / "other.duckdb"
    shutil.copyfile(flagship_db, other)
    with kingmaker.open(other) as km:  # the write: a new actor, in a copy put in the store's place
        km.load(_edges(tmp_path))
    opened = S._reader

    def reader_then_write(path):
        km = opened(path)
        os.replace(other, flagship_db)
        return km

    monkeypatch.setattr(S, "_reader", reader_then_write)
    state = ApiState.attach(flagship_db, "t", warm=False)
    monkeypatch.setattr(S, "_reader", opened)
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            assert client.get("/api/actors/new-holder").status_code == 200
    finally:
        state.close()


def _edges(tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("holder,subject,share\nnew-holder,openai-inc,1\n")
    return path
