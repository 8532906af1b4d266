"""Stage-by-stage steady state of a real (non-ideal) cascade, and batch recycling through it.

A cascade is a chain of S stages, numbered from the tails end; stage s holds n_s
machines in parallel. Each stage splits its feed L_s (assay x_s) into heads and tails
with a constant heads separation factor beta on the abundance ratio R = x / (1 - x)
(the machines' separation performance; Cohen 1951, Benedict, Pigford & Levi 1981)::

    R(y_s) = beta R(x_s)        R(z_s) = R(x_s) / beta        (heads y_s, tails z_s)
    theta_s = (x_s - z_s) / (y_s - z_s)                        (stage cut, from the assays)

Heads go up one stage and tails down one; the external feed F (assay x_F) joins the
feed stage, the heads of the top stage are the product and the tails of the bottom
stage the tails. The steady state is the stage balance of uranium and of U-235::

    L_s = theta_(s-1) L_(s-1) + (1 - theta_(s+1)) L_(s+1) + F delta(s, f)
    L_s x_s = theta_(s-1) L_(s-1) y_(s-1) + (1 - theta_(s+1)) L_(s+1) z_(s+1) + F x_F delta(s, f)

For given assays the first is a linear (tridiagonal, column diagonally dominant) system
for the flows; the second fixes the assays. We solve it by Newton's method on the stage
log abundance ratios, started from the ideal profile R_s = R_F beta^(s - f); every
feed of a batch is solved at once. Nothing forces streams that meet to have the same
assay, so the result is non-ideal wherever the feed assay or the stage count departs
from the design: the mixing losses of a cascade fed off its design duty appear in the
product and tails assays and in the separative work delivered.

Machines limit the flow. A machine of separative power dU [kg-SWU/yr] working in a
stage with heads factor beta passes q = dU (beta + 1) / ((beta - 1) ln beta) [kg U/yr]
of feed, the flow at which it delivers its rated output in an ideal cascade (the ideal
cascade's total flow, cascade.total_interstage_flow, per machine). Stage s therefore
takes at most n_s q, and the cascade's feed is F_max = q min_s(n_s / l_s), l_s = L_s / F:
the most loaded stage sets it. A layout tapered to the flows delivers nearly its
installed separative power; a cascade fed off its design duty delivers less (its
*efficiency*, delivered over installed separative power).

References
----------
.. [1] K. Cohen, *The Theory of Isotope Separation*, McGraw-Hill (1951).
.. [2] M. Benedict, T. H. Pigford, H. W. Levi, *Nuclear Chemical Engineering*, 2nd ed.,
   McGraw-Hill (1981), ch. 12 (stage balance, squared-off cascades).
.. [3] A. Glaser, "Characteristics of the gas centrifuge for uranium enrichment and
   their relevance for nuclear weapon proliferation", Science & Global Security 16
   (2008) 1-25, doi:10.1080/08929880802335998 (batch recycling through fixed cascades).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lockstep.errors import DomainError, InfeasibleError
from lockstep.physics._checks import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_fraction,
    check_greater_than_one,
    check_positive,
)
from lockstep.physics.enrichment import DAYS_PER_YEAR, _value

#: Newton stops when every stage's log abundance ratio moves less than this.
_TOLERANCE = 1e-12
#: Newton iterations allowed before a solve is declared failed.
_MAX_ITERATIONS = 60
#: Largest Newton step on a log abundance ratio (keeps the first steps physical).
_MAX_STEP = 2.0
#: Most passes of a batch through one cascade.
MAX_PASSES = 40


@dataclass(frozen=True)
class StageProfile:
    """Steady state of a cascade per unit of external feed, for a batch of feeds.

    Arrays have the batch shape ``(B,)`` of the feed assays, or ``(B, S)`` per stage
    (stage 0 is the tails end).

    Attributes
    ----------
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    product_per_feed, tails_per_feed
        P/F and T/F [kg U / kg U].
    swu_per_feed
        Separative work per unit external feed [kg-SWU / kg U].
    stage_feed_assay, stage_heads_assay, stage_tails_assay
        Assays of each stage's feed, heads and tails [unitless].
    stage_cut
        Heads over feed of each stage [unitless].
    stage_flow_per_feed
        Each stage's feed flow per unit external feed, l_s = L_s / F [kg U / kg U].
    """

    feed_assay: FloatArray
    product_assay: FloatArray
    tails_assay: FloatArray
    product_per_feed: FloatArray
    tails_per_feed: FloatArray
    swu_per_feed: FloatArray
    stage_feed_assay: FloatArray
    stage_heads_assay: FloatArray
    stage_tails_assay: FloatArray
    stage_cut: FloatArray
    stage_flow_per_feed: FloatArray


def _expit(u: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * u)), dtype=np.float64)


def _stage_split(
    u: FloatArray, ln_beta: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Feed, heads and tails assays and cut of stages with log abundance ratio ``u``."""
    x = _expit(u)
    y = _expit(u + ln_beta)
    z = _expit(u - ln_beta)
    return x, y, z, np.asarray((x - z) / (y - z), dtype=np.float64)


