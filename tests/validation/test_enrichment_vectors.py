"""Test vectors T1-T7 and T11 of shared/reference/physics/physics.md section 6.

Each expected value is quoted to 4-5 significant figures in the note; the tolerance is
half a unit of the last quoted digit, so a test fails as soon as a digit is wrong.
"""

from __future__ import annotations

import pytest

from lockstep.physics import (
    balance,
    feed_per_product,
    stage_numbers,
    swu_per_product,
    tails_for_feed_cap,
    value_function,
)


@pytest.mark.parametrize(
    ("tails", "fp", "sp"),
    [
        # T1: physics.md section 6 (computed there; cross-checked with the WISE calculator
        # convention of 0.711 % natural assay).
        (0.0025, 7.4187, 5.1561),
        # T2: same feed and product, tails 0.30 % and 0.20 %.
        (0.0030, 8.1995, 4.6558),
        (0.0020, 6.7906, 5.7959),
    ],
)
def test_t1_t2_leu_at_jcpoa_assay(tails: float, fp: float, sp: float) -> None:
    assert float(feed_per_product(0.00711, 0.0367, tails)) == pytest.approx(fp, abs=5e-5)
    assert float(swu_per_product(0.00711, 0.0367, tails)) == pytest.approx(sp, abs=5e-5)


def test_t3_four_and_a_half_percent() -> None:
    # T3: 4.5 % product, 0.25 % tails, natural feed: F/P 9.2191, SWU/kg 6.8711.
    assert float(feed_per_product(0.00711, 0.045, 0.0025)) == pytest.approx(9.2191, abs=5e-5)
    assert float(swu_per_product(0.00711, 0.045, 0.0025)) == pytest.approx(6.8711, abs=5e-5)


def test_t4_pyne_binary_case() -> None:
    # T4: PyNE tests/test_enrichment.py (test_feed, test_tails, test_swu): 1.5 kg of 5 %
    # from 0.72 % at 0.25 % tails needs 15.1596 kg feed, leaves 13.6596 kg tails and
    # 11.765 SWU; PyNE asserts rel=1e-4 on these rounded figures, so do we.
    b = balance(0.0072, 0.05, 0.0025, product_kg_u=1.5)
    assert float(b.feed_kg_u) == pytest.approx(15.1596, rel=1e-5)
    assert float(b.tails_kg_u) == pytest.approx(13.6596, rel=1e-5)
    assert float(b.swu) == pytest.approx(11.765, rel=5e-5)


def test_t5_twenty_percent_from_070() -> None:
    # T5: 10 kg of 20 % from 0.70 % at 0.30 % tails: 492.5 kg feed, 386.9 SWU
    # (physics.md; the Cycamore test comment "388 SWU, 486 kg" is stale, see the note).
    b = balance(0.0070, 0.20, 0.003, product_kg_u=10.0)
    assert float(b.feed_kg_u) == pytest.approx(492.5, abs=0.05)
    assert float(b.swu) == pytest.approx(386.9, abs=0.05)


def test_t6_one_quantity_from_natural() -> None:
    # T6: 25 kg of 90 % from natural at 0.3 % tails: 5,456 kg U feed, 4,823 SWU
    # (physics.md; the figure behind "25 kg WGU" breakout arithmetic).
    b = balance(0.00711, 0.90, 0.003, product_kg_u=25.0)
    assert float(b.feed_kg_u) == pytest.approx(5456.2, abs=0.05)
    assert float(b.swu) == pytest.approx(4823.4, abs=0.05)


def test_t7_one_quantity_from_sixty_percent() -> None:
    # T7: 25 kg of 90 % from 60 % at 20 % tails: 43.75 kg feed, 56.0 SWU.
    b = balance(0.60, 0.90, 0.20, product_kg_u=25.0)
    assert float(b.feed_kg_u) == pytest.approx(43.75, abs=5e-3)
    assert float(b.swu) == pytest.approx(56.0, abs=0.05)


def test_section_2_1_feed_cap_example() -> None:
    # physics.md section 2.1: 40 kg of 60 % -> 25 kg of 90 % forces 10 % tails, 67.1 SWU.
    xt = float(tails_for_feed_cap(40.0, 0.60, 25.0, 0.90))
    assert xt == pytest.approx(0.10, rel=1e-12)
    assert float(balance(0.60, 0.90, xt, product_kg_u=25.0).swu) == pytest.approx(67.1, abs=0.05)


@pytest.mark.parametrize(
    ("assay", "value"),
    [
        # physics.md section 2, "Reference values of V", quoted to 5 decimals.
        (0.00711, 4.86888),
        (0.0072, 4.85551),
        (0.0025, 5.95902),
        (0.003, 5.77130),
        (0.0367, 3.02775),
        (0.045, 2.78009),
        (0.20, 0.83178),
        (0.60, 0.08109),
        (0.90, 1.75778),
    ],
)
def test_reference_values_of_v(assay: float, value: float) -> None:
    assert float(value_function(assay)) == pytest.approx(value, abs=5e-6)


@pytest.mark.parametrize(
    ("feed", "product", "tails", "beta", "n", "m", "tol"),
    [
        # T11 (physics.md section 6): 0.711 -> 3.5 % at 0.4 % tails, beta 1.154:
        # N 11.32, M 3.04. The note truncates to two decimals (we get 11.3265), so the
        # tolerance is one unit of the last digit.
        (0.00711, 0.035, 0.004, 1.154, 11.32, 3.04, 0.01),
        # Worked examples of physics.md section 3, quoted to 3 significant figures.
        (0.00711, 0.90, 0.003, 1.154, 49.8, 5.05, 0.05),
        (0.60, 0.90, 0.20, 1.154, 12.5, 11.5, 0.05),
        # PyNE default cascade, alpha 1.05 per unit mass at the key mid-point:
        # beta = 1.05 ** ((238.0507884 - 235.0439301) / 2) = 1.0761; N 27.02, M 13.49.
        (0.0072, 0.05, 0.0025, 1.05 ** ((238.0507884 - 235.0439301) / 2), 27.02, 13.49, 0.005),
    ],
)
def test_t11_ideal_stage_numbers(
    feed: float, product: float, tails: float, beta: float, n: float, m: float, tol: float
) -> None:
    got_n, got_m = stage_numbers(feed, product, tails, beta=beta)
    assert float(got_n) == pytest.approx(n, abs=tol)
    assert float(got_m) == pytest.approx(m, abs=tol)
