"""Breakout engine speed: one date at 10^5 samples, the full history at 10^4 per date,
and the vectorized engine against a plain per-sample Python loop of the same model.

Targets (issue 4): one date, 10^5 samples, under 0.2 s on one core; every report date
at 10^4 samples under 2 s.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import time
from collections.abc import Callable
from typing import Any

from benchmarks import scaled
from lockstep.assessment import BreakoutOptions, history_from_states
from lockstep.errors import DataError
from lockstep.physics.breakout import (
    Assumptions,
    Fleet,
    Quantity,
    Stock,
    estimate,
    swu_distribution,
)
from lockstep.physics.breakout.least_work import single_step_curve
from lockstep.record.model import STOCK_BANDS, CentrifugeFigure, ProgramState, Source, StockFigure

# A program like Feb 2023's (GOV/2023/8): four models, three stocks.
STOCKS = [
    Stock(0.60, 87.5, "up_to_60pct"),
    Stock(0.1975, 434.7, "up_to_20pct"),
    Stock(0.02, 1555.0, "up_to_2pct"),
]
FLEETS = [
    Fleet("IR-1", 6104, swu_distribution("IR-1")),
    Fleet("IR-2m", 696, swu_distribution("IR-2m")),
    Fleet("IR-4", 174, swu_distribution("IR-4")),
    Fleet("IR-6", 506, swu_distribution("IR-6")),
]


def best_of(runs: int, fn: Callable[[], Any]) -> float:
    best = math.inf
    for _ in range(scaled(runs, 1)):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def python_loop(samples: int, seed: int) -> list[float]:
    """The swu-budget model, one sample at a time in plain Python (same plan, same math)."""
    assumptions = Assumptions()
    quantity = Quantity.wgu25()
    dpy = assumptions.days_per_year
    horizons = [m * dpy / 12 for m in range(1, 7)]
    high = sum(f.machines * f.swu_per_machine_year.high for f in FLEETS)
    curve, _ = single_step_curve(
        STOCKS, quantity, assumptions, n_min=5, swu_limit=high * horizons[-1] / dpy, n_cap=500
    )
    rng = random.Random(seed)
    eff, setup = assumptions.effectiveness, assumptions.setup_days
    first: list[float] = []
    held: list[list[int]] = [[] for _ in horizons]
    for _ in range(samples):
        capacity = 0.0
        for fleet in FLEETS:
            d = fleet.swu_per_machine_year
            capacity += fleet.machines * rng.triangular(d.low, d.high, d.mode)
        capacity *= rng.triangular(eff.low, eff.high, eff.mode)
        s = rng.triangular(setup.low, setup.high, setup.mode)
        days = [s + work * dpy / capacity for work in curve[:5]]
        for month, h in enumerate(horizons):
            held[month].append(bisect.bisect_right(curve, (h - s) * capacity / dpy))
        first.append(days[0])
    # The same outputs: P10/P50/P90 of the first-quantity days and of each month's count.
    ordered = sorted(first)
    summary = [ordered[int(q * (samples - 1))] for q in (0.1, 0.5, 0.9)]
    for counts in held:
        ordered_counts = sorted(counts)
        summary += [ordered_counts[int(q * (samples - 1))] for q in (0.1, 0.5, 0.9)]
    return summary


def synthetic_states(n: int) -> list[ProgramState]:
    """``n`` states like the record's report dates (used when the record is absent)."""
    states = []
    start = dt.date(2017, 2, 18)
    for i in range(n):
        day = start + dt.timedelta(days=91 * i)
        grow = i / max(n - 1, 1)
        masses = {
            "up_to_2pct": 1500.0 * grow,
            "up_to_5pct": 100.0 + 2500.0 * grow,
            "up_to_20pct": 800.0 * grow,
            "up_to_60pct": 440.0 * grow**2,
        }
        nominal = {"up_to_2pct": 0.02, "up_to_5pct": 0.045, "up_to_20pct": 0.1975}
        stocks = tuple(
            StockFigure(
                band,
                masses[band] or None,
                nominal.get(band, 0.60),
                "verified",
                day,
                0,
                Source("synthetic"),
            )
            for band in STOCK_BANDS
        )
        centrifuges = (
            CentrifugeFigure("natanz_fep", "IR-1", 5060, 5060, "verified", day, 0, None),
            CentrifugeFigure(
                "natanz_fep", "IR-2m", 1740, int(696 * grow), "verified", day, 0, None
            ),
            CentrifugeFigure("fordow_ffep", "IR-6", 332, int(332 * grow), "verified", day, 0, None),
        )
        states.append(ProgramState(day, None, None, stocks, centrifuges, None, "csa_only", True))
    return states


def history_states() -> tuple[list[ProgramState], str]:
    from lockstep.record import load_record, state_at

    try:
        record = load_record()
    except DataError:
        return synthetic_states(40), "synthetic, 40 dates"
    dates = record.report_dates()
    return [state_at(d, record) for d in dates], f"record, {len(dates)} report dates"


def main() -> list[tuple[str, float, str, str]]:
    # Targets scale with the samples run: 1e5 samples in 0.2 s, 1e4 per date in 2 s.
    n, n_history = scaled(100_000, 10_000), scaled(10_000, 1_000)
    estimate(STOCKS, FLEETS, samples=1000)  # warm-up (imports, caches)
    one_date = best_of(5, lambda: estimate(STOCKS, FLEETS, samples=n, seed=1, sensitivity=True))
    core = best_of(5, lambda: estimate(STOCKS, FLEETS, samples=n, seed=1, sensitivity=False))
    batch = best_of(3, lambda: estimate(STOCKS, FLEETS, samples=n, seed=1, model="batch-recycle"))
    loop = best_of(1, lambda: python_loop(n, 1))
    states, origin = history_states()
    options = BreakoutOptions(samples=n_history, seed=0)
    history = best_of(3, lambda: history_from_states(states, options))
    batch_history = best_of(
        1,
        lambda: history_from_states(
            states, BreakoutOptions(samples=n_history, model="batch-recycle")
        ),
    )
    print(f"history states: {origin}")
    return [
        (
            f"breakout: one date, {n:.0e} samples, swu-budget",
            one_date,
            "s",
            f"< {0.2 * n / 1e5:g} s",
        ),
        ("breakout: same, without sensitivity ranking", core, "s", "-"),
        (f"breakout: one date, {n:.0e} samples, batch-recycle", batch, "s", "-"),
        (f"breakout: plain Python loop, {n:.0e} samples", loop, "s", "-"),
        ("breakout: loop / vectorized (no ranking)", loop / core, "x", "-"),
        (
            f"breakout: history ({origin}), {n_history:.0e} samples each",
            history,
            "s",
            f"< {2 * n_history / 1e4:g} s",
        ),
        ("breakout: history, batch-recycle", batch_history, "s", "-"),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
