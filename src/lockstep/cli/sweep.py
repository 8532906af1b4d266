"""``lockstep sweep`` and ``lockstep frontier``: the planner's political choices at scale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from lockstep.sweeps import Choice

AsOfList = Annotated[
    str | None,
    typer.Option("--as-of", help="Day 0 of the plans: DATE or DATE,DATE,... (YYYY-MM-DD)."),
]
Start = Annotated[str | None, typer.Option("--from", help="First day 0 (with --to, --every).")]
End = Annotated[str | None, typer.Option("--to", help="Last day 0 (with --from).")]
Every = Annotated[int, typer.Option("--every", min=1, help="Days between dates of --from/--to.")]
Catalogue = Annotated[
    str | None,
    typer.Option(
        "--catalogue",
        help="A packaged catalogue (default, worked_example) or YAML file instead of the "
        "measures generated from the gap on each date.",
    ),
]
Tau = Annotated[
    str, typer.Option("--tau", help="Reciprocity bounds [points]: 30,50,70 or 20:80:10.")
]
SigmaUs = Annotated[
    str | None, typer.Option("--sigma-us", help="US trust before verification [points] (list).")
]
SigmaIran = Annotated[
    str | None,
    typer.Option("--sigma-iran", help="Iran's trust before verification [points] (list)."),
]
Tranches = Annotated[str, typer.Option("--tranches", help="Relief in tranches: yes, no or yes,no.")]
Policy = Annotated[
    str, typer.Option("--policy", help="Removed centrifuges: store, destroy or store,destroy.")
]
Lens = Annotated[str, typer.Option("--lens", help="Value lens: us, iran or us,iran.")]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="A running Dask scheduler (tcp://host:8786); default: a local cluster.",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Processes of the local cluster (default: cores)."),
]
TimeLimit = Annotated[
    float, typer.Option("--time-limit", min=0.1, max=600, help="CP-SAT limit per solve [s].")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    """Attach ``sweep`` and ``frontier`` to ``app``."""
    app.command("sweep")(sweep)
    app.command("frontier")(frontier)


def _words(text: str, option: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    from lockstep.errors import DomainError

    values = tuple(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    if not values or any(v not in allowed for v in values):
        raise DomainError(option, f"one or more of {', '.join(allowed)} (got {text!r})")
    return values


def _dates(as_of: str | None, start: str | None, end: str | None, every: int) -> list[Any]:
    from lockstep.cli._options import optional_date
    from lockstep.errors import DomainError

    if as_of is not None and (start or end):
        raise DomainError("--as-of", "either --as-of or --from/--to, not both")
    if as_of is not None:
        return [optional_date(d.strip(), "--as-of") for d in as_of.split(",") if d.strip()]
    if start or end:
        first, last = optional_date(start, "--from"), optional_date(end, "--to")
        if first is None or last is None:
            raise DomainError("--from/--to", "both dates")
        if last < first:
            raise DomainError("--to", f"a date on or after --from ({first})")
        days = range(0, (last - first).days + 1, every)
        return [first + dt.timedelta(days=n) for n in days]
    return []


def _choices(
    dates: list[Any],
    catalogue: str | None,
    tau: str,
    sigma_us: str | None,
    sigma_iran: str | None,
    tranches: str,
    policy: str,
    lens: str,
    strategy: str,
) -> list[Choice]:
    from lockstep.errors import DomainError
    from lockstep.roadmap import STRATEGIES
    from lockstep.sweeps import grid, parse_numbers

    if not dates:
        if catalogue is None:
            raise DomainError("--as-of", "a date (or --from/--to, or a --catalogue)")
        dates = [None]
    return grid(
        dates,
        tau=parse_numbers(tau, "--tau"),
        sigma_us=parse_numbers(sigma_us, "--sigma-us") if sigma_us is not None else (None,),
        sigma_iran=(
            parse_numbers(sigma_iran, "--sigma-iran") if sigma_iran is not None else (None,)
        ),
        tranches=tuple(v == "yes" for v in _words(tranches, "--tranches", ("yes", "no"))),
        policy=_words(policy, "--policy", ("store", "destroy")),
        lens=_words(lens, "--lens", ("us", "iran")),
        strategy=_words(strategy, "--strategy", tuple(STRATEGIES)),
    )


def _run(
    choices: list[Choice],
    *,
    out: Path | None,
    scheduler: str | None,
    workers: int | None,
    catalogue: str | None,
    time_limit: float,
) -> list[dict[str, Any]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from lockstep.cli._options import scheduler_address
    from lockstep.sweeps import SweepProgress, run_sweep

    scheduler = scheduler_address(scheduler)
    if catalogue is not None:  # a bad file is one line before any worker starts
        from lockstep.roadmap import load_catalogue

        load_catalogue(catalogue)
    with Progress(
        "solves",
        BarColumn(),
        MofNCompleteColumn(),
        "{task.fields[rate]}",
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("sweep", total=len(choices), rate="")

        def show(progress: SweepProgress) -> None:
            bar.update(task, completed=progress.done, rate=f"{progress.rate():.1f}/s")

        return run_sweep(
            choices,
            out=out,
            scheduler=scheduler,
            workers=workers,
            catalogue=catalogue,
            time_limit_s=time_limit,
            on_progress=show,
        )


def sweep(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Table to write: FILE.parquet or FILE.csv.")
    ],
    as_of: AsOfList = None,
    start: Start = None,
    end: End = None,
    every: Every = 30,
    catalogue: Catalogue = None,
    tau: Tau = "20,30,50,100",
    sigma_us: SigmaUs = None,
    sigma_iran: SigmaIran = None,
    tranches: Tranches = "no",
    policy: Policy = "store",
    lens: Lens = "us",
    strategy: Annotated[
        str, typer.Option("--strategy", help="Strategies (list); tau binds 'optimized'.")
    ] = "optimized",
    scheduler: Scheduler = None,
    workers: Workers = None,
    time_limit: TimeLimit = 60.0,
    as_json: Json = False,
) -> None:
    """Plan every combination of the choices given, one row per solve, on Dask.

    Rows: as_of, tau, sigma_us, sigma_iran, tranches, policy, lens, strategy, feasible,
    t_full_days, exposure_iran, exposure_us, breakout_start_days, reason, solver_status.
    Chunks are written to OUTPUT.parts/ as they finish: a rerun skips them.
    """
    from lockstep.cli._output import console, emit_json
    from lockstep.errors import DomainError

    if output.suffix not in (".parquet", ".csv"):
        raise DomainError("-o", f"a .parquet or .csv file (got {output.name!r})")
    if output.exists() and output.is_dir():
        raise DomainError("-o", f"a file, not the folder {output}")
    choices = _choices(
        _dates(as_of, start, end, every),
        catalogue,
        tau,
        sigma_us,
        sigma_iran,
        tranches,
        policy,
        lens,
        strategy,
    )
    rows = _run(
        choices,
        out=output,
        scheduler=scheduler,
        workers=workers,
        catalogue=catalogue,
        time_limit=time_limit,
    )
    feasible = [r for r in rows if r["feasible"]]
    summary = {
        "output": str(output),
        "solves": len(rows),
        "feasible": len(feasible),
        "fastest_t_full_days": min((r["t_full_days"] for r in feasible), default=None),
    }
    if as_json:
        emit_json(summary)
        return
    fastest = summary["fastest_t_full_days"]
    console().print(
        f"{len(rows)} plans solved, {len(feasible)} feasible"
        + (f" (fastest full compliance: day {fastest})" if fastest is not None else "")
        + f"; table written to {output}"
    )


def frontier(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Day 0 (YYYY-MM-DD; default today).")
    ] = None,
    catalogue: Catalogue = None,
    tau: Tau = "10,20,30,50,100",
    sigma_us: SigmaUs = "0,50,100",
    sigma_iran: SigmaIran = "0,50,100",
    tranches: Tranches = "no,yes",
    policy: Policy = "store",
    lens: Lens = "us",
    scheduler: Scheduler = None,
    workers: Workers = None,
    time_limit: TimeLimit = 60.0,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Also keep the sweep's rows (.parquet or .csv)."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Which political choices make the optimized synchronized plan feasible on a date.

    Sweeps τ × σ_US × σ_IR (and tranches, policy, lens as given) and reports each cell's
    feasibility and T_full, and the single choices that flip a plan or move T_full most.
    """
    from lockstep.cli._options import optional_date
    from lockstep.cli._output import console, emit_json, table
    from lockstep.sweeps import frontier as summarise
    from lockstep.sweeps.frontier import describe

    day = optional_date(as_of, "--as-of")
    if day is None and catalogue is None:
        day = dt.datetime.now(dt.UTC).date()
    choices = _choices(
        [day], catalogue, tau, sigma_us, sigma_iran, tranches, policy, lens, "optimized"
    )
    rows = _run(
        choices,
        out=output,
        scheduler=scheduler,
        workers=workers,
        catalogue=catalogue,
        time_limit=time_limit,
    )
    result = summarise(rows)
    if as_json:
        emit_json(result.to_json())
        return
    out = console()
    feasible = sum(bool(c["feasible"]) for c in result.cells)
    undecided = (
        f"; {result.undecided} undecided (the time limit ran out with no plan: raise --time-limit)"
        if result.undecided
        else ""
    )
    out.print(
        f"decision frontier on {result.as_of or 'the catalogue day 0'}: "
        f"{feasible} of {len(result.cells)} combinations give a feasible plan{undecided}"
    )
    out.print(
        table(
            "Single choices that change the outcome most",
            ["change", "effect", "other choices held"],
            describe(result),
        )
    )
