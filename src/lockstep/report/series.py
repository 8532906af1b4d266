"""Time series of the record for charts (dashboard timeline and briefs)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

BAND_LABELS = {
    "up_to_2pct": "≤ 2 %",
    "up_to_5pct": "≤ 5 %",
    "up_to_20pct": "≤ 20 %",
    "up_to_60pct": "≤ 60 %",
}


#: The events that tell the story, by record event id, with the short label a chart
#: writes along its line (the date and the source come from the record).
STORY_EVENTS = (
    ("2013-11-24.p5+1.jpoa-agreed", "JPOA"),
    ("2015-07-14.p5+1.jcpoa-concluded-vienna-finalisation", "JCPOA agreed"),
    ("2015-10-18.eu.adoption-day-eu-adopted", "Adoption Day"),
    ("2016-01-16.iaea.implementation-day-iaea-verified", "Implementation Day"),
    ("2018-05-08.us.us-announced-withdrawal-jcpoa", "US exit"),
    ("2019-05-08.iran.step-one-president-rouhani", "Iran's first step"),
    ("2019-07-01.iran.iaea-verified-irans-enriched", "Stock above the cap"),
    ("2021-02-23.iran.iran-stopped-implementing-additional", "JCPOA monitoring ends"),
    ("2021-04-16.iran.iran-began-producing-60", "60 % enrichment"),
    ("2025-06-13.israel.israel-began-air-strikes", "Strikes; access lost"),
    ("2025-09-28.unsc.prior-un-resolutions-16961929", "Snapback"),
    ("2026-02-28.us.usisraeli-strikes-iran-operation", "2026 war"),
    ("2026-05-24.us.framework-mou-reported-60day", "Memorandum"),
)


def story_markers(record: Any, end: Any = None) -> list[Any]:
    """The story's milestones as chart markers, dated by the record's events.

    Parameters
    ----------
    record
        The record whose events date the milestones (an event it lacks is left out).
    end
        Last date shown (a page as of a date shows only what had happened by then).
    """
    from lockstep.report.charts import Marker

    by_id = {e.id: e for e in record.events}
    markers = []
    for event_id, label in STORY_EVENTS:
        event = by_id.get(event_id)
        if event is None or (end is not None and event.date > end):
            continue
        markers.append(Marker(event.date, label, " ".join(event.description.split())))
    return markers


def as_of_marker(end: Any) -> Any:
    """The date a chart was asked for, as a labelled marker at its right edge.

    A page or brief as of a past date ends its time axis there; the marker says so, so
    that nobody reads the last point as today's.
    """
    from lockstep.report.charts import Marker

    return Marker(
        end,
        f"as of {end.day} {end:%b %Y}",
        f"The date asked for: only figures and events up to {end.isoformat()} are shown.",
    )


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


def stock_series(record: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """Stacked series of the stockpile by band, and the table rows behind them."""
    from lockstep.record import STOCK_BANDS, state_at
    from lockstep.report.charts import Series

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


def centrifuge_series(record: Any) -> tuple[list[Any], list[dict[str, Any]]]:
    """Installed centrifuges by model (all sites) at each report date."""
    from lockstep.record import state_at
    from lockstep.report.charts import Series

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
