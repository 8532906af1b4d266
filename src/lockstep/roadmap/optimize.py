"""The optimized synchronized plan (S-OPT): CP-SAT minimizes the time to full compliance.

Constraint families (model.md sections 4 and 6), one function each:

* :func:`add_tasks` and :func:`add_tranche_choice` - a start variable and an interval
  per task; for a divisible measure, one optional interval per tranche of each allowed
  tranche count, exactly one count chosen (release days and deadlines bound the start
  domains, C5);
* :func:`add_precedence` - prerequisites (end->start, verified->start, end->end, with
  lags) and sequential tranches;
* :func:`add_baseline` - C8: no Iranian step is verified before the baseline is;
* :func:`add_balance` - C4: ``-tau_us <= G(t) <= tau_iran`` as a reservoir of completion
  events (+v Iranian, -v relief; same-day events net out);
* :func:`add_verification_slacks` - C3(a) ``P_US(t) <= P^ver_IR(t) + sigma_us`` and C3(b)
  ``P_IR(t) <= P^ver_US(t) + sigma_iran`` as reservoirs;
* :func:`add_objective` - ``T_full = max(verified)`` by ``add_max_equality``; the horizon
  bounds every verification (C10).

A second, short solve keeps T_full optimal and moves every step as early as it can go,
so the calendar shown has no needless waiting. Closed-form checks explain
infeasibility before the solver runs (:func:`closed_form_reasons`); when they find
nothing, relaxing one family at a time names the one that binds.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lockstep.errors import DataError
from lockstep.roadmap.cpsat import cp_model
from lockstep.roadmap.evaluator import evaluate
from lockstep.roadmap.explain import (
    TRANCHE_MODELS,
    _critical_chain,
    closed_form_reasons,
    tranche_counts,
)
from lockstep.roadmap.plan import Plan, SolverInfo
from lockstep.roadmap.problem import Problem, Task
from lockstep.roadmap.strategies import (
    catalogue_gates,
    earliest_schedule,
    schedule_from_times,
    target_problems,
)

_BIG = 10_000


@dataclass
class _TaskVar:
    task: Task
    option: int
    start: cp_model.IntVar
    end: Any
    ver: Any
    present: cp_model.IntVar | None
    interval: cp_model.IntervalVar


@dataclass
class _Model:
    """The CP-SAT model under construction and its variables."""

    problem: Problem
    horizon: int
    tranche_model: str = "merge"
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    tasks: list[_TaskVar] = field(default_factory=list)
    by_measure: dict[str, dict[int, list[_TaskVar]]] = field(default_factory=dict)
    choice: dict[str, dict[int, cp_model.IntVar]] = field(default_factory=dict)
    measure_end: dict[str, Any] = field(default_factory=dict)
    measure_ver: dict[str, Any] = field(default_factory=dict)
    t_full: cp_model.IntVar | None = None
    true: cp_model.IntVar | None = None

    def active(self, tv: _TaskVar) -> cp_model.IntVar:
        """Presence literal (a fixed true literal for a mandatory task)."""
        if tv.present is not None:
            return tv.present
        if self.true is None:
            self.true = self.model.new_bool_var("true")
            self.model.add_bool_or([self.true])
        return self.true


def add_tasks(m: _Model) -> None:
    """One start variable and interval per task; the start domain encodes the release day."""
    h = m.horizon
    for meas in m.problem.measures:
        m.by_measure[meas.id] = {}
        options = tranche_counts(meas, m.tranche_model)
        for count in options:
            lit = m.model.new_bool_var(f"{meas.id}_x{count}") if len(options) > 1 else None
            group: list[_TaskVar] = []
            for task in meas.tasks(count):
                d, lag = task.duration_days, task.lag_days
                lo, hi = task.release_day, h - d - lag
                if task.deadline_day is not None:
                    hi = min(hi, task.deadline_day - d)
                if lo > hi:
                    hi = lo
                    if lit is not None:
                        m.model.add(lit == 0)
                start = m.model.new_int_var(lo, hi, f"s_{task.id}")
                if lit is None:
                    interval = m.model.new_fixed_size_interval_var(start, d, f"i_{task.id}")
                else:
                    interval = m.model.new_optional_fixed_size_interval_var(
                        start, d, lit, f"i_{task.id}"
                    )
                tv = _TaskVar(task, count, start, start + d, start + d + lag, lit, interval)
                group.append(tv)
                m.tasks.append(tv)
            m.by_measure[meas.id][count] = group


def add_tranche_choice(m: _Model) -> None:
    """Exactly one tranche count per divisible measure; identical tranches ordered."""
    for mid, options in m.by_measure.items():
        lits = [g[0].present for g in options.values() if g[0].present is not None]
        if lits:
            m.choice[mid] = {c: g[0].present for c, g in options.items()}  # type: ignore[misc]
            m.model.add_exactly_one(lits)
        for group in options.values():
            # Parallel tranches are interchangeable: break the symmetry.
            for a, b in itertools.pairwise(group):
                m.model.add(a.start <= b.start)


def add_baseline(m: _Model) -> None:
    """C8: the verification of every Iranian task waits for the baseline's verification."""
    base = m.problem.baseline_id
    h = m.horizon
    base_ver = None
    if base is not None:
        (tv_base,) = m.by_measure[base][1]
        base_ver = tv_base.ver
    for tv in m.tasks:
        gated = base_ver is not None and tv.task.side == "nuclear" and tv.task.measure != base
        if tv.present is None and not gated:
            continue
        ver = m.model.new_int_var(0, h, f"v_{tv.task.id}")
        natural = tv.end + tv.task.lag_days
        if tv.present is None:
            assert base_ver is not None
            m.model.add_max_equality(ver, [natural, base_ver])
        else:
            m.model.add(ver >= natural).only_enforce_if(tv.present)
            if gated:
                m.model.add(ver >= base_ver).only_enforce_if(tv.present)
            m.model.add(ver == 0).only_enforce_if(~tv.present)
        tv.ver = ver


