"""``lockstep enrich``: the enrichment balance of one step (assays in percent at this edge)."""

from __future__ import annotations

from typing import Annotated

import typer

from lockstep.errors import DomainError


def register(app: typer.Typer) -> None:
    """Attach the ``enrich`` command to ``app``."""
    app.command("enrich")(enrich)


def _percent(value: float, option: str) -> float:
    if not 0.0 < value < 100.0:
        raise DomainError(option, "an assay in percent, 0 < x < 100", value=value)
    return value / 100.0


def enrich(
    feed: Annotated[float, typer.Option("--feed", help="Feed assay [% U-235].")] = 0.711,
    product: Annotated[float, typer.Option("--product", help="Product assay [% U-235].")] = 90.0,
    tails: Annotated[float, typer.Option("--tails", help="Tails assay [% U-235].")] = 0.3,
    product_mass: Annotated[
        float | None,
        typer.Option("--product-mass", help="Product mass [kg U, or kg UF6 with --uf6]."),
    ] = None,
    feed_mass: Annotated[
        float | None, typer.Option("--feed-mass", help="Feed mass [kg U, or kg UF6 with --uf6].")
    ] = None,
    tails_mass: Annotated[
        float | None, typer.Option("--tails-mass", help="Tails mass [kg U, or kg UF6 with --uf6].")
    ] = None,
    swu: Annotated[float | None, typer.Option("--swu", help="Separative work [kg-SWU].")] = None,
    uf6: Annotated[
        bool, typer.Option("--uf6", help="Read and print masses as kg of UF6 instead of kg U.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Balance one enrichment step: give three assays and one of the four quantities."""
    from lockstep.cli._output import console, emit_json, table
    from lockstep.physics import balance, u_to_uf6, uf6_to_u

    given = {
        "--product-mass": product_mass,
        "--feed-mass": feed_mass,
        "--tails-mass": tails_mass,
        "--swu": swu,
    }
    named = [k for k, v in given.items() if v is not None]
    if len(named) > 1:
        raise DomainError(
            " / ".join(named), "only one of --product-mass, --feed-mass, --tails-mass, --swu"
        )
    if not named:
        product_mass, named = 1.0, ["--product-mass"]
    option = named[0]
    value = given[option] if given[option] is not None else product_mass
    assert value is not None
    if value < 0:
        raise DomainError(option, "a quantity >= 0", value=value)
    xf, xp, xt = (
        _percent(feed, "--feed"),
        _percent(product, "--product"),
        _percent(tails, "--tails"),
    )
    if not xt < xf:
        raise DomainError(
            "--tails", f"a tails assay below the feed assay ({feed:g} %)", value=tails
        )
    if not xf < xp:
        raise DomainError(
            "--product", f"a product assay above the feed assay ({feed:g} %)", value=product
        )
    key = {
        "--product-mass": "product_kg_u",
        "--feed-mass": "feed_kg_u",
        "--tails-mass": "tails_kg_u",
        "--swu": "swu",
    }[option]
    if uf6 and key != "swu":
        assay = {"product_kg_u": xp, "feed_kg_u": xf, "tails_kg_u": xt}[key]
        value = float(uf6_to_u(value, assay))
    result = balance(xf, xp, xt, **{key: value})
    masses = {
        "feed_kg_u": float(result.feed_kg_u),
        "product_kg_u": float(result.product_kg_u),
        "tails_kg_u": float(result.tails_kg_u),
    }
    payload: dict[str, object] = {
        **masses,
        "swu": float(result.swu),
        "feed_pct": feed,
        "product_pct": product,
        "tails_pct": tails,
        "swu_per_kg_product": float(result.swu / result.product_kg_u)
        if result.product_kg_u > 0
        else None,
        "feed_per_product": float(result.feed_kg_u / result.product_kg_u)
        if result.product_kg_u > 0
        else None,
    }
    assays = {"feed_kg_u": xf, "product_kg_u": xp, "tails_kg_u": xt}
    if uf6:
        for name, mass in masses.items():
            payload[name.replace("_kg_u", "_kg_uf6")] = float(u_to_uf6(mass, assays[name]))
    if as_json:
        emit_json(payload)
        return
    unit = "kg UF6" if uf6 else "kg U"
    rows = []
    for label, name, pct in (
        ("feed", "feed_kg_u", feed),
        ("product", "product_kg_u", product),
        ("tails", "tails_kg_u", tails),
    ):
        mass = float(u_to_uf6(masses[name], assays[name])) if uf6 else masses[name]
        rows.append((label, f"{pct:.4g}", f"{mass:,.3f}"))
    out = console()
    out.print(
        table(f"Enrichment balance ({unit})", ("stream", "assay [%]", f"mass [{unit}]"), rows)
    )
    out.print(f"separative work: {float(result.swu):,.1f} kg-SWU")
