"""The JSON contract of a breakout assessment (documented in ``docs/breakout.md``).

Assays are percent (``*_pct``) at this edge; masses kg U, work kg-SWU, durations days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lockstep.assessment.breakout import BreakoutAssessment
from lockstep.assessment.options import BreakoutOptions
from lockstep.physics.breakout import (
    BreakoutResult,
    Percentiles,
    ensemble_parameters,
    weaponization_days,
)

#: Months shown as milestones of the quantities held (``quantities_after_months``).
MILESTONE_MONTHS: tuple[int, ...] = (1, 3, 6, 12)


def _pct(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100.0, 6)


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    return value


def _percentiles(p: Percentiles | None) -> dict[str, float | None]:
    if p is None:
        return {"p10": None, "p50": None, "p90": None}
    return {"p10": p.p10, "p50": p.p50, "p90": p.p90}


def _distribution(dist: Any) -> dict[str, Any]:
    return dict(dist.to_dict())


def assumptions_payload(options: BreakoutOptions, result: BreakoutResult | None) -> dict[str, Any]:
    """The ``assumptions`` object of the JSON contract."""
    a = options.assumptions
    q = options.quantity
    tails = a.tails
    if tails.kind == "fixed":
        tails_payload: dict[str, Any] = {"policy": "fixed", "tails_pct": _pct(tails.fixed_assay)}
    else:
        tails_payload = {
            "policy": "best",
            "bands": [
                {
                    "feed_up_to_pct": _pct(b.feed_assay_max),
                    "low_pct": _pct(b.low),
                    "high_pct": _pct(b.high),
                }
                for b in tails.bands
            ],
            "source": tails.to_dict()["source"],
        }
    swu: dict[str, Any] = {}
    if result is not None:
        for fleet in result.fleets:
            swu[fleet.model] = _distribution(fleet.swu_per_machine_year)
    return {
        "quantity": {
            "name": q.name,
            "mass_kg_u": q.mass_kg_u,
            "assay_pct": _pct(q.assay),
            "u235_kg": q.u235_kg,
        },
        "model": options.model,
        "machines": options.machines,
        "sites": list(options.site_ids()) or "all",
        "stocks_allowed": list(options.stocks) if options.stocks is not None else "all",
        "covert_plant": (
            {"model": options.covert.model, "machines": options.covert.machines}
            if options.covert is not None
            else None
        ),
        "swu_per_machine_year": swu,
        "effectiveness": _distribution(a.effectiveness),
        "setup_days": _distribution(a.setup_days),
        "tails": tails_payload,
        "natural_uranium": "unlimited" if a.unlimited_natural else "none",
        "natural_assay_pct": _pct(a.natural_assay),
        "days_per_year": a.days_per_year,
        "days_per_month": a.days_per_year / 12.0,
        "batch_recycle": {
            "ladder_pct": [_pct(r) for r in a.ladder],
            "min_pass_gain": a.min_pass_gain,
            "phase_quantities": a.phase_quantities,
            "lots_per_quantity": a.lots_per_quantity,
        },
        "assume_last_known": options.assume_last_known,
        "weaponization": _distribution(ensemble_parameters().weaponization_days),
        "ensemble": (
            _iso(result.ensemble_inputs)
            if result is not None and result.ensemble_inputs
            else (ensemble_parameters().to_dict() if options.model == "ensemble" else None)
        ),
    }


def milestones(result: BreakoutResult | None) -> list[dict[str, Any]]:
    """Whole quantities held after 1, 3, 6 and 12 months (those the result counts)."""
    if result is None:
        return []
    by_month = dict(result.quantities_by_month)
    return [{"month": m, **by_month[m].to_dict()} for m in MILESTONE_MONTHS if m in by_month]


def structures_payload(result: BreakoutResult | None) -> list[dict[str, Any]]:
    """The ``structures`` list: each structure's weight, samples and own answer."""
    if result is None:
        return []
    return [
        {
            "name": s.name,
            "weight": s.weight,
            "samples": s.samples,
            "first_quantity_days": _percentiles(s.first_quantity_days),
            "reason": s.reason,
        }
        for s in result.structures
    ]


