"""The DuckDB lane for BODS (:mod:`kingmaker.io.bods.sql_lane`) against the record-by-record reader, which is
itself tested against Open Ownership's material (test_io_bods, test_io_bulk): on every file the lane
accepts, both give the same store (compared as models, not as text) and the same warnings (file, line,
record, field, in order); the lane never accepts a file the other reader rejects; when it declines,
nothing it did is left behind and the other reader's messages come out; its writes belong to the
load's transaction."""
from __future__ import annotations

import copy
import gzip
import json
import random
from pathlib import Path

import pytest
from io_support import SLOW, corpus

from kingmaker.errors import InvalidInput, UserError
from kingmaker.io.bods import reader as bods
from kingmaker.io.common import read_payload
from kingmaker.io.streaming import load_streamed
from kingmaker.model import Actor, Evidence, Relation, Source
from kingmaker.store import Store

PUB = {"publicationDate": "2024-03-01", "bodsVersion": "0.4", "publisher": {"name": "Test Register"}}
PUB2 = {"publicationDate": "2024-04-01", "bodsVersion": "0.4", "publisher": {"name": "Other Publisher",
                                                                          "url": "https://example.org"}}
SRC = {"type": ["officialRegister"], "description": "register extract"}
SRC_REORDERED = {"description": "register extract", "type": ["officialRegister"]}  # same source, other key order
SRC3 = {"type": ["thirdParty", "primaryResearch"], "retrievedAt": "2024-02-02"}


def _statement(i: int, kind: str, rid: str, date: str, details: dict, *, status: str = "new", pub=PUB, src=SRC,
               **extra) -> dict:
    return {"statementId": f"st-{i:030d}-{kind[0]}", "statementDate": date, "publicationDetails": pub,
            "source": src, "declarationSubject": rid, "recordId": rid, "recordType": kind, "recordStatus": status,
            "recordDetails": {"isComponent": False, **details}, **extra}


def varied_statements(companies: int = 120, seed: int = 7) -> list[dict]:
    """Schema-valid BODS 0.4 covering what the lane maps itself: entity kinds, names with Unicode
    whitespace, identifiers (repeated schemes, schemeName only), jurisdictions, persons, every share
    form, details, interests without type, no interests, annotations, inline unspecified parties,
    record series (updates, date ties decided by file order, closed records), ids that need hashing,
    several sources (one written with its keys in another order)."""
    rnd = random.Random(seed)
    out: list[dict] = []
    n = 0

    def add(kind, rid, date, details, **kw):
        nonlocal n
        n += 1
        out.append(_statement(n, kind, rid, date, details, **kw))

    kinds = ["registeredEntity", "legalEntity", "arrangement", "stateBody", "state", "anonymousEntity"]
    shares = [{"exact": 30}, {"minimum": 25, "maximum": 50}, {"exclusiveMinimum": 25, "maximum": 50},
              {"exclusiveMinimum": 50, "exclusiveMaximum": 75}, {"minimum": 75}, {"exact": 12.5}, None]
    for c in range(companies):
        ent = f"ent-{c}" if c % 9 else f"ENT/{c} Upper Case"  # the second form needs key()'s hashing
        per = f"per-{c}" if c % 11 else "p" * 120 + str(c)  # too long to be its own key
        etype = kinds[c % len(kinds)]
        details = {"entityType": {"type": etype}, "name": [f"Company {c} Ltd", f"\u00a0Company {c}\u2003 ", "  "][c % 3],
                   "alternateNames": [f" Alt {c} ", "\u3000"],
                   "identifiers": [{"scheme": "GB-COH", "id": f"{c:08d}"}, {"scheme": "GB-COH", "id": "dupe"},
                                   {"schemeName": "Local register", "id": f"L{c}"}],
                   "jurisdiction": [{"name": "United Kingdom", "code": "GB"}, {"name": "Ruritania"},
                                    {"name": "Nowhere", "code": "XX"}][c % 3]}
        if etype == "anonymousEntity":
            details["unspecifiedEntityDetails"] = {"reason": "subjectExemptFromDisclosure",
                                                   "description": "  kept word for word  "}
        add("entity", ent, "2024-01-01", details)
        if c % 5 == 0:  # an update on a later date: the latest statement wins
            later = copy.deepcopy(details)
            later["name"] = f"Company {c} Renamed"
            add("entity", ent, "2024-02-01", later, status="updated")
        add("person", per, "2024-01-01", {"personType": "knownPerson",
                                          "names": [{"type": "legal", "fullName": f" Person {c} "},
                                                    {"type": "alternative", "fullName": f"P. {c}"}]})
        interests = []
        for j in range(rnd.randint(0, 3)):
            interest = {"type": rnd.choice(["shareholding", "votingRights", "appointmentOfBoard",
                                            "rightsToProfitOrIncome", "boardMember", "seniorManagingOfficial",
                                            "otherInfluenceOrControl", "settlor"]),
                        "directOrIndirect": rnd.choice(["direct", "indirect", "unknown"]),
                        "beneficialOwnershipOrControl": rnd.choice([True, False]),
                        "startDate": f"20{10 + j}-0{1 + j}-1{j}"}
            share = rnd.choice(shares)
            if share is not None and interest["type"] in ("shareholding", "votingRights", "rightsToProfitOrIncome",
                                                          "otherInfluenceOrControl", "settlor"):
                interest["share"] = share
            if rnd.random() < 0.3:
                interest["details"] = f"details {c}-{j}"
            if rnd.random() < 0.1:
                del interest["type"]
            if rnd.random() < 0.2:
                interest["endDate"] = "2023-12-31"
            interests.append(interest)
        party: object = per
        if c % 7 == 3:
            party = {"reason": "interestedPartyHasNotProvidedInformation", "description": "Not given"}
        src, pub = [(SRC, PUB), (SRC_REORDERED, PUB), (SRC3, PUB2)][c % 3]
        extra = {}
        if c % 4 == 1:
            extra["annotations"] = [{"motivation": "commenting", "description": "checked by hand",
                                     "statementPointerTarget": "/recordDetails/interests/0"},
                                    {"motivation": "linking", "url": "https://example.org/doc",
                                     "statementPointerTarget": "/"}]
        rel = f"rel-{c}"
        add("relationship", rel, "2024-01-01", {"subject": ent, "interestedParty": party, "interests": interests},
            src=src, pub=pub, **extra)
        if c % 6 == 2:  # closed later: its interests end on that day
            add("relationship", rel, "2024-05-06", {"subject": ent, "interestedParty": party,
                                                    "interests": interests}, status="closed", src=src, pub=pub)
        # two statements on one day: the later one in the file wins (not after a 'closed' one: BODS 0.4 allows
        # no statement after it, and both readers say so)
        if c % 8 == 4 and out[-1]["recordStatus"] != "closed":
            tie = copy.deepcopy(out[-1])
            n += 1
            tie["statementId"] = f"st-{n:030d}-tie"
            tie["recordStatus"] = "updated"
            tie["recordDetails"]["interests"] = tie["recordDetails"]["interests"][:1]
            out.append(tie)
    check = bods.statement_checker()
    for st in out:
        assert not check(st), (st["statementId"], check(st)[:2])  # valid by the precise checker
    return out


