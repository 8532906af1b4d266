"""The decision frontier: which choices make a synchronized return feasible.

And which single choice flips it, or moves T_full most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The choices a flip can change, in the order they are reported.
CHOICES: tuple[str, ...] = ("tau", "sigma_us", "sigma_iran", "tranches", "policy", "lens")
#: The columns that name one cell of the frontier.
CELL: tuple[str, ...] = ("tau", "sigma_us", "sigma_iran", "tranches", "policy", "lens")
_OUTCOME = ("feasible", "t_full_days", "exposure_iran", "exposure_us", "reason", "solver_status")
#: Solver statuses that decide nothing: the time limit ran out before a plan or a proof.
UNDECIDED = ("UNKNOWN", "MODEL_INVALID")
#: Statuses whose T_full is proven (an optimum; rule-based strategies have no solver).
PROVEN = ("OPTIMAL", None)


def status_of(row: dict[str, Any]) -> str:
    """``feasible``, ``infeasible`` (proven, or by the closed-form check) or ``undecided``.

    A solve stopped by its time limit with no plan proves nothing: it is ``undecided``,
    never counted as infeasible.
    """
    if row["feasible"]:
        return "feasible"
    return "undecided" if row.get("solver_status") in UNDECIDED else "infeasible"


@dataclass(frozen=True)
class Flip:
    """A single change of one choice, everything else held, and what it does.

    Attributes
    ----------
    choice
        The choice changed (``tau``, ``sigma_us``, ``sigma_iran``, ``tranches``,
        ``policy``, ``lens``).
    before, after
        Its value before and after.
    base
        The other choices, as held.
    feasible_before, feasible_after
        Feasibility before and after.
    t_full_before_days, t_full_after_days
        Time to full compliance before and after [days] (None if infeasible).
    effect
        The effect in a phrase, e.g. ``infeasible -> feasible (T_full 178 days)``.
    """

    choice: str
    before: Any
    after: Any
    base: dict[str, Any]
    feasible_before: bool
    feasible_after: bool
    t_full_before_days: int | None
    t_full_after_days: int | None
    effect: str

    def to_json(self) -> dict[str, Any]:
        """The flip's keys in the frontier JSON (``choice``, ``from``, ``to``, ``effect``)."""
        return {
            "choice": self.choice,
            "from": self.before,
            "to": self.after,
            "effect": self.effect,
            "base": self.base,
            "feasible_before": self.feasible_before,
            "feasible_after": self.feasible_after,
            "t_full_before_days": self.t_full_before_days,
            "t_full_after_days": self.t_full_after_days,
        }


