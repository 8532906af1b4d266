"""Read observation and event rows (CSV text or stored dicts) into typed records.

This module parses one row at a time; :mod:`lockstep.record.load` assembles the parsed
rows (packaged and the user's) into a :class:`~lockstep.record.record.Record`.

Every problem is a :class:`~lockstep.errors.DataError` naming the file, the 1-based data
row (header excluded), the field and what was expected. Cross-row checks (duplicate ids,
bands against totals...) live in :mod:`lockstep.record.checks`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, TypeVar, cast

from lockstep.errors import DataError
from lockstep.physics.units import NATURAL_ASSAY, U_PER_UF6
from lockstep.record.model import (
    MATERIAL_EFFECTS,
    MATERIALS,
    Confidence,
    Event,
    FigureStatus,
    MaterialEffect,
    Observation,
    Source,
)
from lockstep.record.vocabulary import Quantity, Vocabulary, vocabulary

T = TypeVar("T")

#: Columns of an observations file: required first, then optional.
OBSERVATION_REQUIRED = (
    "id",
    "as_of",
    "report",
    "quantity",
    "value",
    "unit",
    "status",
    "confidence",
    "source",
)
OBSERVATION_OPTIONAL = (
    "report_date",
    "band",
    "site",
    "model",
    "machine_status",
    "value_low",
    "value_high",
    "url",
    "check_exempt",
    "supersedes",
    "note",
)
#: Columns ``lockstep export`` and ``record list --csv`` write that a file may carry back
#: (they are read and ignored: ``value`` and ``unit`` are authoritative, and a user's row
#: is always of the user's batch).
OBSERVATION_EXPORTED = ("reported_value", "reported_unit", "origin")
OBSERVATION_COLUMNS = OBSERVATION_REQUIRED + OBSERVATION_OPTIONAL
#: Columns of an events file.
EVENT_REQUIRED = ("id", "date", "parties", "kind", "description", "source", "confidence")
EVENT_OPTIONAL = (
    "date_precision",
    "obligation_ids_affected",
    "measure",
    "effect",
    "contested_by",
    "material",
    "material_effect",
    "url",
    "note",
)
EVENT_EXPORTED = ("origin",)
EVENT_COLUMNS = EVENT_REQUIRED + EVENT_OPTIONAL
QUALIFIER_COLUMNS = ("band", "site", "model", "machine_status")

STATUSES: tuple[FigureStatus, ...] = ("verified", "estimated", "declared", "unverified")
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+/-]{0,199}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_OBLIGATION = re.compile(r"^[a-z0-9][a-z0-9_]*$")

Kind = Literal["observations", "events"]

#: Largest plausible value per library unit: far above anything Iran's programme has held
#: (its enriched stock never passed ~10,000 kg U; Arak-scale heavy-water output is tens of
#: tonnes a year; about 22,000 centrifuges were installed at the peak), so that only a
#: typing or unit mistake is refused, never a real figure.
PHYSICAL_BOUNDS: dict[str, float] = {
    "kg_u": 1.0e6,
    "t": 1.0e4,
    "count": 1.0e6,
    "kg_u_per_month": 1.0e5,
    "swu_per_year": 1.0e8,
}


@dataclass(frozen=True)
class Located(Generic[T]):
    """An item with the file and 1-based data row it was read from."""

    item: T
    file: str
    row: int


@dataclass(frozen=True)
class RawTable:
    """A CSV file read as strings: its kind, file label and rows (column -> text)."""

    kind: Kind
    file: str
    rows: tuple[dict[str, str], ...]
    numbers: tuple[int, ...] = ()

    def numbered(self) -> list[tuple[int, dict[str, str]]]:
        """``(data row number, row)`` pairs; numbers count blank lines too."""
        numbers = self.numbers or tuple(range(1, len(self.rows) + 1))
        return list(zip(numbers, self.rows, strict=True))


def _error(message: str, file: str, row: int | None, column: str | None) -> DataError:
    return DataError(message, file=file, row=row, field=column)


def read_csv_text(text: str, file: str) -> RawTable:
    """Parse CSV text and decide whether it holds observations or events.

    Parameters
    ----------
    text
        The file's content.
    file
        Label used in error messages (usually the path).

    Returns
    -------
    RawTable
        The rows as dicts of stripped strings.

    Raises
    ------
    DataError
        For an empty file, an unknown or missing column, a row with the wrong number of
        fields, or text the CSV reader cannot parse.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise _error(f"malformed CSV: {exc}", file, None, None) from exc
    # Blank lines are skipped but keep their place, so row numbers match the file.
    numbered = [(n, r) for n, r in enumerate(records) if any(cell.strip() for cell in r)]
    if not numbered:
        raise _error("empty file: expected a header row and data rows", file, None, None)
    header_at, header_record = numbered[0]
    header = [h.strip() for h in header_record]
    required: tuple[str, ...]
    allowed: tuple[str, ...]
    if "quantity" in header:
        kind: Kind = "observations"
        required, allowed = OBSERVATION_REQUIRED, OBSERVATION_COLUMNS + OBSERVATION_EXPORTED
    elif "parties" in header or "kind" in header:
        kind = "events"
        required, allowed = EVENT_REQUIRED, EVENT_COLUMNS + EVENT_EXPORTED
    else:
        raise _error(
            "cannot tell observations from events: expected a header with a 'quantity' "
            "column (observations) or 'parties' and 'kind' columns (events)",
            file,
            None,
            None,
        )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise _error(f"column {name!r} appears twice in the header", file, None, name)
        seen.add(name)
        if name not in allowed:
            raise _error(
                f"unknown column {name!r}; expected columns among: {', '.join(allowed)}",
                file,
                None,
                name,
            )
    for name in required:
        if name not in seen:
            raise _error(f"missing required column {name!r}", file, None, name)
    rows = []
    numbers = []
    for index, record in numbered[1:]:
        number = index - header_at
        if len(record) != len(header):
            raise _error(
                f"malformed CSV row: expected {len(header)} fields as in the header, "
                f"found {len(record)}",
                file,
                number,
                None,
            )
        rows.append({h: cell.strip() for h, cell in zip(header, record, strict=True)})
        numbers.append(number)
    if not rows:
        raise _error("no data rows after the header", file, None, None)
    return RawTable(kind, file, tuple(rows), tuple(numbers))


