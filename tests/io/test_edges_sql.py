"""The DuckDB lane for edge lists (:mod:`kingmaker.io.edges_sql`) writes the store the column-wise reader
writes — rows, ids, JSON, the name index, counts, warnings — on awkward files (quoted fields with commas,
quotes and line breaks, unicode names, one actor written several ways, duplicate edges, self-ties, share
bands with exclusive ends, percent signs, partial dates, a byte-order mark, CRLF and blank lines, an empty
edge list, actors the store already knows), and where it cannot vouch for a file it declines: the
column-wise reader then gives its own error, word for word, and nothing is written."""
from __future__ import annotations

import random
from contextlib import contextmanager

import pytest

import kingmaker
from kingmaker.cli import main
from kingmaker.errors import InvalidInput, UserError
from kingmaker.io import edges_sql
from kingmaker.model import Actor, Relation
from kingmaker.synth import write_synth

from conftest import FLAGSHIP

HEAD = "holder,subject,share,share_min,share_max,min_exclusive,max_exclusive,kind,holder_kind,subject_kind,valid_from,valid_to"


def _lane(monkeypatch, on: bool) -> None:
    monkeypatch.setenv("KINGMAKER_EDGES_SQL", "1" if on else "0")
    monkeypatch.setenv("KINGMAKER_EDGES_SQL_MIN_BYTES", "0")


def _store(db, paths, monkeypatch, lane: bool) -> dict:
    """Load ``paths`` one after the other (a later file meets the earlier ones' actors in the store)."""
    with monkeypatch.context() as m:
        _lane(m, lane)
        with kingmaker.open(db) as km:
            reports = [km.load(p) for p in paths]
            con = km.store.con
            return {
                "fingerprint": km.store.fingerprint(),
                "names": con.execute("SELECT * FROM actor_names ORDER BY ALL").fetchall(),
                "datasets": con.execute("SELECT dataset_id, title, format, sha256, counts FROM datasets "
                                        "ORDER BY dataset_id").fetchall(),
                "warnings": [[str(w) for w in r.warnings] for r in reports],
                "readers": [r.readers for r in reports],
                "rows": con.execute("SELECT data FROM relations UNION ALL SELECT data FROM actors").fetchall(),
                "answers": answers(km.store),
                "kind_defaults": con.execute("SELECT * FROM actor_kind_defaults ORDER BY ALL").fetchall(),
                "json_kept": con.execute("SELECT count(*) FROM relation_rows WHERE data IS NOT NULL "
                                         "AND starts_with(dataset_id, 'edges-csv:')").fetchone()[0],
                "edge_relations": con.execute("SELECT count(*) FROM relations "
                                              "WHERE starts_with(dataset_id, 'edges-csv:')").fetchone()[0],
            }


@contextmanager
def _read_then_migrated(db, version: int, expected: dict, fingerprint):
    """A store of an older schema ``version`` answers as ``expected`` read-only (not migrated) and again once
    opened for writing (migrated to the current schema); yields the migrated store, still open."""
    from kingmaker.store.schema import CURRENT_VERSION, schema_version

    with kingmaker.open(db, read_only=True) as km:
        assert schema_version(km.store.con) == version
        assert answers(km.store) == expected and km.store.fingerprint() == fingerprint
    with kingmaker.open(db) as km:  # opened for writing: migrated
        assert schema_version(km.store.con) == CURRENT_VERSION
        assert answers(km.store) == expected and km.store.fingerprint() == fingerprint
        yield km


def answers(store) -> dict:
    """What the store's readers answer about its relations: models, one actor's ties, a walk upstream, the
    columns whole-register measures read (with a band's open ends from the JSON), the JSON predicates."""
    from datetime import date

    rels = store.relations()
    day = date(2024, 1, 1)
    kinds = ("shareholding", "voting_rights")
    some = sorted({r.subject for r in rels})[:5]
    return {
        "relations": [r.model_dump_json() for r in rels],
        "rows": store.relation_rows(),
        "table": store.table_rows("relations", "relation_id"),
        "of_actor": [r.id for a in some for r in store.relations(actor=a)],
        "upstream": [r.id for r in store.upstream_relations(some, day, kinds)] if some else [],
        "columns": sorted(map(repr, store.ownership_columns(day, kinds, ends=True).to_pylist())),
        "indirect": store.has_indirect_interests(day, kinds),
        "over_100": [(o.subject, o.kind, o.total) for o in store.share_overflows(
            [r[0] for r in store.con.execute("SELECT dataset_id FROM datasets").fetchall()])],
    }


def _same_both_ways(tmp_path, monkeypatch, *paths) -> dict:
    lane = _store(tmp_path / "lane.duckdb", paths, monkeypatch, True)
    plain = _store(tmp_path / "plain.duckdb", paths, monkeypatch, False)
    assert all(r.get(k) == "sql" for r in lane["readers"] for k in r if k.startswith("edges-csv:")), lane["readers"]
    assert not any(r for r in plain["readers"])
    for key in ("fingerprint", "names", "datasets", "warnings", "answers", "kind_defaults"):
        assert lane[key] == plain[key], key
    # the lane stores no relation's JSON (each is put back on reading, the same: ``answers``); the column-wise
    # reader stores each
    assert (lane["json_kept"], plain["json_kept"]) == (0, plain["edge_relations"])
    return lane


AWKWARD = [
    HEAD,
    '"Smith, John","Acme ""Holdings"" Ltd",25,,,,,,person,company,2020,',
    '"Smith, John",ACME HOLDINGS LTD,10 %,,,,,,,,2020-06,2031',  # another company: the quotes differ
    'Müller & Söhne GmbH,北京字节跳动科技有限公司,,25,50,true,,,,,,',
    'MÜLLER & SÖHNE GMBH,北京字节跳动科技有限公司,,50,75,TRUE,false,,,,,',  # the same actor, written in capitals
    'SC123456,sc123456,100,,,,,,,,,',  # one actor written two ways, holding itself
    'sc123456,x-corp,,,25,,yes,,,,,',
    'x-corp,sc123456,12.50,,,,,voting_rights,,,2019-03-04,2030-12-31',
    'x-corp,sc123456,12.50,,,,,voting_rights,,,2019-03-04,2030-12-31',  # a duplicate edge: two relations
    '"Line\nbreak Holdings",x-corp, 33.3333 % ,,,,,,,,,',
    'Émile 🚀 Zola,x-corp,1e1,,,,,,person,,,',
    'Émile 🚀 Zola,y-corp,7.,,,,,economic_interest,,,,',
    'Émile 🚀 Zola,Émile 🚀 Zola Foundation,,,,,,employment,,nonprofit,,',
    'trust-1,y-corp,,0,10,,true,,fund,,,',
    'y-corp,y-corp,,,,,,voting_rights,,,,',  # an actor's votes in itself, no share
    ' padded ,"  y-corp ",0.001,,,,,,,,,',
    'אבג בע"מ,y-corp,,75,,true,,,,,,',
]


