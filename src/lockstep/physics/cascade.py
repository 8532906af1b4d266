"""Ideal (no-mixing) two-component cascade: stage numbers, interstage flow, machines.

A stage splits its feed into heads and tails with stage separation factor
alpha = R_heads / R_tails (R = x / (1 - x), the abundance ratio) and heads separation
factor beta = R_heads / R_feed. In a symmetric ideal cascade streams only meet at equal
assay, which forces beta = sqrt(alpha) and gives the least total flow for a duty
(Cohen 1951; Benedict, Pigford & Levi 1981, sec. 12.7)::

    N (enriching stages)  = ln(R_P / R_F) / ln beta
    M (stripping stages)  = ln(R_F / R_T) / ln beta - 1
    N + M + 1             = ln(R_P / R_T) / ln beta
    sum L                 = S (beta + 1) / ((beta - 1) ln beta)    (~ 2 S / (beta - 1)^2)

The stage numbers follow PyNE's convention (the feed stage is counted in neither N nor
M). Real cascades have whole stages and depart from the ideal shape, so these are the
design figures of the ideal cascade for the duty, not of any installed cascade.

References
----------
.. [1] K. Cohen, *The Theory of Isotope Separation*, McGraw-Hill (1951).
.. [2] M. Benedict, T. H. Pigford, H. W. Levi, *Nuclear Chemical Engineering*, 2nd ed.,
   McGraw-Hill (1981), ch. 12.
.. [3] S. Villani (ed.), *Uranium Enrichment*, Springer (1979), ch. 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_greater_than_one,
    check_nonnegative,
    check_positive,
)
from lockstep.physics.enrichment import DAYS_PER_YEAR, _assays, _swu_per_product


@dataclass(frozen=True)
class IdealCascade:
    """Design figures of a symmetric ideal cascade for one duty.

    Attributes
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    alpha, beta
        Stage and heads separation factors [unitless], beta = sqrt(alpha).
    enriching_stages, stripping_stages
        N and M [stages] (real numbers).
    total_stages
        N + M + 1 [stages].
    feed_per_product
        F/P [kg U / kg U].
    swu_per_product
        Separative work per unit product [kg-SWU / kg U].
    flow_per_product
        Total interstage flow per unit product, sum L / P [kg U / kg U].
    """

    feed_assay: FloatArray
    product_assay: FloatArray
    tails_assay: FloatArray
    alpha: FloatArray
    beta: FloatArray
    enriching_stages: FloatArray
    stripping_stages: FloatArray
    total_stages: FloatArray
    feed_per_product: FloatArray
    swu_per_product: FloatArray
    flow_per_product: FloatArray


#: Heads separation factor of an IR-1 (P-1-like) stage [unitless]: Glaser's (2008) model
#: gives 1.153 for a 1.8 m, 0.10 m rotor at 350 m/s fed 15 mg UF6/s, and beta = 1.154
#: puts 0.711 % -> 3.5 % at 0.4 % tails in 15.4 ideal stages, the size of Iran's
#: 164-machine IR-1 cascades (physics.md section 3).
IR1_BETA = 1.154


def beta_from_alpha(alpha: ArrayLike) -> FloatArray:
    """Heads separation factor of a symmetric ideal stage, beta = sqrt(alpha) [unitless]."""
    a = as_float_array(alpha, "alpha")
    check_greater_than_one(a, "alpha")
    return np.asarray(np.sqrt(a), dtype=np.float64)


def alpha_from_beta(beta: ArrayLike) -> FloatArray:
    """Stage separation factor of a symmetric ideal stage, alpha = beta**2 [unitless]."""
    b = as_float_array(beta, "beta")
    check_greater_than_one(b, "beta")
    return np.asarray(b * b, dtype=np.float64)


def _beta(alpha: ArrayLike | None, beta: ArrayLike | None) -> FloatArray:
    if (alpha is None) == (beta is None):
        raise DomainError("alpha/beta", "exactly one of alpha or beta")
    if alpha is not None:
        return beta_from_alpha(alpha)
    assert beta is not None
    b = as_float_array(beta, "beta")
    check_greater_than_one(b, "beta")
    return b


def _ln_ratio(x: FloatArray) -> FloatArray:
    return np.asarray(np.log(x / (1.0 - x)), dtype=np.float64)


def stage_numbers(
    feed_assay: ArrayLike,
    product_assay: ArrayLike,
    tails_assay: ArrayLike,
    *,
    alpha: ArrayLike | None = None,
    beta: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Enriching and stripping stage numbers N, M of the ideal cascade.

    Parameters
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless], 0 < tails < feed < product < 1.
    alpha, beta
        Exactly one: stage separation factor or heads separation factor [unitless], > 1.

    Returns
    -------
    tuple of numpy.ndarray
        N and M [stages]; e.g. 0.711 % -> 3.5 % at 0.4 % tails, beta 1.154: 11.32, 3.04.
    """
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    ln_beta = np.log(_beta(alpha, beta))
    rf = _ln_ratio(f)
    n = (_ln_ratio(p) - rf) / ln_beta
    m = (rf - _ln_ratio(t)) / ln_beta - 1.0
    return np.asarray(n, dtype=np.float64), np.asarray(m, dtype=np.float64)


