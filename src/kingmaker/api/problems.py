"""Errors as RFC 9457 problem details (``application/problem+json``)."""
from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kingmaker.errors import AmbiguousActor, Conflict, InvalidInput, KingmakerError, NotFound, UserError

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("kingmaker.api")


def problem(status: int, detail: str | None = None, *, title: str | None = None, type_: str = "about:blank",
            headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": type_, "title": title or HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    """Register handlers that turn every error into a problem document."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()]
        return problem(422, "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors[:5]), errors=errors)

    @app.exception_handler(KingmakerError)
    async def _kingmaker(request: Request, exc: KingmakerError):
        if isinstance(exc, NotFound):
            return problem(404, str(exc))
        if isinstance(exc, AmbiguousActor):
            return problem(400, str(exc), title="Ambiguous actor", candidates=exc.candidates)
        if isinstance(exc, Conflict):
            return problem(409, str(exc))
        if isinstance(exc, InvalidInput):
            errors = [{k: v for k, v in p.__dict__.items() if v is not None} for p in exc.problems
                      if p.severity == "error"]
            return problem(400, str(exc).split("\n", 1)[0], title="Invalid input", errors=errors)
        if isinstance(exc, UserError):
            return problem(400, str(exc))
        log.warning("request failed: %s", exc)
        return problem(500, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return problem(500, "internal error; see the server log")
