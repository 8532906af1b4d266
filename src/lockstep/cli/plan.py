"""``lockstep plan`` and ``lockstep no-return``: the synchronized-return planner.

The JSON printed by ``--json`` is a documented contract (``docs/roadmap.md``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

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


def register(app: typer.Typer) -> None:
    """Attach ``plan`` and ``no-return`` to ``app``."""
    app.command("plan")(plan)
    app.command("no-return")(no_return)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError(f"{option}: expected a date as YYYY-MM-DD (got {value!r})") from None


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
            help="Day 0 of the return (YYYY-MM-DD, default today); the state comes from "
            "the record at that date.",
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
    ] = "100,80,60,50,45,40,35,30,25,20",
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
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Plan a mutual return to the target regime and score it with the evaluator."""
    from lockstep.roadmap import compare as compare_all
    from lockstep.roadmap import make_plan, problem_for
    from lockstep.roadmap import sweep_tau as sweep

    if samples < 0:
        raise DataError(f"--samples: expected a count >= 0 (got {samples})")
    if time_limit <= 0:
        raise DataError(f"--time-limit: expected seconds > 0 (got {time_limit})")
    for name, value in (("--tau", tau), ("--sigma-us", sigma_us), ("--sigma-iran", sigma_iran)):
        if value is not None and value < 0:
            raise DataError(f"{name}: expected points >= 0 (got {value})")
    if horizon is not None and horizon < 1:
        raise DataError(f"--horizon: expected a number of days >= 1 (got {horizon})")
    problem = problem_for(
        catalogue,
        _date(as_of, "--as-of"),
        lens.value if lens else None,
        horizon,
        tranches,
        target,
        values,
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


# --------------------------------------------------------------------------- no-return


def no_return(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV rows.")] = False,
    benchmark_days: Annotated[
        float, typer.Option("--benchmark-days", help="Breakout a return should restore [days].")
    ] = 365.0,
    reinstall_days: Annotated[
        int, typer.Option("--reinstall-days", help="Days to reinstall stored machines.")
    ] = 60,
    rebuild_days: Annotated[
        int, typer.Option("--rebuild-days", help="Days to rebuild destroyed machines.")
    ] = 365,
) -> None:
    """Restorable breakout after a full return, at every report date, and the point of no return."""
    from lockstep.cli._output import console, emit_csv, emit_json, table
    from lockstep.roadmap import ReturnAssumptions, point_of_no_return, states_for_analysis
    from lockstep.roadmap.no_return import row_json

    if as_json and as_csv:
        raise DataError("--json and --csv: choose one")
    if benchmark_days <= 0:
        raise DataError(f"--benchmark-days: expected days > 0 (got {benchmark_days})")
    if reinstall_days < 0 or rebuild_days < 0:
        raise DataError("--reinstall-days / --rebuild-days: expected days >= 0")
    states, source = states_for_analysis()
    result = point_of_no_return(
        states,
        ReturnAssumptions(
            benchmark_days=benchmark_days,
            reinstall_days=reinstall_days,
            rebuild_days=rebuild_days,
        ),
        source=source,
    )
    if as_json:
        emit_json(result.to_json())
        return
    if as_csv:
        fields = (
            "date",
            "policy",
            "kept_stock_kg_u",
            "retained_swu_per_year",
            "other_swu_per_year",
            "breakout_operating_days",
            "breakout_restorable_days",
            "meets_benchmark",
            "meets_reference",
            "verified",
        )
        emit_csv((row_json(r) for r in result.rows), fields)
        return
    out = _wide(console())
    out.print(f"states: {source}")
    rows = [
        (
            r.date.isoformat(),
            r.policy,
            _fmt(r.kept_stock_kg_u, 1),
            _fmt(r.retained_swu_per_year),
            _fmt(r.other_swu_per_year),
            _fmt(r.breakout_operating_days, 1),
            _fmt(r.breakout_restorable_days, 1),
            "yes" if r.meets_benchmark else "no",
        )
        for r in result.rows
    ]
    cols = (
        "date",
        "policy",
        "kept LEU [kg U]",
        "retained [SWU/yr]",
        "other [SWU/yr]",
        "B ops [days]",
        "B restorable [days]",
        f">= {benchmark_days:g}",
    )
    out.print(table("Restorable breakout after a full return", cols, rows))
    out.print(f"reference: the JCPOA configuration gives {result.reference_days:.1f} days")
    for text in result.statements.values():
        out.print(text)
