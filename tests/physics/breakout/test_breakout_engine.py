"""The Monte Carlo engine: reference values, the JCPOA configuration, reproducibility."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics import swu_per_product
from lockstep.physics.breakout import (
    Assumptions,
    Distribution,
    Fleet,
    Quantity,
    Stock,
    estimate,
    swu_distribution,
)
from lockstep.physics.breakout.batch_recycle import Phase, schedule
from lockstep.physics.breakout.plan import Job

IR1 = swu_distribution("IR-1")


def pool(swu_per_year: float) -> list[Fleet]:
    """A fleet with exactly ``swu_per_year`` of capacity (model.md's pooled capacity)."""
    return [Fleet("pool", int(swu_per_year), Distribution.fixed(1.0, "model.md 8.2"))]


# ------------------------------------------------------------- roadmap/model.md 8.2


@pytest.mark.parametrize(
    ("stocks", "swu", "days_12250", "days_3750"),
    [
        (
            [Stock(0.60, 400.0, "60"), Stock(0.20, 200.0, "20"), Stock(0.0367, 200.0, "3.67")],
            118.8,
            3.54,
            11.57,
        ),
        (
            [Stock(0.60, 200.0, "60"), Stock(0.20, 200.0, "20"), Stock(0.0367, 200.0, "3.67")],
            118.8,
            3.54,
            11.57,
        ),
        ([Stock(0.20, 200.0, "20"), Stock(0.0367, 200.0, "3.67")], 465.3, 13.86, 45.29),
        ([Stock(0.0367, 200.0, "3.67")], 3606.6, 107.46, 351.05),
    ],
)
def test_swu_budget_reproduces_model_md(
    stocks: list[Stock], swu: float, days_12250: float, days_3750: float
) -> None:
    # model.md 8.2 configuration: fixed tails 0.005, each stock a single-step feed, no
    # set-up, quantity 25 kg U-235 at 90 %, 365-day year; tolerances are model.md's own
    # (SWU +/- 0.05, days +/- 0.01).
    ref = Assumptions.roadmap_reference()
    for capacity, days in ((12250, days_12250), (3750, days_3750)):
        result = estimate(stocks, pool(capacity), Quantity.iaea_sq(), ref, samples=3)
        assert math.fsum(s.swu for s in result.steps) == pytest.approx(swu, abs=0.05)
        assert result.first_quantity_days.p10 == pytest.approx(days, abs=0.01)
        assert result.first_quantity_days.p90 == pytest.approx(days, abs=0.01)


def test_model_md_restored_breakout_with_reinstall() -> None:
    # model.md 8.2: stored machines, reinstall 60 days: min(351.05, 60 + 107.46) = 167.46.
    ref = Assumptions.roadmap_reference()
    stocks = [Stock(0.0367, 200.0, "3.67")]
    slow = estimate(stocks, pool(3750), Quantity.iaea_sq(), ref, samples=1)
    fast = estimate(stocks, pool(12250), Quantity.iaea_sq(), ref, samples=1)
    restored = min(slow.first_quantity_days.p50, 60.0 + fast.first_quantity_days.p50)
    assert restored == pytest.approx(167.46, abs=0.01)


# -------------------------------------------------------------------- JCPOA limits


JCPOA_STOCKS = [
    Stock(0.0367, 202.8, "up_to_5pct", "JCPOA Annex I stockpile limit (300 kg UF6 = 202.8 kg U)")
]
JCPOA_FLEET = [
    Fleet("IR-1", 5060, IR1, site="natanz_fep", source="JCPOA Annex I (5,060 IR-1 at Natanz)")
]


def test_jcpoa_configuration_is_about_a_year() -> None:
    # Reasoning, with every input from physics or operations (none fitted):
    # * 202.8 kg U of 3.67 % fed at 0.7 % tails (lowest of its band, the stock is short)
    #   makes 202.8 * (0.0367 - 0.007) / (0.9 - 0.007) = 6.74 kg of 90 %, for 355.6 SWU;
    # * the other 18.26 kg come from natural uranium at 0.5 % tails: 2,813.0 SWU;
    # * 5,060 IR-1 x 0.75 SWU/yr x effectiveness 0.65 = 2,467 SWU/yr;
    # * 3,168.6 / 2,467 * 365.25 = 469.2 days, plus 7 days of set-up = 476.2 days with
    #   every input at its central value; the Monte Carlo median is a little longer
    #   (1/output is convex). Order of a year: the figure the deal was designed around.
    central = Assumptions(
        effectiveness=Distribution.fixed(0.65),
        setup_days=Distribution.fixed(7.0),
    )
    fixed_fleet = [Fleet("IR-1", 5060, Distribution.fixed(0.75))]
    deterministic = estimate(JCPOA_STOCKS, fixed_fleet, assumptions=central, samples=1)
    from_leu = 202.8 * (0.0367 - 0.007) / (0.9 - 0.007)
    swu = from_leu * float(swu_per_product(0.0367, 0.9, 0.007)) + (25.0 - from_leu) * float(
        swu_per_product(0.00711, 0.9, 0.005)
    )
    assert swu == pytest.approx(3168.6, abs=0.1)
    expected = swu / (5060 * 0.75 * 0.65) * 365.25 + 7.0
    assert deterministic.first_quantity_days.p50 == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(476.2, abs=0.1)

    result = estimate(JCPOA_STOCKS, JCPOA_FLEET, samples=10_000, seed=0)
    first = result.first_quantity_days
    assert first.p50 == pytest.approx(481.3, abs=1.0)  # golden value, seed 0
    assert 180 < first.p10 < first.p50 < first.p90 < 730
    # The IR-1's output is the input that moves the answer most.
    assert result.sensitivity[0].input == "swu_per_machine_year:IR-1"
    assert result.sensitivity[0].rank_correlation < -0.5


def test_batch_recycle_is_slower_than_the_swu_budget_under_jcpoa() -> None:
    # Fixed-design steps (4.5 -> 20 -> 60 -> 90 % at design tails) need more work than
    # ideal single steps, and the pipeline adds latency: a longer, not shorter, time.
    budget = estimate(JCPOA_STOCKS, JCPOA_FLEET, samples=2000)
    batch = estimate(JCPOA_STOCKS, JCPOA_FLEET, samples=2000, model="batch-recycle")
    assert batch.first_quantity_days.p50 > budget.first_quantity_days.p50
    assert batch.first_quantity_days.p50 < 4 * budget.first_quantity_days.p50
    shares = {s.step: s.capacity_share for s in batch.steps if s.step > 0}
    assert math.fsum(shares.values()) == pytest.approx(1.0)


# ----------------------------------------------------------------- reproducibility


STOCKS_2023 = [
    Stock(0.60, 87.5, "up_to_60pct"),
    Stock(0.1975, 434.7, "up_to_20pct"),
    Stock(0.045, 1683.6, "up_to_5pct"),
]
FLEET_2023 = [
    Fleet("IR-1", 6104, IR1, site="natanz_fep"),
    Fleet("IR-2m", 2610, swu_distribution("IR-2m"), site="natanz_fep"),
    Fleet("IR-6", 332, swu_distribution("IR-6"), site="fordow_ffep"),
    Fleet("IR-6", 522, swu_distribution("IR-6"), site="natanz_fep"),
]


@pytest.mark.parametrize("model", ["swu-budget", "batch-recycle"])
def test_same_seed_same_numbers_and_input_order_irrelevant(model: str) -> None:
    a = estimate(STOCKS_2023, FLEET_2023, model=model, samples=5000, seed=11)
    b = estimate(STOCKS_2023, FLEET_2023, model=model, samples=5000, seed=11)
    c = estimate(
        list(reversed(STOCKS_2023)), list(reversed(FLEET_2023)), model=model, samples=5000, seed=11
    )
    d = estimate(STOCKS_2023, FLEET_2023, model=model, samples=5000, seed=12)
    assert a == b
    assert np.array_equal(a.first_quantity_samples, c.first_quantity_samples)
    assert a.first_quantity_days == c.first_quantity_days
    assert a.quantities_by_month == c.quantities_by_month
    assert a.first_quantity_days != d.first_quantity_days


def test_outputs_are_ordered() -> None:
    result = estimate(STOCKS_2023, FLEET_2023, samples=4000, n_quantities=6, months=6)
    p50s = [p.p50 for _, p in result.nth_quantity_days]
    assert p50s == sorted(p50s)
    counts = [p.p50 for _, p in result.quantities_by_month]
    assert counts == sorted(counts)
    for _, p in (*result.nth_quantity_days, *result.quantities_by_month):
        assert p.p10 <= p.p50 <= p.p90
    assert result.nth_quantity_days[0][1] == result.first_quantity_days
    # 87.5 kg of 60 % are enough for the first quantity: the only step is 60 -> 90 %.
    assert [s.feed_label for s in result.steps] == ["up_to_60pct"]


def test_quantity_counts_agree_with_arrival_days() -> None:
    result = estimate(STOCKS_2023, FLEET_2023, samples=4000, n_quantities=3, months=1)
    # Held by the end of month 1 (30.44 days) iff the n-th arrives within it: compare
    # the counts' median with the arrival medians.
    month = 365.25 / 12
    held = sum(1 for _, p in result.nth_quantity_days if p.p50 <= month)
    assert result.quantities_by_month[0][1].p50 >= held


def test_iaea_sq_takes_longer_than_wgu25() -> None:
    wgu = estimate(JCPOA_STOCKS, JCPOA_FLEET, Quantity.wgu25(), samples=2000)
    sq = estimate(JCPOA_STOCKS, JCPOA_FLEET, Quantity.iaea_sq(), samples=2000)
    assert sq.first_quantity_days.p50 > wgu.first_quantity_days.p50


def test_stock_limit_without_natural_uranium() -> None:
    no_natural = Assumptions(unlimited_natural=False)
    result = estimate(
        [Stock(0.60, 120.0, "60")], FLEET_2023, assumptions=no_natural, n_quantities=6
    )
    # 120 kg of 60 % at 10 % tails (the band's lowest) make 75 kg: three quantities.
    assert result.max_quantities == 3
    assert math.isinf(result.nth_quantity_days[3][1].p50)
    assert max(p.p90 for _, p in result.quantities_by_month) == 3
    assert any("at most 3 quantities" in note for note in result.notes)


def test_infeasible_cases_say_so() -> None:
    with pytest.raises(InfeasibleError, match="no machines"):
        estimate(JCPOA_STOCKS, [Fleet("IR-1", 0, IR1)])
    with pytest.raises(InfeasibleError, match="can make only"):
        estimate(
            [Stock(0.20, 10.0, "20")],
            JCPOA_FLEET,
            assumptions=Assumptions(unlimited_natural=False),
        )
    with pytest.raises(InfeasibleError, match="cannot make one quantity"):
        estimate(
            [Stock(0.20, 10.0, "20")],
            JCPOA_FLEET,
            assumptions=Assumptions(unlimited_natural=False),
            model="batch-recycle",
        )


@pytest.mark.parametrize(
    ("option", "value"), [("samples", 0), ("seed", -1), ("n_quantities", 0), ("months", 0)]
)
def test_bad_options(option: str, value: int) -> None:
    with pytest.raises(DomainError, match=option):
        estimate(JCPOA_STOCKS, JCPOA_FLEET, **{option: value})  # type: ignore[arg-type]


def test_unknown_model() -> None:
    with pytest.raises(DomainError, match="swu-budget"):
        estimate(JCPOA_STOCKS, JCPOA_FLEET, model="cascade")


# ------------------------------------------------------------ batch-recycle timing


def brute_force_two_steps(a: float, c: float, lots: int) -> float:
    """Finish of one job through two steps, each lot simulated."""
    done_1 = [a / lots * (i + 1) for i in range(lots)]
    t = 0.0
    for i in range(lots):
        t = max(t, done_1[i]) + c / lots
    return t


@pytest.mark.parametrize(("a", "c"), [(10.0, 4.0), (4.0, 10.0), (7.0, 7.0)])
@pytest.mark.parametrize("lots", [1, 3, 10])
def test_lot_streaming_is_exact_for_two_steps(a: float, c: float, lots: int) -> None:
    job = Job(swu=(a, c), from_below=(False, True), flows=())
    phases = [Phase(0, 1, (0.5, 0.5), reconfigure=False)]
    # Capacity 2 SWU/yr split in halves, 1 day per year: step durations are a and c days.
    days, counts = schedule(
        [job],
        phases,
        np.array([2.0]),
        np.array([1.0]),
        (True, True),
        np.zeros((2, 1)),
        1.0,
        1,
        np.array([1e9]),
        lots,
    )
    assert days[0, 0] == pytest.approx(brute_force_two_steps(a, c, lots))
    assert counts[0, 0] == 1


def test_phases_split_by_the_steps_jobs_use() -> None:
    from lockstep.physics.breakout.batch_recycle import plan_phases

    top_only = Job((0.0, 0.0, 5.0), (False, False, False), ())
    full = Job((10.0, 4.0, 5.0), (False, True, True), ())
    phases = plan_phases([top_only, top_only, full, full, full], 2, (1.0, 1.0, 1.0))
    assert [(p.start, p.stop) for p in phases] == [(0, 2), (2, 5)]
    assert phases[0].shares == (0.0, 0.0, 1.0)
    assert not phases[0].reconfigure
    assert phases[1].reconfigure
    assert phases[1].shares == pytest.approx((10 / 19, 4 / 19, 5 / 19))
