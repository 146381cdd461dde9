"""Shared CLI plumbing: the --db/--json options, JSON output, and user-error handling.

Exit codes (docs/cli.md): 0 ok, 1 failure, 2 bad input. A user's mistake never prints a traceback:
raise :class:`kingmaker.errors.UserError` (exit 2) or :class:`kingmaker.errors.KingmakerError` (exit 1).
"""

import json
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from kingmaker.errors import UserError

console = Console()
if not console.is_terminal:  # piped or captured: wide enough that tables stay readable
    console = Console(width=140)
err_console = Console(stderr=True)

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="DuckDB store file (default: $KINGMAKER_DB or ~/.kingmaker/kingmaker.duckdb)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON (shapes in docs/cli.md).")]
AsOfOption = Annotated[
    Optional[str], typer.Option("--as-of", help="Date (YYYY-MM-DD, or YYYY-MM / YYYY: its first day) at which to "
                                                "read the graph; default today.")
]


def _default(obj: Any) -> Any:
    if isinstance(obj, (date,)):
        return obj.isoformat()
    if isinstance(obj, Fraction):
        return f"{obj.numerator}/{obj.denominator}" if obj.denominator != 1 else str(obj.numerator)
    if isinstance(obj, Decimal):
        return float(obj) if obj != obj.to_integral_value() else int(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def emit_json(payload: Any) -> None:
    """Write ``payload`` as JSON to stdout (dates ISO, Fractions as "p/q")."""
    sys.stdout.write(json.dumps(payload, default=_default, ensure_ascii=False, indent=2) + "\n")


def parse_as_of(value: str | None) -> date | None:
    """Parse an ``--as-of`` value (``2023-11-16``, or a partial date ``2023-11`` / ``2023``: its first day,
    as the API reads it); ``None`` means today."""
    if value is None:
        return None
    from kingmaker.model.time import parse_partial_date

    try:
        return parse_partial_date(value)[0]
    except ValueError:
        raise UserError(f"--as-of: {value!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY), "
                        "e.g. 2023-11-16") from None


def open_store(db: Path | None, *, write: bool = False, create: bool | None = None):
    """Open the store named by ``--db`` (or the default) as a :class:`kingmaker.session.Kingmaker`.

    Read commands open it read-only — so that several can run at once, beside each other and beside
    ``kingmaker serve`` — and wait a few seconds while a writer holds it; commands that change it
    (``write=True``) need it to themselves. Only a command that adds to the store (``create``, by default the
    writing ones; not one that only takes something out, such as ``datasets --remove``) creates a store where
    none is: any other says there is none there and leaves no empty store behind (a mistyped ``--db`` made
    one before)."""
    import kingmaker

    if not (write if create is None else create):
        existing_store(db)
    return kingmaker.open(db, read_only=False if write else "shared", wait=0 if write else 5.0)


def existing_store(db: Path | None) -> None:
    """A store must be at ``--db`` (or the default path): a command that only reads it, or takes something out,
    says there is none and creates nothing."""
    from kingmaker.store.store import default_db_path

    path = Path(db).expanduser() if db is not None else default_db_path()
    if not path.exists():
        raise UserError(f"{path}: no such store, nothing has been loaded there — load a case or register file with "
                        f"`kingmaker load FILE{'' if db is None else ' --db ' + str(db)}` (it creates the store), or "
                        "run `kingmaker demo` for the flagship case")
