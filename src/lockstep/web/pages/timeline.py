"""Timeline 2013 to now: stockpile, centrifuges, breakout history, compliance, milestones."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)

BAND_LABELS = {
    "up_to_2pct": "≤ 2 %",
    "up_to_5pct": "≤ 5 %",
    "up_to_20pct": "≤ 20 %",
    "up_to_60pct": "≤ 60 %",
}


def milestone_markers() -> list[Any]:
    """Milestones of the JCPOA and key dates, as chart markers."""
    from lockstep.agreement import load_agreement
    from lockstep.report.charts import Marker

    jcpoa = load_agreement("jcpoa")
    markers = []
    for milestone in jcpoa.milestones:
        day = jcpoa.milestone_date(milestone.id)
        if day is not None and milestone.kind in ("treaty", "event"):
            markers.append(Marker(day, milestone.name))
    return markers


def stock_series(request: Request) -> tuple[list[Any], list[dict[str, Any]]]:
    """Stacked series of the stockpile by band, and the table rows behind them."""
    from lockstep.record import STOCK_BANDS, state_at
    from lockstep.report.charts import Series
    from lockstep.web.deps import record_of

    record = record_of(request)
    dates = list(record.report_dates())
    rows = []
    by_band: dict[str, list[float | None]] = {band: [] for band in STOCK_BANDS}
    totals: list[float | None] = []
    for day in dates:
        state = state_at(day, record)
        row: dict[str, Any] = {"as_of": day, "total": state.total_enriched_kg_u}
        for stock in state.stocks:
            # Only figures of this report count; carried-forward ones would double a band.
            fresh = stock.figure_as_of is not None and (day - stock.figure_as_of).days < 120
            value = stock.mass_kg_u if fresh else None
            by_band[stock.band].append(value)
            row[stock.band] = value
        totals.append(state.total_enriched_kg_u)
        rows.append(row)
    series = [Series(BAND_LABELS[band], dates, values) for band, values in by_band.items()]
    series.append(Series("total, all forms", dates, totals, color="#000000", dashed=True))
    return series, rows


def centrifuge_series(request: Request) -> tuple[list[Any], list[dict[str, Any]]]:
    """Installed centrifuges by model (all sites) at each report date."""
    from lockstep.record import state_at
    from lockstep.report.charts import Series
    from lockstep.web.deps import record_of

    record = record_of(request)
    dates = list(record.report_dates())
    counts: dict[str, list[float | None]] = defaultdict(lambda: [None] * len(dates))
    for index, day in enumerate(dates):
        for figure in state_at(day, record).centrifuges:
            if figure.installed is None:
                continue
            current = counts[figure.model][index] or 0.0
            counts[figure.model][index] = current + figure.installed
    models = sorted(counts, key=lambda m: (m != "IR-1", m))
    rows = [{"as_of": day, **{m: counts[m][i] for m in models}} for i, day in enumerate(dates)]
    return [Series(m, dates, counts[m]) for m in models], rows


def _timeline(request: Request) -> dict[str, Any]:
    from lockstep.report.charts import Band, Rule, Series, line_chart
    from lockstep.web.api.breakout import history_view
    from lockstep.web.deps import today

    markers = milestone_markers()
    stocks, stock_rows = stock_series(request)
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
    machines, machine_rows = centrifuge_series(request)
    machine_chart = line_chart(
        "centrifuge-chart",
        "Centrifuges installed, by model (all sites)",
        "Installed machines by model summed over Natanz FEP, PFEP and Fordow at each report "
        "(last known figure carried forward; gaps where none is reported).",
        machines,
        markers=markers,
        y_label="machines",
    )
    points = history_view(request, "wgu25", "swu-budget", "enriching", 2_000, None, today())
    days = [dt.date.fromisoformat(p["as_of"]) for p in points]
    p50 = [p["first_quantity_days_p50"] for p in points]
    breakout_chart = line_chart(
        "breakout-chart",
        "Breakout: days to 25 kg of 90 % uranium (P50, P10–P90 band; log scale)",
        "Breakout at every IAEA report date with the swu-budget model; after June 2025 the "
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
    }


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    """The timeline page."""
    return render(request, "timeline.html", **_timeline(request))
