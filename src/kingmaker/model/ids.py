"""Identifiers: stable slugs for actors, relations, events, sources and evidence."""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import StringConstraints

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._:-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=200)]


def slugify(text: str) -> str:
    """Turn a name into a slug: ``"Adam D'Angelo"`` → ``"adam-dangelo"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    norm = re.sub(r"['’`]", "", norm.lower())
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "x"
