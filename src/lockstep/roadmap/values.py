"""Each side's valuation of every return measure, as data with its basis.

``lockstep/data/roadmap/values.csv`` (columns ``measure,lens,value,basis``) gives a
weight for every measure the gap can generate under each lens: the ``us`` lens from what
US officials said matters (breakout time, stockpile, monitoring), the ``iran`` lens from
what Iranian officials said (oil sold and paid for, banking, guarantees, verification
that relief is real). Weights are normalized per side over the measures of one plan so
that each side sums to 100 points under each lens (model.md section 5). A user file with
the same columns overrides rows (``lockstep plan --values FILE.csv``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lockstep.errors import DataError
from lockstep.roadmap.catalogue import LENSES, data_file

COLUMNS: tuple[str, ...] = ("measure", "lens", "value", "basis")


@dataclass(frozen=True)
class Valuation:
    """One side's weight of one measure under one lens.

    Attributes
    ----------
    measure, lens
        Measure id and lens (``us`` or ``iran``).
    value
        Weight before normalization [points, >= 0].
    basis
        Why: the statement or judgement it rests on.
    origin
        File it was read from.
    """

    measure: str
    lens: str
    value: float
    basis: str
    origin: str


ValueTable = Mapping[tuple[str, str], Valuation]


def _parse(text: str, source: str) -> dict[tuple[str, str], Valuation]:
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header[: len(COLUMNS)] != COLUMNS:
        raise DataError(
            f"expected the columns {','.join(COLUMNS)} (got {','.join(header)})", file=source, row=1
        )
    out: dict[tuple[str, str], Valuation] = {}
    for row_no, row in enumerate(reader, start=2):
        measure = (row.get("measure") or "").strip()
        lens = (row.get("lens") or "").strip()
        if not measure:
            raise DataError("empty measure id", file=source, row=row_no, field="measure")
        if lens not in LENSES:
            raise DataError(
                f"lens {lens!r}: expected one of {', '.join(LENSES)}",
                file=source,
                row=row_no,
                field="lens",
            )
        raw = (row.get("value") or "").strip()
        try:
            value = float(raw)
        except ValueError:
            raise DataError(
                f"value {raw!r}: expected a number >= 0", file=source, row=row_no, field="value"
            ) from None
        if not math.isfinite(value) or value < 0:
            raise DataError(
                f"value {raw!r}: expected a number >= 0", file=source, row=row_no, field="value"
            )
        basis = (row.get("basis") or "").strip()
        if not basis:
            raise DataError("every value needs its basis", file=source, row=row_no, field="basis")
        if (measure, lens) in out:
            raise DataError(
                f"{measure} under the {lens} lens is given twice", file=source, row=row_no
            )
        out[(measure, lens)] = Valuation(measure, lens, value, basis, source)
    return out


@lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[tuple[str, str], Valuation], ...]:
    return tuple(_parse(data_file("values.csv").read_text("utf-8"), "values.csv").items())


def packaged_values() -> dict[tuple[str, str], Valuation]:
    """The packaged valuation table (``values.csv``, parsed once per process)."""
    return dict(_packaged())


def load_values(path: str | Path | None = None) -> dict[tuple[str, str], Valuation]:
    """The packaged table, with the rows of ``path`` (if given) overriding it.

    Raises
    ------
    DataError
        For a missing file, wrong columns, an unknown lens or measure, a negative or
        non-numeric value, or a row without basis (naming file, row and field).
    """
    table = packaged_values()
    if path is None:
        return table
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("values file not found", file=p) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the values file ({exc})", file=p) from None
    override = _parse(text, str(p))
    known = {m for m, _ in table}
    for (measure, _lens), v in override.items():
        if measure not in known:
            raise DataError(
                f"unknown measure {measure!r}; expected one of {', '.join(sorted(known))}",
                file=v.origin,
                field="measure",
            )
    return {**table, **override}


def normalized_points(weights: Mapping[str, float]) -> dict[str, int]:
    """Integer points summing to 100 in proportion to ``weights`` (largest remainder).

    All-zero weights share the 100 points equally.
    """
    if not weights:
        return {}
    if sum(weights.values()) <= 0:
        weights = dict.fromkeys(weights, 1.0)
    total = sum(weights.values())
    exact = {k: 100.0 * w / total for k, w in weights.items()}
    points = {k: math.floor(x) for k, x in exact.items()}
    left = 100 - sum(points.values())
    for k in sorted(exact, key=lambda k: (points[k] - exact[k], k))[:left]:
        points[k] += 1
    return points


def side_values(
    measures: Iterable[tuple[str, str]], table: ValueTable
) -> dict[str, dict[str, int]]:
    """Points of each measure under each lens, each side summing to 100.

    Parameters
    ----------
    measures
        ``(measure id, side)`` pairs of one plan.
    table
        The valuation table.

    Returns
    -------
    dict
        ``{measure: {lens: points}}``.

    Raises
    ------
    DataError
        If a measure has no row for a lens.
    """
    pairs = list(measures)
    out: dict[str, dict[str, int]] = {m: {} for m, _ in pairs}
    for lens in LENSES:
        for side in ("nuclear", "relief"):
            weights: dict[str, float] = {}
            for m, s in pairs:
                if s != side:
                    continue
                v = table.get((m, lens))
                if v is None:
                    raise DataError(
                        f"no value for measure {m!r} under the {lens} lens", file="values.csv"
                    )
                weights[m] = v.value
            for m, pts in normalized_points(weights).items():
                out[m][lens] = pts
    return out


def bases(measure: str, table: ValueTable) -> dict[str, str]:
    """The basis of a measure's value under each lens."""
    return {lens: table[(measure, lens)].basis for lens in LENSES if (measure, lens) in table}
