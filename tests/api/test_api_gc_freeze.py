"""The API's garbage-collector freeze is shared by the states of one process (review, session 6).

A state freezes what it builds from its store (``gc.freeze()``: the timeline's millions of objects out of the
collector's sight) and lets it go on the next change. Both act on the whole process: a second state in the
same process — the explorer beside the API, a test — used to unfreeze the first one's timeline with its own
change (``gc.unfreeze()``), so that every full collection walked it again.
"""
from __future__ import annotations

import gc
import shutil

import pytest

pytest.importorskip("fastapi")
import kingmaker  # noqa: E402
from kingmaker.api import state as state_module  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.data import FLAGSHIP_CASE  # noqa: E402


@pytest.fixture
def two_stores(tmp_path):
    first = tmp_path / "a.duckdb"
    with kingmaker.open(first) as km:
        km.load(FLAGSHIP_CASE)
    second = tmp_path / "b.duckdb"
    shutil.copyfile(first, second)
    return first, second


def test_a_change_of_one_state_leaves_the_other_frozen(two_stores, tmp_path):
    first, second = two_stores
    a = ApiState.attach(ApiState.prepare(first), "token", warm=False)
    b = ApiState.attach(ApiState.prepare(second), "token", warm=False)  # builds nothing again after its change
    try:
        a.warm().join()
        b.warm().join()
        assert gc.get_freeze_count() > 0
        (tmp_path / "x.yaml").write_text("case: {id: x, title: X}\nactors:\n  - {id: x, kind: company, name: X Ltd}\n",
                                         encoding="utf-8")
        with b.write() as km:  # b's store changes: what b built may go, what a built stays frozen
            km.load(tmp_path / "x.yaml")
        assert b.version == 1 and a.version == 0
        assert gc.get_freeze_count() > 0, "b's change unfroze a's timeline"
    finally:
        a.close()
        b.close()
    if not list(state_module._FROZEN._holders):  # no other state of this process holds a freeze
        assert gc.get_freeze_count() == 0  # the last one to let go unfreezes
