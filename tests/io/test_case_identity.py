"""Merges and splits stated in a case file (the ``identity`` section, docs/case-format.md): they join or
keep apart actors in every answer like ``kingmaker identity apply``; a bad entry — an unknown id, a person
merged with a company (in the file or in the store), one id twice, a malformed entry — is refused with
file:line and nothing changes; a replaced case file takes its rules with it."""
from __future__ import annotations

import json

import kingmaker
from io_support import refused, store_rows
from kingmaker.cli.app import main

BASE = """\
case: {id: acme, title: Acme group}
actors:
  - {id: acme-a, kind: company, name: Acme Ltd}
  - {id: acme-b, kind: company, name: ACME LIMITED}
  - {id: jo, kind: person, name: Jo Bloggs}
  - {id: target, kind: company, name: Target Ltd}
relations:
  - {id: r1, kind: shareholding, holder: jo, subject: acme-a, share: 60}
  - {id: r2, kind: shareholding, holder: acme-b, subject: target, share: 100}
"""
MERGE = """\
identity:
  - merge: [acme-a, acme-b]
    note: the annual report names both
"""


def _owners(db, subject="target") -> list[str]:
    with kingmaker.open(db) as km:
        return [o.actor for o in km.ubo(subject).beneficial_owners]


def test_a_merge_stated_in_a_case_file_joins_the_records(tmp_path):
    db = tmp_path / "s.duckdb"
    plain, merged = tmp_path / "plain.yaml", tmp_path / "merged.yaml"
    plain.write_text(BASE)
    merged.write_text(BASE + MERGE)
    with kingmaker.open(db) as km:
        km.load(plain)
    assert _owners(db) == []  # two records of one company: the chain stops short
    with kingmaker.open(db) as km:
        km.load(merged)
        (rule,) = km.store.identity_rules()
    assert (rule.action, rule.first, rule.second, rule.dataset) == ("merge", "acme-a", "acme-b", "case:acme")
    assert rule.origin == f"{merged}:{BASE.count(chr(10)) + 2}" and rule.note == "the annual report names both"
    assert _owners(db) == ["jo"]
    with kingmaker.open(db) as km:  # the case file changes again: its rules go with the old version
        km.load(plain)
        assert km.store.identity_rules() == []
    assert _owners(db) == []


def test_a_split_in_a_case_file_keeps_apart_records_sharing_an_identifier(tmp_path):
    db = tmp_path / "s.duckdb"
    same = BASE.replace("name: Acme Ltd}", "name: Acme Ltd, identifiers: {GB-COH: '01234567'}}").replace(
        "name: ACME LIMITED}", "name: ACME LIMITED, identifiers: {GB-COH: '1234567'}}")
    (tmp_path / "same.yaml").write_text(same)
    with kingmaker.open(db) as km:
        km.load(tmp_path / "same.yaml")
    assert _owners(db) == ["jo"]  # one actor per identifier
    (tmp_path / "split.yaml").write_text(same + "identity:\n  - {split: [acme-a, acme-b], note: two companies}\n")
    with kingmaker.open(db) as km:
        km.load(tmp_path / "split.yaml")
    assert _owners(db) == []


