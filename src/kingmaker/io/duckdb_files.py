"""A file name handed to DuckDB is a file name, never a pattern.

DuckDB's file readers (``read_json*``, ``read_csv``, ``read_parquet``, ``COPY … FROM``) expand glob
characters (``*``, ``?``, ``[…]``, ``{…}``) and a leading ``~`` in the path they are given, so a file
called ``register[1].jsonl`` would read ``register1.jsonl`` instead, and ``?.jsonl`` every one-letter
file. :func:`scan_literal` gives the SQL literal that names exactly the one file: the absolute path with
each glob character in brackets (``[[]``, ``[*]``, …), which DuckDB's matcher reads as that character;
:func:`names_only` asks DuckDB's own ``glob()`` that it matches that one file and nothing else.

>>> scan_path("/data/register[1].jsonl")
'/data/register[[]1].jsonl'
"""
from __future__ import annotations

import re
from pathlib import Path

_GLOB = re.compile(r"([\[*?{}])")


def scan_path(path: str | Path) -> str:
    """``path`` made absolute, with every glob character escaped for DuckDB's file matcher."""
    return _GLOB.sub(r"[\1]", str(Path(path).absolute()))


def scan_literal(path: str | Path) -> str:
    """:func:`scan_path` as a quoted SQL string literal."""
    return "'" + scan_path(path).replace("'", "''") + "'"


def names_only(con, path: str | Path) -> bool:
    """Whether DuckDB's matcher, given :func:`scan_path`, finds ``path`` and no other file."""
    found = [r[0] for r in con.execute("SELECT file FROM glob(?)", [scan_path(path)]).fetchall()]
    return len(found) == 1 and Path(found[0]).absolute() == Path(path).absolute()
