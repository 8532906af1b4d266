"""The sourced rate table of return measures (``lockstep/data/roadmap/rates.yaml``).

Every duration the gap generator (:mod:`lockstep.roadmap.gap`) gives a measure comes
from one entry here: machines removed per day, kg U per shipment and its lead time,
down-blend rates, IAEA verification, and the legal lead time of each kind of instrument
(waiver, executive order, delisting, EU regulation, Security Council resolution, INARA
review). Each entry carries a central value, a low-high range and its source or a
judgement with the reason (``shared/reference/roadmap/sequencing_facts.md`` section c).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.parsed_cache import parsed_once
from lockstep.roadmap.catalogue import Provenance, data_file


class Rate(BaseModel):
    """One rate or lead time.

    Attributes
    ----------
    value
        Central value in ``unit``.
    range
        Low and high values (Monte Carlo).
    unit
        E.g. ``machines/day``, ``days``, ``kg U/shipment``.
    since
        The rate applies to plans dated on or after this day only (None: always).
    source, url, judgement, reason
        Provenance, as for catalogue numbers.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    value: float
    range: tuple[float, float]
    unit: str
    since: dt.date | None = None
    source: str | None = None
    url: str | None = None
    judgement: bool = False
    reason: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Rate:
        lo, hi = self.range
        if not lo <= self.value <= hi:
            raise ValueError(f"value {self.value:g} outside its range [{lo:g}, {hi:g}]")
        if self.source is None and not (self.judgement and self.reason):
            raise ValueError("give 'source', or 'judgement: true' with a 'reason'")
        return self

    @property
    def provenance(self) -> Provenance:
        """The entry's provenance as a catalogue :class:`Provenance`."""
        if self.source is not None:
            return Provenance(source=self.source, url=self.url)
        return Provenance(judgement=True, reason=self.reason)

    def applies_on(self, date: dt.date | None) -> bool:
        """Whether the rate applies to a plan dated ``date``."""
        return self.since is None or (date is not None and date >= self.since)


class RateTable(BaseModel):
    """The whole rate file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    schema_version: Literal[1]
    rates: dict[str, Rate]

    def __getitem__(self, name: str) -> Rate:
        try:
            return self.rates[name]
        except KeyError:
            raise DataError(f"no rate '{name}'", file="rates.yaml") from None


@lru_cache(maxsize=1)
@parsed_once("rates")
def rate_table() -> RateTable:
    """The packaged rate table (validated once).

    Raises
    ------
    DataError
        Naming the entry and field when the file is malformed.
    """
    data = load_yaml(data_file("rates.yaml").read_text("utf-8"))
    try:
        return RateTable.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise DataError(err["msg"], file="rates.yaml", field=field) from None
