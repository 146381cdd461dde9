"""The store's name index (``actor_names``, schema 3): actors found by the key of a name, alias, legal-form-less
name or identifier, kept with every load, reload and removal, and built for a store made before it."""
from __future__ import annotations

import kingmaker
from kingmaker.store import Store

A = """case: {id: a, title: A}
actors:
  - {id: openai-global, kind: company, name: "OpenAI Global, LLC", aliases: [Open AI Global]}
  - {id: wolkenwerk, kind: company, name: Wolkenwerk AG, identifiers: {LEI: 5493001KJTIIGC8Y1R12}}
  - {id: nadella, kind: person, name: Satya Nadella}
"""


def _ids(actors):
    return sorted(a.id for a in actors)


def test_names_aliases_short_forms_identifiers_surnames_and_first_words(db_path, tmp_path):
    (tmp_path / "a.yaml").write_text(A, encoding="utf-8")
    with kingmaker.open(db_path) as km:
        km.load(tmp_path / "a.yaml")
        s = km.store
        assert _ids(s.actors_by_name_keys(["OpenAIGlobal"])) == ["openai-global"]  # alias, and name w/o "LLC"
        assert _ids(s.actors_by_name_keys(["Wolkenwerk", "5493001KJTIIGC8Y1R12"])) == ["wolkenwerk"]
        assert _ids(s.actors_by_name_keys([], last_words=["Nadella"])) == ["nadella"]
        assert _ids(s.actors_by_name_keys([], first_words=["Wolkenwerk"])) == ["wolkenwerk"]
        assert _ids(s.actors_by_name_keys(["Satya", "Global", "AG"])) == []
        # whole names, and the first words of a name that goes on ("Open AI Global" → "OpenAIGlobalLLC")
        assert s.name_keys(["Open", "OpenAI", "OpenAIGlobal", "Wolkenwerk", "Nadella", "LLC"]) == (
            {"OpenAIGlobal", "Wolkenwerk"}, {"Open", "OpenAI", "OpenAIGlobal", "Wolkenwerk"})
        assert _ids(s.organisations_by_first_word(["OpenAI"])) == ["openai-global"]


def test_kept_with_reloads_and_removals(db_path, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("case: {id: b, title: B}\nactors:\n  - {id: nadella, kind: person, name: Satya Nadella}\n",
                                     encoding="utf-8")
    with kingmaker.open(db_path) as km:
        km.load(path)
        km.load(tmp_path / "b.yaml")
        path.write_text(A.replace("Wolkenwerk AG", "Sturmwerk AG"), encoding="utf-8")
        km.load(path)  # a reload with a new name: the old one no longer finds it
        assert _ids(km.store.actors_by_name_keys(["Wolkenwerk"])) == []
        assert _ids(km.store.actors_by_name_keys(["Sturmwerk"])) == ["wolkenwerk"]
        km.store.remove_dataset("case:a")  # its actors go, but not the one dataset b vouches for too
        assert _ids(km.store.actors_by_name_keys(["Sturmwerk", "OpenAIGlobal", "SatyaNadella"])) == ["nadella"]
        assert km.store.con.execute("SELECT count(DISTINCT actor_id) FROM actor_names").fetchone()[0] == 1


def test_built_for_a_store_made_before_it_and_read_without_it(db_path, tmp_path):
    (tmp_path / "a.yaml").write_text(A, encoding="utf-8")
    with kingmaker.open(db_path) as km:
        km.load(tmp_path / "a.yaml")
        km.store.con.execute("DROP TABLE actor_names")
        km.store.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(db_path, read_only=True) as s:  # not migrated: the rows are computed from the actors
        assert _ids(s.actors_by_name_keys(["Wolkenwerk"], last_words=["Nadella"])) == ["nadella", "wolkenwerk"]
    with Store(db_path) as s:  # migrated: the table is built
        assert s.con.execute("SELECT count(DISTINCT actor_id) FROM actor_names").fetchone()[0] == 3
        assert _ids(s.actors_by_name_keys(["OpenAIGlobal"])) == ["openai-global"]


def test_rebuilt_when_the_rules_that_made_it_change(db_path, tmp_path):
    """A store whose name index was computed by other rules (e.g. before "Plc" was a legal form in
    model/legal_forms.yaml) is re-indexed on its next opening, for reading ("shared") as for writing."""
    (tmp_path / "a.yaml").write_text(A.replace("Wolkenwerk AG", "Wolkenwerk Plc"), encoding="utf-8")
    with kingmaker.open(db_path) as km:
        km.load(tmp_path / "a.yaml")
        assert _ids(km.store.actors_by_name_keys(["Wolkenwerk"])) == ["wolkenwerk"]
        # as an older Kingmaker left it: no short form for "Plc", and a stamp of other rules
        km.store.con.execute("DELETE FROM actor_names WHERE key = 'Wolkenwerk'")
        km.store.con.execute("INSERT OR REPLACE INTO meta VALUES ('name_index', 'older-rules')")
    for mode in ("shared", False):
        with Store(db_path, read_only=mode) as s:
            assert _ids(s.actors_by_name_keys(["Wolkenwerk"])) == ["wolkenwerk"], mode
        with Store(db_path) as s:  # spoil it again for the next mode
            s.con.execute("DELETE FROM actor_names WHERE key = 'Wolkenwerk'")
            s.con.execute("INSERT OR REPLACE INTO meta VALUES ('name_index', 'older-rules')")


def test_left_alone_when_its_rules_are_current(db_path, tmp_path):
    (tmp_path / "a.yaml").write_text(A, encoding="utf-8")
    with kingmaker.open(db_path) as km:
        km.load(tmp_path / "a.yaml")
        km.store.con.execute("DELETE FROM actor_names WHERE key = 'Wolkenwerk'")  # a marker a rebuild would undo
    with Store(db_path) as s:
        assert _ids(s.actors_by_name_keys(["Wolkenwerk"])) == []
