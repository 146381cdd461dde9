"""Shared request dependencies: the API state and the ``as_of`` query parameter.

Both are ``async``: FastAPI runs a plain ``def`` dependency in its thread pool, a hop to another thread
and back for a ``stat`` or a date parse on every request."""
from __future__ import annotations

from datetime import date
from typing import Callable, TypeVar

from fastapi import Query, Request

from kingmaker.api.state import ApiState, parse_day

T = TypeVar("T")


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


#: threads of their own for the questions that take seconds of CPU the first time (an assessment: every
#: holder's features, verdicts for the top ones), so that they never fill the request threads
#: (:data:`kingmaker.api.app.REQUEST_THREADS`) and the questions of milliseconds — an actor, its ties, its
#: UBO — do not queue behind them
SLOW_THREADS = 2


async def slow(request: Request, work: Callable[[], T]) -> T:
    """``work()`` on the slow questions' threads (:data:`SLOW_THREADS`; on the request threads where the app
    runs without its lifespan, as a ``TestClient`` outside a ``with`` block does)."""
    from anyio import to_thread

    return await to_thread.run_sync(work, limiter=getattr(request.app.state, "slow_threads", None))
