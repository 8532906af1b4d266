"""Timeline from November 2013 to now: stock, centrifuges, breakout, compliance, events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def _timeline(request: Request) -> dict[str, Any]:
    from lockstep.report.charts import TIMELINE_START, Rule, line_chart
    from lockstep.report.series import (
        BAND_LABELS,
        centrifuge_series,
        stock_series,
        story_markers,
    )
    from lockstep.report.story import TIMELINE_Y_EXTENT
    from lockstep.report.story import breakout_chart as headline_breakout
    from lockstep.web.api.breakout import history_view
    from lockstep.web.deps import record_of, today

    record = record_of(request)
    end = today()
    axis = (TIMELINE_START, end)
    markers = story_markers(record, end)
    stocks, stock_rows = stock_series(record)
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
        x_domain=axis,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
    )
    machines, machine_rows = centrifuge_series(record)
    machine_chart = line_chart(
        "centrifuge-chart",
        "Centrifuges installed, by model (all sites)",
        "Installed machines by model summed over Natanz FEP, PFEP and Fordow at each report "
        "(last known figure carried forward; gaps where none is reported).",
        machines,
        markers=markers,
        y_label="machines",
        x_domain=axis,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
    )
    points = history_view(request, "wgu25", "ensemble", "enriching", 2_000, None, end)
    breakout_chart = headline_breakout(record, points, end, "breakout-chart", labels=True)
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
        **compliance_lanes(request, end),
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    """The timeline page."""
    return render(request, "timeline.html", **_timeline(request))


def compliance_lanes(request: Request, end: dt.date) -> dict[str, Any]:
    """Swimlane charts of compliance: one lane per party, then per obligation by party."""
    from lockstep.compliance import Interval as StatusInterval
    from lockstep.compliance import party_lanes
    from lockstep.report import labels
    from lockstep.report.charts import TIMELINE_START, Interval, Lane, lanes_chart
    from lockstep.report.series import story_markers
    from lockstep.report.story import TIMELINE_Y_EXTENT
    from lockstep.web.api.compliance import timeline_view
    from lockstep.web.deps import record_of

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

    def lane_of(label: str, items: list[StatusInterval], full: str = "") -> Lane:
        return Lane(
            label,
            [
                Interval(
                    i.start,
                    i.end + dt.timedelta(days=1),
                    i.status,
                    f"{full or label}: {i.status.replace('_', ' ')} {i.start} to {i.end}"
                    + (f", up to ×{i.ratio_max:.2f}" if i.ratio_max else ""),
                )
                for i in items
            ],
        )

    markers = story_markers(record_of(request), end)
    summary = lanes_chart(
        "compliance-parties",
        "Compliance by party (leading status of its obligations)",
        "One lane per party from Finalisation Day to today: breached if any obligation is "
        "breached, then suspended, disputed, complies, unknown.",
        [
            lane_of(labels.party_short(party), lane, labels.party(party))
            for party, lane in party_lanes(intervals).items()
        ],
        x_range=(TIMELINE_START, end),
        markers=markers,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
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
                labels.party(party),
                lanes_chart(
                    f"compliance-{party}",
                    f"Compliance of {labels.party(party)}, obligation by obligation",
                    f"One lane per obligation of {labels.party(party)}, coloured by status "
                    "over time (hover for the full obligation).",
                    [
                        lane_of(labels.obligation(oid, 48), lane, labels.obligation(oid, 400))
                        for oid, lane in per_obligation.items()
                    ],
                    x_range=(TIMELINE_START, end),
                    markers=markers,
                    min_width=700,
                ),
            )
        )
    return {
        "compliance_summary": summary,
        "compliance_details": details,
        "compliance_intervals": body["intervals"],
    }
