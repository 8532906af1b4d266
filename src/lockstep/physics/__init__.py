"""Enrichment physics: pure, vectorized numpy functions with no I/O.

Assays are U-235 mass fractions, masses kg of uranium, separative work kg-SWU.
"""

from lockstep.physics.enrichment import (
    DAYS_PER_YEAR,
    Balance,
    balance,
    days_for_swu,
    feed_per_product,
    swu_per_feed,
    swu_per_product,
    tails_for_feed_cap,
    tails_per_product,
    value_function,
)
from lockstep.physics.units import (
    JCPOA_STOCKPILE_CAP_KG_U,
    NATURAL_ASSAY,
    U_PER_UF6,
    atom_to_mass_fraction,
    fraction_to_percent,
    mass_to_atom_fraction,
    percent_to_fraction,
    u_to_uf6,
    uf6_to_u,
)

__all__ = [
    "DAYS_PER_YEAR",
    "JCPOA_STOCKPILE_CAP_KG_U",
    "NATURAL_ASSAY",
    "U_PER_UF6",
    "Balance",
    "atom_to_mass_fraction",
    "balance",
    "days_for_swu",
    "feed_per_product",
    "fraction_to_percent",
    "mass_to_atom_fraction",
    "percent_to_fraction",
    "swu_per_feed",
    "swu_per_product",
    "tails_for_feed_cap",
    "tails_per_product",
    "u_to_uf6",
    "uf6_to_u",
    "value_function",
]
