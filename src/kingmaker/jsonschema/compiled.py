"""The yes/no schema check by a compiled validator (jsonschema-rs), over a JSON Lines file in parallel.

A third form of the check :class:`~kingmaker.jsonschema.checker.FastSchemaSet` makes, for the bulk BODS
lane: each line is parsed by ``orjson`` and checked by `jsonschema-rs <https://github.com/Stranger6667/jsonschema>`_
(about 2 µs a BODS statement against ~20 µs for the SQL predicate of :mod:`kingmaker.jsonschema.sql`),
in one process per core over byte ranges of the file. The contract is the SQL predicate's: a line is
*vouched for* only when the Python checker would accept the document; every other line is handed back
(its number and text) for the precise checker. What keeps it one-sided:

* the ``format`` keywords mean Python's own tests (:data:`~kingmaker.jsonschema.checker.FORMATS`), not the
  Rust ones (which read ``uri`` as a WHATWG URL, take a leap second, year 0000 …): each is handed to
  jsonschema-rs as a ``pattern`` that accepts exactly the strings the Python test accepts
  (:data:`FORMAT_PATTERNS`; tests compare them on calendar grids and on every code point), so that it
  does not call back into Python for every date (those calls were ~40 % of the check's time); a format
  without a pattern there still calls the Python test;
* the remaining keywords of the BODS schema (types, enums, consts, required, lengths, the two patterns of
  ASCII digits) mean the same in both, and where they could differ jsonschema-rs is the stricter (ECMA
  ``\\d`` is ``[0-9]``; ``$`` matches only at the end); ``oneOf`` and ``not`` in BODS hold no pattern or
  format (tests/jsonschema compare the two on the corpora and on mutated statements);
* a line ``orjson`` cannot read (NaN, trailing commas, two objects on a line, a lone surrogate …) makes
  the whole check *undecided*, and the caller falls back to the SQL predicate, whose verdicts it keeps.

>>> from kingmaker.io.bods.schema import _schema_documents
>>> ok = line_validator(_schema_documents(), "urn:statement", "/$defs/Statement")
>>> ok(b'{"statementId": "x"}')
False
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kingmaker.jsonschema.sql import WS_CLASS

_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"  # date.fromisoformat: years 0001-9999
_MONTH_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_LEAP_DAY = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
_DATE = f"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})"
#: an offset of under 24 hours, as ``datetime.fromisoformat`` takes it (``+22:99`` is 23 h 39 min)
_TIME = (r"[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
         r"(?:[Zz]|[+-](?:[01][0-9]|2[0-2]):[0-9]{2}|[+-]23:[0-5][0-9])")
#: jsonschema-rs ``pattern`` regexes accepting exactly what :data:`~kingmaker.jsonschema.checker.FORMATS` accepts:
#: ASCII digits only, real calendar days of years 1-9999; ``uri`` and ``email`` with Python's ``\s`` and its
#: ``$``, which also matches before one final newline
FORMAT_PATTERNS = {
    "date": f"^{_DATE}$", "date-time": f"^{_DATE}{_TIME}$",
    "uri": rf"^[A-Za-z][A-Za-z0-9+.\-]*:[^{WS_CLASS}]*\n?$", "email": rf"^[^@{WS_CLASS}]+@[^@{WS_CLASS}]+\n?$",
}
#: keywords whose values are data, not schemas
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})


def formats_as_patterns(schema):
    """``schema`` with every ``format`` that :data:`FORMAT_PATTERNS` covers replaced by its pattern (put in an
    ``allOf`` beside a ``pattern`` the schema already has)."""
    if isinstance(schema, list):
        return [formats_as_patterns(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: v if k in _DATA_KEYWORDS else formats_as_patterns(v) for k, v in schema.items()}
    fmt = out.get("format")
    if isinstance(fmt, str) and fmt in FORMAT_PATTERNS:
        del out["format"]
        if "pattern" in out:
            out["allOf"] = [*out.get("allOf", []), {"pattern": FORMAT_PATTERNS[fmt]}]
        else:
            out["pattern"] = FORMAT_PATTERNS[fmt]
    return out


#: lines the workers read at a time (bounded memory: a worker holds one block and what it hands back)
BLOCK = 1 << 24


@dataclass
class LinesCheck:
    """What :func:`check_json_lines` found: ``lines`` non-blank lines, the ``flagged`` ones (1-based index
    among the non-blank lines, text) up to the caller's limit, how many were ``flagged_total``, how many had
    more brackets than allowed (``bracketed``); ``undecided`` when a line is not JSON that ``orjson`` reads."""

    lines: int = 0
    flagged: list[tuple[int, bytes]] = field(default_factory=list)
    flagged_total: int = 0
    bracketed: int = 0
    undecided: bool = False


def line_validator(documents: list[dict], doc_id: str, pointer: str = "") -> Callable[[bytes], bool]:
    """``line -> bool``: TRUE only where FastSchemaSet accepts the document the line holds."""
    import jsonschema_rs
    import orjson

    from kingmaker.jsonschema.checker import FORMATS

    registry = jsonschema_rs.Registry([(d["$id"], formats_as_patterns(d)) for d in documents])
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": f"{doc_id}#{pointer}"}
    is_valid = jsonschema_rs.validator_for(root, registry=registry, validate_formats=True,
                                           formats=dict(FORMATS)).is_valid

    def check(line: bytes) -> bool:
        try:
            doc = orjson.loads(line)
        except orjson.JSONDecodeError:
            return False
        return isinstance(doc, dict) and is_valid(doc)
    return check


def _lines_in(path: str, start: int, end: int):
    """The lines that start in ``[start, end)`` of the file (a line that starts before ``end`` is read whole)."""
    with open(path, "rb") as fh:
        if start:
            fh.seek(start - 1)
            if fh.read(1) != b"\n":
                fh.readline()  # the rest of a line that starts in the previous range
        pos, carry = fh.tell(), b""
        while pos < end:
            block = fh.read(BLOCK)
            if not block:
                if carry:
                    yield carry
                return
            lines = (carry + block).split(b"\n")
            carry = lines.pop()
            for line in lines:
                if pos >= end:
                    return
                yield line
                pos += len(line) + 1


def _check_range(path: str, start: int, end: int, documents: list[dict], doc_id: str, pointer: str,
                 max_brackets: int, keep: int) -> LinesCheck:
    import orjson

    valid = line_validator(documents, doc_id, pointer)
    out = LinesCheck()
    for line in _lines_in(path, start, end):
        if not line.strip():
            continue
        out.lines += 1
        if line.count(b"[") + line.count(b"{") > max_brackets:
            out.bracketed += 1
        if not valid(line):
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                out.undecided = True
                return out
            out.flagged_total += 1
            if len(out.flagged) < keep:
                out.flagged.append((out.lines, line))
    return out


def _worker() -> None:
    """A worker process: the arguments of :func:`_check_range` pickled on stdin, its result on stdout."""
    args = pickle.load(sys.stdin.buffer)
    result = _check_range(*args)
    sys.stdout.buffer.write(pickle.dumps(result))


def check_json_lines(path: Path, documents: list[dict], doc_id: str, pointer: str = "", *, max_brackets: int,
                     keep: int, workers: int | None = None) -> Callable[[], LinesCheck]:
    """Start checking every line of the JSON Lines file ``path`` against the schema, in ``workers`` processes
    (default: the cores) over equal byte ranges; the function returned waits for them (the caller works
    meanwhile). The first ``keep`` flagged lines come back with their index among the non-blank lines of
    the whole file. A worker that fails makes the answer *undecided*.

    The workers are plain child interpreters (``python -c``), not :mod:`multiprocessing` ones: those would
    re-import the caller's main script (a user's script without a ``__main__`` guard would run again) or
    fork a process that holds DuckDB's threads."""
    size = Path(path).stat().st_size
    workers = max(1, min(workers or os.cpu_count() or 1, size // (1 << 20) + 1))
    bounds = [size * i // workers for i in range(workers + 1)]
    args = [(str(path), bounds[i], bounds[i + 1], documents, doc_id, pointer, max_brackets, keep)
            for i in range(workers)]
    if workers == 1:
        return lambda: _combine([_check_range(*args[0])], keep)  # no workers: nothing to close
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
    procs = []
    for a in args:
        proc = subprocess.Popen([sys.executable, "-c", "from kingmaker.jsonschema.compiled import _worker; _worker()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        proc.stdin.write(pickle.dumps(a))
        proc.stdin.close()
        procs.append(proc)

    return _Running(procs, keep)


class _Running:
    """Workers under way: call for their combined answer; :meth:`close` stops those not yet collected."""

    def __init__(self, procs: list[subprocess.Popen], keep: int):
        self.procs, self.keep = procs, keep

    def __call__(self) -> LinesCheck:
        parts = []
        for proc in self.procs:
            try:
                parts.append(pickle.load(proc.stdout))
            except Exception:  # a worker that died: the caller decides another way
                parts.append(LinesCheck(undecided=True))
            finally:
                proc.stdout.close()
                if proc.wait():
                    parts[-1] = LinesCheck(undecided=True)
        self.procs = []
        return _combine(parts, self.keep)

    def close(self) -> None:
        for proc in self.procs:
            proc.kill()
            proc.stdout.close()
            proc.wait()
        self.procs = []


def _combine(parts: list[LinesCheck], keep: int) -> LinesCheck:
    total = LinesCheck()
    for part in parts:
        if part.undecided:
            return LinesCheck(undecided=True)
        total.flagged += [(total.lines + i, text) for i, text in part.flagged][:max(0, keep - len(total.flagged))]
        total.lines += part.lines
        total.flagged_total += part.flagged_total
        total.bracketed += part.bracketed
    return total
