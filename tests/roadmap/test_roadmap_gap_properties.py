"""Invariants of the gap generator over perturbed states (hypothesis).

A measure exists exactly where the state misses the target: stocks, Natanz and Fordow
machines are varied around the JCPOA limits on the 2019-06-01 state (relief and data
measures aside), and the generator's answer is checked against the limits directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.record import state_at
from lockstep.record.model import ProgramState
from lockstep.roadmap import load_target
from lockstep.roadmap.catalogue import Export
from lockstep.roadmap.gap import measures_for
from lockstep.roadmap.target import TargetRegime

CAP_KG_U = 202.8
NATANZ_IR1 = 5060
FORDOW = 1044


@cache
def _base() -> tuple[ProgramState, TargetRegime]:
    state = state_at(dt.date(2019, 6, 1))
    return dataclasses.replace(state, sanctions_in_force=()), load_target("jcpoa2015")


def _perturbed(masses: dict[str, float], natanz: int, fordow: int) -> ProgramState:
    state, _ = _base()
    stocks = tuple(dataclasses.replace(f, mass_kg_u=masses.get(f.band, 0.0)) for f in state.stocks)
    machines = []
    for c in state.centrifuges:
        if (c.site, c.model) == ("natanz_fep", "IR-1"):
            c = dataclasses.replace(c, installed=natanz, enriching=min(natanz, NATANZ_IR1))
        elif (c.site, c.model) == ("fordow_ffep", "IR-1"):
            c = dataclasses.replace(c, installed=fordow, enriching=0)
        elif c.site in ("natanz_fep", "fordow_ffep"):
            c = dataclasses.replace(c, installed=0, enriching=0)
        machines.append(c)
    return dataclasses.replace(
        state, stocks=stocks, centrifuges=tuple(machines), max_enrichment_level=0.0367
    )


masses = st.fixed_dictionaries(
    {
        "up_to_2pct": st.floats(0, 400),
        "up_to_5pct": st.floats(0, 400),
        "up_to_20pct": st.sampled_from([0.0, 0.0, 5.0, 150.0]),
        "up_to_60pct": st.sampled_from([0.0, 0.0, 40.0]),
    }
)


@settings(max_examples=60, deadline=None)
@given(masses, st.integers(4000, 7000), st.integers(800, 1300))
def test_a_measure_exists_exactly_where_the_state_misses_a_limit(
    m: dict[str, float], natanz: int, fordow: int
) -> None:
    state = _perturbed(m, natanz, fordow)
    _, target = _base()
    measures = {x.id: x for x in measures_for(state, target)}
    low = sum(f.mass_kg_u or 0.0 for f in state.stocks if f.nominal_assay <= 0.0367 + 1e-9)
    above = any(
        (f.mass_kg_u or 0.0) > 1e-9 for f in state.stocks if f.nominal_assay > 0.0367 + 1e-9
    )
    disposal = {"IR-EXPORT", "IR-DOWNBLEND-20", "IR-DOWNBLEND-60"} & set(measures)
    assert bool(disposal) == (above or low > CAP_KG_U + 1e-9)
    assert ("IR-NATANZ-IR1" in measures) == (natanz > NATANZ_IR1)
    assert ("IR-FORDOW-REMOVE" in measures) == (fordow > FORDOW)
    if "IR-EXPORT" in measures:
        export = measures["IR-EXPORT"]
        kept = {round(e.assay, 4): e.keep_kg_u for e in export.effects if isinstance(e, Export)}
        # What the export leaves in the country is never more than the cap.
        left = sum(kept.get(round(a, 4), 0.0) for a in (0.02, 0.0367) if round(a, 4) in kept)
        assert left <= CAP_KG_U + 1e-6
        assert export.because
    for x in measures.values():
        assert x.because


@settings(max_examples=30, deadline=None)
@given(masses)
def test_values_of_each_side_sum_to_100(m: dict[str, float]) -> None:
    state = _perturbed(m, 6000, 1100)
    _, target = _base()
    measures = measures_for(state, target)
    for lens in ("us", "iran"):
        for side in ("nuclear", "relief"):
            vals = [x.value[lens] for x in measures if x.side == side]
            assert not vals or sum(vals) == 100
