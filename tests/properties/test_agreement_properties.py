"""Invariants of the agreement model: YAML round-trips, date arithmetic, resolution order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.agreement import (
    Agreement,
    add_offset,
    dump_agreement,
    load_agreement,
    load_vocabulary,
    parse_agreement,
)
from lockstep.agreement.milestones import resolve_milestones

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@given(dates, st.integers(-5000, 5000))
def test_day_offsets_invert(date: dt.date, days: int) -> None:
    assert add_offset(add_offset(date, days=days), days=-days) == date


@given(dates, st.integers(0, 30), st.integers(0, 11))
def test_positive_offsets_move_forward_monotonically(
    date: dt.date, years: int, months: int
) -> None:
    later = add_offset(date, years=years, months=months)
    assert later >= date
    assert add_offset(date, years=years, months=months + 1) > later
    # Clipping keeps the day within the month and never past the original day.
    assert later.day <= date.day


@given(dates, st.integers(0, 40))
def test_years_are_twelve_months(date: dt.date, years: int) -> None:
    assert add_offset(date, years=years) == add_offset(date, months=12 * years)


@given(st.permutations(load_agreement("jcpoa").milestones))
@settings(max_examples=25)
def test_resolution_is_independent_of_order(milestones: list[Any]) -> None:
    expected = resolve_milestones(load_agreement("jcpoa").milestones)
    assert resolve_milestones(milestones) == expected


_VOCABULARY = load_vocabulary()
_QUANTITIES = [m for m in _VOCABULARY.metrics if m.kind == "quantity"]
_BOOLEANS = [m for m in _VOCABULARY.metrics if m.kind == "boolean"]


@st.composite
def _obligation(draw: st.DrawFn, index: int, milestones: dict[str, dt.date]) -> dict[str, Any]:
    start = draw(st.sampled_from(sorted(milestones)))
    later = sorted(m for m, when in milestones.items() if when >= milestones[start])
    end = draw(st.sampled_from([*later, "none_indefinite", "jcpoa_lifetime"]))
    base: dict[str, Any] = {
        "id": f"ob_{index}",
        "party": draw(st.sampled_from(["iran", "us", "all"])),
        "category": draw(st.sampled_from(sorted(_VOCABULARY.categories))),
        "description": draw(st.text(alphabet="abc xyz.", min_size=1, max_size=30)).strip() or "x",
        "start": start,
        "end": end,
        "reference": f"para {index}",
        "confidence": draw(st.sampled_from(["high", "medium", "low"])),
    }
    if draw(st.booleans()):
        metric = draw(st.sampled_from(_QUANTITIES))
        qualifiers = {}
        for name in metric.qualifiers:
            values = _VOCABULARY.qualifiers[name].values
            if values and draw(st.booleans()):
                qualifiers[name] = draw(st.sampled_from(values))
        top = 1 if metric.unit == "fraction" else 10**6
        limit = draw(
            st.one_of(
                st.integers(0, top),
                st.floats(0, top, allow_nan=False).map(lambda x: float(f"{x:.6g}")),
            )
        )
        base.update(
            metric={"name": metric.name, "qualifiers": qualifiers},
            comparator=draw(st.sampled_from(["le", "lt", "ge", "gt", "eq", "ne"])),
            limit=limit,
            unit=metric.unit,
        )
    else:
        metric = draw(st.sampled_from(_BOOLEANS))
        base.update(
            metric={"name": metric.name},
            comparator=draw(st.sampled_from(["is_true", "is_false"])),
            unit="bool",
        )
    return base


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    root = draw(dates)
    milestones: list[dict[str, Any]] = [
        {
            "id": "m0",
            "name": "Root",
            "date": root.isoformat(),
            "kind": "treaty",
            "definition": "root",
            "confidence": "high",
        }
    ]
    when = {"m0": root}
    for index in range(1, draw(st.integers(1, 6))):
        offset = {
            "from": f"m{draw(st.integers(0, index - 1))}",
            "years": draw(st.integers(0, 15)),
            "months": draw(st.integers(0, 11)),
            "days": draw(st.integers(0, 90)),
        }
        milestones.append(
            {
                "id": f"m{index}",
                "name": f"Milestone {index}",
                "offset": offset,
                "kind": "derived",
                "definition": "derived",
                "confidence": "medium",
            }
        )
        when[f"m{index}"] = add_offset(
            when[offset["from"]],
            years=offset["years"],
            months=offset["months"],
            days=offset["days"],
        )
    obligations = [draw(_obligation(index, when)) for index in range(draw(st.integers(1, 8)))]
    data = {
        "id": "generated",
        "name": "Generated",
        "short_name": "GEN",
        "kind": "interim",
        "concluded": root.isoformat(),
        "parties": [
            {"id": "iran", "name": "Iran", "kind": "state"},
            {"id": "us", "name": "US", "kind": "state"},
            {"id": "all", "name": "All", "kind": "group", "includes": ["iran", "us"]},
        ],
        "milestones": milestones,
        "obligations": obligations,
    }
    return Agreement.model_validate(data)


@given(agreements())
@settings(max_examples=40, deadline=None)
def test_generated_agreements_round_trip(agreement: Agreement) -> None:
    again = parse_agreement(dump_agreement(agreement), "generated.yaml")
    assert again == agreement
    for milestone in agreement.milestones:
        assert again.milestone_date(milestone.id) == agreement.milestone_date(milestone.id)


@given(agreements(), dates)
@settings(max_examples=40, deadline=None)
def test_is_active_matches_the_period(agreement: Agreement, day: dt.date) -> None:
    for obligation in agreement.obligations:
        start = agreement.start_date(obligation)
        end = agreement.end_date(obligation)
        assert start is not None
        expected = start <= day and (end is None or day < end)
        assert agreement.is_active(obligation, day) == expected
