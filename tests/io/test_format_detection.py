"""Format detection imports the format modules one at a time and stops at the first that recognises a
file: the same format as testing every registered format in order, on every file of the test data and of
the shared corpora; and an edge list is read without importing followthemoney."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kingmaker.errors import UserError
from kingmaker.io.registry import format_for, formats, head_bytes

from conftest import ROOT, SHARED


def _files():
    roots = [ROOT / "tests" / "data", ROOT / "cases", SHARED / "corpora", SHARED / "cases"]
    return sorted(p for r in roots if r.is_dir() for p in r.rglob("*") if p.is_file() and p.stat().st_size < 50_000_000)


def _eager(path):
    head = head_bytes(path)
    return next((f.name for f in formats().values() if f.detect(path, head)), None)


def test_lazy_detection_equals_trying_every_format_in_order():
    files = _files()
    assert len(files) > 50
    found = 0
    for path in files:
        try:
            lazy = format_for(path).name
        except UserError:
            lazy = None
        assert lazy == _eager(path), path
        found += lazy is not None
    assert found > 20


def test_an_edge_list_is_detected_without_importing_followthemoney(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("holder,subject,share\na,b,50\n")
    code = ("import sys; from pathlib import Path; from kingmaker.io.registry import format_for; "
            f"print(format_for(Path({str(path)!r})).name, 'followthemoney' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["edges-csv", "False"]


def test_an_unknown_file_names_every_format(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(UserError, match="edges-csv"):
        format_for(path)
