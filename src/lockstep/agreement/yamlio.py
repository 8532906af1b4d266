"""Reading YAML while keeping the line of every value, so errors can name it.

PyYAML's safe loader turns unquoted ``2015-10-18`` into a date and silently keeps the
last of two duplicate keys. Here dates stay strings (the pydantic models parse them
strictly, so a malformed date is reported with its line), duplicate keys are errors,
and every value's 1-based line is recorded under its path (``("obligations", 3,
"party")``).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lockstep.errors import DataError

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]


class LocatedDataError(DataError):
    """A data-file error that names the line (not a CSV row) where it was found.

    Parameters
    ----------
    message
        What was wrong and what was expected.
    file
        The file concerned.
    line
        1-based line number, if known.
    field
        The key concerned (dotted path for nested keys), if known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, file=file, row=line, field=field)
        self.line = line
        parts = [p for p in (self.file, f"line {line}" if line else None) if p]
        if field is not None:
            parts.append(f"field '{field}'")
        prefix = ", ".join(parts)
        # Replace the "row N" wording of DataError: a YAML position is a line.
        self.args = (f"{prefix}: {message}" if prefix else message,)

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _loader() -> type[yaml.SafeLoader]:
    """Safe loader without the timestamp resolver (dates stay ISO strings).

    libyaml's parser is about ten times faster and keeps the same marks; the pure-Python
    one is the fallback where PyYAML was built without it. Built on first use: documents
    read from the parsed cache never import PyYAML.
    """
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[valid-type,misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


@dataclass(frozen=True)
class LocatedDocument:
    """A parsed YAML document and the line of each value.

    Attributes
    ----------
    data
        The document as plain Python objects (dates as strings).
    lines
        1-based line of the value at each path.
    file
        Where the document came from (for messages).
    """

    data: Any
    lines: dict[Path_, int]
    file: str

    def line_of(self, path: Path_) -> int | None:
        """Line of the value at ``path``, or of its nearest enclosing value."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str) -> None:
    import yaml

    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise LocatedDataError(
                    f"duplicate key '{key}' (first at line {seen[key]}); each key once",
                    file=file,
                    line=line,
                    field=".".join(str(p) for p in (*path, key)),
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, file)


def parse_yaml(text: str, file: str | Path) -> LocatedDocument:
    """Parse one YAML document, recording lines; errors become :class:`LocatedDataError`.

    Parameters
    ----------
    text
        The YAML text.
    file
        Name used in messages.

    Returns
    -------
    LocatedDocument
    """
    import yaml

    name = str(file)
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise LocatedDataError("the file is empty; expected a YAML mapping", file=name)
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, name)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(exc.problem or exc.context or "malformed YAML").split())
        raise LocatedDataError(f"malformed YAML: {problem}", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise LocatedDataError(f"malformed YAML: {exc}", file=name) from None
    finally:
        if hasattr(loader, "dispose"):
            loader.dispose()
    if not isinstance(data, dict):
        raise LocatedDataError(
            f"expected a YAML mapping at the top level, got {type(data).__name__}",
            file=name,
            line=1,
        )
    return LocatedDocument(data=data, lines=lines, file=name)
