"""Shared test fixtures. Tests marked ``slow`` run only with KINGMAKER_SLOW=1; tests that read
``../shared`` skip cleanly when it is absent (a user's fresh clone has none)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
FLAGSHIP = ROOT / "cases" / "openai-2023.yaml"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KINGMAKER_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow test: set KINGMAKER_SLOW=1 to run it")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone); corpus tests skipped")
    return SHARED


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def flagship_db(db_path) -> Path:
    """The path of a closed store holding the flagship case (for tests that open it in other processes)."""
    import kingmaker

    with kingmaker.open(db_path) as km:
        km.load(FLAGSHIP)
    return db_path


@pytest.fixture
def flagship_store(db_path):
    import kingmaker

    km = kingmaker.open(db_path)
    km.load(FLAGSHIP)
    yield km
    km.close()


@pytest.fixture
def seeded_db(db_path) -> Path:
    """A store holding the flagship case, loaded through the command line."""
    from kingmaker.cli.app import main

    assert main(["load", str(FLAGSHIP), "--db", str(db_path)]) == 0
    return db_path


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the explorer tests (skips, saying why, where it or Playwright is missing)."""
    from web_support import browser_or_skip

    pw, chromium = browser_or_skip()
    yield chromium
    chromium.close()
    pw.stop()
