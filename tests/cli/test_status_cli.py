"""``lockstep status``: the summary the main job prints."""

from __future__ import annotations

import pytest

from lockstep.cli.main import run


def test_status_mid_2017(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["status", "--as-of", "2017-07-01"]) == 0
    out = capsys.readouterr().out
    assert "79.8" in out  # GOV/2017/24, as of 27 May 2017
    assert "breakout (days to 25 kg of 90 %): P50" in out
    assert "JCPOA obligations by status" in out


def test_status_after_loss_of_access_says_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["status", "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "breakout: unknown (no verified figures)" in out
    assert "unverified" in out


def test_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["status", "--as-of", "01/01/2026"]) == 2
    assert "--as-of: expected a date" in capsys.readouterr().err
