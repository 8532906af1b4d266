"""Values of a metric over time, read from the record's figures or sanctions measures.

A :class:`FigureSeries` is the metric's value at every date where it changes: the latest
figure of each qualifier set (per ``Record.series``), aggregated the way the metric
demands (a sum over models, the highest level, the sites where machines enrich...).
Looking a value up on a date is a binary search. :func:`compare` turns a value and a
limit into ``complies`` or ``breached`` with the ratio ``observed / limit``.

Aggregation rules (``docs/compliance.md``, "Quantitative obligations"):

- a qualifier left out of the obligation means "all values together": counts and masses
  are summed over the record's finer series (an exact series is used instead when its
  figure is at least as recent); the enrichment level is the highest; a boolean is true
  if any series is;
- ``enrichment_sites`` and ``enriching_models`` are the sites / models whose machines
  enrich (``centrifuges_enriching > 0``);
- a figure given only as a bound ("at most 202.8 kg U") is a bound: it can show an
  upper limit respected, never a breach.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lockstep.agreement import satisfies
from lockstep.compliance.rules import DerivedMetric, MeasureMetric
from lockstep.record import MeasureChange, Observation, Record

Key = tuple[tuple[str, str], ...]

_STATUS_RANK = {"verified": 0, "declared": 1, "estimated": 2, "unverified": 3}
_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
_ORDERED = ("le", "lt", "ge", "gt")
#: Metrics whose value is derived from centrifuges_enriching (the set kinds).
SET_METRICS = {"enrichment_sites": "site", "enriching_models": "model"}


@dataclass(frozen=True)
class FigurePoint:
    """The metric's value from ``date`` on, and the rows it rests on.

    Attributes
    ----------
    date
        Date from which this value holds (the newest figure or change behind it).
    value
        The value in library units (a number, bool, category or sorted tuple), or None
        when only a bound is known.
    bound_high
        Upper bound when the sources give only "at most" (library units).
    observations
        Figures behind the value (observation series).
    changes
        Measure changes behind the value (measure series).
    status
        Weakest status of the figures (``verified`` ... ``unverified``), or None.
    confidence
        Weakest confidence of the rows.
    """

    date: dt.date
    value: Any
    bound_high: float | None
    observations: tuple[Observation, ...] = ()
    changes: tuple[MeasureChange, ...] = ()
    status: str | None = None
    confidence: str = "high"


@dataclass(frozen=True)
class FigureSeries:
    """A metric's values over time.

    Attributes
    ----------
    kind
        ``observations`` (IAEA figures) or ``measures`` (sanctions measures).
    points
        Values in date order (one per date).
    """

    kind: str
    points: tuple[FigurePoint, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_dates", [p.date for p in self.points])

    @property
    def dates(self) -> list[dt.date]:
        """Dates of the points, ascending."""
        return self._dates  # type: ignore[attr-defined,no-any-return]

    def at(self, date: dt.date) -> FigurePoint | None:
        """The value in force on ``date`` (latest point on or before it)."""
        index = bisect.bisect_right(self.dates, date)
        return self.points[index - 1] if index else None

    def first_after(self, date: dt.date) -> FigurePoint | None:
        """The first point strictly after ``date``."""
        index = bisect.bisect_right(self.dates, date)
        return self.points[index] if index < len(self.points) else None


# --------------------------------------------------------------------- observations


def _usable(rows: Iterable[Observation]) -> list[Observation]:
    """Rows with a value or an upper bound (a report that gave no figure is left out)."""
    return sorted(
        (o for o in rows if o.value is not None or o.value_high is not None),
        key=lambda o: (o.as_of, o.id),
    )


class _KeyIndex:
    """Latest usable row of one qualifier set on a date."""

    def __init__(self, rows: Sequence[Observation]) -> None:
        self.rows = list(rows)
        self.dates = [o.as_of for o in self.rows]

    def latest(self, date: dt.date) -> Observation | None:
        index = bisect.bisect_right(self.dates, date)
        return self.rows[index - 1] if index else None


def _weakest(rows: Sequence[Observation]) -> tuple[str | None, str]:
    if not rows:
        return None, "high"
    status = max((o.status for o in rows), key=lambda s: _STATUS_RANK.get(s, 9))
    confidence = max((o.confidence for o in rows), key=lambda c: _CONFIDENCE_RANK.get(c, 9))
    return status, confidence


def _number(row: Observation) -> tuple[float | None, float | None]:
    """(value, bound) of a numeric row."""
    if row.value is None:
        return None, row.value_high
    return float(row.value), None


def _sum(rows: Sequence[Observation]) -> tuple[float | None, float | None]:
    """Sum of numeric rows; a bound if any row is only a bound."""
    total = 0.0
    bounded = False
    for row in rows:
        value, bound = _number(row)
        if value is None:
            bounded = True
            total += bound or 0.0
        else:
            total += value
    return (None, total) if bounded else (total, None)


class _Aggregate:
    """Value of a quantity with some qualifiers fixed, on any date."""

    def __init__(self, record: Record, quantity: str, fixed: dict[str, str], mode: str) -> None:
        self.mode = mode
        self.exact: _KeyIndex | None = None
        self.finer: list[tuple[Key, _KeyIndex]] = []
        wanted = set(fixed.items())
        for key in record.keys(quantity):
            names = dict(key)
            if "machine_status" in names or not wanted <= set(key):
                continue
            index = _KeyIndex(_usable(record.series(quantity, **names)))
            if not index.rows:
                continue
            if set(key) == wanted:
                self.exact = index
            else:
                self.finer.append((key, index))

    @property
    def indexes(self) -> list[_KeyIndex]:
        found = [index for _, index in self.finer]
        return [self.exact, *found] if self.exact is not None else found

    def dates(self) -> set[dt.date]:
        return {d for index in self.indexes for d in index.dates}

    def rows_at(self, date: dt.date) -> list[Observation]:
        """The rows that make up the value on ``date`` (sum mode: exact or finer)."""
        finer = [row for _, index in self.finer if (row := index.latest(date)) is not None]
        exact = self.exact.latest(date) if self.exact is not None else None
        if self.mode == "sum":
            if exact is not None and (not finer or exact.as_of >= max(r.as_of for r in finer)):
                return [exact]
            return finer
        return [*([exact] if exact is not None else []), *finer]

    def value_at(self, date: dt.date) -> tuple[Any, float | None, list[Observation]]:
        rows = self.rows_at(date)
        if not rows:
            return None, None, []
        if self.mode == "sum":
            value, bound = _sum(rows)
            return value, bound, rows
        if self.mode == "max":
            numbers = [v for r in rows if (v := _number(r)[0]) is not None]
            if not numbers:
                return None, None, []
            top = max(numbers)
            return top, None, [r for r in rows if r.value is not None and float(r.value) == top]
        if self.mode == "any":
            flags = [r for r in rows if isinstance(r.value, bool)]
            if not flags:
                return None, None, []
            true = [r for r in flags if r.value]
            return bool(true), None, true or flags
        # category: the exact series only
        if exact := (self.exact.latest(date) if self.exact is not None else None):
            return exact.value, None, [exact]
        return None, None, []


def _mode(quantity: str) -> str:
    if quantity == "max_enrichment_level":
        return "max"
    if quantity in (
        "enrichment_at_site",
        "nuclear_material_at_site",
        "additional_protocol_applied",
    ):
        return "any"
    if quantity == "monitoring_level":
        return "category"
    return "sum"


def _series(
    dates: Iterable[dt.date],
    value_at: Callable[[dt.date], tuple[Any, float | None, list[Observation]]],
) -> FigureSeries | None:
    points: list[FigurePoint] = []
    for date in sorted(set(dates)):
        value, bound, rows = value_at(date)
        if value is None and bound is None:
            continue
        status, confidence = _weakest(rows)
        point = FigurePoint(date, value, bound, tuple(rows), (), status, confidence)
        if not points or _differs(points[-1], point):
            points.append(point)
    return FigureSeries("observations", tuple(points)) if points else None


def _differs(a: FigurePoint, b: FigurePoint) -> bool:
    return (a.value, a.bound_high, a.observations) != (b.value, b.bound_high, b.observations)


def observation_series(
    record: Record,
    metric: str,
    qualifiers: dict[str, Any],
    derived: DerivedMetric | None = None,
) -> FigureSeries | None:
    """The values of an agreement metric read from the record's figures.

    Parameters
    ----------
    record
        The record.
    metric
        Metric name of the agreement vocabulary (shared with the record's quantities).
    qualifiers
        The obligation's qualifiers; a list value means "each value separately" and the
        highest of the values is taken.
    derived
        A rule deriving the metric from another quantity (``rules.yaml``), if any.

    Returns
    -------
    FigureSeries or None
        None when the record holds no figure for the metric.
    """
    if derived is not None:
        base = _Aggregate(record, derived.from_, {}, "category")

        def derived_value(date: dt.date) -> tuple[Any, float | None, list[Observation]]:
            value, _, rows = base.value_at(date)
            if value is None or value == "unknown":
                return None, None, []
            return value in derived.true_when, None, rows

        return _series(base.dates(), derived_value)
    if metric in SET_METRICS:
        return _set_series(record, metric, qualifiers)
    each = [k for k, v in qualifiers.items() if isinstance(v, tuple | list)]
    if each:
        return _each_series(record, metric, qualifiers, each[0])
    fixed = {k: str(v) for k, v in qualifiers.items()}
    aggregate = _Aggregate(record, metric, fixed, _mode(metric))
    if not aggregate.indexes:
        return None
    return _series(aggregate.dates(), aggregate.value_at)


def _each_series(
    record: Record, metric: str, qualifiers: dict[str, Any], name: str
) -> FigureSeries | None:
    parts = []
    for value in qualifiers[name]:
        fixed = {k: str(v) for k, v in qualifiers.items() if k != name}
        fixed[name] = str(value)
        aggregate = _Aggregate(record, metric, fixed, _mode(metric))
        if aggregate.indexes:
            parts.append(aggregate)
    if not parts:
        return None

    def highest(date: dt.date) -> tuple[Any, float | None, list[Observation]]:
        best: tuple[Any, float | None, list[Observation]] = (None, None, [])
        for part in parts:
            value, bound, rows = part.value_at(date)
            current = value if value is not None else bound
            top = best[0] if best[0] is not None else best[1]
            if current is not None and (top is None or current > top):
                best = (value, bound, rows)
        return best

    return _series({d for p in parts for d in p.dates()}, highest)


def _set_series(record: Record, metric: str, qualifiers: dict[str, Any]) -> FigureSeries | None:
    """Sites (or models) whose machines enrich, from ``centrifuges_enriching``."""
    element = SET_METRICS[metric]
    fixed = {k: str(v) for k, v in qualifiers.items()}
    candidates = sorted(
        {
            dict(key)[element]
            for key in record.keys("centrifuges_enriching")
            if element in dict(key) and set(fixed.items()) <= set(key)
        }
    )
    parts = {
        name: _Aggregate(record, "centrifuges_enriching", {**fixed, element: name}, "sum")
        for name in candidates
    }
    parts = {name: part for name, part in parts.items() if part.indexes}
    if not parts:
        return None

    def members(date: dt.date) -> tuple[Any, float | None, list[Observation]]:
        chosen: list[str] = []
        rows: list[Observation] = []
        known = False
        for name, part in parts.items():
            value, _, used = part.value_at(date)
            if value is None:
                continue
            known = True
            if value > 0:
                chosen.append(name)
                rows.extend(used)
        if not known:
            return None, None, []
        return tuple(sorted(chosen)), None, rows

    return _series({d for p in parts.values() for d in p.dates()}, members)


# --------------------------------------------------------------------- measures


def measure_series(
    record: Record,
    rule: MeasureMetric,
    start: dt.date | None,
    exclude: frozenset[str] = frozenset(),
) -> FigureSeries:
    """A boolean metric read from sanctions measures (``rules.yaml``, ``measure_metrics``).

    Parameters
    ----------
    record
        The record (its ``sanctions`` timeline).
    rule
        The measure rule.
    start
        Start of the obligation (for ``reimposed_since_start``).
    exclude
        Ids of events to leave out (acts a reading holds void).
    """
    histories = {
        m: [c for c in record.sanctions.history(m) if c.event.id not in exclude]
        for m in rule.measures
    }
    dates = sorted({c.date for changes in histories.values() for c in changes})
    points: list[FigurePoint] = []
    for date in dates:
        last: list[MeasureChange] = []
        for changes in histories.values():
            current = [c for c in changes if c.date <= date]
            if current:
                last.append(current[-1])
        if rule.value == "any_in_force":
            value = any(c.in_force for c in last)
        elif rule.value == "all_in_force":
            value = len(last) == len(histories) and all(c.in_force for c in last)
        else:
            value = any(c.in_force and start is not None and c.date >= start for c in last)
        confidence = max(
            (c.event.confidence for c in last), key=lambda c: _CONFIDENCE_RANK.get(c, 9)
        )
        point = FigurePoint(date, value, None, (), tuple(last), None, confidence)
        if not points or points[-1].value != value or points[-1].changes != point.changes:
            points.append(point)
    return FigureSeries("measures", tuple(points))


# --------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Comparison:
    """A value against a limit.

    Attributes
    ----------
    status
        ``complies``, ``breached`` or None (no test possible: no numeric limit in the
        period, or only a bound that cannot decide).
    ratio
        ``observed / limit`` for ordered comparators with a non-zero numeric limit.
    """

    status: str | None
    ratio: float | None


def compare(comparator: str, point: FigurePoint, limit: Any) -> Comparison:
    """Compare a value with the limit in force (``lockstep.agreement.satisfies``)."""
    if limit is None and comparator not in ("is_true", "is_false"):
        return Comparison(None, None)
    value = point.value
    if value is None:
        bound = point.bound_high
        if bound is not None and comparator in ("le", "lt") and satisfies(comparator, bound, limit):
            return Comparison("complies", None)
        return Comparison(None, None)
    if comparator in _ORDERED and isinstance(value, bool):
        return Comparison(None, None)
    ok = satisfies(comparator, value, limit)
    ratio = None
    if (
        comparator in _ORDERED
        and isinstance(limit, int | float)
        and not isinstance(limit, bool)
        and limit != 0
    ):
        ratio = float(value) / float(limit)
    return Comparison("complies" if ok else "breached", ratio)
