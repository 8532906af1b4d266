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


def test_as_of_today_is_todays_date(capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    assert run(["state", "--as-of", "today", "--json"]) == 0
    assert f'"as_of": "{dt.datetime.now(dt.UTC).date().isoformat()}"' in capsys.readouterr().out


@pytest.mark.parametrize("command", ["status", "state", "breakout", "plan", "compliance"])
def test_one_date_syntax(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    # plan once took 20190201 alone; every command takes YYYY-MM-DD (or today) only.
    assert run([command, "--as-of", "20190201"]) == 2
    err = capsys.readouterr().err
    assert "--as-of: expected a date YYYY-MM-DD" in err
    assert len(err.strip().splitlines()) == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from lockstep import __version__

    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"lockstep {__version__}"
