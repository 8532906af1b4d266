"""Unit tests of lockstep.physics.multicomponent (PyNE cases are in tests/validation)."""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.errors import DomainError, InfeasibleError, LockstepError
from lockstep.physics import (
    NoCascadeSolutionError,
    alpha_per_mass_from_stage_alpha,
    ideal_cascade,
    multi_isotope_cascade,
    total_interstage_flow,
)

NATURAL_0054 = [0.0, 5.4e-5, 0.00711, 0.0, 1.0 - 5.4e-5 - 0.00711]


def test_binary_midpoint_is_the_ideal_cascade() -> None:
    # With only the two keys and M* at their mid-point the MARC is the ideal cascade:
    # same N and M, and Wood's L_t/F equals sum L / F = S/F (beta + 1)/((beta - 1) ln beta).
    r = multi_isotope_cascade(
        [0.00711, 0.99289],
        0.9,
        0.003,
        beta=1.154,
        isotopes=("U-235", "U-238"),
        key_mass="midpoint",
    )
    ideal = ideal_cascade(0.00711, 0.9, 0.003, beta=1.154)
    assert float(r.enriching_stages) == pytest.approx(float(ideal.enriching_stages), rel=1e-10)
    assert float(r.stripping_stages) == pytest.approx(float(ideal.stripping_stages), rel=1e-10)
    flow = total_interstage_flow(float(r.swu_per_feed), beta=1.154)
    assert float(r.total_flow_per_feed) == pytest.approx(float(flow), rel=1e-10)


@pytest.mark.parametrize("beta", [1.05, 1.154, 1.3])
def test_u234_in_weapon_grade_product(beta: float) -> None:
    # physics.md section 4: natural feed (U-234 0.0054 %) -> 90 % at 0.3 % tails in one
    # MARC puts 0.90 % U-234 in the product and 0.0013 % in the tails, "essentially
    # independent of alpha" (quoted to 2 significant figures).
    r = multi_isotope_cascade(NATURAL_0054, 0.9, 0.003, beta=beta)
    assert float(r.fraction("U-234", "product")) == pytest.approx(0.0090, abs=5e-5)
    assert float(r.fraction("U-234", "tails")) == pytest.approx(0.000013, abs=5e-7)


def test_value_function_swu_exceeds_multicomponent_figure() -> None:
    # physics.md section 4: for the binary 0.72 -> 5 % at 0.25 % tails the multicomponent
    # figure is 7.694 SWU/kg against 7.843 from V(x); for 0.711 -> 90 % at 0.3 % tails
    # 181.1 against 192.9 (the note's feed includes U-234; a pure binary gives 181.2).
    binary = multi_isotope_cascade(
        [0.0072, 0.9928], 0.05, 0.0025, alpha_per_mass=1.05, isotopes=("U-235", "U-238")
    )
    assert float(binary.multicomponent_swu_per_product) == pytest.approx(7.694, abs=5e-4)
    assert float(binary.swu_per_product) == pytest.approx(7.843, abs=5e-4)
    r = multi_isotope_cascade(NATURAL_0054, 0.9, 0.003, beta=1.154)
    assert float(r.swu_per_product) == pytest.approx(192.9, abs=0.05)
    assert float(r.multicomponent_swu_per_product) == pytest.approx(181.1, abs=0.05)


def test_streams_balance_every_isotope() -> None:
    r = multi_isotope_cascade(
        [1.1e-9, 0.00021, 0.0092, 0.0042, 0.9863899989], 0.2, 0.003, alpha=1.3
    )
    inflow = r.feed_composition
    out = r.product_per_feed * r.product_composition + r.tails_per_feed * r.tails_composition
    np.testing.assert_allclose(out, inflow, rtol=1e-12, atol=1e-18)
    assert float(r.product_composition.sum()) == pytest.approx(1.0, rel=1e-14)


def test_batch_shape_and_values() -> None:
    feeds = np.array([NATURAL_0054] * 6).reshape(2, 3, 5)
    products = np.array([0.035, 0.2, 0.6])
    r = multi_isotope_cascade(feeds, products, 0.003, alpha=1.33)
    assert r.enriching_stages.shape == (2, 3)
    assert r.product_composition.shape == (2, 3, 5)
    one = multi_isotope_cascade(NATURAL_0054, 0.6, 0.003, alpha=1.33)
    assert r.enriching_stages[1, 2] == pytest.approx(float(one.enriching_stages), rel=1e-8)


