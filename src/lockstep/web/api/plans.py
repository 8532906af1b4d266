"""``/api/plan``: return roadmaps by strategy, their comparison; ``/api/no-return``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lockstep.web.cache import cached_json
from lockstep.web.contract import date_query
from lockstep.web.deps import parse_day, record_of, settings_of, today

router = APIRouter(tags=["plans"])

#: Packaged catalogues the web app accepts (never a file path from a request). Without
#: one, the measures are generated from the gap on the date, as ``lockstep plan`` does.
CATALOGUES = ("default", "worked_example")
#: CP-SAT time limit of a plan without ``time_limit`` [s]: ``lockstep plan``'s default.
TIME_LIMIT_S = 10.0
#: Longest CP-SAT time limit a request may ask for [s] (one request, one core's worth).
MAX_TIME_LIMIT_S = 10.0
Strategy = Literal["iran-first", "us-first", "sync", "optimized", "step-by-step", "less-for-less"]


@dataclass(frozen=True)
class PlanQuery:
    """The parameters of a plan request (hashable: the cache key)."""

    as_of: dt.date | None = None
    catalogue: str | None = None
    strategy: str = "optimized"
    tau: int | None = None
    sigma_us: int | None = None
    sigma_iran: int | None = None
    tranches: bool = False
    horizon: int | None = None
    lens: str | None = None
    time_limit_s: float = TIME_LIMIT_S

    def problem(self) -> Any:
        """The planning problem: :func:`lockstep.roadmap.problem_for`, as ``lockstep plan``.

        Without a catalogue, the measures the gap between the record's state on
        ``as_of`` and the agreement requires (``as_of`` is then always given: the query
        resolves a missing date to today); with one, that catalogue, started from the
        record's state on ``as_of`` when given.
        """
        from lockstep.errors import DomainError
        from lockstep.roadmap import problem_for

        if self.catalogue is not None and self.catalogue not in CATALOGUES:
            raise DomainError("catalogue", f"one of {', '.join(CATALOGUES)}")
        return problem_for(
            self.catalogue,
            self.as_of,
            self.lens,
            self.horizon,
            self.tranches,
        )


def _plan_and_series(query: PlanQuery) -> tuple[Any, Any]:
    from lockstep.roadmap import evaluate, make_plan

    problem = query.problem()
    plan = make_plan(
        problem,
        query.strategy,
        tau=query.tau,
        sigma_us=query.sigma_us,
        sigma_iran=query.sigma_iran,
        time_limit_s=query.time_limit_s,
    )
    trajectory = None
    if plan.schedule is not None:
        evaluation = evaluate(problem, plan.schedule, complete=plan.strategy != "less-for-less")
        trajectory = evaluation.trajectory
    return plan, trajectory


def plan_view(request: Request, query: PlanQuery) -> tuple[dict[str, Any], Any, Any]:
    """The plan JSON contract, the Plan and its daily trajectory (cached per query)."""

    def compute() -> tuple[dict[str, Any], Any, Any]:
        from lockstep.roadmap.report import plan_document

        plan, trajectory = _plan_and_series(query)
        return plan_document(plan), plan, trajectory

    key = ("plan", id(record_of(request)), query)
    result: tuple[dict[str, Any], Any, Any] = request.app.state.caches["plans"].get_or_compute(
        key, compute
    )
    return result


def compare_view(request: Request, query: PlanQuery) -> dict[str, Any]:
    """Every strategy on the same problem: ``lockstep plan --compare --json`` (cached)."""
    from dataclasses import replace

    from lockstep.roadmap import STRATEGIES

    plans = [plan_view(request, replace(query, strategy=s)) for s in STRATEGIES]
    problem = plans[0][1].problem
    return {
        "lens": problem.lens,
        "catalogue": problem.catalogue.spec.id,
        "horizon_days": problem.horizon_days,
        "plans": [body for body, _, _ in plans],
    }


def _query(
    request: Request,
    as_of: str | None,
    catalogue: str | None,
    strategy: str,
    tau: int | None,
    sigma_us: int | None,
    sigma_iran: int | None,
    tranches: bool,
    horizon: int | None,
    lens: str | None,
    time_limit: float | None = None,
) -> PlanQuery:
    from lockstep.errors import DomainError

    cap = settings_of(request).max_horizon_days
    if horizon is not None and not 1 <= horizon <= cap:
        raise DomainError(
            "horizon", f"a number of days between 1 and {cap} (server cap)", value=horizon
        )
    for name, value in (("tau", tau), ("sigma_us", sigma_us), ("sigma_iran", sigma_iran)):
        if value is not None and not 0 <= value <= 100:
            raise DomainError(name, "points between 0 and 100", value=value)
    if lens not in (None, "", "us", "iran"):
        raise DomainError("lens", "us or iran")
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT_S:
        raise DomainError(
            "time_limit", f"seconds above 0 and at most {MAX_TIME_LIMIT_S:g}", value=time_limit
        )
    catalogue = catalogue or None
    if catalogue is not None and catalogue not in CATALOGUES:
        raise DomainError("catalogue", f"one of {', '.join(CATALOGUES)}")
    # Generated measures start from the record on a date, today unless given (as
    # `lockstep plan`); the date resolved here is part of the cache key.
    day = None
    if as_of or catalogue is None:
        day = parse_day(as_of, "as_of", today())
    return PlanQuery(
        as_of=day,
        catalogue=catalogue,
        strategy=strategy,
        tau=tau,
        sigma_us=sigma_us,
        sigma_iran=sigma_iran,
        tranches=tranches,
        horizon=horizon,
        lens=lens or None,
        time_limit_s=TIME_LIMIT_S if time_limit is None else float(time_limit),
    )


AsOf = Annotated[
    str | None,
    date_query(
        "Day 0: start from the record's state on this date (default: today; with a "
        "catalogue, the catalogue's own initial state)."
    ),
]
Catalogue = Annotated[
    Literal["default", "worked_example"] | None,
    Query(
        description="Omit for the measures generated from the gap between the record's "
        "state on as_of and the agreement (as `lockstep plan`); or a packaged catalogue: "
        "default or worked_example."
    ),
]
TimeLimit = Annotated[
    float | None,
    Query(
        gt=0,
        le=MAX_TIME_LIMIT_S,
        description=f"CP-SAT time limit [s] for the optimized plan (default {TIME_LIMIT_S:g}, "
        "as `lockstep plan --time-limit`); the plan says whether it is proven optimal.",
    ),
]
Tau = Annotated[
    int | None, Query(ge=0, le=100, description="Reciprocity bound τ [points] (optimized).")
]
SigmaUs = Annotated[
    int | None, Query(ge=0, le=100, description="US verification slack σ_US [points].")
]
SigmaIran = Annotated[
    int | None, Query(ge=0, le=100, description="Iran verification slack σ_IR [points].")
]
Tranches = Annotated[bool, Query(description="Allow divisible measures to be split.")]
Horizon = Annotated[int | None, Query(description="Horizon H [days] (capped by the server).")]
Lens = Annotated[Literal["us", "iran"] | None, Query(description="Value lens: us or iran.")]


@router.get("/plan", summary="A return roadmap by strategy")
async def get_plan(
    request: Request,
    as_of: AsOf = None,
    catalogue: Catalogue = None,
    strategy: Annotated[Strategy, Query(description="Strategy (default optimized).")] = "optimized",
    tau: Tau = None,
    sigma_us: SigmaUs = None,
    sigma_iran: SigmaIran = None,
    tranches: Tranches = False,
    horizon: Horizon = None,
    lens: Lens = None,
    time_limit: TimeLimit = None,
) -> Response:
    """Return the keys of ``lockstep plan --json`` (docs/roadmap.md)."""
    query = _query(
        request,
        as_of,
        catalogue,
        strategy,
        tau,
        sigma_us,
        sigma_iran,
        tranches,
        horizon,
        lens,
        time_limit,
    )
    return await cached_json(
        request,
        request.app.state.caches["plans"],
        ("api", id(record_of(request)), query),
        lambda: plan_view(request, query)[0],
    )


@router.get("/plan/compare", summary="Every strategy side by side")
async def get_compare(
    request: Request,
    as_of: AsOf = None,
    catalogue: Catalogue = None,
    tau: Tau = None,
    sigma_us: SigmaUs = None,
    sigma_iran: SigmaIran = None,
    tranches: Tranches = False,
    horizon: Horizon = None,
    lens: Lens = None,
    time_limit: TimeLimit = None,
) -> Response:
    """Return the keys of ``lockstep plan --compare --json`` (lens, catalogue, plans)."""
    query = _query(
        request,
        as_of,
        catalogue,
        "sync",
        tau,
        sigma_us,
        sigma_iran,
        tranches,
        horizon,
        lens,
        time_limit,
    )
    return await cached_json(
        request,
        request.app.state.caches["plans"],
        ("compare", id(record_of(request)), query),
        lambda: compare_view(request, query),
    )


def no_return_view(request: Request, assume_last_known: bool = False) -> dict[str, Any]:
    """The ``lockstep no-return --json`` document (cached per record and assumption)."""

    def compute() -> dict[str, Any]:
        from lockstep.roadmap import ReturnAssumptions, point_of_no_return, states_for_analysis

        states, source = states_for_analysis()
        assumptions = ReturnAssumptions(assume_last_known=assume_last_known)
        payload: dict[str, Any] = point_of_no_return(states, assumptions, source=source).to_json()
        return payload

    key = ("no-return", id(record_of(request)), assume_last_known)
    result: dict[str, Any] = request.app.state.caches["plans"].get_or_compute(key, compute)
    return result


@router.get(
    "/no-return",
    summary="Restorable breakout after a full return, by report date, and what is lost",
)
async def get_no_return(
    request: Request,
    assume_last_known: Annotated[
        bool,
        Query(
            description="After the loss of IAEA access, assume the last known figures still "
            "hold (else those dates are unknown, as in /api/breakout)."
        ),
    ] = False,
) -> Response:
    """Return the keys of ``lockstep no-return --json`` (docs/roadmap.md)."""
    return await cached_json(
        request,
        request.app.state.caches["plans"],
        ("api-no-return", id(record_of(request)), assume_last_known),
        lambda: no_return_view(request, assume_last_known),
    )
