"""Test vectors T8-T10 of shared/reference/physics/physics.md: PyNE's multicomponent cases.

Expected values are PyNE's own regression figures (tests/test_enrichment.py in
https://github.com/pyne/pyne: check_NU, check_sample_feed, check_tungsten), which PyNE
asserts to rel=1e-5 for T8/T9 (1e-4 for T8's N and M) and to 1e-2 to 1e-3 for T10.
We assert T8 and T9 to 1e-5 relative on every figure, stage numbers included, and T10
to PyNE's own tolerances: its tungsten run stops at a loose tolerance (1e-7), so its
stage numbers are only good to about 1e-2 (we find N 43.37 against PyNE's 43.56, while
M*, L/F, SWU and P/F agree to better than 1e-5).
"""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.physics import multi_isotope_cascade

U3 = ("U-234", "U-235", "U-238")
U5 = ("U-232", "U-234", "U-235", "U-236", "U-238")
REL = 1e-5


def test_t8_pyne_natural_uranium() -> None:
    # PyNE check_NU: default cascade (alpha 1.05 per unit mass), feed U-234 5.5e-5,
    # U-235 0.0072, U-238 0.992745; 5 % product, 0.25 % tails; M* optimized.
    r = multi_isotope_cascade(
        [5.5e-5, 0.0072, 0.992745], 0.05, 0.0025, alpha_per_mass=1.05, isotopes=U3
    )
    assert float(r.fraction("U-235", "product")) == pytest.approx(0.05, rel=1e-12)
    assert float(r.fraction("U-235", "tails")) == pytest.approx(0.0025, rel=1e-12)
    assert float(r.product_per_feed) == pytest.approx(0.0989473684211, rel=REL)
    assert float(r.tails_per_feed) == pytest.approx(0.901052631579, rel=REL)
    assert float(r.enriching_stages) == pytest.approx(27.183583424704818, rel=REL)
    assert float(r.stripping_stages) == pytest.approx(13.387464890476533, rel=REL)
    assert float(r.key_mass) == pytest.approx(236.5621860655, rel=REL)
    assert float(r.total_flow_per_feed) == pytest.approx(288.62731727645644, rel=REL)
    assert float(r.multicomponent_swu_per_feed) == pytest.approx(0.761263453429, rel=REL)
    assert float(r.multicomponent_swu_per_product) == pytest.approx(7.69362000806, rel=REL)


def test_t9_pyne_sample_feed() -> None:
    # PyNE check_sample_feed: reprocessed-like feed with U-232 and U-236, 6 % product.
    feed = [1.1e-9, 0.00021, 0.0092, 0.0042, 0.9863899989]
    r = multi_isotope_cascade(feed, 0.06, 0.0025, alpha_per_mass=1.05, isotopes=U5)
    assert float(r.product_per_feed) == pytest.approx(0.11652173913043479, rel=REL)
    assert float(r.tails_per_feed) == pytest.approx(0.88347826086956527, rel=REL)
    assert float(r.enriching_stages) == pytest.approx(26.864660071132583, rel=REL)
    assert float(r.stripping_stages) == pytest.approx(16.637884564470365, rel=REL)
    assert float(r.key_mass) == pytest.approx(236.57708506549994, rel=REL)
    assert float(r.total_flow_per_feed) == pytest.approx(357.3888391866117, rel=REL)
    assert float(r.multicomponent_swu_per_feed) == pytest.approx(0.9322804173594426, rel=REL)
    assert float(r.multicomponent_swu_per_product) == pytest.approx(8.000914029577306, rel=REL)
    # Product isotopics quoted in physics.md T9 (PyNE docs): U-234 0.0016055, U-236 0.019325.
    assert float(r.fraction("U-234", "product")) == pytest.approx(0.0016055, abs=5e-8)
    assert float(r.fraction("U-236", "product")) == pytest.approx(0.019325, abs=5e-7)


def test_t10_pyne_tungsten_von_halle() -> None:
    # PyNE check_tungsten, after von Halle (1987): alpha 1.16306 per unit mass, key W-180 /
    # W-186, start M* 181.3. Masses: AME 2020 (PyNE's nuclear data differ below 1e-6).
    names = ("W-180", "W-182", "W-183", "W-184", "W-186")
    masses = [179.9467108, 181.94820394, 182.95022275, 183.95093092, 185.9543628]
    feed = [0.0014, 0.26416, 0.14409, 0.30618, 0.28417]
    r = multi_isotope_cascade(
        feed,
        0.5109,
        0.00014,
        alpha_per_mass=1.16306,
        isotopes=names,
        masses_g_per_mol=masses,
        key=("W-180", "W-186"),
        key_mass_start=181.3,
    )
    assert float(r.product_per_feed) == pytest.approx(0.0024669120526274574, rel=1e-9)
    assert float(r.enriching_stages) == pytest.approx(43.557515688533513, rel=1e-2)
    assert float(r.stripping_stages) == pytest.approx(11.49556481009056, rel=1e-2)
    assert float(r.key_mass) == pytest.approx(181.16425540249995, rel=1e-4)
    assert float(r.total_flow_per_feed) == pytest.approx(96.81774564292206, rel=1e-5)
    assert float(r.multicomponent_swu_per_feed) == pytest.approx(2.22221945305, rel=1e-5)
    assert float(r.multicomponent_swu_per_product) == pytest.approx(900.810164953, rel=1e-5)


def test_t8_t9_batched_equal_single() -> None:
    # The same two feeds solved as one batch give the single-feed answers.
    feeds = np.array(
        [[0.0, 5.5e-5, 0.0072, 0.0, 0.992745], [1.1e-9, 0.00021, 0.0092, 0.0042, 0.9863899989]]
    )
    r = multi_isotope_cascade(feeds, [0.05, 0.06], 0.0025, alpha_per_mass=1.05)
    assert r.enriching_stages[0] == pytest.approx(27.183583424704818, rel=REL)
    assert r.enriching_stages[1] == pytest.approx(26.864660071132583, rel=REL)
    assert r.total_flow_per_feed[0] == pytest.approx(288.62731727645644, rel=REL)
    assert r.total_flow_per_feed[1] == pytest.approx(357.3888391866117, rel=REL)
