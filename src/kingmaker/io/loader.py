"""Load files into a store: detect each file's format, read and validate all of them, then write
them in one transaction (kingmaker.io.streaming). If any file has an error, nothing is written."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kingmaker.errors import Problem
from kingmaker.store import LoadResult, Store


@dataclass
class LoadReport:
    results: list[LoadResult] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: dataset id → how its file was read, where the reader says (BODS: "sql", or "record by record" and why)
    readers: dict[str, str] = field(default_factory=dict)


def load_files(store: Store, paths: Iterable[str | Path], fmt: str | None = None) -> LoadReport:
    """Load files in one transaction. Formats that can stream (BODS, PSC, …) are read and written
    chunk by chunk (kingmaker.io.streaming); the others are read whole."""
    from kingmaker.io.streaming import load_streamed

    return load_streamed(store, paths, fmt)
