"""Bearer-token check for write endpoints (the token: ``KINGMAKER_TOKEN``, or generated at start)."""
from __future__ import annotations

import os
import secrets

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

_bearer = HTTPBearer(auto_error=False, description="Token printed by `kingmaker serve` (or $KINGMAKER_TOKEN).")


def server_token(explicit: str | None = None) -> tuple[str, bool]:
    """The token to require, and whether it was generated here (and so must be shown to the user)."""
    token = explicit or os.environ.get("KINGMAKER_TOKEN")
    if token:
        return token, False
    return secrets.token_urlsafe(24), True


def require_token(request: Request,
                  creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> None:
    refused = token_refusal(request, creds.scheme if creds else None, creds.credentials if creds else None)
    if refused is not None:
        raise refused


def token_refusal(request: Request, scheme: str | None, token: str | None) -> HTTPException | None:
    """Why a write request may not go on (lock-out, no token, wrong token — a wrong one counted against its
    client), or ``None`` when its bearer token is the server's."""
    expected = request.app.state.api.token
    guard = getattr(request.state, "guard", None)
    client = request.client.host if request.client else "?"
    if guard is not None:
        wait = guard.locked(client)
        if wait:
            return HTTPException(429, f"too many wrong tokens from {client}: writes are locked for {wait:.0f} s",
                                 headers={"Retry-After": str(int(wait) + 1)})
    if token is None or (scheme or "").lower() != "bearer":
        return HTTPException(401, "this endpoint changes the store: send 'Authorization: Bearer <token>'",
                             headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(token.encode(), expected.encode()):
        if guard is not None:
            guard.wrong_token(client)
        return HTTPException(401, "wrong token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return None
