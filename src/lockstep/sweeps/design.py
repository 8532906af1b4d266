"""The choices a sweep varies, and the tidy table it produces (one row per solve)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from lockstep.errors import DomainError

#: The columns of a sweep's table, in order (a public contract: ``lockstep sweep -o``).
COLUMNS: tuple[str, ...] = (
    "as_of",
    "tau",
    "sigma_us",
    "sigma_iran",
    "tranches",
    "policy",
    "lens",
    "strategy",
    "feasible",
    "t_full_days",
    "exposure_iran",
    "exposure_us",
    "breakout_start_days",
    "reason",
    "solver_status",
)

#: Bounds of the planner's points [points]: tau and the sigmas live on the 0-100 scale.
_POINTS = (0, 100)


@dataclass(frozen=True)
class Choice:
    """One combination of political choices: one solve.

    Attributes
    ----------
    as_of
        Day 0 of the plan (``None``: the catalogue's own initial state).
    tau
        Reciprocity bound: how far either side may run ahead [points].
    sigma_us, sigma_iran
        How much each side trusts before verification [points] (``None``: tau for
        Iran, the catalogue's default for the US, as ``lockstep plan`` does).
    tranches
        Whether divisible measures (relief, exports) may be split.
    policy
        ``store`` or ``destroy`` for removed centrifuges.
    lens
        Whose valuation of the measures sets the bounds (``us`` or ``iran``).
    strategy
        The planner's strategy (``optimized`` for the reciprocity bound to bind).
    """

    as_of: dt.date | None
    tau: int | None
    sigma_us: int | None
    sigma_iran: int | None
    tranches: bool
    policy: str
    lens: str
    strategy: str

    def as_row(self) -> dict[str, object]:
        """The choice's columns (dates as ISO text)."""
        row = asdict(self)
        row["as_of"] = self.as_of.isoformat() if self.as_of else None
        return row


def parse_numbers(text: str, option: str) -> tuple[int, ...]:
    """Whole numbers from ``"30,50,70"`` or ``"start:stop:step"`` (stop included).

    Raises
    ------
    DomainError
        Naming ``option``, for anything else, an empty list or a value outside 0-100.
    """
    expected = "whole numbers 0-100 as a list (30,50,70) or a range (20:80:10)"
    try:
        if ":" in text:
            start, stop, step = (int(p) for p in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError
            values = tuple(range(start, stop + 1, step))
        else:
            values = tuple(int(p) for p in text.split(",") if p.strip())
    except ValueError:
        raise DomainError(option, f"{expected} (got {text!r})") from None
    if not values or not all(_POINTS[0] <= v <= _POINTS[1] for v in values):
        raise DomainError(option, f"{expected} (got {text!r})")
    return tuple(dict.fromkeys(values))


def grid(
    as_of: Sequence[dt.date | None],
    tau: Sequence[int | None] = (None,),
    sigma_us: Sequence[int | None] = (None,),
    sigma_iran: Sequence[int | None] = (None,),
    tranches: Sequence[bool] = (False,),
    policy: Sequence[str] = ("store",),
    lens: Sequence[str] = ("us",),
    strategy: Sequence[str] = ("optimized",),
) -> list[Choice]:
    """Every combination of the values given, dates outermost (a full factorial design)."""
    return [
        Choice(*values)
        for values in itertools.product(
            as_of, tau, sigma_us, sigma_iran, tranches, policy, lens, strategy
        )
    ]


def sampled(
    count: int,
    as_of: Sequence[dt.date | None],
    *,
    tau: tuple[int, int] = (10, 100),
    sigma_us: tuple[int, int] = (0, 100),
    sigma_iran: tuple[int, int] = (0, 100),
    seed: int = 0,
    tranches: Sequence[bool] = (False, True),
    policy: Sequence[str] = ("store", "destroy"),
    lens: Sequence[str] = ("us", "iran"),
    strategy: str = "optimized",
) -> list[Choice]:
    """``count`` choices per date from a Latin hypercube over the ranges.

    Each of the six choices is cut into ``count`` equal strata, each used once: the
    (tau, sigma) square is covered far more evenly than by a grid or by random draws of
    the same size, for any ``count``. Seeded: the same seed gives the same design.
    """
    from scipy.stats import qmc

    if count < 1:
        raise DomainError("--samples", "a count >= 1", value=count)
    unit = qmc.LatinHypercube(d=6, seed=seed).random(count)
    choices = []
    for day in as_of:
        for u in unit:
            choices.append(
                Choice(
                    as_of=day,
                    tau=round(tau[0] + u[0] * (tau[1] - tau[0])),
                    sigma_us=round(sigma_us[0] + u[1] * (sigma_us[1] - sigma_us[0])),
                    sigma_iran=round(sigma_iran[0] + u[2] * (sigma_iran[1] - sigma_iran[0])),
                    tranches=tranches[min(int(u[3] * len(tranches)), len(tranches) - 1)],
                    policy=policy[min(int(u[4] * len(policy)), len(policy) - 1)],
                    lens=lens[min(int(u[5] * len(lens)), len(lens) - 1)],
                    strategy=strategy,
                )
            )
    return choices
