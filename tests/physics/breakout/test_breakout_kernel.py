"""The greedy single-step kernel reproduces shared/reference/roadmap/model.md section 8.2."""

from __future__ import annotations

import pytest

from lockstep.errors import DomainError
from lockstep.physics.breakout import greedy_single_step_plan

# model.md 8.2: m* = 25 kg U-235 at 90 % (P* = 25/0.9 kg U), tails 0.005, natural
# unlimited. Its tolerance is SWU +/- 0.05 and days +/- 0.01 (365-day year).
P_STAR = 25.0 / 0.9


@pytest.mark.parametrize(
    ("stocks", "swu", "days_12250", "days_3750"),
    [
        ([(0.60, 400.0), (0.20, 200.0), (0.0367, 200.0)], 118.8, 3.54, 11.57),
        ([(0.20, 200.0), (0.0367, 200.0)], 465.3, 13.86, 45.29),
        ([(0.0367, 200.0)], 3606.6, 107.46, 351.05),
    ],
)
def test_model_md_table(
    stocks: list[tuple[float, float]], swu: float, days_12250: float, days_3750: float
) -> None:
    plan = greedy_single_step_plan(stocks, P_STAR, 0.90, 0.005)
    assert plan.swu == pytest.approx(swu, abs=0.05)
    assert plan.swu / 12250 * 365 == pytest.approx(days_12250, abs=0.01)
    assert plan.swu / 3750 * 365 == pytest.approx(days_3750, abs=0.01)


def test_single_feed_swu_per_sq() -> None:
    # model.md 8.2: SWU per SQ by single feed 118.8 (60 %), 465.3 (20 %), 4,280.3 (natural).
    assert greedy_single_step_plan([(0.60, 1e6)], P_STAR).swu == pytest.approx(118.8, abs=0.05)
    assert greedy_single_step_plan([(0.20, 1e6)], P_STAR).swu == pytest.approx(465.3, abs=0.05)
    assert greedy_single_step_plan([], P_STAR).swu == pytest.approx(4280.3, abs=0.05)


def test_no_natural_and_too_little_stock_is_an_error() -> None:
    with pytest.raises(DomainError, match="short by"):
        greedy_single_step_plan([(0.2, 10.0)], P_STAR, unlimited_natural=False)
