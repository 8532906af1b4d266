"""Invariants of the breakout engine, over generated programs (hypothesis).

* more machines or more output per machine never lengthens breakout;
* more of the highest-assay stock (or a new stock above all others) never lengthens it;
* a larger quantity never shortens it;
* results do not depend on the order of the inputs;
* for the default ensemble: the same, and wider input ranges never narrow P10-P90, and
  the same seed gives the same numbers.

Each comparison is made sample by sample: with the same seed every parameter draws the
same values (streams are keyed by parameter name), so the property must hold in every
sample, not just on average.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.physics.breakout import (
    Assumptions,
    Distribution,
    Fleet,
    Quantity,
    Stock,
    estimate,
    swu_distribution,
)

MODELS = ("IR-1", "IR-2m", "IR-6")
SAMPLES = 48
TOL = 1e-9

stock_st = st.builds(
    Stock,
    assay=st.floats(0.008, 0.85),
    mass_kg_u=st.floats(0.0, 3000.0),
    label=st.sampled_from(["a", "b", "c", "d"]),
)
stocks_st = st.lists(stock_st, max_size=4)
fleet_st = st.builds(
    lambda model, machines, site: Fleet(model, machines, swu_distribution(model), site=site),
    st.sampled_from(MODELS),
    st.integers(1, 20_000),
    st.sampled_from(["natanz_fep", "fordow_ffep"]),
)
fleets_st = st.lists(fleet_st, min_size=1, max_size=4)
model_st = st.sampled_from(["ensemble", "swu-budget", "batch-recycle", "stage-cascade"])


def first_days(
    stocks: list[Stock],
    fleets: list[Fleet],
    quantity: Quantity | None = None,
    model: str = "swu-budget",
) -> np.ndarray:
    result = estimate(
        stocks,
        fleets,
        quantity,
        model=model,
        samples=SAMPLES,
        seed=3,
        n_quantities=1,
        months=2,
        sensitivity=False,
    )
    return result.first_quantity_samples


def with_more_machines(fleets: list[Fleet], which: int, extra: int) -> list[Fleet]:
    """The same fleets, one of them (``which``, modulo their number) ``extra`` larger."""
    i = which % len(fleets)
    more = list(fleets)
    f = fleets[i]
    more[i] = Fleet(f.model, f.machines + extra, f.swu_per_machine_year, site=f.site)
    return more


def not_longer(after: np.ndarray, before: np.ndarray) -> bool:
    return bool(np.all(after <= before * (1 + TOL) + TOL))


@settings(max_examples=60, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.integers(1, 5000), which=st.integers(0, 3))
def test_more_machines_never_lengthen(
    stocks: list[Stock], fleets: list[Fleet], extra: int, which: int
) -> None:
    more = with_more_machines(fleets, which, extra)
    assert not_longer(first_days(stocks, more), first_days(stocks, fleets))


@settings(max_examples=40, deadline=None)
@given(stocks=stocks_st, machines=st.integers(1, 20_000), extra=st.integers(1, 5000))
def test_more_machines_never_lengthen_batch_recycle(
    stocks: list[Stock], machines: int, extra: int
) -> None:
    # One model: the fleet split depends only on the work, so every step gains capacity.
    before = [Fleet("IR-6", machines, swu_distribution("IR-6"))]
    after = [Fleet("IR-6", machines + extra, swu_distribution("IR-6"))]
    assert not_longer(
        first_days(stocks, after, model="batch-recycle"),
        first_days(stocks, before, model="batch-recycle"),
    )


@settings(max_examples=60, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, factor=st.floats(1.0, 3.0), model=model_st)
def test_more_output_never_lengthens(
    stocks: list[Stock], fleets: list[Fleet], factor: float, model: str
) -> None:
    faster = []
    for f in fleets:
        d = f.swu_per_machine_year
        scaled = Distribution.triangular(d.low * factor, d.mode * factor, d.high * factor)
        faster.append(Fleet(f.model, f.machines, scaled, site=f.site))
    # A model's output must be one distribution: scale every fleet of it alike.
    assert not_longer(
        first_days(stocks, faster, model=model), first_days(stocks, fleets, model=model)
    )


@settings(max_examples=60, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.floats(0.0, 2000.0))
def test_more_of_the_highest_assay_stock_never_lengthens(
    stocks: list[Stock], fleets: list[Fleet], extra: float
) -> None:
    if stocks:
        top = max(stocks, key=lambda s: s.assay)
        more = [*stocks, Stock(top.assay, extra, "extra")]
    else:
        more = [Stock(0.6, extra, "extra")]
    assert not_longer(first_days(more, fleets), first_days(stocks, fleets))


@settings(max_examples=60, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, assay=st.floats(0.0, 0.1), mass=st.floats(0, 500))
def test_a_stock_above_all_others_never_lengthens(
    stocks: list[Stock], fleets: list[Fleet], assay: float, mass: float
) -> None:
    top = max((s.assay for s in stocks), default=0.008)
    new = Stock(min(top + assay + 1e-3, 0.89), mass, "new")
    assert not_longer(first_days([*stocks, new], fleets), first_days(stocks, fleets))


@settings(max_examples=60, deadline=None)
@given(
    stocks=stocks_st,
    fleets=fleets_st,
    mass=st.floats(1.0, 60.0),
    more=st.floats(0.0, 60.0),
)
def test_a_larger_quantity_never_shortens(
    stocks: list[Stock], fleets: list[Fleet], mass: float, more: float
) -> None:
    small = first_days(stocks, fleets, Quantity.custom(mass, 0.9))
    large = first_days(stocks, fleets, Quantity.custom(mass + more, 0.9))
    assert not_longer(small, large)


@settings(max_examples=40, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, model=model_st, data=st.randoms())
def test_input_order_is_irrelevant(
    stocks: list[Stock], fleets: list[Fleet], model: str, data: object
) -> None:
    import random

    assert isinstance(data, random.Random)
    shuffled_stocks = list(stocks)
    shuffled_fleets = list(fleets)
    data.shuffle(shuffled_stocks)
    data.shuffle(shuffled_fleets)
    a = estimate(stocks, fleets, model=model, samples=SAMPLES, seed=5, sensitivity=False)
    b = estimate(
        shuffled_stocks, shuffled_fleets, model=model, samples=SAMPLES, seed=5, sensitivity=False
    )
    assert np.array_equal(a.first_quantity_samples, b.first_quantity_samples)
    assert a.quantities_by_month == b.quantities_by_month
    assert a.nth_quantity_days == b.nth_quantity_days


# ---------------------------------------------------------------- the default ensemble


@settings(max_examples=40, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.integers(1, 5000), which=st.integers(0, 3))
def test_more_machines_never_lengthen_the_ensemble(
    stocks: list[Stock], fleets: list[Fleet], extra: int, which: int
) -> None:
    # Every structure, the stage-level cascade of a mixed fleet included.
    more = with_more_machines(fleets, which, extra)
    after = first_days(stocks, more, model="ensemble")
    before = first_days(stocks, fleets, model="ensemble")
    assert not_longer(after, before)


@settings(max_examples=60, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.integers(1, 5000), which=st.integers(0, 3))
def test_more_machines_never_lengthen_the_stage_level_cascade(
    stocks: list[Stock], fleets: list[Fleet], extra: int, which: int
) -> None:
    # Fleets of one to four fleets of IR-1, IR-2m and IR-6: one or two lines (layouts),
    # each planned for its own machines, sharing the stocks (docs/breakout.md 2.3).
    more = with_more_machines(fleets, which, extra)
    assert not_longer(
        first_days(stocks, more, model="stage-cascade"),
        first_days(stocks, fleets, model="stage-cascade"),
    )


@settings(max_examples=40, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.floats(0.0, 2000.0))
def test_more_high_assay_stock_never_lengthens_the_stage_level_cascade(
    stocks: list[Stock], fleets: list[Fleet], extra: float
) -> None:
    top = max((s.assay for s in stocks), default=0.6)
    more = [*stocks, Stock(top, extra, "extra")]
    assert not_longer(
        first_days(more, fleets, model="stage-cascade"),
        first_days(stocks, fleets, model="stage-cascade"),
    )


def test_more_machines_in_a_mixed_fleet_never_lengthen_the_stage_level_cascade() -> None:
    # Found by hypothesis: the greedy feed-point choice gave 18,983 IR-1 a 6-pass plan
    # up to 15 % slower per sample where 0, 2, 4, 4, 4 stages up makes it in 5, as for
    # 15,096; the branch and bound over the moves finds it (docs/breakout.md 2.3). With
    # lines (one per layout) 15,096 IR-1 + 19,736 IR-2m take 76.8 days at P50, 18,983 IR-1
    # 76.5 (seed 3, 48 samples).
    fleets = [Fleet(m, n, swu_distribution(m)) for m, n in (("IR-1", 15_096), ("IR-2m", 19_736))]
    more = [Fleet("IR-1", 15_096 + 3_887, swu_distribution("IR-1")), fleets[1]]
    after = first_days([], more, model="stage-cascade")
    before = first_days([], fleets, model="stage-cascade")
    assert not_longer(after, before)
    assert float(np.median(before)) == pytest.approx(76.76, abs=0.01)
    assert float(np.median(after)) == pytest.approx(76.48, abs=0.01)


def test_more_machines_in_a_mixed_fleet_never_need_one_pass_more() -> None:
    # Found by a random search when every cascade ran on each pass and their products
    # mixed: 19,854 IR-1 beside 9,752 IR-2m made it in 5 passes, 21,795 IR-1 needed 6
    # (up to 8 % longer per sample). As lines, each layout keeps its own plan (IR-1 8
    # passes, IR-2m 4, and their plans of more passes) and more IR-1 only takes a larger
    # share: P50 107.2 -> 104.7 days.
    fleets = [Fleet(m, n, swu_distribution(m)) for m, n in (("IR-1", 19_854), ("IR-2m", 9_752))]
    more = [Fleet("IR-1", 19_854 + 1_941, swu_distribution("IR-1")), fleets[1]]
    after = first_days([], more, model="stage-cascade")
    before = first_days([], fleets, model="stage-cascade")
    assert not_longer(after, before)
    assert float(np.median(before)) == pytest.approx(107.17, abs=0.01)
    assert float(np.median(after)) == pytest.approx(104.74, abs=0.01)


def test_more_machines_with_a_stock_just_one_quantitys_feed() -> None:
    # 1,365 kg U of 3.52 %: when the products mixed, 10,244 IR-1 + 9,405 IR-6 needed
    # 1,362.8 kg U of it per quantity and 10,532 IR-1 1,366.5 kg U, so the larger fleet
    # took a slower plan. As lines, the IR-6 line alone needs 1,359.2 kg U and makes the
    # quantity in both (P50 56.6 days); the IR-1 line, which cannot share the stock's
    # last kilograms, waits.
    stock = [Stock(0.03521188279785492, 1365.0, "c")]
    fleets = [Fleet(m, n, swu_distribution(m)) for m, n in (("IR-1", 10_244), ("IR-6", 9_405))]
    more = [Fleet("IR-1", 10_532, swu_distribution("IR-1")), fleets[1]]
    after = first_days(stock, more, model="stage-cascade")
    before = first_days(stock, fleets, model="stage-cascade")
    assert not_longer(after, before)
    assert float(np.median(after)) == pytest.approx(56.64, abs=0.01)


@settings(max_examples=40, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, extra=st.floats(0.0, 2000.0))
def test_more_high_assay_stock_never_lengthens_the_ensemble(
    stocks: list[Stock], fleets: list[Fleet], extra: float
) -> None:
    top = max((s.assay for s in stocks), default=0.6)
    more = [*stocks, Stock(top, extra, "extra")]
    assert not_longer(
        first_days(more, fleets, model="ensemble"), first_days(stocks, fleets, model="ensemble")
    )


def _spread(
    stocks: list[Stock], fleets: list[Fleet], assumptions: Assumptions
) -> tuple[float, float]:
    """P90 - P10 of the first-quantity days, and the Monte Carlo error of that width.

    The error is distribution-free: the order statistics whose ranks lie 1.96 binomial
    standard deviations either side of n p bound a 95 % interval of each percentile;
    half of each interval, summed over P10 and P90, bounds the width's error.
    """
    samples = 1000
    result = estimate(
        stocks,
        fleets,
        None,
        assumptions,
        model="ensemble",
        samples=samples,
        seed=7,
        n_quantities=1,
        months=1,
        sensitivity=False,
    )
    first = result.first_quantity_days
    ordered = np.sort(result.first_quantity_samples)
    error = 0.0
    for p in (0.1, 0.9):
        ranks = samples * p + np.array([-1.0, 1.0]) * 1.96 * np.sqrt(samples * p * (1 - p))
        low, high = np.clip(np.round(ranks).astype(int), 0, samples - 1)
        error += (ordered[high] - ordered[low]) / 2
    return first.p90 - first.p10, float(error)


#: Widest spread of each widened input about its mode (effectiveness stays in (0, 1],
#: set-up days >= 0): the factor by which both sides of the triangle are stretched.
MOST_WIDENING = {"effectiveness": 2.3, "setup_days": 1.4}


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    fleets=fleets_st,
    mass=st.floats(50.0, 500.0),
    widen=st.floats(1.0, 2.3),
    which=st.sampled_from(["effectiveness", "setup_days"]),
)
def test_wider_input_ranges_never_narrow_the_interval(
    fleets: list[Fleet], mass: float, widen: float, which: str
) -> None:
    stocks = [Stock(0.6, mass, "up_to_60pct", status="estimated")]
    base = Assumptions()
    dist = getattr(base, which)
    k = min(widen, MOST_WIDENING[which])
    # Both sides stretched by the same factor about the mode: the mode keeps its
    # quantile, so the same uniform draw through the wider inverse CDF lands on the same
    # side of the mode and further from it (stretching one side only moves the draws
    # near the mode across it, towards the middle).
    low, high = dist.mode - k * (dist.mode - dist.low), dist.mode + k * (dist.high - dist.mode)
    wider = dataclasses.replace(base, **{which: Distribution.triangular(low, dist.mode, high)})
    # Every draw of the input moves outwards, but the days also depend on the other
    # inputs and the structure drawn: a sample at P90 whose input lay on the fast side
    # of the mode gets faster, so ranks near P10 and P90 mix and the estimated width
    # can fall by as much as its own Monte Carlo error, not more. (A fixed tolerance of
    # 2 % was exceeded once, at 2.02 %; this bound is argued rather than fitted.)
    before, error = _spread(stocks, fleets, base)
    after, _ = _spread(stocks, fleets, wider)
    assert after >= before - error


def test_the_interval_error_is_smaller_than_the_widening_it_must_see() -> None:
    # The bound above must not be so loose that a real widening passes unseen: the
    # widest set-up range, on a small fleet with a stock of 60 % whose days it
    # dominates, widens the interval by 2.5 times the Monte Carlo error of its width.
    stocks = [Stock(0.6, 100.0, "up_to_60pct", status="estimated")]
    fleets = [Fleet("IR-2m", 1000, swu_distribution("IR-2m"))]
    base = Assumptions()
    dist = base.setup_days
    k = MOST_WIDENING["setup_days"]
    low, high = dist.mode - k * (dist.mode - dist.low), dist.mode + k * (dist.high - dist.mode)
    wider = dataclasses.replace(base, setup_days=Distribution.triangular(low, dist.mode, high))
    before, error = _spread(stocks, fleets, base)
    after, _ = _spread(stocks, fleets, wider)
    assert after - before > 2 * error > 0


@settings(max_examples=20, deadline=None)
@given(stocks=stocks_st, fleets=fleets_st, seed=st.integers(0, 2**32))
def test_same_seed_same_numbers(stocks: list[Stock], fleets: list[Fleet], seed: int) -> None:
    runs = [
        estimate(stocks, fleets, model="ensemble", samples=SAMPLES, seed=seed, months=12)
        for _ in range(2)
    ]
    assert np.array_equal(runs[0].first_quantity_samples, runs[1].first_quantity_samples)
    assert runs[0].nth_quantity_days == runs[1].nth_quantity_days
    assert runs[0].quantities_by_month == runs[1].quantities_by_month
    assert runs[0].sensitivity == runs[1].sensitivity


def test_more_machines_never_change_a_samples_plan_for_the_worse() -> None:
    # Found by a random search over fleets: 19,671 IR-6 from natural uranium take a
    # 5-pass plan (0, 2, 4, 4, 4 stages up), 20,487 a 4-pass one (0, 0, 2, 2) with more
    # processing and one set-up fewer: faster at central inputs, but when each line ran
    # only the plan chosen at central inputs sample 24, whose set-ups are short, went
    # 71.20 -> 73.51 days (3.2 % slower). Each sample now also has the plans of more
    # passes and less processing (the 5-pass one among them): 71.20 -> 69.58 days, and
    # P50 72.31 -> 69.02.
    fleets = [Fleet("IR-6", 19_671, swu_distribution("IR-6"))]
    more = [Fleet("IR-6", 20_487, swu_distribution("IR-6"))]
    before = first_days([], fleets, model="stage-cascade")
    after = first_days([], more, model="stage-cascade")
    assert not_longer(after, before)
    assert float(before[24]) == pytest.approx(71.20, abs=0.01)
    assert float(after[24]) == pytest.approx(69.58, abs=0.01)
    assert float(np.median(before)) == pytest.approx(72.31, abs=0.01)
    assert float(np.median(after)) == pytest.approx(69.02, abs=0.01)


def test_a_second_stock_never_hides_natural_uranium() -> None:
    # Found by hypothesis: one IR-2m machine with 1,185 kg U of 2.73 % takes 0.74 million
    # days from natural uranium (the stock needs 32 passes). A second stock of the same
    # kind was planned before natural uranium and filled the horizon, so natural uranium
    # was not planned and the samples started from the stocks: 1.73 million days.
    fleets = [Fleet("IR-2m", 1, swu_distribution("IR-2m"))]
    stocks = [Stock(0.02734375, 1185.0, "a")]
    more = [*stocks, Stock(0.02734375, 1185.0, "extra")]
    before = first_days(stocks, fleets, model="stage-cascade")
    after = first_days(more, fleets, model="stage-cascade")
    assert not_longer(after, before)
    assert float(np.median(after)) == pytest.approx(735_454, rel=1e-4)
