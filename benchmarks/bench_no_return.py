"""Speed of the planner's breakout path and of the point of no return.

* one planner breakout (the engine at central values), cold: < 10 ms, against one
  ``lockstep breakout`` Monte Carlo (10,000 samples) of the same state; cold empties
  the stage-level cascade's memos of plans (a new process), and a second figure times a
  new device in the same process (the memos kept, no breakout answer cached);
* the point of no return over the whole record (about 50 report dates, both policies):
  < 5 s, cold (no cached breakout).
"""

from __future__ import annotations

import datetime as dt
import time

from lockstep.assessment import BreakoutOptions, assess_state
from lockstep.physics.breakout.stage_cascade import forget_plans
from lockstep.record import load_record, state_at
from lockstep.roadmap import point_of_no_return, states_for_analysis
from lockstep.roadmap.breakout_time import BreakoutTime
from lockstep.roadmap.state import state_from_program_state


def main() -> list[tuple[str, float, str, str]]:
    record = load_record()
    state = state_at(dt.date(2022, 8, 21), record)
    initial = state_from_program_state(state)
    fleet: dict[str, int] = {}
    for group in initial.machines:
        if group.status == "enriching":
            fleet[group.model] = fleet.get(group.model, 0) + group.count
    fast, fresh = [], []
    for _ in range(5):
        forget_plans()  # cold: no pass figure or plan of an earlier run kept
        device = BreakoutTime.like_breakout()
        began = time.perf_counter()
        device.days(initial.stocks, fleet)
        fast.append(time.perf_counter() - began)
        # A new device in the same process (the planner's next question): the cascade
        # plans of the same fleet are kept, the device's own answers are not.
        device = BreakoutTime.like_breakout()
        began = time.perf_counter()
        device.days(initial.stocks, fleet)
        fresh.append(time.perf_counter() - began)
    began = time.perf_counter()
    assess_state(state, BreakoutOptions(sensitivity=False))
    monte_carlo = time.perf_counter() - began
    states, source = states_for_analysis()
    forget_plans()
    began = time.perf_counter()
    point_of_no_return(states, source=source, device=BreakoutTime.like_breakout())
    no_return = time.perf_counter() - began
    return [
        ("roadmap.breakout_time.cold", min(fast) * 1e3, "ms", "< 10 ms"),
        ("roadmap.breakout_time.new_device_same_process", min(fresh) * 1e3, "ms", "< 10 ms"),
        ("roadmap.breakout_time.vs_monte_carlo_10k", monte_carlo / min(fast), "x", "(faster)"),
        ("roadmap.no_return.record.cold", no_return, "s", "< 5 s"),
    ]


if __name__ == "__main__":
    for name, value, unit, target in main():
        print(f"{name:<45} {value:10.3f} {unit:<3} {target}")
