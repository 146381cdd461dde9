"""Hostile inputs (issue 20, items 2–4): each is refused by `load` and `validate` alike with exit 2, one
clear line naming the file and the limit, no traceback, and the store as it was. The inputs are built
here, small: deep nesting in memory, bombs against limits lowered through their variables."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from kingmaker.cli.app import main
from kingmaker.io.limits import current, depth_of

from conftest import FLAGSHIP
from io_support import refused

PUB = {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "Test Register"}}
ENTITY = {"statementId": "st-000000000000000000000000000001", "statementDate": "2024-01-01",
          "publicationDetails": PUB, "recordId": "e1", "recordType": "entity", "recordStatus": "new",
          "declarationSubject": "e1",
          "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "A Ltd"}}
FTM = {"id": "c1", "schema": "Company", "properties": {"name": ["A Ltd"]}}
PSC = {"company_number": "01234567", "data": {"kind": "individual-person-with-significant-control", "name": "A",
                                              "natures_of_control": ["ownership-of-shares-25-to-50-percent"],
                                              "notified_on": "2020-01-01", "links": {"self": "/x"}}}


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def with_field(record: dict, raw: str) -> str:
    """``record`` as one JSON line with a field ``x`` holding ``raw`` (JSON text)."""
    return json.dumps(record)[:-1] + f', "x": {raw}' + "}"


@pytest.mark.parametrize("name, text, fmt", [
    ("bods-deep.jsonl", with_field(ENTITY, nested(100_000)) + "\n", "bods"),
    ("bods-deep.json", "[\n" + with_field(ENTITY, nested(100_000)) + "\n]\n", "bods"),
    ("bods-pretty-deep.json", "[\n" + json.dumps(ENTITY, indent=1)[:-1] + ',\n"x": ' + nested(5_000) + "}\n]\n", "bods"),
    ("ftm-deep.jsonl", with_field(FTM, nested(100_000)) + "\n", "ftm"),
    ("psc-deep.jsonl", json.dumps(PSC)[:-2] + ', "x": ' + nested(100_000) + "}}\n", "psc"),
    ("bods03-deep.json", '[{"statementID": "s1", "statementType": "entityStatement", "x": ' + nested(100_000)
     + "}]\n", "bods"),
    ("moderately-deep.jsonl", with_field(FTM, nested(150)) + "\n", "ftm"),
])
def test_deep_nesting_is_refused_by_every_json_reader(tmp_path, seeded_db, capsys, name, text, fmt):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = refused(path, seeded_db, capsys, "--format", fmt)
    assert "max_depth = 100" in out and "KINGMAKER_MAX_DEPTH" in out


def test_deep_nesting_through_the_duckdb_lane(tmp_path, seeded_db, capsys, monkeypatch):
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    path = tmp_path / "lane-deep.jsonl"
    path.write_text(json.dumps(ENTITY) + "\n" + with_field({**ENTITY, "statementId": "s" * 32}, nested(1_000)) + "\n",
                    encoding="utf-8")
    out = refused(path, seeded_db, capsys)
    assert f"{path.name}:2" in out and "max_depth" in out


def test_the_depth_limit_is_configurable(tmp_path, seeded_db, capsys, monkeypatch):
    path = tmp_path / "ftm-150.jsonl"
    path.write_text(with_field(FTM, nested(150)) + "\n", encoding="utf-8")
    monkeypatch.setenv("KINGMAKER_MAX_DEPTH", "200")
    assert current().max_depth == 200
    assert main(["validate", str(path)]) == 0


def test_depth_of_is_iterative():
    deep = []
    for _ in range(50_000):
        deep = [deep]
    assert depth_of(deep, 10) == 11
    assert depth_of({"a": [1, {"b": 2}]}, 100) == 3


# -- YAML -------------------------------------------------------------------------------------------------
def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs" inside an actor's aliases: 2 KB that expand to 9^9 strings."""
    text = "case: {id: bomb, title: Bomb}\nactors:\n- id: a0\n  kind: company\n  name: A0\n  aliases: &a0 [" \
        + ", ".join(["lol"] * 9) + "]\n"
    for i in range(1, levels):
        text += f"- id: a{i}\n  kind: company\n  name: A{i}\n  aliases: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path, seeded_db, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 2500
    started = time.perf_counter()
    out = refused(path, seeded_db, capsys)
    assert time.perf_counter() - started < 30  # before: hung (1.2 GB after 150 s)
    assert "max_yaml_nodes" in out and f"{path.name}:" in out


