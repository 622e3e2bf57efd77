"""create_app(): mounts the API and web routers, error handlers and middleware."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from passage import __version__
from passage.config import get_settings
from passage.errors import (
    Busy,
    Conflict,
    Invalid,
    NotAuthenticated,
    PassageError,
)
from passage.installed import DOMAINS
from passage.jobs import registered_jobs
from passage.kit.domain import Domain
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.jobs import JobLoop
from passage.kit.readable import LOCATION_ROOTS, describe, explain
from passage.shell.dashboard import menu_of
from passage.shell.openapi import truthful_openapi
from passage.shell.routes import static_files
from passage.web.compression import CompressionMiddleware
from passage.web.middleware import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    larger_body_limits,
)
from passage.web.render import build_templates, is_htmx, redirect, render

logger = logging.getLogger("passage")
BUSY_RETRY_AFTER = 5  # seconds: long imports commit in batches of about a second


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in {"/openapi.json", "/.well-known/passage-keys.json"}


def _error_response(request: Request, error: PassageError) -> Response:
    """Render one error for the API (JSON) or the web (page, partial or sign-in redirect)."""
    response = _error_body(request, error)
    retry_after = getattr(error, "retry_after", None)  # TooManyRequests, a stopped import
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _error_body(request: Request, error: PassageError) -> Response:
    if _wants_json(request):
        return JSONResponse(error.to_dict(_), status_code=error.status)
    if isinstance(error, NotAuthenticated) and request.method == "GET" and not is_htmx(request):
        return redirect(f"/login?next={quote(request.url.path)}")
    template = "components/_error.html" if is_htmx(request) else "error.html"
    context = {"error": error, "message": explain(error)}
    return render(request, template, context, status_code=error.status)


def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    """A refused request: each problem as a sentence naming its field (never pydantic's text)."""
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in LOCATION_ROOTS]
    detail = describe(first) if first else _("The request is not valid.")
    error = PassageError(detail, field=".".join(location) or None)
    error.status, error.error = 422, "invalid"
    if _wants_json(request):
        body = error.to_dict() | {
            "context": [
                {"field": ".".join(map(str, e["loc"])), "message": describe(e), "type": e["type"]}
                for e in exc.errors()
            ]
        }
        return JSONResponse(body, status_code=422)
    error.field = None  # the sentence names its field already
    return _error_response(request, error)


HTTP_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    error = PassageError(str(exc.detail))
    error.status = exc.status_code
    error.error = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
    response = _error_response(request, error)
    response.headers.update(exc.headers or {})
    if exc.status_code == 405:
        response.headers["Allow"] = _allowed_methods(request)
    return response


def _allowed_methods(request: Request) -> str:
    """Every method some route answers at this path (Starlette's 405 names the first's only)."""
    methods: set[str] = set()
    for context in iter_route_contexts(request.app.routes):
        if context.matches(request.scope)[0] is not Match.NONE:
            methods |= context.methods or set()
    return ", ".join(sorted(methods))


def _install_error_handlers(app: FastAPI) -> None:
    async def passage_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PassageError)
        return _error_response(request, exc)

    async def stale(request: Request, exc: Exception) -> Response:
        return _error_response(
            request, Conflict("this record was changed by someone else; reload it")
        )

    async def integrity(request: Request, exc: Exception) -> Response:
        return _error_response(
            request, Conflict("this would duplicate or break a link to another record")
        )

    async def unexpected(request: Request, exc: Exception) -> Response:
        # A bug, never bad input: logged with the request id only (no personal data).
        request_id = getattr(request.state, "request_id", None)
        logger.error("unhandled %s in request %s", type(exc).__name__, request_id)
        error = PassageError(
            "internal error; quote request id %(id)s to an administrator", params={"id": request_id}
        )
        error.status, error.error = 500, "internal"
        return _error_response(request, error)

    async def operational(request: Request, exc: Exception) -> Response:
        # SQLite's write lock not obtained within the busy timeout: the site is busy, not broken.
        if "database is locked" in str(exc):
            message = N_("the database is busy with long work; try again in a few seconds")
            return _error_response(request, Busy(message, retry_after=BUSY_RETRY_AFTER))
        return await unexpected(request, exc)

    async def data_error(request: Request, exc: Exception) -> Response:
        message = N_("a value cannot be stored or searched (for example a NUL character)")
        return _error_response(request, Invalid(message))

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _validation_error(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _http_error(request, exc)

    app.add_exception_handler(PassageError, passage_error)
    app.add_exception_handler(StaleDataError, stale)
    app.add_exception_handler(IntegrityError, integrity)
    app.add_exception_handler(DataError, data_error)
    app.add_exception_handler(OperationalError, operational)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _compose(app: FastAPI, domains: Sequence[Domain]) -> None:
    """Mount every installed domain's routers; keep the domains, menu and templates."""
    for domain in domains:
        for router in domain.routers:
            app.include_router(router)
    app.mount("/static", static_files, name="static")
    filters = {name: f for domain in domains for name, f in domain.template_filters.items()}
    app.state.domains = tuple(domains)
    app.state.menu = menu_of(domains)
    app.state.templates = build_templates(filters)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the background jobs in this process when PASSAGE_RUN_JOBS is set (`passage serve`)."""
    settings = get_settings()
    loop = None
    if settings.run_jobs:
        loop = JobLoop(registered_jobs(), settings.jobs_poll_seconds)
        loop.start()
    yield
    if loop is not None:
        loop.stop()


def create_app(domains: Sequence[Domain] = DOMAINS, **overrides: Any) -> FastAPI:
    """Build the Passage application from the installed domains (or the ones given)."""
    settings = get_settings()
    app = FastAPI(
        title="Passage API",
        version=__version__,
        description="Health, border and mobility management. Every error answers one shape: "
        '{"error": code, "detail": message, "field": name-or-null, "context": optional}.',
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
        **overrides,
    )
    app.state.settings = settings
    _install_error_handlers(app)
    _compose(app, domains)
    app.openapi = truthful_openapi(app)  # type: ignore[method-assign]
    app.add_middleware(
        BodyLimitMiddleware,
        body_bytes=settings.max_body_bytes,
        larger=larger_body_limits(app.routes, settings.max_upload_bytes),
    )
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(CompressionMiddleware)
    return app
