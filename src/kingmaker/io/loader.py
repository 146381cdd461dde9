"""Load files into a store: detect each file's format, read and validate all of them, then write
them in one transaction. If any file has an error, nothing is written."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kingmaker.errors import InvalidInput, Problem, UserError
from kingmaker.io.registry import ReadResult, format_for
from kingmaker.store import LoadResult, Store


@dataclass
class LoadReport:
    results: list[LoadResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_files(paths: Iterable[str | Path], known_actors: set[str], fmt: str | None = None) -> list[ReadResult]:
    """Read and validate ``paths``; raises :class:`InvalidInput` with the problems of every file."""
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise UserError(f"{p}: no such file")
    formats = [format_for(p, fmt) for p in paths]
    known = set(known_actors)
    for p, f in zip(paths, formats):
        known |= f.declared_actors(p)
    results, problems = [], []
    for p, f in zip(paths, formats):
        try:
            results.append(f.read(p, known))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    ids = [r.dataset.id for r in results]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise UserError(f"two files define the same dataset {sorted(dupes)}; give each case its own id")
    return results


def load_files(store: Store, paths: Iterable[str | Path], fmt: str | None = None) -> LoadReport:
    """Load files in one transaction. Formats that can stream (BODS, PSC, …) are read and written
    chunk by chunk (kingmaker.io.streaming); the others are read whole."""
    from kingmaker.io.streaming import load_streamed

    return load_streamed(store, paths, fmt)
