"""Faults while loading and odd files (issue 20, items 3 and 7): a full disk, DuckDB out of memory, a bad
LEI, duplicate or missing CSV columns, XML nested deep, a directory, byte-order marks, UTF-16 and
compressed edge lists. Each ends with one clear line (exit 1 for the machine, 2 for the input), no
traceback, and the store as it was."""
from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kingmaker.cli.app import main

from io_support import refused, store_rows

LEI_A, LEI_B = "001GPB6A9XPE8XJICC14", "ZZG38T0MDR3QY1ETUA76"  # real LEIs (GLEIF Level 1 records)
LEI_COLUMNS = ["LEI", "Entity.LegalName", "Entity.LegalJurisdiction", "Entity.EntityCategory",
               "Registration.RegistrationStatus"]
RR_COLUMNS = ["Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType", "Relationship.EndNode.NodeID",
              "Relationship.EndNode.NodeIDType", "Relationship.RelationshipType", "Relationship.RelationshipStatus"]


def write_csv(path: Path, header: list[str], lines: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(lines)
    return path


def many_entities(path: Path, n: int = 20_000) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"c{i}", "schema": "Company", "properties": {"name": [f"Company {i} " + "x" * 80]}})
                     + "\n")
    return path


# -- the machine ------------------------------------------------------------------------------------------
def test_a_full_disk_ends_the_load_with_one_line_and_the_store_unchanged(tmp_path, seeded_db):
    big = many_entities(tmp_path / "big.jsonl")
    before = store_rows(seeded_db)
    cap = os.path.getsize(seeded_db) + (1 << 20)  # the file-size limit stands in for a full disk
    code = ("import resource, signal, sys\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({cap}, {cap}))\n"
            "from kingmaker.cli.app import main\n"
            f"sys.exit(main(['load', {str(big)!r}, '--db', {str(seeded_db)!r}]))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "the disk is full" in done.stderr and "nothing was loaded" in done.stderr
    assert store_rows(seeded_db) == before


def test_out_of_memory_in_duckdb_ends_the_load_with_one_line(tmp_path, seeded_db, capsys, monkeypatch):
    big = many_entities(tmp_path / "big.jsonl")
    monkeypatch.setenv("KINGMAKER_LOAD_MEMORY", "1MB")
    before = store_rows(seeded_db)
    assert main(["load", str(big), "--db", str(seeded_db)]) == 1
    err = capsys.readouterr().err
    assert "out of memory" in err and "KINGMAKER_LOAD_MEMORY" in err and "nothing was loaded" in err
    assert store_rows(seeded_db) == before


# -- GLEIF --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["not/an-lei-value-x20", "short", "001GPB6A9XPE8XJICC1X", "001GPB6A9 XPE8XJICC14"])
def test_a_gleif_csv_lei_that_is_no_lei_is_named(tmp_path, seeded_db, capsys, bad):
    lei = write_csv(tmp_path / "lei.csv", LEI_COLUMNS, [[LEI_A, "A Fund", "US", "FUND", "ISSUED"],
                                                         [bad, "B Corp", "US", "GENERAL", "ISSUED"]])
    out = refused(lei, seeded_db, capsys)
    assert "lei.csv:3" in out and "field LEI" in out and "is not an LEI" in out
    rr = write_csv(tmp_path / "rr.csv", RR_COLUMNS, [[bad, "LEI", LEI_B, "LEI", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"]])
    out = refused(rr, seeded_db, capsys)
    assert "rr.csv:2" in out and "Relationship.StartNode.NodeID" in out


def test_a_gleif_csv_cut_mid_row_is_not_valid(tmp_path, seeded_db, capsys):
    path = write_csv(tmp_path / "lei.csv", LEI_COLUMNS, [[LEI_A, "A Fund", "US", "FUND", "ISSUED"]])
    path.write_text(path.read_text(encoding="utf-8") + f'{LEI_B},"B Corp', encoding="utf-8")
    out = refused(path, seeded_db, capsys)
    assert "lei.csv:" in out and "fields, the header 5" in out


def test_duplicate_csv_columns_are_named(tmp_path, seeded_db, capsys):
    gleif = write_csv(tmp_path / "lei.csv", [*LEI_COLUMNS, "Entity.LegalName"],
                      [[LEI_A, "A Fund", "US", "FUND", "ISSUED", "Other name"]])
    assert "named twice" in refused(gleif, seeded_db, capsys)
    edges = write_csv(tmp_path / "edges.csv", ["holder", "subject", "share", "share"], [["a", "b", "10", "20"]])
    out = refused(edges, seeded_db, capsys)
    assert "named twice: share" in out and "edges.csv:1" in out


def test_gleif_xml_nested_deep_inside_a_record_is_refused(tmp_path, seeded_db, capsys):
    path = tmp_path / "lei-deep.xml"
    path.write_text('<?xml version="1.0"?><lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016">'
                    f"<lei:LEIRecords><lei:LEIRecord><lei:LEI>{LEI_A}</lei:LEI><lei:Entity>" + "<lei:X>" * 1_500
                    + "</lei:X>" * 1_500 + "</lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>",
                    encoding="utf-8")
    assert "max_depth = 100" in refused(path, seeded_db, capsys)


def test_xml_entities_are_not_expanded(tmp_path, seeded_db, capsys):
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    path = tmp_path / "laughs.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE lei:LEIData [<!ENTITY l0 "lol">{laughs}]>'
                    '<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016"><lei:LEIRecords>'
                    f"<lei:LEIRecord><lei:LEI>{LEI_A}</lei:LEI><lei:Entity><lei:LegalName>&l9;</lei:LegalName>"
                    "</lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>", encoding="utf-8")
    capsys.readouterr()
    code = main(["validate", str(path), "--json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and code in (0, 2)
    assert len(out.out) < 100_000  # 10^9 "lol"s were not built


# -- odd files ----------------------------------------------------------------------------------------------
def test_load_validate_and_extract_on_a_directory_say_so(tmp_path, seeded_db, capsys):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    for args in (["load", str(folder), "--db", str(seeded_db)], ["validate", str(folder)], ["extract", str(folder)]):
        capsys.readouterr()
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert "is a directory" in err and "Traceback" not in err


def test_a_utf8_byte_order_mark_is_no_obstacle(tmp_path, capsys):
    bods = tmp_path / "excel.json"
    bods.write_bytes(b"\xef\xbb\xbf" + json.dumps([{
        "statementId": "st-000000000000000000000000000001", "statementDate": "2024-01-01", "recordId": "e1",
        "recordType": "entity", "recordStatus": "new", "declarationSubject": "e1",
        "publicationDetails": {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "R"}},
        "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "A Ltd"}}]).encode())
    edges = tmp_path / "excel.csv"
    edges.write_bytes(b"\xef\xbb\xbfholder,subject,share\r\na,b,60\r\n")
    for path, fmt in ((bods, "bods"), (edges, "edges-csv")):
        capsys.readouterr()
        assert main(["validate", str(path), "--json"]) == 0, capsys.readouterr().err
        got = json.loads(capsys.readouterr().out)
        assert got["format"] == fmt and got["counts"]["actors"] >= 1


def test_utf16_is_named_when_the_format_cannot_be_told(tmp_path, capsys):
    path = tmp_path / "ents.jsonl"
    path.write_bytes(json.dumps({"id": "c1", "schema": "Company", "properties": {"name": ["A"]}}).encode("utf-16-le"))
    assert main(["validate", str(path)]) == 2
    assert "UTF-16 little-endian" in capsys.readouterr().err


def test_a_gzipped_edge_list_loads(tmp_path, capsys):
    path = tmp_path / "edges.csv.gz"
    path.write_bytes(gzip.compress(b"holder,subject,share\na,b,60\nb,c,30\n"))
    assert main(["load", str(path), "--db", str(tmp_path / "e.duckdb"), "--json"]) == 0, capsys.readouterr().err
    assert json.loads(capsys.readouterr().out)["datasets"][0]["counts"]["relations"] == 2
