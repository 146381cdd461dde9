"""The HTTP API through FastAPI's TestClient, on the flagship case (docs/api.md)."""
from __future__ import annotations

import json

import pytest

fastapi = pytest.importorskip("fastapi")
from api_support import flagship_client  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from kingmaker.api import create_app  # noqa: E402
from kingmaker.api.server import check_host  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.data import DATA_DIR  # noqa: E402
from kingmaker.errors import UserError  # noqa: E402

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with flagship_client(tmp_path_factory.mktemp("api") / "k.duckdb", TOKEN) as client:
        yield client


def get(api, url, status=200):
    r = api.get(url)
    assert r.status_code == status, r.text
    return r.json()


def test_actor_list_is_paginated(api):
    first = get(api, "/api/actors?limit=5")
    assert first["total"] == 21 and len(first["items"]) == 5 and first["next"]
    second = api.get(first["next"]).json()
    assert second["offset"] == 5 and not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    last = get(api, "/api/actors?offset=20&limit=5")
    assert len(last["items"]) == 1 and last["next"] is None
    assert {a["kind"] for a in get(api, "/api/actors?kind=person&limit=100")["items"]} == {"person"}


def test_search_by_name_alias_and_identifier(api):
    assert get(api, "/api/search?q=OpenAI")["items"][0]["id"] == "openai-inc"  # alias "OpenAI" matches exactly
    assert [a["id"] for a in get(api, "/api/search?q=Q2283")["items"]] == ["microsoft"]
    assert get(api, "/api/search?q=zzzz-nobody")["items"] == []


def test_unknown_actor_is_a_404_problem(api):
    r = api.get("/api/actors/microsoftt")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == 404 and body["title"] == "Not Found" and "microsoft" in body["detail"]


def test_bad_parameters_are_problems(api):
    r = api.get("/api/actors/openai-inc/neighbourhood?depth=9")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM and r.json()["errors"]
    r = api.get("/api/actors/openai-inc/ties?as_of=16.11.2023")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["detail"]


def test_ties_follow_the_date(api):
    before = get(api, "/api/actors/openai-inc/ties?as_of=2023-11-16")
    after = get(api, "/api/actors/openai-inc/ties?as_of=2023-11-30")
    assert {s["holder"] for s in before["board"]} >= {"ilya-sutskever", "helen-toner", "sam-altman"}
    assert {s["holder"] for s in after["board"]} == {"bret-taylor", "larry-summers", "adam-dangelo", "microsoft"}
    ev_ids = {e["id"] for e in before["evidence"]}
    assert all(set(r["evidence"]) <= ev_ids for r in before["ties_in"] + before["ties_out"])


def test_neighbourhood_is_depth_limited(api):
    one = get(api, "/api/actors/openai-inc/neighbourhood?as_of=2023-11-20&depth=1")
    two = get(api, "/api/actors/openai-inc/neighbourhood?as_of=2023-11-20&depth=2")
    assert "microsoft" in {n["id"] for n in one["nodes"]}  # the AGI determination ties them directly
    assert "satya-nadella" not in {n["id"] for n in one["nodes"]}
    assert "satya-nadella" in {n["id"] for n in two["nodes"]}  # Microsoft's CEO
    ms = [e for e in two["edges"] if e["holder"] == "microsoft"]
    assert {e["category"] for e in ms} >= {"dependency", "ownership"}
    econ = next(e for e in ms if e["id"] == "microsoft-econ-49")
    assert econ["weight"] == pytest.approx(0.49)
    small = get(api, "/api/actors/openai-inc/neighbourhood?as_of=2023-11-20&depth=3&max_nodes=4")
    assert len(small["nodes"]) == 4 and small["truncated"]


def test_board_power_and_pivots_of_the_recorded_vote(api):
    board = get(api, "/api/actors/openai-inc/board?as_of=2023-11-16")
    assert len([s for s in board["seats"] if s["voting"]]) == 6
    assert len(board["power"]["players"]) == 6
    vote = board["vote"]
    assert vote["event"] and vote["analysis"]["passed"] is True
    assert set(vote["analysis"]["critical"]) == {"Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner"}


@pytest.mark.parametrize("day", ["2023-11-16", "2023-11-17", "2023-11-20", "2023-11-22"])
def test_board_panel_and_power_command_agree_on_the_recorded_vote(api, day, tmp_path):
    """The explorer's board panel (this endpoint) and `kingmaker power --board` analyse the vote of
    17 Nov on the six directors who cast it, on every date of the story."""
    from typer.testing import CliRunner

    from kingmaker.cli.app import app

    vote = get(api, f"/api/actors/openai-inc/board?as_of={day}")["vote"]
    result = CliRunner().invoke(app, ["power", "--board", "openai-inc", "--as-of", day, "--json",
                                      "--db", str(api.state.km.path)])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert vote["event"] == cli["recorded_vote"]["event"] == "e-altman-removed"
    assert vote["board"] == cli["recorded_vote"]["board"] and len(vote["board"]) == 6
    assert vote["analysis"]["critical"] == cli["vote"]["critical"]
    assert set(vote["analysis"]["critical"]) == {"Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner"}
    assert vote["analysis"]["explanation"] == cli["vote"]["explanation"]
    assert vote["absent"] == ["Sam Altman", "Greg Brockman"] and vote["no"] == []


