"""Two reading commands on one store at once (issue 19): read commands open the store read-only, so a
second reader is not refused by DuckDB's lock while the first still holds it; a write still needs the
store to itself and says who holds it."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


MISTRAL = Path(__file__).resolve().parents[2] / "cases" / "microsoft-mistral-2024.yaml"

HOLD = """
import sys, time
from kingmaker.cli.common import open_store
with open_store(sys.argv[1]) as km:      # what every read command does
    km.actor("openai-global-llc")
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _cli(*args: str, **kw) -> subprocess.Popen:
    code = "import sys; sys.argv[0] = 'kingmaker'; from kingmaker.cli import main; sys.exit(main())"
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "COLUMNS": "200"}, **kw)


@pytest.fixture
def store(flagship_db):
    return flagship_db


def _holding(db, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open", holder.stderr.read()
    return holder


def test_a_read_beside_a_reader_that_holds_the_store(store):
    holder = _holding(store, 20)  # longer than a reader waits for a writer (5 s)
    try:
        t0 = time.monotonic()
        show = _cli("show", "openai-global-llc", "--as-of", "2023-11-20", "--json", "--db", str(store))
        out, err = show.communicate(timeout=120)
        assert show.returncode == 0, err
        assert '"openai-global-llc"' in out
        assert holder.poll() is None, "the first reader must still hold the store"
        assert time.monotonic() - t0 < 20
    finally:
        holder.kill()
        holder.wait()


def test_two_read_commands_at_once(store):
    procs = [_cli("assess", "openai-global-llc", "--holder", "microsoft", "--as-of", "2023-11-20", "--json",
                  "--db", str(store)),
             _cli("power", "--board", "openai-inc", "--as-of", "2023-11-20", "--json", "--db", str(store))]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0, 0], [err for _, err, _ in results]


def test_a_write_beside_a_reader_names_the_holder(store, tmp_path):
    holder = _holding(store, 20)
    try:
        load = _cli("load", str(MISTRAL), "--db", str(store))
        out, err = load.communicate(timeout=120)
        assert load.returncode != 0
        assert f"PID {holder.pid}" in (out + err).replace("\n", " ") and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()


def test_a_read_of_a_store_that_does_not_exist_says_so_and_creates_none(tmp_path):
    db = tmp_path / "new" / "k.duckdb"
    p = _cli("actors", "--db", str(db))
    out, err = p.communicate(timeout=120)
    assert p.returncode == 2 and "no such store" in err, err
    assert not db.exists() and not db.parent.exists()