def add_precedence(m: _Model) -> None:
    """Prerequisites with their relation and lag, and sequential tranches."""
    h = m.horizon
    for mid, options in m.by_measure.items():
        all_tasks = [tv for g in options.values() for tv in g]
        if len(all_tasks) == 1:
            m.measure_end[mid], m.measure_ver[mid] = all_tasks[0].end, all_tasks[0].ver
        else:
            end = m.model.new_int_var(0, h, f"end_{mid}")
            ver = m.model.new_int_var(0, h, f"ver_{mid}")
            for tv in all_tasks:
                m.model.add(end >= tv.end).only_enforce_if(m.active(tv))
                m.model.add(ver >= tv.ver).only_enforce_if(m.active(tv))
            m.measure_end[mid], m.measure_ver[mid] = end, ver
        meas = m.problem.measure(mid)
        div = meas.spec.divisible
        if div is not None and div.sequential:
            for group in options.values():
                for a, b in itertools.pairwise(group):
                    ct = m.model.add(b.start >= a.end)
                    if a.present is not None:
                        ct.only_enforce_if(a.present)
    for meas in m.problem.measures:
        for pre in meas.prerequisites:
            for tv in (tv for g in m.by_measure[meas.id].values() for tv in g):
                if pre.relation == "end_start":
                    ct = m.model.add(tv.start >= m.measure_end[pre.measure] + pre.lag_days)
                elif pre.relation == "verified_start":
                    ct = m.model.add(tv.start >= m.measure_ver[pre.measure] + pre.lag_days)
                else:
                    ct = m.model.add(tv.end >= m.measure_end[pre.measure] + pre.lag_days)
                if tv.present is not None:
                    ct.only_enforce_if(tv.present)


def _value(m: _Model, tv: _TaskVar) -> int:
    return tv.task.value(m.problem.lens)


