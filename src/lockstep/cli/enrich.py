"""``lockstep enrich``: the enrichment balance of one step (assays in percent at this edge)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated

import typer

from lockstep.errors import DomainError

if TYPE_CHECKING:
    from rich.table import Table


def register(app: typer.Typer) -> None:
    """Attach the ``enrich`` command to ``app``."""
    app.command("enrich")(enrich)


_KEYS = {
    "--product-mass": "product_kg_u",
    "--feed-mass": "feed_kg_u",
    "--tails-mass": "tails_kg_u",
    "--swu": "swu",
}


def balance_payload(
    feed: float,
    product: float,
    tails: float,
    *,
    option: str = "--product-mass",
    value: float = 1.0,
    uf6: bool = False,
) -> dict[str, object]:
    """Compute the balance for the CLI and return the JSON object (documented keys).

    Parameters
    ----------
    feed, product, tails
        Assays [%].
    option
        Which quantity ``value`` is: ``--product-mass``, ``--feed-mass``,
        ``--tails-mass`` [kg U, or kg UF6 with ``uf6``] or ``--swu`` [kg-SWU].
    value
        The quantity, >= 0.
    uf6
        Whether masses are read (and also reported) as kg UF6.

    Returns
    -------
    dict
        Keys documented in docs/physics.md (``feed_kg_u``, ``product_kg_u``, ``tails_kg_u``,
        ``swu``, ``feed_pct``, ``product_pct``, ``tails_pct``, ...).
    """
    import numpy as np

    from lockstep.cli._assays import ordered
    from lockstep.physics import balance, u_to_uf6, uf6_to_u

    if value < 0:
        raise DomainError(option, "a quantity >= 0", value=value)
    xf, xp, xt = ordered(feed, product, tails)
    key = _KEYS[option]
    assays = {"feed_kg_u": xf, "product_kg_u": xp, "tails_kg_u": xt}
    if uf6 and key != "swu":
        value = float(uf6_to_u(value, assays[key]))
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below
        result = balance(xf, xp, xt, **{key: value})
    masses = {
        "feed_kg_u": float(result.feed_kg_u),
        "product_kg_u": float(result.product_kg_u),
        "tails_kg_u": float(result.tails_kg_u),
    }
    work = float(result.swu)
    if not all(math.isfinite(x) for x in (*masses.values(), work)):
        raise DomainError(option, "a quantity small enough for finite masses and SWU", value=value)
    per_kg = masses["product_kg_u"] > 0
    payload: dict[str, object] = {
        **masses,
        "swu": work,
        "feed_pct": feed,
        "product_pct": product,
        "tails_pct": tails,
        "swu_per_kg_product": work / masses["product_kg_u"] if per_kg else None,
        "feed_per_product": masses["feed_kg_u"] / masses["product_kg_u"] if per_kg else None,
    }
    if uf6:
        for name, mass in masses.items():
            payload[name.replace("_kg_u", "_kg_uf6")] = float(u_to_uf6(mass, assays[name]))
    return payload


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
    """Balance one enrichment step: give three assays and one of the four quantities.

    Without a quantity the balance is for 1 kg of product.
    """
    from lockstep.cli._output import console, emit_json

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
    option = named[0] if named else "--product-mass"
    value = given[option]
    payload = balance_payload(
        feed, product, tails, option=option, value=1.0 if value is None else value, uf6=uf6
    )
    if as_json:
        emit_json(payload)
        return
    out = console()
    out.print(balance_table(payload, uf6=uf6))
    out.print(f"separative work: {payload['swu']:,.1f} kg-SWU")


def balance_table(payload: dict[str, object], *, uf6: bool = False) -> Table:
    """The balance of :func:`balance_payload` as a Rich table."""
    from lockstep.cli._output import table

    unit = "kg UF6" if uf6 else "kg U"
    suffix = "_kg_uf6" if uf6 else "_kg_u"
    rows = [
        (stream, f"{payload[stream + '_pct']:.4g}", f"{payload[stream + suffix]:,.3f}")
        for stream in ("feed", "product", "tails")
    ]
    return table(f"Enrichment balance ({unit})", ("stream", "assay [%]", f"mass [{unit}]"), rows)
