"""Separative power of a single gas centrifuge: Dirac's upper bound and Glaser's model.

Dirac's bound for a countercurrent centrifuge of rotor length Z and peripheral speed
v_a (Cohen 1951; Glaser 2008, eq. 1)::

    dU_max = (pi Z / 2) (rho D) (dM v_a**2 / (2 R T))**2          [kg UF6 / s]

Glaser (2008, eqs. 3, 10, 12) gives an analytic (Ratz-type) estimate with efficiency
terms for the axial flow pattern: the feed point Z_p, the internal flow ratio L (reflux
over feed), the cut theta and the withdrawal radii r_1 < r_2 of the light and heavy
streams::

    Z_p  = Z (1 - theta)(1 + L) / (1 - theta + L)
    C_1  = 2 pi (rho D) u / ln(r_2 / r_1)                  u = kg U per kg UF6
    A_p  = C_1 / F theta / ((1 + L)(1 - theta + L))         F = feed [kg U / s]
    A_w  = C_1 / F (1 - theta) / (L (1 - theta + L))
    dU   = F theta (1 - theta) / 2 * (dM v_a**2 / (2 R T))**2
           * (r_2 / a)**4 (1 - (r_1 / r_2)**2)**2
           * [(1 + L)/theta (1 - exp(-A_p Z_p)) + L/(1 - theta) (1 - exp(-A_w (Z - Z_p)))]**2
           * efficiency                                      [kg U / s]

with r_2 = 0.975 a (a the rotor radius) and r_1 / r_2 = sqrt(1 - 2 R T ln(x) /
(M_UF6 v_a**2)) for a wall-to-axis pressure ratio x, or 0.534 for v_a <= 380 m/s (below
that speed the pressure-ratio rule gives no real radius). These choices follow the
implementation of Glaser's model in mbmore (``CentrifugeConfig::ComputeDeltaU``), which
also fixes the uranium basis: the feed is given as UF6 and converted with u.

The heads separation factor of the machine follows from dU by the small-separation
relation dU = F theta (1 - theta) (alpha - 1)**2 / 2 and beta - 1 = (1 - theta)(alpha - 1).

References
----------
.. [1] A. Glaser, "Characteristics of the gas centrifuge for uranium enrichment and
   their relevance for nuclear weapon proliferation", Science & Global Security 16
   (2008) 1-25, doi:10.1080/08929880802335998.
.. [2] K. Cohen, *The Theory of Isotope Separation*, McGraw-Hill (1951).
.. [3] M. B. McGarry, R. Mouginot et al., mbmore (Cyclus archetypes, BSD-3),
   https://github.com/cnerg/mbmore (src/CentrifugeConfig.cc and its unit test).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lockstep.errors import DomainError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_positive,
    fail_where,
)
from lockstep.physics.units import U_PER_UF6

#: Seconds in a year of 365.25 days [s/yr].
SECONDS_PER_YEAR = 365.25 * 86400.0
#: Molar gas constant [J/(mol K)] (rounded as in Glaser 2008 and mbmore).
GAS_CONSTANT = 8.314
#: Self-diffusion coefficient times density of UF6, rho D [kg/(m s)] (Glaser 2008).
UF6_RHO_D = 2.2e-5
#: Molar mass difference of U-238 F6 and U-235 F6 [kg/mol].
DELTA_MOLAR_MASS = 0.003
#: Molar mass of UF6 [kg/mol] (rounded as in Glaser 2008 and mbmore).
UF6_MOLAR_MASS = 0.352
#: Withdrawal radius of the heavy stream over the rotor radius [unitless] (Glaser 2008:
#: 0.96-0.99 in operation).
WITHDRAWAL_RADIUS_FRACTION = 0.975


@dataclass(frozen=True)
class MachineSeparation:
    """Separative power of one machine.

    Attributes
    ----------
    delta_u_kg_per_s
        Separative power [kg-SWU/s, uranium basis].
    swu_per_year
        Separative power [kg-SWU/yr, uranium basis].
    feed_kg_u_per_s
        Feed rate [kg U/s].
    heads_separation_factor
        beta = R_heads / R_feed of the machine [unitless].
    separation_factor
        alpha = R_heads / R_tails of the machine [unitless].
    """

    delta_u_kg_per_s: FloatArray
    swu_per_year: FloatArray
    feed_kg_u_per_s: FloatArray
    heads_separation_factor: FloatArray
    separation_factor: FloatArray


def _thermal_factor(peripheral_speed: FloatArray, temperature_k: FloatArray) -> FloatArray:
    return np.asarray(
        DELTA_MOLAR_MASS * peripheral_speed**2 / (2.0 * GAS_CONSTANT * temperature_k),
        dtype=np.float64,
    )


def dirac_swu_per_year(
    peripheral_speed_m_per_s: ArrayLike,
    rotor_length_m: ArrayLike,
    *,
    temperature_k: ArrayLike = 320.0,
    u_per_uf6: float = U_PER_UF6,
) -> FloatArray:
    """Dirac's upper bound on the separative power of a centrifuge, uranium basis.

    Parameters
    ----------
    peripheral_speed_m_per_s
        Rotor wall speed v_a [m/s], > 0.
    rotor_length_m
        Rotor length Z [m], > 0.
    temperature_k
        Gas temperature T [K], > 0.
    u_per_uf6
        Mass of uranium per mass of UF6 [unitless] for the uranium basis.

    Returns
    -------
    numpy.ndarray
        Upper bound [kg-SWU/yr, uranium basis]; e.g. 1.8 m at 350 m/s (an IR-1-like
        rotor) gives 6.3, of which real IR-1s deliver roughly 12-16 %.
    """
    v = as_float_array(peripheral_speed_m_per_s, "peripheral_speed_m_per_s")
    z = as_float_array(rotor_length_m, "rotor_length_m")
    t = as_float_array(temperature_k, "temperature_k")
    check_positive(v, "peripheral_speed_m_per_s")
    check_positive(z, "rotor_length_m")
    check_positive(t, "temperature_k")
    kg_uf6_per_s = 0.5 * np.pi * z * UF6_RHO_D * _thermal_factor(v, t) ** 2
    return np.asarray(kg_uf6_per_s * u_per_uf6 * SECONDS_PER_YEAR, dtype=np.float64)


def glaser_separation(
    peripheral_speed_m_per_s: ArrayLike,
    rotor_length_m: ArrayLike,
    rotor_diameter_m: ArrayLike,
    feed_kg_uf6_per_s: ArrayLike,
    *,
    cut: ArrayLike = 0.5,
    flow_ratio: ArrayLike = 2.0,
    temperature_k: ArrayLike = 320.0,
    pressure_ratio: ArrayLike = 1000.0,
    efficiency: ArrayLike = 1.0,
    u_per_uf6: float = U_PER_UF6,
) -> MachineSeparation:
    """Separative power of one centrifuge from Glaser's (2008) analytic model.

    Parameters
    ----------
    peripheral_speed_m_per_s
        Rotor wall speed v_a [m/s], > 0.
    rotor_length_m
        Rotor length Z [m], > 0.
    rotor_diameter_m
        Rotor diameter d = 2a [m], > 0.
    feed_kg_uf6_per_s
        Feed rate [kg UF6/s], > 0 (Glaser's P-1/P-2 examples use about 15-20 mg/s).
    cut
        Product over feed theta [unitless], 0 < theta < 1.
    flow_ratio
        Internal (reflux) flow over feed L [unitless], > 0.
    temperature_k
        Gas temperature T [K], > 0.
    pressure_ratio
        Wall-to-axis pressure ratio x [unitless], > 1; sets the light-stream withdrawal
        radius when v_a > 380 m/s.
    efficiency
        Further efficiency factor [unitless], 0 < e <= 1.
    u_per_uf6
        Mass of uranium per mass of UF6 [unitless]. mbmore uses 0.238/0.352 (0.67614);
        the default is the value from atomic weights (0.67618).

    Returns
    -------
    MachineSeparation
        Separative power and the machine's separation factors.

    Examples
    --------
    >>> m = glaser_separation(485.0, 0.5, 0.15, 15e-6, u_per_uf6=0.238 / 0.352)
    >>> f"{float(m.delta_u_kg_per_s):.6e}", round(float(m.heads_separation_factor), 6)
    ('8.638345e-08', 1.130517)
    """
    v = as_float_array(peripheral_speed_m_per_s, "peripheral_speed_m_per_s")
    z = as_float_array(rotor_length_m, "rotor_length_m")
    d = as_float_array(rotor_diameter_m, "rotor_diameter_m")
    feed_uf6 = as_float_array(feed_kg_uf6_per_s, "feed_kg_uf6_per_s")
    theta = as_float_array(cut, "cut")
    flow = as_float_array(flow_ratio, "flow_ratio")
    t = as_float_array(temperature_k, "temperature_k")
    x = as_float_array(pressure_ratio, "pressure_ratio")
    e = as_float_array(efficiency, "efficiency")
    for value, name in (
        (v, "peripheral_speed_m_per_s"),
        (z, "rotor_length_m"),
        (d, "rotor_diameter_m"),
        (feed_uf6, "feed_kg_uf6_per_s"),
        (flow, "flow_ratio"),
        (t, "temperature_k"),
        (e, "efficiency"),
    ):
        check_positive(value, name)
    fail_where(~((theta > 0.0) & (theta < 1.0)), "cut", "a fraction with 0 < cut < 1", theta)
    fail_where(~(x > 1.0), "pressure_ratio", "a pressure ratio > 1", x)
    fail_where(~(e <= 1.0), "efficiency", "a fraction with 0 < e <= 1", e)
    if not 0.0 < u_per_uf6 < 1.0:
        raise DomainError("u_per_uf6", "a mass ratio with 0 < u < 1", value=u_per_uf6)

    a = 0.5 * d
    r2 = WITHDRAWAL_RADIUS_FRACTION * a
    inside = 1.0 - 2.0 * GAS_CONSTANT * t * np.log(x) / (UF6_MOLAR_MASS * v**2)
    fast = v > 380.0
    fail_where(
        fast & ~(inside > 0.0),
        "pressure_ratio",
        "a pressure ratio low enough for a light-stream withdrawal radius (r1 > 0)",
        x,
    )
    r12 = np.where(fast, np.sqrt(np.where(fast, np.maximum(inside, 0.0), 1.0)), 0.534)
    r1 = r2 * r12
    feed = feed_uf6 * u_per_uf6
    z_p = z * (1.0 - theta) * (1.0 + flow) / (1.0 - theta + flow)
    c1 = 2.0 * np.pi * UF6_RHO_D * u_per_uf6 / np.log(r2 / r1)
    a_p = c1 / feed * theta / ((1.0 + flow) * (1.0 - theta + flow))
    a_w = c1 / feed * (1.0 - theta) / (flow * (1.0 - theta + flow))
    scale = (r2 / a) ** 4 * (1.0 - r12**2) ** 2
    bracket = (1.0 + flow) / theta * -np.expm1(-a_p * z_p) + flow / (1.0 - theta) * -np.expm1(
        -a_w * (z - z_p)
    )
    du = feed * 0.5 * theta * (1.0 - theta) * _thermal_factor(v, t) ** 2 * scale * bracket**2 * e
    eps = np.sqrt(2.0 * du / (feed * theta * (1.0 - theta)))

    def arr(value: FloatArray) -> FloatArray:
        return np.asarray(value, dtype=np.float64)

    return MachineSeparation(
        delta_u_kg_per_s=arr(du),
        swu_per_year=arr(du * SECONDS_PER_YEAR),
        feed_kg_u_per_s=arr(np.broadcast_to(feed, np.shape(du))),
        heads_separation_factor=arr(1.0 + (1.0 - theta) * eps),
        separation_factor=arr(1.0 + eps),
    )
