"""``lockstep breakout``: days to a bomb's worth of material, with uncertainty and sources.

Assays are in percent and masses in kg U at this edge; the JSON keys are documented in
``docs/breakout.md``.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lockstep.cli._options import date_range, optional_date, today, within
from lockstep.errors import DomainError

if TYPE_CHECKING:
    from lockstep.assessment import BreakoutAssessment, BreakoutOptions, HistoryPoint
    from lockstep.physics.breakout import BreakoutResult


#: Cap on a covert plant: several times the ~20,000 machines Iran ever installed in all,
#: so a typing slip is refused instead of giving a breakout of zero days.
MAX_COVERT_MACHINES = 100_000


def register(app: typer.Typer) -> None:
    """Attach the ``breakout`` command to ``app``."""
    app.command("breakout")(breakout)


def breakout(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD or 'today' (default: today).")
    ] = None,
    quantity: Annotated[
        str | None,
        typer.Option(
            "--quantity",
            help="wgu25: 25 kg of 90 % uranium (default); iaea-sq: 25 kg of U-235 contained.",
        ),
    ] = None,
    quantity_mass: Annotated[
        float | None,
        typer.Option(
            "--quantity-mass", help="Custom quantity: mass [kg U] (with --quantity-assay)."
        ),
    ] = None,
    quantity_assay: Annotated[
        float | None,
        typer.Option("--quantity-assay", help="Custom quantity: assay [% U-235]."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="ensemble (default: pooled SWU, step ladder and stage-level cascades drawn "
            "with every input), "
            "swu-budget, batch-recycle or stage-cascade.",
        ),
    ] = None,
    machines: Annotated[
        str | None,
        typer.Option("--machines", help="Count machines enriching (default) or installed."),
    ] = None,
    site: Annotated[
        list[str] | None,
        typer.Option(
            "--site",
            help="Only machines at this site (repeatable): natanz_fep, natanz_pfep, "
            "fordow_ffep, isfahan, or natanz, fordow.",
        ),
    ] = None,
    stock: Annotated[
        list[str] | None,
        typer.Option(
            "--stock",
            help="Only this IAEA band as feed (repeatable): up_to_2pct, up_to_5pct, "
            "up_to_20pct, up_to_60pct.",
        ),
    ] = None,
    covert: Annotated[
        int | None,
        typer.Option("--covert", help="Add a covert plant of this many machines."),
    ] = None,
    covert_model: Annotated[
        str, typer.Option("--covert-model", help="Model of the covert plant's machines.")
    ] = "IR-6",
    sneakout: Annotated[
        bool,
        typer.Option(
            "--sneakout",
            help="Also estimate sneakout: an undeclared plant that must first be built, fed "
            "from the stock the IAEA cannot verify (reported apart, with its assumptions).",
        ),
    ] = False,
    samples: Annotated[
        int | None, typer.Option("--samples", help="Monte Carlo samples (default 10,000).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default 0).")] = None,
    quantities: Annotated[
        int, typer.Option("--quantities", help="Report days to the 1st ... N-th quantity.")
    ] = 5,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", help="YAML scenario file to use instead of the record."),
    ] = None,
    assume_last_known: Annotated[
        bool,
        typer.Option(
            "--assume-last-known",
            help="After the loss of IAEA access, assume the last known figures still hold.",
        ),
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Breakout at every IAEA report date.")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="History: first date YYYY-MM-DD or 'today'.")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="History: last date YYYY-MM-DD or 'today' (default today)."),
    ] = None,
    sobol: Annotated[
        int | None,
        typer.Option(
            "--sobol",
            help="Sobol' indices (S1, ST) of the ensemble's inputs and structure for the "
            "days to the first quantity, from N base points (a power of two, e.g. 1024).",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --sobol: a running Dask scheduler (tcp://host:8786); default: "
            "this process for small N, else a local cluster.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="History: print CSV rows.")] = False,
) -> None:
    """Estimate breakout: days to the first quantities, quantities by month, steps, sources."""
    from lockstep.assessment import BreakoutOptions, assess_scenario, assess_state

    if sobol is not None or scheduler is not None:
        _check_sobol(sobol, scheduler, history, scenario, sneakout, as_csv, samples, model)
    if as_json and as_csv:
        raise DomainError("--json / --csv", "only one of --json and --csv")
    if as_csv and not history:
        raise DomainError("--csv", "--csv together with --history (use --json otherwise)")
    if scenario is not None and (history or as_of is not None):
        raise DomainError("--scenario", "no --as-of or --history with a scenario file")
    if sneakout and (history or scenario is not None):
        raise DomainError("--sneakout", "one date (not --history or --scenario)")
    if not history and (start is not None or end is not None):
        raise DomainError("--from / --to", "--history (use --as-of for one date)")
    day = optional_date(as_of, "--as-of")
    first, last = date_range(start, end)
    overrides = _overrides(
        quantity=quantity,
        quantity_mass=quantity_mass,
        quantity_assay=quantity_assay,
        model=model,
        machines=machines,
        site=site,
        stock=stock,
        covert=covert,
        covert_model=covert_model,
        samples=samples,
        seed=seed,
        quantities=quantities,
        assume_last_known=assume_last_known,
    )
    if scenario is not None:
        from lockstep.assessment import load_scenario

        loaded = load_scenario(scenario)
        options = _apply(loaded.options, overrides)
        _report(assess_scenario(loaded, options), as_json)
        return
    options = _apply(BreakoutOptions(), overrides)
    if history:
        _history(options, first, last, as_json, as_csv)
        return
    from lockstep.record import state_at

    state = state_at(day or today())
    if sobol is not None:
        _sobol(state, sobol, options, scheduler, as_json)
        return
    extra = None
    if sneakout:
        from lockstep.assessment.sneakout import assess_sneakout

        extra = assess_sneakout(state, options)
    _report(assess_state(state, options), as_json, extra)


def _check_sobol(
    n: int | None,
    scheduler: str | None,
    history: bool,
    scenario: Path | None,
    sneakout: bool,
    as_csv: bool,
    samples: int | None,
    model: str | None,
) -> None:
    """Options that do not go with --sobol, refused before any work."""
    from lockstep.cli._options import scheduler_address
    from lockstep.physics.breakout.sobol import check_n

    if n is None:
        raise DomainError("--scheduler", "--sobol N (the scheduler runs its design)")
    check_n(n)
    scheduler_address(scheduler)
    for given, name in (
        (history, "--history"),
        (scenario is not None, "--scenario"),
        (sneakout, "--sneakout"),
        (as_csv, "--csv"),
        (samples is not None, "--samples"),
    ):
        if given:
            raise DomainError("--sobol", f"one date, without {name}")
    if model is not None and model != "ensemble":
        raise DomainError("--sobol", f"the ensemble model (got --model {model})")


def _sobol(
    state: Any, n: int, options: BreakoutOptions, scheduler: str | None, as_json: bool
) -> None:
    from lockstep.cli._output import console, emit_json, table
    from lockstep.sweeps.sobol import sobol_on

    result = sobol_on(state, n, options, scheduler=scheduler)
    if as_json:
        emit_json(result.to_json())
        return
    data = result.to_json()
    out = console()
    days = data["first_quantity_days"]
    out.print(
        f"Sobol' indices of the {data['output_label']} on {data['as_of']}: n {n:,}, "
        f"{result.samples_evaluated:,} ensemble evaluations, seed {result.seed}; days "
        f"P50 {days['p50']:,.1f} (P10 {days['p10']:,.1f}, P90 {days['p90']:,.1f})",
        markup=False,
    )
    shown = [i for i in result.indices if i.st >= 0.001 or i.s1 >= 0.001]
    out.print(
        table(
            f"Share of the variance of the days ({CONF_WORDS})",
            ("input", "alone (S1)", "in all (ST)", "with others"),
            [
                (
                    i.label,
                    f"{i.s1:.3f} ± {i.s1_conf:.3f}",
                    f"{i.st:.3f} ± {i.st_conf:.3f}",
                    f"{max(i.st - i.s1, 0.0):.3f}",
                )
                for i in shown
            ],
        )
    )
    rest = [i.label for i in result.indices if i not in shown]
    if rest:
        out.print(f"no measurable share (ST < 0.001): {', '.join(rest)}", markup=False)
    for note in result.notes:
        out.print(f"note: {note}", markup=False)


#: How the confidence intervals of the Sobol' table are described.
CONF_WORDS = "± half-width of the 95 % bootstrap interval"


def _overrides(**given: Any) -> dict[str, Any]:
    """Options the user gave, in library terms (percent and names checked here)."""
    from lockstep.assessment import CovertPlant, resolve_sites
    from lockstep.physics.breakout import (
        MAX_QUANTITIES,
        MODELS,
        QUANTITIES,
        Quantity,
        check_model,
        quantity_named,
        swu_distribution,
    )
    from lockstep.physics.breakout.engine import MAX_SAMPLES
    from lockstep.physics.units import NATURAL_ASSAY

    out: dict[str, Any] = {}
    mass, assay = given["quantity_mass"], given["quantity_assay"]
    if (mass is None) != (assay is None):
        raise DomainError("--quantity-mass / --quantity-assay", "both, for a custom quantity")
    if mass is not None:
        if given["quantity"] is not None:
            raise DomainError("--quantity", "not together with --quantity-mass/--quantity-assay")
        if not NATURAL_ASSAY * 100 < assay < 100:
            raise DomainError(
                "--quantity-assay",
                f"an assay in percent above natural uranium, {NATURAL_ASSAY * 100:.3f} < x < 100",
                value=assay,
            )
        if not mass > 0:
            raise DomainError("--quantity-mass", "a mass > 0 kg U", value=mass)
        out["quantity"] = Quantity.custom(mass, assay / 100.0)
    elif given["quantity"] is not None:
        if given["quantity"] not in QUANTITIES:
            raise DomainError(
                "--quantity", f"one of {', '.join(QUANTITIES)} (got {given['quantity']!r})"
            )
        out["quantity"] = quantity_named(given["quantity"])
    if given["model"] is not None:
        if given["model"] not in MODELS:
            raise DomainError("--model", f"one of {', '.join(MODELS)} (got {given['model']!r})")
        out["model"] = check_model(given["model"])
    if given["machines"] is not None:
        if given["machines"] not in ("enriching", "installed"):
            raise DomainError("--machines", f"enriching or installed (got {given['machines']!r})")
        out["machines"] = given["machines"]
    if given["site"]:
        out["sites"] = resolve_sites(given["site"])
    if given["stock"]:
        out["stocks"] = tuple(given["stock"])
    # Checked whether or not the date's assessment uses them: a bad option is refused
    # even on a date when breakout is unknown.
    try:
        swu_distribution(given["covert_model"])
    except DomainError as exc:
        raise DomainError("--covert-model", str(exc.expected)) from None
    within(given["covert"], "--covert", 1, MAX_COVERT_MACHINES, "a number of machines")
    if given["covert"] is not None:
        out["covert"] = CovertPlant(given["covert_model"], given["covert"])
    within(given["samples"], "--samples", 1, MAX_SAMPLES, "a whole number")
    within(given["seed"], "--seed", 0, 2**63 - 1, "a whole number")
    for name in ("samples", "seed"):
        if given[name] is not None:
            out[name] = given[name]
    within(given["quantities"], "--quantities", 1, MAX_QUANTITIES, "a whole number")
    out["n_quantities"] = given["quantities"]
    if given["assume_last_known"]:
        out["assume_last_known"] = True
    return out


def _apply(options: BreakoutOptions, overrides: dict[str, Any]) -> BreakoutOptions:
    import dataclasses

    return dataclasses.replace(options, **overrides)


# ------------------------------------------------------------------------------ output


def _days(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "never"
    return f"{value:,.1f}"


def _count(value: float) -> str:
    return f"{value:g}"


def _report(
    assessment: BreakoutAssessment, as_json: bool, sneakout: dict[str, Any] | None = None
) -> None:
    from lockstep.assessment import payload
    from lockstep.cli._output import console, emit_json, table

    if as_json:
        data = payload(assessment)
        if sneakout is not None:
            data["sneakout"] = sneakout
        emit_json(data)
        return
    if sneakout is not None:
        _sneakout_text(sneakout)
    out = console()
    options = assessment.options
    q = options.quantity
    when = assessment.as_of.isoformat() if assessment.as_of else "scenario"
    title = assessment.label or f"Breakout at {when}"
    out.print(
        f"{title}: {q.name} ({q.mass_kg_u:.4g} kg U at {q.assay * 100:g} %), model "
        f"{options.model}, {options.samples:,} samples, seed {options.seed}"
    )
    result = assessment.result
    if result is None:
        out.print("status: unknown - no verified figures at this date")
        _last_known(assessment)
        _notes(assessment)
        return
    if assessment.assumed_last_known:
        out.print("status: ok - ASSUMING the last known figures still hold")
    first = result.first_quantity_days
    out.print(
        f"days to the first quantity: P50 {_days(first.p50)} "
        f"(P10 {_days(first.p10)}, P90 {_days(first.p90)})"
    )
    _weaponization(result)
    _structures(result)
    out.print(
        table(
            "Days to the n-th quantity",
            ("n", "P10", "P50", "P90"),
            [(n, _days(p.p10), _days(p.p50), _days(p.p90)) for n, p in result.nth_quantity_days],
        )
    )
    _milestones(result)
    from lockstep.report.labels import in_words

    out.print(
        table(
            _plan_title(result),
            (
                "step",
                "feed",
                "feed %",
                "product %",
                "tails %",
                "feed kg U",
                "SWU",
                "machines",
                "days P50",
            ),
            [
                (
                    s.step,
                    in_words(s.feed_label),
                    f"{s.feed_assay * 100:.3g}",
                    f"{s.product_assay * 100:.3g}",
                    f"{s.tails_assay * 100:.3g}",
                    f"{s.feed_kg_u:,.1f}",
                    f"{s.swu:,.1f}",
                    f"{sum(s.machines.values()):,.0f}",
                    _days(s.days.p50),
                )
                for s in result.steps
            ],
        )
    )
    if result.sensitivity:
        out.print(
            table(
                "What moves the answer most (each input from low to high, others central)",
                ("input", "low", "high", "days at low", "days at high", "swing", "rank corr."),
                [
                    (
                        _input_label(e.input),
                        *_range_words(e.input, e.low, e.high, result),
                        _days(e.days_at_low),
                        _days(e.days_at_high),
                        _days(e.swing_days),
                        f"{e.rank_correlation:+.2f}",
                    )
                    for e in result.sensitivity
                ],
            )
        )
    out.print(
        table(
            "Stocks used",
            ("stock", "assay %", "kg U", "status", "as of", "source"),
            [
                (
                    s.label,
                    f"{s.assay * 100:.3g}",
                    f"{s.mass_kg_u:,.1f}",
                    s.status or "-",
                    s.figure_as_of.isoformat() if s.figure_as_of else "-",
                    s.source or "-",
                )
                for s in result.stocks
            ],
        )
    )
    out.print(
        table(
            "Machines used",
            ("site", "model", "machines", "count", "SWU/machine-yr (low/mode/high)", "source"),
            [
                (
                    f.site,
                    f.model,
                    f"{f.machines:,}",
                    f.status,
                    f"{f.swu_per_machine_year.low:g}/{f.swu_per_machine_year.mode:g}/"
                    f"{f.swu_per_machine_year.high:g}",
                    f.source or "-",
                )
                for f in result.fleets
            ],
        )
    )
    a = options.assumptions
    out.print(
        f"effectiveness {a.effectiveness.low:g}-{a.effectiveness.high:g} (mode "
        f"{a.effectiveness.mode:g}); set-up {a.setup_days.low:g}-{a.setup_days.high:g} days "
        f"(mode {a.setup_days.mode:g}); tails policy {a.tails.kind}; natural uranium "
        f"{'unlimited' if a.unlimited_natural else 'none'}; sources: --json"
    )
    _notes(assessment)


#: Words for the model structures of the ensemble (the JSON keeps the ids).
_STRUCTURE_WORDS = {
    "swu-budget": ("pooled work", "pooled"),
    "batch-recycle": ("step ladder", "ladder"),
    "stage-cascade": ("cascades stage by stage", "stages"),
}


def _range_words(name: str, low: float, high: float, result: BreakoutResult) -> tuple[str, str]:
    """Low and high of an input; for the structure, the fastest and slowest structure."""
    if name == "structure" and result.structures:
        names = [s.name for s in result.structures]
        fast, slow = names[int(low)], names[int(high)]
        return (
            _STRUCTURE_WORDS.get(fast, (fast, fast))[1],
            _STRUCTURE_WORDS.get(slow, (slow, slow))[1],
        )
    return f"{low:.4g}", f"{high:.4g}"


def _input_label(name: str) -> str:
    """An input in words (the ensemble's own words, :func:`input_label`)."""
    from lockstep.physics.breakout.ensemble import input_label

    return input_label(name)


def _weaponization(result: BreakoutResult) -> None:
    """Weaponization beside the material time, never added to it."""
    from lockstep.cli._output import console

    w = result.weaponization_days
    if w is None:
        return
    console().print(
        f"weaponization (material to a first device), NOT included above: P50 "
        f"{_days(w.p50)} days (P10 {_days(w.p10)}, P90 {_days(w.p90)}); sources: --json"
    )


def _structures(result: BreakoutResult) -> None:
    from lockstep.cli._output import console, table

    if not result.structures:
        return
    console().print(
        table(
            "Model structures drawn (days to the first quantity)",
            ("structure", "weight", "samples", "P10", "P50", "P90"),
            [
                (
                    f"{_STRUCTURE_WORDS[s.name][0]} ({s.name})"
                    if s.name in _STRUCTURE_WORDS
                    else s.name,
                    f"{s.weight:.0%}",
                    f"{s.samples:,}",
                    *(
                        (_days(s.first_quantity_days.p10), _days(s.first_quantity_days.p50))
                        if s.first_quantity_days
                        else ("-", "-")
                    ),
                    _days(s.first_quantity_days.p90) if s.first_quantity_days else "-",
                )
                for s in result.structures
            ],
        )
    )


def _milestones(result: BreakoutResult) -> None:
    """Weapons' worth of material held after 1, 3, 6 and 12 months."""
    from lockstep.assessment.payload import MILESTONE_MONTHS
    from lockstep.cli._output import console, table

    by_month = dict(result.quantities_by_month)
    console().print(
        table(
            "Quantities held after 1, 3, 6 and 12 months",
            ("months", "P10", "P50", "P90"),
            [
                (m, _count(by_month[m].p10), _count(by_month[m].p50), _count(by_month[m].p90))
                for m in MILESTONE_MONTHS
                if m in by_month
            ],
        )
    )


def _last_known(assessment: BreakoutAssessment) -> None:
    from lockstep.cli._output import console, table
    from lockstep.report.labels import in_words

    def count(value: int | None) -> str:
        return "-" if value is None else f"{value:,}"

    known = assessment.last_known
    out = console()
    stocks = known.get("stocks", [])
    centrifuges = known.get("centrifuges", [])
    if not stocks:
        out.print("Last known stocks: none recorded on or before this date", markup=False)
    else:
        out.print(
            table(
                "Last known stocks",
                ("band", "kg U", "status", "as of", "age (days)"),
                [
                    (
                        in_words(s["band"]),
                        f"{s['mass_kg_u']:,.1f}",
                        s["status"],
                        s["figure_as_of"].isoformat() if s["figure_as_of"] else "-",
                        count(s["age_days"]),
                    )
                    for s in stocks
                ],
            )
        )
    if not centrifuges:
        out.print("Last known centrifuges: none recorded on or before this date", markup=False)
        return
    out.print(
        table(
            "Last known centrifuges",
            ("site", "model", "installed", "enriching", "as of", "age (days)"),
            [
                (
                    in_words(c["site"]),
                    c["model"],
                    count(c["installed"]),
                    count(c["enriching"]),
                    c["figure_as_of"].isoformat() if c["figure_as_of"] else "-",
                    count(c["age_days"]),
                )
                for c in centrifuges
            ],
        )
    )


def _notes(assessment: BreakoutAssessment) -> None:
    from lockstep.cli._output import console

    out = console()
    for note in assessment.notes:
        out.print(f"note: {note}", markup=False)


def _history(
    options: BreakoutOptions,
    start: dt.date | None,
    end: dt.date | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    import dataclasses
    import sys

    from rich.console import Console
    from rich.progress import Progress

    from lockstep.assessment import history, history_rows
    from lockstep.assessment.history import ERAS, HISTORY_COLUMNS
    from lockstep.cli._output import console, emit_csv, emit_json, table

    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("breakout at each report date", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        points = history(options, start=start, end=end, progress=advance)
    rows = history_rows(points)
    if as_csv:
        emit_csv(rows, HISTORY_COLUMNS)
        return
    if as_json:
        emit_json(
            {
                "quantity": options.quantity.name,
                "model": options.model,
                "machines": options.machines,
                "samples": options.samples,
                "seed": options.seed,
                "assume_last_known": options.assume_last_known,
                "eras": [
                    {
                        **dataclasses.asdict(e),
                        "start": e.start.isoformat() if e.start else None,
                        "end": e.end.isoformat() if e.end else None,
                    }
                    for e in ERAS
                ],
                "points": rows,
            }
        )
        return
    out = console()
    chart = table(
        f"Breakout at each IAEA report date ({options.quantity.name}, {options.model}, "
        f"{options.samples:,} samples, seed {options.seed})",
        ("as of", "era", "status", "P10", "P50", "P90", "machines", "60 % kg U", "note"),
        [_history_row(p) for p in points],
    )
    chart.columns[-1].no_wrap = True
    chart.columns[-1].overflow = "ellipsis"
    chart.columns[-1].max_width = 40
    out.print(chart)


def _history_row(p: HistoryPoint) -> tuple[str, ...]:
    first = p.first_quantity_days
    sixty = p.stocks_kg_u.get("up_to_60pct")
    status = p.status + (" (assumed)" if p.assumed_last_known else "")
    return (
        p.as_of.isoformat(),
        p.era,
        status,
        _days(first.p10) if first else "-",
        _days(first.p50) if first else "-",
        _days(first.p90) if first else "-",
        f"{p.machines:,}" if p.machines is not None else "-",
        f"{sixty:,.1f}" if sixty is not None else "-",
        p.note if p.status != "ok" else "",
    )


def _sneakout_text(s: dict[str, Any]) -> None:
    """Sneakout, printed before (and apart from) breakout at declared sites."""
    from lockstep.cli._output import console, table

    out = console()
    first, ready, work = s["first_quantity_days"], s["plant_ready_days"], s["enrichment_days"]
    stock = s["stock"]
    out.print(
        f"SNEAKOUT (undeclared plant of {s['machines']['model']} that must first be built, fed "
        f"from {stock['band']} ({stock['status']}): days to the first quantity P50 "
        f"{_days(first['p50'])} (P10 {_days(first['p10'])}, P90 {_days(first['p90'])}); plant "
        f"ready P50 {_days(ready['p50'])}, enrichment P50 {_days(work['p50'])}",
        markup=False,
    )
    rows = [
        (name, f"{v['low']:g}", f"{v['mode']:g}", f"{v['high']:g}", v["status"])
        for name, v in s["assumptions"].items()
        if isinstance(v, dict) and "status" in v
    ]
    rows.append(
        (
            f"stock kg U ({stock['range_basis']})",
            f"{stock['mass_kg_u']['low']:,.1f}",
            f"{stock['mass_kg_u']['mode']:,.1f}",
            f"{stock['mass_kg_u']['high']:,.1f}",
            stock["status"],
        )
    )
    out.print(
        table(
            "Sneakout assumptions (sources: --json)",
            ("input", "low", "mode", "high", "status"),
            rows,
        )
    )
    for note in s["notes"]:
        out.print(f"note: {note}", markup=False)


def _plan_title(result: BreakoutResult) -> str:
    """The plan table's title, with each stage-level line's steps and part where two share it."""
    from lockstep.report.labels import line_runs

    title = "Plan for the first quantity"
    rows = [
        {"line": s.line, "step": s.step, "quantity_share": s.quantity_share} for s in result.steps
    ]
    parts = [
        f"steps {first}-{last}: {line}, {share:.0%} of it"
        for line, first, last, share in line_runs(rows)
    ]
    return f"{title} ({'; '.join(parts)})" if parts else title
