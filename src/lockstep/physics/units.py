"""Unit helpers: UF6 and uranium masses, percent and fraction, mass and atom fractions.

The library works in kg of uranium (``*_kg_u``) and U-235 mass fractions (``*_assay``).
Conversions happen at the edges (CLI, web, data import) through these helpers.

References
----------
.. [1] CIAAW, "Standard atomic weights" (2021): F 18.998403162, U 238.02891.
.. [2] M. Wang et al., "The AME 2020 atomic mass evaluation", Chinese Phys. C 45 (2021)
   030003, doi:10.1088/1674-1137/abddaf (isotopic masses of U-232 ... U-238).
"""

from __future__ import annotations

import numpy as np

from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_fraction,
    check_nonnegative,
)

#: Standard atomic weight of fluorine [g/mol] (CIAAW 2021).
FLUORINE_G_PER_MOL = 18.998403162
#: Standard atomic weight of natural uranium [g/mol] (CIAAW 2021).
URANIUM_G_PER_MOL = 238.02891
#: Molar mass of natural UF6 [g/mol].
UF6_G_PER_MOL = URANIUM_G_PER_MOL + 6 * FLUORINE_G_PER_MOL
#: Mass of uranium per mass of UF6 for natural-uranium UF6 [kg U / kg UF6] (= 0.6761).
U_PER_UF6 = URANIUM_G_PER_MOL / UF6_G_PER_MOL
#: Natural U-235 mass fraction [unitless] (0.711 wt-%).
NATURAL_ASSAY = 0.00711
#: Isotopic masses [g/mol] (AME 2020).
ISOTOPE_MASS_G_PER_MOL: dict[str, float] = {
    "U-232": 232.0371563,
    "U-233": 233.0396355,
    "U-234": 234.0409523,
    "U-235": 235.0439301,
    "U-236": 236.0455682,
    "U-238": 238.0507884,
}
#: JCPOA stockpile cap: 300 kg of UF6 enriched up to 3.67 % expressed as uranium [kg U].
JCPOA_STOCKPILE_CAP_KG_U = 202.8


def _uranium_molar_mass(assay: FloatArray) -> FloatArray:
    """Molar mass [g/mol] of U-235/U-238 uranium with U-235 *mass* fraction ``assay``."""
    m5 = ISOTOPE_MASS_G_PER_MOL["U-235"]
    m8 = ISOTOPE_MASS_G_PER_MOL["U-238"]
    result: FloatArray = 1.0 / (assay / m5 + (1.0 - assay) / m8)
    return result


def uf6_to_u(mass_kg_uf6: ArrayLike, assay: ArrayLike | None = None) -> FloatArray:
    """Convert a mass of UF6 to the mass of uranium it contains.

    Parameters
    ----------
    mass_kg_uf6
        Mass of uranium hexafluoride [kg UF6].
    assay
        U-235 mass fraction [unitless]. ``None`` uses the standard atomic weight of
        natural uranium, the convention of IAEA reports (300 kg UF6 -> 202.8 kg U).

    Returns
    -------
    numpy.ndarray
        Mass of uranium [kg U].
    """
    mass = as_float_array(mass_kg_uf6, "mass_kg_uf6")
    check_nonnegative(mass, "mass_kg_uf6")
    if assay is None:
        ratio: FloatArray | float = U_PER_UF6
    else:
        x = as_float_array(assay, "assay")
        check_fraction(x, "assay")
        mu = _uranium_molar_mass(x)
        ratio = mu / (mu + 6 * FLUORINE_G_PER_MOL)
    return np.asarray(mass * ratio, dtype=np.float64)


def u_to_uf6(mass_kg_u: ArrayLike, assay: ArrayLike | None = None) -> FloatArray:
    """Convert a mass of uranium to the mass of UF6 that contains it.

    Parameters
    ----------
    mass_kg_u
        Mass of uranium [kg U].
    assay
        U-235 mass fraction [unitless]; ``None`` for the natural-uranium atomic weight.

    Returns
    -------
    numpy.ndarray
        Mass of uranium hexafluoride [kg UF6].
    """
    mass = as_float_array(mass_kg_u, "mass_kg_u")
    check_nonnegative(mass, "mass_kg_u")
    if assay is None:
        ratio: FloatArray | float = U_PER_UF6
    else:
        x = as_float_array(assay, "assay")
        check_fraction(x, "assay")
        mu = _uranium_molar_mass(x)
        ratio = mu / (mu + 6 * FLUORINE_G_PER_MOL)
    return np.asarray(mass / ratio, dtype=np.float64)


def percent_to_fraction(percent: ArrayLike) -> FloatArray:
    """Convert percent [%] to a fraction [unitless]."""
    return np.asarray(as_float_array(percent, "percent") / 100.0, dtype=np.float64)


def fraction_to_percent(fraction: ArrayLike) -> FloatArray:
    """Convert a fraction [unitless] to percent [%]."""
    return np.asarray(as_float_array(fraction, "fraction") * 100.0, dtype=np.float64)


def mass_to_atom_fraction(assay: ArrayLike) -> FloatArray:
    """Convert a U-235 mass fraction to an atom (mole) fraction, U-235/U-238 only.

    Parameters
    ----------
    assay
        U-235 mass fraction [unitless].

    Returns
    -------
    numpy.ndarray
        U-235 atom fraction [unitless]; e.g. 0.90 -> 0.90113.
    """
    w = as_float_array(assay, "assay")
    check_fraction(w, "assay")
    m5 = ISOTOPE_MASS_G_PER_MOL["U-235"]
    m8 = ISOTOPE_MASS_G_PER_MOL["U-238"]
    return np.asarray((w / m5) / (w / m5 + (1.0 - w) / m8), dtype=np.float64)


def atom_to_mass_fraction(atom_fraction: ArrayLike) -> FloatArray:
    """Convert a U-235 atom (mole) fraction to a mass fraction, U-235/U-238 only.

    Parameters
    ----------
    atom_fraction
        U-235 atom fraction [unitless].

    Returns
    -------
    numpy.ndarray
        U-235 mass fraction [unitless].
    """
    a = as_float_array(atom_fraction, "atom_fraction")
    check_fraction(a, "atom_fraction")
    m5 = ISOTOPE_MASS_G_PER_MOL["U-235"]
    m8 = ISOTOPE_MASS_G_PER_MOL["U-238"]
    return np.asarray((a * m5) / (a * m5 + (1.0 - a) * m8), dtype=np.float64)
