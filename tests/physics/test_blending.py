"""Unit tests of lockstep.physics.blending."""

from __future__ import annotations

import numpy as np
import pytest

from lockstep.errors import DomainError
from lockstep.physics import down_blend, mix


def test_sixty_percent_to_jcpoa_assay_with_natural_blendstock() -> None:
    # B/H = (0.60 - 0.0367) / (0.0367 - 0.00711) = 19.0368 kg natural per kg of 60 %.
    b = down_blend(0.60, 0.00711, 0.0367, high_kg_u=100.0)
    assert float(b.blendstock_kg_u) == pytest.approx(100.0 * 0.5633 / 0.02959, rel=1e-12)
    assert float(b.product_kg_u) == pytest.approx(float(b.high_kg_u + b.blendstock_kg_u))
    assert float(b.u235_kg) == pytest.approx(60.0 + float(b.blendstock_kg_u) * 0.00711)


@pytest.mark.parametrize("which", ["high_kg_u", "blendstock_kg_u", "product_kg_u"])
def test_any_mass_gives_the_same_blend(which: str) -> None:
    ref = down_blend(0.20, 0.003, 0.0367, high_kg_u=50.0)
    again = down_blend(0.20, 0.003, 0.0367, **{which: float(getattr(ref, which))})
    assert float(again.high_kg_u) == pytest.approx(50.0, rel=1e-12)


def test_blend_errors() -> None:
    with pytest.raises(DomainError) as info:
        down_blend(0.60, 0.05, 0.03, high_kg_u=1.0)
    assert info.value.argument == "product_assay"
    with pytest.raises(DomainError, match="exactly one mass"):
        down_blend(0.60, 0.00711, 0.03)
    with pytest.raises(DomainError) as info:
        down_blend(0.60, 0.00711, [0.03, 0.7], high_kg_u=1.0)
    assert info.value.index == (1,)


def test_mix() -> None:
    total, assay = mix([10.0, 30.0, 0.0], [0.20, 0.60, 0.90])
    assert float(total) == 40.0
    assert float(assay) == pytest.approx(0.5)
    total, assay = mix(np.zeros((2, 3)), 0.5)
    assert np.isnan(assay).all()
    with pytest.raises(DomainError):
        mix([1.0], [1.5])
