"""``/api/state``: the program as known on a date."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from lockstep.web.deps import parse_day, record_of, today

router = APIRouter(tags=["state"])


@router.get("/state", summary="State of the program at a date")
def get_state(
    request: Request,
    as_of: Annotated[str | None, Query(description="Date YYYY-MM-DD (default: today).")] = None,
) -> dict[str, Any]:
    """Return the program as known on a date (the keys of ``lockstep state --json``).

    Stocks by band (kg U, status, figure date and age), centrifuges by site and model,
    heavy water, monitoring, sanctions in force. After June 2025 figures are the last
    known ones, marked ``unverified``.
    """
    from lockstep.record import state_at, state_to_dict

    day = parse_day(as_of, "as_of", today())
    return state_to_dict(state_at(day, record_of(request)))
