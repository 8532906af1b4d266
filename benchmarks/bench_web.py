"""Web speed: API p95 under 50 concurrent clients on loopback, explorer round trips,
page weights.

A real server (``python -m lockstep serve``) runs in a subprocess on a free port; 50
client threads each keep one HTTP/1.1 connection and fire requests back to back.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from benchmarks import scaled

CLIENTS = scaled(50, 5)
REQUESTS_PER_CLIENT = scaled(20, 4)
ENDPOINTS = {
    "state": "/api/state?as_of=2024-06-01",
    "compliance": "/api/compliance?as_of=2024-06-01",
    "breakout (cached)": "/api/breakout?as_of=2024-06-01&samples=10000",
}
PAGES = ["/", "/timeline", "/breakout", "/planner", "/agreement", "/data", "/docs"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start() -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    db = tempfile.mkdtemp(prefix="lockstep-bench-")
    env = {**os.environ, "LOCKSTEP_DB": f"sqlite:///{db}/bench.db"}
    process = subprocess.Popen(
        [sys.executable, "-m", "lockstep", "serve", "--no-summary", "--port", str(port)],
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


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _get(port: int, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        body = response.read()
    return time.perf_counter() - start, len(body)


def main() -> list[tuple[str, float, str, str]]:
    process, port = _start()
    rows: list[tuple[str, float, str, str]] = []
    try:
        for name, path in ENDPOINTS.items():
            _get(port, path)  # warm the caches
            latencies = _load(port, path)
            rows.append(
                (f"web: {name} p95, {CLIENTS} clients", _p95(latencies) * 1e3, "ms", "< 50 ms")
            )
        # The explorer: a slider change is a new (uncached) query, rendered as a fragment.
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
