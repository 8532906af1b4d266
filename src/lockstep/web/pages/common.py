"""Shared parts of the dashboard pages: navigation, rendering, error and API pages."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from lockstep.web.templating import templates

#: Navigation: (path, label).
NAV = (
    ("/", "Overview"),
    ("/timeline", "Timeline"),
    ("/breakout", "Breakout"),
    ("/planner", "Planner"),
    ("/agreement", "Agreement"),
    ("/data", "Data"),
    ("/docs", "API"),
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with the navigation and ``context``."""
    return templates().TemplateResponse(
        request, name, {"nav": NAV, "path": request.url.path, **context}, status_code=status_code
    )


def page_reason(exc: Exception) -> str:
    """Why the library could not answer, for a page: one line, without the CLI's hints."""
    message = " ".join(str(exc).split())
    # The CLI's remedies (options such as --covert) mean nothing on a page.
    return message.split("; add ")[0].split("; use ")[0].rstrip(".")


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An error page that says what was wrong."""
    return render(request, "error.html", status_code=status_code, message=message, code=status_code)


def api_docs(request: Request, schema: dict[str, Any]) -> HTMLResponse:
    """A self-contained API reference rendered from the OpenAPI document."""
    operations = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, operation in methods.items():
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "tags": operation.get("tags", []),
                }
            )
    return render(request, "docs.html", operations=operations, info=schema.get("info", {}))
