"""Sanctions measures in force at a date, computed from the events' ``measure``/``effect``.

A measure is in force after an event whose effect is ``imposed``, ``reimposed`` or
``maintained`` and until a later event lifts, waives, suspends it or lets it expire
(``vocabulary.yaml``). Nothing here is hard-coded: a new event changes the answer.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lockstep.record.model import Event
from lockstep.record.vocabulary import vocabulary


@dataclass(frozen=True)
class MeasureChange:
    """One change of one measure."""

    date: dt.date
    measure: str
    effect: str
    in_force: bool
    event: Event


class SanctionsTimeline:
    """Per-measure history of changes, for fast look-ups by date.

    Parameters
    ----------
    events
        Events of the record; those without a measure are ignored.
    """

    def __init__(self, events: Iterable[Event]) -> None:
        effects = vocabulary().effects
        changes: dict[str, list[MeasureChange]] = {}
        for event in sorted(events, key=lambda e: (e.date, e.id)):
            if event.effect is None:
                continue
            for measure in event.measures:
                changes.setdefault(measure, []).append(
                    MeasureChange(event.date, measure, event.effect, effects[event.effect], event)
                )
        self._changes = changes
        self._dates = {m: [c.date for c in cs] for m, cs in changes.items()}

    @property
    def measures(self) -> tuple[str, ...]:
        """Measures with at least one change, sorted."""
        return tuple(sorted(self._changes))

    def last_change(self, measure: str, date: dt.date) -> MeasureChange | None:
        """The latest change of ``measure`` on or before ``date``."""
        index = bisect.bisect_right(self._dates.get(measure, []), date)
        return self._changes[measure][index - 1] if index else None

    def in_force(self, date: dt.date) -> tuple[MeasureChange, ...]:
        """The last change of each measure in force on ``date``, sorted by measure."""
        result = []
        for measure in self.measures:
            change = self.last_change(measure, date)
            if change is not None and change.in_force:
                result.append(change)
        return tuple(result)

    def history(self, measure: str) -> tuple[MeasureChange, ...]:
        """Every change of ``measure``, oldest first."""
        return tuple(self._changes.get(measure, ()))
