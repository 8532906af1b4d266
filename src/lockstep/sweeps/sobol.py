"""Sobol' indices of breakout on a date, the design's rows shared out on Dask.

The indices are those of :mod:`lockstep.physics.breakout.sobol` (the ensemble's inputs
and structure, Saltelli's design, SALib's estimators); the inputs are those of
``lockstep breakout`` on the date (:func:`lockstep.assessment.assess_state`: the same
stocks, machines and rule for dates without verification). The design's rows are cut
into chunks of :data:`CHUNK_ROWS`, one Dask task each, on a local cluster, a real
scheduler or, for a small design, in this process; rows are independent and the chunks
fixed, so the indices are the same whatever the number of workers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from lockstep.errors import InfeasibleError

if TYPE_CHECKING:
    from lockstep.assessment import BreakoutOptions
    from lockstep.physics._checks import FloatArray
    from lockstep.physics.breakout import Assumptions, Fleet, Percentiles, Quantity, Stock
    from lockstep.physics.breakout.sobol import EnsembleFactors, SobolIndex
    from lockstep.record.model import ProgramState

#: Design rows per Dask task [count]: about 0.1 s of ensemble evaluation, a few MB.
CHUNK_ROWS = 16_384
#: Designs up to this many rows run in this process without ``scheduler`` (a local
#: cluster's start costs seconds; the ensemble evaluates ~10^5 rows a second) [count].
IN_PROCESS_ROWS = 65_536
#: What the indices are of (the key of the breakout JSON with the same quantity).
OUTPUT = "first_quantity_days"


@dataclass(frozen=True)
class SobolInputs:
    """Everything a worker needs to evaluate design rows (picklable).

    Attributes
    ----------
    stocks, fleets, quantity, assumptions
        The engine's inputs on the date.
    factors
        The design's factors (:func:`~lockstep.physics.breakout.sobol.ensemble_factors`).
    """

    stocks: tuple[Stock, ...]
    fleets: tuple[Fleet, ...]
    quantity: Quantity
    assumptions: Assumptions
    factors: EnsembleFactors


def days_of_chunk(inputs: SobolInputs, rows: FloatArray) -> FloatArray:
    """Days to the first quantity at each row of a chunk (one Dask task) [days]."""
    from lockstep.physics.breakout.sobol import days_at_rows

    return days_at_rows(
        inputs.stocks, inputs.fleets, inputs.quantity, inputs.assumptions, inputs.factors, rows
    )


@dataclass(frozen=True)
class SobolResult:
    """Sobol' indices of the days to the first quantity on a date.

    Attributes
    ----------
    as_of
        The date (None for given inputs).
    n
        Base points of the design [count].
    seed
        Seed of the design's scrambling and of the bootstrap.
    quantity
        The quantity of concern.
    indices
        One per factor, largest total index first.
    samples_evaluated
        Rows of the design, each one ensemble evaluation: ``n (D + 2)`` [count].
    structures
        The structures drawn and their weights.
    first_quantity_days
        P10/P50/P90 of the days over the design's A and B points (2n draws of the
        ensemble's joint distribution) [days].
    notes
        The assessment's notes (inputs left out, assumptions).
    """

    as_of: dt.date | None
    n: int
    seed: int
    quantity: Quantity
    indices: tuple[SobolIndex, ...]
    samples_evaluated: int
    structures: tuple[tuple[str, float], ...]
    first_quantity_days: Percentiles
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``lockstep breakout --sobol N --json`` document (docs/breakout.md)."""
        from lockstep.physics.breakout.sobol import CONF_LEVEL, RESAMPLES

        q = self.quantity
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "output": OUTPUT,
            "output_label": (
                f"days to the first quantity ({q.name}: {q.mass_kg_u:.4g} kg U at "
                f"{q.assay * 100:g} %)"
            ),
            "quantity": q.name,
            "n": self.n,
            "samples_evaluated": self.samples_evaluated,
            "seed": self.seed,
            "conf_level": CONF_LEVEL,
            "bootstrap_resamples": RESAMPLES,
            "method": "Saltelli design on a scrambled Sobol' sequence; SALib first-order "
            "and total indices with bootstrap confidence intervals",
            "structures": [{"name": name, "weight": w} for name, w in self.structures],
            "sobol": [i.to_json() for i in self.indices],
            "sum_s1": round(sum(i.s1 for i in self.indices), 4),
            "first_quantity_days": {
                "p10": round(self.first_quantity_days.p10, 1),
                "p50": round(self.first_quantity_days.p50, 1),
                "p90": round(self.first_quantity_days.p90, 1),
            },
            "notes": list(self.notes),
        }


