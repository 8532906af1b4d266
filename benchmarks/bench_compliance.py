"""Speed of the compliance evaluation: a full daily timeline, and findings on one date.

Target (issue 5): a full timeline (every obligation, every party, 2015 to now, daily
resolution) in under 1 s. The evaluation computes each obligation's status at its change
points only, so the cold figure includes compiling every plan and track.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from benchmarks import scaled
from lockstep.agreement import load_agreement
from lockstep.compliance import clear_cache, evaluate, party_summary, timeline
from lockstep.record import load_record

START = dt.date(2015, 7, 14)


def _best(func: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``func()`` over ``repeat`` runs [s]."""
    best = float("inf")
    for _ in range(scaled(repeat, 1)):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> list[tuple[str, float, str, str]]:
    jcpoa = load_agreement("jcpoa")
    record = load_record(include_user=False)
    today = dt.date.today()
    days = (today - START).days + 1

    def cold_timeline() -> None:
        clear_cache()
        timeline(jcpoa, record, START, today)

    def daily_matrix() -> None:
        # Expand the intervals to one status per obligation per day.
        clear_cache()
        matrix: dict[str, list[str]] = {}
        for interval in timeline(jcpoa, record, START, today):
            matrix.setdefault(interval.obligation, []).extend([interval.status] * interval.days)
        assert all(len(lane) == days for lane in matrix.values())

    def cold_evaluate() -> None:
        clear_cache()
        evaluate(jcpoa, record, today)

    cold_s = _best(cold_timeline)
    matrix_s = _best(daily_matrix)
    timeline(jcpoa, record, START, today)
    warm_s = _best(lambda: timeline(jcpoa, record, START, today), repeat=20)
    cold_eval_s = _best(cold_evaluate)
    warm_eval_s = _best(lambda: evaluate(jcpoa, record, today), repeat=20)
    summary_s = _best(lambda: party_summary(jcpoa, record, today), repeat=10)
    cells = days * len(jcpoa.obligations)
    print(f"compliance: {len(jcpoa.obligations)} obligations x {days} days = {cells:,} cells")
    return [
        (
            "compliance: full daily timeline, cold (compile + tracks)",
            cold_s * 1e3,
            "ms",
            "< 1000 ms",
        ),
        (
            "compliance: daily status matrix (every obligation x day)",
            matrix_s * 1e3,
            "ms",
            "< 1000 ms",
        ),
        ("compliance: full daily timeline, warm", warm_s * 1e3, "ms", "< 100 ms"),
        ("compliance: evaluate(date), cold", cold_eval_s * 1e3, "ms", "< 1000 ms"),
        ("compliance: evaluate(date), warm", warm_eval_s * 1e3, "ms", "< 100 ms"),
        ("compliance: party_summary(date), warm", summary_s * 1e3, "ms", "< 200 ms"),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
