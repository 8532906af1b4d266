"""``lockstep demo``: the most complete job available, printed as tables."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the ``demo`` command to ``app``."""
    app.command("demo")(demo)


def demo() -> None:
    """Print a worked enrichment balance (25 kg of 90 % uranium from natural feed)."""
    from lockstep.cli.enrich import enrich

    enrich(
        feed=0.711,
        product=90.0,
        tails=0.3,
        product_mass=25.0,
        feed_mass=None,
        tails_mass=None,
        swu=None,
        uf6=False,
        as_json=False,
    )
