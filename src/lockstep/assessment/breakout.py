"""Breakout of Iran's program at a date: from a ``ProgramState`` to a breakout estimate.

This is the adapter between the record (what the IAEA reported, as a
:class:`~lockstep.record.model.ProgramState`) and the pure engine
(:func:`lockstep.physics.breakout.estimate`). It chooses the stocks and machines the
options allow, attaches every input's provenance, and applies the rule for dates the
IAEA could not verify: after the loss of access in June 2025 the answer is ``unknown``
(with the last known figures and their age) unless the user asks to assume the last
known state, and then the result says so.

:func:`payload` is the documented JSON contract (``docs/breakout.md``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lockstep.errors import DataError, DomainError, InfeasibleError
from lockstep.physics.breakout import (
    Assumptions,
    BreakoutResult,
    Distribution,
    Fleet,
    Percentiles,
    Quantity,
    Stock,
    canonical_model,
    check_model,
    estimate,
    known_models,
    swu_distribution,
)
from lockstep.record.model import STOCK_BANDS, CentrifugeFigure, ProgramState, StockFigure

#: Which machine count to use.
MachineCount = Literal["enriching", "installed"]
MACHINE_COUNTS: tuple[MachineCount, ...] = ("enriching", "installed")
#: Site ids of the record (``lockstep/data/record/quantities.yaml``) and of scenarios.
KNOWN_SITES: tuple[str, ...] = (
    "natanz_fep",
    "natanz_pfep",
    "fordow_ffep",
    "isfahan",
    "arak",
    "covert",
)
#: Short names accepted for sites.
SITE_ALIASES: dict[str, tuple[str, ...]] = {
    "natanz": ("natanz_fep", "natanz_pfep"),
    "fep": ("natanz_fep",),
    "pfep": ("natanz_pfep",),
    "fordow": ("fordow_ffep",),
    "ffep": ("fordow_ffep",),
}
#: Machines of a model without output data (or counted without a model) are taken as
#: this model: the lowest-output one in use, so the estimate errs long, not short.
FALLBACK_MODEL = "IR-1"


@dataclass(frozen=True)
class CovertPlant:
    """A hypothetical undeclared plant added to the machines used.

    Attributes
    ----------
    model
        Centrifuge model.
    machines
        Number of machines [count], >= 1.
    """

    model: str
    machines: int

    def __post_init__(self) -> None:
        n = self.machines
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise DomainError("covert machines", "a whole number >= 1", value=_num(n))
        swu_distribution(self.model)  # unknown model -> DomainError


@dataclass(frozen=True)
class BreakoutOptions:
    """What to estimate and with which machines and stocks.

    Attributes
    ----------
    quantity
        The quantity of concern.
    model
        ``swu-budget`` or ``batch-recycle``.
    machines
        Count machines ``enriching`` (default) or all ``installed``.
    sites
        Sites whose machines are used (ids or aliases such as ``fordow``); empty: all.
    stocks
        IAEA bands that may be used as feed; None: all.
    covert
        A covert plant added to the machines.
    samples, seed
        Monte Carlo sample count and seed.
    n_quantities, months
        Report the first ``n_quantities`` arrivals and counts for months 1 ... ``months``.
    assume_last_known
        After the loss of verification, assume the last known figures still hold.
    sensitivity
        Whether to rank the inputs.
    assumptions
        Engine assumptions (effectiveness, set-up, tails, natural uranium, ...).
    swu_overrides
        Output distributions by model replacing the catalogue's (from scenario files).
    """

    quantity: Quantity = field(default_factory=Quantity.wgu25)
    model: str = "swu-budget"
    machines: MachineCount = "enriching"
    sites: tuple[str, ...] = ()
    stocks: tuple[str, ...] | None = None
    covert: CovertPlant | None = None
    samples: int = 10_000
    seed: int = 0
    n_quantities: int = 5
    months: int = 6
    assume_last_known: bool = False
    sensitivity: bool = True
    assumptions: Assumptions = field(default_factory=Assumptions)
    swu_overrides: Mapping[str, Distribution] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_model(self.model)
        if self.machines not in MACHINE_COUNTS:
            raise DomainError(
                "machines", f"one of {', '.join(MACHINE_COUNTS)} (got {self.machines!r})"
            )
        if self.stocks is not None:
            for band in self.stocks:
                if band not in STOCK_BANDS:
                    raise DomainError("stocks", f"IAEA bands among {', '.join(STOCK_BANDS)}")

    def site_ids(self) -> tuple[str, ...]:
        """The sites selected, aliases expanded (empty: all)."""
        return resolve_sites(self.sites)


def resolve_sites(names: Sequence[str]) -> tuple[str, ...]:
    """Expand site names and aliases to site ids; unknown names raise DomainError."""
    chosen: list[str] = []
    for name in names:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        ids = SITE_ALIASES.get(key, (key,) if key in KNOWN_SITES else ())
        if not ids:
            raise DomainError(
                "site",
                f"one of {', '.join(KNOWN_SITES)} or {', '.join(SITE_ALIASES)} (got {name!r})",
            )
        chosen.extend(i for i in ids if i not in chosen)
    return tuple(chosen)


@dataclass(frozen=True)
class Inputs:
    """Stocks and fleets chosen for an estimate, with what was left out and why."""

    stocks: tuple[Stock, ...]
    fleets: tuple[Fleet, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class BreakoutAssessment:
    """Breakout at a date (or of a scenario), with its status and provenance.

    Attributes
    ----------
    as_of
        The date assessed (None for a scenario without a date).
    status
        ``ok`` or ``unknown`` (no verified figures and no assumption to stand in).
    options
        The options used.
    result
        The engine's result; None when the status is ``unknown``.
    assumed_last_known
        True when the last known figures were assumed to still hold.
    last_known
        The figures behind the answer (or its absence), with their dates and age.
    notes
        Caveats: left-out inputs, the state's notes, assumptions made.
    label
        Scenario label, if any.
    context
        Extra state facts for the inputs (monitoring, verification, report).
    """

    as_of: dt.date | None
    status: Literal["ok", "unknown"]
    options: BreakoutOptions
    result: BreakoutResult | None
    assumed_last_known: bool
    last_known: dict[str, Any]
    notes: tuple[str, ...]
    label: str = ""
    context: dict[str, Any] = field(default_factory=dict)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _source_text(figure: StockFigure | CentrifugeFigure) -> str:
    source = figure.source
    report = getattr(figure, "report", None)
    text = str(source) if source is not None else ""
    if report and report not in text:
        text = f"{report}: {text}" if text else str(report)
    return text


def stocks_from_state(
    state: ProgramState, allowed: Sequence[str] | None = None
) -> tuple[list[Stock], list[str]]:
    """Stocks of the state's IAEA bands, at each band's nominal assay.

    Parameters
    ----------
    state
        The program state.
    allowed
        Bands that may be used (None: all).

    Returns
    -------
    (list of Stock, list of str)
        The stocks and notes about bands left out.
    """
    stocks, notes = [], []
    for figure in state.stocks:
        if allowed is not None and figure.band not in allowed:
            if figure.mass_kg_u:
                notes.append(f"{figure.band} ({figure.mass_kg_u:,.1f} kg U) not used: excluded")
            continue
        if figure.mass_kg_u is None:
            notes.append(f"no {figure.band} figure at this date: that band is not used")
            continue
        if figure.mass_kg_u <= 0:
            continue
        stocks.append(
            Stock(
                assay=figure.nominal_assay,
                mass_kg_u=figure.mass_kg_u,
                label=figure.band,
                source=_source_text(figure),
                status=figure.status,
                figure_as_of=figure.figure_as_of,
            )
        )
    if state.total_enriched_kg_u is not None:
        in_bands = sum(f.mass_kg_u or 0.0 for f in state.stocks)
        if state.total_enriched_kg_u > in_bands + 0.5:
            notes.append(
                f"{state.total_enriched_kg_u - in_bands:,.1f} kg U of the total "
                f"{state.total_enriched_kg_u:,.1f} kg U is outside the UF6 bands (oxide, "
                "scrap, fuel, or not split by the IAEA) and is not used as feed"
            )
    return stocks, notes


def fleets_from_state(
    state: ProgramState,
    machines: MachineCount = "enriching",
    sites: Sequence[str] = (),
    swu_overrides: Mapping[str, Distribution] | None = None,
) -> tuple[list[Fleet], list[str]]:
    """Fleets of the state's centrifuge figures (see :func:`fleets_from_figures`)."""
    return fleets_from_figures(
        state.centrifuges,
        getattr(state, "centrifuges_by_site", ()),
        machines,
        sites,
        swu_overrides,
    )


