"""Physical invariants of the enrichment physics, checked on generated cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.physics import (
    balance,
    down_blend,
    product_from_feed_and_swu,
    swu_per_product,
    value_function,
)

fractions = st.floats(min_value=1e-6, max_value=1.0 - 1e-6, allow_nan=False)
masses = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)


@st.composite
def ordered_assays(draw: st.DrawFn) -> tuple[float, float, float]:
    """(tails, feed, product) with 0 < tails < feed < product < 1, not too close."""
    values = sorted(draw(st.lists(fractions, min_size=3, max_size=3, unique=True)))
    tails, feed, product = values
    # Distinct by a relative margin so the ratios are well defined in floating point.
    if feed - tails < 1e-6 * feed or product - feed < 1e-6 * product:
        feed = 0.5 * (tails + product)
    if not (tails < feed < product):
        return (0.002, 0.00711, 0.9)
    return tails, feed, product


QUANTITIES = ("product_kg_u", "feed_kg_u", "tails_kg_u", "swu")


@given(ordered_assays(), masses, st.sampled_from(QUANTITIES))
def test_total_and_u235_mass_balance(
    assays: tuple[float, float, float], amount: float, which: str
) -> None:
    tails, feed, product = assays
    b = balance(feed, product, tails, **{which: amount})
    f, p, t = float(b.feed_kg_u), float(b.product_kg_u), float(b.tails_kg_u)
    scale = max(f, 1e-300)
    assert abs(f - (p + t)) <= 1e-9 * scale
    assert abs(f * feed - (p * product + t * tails)) <= 1e-9 * max(f * feed, 1e-300)
    assert float(b.swu) >= 0.0


@given(ordered_assays())
def test_swu_nonnegative(assays: tuple[float, float, float]) -> None:
    tails, feed, product = assays
    assert float(swu_per_product(feed, product, tails)) >= 0.0


@given(ordered_assays(), st.floats(min_value=1e-6, max_value=0.5))
def test_swu_per_product_rises_with_product_assay(
    assays: tuple[float, float, float], step: float
) -> None:
    tails, feed, product = assays
    higher = product + step * (1.0 - product)
    if not product < higher < 1.0:
        return
    assert float(swu_per_product(feed, higher, tails)) > float(
        swu_per_product(feed, product, tails)
    )


@given(ordered_assays(), st.floats(min_value=1e-3, max_value=0.999))
def test_swu_per_product_rises_as_tails_fall(
    assays: tuple[float, float, float], shrink: float
) -> None:
    tails, feed, product = assays
    lower = tails * shrink
    if not 0.0 < lower < tails:
        return
    assert float(swu_per_product(feed, product, lower)) > float(
        swu_per_product(feed, product, tails)
    )


@given(fractions)
def test_value_function_symmetric(x: float) -> None:
    # V(x) = V(1 - x); 1 - x itself carries a rounding error of up to 1 ulp of 1.
    assert float(value_function(1.0 - x)) == pytest.approx(
        float(value_function(x)), rel=1e-9, abs=1e-12
    )


@given(
    st.floats(min_value=1e-3, max_value=1.0),
    st.floats(min_value=0.0, max_value=0.99),
    st.floats(min_value=0.001, max_value=0.999),
    masses,
    st.sampled_from(("high_kg_u", "blendstock_kg_u", "product_kg_u")),
)
def test_down_blending_conserves_u235(
    high: float, blend_share: float, product_share: float, amount: float, which: str
) -> None:
    blendstock = high * blend_share
    product = blendstock + product_share * (high - blendstock)
    if not blendstock < product < high:
        return
    b = down_blend(high, blendstock, product, **{which: amount})
    h, s, p = float(b.high_kg_u), float(b.blendstock_kg_u), float(b.product_kg_u)
    assert abs(p - (h + s)) <= 1e-9 * max(p, 1e-300)
    u235_in = h * high + s * blendstock
    assert abs(u235_in - p * product) <= 1e-9 * max(u235_in, 1e-300)
    assert abs(float(b.u235_kg) - u235_in) <= 1e-9 * max(u235_in, 1e-300)


@settings(max_examples=60)
@given(ordered_assays(), st.floats(min_value=1.0, max_value=1e5))
def test_product_from_feed_and_swu_inverts_the_balance(
    assays: tuple[float, float, float], feed_mass: float
) -> None:
    tails, feed, product = assays
    if tails < 1e-5 * feed:
        return  # tails far below what any plant runs; the inverse is ill-conditioned
    forward = balance(feed, product, tails, feed_kg_u=feed_mass)
    back = product_from_feed_and_swu(feed_mass, feed, product, float(forward.swu))
    assert float(back.tails_assay) == pytest.approx(tails, rel=1e-8)
    assert abs(float(back.product_kg_u) - float(forward.product_kg_u)) <= 1e-7 * feed_mass
