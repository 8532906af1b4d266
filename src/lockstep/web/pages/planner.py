"""Planner page: choose a start and a strategy; Gantt chart, gap, B(t); comparison apart.

The plan answers first; the comparison of every strategy (which runs each of them,
CP-SAT included) arrives as its own fragment, so a new question is not held up by it.
"""

from __future__ import annotations

import dataclasses
from html import escape
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


def _seconds(params: dict[str, str], name: str) -> float | None:
    from lockstep.errors import DomainError

    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except ValueError as exc:
        raise DomainError(name, f"seconds (got '{value}')") from exc
    if seconds != seconds:
        raise DomainError(name, f"seconds (got '{value}')")
    return seconds


def page_time_limit_s(request: Request) -> float:
    """The CP-SAT time limit of a page question [s] (``LOCKSTEP_PLANNER_TIME_LIMIT_MS``)."""
    from lockstep.web.deps import settings_of

    return settings_of(request).planner_time_limit_ms / 1000


def _query(request: Request, params: dict[str, str]) -> Any:
    from lockstep.errors import DomainError
    from lockstep.roadmap import STRATEGIES
    from lockstep.web.api.plans import _query as plan_query

    limit = _seconds(params, "time_limit")
    query = plan_query(
        request,
        params.get("as_of") or None,
        params.get("catalogue") or None,
        params.get("strategy") or DEFAULT_STRATEGY,
        _int(params, "tau"),
        _int(params, "sigma_us"),
        _int(params, "sigma_iran"),
        params.get("tranches") in ("on", "true", "1"),
        _int(params, "horizon"),
        params.get("lens") or None,
        page_time_limit_s(request) if limit is None else limit,
    )
    if query.strategy not in STRATEGIES:
        raise DomainError("strategy", f"one of {', '.join(STRATEGIES)}")
    return query