@dataclass(frozen=True)
class Frontier:
    """The frontier on one date.

    Attributes
    ----------
    as_of
        Day 0 (ISO date, or None for a catalogue's own state).
    cells
        One per combination of choices: the choices, feasibility, ``status``
        (``feasible``, ``infeasible`` or ``undecided`` when the time limit ran out with
        no plan), T_full [days], exposures [points], the reason when infeasible and the
        solver's status.
    flips
        The single choices that turn an infeasible plan feasible (first) or change
        T_full most, largest first; each change once, from the cell where it does most.
    """

    as_of: str | None
    cells: list[dict[str, Any]]
    flips: list[Flip]

    @property
    def undecided(self) -> int:
        """Cells whose solve ran out of time with no plan and no proof [count]."""
        return sum(c["status"] == "undecided" for c in self.cells)

    @property
    def feasible_share(self) -> float:
        """Share of the cells with a feasible plan [unitless]."""
        return sum(bool(c["feasible"]) for c in self.cells) / len(self.cells) if self.cells else 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``lockstep frontier --json`` document."""
        return {
            "as_of": self.as_of,
            "cells": self.cells,
            "feasible_share": round(self.feasible_share, 4),
            "undecided": self.undecided,
            "flips": [f.to_json() for f in self.flips],
        }


def _effect(before: dict[str, Any], after: dict[str, Any]) -> str:
    if not before["feasible"] and after["feasible"]:
        return f"infeasible -> feasible (T_full {after['t_full_days']} days)"
    if before["feasible"] and not after["feasible"]:
        return f"feasible (T_full {before['t_full_days']} days) -> infeasible"
    change = after["t_full_days"] - before["t_full_days"]
    return f"T_full {before['t_full_days']} -> {after['t_full_days']} days ({change:+d})"


def _rank(flip: Flip) -> tuple[int, int]:
    if flip.feasible_after and not flip.feasible_before:
        return (0, flip.t_full_after_days or 0)
    if flip.feasible_before and flip.feasible_after:
        return (1, -abs((flip.t_full_after_days or 0) - (flip.t_full_before_days or 0)))
    return (2, 0)


def frontier(rows: Sequence[dict[str, Any]], *, most: int = 12) -> Frontier:
    """Summarise a sweep on one date: the cells and the flips between neighbours.

    Two cells are neighbours when they differ in one choice only; for a numeric choice
    only the next value up counts, so that a flip is a step a negotiator could take.
    Flips that change nothing are left out, and so are flips from or to an
    ``undecided`` cell (a time limit proves nothing) and changes of T_full between plans
    not both proven optimal (a plan found within the time limit only bounds T_full).

    Parameters
    ----------
    rows
        Rows of one date (:func:`~lockstep.sweeps.run.run_sweep`), one strategy.
    most
        Flips kept [count].

    Returns
    -------
    Frontier
    """
    dates = {r["as_of"] for r in rows}
    if len(dates) > 1:
        from lockstep.errors import DomainError

        raise DomainError("--as-of", f"one date for a frontier (got {len(dates)})")
    cells: list[dict[str, Any]] = [
        {**{k: r.get(k) for k in (*CELL, *_OUTCOME)}, "status": status_of(r)} for r in rows
    ]
    by_key = {tuple(c[k] for k in CELL): c for c in cells}
    values = {k: sorted({c[k] for c in cells}, key=lambda v: (v is None, v)) for k in CELL}
    flips: list[Flip] = []
    for key, cell in by_key.items():
        for position, name in enumerate(CELL):
            options = values[name]
            current = options.index(cell[name])
            if isinstance(cell[name], int) and not isinstance(cell[name], bool):
                targets = options[current + 1 : current + 2]
            else:
                targets = [v for v in options if v != cell[name]]
            for target in targets:
                other = by_key.get((*key[:position], target, *key[position + 1 :]))
                if other is None:
                    continue
                same = other["feasible"] == cell["feasible"] and (
                    not cell["feasible"] or other["t_full_days"] == cell["t_full_days"]
                )
                if same or (not cell["feasible"] and not other["feasible"]):
                    continue
                if "undecided" in (cell["status"], other["status"]):
                    continue
                if (
                    cell["feasible"]
                    and other["feasible"]
                    and not (cell["solver_status"] in PROVEN and other["solver_status"] in PROVEN)
                ):
                    continue
                flips.append(
                    Flip(
                        choice=name,
                        before=cell[name],
                        after=target,
                        base={k: cell[k] for k in CELL if k != name},
                        feasible_before=bool(cell["feasible"]),
                        feasible_after=bool(other["feasible"]),
                        t_full_before_days=cell["t_full_days"],
                        t_full_after_days=other["t_full_days"],
                        effect=_effect(cell, other),
                    )
                )
    flips.sort(key=_rank)
    # One flip per change: the same step taken from other cells says nothing new.
    seen: set[tuple[str, Any, Any]] = set()
    distinct = []
    for flip in flips:
        if (flip.choice, flip.before, flip.after) not in seen:
            seen.add((flip.choice, flip.before, flip.after))
            distinct.append(flip)
    return Frontier(as_of=next(iter(dates), None), cells=cells, flips=distinct[:most])


#: The choices in words, as the flips name them.
CHOICE_WORDS = {
    "tau": "reciprocity bound τ",
    "sigma_us": "US trust before verification σ_US",
    "sigma_iran": "Iran's trust before verification σ_IR",
    "tranches": "relief in tranches",
    "policy": "removed centrifuges",
    "lens": "value lens",
}


def _said(name: str, value: Any) -> str:
    if name == "tranches":
        return "yes" if value else "no"
    if value is None:
        return "default"
    return str(value)


def _short(name: str) -> str:
    # The symbol alone for the points (τ, σ_US, σ_IR), the words for the others.
    words = CHOICE_WORDS[name]
    return words.split(" ")[-1] if name.startswith(("tau", "sigma")) else words


def describe(frontier: Frontier) -> list[tuple[str, str, str]]:
    """The frontier's flips in words: (the change, what it does, the choices held)."""
    lines = []
    for flip in frontier.flips:
        change = f"{CHOICE_WORDS[flip.choice]}: {_said(flip.choice, flip.before)} → "
        change += _said(flip.choice, flip.after)
        if flip.feasible_after and not flip.feasible_before:
            effect = f"makes a plan feasible: full compliance on day {flip.t_full_after_days}"
        elif not flip.feasible_after:
            effect = f"makes the plan infeasible (was day {flip.t_full_before_days})"
        else:
            delta = (flip.t_full_after_days or 0) - (flip.t_full_before_days or 0)
            verb = "shortens" if delta < 0 else "lengthens"
            effect = (
                f"{verb} the return by {abs(delta)} days "
                f"({flip.t_full_before_days} → {flip.t_full_after_days})"
            )
        held = ", ".join(f"{_short(k)} {_said(k, v)}" for k, v in flip.base.items())
        lines.append((change, effect, held))
    return lines
