"""Shared plumbing for the interchange readers: ids, datasets, problem collection, provenance
payloads and chunked (streamed) output.

Every reader produces a :class:`StreamRead`: its dataset, an iterator of :class:`Case` chunks of
bounded size, and the warnings found on the way. ``read`` (what the loader calls) simply gathers the
chunks; :func:`kingmaker.io.streaming.load_streamed` writes them chunk by chunk in one transaction.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from kingmaker.errors import InvalidInput, Problem, UserError
from kingmaker.io.compressed import inner_name
from kingmaker.model import Actor, Case, CaseInfo, Evidence, Relation, Source
from kingmaker.model.ids import slugify
from kingmaker.store.store import Dataset


def bytes_from_env(name: str, default: int) -> int:
    """A size threshold in bytes from the environment variable ``name`` (``default`` when unset or empty); a
    value that is not a whole number of bytes is refused in one line naming the variable.

    >>> bytes_from_env("KINGMAKER_EXAMPLE_UNSET_MIN_BYTES", 1024)
    1024
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise UserError(f"{name}={raw!r}: write a whole number of bytes, e.g. {default}") from None


CHUNK_SIZE = 5000
MAX_SHOWN = 200  # problems of one kind kept in full; the rest are counted
_SAFE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


# -- ids ---------------------------------------------------------------------------------------------
def key(raw: str, maxlen: int = 96) -> str:
    """A slug-safe id part for a source identifier: the identifier itself when it already is one,
    else a readable slug plus a short hash of the original (so distinct ids never collide)."""
    raw = str(raw)
    if _SAFE.match(raw) and len(raw) <= maxlen:
        return raw
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]
    return f"{slugify(raw)[:maxlen - 11].strip('-') or 'x'}-{digest}"


def file_slug(path: Path) -> str:
    name = inner_name(Path(path))
    stem = re.sub(r"\.(json|jsonl|ndjson|xml|csv|txt)$", "", name, flags=re.I)
    return slugify(stem)[:80]


def file_state(path: Path) -> tuple:
    """What tells one version of a file from the next without reading it: (device, inode, size, modification time
    in ns); ``OSError`` where there is none."""
    st = Path(path).stat()
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_dataset_id(fmt: str, path: Path) -> str:
    """The id of the dataset a file of format ``fmt`` loads as, from its name: ``fmt:<file stem>``
    (:attr:`kingmaker.io.registry.Format.dataset_id`)."""
    return f"{fmt}:{file_slug(Path(path))}"


def make_dataset(fmt: str, path: Path, title: str | None = None, sha256: str | None = None) -> Dataset:
    """The dataset a file of format ``fmt`` loads as; ``sha256``: its digest where the loader computed it
    already (:func:`kingmaker.io.streaming.load_streamed`), else the file is hashed here."""
    path = Path(path)
    return Dataset(file_dataset_id(fmt, path), title or f"{fmt} file {path.name}", fmt, str(path),
                   sha256 or file_sha256(path))


# -- problems ----------------------------------------------------------------------------------------
def repeated_columns(path: Path | str, names: list[str]) -> Problem | None:
    """The problem with a header that names a column twice (which of the two holds the data cannot be
    told), or ``None``: one check for every CSV reader."""
    twice = sorted({c for c in names if names.count(c) > 1})
    if not twice:
        return None
    return Problem(str(path), f"column(s) named twice: {', '.join(twice)}", 1, None, twice[0],
                   "name each column once; which of the two holds the data cannot be told")


class Problems:
    """Collects problems for one file, keeping at most ``MAX_SHOWN`` of each message kind in full."""

    def __init__(self, path: Path | str):
        self.file = str(path)
        self.items: list[Problem] = []
        self._kinds: Counter = Counter()
        self._hidden: Counter = Counter()
        self.error_count = 0

    def add(self, message: str, *, line: int | None = None, record: str | None = None, field: str | None = None,
            hint: str | None = None, severity: str = "error", kind: str | None = None) -> None:
        if severity == "error":
            self.error_count += 1
        k = (severity, kind or message)
        self._kinds[k] += 1
        if self._kinds[k] > MAX_SHOWN:
            self._hidden[k] += 1
            return
        self.items.append(Problem(self.file, message, line, record, field, hint, severity))

    def warn(self, message: str, **kw) -> None:
        self.add(message, severity="warning", **kw)

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p.message, line=p.line, record=p.record, field=p.field, hint=p.hint, severity=p.severity)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def finish(self) -> list[Problem]:
        """All problems, plus one line per kind whose repeats were left out."""
        out = list(self.items)
        for (severity, kind), n in self._hidden.items():
            out.append(Problem(self.file, f"… and {n} more like: {kind}", severity=severity))
        return out

    def errors(self) -> list[Problem]:
        return [p for p in self.finish() if p.severity == "error"]

    def warnings(self) -> list[Problem]:
        return [p for p in self.finish() if p.severity != "error"]

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise InvalidInput(self.finish())


