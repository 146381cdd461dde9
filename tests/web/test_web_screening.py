"""The explorer marks designated and caught entities and shows a corporate family (issue 16), in a real
headless Chromium, on the sanctioned test group (OFAC FAQ 401 Example 2 plus a banded holding)."""
from __future__ import annotations

import pytest

from web_support import browser_or_skip, live_server, offsite_guard, shot

from conftest import ROOT  # noqa: E402

CASE = ROOT / "tests" / "data" / "screening" / "sanctioned-group.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from live_server(tmp_path_factory, "web-screen", "web-token", CASE)


@pytest.fixture(scope="module")
def page(server):
    pw, browser = browser_or_skip()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    offsite, errors = [], []
    offsite_guard(page, server.url, offsite)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    browser.close()
    pw.stop()
    assert not offsite and not errors, (offsite, errors)


def classes(page) -> dict[str, str]:
    return page.evaluate("(() => Object.fromEntries(window.kingmaker.cy.nodes().map((n) => [n.id(), n.classes().join(' ')])))()")


def test_designated_and_caught_entities_are_marked_and_the_family_shown(page, server):
    page.goto(server.url + "/")
    page.fill("#search", "Entity C")
    page.click("#search-button")
    page.click("#results button[data-actor='c']")
    page.wait_for_selector("body[data-graph-date][data-busy='false']")
    page.fill("#date-input", "2024-01-01")
    page.dispatch_event("#date-input", "change")
    page.wait_for_selector("body[data-graph-date='2024-01-01'][data-busy='false']")
    page.wait_for_selector("#screening-panel .status-certainly")
    marks = classes(page)
    assert "designated" in marks["x"].split() and "caught" in marks["a"].split() and "caught" in marks["c"].split()
    assert "Blocked Person X" in page.inner_text("#screening-panel") or "x [ofac-sdn]" in page.inner_text("#screening-panel")
    page.fill("#search", "Entity D")
    page.click("#search-button")
    page.click("#results button[data-actor='d']")
    page.wait_for_selector("#screening-panel .status-possibly")
    assert "exact size of y's shareholding in d" in page.inner_text("#screening-panel")
    assert "possibly-caught" in classes(page)["d"].split()
    shot(page, "screening-possibly-caught")
    page.fill("#search", "Blocked Person X")
    page.click("#search-button")
    page.click("#results button[data-actor='x']")
    page.wait_for_selector("#screening-panel .status-certainly")
    page.click("#show-family")
    page.wait_for_selector("#family-panel table")
    marks = classes(page)
    assert all("family" in marks[m].split() for m in ("x", "a", "b") if m in marks)
    assert "Joint Venture" in page.inner_text("#family-panel")  # held 50/50: in the family at 50 % or more
    shot(page, "screening-family")
