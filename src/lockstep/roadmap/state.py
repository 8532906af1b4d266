"""The initial state a plan starts from: stocks, centrifuges by status, production.

A state comes either from a catalogue (``initial_state``) or from the record
(:class:`lockstep.record.model.ProgramState`, e.g. ``state_at(date)``); both are turned
into the same :class:`InitialState`, which the evaluator steps forward day by day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import InitialStateSpec, data_file

if TYPE_CHECKING:
    from lockstep.record.model import ProgramState

#: Machine statuses the evaluator tracks.
MACHINE_STATUSES: tuple[str, ...] = ("enriching", "idle", "stored", "destroyed")


@dataclass(frozen=True)
class MachineGroup:
    """Centrifuges of one model at one site in one status.

    Attributes
    ----------
    site, model, status
        Where, which design, and in what state (``enriching``, ``idle``, ``stored``,
        ``destroyed``).
    count
        Machines [count].
    swu_per_year
        Separative capacity per machine [kg-SWU/yr].
    """

    site: str
    model: str
    status: str
    count: int
    swu_per_year: float


@dataclass(frozen=True)
class InitialState:
    """Iran's program on day 0.

    Attributes
    ----------
    stocks
        ``(assay, mass_kg_u)`` pairs [unitless, kg U], one per assay.
    machines
        Centrifuge groups.
    production
        ``(assay, kg_u_per_day)`` pairs [unitless, kg U/day] until a halt.
    monitoring
        Monitoring regime on day 0.
    baseline_verified
        Whether the IAEA's baseline is established on day 0.
    reinstall_days
        Time to reinstall stored machines [days] (restorable breakout).
    as_of
        Date of the state, if known.
    origin
        Where the state comes from, in words.
    """

    stocks: tuple[tuple[float, float], ...]
    machines: tuple[MachineGroup, ...]
    production: tuple[tuple[float, float], ...]
    monitoring: str
    baseline_verified: bool
    reinstall_days: int
    as_of: dt.date | None = None
    origin: str = ""

    def stock_at(self, assay: float) -> float:
        """Mass at ``assay`` [kg U] (0 if none)."""
        return sum(m for a, m in self.stocks if abs(a - assay) <= 1e-9)


def state_from_spec(spec: InitialStateSpec) -> InitialState:
    """Build the state a catalogue describes."""
    stocks: dict[float, float] = {}
    for s in spec.stocks:
        key = next((a for a in stocks if abs(a - s.assay) <= 1e-9), s.assay)
        stocks[key] = stocks.get(key, 0.0) + s.mass_kg_u
    machines = tuple(
        MachineGroup(c.site, c.model, c.status, c.count, c.swu_per_year) for c in spec.centrifuges
    )
    production = tuple((p.assay, p.kg_u_per_day) for p in spec.production if p.kg_u_per_day > 0)
    return InitialState(
        stocks=tuple(sorted(stocks.items(), key=lambda s: -s[0])),
        machines=machines,
        production=production,
        monitoring=spec.monitoring,
        baseline_verified=spec.baseline_verified,
        reinstall_days=spec.reinstall_days,
        as_of=spec.as_of,
        origin=spec.description or "catalogue",
    )


@lru_cache(maxsize=1)
def machine_capacities() -> dict[str, tuple[float, float, float]]:
    """Low, central and high capacity per machine model [kg-SWU/yr] (``machines.yaml``)."""
    data = yaml.safe_load(data_file("machines.yaml").read_text("utf-8"))
    table = {
        name: (float(v["low"]), float(v["central"]), float(v["high"]))
        for name, v in data["machines"].items()
    }
    table["*"] = table[data["fallback"]]
    return table


def swu_per_machine(model: str, which: int = 1) -> float:
    """Capacity of one machine [kg-SWU/yr]; ``which`` 0, 1, 2 = low, central, high."""
    table = machine_capacities()
    return table.get(model, table["*"])[which]


def _site_id(site: str) -> str:
    return "_".join(site.lower().replace("/", " ").split())


def state_from_program_state(
    state: ProgramState,
    *,
    production: tuple[tuple[float, float], ...] = (),
    reinstall_days: int = 60,
) -> InitialState:
    """Build an initial state from the record's :class:`ProgramState`.

    Stocks are taken band by band at the band's nominal assay (the bands cover UF6 only;
    other forms in ``total_enriched_kg_u`` are left out, as in IAEA band tables).
    Machines reported as enriching are ``enriching``; installed but not enriching,
    ``idle``. Capacities per machine come from ``machines.yaml`` (central values).

    Parameters
    ----------
    state
        The program at a date.
    production
        ``(assay, kg_u_per_day)`` to assume until a halt (the record does not give rates).
    reinstall_days
        Time to reinstall stored machines [days].

    Raises
    ------
    DataError
        If the state has no stock figure at all.
    """
    stocks: dict[float, float] = {}
    for fig in state.stocks:
        if fig.mass_kg_u is None or fig.mass_kg_u <= 0:
            continue
        stocks[fig.nominal_assay] = stocks.get(fig.nominal_assay, 0.0) + fig.mass_kg_u
    if not stocks and state.total_enriched_kg_u is None:
        raise DataError(f"the record has no stock figure at {state.as_of}", field="stocks")
    machines: list[MachineGroup] = []
    for c in state.centrifuges:
        site = _site_id(c.site)
        swu = swu_per_machine(c.model)
        enriching = c.enriching or 0
        installed = c.installed if c.installed is not None else enriching
        if enriching:
            machines.append(MachineGroup(site, c.model, "enriching", enriching, swu))
        if installed > enriching:
            machines.append(MachineGroup(site, c.model, "idle", installed - enriching, swu))
    monitoring = state.monitoring if state.monitoring != "unknown" else "none"
    return InitialState(
        stocks=tuple(sorted(stocks.items(), key=lambda s: -s[0])),
        machines=tuple(machines),
        production=production,
        monitoring=monitoring,
        # The baseline is continuity of knowledge: lost with access, not with a lower
        # monitoring level while inspectors still verify (as in 2015 or 2021).
        baseline_verified=state.verified and state.access_lost_on is None,
        reinstall_days=reinstall_days,
        as_of=state.as_of,
        origin=f"record, state at {state.as_of}",
    )