def model_error(exc: Exception) -> str:
    """The first message of a pydantic ``ValidationError`` (or any exception), without the noise."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            return str(first.get("msg", exc)).removeprefix("Value error, ")
        except Exception:  # pragma: no cover - defensive
            pass
    return str(exc)


# -- provenance payloads -----------------------------------------------------------------------------
PAYLOAD_PREFIX = "kingmaker-payload "


def payload_note(fmt: str, payload: dict) -> str:
    """An evidence note carrying a source record's fields that the model has no place for, verbatim,
    so that export can restore them (``kingmaker-payload <fmt> <json>``)."""
    return f"{PAYLOAD_PREFIX}{fmt} " + json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_payload(evidence: Evidence, fmt: str) -> dict | None:
    note = evidence.note or ""
    head = f"{PAYLOAD_PREFIX}{fmt} "
    if not note.startswith(head):
        return None
    try:
        value = json.loads(note[len(head):])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# -- chunked output ----------------------------------------------------------------------------------
@dataclass
class StreamRead:
    """A reader's output: the dataset, the content in chunks, and (complete once the chunks are used
    up) the warnings. Iterating ``chunks`` raises :class:`InvalidInput` if the file has errors."""

    dataset: Dataset
    chunks: Iterator[Case]
    problems: Problems
    stats: dict = field(default_factory=dict)
    #: what a load writes after the chunks, in its transaction: objects whose ``write_into(store, dataset_id,
    #: others)`` settle the new rows with the store's (:class:`kingmaker.io.bods.series.SeriesAcrossFiles`)
    finish: list = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.problems.warnings()


class CaseBuffer:
    """Accumulates model objects and hands them out as ``Case`` chunks of about ``size`` objects."""

    def __init__(self, info: CaseInfo, size: int = CHUNK_SIZE):
        self.info = info
        self.size = size
        self._reset()
        self.totals: Counter = Counter()

    def _reset(self) -> None:
        self.actors: list[Actor] = []
        self.relations: list[Relation] = []
        self.evidence: list[Evidence] = []
        self.sources: list[Source] = []
        self.designations: list = []

    def __len__(self) -> int:
        return len(self.actors) + len(self.relations) + len(self.evidence) + len(self.sources) + len(self.designations)

    def full(self) -> bool:
        return len(self) >= self.size

    def discard(self) -> None:
        self._reset()

    def take(self) -> Case:
        actors = list({a.id: a for a in self.actors}.values())
        case = Case(self.info, actors=actors, sources=self.sources, evidence=self.evidence,
                    relations=self.relations, designations=self.designations)
        self.totals.update(actors=len(self.actors), relations=len(self.relations), evidence=len(self.evidence),
                           sources=len(self.sources), designations=len(self.designations))
        self._reset()
        return case


def chunked(buf: CaseBuffer, problems: Problems, steps: Iterable[Any]) -> Iterator[Case]:
    """The readers' chunking loop: run ``steps`` (each fills ``buf`` with a record or so) and hand out a
    chunk whenever ``buf`` is full. Once the file has an error nothing will be written: keep checking
    (every problem gets reported) but hold nothing. At the end raise :class:`InvalidInput` if there
    were errors, else hand out the rest."""
    for _ in steps:
        if problems.has_errors:
            buf.discard()
        elif buf.full():
            yield buf.take()
    problems.raise_if_errors()
    if len(buf):
        yield buf.take()


Emit = Callable[[Path, set, Problems, CaseInfo, str], Iterator[Case]]


def open_stream(fmt: str, path: Path, title: str, emit: Emit, known_actors: set[str] | None = None,
                problems: Problems | None = None, sha256: str | None = None) -> StreamRead:
    """A reader's ``stream()``: dataset ``fmt:<file stem>`` (``sha256``: :func:`make_dataset`), and the chunks of
    ``emit(path, known_actors, problems, case_info, dataset_key)`` (a generator: runs as they are used)."""
    path = Path(path)
    problems = problems if problems is not None else Problems(path)
    dataset = make_dataset(fmt, path, title, sha256)
    info = CaseInfo(dataset.id, dataset.title)
    chunks = emit(path, set(known_actors or ()), problems, info, dataset.id.split(":", 1)[1])
    return StreamRead(dataset, chunks, problems)


def gather(read: StreamRead) -> Case:
    """All chunks of ``read`` as one case (for the in-memory loader path)."""
    whole: Case | None = None
    for chunk in read.chunks:
        if whole is None:
            whole = chunk
            continue
        whole.actors.extend(chunk.actors)
        whole.relations.extend(chunk.relations)
        whole.evidence.extend(chunk.evidence)
        whole.sources.extend(chunk.sources)
        whole.designations.extend(chunk.designations)
    return whole or Case(CaseInfo(read.dataset.id, read.dataset.title))


def dedupe_actors(case: Case) -> Case:
    """Keep the last description of each actor id (a later record supersedes an earlier one)."""
    seen: dict[str, Actor] = {}
    for a in case.actors:
        seen[a.id] = a
    case.actors = list(seen.values())
    return case


def as_reader(stream: Callable[..., StreamRead]):
    """Turn a ``stream`` function into the registry's ``read(path, known_actors, sha256=None) -> ReadResult``."""
    from kingmaker.io.registry import ReadResult

    def read(path: Path, known_actors: set[str], sha256: str | None = None) -> ReadResult:
        result = stream(Path(path), known_actors, sha256=sha256)
        case = dedupe_actors(gather(result))
        return ReadResult(case, result.dataset, result.warnings)

    return read


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
