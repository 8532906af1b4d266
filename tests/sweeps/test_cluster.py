"""Sweeps on real Dask clusters: the same rows whatever runs them; a lost worker costs
only its chunks; a rerun resumes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lockstep.sweeps import grid, run_sweep
from lockstep.sweeps.run import read_table

pytestmark = pytest.mark.dask

DESIGN = grid([None], tau=(28, 45, 50, 60), sigma_iran=(25, 50), tranches=(False, True))


@pytest.fixture(scope="module")
def local_rows() -> list[dict[str, object]]:
    return run_sweep(DESIGN, catalogue="worked_example", in_process=True)


def test_cluster_rows_equal_the_local_run(
    dask_scheduler: str, local_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    out = tmp_path / "sweep.parquet"
    rows = run_sweep(DESIGN, catalogue="worked_example", scheduler=dask_scheduler, out=out)
    assert rows == local_rows
    assert read_table(out) == local_rows
    assert len(list((tmp_path / "sweep.parquet.parts").iterdir())) == len(DESIGN) // 4


@pytest.mark.slow
def test_local_cluster_rows_equal_the_local_run(local_rows: list[dict[str, object]]) -> None:
    rows = run_sweep(DESIGN, catalogue="worked_example", workers=2, in_process=False)
    assert rows == local_rows


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _dask(*args: str) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).with_name("dask")), *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
def test_a_killed_worker_costs_only_its_chunks_and_a_rerun_resumes(
    dask_scheduler: str, local_rows: list[dict[str, object]], tmp_path: Path
) -> None:
    # A cluster of its own, so that killing a worker leaves the shared one alone.
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
    try:
        for n in (1, 2):
            processes.append(
                _dask(
                    "worker",
                    address,
                    "--host",
                    "127.0.0.1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--name",
                    f"doomed-{n}",
                )
            )
        out = tmp_path / "sweep.csv"
        parts = tmp_path / "sweep.csv.parts"
        rows: list[dict[str, object]] = []
        runner = threading.Thread(
            target=lambda: rows.extend(
                run_sweep(
                    DESIGN, catalogue="worked_example", scheduler=address, out=out, chunk_size=1
                )
            )
        )
        runner.start()
        deadline = time.monotonic() + 300
        while not (parts.exists() and any(parts.iterdir())):
            assert time.monotonic() < deadline, "no chunk finished"
            time.sleep(0.05)
        os.kill(processes[1].pid, signal.SIGKILL)  # a worker lost mid-sweep
        runner.join(timeout=300)
        assert not runner.is_alive()
        assert rows == local_rows
        assert len(list(parts.iterdir())) == len(DESIGN)
    finally:
        for process in processes:
            process.kill()
            process.wait()
    # Everything is on disk: a rerun solves nothing and gives the same table.
    seen = []
    again = run_sweep(
        DESIGN, catalogue="worked_example", out=out, chunk_size=1, on_progress=seen.append
    )
    assert again == local_rows
    assert seen[-1].skipped == len(DESIGN)
