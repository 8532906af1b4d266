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

from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_fraction,
    check_nonnegative,
    check_ordered_assays,
    check_positive,
    exactly_one,
    fail_where,
)

#: Days in a year, used to turn SWU per year into SWU per day [d/yr].
DAYS_PER_YEAR = 365.25

#: Elements per block in :func:`balance`; small enough for the temporaries of one block
#: to stay in the CPU cache, large enough to amortize numpy's per-call overhead.
_BLOCK = 1 << 14


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
    # x / (1 - x) is exact enough everywhere: 1 - x is exact for x >= 0.5 (Sterbenz)
    # and the quotient keeps full relative precision for tiny tails assays; one log
    # instead of log(x) - log1p(-x) halves the cost of the hot path.
    return np.asarray((2.0 * x - 1.0) * np.log(x / (1.0 - x)), dtype=np.float64)


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
    """Separative work per unit of product [kg-SWU / kg U product].

    Parameters
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless], 0 < tails < feed < product < 1.

    Returns
    -------
    numpy.ndarray
        S/P = V(xP) + (T/P) V(xT) - (F/P) V(xF) [kg-SWU/kg U]; e.g. 0.711 % -> 90 % at
        0.3 % tails gives 192.9.
    """
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    return _swu_per_product(f, p, t)


def _swu_per_product(f: FloatArray, p: FloatArray, t: FloatArray) -> FloatArray:
    fp = (p - t) / (f - t)
    return np.asarray(_value(p) + (fp - 1.0) * _value(t) - fp * _value(f), dtype=np.float64)


def swu_per_feed(
    feed_assay: ArrayLike, product_assay: ArrayLike, tails_assay: ArrayLike
) -> FloatArray:
    """Separative work per unit of feed [kg-SWU / kg U feed].

    Parameters
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless], 0 < tails < feed < product < 1.

    Returns
    -------
    numpy.ndarray
        S/F [kg-SWU/kg U].
    """
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

    Notes
    -----
    The assay arrays may be read-only broadcast views of the caller's inputs.
    """

    feed_kg_u: FloatArray
    product_kg_u: FloatArray
    tails_kg_u: FloatArray
    swu: FloatArray
    feed_assay: FloatArray
    product_assay: FloatArray
    tails_assay: FloatArray


_QUANTITIES = ("product_kg_u", "feed_kg_u", "tails_kg_u", "swu")


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

    Notes
    -----
    Large arrays are processed in cache-sized blocks with one fused validity test per
    block, so validation stays on at little cost (see ``benchmarks/bench_physics.py``).

    Examples
    --------
    >>> b = balance(0.00711, 0.90, 0.003, product_kg_u=25.0)
    >>> round(float(b.feed_kg_u)), round(float(b.swu))
    (5456, 4823)
    """
    given = {
        "product_kg_u": product_kg_u,
        "feed_kg_u": feed_kg_u,
        "tails_kg_u": tails_kg_u,
        "swu": swu,
    }
    # The sign of q is checked with the assays, block by block, below.
    name, q = exactly_one(given, "quantity", check=False)
    f = as_float_array(feed_assay, "feed_assay")
    p = as_float_array(product_assay, "product_assay")
    t = as_float_array(tails_assay, "tails_assay")
    shape = np.broadcast_shapes(q.shape, f.shape, p.shape, t.shape)
    size = int(np.prod(shape))
    out = np.empty((4, size), dtype=np.float64)
    kind = _QUANTITIES.index(name)
    operands = [_flat(a, shape, size) for a in (f, p, t, q)]
    for start in range(0, max(size, 1), _BLOCK):
        stop = min(start + _BLOCK, size)
        bf, bp, bt, bq = (a if a.ndim == 0 else a[start:stop] for a in operands)
        if not _balance_block(bf, bp, bt, bq, kind, out[:, start:stop]):
            # Something is invalid: let the detailed checks name it.
            check_ordered_assays(t, f, p)
            check_nonnegative(q, name)
            raise AssertionError("unreachable: block failed but the checks passed")
    feed, product, tails, work = (out[i].reshape(shape) for i in range(4))
    return Balance(
        feed_kg_u=feed,
        product_kg_u=product,
        tails_kg_u=tails,
        swu=work,
        feed_assay=np.broadcast_to(f, shape),
        product_assay=np.broadcast_to(p, shape),
        tails_assay=np.broadcast_to(t, shape),
    )


def _flat(a: FloatArray, shape: tuple[int, ...], size: int) -> FloatArray:
    """``a`` as a 0-d scalar array or a 1-d array of ``size`` elements."""
    if a.size == 1:
        return a.reshape(())
    if a.shape == shape:
        return np.ravel(a)
    return np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(size)


def _balance_block(
    f: FloatArray, p: FloatArray, t: FloatArray, q: FloatArray, kind: int, out: FloatArray
) -> bool:
    """Fill ``out`` (feed, product, tails, swu rows) for one block; False if invalid."""
    valid = (t > 0.0) & (t < f) & (f < p) & (p < 1.0) & (q >= 0.0) & (q < np.inf)
    if not bool(np.all(valid)):
        return False
    fp = (p - t) / (f - t)  # F/P
    sp = _value(p) + (fp - 1.0) * _value(t) - fp * _value(f)  # S/P
    feed, product, tails, work = out
    if kind == 0:
        np.copyto(product, q)
    elif kind == 1:
        np.divide(q, fp, out=product)
    elif kind == 2:
        np.divide(q, fp - 1.0, out=product)
    else:
        np.divide(q, sp, out=product)
    np.multiply(product, fp, out=feed)
    np.subtract(feed, product, out=tails)
    np.multiply(product, sp, out=work)
    return True


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
        Tails assay [unitless]; e.g. 40 kg of 60 % -> 25 kg of 90 % forces 10 %.

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


