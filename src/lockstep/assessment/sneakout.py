"""Sneakout at a date: an undeclared plant fed from the stock the IAEA cannot verify.

Picks the stock (:func:`sneakout_stock`), takes its range from the record and runs
:func:`lockstep.physics.breakout.sneakout.sneakout`. The JSON object it returns is the
``sneakout`` object of ``lockstep breakout --sneakout --json`` (docs/breakout.md),
reported apart from breakout at declared sites.
"""

from __future__ import annotations

from typing import Any

from lockstep.assessment.options import BreakoutOptions
from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics.breakout import Distribution, canonical_model, swu_distribution
from lockstep.physics.breakout.sneakout import PARAMETERS, sneakout, sneakout_parameters
from lockstep.record.model import ProgramState, StockFigure


def sneakout_stock(state: ProgramState) -> StockFigure:
    """The stock a sneakout would be fed from.

    The highest-assay band whose figure is not verified at the date (after the loss of
    access, the 60 % stock); on a verified date, the highest-assay band held (its
    diversion would be the first step and, under inspection, a detectable one).

    Raises
    ------
    InfeasibleError
        If the state has no stock figure to feed from.
    """
    held = [s for s in state.stocks if s.mass_kg_u and s.mass_kg_u > 0]
    if not held:
        raise InfeasibleError(
            f"no enriched-uranium stock on record at {state.as_of} to feed a sneakout plant"
        )
    unverified = [s for s in held if s.status != "verified"]
    pool = unverified or held
    return max(pool, key=lambda s: (s.nominal_assay, s.mass_kg_u or 0.0))


def _stock_range(figure: StockFigure, fraction: Distribution) -> tuple[Distribution, str]:
    from lockstep.record import load_record

    mass = float(figure.mass_kg_u or 0.0)
    obs = load_record().get(figure.observation_id) if figure.observation_id else None
    low = getattr(obs, "value_low", None)
    high = getattr(obs, "value_high", None)
    source = f"{figure.report or ''} ({figure.observation_id or 'record'})".strip()
    if low is not None and high is not None and float(high) > float(low):
        return (
            Distribution.triangular(float(low), mass, float(high), f"record range, {source}"),
            "record value_low/value_high",
        )
    return (
        Distribution.triangular(
            fraction.low * mass,
            fraction.mode * mass,
            fraction.high * mass,
            f"{source} x stock_available_fraction",
        ),
        "last figure x stock_available_fraction (the record gives no range)",
    )


def _tails(options: BreakoutOptions) -> dict[str, Any]:
    """The tails policy in the breakout contract's form (percent)."""
    from lockstep.assessment.payload import assumptions_payload

    return dict(assumptions_payload(options, None)["tails"])


def assess_sneakout(state: ProgramState, options: BreakoutOptions | None = None) -> dict[str, Any]:
    """The ``sneakout`` JSON object at ``state.as_of``.

    Parameters
    ----------
    state
        The program state (unverified dates included: that is the question).
    options
        Quantity, samples, seed, engine assumptions and output overrides.

    Returns
    -------
    dict
        ``first_quantity_days``, ``plant_ready_days``, ``enrichment_days``,
        ``quantities_possible`` (each ``{p10, p50, p90}``), ``stock``, ``machines``,
        ``assumptions``, ``sensitivity``, ``samples``, ``seed``, ``notes``.
    """
    options = options or BreakoutOptions()
    params = sneakout_parameters()
    figure = sneakout_stock(state)
    if figure.nominal_assay >= options.quantity.assay:
        raise DomainError(
            "--sneakout",
            f"a quantity above the assay of the stock it would be fed from ({figure.band}, "
            f"{figure.nominal_assay * 100:g} %)",
        )
    stock, range_basis = _stock_range(figure, params["stock_available_fraction"].distribution)
    model = canonical_model(params.centrifuge_model)
    output = options.swu_overrides.get(model, swu_distribution(model))
    result = sneakout(
        stock,
        figure.nominal_assay,
        output,
        quantity=options.quantity,
        assumptions=options.assumptions,
        parameters=params,
        samples=options.samples,
        seed=options.seed,
    )
    a = options.assumptions
    notes = [
        "sneakout: an undeclared plant that must first be built, reported apart from "
        "breakout at declared sites; days to material, not to a weapon",
    ]
    if figure.status == "verified":
        notes.append(
            f"the {figure.band} stock is verified at this date: feeding it to an undeclared "
            "plant means diverting it from IAEA verification first"
        )
    return {
        "first_quantity_days": result.first_quantity_days.to_dict(),
        "plant_ready_days": result.plant_ready_days.to_dict(),
        "enrichment_days": result.enrichment_days.to_dict(),
        "quantities_possible": result.quantities_possible.to_dict(),
        "stock": {
            "band": figure.band,
            "assay_pct": round(figure.nominal_assay * 100.0, 6),
            "status": figure.status,
            "figure_kg_u": figure.mass_kg_u,
            "figure_as_of": figure.figure_as_of.isoformat() if figure.figure_as_of else None,
            "report": figure.report,
            "mass_kg_u": {"low": stock.low, "mode": stock.mode, "high": stock.high},
            "sampled_kg_u": result.stock_kg_u.to_dict(),
            "range_basis": range_basis,
        },
        "machines": {
            "model": model,
            "model_basis": params.centrifuge_model_basis,
            "swu_per_machine_year": output.to_dict(),
        },
        "assumptions": {
            **{name: params[name].to_dict() for name in PARAMETERS},
            "effectiveness": a.effectiveness.to_dict(),
            "tails": _tails(options),
            "plant_assumed_built": False,
        },
        "sensitivity": [
            {"input": name, "rank_correlation": rho} for name, rho in result.sensitivity
        ],
        "quantity": options.quantity.name,
        "samples": result.samples,
        "seed": result.seed,
        "notes": notes,
    }
