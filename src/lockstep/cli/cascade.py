"""``lockstep cascade``: ideal cascades, multi-isotope isotopics, real designs by stage.

Without ``--design``: ideal-cascade stage numbers and machines for a duty; with
``--design``: a packaged or user cascade design solved stage by stage.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from lockstep.errors import DataError, DomainError

if TYPE_CHECKING:
    from rich.table import Table

    from lockstep.physics.multicomponent import KeyMass

#: Default heads separation factor: the IR-1 stage's, ``lockstep.physics.cascade.IR1_BETA``
#: (written out so that ``lockstep --help`` does not import numpy; a test keeps them equal).
DEFAULT_BETA = 1.154


def register(app: typer.Typer) -> None:
    """Attach the ``cascade`` command to ``app``."""
    app.command("cascade")(cascade)


def _stage_factors(alpha: float | None, beta: float | None) -> tuple[float, float]:
    if alpha is not None and beta is not None:
        raise DomainError("--alpha / --beta", "only one of --alpha or --beta")
    if alpha is not None:
        if not alpha > 1.0:
            raise DomainError("--alpha", "a stage separation factor > 1", value=alpha)
        return alpha, math.sqrt(alpha)
    b = DEFAULT_BETA if beta is None else beta
    if not b > 1.0:
        raise DomainError("--beta", "a heads separation factor > 1", value=b)
    return b * b, b


def _key_mass(text: str) -> KeyMass:
    if text == "optimal":
        return "optimal"
    if text == "midpoint":
        return "midpoint"
    try:
        return float(text)
    except ValueError:
        raise DomainError(
            "--key-mass", "'optimal', 'midpoint' or a mass in g/mol (e.g. 236.55)"
        ) from None


def _minor(value: float, option: str) -> float:
    if not 0.0 <= value < 100.0:
        raise DomainError(option, "a mass fraction in percent, 0 <= x < 100", value=value)
    return value / 100.0


def cascade_payload(
    feed: float = 0.711,
    product: float = 90.0,
    tails: float = 0.3,
    *,
    alpha: float | None = None,
    beta: float | None = None,
    product_rate: float = 1.0,
    swu_per_machine: float | None = None,
    model: str | None = None,
    isotopes: bool = False,
    u232: float = 0.0,
    u234: float | None = None,
    u236: float = 0.0,
    key_mass: str = "optimal",
) -> dict[str, Any]:
    """Compute everything ``lockstep cascade`` shows and return the JSON object.

    Parameters
    ----------
    feed, product, tails
        U-235 assays [%].
    alpha, beta
        At most one: stage or heads separation factor [unitless]; default beta 1.154.
    product_rate
        Product wanted [kg U/yr], sizes the separative capacity and machine count.
    swu_per_machine
        Output of one machine [kg-SWU/yr]; or give ``model`` from the catalogue.
    model
        Centrifuge model of the catalogue (low/central/high output).
    isotopes
        Also solve the multi-isotope cascade.
    u232, u234, u236
        Feed mass fractions of the minor isotopes [%]; ``u234=None`` is natural.
    key_mass
        ``"optimal"``, ``"midpoint"`` or a mass [g/mol] as text.

    Returns
    -------
    dict
        The keys documented in docs/physics.md.
    """
    from lockstep.cli._assays import ordered
    from lockstep.physics import ideal_cascade

    xf, xp, xt = ordered(feed, product, tails)
    a, b = _stage_factors(alpha, beta)
    if not (math.isfinite(product_rate) and product_rate >= 0.0):
        raise DomainError("--product-rate", "a product rate in kg U/yr >= 0", value=product_rate)
    ideal = ideal_cascade(xf, xp, xt, beta=b)
    swu_per_kg = float(ideal.swu_per_product)
    capacity = product_rate * swu_per_kg
    payload: dict[str, Any] = {
        "feed_pct": feed,
        "product_pct": product,
        "tails_pct": tails,
        "alpha": a,
        "beta": b,
        "enriching_stages": float(ideal.enriching_stages),
        "stripping_stages": float(ideal.stripping_stages),
        "total_stages": float(ideal.total_stages),
        "feed_per_product": float(ideal.feed_per_product),
        "swu_per_kg_product": swu_per_kg,
        "flow_per_product": float(ideal.flow_per_product),
        "product_rate_kg_u_per_year": product_rate,
        "swu_per_year": capacity,
        "machine_model": None,
        "swu_per_machine_year": None,
        "machines_needed": None,
        "isotopes": None,
    }
    payload.update(_machines(capacity, swu_per_machine, model))
    if isotopes:
        payload["isotopes"] = _isotopics(xf, xp, xt, a, u232, u234, u236, _key_mass(key_mass))
    elif u234 is not None or u232 != 0.0 or u236 != 0.0 or key_mass != "optimal":
        raise DomainError("--u232/--u234/--u236/--key-mass", "--isotopes with these options")
    return payload


def _machines(capacity: float, swu_per_machine: float | None, model: str | None) -> dict[str, Any]:
    from lockstep.physics import catalogue, centrifuge, machines_for_capacity

    if swu_per_machine is not None and model is not None:
        raise DomainError("--swu-per-machine / --model", "only one of --swu-per-machine or --model")
    if swu_per_machine is not None:
        if not (math.isfinite(swu_per_machine) and swu_per_machine > 0.0):
            raise DomainError(
                "--swu-per-machine", "a machine output in kg-SWU/yr > 0", value=swu_per_machine
            )
        outputs = {"low": swu_per_machine, "central": swu_per_machine, "high": swu_per_machine}
        name = None
    elif model is not None:
        try:
            entry = centrifuge(model)
        except DataError:
            known = ", ".join(c.model for c in catalogue())
            raise DomainError("--model", f"a model of the catalogue ({known})") from None
        outputs = {"low": entry.swu_low, "central": entry.swu_central, "high": entry.swu_high}
        name = entry.model
    else:
        return {}
    needed = {
        f"at_{level}_output": math.ceil(float(machines_for_capacity(capacity, out)) - 1e-9)
        for level, out in outputs.items()
    }
    return {"machine_model": name, "swu_per_machine_year": outputs, "machines_needed": needed}


def _isotopics(
    xf: float,
    xp: float,
    xt: float,
    alpha: float,
    u232: float,
    u234: float | None,
    u236: float,
    key_mass: KeyMass,
) -> dict[str, Any]:
    from lockstep.physics import URANIUM_ISOTOPES, multi_isotope_cascade
    from lockstep.physics.units import NATURAL_U234_FRACTION

    minor = {
        "U-232": _minor(u232, "--u232"),
        "U-234": NATURAL_U234_FRACTION if u234 is None else _minor(u234, "--u234"),
        "U-236": _minor(u236, "--u236"),
    }
    rest = 1.0 - xf - sum(minor.values())
    if not rest > 0.0:
        raise DomainError("--u232/--u234/--u236", "minor isotopes and U-235 below 100 % together")
    composition = {**minor, "U-235": xf, "U-238": rest}
    feed = [composition[i] for i in URANIUM_ISOTOPES]
    result = multi_isotope_cascade(feed, xp, xt, alpha=alpha, key_mass=key_mass)

    def pct(stream: Literal["feed", "product", "tails"]) -> dict[str, float]:
        return {i: 100.0 * float(result.fraction(i, stream)) for i in URANIUM_ISOTOPES}

    return {
        "isotopes": list(URANIUM_ISOTOPES),
        "feed_pct": pct("feed"),
        "product_pct": pct("product"),
        "tails_pct": pct("tails"),
        "enriching_stages": float(result.enriching_stages),
        "stripping_stages": float(result.stripping_stages),
        "key_mass_g_per_mol": float(result.key_mass),
        "alpha_per_mass": float(result.alpha_per_mass),
        "product_per_feed": float(result.product_per_feed),
        "total_flow_per_feed": float(result.total_flow_per_feed),
        "swu_per_kg_product": float(result.swu_per_product),
        "multicomponent_swu_per_kg_product": float(result.multicomponent_swu_per_product),
    }


def cascade(
    feed: Annotated[float, typer.Option("--feed", help="Feed assay [% U-235].")] = 0.711,
    product: Annotated[
        float | None,
        typer.Option("--product", help="Product assay [% U-235] [default 90; not with --design]."),
    ] = None,
    tails: Annotated[
        float | None,
        typer.Option("--tails", help="Tails assay [% U-235] [default 0.3; not with --design]."),
    ] = None,
    alpha: Annotated[
        float | None,
        typer.Option("--alpha", help="Stage separation factor R_heads/R_tails (U-235/U-238)."),
    ] = None,
    beta: Annotated[
        float | None,
        typer.Option(
            "--beta", help=f"Heads separation factor sqrt(alpha) [default {DEFAULT_BETA}]."
        ),
    ] = None,
    product_rate: Annotated[
        float,
        typer.Option("--product-rate", help="Product wanted [kg U/yr], sizes the machines."),
    ] = 1.0,
    swu_per_machine: Annotated[
        float | None,
        typer.Option("--swu-per-machine", help="Output of one machine [kg-SWU/yr]."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="Centrifuge model from `lockstep centrifuges`."),
    ] = None,
    isotopes: Annotated[
        bool, typer.Option("--isotopes", help="Also solve the multi-isotope (MARC) cascade.")
    ] = False,
    u232: Annotated[float, typer.Option("--u232", help="Feed U-232 [% by mass].")] = 0.0,
    u234: Annotated[
        float | None,
        typer.Option("--u234", help="Feed U-234 [% by mass] [default natural, 0.00531]."),
    ] = None,
    u236: Annotated[float, typer.Option("--u236", help="Feed U-236 [% by mass].")] = 0.0,
    key_mass: Annotated[
        str,
        typer.Option("--key-mass", help="Key mass M*: optimal, midpoint or g/mol."),
    ] = "optimal",
    design: Annotated[
        str | None,
        typer.Option(
            "--design",
            help="Solve a real cascade stage by stage: a packaged design (ir1-164, ir6-174, "
            "ir2m-174, ir4-174) or a YAML design file.",
        ),
    ] = None,
    recycle_to: Annotated[
        float | None,
        typer.Option(
            "--recycle-to", help="With --design: recycle a batch to this assay [% U-235]."
        ),
    ] = None,
    batch_mass: Annotated[
        float,
        typer.Option("--batch-mass", help="With --recycle-to: batch of feed [kg U]."),
    ] = 100.0,
    cascades: Annotated[
        int,
        typer.Option("--cascades", help="With --design: identical cascades in parallel."),
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Ideal cascade for a duty (--isotopes adds U-234/U-236); --design: a real one, by stage."""
    from lockstep.cli._output import console, emit_json

    if design is not None:
        _design_command(
            design,
            feed=feed,
            product=product,
            tails=tails,
            swu_per_machine=swu_per_machine,
            others={
                "--alpha": alpha,
                "--beta": beta,
                "--model": model,
                "--isotopes": isotopes or None,
            },
            recycle_to=recycle_to,
            batch_mass=batch_mass,
            cascades=cascades,
            as_json=as_json,
        )
        return
    if recycle_to is not None or cascades != 1 or batch_mass != 100.0:
        raise DomainError("--recycle-to/--batch-mass/--cascades", "--design with these options")
    payload = cascade_payload(
        feed,
        90.0 if product is None else product,
        0.3 if tails is None else tails,
        alpha=alpha,
        beta=beta,
        product_rate=product_rate,
        swu_per_machine=swu_per_machine,
        model=model,
        isotopes=isotopes,
        u232=u232,
        u234=u234,
        u236=u236,
        key_mass=key_mass,
    )
    if as_json:
        emit_json(payload)
        return
    out = console()
    out.print(cascade_table(payload))
    if payload["machines_needed"] is not None:
        out.print(machines_table(payload))
    if payload["isotopes"] is not None:
        out.print(isotopes_table(payload["isotopes"]))


