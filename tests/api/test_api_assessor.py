"""Assessments computed in a process of their own (kingmaker.api.assessor), forked once the server's state is
built: the server's interpreter is not held by the rule engine while it answers other questions (issue 19's
load at 10⁵–10⁶: the first assessments made every other new question wait 1.5–4 s). The answers are the
same bytes, errors the same problems; a stopped process, or a store change, leaves the server answering.
On the flagship case."""
from __future__ import annotations

import os
import select
import signal
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import kingmaker.assess.service as service  # noqa: E402
from kingmaker.api import create_app  # noqa: E402
from kingmaker.api import state as state_module  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.errors import UserError  # noqa: E402

URLS = ["/api/actors/openai-global-llc/assessment?as_of=2023-11-20",
        "/api/actors/openai-global-llc/assessment?as_of=2023-11-17&since=false",
        "/api/actors/openai-global-llc/assessment?as_of=2023-11-20&holder=microsoft&turnout=60",
        "/api/actors/OPENAI-GLOBAL-LLC/assessment?as_of=2022-06-01&limit=1&offset=1",
        "/api/actors/openai-inc/assessment",
        "/api/actors/openai-global-llc/assessment?holder=nobody-at-all",
        "/api/actors/openai-global-llc/assessment?turnout=120",
        "/api/actors/openai-global-llc/assessment?as_of=2023-11-20&known_as_of=2023-11-18",
        "/api/actors/microsoft/assessment?as_of=2023-11-20"]  # raises inside the computation (below)


@pytest.fixture
def store(flagship_db):
    return flagship_db


def _ask_twice(assessors, wait: float) -> list[type]:
    """Ask ``assessors`` the same question twice from a request thread of its own (waiting ``wait`` seconds at most)
    and give the classes of the errors the thread saw, in order."""
    import threading
    from datetime import date

    outcome: list[type] = []

    def ask_twice():
        for _ in range(2):
            try:
                assessors.ask("a", date(2023, 1, 1), None, False, None, 0, 0)
            except Exception as exc:  # noqa: BLE001 - what the request thread would see
                outcome.append(type(exc))
    asker = threading.Thread(target=ask_twice, daemon=True)
    asker.start()
    asker.join(wait)
    return list(outcome)


def _answers(state: ApiState) -> list[tuple[int, bytes]]:
    with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
        return [(r.status_code, r.content) for r in (client.get(u) for u in URLS)]


@pytest.fixture
def counted(monkeypatch):
    """Assessments computed in this process (the forked one has the function as it was at the fork)."""
    calls: list[int] = []
    real = service.assess_snapshot

    def failing(snap, target, *args, **kwargs):  # an error raised inside the computation, wherever it runs
        if target == "microsoft":
            raise UserError("relation m-1: field share: not a share")
        return real(snap, target, *args, **kwargs)
    monkeypatch.setattr(service, "assess_snapshot", failing)

    def counting(*args, **kwargs):
        calls.append(os.getpid())
        return failing(*args, **kwargs)
    return calls, lambda: monkeypatch.setattr(service, "assess_snapshot", counting)


def _warm(state: ApiState) -> ApiState:
    state.warm().join(120)
    return state


