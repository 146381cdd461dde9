"""Edge lists in, with DuckDB writing the rows: the bulk lane of :mod:`kingmaker.io.edges_csv`.

The column-wise reader checks a file with pyarrow and then puts each relation's and actor's row together in
Python (a million edges: ~20 s, most of a load). This lane runs the same checks and lets DuckDB write the
rows — ``INSERT … SELECT`` inside the load's transaction, each row's JSON put together from the model's own
dump around the values (:class:`kingmaker.io.edges_csv.RowTemplates`), so the store is the same, row for row.

What is checked where (nothing here re-states a rule of the format; the functions are the reader's own):

* the header and the CSV itself: :func:`~kingmaker.io.edges_csv.parse_edges` — the same parser, so quoting,
  a byte-order mark, blank lines and line ends read the same; its errors are raised as they are;
* holder and subject as actor ids, with the names and spellings the file wrote:
  :func:`~kingmaker.io.edges_csv.actor_columns`;
* each row's own values (kind, shares and their ends, validity dates): :func:`~kingmaker.io.edges_csv.check_values`
  and :func:`~kingmaker.io.edges_csv.validity` on the file's *distinct* combinations of those values (a
  register repeats a few thousand), each combination's share JSON dumped by the model once; the actor kinds
  likewise on their distinct values;
* across rows: one kind per actor (DuckDB); holder and subject the same actor only where the kind allows it.

Any problem, and the lane *declines*: nothing is written by it and the column-wise reader reads the file and
names the line and field of every problem, as without the lane. It also declines inside the load's
transaction, before writing, where the store already holds relation ids of this file's form from another
dataset or an actor of another kind (the store's own check then names the clash). Tests load the same
files both ways and compare the stores (``tests/io/test_edges_sql.py``).
"""
from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kingmaker.io import edges_csv as E
from kingmaker.io.common import bytes_from_env
from kingmaker.model.ids import SLUG_PATTERN, slugify
from kingmaker.store.schema import KIND_DEFAULTED, relation_json_sql, short_tail

#: files smaller than this are read column by column (a few thousand edges: well under a second either way;
#: ``KINGMAKER_EDGES_SQL_MIN_BYTES`` overrides, 0 sends every file through the lane; ``KINGMAKER_EDGES_SQL=0``
#: turns the lane off)
MIN_BYTES = 1_000_000

#: the columns whose values a row's checks and JSON depend on, besides holder and subject
VALUE_COLUMNS = ("share", "share_min", "share_max", "min_exclusive", "max_exclusive", "kind", "valid_from", "valid_to")

_LOADS = itertools.count(1)
_SLUG = re.compile(SLUG_PATTERN)


def wanted(path: Path) -> bool:
    """Whether ``path`` tries the lane first (environment, size)."""
    if os.environ.get("KINGMAKER_EDGES_SQL", "1") == "0":
        return False
    try:
        return Path(path).stat().st_size >= bytes_from_env("KINGMAKER_EDGES_SQL_MIN_BYTES", MIN_BYTES)
    except OSError:
        return False


class Decline(Exception):
    """The lane leaves this file to the column-wise reader."""


