"""The DuckDB schema and its migrations.

Every table keeps the full model object as JSON in ``data`` (lossless round trip) beside the columns
that queries filter on, and the ``dataset_id`` it came from (provenance). ``MIGRATIONS[i]`` takes the
store from version ``i`` to ``i + 1``; :func:`migrate` applies the missing ones in one transaction.
"""
from __future__ import annotations

import functools
import os
from typing import Callable

import duckdb

from kingmaker.model.identity import identifier_key_sql
from kingmaker.model.ids import NAME_TOKEN_SQL
from kingmaker.model.legal_forms import LEGAL_SUFFIX

SCHEMA_VERSION_KEY = "schema_version"


def name_rows_sql(where: str = "TRUE", *, own_name_only: bool = False) -> str:
    """The rows of ``actor_names`` for the actors ``where`` selects. For each name, alias, name without its
    legal form (:data:`~kingmaker.model.legal_forms.LEGAL_SUFFIX`) and identifier of four or more characters: its key
    (:func:`~kingmaker.model.ids.name_key`, ``whole``), with the name's first and last words (a compound's
    prefix, a surname) and whether it is the actor's own name; and the keys of its first words (``"Open"``,
    ``"OpenAI"``, ``"OpenAIGlobal"`` for "Open AI Global, LLC"; not ``whole``: a name may go on from there).
    What ``kingmaker extract --against`` looks a text's names up by. ``own_name_only``: each chosen actor's record
    holds one name, its ``name`` column (as the edge-list bulk lane writes actors), read from the column instead of
    from the record's JSON — the same rows (a 10⁶-edge load's name index: ~0.3 s CPU less)."""
    legal = LEGAL_SUFFIX.replace("'", "''")
    name = "own" if own_name_only else """unnest(from_json(data->'$.names', '[{"name": "VARCHAR"}]')).name"""
    named = f"""SELECT actor_id, kind, own, {name} AS name
                    FROM chosen"""
    # Each name is read and split into words once (MATERIALIZED); a name without a legal form adds no second
    # form (it would give the same rows); the two halves never share a row (``whole`` differs), so each is
    # made distinct on its own (a bulk load's 6.4 s instead of 17 s at 666,667 actors, same rows)
    return f"""WITH chosen AS (SELECT actor_id, kind, name AS own, data FROM actors WHERE {where}),
          named AS MATERIALIZED (
                    {named}),
          forms AS (SELECT actor_id, kind, own, name, name AS form FROM named
                    UNION ALL SELECT * FROM (SELECT actor_id, kind, own, name, regexp_replace(name, '{legal}', '') AS form
                                             FROM named) WHERE form <> name
                    UNION ALL SELECT i.actor_id, c.kind, NULL, NULL, i.value FROM actor_identifiers i
                              JOIN chosen c USING (actor_id) WHERE length(i.value) >= 4),
          tokened AS MATERIALIZED (SELECT *, regexp_extract_all(form, '{NAME_TOKEN_SQL}') AS tokens,
                             string_split_regex(trim(name), '\\s+') AS parts FROM forms)
        SELECT DISTINCT actor_id, kind, array_to_string(tokens, '') AS key, TRUE AS whole, parts[1] AS first_word,
               CASE WHEN len(parts) >= 2 THEN parts[-1] END AS last_word, coalesce(name = own, FALSE) AS own_name
        FROM tokened WHERE len(tokens) > 0
        UNION ALL SELECT DISTINCT actor_id, kind,
               unnest(list_transform(range(1, len(tokens)), lambda i: array_to_string(tokens[1:i], ''))) AS key,
               FALSE, NULL, NULL, FALSE
        FROM tokened WHERE len(tokens) > 1"""


#: the columns of ``relations`` (a table up to schema 5, a view over ``relation_rows`` from schema 6), in order
RELATION_COLUMNS = ("relation_id", "kind", "holder_id", "subject_id", "valid_from", "valid_to", "share_low",
                    "share_high", "data", "dataset_id")


