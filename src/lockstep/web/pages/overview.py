"""Overview page: the state, breakout and compliance on a chosen date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def _overview_context(request: Request, as_of: str | None) -> dict[str, Any]:
    from lockstep.compliance.model import STATUSES
    from lockstep.record import state_at, state_to_dict
    from lockstep.web.api.breakout import BreakoutQuery, breakout_view
    from lockstep.web.api.compliance import compliance_view
    from lockstep.web.deps import parse_day, record_of, today

    day = parse_day(as_of, "as_of", today())
    record = record_of(request)
    state = state_to_dict(state_at(day, record))
    events = [e for e in record.events if e.date <= day][-8:][::-1]
    breakout, _ = breakout_view(request, BreakoutQuery(as_of=day, samples=5_000))
    estimate = None
    if breakout["status"] == "unknown":
        estimate, _ = breakout_view(
            request, BreakoutQuery(as_of=day, samples=5_000, assume_last_known=True)
        )
    compliance = compliance_view(request, day)
    return {
        "state": state,
        "as_of": day.isoformat(),
        "events": events,
        "breakout": breakout,
        "estimate": estimate,
        "compliance": compliance,
        "statuses": STATUSES,
    }


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, as_of: str | None = None) -> HTMLResponse:
    """Overview for a chosen date."""
    return render(request, "overview.html", **_overview_context(request, as_of))


@router.get("/fragments/overview", response_class=HTMLResponse)
def overview_fragment(request: Request, as_of: str | None = None) -> HTMLResponse:
    """The overview's result region (fetched by the date control)."""
    return render(request, "overview_body.html", **_overview_context(request, as_of))
