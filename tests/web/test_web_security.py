"""Security in a real browser and over real HTTP: hostile names render as text (no dialog fires),
writes without the token get 401, and the server refuses non-loopback binding unless asked."""
from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

import kingmaker
from kingmaker.api.live import LiveServer
from kingmaker.errors import UserError
from web_support import browser_or_skip, offsite_guard, shot

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
QUOTE = "<b>bold</b><img src=y onerror=alert(3)> & <svg onload=alert(4)>"
HOSTILE_CASE = f"""
case: {{id: hostile, title: "Hostile names"}}
sources:
  - {{id: src-evil, title: "{SCRIPT}", url: "javascript:alert(5)"}}
evidence:
  - {{id: ev-evil, source: src-evil, quote: "{QUOTE}", reliability: unconfirmed}}
actors:
  - {{id: evil-co, kind: company, name: "{IMG}"}}
  - {{id: evil-person, kind: person, name: "{SCRIPT}"}}
  - {{id: hidden-owner, kind: unknown, name: "Unknown <i>owner</i>", unspecified_reason: unknown}}
relations:
  - {{id: evil-holds, kind: shareholding, holder: evil-person, subject: evil-co, share: 60, evidence: [ev-evil]}}
  - {{id: hidden-holds, kind: shareholding, holder: hidden-owner, subject: evil-co, share: 40, evidence: [ev-evil]}}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    (tmp / "hostile.yaml").write_text(HOSTILE_CASE, encoding="utf-8")
    with kingmaker.open(tmp / "k.duckdb") as km:
        km.load(tmp / "hostile.yaml")
    with LiveServer(tmp / "k.duckdb", "s3cret-token") as srv:
        yield srv


def test_hostile_names_render_as_text(server):
    pw, browser = browser_or_skip()
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        dialogs, offsite = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        offsite_guard(page, server.url, offsite)
        page.goto(server.url + "/")
        page.fill("#search", "img")
        page.click("#search-button")
        button = page.locator("#results button[data-actor='evil-co']")
        assert button.text_content() == IMG
        button.click()
        page.wait_for_selector("body[data-graph-date]")
        assert page.text_content("#actor-name") == IMG
        page.click("#ties-table tr[data-relation='evil-holds']")
        page.wait_for_selector("#evidence-body .evidence-item")
        assert page.text_content("#evidence-body blockquote.quote") == QUOTE
        assert SCRIPT in page.text_content("#evidence-body")
        assert SCRIPT in page.text_content("#ties-table")
        # nothing from the data became markup: no <img>, <b>, <i>, <svg> or <script> element anywhere in the page body
        assert page.evaluate("document.body.querySelectorAll('img, b, i, svg, script').length") == 0
        assert page.locator("#evidence-body a").count() == 0  # a javascript: URL gives no link
        assert page.evaluate("window.kingmaker.cy.getElementById('evil-co').data('name')") == IMG
        # ties of unspecified parties are dashed in the graph; others solid
        style = "window.kingmaker.cy.getElementById('%s').style('line-style')"
        assert page.evaluate(style % "hidden-holds") == "dashed"
        assert page.evaluate(style % "evil-holds") == "solid"
        page.fill("#search", "script")
        page.click("#search-button")
        page.locator("#results button[data-actor='evil-person']").click()
        page.locator("#actor-name").filter(has_text=SCRIPT).wait_for()
        assert page.text_content("#actor-name") == SCRIPT
        page.wait_for_timeout(300)  # let any injected handler have its chance
        shot(page, "explorer-hostile-names")
        assert dialogs == [] and offsite == []
    finally:
        browser.close()
        pw.stop()


def test_writes_without_the_token_get_401(server):
    close = {"valid_to": "2030-01-01", "evidence": [{"source": "s", "quote": "q"}], "sources": [{"id": "s", "title": "t"}]}
    url = server.url + "/api/relations/evil-holds/close"
    # generous timeouts: a write takes the store's write lock for its moment, which a loaded machine slows
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic czNjcmV0LXRva2Vu"}):
        r = httpx.post(url, json=close, headers=headers, timeout=60)
        assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    r = httpx.post(server.url + "/api/load", files={"file": ("a.yaml", b"case: {id: a, title: a}")}, timeout=60)
    assert r.status_code == 401
    ok = httpx.post(url, json=close, headers={"Authorization": "Bearer s3cret-token"}, timeout=60)
    assert ok.status_code == 200 and ok.json()["relation"]["valid_to"] == "2030-01-01"


def test_server_refuses_non_loopback_binding(tmp_path):
    with pytest.raises(UserError, match="--allow-remote"):
        LiveServer(tmp_path / "x.duckdb", "t", host="0.0.0.0").__enter__()
    run = subprocess.run([sys.executable, "-m", "kingmaker.cli.app", "serve", "--host", "0.0.0.0",
                          "--db", str(tmp_path / "y.duckdb")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "--allow-remote" in run.stderr
    assert not (tmp_path / "y.duckdb").exists()  # refused before opening anything
