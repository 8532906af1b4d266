"""Agreement page: every obligation by party with its reference, status and history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def _context(request: Request, as_of: str | None, party: str | None) -> dict[str, Any]:
    from lockstep.report.charts import Interval, Lane, lanes_chart
    from lockstep.web.api.agreement import agreement
    from lockstep.web.api.compliance import compliance_view, timeline_view
    from lockstep.web.deps import parse_day, today

    day = parse_day(as_of, "as_of", today())
    jcpoa = agreement("jcpoa")
    from lockstep.agreement import agreement_json

    body = agreement_json(jcpoa)
    findings = {f["obligation"]: f for f in compliance_view(request, day)["findings"]}
    start = dt.date(2015, 7, 14)
    history: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for interval in timeline_view(request, start, max(day, start))["intervals"]:
        history[interval["obligation"]].append(interval)
    parties = [
        p for p in body["parties"] if any(o["party"] == p["id"] for o in body["obligations"])
    ]
    if party:
        known = {p["id"] for p in parties}
        if party not in known:
            from lockstep.errors import DomainError

            raise DomainError("party", f"one of {', '.join(sorted(known))}")
    groups = []
    for item in parties:
        if party and item["id"] != party:
            continue
        obligations = [o for o in body["obligations"] if o["party"] == item["id"]]
        rows = []
        for obligation in obligations:
            lane = Lane(
                obligation["id"],
                [
                    Interval(
                        dt.date.fromisoformat(i["start"]),
                        dt.date.fromisoformat(i["end"]) + dt.timedelta(days=1),
                        i["status"],
                        f"{i['status'].replace('_', ' ')} {i['start']} to {i['end']}",
                    )
                    for i in history.get(obligation["id"], [])
                ],
            )
            rows.append((obligation, findings.get(obligation["id"]), lane))
        chart = lanes_chart(
            f"history-{item['id']}",
            f"Status history of {item['name']}'s obligations",
            f"Status of each obligation of {item['name']} from {start} to {day}.",
            [lane for _, _, lane in rows],
            x_range=(start, max(day, start + dt.timedelta(days=30))),
        )
        groups.append({"party": item, "rows": rows, "chart": chart})
    return {
        "as_of": day.isoformat(),
        "groups": groups,
        "disputes": body["disputes"],
        "milestones": body["milestones"],
        "party": party or "",
        "parties": parties,
        "agreement": body,
    }


@router.get("/agreement", response_class=HTMLResponse)
def agreement_page(
    request: Request, as_of: str | None = None, party: str | None = None
) -> HTMLResponse:
    """The JCPOA's obligations by party, with status on a date and history."""
    return render(request, "agreement.html", **_context(request, as_of, party or None))


@router.get("/fragments/agreement", response_class=HTMLResponse)
def agreement_fragment(
    request: Request, as_of: str | None = None, party: str | None = None
) -> HTMLResponse:
    """The agreement page's result region."""
    return render(request, "agreement_body.html", **_context(request, as_of, party or None))