def _parameters(request: Request, query: Any) -> dict[str, Any]:
    """The page's parameters of ``query`` (what a link or a saved plan carries)."""
    values: dict[str, Any] = {}
    for key, value in dataclasses.asdict(query).items():
        if key == "time_limit_s":
            # The page's own limit is implied; a longer search asked for is kept.
            if value != page_time_limit_s(request):
                values["time_limit"] = f"{value:g}"
            continue
        if value in (None, False, ""):
            continue
        values[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _query_string(request: Request, query: Any) -> str:
    values = {k: ("on" if v is True else v) for k, v in _parameters(request, query).items()}
    return urlencode(values)


def solver_words(plan: dict[str, Any], time_limit_s: float) -> str | None:
    """What the solver proved, in words (None for a rule-based strategy).

    A page question gets a short time limit; this says whether the plan shown is proven
    optimal, only the best found so far, or not found at all, so a short search is never
    mistaken for a proof.
    """
    solver = plan.get("solver")
    if not solver:
        return None
    status, wall = solver.get("status"), solver.get("wall_s") or 0.0
    limit = f"{time_limit_s:g} s"
    if status == "OPTIMAL":
        return f"optimal: CP-SAT proved that no plan completes sooner ({wall:.2f} s)"
    if status == "FEASIBLE":
        bound = solver.get("bound")
        floor = f"; no plan can complete before day {round(bound)}" if bound is not None else ""
        return f"feasible, not proven optimal within {limit}{floor}"
    if status == "UNKNOWN":
        return (
            f"no plan found within {limit}: not proven infeasible either; a longer search "
            "may find one"
        )
    if status == "INFEASIBLE":
        return "infeasible: CP-SAT proved that no plan meets these bounds"
    if status == "SKIPPED":
        return "infeasible: proven before any search (the bounds contradict the measures)"
    return str(status)


def _context(request: Request, params: dict[str, str]) -> dict[str, Any]:
    from lockstep.report import labels
    from lockstep.report.charts import Interval, Lane, Rule, Series, lanes_chart, line_chart
    from lockstep.roadmap import STRATEGIES
    from lockstep.web.api.plans import CATALOGUES, plan_view

    query = _query(request, params)
    body, plan, trajectory = plan_view(request, query)
    titles = {m.id: m.spec.title for m in plan.problem.measures}
    gantt = gap_chart = breakout_chart = None
    # Breakout on dates the IAEA could not verify is unknown (lockstep breakout's rule):
    # said in words in the summary, never drawn as a line.
    breakout_known = body.get("breakout_status") != "unknown"
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
        breakout_chart = (
            None
            if not breakout_known
            else line_chart(
                "plan-breakout",
                "Breakout along the plan (days, log scale)",
                "B(t): breakout with the machines operating on each day; B_recon(t): allowing "
                "stored machines to be reinstalled.",
                [
                    Series("B(t): machines operating", days, finite),
                    Series(
                        "B_recon(t): stored machines reinstalled",
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
        )
    # The defaults an empty field takes: the problem's own (optimize() resolves them the
    # same way: sigma_iran follows tau unless the measures set it).
    defaults = plan.problem.catalogue.spec.defaults
    tau_default = defaults.tau
    effective = {
        "tau": tau_default,
        "sigma_us": defaults.sigma_us,
        "sigma_iran": defaults.sigma_iran
        if defaults.sigma_iran is not None
        else (query.tau if query.tau is not None else tau_default),
        "sigma_iran_follows_tau": defaults.sigma_iran is None,
        "horizon": defaults.horizon_days,
        "lens": defaults.lens,
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
        "solver_words": solver_words(body, query.time_limit_s),
        "longer": _longer_search(request, query, body),
        "time_limit_s": query.time_limit_s,
        "query_string": _query_string(request, dataclasses.replace(query, strategy="sync")),
        "frontier_query": urlencode({"as_of": query.as_of.isoformat()})
        if query.catalogue is None and query.as_of is not None
        else None,
        "params": _parameters(request, query),
        "results": {k: v for k, v in body.items() if k not in ("measures", "notes")},
        "saved": _saved_plans(request),
    }


def _longer_search(request: Request, query: Any, body: dict[str, Any]) -> str | None:
    """A link that asks the same question with the longest search, when it could help."""
    from lockstep.web.api.plans import MAX_TIME_LIMIT_S

    status = (body.get("solver") or {}).get("status")
    if status not in ("FEASIBLE", "UNKNOWN") or query.time_limit_s >= MAX_TIME_LIMIT_S:
        return None
    longer = dataclasses.replace(query, time_limit_s=MAX_TIME_LIMIT_S)
    return "/planner?" + _query_string(request, longer)


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
                "created": item.created_at.strftime("%Y-%m-%d %H:%M")
                + (" UTC" if item.created_at.utcoffset() is not None else ""),
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
    limit = query.time_limit_s
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
                "solver": solver_words(p, limit),
            }
        )
    charts: list[Chart] = []
    for key, words, symbol in COMPARISON:
        charts.append(
            bar_chart(
                f"compare-{key}",
                f"{words} ({symbol})",
                f"{words}, for each strategy on the same measures, state and lens; a missing "
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
    """The planner's result region (a question the planner refuses: its reason, in place)."""
    from lockstep.errors import LockstepError
    from lockstep.web.pages.common import page_reason

    try:
        context = _context(request, dict(request.query_params))
    except LockstepError as exc:
        return HTMLResponse(
            f'<p class="error" role="alert" id="plan-error">{escape(page_reason(exc))}</p>',
            status_code=422,
        )
    return render(request, "planner_body.html", **context)


@router.get("/fragments/planner/compare", response_class=HTMLResponse)
def planner_comparison(request: Request) -> HTMLResponse:
    """Every strategy compared (a fragment the page fetches after the plan)."""
    return render(
        request, "planner_compare.html", **_comparison(request, dict(request.query_params))
    )


@router.get("/fragments/planner/frontier", response_class=HTMLResponse)
def planner_frontier(request: Request) -> HTMLResponse:
    """The decision frontier on the page's date (a fragment, computed once per date)."""
    from lockstep.errors import LockstepError
    from lockstep.web.deps import parse_day, today
    from lockstep.web.pages.common import page_reason
    from lockstep.web.pages.frontier import frontier_context

    params = dict(request.query_params)
    try:
        context = frontier_context(request, params)
    except LockstepError as exc:
        day = parse_day(params.get("as_of"), "as_of", today())
        return render(
            request, "planner_frontier.html", status_code=422, day=day, error=page_reason(exc)
        )
    return render(request, "planner_frontier.html", **context)
