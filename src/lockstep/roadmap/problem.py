"""A planning problem: a catalogue resolved against a state, a horizon and a lens.

Resolution turns each measure into integer days (C1 of model.md section 4): a fixed
duration, or ``lead + ceil(quantity / rate)`` with ``quantity: auto`` measured on the
initial state, or a date rule (INARA review). Divisible measures also get the tasks of
each allowed tranche count. Everything downstream (strategies, CP-SAT, the evaluator,
``validate``) works on these integer tasks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import (
    LENSES,
    BreakoutSpec,
    Catalogue,
    Downblend,
    Export,
    Lens,
    Machines,
    Measure,
    Prerequisite,
    Relief,
    Side,
)
from lockstep.roadmap.state import InitialState, state_from_spec
from lockstep.roadmap.target import TargetRegime, load_target

_EPS = 1e-9


@dataclass(frozen=True)
class Task:
    """A schedulable unit: a whole measure, or one tranche of a divisible measure.

    Attributes
    ----------
    id
        ``"U3"`` for a whole measure, ``"U3#2/3"`` for the second of three tranches.
    measure
        Id of the measure.
    party, side
        Who owes it and which side it counts on.
    duration_days, lag_days
        Duration and verification lag [days].
    release_day
        Earliest start [day].
    deadline_day
        Latest completion [day], if any.
    values
        Value under each lens [points].
    tranche, tranches
        1-based tranche number and tranche count (1 and 1 for a whole measure).
    """

    id: str
    measure: str
    party: str
    side: Side
    duration_days: int
    lag_days: int
    release_day: int
    deadline_day: int | None
    values: Mapping[str, int]
    tranche: int = 1
    tranches: int = 1

    def value(self, lens: str) -> int:
        """Value under ``lens`` [points]."""
        return self.values[lens]


def tranche_id(measure: str, tranche: int, tranches: int) -> str:
    """Task id of a tranche (the measure id for a whole measure)."""
    return measure if tranches == 1 else f"{measure}#{tranche}/{tranches}"


def split_value(value: int, parts: int) -> list[int]:
    """Split integer points into ``parts`` near-equal integers (larger ones first)."""
    base, extra = divmod(value, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@dataclass(frozen=True)
class ResolvedMeasure:
    """A measure with its days fixed for one problem.

    Attributes
    ----------
    spec
        The catalogue entry.
    duration_days
        Central duration [days].
    duration_range
        Low and high duration [days] for Monte Carlo.
    lag_days, lag_range
        Central verification lag and its range [days].
    release_day
        Earliest start [day].
    quantity
        Quantity in ``spec.quantity_unit`` (resolved ``auto``), if any.
    tranche_options
        Allowed tranche counts (``(1,)`` unless tranching is on and the measure is divisible).
    """

    spec: Measure
    duration_days: int
    duration_range: tuple[int, int]
    lag_days: int
    lag_range: tuple[int, int]
    release_day: int
    quantity: float | None
    tranche_options: tuple[int, ...]

    @property
    def id(self) -> str:
        """Measure id."""
        return self.spec.id

    @property
    def party(self) -> str:
        """Party that owes the measure."""
        return self.spec.party

    @property
    def side(self) -> Side:
        """Side it counts on."""
        return self.spec.side

    @property
    def prerequisites(self) -> tuple[Prerequisite, ...]:
        """Prerequisites from the catalogue."""
        return self.spec.prerequisites

    def tranche_durations(self, count: int, base_duration: int | None = None) -> list[int]:
        """Duration of each tranche when split into ``count`` [days].

        The lead time is set-up done once: every tranche of an independent split carries
        it (they run side by side), only the first of a sequential split does. The rest is
        the shipping time for a batch measure, ``tranche_duration_days`` when given, else
        the measure's work divided evenly.
        """
        d = self.duration_days if base_duration is None else base_duration
        div = self.spec.divisible
        if count == 1 or div is None:
            return [d] * count
        lead = self.spec.lead_days
        if div.tranche_duration_days is not None:
            core = div.tranche_duration_days
        elif self.spec.batch:
            core = d - lead
        else:
            core = math.ceil((d - lead) / count - _EPS)
        if div.sequential:
            return [lead + core] + [core] * (count - 1)
        return [lead + core] * count

    def tasks(self, count: int = 1) -> tuple[Task, ...]:
        """The tasks of this measure split into ``count`` tranches."""
        if count not in self.tranche_options and count != 1:
            raise DataError(f"measure '{self.id}': {count} tranches not allowed", field="divisible")
        durations = self.tranche_durations(count)
        parts = {lens: split_value(self.spec.value[lens], count) for lens in LENSES}
        return tuple(
            Task(
                id=tranche_id(self.id, j + 1, count),
                measure=self.id,
                party=self.party,
                side=self.side,
                duration_days=durations[j],
                lag_days=self.lag_days,
                release_day=self.release_day,
                deadline_day=self.spec.deadline_day,
                values={lens: parts[lens][j] for lens in LENSES},
                tranche=j + 1,
                tranches=count,
            )
            for j in range(count)
        )


@dataclass(frozen=True)
class Problem:
    """Everything a strategy needs: resolved measures, state, target, horizon, lens.

    Attributes
    ----------
    catalogue
        The catalogue it comes from.
    target
        The target regime.
    measures
        Resolved measures in catalogue order.
    initial
        The state on day 0.
    breakout
        Breakout parameters.
    horizon_days
        Horizon H [days]; metrics cover t = 0..H.
    lens
        The lens whose values the plan's metrics and bounds use.
    tranches
        Whether divisible measures may be split (optimized strategy).
    day0
        Calendar date of day 0, if known.
    notes
        Caveats gathered while resolving (e.g. the state used).
    """

    catalogue: Catalogue
    target: TargetRegime
    measures: tuple[ResolvedMeasure, ...]
    initial: InitialState
    breakout: BreakoutSpec
    horizon_days: int
    lens: Lens
    tranches: bool
    day0: dt.date | None
    notes: tuple[str, ...] = field(default=())

    def measure(self, measure_id: str) -> ResolvedMeasure:
        """The resolved measure ``measure_id``."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    @property
    def measure_ids(self) -> tuple[str, ...]:
        """Ids in catalogue order."""
        return tuple(m.id for m in self.measures)

    def whole_tasks(self) -> tuple[Task, ...]:
        """One task per measure (no tranches)."""
        return tuple(t for m in self.measures for t in m.tasks(1))

    @property
    def baseline_id(self) -> str | None:
        """Id of the baseline measure (C8), if the catalogue has one."""
        return next((m.id for m in self.measures if m.spec.baseline), None)