def test_assessments_come_from_another_process_with_the_same_answers(store, counted, monkeypatch):
    calls, count_here = counted
    monkeypatch.setattr(state_module, "ASSESSOR", False)
    alone = _warm(ApiState.open(store, "t"))
    try:
        expected = _answers(alone)
    finally:
        alone.close()
    monkeypatch.setattr(state_module, "ASSESSOR", True)
    state = _warm(ApiState.open(store, "t"))
    try:
        assert state.assessor is not None and state.assessor.pids and os.getpid() not in state.assessor.pids
        count_here()
        assert _answers(state) == expected
        # only the answer with known_as_of (another timeline, read from the store) is computed here
        assert calls == [os.getpid()]
    finally:
        state.close()
    assert [s for s, _ in expected] == [200, 200, 200, 200, 200, 404, 400, 200, 400]
    assert b"relation m-1: field share: not a share" in expected[-1][1]


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_stopped_assessment_process_leaves_the_server_answering(store, counted):
    calls, count_here = counted
    state = _warm(ApiState.open(store, "t"))
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            url = URLS[0]
            first = client.get(url)
            pids = state.assessor.pids
            os.kill(pids[0], signal.SIGKILL)
            assert _gone(pids[0])
            count_here()
            again = client.get(url.replace("11-20", "11-21"))  # another date: not from the cache
            assert calls == []  # another process computed it
            for pid in pids[1:]:
                os.kill(pid, signal.SIGKILL)
                assert _gone(pid)
            third = client.get(url.replace("11-20", "11-22"))
        assert first.status_code == again.status_code == third.status_code == 200
        assert calls == [os.getpid()]  # with none left, computed here instead
        assert [(v["regime"], v["holder"]) for v in first.json()["verdicts"]] == \
            [(v["regime"], v["holder"]) for v in again.json()["verdicts"]] == \
            [(v["regime"], v["holder"]) for v in third.json()["verdicts"]]
    finally:
        state.close()


def test_a_store_change_forks_a_new_process_and_stops_the_old(store, tmp_path):
    state = _warm(ApiState.open(store, "t"))
    try:
        old = state.assessor.pids
        case = tmp_path / "x.yaml"
        case.write_text("case: {id: x, title: X}\nactors:\n  - {id: x-ltd, kind: company, name: X Ltd}\n"
                        "  - {id: y-ltd, kind: company, name: Y Ltd}\nrelations:\n"
                        "  - {id: x-y, kind: shareholding, holder: x-ltd, subject: y-ltd, share: 20, from: 2020-01-01}\n",
                        encoding="utf-8")
        with state.write() as km:
            km.load(case)
        state.warming.join(120)
        assert state.assessor is not None and not set(state.assessor.pids) & set(old)
        assert all(_gone(pid) for pid in old)
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            answer = client.get("/api/actors/y-ltd/assessment?as_of=2023-01-01").json()
        assert "x-ltd" in answer["features"]  # the new store's holder, from the new process
    finally:
        pids = state.assessor.pids if state.assessor else []
        state.close()
    assert all(_gone(pid) for pid in pids)


def test_the_processes_hold_no_file_of_the_server(store):
    """Forked while another thread of the server had a pipe open to a program it ran (``subprocess.run``), an
    assessment process kept that pipe's end open as long as it lived, and the reader waited for ever (a test
    of the whole suite hung so)."""
    r, w = os.pipe()
    state = _warm(ApiState.open(store, "t"))
    try:
        os.close(w)
        ready, _, _ = select.select([r], [], [], 30)
        assert ready and os.read(r, 1) == b""  # end of file: no process holds the pipe's end any more
        for pid in state.assessor.pids:  # its pipe and the standard streams only, once it has closed the files
            deadline = time.monotonic() + 30  # above its pipe too: a second closerange, after the one that closed w
            while len(os.listdir(f"/proc/{pid}/fd")) > 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(os.listdir(f"/proc/{pid}/fd")) <= 4
    finally:
        os.close(r)
        state.close()


class _SlowTimeline:
    """A timeline whose snapshot takes a while and then fails: an assessment still being computed."""

    def on(self, day):
        time.sleep(1.0)
        raise ValueError("computed after the close")


def test_a_store_change_while_an_assessment_is_computed_answers_it():
    """A write stops the assessment processes (Assessors.close) while a request thread waits for one's
    answer: that thread read the answer's length from the pipe, then its body from the closed connection
    (``os.read(None)``: a TypeError, a 500 for a write during an assessment). Now a connection in use is
    closed by its asker, after its answer came."""
    import threading
    from datetime import date

    from kingmaker.api.assessor import Assessors

    assessors = Assessors.fork(1, _SlowTimeline(), None, {}, 1)
    pid = assessors.pids[0]
    outcome: list = []

    def ask():
        try:
            assessors.ask("a", date(2023, 1, 1), None, False, None, 0, 0)
        except Exception as exc:  # noqa: BLE001 - what the request thread would see
            outcome.append(exc)
    asker = threading.Thread(target=ask)
    asker.start()
    time.sleep(0.3)  # the question is sent and its answer is being computed
    assessors.close()
    asker.join(30)
    assert [(type(e), str(e)) for e in outcome] == [(ValueError, "computed after the close")]
    assert _gone(pid)  # it saw its pipe closed after answering


