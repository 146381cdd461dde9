"""An owners answer with no owner says what is recorded instead (issue 17): on 20 Nov 2023 OpenAI Global, LLC
has no recorded shareholder in the flagship case, only economic interests (Microsoft 49 %, the other investors
49 %, OpenAI, Inc. 2 %; Semafor / Reuters / WSJ, January 2023) and the general partner's control. The CLI's text
and --json and the API's /owners name those ties, read from the case file, not written here."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from ruamel.yaml import YAML
from typer.testing import CliRunner

from kingmaker.api import create_app
from kingmaker.api.state import ApiState
from kingmaker.cli.app import app
from kingmaker.data import FLAGSHIP_CASE

DAY = "2023-11-20"


def run(*args: str) -> str:
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("owners") / "k.duckdb")
    run("load", str(FLAGSHIP_CASE), "--db", path)
    return path


def expected() -> dict[str, str]:
    """The case's economic interests and other-influence ties over OpenAI Global on DAY: relation id → holder."""
    doc = YAML(typ="safe").load(FLAGSHIP_CASE.read_text(encoding="utf-8"))
    return {r["id"]: r["holder"] for r in doc["relations"]
            if r["subject"] == "openai-global-llc" and r["kind"] in ("economic_interest", "other_influence")
            and str(r.get("from", "0000")) <= DAY < str(r.get("to", "9999"))}


def test_the_empty_owners_answer_names_the_ties_recorded_instead(db):
    want = expected()
    assert "microsoft-econ-49" in want and len(want) >= 3
    text = run("owners", "openai-global-llc", "--as-of", DAY, "--db", db)
    assert "No shareholder of OpenAI Global, LLC" in text and "┏" not in text
    assert "Microsoft Corporation — economic interest 49 % (microsoft-econ-49)" in text
    assert "share of profits, not of the company" in text
    for rel in want:
        assert f"({rel})" in text, (rel, text)
    got = json.loads(run("owners", "openai-global-llc", "--as-of", DAY, "--json", "--db", db))
    assert got["owners"] == [] and {t["relation"]: t["holder"] for t in got["ties_besides_owners"]} == want
    state = ApiState.open(db, "t")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as api:
            answer = api.get(f"/api/actors/openai-global-llc/owners?as_of={DAY}").json()
    finally:
        state.close()
    assert answer["ties_besides_owners"] == got["ties_besides_owners"]
    assert any(t["label"]["de"] != t["label"]["en"] for t in answer["ties_besides_owners"])