@dataclass
class EdgeLoad:
    """One file's checked columns, ready for DuckDB to write; the store calls :meth:`write_into` inside its
    transaction (as a chunk of :func:`kingmaker.io.edges_csv.stream`). ``declined`` says why the lane left the
    file to the column-wise reader (None: it vouches for the file, or has written it)."""

    path: Path
    declined: str | None = None
    id_head: str = ""  # the relations' ids: this and the line (``<file stem>:<line>``, as the column-wise reader)
    spellings: dict = field(default_factory=dict)
    #: the value combinations' dates where a row's validity holds no day, and (those rows, their combinations)
    empty_validity: E.Validities | None = None
    empty_rows: tuple = ()
    stats: dict = field(default_factory=dict)
    edges: pa.Table | None = None  # i (row), holder, subject (actor ids) and the file's value columns
    combos: pa.Table | None = None  # per distinct value combination: the row's kind, dates, share and JSON around the ids
    actors: pa.Table | None = None  # the actors to write: id, kind, name, the JSON of the name, JSON parts, order
    #: each actor row written holds one name, its ``name`` column (the store indexes names from the column)
    actors_own_name_only = True

    # the store's protocol (:meth:`kingmaker.store.Store.write_streamed`) ---------------------------------
    def write_into(self, store, dataset_id: str, others: bool) -> dict | None:
        """Inside the transaction: write the actors and relations; None (nothing written) when the lane
        declines — a clash with another dataset's rows, for the column-wise reader's chunks to name."""
        con = store.con
        tag = f"km_edges{next(_LOADS)}_"
        names = {t: tag + t for t in ("edges", "combos", "actors", "arows", "aids", "rows")}
        for t in ("edges", "combos", "actors"):
            con.register(names[t], getattr(self, t))
        try:
            self._views(con, names, dataset_id)
            if others and self._clash(con, names, dataset_id):
                return None
            if store._insert_from("actors", names["arows"], ids_source=names["aids"], named_only=True):
                self.actors_own_name_only = False  # a stored record (names, aliases, identifiers) took a kind
            con.execute(f"INSERT INTO actor_kind_defaults SELECT id, ? FROM {names['actors']} WHERE kind_defaulted",
                        [dataset_id])
            store._insert_from("relations", names["rows"], ["relation_id", "kind", "holder_id", "subject_id",
                                                             "valid_from", "valid_to", "share_low", "share_high",
                                                             "data", "dataset_id", "data_tail"])
        finally:
            try:
                for t in ("rows", "aids", "arows"):
                    con.execute(f"DROP VIEW IF EXISTS {names[t]}")
                for t in ("edges", "combos", "actors"):
                    con.unregister(names[t])
            except duckdb.Error:  # an aborted transaction: they go with its rollback
                pass
        self.stats["lane"] = "sql"
        written = {"relations": self.edges.num_rows}
        self.edges = self.combos = self.actors = None
        return written

    def _views(self, con, names: dict[str, str], dataset_id: str) -> None:
        ds = dataset_id.replace("'", "''")
        # ids are slugs ([a-z0-9._:-], checked in prepare): their JSON is the text in quotes. Each record is put
        # together by one concat() (a chain of || makes each part's intermediate string: 475,839 actors' records
        # 0.36 → 0.25 CPU-s by hand, session 10). A row keeps no JSON
        # of its own, only its combination's tail, where the store puts the same JSON back (relation_json_sql):
        # tried on each combination with a made-up row first, the rows of any combination where it would not
        # (none, as the model dumps relations today) keep their JSON
        probe = relation_json_sql(f"'{self.id_head}0'", "kind", "'h'", "'s'", "data_tail")
        con.execute(f"""
            CREATE TEMP VIEW {names['rows']} AS
            WITH c AS (SELECT *, json_head || '0' || json_holder || 'h' || json_subject || 's' || json_tail
                                 IS NOT DISTINCT FROM {probe} AS tailed FROM {names['combos']})
            SELECT '{self.id_head}' || (e.i + 2)::VARCHAR AS relation_id, c.kind, e.holder AS holder_id, e.subject AS subject_id,
                   c.valid_from, c.valid_to, c.share_low, c.share_high,
                   CASE WHEN NOT c.tailed THEN c.json_head || (e.i + 2)::VARCHAR || c.json_holder || e.holder ||
                        c.json_subject || e.subject || c.json_tail END AS data, '{ds}' AS dataset_id,
                   CASE WHEN c.tailed THEN c.data_tail END AS data_tail
            FROM {names['edges']} e JOIN c USING (combo)""")
        con.execute(f"""
            CREATE TEMP VIEW {names['arows']} AS
            SELECT id AS actor_id, kind, name, NULL::VARCHAR AS jurisdiction,
                   concat(p0, '"', id, '"', p1, coalesce(name_json, concat('"', id, '"')), p2) AS data,
                   '{ds}' AS dataset_id, kind_defaulted
            FROM {names["actors"]}""")
        con.execute(f"CREATE TEMP VIEW {names['aids']} AS SELECT id AS actor_id, '{ds}' AS dataset_id "
                    f"FROM {names['actors']}")

    def _clash(self, con, names: dict[str, str], dataset_id: str) -> bool:
        """Whether another dataset holds a relation id of this file's form or an actor of another kind."""
        if con.execute("SELECT count(*) FROM relations WHERE starts_with(relation_id, ?) AND dataset_id <> ?",
                       [self.id_head, dataset_id]).fetchall()[0][0]:
            self._decline("the store holds relation ids of this file's form from another dataset")
            return True
        if con.execute(f"""SELECT count(*) FROM actors a JOIN {names['actors']} k ON k.id = a.actor_id
                           WHERE a.kind <> k.kind AND 'unknown' NOT IN (a.kind, k.kind) AND NOT k.kind_defaulted
                             AND NOT {KIND_DEFAULTED}""").fetchall()[0][0]:
            self._decline("an actor of the file is in the store as another kind")
            return True
        if con.execute(f"""SELECT count(*) FROM actors a JOIN {names['actors']} k ON k.id = a.actor_id
                           WHERE a.kind <> k.kind AND k.kind <> 'unknown' AND NOT k.kind_defaulted
                             AND (a.kind = 'unknown' OR {KIND_DEFAULTED})
                             AND (a.data->>'$.size' IS NOT NULL OR a.data->>'$.origin' IS NOT NULL
                                  OR a.data->>'$.board_size' IS NOT NULL
                                  OR coalesce(json_array_length(a.data->'$.turnout'), 0) > 0)""").fetchall()[0][0]:
            # the store's check (Store._check_kinds_taken) says whether the record can take the file's kind
            self._decline("an actor of the file is in the store with what only some kinds have")
            return True
        return False

    def _decline(self, why: str) -> None:
        self.declined = why
        self.stats["lane"] = f"column by column (the SQL lane declined: {why})"
        self.edges = self.combos = self.actors = None


