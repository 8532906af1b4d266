"""Consistency checks across rows, run every time the record is loaded.

- ids are unique (packaged rows and the user's additions together);
- a ``supersedes`` id names an existing observation;
- one figure per quantity, qualifiers and ``as_of`` (corrections use ``supersedes``);
- a total stock agrees with its band split: the bands never exceed the total, and when
  all four bands are given they add up to it, unless the total row's ``check_exempt``
  says why not (the IAEA band split covers UF6 only);
- events: unique ids.

Each failure is one :class:`~lockstep.errors.DataError` naming the file, row and field
of the row that breaks the rule (the later row, where two rows conflict).

The user's additions pass one more check, :func:`check_plausible`: dates within the
period the record covers, and events naming only obligations the agreements define.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from lockstep.errors import DataError
from lockstep.record.model import STOCK_BANDS, Event, Observation
from lockstep.record.rows import Located

#: Tolerance of the bands-against-total check [kg U]: sources round to 0.1 kg U.
BAND_SUM_TOLERANCE_KG_U = 0.5

SeriesKey = tuple[str, tuple[tuple[str, str], ...]]


def _where(item: Located[Observation] | Located[Event]) -> str:
    return f"{item.file} row {item.row}"


def check_unique_ids(items: Sequence[Located[Observation]] | Sequence[Located[Event]]) -> None:
    """Raise on the first id used twice."""
    first: dict[str, Located[Observation] | Located[Event]] = {}
    for item in items:
        key = item.item.id
        if key in first:
            raise DataError(
                f"duplicate id {key!r} (already used at {_where(first[key])}); "
                "expected a new, unique id",
                file=item.file,
                row=item.row,
                field="id",
            )
        first[key] = item


def apply_supersedes(items: Sequence[Located[Observation]]) -> list[Located[Observation]]:
    """Drop the rows that later rows supersede; raise on a dangling ``supersedes``."""
    ids = {item.item.id for item in items}
    dropped: dict[str, Located[Observation]] = {}
    for item in items:
        target = item.item.supersedes
        if target is None:
            continue
        if target not in ids:
            raise DataError(
                f"supersedes {target!r}, which is not an observation id",
                file=item.file,
                row=item.row,
                field="supersedes",
            )
        if target in dropped:
            raise DataError(
                f"{target!r} is already superseded by {dropped[target].item.id!r} "
                f"({_where(dropped[target])})",
                file=item.file,
                row=item.row,
                field="supersedes",
            )
        dropped[target] = item
    return [item for item in items if item.item.id not in dropped]


def check_one_figure_per_key(items: Sequence[Located[Observation]]) -> None:
    """Raise when two rows give the same quantity, qualifiers and ``as_of``."""
    first: dict[tuple[SeriesKey, dt.date], Located[Observation]] = {}
    for item in items:
        obs = item.item
        key = ((obs.quantity, obs.qualifiers), obs.as_of)
        if key in first:
            other = first[key]
            raise DataError(
                f"a {obs.quantity} figure with the same qualifiers and as_of {obs.as_of} already "
                f"exists (id {other.item.id!r}, {_where(other)}); expected one figure per date, "
                "or a 'supersedes' column naming the row this one corrects",
                file=item.file,
                row=item.row,
                field="as_of",
            )
        first[key] = item


def _number(obs: Observation) -> float:
    value = obs.value
    if not isinstance(value, float):
        raise TypeError(f"{obs.id} has no numeric value")
    return value


def check_bands_against_total(items: Sequence[Located[Observation]]) -> None:
    """Check each total stock against the band figures of the same ``as_of``.

    Raises
    ------
    DataError
        If the bands exceed the total, or (all four bands given) differ from it by more
        than :data:`BAND_SUM_TOLERANCE_KG_U` while the total row has no ``check_exempt``.
    """
    groups: dict[dt.date, dict[str, Located[Observation]]] = defaultdict(dict)
    for item in items:
        obs = item.item
        if obs.quantity != "enriched_uranium_stock" or not isinstance(obs.value, float):
            continue
        if obs.qualifier("site") is not None:
            continue
        band = obs.qualifier("band")
        if band is not None:
            groups[obs.as_of][band] = item
    for as_of, group in groups.items():
        total = group.get("total")
        bands = [group[b] for b in STOCK_BANDS if b in group]
        if total is None or not bands:
            continue
        total_value = _number(total.item)
        band_sum = sum(_number(b.item) for b in bands)
        blame = max([total, *bands], key=lambda i: (i.item.origin != "packaged", i.row))
        names = " + ".join(b.item.qualifier("band") or "" for b in bands)
        if band_sum > total_value + BAND_SUM_TOLERANCE_KG_U:
            raise DataError(
                f"the bands as of {as_of} ({names} = {band_sum:.1f} kg U) exceed the total "
                f"{total_value:.1f} kg U (id {total.item.id!r}); expected bands <= total",
                file=blame.file,
                row=blame.row,
                field="value",
            )
        complete = len(bands) == len(STOCK_BANDS)
        if (
            complete
            and abs(band_sum - total_value) > BAND_SUM_TOLERANCE_KG_U
            and not total.item.check_exempt
        ):
            raise DataError(
                f"the total as of {as_of} ({total_value:.1f} kg U, id {total.item.id!r}) disagrees "
                f"with its bands ({names} = {band_sum:.1f} kg U); expected them to agree within "
                f"{BAND_SUM_TOLERANCE_KG_U} kg U, or a check_exempt reason on the total row",
                file=blame.file,
                row=blame.row,
                field="value",
            )


#: Earliest date an addition may carry: the record covers Iran's enrichment programme
#: from its disclosure (Natanz and Arak were made public in August 2002).
EARLIEST_ADDITION = dt.date(2002, 1, 1)
#: How far past today an addition may be dated [days]: a report's cut-off is never in the
#: future; a year leaves room for a scheduled date (an expiry, a planned step).
MAX_DAYS_AHEAD = 365


def _check_date(value: dt.date | None, today: dt.date, item: Located[Any], column: str) -> None:
    if value is None:
        return
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    if value < EARLIEST_ADDITION or value > latest:
        raise DataError(
            f"date {value.isoformat()} is implausible; expected a date from "
            f"{EARLIEST_ADDITION.isoformat()} to {latest.isoformat()} (a year after today)",
            file=item.file,
            row=item.row,
            field=column,
        )


@cache
def known_obligations() -> frozenset[str]:
    """Ids of every obligation of every packaged agreement (JCPOA, JPOA)."""
    from lockstep.agreement import available_agreements, load_agreement

    return frozenset(
        obligation.id
        for agreement_id in available_agreements()
        for obligation in load_agreement(agreement_id).obligations
    )


def check_plausible(
    items: Sequence[Located[Observation]] | Sequence[Located[Event]],
    today: dt.date | None = None,
) -> None:
    """Refuse implausible additions (the user's rows, before they are stored).

    Dates must fall between :data:`EARLIEST_ADDITION` and :data:`MAX_DAYS_AHEAD` days
    after ``today``; events may name only obligations the packaged agreements define.
    Masses, units and assays are checked for every row when it is parsed
    (:mod:`lockstep.record.rows`).

    Parameters
    ----------
    items
        Parsed rows of one file.
    today
        The reference date (default: today).

    Raises
    ------
    DataError
        Naming the file, row and field of the first implausible row.
    """
    today = today or dt.date.today()
    for item in items:
        row = item.item
        if isinstance(row, Observation):
            _check_date(row.as_of, today, item, "as_of")
            _check_date(row.report_date, today, item, "report_date")
            continue
        _check_date(row.date, today, item, "date")
        known = known_obligations()
        for obligation in row.obligations:
            if obligation not in known:
                raise DataError(
                    f"unknown obligation {obligation!r}; expected an obligation id of the "
                    "agreements (see `lockstep agreement show jcpoa`)",
                    file=item.file,
                    row=item.row,
                    field="obligation_ids_affected",
                )


def check_observations(items: Sequence[Located[Observation]]) -> list[Located[Observation]]:
    """Run every observation check; return the rows in effect (superseded ones dropped)."""
    check_unique_ids(items)
    effective = apply_supersedes(items)
    check_one_figure_per_key(effective)
    check_bands_against_total(effective)
    return effective


def check_events(items: Sequence[Located[Event]]) -> list[Located[Event]]:
    """Run every event check; return the events."""
    check_unique_ids(items)
    return list(items)
