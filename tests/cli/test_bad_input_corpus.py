"""Every command over a corpus of bad input: one line, exit 2, nothing written.

The corpus is generated from the CLI itself (every option of every command, by kind):
impossible and malformed dates, nan/inf/negative/non-numbers, binary/empty/malformed
files, folders and missing files where a file is wanted, unknown database schemes,
unwritable and existing outputs, unknown names. Each case must end in exactly one
``error:`` line on stderr and exit code 2: a traceback, a hang (timeout) or an exit 0
(silent acceptance of nonsense) fails. A new option is covered as soon as it exists.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from lockstep.cli.main import command, run

#: Seconds a refused case may take: parsing and checks come before any heavy work.
TIMEOUT_S = 30

DATE_OPTIONS = ("--as-of", "--from", "--to")
FILE_OPTIONS = ("--scenario", "--catalogue", "--target", "--agreement")
FILE_ARGUMENTS = ("file", "agreement_ref")
#: Options that only apply together with another (so the value itself is what is tested).
CONTEXT = {
    ("breakout", "--from"): ["--history"],
    ("breakout", "--to"): ["--history"],
    ("compliance", "--from"): ["--timeline"],
    ("compliance", "--to"): ["--timeline"],
    ("breakout", "--quantity-mass"): ["--quantity-assay", "90"],
    ("breakout", "--quantity-assay"): ["--quantity-mass", "25"],
}
#: Commands left out of the generated corpus: ``serve`` would start a server on any
#: accepted input, ``demo`` takes no options (its explicit cases are below).
SKIPPED = ("serve", "demo")


def _files(folder: Path) -> dict[str, str]:
    writes = {
        "binary.yaml": bytes(range(256)) * 4,
        "empty.yaml": b"",
        "malformed.yaml": b"a: [1, 2\n  b: }\n",
        "list.yaml": b"- 1\n- 2\n",
        "impossible-date.yaml": b"as_of: 2019-02-30\nid: x\n",
        "malformed.csv": b'quantity,as_of\n"unclosed,1\n',
        "malformed.json": b'{"a": ',
    }
    paths = {}
    for name, data in writes.items():
        (folder / name).write_bytes(data)
        paths[name] = str(folder / name)
    (folder / "a-folder").mkdir()
    paths["a-folder"] = str(folder / "a-folder")
    paths["missing"] = str(folder / "missing.yaml")
    return paths


def _leaves(node: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    if hasattr(node, "commands"):
        for name, sub in node.commands.items():
            yield from _leaves(sub, [*path, name])
    else:
        yield path, node


def _values(path: list[str], param: Any, files: dict[str, str]) -> list[str]:
    kind = param.type_descriptor.annotation
    option = param.opts[0] if getattr(param, "opts", None) else None
    if option in DATE_OPTIONS:
        return ["2019-02-30", "20190201", "", "yesterday"]
    if kind is float:
        return ["nan", "inf", "-inf", "-1", "abc"]
    if kind is int:
        return ["abc", "-1"]
    if option in FILE_OPTIONS or param.name in FILE_ARGUMENTS:
        return list(files.values())
    if option == "--db":
        return ["mysql://user@host/db", "not a url"]
    if option == "-o":
        # A folder where a file is wanted (brief), a file where a folder is (export).
        wrong = {"brief": files["a-folder"], "export": files["malformed.csv"]}.get(path[0])
        return ["", "/proc/lockstep-test/out.html", *([wrong] if wrong else [])]
    return ["nosuch", ""]


def _corpus(files: dict[str, str]) -> list[list[str]]:
    cases = []
    for path, leaf in _leaves(command(), []):
        if path[0] in SKIPPED:
            continue
        for param in leaf.params:
            if param.type_descriptor.annotation is bool:
                continue
            option = param.opts[0] if getattr(param, "opts", None) else None
            for value in _values(path, param, files):
                args = [*path, *CONTEXT.get((path[0], option or ""), [])]
                args += [option, value] if option else [value]
                # Required companions, valid, so the value under test is what fails.
                if path[0] == "brief" and option != "-o":
                    args += ["-o", "brief.html"]
                if path[0] == "export" and option != "-o":
                    args += ["-o", "export"]
                if path[-1] in ("validate", "add") and param.name != "file":
                    args += [files["malformed.csv"]]
                if path[-1] == "remove" and param.name != "batch":
                    args += ["1"]
                cases.append(args)
    return cases


#: The cases of issue 15, named, besides the generated ones.
EXPLICIT = [
    ["plan", "--horizon", "1000000000"],
    ["plan", "--samples", "1000000000"],
    ["plan", "--time-limit", "nan"],
    ["plan", "--compare", "--sweep-tau"],
    ["plan", "--taus", "10,20"],
    ["no-return", "--benchmark-days", "nan"],
    ["no-return", "--benchmark-days", "inf"],
    ["breakout", "--quantity-mass", "25", "--quantity-assay", "0.5"],
    ["breakout", "--covert", "1000000000"],
    ["breakout", "--samples", "1000000000"],
    ["breakout", "--sobol", "0"],
    ["breakout", "--sobol", "1000"],
    ["breakout", "--sobol", "1099511627776"],
    ["breakout", "--sobol", "64", "--history"],
    ["breakout", "--sobol", "64", "--scheduler", "no scheduler"],
    ["breakout", "--history", "--from", "2020-01-01", "--to", "2019-01-01"],
    ["record", "events", "--from", "2020-01-01", "--to", "2019-01-01"],
    ["record", "list", "--from", "2020-01-01", "--to", "2019-01-01"],
    ["compliance", "--timeline", "--from", "2020-01-01", "--to", "2019-01-01"],
    ["enrich", "--product-mass", "1e308"],
    ["cascade", "--alpha", "1e308"],
    ["cascade", "--beta", "1e308"],
    ["state", "--db", "mysql://user@host/db"],
    ["export", "-o", ""],
    ["brief", "-o", "/proc/b.html"],
    ["serve", "--db", "mysql://user@host/db"],
    ["serve", "--port", "-1"],
    ["--no-such-option"],
    ["no-such-command"],
]


class _HangError(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _HangError


def _invoke(args: list[str]) -> tuple[int | str, str, str]:
    if args[:1] == ["serve"]:
        # An accepted serve would run a server until killed, beyond any in-process alarm.
        try:
            done = subprocess.run(
                [sys.executable, "-m", "lockstep", *args],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"hang (over {TIMEOUT_S} s)", "", ""
        return done.returncode, done.stdout, done.stderr
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_S)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | str = run(args)
    except _HangError:
        code = f"hang (over {TIMEOUT_S} s)"
    except BaseException as exc:  # any escape is the failure being tested
        code = f"traceback ({type(exc).__name__}: {exc})"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_refuses_bad_input_in_one_line(workdir: Path) -> None:
    files = _files(workdir)
    database = Path(os.environ["LOCKSTEP_DB"].removeprefix("sqlite:///"))
    cases = _corpus(files) + EXPLICIT
    assert len(cases) > 300  # every command, every option: the corpus cannot shrink unseen
    before = _snapshot(workdir)
    database_before = database.stat().st_size if database.exists() else None
    failures = []
    for args in cases:
        code, _out, err = _invoke(args)
        lines = err.strip().splitlines()
        if code != 2 or len(lines) != 1 or not lines[0].startswith("error:"):
            failures.append(f"lockstep {' '.join(map(repr, args))} -> {code}: {err[:200]!r}")
        after = _snapshot(workdir)
        if after != before:
            failures.append(
                f"lockstep {' '.join(map(repr, args))} wrote {set(after) - set(before)}"
            )
            before = after
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures)
    database_after = database.stat().st_size if database.exists() else None
    assert database_after == database_before  # refusing input never touches the database


READ_ONLY = [
    ["state", "--as-of", "2019-01-01"],
    ["compliance", "--as-of", "2019-01-01"],
    ["record", "list", "--quantity", "enriched_uranium_stock"],
    ["record", "events", "--from", "2019-01-01", "--to", "2019-02-01"],
    ["record", "sources"],
    ["record", "batches"],
]


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a[:2]))
def test_reading_never_writes_a_schema(tmp_path: Path, args: list[str]) -> None:
    # docs/data.md: a read-only command leaves an existing empty database file empty.
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    code, _out, err = _invoke([*args, "--db", f"sqlite:///{empty}"])
    assert code == 0, err
    assert empty.stat().st_size == 0
