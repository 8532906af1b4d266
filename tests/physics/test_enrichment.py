"""Unit tests of lockstep.physics.enrichment: errors, broadcasting, inverse solvers."""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.errors import DomainError, LockstepError
from lockstep.physics import (
    DAYS_PER_YEAR,
    balance,
    days_for_swu,
    feed_per_product,
    product_from_feed_and_swu,
    swu_per_feed,
    swu_per_product,
    tails_for_feed_cap,
    tails_per_product,
    value_function,
)
from lockstep.physics.enrichment import _BLOCK


def test_domain_error_is_a_value_error() -> None:
    assert issubclass(DomainError, LockstepError)
    assert issubclass(DomainError, ValueError)


@pytest.mark.parametrize(
    ("feed", "product", "tails", "argument"),
    [
        (0.05, 0.03, 0.003, "product_assay"),
        (0.00711, 0.9, 0.01, "tails_assay"),
        (0.00711, 1.0, 0.003, "product_assay"),
        (0.00711, 0.9, 0.0, "tails_assay"),
        (float("nan"), 0.9, 0.003, "feed_assay"),
    ],
)
def test_bad_assays_name_the_argument(
    feed: float, product: float, tails: float, argument: str
) -> None:
    with pytest.raises(DomainError) as info:
        balance(feed, product, tails, product_kg_u=1.0)
    assert info.value.argument == argument


def test_array_error_names_first_offending_index() -> None:
    tails = np.array([[0.003, 0.003], [0.003, 0.02]])
    with pytest.raises(DomainError) as info:
        swu_per_product(0.00711, 0.9, tails)
    assert info.value.argument == "tails_assay"
    assert info.value.index == (1, 1)
    assert "tails_assay[1, 1]" in str(info.value)


def test_large_array_error_index_beyond_first_block() -> None:
    n = 3 * _BLOCK + 7
    product = np.full(n, 25.0)
    product[2 * _BLOCK + 5] = -1.0
    with pytest.raises(DomainError) as info:
        balance(0.00711, 0.9, 0.003, product_kg_u=product)
    assert info.value.argument == "product_kg_u"
    assert info.value.index == (2 * _BLOCK + 5,)


def test_exactly_one_quantity() -> None:
    with pytest.raises(DomainError, match="exactly one quantity"):
        balance(0.00711, 0.9, 0.003)
    with pytest.raises(DomainError, match="exactly one quantity"):
        balance(0.00711, 0.9, 0.003, product_kg_u=1.0, swu=2.0)


def test_non_numeric_input() -> None:
    with pytest.raises(DomainError, match="number"):
        value_function("abc")  # type: ignore[arg-type]


def test_balance_broadcasts_and_blocks_agree_with_scalars() -> None:
    rng = np.random.default_rng(7)
    n = 2 * _BLOCK + 11
    feed = rng.uniform(0.005, 0.05, n)
    product = rng.uniform(0.06, 0.95, n)
    b = balance(feed, product[:, None][:, 0], 0.002, swu=100.0)
    assert b.feed_kg_u.shape == (n,)
    for i in (0, _BLOCK, n - 1):
        one = balance(float(feed[i]), float(product[i]), 0.002, swu=100.0)
        assert float(b.product_kg_u[i]) == pytest.approx(float(one.product_kg_u), rel=1e-14)
    grid = balance(
        np.array([0.00711, 0.02])[:, None], np.array([0.2, 0.6, 0.9]), 0.003, product_kg_u=1.0
    )
    assert grid.swu.shape == (2, 3)
    assert grid.feed_assay.shape == (2, 3)


@pytest.mark.parametrize("which", ["product_kg_u", "feed_kg_u", "tails_kg_u", "swu"])
def test_each_quantity_round_trips(which: str) -> None:
    ref = balance(0.00711, 0.9, 0.003, product_kg_u=25.0)
    value = float(getattr(ref, which))
    again = balance(0.00711, 0.9, 0.003, **{which: value})
    for name in ("product_kg_u", "feed_kg_u", "tails_kg_u", "swu"):
        assert float(getattr(again, name)) == pytest.approx(float(getattr(ref, name)), rel=1e-12)


def test_ratios_are_consistent() -> None:
    f, p, t = 0.00711, 0.2, 0.003
    assert float(feed_per_product(f, p, t)) == pytest.approx(
        1.0 + float(tails_per_product(f, p, t))
    )
    assert float(swu_per_feed(f, p, t)) == pytest.approx(
        float(swu_per_product(f, p, t)) / float(feed_per_product(f, p, t))
    )


def test_tails_for_feed_cap_errors() -> None:
    with pytest.raises(DomainError, match="product_kg_u < feed_kg_u"):
        tails_for_feed_cap(10.0, 0.6, 10.0, 0.9)
    with pytest.raises(DomainError, match="enough U-235"):
        tails_for_feed_cap(30.0, 0.6, 25.0, 0.9)


def test_product_from_feed_and_swu_limits() -> None:
    # No work: no product, tails at the feed assay.
    none = product_from_feed_and_swu(100.0, 0.2, 0.9, 0.0)
    assert float(none.product_kg_u) == 0.0
    assert float(none.tails_assay) == pytest.approx(0.2)
    # Unbounded work: all the U-235 goes to product, P = F xF / xP.
    lots = product_from_feed_and_swu(100.0, 0.2, 0.9, 1e9)
    assert float(lots.product_kg_u) == pytest.approx(100.0 * 0.2 / 0.9, rel=1e-9)
    # Vectorized and consistent with the forward balance.
    swu = np.array([10.0, 100.0, 1000.0])
    r = product_from_feed_and_swu(1000.0, 0.00711, 0.2, swu)
    fwd = balance(0.00711, 0.2, r.tails_assay, feed_kg_u=1000.0)
    np.testing.assert_allclose(fwd.swu, swu, rtol=1e-10)
    np.testing.assert_allclose(fwd.product_kg_u, r.product_kg_u, rtol=1e-10)


def test_product_from_feed_and_swu_errors() -> None:
    with pytest.raises(DomainError) as info:
        product_from_feed_and_swu(100.0, 0.2, 0.1, 10.0)
    assert info.value.argument == "product_assay"
    with pytest.raises(DomainError) as info:
        product_from_feed_and_swu(100.0, 0.2, 0.9, -1.0)
    assert info.value.argument == "swu"


def test_days_for_swu() -> None:
    assert float(days_for_swu(4823.4, 4823.4)) == pytest.approx(DAYS_PER_YEAR)
    with pytest.raises(DomainError) as info:
        days_for_swu(1.0, 0.0)
    assert info.value.argument == "capacity_swu_per_year"
