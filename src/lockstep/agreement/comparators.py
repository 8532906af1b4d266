"""Comparator semantics: whether an observed value satisfies an obligation's limit.

This is the executable specification of the ``comparator`` field (documented in
``docs/agreement.md``). Comparisons are exact: tolerances, rounding of reported figures
and the age of a figure are for the compliance evaluation to decide.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from lockstep.errors import DomainError

_ORDER = {
    "le": lambda v, lim: v <= lim,
    "lt": lambda v, lim: v < lim,
    "ge": lambda v, lim: v >= lim,
    "gt": lambda v, lim: v > lim,
}


def _as_set(value: Any, name: str) -> set[Any]:
    if isinstance(value, str) or not isinstance(value, Collection):
        raise DomainError(name, f"a collection of values, got {value!r}")
    return set(value)


def satisfies(comparator: str, observed: Any, limit: Any = None) -> bool:
    """Whether ``observed`` meets the obligation ``observed <comparator> limit``.

    Parameters
    ----------
    comparator
        ``le``, ``lt``, ``ge``, ``gt`` (numbers: observed <=, <, >=, > limit);
        ``eq``, ``ne`` (equal, not equal); ``is_true``, ``is_false`` (observed is the
        boolean True / False; limit unused); ``in``, ``not_in`` (observed is / is not
        one of the values in limit); ``subset_of`` (every element of observed is in
        limit), ``superset_of`` (observed contains every element of limit),
        ``disjoint_from`` (no element in common).
    observed
        The metric's value in library units (number, bool, category or collection).
    limit
        The limit in force (``Agreement.limit_at``), in library units.

    Returns
    -------
    bool

    Raises
    ------
    DomainError
        For an unknown comparator, a missing limit, or values of the wrong type.
    """
    if comparator == "is_true":
        if not isinstance(observed, bool):
            raise DomainError("observed", f"true or false, got {observed!r}")
        return observed
    if comparator == "is_false":
        if not isinstance(observed, bool):
            raise DomainError("observed", f"true or false, got {observed!r}")
        return not observed
    if limit is None:
        raise DomainError("limit", f"a limit for comparator '{comparator}' (got none)")
    if comparator in _ORDER:
        for name, value in (("observed", observed), ("limit", limit)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DomainError(name, f"a number for comparator '{comparator}', got {value!r}")
        return bool(_ORDER[comparator](observed, limit))
    if comparator == "eq":
        return bool(observed == limit)
    if comparator == "ne":
        return bool(observed != limit)
    if comparator in ("in", "not_in"):
        member = observed in _as_set(limit, "limit")
        return member if comparator == "in" else not member
    if comparator in ("subset_of", "superset_of", "disjoint_from"):
        seen, allowed = _as_set(observed, "observed"), _as_set(limit, "limit")
        if comparator == "subset_of":
            return seen <= allowed
        if comparator == "superset_of":
            return seen >= allowed
        return not (seen & allowed)
    raise DomainError("comparator", f"a known comparator, got {comparator!r}")
