"""``kingmaker power`` through the real entry point (exit codes) and Typer's CliRunner."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from kingmaker.cli import common
from kingmaker.cli import power as power_cli
from kingmaker.cli.app import app, main

if not any(c.name == "power" for c in app.registered_commands):  # until app.py lists the module
    power_cli.register(app)

runner = CliRunner()


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_exact_json_matches_api():
    data = _json(["power", "--quota", "39", *["7"] * 5, *["1"] * 10, "--index", "shapley-shubik,banzhaf", "--exact", "--json"])
    assert data["exact"] is True and data["method"] == "generating-function"
    assert data["players"][0]["shapley_shubik"] == "421/2145"
    assert data["players"][-1]["shapley_shubik"] == "4/2145"
    assert data["players"][0]["swings"] == 848 and data["players"][-1]["swings"] == 84


def test_text_output_with_names():
    result = runner.invoke(app, ["power", "--quota", "12", "4", "4", "4", "2", "2", "1", "--names", "FR,DE,IT,BE,NL,LU", "--exact", "--index", "banzhaf"])
    assert result.exit_code == 0
    assert "5/21" in result.stdout and "LU" in result.stdout and "generating-function" in result.stdout


def test_float_json_and_strict():
    data = _json(["power", "--quota", "50%", "--strict", "50", "50", "--json", "--index", "banzhaf"])
    assert data["players"][0]["banzhaf"] == 0.5 and data["exact"] is False


@pytest.mark.parametrize(
    "args",
    [["power", "--quota", "abc", "1", "2"], ["power", "1", "2"], ["power", "--quota", "2", "1", "1", "--index", "nope"], ["power"], ["power", "--game", "/nonexistent.yaml"]],
)
def test_bad_input_exits_2(args, capsys):
    assert main(args) == 2


def test_game_file(tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text("players: [A, B, C]\nlayers:\n  - {weights: [1, 1, 1], quota: 2}\n  - {weights: [60, 30, 10], quota: '50%'}\n")
    data = _json(["power", "--game", str(f), "--exact", "--json", "--index", "banzhaf"])
    assert [p["banzhaf"] for p in data["players"]] == ["3/5", "1/5", "1/5"]
    s = tmp_path / "s.json"
    s.write_text('{"players": ["A", "B", "C"], "minimal_winning": [["A", "B"], ["A", "C"]]}')
    data = _json(["power", "--game", str(s), "--exact", "--json", "--index", "holler"])
    assert [p["holler"] for p in data["players"]] == ["1/2", "1/4", "1/4"]


class _FakeSnapshot:
    """Stands in for the foundation's snapshot: board seats and actors."""

    def __init__(self, seats):
        self.seats = seats

    def board(self, subject):
        return [SimpleNamespace(holder=h, role=r, voting=v) for h, r, v in self.seats] if subject == "openai-inc" else []

    def actor(self, actor_id):
        return SimpleNamespace(name=actor_id.replace("-", " ").title())

    def name(self, actor_id):
        return self.actor(actor_id).name


def _fake_store(seats):
    return SimpleNamespace(snapshot=lambda as_of=None: _FakeSnapshot(seats), recorded_vote=lambda *a: None,
                           close=lambda: None)


SIX = [("greg-brockman", "chair", True), ("sam-altman", "director", True), ("ilya-sutskever", "director", True),
       ("adam-dangelo", "director", True), ("tasha-mccauley", "director", True), ("helen-toner", "director", True)]


def test_board_vote_explains_pivots(monkeypatch):
    monkeypatch.setattr(common, "open_store", lambda db: _fake_store(SIX))
    yes = "Ilya Sutskever,Adam Dangelo,Tasha Mccauley,Helen Toner"
    result = runner.invoke(app, ["power", "--board", "openai-inc", "--as-of", "2023-11-16", "--yes", yes])
    assert result.exit_code == 0, result.output
    assert "Each of the 4 votes for was pivotal: without any one of them the motion would have had 3 votes and failed" in result.stdout
    assert "casting vote" in result.stdout
    monkeypatch.setattr(common, "open_store", lambda db: _fake_store(SIX[2:]))
    data = _json(["power", "--board", "openai-inc", "--as-of", "2023-11-18", "--yes", yes, "--json"])
    assert data["vote"]["passed"] and data["vote"]["critical"] == []
    assert data["as_of"] == "2023-11-18" and len(data["players"]) == 4


def test_board_unknown_subject(monkeypatch):
    monkeypatch.setattr(common, "open_store", lambda db: _fake_store(SIX))
    assert main(["power", "--board", "nobody", "--as-of", "2023-11-16"]) == 2
    assert main(["power", "--board", "openai-inc", "--as-of", "16/11/2023"]) == 2
