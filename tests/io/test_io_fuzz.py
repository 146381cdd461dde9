"""Property-based fuzzing of every reader: whatever the input, a reader returns a result or raises
InvalidInput (problems with file and message) — never anything else. A few dozen inputs per reader by
default; 2,000 per test (10⁴ in all) with KINGMAKER_SLOW=1."""
from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from io_support import SLOW
from kingmaker.errors import InvalidInput
from kingmaker.io import ftm, gleif, psc
from kingmaker.io.bods import reader as bods

N = 2_000 if SLOW else 40  # five fuzz tests: 10⁴ inputs in all in slow mode
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck), derandomize=not SLOW)
KEYS = ["statementId", "recordId", "recordType", "recordStatus", "statementDate", "recordDetails", "subject",
        "interestedParty", "interests", "type", "share", "exact", "minimum", "maximum", "exclusiveMinimum",
        "startDate", "endDate", "name", "names", "fullName", "entityType", "personType", "identifiers", "reason",
        "description", "annotations", "source", "publicationDetails", "directOrIndirect", "id", "schema",
        "properties", "owner", "asset", "percentage", "company_number", "data", "kind", "natures_of_control",
        "notified_on", "ceased_on", "links", "self", "statementType", "statementID", "describedByEntityStatement"]
SCALARS = (st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False, allow_infinity=False)
           | st.sampled_from(["e1", "p1", "r1", "2020-01-01", "2019-13-45", "entity", "person", "relationship",
                              "closed", "shareholding", "Person", "Company", "Ownership", "51%", "x" * 32,
                              "ownership-of-shares-25-to-50-percent", "individual-person-with-significant-control"])
           | st.text(max_size=6))
JSON = st.recursive(SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=4), c, max_size=5), max_leaves=20)


