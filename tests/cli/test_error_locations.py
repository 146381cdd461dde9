"""Issue 20, item 7 ("errors give no line"): what a game file or a scenario gets refused for names the file,
the line, the record and the field, as every reader's problems do — one line, exit 2, no traceback. The
scenario is the shipped one (cases/scenarios/openai-mass-exit.yaml) with one value changed; the games are
the shapes of docs/voting.md. The whole audit over every reader: ``bench/error_audit.py``."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kingmaker.cli.app import main

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(args)
    out = capsys.readouterr()
    return code, " ".join((out.out + out.err).split())


@pytest.mark.parametrize("text,where", [
    ("players: [A, B, C]\nweights: [50, x, 20]\nquota: 50%\n", ":2, record game, field weights[1]: error: weight: 'x'"),
    ("players: [A, B, C]\nweights: [50, 30]\nquota: 50%\n", ":2, record game, field weights: error: 2 weights but 3"),
    ("players: [A, B, C]\nweights: [50, 30, 20]\nquota: 150%\n", ":3, record game, field quota: error: quota '150%'"),
    ("players: [A, B]\nlayers:\n - {weights: [1, 1], quota: 2}\n - {weights: [1, zz], quota: 1}\n",
     ":4, record game, field layers[1].weights[1]: error: weight: 'zz'"),
    ("players: [A, B]\nweights: [1, 2]\n", ":1, record game, field quota: error: expected 'weights' and 'quota'"),
    # a part that is not a list was "malformed game ('NoneType' object is not iterable)", with no field
    ("players: [A, B]\nweights: null\nquota: 2\n", ":2, record game, field weights: error: weights must be a list of numbers, not null"),
    ("players: 5\nweights: [1, 2]\nquota: 2\n", ":1, record game, field players: error: players must be a list of names, not int"),
    ("minimal_winning: null\n", ":1, record game, field minimal_winning: error: minimal_winning must be a list of winning"),
])
def test_a_bad_game_file_is_named_by_line_and_field(tmp_path, capsys, text, where):
    path = tmp_path / "game.yaml"
    path.write_text(text, encoding="utf-8")
    code, out = run(["power", "--game", str(path)], capsys)
    assert code == 2 and "Traceback" not in out
    assert f"{path}{where}" in out, out


@pytest.mark.parametrize("change,where", [
    (lambda d: d["interventions"][0]["defect"].update(group="nobody"),
     "record interventions[0], field interventions[0].defect.group: error: interventions[0] (defect): unknown actor 'nobody'"),
    (lambda d: d["interventions"].__setitem__(1, {"move": 5}),
     "record interventions[1], field interventions[1]: error: interventions[1] (move): needs a mapping"),
    (lambda d: d["kingmaker_test"].update(threshold="x"),  # was a traceback (float('x'))
     "record kingmaker_test, field kingmaker_test.threshold: error: kingmaker_test.threshold: 'x' is not a number"),
    (lambda d: d["interventions"][0]["defect"].update(count="x"),  # was a traceback (int('x'))
     "record interventions[0], field interventions[0].defect.count: error: interventions[0]: a value of the wrong kind"),
    (lambda d: d["interventions"][0]["defect"].update(to={"a": 1}),  # was a traceback (unhashable)
     "record interventions[0], field interventions[0]: error: interventions[0]: a value of the wrong kind"),
    (lambda d: d["kingmaker_test"].update(outcome=-5),  # was a traceback in the report
     "record kingmaker_test, field kingmaker_test.outcome: error: kingmaker_test.outcome: write a text"),
    (lambda d: d["scenario"].update(holder={"a": 1}),  # was a traceback (unhashable)
     "record scenario, field holder: error: 'holder' must be an actor id"),
    (lambda d: d["scenario"].update(target="nobody-co"), "record scenario, field scenario.target: error: no actor 'nobody-co'"),
])
def test_what_a_scenario_run_refuses_is_named_by_line_and_field(seeded_db, tmp_path, capsys, change, where):
    doc = yaml.safe_load((ROOT / "cases" / "scenarios" / "openai-mass-exit.yaml").read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "scenario.yaml"
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    code, out = run(["scenario", "run", str(path), "--db", str(seeded_db)], capsys)
    assert code == 2 and "Traceback" not in out
    assert f"{path}:" in out and where in out, out
    line = int(out.split(f"{path}:", 1)[1].split(",", 1)[0])
    field = where.split("field ", 1)[1].split(":", 1)[0]
    last = field.replace("]", "").split(".")[-1].split("[")[-1]
    assert last in text.splitlines()[line - 1] or last.isdigit(), (line, text.splitlines()[line - 1])


@pytest.mark.parametrize("name,text,where", [
    ("x.ftm.jsonl", '{"id": "c1", "schema": {"a": 1}, "properties": {"name": ["C"]}}\n',  # was a traceback
     ":1, record line 1, field schema: error: unknown FtM schema"),
    ("x.json", '[{"statementID": "s-000000000000000000000000000000001", "statementType": {"a": 1}}]\n',  # traceback
     ":1, record statementId s-000000000000000000000000000000001, field recordType: error:"),
    ("x.yaml", "case: {id: c, title: C}\nsources:\n- null\n", ":3, record sources[0], field sources[0]: error: each entry"),
    ("x.psc.jsonl", '{"company_number": "01234567", "data": {"kind": "individual-person-with-significant-control", '
     '"name": "A", "links": {"self": {"a": 1}}}}\n', ":1, field data.links.self: error: links.self must be"),
])
def test_a_value_of_the_wrong_kind_is_named_by_line_and_field(tmp_path, capsys, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for args in (["validate", str(path)], ["load", str(path), "--db", str(tmp_path / "s.duckdb")]):
        code, out = run(args, capsys)
        assert code == 2 and "Traceback" not in out
        assert f"{path}{where}" in out, out


@pytest.mark.parametrize("change,where", [
    (lambda st: st[2]["recordDetails"]["interests"][0].update(type={"a": 1}),
     ":3, record statementId st-000000000000000000000000000003, field recordDetails.interests[0].type: error: an interest's type"),
    (lambda st: st[0]["recordDetails"].update(identifiers=-5),
     ":1, record statementId st-000000000000000000000000000001, field recordDetails.identifiers: error: identifiers must"),
    (lambda st: st[2]["recordDetails"]["interests"][0].update(directOrIndirect=["direct"]),
     ":3, record statementId st-000000000000000000000000000003, field recordDetails.interests[0].directOrIndirect: "
     "error: directOrIndirect must be"),
])
def test_a_bods_value_of_the_wrong_kind_names_its_field(tmp_path, capsys, change, where):
    """Both were "cannot read this statement: unhashable type / not iterable", naming no field."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("fuzz_seeds", ROOT / "tests" / "io" / "test_hostile_fuzz.py")
    seeds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seeds)  # the fuzz suite's valid seed: an entity, a person, a relationship
    statements = [json.loads(x) for x in seeds.BODS.splitlines()]
    change(statements)
    path = tmp_path / "x.jsonl"
    path.write_text("".join(json.dumps(st) + "\n" for st in statements), encoding="utf-8")
    code, out = run(["validate", str(path)], capsys)
    assert code == 2 and f"{path}{where}" in out, out


@pytest.mark.parametrize("command", [["validate", "{file}"], ["actors"], ["load", "{file}"]])
@pytest.mark.parametrize("what", ["not a store", "a directory", "empty"])
def test_a_db_that_is_not_a_store_is_bad_input(tmp_path, capsys, command, what):
    """``--db`` naming a file that is not a DuckDB store (or a directory) is the user's path: one line naming it,
    exit 2 as for any bad input (was exit 1, a failure), and the file is left as it was (review, session 5)."""
    db = tmp_path / "store.duckdb"
    if what == "a directory":
        db.mkdir()
    else:
        db.write_bytes(b"" if what == "empty" else b"not a database\n")
    before = None if db.is_dir() else db.read_bytes()
    data = tmp_path / "edges.csv"
    data.write_text("holder,subject,share\na,b,60\n", encoding="utf-8")
    capsys.readouterr()
    assert main([c.format(file=data) for c in command] + ["--db", str(db)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"cannot open store {db}" in err and "Traceback" not in err, err
    assert before is None or db.read_bytes() == before
