"""The ensemble model: structures and inputs in one Monte Carlo (docs/breakout.md section 3).

* with every input fixed and one structure drawn, the ensemble reproduces that model
  (one model of the world: the structures are the engine's models, not new ones);
* the registry is the one place structures come from, and a new entry joins the draw;
* stock masses are sampled over the record's range or the width of their status;
* the fast deterministic path agrees with the P50 on every report date of the record;
* every verified report date gives ordered P10 < P50 < P90;
* weaponization is the sourced distribution's quantiles, never added to the days.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pytest

import iaea_states
from lockstep.assessment import BreakoutOptions, assess_state, central_days_at
from lockstep.assessment.adapter import select_inputs
from lockstep.errors import DataError
from lockstep.physics.breakout import (
    STRUCTURES,
    Assumptions,
    Distribution,
    Fleet,
    Quantity,
    SampleInputs,
    Stock,
    Structure,
    ensemble_parameters,
    estimate,
    weaponization_days,
)
from lockstep.physics.breakout.ensemble import estimate_ensemble, stock_range
from lockstep.physics.breakout.ensemble_parameters import (
    StructureWeight,
    parse_parameters,
    triangular_quantile,
)

FIXED = Assumptions(effectiveness=Distribution.fixed(0.65), setup_days=Distribution.fixed(7.0))


def _only(name: str) -> object:
    """Parameters drawing structure ``name`` only, with every ensemble input fixed."""
    p = ensemble_parameters()
    fixed = Distribution.fixed
    return dataclasses.replace(
        p,
        structures=(StructureWeight(name, 1.0, "test"),),
        availability=fixed(1.0),
        holdup_loss=fixed(0.0),
        reconfiguration_days=fixed(7.0),
        top_step_cascades=fixed(1e6),
        stock_width={
            k: dataclasses.replace(w, low=1.0, high=1.0) for k, w in p.stock_width.items()
        },
    )


def _fixed_inputs(state_name: str) -> tuple[tuple[Stock, ...], list[Fleet]]:
    inputs = select_inputs(getattr(iaea_states, state_name)(), BreakoutOptions())
    fleets = [
        dataclasses.replace(f, swu_per_machine_year=Distribution.fixed(f.swu_per_machine_year.mode))
        for f in inputs.fleets
    ]
    return inputs.stocks, fleets


@pytest.mark.parametrize("state", ["pre_jcpoa_2015", "jcpoa_limits", "feb_2020", "aug_2024"])
def test_pooled_structure_is_the_swu_budget_model(state: str) -> None:
    stocks, fleets = _fixed_inputs(state)
    kwargs = {"samples": 10, "seed": 0, "n_quantities": 5, "months": 12, "sensitivity": False}
    ens = estimate_ensemble(
        stocks, fleets, Quantity.wgu25(), FIXED, parameters=_only("swu-budget"), **kwargs
    )
    single = estimate(stocks, fleets, Quantity.wgu25(), FIXED, model="swu-budget", **kwargs)
    for (_, a), (_, b) in zip(ens.nth_quantity_days, single.nth_quantity_days, strict=True):
        # 6 tails chords against 64 on the forced-tails part of the least-work curve.
        assert a.p50 == pytest.approx(b.p50, rel=5e-3)
    assert ens.quantities_by_month == single.quantities_by_month


@pytest.mark.parametrize("state", ["pre_jcpoa_2015", "jcpoa_limits", "feb_2020", "aug_2024"])
def test_ladder_structure_agrees_with_batch_recycle_on_the_first_quantity(state: str) -> None:
    stocks, fleets = _fixed_inputs(state)
    kwargs = {"samples": 10, "seed": 0, "n_quantities": 1, "months": 1, "sensitivity": False}
    ens = estimate_ensemble(
        stocks, fleets, Quantity.wgu25(), FIXED, parameters=_only("batch-recycle"), **kwargs
    )
    single = estimate(stocks, fleets, Quantity.wgu25(), FIXED, model="batch-recycle", **kwargs)
    # The ensemble's ladder is the closed form of the same pipeline (every pass equal when
    # the fleet is balanced); the single model simulates it, phases and lots included.
    assert ens.first_quantity_days.p50 == pytest.approx(single.first_quantity_days.p50, rel=0.10)


def test_registry_and_data_file_name_the_same_structures() -> None:
    params = ensemble_parameters()
    assert {s.name for s in params.structures} == set(STRUCTURES)
    assert sum(s.weight for s in params.structures) == pytest.approx(1.0)
    assert all(s.reason for s in params.structures)


class _Constant:
    """A stand-in structure: 100 days to every quantity, none held."""

    def __init__(
        self,
        stocks: Sequence[Stock],
        quantity: Quantity,
        assumptions: Assumptions,
        machines: Mapping[str, tuple[int, Distribution]],
    ) -> None:
        pass

    def evaluate(
        self, inputs: SampleInputs, n_report: int, horizons: np.ndarray, counts: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = horizons.shape[0] if counts else 0
        return np.full((n_report, inputs.size), 100.0), np.zeros((rows, inputs.size), np.int64)


def test_a_new_structure_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(STRUCTURES, "constant", Structure("constant", _Constant))
    params = dataclasses.replace(
        ensemble_parameters(),
        structures=(
            StructureWeight("swu-budget", 0.5, "test"),
            StructureWeight("constant", 0.5, "test"),
        ),
    )
    stocks = [Stock(0.6, 200.0, "up_to_60pct", status="verified")]
    fleets = [Fleet("IR-6", 1000, Distribution.triangular(3.5, 4.5, 6.8))]
    result = estimate_ensemble(
        stocks,
        fleets,
        Quantity.wgu25(),
        Assumptions(),
        samples=2000,
        seed=1,
        n_quantities=1,
        months=1,
        sensitivity=True,
        parameters=params,
    )
    shares = {s.name: s for s in result.structures}
    assert shares["constant"].first_quantity_days is not None
    assert shares["constant"].first_quantity_days.p50 == 100.0
    assert 900 < shares["constant"].samples < 1100
    # Half the samples at 100 days: the P90 is 100, the P10 the pooled model's.
    assert result.first_quantity_days.p90 == 100.0
    assert result.first_quantity_days.p10 < 30
    assert any(e.input == "structure" for e in result.sensitivity)


def test_an_unregistered_structure_in_the_data_file_is_an_error() -> None:
    params = dataclasses.replace(
        ensemble_parameters(), structures=(StructureWeight("stage-level", 1.0, "x"),)
    )
    with pytest.raises(DataError, match="not a registered structure"):
        estimate_ensemble(
            [Stock(0.6, 100.0)],
            [Fleet("IR-6", 100, Distribution.fixed(4.5))],
            Quantity.wgu25(),
            Assumptions(),
            samples=10,
            seed=0,
            n_quantities=1,
            months=1,
            sensitivity=False,
            parameters=params,
        )


def test_weights_must_sum_to_one() -> None:
    text = (
        "structures:\n  swu-budget: {weight: 0.7, reason: x}\n"
        "  batch-recycle: {weight: 0.7, reason: y}\n"
    )
    with pytest.raises(DataError, match="sum to 1"):
        parse_parameters(text + "stock_width: {other: {low: 1, high: 1, reason: z}}\n")


def test_stock_ranges_by_record_range_and_by_status() -> None:
    params = ensemble_parameters()
    ranged = Stock(0.6, 100.0, "a", status="verified", mass_low_kg_u=80.0, mass_high_kg_u=130.0)
    assert stock_range(ranged, params) == (80.0, 130.0)
    verified = stock_range(Stock(0.6, 100.0, "b", status="verified"), params)
    estimated = stock_range(Stock(0.6, 100.0, "c", status="estimated"), params)
    unverified = stock_range(Stock(0.6, 100.0, "d", status="unverified"), params)
    width = [high - low for low, high in (verified, estimated, unverified)]
    assert width[0] < width[1] < width[2]
    assert verified == pytest.approx((98.0, 102.0))


def test_stock_mass_range_must_hold_the_mass() -> None:
    from lockstep.errors import DomainError

    with pytest.raises(DomainError, match="mass range"):
        Stock(0.6, 100.0, "a", mass_low_kg_u=120.0)


def test_the_60pct_range_is_sampled() -> None:
    # Feed-limited: 45 kg of 60 % make one quantity only at favourable tails; its range
    # (unverified: 0.7-1.1) moves the answer, and the ranking says so.
    stocks = [Stock(0.6, 45.0, "up_to_60pct", status="unverified")]
    fleets = [Fleet("IR-6", 2000, Distribution.triangular(3.5, 4.5, 6.8))]
    result = estimate(stocks, fleets, model="ensemble", samples=4000, seed=0, months=3)
    entries = {e.input: e for e in result.sensitivity}
    assert entries["stock:up_to_60pct"].low == pytest.approx(31.5)
    assert entries["stock:up_to_60pct"].high == pytest.approx(49.5)
    assert math_isinf_or_larger(result.first_quantity_days.p90, result.first_quantity_days.p50)


def math_isinf_or_larger(a: float, b: float) -> bool:
    return bool(np.isinf(a) or a > b)


def test_weaponization_is_the_sourced_distribution() -> None:
    dist = ensemble_parameters().weaponization_days
    w = weaponization_days()
    assert (w.p10, w.p50, w.p90) == pytest.approx(
        [triangular_quantile(dist, q) for q in (0.1, 0.5, 0.9)], abs=0.05
    )
    # triangular(90, 365, 730): P10 = 90 + sqrt(0.1 * 640 * 275), P50 = 730 - sqrt(0.5 * 640 * 365)
    assert w.p10 == pytest.approx(222.7, abs=0.05)
    assert w.p50 == pytest.approx(388.2, abs=0.05)
    assert "Milley" in dist.source


def test_weaponization_is_never_added_to_the_material_time() -> None:
    stocks = [Stock(0.6, 200.0, "up_to_60pct", status="verified")]
    fleets = [Fleet("IR-6", 1000, Distribution.triangular(3.5, 4.5, 6.8))]
    result = estimate(stocks, fleets, model="ensemble", samples=2000, seed=0)
    assert result.weaponization_days == weaponization_days()
    assert result.first_quantity_days.p90 < 60  # days to material only, weeks not a year


def test_central_path_agrees_with_the_p50_on_every_report_date() -> None:
    from lockstep.record import load_record, state_at

    record = load_record()
    checked = 0
    for day in record.report_dates():
        state = state_at(day, record)
        if not state.verified or not state.centrifuges:
            continue
        assessment = assess_state(state, BreakoutOptions(samples=10_000, sensitivity=False))
        assert assessment.result is not None
        p50 = assessment.result.first_quantity_days.p50
        assert central_days_at(state) == pytest.approx(p50, rel=0.10), day
        checked += 1
    assert checked >= 25


def test_every_verified_report_date_has_ordered_percentiles() -> None:
    from lockstep.record import load_record, state_at

    record = load_record()
    medians = {}
    for day in record.report_dates():
        state = state_at(day, record)
        if not state.verified or not state.centrifuges:
            continue
        result = assess_state(state, BreakoutOptions(samples=2000, sensitivity=False)).result
        assert result is not None
        first = result.first_quantity_days
        assert 0 < first.p10 < first.p50 < first.p90, day
        medians[day.year] = first.p50
    assert min(medians) <= 2017
    assert max(medians) >= 2025
    # More than a year under the JCPOA, about two weeks from 2023.
    assert medians[2017] > 365
    assert medians[2024] < 20


def test_structure_is_ranked_where_the_structures_disagree() -> None:
    assessment = assess_state(iaea_states.jcpoa_limits(), BreakoutOptions(samples=5000))
    assert assessment.result is not None
    ranking = [e.input for e in assessment.result.sensitivity]
    assert "structure" in ranking[:3]
    structure = next(e for e in assessment.result.sensitivity if e.input == "structure")
    assert structure.rank_correlation > 0.5  # the step ladder (second) is the slower one


@pytest.mark.parametrize("state", ["pre_jcpoa_2015", "jcpoa_limits", "feb_2020", "aug_2024"])
def test_stage_level_structure_is_the_stage_cascade_model(state: str) -> None:
    # One model of the world: with every input fixed (set-up and re-piping both 7 days,
    # every machine available, no hold-up) the ensemble's stage-level cascade gives the
    # days of `--model stage-cascade`.
    stocks, fleets = _fixed_inputs(state)
    kwargs = {"samples": 10, "seed": 0, "n_quantities": 3, "months": 1, "sensitivity": False}
    ens = estimate_ensemble(
        stocks, fleets, Quantity.wgu25(), FIXED, parameters=_only("stage-cascade"), **kwargs
    )
    single = estimate(stocks, fleets, Quantity.wgu25(), FIXED, model="stage-cascade", **kwargs)
    for (_, a), (_, b) in zip(ens.nth_quantity_days, single.nth_quantity_days, strict=True):
        assert a.p50 == pytest.approx(b.p50, rel=1e-9)
    assert {s.name for s in ens.structures} == {"stage-cascade"}


def test_the_three_structures_are_drawn_with_their_weights() -> None:
    weights = {s.name: s.weight for s in ensemble_parameters().structures}
    assert set(weights) == {"swu-budget", "batch-recycle", "stage-cascade"}
    assessment = assess_state(iaea_states.feb_2023(), BreakoutOptions(samples=20_000))
    assert assessment.result is not None
    shares = {s.name: s for s in assessment.result.structures}
    assert set(shares) == set(weights)
    for name, share in shares.items():
        # Binomial: 3 standard deviations of 20,000 draws is under 1 percentage point.
        assert share.samples / 20_000 == pytest.approx(weights[name], abs=0.01), name
        assert share.first_quantity_days is not None
    # Feb 2023: the 60 % stock makes the first quantity in every structure within weeks;
    # the stage-level cascade runs every cascade on one pass from 60 %, the ladder only
    # the few re-piped for 60 -> 90 %.
    days = {n: s.first_quantity_days.p50 for n, s in shares.items() if s.first_quantity_days}
    assert days["stage-cascade"] < days["batch-recycle"]
    assert all(5 < d < 30 for d in days.values())


def test_a_structure_that_cannot_make_a_quantity_has_no_answer_in_its_samples() -> None:
    # 41.5 kg of 60 % without natural uranium: pooled steps at 10-30 % tails make one
    # quantity in most samples; the real cascades, whose tails the stage balance sets,
    # cannot (their samples are infinite and a note says why); the ensemble answers.
    stocks = [Stock(0.6, 41.5, "up_to_60pct", status="verified")]
    fleets = [Fleet("IR-6", 1000, Distribution.triangular(3.5, 4.5, 6.8))]
    assumptions = dataclasses.replace(Assumptions(), unlimited_natural=False)
    result = estimate(stocks, fleets, None, assumptions, model="ensemble", samples=2000, seed=0)
    shares = {s.name: s for s in result.structures}
    stage = shares["stage-cascade"].first_quantity_days
    assert stage is not None
    assert np.isinf(stage.p10)
    pooled = shares["swu-budget"].first_quantity_days
    assert pooled is not None
    assert pooled.p50 < 60
    assert any(n.startswith("stage-cascade:") and "no answer" in n for n in result.notes)
