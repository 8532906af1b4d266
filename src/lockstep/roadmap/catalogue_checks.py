"""Cross-field checks of a catalogue that the schema cannot express.

Cycles in prerequisites, unknown measures, negative durations, lens values that do not
sum to 100 per side, impossible release dates, missing provenance: each raises a
:class:`~lockstep.errors.DataError` naming the file, line, measure and field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import (
    LENSES,
    PROVENANCE_KEYS,
    Baseline,
    CatalogueSpec,
    Downblend,
    Export,
    Machines,
    Measure,
    Relief,
    line_for,
)


def _measure_index(spec: CatalogueSpec) -> dict[str, int]:
    return {m.id: i for i, m in enumerate(spec.measures)}


def required_provenance(measure: Measure) -> tuple[str, ...]:
    """Provenance keys a measure needs, from the numbers it carries."""
    keys = ["duration", "verification", "value"]
    if measure.quantity is not None:
        keys.append("quantity")
    if measure.release_day or measure.release_date is not None:
        keys.append("release")
    if measure.reversibility.days is not None or measure.reversibility.completeness < 1.0:
        keys.append("reversibility")
    numeric = [
        e
        for e in measure.effects
        if isinstance(e, Export | Downblend | Machines)
        or (isinstance(e, Relief) and e.funds_usd_bn)
    ]
    if numeric:
        keys.append("effects")
    return tuple(keys)


def _find_cycle(spec: CatalogueSpec) -> list[str] | None:
    graph = {m.id: [p.measure for p in m.prerequisites] for m in spec.measures}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for m in spec.measures:
        if m.id not in state:
            found = visit(m.id)
            if found:
                return found
    return None


def check_catalogue(
    spec: CatalogueSpec,
    *,
    source: str = "<catalogue>",
    lines: Mapping[tuple[Any, ...], int] | None = None,
) -> None:
    """Cross-field checks the schema cannot express.

    Raises
    ------
    DataError
        Naming the measure and field of the first problem found.
    """
    lines = {} if lines is None else lines
    index = _measure_index(spec)

    def fail(i: int | None, field: str | None, message: str) -> None:
        if i is None:
            loc: tuple[Any, ...] = tuple(field.split(".")) if field else ()
            raise DataError(message, file=source, row=line_for(lines, loc), field=field)
        loc = ("measures", i, *(field.split(".")[:1] if field else ()))
        label = f"measure '{spec.measures[i].id}'"
        raise DataError(f"{label}: {message}", file=source, row=line_for(lines, loc), field=field)

    seen: set[str] = set()
    for i, m in enumerate(spec.measures):
        if m.id in seen:
            fail(i, "id", "duplicate measure id")
        seen.add(m.id)
    if not spec.measures:
        fail(None, "measures", "a catalogue needs at least one measure")

    for i, m in enumerate(spec.measures):
        _check_timing(m, i, spec, fail)
        for j, pre in enumerate(m.prerequisites):
            if pre.measure not in index:
                fail(i, "prerequisites", f"unknown measure '{pre.measure}' (prerequisite {j + 1})")
            if pre.measure == m.id:
                fail(i, "prerequisites", "a measure cannot be its own prerequisite")
        for lens in m.value:
            if lens not in LENSES:
                fail(i, "value", f"unknown lens '{lens}'; expected {', '.join(LENSES)}")
        for lens in LENSES:
            if lens not in m.value:
                fail(i, "value", f"no value under the '{lens}' lens")
            if m.value[lens] < 0:
                fail(i, "value", f"negative value under the '{lens}' lens ({m.value[lens]})")
        if m.escrow is not None:
            for other in m.escrow:
                if other not in index:
                    fail(i, "escrow", f"unknown measure '{other}'")
                if spec.measures[index[other]].side == m.side:
                    fail(i, "escrow", f"'{other}' is on the same side; escrow pairs cross sides")
        if m.baseline and m.party != "IR":
            fail(i, "baseline", "only an Iranian measure can be the baseline")
        if m.baseline and m.divisible is not None:
            fail(i, "divisible", "the baseline measure cannot be split into tranches")
        _check_provenance(m, i, spec, fail)
        _check_effects(m, i, fail)

    if sum(1 for m in spec.measures if m.baseline) > 1:
        fail(None, "measures", "at most one measure can be the baseline")

    cycle = _find_cycle(spec)
    if cycle:
        i = index[cycle[0]]
        fail(i, "prerequisites", "cycle in prerequisites: " + " -> ".join(cycle))

    for lens in LENSES:
        for side in ("nuclear", "relief"):
            total = sum(m.value[lens] for m in spec.measures if m.side == side)
            members = [m for m in spec.measures if m.side == side]
            if members and total != 100:
                fail(
                    None,
                    "measures.value",
                    f"the {side} side's values under the '{lens}' lens sum to {total}; "
                    "each side must sum to 100",
                )
    _check_hints(spec, index, fail)
    _check_state(spec, fail)


def _check_timing(m: Measure, i: int, spec: CatalogueSpec, fail: Any) -> None:
    given = [m.duration_days is not None, m.rate_per_day is not None, m.duration_rule is not None]
    if sum(given) != 1:
        fail(i, "duration_days", "give exactly one of duration_days, rate_per_day, duration_rule")
    if m.duration_days is not None and m.duration_days < 0:
        fail(i, "duration_days", f"negative duration ({m.duration_days} days); expected >= 0")
    if m.lead_days < 0:
        fail(i, "lead_days", f"negative lead time ({m.lead_days} days); expected >= 0")
    if m.rate_per_day is not None:
        if not m.rate_per_day > 0 or not math.isfinite(m.rate_per_day):
            fail(i, "rate_per_day", f"rate must be > 0 (got {m.rate_per_day})")
        if m.quantity is None:
            fail(i, "quantity", "a rate needs a quantity (a number or 'auto')")
    if isinstance(m.quantity, float | int) and m.quantity < 0:
        fail(i, "quantity", f"negative quantity ({m.quantity})")
    if m.rate_range_per_day is not None:
        lo, hi = m.rate_range_per_day
        if not 0 < lo <= hi:
            fail(i, "rate_range_per_day", f"expected 0 < low <= high (got {lo}, {hi})")
    if m.duration_range_days is not None:
        lo, hi = m.duration_range_days
        if not 0 <= lo <= hi:
            fail(i, "duration_range_days", f"expected 0 <= low <= high (got {lo}, {hi})")
    v = m.verification
    if v.lag_days < 0:
        fail(i, "verification.lag_days", f"negative verification lag ({v.lag_days} days)")
    if v.lag_range_days is not None:
        lo, hi = v.lag_range_days
        if not 0 <= lo <= hi:
            fail(i, "verification.lag_range_days", f"expected 0 <= low <= high (got {lo}, {hi})")
    if m.release_day < 0:
        fail(i, "release_day", f"negative release day ({m.release_day})")
    if m.release_date is not None:
        if spec.day0 is None:
            fail(i, "release_date", "a release date needs the catalogue's day0")
        elif m.release_date < spec.day0:
            fail(
                i,
                "release_date",
                f"impossible release date {m.release_date}: before day 0 ({spec.day0})",
            )
    if m.deadline_day is not None:
        release = m.release_day
        if m.release_date is not None and spec.day0 is not None:
            release = max(release, (m.release_date - spec.day0).days)
        minimum = m.lead_days + (m.duration_days or 0)
        if release + minimum > m.deadline_day:
            fail(
                i,
                "release_day",
                f"impossible release date: release day {release} plus {minimum} days "
                f"is after the deadline (day {m.deadline_day})",
            )
    if m.release_day > spec.defaults.horizon_days:
        fail(
            i,
            "release_day",
            f"impossible release date: day {m.release_day} is after the catalogue's "
            f"horizon ({spec.defaults.horizon_days} days)",
        )
    div = m.divisible
    if div is not None and div.tranche_duration_days is not None and div.tranche_duration_days < 0:
        fail(i, "divisible.tranche_duration_days", "negative tranche duration")


def _check_provenance(m: Measure, i: int, spec: CatalogueSpec, fail: Any) -> None:
    for key in m.provenance:
        if key not in PROVENANCE_KEYS:
            fail(i, f"provenance.{key}", f"unknown provenance key; expected {PROVENANCE_KEYS}")
    if spec.provenance_default is not None or "*" in m.provenance:
        return
    for key in required_provenance(m):
        if key not in m.provenance:
            fail(
                i,
                f"provenance.{key}",
                f"no provenance for '{key}': add a source or 'judgement: true' with a reason",
            )


def _check_effects(m: Measure, i: int, fail: Any) -> None:
    for j, e in enumerate(m.effects):
        if isinstance(e, Downblend) and not e.blendstock_assay < e.to_assay < e.from_assay:
            fail(
                i,
                "effects",
                f"effect {j + 1}: down-blending needs blendstock < to_assay < from_assay",
            )
        if isinstance(e, Export | Downblend) and isinstance(e.mass_kg_u, float) and e.mass_kg_u < 0:
            fail(i, "effects", f"effect {j + 1}: negative mass")
        if isinstance(e, Machines) and isinstance(e.count, int) and e.count < 0:
            fail(i, "effects", f"effect {j + 1}: negative machine count")
        if isinstance(e, Baseline) and not m.baseline:
            fail(i, "effects", "a baseline effect belongs to the measure marked 'baseline: true'")


def _check_hints(spec: CatalogueSpec, index: Mapping[str, int], fail: Any) -> None:
    hints = spec.strategies
    if hints.step_by_step is not None:
        listed: list[str] = []
        for step in hints.step_by_step:
            for entry in step:
                ids = (entry,) if isinstance(entry, str) else entry
                for mid in ids:
                    if mid not in index:
                        fail(None, "strategies.step_by_step", f"unknown measure '{mid}'")
                    listed.append(mid)
        missing = sorted(set(index) - set(listed))
        if missing:
            fail(None, "strategies.step_by_step", f"measures not listed: {', '.join(missing)}")
        dup = sorted({x for x in listed if listed.count(x) > 1})
        if dup:
            fail(None, "strategies.step_by_step", f"measures listed twice: {', '.join(dup)}")
    lfl = hints.less_for_less
    if lfl is not None:
        for mid in lfl.measures:
            if mid not in index:
                fail(None, "strategies.less_for_less.measures", f"unknown measure '{mid}'")
        for relief, nuclear in (lfl.pairs or {}).items():
            for mid in (relief, *nuclear):
                if mid not in lfl.measures:
                    fail(
                        None,
                        "strategies.less_for_less.pairs",
                        f"'{mid}' is not one of the less-for-less measures",
                    )


def _check_state(spec: CatalogueSpec, fail: Any) -> None:
    seen: set[tuple[str, str, str]] = set()
    for c in spec.initial_state.centrifuges:
        key = (c.site, c.model, c.status)
        if key in seen:
            fail(None, "initial_state.centrifuges", f"duplicate entry {key}")
        seen.add(key)
    r = spec.initial_state.reinstall_range_days
    if r is not None and not 0 <= r[0] <= r[1]:
        fail(None, "initial_state.reinstall_range_days", "expected 0 <= low <= high")
