"""The multi-isotope solver on generated feeds: it converges without guesses, meets the
targets, conserves every isotope, and refuses only targets above the ceiling."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.physics import NoCascadeSolutionError, multi_isotope_cascade


@settings(max_examples=40, deadline=None)
@given(
    u234=st.floats(min_value=0.0, max_value=3e-4),
    u236=st.floats(min_value=0.0, max_value=1e-3),
    u235=st.floats(min_value=0.003, max_value=0.6),
    product_share=st.floats(min_value=0.01, max_value=0.98),
    tails_share=st.floats(min_value=0.05, max_value=0.95),
    alpha=st.floats(min_value=1.02, max_value=2.0),
)
def test_solver_meets_targets_and_balances(
    u234: float,
    u236: float,
    u235: float,
    product_share: float,
    tails_share: float,
    alpha: float,
) -> None:
    feed = np.array([0.0, u234, u235, u236, 1.0 - u234 - u235 - u236])
    ceiling = u235 / (u234 + u235 + u236)  # all light isotopes end in the product
    product = u235 + (0.97 * ceiling - u235) * product_share
    tails = u235 * tails_share
    if not u235 < product:
        return
    try:
        r = multi_isotope_cascade(feed, product, tails, alpha=alpha)
    except NoCascadeSolutionError:
        # Allowed only near the ceiling of the key-mass interval used.
        assert product > 0.9 * ceiling
        return
    assert float(r.fraction("U-235", "product")) == pytest.approx(product, rel=1e-9)
    assert float(r.fraction("U-235", "tails")) == pytest.approx(tails, rel=1e-9)
    out = r.product_per_feed * r.product_composition + r.tails_per_feed * r.tails_composition
    np.testing.assert_allclose(out, feed, rtol=1e-10, atol=1e-16)
    assert float(r.enriching_stages) > 0.0
    assert float(r.stripping_stages) > -1.0
    assert float(r.total_flow_per_feed) > 0.0
    assert float(r.swu_per_product) > 0.0
