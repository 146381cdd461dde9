"""Run the API in a background thread on a free loopback port, or ``kingmaker serve`` as its own process (for
tests and the load benchmark)."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_until(proc, ready: Callable[[], bool], timeout: float = 120.0) -> bool:
    """Wait for a condition on a server process (``ready()``: it answers, all its workers do, …), not for a
    fixed time: ``True`` once it holds, ``False`` if ``proc`` (a ``subprocess.Popen``) stops or ``timeout``
    seconds pass first. An ``httpx`` error from ``ready`` means "not yet"."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return True
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


#: the command line that runs the CLI with this Python (and whatever ``PYTHONPATH`` the environment gives)
CLI = [sys.executable, "-c", "import sys; from kingmaker.cli.app import main; sys.exit(main())"]


@contextmanager
def serve_process(db: str | Path, *args: str, env: dict, ready: Callable[[str], bool] | None = None,
                  timeout: float = 120.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """``kingmaker serve --db DB --port P ARGS…`` as its own process on a free loopback port, waited for until
    ``ready(url)`` holds (default: ``/api/info`` answers); yields ``(url, process)`` and stops it (SIGTERM) on
    exit, after which ``process.output`` holds all it printed. ``RuntimeError`` with that output if it does
    not start."""
    import httpx

    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    check = ready or (lambda u: httpx.get(u + "/api/info", timeout=2).status_code == 200)
    if not wait_until(proc, lambda: check(url), timeout):
        proc.kill()
        raise RuntimeError(f"the server did not start: {proc.communicate(timeout=30)[0]}")
    try:
        yield url, proc
    finally:
        proc.terminate()
        proc.output = proc.communicate(timeout=30)[0]


class LiveServer:
    """``with LiveServer(db, token) as server: server.url`` — uvicorn in a daemon thread, stopped on exit."""

    def __init__(self, db: str | Path, token: str, host: str = "127.0.0.1", port: int | None = None):
        self.db, self.token, self.host, self.port = db, token, host, port or free_port(host)
        self.url = f"http://{host}:{self.port}"

    def __enter__(self) -> "LiveServer":
        import uvicorn

        from kingmaker.api.app import create_app
        from kingmaker.api.server import check_host
        from kingmaker.api.state import ApiState

        check_host(self.host, allow_remote=False)
        self.state = ApiState.open(self.db, self.token)
        config = uvicorn.Config(create_app(self.state), host=self.host, port=self.port, log_level="warning",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="kingmaker-api", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the API server did not start on {self.url}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.state.close()
