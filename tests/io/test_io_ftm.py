"""FollowTheMoney in and out: mapping, percentage parsing, round trip, and followthemoney's own checks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import kingmaker
from io_support import store_facts  # noqa: F401  (also imports every format module first)
from kingmaker.errors import InvalidInput
from kingmaker.io import ftm
from kingmaker.io.export import export
from kingmaker.model import ActorKind, RelationKind

pytest.importorskip("followthemoney")
from followthemoney import model as ftm_model  # noqa: E402

ENTITIES = [
    {"id": "p1", "schema": "Person", "properties": {"name": ["Jane Doe"], "nationality": ["gb"]}},
    {"id": "c1", "schema": "Company", "properties": {"name": ["ACME Ltd"], "jurisdiction": ["gb"],
                                                     "registrationNumber": ["123"]}},
    {"id": "o1", "schema": "Organization", "properties": {"name": ["Friends of ACME"]}},
    {"id": "l1", "schema": "LegalEntity", "properties": {"name": ["Shell X"]}},
    {"id": "own1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["51%"],
                                                         "startDate": ["2019-03-01"]}},
    {"id": "own2", "schema": "Ownership", "properties": {"owner": ["l1"], "asset": ["c1"], "percentage": ["25-49 %"]}},
    {"id": "own3", "schema": "Ownership", "properties": {"owner": ["o1"], "asset": ["c1"],
                                                         "percentage": ["more than 0"]}},
    {"id": "d1", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["c1"],
                                                          "role": ["Chairman of the board"]}},
    {"id": "d2", "schema": "Directorship", "properties": {"director": ["p1"], "organization": ["o1"], "role": ["CFO"]}},
    {"id": "e1", "schema": "Employment", "properties": {"employee": ["p1"], "employer": ["o1"], "role": ["CEO"]}},
    {"id": "m1", "schema": "Membership", "properties": {"member": ["p1"], "organization": ["o1"]}},
    {"id": "r1", "schema": "Representation", "properties": {"agent": ["l1"], "client": ["p1"]}},
    {"id": "u1", "schema": "UnknownLink", "properties": {"subject": ["p1"], "object": ["l1"], "role": ["associate"]}},
    {"id": "k1", "schema": "Control", "properties": {"controller": ["p1"], "controlled": ["c1"],
                                                     "controlType": ["significant influence"], "endDate": ["2022"]}},
]


def write(tmp_path: Path, entities, name="ents.jsonl") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    return p


def test_followthemoney_accepts_the_test_input():
    for e in ENTITIES:  # the oracle agrees our input is valid FtM
        ftm_model.get(e["schema"]).validate(e)


@pytest.mark.parametrize("text,expected", [
    ("51%", (51, 51, True, True)), ("51", (51, 51, True, True)), ("51,5 %", (51.5, 51.5, True, True)),
    ("25-49 %", (25, 49, True, True)), ("more than 25%", (25, None, False, True)),
    ("at least 10", (10, None, True, True)), ("up to 5%", (None, 5, True, True)), ("(25, 50]", (25, 50, False, True)),
])
def test_percentage_free_text(text, expected):
    s = ftm.parse_percentage(text)
    lo, hi, lo_inc, hi_inc = expected
    assert (s.lower, s.upper) == (None if lo is None else pytest.approx(lo), None if hi is None else pytest.approx(hi))
    assert (s.lower_inclusive, s.upper_inclusive) == (lo_inc, hi_inc)


@pytest.mark.parametrize("text", ["150%", "lots", "-3"])
def test_unreadable_percentage_warns_and_keeps_the_text(tmp_path, text):
    p = write(tmp_path, ENTITIES[:2] + [{"id": "o", "schema": "Ownership", "properties": {
        "owner": ["p1"], "asset": ["c1"], "percentage": [text]}}])
    r = ftm.read(p, set())
    (rel,) = r.case.relations
    assert rel.share is None
    assert any(w.field == "properties.percentage" for w in r.warnings)
    assert text in r.case.evidence[0].note


def test_mapping_of_every_interval_schema(tmp_path):
    r = ftm.read(write(tmp_path, ENTITIES), set())
    kinds = {a.extra["ftm"]["id"]: a.kind for a in r.case.actors}
    assert kinds == {"p1": ActorKind.person, "c1": ActorKind.company, "o1": ActorKind.company,
                     "l1": ActorKind.unknown}
    rels = {x.evidence[0].rsplit(":", 1)[-1]: x for x in r.case.relations}
    assert rels["own1"].kind is RelationKind.shareholding and str(rels["own1"].share) == "51%"
    assert str(rels["own2"].share) == "[25%, 49%]"
    assert rels["d1"].kind is RelationKind.board_seat and rels["d1"].role == "chair"
    assert rels["d2"].kind is RelationKind.officer and rels["d2"].role == "CFO"
    assert rels["e1"].kind is RelationKind.employment and rels["e1"].holder == ftm.actor_id("p1")
    assert rels["m1"].kind is RelationKind.membership
    assert rels["r1"].kind is RelationKind.other_influence and rels["r1"].holder == ftm.actor_id("l1")
    assert rels["u1"].description == "associate" and rels["k1"].description == "significant influence"
    assert str(rels["k1"].valid_to) == "2022-01-01"
    assert not r.warnings


def test_ftm_round_trip_keeps_every_entity(tmp_path):
    path = write(tmp_path, ENTITIES)
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(path)
        out = tmp_path / "out.jsonl"
        summary = export(km.store, "ftm", out)
        assert summary["invalid"] == []
    got = [json.loads(line) for line in out.read_text().splitlines()]

    def as_set(ents):
        return {(e["id"], e["schema"], k, v) for e in ents for k, vs in e["properties"].items() for v in vs}

    assert as_set(got) == as_set(ENTITIES)
    for e in got:
        ftm_model.get(e["schema"]).validate(e)


def test_export_of_a_non_ftm_store_is_valid_ftm(flagship_store, tmp_path):
    out = tmp_path / "flagship.jsonl"
    summary = export(flagship_store.store, "ftm", out)
    assert summary["invalid"] == [] and summary["entities"] > 20
    ents = [json.loads(line) for line in out.read_text().splitlines()]
    ids = {e["id"] for e in ents}
    for e in ents:
        schema = ftm_model.get(e["schema"])
        schema.validate(e)
        if schema.edge:
            assert e["properties"][schema.edge_source][0] in ids and e["properties"][schema.edge_target][0] in ids


@pytest.mark.parametrize("bad,field", [
    ({"id": "x", "schema": "Spaceship", "properties": {}}, "schema"),
    ({"id": "p1", "schema": "Person", "properties": {"name": ["dup"]}}, "id"),
    ({"id": "o9", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "startDate": ["2020"],
                                                        "endDate": ["2010"]}}, "properties.endDate"),
    ({"id": "z", "schema": "Person", "properties": {"name": "not a list"}}, "properties.name"),
])
def test_bad_entities_are_rejected_naming_the_field(tmp_path, bad, field):
    with pytest.raises(InvalidInput) as exc:
        ftm.read(write(tmp_path, ENTITIES[:2] + [bad]), set())
    assert any(p.field == field and p.line == 3 for p in exc.value.problems), [str(p) for p in exc.value.problems]


def test_dangling_edge_end_warns(tmp_path):
    r = ftm.read(write(tmp_path, [ENTITIES[0], {"id": "o", "schema": "Ownership",
                                                "properties": {"owner": ["p1"], "asset": ["nowhere"]}}]), set())
    assert any(w.field == "properties.asset" for w in r.warnings)
    assert any(a.id == ftm.actor_id("nowhere") and a.kind is ActorKind.unknown for a in r.case.actors)
