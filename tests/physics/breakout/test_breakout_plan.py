"""Material plans: single-step feeds and the batch-recycle ladder."""

from __future__ import annotations

import itertools
import math

import pytest

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics import swu_per_product
from lockstep.physics.breakout import Assumptions, Quantity, Stock, TailsPolicy
from lockstep.physics.breakout.least_work import single_step_curve, single_step_plan
from lockstep.physics.breakout.plan import (
    NATURAL_LABEL,
    assign_stocks,
    build_ladder,
    ladder_jobs,
    merge_stocks,
)

NATURAL = 0.00711


def plan(stocks: list[Stock], product: float, tails: TailsPolicy, natural: bool = False):  # type: ignore[no-untyped-def]
    return single_step_plan(
        merge_stocks(stocks), product, 0.90, tails, unlimited_natural=natural, natural_assay=NATURAL
    )


def test_forced_tails_example_of_physics_md() -> None:
    # physics.md section 2.1: 40 kg of 60 % -> 25 kg of 90 % forces tails 10 %, 67.1 SWU.
    # The 60 % band allows tails 10-30 %, so the forced 10 % is the best tails here.
    (flow,) = plan([Stock(0.60, 40.0, "60")], 25.0, TailsPolicy())
    assert flow.tails_assay == pytest.approx(0.10, abs=1e-12)
    assert flow.feed_kg_u == pytest.approx(40.0)
    assert flow.swu == pytest.approx(67.1, abs=0.05)


def test_t7_fixed_tails() -> None:
    # physics.md section 6, T7: 25 kg 90 % from 60 % at 20 % tails: F 43.75 kg, S 56.0 SWU.
    (flow,) = plan([Stock(0.60, 1000.0, "60")], 25.0, TailsPolicy.fixed(0.20))
    assert flow.feed_kg_u == pytest.approx(43.75)
    assert flow.swu == pytest.approx(56.0, abs=0.05)


def test_plenty_of_feed_uses_the_highest_tails_of_the_band() -> None:
    (flow,) = plan([Stock(0.60, 1000.0, "60")], 25.0, TailsPolicy())
    assert flow.tails_assay == 0.30
    # 25 kg at 30 % tails: F/P = (0.9 - 0.3)/(0.6 - 0.3) = 2.
    assert flow.feed_kg_u == pytest.approx(50.0)
    assert flow.swu == pytest.approx(25.0 * float(swu_per_product(0.6, 0.9, 0.3)))


def test_stock_too_small_for_the_job_is_used_where_its_marginal_work_matches() -> None:
    # 20 kg of 60 % cannot make 25 kg of 90 %; the rest comes from plentiful 20 % (fed
    # at its band's highest tails, 10 %). Brute force over the 60 % stock's tails
    # (10-30 %) gives the least total work; the planner must find it.
    flows = plan([Stock(0.60, 20.0, "60"), Stock(0.1975, 500.0, "20")], 25.0, TailsPolicy())
    top, second = flows
    assert top.feed_kg_u == pytest.approx(20.0)
    assert second.tails_assay == pytest.approx(0.10)

    def total(t: float) -> float:
        made = 20.0 * (0.6 - t) / (0.9 - t)
        rest = 25.0 - made
        return 20.0 * float(swu_per_product(0.6, 0.9, t)) * (0.6 - t) / (0.9 - t) + rest * float(
            swu_per_product(0.1975, 0.9, 0.10)
        )

    best = min(total(0.10 + 0.2 * i / 20_000) for i in range(20_001))
    assert math.fsum(f.swu for f in flows) == pytest.approx(best, rel=1e-5)
    assert 0.10 < top.tails_assay < 0.30


def test_a_stock_dearer_than_natural_uranium_is_left_unused() -> None:
    # 0.9 % material at its band's tails (0.3-0.5 %) costs more work per kg of 90 % than
    # natural uranium at 0.5 % tails only if used at low tails; the planner uses it at
    # the tails that saves work, or not at all.
    with_stock = plan([Stock(0.009, 1.0, "slightly enriched")], 25.0, TailsPolicy(), natural=True)
    without = plan([], 25.0, TailsPolicy(), natural=True)
    assert math.fsum(f.swu for f in with_stock) <= math.fsum(f.swu for f in without)


def test_mass_and_u235_balance_of_every_step() -> None:
    flows = plan(
        [Stock(0.60, 10.0, "60"), Stock(0.1975, 30.0, "20"), Stock(0.045, 200.0, "5")],
        27.8,
        TailsPolicy(),
        natural=True,
    )
    assert math.fsum(f.product_kg_u for f in flows) == pytest.approx(27.8)
    for f in flows:
        assert f.feed_kg_u == pytest.approx(f.product_kg_u + f.tails_kg_u)
        u235_in = f.feed_kg_u * f.feed_assay
        u235_out = f.product_kg_u * f.product_assay + f.tails_kg_u * f.tails_assay
        assert u235_in == pytest.approx(u235_out, rel=1e-9)
    assert flows[-1].feed_label == NATURAL_LABEL


def test_stock_at_product_assay_counts_as_product() -> None:
    flows = plan([Stock(0.93, 30.0, "heu")], 25.0, TailsPolicy())
    assert len(flows) == 1
    assert flows[0].swu == 0.0


