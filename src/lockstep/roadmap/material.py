"""Mass balance of the material steps of a return: down-blending and export.

Down-blending q kg U at assay x_e to x_e' with blendstock at x_b (model.md section 2)
consumes ``q (x_e - x_e') / (x_e' - x_b)`` of blendstock and yields
``q (x_e - x_b) / (x_e' - x_b)`` of product: U-235 and uranium mass are both conserved.
Blending 400 kg U of 60 % to 3.67 % with natural uranium yields about 8,015 kg U, some
forty times the JCPOA cap, which is why down-blending to LEU must be followed by export.
"""

from __future__ import annotations

from dataclasses import dataclass

from lockstep.errors import DomainError


@dataclass(frozen=True)
class BlendResult:
    """Masses of one down-blending operation.

    Attributes
    ----------
    feed_kg_u
        Material blended down [kg U].
    blendstock_kg_u
        Blendstock consumed [kg U].
    product_kg_u
        Product at the target assay [kg U].
    """

    feed_kg_u: float
    blendstock_kg_u: float
    product_kg_u: float


def downblend(
    mass_kg_u: float, from_assay: float, to_assay: float, blendstock_assay: float = 0.00711
) -> BlendResult:
    """Down-blend ``mass_kg_u`` from ``from_assay`` to ``to_assay``.

    Parameters
    ----------
    mass_kg_u
        Material to blend down [kg U], >= 0.
    from_assay, to_assay, blendstock_assay
        U-235 fractions [unitless], blendstock < to < from.

    Returns
    -------
    BlendResult
        Feed, blendstock and product masses [kg U].

    Raises
    ------
    DomainError
        If the assays are not ordered or the mass is negative.
    """
    if not mass_kg_u >= 0:
        raise DomainError("mass_kg_u", "a mass >= 0 kg U", value=mass_kg_u)
    if not 0 < blendstock_assay < to_assay < from_assay < 1:
        raise DomainError(
            "to_assay", "0 < blendstock_assay < to_assay < from_assay < 1", value=to_assay
        )
    span = to_assay - blendstock_assay
    blend = mass_kg_u * (from_assay - to_assay) / span
    product = mass_kg_u * (from_assay - blendstock_assay) / span
    return BlendResult(mass_kg_u, blend, product)
