"""Running the API with uvicorn: loopback-only unless asked, and the write token shown at start."""
from __future__ import annotations

import ipaddress
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from kingmaker.errors import KingmakerError, UserError


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse to bind anything but a loopback address unless ``allow_remote``."""
    if not allow_remote and not is_loopback(host):
        raise UserError(f"--host {host}: not a loopback address; the API would be reachable from other machines. "
                        "Add --allow-remote if you mean it (and keep the write token secret).")


REMOTE_WARNING = (
    "WARNING: --allow-remote: the API answers other machines on {host}:{port}. Over plain HTTP the write token "
    "and every answer travel unencrypted. Serve it with --tls-cert/--tls-key, or behind a TLS reverse proxy "
    "(docs/api.md, 'Remote use'); only the names in --allowed-host (and loopback) are answered.")


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8765, *, allow_remote: bool = False,
          allowed_hosts: tuple[str, ...] = (), tls_cert: str | Path | None = None, tls_key: str | Path | None = None,
          say: Callable[[str], None] = print, log_level: str = "info", workers: int = 1) -> None:
    """Serve the API and the explorer until interrupted (SIGINT or SIGTERM: a clean stop within seconds,
    even while a request is running). ``workers`` > 1: that many read processes and one writer
    (:mod:`kingmaker.api.service`)."""
    import uvicorn

    from kingmaker.api.app import create_app
    from kingmaker.api.auth import server_token
    from kingmaker.api.guard import GuardSettings
    from kingmaker.api.state import ApiState

    check_host(host, allow_remote)
    if allowed_hosts and not allow_remote:
        raise UserError("--allowed-host needs --allow-remote")
    if (tls_cert is None) != (tls_key is None):
        raise UserError("--tls-cert and --tls-key go together")
    if workers < 1:
        raise UserError(f"--workers {workers}: give 1 or more (processes that answer reads)")
    most = MAX_WORKERS_PER_CORE * (os.cpu_count() or 1)
    if workers > most:
        raise UserError(f"--workers {workers}: at most {most} on this machine ({MAX_WORKERS_PER_CORE} per core; each "
                        "worker is a process holding its own copy of what it builds from the store)")
    if db is not None and str(db) != ":memory:" and not Path(db).expanduser().exists():
        raise UserError(f"--db {db}: no store there; create it with `kingmaker load FILE --db {db}` "
                        "(or leave --db out to serve the default store)")
    if workers > 1 and str(db) == ":memory:":
        raise UserError("--workers needs a store file: an in-memory store belongs to one process")
    remote_names = tuple(allowed_hosts)
    if allow_remote and not is_loopback(host) and host not in ("0.0.0.0", "::"):
        remote_names += (host,)  # the address it binds is a name clients may use
    if allow_remote:
        say(REMOTE_WARNING.format(host=host, port=port))
        if not remote_names:
            say("note: no --allowed-host given: only loopback names are answered; add the name clients use")
    token, generated = server_token()
    with _stop_signals_interrupt() as stopped:
        try:
            path = ApiState.prepare(db) if str(db) != ":memory:" else None
        except Exception as exc:  # another process writing it, or not a store; or the stop itself
            if stopped:  # DuckDB turned the stop into its own error (RuntimeError 'Query interrupted', raw or wrapped
                path = None  # in a KingmakerError): the stop, not a failure
            elif isinstance(exc, KingmakerError):
                raise UserError(str(exc)) from None
            else:
                raise
    if stopped:
        say("stopped before the server started; the store is as it was")
        return
    shown = f"[{host}]" if ":" in host else host
    scheme = "https" if tls_cert else "http"

    def banner() -> None:
        say(f"Kingmaker explorer: {scheme}://{shown}:{port}/   API docs: {scheme}://{shown}:{port}/docs   "
            f"store: {path or db}")
        say(f"write token: {token}" if generated else "write token: from $KINGMAKER_TOKEN")

    if workers > 1:
        from kingmaker.api.service import serve_workers

        serve_workers(path, token, host, port, workers, remote_names=remote_names, tls_cert=tls_cert,
                      tls_key=tls_key, log_level=log_level, say=say, banner=banner)
        say("stopped; the store is closed")
        return
    guard = GuardSettings.from_env(remote_names)
    with _stop_signals_interrupt() as stopped:
        try:
            state = ApiState.attach(path, token) if path is not None else ApiState.open(db, token)
        except Exception:
            if not stopped:
                raise
    if stopped:
        say("stopped before the server started; the store is as it was")
        return
    banner()
    config = uvicorn.Config(create_app(state, guard=guard), host=host, port=port, log_level=log_level,
                            timeout_graceful_shutdown=GRACE_SECONDS, ssl_certfile=str(tls_cert) if tls_cert else None,
                            ssl_keyfile=str(tls_key) if tls_key else None)
    state.warm()
    try:
        _server_class()(config).run()
    finally:
        # uvicorn gave running requests their GRACE_SECONDS already: what still holds the store now is a background
        # build (or a request past its grace), whose DuckDB query is interrupted after a moment, not after as long again
        state.close(wait=STOP_SECONDS)
        if state.warming is not None:  # the build ends at its next step on the closed store (or, in the CLI, the
            state.warming.join(STOP_SECONDS)  # process ends without it: kingmaker.cli.serve)
    say("stopped; the store is closed")


@contextmanager
def _stop_signals_interrupt():
    """SIGTERM, like SIGINT, raises :class:`KeyboardInterrupt` in the block (where the process would otherwise die
    of it, or print a traceback for ^C: opening and preparing the store before uvicorn installs its own handlers);
    the interrupt is caught and the signals received are listed in the list yielded (empty: no stop came).
    Outside the main thread (no signal handlers there) the block runs as it is."""
    import signal

    stops: list[int] = []

    def interrupt(signum, frame):
        stops.append(signum)
        raise KeyboardInterrupt

    try:
        saved = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread
        saved = {}
    try:
        yield stops
    except KeyboardInterrupt:
        if not stops:
            stops.append(signal.SIGINT)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _server_class():
    """uvicorn's Server, except that a stop signal ends :meth:`run` normally: uvicorn re-raises SIGINT and
    SIGTERM after its graceful shutdown, so the process would die of the signal before the store is closed."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextmanager
        def capture_signals(self):
            with super().capture_signals():
                yield
                self._captured_signals.clear()

    return Server


#: more read workers than this many per core only add memory and start-up time (they take turns on the cores)
MAX_WORKERS_PER_CORE = 4
#: on SIGINT/SIGTERM, how long running requests may finish before the server stops regardless
GRACE_SECONDS = 5
#: after that, how long a background build holding the store may take before its DuckDB query is interrupted
STOP_SECONDS = 1