#: what follows the validity in the JSON of every relation an edge list states (the model's defaults: no events, no
#: evidence, no interest details — ``Relation.model_dump_json()``, frozen here as schema 8 stores it; a test checks
#: it against the model). A stored tail ending in ``,`` goes on with it (:func:`relation_tail_sql`): an edge list's
#: row keeps ~180 bytes of tail instead of ~400 (a 10⁶-edge load writes 0.4 GB less, ~0.4 s CPU)
TAIL_REST = ('"started_by":null,"ended_by":null,"evidence":[],"evidence_for":{},"interest_type":null,"direct":null,'
             '"beneficial":null,"note":null,"attrs":{"instrument":null,"contingent":null,"trigger":null,'
             '"share_class":null,"cap":null}}')


def relation_tail_sql(data_tail: str = "data_tail") -> str:
    r"""SQL for the whole tail of a relation stored without JSON: ``data_tail`` as stored, or, where it ends in
    ``,`` (schema 8; a whole tail ends in ``}``), with :data:`TAIL_REST` after it.

    >>> import duckdb
    >>> duckdb.sql("SELECT " + relation_tail_sql("'\"share\":null,'")).fetchall()[0][0][:40]
    '"share":null,"started_by":null,"ended_by'
    """
    return f"CASE WHEN ends_with({data_tail}, ',') THEN {data_tail} || '{TAIL_REST}' ELSE {data_tail} END"


def short_tail(tail: str) -> str:
    """The tail a writer stores (:func:`relation_tail_sql` gives ``tail`` back from it).

    >>> short_tail('"share":null,' + TAIL_REST), short_tail('"share":null}')
    ('"share":null,', '"share":null}')
    """
    return tail[:-len(TAIL_REST)] if tail.endswith("," + TAIL_REST) else tail


def relation_json_sql(relation_id: str = "relation_id", kind: str = "kind", holder_id: str = "holder_id",
                      subject_id: str = "subject_id", data_tail: str = "data_tail") -> str:
    r"""SQL for the JSON of a relation stored without it (schema 6): its id, kind, holder and subject (slugs and
    kind names, which JSON writes as they are) in the model's order, then its ``data_tail`` — everything after
    the subject (:func:`relation_tail_sql`: from schema 8, the model's defaults at its end may be left out). The one
    place it is put back (:data:`RELATIONS_VIEW`); a writer that stores a row so checks the result against the
    model's own dump first (:mod:`kingmaker.io.edges_sql`).

    >>> import duckdb
    >>> duckdb.sql("SELECT " + relation_json_sql("'f:2'", "'control'", "'a'", "'b'", "'\"share\":null}'")).fetchall()[0][0]
    '{"id":"f:2","kind":"control","holder":"a","subject":"b","share":null}'
    """
    return (f"""('{{"id":"' || {relation_id} || '","kind":"' || {kind} || '","holder":"' || {holder_id} || """
            f"""'","subject":"' || {subject_id} || '",' || {relation_tail_sql(data_tail)})""")


#: the tables written in place of a view that reads them (schema 6)
WRITTEN_TO = {"relations": "relation_rows"}

#: ``relations`` from schema 6: each row of ``relation_rows`` with its JSON (stored, or :func:`relation_json_sql`)
RELATIONS_VIEW = (f"""CREATE VIEW relations AS SELECT {', '.join(RELATION_COLUMNS[:8])},
                      coalesce(CAST(data AS VARCHAR), {relation_json_sql()}) AS data, dataset_id FROM relation_rows""")

#: where a migration's table gives a column of long text (the model's JSON, a BODS statement) its compression
#: (:func:`text_compression`)
TEXT_SLOT = "@@TEXT@@"
TEXT_COMPRESSION = " USING COMPRESSION zstd"


