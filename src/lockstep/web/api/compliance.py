"""``/api/compliance``: findings by party and date, and status timelines."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.web.cache import cached_json
from lockstep.web.deps import parse_day, record_of, today

router = APIRouter(tags=["compliance"])


def compliance_view(
    request: Request, day: dt.date, party: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """The ``lockstep compliance --as-of --json`` document (cached per record and query)."""
    from lockstep.agreement import load_agreement

    record = record_of(request)

    def compute() -> dict[str, Any]:
        from lockstep.compliance import evaluate, findings_to_dict, party_summary
        from lockstep.compliance import summary_to_dict as summary_json
        from lockstep.compliance.model import STATUSES
        from lockstep.errors import DomainError

        if status is not None and status not in STATUSES:
            raise DomainError("status", f"one of {', '.join(STATUSES)}")
        jcpoa = load_agreement("jcpoa")
        findings = evaluate(jcpoa, record, day, party=party)
        body = findings_to_dict(findings, day, agreement="jcpoa")
        summaries = party_summary(jcpoa, record, day, party=party, findings=findings)
        body["parties"] = {p: summary_json(s) for p, s in summaries.items()}
        if status is not None:
            body["findings"] = [f for f in body["findings"] if f["status"] == status]
        return body

    key = ("compliance", id(record), day, party, status)
    result: dict[str, Any] = request.app.state.caches["compliance"].get_or_compute(key, compute)
    return result


def timeline_view(
    request: Request, start: dt.date, end: dt.date, party: str | None = None
) -> dict[str, Any]:
    """The ``lockstep compliance --timeline --json`` document (cached)."""
    record = record_of(request)

    def compute() -> dict[str, Any]:
        from lockstep.agreement import load_agreement
        from lockstep.compliance import party_summary, timeline, timeline_to_dict

        jcpoa = load_agreement("jcpoa")
        intervals = timeline(jcpoa, record, start, end, party=party)
        summaries = party_summary(jcpoa, record, end, party=party)
        return timeline_to_dict(intervals, start, end, summaries, agreement="jcpoa")

    key = ("timeline", id(record), start, end, party)
    result: dict[str, Any] = request.app.state.caches["compliance"].get_or_compute(key, compute)
    return result


Party = Annotated[
    str | None, Query(description="Party id: iran, us, eu, e3, unsc, all (default: every party).")
]


@router.get("/compliance", summary="Compliance findings on a date")
async def get_compliance(
    request: Request,
    as_of: Annotated[str | None, Query(description="Date YYYY-MM-DD (default today).")] = None,
    party: Party = None,
    status: Annotated[
        str | None, Query(description="Only findings with this status (complies, breached...).")
    ] = None,
) -> Response:
    """Return the keys of ``lockstep compliance --as-of DATE --json`` (docs/compliance.md).

    A finding per obligation: status, observed against limit with unit and ratio, the
    date the status began, evidence with sources, and each party's reading. ``parties``
    adds each party's counts, first breach and biggest breaches.
    """
    day = parse_day(as_of, "as_of", today())
    return await cached_json(
        request.app.state.caches["compliance"],
        ("api", id(record_of(request)), day, party, status),
        lambda: compliance_view(request, day, party, status),
    )


@router.get("/compliance/timeline", summary="Status intervals per obligation")
def get_timeline(
    request: Request,
    start: Annotated[str | None, Query(alias="from", description="First date.")] = None,
    end: Annotated[str | None, Query(alias="to", description="Last date (default today).")] = None,
    party: Party = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> Any:
    """Return the keys of ``lockstep compliance --timeline --json`` (or its CSV)."""
    from lockstep.compliance import INTERVAL_FIELDS
    from lockstep.web.api.record import csv_response

    first = parse_day(start, "from", dt.date(2015, 7, 14))
    body = timeline_view(request, first, parse_day(end, "to", today()), party)
    if format == "csv":
        return csv_response(body["intervals"], INTERVAL_FIELDS, "compliance-timeline")
    return body