def read_csv_file(path: str | Path, label: str | None = None) -> RawTable:
    """Read a CSV file from disk (UTF-8); see :func:`read_csv_text`.

    ``label`` names the file in error messages (default: the path), e.g. "uploaded CSV"
    for a temporary copy of an upload.
    """
    path = Path(path)
    name = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(f"cannot read the file: {exc.strerror}", name, None, None) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(
            f"not UTF-8 text (byte {exc.start}); expected a UTF-8 CSV file", name, None, None
        ) from exc
    return read_csv_text(text, name)


# --- field parsers ------------------------------------------------------------------------


def parse_day(text: str, file: str, row: int, column: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` strictly."""
    if _DAY.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _error(f"expected a date YYYY-MM-DD, got {text!r}", file, row, column)


def _parse_event_date(
    text: str, precision: str, file: str, row: int
) -> tuple[dt.date, Literal["day", "month"]]:
    """The date and its precision; ``precision`` is the optional ``date_precision`` cell."""
    if precision not in ("", "day", "month"):
        raise _error(
            f"unknown date_precision {precision!r}; expected day or month",
            file,
            row,
            "date_precision",
        )
    if _MONTH.match(text):
        if precision == "day":
            raise _error(
                f"date_precision is day but the date {text!r} gives only a month; expected "
                "YYYY-MM-DD",
                file,
                row,
                "date",
            )
        try:
            return dt.date.fromisoformat(text + "-01"), "month"
        except ValueError:
            pass
    elif _DAY.match(text):
        day = parse_day(text, file, row, "date")
        if precision == "month":
            # The form `lockstep export` writes: the first of the month, precision month.
            if day.day != 1:
                raise _error(
                    f"date_precision is month, so the date must be YYYY-MM or the first of the "
                    f"month (got {text!r})",
                    file,
                    row,
                    "date",
                )
            return day, "month"
        return day, "day"
    raise _error(f"expected a date YYYY-MM-DD (or YYYY-MM), got {text!r}", file, row, "date")


def _parse_float(text: str, file: str, row: int, column: str, what: str) -> float:
    try:
        value = float(text.replace(",", "")) if re.fullmatch(r"[-+0-9.,eE]+", text) else None
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        raise _error(f"expected {what}, got {text!r}", file, row, column)
    return value


def _need(raw: Mapping[str, str], column: str, file: str, row: int) -> str:
    value = raw.get(column, "")
    if not value:
        raise _error("a value is required", file, row, column)
    return value


def _choice(
    raw: Mapping[str, str], column: str, allowed: Sequence[str], file: str, row: int
) -> str:
    value = _need(raw, column, file, row)
    if value not in allowed:
        raise _error(
            f"unknown value {value!r}; expected one of: {', '.join(allowed)}", file, row, column
        )
    return value


def _check_id(text: str, file: str, row: int, column: str = "id") -> str:
    if not _ID.match(text):
        raise _error(
            f"expected an id of letters, digits and . _ : + / - (got {text!r})", file, row, column
        )
    return text


def _convert(number: float, unit: str, quantity: Quantity, vocab: Vocabulary) -> float:
    spec = vocab.units[unit]
    if unit == "kg_uf6":
        return number * U_PER_UF6
    return number * (spec.factor if spec.factor is not None else 1.0)


def _parse_value(
    raw: Mapping[str, str], quantity: Quantity, unit: str, vocab: Vocabulary, file: str, row: int
) -> tuple[float | str | bool | None, float | str | bool | None]:
    """Return (library value, reported value)."""
    text = raw.get("value", "")
    if not text:
        if not raw.get("note", ""):
            raise _error(
                "empty value: expected a value, or a note saying why no figure is given",
                file,
                row,
                "value",
            )
        return None, None
    kind = quantity.kind
    if kind == "bool":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise _error(f"expected true or false, got {text!r}", file, row, "value")
        return lowered == "true", lowered == "true"
    if kind == "category":
        allowed = vocab.allowed(quantity, "value")
        if text not in allowed:
            raise _error(
                f"unknown value {text!r} for {quantity.name}; expected one of: "
                f"{', '.join(allowed)}",
                file,
                row,
                "value",
            )
        return text, text
    number = _parse_float(text, file, row, "value", "a number")
    return _check_number(number, quantity, unit, vocab, file, row, "value"), number


def _check_number(
    number: float,
    quantity: Quantity,
    unit: str,
    vocab: Vocabulary,
    file: str,
    row: int,
    column: str,
) -> float:
    if quantity.kind == "count":
        if number < 0 or number != int(number):
            raise _error(f"expected a whole number >= 0, got {number:g}", file, row, column)
        number = float(int(number))
    if quantity.kind == "assay":
        top = 100.0 if unit == "pct" else 1.0
        if not 0.0 < number <= top:
            shown = "%" if unit == "pct" else " (fraction)"
            hint = " (a percent given as a fraction? use unit pct)" if number > top else ""
            raise _error(
                f"expected an assay in (0, {top:g}]{shown}, got {number:g}{hint}",
                file,
                row,
                column,
            )
        floor = NATURAL_ASSAY * (100.0 if unit == "pct" else 1.0)
        if number < floor:
            # An enrichment level below natural uranium is not enrichment: almost always a
            # fraction typed with unit pct (0.6 meaning 60 %) or the other way round.
            other = (
                "a fraction given as a percent? use unit fraction"
                if unit == "pct"
                else ("a percent given as a fraction? use unit pct")
            )
            raise _error(
                f"an enrichment level of {number:g} {unit} is below natural uranium "
                f"({floor:g} {unit}); {other}",
                file,
                row,
                column,
            )
    value = _convert(number, unit, quantity, vocab)
    if quantity.minimum is not None and value < quantity.minimum:
        what = "a mass" if quantity.unit == "kg_u" else "a value"
        raise _error(
            f"expected {what} >= {quantity.minimum:g} {quantity.unit}, got {number:g} {unit}",
            file,
            row,
            column,
        )
    bound = PHYSICAL_BOUNDS.get(quantity.unit)
    if bound is not None and value > bound:
        raise _error(
            f"{number:g} {unit} is above the physical bound for {quantity.name} "
            f"({bound:g} {quantity.unit}); expected a plausible figure",
            file,
            row,
            column,
        )
    return value


def _source(raw: Mapping[str, str], file: str, row: int) -> Source:
    document, url = raw.get("source", ""), raw.get("url", "")
    if not document and not url:
        raise _error(
            "every row needs its source: a document symbol and paragraph, or a URL",
            file,
            row,
            "source",
        )
    if url and not re.match(r"^https?://\S+$", url):
        raise _error(f"expected an http(s) URL, got {url!r}", file, row, "url")
    return Source(document or url, url or None)


def parse_observation(
    raw: Mapping[str, str], file: str, row: int, origin: str = "packaged"
) -> Observation:
    """Build one :class:`Observation` from a row of strings (library units).

    Raises
    ------
    DataError
        Naming ``file``, ``row`` and the offending field.
    """
    vocab = vocabulary()
    obs_id = _check_id(_need(raw, "id", file, row), file, row)
    as_of = parse_day(_need(raw, "as_of", file, row), file, row, "as_of")
    report = _need(raw, "report", file, row)
    report_date = (
        parse_day(raw["report_date"], file, row, "report_date") if raw.get("report_date") else None
    )
    if report_date is not None and report_date < as_of:
        raise _error(
            f"report_date {report_date} is before as_of {as_of}: a report cannot give a figure "
            "for a later date",
            file,
            row,
            "report_date",
        )
    name = _choice(raw, "quantity", tuple(vocab.quantities), file, row)
    quantity = vocab.quantities[name]
    qualifiers: list[tuple[str, str]] = []
    for column in QUALIFIER_COLUMNS:
        text = raw.get(column, "")
        if not text:
            if column in quantity.required:
                raise _error(f"{name} needs the qualifier {column!r}", file, row, column)
            continue
        if column not in quantity.qualifiers:
            accepted = ", ".join(quantity.qualifiers) or "none"
            raise _error(
                f"{name} takes no qualifier {column!r} (accepted: {accepted})", file, row, column
            )
        allowed = vocab.allowed(quantity, column)
        if text not in allowed:
            raise _error(
                f"unknown {column} {text!r}; expected one of: {', '.join(allowed)}",
                file,
                row,
                column,
            )
        qualifiers.append((column, text))
    unit = _need(raw, "unit", file, row)
    if unit not in quantity.accepts:
        raise _error(
            f"unit {unit!r} is not accepted for {name}; expected one of: "
            f"{', '.join(quantity.accepts)}",
            file,
            row,
            "unit",
        )
    value, reported = _parse_value(raw, quantity, unit, vocab, file, row)
    bounds: dict[str, float | None] = {}
    for column in ("value_low", "value_high"):
        text = raw.get(column, "")
        if not text:
            bounds[column] = None
            continue
        if quantity.kind in ("bool", "category"):
            raise _error(f"{name} takes no range", file, row, column)
        number = _parse_float(text, file, row, column, "a number")
        bounds[column] = _check_number(number, quantity, unit, vocab, file, row, column)
    low, high = bounds["value_low"], bounds["value_high"]
    if low is not None and high is not None and low > high:
        raise _error(f"value_low {low:g} is above value_high {high:g}", file, row, "value_low")
    if isinstance(value, float):
        if low is not None and value < low:
            raise _error("value is below value_low", file, row, "value")
        if high is not None and value > high:
            raise _error("value is above value_high", file, row, "value")
    status = cast(FigureStatus, _choice(raw, "status", STATUSES, file, row))
    confidence = cast(Confidence, _choice(raw, "confidence", CONFIDENCES, file, row))
    supersedes = raw.get("supersedes", "") or None
    if supersedes is not None:
        _check_id(supersedes, file, row, "supersedes")
        if supersedes == obs_id:
            raise _error("a row cannot supersede itself", file, row, "supersedes")
    return Observation(
        id=obs_id,
        as_of=as_of,
        report=report,
        report_date=report_date,
        quantity=name,
        qualifiers=tuple(sorted(qualifiers)),
        value=value,
        unit=quantity.unit,
        status=status,
        confidence=confidence,
        source=_source(raw, file, row),
        note=raw.get("note", ""),
        reported_value=reported,
        reported_unit=unit,
        value_low=low,
        value_high=high,
        check_exempt=raw.get("check_exempt", ""),
        supersedes=supersedes,
        origin=origin,
    )


def _id_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def parse_event(raw: Mapping[str, str], file: str, row: int, origin: str = "packaged") -> Event:
    """Build one :class:`Event` from a row of strings.

    Raises
    ------
    DataError
        Naming ``file``, ``row`` and the offending field.
    """
    vocab = vocabulary()
    event_id = _check_id(_need(raw, "id", file, row), file, row)
    date, precision = _parse_event_date(
        _need(raw, "date", file, row), raw.get("date_precision", ""), file, row
    )
    parties = _id_list(_need(raw, "parties", file, row))
    for party in parties:
        if party not in vocab.parties:
            raise _error(
                f"unknown party {party!r}; expected ';'-separated ids among: "
                f"{', '.join(vocab.parties)}",
                file,
                row,
                "parties",
            )
    kind = _choice(raw, "kind", tuple(vocab.kinds), file, row)
    obligations = _id_list(raw.get("obligation_ids_affected", ""))
    for obligation in obligations:
        if not _OBLIGATION.match(obligation):
            raise _error(
                f"expected obligation ids in snake_case, got {obligation!r}",
                file,
                row,
                "obligation_ids_affected",
            )
    measures = _id_list(raw.get("measure", ""))
    for measure in measures:
        if measure not in vocab.measures:
            raise _error(
                f"unknown sanctions measure {measure!r}; expected one of: "
                f"{', '.join(vocab.measures)}",
                file,
                row,
                "measure",
            )
    effect = raw.get("effect", "") or None
    if measures and effect is None:
        raise _error("an event with a measure needs an effect", file, row, "effect")
    if effect is not None:
        if not measures:
            raise _error("an effect needs a measure", file, row, "measure")
        if effect not in vocab.effects:
            raise _error(
                f"unknown effect {effect!r}; expected one of: {', '.join(vocab.effects)}",
                file,
                row,
                "effect",
            )
    contested = _id_list(raw.get("contested_by", ""))
    for party in contested:
        if party not in vocab.parties:
            raise _error(f"unknown party {party!r}", file, row, "contested_by")
    materials, material_effect = _material(raw, file, row)
    return Event(
        id=event_id,
        date=date,
        date_precision=precision,
        parties=parties,
        kind=kind,
        description=_need(raw, "description", file, row),
        obligations=obligations,
        source=_source(raw, file, row),
        confidence=cast(Confidence, _choice(raw, "confidence", CONFIDENCES, file, row)),
        measures=measures,
        effect=effect,
        contested_by=contested,
        note=raw.get("note", ""),
        origin=origin,
        materials=materials,
        material_effect=material_effect,
    )


def _material(
    raw: Mapping[str, str], file: str, row: int
) -> tuple[tuple[str, ...], MaterialEffect | None]:
    """The ``material`` and ``material_effect`` cells: both or neither."""
    materials = _id_list(raw.get("material", ""))
    for name in materials:
        if name not in MATERIALS:
            raise _error(
                f"unknown material {name!r}; expected ';'-separated names among: "
                f"{', '.join(MATERIALS)}",
                file,
                row,
                "material",
            )
    effect = raw.get("material_effect", "") or None
    if materials and effect is None:
        raise _error(
            f"an event naming a material needs a material_effect ({', '.join(MATERIAL_EFFECTS)})",
            file,
            row,
            "material_effect",
        )
    if effect is not None:
        if not materials:
            raise _error("a material_effect needs a material", file, row, "material")
        if effect not in MATERIAL_EFFECTS:
            raise _error(
                f"unknown material_effect {effect!r}; expected one of: "
                f"{', '.join(MATERIAL_EFFECTS)}",
                file,
                row,
                "material_effect",
            )
    return materials, effect


def parse_rows(
    kind: Kind, rows: Iterable[tuple[Mapping[str, str], str, int]], origin: str = "packaged"
) -> list[Located[Observation]] | list[Located[Event]]:
    """Parse ``(row, file, row_number)`` triples of one kind."""
    if kind == "observations":
        return [Located(parse_observation(r, f, n, origin), f, n) for r, f, n in rows]
    return [Located(parse_event(r, f, n, origin), f, n) for r, f, n in rows]


def parse_table(
    table: RawTable, origin: str = "packaged"
) -> list[Located[Observation]] | list[Located[Event]]:
    """Parse every row of ``table``."""
    return parse_rows(
        table.kind,
        ((row, table.file, n) for n, row in table.numbered()),
        origin,
    )