def test_ubo_and_integrated_owners(api):
    owners = get(api, "/api/actors/openai-group-pbc/owners?as_of=2025-11-20")["owners"]
    ms = next(o for o in owners if o["actor"] == "microsoft")
    assert ms["ownership"]["lower"] == pytest.approx(26.5) and ms["ownership"]["upper"] == pytest.approx(27.5)
    ubo = get(api, "/api/actors/openai-group-pbc/ubo?as_of=2025-11-20")
    assert ubo["beneficial_owners"] == [] and ubo["no_natural_person"]
    assert {o["actor"] for o in ubo["top_entities"]} >= {"microsoft", "openai-inc"}
    assert api.get("/api/actors/openai-group-pbc/ubo?threshold=250").status_code == 400


def test_leverage(api):
    items = get(api, "/api/leverage?subject=openai-global-llc&holder=microsoft&as_of=2023-11-16")["items"]
    assert items[0]["subject_dependence"]["lo"] > 0.9


def test_assessment_has_verdicts_reasons_and_flip_facts(api):
    a = get(api, "/api/actors/openai-global-llc/assessment?as_of=2023-11-16&holder=microsoft")
    by_regime = {v["regime"]: v for v in a["verdicts"]}
    assert set(by_regime) == {"uk", "eu", "de"}
    uk = by_regime["uk"]
    assert uk["level"] == "material_influence" and uk["since"] == "2019-07-22"
    assert uk["reasons"] and uk["flip_facts"] and uk["label"]["de"]
    assert a["names"]["microsoft"] == "Microsoft Corporation"


def _mass_exit(fraction):
    doc = get_shipped()
    doc["interventions"] = [{"defect": {"group": "openai-staff", "to": "microsoft", "fraction": fraction}}]
    doc.pop("kingmaker_test")
    return doc


def get_shipped():
    from ruamel.yaml import YAML

    return YAML(typ="safe").load((DATA_DIR / "scenarios" / "openai-mass-exit.yaml").read_text())


def test_scenarios_run_without_writing(api):
    assert "openai-mass-exit" in {s["id"] for s in get(api, "/api/scenarios")["items"]}
    assert get(api, "/api/scenarios/openai-mass-exit")["scenario"]["target"] == "openai-global-llc"
    with api.state.read() as km:
        before = km.store.fingerprint()
    full = api.post("/api/scenarios/run", json=json.loads(json.dumps(get_shipped(), default=str))).json()
    assert full["kingmaker_test"] and full["steps"]
    findings = lambda res: {c["finding"] for c in res["changes"] if "finding" in c}  # noqa: E731
    assert "team_as_enterprise" in findings(full)
    few = api.post("/api/scenarios/run", json=json.loads(json.dumps(_mass_exit(0.3), default=str))).json()
    assert "team_as_enterprise" not in findings(few)
    with api.state.read() as km:
        assert km.store.fingerprint() == before
    bad = api.post("/api/scenarios/run", json={"scenario": {"id": "x"}})
    assert bad.status_code == 400 and bad.headers["content-type"] == PROBLEM


def test_replay(api):
    steps = get(api, "/api/replay?target=openai-global-llc&holder=microsoft&from=2023-11-01&to=2023-11-30")["steps"]
    assert [s["date"] for s in steps] == sorted(s["date"] for s in steps)
    assert any(s["board"] != steps[0]["board"] for s in steps)