def _flows(theta: FloatArray, feed_index: int) -> FloatArray:
    """Stage flows per unit external feed for stage cuts ``theta`` of shape (B, S)."""
    batch, stages = theta.shape
    matrix = np.zeros((batch, stages, stages))
    idx = np.arange(stages)
    matrix[:, idx, idx] = 1.0
    # Heads of stage s - 1 feed stage s; tails of stage s + 1 feed stage s.
    matrix[:, idx[1:], idx[:-1]] = -theta[:, :-1]
    matrix[:, idx[:-1], idx[1:]] = -(1.0 - theta[:, 1:])
    rhs = np.zeros((batch, stages, 1))
    rhs[:, feed_index, 0] = 1.0
    return np.asarray(np.linalg.solve(matrix, rhs)[:, :, 0], dtype=np.float64)


def _residual(
    u: FloatArray, ln_beta: float, feed_index: int, feed_assay: FloatArray
) -> tuple[FloatArray, tuple[FloatArray, ...]]:
    """Mixed-feed log abundance ratio minus ``u`` at every stage (zero at the solution)."""
    x, y, z, theta = _stage_split(u, ln_beta)
    flow = _flows(theta, feed_index)
    u235 = np.zeros_like(u)
    u235[:, 1:] += (theta * flow * y)[:, :-1]
    u235[:, :-1] += ((1.0 - theta) * flow * z)[:, 1:]
    u235[:, feed_index] += feed_assay
    mixed = np.clip(u235 / flow, 1e-300, None)
    mixed_u = np.log(mixed) - np.log1p(-np.minimum(mixed, 1.0 - 1e-16))
    return np.asarray(mixed_u - u, dtype=np.float64), (x, y, z, theta, flow)


