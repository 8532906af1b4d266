"""Reading text files (YAML, CSV) with one clear error for every way they can fail."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lockstep.errors import DataError

if TYPE_CHECKING:
    import yaml


@cache
def safe_loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, with an impossible date (2019-02-30) a YAML error at its line.

    PyYAML raises a bare ``ValueError`` for a date that does not exist; here it becomes a
    ``yaml.YAMLError`` with the position, which every loader already reports. libyaml's
    parser is used when installed (several times faster on the packaged files). Built on
    first use: a command whose data comes from the parsed cache never imports PyYAML.
    """
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class SafeLoader(base):  # type: ignore[valid-type,misc]
        def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, f"impossible date {node.value!r} ({exc})", node.start_mark
                ) from None

    SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)
    return SafeLoader


def load_yaml(text: str) -> Any:
    """Parse YAML text safely (as ``yaml.safe_load``; impossible dates are YAML errors)."""
    import yaml

    return yaml.load(text, Loader=safe_loader())


def read_text_file(path: str | Path, what: str = "file") -> str:
    """The text of a UTF-8 file, or a :class:`DataError` naming the file and the problem.

    Parameters
    ----------
    path
        The file.
    what
        What the file should be, for the message (``"scenario file"``).

    Returns
    -------
    str

    Raises
    ------
    DataError
        If the file is missing, is a folder, cannot be read, or is not UTF-8 text (binary
        junk, another encoding).
    """
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{what} not found", file=file) from None
    except IsADirectoryError:
        raise DataError(f"expected the {what}, got a folder", file=file) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"byte {exc.start} is not UTF-8; expected the {what} as UTF-8 text", file=file
        ) from None
    except OSError as exc:
        raise DataError(f"cannot read the {what} ({exc.strerror})", file=file) from None
