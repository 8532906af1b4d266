"""The point of no return: the best breakout a full return could restore, date by date.

For each report date the program as then known is returned to the target's limits in
the most favourable way for breakout: every stock above the cap is exported or
down-blended away (at most ``stock_cap_kg_u`` of low-enriched uranium is kept at the cap
assay), 5,060 IR-1 keep enriching, and every other machine is either stored under seal
(``store``: reinstallable after ``reinstall_days``) or destroyed (``destroy``: knowledge
is kept, so the machines can be rebuilt and installed after ``rebuild_days``). With
knowledge kept, the fleet counted at a date is the largest each model has reached by
then: machines lost in an attack or destroyed under a deal can be made again.

The restorable breakout is then ``min(B_ops, r + SWU / C_all)`` (model.md section 3):
``B_ops`` with the retained IR-1 only, and the second term with every machine back
after r days. The point of no return is the first report date after which it stays
below the benchmark (12 months by default).

This is a ranking device, not an intelligence estimate: the single-step greedy kernel
of :mod:`lockstep.physics.breakout`, per-machine capacities from ``machines.yaml``
(central values of ``shared/reference/physics/centrifuges.csv``), no set-up time. The
same device gives the JCPOA's own configuration (5,060 IR-1, 202.8 kg U at 3.67 %) a
breakout of about 347 days, below 365: every result is reported next to that
reference so the two can be compared on the same scale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import BreakoutSpec
from lockstep.roadmap.evaluator import BreakoutCalculator
from lockstep.roadmap.state import swu_per_machine

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState

Policy = Literal["store", "destroy"]
POLICIES: tuple[Policy, ...] = ("store", "destroy")


@dataclass(frozen=True)
class ReturnAssumptions:
    """How a full return is assumed to restore the limits (every number sourced).

    Attributes
    ----------
    stock_cap_kg_u
        Low-enriched uranium kept [kg U] (JCPOA para 7: 300 kg UF6 = 202.8 kg U).
    cap_assay
        Assay of the kept stock [unitless] (JCPOA para 5: 3.67 %).
    retained_model, retained_count
        Machines kept enriching (JCPOA Annex I para 27: 5,060 IR-1).
    reinstall_days
        Time to reinstall stored machines [days]: 60 (range 30-120); Iran installed
        eight 174-machine IR-6 cascades "over 3-4 weeks" in June 2024 (IAEA, via Reuters)
        and Grossi (June 2025) spoke of cascades running "in a matter of months or even
        less" (sequencing_facts.md section c; inference).
    rebuild_days
        Time to make and install destroyed machines again [days]: 365 (range 180-730),
        a judgement: knowledge and workshops are kept, rotors must be made anew.
    swu_per_year
        Capacity per machine model [kg-SWU/yr] (``machines.yaml`` central values).
    knowledge_kept
        Count, at each date, the largest fleet of each model reached so far.
    benchmark_days
        The breakout a return should restore [days] (the 12-month benchmark).
    breakout
        Breakout parameters (model.md section 3).
    """

    stock_cap_kg_u: float = 202.8
    cap_assay: float = 0.0367
    retained_model: str = "IR-1"
    retained_count: int = 5060
    reinstall_days: int = 60
    rebuild_days: int = 365
    swu_per_year: Mapping[str, float] = field(default_factory=dict)
    knowledge_kept: bool = True
    benchmark_days: float = 365.0
    breakout: BreakoutSpec = field(default_factory=BreakoutSpec)

    def swu(self, model: str) -> float:
        """Capacity of one machine of ``model`` [kg-SWU/yr]."""
        return self.swu_per_year.get(model, swu_per_machine(model))

    def delay(self, policy: Policy) -> int:
        """Days before machines beyond the retained fleet can enrich again [days]."""
        return self.reinstall_days if policy == "store" else self.rebuild_days


@dataclass(frozen=True)
class RestorableBreakout:
    """What a full return from one report date could restore under one policy.

    Attributes
    ----------
    date
        The report date.
    policy
        ``store`` or ``destroy``.
    kept_stock_kg_u
        Low-enriched uranium kept after the return [kg U].
    retained_swu_per_year
        Capacity of the machines kept enriching [kg-SWU/yr].
    other_swu_per_year
        Capacity of every other machine (stored, or destroyed but rebuildable) [kg-SWU/yr].
    fleet
        Machines counted per model.
    breakout_operating_days
        B with the retained machines only [days].
    breakout_restorable_days
        ``min(B_ops, delay + SWU / C_all)`` [days].
    meets_benchmark
        Whether the restorable breakout reaches the benchmark.
    verified
        Whether the state's figures were verifiable at that date.
    notes
        Caveats (estimated stocks, unknown fleet...).
    """

    date: dt.date
    policy: Policy
    kept_stock_kg_u: float
    retained_swu_per_year: float
    other_swu_per_year: float
    fleet: Mapping[str, int]
    breakout_operating_days: float
    breakout_restorable_days: float
    meets_benchmark: bool
    verified: bool
    notes: tuple[str, ...] = ()
    meets_reference: bool = True


@dataclass(frozen=True)
class NoReturnResult:
    """The restorable breakout at every report date, and the point of no return.

    Attributes
    ----------
    rows
        One row per date and policy, by date.
    reference_days
        The same device applied to the JCPOA configuration itself [days].
    first_date_below
        Per policy, the first report date after which the benchmark is never restored
        again (None if it still can be at the last date).
    first_date_below_reference
        The same against ``reference_days`` (what the device gives the JCPOA itself).
    statements
        Per policy, the conclusion in words.
    assumptions
        What was assumed.
    source
        Where the states came from (``record`` or ``fallback``).
    """

    rows: tuple[RestorableBreakout, ...]
    reference_days: float
    first_date_below: Mapping[str, dt.date | None]
    statements: Mapping[str, str]
    assumptions: ReturnAssumptions
    source: str
    first_date_below_reference: Mapping[str, dt.date | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON form (documented in ``docs/roadmap.md``)."""
        a = self.assumptions
        return {
            "benchmark_days": a.benchmark_days,
            "reference_days": _num(self.reference_days),
            "source": self.source,
            "first_date_below": {
                p: (d.isoformat() if d else None) for p, d in self.first_date_below.items()
            },
            "first_date_below_reference": {
                p: (d.isoformat() if d else None)
                for p, d in self.first_date_below_reference.items()
            },
            "statements": dict(self.statements),
            "assumptions": {
                "stock_cap_kg_u": a.stock_cap_kg_u,
                "cap_assay": a.cap_assay,
                "retained": {"model": a.retained_model, "count": a.retained_count},
                "reinstall_days": a.reinstall_days,
                "rebuild_days": a.rebuild_days,
                "knowledge_kept": a.knowledge_kept,
                "swu_per_year": {m: a.swu(m) for m in sorted({*a.swu_per_year, a.retained_model})},
                "breakout": a.breakout.model_dump(),
            },
            "rows": [row_json(r) for r in self.rows],
        }


