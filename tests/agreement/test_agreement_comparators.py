"""Comparator semantics (the executable specification of the ``comparator`` field)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lockstep.agreement import load_agreement, satisfies
from lockstep.errors import DomainError


@pytest.mark.parametrize(
    ("comparator", "observed", "limit", "expected"),
    [
        ("le", 202.8, 202.8, True),
        ("le", 202.9, 202.8, False),
        ("lt", 202.8, 202.8, False),
        ("ge", 130, 130, True),
        ("gt", 130, 130, False),
        ("eq", "jcpoa_full", "jcpoa_full", True),
        ("ne", "csa_only", "jcpoa_full", True),
        ("is_true", True, None, True),
        ("is_false", True, None, False),
        ("in", "csa_ap", ("jcpoa_full", "csa_ap"), True),
        ("not_in", "none", ("jcpoa_full", "csa_ap"), True),
        ("subset_of", {"natanz_fep"}, ("natanz_fep", "natanz_pfep"), True),
        ("subset_of", {"natanz_fep", "fordow_ffep"}, ("natanz_fep", "natanz_pfep"), False),
        ("superset_of", {"IR-1", "IR-2m"}, ("IR-1",), True),
        ("disjoint_from", {"IR-6"}, ("IR-1",), True),
    ],
)
def test_semantics(comparator: str, observed: object, limit: object, expected: bool) -> None:
    assert satisfies(comparator, observed, limit) is expected


def test_iran_enrichment_at_60_percent_breaches_the_jcpoa_cap() -> None:
    # IAEA reported 60 % enrichment from April 2021; the JCPOA cap is 3.67 %.
    cap = load_agreement("jcpoa").obligation("iran_enrichment_level_cap")
    assert satisfies(cap.comparator, 0.0367, cap.limit)
    assert not satisfies(cap.comparator, 0.60, cap.limit)


@pytest.mark.parametrize(
    ("comparator", "observed", "limit", "argument"),
    [
        ("le", "many", 5060, "observed"),
        ("le", 1, None, "limit"),
        ("le", True, 1, "observed"),
        ("is_true", "yes", None, "observed"),
        ("subset_of", "natanz_fep", ("natanz_fep",), "observed"),
        ("between", 1, 2, "comparator"),
    ],
)
def test_bad_arguments(comparator: str, observed: object, limit: object, argument: str) -> None:
    with pytest.raises(DomainError) as info:
        satisfies(comparator, observed, limit)
    assert info.value.argument == argument


numbers = st.floats(allow_nan=False, allow_infinity=False, width=32)


@given(numbers, numbers)
def test_order_comparators_are_complementary(observed: float, limit: float) -> None:
    assert satisfies("le", observed, limit) != satisfies("gt", observed, limit)
    assert satisfies("ge", observed, limit) != satisfies("lt", observed, limit)
    assert satisfies("eq", observed, limit) != satisfies("ne", observed, limit)


@given(st.sets(st.sampled_from(["a", "b", "c", "d"])), st.sets(st.sampled_from(["a", "b", "c"])))
def test_set_comparators_match_set_algebra(observed: set[str], limit: set[str]) -> None:
    assert satisfies("subset_of", observed, tuple(limit)) == (observed <= limit)
    assert satisfies("superset_of", observed, tuple(limit)) == (observed >= limit)
    assert satisfies("disjoint_from", observed, tuple(limit)) == (not observed & limit)
