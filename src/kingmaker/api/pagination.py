"""Offset/limit pagination for list endpoints: ``{"items", "total", "offset", "limit", "next"}``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from fastapi import Query, Request

MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    offset: int
    limit: int


MAX_OFFSET = 2**53  # DuckDB's OFFSET is a signed 64-bit integer; no store holds more


def page_params(offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip."),
                limit: int = Query(50, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")) -> Page:
    return Page(offset, limit)


def paginated(request: Request, page: Page, items: Sequence[Any], total: int) -> dict:
    """A page of ``items`` (already cut to the page) out of ``total``, with the next page's URL."""
    nxt = None
    if page.offset + len(items) < total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    return {"items": list(items), "total": total, "offset": page.offset, "limit": page.limit, "next": nxt}