def fleets_from_figures(
    figures: Sequence[CentrifugeFigure],
    site_totals: Sequence[CentrifugeFigure] = (),
    machines: MachineCount = "enriching",
    sites: Sequence[str] = (),
    swu_overrides: Mapping[str, Distribution] | None = None,
) -> tuple[list[Fleet], list[str]]:
    """Fleets of centrifuge figures by site and model.

    Machines of a model without output data are counted as IR-1 (the lowest-output
    model, so the estimate errs long); so are machines in a site total beyond the
    per-model figures (e.g. "about 15,000 operating" at Natanz in June 2025).

    Parameters
    ----------
    figures
        Figures per site and model.
    site_totals
        Figures per site without a model (``ProgramState.centrifuges_by_site``).
    machines
        ``enriching`` or ``installed``.
    sites
        Site ids to keep (empty: all).
    swu_overrides
        Output distributions by model replacing the catalogue's.

    Returns
    -------
    (list of Fleet, list of str)
        The fleets and notes on what was counted how.
    """
    fleets: list[Fleet] = []
    notes: list[str] = []
    per_site: dict[str, int] = {}
    newest: dict[str, dt.date] = {}
    for figure in figures:
        if sites and figure.site not in sites:
            continue
        count = _count(figure, machines, notes)
        if count is None:
            continue
        model = canonical_model(figure.model)
        fleets.append(
            _fleet(
                model,
                count,
                figure.site,
                machines,
                _source_text(figure),
                figure.figure_as_of,
                swu_overrides,
                notes,
            )
        )
        per_site[figure.site] = per_site.get(figure.site, 0) + count
        if figure.figure_as_of is not None:
            newest[figure.site] = max(
                newest.get(figure.site, figure.figure_as_of), figure.figure_as_of
            )
    for total in site_totals:
        site = total.site
        if sites and site not in sites:
            continue
        count = _count(total, machines, [])
        per_model = per_site.get(site, 0)
        if count is None or count == per_model:
            continue
        if total.figure_as_of is not None and site in newest and total.figure_as_of < newest[site]:
            continue
        if count < per_model:
            # A newer site total below the per-model figures (e.g. a plant destroyed):
            # the per-model figures are out of date; scale them down to the total.
            notes.append(
                f"{site}: the site total ({count:,} {machines}, {total.figure_as_of}) is below "
                f"the per-model figures ({per_model:,}); they are scaled down to it"
            )
            fleets = [_scaled(f, count / per_model) if f.site == site else f for f in fleets]
            continue
        extra = count - per_model
        notes.append(
            f"{site}: {extra:,} of the {count:,} machines {machines} in the site total have no "
            f"model in the record; counted as {FALLBACK_MODEL}"
        )
        fleets.append(
            _fleet(
                FALLBACK_MODEL,
                extra,
                site,
                machines,
                _source_text(total),
                total.figure_as_of,
                swu_overrides,
                notes,
            )
        )
    return fleets, notes


