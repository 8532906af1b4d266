"""The FastAPI application factory: JSON API, dashboard pages and static assets."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from lockstep import __version__
from lockstep.errors import LockstepError
from lockstep.web.cache import ResultCache
from lockstep.web.security import SecurityHeaders
from lockstep.web.settings import Settings


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{location or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


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
    app = FastAPI(
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
    app.add_middleware(SecurityHeaders, max_body_bytes=settings.max_body_bytes)
    static = resources.files("lockstep.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.exception_handler(LockstepError)
    async def _lockstep_error(request: Request, exc: LockstepError) -> Any:
        message = " ".join(str(exc).split())
        if _wants_html(request):
            return pages.error_page(request, 422, message)
        return JSONResponse({"detail": message, "error": type(exc).__name__}, status_code=422)

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
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return pages.api_docs(request, app.openapi())

    for router in api.routers():
        app.include_router(router, prefix="/api")
    for page_router in pages.routers():
        app.include_router(page_router)
    return app
