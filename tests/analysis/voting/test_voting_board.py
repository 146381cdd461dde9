"""Voting power of a real board from the store: the OpenAI board's vote that removed its CEO."""
import json

from typer.testing import CliRunner

from kingmaker.cli.app import app

runner = CliRunner()


def power_json(db, day, *extra):
    result = runner.invoke(app, ["power", "--board", "openai-inc", "--as-of", day, "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_six_director_board_and_the_removal_vote(flagship_store):
    data = power_json(flagship_store.path, "2023-11-16")
    players = {p["name"]: p for p in data["players"]}
    assert len(players) == 6
    # the chair's casting vote breaks 3–3 ties, so the chair has more power than each other director
    assert players["Greg Brockman"]["banzhaf"] > players["Helen Toner"]["banzhaf"]
    assert data["recorded_vote"]["event"] == "e-altman-removed"
    critical = set(data["vote"]["critical"])
    assert critical == {"Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner"}


def test_four_director_board_after_the_removal(flagship_store):
    data = power_json(flagship_store.path, "2023-11-18")
    assert len(data["players"]) == 4
    assert {p["banzhaf"] for p in data["players"]} == {0.25}
    assert data["vote"]["critical"] == []


def test_explicit_yes_voters_override_the_record(flagship_store):
    data = power_json(flagship_store.path, "2023-11-18", "--yes", "Ilya Sutskever,Helen Toner,Adam D'Angelo")
    assert set(data["vote"]["critical"]) == {"Ilya Sutskever", "Helen Toner", "Adam D'Angelo"}
