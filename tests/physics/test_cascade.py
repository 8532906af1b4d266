"""Unit tests of lockstep.physics.cascade."""

from __future__ import annotations

import math

import pytest

from lockstep.errors import DomainError
from lockstep.physics import (
    alpha_from_beta,
    beta_from_alpha,
    ideal_cascade,
    machines_for_capacity,
    machines_for_swu,
    stage_numbers,
    swu_per_feed,
    total_interstage_flow,
)


def test_alpha_and_beta_give_the_same_cascade() -> None:
    by_alpha = stage_numbers(0.00711, 0.035, 0.004, alpha=1.154**2)
    by_beta = stage_numbers(0.00711, 0.035, 0.004, beta=1.154)
    assert float(by_alpha[0]) == pytest.approx(float(by_beta[0]), rel=1e-14)
    assert float(alpha_from_beta(beta_from_alpha(1.33))) == pytest.approx(1.33)


def test_total_stages_span_product_to_tails() -> None:
    c = ideal_cascade(0.00711, 0.9, 0.003, beta=1.2)
    ratio = math.log((0.9 / 0.1) / (0.003 / 0.997)) / math.log(1.2)
    assert float(c.total_stages) == pytest.approx(ratio, rel=1e-12)


def test_interstage_flow_matches_pyne_case() -> None:
    # physics.md section 3: for PyNE's natural case (beta 1.0762, V-based S/F 0.776)
    # sum L / F is about 288, against PyNE's multicomponent L_t/F 288.63.
    beta = 1.05 ** ((238.0507884 - 235.0439301) / 2)
    flow = float(total_interstage_flow(swu_per_feed(0.0072, 0.05, 0.0025), beta=beta))
    assert flow == pytest.approx(288.6, abs=0.05)
    # Small-separation limit: 2 S / (beta - 1)^2 to first order.
    # The relative correction is (beta - 1) = 1e-3.
    flow_small = float(total_interstage_flow(1.0, beta=1.001))
    assert flow_small == pytest.approx(2.0 / 0.001**2 * 1.001, rel=1e-6)


def test_machines() -> None:
    # 4,823 SWU in a year with 0.75 SWU/yr IR-1s: 6,431 machines.
    assert float(machines_for_capacity(4823.44, 0.75)) == pytest.approx(6431.25, rel=1e-5)
    assert float(machines_for_swu(4823.44, 365.25 / 2, 0.75)) == pytest.approx(
        2 * 6431.25, rel=1e-5
    )
    assert float(machines_for_capacity(100.0, 1.0, effectiveness=0.5)) == pytest.approx(200.0)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"alpha": 0.9}, "alpha"),
        ({"beta": 1.0}, "beta"),
        ({}, "alpha/beta"),
        ({"alpha": 1.3, "beta": 1.1}, "alpha/beta"),
    ],
)
def test_separation_factor_errors(kwargs: dict[str, float], argument: str) -> None:
    with pytest.raises(DomainError) as info:
        stage_numbers(0.00711, 0.035, 0.004, **kwargs)
    assert info.value.argument == argument


def test_machine_errors() -> None:
    with pytest.raises(DomainError) as info:
        machines_for_capacity(100.0, 0.0)
    assert info.value.argument == "swu_per_machine_year"
    with pytest.raises(DomainError):
        machines_for_capacity(100.0, 1.0, effectiveness=1.5)
    with pytest.raises(DomainError) as info:
        machines_for_swu(100.0, 0.0, 1.0)
    assert info.value.argument == "duration_days"
