"""What every request shares: the store, and what is built from it once per store version.

A DuckDB connection must not be used by two threads at once, so every store call of a request goes through
:meth:`ApiState.read` (one connection, behind a lock). What is built from the whole store — the timeline of
every tie (:meth:`kingmaker.store.Store.timeline`), and from it the snapshot on any date (a view,
:meth:`kingmaker.model.snapshot.Timeline.on`, so a new date costs nothing to open) and the ownership graph
of a date (also kept on disk, :mod:`kingmaker.store.derived`) — is read over a second connection
(:meth:`kingmaker.store.Store.cursor`), so that lookups go on meanwhile; :meth:`ApiState.warm` builds it in
the background at start and after every change.

A write (:meth:`ApiState.write`) never changes the file readers have open: the store is copied beside
itself, the change made in the copy (all or nothing), and the copy renamed into place. Readers — this
process, and every worker of ``kingmaker serve --workers N`` — notice the new file at their next request
(:meth:`ApiState.refresh`: the file at the store's path is another one), reopen it and drop what they had
built from the old one; until then they answer from the old one. docs/api.md, "Workers and the writer".
"""
from __future__ import annotations

import gc
import os
import shutil
import threading
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from kingmaker.errors import KingmakerError, UserError
from kingmaker.model.snapshot import Snapshot
from kingmaker.model.time import parse_partial_date
from kingmaker.session import Kingmaker

T = TypeVar("T")
CACHE_SIZE = 16
WRITE_WAIT_S = 10.0


class _Lru:
    """A small thread-safe LRU cache that computes a missing value at most once per key."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.locks: dict = {}
        self.guard = threading.Lock()

    def get(self, key, make: Callable[[], T]) -> T:
        with self.guard:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:  # one thread computes, the others wait for it
            with self.guard:
                if key in self.items:
                    return self.items[key]
            try:
                value = make()
            except BaseException:
                with self.guard:
                    self.locks.pop(key, None)
                raise
            with self.guard:
                self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
                self.locks.pop(key, None)
            return value

    def clear(self) -> None:
        with self.guard:
            self.items.clear()


def parse_day(value: str | None) -> date:
    """A query's ``as_of`` (YYYY-MM-DD, or a partial date: its first day); default today."""
    if not value:
        return date.today()
    try:
        day = parse_partial_date(value)[0]
    except ValueError:
        raise UserError(f"as_of: {value!r} is not a date; write YYYY-MM-DD, e.g. 2023-11-16") from None
    if not FIRST_DAY <= day <= LAST_DAY:  # the analyses count days and years from it
        raise UserError(f"as_of: {value!r} is outside {FIRST_DAY} … {LAST_DAY}")
    return day


FIRST_DAY, LAST_DAY = date(1000, 1, 1), date(9000, 12, 31)


def _reader(path: str | Path) -> Kingmaker:
    """The store held read-only, its queries run on one thread each: a request's are index lookups that
    DuckDB's worker threads only add hand-overs to, and a server's parallelism is its requests (workers)."""
    km = Kingmaker(path, read_only="shared", wait=WRITE_WAIT_S)
    km.store.con.execute(f"SET threads = {QUERY_THREADS}")
    return km


#: DuckDB threads per query in a server's read-only store (:func:`_reader`)
QUERY_THREADS = 1
#: assessments computed in a process of their own, forked once the state is built (:mod:`kingmaker.api.assessor`;
#: ``KINGMAKER_API_ASSESSOR=0``: on the server's threads, as before)
ASSESSOR = os.environ.get("KINGMAKER_API_ASSESSOR", "1") != "0"


def file_identity(path: Path) -> tuple | None:
    """What tells one file at ``path`` from the next (device, inode, size, modification time); ``None``
    where nothing is there."""
    from kingmaker.io.common import file_state

    try:
        return file_state(path)
    except OSError:
        return None


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - a folder that cannot be synced (some file systems)
        pass
    finally:
        os.close(fd)


