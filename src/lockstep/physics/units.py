"""Unit helpers: UF6 and uranium masses, percent and fraction, mass and atom fractions.

The library works in kg of uranium (``*_kg_u``) and U-235 mass fractions (``*_assay``).
Conversions happen at the edges (CLI, web, data import) through these helpers.

References
----------
.. [1] CIAAW, "Standard atomic weights" (2021): F 18.998403162, U 238.02891.
.. [2] M. Wang et al., "The AME 2020 atomic mass evaluation", Chinese Phys. C 45 (2021)
   030003, doi:10.1088/1674-1137/abddaf (isotopic masses of U-232 ... U-238).
.. [3] J. Meija et al., "Isotopic compositions of the elements 2013 (IUPAC Technical
   Report)", Pure Appl. Chem. 88 (2016) 293-306, doi:10.1515/pac-2015-0503 (natural
   uranium: U-234 0.000054(5), U-235 0.007204(6), U-238 0.992742(10) atom fraction).
"""

from __future__ import annotations

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_fraction,
    check_nonnegative,
    fail_where,
)

#: Standard atomic weight of fluorine [g/mol] (CIAAW 2021).
FLUORINE_G_PER_MOL = 18.998403162
#: Standard atomic weight of natural uranium [g/mol] (CIAAW 2021).
URANIUM_G_PER_MOL = 238.02891
#: Molar mass of natural UF6 [g/mol].
UF6_G_PER_MOL = URANIUM_G_PER_MOL + 6 * FLUORINE_G_PER_MOL
#: Mass of uranium per mass of UF6 for natural-uranium UF6 [kg U / kg UF6] (= 0.67618).
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
#: Uranium isotopes the multi-isotope model tracks, lightest first.
URANIUM_ISOTOPES: tuple[str, ...] = ("U-232", "U-234", "U-235", "U-236", "U-238")
#: Natural U-234 mass fraction [unitless]: the IUPAC atom fraction 0.000054 converted to
#: a mass fraction (0.0053 wt-%); natural variation is about +-0.0005 wt-%.
NATURAL_U234_FRACTION = 5.31e-5
#: Natural uranium by isotope, mass fractions [unitless]; U-235 is ``NATURAL_ASSAY`` and
#: U-238 the rest.
NATURAL_COMPOSITION: dict[str, float] = {
    "U-234": NATURAL_U234_FRACTION,
    "U-235": NATURAL_ASSAY,
    "U-238": 1.0 - NATURAL_U234_FRACTION - NATURAL_ASSAY,
}
#: JCPOA stockpile cap: 300 kg of UF6 enriched up to 3.67 % expressed as uranium [kg U].
JCPOA_STOCKPILE_CAP_KG_U = 202.8


def _uranium_molar_mass(assay: FloatArray) -> FloatArray:
    """Molar mass [g/mol] of U-235/U-238 uranium with U-235 *mass* fraction ``assay``."""
    m5 = ISOTOPE_MASS_G_PER_MOL["U-235"]
    m8 = ISOTOPE_MASS_G_PER_MOL["U-238"]
    result: FloatArray = 1.0 / (assay / m5 + (1.0 - assay) / m8)
    return result


def _u_per_uf6(assay: ArrayLike | None) -> FloatArray | float:
    """Mass of uranium per mass of UF6 [kg U / kg UF6] at ``assay`` (None: natural)."""
    if assay is None:
        return U_PER_UF6
    x = as_float_array(assay, "assay")
    check_fraction(x, "assay")
    mu = _uranium_molar_mass(x)
    return np.asarray(mu / (mu + 6 * FLUORINE_G_PER_MOL), dtype=np.float64)


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
    ratio = _u_per_uf6(assay)
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
    ratio = _u_per_uf6(assay)
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


def _isotope_masses(isotopes: tuple[str, ...]) -> FloatArray:
    try:
        return np.array([ISOTOPE_MASS_G_PER_MOL[i] for i in isotopes], dtype=np.float64)
    except KeyError as exc:
        known = ", ".join(ISOTOPE_MASS_G_PER_MOL)
        raise DomainError("isotopes", f"isotopes among {known}", value=None) from exc


def _check_composition(c: FloatArray, argument: str, n: int) -> None:
    if c.ndim == 0 or c.shape[-1] != n:
        raise DomainError(argument, f"fractions along the last axis, one per isotope ({n})")
    check_nonnegative(c, argument)
    total = c.sum(axis=-1)
    fail_where(
        ~(np.abs(total - 1.0) <= 1e-9), argument, "fractions that sum to 1 (within 1e-9)", total
    )


def mass_to_atom_fractions(
    fractions: ArrayLike, isotopes: tuple[str, ...] = URANIUM_ISOTOPES
) -> FloatArray:
    """Convert a multi-isotope composition from mass to atom (mole) fractions.

    Parameters
    ----------
    fractions
        Mass fractions [unitless], one per isotope along the last axis, summing to 1.
    isotopes
        Isotope names matching the last axis (keys of ``ISOTOPE_MASS_G_PER_MOL``).

    Returns
    -------
    numpy.ndarray
        Atom fractions [unitless], same shape.
    """
    masses = _isotope_masses(tuple(isotopes))
    w = as_float_array(fractions, "fractions")
    _check_composition(w, "fractions", masses.size)
    moles = w / masses
    return np.asarray(moles / moles.sum(axis=-1, keepdims=True), dtype=np.float64)


def atom_to_mass_fractions(
    fractions: ArrayLike, isotopes: tuple[str, ...] = URANIUM_ISOTOPES
) -> FloatArray:
    """Convert a multi-isotope composition from atom (mole) to mass fractions.

    Parameters
    ----------
    fractions
        Atom fractions [unitless], one per isotope along the last axis, summing to 1.
    isotopes
        Isotope names matching the last axis (keys of ``ISOTOPE_MASS_G_PER_MOL``).

    Returns
    -------
    numpy.ndarray
        Mass fractions [unitless], same shape.
    """
    masses = _isotope_masses(tuple(isotopes))
    a = as_float_array(fractions, "fractions")
    _check_composition(a, "fractions", masses.size)
    grams = a * masses
    return np.asarray(grams / grams.sum(axis=-1, keepdims=True), dtype=np.float64)