def total_interstage_flow(
    swu: ArrayLike, *, alpha: ArrayLike | None = None, beta: ArrayLike | None = None
) -> FloatArray:
    """Total interstage flow of an ideal cascade doing ``swu`` of separative work.

    Parameters
    ----------
    swu
        Separative work (or separative power) [kg-SWU, or kg-SWU/yr], >= 0.
    alpha, beta
        Exactly one: stage or heads separation factor [unitless], > 1.

    Returns
    -------
    numpy.ndarray
        sum L = S (beta + 1) / ((beta - 1) ln beta) [kg U, or kg U/yr].
    """
    s = as_float_array(swu, "swu")
    check_nonnegative(s, "swu")
    b = _beta(alpha, beta)
    return np.asarray(s * (b + 1.0) / ((b - 1.0) * np.log(b)), dtype=np.float64)


def ideal_cascade(
    feed_assay: ArrayLike,
    product_assay: ArrayLike,
    tails_assay: ArrayLike,
    *,
    alpha: ArrayLike | None = None,
    beta: ArrayLike | None = None,
) -> IdealCascade:
    """All design figures of the ideal cascade for a duty.

    Parameters
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless], 0 < tails < feed < product < 1.
    alpha, beta
        Exactly one: stage or heads separation factor [unitless], > 1.

    Returns
    -------
    IdealCascade
        Stage numbers, F/P, SWU/P and total flow per unit product.
    """
    f, p, t = _assays(feed_assay, product_assay, tails_assay)
    b = _beta(alpha, beta)
    n, m = stage_numbers(f, p, t, beta=b)
    sp = _swu_per_product(f, p, t)
    shape = np.broadcast_shapes(f.shape, p.shape, t.shape, b.shape)

    def arr(a: FloatArray) -> FloatArray:
        return np.array(np.broadcast_to(np.asarray(a, dtype=np.float64), shape))

    return IdealCascade(
        feed_assay=arr(f),
        product_assay=arr(p),
        tails_assay=arr(t),
        alpha=arr(b * b),
        beta=arr(b),
        enriching_stages=arr(n),
        stripping_stages=arr(m),
        total_stages=arr(n + m + 1.0),
        feed_per_product=arr((p - t) / (f - t)),
        swu_per_product=arr(sp),
        flow_per_product=arr(sp * (b + 1.0) / ((b - 1.0) * np.log(b))),
    )


def machines_for_capacity(
    capacity_swu_per_year: ArrayLike,
    swu_per_machine_year: ArrayLike,
    *,
    effectiveness: ArrayLike = 1.0,
) -> FloatArray:
    """Machines needed for a separative capacity.

    Parameters
    ----------
    capacity_swu_per_year
        Separative capacity wanted [kg-SWU/yr], >= 0.
    swu_per_machine_year
        Output of one machine [kg-SWU/yr], > 0 (see ``lockstep.physics.centrifuges``).
    effectiveness
        Fraction of the machines' output the cascade delivers [unitless], 0 < e <= 1.

    Returns
    -------
    numpy.ndarray
        Machines [machines], fractional; round up for a count.
    """
    c = as_float_array(capacity_swu_per_year, "capacity_swu_per_year")
    u = as_float_array(swu_per_machine_year, "swu_per_machine_year")
    e = as_float_array(effectiveness, "effectiveness")
    check_nonnegative(c, "capacity_swu_per_year")
    check_positive(u, "swu_per_machine_year")
    check_positive(e, "effectiveness")
    if bool(np.any(e > 1.0)):
        raise DomainError("effectiveness", "a fraction with 0 < e <= 1")
    return np.asarray(c / (u * e), dtype=np.float64)


def machines_for_swu(
    swu: ArrayLike,
    duration_days: ArrayLike,
    swu_per_machine_year: ArrayLike,
    *,
    effectiveness: ArrayLike = 1.0,
) -> FloatArray:
    """Machines needed to do ``swu`` of separative work within ``duration_days``.

    Parameters
    ----------
    swu
        Separative work [kg-SWU], >= 0.
    duration_days
        Time allowed [days], > 0 (a year is 365.25 days).
    swu_per_machine_year
        Output of one machine [kg-SWU/yr], > 0.
    effectiveness
        Fraction of the machines' output the cascade delivers [unitless], 0 < e <= 1.

    Returns
    -------
    numpy.ndarray
        Machines [machines], fractional; round up for a count.
    """
    d = as_float_array(duration_days, "duration_days")
    check_positive(d, "duration_days")
    s = as_float_array(swu, "swu")
    check_nonnegative(s, "swu")
    return machines_for_capacity(
        s * DAYS_PER_YEAR / d, swu_per_machine_year, effectiveness=effectiveness
    )
