"""Shared request dependencies: the API state and the ``as_of`` query parameter.

Both are ``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a hop to another thread
and back for a ``stat`` or a date parse on every request."""
from __future__ import annotations

from datetime import date

from fastapi import Query, Request

from kingmaker.api.state import ApiState, parse_day


async def get_state(request: Request) -> ApiState:
    """The app's state, reopened first if a write has put a new store in place (:meth:`ApiState.refresh`;
    in the thread pool then: reopening waits for the request holding the store)."""
    state = request.app.state.api
    if state.changed():
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(state.refresh)
    return state


async def as_of_param(as_of: str | None = Query(None, description="Date YYYY-MM-DD (default: today).",
                                                examples=["2023-11-16"])) -> date:
    return parse_day(as_of)