def prepare(path: Path, known_actors: set[str]) -> EdgeLoad:
    """Read and check ``path`` for the lane. Errors in the header or the CSV itself are raised
    (:class:`InvalidInput`, as the column-wise reader raises them); any other problem declines."""
    load = EdgeLoad(Path(path))
    try:
        _prepare(load, set(known_actors))
    except Decline as exc:
        load._decline(str(exc))
    except duckdb.Error as exc:
        load._decline(f"DuckDB: {str(exc).splitlines()[0][:200]}")
    return load


def _prepare(load: EdgeLoad, known: set[str]) -> None:
    path = load.path
    problems = E.RowProblems(path)
    table = E.parse_edges(path)  # raises InvalidInput: the header or the CSV itself
    table, names, spellings = E.actor_columns(table, problems)
    if problems.items:
        raise Decline("an actor id is empty")
    if not all(_SLUG.match(a) for a in names):  # pragma: no cover - edge_actor_id makes slugs
        raise Decline("an actor id is not a slug")
    load.spellings = E.several_spellings(spellings)
    n = table.num_rows
    combo, combos, dates = _combos(table, problems)
    if dates.empty:  # rows whose validity holds no day: warned about as the column-wise reader does
        load.empty_validity, load.empty_rows = dates, (np.flatnonzero(np.isin(combo, dates.empty)), combo)
    kind = np.asarray(combos.column("km_kind").to_numpy(zero_copy_only=False), object)
    _self_ties(table, kind[combo])
    holders, subjects = table.column("holder"), table.column("subject")
    stated = {role: pc.utf8_trim_whitespace(table.column(f"{role}_kind"))
              for role in ("holder", "subject") if f"{role}_kind" in table.column_names}
    del table
    load.actors = _actors(holders, subjects, stated, names, known, problems)
    load.edges = pa.table({"i": pa.array(np.arange(n, dtype=np.int64)), "holder": holders, "subject": subjects,
                           "combo": pa.array(combo.astype(np.int32))})
    load.id_head = f"{slugify(path.stem)}:"  # a slug and a colon: safe in SQL and JSON as it is
    load.combos = _combo_json(combos, load.id_head)
    load.stats["edges"] = n


