"""Shared parts of the gap generator: the document builder and rate helpers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from lockstep.roadmap.rates import Rate, RateTable
from lockstep.roadmap.target import TargetRegime

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState


def pct(assay: float) -> str:
    """An assay [unitless] as percent text."""
    return f"{assay * 100:.4g} %"


def days_of(rate: Rate) -> tuple[int, tuple[int, int]]:
    """Central days and the (low, high) range of a rate [days]."""
    lo, hi = rate.range
    return round(rate.value), (math.floor(lo), math.ceil(hi))


def provenance_of(rate: Rate) -> dict[str, Any]:
    """A rate's provenance as a catalogue provenance document."""
    return rate.provenance.model_dump(exclude_defaults=True)


class Builder:
    """Collects the measure documents of one state and target, with rate helpers."""

    def __init__(self, state: ProgramState, target: TargetRegime, rates: RateTable) -> None:
        self.state = state
        self.target = target
        self.rates = rates
        self.docs: list[dict[str, Any]] = []
        self.notes: list[str] = []

    def add(self, doc: dict[str, Any]) -> None:
        """Add one measure document."""
        self.docs.append(doc)

    def has(self, measure_id: str) -> bool:
        """Whether a measure is already generated."""
        return any(d["id"] == measure_id for d in self.docs)

    def fixed(self, name: str) -> dict[str, Any]:
        """Duration fields and provenance from one rate [days]."""
        days, rng = days_of(self.rates[name])
        return {"duration_days": days, "duration_range_days": list(rng)}

    def iaea(self) -> dict[str, Any]:
        """IAEA verification with its lag from the rate table [days]."""
        days, rng = days_of(self.rates["iaea_verification_days"])
        return {"verifier": "IAEA", "lag_days": days, "lag_range_days": list(rng)}

    def iran_verifies(self, name: str) -> dict[str, Any]:
        """Verification by Iran with the lag of rate ``name`` [days]."""
        days, rng = days_of(self.rates[name])
        return {"verifier": "IR", "lag_days": days, "lag_range_days": list(rng)}

    def provenance(self, duration: str, verification: str, **more: Any) -> dict[str, Any]:
        """Provenance of duration and verification from two rates, plus ``more``."""
        out = {
            "duration": provenance_of(self.rates[duration]),
            "verification": provenance_of(self.rates[verification]),
        }
        out.update(more)
        return out
