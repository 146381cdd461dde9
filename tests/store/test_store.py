"""The DuckDB store: round trip, as-of boundaries, idempotent reloads, all-or-nothing writes."""
import subprocess
import sys
import textwrap
from datetime import date

import pytest

import kingmaker
from kingmaker.errors import InvalidInput, KingmakerError, UserError
from kingmaker.io.case_yaml import read_case
from kingmaker.store import Store
from kingmaker.store.schema import CURRENT_VERSION, schema_version

from conftest import FLAGSHIP

TABLES = ["sources", "evidence", "actors", "actor_identifiers", "relations", "events", "event_actors", "claims"]


def test_round_trip_keeps_every_object(db_path):
    case = read_case(FLAGSHIP).case
    with kingmaker.open(db_path) as km:
        km.load(FLAGSHIP)
        assert {a.id: a for a in km.actors()} == {a.id: a for a in case.actors}
        assert {r.id: r for r in km.store.relations()} == {r.id: r for r in case.relations}
        assert {e.id: e for e in km.store.events()} == {e.id: e for e in case.events}
        assert {e.id: e for e in km.store.evidence()} == {e.id: e for e in case.evidence}
        assert {s.id: s for s in km.store.sources()} == {s.id: s for s in case.sources}


def test_store_survives_reopen_and_records_provenance(db_path):
    with kingmaker.open(db_path) as km:
        km.load(FLAGSHIP)
        before = km.store.fingerprint()
    with kingmaker.open(db_path) as km:
        assert km.store.fingerprint() == before
        (ds,) = km.store.datasets()
        assert ds.id == "case:openai-2023" and ds.format == "case" and len(ds.sha256) == 64
        prov = km.store.relation_provenance(["altman-board"])
        assert prov == {"altman-board": "case:openai-2023"}


@pytest.mark.parametrize("day,present", [
    (date(2023, 11, 16), True), (date(2023, 11, 17), False),  # removed on the 17th: valid_to is exclusive
])
def test_as_of_end_is_exclusive(flagship_store, day, present):
    ids = {r.id for r in flagship_store.snapshot(day).relations}
    assert ("altman-board" in ids) is present


@pytest.mark.parametrize("day,present", [
    (date(2023, 11, 28), False), (date(2023, 11, 29), True), (date(2024, 7, 8), True), (date(2024, 7, 9), False),
])
def test_as_of_start_is_inclusive(flagship_store, day, present):
    ids = {r.id for r in flagship_store.snapshot(day).relations}
    assert ("microsoft-observer-seat" in ids) is present


def test_reloading_the_same_case_changes_nothing(flagship_store):
    before = flagship_store.store.fingerprint()
    loaded_at = flagship_store.store.datasets()[0].loaded_at
    report = flagship_store.load(FLAGSHIP)
    assert report.results[0].status == "unchanged"
    assert flagship_store.store.fingerprint() == before
    assert flagship_store.store.datasets()[0].loaded_at == loaded_at


def test_reloading_changed_content_replaces_the_dataset(flagship_store, tmp_path):
    text = FLAGSHIP.read_text(encoding="utf-8").replace('name: "Helen Toner"', 'name: "Helen M. Toner"')
    text = text.replace("  - id: e-cma-decision", "  - id: e-cma-decision-renamed")
    changed = tmp_path / "openai.yaml"
    changed.write_text(text, encoding="utf-8")
    report = flagship_store.load(changed)
    assert report.results[0].status == "replaced"
    assert flagship_store.actor("helen-toner").name == "Helen M. Toner"
    ids = {e.id for e in flagship_store.store.events()}
    assert "e-cma-decision-renamed" in ids and "e-cma-decision" not in ids  # old rows gone, not duplicated


@pytest.mark.parametrize("table", TABLES)
def test_failure_half_way_leaves_the_store_unchanged(db_path, tmp_path, table):
    other = tmp_path / "other.yaml"
    other.write_text(textwrap.dedent("""\
        case: {id: other, title: Other}
        sources: [{id: o-s, title: T}]
        evidence: [{id: o-e, source: o-s, quote: q}]
        actors: [{id: o-a, kind: company, name: O A, identifiers: {LEI: X}}, {id: o-b, kind: person, name: O B}]
        relations: [{id: o-r, kind: shareholding, holder: o-b, subject: o-a, share: 10, evidence: [o-e]}]
        events: [{id: o-ev, date: 2020-01-01, kind: other, title: T, actors: [o-a], evidence: [o-e]}]
        claims: [{id: o-c, author: o-b, text: soon, evidence: [o-e]}]
        """), encoding="utf-8")
    with Store(db_path) as store:
        store.write_case(read_case(other).case, _dataset("other"))
        before = store.fingerprint()
        case = read_case(FLAGSHIP).case
        with pytest.raises(KingmakerError, match="simulated failure"):
            store.write_cases([(case, _dataset("flagship"))], _fail_after=table)
        assert store.fingerprint() == before
        assert [d.id for d in store.datasets()] == ["other"]