def _scaled(fleet: Fleet, factor: float) -> Fleet:
    return dataclasses.replace(fleet, machines=int(fleet.machines * factor))


def _count(figure: CentrifugeFigure, machines: MachineCount, notes: list[str]) -> int | None:
    if machines == "enriching":
        if figure.enriching is None:
            if figure.installed:
                notes.append(
                    f"{figure.site}/{figure.model}: no enriching count reported "
                    f"({figure.installed:,} installed); not counted"
                )
            return None
        return figure.enriching
    if figure.installed is None:
        if figure.enriching is not None:
            notes.append(
                f"{figure.site}/{figure.model}: no installed count reported; the enriching "
                f"count ({figure.enriching:,}) is used"
            )
        return figure.enriching
    return max(figure.installed, figure.enriching or 0)


def _fleet(
    model: str,
    count: int,
    site: str,
    machines: MachineCount,
    source: str,
    as_of: dt.date | None,
    swu_overrides: Mapping[str, Distribution] | None,
    notes: list[str],
) -> Fleet:
    overrides = swu_overrides or {}
    if model in overrides:
        dist = overrides[model]
    elif model in known_models():
        dist = swu_distribution(model)
    else:
        notes.append(
            f"{site}/{model}: no output data for this model; its {count:,} machines are "
            f"counted as {FALLBACK_MODEL}"
        )
        model = FALLBACK_MODEL
        dist = overrides.get(model, swu_distribution(model))
    return Fleet(model, count, dist, site=site, status=machines, source=source, figure_as_of=as_of)


