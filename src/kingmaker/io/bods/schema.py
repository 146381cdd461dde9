"""The BODS 0.4 schema (shipped in ``kingmaker/data/bods/0.4``) as the readers check it.

Four checks of one schema, tested equal (tests/io/bods, tests/jsonschema): the precise checker names every
failing field, the fast yes/no validator passes the valid statements, and for the bulk lane the SQL
predicate does the yes/no check inside DuckDB and jsonschema-rs over a JSON Lines file on every core. The
machinery is :mod:`kingmaker.jsonschema`; this module only points it at BODS.

>>> statement_validator()({"statementId": "x"})
False
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kingmaker.data import DATA_DIR
from kingmaker.jsonschema.checker import FastSchemaSet, SchemaSet
from kingmaker.jsonschema.sql import SqlSchemaSet

if TYPE_CHECKING:
    from kingmaker.jsonschema.compiled import LinesCheck

SCHEMA_DIR = DATA_DIR / "bods" / "0.4"
SCHEMA_FILES = ("statement.json", "entity-record.json", "person-record.json", "relationship-record.json",
                "components.json")


def _schema_documents() -> list[dict]:
    return [json.loads((SCHEMA_DIR / f).read_text(encoding="utf-8")) for f in SCHEMA_FILES]


@lru_cache(maxsize=1)
def statement_checker():
    """The precise checker: a function from a statement to its list of errors (path, keyword, message)."""
    return SchemaSet(_schema_documents()).checker("urn:statement", "/$defs/Statement")


@lru_cache(maxsize=1)
def statement_validator():
    """The fast yes/no check (:class:`FastSchemaSet`): the precise checker runs only when it says no."""
    return FastSchemaSet(_schema_documents()).validator("urn:statement", "/$defs/Statement")


@lru_cache(maxsize=4)
def bods_statement_relation(source: str, column: str, carry: tuple[str, ...]) -> str:
    """:meth:`SqlSchemaSet.relation` for BODS 0.4 statements."""
    return SqlSchemaSet(_schema_documents()).relation("urn:statement", "/$defs/Statement", column, source, list(carry))


def bods_lines_check(path: Path, *, max_brackets: int, keep: int) -> Callable[[], LinesCheck]:
    """:func:`~kingmaker.jsonschema.compiled.check_json_lines` for a JSON Lines file of BODS 0.4 statements
    (started; call the result for the answer)."""
    from kingmaker.jsonschema.compiled import check_json_lines

    return check_json_lines(path, _schema_documents(), "urn:statement", "/$defs/Statement",
                            max_brackets=max_brackets, keep=keep)


@lru_cache(maxsize=16)
def bods_statement_predicate(column: str) -> str:
    """SQL that is TRUE only for BODS 0.4 statements that ``bods.statement_validator()`` accepts."""
    return SqlSchemaSet(_schema_documents()).predicate("urn:statement", "/$defs/Statement", column)
