"""Full history (issue 13, Deliver 5 and failure 6): every statement of a record is kept and ``--as-of``
answers from the statement valid on that date; periods with no registered owner or controller are gaps.

Checked by hand against the official examples' own description (BODS 0.4 documentation, "Examples":
"Updating information over time 1 (Tecido scenario)" and "2 (Fermcat scenario)"), the dates as the files
give them:

* fermcat.json — 2019-09-11: "registered as having two beneficial owners who each own 50 %" (Riyadh
  Byrne-Amin, Patrick O'Donohue); 2020-09-11: "yearly confirmation … no changes"; "In April 2021 one of the
  owners dies and his shares are transferred to his next of kin" (the 2021-09-11 statements end Riyadh's
  holding on 2021-04-03 and start Declan Byrne-Amin's 50 % that day); 2022-01-21: "One of the co-owners is
  bought out by the other" (Patrick 100 %, Declan's record closed). So: 2020-06-01 and 2021-01-01 Riyadh and
  Patrick 50 % each; 2021-06-01 Patrick and Declan 50 % each; 2022-06-01 Patrick 100 %.
* tecido.json — threshold 25 %. 2019-01-20: "registered with one person as owner and director" (Maria
  Esteves, 100 % since 2002-03-09); 2021-09-25: "60 % of shares are transferred to … Shear Trust" (from
  2021-09-24: Maria 40 %); 2022-09-25: trust 70 % (from 2022-09-21: Maria 30 %); 2023-03-03: trust 80 %,
  "the original owner is now below the threshold … no longer disclosed". So: 2020-06-01 Maria 100 %;
  2022-01-01 Maria 40 %; 2023-01-01 Maria 30 %; 2023-06-01 no natural person (Shear Trust at the top, "the
  trust arrangement itself is not disclosed").

Gaps come from real Companies House PSC lines (../shared/corpora/psc): company 10308742's only PSC (Karol
Kuczkowski, notified 2016-08-02) ceased on 2018-02-27 and nobody was registered after; company 08209948's
register stated "no-individual-or-entity-with-signficant-control" from 2016-09-11 until Marc Anthony Feldman
was notified on 2021-12-13.

BODS 0.3 ``replacesStatements``: Open Ownership's own update example (tests/data/bods-03, from the
data-standard repository): Christopher Taggart's 100 % of Chrinon Ltd (2017-11-18) is replaced on 2018-01-05
by 50 % for him and 50 % for a new owner who "has been contacted to ask them to confirm the ultimate
beneficial owner" (unspecified, interestedPartyHasNotProvidedInformation).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kingmaker
from io_support import corpus
from kingmaker.cli import app
from kingmaker.io.export import export

runner = CliRunner()


def owners(km, subject: str, day: str) -> dict[str, str]:
    report = km.ubo(subject, day)
    assert not [n for n in report.notes if n.startswith("inconsistent")], report.notes
    return {km.store.actor(o.actor).name: str(o.ownership) for o in report.beneficial_owners}


FERMCAT = {"2020-06-01": {"Riyadh Byrne-Amin": "50 %", "Patrick O'Donohue": "50 %"},
           "2021-01-01": {"Riyadh Byrne-Amin": "50 %", "Patrick O'Donohue": "50 %"},
           "2021-06-01": {"Declan Byrne-Amin": "50 %", "Patrick O'Donohue": "50 %"},
           "2022-06-01": {"Patrick O'Donohue": "100 %"}}


def test_6_fermcat_answers_for_every_date_from_the_statement_valid_then(shared_dir, tmp_path):
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(corpus(shared_dir, "bods-examples") / "fermcat.json")
        for day, expected in FERMCAT.items():
            assert owners(km, "Fermcat Ltd", day) == expected, day


def test_tecido_answers_as_its_description_says_for_every_date(shared_dir, tmp_path):
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(corpus(shared_dir, "bods-examples") / "tecido.json")
        assert owners(km, "Tecido Ltd", "2020-06-01") == {"Maria Esteves": "100 %"}
        assert owners(km, "Tecido Ltd", "2022-01-01") == {"Maria Esteves": "40 %"}
        assert owners(km, "Tecido Ltd", "2023-01-01") == {"Maria Esteves": "30 %"}
        late = km.ubo("Tecido Ltd", "2023-06-01")
        assert late.beneficial_owners == [] and [o.name for o in late.top_entities] == ["Shear Trust"]


def test_export_keeps_the_history(shared_dir, tmp_path):
    """Exported and loaded again, fermcat.json answers every date as before (every statement written back,
    the closing ones included, with the source's own dates)."""
    with kingmaker.open(tmp_path / "a.duckdb") as km:
        km.load(corpus(shared_dir, "bods-examples") / "fermcat.json")
        export(km.store, "bods", tmp_path / "out.json")
    written = json.loads((tmp_path / "out.json").read_text())
    assert sum(s["recordType"] == "relationship" for s in written) == 10  # as many as fermcat.json has
    with kingmaker.open(tmp_path / "b.duckdb") as km:
        km.load(tmp_path / "out.json")
        for day, expected in FERMCAT.items():
            assert owners(km, "Fermcat Ltd", day) == expected, day


def test_timeline_and_ubo_report_gaps_from_real_psc_lines(shared_dir, tmp_path):
    psc = corpus(shared_dir, "psc")
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["load", "--db", db, str(psc / "psc-data-1.json"), str(psc / "psc-data-11.json")]).exit_code == 0
    with kingmaker.open(db) as km:
        assert [(str(g.start), g.end, bool(g.stated)) for g in km.gaps("10308742")] == [("2018-02-27", None, False)]
        (gap,) = km.gaps("08209948")
        assert (gap.start, gap.end, len(gap.stated)) == (date(2016, 9, 11), date(2021, 12, 13), 1)
        assert [t.date for t in km.timeline("08209948") if t.what == "gap"] == [date(2016, 9, 11)]
    inside = runner.invoke(app, ["ubo", "--db", db, "08209948", "--as-of", "2018-01-01"])
    assert inside.exit_code == 0 and "no registered owner or controller from 2016-09-11 until 2021-12-13" in inside.output
    assert "states that there is none" in inside.output
    after = runner.invoke(app, ["ubo", "--db", db, "08209948", "--as-of", "2022-01-01", "--json"])
    assert json.loads(after.output)["gap"] is None
    ceased = runner.invoke(app, ["ubo", "--db", db, "10308742", "--as-of", "2019-01-01", "--json"])
    assert json.loads(ceased.output)["gap"] == {"start": "2018-02-27", "end": None, "stated_by": [],
                                                "ended": json.loads(ceased.output)["gap"]["ended"], "started": []}
    listed = runner.invoke(app, ["timeline", "--db", db, "10308742"])
    assert "no registered owner or controller since 2018-02-27" in listed.output


