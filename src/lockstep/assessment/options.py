"""Options of a breakout assessment: quantity, model, machines, sites, stocks, covert plant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lockstep.errors import DomainError
from lockstep.physics.breakout import (
    Assumptions,
    Distribution,
    Quantity,
    check_model,
    swu_distribution,
)
from lockstep.record.model import STOCK_BANDS

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
        ``swu-budget``, ``batch-recycle`` or ``stage-cascade``.
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


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
