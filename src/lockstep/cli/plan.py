"""``lockstep plan``: the synchronized-return planner.

The JSON printed by ``--json`` is a documented contract (``docs/roadmap.md``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lockstep.cli._options import exclusive, optional_date, within
from lockstep.errors import DataError

if TYPE_CHECKING:
    from rich.console import Console

    from lockstep.roadmap import Plan, Problem


class StrategyName(StrEnum):
    """Strategies on the command line."""

    iran_first = "iran-first"
    us_first = "us-first"
    sync = "sync"
    optimized = "optimized"
    step_by_step = "step-by-step"
    less_for_less = "less-for-less"


class TrancheModel(StrEnum):
    """How the optimizer offers tranches."""

    merge = "merge"
    choice = "choice"


class LensName(StrEnum):
    """Value lenses."""

    us = "us"
    iran = "iran"


#: Caps on the sizes a plan may ask for: ten years covers any return schedule proposed
#: (the JCPOA's own timeline ran from Adoption Day to Termination Day, ten years);
#: 100,000 Monte Carlo samples give percentiles to well under a day; an hour of solver
#: time is far beyond what the packaged catalogues need (seconds).
MAX_HORIZON_DAYS = 3650
MAX_SAMPLES = 100_000
MAX_TIME_LIMIT_S = 3600.0
DEFAULT_TAUS = "100,80,60,50,45,40,35,30,25,20"


def register(app: typer.Typer) -> None:
    """Attach ``plan`` to ``app`` (``no-return`` is in :mod:`lockstep.cli.no_return`)."""
    app.command("plan")(plan)


def _taus(text: str) -> list[int]:
    try:
        taus = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise DataError(f"--taus: expected integers separated by commas (got {text!r})") from None
    if not taus or any(t < 0 for t in taus):
        raise DataError(f"--taus: expected integers >= 0 (got {text!r})")
    return taus


def plan(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=(
                "Day 0 of the return (YYYY-MM-DD or 'today', default today); the state comes "
                "from the record at that date."
            ),
        ),
    ] = None,
    catalogue: Annotated[
        str | None,
        typer.Option(
            "--catalogue",
            help="Catalogue YAML file, or 'default' / 'worked_example' (default: measures "
            "generated from the gap between the state and the target).",
        ),
    ] = None,
    values: Annotated[
        str | None,
        typer.Option(
            "--values",
            help="CSV of values overriding values.csv (columns measure,lens,value,basis).",
        ),
    ] = None,
    strategy: Annotated[
        StrategyName, typer.Option("--strategy", help="Strategy to plan.")
    ] = StrategyName.optimized,
    tau: Annotated[
        int | None,
        typer.Option("--tau", help="Reciprocity bound tau [points] (optimized; default 100)."),
    ] = None,
    sigma_us: Annotated[
        int | None,
        typer.Option("--sigma-us", help="US verification slack [points] (optimized; default 10)."),
    ] = None,
    sigma_iran: Annotated[
        int | None,
        typer.Option(
            "--sigma-iran", help="Iran's verification slack [points] (optimized; default tau)."
        ),
    ] = None,
    tranches: Annotated[
        bool,
        typer.Option("--tranches", help="Let the optimizer split divisible measures."),
    ] = False,
    tranche_model: Annotated[
        TrancheModel,
        typer.Option(
            "--tranche-model",
            help="merge: all tranches, same-day delivery allowed (fast); "
            "choice: explicit tranche count (optional intervals).",
        ),
    ] = TrancheModel.merge,
    horizon: Annotated[
        int | None, typer.Option("--horizon", help="Horizon H [days] (catalogue default).")
    ] = None,
    lens: Annotated[
        LensName | None, typer.Option("--lens", help="Whose values: us or iran.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Target regime: jcpoa2015, post2025_suspension or a file."),
    ] = None,
    compare: Annotated[
        bool, typer.Option("--compare", help="Every strategy side by side.")
    ] = False,
    sweep_tau: Annotated[
        bool, typer.Option("--sweep-tau", help="Optimize over a range of tau: the Pareto table.")
    ] = False,
    taus: Annotated[
        str, typer.Option("--taus", help="Values of tau for --sweep-tau (comma-separated).")
    ] = DEFAULT_TAUS,
    samples: Annotated[
        int,
        typer.Option("--samples", help="Monte Carlo samples over durations and lags (0: none)."),
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Monte Carlo seed.")] = 0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="CP-SAT time limit [s].")
    ] = 10.0,
    deterministic: Annotated[
        bool,
        typer.Option(
            "--deterministic",
            help="Same optimized calendar on every run (slower CP-SAT search).",
        ),
    ] = False,
    assume_last_known: Annotated[
        bool,
        typer.Option(
            "--assume-last-known",
            help="After the loss of IAEA access, assume the last known figures still hold "
            "(else breakout is unknown there, as in lockstep breakout).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Plan a mutual return to the target regime and score it with the evaluator."""
    from lockstep.roadmap import compare as compare_all
    from lockstep.roadmap import make_plan, problem_for
    from lockstep.roadmap import sweep_tau as sweep

    exclusive(**{"--compare": compare, "--sweep-tau": sweep_tau})
    within(seed, "--seed", 0, 2**63 - 1, "a whole number")
    if taus != DEFAULT_TAUS and not sweep_tau:
        raise DataError("--taus: only with --sweep-tau")
    within(samples, "--samples", 0, MAX_SAMPLES, "a count")
    if time_limit <= 0:
        raise DataError(f"--time-limit: expected seconds > 0 (got {time_limit})")
    within(time_limit, "--time-limit", 0, MAX_TIME_LIMIT_S, "seconds")
    for name, value in (("--tau", tau), ("--sigma-us", sigma_us), ("--sigma-iran", sigma_iran)):
        if value is not None and value < 0:
            raise DataError(f"{name}: expected points >= 0 (got {value})")
    within(horizon, "--horizon", 1, MAX_HORIZON_DAYS, "a number of days")
    problem = problem_for(
        catalogue,
        optional_date(as_of, "--as-of"),
        lens.value if lens else None,
        horizon,
        tranches,
        target,
        values,
        assume_last_known=assume_last_known,
    )
    bounds = {"tau": tau, "sigma_us": sigma_us, "sigma_iran": sigma_iran}
    if sweep_tau:
        rows = sweep(
            problem, _taus(taus), sigma_us=sigma_us, sigma_iran=sigma_iran, time_limit_s=time_limit
        )
        _print_sweep(problem, rows, as_json)
        return
    if compare:
        plans = compare_all(problem, time_limit_s=time_limit, **bounds)
        _print_compare(problem, plans, as_json, samples, seed)
        return
    result = make_plan(problem, strategy.value, time_limit_s=time_limit, **bounds)
    _print_plan(result, as_json, samples, seed)


