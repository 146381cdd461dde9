"""Run the API in a background thread on a free loopback port (for tests and the load benchmark)."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Callable


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