def cascade_table(payload: dict[str, Any]) -> Table:
    """Stage numbers and specific figures of :func:`cascade_payload` as a table."""
    from lockstep.cli._output import table

    rows = [
        (
            "duty",
            f"{payload['feed_pct']:g} % -> {payload['product_pct']:g} % "
            f"(tails {payload['tails_pct']:g} %)",
        ),
        ("separation factors", f"alpha {payload['alpha']:.4f}, beta {payload['beta']:.4f}"),
        ("enriching stages N", f"{payload['enriching_stages']:.2f}"),
        ("stripping stages M", f"{payload['stripping_stages']:.2f}"),
        ("total stages N + M + 1", f"{payload['total_stages']:.2f}"),
        ("feed per product [kg U/kg U]", f"{payload['feed_per_product']:.4f}"),
        ("SWU per kg product [kg-SWU/kg U]", f"{payload['swu_per_kg_product']:.4f}"),
        ("interstage flow per product [kg U/kg U]", f"{payload['flow_per_product']:,.1f}"),
    ]
    return table("Ideal cascade", ("quantity", "value"), rows)


def machines_table(payload: dict[str, Any]) -> Table:
    """Machine counts of :func:`cascade_payload` as a table."""
    from lockstep.cli._output import table

    name = payload["machine_model"] or "given machine"
    outputs = payload["swu_per_machine_year"]
    needed = payload["machines_needed"]
    rows = [
        (level, f"{outputs[level]:g}", f"{needed[f'at_{level}_output']:,}")
        for level in ("low", "central", "high")
    ]
    title = (
        f"{name} machines for {payload['product_rate_kg_u_per_year']:g} kg U/yr "
        f"({payload['swu_per_year']:,.0f} kg-SWU/yr)"
    )
    return table(title, ("machine output", "kg-SWU/yr each", "machines"), rows)


