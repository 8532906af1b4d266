"""Packages export their names lazily (lockstep._lazy): the same names, on first use."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from lockstep._lazy import exports_of

SRC = Path(__file__).resolve().parents[1] / "src" / "lockstep"
LAZY_PACKAGES = sorted(
    ".".join(("lockstep", *p.parent.relative_to(SRC).parts))
    for p in SRC.rglob("__init__.py")
    if "from lockstep._lazy import attach" in p.read_text("utf-8")
)


def test_the_packages_that_start_every_command_are_lazy() -> None:
    assert {
        "lockstep.agreement",
        "lockstep.assessment",
        "lockstep.compliance",
        "lockstep.physics",
        "lockstep.physics.breakout",
        "lockstep.record",
        "lockstep.report",
        "lockstep.roadmap",
        "lockstep.store",
        "lockstep.sweeps",
        "lockstep.web",
    } <= set(LAZY_PACKAGES)


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_exported_name_resolves_to_its_definition(package: str) -> None:
    module = importlib.import_module(package)
    exports = exports_of(module.__file__ or "")
    assert exports, f"{package}: no names in its TYPE_CHECKING block"
    assert set(module.__all__) <= set(exports) | set(vars(module))
    for name, source in exports.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name)
        assert name in dir(module)
    with pytest.raises(AttributeError, match="no attribute 'not_an_export'"):
        module.not_an_export  # noqa: B018


def test_an_export_named_like_its_module_stays_the_function() -> None:
    # Importing lockstep.roadmap.optimize (the module) must not replace
    # lockstep.roadmap.optimize (the function), as an eager import never did.
    code = (
        "import lockstep.roadmap.optimize, lockstep.roadmap.validate, lockstep.record.vocabulary\n"
        "import lockstep.roadmap as r, lockstep.record as rec, lockstep.physics.breakout as b\n"
        "import lockstep.physics.breakout.ensemble_parameters\n"
        "assert callable(r.optimize) and callable(r.validate), (r.optimize, r.validate)\n"
        "assert callable(rec.vocabulary) and callable(b.ensemble_parameters)\n"
        "from lockstep.roadmap import optimize; assert callable(optimize)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_short_command_does_not_import_what_it_does_not_use() -> None:
    # What the laziness is for (issue 15): `plan --catalogue worked_example` needs no
    # record, no ensemble and no scenario schema; `status` needs no solver. Once the
    # parsed cache is warm (the first run below), no command parses YAML (PyYAML: 11 ms)
    # and no percentile goes through np.unique (numpy.ma: 20 ms).
    code = (
        "import sys, io, contextlib\n"
        "from lockstep.cli.main import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert run(['plan', '--catalogue', 'worked_example']) == 0\n"
        "loaded = set(sys.modules)\n"
        "unwanted = {'lockstep.record.state', 'lockstep.assessment.scenario', "
        "'lockstep.physics.breakout.ensemble', 'pandas', 'weasyprint', 'fastapi', "
        "'yaml', 'numpy.ma'} & loaded\n"
        "assert not unwanted, unwanted\n"
    )
    for command in (["plan", "--catalogue", "worked_example"], ["status"], ["breakout"]):
        warm = f"from lockstep.cli.main import run; run({command!r})"
        subprocess.run([sys.executable, "-c", warm], check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", code], check=True)
    for command in ("status", "breakout"):
        again = (
            "import sys, io, contextlib\n"
            "from lockstep.cli.main import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert run([{command!r}]) == 0\n"
            "unwanted = {'yaml', 'numpy.ma', 'scipy'} & set(sys.modules)\n"
            "assert not unwanted, unwanted\n"
        )
        subprocess.run([sys.executable, "-c", again], check=True)
    code = (
        "import sys, io, contextlib\n"
        "from lockstep.cli.main import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert run(['status']) == 0\n"
        "unwanted = {'ortools', 'lockstep.roadmap.optimize', 'lockstep.report.brief', "
        "'sqlalchemy', 'pandas'} & set(sys.modules)\n"
        "assert not unwanted, unwanted\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