def _reservoir(
    m: _Model,
    times: Sequence[Any],
    changes: Sequence[int],
    tvs: Sequence[_TaskVar],
    lo: int,
    hi: int,
) -> None:
    keep = [i for i, c in enumerate(changes) if c != 0]
    times = [times[i] for i in keep]
    changes = [changes[i] for i in keep]
    tvs = [tvs[i] for i in keep]
    if not times:
        return
    if all(tv.present is None for tv in tvs):
        m.model.add_reservoir_constraint(times, changes, lo, hi)
    else:
        actives = [m.active(tv) for tv in tvs]
        m.model.add_reservoir_constraint_with_active(times, changes, actives, lo, hi)


def add_balance(m: _Model, tau_iran: int, tau_us: int) -> None:
    """C4: the gap G(t) stays within [-tau_us, tau_iran] at every day."""
    times = [tv.end for tv in m.tasks]
    changes = [_value(m, tv) if tv.task.side == "nuclear" else -_value(m, tv) for tv in m.tasks]
    _reservoir(m, times, changes, m.tasks, -tau_us, tau_iran)


def add_verification_slacks(m: _Model, sigma_us: int | None, sigma_iran: int | None) -> None:
    """C3(a) relief within sigma_us of verified Iranian progress; C3(b) the mirror image."""
    if sigma_us is not None:
        times = [tv.ver if tv.task.side == "nuclear" else tv.end for tv in m.tasks]
        changes = [_value(m, tv) if tv.task.side == "nuclear" else -_value(m, tv) for tv in m.tasks]
        _reservoir(m, times, changes, m.tasks, -sigma_us, _BIG)
    if sigma_iran is not None:
        times = [tv.ver if tv.task.side == "relief" else tv.end for tv in m.tasks]
        changes = [_value(m, tv) if tv.task.side == "relief" else -_value(m, tv) for tv in m.tasks]
        _reservoir(m, times, changes, m.tasks, -sigma_iran, _BIG)


def add_objective(m: _Model) -> None:
    """T_full = the last verification, minimized (every verification within the horizon)."""
    m.t_full = m.model.new_int_var(0, m.horizon, "t_full")
    m.model.add_max_equality(m.t_full, [tv.ver for tv in m.tasks])
    m.model.minimize(m.t_full)


# --------------------------------------------------------------------------- solving


@dataclass(frozen=True)
class _Solved:
    status: str
    objective: float | None
    bound: float | None
    starts: dict[str, int]
    options: dict[str, int]
    wall_s: float
    stopped_by: str | None = None


def _build(
    problem: Problem,
    *,
    tau_iran: int | None,
    tau_us: int | None,
    sigma_us: int | None,
    sigma_iran: int | None,
    horizon: int | None = None,
    objective: bool = True,
    tranche_model: str = "merge",
) -> _Model:
    m = _Model(problem, horizon or problem.horizon_days, tranche_model)
    add_tasks(m)
    add_tranche_choice(m)
    add_baseline(m)
    add_precedence(m)
    if tau_iran is not None and tau_us is not None:
        add_balance(m, tau_iran, tau_us)
    add_verification_slacks(m, sigma_us, sigma_iran)
    if objective:
        add_objective(m)
    return m


#: CP-SAT deterministic work units per second of the time limit. CP-SAT calibrates its
#: units to roughly seconds of one core; on a busy two-core machine interleaved search does
#: 0.15-0.3 units per wall second (measured with benchmarks/bench_roadmap.py), so the
#: wall-clock limit, always enforced, stops a slow machine first and says so.
DETERMINISTIC_UNITS_PER_S = 1.0
#: Shares of the time limit given to the two solve phases and the polishing solve: fixed,
#: so a deterministic run gets the same work budgets however long each phase took.
PHASE_SHARES = (0.4, 0.4, 0.2)
#: What :class:`SolverInfo` says when the wall clock, not the work budget, ended a
#: deterministic search: its plan may then differ from run to run.
WALL_CLOCK_STOP = "wall-clock limit"