def solve_stages(
    stages: int,
    feed_stage: int,
    beta: float,
    feed_assay: ArrayLike,
) -> StageProfile:
    """Steady state of an S-stage cascade fed at ``feed_stage``, per unit external feed.

    Parameters
    ----------
    stages
        Number of stages S [stages], >= 2.
    feed_stage
        Stage receiving the external feed, 1 (tails end) ... S [stage number].
    beta
        Heads separation factor of every stage [unitless], > 1.
    feed_assay
        U-235 fraction of the external feed [unitless], 0 < x < 1; any shape (the
        result is flattened to ``(B,)``).

    Returns
    -------
    StageProfile
        Assays, flows and cuts. At the design duty of an ideal layout (feed assay equal
        to the ideal profile at the feed stage) the product has R_P = R_F beta^(S - f + 1)
        and the tails R_T = R_F beta^(-f), Cohen's ideal cascade.

    Raises
    ------
    DomainError
        If an argument is out of range.
    InfeasibleError
        If Newton's method does not converge (it always has in our tests).
    """
    if isinstance(stages, bool) or not isinstance(stages, int) or stages < 2:
        raise DomainError("stages", "a whole number of stages >= 2", value=_num(stages))
    if isinstance(feed_stage, bool) or not isinstance(feed_stage, int):
        raise DomainError("feed_stage", "a whole stage number")
    if not 1 <= feed_stage <= stages:
        raise DomainError("feed_stage", f"a stage from 1 to {stages}", value=float(feed_stage))
    b = as_float_array(beta, "beta")
    check_greater_than_one(b, "beta")
    xf = as_float_array(feed_assay, "feed_assay").reshape(-1)
    check_fraction(xf, "feed_assay")
    ln_beta = math.log(float(b))
    f0 = feed_stage - 1
    uf = np.log(xf) - np.log1p(-xf)
    u = uf[:, None] + (np.arange(stages) - f0)[None, :] * ln_beta
    h = 1e-7
    for _ in range(_MAX_ITERATIONS):
        # Residual at u and at u bumped in each stage, in one batched evaluation.
        batch = xf.size
        bumped = np.repeat(u[:, None, :], stages + 1, axis=1)
        bumped[:, 1:, :] += h * np.eye(stages)[None, :, :]
        all_g, _ = _residual(bumped.reshape(-1, stages), ln_beta, f0, np.repeat(xf, stages + 1))
        all_g = all_g.reshape(batch, stages + 1, stages)
        g = all_g[:, 0, :]
        jac = np.transpose((all_g[:, 1:, :] - g[:, None, :]) / h, (0, 2, 1))
        step = np.linalg.solve(jac, -g[:, :, None])[:, :, 0]
        biggest = np.max(np.abs(step), axis=1, keepdims=True)
        step = step * np.minimum(1.0, _MAX_STEP / np.maximum(biggest, 1e-300))
        u = u + step
        if float(np.max(np.abs(step))) < _TOLERANCE * max(1.0, float(np.max(np.abs(u)))):
            break
    g, (x, y, z, theta, flow) = _residual(u, ln_beta, f0, xf)
    if not bool(np.all(np.isfinite(g))) or float(np.max(np.abs(g))) > 1e-8:
        bad = int(np.argmax(~np.isfinite(g).all(axis=1) | (np.abs(g).max(axis=1) > 1e-8)))
        raise InfeasibleError(
            f"the stage balance did not converge for feed assay {xf[bad]:.6g} "
            f"({stages} stages, feed stage {feed_stage}, beta {float(b):g})"
        )
    product = theta[:, -1] * flow[:, -1]
    tails = (1.0 - theta[:, 0]) * flow[:, 0]
    xp, xt = y[:, -1], z[:, 0]
    swu = product * _value(xp) + tails * _value(xt) - _value(xf)
    return StageProfile(
        feed_assay=xf,
        product_assay=np.asarray(xp),
        tails_assay=np.asarray(xt),
        product_per_feed=np.asarray(product),
        tails_per_feed=np.asarray(tails),
        swu_per_feed=np.asarray(swu),
        stage_feed_assay=x,
        stage_heads_assay=y,
        stage_tails_assay=z,
        stage_cut=theta,
        stage_flow_per_feed=flow,
    )


def machine_throughput(swu_per_machine_year: ArrayLike, beta: ArrayLike) -> FloatArray:
    """Feed a machine passes when it delivers its rated output in an ideal cascade.

    Parameters
    ----------
    swu_per_machine_year
        Separative power of one machine [kg-SWU/yr], > 0.
    beta
        Heads separation factor of its stage [unitless], > 1.

    Returns
    -------
    numpy.ndarray
        q = dU (beta + 1) / ((beta - 1) ln beta) [kg U/yr]; 73.2 for an IR-1 at
        0.75 kg-SWU/yr and beta 1.154.
    """
    du = as_float_array(swu_per_machine_year, "swu_per_machine_year")
    check_positive(du, "swu_per_machine_year")
    b = as_float_array(beta, "beta")
    check_greater_than_one(b, "beta")
    return np.asarray(du * (b + 1.0) / ((b - 1.0) * np.log(b)), dtype=np.float64)


def stage_flow_capacity(machines_per_stage: npt.ArrayLike, profile: StageProfile) -> FloatArray:
    """External feed per unit machine throughput the cascade can take, min_s n_s / l_s.

    Parameters
    ----------
    machines_per_stage
        n_s [machines], from the tails end; length S.
    profile
        The cascade's steady state (same S).

    Returns
    -------
    numpy.ndarray
        Feed per machine throughput [kg U per (kg U/yr per machine) x yr], shape (B,);
        multiply by a machine's throughput q [kg U/yr] for the feed rate [kg U/yr].
    """
    n = np.asarray(machines_per_stage, dtype=np.float64)
    flow = profile.stage_flow_per_feed
    if n.shape != flow.shape[1:]:
        raise DomainError("machines_per_stage", f"{flow.shape[1]} stage counts")
    return np.asarray(np.min(n[None, :] / flow, axis=1), dtype=np.float64)


