"""Physics speed: vectorized balances, the multi-isotope solver, the inverse solver.

Targets (issue 2): mass balance + SWU at >= 2e7 evaluations/s on one core over 1e7
elements; one multi-isotope solve < 1 ms; 1e4 different feeds < 1 s. Stage-by-stage
cascade (issue 12): one 15-stage solve < 5 ms; 1e3 feeds at once < 1 s.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from lockstep.physics import balance, multi_isotope_cascade, product_from_feed_and_swu
from lockstep.physics.stage_cascade import solve_stages

N_BALANCE = 10**7
N_FEEDS = 10**4
NATURAL = [0.0, 5.31e-5, 0.00711, 0.0, 1.0 - 5.31e-5 - 0.00711]


def _best(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up (page faults on first allocation, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> list[tuple[str, float, str, str]]:
    rng = np.random.default_rng(20150714)
    tails = rng.uniform(0.001, 0.004, N_BALANCE)
    feed = rng.uniform(0.005, 0.05, N_BALANCE)
    product = rng.uniform(0.06, 0.95, N_BALANCE)
    mass = rng.uniform(0.0, 100.0, N_BALANCE)
    t_balance = _best(lambda: balance(feed, product, tails, product_kg_u=mass), 3)

    n_inverse = 10**6
    t_inverse = _best(
        lambda: product_from_feed_and_swu(
            mass[:n_inverse] + 1.0, feed[:n_inverse], product[:n_inverse], mass[:n_inverse]
        ),
        3,
    )

    t_single = _median(lambda: multi_isotope_cascade(NATURAL, 0.9, 0.003, alpha=1.33), 200)

    u234 = rng.uniform(0.0, 1e-4, N_FEEDS)
    u235 = rng.uniform(0.006, 0.01, N_FEEDS)
    u236 = rng.uniform(0.0, 5e-3, N_FEEDS)
    u232 = rng.uniform(0.0, 1e-9, N_FEEDS)
    feeds = np.stack([u232, u234, u235, u236, 1.0 - u232 - u234 - u235 - u236], axis=1)
    t_batch = _best(lambda: multi_isotope_cascade(feeds, 0.05, 0.0025, alpha_per_mass=1.05), 3)
    t_stage = _median(lambda: solve_stages(15, 4, 1.154, 0.00711), 50)
    stage_feeds = rng.uniform(0.002, 0.9, 1000)
    t_stages = _best(lambda: solve_stages(15, 4, 1.154, stage_feeds), 3)
    return [
        ("stage-by-stage cascade, one feed", t_stage * 1e3, "ms", "< 5"),
        ("stage-by-stage cascade, 1e3 feeds", t_stages, "s", "< 1"),
        ("balance + SWU, 1e7 elements", N_BALANCE / t_balance, "evals/s", ">= 2e7"),
        ("product from feed and SWU, 1e6", n_inverse / t_inverse, "evals/s", "(none)"),
        ("multi-isotope solve, one feed", t_single * 1e3, "ms", "< 1"),
        ("multi-isotope solve, 1e4 feeds", t_batch, "s", "< 1"),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
