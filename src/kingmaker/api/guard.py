"""The server on a laptop: who may talk to it, and how often (issue 20).

:class:`RequestGuard` is plain ASGI middleware in front of everything:

* **Host and Origin checks** against DNS rebinding: a web page on ``evil.example`` whose name is made
  to resolve to 127.0.0.1 sends ``Host: evil.example`` — refused (421) unless the name is allowed.
  Allowed by default: the loopback names ``localhost``, ``127.0.0.1``, ``[::1]``; ``kingmaker serve
  --allow-remote`` adds an explicit allow-list (``--allowed-host``). A cross-site ``Origin`` (a browser
  sends it on every POST and on scripted reads) must name an allowed host too (403).
* **Per-client rate limit**: a token bucket per client address (``rate`` requests a second, ``burst`` at
  once); over it: 429 with ``Retry-After``.
* **Lock-out on wrong tokens**: :func:`kingmaker.api.auth.require_token` reports each wrong token here;
  ``lockout_after`` of them from one client within ``lockout_seconds`` lock that client out of the
  write endpoints (429) for ``lockout_seconds``.

Settings: :class:`GuardSettings` (``KINGMAKER_API_RATE``, ``KINGMAKER_API_BURST``,
``KINGMAKER_API_LOCKOUT_AFTER``, ``KINGMAKER_API_LOCKOUT_SECONDS``; docs/limits.md). See RFC 9110 §7.2
(Host), §15.5.20 (421) and RFC 6454 (Origin).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kingmaker.api.problems import problem

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class GuardSettings:
    """Who may call and how often; ``rate`` 0 turns the rate limit off."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    rate: float = 50.0
    burst: int = 200
    lockout_after: int = 10
    lockout_seconds: float = 300.0

    @classmethod
    def from_env(cls, extra_hosts: tuple[str, ...] = ()) -> "GuardSettings":
        def number(name: str, default, kind):
            raw = os.environ.get(name, "").strip()
            return kind(raw) if raw else default

        base = cls()
        return cls(allowed_hosts=LOOPBACK_NAMES + tuple(h.lower().strip("[]") for h in extra_hosts),
                   rate=number("KINGMAKER_API_RATE", base.rate, float),
                   burst=number("KINGMAKER_API_BURST", base.burst, int),
                   lockout_after=number("KINGMAKER_API_LOCKOUT_AFTER", base.lockout_after, int),
                   lockout_seconds=number("KINGMAKER_API_LOCKOUT_SECONDS", base.lockout_seconds, float))


def host_name(value: str) -> str:
    """``Host`` header value without its port, lower-case, IPv6 brackets removed."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass
class _Client:
    tokens: float
    stamp: float
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class RequestGuard:
    """ASGI middleware: Host/Origin allow-list, per-client rate limit, lock-out after wrong tokens."""

    def __init__(self, app, settings: GuardSettings | None = None):
        self.app = app
        self.settings = settings or GuardSettings()
        self.allowed = {h.lower() for h in self.settings.allowed_hosts}
        self.clients: dict[str, _Client] = {}
        self.lock = threading.Lock()

    # -- bookkeeping (also called by require_token) -------------------------------------------------
    def _client(self, key: str, now: float) -> _Client:
        c = self.clients.get(key)
        if c is None:
            if len(self.clients) > 10_000:  # forget idle clients rather than grow without bound
                self.clients = {k: v for k, v in self.clients.items() if v.locked_until > now}
            c = self.clients[key] = _Client(float(self.settings.burst), now)
        return c

    def take(self, key: str) -> float:
        """Spend one request of ``key``'s budget: 0 if allowed, else seconds until the next one is."""
        s = self.settings
        if s.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self.lock:
            c = self._client(key, now)
            c.tokens = min(float(s.burst), c.tokens + (now - c.stamp) * s.rate)
            c.stamp = now
            if c.tokens >= 1:
                c.tokens -= 1
                return 0.0
            return (1 - c.tokens) / s.rate

    def locked(self, key: str) -> float:
        """Seconds ``key`` is still locked out of the write endpoints (0: not locked)."""
        now = time.monotonic()
        with self.lock:
            c = self.clients.get(key)
            return max(0.0, c.locked_until - now) if c else 0.0

    def wrong_token(self, key: str) -> None:
        s = self.settings
        now = time.monotonic()
        with self.lock:
            c = self._client(key, now)
            c.failures = [t for t in c.failures if now - t < s.lockout_seconds] + [now]
            if len(c.failures) >= s.lockout_after:
                c.locked_until = now + s.lockout_seconds
                c.failures.clear()

    # -- ASGI ---------------------------------------------------------------------------------------
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        host = host_name(headers.get("host", ""))
        if host not in self.allowed:
            return await _reject(scope, receive, send, 421,
                                 f"Host {host or '(none)'!r} is not served here: this server answers to "
                                 f"{', '.join(sorted(self.allowed))} (a guard against DNS rebinding; "
                                 "`kingmaker serve --allow-remote --allowed-host NAME` adds a name)")
        origin = headers.get("origin")
        if origin and origin != "null" and host_name(urlsplit(origin).netloc) not in self.allowed:
            return await _reject(scope, receive, send, 403, f"cross-site request from {origin!r} refused")
        if origin == "null" and scope.get("method") not in ("GET", "HEAD"):
            return await _reject(scope, receive, send, 403, "a request from an opaque origin may not write")
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.take(client)
        if wait:
            return await _reject(scope, receive, send, 429,
                                 f"more than {self.settings.rate:g} requests a second from {client}; slow down "
                                 "(KINGMAKER_API_RATE, docs/limits.md)", retry_after=wait)
        scope.setdefault("state", {})["guard"] = self
        await self.app(scope, receive, send)


async def _reject(scope, receive, send, status: int, detail: str, retry_after: float | None = None) -> None:
    headers = {"Retry-After": str(max(1, int(retry_after + 0.999)))} if retry_after is not None else None
    await problem(status, detail, headers=headers)(scope, receive, send)