def product_from_feed_and_swu(
    feed_kg_u: ArrayLike,
    feed_assay: ArrayLike,
    product_assay: ArrayLike,
    swu: ArrayLike,
    *,
    rtol: float = 1e-12,
    max_iter: int = 100,
) -> Balance:
    """Product made when both the feed mass and the separative work bind.

    All of ``feed_kg_u`` is processed with exactly ``swu`` of separative work; the tails
    assay is the unknown. With the feed fixed, the work S(x_T) falls monotonically from
    infinity (x_T -> 0) to zero (x_T -> x_F), so there is exactly one tails assay for any
    S > 0. It is found by Newton's method on ln x_T, safeguarded by bisection inside a
    shrinking bracket, elementwise over arrays.

    Parameters
    ----------
    feed_kg_u
        Feed mass processed [kg U], > 0.
    feed_assay
        Feed U-235 fraction [unitless].
    product_assay
        Product U-235 fraction [unitless], > feed_assay.
    swu
        Separative work available [kg-SWU], >= 0 (0 gives no product and tails at the
        feed assay).
    rtol
        Relative tolerance on the tails assay [unitless].
    max_iter
        Iteration limit; the bracket halves at least once per iteration.

    Returns
    -------
    Balance
        The balance, with ``tails_assay`` the solved tails assay.

    Raises
    ------
    DomainError
        For bad inputs.

    Examples
    --------
    >>> b = product_from_feed_and_swu(5456.2, 0.00711, 0.90, 4823.4)
    >>> round(float(b.product_kg_u), 2), round(float(b.tails_assay), 5)
    (25.0, 0.003)
    """
    feed = as_float_array(feed_kg_u, "feed_kg_u")
    xf = as_float_array(feed_assay, "feed_assay")
    xp = as_float_array(product_assay, "product_assay")
    work = as_float_array(swu, "swu")
    check_positive(feed, "feed_kg_u")
    check_fraction(xf, "feed_assay")
    check_fraction(xp, "product_assay")
    check_nonnegative(work, "swu")
    fail_where(~(xf < xp), "product_assay", "product_assay > feed_assay", xp)
    feed, xf, xp, work = (np.array(a) for a in np.broadcast_arrays(feed, xf, xp, work))
    target = work / feed  # S/F wanted
    vf, vp = _value(xf), _value(xp)
    # Bracket in u = ln x_T: S/F(u) is decreasing; at u_hi = ln xF it is 0.
    u_hi = np.log(xf)
    u_lo = np.full_like(u_hi, np.log(1e-300))
    # Seed: the binary solution at 0.25 % tails, clipped into the bracket.
    u = np.minimum(np.log(np.minimum(0.0025, 0.5 * xf)), u_hi)
    converged = target == 0.0
    noise = 8.0 * np.finfo(np.float64).eps * (np.abs(vp) + np.abs(vf) + np.abs(target))
    for _ in range(max_iter):
        xt = np.exp(u)
        g, dg = _swu_per_feed_and_slope(xf, xp, xt, vf, vp)
        r = g - target
        # Keep the bracket: residual > 0 means too much work, so raise the tails.
        u_lo = np.where(r > 0.0, u, u_lo)
        u_hi = np.where(r <= 0.0, u, u_hi)
        step = np.where(dg != 0.0, r / np.where(dg != 0.0, dg, 1.0), 0.0)
        u_new = u - step
        inside = (u_new > u_lo) & (u_new < u_hi) & np.isfinite(u_new)
        u_new = np.where(inside, u_new, 0.5 * (u_lo + u_hi))
        # Converged when the residual is at the rounding level of S/F (its terms are of
        # the size of V(x_P) + V(x_F)), or when the step is negligible; converged
        # elements are frozen while the others iterate.
        at_root = np.abs(r) <= noise
        small_step = np.abs(u_new - u) <= rtol * np.abs(u)
        u = np.where(converged | at_root, u, u_new)
        converged |= at_root | small_step
        if bool(np.all(converged)):
            break
    zero = target == 0.0
    xt = np.where(zero, xf, np.exp(u))
    ratio = np.where(zero, 0.0, (xf - xt) / np.where(zero, 1.0, xp - xt))  # P/F
    product = feed * ratio

    def arr(a: FloatArray) -> FloatArray:
        return np.asarray(a, dtype=np.float64)

    return Balance(
        feed_kg_u=arr(feed),
        product_kg_u=arr(product),
        tails_kg_u=arr(feed - product),
        swu=arr(work),
        feed_assay=arr(xf),
        product_assay=arr(xp),
        tails_assay=arr(xt),
    )


def _swu_per_feed_and_slope(
    xf: FloatArray, xp: FloatArray, xt: FloatArray, vf: FloatArray, vp: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """S/F at tails ``xt`` and its derivative with respect to ln xt."""
    lt = np.log(xt / (1.0 - xt))
    vt = (2.0 * xt - 1.0) * lt
    pf = (xf - xt) / (xp - xt)  # P/F
    g = pf * vp + (1.0 - pf) * vt - vf
    dpf = (xf - xp) / (xp - xt) ** 2  # d(P/F)/dxT
    dvt = 2.0 * lt + (2.0 * xt - 1.0) / (xt * (1.0 - xt))
    dg = (dpf * (vp - vt) + (1.0 - pf) * dvt) * xt
    return np.asarray(g, dtype=np.float64), np.asarray(dg, dtype=np.float64)


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
