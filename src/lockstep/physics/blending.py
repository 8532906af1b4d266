"""Down-blending and mixing: uranium of different assays combined, U-235 conserved.

Down-blending turns high-assay material H (assay x_H) into product P (x_P) by adding
blendstock B (x_B, natural or depleted uranium), with x_B < x_P < x_H::

    P = H + B,    H x_H + B x_B = P x_P,    B/H = (x_H - x_P)/(x_P - x_B)

It is the usual way to eliminate HEU, and one of the two ways the JCPOA gave Iran to
dispose of enriched UF6 above its stockpile cap (JCPOA Annex I, para. 57: down-blend to
natural-uranium level, or sell abroad).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_nonnegative,
    exactly_one,
    fail_where,
)


@dataclass(frozen=True)
class Blend:
    """Masses and assays of a down-blending.

    Attributes
    ----------
    high_kg_u, blendstock_kg_u, product_kg_u
        Masses [kg U].
    high_assay, blendstock_assay, product_assay
        U-235 fractions [unitless].
    u235_kg
        U-235 carried through, the same in and out [kg U-235].
    """

    high_kg_u: FloatArray
    blendstock_kg_u: FloatArray
    product_kg_u: FloatArray
    high_assay: FloatArray
    blendstock_assay: FloatArray
    product_assay: FloatArray
    u235_kg: FloatArray


def down_blend(
    high_assay: ArrayLike,
    blendstock_assay: ArrayLike,
    product_assay: ArrayLike,
    *,
    high_kg_u: ArrayLike | None = None,
    blendstock_kg_u: ArrayLike | None = None,
    product_kg_u: ArrayLike | None = None,
) -> Blend:
    """Balance a down-blending from three assays and one of the three masses.

    Parameters
    ----------
    high_assay
        U-235 fraction of the material blended down [unitless], <= 1.
    blendstock_assay
        U-235 fraction of the blendstock [unitless], >= 0 (natural 0.00711, depleted
        0.002-0.003).
    product_assay
        U-235 fraction wanted [unitless], blendstock_assay < product_assay < high_assay.
    high_kg_u, blendstock_kg_u, product_kg_u
        Exactly one of the masses [kg U], >= 0.

    Returns
    -------
    Blend
        All masses and the U-235 carried, broadcast to a common shape.

    Raises
    ------
    DomainError
        If the assays are not ordered, a mass is negative, or not exactly one mass is
        given.

    Examples
    --------
    >>> b = down_blend(0.60, 0.00711, 0.0367, high_kg_u=100.0)
    >>> round(float(b.product_kg_u), 1)
    2003.7
    """
    given = {
        "high_kg_u": high_kg_u,
        "blendstock_kg_u": blendstock_kg_u,
        "product_kg_u": product_kg_u,
    }
    name, mass = exactly_one(given, "mass")
    xh = as_float_array(high_assay, "high_assay")
    xb = as_float_array(blendstock_assay, "blendstock_assay")
    xp = as_float_array(product_assay, "product_assay")
    fail_where(~((xh > 0.0) & (xh <= 1.0)), "high_assay", "a fraction with 0 < x <= 1", xh)
    fail_where(~((xb >= 0.0) & (xb < 1.0)), "blendstock_assay", "a fraction with 0 <= x < 1", xb)
    fail_where(~(xb < xp), "product_assay", "product_assay > blendstock_assay", xp)
    fail_where(~(xp < xh), "product_assay", "product_assay < high_assay", xp)
    # Masses per unit of high-assay material.
    b_per_h = (xh - xp) / (xp - xb)
    if name == "high_kg_u":
        high = mass
    elif name == "blendstock_kg_u":
        high = mass / b_per_h
    else:
        high = mass / (1.0 + b_per_h)
    shape = np.broadcast_shapes(np.shape(high), xh.shape, xb.shape, xp.shape)
    high = np.broadcast_to(np.asarray(high, dtype=np.float64), shape)
    blendstock = high * b_per_h
    return Blend(
        high_kg_u=np.array(high),
        blendstock_kg_u=np.asarray(blendstock, dtype=np.float64),
        product_kg_u=np.asarray(high + blendstock, dtype=np.float64),
        high_assay=np.array(np.broadcast_to(xh, shape)),
        blendstock_assay=np.array(np.broadcast_to(xb, shape)),
        product_assay=np.array(np.broadcast_to(xp, shape)),
        u235_kg=np.asarray(high * xh + blendstock * xb, dtype=np.float64),
    )


def mix(masses_kg_u: ArrayLike, assays: ArrayLike, axis: int = -1) -> tuple[FloatArray, FloatArray]:
    """Mass and assay of lots of uranium mixed together.

    Parameters
    ----------
    masses_kg_u
        Masses of the lots [kg U], >= 0, along ``axis``.
    assays
        Their U-235 fractions [unitless], 0 <= x <= 1, broadcast against the masses.
    axis
        Axis along which the lots lie.

    Returns
    -------
    tuple of numpy.ndarray
        Total mass [kg U] and mass-weighted assay [unitless] (NaN where the total mass
        is zero).

    Examples
    --------
    >>> total, assay = mix([10.0, 30.0], [0.20, 0.60])
    >>> float(total), round(float(assay), 3)
    (40.0, 0.5)
    """
    m = as_float_array(masses_kg_u, "masses_kg_u")
    x = as_float_array(assays, "assays")
    check_nonnegative(m, "masses_kg_u")
    fail_where(~((x >= 0.0) & (x <= 1.0)), "assays", "fractions with 0 <= x <= 1", x)
    m, x = np.broadcast_arrays(m, x)
    total = m.sum(axis=axis)
    u235 = (m * x).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        assay = np.where(total > 0.0, u235 / np.where(total > 0.0, total, 1.0), np.nan)
    return np.asarray(total, dtype=np.float64), np.asarray(assay, dtype=np.float64)
