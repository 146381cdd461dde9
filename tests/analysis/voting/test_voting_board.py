"""Voting power of a real board from the store: the OpenAI board's vote that removed its CEO."""
import json

import pytest

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


REMOVERS = {"Ilya Sutskever", "Adam D'Angelo", "Tasha McCauley", "Helen Toner"}


@pytest.mark.parametrize("day", ["2023-11-16", "2023-11-17", "2023-11-18", "2023-11-20", "2023-11-22"])
def test_the_recorded_vote_is_analysed_on_the_board_that_cast_it(flagship_store, day):
    """Whatever the date asked about, the vote of 17 Nov was cast by the six directors seated that day:
    4 for, none against, Altman and Brockman absent — and each of the four was pivotal (4 of 6 needed).
    The board shown for the date itself is that date's board (4 directors after the removal, 3 after
    the agreement of 22 Nov)."""
    data = power_json(flagship_store.path, day)
    rv = data["recorded_vote"]
    assert rv["event"] == "e-altman-removed" and rv["date"] == "2023-11-17"
    assert len(rv["board"]) == 6 and {"Sam Altman", "Greg Brockman"} <= set(rv["board"])
    assert set(rv["yes"]) == REMOVERS and rv["no"] == [] and set(rv["absent"]) == {"Sam Altman", "Greg Brockman"}
    assert set(data["vote"]["critical"]) == REMOVERS and data["vote"]["passed"]
    assert "6" in rv["rule"] and "absent: 2" in " ".join(data["vote"]["explanation"])
    seated = {"2023-11-16": 6, "2023-11-17": 4, "2023-11-18": 4, "2023-11-20": 4, "2023-11-22": 3}[day]
    assert len(data["players"]) == seated


def test_four_director_board_after_the_removal(flagship_store):
    data = power_json(flagship_store.path, "2023-11-18")
    assert len(data["players"]) == 4
    assert {p["banzhaf"] for p in data["players"]} == {0.25}


def test_no_recorded_vote_far_from_any(flagship_store):
    data = power_json(flagship_store.path, "2023-12-20")
    assert "recorded_vote" not in data and "vote" not in data


def test_recorded_vote_in_german(flagship_store):
    result = runner.invoke(app, ["power", "--board", "openai-inc", "--as-of", "2023-11-20", "--db",
                                 str(flagship_store.path), "--lang", "de"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Abgestimmt hat das am 17. Nov. 2023 amtierende Gremium: 6 stimmberechtigte Mitglieder" in out
    assert "Jede der 4 Ja-Stimmen war ausschlaggebend" in out and "abwesend: 2 (Sam Altman, Greg Brockman)" in out
    assert "Gremium von OpenAI, Inc. am 20. Nov. 2023" in out


def test_explicit_yes_voters_override_the_record(flagship_store):
    data = power_json(flagship_store.path, "2023-11-18", "--yes", "Ilya Sutskever,Helen Toner,Adam D'Angelo")
    assert set(data["vote"]["critical"]) == {"Ilya Sutskever", "Helen Toner", "Adam D'Angelo"}
