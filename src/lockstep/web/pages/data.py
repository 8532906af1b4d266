"""Data page: browse observations and events with sources; download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


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