def _combos(table: pa.Table, problems) -> tuple[np.ndarray, pa.Table, E.Validities]:
    """Each row's value combination (a number) and the file's distinct combinations, checked by the reader's
    own functions, with their kind, share bounds and validity (also returned, per combination)."""
    present = [c for c in VALUE_COLUMNS if c in table.column_names]
    key, size = np.zeros(table.num_rows, np.int64), 1
    for c in present:  # mixed radix over each column's distinct values, made dense again before it overflows
        codes = table.column(c).combine_chunks().dictionary_encode()
        m = max(len(codes.dictionary), 1)
        if size * m >= 1 << 62:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
            size = int(key.max()) + 1
        key, size = key * m + codes.indices.to_numpy(zero_copy_only=False), size * m
    _, first, combo = np.unique(key, return_index=True, return_inverse=True)
    combos = table.select(present).take(pa.array(first)) if present else pa.table({"one": [1]})
    lo, hi, lo_x, hi_x, has_share, kind = E.check_values(combos, problems)
    dates = E.validity(combos, problems)
    if problems.items:
        raise Decline(f"a value the column-wise reader refuses ({problems.items[0].field}: {problems.items[0].message})")
    return combo.reshape(-1), combos.append_column("km_kind", pa.array(kind.tolist(), pa.string())) \
        .append_column("km_lo_x", pa.array(lo_x)).append_column("km_hi_x", pa.array(hi_x)) \
        .append_column("km_share", pa.array(has_share)) \
        .append_column("km_from", pa.array(dates.starts, pa.date32())) \
        .append_column("km_to", pa.array(dates.ends, pa.date32())) \
        .append_column("km_from_precision", pa.array(dates.from_precision, pa.string())) \
        .append_column("km_to_precision", pa.array(dates.to_precision, pa.string())), dates


def _self_ties(table: pa.Table, kind: np.ndarray) -> None:
    """Holder and subject the same actor: only for the kinds that allow it (:data:`~kingmaker.io.edges_csv.SELF_KINDS`)."""
    same = np.asarray(pc.equal(table.column("holder"), table.column("subject")).to_numpy(zero_copy_only=False), bool)
    if same.any() and not np.isin(kind[same], E.SELF_KINDS).all():
        raise Decline("a tie of an actor to itself of a kind that allows none")