# --------------------------------------------------------------------------- output


def _fmt(x: float | int | None, digits: int = 0) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        if x != x or x in (float("inf"), float("-inf")):
            return "-"
        return f"{x:,.{digits}f}"
    return f"{x:,}"


def _wide(out: Console) -> Console:
    # Tables of plans are wider than 80 columns; keep them whole when piped.
    if not out.is_terminal:
        out.width = max(out.width, 130)
    return out


def _header(problem: Problem) -> str:
    spec = problem.catalogue.spec
    parts = [
        f"catalogue {spec.id}",
        f"target {problem.target.id}",
        f"lens {problem.lens}",
        f"horizon {problem.horizon_days} days",
    ]
    if problem.day0 is not None:
        parts.append(f"day 0 = {problem.day0}")
    return " | ".join(parts)


def _print_plan(p: Plan, as_json: bool, samples: int, seed: int) -> None:
    from lockstep.cli._output import console, emit_json, table
    from lockstep.roadmap.report import plan_document

    document = plan_document(p, samples, seed)
    if as_json:
        emit_json(document)
        return
    out = _wide(console())
    out.print(_header(p.problem))
    for note in p.problem.notes:
        out.print(f"note: {note}")
    status = "feasible" if p.feasible else "NOT feasible"
    out.print(f"strategy {p.strategy}: {status}" + (f" - {p.reason}" if p.reason else ""))
    if p.solver is not None and p.solver.stopped_by:
        out.print(
            f"note: the solver stopped at the {p.solver.stopped_by} (--time-limit) before its "
            "deterministic work budget; another run may give another plan"
        )
    if p.bounds_enforced:
        out.print(f"bounds: tau {p.tau}, sigma_us {p.sigma_us}, sigma_iran {p.sigma_iran}")
    m = p.metrics
    if p.solver is not None:
        out.print(f"solver status: {p.solver.status}")
    if m is None or p.schedule is None:
        return
    day0 = p.problem.day0
    rows = []
    for it in p.schedule.items:
        spec = p.problem.measure(it.measure).spec
        row = [it.id, it.party, it.start, it.end, it.verified]
        if day0 is not None:
            row.append((day0 + dt.timedelta(days=it.end)).isoformat())
        row.append(spec.title)
        row.append(spec.because)
        rows.append(row)
    cols = ["id", "party", "start", "end", "verified"]
    if day0 is not None:
        cols.append("end date")
    cols.extend(["measure", "because"])
    out.print(table("Schedule [days from day 0]", cols, sorted(rows, key=lambda r: (r[2], r[0]))))
    chain = p.critical_chain()
    if chain:
        out.print("what sets the time to full compliance (first to last):")
        for mid in chain:
            out.print(f"  {mid}: {p.problem.measure(mid).spec.title}")
    first = m.first_day_breakout_at_least
    summary = [
        ("time to full compliance [days]", _fmt(m.t_full_days)),
        ("Iran done [day]", _fmt(m.iran_done_day)),
        ("exposure Iran / US [points]", f"{m.exposure_iran} / {m.exposure_us}"),
        ("gap area [points x days]", _fmt(m.gap_area)),
        (
            "breakout at day 0 / horizon [days]",
            f"{_fmt(m.breakout_start_days, 1)} / {_fmt(m.breakout_end_days, 1)}",
        ),
        ("restorable breakout at horizon [days]", _fmt(m.breakout_recon_end_days, 1)),
        (
            "first day breakout >= 30 / 180 / 365",
            " / ".join(_fmt(first[b]) for b in (30, 180, 365)),
        ),
        ("breakout deficit [day x days]", _fmt(m.deficit, 1)),
        ("funds released [US$ bn]", _fmt(m.funds_released_usd_bn, 1)),
    ]
    other = "iran" if m.lens == "us" else "us"
    e = m.by_lens[other]
    summary.append((f"exposure Iran / US under the {other} lens", f"{e.iran} / {e.us}"))
    out.print(table("Metrics", ("metric", "value"), summary))
    if m.end_state_violations:
        out.print("end state not compliant: " + "; ".join(m.end_state_violations))
    if "defection" in document:
        d = document["defection"][m.lens]
        out.print(
            f"defection ({m.lens} lens): Iran loses {d[0]['loss']:g} if the other side stops on "
            f"day {d[0]['checkpoint_day']}; the US side loses {d[1]['loss']:g} if Iran stops on "
            f"day {d[1]['checkpoint_day']}"
        )
    if "robustness" in document:
        r = document["robustness"]
        t = r["t_full_days"]
        if t is not None:
            out.print(
                f"Monte Carlo ({r['samples']} samples, seed {r['seed']}): full compliance P50 "
                f"{t['p50']:g}, P90 {t['p90']:g} days"
            )