def test_fixed_and_midpoint_key_mass() -> None:
    mid = multi_isotope_cascade(
        NATURAL_0054, 0.05, 0.0025, alpha_per_mass=1.05, key_mass="midpoint"
    )
    assert float(mid.key_mass) == pytest.approx((235.0439301 + 238.0507884) / 2)
    fixed = multi_isotope_cascade(NATURAL_0054, 0.05, 0.0025, alpha_per_mass=1.05, key_mass=236.7)
    best = multi_isotope_cascade(NATURAL_0054, 0.05, 0.0025, alpha_per_mass=1.05)
    assert float(best.total_flow_per_feed) <= float(mid.total_flow_per_feed)
    assert float(best.total_flow_per_feed) <= float(fixed.total_flow_per_feed)
    assert best.iterations > 0
    assert mid.iterations == 0


def test_separation_factor_forms_agree() -> None:
    a = multi_isotope_cascade(NATURAL_0054, 0.2, 0.003, alpha=1.33)
    b = multi_isotope_cascade(NATURAL_0054, 0.2, 0.003, beta=1.33**0.5)
    c = multi_isotope_cascade(
        NATURAL_0054, 0.2, 0.003, alpha_per_mass=alpha_per_mass_from_stage_alpha(1.33)
    )
    assert float(a.enriching_stages) == pytest.approx(float(b.enriching_stages), rel=1e-9)
    assert float(a.enriching_stages) == pytest.approx(float(c.enriching_stages), rel=1e-9)


def test_unreachable_product_raises_dedicated_error() -> None:
    # Reprocessed-like feed: with U-236 present the key mass lies above 236.05, U-236
    # follows U-235 into the product and 90 % cannot be reached.
    feed = [0.0, 0.0, 0.0092, 0.0042, 0.9866]
    with pytest.raises(NoCascadeSolutionError, match="cannot be reached") as info:
        multi_isotope_cascade(feed, 0.9, 0.003, alpha=1.33)
    assert isinstance(info.value, InfeasibleError)
    assert isinstance(info.value, LockstepError)
    # Above what U-234 alone allows, whatever the key mass.
    with pytest.raises(NoCascadeSolutionError):
        multi_isotope_cascade(NATURAL_0054, 0.995, 0.003, alpha=1.33)


def test_batch_error_names_the_feed() -> None:
    feeds = np.array([NATURAL_0054, [0.0, 0.0, 0.0092, 0.0042, 0.9866]])
    with pytest.raises(NoCascadeSolutionError) as info:
        multi_isotope_cascade(feeds, 0.9, 0.003, alpha=1.33)
    assert info.value.index == (1,)
    assert "feed[1]" in str(info.value)


@pytest.mark.parametrize(
    ("feed", "kwargs", "argument"),
    [
        ([0.1, 0.2], {"alpha": 1.3}, "feed_composition"),  # wrong number of isotopes
        ([0.0, 0.0, 0.00711, 0.0, 0.9], {"alpha": 1.3}, "feed_composition"),  # sum != 1
        (NATURAL_0054, {}, "alpha_per_mass/alpha/beta"),
        (NATURAL_0054, {"alpha": 1.3, "beta": 1.1}, "alpha_per_mass/alpha/beta"),
        (NATURAL_0054, {"alpha": 0.9}, "alpha"),
        (NATURAL_0054, {"alpha": 1.3, "key_mass": 240.0}, "key_mass"),
        (NATURAL_0054, {"alpha": 1.3, "key": ("U-238", "U-235")}, "key"),
        (NATURAL_0054, {"alpha": 1.3, "key_mass": "best"}, "key_mass"),  # type: ignore[dict-item]
    ],
)
def test_input_errors(feed: list[float], kwargs: dict[str, object], argument: str) -> None:
    with pytest.raises(DomainError) as info:
        multi_isotope_cascade(feed, 0.2, 0.003, **kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_assay_order_errors() -> None:
    with pytest.raises(DomainError) as info:
        multi_isotope_cascade(NATURAL_0054, 0.005, 0.003, alpha=1.3)
    assert info.value.argument == "product_assay"
    with pytest.raises(DomainError) as info:
        multi_isotope_cascade(NATURAL_0054, 0.2, 0.008, alpha=1.3)
    assert info.value.argument == "tails_assay"


def test_fraction_accessor_errors() -> None:
    r = multi_isotope_cascade(NATURAL_0054, 0.2, 0.003, alpha=1.3)
    with pytest.raises(DomainError):
        r.fraction("U-233", "product")
    with pytest.raises(DomainError):
        r.fraction("U-235", "waste")  # type: ignore[arg-type]
