"""Domain checks shared by the physics modules (internal).

Every check raises :class:`lockstep.errors.DomainError` naming the argument and, for
arrays, the index of the first offending element. NaN fails every check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from lockstep.errors import DomainError

FloatArray = npt.NDArray[np.float64]
ArrayLike = float | npt.ArrayLike


def as_float_array(value: ArrayLike, argument: str) -> FloatArray:
    """Convert ``value`` to a float64 array, naming ``argument`` on failure."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DomainError(argument, "a number or an array of numbers") from exc


def first_index(mask: npt.NDArray[np.bool_]) -> tuple[int, ...] | None:
    """Index of the first True element of ``mask``, or None for a 0-d mask."""
    if mask.ndim == 0:
        return None
    flat = int(np.argmax(mask))
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape))


def fail_where(
    bad: npt.NDArray[np.bool_], argument: str, expected: str, values: FloatArray
) -> None:
    """Raise :class:`DomainError` for the first True element of ``bad``, if any."""
    if not bad.any():
        return
    bad = np.asarray(bad)
    values = np.broadcast_to(values, bad.shape)
    index = first_index(bad)
    value: Any = values[index] if index is not None else values
    raise DomainError(argument, expected, index=index, value=float(np.broadcast_to(value, ())))


def check_fraction(value: FloatArray, argument: str) -> None:
    """Require 0 < value < 1 (and finite)."""
    bad = ~((value > 0.0) & (value < 1.0))
    fail_where(bad, argument, "a fraction with 0 < x < 1", value)


def check_nonnegative(value: FloatArray, argument: str) -> None:
    """Require value >= 0 (and finite)."""
    bad = ~((value >= 0.0) & np.isfinite(value))
    fail_where(bad, argument, "a finite value >= 0", value)


def check_positive(value: FloatArray, argument: str) -> None:
    """Require value > 0 (and finite)."""
    bad = ~((value > 0.0) & np.isfinite(value))
    fail_where(bad, argument, "a finite value > 0", value)


def check_greater_than_one(value: FloatArray, argument: str) -> None:
    """Require value > 1 (and finite), as for separation factors."""
    bad = ~((value > 1.0) & np.isfinite(value))
    fail_where(bad, argument, "a finite value > 1", value)


def check_ordered_assays(tails: FloatArray, feed: FloatArray, product: FloatArray) -> None:
    """Require 0 < tails < feed < product < 1, naming the first argument that breaks it.

    The common case (all valid) costs one fused comparison pass; the detailed checks
    that name the argument run only when something is wrong.
    """
    if bool(np.all((tails > 0.0) & (tails < feed) & (feed < product) & (product < 1.0))):
        return
    check_fraction(tails, "tails_assay")
    check_fraction(feed, "feed_assay")
    check_fraction(product, "product_assay")
    t, f, p = np.broadcast_arrays(tails, feed, product)
    fail_where(~(t < f), "tails_assay", "tails_assay < feed_assay", t)
    fail_where(~(f < p), "product_assay", "product_assay > feed_assay", p)


def exactly_one(
    given: dict[str, ArrayLike | None], what: str, *, check: bool = True
) -> tuple[str, FloatArray]:
    """The one quantity given among ``given`` (name and array, checked >= 0).

    ``check=False`` leaves the sign check to the caller (a fused check over large arrays).

    Raises
    ------
    DomainError
        Naming every candidate when none or several are given.
    """
    named = [k for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise DomainError(
            "/".join(given),
            f"exactly one {what} (got {len(named)}: {', '.join(named) or 'none'})",
        )
    name = named[0]
    raw = given[name]
    assert raw is not None
    value = as_float_array(raw, name)
    if check:
        check_nonnegative(value, name)
    return name, value
