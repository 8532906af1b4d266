"""Interactive what-if settings (the dashboard's breakout explorer) as breakout options.

The explorer moves the *central* value of an uncertain input; the range around it keeps
the shape of the default distribution, so a user shifting a slider changes what they
mean to change and nothing else:

- per-model output: the catalogue's triangular (low, mode, high) is scaled by
  ``new_mode / mode`` (relative uncertainty kept);
- cascade effectiveness: the default (0.5, 0.65, 0.8) is shifted to the new mode and
  clipped to (0, 1];
- set-up days: the default (2, 7, 14) is scaled by ``new_mode / 7`` (a zero mode gives
  no set-up at all).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from lockstep.assessment.options import BreakoutOptions
from lockstep.errors import DomainError
from lockstep.physics.breakout import Distribution, swu_distribution
from lockstep.physics.breakout.inputs import DEFAULT_EFFECTIVENESS, DEFAULT_SETUP_DAYS

#: Models whose output the explorer exposes.
EXPLORER_MODELS: tuple[str, ...] = ("IR-1", "IR-2m", "IR-4", "IR-6")


def _scaled(base: Distribution, mode: float, source: str) -> Distribution:
    if base.mode == 0:
        return Distribution.fixed(mode, source)
    factor = mode / base.mode
    if base.kind == "fixed":
        return Distribution.fixed(mode, source)
    return Distribution.triangular(base.low * factor, mode, base.high * factor, source)


def explorer_options(
    base: BreakoutOptions,
    *,
    effectiveness: float | None = None,
    setup_days: float | None = None,
    swu_per_machine_year: Mapping[str, float] | None = None,
) -> BreakoutOptions:
    """Options with the explorer's central values applied.

    Parameters
    ----------
    base
        Options to start from.
    effectiveness
        Central cascade effectiveness [unitless], 0 < x <= 1.
    setup_days
        Central set-up time per step [days], >= 0.
    swu_per_machine_year
        Central output by model [kg-SWU per machine-year], > 0.

    Returns
    -------
    BreakoutOptions
        ``base`` with the assumptions and output overrides replaced.
    """
    assumptions = base.assumptions
    label = "explorer setting (user's choice)"
    if effectiveness is not None:
        if not 0 < effectiveness <= 1:
            raise DomainError("effectiveness", "a fraction with 0 < x <= 1", value=effectiveness)
        half = (DEFAULT_EFFECTIVENESS.high - DEFAULT_EFFECTIVENESS.low) / 2
        low = max(effectiveness - half, 0.01)
        high = min(effectiveness + half, 1.0)
        assumptions = dataclasses.replace(
            assumptions,
            effectiveness=Distribution.triangular(
                low, effectiveness, max(high, effectiveness), label
            ),
        )
    if setup_days is not None:
        if not setup_days >= 0:
            raise DomainError("setup_days", "a number of days >= 0", value=setup_days)
        assumptions = dataclasses.replace(
            assumptions, setup_days=_scaled(DEFAULT_SETUP_DAYS, setup_days, label)
        )
    overrides = dict(base.swu_overrides)
    for model, mode in (swu_per_machine_year or {}).items():
        if not mode > 0:
            raise DomainError(f"swu_{model}", "an output > 0 SWU per machine-year", value=mode)
        overrides[model] = _scaled(swu_distribution(model), mode, label)
    return dataclasses.replace(base, assumptions=assumptions, swu_overrides=overrides)
