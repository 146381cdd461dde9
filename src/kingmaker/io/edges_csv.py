"""The ``edges-csv`` format: a plain edge list, one tie per line (docs/edges-csv.md).

Columns ``holder,subject,share`` and optionally ``share_min,share_max,min_exclusive,max_exclusive,kind,
holder_kind,subject_kind,valid_from,valid_to``. Shares are percentages (0–100). Files are parsed and
checked column-wise with pyarrow, so a million edges take seconds; :func:`read_edge_table` gives the
checked columns without building model objects (what the bulk analyses and the benchmarks use), and
:func:`write_edges_csv` writes the same layout from a snapshot or a list of relations.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kingmaker.errors import InvalidInput, Problem, UserError
from kingmaker.io.common import Problems as CommonProblems
from kingmaker.io.common import StreamRead, file_sha256, repeated_columns
from kingmaker.io.compressed import READ_ERRORS, inner_suffix, input_problem, open_input
from kingmaker.io.limits import current
from kingmaker.io.registry import Format, ReadResult, register
from kingmaker.model import Actor, ActorKind, Case, CaseInfo, Name, Relation, RelationKind, Share, Validity
from kingmaker.model.ids import SLUG_PATTERN, slugify
from kingmaker.model.kinds import EDGE_KINDS  # kinds without required kind-specific attributes
from kingmaker.model.relation import ATTRS_BY_KIND, SHARE_KINDS
from kingmaker.model.share import DECIMAL_COMMA_HINT
from kingmaker.model.time import Precision, empty_validity, format_partial_date, parse_partial_date
from kingmaker.store import Dataset

COLUMNS = ("holder", "subject", "share", "share_min", "share_max", "min_exclusive", "max_exclusive", "kind",
           "holder_kind", "subject_kind", "valid_from", "valid_to")
REQUIRED = ("holder", "subject")
ACTOR_KINDS = tuple(k.value for k in ActorKind)
TRUE, FALSE = ("true", "1", "yes", "y", "t"), ("false", "0", "no", "n", "f", "")
MAX_PROBLEMS = 50


def _detect(path: Path, head: bytes) -> bool:
    if inner_suffix(path) not in (".csv", ".tsv", ".txt"):
        return False
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip().lower()
    cols = [c.strip().strip('"') for c in first.split(",")]
    return "holder" in cols and "subject" in cols


class RowProblems:
    def __init__(self, path: Path):
        self.path, self.items = str(path), []

    def add(self, rows: np.ndarray, field: str | None, message: str, hint: str | None = None) -> None:
        for r in rows[: max(0, MAX_PROBLEMS - len(self.items))]:
            self.items.append(Problem(self.path, message, int(r) + 2, f"edge {int(r) + 1}", field, hint))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)


def _strings(table: pa.Table, name: str) -> pa.ChunkedArray | None:
    return table.column(name) if name in table.column_names else None


def _bool(col: pa.ChunkedArray | None, n: int, name: str, problems: RowProblems) -> np.ndarray:
    if col is None:
        return np.zeros(n, bool)
    low = pc.utf8_lower(pc.utf8_trim_whitespace(pc.fill_null(col, "")))
    ok = pc.is_in(low, pa.array(TRUE + FALSE))
    bad = np.flatnonzero(~np.asarray(ok.to_numpy(zero_copy_only=False), bool))
    problems.add(bad, name, "not a yes/no value", "write true or false")
    return np.asarray(pc.is_in(low, pa.array(TRUE)).to_numpy(zero_copy_only=False), bool)


def _number(col: pa.ChunkedArray | None, n: int, name: str, problems: RowProblems) -> tuple[np.ndarray, np.ndarray]:
    """(values in percent with NaN for empty, present mask)."""
    if col is None:
        return np.full(n, np.nan), np.zeros(n, bool)
    text = pc.utf8_trim(pc.fill_null(col, ""), characters=" %")
    present = np.asarray(pc.not_equal(text, "").to_numpy(zero_copy_only=False), bool)
    numeric = pc.match_substring_regex(text, r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
    bad = np.flatnonzero(present & ~np.asarray(numeric.to_numpy(zero_copy_only=False), bool))
    problems.add(bad, name, "not a number", f"write a percentage such as 25 or 12.5 ({DECIMAL_COMMA_HINT})")
    safe = pc.if_else(numeric, text, "nan")
    vals = np.array(pc.cast(safe, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
    vals[~present] = np.nan
    out_of_range = np.flatnonzero(present & ((vals < 0) | (vals > 100)))
    problems.add(out_of_range, name, "a share is a percentage from 0 to 100")
    vals[out_of_range] = np.nan  # reported once: not compared again with the other end (150 or 1e400 "above share_max")
    return vals, present


@dataclass
class EdgeTable:
    """Checked columns of an edges-csv file (shares in percent; NaN where not given). ``holder`` and
    ``subject`` hold actor ids (:func:`edge_actor_id`); ``names`` gives the text the file wrote for each id
    that differs from it, and ``spellings`` the ids the file wrote in more than one way (line numbers)."""

    table: pa.Table  # the string columns, holder and subject as actor ids
    lo: np.ndarray
    hi: np.ndarray
    lo_x: np.ndarray
    hi_x: np.ndarray
    has_share: np.ndarray
    kind: np.ndarray  # object array of kind names
    names: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.table.num_rows

    def name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)


_SLUG = re.compile(SLUG_PATTERN)


def edge_actor_id(text: str) -> str:
    """The actor id of an id written in an edge list: any non-empty text is accepted. A slug stays as it
    is; other text is read in lower case where that is a slug — ids compare without regard to case, as
    company numbers and LEIs do (``SC123456`` → ``sc123456``, an LEI → the same LEI in lower case); any
    other text becomes a slug of it with a short digest of the text (case aside), so that different
    texts stay different actors. The text itself becomes the actor's name.

    >>> edge_actor_id("SC123456"), edge_actor_id("acme-ltd")
    ('sc123456', 'acme-ltd')
    >>> edge_actor_id("Müller & Söhne GmbH") == edge_actor_id("MÜLLER & SÖHNE GMBH")
    True
    """
    low = text.lower()
    if _SLUG.match(low) and len(low) <= 200:
        return low
    digest = hashlib.blake2b(text.casefold().encode("utf-8"), digest_size=4).hexdigest()
    return f"{slugify(text)[:120]}.{digest}"


def _actor_ids(col: pa.ChunkedArray, role: str, problems: RowProblems, names: dict[str, str],
               spellings: dict[str, dict[str, int]]) -> pa.ChunkedArray:
    """``col`` (trimmed) as actor ids (:func:`edge_actor_id`); a column of slugs goes through untouched.
    An empty id is an error naming its line; the texts read as another id are added to ``names`` and
    ``spellings`` (id → text → first line)."""
    problems.add(np.flatnonzero(~np.asarray(pc.not_equal(col, "").to_numpy(zero_copy_only=False), bool)), role,
                 "an actor id cannot be empty", "write the actor's id, company number, LEI or name")
    is_slug = np.asarray(pc.match_substring_regex(col, SLUG_PATTERN).to_numpy(zero_copy_only=False), bool)
    if is_slug.all():
        return col
    values = np.asarray(col.to_numpy(zero_copy_only=False), object)
    mapped: dict[str, str] = {}
    for row in np.flatnonzero(~is_slug).tolist():
        text = values[row]
        if not text:
            continue
        aid = mapped.get(text)
        if aid is None:
            aid = mapped[text] = edge_actor_id(text)
            names.setdefault(aid, text)
        found = spellings.setdefault(aid, {})
        found[text] = min(found.get(text, row + 2), row + 2)
        values[row] = aid
    return pa.chunked_array([pa.array(values.tolist(), pa.string())])


def _written_as_ids(spellings: dict[str, dict[str, int]], written: list[pa.ChunkedArray]) -> None:
    """Add to ``spellings`` where an id read from other text is also written as itself (its first line)."""
    if not spellings:
        return
    for col in written:
        hit = np.asarray(pc.is_in(col, pa.array(list(spellings))).to_numpy(zero_copy_only=False), bool)
        values = col.to_pylist() if hit.any() else []
        for row in np.flatnonzero(hit).tolist():
            found = spellings[values[row]]
            found[values[row]] = min(found.get(values[row], row + 2), row + 2)


def read_edge_table(path: str | Path) -> EdgeTable:
    """Parse and check an edges-csv file column-wise; raises :class:`InvalidInput` naming line and field."""
    path = Path(path)
    problems = RowProblems(path)
    table, names, spellings = actor_columns(parse_edges(path), problems)
    lo, hi, lo_x, hi_x, has_share, kind = check_values(table, problems)
    holders = np.asarray(table.column("holder").to_numpy(zero_copy_only=False), object)
    subjects = np.asarray(table.column("subject").to_numpy(zero_copy_only=False), object)
    problems.add(np.flatnonzero((holders == subjects) & ~np.isin(kind, SELF_KINDS)),
                 "subject", "holder and subject are the same actor")
    problems.raise_if_any()
    return EdgeTable(table, lo, hi, lo_x, hi_x, has_share, kind, names, several_spellings(spellings))


#: the kinds a tie may have with holder and subject the same actor (a company holding its own shares)
SELF_KINDS = ("shareholding", "voting_rights")


def parse_edges(path: Path) -> pa.Table:
    """The file's columns as text (the header checked: no unknown, repeated or missing column); raises
    :class:`InvalidInput` for a header or a file that is not CSV."""
    try:
        with open_input(path) as fh:
            first = fh.readline(current().max_record_bytes)
            only_header = not fh.read(1)  # nothing after it (pyarrow cannot skip a header with no line end)
    except READ_ERRORS as exc:
        raise InvalidInput([input_problem(path, exc) or Problem(str(path), str(exc))]) from None
    names = _column_names(first)
    if not names:
        raise InvalidInput([Problem(str(path), "the file is empty" if only_header else "the first line is empty", 1,
                                    hint="the first line must name the columns, e.g. holder,subject,share")])
    if (twice := repeated_columns(path, names)) is not None:
        raise InvalidInput([twice])
    unknown = [c for c in names if c not in COLUMNS]
    if unknown:
        raise InvalidInput([Problem(str(path), f"unknown column(s) {unknown}", 1, None, unknown[0],
                                    f"columns are {', '.join(COLUMNS)}")])
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InvalidInput([Problem(str(path), f"missing column(s) {missing}", 1, None, missing[0],
                                    "the first line must name the columns, e.g. holder,subject,share")])
    if only_header:  # an edge list without edges
        return pa.table({c: pa.array([], pa.string()) for c in names})
    try:
        with open_input(path) as fh:  # decompressed (and bounded) by open_input, not by pyarrow's guess from the name
            return pacsv.read_csv(
                # the header as checked above (spaces around a name trimmed), not as pyarrow would spell it
                fh, read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24, column_names=names,
                                                   skip_rows=1),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                     strings_can_be_null=False),
            )
    except (pa.ArrowInvalid, *READ_ERRORS) as exc:
        problem = input_problem(path, exc) or (_unreadable_row(path, names) if isinstance(exc, pa.ArrowInvalid)
                                               else None)
        raise InvalidInput([problem or Problem(str(path), f"not a readable CSV file: {exc}")]) from None


def _column_names(first: bytes) -> list[str]:
    """The names the header line ``first`` gives its columns (spaces and quotes around a name trimmed)."""
    header = first.decode("utf-8-sig", "replace").strip()
    return [c.strip().strip('"') for c in header.split(",")] if header else []


def _unreadable_row(path: Path, names: list[str]) -> Problem | None:
    """The first row pyarrow could not read, found again line by line (its errors name no line): a byte that
    is not UTF-8, or more or fewer fields than the header names. Only on that error path; ``None`` when the
    Python reader finds nothing (pyarrow's message is given then)."""
    line, edge = 0, 0

    def decoded(fh):
        nonlocal line
        for line, raw in enumerate(fh, 1):
            yield raw.decode("utf-8-sig" if line == 1 else "utf-8")

    try:
        with open_input(path) as fh:
            rows = csv.reader(decoded(fh))
            next(rows, None)  # the header
            while (row := next(rows, None)) is not None:
                first = line - sum(c.count("\n") for c in row)  # the row's first line (quoted line breaks)
                if not row:  # pyarrow skips blank lines
                    continue
                edge += 1
                if row[-1].endswith("\n"):  # only a quote left open reads the file's last line end into a value
                    return Problem(str(path), "a quoted value is not closed before the end of the file", first + 1,
                                   f"edge {edge}", hint='close it with a " (a quote inside a value is written "")')
                if len(row) != len(names):
                    return Problem(str(path), f"{len(row)} fields where the header names {len(names)}", first,
                                   f"edge {edge}", hint="quote a value that holds a comma")
    except UnicodeDecodeError as exc:
        text = exc.object.decode("utf-8", "replace")
        cells = next(csv.reader([text]), [])
        field = next((names[i] for i, c in enumerate(cells[:len(names)]) if "\ufffd" in c), None)
        problem = input_problem(path, exc, line=line, record=f"edge {edge + 1}" if line > 1 else None)
        return problem and dataclasses.replace(problem, field=field)
    except (csv.Error, *READ_ERRORS):
        return None
    return None


def actor_columns(table: pa.Table, problems: RowProblems) -> tuple[pa.Table, dict[str, str], dict[str, dict[str, int]]]:
    """``table`` with holder and subject as actor ids (:func:`_actor_ids`), the names the file wrote for ids
    that differ from them, and every id's spellings (id → text → first line)."""
    names: dict[str, str] = {}
    spellings: dict[str, dict[str, int]] = {}
    written = []
    for name in ("holder", "subject"):
        written.append(pc.utf8_trim_whitespace(table.column(name)))
        table = table.set_column(table.column_names.index(name), name,
                                 _actor_ids(written[-1], name, problems, names, spellings))
    _written_as_ids(spellings, written)
    return table, names, spellings


def check_values(table: pa.Table, problems: RowProblems) -> tuple[np.ndarray, ...]:
    """The checks of each row's own values (kind, actor kinds, shares, exclusive ends), problems added to
    ``problems``; returns (low, high, exclusive low, exclusive high, has a share, kind) per row. Holder and
    subject are not read: the bulk lane (:mod:`kingmaker.io.edges_sql`) runs this on the file's distinct
    value combinations."""
    n = table.num_rows
    kind_col = _strings(table, "kind")
    kind = (np.array(pc.fill_null(pc.utf8_trim_whitespace(kind_col), "").to_numpy(zero_copy_only=False), object)
            if kind_col is not None else np.full(n, "", object))
    kind[kind == ""] = "shareholding"
    bad = np.flatnonzero(~np.isin(kind, EDGE_KINDS))
    problems.add(bad, "kind", "unknown or unsupported relation kind", f"use one of {', '.join(EDGE_KINDS)}")
    for name in ("holder_kind", "subject_kind"):
        col = _strings(table, name)
        if col is not None:
            vals = np.asarray(pc.utf8_trim_whitespace(col).to_numpy(zero_copy_only=False), object)
            problems.add(np.flatnonzero((vals != "") & ~np.isin(vals, ACTOR_KINDS)), name, "unknown actor kind",
                         f"use one of {', '.join(ACTOR_KINDS)} (written in lower case)")
    exact, has_exact = _number(_strings(table, "share"), n, "share", problems)
    smin, has_min = _number(_strings(table, "share_min"), n, "share_min", problems)
    smax, has_max = _number(_strings(table, "share_max"), n, "share_max", problems)
    min_x = _bool(_strings(table, "min_exclusive"), n, "min_exclusive", problems)
    max_x = _bool(_strings(table, "max_exclusive"), n, "max_exclusive", problems)
    problems.add(np.flatnonzero(has_exact & (has_min | has_max)), "share",
                 "give either share or share_min/share_max, not both")
    lo = np.where(has_exact, exact, np.where(has_min, smin, 0.0))
    hi = np.where(has_exact, exact, np.where(has_max, smax, 100.0))
    has_share = has_exact | has_min | has_max
    problems.add(np.flatnonzero(has_share & (lo > hi)), "share_min", "share_min is above share_max")
    problems.add(np.flatnonzero(has_share & (lo == hi) & (min_x | max_x) & ~has_exact), "min_exclusive",
                 "an interval with equal ends and an exclusive end is empty")
    problems.add(np.flatnonzero(has_exact & (min_x | max_x)), "min_exclusive",
                 "an exact share has no exclusive ends", "use share_min/share_max for a band")
    problems.add(np.flatnonzero(has_share & np.isin(kind, EDGE_KINDS) & ~np.isin(kind, [k.value for k in SHARE_KINDS])),
                 "share", "this kind of relation takes no share")  # an unknown kind is its own error
    return lo, hi, min_x & ~has_exact, max_x & ~has_exact, has_share, kind


def several_spellings(spellings: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """The ids the file wrote in more than one way, each with its spellings and their first lines."""
    return {aid: sorted(found.items(), key=lambda x: x[1]) for aid, found in spellings.items() if len(found) > 1}


def spelling_warnings(several: dict[str, list[tuple[str, int]]], problems: CommonProblems) -> None:
    """One warning per actor the file wrote in more than one way (``SC123456`` and ``sc123456``)."""
    for aid, found in sorted(several.items()):
        written = ", ".join(f"{text!r} (line {line})" for text, line in found)
        problems.warn(f"{written} differ only in case: read as one actor {aid!r}", line=found[1][1],
                      record=f"actor {aid}", kind="one actor written several ways")


def _kinds(et: EdgeTable, problems: RowProblems) -> dict[str, str]:
    """Actor kinds stated in the file (first statement wins; a contradiction is an error)."""
    kinds: dict[str, str] = {}
    for role in ("holder", "subject"):
        col = _strings(et.table, f"{role}_kind")
        if col is None:
            continue
        ids = et.table.column(role).to_pylist()
        for row, (a, k) in enumerate(zip(ids, pc.utf8_trim_whitespace(col).to_pylist())):
            if not k:
                continue
            if kinds.setdefault(a, k) != k:
                problems.add(np.array([row]), f"{role}_kind", f"actor {a!r} is a {kinds[a]} elsewhere in this file")
    return kinds


def _dates(table: pa.Table, name: str, problems: RowProblems) -> tuple[list[date | None], list[Precision]]:
    """Each row's date in column ``name`` (a partial date as its first day) and the precision written."""
    col = _strings(table, name)
    if col is None:
        return [None] * table.num_rows, ["day"] * table.num_rows
    out: list[date | None] = []
    precisions: list[Precision] = []
    for row, v in enumerate(col.to_pylist()):
        v = (v or "").strip()
        day, precision = None, "day"
        if v:
            try:
                day, precision = parse_partial_date(v)
            except ValueError as exc:
                problems.add(np.array([row]), name, str(exc))
        out.append(day)
        precisions.append(precision)
    return out, precisions


def _share(lo: float, hi: float, lo_x: bool, hi_x: bool, raw: tuple[str, str, str]) -> Share:
    exact, smin, smax = (r.strip().rstrip("%").strip() for r in raw)
    if exact:
        d = Decimal(exact)
        return Share.model_construct(lower=d, upper=d, lower_inclusive=True, upper_inclusive=True)
    return Share.model_construct(lower=Decimal(smin) if smin else None, upper=Decimal(smax) if smax else None,
                                 lower_inclusive=not lo_x, upper_inclusive=not hi_x)


def _checked(path: Path) -> tuple[EdgeTable, dict[str, str], "Validities"]:
    """The file's checked columns, actor kinds and validity dates; raises :class:`InvalidInput` on any error."""
    et = read_edge_table(path)
    problems = RowProblems(path)
    kinds = _kinds(et, problems)
    dates = validity(et.table, problems)
    problems.raise_if_any()
    return et, kinds, dates


@dataclass
class Validities:
    """Each row's start and end of validity, a partial date (``2020``, ``2020-06``) as its first day with the
    precision the file wrote (:class:`~kingmaker.model.time.Validity`'s ``from_precision``/``to_precision``,
    as a case file keeps them)."""

    starts: list[date | None]
    ends: list[date | None]
    from_precision: list[Precision]
    to_precision: list[Precision]
    empty: list[int] = field(default_factory=list)  # the rows whose validity holds no day (from = to)

    def precisions(self, row: int) -> tuple[Precision, Precision]:
        return self.from_precision[row], self.to_precision[row]

    def warn_empty(self, problems: CommonProblems, rows: Iterable[int] | None = None, at=None) -> None:
        """A warning per file row whose validity holds no day (:func:`~kingmaker.model.time.empty_validity`, as a
        case file gives), naming its line: ``rows`` (default: :attr:`empty`), each at index ``at[row]`` of these
        dates (the DuckDB lane's value combinations; default: the row itself)."""
        for row in self.empty if rows is None else rows:
            i = row if at is None else int(at[row])
            message, hint = empty_validity(self.starts[i], self.ends[i], self.from_precision[i], self.to_precision[i])
            problems.warn(message, line=int(row) + 2, record=f"edge {int(row) + 1}", field="valid_to", hint=hint,
                          kind="a validity that holds no day")


def validity(table: pa.Table, problems: RowProblems) -> Validities:
    """Each row's start and end of validity, checked."""
    (starts, from_p), (ends, to_p) = _dates(table, "valid_from", problems), _dates(table, "valid_to", problems)
    empty = []
    for row, (a, b) in enumerate(zip(starts, ends)):
        if a and b and b <= a:
            if b < a:
                problems.add(np.array([row]), "valid_to", f"validity ends ({b}) before it starts ({a})")
            else:
                empty.append(row)
    return Validities(starts, ends, from_p, to_p, empty)


def _dataset_id(path: Path) -> str:
    return f"edges-csv:{slugify(Path(path).stem)}"


def _info(path: Path, sha256: str | None = None) -> tuple[CaseInfo, Dataset]:
    """The file's case and dataset; ``sha256``: its digest where the loader computed it already."""
    info = CaseInfo(_dataset_id(path), f"Edge list {path.name}")
    return info, Dataset(info.id, info.title, "edges-csv", str(path), sha256 or file_sha256(path))


def _read(path: Path, known_actors: set[str], sha256: str | None = None) -> ReadResult:
    """The file as model objects (``kingmaker validate``, Python callers); a load streams prepared rows
    instead (:func:`stream`)."""
    et, kinds, dates = _checked(path)
    stem = slugify(path.stem)
    t = et.table
    holders, subjects = t.column("holder").to_pylist(), t.column("subject").to_pylist()
    raw = [t.column(c).to_pylist() if c in t.column_names else [""] * len(et) for c in ("share", "share_min", "share_max")]
    attrs = {k: ATTRS_BY_KIND[RelationKind(k)]() for k in EDGE_KINDS}
    relations = []
    for i in range(len(et)):
        k = et.kind[i]
        share = _share(et.lo[i], et.hi[i], bool(et.lo_x[i]), bool(et.hi_x[i]), (raw[0][i], raw[1][i], raw[2][i])) \
            if et.has_share[i] else None
        relations.append(Relation.model_construct(
            id=f"{stem}:{i + 2}", kind=RelationKind(k), holder=holders[i], subject=subjects[i], share=share,
            validity=Validity.model_construct(valid_from=dates.starts[i], valid_to=dates.ends[i],
                                              from_precision=dates.from_precision[i],
                                              to_precision=dates.to_precision[i]), attrs=attrs[k]))
    actors = [_actor(a, kinds.get(a, "company"), et.name(a)) for a in _new_actors(holders, subjects, kinds, known_actors)]
    info, dataset = _info(path, sha256)
    warnings = CommonProblems(path)
    spelling_warnings(et.spellings, warnings)
    dates.warn_empty(warnings)
    return ReadResult(Case(info, actors=actors, relations=relations), dataset, warnings.warnings())


def _new_actors(holders: list[str], subjects: list[str], kinds: dict[str, str], known_actors: set[str]) -> list[str]:
    """The file's actors in order of appearance, less those already known without a kind stated here (an
    actor in the store or in another file keeps its own kind)."""
    return [a for a in dict.fromkeys(holders + subjects) if a not in known_actors or a in kinds]


def _actor(actor_id: str, kind: str, name: str | None = None) -> Actor:
    return Actor.model_construct(id=actor_id, kind=ActorKind(kind), names=(Name.model_construct(name=name or actor_id),))


#: relations per chunk when a load streams an edge list (bounded memory; DuckDB spills the rest)
STREAM_CHUNK = 100_000


class RowTemplates:
    """The stored JSON of an edge list's rows, made without a model object per row: each relation kind's and
    actor kind's JSON is the model's own dump with markers where the values go, and each distinct share
    (registers repeat a few thousand values) is dumped by the model once. ``tests/io/test_edges_stream.py``
    checks that every row equals ``model_dump_json()`` of the object :func:`_read` builds."""

    MARK = "\u2063{}\u2063"  # invisible separator: never in a marker-free dump

    def __init__(self) -> None:
        self.relation: dict[tuple, list[str]] = {}
        self.actor: dict[str, list[str]] = {}
        self.shares: dict[tuple, tuple[str, float, float]] = {}

    def _split(self, dump: str, names: tuple[str, ...]) -> list[str]:
        import json

        parts, rest = [], dump
        for name in names:
            marker = json.dumps(self.MARK.format(name), ensure_ascii=False)
            head, found, rest = rest.partition(marker)
            if not found:
                raise AssertionError(f"marker {name} not in the model's dump")  # pragma: no cover
            parts.append(head)
        return parts + [rest]

    def relation_parts(self, kind: str, precisions: tuple[Precision, Precision] = ("day", "day")) -> list[str]:
        """The JSON of a relation of ``kind`` around its id, holder, subject, share, start and end; the last part
        says the precisions of its start and end (:class:`Validities`)."""
        parts = self.relation.get((kind, precisions))
        if parts is None:
            m = self.MARK.format
            proto = Relation.model_construct(
                id=m("id"), kind=RelationKind(kind), holder=m("holder"), subject=m("subject"), share=None,
                validity=Validity.model_construct(valid_from=None, valid_to=None, from_precision=precisions[0],
                                                  to_precision=precisions[1]),
                attrs=ATTRS_BY_KIND[RelationKind(kind)]()).model_dump_json()
            head, rest = self._split(proto, ("id", "holder", "subject"))[:3], self._split(proto, ("subject",))[1]
            share_at = rest.index('"share":null') + len('"share":')
            dates = rest.index('"valid_from":null,"valid_to":null')
            parts = [*head, rest[:share_at], rest[share_at + 4:dates + len('"valid_from":')],
                     rest[dates + len('"valid_from":null'):dates + len('"valid_from":null,"valid_to":')],
                     rest[dates + len('"valid_from":null,"valid_to":null'):]]
            self.relation[(kind, precisions)] = parts
        return parts

    def actor_parts(self, kind: str) -> list[str]:
        parts = self.actor.get(kind)
        if parts is None:
            m = self.MARK.format
            parts = self._split(_actor(m("id"), kind).model_copy(
                update={"names": (Name.model_construct(name=m("name")),)}).model_dump_json(), ("id", "name"))
            self.actor[kind] = parts
        return parts

    def share(self, key: tuple) -> tuple[str, float, float]:
        """(JSON, low, high) of the share of one raw (share, share_min, share_max, min_x, max_x)."""
        out = self.shares.get(key)
        if out is None:
            share = _share(0.0, 0.0, key[3], key[4], key[:3])
            out = self.shares[key] = (share.model_dump_json(), float(share.low), float(share.high))
        return out


def json_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def date_json(d: date | None) -> str:
    return "null" if d is None else f'"{d.isoformat()}"'


def stream(path: Path, known_actors: set[str], *, sha256: str | None = None) -> StreamRead:
    """An edge list as chunks of prepared rows (:class:`~kingmaker.store.store.PreparedRelation`,
    :class:`~kingmaker.store.store.PreparedActor`) for the store: the same rows as :func:`_read`'s model
    objects would write, without building them, :data:`STREAM_CHUNK` relations at a time. Errors are
    raised (:class:`InvalidInput`) before the first chunk.

    A large file goes to the DuckDB lane first (:mod:`kingmaker.io.edges_sql`: the same checks, and DuckDB
    writes the same rows); where it declines, these chunks are written instead (``stats["lane"]`` says why)."""
    from kingmaker.io import edges_sql

    path = Path(path)
    stats: dict = {}
    if edges_sql.wanted(path):
        lane = edges_sql.prepare(path, known_actors)
        if lane.declined is None:
            info, dataset = _info(path, sha256)
            problems = CommonProblems(path)
            spelling_warnings(lane.spellings, problems)
            if lane.empty_validity is not None:
                lane.empty_validity.warn_empty(problems, *lane.empty_rows)
            return StreamRead(dataset, _after_lane(lane, path, known_actors, info), problems, lane.stats)
        stats["lane"] = f"column by column (the SQL lane declined: {lane.declined})"
    et, kinds, dates = _checked(path)
    info, dataset = _info(path, sha256)
    problems = CommonProblems(path)
    spelling_warnings(et.spellings, problems)
    dates.warn_empty(problems)
    return StreamRead(dataset, _chunks(path, et, kinds, dates, known_actors, info), problems, stats)


def _after_lane(lane, path: Path, known_actors: set[str], info: CaseInfo):
    """The lane's one chunk (it writes itself, :meth:`kingmaker.io.edges_sql.EdgeLoad.write_into`); if it
    declines there, the file's prepared rows instead."""
    yield lane
    if lane.declined is None:
        return
    et, kinds, dates = _checked(path)
    yield from _chunks(path, et, kinds, dates, known_actors, info)


def _chunks(path: Path, et: EdgeTable, kinds: dict[str, str], dates: Validities, known_actors: set[str],
            info: CaseInfo):
    from kingmaker.store.store import PreparedActor, PreparedRelation

    stem = slugify(path.stem)
    t = et.table
    holders, subjects = t.column("holder").to_pylist(), t.column("subject").to_pylist()
    tpl = RowTemplates()
    names = {}
    actors = []
    for a in _new_actors(holders, subjects, kinds, known_actors):
        kind = kinds.get(a, "company")
        p = tpl.actor_parts(kind)
        js = names.setdefault(a, json_str(a))
        shown = et.name(a)
        actors.append(PreparedActor(a, ActorKind(kind), shown, None, {},
                                    f"{p[0]}{js}{p[1]}{js if shown == a else json_str(shown)}{p[2]}", a not in kinds,
                                    named_only=True))
        if len(actors) >= STREAM_CHUNK:  # actors in chunks too: half a million of them at once is ~0.4 GB
            yield Case(info, actors=actors)
            actors = []
    del holders, subjects  # the relations read their columns a chunk at a time (10⁶ rows as Python objects: ~0.2 GB)
    relation_kinds = {k: RelationKind(k) for k in EDGE_KINDS}
    share_cols = [c if c in t.column_names else None for c in ("share", "share_min", "share_max")]
    id_head = json_str(f"{stem}:")[:-1]  # the ids are "<stem>:<line>": the stem's JSON once, the line after it
    starts, ends = dates.starts, dates.ends
    for first in range(0, len(et), STREAM_CHUNK):
        last = min(first + STREAM_CHUNK, len(et))
        part = t.slice(first, last - first)
        holders, subjects = part.column("holder").to_pylist(), part.column("subject").to_pylist()
        raw = [part.column(c).to_pylist() if c else None for c in share_cols]
        lo_x, hi_x, has_share, kind_col = (a[first:last].tolist() for a in (et.lo_x, et.hi_x, et.has_share, et.kind))
        rels = []
        for j in range(last - first):
            i = first + j
            k = kind_col[j]
            p = tpl.relation_parts(k, dates.precisions(i))
            if has_share[j]:
                share_json, low, high = tpl.share((raw[0][j] if raw[0] is not None else "",
                                                   raw[1][j] if raw[1] is not None else "",
                                                   raw[2][j] if raw[2] is not None else "", lo_x[j], hi_x[j]))
            else:
                share_json, low, high = "null", None, None
            rid = f"{stem}:{i + 2}"
            h, s = holders[j], subjects[j]
            hj = names.get(h) or names.setdefault(h, json_str(h))
            sj = names.get(s) or names.setdefault(s, json_str(s))
            data = (f"{p[0]}{id_head}{i + 2}\"{p[1]}{hj}{p[2]}{sj}{p[3]}{share_json}{p[4]}{date_json(starts[i])}{p[5]}"
                    f"{date_json(ends[i])}{p[6]}")
            rels.append(PreparedRelation(rid, relation_kinds[k], h, s, starts[i], ends[i], low, high, data))
        yield Case(info, actors=actors, relations=rels)
        actors = []
    if actors:
        yield Case(info, actors=actors)


# -- writing ------------------------------------------------------------------------------------------
def _num(d: Decimal | None) -> str:
    return "" if d is None else format(d.normalize(), "f")


def write_edges_csv(source, path: str | Path, actors: dict[str, Actor] | None = None) -> int:
    """Write a snapshot's (or a list of relations') ties as edges-csv; returns the number of rows.

    Only the columns of the format are kept (kind-specific attributes and evidence are not); holder and
    subject kinds are written when the actors are known (from the snapshot or ``actors``)."""
    if hasattr(source, "relations") and hasattr(source, "actors"):
        relations: Iterable[Relation] = source.relations
        actors = dict(source.actors) if actors is None else actors
    else:
        relations = source
    actors = actors or {}
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in relations:
            s = r.share
            share = smin = smax = ""
            minx = maxx = ""
            if s is not None:
                if s.is_exact:
                    share = _num(s.lower)
                else:
                    smin, smax = _num(s.lower), _num(s.upper)
                    minx = "true" if (s.lower is not None and not s.lower_inclusive) else ""
                    maxx = "true" if (s.upper is not None and not s.upper_inclusive) else ""
            hk = actors[r.holder].kind.value if r.holder in actors else ""
            sk = actors[r.subject].kind.value if r.subject in actors else ""
            v = r.validity
            w.writerow([r.holder, r.subject, share, smin, smax, minx, maxx, r.kind.value, hk, sk,
                        format_partial_date(v.valid_from, v.from_precision) if v.valid_from else "",
                        format_partial_date(v.valid_to, v.to_precision) if v.valid_to else ""])
            rows += 1
    return rows


def declared_actors(path: Path) -> set[str]:
    """The actors whose kind this file states (``holder_kind``/``subject_kind``). In a load of several files
    another edge list that names them without a kind refers to them — ``kingmaker load a.csv b.csv`` where
    only ``a.csv`` says ``alice`` is a person reads as loading ``a.csv`` then ``b.csv`` — instead of creating
    them again as companies, which contradicted ``a.csv``. A file with errors declares nothing here; its read
    reports them."""
    try:
        with open_input(path) as fh:  # most edge lists state no kinds: then the header is all there is to read
            if not {"holder_kind", "subject_kind"} & set(_column_names(fh.readline(current().max_record_bytes))):
                return set()
        return set(_kinds(read_edge_table(path), RowProblems(path)))
    except (InvalidInput, UserError, *READ_ERRORS):
        return set()


def named_actors(path: Path) -> set[str]:
    """Every actor the file names, as a holder or a subject (none for a file with errors: its read reports them)."""
    try:
        table = read_edge_table(path).table
    except (InvalidInput, UserError, *READ_ERRORS):
        return set()
    return set(table.column("holder").to_pylist()) | set(table.column("subject").to_pylist())


# An actor of the file that is already known (in the store or declared by a file loaded alongside) keeps its kind
# unless a *_kind column states one. A one-file load skips ``declared_actors`` (the file creates its own actors).
register(Format("edges-csv", "Plain edge list: holder,subject,share,… (docs/edges-csv.md)", _detect, _read,
                declared_actors, resolves_own_records=True, dataset_id=_dataset_id,
                named_actors=named_actors))


def _register_streamer() -> None:
    from kingmaker.io.streaming import register_streamer

    register_streamer("edges-csv", stream)


_register_streamer()
