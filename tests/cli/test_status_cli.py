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


def test_status_json_agrees_with_state_and_breakout(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert run(["status", "--as-of", "2017-07-01", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert run(["state", "--as-of", "2017-07-01", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert status["state"] == state  # one model of the world: the same state in both
    assert status["state"]["total_enriched_kg_u"] == pytest.approx(79.8)  # GOV/2017/24
    assert status["breakout"]["status"] == "ok"
    assert status["breakout_assuming_last_known"] is None
    assert sum(status["compliance_by_party"]["iran"].values()) > 0


def test_state_csv_rows_match_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io
    import json

    assert run(["state", "--as-of", "2017-07-01", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert run(["state", "--as-of", "2017-07-01", "--json"]) == 0
    state = json.loads(capsys.readouterr().out)
    total = next(r for r in rows if r["figure"] == "stock" and r["band"] == "total")
    assert float(total["mass_kg_u"]) == pytest.approx(state["total_enriched_kg_u"])
    machines = [r for r in rows if r["figure"] == "centrifuges"]
    assert len(machines) == len(state["centrifuges"]) + len(state["centrifuges_by_site"])
    assert run(["state", "--json", "--csv"]) == 2


def test_status_reads_in_words_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `make run` prints first: bands and parties by name, no column cut to "…".
    monkeypatch.setenv("COLUMNS", "80")
    assert run(["status", "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    for word in ("up to 2 % U-235", "20–60 % U-235", "United States", "E3/EU+3", "expired"):
        assert word in out
    for raw in ("up_to_", "e3eu3", "not_in_force", "…"):
        assert raw not in out
    assert "UN Security Council" in out


def test_a_command_built_alone_is_the_command_of_the_whole_app() -> None:
    # `lockstep plan ...` builds only `plan` (start-up time); its options, help and
    # defaults must be those of the full app's `plan`, for every command and group.
    from typer import _click

    from lockstep.cli.main import command

    full = command()
    assert hasattr(full, "commands")
    for name, whole in full.commands.items():  # type: ignore[attr-defined]
        alone = command(name)
        assert list(alone.commands) == [name]  # type: ignore[attr-defined]
        single = alone.commands[name]  # type: ignore[attr-defined]
        assert single.get_help(_click.Context(single, info_name=name)) == whole.get_help(
            _click.Context(whole, info_name=name)
        )
        assert [p.name for p in single.params] == [p.name for p in whole.params]
    for whole_app in ("--help", "--version", "no-such-command"):
        assert list(command(whole_app).commands) == list(full.commands)  # type: ignore[attr-defined]
