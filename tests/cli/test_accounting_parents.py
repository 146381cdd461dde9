"""GLEIF Level 2 accounting consolidation parents in ``kingmaker owners`` and ``ubo``: the real relationship
records and reporting exceptions shipped in ../shared/corpora/gleif. The expected parents are read from
the XML here with the standard library (an oracle apart from the reader): every ``IS_DIRECTLY_`` /
``IS_ULTIMATELY_CONSOLIDATED_BY`` record names the child's parent at that level from its
``RELATIONSHIP_PERIOD`` start, and every reporting exception names its category's level and reason."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

import kingmaker
from io_support import corpus
from kingmaker.cli import app

runner = CliRunner()
RR = "{http://www.gleif.org/data/schema/rr/2016}"
REPEX = "{http://www.gleif.org/data/schema/repex/2016}"
LEVEL = {"IS_DIRECTLY_CONSOLIDATED_BY": "direct", "IS_ULTIMATELY_CONSOLIDATED_BY": "ultimate"}


def stated_parents(folder) -> dict[str, dict[str, list[tuple[str, date]]]]:
    """child LEI -> level -> [(parent LEI, relationship start)] from the RR-CDF file."""
    out: dict = {}
    for rec in ET.parse(folder / "rr-data.xml").getroot().iter(f"{RR}Relationship"):
        level = LEVEL.get(rec.findtext(f"{RR}RelationshipType"))
        if level is None:
            continue
        start = [p.findtext(f"{RR}StartDate") for p in rec.iter(f"{RR}RelationshipPeriod")
                 if p.findtext(f"{RR}PeriodType") == "RELATIONSHIP_PERIOD"][-1]
        child = rec.find(f"{RR}StartNode").findtext(f"{RR}NodeID")
        parent = rec.find(f"{RR}EndNode").findtext(f"{RR}NodeID")
        out.setdefault(child, {}).setdefault(level, []).append((parent, date.fromisoformat(start[:10])))
    return out


def stated_exceptions(folder) -> dict[str, dict[str, list[str]]]:
    """LEI -> level -> the ExceptionReason codes, from the RepEx file."""
    out: dict = {}
    for rec in ET.parse(folder / "repex-data.xml").getroot().iter(f"{REPEX}Exception"):
        level = "ultimate" if rec.findtext(f"{REPEX}ExceptionCategory").startswith("ULTIMATE") else "direct"
        out.setdefault(rec.findtext(f"{REPEX}LEI"), {})[level] = [r.text for r in rec.iter(f"{REPEX}ExceptionReason")]
    return out


@pytest.fixture
def gleif_db(shared_dir, tmp_path):
    folder = corpus(shared_dir, "gleif")
    db = tmp_path / "g.duckdb"
    with kingmaker.open(db) as km:
        km.load(folder / "lei-data.xml", folder / "rr-data.xml", folder / "repex-data.xml")
    return folder, db


def _json(*args) -> dict:
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_owners_and_ubo_give_the_stated_direct_and_ultimate_parents(gleif_db):
    folder, db = gleif_db
    stated = stated_parents(folder)
    assert stated, "the corpus has consolidation records"
    for child, levels in stated.items():
        for command in ("owners", "ubo"):
            got = _json(command, child, "--db", str(db))["accounting_parents"]
            for level, parents in levels.items():
                assert sorted(p["actor"] for p in got[level] if p["reported"]) == sorted(
                    f"lei:{lei.lower()}" for lei, _ in parents), (command, child, level)
                assert {p["since"] for p in got[level]} == {start.isoformat() for _, start in parents}
        # the day before the relationship began, no parent at that level
        first = min(start for parents in levels.values() for _, start in parents)
        before = _json("owners", child, "--db", str(db), "--as-of", (first - timedelta(days=1)).isoformat())
        assert before["accounting_parents"]["direct"] == [] and before["accounting_parents"]["ultimate"] == []


def test_reporting_exceptions_name_their_reason_instead_of_an_empty_table(gleif_db):
    folder, db = gleif_db
    exceptions = stated_exceptions(folder)
    assert {r for levels in exceptions.values() for rs in levels.values() for r in rs} >= {
        "NO_KNOWN_PERSON", "NON_CONSOLIDATING", "NON_PUBLIC"}
    for lei, levels in exceptions.items():
        got = _json("owners", lei, "--db", str(db))["accounting_parents"]
        for level, reasons in levels.items():
            (entry,) = [p for p in got[level] if not p["reported"]]
            assert entry["exception"]["reasons"] == reasons
        for command in ("owners", "ubo"):
            res = runner.invoke(app, [command, lei, "--db", str(db)])
            assert res.exit_code == 0, res.output
            text = " ".join(res.output.split())
            for level, reasons in levels.items():
                assert f"{level} accounting parent not reported — {', '.join(reasons)}" in text, (command, text)
            if command == "owners":
                assert "┏" not in res.output  # no empty owners table


def test_owners_text_names_the_parents(gleif_db):
    folder, db = gleif_db
    child, levels = next(iter(stated_parents(folder).items()))
    res = runner.invoke(app, ["owners", child, "--db", str(db)])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "No shareholder of" in text and "┏" not in res.output
    for level, parents in levels.items():
        for lei, _ in parents:
            assert f"{level} accounting parent:" in text and f"lei:{lei.lower()}" in text


def test_inactive_relationships_are_not_counted_and_a_missing_ultimate_parent_is_said():
    """A relationship GLEIF marks INACTIVE is not a current parent; with only a direct parent stated, the
    answer says the ultimate one is not stated and names what the direct parent itself states."""
    from kingmaker.analysis.structure import accounting_parents
    from kingmaker.model import Actor, Relation
    from kingmaker.model.snapshot import Snapshot

    def co(i):
        return Actor(id=i, kind="company", names=[{"name": i.upper()}])

    def cons(i, holder, subject, level, status="ACTIVE"):
        return Relation(id=i, kind="consolidation", holder=holder, subject=subject,
                        attrs={"level": level, "status": status})

    snap = Snapshot.build(date(2024, 1, 1), [co("s"), co("p"), co("old"), co("top")],
                          [cons("r1", "p", "s", "direct"), cons("r2", "old", "s", "direct", "INACTIVE"),
                           cons("r3", "top", "p", "ultimate")])
    got = accounting_parents(snap, "s")
    assert [p.actor for p in got.direct] == ["p"] and got.ultimate == []
    assert any("INACTIVE" in n and "old" in n for n in got.notes)
    assert any(n.startswith("ultimate accounting parent not stated") and "its ultimate parent TOP" in n
               for n in got.notes)


LEI = "{http://www.gleif.org/data/schema/leidata/2016}"


def stated_registration(folder) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(child LEI, level) -> the relationship record's RegistrationStatus, and LEI -> the LEI record's
    RegistrationStatus (PUBLISHED / ISSUED, LAPSED, RETIRED …), from the XML."""
    records = {}
    for rec in ET.parse(folder / "rr-data.xml").getroot().iter(f"{RR}RelationshipRecord"):
        level = LEVEL.get(rec.findtext(f"{RR}Relationship/{RR}RelationshipType"))
        if level is not None:
            child = rec.find(f"{RR}Relationship/{RR}StartNode").findtext(f"{RR}NodeID")
            records[(child, level)] = rec.findtext(f"{RR}Registration/{RR}RegistrationStatus")
    leis = {rec.findtext(f"{LEI}LEI"): rec.findtext(f"{LEI}Registration/{LEI}RegistrationStatus")
            for rec in ET.parse(folder / "lei-data.xml").getroot().iter(f"{LEI}LEIRecord")}
    return records, leis


