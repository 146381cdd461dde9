"""``kingmaker serve --workers N``: reads served by N worker processes, writes by one writer (issue 19).

::

    kingmaker serve (the supervisor)
    ├── writer     the app on a Unix socket in a private folder: the only process that changes the store
    └── N readers  uvicorn workers sharing the listening socket, each holding the store read-only

Python runs one thread at a time per process, so one process answers one question at a time however many
clients wait; N processes answer N. DuckDB lets many processes hold a file read-only, or one read-write,
never both — so nobody holds the store read-write: the writer makes each change in a copy of the store and
renames it into place (:meth:`kingmaker.api.state.ApiState.write`), and each reader, seeing another file
at the store's path at its next request, reopens it and drops what it had built
(:meth:`~kingmaker.api.state.ApiState.refresh`). A change is all or nothing, two changes never interleave
(the writer makes them one at a time), and a reader never waits for a write.

The supervisor first builds, once, what every reader would build at start — the timeline of every tie, what
"since when" reads from it, the actors' names, today's ownership graph, the records held in memory
(:meth:`~kingmaker.api.state.ApiState.warm`) — and then forks the readers, which share it copy-on-write
(:meth:`~kingmaker.api.state.ApiState.adopt`): one copy in memory instead of N, built in the time of one. A
reader the supervisor replaces is forked from it again.

A write request reaching a reader (``POST /api/load``, ``/api/relations``, ``/api/relations/{id}/close``)
is checked there — Host, rate, body size and the token, so that lock-outs count where the client is seen —
and then passed whole to the writer (:class:`WriteForwarder`), which answers only once the new store is in
place: the next request to any reader sees the change. After a change each reader builds its own timeline
of every tie in the background (what it inherited stays, unused and shared); ownership graphs per date come
from the store's disk cache, built by one process and read by the others (:mod:`kingmaker.store.derived`).
docs/api.md, "Workers".
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Callable

from kingmaker.errors import KingmakerError, UserError

#: the environment a worker process reads its settings from (set by :func:`serve_workers`)
ENV_DB, ENV_WRITER, ENV_HOSTS = "KINGMAKER_SERVE_DB", "KINGMAKER_SERVE_WRITER", "KINGMAKER_SERVE_HOSTS"
#: how long a write may take before the reader that passed it on gives up waiting (a large upload loads)
WRITE_TIMEOUT_S = 3600.0
START_TIMEOUT_S = 120.0
#: how long the supervisor waits for a reader to answer its health check before killing it as hung (uvicorn's
#: default, 5 s, killed readers while their background build of the timeline held the interpreter through a
#: garbage collection of millions of objects on a loaded machine; the bench then waited for a reader gone)
HEALTHCHECK_S = 60
#: readers forked from the supervisor once it has built their state (``KINGMAKER_SERVE_FORK=0``: each reader
#: spawned, building its own, as before)
FORK_WORKERS = os.environ.get("KINGMAKER_SERVE_FORK", "1") != "0"


class WriteForwarder:
    """ASGI middleware of a reader: a write request, once its token is checked here, goes to the writer
    over ``uds`` and the writer's answer comes back as it is."""

    def __init__(self, app, uds: str):
        from kingmaker.api.routers import write

        self.app, self.uds = app, uds
        self.routes = write.router.routes

    def _is_write(self, scope) -> bool:
        from starlette.routing import Match

        return any(route.matches(scope)[0] == Match.FULL for route in self.routes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self._is_write(scope):
            return await self.app(scope, receive, send)
        import httpx
        from fastapi.security.utils import get_authorization_scheme_param
        from starlette.requests import Request
        from starlette.responses import Response

        from kingmaker.api.auth import token_refusal
        from kingmaker.api.problems import problem

        request = Request(scope, receive)
        scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
        refused = token_refusal(request, scheme or None, token or None)
        if refused is not None:
            return await problem(refused.status_code, refused.detail, headers=refused.headers)(scope, receive, send)
        body = await request.body()
        skip = {b"host", b"content-length", b"transfer-encoding", b"connection"}
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in skip] + [(b"host", b"localhost")]
        url = "http://localhost" + scope["path"] + (f"?{scope['query_string'].decode()}" if scope["query_string"] else "")
        try:
            async with httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(uds=self.uds),
                                         timeout=httpx.Timeout(WRITE_TIMEOUT_S, connect=10.0)) as client:
                answer = await client.request(scope["method"], url, headers=headers, content=body)
        except httpx.HTTPError as exc:
            return await problem(503, f"the store's writer did not answer ({type(exc).__name__}); nothing was "
                                      "written by this request — try again, or restart `kingmaker serve`",
                                 headers={"Retry-After": "5"})(scope, receive, send)
        drop = {"content-length", "transfer-encoding", "connection", "content-encoding"}
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in drop}
        await Response(answer.content, status_code=answer.status_code, headers=kept)(scope, receive, send)


