"""The FastAPI application factory: JSON API, dashboard pages and static assets."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from lockstep import __version__
from lockstep.errors import ConflictError, InfeasibleError, LockstepError, NotFoundError
from lockstep.web.cache import ResultCache
from lockstep.web.contract import EARLIEST_DAY, LATEST_DAY, complete_openapi
from lockstep.web.security import SecurityHeaders
from lockstep.web.settings import Settings
from lockstep.web.warm import Warmer

#: HTTP status of each error kind; every other bad input is 422. A well-formed question
#: the record's state cannot answer (no machines at that site on that date) is a
#: conflict with the state, not a malformed request.
_STATUS_OF_ERROR = ((NotFoundError, 404), (ConflictError, 409), (InfeasibleError, 409))

#: Names of HTTP statuses, as the ``error`` field of an error body says them.
_HTTP_ERROR_NAMES = {
    400: "BadRequest",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "PayloadTooLarge",
}


class _CachedStatic(StaticFiles):
    """Static files with a cache lifetime: they change only with the package version."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response


def _expected(error: Mapping[str, Any]) -> str:
    """What a failed FastAPI/pydantic check expected, in the words the CLI uses."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        names = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"expected one of {names}"
    bounds = {
        "greater_than": ">",
        "greater_than_equal": ">=",
        "less_than": "<",
        "less_than_equal": "<=",
    }
    if kind in bounds:
        limit = next(iter(v for k, v in ctx.items() if k in ("gt", "ge", "lt", "le")), "")
        return f"expected a number {bounds[kind]} {limit}"
    if kind == "string_pattern_mismatch":
        return f"expected a date YYYY-MM-DD from {EARLIEST_DAY} to {LATEST_DAY}"
    words = {
        "int_parsing": "expected a whole number",
        "float_parsing": "expected a number",
        "bool_parsing": "expected true or false",
        "missing": "a value is required",
    }
    return words.get(kind, str(error.get("msg", "invalid value")))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        got = error.get("input")
        # An enumeration names what it expects; echoing a wrong name adds nothing.
        echo = isinstance(got, str | int | float) and error.get("type") != "literal_error"
        shown = f" (got {got!r})" if echo else ""
        parts.append(f"{location or 'request'}: {_expected(error)}{shown}")
    return "; ".join(parts) or "invalid request"


def _methods_on(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI document gives for ``path`` (HEAD with GET), sorted."""
    import re

    methods: set[str] = set()
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app.

    Parameters
    ----------
    settings
        Configuration; ``None`` reads ``Settings.from_env()``.

    Returns
    -------
    fastapi.FastAPI
        The app, with ``app.state.settings`` set.
    """
    from lockstep.web import api, pages

    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm:
            app.state.warmer.start(app)
        yield
        app.state.warmer.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="lockstep",
        version=__version__,
        description=(
            "JSON API of lockstep: the state of Iran's nuclear program at any date, the JCPOA "
            "as data, the record of IAEA figures and events, compliance by party, breakout "
            "with uncertainty, return plans and the point of no return. Every figure "
            "carries its source."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.caches = {
        name: ResultCache(settings.cache_size)
        for name in ("state", "breakout", "compliance", "plans")
    }
    app.state.caches["days"] = ResultCache(settings.day_cache_size)
    app.state.warmer = Warmer()
    # Outermost first: hosts are checked before anything else runs; bodies are counted
    # before they reach the app; answers are compressed last.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts())
    static = resources.files("lockstep.web") / "static"
    app.mount("/static", _CachedStatic(directory=str(static)), name="static")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generated = FastAPI.openapi(app)
            app.openapi_schema = complete_openapi(
                generated,
                max_samples=settings.max_samples,
                max_horizon_days=settings.max_horizon_days,
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(LockstepError)
    async def _lockstep_error(request: Request, exc: LockstepError) -> Any:
        message = " ".join(str(exc).split())
        status = next((code for kind, code in _STATUS_OF_ERROR if isinstance(exc, kind)), 422)
        if _wants_html(request):
            return pages.error_page(request, status, message)
        return JSONResponse({"detail": message, "error": type(exc).__name__}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Any:
        message = _validation_message(exc)
        if _wants_html(request):
            return pages.error_page(request, 422, message)
        return JSONResponse({"detail": message, "error": "ValidationError"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if _wants_html(request):
            return pages.error_page(request, exc.status_code, str(exc.detail))
        name = _HTTP_ERROR_NAMES.get(exc.status_code, "HTTPError")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route on the path only; a
            # resource served by several routes (GET and POST) must list them all.
            documented = _methods_on(app, request.url.path)
            if documented:
                headers["Allow"] = ", ".join(documented)
        return JSONResponse(
            {"detail": str(exc.detail), "error": name},
            status_code=exc.status_code,
            headers=headers,
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "warm": app.state.warmer.status()}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        icon = (static / "favicon.svg").read_bytes()
        return Response(
            icon,
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return pages.api_docs(request, app.openapi())

    for router in api.routers():
        app.include_router(router, prefix="/api")
    for page_router in pages.routers():
        app.include_router(page_router)
    return app