class _AmbiguousTimeline:
    """A timeline whose snapshot raises an error that pickle cannot rebuild (its class takes two arguments)."""

    def on(self, day):
        from kingmaker.errors import AmbiguousActor

        raise AmbiguousActor("'Acme' names 2 actors", [{"id": "acme-1"}, {"id": "acme-2"}])


def test_an_error_that_cannot_be_sent_back_is_computed_here_and_keeps_the_process():
    """An error raised in the assessment process whose class pickle cannot rebuild (AmbiguousActor, InvalidInput …)
    made recv raise a TypeError: a 500 instead of the error, and the process was neither given back nor dropped, so
    the next question waited for a free one for ever. Now the question is left to the caller (which raises the error
    itself) and the process answers the next."""

    from kingmaker.api.assessor import AssessorGone, Assessors

    assessors = Assessors.fork(1, _AmbiguousTimeline(), None, {}, 1)
    try:
        assert _ask_twice(assessors, wait=20) == [AssessorGone, AssessorGone]
    finally:
        assessors.close()


def test_a_hung_assessment_process_is_killed_and_replaced_and_the_server_answers(store, monkeypatch, caplog):
    """An assessment process forked while another thread of the server held a lock that its computation takes
    waits for that lock for ever (no thread of its own will release it): the request waiting for its answer hung
    for ever, and the process was never freed. Now its answer is waited for KINGMAKER_API_ASSESSOR_TIMEOUT
    seconds, then it is killed and reaped, a new one is forked in its place, the server computes the answer (the
    same bytes) and its log says so."""
    import logging
    import threading

    urls = [f"/api/actors/openai-global-llc/assessment?as_of=2023-11-{d}" for d in (20, 21, 22, 23)]
    monkeypatch.setattr(state_module, "ASSESSOR", False)
    alone = _warm(ApiState.open(store, "t"))
    try:
        with TestClient(create_app(alone), base_url="http://127.0.0.1") as client:
            expected = [(r.status_code, r.content) for r in (client.get(u) for u in urls)]
    finally:
        alone.close()

    held, here, calls = threading.Lock(), os.getpid(), []
    real = service.assess_snapshot

    def locking(*args, **kwargs):
        with held:
            calls.append(os.getpid())
        return real(*args, **kwargs)
    monkeypatch.setattr(service, "assess_snapshot", locking)
    monkeypatch.setattr(state_module, "ASSESSOR", True)
    monkeypatch.setenv("KINGMAKER_API_ASSESSOR_TIMEOUT", "10")  # a flagship assessment takes milliseconds
    held.acquire()  # held while the processes are forked: in them, for ever
    state = _warm(ApiState.open(store, "t"))
    held.release()
    first = list(state.assessor.pids)
    answers: list = []

    def ask() -> None:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
            for url in urls:
                before = len(calls)  # assessments computed here (the forked ones append to their own copy)
                r = client.get(url)
                answers.append((r.status_code, r.content, len(calls) - before))
    caplog.set_level(logging.WARNING, logger="kingmaker.api")
    asker = threading.Thread(target=ask, daemon=True)
    try:
        asker.start()
        asker.join(300)  # two timeouts and four answers, on cores shared with other work
        assert not asker.is_alive(), f"a request hung: {len(answers)} of {len(urls)} answered"
        assert [(s, c) for s, c, _ in answers] == expected
        # the first two went to the processes forked with the lock held: killed, answered here; the next two
        # to the processes forked in their place, which answer
        assert [n for _, _, n in answers] == [1, 1, 0, 0]
        assert all(_gone(pid) for pid in first)  # killed and reaped
        now = list(state.assessor.pids)
        assert len(now) == len(first) and not set(now) & set(first)
        assert all(not _gone_now(pid) for pid in now)
        hung = [r.getMessage() for r in caplog.records if "gave no answer" in r.getMessage()]
        assert len(hung) == 2 and all("in 10 s" in m and "killed" in m and "forked in its place" in m for m in hung)
    finally:
        for pid in first:
            try:
                os.kill(pid, signal.SIGKILL)  # on the old code they wait for ever
            except ProcessLookupError:
                pass
        state.close()


