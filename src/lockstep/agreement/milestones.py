"""Resolving milestones to dates: fixed dates, offsets, "whichever is earlier".

A milestone resolves to

* its fixed ``date`` if it has one (checked against its ``offset`` if it has both);
* otherwise ``offset.from`` + years + months + days, if the base milestone resolves;
* then, if ``or_earlier`` names milestones that resolve to earlier dates, the earliest.

A milestone with no date and no offset (a condition that never occurred, such as the
IAEA Broader Conclusion) resolves to None, as does one whose base is unresolved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


# The rules need only these attributes; reading them through protocols keeps this module
# below the schema (the schema resolves its dates here, never the other way round).
class Offset(Protocol):
    """What a milestone offset gives: a base milestone plus years, months and days."""

    @property
    def from_(self) -> str: ...  # noqa: D102
    @property
    def years(self) -> int: ...  # noqa: D102
    @property
    def months(self) -> int: ...  # noqa: D102
    @property
    def days(self) -> int: ...  # noqa: D102


class Milestone(Protocol):
    """What a milestone definition gives: id, fixed date, offset and earlier alternatives."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def date(self) -> dt.date | None: ...  # noqa: D102
    @property
    def offset(self) -> Offset | None: ...  # noqa: D102
    @property
    def or_earlier(self) -> tuple[str, ...]: ...  # noqa: D102


def add_offset(date: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """Add calendar years and months, then days, to a date.

    A day that does not exist in the target month is clipped to the month's last day
    (29 Feb + 1 year = 28 Feb), as a legal anniversary would be.

    Parameters
    ----------
    date
        Start date.
    years, months, days
        Amounts to add [years], [months], [days]; may be negative.

    Returns
    -------
    datetime.date
    """
    total = date.year * 12 + (date.month - 1) + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) + dt.timedelta(days=days)


def describe_offset(offset: Offset) -> str:
    """``"adoption_day + 8 years"`` style text."""
    parts = []
    for amount, unit in ((offset.years, "year"), (offset.months, "month"), (offset.days, "day")):
        if amount:
            parts.append(f"{amount:+d} {unit}{'s' if abs(amount) != 1 else ''}")
    text = " ".join(parts) if parts else "+0 days"
    return f"{offset.from_} {text.replace('+', '+ ').replace('-', '- ')}"


@dataclass(frozen=True)
class MilestoneCycleError(ValueError):
    """Milestones defined in terms of each other (ids in order, first repeated last)."""

    cycle: tuple[str, ...]

    def __str__(self) -> str:
        return "milestones defined in a cycle: " + " -> ".join(self.cycle)


def dependencies(milestone: Milestone) -> tuple[str, ...]:
    """Ids a milestone's date depends on."""
    base = (milestone.offset.from_,) if milestone.offset is not None else ()
    return base + tuple(milestone.or_earlier)


def find_cycle(milestones: Iterable[Milestone]) -> tuple[str, ...] | None:
    """The first cycle among milestone definitions, or None."""
    by_id = {m.id: m for m in milestones}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> tuple[str, ...] | None:
        state[node] = 1
        stack.append(node)
        for dep in dependencies(by_id[node]):
            if dep not in by_id:
                continue
            if state.get(dep) == 1:
                return (*stack[stack.index(dep) :], dep)
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for milestone_id in by_id:
        if milestone_id not in state:
            found = visit(milestone_id)
            if found:
                return found
    return None


def resolve_milestones(milestones: Iterable[Milestone]) -> dict[str, dt.date | None]:
    """Resolve every milestone to a date or None.

    Parameters
    ----------
    milestones
        The agreement's milestones (references assumed to exist).

    Returns
    -------
    dict
        Milestone id -> date (None if it has not occurred).

    Raises
    ------
    MilestoneCycleError
        If definitions refer to each other in a cycle.
    """
    items = list(milestones)
    cycle = find_cycle(items)
    if cycle is not None:
        raise MilestoneCycleError(cycle)
    by_id = {m.id: m for m in items}
    resolved: dict[str, dt.date | None] = {}

    def resolve(milestone_id: str) -> dt.date | None:
        if milestone_id in resolved:
            return resolved[milestone_id]
        milestone = by_id.get(milestone_id)
        if milestone is None:
            return None
        result = milestone.date
        if result is None and milestone.offset is not None:
            base = resolve(milestone.offset.from_)
            if base is not None:
                result = add_offset(
                    base,
                    years=milestone.offset.years,
                    months=milestone.offset.months,
                    days=milestone.offset.days,
                )
        for other in milestone.or_earlier:
            candidate = resolve(other)
            if candidate is not None and (result is None or candidate < result):
                result = candidate
        resolved[milestone_id] = result
        return result

    for milestone_id in by_id:
        resolve(milestone_id)
    return resolved


def rule_date(milestone: Milestone, resolved: dict[str, dt.date | None]) -> dt.date | None:
    """The date the milestone's offset rule gives (ignoring its fixed date), or None."""
    if milestone.offset is None:
        return None
    base = resolved.get(milestone.offset.from_)
    if base is None:
        return None
    return add_offset(
        base,
        years=milestone.offset.years,
        months=milestone.offset.months,
        days=milestone.offset.days,
    )
