"""The compiled check over a JSON Lines file in worker processes (:func:`kingmaker.jsonschema.compiled.check_json_lines`):
every line read once whatever the byte ranges, flagged lines numbered as in the whole file, a line orjson can't
read makes the answer undecided. (Its verdicts on single statements: tests/jsonschema/test_schema_sql.py.)"""
from __future__ import annotations

import json
import random
import sys

from conftest import ROOT

from kingmaker.io.bods.schema import _schema_documents
from kingmaker.jsonschema.compiled import _lines_in, check_json_lines


def _generate(path, n):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_io import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(path, n)


def _check(path, workers, keep=10):
    return check_json_lines(path, _schema_documents(), "urn:statement", "/$defs/Statement", max_brackets=64,
                            keep=keep, workers=workers)()


def test_every_line_is_read_once_whatever_the_ranges(tmp_path):
    path = tmp_path / "lines.txt"
    rnd = random.Random(1)
    for _ in range(300):
        lines = [b"x" * rnd.randint(0, 4) for _ in range(rnd.randint(0, 12))]
        data = b"\n".join(lines) + (b"\n" if rnd.random() < 0.5 else b"")
        path.write_bytes(data)
        n = rnd.randint(1, 6)
        bounds = [len(data) * i // n for i in range(n + 1)]
        got = [line for i in range(n) for line in _lines_in(str(path), bounds[i], bounds[i + 1])]
        want = data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n") if data else []
        assert got == want, (data, n)


def test_workers_number_flagged_lines_as_in_the_whole_file(tmp_path):
    path = tmp_path / "b.jsonl"
    _generate(path, 6000)  # ~4 MB: each of three workers reads its own part
    lines = path.read_bytes().split(b"\n")[:-1]
    bad = json.loads(lines[5000])
    bad["recordDetails"]["interests"][0]["share"] = {"exact": 140}
    deep = json.loads(lines[10])
    deep["annotations"] = [{"motivation": "commenting", "statementPointerTarget": "/", "description": "[" * 70}]
    lines[5000] = json.dumps(bad).encode()
    lines[10] = json.dumps(deep).encode()  # brackets inside a string count, as in the SQL path
    lines.insert(300, b"   ")  # a blank line is no statement
    path.write_bytes(b"\n".join(lines) + b"\n")
    for workers in (1, 3):
        found = _check(path, workers)
        assert (found.lines, found.flagged_total, found.bracketed, found.undecided) == (6000, 1, 1, False)
        assert [(i, json.loads(t)["statementId"]) for i, t in found.flagged] == [(5001, bad["statementId"])]


def test_a_line_orjson_cannot_read_leaves_the_answer_undecided(tmp_path):
    path = tmp_path / "b.jsonl"
    _generate(path, 3000)
    lines = path.read_bytes().split(b"\n")[:-1]
    lines[2501] = lines[2501].replace(b'"maximum":50', b'"maximum":NaN')  # a relationship statement
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert b"NaN" in lines[2501]
    assert _check(path, 2).undecided and _check(path, 1).undecided
