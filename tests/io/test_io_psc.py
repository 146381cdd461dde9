"""UK PSC snapshot and company data: the register's bands ((25, 50] etc.), every nature-of-control code,
statements, super-secure PSCs, ceased PSCs — against real Companies House lines in ../shared."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import kingmaker
from io_support import corpus
from kingmaker.errors import InvalidInput
from kingmaker.io import psc
from kingmaker.io.registry import format_for
from kingmaker.model import ActorKind, RelationKind, UnspecifiedReason
from kingmaker.model.relation import SHARE_KINDS

CODES = (Path(psc.__file__).parents[1] / "data" / "psc" / "natures_of_control.txt").read_text().split()


def test_the_shipped_code_list_is_complete_and_every_code_maps():
    assert len(CODES) == 72
    for code in CODES:
        got = psc.nature_of_control(code)
        assert got is not None, code
        kind, _, band, _ = got
        assert (band is not None) == (kind in SHARE_KINDS and kind is not RelationKind.other_influence), code
        if band is not None:
            assert not band.lower_inclusive and band.upper_inclusive, code
    assert psc.nature_of_control("ownership-of-shares-99-to-100-percent") is None


@pytest.mark.parametrize("code,lo,hi", [
    ("ownership-of-shares-25-to-50-percent", 25, 50), ("voting-rights-50-to-75-percent", 50, 75),
    ("ownership-of-shares-75-to-100-percent-as-trust", 75, 100),
    ("ownership-of-shares-more-than-25-percent-registered-overseas-entity", 25, 100),
    ("right-to-share-surplus-assets-25-to-50-percent-limited-liability-partnership", 25, 50),
])
def test_bands_are_exclusive_min_inclusive_max(code, lo, hi):
    _, _, band, _ = psc.nature_of_control(code)
    assert not band.contains(lo) and band.contains(lo + 0.001) and band.contains(hi) and not band.contains(hi + 0.001)


def load_corpus(shared_dir, tmp_path):
    folder = corpus(shared_dir, "psc")
    files = sorted(folder.glob("psc-data-*.json")) + [folder / "company-data-1.json"]
    km = kingmaker.open(tmp_path / "p.duckdb")
    report = km.load(*files)
    return km, report


def test_real_lines_load_with_the_right_bands(shared_dir, tmp_path):
    km, report = load_corpus(shared_dir, tmp_path)
    with km:
        assert not [w for w in report.warnings if "unknown nature" in w.message]
        rels = km.store.relations()
        codes_seen = {r.interest_type for r in rels}
        assert "ownership-of-shares-25-to-50-percent" in codes_seen
        for r in rels:
            got = psc.nature_of_control(r.interest_type)
            if got is not None:
                assert r.kind is got[0]
        quarter = [r for r in rels if r.interest_type == "ownership-of-shares-25-to-50-percent"]
        assert quarter and all(str(r.share) == "(25%, 50%]" for r in quarter)
        company = km.store.actor("gb-coh:08209948")
        assert company.name == "! LTD" and company.identifiers == {"GB-COH": "08209948"}
        feld = next(a for a in km.store.actors("person") if a.name == "Mr Marc Anthony Feldman")
        (own,) = km.store.relations(actor=feld.id)
        assert own.subject == "gb-coh:08209948" and str(own.share) == "(75%, 100%]" and own.beneficial is True
        assert str(own.valid_from) == "2021-12-13"


def test_statements_super_secure_and_ceased(shared_dir, tmp_path):
    km, _ = load_corpus(shared_dir, tmp_path)
    with km:
        unknown = {a.unspecified_description: a for a in km.store.actors("unknown")}
        st = unknown["no-individual-or-entity-with-signficant-control"]  # the register's spelling, kept
        assert st.unspecified_reason is UnspecifiedReason.noBeneficialOwners
        (rel,) = km.store.relations(actor=st.id)
        assert rel.subject == "gb-coh:08209948" and str(rel.valid_to) == "2021-12-13"  # ceased_on closes it
        secure = unknown["super-secure-persons-with-significant-control"]
        assert secure.unspecified_reason is UnspecifiedReason.interestedPartyExemptFromDisclosure
        assert km.store.actor("gb-coh:07102351") is not None
        gov = next(a for a in km.store.actors("state_body") if a.name == "State Administration Of Foreign Exchange")
        assert gov.kind is ActorKind.state_body
        ceased = [r for r in km.store.relations() if r.valid_to is not None]
        assert ceased and not km.snapshot(date(2024, 1, 1)).relations.__contains__(ceased[0])


def test_uk_corporate_psc_links_to_its_company_number(shared_dir, tmp_path):
    km, _ = load_corpus(shared_dir, tmp_path)
    with km:
        holders = {r.holder for r in km.store.relations()}
        assert "gb-coh:03530981" in holders  # registered at Companies House → a chain can link up


def test_basic_company_data_csv(shared_dir, tmp_path):
    raw = corpus(shared_dir, "psc", "basic-company-data-1.csv").read_text(encoding="utf-8")
    # the fixture is hard-wrapped at 118 characters; the real CSV is not
    lines = raw.split("\n")
    unwrapped = "".join(line if len(line) == 118 else line + "\n" for line in lines)
    p = tmp_path / "BasicCompanyData.csv"
    p.write_text(unwrapped, encoding="utf-8")
    assert format_for(p).name == "psc"
    actors = psc.read(p, set()).case.actors
    assert [(a.id, a.name) for a in actors] == [("gb-coh:08209948", "! LTD")]
    with pytest.raises(InvalidInput) as exc:  # the wrapped original: a clear error, no traceback
        psc.read(corpus(shared_dir, "psc", "basic-company-data-1.csv"), set())
    assert any(x.field == "CompanyNumber" and x.severity == "error" for x in exc.value.problems)


def test_bad_lines_name_line_and_field(tmp_path):
    p = tmp_path / "psc.jsonl"
    lines = [
        {"company_number": "01234567", "data": {"kind": "individual-person-with-significant-control", "name": "A",
                                                "links": {"self": "/company/01234567/psc/individual/x1"},
                                                "natures_of_control": ["voting-rights-25-to-50-percent"],
                                                "notified_on": "2020-01-01", "ceased_on": "2019-01-01"}},
    ]
    p.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        psc.read(p, set())
    (problem,) = exc.value.problems
    assert problem.field == "ceased_on" and problem.line == 1 and "before" in problem.message


API_LISTS = Path(__file__).parents[1] / "data" / "psc-api"


def test_a_saved_api_list_loads_as_it_came():
    """A real ``GET /company/04053514/persons-with-significant-control`` response (tests/data/psc-api): every
    item, ceased ones included, becomes relations of the company its links.self names."""
    path = API_LISTS / "04053514-persons-with-significant-control.json"
    assert format_for(path).name == "psc"
    result = psc.read(path, set())
    assert not result.warnings
    rels = result.case.relations
    assert {r.subject for r in rels} == {"gb-coh:04053514"}
    assert sorted(r.interest_type for r in rels) == [
        "ownership-of-shares-75-to-100-percent", "right-to-appoint-and-remove-directors",
        *["significant-influence-or-control"] * 4, "voting-rights-75-to-100-percent"]
    assert sum(1 for r in rels if r.valid_to == date(2016, 4, 6)) == 4  # the four ceased entries


def test_a_partial_api_page_is_read_with_a_warning(tmp_path):
    body = json.loads((API_LISTS / "04053514-persons-with-significant-control.json").read_text(encoding="utf-8"))
    body["items"], body["items_per_page"] = body["items"][:2], 2  # page 1 of 3, as the API pages a list
    page = tmp_path / "page1.json"
    page.write_text(json.dumps(body), encoding="utf-8")
    result = psc.read(page, set())
    (warning,) = result.warnings
    assert warning.field == "total_results" and "1–2 of 5" in warning.message and "04053514" in warning.message
    assert len(result.case.relations) == 2


@pytest.mark.parametrize("links, field", [({}, "links.self"), ({"self": "/company/04053514/officers"}, "links.self")])
def test_an_api_list_without_its_company_is_refused_naming_the_field(tmp_path, links, field):
    body = json.loads((API_LISTS / "03977902-persons-with-significant-control.json").read_text(encoding="utf-8"))
    body["links"] = links
    p = tmp_path / "list.json"
    p.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        psc.read(p, set())
    (problem,) = exc.value.problems
    assert problem.field == field and "links.self" in problem.message


@pytest.mark.parametrize("field, value", [("notified_on", 20160406), ("ceased_on", ["2020-01-01"]),
                                          ("ceased_on", "2020-02-30")])
def test_a_date_of_the_wrong_type_is_refused_naming_its_field(tmp_path, field, value):
    """A number or a list where the register writes a date was read as no date — a ceased PSC held for ever —
    and a bad ceased_on was blamed on notified_on (review, session 5)."""
    body = json.loads((API_LISTS / "03977902-persons-with-significant-control.json").read_text(encoding="utf-8"))
    body["items"][0][field] = value
    p = tmp_path / "list.json"
    p.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        psc.read(p, set())
    (problem,) = exc.value.problems
    assert problem.field == field and problem.line == 1 and "persons-with-significant-control/corporate-entity" in \
        problem.record, problem


@pytest.mark.parametrize("first, total, field", [(True, True, "start_index"), (0, -3, "total_results"),
                                                 ("0", 1, "start_index"), (0, 1.5, "total_results")])
def test_page_counts_that_are_not_counts_are_said(tmp_path, first, total, field):
    """``start_index``/``total_results`` that are not whole numbers >= 0 (``true`` read as 1, -3, a string)
    cannot tell whether the page holds the whole list: a warning naming the field, the items still read."""
    body = json.loads((API_LISTS / "03977902-persons-with-significant-control.json").read_text(encoding="utf-8"))
    body["start_index"], body["total_results"] = first, total
    p = tmp_path / "list.json"
    p.write_text(json.dumps(body), encoding="utf-8")
    result = psc.read(p, set())
    (warning,) = result.warnings
    assert warning.field == field and "not a count" in warning.message and "03977902" in warning.message
    assert len(result.case.relations) == 3


def test_an_api_list_saved_as_utf16_is_named_so(tmp_path):
    """A list saved as Windows 'Unicode' (UTF-16 with a byte-order mark) and read with ``--format psc``
    (detection, which names UTF-16, skipped) was 'not valid UTF-8' with a hint to convert from latin1 — which
    would garble it (review, session 5)."""
    text = (API_LISTS / "03977902-persons-with-significant-control.json").read_text(encoding="utf-8")
    p = tmp_path / "list.json"
    p.write_bytes(text.encode("utf-16"))
    with pytest.raises(InvalidInput) as exc:
        psc.read(p, set())
    (problem,) = exc.value.problems
    assert "UTF-16" in problem.message and problem.line == 1 and "latin1" not in (problem.hint or ""), problem
