"""Gaps in the HTTP API (issue 13, Deliver 5): ``/api/actors/{id}/ubo`` carries the same ``gap`` as
``kingmaker ubo --json`` and ``/api/actors/{id}`` lists the gaps ``kingmaker timeline`` shows.

Real Companies House PSC lines (../shared/corpora/psc, as in tests/analysis/ownership/test_history.py):
company 10308742's only PSC ceased on 2018-02-27 and nobody was registered after; company 08209948's register
stated "no-individual-or-entity-with-signficant-control" from 2016-09-11 until a PSC was notified on
2021-12-13.
"""
from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from io_support import corpus  # noqa: E402
from kingmaker.api import create_app  # noqa: E402
from kingmaker.api.state import ApiState  # noqa: E402
from kingmaker.cli import app  # noqa: E402

runner = CliRunner()


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_api_reports_the_gaps_the_command_line_reports(shared_dir, tmp_path):
    psc = corpus(shared_dir, "psc")
    db = str(tmp_path / "s.duckdb")
    loaded = runner.invoke(app, ["load", "--db", db, str(psc / "psc-data-1.json"), str(psc / "psc-data-11.json")])
    assert loaded.exit_code == 0, loaded.output
    state = ApiState.open(db, "token")
    try:
        with TestClient(create_app(state), base_url="http://127.0.0.1") as api:
            seen = []
            for company, day in (("gb-coh:08209948", "2018-01-01"), ("gb-coh:08209948", "2022-01-01"),
                                 ("gb-coh:10308742", "2019-01-01")):
                r = api.get(f"/api/actors/{company}/ubo?as_of={day}")
                assert r.status_code == 200, r.text
                cli = cli_json("ubo", "--db", db, company, "--as-of", day)
                assert r.json()["gap"] == cli["gap"], (company, day)
                seen.append(r.json()["gap"] and (r.json()["gap"]["start"], r.json()["gap"]["end"],
                                                 bool(r.json()["gap"]["stated_by"])))
            assert seen == [("2016-09-11", "2021-12-13", True), None, ("2018-02-27", None, False)]
            for company in ("gb-coh:08209948", "gb-coh:10308742"):
                r = api.get(f"/api/actors/{company}")
                assert r.status_code == 200, r.text
                listed = [t["date"] for t in cli_json("timeline", "--db", db, company) if t["what"] == "gap"]
                assert [g["start"] for g in r.json()["gaps"]] == listed != []
    finally:
        state.close()