def select_inputs(state: ProgramState, options: BreakoutOptions) -> Inputs:
    """The stocks and fleets ``options`` allow from ``state``, with notes."""
    stocks, stock_notes = stocks_from_state(state, options.stocks)
    fleets, fleet_notes = fleets_from_state(
        state, options.machines, options.site_ids(), options.swu_overrides
    )
    if options.covert is not None:
        fleets.append(covert_fleet(options.covert, options.swu_overrides))
    return Inputs(tuple(stocks), tuple(fleets), (*stock_notes, *fleet_notes))


def covert_fleet(
    covert: CovertPlant, swu_overrides: Mapping[str, Distribution] | None = None
) -> Fleet:
    """The fleet of a covert plant (status ``assumed``)."""
    model = canonical_model(covert.model)
    overrides = swu_overrides or {}
    dist = overrides.get(model, swu_distribution(model))
    return Fleet(
        model,
        covert.machines,
        dist,
        site="covert",
        status="assumed",
        source="user assumption: a covert plant",
    )


def last_known(state: ProgramState) -> dict[str, Any]:
    """The figures a state rests on, each with its date and age [days]."""
    return {
        "stocks": [
            {
                "band": f.band,
                "mass_kg_u": f.mass_kg_u,
                "status": f.status,
                "figure_as_of": f.figure_as_of,
                "age_days": f.age_days,
                "source": _source_text(f),
            }
            for f in state.stocks
            if f.mass_kg_u is not None
        ],
        "centrifuges": [
            {
                "site": f.site,
                "model": f.model,
                "installed": f.installed,
                "enriching": f.enriching,
                "status": f.status,
                "figure_as_of": f.figure_as_of,
                "age_days": f.age_days,
                "source": _source_text(f),
            }
            for f in state.centrifuges
        ],
        "access_lost_on": getattr(state, "access_lost_on", None),
        "oldest_figure_age_days": oldest_age(state),
    }


def has_machine_figures(state: ProgramState) -> bool:
    """Whether ``state`` has any centrifuge figure (per model or per site)."""
    return bool(state.centrifuges) or bool(getattr(state, "centrifuges_by_site", ()))


def oldest_age(state: ProgramState) -> int | None:
    """Age of the oldest stock or centrifuge figure of ``state`` [days]."""
    ages = [f.age_days for f in state.stocks if f.age_days is not None]
    ages += [f.age_days for f in state.centrifuges if f.age_days is not None]
    return max(ages, default=None)


def record_api() -> tuple[Callable[..., ProgramState], Callable[[], Any]]:
    """``(state_at, load_record)`` of the record package, imported when first needed.

    Raises
    ------
    DataError
        If the record is not available in this installation.
    """
    try:
        module = importlib.import_module("lockstep.record")
        return module.state_at, module.load_record
    except (ImportError, AttributeError) as exc:
        raise DataError(
            "the IAEA record (lockstep.record.state_at) is not available in this build; "
            "use --scenario FILE instead"
        ) from exc


