"""Numerical core of the matched-abundance-ratio cascade (internal; see multicomponent.py).

Everything works on a batch of B feeds at once: compositions ``z`` of shape (B, n),
one row per feed. Stage numbers are carried as N (enriching) and s = M + 1 (stripping
plus feed stage), both positive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lockstep.physics._checks import FloatArray

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

# Smallest |u| used in the stage formulas: an isotope exactly at the key mass has u = 0
# and the formulas' 0/0 limit; 1e-200 reproduces that limit to full precision.
_TINY_U = 1e-200
# Residual accepted as a solution when the requested tolerance cannot be met because
# of rounding [log abundance ratio, unitless]: a relative assay error of 1e-9.
_ACCEPT = 1e-9
# Tolerance of the solves at the trial key masses of the search [unitless].
_SEARCH_TOL = 1e-7


@dataclass(frozen=True)
class StageEquations:
    """The key-isotope targets of a batch of cascades.

    Attributes
    ----------
    z
        Feed mass fractions, (B, n).
    masses
        Isotopic masses [g/mol], (n,).
    j, k
        Indices of the light and heavy key isotopes.
    ln_alpha
        Log of the separation factor per unit mass, (B,).
    target_p, target_t
        logit of the wanted key fraction in product and tails, (B,).
    tol
        Newton tolerance on the residuals.
    max_iter
        Newton iteration limit.
    """

    z: FloatArray
    masses: FloatArray
    j: int
    k: int
    ln_alpha: FloatArray
    target_p: FloatArray
    target_t: FloatArray
    tol: float
    max_iter: int

    @property
    def targets(self) -> FloatArray:
        """Product and tails targets stacked, (2, B)."""
        return np.concatenate((self.target_p, self.target_t)).reshape(2, -1)


@dataclass(frozen=True)
class _Rows:
    """The part of the problem that does not change during one Newton solve."""

    z: FloatArray
    u: FloatArray
    w: FloatArray
    w_heavy: FloatArray  # w where the isotope is heavier than M*, else 0
    w_light: FloatArray  # w where the isotope is lighter than M*, else 0
    light: BoolArray
    others: FloatArray  # 1 except 0 in the light key's column
    j: int
    targets: FloatArray  # (2, B): logit targets for product and tails


def _rows(eq: StageEquations, rows: IntArray | None, mstar: FloatArray) -> _Rows:
    z = eq.z if rows is None else eq.z[rows]
    la = eq.ln_alpha if rows is None else eq.ln_alpha[rows]
    u = (eq.masses[None, :] - mstar[:, None]) * la[:, None]  # -ln alpha*_i
    w = -np.maximum(np.abs(u), _TINY_U)
    light = u < 0.0
    others = np.ones(eq.masses.size)
    others[eq.j] = 0.0
    return _Rows(
        z=z,
        u=u,
        w=w,
        w_heavy=np.where(light, 0.0, w),
        w_light=np.where(light, w, 0.0),
        light=light,
        others=others,
        j=eq.j,
        targets=eq.targets if rows is None else eq.targets[:, rows],
    )


def streams(r: _Rows, n: FloatArray, s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(P/F) x_P,i and (T/F) x_T,i per isotope, stacked as (2, B, n), and the pieces.

    With w = -|u| <= 0 and E_x = expm1(w x) in (-1, 0], for s = M + 1 and S = s + N:
    light isotopes (u < 0): p/z = E_s / E_S,            t/z = e^(w s) E_N / E_S;
    heavy isotopes (u > 0): p/z = e^(w N) E_s / E_S,    t/z = E_N / E_S.
    No exponential of a positive number is taken and nothing cancels.

    Returns
    -------
    tuple
        Streams (2, B, n); E = expm1(w x) and X = exp(w x) for x = s, N, S, each
        (3, B, n).
    """
    size = s.size
    wx = r.w * np.concatenate((s, n, s + n)).reshape(3, size, 1)
    e = np.expm1(wx)
    x = np.exp(wx)
    es, en, eb = e
    xs, xn, _ = x
    pt = np.empty((2, *es.shape))
    pt[0] = np.where(r.light, es, xn * es)
    pt[1] = np.where(r.light, xs * en, en)
    pt *= r.z
    pt /= eb
    return pt, e, x