def test_not_enough_material_is_infeasible_not_infinite() -> None:
    with pytest.raises(InfeasibleError, match="can make only"):
        plan([Stock(0.20, 50.0, "20")], 25.0, TailsPolicy())


def test_merge_makes_order_and_splitting_irrelevant() -> None:
    a = merge_stocks([Stock(0.2, 10.0, "a"), Stock(0.6, 5.0, "b"), Stock(0.2, 30.0, "c")])
    b = merge_stocks([Stock(0.2, 30.0, "c"), Stock(0.2, 10.0, "a"), Stock(0.6, 5.0, "b")])
    assert a == b
    assert [s.assay for s in a] == [0.6, 0.2]
    assert a[1].mass_kg_u == 40.0


def test_curve_is_nondecreasing_and_stops_when_stocks_run_out() -> None:
    stocks = [Stock(0.60, 200.0, "60")]
    assumptions = Assumptions(unlimited_natural=False)
    curve, exhausted = single_step_curve(
        stocks, Quantity.wgu25(), assumptions, n_min=1, swu_limit=math.inf, n_cap=100
    )
    assert exhausted
    # 200 kg of 60 % at the lowest tails of its band (10 %) make 200*0.5/0.8 = 125 kg:
    # five quantities of 25 kg.
    assert len(curve) == 5
    assert all(b >= a for a, b in itertools.pairwise(curve))


def test_ladder_rungs_and_design_tails() -> None:
    ladder = build_ladder(Quantity.wgu25(), Assumptions())
    assert [s.product_assay for s in ladder] == [0.045, 0.20, 0.60, 0.90]
    assert [s.tails_assay for s in ladder] == pytest.approx([0.004, 0.011, 0.0675, 0.20])
    assert [s.design_duty for s in ladder] == [True, False, False, False]


def test_ladder_for_a_custom_60_percent_quantity_stops_at_60() -> None:
    ladder = build_ladder(Quantity.custom(42.0, 0.60), Assumptions())
    assert [s.product_assay for s in ladder] == [0.045, 0.20, 0.60]


def test_fixed_tails_above_a_rung_is_a_domain_error() -> None:
    with pytest.raises(DomainError, match="tails"):
        build_ladder(Quantity.wgu25(), Assumptions(tails=TailsPolicy.fixed(0.05)))


def test_stocks_join_the_first_step_that_doubles_their_abundance_ratio() -> None:
    ladder = build_ladder(Quantity.wgu25(), Assumptions())
    stocks = [
        Stock(0.95, 1.0, "heu"),
        Stock(0.60, 1.0, "60"),
        Stock(0.1975, 1.0, "20"),
        Stock(0.0367, 1.0, "3.67"),
        Stock(0.02, 1.0, "2"),
        Stock(0.003, 1.0, "tails"),
    ]
    direct, per_step, unusable = assign_stocks(stocks, ladder, 2.0)
    assert [s.label for s in direct] == ["heu"]
    assert [[s.label for s in step] for step in per_step] == [["2"], ["3.67"], ["20"], ["60"]]
    assert [s.label for s in unusable] == ["tails"]


def test_ladder_jobs_conserve_u235_and_consume_stocks_in_order() -> None:
    quantity = Quantity.wgu25()
    assumptions = Assumptions()
    ladder = build_ladder(quantity, assumptions)
    stocks = [Stock(0.60, 60.0, "60"), Stock(0.1975, 100.0, "20")]
    jobs, exhausted, _ = ladder_jobs(
        stocks, quantity, assumptions, ladder, n_min=4, swu_limit=math.inf, n_cap=4
    )
    assert not exhausted
    assert len(jobs) == 4
    # Job 1 is made from 60 % stock alone (43.75 kg at 20 % design tails).
    assert jobs[0].swu[3] > 0
    assert jobs[0].swu[:3] == (0.0, 0.0, 0.0)
    assert not any(jobs[0].from_below)
    for job in jobs:
        top = [f for f in job.flows if f.step == 3]
        assert math.fsum(f.product_kg_u for f in top) == pytest.approx(25.0)
        for f in job.flows:
            assert f.feed_kg_u * f.feed_assay == pytest.approx(
                f.product_kg_u * f.product_assay + f.tails_kg_u * f.tails_assay, rel=1e-9
            )
    # The last job needs natural uranium at the bottom step.
    assert any(f.feed_label == NATURAL_LABEL for f in jobs[-1].flows)


def test_ladder_jobs_without_natural_run_out() -> None:
    quantity = Quantity.wgu25()
    assumptions = Assumptions(unlimited_natural=False)
    ladder = build_ladder(quantity, assumptions)
    jobs, exhausted, _ = ladder_jobs(
        [Stock(0.60, 100.0, "60")], quantity, assumptions, ladder, n_min=1, swu_limit=1e9, n_cap=50
    )
    assert exhausted
    assert len(jobs) == 2  # 100 kg / 43.75 kg per quantity
    with pytest.raises(InfeasibleError):
        ladder_jobs(
            [Stock(0.60, 10.0, "60")], quantity, assumptions, ladder, n_min=1, swu_limit=1, n_cap=5
        )