def _print_compare(
    problem: Problem, plans: list[Plan], as_json: bool, samples: int, seed: int
) -> None:
    from lockstep.cli._output import console, emit_json, table

    if as_json:
        from lockstep.roadmap.report import compare_document

        emit_json(compare_document(problem, plans, samples, seed))
        return
    out = _wide(console())
    out.print(_header(problem))
    rows: list[list[Any]] = []
    reasons: list[str] = []
    for p in plans:
        m = p.metrics
        if not p.feasible or p.reason:
            reasons.append(f"{p.strategy}: {p.reason}")
        if m is None:
            rows.append([p.strategy, "no", *["-"] * 9, p.solver.status if p.solver else ""])
            continue
        first = m.first_day_breakout_at_least
        rows.append(
            [
                p.strategy,
                "yes" if p.feasible else "no",
                _fmt(m.t_full_days) if m.t_full_days is not None else "never",
                _fmt(m.iran_done_day),
                m.exposure_iran,
                m.exposure_us,
                _fmt(m.gap_area),
                _fmt(first[30]),
                _fmt(first[180]),
                _fmt(m.deficit, 1),
                _fmt(m.breakout_end_days, 2),
                p.solver.status if p.solver else "",
            ]
        )
    cols = (
        "strategy",
        "feasible",
        "T_full",
        "Iran done",
        "E_IR",
        "E_US",
        "sum|G|",
        "B>=30",
        "B>=180",
        "deficit",
        "B(H)",
        "solver",
    )
    out.print(table("Strategies compared (days; points)", cols, rows))
    for line in reasons:
        out.print(line)
    for p in plans:
        chain = p.critical_chain()
        if chain:
            out.print(f"{p.strategy}: critical chain " + " -> ".join(chain))


def _print_sweep(problem: Problem, rows: list[Any], as_json: bool) -> None:
    from lockstep.cli._output import console, emit_json, table

    if as_json:
        emit_json(
            {
                "lens": problem.lens,
                "tranches": problem.tranches,
                "rows": [
                    {"tau": r.tau, "pareto": r.pareto, "plan": r.plan.to_json()} for r in rows
                ],
            }
        )
        return
    out = _wide(console())
    out.print(_header(problem) + (" | tranches" if problem.tranches else ""))
    body: list[list[Any]] = []
    for r in rows:
        m = r.plan.metrics
        body.append(
            [
                r.tau,
                "yes" if r.plan.feasible else "no",
                _fmt(m.t_full_days) if m else "-",
                m.exposure_iran if m else "-",
                m.exposure_us if m else "-",
                _fmt(m.gap_area) if m else "-",
                _fmt(m.deficit, 1) if m else "-",
                "*" if r.pareto else "",
                "" if r.plan.feasible else r.plan.reason,
            ]
        )
    cols = ("tau", "feasible", "T_full", "E_IR", "E_US", "sum|G|", "deficit", "Pareto", "why not")
    out.print(table("Time / exposure trade-off (optimized plan)", cols, body))
