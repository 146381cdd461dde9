"""Identifiers: stable slugs for actors, relations, events, sources and evidence."""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import StringConstraints

from kingmaker.model.legal_forms import LEGAL_SUFFIX  # noqa: F401 (declared in legal_forms.yaml; the store and extract read it here)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._:-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=200)]


_NAME_TOKEN = re.compile(r"[^\W_]+")
NAME_TOKEN_SQL = r"[\p{L}\p{N}]+"
r"""A name's words in DuckDB's SQL (RE2: letters and digits, as Python's ``[^\W_]+``)."""


def name_key_sql(column: str) -> str:
    """:func:`name_key` of ``column`` in DuckDB's SQL: the store finds actors by the key of a name without
    reading every actor into Python."""
    return f"array_to_string(regexp_extract_all({column}, '{NAME_TOKEN_SQL}'), '')"


def name_key(name: str) -> str:
    """A name's words run together, case kept: "Open AI", "OpenAI" and "Open-AI" share the key "OpenAI"
    (how ``kingmaker extract`` matches names in a text, and how the store looks them up: :func:`name_key_sql`).

    >>> name_key("Open-AI, Inc.")
    'OpenAIInc'
    """
    return "".join(_NAME_TOKEN.findall(name))


def slugify(text: str) -> str:
    """Turn a name into a slug: ``"Adam D'Angelo"`` → ``"adam-dangelo"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    norm = re.sub(r"['’`]", "", norm.lower())
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "x"
