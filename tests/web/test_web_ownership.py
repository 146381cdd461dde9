"""The explorer's ownership panel in a real browser (headless Chromium via Playwright): senior managing
officials where no natural person owns or controls the company (the flagship case: OpenAI Global, LLC in
November 2023), and a company's accounting consolidation parents and GLEIF reporting exceptions (the real
GLEIF records in ../shared/corpora/gleif, where present)."""
from __future__ import annotations

import pytest

from conftest import SHARED
from kingmaker.data import FLAGSHIP_CASE
from web_support import guarded_page, live_server, shot

GLEIF = SHARED / "corpora" / "gleif"
GLEIF_FILES = [GLEIF / n for n in ("lei-data.xml", "rr-data.xml", "repex-data.xml")] if GLEIF.is_dir() else []


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from live_server(tmp_path_factory, "web-ownership", "web-token", FLAGSHIP_CASE, *GLEIF_FILES)


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
    shot(page, "explorer-accounting-parents")
    text = open_actor(page, server, "lei:004l5fptureiwk9t2n63", "2023-06-01")
    assert "Direct parent: not reported — NON_CONSOLIDATING" in text
