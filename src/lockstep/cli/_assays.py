"""Assay options at the CLI edge: percent in, fractions to the library (internal)."""

from __future__ import annotations

from lockstep.errors import DomainError


def percent(value: float, option: str) -> float:
    """Fraction for an assay given in percent, naming ``option`` when out of range."""
    if not 0.0 < value < 100.0:
        raise DomainError(option, "an assay in percent, 0 < x < 100", value=value)
    return value / 100.0


def ordered(feed: float, product: float, tails: float) -> tuple[float, float, float]:
    """Feed, product and tails fractions from percent, requiring tails < feed < product."""
    xf, xp, xt = percent(feed, "--feed"), percent(product, "--product"), percent(tails, "--tails")
    if not xt < xf:
        raise DomainError(
            "--tails", f"a tails assay below the feed assay ({feed:g} %)", value=tails
        )
    if not xf < xp:
        raise DomainError(
            "--product", f"a product assay above the feed assay ({feed:g} %)", value=product
        )
    return xf, xp, xt
