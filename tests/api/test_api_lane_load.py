"""A BODS file loaded through the API by the bulk lane (``POST /api/load``): the readers take it in once."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from kingmaker.api import create_app  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io" / "bods"))
from test_bods_sql_lane import varied_statements, write  # noqa: E402

TOKEN = "test-token-lane"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_a_bulk_bods_upload_is_taken_in_by_the_readers_once(tmp_path, monkeypatch):
    """The lane leaves its actors' name rows to be made later (schema 9, ``actor_names_pending``). Loaded through
    the API, they were made by the reader that reopened the store after the write (a brief read-write opening),
    which changed the file again: every reader — this one included — then took its own write for a change and
    dropped and rebuilt what it had built (issue 19, session-10 leftover 3). The write now makes them in its copy
    before that copy replaces the store: one change, one rebuild, and no reader writes."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1")
    monkeypatch.setenv("KINGMAKER_API_ASSESSOR", "0")
    bods = write(tmp_path / "register.jsonl", varied_statements(30))
    db = tmp_path / "s.duckdb"
    state = ApiState.open(db, TOKEN)
    try:
        client = TestClient(create_app(state), base_url="http://127.0.0.1")
        rebuilds = []
        monkeypatch.setattr(state, "_changed", lambda original=state._changed: (rebuilds.append(1), original())[1])
        r = client.post("/api/load", files={"file": ("register.jsonl", bods.read_bytes())}, headers=AUTH)
        assert r.status_code == 201, r.text
        assert len(rebuilds) == 1  # the load
        for _ in range(3):
            assert client.get("/api/actors?q=Company 1").status_code == 200
        assert len(rebuilds) == 1, "a reader took its own write of the name rows for a change"
    finally:
        state.close()
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM actor_names_pending").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM actor_names").fetchone()[0] > 0
