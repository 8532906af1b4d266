"""The point of no return: what a full return could restore at each report date.

For each report date the program as then known is returned to the JCPOA's limits in the
way most favourable to breakout: stock above the cap is exported or down-blended (at
most ``stock_cap_kg_u`` of low-enriched uranium is kept at the cap assay; stock within
the limits is kept as it is), 5,060 IR-1 keep enriching, and every other machine is
either stored under seal (``store``: reinstalled after ``reinstall_days``, the deal's
own arrangement for its excess machines) or destroyed (``destroy``).

Knowledge is counted as capacity (``data/roadmap/knowledge.yaml``): the fleet counted
at a date is the largest each model has reached by then, since machines lost in an
attack or destroyed under a deal can be made again, and destroyed machines come back at
the pace Iran has been seen to make and install each model, after a lead time, so the
time to rebuild grows with the fleet to rebuild. The breakout after a ``destroy`` return
is the best of breaking out with the retained machines alone or after rebuilding a part
of the fleet (of every model, or of the model whose line adds capacity fastest).

Every breakout comes from the breakout engine with ``lockstep breakout``'s defaults
(:class:`lockstep.roadmap.breakout_time.BreakoutTime`). Each date is compared with the
deal's own restorable breakout on the same engine (the JCPOA configuration: 5,060 IR-1
enriching, 202.8 kg U at 3.67 %, the fleet of Implementation Day in storage):
``share_of_reference``.

A date is flagged (``lost``) only by what a return cannot undo: knowledge that lets even
the ``destroy`` return fall short of the deal's own breakout, and the losses of
continuity of knowledge (since 23 Feb 2021 rotor production is not monitored; since June
2025 the enriched stock is not verified), never by stock within the limits. Dates the
IAEA could not verify are ``unknown`` unless the last known state is assumed, by the
rule of ``lockstep breakout``; assumed dates carry a range from the unverified stock
(from all of it accounted for to all of it hidden).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.roadmap.breakout_time import BreakoutTime, verified_status
from lockstep.roadmap.catalogue import data_file

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState

Policy = Literal["store", "destroy"]
POLICIES: tuple[Policy, ...] = ("store", "destroy")
#: ``restorable``: a return can restore the deal's breakout and nothing irreversible is
#: lost; ``lost``: something a return cannot undo; ``unknown``: no verified state.
Status = Literal["restorable", "lost", "unknown"]
#: Implementation Day (GOV/INF/2016/1): the deal's own configuration is its fleet then.
IMPLEMENTATION_DAY = dt.date(2016, 1, 16)
#: Shares of the fleet to rebuild tried by the ``destroy`` return (the best is kept).
REBUILD_SHARES: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0)
_SHARE_TOL = 0.02
_DAYS_PER_YEAR = 365.25


# --------------------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class Pace:
    """A range with its source (machines per year, or days).

    Attributes
    ----------
    low, central, high
        The range [machines/yr or days].
    status
        ``derived``, ``inference``, ``judgement``.
    source
        Where it comes from.
    """

    low: float
    central: float
    high: float
    status: str
    source: str


@dataclass(frozen=True)
class ContinuityLoss:
    """Something the IAEA can no longer establish, and since when.

    Attributes
    ----------
    id
        Short id.
    since
        First day of the loss.
    what
        What is lost, in words.
    why
        Why a return cannot undo it, in words.
    undeclared_pace
        Whether machines may have been made unseen since (rotor production unmonitored).
    status, source
        How the fact is known and where from.
    """

    id: str
    since: dt.date
    what: str
    why: str
    undeclared_pace: bool
    status: str
    source: str


@dataclass(frozen=True)
class Knowledge:
    """Knowledge as capacity (``data/roadmap/knowledge.yaml``).

    Attributes
    ----------
    paces
        Machines per year Iran has been seen to make and install, per model.
    lead_days
        Days before the first rebuilt machines enrich.
    continuity
        Losses of continuity of knowledge, by date.
    """

    paces: Mapping[str, Pace]
    lead_days: Pace
    continuity: tuple[ContinuityLoss, ...]

    def pace(self, model: str) -> float:
        """Central pace for ``model`` [machines/yr] (the slowest known if none)."""
        if model in self.paces:
            return self.paces[model].central
        return min(p.central for p in self.paces.values())

    def rebuild_days(self, machines: Mapping[str, float], lead_days: float) -> float:
        """Days to make and install ``machines`` again, one line per model [days]."""
        if not any(n > 0 for n in machines.values()):
            return 0.0
        return lead_days + max(
            n / self.pace(m) * _DAYS_PER_YEAR for m, n in machines.items() if n > 0
        )

    def losses_by(self, day: dt.date) -> tuple[ContinuityLoss, ...]:
        """Losses of continuity on or before ``day``."""
        return tuple(c for c in self.continuity if c.since <= day)


def _range(raw: Mapping[str, Any], where: str) -> Pace:
    try:
        low, central, high = float(raw["low"]), float(raw["central"]), float(raw["high"])
    except (KeyError, TypeError, ValueError):
        raise DataError(
            "knowledge.yaml: expected low, central and high numbers", field=where
        ) from None
    if not 0 < low <= central <= high:
        raise DataError("knowledge.yaml: expected 0 < low <= central <= high", field=where)
    source = str(raw.get("source", "")).strip()
    if not source:
        raise DataError("knowledge.yaml: every figure needs a source", field=where)
    return Pace(low, central, high, str(raw.get("status", "")), source)


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The packaged knowledge file, checked (a :class:`DataError` names the field)."""
    data = load_yaml(data_file("knowledge.yaml").read_text("utf-8"))
    paces = {m: _range(v, f"pace_per_year.{m}") for m, v in data["pace_per_year"].items()}
    losses = []
    for i, c in enumerate(data["continuity"]):
        since = c.get("since")
        if not isinstance(since, dt.date):
            raise DataError("knowledge.yaml: expected a date", field=f"continuity[{i}].since")
        losses.append(
            ContinuityLoss(
                str(c["id"]),
                since,
                " ".join(str(c["what"]).split()),
                " ".join(str(c["why"]).split()),
                bool(c.get("undeclared_pace", False)),
                str(c.get("status", "")),
                str(c.get("source", "")),
            )
        )
    return Knowledge(
        paces, _range(data["lead_days"], "lead_days"), tuple(sorted(losses, key=lambda c: c.since))
    )