def isotopes_table(iso: dict[str, Any]) -> Table:
    """Multi-isotope isotopics and figures of :func:`cascade_payload` as a table."""
    from lockstep.cli._output import table

    rows: list[tuple[str, ...]] = [
        (
            name,
            f"{iso['feed_pct'][name]:.5g}",
            f"{iso['product_pct'][name]:.5g}",
            f"{iso['tails_pct'][name]:.5g}",
        )
        for name in iso["isotopes"]
        if iso["feed_pct"][name] > 0.0
    ]
    figures = (
        ("enriching stages N", f"{iso['enriching_stages']:.2f}"),
        ("stripping stages M", f"{iso['stripping_stages']:.2f}"),
        ("key mass M* [g/mol]", f"{iso['key_mass_g_per_mol']:.4f}"),
        ("interstage flow per feed", f"{iso['total_flow_per_feed']:,.1f}"),
        ("SWU/kg product, value fn", f"{iso['swu_per_kg_product']:.3f}"),
        ("SWU/kg product, multicomp.", f"{iso['multicomponent_swu_per_kg_product']:.3f}"),
    )
    rows += [(label, value, "", "") for label, value in figures]
    return table(
        "Multi-isotope cascade (matched abundance ratios)",
        ("isotope / figure", "feed [%]", "product [%]", "tails [%]"),
        rows,
    )


