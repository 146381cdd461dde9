"""Kingmaker: who really controls whom? Formal control, voting power and de facto leverage, with evidence.

>>> import kingmaker
>>> km = kingmaker.open("case.duckdb")          # doctest: +SKIP
>>> km.load("cases/openai-2023.yaml")            # doctest: +SKIP
>>> snap = km.snapshot(as_of="2023-11-16")       # doctest: +SKIP
>>> [snap.name(s.holder) for s in snap.board("openai-inc")]   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from kingmaker.errors import InvalidInput, KingmakerError, Problem, UserError

__version__ = "0.1.0"


def open(db: str | Path | None = None, *, read_only: bool | str = False, wait: float = 0.0):  # noqa: A001
    """Open (creating if needed) the Kingmaker store at ``db`` (default ``$KINGMAKER_DB`` or
    ``~/.kingmaker/kingmaker.duckdb``) and return a :class:`kingmaker.session.Kingmaker`.
    ``read_only="auto"``: read-write when free, else read-only beside another reader (``kingmaker serve``)."""
    from kingmaker.session import Kingmaker

    return Kingmaker(db, read_only=read_only, wait=wait)


__all__ = ["open", "__version__", "KingmakerError", "UserError", "InvalidInput", "Problem"]