# --------------------------------------------------------------------------- assumptions


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
        Lead time before destroyed machines come back [days]; None: the knowledge file's
        central value. The rest of the rebuild time grows with the fleet to rebuild.
    knowledge_kept
        Count, at each date, the largest fleet of each model reached so far.
    benchmark_days
        The breakout a return should restore [days] (the 12-month benchmark).
    assume_last_known
        After the loss of access, take the last known figures (else ``unknown``).
    deal_date
        Date of the deal's own configuration (Implementation Day).
    """

    stock_cap_kg_u: float = 202.8
    cap_assay: float = 0.0367
    retained_model: str = "IR-1"
    retained_count: int = 5060
    reinstall_days: int = 60
    rebuild_days: int | None = None
    knowledge_kept: bool = True
    benchmark_days: float = 365.0
    assume_last_known: bool = False
    deal_date: dt.date = IMPLEMENTATION_DAY

    def lead_days(self, knowledge: Knowledge) -> float:
        """Days before the first rebuilt machines enrich [days]."""
        return (
            float(self.rebuild_days)
            if self.rebuild_days is not None
            else knowledge.lead_days.central
        )


# --------------------------------------------------------------------------- rows


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
        Effective capacity of the machines kept enriching [kg-SWU/yr].
    other_swu_per_year
        Effective capacity of every other machine (stored, or destroyed but
        rebuildable) [kg-SWU/yr].
    fleet
        Machines counted per model.
    breakout_operating_days
        Breakout with the retained machines only [days].
    breakout_restorable_days
        Best breakout with the other machines back (reinstalled or rebuilt) [days].
    meets_benchmark
        Whether the restorable breakout reaches the benchmark.
    verified
        Whether the state's figures were verifiable at that date.
    notes
        Caveats (estimated stocks, unknown fleet...).
    meets_reference
        Whether the restorable breakout reaches the deal's own.
    share_of_reference
        Restorable breakout / the deal's own restorable breakout [unitless]; None when
        unknown.
    share_of_reference_range
        ``(low, high)`` [unitless]: low with the machines that may have been made unseen
        and the unverified stock hidden, high with none; None when unknown.
    status
        ``restorable``, ``lost`` or ``unknown`` (the same for both policies of a date).
    because
        Why, in plain words: what is lost, since when, and why.
    rebuild_days
        Days to rebuild every destroyed machine (``destroy``; 0 for ``store``) [days].
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
    share_of_reference: float | None = None
    share_of_reference_range: tuple[float, float] | None = None
    status: Status = "restorable"
    because: str = ""
    rebuild_days: float = 0.0


@dataclass(frozen=True)
class NoReturnResult:
    """The restorable breakout at every report date, and the point of no return.

    Attributes
    ----------
    rows
        One row per date and policy, by date.
    reference_days
        The deal's own restorable breakout on the same engine [days].
    reference_operating_days
        The JCPOA configuration's breakout with its enriching machines only [days].
    first_date_below
        Per policy, the first date after which the benchmark is never restored again.
    first_date_below_reference
        The same against ``reference_days``.
    first_date_lost
        The first date from which every date is ``lost`` (None if none).
    losses
        The losses of continuity of knowledge up to the last date.
    statements
        The conclusion in words (per policy, and ``summary``).
    assumptions
        What was assumed.
    source
        Where the states came from.
    device
        The breakout device used.
    knowledge
        The knowledge file used.
    """

    rows: tuple[RestorableBreakout, ...]
    reference_days: float
    first_date_below: Mapping[str, dt.date | None]
    statements: Mapping[str, str]
    assumptions: ReturnAssumptions
    source: str
    first_date_below_reference: Mapping[str, dt.date | None] = field(default_factory=dict)
    reference_operating_days: float = math.nan
    first_date_lost: dt.date | None = None
    losses: tuple[ContinuityLoss, ...] = ()
    device: BreakoutTime | None = None
    knowledge: Knowledge | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON form (documented in ``docs/roadmap.md``)."""
        a = self.assumptions
        k = self.knowledge or load_knowledge()
        device = self.device or BreakoutTime.like_breakout()
        models = sorted({m for r in self.rows for m in r.fleet} | {a.retained_model})
        return {
            "benchmark_days": a.benchmark_days,
            "reference_days": _num(self.reference_days),
            "reference_operating_days": _num(self.reference_operating_days),
            "source": self.source,
            "first_date_below": _dates(self.first_date_below),
            "first_date_below_reference": _dates(self.first_date_below_reference),
            "first_date_lost": self.first_date_lost.isoformat() if self.first_date_lost else None,
            "losses": [
                {
                    "what": c.what,
                    "since": c.since.isoformat(),
                    "why": c.why,
                    "status": c.status,
                    "source": c.source,
                }
                for c in self.losses
            ],
            "statements": dict(self.statements),
            "assumptions": {
                "stock_cap_kg_u": a.stock_cap_kg_u,
                "cap_assay": a.cap_assay,
                "retained": {"model": a.retained_model, "count": a.retained_count},
                "reinstall_days": a.reinstall_days,
                "rebuild_days": a.lead_days(k),
                "rebuild_lead_days": a.lead_days(k),
                "knowledge_kept": a.knowledge_kept,
                "assume_last_known": a.assume_last_known,
                "deal_date": a.deal_date.isoformat(),
                "pace_per_year": {
                    m: {"low": p.low, "central": p.central, "high": p.high, "source": p.source}
                    for m, p in k.paces.items()
                },
                "swu_per_year": {m: device.swu_per_machine_year(m) for m in models},
                "breakout": device.to_json(),
            },
            "rows": [row_json(r) for r in self.rows],
        }


