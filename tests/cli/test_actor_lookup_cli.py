"""Identifiers and names wherever a command asks for an actor (issue 13, Deliver 1): `assess`, `subsidiaries`,
`diff`, `power --board` answer for a bare company number, an LEI as printed or a name exactly as for the
actor id (they checked the text but then asked with it as an id: nothing, or an error).

Real material only: Companies House PSC lines (../shared/corpora/psc: company 08209948) and GLEIF records
(../shared/corpora/gleif: ZZG38T0MDR3QY1ETUA76 is the accounting parent of 010CMKZ3VON21WF2ZD45).
"""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from io_support import corpus
from kingmaker.cli import app

runner = CliRunner()


@pytest.fixture
def db(shared_dir, tmp_path):
    psc, gleif = corpus(shared_dir, "psc"), corpus(shared_dir, "gleif")
    path = str(tmp_path / "s.duckdb")
    res = runner.invoke(app, ["load", "--db", path, str(psc / "psc-data-1.json"), str(gleif / "lei-data.xml"),
                              str(gleif / "rr-data.xml")])
    assert res.exit_code == 0, res.output
    return path


COMMANDS = [
    (["assess", "{a}", "--as-of", "2022-06-01", "--json"], "gb-coh:08209948", "08209948"),
    (["assess", "{a}", "--as-of", "2022-06-01", "--json"], "gb-coh:08209948", "GB-COH:08209948"),
    (["subsidiaries", "{a}", "--as-of", "2023-06-01", "--json"], "lei:zzg38t0mdr3qy1etua76", "ZZG38T0MDR3QY1ETUA76"),
    (["diff", "{a}", "--from", "2016-01-01", "--to", "2023-06-01", "--json"], "lei:zzg38t0mdr3qy1etua76",
     "ZZG38T0MDR3QY1ETUA76"),
    (["diff", "{a}", "--from", "2016-01-01", "--to", "2022-06-01", "--json"], "gb-coh:08209948", "company 08209948"),
]


@pytest.mark.parametrize("args, actor_id, said", COMMANDS)
def test_a_command_answers_for_an_identifier_or_a_name_as_for_the_id(db, args, actor_id, said):
    by_id = runner.invoke(app, [x.format(a=actor_id) for x in args] + ["--db", db])
    assert by_id.exit_code == 0, by_id.output
    by_text = runner.invoke(app, [x.format(a=said) for x in args] + ["--db", db])
    assert by_text.exit_code == 0, by_text.output
    assert by_text.stdout == by_id.stdout
    assert actor_id in by_id.stdout


def test_a_bods_record_id_names_its_actor(shared_dir, tmp_path):
    """The recordId an official BODS example prints (fermcat.json: Fermcat Ltd is ent-93c75c87ab28f889) names the
    actor, as its id does (was: 'no actor', only bods:ent-… was accepted)."""
    path = str(tmp_path / "f.duckdb")
    assert runner.invoke(app, ["load", "--db", path, str(corpus(shared_dir, "bods-examples") / "fermcat.json")]).exit_code == 0
    answers = [runner.invoke(app, ["ubo", x, "--db", path, "--as-of", "2021-06-01", "--json"])
               for x in ("bods:ent-93c75c87ab28f889", "ent-93c75c87ab28f889")]
    assert [a.exit_code for a in answers] == [0, 0], answers[1].output
    assert answers[0].stdout == answers[1].stdout and "Declan Byrne-Amin" in answers[0].stdout


def test_export_of_a_neighbourhood_named_by_an_identifier(db, tmp_path):
    """`export --actor` took only the id ('no actor …' for an LEI as printed)."""
    written = []
    for said in ("lei:010cmkz3von21wf2zd45", "010CMKZ3VON21WF2ZD45"):
        out = tmp_path / f"{len(written)}.csv"
        res = runner.invoke(app, ["export", "--format", "csv", "--actor", said, "--db", db, str(out)])
        assert res.exit_code == 0, res.output
        written.append(out.read_text())
    assert written[0] == written[1] and "lei:zzg38t0mdr3qy1etua76" in written[0]


def test_a_board_named_by_its_identifier_is_the_actor_s_board(db):
    """No board seats are on record for this company: the error names its id, not the text given."""
    for said in ("gb-coh:08209948", "08209948"):
        res = runner.invoke(app, ["power", "--board", said, "--db", db])
        said_back = res.output + str(res.exception or "")  # main() turns the UserError into one line, exit 2
        assert res.exit_code != 0 and "no board seats for 'gb-coh:08209948'" in said_back, said_back
