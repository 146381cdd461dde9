"""What is derived from a whole store and costly to rebuild — the ownership graph of every tie on a date —
kept on disk beside the store, so that a second command on the same store and date reuses it (issue 19).

An entry is keyed by what it is, its date and the store's :meth:`~kingmaker.store.Store.version` (its id
and how many changes it has had: a load, a removal, a closed tie, an identity rule each count one) together
with the store file's size and modification time (and its write-ahead log's) — so that a change by anything
that writes the file, counted or not, also makes the entry stale. A stale entry is never read; writing a
new one removes the stale ones of the same kind and date. Processes that miss the same entry at once build
it once: the first holds a lock file (``<what>-<date>.lock``) while it builds, the others wait and read
what it wrote — the workers of ``kingmaker serve --workers N`` starting together, say. Entries live in
``<store>.cache/`` (a folder beside the store file); ``KINGMAKER_CACHE=off`` turns caching off. A folder that cannot be written, or an
entry that cannot be read, only means the value is built again.

>>> import tempfile, kingmaker
>>> with tempfile.TemporaryDirectory() as tmp:
...     with kingmaker.open(f"{tmp}/k.duckdb") as km:
...         first = DerivedCache(km.store).get("answer", "2024-01-01", lambda: 42)
...         again = DerivedCache(km.store)
...         first, again.get("answer", "2024-01-01", lambda: 0), again.hits
(42, 42, 1)
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_MISSING = object()
#: bump when what is pickled changes shape (a new Kingmaker then ignores an older one's entries)
FORMAT = 1


class DerivedCache:
    """Values derived from one open store, kept on disk (module docstring)."""

    def __init__(self, store):
        self.store = store
        self.hits = 0
        path = Path(str(store.path))
        self.folder = None if str(store.path) == ":memory:" or os.environ.get("KINGMAKER_CACHE") == "off" \
            else path.with_name(path.name + ".cache")

    def key(self) -> str | None:
        """The store's state as this cache sees it; ``None``: nothing is kept."""
        if self.folder is None:
            return None
        version = self.store.version()
        if version is None:
            return None
        path = Path(str(self.store.path))
        files = []
        for f in (path, path.with_name(path.name + ".wal")):
            try:
                st = f.stat()
                files.append((st.st_ino, st.st_size, st.st_mtime_ns))
            except OSError:
                files.append(None)
        return hashlib.sha256(repr((FORMAT, version, files)).encode()).hexdigest()[:24]

    def get(self, what: str, day: Any, make: Callable[[], Any]) -> Any:
        """The value ``make()`` gives for ``what`` on ``day``, from disk when this store state has it."""
        key = self.key()
        if key is None:
            return make()
        stem = f"{what}-{day}"
        entry = self.folder / f"{stem}-{key}.pickle"
        found = self._read(entry)
        if found is not _MISSING:
            return found
        with self._building(stem):  # several processes that miss at once: one builds, the others read it
            found = self._read(entry)
            if found is not _MISSING:
                return found
            value = make()
            self._put(entry, stem, value)
        return value

    def _read(self, entry: Path) -> Any:
        try:
            with entry.open("rb") as f:
                value = pickle.load(f)
        except Exception:  # noqa: BLE001 - missing, or damaged: built again
            return _MISSING
        self.hits += 1
        return value

    @contextmanager
    def _building(self, stem: str) -> Iterator[None]:
        """Hold ``<stem>.lock`` in the cache folder while building (an advisory lock, released when the
        process ends however it ends); where locks are not available the value is simply built."""
        try:
            import fcntl

            self.folder.mkdir(exist_ok=True)
            handle = (self.folder / f"{stem}.lock").open("ab")
        except (ImportError, OSError):
            yield
            return
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
            except OSError:
                pass
            yield

    def _put(self, entry: Path, stem: str, value: Any) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
            for old in self.folder.glob(f"{stem}-*.pickle"):
                if old != entry:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a folder that cannot be written: the value is simply not kept