def _solver(
    time_limit_s: float,
    workers: int | None,
    seed: int,
    deterministic: bool = False,
    *,
    wall_s: float | None = None,
) -> cp_model.CpSolver:
    """A solver with its limits: ``time_limit_s`` of work, ``wall_s`` of wall clock.

    Deterministic mode budgets work (``time_limit_s`` x :data:`DETERMINISTIC_UNITS_PER_S`
    deterministic units, the same on every run) and still stops at ``wall_s`` [s] of wall
    clock (default ``time_limit_s``), so ``--time-limit`` holds on any machine.
    """
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers or DEFAULT_WORKERS
    solver.parameters.random_seed = seed
    # Interleaved workers give the same plan on every run (slower than parallel ones).
    solver.parameters.interleave_search = deterministic
    wall = time_limit_s if wall_s is None else wall_s
    solver.parameters.max_time_in_seconds = max(0.01, wall)
    if deterministic:
        budget = time_limit_s * DETERMINISTIC_UNITS_PER_S
        solver.parameters.max_deterministic_time = max(0.01, budget)
    return solver


def _stopped_by_wall(solver: cp_model.CpSolver, status: Any) -> bool:
    """Whether a deterministic search ended on the wall clock before its work budget."""
    params = solver.parameters
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or not params.interleave_search:
        return False
    done = solver.response_proto.deterministic_time
    return bool(done < 0.99 * params.max_deterministic_time)


#: Wall-clock cap of the polishing solve [s].
POLISH_MAX_S = 2.0
#: Least wall clock given to polishing after a fast main solve [s].
POLISH_MIN_S = 0.3


#: CP-SAT workers by default. A portfolio of eight finds first plans far more reliably
#: than one worker per core on this problem, even on two cores (benchmarks/bench_roadmap.py).
DEFAULT_WORKERS = 8


def _values(m: _Model, solver: cp_model.CpSolver) -> tuple[dict[str, int], dict[str, int]]:
    starts = {tv.task.id: int(solver.value(tv.start)) for tv in m.tasks}
    return starts, _chosen(m, solver)