def assess_state(state: ProgramState, options: BreakoutOptions | None = None) -> BreakoutAssessment:
    """Breakout at ``state.as_of``.

    Parameters
    ----------
    state
        The program state (from ``lockstep.record.state_at`` or built by hand).
    options
        What to estimate (default :class:`BreakoutOptions`).

    Returns
    -------
    BreakoutAssessment
        Status ``unknown`` (no estimate) when the state is not verified and
        ``options.assume_last_known`` is false.

    Raises
    ------
    InfeasibleError
        If no machine is selected or the stocks allowed cannot make one quantity.
    """
    options = options or BreakoutOptions()
    context = {
        "monitoring": state.monitoring,
        "verified": state.verified,
        "report": getattr(state, "report", None),
        "state_notes": list(state.notes),
    }
    known = last_known(state)
    if not state.verified and not options.assume_last_known:
        return BreakoutAssessment(
            as_of=state.as_of,
            status="unknown",
            options=options,
            result=None,
            assumed_last_known=False,
            last_known=known,
            notes=(
                "no verified figures at this date: breakout is unknown; the last known "
                "figures and their age are given (use --assume-last-known to estimate "
                "with them)",
                *state.notes,
            ),
            context=context,
        )
    inputs = select_inputs(state, options)
    if options.covert is None and not has_machine_figures(state):
        raise InfeasibleError(
            f"the record has no centrifuge figures on or before {state.as_of}; "
            "add a covert plant (--covert) or use a scenario file"
        )
    result = _run(inputs, options)
    notes = list(inputs.notes)
    assumed = not state.verified
    if assumed:
        age = known["oldest_figure_age_days"]
        notes.insert(
            0,
            "ASSUMED: the last known figures are taken to still hold; none is verified "
            f"at this date (oldest figure {age} days old)",
        )
    return BreakoutAssessment(
        as_of=state.as_of,
        status="ok",
        options=options,
        result=result,
        assumed_last_known=assumed,
        last_known=known if assumed else {},
        notes=(*notes, *result.notes, *state.notes),
        context=context,
    )


def assess_inputs(
    stocks: Sequence[Stock],
    fleets: Sequence[Fleet],
    options: BreakoutOptions | None = None,
    *,
    as_of: dt.date | None = None,
    label: str = "",
    notes: Sequence[str] = (),
) -> BreakoutAssessment:
    """Breakout of given stocks and fleets (a scenario), with the options' covert plant."""
    options = options or BreakoutOptions()
    chosen = list(fleets)
    sites = options.site_ids()
    if sites:
        chosen = [f for f in chosen if f.site in sites]
    if options.covert is not None:
        chosen.append(covert_fleet(options.covert, options.swu_overrides))
    allowed = list(stocks)
    if options.stocks is not None:
        allowed = [s for s in allowed if s.label in options.stocks]
    inputs = Inputs(tuple(allowed), tuple(chosen), tuple(notes))
    result = _run(inputs, options)
    return BreakoutAssessment(
        as_of=as_of,
        status="ok",
        options=options,
        result=result,
        assumed_last_known=False,
        last_known={},
        notes=(*inputs.notes, *result.notes),
        label=label,
    )


def _run(inputs: Inputs, options: BreakoutOptions) -> BreakoutResult:
    return estimate(
        inputs.stocks,
        inputs.fleets,
        options.quantity,
        options.assumptions,
        model=options.model,
        samples=options.samples,
        seed=options.seed,
        n_quantities=options.n_quantities,
        months=options.months,
        sensitivity=options.sensitivity,
    )


# ------------------------------------------------------------------------ JSON contract


def _pct(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100.0, 6)


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    return value


def _percentiles(p: Percentiles | None) -> dict[str, float | None]:
    if p is None:
        return {"p10": None, "p50": None, "p90": None}
    return {"p10": p.p10, "p50": p.p50, "p90": p.p90}


def _distribution(dist: Any) -> dict[str, Any]:
    return dict(dist.to_dict())


def assumptions_payload(options: BreakoutOptions, result: BreakoutResult | None) -> dict[str, Any]:
    """The ``assumptions`` object of the JSON contract."""
    a = options.assumptions
    q = options.quantity
    tails = a.tails
    if tails.kind == "fixed":
        tails_payload: dict[str, Any] = {"policy": "fixed", "tails_pct": _pct(tails.fixed_assay)}
    else:
        tails_payload = {
            "policy": "best",
            "bands": [
                {
                    "feed_up_to_pct": _pct(b.feed_assay_max),
                    "low_pct": _pct(b.low),
                    "high_pct": _pct(b.high),
                }
                for b in tails.bands
            ],
            "source": tails.to_dict()["source"],
        }
    swu: dict[str, Any] = {}
    if result is not None:
        for fleet in result.fleets:
            swu[fleet.model] = _distribution(fleet.swu_per_machine_year)
    return {
        "quantity": {
            "name": q.name,
            "mass_kg_u": q.mass_kg_u,
            "assay_pct": _pct(q.assay),
            "u235_kg": q.u235_kg,
        },
        "model": options.model,
        "machines": options.machines,
        "sites": list(options.site_ids()) or "all",
        "stocks_allowed": list(options.stocks) if options.stocks is not None else "all",
        "covert_plant": (
            {"model": options.covert.model, "machines": options.covert.machines}
            if options.covert is not None
            else None
        ),
        "swu_per_machine_year": swu,
        "effectiveness": _distribution(a.effectiveness),
        "setup_days": _distribution(a.setup_days),
        "tails": tails_payload,
        "natural_uranium": "unlimited" if a.unlimited_natural else "none",
        "natural_assay_pct": _pct(a.natural_assay),
        "days_per_year": a.days_per_year,
        "days_per_month": a.days_per_year / 12.0,
        "batch_recycle": {
            "ladder_pct": [_pct(r) for r in a.ladder],
            "min_pass_gain": a.min_pass_gain,
            "phase_quantities": a.phase_quantities,
            "lots_per_quantity": a.lots_per_quantity,
        },
        "assume_last_known": options.assume_last_known,
    }