class _GcFreeze:
    """``gc.freeze()`` for the states of one process. What a state builds from its store — the timeline's
    millions of objects — lives as long as that store version, so it is frozen, out of the garbage
    collector's sight (a full collection walked every tie of the timeline, seconds at 10⁶, inside some
    request). Freezing and unfreezing act on the whole process, so a state's change unfreezes only when no
    other state of the process still holds a freeze (two states used to unfreeze each other's timelines).
    The young generations are collected just before each freeze: garbage frozen is never collected
    (https://docs.python.org/3/library/gc.html#gc.freeze)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._holders: weakref.WeakSet = weakref.WeakSet()
        self._kept = False

    def hold(self, state: "ApiState") -> None:
        with self._lock:
            gc.collect(1)
            gc.freeze()
            self._holders.add(state)

    def release(self, state: "ApiState") -> None:
        """``state``'s frozen objects may go: unfrozen once no state holds a freeze (never in a process that
        :meth:`keeps <keep>` what it inherited)."""
        with self._lock:
            self._holders.discard(state)
            if not self._holders and not self._kept:
                gc.unfreeze()

    def keep(self) -> None:
        """This process was forked with a state built before (:meth:`ApiState.adopt`): what it inherited stays
        frozen for its whole life. Unfrozen, the next full collection would walk every inherited object and
        write to each one's header — copying into this process every page it shares with the others."""
        with self._lock:
            self._kept = True


_FROZEN = _GcFreeze()


