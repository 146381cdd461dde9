"""Shared by the browser tests: Debian's Chromium driven by Playwright, a live server, screenshots."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import kingmaker

CHROMIUM = os.environ.get("KINGMAKER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def browser_or_skip():
    """A started Playwright and a headless Chromium; skips (with the reason) where there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the 'playwright' package (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium; `make test` "
                    "installs it where apt is available)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    except Exception as exc:  # noqa: BLE001 - a broken install: say why and skip
        pw.stop()
        pytest.skip(f"Chromium at {CHROMIUM} does not start: {exc}")
    return pw, browser


def offsite_guard(page, base_url: str, seen: list[str]) -> None:
    """Record (and block) any request that leaves the test server: the page must fetch nothing else."""
    def route(r):
        if r.request.url.startswith(base_url) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            seen.append(r.request.url)
            r.abort()
    page.route("**/*", route)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def click_in_graph(page, expr: str) -> None:
    """Click the graph at a rendered point (``expr``: JavaScript giving ``{x, y}`` from ``window.kingmaker.cy``,
    e.g. an edge's ``renderedMidpoint()``): the graph is scrolled to the top of the window first, so the
    point is on screen, and Cytoscape re-reads where its container is before the click."""
    page.locator("#graph").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.kingmaker.cy.resize()")
    box = page.locator("#graph").bounding_box()
    point = page.evaluate(f"(() => {{ const cy = window.kingmaker.cy; return {expr}; }})()")
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    viewport = page.viewport_size
    assert 0 <= x < viewport["width"] and 0 <= y < viewport["height"], f"point off screen: {(x, y)}"
    page.mouse.click(x, y)


def live_server(tmp_path_factory, name: str, token: str, *files):
    """A live API server over a fresh store loaded with ``files``; ``yield from`` it in a module fixture."""
    from kingmaker.api.live import LiveServer

    db = tmp_path_factory.mktemp(name) / "k.duckdb"
    with kingmaker.open(db) as km:
        km.load(*files)
    with LiveServer(db, token) as srv:
        yield srv


def guarded_page(browser, server, timeout: int = 20_000):
    """A fresh page on ``server`` that may fetch nothing from elsewhere and must raise no JavaScript error
    (both checked when it closes); ``yield from`` it in a page fixture."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(timeout)
    offsite, errors = [], []
    offsite_guard(page, server.url, offsite)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert not offsite and not errors, (offsite, errors)
