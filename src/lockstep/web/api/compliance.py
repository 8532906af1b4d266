"""``/api/compliance``: findings by party and date, and status timelines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.errors import DomainError
from lockstep.web.cache import cached_json
from lockstep.web.contract import date_query, enum_query
from lockstep.web.deps import check_order, parse_day, record_of, today

if TYPE_CHECKING:
    from lockstep.record import Record

router = APIRouter(tags=["compliance"])

#: The day the JCPOA was concluded: where a timeline starts unless told otherwise.
_CONCLUDED = dt.date(2015, 7, 14)


def compliance_document(
    record: Record, day: dt.date, party: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """The ``lockstep compliance --as-of --json`` document for ``record`` on ``day``."""
    from lockstep.agreement import load_agreement
    from lockstep.compliance import evaluate, findings_to_dict, party_summary
    from lockstep.compliance import summary_to_dict as summary_json
    from lockstep.compliance.model import STATUSES

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


def compliance_view(
    request: Request, day: dt.date, party: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """The compliance document as a dictionary, cached per record and query (pages)."""
    record = record_of(request)
    key = ("compliance", id(record), day, party, status)
    result: dict[str, Any] = request.app.state.caches["compliance"].get_or_compute(
        key, lambda: compliance_document(record, day, party, status)
    )
    return result


def compliance_json_key(record: Record, day: dt.date) -> tuple[Any, ...]:
    """The key of a day's whole compliance document in the JSON cache (shared with warming)."""
    return ("compliance", id(record), day, None, None)


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


def _jcpoa_parties() -> list[str]:
    """The parties that owe a JCPOA obligation (the ones compliance is evaluated for)."""
    from lockstep.agreement import load_agreement

    return sorted({o.party for o in load_agreement("jcpoa").obligations})


def _statuses() -> list[str]:
    from lockstep.compliance.model import STATUSES

    return list(STATUSES)


Party = Annotated[str | None, enum_query("Party id (default: every party).", _jcpoa_parties())]


@router.get("/compliance", summary="Compliance findings on a date")
async def get_compliance(
    request: Request,
    as_of: Annotated[str | None, date_query("Date (default today).")] = None,
    party: Party = None,
    status: Annotated[
        str | None, enum_query("Only findings with this status.", _statuses())
    ] = None,
) -> Response:
    """Return the keys of ``lockstep compliance --as-of DATE --json`` (docs/compliance.md).

    A finding per obligation: status, observed against limit with unit and ratio, the
    date the status began, evidence with sources, and each party's reading. ``parties``
    adds each party's counts, first breach and biggest breaches.
    """
    day = parse_day(as_of, "as_of", today())
    record = record_of(request)
    key = (*compliance_json_key(record, day)[:3], party, status)
    return await cached_json(
        request,
        request.app.state.caches["days"],
        key,
        lambda: compliance_document(record, day, party, status),
    )


@router.get("/compliance/timeline", summary="Status intervals per obligation")
def get_timeline(
    request: Request,
    start: Annotated[
        str | None, date_query("First date, not after `to` (default 2015-07-14).", alias="from")
    ] = None,
    end: Annotated[
        str | None, date_query("Last date (default: today, or `from` if later).", alias="to")
    ] = None,
    party: Party = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv.")] = "json",
) -> Any:
    """Return the keys of ``lockstep compliance --timeline --json`` (or its CSV)."""
    from lockstep.compliance import INTERVAL_FIELDS
    from lockstep.web.api.record import csv_response

    # Without `to` the timeline runs to today, or to `from` if that is later; without
    # `from` it starts when the JCPOA was concluded, or at `to` if that is earlier.
    given = parse_day(start, "from") if start else None
    last = parse_day(end, "to", max(today(), given) if given else today())
    first = given or min(_CONCLUDED, last)
    check_order(first, last)
    body = timeline_view(request, first, last, party)
    if format == "csv":
        return csv_response(body["intervals"], INTERVAL_FIELDS, "compliance-timeline")
    return body
