"""``kingmaker serve`` (one process) stops promptly and cleanly on SIGTERM or SIGINT while it builds its graphs."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

import kingmaker  # noqa: E402
from kingmaker.api.live import CLI, free_port  # noqa: E402
from kingmaker.synth import write_synth  # noqa: E402

SRC = str(Path(kingmaker.__file__).resolve().parents[1])  # the sources this test runs: the server runs them too
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""), "KINGMAKER_TOKEN": "stop",
       "KINGMAKER_CACHE": "off"}


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    """A synthetic register whose graphs take the server seconds to build (what a 10⁶ store takes minutes for)."""
    folder = tmp_path_factory.mktemp("stop")
    edges, db = folder / "register.csv", folder / "k.duckdb"
    write_synth(edges, 20000, seed=1)
    with kingmaker.open(db) as km:
        km.load(edges)
    return db


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_while_the_server_builds_ends_it_at_once(big_store, sig):
    """The signal comes as the server starts answering, while its background build (the timeline of every tie,
    the graph of today) runs: the process ends within seconds, exit code 0, no traceback. It aborted before
    (exit 134, "FATAL: exception not rethrown": the interpreter's exit unwound the build's thread inside DuckDB;
    a 10⁶ server did not stop within 30 s; issue 19, session-10 leftover 6)."""
    proc = subprocess.Popen([*CLI, "serve", "--db", str(big_store), "--port", str(free_port())], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if "Uvicorn running" in line:  # the build started before uvicorn did, and is running now
                break
        time.sleep(0.5)
        proc.send_signal(sig)
        sent = time.monotonic()
        output = "".join(lines) + proc.communicate(timeout=60)[0]
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Uvicorn running" in output, output
    assert proc.returncode == 0 and "FATAL" not in output and "Traceback" not in output, (proc.returncode, output)
    assert "stopped; the store is closed" in output, output
    assert took < 30, took  # a bound on a hung stop, not a speed figure (it takes ~2 s)
