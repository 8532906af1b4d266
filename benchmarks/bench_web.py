"""Web speed: API p95 under 50 concurrent clients on loopback, explorer round trips,
page weights, memory under load.

A real server (``python -m lockstep serve``, as ``make run`` starts it) runs in a
subprocess on a free port; 50 client threads each keep one HTTP/1.1 connection, accept
gzip like a browser and fire requests back to back. The main load asks for the state,
the compliance findings and the breakout on random dates from November 2013 to today
(issue 13: p95 < 100 ms); it starts once the server has warmed its day cache
(``/healthz``), and the server's resident memory is sampled while it runs.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from benchmarks import QUICK, scaled

CLIENTS = scaled(50, 5)
REQUESTS_PER_CLIENT = scaled(20, 4)
ENDPOINTS = {
    "state": "/api/state?as_of=2024-06-01",
    "compliance": "/api/compliance?as_of=2024-06-01",
    "breakout (cached)": "/api/breakout?as_of=2024-06-01&samples=10000",
}
PAGES = ["/", "/timeline", "/breakout", "/planner", "/agreement", "/data", "/docs"]


RANDOM_DATES = ("/api/state?as_of={}", "/api/compliance?as_of={}", "/api/breakout?as_of={}")
FIRST_DAY = dt.date(2013, 11, 14)
#: Seconds of random-date load (the memory check); ``LOCKSTEP_BENCH_SECONDS`` overrides.
LOAD_SECONDS = float(os.environ.get("LOCKSTEP_BENCH_SECONDS", scaled(300, 5)))
#: Growth of the server's resident memory allowed over the load, from the first sample
#: after the first tenth of it (caches filling, allocator arenas) to the last [MB]: the
#: day cache is warm before the load, so a steady server stays within allocator noise.
RSS_GROWTH_TARGET_MB = 20.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start() -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    db = tempfile.mkdtemp(prefix="lockstep-bench-")
    env = {**os.environ, "LOCKSTEP_DB": f"sqlite:///{db}/bench.db"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lockstep",
            "serve",
            "--no-summary",
            "--port",
            str(port),
            *(["--no-warm"] if QUICK else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def _load(port: int, path: str) -> list[float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(REQUESTS_PER_CLIENT):
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            assert response.status == 200, response.status
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _wait_warm(port: int, limit_s: float = 900) -> float:
    """Wait for the server's day cache to be warm; return the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
            if json.loads(r.read())["warm"]["passes"] >= 1:
                return time.monotonic() - start
        time.sleep(1)
    raise RuntimeError("the server did not finish warming")


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _random_dates_load(port: int, pid: int, seconds: float) -> tuple[list[float], int, list[float]]:
    """Latencies [s], non-200 answers and RSS samples [MB] of ``seconds`` of load."""
    span = (dt.date.today() - FIRST_DAY).days
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], 0
        while time.monotonic() < stop:
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
            path = rng.choice(RANDOM_DATES).format(day)
            start = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            bad += response.status != 200
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    memory = [_rss_mb(pid)]
    while any(t.is_alive() for t in threads):
        time.sleep(min(30.0, max(seconds / 10, 1.0)))
        memory.append(_rss_mb(pid))
    for thread in threads:
        thread.join()
    return latencies, errors, memory


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _percentile(values: list[float], q: int) -> float:
    """The q-th percentile (1..99) of ``values``."""
    return statistics.quantiles(values, n=100)[q - 1]


def _load_average() -> float:
    """The 1-minute load average (others share the machine: it says how quiet it was)."""
    return os.getloadavg()[0]


def _get(port: int, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        body = response.read()
    return time.perf_counter() - start, len(body)


def _warm_and_random_load(port: int, pid: int) -> list[tuple[str, float, str, str]]:
    rows = [("web: warming every day (background)", _wait_warm(port), "s", "(report)")]
    rows.append(("web: load average before the load (1 min)", _load_average(), "", "(report)"))
    latencies, errors, memory = _random_dates_load(port, pid, LOAD_SECONDS)
    rows.append(("web: load average after the load (1 min)", _load_average(), "", "(report)"))
    label = f"{CLIENTS} clients, random dates"
    rows.append((f"web: p50, {label}", _percentile(latencies, 50) * 1e3, "ms", "(report)"))
    rows.append((f"web: p95, {label}", _p95(latencies) * 1e3, "ms", "< 100 ms"))
    rows.append((f"web: p99, {label}", _percentile(latencies, 99) * 1e3, "ms", "(report)"))
    rows.append((f"web: throughput, {label}", len(latencies) / LOAD_SECONDS, "req/s", ""))
    rows.append((f"web: non-200 answers, {label}", errors, "count", "0"))
    # memory[0] is taken as the load starts, memory[1] after a tenth of it (at most 30 s).
    rows.append(("web: RSS at the start of the load", memory[0], "MB", "(report)"))
    rows.append(("web: RSS at the end of the load", memory[-1], "MB", "(report)"))
    growth = memory[-1] - memory[1]
    rows.append(
        (
            f"web: RSS growth over {LOAD_SECONDS:.0f} s of load",
            growth,
            "MB",
            f"< {RSS_GROWTH_TARGET_MB:.0f} MB",
        )
    )
    return rows


def main() -> list[tuple[str, float, str, str]]:
    process, port = _start()
    rows: list[tuple[str, float, str, str]] = []
    try:
        # Quick mode skips the warm day cache and the random-date load over it (minutes).
        if not QUICK:
            rows += _warm_and_random_load(port, process.pid)
        for name, path in ENDPOINTS.items():
            _get(port, path)  # warm the caches
            latencies = _load(port, path)
            rows.append(
                (f"web: {name} p95, {CLIENTS} clients", _p95(latencies) * 1e3, "ms", "< 50 ms")
            )
        # The explorer: a slider change is a new (uncached) query, rendered as a fragment.
        # A user moves a slider on a page already loaded: its templates are compiled and
        # its default answer computed (0.2 s that are the page's, not the change's).
        _get(port, "/breakout?as_of=2024-06-01")
        times = []
        for value in (3.0, 3.5, 4.0, 5.0, 6.0):
            elapsed, _ = _get(port, f"/fragments/breakout?as_of=2024-06-01&swu_ir6={value}")
            times.append(elapsed)
        rows.append(
            ("web: explorer change, fragment (max of 5)", max(times) * 1e3, "ms", "< 300 ms")
        )
        for path in PAGES:
            _get(port, path)
            elapsed, size = _get(port, path)
            rows.append((f"web: page weight {path}", size / 1024, "KiB", "-"))
        assets = sum(_get(port, f"/static/{name}")[1] for name in ("app.css", "app.js"))
        rows.append(("web: static assets (css + js)", assets / 1024, "KiB", "-"))
    finally:
        process.terminate()
        process.wait(timeout=20)
    return rows


if __name__ == "__main__":
    for row in main():
        print(row)