def _residuals(
    r: _Rows, n: FloatArray, s: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Key residuals, their max-norm, their Jacobian and the streams.

    Returns logit(x_P,j) and logit(x_T,j) minus their targets (2, B), the max-norm (B,),
    d(r1, r2)/d(s, N) as (2, 2, B) and the streams (2, B, n).
    """
    pt, e, x = streams(r, n, s)
    j = r.j
    others = pt * r.others
    rest = others.sum(axis=-1)
    res = np.log(pt[..., j] / rest) - r.targets
    # h_x = d ln(-E_x)/dx = w e^(w x) / E_x (tends to 1/x as w -> 0); the derivatives
    # of ln p_i and ln t_i with respect to s and N are differences of these.
    h = r.w * x / e
    d = np.empty((2, 2, *h.shape[1:]))  # (stream, variable s/N, B, n)
    d[0, 0] = h[0]
    d[0, 1] = r.w_heavy
    d[1, 0] = r.w_light
    d[1, 1] = h[1]
    d -= h[2]
    jac = d[..., j] - (others[:, None] * d).sum(axis=-1) / rest[:, None]
    norm = np.abs(res).max(axis=0)
    return res, norm, jac, pt


@dataclass(frozen=True)
class Solution:
    """Stage numbers solved for a batch of rows, with their streams.

    Attributes
    ----------
    n, s
        N and s = M + 1, (B,).
    ok
        Whether the key targets are met, (B,).
    streams
        (P/F) x_P,i and (T/F) x_T,i, (2, B, n).
    rows
        The rows' fixed data (compositions, u).
    """

    n: FloatArray
    s: FloatArray
    ok: BoolArray
    streams: FloatArray
    rows: _Rows


def solve_stages(
    eq: StageEquations,
    rows: IntArray | None,
    mstar: FloatArray,
    n: FloatArray,
    s: FloatArray,
    tol: float | None = None,
) -> Solution:
    """Newton's method on (N, s) for the key targets at key masses ``mstar``.

    Each step is the full Newton step, shortened so that N and s at most shrink to a
    quarter, then halved while it does not reduce the residual. ``tol`` overrides the
    problem's tolerance (the key-mass search uses a looser one).
    """
    tol = eq.tol if tol is None else tol
    r = _rows(eq, rows, mstar)
    v = np.concatenate((s, n)).astype(np.float64).reshape(2, -1)  # (2, B): s, N
    res, norm, jac, pt = _residuals(r, v[1], v[0])
    for _ in range(eq.max_iter):
        active = ~(norm <= tol)
        if not bool(np.any(active)):
            break
        (a, b), (c, d) = jac
        det = a * d - b * c
        dv = np.empty_like(v)
        dv[0] = b * res[1] - d * res[0]
        dv[1] = c * res[0] - a * res[1]
        dv /= det
        ok_step = active & np.isfinite(dv).all(axis=0)
        dv = np.where(ok_step, dv, 0.0)
        # Shorten the step so that neither variable drops below a quarter of itself.
        shrink = np.where(dv < 0.0, -0.75 * v / np.where(dv < 0.0, dv, -1.0), 1.0)
        step = np.minimum(1.0, shrink.min(axis=0))
        for _halving in range(40):
            v_try = v + step * dv
            res_t, norm_t, jac_t, pt_t = _residuals(r, v_try[1], v_try[0])
            better = ~ok_step | (norm_t < norm)
            if bool(np.all(better)):
                break
            step = np.where(better, step, 0.5 * step)
        if bool(np.all(better)):
            # Rows without a step have v_try == v: taking everything is exact.
            v, res, norm, jac, pt = v_try, res_t, norm_t, jac_t, pt_t
            continue
        if not bool(np.any(better & ok_step)):
            break  # stalled: no row can improve any more
        v = np.where(better, v_try, v)
        res = np.where(better, res_t, res)
        norm = np.where(better, norm_t, norm)
        jac = np.where(better, jac_t, jac)
        pt = np.where(better[:, None], pt_t, pt)
    ok = norm <= max(tol, _ACCEPT)
    return Solution(n=v[1], s=v[0], ok=ok, streams=pt, rows=r)


def flow_and_swu(eq: StageEquations, sol: Solution) -> tuple[FloatArray, FloatArray]:
    """Total flow L_t/F and multicomponent SWU/F of solved rows, (B,) each.

    L_t/F = sum_i temp_i / (ln alpha*_j (alpha*_i - 1)/(alpha*_i + 1)) with
    temp_i = p_i ln r_P + t_i ln r_T - z_i ln r_F (Wood et al. 1999, eq. 31);
    in terms of u_i = -ln alpha*_i the denominator is u_j tanh(u_i / 2).
    """
    pt = sol.streams
    p, t = pt
    j, k = eq.j, eq.k
    z = sol.rows.z
    u = sol.rows.u
    ln_r = np.log(pt[:, :, j] / pt[:, :, k])  # (2, B)
    ln_rf = np.log(z[:, j] / z[:, k])
    temp = p * ln_r[0][:, None] + t * ln_r[1][:, None] - z * ln_rf[:, None]
    denom = u[:, j : j + 1] * np.tanh(0.5 * u)
    present = z > 0.0
    flow = np.where(present, temp / np.where(present, denom, 1.0), 0.0).sum(axis=1)
    return flow, -temp.sum(axis=1)


def optimize_key_mass(
    eq: StageEquations,
    lo: FloatArray,
    hi: FloatArray,
    start: FloatArray,
    n0: FloatArray,
    s0: FloatArray,
) -> tuple[FloatArray, Solution, BoolArray, int]:
    """Minimize L_t/F over M* in (lo, hi) for every row.

    Each iteration solves the stage equations at M* - h, M*, M* + h in one batch, takes
    the Newton step on the finite-difference slope and curvature of L_t/F, and keeps a
    bracket (the slope's sign says on which side the minimum lies) to fall back on
    bisection when the step leaves it, the curvature is not positive, or a trial point
    has no solution. The stencil's solutions also give dN/dM* and ds/dM*, which seed the
    next iteration.

    Returns
    -------
    tuple
        M*, the solution there, a flag per row that a solution was found, and the
        iteration count.
    """
    size = start.size
    width = hi - lo
    h = 1e-3 * np.minimum(width, 1.0)
    xtol = 5e-4 * np.minimum(width, 1.0)
    mstar = start.copy()
    a, b = lo.copy(), hi.copy()
    v = np.concatenate((s0, n0)).reshape(2, size)  # s = M + 1 and N, carried together
    dv_dm = np.zeros((2, size))
    done = np.zeros(size, dtype=bool)
    failed = np.zeros(size, dtype=bool)
    last_good = np.full(size, np.nan)
    index = np.arange(size)
    iterations = 0
    for iterations in range(1, 100):  # noqa: B007 - the count is reported
        act = index[~done]
        if act.size == 0:
            break
        m, hh = mstar[act], h[act]
        va, offset = v[:, act], dv_dm[:, act] * hh
        three = np.concatenate([m - hh, m, m + hh])
        rows = np.concatenate([act, act, act])
        v3 = np.concatenate([va - offset, va, va + offset], axis=1)
        # Residuals of 1e-7 move L_t/F by ~1e-8 relative, far below what the slope over
        # 2h resolves, so the search points need not be solved to the final tolerance.
        sol3 = solve_stages(eq, rows, three, v3[1], v3[0], tol=max(eq.tol, _SEARCH_TOL))
        flow = np.where(sol3.ok, flow_and_swu(eq, sol3)[0], np.inf)
        lm, l0, lp = flow.reshape(3, -1)
        vm, v_mid, vp = np.concatenate((sol3.s, sol3.n)).reshape(2, 3, -1).transpose(1, 0, 2)
        finite = np.isfinite(lm) & np.isfinite(l0) & np.isfinite(lp)
        grad = (lp - lm) / (2.0 * hh)
        curv = (lp - 2.0 * l0 + lm) / (hh * hh)
        aa = np.where(finite & (grad <= 0.0), m, a[act])
        bb = np.where(finite & (grad > 0.0), m, b[act])
        newton = m - grad / np.where(curv > 0.0, curv, np.nan)
        inside = finite & (curv > 0.0) & (newton > aa) & (newton < bb)
        m_new = np.where(inside, newton, 0.5 * (aa + bb))
        # No solution at m: step back towards the last point that had one.
        good = last_good[act]
        retreat = np.where(np.isfinite(good), 0.5 * (m + good), 0.5 * (aa + bb))
        m_new = np.where(finite, m_new, retreat)
        step = m_new - m
        # Newton converges quadratically: once its step is this small, the point it
        # leads to is as good as the tolerance needs, so take it and stop.
        converged = inside & (np.abs(step) <= xtol[act])
        collapsed = ~converged & (bb - aa <= 4.0 * hh)
        failed[act] = collapsed & ~finite
        last_good[act] = np.where(finite, m, good)
        # Slope and half the curvature of (s, N) in M*, to seed the next points.
        slope = np.where(finite, (vp - vm) / (2.0 * hh), 0.0)
        bend = np.where(finite, 0.5 * (vp - 2.0 * v_mid + vm) / (hh * hh), 0.0)
        dv_dm[:, act] = slope
        base = np.where(np.isfinite(l0), v_mid, va)
        mstar[act] = np.where(collapsed, m, m_new)
        move = np.where(collapsed, 0.0, step)
        v[:, act] = np.maximum(base + (slope + bend * move) * move, 0.25 * base)
        a[act], b[act] = aa, bb
        done[act] = converged | collapsed
    sol = solve_stages(eq, None, mstar, v[1], v[0])
    return mstar, sol, sol.ok & ~failed, iterations
