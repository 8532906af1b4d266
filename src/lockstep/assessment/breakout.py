"""Breakout of Iran's program at a date: from a ``ProgramState`` to a breakout estimate.

Runs the pure engine (:func:`lockstep.physics.breakout.estimate`) on the stocks and
machines a :class:`~lockstep.record.model.ProgramState` and the options allow (chosen by
:mod:`lockstep.assessment.adapter`), and applies the rule for dates the IAEA could not
verify: after the loss of access in June 2025 the answer is ``unknown`` (with the last
known figures and their age) unless the user asks to assume the last known state, and
then the result says so. :mod:`lockstep.assessment.payload` is its JSON contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lockstep.assessment.adapter import (
    Inputs,
    covert_fleet,
    covert_note,
    has_machine_figures,
    last_known,
    select_inputs,
)
from lockstep.assessment.options import BreakoutOptions
from lockstep.physics.breakout import (
    BreakoutResult,
    Fleet,
    Stock,
    central_first_quantity_days,
    estimate,
)
from lockstep.record.model import ProgramState


@dataclass(frozen=True)
class BreakoutAssessment:
    """Breakout at a date (or of a scenario), with its status and provenance.

    Attributes
    ----------
    as_of
        The date assessed (None for a scenario without a date).
    status
        ``ok`` or ``unknown`` (no verified figures and no assumption to stand in).
    options
        The options used.
    result
        The engine's result; None when the status is ``unknown``.
    assumed_last_known
        True when the last known figures were assumed to still hold.
    last_known
        The figures behind the answer (or its absence), with their dates and age.
    notes
        Caveats: left-out inputs, the state's notes, assumptions made.
    label
        Scenario label, if any.
    context
        Extra state facts for the inputs (monitoring, verification, report).
    """

    as_of: dt.date | None
    status: Literal["ok", "unknown"]
    options: BreakoutOptions
    result: BreakoutResult | None
    assumed_last_known: bool
    last_known: dict[str, Any]
    notes: tuple[str, ...]
    label: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def assess_state(state: ProgramState, options: BreakoutOptions | None = None) -> BreakoutAssessment:
    """Breakout at ``state.as_of``.

    Parameters
    ----------
    state
        The program state (from ``lockstep.record.state_at`` or built by hand).
    options
        What to estimate (default :class:`BreakoutOptions`).

    Returns
    -------
    BreakoutAssessment
        Status ``unknown`` (no estimate) when the state is not verified and
        ``options.assume_last_known`` is false, or when the record has no centrifuge
        figure yet (and no covert plant is added).

    Raises
    ------
    InfeasibleError
        If no machine is selected or the stocks allowed cannot make one quantity.
    """
    options = options or BreakoutOptions()
    screened = screen_state(state, options)
    if isinstance(screened, BreakoutAssessment):
        return screened
    inputs = screened
    result = _run(inputs, options)
    assumed = not state.verified
    first = (_assumed_note(state),) if assumed else ()
    return _assessment(state, options, result, assumed, (*first, *inputs.notes, *result.notes))


def _assessment(
    state: ProgramState,
    options: BreakoutOptions,
    result: BreakoutResult | None,
    assumed: bool,
    notes: Sequence[str],
) -> BreakoutAssessment:
    """The assessment of ``state``: ``unknown`` without a result; the state's notes last."""
    return BreakoutAssessment(
        as_of=state.as_of,
        status="ok" if result is not None else "unknown",
        options=options,
        result=result,
        assumed_last_known=assumed,
        # An unknown answer gives the last known figures; an estimate only when assumed.
        last_known=last_known(state) if result is None or assumed else {},
        notes=(*notes, *state.notes),
        context={
            "monitoring": state.monitoring,
            "verified": state.verified,
            "report": getattr(state, "report", None),
            "state_notes": list(state.notes),
        },
    )


def _assumed_note(state: ProgramState) -> str:
    age = last_known(state)["oldest_figure_age_days"]
    return (
        "ASSUMED: the last known figures are taken to still hold; none is verified "
        f"at this date (oldest figure {age} days old)"
    )


