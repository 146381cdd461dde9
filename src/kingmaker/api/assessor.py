"""Assessments computed in a process of their own, forked from the server once it has built its state.

Measured (issue 19, bench_api's load at 10⁵ and 10⁶, one worker): a company's first assessment costs 0.01–1.5 s
of CPU in the rule engine, pure Python. On the request threads' process it held the interpreter (one running
thread per process) for that long, so while the load's 30 first assessments were computed — the first 13–20 s
of it — every other question that was not already answered (an actor, its ties, a UBO) took 1.5–4 s instead of
milliseconds. Here they are computed in another process, which has an interpreter of its own.

That process is forked (:func:`os.fork`) from the server's process once :meth:`ApiState.warm
<kingmaker.api.state.ApiState.warm>` has built what an assessment reads — the timeline of every tie, the
"since when" index, the actors' names — so it holds the same objects without building or copying them: the
memory pages are shared until one side writes to them (copy-on-write; :func:`gc.freeze` keeps the garbage
collector from touching them). It never touches the store: the request's actor is resolved first by the
server (:meth:`ApiState.actor <kingmaker.api.state.ApiState.actor>`), and everything else comes from those
objects. Each computes one assessment at a time, and there are as many as the slow questions' threads
(:data:`kingmaker.api.deps.SLOW_THREADS`: as many assessments at once as before); each sends back the encoded answer, which the server keeps in its
result cache and answer cache as before, so the answer is byte for byte the one the server would have computed
(:func:`assessment_answer`, used by both). A store change starts new ones (forked after the new state is built) and stops
the old ones; until then, or if it dies, the server computes on its own threads as before.

The processes run at a lower CPU priority than the server (:data:`NICE`, ``KINGMAKER_API_ASSESSOR_NICE``): the
kernel gives the cores to the process answering actors, ties and UBOs first, the assessments use what is left.

An answer is waited for :data:`TIMEOUT_S` seconds at most (``KINGMAKER_API_ASSESSOR_TIMEOUT``): a process that
hangs — forked while another thread of the server held a lock its computation takes, say, which no thread of the
child will ever release — is killed (and reaped by its reaper thread), a new one forked in its place (as many
times as there were processes at first; then the others go on, and with none left the server computes), and the
question is computed by the server, as when a process stopped; the server's log says so.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import signal
import sys
import threading
from datetime import date
from typing import Callable

log = logging.getLogger("kingmaker.api")

#: seconds an assessment process may take to answer one question before it is taken for hung (module
#: docstring): far above a first assessment's cost at 10⁶ (up to 1.5 s of CPU; issue 19's bench, on cores
#: shared with other work, saw at most 43 s for a whole request, its waits included), and a common proxy's
#: read timeout (nginx's ``proxy_read_timeout``: 60 s)
TIMEOUT_S = 60.0


#: how much lower the assessment processes' CPU priority is than the server's (``nice``; ``KINGMAKER_API_ASSESSOR_NICE``,
#: 0 to 19). Measured (issue 19, session 10, bench_api at 10⁵–10⁶ on 2 shared cores): with the processes at the
#: server's priority, the load's 30 first assessments (up to 1.2 s of CPU each) took the cores from the process
#: answering actors, ties and UBOs, whose p99 rose to 380–633 ms. At a lower priority the kernel gives the cores
#: to the answering process first whenever it has a question, and the assessments use what is left — as a
#: service runs its batch work beside its interactive requests.
NICE = 10


def _setting_from_env(name: str, default, parse, valid, wanted: str, unit: str = ""):
    """The value of the environment variable ``name`` read by ``parse`` if ``valid`` takes it, else ``default`` —
    unset quietly, anything else reported in the log as not ``wanted`` ("… 60 s kept")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = parse(raw)
    except ValueError:
        value = None
    if value is None or not valid(value):
        log.warning("%s=%r is not %s: %g%s kept", name, raw, wanted, default, unit)
        return default
    return value


def nice_from_env() -> int:
    """:data:`NICE`, or the increment in ``KINGMAKER_API_ASSESSOR_NICE`` (a whole number 0 … 19; another value is
    reported in the log and the default kept)."""
    return _setting_from_env("KINGMAKER_API_ASSESSOR_NICE", NICE, int, lambda v: 0 <= v <= 19,
                             "a whole number from 0 to 19")


def timeout_from_env() -> float:
    """:data:`TIMEOUT_S`, or the seconds in ``KINGMAKER_API_ASSESSOR_TIMEOUT`` (a positive number; another
    value is reported in the log and the default kept)."""
    return _setting_from_env("KINGMAKER_API_ASSESSOR_TIMEOUT", TIMEOUT_S, float,
                             lambda v: 0 < v < float("inf"), "a positive number of seconds", " s")