def test_fermcat_timeline_has_no_gap_and_does_not_repeat_confirmed_holdings(shared_dir, tmp_path):
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(corpus(shared_dir, "bods-examples") / "fermcat.json")
        lines = [(str(t.date), t.what, t.text) for t in km.timeline("Fermcat Ltd")]
    assert not [x for x in lines if x[1] == "gap"]
    # the 2020-09-11 confirmation changes nothing: Riyadh's holding starts once and ends once (2021-04-03)
    riyadh = [x[:2] for x in lines if x[2].startswith("Riyadh") and "shareholding" in x[2]]
    assert riyadh == [("2019-09-11", "starts"), ("2021-04-03", "ends")]


def test_bods_03_replaced_statements_hold_until_their_replacement(tmp_path):
    data = Path(__file__).resolve().parents[2] / "data" / "bods-03"
    first = json.loads((data / "1-single-direct.json").read_text())
    update = [s for s in json.loads((data / "2-single-update.json").read_text())
              if s["statementType"] == "ownershipOrControlStatement"]  # its entity and person: as in the first
    path = tmp_path / "chrinon.json"
    path.write_text(json.dumps(first + update))
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(path)
        assert owners(km, "CHRINON LTD", "2017-12-01") == {"Christopher Taggart": "100 %"}
        assert owners(km, "CHRINON LTD", "2018-06-01") == {"Christopher Taggart": "50 %"}
        later = km.ubo("CHRINON LTD", "2018-06-01")
        assert [o.unspecified_reason for o in later.unspecified] == ["interestedPartyHasNotProvidedInformation"]


