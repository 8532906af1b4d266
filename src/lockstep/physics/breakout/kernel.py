"""The simplest breakout kernel: stocks used from the highest assay down, one step each.

Each stock is fed to its own single-step "virtual cascade" that makes product at
``product_assay`` with tails at ``tails_assay``; stocks are taken from the highest assay
down until the product wanted is reached, natural uranium being unlimited. This is the
ranking device of ``shared/reference/roadmap/model.md`` section 3 and the core of the
``swu-budget`` model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics.enrichment import _value
from lockstep.physics.units import NATURAL_ASSAY


@dataclass(frozen=True)
class FeedUse:
    """One stock's contribution to a greedy plan.

    Attributes
    ----------
    feed_assay
        U-235 fraction of the stock [unitless].
    feed_kg_u
        Feed taken from the stock [kg U].
    product_kg_u
        Product made from it [kg U].
    tails_kg_u
        Tails left [kg U].
    swu
        Separative work of this step [kg-SWU].
    """

    feed_assay: float
    feed_kg_u: float
    product_kg_u: float
    tails_kg_u: float
    swu: float


@dataclass(frozen=True)
class GreedyPlan:
    """Result of :func:`greedy_single_step_plan`.

    Attributes
    ----------
    steps
        The stocks used, highest assay first.
    swu
        Total separative work [kg-SWU].
    product_kg_u
        Product made [kg U].
    """

    steps: tuple[FeedUse, ...]
    swu: float
    product_kg_u: float


def greedy_single_step_plan(
    stocks: Sequence[tuple[float, float]],
    product_kg_u: float,
    product_assay: float = 0.90,
    tails_assay: float = 0.005,
    *,
    natural_assay: float = NATURAL_ASSAY,
    unlimited_natural: bool = True,
) -> GreedyPlan:
    """Plan the separative work to make ``product_kg_u`` from stocks, highest assay first.

    Parameters
    ----------
    stocks
        ``(assay, mass_kg_u)`` pairs [unitless, kg U]; stocks at or below the tails
        assay are ignored (they cannot be enriched in one step at these tails).
    product_kg_u
        Product wanted [kg U], > 0.
    product_assay
        Product U-235 fraction [unitless].
    tails_assay
        Tails U-235 fraction of every step [unitless].
    natural_assay
        Assay of the unlimited natural-uranium feed [unitless].
    unlimited_natural
        Whether natural uranium may make up what the stocks cannot.

    Returns
    -------
    GreedyPlan
        The stocks used and the total separative work.

    Raises
    ------
    DomainError
        If the arguments are out of range, or the stocks cannot supply the product and
        natural uranium is not allowed.
    """
    if not product_kg_u > 0:
        raise DomainError("product_kg_u", "a product mass > 0", value=product_kg_u)
    if not 0 < tails_assay < product_assay < 1:
        raise DomainError("tails_assay", "0 < tails_assay < product_assay < 1", value=tails_assay)
    ordered = sorted(((float(a), float(m)) for a, m in stocks), key=lambda s: -s[0])
    for assay, mass in ordered:
        if not 0 < assay < 1:
            raise DomainError("stocks", "assays with 0 < x < 1", value=assay)
        if not mass >= 0:
            raise DomainError("stocks", "masses >= 0 kg U", value=mass)
    if unlimited_natural:
        ordered.append((natural_assay, float("inf")))
    v_p, v_t = (
        float(_value(np.asarray(product_assay, dtype=np.float64))),
        float(_value(np.asarray(tails_assay, dtype=np.float64))),
    )
    remaining = product_kg_u
    steps: list[FeedUse] = []
    total_swu = 0.0
    for assay, mass in ordered:
        if remaining <= 0:
            break
        if assay <= tails_assay or mass <= 0:
            continue
        if assay >= product_assay:
            made = min(remaining, mass)
            steps.append(FeedUse(assay, made, made, 0.0, 0.0))
            remaining -= made
            continue
        feed_per_product = (product_assay - tails_assay) / (assay - tails_assay)
        made = min(remaining, mass / feed_per_product)
        feed = made * feed_per_product
        swu = made * (v_p + (feed_per_product - 1.0) * v_t) - feed * float(
            _value(np.asarray(assay, dtype=np.float64))
        )
        steps.append(FeedUse(assay, feed, made, feed - made, swu))
        total_swu += swu
        remaining -= made
    if remaining > 1e-12 * product_kg_u:
        raise DomainError(
            "stocks",
            f"enough material above the tails assay to make {product_kg_u:g} kg U "
            f"(short by {remaining:.3g} kg U)",
        )
    return GreedyPlan(tuple(steps), total_swu, product_kg_u)
