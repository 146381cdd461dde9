"""A BODS 0.4 record's life cycle and its statements' identity, checked while the reader indexes a file.

BODS 0.4 "Information updates" (https://standard.openownership.org/en/0.4.0/standard/modelling/information-updates.html):
the first statement about a record has ``recordStatus`` 'new', later ones 'updated', and one that ends it
'closed'; "once a series of Statements about a given element is closed, further Statements with the
related recordId MUST NOT be generated". "Generating statements": each statement has its own
``statementId``, and a published statement "SHOULD NOT be republished with the same statement identifier
and different property values". What 0.3 expressed with ``replacesStatements`` (whose cycles the reader
refuses), 0.4 expresses with a record's series ordered by ``statementDate``; the 0.4 counterpart of a
replacement cycle is a series that goes round: a record closed and then continued, or begun twice.

:class:`Lifecycle` notes the statements of every record seen more than once (a record with one statement
costs nothing) and reports, in ``statementDate`` order (then file order, as the reader picks a record's
latest statement), where a series breaks these rules — the same rules as Open Ownership's own checker
(libcovebods ``CheckStatementSeries``):

* a 'new' statement that is not the record's first (two records under one recordId, a statement dated
  out of order, or a first statement missing);
* a 'closed' statement that is not the record's last (the record continued after it was closed; two
  'closed' statements are a case of this).

Each is a warning on the line of the statement out of place, field ``recordStatus``: the load goes on
and the record's latest statement holds, as the warning says. A ``statementId`` declared twice stays an
error (the reader cannot tell which statement it names); the message says whether the two are the same
statement twice or differ, and in which fields.

>>> from kingmaker.io.common import Problems
>>> life, problems = Lifecycle(), Problems("x.jsonl")
>>> life.note("r1", "2021-01-01", 0, "new", 1, None)
>>> life.note("r1", "2022-01-01", 1, "closed", 2, ("relationship", "2021-01-01", 0, "new"))
>>> life.note("r1", "2023-01-01", 2, "updated", 3, ("relationship", "2022-01-01", 1, "closed"))
>>> life.report(problems, lambda i: i + 1)
>>> print(problems.finish()[0].message)  # doctest: +NORMALIZE_WHITESPACE
record r1 was closed by the statement on line 2 (statementDate 2022-01-01) and goes on in the statement on
line 3 ('updated', 2023-01-01); BODS 0.4 allows no statement after 'closed': read as reopened (the latest
statement, line 3, holds)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kingmaker.io.common import Problems
from kingmaker.io.jsonstream import JsonInputError, JsonRecords


class Lifecycle:
    """The series of every record with several statements, and the statementIds declared twice."""

    def __init__(self) -> None:
        #: recordId → [(statementDate text, position in the file, recordStatus)] for records seen twice or more
        self.series: dict[str, list[tuple[str, int, Any]]] = {}
        #: (statementId, position of its first statement, position of the repeat, line of the repeat, label)
        self.repeats: list[tuple[str, int, int, int, str]] = []

    def note(self, record_id: str, when: str, index: int, status: Any, line: int, prev: tuple | None) -> None:
        """One statement of ``record_id``; ``prev``: what the reader's index held for the record before it
        (type, statementDate, position, status), ``None`` for its first statement."""
        if prev is None:
            return
        entries = self.series.get(record_id)
        if entries is None:
            entries = self.series[record_id] = [(prev[1], prev[2], prev[3])]
        entries.append((when, index, status))

    def repeated(self, statement_id: str, first: int, index: int, line: int, label: str) -> None:
        """``statement_id`` declared again at position ``index`` (``line``), first at position ``first``."""
        self.repeats.append((statement_id, first, index, line, label))

    def report(self, problems: Problems, line_of: Callable[[int], int], path: Path | None = None) -> None:
        """Add the problems found to ``problems``; ``line_of`` gives the line of a statement's position,
        ``path`` the file (re-read once, only when a statementId is declared twice, to compare the two)."""
        for rid, entries in self.series.items():
            for message, at, hint in _breaks(rid, sorted(entries, key=lambda e: (e[0], e[1])), line_of):
                problems.warn(message, line=line_of(at), record=f"recordId {rid}", field="recordStatus",
                              kind="record life cycle", hint=hint)
        if not self.repeats:
            return
        values = _values_at(path, {i for r in self.repeats for i in r[1:3]}) if path is not None else {}
        for sid, first, index, line, label in self.repeats:
            a, b = values.get(first), values.get(index)
            if a is None or b is None:
                how = ""
            elif a == b:
                how = "; the same statement twice"
            else:
                fields = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)) if isinstance(a, dict) and \
                    isinstance(b, dict) else []
                how = "; the two differ" + (f" in {', '.join(fields)}" if fields else "")
            problems.add(f"duplicate statementId (first seen on line {line_of(first)}{how})", line=line, record=label,
                         field="statementId", kind="duplicate statementId",
                         hint="every statement needs its own statementId; a changed statement is a new statement "
                              "of the same recordId (BODS 0.4, Generating statements)")


def _breaks(rid: str, entries: list[tuple[str, int, Any]], line_of: Callable[[int], int]) -> Iterator[tuple]:
    """(message, position, hint) for each statement out of place in one record's ordered series."""
    last = entries[-1]
    for k, (when, index, status) in enumerate(entries):
        if status == "new" and k > 0:
            first = entries[0]
            yield (f"record {rid} has a 'new' statement on line {line_of(index)} (statementDate {when}) after its "
                   f"statement on line {line_of(first[1])} ({first[2]!r}, {first[0]}); 'new' must be a record's first "
                   f"statement: ordered by statementDate, the latest statement (line {line_of(last[1])}) holds",
                   index, "two records under one recordId, a statementDate out of order, or a first statement missing")
        elif status == "closed" and k < len(entries) - 1:
            after = entries[k + 1]
            yield (f"record {rid} was closed by the statement on line {line_of(index)} (statementDate {when}) and goes "
                   f"on in the statement on line {line_of(after[1])} ({after[2]!r}, {after[0]}); BODS 0.4 allows no "
                   f"statement after 'closed': read as reopened (the latest statement, line {line_of(last[1])}, holds)",
                   index, "a record that ends is closed once, by its last statement; one that comes back is a new "
                          "record with a recordId of its own")


def _values_at(path: Path, positions: Iterable[int]) -> dict[int, Any]:
    """The statements at ``positions`` in ``path`` (one more pass, stopping after the last one wanted)."""
    wanted, out = set(positions), {}
    try:
        for rec in JsonRecords(path):
            if rec.index in wanted:
                out[rec.index] = rec.value
                if len(out) == len(wanted):
                    break
    except JsonInputError:
        pass  # reported by the first pass
    return out


__all__ = ["Lifecycle"]