def _dates(values: Mapping[str, dt.date | None]) -> dict[str, str | None]:
    return {p: (d.isoformat() if d else None) for p, d in values.items()}


def row_json(r: RestorableBreakout) -> dict[str, Any]:
    """One row as a flat JSON/CSV mapping."""
    rng = r.share_of_reference_range
    known = r.status != "unknown"
    return {
        "date": r.date.isoformat(),
        "policy": r.policy,
        "status": r.status,
        "share_of_reference": _share(r.share_of_reference),
        "share_of_reference_low": _share(rng[0]) if rng else None,
        "share_of_reference_high": _share(rng[1]) if rng else None,
        "because": r.because,
        "kept_stock_kg_u": round(r.kept_stock_kg_u, 3) if known else None,
        "retained_swu_per_year": round(r.retained_swu_per_year, 1) if known else None,
        "other_swu_per_year": round(r.other_swu_per_year, 1) if known else None,
        "fleet": dict(r.fleet),
        "breakout_operating_days": _num(r.breakout_operating_days),
        "breakout_restorable_days": _num(r.breakout_restorable_days),
        "rebuild_days": _num(r.rebuild_days),
        "meets_benchmark": r.meets_benchmark if known else None,
        "meets_reference": r.meets_reference if known else None,
        "verified": r.verified,
        "notes": list(r.notes),
    }


