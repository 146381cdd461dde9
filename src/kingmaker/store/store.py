"""The embedded DuckDB store: transactional, idempotent loads with provenance; as-of snapshots.

Default file ``~/.kingmaker/kingmaker.duckdb`` (or ``$KINGMAKER_DB``). A load writes one *dataset*
(a case file, an imported register) inside a single transaction: either every row lands or none does,
and a process killed mid-load leaves the store as it was (DuckDB's write-ahead log discards the
uncommitted transaction). Reloading a dataset replaces its rows; reloading identical content is a
no-op.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import duckdb

from kingmaker.errors import InvalidInput, KingmakerError, UserError
from kingmaker.model import Actor, Case, Claim, Designation, Event, Evidence, Relation, Source
from kingmaker.model.identity import (IdentityRule, identifier_key_sql, identifier_value_key, merged_snapshot,
                                      resolve_identities)
from kingmaker.model.ids import (begins_a_word, begins_a_word_sql_pattern, id_words_sql_pattern, name_key, name_key_sql,
                                 name_words, words_sql)
from kingmaker.store.schema import (DATA_TABLES, KIND_DEFAULTED, NAMES_PENDING, STATEMENT_HOLE,
                                    STATEMENT_SLOTS, WRITTEN_TO, actor_references_sql, bound_memory,
                                    build_pending_names, migrate, name_rows_sql, names_pending, needs_migration,
                                    relation_tail_sql, restore_settings, schema_version, with_statements)

if TYPE_CHECKING:  # pyarrow is imported where rows are written or read as columns: questions do without it
    import pyarrow as pa


def default_db_path() -> Path:
    env = os.environ.get("KINGMAKER_DB")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".kingmaker" / "kingmaker.duckdb"


@dataclass(frozen=True)
class Dataset:
    """Where a set of rows came from."""

    id: str
    title: str
    format: str
    file: str
    sha256: str
    loaded_at: datetime | None = None
    counts: dict | None = None


@dataclass(frozen=True)
class LoadResult:
    dataset: Dataset
    status: str  # "loaded", "replaced", "unchanged"
    counts: dict


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decimal_or_none(value):
    return None if value is None else float(value)


# -- prepared rows: the bulk readers' alternative to model objects -----------------------------------------
class PreparedActor(NamedTuple):
    """An actor as its row: ``data`` is exactly ``Actor.model_dump_json()`` of the actor it stands for
    (bulk readers build it without the model; tests check that ``Actor.model_validate_json(data)``
    reads it back and that the store ends up identical)."""

    id: str
    kind: Any  # ActorKind
    name: str
    jurisdiction: str | None
    identifiers: dict
    data: str
    kind_defaulted: bool = False  # the reader gave it its kind without the file stating one (schema.KIND_DEFAULTED)
    #: the file only names the actor (an edge list): an actor the store already holds keeps its record (names,
    #: identifiers, evidence) and takes only a kind the file states, by the rules of :meth:`Store._check_id_clashes`
    named_only: bool = False


class PreparedEvidence(NamedTuple):
    id: str
    source: str
    reliability: Any  # Reliability
    data: str


class PreparedRelation(NamedTuple):
    id: str
    kind: Any  # RelationKind
    holder: str
    subject: str
    valid_from: date | None
    valid_to: date | None
    share_low: float | None
    share_high: float | None
    data: str


_PREPARED = (PreparedActor, PreparedEvidence, PreparedRelation)
#: texts longer than this get no "did you mean" (:meth:`Store.suggest_actors`): longer than any name a register
#: keeps (Companies House: 160 characters), and each fuzzy comparison costs the product of the two lengths
MAX_SUGGEST_CHARS = 300
#: how close a name or id must be to an unknown text to be suggested (:meth:`Store.suggest_actors`)
SUGGEST_SIMILARITY = 0.9
#: a search's candidates (names that hold the text but maybe not at a word's start) checked in Python, by id, before
#: the rest are checked in DuckDB (:meth:`Store.find_actors`): a Python check costs microseconds a name, DuckDB's
#: pattern milliseconds to compile before it costs little a name
CHECKED_IN_PYTHON = 2000


def _json(obj) -> str:
    return obj.data if obj.__class__ in _PREPARED else obj.model_dump_json(exclude_defaults=False)


def _share_bounds(r) -> tuple[float | None, float | None]:
    if r.__class__ is PreparedRelation:
        return r.share_low, r.share_high
    if r.share is None:
        return None, None
    return _decimal_or_none(r.share.low), _decimal_or_none(r.share.high)


def id_clash(what: str, ident: str, dataset: str) -> UserError:
    """The refusal of an id another dataset already uses."""
    return UserError(f"{what} id {ident!r} is already in the store from dataset {dataset!r}; ids must be unique "
                     "across datasets (rename it, or remove that dataset first: kingmaker datasets --remove DATASET)")


_ONLY_IN_DATASET = "SELECT actor_id FROM actor_datasets GROUP BY actor_id HAVING bool_and(dataset_id = {})"
"""The actors no dataset but one vouches for (the placeholder is that dataset's parameter: ``?`` or ``$1``)."""


@contextmanager
def _naming_file(dataset: Dataset) -> Iterator[None]:
    """A clash with the store's rows (:func:`id_clash`, :func:`kind_clash`) named with the file it is found in: in a
    load of several files "here" did not say which."""
    try:
        yield
    except InvalidInput:
        raise
    except UserError as exc:
        raise UserError(f"{dataset.file or dataset.id}: {exc}") from None


#: an unknown actor's fields that no other kind has, and the JSON their values are written as (RE2)
_UNSPECIFIED_JSON = {"unspecified_reason": '"[^"]*"', "unspecified_description": r'"([^"\\]|\\.)*"'}


def _record_as_kind(kind: str) -> str:
    """SQL for an ``actors`` row's record (``data``) with its kind changed to ``kind`` (an SQL expression) and
    nothing else: the kind is the record's second key, after the id (a JSON string: no unescaped quote in it), so
    the first ``"kind":"…"`` is the actor's own; the first ``"unspecified_reason"`` and ``"unspecified_description"``
    are the record's own too (every record states them, before ``extra``) and only an unknown actor has them, so a
    known kind ends them (kept, the record was no longer read back)."""
    data = f"""regexp_replace(CAST(actors.data AS VARCHAR), '"kind":"' || actors.kind || '"', '"kind":"' || {kind} || '"')"""
    for key, value in _UNSPECIFIED_JSON.items():
        data = f"""regexp_replace({data}, '"{key}":(null|{value})', '"{key}":null')"""
    return data


def kind_clash(actor: str, stored: str, here: str, unrecorded: Dataset | None = None) -> UserError:
    """The refusal of an actor re-declared as another kind; ``unrecorded``: the edge list the stored kind is from,
    loaded before the store recorded which kinds a file only defaulted, and not to be read again as it was loaded
    (schema 7, ``kind_defaults_unrecorded``)."""
    why = "" if unrecorded is None else (
        f" (from {unrecorded.id}, loaded before this store recorded which kinds an edge list left at the default, "
        f"and its file {unrecorded.file} is no longer there as it was loaded: whether it stated {stored!r} cannot be "
        "known; if it did not, load that file again, which records its defaults)")
    return UserError(f"actor {actor!r} is already in the store as a {stored}, here as a {here}{why}")


class _Stream:
    """A dataset's chunk producer, started before the load's transaction when its first chunk writes
    itself in SQL (``prepare(store, dataset_id)`` / ``write_into`` / ``release``: :mod:`kingmaker.io.bods.sql_lane`),
    so that staging — where a DuckDB error would abort the transaction — happens outside it. Unchanged
    datasets (same sha256) are not started at all."""

    def __init__(self, store: Store, dataset: Dataset, produce: Callable[[], Iterable[Case]]):
        self.store, self.produce, self.head, self.rest = store, produce, None, None
        previous = store.dataset(dataset.id)
        if previous is not None and previous.sha256 == dataset.sha256:
            return
        self.rest = iter(produce())
        self.head = next(self.rest, None)
        if hasattr(self.head, "prepare"):
            self.head.prepare(store, dataset.id)

    def __call__(self) -> Iterator:
        if self.rest is None:
            return iter(self.produce())
        return itertools.chain(() if self.head is None else (self.head,), self.rest)

    def release(self) -> None:
        if hasattr(self.head, "release"):
            self.head.release(self.store)


def _locked(exc: Exception) -> bool:
    return "lock" in str(exc).lower() and ("conflicting" in str(exc).lower() or "could not set" in str(exc).lower())


def _lock_message(path: Path, exc: Exception | None, read_only: bool | str) -> str:
    """What to tell a user whose store another process holds (DuckDB names the holder's PID)."""
    import re

    pid = re.search(r"PID (\d+)", str(exc or ""))
    who = f"another process (PID {pid.group(1)})" if pid else "another process"
    if read_only:
        return (f"the store {path} is open for writing by {who} — a load, or `kingmaker serve` in the middle of a "
                "write; try again in a moment")
    return (f"the store {path} is in use by {who}, perhaps `kingmaker serve`; reading beside it works, but to "
            "change the store stop that process first, or send the change through the server's API "
            "(POST /api/load, with its token)")


def duckdb_file_maker(path: Path) -> str | None:
    """The DuckDB release that made the database file at ``path``, as its header names it (``"v2.0.1"``);
    ``None`` where the file is no DuckDB database or its header names none (files of DuckDB before 1.1).

    The header (DuckDB's ``MainHeader``, the file's first block) holds the magic bytes ``DUCK`` at offset 8 and,
    since DuckDB 1.1, the release's name in 32 bytes at offset 52 (``library_git_desc``).

    >>> duckdb_file_maker(Path("no-such-file.duckdb")) is None
    True
    """
    try:
        with open(path, "rb") as f:
            head = f.read(84)
    except OSError:
        return None
    if len(head) < 84 or head[8:12] != b"DUCK":
        return None
    name = head[52:84].split(b"\0", 1)[0].decode("ascii", "replace").strip()
    return name or None


def _open_failure_message(path: Path, exc: Exception) -> str:
    """What to tell a user whose store DuckDB cannot open: its own message, and where the file was made by another
    DuckDB release than this one — a store written by a newer DuckDB cannot be read by an older one — which
    release made it, which one this is, and what to do."""
    maker = duckdb_file_maker(path)
    mine = f"v{duckdb.__version__}"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # only a failure about the file's storage version is the releases' doing: a corrupt or unreadable file made by
    # an older release this one reads is not to be blamed on the release (nor sent back to it)
    if maker and maker != mine and "version" in str(exc).lower():
        newer = "newer version of DuckDB" in str(exc) or "storage version" in str(exc)
        advice = ("upgrade DuckDB (`pip install -U duckdb`) or open it with the Kingmaker that made it"
                  if newer else "open it with the DuckDB release that made it, or export and load it again")
        return (f"cannot open store {path}: it was made by DuckDB {maker}, this is DuckDB {mine}, which cannot "
                f"read it ({first}); {advice}")
    return f"cannot open store {path}: {exc}"


def _rollback(con) -> None:
    """Roll the open transaction back; a failed COMMIT (disk full) has ended it already, and then the error
    to report is the one that ended it, not "no transaction is active"."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


class ShareOverflow(NamedTuple):
    """Certain shares of one kind in one subject that cannot all hold (see Store.share_overflows)."""

    subject: str
    kind: str
    day: date | None  # the first day it happens; None: from the start of the records
    total: float  # percent
    relations: list[tuple[str, float, str]]  # (relation id, its lower share in percent, its dataset)
    strict: bool = False  # exactly 100 % with an exclusive lower end
    day_precision: str = "day"  # how precisely the relations starting on ``day`` date it: "2020-06" is "month"


class Store:
    """A Kingmaker store in one DuckDB file. Use :func:`kingmaker.open` to get one."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool | str = False, wait: float = 0.0):
        """``read_only``: ``False`` (read and write), ``True``, ``"auto"`` — read-write when the file is
        free, else read-only (another process — ``kingmaker serve`` — holds it for reading) — or
        ``"shared"`` — read-only, unless this process already holds it read-write; waiting up to ``wait``
        seconds while a writer holds it. A store another process holds for writing gives a
        :class:`KingmakerError` that says so, never DuckDB's raw lock message.

        ``"shared"`` is how reading commands open a store, so that several can read it at once (DuckDB
        lets many processes hold a file read-only, or one hold it read-write): a store that does not exist
        yet is created, and one with an older schema brought up to date, in a brief read-write opening
        first."""
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        memory = str(self.path) == ":memory:"
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if read_only == "shared" and (memory or not self.path.exists()):
            self._migrate_briefly(wait, memory)
        self.con = self._connect(read_only, wait)
        self.read_only = self._is_read_only() if isinstance(read_only, str) else bool(read_only)
        if self.read_only and read_only == "shared" and needs_migration(self.con):
            # only a BODS bulk load's name rows still to be made: made now if the store is free, else (another
            # process reads it: ``kingmaker serve``, another read command) computed for this connection
            # (:meth:`_actor_names`) — a reader does not wait for, nor fail on, a write it can do without
            names_only = not needs_migration(self.con, pending=False)
            self.con.close()
            try:
                self._migrate_briefly(0 if names_only else wait)
            except KingmakerError:  # held by another process, or a file this user cannot write (a read-only mount)
                if not names_only:
                    raise
            self.con = self._connect(read_only, wait)
            self.read_only = self._is_read_only()
        read_only = self.read_only
        try:
            self.con.execute("SET enable_progress_bar = false")
        except duckdb.Error:  # pragma: no cover - older DuckDB
            pass
        if not read_only:
            migrate(self.con)

    def _migrate_briefly(self, wait: float, memory: bool = False) -> None:
        """Create the store or bring its schema up to date, holding it read-write only for that."""
        if memory:
            return  # an in-memory store is this connection's own: "shared" opens it read-write
        con = self._connect(False, wait)
        try:
            migrate(con)
        finally:
            con.close()

    def _connect(self, read_only: bool | str, wait: float):
        import time

        deadline = time.monotonic() + wait
        modes = {"auto": [False, True], "shared": [True, False]}.get(read_only, [bool(read_only)])
        if str(self.path) == ":memory:" and read_only in ("auto", "shared"):
            modes = [False]
        while True:
            last = None
            for mode in modes:
                try:
                    return duckdb.connect(str(self.path), read_only=mode)
                except duckdb.Error as exc:
                    last = exc
                    if not (_locked(exc) or "different configuration" in str(exc)):  # not a store: the user's path
                        raise UserError(_open_failure_message(self.path, exc)) from None
            if time.monotonic() >= deadline:
                raise KingmakerError(_lock_message(self.path, last, read_only)) from None
            time.sleep(0.2)

    def _is_read_only(self) -> bool:
        try:
            return bool(self.con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = "
                                         "current_database()").fetchone()[0])
        except duckdb.Error:  # pragma: no cover - older DuckDB
            return False

    # -- lifecycle ---------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def cursor(self) -> Store:
        """Another connection to this open store, for another thread: DuckDB serves one query at a time per
        connection, and a cursor (``DuckDBPyConnection.cursor``) reads the same database beside it. It is
        closed when this store is (its queries then fail)."""
        twin = object.__new__(Store)
        twin.path, twin.read_only, twin.con = self.path, self.read_only, self.con.cursor()
        return twin

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def dataset(self, dataset_id: str) -> Dataset | None:
        row = self.con.execute(
            "SELECT dataset_id, title, format, file, sha256, loaded_at, counts FROM datasets WHERE dataset_id = ?",
            [dataset_id],
        ).fetchone()
        if row is None:
            return None
        return Dataset(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]) if row[6] else None)

    def datasets(self) -> list[Dataset]:
        ids = [r[0] for r in self.con.execute("SELECT dataset_id FROM datasets ORDER BY dataset_id").fetchall()]
        return [self.dataset(i) for i in ids]  # type: ignore[misc]

    def write_case(self, case: Case, dataset: Dataset, *, _fail_after: str | None = None) -> LoadResult:
        """Write one case as dataset ``dataset.id`` (see :meth:`write_cases`)."""
        return self.write_cases([(case, dataset)], _fail_after=_fail_after)[0]

    def write_cases(self, items: list[tuple[Case, Dataset]], *, _fail_after: str | None = None) -> list[LoadResult]:
        """Write several datasets in one transaction: all of them land, or none.

        A dataset whose content (sha256) is already loaded is ``unchanged`` and not rewritten; one
        with the same id but new content replaces the old rows (``replaced``). ``_fail_after`` names a
        table after which to raise (tests use it to prove atomicity).
        """
        return self.write_streamed([(dataset, lambda case=case: [case]) for case, dataset in items],
                                   _fail_after=_fail_after)

    def write_streamed(self, items: list[tuple[Dataset, Callable[[], Iterable[Case]]]], *,
                       kind_defaults: Iterable[tuple[str, set[str]]] = (),
                       _fail_after: str | None = None) -> list[LoadResult]:
        """Write datasets whose content arrives as a stream of case chunks, in one transaction.

        The bulk path for large imports: Python holds one chunk at a time (DuckDB keeps the uncommitted
        rows until the commit). All datasets land or none — an exception from a chunk producer (an
        input error found late in a file) rolls everything back; an unchanged dataset (same sha256) is
        not read at all; ids must not clash with other datasets. Each producer is called once.
        ``kind_defaults``: (dataset id, the actors its file states a kind for) of
        :meth:`unrecorded_kind_defaults`, recorded first in the same transaction (:meth:`_record_kind_defaults`:
        a failed load keeps none of them).
        """
        results: list[LoadResult] = []
        con = self.con
        saved = bound_memory(con)
        streams: list[_Stream] = []
        try:
            for dataset, produce in items:  # SQL-writing readers stage their rows before the transaction
                streams.append(_Stream(self, dataset, produce))
            con.execute("BEGIN TRANSACTION")
            try:
                for dataset_id, stated in kind_defaults:
                    self._record_kind_defaults(dataset_id, stated)
                # the older version of every changed dataset goes first: each file then meets the store as it will be,
                # whatever the order of the files (``load m.csv n.csv`` where the changed n.csv no longer names x, which
                # its old version stated a fund, and m.csv states a company: refused in one order, loaded in the other)
                replaced = {}
                for dataset, _ in items:
                    previous = self.dataset(dataset.id)
                    if previous is not None and previous.sha256 != dataset.sha256:
                        self._delete_dataset(dataset.id)
                        replaced[dataset.id] = previous
                for dataset, stream in zip((d for d, _ in items), streams):
                    results.append(self._write_one(dataset, stream, _fail_after, replaced.get(dataset.id)))
                self._bump_version()
                con.execute("COMMIT")
            except BaseException:
                _rollback(con)
                raise
        finally:
            for stream in streams:
                stream.release()
            restore_settings(con, saved)
        return results

    @contextmanager
    def load_memory(self) -> Iterator[None]:
        """DuckDB's memory bounded as during a load (:func:`~kingmaker.store.schema.bound_memory`), for the checks that read the whole
        of what a load wrote (:meth:`share_overflows`): without the bound DuckDB keeps every block it read
        cached, and a 10⁶-edge load's check held 0.7 GB more than the load itself."""
        saved = bound_memory(self.con)
        try:
            yield
        finally:
            restore_settings(self.con, saved)

    def _write_one(self, dataset: Dataset, produce: Callable[[], Iterable[Case]], _fail_after: str | None,
                   replaced: Dataset | None = None) -> LoadResult:
        """Write one dataset (in the caller's transaction); ``replaced``: its older version, deleted already."""
        previous = replaced or self.dataset(dataset.id)
        if previous is not None and previous.sha256 == dataset.sha256:
            return LoadResult(previous, "unchanged", previous.counts or {})
        if replaced is None:
            self._delete_dataset(dataset.id)
        counts = dict.fromkeys(("actors", "sources", "evidence", "relations", "events", "claims", "designations"), 0)
        actor_ids: set[str] = set()
        # ids can only clash with rows of other datasets: with none in the store (the common bulk case)
        # the per-chunk look-ups (each a scan of the growing tables) are skipped
        others = self.con.execute(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM actors LIMIT 1)) + "
            + " + ".join(f"(SELECT count(*) FROM (SELECT 1 FROM {t} LIMIT 1))"
                         for t in ("relations", "events", "evidence", "sources", "claims", "designations"))
        ).fetchall()[0][0] > 0
        stated: list[IdentityRule] = []
        own_names: list[bool] = []  # per chunk that wrote actors: whether each holds one name, its ``name`` column
        names_later: list[bool] = []  # and whether it leaves its actors' name rows to be made later
        for chunk in produce():
            stated.extend(getattr(chunk, "identity", None) or ())
            direct = getattr(chunk, "write_into", None)
            if direct is not None:  # a reader that writes its rows itself, in SQL (kingmaker.io.bods.sql_lane)
                with _naming_file(dataset):
                    written = direct(self, dataset.id, others)
                if written is not None:
                    for name, n in written.items():
                        counts[name] += n
                if written is not None and getattr(chunk, "writes_actors", True):
                    own_names.append(getattr(chunk, "actors_own_name_only", False))
                    names_later.append(getattr(chunk, "actor_names_later", False))
                continue  # None: it declined and wrote nothing; the producer goes on with model chunks
            if chunk.actors:
                own_names.append(False)
                names_later.append(False)
            if others:
                with _naming_file(dataset):
                    self._check_id_clashes(chunk, actor_ids)
                actor_ids.update(a.id for a in chunk.actors)
            for table, rows in self._rows(chunk, dataset.id):
                self._insert(table, rows)
                if _fail_after == table:
                    raise KingmakerError(f"simulated failure after writing {table}")
            for name in ("sources", "evidence", "relations", "events", "claims", "designations"):
                counts[name] += len(getattr(chunk, name))
        self._index_names(dataset.id, own_name_only=bool(own_names) and all(own_names),
                          later=names_later == [True])
        counts["actors"] = self.con.execute(
            "SELECT count(*) FROM actor_datasets WHERE dataset_id = ?", [dataset.id]).fetchall()[0][0]
        if stated:
            self._add_dataset_rules(dataset.id, stated)
        loaded = Dataset(dataset.id, dataset.title, dataset.format, dataset.file, dataset.sha256,
                         datetime.now(UTC).replace(tzinfo=None), counts)
        self.con.execute(
            "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?)",
            [loaded.id, loaded.title, loaded.format, loaded.file, loaded.sha256, loaded.loaded_at,
             json.dumps(counts)],
        )
        return LoadResult(loaded, "replaced" if previous else "loaded", counts)

    def close_relation(self, relation_id: str, day: date, evidence_ids: Iterable[str] = (),
                       with_datasets: list[tuple[Case, Dataset]] = ()) -> tuple[Relation, list[LoadResult]]:
        """End a stored relation on ``day`` (exclusive end), citing ``evidence_ids`` that the datasets in
        ``with_datasets`` bring along — all in one transaction. Returns the closed relation."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            row = con.execute("SELECT data FROM relations WHERE relation_id = ?", [relation_id]).fetchone()
            if row is None:
                raise UserError(f"no relation {relation_id!r}")
            rel = Relation.model_validate_json(row[0])
            if rel.valid_to is not None and rel.valid_to <= day:
                raise UserError(f"relation {relation_id!r} already ended on {rel.valid_to}")
            try:
                validity = rel.validity.model_copy(update={"valid_to": day, "to_precision": "day"})
                validity = type(validity).model_validate(validity.model_dump())
            except ValueError as exc:
                raise UserError(f"valid_to {day}: {exc}") from None
            closed = rel.model_copy(update={"validity": validity, "evidence": tuple(rel.evidence) + tuple(evidence_ids)})
            results = [self._write_one(dataset, lambda c=case: [c], None) for case, dataset in with_datasets]
            con.execute("UPDATE relation_rows SET valid_to = ?, data = ?, data_tail = NULL WHERE relation_id = ?",
                        [day, closed.model_dump_json(), relation_id])
            self._bump_version()
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        return closed, results

    def remove_dataset(self, dataset_id: str) -> bool:
        """Remove one dataset and what only it states; False when the store has no such dataset."""
        return bool(self.remove_datasets([dataset_id]))

    def remove_datasets(self, dataset_ids: list[str]) -> list[str]:
        """Remove the named datasets in one transaction (each as :meth:`remove_dataset`); returns those removed,
        in the order given — ids the store does not hold are skipped."""
        present = [d for d in dict.fromkeys(dataset_ids) if self.dataset(d) is not None]
        if not present:
            return []
        self.con.execute("BEGIN TRANSACTION")
        try:
            for dataset_id in present:
                self._delete_dataset(dataset_id)
            self._bump_version()
            self.con.execute("COMMIT")
        except BaseException:
            _rollback(self.con)
            raise
        return present

    def _delete_dataset(self, dataset_id: str) -> None:
        con = self.con
        # an actor only this dataset vouches for that another dataset names (actor_references_sql: a relation, an event,
        # a vote, a claim, a designation, a group's origin; or a merge or split it states) stays, vouched for by that
        # dataset, which did not state its kind (KIND_DEFAULTED): deleted, it left that relation, event or
        # designation naming no actor. Adopted first, so that it takes its statement back below as any actor
        # another dataset keeps
        adopted = con.execute(
            f"""WITH orphan AS ({_ONLY_IN_DATASET.format("$1")})
                SELECT DISTINCT actor_id, dataset_id FROM ({actor_references_sql("SELECT * FROM orphan")})
                WHERE dataset_id <> $1""", [dataset_id]).fetchall()
        rules = [(x, r.dataset) for r in self.identity_rules() if r.dataset not in (None, dataset_id)
                 for x in (r.first, r.second)]
        if rules:  # a merge or split a case file states names its actors too
            orphans = {a for (a,) in con.execute(_ONLY_IN_DATASET.format("?"), [dataset_id]).fetchall()}
            adopted = sorted(set(adopted) | {(a, d) for a, d in rules if a in orphans})
        if adopted:
            con.executemany("INSERT INTO actor_datasets VALUES (?, ?)", adopted)
            con.executemany("INSERT INTO actor_kind_defaults VALUES (?, ?)", adopted)
        # its actors whose name rows are still to be made (NAMES_PENDING) and that another dataset keeps: still to be
        # made, as that dataset's
        con.execute("""INSERT OR IGNORE INTO actor_names_pending SELECT DISTINCT dataset_id FROM actor_datasets
                       WHERE dataset_id <> $1 AND $1 IN (SELECT dataset_id FROM actor_names_pending)
                         AND actor_id IN (SELECT actor_id FROM actor_datasets WHERE dataset_id = $1)""", [dataset_id])
        if self._schema_version() >= 5:  # an actor another dataset keeps takes its statement back into its row
            kept = with_statements("actors", ["actor_id", "data"], """WHERE statement_key IN (
                SELECT statement_key FROM statements WHERE dataset_id = $1) AND actor_id IN (
                SELECT actor_id FROM actor_datasets WHERE dataset_id <> $1)""")
            con.execute(f"""UPDATE actors SET data = CAST(kept.data AS JSON), statement_key = NULL FROM ({kept}) kept
                            WHERE actors.actor_id = kept.actor_id""", [dataset_id])
        # a kept actor's record goes to a remaining dataset, one that states the actor's kind before one that only
        # defaulted it (KIND_DEFAULTED: else a kind still stated could be replaced by a later file's without a
        # clash); the identifiers the record states go with it (deleted with the dataset, the kept record still
        # stated them, but identifier look-ups and one-actor-per-identifier rules no longer found them)
        home = """(SELECT min(struct_pack(defaulted := k.actor_id IS NOT NULL, id := d.dataset_id)).id
                   FROM actor_datasets d LEFT JOIN actor_kind_defaults k USING (actor_id, dataset_id)
                   WHERE d.actor_id = {}.actor_id AND d.dataset_id <> $1)"""
        con.execute(f"""UPDATE actor_identifiers SET dataset_id = {home.format("actor_identifiers")}
                        WHERE dataset_id = $1 AND actor_id IN (SELECT actor_id FROM actor_datasets
                                                               WHERE dataset_id <> $1)""", [dataset_id])
        # an edge list's records that stay, with another dataset (it stated their kinds): those not of the edge lists'
        # default kind may go back to it (_kinds_back_to_default)
        moved = [a for (a,) in con.execute(
            """SELECT actor_id FROM actors WHERE dataset_id = $1 AND kind <> 'company'
               AND (SELECT format FROM datasets WHERE dataset_id = $1) = 'edges-csv'
               AND actor_id IN (SELECT actor_id FROM actor_datasets WHERE dataset_id <> $1)""", [dataset_id]).fetchall()]
        for table in DATA_TABLES:
            con.execute(f"DELETE FROM {table} WHERE dataset_id = ?", [dataset_id])
        con.execute("DELETE FROM actor_datasets WHERE dataset_id = ?", [dataset_id])
        # actors no other dataset vouches for go; the rest are re-pointed (home)
        con.execute("DELETE FROM actors WHERE actor_id NOT IN (SELECT actor_id FROM actor_datasets)")
        con.execute(f"UPDATE actors SET dataset_id = {home.format('actors')} WHERE dataset_id = $1", [dataset_id])
        self._kinds_back_to_default([a for (a,) in con.execute(
            "SELECT actor_id FROM actors WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))", [moved]).fetchall()])
        con.execute("DELETE FROM datasets WHERE dataset_id = ?", [dataset_id])
        self._index_names()
        rules = self.identity_rules()
        if any(r.dataset == dataset_id for r in rules):
            self._write_identity_rules(r for r in rules if r.dataset != dataset_id)

    def _kinds_back_to_default(self, actor_ids: list[str]) -> None:
        """A kind an edge list stated goes with it: of ``actor_ids`` (records whose edge list was just removed, now
        another dataset's), those whose new dataset is an edge list that only defaulted the kind (:data:`KIND_DEFAULTED`)
        take the edge list's default, ``company``, as if the removed dataset had never been loaded (before, a
        ``holder_kind`` of a removed file stayed behind, stated by no file). The record changes its kind alone, as
        when an edge list states one (:meth:`_insert_from`); a record that cannot be a company (a person's birth
        date …, :class:`~kingmaker.model.Actor`'s rules) keeps its kind, still only a default that any file may
        restate."""
        from pydantic import ValidationError

        if not actor_ids:
            return
        rows = self.con.execute(
            f"""SELECT actor_id FROM actors a WHERE actor_id IN (SELECT unnest(?::VARCHAR[])) AND kind <> 'company'
                AND {KIND_DEFAULTED}
                AND (SELECT format FROM datasets s WHERE s.dataset_id = a.dataset_id) = 'edges-csv'""",
            [actor_ids]).fetchall()
        back = []
        for actor in self.actors_by_id(a for (a,) in rows):
            try:
                Actor.model_validate({**actor.model_dump(), "kind": "company", "unspecified_reason": None,
                                      "unspecified_description": None})
            except ValidationError:
                continue
            back.append(actor.id)
        if back:
            company = _record_as_kind("'company'")
            self.con.execute(f"UPDATE actors SET kind = 'company', data = {company} "
                             "WHERE actor_id IN (SELECT unnest(?::VARCHAR[]))", [back])

    def _add_dataset_rules(self, dataset_id: str, rules: list[IdentityRule]) -> None:
        """Keep the merges and splits a case file states, as rules of its dataset (in the load's transaction).
        Each is checked against the store as it now stands — an unknown id, a person merged with an
        entity — and any problem refuses the whole load, naming the file and line (``origin``)."""
        from dataclasses import replace

        from kingmaker.model.identity import rule_problems

        rules = [replace(r, dataset=dataset_id) for r in rules]
        named = {x for r in rules for x in (r.first, r.second)}
        problems = rule_problems(rules, {a.id: a for a in self.actors_by_id(named)})
        if problems:
            raise InvalidInput(problems)
        kept = self.identity_rules()
        seen = {(k.action, k.first, k.second) for k in kept}
        self._write_identity_rules(kept + [r for r in rules if (r.action, r.first, r.second) not in seen])

    def check_clashes(self, case: Case, dataset_id: str, kind_defaults: Iterable[tuple[str, set[str]]] = ()) -> None:
        """Raise (:class:`UserError`) what a load of ``case`` as dataset ``dataset_id`` would refuse for the store's
        rows, without writing (``kingmaker validate --db``, on a store opened read-only): an id another dataset uses,
        an actor stored as another kind, a kind its record cannot take. The rows of ``dataset_id`` itself (the version
        the load would replace) count as gone; ``kind_defaults`` as :meth:`write_streamed` would record them first."""
        self._check_id_clashes(case, replacing=dataset_id, kind_defaults=kind_defaults)

    def _check_id_clashes(self, case: Case, own_actors: set[str] = frozenset(), *, replacing: str | None = None,
                          kind_defaults: Iterable[tuple[str, set[str]]] = ()) -> None:
        """Refuse ids that another dataset already uses, and actors re-declared as another kind
        (a placeholder of kind ``unknown`` may become a real actor, and vice versa it stays real).
        ``replacing``, ``kind_defaults``: see :meth:`check_clashes` (a load has deleted the older version and
        recorded the defaults before it checks)."""
        for table, key, items in (
            ("relations", "relation_id", case.relations), ("events", "event_id", case.events),
            ("evidence", "evidence_id", case.evidence), ("sources", "source_id", case.sources),
            ("claims", "claim_id", case.claims), ("designations", "designation_id", case.designations),
        ):
            ids = [x.id for x in items]
            if not ids:
                continue
            clash = self.con.execute(
                f"SELECT {key}, dataset_id FROM {table} WHERE {key} IN (SELECT unnest(?)) "
                "AND dataset_id IS DISTINCT FROM ? LIMIT 1", [ids, replacing]).fetchone()
            if clash:
                raise id_clash(table[:-1], *clash)
        if not case.actors:
            return
        going = f" AND actor_id NOT IN ({_ONLY_IN_DATASET.format('$2')})" if replacing else ""
        stored = {i: (kind, ds) for i, kind, ds in self.con.execute(  # a kind the stored actor's dataset only
            # defaulted gives way (KIND_DEFAULTED)
            f"SELECT actor_id, kind, dataset_id FROM actors a WHERE actor_id IN (SELECT unnest($1)) "
            f"AND NOT {KIND_DEFAULTED}{going}", [[a.id for a in case.actors]] + ([replacing] if replacing else [])
        ).fetchall()}
        for ds, stated in kind_defaults:  # not yet recorded: whose kind the dataset only defaulted
            stored = {i: v for i, v in stored.items() if v[1] != ds or i in stated}
        stored = {i: kind for i, (kind, _) in stored.items()}
        for a in case.actors:
            old = stored.get(a.id)
            if (old and old != a.kind.value and "unknown" not in (old, a.kind.value) and a.id not in own_actors
                    and not getattr(a, "kind_defaulted", False)):  # a default contradicts nothing
                raise kind_clash(a.id, old, a.kind.value, self._unrecorded_kind_default(a.id))
        self._check_kinds_taken(case)

    def _check_kinds_taken(self, case: Case) -> None:
        """Refuse a kind an edge list states for a stored placeholder or default (``named_only``: the record is
        kept and takes the kind) where the record holds what that kind cannot have — a group's size or origin, an
        organisation's board size or turnout (:class:`~kingmaker.model.Actor`'s rules; an unknown actor's
        unspecified reason ends with its kind). Taken, the record no longer read back: every read of the store's
        actors failed (a case file's company with a board size, kept for another dataset, then stated a person)."""
        from pydantic import ValidationError

        stated = {a.id: a.kind.value for a in case.actors if getattr(a, "named_only", False)
                  and not getattr(a, "kind_defaulted", False) and a.kind.value != "unknown"}
        if not stated:
            return
        taking = [i for (i,) in self.con.execute(
            f"""SELECT actor_id FROM actors a, (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS kind) s
                WHERE a.actor_id = s.id AND a.kind <> s.kind AND (a.kind = 'unknown' OR {KIND_DEFAULTED})""",
            [list(stated), list(stated.values())]).fetchall()]
        for actor in self.actors_by_id(taking):
            try:
                Actor.model_validate({**actor.model_dump(), "kind": stated[actor.id], "unspecified_reason": None,
                                      "unspecified_description": None})
            except ValidationError as exc:
                why = exc.errors()[0]["msg"].removeprefix("Value error, ")
                raise UserError(f"actor {actor.id!r} is already in the store as a {actor.kind.value}, here as a "
                                f"{stated[actor.id]}, which its record cannot take ({why})") from None

    def _rows(self, case: Case, ds: str) -> Iterator[tuple[str, pa.Table]]:
        """The rows of ``case`` per table. Its lists may hold model objects or prepared rows
        (:class:`PreparedActor`, :class:`PreparedEvidence`, :class:`PreparedRelation`), mixed."""
        import pyarrow as pa

        js = _json
        yield "sources", pa.table({
            "source_id": [s.id for s in case.sources], "title": [s.title for s in case.sources],
            "data": [js(s) for s in case.sources], "dataset_id": [ds] * len(case.sources)})
        yield "evidence", pa.table({
            "evidence_id": [e.id for e in case.evidence], "source_id": [e.source for e in case.evidence],
            "reliability": [e.reliability.value for e in case.evidence], "data": [js(e) for e in case.evidence],
            "dataset_id": [ds] * len(case.evidence)})
        named = [getattr(a, "named_only", False) for a in case.actors]
        for table, actors in (("actors", [a for a, n in zip(case.actors, named) if not n]),
                              ("named_actors", [a for a, n in zip(case.actors, named) if n])):
            yield table, pa.table({
                "actor_id": [a.id for a in actors], "kind": [a.kind.value for a in actors],
                "name": [a.name for a in actors], "jurisdiction": [a.jurisdiction for a in actors],
                "data": [js(a) for a in actors], "dataset_id": [ds] * len(actors),
                "kind_defaulted": [getattr(a, "kind_defaulted", False) for a in actors]})
        defaulted = [a.id for a in case.actors if getattr(a, "kind_defaulted", False)]
        yield "actor_kind_defaults", pa.table({"actor_id": defaulted, "dataset_id": [ds] * len(defaulted)},
                                              schema=pa.schema([("actor_id", pa.string()), ("dataset_id", pa.string())]))
        ids = [(a.id, scheme, value) for a in case.actors for scheme, value in a.identifiers.items()]
        yield "actor_identifiers", pa.table({
            "actor_id": [i[0] for i in ids], "scheme": [i[1] for i in ids], "value": [i[2] for i in ids],
            "dataset_id": [ds] * len(ids)})
        rels = case.relations
        bounds = [_share_bounds(r) for r in rels]
        yield "relations", pa.table({
            "relation_id": [r.id for r in rels], "kind": [r.kind.value for r in rels],
            "holder_id": [r.holder for r in rels], "subject_id": [r.subject for r in rels],
            "valid_from": pa.array([r.valid_from for r in rels], pa.date32()),
            "valid_to": pa.array([r.valid_to for r in rels], pa.date32()),
            "share_low": pa.array([b[0] for b in bounds], pa.float64()),
            "share_high": pa.array([b[1] for b in bounds], pa.float64()),
            "data": [js(r) for r in rels], "dataset_id": [ds] * len(rels)})
        ev = case.events
        yield "events", pa.table({
            "event_id": [e.id for e in ev], "date": pa.array([e.date for e in ev], pa.date32()),
            "kind": [e.kind.value for e in ev], "data": [js(e) for e in ev], "dataset_id": [ds] * len(ev)})
        ea = [(e.id, a) for e in ev for a in e.actors]
        yield "event_actors", pa.table({
            "event_id": [x[0] for x in ea], "actor_id": [x[1] for x in ea], "dataset_id": [ds] * len(ea)})
        cl = case.claims
        yield "claims", pa.table({
            "claim_id": [c.id for c in cl], "date": pa.array([c.date for c in cl], pa.date32()),
            "data": [js(c) for c in cl], "dataset_id": [ds] * len(cl)})
        des = case.designations
        yield "designations", pa.table({
            "designation_id": [d.id for d in des], "actor_id": [d.actor for d in des], "list": [d.list for d in des],
            "listed_from": pa.array([d.listed_from for d in des], pa.date32()),
            "listed_to": pa.array([d.listed_to for d in des], pa.date32()),
            "data": [js(d) for d in des], "dataset_id": [ds] * len(des)})

    def _insert(self, table: str, rows: pa.Table) -> None:
        if rows.num_rows == 0:
            return
        # ``_incoming`` is found by DuckDB's replacement scan (a local Python variable of the frame that
        # calls ``execute``, :meth:`_insert_from`), not by ``con.register``: a registered table stays
        # referenced until the transaction ends, even after ``unregister``, so a bulk load would hold
        # every chunk's Arrow buffers until its commit (bench/bench_io.py: 2.8 GB at 10⁶ statements); a
        # replacement scan lets each chunk go.
        if table == "named_actors":
            self._insert_from("actors", "_incoming", rows.column_names, named_only=True, _incoming=rows)
        else:
            self._insert_from(table, "_incoming", rows.column_names, _incoming=rows)

    def _insert_from(self, table: str, source: str, columns: Iterable[str] | None = None, *,
                     ids_source: str | None = None, named_only: bool = False,
                     _incoming: pa.Table | None = None) -> int:
        """Insert the rows of ``source`` (a table or view with the target's column names) into ``table``
        (actors: a real actor replaces a placeholder, never the reverse; its dataset is noted —
        ``ids_source``, a lighter relation of the same ``actor_id, dataset_id``, saves re-reading a view).

        ``named_only`` (actors; ``source`` has a column ``kind_defaulted``): the rows only name their actors, as
        an edge list does. An actor the store holds keeps its record — names, identifiers, the BODS statement
        it came from — and takes the row's kind only where the file states one and the stored kind is a
        placeholder (``unknown``) or a default (:data:`~kingmaker.store.schema.KIND_DEFAULTED`); its record
        then belongs to this dataset, which states its kind. (Another stated kind was refused before:
        :meth:`_check_id_clashes`.) Replaced whole, a BODS actor lost its names, identifiers and statement.
        Returns the number of such stored records that took a kind (0 for other writes)."""
        merged = 0
        ids_source = ids_source or source
        if table == "actors":  # every column named: INSERT OR REPLACE would keep the ones it is not given
            target = keyed = "actor_id, kind, name, jurisdiction, data, dataset_id"
            if self._schema_version() >= 5:  # a row of the BODS lane refers to its statement; others carry their own
                own = _incoming.column_names if _incoming is not None else [
                    r[0] for r in self.con.execute(f"DESCRIBE {source}").fetchall()]
                keyed += ", statement_key" if "statement_key" in own else ", NULL::BIGINT"
                target += ", statement_key"
        try:
            if table == "actors" and not self.con.execute(
                    f"SELECT count(*) FROM {ids_source} WHERE actor_id IN (SELECT actor_id FROM actors)").fetchall()[0][0]:
                # none of them is in the store yet (the common bulk case): no replacing, no identifiers to drop
                self.con.execute(f"INSERT INTO actors ({target}) SELECT {keyed} FROM {source}")
                self.con.execute(f"INSERT INTO actor_datasets SELECT actor_id, dataset_id FROM {ids_source}")
            elif table == "actors" and named_only:
                # the record takes the kind and keeps the rest of its text, a statement's place included
                # (_record_as_kind; an unknown actor's unspecified reason, kept, broke every read of the store's actors:
                # a BODS party exempt from disclosure named by an edge list as a person)
                merged = self.con.execute(
                    f"""UPDATE actors SET kind = i.kind, dataset_id = i.dataset_id, data = {_record_as_kind("i.kind")}
                        FROM {source} i
                        WHERE actors.actor_id = i.actor_id AND NOT i.kind_defaulted AND i.kind <> 'unknown'
                          AND (actors.kind = 'unknown' OR EXISTS (
                              SELECT 1 FROM actor_kind_defaults d
                              WHERE d.actor_id = actors.actor_id AND d.dataset_id = actors.dataset_id))""").fetchall()[0][0]
                self.con.execute(f"""INSERT INTO actors ({target}) SELECT {keyed} FROM {source} i
                                     WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.actor_id = i.actor_id)""")
                self.con.execute(f"INSERT OR IGNORE INTO actor_datasets SELECT actor_id, dataset_id FROM {ids_source}")
            elif table == "actors":
                self.con.execute(
                    f"""INSERT OR REPLACE INTO actors ({target})
                       SELECT {keyed} FROM {source} i
                       WHERE i.kind <> 'unknown' OR NOT EXISTS (
                           SELECT 1 FROM actors a WHERE a.actor_id = i.actor_id AND a.kind <> 'unknown')"""
                )
                self.con.execute(
                    f"INSERT OR IGNORE INTO actor_datasets SELECT actor_id, dataset_id FROM {ids_source}"
                )
                self.con.execute(
                    f"DELETE FROM actor_identifiers WHERE actor_id IN (SELECT actor_id FROM {ids_source})"
                )
            else:
                if columns is None:
                    columns = [r[0] for r in self.con.execute(f"DESCRIBE {source}").fetchall()]
                cols = ", ".join(columns)
                if table == "actor_identifiers" and "value_key" not in columns:  # the compared form beside it
                    self.con.execute(f"INSERT INTO {table} ({cols}, value_key) SELECT {cols}, "
                                     f"{identifier_key_sql('value')} FROM {source}")
                else:  # relations are written to their table (``relations`` is a view of it: schema 6)
                    self.con.execute(f"INSERT INTO {WRITTEN_TO.get(table, table)} ({cols}) SELECT {cols} FROM {source}")
        except duckdb.ConstraintException as exc:
            raise UserError(f"duplicate id while writing {table}: {exc}") from None
        return merged

    # -- reading -----------------------------------------------------------------------------------
    def actor_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT actor_id FROM actors").fetchall()}

    def unrecorded_kind_defaults(self) -> list[Dataset]:
        """The edge lists loaded before the store recorded which kinds they only defaulted (schema 7)."""
        if self._schema_version() < 7:
            return []
        ids = [r[0] for r in self.con.execute("SELECT dataset_id FROM kind_defaults_unrecorded ORDER BY 1").fetchall()]
        return [d for d in map(self.dataset, ids) if d is not None]

    def _record_kind_defaults(self, dataset_id: str, stated: set[str]) -> None:
        """Record, inside a writing transaction (:meth:`write_streamed`'s ``kind_defaults``), that ``dataset_id`` (one
        of :meth:`unrecorded_kind_defaults`) defaulted the kind of each actor it vouches for but ``stated`` (the
        actors its file, read again as it was loaded, states a kind for)."""
        self.con.execute("""INSERT INTO actor_kind_defaults SELECT actor_id, dataset_id FROM actor_datasets v
                            WHERE dataset_id = ? AND actor_id NOT IN (SELECT unnest(?::VARCHAR[]))
                            AND NOT EXISTS (SELECT 1 FROM actor_kind_defaults k
                                            WHERE k.actor_id = v.actor_id AND k.dataset_id = v.dataset_id)""",
                         [dataset_id, sorted(stated)])
        self.con.execute("DELETE FROM kind_defaults_unrecorded WHERE dataset_id = ?", [dataset_id])

    def _unrecorded_kind_default(self, actor_id: str) -> Dataset | None:
        """The dataset of ``actor_id``'s record where it is one of :meth:`unrecorded_kind_defaults`."""
        if self._schema_version() < 7:
            return None
        row = self.con.execute("SELECT dataset_id FROM actors JOIN kind_defaults_unrecorded USING (dataset_id) "
                               "WHERE actor_id = ?", [actor_id]).fetchone()
        return self.dataset(row[0]) if row else None

    def actors_only_in(self, dataset_id: str) -> set[str]:
        """The actors no dataset but ``dataset_id`` vouches for: a load that replaces it takes them out before it
        writes the new version (unless another dataset names them, :meth:`_delete_dataset`), so the new version
        cannot rely on them being there."""
        if self.dataset(dataset_id) is None:
            return set()
        return {a for (a,) in self.con.execute(_ONLY_IN_DATASET.format("?"), [dataset_id]).fetchall()}

    def actors(self, kind: str | None = None, *, limit: int | None = None, offset: int = 0) -> list[Actor]:
        """Actors by id, optionally of one ``kind``, optionally one page (``limit`` of them from ``offset``)."""
        where, args = ("WHERE kind = ?", [kind]) if kind else ("", [])
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        return [Actor.model_validate_json(data) for data in self._stored_data(
            "actors", "actor_id", f"{where} ORDER BY actor_id{page}", args)]

    def actor(self, actor_id: str) -> Actor | None:
        held = self.__dict__.get("_held_actors")
        if held is not None:  # every actor of the store (:meth:`hold`)
            return held.get(actor_id)
        rows = self._stored_data("actors", "actor_id", "WHERE actor_id = ?", [actor_id])
        return Actor.model_validate_json(rows[0]) if rows else None

    def _stored_data(self, table: str, key: str, rest: str = "", args: list | None = None) -> list[str]:
        """The stored JSON of the rows of ``table`` that ``rest`` (WHERE, ORDER BY, LIMIT) picks, by ``key``; a row
        that keeps its BODS statement in ``statements`` gets it back, spliced in as
        :func:`~kingmaker.store.schema.with_statements` does in SQL (both from :data:`STATEMENT_SLOTS`). Here in
        Python after two index look-ups: faster than that SQL for a point read (the API's and the CLI's usual
        question: 3× at 10⁶ statements) and up to a hundred rows; the SQL one serves updates and whole tables,
        where it is the faster (measured in ``with_statements``)."""
        if table not in STATEMENT_SLOTS or self._schema_version() < 5:
            return [r[0] for r in self.con.execute(f"SELECT data FROM {table} {rest}", args or []).fetchall()]
        # two index look-ups (a join would scan the statements for a few rows): the rows, then their statements
        rows = self.con.execute(f"SELECT data, statement_key FROM {table} {rest}", args or []).fetchall()
        keys = [k for _, k in rows if k is not None]
        if not keys:
            return [data for data, _ in rows]
        value, close = STATEMENT_SLOTS[table]
        where, key_args = self._keys_in("s.statement_key", keys)
        found = dict(self.con.execute(f"SELECT s.statement_key, {value} FROM statements s WHERE {where}",
                                      key_args).fetchall())
        cut = len(STATEMENT_HOLE + close)
        return [data if k is None else data[:-cut] + found[k] + close for data, k in rows]

    def actors_by_id(self, actor_ids: Iterable[str]) -> list[Actor]:
        """The stored actors among ``actor_ids``, by id (ids not in the store are left out)."""
        return self._by_ids("actors", "actor_id", Actor, actor_ids)

    def find_actors(self, text: str, limit: int = 20) -> list[Actor]:
        """Actors that a register's search for ``text`` finds, by id: a name or alias with a word that begins
        with it (:func:`~kingmaker.model.ids.begins_a_word`: case, spaces and punctuation ignored — "open ai"
        finds "OpenAI, Inc." —, a capital inside a word starts one — "bank" finds "SoftBank" —, but "nam" does
        not find "staff in Amazon", whose words run together hold it only across a word's end), an id with
        ``text``'s words at the start of its own (:func:`~kingmaker.model.ids.id_words_sql_pattern`), or an
        identifier whose compared form begins with ``text``'s (leading zeros aside: "1234" finds "01234567").

        One pass in DuckDB over the name keys (``actor_names``), the ids and the identifiers. A key that holds
        the text elsewhere than at its start is a candidate whose names are read and checked — in Python for
        the first :data:`CHECKED_IN_PYTHON` by id that could still rank among the first ``limit``, and in DuckDB
        for the rest, where needed (a piece inside many names: "ing" of "Holdings")."""
        pattern = id_words_sql_pattern(text)
        if not pattern:  # no letter or digit: nothing a name begins with
            return []
        rows = self.con.execute(
            f"""WITH {self._actor_names()} hits AS MATERIALIZED (
                    SELECT actor_id, own_name, starts_with(lower(key), lower($key)) AS at_start FROM actor_names
                    WHERE whole AND first_word IS NOT NULL AND contains(lower(key), lower($key))),
                found AS MATERIALIZED (
                    (SELECT DISTINCT actor_id FROM hits WHERE at_start ORDER BY actor_id LIMIT $limit)
                    UNION (SELECT actor_id FROM actors WHERE contains(actor_id, lower($first))
                           AND regexp_matches(actor_id, $slug) ORDER BY actor_id LIMIT $limit)
                    UNION (SELECT DISTINCT actor_id FROM actor_identifiers WHERE $value <> ''
                           AND starts_with({self._identifier_key()}, $value) ORDER BY actor_id LIMIT $limit)
                    ORDER BY actor_id LIMIT $limit),
                maybe AS MATERIALIZED (
                    SELECT actor_id, bool_or(NOT own_name) AS aliased FROM hits WHERE NOT at_start
                    AND actor_id NOT IN (SELECT actor_id FROM found)
                    AND ((SELECT count(*) FROM found) < $limit OR actor_id < (SELECT max(actor_id) FROM found))
                    GROUP BY actor_id ORDER BY actor_id LIMIT $checked + 1)
                SELECT actor_id, NULL FROM found
                UNION ALL SELECT actor_id, [name] FROM actors
                          WHERE actor_id IN (SELECT actor_id FROM maybe WHERE NOT aliased)
                UNION ALL SELECT actor_id, list_transform(from_json(data->'$.names', '[{{"name": "VARCHAR"}}]'),
                                                          lambda n: n.name) FROM actors
                          WHERE actor_id IN (SELECT actor_id FROM maybe WHERE aliased)""",
            {"key": name_key(text), "first": name_words(text)[0], "slug": pattern,
             "value": identifier_value_key(text).lstrip("0"), "limit": limit, "checked": CHECKED_IN_PYTHON}).fetchall()
        candidates = sorted((a, names) for a, names in rows if names is not None)
        checked = candidates[:CHECKED_IN_PYTHON]
        ids = sorted({a for a, names in rows if names is None}
                     | {a for a, names in checked if any(begins_a_word(n, text) for n in names)})
        after = checked[-1][0] if checked else ""
        if len(candidates) > len(checked) and sum(a <= after for a in ids) < limit:  # the rest, in DuckDB
            ids = sorted({*ids, *self._names_beginning(text, after, limit)})
        return self.actors_by_id(ids[:limit])

    def _names_beginning(self, text: str, after: str, limit: int) -> list[str]:
        """The first ``limit`` actors after ``after`` (by id) with a name or alias whose words' key holds ``text``
        elsewhere than at its start and a word of which begins with it (:meth:`find_actors`), checked in DuckDB:
        :func:`~kingmaker.model.ids.begins_a_word_sql_pattern` costs milliseconds to compile, then little a name."""
        words = words_sql("n")
        return [r[0] for r in self.con.execute(
            f"""WITH {self._actor_names()} hits AS (
                    SELECT actor_id, bool_or(NOT own_name) AS aliased FROM actor_names
                    WHERE whole AND first_word IS NOT NULL AND contains(lower(key), lower($key))
                      AND NOT starts_with(lower(key), lower($key)) AND actor_id > $after GROUP BY actor_id),
                own AS MATERIALIZED (SELECT actor_id, name AS n FROM actors
                                     WHERE actor_id IN (SELECT actor_id FROM hits WHERE NOT aliased)),
                aliased AS MATERIALIZED (SELECT actor_id, data FROM actors
                                         WHERE actor_id IN (SELECT actor_id FROM hits WHERE aliased))
                SELECT actor_id FROM own WHERE regexp_matches({words}, $words)
                UNION ALL SELECT actor_id FROM aliased WHERE list_bool_or(list_transform(
                    from_json(data->'$.names', '[{{"name": "VARCHAR"}}]'), lambda m: regexp_matches({words_sql("m.name")}, $words)))
                ORDER BY actor_id LIMIT $limit""",
            {"key": name_key(text), "after": after, "words": begins_a_word_sql_pattern(text), "limit": limit}).fetchall()]

    def actors_by_name_keys(self, keys: Iterable[str], *, last_words: Iterable[str] = (), first_words: Iterable[str] = (),
                            kinds: Iterable[str] = ()) -> list[Actor]:
        """The actors a text may name, found in DuckDB without reading every actor into Python (``kingmaker
        extract --against``): actors with a name, alias or identifier whose key (:func:`~kingmaker.model.ids.name_key`)
        is in ``keys`` (a name also counts without its legal form: :data:`~kingmaker.model.legal_forms.LEGAL_SUFFIX`),
        persons with a name of two or more words whose last word is in ``last_words`` (a surname alone),
        organisations with a name of two or more words whose first word is in ``first_words``, and every actor
        of ``kinds``. By id; found through the ``actor_names`` table, not the actors' records.

        >>> Store(":memory:").actors_by_name_keys(["OpenAI"])
        []
        """
        keys, last, first, kinds = list(set(keys)), list(set(last_words)), list(set(first_words)), list(kinds)
        if not (keys or last or first or kinds):
            return []
        rows = self.con.execute(
            f"""WITH {self._actor_names()} wanted AS (SELECT unnest(?) AS k)
                SELECT actor_id FROM actor_names WHERE whole AND (key IN (SELECT k FROM wanted)
                   OR (kind = 'person' AND last_word IN (SELECT unnest(?)))
                   OR (kind NOT IN ('person', 'group') AND last_word IS NOT NULL AND first_word IN (SELECT unnest(?))))
                UNION SELECT actor_id FROM actors WHERE kind IN (SELECT unnest(?))""",
            [keys, last, first, kinds]).fetchall()
        return self.actors_by_id(r[0] for r in rows)

    def name_keys(self, keys: Iterable[str]) -> tuple[set[str], set[str]]:
        """Which of ``keys`` are the key (:func:`~kingmaker.model.ids.name_key`) of an actor's name, alias or
        identifier, and which the key of a name's first words (a name may go on: "OpenAI" of "OpenAI Global,
        LLC"): a text's names are found word by word without reading every name.

        >>> Store(":memory:").name_keys(["OpenAI"])
        (set(), set())
        """
        keys = list(set(keys))
        if not keys:
            return set(), set()
        rows = self.con.execute(
            f"""WITH {self._actor_names()} wanted AS (SELECT unnest(?) AS k)
                SELECT key, bool_or(whole), bool_or(NOT whole) FROM actor_names
                WHERE key IN (SELECT k FROM wanted) GROUP BY key""", [keys]).fetchall()
        return {k for k, whole, _ in rows if whole}, {k for k, _, part in rows if part}

    def _actor_names(self) -> str:
        """``actor_names`` for a ``WITH`` clause: the table (schema 3), or, in a store opened read-only before
        its migration, the same rows computed from the actors (:func:`~kingmaker.store.schema.name_rows_sql`).
        Rows still to be made (a BODS bulk load's: :data:`~kingmaker.store.schema.NAMES_PENDING`) are made now
        in a store open for writing (:meth:`build_name_index`), and in one opened read-only computed at its first name
        query into a temporary table of its connection."""
        if self._schema_version() < 3:
            return f"actor_names AS ({name_rows_sql()}),"
        if self._schema_version() < 9 or self.__dict__.get("_names_made") is False or not names_pending(self.con):
            if self.read_only:  # nothing to make in a store opened read-only stays so: asked once
                self.__dict__["_names_made"] = False
            return ""
        if not self.read_only:
            self.build_name_index()
            return ""
        if not self.__dict__.get("_names_made"):  # computed once per connection, into a table of its own
            with self.load_memory():  # bounded as the load that left them would have been
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE km_names_made AS {name_rows_sql(NAMES_PENDING)}")
            self.__dict__["_names_made"] = True
        return (f"actor_names AS (SELECT * FROM main.actor_names WHERE NOT {NAMES_PENDING} "
                "UNION ALL SELECT * FROM temp.km_names_made),")

    def build_name_index(self) -> None:
        """Make the rows of the name index (``actor_names``) that a load left to be made later (a BODS bulk load's:
        :func:`~kingmaker.store.schema.build_pending_names`), in a transaction of its own unless one is open. The
        store does this itself on its next opening for writing or reading (``"shared"``) and before its first name
        query; a caller reading ``actor_names`` directly calls it first."""
        if self.read_only or self._schema_version() < 9 or not names_pending(self.con):
            return
        try:
            self.con.execute("BEGIN TRANSACTION")
        except duckdb.TransactionException:  # inside the caller's transaction: its commit keeps them
            build_pending_names(self.con)
            return
        try:
            build_pending_names(self.con)
            self.con.execute("COMMIT")
        except BaseException:
            _rollback(self.con)
            raise

    def _index_names(self, dataset_id: str | None = None, *, own_name_only: bool = False, later: bool = False) -> None:
        """Bring ``actor_names`` up to date with the actors table: drop the rows of actors gone, and rewrite
        those of ``dataset_id``'s actors (just written: a real actor may have replaced a placeholder).
        ``own_name_only``: the dataset's writer vouches that each actor row it wrote holds one name, its ``name``
        column (the edge-list bulk lane); only those rows (the actor rows now of ``dataset_id``) are rewritten,
        from that column — an actor of the dataset whose stored row it left as it was keeps its rows, which the
        same rules computed from the same record. ``later`` (the BODS bulk lane): the rows of the dataset's actors
        are dropped now and made on the store's next opening or first name query (:meth:`build_name_index`), not
        in the load (a 10⁶-statement BODS load: ~6 CPU-s; see ``bench_io.by-hand``)."""
        self.con.execute("DELETE FROM actor_names WHERE actor_id NOT IN (SELECT actor_id FROM actors)")
        if dataset_id is None:
            return
        mine = ("dataset_id = ?" if own_name_only else
                "actor_id IN (SELECT actor_id FROM actor_datasets WHERE dataset_id = ?)")
        self.con.execute(f"DELETE FROM actor_names WHERE actor_id IN (SELECT actor_id FROM actors WHERE {mine})"
                         if own_name_only else f"DELETE FROM actor_names WHERE {mine}", [dataset_id])
        if later:
            self.con.execute("INSERT OR IGNORE INTO actor_names_pending VALUES (?)", [dataset_id])
            return
        self.con.execute("INSERT INTO actor_names " + name_rows_sql(mine, own_name_only=own_name_only), [dataset_id])

    def organisations_by_first_word(self, first_keys: Iterable[str]) -> list[Actor]:
        """Organisations (not persons or groups) whose name's first word has a key (:func:`~kingmaker.model.ids.name_key`)
        in ``first_keys``: a name's family ("OpenAI, Inc.", "OpenAI Global, LLC", "OpenAI Group PBC"). By id."""
        first = list(set(first_keys))
        if not first:
            return []
        rows = self.con.execute(
            f"""WITH {self._actor_names()} wanted AS (SELECT unnest(?) AS k)
                SELECT DISTINCT actor_id FROM actor_names WHERE whole AND own_name AND kind NOT IN ('person', 'group')
                   AND {name_key_sql("first_word")} IN (SELECT k FROM wanted)""", [first]).fetchall()
        return self.actors_by_id(r[0] for r in rows)

    def suggest_actors(self, text: str, limit: int = 5) -> list[Actor]:
        """Actors whose id, name, alias, a name's first words or last word, or identifier is *close* to
        ``text`` (a typo: ``microsft``), best first — for "did you mean" hints when :meth:`find_actors` finds
        nothing.

        Close: a Jaro–Winkler similarity of at least :data:`SUGGEST_SIMILARITY` (W. E. Winkler, "String
        Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter Model of Record Linkage", 1990:
        made for names, typos and swapped letters count little, a shared beginning counts more). Computed in
        DuckDB over the ids and the names' keys (``actor_names``): one pass over two narrow columns, no
        actor record read but those suggested — a tenth of a second on a million actors, where comparing every
        name in Python took half a minute.

        >>> Store(":memory:").suggest_actors("microsft")
        []
        """
        wanted = text.strip().lower()
        if not wanted or len(wanted) > MAX_SUGGEST_CHARS:  # no name is that long
            return []
        key = name_key(wanted).lower()
        rows = self.con.execute(
            f"""WITH {self._actor_names()} scored AS (
                    SELECT actor_id, jaro_winkler_similarity(lower(actor_id), ?) AS s FROM actors
                    UNION ALL SELECT actor_id, greatest(jaro_winkler_similarity(lower(key), ?),
                                                        coalesce(jaro_winkler_similarity(lower(last_word), ?), 0))
                              FROM actor_names)
                SELECT actor_id, max(s) AS best FROM scored WHERE s >= ? GROUP BY actor_id
                ORDER BY best DESC, actor_id LIMIT ?""",
            [wanted, key or wanted, wanted, SUGGEST_SIMILARITY, limit]).fetchall()
        found = {a.id: a for a in self.actors_by_id(r[0] for r in rows)}
        return [found[r[0]] for r in rows if r[0] in found]

    def relations(self, *, actor: str | None = None, as_of: date | None = None,
                  kinds: Iterable[str] | None = None, into: Iterable[str] | None = None) -> list[Relation]:
        """Relations, optionally touching ``actor``, valid on ``as_of``, of ``kinds``, into (held in) one of
        the actors ``into``; by relation id.

        Validity is half-open: valid_from ≤ as_of < valid_to (docs/case-format.md). A store given every
        relation it holds (:meth:`hold`) answers a question about ``actor`` or ``into`` from them.
        """
        if (actor is not None or into is not None) and "_held_by_subject" in self.__dict__:
            return self._held_relations(actor, as_of, kinds, into)
        return [Relation.model_validate_json(data)
                for data in self.relation_rows(actor=actor, as_of=as_of, kinds=kinds, into=into)]

    def relation_rows(self, *, actor: str | None = None, as_of: date | None = None,
                      kinds: Iterable[str] | None = None, into: Iterable[str] | None = None) -> list[str]:
        """The stored JSON of :meth:`relations` (same filters, same order), without building models.

        An actor's ties are two index lookups, one on ``holder_id`` and one on ``subject_id``, joined by
        ``UNION``: one ``holder_id = ? OR subject_id = ?`` condition cannot use either index and scans the
        table (bench/bench_questions.py measures both)."""
        clauses, args = [], []
        if into is not None:
            where, keys = self._keys_in("subject_id", sorted(set(into)))
            clauses.append(where)
            args += keys
        if as_of is not None:
            clauses.append("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)")
            args += [as_of, as_of]
        if kinds is not None:  # a list of values: ``IN (SELECT unnest(?))`` costs a lookup 1–1.5 ms more
            kinds = [str(k.value if hasattr(k, "value") else k) for k in kinds]
            if not kinds:
                return []
            where, keys = self._keys_in("kind", kinds)
            clauses.append(where)
            args += keys
        if actor is None:
            where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
            sql = f"SELECT data FROM relations{where} ORDER BY relation_id"
        else:
            rest = "".join(f" AND {c}" for c in clauses)
            sql = (f"SELECT data FROM (SELECT relation_id, data FROM relations WHERE holder_id = ?{rest} "
                   f"UNION SELECT relation_id, data FROM relations WHERE subject_id = ?{rest}) ORDER BY relation_id")
            args = [actor, *args, actor, *args]
        return [r[0] for r in self.con.execute(sql, args).fetchall()]

    #: a lookup of at most this many keys names them in an ``IN (?, ?, …)`` list, which DuckDB answers
    #: from the column's index; more are joined from one list parameter (``IN (SELECT unnest(?))``), a scan
    #: of the table — the faster of the two above about 1,000 keys, and 3–8× slower from a few dozen up
    #: to a few hundred (10⁶-tie store, bench/bench_questions.py)
    IN_LIST = 1000

    @classmethod
    def _keys_in(cls, column: str, keys: list) -> tuple[str, list]:
        """``column IN …`` for ``keys`` (see :data:`IN_LIST`) and its parameters."""
        if len(keys) <= cls.IN_LIST:
            return f"{column} IN ({', '.join('?' * len(keys))})", list(keys)
        return f"{column} IN (SELECT unnest(?))", [list(keys)]

    def upstream_relations(self, actor_id: str | Iterable[str], as_of: date, through: Iterable[str],
                           also: Iterable[str] = (), *, walked: set[str] | None = None) -> list[Relation]:
        """The relations valid on ``as_of`` into ``actor_id`` or into any actor *upstream* of it — one from
        which a chain of ``through`` ties leads to it — of the kinds ``through`` and ``also`` (``also`` ties
        are read, not followed). Ordered by relation id. ``actor_id`` may be several actors (one walk from
        all of them). ``walked``: the actors whose ties an earlier walk has read — not read again, nor walked
        through — to which this walk adds its own, so that a walk continued from new actors reads nothing twice.

        What a question about one company needs, and nothing else: the walk goes up one level of holders
        at a time, each level one lookup of its actors on the indexed ``subject_id`` column
        (bench/bench_questions.py measures it against one recursive query, which scans the table at every
        level), and only the rows found become model objects. A store given every relation it holds
        (:meth:`hold`) walks them in memory instead."""
        through = list(dict.fromkeys(through))
        kinds = list(dict.fromkeys([*through, *also]))
        follow = set(through)
        rows: dict[str, str | Relation] = {}
        seen = walked if walked is not None else set()
        level = sorted(({actor_id} if isinstance(actor_id, str) else set(actor_id)) - seen)
        seen.update(level)
        while level:
            found = self._ties_into(level, kinds, as_of)
            rows.update((rid, data) for rid, _, _, data in found)
            level = sorted({holder for _, holder, kind, _ in found if kind in follow} - seen)
            seen.update(level)
        return [r if isinstance(r := rows[rid], Relation) else Relation.model_validate_json(r) for rid in sorted(rows)]

    def _ties_into(self, subjects: list[str], kinds: list, as_of: date) -> list[tuple]:
        """(relation id, holder, kind, stored JSON or the relation held) of the relations of ``kinds`` valid on
        ``as_of`` into ``subjects``: one lookup on ``subject_id``, or the relations held in memory (:meth:`hold`)."""
        held = self.__dict__.get("_held_by_subject")
        if held is not None:
            wanted = {str(getattr(k, "value", k)) for k in kinds}
            return [(r.id, r.holder, r.kind.value, r) for s in subjects for r in held.get(s, ())
                    if r.kind.value in wanted and r.valid_on(as_of)]
        where, args = self._keys_in("subject_id", subjects)
        marks = ", ".join("?" * len(kinds))
        return self.con.execute(
            f"""SELECT relation_id, holder_id, kind, data FROM relations WHERE {where} AND kind IN ({marks})
                AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)""",
            [*args, *kinds, as_of, as_of]).fetchall()

    def _held_relations(self, actor: str | None, as_of: date | None, kinds: Iterable[str] | None,
                        into: Iterable[str] | None) -> list[Relation]:
        """:meth:`relations` touching ``actor`` or into ``into`` from the relations held (:meth:`hold`)."""
        by_subject, by_holder = self.__dict__["_held_by_subject"], self.__dict__["_held_by_holder"]
        if into is not None:
            found = [r for s in set(into) for r in by_subject.get(s, ())]
            if actor is not None:
                found = [r for r in found if actor in (r.holder, r.subject)]
        else:
            found = list({r.id: r for r in (*by_holder.get(actor, ()), *by_subject.get(actor, ()))}.values())
        if kinds is not None:
            wanted = {str(getattr(k, "value", k)) for k in kinds}
            found = [r for r in found if r.kind.value in wanted]
        if as_of is not None:
            found = [r for r in found if r.valid_on(as_of)]
        return sorted(found, key=lambda r: r.id)

    def hold(self, relations: Iterable[Relation], actors: Mapping[str, Actor] | None = None,
             evidence: Mapping[str, Evidence] | None = None, sources: Mapping[str, Source] | None = None) -> None:
        """Keep ``relations`` — every relation this store holds, as read from it (a server's timeline of every
        tie, :meth:`timeline`) — indexed by subject and by holder, so that walks upstream
        (:meth:`upstream_relations`) read them from memory instead of one query per level of holders, and so
        do an actor's ties (:meth:`relations` with ``actor`` or ``into``); with them each relation's dataset
        (:meth:`relation_provenance`) and which actors share an identifier (:meth:`actors_sharing_identifiers`),
        read once. ``actors``, ``evidence``, ``sources``: records as read from this store, by id (every actor;
        the evidence and sources the relations cite), which point reads (:meth:`actor`, :meth:`actors_by_id`,
        :meth:`evidence`, :meth:`sources`) then take from memory where they hold every id asked for. A point
        query costs ~0.5–1 ms of DuckDB CPU however small (bench/bench_api.py: the API's cold questions made
        3–6 of them each). Only for a store opened read-only: nobody changes it while it is open (a writer
        puts another file in its place, opened anew)."""
        if not self.read_only:
            raise KingmakerError("only a store opened read-only can hold its relations in memory")
        relations = tuple(relations)
        for table, held in (("actors", actors), ("evidence", evidence), ("sources", sources)):
            if held is not None:
                self.__dict__[f"_held_{table}"] = held
        self.__dict__["_held_provenance"] = self._read_provenance(relations)
        self.__dict__["_held_identifiers"] = self._read_identifier_sharing()
        by_subject: dict[str, list[Relation]] = {}
        by_holder: dict[str, list[Relation]] = {}
        for r in relations:
            by_subject.setdefault(r.subject, []).append(r)
            by_holder.setdefault(r.holder, []).append(r)
        self.__dict__["_held_by_holder"] = {k: tuple(v) for k, v in by_holder.items()}
        self.__dict__["_held_by_subject"] = {k: tuple(v) for k, v in by_subject.items()}

    def _read_provenance(self, relations: tuple[Relation, ...]) -> dict[str, str]:
        """Each relation's dataset, keyed by the held relations' own ids (no second copy of a million ids)."""
        table = self._arrow("SELECT relation_id, dataset_id FROM relation_rows" if self._schema_version() >= 6
                            else "SELECT relation_id, dataset_id FROM relations")
        found = dict(zip(table.column("relation_id").to_pylist(), table.column("dataset_id").to_pylist()))
        datasets: dict = {}
        return {r.id: datasets.setdefault(found[r.id], found[r.id]) for r in relations if r.id in found}

    def _read_identifier_sharing(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """(each actor with an identifier: its compared values; each compared value: the actors that hold it) —
        what :meth:`actors_sharing_identifiers`' self-join reads, read once. Kept per value, not per pair of actors
        sharing one: a value many actors hold (a register's ``N/A``) is one entry of them, not their square."""
        key = self._identifier_key()
        values_of: dict[str, list[str]] = {}
        holders: dict[str, list[str]] = {}
        for actor, value in self.con.execute(
                f"SELECT DISTINCT actor_id, {key} FROM actor_identifiers WHERE {key} <> ''").fetchall():
            values_of.setdefault(actor, []).append(value)
            holders.setdefault(value, []).append(actor)
        return {a: tuple(v) for a, v in values_of.items()}, {k: tuple(v) for k, v in holders.items()}

    def ownership_columns(self, as_of: date, kinds: Iterable[str], *, ends: bool = False) -> pa.Table:
        """The ties of ``kinds`` valid on ``as_of`` as Arrow columns — ``holder_id``, ``subject_id``, ``kind``,
        ``share_low``, ``share_high`` (percent, null when unstated) — without reading their JSON: what
        whole-register measures build their graph from. ``ends``: also ``low_exclusive`` and
        ``high_exclusive`` (a band's open ends, read from the share's JSON), for tests on bands."""
        extra = (""", coalesce(NOT (data->'$.share'->>'lower_inclusive')::BOOLEAN, false) AS low_exclusive,
                      coalesce(NOT (data->'$.share'->>'upper_inclusive')::BOOLEAN, false) AS high_exclusive"""
                 if ends else "")
        return self._arrow(
            f"""SELECT holder_id, subject_id, kind, share_low::DOUBLE AS share_low, share_high::DOUBLE AS share_high{extra}
               FROM relations WHERE kind IN (SELECT unnest(?))
                 AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)""",
            [list(kinds), as_of, as_of])

    def has_indirect_interests(self, as_of: date, kinds: Iterable[str]) -> bool:
        """Whether a tie of ``kinds`` valid on ``as_of`` is an indirect interest (BODS ``directOrIndirect:
        indirect``), which restates or stands in for a chain and so cannot be read as a plain column."""
        return self.con.execute(
            """SELECT EXISTS (SELECT 1 FROM relations WHERE kind IN (SELECT unnest(?))
                 AND data->>'$.direct' = 'false'
                 AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?))""",
            [list(kinds), as_of, as_of]).fetchone()[0]

    def actor_kinds(self, *, names: bool = False) -> pa.Table:
        """Every actor's ``actor_id`` and ``kind`` (and ``name``, with ``names``), as Arrow columns."""
        return self._arrow(f"SELECT actor_id, kind{', name' if names else ''} FROM actors")

    def _arrow(self, sql: str, params: list | None = None) -> pa.Table:
        """A query's rows as one Arrow table, read on a cursor of its own (an open ``execute`` result on the
        main connection does not block it, and the rows are not copied through the DB-API)."""
        import pyarrow  # noqa: F401 (DuckDB's Arrow output needs it loaded)

        cur = self.con.cursor()
        try:
            return cur.sql(sql, params=params).to_arrow_table()
        finally:
            cur.close()

    def relation_provenance(self, relation_ids: Iterable[str]) -> dict[str, str]:
        """The dataset of each of ``relation_ids`` that the store holds."""
        ids = list(relation_ids)
        if not ids:
            return {}
        held = self.__dict__.get("_held_provenance")
        if held is not None and all(i in held for i in ids):
            return {i: held[i] for i in ids}
        return dict(self.con.execute(
            "SELECT relation_id, dataset_id FROM relations WHERE relation_id IN (SELECT unnest(?))", [ids]
        ).fetchall())

    def _has_events(self) -> bool:
        """Whether the store holds an event (registers hold none: only case files bring them); asked once by a
        store opened read-only, which nobody changes under it."""
        found = self.__dict__.get("_events_held")
        if found is None:
            found = self.con.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]
            if self.read_only:
                self.__dict__["_events_held"] = found
        return found

    def evidence(self, ids: Iterable[str] | None = None) -> list[Evidence]:
        return self._by_ids("evidence", "evidence_id", Evidence, ids)

    def evidence_ids(self, dataset_ids: Iterable[str]) -> set[str]:
        """The ids of every piece of evidence the datasets brought, cited by a relation or not."""
        rows = self.con.execute("SELECT evidence_id FROM evidence WHERE dataset_id IN (SELECT unnest(?))",
                                [list(dataset_ids)]).fetchall()
        return {r[0] for r in rows}

    def sources(self, ids: Iterable[str] | None = None) -> list[Source]:
        return self._by_ids("sources", "source_id", Source, ids)

    def events(self, *, actor: str | None = None) -> list[Event]:
        if actor is not None and not self._has_events():
            return []
        if actor is None:
            rows = self.con.execute("SELECT data FROM events ORDER BY date, event_id").fetchall()
        else:
            rows = self.con.execute(
                """SELECT data FROM events WHERE event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)
                   ORDER BY date, event_id""", [actor]).fetchall()
        return [Event.model_validate_json(r[0]) for r in rows]

    def designations(self, *, as_of: date | None = None, actor: str | None = None,
                     lists: Iterable[str] | None = None) -> list[Designation]:
        """Designations, optionally in force on ``as_of`` (``listed_from ≤ as_of < listed_to``), of
        ``actor``, on ``lists``."""
        clauses, args = [], []
        if as_of is not None:
            clauses.append("(listed_from IS NULL OR listed_from <= ?) AND (listed_to IS NULL OR listed_to > ?)")
            args += [as_of, as_of]
        if actor is not None:
            clauses.append("actor_id = ?")
            args.append(actor)
        if lists is not None:
            clauses.append("list IN (SELECT unnest(?))")
            args.append(list(lists))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.con.execute(f"SELECT data FROM designations{where} ORDER BY designation_id", args).fetchall()
        return [Designation.model_validate_json(r[0]) for r in rows]

    def actors_by_identifier(self, values: Iterable[str]) -> dict[str, list[str]]:
        """Actor ids by identifier value, for references written bare (``5493001KJTIIGC8Y1R12``) or as
        ``SCHEME:value`` (``LEI:5493001KJTIIGC8Y1R12``); a value may match several actors."""
        values = list(values)
        if not values:
            return {}
        rows = self.con.execute(
            """SELECT q.ref, i.actor_id FROM (SELECT unnest(?) AS ref) q JOIN actor_identifiers i
               ON i.value = q.ref OR (i.scheme || ':' || i.value) = q.ref ORDER BY q.ref, i.actor_id""",
            [values]).fetchall()
        out: dict[str, list[str]] = {}
        for ref, actor in rows:
            if actor not in out.setdefault(ref, []):
                out[ref].append(actor)
        return out

    def claims(self) -> list[Claim]:
        rows = self.con.execute("SELECT data FROM claims ORDER BY date, claim_id").fetchall()
        return [Claim.model_validate_json(r[0]) for r in rows]

    def _by_ids(self, table: str, key: str, model, ids: Iterable[str] | None):
        if ids is None:
            rows = self._stored_data(table, key, f"ORDER BY {key}")
        else:
            wanted = list(ids)
            if not wanted:
                return []
            held = self.__dict__.get(f"_held_{table}")
            if held is not None and all(i in held for i in wanted):  # (:meth:`hold`) in key order, as below
                return [held[i] for i in sorted(set(wanted))]
            where, args = self._keys_in(key, wanted)
            rows = self._stored_data(table, key, f"WHERE {where} ORDER BY {key}", args)
        return [model.model_validate_json(data) for data in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("datasets", "actors", "relations", "events", "evidence", "sources", "claims", "designations")}

    def share_overflows(self, dataset_ids: Iterable[str], limit: int = 20) -> list["ShareOverflow"]:
        """Subjects touched by ``dataset_ids`` whose certain (lower) shares of one ownership kind cannot all
        hold on some day — over 100 %, or exactly 100 % with an exclusive lower end (two holders of
        "(50 %, 75 %]") — as the ownership graph finds them (it widens such a subject's holdings and says so).
        Indirect interests (BODS ``directOrIndirect: indirect``) are left out: they restate shares held
        through the direct holders already counted; a joint holding registered against each member of a firm
        or trust (UK PSC "…-as-firm", "…-as-trust") counts once (:func:`kingmaker.model.consistency.joint_key`).
        One sweep per subject and kind over its starts and (exclusive) ends; each overflow names the first
        day it happens, the total then and the relations that make it up (largest first)."""
        from kingmaker.model.kinds import OWNERSHIP_KINDS

        ids = list(dataset_ids)
        if not ids:
            return []
        kinds = ", ".join(f"'{k}'" for k in OWNERSHIP_KINDS)
        marks = ", ".join("?" * len(ids))
        from kingmaker.model.consistency import JOINT_CODES

        # Each JSON path below is read only from rows whose text could hold what it looks for (parsing every
        # row's JSON several times was most of this query on a 10⁶-edge load): a field that reads ``false``
        # has the text ``false`` in the row, and a joint code its own text (codes are plain ASCII, which no
        # writer of the store escapes)
        joint_code = " OR ".join(f"(contains(data, '{mark}') AND contains(data->>'$.interest_type', '{mark}'))"
                                 for mark in JOINT_CODES)
        false_at = lambda path: f"CASE WHEN contains(data, 'false') THEN {path} = 'false' ELSE FALSE END"  # noqa: E731
        held = f"""kind IN ({kinds}) AND (share_low > 0 OR {false_at("data->'$.share'->>'lower_inclusive'")})
                  AND NOT {false_at("coalesce(data->>'$.direct', '')")}"""  # an indirect interest summarises held shares
        # Only a subject and kind whose lower shares of all time add up to over 100 %, or to 100 % with a row that
        # may have an exclusive lower end (its JSON holds ``false``), can overflow on a day (what ``held`` leaves out
        # only lowers the sum): the rows' JSON is read for those alone. They are chosen on ``relation_rows``' own
        # columns: a row stored without JSON (schema 6) is read from its tail — every field read here follows the
        # subject —, not from the JSON the ``relations`` view rebuilds for every row before a join (after a 10⁶-edge
        # load, under its memory limit: 1.9 s of CPU, 600 MiB, its 151,293 subjects held 100 % by one holder read in
        # full; now 0.5 s, 250 MiB, none)
        table = "relation_rows" if self._schema_version() >= 6 else "(SELECT *, NULL AS data_tail FROM relations)"
        groups = f"""SELECT subject_id, kind FROM {table} WHERE kind IN ({kinds})
                       AND subject_id IN (SELECT subject_id FROM {table} WHERE dataset_id IN ({marks}))
                     GROUP BY ALL HAVING sum(share_low) > 100 OR (sum(share_low) = 100 AND
                                         bool_or(contains(coalesce(data_tail, CAST(data AS VARCHAR)), 'false')))"""
        # none (the common case) is known from narrow columns alone; the sweep below, even over no candidates,
        # reads the table once per reference to them (DuckDB 2.0.1: 1.2 s more CPU under a load's memory limit)
        if not self.con.execute(f"SELECT EXISTS ({groups})", ids).fetchall()[0][0]:
            return []
        rows = self.con.execute(f"""
            WITH candidates AS MATERIALIZED (
                SELECT relation_id, subject_id, kind, valid_from, valid_to, share_low,
                       coalesce(CAST(data AS VARCHAR), '{{' || {relation_tail_sql()}) AS data
                FROM {table} SEMI JOIN ({groups}) USING (subject_id, kind)),
            base AS (
                SELECT relation_id, subject_id, kind, coalesce(valid_from, DATE '0001-01-01') AS start, valid_to,
                       share_low, {false_at("data->'$.share'->>'lower_inclusive'")} AS low_x,
                       CASE WHEN {joint_code}
                            THEN concat_ws('|', data->>'$.interest_type', CAST(data->'$.share' AS VARCHAR), valid_from,
                                           valid_to) END AS joint
                FROM candidates WHERE {held}),
            r AS (SELECT * FROM base WHERE joint IS NULL  -- a joint holding once, whichever member it is registered against
                  UNION ALL SELECT * FROM base WHERE joint IS NOT NULL
                  QUALIFY row_number() OVER (PARTITION BY subject_id, kind, joint ORDER BY relation_id) = 1),
            -- only where the lower shares of all time add up to 100 % or more can a day's total reach it
            whole AS (SELECT * FROM r SEMI JOIN (SELECT subject_id, kind FROM r GROUP BY ALL HAVING sum(share_low) >= 100)
                     USING (subject_id, kind)),
            ev AS (SELECT subject_id, kind, start AS day, share_low AS delta, low_x::INT AS x FROM whole
                   UNION ALL SELECT subject_id, kind, valid_to, -share_low, -(low_x::INT) FROM whole WHERE valid_to IS NOT NULL),
            daily AS (SELECT subject_id, kind, day, sum(delta) AS delta, sum(x) AS x FROM ev GROUP BY ALL),
            run AS (SELECT subject_id, kind, day, sum(delta) OVER w AS total, sum(x) OVER w AS exclusive FROM daily
                    WINDOW w AS (PARTITION BY subject_id, kind ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
            bad AS (SELECT *, total > 100 OR (total = 100 AND exclusive > 0) AS infeasible FROM run)
            SELECT subject_id, kind, arg_min(day, day) FILTER (WHERE infeasible),
                   arg_min(total, day) FILTER (WHERE infeasible), arg_min(total = 100, day) FILTER (WHERE infeasible)
            FROM bad GROUP BY subject_id, kind HAVING bool_or(infeasible)
            ORDER BY subject_id, kind LIMIT {int(limit) + 1}""", ids).fetchall()
        out = []
        for subject, kind, day, total, strict in rows:
            members = self.con.execute(
                f"SELECT relation_id, share_low, dataset_id, CASE WHEN valid_from = $3 THEN "
                f"coalesce(data->'$.validity'->>'from_precision', 'day') END FROM relations WHERE subject_id = $1 "
                f"AND {held} AND kind = $2 AND coalesce(valid_from, DATE '0001-01-01') <= $3 "
                "AND (valid_to IS NULL OR valid_to > $3) ORDER BY share_low DESC, relation_id", [subject, kind, day]
            ).fetchall()
            # the day as the sources date it: the finest precision of the relations that start on it
            precision = min((m[3] for m in members if m[3]), key=("day", "month", "year").index, default="day")
            out.append(ShareOverflow(subject, kind, None if day == date(1, 1, 1) else day, float(total),
                                     [(m[0], float(m[1]), m[2]) for m in members], bool(strict), precision))
        return out

    def _bump_version(self) -> None:
        """Count a change (inside the writing transaction): what is derived from the store and kept — the
        graphs cached on disk (:mod:`kingmaker.store.derived`) — is keyed by :meth:`version`. The store also
        gets an id of its own, so that a new store at the same path never reads an old one's cache."""
        import uuid

        row = self.con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', ?)", [str(int(row[0]) + 1 if row else 1)])
        self.con.execute("INSERT OR IGNORE INTO meta VALUES ('store_id', ?)", [uuid.uuid4().hex])

    def version(self) -> tuple[str, int] | None:
        """(the store's id, how many changes it has had) — ``None`` for a store no Kingmaker that counts
        changes has written to yet (nothing derived from it is then kept)."""
        rows = dict(self.con.execute("SELECT key, value FROM meta WHERE key IN ('store_id', 'data_version')").fetchall())
        if "store_id" not in rows:
            return None
        return rows["store_id"], int(rows.get("data_version", 0))

    def fingerprint(self) -> str:
        """A hash of every data row (not load times): equal fingerprints mean equal contents."""
        h = hashlib.sha256()
        for table, key in (("actors", "actor_id"), ("relations", "relation_id"), ("events", "event_id"),
                           ("evidence", "evidence_id"), ("sources", "source_id"), ("claims", "claim_id"),
                           ("designations", "designation_id"),
                           ("actor_identifiers", "actor_id, scheme"), ("actor_datasets", "actor_id, dataset_id")):
            for row in self.table_rows(table, key):
                h.update(repr(row).encode())
        for row in self.con.execute("SELECT dataset_id, sha256 FROM datasets ORDER BY dataset_id").fetchall():
            h.update(repr(row).encode())
        if self._schema_version() >= 5:  # the statements kept once (their keys aside: the order they were loaded in)
            for row in self.con.execute("SELECT dataset_id, statement_id, data FROM statements "
                                        "ORDER BY dataset_id, statement_id, data").fetchall():
                h.update(repr(row).encode())
        return h.hexdigest()

    def table_rows(self, table: str, order: str) -> list[tuple]:
        """Every row of ``table`` in ``order`` with the columns it had in schema 4: a row of actors or evidence
        that keeps its BODS statement in ``statements`` has it back in ``data``, as it held it before."""
        if table not in STATEMENT_SLOTS or self._schema_version() < 5:
            return self.con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        columns = [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "statement_key"]
        return self.con.execute(with_statements(table, columns, "", f"ORDER BY {order}")).fetchall()

    # -- snapshots ---------------------------------------------------------------------------------
    def snapshot(self, as_of: date | None = None, known_as_of: date | None = None):
        """The immutable graph valid on ``as_of`` (default: today), as known on ``known_as_of``
        (default: everything recorded; see :mod:`kingmaker.model.knowledge`).

        The snapshot carries, for each tie with an end date, the day that end was published, so a
        forward-looking judgement ("lasting") on ``as_of`` does not use an end announced later."""
        from kingmaker.model.snapshot import Snapshot

        day = as_of or date.today()
        _, relations, notes = self._known_relations(known_as_of, day=day)
        relations = [r for r in relations if r.valid_on(day)] if known_as_of is not None else relations
        parts = self._snapshot_parts(relations, self.designations(as_of=day))
        snap = Snapshot.build(day, parts["actors"], relations, parts["evidence"], parts["sources"],
                              parts["ends_known"], notes, known_as_of, designations=parts["designations"])
        resolution = parts["resolution"]
        return merged_snapshot(snap, resolution) if resolution else snap

    def timeline(self, known_as_of: date | None = None):
        """Every tie on record as known on ``known_as_of``, read once: a
        :class:`~kingmaker.model.snapshot.Timeline` whose ``on(day)`` answers as :meth:`snapshot` does on
        that day, for what asks about many dates (since when a verdict has held)."""
        from kingmaker.model.identity import merged_parts
        from kingmaker.model.snapshot import Timeline

        recorded, relations, notes = self._known_relations(known_as_of, every=True)
        parts = self._snapshot_parts(relations, self.designations())
        actors, designations, resolution = parts["actors"], parts["designations"], parts["resolution"]
        if resolution:
            actors, relations, designations = merged_parts(actors, relations, designations, resolution)
        return Timeline(actors, relations, parts["evidence"], parts["sources"], parts["ends_known"], notes,
                        known_as_of, designations, resolution or None, recorded)

    def _known_relations(self, known_as_of: date | None, *, every: bool = False, day: date | None = None):
        """(every relation as stored — read only when needed —, the relations as known on ``known_as_of``,
        the notes on what was left out)."""
        from kingmaker.model.knowledge import known_view

        if known_as_of is None:
            if every:
                relations = self.relations()
                return relations, relations, []
            return (), self.relations(as_of=day), []
        every_rel = self.relations()
        ev_all = {e.id: e for e in self.evidence({e for r in every_rel for e in r.evidence}
                                                 | {e for x in self.events() for e in x.evidence})}
        src_all = {s.id: s for s in self.sources({e.source for e in ev_all.values()})}
        view = known_view(every_rel, ev_all, src_all, {x.id: x for x in self.events()}, known_as_of)
        notes = view.warnings + ([f"{len(view.left_out)} relation(s) left out: nothing about them had been "
                                  f"published by {known_as_of}"] if view.left_out else [])
        return every_rel, list(view.relations), notes

    def _snapshot_parts(self, relations, designations) -> dict:
        """What a snapshot of ``relations`` carries besides them: every actor, the evidence and sources the
        relations and ``designations`` cite, the day each end was published, the identity resolution."""
        from kingmaker.model.knowledge import end_known_on

        actors = self.actors()
        ev_ids = {e for r in relations for e in r.evidence}
        ev_ids |= {e for d in designations for e in d.evidence}
        ended = [r for r in relations if r.valid_to is not None]
        ended_by = {r.ended_by for r in ended if r.ended_by}
        events = {x.id: x for x in self._by_ids("events", "event_id", Event, ended_by)} if ended_by else {}
        ev_ids |= {e for r in ended if r.ended_by in events for e in events[r.ended_by].evidence}
        evidence = self.evidence(ev_ids)
        sources = self.sources({e.source for e in evidence})
        by_id_ev, by_id_src = {e.id: e for e in evidence}, {s.id: s for s in sources}
        ends_known = {r.id: end_known_on(r, by_id_ev, by_id_src, events) for r in ended}
        used = {e for r in relations for e in r.evidence} | {e for d in designations for e in d.evidence}
        evidence = [e for e in evidence if e.id in used]
        sources = [s for s in sources if s.id in {e.source for e in evidence}]
        return {"actors": actors, "evidence": evidence, "sources": sources, "ends_known": ends_known,
                "designations": designations, "resolution": resolve_identities(actors, self.identity_rules())}

    # -- identity: one actor per identifier, merges and splits by hand ---------------------------------------
    def identity_rules(self) -> list[IdentityRule]:
        """The merges and splits stated by hand (``kingmaker identity``), oldest first; read once by a store
        opened read-only (nobody changes them under it: a writer puts another file in its place)."""
        kept = self.__dict__.get("_identity_rules")
        if kept is not None:
            return list(kept)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'identity_rules'").fetchone()
        rules = [IdentityRule(**r) for r in json.loads(row[0])] if row else []
        if self.read_only:
            self.__dict__["_identity_rules"] = tuple(rules)
        return rules

    def set_identity_rules(self, rules: Iterable[IdentityRule]) -> None:
        """Replace the hand-stated rules (one transaction)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write_identity_rules(rules)
            self._bump_version()
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _write_identity_rules(self, rules: Iterable[IdentityRule]) -> None:
        """Write the rules within the caller's transaction."""
        data = json.dumps([{"action": r.action, "first": r.first, "second": r.second, "origin": r.origin,
                            "note": r.note, **({"dataset": r.dataset} if r.dataset else {})} for r in rules])
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('identity_rules', ?)", [data])

    def actors_sharing_identifiers(self, actor_ids: Iterable[str], rules: Iterable[IdentityRule] = ()) -> set[str]:
        """Actors that may be one party with one of ``actor_ids``: an identifier value in common (compared as
        :func:`~kingmaker.model.identity.resolve_identities` does, leading zeros aside), or a merge stated by
        hand. A superset: the resolution decides."""
        ids = list(actor_ids)
        found = {x for r in rules if r.action == "merge" for x in (r.first, r.second)
                 if r.first in ids or r.second in ids}
        if not ids:
            return found
        held = self.__dict__.get("_held_identifiers")
        if held is not None:  # (:meth:`hold`) the same set as the query below
            values_of, holders = held
            return found.union(*(holders[v] for i in ids for v in values_of.get(i, ())))
        mine, theirs = self._identifier_key("a"), self._identifier_key("b")
        where, args = self._keys_in("a.actor_id", ids)
        rows = self.con.execute(
            f"""SELECT DISTINCT b.actor_id FROM actor_identifiers a JOIN actor_identifiers b ON {theirs} = {mine}
                WHERE {where} AND {mine} <> ''""", args).fetchall()
        return found | {r[0] for r in rows}

    def _identifier_key(self, alias: str = "") -> str:
        """``actor_identifiers``' compared form of a value: the ``value_key`` column (schema 4), or, in a store
        opened read-only before its migration, the same computed from ``value``."""
        prefix = f"{alias}." if alias else ""
        return f"{prefix}value_key" if self._schema_version() >= 4 else identifier_key_sql(f"{prefix}value")

    def _schema_version(self) -> int:
        """The store's schema version, asked once (it is settled when the store is opened: migrated, or
        read-only as found)."""
        found = self.__dict__.get("_schema")
        if found is None:
            found = self.__dict__["_schema"] = schema_version(self.con)
        return found

    def lookup_actors(self, text: str, limit: int = 20) -> list[Actor]:
        """Actors a user may mean by ``text``: the id in any case, an identifier value (an LEI, a company
        number; spaces, punctuation, case and leading zeros ignored) or a name (case ignored).

        Only candidates are read in full: the id (ids are lower-case slugs) and the identifier's compared form
        are index look-ups, and a name equal to ``text`` but for case has a key (:func:`~kingmaker.model.ids.name_key`)
        equal to ``text``'s but for case — so as long —, found in one pass over ``actor_names``' narrow key
        column; those actors' names are then compared as before. (A text with no letter or digit, and so no key,
        is compared with every actor.)
        """
        raw = text.strip()
        value = identifier_value_key(raw)
        exact = """(lower(a.actor_id) = lower($raw)
                  OR ($value <> '' AND """ + self._identifier_key("i") + """ = ltrim($value, '0'))
                  OR lower(a.name) = lower($raw)
                  OR list_contains(list_transform(from_json(a.data->'$.names', '[{"name": "VARCHAR"}]'),
                                                  lambda n: lower(n.name)), lower($raw)))"""
        table = "actors"
        if name_key(raw):  # the candidates, and those actors alone, read in full
            table = "chosen"
            candidates = f"""WITH {self._actor_names()} candidates AS (
                    SELECT actor_id FROM actors WHERE actor_id IN ($raw, lower($raw))
                    UNION SELECT actor_id FROM actor_identifiers
                          WHERE $value <> '' AND {self._identifier_key()} = ltrim($value, '0')
                    UNION SELECT actor_id FROM actor_names WHERE whole AND length(key) = length($key)
                                                             AND lower(key) = lower($key)),
                chosen AS MATERIALIZED (SELECT * FROM actors WHERE actor_id IN (SELECT actor_id FROM candidates))
                """
        else:
            candidates = ""
        rows = self.con.execute(
            f"""{candidates}SELECT DISTINCT a.actor_id FROM {table} a LEFT JOIN actor_identifiers i USING (actor_id)
               WHERE {exact} ORDER BY a.actor_id LIMIT $limit""",
            {"raw": raw, "value": value, "limit": limit} | ({"key": name_key(raw)} if candidates else {})).fetchall()
        return self.actors_by_id(r[0] for r in rows)
