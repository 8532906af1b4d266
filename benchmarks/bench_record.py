"""Speed of the record: loading (cold and cached) and ``state_at`` over every report date."""

from __future__ import annotations

import time

from benchmarks import scaled
from lockstep.record import clear_cache, load_record, state_at
from lockstep.record.load import packaged_rows
from lockstep.record.vocabulary import vocabulary


def _best(fn: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(scaled(repeat, 1)):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> list[tuple[str, float, str, str]]:
    def cold() -> None:
        packaged_rows.cache_clear()
        vocabulary.cache_clear()
        clear_cache()
        load_record(include_user=False)

    cold_s = _best(cold)
    load_record(include_user=False)
    cached_s = _best(lambda: load_record(include_user=False), repeat=50)
    load_record()
    cached_user_s = _best(lambda: load_record(), repeat=50)
    record = load_record(include_user=False)
    dates = record.report_dates()

    def history() -> None:
        for day in dates:
            state_at(day, record)

    history_s = _best(history, repeat=20)
    per_call_ms = history_s / len(dates) * 1e3
    return [
        ("record.load_cold", cold_s * 1e3, "ms", "< 500 ms"),
        ("record.load_cached", cached_s * 1e6, "us", "< 50 us"),
        ("record.load_cached_with_user_db", cached_user_s * 1e6, "us", "< 200 us"),
        ("record.state_at_per_call", per_call_ms, "ms", "< 1 ms"),
        (f"record.state_at_history_{len(dates)}_dates", history_s * 1e3, "ms", "< 50 ms"),
    ]


if __name__ == "__main__":
    for row in main():
        print(*row)