# ------------------------------------------------------------------------ real designs


def load_design(text: str) -> Any:
    """The design named ``text`` (packaged) or read from the YAML file at that path.

    Raises
    ------
    DataError
        If the file cannot be read or is malformed, or no packaged design has that name.
    """
    from pathlib import Path

    from lockstep.physics.cascade_designs import cascade_design, cascade_designs, parse_designs

    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "unreadable"
            raise DataError(f"cannot read the design file ({reason})", file=str(path)) from None
        designs = parse_designs(content, str(path))
        if len(designs) != 1:
            raise DataError("expected exactly one design in the file", file=str(path))
        return designs[0]
    known = ", ".join(d.name for d in cascade_designs())
    try:
        return cascade_design(text)
    except DataError:
        raise DomainError("--design", f"a design name ({known}) or a YAML file") from None


def design_payload(
    design: Any,
    feed: float = 0.711,
    *,
    swu_per_machine: float | None = None,
    recycle_to: float | None = None,
    batch_mass: float = 100.0,
    cascades: int = 1,
) -> dict[str, Any]:
    """Everything ``lockstep cascade --design`` shows, as the JSON object.

    Parameters
    ----------
    design
        A :class:`lockstep.physics.cascade_designs.CascadeDesign`.
    feed
        Feed assay [%].
    swu_per_machine
        Output of one machine [kg-SWU/yr]; default the design file's, else the
        catalogue's central value for the design's model.
    recycle_to
        Recycle a batch through the cascades to this assay [%], or None.
    batch_mass
        Batch of feed for the recycling [kg U].
    cascades
        Identical cascades in parallel [count].

    Returns
    -------
    dict
        The keys documented in docs/physics.md section 9.
    """
    from lockstep.cli._assays import percent
    from lockstep.physics import DAYS_PER_YEAR, catalogue, centrifuge
    from lockstep.physics.stage_cascade import machine_throughput

    xf = percent(feed, "--feed")
    if isinstance(cascades, bool) or cascades < 1:
        raise DomainError("--cascades", "a whole number of cascades >= 1", value=cascades)
    if swu_per_machine is not None:
        if not (math.isfinite(swu_per_machine) and swu_per_machine > 0.0):
            raise DomainError(
                "--swu-per-machine", "a machine output in kg-SWU/yr > 0", value=swu_per_machine
            )
        output, output_source = swu_per_machine, "--swu-per-machine"
    elif design.swu_per_machine_year is not None:
        output, output_source = design.swu_per_machine_year, "design file"
    else:
        try:
            entry = centrifuge(design.model)
        except DataError:
            known = ", ".join(c.model for c in catalogue())
            raise DomainError(
                "--design",
                f"a design whose model is in the catalogue ({known}) or that "
                "gives swu_per_machine_year; or give --swu-per-machine",
            ) from None
        output, output_source = entry.swu_central, f"catalogue {entry.model} (central)"
    run = design.run(xf, output)
    p = run.profile
    per_day = cascades / DAYS_PER_YEAR
    feed_y = float(run.feed_kg_u_per_year[0]) * cascades
    product_y = float(run.product_kg_u_per_year[0]) * cascades
    tails_y = float(run.tails_kg_u_per_year[0]) * cascades
    load = run.stage_load[0]
    q = float(machine_throughput(output, design.heads_separation_factor))
    stages = [
        {
            "stage": s + 1,
            "machines": design.machines_per_stage[s],
            "feed_assay_pct": 100.0 * float(p.stage_feed_assay[0, s]),
            "heads_assay_pct": 100.0 * float(p.stage_heads_assay[0, s]),
            "tails_assay_pct": 100.0 * float(p.stage_tails_assay[0, s]),
            "cut": float(p.stage_cut[0, s]),
            "feed_kg_u_per_year": float(p.stage_flow_per_feed[0, s]) * feed_y / cascades,
            "load": float(load[s]),
            "is_feed_stage": s + 1 == design.feed_stage,
        }
        for s in range(design.stages)
    ]
    payload: dict[str, Any] = {
        "design": design.name,
        "title": design.title,
        "model": design.model,
        "machines": design.machines,
        "stage_count": design.stages,
        "feed_stage": design.feed_stage,
        "heads_separation_factor": design.heads_separation_factor,
        "cascades": cascades,
        "feed_assay_pct": feed,
        "product_assay_pct": 100.0 * float(p.product_assay[0]),
        "tails_assay_pct": 100.0 * float(p.tails_assay[0]),
        "product_per_feed": float(p.product_per_feed[0]),
        "swu_per_machine_year": output,
        "swu_per_machine_year_source": output_source,
        "machine_throughput_kg_u_per_year": q,
        "feed_kg_u_per_year": feed_y,
        "product_kg_u_per_year": product_y,
        "tails_kg_u_per_year": tails_y,
        "feed_kg_u_per_day": feed_y / cascades * per_day,
        "product_kg_u_per_day": product_y / cascades * per_day,
        "tails_kg_u_per_day": tails_y / cascades * per_day,
        "swu_per_year": float(run.swu_per_year[0]) * cascades,
        "installed_swu_per_year": float(run.installed_swu_per_year[0]) * cascades,
        "efficiency": float(run.efficiency[0]),
        "bottleneck_stage": int(run.bottleneck_stage[0]),
        "stages": stages,
        "recycle": None,
        "basis": design.basis,
        "reported": design.reported,
        "sources": list(design.sources),
        "confidence": design.confidence,
    }
    if recycle_to is not None:
        target = percent(recycle_to, "--recycle-to")
        if not target > xf:
            raise DomainError(
                "--recycle-to", f"an assay above the feed ({feed:g} %)", value=recycle_to
            )
        if not (math.isfinite(batch_mass) and batch_mass > 0):
            raise DomainError("--batch-mass", "a mass > 0 kg U", value=batch_mass)
        passes = design.recycle(xf, batch_mass, target, output, cascades)
        payload["recycle"] = {
            "target_assay_pct": recycle_to,
            "batch_kg_u": batch_mass,
            "passes": [
                {
                    "pass": r.number,
                    "feed_assay_pct": 100.0 * r.feed_assay,
                    "product_assay_pct": 100.0 * r.product_assay,
                    "tails_assay_pct": 100.0 * r.tails_assay,
                    "feed_kg_u": r.feed_kg_u,
                    "product_kg_u": r.product_kg_u,
                    "tails_kg_u": r.tails_kg_u,
                    "swu": r.swu,
                    "days": r.days,
                }
                for r in passes
            ],
            "product_kg_u": passes[-1].product_kg_u,
            "total_days": math.fsum(r.days for r in passes),
        }
    return payload