def write(path: Path, statements: list[dict], layout: str = "lines") -> Path:
    if layout == "array":
        text = json.dumps(statements, indent=1, ensure_ascii=False)
    else:
        text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def store_content(store: Store) -> dict:
    """The store as models (JSON spelling aside: ``25`` vs ``25.0``, key order) and plain rows."""
    con = store.con
    out = {}
    for table, key, model in (("actors", "actor_id", Actor), ("relations", "relation_id", Relation),
                              ("evidence", "evidence_id", Evidence), ("sources", "source_id", Source)):
        rows = []
        for row in store.table_rows(table, key):  # actors and evidence with their statements back
            obj = model.model_validate_json(row[-2])
            if model is Evidence and read_payload(obj, "bods") is not None:
                obj = (obj.model_copy(update={"note": None}), read_payload(obj, "bods"))
            rows.append((row[:-2], obj, row[-1]))
        out[table] = rows
    out["identifiers"] = con.execute("SELECT * FROM actor_identifiers ORDER BY ALL").fetchall()
    out["actor_datasets"] = con.execute("SELECT * FROM actor_datasets ORDER BY ALL").fetchall()
    store.build_name_index()  # the lane's are made after the load (on the next opening or first name query)
    out["actor_names"] = con.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall()
    out["datasets"] = con.execute("SELECT dataset_id, title, format, sha256, counts FROM datasets ORDER BY 1").fetchall()
    return out


@pytest.fixture
def lane_on(monkeypatch):
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1")


def load_both(paths: list[Path], monkeypatch, tmp_path: Path, name: str = "s"):
    """Load ``paths`` with the lane offered and with the record-by-record reader only; returns per lane
    (outcome, store content, which lane each file took)."""
    from kingmaker.io import streaming

    results = {}
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        reads = {}

        def spy(path, known=None, reads=reads, **kw):
            reads[Path(path).name] = r = bods.stream(path, known, **kw)
            return r

        monkeypatch.setitem(streaming.STREAMERS, "bods", spy)
        store = Store(tmp_path / f"{name}-{lane}.duckdb")
        try:
            try:
                report = load_streamed(store, paths)
                outcome = ("ok", [str(w) for w in report.warnings])
            except (InvalidInput, UserError) as exc:
                outcome = ("error", str(exc))
            results[lane] = (outcome, store_content(store), {k: r.stats.get("lane") for k, r in reads.items()})
        finally:
            store.close()
    return results["1"], results["0"]


@pytest.mark.parametrize("name,layout", [("lines.jsonl", "lines"), ("array.json", "array"),
                                         ("packed.jsonl.gz", "lines"), ("lines-named.json", "lines")])
