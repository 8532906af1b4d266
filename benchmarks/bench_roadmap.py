"""Speed of the return planner (issue 6 targets).

* optimized plan for the worked example (model.md 8.4): < 1 s per solve;
* optimized plan for the default catalogue with tranches: < 10 s, proven optimum or a
  reported gap;
* 1,000 Monte Carlo evaluations: < 2 s;
* one full day-step evaluation of a default-catalogue plan (for reference).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from benchmarks import QUICK, scaled
from lockstep.roadmap import (
    build_problem,
    default_catalogue,
    evaluate,
    make_plan,
    monte_carlo,
    optimize,
    worked_example,
)

T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    began = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - began


def main() -> list[tuple[str, float, str, str]]:
    rows: list[tuple[str, float, str, str]] = []

    worked = build_problem(worked_example())
    worked_tr = build_problem(worked_example(), tranches=True)
    slowest = 0.0
    for prob in (worked, worked_tr):
        for tau in (100, 30) if QUICK else (100, 60, 50, 45, 30, 28):
            _, dt = _timed(lambda p=prob, t=tau: optimize(p, tau=t, sigma_us=10))
            slowest = max(slowest, dt)
    rows.append(("roadmap.optimize.worked_example.max", slowest, "s", "< 1 s"))

    default_tr = build_problem(default_catalogue(), tranches=True)
    print(f"default catalogue: {len(default_tr.measures)} measures")
    # Quick mode: one tau, a 2 s limit (the target is then the limit plus set-up).
    limit = scaled(10, 2)
    taus = (30,) if QUICK else (100, 50, 30, 20)
    worst = 0.0
    for tau in taus:
        plan, dt = _timed(lambda t=tau: optimize(default_tr, tau=t, time_limit_s=limit))
        worst = max(worst, dt)
        solver = plan.solver
        status = solver.status if solver else "-"
        gap = f"{solver.gap:.1%}" if solver and solver.gap is not None else "-"
        t_full = plan.metrics.t_full_days if plan.metrics else None
        print(f"  tau {tau:>3}: {dt:5.2f} s  {status:<10} gap {gap:>6}  T_full {t_full}")
    rows.append(("roadmap.optimize.default_tranches.max", worst, "s", f"< {limit} s"))
    worst = 0.0
    for tau in taus:
        plan, dt = _timed(
            lambda t=tau: optimize(default_tr, tau=t, time_limit_s=limit, deterministic=True)
        )
        worst = max(worst, dt)
        status = plan.solver.status if plan.solver else "-"
        print(f"  deterministic tau {tau:>3}: {dt:5.2f} s  {status}")
    rows.append(("roadmap.optimize.default_tranches.deterministic.max", worst, "s", f"< {limit} s"))

    # 1,000 samples in 2 s: 2 ms per sample, whatever the count run.
    samples = scaled(1000, 100)
    sync = make_plan(build_problem(default_catalogue()), "sync")
    _, dt = _timed(lambda: monte_carlo(sync, samples=samples, seed=0))
    target = f"< {samples * 0.002:g} s"
    rows.append((f"roadmap.monte_carlo.{samples}.default_sync", dt, "s", target))
    opt = optimize(build_problem(default_catalogue()), tau=30)
    _, dt = _timed(lambda: monte_carlo(opt, samples=samples, seed=0))
    rows.append((f"roadmap.monte_carlo.{samples}.default_optimized", dt, "s", target))

    assert sync.schedule is not None
    problem = sync.problem
    schedule = sync.schedule
    _, dt = _timed(lambda: evaluate(problem, schedule))
    rows.append(("roadmap.evaluate.default_sync", dt * 1000, "ms", "-"))
    return rows


if __name__ == "__main__":
    for name, value, unit, target in main():
        print(f"{name:<45} {value:10.3f} {unit:<3} {target}")