def _dataset(name):
    from kingmaker.store import Dataset

    return Dataset(name, name, "case", f"{name}.yaml", name * 4)


def test_one_bad_file_in_a_batch_loads_nothing(db_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: {id: bad, title: Bad}\nactors: [{id: x, kind: company, name: X}]\n"
                   "relations: [{id: r, kind: shareholding, holder: nobody, subject: x, share: 5}]\n")
    with kingmaker.open(db_path) as km:
        with pytest.raises(InvalidInput, match="unknown actor 'nobody'"):
            km.load(FLAGSHIP, bad)
        assert km.store.counts()["relations"] == 0 and km.store.datasets() == []


def test_killed_process_mid_load_leaves_store_as_it_was(db_path):
    with kingmaker.open(db_path) as km:
        km.store.con.execute("CHECKPOINT")
        before = km.store.fingerprint()
    script = textwrap.dedent(f"""
        import os, kingmaker
        from kingmaker.store.store import Store
        original = Store._insert
        def dying_insert(self, table, rows):
            original(self, table, rows)
            if table == "relations":
                os._exit(9)   # killed half-way through the transaction
        Store._insert = dying_insert
        km = kingmaker.open({str(db_path)!r})
        km.load({str(FLAGSHIP)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    with kingmaker.open(db_path) as km:
        assert km.store.fingerprint() == before
        assert km.store.counts()["actors"] == 0


def test_schema_version_and_migration(db_path):
    with Store(db_path) as store:
        assert schema_version(store.con) == CURRENT_VERSION
        store.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(KingmakerError, match="newer than this Kingmaker"):
        Store(db_path)


def test_actor_shared_by_two_datasets_survives_removal_of_one(db_path, tmp_path):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text("case: {id: a, title: A}\nactors: [{id: acme, kind: company, name: Acme}]\n")
    b.write_text("case: {id: b, title: B}\nactors: [{id: acme, kind: company, name: Acme Corp},"
                 " {id: p, kind: person, name: P}]\n"
                 "relations: [{id: p-acme, kind: shareholding, holder: p, subject: acme, share: 30}]\n")
    with kingmaker.open(db_path) as km:
        km.load(a)
        km.load(b)
        assert km.actor("acme").name == "Acme Corp"
        assert km.store.remove_dataset("case:b")
        assert km.actor("acme") and km.store.actor("p") is None and km.store.relations() == []


def test_relation_id_clash_across_datasets_is_refused(flagship_store, tmp_path):
    clash = tmp_path / "clash.yaml"
    clash.write_text("case: {id: clash, title: C}\n"
                     "relations: [{id: altman-board, kind: board_seat, holder: sam-altman, subject: microsoft, role: director}]\n")
    before = flagship_store.store.fingerprint()
    with pytest.raises(KingmakerError, match="already in the store from dataset 'case:openai-2023'"):
        flagship_store.load(clash)
    assert flagship_store.store.fingerprint() == before


def test_streamed_load_releases_each_chunk(tmp_path):
    """A bulk load holds one chunk at a time: the Arrow buffers of written chunks are freed before the
    commit (``con.register`` kept every chunk alive until the transaction ended: 2.8 GB at 10⁶ BODS
    statements)."""
    import pyarrow as pa

    from kingmaker.model import Actor, Case, CaseInfo, Name
    from kingmaker.store.store import Dataset

    info = CaseInfo("bulk:t", "T")
    note = "x" * 2000
    held: list[int] = []

    def chunks():
        for c in range(6):
            held.append(pa.total_allocated_bytes())
            yield Case(info, actors=[Actor(id=f"a{c}-{i}", kind="company", names=(Name(name=f"A {i}"),),
                                           description=note) for i in range(2000)])

    with Store(tmp_path / "s.duckdb") as store:
        (result,) = store.write_streamed([(Dataset("bulk:t", "T", "case", "t", "0" * 64), chunks)])
        assert result.counts["actors"] == 12_000
        assert store.counts()["actors"] == 12_000
    # one chunk is ~4 MB of Arrow data: six kept alive would be ~25 MB
    assert max(held) - held[0] < 8_000_000, held


def test_text_compression_is_zstd_only_where_the_json_columns_can_hold_it(tmp_path):
    """The store's long text is mostly of type JSON; DuckDB 1.3 (the oldest ``pyproject.toml`` allows) takes zstd
    for a VARCHAR column but refuses it for a JSON one ("Can't compress column … with type JSON … using compression
    type ZSTD"). The probe asks for both, so that such a DuckDB makes its stores with its own compression — before,
    it probed VARCHAR alone and every new store's creation failed with a traceback there (by hand, DuckDB 1.3.2:
    ``kingmaker load`` of the flagship case)."""
    import duckdb

    from kingmaker.store.schema import TEXT_COMPRESSION, text_compression

    class JsonZstdRefused:
        """A DuckDB connection that refuses zstd for a JSON column, as DuckDB 1.3 does."""

        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if "JSON" in sql and "zstd" in sql.lower():
                raise duckdb.BinderException("Can't compress column \"text\" with type '\"JSON\"' using ZSTD")
            return self.con.execute(sql, *args)

    con = duckdb.connect(str(tmp_path / "probe.duckdb"))
    try:
        assert text_compression(con) == TEXT_COMPRESSION  # this DuckDB holds both
        assert text_compression(JsonZstdRefused(con)) == ""
        assert not con.execute("SELECT * FROM duckdb_tables() WHERE table_name = 'km_compression_probe'").fetchall()
    finally:
        con.close()


def _made_by(path, release: bytes, storage_version: int) -> None:
    """Rewrite the header of the DuckDB file at ``path`` as a DuckDB ``release`` writing ``storage_version``
    would have (the release's name at offset 52, the version at 12, the block's checksum — DuckDB's, over the
    header's 8-byte words — at 0)."""
    import struct

    with open(path, "r+b") as f:
        head = bytearray(f.read(4096))
        head[12:20] = struct.pack("<Q", storage_version)
        head[52:84] = release.ljust(32, b"\0")
        checksum = 5381
        for (word,) in struct.iter_unpack("<Q", bytes(head[8:])):
            checksum ^= (word * 0xBF58476D1CE4E5B9) & (2**64 - 1)
        head[0:8] = struct.pack("<Q", checksum)
        f.seek(0)
        f.write(head)


@pytest.mark.parametrize("read_only", [False, "shared", True])
def test_a_store_made_by_a_newer_duckdb_names_both_releases(tmp_path, read_only):
    """A store written by a newer DuckDB than the one installed (DuckDB 1.3 cannot read what 2.0 writes: issue 19,
    session 10's leftovers) is refused with one message naming the file, the release that made it and this one —
    not DuckDB's storage-version text alone, nor a traceback."""
    import duckdb

    db = tmp_path / "newer.duckdb"
    Store(db).close()
    _made_by(db, b"v9.9.9", 100_000)
    with pytest.raises(UserError) as caught:
        Store(db, read_only=read_only)
    message = str(caught.value)
    assert f"cannot open store {db}" in message, message
    assert f"made by DuckDB v9.9.9, this is DuckDB v{duckdb.__version__}" in message, message
    assert "upgrade DuckDB" in message, message


def test_a_corrupt_store_made_by_an_older_duckdb_is_not_blamed_on_the_release(tmp_path):
    """A store made by an older DuckDB release that this one reads, but whose blocks are damaged, is refused with
    DuckDB's own message — not told that this DuckDB "cannot read" what that release made, with advice to go back
    to it (issue 19 review, session 11: every open failure of a file made by another release said so)."""
    import struct

    db = tmp_path / "damaged.duckdb"
    Store(db).close()
    with open(db, "rb") as f:
        head = f.read(84)
    _made_by(db, b"v1.4.1", struct.unpack("<Q", head[12:20])[0])  # an older release, same storage: readable
    Store(db).close()
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(3 * 4096 + 8)
        f.write(b"\xa5" * (size - 3 * 4096 - 8))
    with pytest.raises(UserError) as caught:
        Store(db, read_only=True)
    message = str(caught.value)
    assert f"cannot open store {db}" in message, message
    assert "v1.4.1" not in message and "cannot read it" not in message, message
