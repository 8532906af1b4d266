"""``/api/state``: the program as known on a date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lockstep.web.cache import cached_json
from lockstep.web.contract import date_query
from lockstep.web.deps import parse_day, record_of, today

if TYPE_CHECKING:
    from lockstep.record import Record

router = APIRouter(tags=["state"])


@router.get("/state", summary="State of the program at a date")
async def get_state(
    request: Request,
    as_of: Annotated[str | None, date_query("Date (default today).")] = None,
) -> Response:
    """Return the program as known on a date (the keys of ``lockstep state --json``).

    Stocks by band (kg U, status, figure date and age), centrifuges by site and model,
    heavy water, monitoring, sanctions in force. After June 2025 figures are the last
    known ones, marked ``unverified``.
    """
    day = parse_day(as_of, "as_of", today())
    record = record_of(request)
    return await cached_json(
        request,
        request.app.state.caches["days"],
        state_json_key(record, day),
        lambda: state_document(record, day),
    )


def state_document(record: Record, day: dt.date) -> dict[str, Any]:
    """The ``lockstep state --json`` document for ``record`` on ``day``."""
    from lockstep.record import state_at, state_to_dict

    document: dict[str, Any] = state_to_dict(state_at(day, record))
    return document


def state_json_key(record: Record, day: dt.date) -> tuple[Any, ...]:
    """The key of a day's state document in the JSON cache (shared with warming)."""
    return ("state", id(record), day)
