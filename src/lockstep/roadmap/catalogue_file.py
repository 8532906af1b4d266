"""Reading a catalogue file: YAML with line numbers, schema validation, consistency checks.

The schema is :mod:`lockstep.roadmap.catalogue`, the cross-field checks
:mod:`lockstep.roadmap.catalogue_checks`; this module joins them (imports go one way:
schema <- checks <- file).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lockstep.errors import DataError
from lockstep.files import load_yaml, read_text_file
from lockstep.parsed_cache import parsed_once
from lockstep.roadmap.catalogue import (
    PARTIES,
    Catalogue,
    CatalogueSpec,
    data_file,
    line_for,
    packaged_catalogues,
)
from lockstep.roadmap.catalogue_checks import check_catalogue


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path of a YAML document to its 1-based line number."""
    import yaml

    lines: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


class _LinesOnDemand(Mapping[tuple[Any, ...], int]):
    """Key path to line number, composed only when an error message asks for one.

    Composing the YAML node tree in pure Python costs more than parsing the document
    with libyaml; a valid catalogue never needs its line numbers.
    """

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def _lines(self) -> dict[tuple[Any, ...], int]:
        return _line_map(self._text)

    def __getitem__(self, key: tuple[Any, ...]) -> int:
        return self._lines[key]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, key: object) -> bool:
        return key in self._lines


def _measure_label(data: Any, loc: Sequence[Any]) -> str:
    if len(loc) >= 2 and loc[0] == "measures" and isinstance(loc[1], int):
        try:
            mid = data["measures"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            mid = None
        return f"measure '{mid}'" if mid else f"measure #{loc[1] + 1}"
    return ""


def _error_from_validation(
    exc: ValidationError, data: Any, source: str, lines: Mapping[tuple[Any, ...], int]
) -> DataError:
    err = exc.errors()[0]
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    label = _measure_label(data, loc)
    rest = loc[2:] if label else loc
    # Discriminated-union tags (e.g. "export") are not user fields.
    field = ".".join(str(p) for p in rest if not isinstance(p, int)) or None
    msg = err["msg"]
    if err["type"] == "literal_error" and field and field.endswith("party"):
        msg = f"unknown party {err.get('input')!r}; expected one of {', '.join(PARTIES)}"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    text = f"{label}: {msg}" if label else msg
    return DataError(text, file=source, row=line_for(lines, loc), field=field)


def catalogue_from_dict(
    data: Any, *, source: str = "<dict>", lines: Mapping[tuple[Any, ...], int] | None = None
) -> Catalogue:
    """Validate a parsed catalogue document.

    Parameters
    ----------
    data
        The parsed YAML (a mapping).
    source
        Name used in error messages.
    lines
        Key path to line number, for error messages.

    Returns
    -------
    Catalogue
        The validated catalogue.

    Raises
    ------
    DataError
        On any schema or consistency error, naming the measure and field.
    """
    lines = {} if lines is None else lines
    if not isinstance(data, Mapping):
        raise DataError("a catalogue must be a YAML mapping", file=source)
    # Top-level "x-" keys hold YAML anchors (shared provenance) and are not content.
    data = {k: v for k, v in data.items() if not str(k).startswith("x-")}
    try:
        spec = CatalogueSpec.model_validate(data)
    except ValidationError as exc:
        raise _error_from_validation(exc, data, source, lines) from None
    check_catalogue(spec, source=source, lines=lines)
    return Catalogue(spec, source)


def load_catalogue(path: str | Path) -> Catalogue:
    """Load and validate a catalogue YAML file.

    Parameters
    ----------
    path
        A file path, or the name of a packaged catalogue (``default``,
        ``worked_example``).

    Returns
    -------
    Catalogue
        The validated catalogue.

    Raises
    ------
    DataError
        If the file is missing, is not YAML, or fails validation.
    """
    name = str(path)
    if name in packaged_catalogues():
        return _packaged_catalogue(name)
    p = Path(path)
    return _parsed(read_text_file(p, "catalogue file"), str(p))


@cache
@parsed_once("catalogue")
def _packaged_catalogue(name: str) -> Catalogue:
    # Packaged files never change and the validated spec is immutable: parse them once
    # (the YAML parse dominated each new planner question on the dashboard).
    return _parsed(data_file(f"{name}.yaml").read_text("utf-8"), f"{name}.yaml")


def _parsed(text: str, source: str) -> Catalogue:
    import yaml  # on use: packaged catalogues come from the parsed cache

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", exc)
        raise DataError(f"not valid YAML ({problem})", file=source, row=row) from None
    return catalogue_from_dict(data, source=source, lines=_LinesOnDemand(text))


def default_catalogue() -> Catalogue:
    """The default catalogue: a return to JCPOA limits from the June 2025 state."""
    return load_catalogue("default")


def worked_example() -> Catalogue:
    """The worked example of model.md section 8 as a catalogue."""
    return load_catalogue("worked_example")