class ApiState:
    """The open store and what is built from it (module docstring)."""

    def __init__(self, km: Kingmaker, token: str, *, warm: bool = True):
        self.km = km
        self.warms = warm  # build in the background after a change (a writer that answers no reads does not)
        self.token = token
        self.version = 0
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._file = None if self._memory else file_identity(km.path)
        self._snapshots = _Lru(CACHE_SIZE)
        self._graphs = _Lru(CACHE_SIZE)
        self._names: dict[str, str] | None = None
        self._actors = _Lru(4096)  # the actor each text a request named resolved to (:meth:`actor`)
        self._timelines = _Lru(2)
        self._since = _Lru(2)
        self.results = ResultCache(self)
        self.warming: threading.Thread | None = None
        self.assessor = None  # the assessment processes of this store version (kingmaker.api.assessor), once built
        self.forks_assessor = ASSESSOR  # whether :meth:`warm` forks them (not in a supervisor: its workers do)
        self._cursors: set = set()  # second connections in use by builds (_with_cursor)

    @property
    def _memory(self) -> bool:
        return str(self.km.path) == ":memory:"

    @classmethod
    def open(cls, db: str | Path | None, token: str) -> "ApiState":
        """Create and migrate the store if needed, finish any write left unfinished in it (its write-ahead
        log), then hold it read-only, so that other processes — ``kingmaker show``, ``power``, ``assess``, the
        other workers — can read it while the server runs (writes: :meth:`write`)."""
        if str(db) == ":memory:":
            return cls(Kingmaker(db), token)
        return cls.attach(cls.prepare(db), token)

    @staticmethod
    def prepare(db: str | Path | None) -> Path:
        """The store's path, after creating it or bringing its schema up to date if needed, finishing any
        write left unfinished in it (its write-ahead log) and removing copies a stopped writer left beside it
        (:meth:`write`) — a brief read-write opening."""
        km = Kingmaker(db)
        try:
            km.store.con.execute("CHECKPOINT")
            path = km.path
            # copies a writer killed in the middle of a change left (nobody else can be writing: we hold it)
            for left in path.parent.glob(f".{path.name}.writing-*"):
                left.unlink(missing_ok=True)
            return path
        finally:
            km.close()

    @classmethod
    def attach(cls, path: str | Path, token: str, *, warm: bool = True) -> "ApiState":
        """Hold an existing store read-only (a worker of ``kingmaker serve --workers N``; :meth:`prepare` has
        prepared it). ``warm``: build anew in the background after each change (:meth:`refresh`). The file is
        told apart before it is opened, as :meth:`refresh` does: a write that puts another file in its place
        meanwhile is then seen as a change at the next request, not taken for the file opened."""
        file = file_identity(Path(path))
        state = cls(_reader(path), token, warm=warm)
        state._file = file
        return state

    def close(self, wait: float | None = None) -> None:
        """Close the store; with ``wait``, a request still holding it after that many seconds has its
        DuckDB query interrupted and the store is left to the process's exit (a clean stop on SIGINT)."""
        if wait is None:
            with self._lock:
                self._close_store()
            return
        if not self._lock.acquire(timeout=wait):
            try:
                self.km.store.con.interrupt()
            except Exception:  # noqa: BLE001 - best effort while stopping
                pass
            if not self._lock.acquire(timeout=wait):
                return  # a request is still running Python code: the process exits without it
        try:
            self._close_store()
        finally:
            self._lock.release()

    def _close_store(self) -> None:
        """Close the connection (the caller holds the lock). DuckDB refuses while a cursor of it is running a
        query (a background build): those queries are interrupted first — their builds start again on
        the store that replaces this one, or end if the server is stopping."""
        import time

        import duckdb

        deadline = time.monotonic() + WRITE_WAIT_S
        while True:
            for store in list(self._cursors):
                try:
                    store.con.interrupt()
                except duckdb.Error:
                    pass
            try:
                self.km.close()
                self._stop_assessor()
                _FROZEN.release(self)
                return
            except duckdb.Error as exc:
                if "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(0.02)

    @contextmanager
    def read(self) -> Iterator[Kingmaker]:
        with self._lock:
            yield self.km

    def changed(self) -> bool:
        """Whether another file has been put at the store's path since it was opened (one ``stat``)."""
        return self._file is not None and file_identity(self.km.path) != self._file

    def refresh(self) -> bool:
        """Reopen the store when another file has been put at its path (a write, by this process or by the
        writer of ``kingmaker serve --workers N``), drop what was built from the old one and build anew in
        the background; ``True`` if it did. A ``stat`` when nothing changed."""
        if not self.changed():
            return False
        with self._lock:
            now = file_identity(self.km.path)
            if now is None or now == self._file:
                return False
            days = self._days()
            path = self.km.path
            # close first: DuckDB hands a new connection to a path that is still open the database already open
            self._close_store()
            self.km = _reader(path)
            self._file = now
            self._changed()
        if self.warms:
            self.warm(days)
        return True

    @contextmanager
    def write(self) -> Iterator[Kingmaker]:
        """The store opened for one change, writes one at a time. The change is made in a copy of the store
        beside it, which replaces the store only when the change is complete: readers in this and other
        processes go on reading the old file meanwhile and pick up the new one at their next request; a
        change that fails leaves the store as it was. (An in-memory store is changed in place.)"""
        with self._write_lock:
            if self._memory:
                with self._lock:
                    try:
                        yield self.km
                    finally:
                        self._changed()
                return
            self.refresh()
            path = self.km.path  # held open read-only meanwhile: no other process can write it while it is copied
            work = path.with_name(f".{path.name}.writing-{os.getpid()}")
            if _wal(path).exists():
                raise KingmakerError(f"the store {path} has an unfinished write ({_wal(path).name}); stop the server "
                                     "and start it again to finish it")
            for f in (work, _wal(work)):
                f.unlink(missing_ok=True)
            try:
                shutil.copyfile(path, work)
                km = Kingmaker(work)
            except BaseException:
                work.unlink(missing_ok=True)
                raise
            km.store.path = path  # what it becomes: messages name the store, not the copy
            try:
                yield km
                # name rows a BODS bulk load left to be made (schema 9): made here, in the copy, so that the readers
                # reopening the new file find nothing to write — one that made them would change the file again,
                # and every reader (itself too) would take that for another change and build everything again
                km.store.build_name_index()
                km.store.con.execute("CHECKPOINT")
                km.close()
                if _wal(work).exists():
                    raise KingmakerError(f"the change to {path} could not be completed (its log was not written "
                                         "into the file); nothing was changed")
                _fsync(work)
                os.replace(work, path)
                _fsync(path.parent)
            except BaseException:
                km.close()
                for f in (work, _wal(work)):
                    f.unlink(missing_ok=True)
                raise
            self.refresh()

    def _changed(self) -> None:
        self._stop_assessor()
        _FROZEN.release(self)  # what :meth:`warm` built from the old store may go (it freezes what it builds anew)
        self.version += 1
        for cache in (self._snapshots, self._graphs, self._actors, self._timelines, self._since, self.results):
            cache.clear()
        self._names = None

    def _days(self) -> set[date]:
        """The dates whose ownership graphs were built for this version (built again after a change)."""
        with self._graphs.guard:
            return {key[1] for key in self._graphs.items}

    def _with_cursor(self, build: Callable):
        """``build(store)`` over a second connection to the store (:meth:`kingmaker.store.Store.cursor`),
        so that requests go on meanwhile; once more if the store was reopened under it."""
        import duckdb

        for attempt in (1, 2):
            version = self.version
            with self._lock:
                store = self.km.store.cursor()
                self._cursors.add(store)
            try:
                return build(store)
            except duckdb.Error:
                if attempt == 2 or version == self.version:
                    raise
            finally:
                self._cursors.discard(store)
                try:
                    store.close()
                except duckdb.Error:  # its connection was closed by a refresh
                    pass

    def warm(self, days: set[date] | None = None) -> threading.Thread:
        """Build in a background thread what first requests would otherwise wait for: the rule files of
        the legal tests, the actors' names,
        the timeline of every tie and what "since when" reads from it, and the ownership graph of today and of ``days`` (from disk when the
        store's cache has it)."""
        todo = sorted(set(days or ()) | {date.today()})
        version = self.version

        def run() -> None:
            try:
                from kingmaker.assess.engine import REGIMES, load_regime

                for regime in REGIMES:  # the legal tests' rule files, read once per process
                    load_regime(regime)
                self.names()
                self.hold(self.timeline())
                _FROZEN.hold(self)  # the timeline's millions of objects: no collection walks them again (below too)
                self.since_index()
                for day in todo:
                    self.graph(day)
                _FROZEN.hold(self)  # what was built lives as long as this store version (_GcFreeze)
                if self.forks_assessor:
                    self._start_assessor(version)
            except Exception:  # noqa: BLE001 - a request that needs it builds it again, and reports what fails
                pass
        self.warming = threading.Thread(target=run, name="kingmaker-warm", daemon=True)
        self.warming.start()
        return self.warming

    def hand_over(self) -> dict:
        """What :meth:`warm` built (once it has finished), for worker processes forked after this call
        (:meth:`adopt`; ``kingmaker serve --workers N``), and the store closed: a DuckDB connection must not
        cross a fork. Forked workers share these objects copy-on-write instead of each building its own."""
        if self.warming is not None:
            self.warming.join()
        with self._lock:
            built = {"file": self._file, "version": self.version, "names": self._names,
                     "held": {k: v for k, v in self.km.store.__dict__.items() if k.startswith("_held_")}}
            for name in ("_snapshots", "_graphs", "_timelines", "_since"):
                built[name] = dict(getattr(self, name).items)
            self.km.close()
        return built

    @classmethod
    def adopt(cls, path: str | Path, token: str, built: dict) -> "ApiState":
        """A worker's state over the store at ``path`` (read-only), starting from what a state built before
        this process was forked (:meth:`hand_over`) — if the store there is still the file it was built from
        (a write since: it builds anew, as :meth:`attach`). The inherited objects are never freed nor
        unfrozen here (:meth:`_GcFreeze.keep`): that would copy their pages into this process."""
        state = cls.attach(path, token)
        _FROZEN.keep()
        if built["file"] is None or built["file"] != state._file:
            return state
        with state._lock:
            for name in ("_snapshots", "_graphs", "_timelines", "_since"):
                getattr(state, name).items.update((key, value) for key, value in built[name].items()
                                                  if key[0] == built["version"])
            if built["version"] != state.version:  # (a state's first version is 0, as its builder's was)
                return state
            state._names = built["names"]
            state.km.store.__dict__.update(built["held"])
        return state

    def _start_assessor(self, version: int) -> None:
        """Fork the assessment process (:mod:`kingmaker.api.assessor`) over what :meth:`warm` built for store
        version ``version`` — unless the store has changed since."""
        from kingmaker.api.assessor import Assessors, timeout_from_env
        from kingmaker.api.deps import SLOW_THREADS

        with self._lock:
            if self.version != version or self.assessor is not None:
                return
            timeline, index = self._timelines.items.get((version, None)), self._since.items.get((version, None))
            if timeline is None or index is None:
                return
            self.assessor = Assessors.fork(version, timeline, index, self.names(), SLOW_THREADS, timeout_from_env())

    def _stop_assessor(self) -> None:
        assessor, self.assessor = self.assessor, None
        if assessor is not None:
            assessor.close()

    def assess_elsewhere(self, args: tuple) -> bytes | None:
        """The assessment answer for ``args`` (:func:`kingmaker.api.assessor.assessment_answer`'s, after its
        first four) computed by the assessment process of this store version; ``None`` where there is none
        (still building, or it stopped): the caller computes it."""
        from kingmaker.api.assessor import AssessorGone

        assessor = self.assessor
        if assessor is None or assessor.version != self.version:
            return None
        try:
            return assessor.ask(*args)
        except AssessorGone:
            return None

    def hold(self, timeline) -> None:
        """Give the open store every relation it holds, read once for ``timeline`` (:meth:`Store.hold
        <kingmaker.store.Store.hold>`), and the actors, evidence and sources read with them: questions about
        one company's owners walk them in memory, and an actor's ties and records are read from there — if
        the store is still the one they were read from. (Where the store merges records of one party, the
        timeline's actors are the merged ones, not the records: those are still read from the store.)"""
        with self._lock:
            if "_held_by_subject" in self.km.store.__dict__:  # held already (:meth:`adopt`): one store, one version
                return
            if self._timelines.items.get((self.version, None)) is timeline and self.km.store.read_only:
                self.km.store.hold(timeline.recorded, None if timeline.identity else timeline.actors,
                                   timeline.evidence, timeline.sources)

    def snapshot(self, day: date) -> Snapshot:
        """The whole store's snapshot on ``day``: a view of :meth:`timeline`."""
        return self._snapshots.get((self.version, day), lambda: self.timeline().on(day))

    def graph(self, day: date):
        """The ownership graph (kingmaker.analysis.ownership.graph) of the snapshot on ``day``, kept on disk
        per store version and date (:mod:`kingmaker.store.derived`)."""
        from kingmaker.analysis.ownership.graph import graph_from_snapshot
        from kingmaker.store.derived import DerivedCache

        def make():
            return self._with_cursor(lambda store: DerivedCache(store).get(
                "snapshot-graph", day, lambda: graph_from_snapshot(self.snapshot(day))))
        return self._graphs.get((self.version, day), make)

    def all_relations(self) -> list:
        """Every relation in the store, whatever its dates (for "since" and replay)."""
        return list(self.timeline().recorded)

    def timeline(self, known_as_of: date | None = None):
        """Every tie on record as known on ``known_as_of`` (:meth:`kingmaker.store.Store.timeline`): the
        snapshots on the many dates "since" walks through, without reading the store for each."""
        return self._timelines.get((self.version, known_as_of),
                                   lambda: self._with_cursor(lambda store: store.timeline(known_as_of)))

    def since_index(self, known_as_of: date | None = None):
        """What "since when" reads from every tie on record, worked out once per store version
        (:class:`kingmaker.assess.service.SinceIndex`), not once per assessment."""
        from kingmaker.assess.service import SinceIndex

        return self._since.get((self.version, known_as_of), lambda: SinceIndex(self.timeline(known_as_of).recorded))

    def names(self) -> dict[str, str]:
        names = self._names
        if names is None:
            with self.read() as km:
                rows = km.store.con.execute("SELECT actor_id, name FROM actors").fetchall()
            names = self._names = dict(rows)
        return names

    def actor(self, actor_id: str):
        """The actor a request names — its id, an identifier or a name, in any case, as on the command line
        (:meth:`kingmaker.session.Kingmaker.actor`); unknown: a 404 problem naming close matches; ambiguous:
        a 400 problem listing the candidates. Callers go on with the returned actor (or its ``id``). Kept per
        store version: a text asked about again is not looked up again (an unknown one is)."""
        def find():
            with self.read() as km:
                return km.actor(actor_id, say_store=False)
        return self._actors.get((self.version, actor_id), find)


