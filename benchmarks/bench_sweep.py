"""Sweep scaling: the same sweep of >= 100 deterministic solves on one and on two Dask
workers (issue 14: >= 1.6x on 2 cores), and the cost of one solve, from which the time
on 100 workers is estimated.

The sweep is the worked example's optimized plan over a grid of reciprocity bounds and
trust levels (model.md section 8): small solves (tens of milliseconds each), so that
the benchmark measures the distribution rather than one long solve.
"""

from __future__ import annotations

import os
import time

from lockstep.sweeps import grid, run_sweep

#: ``LOCKSTEP_BENCH_QUICK=1``: a smaller sweep (CI's quick mode).
QUICK = os.environ.get("LOCKSTEP_BENCH_QUICK") == "1"


def _design() -> list:  # type: ignore[type-arg]
    taus = (20, 30, 40, 50, 60, 80, 100) if not QUICK else (30, 50, 100)
    sigmas = (0, 10, 25, 40, 50, 75, 100) if not QUICK else (25, 50)
    return grid([None], tau=taus, sigma_iran=sigmas, tranches=(False, True), sigma_us=(10, 40))


def _timed(workers: int, design: list) -> tuple[float, list]:  # type: ignore[type-arg]
    """Seconds of the sweep on a started cluster of ``workers`` processes (start excluded)."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: never a clash with another cluster
        silence_logs=logging.ERROR,
    ) as cluster:
        address = cluster.scheduler_address
        with Client(address) as client:  # import lockstep on every worker first
            client.run(lambda: __import__("lockstep.sweeps.solve"))
        start = time.perf_counter()
        rows = run_sweep(design, catalogue="worked_example", scheduler=address)
        return time.perf_counter() - start, rows


def main() -> list[tuple[str, float, str, str]]:
    design = _design()
    # Warm the workers' imports out of the measurement: a cluster's start is paid once.
    start = time.perf_counter()
    local = run_sweep(design, catalogue="worked_example", in_process=True)
    per_solve = (time.perf_counter() - start) / len(design)
    one, rows_one = _timed(1, design)
    two, rows_two = _timed(2, design)
    assert rows_one == rows_two == local, "rows differ between worker counts"
    estimate_100 = per_solve * len(design) / 100
    return [
        (f"sweep: {len(design)} solves, 1 worker", one, "s", "(report)"),
        (f"sweep: {len(design)} solves, 2 workers", two, "s", "(report)"),
        ("sweep: speed-up 1 -> 2 workers", one / two, "x", ">= 1.6"),
        ("sweep: one solve, in process", per_solve * 1e3, "ms", "(report)"),
        (
            f"sweep: estimate for {len(design)} solves on 100 workers (no start-up)",
            estimate_100,
            "s",
            "(estimate)",
        ),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
