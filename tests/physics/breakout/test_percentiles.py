"""Percentiles of the Monte Carlo samples: numpy's numbers, without numpy's import cost."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lockstep.physics.breakout.result import Percentiles, percentiles

LEVELS = np.array([10.0, 50.0, 90.0]) / 100.0
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(values=arrays(np.float64, st.integers(1, 400), elements=finite))
def test_linear_percentiles_equal_numpys_to_the_bit(values: np.ndarray) -> None:
    expected = np.percentile(values, [10.0, 50.0, 90.0], method="linear")
    assert np.array_equal(percentiles(values, LEVELS, "linear"), expected)


@settings(max_examples=300, deadline=None)
@given(
    values=arrays(
        np.float64,
        st.integers(1, 400),
        elements=st.one_of(finite, st.just(np.inf), st.integers(0, 12).map(float)),
    )
)
def test_inverted_cdf_percentiles_equal_numpys_to_the_bit(values: np.ndarray) -> None:
    expected = np.percentile(values, [10.0, 50.0, 90.0], method="inverted_cdf")
    assert np.array_equal(percentiles(values, LEVELS, "inverted_cdf"), expected)


def test_worked_example_of_ten_values() -> None:
    # Hyndman and Fan definition 7 on 1 ... 10: P10 at index 0.9 -> 1.9, P50 5.5, P90 9.1;
    # definition 1 keeps order statistics: 1, 5, 9.
    values = np.arange(1.0, 11.0)
    assert Percentiles.of(values) == Percentiles(1.9, 5.5, 9.1)
    assert Percentiles.of(values, discrete=True) == Percentiles(1.0, 5.0, 9.0)


def test_infinite_samples_stay_infinite_and_do_not_make_nan() -> None:
    values = np.array([3.0, 1.0, np.inf, np.inf, 2.0, np.inf, np.inf, np.inf, np.inf, 4.0])
    got = Percentiles.of(values)
    assert (got.p10, got.p50, got.p90) == (1.0, np.inf, np.inf)
