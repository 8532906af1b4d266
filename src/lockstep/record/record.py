"""The :class:`Record`: observations and events with fast look-ups by quantity and date."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from lockstep.record.model import Event, Observation, Source
from lockstep.record.sanctions import SanctionsTimeline

SeriesKey = tuple[str, tuple[tuple[str, str], ...]]


def _key(quantity: str, qualifiers: dict[str, str]) -> SeriesKey:
    return quantity, tuple(sorted(qualifiers.items()))


@dataclass(frozen=True)
class SourceUse:
    """A source and how many rows cite it.

    Attributes
    ----------
    document, url
        The source.
    observations, events
        Rows citing it.
    confidence
        Confidence levels of those rows and their counts.
    """

    document: str
    url: str | None
    observations: int
    events: int
    confidence: dict[str, int]


@dataclass(frozen=True, eq=False)
class Record:
    """Iran's program as reported: observations (long format) and dated events.

    Build one with :func:`lockstep.record.load_record`. Observations are sorted by
    ``as_of`` then ``id``; events by ``date`` then ``id``.

    Attributes
    ----------
    observations
        Figures in effect (rows superseded by a correction are left out).
    events
        Dated actions of every party.
    """

    observations: tuple[Observation, ...]
    events: tuple[Event, ...]
    _series: dict[SeriesKey, tuple[Observation, ...]] = field(init=False, repr=False)
    _dates: dict[SeriesKey, list[dt.date]] = field(init=False, repr=False)
    _numeric: dict[SeriesKey, tuple[list[dt.date], tuple[Observation, ...]]] = field(
        init=False, repr=False
    )
    _event_dates: list[dt.date] = field(init=False, repr=False)
    _by_id: dict[str, Observation | Event] = field(init=False, repr=False)
    sanctions: SanctionsTimeline = field(init=False, repr=False)

    def __post_init__(self) -> None:
        observations = tuple(sorted(self.observations, key=lambda o: (o.as_of, o.id)))
        events = tuple(sorted(self.events, key=lambda e: (e.date, e.id)))
        grouped: dict[SeriesKey, list[Observation]] = {}
        for obs in observations:
            grouped.setdefault((obs.quantity, obs.qualifiers), []).append(obs)
        series = {k: tuple(v) for k, v in grouped.items()}
        numeric = {}
        for k, v in series.items():
            kept = tuple(o for o in v if o.value is not None)
            numeric[k] = ([o.as_of for o in kept], kept)
        setter = object.__setattr__
        setter(self, "observations", observations)
        setter(self, "events", events)
        setter(self, "_series", series)
        setter(self, "_dates", {k: [o.as_of for o in v] for k, v in series.items()})
        setter(self, "_numeric", numeric)
        setter(self, "_event_dates", [e.date for e in events])
        setter(self, "_by_id", {**{o.id: o for o in observations}, **{e.id: e for e in events}})
        setter(self, "sanctions", SanctionsTimeline(events))

    def __repr__(self) -> str:
        return f"Record({len(self.observations)} observations, {len(self.events)} events)"

    # --- observations -----------------------------------------------------------------

    def get(self, row_id: str) -> Observation | Event | None:
        """The observation or event with this id, if any."""
        return self._by_id.get(row_id)

    def series(self, quantity: str, **qualifiers: str) -> tuple[Observation, ...]:
        """Every figure of ``quantity`` with exactly these qualifiers, oldest first.

        Parameters
        ----------
        quantity
            Quantity name (``docs/data.md``).
        **qualifiers
            The row's qualifiers, all of them (e.g. ``band="total"``; ``site=..., model=...``).
        """
        return self._series.get(_key(quantity, qualifiers), ())

    def latest(
        self, quantity: str, date: dt.date, *, with_value: bool = True, **qualifiers: str
    ) -> Observation | None:
        """The latest figure of ``quantity`` (exact qualifiers) with ``as_of <= date``.

        Parameters
        ----------
        quantity, **qualifiers
            As for :meth:`series`.
        date
            Cut-off date (inclusive).
        with_value
            Skip rows without a value (a report that gave no figure).
        """
        return self.latest_by_key(quantity, _key(quantity, qualifiers)[1], date, with_value)

    def latest_by_key(
        self,
        quantity: str,
        qualifiers: tuple[tuple[str, str], ...],
        date: dt.date,
        with_value: bool = True,
    ) -> Observation | None:
        """As :meth:`latest`, with the qualifiers as a sorted tuple of pairs (see :meth:`keys`)."""
        key = (quantity, qualifiers)
        if with_value:
            dates, rows = self._numeric.get(key, ([], ()))
        else:
            dates, rows = self._dates.get(key, []), self._series.get(key, ())
        index = bisect.bisect_right(dates, date)
        return rows[index - 1] if index else None

    def keys(self, quantity: str) -> tuple[tuple[tuple[str, str], ...], ...]:
        """The qualifier sets under which ``quantity`` has figures."""
        return tuple(sorted(q for name, q in self._series if name == quantity))

    def select(
        self,
        quantity: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        **qualifiers: str,
    ) -> tuple[Observation, ...]:
        """Figures matching a quantity, a date range (inclusive) and some qualifiers."""
        wanted = set(qualifiers.items())
        return tuple(
            o
            for o in self.observations
            if (quantity is None or o.quantity == quantity)
            and (start is None or o.as_of >= start)
            and (end is None or o.as_of <= end)
            and wanted <= set(o.qualifiers)
        )

    def report_dates(self) -> tuple[dt.date, ...]:
        """Sorted ``as_of`` dates of IAEA stock figures: the points of history charts.

        Rows of ``enriched_uranium_stock`` (any band, a figure or a bound) whose ``report``
        is an IAEA Board document (``GOV/...``, including ``GOV/INF/...``) count; verbal
        updates and press figures do not. From November 2013 the reports give the stock
        by enrichment level before they give a total, and under the JCPOA's limits
        (2016) a bound instead of a figure: both are report dates.
        """
        return tuple(
            sorted(
                {
                    o.as_of
                    for o in self.observations
                    if o.quantity == "enriched_uranium_stock" and o.report.startswith("GOV/")
                }
            )
        )

    # --- events -------------------------------------------------------------------------

    def events_between(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        party: str | None = None,
        kind: str | None = None,
        obligation: str | None = None,
        measure: str | None = None,
    ) -> tuple[Event, ...]:
        """Events with ``start <= date <= end`` (either bound optional), filtered.

        Parameters
        ----------
        start, end
            Inclusive date bounds.
        party, kind, obligation, measure
            Keep only events naming this party, of this kind, affecting this obligation
            id, or changing this sanctions measure.
        """
        low = 0 if start is None else bisect.bisect_left(self._event_dates, start)
        high = len(self.events) if end is None else bisect.bisect_right(self._event_dates, end)
        return tuple(
            e
            for e in self.events[low:high]
            if (party is None or party in e.parties)
            and (kind is None or e.kind == kind)
            and (obligation is None or obligation in e.obligations)
            and (measure is None or measure in e.measures)
        )

    # --- provenance ---------------------------------------------------------------------

    def sources(self) -> tuple[SourceUse, ...]:
        """Every source cited, with the number of rows citing it, most cited first."""
        counts: dict[Source, list[int]] = {}
        confidence: dict[Source, Counter[str]] = {}
        rows: Iterable[Observation | Event] = (*self.observations, *self.events)
        for row in rows:
            entry = counts.setdefault(row.source, [0, 0])
            entry[0 if isinstance(row, Observation) else 1] += 1
            confidence.setdefault(row.source, Counter())[row.confidence] += 1
        return tuple(
            sorted(
                (
                    SourceUse(s.document, s.url, n[0], n[1], dict(confidence[s]))
                    for s, n in counts.items()
                ),
                key=lambda u: (-(u.observations + u.events), u.document),
            )
        )