class WorkerHeader:
    """ASGI middleware: ``Kingmaker-Worker: <process id>`` on every answer of a reader, and
    ``Kingmaker-Writer: <process id>`` on the writer's (which process answered, which made the change)."""

    def __init__(self, app, name: bytes = b"kingmaker-worker"):
        self.app, self.name, self.value = app, name, str(os.getpid()).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def tagged(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), (self.name, self.value)]}
            await send(message)
        await self.app(scope, receive, tagged)


def reader_app():
    """The app of one reader worker (uvicorn's factory, in each worker process): settings from the
    environment :func:`serve_workers` set."""
    from kingmaker.api.app import create_app
    from kingmaker.api.auth import server_token
    from kingmaker.api.guard import GuardSettings
    from kingmaker.api.server import quick_handovers
    from kingmaker.api.state import ApiState

    hosts = tuple(h for h in os.environ.get(ENV_HOSTS, "").split("\n") if h)
    if _BUILT:  # forked by the supervisor after it built the state (serve_workers)
        state = ApiState.adopt(os.environ[ENV_DB], server_token()[0], _BUILT)
        logging.getLogger("uvicorn.error").info("worker %d: forked with the state the supervisor built", os.getpid())
    else:
        state = ApiState.attach(os.environ[ENV_DB], server_token()[0])
    app = create_app(state, guard=GuardSettings.from_env(hosts), writer=os.environ[ENV_WRITER])
    state.warm()
    quick_handovers()
    return WorkerHeader(app)


#: what the supervisor built before forking the readers (:meth:`ApiState.hand_over`); empty in a reader started
#: otherwise
_BUILT: dict = {}


def _build(path: Path, token: str) -> dict:
    """What every reader needs built, built once in the supervisor (no assessment processes: each reader forks
    its own), the store closed again before the readers are forked."""
    from kingmaker.api.state import ApiState

    from kingmaker.api.server import GRACE_SECONDS

    state = ApiState.attach(path, token, warm=False)
    state.forks_assessor = False
    try:
        state.warm()
        return state.hand_over()
    except BaseException:  # ^C or SIGTERM meanwhile: the build's queries stopped and its thread out of DuckDB
        state.close(wait=GRACE_SECONDS)  # before the process ends (a thread ended inside DuckDB aborts it)
        if state.warming is not None:
            state.warming.join(GRACE_SECONDS)
        raise


def _interrupt(signum, frame):
    _STOPS.append(signum)
    raise KeyboardInterrupt


#: the stop signals received while the supervisor builds (:func:`_interrupt`)
_STOPS: list[int] = []


def _forked(config, target, sockets):
    """uvicorn's worker process (``uvicorn._subprocess.get_subprocess``), forked instead of spawned, so that
    it starts with what the supervisor built (:data:`_BUILT`)."""
    import multiprocessing
    import sys

    from uvicorn._subprocess import subprocess_started

    try:
        stdin_fileno = sys.stdin.fileno()
    except (AttributeError, OSError):
        stdin_fileno = None
    return multiprocessing.get_context("fork").Process(target=subprocess_started, kwargs={
        "config": config, "target": target, "sockets": sockets, "stdin_fileno": stdin_fileno})


def writer_main(db: str, uds: str, log_level: str) -> None:
    """The writer process: the app on ``uds``; its store held read-only between changes. Only readers
    reach it (the socket is in a folder only this user can open) and they have checked each request."""
    from kingmaker.api.app import create_app
    from kingmaker.api.auth import server_token
    from kingmaker.api.guard import GuardSettings
    from kingmaker.api.server import GRACE_SECONDS, _server_class
    from kingmaker.api.state import ApiState

    import uvicorn

    state = ApiState.attach(db, server_token()[0], warm=False)  # it answers no reads: it builds nothing ahead
    app = create_app(state, guard=GuardSettings(rate=0))  # the readers have rate-limited each client already
    config = uvicorn.Config(WorkerHeader(app, b"kingmaker-writer"), uds=uds, log_level=log_level, access_log=False,
                            timeout_graceful_shutdown=GRACE_SECONDS)
    try:
        _server_class()(config).run()
    finally:
        state.close(wait=GRACE_SECONDS)


