"""Enrichment physics: pure, vectorized numpy functions with no I/O.

Assays are U-235 mass fractions, masses kg of uranium, separative work kg-SWU. The only
file read is the packaged centrifuge catalogue (:mod:`lockstep.physics.centrifuges`).
See docs/physics.md for the formulas and docs/nomenclature.md for names and units.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.physics.blending import Blend, down_blend, mix
    from lockstep.physics.cascade import (
        IdealCascade,
        alpha_from_beta,
        beta_from_alpha,
        ideal_cascade,
        machines_for_capacity,
        machines_for_swu,
        stage_numbers,
        total_interstage_flow,
    )
    from lockstep.physics.centrifuges import Centrifuge, catalogue, centrifuge
    from lockstep.physics.enrichment import (
        DAYS_PER_YEAR,
        Balance,
        balance,
        days_for_swu,
        feed_per_product,
        product_from_feed_and_swu,
        swu_per_feed,
        swu_per_product,
        tails_for_feed_cap,
        tails_per_product,
        value_function,
    )
    from lockstep.physics.machine import MachineSeparation, dirac_swu_per_year, glaser_separation
    from lockstep.physics.multicomponent import (
        MultiIsotopeCascade,
        NoCascadeSolutionError,
        alpha_per_mass_from_stage_alpha,
        multi_isotope_cascade,
    )
    from lockstep.physics.units import (
        ISOTOPE_MASS_G_PER_MOL,
        JCPOA_STOCKPILE_CAP_KG_U,
        NATURAL_ASSAY,
        NATURAL_COMPOSITION,
        U_PER_UF6,
        URANIUM_ISOTOPES,
        atom_to_mass_fraction,
        atom_to_mass_fractions,
        fraction_to_percent,
        mass_to_atom_fraction,
        mass_to_atom_fractions,
        percent_to_fraction,
        u_to_uf6,
        uf6_to_u,
    )

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "DAYS_PER_YEAR",
    "ISOTOPE_MASS_G_PER_MOL",
    "JCPOA_STOCKPILE_CAP_KG_U",
    "NATURAL_ASSAY",
    "NATURAL_COMPOSITION",
    "URANIUM_ISOTOPES",
    "U_PER_UF6",
    "Balance",
    "Blend",
    "Centrifuge",
    "IdealCascade",
    "MachineSeparation",
    "MultiIsotopeCascade",
    "NoCascadeSolutionError",
    "alpha_from_beta",
    "alpha_per_mass_from_stage_alpha",
    "atom_to_mass_fraction",
    "atom_to_mass_fractions",
    "balance",
    "beta_from_alpha",
    "catalogue",
    "centrifuge",
    "days_for_swu",
    "dirac_swu_per_year",
    "down_blend",
    "feed_per_product",
    "fraction_to_percent",
    "glaser_separation",
    "ideal_cascade",
    "machines_for_capacity",
    "machines_for_swu",
    "mass_to_atom_fraction",
    "mass_to_atom_fractions",
    "mix",
    "multi_isotope_cascade",
    "percent_to_fraction",
    "product_from_feed_and_swu",
    "stage_numbers",
    "swu_per_feed",
    "swu_per_product",
    "tails_for_feed_cap",
    "tails_per_product",
    "total_interstage_flow",
    "u_to_uf6",
    "uf6_to_u",
    "value_function",
]