def text_compression(con: duckdb.DuckDBPyConnection) -> str:
    """How the columns of long text of the tables a migration creates are compressed: zstd (:data:`TEXT_COMPRESSION`)
    where the store's file can hold it (a DuckDB file of storage version 1.2 or later), else DuckDB's own choice
    (``""``). DuckDB's own choice analyses every segment for FSST and dictionary compression when it writes it:
    at 10⁵ BODS statements (``bench/bench_io.py``'s file) storing the statements took 0.69 CPU-s with it and 0.40
    with zstd, in a file 3.7 MB instead of 24.4 MB (actors 0.33 → 0.24 CPU-s, relations 0.44 → 0.30; reading one
    statement by key ~0.2 ms more, a whole table the same; DuckDB 2.0.1, by hand, session 10).

    >>> text_compression(duckdb.connect()) in ("", TEXT_COMPRESSION)
    True
    """
    try:  # both types it is asked for: DuckDB 1.3 takes zstd for VARCHAR but refuses it for JSON
        con.execute(f"CREATE TABLE km_compression_probe (text VARCHAR{TEXT_COMPRESSION}, doc JSON{TEXT_COMPRESSION})")
    except duckdb.Error:  # "that type is not available yet": an older storage version; or a JSON column refused
        return ""
    con.execute("DROP TABLE km_compression_probe")
    return TEXT_COMPRESSION