def test_yaml_nested_3000_block_levels_is_refused(tmp_path, seeded_db, capsys):
    path = tmp_path / "deep.yaml"
    path.write_text("case: {id: deep, title: Deep}\nactors:\n" + "".join("  " * (i + 1) + "-\n" for i in range(3_000)),
                    encoding="utf-8")
    assert "max_depth" in refused(path, seeded_db, capsys)


@pytest.mark.parametrize("data, says", [
    ("case:\n  id: x\n  title: x\x00\n".encode(), "NUL byte"),
    ("case:\n  id: x\n  title: x\n".encode("utf-16-le"), "UTF-16 little-endian without a byte-order mark"),
    ("case:\n  id: x\n  title: x\n".encode("utf-16-be"), "UTF-16 big-endian without a byte-order mark"),
    (b"case:\n  id: x\n  title: caf\xe9\n", "not UTF-8"),
])
def test_yaml_that_is_not_utf8_text_is_named(tmp_path, seeded_db, capsys, data, says):
    path = tmp_path / "odd.yaml"
    path.write_bytes(data)
    assert says in refused(path, seeded_db, capsys)


def test_a_case_file_in_utf16_with_its_mark_or_gzipped_loads(tmp_path, capsys):
    text = FLAGSHIP.read_text(encoding="utf-8")
    for name, data in [("utf16.yaml", text.encode("utf-16")), ("flagship.yaml.gz", gzip.compress(text.encode()))]:
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["validate", str(path)]) == 0, capsys.readouterr().err
        assert main(["load", str(path), "--db", str(tmp_path / f"{name}.duckdb")]) == 0, capsys.readouterr().err


# -- compression bombs and huge records --------------------------------------------------------------------
def test_a_gzip_bomb_is_stopped_at_the_ratio(tmp_path, seeded_db, capsys, monkeypatch):
    monkeypatch.setenv("KINGMAKER_RATIO_FLOOR_BYTES", str(1 << 20))
    path = tmp_path / "spaces.json.gz"
    path.write_bytes(gzip.compress(b"[" + b" " * (32 << 20) + b"]", 9))  # 32 KB that expand 1000 times
    assert "max_ratio = 100" in refused(path, seeded_db, capsys, "--format", "bods")
    lines = tmp_path / "newlines.jsonl.gz"
    lines.write_bytes(gzip.compress(json.dumps(FTM).encode() + b"\n" * (32 << 20), 9))
    assert "max_ratio" in refused(lines, seeded_db, capsys, "--format", "ftm")


def test_the_decompressed_size_has_a_ceiling(tmp_path, seeded_db, capsys, monkeypatch):
    monkeypatch.setenv("KINGMAKER_MAX_DECOMPRESSED_BYTES", str(1 << 20))
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(with_field({**FTM, "id": f"c{i}"}, json.dumps(str(i) * 20)).encode()
                                            + b"\n" for i in range(40_000))))
    assert "max_decompressed_bytes" in refused(path, seeded_db, capsys, "--format", "ftm")


@pytest.mark.parametrize("fmt, record", [("ftm", FTM), ("bods", ENTITY)])
def test_a_record_over_the_size_limit_is_refused_in_every_lane(tmp_path, seeded_db, capsys, monkeypatch, fmt, record):
    monkeypatch.setenv("KINGMAKER_MAX_RECORD_BYTES", "4096")
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    path = tmp_path / f"huge-{fmt}.jsonl"
    path.write_text(json.dumps(record) + "\n" + with_field(record, json.dumps("x" * 10_000)) + "\n", encoding="utf-8")
    out = refused(path, seeded_db, capsys, "--format", fmt)
    assert "max_record_bytes = 4096" in out and f"{path.name}:2" in out


def test_a_long_run_of_whitespace_is_no_record(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KINGMAKER_MAX_RECORD_BYTES", "4096")
    path = tmp_path / "padded.jsonl"
    path.write_text(json.dumps(FTM) + "\n" + " " * 100_000 + "\n\n\n" + json.dumps({**FTM, "id": "c2"}) + "\n",
                    encoding="utf-8")
    assert main(["validate", str(path), "--format", "ftm", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["actors"] == 2