def _chunks(rows: FloatArray, size: int) -> list[FloatArray]:
    return [rows[i : i + size] for i in range(0, rows.shape[0], size)]


def sobol_of_inputs(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    quantity: Quantity,
    assumptions: Assumptions,
    n: int,
    *,
    seed: int = 0,
    as_of: dt.date | None = None,
    notes: Sequence[str] = (),
    scheduler: str | None = None,
    workers: int | None = None,
    in_process: bool | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> SobolResult:
    """Sobol' indices of the ensemble's days to the first quantity for given inputs.

    Parameters
    ----------
    stocks, fleets, quantity, assumptions
        The engine's inputs.
    n
        Base points of the design, a power of two from 16 to 65,536 [count].
    seed
        Seed of the design's scrambling and of the bootstrap, >= 0.
    as_of, notes
        Carried into the result.
    scheduler
        A running Dask scheduler (``tcp://host:8786``); None for a local cluster, or
        this process for a design of at most :data:`IN_PROCESS_ROWS` rows.
    workers
        Processes of the local cluster (default: one per core).
    in_process
        Force (True) or forbid (False) evaluating in this process.
    chunk_rows
        Rows per Dask task.

    Raises
    ------
    DomainError
        For a bad ``n`` or an unreachable scheduler.
    InfeasibleError
        When a sample never makes a quantity, or the days do not vary.
    """
    from lockstep.physics.breakout import Percentiles
    from lockstep.physics.breakout.sobol import (
        check_n,
        ensemble_factors,
        sobol_indices,
        sobol_rows,
    )

    check_n(n)
    factors = ensemble_factors(stocks, fleets, assumptions)
    inputs = SobolInputs(tuple(stocks), tuple(fleets), quantity, assumptions, factors)
    rows = sobol_rows(factors, n, seed)
    chunks = _chunks(rows, chunk_rows)
    local = (
        in_process
        if in_process is not None
        else (not scheduler and rows.shape[0] <= IN_PROCESS_ROWS)
    )
    if local:
        days = np.concatenate([days_of_chunk(inputs, chunk) for chunk in chunks])
    else:
        from lockstep.sweeps.run import dask_client

        with dask_client(scheduler, workers) as client:
            futures = [
                client.submit(days_of_chunk, inputs, chunk, pure=False, retries=1)
                for chunk in chunks
            ]
            days = np.concatenate(client.gather(futures))
    d = len(factors.names)
    ends = days.reshape(n, d + 2)[:, [0, d + 1]].ravel()
    return SobolResult(
        as_of=as_of,
        n=n,
        seed=seed,
        quantity=quantity,
        indices=sobol_indices(factors, days, seed),
        samples_evaluated=int(rows.shape[0]),
        structures=factors.structures,
        first_quantity_days=Percentiles.of(ends),
        notes=tuple(notes),
    )


def sobol_on(
    state: ProgramState,
    n: int,
    options: BreakoutOptions | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    in_process: bool | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> SobolResult:
    """Sobol' indices of breakout on ``state.as_of``: the inputs of ``lockstep breakout``.

    ``options`` as for :func:`lockstep.assessment.assess_state` (its ``seed`` seeds the
    design; ``model`` must be ``ensemble``); the rest as :func:`sobol_of_inputs`.

    Raises
    ------
    InfeasibleError
        When breakout is unknown on the date (no verified figures and no assumption
        that the last known ones hold, or no centrifuge figure), or as
        :func:`sobol_of_inputs`.
    """
    from lockstep.assessment import BreakoutOptions, assess_state
    from lockstep.errors import DomainError
    from lockstep.physics.breakout.sobol import check_n

    check_n(n)
    options = options or BreakoutOptions()
    if options.model != "ensemble":
        raise DomainError("--model", f"ensemble for Sobol' indices (got {options.model!r})")
    # The assessment's own rule for the date, and its stocks and machines, from a small
    # run: one model of the inputs, whatever the question.
    probe = assess_state(
        state,
        dataclasses.replace(options, samples=64, sensitivity=False, n_quantities=1, months=1),
    )
    if probe.result is None:
        raise InfeasibleError(f"{state.as_of}: {probe.notes[0]}")
    return sobol_of_inputs(
        probe.result.stocks,
        probe.result.fleets,
        options.quantity,
        options.assumptions,
        n,
        seed=options.seed,
        as_of=state.as_of,
        notes=probe.notes,
        scheduler=scheduler,
        workers=workers,
        in_process=in_process,
        chunk_rows=chunk_rows,
    )