def assessment_answer(snapshot_at: Callable[[date], object], timeline: Callable, since_index: Callable,
                      names: dict[str, str], actor_id: str, day: date, holder: list[str] | None, since: bool, share,
                      limit: int, offset: int) -> bytes:
    """The encoded answer of ``GET /api/actors/{actor_id}/assessment`` (``actor_id`` and ``holder`` resolved
    to ids, ``share`` the parsed turnout): the verdicts of :func:`kingmaker.assess.service.assess_snapshot`
    on ``snapshot_at(day)``, with since when each has held (:func:`~kingmaker.assess.service.fill_since` over
    ``timeline()`` and ``since_index()``, asked for only then) when ``since``, and the names of the actors it
    mentions."""
    from kingmaker.assess.service import assess_snapshot, fill_since

    result = assess_snapshot(snapshot_at(day), actor_id, holder, turnout=share, top=limit or None, offset=offset)
    if since:
        whole = timeline()
        fill_since(result, whole.recorded, whole.on, turnout=share, index=since_index())
    out = result.to_dict()
    # sorted by id: a set's order follows the process's string hashes (PYTHONHASHSEED), and the answer must be the
    # same bytes from every worker and every run (the answer cache, ETags, diffs of saved answers)
    mentioned = {actor_id, *result.features, *(x["holder"] for x in result.listed)}
    out["names"] = {i: names.get(i, i) for i in sorted(mentioned)}
    return json.dumps(out, ensure_ascii=False, default=str).encode()


class AssessorGone(Exception):
    """The assessment process stopped or could not be reached, or its answer could not be read back; the caller
    computes the answer itself."""