def _resolve_effect_amount(effect: object, state: InitialState) -> tuple[str, float]:
    """Initial-state amount an effect acts on: ('kg_u'|'machines'|'usd_bn', amount)."""
    if isinstance(effect, Export):
        have = state.stock_at(effect.assay)
        amount = have - effect.keep_kg_u if effect.mass_kg_u == "all" else float(effect.mass_kg_u)
        return "kg_u", max(0.0, amount)
    if isinstance(effect, Downblend):
        have = state.stock_at(effect.from_assay)
        amount = have - effect.keep_kg_u if effect.mass_kg_u == "all" else float(effect.mass_kg_u)
        return "kg_u", max(0.0, amount)
    if isinstance(effect, Machines):
        sources = ("enriching",) if effect.type == "idle" else ("enriching", "idle")
        have = sum(
            g.count
            for g in state.machines
            if effect.model in ("*", g.model)
            and (effect.site is None or g.site == effect.site)
            and g.status in sources
        )
        amount = have - effect.keep if effect.count == "all" else effect.count
        return "machines", float(max(0, amount))
    if isinstance(effect, Relief):
        return "usd_bn", effect.funds_usd_bn
    return "", 0.0


def resolve_quantity(measure: Measure, state: InitialState) -> float | None:
    """The measure's quantity, with ``auto`` measured on the initial state."""
    if measure.quantity is None:
        return None
    if measure.quantity != "auto":
        return float(measure.quantity)
    totals: dict[str, float] = {}
    for e in measure.effects:
        unit, amount = _resolve_effect_amount(e, state)
        if unit:
            totals[unit] = totals.get(unit, 0.0) + amount
    for unit in ("kg_u", "machines", "usd_bn"):
        if unit in totals:
            return totals[unit]
    return 0.0


def inara_days(transmit_date: dt.date | None) -> tuple[int, int, int]:
    """Central, low and high days of an INARA transmittal and review [days].

    The President transmits within 5 days; Congress reviews for 30 days, or 60 days when
    the agreement is transmitted between 10 July and 7 September (INARA, 42 U.S.C.
    2160e(b)). Without a date the range covers both.
    """
    if transmit_date is None:
        return 35, 35, 65
    start = dt.date(transmit_date.year, 7, 10)
    end = dt.date(transmit_date.year, 9, 7)
    days = 65 if start <= transmit_date + dt.timedelta(days=5) <= end else 35
    return days, days, days


def _duration(measure: Measure, quantity: float | None, release_date: dt.date | None) -> int:
    if measure.duration_rule == "inara":
        return inara_days(release_date)[0]
    if measure.duration_days is not None:
        return measure.lead_days + measure.duration_days
    assert measure.rate_per_day is not None
    assert quantity is not None
    return measure.lead_days + math.ceil(quantity / measure.rate_per_day - _EPS)


def _duration_range(
    measure: Measure, quantity: float | None, central: int, release_date: dt.date | None
) -> tuple[int, int]:
    if measure.duration_range_days is not None:
        lo, hi = measure.duration_range_days
        return min(lo, central), max(hi, central)
    if measure.duration_rule == "inara":
        _, lo, hi = inara_days(release_date)
        return lo, hi
    if measure.rate_range_per_day is not None and quantity is not None:
        r_lo, r_hi = measure.rate_range_per_day
        fast = measure.lead_days + math.ceil(quantity / r_hi - _EPS)
        slow = measure.lead_days + math.ceil(quantity / r_lo - _EPS)
        return min(fast, central), max(slow, central)
    return central, central


