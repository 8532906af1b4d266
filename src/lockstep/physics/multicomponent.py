"""Multi-isotope matched-abundance-ratio cascade (MARC): U-232/234/235/236/238 isotopics.

Two key isotopes j (U-235) and k (U-238) define the cascade; every other isotope i
follows according to its mass. With a separation factor per unit of mass ``alpha`` and
a virtual key mass M*, isotope i has the stage factor ``alpha*_i = alpha**(M* - M_i)``
and, for N enriching and M stripping stages (de la Garza 1969; von Halle 1987)::

    (P/F) x_P,i = x_F,i (alpha*_i**(M+1) - 1) / (alpha*_i**(M+1) - alpha*_i**(-N))
    (T/F) x_T,i = x_F,i (1 - alpha*_i**(-N)) / (alpha*_i**(M+1) - alpha*_i**(-N))

N and M (real numbers) are solved so that the key isotope's product and tails
fractions hit their targets; M* is then moved, within the interval between the
neighbouring isotope masses that holds the key mid-point, to minimize the total
interstage flow per unit feed of Wood, Borisevich & Sulaberidze (1999, eq. 31)::

    L_t/F = sum_i [(P/F) x_P,i ln r_P + (T/F) x_T,i ln r_T - x_F,i ln r_F]
                  / [ln alpha*_j (alpha*_i - 1)/(alpha*_i + 1)],      r = x_j / x_k

This is PyNE's ``multicomponent`` model (Scopatz et al.); the result reproduces PyNE's
published test cases to better than 1e-5 (tests/validation/test_multicomponent_pyne.py).

Numerics (our own): everything is vectorized over a batch of feeds. For each M*,
(N, M+1) come from Newton's method with the analytic Jacobian of the key-isotope
log-abundance residuals, seeded by the binary ideal-cascade stage numbers, with step
halving that keeps both positive and the residual falling. M* is found by a bracketed
Newton iteration on finite differences of L_t/F (one batched solve of three trial key
masses per step, which also gives the derivatives of N and M that seed the next step),
with bisection as the safeguard. The stage formulas are evaluated with ``expm1`` in a form
that neither overflows nor cancels (see :func:`_streams`).

Two figures of separative work are reported. ``swu_per_*`` is the value-function SWU
of the U-235 assays (minor isotopes counted with U-238), the quantity that capacities
in SWU per machine-year refer to; use it for time and capacity. ``multicomponent_swu_*``
is -sum_i [(P/F) x_P,i ln r_P + (T/F) x_T,i ln r_T - x_F,i ln r_F], a logarithmic
figure of merit, not the value function: it weights each stream by ln r instead of
(2x - 1) ln(x/(1-x)), so even for a pure binary mixture it is lower (7.69 vs 7.84
SWU/kg for 0.72 % -> 5 % at 0.25 % tails; 181 vs 193 for 0.711 % -> 90 % at 0.3 %).
Only the isotopics, stage numbers and flows of this model should be used.

References
----------
.. [1] E. von Halle, "Multicomponent isotope separation in matched abundance ratio
   cascades composed of stages with large separation factors", K/ITP-131, Martin
   Marietta Energy Systems (1987).
.. [2] H. G. Wood, V. D. Borisevich, G. A. Sulaberidze, "On a criterion efficiency for
   multi-isotope mixtures separation", Sep. Sci. Technol. 34 (1999) 343-357,
   doi:10.1081/SS-100100654.
.. [3] R. L. de la Garza, "Multicomponent isotope separation in cascades", AECOP-330
   (1969).
.. [4] A. Scopatz et al., PyNE ``pyne.enrichment`` (BSD-3), https://github.com/pyne/pyne
   (test cases in tests/test_enrichment.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_greater_than_one,
    check_nonnegative,
    fail_where,
    first_index,
)
from lockstep.physics._marc import (
    Solution,
    StageEquations,
    flow_and_swu,
    optimize_key_mass,
    solve_stages,
)
from lockstep.physics.enrichment import _swu_per_product
from lockstep.physics.units import ISOTOPE_MASS_G_PER_MOL, URANIUM_ISOTOPES

KeyMass = float | Literal["optimal", "midpoint"]


class NoCascadeSolutionError(InfeasibleError):
    """No matched-abundance-ratio cascade meets the targets (or the solver failed).

    Parameters
    ----------
    message
        What cannot be met and why.
    index
        For array inputs, the index of the first feed without a solution.
    """

    def __init__(self, message: str, *, index: tuple[int, ...] | None = None) -> None:
        self.index = index
        where = f"feed[{', '.join(map(str, index))}]: " if index is not None else ""
        super().__init__(where + message)


@dataclass(frozen=True)
class MultiIsotopeCascade:
    """Steady state of a matched-abundance-ratio cascade, for one feed or a batch.

    Attributes
    ----------
    isotopes
        Isotope names, matching the last axis of the compositions.
    masses_g_per_mol
        Isotopic masses [g/mol].
    feed_composition, product_composition, tails_composition
        Mass fractions [unitless], shape ``batch + (n_isotopes,)``.
    product_per_feed, tails_per_feed
        P/F and T/F [kg U / kg U feed].
    enriching_stages, stripping_stages
        N and M [stages] (real numbers; the feed enters stage M+1 counted from the
        tails end, so there are N + M + 1 stages).
    key_mass
        Virtual key mass M* [g/mol].
    alpha_per_mass
        Stage separation factor per unit mass difference [unitless].
    total_flow_per_feed
        Total interstage flow per unit feed, L_t/F [kg U / kg U feed].
    swu_per_feed, swu_per_product
        Value-function separative work of the U-235 (key) assays [kg-SWU / kg U].
    multicomponent_swu_per_feed, multicomponent_swu_per_product
        The logarithmic multicomponent figure of Wood et al. [kg-SWU / kg U]; not the
        value-function SWU (see the module notes).
    iterations
        Newton iterations used for the key-mass search (0 when M* was given).
    """

    isotopes: tuple[str, ...]
    masses_g_per_mol: FloatArray
    feed_composition: FloatArray
    product_composition: FloatArray
    tails_composition: FloatArray
    product_per_feed: FloatArray
    tails_per_feed: FloatArray
    enriching_stages: FloatArray
    stripping_stages: FloatArray
    key_mass: FloatArray
    alpha_per_mass: FloatArray
    total_flow_per_feed: FloatArray
    swu_per_feed: FloatArray
    swu_per_product: FloatArray
    multicomponent_swu_per_feed: FloatArray
    multicomponent_swu_per_product: FloatArray
    iterations: int

    def fraction(self, isotope: str, stream: Literal["feed", "product", "tails"]) -> FloatArray:
        """Mass fraction of ``isotope`` in ``stream`` [unitless].

        Raises
        ------
        DomainError
            For an unknown isotope or stream.
        """
        if isotope not in self.isotopes:
            raise DomainError("isotope", f"one of {', '.join(self.isotopes)}")
        compositions = {
            "feed": self.feed_composition,
            "product": self.product_composition,
            "tails": self.tails_composition,
        }
        if stream not in compositions:
            raise DomainError("stream", "feed, product or tails")
        return np.asarray(compositions[stream][..., self.isotopes.index(isotope)])


def alpha_per_mass_from_stage_alpha(
    alpha: ArrayLike, light_mass: float = 235.0439301, heavy_mass: float = 238.0507884
) -> FloatArray:
    """Per-unit-mass separation factor from a stage factor between two isotopes.

    Parameters
    ----------
    alpha
        Stage separation factor R_heads / R_tails of the light isotope against the
        heavy one [unitless], > 1 (e.g. 1.33 for U-235/U-238 in an IR-1 cascade).
    light_mass, heavy_mass
        Masses of the two isotopes [g/mol] (default U-235 and U-238).

    Returns
    -------
    numpy.ndarray
        alpha ** (1 / (heavy_mass - light_mass)) [unitless]; for centrifuges the
        logarithm of the separation factor is proportional to the mass difference.
    """
    a = as_float_array(alpha, "alpha")
    check_greater_than_one(a, "alpha")
    return np.asarray(a ** (1.0 / (heavy_mass - light_mass)), dtype=np.float64)


def multi_isotope_cascade(
    feed_composition: ArrayLike,
    product_assay: ArrayLike,
    tails_assay: ArrayLike,
    *,
    alpha_per_mass: ArrayLike | None = None,
    alpha: ArrayLike | None = None,
    beta: ArrayLike | None = None,
    isotopes: Sequence[str] = URANIUM_ISOTOPES,
    masses_g_per_mol: ArrayLike | None = None,
    key: tuple[str, str] = ("U-235", "U-238"),
    key_mass: KeyMass = "optimal",
    key_mass_start: float | None = None,
    tol: float = 1e-12,
    max_iter: int = 60,
) -> MultiIsotopeCascade:
    """Solve a matched-abundance-ratio cascade for one feed or a batch of feeds.

    Parameters
    ----------
    feed_composition
        Feed mass fractions [unitless], one per isotope along the last axis, summing
        to 1 (within 1e-9). Leading axes are a batch.
    product_assay, tails_assay
        Wanted mass fraction of the light key isotope (U-235) in product and tails
        [unitless]; broadcast against the batch.
    alpha_per_mass
        Separation factor per unit mass difference [unitless], > 1 (PyNE's ``alpha``).
    alpha
        Alternatively, the stage separation factor R_heads/R_tails between the keys.
    beta
        Alternatively, the heads separation factor of a symmetric stage, sqrt(alpha).
    isotopes
        Names along the last axis of ``feed_composition``.
    masses_g_per_mol
        Isotopic masses [g/mol]; default from ``lockstep.physics.units``.
    key
        Names of the light and heavy key isotopes.
    key_mass
        ``"optimal"`` (minimize L_t/F, PyNE's choice), ``"midpoint"`` (the classic
        MARC, M* = (M_j + M_k)/2) or a mass [g/mol].
    key_mass_start
        Where the optimization starts [g/mol]; it stays between the neighbouring masses
        of isotopes present in the feed. Default: the key mid-point.
    tol
        Tolerance on the key-isotope log abundance ratios [unitless].
    max_iter
        Iteration limit of each Newton solve.

    Returns
    -------
    MultiIsotopeCascade
        Isotopics, stage numbers, key mass, flows and both SWU figures.

    Raises
    ------
    DomainError
        For malformed inputs (compositions, assays out of order, bad separation factor).
    NoCascadeSolutionError
        When no cascade of this kind meets the targets, e.g. a product assay above what
        the light isotopes that follow U-235 into the product allow.
    """
    names = tuple(isotopes)
    if len(set(names)) != len(names):
        raise DomainError("isotopes", "distinct isotope names")
    masses = _masses(names, masses_g_per_mol)
    j, k = _key_indices(names, key)
    if not masses[j] < masses[k]:
        raise DomainError("key", "the light key isotope first (lighter than the heavy key)")
    z = as_float_array(feed_composition, "feed_composition")
    if z.ndim == 0 or z.shape[-1] != len(names):
        raise DomainError(
            "feed_composition", f"mass fractions along the last axis, one per isotope ({names})"
        )
    check_nonnegative(z, "feed_composition")
    total = z.sum(axis=-1)
    fail_where(
        ~(np.abs(total - 1.0) <= 1e-9),
        "feed_composition",
        "mass fractions that sum to 1 (within 1e-9)",
        total,
    )
    xp = as_float_array(product_assay, "product_assay")
    xt = as_float_array(tails_assay, "tails_assay")
    ln_alpha = _ln_alpha(alpha_per_mass, alpha, beta, masses[k] - masses[j])
    batch = np.broadcast_shapes(z.shape[:-1], xp.shape, xt.shape, ln_alpha.shape)
    z = np.broadcast_to(z, (*batch, len(names)))
    xf = z[..., j]
    xp, xt, ln_alpha = (np.broadcast_to(a, batch) for a in (xp, xt, ln_alpha))
    fail_where(~(xt > 0.0), "tails_assay", "a fraction > 0", xt)
    fail_where(~(xt < xf), "tails_assay", f"tails_assay < the {key[0]} fraction of the feed", xt)
    fail_where(
        ~(xf < xp), "product_assay", f"product_assay > the {key[0]} fraction of the feed", xp
    )
    fail_where(~(xp < 1.0), "product_assay", "a fraction < 1", xp)
    fail_where(~(z[..., k] > 0.0), "feed_composition", f"a feed that contains {key[1]}", z[..., k])

    size = int(np.prod(batch))
    zf = np.ascontiguousarray(z).reshape(size, len(names))
    xpf, xtf, laf = (np.ascontiguousarray(a).reshape(size) for a in (xp, xt, ln_alpha))
    lo, hi, start = _key_mass_interval(zf, masses, j, k, key_mass, key_mass_start)
    _check_reachable(zf, masses, j, xpf, hi, batch, names)

    target_p = np.log(xpf / (1.0 - xpf))
    target_t = np.log(xtf / (1.0 - xtf))
    beta0 = 0.5 * laf * (masses[k] - masses[j])  # ln beta of the binary keys
    rf = np.log(zf[:, j] / (1.0 - zf[:, j]))
    n0 = (target_p - rf) / beta0
    s0 = (rf - target_t) / beta0
    problem = StageEquations(zf, masses, j, k, laf, target_p, target_t, tol, max_iter)
    # Trial points may overflow or divide by zero; the solver tests every result for
    # finiteness and rejects such steps, so the floating-point warnings are noise.
    with np.errstate(all="ignore"):
        if key_mass == "optimal":
            mstar, solution, ok, iterations = optimize_key_mass(problem, lo, hi, start, n0, s0)
        else:
            mstar = start
            solution = solve_stages(problem, None, mstar, n0, s0)
            ok = solution.ok
            iterations = 0
    if not bool(np.all(ok)):
        bad = ~ok.reshape(batch)
        raise NoCascadeSolutionError(
            "the stage equations have no solution for these targets (the product assay "
            "may be too close to what the light isotopes in the feed allow)",
            index=first_index(bad),
        )
    with np.errstate(all="ignore"):
        return _result(problem, solution, names, masses, mstar, xpf, xtf, iterations, batch)


# --- inputs ----------------------------------------------------------------------------


def _masses(names: tuple[str, ...], given: ArrayLike | None) -> FloatArray:
    if given is None:
        unknown = [n for n in names if n not in ISOTOPE_MASS_G_PER_MOL]
        if unknown:
            known = ", ".join(ISOTOPE_MASS_G_PER_MOL)
            raise DomainError(
                "isotopes", f"isotopes with known masses ({known}) or masses_g_per_mol"
            )
        return np.array([ISOTOPE_MASS_G_PER_MOL[n] for n in names], dtype=np.float64)
    masses = as_float_array(given, "masses_g_per_mol")
    if masses.shape != (len(names),):
        raise DomainError("masses_g_per_mol", f"one mass per isotope ({len(names)})")
    fail_where(~(masses > 0.0), "masses_g_per_mol", "masses > 0", masses)
    if len(set(masses.tolist())) != masses.size:
        raise DomainError("masses_g_per_mol", "distinct masses")
    return masses


def _key_indices(names: tuple[str, ...], key: tuple[str, str]) -> tuple[int, int]:
    for name in key:
        if name not in names:
            raise DomainError("key", f"key isotopes among {', '.join(names)}")
    if key[0] == key[1]:
        raise DomainError("key", "two different key isotopes")
    return names.index(key[0]), names.index(key[1])


def _ln_alpha(
    alpha_per_mass: ArrayLike | None,
    alpha: ArrayLike | None,
    beta: ArrayLike | None,
    key_mass_difference: float,
) -> FloatArray:
    given = [
        (n, v)
        for n, v in (("alpha_per_mass", alpha_per_mass), ("alpha", alpha), ("beta", beta))
        if v is not None
    ]
    if len(given) != 1:
        raise DomainError(
            "alpha_per_mass/alpha/beta",
            f"exactly one separation factor (got {len(given)})",
        )
    name, value = given[0]
    assert value is not None
    a = as_float_array(value, name)
    check_greater_than_one(a, name)
    factor = {
        "alpha_per_mass": 1.0,
        "alpha": key_mass_difference,
        "beta": 0.5 * key_mass_difference,
    }
    return np.asarray(np.log(a) / factor[name], dtype=np.float64)


def _key_mass_interval(
    z: FloatArray,
    masses: FloatArray,
    j: int,
    k: int,
    key_mass: KeyMass,
    key_mass_start: float | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per feed: the open interval (lo, hi) for M* and the starting M*.

    L_t/F has a pole wherever M* equals the mass of an isotope present in the feed, so
    the search stays between the neighbouring present masses around the start. For a
    fixed key mass the interval collapses to (lo, M*).
    """
    if isinstance(key_mass, str):
        if key_mass not in ("optimal", "midpoint"):
            raise DomainError("key_mass", "'optimal', 'midpoint' or a mass in g/mol")
        if key_mass == "midpoint" or key_mass_start is None:
            start_value = 0.5 * (masses[j] + masses[k])
        else:
            start_value = float(key_mass_start)
        argument = "key_mass_start" if key_mass_start is not None else "key_mass"
    else:
        start_value = float(key_mass)
        argument = "key_mass"
    if not masses[j] < start_value < masses[k]:
        raise DomainError(
            argument,
            f"a key mass between the key isotopes ({masses[j]:.4f} < M* < {masses[k]:.4f})",
            value=start_value,
        )
    columns = np.arange(masses.size)
    present = (z > 0.0) | (columns == j) | (columns == k)
    m = np.broadcast_to(masses, z.shape)
    if bool(np.any(present & (np.abs(m - start_value) < 1e-9))):
        raise DomainError(
            argument, "a key mass that is not the mass of an isotope in the feed", value=start_value
        )
    lo = np.where(present & (m < start_value), m, -np.inf).max(axis=1)
    hi = np.where(present & (m > start_value), m, np.inf).min(axis=1)
    start = np.full(z.shape[0], start_value)
    if key_mass != "optimal":
        hi = start
    return lo, hi, start


def _check_reachable(
    z: FloatArray,
    masses: FloatArray,
    j: int,
    xp: FloatArray,
    hi: FloatArray,
    batch: tuple[int, ...],
    names: tuple[str, ...],
) -> None:
    """Refuse a product assay above the ceiling of an infinite cascade.

    With N and M without bound, every isotope lighter than M* ends in the product and
    every heavier one in the tails, so the key fraction of the product stays below
    z_j / sum(z_i for M_i < M*); ``hi`` is the upper end of the key-mass range.
    """
    lighter = masses[None, :] < hi[:, None]
    ceiling = z[:, j] / np.where(lighter, z, 0.0).sum(axis=1)
    bad = ~(xp < ceiling)
    if bool(np.any(bad)):
        index = first_index(bad.reshape(batch))
        flat = int(np.argmax(bad))
        followers = [
            n
            for n, m, share in zip(names, masses, z[flat], strict=True)
            if m < hi[flat] and n != names[j] and share > 0.0
        ]
        raise NoCascadeSolutionError(
            f"product_assay {xp[flat]:.6g} cannot be reached: with the key mass M* below "
            f"{hi[flat]:.4f} g/mol, the lighter isotopes present "
            f"({', '.join(followers) or 'none'}) end up with {names[j]} in the product, so "
            f"even an infinite cascade stays below "
            f"{ceiling[flat]:.6g}",
            index=index,
        )


def _result(
    problem: StageEquations,
    solution: Solution,
    names: tuple[str, ...],
    masses: FloatArray,
    mstar: FloatArray,
    xp: FloatArray,
    xt: FloatArray,
    iterations: int,
    batch: tuple[int, ...],
) -> MultiIsotopeCascade:
    flow, mc_swu = flow_and_swu(problem, solution)
    p, t = solution.streams
    n, s = solution.n, solution.s
    pf = p.sum(axis=1)
    tf = t.sum(axis=1)
    xf = problem.z[:, problem.j]
    swu_p = _swu_per_product(xf, xp, xt)
    shape_n = (*batch, len(names))

    def b(a: FloatArray) -> FloatArray:
        return np.asarray(a, dtype=np.float64).reshape(batch)

    return MultiIsotopeCascade(
        isotopes=names,
        masses_g_per_mol=masses,
        feed_composition=problem.z.reshape(shape_n),
        product_composition=(p / pf[:, None]).reshape(shape_n),
        tails_composition=(t / tf[:, None]).reshape(shape_n),
        product_per_feed=b(pf),
        tails_per_feed=b(tf),
        enriching_stages=b(n),
        stripping_stages=b(s - 1.0),
        key_mass=b(mstar),
        alpha_per_mass=b(np.exp(problem.ln_alpha)),
        total_flow_per_feed=b(flow),
        swu_per_feed=b(swu_p * pf),
        swu_per_product=b(swu_p),
        multicomponent_swu_per_feed=b(mc_swu),
        multicomponent_swu_per_product=b(mc_swu / pf),
        iterations=iterations,
    )
