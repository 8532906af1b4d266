"""``lockstep demo``: the most complete job available, printed as tables."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``demo`` command to ``app``."""
    app.command("demo")(demo)


def demo() -> None:
    """Print a worked enrichment balance, ideal-cascade figures and U-234 isotopics.

    The balance is 25 kg of 90 % uranium from natural feed at 0.3 % tails; the cascade
    summary gives ideal stage numbers for natural -> 3.5 % and -> 90 % (beta 1.154), the
    IR-1 machines (catalogue low/central/high output) to make 25 kg of 90 % in a year, and
    the U-234 carried into the product by a matched-abundance-ratio cascade.
    """
    from lockstep.cli._output import console, table
    from lockstep.cli.cascade import DEFAULT_BETA, cascade_payload, isotopes_table, machines_table
    from lockstep.cli.enrich import balance_payload, balance_table

    out = console()
    balance = balance_payload(0.711, 90.0, 0.3, option="--product-mass", value=25.0)
    out.print(balance_table(balance))
    out.print(
        f"separative work: {balance['swu']:,.1f} kg-SWU "
        f"({balance['swu_per_kg_product']:.1f} kg-SWU per kg of product)"
    )
    out.print()

    duties = ((0.711, 3.5, 0.4), (0.711, 20.0, 0.3), (0.711, 90.0, 0.3), (60.0, 90.0, 20.0))
    rows = []
    for feed, product, tails in duties:
        c = cascade_payload(feed, product, tails, beta=DEFAULT_BETA)
        rows.append(
            (
                f"{feed:g} -> {product:g}",
                f"{tails:g}",
                f"{c['enriching_stages']:.2f}",
                f"{c['stripping_stages']:.2f}",
                f"{c['total_stages']:.1f}",
                f"{c['feed_per_product']:,.2f}",
                f"{c['swu_per_kg_product']:,.2f}",
            )
        )
    out.print(
        table(
            f"Ideal cascades (beta {DEFAULT_BETA}, alpha {DEFAULT_BETA**2:.3f})",
            ("duty [%]", "tails [%]", "N", "M", "stages", "F/P", "SWU/kg P"),
            rows,
        )
    )
    weapon = cascade_payload(
        0.711, 90.0, 0.3, beta=DEFAULT_BETA, product_rate=25.0, model="IR-1", isotopes=True
    )
    out.print(machines_table(weapon))
    out.print()
    out.print(isotopes_table(weapon["isotopes"]))
    out.print(
        "Natural feed -> 90 % at 0.3 % tails. Capacities refer to the value-function SWU; "
        "the multicomponent figure is a flow criterion (see docs/physics.md)."
    )
