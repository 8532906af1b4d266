"""Lines of cascades of one stage layout each, sharing the stocks' quantities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.physics.breakout import Quantity, Stock, swu_distribution
from lockstep.physics.breakout.cascade_lines import (
    CascadeLines,
    StageCascadeStructure,
    quantities_by,
    split_quantities,
)
from lockstep.physics.breakout.inputs import Assumptions


def _line(f: float, a: float, w: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.array([f]), np.array([a]), np.array([w])


YES = np.array([True])


def test_equal_lines_share_the_quantities_and_finish_together() -> None:
    # Two like lines, 4 quantities: 2 each, 10 days of set-up + 2 x 5 days.
    days, part = split_quantities(
        np.array([4.0]), np.array([np.inf]), _line(1.0, 10.0, 5.0), _line(1.0, 10.0, 5.0), YES
    )
    assert days[0] == pytest.approx(20.0)
    assert part[0] == pytest.approx(2.0)


def test_a_line_whose_set_up_costs_more_than_it_saves_stays_out() -> None:
    # One quantity: the thrifty line alone takes 10 + 5; sharing cannot finish before the
    # other's 30-day set-up.
    days, part = split_quantities(
        np.array([1.0]), np.array([np.inf]), _line(1.0, 10.0, 5.0), _line(1.0, 30.0, 5.0), YES
    )
    assert (days[0], part[0]) == (15.0, 0.0)


def test_the_faster_line_takes_the_larger_part_when_the_stock_can_feed_it() -> None:
    # The other line needs more feed per quantity but is ten times faster; the stock of
    # 100 kg U feeds two of its quantities (2 x 40 kg U).
    days, part = split_quantities(
        np.array([2.0]), np.array([100.0]), _line(30.0, 0.0, 100.0), _line(40.0, 0.0, 10.0), YES
    )
    # Balanced: 100 (2 - q) = 10 q  ->  q = 200/110 = 1.818..., finishing at 18.18 days,
    # needing 0.18 x 30 + 1.82 x 40 = 78.2 kg U <= 100.
    assert part[0] == pytest.approx(200.0 / 110.0)
    assert days[0] == pytest.approx(10.0 * 200.0 / 110.0)


def test_a_short_stock_moves_quantities_to_the_thriftier_line() -> None:
    # f = 1 and 2 kg U, w = 1 day each, 2 quantities. 3 kg U allows 1 + 1 (1 day);
    # 2.5 kg U allows the other half a quantity only: 1.5 quantities at the thrifty line.
    days, part = split_quantities(
        np.array([2.0, 2.0]),
        np.array([3.0, 2.5]),
        _line(1.0, 0.0, 1.0),
        _line(2.0, 0.0, 1.0),
        np.array([True, True]),
    )
    assert days == pytest.approx([1.0, 1.5])
    assert part == pytest.approx([1.0, 0.5])
    # Feed used never exceeds the stock.
    assert np.all((2.0 - part) * 1.0 + part * 2.0 <= np.array([3.0, 2.5]) + 1e-12)


def test_a_line_that_cannot_take_part_leaves_the_thrifty_line_alone() -> None:
    days, part = split_quantities(
        np.array([3.0]), np.array([np.inf]), _line(1.0, 2.0, 4.0), _line(1.0, 0.0, 1.0), ~YES
    )
    assert (days[0], part[0]) == (14.0, 0.0)


line_st = st.tuples(st.floats(1.0, 2000.0), st.floats(0.0, 60.0), st.floats(0.05, 400.0))


@settings(max_examples=200, deadline=None)
@given(
    k=st.integers(1, 12),
    spare=st.floats(0.0, 3.0),
    a=line_st,
    b=line_st,
    both=st.booleans(),
    unlimited=st.booleans(),
)
def test_the_days_make_the_quantities_and_no_sooner(
    k: int,
    spare: float,
    a: tuple[float, float, float],
    b: tuple[float, float, float],
    both: bool,
    unlimited: bool,
) -> None:
    # split_quantities is the least time by which quantities_by reaches k: at that time
    # the lines hold k, a little before it fewer; the feed used fits in the stock.
    thrifty, other = sorted([a, b])
    mass = np.inf if unlimited else thrifty[0] * (k + spare)
    t, o = _line(*thrifty), _line(*other)
    flag = np.array([both])
    days, part = split_quantities(np.array([float(k)]), np.array([mass]), t, o, flag)
    assert np.isfinite(days[0])
    assert 0.0 <= part[0] <= k
    assert (k - part[0]) * thrifty[0] + part[0] * other[0] <= mass * (1 + 1e-9) + 1e-9
    made = quantities_by(days + 1e-7 * (1 + days), np.array([mass]), t, o, flag)
    assert made[0] >= k - 1e-6
    earlier = quantities_by(days - 1e-6 * (1 + days), np.array([mass]), t, o, flag)
    assert earlier[0] < k
    # Never later than either line alone could do it.
    assert days[0] <= thrifty[1] + k * thrifty[2] + 1e-9


def _two_lines(stocks: list[Stock]) -> CascadeLines:
    machines = {
        "IR-1": (10_244, swu_distribution("IR-1")),
        "IR-6": (9_405, swu_distribution("IR-6")),
    }
    plan = StageCascadeStructure(stocks, Quantity.wgu25(), Assumptions(), machines).plan
    assert plan is not None
    return plan


STOCKS = [Stock(0.6, 60.0, "sixty"), Stock(0.2, 150.0, "twenty"), Stock(0.045, 2000.0, "lei")]


def test_a_fleet_of_two_layouts_is_two_lines() -> None:
    lines = _two_lines(STOCKS)
    assert [line.models for line in lines.lines] == [("IR-1",), ("IR-6",)]
    assert [sum(g.design.machines_per_stage) for g in lines.groups] == [164, 174]
    # Each line is planned for its own machines: IR-1's 164-machine cascades need more
    # passes from natural uranium than the IR-6 line's.
    natural = [line.plan.sources[-1] for line in lines.lines]
    assert len(natural[0].passes) > len(natural[1].passes)


@pytest.mark.parametrize("leaner", [False, True])
def test_a_stopped_line_leaves_the_other_lines_own_plan(leaner: bool) -> None:
    # With the IR-1 line at no output the IR-6 line works alone: the days and counts
    # are those of its plan alone.
    lines = _two_lines(STOCKS)
    samples = 5
    rng = np.random.default_rng(1)
    masses = {"sixty": rng.uniform(20, 80, samples), "lei": rng.uniform(100, 3000, samples)}
    speed = rng.uniform(0.6, 1.2, samples)
    setup = np.tile(rng.uniform(3, 20, samples), (lines.n_steps_any, 1))
    holdup = rng.uniform(0.0, 0.05, samples)
    horizons = np.array([30.0, 90.0, 365.0])
    alone = lines.lines[1].plan.evaluate_samples(
        masses, speed, setup, holdup, 4, horizons, first_setup=setup[0] * 2, leaner=leaner
    )
    both = lines.evaluate_samples(
        masses,
        [np.zeros(samples), speed],
        setup,
        holdup,
        4,
        horizons,
        first_setup=setup[0] * 2,
        leaner=leaner,
    )
    assert np.allclose(both[0], alone[0], rtol=1e-12)
    assert np.array_equal(both[1], alone[1])
    # The IR-1 line at work only shortens the times.
    with_ir1 = lines.evaluate_samples(
        masses, [speed, speed], setup, holdup, 4, horizons, first_setup=setup[0] * 2, leaner=leaner
    )
    assert np.all(with_ir1[0] <= both[0] * (1 + 1e-12))
    assert np.all(with_ir1[1] >= both[1])
    assert np.any(with_ir1[0] < both[0] * (1 - 1e-3))


def test_the_first_quantitys_steps_add_up_to_one_quantity() -> None:
    # The step table splits the first quantity between the lines: the parts sum to one
    # and the last passes' products to the quantity's 25 kg U.
    lines = _two_lines([])
    shares = lines.first_shares()
    assert len(shares) == 2
    assert sum(s for _, _, s in shares) == pytest.approx(1.0)
    product = sum(source.passes[-1].product_kg_u * s for _, source, s in shares)
    assert product == pytest.approx(25.0)


@pytest.mark.parametrize(
    "stocks",
    [
        STOCKS,
        [Stock(0.6, 43.0, "sixty"), Stock(0.1975, 238.4, "twenty"), Stock(0.045, 1774.8, "lei")],
        [],
    ],
    ids=["several", "2022-like", "natural"],
)
def test_the_step_table_is_the_plan_the_days_come_from(stocks: list[Stock]) -> None:
    # One model of the world: the steps shown for the first quantity take as long, at
    # central inputs, as the evaluation's fastest start: each line's set-ups plus its
    # part of the processing, the lines finishing together (or one alone).
    lines = _two_lines(stocks)
    setup = Assumptions().setup_days.central
    rows = np.full((lines.n_steps_any, 1), setup)
    one = [np.ones(1), np.ones(1)]
    central = min(
        lines.evaluate_samples({}, one, rows, np.zeros(1), 1, np.zeros(0), start=k)[0][0, 0]
        for k in range(len(lines.stocks))
    )
    shares = lines.first_shares()
    assert sum(s for _, _, s in shares) == pytest.approx(1.0)
    finish = max(
        setup * len(source.passes) + line.plan.processing_days(source) * part
        for line, source, part in shares
    )
    assert finish == pytest.approx(central, rel=1e-3)


@pytest.mark.parametrize("stocks", [STOCKS, []], ids=["stocks", "natural"])
@pytest.mark.parametrize("which", ["two lines", "IR-6 line alone"])
def test_the_quantities_held_are_those_whose_days_have_passed(
    stocks: list[Stock], which: str
) -> None:
    # The days take the fastest candidate plan (pair of plans) for each quantity, and
    # the count at a horizon the most any candidate holds: both must tell the same
    # story, quantity by quantity (natural uranium counts each line apart).
    lines = _two_lines(stocks)
    samples, n_report = 64, 40
    rng = np.random.default_rng(7)
    masses = {"sixty": rng.uniform(20, 80, samples), "lei": rng.uniform(100, 3000, samples)}
    speed = rng.uniform(0.6, 1.2, samples)
    speeds = [speed * rng.uniform(0.5, 1.5, samples), speed]
    if which != "two lines":
        speeds[0] = np.zeros(samples)
    setup = np.tile(rng.uniform(0.5, 20, samples), (lines.n_steps_any, 1))
    holdup = rng.uniform(0.0, 0.05, samples)
    horizons = np.array([30.0, 90.0, 182.6, 365.25, 730.5, 3000.0])
    days, held = lines.evaluate_samples(
        masses, speeds, setup, holdup, n_report, horizons, first_setup=setup[0] * 2, leaner=True
    )
    passed = (days[None, :, :] <= horizons[:, None, None] * (1 + 1e-9)).sum(axis=1)
    below = held < n_report
    assert np.array_equal(held[below], passed[below])
    assert held.max() > 3