def _wait_for_writer(process, uds: str) -> None:
    import httpx

    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(transport=httpx.HTTPTransport(uds=uds), timeout=5) as client:
        while True:
            if not process.is_alive():
                raise KingmakerError(f"the writer process stopped at start (exit code {process.exitcode}); "
                                     "see the lines above")
            try:
                if client.get("http://localhost/api/info").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise KingmakerError(f"the writer process did not start within {START_TIMEOUT_S:.0f} s")
            time.sleep(0.1)


def serve_workers(path: Path, token: str, host: str, port: int, workers: int, *, remote_names: tuple[str, ...],
                  tls_cert, tls_key, log_level: str, say: Callable[[str], None], banner: Callable[[], None]) -> None:
    """Run the writer and ``workers`` readers on ``path`` (prepared: :meth:`ApiState.prepare`) until
    interrupted; the supervisor restarts a reader that dies."""
    import multiprocessing

    import uvicorn
    import uvicorn.supervisors.multiprocess as supervisor
    from uvicorn.supervisors import Multiprocess

    from kingmaker.api.server import GRACE_SECONDS

    spawned = supervisor.get_subprocess

    private = tempfile.mkdtemp(prefix="kingmaker-serve-")  # mode 0700: only this user reaches the writer
    uds = os.path.join(private, "writer.sock")
    os.environ.update({ENV_DB: str(path), ENV_WRITER: uds, ENV_HOSTS: "\n".join(remote_names),
                       "KINGMAKER_TOKEN": token})
    writer = multiprocessing.get_context("spawn").Process(target=writer_main, args=(str(path), uds, log_level),
                                                          name="kingmaker-writer")
    try:
        config = uvicorn.Config("kingmaker.api.service:reader_app", factory=True, host=host, port=port,
                                workers=workers, log_level=log_level, timeout_graceful_shutdown=GRACE_SECONDS,
                                timeout_worker_healthcheck=HEALTHCHECK_S,
                                ssl_certfile=str(tls_cert) if tls_cert else None,
                                ssl_keyfile=str(tls_key) if tls_key else None)
        try:
            sock = config.bind_socket()
        except SystemExit:
            raise UserError(f"--port {port}: cannot listen on {host}:{port} (in use by another program?)") from None
        writer.start()
        _wait_for_writer(writer, uds)
        banner()
        say(f"{workers} read workers, one writer (process {writer.pid}); writes are made one at a time in a copy "
            "of the store and put in its place")
        if FORK_WORKERS:
            started = time.monotonic()
            say("building the timeline of every tie once, for every worker (then the workers start) …")
            stop = signal.signal(signal.SIGTERM, _interrupt)  # a stop meanwhile: the writer stopped too (below)
            stop_int = signal.signal(signal.SIGINT, _interrupt)
            _STOPS.clear()
            try:
                _BUILT.update(_build(path, token))
            except KeyboardInterrupt:  # ^C or SIGTERM while building: nothing to stop but the writer
                return
            except Exception:
                # the stop came while DuckDB ran a query (opening the store): DuckDB turns the interrupt into its
                # own error ('Query interrupted'), which is the stop, not a failure
                if _STOPS:
                    return
                raise
            finally:
                signal.signal(signal.SIGTERM, stop)
                signal.signal(signal.SIGINT, stop_int)
            say(f"built in {time.monotonic() - started:.0f} s; forking {workers} workers")
            supervisor.get_subprocess = _forked
        try:
            Multiprocess(config, sockets=[sock]).run()
        finally:
            supervisor.get_subprocess = spawned
            _BUILT.clear()
    finally:
        if writer.is_alive():
            writer.terminate()
            writer.join(GRACE_SECONDS * 2)
            if writer.is_alive():
                writer.kill()
                writer.join()
        shutil.rmtree(private, ignore_errors=True)