def _polish(
    m: _Model,
    starts: dict[str, int],
    options: dict[str, int],
    t_full: int,
    time_limit_s: float,
    workers: int | None,
    seed: int,
    deterministic: bool = False,
    wall_s: float | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Keep T_full and pull every step as early as it can go (a short second solve)."""
    for tv in m.tasks:
        m.model.add_hint(tv.start, starts[tv.task.id])
    for mid, lits in m.choice.items():
        for count, lit in lits.items():
            m.model.add_hint(lit, int(options[mid] == count))
    if m.t_full is not None:
        m.model.add(m.t_full <= t_full)
    m.model.minimize(sum(tv.start for tv in m.tasks))
    solver = _solver(time_limit_s, workers, seed, deterministic, wall_s=wall_s)
    if solver.solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _values(m, solver)
    return starts, options


def _solve(
    problem: Problem,
    bounds: dict[str, int | None],
    lower_bound: int,
    time_limit_s: float,
    workers: int | None,
    seed: int,
    polish: bool,
    tranche_model: str,
    deterministic: bool = False,
) -> _Solved:
    """Solve in two phases: first look for a plan finishing at the lower bound.

    The lower bound (the longest chain of prerequisites, :func:`_critical_chain`) is often
    the optimum; with every verification due by then the domains are small and a plan,
    if one exists, is found fast and proven optimal. Otherwise the full model minimizes
    T_full over the whole horizon, above the bound.
    """
    began = time.perf_counter()

    def left() -> float:
        return time_limit_s - (time.perf_counter() - began)

    # Work per phase: fixed shares of the limit when deterministic (the same budgets on
    # every run); otherwise what the wall clock leaves. The wall clock binds in both.
    first_share, second_share, polish_share = PHASE_SHARES

    def work(share: float) -> float:
        return share * time_limit_s if deterministic else max(0.05, left())

    def polish_work(solved_in: float | None = None) -> float:
        # Deterministic: a fixed share (the wall clock must not set a work budget).
        if deterministic:
            return min(polish_share * time_limit_s, POLISH_MAX_S)
        cap = min(left(), 0.3 * time_limit_s, POLISH_MAX_S)
        return cap if solved_in is None else min(cap, max(POLISH_MIN_S, 3.0 * solved_in))

    lower = lower_bound
    if lower_bound <= problem.horizon_days:
        m1 = _build(
            problem, horizon=lower_bound, objective=False, tranche_model=tranche_model, **bounds
        )  # fmt: skip
        first_work = first_share * time_limit_s if deterministic else 0.5 * time_limit_s
        first = _solver(first_work, workers, seed, deterministic, wall_s=max(0.05, left()))
        status = first.solve(m1.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            starts, options = _values(m1, first)
            if polish and left() > 0.05:
                starts, options = _polish(
                    m1,
                    starts,
                    options,
                    lower_bound,
                    polish_work(),
                    workers,
                    seed,
                    deterministic,
                    wall_s=left(),
                )
            wall = time.perf_counter() - began
            return _Solved("OPTIMAL", lower_bound, lower_bound, starts, options, wall)
        if status == cp_model.INFEASIBLE:
            lower = lower_bound + 1
    m = _build(problem, horizon=None, objective=True, tranche_model=tranche_model, **bounds)
    assert m.t_full is not None
    m.model.add(m.t_full >= lower)
    solver = _solver(work(second_share), workers, seed, deterministic, wall_s=max(0.05, left()))
    status = solver.solve(m.model)
    name = solver.status_name(status)
    stopped = WALL_CLOCK_STOP if deterministic and _stopped_by_wall(solver, status) else None
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Solved(name, None, None, {}, {}, time.perf_counter() - began, stopped)
    objective = float(solver.objective_value)
    bound = max(float(solver.best_objective_bound), float(lower))
    starts, options = _values(m, solver)
    if polish and left() > 0.05:
        # Polishing rarely proves its optimum; a budget in proportion to the main solve
        # keeps a fast plan fast (a 0.1 s solve is not followed by 2 s of polish).
        solved_in = time.perf_counter() - began
        starts, options = _polish(
            m,
            starts,
            options,
            round(objective),
            polish_work(solved_in),
            workers,
            seed,
            deterministic,
            wall_s=left(),
        )
    wall = time.perf_counter() - began
    return _Solved(name, objective, bound, starts, options, wall, stopped)


def _chosen(m: _Model, solver: cp_model.CpSolver) -> dict[str, int]:
    out: dict[str, int] = {}
    for mid, options in m.by_measure.items():
        if mid in m.choice:
            out[mid] = next(c for c, lit in m.choice[mid].items() if solver.boolean_value(lit))
        else:
            out[mid] = next(iter(options))
    return out


def _relaxation_reason(
    problem: Problem,
    tau_iran: int,
    tau_us: int,
    sigma_us: int | None,
    sigma_iran: int | None,
    time_limit_s: float,
    workers: int | None,
    seed: int,
    tranche_model: str = "merge",
    budget_s: float | None = None,
) -> str:
    # Each trial gets ``time_limit_s``; all of them together at most ``budget_s`` of wall
    # clock (what the caller's own limit leaves), so that an explanation never costs more
    # than the plan was allowed.
    deadline = None if budget_s is None else time.perf_counter() + budget_s
    undecided = False
    trials: list[tuple[str, dict[str, Any]]] = [
        (
            f"the balance bound (tau = {tau_iran}/{tau_us}) cannot be met together with the "
            "verification slacks; a plan exists without it",
            {"tau_iran": None, "tau_us": None, "sigma_us": sigma_us, "sigma_iran": sigma_iran},
        ),
        (
            f"Iran's verification demand (sigma_iran = {sigma_iran}) cannot be met; a plan "
            "exists without it",
            {"tau_iran": tau_iran, "tau_us": tau_us, "sigma_us": sigma_us, "sigma_iran": None},
        ),
        (
            f"the US verification demand (sigma_us = {sigma_us}) cannot be met; a plan exists "
            "without it",
            {"tau_iran": tau_iran, "tau_us": tau_us, "sigma_us": None, "sigma_iran": sigma_iran},
        ),
        (
            f"no plan fits within the horizon of {problem.horizon_days} days; a longer horizon "
            "allows one",
            {
                "tau_iran": tau_iran,
                "tau_us": tau_us,
                "sigma_us": sigma_us,
                "sigma_iran": sigma_iran,
                "horizon": problem.horizon_days * 4,
            },
        ),
        (
            f"the balance bound and Iran's verification demand together (tau = {tau_iran}, "
            f"sigma_iran = {sigma_iran}) cannot be met; a plan exists without both",
            {"tau_iran": None, "tau_us": None, "sigma_us": sigma_us, "sigma_iran": None},
        ),
    ]
    for text, kwargs in trials:
        limit = time_limit_s
        if deadline is not None:
            limit = min(limit, deadline - time.perf_counter())
            if limit <= 0.01:
                undecided = True
                break
        m = _build(problem, objective=False, tranche_model=tranche_model, **kwargs)
        solver = _solver(limit, workers, seed)
        status = solver.solve(m.model)
        undecided = undecided or status == cp_model.UNKNOWN
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            big = sorted(
                (
                    meas
                    for meas in problem.measures
                    if tranche_counts(meas, tranche_model) == (1,)
                    and meas.spec.value[problem.lens] > tau_iran
                ),
                key=lambda x: -x.spec.value[problem.lens],
            )
            if kwargs.get("tau_iran", 0) is None and big:
                listed = ", ".join(f"{b.id} ({b.spec.value[problem.lens]})" for b in big)
                text += (
                    f"; indivisible measures worth more than tau must be matched on the same "
                    f"day by the other side: {listed}"
                )
            return text
    if undecided:
        return (
            "no plan meets the bounds together (proven by CP-SAT); which bound binds was not "
            f"found within the time limit ({time_limit_s:g} s per trial)"
            if deadline is None
            else "no plan meets the bounds together (proven by CP-SAT); which bound binds was "
            "not found within the time limit"
        )
    return (
        "no plan meets the bounds together, and relaxing any one of the balance bound, a "
        "verification slack or the horizon is not enough"
    )


def optimize(
    problem: Problem,
    *,
    tau: int | None = None,
    sigma_us: int | None = None,
    sigma_iran: int | None = None,
    tau_us: int | None = None,
    time_limit_s: float = 10.0,
    workers: int | None = None,
    seed: int = 0,
    polish: bool = True,
    tranche_model: str = "merge",
    deterministic: bool = False,
) -> Plan:
    """The optimized synchronized plan: minimize T_full under C3, C4 and the catalogue.

    Parameters
    ----------
    problem
        The problem; ``problem.tranches`` lets divisible measures be split.
    tau
        Reciprocity bound [points]: ``G(t) <= tau`` (Iran's exposure); the catalogue
        default if None.
    sigma_us
        US verification slack [points] (C3a); the catalogue default if None.
    sigma_iran
        Iran's verification slack [points] (C3b); ``tau`` if None (model.md 8.4).
    tau_us
        Bound on ``-G(t)`` (US exposure) [points]; ``tau`` if None.
    time_limit_s
        Wall-clock limit for the solver [s], naming the bound that binds an infeasible
        plan included.
    workers
        CP-SAT workers (default: the CPU count, at most 8).
    seed
        Solver random seed.
    polish
        Run the second solve that moves steps as early as possible at the optimal T_full.
    tranche_model
        ``merge`` (default) or ``choice``: how tranches are offered (:func:`tranche_counts`).
    deterministic
        Interleave the CP-SAT workers so that every run returns the same calendar (slower).
        By default T_full and its bound are reproducible, but which of several equally
        good calendars is returned can vary between runs.

    Returns
    -------
    Plan
        Feasible with the solver's status, or infeasible with the reason.
    """
    d = problem.catalogue.spec.defaults
    tau_iran = d.tau if tau is None else tau
    tau_us = tau_iran if tau_us is None else tau_us
    s_us = d.sigma_us if sigma_us is None else sigma_us
    s_ir = (
        (d.sigma_iran if d.sigma_iran is not None else tau_iran)
        if sigma_iran is None
        else sigma_iran
    )
    # A side that owes nothing (e.g. Iran within every limit in 2019) has nothing to
    # verify: the other side's verification slack must not hold it back (100 points).
    sides = {m.side for m in problem.measures}
    if "nuclear" not in sides:
        s_us = max(s_us, 100)
    if "relief" not in sides:
        s_ir = max(s_ir, 100)
    for name, value in (
        ("tau", tau_iran),
        ("tau_us", tau_us),
        ("sigma_us", s_us),
        ("sigma_iran", s_ir),
    ):
        if value < 0:
            raise DataError(f"{name} must be >= 0 (got {value})", field=name)
    common: dict[str, Any] = {
        "strategy": "optimized",
        "problem": problem,
        "tau": tau_iran,
        "tau_us": tau_us,
        "sigma_us": s_us,
        "sigma_iran": s_ir,
        "measures": problem.measure_ids,
    }
    if tranche_model not in TRANCHE_MODELS:
        raise DataError(f"tranche_model must be one of {TRANCHE_MODELS} (got {tranche_model!r})")
    reasons = closed_form_reasons(problem, tau_iran, tau_us, s_us, s_ir, tranche_model)
    if reasons:
        return Plan(
            feasible=False,
            reason="infeasible: " + "; ".join(reasons),
            schedule=None,
            metrics=None,
            solver=SolverInfo("SKIPPED", None, None, None, 0.0),
            **common,
        )
    bounds: dict[str, int | None] = {
        "tau_iran": tau_iran,
        "tau_us": tau_us,
        "sigma_us": s_us,
        "sigma_iran": s_ir,
    }
    chain = _critical_chain(problem, tranche_model)
    lower_bound = chain[0] if chain is not None else 0
    solved = _solve(
        problem,
        bounds,
        lower_bound,
        time_limit_s,
        workers,
        seed,
        polish,
        tranche_model,
        deterministic,
    )
    if solved.objective is None:
        if solved.status == "INFEASIBLE":
            # Naming the bound that binds shares the time limit with the solve itself.
            explain_budget_s = max(0.05, time_limit_s - solved.wall_s)
            reason = "infeasible: " + _relaxation_reason(
                problem,
                tau_iran,
                tau_us,
                s_us,
                s_ir,
                min(2.0, time_limit_s),
                workers,
                seed,
                tranche_model,
                budget_s=explain_budget_s,
            )
        else:
            reason = f"no plan found within the time limit ({time_limit_s:g} s)"
        return Plan(
            feasible=False,
            reason=reason,
            schedule=None,
            metrics=None,
            solver=SolverInfo(solved.status, None, None, None, solved.wall_s, solved.stopped_by),
            **common,
        )
    tasks = [t for meas in problem.measures for t in meas.tasks(solved.options[meas.id])]
    gates = catalogue_gates(problem, tasks)
    # Exact times from the starts: end = start + d, verified = max(end + lag, gates).
    schedule = earliest_schedule(tasks, gates, lower_start=solved.starts)
    schedule = schedule_from_times(
        tasks,
        {it.id: it.start for it in schedule.items},
        {it.id: it.end for it in schedule.items},
        {it.id: it.verified for it in schedule.items},
    )
    evaluation = evaluate(problem, schedule)
    gap = (
        0.0
        if solved.bound is None or not solved.objective
        else ((solved.objective - solved.bound) / solved.objective)
    )
    status_note = (
        ""
        if solved.status == "OPTIMAL"
        else (f"best plan found in {time_limit_s:g} s; optimality gap {gap:.1%}")
    )
    missed = target_problems(evaluation.metrics.end_state_violations)
    return Plan(
        feasible=not missed,
        reason="; ".join([*missed, status_note] if status_note else missed),
        schedule=schedule,
        metrics=evaluation.metrics,
        gates=tuple(gates),
        solver=SolverInfo(
            solved.status, solved.objective, solved.bound, gap, solved.wall_s, solved.stopped_by
        ),
        **common,
    )


__all__ = [
    "add_balance",
    "add_baseline",
    "add_objective",
    "add_precedence",
    "add_tasks",
    "add_tranche_choice",
    "add_verification_slacks",
    "optimize",
]
