"""Option parsing shared by the command modules: dates, date ranges, numbers, outputs.

Every check here raises a :class:`lockstep.errors.LockstepError` (or a Click usage
error) naming the option, so ``lockstep.cli.main.run`` prints one line and exits 2.
One date syntax everywhere: ``YYYY-MM-DD`` or the word ``today`` (UTC).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
from pathlib import Path
from typing import Any

#: The word every date option accepts for today's date (UTC).
TODAY = "today"
#: How every date option is described in ``--help``.
DATE_HELP = "YYYY-MM-DD or 'today'"


def today() -> dt.date:
    """Today's date in UTC: the default of every ``--as-of``."""
    return dt.datetime.now(dt.UTC).date()


def optional_date(value: str | None, option: str) -> dt.date | None:
    """Parse a date option (``YYYY-MM-DD`` or ``today``), naming ``option`` on error."""
    if value is None:
        return None
    if value.strip().lower() == TODAY:
        return today()
    from lockstep.record import as_date

    return as_date(value, option)


def date_or_today(value: str | None, option: str) -> dt.date:
    """As :func:`optional_date`, today's date (UTC) when the option is absent."""
    return optional_date(value, option) or today()


def date_range(
    start: str | None, end: str | None, first: str = "--from", last: str = "--to"
) -> tuple[dt.date | None, dt.date | None]:
    """Parse a ``--from``/``--to`` pair; refuse a first date after the last.

    Raises
    ------
    DomainError
        Naming the option whose date is malformed, or ``first`` if the range is reversed.
    """
    from lockstep.errors import DomainError

    begin, finish = optional_date(start, first), optional_date(end, last)
    if begin is not None and finish is not None and begin > finish:
        raise DomainError(
            first, f"a date on or before {last} {finish.isoformat()} (got {begin.isoformat()})"
        )
    return begin, finish


def exclusive(**options: object) -> None:
    """Refuse two or more of ``options`` (name -> value) given together.

    An option counts as given when its value is truthy (flags) or not None; its name is
    written as on the command line (``--compare``).
    """
    from lockstep.errors import DomainError

    given = [name for name, value in options.items() if value not in (None, False, "", 0)]
    if len(given) > 1:
        raise DomainError(
            given[0],
            f"one of {', '.join(options)} at a time (got {given[0]} with {', '.join(given[1:])})",
        )


# ---------------------------------------------------------------------------- numbers


def within(value: float | None, option: str, low: float, high: float, what: str) -> None:
    """Refuse ``value`` outside ``[low, high]`` (None passes: the option was not given).

    The caps keep a typing slip (``--horizon 1000000000``) from becoming an hour-long
    computation or an exhausted memory: one line and exit 2 instead.
    """
    from lockstep.errors import DomainError

    if value is not None and not low <= value <= high:
        raise DomainError(option, f"{what} from {low:,} to {high:,}", value=value)


def finite_floats(command: Any) -> Any:
    """Make every command under ``command`` refuse ``nan`` and ``inf`` in float options.

    Click parses ``nan`` and ``inf`` as floats, and range checks let ``nan`` through;
    applied once to the whole CLI in ``lockstep.cli.main``, so no command can forget it.
    Each command's callback is wrapped to check its float arguments before it runs.
    """
    for sub in getattr(command, "commands", {}).values():
        finite_floats(sub)
    callback = getattr(command, "callback", None)
    if callback is None:
        return command
    names = {p.name: (p.opts[0] if getattr(p, "opts", None) else p.name) for p in command.params}

    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        from lockstep.errors import DomainError

        for name, value in kwargs.items():
            if isinstance(value, float) and not math.isfinite(value):
                raise DomainError(names.get(name, name), f"a finite number (got {value})")
        return callback(*args, **kwargs)

    command.callback = checked
    return command


def scheduler_address(value: str | None, option: str = "--scheduler") -> str | None:
    """A Dask scheduler address (``tcp://host:port`` or ``host:port``), checked before use."""
    import re

    from lockstep.errors import DomainError

    if value is None:
        return None
    if not re.fullmatch(r"((tcp|tls)://)?[A-Za-z0-9.\-\[\]:]+:\d{1,5}", value.strip()):
        raise DomainError(
            option, f"a scheduler address such as tcp://127.0.0.1:8786 (got {value!r})"
        )
    return value.strip()


# ---------------------------------------------------------------------------- files


def output_file(name: str | Path, option: str = "--out") -> Path:
    """Check that ``name`` can be written as a new or replaced file, before any work.

    Refuses an empty name, a folder, and a file in a folder that cannot be written or
    created (``/proc/x``), so nothing is computed for an output that cannot be written.
    """
    from lockstep.errors import DomainError

    text = str(name)
    if not text.strip():
        raise DomainError(option, "a file name (got an empty one)")
    path = Path(text)
    if path.is_dir():
        raise DomainError(option, f"a file name (got the folder {text})")
    _writable_folder(path.parent, option)
    if path.exists() and not os.access(path, os.W_OK):
        raise DomainError(option, f"a file you can write (cannot write {text})")
    return path


def _writable_folder(folder: Path, option: str) -> None:
    """Refuse a folder that neither is nor can be made (its nearest existing parent)."""
    from lockstep.errors import DomainError

    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise DomainError(option, f"a path inside a folder ({existing} is a file)")
    # /proc and /sys are writable to root by mode bits yet refuse new entries.
    if not os.access(existing, os.W_OK) or existing.resolve().parts[1:2] in (("proc",), ("sys",)):
        raise DomainError(option, f"a place you can write (cannot write in {existing})")


def output_folder(name: str | Path, option: str = "--out") -> Path:
    """Check that ``path`` is a folder that exists and is writable, or can be created.

    Refuses an empty name (which ``Path`` would silently read as the current folder)
    and an existing file. Take the option as ``str`` so an empty name stays empty.
    """
    from lockstep.errors import DomainError

    text = str(name)
    if not text.strip():
        raise DomainError(option, "a folder name (got an empty one; write . for this folder)")
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise DomainError(option, f"a folder (got the existing file {text})")
    _writable_folder(path, option)
    return path
