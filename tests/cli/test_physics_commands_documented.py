"""Every JSON key of the physics commands is documented in docs/physics.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lockstep.cli.main import run

DOC = (Path(__file__).resolve().parents[2] / "docs" / "physics.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z0-9_]+)`", DOC))


def keys(value: object) -> set[str]:
    if isinstance(value, dict):
        found = set(value)
        for item in value.values():
            if isinstance(item, dict) and not set(item) <= {
                "U-232",
                "U-234",
                "U-235",
                "U-236",
                "U-238",
            }:
                found |= keys(item)
        return found
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize(
    "args",
    [
        ["enrich", "--uf6", "--json"],
        ["cascade", "--isotopes", "--model", "IR-1", "--json"],
        ["centrifuges", "--json"],
    ],
)
def test_json_keys_are_documented(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert run(args) == 0
    missing = keys(json.loads(capsys.readouterr().out)) - DOCUMENTED
    assert not missing, f"undocumented JSON keys of `lockstep {args[0]}`: {sorted(missing)}"


@pytest.mark.parametrize("command", ["enrich", "cascade", "centrifuges", "demo"])
def test_commands_are_documented(command: str) -> None:
    assert f"lockstep {command}" in DOC
