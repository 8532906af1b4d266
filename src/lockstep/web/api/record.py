"""``/api/record``: observations, events and sources, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.report.opendata import csv_cell
from lockstep.web.contract import date_query, enum_query
from lockstep.web.deps import check_order, parse_day, record_of

router = APIRouter(tags=["record"])


def _quantities() -> list[str]:
    from lockstep.record import vocabulary

    return sorted(vocabulary().quantities)


def csv_response(rows: Iterable[dict[str, Any]], fields: Sequence[str], name: str) -> Response:
    """A CSV download of ``rows`` with the given columns (lists joined with ';')."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def observation_rows(
    request: Request,
    quantity: str | None,
    start: str | None,
    end: str | None,
    band: str | None = None,
    site: str | None = None,
    model: str | None = None,
) -> list[dict[str, Any]]:
    """Observation rows matching the filters (shared by the API and the data page)."""
    from lockstep.record import observation_to_dict, vocabulary

    record = record_of(request)
    if quantity is not None:
        known = vocabulary().quantities
        if quantity not in known:
            from lockstep.errors import DomainError

            raise DomainError("quantity", f"one of {', '.join(sorted(known))}")
    qualifiers = {k: v for k, v in (("band", band), ("site", site), ("model", model)) if v}
    first = parse_day(start, "from") if start else None
    last = parse_day(end, "to") if end else None
    check_order(first, last)
    rows = record.select(quantity or None, first, last, **qualifiers)
    return [observation_to_dict(o) for o in sorted(rows, key=lambda o: (o.as_of, o.id))]


def event_rows(
    request: Request,
    party: str | None,
    kind: str | None,
    start: str | None,
    end: str | None,
) -> list[dict[str, Any]]:
    """Event rows matching the filters (shared by the API and the data page)."""
    from lockstep.record import event_to_dict

    first = parse_day(start, "from") if start else None
    last = parse_day(end, "to") if end else None
    check_order(first, last)
    rows = record_of(request).events_between(first, last, party=party or None, kind=kind or None)
    return [event_to_dict(e) for e in sorted(rows, key=lambda e: (e.date, e.id))]


@router.get("/record/observations", summary="IAEA figures (long format)")
def observations(
    request: Request,
    quantity: Annotated[
        str | None, enum_query("Quantity name (docs/data.md).", _quantities())
    ] = None,
    start: Annotated[str | None, date_query("First as_of date.", alias="from")] = None,
    end: Annotated[str | None, date_query("Last as_of date.", alias="to")] = None,
    band: Annotated[str | None, Query(description="Enrichment band qualifier.")] = None,
    site: Annotated[str | None, Query(description="Site qualifier.")] = None,
    model: Annotated[str | None, Query(description="Centrifuge model qualifier.")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> Any:
    """Every figure with its source, status and confidence; the keys of ``record list``."""
    from lockstep.record.export import OBSERVATION_FIELDS

    rows = observation_rows(request, quantity, start, end, band, site, model)
    if format == "csv":
        return csv_response(rows, OBSERVATION_FIELDS, "observations")
    return {"count": len(rows), "observations": rows}


@router.get("/record/events", summary="Dated events of every party")
def events(
    request: Request,
    party: Annotated[str | None, Query(description="Party id (iran, us, eu, e3, unsc...).")] = None,
    kind: Annotated[str | None, Query(description="Event kind (violates, complies...).")] = None,
    start: Annotated[str | None, date_query("First date.", alias="from")] = None,
    end: Annotated[str | None, date_query("Last date.", alias="to")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> Any:
    """Events with their sources; the keys of ``record events``."""
    from lockstep.record.export import EVENT_FIELDS

    rows = event_rows(request, party, kind, start, end)
    if format == "csv":
        return csv_response(rows, EVENT_FIELDS, "events")
    return {"count": len(rows), "events": rows}


@router.get("/record/report-dates", summary="Dates of the IAEA figures used for history charts")
def report_dates(request: Request) -> dict[str, list[str]]:
    """Sorted ``as_of`` dates of IAEA Board reports with a total-stock figure."""
    return {"report_dates": [d.isoformat() for d in record_of(request).report_dates()]}