@pytest.mark.parametrize("lane", ["sql", "record by record"])
def test_export_keeps_a_superseded_statement_that_gave_no_relation(shared_dir, tmp_path, monkeypatch, lane):
    """A statement superseded before any of its interests took effect gives no relation (nothing held while
    it was current) but is part of the record's history: export writes it back, word for word. Material:
    fermcat.json with its first statement of Riyadh's record (rel-b05e7c91e0a04e4f, 2019-09-11) announcing the
    interests from 2020-10-01, after the 2020-09-11 statement took over (as a register's announced change
    that the next statement corrected). Was: the statement was lost on export. Both BODS lanes."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1" if lane == "sql" else "0")
    statements = json.loads((corpus(shared_dir, "bods-examples") / "fermcat.json").read_text())
    first = next(s for s in statements if s["recordId"] == "rel-b05e7c91e0a04e4f")
    for it in first["recordDetails"]["interests"]:
        it["startDate"] = "2020-10-01"
    path = tmp_path / "fermcat-announced.json"
    path.write_text(json.dumps(statements))
    with kingmaker.open(tmp_path / "a.duckdb") as km:
        assert km.load(path).readers["bods:fermcat-announced"] == lane
        assert not [r for r in km.store.relations() if first["statementId"] in str(r.evidence)]
        before = {day: owners(km, "Fermcat Ltd", day) for day in FERMCAT}
        export(km.store, "bods", tmp_path / "out.json")
        export(km.store, "bods", tmp_path / "today.json", as_of=date(2022, 6, 1))
    written = json.loads((tmp_path / "out.json").read_text())
    assert [s for s in written if s["statementId"] == first["statementId"]] == [first]
    assert sum(s["recordType"] == "relationship" for s in written) == 10  # as many as the file has
    on_a_date = json.loads((tmp_path / "today.json").read_text())  # one date: only what holds on it
    assert first["statementId"] not in {s["statementId"] for s in on_a_date}
    with kingmaker.open(tmp_path / "b.duckdb") as km:
        km.load(tmp_path / "out.json")
        assert {day: owners(km, "Fermcat Ltd", day) for day in FERMCAT} == before
        assert before["2020-06-01"] == {"Patrick O'Donohue": "50 %"}  # Riyadh's interests not yet in effect


def _fermcat_in_two_files(shared_dir, tmp_path, year: str = "2021") -> tuple[Path, Path]:
    """fermcat.json as a register publishes it over time: the statements before ``year`` in one file (2021: the
    2019 ones and their 2020 confirmation), the later updates (Riyadh's record closed, Declan's opened and
    closed, Patrick's 100 %) in a second; 2020 cuts between a statement and its confirmation."""
    statements = json.loads((corpus(shared_dir, "bods-examples") / "fermcat.json").read_text())
    cut = next(i for i, s in enumerate(statements) if s["statementDate"] >= year)
    first, second = tmp_path / "fermcat-early.json", tmp_path / "fermcat-late.json"
    first.write_text(json.dumps(statements[:cut]))
    second.write_text(json.dumps(statements[cut:]))
    return first, second


@pytest.mark.parametrize("lane", ["sql", "record by record"])
@pytest.mark.parametrize("order", ["older first", "newer first", "one load"])
@pytest.mark.parametrize("year", ["2020", "2021"])
def test_a_record_series_spread_over_two_files_is_one_series(shared_dir, tmp_path, monkeypatch, lane, order, year):
    """Was: each file's last statement of a record held on for ever, so after loading the update file the
    2019 holdings still held beside the 2021 ones ("add up to 200 %", answers widened). Now the statements of
    one record are one series whatever file brought them: the same answers as fermcat.json in one file, no
    warning, and each statement's evidence kept."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1" if lane == "sql" else "0")
    first, second = _fermcat_in_two_files(shared_dir, tmp_path, year)
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        if order == "one load":
            reports = [km.load(first, second)]
        else:
            reports = [km.load(p) for p in ((first, second) if order == "older first" else (second, first))]
        assert {lane} == {x for r in reports for x in r.readers.values()}
        assert [w for r in reports for w in r.warnings if "add up to" in str(w)] == []
        for day, expected in FERMCAT.items():
            assert owners(km, "Fermcat Ltd", day) == expected, day
        cited = {e for r in km.store.relations() for e in r.evidence}
        statements = json.loads(first.read_text()) + json.loads(second.read_text())
        rel_statements = [s["statementId"] for s in statements if s["recordType"] == "relationship"]
        kept = {e.reference for e in km.store.evidence(cited)}
        assert set(rel_statements) <= kept  # every statement of every record is evidence of what it said


@pytest.mark.parametrize("lane", ["sql", "record by record"])
def test_an_unchanged_confirmation_extends_the_holding_it_confirms(shared_dir, tmp_path, monkeypatch, lane):
    """fermcat.json's 2020-09-11 statements are the yearly confirmation ("no changes") of the 2019 ones: Riyadh's
    50 % was three relations (2019, 2020 and the piece its closing statement cut), now one from 2019-09-11 to
    2021-04-03 citing all three statements; Patrick's board seat, restated in four statements, one relation
    from 2019-09-11 with no end. Answers and export as before (the tests above)."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1" if lane == "sql" else "0")
    statements = json.loads((corpus(shared_dir, "bods-examples") / "fermcat.json").read_text())
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(corpus(shared_dir, "bods-examples") / "fermcat.json")
        names = {a.id: a.name for a in km.store.actors()}
        held = [(names[r.holder], r.kind.value, str(r.share or ""), str(r.valid_from), str(r.valid_to), r.evidence)
                for r in km.store.relations()]
    said = {s["statementId"]: s for s in statements}
    riyadh = [h for h in held if h[0] == "Riyadh Byrne-Amin" and h[1] == "shareholding"]
    assert [h[2:5] for h in riyadh] == [("50%", "2019-09-11", "2021-04-03")]
    assert [e.rsplit(":", 1)[1] for e in riyadh[0][5]] == [
        s["statementId"] for s in statements if s["recordId"] == "rel-b05e7c91e0a04e4f"]
    seat = [h for h in held if h[0] == "Patrick O'Donohue" and h[1] == "board_seat"]
    assert [h[3:5] for h in seat] == [("2019-09-11", "None")] and len(seat[0][5]) == 4
    assert all(e.rsplit(":", 1)[1] in said for h in held for e in h[5])
    assert len(held) == 6
