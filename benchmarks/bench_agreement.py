"""Speed of loading agreements and of the queries compliance will call per date."""

from __future__ import annotations

import datetime as dt
import time
from importlib import resources

from benchmarks import scaled
from lockstep.agreement import agreement_json, load_agreement, parse_agreement


def _best(func, repeat: int = 5) -> float:
    """Best wall time of ``func()`` over ``repeat`` runs [s] (one run in quick mode)."""
    best = float("inf")
    for _ in range(scaled(repeat, 1)):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> list[tuple[str, float, str, str]]:
    text = resources.files("lockstep.data.agreements").joinpath("jcpoa.yaml").read_text("utf-8")
    parse_s = _best(lambda: parse_agreement(text, "jcpoa.yaml"))
    jcpoa = load_agreement("jcpoa")
    json_s = _best(lambda: agreement_json(jcpoa))
    dates = [dt.date(2015, 7, 1) + dt.timedelta(days=7 * i) for i in range(scaled(600, 100))]

    def scan() -> None:
        for day in dates:
            for obligation in jcpoa.active_obligations(day):
                jcpoa.limit_at(obligation, day)

    scan_s = _best(scan, repeat=3)
    return [
        ("agreement: parse+validate jcpoa.yaml", parse_s * 1e3, "ms", "< 250 ms"),
        ("agreement: JSON export (show --json)", json_s * 1e3, "ms", "< 50 ms"),
        (
            "agreement: active obligations + limits per date",
            scan_s / len(dates) * 1e3,
            "ms/date",
            "< 1 ms/date",
        ),
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
