"""The centrifuge catalogue: separative power per machine-year by model, with ranges.

The catalogue is the packaged file ``lockstep/data/physics/centrifuges.csv`` (reading
it is the one I/O the physics package does). Every row gives a low, central and high
output in kg-SWU per machine-year on a uranium basis, what the central value rests on,
the sources and a confidence (high, medium, low). The file is validated on first load;
the columns are described in docs/physics.md.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lockstep.errors import DataError

_FILE = "centrifuges.csv"
_PACKAGE = "lockstep.data.physics"
_COLUMNS = (
    "model",
    "description",
    "swu_low",
    "swu_central",
    "swu_high",
    "basis",
    "claimed",
    "notes",
    "changes",
    "sources",
    "confidence",
)
CONFIDENCE_LEVELS = ("high", "medium", "low")


@dataclass(frozen=True)
class Centrifuge:
    """One centrifuge model of the catalogue.

    Attributes
    ----------
    model
        Model name as used in IAEA reports (``"IR-1"``, ``"IR-6"``, ...).
    swu_low, swu_central, swu_high
        Separative power per machine [kg-SWU/yr, uranium basis], low <= central <= high.
    basis
        What the central value rests on (operational data, assessment, discounted claim).
    source
        Sources, separated by ``" ; "`` (URLs or document symbols).
    confidence
        ``"high"``, ``"medium"`` or ``"low"``.
    description
        Design and lineage.
    claimed
        Output claimed by the operator, if any, in words.
    notes
        How real output compares with claims and the reasoning behind the range.
    """

    model: str
    swu_low: float
    swu_central: float
    swu_high: float
    basis: str
    source: str
    confidence: str
    description: str = ""
    claimed: str = ""
    notes: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        """The individual sources."""
        return tuple(s.strip() for s in self.source.split(" ; ") if s.strip())


def parse_catalogue(text: str, file: str = _FILE) -> tuple[Centrifuge, ...]:
    """Parse and validate catalogue CSV text.

    Parameters
    ----------
    text
        The CSV text, header included.
    file
        Name used in error messages.

    Returns
    -------
    tuple of Centrifuge
        The rows, in file order.

    Raises
    ------
    DataError
        Naming the file, the 1-based data row and the field, for a missing column, an
        empty or non-numeric value, a range that is not 0 < low <= central <= high, a
        row without sources, an unknown confidence or a repeated model.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise DataError(f"missing column(s): {', '.join(missing)}", file=file)
    rows: list[Centrifuge] = []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=1):
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        model = row["model"]
        if not model:
            raise DataError("model name is empty", file=file, row=number, field="model")
        if model in seen:
            raise DataError(f"model {model!r} appears twice", file=file, row=number, field="model")
        seen.add(model)
        values = {}
        for field in ("swu_low", "swu_central", "swu_high"):
            try:
                value = float(row[field])
            except ValueError:
                raise DataError(
                    f"expected a number in kg-SWU per machine-year, got {row[field]!r}",
                    file=file,
                    row=number,
                    field=field,
                ) from None
            if not (math.isfinite(value) and value > 0.0):
                raise DataError(
                    f"expected a positive number, got {row[field]!r}",
                    file=file,
                    row=number,
                    field=field,
                )
            values[field] = value
        if not values["swu_low"] <= values["swu_central"]:
            raise DataError(
                "expected swu_low <= swu_central", file=file, row=number, field="swu_central"
            )
        if not values["swu_central"] <= values["swu_high"]:
            raise DataError(
                "expected swu_central <= swu_high", file=file, row=number, field="swu_high"
            )
        if not row["sources"]:
            raise DataError("expected at least one source", file=file, row=number, field="sources")
        if not row["basis"]:
            raise DataError(
                "expected the basis of the central value", file=file, row=number, field="basis"
            )
        if row["confidence"] not in CONFIDENCE_LEVELS:
            raise DataError(
                f"expected one of {', '.join(CONFIDENCE_LEVELS)}, got {row['confidence']!r}",
                file=file,
                row=number,
                field="confidence",
            )
        rows.append(
            Centrifuge(
                model=model,
                swu_low=values["swu_low"],
                swu_central=values["swu_central"],
                swu_high=values["swu_high"],
                basis=row["basis"],
                source=row["sources"],
                confidence=row["confidence"],
                description=row["description"],
                claimed=row["claimed"],
                notes=row["notes"],
            )
        )
    if not rows:
        raise DataError("the catalogue has no rows", file=file)
    return tuple(rows)


@cache
def catalogue() -> tuple[Centrifuge, ...]:
    """The packaged centrifuge catalogue, validated, in file order (read once).

    Raises
    ------
    DataError
        If the packaged file is malformed (see :func:`parse_catalogue`).
    """
    text = resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8")
    return parse_catalogue(text, file=f"lockstep/data/physics/{_FILE}")


def centrifuge(model: str) -> Centrifuge:
    """The catalogue entry of ``model`` (exact name, e.g. ``"IR-6"``).

    Raises
    ------
    DataError
        For an unknown model, listing the known ones.
    """
    for entry in catalogue():
        if entry.model == model:
            return entry
    known = ", ".join(c.model for c in catalogue())
    raise DataError(f"unknown centrifuge model {model!r}; known models: {known}", field="model")
