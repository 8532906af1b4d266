"""Speed of the plans generated from the gap (issue 11 targets).

* generating the measures of a date (``measures_for``, data files loaded): < 50 ms;
* ``lockstep plan --as-of D --compare`` end to end: < 2 s on 2 cores, measured here as
  CPU time of a fresh process (start-up, imports, state, measures, six strategies and the
  table), and split into its parts in-process.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path

DATES = (dt.date(2015, 10, 18), dt.date(2021, 4, 6), dt.date(2022, 8, 8), dt.date(2025, 12, 1))


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> list[tuple[str, float, str, str]]:
    from lockstep.record import state_at
    from lockstep.roadmap import compare, load_target
    from lockstep.roadmap.gap import measures_for
    from lockstep.roadmap.generated import generated_problem

    rows: list[tuple[str, float, str, str]] = []
    target = load_target("jcpoa2015")
    states = [state_at(d) for d in DATES]
    measures_for(states[0], target)  # data files parsed once per process
    worst = 0.0
    for state in states:
        began = time.perf_counter()
        for _ in range(10):
            measures_for(state, target)
        worst = max(worst, (time.perf_counter() - began) / 10)
    rows.append(("roadmap.gap.measures_for.max", worst * 1000, "ms", "< 50 ms"))

    worst = 0.0
    for d in DATES:
        began = time.perf_counter()
        plans = compare(generated_problem(d))
        took = time.perf_counter() - began
        worst = max(worst, took)
        opt = next(p for p in plans if p.strategy == "optimized")
        status = opt.solver.status if opt.solver else "-"
        print(f"  {d}: problem + six strategies {took:5.2f} s (optimized {status})")
    rows.append(("roadmap.gap.compare.in_process.max", worst, "s", "(part of < 2 s)"))

    worst_cpu = 0.0
    for d in DATES:
        before = _cpu_children()
        cmd = [str(Path(sys.executable).with_name("lockstep")), "plan", "--as-of", d.isoformat()]
        subprocess.run([*cmd, "--compare"], check=True, capture_output=True)
        worst_cpu = max(worst_cpu, _cpu_children() - before)
    rows.append(("roadmap.cli.plan_compare.cpu.max", worst_cpu, "s", "< 2 s (2 cores)"))
    return rows


if __name__ == "__main__":
    for name, value, unit, target in main():
        print(f"{name:<45} {value:10.3f} {unit:<3} {target}")
