"""Beneficial owners over time from real Companies House PSC records (../shared/corpora/psc, snapshot of
2024-12-19): each register line's ``notified_on`` opens it and ``ceased_on`` closes it (the first day it no
longer holds), and ``kingmaker ubo --as-of`` answers from the lines valid on that day.

Expected owners per date, worked out by hand from the lines themselves:

* Company 08209948 ("! LTD", psc-data-1.json) has two lines: a PSC *statement*
  ``no-individual-or-entity-with-signficant-control`` notified 2016-09-11, ceased 2021-12-13; and
  Mr Marc Anthony Feldman, ``ownership-of-shares-75-to-100-percent``, notified 2021-12-13, not ceased.
  - 2016-06-01 (before either): nothing registered — no natural person, no unidentified party, 100 % no data.
  - 2018-01-01 and 2021-12-12 (statement in force): no natural person; one unidentified party whose reason
    is ``noBeneficialOwners`` (the statement), 100 % no data.
  - 2021-12-13 (the day Feldman is notified; the statement ends that day) and 2024-12-19: Feldman, more than
    75 % up to 100 % of the shares, beneficial owner *certainly* under UK PSC (more than 25 %); no statement.
* Company 10308742 (psc-data-11.json): Karol Kuczkowski, shares and votes 75–100 %, right to appoint and
  remove directors, significant influence or control; notified 2016-08-02, ceased 2018-02-27.
  - 2016-08-01: nothing registered yet. 2016-08-02 and 2018-02-26: Kuczkowski, certainly, on ownership,
    votes and control. 2018-02-27 (ceased, exclusive end) and later: nobody.

This is the history of two single companies, not of a company group: the corpus holds no group whose
members' registers all appear in it, and no network is reachable to assemble one (see the closing note)."""
from __future__ import annotations

import pytest

import kingmaker
from io_support import corpus

FELDMAN, KUCZKOWSKI = "Mr Marc Anthony Feldman", "Karol Kuczkowski"
EXPECTED = [  # (company, date, [(owner, ownership)], unidentified-party reasons)
    ("08209948", "2016-06-01", [], []),
    ("08209948", "2018-01-01", [], ["noBeneficialOwners"]),
    ("08209948", "2021-12-12", [], ["noBeneficialOwners"]),
    ("08209948", "2021-12-13", [(FELDMAN, "(75 %, 100 %]")], []),
    ("08209948", "2024-12-19", [(FELDMAN, "(75 %, 100 %]")], []),
    ("10308742", "2016-08-01", [], []),
    ("10308742", "2016-08-02", [(KUCZKOWSKI, "(75 %, 100 %]")], []),
    ("10308742", "2018-02-26", [(KUCZKOWSKI, "(75 %, 100 %]")], []),
    ("10308742", "2018-02-27", [], []),
    ("10308742", "2024-12-19", [], []),
]


@pytest.fixture(scope="module")
def psc_store(tmp_path_factory):
    from conftest import SHARED

    folder = SHARED / "corpora" / "psc"
    if not folder.is_dir():
        pytest.skip("../shared is not present (fresh clone); corpus tests skipped")
    db = tmp_path_factory.mktemp("psc-history") / "s.duckdb"
    with kingmaker.open(db) as km:
        km.load(folder / "psc-data-1.json", folder / "psc-data-11.json")
    return db


@pytest.mark.parametrize("company, day, owners, unidentified", EXPECTED)
def test_owners_per_date_match_the_register_lines(psc_store, company, day, owners, unidentified):
    with kingmaker.open(psc_store, read_only=True) as km:
        report = km.ubo(company, day, rule="uk-psc")
    assert [(o.name, str(o.ownership)) for o in report.beneficial_owners] == owners
    assert all(o.verdict == "certainly" for o in report.beneficial_owners)
    assert [o.unspecified_reason for o in report.unspecified] == unidentified
    assert report.no_natural_person == (not owners)


def test_the_corpus_lines_are_the_ones_the_docstring_reads(shared_dir):
    """The hand-worked dates above are the register's own: guard against a changed corpus."""
    import json

    lines = {}
    for name in ("psc-data-1.json", "psc-data-11.json"):
        for rec in json.loads(corpus(shared_dir, "psc", name).read_text(encoding="utf-8")):
            if "company_number" in rec:
                d = rec["data"]
                lines[(rec["company_number"], d.get("name") or d.get("statement"))] = (d["notified_on"],
                                                                                      d.get("ceased_on"))
    assert lines == {("08209948", "no-individual-or-entity-with-signficant-control"): ("2016-09-11", "2021-12-13"),
                     ("08209948", FELDMAN): ("2021-12-13", None),
                     ("10308742", KUCZKOWSKI): ("2016-08-02", "2018-02-27")}
