"""Inconsistent data is reported where it is (issue 20, item 5): none of these files loads silently."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kingmaker.cli.app import main

HEAD = """case: {id: %s, title: T}
sources:
- {id: s1, title: Register}
evidence:
- {id: ev1, source: s1, quote: x}
actors:
- {id: a-co, kind: company, name: A}
- {id: b-co, kind: company, name: B}
- {id: c-co, kind: company, name: C}
- {id: t-co, kind: company, name: T}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path, db: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["load", str(path), "--db", str(db)])
    out = capsys.readouterr()
    return code, " ".join((out.out + out.err).split())  # the console wraps long lines


@pytest.mark.parametrize("shares", [(90, 90, 80), (100, 0.5, 0)])
def test_shareholdings_over_100_percent_warn_where_they_are(tmp_path, capsys, shares):
    rel = "".join(f"- {{id: {h}-t, kind: shareholding, holder: {h}-co, subject: t-co, share: {s}, from: 2020-01-01, "
                  f"evidence: [ev1]}}\n" for h, s in zip("abc", shares) if s)
    path = write(tmp_path, "over.yaml", HEAD % "over" + "relations:\n" + rel)
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 0
    assert f"add up to {sum(shares):g} %" in out and "'t-co'" in out and f"a-t {shares[0]} %" in out
    assert "over.yaml" in out and "warning" in out
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0  # validate says the same
    assert f"add up to {sum(shares):g} %" in " ".join(capsys.readouterr().err.split())


def test_shares_over_100_percent_across_files_and_times(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    edges = write(tmp_path, "first.csv", "holder,subject,share,valid_from,valid_to\na,t,60,2020-01-01,2021-01-01\n")
    assert load(edges, db, capsys)[0] == 0
    later = write(tmp_path, "later.csv", "holder,subject,share,valid_from\nb,t,60,2021-01-01\n")
    code, out = load(later, db, capsys)
    assert code == 0 and "add up to" not in out  # one ends the day the other starts: never together
    overlapping = write(tmp_path, "overlap.csv", "holder,subject,share,valid_from\nc,t,50,2020-06-01\n")
    code, out = load(overlapping, db, capsys)
    assert code == 0 and "add up to 110 % from 2020-06-01" in out and "(dataset edges-csv:first)" in out


def test_a_valid_share_split_gives_no_warning(tmp_path, capsys):
    rel = "".join(f"- {{id: {h}-t, kind: shareholding, holder: {h}-co, subject: t-co, share: {s}, evidence: [ev1]}}\n"
                  for h, s in zip("abc", (50, 30, 20)))
    code, out = load(write(tmp_path, "ok.yaml", HEAD % "ok" + "relations:\n" + rel), tmp_path / "s.duckdb", capsys)
    assert code == 0 and "add up to" not in out


def test_an_empty_validity_warns(tmp_path, capsys):
    path = write(tmp_path, "empty.yaml", HEAD % "empty" + "relations:\n- {id: a-t, kind: shareholding, holder: a-co, "
                 "subject: t-co, share: 30, from: 2020-01-01, to: 2020-01-01, evidence: [ev1]}\n")
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 0 and "never holds" in out and "empty.yaml:" in out and "valid_to" in out


@pytest.mark.parametrize("events", [
    "- {id: sale, date: 2021-01-01, kind: agreement, title: Sale, closes: [a-t], evidence: [ev1]}\n"
    "- {id: sale2, date: 2022-01-01, kind: agreement, title: Sale 2, closes: [a-t], evidence: [ev1]}\n",
    "- {id: sale, date: 2021-01-01, kind: agreement, title: Sale, closes: [a-t], evidence: [ev1]}\n"
    "- {id: sale2, date: 2022-01-01, kind: agreement, title: Sale 2, evidence: [ev1]}\n",
])
def test_an_events_closes_is_never_ignored(tmp_path, capsys, events):
    ended = ", ended_by: sale2" if "Sale 2, evidence" in events else ""
    path = write(tmp_path, "ev.yaml", HEAD % "ev" + "relations:\n- {id: a-t, kind: shareholding, holder: a-co, "
                 f"subject: t-co, share: 30, from: 2020-01-01{ended}, evidence: [ev1]}}\nevents:\n" + events)
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 2 and "ended by more than one event" in out and "'sale'" in out and "'sale2'" in out


def test_a_case_id_with_a_path_is_refused(tmp_path, capsys):
    path = write(tmp_path, "dots.yaml", "case: {id: ../../etc, title: Dots}\nactors:\n- {id: a-co, kind: company, name: A}\n")
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 2 and "case id '../../etc' is not an id" in out


def test_a_psc_company_number_with_sql_quotes_is_refused(tmp_path, capsys):
    line = {"company_number": "0123'; DROP TABLE actors;--", "data": {
        "kind": "individual-person-with-significant-control", "name": "A", "notified_on": "2020-01-01",
        "natures_of_control": ["ownership-of-shares-25-to-50-percent"], "links": {"self": "/x"}}}
    path = write(tmp_path, "quotes.psc.jsonl", json.dumps(line) + "\n")
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 2 and "is not a Companies House company number" in out and "company_number" in out


def _bods03(sid: int, kind: str, **fields) -> dict:
    return {"statementID": f"s-{sid:033d}", "statementType": kind,
            "publicationDetails": {"publicationDate": "2020-01-01", "bodsVersion": "0.3", "publisher": {"name": "R"}},
            **fields}


@pytest.mark.parametrize("cycle", [[1, 2], [1, 1], [1, 2, 5]])
def test_a_bods03_replacement_cycle_is_an_error(tmp_path, capsys, cycle):
    replaces = {a: b for a, b in zip(cycle, cycle[1:] + cycle[:1])}
    sts = [_bods03(i, "entityStatement", entityType="registeredEntity", name=f"E{i}",
                   **({"replacesStatements": [f"s-{replaces[i]:033d}"]} if i in replaces else {})) for i in (1, 2, 5)]
    sts += [_bods03(3, "personStatement", personType="knownPerson", names=[{"fullName": "P"}]),
            _bods03(4, "ownershipOrControlStatement", subject={"describedByEntityStatement": f"s-{1:033d}"},
                    interestedParty={"describedByPersonStatement": f"s-{3:033d}"},
                    interests=[{"type": "shareholding", "share": {"exact": 30}}])]
    path = write(tmp_path, "cycle03.json", json.dumps(sts, indent=1))
    code, out = load(path, tmp_path / "s.duckdb", capsys)
    assert code == 2 and "replacesStatements goes round in a circle" in out and "cycle03.json:" in out


def test_a_bods03_replacement_chain_is_fine(tmp_path, capsys):
    sts = [_bods03(1, "entityStatement", entityType="registeredEntity", name="Old"),
           _bods03(2, "entityStatement", entityType="registeredEntity", name="New", replacesStatements=[f"s-{1:033d}"])]
    code, out = load(write(tmp_path, "chain03.json", json.dumps(sts, indent=1)), tmp_path / "s.duckdb", capsys)
    assert code == 0, out
