"""Dashboard pages: how long a new planner question takes, and what each page weighs.

Targets (issue 13): a new planner question answers in under 1 s for every strategy the
form offers, the optimized (CP-SAT) ones included (the page's solve stops at
``Settings.planner_time_limit_ms`` and says whether its plan is proven optimal); the
comparison of every strategy and the decision frontier arrive as their own fragments;
pages stay light enough for a phone.
"""

from __future__ import annotations

import gzip
import statistics
import tempfile
import time

PAGES = ("/", "/timeline", "/breakout", "/planner", "/agreement", "/data", "/docs")
#: New planner questions: each differs from the ones before, so none is cached.
QUESTIONS = (
    "strategy=sync&tau=11",
    "strategy=step-by-step&tau=12",
    "strategy=iran-first&horizon=400",
    "strategy=us-first&lens=iran",
    "strategy=less-for-less&tranches=on",
    "strategy=sync&as_of=2024-06-01",
)
#: New optimized questions: before the page had its own limit, tau = 14 and 30 ran into
#: the 10 s CP-SAT limit (issue 13's "3.5 s for each new question" was the default one).
OPTIMIZED = (
    "strategy=optimized&horizon=530",
    "strategy=optimized&tau=14",
    "strategy=optimized&tau=30",
    "strategy=optimized&tau=30&as_of=2021-04-06",
    "strategy=optimized&tau=50&sigma_iran=0&as_of=2026-01-01",
)
#: The frontier's grid in quick mode (4 proven cells); the page's default grid otherwise.
QUICK_FRONTIER = "&tau=10,30&sigma_us=0,100&sigma_iran=100"


def main() -> list[tuple[str, float, str, str]]:
    """Planner timings and page weights (in process, through the ASGI app)."""
    from fastapi.testclient import TestClient

    import benchmarks
    from lockstep.web import Settings, create_app

    with tempfile.TemporaryDirectory() as folder:
        client = TestClient(
            create_app(Settings(db_url=f"sqlite:///{folder}/bench.db")), base_url="http://127.0.0.1"
        )
        headers = {"accept": "text/html"}
        client.get("/fragments/planner?strategy=sync", headers=headers)  # imports, warm-up
        times = []
        for query in QUESTIONS:
            start = time.perf_counter()
            response = client.get(f"/fragments/planner?{query}", headers=headers)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (query, response.text[:200])
        optimized = []
        for query in OPTIMIZED:
            start = time.perf_counter()
            response = client.get(f"/fragments/planner?{query}", headers=headers)
            optimized.append(time.perf_counter() - start)
            assert response.status_code == 200, (query, response.text[:200])
        frontier_query = "/fragments/planner/frontier?as_of=2021-04-06" + (
            QUICK_FRONTIER if benchmarks.QUICK else ""
        )
        start = time.perf_counter()
        assert client.get(frontier_query, headers=headers).status_code == 200
        frontier_first = time.perf_counter() - start
        start = time.perf_counter()
        client.get(frontier_query, headers=headers)
        frontier_again = time.perf_counter() - start
        start = time.perf_counter()
        client.get("/fragments/planner/compare?horizon=401", headers=headers)
        compare = time.perf_counter() - start
        rows = [
            ("planner new question, median", statistics.median(times), "s", "< 1 s"),
            ("planner new question, max", max(times), "s", "< 1 s"),
            ("planner new optimized question, median", statistics.median(optimized), "s", "< 1 s"),
            ("planner new optimized question, max", max(optimized), "s", "< 1 s"),
            ("planner comparison fragment (all strategies)", compare, "s", "arrives after"),
            ("planner frontier fragment, first visit of a date", frontier_first, "s", ""),
            ("planner frontier fragment, cached", frontier_again, "s", "< 100 ms"),
        ]
        for path in PAGES:
            body = client.get(path, headers=headers).content
            rows.append((f"page {path} HTML", len(body) / 1024, "KiB", ""))
            rows.append((f"page {path} HTML gzip", len(gzip.compress(body)) / 1024, "KiB", ""))
        html = client.get("/", headers=headers).text
        vendor = html.split('<script src="')[1].split('"')[0]
        bundle = client.get(vendor).content
        rows.append(("Vega bundle", len(bundle) / 1024, "KiB", "once, cached a year"))
        rows.append(("Vega bundle gzip", len(gzip.compress(bundle)) / 1024, "KiB", "sent"))
        for name, seconds in zip(QUESTIONS + OPTIMIZED, times + optimized, strict=True):
            print(f"planner {name}: {seconds:.3f} s")
        return rows


if __name__ == "__main__":
    for row in main():
        print(row)
