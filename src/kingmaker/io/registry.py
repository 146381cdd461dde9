"""The registry of input formats. Each format module defines a :class:`Format` and is listed in
:data:`FORMAT_MODULES`; ``kingmaker load`` auto-detects among them or takes ``--format``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kingmaker.errors import Problem, UserError
from kingmaker.io.compressed import plain_head, utf16_name
from kingmaker.model import Case
from kingmaker.store import Dataset


@dataclass
class ReadResult:
    """What a reader produced from one file: a case-shaped bundle, its dataset identity, warnings."""

    case: Case
    dataset: Dataset
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    #: ``detect(path, head)``: whether the file is in this format; ``head`` is its first bytes, decompressed
    #: (:func:`head_bytes`)
    detect: Callable[[Path, bytes], bool]
    #: ``read(path, known, sha256=None)``: ``sha256``, the file's digest where the loader computed it already
    #: (the dataset takes it; the file is not hashed again)
    read: Callable[..., ReadResult]
    declared_actors: Callable[[Path], set[str]] = lambda path: set()
    #: the reader resolves references to its own file's records itself (a one-file load skips
    #: ``declared_actors``)
    resolves_own_records: bool = False
    #: ``read(path, known, resolve)`` also takes ``Store.actors_by_identifier`` (references by LEI, …)
    resolves_identifiers: bool = False
    #: ``dataset_id(path)``: the id of the dataset the file will be, from its name or a quick look (None, or no
    #: such function: the loader learns it by reading the file)
    dataset_id: Callable[[Path], str | None] | None = None
    #: ``named_actors(path)``: every actor the file writes a row for, where more than ``declared_actors`` (with
    #: ``dataset_id``: what a load of several files needs to know which actors a changed version of the dataset
    #: takes out of the store)
    named_actors: Callable[[Path], set[str]] | None = None


FORMAT_MODULES = [
    "kingmaker.io.case_format",
    "kingmaker.io.edges_csv",
    "kingmaker.io.bods.reader",
    "kingmaker.io.ftm",
    "kingmaker.io.gleif",
    "kingmaker.io.psc",
    "kingmaker.io.designations_csv",
]

_FORMATS: dict[str, Format] = {}
_LOADED = False


def register(fmt: Format) -> None:
    _FORMATS[fmt.name] = fmt


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise


def formats() -> dict[str, Format]:
    """All registered formats (importing every listed format module once)."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in FORMAT_MODULES:
            _import(name)
    return dict(_FORMATS)


def _first_bytes(path: Path, n: int = 4096) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def head_bytes(path: Path) -> bytes:
    """What :attr:`Format.detect` looks at: the file's first bytes, decompressed once for a gzip or zip file
    (:func:`~kingmaker.io.compressed.plain_head`)."""
    return plain_head(path, _first_bytes(path))


def format_for(path: Path, name: str | None = None) -> Format:
    """The format ``name``, or the first (in :data:`FORMAT_MODULES` order) that detects ``path``. Detection
    imports the format modules one at a time and stops at the first that recognises the file, so loading an
    edge list does not import followthemoney."""
    if Path(path).is_dir():
        raise UserError(f"{path}: is a directory; name the files in it")
    if name is not None:
        known = formats()
        if name not in known:
            raise UserError(f"unknown format {name!r}; known: {', '.join(sorted(known))}")
        return known[name]
    try:
        raw = _first_bytes(path)
    except OSError as exc:
        raise UserError(f"{path}: cannot read file: {exc.strerror}") from None
    head = plain_head(path, raw)  # decompressed once here, not by each detector
    tried: set[str] = set()
    for module in FORMAT_MODULES:
        _import(module)
        for fmt in list(_FORMATS.values()):  # in registration order: the modules' order
            if fmt.name not in tried:
                tried.add(fmt.name)
                if fmt.detect(path, head):
                    return fmt
    encoding = utf16_name(raw)
    if encoding:
        raise UserError(f"{path}: the file is {encoding} text; Kingmaker reads UTF-8: re-save it as UTF-8 "
                        "(e.g. iconv -f UTF-16 -t UTF-8)")
    raise UserError(f"{path}: cannot tell its format; pass --format ({', '.join(sorted(formats()))})")
