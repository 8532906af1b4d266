"""Every JSON key and command option of ``lockstep breakout`` is documented."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

import iaea_states
from lockstep.assessment import BreakoutOptions, CovertPlant, assess_state, payload
from lockstep.assessment.history import HISTORY_COLUMNS
from lockstep.cli.main import run

DOC = (Path(__file__).resolve().parents[2] / "docs" / "breakout.md").read_text(encoding="utf-8")
# Keys whose names are data, not contract (model names, sites).
DATA_KEYS = {"IR-1", "IR-2m", "IR-4", "IR-6"}  # model names are data


def keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            found |= keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= keys(item)
    return found


def test_every_json_key_is_documented() -> None:
    ok = payload(
        assess_state(
            iaea_states.feb_2023(),
            BreakoutOptions(samples=200, covert=CovertPlant("IR-6", 10)),
        )
    )
    unknown = payload(
        assess_state(iaea_states.june_2025(after=dt.date(2026, 1, 1)), BreakoutOptions(samples=200))
    )
    missing = sorted(
        k
        for k in keys(ok) | keys(unknown) | set(HISTORY_COLUMNS)
        if k not in DATA_KEYS and f"`{k}`" not in DOC
    )
    assert missing == []


def test_every_option_is_documented(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--help"]) == 0
    options = set(re.findall(r"(--[a-z][a-z-]+)", capsys.readouterr().out)) - {"--help"}
    assert options
    missing = sorted(o for o in options if o not in DOC)
    assert missing == []
