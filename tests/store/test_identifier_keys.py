"""The store keeps each identifier's compared form (``actor_identifiers.value_key``, schema 4) so that
finding the records that share an identifier is a look-up (bench/bench_identity.py): the answers are those
the form computed on the fly gives — after a load, in a store migrated from schema 3, and in a schema-3
store opened read-only (which computes it)."""
from __future__ import annotations

import duckdb

import kingmaker
from kingmaker.model.identity import identifier_key_sql, identifier_value_key
from kingmaker.store.schema import CURRENT_VERSION, schema_version

CASE = """\
case: {id: keys, title: Identifier keys}
actors:
  - {id: acme-a, kind: company, name: Acme Ltd, identifiers: {GB-COH: '01234567'}}
  - {id: acme-b, kind: company, name: ACME LIMITED, identifiers: {GB-COH: 'sc-1234567'}}
  - {id: acme-c, kind: company, name: Acme Holdings, identifiers: {GB-COH: '1234567'}}
  - {id: other, kind: company, name: Other Ltd, identifiers: {LEI: '5493001KJTIIGC8Y1R12'}}
"""


def _answers(db, read_only=False):
    with kingmaker.open(db, read_only=read_only) as km:
        st = km.store
        return (sorted(st.actors_sharing_identifiers(["acme-a"])), sorted(st.actors_sharing_identifiers(["other"])),
                sorted(a.id for a in st.lookup_actors("1 234 567")),
                sorted(a.id for a in st.lookup_actors("5493001kjtiigc8y1r12")))


def test_value_keys_are_the_compared_form_and_answer_as_before(tmp_path):
    (tmp_path / "c.yaml").write_text(CASE)
    db = tmp_path / "s.duckdb"
    with kingmaker.open(db) as km:
        km.load(tmp_path / "c.yaml")
        rows = km.store.con.execute(f"SELECT value, value_key, {identifier_key_sql('value')} FROM actor_identifiers").fetchall()
    assert rows and all(key == computed == identifier_value_key(value).lstrip("0") for value, key, computed in rows)
    expected = (["acme-a", "acme-c"], ["other"], ["acme-a", "acme-c"], ["other"])
    assert _answers(db) == expected
    # the same store as schema 3 left it: no value_key column
    con = duckdb.connect(str(db))
    con.execute("DROP INDEX actor_identifiers_key")
    con.execute("DROP INDEX actor_identifiers_actor")
    con.execute("ALTER TABLE actor_identifiers DROP COLUMN value_key")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    assert _answers(db, read_only=True) == expected  # computed on the fly, nothing written
    con = duckdb.connect(str(db), read_only=True)
    assert schema_version(con) == 3
    con.close()
    assert _answers(db) == expected  # opened for writing: migrated, keys filled
    with kingmaker.open(db, read_only=True) as km:
        assert schema_version(km.store.con) == CURRENT_VERSION
        assert km.store.con.execute("SELECT count(*) FROM actor_identifiers WHERE value_key IS NULL").fetchone()[0] == 0
