"""Identifiers and names wherever the HTTP API asks for an actor (issue 13, Deliver 1): what
``kingmaker ubo`` accepts — the actor id in any case, an identifier value (a company number without its
scheme, an LEI as printed, in upper case) or a name — every endpoint accepts, and answers as for the id.
A name several actors bear is a 400 problem listing the candidates; an unknown one stays a 404.

Real material only: Companies House PSC lines (../shared/corpora/psc: company 08209948), GLEIF Level 1
records (../shared/corpora/gleif/lei-data.xml: DENTSU INTERNATIONAL LIMITED, LEI 213800FERQ5LE3H7WJ58),
and four official BODS 0.4 examples, each with its own "Company A".
"""
from __future__ import annotations

from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from io_support import corpus  # noqa: E402
from kingmaker.api import create_app  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.cli import app  # noqa: E402

runner = CliRunner()
DAY = "2022-06-01"
# every endpoint that takes an actor, with {a} where the actor goes
ENDPOINTS = [
    "/api/actors/{a}", "/api/actors/{a}/ties?as_of=" + DAY, "/api/actors/{a}/neighbourhood?as_of=" + DAY,
    "/api/actors/{a}/story", "/api/actors/{a}/ubo?as_of=" + DAY, "/api/actors/{a}/owners?as_of=" + DAY,
    "/api/actors/{a}/assessment?since=false&as_of=" + DAY, "/api/actors/{a}/kingmaker?as_of=" + DAY,
    "/api/actors/{a}/board?as_of=" + DAY, "/api/actors/{a}/screen?as_of=" + DAY,
    "/api/actors/{a}/subsidiaries?as_of=" + DAY, "/api/leverage?subject={a}&as_of=" + DAY,
    "/api/diff?from=2016-01-01&to=2022-06-01&actor={a}", "/api/replay?target={a}&from=2022-01-01&to=2022-01-02",
]


def _load(db, *paths):
    res = runner.invoke(app, ["load", "--db", str(db), *map(str, paths)])
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not present (fresh clone); corpus tests skipped")
    shared_dir = SHARED
    db = tmp_path_factory.mktemp("lookup") / "s.duckdb"
    psc, gleif = corpus(shared_dir, "psc"), corpus(shared_dir, "gleif")
    _load(db, psc / "psc-data-1.json", psc / "psc-data-11.json", gleif / "lei-data.xml")
    state = ApiState.open(db, "token")
    with TestClient(create_app(state), base_url="http://127.0.0.1") as client:
        yield client
    state.close()


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("actor_id, said", [("gb-coh:08209948", "08209948"), ("gb-coh:08209948", "GB-COH:08209948"),
                                            ("gb-coh:08209948", "8209948"),
                                            ("lei:213800ferq5le3h7wj58", "213800FERQ5LE3H7WJ58"),
                                            ("lei:213800ferq5le3h7wj58", "dentsu international LIMITED")])
def test_every_endpoint_answers_for_an_identifier_or_a_name_as_for_the_id(api, url, actor_id, said):
    by_id = api.get(url.format(a=quote(actor_id, safe="")))
    assert by_id.status_code == 200, by_id.text
    by_text = api.get(url.format(a=quote(said, safe="")))
    assert by_text.status_code == 200, (said, by_text.text)
    assert by_text.json() == by_id.json()


def test_a_holder_is_accepted_by_identifier_too(api):
    url = "/api/leverage?subject=8209948&as_of=" + DAY + "&holder={h}"
    by_id = api.get(url.format(h="gb-coh:10308742"))
    assert by_id.status_code == 200, by_id.text
    assert api.get(url.format(h="10308742")).json() == by_id.json()


def test_unknown_actor_stays_a_404(api):
    r = api.get("/api/actors/99999999/ubo")
    assert r.status_code == 404 and "no actor '99999999'" in r.json()["detail"]


def test_an_ambiguous_name_is_a_problem_listing_the_candidates(shared_dir, tmp_path):
    ex = corpus(shared_dir, "bods-examples")
    db = tmp_path / "s.duckdb"
    _load(db, *(ex / f for f in ("indirect-ownership.json", "mixed-direct-and-indirect-ownership.json",
                                 "multiple-tax-residencies.json", "mutilple-indirect-ownership-2.json")))
    state = ApiState.open(db, "token")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as api:
            for url in ("/api/actors/Company%20A", "/api/actors/company%20a/ubo", "/api/leverage?subject=COMPANY+A"):
                r = api.get(url)
                assert r.status_code == 400, r.text
                body = r.json()
                assert r.headers["content-type"] == "application/problem+json"
                assert body["title"] == "Ambiguous actor" and "names 4 different actors" in body["detail"]
                assert len(body["candidates"]) == 4
                assert all(c["name"] == "Company A" and c["kind"] == "company" for c in body["candidates"])
                for c in body["candidates"]:  # each candidate is an id the API answers for
                    assert c["id"] in body["detail"]
                    assert api.get(f"/api/actors/{quote(c['id'], safe='')}").status_code == 200
    finally:
        state.close()


@pytest.mark.parametrize("said", ["%", "%%", "x" * 5000])
def test_odd_texts_are_a_short_404_with_no_wrong_suggestions(api, monkeypatch, said):
    """``%`` and ``_`` are characters, not LIKE wildcards ('%' suggested every actor on record); a pasted page is
    echoed shortened, not whole, and is never compared letter by letter with every name on record (each fuzzy
    comparison costs the product of the lengths: seconds per unknown text on a large store) — review, session 5."""
    import difflib

    compared = []
    real = difflib.SequenceMatcher
    monkeypatch.setattr(difflib, "SequenceMatcher", lambda *a, **k: compared.append(1) or real(*a, **k))
    r = api.get(f"/api/actors/{quote(said, safe='')}")
    assert r.status_code == 404, r.text
    detail = r.json()["detail"]
    assert "did you mean" not in detail and len(detail) < 400, detail[:200]
    if len(said) > 300:
        assert compared == []