def build_problem(
    catalogue: Catalogue,
    *,
    lens: Lens | None = None,
    horizon_days: int | None = None,
    tranches: bool = False,
    initial: InitialState | None = None,
    day0: dt.date | None = None,
    target: TargetRegime | str | None = None,
    notes: tuple[str, ...] = (),
) -> Problem:
    """Resolve a catalogue into a planning problem.

    Parameters
    ----------
    catalogue
        A validated catalogue.
    lens
        Lens for values (``us`` or ``iran``); the catalogue default if None.
    horizon_days
        Horizon H [days]; the catalogue default if None.
    tranches
        Allow divisible measures to be split (optimized strategy only).
    initial
        State on day 0; the catalogue's ``initial_state`` if None.
    day0
        Calendar date of day 0; the catalogue's ``day0`` if None.
    target
        Target regime (object or packaged name); the catalogue's if None.
    notes
        Caveats to carry into the plan output.

    Raises
    ------
    DataError
        If a measure names an obligation the target lacks, or the horizon is not positive.
    """
    spec = catalogue.spec
    lens = lens or spec.defaults.lens
    horizon = spec.defaults.horizon_days if horizon_days is None else horizon_days
    if horizon < 1:
        raise DataError(f"the horizon must be at least 1 day (got {horizon})", field="horizon")
    regime = target if isinstance(target, TargetRegime) else load_target(target or spec.target)
    for m in spec.measures:
        if m.obligation not in regime.obligation_ids:
            raise DataError(
                f"measure '{m.id}': obligation '{m.obligation}' is not in target '{regime.id}'",
                file=catalogue.source,
                field="obligation",
            )
    state = initial or state_from_spec(spec.initial_state)
    d0 = day0 or spec.day0
    resolved = []
    for m in spec.measures:
        release = m.release_day
        if m.release_date is not None and d0 is not None:
            release = max(release, (m.release_date - d0).days)
        release_date = d0 + dt.timedelta(days=release) if d0 is not None else None
        quantity = resolve_quantity(m, state)
        d = _duration(m, quantity, release_date)
        lag = m.verification.lag_days
        lag_range = m.verification.lag_range_days or (lag, lag)
        options: tuple[int, ...] = (1,)
        if tranches and m.divisible is not None:
            options = tuple(range(1, m.divisible.max_tranches + 1))
        resolved.append(
            ResolvedMeasure(
                spec=m,
                duration_days=d,
                duration_range=_duration_range(m, quantity, d, release_date),
                lag_days=lag,
                lag_range=(min(lag_range[0], lag), max(lag_range[1], lag)),
                release_day=release,
                quantity=quantity,
                tranche_options=options,
            )
        )
    return Problem(
        catalogue=catalogue,
        target=regime,
        measures=tuple(resolved),
        initial=state,
        breakout=spec.breakout,
        horizon_days=horizon,
        lens=lens,
        tranches=tranches,
        day0=d0,
        notes=notes,
    )


def problem_for(
    catalogue: str | None = None,
    as_of: dt.date | None = None,
    lens: str | None = None,
    horizon_days: int | None = None,
    tranches: bool = False,
    target: str | None = None,
    values: str | Path | None = None,
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

    Raises
    ------
    DataError
        For an unknown catalogue, a horizon below one day, or ``values`` with a catalogue.
    """
    from lockstep.record import state_at
    from lockstep.roadmap.catalogue import load_catalogue
    from lockstep.roadmap.state import state_from_program_state, state_from_spec

    if horizon_days is not None and horizon_days < 1:
        raise DataError(f"horizon: expected a number of days >= 1 (got {horizon_days})")
    if catalogue is None:
        from lockstep.roadmap.generated import generated_problem

        return generated_problem(
            as_of or dt.date.today(),
            lens=lens,  # type: ignore[arg-type]
            horizon_days=horizon_days,
            tranches=tranches,
            target=target,
            values=values,
        )
    if values is not None:
        raise DataError(
            "--values: applies to measures generated from the gap (no --catalogue); "
            f"catalogue '{catalogue}' carries its own values"
        )
    cat = load_catalogue(catalogue)
    notes: list[str] = []
    initial = None
    if as_of is not None:
        spec_state = cat.spec.initial_state
        initial = state_from_program_state(
            state_at(as_of),
            production=state_from_spec(spec_state).production,
            reinstall_days=spec_state.reinstall_days,
        )
        notes.append(f"initial state from the record at {as_of}")
    return build_problem(
        cat,
        lens=lens,  # type: ignore[arg-type]
        horizon_days=horizon_days,
        tranches=tranches,
        initial=initial,
        day0=as_of,
        target=target,
        notes=tuple(notes),
    )
