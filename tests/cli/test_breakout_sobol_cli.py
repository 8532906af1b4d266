"""``lockstep breakout --sobol N``: the JSON contract, the table in words, bad N."""

from __future__ import annotations

import json

import pytest

from lockstep.cli.main import run

KEYS = {"input", "label", "s1", "s1_conf", "st", "st_conf"}


@pytest.fixture(scope="module")
def body() -> dict[str, object]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run(["breakout", "--sobol", "64", "--as-of", "2023-06-01", "--json"]) == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_json_contract(body: dict[str, object]) -> None:
    assert body["as_of"] == "2023-06-01"
    assert body["output"] == "first_quantity_days"
    assert body["n"] == 64
    entries = body["sobol"]
    assert isinstance(entries, list)
    assert body["samples_evaluated"] == 64 * (len(entries) + 2)
    assert all(set(e) == KEYS for e in entries)
    names = [e["input"] for e in entries]
    assert "structure" in names
    assert "effectiveness" in names
    assert "stock:up_to_60pct" in names
    assert [e["st"] for e in entries] == sorted((e["st"] for e in entries), reverse=True)
    # Days to the first quantity on 2023-06-01: weeks (the 60 % stock, docs/breakout.md).
    days = body["first_quantity_days"]
    assert isinstance(days, dict)
    assert 5 < days["p50"] < 40


def test_same_seed_same_indices(
    body: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["breakout", "--sobol", "64", "--as-of", "2023-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == body


def test_table_names_inputs_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["breakout", "--sobol", "32", "--as-of", "2023-06-01"]) == 0
    out = capsys.readouterr().out
    for words in ("model structure", "set-up days", "alone (S1)", "in all (ST)"):
        assert words in out
    for key in ("swu_per_machine_year", "setup_days"):
        assert key not in out
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    "args",
    [
        ["--sobol", "0"],
        ["--sobol", "-16"],
        ["--sobol", "100"],
        ["--sobol", "1048576"],
        ["--sobol", "64", "--samples", "100"],
        ["--sobol", "64", "--model", "swu-budget"],
        ["--sobol", "64", "--scenario", "x.yaml"],
        ["--scheduler", "tcp://127.0.0.1:8786"],
        ["--sobol", "64", "--scheduler", "not an address"],
        # After the loss of access breakout is unknown: no indices of an unknown.
        ["--sobol", "64", "--as-of", "2025-09-01"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["breakout", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
