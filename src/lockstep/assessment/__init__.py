"""Assessments of Iran's program: breakout at a date, of a scenario, and over history.

Builds on the record (``lockstep.record``: the program state at a date) and the physics
(``lockstep.physics.breakout``: the engine). See ``docs/breakout.md``.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.assessment.adapter import (
        fleets_from_figures,
        fleets_from_state,
        stocks_from_state,
    )
    from lockstep.assessment.breakout import (
        BreakoutAssessment,
        assess_inputs,
        assess_state,
        assessment_status,
        central_days_at,
    )
    from lockstep.assessment.history import (
        ERAS,
        HistoryPoint,
        era_of,
        history,
        history_from_states,
        history_rows,
    )
    from lockstep.assessment.options import (
        KNOWN_SITES,
        MACHINE_COUNTS,
        SITE_ALIASES,
        BreakoutOptions,
        CovertPlant,
        resolve_sites,
    )
    from lockstep.assessment.payload import payload
    from lockstep.assessment.scenario import (
        Scenario,
        assess_scenario,
        load_scenario,
        parse_scenario,
    )

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "ERAS",
    "KNOWN_SITES",
    "MACHINE_COUNTS",
    "SITE_ALIASES",
    "BreakoutAssessment",
    "BreakoutOptions",
    "CovertPlant",
    "HistoryPoint",
    "Scenario",
    "assess_inputs",
    "assess_scenario",
    "assess_state",
    "assessment_status",
    "central_days_at",
    "era_of",
    "fleets_from_figures",
    "fleets_from_state",
    "history",
    "history_from_states",
    "history_rows",
    "load_scenario",
    "parse_scenario",
    "payload",
    "resolve_sites",
    "stocks_from_state",
]