@dataclass(frozen=True)
class CascadeRun:
    """A cascade at steady state with given machines: flows per year, efficiency.

    Attributes
    ----------
    profile
        Assays, cuts and flows per unit feed.
    feed_kg_u_per_year, product_kg_u_per_year, tails_kg_u_per_year
        External flows [kg U/yr].
    swu_per_year
        Separative work delivered [kg-SWU/yr].
    installed_swu_per_year
        Machines times their output [kg-SWU/yr].
    efficiency
        Delivered over installed separative power [unitless].
    bottleneck_stage
        Stage (1-based) whose machines are fully loaded.
    stage_load
        Each stage's flow over what its machines can pass [unitless], (B, S).
    """

    profile: StageProfile
    feed_kg_u_per_year: FloatArray
    product_kg_u_per_year: FloatArray
    tails_kg_u_per_year: FloatArray
    swu_per_year: FloatArray
    installed_swu_per_year: FloatArray
    efficiency: FloatArray
    bottleneck_stage: npt.NDArray[np.int64]
    stage_load: FloatArray


def run_cascade(
    machines_per_stage: npt.ArrayLike,
    feed_stage: int,
    beta: float,
    feed_assay: ArrayLike,
    swu_per_machine_year: float,
) -> CascadeRun:
    """A cascade of given machines per stage run at full load on one feed.

    Parameters
    ----------
    machines_per_stage
        n_s [machines] from the tails end.
    feed_stage
        Stage receiving the feed, 1 ... S.
    beta
        Heads separation factor [unitless].
    feed_assay
        U-235 fraction of the feed [unitless] (any shape, flattened).
    swu_per_machine_year
        Separative power of one machine [kg-SWU/yr].

    Returns
    -------
    CascadeRun
    """
    n = np.asarray(machines_per_stage, dtype=np.float64)
    if n.ndim != 1 or n.size < 2 or not bool(np.all(n > 0)):
        raise DomainError("machines_per_stage", "at least two stages of >= 1 machine")
    profile = solve_stages(int(n.size), feed_stage, beta, feed_assay)
    q = float(machine_throughput(swu_per_machine_year, beta))
    feed = q * stage_flow_capacity(n, profile)
    load = feed[:, None] * profile.stage_flow_per_feed / (q * n[None, :])
    installed = float(n.sum()) * swu_per_machine_year
    swu = feed * profile.swu_per_feed
    return CascadeRun(
        profile=profile,
        feed_kg_u_per_year=feed,
        product_kg_u_per_year=feed * profile.product_per_feed,
        tails_kg_u_per_year=feed * profile.tails_per_feed,
        swu_per_year=swu,
        installed_swu_per_year=np.full(feed.shape, installed),
        efficiency=np.asarray(swu / installed, dtype=np.float64),
        bottleneck_stage=np.asarray(np.argmax(load, axis=1) + 1, dtype=np.int64),
        stage_load=np.asarray(load, dtype=np.float64),
    )


def ideal_layout(stages: int, feed_stage: int, beta: float, machines: int) -> tuple[int, ...]:
    """Machines per stage of a cascade tapered to its design flows (largest remainder).

    The design duty is the one whose feed matches the ideal profile at the feed stage;
    for constant beta the flows per unit feed do not depend on the feed assay at low
    assay, so natural feed is used.

    Parameters
    ----------
    stages, feed_stage
        S and f.
    beta
        Heads separation factor [unitless].
    machines
        Total machines [machines], >= S.

    Returns
    -------
    tuple of int
        n_s from the tails end, each >= 1, summing to ``machines``.
    """
    if machines < stages:
        raise DomainError("machines", f"at least one machine per stage (>= {stages})")
    from lockstep.physics.units import NATURAL_ASSAY

    flow = solve_stages(stages, feed_stage, beta, NATURAL_ASSAY).stage_flow_per_feed[0]
    share = flow / flow.sum() * (machines - stages)
    counts = np.floor(share).astype(int)
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[: machines - stages - int(counts.sum())]] += 1
    return tuple(int(c) + 1 for c in counts)