def _num(x: float | None) -> float | None:
    return round(x, 2) if x is not None and math.isfinite(x) else None


def _share(x: float | None) -> float | None:
    return round(x, 3) if x is not None and math.isfinite(x) else None


# --------------------------------------------------------------------------- parts


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


def _hidden_stock(state: ProgramState, cap_assay: float) -> tuple[tuple[float, float], ...]:
    """Stock above the cap assay whose handover a return could not verify [kg U]."""
    return tuple(
        (f.nominal_assay, f.mass_kg_u)
        for f in state.stocks
        if f.mass_kg_u and f.nominal_assay > cap_assay + 1e-9
    )


def _fleet(state: ProgramState) -> dict[str, int]:
    fleet: dict[str, int] = {}
    for c in state.centrifuges:
        n = c.installed if c.installed is not None else c.enriching
        if n:
            fleet[c.model] = fleet.get(c.model, 0) + n
    return fleet


def _split(fleet: Mapping[str, int], a: ReturnAssumptions) -> tuple[dict[str, int], dict[str, int]]:
    """The retained machines and the others."""
    retained = {a.retained_model: min(fleet.get(a.retained_model, 0), a.retained_count)}
    retained = {m: n for m, n in retained.items() if n > 0}
    others = {m: n - retained.get(m, 0) for m, n in fleet.items() if n - retained.get(m, 0) > 0}
    return retained, others


