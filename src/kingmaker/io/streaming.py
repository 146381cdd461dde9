"""Chunked loading: read files as streams of model chunks and write them with
:meth:`kingmaker.store.Store.write_streamed` in one transaction (all files or none). Python holds one
chunk of model objects or prepared rows (plus the readers' per-record indexes) at a time; DuckDB runs
the load under a memory limit, writing the open transaction's row groups to the database file as they
fill (bench/bench_io.py measures both).

Format modules that can stream register a ``stream(path, known_actors) -> StreamRead`` function here;
any other format is read whole by its registry ``read`` and written as a single chunk.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import duckdb

from kingmaker.errors import InvalidInput, KingmakerError, Problem, UserError
from kingmaker.io.common import StreamRead, file_sha256, file_state
from kingmaker.io.registry import format_for
from kingmaker.model.time import format_partial_date
from kingmaker.store import Store
from kingmaker.store.schema import load_memory_limit

#: ``stream(path, known_actors, sha256=None)`` per format (``sha256``: as :attr:`Format.read <kingmaker.io.registry.Format>`)
STREAMERS: dict[str, Callable[..., StreamRead]] = {}


def register_streamer(name: str, stream: Callable[..., StreamRead]) -> None:
    STREAMERS[name] = stream


def write_or_explain(store: Store, items: list, paths: list[Path], kind_defaults: list = ()) -> list:
    """``store.write_streamed(items, kind_defaults=kind_defaults)``, with running out of disk or memory turned into
    one clear line (the transaction rolled back: nothing of the load is in the store)."""
    names = ", ".join(str(p) for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    try:
        return store.write_streamed(items, kind_defaults=kind_defaults)
    except (duckdb.OutOfMemoryException, MemoryError) as exc:
        limit = load_memory_limit()
        raise KingmakerError(f"out of memory while loading {names} (DuckDB's limit for a load: {limit}; set "
                             f"$KINGMAKER_LOAD_MEMORY to change it); nothing was loaded ({_first_line(exc)})") from None
    except (duckdb.IOException, duckdb.TransactionException, OSError) as exc:  # a failed COMMIT: TransactionException
        text = str(exc)
        errno = getattr(exc, "errno", None)
        if errno in (28, 27) or "No space left" in text or "File too large" in text:  # ENOSPC, EFBIG
            raise KingmakerError(f"the disk is full (or the file size limit reached) while writing the store "
                                 f"{store.path} from {names}; nothing was loaded — free some space and load again "
                                 f"({_first_line(exc)})") from None
        raise KingmakerError(f"loading {names} into {store.path} failed: {_first_line(exc)}; nothing was loaded") from None


def share_warnings(store: Store, datasets: list, limit: int = 20) -> list[Problem]:
    """A warning per subject whose certain shares now add up to more than 100 % (the load itself is kept:
    the inconsistency is in the sources, and the user reads where it is), naming the relations and their
    files. Ownership answers through such a subject take its holdings as [0 %, stated upper end] and say so
    (nothing through it is certain) until one of the figures is corrected."""
    files = {d.id: d.file for d in datasets}
    with store.load_memory():
        found = store.share_overflows(list(files), limit)
    out = []
    for o in found[:limit]:
        parts = ", ".join(f"{rid} {share:g} %" + ("" if ds in files else f" (dataset {ds})")
                          for rid, share, ds in o.relations[:6]) + (" …" if len(o.relations) > 6 else "")
        when = f"from {format_partial_date(o.day, o.day_precision)}" if o.day else "from the start"
        first = next((files[ds] for _, _, ds in o.relations if ds in files), next(iter(files.values())))
        amount = f"{o.total:g} % with an exclusive lower end (more than 100 %)" if o.strict else f"{o.total:g} %"
        out.append(Problem(first, f"the certain {o.kind.replace('_', ' ')} in {o.subject!r} add up to {amount} "
                                  f"{when} ({parts}); answers through {o.subject!r} are widened and noted (nothing "
                                  "certain) until one of them is corrected", record=f"subject {o.subject}", field="share",
                           severity="warning"))
    if len(found) > limit:
        out.append(Problem(next(iter(files.values())), f"… and more subjects whose shares add up to over 100 %",
                           severity="warning"))
    return out


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _read(store: Store, path: Path, f, known: set[str], sha256: str):
    """``path`` as a :class:`StreamRead` (a format that streams) or read whole; ``sha256``: the file's digest, which
    the loader computed once (the reader's dataset takes it: the file is not hashed again)."""
    if f.name in STREAMERS:
        return STREAMERS[f.name](path, known, sha256=sha256)
    if f.resolves_identifiers:
        return f.read(path, known, store.actors_by_identifier, sha256=sha256)
    return f.read(path, known, sha256=sha256)


def recall_kind_defaults(store: Store) -> list[tuple[str, set[str]]]:
    """Which kinds the edge lists loaded before the store recorded them only defaulted
    (:meth:`Store.unrecorded_kind_defaults`), by reading each one's file again where it is still as it was
    loaded (same sha256): an actor it vouches for without stating a kind had the default. The load records them
    in its transaction (``write_streamed(kind_defaults=…)``: a failed load records nothing); then a file stating
    another kind for it replaces the default, as in a store that recorded it; one not to be read so stays unknown
    (a clash with it says so). Returns (dataset id, the actors its file states a kind for) per file read."""
    from kingmaker.io.registry import formats

    out = []
    for dataset in store.unrecorded_kind_defaults():
        path = Path(dataset.file or "")
        try:
            if not path.is_file() or file_sha256(path) != dataset.sha256:
                continue
        except OSError:
            continue
        fmt = formats().get(dataset.format)
        if fmt is not None:
            out.append((dataset.id, fmt.declared_actors(path)))
    return out


def _replaced(store: Store, path: Path, f, sha256: str) -> str | None:
    """The id of the dataset that ``path`` (its digest: ``sha256``) replaces with a changed version (another
    sha256); None for a new or unchanged dataset, or where the id is only known once the file is read (the load
    then looks again)."""
    named = f.dataset_id(path) if f.dataset_id else None
    previous = store.dataset(named) if named else None
    return named if previous is not None and previous.sha256 != sha256 else None


def _unchanged(store: Store, path: Path, f, sha256: str):
    """The stored dataset that ``path`` loads as, where it holds this very content (the same sha256) and the
    dataset's id is known without reading the file (from its name: ``Format.dataset_id``) — a reload of it is
    ``unchanged`` and the file is not read (a 10⁵-edge file was read and checked whole first); else ``None``."""
    named = f.dataset_id(path) if f.dataset_id else None
    previous = store.dataset(named) if named else None
    return previous if previous is not None and previous.sha256 == sha256 else None


def _digest(path: Path) -> tuple[str, tuple]:
    """The file's sha256, with what told the file as it was before it was hashed
    (:func:`~kingmaker.io.common.file_state`); a clear error where it cannot be read."""
    try:
        state = file_state(path)
        return file_sha256(path), state
    except OSError as exc:
        raise UserError(f"{path}: cannot read file: {exc.strerror}") from None


def _still_as_hashed(path: Path, state: tuple) -> Iterator:
    """Nothing, once the file's rows have all been read — or a :class:`UserError`, inside the load's transaction
    (nothing is written), where the file changed since it was hashed. A load hashes its files first and reads them
    after (a file of a long multi-file load minutes later): a file rewritten meanwhile would be stored with rows read
    from its new version under the digest of the old, and a reload of the new version said "unchanged"."""
    try:
        now = file_state(path)
    except OSError:
        now = None
    if now != state:
        raise UserError(f"{path}: the file changed while it was being loaded (its size or modification time is no "
                        "longer what it was when it was read); nothing was written — load it again once it is complete")
    yield from ()


def _leaving(store: Store, paths: list[Path], formats: list, replaced: list, declared: list) -> set[str]:
    """The actors that files of one load take out of the store: those only the older version of a dataset that a
    file replaces (a changed edge list, case file or BODS file: ``replaced``) brought, which its new version no
    longer names (``named_actors``, else what it declares: ``declared``). Another file of the load cannot count on
    them (``load a.csv b.yaml`` reads as loading ``a.csv`` and then ``b.yaml``): a case file naming one is refused
    ("unknown actor"), an edge list naming one creates it — where it was taken as known, it wrote no row for it and
    its relations named no actor once the old version went (or not, by the order of the files)."""
    out: set[str] = set()
    for p, f, named, own in zip(paths, formats, replaced, declared, strict=True):
        only = store.actors_only_in(named) if named else set()
        if only:
            out |= only - (f.named_actors(p) if f.named_actors is not None else own)
    return out


def _loaded_before_as_another(store: Store, datasets: list) -> list[Problem]:
    """A warning per file that loads as a new dataset where the store holds another one read from the same file: its
    id comes from its contents (a case file's ``case: id``) and changed, so the older version is not replaced — its
    facts stay in the store beside the new ones."""
    new = [d for d in datasets if d.file and store.dataset(d.id) is None]
    if not new:
        return []

    def where(file: str) -> Path:
        return Path(file).resolve()

    before = {}
    for d in store.datasets():
        if d.file:
            before.setdefault((d.format, where(d.file)), []).append(d.id)
    out = []
    for d in new:
        for old in before.get((d.format, where(d.file)), []):
            out.append(Problem(d.file, f"dataset {old} was loaded from this path before; this file loads as {d.id}, "
                                       f"a dataset of its own, and {old}'s facts stay in the store beside it",
                               field="case.id" if d.format == "case" else None, severity="warning",
                               hint=f"keep the id {old.split(':', 1)[1]!r} for the file to replace its older version"))
    return out


def load_streamed(store: Store, paths: Iterable[str | Path], fmt: str | None = None, *,
                  known_actors: set[str] = frozenset()):
    """Load ``paths`` chunk by chunk; returns a :class:`kingmaker.io.loader.LoadReport`. ``known_actors``:
    ids to take as described elsewhere besides the store's (``validate --db`` checking in a scratch store)."""
    from kingmaker.io.loader import LoadReport

    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise UserError(f"{p}: no such file")
    formats = [format_for(p, fmt) for p in paths]
    # each file hashed once, here: the look at whether it replaces its dataset and the reader's dataset both take
    # this digest (a reload of a 10⁶-edge file hashed it two or three times)
    digests, states = zip(*(_digest(p) for p in paths)) if paths else ((), ())
    unchanged = [_unchanged(store, p, f, d) for p, f, d in zip(paths, formats, digests, strict=True)]
    recalled = recall_kind_defaults(store)
    stored = store.actor_ids()
    # references across files (and, for some, within); an unchanged file's actors are the store's already
    declared = [f.declared_actors(p) if (len(paths) > 1 or not f.resolves_own_records) and same is None else set()
                for p, f, same in zip(paths, formats, unchanged, strict=True)]
    others = set(known_actors).union(*declared)
    replaced = [_replaced(store, p, f, d) for p, f, d in zip(paths, formats, digests, strict=True)]
    leaving = _leaving(store, paths, formats, replaced, declared) if len(paths) > 1 else set()
    stored -= leaving - others
    items, reads, problems = [], [], []
    for p, f, named, digest, state, same in zip(paths, formats, replaced, digests, states, unchanged, strict=True):
        if same is not None:  # the store holds this content already: nothing to read (the write says "unchanged")
            items.append((same, tuple))
            continue
        try:
            # a file that replaces its dataset's older version cannot rely on the actors only that version
            # brought: they go with it (a changed edge list still naming one wrote no row for it, and it vanished)
            known = (stored - store.actors_only_in(named) if named else stored) | others
            read = _read(store, p, f, known, digest)
            if read.dataset.id != named:  # the dataset's id is in the file: known once it is read
                previous = store.dataset(read.dataset.id)
                gone = (store.actors_only_in(read.dataset.id) - others
                        if previous is not None and previous.sha256 != read.dataset.sha256 else set())
                if gone & known:
                    read = _read(store, p, f, known - gone, digest)
            if isinstance(read, StreamRead):
                if read.problems.has_errors:  # found before anything is written
                    problems.extend(read.problems.finish())
                    continue
                items.append((read.dataset, lambda r=read, p=p, s=state: chain(r.chunks, r.finish,
                                                                             _still_as_hashed(p, s))))
            else:
                items.append((read.dataset, lambda w=read, p=p, s=state: chain([w.case], _still_as_hashed(p, s))))
            reads.append(read)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    ids = [d.id for d, _ in items]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise UserError(f"two files define the same dataset {dupes}; rename one of them")
    renamed = _loaded_before_as_another(store, [d for d, _ in items])
    results = write_or_explain(store, items, paths, recalled)
    overflow = share_warnings(store, [r.dataset for r in results if r.status != "unchanged"])
    readers = {r.dataset.id: r.stats["lane"] for r in reads if "lane" in getattr(r, "stats", {})}
    return LoadReport(results, [w for r in reads for w in r.warnings] + renamed + overflow, readers)
