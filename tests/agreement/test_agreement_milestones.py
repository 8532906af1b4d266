"""Milestone resolution: fixed dates, offsets, "whichever is earlier", unresolved conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from lockstep.agreement import add_offset, load_agreement
from lockstep.agreement.milestones import find_cycle, resolve_milestones

D = dt.date


@pytest.mark.parametrize(
    ("start", "kwargs", "expected"),
    [
        (D(2015, 10, 18), {"years": 8}, D(2023, 10, 18)),
        (D(2016, 1, 16), {"years": 8, "months": 6}, D(2024, 7, 16)),
        (D(2015, 7, 20), {"days": 90}, D(2015, 10, 18)),
        (D(2016, 1, 16), {"months": 9}, D(2016, 10, 16)),
        # A day that does not exist in the target month is clipped to its last day.
        (D(2016, 2, 29), {"years": 1}, D(2017, 2, 28)),
        (D(2015, 8, 31), {"months": 1}, D(2015, 9, 30)),
        (D(2023, 10, 18), {"years": -8}, D(2015, 10, 18)),
    ],
)
def test_add_offset(start: D, kwargs: dict[str, int], expected: D) -> None:
    assert add_offset(start, **kwargs) == expected


def test_jcpoa_treaty_milestones() -> None:
    # Dates from the JCPOA implementation plan (para 34) and UNSCR 2231 op 8, as reported:
    # Adoption Day 18 Oct 2015 (UN 2231 pages), Implementation Day 16 Jan 2016 (IAEA
    # GOV/INF/2016/1), Transition Day 18 Oct 2023 (EU Council, 17 Oct 2023), Termination
    # Day 18 Oct 2025 (op 8).
    jcpoa = load_agreement("jcpoa")
    assert jcpoa.milestone_date("adoption_day") == D(2015, 10, 18)
    assert jcpoa.milestone_date("implementation_day") == D(2016, 1, 16)
    assert jcpoa.milestone_date("transition_day") == D(2023, 10, 18)
    assert jcpoa.milestone_date("unscr_termination_day") == D(2025, 10, 18)


def test_transition_day_is_adoption_plus_eight_years() -> None:
    jcpoa = load_agreement("jcpoa")
    transition = jcpoa.milestone("transition_day")
    assert transition.date is None, "defined by its rule, not a fixed date"
    assert transition.offset is not None
    assert transition.offset.from_ == "adoption_day"
    assert transition.offset.years == 8
    assert transition.or_earlier == ("broader_conclusion",)
    assert jcpoa.milestone_date("broader_conclusion") is None
    assert jcpoa.milestone_date("transition_day") == add_offset(
        jcpoa.milestone_date("adoption_day") or D.min, years=8
    )


@pytest.mark.parametrize(
    ("milestone", "expected"),
    [
        ("impl_plus_9m", D(2016, 10, 16)),
        ("adoption_plus_5y", D(2020, 10, 18)),
        ("impl_plus_8y", D(2024, 1, 16)),
        ("impl_plus_8_5y", D(2024, 7, 16)),
        ("impl_plus_10y", D(2026, 1, 16)),
        ("impl_plus_15y", D(2031, 1, 16)),
        ("impl_plus_20y", D(2036, 1, 16)),
        ("impl_plus_25y", D(2041, 1, 16)),
        # Snapback: midnight GMT after the 30th day following the 28 Aug 2025 notification.
        ("un_sanctions_reapplied", D(2025, 9, 28)),
    ],
)
def test_derived_jcpoa_milestones(milestone: str, expected: D) -> None:
    # The shared reference pack computed the same dates (milestones.yaml, end_date_nominal).
    assert load_agreement("jcpoa").milestone_date(milestone) == expected


def test_alias_of_a_renamed_milestone() -> None:
    jcpoa = load_agreement("jcpoa")
    assert jcpoa.milestone_date("adoption_plus_5y_arms_travel_expiry") == D(2020, 10, 18)


def test_open_ends_resolve_to_none() -> None:
    jcpoa = load_agreement("jcpoa")
    for end in ("none_indefinite", "none_specified", "jcpoa_lifetime", "conditional"):
        assert jcpoa.milestone_date(end) is None


def test_unknown_milestone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="milestone: expected a milestone id of agreement 'jcpoa'"):
        load_agreement("jcpoa").milestone_date("nonsense_day")


def test_or_earlier_takes_the_earlier_date(
    write_agreement: Callable[[str], Path], minimal_text: str
) -> None:
    # If the Broader Conclusion had come on 1 March 2020, Transition Day would have been then.
    text = minimal_text.replace(
        "    kind: condition\n", '    kind: condition\n    date: "2020-03-01"\n'
    )
    agreement = load_agreement(write_agreement(text))
    assert agreement.milestone_date("transition_day") == D(2020, 3, 1)
    later = minimal_text.replace(
        "    kind: condition\n", '    kind: condition\n    date: "2030-03-01"\n'
    )
    assert load_agreement(write_agreement(later)).milestone_date("transition_day") == D(
        2023, 10, 18
    )


def test_unresolved_base_leaves_the_milestone_unresolved(
    write_agreement: Callable[[str], Path], minimal_text: str
) -> None:
    text = minimal_text.replace(
        "{from: adoption_day, years: 8}", "{from: broader_conclusion, years: 8}"
    ).replace("    or_earlier: [broader_conclusion]\n", "")
    agreement = load_agreement(write_agreement(text))
    assert agreement.milestone_date("transition_day") is None
    obligation = agreement.obligation("iran_level")
    # A continuing obligation whose end milestone never comes does not end.
    assert agreement.end_date(obligation) is None
    assert not agreement.is_active(obligation, D(2040, 1, 1)), "no end date and not open-ended"


def test_resolution_does_not_depend_on_order() -> None:
    jcpoa = load_agreement("jcpoa")
    forward = resolve_milestones(jcpoa.milestones)
    backward = resolve_milestones(tuple(reversed(jcpoa.milestones)))
    assert forward == backward


def test_no_cycles_in_packaged_agreements() -> None:
    for agreement_id in ("jcpoa", "jpoa"):
        assert find_cycle(load_agreement(agreement_id).milestones) is None


def test_jpoa_milestones() -> None:
    # Treasury FAQs: first step 20 Jan - 20 Jul 2014, extended to 24 Nov 2014.
    jpoa = load_agreement("jpoa")
    assert jpoa.milestone_date("jpoa_implementation") == D(2014, 1, 20)
    assert jpoa.milestone_date("jpoa_initial_end") == D(2014, 7, 20)
    assert jpoa.milestone_date("comprehensive_solution_target") == D(2014, 11, 24)
