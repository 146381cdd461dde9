"""Registers the YAML case-file format with the loader."""
from __future__ import annotations

from pathlib import Path

from kingmaker.io.compressed import inner_suffix
from kingmaker.io.case_yaml import case_dataset_id, declared_actor_ids, read_case
from kingmaker.io.registry import Format, ReadResult, register
from kingmaker.store import Dataset
from kingmaker.store.store import sha256_of


def _detect(path: Path, head: bytes) -> bool:
    return inner_suffix(path) in (".yaml", ".yml")


def _read(path: Path, known_actors: set[str], sha256: str | None = None) -> ReadResult:
    """A case file; ``sha256``: its digest where the loader computed it already."""
    result = read_case(path, known_actors)
    info = result.case.info
    dataset = Dataset(f"case:{info.id}", info.title, "case", str(path), sha256 or sha256_of(path.read_bytes()))
    return ReadResult(result.case, dataset, result.warnings)


register(Format("case", "Kingmaker YAML case file (docs/case-format.md)", _detect, _read, declared_actor_ids,
                dataset_id=case_dataset_id))
