"""``lockstep no-return`` and ``lockstep plan --assume-last-known`` through the entry point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lockstep.cli.main import run


def _json(capsys: pytest.CaptureFixture[str], args: list[str]) -> dict[str, object]:
    code = run(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out: dict[str, object] = json.loads(captured.out)
    return out


def test_no_return_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, ["no-return", "--to", "2026-02-27", "--json"])
    assert {"reference_days", "rows", "losses", "first_date_lost"} <= set(out)
    rows = {(r["date"], r["policy"]): r for r in out["rows"]}  # type: ignore[attr-defined]
    assert rows[("2018-11-04", "store")]["status"] == "restorable"
    assert rows[("2016-01-16", "store")]["share_of_reference"] == pytest.approx(1.0, abs=0.001)
    assert rows[("2021-05-22", "store")]["status"] == "lost"
    assert "23 Feb 2021" in rows[("2021-05-22", "store")]["because"]
    last = rows[("2026-02-27", "destroy")]
    assert last["status"] == "unknown"
    assert last["share_of_reference"] is None
    assumed = _json(capsys, ["no-return", "--to", "2026-02-27", "--assume-last-known", "--json"])
    row = next(
        r
        for r in assumed["rows"]  # type: ignore[attr-defined]
        if r["date"] == "2026-02-27" and r["policy"] == "destroy"
    )
    assert row["status"] == "lost"
    assert row["share_of_reference_low"] < row["share_of_reference"]


def test_no_return_table_says_what_is_lost(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert run(["no-return", "--to", "2025-06-13"]) == 0
    out = capsys.readouterr().out
    assert "What a return cannot undo:" in out
    assert "since 23 Feb 2021: continuity of knowledge of centrifuge production" in out
    assert "deal's own" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_no_return_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["no-return", "--to", "2025-06-13", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"share_of_reference", "status", "because"} <= set(rows[0])
    assert {r["status"] for r in rows} == {"restorable", "lost"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-return", "--json", "--csv"], "choose one"),
        (["no-return", "--to", "2025-13-01"], "--to"),
        (["no-return", "--rebuild-days", "-1"], "--rebuild-days"),
        (["no-return", "--benchmark-days", "0"], "--benchmark-days"),
    ],
)
def test_no_return_bad_input(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_plan_after_the_loss_of_access(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["plan", "--as-of", "2026-01-15", "--strategy", "sync", "--json"]
    out = _json(capsys, base)
    assert out["breakout_status"] == "unknown"
    assert out["breakout_start_days"] is None
    assert run(base[:-1]) == 0
    assert "note: breakout unknown: no verified figures" in capsys.readouterr().out
    assumed = _json(capsys, [*base, "--assume-last-known"])
    # The same answer as lockstep breakout with the same assumption.
    breakout = _json(capsys, ["breakout", "--as-of", "2026-01-15", "--assume-last-known", "--json"])
    assert assumed["breakout_status"] == breakout["status"]
    if breakout["status"] == "ok":
        p50 = breakout["first_quantity_days"]["p50"]  # type: ignore[index]
        assert assumed["breakout_start_days"] == pytest.approx(p50, rel=0.10)
