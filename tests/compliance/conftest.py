"""Compliance tests: the packaged JCPOA and record, and a helper to look up findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from lockstep.agreement import Agreement, load_agreement
from lockstep.compliance import Finding, evaluate
from lockstep.record import Record, load_record


@pytest.fixture(scope="session")
def jcpoa() -> Agreement:
    return load_agreement("jcpoa")


@pytest.fixture(scope="session")
def record() -> Record:
    return load_record(include_user=False)


@pytest.fixture(scope="session")
def finding(jcpoa: Agreement, record: Record) -> Callable[[str, str], Finding]:
    """``finding("2019-12-31", "iran_stockpile_cap")``: one finding of the packaged data."""

    def lookup(date: str, obligation: str) -> Finding:
        found = evaluate(jcpoa, record, dt.date.fromisoformat(date))
        return next(f for f in found if f.obligation == obligation)

    return lookup
