"""Shared request helpers: the record of this app's store, dates, caps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from fastapi import Request

from lockstep.errors import DomainError

if TYPE_CHECKING:
    from lockstep.record import Record
    from lockstep.web.settings import Settings


def settings_of(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def record_of(request: Request) -> Record:
    """The record (packaged data plus this app's store), cached by the record loader."""
    from lockstep.record import load_record

    return load_record(db=settings_of(request).db_url)


def today() -> dt.date:
    """Today's date (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def parse_day(value: str | None, name: str, default: dt.date | None = None) -> dt.date:
    """Parse an ISO date parameter, naming it on error."""
    from lockstep.record import as_date
    from lockstep.web.contract import EARLIEST_DAY, LATEST_DAY

    if value is None or value == "":
        if default is None:
            raise DomainError(name, "a date YYYY-MM-DD")
        return default
    day = as_date(value, name)
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise DomainError(name, f"a date from {EARLIEST_DAY} to {LATEST_DAY} (got {day})")
    return day


def capped(value: int, cap: int, name: str) -> int:
    """Check ``0 < value <= cap`` so one request cannot exhaust the server."""
    if not 0 < value <= cap:
        raise DomainError(name, f"an integer between 1 and {cap} (server cap)", value=value)
    return value


def check_order(first: dt.date | None, last: dt.date | None) -> None:
    """Refuse a range whose ``from`` is after its ``to`` (an empty answer would hide it)."""
    if first is not None and last is not None and first > last:
        raise DomainError("from", f"a date on or before to ({last}) (got {first})")
