"""Repeated questions answered on the event loop: the finished answer of a GET, by its exact URL.

An endpoint that answers from the result cache (:meth:`kingmaker.api.state.ResultCache.json`: the actor,
its ties, UBO, owners, assessment, story) marks its answer as one that depends on nothing but the URL, the
store version and — where the URL names no date — today's date. This middleware keeps such answers (status,
headers and the same encoded body) under those four, and gives a request for the same URL the kept answer
directly: no routing, no parameter validation, no hop to the request threads, so a repeated question never
waits behind the computations that new ones are doing there. Anything else — another method, an error, an
answer nobody marked, a store that has changed on disk and is yet to be reopened — goes through the
application as before. It sits inside the Host check, rate limit and size limit (:func:`create_app`), so
those apply to every request as before. Answers of an earlier store version or day are never asked for again:
they are dropped as soon as a request sees the new one (each write would otherwise leave a copy of every
answer asked before it, up to ``size`` of them, however large).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

#: the ASGI scope key a :class:`CachedAnswer` sets while it is sent
MARK = "kingmaker.answer_cached"


def mark(scope) -> None:
    """Say that the answer being sent for ``scope`` depends only on its URL, the store version and today."""
    scope[MARK] = True


class AnswerCache:
    """ASGI middleware (module docstring); ``size`` answers kept, the least recently asked dropped first."""

    def __init__(self, app, size: int = 4096):
        self.app = app
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.guard = threading.Lock()
        self.current: tuple | None = None  # (store version, today) of the answers kept

    def _state(self, scope):
        app = scope.get("app")
        return getattr(getattr(app, "state", None), "api", None)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        state = self._state(scope)
        if state is None or state.changed():  # a new store to reopen first: the application does that
            return await self.app(scope, receive, send)
        now = (state.version, date.today())
        key = (*now, scope["path"], scope.get("query_string", b""))
        with self.guard:
            if self.current != now:  # a write or a new day: what was kept answers nothing any more
                self.items.clear()
                self.current = now
            kept = self.items.get(key)
            if kept is not None:
                self.items.move_to_end(key)
        if kept is not None:
            status, headers, body = kept
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}

        async def keep(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif (message["type"] == "http.response.body" and not message.get("more_body", False)
                  and scope.get(MARK) and started.get("status") == 200 and key[0] == state.version):
                with self.guard:
                    if self.current == key[:2]:  # not when a newer version or day came while this was computed
                        self.items[key] = (200, list(started.get("headers", ())), message.get("body", b""))
                        while len(self.items) > self.size:
                            self.items.popitem(last=False)
            await send(message)
        await self.app(scope, receive, keep)
