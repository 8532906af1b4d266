"""The planning problem for a date: measures generated from the gap, state from the record.

:func:`generated_problem` is the default path of ``lockstep plan``: the record's state on
``as_of`` (:func:`lockstep.record.state_at`), the target regime (agreement plus
overrides), the measures that close the gap between them (:func:`~lockstep.roadmap.gap.
measures_for`), each side's values from ``values.csv`` (or a user file), and the same
strategies, optimizer and evaluator as a hand-written catalogue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import (
    Catalogue,
    CatalogueSpec,
    InitialStateSpec,
    Lens,
    PlanDefaults,
)
from lockstep.roadmap.gap import measure_documents, measures_from_documents
from lockstep.roadmap.problem import Problem, build_problem
from lockstep.roadmap.rates import rate_table
from lockstep.roadmap.state import state_from_program_state
from lockstep.roadmap.target import TargetRegime, load_target
from lockstep.roadmap.values import load_values

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState

#: Horizon of a generated plan [days], as for the default catalogue: room for the slowest
#: strategy (step by step) on the largest gap.
GENERATED_HORIZON_DAYS = 540
#: Band of the symmetric ``sync`` strategy [points]: each side's progress stays within
#: it of the other side's verified progress (a judgement; vary it with a catalogue).
SYNC_BAND_POINTS = 25


def generated_catalogue(
    as_of: dt.date,
    *,
    target: TargetRegime | str | None = None,
    values: str | Path | None = None,
) -> tuple[Catalogue, TargetRegime, tuple[str, ...]]:
    """The catalogue of measures the gap on ``as_of`` requires.

    Parameters
    ----------
    as_of
        Day 0 of the plan.
    target
        Target regime (object or packaged name); ``jcpoa2015`` if None.
    values
        A CSV of values (``measure,lens,value,basis``) overriding ``values.csv``.

    Returns
    -------
    tuple
        The catalogue, the target and notes (e.g. what is in force but outside the target).

    Raises
    ------
    DataError
        When the state meets the target (nothing to plan) or a data file is malformed.
    """
    catalogue, regime, notes, _ = _build(as_of, target, values)
    return catalogue, regime, notes


def _build(
    as_of: dt.date,
    target: TargetRegime | str | None,
    values: str | Path | None,
) -> tuple[Catalogue, TargetRegime, tuple[str, ...], ProgramState]:
    from lockstep.record import state_at
    from lockstep.roadmap.catalogue_checks import check_catalogue

    regime = target if isinstance(target, TargetRegime) else load_target(target or "jcpoa2015")
    state = state_at(as_of)
    table = load_values(values)
    docs, notes = measure_documents(state, regime)
    measures = measures_from_documents(docs, table)
    if not measures:
        raise DataError(
            f"no gap on {as_of}: the state meets every obligation of target '{regime.id}' "
            "that the planner models; nothing to plan"
        )
    spec = CatalogueSpec(
        schema_version=1,
        id=f"gap-{as_of.isoformat()}",
        title=f"Return to {regime.title} from the record's state on {as_of}",
        description="measures generated from the gap (lockstep.roadmap.gap)",
        target=regime.id,
        day0=as_of,
        defaults=PlanDefaults(
            horizon_days=GENERATED_HORIZON_DAYS,
            tau=100,
            sigma_us=10,
            lens="us",
            sync_band=SYNC_BAND_POINTS,
        ),
        initial_state=InitialStateSpec(
            as_of=as_of, description=f"record, state at {as_of}", monitoring="none"
        ),
        measures=measures,
    )
    check_catalogue(spec, source=f"gap on {as_of}", lines={})
    return Catalogue(spec, f"gap on {as_of}"), regime, tuple(notes), state


def generated_problem(
    as_of: dt.date,
    *,
    lens: Lens | None = None,
    horizon_days: int | None = None,
    tranches: bool = False,
    target: TargetRegime | str | None = None,
    values: str | Path | None = None,
) -> Problem:
    """The planning problem for a return from the record's state on ``as_of``.

    Parameters
    ----------
    as_of
        Day 0 of the plan.
    lens, horizon_days, tranches
        As for :func:`~lockstep.roadmap.problem.build_problem`.
    target
        Target regime (object or packaged name); ``jcpoa2015`` if None.
    values
        A CSV of values overriding the packaged ``values.csv``.

    Raises
    ------
    DataError
        For a horizon below one day, a malformed values file, or a date without a gap.
    """
    if horizon_days is not None and horizon_days < 1:
        raise DataError(f"horizon: expected a number of days >= 1 (got {horizon_days})")
    catalogue, regime, notes, state = _build(as_of, target, values)
    initial = state_from_program_state(
        state,
        reinstall_days=round(rate_table()["reinstall_days"].value),
    )
    return build_problem(
        catalogue,
        lens=lens,
        horizon_days=horizon_days,
        tranches=tranches,
        initial=initial,
        day0=as_of,
        target=regime,
        notes=(
            f"measures generated from the gap between the record's state on {as_of} and "
            f"target '{regime.id}'",
            *notes,
        ),
    )


def problem_for(
    catalogue: str | None = None,
    as_of: dt.date | None = None,
    lens: str | None = None,
    horizon_days: int | None = None,
    tranches: bool = False,
    target: str | None = None,
    values: str | Path | None = None,
    assume_last_known: bool = False,
) -> Problem:
    """A planning problem: measures generated from the gap on a date, or a catalogue.

    Parameters
    ----------
    catalogue
        ``None`` (the default): the measures are generated from the gap between the
        record's state on ``as_of`` and the target (:func:`~lockstep.roadmap.generated.
        generated_problem`). Otherwise a packaged catalogue name (``default``,
        ``worked_example``) or a YAML path.
    as_of
        Day 0 of the plan; the initial state is the record's :func:`state_at` on that
        date. Generated plans default to today; a catalogue without it keeps its own
        initial state and day 0 (production rates and reinstall times always come from
        the catalogue).
    lens, horizon_days, tranches, target
        As for :func:`build_problem`.
    values
        A CSV (``measure,lens,value,basis``) overriding the packaged values of generated
        measures; a catalogue carries its own values.
    assume_last_known
        After the loss of IAEA access, take the last known figures as the state's
        breakout; without it breakout is ``unknown`` there, as in ``lockstep breakout``.

    Raises
    ------
    DataError
        For an unknown catalogue, a horizon below one day, or ``values`` with a catalogue.
    """
    # The record is imported only when a date asks for its state: a catalogue planned
    # from its own initial state (the worked example) never loads it.
    from lockstep.roadmap.catalogue_file import load_catalogue
    from lockstep.roadmap.state import state_from_program_state, state_from_spec

    if horizon_days is not None and horizon_days < 1:
        raise DataError(f"horizon: expected a number of days >= 1 (got {horizon_days})")
    if catalogue is None:
        from lockstep.record import state_at
        from lockstep.roadmap.breakout_time import with_breakout_status

        day = as_of or dt.date.today()
        generated = generated_problem(
            day,
            lens=lens,  # type: ignore[arg-type]
            horizon_days=horizon_days,
            tranches=tranches,
            target=target,
            values=values,
        )
        return with_breakout_status(generated, state_at(day), assume_last_known)
    if values is not None:
        raise DataError(
            "--values: applies to measures generated from the gap (no --catalogue); "
            f"catalogue '{catalogue}' carries its own values"
        )
    cat = load_catalogue(catalogue)
    notes: list[str] = []
    initial = None
    if as_of is not None:
        from lockstep.record import state_at

        spec_state = cat.spec.initial_state
        initial = state_from_program_state(
            state_at(as_of),
            production=state_from_spec(spec_state).production,
            reinstall_days=spec_state.reinstall_days,
        )
        notes.append(f"initial state from the record at {as_of}")
    problem = build_problem(
        cat,
        lens=lens,  # type: ignore[arg-type]
        horizon_days=horizon_days,
        tranches=tranches,
        initial=initial,
        day0=as_of,
        target=target,
        notes=tuple(notes),
    )
    if as_of is None:
        return problem
    from lockstep.record import state_at
    from lockstep.roadmap.breakout_time import with_breakout_status

    return with_breakout_status(problem, state_at(as_of), assume_last_known)
