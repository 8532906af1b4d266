"""Return measures derived from the gap between the state on a date and the target.

:func:`measures_for` compares the programme on a date (``record.state_at``: stocks by
band, centrifuges by site and model, heavy water, monitoring, access, sanctions and UN
measures in force) with a target regime (the agreement's obligations plus overrides,
:mod:`lockstep.roadmap.target`) and returns one measure for each gap, and only for a gap:
a measure says which obligations it closes (``closes``) and which figure of the state
makes it necessary (``because``). Durations come from the sourced rate table
(:mod:`lockstep.roadmap.rates`); what the state cannot show (detainees, frozen funds,
declarations after strikes, the Arak core) comes from ``measures.yaml`` with the period
in which it applies (:mod:`lockstep.roadmap.data_measures`). Values under each lens come
from ``values.csv`` (:mod:`lockstep.roadmap.values`).

References
----------
JCPOA Annex V paras 15-18 (what was verified before relief, and the relief itself);
shared/reference/roadmap/sequencing_facts.md sections (a)-(c).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lockstep.roadmap.catalogue import LENSES, Measure
from lockstep.roadmap.data_measures import data_measures_on
from lockstep.roadmap.gap_builder import Builder
from lockstep.roadmap.gap_nuclear import (
    access,
    centrifuges,
    halt,
    heavy_water,
    monitoring,
    stocks,
)
from lockstep.roadmap.gap_relief import RELIEF_FOR_SANCTIONS, relief
from lockstep.roadmap.rates import RateTable, rate_table
from lockstep.roadmap.target import TargetRegime
from lockstep.roadmap.values import ValueTable, bases, packaged_values, side_values

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState


def _link(docs: list[dict[str, Any]]) -> None:
    """Prerequisites between generated and data measures present together."""
    ids = {d["id"] for d in docs}
    for d in docs:
        pres = list(d.get("prerequisites", []))
        if d["id"] == "IR-BASELINE" and "IR-DECLARE" in ids:
            pres.append({"measure": "IR-DECLARE"})
        if d.pop("statutory", False) and "US-INARA" in ids:
            pres.append({"measure": "US-INARA"})
        if d["id"] == "US-DETAINEES" and "IR-DETAINEES" not in ids:
            d.pop("escrow", None)
        d["prerequisites"] = [p for p in pres if p["measure"] in ids]


def measure_documents(
    state: ProgramState, target: TargetRegime, rates: RateTable | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The gap's measures as catalogue documents (without values), and notes.

    Parameters
    ----------
    state
        The programme on the plan's day 0 (``record.state_at``).
    target
        The target regime (agreement plus overrides).
    rates
        The rate table (the packaged one if None).
    """
    b = Builder(state, target, rates or rate_table())
    halt(b)
    access(b)
    b.docs.extend(data_measures_on(state.as_of, b.rates))
    monitoring(b)
    stocks(b)
    centrifuges(b)
    heavy_water(b)
    relief(b)
    # Iranian steps first, then relief, each in the order generated.
    docs = sorted(b.docs, key=lambda d: d["party"] != "IR")
    _link(docs)
    return docs, b.notes


def measures_for(
    state: ProgramState,
    target: TargetRegime,
    *,
    rates: RateTable | None = None,
    values: ValueTable | None = None,
) -> tuple[Measure, ...]:
    """The return measures the gap between ``state`` and ``target`` requires.

    A measure exists only where the state misses the target on that date; each names the
    obligations it closes (``closes``) and the figure that makes it necessary
    (``because``). Values under each lens are the valuation table's weights normalized
    so that each side sums to 100 points.

    Parameters
    ----------
    state
        The programme on the plan's day 0 (``lockstep.record.state_at(date)``).
    target
        The target regime (:func:`lockstep.roadmap.target.load_target`).
    rates
        Rate table (the packaged ``rates.yaml`` if None).
    values
        Valuation table (the packaged ``values.csv`` if None).

    Returns
    -------
    tuple of Measure
        Iranian measures first, then relief; empty when nothing is missing.

    Examples
    --------
    >>> import datetime as dt
    >>> from lockstep.record import state_at
    >>> from lockstep.roadmap import load_target
    >>> from lockstep.roadmap.gap import measures_for
    >>> state = state_at(dt.date(2015, 10, 18))
    >>> ids = [m.id for m in measures_for(state, load_target("jcpoa2015"))]
    >>> "IR-EXPORT" in ids and "IR-ARAK" in ids and "UNSC-TERMINATE" in ids
    True
    """
    docs, _ = measure_documents(state, target, rates)
    return measures_from_documents(docs, values if values is not None else packaged_values())


def measures_from_documents(
    docs: Sequence[dict[str, Any]], table: ValueTable
) -> tuple[Measure, ...]:
    """Validated measures from generated documents, with each side's points from ``table``."""
    points = side_values(
        ((d["id"], "nuclear" if d["party"] == "IR" else "relief") for d in docs), table
    )
    out = []
    for d in docs:
        basis = bases(d["id"], table)
        prov = dict(d.get("provenance", {}))
        prov["value"] = {
            "source": "values.csv: " + " | ".join(f"{lens}: {basis[lens]}" for lens in LENSES)
        }
        out.append(Measure.model_validate({**d, "value": points[d["id"]], "provenance": prov}))
    return tuple(out)


__all__ = ["RELIEF_FOR_SANCTIONS", "measure_documents", "measures_for", "measures_from_documents"]