def row_json(r: RestorableBreakout) -> dict[str, Any]:
    """One row as a flat JSON/CSV mapping."""
    return {
        "date": r.date.isoformat(),
        "policy": r.policy,
        "kept_stock_kg_u": round(r.kept_stock_kg_u, 3),
        "retained_swu_per_year": round(r.retained_swu_per_year, 1),
        "other_swu_per_year": round(r.other_swu_per_year, 1),
        "fleet": dict(r.fleet),
        "breakout_operating_days": _num(r.breakout_operating_days),
        "breakout_restorable_days": _num(r.breakout_restorable_days),
        "meets_benchmark": r.meets_benchmark,
        "meets_reference": r.meets_reference,
        "verified": r.verified,
        "notes": list(r.notes),
    }


def _num(x: float) -> float | None:
    return round(x, 2) if math.isfinite(x) else None


def _kept_stock(state: ProgramState, cap: float) -> tuple[float, list[str]]:
    notes: list[str] = []
    leu = [
        f.mass_kg_u
        for f in state.stocks
        if f.band in ("up_to_2pct", "up_to_5pct") and f.mass_kg_u is not None
    ]
    if leu:
        return min(cap, sum(leu)), notes
    total = state.total_enriched_kg_u
    if total is not None:
        return min(cap, total), notes
    notes.append("no stock figure: the cap is assumed kept")
    return cap, notes


def _fleet(state: ProgramState) -> dict[str, int]:
    fleet: dict[str, int] = {}
    for c in state.centrifuges:
        n = c.installed if c.installed is not None else c.enriching
        if n:
            fleet[c.model] = fleet.get(c.model, 0) + n
    return fleet


def restorable_breakout(
    state: ProgramState,
    assumptions: ReturnAssumptions,
    policy: Policy,
    fleet: Mapping[str, int] | None = None,
    calculator: BreakoutCalculator | None = None,
) -> RestorableBreakout:
    """The best breakout a full return from ``state`` could restore under ``policy``.

    Parameters
    ----------
    state
        The program at a report date.
    assumptions
        How the return restores the limits.
    policy
        ``store`` or ``destroy`` for machines beyond the retained fleet.
    fleet
        Machines per model to count (default: those installed in ``state``).
    calculator
        A breakout calculator to reuse (caches SWU).

    Returns
    -------
    RestorableBreakout
        The restorable breakout and its parts.
    """
    a = assumptions
    calc = calculator or BreakoutCalculator(a.breakout)
    counted = dict(fleet if fleet is not None else _fleet(state))
    kept, notes = _kept_stock(state, a.stock_cap_kg_u)
    retained = min(counted.get(a.retained_model, 0), a.retained_count)
    c_ret = retained * a.swu(a.retained_model)
    c_other = sum(
        (n - retained if model == a.retained_model else n) * a.swu(model)
        for model, n in counted.items()
    )
    swu = calc.swu(((a.cap_assay, kept),) if kept > 0 else ())
    b_ops = calc.days(swu, c_ret)
    c_all = c_ret + c_other
    b_rest = b_ops if c_other <= 0 else min(b_ops, a.delay(policy) + calc.days(swu, c_all))
    if not state.verified:
        notes.append("figures not verifiable at this date (last known values)")
    return RestorableBreakout(
        date=state.as_of,
        policy=policy,
        kept_stock_kg_u=kept,
        retained_swu_per_year=c_ret,
        other_swu_per_year=c_other,
        fleet=counted,
        breakout_operating_days=b_ops,
        breakout_restorable_days=b_rest,
        meets_benchmark=b_rest >= a.benchmark_days,
        verified=state.verified,
        notes=tuple(notes),
    )