def inputs_payload(assessment: BreakoutAssessment) -> dict[str, Any]:
    """The ``inputs`` object of the JSON contract."""
    result = assessment.result
    stocks = []
    fleets = []
    if result is not None:
        stocks = [
            {
                "label": s.label,
                "assay_pct": _pct(s.assay),
                "mass_kg_u": s.mass_kg_u,
                "status": s.status,
                "figure_as_of": s.figure_as_of,
                "source": s.source,
            }
            for s in result.stocks
        ]
        fleets = [
            {
                "site": f.site,
                "model": f.model,
                "machines": f.machines,
                "count": f.status,
                "figure_as_of": f.figure_as_of,
                "source": f.source,
            }
            for f in result.fleets
        ]
    return {
        "stocks": stocks,
        "fleets": fleets,
        "machines_total": sum(f.machines for f in result.fleets) if result else 0,
        **assessment.context,
    }


def payload(assessment: BreakoutAssessment) -> dict[str, Any]:
    """The documented JSON object of a breakout assessment (``docs/breakout.md``)."""
    result = assessment.result
    options = assessment.options
    q = options.quantity
    body: dict[str, Any] = {
        "as_of": assessment.as_of,
        "label": assessment.label or None,
        "quantity": q.name,
        "quantity_mass_kg_u": q.mass_kg_u,
        "quantity_assay_pct": _pct(q.assay),
        "model": options.model,
        "samples": options.samples,
        "seed": options.seed,
        "status": assessment.status,
        "assumed_last_known": assessment.assumed_last_known,
        "first_quantity_days": _percentiles(result.first_quantity_days if result else None),
        "nth_quantity_days": [
            {"n": n, **p.to_dict()} for n, p in (result.nth_quantity_days if result else ())
        ],
        "quantities_by_month": [
            {"month": m, **p.to_dict()} for m, p in (result.quantities_by_month if result else ())
        ],
        "quantities_after_months": milestones(result),
        "weaponization_days": _percentiles(
            result.weaponization_days
            if result is not None and result.weaponization_days is not None
            else weaponization_days()
        ),
        "structures": structures_payload(result),
        "max_quantities": result.max_quantities if result else None,
        "capacity_swu_per_year": _percentiles(result.capacity_swu_per_year if result else None),
        "nominal_capacity_swu_per_year": _percentiles(
            result.nominal_capacity_swu_per_year if result else None
        ),
        "steps": [
            {
                "step": s.step,
                "label": s.label,
                "feed": s.feed_label,
                "feed_pct": _pct(s.feed_assay),
                "product_pct": _pct(s.product_assay),
                "tails_pct": _pct(s.tails_assay),
                "feed_kg_u": s.feed_kg_u,
                "product_kg_u": s.product_kg_u,
                "tails_kg_u": s.tails_kg_u,
                "swu": s.swu,
                "machines": s.machines,
                "capacity_share": s.capacity_share,
                "days": s.days.to_dict(),
                "line": s.line,
                "quantity_share": s.quantity_share,
            }
            for s in (result.steps if result else ())
        ],
        "sensitivity": [
            {
                "input": e.input,
                "low": e.low,
                "high": e.high,
                "days_at_low": e.days_at_low,
                "days_at_high": e.days_at_high,
                "swing_days": e.swing_days,
                "rank_correlation": e.rank_correlation,
            }
            for e in (result.sensitivity if result else ())
        ],
        "assumptions": assumptions_payload(options, result),
        "inputs": inputs_payload(assessment),
        "last_known": assessment.last_known or None,
        "notes": list(assessment.notes),
    }
    return dict(_iso(body))
