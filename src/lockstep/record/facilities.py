"""What is known of each facility's physical state after the June 2025 strikes.

``data/record/facilities.csv`` holds dated readings of a site's status (operating, damaged,
destroyed, unknown), each with whose reading it is (the IAEA's, a government's, the
press's), its source and a confidence. :func:`facilities_at` gives, for a date, the status
of every site with a reading on or before it: the IAEA's latest reading when there is one
(the only party that reports on all sites by the same method), with every other party's
latest reading kept beside it, so a disagreement (Fordow "damaged" for the IAEA,
"destroyed" for the US) is shown, never resolved silently. docs/data.md ("Facilities")
documents the columns and the JSON keys.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, cast, get_args

from lockstep.errors import DataError

FacilityStatusName = Literal["operating", "damaged", "destroyed", "unknown"]
Reader = Literal["iaea", "iran", "us", "israel", "press"]
Confidence = Literal["high", "medium", "low"]

FACILITY_STATUSES: tuple[str, ...] = get_args(FacilityStatusName)
READERS: tuple[str, ...] = get_args(Reader)
#: Statuses under which a site's machines are taken to enrich nothing.
OUT_OF_SERVICE: frozenset[str] = frozenset({"damaged", "destroyed"})

_FILE = "lockstep/data/record/facilities.csv"
_COLUMNS = ("id", "date", "site", "status", "reading_of", "source", "url", "confidence", "note")


@dataclass(frozen=True)
class FacilityReading:
    """One dated reading of a site's status (a row of ``facilities.csv``)."""

    id: str
    date: dt.date
    site: str
    status: FacilityStatusName
    reading_of: Reader
    source: str
    url: str | None
    confidence: Confidence
    note: str


@dataclass(frozen=True)
class FacilityStatus:
    """A site's status as known on a date.

    Attributes
    ----------
    site
        Site id (the ``site`` vocabulary of ``quantities.yaml``).
    status
        The status shown: the IAEA's latest reading, else the latest reading of anyone.
    reading
        The reading behind ``status``.
    age_days
        Days from that reading to the date asked for [days].
    other_readings
        The latest reading of every other party whose status differs from ``status``.
    """

    site: str
    status: FacilityStatusName
    reading: FacilityReading
    age_days: int
    other_readings: tuple[FacilityReading, ...] = ()

    @property
    def out_of_service(self) -> bool:
        """Whether the site is recorded damaged or destroyed (no machine counted)."""
        return self.status in OUT_OF_SERVICE


def _fail(message: str, row: int | None = None, column: str | None = None) -> DataError:
    return DataError(message, file=_FILE, row=row, field=column)


def _site_values() -> tuple[str, ...]:
    from lockstep.record.vocabulary import vocabulary

    return tuple(vocabulary().qualifier_values["site"])


def _field_reader(row: dict[str, str], number: int) -> Callable[..., str]:
    """A function reading one required (and optionally enumerated) field of ``row``."""

    def need(column: str, allowed: tuple[str, ...] | None = None) -> str:
        value = (row.get(column) or "").strip()
        if not value:
            raise _fail("a value is required", number, column)
        if allowed is not None and value not in allowed:
            raise _fail(f"{value!r} is not one of {', '.join(allowed)}", number, column)
        return value

    return need


def parse_facilities(text: str) -> tuple[FacilityReading, ...]:
    """Parse ``facilities.csv`` text; one :class:`DataError` naming row and column on error."""
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != _COLUMNS:
        raise _fail(f"expected the columns {', '.join(_COLUMNS)}; got {', '.join(header)}")
    sites = _site_values()
    readings: list[FacilityReading] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=1):
        need = _field_reader(row, number)
        ident = need("id")
        if ident in seen:
            raise _fail(f"duplicate id {ident!r}", number, "id")
        seen.add(ident)
        try:
            day = dt.date.fromisoformat(need("date"))
        except ValueError:
            raise _fail(f"{row['date']!r} is not a date YYYY-MM-DD", number, "date") from None
        url = (row.get("url") or "").strip() or None
        if url is not None and not url.startswith(("http://", "https://")):
            raise _fail(f"{url!r} is not an http(s) address", number, "url")
        readings.append(
            FacilityReading(
                id=ident,
                date=day,
                site=need("site", sites),
                status=cast(FacilityStatusName, need("status", FACILITY_STATUSES)),
                reading_of=cast(Reader, need("reading_of", READERS)),
                source=need("source"),
                url=url,
                confidence=cast(Confidence, need("confidence", ("high", "medium", "low"))),
                note=(row.get("note") or "").strip(),
            )
        )
    return tuple(sorted(readings, key=lambda r: (r.date, r.site, r.id)))


@cache
def facility_readings() -> tuple[FacilityReading, ...]:
    """The packaged readings (``lockstep/data/record/facilities.csv``), by date."""
    text = resources.files("lockstep.data.record").joinpath("facilities.csv").read_text("utf-8")
    return parse_facilities(text)


def facilities_at(
    day: dt.date | str, readings: tuple[FacilityReading, ...] | None = None
) -> tuple[FacilityStatus, ...]:
    """Status of every site with a reading on or before ``day`` (sites in vocabulary order).

    Parameters
    ----------
    day
        The date asked for (ISO string or date).
    readings
        Readings to use (default: the packaged ones).

    Returns
    -------
    tuple of FacilityStatus
        Empty before the first reading (13 Jun 2025 strikes; the last pre-strike report).
    """
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    rows = facility_readings() if readings is None else readings
    latest: dict[tuple[str, str], FacilityReading] = {}
    for reading in rows:
        if reading.date <= day:
            latest[(reading.site, reading.reading_of)] = reading
    order = {site: i for i, site in enumerate(_site_values())}
    result = []
    for site in sorted({s for s, _ in latest}, key=lambda s: order.get(s, len(order))):
        mine = [r for (s, _), r in latest.items() if s == site]
        iaea = [r for r in mine if r.reading_of == "iaea"]
        shown = iaea[0] if iaea else max(mine, key=lambda r: (r.date, r.id))
        others = tuple(
            sorted(
                (r for r in mine if r is not shown and r.status != shown.status),
                key=lambda r: r.reading_of,
            )
        )
        result.append(FacilityStatus(site, shown.status, shown, (day - shown.date).days, others))
    return tuple(result)


def reading_to_dict(reading: FacilityReading) -> dict[str, Any]:
    """JSON form of a :class:`FacilityReading`."""
    return {
        "status": reading.status,
        "reading_of": reading.reading_of,
        "date": reading.date.isoformat(),
        "source": reading.source,
        "source_url": reading.url,
        "confidence": reading.confidence,
        "note": reading.note,
    }


def facility_to_dict(facility: FacilityStatus) -> dict[str, Any]:
    """JSON form of a :class:`FacilityStatus` (keys in docs/data.md, "Facilities")."""
    return {
        "site": facility.site,
        "status": facility.status,
        "out_of_service": facility.out_of_service,
        "status_as_of": facility.reading.date.isoformat(),
        "age_days": facility.age_days,
        "reading_of": facility.reading.reading_of,
        "source": facility.reading.source,
        "source_url": facility.reading.url,
        "confidence": facility.reading.confidence,
        "note": facility.reading.note,
        "other_readings": [reading_to_dict(r) for r in facility.other_readings],
    }