class ResultCache(_Lru):
    """Analysis results keyed by the store version and the request's arguments."""

    def __init__(self, state: ApiState, size: int = 4096):
        super().__init__(size)
        self.state = state

    def result(self, key: tuple, make: Callable[[], T]) -> T:
        return self.get((self.state.version,) + key, make)

    def json(self, key: tuple, make: Callable[[], dict]):
        """A JSON response for the result, encoded once: repeated answers skip re-encoding."""
        import json

        return self.body(key, lambda: json.dumps(make(), ensure_ascii=False, default=str).encode())

    def body(self, key: tuple, make: Callable[[], bytes]):
        """A JSON response for ``make()``, the result already encoded (:meth:`json`)."""
        return _cached_response()(self.result(key, make), media_type="application/json")


def _cached_response():
    """A JSON response that, as it is sent, marks its answer as one :class:`kingmaker.api.answers.AnswerCache`
    may keep by URL (it depends only on the URL, the store version and today)."""
    global _CachedResponse
    if _CachedResponse is None:
        from fastapi.responses import Response

        from kingmaker.api.answers import mark

        class CachedResponse(Response):
            async def __call__(self, scope, receive, send):
                mark(scope)
                await super().__call__(scope, receive, send)
        _CachedResponse = CachedResponse
    return _CachedResponse


_CachedResponse = None
