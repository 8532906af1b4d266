"""Breakout model ``stage-cascade``: real cascades, batch recycling, any date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import numpy as np
import pytest

from lockstep.assessment import BreakoutOptions, assess_state
from lockstep.errors import InfeasibleError
from lockstep.physics.breakout import Fleet, Quantity, Stock, estimate, swu_distribution
from lockstep.physics.breakout.inputs import Assumptions
from lockstep.physics.breakout.stage_cascade import StageCascadePlan
from lockstep.record import state_at


def fleet(model: str, machines: int) -> Fleet:
    return Fleet(model, machines, swu_distribution(model), site="test")


def run(stocks: list[Stock], fleets: list[Fleet], **kw: object) -> object:
    return estimate(stocks, fleets, model="stage-cascade", samples=2000, seed=1, **kw)  # type: ignore[arg-type]


def test_60_percent_stock_through_ir6_cascades() -> None:
    result = run([Stock(0.60, 400.0, "up_to_60pct")], [fleet("IR-6", 174 * 4)])
    first = result.first_quantity_days  # type: ignore[attr-defined]
    assert first.p10 <= first.p50 <= first.p90
    # One pass 60 -> 90 % (set-up 2-14 days + days of work): weeks at most.
    assert 2 < first.p50 < 30
    steps = result.steps  # type: ignore[attr-defined]
    assert steps[0].feed_label == "up_to_60pct"
    assert steps[-1].product_assay == pytest.approx(0.9, abs=1e-3)
    assert any("stage-cascade" in n for n in result.notes)  # type: ignore[attr-defined]


def test_same_seed_same_numbers_and_more_machines_never_longer() -> None:
    stocks = [Stock(0.20, 300.0, "up_to_20pct"), Stock(0.045, 2000.0, "up_to_5pct")]
    a = run(stocks, [fleet("IR-1", 5060)])
    b = run(stocks, [fleet("IR-1", 5060)])
    np.testing.assert_array_equal(a.first_quantity_samples, b.first_quantity_samples)  # type: ignore[attr-defined]
    days = [
        run(stocks, [fleet("IR-1", n)]).first_quantity_samples  # type: ignore[attr-defined]
        for n in (1000, 2000, 5060, 10000)
    ]
    for fewer, more in itertools.pairwise(days):
        assert np.all(more <= fewer + 1e-9)
    assert np.median(days[-1]) < np.median(days[0])


def test_higher_assay_stock_is_faster() -> None:
    fleets = [fleet("IR-6", 174 * 3)]
    from_60 = run([Stock(0.60, 200.0, "a")], fleets).first_quantity_days.p50  # type: ignore[attr-defined]
    from_20 = run([Stock(0.1975, 2000.0, "b")], fleets).first_quantity_days.p50  # type: ignore[attr-defined]
    assert from_60 < from_20


def test_no_machines_is_one_clear_error() -> None:
    with pytest.raises(InfeasibleError, match="no machines"):
        run([Stock(0.6, 100.0, "a")], [fleet("IR-6", 0)])


@pytest.mark.parametrize("day", ["2016-06-01", "2021-06-01", "2023-06-01", "2025-05-31"])
def test_answers_on_report_dates(day: str) -> None:
    options = BreakoutOptions(model="stage-cascade", samples=1000, sensitivity=False)
    a = assess_state(state_at(dt.date.fromisoformat(day)), options)
    first = a.result.first_quantity_days  # type: ignore[union-attr]
    assert 0 < first.p10 <= first.p50 <= first.p90 < 5000


def test_answers_after_loss_of_access_when_assuming_last_known() -> None:
    # After June 2025 the record shows every site damaged: like every model, the answer
    # is unknown without a plant; with an (assumed built) covert plant it is weeks.
    from lockstep.assessment import CovertPlant

    state = state_at(dt.date(2026, 1, 15))
    base = BreakoutOptions(samples=1000, sensitivity=False, assume_last_known=True)
    ours = assess_state(state, dataclasses.replace(base, model="stage-cascade"))
    theirs = assess_state(state, base)
    assert ours.status == theirs.status
    covert = dataclasses.replace(base, model="stage-cascade", covert=CovertPlant("IR-6", 6 * 174))
    a = assess_state(state, covert)
    assert a.status == "ok"
    assert a.result is not None
    # The 60 % stock through six IR-6 cascades: weeks.
    assert a.result.first_quantity_days.p50 < 60


def test_per_sample_evaluation_agrees_with_the_engines() -> None:
    # evaluate_samples (the ensemble's entry) with the recorded masses and no hold-up
    # gives the same days and counts as evaluate (the engine's entry), and the counts
    # agree with the days: n quantities are held at day t when the n-th arrived by t.
    from lockstep.physics.breakout import Assumptions
    from lockstep.physics.breakout.stage_cascade import StageCascadePlan

    dist = swu_distribution("IR-1")
    machines = {"IR-1": (5060, dist)}
    stocks = [Stock(0.1975, 300.0, "up_to_20pct"), Stock(0.045, 3000.0, "up_to_5pct")]
    horizons = np.array([30.0, 91.0, 182.0, 365.0, 730.0])
    plan = StageCascadePlan(
        machines,
        stocks,
        Quantity.wgu25(),
        Assumptions(),
        n_min=5,
        n_cap=500,
        horizon_days=float(horizons[-1]),
    )
    output = np.array([0.5, 0.75, 1.0])
    setup = np.full((plan.n_steps, 3), 7.0)
    days, counts = plan.evaluate({"IR-1": output}, setup, 5, horizons)
    days2, counts2 = plan.evaluate_samples({}, output / 0.75, setup, np.zeros(3), 5, horizons)
    np.testing.assert_allclose(days2, days, rtol=1e-12)
    np.testing.assert_array_equal(counts2, counts)
    for m, h in enumerate(horizons):
        np.testing.assert_array_equal(np.minimum(counts[m], 5), (days <= h).sum(axis=0))
    # More stock (sampled) never lengthens; hold-up never shortens.
    more, _ = plan.evaluate_samples(
        {"up_to_20pct": np.full(3, 600.0)},
        output / 0.75,
        setup,
        np.zeros(3),
        5,
        horizons,
    )
    assert np.all(more <= days2 + 1e-9)
    lossy, _ = plan.evaluate_samples({}, output / 0.75, setup, np.full(3, 0.05), 5, horizons)
    assert np.all(lossy >= days2 - 1e-9)


def test_ensemble_structure_adapter() -> None:
    # The registry entry evaluates the ensemble's per-sample inputs (stand-in object
    # with the same attributes as ensemble.SampleInputs).
    from types import SimpleNamespace

    from lockstep.physics.breakout import Assumptions
    from lockstep.physics.breakout.cascade_lines import StageCascadeStructure

    machines = {"IR-6": (174 * 4, swu_distribution("IR-6"))}
    stocks = [Stock(0.60, 200.0, "up_to_60pct")]
    structure = StageCascadeStructure(stocks, Quantity.wgu25(), Assumptions(), machines)
    central = structure.plan.central_nominal_swu_per_year
    n = 4
    inputs = SimpleNamespace(
        sources=("up_to_60pct", "natural uranium"),
        masses=np.array([[100.0, 200.0, 400.0, 400.0], [np.inf] * n]),
        nominal_swu_per_year=np.array([central, central, central, 2 * central]),
        setup_days=np.full(n, 7.0),
        reconfiguration_days=np.full(n, 10.0),
        holdup_loss=np.zeros(n),
    )
    horizons = np.array([30.0, 91.0])
    days, held = structure.evaluate(inputs, 3, horizons, True)
    assert days.shape == (3, n)
    assert held.shape == (2, n)
    # More 60 % stock never later; twice the capacity never later.
    assert np.all(np.diff(days[:, :3], axis=1) <= 1e-9)
    assert np.all(days[:, 3] <= days[:, 2])
    # One pass from 60 %: the first quantity is the set-up plus days of work.
    assert 7.0 < days[0, 1] < 30.0


@pytest.mark.slow
def test_answers_on_every_report_date() -> None:
    # Acceptance (issue 12): `--model stage-cascade` answers on any date: every report
    # date of the record gives ordered percentiles, or `unknown` where the IAEA had no
    # verified figures (as every model does).
    from lockstep.assessment import history

    options = BreakoutOptions(model="stage-cascade", samples=300, sensitivity=False)
    points = history(options, end=dt.date(2025, 12, 31))
    assert len(points) > 20
    for p in points:
        if p.status == "ok":
            f = p.first_quantity_days
            assert f is not None
            assert 0 < f.p10 <= f.p50 <= f.p90 < 10_000, p.as_of
    assert sum(p.status == "ok" for p in points) >= len(points) - 3


@pytest.mark.parametrize("name", ["ir1-164", "ir6-174"])
def test_stage_tables_reproduce_direct_stage_solves(name: str) -> None:
    # The plan reads the stage balance from a cubic-spline table over the feed's log
    # abundance ratio; it must agree with a direct solve wherever planning goes.
    from lockstep.physics.breakout.stage_cascade import _stage_figures
    from lockstep.physics.cascade_designs import cascade_design
    from lockstep.physics.stage_cascade import solve_stages, stage_flow_capacity

    design = cascade_design(name)
    feeds = np.random.default_rng(3).uniform(0.006, 0.9, 40)
    for shift in (0, 4, 10):
        stage = min(design.feed_stage + shift, design.stages)
        direct = solve_stages(design.stages, stage, design.heads_separation_factor, feeds)
        capacity = stage_flow_capacity(design.machines_per_stage, direct)
        for i, x in enumerate(feeds):
            table = _stage_figures(design, stage, float(x))
            expected = (
                capacity[i],
                direct.product_per_feed[i],
                direct.product_assay[i],
                direct.tails_assay[i],
                direct.swu_per_feed[i],
            )
            assert table == pytest.approx(expected, rel=1e-6), (shift, x)


@pytest.mark.parametrize("knots", [4, 7, 121])
def test_the_stage_tables_spline_is_scipys_not_a_knot_spline(knots: int) -> None:
    # Written with numpy so that breakout does not import scipy.interpolate (0.3 s);
    # scipy is the reference.
    from scipy.interpolate import CubicSpline

    from lockstep.physics.breakout.stage_cascade import cubic_spline_coefficients

    rng = np.random.default_rng(knots)
    x = np.sort(rng.uniform(-7.0, 1.0, knots))
    y = np.column_stack([np.sin(x), np.exp(x / 3.0), rng.normal(size=knots)])
    expected = CubicSpline(x, y).c
    assert np.allclose(cubic_spline_coefficients(x, y), expected, rtol=1e-9, atol=1e-9)


def test_the_plan_is_the_fastest_over_the_move_sequences() -> None:
    # 5,060 IR-1 from natural uranium: the greedy choice alone took 17 passes, 1,494.5
    # days at central values; the branch and bound finds 11 passes moving the feed
    # point up as the assay rises, 1,047.3 days (docs/breakout.md 2.3).
    from lockstep.physics.breakout.inputs import Assumptions
    from lockstep.physics.breakout.stage_cascade import StageCascadePlan

    machines = {"IR-1": (5060, swu_distribution("IR-1"))}
    plan = StageCascadePlan(
        machines, [], Quantity.wgu25(), Assumptions(), n_min=1, n_cap=1, horizon_days=0.0
    )
    source = plan.sources[0]
    assert source.feed_stage_shifts == (0, 4, 6, 8, 8, 8, 8, 10, 10, 10, 10)
    shifts = source.feed_stage_shifts
    assert list(shifts) == sorted(shifts)
    days = plan.processing_days(source) + 7.0 * len(source.passes)
    assert days == pytest.approx(1047.3, abs=0.1)
    # No sequence of moves of one to five passes (6^5 of them) beats it, greedy's included.
    for n in range(1, 6):
        for moves in itertools.product((0, 2, 4, 6, 8, 10), repeat=n):
            other, _, _, passes = plan._chain(source.assay, list(moves), None)
            assert passes != n or other >= days


def test_a_sample_short_of_the_fastest_plans_feed_takes_a_leaner_plan() -> None:
    # The ensemble's stage-level structure keeps, for each stock, plans needing less and
    # less feed; a sample holding less than the fastest one's feed takes the fastest that
    # fits rather than leave the stock for natural uranium.
    from lockstep.physics.breakout.cascade_lines import StageCascadeStructure
    from lockstep.physics.breakout.inputs import Assumptions

    machines = {"IR-6": (9_405, swu_distribution("IR-6"))}
    stock = Stock(0.0352, 1370.0, "c")
    lines = StageCascadeStructure([stock], Quantity.wgu25(), Assumptions(), machines).plan
    assert lines is not None
    assert len(lines.lines) == 1
    plan = lines.lines[0].plan
    chains = plan.alternatives[0]
    feeds = [c.passes[0].feed_kg_u for c in chains]
    central = [plan.processing_days(c) + 7.0 * len(c.passes) for c in chains]
    assert len(chains) >= 3
    assert feeds == sorted(feeds, reverse=True)
    assert central == sorted(central)
    assert feeds[0] < 1370.0
    masses = {"c": np.array([feeds[0] * 1.001, feeds[1] * 1.001, feeds[-1] * 0.999])}
    ones = np.ones(3)
    setup = np.full((plan.n_steps_any, 3), 7.0)
    days, _ = plan.evaluate_samples(masses, ones, setup, np.zeros(3), 1, np.zeros(1), leaner=True)
    natural = plan.sources[1]
    expected = [central[0], central[1], plan.processing_days(natural) + 7.0 * len(natural.passes)]
    assert days[0] == pytest.approx(expected, rel=1e-9)
    # Without the leaner plans the second sample would start from natural uranium.
    plain, _ = plan.evaluate_samples(
        masses, ones, setup[: plan.n_steps], np.zeros(3), 1, np.zeros(1)
    )
    assert plain[0, 1] == pytest.approx(expected[2], rel=1e-9)
    assert expected[2] > 1.5 * days[0, 1]


def test_equal_layouts_are_solved_once_per_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # IR-2m, IR-4 and IR-6 cascades have the same 174-machine layout (designs parsed
    # apart, so their tuples are different objects); IR-1's differs. A pass of all four
    # solves two layouts, and gives what a solve per group gives.
    from lockstep.physics.breakout import stage_cascade as sc

    machines = {m: (1_000, swu_distribution(m)) for m in ("IR-1", "IR-2m", "IR-4", "IR-6")}
    groups = sc.cascade_groups(machines)
    layouts = {g.design.model: g.design.machines_per_stage for g in groups}
    assert layouts["IR-2m"] is not layouts["IR-6"]
    assert sc._layout_id(layouts["IR-2m"]) == sc._layout_id(layouts["IR-6"])
    assert sc._layout_id(layouts["IR-4"]) == sc._layout_id(layouts["IR-6"])
    assert sc._layout_id(layouts["IR-1"]) != sc._layout_id(layouts["IR-6"])

    solved = []
    figures = sc._stage_figures

    def counted(design: object, stage: int, x: float) -> tuple[float, ...]:
        solved.append(design)
        return figures(design, stage, x)  # type: ignore[arg-type]

    monkeypatch.setattr(sc, "_stage_figures", counted)
    step = sc._pass_step(groups, 0.05, 2)
    assert len(solved) == 2
    each = [figures(g.design, g.design.feed_stage + 2, 0.05) for g in groups]
    coefficients = [
        g.cascades * sc._throughput(g.central_output, g.design.heads_separation_factor)
        for g in groups
    ]
    assert step == sc._mixed(coefficients, each)


@pytest.mark.parametrize("assay", [0.0071, 0.045, 0.1975, 0.6, 0.8])
@pytest.mark.parametrize("model", ["IR-1", "IR-6"])
def test_every_pass_balances_uranium_and_u235(assay: float, model: str) -> None:
    # Each pass of a plan, the last (fed in part, the rest blended with its product)
    # included: feed = product + tails, and the U-235 too. The first pass's feed is the
    # stock one quantity consumes: a one-pass plan from 80 % once reported only the
    # part fed to the cascades (28.6 of 38.6 kg U), so a stock counted 17 quantities
    # where it holds 12.
    from lockstep.physics.breakout.cascade_lines import StageCascadeStructure
    from lockstep.physics.breakout.inputs import Assumptions

    machines = {model: (3_000, swu_distribution(model))}
    stock = Stock(assay, 5_000.0, "s") if assay > 0.0072 else None
    plan = StageCascadeStructure(
        [stock] if stock else [], Quantity.wgu25(), Assumptions(), machines
    ).plan
    assert plan is not None
    source = plan.lines[0].plan.sources[0]
    for p in source.passes:
        assert p.feed_kg_u == pytest.approx(p.product_kg_u + p.tails_kg_u, rel=1e-9)
        assert p.feed_kg_u * p.feed_assay == pytest.approx(
            p.product_kg_u * p.product_assay + p.tails_kg_u * p.tails_assay, rel=1e-9
        )
    assert source.passes[-1].product_kg_u == pytest.approx(25.0)
    assert source.passes[-1].product_assay == pytest.approx(0.9, abs=0.001)
    for before, after in itertools.pairwise(source.passes):
        assert after.feed_kg_u == pytest.approx(before.product_kg_u, rel=1e-9)
    if source.quantities is not None:
        assert source.quantities == int(5_000.0 / source.passes[0].feed_kg_u + 1e-9)


def test_a_larger_fleet_has_every_candidate_plan_of_a_smaller_one() -> None:
    # The candidates of a stock (the plan chosen at central inputs, then U_p for every p
    # above its passes) do not depend on the fleet's size, and the plan's passes never
    # grow with it: 19,671 IR-6 choose 5 passes from natural uranium, 20,487 choose 4,
    # and both have the 5- to 8-pass plans (37.0, 34.6, 34.2, 33.9 days of processing
    # per quantity at 19,671 machines, less at more).
    def candidates(n: int) -> list[tuple[int, ...]]:
        plan = StageCascadePlan(
            {"IR-6": (n, swu_distribution("IR-6"))},
            [],
            Quantity.wgu25(),
            Assumptions(),
            n_min=1,
            n_cap=1,
            horizon_days=0.0,
        )
        found = plan.candidates_of(0)
        work = [plan.processing_days(c) for c in found]
        assert all(b < a for a, b in itertools.pairwise(work))
        assert [len(c.passes) for c in found] == sorted({len(c.passes) for c in found})
        if n == 19_671:
            assert work == pytest.approx([37.03, 34.57, 34.22, 33.86], abs=0.01)
        return [c.feed_stage_shifts for c in found]

    smaller, larger = candidates(19_671), candidates(20_487)
    assert [len(c) for c in smaller] == [5, 6, 7, 8]
    assert [len(c) for c in larger] == [4, 5, 6, 7, 8]
    assert larger[1:] == smaller
