"""Option parsing shared by the command modules."""

from __future__ import annotations

import datetime as dt


def optional_date(value: str | None, option: str) -> dt.date | None:
    """Parse an ISO date option (``YYYY-MM-DD``), naming ``option`` on error."""
    from lockstep.record import as_date

    return None if value is None else as_date(value, option)


def date_or_today(value: str | None, option: str) -> dt.date:
    """As :func:`optional_date`, today's date (UTC) when the option is absent."""
    return optional_date(value, option) or dt.datetime.now(dt.UTC).date()