def test_awkward_file_gives_the_same_store(tmp_path, monkeypatch):
    path = tmp_path / "awkward.csv"
    path.write_text("\n".join(AWKWARD) + "\n", encoding="utf-8")
    lane = _same_both_ways(tmp_path, monkeypatch, path)
    assert any("differ only in case" in w for w in lane["warnings"][0])
    for (data,) in lane["rows"]:  # every row reads back as its model and dumps as itself
        model = Relation if '"holder"' in data else Actor
        assert model.model_validate_json(data).model_dump_json() == data


def test_shares_over_100_are_found_in_rows_kept_without_json(tmp_path, monkeypatch):
    """The over-100 % check reads a lane-written row's exclusive lower end from its tail (the row keeps no
    JSON): two holders of "(50 %, 75 %]" (exactly 100 % with an exclusive end), 60 % + 50 % from a day on,
    and 100 % held inclusively (no overflow) — the same warnings and answers as the column-wise reader's."""
    path = tmp_path / "over.csv"
    path.write_text("\n".join([
        HEAD,
        "a,band,,50,75,true,,,,,,", "b,band,,50,75,true,,,,,,",
        "a,later,60,,,,,,,,,", "b,later,50,,,,,,,,2021-03,",
        "a,whole,100,,,,,,,,,", "b,whole,0,,,,,,,,,",
        "a,half,,50,,,,,,,,", "b,half,,50,,true,,voting_rights,,,,",
    ]) + "\n")
    lane = _same_both_ways(tmp_path, monkeypatch, path)
    assert lane["answers"]["over_100"] == [("band", "shareholding", 100.0), ("later", "shareholding", 110.0)]


def test_bom_crlf_and_blank_lines(tmp_path, monkeypatch):
    path = tmp_path / "windows.csv"
    body = "\r\n".join(["holder,subject,share", "a,b,50", "", "b,c,20", "", "", "\"c, d\",e,5"]) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    _same_both_ways(tmp_path, monkeypatch, path)


def test_only_holder_and_subject_columns(tmp_path, monkeypatch):
    path = tmp_path / "bare.csv"
    path.write_text("subject,holder\nb,a\nc,a\nc,b\n")
    _same_both_ways(tmp_path, monkeypatch, path)


def test_an_empty_edge_list(tmp_path, monkeypatch):
    path = tmp_path / "empty.csv"
    path.write_text(HEAD + "\n")
    lane = _same_both_ways(tmp_path, monkeypatch, FLAGSHIP, path)  # into a store holding other datasets
    assert '"relations": 0' in dict((d[0], d[4]) for d in lane["datasets"])["edges-csv:empty"]


def test_actors_the_store_knows_and_a_second_file(tmp_path, monkeypatch):
    """The flagship case first: its actors keep their kinds unless the file states one; then a register
    meets both."""
    rng = random.Random(7)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    firms = [f"f{i}" for i in range(30)] + ["openai-inc", "microsoft", "OpenAI-Inc"]
    lines = [HEAD]
    for _ in range(300):
        h, s = rng.sample(firms, 2)
        if h.lower() == s.lower():  # one actor written two ways
            continue
        kind = rng.choice(["", "", "shareholding", "voting_rights", "financing", "employment", "licence"])
        share = f"{rng.randrange(1, 60)}" if kind in ("", "shareholding", "voting_rights") and rng.random() < .8 else ""
        hk = "company" if h.startswith("f") and rng.random() < .5 else ""
        lines.append(f"{h},{s},{share},,,,,{kind},{hk},,{rng.choice(['', '2021', '2022-02-02'])},")
    lines.append("f1,openai-inc,5,,,,,,,nonprofit,,")  # a known actor whose kind the file states: written again
    first.write_text("\n".join(lines) + "\n")
    write_synth(second, 400, seed=3)
    _same_both_ways(tmp_path, monkeypatch, FLAGSHIP, first, second)


def test_an_actor_the_file_calls_unknown_keeps_its_stored_record_and_names(tmp_path, monkeypatch):
    """A file stating ``unknown`` for an actor the store holds as a company leaves its stored record (and its
    several names) as they are; the lane indexes names from the one name of each record it wrote — not from
    this actor's name column — the same index as the column-wise reader's."""
    path = tmp_path / "vague.csv"
    path.write_text("\n".join([HEAD, "openai-inc,new-fund,10,,,,,,unknown,fund,,", "new-fund,z-corp,5,,,,,,,,,"]) + "\n")
    lane = _same_both_ways(tmp_path, monkeypatch, FLAGSHIP, path)
    assert len({n[2] for n in lane["names"] if n[0] == "openai-inc"}) > 1  # several names kept


def test_a_synthetic_register(tmp_path, monkeypatch):
    path = tmp_path / "register.csv"
    write_synth(path, 3000, seed=5)
    _same_both_ways(tmp_path, monkeypatch, path)


def test_reloading_replaces_and_unchanged_is_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "again.csv"
    write_synth(path, 300, seed=1)
    _lane(monkeypatch, True)
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(path)
        assert km.load(path).results[0].status == "unchanged"
        path.write_text(path.read_text() + "zz-new,zz-other,5,,,,,,,\n")
        report = km.load(path)
        assert report.results[0].status == "replaced" and report.readers == {"edges-csv:again": "sql"}
        lane = km.store.fingerprint()
    _lane(monkeypatch, False)
    with kingmaker.open(tmp_path / "t.duckdb") as km:
        km.load(path)
        assert km.store.fingerprint() == lane


BAD = [  # (a line after the header, the field the error names)
    ("a,b,150,,,,,,,,,", "share"),
    (",b,10,,,,,,,,,", "holder"),
    ("a,b,,60,40,,,,,,,", "share_min"),
    ("a,b,10,,,,,loan,,,,", "kind"),
    ("a,b,10,,,,,,robot,,,", "holder_kind"),
    ("a,b,,10,20,maybe,,,,,,", "min_exclusive"),
    ("a,b,10,,,,,,,,2020-13-01,", "valid_from"),
    ("a,b,10,,,,,,,,2021,2020", "valid_to"),
    ("a,a,,,,,,employment,,,,", "subject"),
    ("a,b,10,,,,,,company,,,", "holder_kind"),  # a is a person on the line before
    ("b,a,10,,,,,,,company,,", "subject_kind"),  # the same as a subject
]


