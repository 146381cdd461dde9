"""The explorer's ownership panel in a real browser (headless Chromium via Playwright): senior managing
officials where no natural person owns or controls the company (the flagship case: OpenAI Global, LLC in
November 2023), and a company's accounting consolidation parents and GLEIF reporting exceptions (the real
GLEIF records in ../shared/corpora/gleif, where present); the gap line where no owner or controller is registered
on the date (real Companies House PSC lines in ../shared/corpora/psc: company 08209948's register stated that
there was none from 2016-09-11 until 2021-12-13; company 10308742's only PSC ceased on 2018-02-27)."""
from __future__ import annotations

import pytest

from conftest import SHARED
from kingmaker.data import FLAGSHIP_CASE
from web_support import guarded_page, live_server, shot

GLEIF = SHARED / "corpora" / "gleif"
GLEIF_FILES = [GLEIF / n for n in ("lei-data.xml", "rr-data.xml", "repex-data.xml")] if GLEIF.is_dir() else []
PSC = SHARED / "corpora" / "psc"
PSC_FILES = [PSC / "psc-data-1.json", PSC / "psc-data-11.json"] if PSC.is_dir() else []


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from live_server(tmp_path_factory, "web-ownership", "web-token", FLAGSHIP_CASE, *GLEIF_FILES, *PSC_FILES)


@pytest.fixture
def page(browser, server):
    yield from guarded_page(browser, server)


def open_actor(page, server, actor: str, day: str) -> str:
    page.goto(f"{server.url}/#{actor}@{day}")
    page.wait_for_selector(f"body[data-graph-date='{day}'][data-busy='false']")
    return page.text_content("#ownership-panel")


def test_senior_managing_officials_are_shown_where_no_natural_person_owns(page, server):
    text = open_actor(page, server, "openai-global-llc", "2023-11-16")
    assert "Senior managing officials" in text
    officials = page.locator("#ownership-panel ul.officials li")
    assert "sam-altman" in [officials.nth(i).get_attribute("data-actor") for i in range(officials.count())]
    assert "Sam Altman — CEO" in text
    shot(page, "explorer-officials")


@pytest.mark.skipif(not GLEIF_FILES, reason="../shared/corpora/gleif is not present")
def test_accounting_parents_and_reporting_exceptions_are_shown(page, server):
    text = open_actor(page, server, "lei:010cmkz3von21wf2zd45", "2023-06-01")
    assert "Accounting consolidation parents" in text
    levels = page.locator("#ownership-panel ul.accounting-parents li")
    assert sorted(levels.nth(i).get_attribute("data-level") for i in range(levels.count())) == ["direct", "ultimate"]
    assert "lei:zzg38t0mdr3qy1etua76" in text and "lei:3c7474t6cdkpr9k6yt90" in text
    # both relationship records lapsed in GLEIF (rr-data.xml: RegistrationStatus LAPSED): said beside each parent
    assert [levels.nth(i).text_content().endswith("relationship record LAPSED") for i in range(levels.count())] == [True, True]
    shot(page, "explorer-accounting-parents")
    text = open_actor(page, server, "lei:004l5fptureiwk9t2n63", "2023-06-01")
    assert "Direct parent: not reported — NON_CONSOLIDATING" in text
    assert "LEI 004L5FPTUREIWK9T2N63 of Hutchin Hill Capital, LP: registration LAPSED in GLEIF" in text  # lei-data.xml


@pytest.mark.skipif(not GLEIF_FILES or not PSC_FILES, reason="../shared/corpora is not present")
def test_an_identifier_or_a_name_in_any_case_opens_the_actor(page, server):
    """The explorer follows the API's one resolver (issue 13): an LEI as printed, a bare company number or a
    name opens the actor, and the address then carries its id."""
    for said, actor_id, name in (("010CMKZ3VON21WF2ZD45", "lei:010cmkz3von21wf2zd45", "LEI 010CMKZ3VON21WF2ZD45"),
                                 ("08209948", "gb-coh:08209948", "company 08209948"),
                                 ("Dentsu International Limited", "lei:213800ferq5le3h7wj58",
                                  "DENTSU INTERNATIONAL LIMITED")):
        open_actor(page, server, said, "2023-06-01")
        assert page.text_content("#actor-name") == name
        assert actor_id in page.text_content("#actor-meta")
        assert page.evaluate("decodeURIComponent(window.location.hash)") == f"#{actor_id}@2023-06-01"
    assert "Accounting consolidation parents" in open_actor(page, server, "010cmkz3von21wf2zd45", "2023-06-01")


@pytest.mark.skipif(not PSC_FILES, reason="../shared/corpora/psc is not present")
def test_gap_line_where_no_owner_or_controller_is_registered(page, server):
    open_actor(page, server, "gb-coh:08209948", "2018-01-01")
    assert "Gap: no registered owner or controller from 11 Sep 2016 until 13 Dec 2021 (the register states that " \
           "there is none)" in page.text_content("#ownership-panel p.gap")
    page.select_option("#lang", "de")
    page.wait_for_selector("body[data-busy='false'] #ownership-panel p.gap:has-text('Lücke')")
    assert "kein eingetragener Eigentümer oder Kontrollinhaber vom 11. Sept. 2016 bis 13. Dez. 2021 (laut Register " \
           "gibt es keinen)" in page.text_content("#ownership-panel p.gap")
    shot(page, "explorer-gap-de")
    page.select_option("#lang", "en")
    assert page.locator("#ownership-panel p.gap").count() == 1
    open_actor(page, server, "gb-coh:10308742", "2019-01-01")
    page.wait_for_selector("#ownership-panel p.gap:has-text('since 27 Feb 2018')")
    open_actor(page, server, "gb-coh:08209948", "2022-01-01")
    assert page.locator("#ownership-panel p.gap").count() == 0
