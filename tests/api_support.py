"""Helpers for the API tests: the flagship case served in-process through FastAPI's TestClient."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def flagship_client(db: Path, token: str, **app_options):
    """A TestClient over a store at ``db`` holding the flagship case; ``client.state`` is its ApiState
    (closed on leaving). ``app_options`` go to ``create_app`` (e.g. ``guard=GuardSettings(rate=0)``)."""
    from fastapi.testclient import TestClient

    import kingmaker
    from kingmaker.api import create_app
    from kingmaker.api.state import ApiState
    from kingmaker.data import FLAGSHIP_CASE

    with kingmaker.open(db) as km:
        km.load(FLAGSHIP_CASE)
    state = ApiState.open(db, token)
    try:
        with TestClient(create_app(state, **app_options), base_url="http://127.0.0.1") as client:
            client.state = state
            yield client
    finally:
        state.close()
