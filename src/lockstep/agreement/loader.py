"""Loading agreement files, with errors that name the file, line, item and field."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lockstep.agreement.checks import Problem, find_problems
from lockstep.agreement.schema import Agreement
from lockstep.agreement.vocabulary import Vocabulary, load_vocabulary
from lockstep.agreement.yamlio import LocatedDataError, LocatedDocument, parse_yaml
from lockstep.errors import DataError
from lockstep.files import read_text_file
from lockstep.parsed_cache import parsed_once

_PACKAGE = "lockstep.data.agreements"
_NOT_AGREEMENTS = frozenset({"metrics"})
_SECTIONS = {
    "obligations": "obligation",
    "milestones": "milestone",
    "parties": "party",
    "disputes": "dispute",
}
_TYPE_NAMES = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true/false",
    "str": "text",
    "tuple[str, ...]": "a list of texts",
    "none": "null",
    "date": "a date",
}


def available_agreements() -> tuple[str, ...]:
    """Ids of the agreements packaged with lockstep (e.g. ``("jcpoa", "jpoa")``)."""
    folder = resources.files(_PACKAGE)
    names = (
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )
    return tuple(sorted(n for n in names if n not in _NOT_AGREEMENTS))


def _data_prefix(document: LocatedDocument, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Longest prefix of ``loc`` that is a path in the document (drops union tags)."""
    node: Any = document.data
    prefix: list[Any] = []
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        node = node[part]
        prefix.append(part)
    return tuple(prefix)


def _subject(document: LocatedDocument, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """("obligation 'x'", rest-of-loc) for a loc inside a section item."""
    if len(loc) >= 2 and loc[0] in _SECTIONS and isinstance(loc[1], int):
        items = document.data.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        item_id = item.get("id") if isinstance(item, dict) else None
        label = _SECTIONS[str(loc[0])]
        name = f"{label} '{item_id}'" if isinstance(item_id, str) else f"{label} {loc[1] + 1}"
        return name, loc[2:]
    return "", loc


def _type_name(tag: str) -> str:
    """Plain words for a pydantic union member tag (``tuple[constrained-str, ...]``)."""
    if tag.startswith(("tuple[", "list[")):
        return "a list of texts" if "str" in tag else "a list"
    if "str" in tag:
        return "text"
    return _TYPE_NAMES.get(tag, tag)


def _explain(error: Any, others: list[Any], data_loc: tuple[Any, ...]) -> str:
    kind = error["type"]
    last = data_loc[-1] if data_loc else ""
    got = error.get("input")
    if kind == "missing":
        return f"missing required key '{last}'"
    if kind == "extra_forbidden":
        return f"unknown key '{last}' (check the spelling; see docs/agreement.md)"
    if kind == "string_pattern_mismatch":
        return f"expected a lowercase snake_case identifier, got {got!r}"
    tags = [str(e["loc"][len(data_loc)]) for e in others if len(e["loc"]) > len(data_loc)]
    if len(tags) > 1:
        wanted = ", ".join(dict.fromkeys(_type_name(t) for t in tags))
        return f"expected {wanted}; got {got!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if kind == "value_error" else f"{message}; got {got!r}"


def _problem_located(problems: list[Problem], document: LocatedDocument) -> LocatedDataError:
    problem = problems[0]
    count = len(problems) - 1
    _, rest = _subject(document, problem.loc)
    field = ".".join(str(p) for p in rest) or None
    more = f" (and {count} more problem{'s' if count > 1 else ''})" if count else ""
    return LocatedDataError(
        problem.message + more,
        file=document.file,
        line=document.line_of(problem.loc),
        field=field,
    )


def _located(exc: ValidationError, document: LocatedDocument) -> LocatedDataError:
    errors = exc.errors()
    first = errors[0]
    data_loc = _data_prefix(document, tuple(first["loc"]))
    same = [e for e in errors if _data_prefix(document, tuple(e["loc"])) == data_loc]
    distinct = {_data_prefix(document, tuple(e["loc"])) for e in errors}
    if first["type"] == "missing":
        data_loc = (*data_loc, first["loc"][-1])
    subject, rest = _subject(document, data_loc)
    message = _explain(first, same, data_loc)
    if subject:
        message = f"{subject}: {message}"
    if len(distinct) > 1:
        count = len(distinct) - 1
        message += f" (and {count} more problem{'s' if count > 1 else ''})"
    return LocatedDataError(
        message,
        file=document.file,
        line=document.line_of(data_loc),
        field=".".join(str(p) for p in rest) or None,
    )


def parse_agreement(
    text: str, file: str | Path = "<text>", *, vocabulary: Vocabulary | None = None
) -> Agreement:
    """Parse and validate the text of an agreement file.

    Parameters
    ----------
    text
        YAML text in the agreement format (``docs/agreement.md``).
    file
        Name used in error messages.
    vocabulary
        Metric vocabulary to check against (default: the packaged one).

    Returns
    -------
    Agreement

    Raises
    ------
    LocatedDataError
        (a :class:`lockstep.errors.DataError`) naming the file, line, item and field of
        the first problem, and what was expected.
    """
    document = parse_yaml(text, file)
    vocabulary = vocabulary or load_vocabulary()
    try:
        agreement = Agreement.model_validate(document.data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        raise _located(exc, document) from None
    problems = find_problems(agreement, vocabulary)
    if problems:
        raise _problem_located(problems, document)
    return agreement


@cache
@parsed_once("agreement")
def _packaged(agreement_id: str) -> Agreement:
    text = resources.files(_PACKAGE).joinpath(f"{agreement_id}.yaml").read_text("utf-8")
    return parse_agreement(text, f"lockstep/data/agreements/{agreement_id}.yaml")


def load_agreement(id_or_path: str | Path) -> Agreement:
    """Load a packaged agreement by id, or an agreement file by path.

    Parameters
    ----------
    id_or_path
        ``"jcpoa"``, ``"jpoa"`` (see ``available_agreements()``), or a path to a YAML
        file in the agreement format.

    Returns
    -------
    Agreement
        Validated, with milestone dates resolved. Packaged agreements are parsed once
        per process and shared (they are immutable).

    Raises
    ------
    DataError
        If the id is unknown and no such file exists, or the file is invalid.
    """
    if isinstance(id_or_path, str) and id_or_path in available_agreements():
        return _packaged(id_or_path)
    path = Path(id_or_path)
    if not path.is_file():
        known = ", ".join(available_agreements())
        raise DataError(
            f"unknown agreement '{id_or_path}'; expected one of {known} or a path to a YAML file"
        )
    text = read_text_file(path, "agreement file")
    return parse_agreement(text, path)
