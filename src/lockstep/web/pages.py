"""Dashboard pages: server-rendered templates with small scripts (no inline JS)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from lockstep.web.templating import templates

router = APIRouter(include_in_schema=False)

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


def _overview_context(request: Request, as_of: str | None) -> dict[str, Any]:
    from lockstep.record import state_at, state_to_dict
    from lockstep.web.deps import parse_day, record_of, today

    day = parse_day(as_of, "as_of", today())
    record = record_of(request)
    state = state_to_dict(state_at(day, record))
    events = [e for e in record.events if e.date <= day][-8:][::-1]
    return {"state": state, "as_of": day.isoformat(), "events": events}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, as_of: str | None = None) -> HTMLResponse:
    """Overview for a chosen date."""
    return render(request, "overview.html", **_overview_context(request, as_of))


@router.get("/fragments/overview", response_class=HTMLResponse)
def overview_fragment(request: Request, as_of: str | None = None) -> HTMLResponse:
    """The overview's result region (fetched by the date control)."""
    return render(request, "overview_body.html", **_overview_context(request, as_of))


def _data_context(
    request: Request,
    table: str,
    quantity: str | None,
    party: str | None,
    start: str | None,
    end: str | None,
) -> dict[str, Any]:
    from urllib.parse import urlencode

    from lockstep.record import vocabulary
    from lockstep.web.api.record import event_rows, observation_rows

    if table not in ("observations", "events"):
        from lockstep.errors import DomainError

        raise DomainError("table", "observations or events")
    if table == "observations":
        rows = observation_rows(request, quantity, start, end)
        query = {"quantity": quantity, "from": start, "to": end}
    else:
        rows = event_rows(request, party, None, start, end)
        query = {"party": party, "from": start, "to": end}
    qs = urlencode({k: v for k, v in query.items() if v})
    return {
        "table": table,
        "rows": rows,
        "quantity": quantity or "",
        "party": party or "",
        "start": start or "",
        "end": end or "",
        "quantities": sorted(vocabulary().quantities),
        "download": f"/api/record/{table}?{qs}" + ("&" if qs else ""),
    }


@router.get("/data", response_class=HTMLResponse)
def data(
    request: Request,
    table: str = "observations",
    quantity: str | None = None,
    party: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
) -> HTMLResponse:
    """Browse observations and events with their sources; download CSV or JSON."""
    return render(
        request, "data.html", **_data_context(request, table, quantity, party, start, end)
    )


@router.get("/fragments/data", response_class=HTMLResponse)
def data_fragment(
    request: Request,
    table: str = "observations",
    quantity: str | None = None,
    party: str | None = None,
    start: str | None = Query(None, alias="from"),
    end: str | None = Query(None, alias="to"),
) -> HTMLResponse:
    """The data page's table region."""
    return render(
        request, "data_body.html", **_data_context(request, table, quantity, party, start, end)
    )
