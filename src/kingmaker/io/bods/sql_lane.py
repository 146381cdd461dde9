"""BODS 0.4 in, inside DuckDB: the bulk lane for large files.

The record-by-record reader (:mod:`kingmaker.io.bods.reader`) parses, checks and maps every statement in
Python, ~50 µs a statement. This lane does the same work as set-based SQL in the store's own DuckDB
connection, inside the load's transaction: DuckDB's JSON reader parses the file on every core, the
schema check runs as one SQL predicate per statement (:mod:`kingmaker.jsonschema.sql`), the record
series (latest statement per ``recordId``), the mapping to actors, relations, evidence and the
store's JSON rows are ``INSERT … SELECT`` statements. Python only touches the few distinct
``source`` objects and the ids that need :func:`kingmaker.io.common.key`'s hashing.

The lane gives two of the other reader's warnings itself, word for word and with their lines (a
reference described nowhere, kept as a placeholder actor; a person record as subject). Otherwise it
*declines* a file, and then nothing has been written and the record-by-record reader runs instead (its
messages name the line, record and field of every problem): whenever that reader would have anything
else to say — a statement the SQL predicate can't vouch for and the precise Python checker faults, a
duplicate statementId, a record series out of its life cycle, a record that changes type, a reference
to a relationship record, a share out of range or on an interest that takes none, dates out of order —
and on anything it does not map
itself (BODS 0.3, zip archives, a byte-order mark, JSON DuckDB can't read). So both lanes give the same store for the files this one accepts (tests compare them on
every corpus file); see docs/formats.md ("BODS: the bulk lane").
"""
from __future__ import annotations

import itertools
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import orjson
import pyarrow as pa

from kingmaker.io.bods.reader import (_SELF_KINDS, ACTOR_DEFAULTS, ENTITY_KINDS, INTEREST_KINDS, NO_INTERESTS,
                                      RELATION_DEFAULTS, UNTYPED_INTEREST, _attrs_data, _dump, _Mapper, actor_id,
                                      details_describe, reliability_of, statement_checker, unset_members)
from kingmaker.io.common import Problems, bytes_from_env, key
from kingmaker.io.duckdb_files import names_only, scan_literal
from kingmaker.io.compressed import GZIP_MAGIC, READ_ERRORS, data_size, inner_suffix, open_input, peek, peek_magic
from kingmaker.io.jsonstream import JsonRecords
from kingmaker.io.limits import current
from kingmaker.io.progress import progress
from kingmaker.io.bods.schema import bods_lines_check, bods_statement_relation
from kingmaker.model import Actor, ActorKind, Case, CaseInfo, Name, UnspecifiedReason
from kingmaker.model.relation import SHARE_KINDS
from kingmaker.store.schema import KIND_DEFAULTED, STATEMENT_HOLE
from kingmaker.store.store import id_clash, kind_clash

#: files smaller than this go straight to the record-by-record reader (the lane's fixed cost is
#: ~0.1 s; ``KINGMAKER_BODS_SQL_MIN_BYTES`` overrides, 0 sends every eligible file through it)
MIN_BYTES = 4_000_000
#: statements the SQL predicate can't vouch for that are re-checked in Python before the lane gives up
MAX_RECHECK = 2_000

#: the JSON of the fields a statement leaves unset that the rows below write as one run, from the model's
#: defaults (as the record-by-record reader's rows: :data:`~kingmaker.io.bods.reader.ACTOR_DEFAULTS`)
_ACTOR_UNSET = unset_members(ACTOR_DEFAULTS, "unspecified_description", "extra")
_RELATION_UNSET = unset_members(RELATION_DEFAULTS, "evidence", "interest_type")

#: the JSON of an actor made from an entity or person record (a row of ``km_actor``), but for its statement: that
#: goes in by key (:data:`~kingmaker.store.schema.STATEMENT_HOLE`). Built as the rows are written, not kept in the
#: temp table (~0.2 GB at 10⁶ statements, which went to disk under the load's memory limit and back)
_RECORD_ACTOR_JSON = f"""('{{"id":' || to_json(id) || ',"kind":' || to_json(kind) || ',"names":[' ||
    array_to_string(list_transform(names, lambda n: '{{"name":' || to_json(n.name) || ',"lang":null,"type":'
                    || coalesce(to_json(n.type), 'null') || '}}'), ',') || '],"identifiers":{{' ||
    array_to_string(list_transform(ids, lambda p: to_json(p.scheme) || ':' || to_json(p.id)), ',') ||
    '}},"jurisdiction":' || coalesce(to_json(jurisdiction), 'null') ||
    ',"size":null,"size_approximate":false,"unspecified_reason":' || coalesce(to_json(reason), 'null') ||
    ',"unspecified_description":' || coalesce(to_json(reason_text), 'null') ||
    ',{_ACTOR_UNSET},"extra":{{"bods":{STATEMENT_HOLE}}}}}')"""

_SAFE = r"[a-z0-9][a-z0-9._-]*"
#: ``str.strip()``'s whitespace (``str.isspace``), for RE2
_WS = r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"

#: JSON that DuckDB's reader takes but Python's parsers refuse or read differently (trailing commas,
#: NaN/Infinity): such statements go to the precise check, which re-parses them (may match inside strings)
_LENIENT = r",\s*[\]}]|[:,\[]\s*[-+]?(?i:nan|inf)"

#: what the lane reads of each statement (json_transform: missing keys give NULL)
_SHAPE = orjson.dumps({
    "statementId": "VARCHAR", "recordId": "VARCHAR", "recordType": "VARCHAR", "statementDate": "VARCHAR",
    "recordStatus": "VARCHAR", "source": "JSON", "publicationDetails": "JSON",
    "annotations": [{"motivation": "VARCHAR", "description": "VARCHAR", "url": "VARCHAR",
                     "statementPointerTarget": "VARCHAR"}],
    "recordDetails": {
        "entityType": {"type": "VARCHAR"}, "name": "VARCHAR", "alternateNames": ["VARCHAR"],
        "jurisdiction": {"code": "VARCHAR", "name": "VARCHAR"},
        "unspecifiedEntityDetails": {"reason": "VARCHAR", "description": "VARCHAR"},
        "identifiers": [{"id": "VARCHAR", "scheme": "VARCHAR", "schemeName": "VARCHAR"}],
        "personType": "VARCHAR", "names": [{"fullName": "VARCHAR", "type": "VARCHAR"}],
        "subject": "JSON", "interestedParty": "JSON", "interests": "JSON",
    },
}).decode()
_INTEREST_SHAPE = orjson.dumps([{
    "type": "VARCHAR", "details": "VARCHAR", "share": "JSON", "startDate": "VARCHAR", "endDate": "VARCHAR",
    "directOrIndirect": "VARCHAR", "beneficialOwnershipOrControl": "BOOLEAN"}]).decode()