def _actors(holders: pa.ChunkedArray, subjects: pa.ChunkedArray, stated: dict[str, pa.ChunkedArray],
            names: dict[str, str], known: set[str], problems) -> pa.Table:
    """The actors to write, in order of first appearance (holders, then subjects): those not known already (in
    the store or another file), and the known ones whose kind the file states (as ``_new_actors``) — id, kind,
    name, the JSON of a name that differs from the id, ``ord`` (the order), the parts of the record's JSON around
    id and name (:meth:`~kingmaker.io.edges_csv.RowTemplates.actor_parts`) and whether the kind is a default.

    Declines on an actor kind the reader refuses (checked on the distinct values) or an actor stated as two
    kinds. Each row is its actor's number in the order (one dictionary encoding of both columns), so the kinds
    are numpy arrays indexed by it: no join or grouping of the 2·10⁶ ids of a 10⁶-edge file (0.95 s CPU of
    DuckDB joins before, ~0.2 s now, the same rows)."""
    for role, col in stated.items():
        E.check_values(pa.table({f"{role}_kind": pc.unique(col)}), problems)
    if problems.items:
        raise Decline("an actor kind the column-wise reader refuses")
    both = pa.chunked_array(holders.chunks + subjects.chunks, pa.string()).combine_chunks().dictionary_encode()
    order, at = both.dictionary, both.indices.to_numpy(zero_copy_only=False)
    kinds = pa.array(E.ACTOR_KINDS, pa.string())
    kind_of = np.full(len(order), -1, np.int32)  # the stated kind's place in ACTOR_KINDS, -1: none stated
    rows, codes = [], []
    for role, col in stated.items():
        code = pc.fill_null(pc.index_in(col, value_set=kinds), -1).to_numpy(zero_copy_only=False)  # '': -1
        mine = at[:len(holders)] if role == "holder" else at[len(holders):]
        rows.append(mine[code >= 0])
        codes.append(code[code >= 0])
    if rows:
        rows, codes = np.concatenate(rows), np.concatenate(codes).astype(np.int32)
        kind_of[rows] = codes
        if (kind_of[rows] != codes).any():
            raise Decline("an actor stated as two kinds")
    stated_kind = kind_of >= 0
    wanted = stated_kind | ~np.asarray(pc.is_in(order, value_set=pa.array(list(known), pa.string())).to_numpy(
        zero_copy_only=False), bool) if known else np.ones(len(order), bool)
    sel = np.flatnonzero(wanted)
    ids = order.take(pa.array(sel))
    kind = pa.array(np.where(stated_kind, kind_of, E.ACTOR_KINDS.index("company"))[sel], pa.int32())
    if names:
        at_name = pc.index_in(ids, value_set=pa.array(list(names), pa.string()))
        name_json = pc.take(pa.array([E.json_str(t) for t in names.values()], pa.string()), at_name)
        name = pc.coalesce(pc.take(pa.array(list(names.values()), pa.string()), at_name), ids)
    else:
        name, name_json = ids, pa.nulls(len(ids), pa.string())
    tpl = E.RowTemplates()
    parts = {f"p{j}": pa.DictionaryArray.from_arrays(kind, pa.array([tpl.actor_parts(k)[j] for k in E.ACTOR_KINDS]))
             for j in range(3)}
    return pa.table({"id": ids, "kind": pc.take(kinds, kind), "name": name, "name_json": name_json,
                     "ord": pa.array(sel.astype(np.int64)), **parts,
                     "kind_defaulted": pa.array(~stated_kind[sel])})


def _combo_json(combos: pa.Table, id_head: str) -> pa.Table:
    """Each combination's relation kind, validity, share bounds and the JSON around a row's id, holder and
    subject (``tests/io/test_edges_sql.py`` checks every row against the model's dump)."""
    tpl = E.RowTemplates()
    raw = [combos.column(c).to_pylist() if c in combos.column_names else [""] * combos.num_rows
           for c in ("share", "share_min", "share_max")]
    kind, lo_x, hi_x, has_share, starts, ends, from_p, to_p = (
        combos.column(c).to_pylist() for c in ("km_kind", "km_lo_x", "km_hi_x", "km_share", "km_from", "km_to",
                                               "km_from_precision", "km_to_precision"))
    id_json = E.json_str(id_head)[:-1]
    heads, holders, subjects, tails, lows, highs = [], [], [], [], [], []
    for j in range(combos.num_rows):
        p = tpl.relation_parts(kind[j], (from_p[j], to_p[j]))
        if has_share[j]:
            share_json, low, high = tpl.share((raw[0][j], raw[1][j], raw[2][j], lo_x[j], hi_x[j]))
        else:
            share_json, low, high = "null", None, None
        heads.append(p[0] + id_json)
        holders.append('"' + p[1] + '"')
        subjects.append('"' + p[2] + '"')
        tails.append(f'"{p[3]}{share_json}{p[4]}{E.date_json(starts[j])}{p[5]}{E.date_json(ends[j])}{p[6]}')
        lows.append(low)
        highs.append(high)
    return pa.table({"combo": pa.array(np.arange(combos.num_rows, dtype=np.int32)), "kind": combos.column("km_kind"),
                     "valid_from": combos.column("km_from"), "valid_to": combos.column("km_to"),
                     "share_low": pa.array(lows, pa.float64()), "share_high": pa.array(highs, pa.float64()),
                     "json_head": heads, "json_holder": holders, "json_subject": subjects, "json_tail": tails,
                     "data_tail": [short_tail(t[2:]) if t.startswith('",') else None for t in tails]})


__all__ = ["EdgeLoad", "MIN_BYTES", "prepare", "wanted"]
