"""Running the API with uvicorn: loopback-only unless asked, and the write token shown at start."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Callable

from kingmaker.errors import UserError


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


def serve(db: str | Path | None, host: str = "127.0.0.1", port: int = 8765, *, allow_remote: bool = False,
          say: Callable[[str], None] = print, log_level: str = "info") -> None:
    """Serve the API and the explorer until interrupted."""
    import uvicorn

    from kingmaker.api.app import create_app
    from kingmaker.api.auth import server_token
    from kingmaker.api.state import ApiState

    check_host(host, allow_remote)
    token, generated = server_token()
    state = ApiState.open(db, token)
    shown = f"[{host}]" if ":" in host else host
    say(f"Kingmaker explorer: http://{shown}:{port}/   API docs: http://{shown}:{port}/docs   store: {state.km.path}")
    say(f"write token: {token}" if generated else "write token: from $KINGMAKER_TOKEN")
    try:
        uvicorn.run(create_app(state), host=host, port=port, log_level=log_level)
    finally:
        state.close()
