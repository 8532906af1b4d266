"""The decision frontier as a chart: one cell per (τ, σ) choice, feasible or not, T_full.

The cells come from :func:`lockstep.sweeps.frontier` unchanged; this module only draws
them (a Vega-Lite spec built with Altair, like every chart in :mod:`lockstep.report.charts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lockstep.report.charts import Chart, _data, _spec

#: Outcome of a cell in words, and its colour (Okabe-Ito: legible to colour-blind readers).
OUTCOMES: dict[str, str] = {
    "feasible": "#009E73",
    "feasible, not proven fastest": "#56B4E9",
    "infeasible (proven)": "#D55E00",
    "no plan found in time": "#BBBBBB",
}


def outcome(cell: Mapping[str, Any], solver_status: str | None) -> str:
    """A frontier cell's outcome in words (a key of :data:`OUTCOMES`).

    Parameters
    ----------
    cell
        A cell of :attr:`lockstep.sweeps.Frontier.cells`.
    solver_status
        The solve's status (``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``, ``UNKNOWN``,
        ``SKIPPED``): a plan not proven fastest, or a search that found nothing, is said so.
    """
    if cell["feasible"]:
        return "feasible, not proven fastest" if solver_status == "FEASIBLE" else "feasible"
    if solver_status == "UNKNOWN":
        return "no plan found in time"
    return "infeasible (proven)"


def sigma_label(sigma_us: Any, sigma_iran: Any) -> str:
    """The row label of a cell: both trust choices [points]."""
    return f"σ US {sigma_us} · Iran {sigma_iran}"


def frontier_chart(
    chart_id: str,
    title: str,
    description: str,
    cells: Sequence[Mapping[str, Any]],
    statuses: Sequence[str | None],
) -> Chart:
    """A grid of cells: τ across, the (σ_US, σ_IR) pair down, coloured by outcome.

    Parameters
    ----------
    cells
        Frontier cells (``tau``, ``sigma_us``, ``sigma_iran``, ``feasible``,
        ``t_full_days``, ``reason``).
    statuses
        The solver status of each cell, in the same order.
    """
    import altair as alt

    rows = []
    for cell, status in zip(cells, statuses, strict=True):
        t_full = cell.get("t_full_days")
        rows.append(
            {
                "tau": str(cell["tau"]),
                "sigma": sigma_label(cell["sigma_us"], cell["sigma_iran"]),
                "outcome": outcome(cell, status),
                "label": f"day {t_full}" if cell["feasible"] and t_full is not None else "—",
                "t_full": "never" if t_full is None else f"day {t_full}",
                "reason": cell.get("reason") or "",
            }
        )
    taus = sorted({int(c["tau"]) for c in cells})
    sigmas = list(dict.fromkeys(sigma_label(c["sigma_us"], c["sigma_iran"]) for c in cells))
    base = alt.Chart(_data(rows)).encode(
        x=alt.X(
            "tau:O",
            sort=[str(t) for t in taus],
            title="reciprocity bound τ [points]",
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y(
            "sigma:O",
            sort=sigmas,
            title="σ [points]",
            axis=alt.Axis(labelLimit=0),
        ),
    )
    present = [o for o in OUTCOMES if any(r["outcome"] == o for r in rows)]
    tiles = base.mark_rect(stroke="#fff", strokeWidth=2).encode(
        color=alt.Color(
            "outcome:N",
            title="outcome",
            scale=alt.Scale(domain=present, range=[OUTCOMES[o] for o in present]),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("tau:N", title="τ [points]"),
            alt.Tooltip("sigma:N", title="σ [points]"),
            alt.Tooltip("outcome:N"),
            alt.Tooltip("t_full:N", title="full compliance"),
            alt.Tooltip("reason:N"),
        ],
    )
    text = base.mark_text(fontSize=12, color="#111").encode(text=alt.Text("label:N"))
    chart = alt.layer(tiles, text).properties(width="container", height=36 * max(len(sigmas), 1))
    return Chart(chart_id, title, description, _spec(chart, description))
