"""The ``enrich`` command through the real entry point."""

from __future__ import annotations

import json

import pytest

from lockstep.cli.main import run


def test_worked_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    # T6 of shared/reference/physics/physics.md section 6: 25 kg of 90 % from natural
    # uranium at 0.3 % tails needs 5,456 kg U feed and 4,823 SWU.
    code = run(
        [
            "enrich",
            "--feed",
            "0.711",
            "--product",
            "90",
            "--tails",
            "0.3",
            "--product-mass",
            "25",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["feed_kg_u"] == pytest.approx(5456.2, abs=1.0)
    assert out["swu"] == pytest.approx(4823.4, abs=1.0)
    assert out["product_pct"] == 90.0
    assert out["feed_pct"] == 0.711
    assert out["tails_pct"] == 0.3
    assert out["product_kg_u"] == 25.0
    assert out["tails_kg_u"] == pytest.approx(5431.2, abs=0.05)
    assert out["swu_per_kg_product"] == pytest.approx(192.94, abs=0.005)


def test_feed_above_product_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["enrich", "--feed", "5", "--product", "3", "--tails", "0.3", "--product-mass", "1"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1
    assert "--product" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--feed-mass", "5456.204379562044"),
        ("--tails-mass", "5431.204379562044"),
        ("--swu", "4823.440437585549"),
    ],
)
def test_any_quantity_drives_the_balance(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    assert run(["enrich", option, value, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["product_kg_u"] == pytest.approx(25.0, rel=1e-12)


def test_uf6_reads_and_prints_hexafluoride(capsys: pytest.CaptureFixture[str]) -> None:
    # 1,000 kg UF6 of natural feed is 676.2 kg U.
    assert run(["enrich", "--feed-mass", "1000", "--uf6", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["feed_kg_uf6"] == pytest.approx(1000.0, rel=1e-12)
    assert out["feed_kg_u"] == pytest.approx(676.2, abs=0.05)
    assert out["product_kg_uf6"] > out["product_kg_u"]


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["enrich", "--product-mass", "25"]) == 0
    out = capsys.readouterr().out
    assert "5,456.204" in out
    assert "4,823.4 kg-SWU" in out


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--product-mass", "1", "--swu", "2"], "--product-mass / --swu"),
        (["--product-mass", "-1"], "--product-mass"),
        (["--tails", "0.8"], "--tails"),
        (["--feed", "0"], "--feed"),
        (["--product", "100"], "--product"),
        (["--feed", "abc"], "--feed"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], args: list[str], names: str
) -> None:
    assert run(["enrich", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert names in err