def _plus(*fleets: Mapping[str, float]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in fleets:
        for m, n in f.items():
            out[m] = out.get(m, 0) + round(n)
    return {m: n for m, n in out.items() if n > 0}


@dataclass(frozen=True)
class _Context:
    device: BreakoutTime
    knowledge: Knowledge
    assumptions: ReturnAssumptions


def restorable_breakout(
    state: ProgramState,
    assumptions: ReturnAssumptions,
    policy: Policy,
    fleet: Mapping[str, int] | None = None,
    device: BreakoutTime | None = None,
    knowledge: Knowledge | None = None,
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
    device
        The breakout device (default: ``lockstep breakout``'s engine at central values).
    knowledge
        Paces and lead time (default: the packaged knowledge file).

    Returns
    -------
    RestorableBreakout
        The restorable breakout and its parts (share and status are set by
        :func:`point_of_no_return`, which knows the reference).
    """
    ctx = _Context(
        device or BreakoutTime.like_breakout(), knowledge or load_knowledge(), assumptions
    )
    return _restorable(state, policy, dict(fleet if fleet is not None else _fleet(state)), ctx)


def _restorable(
    state: ProgramState, policy: Policy, counted: dict[str, int], ctx: _Context
) -> RestorableBreakout:
    a, dev = ctx.assumptions, ctx.device
    kept, notes = _kept_stock(state, a.stock_cap_kg_u)
    stocks = ((a.cap_assay, kept),) if kept > 0 else ()
    retained, others = _split(counted, a)
    b_ops = dev.days(stocks, retained)
    rebuild = 0.0
    if not others:
        b_rest = b_ops
    elif policy == "store":
        b_rest = min(b_ops, a.reinstall_days + dev.days(stocks, counted))
    else:
        lead = a.lead_days(ctx.knowledge)
        rebuild = ctx.knowledge.rebuild_days(others, lead)
        b_rest = b_ops
        # Rebuild a share of every model, or of the model whose line adds capacity fastest
        # (machines per year x output per machine) alone.
        fastest = max(others, key=lambda m: ctx.knowledge.pace(m) * dev.swu_per_machine_year(m))
        for chosen in (others, {fastest: others[fastest]}):
            for share in REBUILD_SHARES:
                part = {m: n * share for m, n in chosen.items()}
                t = ctx.knowledge.rebuild_days(part, lead)
                if t >= b_rest:
                    continue
                b_rest = min(b_rest, t + dev.days(stocks, _plus(retained, part)))
    if not state.verified:
        notes.append("figures not verifiable at this date (last known values)")
    return RestorableBreakout(
        date=state.as_of,
        policy=policy,
        kept_stock_kg_u=kept,
        retained_swu_per_year=dev.effective_capacity(retained),
        other_swu_per_year=dev.effective_capacity(others),
        fleet=counted,
        breakout_operating_days=b_ops,
        breakout_restorable_days=b_rest,
        meets_benchmark=b_rest >= a.benchmark_days,
        verified=state.verified,
        notes=tuple(notes),
        rebuild_days=rebuild,
    )


def reference_breakout_days(
    deal_fleet: Mapping[str, int],
    assumptions: ReturnAssumptions | None = None,
    device: BreakoutTime | None = None,
) -> tuple[float, float]:
    """The deal's own breakout: ``(restorable, operating)`` [days].

    The JCPOA configuration on the breakout engine: the retained machines enriching,
    the cap stock at the cap assay, and the rest of ``deal_fleet`` (the fleet at the
    deal) in storage, reinstallable after ``reinstall_days``.
    """
    a = assumptions or ReturnAssumptions()
    dev = device or BreakoutTime.like_breakout()
    stocks = ((a.cap_assay, a.stock_cap_kg_u),)
    fleet = dict(deal_fleet)
    fleet[a.retained_model] = max(fleet.get(a.retained_model, 0), a.retained_count)
    retained, others = _split(fleet, a)
    ops = dev.days(stocks, retained)
    if not others:
        return ops, ops
    return min(ops, a.reinstall_days + dev.days(stocks, fleet)), ops


# --------------------------------------------------------------------------- analysis


def point_of_no_return(
    states: Sequence[ProgramState],
    assumptions: ReturnAssumptions | None = None,
    *,
    source: str = "given",
    device: BreakoutTime | None = None,
    knowledge: Knowledge | None = None,
) -> NoReturnResult:
    """Restorable breakout at every date, its share of the deal's own, and what is lost.

    Parameters
    ----------
    states
        Program states at the report dates (any order).
    assumptions
        Return assumptions (defaults documented on :class:`ReturnAssumptions`).
    source
        Where the states come from, for the output.
    device
        Breakout device (default: ``lockstep breakout``'s engine at central values).
    knowledge
        Paces, lead time and losses of continuity (default: the packaged file).

    Raises
    ------
    DataError
        If no state is given.
    """
    a = assumptions or ReturnAssumptions()
    if not states:
        raise DataError("no program states to analyse", field="states")
    ctx = _Context(device or BreakoutTime.like_breakout(), knowledge or load_knowledge(), a)
    ordered = sorted(states, key=lambda s: s.as_of)
    deal: dict[str, int] = {}
    for s in ordered:
        if s.as_of <= a.deal_date:
            for m, n in _fleet(s).items():
                deal[m] = max(deal.get(m, 0), n)
    reference, reference_ops = reference_breakout_days(deal, a, ctx.device)
    rows: list[RestorableBreakout] = []
    peak: dict[str, int] = {}
    for state in ordered:
        fleet = _fleet(state)
        if a.knowledge_kept:
            for model, n in fleet.items():
                peak[model] = max(peak.get(model, 0), n)
            fleet = dict(peak)
        rows.extend(_date_rows(state, fleet, reference, ctx))
    first: dict[str, dt.date | None] = {}
    first_ref: dict[str, dt.date | None] = {}
    statements: dict[str, str] = {}
    for policy in POLICIES:
        mine = [r for r in rows if r.policy == policy and r.status != "unknown"]
        first[policy] = _first_lost(mine, lambda r: r.meets_benchmark)
        first_ref[policy] = _first_lost(mine, lambda r: r.meets_reference)
        statements[policy] = _statement(policy, mine, first[policy], a, reference)
    lost = _first_lost(
        [r for r in rows if r.policy == "destroy" and r.status != "unknown"],
        lambda r: r.status != "lost",
    )
    last_day = ordered[-1].as_of
    losses = ctx.knowledge.losses_by(last_day)
    statements["summary"] = _summary(lost, losses, reference, rows)
    return NoReturnResult(
        rows=tuple(rows),
        reference_days=reference,
        first_date_below=first,
        statements=statements,
        assumptions=a,
        source=source,
        first_date_below_reference=first_ref,
        reference_operating_days=reference_ops,
        first_date_lost=lost,
        losses=losses,
        device=ctx.device,
        knowledge=ctx.knowledge,
    )


def _date_rows(
    state: ProgramState, fleet: dict[str, int], reference: float, ctx: _Context
) -> list[RestorableBreakout]:
    a = ctx.assumptions
    status_now, why_unknown = verified_status(state, a.assume_last_known)
    losses = ctx.knowledge.losses_by(state.as_of)
    lost_words = [f"{c.what} lost since {c.since:%d %b %Y}: {c.why}" for c in losses]
    if status_now == "unknown":
        because = "; ".join([f"unknown: {why_unknown}", *lost_words])
        return [
            RestorableBreakout(
                date=state.as_of,
                policy=p,
                kept_stock_kg_u=math.nan,
                retained_swu_per_year=math.nan,
                other_swu_per_year=math.nan,
                fleet=fleet,
                breakout_operating_days=math.nan,
                breakout_restorable_days=math.nan,
                meets_benchmark=False,
                verified=state.verified,
                notes=(why_unknown,),
                meets_reference=False,
                status="unknown",
                because=because,
            )
            for p in POLICIES
        ]
    rows = {p: _restorable(state, p, fleet, ctx) for p in POLICIES}
    share = {p: r.breakout_restorable_days / reference for p, r in rows.items()}
    low = {p: _low_share(state, rows[p], fleet, reference, ctx) for p in POLICIES}
    best = max(share.values())
    knowledge_lost = best < 1.0 - _SHARE_TOL
    status: Status = "lost" if (knowledge_lost or losses) else "restorable"
    out = []
    for p, r in rows.items():
        words = _because(p, share, knowledge_lost, lost_words, r, low[p])
        out.append(
            dataclasses.replace(
                r,
                meets_reference=r.breakout_restorable_days >= reference * (1 - 1e-9),
                share_of_reference=share[p],
                share_of_reference_range=(min(low[p], share[p]), share[p]),
                status=status,
                because=words,
            )
        )
    return out


def _low_share(
    state: ProgramState,
    row: RestorableBreakout,
    fleet: Mapping[str, int],
    reference: float,
    ctx: _Context,
) -> float:
    """Share if machines made unseen and unverified stock were hidden [unitless]."""
    k, a = ctx.knowledge, ctx.assumptions
    unseen = [c for c in k.losses_by(state.as_of) if c.undeclared_pace]
    hidden_stock = not state.verified or any(
        c.id == "enriched_stock" for c in k.losses_by(state.as_of)
    )
    covert: dict[str, int] = {}
    if unseen:
        years = (state.as_of - unseen[0].since).days / _DAYS_PER_YEAR
        # A covert line makes the best model it has been seen to make.
        models = [m for m in fleet if m in k.paces]
        if models and years > 0:
            best = max(models, key=ctx.device.swu_per_machine_year)
            covert[best] = int(k.pace(best) * years)
    stocks = _hidden_stock(state, a.cap_assay) if hidden_stock else ()
    if not covert and not stocks:
        return row.breakout_restorable_days / reference
    # The covert plant is fed with the hidden stock (or natural uranium); without
    # undeclared machines the hidden stock goes to the machines kept enriching.
    machines = covert or _split(fleet, a)[0]
    days = ctx.device.days(stocks, machines)
    return min(row.breakout_restorable_days, days) / reference


def _because(
    policy: Policy,
    share: Mapping[Policy, float],
    knowledge_lost: bool,
    lost_words: Sequence[str],
    row: RestorableBreakout,
    low: float,
) -> str:
    mine = share[policy]
    how = (
        "storing the machines beyond the deal's 5,060 IR-1"
        if policy == "store"
        else "destroying the machines beyond the deal's 5,060 IR-1 (rebuilt at the pace "
        "seen before)"
    )
    parts = [
        f"a return {how} restores {row.breakout_restorable_days:.0f} days, "
        f"{mine:.2f} of the deal's own restorable breakout"
    ]
    if knowledge_lost:
        parts.append(
            "knowledge lost: even destroying every machine beyond the deal's leaves less "
            "than the deal's own breakout, because the machines come back faster than the "
            "deal's stored fleet"
        )
    elif policy == "store" and mine < 1.0 - _SHARE_TOL:
        parts.append(
            f"destroying them instead restores {share['destroy']:.2f}: storage can be undone"
        )
    parts.extend(lost_words)
    if low < mine - _SHARE_TOL:
        parts.append(f"with what may be hidden, as little as {low:.2f}")
    if not lost_words and not knowledge_lost:
        parts.append("stock within the limits is kept; nothing a return cannot undo")
    return "; ".join(parts)


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
    how = (
        f"machines stored, reinstalled in {a.reinstall_days} days"
        if policy == "store"
        else "machines destroyed, rebuilt at the pace seen before"
    )
    if not rows:
        return f"{policy} ({how}): no date with a known state"
    last = rows[-1]
    bench = f"{a.benchmark_days:g} days"
    got = f"at {last.date} a return restores {last.breakout_restorable_days:.0f} days"
    if first is None:
        head = f"a full return could still restore {bench} ({got})"
    elif first == rows[0].date:
        head = f"no report date from {rows[0].date} on restores {bench} ({got})"
    else:
        head = f"a full return could no longer restore {bench} after {first} ({got})"
    share = last.share_of_reference
    tail = (
        f"{share:.2f} of the deal's own restorable breakout ({reference:.0f} days)"
        if share is not None
        else ""
    )
    return f"{policy} ({how}): {head}; {tail}"


def _summary(
    lost: dt.date | None,
    losses: Sequence[ContinuityLoss],
    reference: float,
    rows: Sequence[RestorableBreakout],
) -> str:
    ref = f"the deal's own restorable breakout is {reference:.0f} days on the breakout engine"
    if lost is None:
        return f"nothing a return cannot undo is lost at the last date; {ref}"
    what = "; ".join(f"{c.what} since {c.since:%d %b %Y}" for c in losses)
    unknown = [r.date for r in rows if r.status == "unknown"]
    tail = f"; from {unknown[0]} the state is unknown (use --assume-last-known)" if unknown else ""
    return f"lost from {lost}: {what or 'knowledge'}; {ref}{tail}"


# --------------------------------------------------------------------------- states


def record_states(end: dt.date | None = None) -> list[ProgramState]:
    """Program states at every IAEA report date with centrifuge or stock figures.

    The dates are the record's report dates (total-stock figures) plus the dates of
    centrifuge figures, so the pre-JCPOA fleet (e.g. GOV/2015/50) counts towards the
    knowledge kept, plus ``end`` (default today) when it falls after them, so the
    analysis reaches the present (``unknown`` after the loss of access unless assumed);
    dates with no centrifuge figure at all are left out.
    """
    from lockstep.record import load_record, state_at

    record = load_record()
    dates = set(record.report_dates())
    dates.update(o.as_of for o in record.select("centrifuges_installed") if o.value is not None)
    last = end or dt.date.today()
    dates = {d for d in dates if d <= last}
    if not dates or last > max(dates):
        dates.add(last)
    states = [state_at(day, record) for day in sorted(dates)]
    return [s for s in states if _fleet(s)]


def states_for_analysis(end: dt.date | None = None) -> tuple[list[ProgramState], str]:
    """The record's states at its report dates (to ``end``), and where they come from."""
    return record_states(end), "record"