def test_bad_identity_entries_are_refused_with_file_and_line(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    (tmp_path / "base.yaml").write_text(BASE)
    assert main(["load", str(tmp_path / "base.yaml"), "--db", str(db)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("""\
case: {id: bad, title: Bad}
actors:
  - {id: x1, kind: company, name: X}
  - {id: p1, kind: person, name: P}
identity:
  - merge: [x1, nobody]
  - merge: [x1, p1]
  - split: [x1]
  - {merge: [x1, x1]}
  - {merge: [x1, acme-a], split: [x1, acme-a]}
  - {merge: [x1, acme-a], colour: red}
""")
    out = refused(bad, db, capsys)
    for line, words in ((6, "unknown actor 'nobody'"), (7, "cannot merge 'x1' (company) with 'p1' (person)"),
                        (8, "split names two actor ids"), (9, "names 'x1' twice"),
                        (10, "one merge or one split"), (11, "unknown field 'colour'")):
        assert f"bad.yaml:{line}," in out and words in out, (line, words, out)


def _merge_with_a_stored_person(tmp_path, capsys, command: str):
    """A store with BASE and its merge, and a file merging its own company y1 with the store's person jo, given
    to ``command`` (load or validate), which must refuse it: (store, file, the store's rows before, stderr)."""
    db = tmp_path / "s.duckdb"
    (tmp_path / "base.yaml").write_text(BASE + MERGE)
    assert main(["load", str(tmp_path / "base.yaml"), "--db", str(db)]) == 0
    cross = tmp_path / "cross.yaml"
    cross.write_text("case: {id: cross, title: Cross}\nactors:\n  - {id: y1, kind: company, name: Y}\n"
                     "identity:\n  - merge: [y1, target]\n  - merge: [y1, jo]\n")
    before = store_rows(db)
    capsys.readouterr()
    assert main([command, str(cross), "--db", str(db)]) == 2
    return db, cross, before, " ".join(capsys.readouterr().err.split())


def test_a_merge_with_a_person_in_the_store_is_refused_and_nothing_changes(tmp_path, capsys):
    """The file cannot know the kinds of the store's actors: the store checks them as it keeps the rules,
    inside the load's transaction, so the whole load (this file's actors included) is rolled back."""
    db, cross, before, err = _merge_with_a_stored_person(tmp_path, capsys, "load")
    assert "cross.yaml:6" in err and "cannot merge 'y1' (company) with 'jo' (person)" in err and "Traceback" not in err
    assert store_rows(db) == before
    assert main(["identity", "list", "--db", str(db), "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    assert [(r["first"], r["second"]) for r in rules] == [("acme-a", "acme-b")]


def test_validate_against_the_store_reports_a_merge_with_a_person_there(tmp_path, capsys):
    """`validate --db` checks a file as `load` into that store would — the store's actors are known ids and a
    merge naming one of its persons is refused with file:line — and writes nothing (issue 13: validate did not
    run the store-side check; without a store it can only say that 'jo' is unknown)."""
    db, cross, before, err = _merge_with_a_stored_person(tmp_path, capsys, "validate")
    assert "cross.yaml:6" in err and "cannot merge 'y1' (company) with 'jo' (person)" in err, err
    assert "cross.yaml:5" not in err and "unknown actor" not in err and "Traceback" not in err
    assert main(["validate", str(cross), "--db", str(db), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert [(e["file"], e["line"], e["field"]) for e in out["errors"]] == [(str(cross), 6, "merge")]
    assert store_rows(db) == before
    good = tmp_path / "good.yaml"
    good.write_text("case: {id: good, title: Good}\nactors:\n  - {id: y1, kind: company, name: Y}\n"
                    "identity:\n  - merge: [y1, target]\n")
    assert main(["validate", str(good), "--db", str(db)]) == 0
    assert main(["validate", str(good)]) == 2  # alone, 'target' is an unknown id
    assert store_rows(db) == before


def test_validate_against_the_store_holds_for_a_large_bods_file_too(shared_dir, tmp_path, monkeypatch, capsys):
    """A BODS file large enough for the DuckDB lane was checked in a scratch store that knew nothing of
    ``--db``: parties the store describes were 'not described in this file or the store' and counted as new
    unknown actors. Real material: Open Ownership's bods-package.json, its entities loaded first and its
    relationship statement checked after (review, session 5)."""
    package = json.loads((shared_dir / "corpora" / "bods-examples" / "bods-package.json").read_text(encoding="utf-8"))
    entities, rels = tmp_path / "entities.json", tmp_path / "rels.json"
    entities.write_text(json.dumps([s for s in package if s.get("recordType") != "relationship"]), encoding="utf-8")
    rels.write_text(json.dumps([s for s in package if s.get("recordType") == "relationship"]), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert main(["load", str(entities), "--db", str(db)]) == 0
    before = store_rows(db)
    said = {}
    for lane in ("0", "999999999"):  # the DuckDB lane, then the in-memory reader
        monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", lane)
        capsys.readouterr()
        assert main(["validate", str(rels), "--db", str(db), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        said[lane] = (out["counts"], [w["message"] for w in out["warnings"]])
    assert said["0"] == said["999999999"] and said["0"][0]["actors"] == 0 and not said["0"][1], said
    assert store_rows(db) == before