MIGRATIONS: list[list[str | Callable[[duckdb.DuckDBPyConnection, str], None]]] = [
    # 0 → 1: the initial schema
    [
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE datasets (
            dataset_id VARCHAR PRIMARY KEY, title VARCHAR, format VARCHAR, file VARCHAR,
            sha256 VARCHAR, loaded_at TIMESTAMP, counts JSON)""",
        """CREATE TABLE actors (
            actor_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL,
            jurisdiction VARCHAR, data JSON NOT NULL@@TEXT@@, dataset_id VARCHAR NOT NULL)""",
        "CREATE TABLE actor_datasets (actor_id VARCHAR, dataset_id VARCHAR, PRIMARY KEY (actor_id, dataset_id))",
        """CREATE TABLE actor_identifiers (actor_id VARCHAR, scheme VARCHAR, value VARCHAR,
            dataset_id VARCHAR)""",
        """CREATE TABLE sources (source_id VARCHAR PRIMARY KEY, title VARCHAR, data JSON NOT NULL,
            dataset_id VARCHAR NOT NULL)""",
        """CREATE TABLE evidence (evidence_id VARCHAR PRIMARY KEY, source_id VARCHAR, reliability VARCHAR,
            data JSON NOT NULL@@TEXT@@, dataset_id VARCHAR NOT NULL)""",
        """CREATE TABLE relations (
            relation_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, holder_id VARCHAR NOT NULL,
            subject_id VARCHAR NOT NULL, valid_from DATE, valid_to DATE,
            share_low DECIMAL(18, 9), share_high DECIMAL(18, 9),
            data JSON NOT NULL@@TEXT@@, dataset_id VARCHAR NOT NULL)""",
        "CREATE INDEX relations_holder ON relations (holder_id)",
        "CREATE INDEX relations_subject ON relations (subject_id)",
        """CREATE TABLE events (event_id VARCHAR PRIMARY KEY, date DATE NOT NULL, kind VARCHAR,
            data JSON NOT NULL, dataset_id VARCHAR NOT NULL)""",
        "CREATE TABLE event_actors (event_id VARCHAR, actor_id VARCHAR, dataset_id VARCHAR)",
        """CREATE TABLE claims (claim_id VARCHAR PRIMARY KEY, date DATE, data JSON NOT NULL,
            dataset_id VARCHAR NOT NULL)""",
    ],
    # 1 → 2: designations (sanctions and export-control listings, kingmaker.model.designation)
    [
        """CREATE TABLE designations (designation_id VARCHAR PRIMARY KEY, actor_id VARCHAR NOT NULL,
            list VARCHAR NOT NULL, listed_from DATE, listed_to DATE, data JSON NOT NULL,
            dataset_id VARCHAR NOT NULL)""",
        "CREATE INDEX designations_actor ON designations (actor_id)",
    ],
    # 2 → 3: actors by the keys of their names (name_rows_sql), kept with the actors table
    [
        """CREATE TABLE actor_names (actor_id VARCHAR NOT NULL, kind VARCHAR, key VARCHAR NOT NULL,
            whole BOOLEAN, first_word VARCHAR, last_word VARCHAR, own_name BOOLEAN)""",
        "INSERT INTO actor_names " + name_rows_sql(),
    ],
    # 3 → 4: each identifier's compared form (identifier_key_sql), for one-actor-per-identifier look-ups
    # (the table is written anew: DuckDB creates no index on a table updated in the same transaction)
    [
        f"""CREATE TABLE actor_identifiers_keyed AS SELECT actor_id, scheme, value, dataset_id,
            {identifier_key_sql('value')} AS value_key FROM actor_identifiers""",
        "DROP TABLE actor_identifiers",
        "ALTER TABLE actor_identifiers_keyed RENAME TO actor_identifiers",
        "CREATE INDEX actor_identifiers_key ON actor_identifiers (value_key)",
        "CREATE INDEX actor_identifiers_actor ON actor_identifiers (actor_id)",
    ],
    # 4 → 5: each BODS statement kept once, verbatim, in ``statements``; the actor or evidence the bulk lane
    # makes from it refers to it by ``statement_key`` instead of carrying a copy (read back: with_statements)
    [
        """CREATE TABLE IF NOT EXISTS statements (statement_key BIGINT PRIMARY KEY, statement_id VARCHAR NOT NULL,
            data JSON NOT NULL@@TEXT@@, dataset_id VARCHAR NOT NULL)""",
        "ALTER TABLE actors ADD COLUMN IF NOT EXISTS statement_key BIGINT",
        "ALTER TABLE evidence ADD COLUMN IF NOT EXISTS statement_key BIGINT",
    ],
    # 5 → 6: relations kept in ``relation_rows``, read through the view ``relations`` (:func:`_relations_as_rows`);
    # which dataset wrote an actor with a kind it did not state (an edge list's default, ``company``), so that a
    # later dataset stating the actor's kind is not refused as a clash (:data:`KIND_DEFAULTED`)
    [lambda con, text: _relations_as_rows(con, text),
     "CREATE TABLE IF NOT EXISTS actor_kind_defaults (actor_id VARCHAR NOT NULL, dataset_id VARCHAR NOT NULL)"],
    # 6 → 7: the edge lists loaded before the store recorded which kinds they only defaulted (schema 5 or older;
    # from a store at 6, those that recorded no default and vouch for a company: it cannot tell them apart). A load
    # reads such a file again where it is still as it was loaded and records its defaults
    # (``kingmaker.io.streaming.recall_kind_defaults``); a kind clash with one it cannot read says so
    ["CREATE TABLE IF NOT EXISTS kind_defaults_unrecorded (dataset_id VARCHAR PRIMARY KEY)",
     """INSERT OR IGNORE INTO kind_defaults_unrecorded SELECT dataset_id FROM datasets d WHERE format = 'edges-csv'
        AND NOT EXISTS (SELECT 1 FROM actor_kind_defaults k WHERE k.dataset_id = d.dataset_id)
        AND EXISTS (SELECT 1 FROM actor_datasets v JOIN actors a USING (actor_id)
                    WHERE v.dataset_id = d.dataset_id AND a.kind = 'company')"""],
    # 7 → 8: a relation's stored tail may leave out the model's defaults at its end (:data:`TAIL_REST`); the view
    # puts them back (rows already stored keep whole tails, which it reads as before)
    ["DROP VIEW IF EXISTS relations", RELATIONS_VIEW],
    # 8 → 9: a dataset whose actors' rows of the name index are still to be made (:data:`NAMES_PENDING`): the BODS
    # bulk lane leaves them to the store's next opening or first name query instead of making them in the load
    ["CREATE TABLE IF NOT EXISTS actor_names_pending (dataset_id VARCHAR PRIMARY KEY)"],
]

CURRENT_VERSION = len(MIGRATIONS)
DATA_TABLES = ("actor_identifiers", "sources", "evidence", "relation_rows", "events", "event_actors", "claims",
               "designations", "statements", "actor_kind_defaults", "kind_defaults_unrecorded", "actor_names_pending")

#: SQL: whether the stored actor ``a`` (a row of ``actors``) has the kind its dataset gave it without stating one
#: (an edge list names an actor without a ``*_kind``: ``company``). A dataset that states another kind for it
#: replaces it instead of clashing — the same as when both files are loaded in one command.
KIND_DEFAULTED = ("EXISTS (SELECT 1 FROM actor_kind_defaults d "
                  "WHERE d.actor_id = a.actor_id AND d.dataset_id = a.dataset_id)")


def actor_references_sql(among: str) -> str:
    """SQL for (actor_id, dataset_id): each actor of the set ``among`` (a subquery) that a row of a dataset names —
    a relation's holder or subject, an event's actor or voter (:class:`~kingmaker.model.event.VoteRecord`), a
    claim's ``about``, a designation, a group's ``origin``. What keeps an actor in the store when the dataset that
    brought it goes (``Store._delete_dataset``); ``actor_id`` is an indexed column where there is one.

    >>> "designations" in actor_references_sql("SELECT 'x'")
    True
    """
    voters = ", ".join(f"""coalesce(from_json(data->'$.vote.{k}', '["VARCHAR"]'), [])"""
                       for k in ("yes", "no", "abstain", "absent"))
    return f"""SELECT holder_id AS actor_id, dataset_id FROM relation_rows WHERE holder_id IN ({among})
               UNION ALL SELECT subject_id, dataset_id FROM relation_rows WHERE subject_id IN ({among})
               UNION ALL SELECT actor_id, dataset_id FROM event_actors WHERE actor_id IN ({among})
               UNION ALL SELECT actor_id, dataset_id FROM designations WHERE actor_id IN ({among})
               UNION ALL SELECT * FROM (
                   SELECT unnest(from_json(data->'$.about', '["VARCHAR"]')) AS actor_id, dataset_id FROM claims
                   UNION ALL SELECT data->>'$.vote.body', dataset_id FROM events WHERE (data->'$.vote') IS NOT NULL
                   UNION ALL SELECT unnest(list_concat({voters})), dataset_id FROM events
                   WHERE (data->'$.vote') IS NOT NULL
                   UNION ALL SELECT data->>'$.origin', dataset_id FROM actors WHERE kind = 'group')
               WHERE actor_id IN ({among})"""



#: the tables whose rows may leave their BODS statement in ``statements`` (schema 5), and where it goes back: such
#: a row's stored JSON ends in ``null`` and these closing braces, and the statement (minified by DuckDB's
#: ``json()``, as the rows held it before) takes the ``null``'s place — an actor's ``extra.bods``, a piece of
#: evidence's note ``kingmaker-payload bods <statement>`` (:func:`kingmaker.io.common.payload_note`)
STATEMENT_SLOTS = {"actors": ("json(s.data)", "}}"),
                   "evidence": ("to_json('kingmaker-payload bods ' || json(s.data))", "}")}
STATEMENT_HOLE = "null"


def with_statements(table: str, columns: list[str], rest: str = "", order: str = "") -> str:
    """SQL for ``SELECT columns FROM table rest`` (``rest``: WHERE, ORDER BY, LIMIT; the rows come in ``order``,
    an ORDER BY over ``columns``) with each row's statement put back into its ``data``
    (:data:`STATEMENT_SLOTS`): for what must stay in SQL — an ``UPDATE`` (``Store._delete_dataset``) and
    whole tables (``Store.table_rows``). The rows are chosen first, then their statements by a semi-join on
    their keys: DuckDB 2.0.1 answers it with index look-ups for a few dozen rows and with a scan of the whole
    ``statements`` table from about a hundred (10⁶ statements: 50 keys an index scan, 100 a sequential scan).
    Reads by key go through ``Store._stored_data`` instead, which splices the same way in Python after two
    index look-ups: faster up to a hundred rows, slower from about a thousand and for a whole table
    (``KINGMAKER_BENCH_Q_STORE=<store> python bench/bench_questions.py``, 10⁶ BODS statements: one actor 2.5
    against 7.7 ms, 100 actors 51 against 62 ms, 1,000 169 against 142 ms, all 666,667 12.4 against 10.7 s).

    >>> "LEFT JOIN" in with_statements("actors", ["actor_id", "data"], "WHERE actor_id = ?")
    True
    """
    value, close = STATEMENT_SLOTS[table]
    picked = ", ".join(dict.fromkeys([*columns, "statement_key"]))
    spliced = (f"CASE WHEN r.statement_key IS NULL THEN CAST(r.data AS VARCHAR) ELSE "
               f"left(CAST(r.data AS VARCHAR), -{len(STATEMENT_HOLE + close)}) || {value} || '{close}' END")
    out = ", ".join(f"{spliced} AS data" if c == "data" else f"r.{c}" for c in columns)
    return f"""WITH stored AS MATERIALIZED (SELECT {picked} FROM {table} {rest}),
                    stored_statements AS (SELECT statement_key, data FROM statements
                                          WHERE statement_key IN (SELECT statement_key FROM stored))
               SELECT {out} FROM stored r LEFT JOIN stored_statements s USING (statement_key) {order}"""


def _relations_as_rows(con: duckdb.DuckDBPyConnection, text_compression: str = "") -> None:
    """Schema 5 → 6: relations are written to ``relation_rows``, where a row whose JSON says nothing beyond its
    columns and one tail keeps ``data`` NULL and that tail (``data_tail``: what follows the subject, one of the
    few an edge list's shares and dates make); ``relations`` is a view giving every row its JSON back
    (:func:`relation_json_sql`), so that every reader reads what it read before. The table is written anew
    (DuckDB alters no table an index depends on); the rows keep their JSON. Done once (a store already
    changed is left as it is)."""
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'relation_rows'").fetchone()[0]:
        return
    for statement in (
        """CREATE TABLE relation_rows (
            relation_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, holder_id VARCHAR NOT NULL,
            subject_id VARCHAR NOT NULL, valid_from DATE, valid_to DATE,
            share_low DECIMAL(18, 9), share_high DECIMAL(18, 9),
            data JSON@@TEXT@@, dataset_id VARCHAR NOT NULL, data_tail VARCHAR@@TEXT@@)""",
        f"INSERT INTO relation_rows SELECT {', '.join(RELATION_COLUMNS)}, NULL FROM relations",
        "DROP INDEX IF EXISTS relations_holder",
        "DROP INDEX IF EXISTS relations_subject",
        "DROP TABLE relations",
        "CREATE INDEX relations_holder ON relation_rows (holder_id)",
        "CREATE INDEX relations_subject ON relation_rows (subject_id)",
        RELATIONS_VIEW,
    ):
        con.execute(statement.replace(TEXT_SLOT, text_compression))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = ?", [SCHEMA_VERSION_KEY]).fetchone()
    return int(row[0]) if row else 0


NAME_INDEX_KEY = "name_index"


@functools.cache  # a function of this module's constants: computed once per process, asked at every opening
def name_index_stamp() -> str:
    """What ``actor_names`` was computed by: a digest of :func:`name_rows_sql`'s text, which spells out the legal
    forms (``model/legal_forms.yaml``) and the word pattern. A store whose stamp differs (built before the legal
    forms changed) has its name index rebuilt by :func:`migrate`, so that a name is looked up by the same keys it
    was stored under.

    >>> len(name_index_stamp())
    16
    """
    import hashlib

    return hashlib.sha256(name_rows_sql().encode()).hexdigest()[:16]


#: the actors whose rows of ``actor_names`` are still to be made (schema 9): those of the datasets in
#: ``actor_names_pending`` — a dataset the BODS bulk lane wrote, whose name index waits for the store's next
#: opening or first name query (:func:`build_pending_names`; a 10⁶-statement file: ~6 CPU-s out of the load)
NAMES_PENDING = ("actor_id IN (SELECT actor_id FROM actor_datasets "
                 "WHERE dataset_id IN (SELECT dataset_id FROM actor_names_pending))")


def names_pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some actors' rows of ``actor_names`` are still to be made (:data:`NAMES_PENDING`)."""
    return schema_version(con) >= 9 and bool(
        con.execute("SELECT count(*) FROM (SELECT 1 FROM actor_names_pending LIMIT 1)").fetchone()[0])


#: DuckDB's memory budget while a bulk load runs, and while the name rows it left are made
#: (``KINGMAKER_LOAD_MEMORY`` overrides): beyond it the open transaction's data goes to the database file
#: (optimistic writes) and ``temp_directory``
LOAD_MEMORY = "512MB"


def load_memory_limit() -> str:
    """DuckDB's memory budget for a load: ``$KINGMAKER_LOAD_MEMORY``, else :data:`LOAD_MEMORY`."""
    return os.environ.get("KINGMAKER_LOAD_MEMORY", LOAD_MEMORY)


def bound_memory(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Bound DuckDB's memory as during a load (:func:`load_memory_limit`); returns the previous values for
    :func:`restore_settings`."""
    wanted = {"memory_limit": load_memory_limit(), "preserve_insertion_order": "false"}
    saved: dict[str, str] = {}
    for name, value in wanted.items():
        try:
            saved[name] = str(con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0])
            con.execute(f"SET {name} = '{value}'")
        except duckdb.Error:  # pragma: no cover - a setting this DuckDB lacks
            saved.pop(name, None)
    return saved


def restore_settings(con: duckdb.DuckDBPyConnection, saved: dict[str, str]) -> None:
    """Give back the settings :func:`bound_memory` changed."""
    for name, value in saved.items():
        try:  # RESET gives the default back exactly (current_setting shows it rounded, e.g. "18.7 GiB")
            con.execute(f"RESET {name}")
            if str(con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]) != value:
                con.execute(f"SET {name} = '{value}'")
        except duckdb.Error:  # pragma: no cover
            pass


def build_pending_names(con: duckdb.DuckDBPyConnection) -> None:
    """Make the rows of ``actor_names`` that are still to be made (:data:`NAMES_PENDING`), from the actors' records
    as they now stand — the rows :func:`name_rows_sql` gives for them, as a load that indexes its actors at once
    would have left them (a later load that rewrote one of them re-indexed it the same way). In the caller's
    transaction."""
    if not names_pending(con):
        return
    saved = bound_memory(con)  # bounded as the load that left them would have been (KINGMAKER_LOAD_MEMORY)
    try:
        con.execute(f"DELETE FROM actor_names WHERE {NAMES_PENDING}")
        con.execute("INSERT INTO actor_names " + name_rows_sql(NAMES_PENDING))
        con.execute("DELETE FROM actor_names_pending")
    finally:
        restore_settings(con, saved)


def needs_migration(con: duckdb.DuckDBPyConnection, *, pending: bool = True) -> bool:
    """Whether :func:`migrate` has work to do: an older schema, a name index computed by other rules, or rows of it
    still to be made (:func:`build_pending_names`; ``pending=False``: apart from those — a store opened read-only
    can do without them, computing them for its connection)."""
    found = schema_version(con)
    if found != CURRENT_VERSION:
        return found < CURRENT_VERSION
    row = con.execute("SELECT value FROM meta WHERE key = ?", [NAME_INDEX_KEY]).fetchone()
    return row is None or row[0] != name_index_stamp() or (pending and names_pending(con))


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store to :data:`CURRENT_VERSION` and its name index to :func:`name_index_stamp`; returns the
    version found before."""
    found = schema_version(con)
    if found > CURRENT_VERSION:
        from kingmaker.errors import KingmakerError

        raise KingmakerError(
            f"this store has schema version {found}, newer than this Kingmaker ({CURRENT_VERSION}); upgrade Kingmaker"
        )
    if not needs_migration(con):
        return found
    text = text_compression(con) if found < 6 else ""  # found out before the transaction: a refusal would abort it
    con.execute("BEGIN TRANSACTION")
    try:
        for version in range(found, CURRENT_VERSION):
            for statement in MIGRATIONS[version]:
                statement(con, text) if callable(statement) else con.execute(statement.replace(TEXT_SLOT, text))
        stamp = name_index_stamp()
        row = con.execute("SELECT value FROM meta WHERE key = ?", [NAME_INDEX_KEY]).fetchone()
        if found >= 3 and (row is None or row[0] != stamp):  # the index of a store built by other rules
            con.execute("DELETE FROM actor_names")
            con.execute("INSERT INTO actor_names " + name_rows_sql())
            con.execute("DELETE FROM actor_names_pending")
        build_pending_names(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [NAME_INDEX_KEY, stamp])
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", [SCHEMA_VERSION_KEY, str(CURRENT_VERSION)]
        )
        import uuid  # the store's own id (what is cached from it is keyed by it: kingmaker.store.derived)

        con.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", [uuid.uuid4().hex])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return found
