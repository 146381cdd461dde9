"""Assessments (seconds of CPU the first time) run on threads of their own (kingmaker.api.deps.slow): while
as many of them as there are request threads are being computed, a question of milliseconds — an actor's
ties — is still answered, instead of queueing behind them. On the flagship case."""
from __future__ import annotations

import threading

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import kingmaker  # noqa: E402
import kingmaker.assess.service as service  # noqa: E402
from kingmaker.api import create_app  # noqa: E402
from kingmaker.api.app import REQUEST_THREADS  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.data import FLAGSHIP_CASE  # noqa: E402


def test_a_quick_question_does_not_wait_behind_assessments(tmp_path, monkeypatch):
    db = tmp_path / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    state = ApiState.open(db, "t")
    release, inside = threading.Event(), threading.Semaphore(0)
    real = service.assess_snapshot

    def held(*args, **kwargs):  # an assessment that takes as long as the test says
        inside.release()
        release.wait(60)
        return real(*args, **kwargs)
    monkeypatch.setattr(service, "assess_snapshot", held)
    answers: dict[str, int] = {}
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            def ask(name: str, url: str) -> threading.Thread:
                t = threading.Thread(target=lambda: answers.__setitem__(name, client.get(url).status_code),
                                     daemon=True)
                t.start()
                return t
            # as many assessments as there are request threads, each on another date (no shared result)
            slow = [ask(f"assessment {d}", f"/api/actors/openai-global-llc/assessment?as_of=2023-11-{d:02d}")
                    for d in range(10, 10 + REQUEST_THREADS)]
            assert inside.acquire(timeout=60)  # one is being computed
            quick = ask("ties", "/api/actors/openai-global-llc/ties?as_of=2023-11-20")
            quick.join(30)
            answered = not quick.is_alive()
            release.set()
            for t in slow + [quick]:
                t.join(60)
    finally:
        release.set()
        state.close()
    assert answered, "the ties waited behind the assessments"
    assert answers == {"ties": 200, **{f"assessment {d}": 200 for d in range(10, 10 + REQUEST_THREADS)}}


def test_a_server_process_hands_the_interpreter_over_quickly(monkeypatch):
    """A request answered on a request thread hands over to it and back to the event loop; at Python's
    default switch interval (5 ms) each hand-over waited for the busy loop's whole interval under load
    (issue 19). ``kingmaker serve`` (and each worker) sets a shorter one; the environment may choose."""
    import sys

    from kingmaker.api.server import SWITCH_INTERVAL_S, quick_handovers

    before = sys.getswitchinterval()
    try:
        monkeypatch.delenv("KINGMAKER_API_SWITCH_INTERVAL", raising=False)
        quick_handovers()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S) and SWITCH_INTERVAL_S < 0.005
        monkeypatch.setenv("KINGMAKER_API_SWITCH_INTERVAL", "0.002")
        quick_handovers()
        assert sys.getswitchinterval() == pytest.approx(0.002)
        monkeypatch.setenv("KINGMAKER_API_SWITCH_INTERVAL", "soon")  # not a number: the default
        quick_handovers()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    finally:
        sys.setswitchinterval(before)
