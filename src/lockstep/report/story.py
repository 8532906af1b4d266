"""The headline charts that tell the story from the Joint Plan of Action to a date.

One builder for the overview, the timeline and the briefs, so that the three show the
same series on the same axis (:data:`lockstep.report.charts.TIMELINE_START` to the date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from lockstep.assessment import ERAS
from lockstep.physics.units import JCPOA_STOCKPILE_CAP_KG_U as JCPOA_CAP_KG_U
from lockstep.report.charts import TIMELINE_START, Band, Chart, Rule, Series, line_chart
from lockstep.report.labels import model as model_words

#: The strikes of 13 June 2025, after which the IAEA had no access: figures are not
#: verified from then on (the start of the history's last era).
ACCESS_LOST: dt.date = next(e.start for e in ERAS if e.id == "no-verification" and e.start)

#: Width [px] of the y axis of every timeline chart, so that their x axes line up.
TIMELINE_Y_EXTENT = 130


def markers_to(record: Any, end: dt.date, mark_end: bool) -> list[Any]:
    """The story's milestones up to ``end``, and ``end`` itself when it is a past date."""
    from lockstep.report.series import as_of_marker, story_markers

    markers = story_markers(record, end)
    return [*markers, as_of_marker(end)] if mark_end else markers


def stock_chart(
    record: Any,
    end: dt.date,
    chart_id: str = "headline-stock",
    labels: bool = True,
    mark_end: bool = False,
) -> Chart:
    """Total enriched uranium (all forms) and the 20–60 % band against the JCPOA cap.

    Parameters
    ----------
    record
        The record whose IAEA figures are drawn (only those as of ``end`` or earlier).
    end
        Last date of the time axis: the date the page or brief is about.
    chart_id
        Id of the chart in its page.
    labels
        Whether milestone labels are written along their lines.
    mark_end
        Mark ``end`` with a labelled line (a past date, so that the last point is not read
        as today's).
    """
    from lockstep.report.series import stock_series

    series, _ = stock_series(record)
    keep = {
        "total, all forms": ("total enriched uranium, all forms", "#000000"),
        "≤ 60 %": ("of which 20–60 % U-235 (UF6)", "#D55E00"),
    }
    shown = []
    for s in series:
        if s.name not in keep:
            continue
        name, color = keep[s.name]
        points = [(x, y) for x, y in zip(s.x, s.y, strict=True) if x <= end]
        shown.append(Series(name, [p[0] for p in points], [p[1] for p in points], color=color))
    return line_chart(
        chart_id,
        "Enriched uranium stockpile against the JCPOA cap (kg U, log scale)",
        "IAEA figures at each report from November 2013: the total in all forms and the "
        f"20–60 % part, against the JCPOA cap of {JCPOA_CAP_KG_U} kg U (300 kg UF6)"
        + ("; figures after June 2025 are not verified." if end >= ACCESS_LOST else "."),
        shown,
        rules=[Rule(JCPOA_CAP_KG_U, f"JCPOA cap {JCPOA_CAP_KG_U} kg U")],
        markers=markers_to(record, end, mark_end),
        marker_labels=labels,
        y_log=True,
        y_min=1.0,
        y_label="kg U",
        x_domain=(TIMELINE_START, end),
        height=300,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
    )


def breakout_chart(
    record: Any,
    points: Sequence[Mapping[str, Any]],
    end: dt.date,
    chart_id: str = "headline-breakout",
    labels: bool = False,
    mark_end: bool = False,
    model: str = "ensemble",
) -> Chart:
    """Breakout P50 with its P10–P90 band against the 12-month line (log scale).

    ``points`` are rows of the breakout history (``assessment.history_rows``) computed
    with ``model``, the model of the headline figure beside the chart; rows after ``end``
    are left out. ``mark_end`` as for :func:`stock_chart`.
    """
    rows = [p for p in points if dt.date.fromisoformat(str(p["as_of"])) <= end]
    days = [dt.date.fromisoformat(str(p["as_of"])) for p in rows]
    return line_chart(
        chart_id,
        "Breakout: days to 25 kg of 90 % uranium (P50 and P10–P90; log scale)",
        "Breakout at every IAEA report date against the 12-month line of the JCPOA (model: "
        f"{model_words(model)}; enriching machines)"
        + ("; unknown after the loss of access in June 2025." if end >= ACCESS_LOST else "."),
        [Series("P50", days, [p["first_quantity_days_p50"] for p in rows], color="#0072B2")],
        bands=[
            Band(
                "P10–P90",
                days,
                [p["first_quantity_days_p10"] for p in rows],
                [p["first_quantity_days_p90"] for p in rows],
            )
        ],
        rules=[Rule(365.0, "12 months (JCPOA aim)")],
        markers=markers_to(record, end, mark_end),
        marker_labels=labels,
        y_log=True,
        y_label="days",
        x_domain=(TIMELINE_START, end),
        height=240,
        min_width=600,
        y_extent=TIMELINE_Y_EXTENT,
    )