def _design_command(
    text: str,
    *,
    feed: float,
    product: float | None,
    tails: float | None,
    swu_per_machine: float | None,
    others: dict[str, object],
    recycle_to: float | None,
    batch_mass: float,
    cascades: int,
    as_json: bool,
) -> None:
    from lockstep.cli._output import console, emit_json

    if product is not None or tails is not None:
        raise DomainError(
            "--product / --tails", "no target assays with --design (the stages set them)"
        )
    for option, value in others.items():
        if value is not None:
            raise DomainError(option, "not together with --design")
    payload = design_payload(
        load_design(text),
        feed,
        swu_per_machine=swu_per_machine,
        recycle_to=recycle_to,
        batch_mass=batch_mass,
        cascades=cascades,
    )
    if as_json:
        emit_json(payload)
        return
    out = console()
    for item in design_tables(payload):
        out.print(item)


def design_tables(payload: dict[str, Any]) -> list[Table]:
    """The tables ``lockstep cascade --design`` prints."""
    from lockstep.cli._output import table

    n = payload["cascades"]
    summary = [
        ("design", f"{payload['design']}: {payload['title']}"),
        (
            "cascade",
            f"{payload['machines']} {payload['model']} in {payload['stage_count']} stages, "
            f"feed at stage {payload['feed_stage']}, beta {payload['heads_separation_factor']:g}",
        ),
        (
            "feed / product / tails [% U-235]",
            f"{payload['feed_assay_pct']:.3g} / {payload['product_assay_pct']:.3g} / "
            f"{payload['tails_assay_pct']:.3g}",
        ),
        (f"feed [kg U/yr, {n} cascade(s)]", f"{payload['feed_kg_u_per_year']:,.1f}"),
        (f"product [kg U/yr, {n} cascade(s)]", f"{payload['product_kg_u_per_year']:,.1f}"),
        (f"tails [kg U/yr, {n} cascade(s)]", f"{payload['tails_kg_u_per_year']:,.1f}"),
        (
            "machine output [kg-SWU/yr]",
            f"{payload['swu_per_machine_year']:g} ({payload['swu_per_machine_year_source']})",
        ),
        (
            "separative work [kg-SWU/yr]",
            f"{payload['swu_per_year']:,.1f} of {payload['installed_swu_per_year']:,.1f} installed "
            f"(efficiency {payload['efficiency']:.2f})",
        ),
        ("most loaded stage", str(payload["bottleneck_stage"])),
        ("confidence", payload["confidence"]),
    ]
    tables = [table("Cascade, stage by stage", ("quantity", "value"), summary)]
    tables.append(
        table(
            "Stages (1 = tails end)",
            ("stage", "machines", "feed %", "heads %", "tails %", "cut", "load"),
            [
                (
                    f"{s['stage']}{' (feed)' if s['is_feed_stage'] else ''}",
                    s["machines"],
                    f"{s['feed_assay_pct']:.3f}",
                    f"{s['heads_assay_pct']:.3f}",
                    f"{s['tails_assay_pct']:.3f}",
                    f"{s['cut']:.3f}",
                    f"{s['load']:.2f}",
                )
                for s in payload["stages"]
            ],
        )
    )
    recycle = payload["recycle"]
    if recycle is not None:
        tables.append(
            table(
                f"Batch recycling of {recycle['batch_kg_u']:g} kg U to "
                f"{recycle['target_assay_pct']:g} % ({recycle['total_days']:,.1f} days)",
                ("pass", "feed %", "product %", "feed kg U", "product kg U", "days"),
                [
                    (
                        r["pass"],
                        f"{r['feed_assay_pct']:.3g}",
                        f"{r['product_assay_pct']:.3g}",
                        f"{r['feed_kg_u']:,.1f}",
                        f"{r['product_kg_u']:,.1f}",
                        f"{r['days']:,.1f}",
                    )
                    for r in recycle["passes"]
                ],
            )
        )
    return tables
