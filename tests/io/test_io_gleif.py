"""GLEIF Level 1, Level 2 relationships and reporting exceptions: the real records shipped in
../shared/corpora/gleif (XML), and the same facts in golden-copy CSV layout."""
from __future__ import annotations

import csv

import pytest

import kingmaker
from io_support import corpus
from kingmaker.errors import InvalidInput
from kingmaker.io import gleif
from kingmaker.io.registry import format_for
from kingmaker.model import ActorKind, RelationKind, UnspecifiedReason

RR_COLUMNS = ["Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType", "Relationship.EndNode.NodeID",
              "Relationship.EndNode.NodeIDType", "Relationship.RelationshipType", "Relationship.RelationshipStatus",
              "Relationship.Period.1.startDate", "Relationship.Period.1.endDate", "Relationship.Period.1.periodType",
              "Relationship.Period.2.startDate", "Relationship.Period.2.endDate", "Relationship.Period.2.periodType",
              "Relationship.Qualifiers.1.QualifierDimension", "Relationship.Qualifiers.1.QualifierCategory",
              "Relationship.Quantifiers.1.MeasurementMethod", "Relationship.Quantifiers.1.QuantifierAmount",
              "Relationship.Quantifiers.1.QuantifierUnits", "Registration.RegistrationStatus"]


def load_all(shared_dir, tmp_path):
    folder = corpus(shared_dir, "gleif")
    km = kingmaker.open(tmp_path / "g.duckdb")
    report = km.load(folder / "lei-data.xml", folder / "rr-data.xml", folder / "repex-data.xml")
    return km, report


def test_files_are_detected(shared_dir):
    folder = corpus(shared_dir, "gleif")
    for name in ("lei-data.xml", "rr-data.xml", "repex-data.xml"):
        assert format_for(folder / name).name == "gleif"


def test_level1_records(shared_dir, tmp_path):
    km, _ = load_all(shared_dir, tmp_path)
    with km:
        fund = km.store.actor("lei:001gpb6a9xpe8xjicc14")
        assert fund.kind is ActorKind.fund and fund.name == "Fidelity Advisor Leveraged Company Stock Fund"
        assert fund.identifiers["LEI"] == "001GPB6A9XPE8XJICC14" and fund.jurisdiction == "US-MA"
        assert fund.identifiers["RA000665"] == "S000005113"
        assert any(n.type == "previous_legal_name" for n in fund.names)
        assert len([a for a in km.store.actors() if "LEI" in a.identifiers and not
                    (a.extra.get("gleif") or {}).get("placeholder")]) == 13


def test_level2_consolidation_and_periods(shared_dir, tmp_path):
    km, _ = load_all(shared_dir, tmp_path)
    with km:
        rels = km.store.relations(actor="lei:010cmkz3von21wf2zd45", kinds=["consolidation"])
        by_level = {r.level: r for r in rels}
        direct, ultimate = by_level["direct"], by_level["ultimate"]
        assert direct.holder == "lei:zzg38t0mdr3qy1etua76" and direct.subject == "lei:010cmkz3von21wf2zd45"
        assert str(direct.valid_from) == "2018-02-06"  # the RELATIONSHIP_PERIOD, not the ACCOUNTING_PERIOD
        assert direct.direct is True and ultimate.direct is False
        assert ultimate.accounting_standard == "US_GAAP" and ultimate.interest_type == "IS_ULTIMATELY_CONSOLIDATED_BY"
        managed = km.store.relations(actor="lei:001gpb6a9xpe8xjicc14", kinds=["other_influence"])
        assert {r.interest_type for r in managed} == {"IS_FUND-MANAGED_BY", "IS_SUBFUND_OF"}


def test_reporting_exceptions_are_unknown_parties_with_reasons(shared_dir, tmp_path):
    km, _ = load_all(shared_dir, tmp_path)
    with km:
        unknown = {a.id: a for a in km.store.actors("unknown")}
        assert len(unknown) == 10
        a = unknown["lei:001gpb6a9xpe8xjicc14:direct-parent"]
        assert a.unspecified_reason is UnspecifiedReason.noBeneficialOwners
        assert "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT: NO_KNOWN_PERSON" in a.unspecified_description
        reasons = {x.unspecified_description.rsplit(": ", 1)[-1] for x in unknown.values()}
        assert reasons == {"NO_KNOWN_PERSON", "NON_CONSOLIDATING", "NON_PUBLIC"}
        (rel,) = km.store.relations(actor=a.id)
        assert rel.kind is RelationKind.consolidation and rel.subject == "lei:001gpb6a9xpe8xjicc14"


def test_golden_copy_csv_gives_the_same_facts_and_reads_quantifiers(shared_dir, tmp_path):
    p = tmp_path / "rr-golden-copy.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(RR_COLUMNS)
        w.writerow(["010CMKZ3VON21WF2ZD45", "LEI", "ZZG38T0MDR3QY1ETUA76", "LEI", "IS_DIRECTLY_CONSOLIDATED_BY",
                    "ACTIVE", "2018-01-01T00:00:00.000Z", "2018-12-31T00:00:00.000Z", "ACCOUNTING_PERIOD",
                    "2018-02-06T00:00:00.000Z", "", "RELATIONSHIP_PERIOD", "ACCOUNTING_STANDARD", "US_GAAP",
                    "ACCOUNTING_CONSOLIDATION", "100", "PERCENTAGE", "LAPSED"])
    assert format_for(p).name == "gleif"
    (rel,) = gleif.read(p, set()).case.relations
    assert rel.kind is RelationKind.consolidation and rel.level == "direct" and str(rel.valid_from) == "2018-02-06"
    assert str(rel.share) == "100%" and rel.holder == "lei:zzg38t0mdr3qy1etua76"
    bad = tmp_path / "rr-bad.csv"
    bad.write_text(p.read_text().replace('"100"', '"130"'), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        gleif.read(bad, set())
    assert any(x.field == "Relationship.Quantifiers.1.QuantifierAmount" and x.line == 2 for x in exc.value.problems)


def test_truncated_xml_is_rejected(shared_dir, tmp_path):
    src = corpus(shared_dir, "gleif", "rr-data.xml").read_text(encoding="utf-8")
    p = tmp_path / "rr-cut.xml"
    p.write_text(src[: len(src) // 2], encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        gleif.read(p, set())
    assert "broken XML" in str(exc.value) and exc.value.problems[0].line