@st.composite
def bods_statement(draw):
    rtype = draw(st.sampled_from(["entity", "person", "relationship", "other"]))
    details = {"isComponent": draw(st.booleans())}
    if rtype == "relationship":
        details.update(subject=draw(st.sampled_from(["e1", "p1", "r1", "zz"]) | JSON),
                       interestedParty=draw(st.sampled_from(["e1", "p1"]) | JSON),
                       interests=draw(st.lists(st.fixed_dictionaries({}, optional={
                           "type": st.sampled_from(list(bods.INTEREST_KINDS) + ["bogus"]) | JSON,
                           "share": st.fixed_dictionaries({}, optional={k: SCALARS for k in (
                               "exact", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")}) | JSON,
                           "startDate": SCALARS, "endDate": SCALARS, "directOrIndirect": SCALARS,
                           "beneficialOwnershipOrControl": SCALARS, "details": SCALARS}), max_size=3) | JSON))
    else:
        details.update(draw(st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4)))
    base = {"statementId": draw(st.sampled_from(["a" * 32, "b" * 32, "c" * 32]) | SCALARS),
            "recordId": draw(st.sampled_from(["e1", "p1", "r1"]) | SCALARS), "recordType": rtype,
            "recordStatus": draw(st.sampled_from(["new", "updated", "closed"]) | SCALARS),
            "statementDate": draw(st.sampled_from(["2020-01-01", "2021-01-01"]) | SCALARS),
            "recordDetails": details}
    drop = draw(st.sets(st.sampled_from(list(base))))
    return {k: v for k, v in base.items() if k not in drop}


def _run(reader, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            result = reader(path, set())
        except InvalidInput as exc:
            assert exc.problems and all(p.file == str(path) and p.message for p in exc.problems)
            return
        assert all(p.severity == "warning" for p in result.warnings)


@FUZZ
@given(st.lists(bods_statement(), max_size=6), st.sampled_from(["array", "lines", "gzip"]))
def test_bods_reader_never_crashes(statements, layout):
    if layout == "lines":
        data = "\n".join(json.dumps(s) for s in statements).encode()
    else:
        data = json.dumps(statements).encode()
    if layout == "gzip":
        data = gzip.compress(data)
    _run(bods.read, "f.json.gz" if layout == "gzip" else "f.json", data)


@FUZZ
@given(st.lists(st.fixed_dictionaries({"id": st.sampled_from(["p1", "c1", "o1"]) | SCALARS,
                                       "schema": st.sampled_from(["Person", "Company", "Ownership", "Directorship",
                                                                  "UnknownLink", "Vessel"]) | SCALARS,
                                       "properties": st.dictionaries(
                                           st.sampled_from(["name", "owner", "asset", "percentage", "startDate",
                                                            "endDate", "role", "director", "organization"]),
                                           st.lists(st.sampled_from(["p1", "c1", "51%", "2020", "x"]) | SCALARS,
                                                    max_size=2) | SCALARS, max_size=4)}), max_size=6))
def test_ftm_reader_never_crashes(entities):
    _run(ftm.read, "f.jsonl", "\n".join(json.dumps(e) for e in entities).encode())


@FUZZ
@given(st.lists(st.fixed_dictionaries({"company_number": st.sampled_from(["01234567", "SC1"]) | SCALARS,
                                       "data": st.fixed_dictionaries({}, optional={
                                           "kind": st.sampled_from(["individual-person-with-significant-control",
                                                                    "corporate-entity-person-with-significant-control",
                                                                    "persons-with-significant-control-statement",
                                                                    "super-secure-person-with-significant-control",
                                                                    "exemptions", "totals#x"]) | SCALARS,
                                           "natures_of_control": st.lists(SCALARS, max_size=3) | SCALARS,
                                           "notified_on": SCALARS, "ceased_on": SCALARS, "name": SCALARS,
                                           "links": JSON, "identification": JSON, "statement": SCALARS,
                                           "exemptions": JSON}) | JSON}), max_size=5))
def test_psc_reader_never_crashes(lines):
    _run(psc.read, "f.json", "\n".join(json.dumps(x) for x in lines).encode())


_RR = ("<rr:RelationshipData xmlns:rr=\"http://www.gleif.org/data/schema/rr/2016\"><rr:RelationshipRecords>"
       "{}</rr:RelationshipRecords></rr:RelationshipData>")


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["001GPB6A9XPE8XJICC14", "X", ""]), st.sampled_from(
    ["IS_DIRECTLY_CONSOLIDATED_BY", "IS_FUND-MANAGED_BY", "WHATEVER"]), st.sampled_from(
    ["2020-01-01T00:00:00Z", "bad", ""]), st.sampled_from(["100", "130", "x", ""])), max_size=4),
    st.booleans())
def test_gleif_reader_never_crashes(records, cut):
    body = "".join(
        f"<rr:RelationshipRecord><rr:Relationship><rr:StartNode><rr:NodeID>{a}</rr:NodeID></rr:StartNode>"
        f"<rr:EndNode><rr:NodeID>5493001Z012YSB2A0K51</rr:NodeID></rr:EndNode><rr:RelationshipType>{t}"
        f"</rr:RelationshipType><rr:RelationshipPeriods><rr:RelationshipPeriod><rr:StartDate>{d}</rr:StartDate>"
        f"<rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod></rr:RelationshipPeriods>"
        f"<rr:RelationshipQuantifiers><rr:RelationshipQuantifier><rr:QuantifierAmount>{q}</rr:QuantifierAmount>"
        f"</rr:RelationshipQuantifier></rr:RelationshipQuantifiers></rr:Relationship></rr:RelationshipRecord>"
        for a, t, d, q in records)
    data = _RR.format(body).encode()
    _run(gleif.read, "rr.xml", data[: len(data) * 2 // 3] if cut else data)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([(bods.read, "x.json"), (ftm.read, "x.jsonl"),
                                                 (psc.read, "x.json"), (gleif.read, "x.xml"), (psc.read, "x.csv"),
                                                 (gleif.read, "x.csv"), (bods.read, "x.json.gz")]))
def test_every_reader_survives_random_bytes(data, target):
    reader, name = target
    if name.endswith(".gz"):
        data = b"\x1f\x8b" + data
    _run(reader, name, data)