def _gone_now(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


class _HangingTimeline:
    """A timeline whose snapshot never comes (a hung assessment process)."""

    def on(self, day):
        import threading

        threading.Event().wait()


def test_with_every_process_hung_and_none_left_to_fork_the_server_computes(caplog):
    """Once the hung processes' replacements are used up and none is left, the askers compute themselves at once
    (AssessorGone) instead of waiting for a free process."""

    from kingmaker.api.assessor import AssessorGone, Assessors

    assessors = Assessors.fork(1, _HangingTimeline(), None, {}, 1, timeout=2.0)
    assessors._replacements = 0
    pid = assessors.pids[0]
    try:
        assert _ask_twice(assessors, wait=60) == [AssessorGone, AssessorGone] and not assessors.alive
        assert _gone(pid)
        assert any("none left" in r.getMessage() for r in caplog.records)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        assessors.close()


@pytest.mark.parametrize("raw, seconds", [("", 60.0), ("2.5", 2.5), ("abc", 60.0), ("0", 60.0), ("-3", 60.0),
                                          ("nan", 60.0), ("inf", 60.0)])
def test_the_timeout_setting(monkeypatch, caplog, raw, seconds):
    """KINGMAKER_API_ASSESSOR_TIMEOUT: a positive number of seconds; anything else keeps the default and says so."""
    from kingmaker.api.assessor import TIMEOUT_S, timeout_from_env

    monkeypatch.setenv("KINGMAKER_API_ASSESSOR_TIMEOUT", raw)
    assert TIMEOUT_S == 60.0 and timeout_from_env() == seconds
    warned = [r.getMessage() for r in caplog.records if "KINGMAKER_API_ASSESSOR_TIMEOUT" in r.getMessage()]
    assert len(warned) == (1 if raw and seconds == TIMEOUT_S else 0)
    assert all(repr(raw) in m and "60 s kept" in m for m in warned)


def test_the_processes_run_at_a_lower_priority_than_the_server(store, monkeypatch):
    """Issue 19, session 11: at the server's priority the load's first assessments took the two cores from the
    process answering actors, ties and UBOs (their p99 380–633 ms); lower, the kernel serves that one first."""
    from kingmaker.api.assessor import NICE

    monkeypatch.setattr(state_module, "ASSESSOR", True)
    monkeypatch.delenv("KINGMAKER_API_ASSESSOR_NICE", raising=False)
    state = _warm(ApiState.open(store, "t"))
    try:
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert state.assessor is not None and state.assessor.pids
        assert [os.getpriority(os.PRIO_PROCESS, pid) for pid in state.assessor.pids] == \
            [min(19, own + NICE)] * len(state.assessor.pids)
        assert os.getpriority(os.PRIO_PROCESS, 0) == own  # the server's own is as it was
        assert _answers(state)[0][0] == 200
    finally:
        state.close()


@pytest.mark.parametrize("raw, nice", [("", 10), ("0", 0), ("19", 19), ("20", 10), ("-5", 10), ("low", 10)])
def test_the_priority_setting(monkeypatch, caplog, raw, nice):
    from kingmaker.api.assessor import nice_from_env

    monkeypatch.setenv("KINGMAKER_API_ASSESSOR_NICE", raw)
    assert nice_from_env() == nice
    assert ("KINGMAKER_API_ASSESSOR_NICE" in caplog.text) == (raw not in ("", "0", "19"))


def test_the_rule_files_are_read_before_the_fork():
    """Each process would otherwise parse the three regimes' YAML at its first assessment (0.4 s of CPU)."""
    from kingmaker.api.assessor import Assessors
    from kingmaker.assess.engine import REGIMES, load_regime

    load_regime.cache_clear()
    assessors = Assessors.fork(1, _SlowTimeline(), None, {}, 1)
    try:
        assert load_regime.cache_info().currsize == len(REGIMES)
    finally:
        assessors.close()
