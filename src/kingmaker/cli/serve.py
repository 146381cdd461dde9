"""``kingmaker serve``: the HTTP API and the web explorer (docs/api.md)."""
from __future__ import annotations

from typing import Annotated

import typer

from kingmaker.cli.common import DbOption, console


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback only unless --allow-remote.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8765,
    db: DbOption = None,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow binding a non-loopback address.")] = False,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web explorer at /. Writes need the printed token."""
    from kingmaker.api.server import serve as run

    run(db, host, port, allow_remote=allow_remote, say=lambda text: console.print(text, highlight=False, soft_wrap=True))