@dataclass(frozen=True)
class RecyclePass:
    """One pass of a batch through a cascade.

    Attributes
    ----------
    number
        1 for the first pass.
    feed_assay, product_assay, tails_assay
        U-235 fractions [unitless].
    feed_kg_u, product_kg_u, tails_kg_u
        Masses [kg U].
    swu
        Separative work [kg-SWU].
    days
        Time the pass takes at the cascades' feed rate [days].
    """

    number: int
    feed_assay: float
    product_assay: float
    tails_assay: float
    feed_kg_u: float
    product_kg_u: float
    tails_kg_u: float
    swu: float
    days: float


def batch_recycle(
    machines_per_stage: npt.ArrayLike,
    feed_stage: int,
    beta: float,
    swu_per_machine_year: float,
    *,
    feed_assay: float,
    feed_kg_u: float,
    target_assay: float,
    cascades: int = 1,
    days_per_year: float = DAYS_PER_YEAR,
) -> tuple[RecyclePass, ...]:
    """Pass a batch through the same cascades until its assay reaches ``target_assay``.

    Each pass feeds the whole batch (split over ``cascades`` identical cascades) and
    keeps the product as the next pass's feed; tails leave. The last pass stops where
    the product reaches the target (its product is at or above the target: blend down
    with its own feed to hit it exactly).

    Parameters
    ----------
    machines_per_stage, feed_stage, beta, swu_per_machine_year
        The cascade (see :func:`run_cascade`).
    feed_assay
        Assay of the batch [unitless].
    feed_kg_u
        Mass of the batch [kg U], > 0.
    target_assay
        Assay wanted [unitless], above ``feed_assay``.
    cascades
        Identical cascades working in parallel [count], >= 1.
    days_per_year
        Days per year [days].

    Returns
    -------
    tuple of RecyclePass
        The passes in order.

    Raises
    ------
    InfeasibleError
        If the target is not reached within :data:`MAX_PASSES` passes.
    """
    if not 0.0 < feed_assay < target_assay < 1.0:
        raise DomainError("target_assay", "0 < feed_assay < target_assay < 1")
    if not (math.isfinite(feed_kg_u) and feed_kg_u > 0):
        raise DomainError("feed_kg_u", "a mass > 0", value=feed_kg_u)
    if isinstance(cascades, bool) or not isinstance(cascades, int) or cascades < 1:
        raise DomainError("cascades", "a whole number >= 1")
    passes: list[RecyclePass] = []
    x, mass = feed_assay, feed_kg_u
    for number in range(1, MAX_PASSES + 1):
        run = run_cascade(machines_per_stage, feed_stage, beta, x, swu_per_machine_year)
        p = run.profile
        xp, xt = float(p.product_assay[0]), float(p.tails_assay[0])
        feed_rate = float(run.feed_kg_u_per_year[0]) * cascades
        pf = float(p.product_per_feed[0])
        if xp >= target_assay:
            # Process only a share u of the batch; its product blended with the rest of
            # the batch is at the target: u pf (xp - target) = (1 - u)(target - x).
            share = (target_assay - x) / (pf * (xp - target_assay) + target_assay - x)
            used = share * mass
            blended = mass - used + used * pf
            passes.append(
                RecyclePass(
                    number,
                    x,
                    target_assay,
                    xt,
                    used,
                    blended,
                    used * (1.0 - pf),
                    used * float(p.swu_per_feed[0]),
                    used / feed_rate * days_per_year,
                )
            )
            return tuple(passes)
        product = mass * pf
        passes.append(_pass(number, x, xp, xt, mass, product, p, feed_rate, days_per_year))
        x, mass = xp, product
    raise InfeasibleError(
        f"the cascade does not bring {feed_assay * 100:.3g} % to {target_assay * 100:.3g} % "
        f"in {MAX_PASSES} passes"
    )


def _pass(
    number: int,
    x: float,
    xp: float,
    xt: float,
    feed: float,
    product: float,
    profile: StageProfile,
    feed_rate: float,
    days_per_year: float,
) -> RecyclePass:
    tails = feed - product
    swu = feed * float(profile.swu_per_feed[0])
    return RecyclePass(
        number, x, xp, xt, feed, product, tails, swu, feed / feed_rate * days_per_year
    )


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
