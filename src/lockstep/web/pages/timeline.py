"""Timeline from November 2013 to now: stock, centrifuges, breakout, compliance, events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)


def _clipped(series: list[Any], end: dt.date) -> list[Any]:
    """Each series up to ``end`` (a page as of a date shows nothing after it)."""
    from lockstep.report.charts import Series

    clipped = []
    for s in series:
        keep = [i for i, x in enumerate(s.x) if x <= end]
        clipped.append(
            Series(
                s.name,
                [s.x[i] for i in keep],
                [s.y[i] for i in keep],
                color=s.color,
                dashed=s.dashed,
                step=s.step,
            )
        )
    return clipped


def _timeline(request: Request, as_of: str | None = None) -> dict[str, Any]:
    from lockstep.assessment import ERAS
    from lockstep.physics.units import JCPOA_STOCKPILE_CAP_KG_U
    from lockstep.report.charts import TIMELINE_START, Rule, line_chart
    from lockstep.report.series import BAND_LABELS, centrifuge_series, stock_series
    from lockstep.report.story import TIMELINE_Y_EXTENT, markers_to
    from lockstep.report.story import breakout_chart as headline_breakout
    from lockstep.web.api.breakout import history_view
    from lockstep.web.contract import EARLIEST_DAY
    from lockstep.web.deps import parse_day, record_of, today

    record = record_of(request)
    now = today()
    end = parse_day(as_of, "as_of", now)
    past = end < now
    axis = (TIMELINE_START, end)
    markers = markers_to(record, end, past)
    stocks, stock_rows = stock_series(record)
    stock_chart = line_chart(
        "stock-chart",
        "Enriched uranium stockpile (kg U, log scale)",
        "IAEA figures at each quarterly report: the all-forms total (dashed) and each "
        "enrichment band of UF6 (gaps where a report gives no split), with the JCPOA cap "
        f"of {JCPOA_STOCKPILE_CAP_KG_U} kg U.",
        _clipped(stocks, end),
        rules=[Rule(JCPOA_STOCKPILE_CAP_KG_U, f"JCPOA cap {JCPOA_STOCKPILE_CAP_KG_U} kg U")],
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
        _clipped(machines, end),
        markers=markers,
        y_label="machines",
        x_domain=axis,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
    )
    # One history to today for every date (one cache entry); rows after the date are
    # dropped here, which is what a history computed to that date holds.
    points = history_view(request, "wgu25", "ensemble", "enriching", 2_000, None, now)
    shown = [p for p in points if dt.date.fromisoformat(str(p["as_of"])) <= end]
    breakout_chart = headline_breakout(
        record, shown, end, "breakout-chart", labels=True, mark_end=past
    )
    return {
        "as_of": end.isoformat(),
        "min_day": EARLIEST_DAY.isoformat(),
        "past": past,
        "stock_chart": stock_chart,
        "stock_rows": [r for r in stock_rows if r["as_of"] <= end],
        "bands": list(BAND_LABELS.items()),
        "machine_chart": machine_chart,
        "machine_rows": [r for r in machine_rows if r["as_of"] <= end],
        "machine_models": [s.name for s in machines],
        "breakout_chart": breakout_chart,
        "breakout_points": shown,
        "eras": {era.id: era.label for era in ERAS},
        "milestones": markers[:-1] if past else markers,
        **compliance_lanes(request, end, markers),
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, as_of: str | None = None) -> HTMLResponse:
    """The timeline page from November 2013 to a date (today by default)."""
    return render(request, "timeline.html", **_timeline(request, as_of))


def compliance_lanes(
    request: Request, end: dt.date, markers: list[Any] | None = None
) -> dict[str, Any]:
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
    if end < start:
        # Before Finalisation Day no JCPOA obligation exists: nothing to draw.
        return {"compliance_summary": None, "compliance_details": [], "compliance_intervals": []}
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

    if markers is None:
        markers = story_markers(record_of(request), end)
    summary = lanes_chart(
        "compliance-parties",
        "Compliance by party (leading status of its obligations)",
        f"One lane per party from Finalisation Day to {end.isoformat()}: breached if any "
        "obligation is breached, then suspended, disputed, complies, unknown.",
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
