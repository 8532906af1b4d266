"""Sweep designs, the planner's choices as rows, and the frontier's flips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.errors import DomainError
from lockstep.roadmap import build_problem, worked_example
from lockstep.roadmap.policy import with_removal_policy
from lockstep.sweeps import COLUMNS, frontier, grid, parse_numbers, run_sweep, sampled, solve
from lockstep.sweeps.design import Choice


def test_numbers_as_lists_and_ranges() -> None:
    assert parse_numbers("30,50,70", "--tau") == (30, 50, 70)
    assert parse_numbers("20:80:20", "--tau") == (20, 40, 60, 80)
    assert parse_numbers("50,50,30", "--tau") == (50, 30)
    for bad in ("", "a,b", "80:20:10", "10:20:0", "150", "-5"):
        with pytest.raises(DomainError, match=r"^--tau: expected whole numbers 0-100"):
            parse_numbers(bad, "--tau")


def test_grid_is_the_full_factorial_with_dates_outermost() -> None:
    days = [dt.date(2021, 4, 6), dt.date(2022, 8, 8)]
    choices = grid(days, tau=(30, 50), sigma_iran=(0, 50, 100), tranches=(False, True))
    assert len(choices) == 2 * 2 * 3 * 2
    assert [c.as_of for c in choices[:12]] == [days[0]] * 12
    assert len(set(choices)) == len(choices)


@given(st.integers(1, 40), st.integers(0, 1000))
@settings(deadline=None)
def test_sampled_design_is_seeded_and_in_range(count: int, seed: int) -> None:
    first = sampled(count, [None], seed=seed, tau=(20, 60))
    assert first == sampled(count, [None], seed=seed, tau=(20, 60))
    assert len(first) == count
    assert all(20 <= c.tau <= 60 for c in first)  # type: ignore[operator]
    assert all(0 <= c.sigma_us <= 100 for c in first)  # type: ignore[operator]


def _removals(problem: object) -> list[str]:
    return [
        e.type
        for m in problem.measures  # type: ignore[attr-defined]
        for e in m.spec.effects
        if e.type in ("store", "destroy")
    ]


def test_removal_policy_changes_storage_into_destruction_only() -> None:
    problem = build_problem(worked_example())
    removals = _removals(problem)
    assert removals  # the worked example removes machines
    assert _removals(with_removal_policy(problem, "destroy")) == ["destroy"] * len(removals)
    assert _removals(with_removal_policy(problem, "store")) == ["store"] * len(removals)
    durations = [m.duration_days for m in with_removal_policy(problem, "destroy").measures]
    assert durations == [m.duration_days for m in problem.measures]
    with pytest.raises(DomainError, match="policy"):
        with_removal_policy(problem, "burn")


def test_a_row_has_every_column_and_the_worked_example_numbers() -> None:
    # model.md section 8.4: at tau = 45 the worked example is infeasible whole (U3), and
    # the closed-form check says so before any search.
    row = solve(
        Choice(None, 45, None, None, False, "store", "us", "optimized"),
        catalogue="worked_example",
    )
    assert tuple(row) == COLUMNS
    assert row["feasible"] is False
    assert row["reason"].startswith("infeasible: U3 (whole")
    assert row["solver_status"] == "SKIPPED"
    whole = solve(
        Choice(None, 50, None, None, False, "store", "us", "optimized"),
        catalogue="worked_example",
    )
    assert (whole["feasible"], whole["solver_status"]) == (True, "OPTIMAL")
    sync = solve(
        Choice(None, None, None, None, False, "store", "us", "sync"), catalogue="worked_example"
    )
    assert sync["t_full_days"] == 51  # model.md section 8.3 table


def test_frontier_finds_the_single_choices_that_flip_feasibility() -> None:
    # model.md section 8.4: infeasible at tau = 28 even tranched and at tau = 45 whole;
    # tranches make tau = 45 feasible, and tau = 50 is feasible whole.
    choices = grid([None], tau=(28, 45, 50), tranches=(False, True))
    rows = run_sweep(choices, catalogue="worked_example", in_process=True)
    feasible = {(r["tau"], r["tranches"]): r["feasible"] for r in rows}
    assert feasible == {
        (28, False): False,
        (28, True): False,
        (45, False): False,
        (45, True): True,
        (50, False): True,
        (50, True): True,
    }
    result = frontier(rows)
    opening = {(f.choice, f.before, f.after) for f in result.flips if not f.feasible_before}
    assert opening == {("tau", 28, 45), ("tau", 45, 50), ("tranches", False, True)}
    assert result.flips[0].effect.startswith("infeasible -> feasible (T_full ")
    body = result.to_json()
    assert body["feasible_share"] == 0.5
    assert {"choice", "from", "to", "effect"} <= set(body["flips"][0])


def _row(tau: int, feasible: bool, t_full: int | None, status: str | None) -> dict[str, object]:
    return {
        "as_of": "2021-04-06",
        "tau": tau,
        "sigma_us": 50,
        "sigma_iran": 0,
        "tranches": False,
        "policy": "store",
        "lens": "us",
        "strategy": "optimized",
        "feasible": feasible,
        "t_full_days": t_full,
        "exposure_iran": 0 if feasible else None,
        "exposure_us": 10 if feasible else None,
        "breakout_start_days": 84.7,
        "reason": None if feasible else "no plan found within the time limit (60 s)",
        "solver_status": status,
    }


def test_a_time_limit_proves_nothing_and_flips_nothing() -> None:
    # 2021-04-06 (docs/roadmap.md): one cell ran out of time with no plan; it must not
    # pass for infeasible, nor make the neighbouring feasible cells look like flips.
    rows = [
        _row(20, False, None, "INFEASIBLE"),
        _row(30, False, None, "UNKNOWN"),
        _row(50, True, 80, "FEASIBLE"),
        _row(100, True, 77, "OPTIMAL"),
    ]
    result = frontier(rows)
    statuses = [c["status"] for c in result.cells]
    assert statuses == ["infeasible", "undecided", "feasible", "feasible"]
    assert result.undecided == 1
    assert result.to_json()["undecided"] == 1
    # 20 -> 30 and 30 -> 50 touch the undecided cell; 50 -> 100 compares a plan found
    # within the time limit (T_full only bounded) with an optimum: no flip at all.
    assert result.flips == []
    rows[2] = _row(50, True, 80, "OPTIMAL")
    assert [(f.before, f.after, f.effect) for f in frontier(rows).flips] == [
        (50, 100, "T_full 80 -> 77 days (-3)")
    ]
