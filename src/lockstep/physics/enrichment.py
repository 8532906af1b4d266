"""Two-component (U-235/U-238) enrichment: value function, mass balance and separative work.

All functions accept scalars or numpy arrays and broadcast them. Assays are U-235 mass
fractions (``0 < tails_assay < feed_assay < product_assay < 1``); masses are kg of uranium.

Formulas (Cohen 1951; Benedict, Pigford & Levi 1981, ch. 12)::

    V(x)  = (2x - 1) ln(x / (1 - x))
    F/P   = (xP - xT) / (xF - xT)
    T/P   = (xP - xF) / (xF - xT)
    S     = P V(xP) + T V(xT) - F V(xF)

References
----------
.. [1] K. Cohen, *The Theory of Isotope Separation as Applied to the Large-Scale
   Production of U-235*, McGraw-Hill (1951).
.. [2] M. Benedict, T. H. Pigford, H. W. Levi, *Nuclear Chemical Engineering*, 2nd ed.,
   McGraw-Hill (1981).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_fraction,
    check_nonnegative,
    check_ordered_assays,
    check_positive,
    fail_where,
)

#: Days in a year, used to turn SWU per year into SWU per day [d/yr].
DAYS_PER_YEAR = 365.25


def value_function(assay: ArrayLike) -> FloatArray:
    """Separation potential V(x) = (2x - 1) ln(x / (1 - x)).

    Parameters
    ----------
    assay
        U-235 fraction [unitless], 0 < x < 1.

    Returns
    -------
    numpy.ndarray
        Value [unitless]; symmetric, V(x) = V(1 - x), zero at x = 0.5.
    """
    x = as_float_array(assay, "assay")
    check_fraction(x, "assay")
    return _value(x)


def _value(x: FloatArray) -> FloatArray:
    # log(x) - log1p(-x) keeps precision for tiny tails assays.
    return np.asarray((2.0 * x - 1.0) * (np.log(x) - np.log1p(-x)), dtype=np.float64)


def _assays(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    f = as_float_array(feed_assay, "feed_assay")
    p = as_float_array(product_assay, "product_assay")
    t = as_float_array(tails_assay, "tails_assay")
    check_ordered_assays(t, f, p)
    return f, p, t


def feed_per_product(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> FloatArray:
    """Feed needed per unit of product, F/P = (xP - xT)/(xF - xT) [kg U / kg U]."""
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    return np.asarray((p - t) / (f - t), dtype=np.float64)


def tails_per_product(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> FloatArray:
    """Tails produced per unit of product, T/P = (xP - xF)/(xF - xT) [kg U / kg U]."""
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    return np.asarray((p - f) / (f - t), dtype=np.float64)


def swu_per_product(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> FloatArray:
    """Separative work per unit of product [kg-SWU / kg U product]."""
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    return _swu_per_product(f, p, t)


def _swu_per_product(f: FloatArray, p: FloatArray, t: FloatArray) -> FloatArray:
    fp = (p - t) / (f - t)
    return np.asarray(_value(p) + (fp - 1.0) * _value(t) - fp * _value(f), dtype=np.float64)


def swu_per_feed(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> FloatArray:
    """Separative work per unit of feed [kg-SWU / kg U feed]."""
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    return np.asarray(_swu_per_product(f, p, t) * (f - t) / (p - t), dtype=np.float64)


@dataclass(frozen=True)
class Balance:
    """The complete material and separative-work balance of one enrichment step.

    Attributes
    ----------
    feed_kg_u, product_kg_u, tails_kg_u
        Masses [kg U].
    swu
        Separative work [kg-SWU].
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    """

    feed_kg_u: FloatArray
    product_kg_u: FloatArray
    tails_kg_u: FloatArray
    swu: FloatArray
    feed_assay: FloatArray
    product_assay: FloatArray
    tails_assay: FloatArray


def balance(
    feed_assay: ArrayLike,
    product_assay: ArrayLike,
    tails_assay: ArrayLike,
    *,
    product_kg_u: ArrayLike | None = None,
    feed_kg_u: ArrayLike | None = None,
    tails_kg_u: ArrayLike | None = None,
    swu: ArrayLike | None = None,
) -> Balance:
    """Solve the mass balance from three assays and exactly one of P, F, T or S.

    Parameters
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless], 0 < tails < feed < product < 1.
    product_kg_u, feed_kg_u, tails_kg_u
        Product, feed or tails mass [kg U], >= 0. Give exactly one of these or ``swu``.
    swu
        Separative work [kg-SWU], >= 0.

    Returns
    -------
    Balance
        All four quantities, broadcast to a common shape.

    Raises
    ------
    DomainError
        If the assays are not ordered, a quantity is negative, or not exactly one
        quantity is given.
    """
    given = {
        "product_kg_u": product_kg_u,
        "feed_kg_u": feed_kg_u,
        "tails_kg_u": tails_kg_u,
        "swu": swu,
    }
    named = [k for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise DomainError(
            "product_kg_u/feed_kg_u/tails_kg_u/swu",
            f"exactly one quantity (got {len(named)}: {', '.join(named) or 'none'})",
        )
    name = named[0]
    raw = given[name]
    assert raw is not None
    quantity = as_float_array(raw, name)
    check_nonnegative(quantity, name)
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    fp = (p - t) / (f - t)
    sp = _swu_per_product(f, p, t)
    if name == "product_kg_u":
        product = quantity
    elif name == "feed_kg_u":
        product = quantity / fp
    elif name == "tails_kg_u":
        product = quantity / (fp - 1.0)
    else:
        product = quantity / sp
    shape = np.broadcast_shapes(np.shape(product), f.shape, p.shape, t.shape)
    product = np.broadcast_to(np.asarray(product, dtype=np.float64), shape)
    feed = product * fp
    return Balance(
        feed_kg_u=feed,
        product_kg_u=product.copy(),
        tails_kg_u=feed - product,
        swu=np.broadcast_to(product * sp, shape).copy(),
        feed_assay=np.broadcast_to(f, shape).copy(),
        product_assay=np.broadcast_to(p, shape).copy(),
        tails_assay=np.broadcast_to(t, shape).copy(),
    )


def tails_for_feed_cap(
    feed_kg_u: ArrayLike,
    feed_assay: ArrayLike,
    product_kg_u: ArrayLike,
    product_assay: ArrayLike,
) -> FloatArray:
    """Tails assay forced when all of a limited feed must yield a given product.

    x_T = (F xF - P xP) / (F - P). Using the highest tails the feed allows minimizes the
    separative work, which is why breakout plans do this when feed is scarce.

    Parameters
    ----------
    feed_kg_u
        Feed available [kg U].
    feed_assay
        Feed U-235 fraction [unitless].
    product_kg_u
        Product wanted [kg U], < feed_kg_u.
    product_assay
        Product U-235 fraction [unitless], > feed_assay.

    Returns
    -------
    numpy.ndarray
        Tails assay [unitless].

    Raises
    ------
    DomainError
        If the feed holds too little U-235 for the product (the forced tails would be
        <= 0).
    """
    feed = as_float_array(feed_kg_u, "feed_kg_u")
    prod = as_float_array(product_kg_u, "product_kg_u")
    xf = as_float_array(feed_assay, "feed_assay")
    xp = as_float_array(product_assay, "product_assay")
    check_positive(feed, "feed_kg_u")
    check_nonnegative(prod, "product_kg_u")
    check_fraction(xf, "feed_assay")
    check_fraction(xp, "product_assay")
    fail_where(~(prod < feed), "product_kg_u", "product_kg_u < feed_kg_u", prod)
    fail_where(~(xf < xp), "product_assay", "product_assay > feed_assay", xp)
    xt = (feed * xf - prod * xp) / (feed - prod)
    fail_where(
        ~(xt > 0.0),
        "feed_kg_u",
        "enough U-235 in the feed for the product (forced tails assay > 0)",
        feed,
    )
    return np.asarray(xt, dtype=np.float64)


def days_for_swu(swu: ArrayLike, capacity_swu_per_year: ArrayLike) -> FloatArray:
    """Days needed to perform ``swu`` at a constant capacity.

    Parameters
    ----------
    swu
        Separative work [kg-SWU], >= 0.
    capacity_swu_per_year
        Effective separative capacity [kg-SWU/yr], > 0.

    Returns
    -------
    numpy.ndarray
        Duration [days], with a year of 365.25 days.
    """
    s = as_float_array(swu, "swu")
    c = as_float_array(capacity_swu_per_year, "capacity_swu_per_year")
    check_nonnegative(s, "swu")
    check_positive(c, "capacity_swu_per_year")
    return np.asarray(s / c * DAYS_PER_YEAR, dtype=np.float64)