def test_lane_and_record_reader_build_the_same_store(tmp_path, monkeypatch, lane_on, name, layout):
    statements = varied_statements()
    path = write(tmp_path / name, statements, layout)
    (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([path], monkeypatch, tmp_path)
    assert lanes[path.name] == "sql", lanes
    assert out_rec[0] == "ok" and len(out_rec[1]) == (name == "lines-named.json")
    assert all("should hold a JSON array" in w for w in out_rec[1])
    assert out_sql == out_rec
    assert store_sql == store_rec
    # the mapping really covered the varied parts
    kinds = {a[1].kind.value for a in store_sql["actors"]}
    assert {"company", "person", "unknown", "fund", "state", "state_body"} <= kinds
    assert any(r[1].validity.valid_to is not None for r in store_sql["relations"])  # closed records, endDate
    assert any(a[1].id != "bods:" + a[1].extra["bods"].get("recordId", "") for a in store_sql["actors"]
               if a[1].kind.value != "unknown")  # ids that key() had to hash
    assert len(store_sql["sources"]) == 2  # the reordered source is the same source
    assert any(e[1].quote == "checked by hand" for e in store_sql["evidence"] if isinstance(e[1], Evidence))


def test_lane_accepts_the_official_examples_and_valid_files_as_the_other_reader(shared_dir, tmp_path, monkeypatch,
                                                                                 lane_on):
    files = sorted(corpus(shared_dir, "bods-examples").glob("*.json"))
    valid = sorted(corpus(shared_dir, "bods-validity", "valid").glob("*.json"))
    invalid = sorted(corpus(shared_dir, "bods-validity", "invalid").glob("*.json"))
    if SLOW:
        files += valid + invalid
    else:  # a fixed spread of them by default; every one in slow mode
        files += valid[::6] + invalid[::12]
    accepted = 0
    for i, path in enumerate(files):
        (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([path], monkeypatch, tmp_path, f"c{i}")
        assert out_sql == out_rec, path.name
        if lanes.get(path.name) == "sql":
            accepted += 1
            assert out_rec[0] == "ok", (path.name, out_rec)  # never accepts what the other reader rejects
            assert store_sql == store_rec, path.name
        else:
            assert store_sql == store_rec, path.name  # declined: the other reader's result, nothing extra
    assert accepted >= (100 if SLOW else 20), accepted


def test_a_bad_statement_makes_the_lane_decline_and_the_reader_name_it(tmp_path, monkeypatch, lane_on):
    statements = varied_statements(40)
    bad = copy.deepcopy(statements[-1])
    bad["statementId"] = "st-bad" + "0" * 30
    bad["recordDetails"]["interests"] = [{"type": "shareholding", "share": {"exact": 140}}]
    path = write(tmp_path / "bad.jsonl", statements + [bad])
    store = Store(tmp_path / "bad.duckdb")
    before = store.fingerprint()
    with pytest.raises(InvalidInput) as err:
        load_streamed(store, [path])
    text = str(err.value)
    assert f"bad.jsonl:{len(statements) + 1}" in text and "st-bad" in text and "share.exact" in text
    assert store.fingerprint() == before and store.datasets() == []
    assert store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'km_%'").fetchall()[0][0] == 0


@pytest.mark.parametrize("blank_line", [False, True])
def test_dangling_references_and_person_subjects_are_warned_as_by_the_reader(tmp_path, monkeypatch, lane_on,
                                                                             blank_line):
    statements = varied_statements(30)
    counts = {}
    for st in statements:
        counts[st["recordId"]] = counts.get(st["recordId"], 0) + 1
    rels = [s for s in statements if s["recordType"] == "relationship" and counts[s["recordId"]] == 1]
    rels[0]["recordDetails"]["interestedParty"] = "nobody-described"
    rels[3]["recordDetails"]["interestedParty"] = "nobody-described"  # twice: one placeholder, two warnings
    rels[5]["recordDetails"]["subject"] = "Also Missing/Upper"  # an id key() has to hash
    person = next(s for s in statements if s["recordType"] == "person")
    rels[7]["recordDetails"]["subject"] = person["recordId"]  # a person as subject
    lines = [json.dumps(s) for s in statements]
    if blank_line:  # line numbers can no longer be positions: read off the file
        lines.insert(4, "")
    path = tmp_path / "dangling.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([path], monkeypatch, tmp_path)
    assert out_sql == out_rec and store_sql == store_rec
    warnings = out_rec[1]
    assert len(warnings) == 4 and sum("nobody-described" in w for w in warnings) == 2
    assert any("is a person record" in w for w in warnings)
    placeholders = [a for a in store_sql["actors"] if a[1].extra.get("bods", {}).get("placeholder")]
    assert len(placeholders) == 2
    assert lanes[path.name] == "sql"  # with a blank line DuckDB skips it; the lines come from the file


def test_broken_json_is_reported_by_line(tmp_path, monkeypatch, lane_on):
    lines = [json.dumps(s) for s in varied_statements(20)]
    lines[10] = lines[10][:-5]
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(tmp_path / "broken.duckdb")
    with pytest.raises(InvalidInput) as err:
        load_streamed(store, [path])
    # the reader's own message: the file, "broken JSON" and the line where its decoder gave up (the
    # stretch after line 11 is re-read as pretty-printed JSON, so that is a line or two further on)
    assert "broken.jsonl:1" in str(err.value) and "broken JSON" in str(err.value)
    assert store.datasets() == []


def test_lane_writes_are_part_of_the_load_transaction(tmp_path, monkeypatch, lane_on):
    good = write(tmp_path / "good.jsonl", varied_statements(30))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"statementId": "x"}\n', encoding="utf-8")
    store = Store(tmp_path / "tx.duckdb")
    before = store.fingerprint()
    with pytest.raises(InvalidInput):
        load_streamed(store, [good, bad])
    assert store.fingerprint() == before and store.datasets() == []
    # and a failure after the lane wrote its rows rolls them back too
    from kingmaker.io.bods.sql_lane import BodsSqlLoad

    original = BodsSqlLoad._write

    def write_then_fail(self, *args):
        original(self, *args)
        raise RuntimeError("simulated failure after the lane's inserts")

    monkeypatch.setattr(BodsSqlLoad, "_write", write_then_fail)
    with pytest.raises(RuntimeError):
        load_streamed(store, [good])
    assert store.fingerprint() == before and store.datasets() == []


def test_reload_and_clashes_behave_as_with_the_reader(tmp_path, monkeypatch, lane_on):
    statements = varied_statements(40)
    path = write(tmp_path / "reg.jsonl", statements)
    # a changed file replaces the dataset (some actors are then already in the store)
    (tmp_path / "reg2").mkdir()
    shorter = write(tmp_path / "reg2" / "reg.jsonl", statements[:-20])  # same dataset id, new content
    (_, s1, l1), (_, t1, _) = load_both([path], monkeypatch, tmp_path, "first")
    assert l1["reg.jsonl"] == "sql" and s1 == t1
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        store = Store(tmp_path / f"first-{lane}.duckdb")
        result = load_streamed(store, [shorter]).results[0]
        assert result.status == "replaced"
        if lane == "1":
            replaced = store_content(store)
        else:
            assert store_content(store) == replaced
        store.close()
    # an actor the store holds as a person, declared here as an entity: the same refusal as the reader's
    person_first = [s for s in statements if s["recordType"] == "person"][-1:]  # not among statements[:10]
    clash = copy.deepcopy(statements[0])
    clash["recordId"] = person_first[0]["recordId"]
    clash["statementId"] = "st-clash" + "0" * 30
    messages = []
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        store = Store(tmp_path / f"clash-{lane}.duckdb")
        load_streamed(store, [write(tmp_path / "people.jsonl", person_first)])
        with pytest.raises(UserError) as err:
            load_streamed(store, [write(tmp_path / "clash.jsonl", [clash] + statements[:10])])
        messages.append(str(err.value))
        store.close()
    assert messages[0] == messages[1] and "already in the store as a person" in messages[0]


@pytest.mark.parametrize("mangle", [
    lambda line: line[:-1] + ",}",  # a trailing comma: DuckDB's reader takes it, Python's doesn't
    lambda line: line.replace('"exact": 30', '"exact": NaN'),  # NaN: DuckDB reads it as a number
    lambda line: line.replace('"exact": 30', '"exact": Infinity'),
], ids=["trailing-comma", "nan", "infinity"])
def test_json_only_duckdb_would_take_goes_to_the_reader(tmp_path, monkeypatch, lane_on, mangle):
    statements = varied_statements(30)
    lines = [json.dumps(s) for s in statements]
    target = next(i for i, line in enumerate(lines) if '"exact": 30' in line)
    lines[target] = mangle(lines[target])
    assert lines[target] != json.dumps(statements[target])
    path = tmp_path / "lenient.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([path], monkeypatch, tmp_path)
    assert lanes[path.name] != "sql"
    assert out_sql == out_rec and store_sql == store_rec


def test_cli_says_which_reader_read_the_file(tmp_path, monkeypatch, lane_on):
    from typer.testing import CliRunner

    from kingmaker.cli.app import app

    path = write(tmp_path / "reg.jsonl", varied_statements(20))
    result = CliRunner().invoke(app, ["load", str(path), "--db", str(tmp_path / "cli.duckdb"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["datasets"][0]["reader"] == "sql"
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "0")
    result = CliRunner().invoke(app, ["load", str(path), "--db", str(tmp_path / "cli2.duckdb")])
    assert result.exit_code == 0 and "read record by record" in result.output


def test_a_load_killed_inside_the_lanes_inserts_leaves_the_store_as_it_was(tmp_path):
    import subprocess
    import sys
    import textwrap

    first = write(tmp_path / "first.jsonl", varied_statements(15))
    big = write(tmp_path / "big.jsonl", varied_statements(60, seed=3))
    db = tmp_path / "killed.duckdb"
    with Store(db) as store:
        load_streamed(store, [first])  # something in the store already
        before = store.fingerprint()
    script = textwrap.dedent(f"""
        import os
        os.environ["KINGMAKER_BODS_SQL_MIN_BYTES"] = "0"
        from kingmaker.store.store import Store
        from kingmaker.io.streaming import load_streamed
        original = Store._insert_from
        def dying_insert(self, table, source, *args, **kw):
            original(self, table, source, *args, **kw)
            if table == "actors":
                assert source.startswith("km"), source  # the lane's own insert
                os._exit(9)   # killed half-way through the lane's writes
        Store._insert_from = dying_insert
        load_streamed(Store({str(db)!r}), [{str(big)!r}])
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    with Store(db) as store:
        assert store.fingerprint() == before
        assert [d.id for d in store.datasets()] == ["bods:first"]


def test_validate_checks_a_large_file_like_load(tmp_path, monkeypatch, lane_on):
    from kingmaker.cli.app import main

    good = write(tmp_path / "good.jsonl", varied_statements(20))
    statements = varied_statements(20)
    statements[-1]["recordDetails"]["interests"] = [{"type": "shareholding", "share": {"exact": 140}}]
    bad = write(tmp_path / "bad.jsonl", statements)
    monkeypatch.setenv("KINGMAKER_DB", str(tmp_path / "never.duckdb"))
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(bad)]) == 2
    assert not (tmp_path / "never.duckdb").exists()
    with Store(tmp_path / "ref.duckdb") as store:  # the counts are those of a load
        counts = load_streamed(store, [good]).results[0].counts
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["validate", str(good), "--json"]) == 0
    reported = json.loads(out.getvalue())
    assert reported["ok"] and reported["counts"] == {k: counts[k] for k in ("actors", "relations", "evidence",
                                                                            "sources")}


def test_references_to_other_files_and_to_the_store_resolve_as_with_the_reader(tmp_path, monkeypatch, lane_on):
    statements = varied_statements(30)
    parties = [s for s in statements if s["recordType"] != "relationship"]
    ties = [s for s in statements if s["recordType"] == "relationship"]
    first = write(tmp_path / "parties.jsonl", parties)
    second = write(tmp_path / "ties.jsonl", ties)  # every subject and party is described in the first file
    (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([first, second], monkeypatch, tmp_path, "two")
    assert lanes == {"parties.jsonl": "sql", "ties.jsonl": "sql"}
    assert out_sql == out_rec == ("ok", []) and store_sql == store_rec
    # one file after the other: the second one's references resolve against the store
    results = []
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        with Store(tmp_path / f"seq-{lane}.duckdb") as store:
            load_streamed(store, [first])
            report = load_streamed(store, [second])
            assert report.warnings == [] and report.readers["bods:ties"] == ("sql" if lane == "1" else
                                                                              "record by record")
            results.append(store_content(store))
    assert results[0] == results[1]


def test_record_series_of_the_official_examples_give_the_same_store_in_both_lanes(shared_dir, tmp_path, monkeypatch,
                                                                                  lane_on):
    """fermcat.json keeps every statement of its relationship records (full history, issue 13): the lane
    computes the same periods, relation ids (``…:s<n>`` for superseded statements) and evidence as the reader."""
    path = corpus(shared_dir, "bods-examples") / "fermcat.json"
    (out_sql, store_sql, lanes), (out_rec, store_rec, _) = load_both([path], monkeypatch, tmp_path, "fermcat")
    assert lanes[path.name] == "sql", lanes
    assert out_sql == out_rec and store_sql == store_rec
    ids = [r[1].id for r in store_sql["relations"]]
    # 17 interests; the 3 of closing statements end others; the unchanged confirmations (2020-09-11, 2021-09-11
    # 16:15) extend the holdings they confirm: one relation per holding (issue 13), each with every statement
    assert len(ids) == 6 and sum(":s" in i for i in ids) == 5


def test_the_load_counts_the_relations_the_store_keeps_after_folding_confirmations(shared_dir, tmp_path, monkeypatch,
                                                                                    lane_on):
    """A load's summary ('… N relations') counted the relations mapped before unchanged confirmations were folded
    into the holdings they confirm: fermcat.json said 14 where the store keeps 6 — in both lanes."""
    path = corpus(shared_dir, "bods-examples") / "fermcat.json"
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        with Store(tmp_path / f"count-{lane}.duckdb") as store:
            report = load_streamed(store, [path])
            kept = store.con.execute("SELECT count(*) FROM relations").fetchall()[0][0]
            assert [r.counts["relations"] for r in report.results] == [kept] == [6], lane


def test_large_files_are_checked_by_workers_and_declined_as_by_the_sql_check(tmp_path, monkeypatch, lane_on):
    """Over 1 MB the compiled check (jsonschema-rs in worker processes) checks a JSON Lines file: a valid file
    goes through the lane with it, and the same file with one statement out of the schema in its second half is
    declined and named by the other reader — as with the SQL predicate (``KINGMAKER_BODS_CHECK=sql``)."""
    statements = varied_statements(2500)
    good = write(tmp_path / "good.jsonl", statements)
    assert good.stat().st_size > 2 << 20
    bad_statements = copy.deepcopy(statements)
    k = len(statements) * 3 // 4
    while bad_statements[k]["recordType"] != "relationship" or not bad_statements[k]["recordDetails"]["interests"]:
        k += 1
    bad_statements[k]["recordDetails"]["interests"][0]["startDate"] = "2020-02-30"  # the format test
    bad = write(tmp_path / "bad.jsonl", bad_statements)
    from kingmaker.io import streaming

    reads = {}

    def spy(path, known=None, **kw):
        reads[Path(path).name] = r = bods.stream(path, known, **kw)
        return r
    monkeypatch.setitem(streaming.STREAMERS, "bods", spy)
    for check in ("compiled", "sql"):
        monkeypatch.setenv("KINGMAKER_BODS_CHECK", check)
        store = Store(tmp_path / f"good-{check}.duckdb")
        try:
            load_streamed(store, [good])
        finally:
            store.close()
        assert reads["good.jsonl"].stats["lane"] == "sql"
        assert reads["good.jsonl"].stats.get("check") == ("compiled" if check == "compiled" else None)
        store = Store(tmp_path / f"bad-{check}.duckdb")
        try:
            with pytest.raises(InvalidInput) as err:
                load_streamed(store, [bad])
            assert reads["bad.jsonl"].stats["lane"].startswith("record by record (the SQL lane declined: statement #")
            assert f"bad.jsonl:{k + 1}" in str(err.value) and "2020-02-30" in str(err.value)
        finally:
            store.close()


def test_each_statement_is_stored_once_and_read_back_in_place(tmp_path, lane_on):
    """Schema 5: the lane keeps each statement of the file once, verbatim, in ``statements``; the actors and
    evidence made from it hold its key instead of a copy, and read back with it in place."""
    statements = varied_statements(30)
    path = write(tmp_path / "once.jsonl", statements)
    by_id = {st["statementId"]: st for st in statements}
    with Store(tmp_path / "once.duckdb") as store:
        load_streamed(store, [path])
        con = store.con
        stored = con.execute("SELECT statement_id, data, dataset_id FROM statements ORDER BY statement_key").fetchall()
        assert [r[0] for r in stored] == list(by_id)
        assert [r[1] for r in stored] == path.read_text(encoding="utf-8").splitlines()  # verbatim
        assert {r[2] for r in stored} == {"bods:once"}
        for table in ("actors", "evidence"):  # a key, no copy
            keyed, copies = con.execute(f"SELECT count(*), count(*) FILTER (WHERE contains(data::VARCHAR, 'statementId')) "
                                        f"FROM {table} WHERE statement_key IS NOT NULL").fetchone()
            assert keyed > 20 and copies == 0, table
        actors = [a for a in store.actors() if "statementId" in a.extra.get("bods", {})]
        payloads = [read_payload(e, "bods") for e in store.evidence()]
        payloads = [p for p in payloads if p is not None]
        assert (len(actors), len(payloads)) == con.execute(
            "SELECT (SELECT count(*) FROM actors WHERE statement_key IS NOT NULL), "
            "(SELECT count(*) FROM evidence WHERE statement_key IS NOT NULL)").fetchone()
        assert all(a.extra["bods"] == by_id[a.extra["bods"]["statementId"]] for a in actors)
        assert all(p == by_id[p["statementId"]] for p in payloads)
        assert store.actor(actors[0].id) == actors[0] and store.actors_by_id([a.id for a in actors[:3]]) == actors[:3]
        # one at a time (statement or none) as in the whole-table read
        every = store.actors()
        assert len(every) > len(actors) and [store.actor(a.id) for a in every] == every
        assert store.evidence([e.id for e in store.evidence()[:5]]) == store.evidence()[:5]


def test_an_actor_another_dataset_keeps_takes_its_statement_back_when_its_own_goes(tmp_path, monkeypatch, lane_on):
    """An actor two datasets describe holds the later one's statement; when that dataset is removed the actor
    stays (the other vouches for it) with the same record as before schema 5, while the removed dataset's
    statements go — as the record-by-record reader's store, which keeps the statement in the actor's row."""
    statements = varied_statements(20)
    first = write(tmp_path / "first.jsonl", statements)
    renamed = []
    for st in statements:
        if st["recordType"] == "entity" and st["recordStatus"] == "new" and len(renamed) < 5:
            st = copy.deepcopy(st)
            st["statementId"] = "again-" + st["statementId"]
            st["recordDetails"]["name"] = "Renamed " + st["recordDetails"].get("name", "")
            renamed.append(st)
    second = write(tmp_path / "second.jsonl", renamed)
    contents = []
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        with Store(tmp_path / f"shared-{lane}.duckdb") as store:
            load_streamed(store, [first])
            load_streamed(store, [second])
            ids = ["bods:" + st["recordId"] for st in renamed if "/" not in st["recordId"]]
            assert ids and all(a.name.startswith("Renamed") for a in store.actors_by_id(ids))
            assert store.remove_dataset("bods:second")
            kept = store.actors_by_id(ids)
            assert [a.extra["bods"]["statementId"] for a in kept] == [
                st["statementId"] for st in renamed if "/" not in st["recordId"]]
            assert store.con.execute("SELECT count(*) FROM statements WHERE dataset_id = 'bods:second'").fetchone()[0] == 0
            contents.append(store_content(store))
    assert contents[0] == contents[1]


def test_a_store_written_before_statements_were_kept_once_opens_and_answers_as_before(tmp_path, lane_on):
    """A store of schema 4 (each statement inside its actor's or evidence's row, as the lane wrote it before)
    reads as it did when opened read-only, and opened for writing is migrated: the same answers, and a
    new load through the lane lands beside the old rows."""
    import duckdb

    from kingmaker.store.schema import CURRENT_VERSION, schema_version, with_statements

    old = write(tmp_path / "old.jsonl", varied_statements(25))
    db = tmp_path / "four.duckdb"
    with Store(db) as store:
        load_streamed(store, [old])
        expected = store_content(store)
        # rewrite it as schema 4 left it: the statements back in the rows, no statements table, no keys
        for table, key in (("actors", "actor_id"), ("evidence", "evidence_id")):
            store.con.execute(f"""UPDATE {table} SET data = CAST(f.data AS JSON)
                                  FROM ({with_statements(table, [key, 'data'])}) f WHERE {table}.{key} = f.{key}""")
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE statements")
    con.execute("ALTER TABLE actors DROP COLUMN statement_key")
    con.execute("ALTER TABLE evidence DROP COLUMN statement_key")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    assert con.execute("SELECT count(*) FROM actors WHERE contains(data::VARCHAR, 'statementId')").fetchone()[0] > 20
    con.close()
    with Store(db, read_only=True) as store:
        assert schema_version(store.con) == 4 and store_content(store) == expected
    with Store(db) as store:  # opened for writing: migrated
        assert schema_version(store.con) == CURRENT_VERSION and store_content(store) == expected
        others = [json.loads(json.dumps(st).replace('"ent-', '"new-ent-').replace('"ENT/', '"NEW/').replace(
            '"per-', '"new-per-').replace('"rel-', '"new-rel-').replace('"ppp', '"qpp')) for st in varied_statements(10)]
        load_streamed(store, [write(tmp_path / "new.jsonl", others)])  # records of its own
        assert store.con.execute("SELECT count(DISTINCT dataset_id) FROM statements").fetchone()[0] == 1
        assert store.remove_dataset("bods:new") and store_content(store) == expected


def test_lane_relations_keep_only_their_tail_and_read_back_as_the_record_readers_json(tmp_path, monkeypatch, lane_on):
    """A relation the lane writes keeps no JSON of its own, only what follows its subject (``data_tail``, schema 6);
    the ``relations`` view gives back the very text the record-by-record reader stores (the model's dump), byte for
    byte — not only the same model."""
    path = write(tmp_path / "lines.jsonl", varied_statements(), "lines")
    texts = {}
    for lane in ("1", "0"):
        monkeypatch.setenv("KINGMAKER_BODS_SQL", lane)
        store = Store(tmp_path / f"tail-{lane}.duckdb")
        try:
            report = load_streamed(store, [path])
            texts[lane] = store.con.execute("SELECT relation_id, data FROM relations ORDER BY 1").fetchall()
            if lane == "1":
                assert list(report.readers.values()) == ["sql"]
                # every row one or the other; only a record series' earlier statements, whose periods the load
                # sets afterwards (kingmaker.io.bods.series), are rewritten with their JSON
                rows, tails, whole, series = store.con.execute(
                    "SELECT count(*), count(data_tail), count(data), count(*) FILTER (WHERE data IS NOT NULL AND "
                    "regexp_matches(relation_id, ':s[0-9]+$')) FROM relation_rows WHERE (data IS NULL) <> (data_tail IS NULL)"
                ).fetchall()[0]
                assert rows == len(texts[lane]) and tails > 0.9 * rows and whole == series, (rows, tails, whole, series)
        finally:
            store.close()
    assert texts["1"] == texts["0"]


def _name_answers(store: Store) -> dict:
    """What the name questions answer (search, look-up, suggestions, keys), for texts of the varied statements."""
    texts = ["Company 1", "company 12 ltd", "Alt 4", "Person 7", "P. 9", "Renamed", "00000013", "Compnay 2"]
    return {"find": {t: [a.id for a in store.find_actors(t)] for t in texts},
            "lookup": {t: [a.id for a in store.lookup_actors(t)] for t in texts},
            "suggest": {t: [a.id for a in store.suggest_actors(t)] for t in texts},
            "keys": store.name_keys(["Company1", "Company12", "Alt4", "Person7", "Company"]),
            "by_keys": [a.id for a in store.actors_by_name_keys(["Company3", "Alt5"], last_words=["7"])]}


def _pending(store: Store) -> list:
    return [r[0] for r in store.con.execute("SELECT dataset_id FROM actor_names_pending ORDER BY 1").fetchall()]


def test_lane_name_index_made_after_the_load_answers_as_the_record_readers(tmp_path, monkeypatch, lane_on):
    """The lane leaves its actors' rows of the name index (``actor_names``) to be made after the load (schema 9:
    ``actor_names_pending``, not ~6 CPU-s of a 10⁶-statement load): before they are made a store opened read-only
    computes them for each name question, a store open for writing makes them at its first name question, and the
    next opening for writing or reading (``"shared"``) makes them — every answer and, once made, every row as the
    record-by-record reader's."""
    path = write(tmp_path / "lines.jsonl", varied_statements(), "lines")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "0")
    with Store(tmp_path / "reader.duckdb") as store:
        load_streamed(store, [path])
        rows = store.con.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall()
        expected = _name_answers(store)
    assert len(rows) > 500 and expected["find"]["Company 1"] and expected["suggest"]["Compnay 2"]
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1")
    for reopen in ("shared", False):
        db = tmp_path / f"lane-{reopen}.duckdb"
        with Store(db) as store:
            load_streamed(store, [path])
            assert _pending(store) == ["bods:lines"]  # the lane took it (the other reader makes them at once)
            assert store.con.execute("SELECT count(*) FROM actor_names").fetchone()[0] == 0
        with Store(db, read_only=True) as store:  # not made yet: computed for each question
            assert _name_answers(store) == expected and _pending(store) == ["bods:lines"]
        with Store(db, read_only=reopen) as store:  # the next opening makes them
            assert _pending(store) == []
            assert store.con.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall() == rows
            assert _name_answers(store) == expected
    with Store(tmp_path / "same.duckdb") as store:  # in the loading process: made by the first name question
        load_streamed(store, [path])
        assert _name_answers(store) == expected and _pending(store) == []
        assert store.con.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall() == rows


def test_a_read_beside_another_reader_answers_while_the_lane_names_are_still_to_be_made(tmp_path, lane_on):
    """A store whose name rows a BODS bulk load left to be made, opened for reading (``"shared"``, as every read
    command and the API's readers open it) while another process holds it read-only (``kingmaker serve``, another
    read command): the brief read-write opening that would make them cannot be had, and the read goes on read-only,
    computing them for its connection — before, it waited and then failed, saying the store was in use and had to
    be given up "to change the store", though the user only read it."""
    import subprocess
    import sys

    path = write(tmp_path / "lines.jsonl", varied_statements(12), "lines")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        load_streamed(store, [path])
        assert _pending(store) == ["bods:lines"]
    with Store(db, read_only=True) as store:
        expected = _name_answers(store)
    hold = "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); print('held', flush=True); sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with Store(db, read_only="shared", wait=0.5) as store:
            assert store.read_only and _name_answers(store) == expected and _pending(store) == ["bods:lines"]
    finally:
        holder.communicate("")
    with Store(db, read_only="shared") as store:  # alone again: the next opening makes them
        assert _pending(store) == [] and _name_answers(store) == expected


def test_lane_names_still_to_be_made_survive_the_removal_of_their_dataset(tmp_path, lane_on):
    """An actor of a dataset whose name rows are still to be made, kept by another dataset when that one is removed,
    is still found by its names (its rows are made as the other dataset's)."""
    statements = varied_statements(6)
    first = [st for st in statements if st["recordId"] == "ent-1"][:1]  # one company, stated by both files
    with Store(tmp_path / "s.duckdb") as store:
        load_streamed(store, [write(tmp_path / "one.jsonl", first)])
        store.build_name_index()
        load_streamed(store, [write(tmp_path / "all.jsonl", statements)])
        assert _pending(store) == ["bods:all"]
        assert store.remove_dataset("bods:all")
        assert [a.id for a in store.find_actors("Company 1")] == ["bods:ent-1"]
        assert store.name_keys(["Company1"])[0] == {"Company1"}


def _compressions(store: Store) -> dict:
    """The compressions each column of long text is stored with (``pragma_storage_info``, its string segments)."""
    return {table: {r[0] for r in store.con.execute(
                f"SELECT DISTINCT compression FROM pragma_storage_info('{table}') WHERE column_name = ? "
                "AND segment_type <> 'VALIDITY'", [column]).fetchall()}
            for table, column in (("statements", "data"), ("actors", "data"), ("evidence", "data"),
                                  ("relation_rows", "data_tail"))}


def test_long_text_stored_with_zstd_where_the_file_can_hold_it(tmp_path, lane_on):
    """A new store keeps its long text (BODS statements, the model's JSON, relation tails) compressed by zstd, not by
    DuckDB's per-segment choice (FSST or dictionary, analysed as each segment is written: ~40 % of the CPU time of
    storing BODS statements); a store file of an older storage version, which cannot hold zstd, is made and written
    with DuckDB's choice. Both answer the same."""
    import duckdb

    path = write(tmp_path / "lines.jsonl", varied_statements(), "lines")
    new, old = tmp_path / "new.duckdb", tmp_path / "old.duckdb"
    duckdb.connect(str(old), config={"storage_compatibility_version": "v1.0.0"}).close()
    found, contents = {}, {}
    for db in (new, old):
        with Store(db) as store:
            load_streamed(store, [path])
            store.con.execute("CHECKPOINT")
            found[db] = _compressions(store)
        with Store(db) as store:  # opened again: the lane's name rows made
            contents[db] = store_content(store)
    assert all(c == {"ZSTD"} for c in found[new].values()), found[new]
    assert all(c and "ZSTD" not in c for c in found[old].values()), found[old]
    assert contents[new] == contents[old]


def test_a_truncated_gzip_sent_to_the_lane_is_refused_naming_the_file(tmp_path, lane_on, capsys):
    """A gzip file cut short that the lane takes (its size measured before DuckDB reads it) gives the reader's
    error — the file named, "damaged or truncated" — and loads nothing, through ``load`` and ``validate``: before,
    the lane let the decompressor's EOFError out, which the CLI's framework took for Ctrl-D: 'aborted', exit 1,
    no file named."""
    from kingmaker.cli.app import main

    whole = gzip.compress("".join(json.dumps(s) + "\n" for s in varied_statements(12)).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    db = tmp_path / "s.duckdb"
    for command in (["load", str(cut), "--db", str(db)], ["validate", str(cut)]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert "cut.jsonl.gz" in err and "truncated" in err and "aborted" not in err, err
    with Store(db, read_only=True) as store:
        assert store.datasets() == []


def test_the_name_rows_a_load_left_are_made_under_the_load_memory_bound(tmp_path, monkeypatch, lane_on):
    """The name rows a BODS bulk load leaves to be made (schema 9) are made — by the next opening's migration or a
    store's first name question — under the load's memory bound (``KINGMAKER_LOAD_MEMORY``), as they were when the
    load made them; before, that work ran with DuckDB's default (most of the machine's memory)."""
    import duckdb

    from kingmaker.store.schema import build_pending_names

    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        load_streamed(store, [write(tmp_path / "lines.jsonl", varied_statements(12), "lines")])
        assert _pending(store) == ["bods:lines"]
    monkeypatch.setenv("KINGMAKER_LOAD_MEMORY", "100MB")

    class Spy:
        """The connection, noting DuckDB's memory limit as each name row is written."""

        def __init__(self, con):
            self.con, self.limits = con, []

        def execute(self, sql, *args):
            if sql.startswith("INSERT INTO actor_names "):
                self.limits.append(self.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
            return self.con.execute(sql, *args)

    scratch = duckdb.connect()
    scratch.execute("SET memory_limit = '100MB'")
    bounded = scratch.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    con = duckdb.connect(str(db))
    try:
        before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        spy = Spy(con)
        build_pending_names(spy)
        assert spy.limits == [bounded] and bounded != before
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == before
        assert con.execute("SELECT count(*) FROM actor_names").fetchone()[0] > 0
    finally:
        con.close()


def test_a_read_of_a_store_it_cannot_write_answers_while_the_lane_names_are_still_to_be_made(tmp_path, monkeypatch,
                                                                                              lane_on):
    """The brief read-write opening that would make a BODS bulk load's pending name rows fails on a file this user
    cannot write (a read-only mount, another user's file: DuckDB's "Permission denied", a :class:`UserError`): a
    reading command then reads on read-only, computing them for its connection — it failed, though only reading
    (``extract --against`` opened such stores strictly read-only before session 11, and now opens them as the
    other reading commands do)."""
    from kingmaker.errors import UserError

    path = write(tmp_path / "lines.jsonl", varied_statements(12), "lines")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        load_streamed(store, [path])
    with Store(db, read_only=True) as store:
        expected = _name_answers(store)

    def cannot_write(self, wait, memory=False):
        raise UserError(f"cannot open store {self.path}: IO Error: Cannot open file: Permission denied")

    monkeypatch.setattr(Store, "_migrate_briefly", cannot_write)
    with Store(db, read_only="shared") as store:
        assert store.read_only and _name_answers(store) == expected and _pending(store) == ["bods:lines"]