def point_of_no_return(
    states: Sequence[ProgramState],
    assumptions: ReturnAssumptions | None = None,
    *,
    source: str = "given",
) -> NoReturnResult:
    """Restorable breakout at every date and the first date it is lost for good.

    Parameters
    ----------
    states
        Program states at the report dates (any order).
    assumptions
        Return assumptions (defaults documented on :class:`ReturnAssumptions`).
    source
        Where the states come from, for the output.

    Raises
    ------
    DataError
        If no state is given.
    """
    a = assumptions or ReturnAssumptions()
    if not states:
        raise DataError("no program states to analyse", field="states")
    ordered = sorted(states, key=lambda s: s.as_of)
    calc = BreakoutCalculator(a.breakout)
    rows: list[RestorableBreakout] = []
    peak: dict[str, int] = {}
    for state in ordered:
        fleet = _fleet(state)
        if a.knowledge_kept:
            for model, n in fleet.items():
                peak[model] = max(peak.get(model, 0), n)
            fleet = dict(peak)
        for policy in POLICIES:
            rows.append(restorable_breakout(state, a, policy, fleet, calc))
    reference = reference_breakout_days(a, calc)
    rows = [
        dataclasses.replace(r, meets_reference=r.breakout_restorable_days >= reference - 1e-6)
        for r in rows
    ]
    first: dict[str, dt.date | None] = {}
    first_ref: dict[str, dt.date | None] = {}
    statements: dict[str, str] = {}
    for policy in POLICIES:
        mine = [r for r in rows if r.policy == policy]
        first[policy] = _first_lost(mine, lambda r: r.meets_benchmark)
        first_ref[policy] = _first_lost(mine, lambda r: r.meets_reference)
        statements[policy] = _statement(policy, mine, first[policy], a, reference)
    return NoReturnResult(tuple(rows), reference, first, statements, a, source, first_ref)


def reference_breakout_days(
    assumptions: ReturnAssumptions, calculator: BreakoutCalculator | None = None
) -> float:
    """The device's breakout for the JCPOA configuration (retained fleet, stock at the cap)."""
    a = assumptions
    calc = calculator or BreakoutCalculator(a.breakout)
    swu = calc.swu(((a.cap_assay, a.stock_cap_kg_u),))
    return calc.days(swu, a.retained_count * a.swu(a.retained_model))


def _first_lost(
    rows: Sequence[RestorableBreakout], ok: Callable[[RestorableBreakout], bool]
) -> dt.date | None:
    if not rows or ok(rows[-1]):
        return None
    lost = rows[-1].date
    for r in reversed(rows):
        if ok(r):
            break
        lost = r.date
    return lost


def _statement(
    policy: Policy,
    rows: Sequence[RestorableBreakout],
    first: dt.date | None,
    a: ReturnAssumptions,
    reference: float,
) -> str:
    last = rows[-1]
    bench = f"{a.benchmark_days:g} days"
    how = (
        f"machines stored, reinstalled in {a.reinstall_days} days"
        if policy == "store"
        else f"machines destroyed, rebuilt in {a.rebuild_days} days with knowledge kept"
    )
    got = f"at {last.date} a return restores {last.breakout_restorable_days:.0f} days"
    if first is None:
        head = f"a full return could still restore {bench} ({got})"
    elif first == rows[0].date:
        head = f"no report date from {rows[0].date} on restores {bench} ({got})"
    else:
        head = f"a full return could no longer restore {bench} after {first} ({got})"
    if last.meets_reference:
        tail = f"as much as the JCPOA configuration itself ({reference:.0f} days on this device)"
    else:
        tail = f"less than the JCPOA configuration itself ({reference:.0f} days on this device)"
    return f"{policy} ({how}): {head}; {tail}"


# --------------------------------------------------------------------------- states


def record_states() -> list[ProgramState]:
    """Program states at every IAEA report date with centrifuge or stock figures.

    The dates are the record's report dates (total-stock figures) plus the dates of
    centrifuge figures, so the pre-JCPOA fleet (e.g. GOV/2015/50) counts towards the
    knowledge kept; dates with no centrifuge figure at all are left out, since no
    breakout can be computed for them.
    """
    from lockstep.record import load_record, state_at

    record = load_record()
    dates = set(record.report_dates())
    dates.update(o.as_of for o in record.select("centrifuges_installed") if o.value is not None)
    states = [state_at(day, record) for day in sorted(dates)]
    return [s for s in states if _fleet(s)]


def states_for_analysis() -> tuple[list[ProgramState], str]:
    """The record's states at its report dates, and where they come from."""
    return record_states(), "record"
