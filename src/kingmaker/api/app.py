"""The application factory: routers, problem-details errors, body-size limit, offline docs, explorer."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from kingmaker.api import problems
from kingmaker.api.deps import SLOW_THREADS
from kingmaker.api.answers import AnswerCache
from kingmaker.api.guard import GuardSettings, RequestGuard
from kingmaker.api.limits import DEFAULT_MAX_BODY, BodySizeLimit
from kingmaker.api.routers import actors, assess, meta, ownership, power, screening, write
from kingmaker.api.state import ApiState

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"
# The explorer loads nothing from elsewhere and runs no inline script; Swagger UI needs one inline script.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

DESCRIPTION = """Who really controls whom: actors and their ties on any date, beneficial owners, board voting
power, leverage, verdicts under UK, EU and German law, and what-if scenarios. Read endpoints are open;
write endpoints need `Authorization: Bearer <token>` (the token `kingmaker serve` prints, or
`$KINGMAKER_TOKEN`). Errors are RFC 9457 problem details. See docs/api.md."""


#: threads a process answers requests on (FastAPI runs each plain ``def`` endpoint in a thread pool, 40 by
#: default). Requests take turns on the store (:meth:`ApiState.read`) and on Python's one running thread, so
#: more threads only interleave them — every answer comes later — and the pool's queue, first come first
#: served, is where waiting is fair; a few let one request's DuckDB query run beside another's Python.
REQUEST_THREADS = 4


@asynccontextmanager
async def _few_request_threads(app: FastAPI):
    from anyio import CapacityLimiter, to_thread

    to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    app.state.slow_threads = CapacityLimiter(SLOW_THREADS)  # kingmaker.api.deps.slow
    yield


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy and the other headers of every answer (a plain ASGI
    class: Starlette's ``@app.middleware("http")`` runs each request through a task group and streams)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = (DOCS_CSP if scope["path"] == "/docs" else CSP).encode()

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in ((b"content-security-policy", csp),
                                                (b"x-content-type-options", b"nosniff"),
                                                (b"referrer-policy", b"no-referrer")) if k not in have]
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, with_headers)


def create_app(state: ApiState, *, max_body: int = DEFAULT_MAX_BODY, guard: GuardSettings | None = None,
               writer: str | None = None) -> FastAPI:
    """An app serving ``state``'s store. The caller owns ``state`` (and closes it). ``guard``: the Host
    allow-list, rate limit and lock-out (:mod:`kingmaker.api.guard`; default: loopback names only, limits
    from the environment). ``writer``: the Unix socket of the process that makes the changes
    (:mod:`kingmaker.api.service`); write requests are checked here and passed to it."""
    from kingmaker import __version__

    app = FastAPI(title="Kingmaker", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=_few_request_threads)
    app.state.api = state
    problems.install(app)
    for module in (meta, actors, ownership, power, screening, assess, write):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="Kingmaker API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None})

    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    app.add_middleware(AnswerCache)  # inside the security headers, the guard and the limits: they apply to it
    app.add_middleware(SecurityHeaders)
    if writer:
        from kingmaker.api.service import WriteForwarder

        app.add_middleware(WriteForwarder, uds=writer)  # inside the size limit and the guard
    if max_body:
        app.add_middleware(BodySizeLimit, max_bytes=max_body)
    app.add_middleware(RequestGuard, settings=guard or GuardSettings.from_env())  # outermost: before anything is read
    return app
