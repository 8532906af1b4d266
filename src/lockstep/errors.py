"""The project's error tree.

Every error a user can cause by bad input derives from :class:`LockstepError`, which is
itself a :class:`ValueError`, so callers may catch either. The CLI turns these into one
line on stderr and exit code 2; the web API into HTTP 422.
"""

from __future__ import annotations

from pathlib import Path


class LockstepError(ValueError):
    """Base class of every error caused by bad input or an impossible request."""


class DomainError(LockstepError):
    """An argument lies outside the domain of a physical formula.

    Parameters
    ----------
    argument
        Name of the offending argument, as the caller spelled it.
    expected
        What was expected, in words (e.g. ``"0 < tails_assay < feed_assay"``).
    index
        For array arguments, the first offending index (a tuple for n-d arrays).
    value
        The offending value, if known.
    """

    def __init__(
        self,
        argument: str,
        expected: str,
        *,
        index: tuple[int, ...] | None = None,
        value: float | None = None,
    ) -> None:
        self.argument = argument
        self.expected = expected
        self.index = index
        self.value = value
        where = f"{argument}[{', '.join(map(str, index))}]" if index is not None else argument
        got = f" (got {value:g})" if value is not None else ""
        super().__init__(f"{where}: expected {expected}{got}")


class DataError(LockstepError):
    """A data file (YAML, CSV) or scenario is malformed or inconsistent.

    Parameters
    ----------
    message
        What was wrong and what was expected.
    file
        The file concerned, if any.
    row
        1-based row (CSV data row, header excluded) or line number, if known.
    field
        The column or key concerned, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.field = field
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if row is not None:
            parts.append(f"row {row}")
        if field is not None:
            parts.append(f"field '{field}'")
        prefix = ", ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class InfeasibleError(LockstepError):
    """A request cannot be met (e.g. a quantity cannot be produced from the stocks allowed)."""


class NotFoundError(DataError):
    """A stored item that was asked for does not exist (HTTP 404 in the web API)."""


class ConflictError(DataError):
    """A write would clash with what is stored, e.g. a name already taken (HTTP 409)."""
