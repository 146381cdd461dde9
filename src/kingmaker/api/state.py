"""What every request shares: the store behind a lock, and caches of snapshots and ownership graphs.

A DuckDB connection must not be used by two threads at once, so every store call goes through
:meth:`ApiState.read` / :meth:`ApiState.write`. Snapshots and ownership graphs are immutable; they are
cached per date and dropped whenever a write changes the store (``version`` goes up).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from kingmaker.errors import UserError
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


class ApiState:
    """The open store and the caches built from it."""

    def __init__(self, km: Kingmaker, token: str):
        self.km = km
        self.token = token
        self.version = 0
        self._lock = threading.RLock()
        self._snapshots = _Lru(CACHE_SIZE)
        self._graphs = _Lru(CACHE_SIZE)
        self._names: dict[str, str] | None = None
        self._timelines = _Lru(2)
        self.results = ResultCache(self)

    @classmethod
    def open(cls, db: str | Path | None, token: str) -> "ApiState":
        """Create and migrate the store if needed, then hold it read-only, so that other processes —
        ``kingmaker show``, ``power``, ``assess`` — can read it while the server runs; a write takes the
        write lock only for its own duration (:meth:`write`)."""
        km = Kingmaker(db)
        if str(km.path) == ":memory:":
            return cls(km, token)
        path = km.path
        km.close()
        return cls(Kingmaker(path, read_only="shared"), token)

    def close(self, wait: float | None = None) -> None:
        """Close the store; with ``wait``, a request still holding it after that many seconds has its
        DuckDB query interrupted and the store is left to the process's exit (a clean stop on SIGINT)."""
        if wait is None:
            with self._lock:
                self.km.close()
            return
        if not self._lock.acquire(timeout=wait):
            try:
                self.km.store.con.interrupt()
            except Exception:  # noqa: BLE001 - best effort while stopping
                pass
            if not self._lock.acquire(timeout=wait):
                return  # a request is still running Python code: the process exits without it
        try:
            self.km.close()
        finally:
            self._lock.release()

    @contextmanager
    def read(self) -> Iterator[Kingmaker]:
        with self._lock:
            yield self.km

    @contextmanager
    def write(self) -> Iterator[Kingmaker]:
        """Store access for a change: caches are dropped afterwards (even when the write failed). A store
        held read-only is reopened for writing for the change (waiting a few seconds for readers in other
        processes to finish), and read-only again afterwards."""
        with self._lock:
            swapped = self.km.store.read_only
            if swapped:
                path = self.km.path
                self.km.close()
                try:
                    self.km = Kingmaker(path, wait=WRITE_WAIT_S)
                except Exception:
                    self.km = Kingmaker(path, read_only="shared")
                    raise
            try:
                yield self.km
            finally:
                if swapped:
                    self.km.close()
                    self.km = Kingmaker(path, read_only="shared", wait=WRITE_WAIT_S)
                self.version += 1
                self._snapshots.clear()
                self._graphs.clear()
                self._timelines.clear()
                self.results.clear()
                self._names = None

    def snapshot(self, day: date) -> Snapshot:
        def make() -> Snapshot:
            with self.read() as km:
                return km.snapshot(day)
        return self._snapshots.get((self.version, day), make)

    def graph(self, day: date):
        """The ownership graph (kingmaker.analysis.ownership.graph) of the snapshot on ``day``."""
        from kingmaker.analysis.ownership.graph import graph_from_snapshot

        return self._graphs.get((self.version, day), lambda: graph_from_snapshot(self.snapshot(day)))

    def all_relations(self) -> list:
        """Every relation in the store, whatever its dates (for "since" and replay)."""
        return list(self.timeline().recorded)

    def timeline(self, known_as_of: date | None = None):
        """Every tie on record as known on ``known_as_of`` (:meth:`kingmaker.store.Store.timeline`): the
        snapshots on the many dates "since" walks through, without reading the store for each."""
        def make():
            with self.read() as km:
                return km.store.timeline(known_as_of)
        return self._timelines.get((self.version, known_as_of), make)

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
        a 400 problem listing the candidates. Callers go on with the returned actor's ``id``."""
        with self.read() as km:
            return km.actor(actor_id, say_store=False)


class ResultCache(_Lru):
    """Analysis results keyed by the store version and the request's arguments."""

    def __init__(self, state: ApiState, size: int = 1024):
        super().__init__(size)
        self.state = state

    def result(self, key: tuple, make: Callable[[], T]) -> T:
        return self.get((self.state.version,) + key, make)

    def json(self, key: tuple, make: Callable[[], dict]):
        """A JSON response for the result, encoded once: repeated answers skip re-encoding."""
        import json

        from fastapi.responses import Response

        body = self.result(key, lambda: json.dumps(make(), ensure_ascii=False, default=str).encode())
        return Response(body, media_type="application/json")
