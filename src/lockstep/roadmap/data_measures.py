"""Return measures the gap cannot derive, kept as data with the period they fit.

``lockstep/data/roadmap/measures.yaml`` lists measures that no figure of the state shows
(detainees, frozen funds, declarations after strikes, the Arak core, the INARA review):
each entry is a catalogue measure (without ``value``, which comes from ``values.csv``)
plus ``applies``, the periods in which it belongs to a return. Outside every period it
is dropped, so a plan dated 2015 has no post-strike declaration and one dated 2025 no
Arak core.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lockstep.errors import DataError
from lockstep.files import load_yaml
from lockstep.parsed_cache import parsed_once
from lockstep.roadmap.catalogue import data_file
from lockstep.roadmap.rates import RateTable

_SOURCE = "measures.yaml"


class Period(BaseModel):
    """A half-open period ``[from, until)`` in which a data measure applies, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    start: dt.date = Field(alias="from")
    until: dt.date | None = None
    reason: str

    def contains(self, date: dt.date) -> bool:
        """Whether ``date`` lies in the period."""
        return self.start <= date and (self.until is None or date < self.until)


class DataMeasure(BaseModel):
    """One entry of ``measures.yaml``: the periods and the measure document."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    applies: tuple[Period, ...]
    measure: dict[str, Any]


class DataMeasures(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    schema_version: int
    measures: tuple[DataMeasure, ...]


@lru_cache(maxsize=1)
@parsed_once("data-measures")
def data_measures() -> DataMeasures:
    """The packaged data measures (validated once).

    Raises
    ------
    DataError
        Naming the entry and field when the file is malformed.
    """
    data = load_yaml(data_file(_SOURCE).read_text("utf-8"))
    try:
        return DataMeasures.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise DataError(
            err["msg"], file=_SOURCE, field=".".join(str(p) for p in err["loc"])
        ) from None


def data_measures_on(date: dt.date, rates: RateTable) -> list[dict[str, Any]]:
    """Measure documents of the entries whose period contains ``date``.

    A ``rate`` key names an entry of the rate table; it becomes the measure's
    ``rate_per_day``, its range and the duration's provenance.
    """
    out: list[dict[str, Any]] = []
    for entry in data_measures().measures:
        period = next((p for p in entry.applies if p.contains(date)), None)
        if period is None:
            continue
        doc = copy.deepcopy(entry.measure)
        name = doc.pop("rate", None)
        if name is not None:
            rate = rates[name]
            doc["rate_per_day"] = rate.value
            doc["rate_range_per_day"] = list(rate.range)
            doc.setdefault("provenance", {})["duration"] = rate.provenance.model_dump(
                exclude_defaults=True
            )
        out.append(doc)
    return out
