"""Packaged data, parsed once per installation instead of once per command.

Validating the packaged agreement, catalogues, target regime and record with pydantic
costs more than the rest of a short command's own work (issue 15: ``lockstep plan`` and
``status`` within 4x ``lockstep --help``). The validated objects are immutable and
depend only on the package's files, so they are pickled into the user's cache folder
under a key made from every file of the installed package (path, size, modification
time) and the Python and pydantic versions: any edit to data or code, or an upgrade,
makes a new key, and a stale file is never read.

The cache is an optimisation only. Set ``LOCKSTEP_CACHE_DIR`` to choose the folder, or
to the empty string to turn it off; a folder that cannot be written (a read-only home)
simply means parsing every time. No user data goes here: the user's record additions
live in the database and are never cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

#: The package whose files make the key.
_PACKAGE_DIR = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Folder of the parsed-data cache, or None when the cache is turned off."""
    chosen = os.environ.get("LOCKSTEP_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lockstep"


@cache
def fingerprint() -> str:
    """Key of the installed package: every file's path, size and modification time.

    Returns
    -------
    str
        32 hex digits; changes with any file of the package, the Python version or the
        pydantic version.
    """
    import pydantic

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}\0{pydantic.VERSION}\0".encode())
    for folder, subfolders, files in os.walk(_PACKAGE_DIR):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            stat = os.stat(path)
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _read(path: Path) -> object:
    with path.open("rb") as handle:
        return pickle.load(handle)


def _write(folder: Path, path: Path, value: object, kind: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)
    for old in folder.glob(f"{kind}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)  # another installation's or an older edit's


def parsed_once(kind: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a loader of packaged data so that its result is kept across runs.

    Parameters
    ----------
    kind
        Name of the data (a file name part); the loader's arguments join the key.

    Returns
    -------
    Callable
        The decorator. The loader must depend only on the package's files and its
        arguments, and return a picklable, immutable value.
    """

    def decorate(load: Callable[P, T]) -> Callable[P, T]:
        @wraps(load)
        def cached(*args: P.args, **kwargs: P.kwargs) -> T:
            folder = cache_dir()
            if folder is None:
                return load(*args, **kwargs)
            arguments = hashlib.blake2b(
                repr((args, sorted(kwargs.items()))).encode(), digest_size=8
            )
            name = f"{kind}-{arguments.hexdigest()}"
            path = folder / f"{name}-{fingerprint()}.pickle"
            # Missing, unreadable, truncated or written by another version: parse.
            with contextlib.suppress(Exception):
                return _read(path)  # type: ignore[return-value]
            value = load(*args, **kwargs)
            # A read-only or full disk only costs the next run a parse.
            with contextlib.suppress(OSError, pickle.PicklingError):
                _write(folder, path, value, name)
            return value

        return cached

    return decorate
