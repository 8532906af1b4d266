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


def test_feed_above_product_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["enrich", "--feed", "5", "--product", "3", "--tails", "0.3", "--product-mass", "1"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1
    assert "--product" in captured.err
    assert "Traceback" not in captured.err