class Assessors:
    """The parent's handle on the assessment processes of one store version (module docstring): :meth:`ask`
    sends a question to one that is free (waiting for one) and waits for its answer, ``timeout`` seconds at
    most; ``spawn`` forks one more process (its pid and connection), in place of one that hung."""

    def __init__(self, version: int, conns: dict[int, object], spawn: Callable[[], tuple[int, object]] | None = None,
                 timeout: float = TIMEOUT_S):
        self.version, self.pids = version, list(conns)
        self.timeout, self._spawn = timeout, spawn
        self._replacements = len(conns)  # how many hung processes may yet be replaced
        self._free: queue.SimpleQueue = queue.SimpleQueue()
        for pid, conn in conns.items():
            self._free.put((pid, conn))
        self._conns = conns
        self._guard = threading.Lock()  # alive and the free connections, changed together (close)
        self.alive = True

    @classmethod
    def fork(cls, version: int, timeline, since_index, names: dict[str, str], count: int,
             timeout: float = TIMEOUT_S, nice: int | None = None) -> "Assessors":
        """Fork ``count`` assessment processes for store version ``version`` over the built ``timeline``, its
        ``since_index`` and ``names``, ``nice`` lower in CPU priority than this one (None: :func:`nice_from_env`);
        each answer is waited for ``timeout`` seconds at most."""
        import kingmaker.assess.service  # noqa: F401 - imported here, not in the child (no import lock to inherit)
        from kingmaker.assess.engine import REGIMES, load_regime

        for regime in REGIMES:  # the rule files read once here, not in each child at its first assessment (YAML:
            load_regime(regime)  # 0.4 s of CPU, 11 % of a 440-holder company's first assessment; issue 19)

        lower = nice_from_env() if nice is None else nice

        def spawn() -> tuple[int, object]:
            return _fork_one(timeline, since_index, names, lower)
        return cls(version, dict(spawn() for _ in range(count)), spawn, timeout)

    def ask(self, *args) -> bytes:
        """:func:`assessment_answer` for ``args`` (all but its first four), computed by a process: the
        encoded answer, or the exception it raised raised here; :class:`AssessorGone` if none is there."""
        while True:
            if not self.alive:
                raise AssessorGone
            try:
                pid, conn = self._free.get(timeout=1.0)
            except queue.Empty:
                continue
            answered = False
            try:
                conn.send(args)
                answered = conn.poll(self.timeout)  # True also at the end of the pipe (recv: EOFError)
                if answered:
                    ok, value = conn.recv()
            except (OSError, EOFError):  # that one stopped: the others go on
                self._conns.pop(pid, None)
                if not self._conns:
                    self.alive = False
                continue
            except Exception:  # noqa: BLE001 - an answer pickle cannot rebuild here (an error whose class takes other
                self._give_back(conn, pid)  # arguments: AmbiguousActor …): the caller computes it and raises it itself
                raise AssessorGone from None
            if not answered:  # hung: the caller computes it
                self._hung(pid, conn, args)
                raise AssessorGone
            self._give_back(conn, pid)
            if ok:
                return value
            raise value

    def _hung(self, pid: int, conn, args: tuple) -> None:
        """Kill process ``pid``, which gave no answer to ``args`` within the timeout (its reaper thread reaps
        it), and fork one in its place while replacements are left; with no process left, :attr:`alive` is
        false and the askers compute themselves."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _close(conn)
        with self._guard:
            self._conns.pop(pid, None)
            replace = self.alive and self._spawn is not None and self._replacements > 0
            if replace:
                self._replacements -= 1
        what = "the server computes this one"
        if replace:
            try:
                new_pid, new_conn = self._spawn()
            except OSError as exc:  # no more processes (a limit): the others go on
                what += f"; no new process ({exc})"
            else:
                with self._guard:
                    self._conns[new_pid] = new_conn
                    self.pids = [p for p in self.pids if p != pid] + [new_pid]
                    if self.alive:
                        self._free.put((new_pid, new_conn))
                        new_conn = None
                if new_conn is not None:  # closed meanwhile: it sees its pipe closed and exits
                    _close(new_conn)
                what += f"; process {new_pid} forked in its place"
        with self._guard:
            if not self._conns:
                self.alive = False
                what += "; none left: the server computes every assessment"
        log.warning("assessment process %d gave no answer in %g s (actor %s on %s): killed; %s", pid, self.timeout,
                    args[0] if args else "?", args[1] if len(args) > 1 else "?", what)

    def _give_back(self, conn, pid: int) -> None:
        """Put a connection whose answer came back among the free ones, or close it if :meth:`close` came
        meanwhile."""
        with self._guard:
            if self.alive:
                self._free.put((pid, conn))
                return
        _close(conn)

    def close(self) -> None:
        """Stop the processes: each sees its pipe closed and exits. A connection waiting for an answer is
        closed by its asker once the answer came (:meth:`_give_back`): closed here, under a thread reading
        from it, the rest of the answer would be read from a closed (or reused) file."""
        with self._guard:
            self.alive = False
            while True:
                try:
                    _pid, conn = self._free.get_nowait()
                except queue.Empty:
                    break
                _close(conn)


def _close(conn) -> None:
    try:
        conn.close()
    except OSError:
        pass


def _only_own_files(keep: int) -> None:
    """Close every file the child inherited but its pipe ``keep`` and the standard streams: the server's
    listening socket, the store, its brothers' pipes, and — above all — a pipe another thread of the server
    had open to a program it was running at the moment of the fork (``subprocess.run``), whose reader would
    otherwise wait for its end as long as this process lives. Objects that held those files are never used
    here; should one be collected, the error of closing it again is not reported."""
    sys.unraisablehook = lambda _: None
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))


def _fork_one(timeline, since_index, names, nice: int = 0) -> tuple[int, object]:
    """Fork one assessment process (:func:`_child`) over ``timeline``, ``since_index`` and ``names``, ``nice``
    lower in CPU priority (:data:`NICE`), with a thread that reaps it once it ends: its pid and the server's end
    of its pipe."""
    from multiprocessing import Pipe

    parent, child = Pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            _only_own_files(child.fileno())
            _child(child, timeline, since_index, names)
        finally:
            os._exit(0)
    child.close()
    if nice:  # set here, before the pid is handed out: set by the child itself, a reader of its priority could come
        try:  # first (the test of it failed now and then, on main too)
            os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + nice))
        except OSError:  # not allowed here: at the server's priority, as before
            pass
    threading.Thread(target=_reap, args=(pid,), name="kingmaker-assessor-reaper", daemon=True).start()
    return pid, parent


def _reap(pid: int) -> None:
    """Wait for the process to end (no zombie left behind)."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


#: snapshots the assessment process keeps, by date (a snapshot is a view of the timeline: cheap to make)
SNAPSHOTS = 16


def _child(conn, timeline, since_index, names) -> None:
    """The assessment process: answer questions until the pipe closes. Signals meant for the server (a ^C
    reaches the whole process group) are left to the server, which closes the pipe as it stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        signal.set_wakeup_fd(-1)  # the server's event loop's: a signal here must not wake it
    except ValueError:
        pass
    snapshots: dict[date, object] = {}

    def snapshot_at(day: date):
        if day not in snapshots:
            while len(snapshots) >= SNAPSHOTS:
                snapshots.pop(next(iter(snapshots)))
            snapshots[day] = timeline.on(day)
        return snapshots[day]

    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = (True, assessment_answer(snapshot_at, lambda: timeline, lambda: since_index, names, *args))
        except Exception as exc:  # noqa: BLE001 - sent back and raised where the question was asked
            reply = (False, exc)
        try:
            conn.send(reply)
        except (OSError, EOFError):
            return
        except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled: its text
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
