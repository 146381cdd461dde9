"""A request-size limit as plain ASGI middleware: 413 problem+json for a body over the limit.

A declared ``Content-Length`` over the limit is refused at once; a body without one (chunked) is read
up to the limit before the application sees it, so an oversized upload never reaches a handler.
"""
from __future__ import annotations

import json

DEFAULT_MAX_BODY = 10 * 2**20  # 10 MiB


class BodySizeLimit:
    def __init__(self, app, max_bytes: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers", ())).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = 0
            if declared > self.max_bytes:
                return await self._reject(send)
            return await self.app(scope, receive, send)  # the server stops at Content-Length
        buffered, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                buffered.append(message)
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await self._reject(send)
            buffered.append(message)
            if not message.get("more_body", False):
                break

        async def replay():
            return buffered.pop(0) if buffered else await receive()

        await self.app(scope, replay, send)

    async def _reject(self, send) -> None:
        body = json.dumps({"type": "about:blank", "title": "Content Too Large", "status": 413,
                           "detail": f"request body over the limit of {self.max_bytes} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
