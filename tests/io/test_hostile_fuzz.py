"""Hostile-input fuzzing through the command line (issue 20): for every input format, hypothesis mutates a
small valid file — truncation, stray or random bytes, a byte-order mark, UTF-16, gzip, deep nesting, a
duplicated or dropped line, a replaced token — and runs `validate` and `load` on it as a user would.
Asserted for every input: exit 0 or 2, never an uncaught exception (in process, a traceback would fail
the test), `load` and `validate` agree, and a refused load leaves the store exactly as it was.

A few inputs per format by default; 10⁴ per format with KINGMAKER_SLOW=1 (KINGMAKER_FUZZ_EXAMPLES sets another
number)."""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from io_support import SLOW
from kingmaker.cli.app import main
from kingmaker.store import Store

from conftest import FLAGSHIP

N = int(os.environ.get("KINGMAKER_FUZZ_EXAMPLES", 10_000 if SLOW else 8))
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck), derandomize=not SLOW)

PUB = {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "R"}}
BODS = "".join(json.dumps(s) + "\n" for s in [
    {"statementId": "st-000000000000000000000000000001", "statementDate": "2024-01-01", "publicationDetails": PUB,
     "recordId": "e1", "recordType": "entity", "recordStatus": "new", "declarationSubject": "e1",
     "recordDetails": {"isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "A Ltd"}},
    {"statementId": "st-000000000000000000000000000002", "statementDate": "2024-01-01", "publicationDetails": PUB,
     "recordId": "p1", "recordType": "person", "recordStatus": "new", "declarationSubject": "e1",
     "recordDetails": {"isComponent": False, "personType": "knownPerson", "names": [{"fullName": "Ann"}]}},
    {"statementId": "st-000000000000000000000000000003", "statementDate": "2024-01-01", "publicationDetails": PUB,
     "recordId": "r1", "recordType": "relationship", "recordStatus": "new", "declarationSubject": "e1",
     "recordDetails": {"isComponent": False, "subject": "e1", "interestedParty": "p1",
                       "interests": [{"type": "shareholding", "share": {"exact": 30}, "startDate": "2020-01-01"}]}}])
BODS03 = json.dumps([{"statementID": "s-000000000000000000000000000000001", "statementType": "entityStatement",
                      "entityType": "registeredEntity", "name": "B Ltd",
                      "publicationDetails": {"publicationDate": "2020-01-01", "bodsVersion": "0.3",
                                             "publisher": {"name": "R"}}}], indent=1) + "\n"
FTM = "".join(json.dumps(e) + "\n" for e in [
    {"id": "c1", "schema": "Company", "properties": {"name": ["C Ltd"]}},
    {"id": "p1", "schema": "Person", "properties": {"name": ["Pat"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["40"]}}])
PSC = json.dumps({"company_number": "01234567", "data": {
    "kind": "individual-person-with-significant-control", "name": "Ann Example", "notified_on": "2020-01-01",
    "natures_of_control": ["ownership-of-shares-25-to-50-percent"], "links": {"self": "/company/01234567/psc/x"}}}) + "\n"
GLEIF_CSV = ("LEI,Entity.LegalName,Entity.LegalJurisdiction,Entity.EntityCategory,Registration.RegistrationStatus\n"
             "001GPB6A9XPE8XJICC14,A Fund,US,FUND,ISSUED\nZZG38T0MDR3QY1ETUA76,B Corp,DE,GENERAL,ISSUED\n")
GLEIF_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016">'
             "\n<lei:LEIRecords>\n<lei:LEIRecord>\n<lei:LEI>001GPB6A9XPE8XJICC14</lei:LEI>\n<lei:Entity>\n"
             '<lei:LegalName xml:lang="en">A Fund</lei:LegalName>\n<lei:LegalJurisdiction>US</lei:LegalJurisdiction>\n'
             "</lei:Entity>\n</lei:LEIRecord>\n</lei:LEIRecords>\n</lei:LEIData>\n")
CASE = ("case: {id: fuzz-case, title: Fuzz}\nsources:\n- {id: s1, title: Register}\nevidence:\n"
        "- {id: ev1, source: s1, quote: holds 30}\nactors:\n- {id: x-corp, kind: company, name: X Corp}\n"
        "- {id: y-corp, kind: company, name: Y Corp}\nrelations:\n"
        "- {id: x-y, kind: shareholding, holder: x-corp, subject: y-corp, share: 30, from: 2020-01-01, evidence: [ev1]}\n")
EDGES = "holder,subject,share,valid_from\na-co,b-co,60,2020-01-01\nb-co,c-co,30,\n"

SEEDS = {"bods": ("fuzz.jsonl", BODS), "bods03": ("fuzz03.json", BODS03), "ftm": ("fuzz.ftm.jsonl", FTM),
         "psc": ("fuzz.psc.jsonl", PSC), "gleif-csv": ("fuzz-lei.csv", GLEIF_CSV), "gleif-xml": ("fuzz-lei.xml", GLEIF_XML),
         "case": ("fuzz.yaml", CASE), "edges": ("fuzz-edges.csv", EDGES)}
TOKENS = [b"", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\n", b"\r\n", b",", b'"', b"'", b"[", b"{", b"]", b"}", b":",
          b"&a [x]", b"*a", b"- ", b"  ", b"<", b"</", b"&lol;", b"100", b"-5", b"1e400", b"NaN", b"9999-12-31",
          b"2020-02-30", b"\xc3", b"null", b"true", b"../", b"register[1]"]


@st.composite
def mutated(draw, data: bytes) -> tuple[bytes, bool]:
    """A mutation of ``data``, and whether to gzip it."""
    kind = draw(st.sampled_from(["truncate", "insert", "replace", "flip", "bom", "utf16", "nest", "lines", "none"]))
    if kind == "truncate":
        data = data[:draw(st.integers(0, len(data)))]
    elif kind in ("insert", "replace"):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.sampled_from(TOKENS) | st.binary(max_size=8))
        data = data[:at] + piece + data[at + (draw(st.integers(0, 6)) if kind == "replace" else 0):]
    elif kind == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "utf16":
        data = data.decode("utf-8").encode(draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"])))
    elif kind == "nest":
        depth = draw(st.sampled_from([50, 150, 2_000, 20_000]))
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"[" * depth + b"]" * depth + data[at:]
    elif kind == "lines":
        lines = data.splitlines(keepends=True)
        if lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines = lines[:i] + draw(st.sampled_from([[], [lines[i], lines[i]], [lines[i] * 3]])) + lines[i + 1:]
        data = b"".join(lines)
    return data, draw(st.booleans()) and kind != "utf16"


def run(args: list[str], capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


def check(name: str, data: bytes, zipped: bool, capsys) -> None:
    with tempfile.TemporaryDirectory(prefix="km-fuzz-") as tmp:
        path = Path(tmp) / (name + (".gz" if zipped else ""))
        path.write_bytes(gzip.compress(data) if zipped else data)
        db = Path(tmp) / "store.duckdb"
        with Store(db) as store:
            store.write_streamed([])  # an empty, migrated store
            before = store.fingerprint()
        checked, out1 = run(["validate", str(path)], capsys)
        loaded, out2 = run(["load", str(path), "--db", str(db)], capsys)
        assert checked in (0, 2) and loaded in (0, 2), (checked, loaded, out1[-500:], out2[-500:])
        assert "Traceback" not in out1 + out2
        assert checked == loaded, (f"validate said {checked}, load {loaded}", out1[-600:], out2[-600:])
        if loaded:
            with Store(db, read_only=True) as store:
                assert store.fingerprint() == before


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_the_seeds_are_valid(fmt, capsys):
    name, text = SEEDS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        code, out = run(["validate", str(path)], capsys)
        assert code == 0, out


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_hostile_mutations_of_every_format(fmt, capsys):
    name, text = SEEDS[fmt]

    @FUZZ
    @given(mutated(text.encode("utf-8")))
    def prop(case):
        check(name, *case, capsys)

    prop()


def test_the_flagship_case_survives_hostile_mutations(capsys):
    text = FLAGSHIP.read_bytes()

    @settings(max_examples=max(4, N // 10), deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=not SLOW)
    @given(mutated(text))
    def prop(case):
        check("flagship.yaml", *case, capsys)

    prop()
