"""An assessment's answer is the same bytes in every process: its ``names`` (the actors it mentions) used to be
written in the order of a Python set, which follows the process's string hashes (``PYTHONHASHSEED``), so two
workers — or two runs — gave the same answer as different bytes (issue 19, session 11). On a widely held
company (:func:`kingmaker.synth.widely_held_case`: 20 holders, a page of 5, the rest listed) and the flagship,
in processes with different hash seeds."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SCRIPT = r"""
import sys
from datetime import date
import kingmaker
from kingmaker.api.assessor import assessment_answer

with kingmaker.open(sys.argv[1], read_only=True) as km:
    timeline = km.store.timeline()
    snap = km.snapshot(sys.argv[2])
    names = {a: snap.name(a) for a in snap.actors}
    day = date.fromisoformat(sys.argv[2])
    for target in sys.argv[3:]:
        answer = assessment_answer(timeline.on, lambda: timeline, lambda: None, names, target, day, None, False,
                                   None, 5, 0)
        sys.stdout.buffer.write(answer + b"\n")
"""


def _answers(db, seed: str, day: str, *targets: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db), day, *targets], capture_output=True, env=env, check=False,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    import kingmaker
    from kingmaker.synth import widely_held_case

    tmp = tmp_path_factory.mktemp("held")
    (tmp / "held.yaml").write_text(json.dumps(widely_held_case(20)), encoding="utf-8")
    with kingmaker.open(tmp / "k.duckdb") as km:
        km.load(tmp / "held.yaml")
    return tmp / "k.duckdb"


def test_an_assessment_is_the_same_bytes_under_other_string_hashes(held):
    first = _answers(held, "1", "2024-01-01", "target")
    assert len(json.loads(first)["names"]) > 10  # enough names for a set's order to vary
    assert first == _answers(held, "2", "2024-01-01", "target") == _answers(held, "3", "2024-01-01", "target")


def test_the_flagship_assessments_are_the_same_bytes_under_other_string_hashes(flagship_db):
    targets = ("openai-global-llc", "openai-inc")
    assert _answers(flagship_db, "1", "2023-11-20", *targets) == _answers(flagship_db, "4", "2023-11-20", *targets)
