"""Shared request dependencies: the API state and the ``as_of`` query parameter."""
from __future__ import annotations

from datetime import date

from fastapi import Query, Request

from kingmaker.api.state import ApiState, parse_day


def get_state(request: Request) -> ApiState:
    """The app's state, reopened first if a write has put a new store in place (:meth:`ApiState.refresh`)."""
    state = request.app.state.api
    state.refresh()
    return state


def as_of_param(as_of: str | None = Query(None, description="Date YYYY-MM-DD (default: today).",
                                          examples=["2023-11-16"])) -> date:
    return parse_day(as_of)