def test_writes_need_the_token(api):
    body = {"valid_to": "2024-01-01", "evidence": [{"source": "s", "quote": "q"}], "sources": [{"id": "s", "title": "t"}]}
    r = api.post("/api/relations/microsoft-azure-exclusive/close", json=body)
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM and r.headers["www-authenticate"]
    r = api.post("/api/relations/microsoft-azure-exclusive/close", json=body, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert api.post("/api/load", files={"file": ("x.yaml", b"case: {id: x, title: x}")}).status_code == 401


def test_add_and_close_a_relation_with_evidence(api):
    new = {"relation": {"id": "nadella-observer-test", "kind": "board_seat", "holder": "satya-nadella",
                        "subject": "openai-inc", "role": "observer", "from": "2024-01-01"},
           "evidence": [{"source": "src-test", "quote": "Nadella <b>observes</b>", "reliability": "unconfirmed"}],
           "sources": [{"id": "src-test", "title": "A test source", "url": "https://example.org/x"}]}
    r = api.post("/api/relations", json=new, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["relation"]["evidence"] == ["nadella-observer-test.ev1"]
    seats = get(api, "/api/actors/openai-inc/ties?as_of=2024-02-01")["board"]
    assert "satya-nadella" in {s["holder"] for s in seats}
    ev = get(api, "/api/relations/nadella-observer-test/evidence")["evidence"]
    assert ev[0]["quote"] == "Nadella <b>observes</b>" and ev[0]["source_detail"]["url"] == "https://example.org/x"
    assert api.post("/api/relations", json=new, headers=AUTH).status_code == 400  # the id is taken

    close = {"valid_to": "2024-03-01", "evidence": [{"source": "src-close", "quote": "left"}],
             "sources": [{"id": "src-close", "title": "Closing source"}]}
    r = api.post("/api/relations/nadella-observer-test/close", json=close, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["relation"]["valid_to"] == "2024-03-01"
    assert "satya-nadella" not in {s["holder"] for s in get(api, "/api/actors/openai-inc/ties?as_of=2024-03-01")["board"]}
    assert "satya-nadella" in {s["holder"] for s in get(api, "/api/actors/openai-inc/ties?as_of=2024-02-29")["board"]}
    assert len(get(api, "/api/relations/nadella-observer-test/evidence")["evidence"]) == 2
    again = api.post("/api/relations/nadella-observer-test/close", json=close, headers=AUTH)
    assert again.status_code == 400


def test_add_relation_errors_are_reported_and_nothing_is_written(api):
    new = {"relation": {"id": "ghost-owns", "kind": "shareholding", "holder": "no-such-actor", "subject": "microsoft",
                        "share": 10},
           "evidence": [{"source": "src-g", "quote": "x"}], "sources": [{"id": "src-g", "title": "g"}]}
    r = api.post("/api/relations", json=new, headers=AUTH)
    assert r.status_code == 400 and any(e.get("field") == "holder" for e in r.json()["errors"])
    assert api.get("/api/relations/ghost-owns/evidence").status_code == 404
    no_evidence = {**new, "evidence": []}
    assert api.post("/api/relations", json=no_evidence, headers=AUTH).status_code == 422


def test_load_an_uploaded_case(api):
    case = (b"case: {id: upload-test, title: Upload}\nactors:\n  - {id: acme-upload, kind: company, name: Acme}\n")
    r = api.post("/api/load", files={"file": ("acme.yaml", case)}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["datasets"][0]["id"] == "case:upload-test"
    assert get(api, "/api/actors/acme-upload")["actor"]["name"] == "Acme"


def test_request_size_limit(tmp_path):
    state = ApiState.open(tmp_path / "s.duckdb", TOKEN)
    try:
        client = TestClient(create_app(state, max_body=1000), base_url="http://127.0.0.1")
        r = client.post("/api/scenarios/run", content=b"{" + b" " * 5000 + b"}",
                        headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.headers["content-type"] == PROBLEM

        def chunks():  # no Content-Length: the body is counted as it arrives
            for _ in range(10):
                yield b" " * 500
        r = client.post("/api/scenarios/run", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert client.post("/api/scenarios/run", json={"scenario": {}}).status_code == 400  # small: passes the limit
    finally:
        state.close()


def test_docs_and_explorer_are_served_without_network(api):
    docs = api.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert api.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert api.get("/openapi.json").json()["paths"]["/api/actors/{actor_id}/ubo"]
    page = api.get("/")
    assert "cytoscape.min.js" in page.text and "http" not in page.text.replace('"http', "")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_are_allowed(host):
    check_host(host, allow_remote=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_other_hosts_need_allow_remote(host):
    with pytest.raises(UserError, match="--allow-remote"):
        check_host(host, allow_remote=False)
    check_host(host, allow_remote=True)


def test_ubo_names_senior_managing_officials_as_the_command_line_does(api):
    """No natural person owns or controls OpenAI Global, LLC in November 2023 (a nonprofit controls it):
    under EU AMLR its senior managing officials are reported in place of a beneficial owner — by the API
    as by `kingmaker ubo --json`; the UK PSC rule set has no such fallback; an unknown rule set is a 400."""
    from typer.testing import CliRunner

    from kingmaker.cli.app import app

    url = "/api/actors/openai-global-llc/ubo?as_of=2023-11-16"
    ubo = get(api, url)
    assert ubo["no_natural_person"] and ubo["rule"]["name"] == "eu-amlr"
    assert ("sam-altman", "CEO") in {(o["person"], o["role"]) for o in ubo["senior_managing_officials"]}
    result = CliRunner().invoke(app, ["ubo", "openai-global-llc", "--as-of", "2023-11-16", "--json",
                                      "--db", str(api.state.km.path)])
    assert result.exit_code == 0, result.output
    assert ubo["senior_managing_officials"] == json.loads(result.stdout)["senior_managing_officials"]
    psc = get(api, url + "&rule=uk-psc")
    assert psc["rule"]["name"] == "uk-psc" and psc["senior_managing_officials"] == []
    assert api.get(url + "&rule=nowhere").status_code == 400
    assert get(api, url)["accounting_parents"] == {"subject": "openai-global-llc", "direct": [], "ultimate": [],
                                                   "notes": []}
