"""Run a sweep on Dask: in process, on a local cluster, or on a real scheduler.

The choices are cut into chunks; each chunk is one task and, when an output file is
given, is written next to it (``FILE.parts/``) as soon as it finishes, so that a rerun
skips what is done and a lost worker costs only the chunks it held (Dask hands them to
another worker). Every solve is deterministic with one solver thread, so the rows are
the same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lockstep.errors import DomainError
from lockstep.sweeps.design import COLUMNS, Choice
from lockstep.sweeps.solve import TIME_LIMIT_S, solve_chunk

#: Solves below which a sweep runs in this process (a cluster's start costs seconds).
IN_PROCESS_BELOW = 12
#: Choices per task: small enough to spread over workers, large enough that the cost of
#: a task (a few milliseconds) stays small against the solves (0.03-10 s each).
CHUNK_SIZE = 4


@dataclass
class SweepProgress:
    """How far a sweep got (for a progress bar).

    Attributes
    ----------
    total
        Solves in the sweep [count].
    done
        Solves finished, skipped ones included [count].
    skipped
        Solves found done by an earlier run [count].
    started
        When the run began (``time.monotonic``) [s].
    """

    total: int
    done: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        """Solves per second in this run [1/s]."""
        elapsed = time.monotonic() - self.started
        return (self.done - self.skipped) / elapsed if elapsed > 0 else 0.0

    def left_s(self) -> float | None:
        """Estimated seconds left, or None before the first solve [s]."""
        rate = self.rate()
        return (self.total - self.done) / rate if rate > 0 else None


def chunks_of(choices: Sequence[Choice], size: int = CHUNK_SIZE) -> list[list[Choice]]:
    """``choices`` cut into consecutive chunks of ``size`` (the last may be shorter)."""
    return [list(choices[i : i + size]) for i in range(0, len(choices), size)]


def _chunk_name(chunk: Sequence[Choice], catalogue: str | None) -> str:
    text = json.dumps([catalogue, *[c.as_row() for c in chunk]], sort_keys=True, default=str)
    return "chunk-" + hashlib.sha256(text.encode()).hexdigest()[:16] + ".json"


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A Dask client on ``scheduler``, or on a local cluster of ``workers`` processes."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise DomainError(
                "--scheduler", f"a reachable Dask scheduler (tcp://host:port): {exc}"
            ) from None
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never a clash with another cluster
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def run_sweep(
    choices: Sequence[Choice],
    *,
    out: Path | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    catalogue: str | None = None,
    time_limit_s: float = TIME_LIMIT_S,
    chunk_size: int = CHUNK_SIZE,
    in_process: bool | None = None,
    on_progress: Callable[[SweepProgress], None] | None = None,
) -> list[dict[str, Any]]:
    """Solve every choice and return the rows in the order of ``choices``.

    Parameters
    ----------
    choices
        The design (:func:`~lockstep.sweeps.design.grid` or ``sampled``).
    out
        Table to write (``.parquet`` or ``.csv``); its chunks go to ``OUT.parts/`` as
        they finish, and a rerun with the same ``out`` skips the chunks found there.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); ``None`` for a local
        cluster (or this process, for a sweep of fewer than :data:`IN_PROCESS_BELOW`).
    workers
        Processes of the local cluster (default: one per core).
    catalogue, time_limit_s
        As for :func:`~lockstep.sweeps.solve.solve`.
    chunk_size
        Choices per task.
    in_process
        Force (True) or forbid (False) solving in this process.
    on_progress
        Called after each chunk with the progress so far.

    Returns
    -------
    list of dict
        One row per choice, columns :data:`~lockstep.sweeps.design.COLUMNS`.

    Raises
    ------
    DomainError
        For an output that is neither .parquet nor .csv, or an unreachable scheduler.
    """
    if out is not None and out.suffix not in (".parquet", ".csv"):
        raise DomainError("-o", f"a .parquet or .csv file (got {out.name!r})")
    parts = out.with_name(out.name + ".parts") if out is not None else None
    if parts is not None:
        parts.mkdir(parents=True, exist_ok=True)
    chunks = chunks_of(choices, chunk_size)
    names = [_chunk_name(chunk, catalogue) for chunk in chunks]
    results: dict[int, list[dict[str, Any]]] = {}
    progress = SweepProgress(total=len(choices))
    for index, name in enumerate(names):
        if parts is not None and (parts / name).exists():
            results[index] = json.loads((parts / name).read_text(encoding="utf-8"))
            progress.done += len(chunks[index])
            progress.skipped += len(chunks[index])
    todo = [i for i in range(len(chunks)) if i not in results]

    def finished(index: int, rows: list[dict[str, Any]]) -> None:
        results[index] = rows
        if parts is not None:
            _write_atomic(parts / names[index], json.dumps(rows).encode())
        progress.done += len(rows)
        if on_progress is not None:
            on_progress(progress)

    if on_progress is not None:
        on_progress(progress)
    solves = sum(len(chunks[i]) for i in todo)
    local = in_process if in_process is not None else (not scheduler and solves < IN_PROCESS_BELOW)
    if todo and local:
        for index in todo:
            finished(index, solve_chunk(chunks[index], catalogue, time_limit_s))
    elif todo:
        from distributed import as_completed

        with dask_client(scheduler, workers) as client:
            futures = {
                client.submit(
                    solve_chunk, chunks[i], catalogue, time_limit_s, pure=False, retries=1
                ): i
                for i in todo
            }
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                finished(futures[future], future.result())
    rows = [row for index in range(len(chunks)) for row in results[index]]
    if out is not None:
        write_table(rows, out)
    return rows


def write_table(rows: Sequence[dict[str, Any]], path: Path) -> None:
    """Write the sweep's rows to ``path`` (.parquet or .csv), whole or not at all."""
    import pyarrow as pa

    schema = pa.schema(
        [
            ("as_of", pa.string()),
            ("tau", pa.int64()),
            ("sigma_us", pa.int64()),
            ("sigma_iran", pa.int64()),
            ("tranches", pa.bool_()),
            ("policy", pa.string()),
            ("lens", pa.string()),
            ("strategy", pa.string()),
            ("feasible", pa.bool_()),
            ("t_full_days", pa.int64()),
            ("exposure_iran", pa.int64()),
            ("exposure_us", pa.int64()),
            ("breakout_start_days", pa.float64()),
            ("reason", pa.string()),
            ("solver_status", pa.string()),
        ]
    )
    assert tuple(schema.names) == COLUMNS
    table = pa.Table.from_pylist([{k: r.get(k) for k in COLUMNS} for r in rows], schema=schema)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, temporary)
    else:
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, temporary)
    temporary.replace(path)


def read_table(path: Path) -> list[dict[str, Any]]:
    """The rows of a sweep table written by :func:`write_table`."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(path).to_pylist())
    import pyarrow.csv as pacsv

    return list(pacsv.read_csv(path).to_pylist())
