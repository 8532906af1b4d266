"""Sobol' indices of breakout on Dask: the same indices with 0, 1 or 2 workers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lockstep.record import state_at
from lockstep.sweeps.sobol import sobol_on

pytestmark = pytest.mark.dask

#: Rows per task small enough that two workers share a 64-point design (1,280 rows).
CHUNK = 97


@pytest.fixture(scope="module")
def in_process() -> dict[str, Any]:
    return sobol_on(state_at(dt.date(2023, 6, 1)), 64, in_process=True).to_json()


def test_a_real_cluster_gives_the_in_process_indices(
    dask_scheduler: str, in_process: dict[str, Any]
) -> None:
    result = sobol_on(state_at(dt.date(2023, 6, 1)), 64, scheduler=dask_scheduler, chunk_rows=CHUNK)
    assert result.to_json() == in_process
    assert in_process["samples_evaluated"] > 10 * CHUNK  # many tasks, both workers


@pytest.mark.slow
def test_one_local_worker_gives_the_same_indices(in_process: dict[str, Any]) -> None:
    result = sobol_on(
        state_at(dt.date(2023, 6, 1)), 64, workers=1, in_process=False, chunk_rows=CHUNK
    )
    assert result.to_json() == in_process
