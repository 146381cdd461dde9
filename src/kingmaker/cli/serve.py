"""``kingmaker serve``: the HTTP API and the web explorer (docs/api.md)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kingmaker.cli.common import DbOption, console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback only unless --allow-remote.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8765,
    db: DbOption = None,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow binding a non-loopback address.")] = False,
    allowed_host: Annotated[Optional[list[str]], typer.Option(
        "--allowed-host", help="With --allow-remote: a host name clients use (repeat for several); others get 421.")] = None,
    tls_cert: Annotated[Optional[Path], typer.Option("--tls-cert", help="Serve HTTPS with this certificate (PEM).")] = None,
    tls_key: Annotated[Optional[Path], typer.Option("--tls-key", help="The certificate's private key (PEM).")] = None,
    workers: Annotated[int, typer.Option("--workers", help="Processes answering reads (each holds its own copy of "
                                                            "what it builds, so memory grows with them); above 1, "
                                                            "one more process makes the writes. About one per "
                                                            "core for many clients; 1 for one user.")] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web explorer at /. Writes need the printed token."""
    from kingmaker.api.server import serve as run

    run(db, host, port, allow_remote=allow_remote, allowed_hosts=tuple(allowed_host or ()), tls_cert=tls_cert,
        tls_key=tls_key, workers=workers, say=lambda text: console.print(text, highlight=False, soft_wrap=True))
    _end_now()


def _end_now() -> None:
    """End the process at once after a stop (exit code 0), when a background build is still running: the
    interpreter's normal exit stops such a thread where it next takes the GIL, and one inside DuckDB is unwound
    through DuckDB's C++ frames — the process aborts ("FATAL: exception not rethrown", exit 134); at 10⁶ edges the
    exit also took tens of seconds freeing what was built. The store is closed already (read-only: nothing to
    write); what is printed is flushed first."""
    import os
    import sys
    import threading

    if threading.current_thread() is threading.main_thread() and threading.active_count() > 1:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(0)