def test_a_lapsed_gleif_registration_is_said_where_parents_and_owners_are_read(gleif_db):
    """GLEIF RegistrationStatus was dropped: a relationship record or an LEI whose registration LAPSED (not
    renewed, data possibly out of date) read like a current one. Now each parent says its relationship
    record's status, and a subject whose LEI is not ISSUED gets a note (owners, ubo, text and JSON)."""
    folder, db = gleif_db
    records, leis = stated_registration(folder)
    assert "LAPSED" in records.values() and "LAPSED" in leis.values(), "the corpus has lapsed registrations"
    for (child, level), status in records.items():
        got = _json("ubo", child, "--db", str(db))["accounting_parents"][level]
        assert [p["registration_status"] for p in got if p["reported"]] == [status], (child, level)
        if status == "LAPSED":
            text = runner.invoke(app, ["owners", child, "--db", str(db)]).output
            assert f"{level} accounting parent" in text and "relationship record LAPSED" in " ".join(text.split())
    for lei, status in leis.items():
        for command in ("owners", "ubo"):
            notes = _json(command, lei, "--db", str(db))["accounting_parents"]["notes"]
            said = [n for n in notes if "registration" in n and f"LEI {lei}" in n]
            assert bool(said) == (status != "ISSUED"), (command, lei, status, notes)
            assert all(status in n for n in said)
        if status == "LAPSED":
            assert f"LEI {lei}" in " ".join(runner.invoke(app, ["ubo", lei, "--db", str(db)]).output.split())


def test_gleif_codes_in_another_case_or_with_spaces_read_as_published():
    """' inactive', 'published ', 'issued' (a file edited by hand or written by another tool) are GLEIF's INACTIVE,
    PUBLISHED and ISSUED: an inactive tie was counted as a parent, and a current record or LEI was flagged as
    not current ('relationship record published ', "parent's LEI issued") — review, session 5."""
    from kingmaker.analysis.structure import accounting_parents
    from kingmaker.model import Actor, Relation
    from kingmaker.model.snapshot import Snapshot

    def co(i, lei_status=None):
        extra = {"gleif": {"Registration.RegistrationStatus": lei_status}} if lei_status else {}
        return Actor(id=i, kind="company", names=[{"name": i.upper()}], identifiers={"LEI": i.upper()}, extra=extra)

    def cons(i, holder, subject, level, status, registration):
        return Relation(id=i, kind="consolidation", holder=holder, subject=subject,
                        attrs={"level": level, "status": status, "registration_status": registration})

    snap = Snapshot.build(date(2024, 1, 1), [co("s", "issued "), co("p", " Issued"), co("old"), co("top", "lapsed")],
                          [cons("r1", "p", "s", "direct", "active", "published "),
                           cons("r2", "old", "s", "direct", " inactive", "PUBLISHED"),
                           cons("r3", "top", "s", "ultimate", "ACTIVE", " lapsed")])
    got = accounting_parents(snap, "s")
    assert [p.actor for p in got.direct] == ["p"] and any("INACTIVE" in n and "old" in n for n in got.notes)
    assert got.direct[0].registration_flags() == []
    assert got.ultimate[0].registration_flags() == ["relationship record LAPSED", "parent's LEI LAPSED"]
    assert not any("registration" in n for n in got.notes), got.notes  # the subject's own LEI is issued
