"""Overview page: the story to a chosen date, then the state, breakout and compliance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import page_reason as _page_reason
from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def party_lines(compliance: dict[str, Any]) -> list[dict[str, Any]]:
    """One sentence per party saying where it stands (from the compliance summary)."""
    from lockstep.report import labels

    lines = []
    for pid, counts in compliance["summary"].items():
        info = compliance.get("parties", {}).get(pid) or {}
        in_force = sum(n for s, n in counts.items() if s not in ("not_in_force", "expired"))
        breached = counts.get("breached", 0)
        suspended = counts.get("suspended", 0)
        disputed = counts.get("disputed", 0)
        parts = []
        if breached:
            parts.append(f"breaches {breached} of its {in_force} obligations in force")
        if suspended:
            parts.append(f"has suspended {suspended}")
        if disputed:
            parts.append(
                f"{disputed} of its {in_force} obligations in force are disputed"
                if not parts
                else f"{disputed} more are disputed"
            )
        if not parts:
            complies = counts.get("complies", 0)
            parts.append(
                f"complies with {complies} of {in_force} obligations in force"
                + (f"; {in_force - complies} cannot be assessed" if in_force - complies else "")
                if in_force
                else "has no obligation in force"
            )
        first = info.get("first_breach")
        biggest = [b for b in info.get("biggest_breaches") or [] if b.get("ratio")]
        lines.append(
            {
                "party": pid,
                "name": labels.party(pid),
                "in_force": in_force,
                "text": ", ".join(parts),
                "worst": "breached"
                if breached
                else "suspended"
                if suspended
                else "disputed"
                if disputed
                else "complies",
                "first_breach": first,
                "first_breach_label": labels.obligation(first["obligation"]) if first else None,
                "biggest": [
                    {**b, "label": labels.obligation(b["obligation"], 60)} for b in biggest[:2]
                ],
            }
        )
    return lines


def _overview_context(request: Request, as_of: str | None) -> dict[str, Any]:
    from lockstep.compliance.model import STATUSES
    from lockstep.errors import LockstepError
    from lockstep.record import state_at, state_to_dict
    from lockstep.report.story import breakout_chart, stock_chart
    from lockstep.web.api.breakout import BreakoutQuery, breakout_view, history_view
    from lockstep.web.api.compliance import compliance_view
    from lockstep.web.contract import EARLIEST_DAY
    from lockstep.web.deps import parse_day, record_of, today

    # The API's earliest day (the first IAEA report of the JPOA period) bounds pages too.
    day = parse_day(as_of, "as_of", today())
    record = record_of(request)
    state = state_to_dict(state_at(day, record))
    events = record.events_between(None, day)[-8:][::-1]
    # Before the record holds machines or stocks, breakout is unknown, not an error.
    unknown_reason = None
    estimate = None
    breakout_model = BreakoutQuery(as_of=day).model
    try:
        breakout, _ = breakout_view(request, BreakoutQuery(as_of=day, samples=5_000))
    except LockstepError as exc:
        breakout, unknown_reason = {"status": "unknown"}, _page_reason(exc)
    if breakout["status"] == "unknown" and unknown_reason is None:
        try:
            estimate, _ = breakout_view(
                request, BreakoutQuery(as_of=day, samples=5_000, assume_last_known=True)
            )
        except LockstepError:
            estimate = None
    try:
        compliance = compliance_view(request, day)
    except LockstepError:
        compliance = {"summary": {}, "parties": {}, "findings": []}
    # The chart's model is the headline figure's (the API's default), so they agree.
    points = history_view(request, "wgu25", breakout_model, "enriching", 2_000, None, today())
    caveats = list(state.get("notes") or [])
    if unknown_reason:
        caveats.insert(0, f"Breakout cannot be computed on this date: {unknown_reason}.")
    if not state.get("verified"):
        caveats.insert(0, "Figures on this date are not verified by the IAEA.")
    published = state.get("report_date")
    if published and dt.date.fromisoformat(str(published)) > day:
        # The record dates a figure by its measurement; say when it became public.
        caveats.insert(
            0,
            f"The latest figures were measured by this date but published in "
            f"{state.get('report')} on {published}, after it.",
        )
    return {
        "state": state,
        "as_of": day.isoformat(),
        "min_day": EARLIEST_DAY.isoformat(),
        "events": events,
        "breakout": breakout,
        "estimate": estimate,
        "compliance": compliance,
        "statuses": STATUSES,
        "party_lines": party_lines(compliance),
        "caveats": caveats,
        "headline": [
            stock_chart(record, day, mark_end=day < today()),
            breakout_chart(record, points, day, mark_end=day < today(), model=breakout_model),
        ],
    }


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, as_of: str | None = None) -> HTMLResponse:
    """Overview for a chosen date."""
    return render(request, "overview.html", **_overview_context(request, as_of))


@router.get("/fragments/overview", response_class=HTMLResponse)
def overview_fragment(request: Request, as_of: str | None = None) -> HTMLResponse:
    """The overview's result region (fetched by the date control)."""
    return render(request, "overview_body.html", **_overview_context(request, as_of))
