"""Designations as data (issue 16): case files, FollowTheMoney ``Sanction`` entities and ``sanction`` topics
(OpenSanctions' format, checked with followthemoney's own schema), the store and as-of snapshots."""
from __future__ import annotations

import json
from datetime import date

import pytest
from followthemoney import model as ftm_model

import kingmaker
from kingmaker.errors import InvalidInput

CASE = """
case: {id: des, title: Designations}
actors:
  - {id: x, kind: person, name: X}
  - {id: a, kind: company, name: A}
relations:
  - {id: x-a, kind: shareholding, holder: x, subject: a, share: 50}
designations:
  - {id: d1, actor: x, list: ofac-sdn, listed_from: 2022-03-11, listed_to: 2024-01-01, program: RUSSIA-EO14024}
  - {id: d2, actor: ghost, list: ofac-sdn}
"""


def test_case_file_designations_are_time_aware_and_unknown_actors_warned(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE)
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        report = km.load(path)
        assert [w.record for w in report.warnings if w.field == "actor"] == ["d2"]
        assert "'ghost'" in next(w.message for w in report.warnings if w.record == "d2")
        assert [d.id for d in km.store.designations()] == ["d1"]
        assert [d.id for d in km.snapshot("2023-06-01").designations] == ["d1"]
        assert km.snapshot("2022-03-10").designations == () == km.snapshot("2024-01-01").designations
        assert km.store.remove_dataset("case:des") and km.store.designations() == []


def test_case_file_unknown_list_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("list: ofac-sdn, listed_from", "list: ofac-sd, listed_from"))
    with kingmaker.open(tmp_path / "s.duckdb") as km, pytest.raises(InvalidInput) as exc:
        km.load(path)
    err = next(p for p in exc.value.problems if p.severity == "error")
    assert err.record == "d1" and err.field == "list" and err.line == 9 and "did you mean 'ofac-sdn'" in err.message
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        assert km.store.counts()["designations"] == 0


def _entities():
    """OpenSanctions-style entities: a company, a Sanction entity by OFAC, a party only tagged."""
    company = {"id": "os-co", "schema": "Company", "properties": {"name": ["Example Bank"], "topics": ["sanction"]},
               "datasets": ["us_ofac_sdn"]}
    person = {"id": "os-pe", "schema": "Person", "properties": {"name": ["Example Person"], "topics": ["sanction"]},
              "datasets": ["gb_hmt_sanctions"]}
    sanction = {"id": "os-san", "schema": "Sanction", "datasets": ["us_ofac_sdn"], "properties": {
        "entity": ["os-co"], "authority": ["Office of Foreign Assets Control"], "program": ["RUSSIA-EO14024"],
        "listingDate": ["2022-02-24"], "sourceUrl": ["https://ofac.treasury.gov/recent-actions/20220224"]}}
    unknown = {"id": "os-san2", "schema": "Sanction", "properties": {
        "entity": ["os-pe"], "authority": ["State Secretariat for Economic Affairs"], "startDate": ["2022-03-04"]}}
    owns = {"id": "os-own", "schema": "Ownership", "properties": {"owner": ["os-pe"], "asset": ["os-co"],
                                                                  "percentage": ["60"]}}
    tagged = {"id": "os-tag", "schema": "Company", "properties": {"name": ["Tagged Co"], "topics": ["sanction"]},
              "datasets": ["some_other_source"]}
    return [company, person, sanction, unknown, owns, tagged]


def test_followthemoney_sanctions_and_topics(tmp_path):
    ents = _entities()
    for e in ents:  # the fixture is valid FollowTheMoney
        ftm_model.get(e["schema"]).validate({"id": e["id"], "schema": e["schema"], "properties": e["properties"]})
    path = tmp_path / "os.json"
    path.write_text("\n".join(json.dumps(e) for e in ents))
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        report = km.load(path)
        got = {(d.actor, d.list, d.listed_from, d.program) for d in km.store.designations()}
        assert got == {("ftm:os-co", "ofac-sdn", date(2022, 2, 24), "RUSSIA-EO14024"),
                       ("ftm:os-pe", "own:state-secretariat-for-economic-affairs", date(2022, 3, 4), None),
                       ("ftm:os-pe", "uk-sanctions-list", None, None)}
        assert any("not one of the known lists" in w.message for w in report.warnings)
        assert [w.record for w in report.warnings if "name no known list" in w.message] == ["entity os-tag"]
        from kingmaker.analysis.screening import screen

        rep = screen(km.snapshot("2023-01-01"), rule="uk-owned-or-controlled")
        assert {r.actor: r.status for r in rep.results} == {"ftm:os-pe": "certainly", "ftm:os-co": "certainly"}


def test_a_column_named_twice_is_refused(tmp_path):
    """Which of two 'list' columns holds the list cannot be told: refused with the line and column, as for
    GLEIF and edge lists (one check, io.common.repeated_columns)."""
    path = tmp_path / "d.csv"
    path.write_text("actor,list,list\nx,ofac-sdn,eu-consolidated\n", encoding="utf-8")
    with kingmaker.open(tmp_path / "k.duckdb") as km:
        with pytest.raises(InvalidInput) as err:
            km.load(path, format="designations-csv")
        assert "d.csv:1, field list: error: column(s) named twice: list" in str(err.value)
        assert km.store.counts()["designations"] == 0


def test_a_truncated_gzip_designations_file_is_named_not_a_crash(tmp_path):
    """A damaged compressed file is refused as every other reader refuses it (compressed.input_problem)."""
    import gzip

    path = tmp_path / "d.csv.gz"
    path.write_bytes(gzip.compress(b"actor,list\nx,ofac-sdn\n")[:20])
    with kingmaker.open(tmp_path / "k.duckdb") as km:
        with pytest.raises(InvalidInput) as err:
            km.load(path, format="designations-csv")
        assert "d.csv.gz: error: the compressed file is damaged or truncated" in str(err.value)
        assert km.store.counts()["designations"] == 0
