"""Planner page: choose a start and a strategy; Gantt chart, gap, B(t); comparison apart.

The plan answers first; the comparison of every strategy (which runs each of them,
CP-SAT included) arrives as its own fragment, so a new question is not held up by it.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import urlencode

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
#: Party codes of the catalogues, in words.
PARTY_WORDS = {
    "IR": "Iran",
    "US": "United States",
    "EU": "European Union",
    "E3": "E3",
    "UNSC": "UN Security Council",
}
#: The comparison's measures: (key, words with unit, symbol in docs/roadmap.md).
COMPARISON = (
    ("t_full_days", "Days until both sides fully comply", "T_full"),
    ("iran_done_day", "Day Iran's last nuclear step is done", "Iran done"),
    ("exposure_iran", "Iran's largest unreciprocated delivery [points]", "E_IR"),
    ("exposure_us", "US largest unreciprocated delivery [points]", "E_US"),
    ("gap_area", "Imbalance between the sides over time [point·days]", "Σ|G|"),
    ("breakout_30", "First day breakout is at least 30 days", "B ≥ 30"),
    ("deficit", "Breakout shortfall below 12 months, summed over days [day·days]", "D"),
    ("breakout_end_days", "Breakout at the end of the horizon [days]", "B(H)"),
)
#: Default strategy of the page: the API's default, a rule-based plan that answers fast.
DEFAULT_STRATEGY = "sync"


def _int(params: dict[str, str], name: str) -> int | None:
    from lockstep.errors import DomainError

    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise DomainError(name, f"a whole number (got '{value}')") from exc


def _query(request: Request, params: dict[str, str]) -> Any:
    from lockstep.errors import DomainError
    from lockstep.roadmap import STRATEGIES
    from lockstep.web.api.plans import _query as plan_query

    query = plan_query(
        request,
        params.get("as_of") or None,
        params.get("catalogue") or "default",
        params.get("strategy") or DEFAULT_STRATEGY,
        _int(params, "tau"),
        _int(params, "sigma_us"),
        _int(params, "sigma_iran"),
        params.get("tranches") in ("on", "true", "1"),
        _int(params, "horizon"),
        params.get("lens") or None,
    )
    if query.strategy not in STRATEGIES:
        raise DomainError("strategy", f"one of {', '.join(STRATEGIES)}")
    return query


def _query_string(query: Any) -> str:
    values = {
        k: (v.isoformat() if hasattr(v, "isoformat") else ("on" if v is True else v))
        for k, v in dataclasses.asdict(query).items()
        if v not in (None, False, "")
    }
    return urlencode(values)


def _context(request: Request, params: dict[str, str]) -> dict[str, Any]:
    from lockstep.report import labels
    from lockstep.report.charts import Interval, Lane, Rule, Series, lanes_chart, line_chart
    from lockstep.roadmap import STRATEGIES
    from lockstep.web.api.plans import CATALOGUES, plan_view

    query = _query(request, params)
    body, plan, trajectory = plan_view(request, query)
    titles = {m.id: m.spec.title for m in plan.problem.measures}
    gantt = gap_chart = breakout_chart = None
    if plan.schedule is not None and trajectory is not None:
        items = sorted(plan.schedule.items, key=lambda i: (i.start, i.party))
        lanes = [
            Lane(
                f"{PARTY_WORDS.get(item.party, item.party)}: {titles.get(item.measure, item.id)}",
                [
                    Interval(
                        item.start,
                        max(item.end, item.start + 1),
                        item.party,
                        f"{titles.get(item.measure, item.id)} ({item.id}): days {item.start}–"
                        f"{item.end}, verified on day {item.verified}",
                    )
                ],
            )
            for item in items
        ]
        # The axis ends shortly after the last verification, not at the planning horizon.
        last = max([i.verified for i in items] + [i.end for i in items] + [1])
        span = min(plan.problem.horizon_days, int(last * 1.08) + 2)
        gantt = lanes_chart(
            "plan-gantt",
            f"Schedule: {labels.strategy(query.strategy)} (days from signature)",
            "Each measure from start to completion, coloured by party; hover for the day its "
            "verification completes.",
            lanes,
            x_range=(0, span),
            colors=PARTY_COLORS,
            labels=PARTY_WORDS,
            x_label="days from signature (day 0)",
            legend_title="party",
            labels_above=True,
        )
        # Only the days on the axis travel to the page.
        days = [int(d) for d in trajectory.days if d <= span]
        lens = plan.problem.lens
        gap_chart = line_chart(
            "plan-gap",
            f"Balance of delivered value ({'US/E3' if lens == 'us' else 'Iran'}'s valuation)",
            "G(t): Iran's delivered points minus the relief delivered; above zero Iran has "
            "given more than it received, below zero the reverse.",
            [
                Series(
                    "balance G(t)",
                    days,
                    [float(g) for g in trajectory.gap[lens][: len(days)]],
                    step=True,
                )
            ],
            rules=[Rule(0.0, "balanced", color="#555")],
            x_label="days from signature",
            y_label="points",
            x_domain=(0, span),
            height=200,
        )
        finite = [
            float(b) if b == b and b < 1e6 else None for b in trajectory.breakout_days[: len(days)]
        ]
        recon = [
            float(b) if b == b and b < 1e6 else None
            for b in trajectory.breakout_recon_days[: len(days)]
        ]
        breakout_chart = line_chart(
            "plan-breakout",
            "Breakout along the plan (days, log scale)",
            "B(t): breakout with the machines operating on each day; B_recon(t): allowing "
            "stored machines to be reinstalled.",
            [
                Series("breakout with operating machines B(t)", days, finite),
                Series(
                    "breakout if stored machines are reinstalled B_recon(t)",
                    days,
                    recon,
                    dashed=True,
                ),
            ],
            rules=[Rule(365.0, "12 months")],
            y_log=True,
            x_label="days from signature",
            y_label="days",
            x_domain=(0, span),
            height=220,
        )
    effective = {
        "tau": query.tau if query.tau is not None else body.get("tau"),
        "sigma_us": query.sigma_us
        if query.sigma_us is not None
        else (body.get("sigma") or {}).get("us"),
        "sigma_iran": query.sigma_iran
        if query.sigma_iran is not None
        else (body.get("sigma") or {}).get("iran"),
        "horizon": query.horizon or body.get("horizon_days"),
        "lens": query.lens or body.get("lens"),
    }
    from lockstep.errors import LockstepError
    from lockstep.roadmap import load_target

    try:
        target = load_target(str(body.get("target"))).title
    except LockstepError:
        target = str(body.get("target"))
    return {
        "q": query,
        "plan": body,
        "target_title": target,
        "titles": titles,
        "party_words": PARTY_WORDS,
        "gantt": gantt,
        "gap_chart": gap_chart,
        "breakout_chart": breakout_chart,
        "strategies": STRATEGIES,
        "strategy_words": labels.STRATEGIES,
        "catalogues": CATALOGUES,
        "effective": effective,
        "query_string": _query_string(dataclasses.replace(query, strategy="sync")),
        "params": {
            k: v.isoformat() if hasattr(v, "isoformat") else v
            for k, v in dataclasses.asdict(query).items()
            if v is not None
        },
        "results": {k: v for k, v in body.items() if k not in ("measures", "notes")},
        "saved": _saved_plans(request),
    }


def _saved_plans(request: Request, limit: int = 20) -> list[dict[str, Any]]:
    """The newest saved plans, each with the link that reopens it."""
    from lockstep.store import Store, database_exists, resolve_url
    from lockstep.web.deps import settings_of

    url = settings_of(request).db_url
    if not database_exists(resolve_url(url)):
        return []
    rows = []
    for item in Store(url).saved_items("plan", limit=limit):
        parameters = {
            k: ("on" if v is True else v)
            for k, v in (item.parameters or {}).items()
            if v not in (None, False, "") and isinstance(v, str | int | float)
        }
        rows.append(
            {
                "id": item.id,
                "name": item.name,
                "created": item.created_at.isoformat(timespec="minutes"),
                "strategy": parameters.get("strategy", ""),
                "href": "/planner?" + urlencode(parameters),
            }
        )
    return rows


def _comparison(request: Request, params: dict[str, str]) -> dict[str, Any]:
    from lockstep.report import labels
    from lockstep.report.charts import Chart, bar_chart
    from lockstep.web.api.plans import compare_view

    query = _query(request, params)
    plans = compare_view(request, dataclasses.replace(query, strategy="sync"))["plans"]
    rows = []
    for p in plans:
        exposure = p.get("exposure") or {}
        first = p.get("first_day_breakout_at_least") or {}
        rows.append(
            {
                "strategy": labels.strategy(p["strategy"]),
                "id": p["strategy"],
                "feasible": p["feasible"],
                "t_full_days": p.get("t_full_days"),
                "iran_done_day": p.get("iran_done_day"),
                "exposure_iran": exposure.get("iran"),
                "exposure_us": exposure.get("us"),
                "gap_area": p.get("gap_area"),
                "breakout_30": first.get("30"),
                "deficit": round(p["deficit"]) if p.get("deficit") is not None else None,
                "breakout_end_days": round(p["breakout_end_days"])
                if p.get("breakout_end_days") is not None
                else None,
            }
        )
    charts: list[Chart] = []
    for key, words, symbol in COMPARISON:
        charts.append(
            bar_chart(
                f"compare-{key}",
                f"{words} ({symbol})",
                f"{words}, for each strategy on the same catalogue, state and lens; a missing "
                "bar means never or not applicable.",
                [{"strategy": r["strategy"], "value": r[key]} for r in rows],
                category="strategy",
                value="value",
            )
        )
    return {"rows": rows, "columns": COMPARISON, "charts": charts}


@router.get("/planner", response_class=HTMLResponse)
def planner_page(request: Request) -> HTMLResponse:
    """The return planner."""
    return render(request, "planner.html", **_context(request, dict(request.query_params)))


@router.get("/fragments/planner", response_class=HTMLResponse)
def planner_fragment(request: Request) -> HTMLResponse:
    """The planner's result region."""
    return render(request, "planner_body.html", **_context(request, dict(request.query_params)))


@router.get("/fragments/planner/compare", response_class=HTMLResponse)
def planner_comparison(request: Request) -> HTMLResponse:
    """Every strategy compared (a fragment the page fetches after the plan)."""
    return render(
        request, "planner_compare.html", **_comparison(request, dict(request.query_params))
    )