def assessment_status(
    state: ProgramState, options: BreakoutOptions | None = None
) -> tuple[Literal["ok", "unknown"], str, bool]:
    """What :func:`assess_state` would answer about ``state``, without the estimate.

    The rule for ``unknown`` looks only at the state and the options, so callers that
    need the status alone (the planner, the point of no return on every date) do not
    run the engine for it.

    Returns
    -------
    (str, str, bool)
        ``ok`` or ``unknown``; the first note (why unknown, or the assumption made on
        an unverified date, or the first note on the inputs; may be empty); whether
        the last known figures are assumed.
    """
    options = options or BreakoutOptions()
    screened = screen_state(state, options)
    if isinstance(screened, BreakoutAssessment):
        return "unknown", screened.notes[0], screened.assumed_last_known
    if not state.verified:
        return "ok", _assumed_note(state), True
    return "ok", screened.notes[0] if screened.notes else "", False


def screen_state(state: ProgramState, options: BreakoutOptions) -> BreakoutAssessment | Inputs:
    """The ``unknown`` assessment of ``state`` if the rules give one, else its inputs."""

    def unknown(reason: str, *notes: str, assumed: bool = False) -> BreakoutAssessment:
        # Every "unknown" answer has the same shape: the reason first, then the notes.
        return _assessment(state, options, None, assumed, (reason, *notes))

    if not state.verified and not options.assume_last_known:
        return unknown(
            "no verified figures at this date: breakout is unknown; the last known "
            "figures and their age are given (use --assume-last-known to estimate "
            "with them)"
        )
    inputs = select_inputs(state, options)
    if options.covert is None and has_machine_figures(state) and not inputs.fleets:
        out = [f for f in getattr(state, "facilities", ()) if f.out_of_service]
        if out:
            # Every site with machines is recorded damaged or destroyed: no declared
            # capacity is known to remain, so the estimate needs an assumed plant.
            return unknown(
                "no declared enrichment capacity is known to remain: every site with "
                "machines in the record is damaged or destroyed ("
                + ", ".join(f"{f.site} {f.status}" for f in out)
                + "); assume a covert or undeclared plant (--covert) to estimate",
                *inputs.notes,
                assumed=not state.verified,
            )
    if options.covert is None and not has_machine_figures(state):
        # As in the history: before the record's first centrifuge figure breakout is
        # unknown (not "no machines"), whatever the output.
        return unknown(
            f"the record has no centrifuge figures on or before {state.as_of}: breakout "
            "is unknown; add a covert plant (--covert) or use a scenario file"
        )
    return inputs


def assess_inputs(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    options: BreakoutOptions | None = None,
    *,
    as_of: dt.date | None = None,
    label: str = "",
    notes: Sequence[str] = (),
) -> BreakoutAssessment:
    """Breakout of given stocks and fleets (a scenario), with the options' covert plant."""
    options = options or BreakoutOptions()
    chosen = list(fleets)
    sites = options.site_ids()
    if sites:
        chosen = [f for f in chosen if f.site in sites]
    if options.covert is not None:
        chosen.append(covert_fleet(options.covert, options.swu_overrides))
    allowed = list(stocks)
    if options.stocks is not None:
        allowed = [s for s in allowed if s.label in options.stocks]
    if options.covert is not None:
        notes = (*notes, covert_note(options.covert))
    inputs = Inputs(tuple(allowed), tuple(chosen), tuple(notes))
    result = _run(inputs, options)
    return BreakoutAssessment(
        as_of=as_of,
        status="ok",
        options=options,
        result=result,
        assumed_last_known=False,
        last_known={},
        notes=(*inputs.notes, *result.notes),
        label=label,
    )


def _run(inputs: Inputs, options: BreakoutOptions) -> BreakoutResult:
    return estimate(
        inputs.stocks,
        inputs.fleets,
        options.quantity,
        options.assumptions,
        model=options.model,
        samples=options.samples,
        seed=options.seed,
        n_quantities=options.n_quantities,
        months=options.months,
        sensitivity=options.sensitivity,
    )


def central_days_at(state: ProgramState, options: BreakoutOptions | None = None) -> float:
    """Days to the first quantity at ``state``, by the fast deterministic path [days].

    The same stocks and machines as :func:`assess_state` with the same options (default:
    those of ``lockstep breakout``), through
    :func:`lockstep.physics.breakout.central_first_quantity_days`; within 10 % of the
    ensemble's P50. It ignores ``options.model`` (always the default ensemble) and the
    verification rule: the caller decides what a state without verified figures means.

    Raises
    ------
    InfeasibleError
        If no machine is selected or the stocks allowed cannot make one quantity.
    """
    options = options or BreakoutOptions()
    inputs = select_inputs(state, options)
    return central_first_quantity_days(
        inputs.stocks, inputs.fleets, options.quantity, options.assumptions
    )
