"""Stream JSON records from a file with bounded memory: a top-level array, JSON Lines, or a run of
concatenated values, plain or compressed (:mod:`kingmaker.io.compressed`).

The fast path parses one line at a time with orjson (one record per line, the common layout of bulk
BODS, FtM and Companies House files, array or not). Anything else — pretty-printed records, several
per line — falls back to the standard library's incremental decoder for just that stretch. Memory
holds one record (and one line) at a time. Every record carries its 1-based start line; broken JSON,
bad UTF-8 and truncated archives raise :class:`JsonInputError` with a :class:`Problem` naming the line.
"""
from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import orjson

from kingmaker.errors import JsonInputError, LimitExceeded, Problem
from kingmaker.io.compressed import input_problem, open_input
from kingmaker.io.limits import current, depth_of

_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


@dataclass(frozen=True)
class Record:
    index: int  # 0-based position of the record in the file
    line: int  # 1-based line on which it starts
    value: Any


class JsonRecords:
    """Iterate over ``Record`` s; ``layout`` ("array", "lines" or "empty") is known once the first one is read.

    ``progress(nbytes)`` is called now and then with the decompressed bytes consumed so far.
    """

    def __init__(self, path: Path, progress: Callable[[int], None] | None = None):
        self.path = Path(path)
        self.progress = progress
        self.layout: str | None = None

    def __iter__(self) -> Iterator[Record]:
        try:
            yield from self._records()
        except JsonInputError:
            raise
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile, UnicodeDecodeError) as exc:
            problem = input_problem(self.path, exc, line=self._line or None)
            raise JsonInputError(problem) from None  # type: ignore[arg-type]
        except ValueError as exc:  # a zip with several members
            raise JsonInputError(Problem(str(self.path), str(exc))) from None

    def _error(self, message: str, line: int, hint: str | None = None) -> JsonInputError:
        return JsonInputError(Problem(str(self.path), message, line, hint=hint))

    def _over(self, what: str, name: str, line: int) -> JsonInputError:
        """A refusal for going over limit ``name`` (:mod:`kingmaker.io.limits`)."""
        return JsonInputError(LimitExceeded.problem(self.path, what, name, getattr(self.limits, name), line=line))

    def _checked(self, value: Any, brackets: int, line: int) -> Any:
        """``value``, unless it nests deeper than ``max_depth`` (only measured when the record's text has
        ``brackets`` > ``max_depth`` opening brackets, so ordinary records cost two counts of their own text)."""
        limit = self.limits.max_depth
        if brackets > limit and depth_of(value, limit) > limit:
            raise self._over(f"a record nested over {limit} levels deep", "max_depth", line)
        return value

    def _lines(self, fh) -> Iterator[bytes]:
        """The file's lines, none longer than ``max_record_bytes``: a longer line is refused, unless all
        it holds so far is whitespace (which is skipped, however long)."""
        limit = self.limits.max_record_bytes
        while True:
            raw = fh.readline(limit + 1)
            if not raw:
                return
            while len(raw) > limit and not raw.endswith(b"\n"):
                if raw.strip():
                    raise self._over(f"line {self._line + 1} is over {limit} bytes (one record per line at most "
                                     "that long)", "max_record_bytes", self._line + 1)
                raw = fh.readline(limit + 1)
                if not raw:
                    return
            if raw == b"\n" and hasattr(fh, "peek"):  # a run of empty lines goes as one piece
                ahead = fh.peek(1 << 16)
                run = len(ahead) - len(ahead.lstrip(b"\n"))
                if run:
                    raw += fh.read(run)
            yield raw

    def _records(self) -> Iterator[Record]:
        self._line = 0
        index = 0
        consumed = 0
        in_array = closed = False
        self.limits = current()
        with open_input(self.path) as fh:
            lines = self._lines(fh)
            for raw in lines:
                self._line += 1
                consumed += len(raw)
                if self.progress is not None and self._line % 8192 == 0:
                    self.progress(consumed)
                if self._line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                text = raw.strip()
                if not text:
                    if len(raw) > 2:  # a run of empty lines from _lines
                        self._line += raw.count(b"\n") - 1
                    continue
                if closed:
                    raise self._error("content after the end of the top-level array", self._line)
                if self.layout is None:
                    self.layout = "array" if text[:1] == b"[" else "lines"
                    if self.layout == "array":
                        in_array, text = True, text[1:].lstrip()
                        if not text:
                            continue
                if in_array and text == b"]":
                    closed = True
                    continue
                body = text[:-1] if text.endswith(b",") else text
                try:
                    value = orjson.loads(body)
                except orjson.JSONDecodeError:
                    value = _END
                    if in_array and body.endswith(b"]"):
                        try:  # the last record and the closing bracket on one line
                            value, closed = orjson.loads(body[:-1]), True
                        except orjson.JSONDecodeError:
                            value = _END
                if value is not _END:
                    brackets = body.count(b"[") + body.count(b"{")
                    yield Record(index, self._line, self._checked(value, brackets, self._line))
                    index += 1
                    continue
                for value, brackets, at_line, ends_array in self._slow(text, lines, in_array):
                    if value is not _END:
                        yield Record(index, at_line, self._checked(value, brackets, at_line))
                        index += 1
                    closed = closed or ends_array
        if self.layout is None:
            self.layout = "empty"
        elif in_array and not closed:
            raise self._error("the top-level array is not closed: the file is truncated", self._line,
                              hint="a ']' is missing at the end")
        if self.progress is not None:
            self.progress(consumed)

    def _slow(self, first: bytes, lines: Iterator[bytes], in_array: bool):
        """Decode values from ``first`` (and as many following lines as a value needs)."""
        line_no = self._line
        buf = first.decode("utf-8")
        pos = 0
        while True:
            while pos < len(buf) and (buf[pos] in _WS or (in_array and buf[pos] == ",")):
                if buf[pos] == "\n":
                    line_no += 1
                pos += 1
            if pos >= len(buf):
                return
            if in_array and buf[pos] == "]":
                if buf[pos + 1:].strip():
                    raise self._error("content after the end of the top-level array", line_no)
                yield _END, 0, line_no, True
                return
            try:
                value, end = _DECODER.raw_decode(buf, pos)
            except RecursionError:
                raise self._over(f"a record nested over {self.limits.max_depth} levels deep", "max_depth",
                                 line_no) from None
            except json.JSONDecodeError as exc:
                at_end = exc.pos >= len(buf.rstrip())
                if len(buf) - pos > self.limits.max_record_bytes:
                    raise self._over(f"a record over {self.limits.max_record_bytes} bytes", "max_record_bytes",
                                     line_no) from None
                if not at_end:
                    raise self._error(f"broken JSON: {exc.msg}", line_no + buf.count("\n", pos, exc.pos),
                                      hint="check for a missing comma, quote or bracket") from None
                # the value continues on the next lines: read until the buffer doubles, then retry
                target = 2 * (len(buf) - pos) + 1
                buf = buf[pos:] if buf.endswith("\n") else buf[pos:] + "\n"
                pos = 0
                got = False
                for more in lines:
                    self._line += max(1, more.count(b"\n"))
                    buf += more.decode("utf-8")
                    got = True
                    if len(buf) >= target:
                        break
                if not got:
                    raise self._error(f"broken JSON: {exc.msg} (the file ends inside a record)",
                                      line_no + buf.count("\n", 0, exc.pos), hint="the file may be truncated") from None
                continue
            # brackets of this record's text only: counting the whole buffer for each record of a one-line
            # array made a minified 27 MB file quadratic (36,000 records: minutes)
            yield value, buf.count("[", pos, end) + buf.count("{", pos, end), line_no, False
            line_no += buf.count("\n", pos, end)
            pos = end


_END = object()
