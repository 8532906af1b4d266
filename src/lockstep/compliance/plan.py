"""Per-obligation evaluation plans: what to read, and where the status can change.

A :class:`Plan` is compiled once per obligation (and cached per agreement and record):
its metric's value series (figures or sanctions measures), its event signals and
context events, and every *change point* (figure dates, event dates, milestone and phase
boundaries, the dates readings are stated or take effect, the loss and return of IAEA
access). The status can only change at a change point, so a timeline evaluates each
obligation at its change points only and a single date is a binary search.

The as-written walk (:func:`walk`) applies the record in date order:

- an obligation with a value series (figures, or measures for sanctions metrics) is
  ``breached`` when the value breaks the limit in force, else ``suspended`` while a
  cessation stands announced or recorded (``qualitative.CessationFlag``), else
  ``complies``; when no value can be compared yet (no figure, or no numeric limit in the
  phase) the events decide;
- an obligation read from events only takes the event status
  (``qualitative.EventMachine``);
- with neither, the status is ``unknown`` and the finding says why.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lockstep.agreement import OPEN_ENDS, Agreement, MetricDefinition, Obligation, load_vocabulary
from lockstep.compliance.qualitative import (
    CessationFlag,
    EventMachine,
    EventState,
    Signal,
    events_by_obligation,
    split_events,
)
from lockstep.compliance.quantitative import (
    Comparison,
    FigurePoint,
    FigureSeries,
    compare,
    measure_series,
    observation_series,
)
from lockstep.compliance.readings import reading_dates
from lockstep.compliance.rules import MeasureMetric, Rules, load_rules
from lockstep.record import Event, Record

#: Categories whose obligations concern access itself: losing access does not make them
#: unknown (the loss is what they measure).
ACCESS_CATEGORIES = frozenset({"verification"})


@dataclass(frozen=True)
class Step:
    """The status as written from ``date`` on (until the next step).

    Attributes
    ----------
    date
        First day of the step.
    status
        ``complies``, ``breached``, ``suspended``, or None (nothing to go on).
    basis
        ``figures``, ``measures``, ``events`` or ``none``.
    point
        The value in force (value series), if any.
    comparison
        The value against the limit, if a value exists.
    limit
        The limit in force (library units).
    flag
        The signal of a standing cessation, if any.
    events
        The event state.
    """

    date: dt.date
    status: str | None
    basis: str
    point: FigurePoint | None
    comparison: Comparison | None
    limit: Any
    flag: Signal | None
    events: EventState


@dataclass(frozen=True)
class AccessLoss:
    """A period without IAEA access: from the day after ``lost`` until ``restored``.

    Attributes
    ----------
    lost
        Date of the first ``monitoring_level = none`` figure of the run.
    restored
        Date of the next figure with another level (None: not restored).
    observation
        Id of the figure recording the loss.
    source, url
        Its source.
    """

    lost: dt.date
    restored: dt.date | None
    observation: str
    source: str
    url: str | None

    def covers(self, date: dt.date) -> bool:
        """True if ``date`` falls in the period (after the loss day)."""
        return date > self.lost and (self.restored is None or date < self.restored)


def access_losses(record: Record) -> tuple[AccessLoss, ...]:
    """Runs of ``monitoring_level = none`` in the record."""
    runs: list[AccessLoss] = []
    open_run: tuple[dt.date, str, str, str | None] | None = None
    for obs in sorted(record.series("monitoring_level"), key=lambda o: (o.as_of, o.id)):
        if obs.value is None:
            continue
        if obs.value == "none":
            if open_run is None:
                open_run = (obs.as_of, obs.id, obs.source.document, obs.source.url)
        elif open_run is not None:
            runs.append(AccessLoss(open_run[0], obs.as_of, *open_run[1:]))
            open_run = None
    if open_run is not None:
        runs.append(AccessLoss(open_run[0], None, *open_run[1:]))
    return tuple(runs)


@dataclass
class Plan:
    """What the evaluation of one obligation reads (compiled once).

    Attributes
    ----------
    obligation
        The obligation.
    definition
        Its metric's vocabulary entry.
    series
        The value series (figures or measures), if the record gives one.
    measure_rule
        The measure rule behind ``series``, for measure series.
    signals, context
        Events with a signal for the obligation, and the others listing it.
    start, end
        Resolved start and end dates (end None: open or not occurred).
    change_dates
        Sorted dates where the status may change.
    """

    agreement: Agreement
    record: Record
    rules: Rules
    obligation: Obligation
    definition: MetricDefinition | None
    series: FigureSeries | None
    measure_rule: MeasureMetric | None
    signals: tuple[Signal, ...]
    context: tuple[Event, ...]
    start: dt.date | None
    end: dt.date | None
    losses: tuple[AccessLoss, ...]
    change_dates: list[dt.date] = field(default_factory=list)
    _steps: list[Step] | None = None
    _step_dates: list[dt.date] = field(default_factory=list)
    _uncontested: dict[frozenset[str], tuple[list[dt.date], list[Step]]] = field(
        default_factory=dict
    )

    @property
    def uses_figures(self) -> bool:
        """True if the status rests on IAEA figures (so loss of access makes it unknown)."""
        return self.series is not None and self.series.kind == "observations"

    @property
    def access_sensitive(self) -> bool:
        """True if loss of IAEA access makes the obligation unknown."""
        return self.uses_figures and self.obligation.category not in ACCESS_CATEGORIES

    def limit_at(self, date: dt.date) -> Any:
        """The limit in force (phase limit; a baseline's value added)."""
        limit = self.agreement.limit_at(self.obligation, date)
        baseline = self.obligation.baseline
        if baseline is None or limit is None or isinstance(limit, bool | str | tuple):
            return limit
        base_date = self.agreement.milestone_date(baseline)
        point = self.series.at(base_date) if self.series and base_date else None
        if point is None or not isinstance(point.value, int | float):
            return None
        return float(point.value) + float(limit)

    # ---------------------------------------------------------------- the walk
    def steps(self) -> list[Step]:
        """The as-written steps (computed once)."""
        if self._steps is None:
            self._steps = walk(self, self.series, self.signals)
            self._step_dates = [s.date for s in self._steps]
        return self._steps

    def step_at(self, date: dt.date) -> Step | None:
        """The as-written step in force on ``date``."""
        steps = self.steps()
        index = bisect.bisect_right(self._step_dates, date)
        return steps[index - 1] if index else None

    def step_uncontested(self, holders: Sequence[str], date: dt.date) -> Step | None:
        """As :meth:`step_at`, leaving out events any of ``holders`` contests."""
        excluded = frozenset(
            e.id
            for e in self._all_events()
            if e.contested_by and set(e.contested_by) & set(holders)
        )
        if not excluded:
            return self.step_at(date)
        if excluded not in self._uncontested:
            series = self.series
            if self.measure_rule is not None:
                series = measure_series(self.record, self.measure_rule, self.start, excluded)
            signals = tuple(s for s in self.signals if s.event.id not in excluded)
            steps = walk(self, series, signals)
            self._uncontested[excluded] = ([s.date for s in steps], steps)
        dates, steps = self._uncontested[excluded]
        index = bisect.bisect_right(dates, date)
        return steps[index - 1] if index else None

    def _all_events(self) -> list[Event]:
        events = [s.event for s in self.signals] + list(self.context)
        if self.series is not None:
            events += [c.event for p in self.series.points for c in p.changes]
        return events


def walk(plan: Plan, series: FigureSeries | None, signals: Sequence[Signal]) -> list[Step]:
    """Apply figures and signals in date order (module docstring)."""
    obligation = plan.obligation
    dates = set(series.dates if series is not None else ())
    dates |= {s.event.date for s in signals}
    dates |= _limit_dates(plan)
    machine, flag = EventMachine(), CessationFlag()
    steps: list[Step] = []
    index = 0
    for date in sorted(dates):
        while index < len(signals) and signals[index].event.date <= date:
            machine.apply(signals[index])
            flag.apply(signals[index])
            index += 1
        point = series.at(date) if series is not None else None
        limit = plan.limit_at(date)
        comparison = compare(obligation.comparator, point, limit) if point is not None else None
        if point is not None and point.date == date and comparison is not None:
            flag.figure(comparison.status)
        events = machine.state()
        if comparison is not None and comparison.status is not None:
            basis = "measures" if series is not None and series.kind == "measures" else "figures"
            if comparison.status == "breached":
                status: str | None = "breached"
            elif flag.active:
                status = "suspended"
            else:
                status = "complies"
        elif events.status is not None:
            basis, status = "events", events.status
        else:
            basis, status = "none", None
        step = Step(date, status, basis, point, comparison, limit, flag.signal, events)
        if steps and _same(steps[-1], step):
            continue
        steps.append(step)
    return steps


def _same(a: Step, b: Step) -> bool:
    return (
        a.status == b.status
        and a.basis == b.basis
        and a.point is b.point
        and a.limit == b.limit
        and a.flag is b.flag
        and a.events == b.events
    )


def _limit_dates(plan: Plan) -> set[dt.date]:
    dates = set()
    if plan.start is not None:
        dates.add(plan.start)
    for phase in plan.obligation.phases:
        for milestone in (phase.start, phase.end):
            if milestone not in OPEN_ENDS:
                day = plan.agreement.milestone_date(milestone)
                if day is not None:
                    dates.add(day)
    return dates


def _series_for(
    agreement: Agreement, record: Record, rules: Rules, obligation: Obligation
) -> tuple[FigureSeries | None, MeasureMetric | None]:
    qualifiers = dict(obligation.metric.qualifiers)
    rule = rules.measure_metric(obligation.metric.name, qualifiers)
    if rule is not None:
        start = agreement.start_date(obligation)
        return measure_series(record, rule, start), rule
    definition = load_vocabulary().metric(obligation.metric.name)
    if definition is None or definition.evaluated_from == "events":
        return None, None
    derived = rules.derived_metric(obligation.metric.name)
    return observation_series(record, obligation.metric.name, qualifiers, derived), None


def _change_dates(plan: Plan) -> list[dt.date]:
    dates = {s.date for s in plan.steps()}
    for day in (plan.start, plan.end):
        if day is not None:
            dates.add(day)
            dates.add(day + dt.timedelta(days=1))
    if plan.access_sensitive:
        for loss in plan.losses:
            dates.add(loss.lost + dt.timedelta(days=1))
            if loss.restored is not None:
                dates.add(loss.restored)
    dates |= reading_dates(plan.agreement, plan.obligation, plan.rules)
    return sorted(dates)


class Compiled:
    """Every obligation's plan for one agreement and one record.

    Build it with :func:`compile_plans` (cached per agreement and record object).
    """

    def __init__(self, agreement: Agreement, record: Record, rules: Rules) -> None:
        self.agreement = agreement
        self.record = record
        self.rules = rules
        vocabulary = load_vocabulary()
        by_obligation = events_by_obligation(agreement, record.events)
        losses = access_losses(record)
        self.plans: dict[str, Plan] = {}
        for obligation in agreement.obligations:
            series, measure_rule = _series_for(agreement, record, rules, obligation)
            signals, context = split_events(
                agreement, obligation, by_obligation.get(obligation.id, []), rules
            )
            end = agreement.end_date(obligation)
            plan = Plan(
                agreement=agreement,
                record=record,
                rules=rules,
                obligation=obligation,
                definition=vocabulary.metric(obligation.metric.name),
                series=series,
                measure_rule=measure_rule,
                signals=signals,
                context=context,
                start=agreement.start_date(obligation),
                end=end,
                losses=losses,
            )
            plan.change_dates = _change_dates(plan)
            self.plans[obligation.id] = plan


_CACHE: dict[tuple[int, int], tuple[Agreement, Record, Compiled]] = {}


def compile_plans(agreement: Agreement, record: Record, rules: Rules | None = None) -> Compiled:
    """The plans of every obligation (cached per agreement and record object).

    Parameters
    ----------
    agreement
        The agreement (``lockstep.agreement.load_agreement``).
    record
        The record (``lockstep.record.load_record``).
    rules
        Compliance rules; default the packaged ``rules.yaml``.
    """
    if rules is not None:
        return Compiled(agreement, record, rules)
    key = (id(agreement), id(record))
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is agreement and cached[1] is record:
        return cached[2]
    compiled = Compiled(agreement, record, load_rules())
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (agreement, record, compiled)
    return compiled