def inputs_payload(assessment: BreakoutAssessment) -> dict[str, Any]:
    """The ``inputs`` object of the JSON contract."""
    result = assessment.result
    stocks = []
    fleets = []
    if result is not None:
        stocks = [
            {
                "label": s.label,
                "assay_pct": _pct(s.assay),
                "mass_kg_u": s.mass_kg_u,
                "status": s.status,
                "figure_as_of": s.figure_as_of,
                "source": s.source,
            }
            for s in result.stocks
        ]
        fleets = [
            {
                "site": f.site,
                "model": f.model,
                "machines": f.machines,
                "count": f.status,
                "figure_as_of": f.figure_as_of,
                "source": f.source,
            }
            for f in result.fleets
        ]
    return {
        "stocks": stocks,
        "fleets": fleets,
        "machines_total": sum(f.machines for f in result.fleets) if result else 0,
        **assessment.context,
    }


def payload(assessment: BreakoutAssessment) -> dict[str, Any]:
    """The documented JSON object of a breakout assessment (``docs/breakout.md``)."""
    result = assessment.result
    options = assessment.options
    q = options.quantity
    body: dict[str, Any] = {
        "as_of": assessment.as_of,
        "label": assessment.label or None,
        "quantity": q.name,
        "quantity_mass_kg_u": q.mass_kg_u,
        "quantity_assay_pct": _pct(q.assay),
        "model": options.model,
        "samples": options.samples,
        "seed": options.seed,
        "status": assessment.status,
        "assumed_last_known": assessment.assumed_last_known,
        "first_quantity_days": _percentiles(result.first_quantity_days if result else None),
        "nth_quantity_days": [
            {"n": n, **p.to_dict()} for n, p in (result.nth_quantity_days if result else ())
        ],
        "quantities_by_month": [
            {"month": m, **p.to_dict()} for m, p in (result.quantities_by_month if result else ())
        ],
        "max_quantities": result.max_quantities if result else None,
        "capacity_swu_per_year": _percentiles(result.capacity_swu_per_year if result else None),
        "nominal_capacity_swu_per_year": _percentiles(
            result.nominal_capacity_swu_per_year if result else None
        ),
        "steps": [
            {
                "step": s.step,
                "label": s.label,
                "feed": s.feed_label,
                "feed_pct": _pct(s.feed_assay),
                "product_pct": _pct(s.product_assay),
                "tails_pct": _pct(s.tails_assay),
                "feed_kg_u": s.feed_kg_u,
                "product_kg_u": s.product_kg_u,
                "tails_kg_u": s.tails_kg_u,
                "swu": s.swu,
                "machines": s.machines,
                "capacity_share": s.capacity_share,
                "days": s.days.to_dict(),
            }
            for s in (result.steps if result else ())
        ],
        "sensitivity": [
            {
                "input": e.input,
                "low": e.low,
                "high": e.high,
                "days_at_low": e.days_at_low,
                "days_at_high": e.days_at_high,
                "swing_days": e.swing_days,
                "rank_correlation": e.rank_correlation,
            }
            for e in (result.sensitivity if result else ())
        ],
        "assumptions": assumptions_payload(options, result),
        "inputs": inputs_payload(assessment),
        "last_known": assessment.last_known or None,
        "notes": list(assessment.notes),
    }
    return dict(_iso(body))
