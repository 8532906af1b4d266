"""Timeline 2013 to now: stockpile, centrifuges, breakout history, compliance, milestones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def _timeline(request: Request) -> dict[str, Any]:
    from lockstep.report.charts import Band, Rule, Series, line_chart
    from lockstep.report.series import (
        BAND_LABELS,
        centrifuge_series,
        milestone_markers,
        stock_series,
    )
    from lockstep.web.api.breakout import history_view
    from lockstep.web.deps import record_of, today

    markers = milestone_markers()
    stocks, stock_rows = stock_series(record_of(request))
    stock_chart = line_chart(
        "stock-chart",
        "Enriched uranium stockpile (kg U, log scale)",
        "IAEA figures at each quarterly report: the all-forms total (dashed) and each "
        "enrichment band of UF6 (gaps where a report gives no split), with the JCPOA cap "
        "of 202.8 kg U.",
        stocks,
        rules=[Rule(202.8, "JCPOA cap 202.8 kg U")],
        markers=markers,
        y_log=True,
        y_min=1.0,
        y_label="kg U",
    )
    machines, machine_rows = centrifuge_series(record_of(request))
    machine_chart = line_chart(
        "centrifuge-chart",
        "Centrifuges installed, by model (all sites)",
        "Installed machines by model summed over Natanz FEP, PFEP and Fordow at each report "
        "(last known figure carried forward; gaps where none is reported).",
        machines,
        markers=markers,
        y_label="machines",
    )
    points = history_view(request, "wgu25", "ensemble", "enriching", 2_000, None, today())
    days = [dt.date.fromisoformat(p["as_of"]) for p in points]
    p50 = [p["first_quantity_days_p50"] for p in points]
    breakout_chart = line_chart(
        "breakout-chart",
        "Breakout: days to 25 kg of 90 % uranium (P50, P10–P90 band; log scale)",
        "Breakout at every IAEA report date with the default ensemble; after June 2025 the "
        "answer is unknown and the curve stops.",
        [Series("P50", days, p50)],
        bands=[
            Band(
                "P10–P90",
                days,
                [p["first_quantity_days_p10"] for p in points],
                [p["first_quantity_days_p90"] for p in points],
            )
        ],
        rules=[Rule(365, "12-month benchmark")],
        markers=markers,
        y_log=True,
        y_label="days",
    )
    return {
        "stock_chart": stock_chart,
        "stock_rows": stock_rows,
        "bands": list(BAND_LABELS.items()),
        "machine_chart": machine_chart,
        "machine_rows": machine_rows,
        "machine_models": [s.name for s in machines],
        "breakout_chart": breakout_chart,
        "breakout_points": points,
        "milestones": markers,
        **compliance_lanes(request, today()),
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    """The timeline page."""
    return render(request, "timeline.html", **_timeline(request))


def compliance_lanes(request: Request, end: dt.date) -> dict[str, Any]:
    """Swimlane charts of compliance: one lane per party, then per obligation by party."""
    from lockstep.compliance import Interval as StatusInterval
    from lockstep.compliance import party_lanes
    from lockstep.report.charts import Interval, Lane, lanes_chart
    from lockstep.report.series import milestone_markers
    from lockstep.web.api.compliance import timeline_view

    start = dt.date(2015, 7, 14)
    body = timeline_view(request, start, end)
    intervals = [
        StatusInterval(
            i["party"],
            i["obligation"],
            i["metric"],
            i["status"],
            dt.date.fromisoformat(i["start"]),
            dt.date.fromisoformat(i["end"]),
            i["ratio_max"],
        )
        for i in body["intervals"]
    ]

    def lane_of(label: str, items: list[StatusInterval]) -> Lane:
        return Lane(
            label,
            [
                Interval(
                    i.start,
                    i.end + dt.timedelta(days=1),
                    i.status,
                    f"{label}: {i.status.replace('_', ' ')} {i.start} to {i.end}"
                    + (f", up to ×{i.ratio_max:.2f}" if i.ratio_max else ""),
                )
                for i in items
            ],
        )

    markers = milestone_markers()
    summary = lanes_chart(
        "compliance-parties",
        "Compliance by party (leading status of its obligations)",
        "One lane per party from Finalisation Day to today: breached if any obligation is "
        "breached, then suspended, disputed, complies, unknown.",
        [lane_of(party, lane) for party, lane in party_lanes(intervals).items()],
        x_range=(start, end),
        markers=markers,
    )
    by_party: dict[str, list[StatusInterval]] = defaultdict(list)
    for interval in intervals:
        by_party[interval.party].append(interval)
    details = []
    for party, items in by_party.items():
        per_obligation: dict[str, list[StatusInterval]] = defaultdict(list)
        for item in items:
            per_obligation[item.obligation].append(item)
        details.append(
            (
                party,
                lanes_chart(
                    f"compliance-{party}",
                    f"Compliance of {party}, obligation by obligation",
                    f"One lane per obligation of {party}, coloured by status over time.",
                    [lane_of(oid, lane) for oid, lane in per_obligation.items()],
                    x_range=(start, end),
                    markers=markers,
                    label_width=230,
                ),
            )
        )
    return {
        "compliance_summary": summary,
        "compliance_details": details,
        "compliance_intervals": body["intervals"],
    }
