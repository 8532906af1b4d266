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
    from lockstep.report import labels
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
                labels.obligation(obligation["id"], 48),
                [
                    Interval(
                        dt.date.fromisoformat(i["start"]),
                        dt.date.fromisoformat(i["end"]) + dt.timedelta(days=1),
                        i["status"],
                        f"{labels.obligation(obligation['id'], 200)}: "
                        f"{i['status'].replace('_', ' ')} {i['start']} to {i['end']}",
                    )
                    for i in history.get(obligation["id"], [])
                ],
            )
            finding = findings.get(obligation["id"])
            rows.append(
                {
                    "o": obligation,
                    "f": finding,
                    "lane": lane,
                    "label": labels.obligation(obligation["id"], 140),
                    "limit": _limit_words(obligation),
                    "observed": labels.finding(finding) if finding else "",
                    "since": finding.get("since") if finding else None,
                    "status": finding.get("status") if finding else None,
                }
            )
        chart = lanes_chart(
            f"history-{item['id']}",
            f"Status history of the obligations of {item['name']}",
            f"Status of each obligation of {item['name']} from {start} to {day} (hover for "
            "the obligation and dates).",
            [row["lane"] for row in rows],
            x_range=(start, max(day, start + dt.timedelta(days=30))),
            min_width=700,
        )
        categories: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            categories[row["o"].get("category") or "other"].append(row)
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row["status"] or "unknown"] += 1
        groups.append(
            {
                "party": item,
                "rows": rows,
                "chart": chart,
                "categories": [
                    {
                        "name": CATEGORY_WORDS.get(name, name.replace("_", " ").capitalize()),
                        "rows": members,
                        "columns": _columns(members),
                    }
                    for name, members in categories.items()
                ],
                "counts": dict(counts),
            }
        )
    milestones = sorted(
        body["milestones"], key=lambda m: (m.get("date") is None, m.get("date") or "")
    )
    return {
        "as_of": day.isoformat(),
        "groups": groups,
        "disputes": body["disputes"],
        "milestones": milestones,
        "party": party or "",
        "parties": parties,
        "agreement": body,
    }


def _limit_words(obligation: dict[str, Any]) -> str:
    """An obligation's limit in words (``at most 3.67 %``; ``must not happen``)."""
    from lockstep.report import labels

    comparator = obligation.get("comparator") or ""
    limit = obligation.get("limit_display")
    unit = obligation.get("unit_display") or obligation.get("unit") or ""
    if limit is None:
        limit = obligation.get("limit")
        unit = obligation.get("unit") or ""
    if limit is None or unit == "bool":
        return labels.comparator(comparator)
    return f"{labels.comparator(comparator)} {labels.value(limit, unit)}"


#: Obligation categories whose words are not their id with spaces.
CATEGORY_WORDS = {
    "centrifuge_rd": "Centrifuge research and development",
    "un_restrictions": "UN restrictions",
    "weaponization": "Weaponization",
}

#: Optional columns of the obligation tables: dropped where no row of a group has them.
OPTIONAL_COLUMNS = ("limit", "observed", "since")


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return [c for c in OPTIONAL_COLUMNS if any(row.get(c) for row in rows)]


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
