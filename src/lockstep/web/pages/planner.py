"""Planner page: choose a start and a strategy; Gantt chart, gap, B(t), comparison."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from lockstep.web.pages.common import render

router = APIRouter(include_in_schema=False)

#: Colours of the parties' measures in the Gantt chart.
PARTY_COLORS = {
    "IR": "#0072B2",
    "US": "#D55E00",
    "EU": "#E69F00",
    "E3": "#CC79A7",
    "UNSC": "#009E73",
}


def _int(params: dict[str, str], name: str) -> int | None:
    from lockstep.errors import DomainError

    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise DomainError(name, f"a whole number (got '{value}')") from exc


def _context(request: Request, params: dict[str, str]) -> dict[str, Any]:
    from lockstep.report.charts import Interval, Lane, Rule, Series, lanes_chart, line_chart
    from lockstep.roadmap import STRATEGIES
    from lockstep.web.api.plans import CATALOGUES, _query, compare_view, plan_view

    query = _query(
        request,
        params.get("as_of") or None,
        params.get("catalogue") or "default",
        params.get("strategy") or "optimized",
        _int(params, "tau"),
        _int(params, "sigma_us"),
        _int(params, "sigma_iran"),
        params.get("tranches") in ("on", "true", "1"),
        _int(params, "horizon"),
        params.get("lens") or None,
    )
    if query.strategy not in STRATEGIES:
        from lockstep.errors import DomainError

        raise DomainError("strategy", f"one of {', '.join(STRATEGIES)}")
    body, plan, trajectory = plan_view(request, query)
    titles = {m.id: m.spec.title for m in plan.problem.measures}
    gantt = ""
    gap_chart = ""
    breakout_chart = ""
    if plan.schedule is not None and trajectory is not None:
        lanes = [
            Lane(
                f"{item.party} · {titles.get(item.measure, item.id)}",
                [
                    Interval(
                        item.start,
                        max(item.end, item.start + 1),
                        item.party,
                        f"{item.id}: days {item.start}–{item.end}, verified day {item.verified}",
                    )
                ],
            )
            for item in sorted(plan.schedule.items, key=lambda i: (i.start, i.party))
        ]
        gantt = lanes_chart(
            "plan-gantt",
            f"Schedule ({query.strategy}), days from signature",
            "Each measure's interval from start to completion, coloured by party; hover "
            "for the day its verification completes.",
            lanes,
            x_range=(0, plan.problem.horizon_days),
            colors=PARTY_COLORS,
            x_label="days from day 0",
        )
        days = [int(d) for d in trajectory.days]
        lens = plan.problem.lens
        gap_chart = line_chart(
            "plan-gap",
            f"Gap G(t) = Iran's delivered points − relief delivered ({lens} lens)",
            "Positive: Iran has delivered more value than it received; negative: the reverse.",
            [Series("G(t)", days, [float(g) for g in trajectory.gap[lens]], step=True)],
            rules=[Rule(0.0, "balanced", color="#555")],
            x_label="days from day 0",
            y_label="points",
            height=240,
        )
        finite = [float(b) if b == b and b < 1e6 else None for b in trajectory.breakout_days]
        recon = [float(b) if b == b and b < 1e6 else None for b in trajectory.breakout_recon_days]
        breakout_chart = line_chart(
            "plan-breakout",
            "Breakout B(t) and restorable breakout B_recon(t) (days, log scale)",
            "Breakout with operating machines and allowing stored machines to be reinstalled, "
            "day by day along the plan.",
            [Series("B(t)", days, finite), Series("B_recon(t)", days, recon, dashed=True)],
            rules=[Rule(365.0, "12 months")],
            y_log=True,
            x_label="days from day 0",
            y_label="days",
            height=240,
        )
    comparison = compare_view(request, dataclasses.replace(query, strategy="sync"))["plans"]
    return {
        "q": query,
        "plan": body,
        "titles": titles,
        "gantt": gantt,
        "gap_chart": gap_chart,
        "breakout_chart": breakout_chart,
        "comparison": comparison,
        "strategies": STRATEGIES,
        "catalogues": CATALOGUES,
        "params": {
            k: v.isoformat() if hasattr(v, "isoformat") else v
            for k, v in dataclasses.asdict(query).items()
            if v is not None
        },
        "results": {k: v for k, v in body.items() if k not in ("measures", "notes")},
    }


@router.get("/planner", response_class=HTMLResponse)
def planner_page(request: Request) -> HTMLResponse:
    """The return planner."""
    return render(request, "planner.html", **_context(request, dict(request.query_params)))


@router.get("/fragments/planner", response_class=HTMLResponse)
def planner_fragment(request: Request) -> HTMLResponse:
    """The planner's result region."""
    return render(request, "planner_body.html", **_context(request, dict(request.query_params)))
