"""The compiled check over a JSON Lines file in worker processes (:func:`kingmaker.jsonschema.compiled.check_json_lines`):
every line read once whatever the byte ranges, flagged lines numbered as in the whole file, a line orjson can't
read makes the answer undecided; the formats, checked by jsonschema-rs itself as patterns, accept exactly what
the Python tests accept. (Its verdicts on single statements: tests/jsonschema/test_schema_sql.py.)"""
from __future__ import annotations

import json
import random
import re
import sys

import jsonschema_rs
import pytest

from conftest import ROOT

from kingmaker.io.bods.schema import _schema_documents
from kingmaker.jsonschema import checker
from kingmaker.jsonschema.compiled import FORMAT_PATTERNS, _lines_in, check_json_lines, line_validator


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


def _pattern_check(fmt):
    return jsonschema_rs.validator_for({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string",
                                        "pattern": FORMAT_PATTERNS[fmt]}).is_valid


def test_date_patterns_accept_exactly_what_python_accepts():
    dates = [f"{y:04d}-{m:02d}-{d:02d}" for y in [*range(2101), 9996, 9999] for m in range(14) for d in range(33)]
    dates += ["2020-1-01", "20200101", "2020-01-01 ", "2020-01-011", "-2020-01-01", "+2020-01-01", "2020/01/01",
              "2020-01-01\n", "\n2020-01-01", "٢٠٢٠-٠١-٠١", "２０２０-01-01", "2020-01-01T00:00:00Z"]
    ok = _pattern_check("date")
    assert [d for d in dates if ok(d) != checker.FORMATS["date"](d)] == []
    times = [f"{day}{sep}{h}:{mi}:{s}{frac}{tz}" for day in ("2024-02-29", "2023-02-29", "1900-02-29", "0000-01-01")
             for sep in ("T", "t", " ", "_") for h in ("00", "09", "19", "23", "24") for mi in ("00", "59", "60")
             for s in ("00", "59", "60") for frac in ("", ".1", ".123456789", ".")
             for tz in ("Z", "z", "+00:00", "-23:59", "+24:00", "+23:60", "+00:99", "+22:99", "+05", "", "Z\n")]
    times += ["2024-01-01T00:00:00.٣Z", "2024-01-01T0٣:00:00Z", "2024-01-01"]
    ok = _pattern_check("date-time")
    assert [t for t in times if ok(t) != checker.FORMATS["date-time"](t)] == []


@pytest.mark.parametrize("fmt", ["uri", "email"])
def test_uri_and_email_patterns_accept_exactly_what_python_accepts(fmt):
    # every whitespace character (the class is where the two could differ), the rest up to U+3100, a spread above
    spaces = [chr(i) for i in range(1, 0x110000) if not 0xD800 <= i <= 0xDFFF and re.match(r"\s", chr(i))]
    chars = [chr(i) for i in [*range(1, 0x3100), *range(0x3100, 0x110000, 97)] if not 0xD800 <= i <= 0xDFFF]
    values = [f"http://a{c}b" for c in chars] + [f"a{c}@b" for c in chars] + [f"a{c}:b" for c in spaces] + [
        "http://x", "x:", ":x", "1http://x", "h-t+t.p:x", "a@b", "a@@b", "@b", "a@", "a@b\n", "http://x\n", "é@ü",
        "mailto:a@b", "a:b\n\n", "a@b\n\n", "\na:b", "a:\nb"]
    ok = _pattern_check(fmt)
    wrong = [v for v in values if ok(v) != checker.FORMATS[fmt](v)]
    assert wrong == [], [ascii(v) for v in wrong[:5]]


def test_bods_formats_are_checked_without_calling_python(monkeypatch):
    """The point of the patterns: jsonschema-rs calling a Python function per date was ~40 % of the check."""
    calls = []

    def counted(test):
        return lambda value: calls.append(value) or test(value)

    monkeypatch.setattr(checker, "FORMATS", {k: counted(f) for k, f in checker.FORMATS.items()})
    ok = line_validator(_schema_documents(), "urn:statement", "/$defs/Statement")
    st = {"statementId": "0" * 32, "statementDate": "2024-01-01", "recordId": "e", "recordType": "entity",
          "recordStatus": "new", "declarationSubject": "e",
          "publicationDetails": {"publicationDate": "2024-01-01", "bodsVersion": "0.4", "publisher": {"name": "P",
                                                                                                  "url": "https://p"}},
          "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "X",
                            "foundingDate": "2001-02-03", "uri": "https://x"}}
    assert ok(json.dumps(st).encode())
    assert not ok(json.dumps({**st, "statementDate": "2024-02-30"}).encode())
    assert not ok(json.dumps({**st, "recordDetails": {**st["recordDetails"], "uri": "not a uri"}}).encode())
    assert calls == []