@pytest.mark.parametrize("line,field", BAD)
def test_a_bad_file_gives_the_column_wise_readers_error(tmp_path, monkeypatch, capsys, line, field):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEAD, "a,c,5,,,,,,person,,,", line]) + "\n")
    outs = []
    for on in (True, False):
        _lane(monkeypatch, on)
        db = tmp_path / f"{on}.duckdb"
        capsys.readouterr()
        assert main(["load", str(path), "--db", str(db)]) == 2
        out = capsys.readouterr()
        assert "Traceback" not in out.err + out.out
        outs.append(out.err)
        with kingmaker.open(db) as km:
            assert km.store.counts()["relations"] == 0 and km.store.counts()["actors"] == 0
    assert outs[0] == outs[1]
    assert "bad.csv:3" in outs[0] and field in outs[0]


def test_the_lane_declines_what_it_cannot_vouch_for(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("holder,subject,share\na,b,50\nc,d,150\n")
    load = edges_sql.prepare(path, set())
    assert load.declined and "share" in load.declined and load.edges is None
    path.write_text("holder,subject\na,b\n")
    assert edges_sql.prepare(path, set()).declined is None


def test_a_header_error_is_raised_as_the_reader_raises_it(tmp_path):
    path = tmp_path / "head.csv"
    path.write_text("holder,subject,weight\na,b,1\n")
    with pytest.raises(InvalidInput) as err:
        edges_sql.prepare(path, set())
    assert "weight" in str(err.value)


def test_a_kind_clash_with_the_store_declines_inside_the_load(tmp_path, monkeypatch):
    """The flagship declares Microsoft a company; a file stating it is a person is refused by the store's
    own check, after the lane has declined (nothing of the file written)."""
    path = tmp_path / "clash.csv"
    path.write_text("holder,subject,share,holder_kind\nmicrosoft,openai-inc,49,person\n")
    messages = []
    for on in (True, False):
        _lane(monkeypatch, on)
        with kingmaker.open(tmp_path / f"{on}.duckdb") as km:
            km.load(FLAGSHIP)
            before = km.store.fingerprint()
            with pytest.raises(UserError) as err:
                km.load(path)
            messages.append(str(err.value))
            assert km.store.fingerprint() == before
    assert messages[0] == messages[1] and "microsoft" in messages[0]


def test_small_files_stay_column_wise(tmp_path, monkeypatch):
    monkeypatch.delenv("KINGMAKER_EDGES_SQL_MIN_BYTES", raising=False)
    path = tmp_path / "small.csv"
    path.write_text("holder,subject,share\na,b,50\n")
    assert not edges_sql.wanted(path)
    monkeypatch.setenv("KINGMAKER_EDGES_SQL_MIN_BYTES", "0")
    assert edges_sql.wanted(path)
    monkeypatch.setenv("KINGMAKER_EDGES_SQL", "0")
    assert not edges_sql.wanted(path)


def test_a_gzipped_file(tmp_path, monkeypatch):
    import gzip

    path = tmp_path / "packed.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(AWKWARD) + "\n").encode("utf-8")))
    _same_both_ways(tmp_path, monkeypatch, path)


def test_two_edge_lists_in_one_load(tmp_path, monkeypatch):
    """One transaction, two files, the second meeting the first's actors (in the store by then)."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("holder,subject,share,holder_kind\nann,alpha-ltd,60,person\nbob,alpha-ltd,40,person\n")
    second.write_text("holder,subject,share,holder_kind,subject_kind\nalpha-ltd,beta-gmbh,100,,company\n"
                      "ANN,delta-fund,,person,fund\nalpha-ltd,gamma,5,,\n")
    _same_both_ways(tmp_path, monkeypatch, (first, second))


def _as_schema_5(db) -> None:
    """Rewrite the store ``db`` as schema 5 left it: ``relations`` a table, every row with its JSON, no record of
    which kinds a file only defaulted."""
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("CREATE TEMP TABLE kept AS SELECT * FROM relations")
    con.execute("DROP VIEW relations")
    for index in ("relations_holder", "relations_subject"):
        con.execute(f"DROP INDEX {index}")
    con.execute("DROP TABLE relation_rows")
    con.execute("DROP TABLE actor_kind_defaults")
    con.execute("DROP TABLE IF EXISTS kind_defaults_unrecorded")
    con.execute("""CREATE TABLE relations (
            relation_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, holder_id VARCHAR NOT NULL,
            subject_id VARCHAR NOT NULL, valid_from DATE, valid_to DATE,
            share_low DECIMAL(18, 9), share_high DECIMAL(18, 9),
            data JSON NOT NULL, dataset_id VARCHAR NOT NULL)""")
    con.execute("INSERT INTO relations SELECT * FROM kept")
    con.execute("CREATE INDEX relations_holder ON relations (holder_id)")
    con.execute("CREATE INDEX relations_subject ON relations (subject_id)")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.close()


def test_a_store_written_before_relations_kept_no_json_answers_as_before(tmp_path, monkeypatch):
    """A store of schema 5 (``relations`` a table, every row with its JSON) reads as it did when opened
    read-only, and opened for writing is migrated (its rows keep their JSON): the same answers, and a new
    load through the lane, which keeps no JSON, lands beside the old rows and goes again."""


    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("\n".join(AWKWARD) + "\n", encoding="utf-8")
    write_synth(second, 300, seed=4)
    _lane(monkeypatch, True)
    db = tmp_path / "five.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP)
        km.load(first)
        expected, fingerprint = answers(km.store), km.store.fingerprint()
    _as_schema_5(db)
    with _read_then_migrated(db, 5, expected, fingerprint) as km:
        assert km.store.con.execute("SELECT count(*) FROM relation_rows WHERE data IS NULL").fetchone()[0] == 0
        km.load(second)
        assert km.store.con.execute("SELECT count(*) FROM relation_rows WHERE data IS NULL "
                                    "AND dataset_id = 'edges-csv:second'").fetchone()[0] > 300
        assert km.store.remove_dataset("edges-csv:second")
        assert answers(km.store) == expected and km.store.fingerprint() == fingerprint


#: ``relations`` as schemas 6 and 7 defined it: each stored tail is the whole of what follows the subject
SCHEMA_7_VIEW = """CREATE VIEW relations AS SELECT relation_id, kind, holder_id, subject_id, valid_from, valid_to,
    share_low, share_high, coalesce(CAST(data AS VARCHAR), ('{"id":"' || relation_id || '","kind":"' || kind ||
    '","holder":"' || holder_id || '","subject":"' || subject_id || '",' || data_tail)) AS data, dataset_id
    FROM relation_rows"""


def test_a_store_of_schema_7_keeps_its_whole_tails_and_new_rows_keep_short_ones(tmp_path, monkeypatch):
    """Schema 8: an edge list's row stores its tail without the model's defaults at its end
    (:data:`~kingmaker.store.schema.TAIL_REST`, ~220 of ~400 bytes) and the ``relations`` view puts them back. A
    store of schema 7 (whole tails, the old view) reads the same read-only, is migrated when opened for writing
    (its rows as they were), and a new load beside it stores short tails and answers as before."""
    import duckdb

    from kingmaker.io.edges_csv import RowTemplates
    from kingmaker.store.schema import TAIL_REST

    assert "false" not in TAIL_REST  # Store.share_overflows' first filter reads 'false' in stored tails
    for kind in ("shareholding", "voting_rights"):  # the model's own dump (other kinds' attrs differ: whole tails)
        assert RowTemplates().relation_parts(kind, ("day", "day"))[-1].endswith("," + TAIL_REST)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("\n".join(AWKWARD) + "\n", encoding="utf-8")
    write_synth(second, 300, seed=4)
    _lane(monkeypatch, True)
    db, fresh = tmp_path / "seven.duckdb", tmp_path / "fresh.duckdb"
    with kingmaker.open(fresh) as km:
        km.load(FLAGSHIP)
        km.load(first)
        km.load(second)
        both = answers(km.store), km.store.fingerprint()
        short = km.store.con.execute("SELECT count(*) FROM relation_rows WHERE ends_with(data_tail, ',') "
                                     "AND dataset_id = 'edges-csv:second'").fetchone()[0]
    assert short > 300
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP)
        km.load(first)
        expected, fingerprint = answers(km.store), km.store.fingerprint()
    con = duckdb.connect(str(db))  # as schema 7 wrote it: whole tails, read by the view of the time
    con.execute("UPDATE relation_rows SET data_tail = data_tail || ? WHERE ends_with(data_tail, ',')", [TAIL_REST])
    con.execute("DROP VIEW relations")
    con.execute(SCHEMA_7_VIEW)
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    with _read_then_migrated(db, 7, expected, fingerprint) as km:
        assert km.store.con.execute("SELECT count(*) FROM relation_rows WHERE ends_with(data_tail, ',')").fetchone() == (0,)
        km.load(second)
        assert km.store.con.execute("SELECT count(*) FROM relation_rows WHERE ends_with(data_tail, ',')").fetchone() == (short,)
        assert (answers(km.store), km.store.fingerprint()) == both


@pytest.mark.parametrize("lane", [True, False])
def test_a_kind_one_file_states_beats_the_default_another_gave_in_any_order_and_any_command(tmp_path, monkeypatch,
                                                                                         capsys, lane):
    """``m1.csv`` names ``x`` without a kind (a company by default), ``m2.csv`` states that it is a fund: in one
    command or two, in either order, ``x`` is a fund (two commands used to refuse m1 then m2: "already in the
    store as a company, here as a fund"); and a kind that a file *states* is kept when a later file only
    defaults it, or clashes when a later file states another."""
    _lane(monkeypatch, lane)
    m1, m2, m3 = tmp_path / "m1.csv", tmp_path / "m2.csv", tmp_path / "m3.csv"
    m1.write_text("holder,subject,share\nx,y,50\n")
    m2.write_text("holder,subject,share,holder_kind\nx,z,30,fund\n")
    m3.write_text("holder,subject,share,holder_kind\nx,w,10,person\n")
    outcomes = {}
    for name, commands in {"one": [[m1, m2]], "one, reversed": [[m2, m1]], "two": [[m1], [m2]],
                           "two, reversed": [[m2], [m1]]}.items():
        db = tmp_path / f"{name}.duckdb"
        for files in commands:
            assert main(["load", *map(str, files), "--db", str(db)]) == 0, capsys.readouterr().err
        with kingmaker.open(db, read_only=True) as km:
            outcomes[name] = (km.store.actor("x").kind.value, tuple(sorted(r.id for r in km.store.relations(actor="x"))))
    assert set(outcomes.values()) == {("fund", ("m1:2", "m2:2"))}, outcomes
    capsys.readouterr()
    assert main(["load", str(m3), "--db", str(tmp_path / "two.duckdb")]) == 2  # stated, then stated otherwise
    assert "already in the store as a fund, here as a person" in capsys.readouterr().err


def test_closing_a_relation_the_lane_wrote_stores_its_new_json(tmp_path, monkeypatch):
    """A relation the lane stored without its JSON, once ended, keeps the JSON of the ended relation (the
    rebuilt one would say it never ended); the other rows are untouched."""
    from datetime import date

    path = tmp_path / "ends.csv"
    path.write_text("holder,subject,share\na,b,50\nc,b,20\n")
    _lane(monkeypatch, True)
    with kingmaker.open(tmp_path / "s.duckdb") as km:
        km.load(path)
        before = {r.id: r for r in km.store.relations()}
        closed, _ = km.store.close_relation("ends:2", date(2024, 5, 1))
        after = {r.id: r for r in km.store.relations()}
        assert after["ends:2"] == closed and closed.valid_to == date(2024, 5, 1) and before["ends:2"].valid_to is None
        assert after["ends:3"] == before["ends:3"]
        assert km.store.con.execute("SELECT relation_id, data IS NULL, data_tail IS NULL FROM relation_rows "
                                    "ORDER BY 1").fetchall() == [("ends:2", False, True), ("ends:3", True, False)]


@pytest.mark.parametrize("lane", [True, False])
def test_an_actor_another_file_still_names_outlives_the_file_that_brought_it(tmp_path, monkeypatch, capsys, lane):
    """``m2.csv`` states ``x`` (a fund); ``m1.csv``, loaded after it, names ``x`` too; ``m2.csv`` is then changed
    so that it no longer names ``x`` and loaded again. ``x`` stays, held by m1's relation (it used to be deleted
    with m2's rows, m1's relation ``x → a`` left naming no actor: ``kingmaker show x`` said "no actor 'x'"), and
    its kind is now m1's default — a later file stating another kind is not refused."""
    _lane(monkeypatch, lane)
    m1, m2, m3 = tmp_path / "m1.csv", tmp_path / "m2.csv", tmp_path / "m3.csv"
    m1.write_text("holder,subject,share\nx,a,10\n")
    m2.write_text("holder,subject,share,holder_kind\nx,b,20,fund\n")
    db = str(tmp_path / "s.duckdb")
    for f in (m2, m1):
        assert main(["load", str(f), "--db", db]) == 0, capsys.readouterr().err
    m2.write_text("holder,subject,share\ny,b,20\n")
    assert main(["load", str(m2), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("x") is not None
        assert [r.id for r in km.store.relations(actor="x")] == ["m1:2"]
        assert km.store.con.execute("SELECT dataset_id FROM actors WHERE actor_id = 'x'").fetchall() == [
            ("edges-csv:m1",)]
    m3.write_text("holder,subject,share,holder_kind\nx,c,5,person\n")
    assert main(["load", str(m3), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("x").kind.value == "person"


def test_a_kind_still_stated_by_a_file_in_the_store_clashes_after_the_file_it_was_read_from_goes(tmp_path, capsys):
    """``m1.csv`` names ``x`` (no kind), ``m3.csv`` and ``m2.csv`` state that it is a fund; ``m2.csv``, the file
    whose record the store holds, is reloaded without ``x``. m3 still states a fund, so ``m4.csv`` stating a
    person clashes — the record used to pass to m1 (the first dataset by id), whose kind was only a default, and
    m4 then replaced the fund without a word."""
    files = {n: tmp_path / f"{n}.csv" for n in ("m1", "m2", "m3", "m4")}
    files["m1"].write_text("holder,subject,share\nx,a,10\n")
    files["m3"].write_text("holder,subject,share,holder_kind\nx,c,20,fund\n")
    files["m2"].write_text("holder,subject,share,holder_kind\nx,b,20,fund\n")
    files["m4"].write_text("holder,subject,share,holder_kind\nx,d,5,person\n")
    db = str(tmp_path / "s.duckdb")
    for n in ("m1", "m3", "m2"):
        assert main(["load", str(files[n]), "--db", db]) == 0, capsys.readouterr().err
    files["m2"].write_text("holder,subject,share\ny,b,20\n")
    assert main(["load", str(files["m2"]), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["load", str(files["m4"]), "--db", db]) == 2
    assert "already in the store as a fund, here as a person" in capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("x").kind.value == "fund"


def test_an_actor_kept_for_an_edge_list_takes_its_bods_statement_back(tmp_path, monkeypatch, capsys):
    """An actor from a BODS file (its record kept in ``statements``, loaded by the BODS lane) that an edge list
    also names stays when the BODS dataset goes, readable, with its name: it is adopted before the statements
    go (kept after them, its row pointed at a statement no longer there)."""
    edges, bods, names = tmp_path / "e.csv", tmp_path / "out.json", tmp_path / "nm.csv"
    edges.write_text("holder,subject,share,holder_kind\nalice,holdco,30,person\nholdco,opco,80,\n")
    assert main(["load", str(edges), "--db", str(tmp_path / "a.duckdb")]) == 0, capsys.readouterr().err
    assert main(["export", str(bods), "-f", "bods", "--db", str(tmp_path / "a.duckdb")]) == 0
    names.write_text("holder,subject,share\nbods:holdco,zz,10\n")
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    db = tmp_path / "b.duckdb"
    for f in (bods, names):
        assert main(["load", str(f), "--db", str(db)]) == 0, capsys.readouterr().err
    with kingmaker.open(db) as km:
        assert km.store.con.execute("SELECT statement_key IS NOT NULL FROM actors "
                                    "WHERE actor_id = 'bods:holdco'").fetchall() == [(True,)]  # the lane's layout
        assert km.store.remove_dataset("bods:out")
        assert km.store.actor("bods:holdco").name == "holdco"
        assert [r.id for r in km.store.relations(actor="bods:holdco")] == ["nm:2"]


@pytest.mark.parametrize("lane", [True, False])
def test_partial_dates_keep_the_precision_the_file_wrote(tmp_path, monkeypatch, capsys, lane):
    """``valid_from=2020`` and ``valid_to=2031-06`` are stored as the periods' first days with the precision
    written (year, month), as a case file keeps them (they used to be stored as days, "2020-01-01"); answers as
    of a date are those of the first days; a CSV or case export writes them as the file did."""
    from datetime import date

    _lane(monkeypatch, lane)
    path = tmp_path / "partial.csv"
    path.write_text("holder,subject,share,valid_from,valid_to\na,b,60,2020,2031-06\nc,b,40,2020-06-15,2021\n"
                    "d,e,10,,2024-02\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        v = {r.id: r.validity for r in km.store.relations()}
        assert {i: (x.valid_from, x.from_precision, x.valid_to, x.to_precision) for i, x in v.items()} == {
            "partial:2": (date(2020, 1, 1), "year", date(2031, 6, 1), "month"),
            "partial:3": (date(2020, 6, 15), "day", date(2021, 1, 1), "year"),
            "partial:4": (None, "day", date(2024, 2, 1), "month")}
        for day, holders in ((date(2019, 12, 31), set()), (date(2020, 1, 1), {"a"}), (date(2020, 6, 15), {"a", "c"}),
                             (date(2021, 1, 1), {"a"}), (date(2031, 5, 31), {"a"}), (date(2031, 6, 1), set())):
            assert {r.holder for r in km.snapshot(day).ties_in("b")} == holders, day
    out = tmp_path / "out.csv"
    assert main(["export", str(out), "-f", "csv", "--db", db]) == 0, capsys.readouterr().err
    text = out.read_text()
    assert ",2020,2031-06" in text and ",2020-06-15,2021" in text and ",,2024-02" in text, text


def _records(db, ids) -> dict:
    """Each actor's record, identifiers and name-index rows, as a reading command sees them (opened "shared": a BODS
    bulk load's name rows are made by that opening)."""
    with kingmaker.open(db, read_only="shared") as km:
        con = km.store.con
        return {a: (km.store.actor(a).model_dump_json(),
                    con.execute("SELECT scheme, value FROM actor_identifiers WHERE actor_id = ? ORDER BY ALL",
                                [a]).fetchall(),
                    con.execute("SELECT * EXCLUDE (actor_id) FROM actor_names WHERE actor_id = ? ORDER BY ALL",
                                [a]).fetchall()) for a in ids}


@pytest.mark.parametrize("bods_lane", [True, False])
@pytest.mark.parametrize("lane", [True, False])
def test_an_edge_list_stating_the_kind_of_a_bods_actor_keeps_its_record(shared_dir, tmp_path, monkeypatch, capsys,
                                                                         lane, bods_lane):
    """An official BODS example (a person and a company with its GB-COH number, names and statements), then an
    edge list naming both with their kinds: both keep their records — names, identifiers, the statement — as
    before the edge list (the actor was replaced by the edge list's: named by its id, no identifier, no
    statement). A kind that differs from the one BODS states is refused, nothing loaded."""
    _lane(monkeypatch, lane)
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if bods_lane else str(1 << 40))
    person, company = "bods:10478c6cf6de", "bods:c359f58d2977"
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(shared_dir / "corpora/bods-examples/bods-package.json"), "--db", db]) == 0
    before = _records(db, (person, company))
    assert "2063384560" in before[company][0] and "Jenny Hewitson-Smith" in before[person][0]
    edges, clash = tmp_path / "named.csv", tmp_path / "clash.csv"
    edges.write_text(f"holder,subject,kind,holder_kind,subject_kind\n{person},{company},voting_rights,person,company\n")
    assert main(["load", str(edges), "--db", db]) == 0, capsys.readouterr().err
    assert _records(db, (person, company)) == before
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.con.execute("SELECT bool_and(statement_key IS NOT NULL) FROM actors").fetchall() == [
            (bods_lane,)]  # the BODS lane's actors still refer to their statements
        assert km.store.actors_by_identifier(["2063384560"]) == {"2063384560": [company]}
        assert [r.id for r in km.store.relations(actor=person) if r.id.startswith("named:")] == ["named:2"]
    capsys.readouterr()
    clash.write_text(f"holder,subject,kind,holder_kind\n{person},{company},voting_rights,company\n")
    assert main(["load", str(clash), "--db", db]) == 2
    err = capsys.readouterr().err
    assert f"actor {person!r} is already in the store as a person, here as a company" in err and "Traceback" not in err
    assert err.count("\n") <= 3, err
    assert _records(db, (person, company)) == before


@pytest.mark.parametrize("lane", [True, False])
def test_a_stated_kind_replaces_a_placeholder_or_a_default_and_nothing_else(tmp_path, monkeypatch, capsys, lane):
    """A case file's ``unknown`` actor with a name and an LEI, and an edge list's actor written "ACME-LTD" (a
    company by default, named as written): a later edge list stating their kinds (person, fund) changes the
    kinds and keeps the names and the identifier (they became "anon" and "acme-ltd", with no identifier); a
    third file stating other kinds for them is then refused, as the kinds are now stated."""
    _lane(monkeypatch, lane)
    case, m1, m2, m3 = (tmp_path / n for n in ("c.yaml", "m1.csv", "m2.csv", "m3.csv"))
    case.write_text("case: {id: c, title: A case}\nactors:\n"
                    "  - {id: anon, kind: unknown, name: Undisclosed holder, aliases: [Hidden Owner],"
                    " identifiers: {LEI: 5493001KJTIIGC8Y1R12}}\n"
                    "  - {id: b, kind: company, name: B Ltd}\n")
    m1.write_text("holder,subject,share\nACME-LTD,b,50\n")
    m2.write_text("holder,subject,share,holder_kind\nanon,b,20,person\nacme-ltd,c,10,fund\n")
    m3.write_text("holder,subject,share,holder_kind\nanon,d,5,company\nacme-ltd,d,5,person\n")
    db = str(tmp_path / "s.duckdb")
    for f in (case, m1, m2):
        assert main(["load", str(f), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        anon, acme = km.store.actor("anon"), km.store.actor("acme-ltd")
        assert (anon.kind.value, anon.name, anon.identifiers) == ("person", "Undisclosed holder",
                                                                  {"LEI": "5493001KJTIIGC8Y1R12"})
        assert (acme.kind.value, acme.name) == ("fund", "ACME-LTD")
        assert km.store.actors_by_identifier(["5493001KJTIIGC8Y1R12"]) == {"5493001KJTIIGC8Y1R12": ["anon"]}
        from kingmaker.store.schema import name_rows_sql

        for a in ("anon", "acme-ltd"):  # the name index as the records give it: aliases, identifiers, new kind
            query = "SELECT * FROM ({}) ORDER BY ALL"
            assert (km.store.con.execute(query.format(f"SELECT * FROM actor_names WHERE actor_id = '{a}'")).fetchall()
                    == km.store.con.execute(query.format(name_rows_sql(f"actor_id = '{a}'"))).fetchall()), a
        assert km.store.find_actors("Hidden Owner")[0].id == "anon"
    capsys.readouterr()
    assert main(["load", str(m3), "--db", db]) == 2
    assert "already in the store as a person, here as a company" in capsys.readouterr().err


@pytest.mark.parametrize("lane", [True, False])
def test_reloading_a_changed_edge_list_keeps_the_actors_it_still_names(tmp_path, monkeypatch, capsys, lane):
    """``n.csv`` (x → b, then changed to w → b, y → b) loaded again: ``b``, brought by the first version and
    named by the second, stays (it vanished: the second version took it as known and wrote no row for it, and
    the first version's went). The store is the one a load of the second version alone writes."""
    _lane(monkeypatch, lane)
    path = tmp_path / "n.csv"
    path.write_text("holder,subject,share,holder_kind\nx,b,50,\nACME-LTD,b,5,fund\n")
    db, fresh = str(tmp_path / "s.duckdb"), str(tmp_path / "fresh.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    path.write_text("holder,subject,share,holder_kind\nw,b,50,\ny,b,10,\nacme-ltd,b,5,\n")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    assert main(["load", str(path), "--db", fresh]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["show", "b", "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km, kingmaker.open(fresh, read_only=True) as alone:
        assert sorted(a.id for a in km.store.actors()) == ["acme-ltd", "b", "w", "y"]
        assert (km.store.actor("acme-ltd").kind.value, km.store.actor("acme-ltd").name) == ("company", "acme-ltd")
        assert km.store.fingerprint() == alone.store.fingerprint()
        assert (km.store.con.execute("SELECT * FROM actor_kind_defaults ORDER BY ALL").fetchall()
                == alone.store.con.execute("SELECT * FROM actor_kind_defaults ORDER BY ALL").fetchall())


def test_reloading_a_changed_case_file_that_names_an_actor_only_its_old_version_declared_is_refused(tmp_path, capsys):
    """A case file's second version drops the actor ``q`` but still names it in a relation: loaded alone it is
    refused ("unknown actor 'q'"), and loaded over its first version too, naming file, line and field, the first
    version kept (it used to load, and ``q`` went with the first version: a relation from no actor)."""
    path = tmp_path / "v.yaml"
    path.write_text("case: {id: v, title: V}\nactors:\n  - {id: q, kind: person, name: Q Person}\n"
                    "  - {id: b, kind: company, name: B Ltd}\n"
                    "relations:\n  - {id: q-b, kind: shareholding, holder: q, subject: b, share: 60}\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    path.write_text("case: {id: v, title: V}\nactors:\n  - {id: b, kind: company, name: B Ltd}\n"
                    "relations:\n  - {id: q-b, kind: shareholding, holder: q, subject: b, share: 60}\n")
    capsys.readouterr()
    assert main(["load", str(path), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "v.yaml:5, record q-b, field holder: error: unknown actor 'q'" in err and "Traceback" not in err, err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("q").name == "Q Person" and [r.id for r in km.store.relations(actor="q")] == ["q-b"]


CASE_NAMING_X = {  # a case file naming the edge list's actor x in one way each (docs/case-format.md)
    "event": "events:\n  - {id: ev1, date: 2024-01-02, kind: announcement, title: X speaks, actors: [x], evidence: [e1]}\n",
    "vote body": "events:\n  - {id: ev1, date: 2024-01-02, kind: decision, title: Vote, actors: [b], evidence: [e1],"
                 " vote: {body: x, yes: [b]}}\n",
    "vote": "events:\n  - {id: ev1, date: 2024-01-02, kind: decision, title: Vote, actors: [b], evidence: [e1],"
            " vote: {body: b, no: [x]}}\n",
    "claim": "claims:\n  - {id: c1, kind: prediction, author: Someone, date: 2024-01, text: X sells, about: [x],"
             " status: open}\n",
    "designation": "designations:\n  - {id: d1, actor: x, list: ofac-sdn, listed_from: 2024-01-01, evidence: [e1]}\n",
    "origin": "actors:\n  - {id: team, kind: group, name: X staff, size: 10, origin: x}\n",
    "merge": "identity:\n  - merge: [x, b]\n",
}


@pytest.mark.parametrize("naming", sorted(CASE_NAMING_X))
def test_an_actor_a_case_file_names_outlives_the_edge_list_that_brought_it(tmp_path, capsys, naming):
    """An edge list brings ``x`` and ``b``; a case file names ``x`` (an event, a vote, a claim, a designation,
    a group's origin, a merge); the edge list is then changed so that it no longer names ``x`` and loaded
    again. ``x`` stays, vouched for by the case file (only a relation used to keep an actor: ``show x`` said
    "no actor 'x'" while the designation, event or claim still named it)."""
    edges, case = tmp_path / "m.csv", tmp_path / "c.yaml"
    edges.write_text("holder,subject,share,holder_kind\nx,b,50,fund\n")
    case.write_text("case: {id: c, title: A case}\nsources:\n  - {id: s1, title: Register, date: 2024-01-05}\n"
                    "evidence:\n  - {id: e1, source: s1, quote: a quote, reliability: primary}\n" + CASE_NAMING_X[naming])
    db = str(tmp_path / "s.duckdb")
    for f in (edges, case):
        assert main(["load", str(f), "--db", db]) == 0, capsys.readouterr().err
    edges.write_text("holder,subject,share\nw,b,50\n")
    assert main(["load", str(edges), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["show", "x", "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.actor("x").kind.value == "fund"
        assert km.store.con.execute("SELECT dataset_id FROM actor_datasets WHERE actor_id = 'x'").fetchall() == [
            ("case:c",)]


@pytest.mark.parametrize("lane", [True, False])
def test_a_store_from_schema_5_reads_which_kinds_were_defaults_from_the_files_still_as_loaded(tmp_path, monkeypatch,
                                                                                             capsys, lane):
    """A schema-5 store did not record which kinds an edge list only defaulted. Migrated, a load reads such a
    file again where it is still as it was loaded: ``m1.csv`` named ``x`` without a kind, so ``m2.csv`` stating a
    fund replaces the default (refused before: "already in the store as a company"), as in a store that recorded
    it; ``s1.csv`` stated ``company`` for ``s``, so ``s2.csv`` stating a fund is refused. Where the file is no longer
    as loaded, the refusal says that whether the kind was stated cannot be known, and what to do."""
    _lane(monkeypatch, lane)
    files = {n: tmp_path / f"{n}.csv" for n in ("m1", "s1", "m2", "s2")}
    files["m1"].write_text("holder,subject,share\nx,y,50\n")
    files["s1"].write_text("holder,subject,share,holder_kind\ns,y,10,company\n")
    files["m2"].write_text("holder,subject,share,holder_kind\nx,z,30,fund\n")
    files["s2"].write_text("holder,subject,share,holder_kind\ns,z,5,fund\n")
    db, gone = str(tmp_path / "five.duckdb"), str(tmp_path / "gone.duckdb")
    for store in (db, gone):
        for n in ("m1", "s1"):
            assert main(["load", str(files[n]), "--db", store]) == 0, capsys.readouterr().err
        _as_schema_5(store)
    assert main(["load", str(files["m2"]), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["load", str(files["s2"]), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "actor 's' is already in the store as a company, here as a fund" in err and "cannot be known" not in err
    with kingmaker.open(db, read_only=True) as km:
        assert (km.store.actor("x").kind.value, km.store.actor("s").kind.value) == ("fund", "company")
        assert km.store.unrecorded_kind_defaults() == []
    files["m1"].write_text("holder,subject,share\nx,y,60\n")  # changed since it was loaded
    assert main(["load", str(files["m2"]), "--db", gone]) == 2
    err = capsys.readouterr().err
    assert "actor 'x' is already in the store as a company, here as a fund (from edges-csv:m1, loaded before" in err
    assert "whether it stated 'company' cannot be known; if it did not, load that file again" in err, err
    assert "Traceback" not in err and err.count("\n") <= 3, err
    files["m1"].write_text("holder,subject,share\nx,y,50\n")  # as it was loaded: read again, the default known
    assert main(["load", str(files["m2"]), "--db", gone]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("bods_lane", [True, False])
def test_an_actor_kept_when_its_bods_dataset_goes_keeps_the_identifiers_its_record_states(shared_dir, tmp_path,
                                                                                          monkeypatch, capsys,
                                                                                          bods_lane):
    """The official BODS example's company (GB-COH 2063384560), also named by an edge list, stays when the BODS
    dataset goes, with its record — and its identifier, which the record still states, is still found by an
    identifier look-up (it went with the dataset: the record said GB-COH 2063384560, the look-up found nothing)."""
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if bods_lane else str(1 << 40))
    company = "bods:c359f58d2977"
    edges, db = tmp_path / "named.csv", str(tmp_path / "s.duckdb")
    edges.write_text(f"holder,subject,share\nsomeone,{company},5\n")
    for f in (shared_dir / "corpora/bods-examples/bods-package.json", edges):
        assert main(["load", str(f), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db) as km:
        before = km.store.actor(company)
        assert km.store.remove_dataset("bods:bods-package")
        assert km.store.actor(company) == before and before.identifiers == {"GB-COH": "2063384560"}
        assert km.store.actors_by_identifier(["2063384560"]) == {"2063384560": [company]}
        assert km.store.find_actors("2063384560")[0].id == company
        assert km.store.remove_dataset("edges-csv:named")  # the last dataset naming it: it goes, identifiers too
        assert km.store.actor(company) is None
        assert km.store.con.execute("SELECT count(*) FROM actor_identifiers").fetchone()[0] == 0


@pytest.mark.parametrize("other", ["case file", "edge list"])
@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("lane", [True, False])
def test_a_file_loaded_beside_a_changed_edge_list_cannot_count_on_the_actors_its_old_version_alone_brought(
        tmp_path, monkeypatch, capsys, lane, first, other):
    """``n.csv`` brought ``x``; changed so that it no longer names ``x``, it is loaded again in one load with another
    file naming ``x``, in either order. A case file naming ``x`` is refused ("unknown actor 'x'", as after loading
    ``n.csv`` alone), the store as it was; an edge list naming ``x`` keeps it. It used to load either way, and where
    the changed ``n.csv`` was written first its old version took ``x`` with it: a relation from no actor."""
    _lane(monkeypatch, lane)
    path, case, edges = tmp_path / "n.csv", tmp_path / "cx.yaml", tmp_path / "m.csv"
    path.write_text("holder,subject,share,holder_kind\nx,b,50,fund\n")
    case.write_text("case: {id: cx, title: X}\nrelations:\n"
                    "  - {id: x-b2, kind: voting_rights, holder: x, subject: b, share: 10}\n")
    edges.write_text("holder,subject,share\nx,b,50\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(path), "--db", db]) == 0, capsys.readouterr().err
    path.write_text("holder,subject,share\nw,b,50\n")
    files = [str(path), str(case if other == "case file" else edges)]
    code = main(["load", *(files if first else files[::-1]), "--db", db])
    err = capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        con = km.store.con
        assert con.execute("SELECT relation_id FROM relations WHERE holder_id NOT IN (SELECT actor_id FROM actors) "
                           "OR subject_id NOT IN (SELECT actor_id FROM actors)").fetchall() == []
        if other == "case file":
            assert code == 2 and "cx.yaml:3, record x-b2, field holder: error: unknown actor 'x'" in err, err
            assert [r.id for r in km.store.relations()] == ["n:2"] and km.store.actor("x").kind.value == "fund"
        else:
            assert code == 0, err
            assert sorted(r.id for r in km.store.relations(actor="x")) == ["m:2"]


@pytest.mark.parametrize("lane", [True, False])
def test_a_kind_clash_in_a_load_of_several_files_names_the_file(tmp_path, monkeypatch, capsys, lane):
    """``kingmaker load a.csv b.csv``, where ``b.csv`` states another kind for an actor the store holds: the one
    line names ``b.csv`` ("here as a company" did not say which file), and nothing is loaded."""
    _lane(monkeypatch, lane)
    case, a, b = tmp_path / "c.yaml", tmp_path / "a.csv", tmp_path / "b.csv"
    case.write_text("case: {id: c, title: A case}\nactors:\n  - {id: alice, kind: person, name: Alice}\n")
    a.write_text("holder,subject,share,holder_kind\nalice,x,10,person\n")
    b.write_text("holder,subject,share,holder_kind\nalice,y,10,company\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load", str(case), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["load", str(a), str(b), "--db", db]) == 2
    err = capsys.readouterr().err
    assert f"{b}: actor 'alice' is already in the store as a person, here as a company" in err, err
    with kingmaker.open(db, read_only=True) as km:
        assert km.store.counts()["relations"] == 0


@pytest.mark.parametrize("bods_lane", [True, False])
@pytest.mark.parametrize("lane", [True, False])
def test_an_edge_list_stating_the_kind_of_a_bods_party_exempt_from_disclosure(shared_dir, tmp_path, monkeypatch,
                                                                                 capsys, lane, bods_lane):
    """The official BODS example of a listed company whose interested party is unspecified (an ``unknown`` actor
    with ``unspecified_reason: subjectExemptFromDisclosure``), then an edge list stating that party is a person: it
    takes the kind, keeps its name and statement, and its unspecified reason and description end with the unknown
    kind (the statement in ``extra.bods`` still says them). The record kept them, which only an unknown actor may
    have, and every read of the store's actors (``kingmaker actors``, ``show``) failed with a traceback."""
    _lane(monkeypatch, lane)
    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0" if bods_lane else str(1 << 40))
    party = "bods:fa402c4818f9:party"
    db = str(tmp_path / "s.duckdb")
    bods = shared_dir / "corpora/bods-examples/listed-company-exempt-from-disclosure.json"
    assert main(["load", str(bods), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        before = km.store.actor(party)
    assert (before.kind.value, before.unspecified_reason) == ("unknown", "subjectExemptFromDisclosure")
    edges = tmp_path / "named.csv"
    edges.write_text(f"holder,subject,share,holder_kind\n{party},newco,10,person\n")
    assert main(["load", str(edges), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["actors", "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        after = km.store.actor(party)
        assert (after.kind.value, after.unspecified_reason, after.unspecified_description) == ("person", None, None)
        assert after.names == before.names and after.extra == before.extra
        assert len(km.store.actors()) == 3


@pytest.mark.parametrize("lane", [True, False])
def test_a_stated_kind_the_kept_record_cannot_take_is_refused(tmp_path, monkeypatch, capsys, lane):
    """A case file's company with a board size, kept for another case file naming it once its own is removed (its
    kind then a default), and an edge list stating it is a person: refused, naming the file and what the record
    holds, nothing loaded. The kind was taken and the record kept its board size, which only an organisation has:
    it no longer read back, and every read of the store's actors failed with a traceback."""
    _lane(monkeypatch, lane)
    first, second, edges = tmp_path / "ca.yaml", tmp_path / "cb.yaml", tmp_path / "cp.csv"
    first.write_text("case: {id: ca, title: A}\nactors:\n  - {id: c, kind: company, name: C plc, board_size: 9}\n"
                     "  - {id: h, kind: person, name: H}\n"
                     "relations:\n  - {id: h-c, kind: shareholding, holder: h, subject: c, share: 10}\n")
    second.write_text("case: {id: cb, title: B}\n"
                      "relations:\n  - {id: h-c-2, kind: voting_rights, holder: h, subject: c, share: 10}\n")
    edges.write_text("holder,subject,share,subject_kind\nzz,c,5,person\n")
    db = str(tmp_path / "s.duckdb")
    for f in (first, second):
        assert main(["load", str(f), "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db) as km:
        assert km.store.remove_dataset("case:ca")
    capsys.readouterr()
    assert main(["load", str(edges), "--db", db]) == 2
    err = capsys.readouterr().err
    assert (f"{edges}: actor 'c' is already in the store as a company, here as a person, which its record cannot take"
            in err and "board_size" in err and "Traceback" not in err), err
    assert main(["actors", "--db", db]) == 0, capsys.readouterr().err
    with kingmaker.open(db, read_only=True) as km:
        assert (km.store.actor("c").kind.value, km.store.actor("c").board_size) == ("company", 9)
        assert km.store.counts()["relations"] == 1