_SHARE_KEYS = ("exact", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_SHARE_SHAPE = orjson.dumps(dict.fromkeys(_SHARE_KEYS, "JSON")).decode()


@dataclass
class Outcome:
    """What the lane did: ``counts`` when it wrote the file, else ``declined`` says why."""

    counts: dict | None = None
    declined: str | None = None
    stats: dict = field(default_factory=dict)


def enabled_for(path: Path) -> bool:
    """Whether a file should try this lane (size, compression, environment)."""
    if os.environ.get("KINGMAKER_BODS_SQL", "1") == "0":
        return False
    if path.suffix.lower() not in (".json", ".jsonl", ".ndjson", ".gz", ""):  # zip archives: the other reader
        return False
    threshold = bytes_from_env("KINGMAKER_BODS_SQL_MIN_BYTES", MIN_BYTES)
    return path.stat().st_size >= threshold


def _layout(path: Path) -> str | None:
    """``array`` or ``newline_delimited`` from the first bytes; None for what the lane leaves alone."""
    head = peek(path)
    if head.startswith(b"\xef\xbb\xbf"):
        return None
    start = head.lstrip()[:1]
    return {b"[": "array", b"{": "newline_delimited"}.get(start)


def _read_sql(path: Path | None, layout: str) -> str:
    """The file's JSON objects: ``path`` names one file, never a glob pattern (:mod:`kingmaker.io.duckdb_files`);
    ``None`` leaves the placeholder ``'@@FILE@@'`` for :meth:`BodsSqlLoad._q`."""
    lit = "'@@FILE@@'" if path is None else scan_literal(path)
    return f"read_json_objects({lit}, format='{layout}', maximum_object_size={current().max_record_bytes + 1})"


def declared_actor_ids(path: Path) -> set[str] | None:
    """The entity and person records of a file, as actor ids (None when DuckDB can't read it)."""
    layout = _layout(path)
    if layout is None:
        return None
    con = duckdb.connect()
    try:
        if not names_only(con, path):
            return None
        rows = con.execute(
            f"SELECT DISTINCT json->>'$.recordId' FROM {_read_sql(path, layout)} "
            "WHERE json->>'$.recordType' IN ('entity', 'person') AND json->>'$.recordId' IS NOT NULL").fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return {actor_id(r[0]) for r in rows}


#: the id suffix of a relation from a statement that a later one of its record replaced (``w``: ``km_win``)
_SUFFIX = "CASE WHEN w.later > 0 THEN ':s' || w.later::VARCHAR ELSE '' END"

_TEMP_TABLES = ("km_stmt", "km_rec", "km_chosen", "km_keys", "km_src", "km_rel", "km_kinds", "km_int", "km_win", "km_party0",
                "km_party", "km_actor", "km_idrows", "km_keys_more", "km_lens", "km_missing", "km_ph")
_TEMP_VIEWS = ("km_arows", "km_aids", "km_evrows", "km_rows", "km_ev")
#: each load's temp tables get their own prefix (two files of one load are prepared side by side)
_NAMES = re.compile(r"\bkm_(" + "|".join(n[3:] for n in (*_TEMP_TABLES, *_TEMP_VIEWS)) + r")\b")
_LOADS = itertools.count(1)


def _from_arrow(con, name: str, table: pa.Table) -> None:
    """A temp table ``name`` holding ``table`` (small tables: sources, unsafe ids, the codelist map)."""
    view = f"{name}_arrow"
    con.register(view, table)
    try:
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


@contextmanager
def _file_order(con):
    """``row_number() OVER ()`` over a file scan numbers the statements in file order only while DuckDB
    preserves insertion order (bulk loads turn that off)."""
    saved = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {str(saved).lower()}")


class Decline(Exception):
    """The lane leaves this file to the record-by-record reader."""


class BodsSqlLoad:
    """One file's load through the lane; the store calls :meth:`write_into` inside its transaction."""

    def __init__(self, path: Path, ds_key: str, known: set[str], problems: Problems):
        self.path = Path(path)
        self.ds = ds_key
        self.known = known
        self.problems = problems
        self.outcome = Outcome()
        self.tag = f"km{next(_LOADS)}_"
        self.warnings: list[dict] = []  # problems.warn keywords, added once the lane is sure to write
        self.missing: list[str] = []  # references described neither in the file nor in the store
        self.series = 0  # relationship records with several statements (_index)
        #: the store makes the name index of the actors written later (:meth:`kingmaker.store.Store.build_name_index`:
        #: on its next opening or first name query), not in the load
        self.actor_names_later = True

    def _t(self, name: str) -> str:
        """This load's name for temp table ``km_…``."""
        return self.tag + name[3:]

    # the store's protocol (:meth:`kingmaker.store.Store.write_streamed`) --------------------------------
    def prepare(self, store, dataset_id: str) -> None:
        """Before the load's transaction: parse, check and map the file into temp tables. A DuckDB error
        here aborts nothing (a failed statement inside a transaction would abort the whole load), and
        any reason to decline is found now, before anything is written."""
        self.dataset_id = dataset_id
        try:
            self.sources = self._build(store.con)
        except Decline as exc:
            self.outcome.declined = str(exc)
            self.release(store)

    def write_into(self, store, dataset_id: str, check_clashes: bool) -> dict | None:
        """Inside the transaction: write the prepared rows; None (nothing written) when the lane declined."""
        if self.outcome.declined is not None:
            return None
        if check_clashes:
            self._check_clashes(store.con)
        self.outcome.counts = self._write(store, dataset_id, self.sources)
        return self.outcome.counts

    def release(self, store) -> None:
        for kind, t in [*(("VIEW", v) for v in _TEMP_VIEWS), *(("TABLE", t) for t in _TEMP_TABLES)]:
            try:
                store.con.execute(f"DROP {kind} IF EXISTS {self._t(t)}")
            except duckdb.Error:  # pragma: no cover - an aborted transaction: they go with the rollback
                pass

    # the work -----------------------------------------------------------------------------------------
    def _build(self, con) -> list:
        layout = _layout(self.path)
        if layout is None:
            raise Decline("not a JSON array or JSON Lines file DuckDB can read directly")
        if not names_only(con, self.path):
            raise Decline("DuckDB's file matcher would not read exactly this one file")
        if peek_magic(self.path) == GZIP_MAGIC:  # DuckDB decompresses by itself: measure it first, within the limits
            try:
                with open_input(self.path) as fh:
                    while fh.read(1 << 24):
                        pass
            except READ_ERRORS as exc:  # damaged or cut short: the record reader names the file and the damage
                raise Decline(f"cannot be decompressed ({type(exc).__name__})") from None
        size = data_size(self.path)
        self.layout = layout
        compiled = self._start_compiled_check()  # its workers run while DuckDB parses the file
        with progress(f"checking and mapping {self.path.name} in DuckDB", size) as bar:
            try:
                self._stage(con, layout)  # the bulk of this phase: parsing and the schema check
                self._check_statements(con, compiled)
            finally:
                getattr(compiled, "close", lambda: None)()
            self._index(con)
            statements = self.outcome.stats["statements"]
            bar(size // 2, statements)
            self._keys(con)
            sources = self._sources(con)
            self._relationships(con)
            self._history(con)
            bar(size * 3 // 4, statements)
            self._parties(con)
            self._actors(con)
            self._placeholders(con)
            self._rows(con)
            bar(size, statements)
        for w in self.warnings:  # only now: a lane that declines must leave the other reader's list alone
            self.problems.warn(w.pop("message"), **w)
        return sources

    def _file_sql(self) -> str:
        """The file's statements with their position (1-based, file order: run under :func:`_file_order`)."""
        return f"SELECT row_number() OVER () AS pos, json AS raw FROM {self._read()}"

    def _read(self) -> str:
        return _read_sql(None, self.layout)

    def _q(self, con, sql: str, params: list | None = None):
        """Run ``sql`` with this load's temp-table names and file path; a DuckDB error declines."""
        sql = _NAMES.sub(lambda m: self.tag + m.group(1), sql)
        sql = sql.replace("'@@FILE@@'", scan_literal(self.path)).replace("@@FILENAME@@",
                                                                                      _sql_text(self.path.name))
        try:
            return con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise Decline(f"DuckDB: {str(exc).splitlines()[0][:200]}") from None

    def _stage(self, con, layout: str) -> None:
        """Parse the file into ``km_stmt``: position in the file, length, and each top-level field the mapping reads
        as a column of its own (``sid``, ``rid``, ``rtype``, ``sd``, ``status``, ``src``, ``pub``, ``notes`` and the
        ``recordDetails`` as ``d``), not one struct: the passes over every statement (duplicate ids, record
        series, keys) then read only their columns (at 10⁶ statements, counting distinct statementIds of the
        struct took ~1.0 CPU-s against 0.3 for the column, by hand; the whole import measured the same, BENCHMARKS.md)."""
        self.layout = layout
        with _file_order(con):
            self._q(con, f"""
                CREATE TEMP TABLE km_stmt AS
                SELECT pos, len, s.recordType AS rtype, s.statementId AS sid, s.recordId AS rid,
                       s.statementDate AS sd, s.recordStatus AS status, s.source AS src, s.publicationDetails AS pub,
                       s.annotations AS notes, s.recordDetails AS d FROM (
                    SELECT pos, strlen(raw) AS len, json_transform(raw, '{_SHAPE}') AS s FROM ({self._file_sql()}))""")
        if layout == "newline_delimited" and inner_suffix(self.path) == ".json":
            self.warnings.append(dict(message="a .json BODS file should hold a JSON array of statements; read as "
                                              "JSON Lines", line=1, hint="wrap the statements in [ … ] or name the file .jsonl"))

    def _check_statements(self, con, compiled=None) -> None:
        """The schema check: one SQL predicate per statement (:mod:`kingmaker.jsonschema.sql`). Statements it
        can't vouch for go through the precise checker; 0.3 ones through nothing (the other reader
        upgrades them). Counting first keeps the check parallel: numbering the statements
        (``row_number() OVER ()``) makes DuckDB evaluate what sits above it on one thread."""
        def checked(source: str, carry: tuple[str, ...]) -> str:
            return (f"SELECT *, ok AND NOT regexp_matches(raw, '{_LENIENT}') AS vouched "
                    f"FROM ({bods_statement_relation(source, 'raw', carry)})")

        depth = current().max_depth  # a statement with more brackets than that may nest too deep: the reader measures it
        if compiled is not None and self._compiled_check(con, compiled(), depth):
            return
        flagged, bracketed = self._q(con, f"""
            SELECT count(*) FILTER (WHERE NOT vouched),
                   count(*) FILTER (WHERE strlen(raw) - strlen(replace(replace(raw, '[', ''), '{{', '')) > {depth})
            FROM ({checked(f"SELECT json AS raw FROM {self._read()}", ())})
            """).fetchall()[0]
        if bracketed:
            raise Decline(f"{bracketed} statement(s) with over {depth} brackets (the reader checks their depth)")
        if flagged > MAX_RECHECK:
            raise Decline(f"more than {MAX_RECHECK} statements need the precise schema check")
        if not flagged:
            return
        with _file_order(con):
            bad = self._q(con, f"SELECT pos, raw FROM ({checked(self._file_sql(), ('pos',))}) "
                               "WHERE NOT vouched ORDER BY pos").fetchall()
        self._recheck(bad)

    def _start_compiled_check(self):
        """The same check by jsonschema-rs in worker processes (:func:`kingmaker.io.bods.schema.bods_lines_check`),
        for plain JSON Lines files: less CPU time than the SQL predicate, run beside DuckDB's own parse of the
        file rather than as a pass of its own. None (the SQL predicate checks) for a gzip file or a JSON
        array, and with ``KINGMAKER_BODS_CHECK=sql``; else what waits for the workers' answer."""
        if (self.layout != "newline_delimited" or peek_magic(self.path) == GZIP_MAGIC
                or os.environ.get("KINGMAKER_BODS_CHECK", "compiled") == "sql"):
            return None
        return bods_lines_check(self.path, max_brackets=current().max_depth, keep=MAX_RECHECK)

    def _compiled_check(self, con, found, depth: int) -> bool:
        """Decide with the workers' answer; False when it cannot decide as the SQL predicate would — a line
        orjson can't read, another count of statements than DuckDB's, more statements to re-check than the
        SQL path re-checks — and the SQL predicate decides."""
        statements = self._q(con, "SELECT count(*) FROM km_stmt").fetchall()[0][0]
        if found.undecided or found.lines != statements or found.flagged_total > MAX_RECHECK:
            return False
        self.outcome.stats["check"] = "compiled"
        if found.bracketed:
            raise Decline(f"{found.bracketed} statement(s) with over {depth} brackets (the reader checks their depth)")
        self._recheck(found.flagged)
        return True

    def _recheck(self, statements) -> None:
        """The precise checker on the statements (position, text) the yes/no check did not vouch for."""
        check = statement_checker()
        for pos, raw in statements:
            try:
                st = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise Decline(f"statement #{pos} is not JSON orjson reads") from None
            if not isinstance(st, dict) or "statementID" in st or "statementType" in st or check(st):
                raise Decline(f"statement #{pos} does not pass the BODS 0.4 schema")

    def _index(self, con) -> None:
        total, dupes = self._q(con, "SELECT count(*), count(*) - count(DISTINCT sid) FROM km_stmt").fetchall()[0]
        self.outcome.stats["statements"] = total
        if dupes:
            raise Decline("duplicate statementId")
        self._q(con, """
            CREATE TEMP TABLE km_rec AS
            SELECT rid, min(rtype) AS rtype, count(DISTINCT rtype) AS types,
                   max(struct_pack(d := coalesce(sd, ''), p := pos)).p AS pos, count(*) AS n,
                   count(*) > 1 AND min(rtype) = 'relationship' AS series
            FROM km_stmt GROUP BY rid""")
        changing, records = self._q(con, "SELECT count(*) FILTER (WHERE types > 1), count(*) FROM km_rec").fetchall()[0]
        if records < total:  # some record has several statements (one group per statement otherwise)
            self._lifecycle(con)
        if changing:
            raise Decline("a record changes type")
        self.outcome.stats["records"] = records
        with _file_order(con):  # in file order, to pair with the file's statements when they are stored (_write)
            self._q(con, "CREATE TEMP TABLE km_lens AS SELECT pos, len, sid FROM km_stmt ORDER BY pos")
        # the latest statement of each record, and every statement of a relationship record with several
        # (each holds for a period of its own: reader.series_windows, computed here in _history)
        self.series = self._q(con, "SELECT count(*) FROM km_rec WHERE series").fetchall()[0][0]
        if records == total:  # one statement per record (the common case): all of them, not copied
            self._q(con, "ALTER TABLE km_stmt RENAME TO km_chosen")
            return
        self._q(con, """
            CREATE TEMP TABLE km_chosen AS
            SELECT k.* FROM km_stmt k JOIN km_rec r USING (pos)""")
        if self.series:
            self._q(con, """
                INSERT INTO km_chosen
                SELECT k.* REPLACE ('relationship' AS rtype) FROM km_stmt k
                JOIN (SELECT rid, pos FROM km_rec WHERE series) r ON k.rid = r.rid AND k.pos <> r.pos""")
        self._q(con, "DROP TABLE km_stmt")

    def _lifecycle(self, con) -> None:
        """Decline when a record's series breaks BODS 0.4's life cycle — in statementDate order (then file
        order) a 'new' statement that is not the record's first or a 'closed' one that is not its last — so
        that the other reader names each (:mod:`kingmaker.io.bods.lifecycle`)."""
        broken = self._q(con, """
            SELECT count(*) FROM (
                SELECT status, row_number() OVER w AS k, count(*) OVER (PARTITION BY rid) AS n
                FROM km_stmt
                WHERE rid IN (SELECT rid FROM km_rec WHERE n > 1)
                WINDOW w AS (PARTITION BY rid ORDER BY coalesce(sd, ''), pos))
            WHERE (status = 'new' AND k > 1) OR (status = 'closed' AND k < n)""").fetchall()[0][0]
        if broken:
            raise Decline("a record's statements break the BODS 0.4 life cycle")

    def _keys(self, con) -> None:
        """``key()`` of record and statement ids: the id itself when slug-safe, else computed in Python."""
        unsafe = self._q(con, f"""
            SELECT DISTINCT v FROM (SELECT rid AS v FROM km_chosen UNION ALL
                                    SELECT sid FROM km_chosen WHERE rtype = 'relationship')
            WHERE NOT (regexp_full_match(v, '{_SAFE}') AND length(v) <= 96)""").fetchall()
        values = [r[0] for r in unsafe]
        _from_arrow(con, self._t("km_keys"), pa.table({"v": pa.array(values, pa.string()),
                                              "k": pa.array([key(v) for v in values], pa.string())}))

    def _sources(self, con) -> list:
        """Sources, as the other lane makes them: one per distinct (source, publisher name), numbered in
        file order, described by the first statement that cites it."""
        rows = self._q(con, """
            SELECT src, pub->>'$.publisher.name' AS pub_name, min(pos) AS first, arg_min(pub, pos) AS details
            FROM km_chosen WHERE rtype = 'relationship' GROUP BY ALL ORDER BY first""").fetchall()
        mapper = _Mapper(self.path, None, set(), self.problems, self.ds)  # type: ignore[arg-type]
        src_json, pubs, ids, reliability = [], [], [], []
        for src, pub, _, details in rows:
            st = {"source": orjson.loads(src) if src else None,
                  "publicationDetails": orjson.loads(details) if details else None}
            source = mapper.source_for(st)
            src_json.append(src)
            pubs.append(pub)
            ids.append(source.id)
            reliability.append(reliability_of(st["source"]).value)
        _from_arrow(con, self._t("km_src"), pa.table({
            "src": pa.array(src_json, pa.string()), "pub": pa.array(pubs, pa.string()),
            "source_id": pa.array(ids, pa.string()), "reliability": pa.array(reliability, pa.string())}))
        return mapper.new_sources

    def _relationships(self, con) -> None:
        """One row per chosen relationship statement, then one per interest (``km_int``)."""
        ds = _sql_text(self.ds)
        self._q(con, f"""
            CREATE TEMP TABLE km_rel AS
            SELECT c.pos, c.rid, coalesce(kr.k, c.rid) AS rkey, c.sid, c.sd,
                   'bods:{ds}:s:' || coalesce(ks.k, c.sid) AS ev_id,
                   src.source_id, src.reliability,
                   CASE WHEN c.status = 'closed' THEN TRY_CAST(left(c.sd, 10) AS DATE) END AS closed_on,
                   c.status = 'closed' AND NOT regexp_full_match(c.sd, '\\d{{4}}-\\d{{2}}-\\d{{2}}(T.*)?')
                       AS odd_close,
                   c.d.subject AS subj, c.d.interestedParty AS party,
                   coalesce(json_transform(c.d.interests, '{_INTEREST_SHAPE}'), []) AS interests,
                   coalesce(c.notes, []) AS annotations
            FROM km_chosen c
            LEFT JOIN km_keys kr ON kr.v = c.rid
            LEFT JOIN km_keys ks ON ks.v = c.sid
            LEFT JOIN km_src src ON src.src IS NOT DISTINCT FROM c.src
                                 AND src.pub IS NOT DISTINCT FROM (c.pub->>'$.publisher.name')
            WHERE c.rtype = 'relationship'""")
        if self._q(con, "SELECT count(*) FROM km_rel WHERE odd_close").fetchall()[0][0]:
            raise Decline("a closed record's statementDate the lane does not read")
        _from_arrow(con, self._t("km_kinds"), _interest_table())
        self._q(con, f"""
            CREATE TEMP TABLE km_int AS
            WITH items AS (
                SELECT r.pos, r.rkey, r.ev_id, r.closed_on, t.i, r.interests[t.i + 1] AS it
                FROM km_rel r, range(len(r.interests)) t(i)
                UNION ALL
                SELECT r.pos, r.rkey, r.ev_id, r.closed_on, NULL, NULL FROM km_rel r WHERE len(r.interests) = 0
            ), shaped AS (
                SELECT items.*, k.*,
                       CASE WHEN it.details IS NOT NULL AND regexp_full_match(it.details, '{_WS}*') THEN NULL
                            ELSE it.details END AS details,
                       it.share AS share_raw, json_transform(it.share, '{_SHARE_SHAPE}') AS sh,
                       TRY_CAST(it.startDate AS DATE) AS start_d, TRY_CAST(it.endDate AS DATE) AS end_d
                FROM items LEFT JOIN km_kinds k ON k.code IS NOT DISTINCT FROM
                    (CASE WHEN items.i IS NULL THEN '-' ELSE items.it.type END)
            )
            SELECT *,
                   CASE WHEN exact IS NOT NULL THEN exact ELSE coalesce(xmin, vmin) END AS lo,
                   CASE WHEN exact IS NOT NULL THEN exact ELSE coalesce(xmax, vmax) END AS hi,
                   exact IS NOT NULL OR xmin IS NULL AS lo_inc, exact IS NOT NULL OR xmax IS NULL AS hi_inc,
                   CASE WHEN end_d IS NULL AND closed_on IS NOT NULL AND (start_d IS NULL OR closed_on >= start_d)
                        THEN closed_on ELSE end_d END AS valid_to
            FROM (SELECT *, sh.exact AS exact, sh.minimum AS vmin, sh.maximum AS vmax,
                         sh.exclusiveMinimum AS xmin, sh.exclusiveMaximum AS xmax FROM shaped)""")
        bad = self._q(con, f"""
            SELECT count(*) FROM km_int WHERE
                kind IS NULL
                OR (it.startDate IS NOT NULL AND start_d IS NULL) OR (it.endDate IS NOT NULL AND end_d IS NULL)
                OR (share_raw IS NOT NULL AND (NOT share_kind
                    OR NOT list_has_all({list(_SHARE_KEYS)}, json_keys(share_raw))
                    OR (lo IS NULL AND hi IS NULL)
                    OR TRY_CAST(lo AS DOUBLE) NOT BETWEEN 0 AND 100 OR TRY_CAST(hi AS DOUBLE) NOT BETWEEN 0 AND 100
                    OR TRY_CAST(lo AS DECIMAL(38, 18)) > TRY_CAST(hi AS DECIMAL(38, 18))
                    OR (TRY_CAST(lo AS DECIMAL(38, 18)) = TRY_CAST(hi AS DECIMAL(38, 18)) AND NOT (lo_inc AND hi_inc))
                    OR (lo IS NOT NULL AND TRY_CAST(lo AS DECIMAL(38, 18)) IS NULL)
                    OR (hi IS NOT NULL AND TRY_CAST(hi AS DECIMAL(38, 18)) IS NULL)))
                OR (start_d IS NOT NULL AND valid_to IS NOT NULL AND valid_to < start_d)
                OR length('bods:{ds}:' || rkey || ':' || coalesce(i::VARCHAR, '-')) > 200 OR length(ev_id) > 200
                """).fetchall()[0][0]
        if bad:
            raise Decline("an interest the lane does not map (share, dates, or type)")

    def _history(self, con) -> None:
        """``km_win``: for each statement of a relationship record with several statements, the period in
        which it is the record's current statement, as :func:`kingmaker.io.bods.reader.series_windows` gives
        it (ordered by statementDate, then file order; each takes effect on its statement date, or on the
        first start or end date of its interests after the previous statement's date when that is earlier;
        holds until the next takes effect), how many statements come after it (the relation ids' ``:s<n>``)
        and the evidence id of the statement that took over."""
        if not self.series:  # the common case: one statement per relationship record
            self._q(con, "CREATE TEMP TABLE km_win (pos BIGINT, wpos BIGINT, readable BOOLEAN, wstart DATE, wend DATE, "
                         "later BIGINT, succ_ev VARCHAR)")
            return
        self._q(con, f"""
            CREATE TEMP TABLE km_win AS
            WITH ser AS (
                SELECT pos, pos AS wpos, rid, coalesce(sd, '') AS sd_text, TRY_CAST(left(sd, 10) AS DATE) AS day,
                       regexp_full_match(sd, '\\d{{4}}-\\d{{2}}-\\d{{2}}(T.*)?') AS plain, ev_id
                FROM km_rel WHERE rid IN (SELECT rid FROM km_rec WHERE series)
            ), ordered AS (
                SELECT *, row_number() OVER w AS k, count(*) OVER (PARTITION BY rid) AS n,
                       lag(day) OVER w AS prev_day, lead(ev_id) OVER w AS succ_ev
                FROM ser WINDOW w AS (PARTITION BY rid ORDER BY sd_text, pos)
            ), changes AS (
                SELECT pos, min(d) AS first_change FROM (
                    SELECT o.pos, o.prev_day, unnest([i.start_d, i.end_d]) AS d
                    FROM ordered o JOIN km_int i USING (pos) WHERE o.k > 1)
                WHERE d > prev_day GROUP BY pos
            ), started AS (
                SELECT o.*, CASE WHEN k = 1 THEN NULL WHEN c.first_change < day THEN c.first_change ELSE day END
                           AS wstart
                FROM ordered o LEFT JOIN changes c USING (pos)
            )
            SELECT pos, wpos, plain AND day IS NOT NULL AS readable, wstart,
                   lead(wstart) OVER (PARTITION BY rid ORDER BY sd_text, pos) AS wend, n - k AS later, succ_ev
            FROM started""")
        odd, long_ids = self._q(con, f"""
            SELECT count(*) FILTER (WHERE NOT coalesce(readable, false)),
                   (SELECT count(*) FROM km_int i JOIN km_win w USING (pos) WHERE length(
                       'bods:{_sql_text(self.ds)}:' || i.rkey || ':' || coalesce(i.i::VARCHAR, '-') || {_SUFFIX}) > 200)
            FROM km_win""").fetchall()[0]
        if odd:
            raise Decline("a statement of a record series whose statementDate the lane does not read")
        if long_ids:
            raise Decline("an id over 200 characters")

    def _parties(self, con) -> None:
        """Subjects and interested parties: recordId references resolved, inline unspecified parties."""
        self._q(con, """
            CREATE TEMP TABLE km_party0 AS
            SELECT *, CASE WHEN left(ref, 1) = '"' THEN ref->>'$' END AS target FROM (
                SELECT pos, rid, rkey, 'subject' AS role, subj AS ref FROM km_rel
                UNION ALL SELECT pos, rid, rkey, 'interestedParty', party FROM km_rel)""")
        rows = self._q(con, """
            SELECT count(*) FILTER (WHERE ref IS NULL OR left(ref, 1) NOT IN ('"', '{')),
                   count(*) FILTER (WHERE rec.rtype = 'relationship')
            FROM km_party0 p LEFT JOIN km_rec rec ON rec.rid = p.target""").fetchall()[0]
        if any(rows):
            raise Decline("a party reference the other reader rejects (not a recordId or an unspecified party, "
                          "or a relationship record)")
        outside = [t for (t,) in self._q(con, """
            SELECT DISTINCT target FROM km_party0
            WHERE target IS NOT NULL AND target NOT IN (SELECT rid FROM km_rec)""").fetchall()]
        if outside:
            stored = {r[0] for r in self._q(con, "SELECT actor_id FROM actors WHERE actor_id IN (SELECT unnest(?))",
                                            [[actor_id(t) for t in outside]]).fetchall()}
            self.missing = [t for t in outside if actor_id(t) not in stored and actor_id(t) not in self.known]
            unsafe = [t for t in outside if not (re.fullmatch(_SAFE, t) and len(t) <= 96)]
            if unsafe:
                _from_arrow(con, self._t("km_keys_more"), pa.table({"v": pa.array(unsafe, pa.string()),
                                                           "k": pa.array([key(v) for v in unsafe], pa.string())}))
                self._q(con, "INSERT INTO km_keys SELECT * FROM km_keys_more")
                self._q(con, "DROP TABLE km_keys_more")
        self._q(con, """
            CREATE TEMP TABLE km_party AS
            SELECT p.*, CASE WHEN target IS NOT NULL THEN 'bods:' || coalesce(k.k, target)
                             ELSE 'bods:' || rkey || ':' || CASE WHEN role = 'interestedParty' THEN 'party'
                                                                 ELSE 'subject' END END AS actor
            FROM km_party0 p LEFT JOIN km_keys k ON k.v = p.target""")
        same = self._q(con, f"""
            SELECT count(*) FROM km_int i
            JOIN km_party s ON s.pos = i.pos AND s.role = 'subject'
            JOIN km_party h ON h.pos = i.pos AND h.role = 'interestedParty'
            WHERE s.actor = h.actor AND i.kind NOT IN ({", ".join(f"'{k.value}'" for k in _SELF_KINDS)})
            """).fetchall()[0][0]
        if same:
            raise Decline("a party holds an interest in itself")
        self._party_warnings(con)

    def _party_warnings(self, con) -> None:
        """What the other reader warns about parties, in its order (file order, subject first): a subject
        that is a person record, and references described neither in the file nor the store (kept as
        placeholder actors of kind unknown, made in :meth:`_actors`)."""
        _from_arrow(con, self._t("km_missing"), pa.table({"v": pa.array(self.missing, pa.string())}))
        rows = self._q(con, """
            SELECT p.pos, r.sid, p.role, p.target, rec.rtype = 'person' AND p.role = 'subject' AS person_subject
            FROM km_party0 p JOIN km_rel r USING (pos) LEFT JOIN km_rec rec ON rec.rid = p.target
            WHERE (p.role = 'subject' AND rec.rtype = 'person') OR p.target IN (SELECT v FROM km_missing)
            ORDER BY p.pos, p.role = 'interestedParty'""").fetchall()
        if not rows:
            return
        lines = self._lines({pos for pos, *_ in rows})
        for pos, sid, role, target, person_subject in rows:
            where = dict(line=lines[pos], record=f"statementId {sid}", field=f"recordDetails.{role}")
            if person_subject:
                self.warnings.append(dict(message=f"the subject {target!r} is a person record; BODS subjects are "
                                                  "entities", kind="subject is a person", **where))
            else:
                self.warnings.append(dict(message=f"{role} {target!r} is not described in this file or the store; "
                                                  "kept as an unknown party", kind="dangling reference", **where))

    def _lines(self, positions: set[int]) -> dict[int, int]:
        """The line each of these statements starts on: its position in a JSON Lines file without blank
        lines, else read off the file by the record reader's own scanner."""
        if self.layout == "newline_delimited":
            with open_input(self.path) as fh:
                newlines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b""))
            if newlines in (self.outcome.stats["statements"], self.outcome.stats["statements"] - 1):
                return {p: p for p in positions}
        found = {}
        for rec in JsonRecords(self.path):
            if rec.index + 1 in positions:
                found[rec.index + 1] = rec.line
                if len(found) == len(positions):
                    break
        return found

    def _actors(self, con) -> None:
        """Entity and person records, and inline unspecified parties, as actor rows."""
        reasons = "[" + ", ".join(f"'{r.value}'" for r in UnspecifiedReason) + "]"
        kinds = " ".join(f"WHEN '{code}' THEN '{kind.value}'" for code, kind in ENTITY_KINDS.items())

        def strip(x: str) -> str:
            return f"regexp_replace({x}, '^{_WS}+|{_WS}+$', '', 'g')"

        self._q(con, f"""
            CREATE TEMP TABLE km_actor AS
            WITH recs AS (
                SELECT c.pos, c.rtype, c.rid, 'bods:' || coalesce(k.k, c.rid) AS id, c.d
                FROM km_chosen c LEFT JOIN km_keys k ON k.v = c.rid WHERE c.rtype IN ('entity', 'person')
            ), named AS (
                SELECT *,
                    CASE WHEN rtype = 'entity' THEN coalesce(CASE d.entityType.type {kinds} END, 'company')
                         ELSE 'person' END AS kind,
                    CASE WHEN rtype = 'entity' THEN list_concat(
                            CASE WHEN {strip('d.name')} <> '' THEN [struct_pack(name := {strip('d.name')}, type := 'legal')]
                                 ELSE [] END,
                            list_transform(list_filter(coalesce(d.alternateNames, []), lambda n: {strip('n')} <> ''),
                                           lambda n: struct_pack(name := {strip('n')}, type := 'alternative')))
                         ELSE list_transform(list_filter(coalesce(d.names, []), lambda n: {strip('n.fullName')} <> ''),
                                             lambda n: struct_pack(name := {strip('n.fullName')}, type := n.type))
                    END AS names0,
                    list_filter(list_transform(coalesce(d.identifiers, []), lambda i: struct_pack(
                        scheme := CASE WHEN coalesce(i.scheme, '') <> '' THEN i.scheme ELSE i.schemeName END, id := i.id)),
                        lambda p: p.scheme IS NOT NULL AND p.id IS NOT NULL) AS ids0,
                    CASE WHEN rtype = 'entity' THEN nullif(CASE WHEN d.jurisdiction.code IS NOT NULL
                         THEN {strip('d.jurisdiction.code')} ELSE {strip('d.jurisdiction.name')} END, '') END AS jurisdiction
                FROM recs
            ), shaped AS (
                SELECT *,
                    CASE WHEN len(names0) > 0 THEN names0 ELSE [struct_pack(
                        name := CASE WHEN rtype = 'entity' THEN coalesce(nullif(d.entityType.type, ''), 'entity')
                                     ELSE coalesce(nullif(d.personType, ''), 'person') END || ' ' || rid,
                        type := NULL::VARCHAR)] END AS names,
                    list_filter(ids0, lambda p, n: list_position(list_transform(ids0, lambda q: q.scheme), p.scheme) = n) AS ids,
                    CASE WHEN kind = 'unknown' AND list_contains({reasons}, d.unspecifiedEntityDetails.reason)
                         THEN d.unspecifiedEntityDetails.reason END AS reason,
                    CASE WHEN kind = 'unknown' THEN d.unspecifiedEntityDetails.description END AS reason_text
                FROM named
            )
            SELECT pos, id, kind, names[1].name AS name, jurisdiction, ids, names, reason, reason_text,
                   NULL::VARCHAR AS data  -- its JSON: made as it is written (_write, RECORD_ACTOR_JSON)
            FROM shaped
            UNION ALL
            SELECT NULL, p.actor, 'unknown', label, NULL, [], NULL, NULL, NULL,
                   '{{"id":' || to_json(p.actor) || ',"kind":"unknown","names":[{{"name":' || to_json(label) ||
                   ',"lang":null,"type":null}}],"identifiers":{{}},"jurisdiction":null,"size":null,' ||
                   '"size_approximate":false,"unspecified_reason":' ||
                   CASE WHEN list_contains({reasons}, reason) THEN to_json(reason) ELSE 'null' END ||
                   ',"unspecified_description":' || CASE WHEN left(p.ref->'$.description', 1) = '"'
                        THEN to_json(p.ref->>'$.description') ELSE 'null' END ||
                   ',{_ACTOR_UNSET},"extra":{{"bods":{{"inline":' || to_json(p.role) || ',"unspecified":' ||
                   json(p.ref) || '}}}}}}'
            FROM (SELECT *, CASE WHEN left(ref->'$.reason', 1) = '"' THEN ref->>'$.reason' END AS reason,
                         'unspecified ' || CASE WHEN role = 'interestedParty' THEN 'interested party' ELSE 'subject' END
                         || ' (' || coalesce(CASE WHEN left(ref->'$.reason', 1) = '"' THEN ref->>'$.reason' END,
                                             'no reason given') || ')' AS label
                  FROM km_party WHERE target IS NULL
                  -- a record series: its first statement in the file describes an inline party (as the reader)
                  QUALIFY row_number() OVER (PARTITION BY actor ORDER BY pos) = 1) p""")

    def _placeholders(self, con) -> None:
        """Actors for references described nowhere, as the other reader makes them."""
        if not self.missing:
            return
        actors = [Actor(id=actor_id(ref), kind=ActorKind.unknown, names=(Name(name=f"BODS record {ref}"),),
                        description=f"referenced in {self.path.name} but not described there",
                        extra={"bods": {"recordId": ref, "placeholder": True}}) for ref in self.missing]
        _from_arrow(con, self._t("km_ph"), pa.table({"id": [a.id for a in actors], "name": [a.name for a in actors],
                                                     "data": [a.model_dump_json() for a in actors]}))
        self._q(con, "INSERT INTO km_actor (pos, id, kind, name, jurisdiction, ids, data) "  # their JSON made here
                     "SELECT NULL, id, 'unknown', name, NULL, [], data FROM km_ph")

    def _check_clashes(self, con) -> None:
        """Ids another dataset already uses, and actors re-declared as another kind (as the store's own
        per-chunk check, :meth:`kingmaker.store.Store._check_id_clashes`)."""
        ds = _sql_text(self.ds)
        probes = (
            ("relation", f"SELECT r.relation_id, r.dataset_id FROM relations r WHERE r.relation_id IN "
                         f"(SELECT 'bods:{ds}:' || i.rkey || ':' || coalesce(i.i::VARCHAR, '-') || {_SUFFIX} "
                         "FROM km_int i LEFT JOIN km_win w USING (pos))"),
            ("evidence", "SELECT e.evidence_id, e.dataset_id FROM evidence e WHERE e.evidence_id IN "
                         "(SELECT ev_id FROM km_rel UNION ALL SELECT ev_id || ':a' || (j - 1)::VARCHAR "
                         "FROM km_rel, range(1, len(annotations) + 1) t(j))"),
        )
        for what, sql in probes:
            clash = self._q(con, sql + " LIMIT 1").fetchone()
            if clash:
                raise id_clash(what, *clash)
        clash = self._q(con, f"""
            SELECT a.actor_id, a.kind, k.kind FROM actors a JOIN km_actor k ON k.id = a.actor_id
            WHERE a.kind <> k.kind AND 'unknown' NOT IN (a.kind, k.kind) AND NOT {KIND_DEFAULTED} LIMIT 1""").fetchone()
        if clash:
            raise kind_clash(*clash)

    def _rows(self, con) -> None:
        """The store's rows (query columns and the model's JSON) for evidence, relations and actors."""
        ds = _sql_text(self.ds)
        dsid = _sql_text(self.dataset_id)
        # evidence and relation rows are views the inserts read (_write), not tables: materialised, their JSON
        # (~0.4 GB at 10⁶ statements) went to disk under the load's memory limit and was read back once
        self._q(con, f"""
            CREATE TEMP VIEW km_ev AS
            SELECT ev_id AS evidence_id, source_id, reliability,
                   '{{"id":' || to_json(ev_id) || ',"source":' || to_json(source_id) || ',"quote":null,"reference":' ||
                   coalesce(to_json(sid), 'null') || ',"reliability":' || to_json(reliability) || ',"note":' ||
                   '{STATEMENT_HOLE}}}' AS data, '{dsid}' AS dataset_id, pos  -- the note: its statement, by key (_write)
            FROM km_rel
            UNION ALL
            SELECT ev_id || ':a' || (j - 1)::VARCHAR, source_id, reliability,
                   '{{"id":' || to_json(ev_id || ':a' || (j - 1)::VARCHAR) || ',"source":' || to_json(source_id) ||
                   ',"quote":' || coalesce(to_json(nullif(a.description, '')), 'null') || ',"reference":' ||
                   coalesce(to_json(a.statementPointerTarget), 'null') || ',"reliability":' || to_json(reliability) ||
                   ',"note":' || to_json('BODS annotation (' || coalesce(a.motivation, 'annotation') || ')' ||
                                         coalesce(': ' || a.url, '')) || '}}', '{dsid}', NULL
            FROM (SELECT *, annotations[j] AS a FROM km_rel, range(1, len(annotations) + 1) t(j))""")
        plain_id = f"'bods:{ds}:' || rkey || ':' || coalesce(i::VARCHAR, '-')"
        windowed = f"""  -- a statement of a record series holds only in its window (_history)
                SELECT * EXCLUDE (start_d, valid_to), {plain_id} || {_SUFFIX} AS rel_id,
                       CASE WHEN w.wstart IS NOT NULL AND (start_d IS NULL OR start_d < w.wstart) THEN w.wstart
                            ELSE start_d END AS start_d,
                       CASE WHEN w.wend IS NOT NULL AND (valid_to IS NULL OR valid_to > w.wend) THEN w.wend
                            ELSE valid_to END AS valid_to
                FROM km_int LEFT JOIN km_win w USING (pos)""" if self.series else f"""  -- no record series
                SELECT *, {plain_id} AS rel_id, NULL::VARCHAR AS succ_ev, NULL::BIGINT AS wpos FROM km_int"""
        # a relation keeps no JSON of its own where the store's view puts the same back (schema 6,
        # :func:`~kingmaker.store.schema.relation_json_sql`): only what follows its subject (``data_tail``) —
        # whenever its id, kind, holder and subject are JSON as they are (slugs: always, as ids are made today)
        self._q(con, f"""
            CREATE TEMP VIEW km_rows AS
            WITH iw AS ({windowed}), built AS (
            SELECT i.rel_id AS relation_id, i.kind,
                   h.actor AS holder_id, s.actor AS subject_id, i.start_d AS valid_from, i.valid_to,
                   CASE WHEN i.share_raw IS NULL THEN NULL ELSE coalesce(TRY_CAST(i.lo AS DOUBLE), 0) END AS share_low,
                   CASE WHEN i.share_raw IS NULL THEN NULL ELSE coalesce(TRY_CAST(i.hi AS DOUBLE), 100) END AS share_high,
                   list_bool_and(list_transform([i.rel_id, h.actor, s.actor, i.kind],
                                                lambda v: to_json(v)::VARCHAR = '"' || v || '"')) AS plain,
                   '"share":' || CASE WHEN i.share_raw IS NULL THEN 'null' ELSE
                        '{{"lower":' || coalesce(to_json(i.lo::VARCHAR), 'null') || ',"upper":' ||
                        coalesce(to_json(i.hi::VARCHAR), 'null') || ',"lower_inclusive":' || i.lo_inc::VARCHAR ||
                        ',"upper_inclusive":' || i.hi_inc::VARCHAR || '}}' END ||
                   ',"validity":{{"valid_from":' || coalesce(to_json(i.start_d::VARCHAR), 'null') || ',"valid_to":' ||
                   coalesce(to_json(i.valid_to::VARCHAR), 'null') ||
                   ',"from_precision":"day","to_precision":"day"}},"started_by":null,"ended_by":null,"evidence":' ||
                   to_json(list_concat([r.ev_id], list_transform(range(len(r.annotations)),
                                                                 lambda j: r.ev_id || ':a' || j::VARCHAR),
                                       CASE WHEN i.succ_ev <> r.ev_id THEN [i.succ_ev] ELSE [] END)) ||
                   ',{_RELATION_UNSET},"interest_type":' || coalesce(to_json(i.it.type), 'null') || ',"direct":' ||
                   CASE i.it.directOrIndirect WHEN 'direct' THEN 'true' WHEN 'indirect' THEN 'false' ELSE 'null' END ||
                   ',"beneficial":' || coalesce(i.it.beneficialOwnershipOrControl::VARCHAR, 'null') ||
                   ',"note":' || CASE WHEN i.details IS NOT NULL AND NOT i.details_to_description THEN to_json(i.details)
                                      ELSE 'null' END ||
                   ',"attrs":' || CASE WHEN i.details IS NOT NULL AND i.details_to_description
                                       THEN i.attrs_before || to_json(i.details) || i.attrs_after ELSE i.attrs END ||
                   '}}' AS tail
            FROM iw i JOIN km_rel r ON r.pos = i.pos
            JOIN km_party s ON s.pos = i.pos AND s.role = 'subject'
            JOIN km_party h ON h.pos = i.pos AND h.role = 'interestedParty'
            WHERE i.wpos IS NULL OR i.start_d IS NULL OR i.valid_to IS NULL OR i.valid_to > i.start_d)
            SELECT relation_id, kind, holder_id, subject_id, valid_from, valid_to, share_low, share_high,
                   CASE WHEN NOT plain THEN '{{"id":' || to_json(relation_id) || ',"kind":' || to_json(kind) ||
                        ',"holder":' || to_json(holder_id) || ',"subject":' || to_json(subject_id) || ',' || tail END
                       AS data, '{dsid}' AS dataset_id, CASE WHEN plain THEN tail END AS data_tail
            FROM built""")
        self._q(con, f"""
            CREATE TEMP TABLE km_idrows AS
            SELECT id AS actor_id, p.scheme, p.id AS value, '{dsid}' AS dataset_id
            FROM (SELECT id, unnest(ids) AS p FROM km_actor)""")
    def _write(self, store, dataset_id: str, sources: list) -> dict:
        for table, rows in store._rows(Case(CaseInfo(dataset_id, "sources"), sources=sources), dataset_id):
            store._insert(table, rows)
        con = store.con
        size, statements = data_size(self.path), self.outcome.stats.get("statements", 0)
        dsid = _sql_text(dataset_id)
        # each statement is stored once, verbatim, under a key of the store's own (the ones after the last
        # one stored, known only now: two files of one load are prepared side by side); its actor or
        # evidence refers to it by that key (kingmaker.store.schema.with_statements reads it back)
        base = self._q(con, "SELECT coalesce(max(statement_key), 0) FROM statements").fetchall()[0][0]
        with progress(f"writing {self.path.name}", size) as bar:
            with _file_order(con):  # the file is re-read and paired with its statements' positions
                self._q(con, f"""
                    INSERT INTO statements (statement_key, statement_id, data, dataset_id)
                    SELECT {base} + m.pos, m.sid, CASE WHEN strlen(f.raw) IS NOT DISTINCT FROM m.len THEN f.raw
                           ELSE error('@@FILENAME@@ changed while it was being loaded') END, '{dsid}'
                    FROM (SELECT json AS raw FROM {self._read()}) f POSITIONAL JOIN km_lens m""")
            bar(size // 2, statements)
            self._q(con, f"""
                CREATE TEMP VIEW km_evrows AS
                SELECT evidence_id, source_id, reliability, data, dataset_id, {base} + pos AS statement_key FROM km_ev""")
            self._q(con, f"""
                CREATE TEMP VIEW km_arows AS
                SELECT id AS actor_id, kind, name, jurisdiction, coalesce(data, {_RECORD_ACTOR_JSON}) AS data,
                       '{dsid}' AS dataset_id, {base} + pos AS statement_key FROM km_actor""")
            self._q(con, f"CREATE TEMP VIEW km_aids AS SELECT id AS actor_id, '{dsid}' AS dataset_id FROM km_actor")
            store._insert_from("evidence", self._t("km_evrows"))
            bar(size * 2 // 3, statements)
            store._insert_from("actors", self._t("km_arows"), ids_source=self._t("km_aids"))
            bar(size * 3 // 4, statements)
            store._insert_from("relations", self._t("km_rows"))
            store._insert_from("actor_identifiers", self._t("km_idrows"))
            bar(size, statements)
        counts = dict(zip(("relations", "evidence"), self._q(  # what was written of this dataset: the rows of km_rows, km_ev
            store.con, f"SELECT (SELECT count(*) FROM relation_rows WHERE dataset_id = '{dsid}'), "
                       f"(SELECT count(*) FROM evidence WHERE dataset_id = '{dsid}')").fetchall()[0]))
        counts["sources"] = len(sources)
        return counts



# -- tables the SQL joins against --------------------------------------------------------------------------
_SENTINEL = "\x00km-details\x00"


@lru_cache(maxsize=1)
def _interest_table() -> pa.Table:
    """interestType code → relation kind and its ``attrs`` JSON, as :meth:`bods._Mapper.interest` makes
    them (``-``: a relationship with no interests; NULL: an interest without a type); with details, the
    JSON around the description."""
    rows = []
    for code, (kind, attrs) in [*INTEREST_KINDS.items(), ("-", NO_INTERESTS), (None, UNTYPED_INTEREST)]:
        to_description = details_describe(kind, attrs)
        plain = _dump(_attrs_data(kind, tuple(attrs.items())))
        before = after = None
        if to_description:
            templ = _dump(_attrs_data(kind, tuple({**attrs, "description": _SENTINEL}.items())))
            before, _, after = templ.partition(_dump(_SENTINEL))
        rows.append((code, kind.value, kind in SHARE_KINDS, plain, to_description, before, after))
    names = ("code", "kind", "share_kind", "attrs", "details_to_description", "attrs_before", "attrs_after")
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})
