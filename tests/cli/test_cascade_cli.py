"""The ``cascade`` and ``centrifuges`` commands through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lockstep.cli.main import run


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert run([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_ideal_stages_t11(capsys: pytest.CaptureFixture[str]) -> None:
    # T11 (physics.md): 0.711 -> 3.5 % at 0.4 % tails, beta 1.154: N 11.32, M 3.04.
    out = cli_json(
        capsys,
        "cascade",
        "--feed",
        "0.711",
        "--product",
        "3.5",
        "--tails",
        "0.4",
        "--beta",
        "1.154",
    )
    assert out["enriching_stages"] == pytest.approx(11.32, abs=0.01)
    assert out["stripping_stages"] == pytest.approx(3.04, abs=0.005)
    assert out["alpha"] == pytest.approx(1.154**2)
    assert out["isotopes"] is None
    assert out["machines_needed"] is None


def test_machines_from_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    # 25 kg/yr of 90 % needs 4,823.4 SWU/yr: 9,647 / 6,432 / 4,824 IR-1 at 0.5 / 0.75 / 1.0.
    out = cli_json(capsys, "cascade", "--product-rate", "25", "--model", "IR-1")
    assert out["swu_per_year"] == pytest.approx(4823.44, abs=0.01)
    assert out["machine_model"] == "IR-1"
    assert out["machines_needed"] == {
        "at_low_output": 9647,
        "at_central_output": 6432,
        "at_high_output": 4824,
    }
    given = cli_json(capsys, "cascade", "--product-rate", "25", "--swu-per-machine", "4.5")
    assert given["machines_needed"]["at_central_output"] == 1072
    assert given["machine_model"] is None


def test_isotopes_default_natural(capsys: pytest.CaptureFixture[str]) -> None:
    # physics.md section 4: about 0.9 % U-234 in 90 % product from natural feed
    # (0.88 % with the IUPAC natural U-234 of 0.0053 wt-%).
    out = cli_json(capsys, "cascade", "--isotopes")
    iso = out["isotopes"]
    assert iso["feed_pct"]["U-234"] == pytest.approx(0.00531)
    assert iso["product_pct"]["U-235"] == pytest.approx(90.0, rel=1e-10)
    assert iso["product_pct"]["U-234"] == pytest.approx(0.881, abs=0.001)
    assert iso["swu_per_kg_product"] == pytest.approx(192.94, abs=0.005)
    assert iso["multicomponent_swu_per_kg_product"] < iso["swu_per_kg_product"]
    assert set(iso) >= {
        "enriching_stages",
        "stripping_stages",
        "key_mass_g_per_mol",
        "total_flow_per_feed",
        "tails_pct",
        "alpha_per_mass",
    }


def test_isotopes_with_u236_and_fixed_key_mass(capsys: pytest.CaptureFixture[str]) -> None:
    out = cli_json(
        capsys,
        "cascade",
        "--isotopes",
        "--feed",
        "0.9",
        "--product",
        "5",
        "--tails",
        "0.25",
        "--u234",
        "0.02",
        "--u236",
        "0.4",
        "--key-mass",
        "midpoint",
    )
    iso = out["isotopes"]
    assert iso["key_mass_g_per_mol"] == pytest.approx((235.0439301 + 238.0507884) / 2)
    assert iso["product_pct"]["U-236"] > iso["feed_pct"]["U-236"]


def test_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["cascade", "--isotopes", "--model", "IR-6", "--product-rate", "25"]) == 0
    out = capsys.readouterr().out
    assert "Ideal cascade" in out
    assert "IR-6 machines" in out
    assert "U-234" in out


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--alpha", "1.3", "--beta", "1.1"], "--alpha / --beta"),
        (["--alpha", "0.9"], "--alpha"),
        (["--beta", "1"], "--beta"),
        (["--model", "IR-7"], "--model"),
        (["--model", "IR-1", "--swu-per-machine", "1"], "--swu-per-machine / --model"),
        (["--swu-per-machine", "0"], "--swu-per-machine"),
        (["--product-rate", "-5"], "--product-rate"),
        (["--u234", "0.1"], "--isotopes"),
        (["--isotopes", "--key-mass", "heavy"], "--key-mass"),
        (["--isotopes", "--u236", "-1"], "--u236"),
        (["--isotopes", "--product", "99.5"], "cannot be reached"),
        (["--isotopes", "--feed", "0.92", "--u236", "0.42"], "U-236"),
        (["--tails", "1"], "--tails"),
    ],
)
def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], name: str) -> None:
    assert run(["cascade", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert name in err
    assert "Traceback" not in err


def test_centrifuges_json_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["centrifuges", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ir1 = next(r for r in rows if r["model"] == "IR-1")
    assert (ir1["swu_low"], ir1["swu_central"], ir1["swu_high"]) == (0.5, 0.75, 1.0)
    assert all(r["sources"] for r in rows)
    assert run(["centrifuges"]) == 0
    assert "IR-6" in capsys.readouterr().out
    assert run(["centrifuges", "--model", "IR-6"]) == 0
    assert "source: " in capsys.readouterr().out
    assert run(["centrifuges", "--model", "nope"]) == 2
    assert "known models" in capsys.readouterr().err


def test_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["demo"]) == 0
    out = capsys.readouterr().out
    assert "5,456.204" in out  # the balance
    assert "Ideal cascades" in out
    assert "11.33" in out
    assert "49.82" in out
    assert "IR-1 machines" in out
    assert "6,432" in out
    assert "U-234" in out
    assert "Multi-isotope" in out


def test_cli_default_beta_is_the_ir1_stage() -> None:
    from lockstep.cli.cascade import DEFAULT_BETA
    from lockstep.physics.cascade import IR1_BETA

    assert DEFAULT_BETA == IR1_BETA


# ------------------------------------------------------------------ --design (issue 12)


def test_design_ir1_164_natural_feed(capsys: pytest.CaptureFixture[str]) -> None:
    out = cli_json(capsys, "cascade", "--design", "ir1-164")
    # Iran's IR-1 cascades made 3.5-5 % from natural feed with tails about 0.4 %.
    assert 3.5 <= out["product_assay_pct"] <= 4.5
    assert 0.3 <= out["tails_assay_pct"] <= 0.5
    assert out["machines"] == 164
    assert out["stage_count"] == 15
    assert len(out["stages"]) == 15
    assert sum(s["machines"] for s in out["stages"]) == 164
    assert out["feed_kg_u_per_year"] == pytest.approx(
        out["product_kg_u_per_year"] + out["tails_kg_u_per_year"]
    )
    assert out["product_kg_u_per_day"] == pytest.approx(out["product_kg_u_per_year"] / 365.25)
    assert max(s["load"] for s in out["stages"]) == pytest.approx(1.0)
    assert out["sources"]
    assert out["recycle"] is None


def test_design_recycle_and_cascades(capsys: pytest.CaptureFixture[str]) -> None:
    one = cli_json(capsys, "cascade", "--design", "ir6-174", "--feed", "60", "--recycle-to", "90")
    two = cli_json(
        capsys,
        "cascade",
        "--design",
        "ir6-174",
        "--feed",
        "60",
        "--recycle-to",
        "90",
        "--cascades",
        "2",
    )
    assert one["recycle"]["passes"][-1]["product_assay_pct"] == pytest.approx(90.0)
    assert two["recycle"]["total_days"] == pytest.approx(one["recycle"]["total_days"] / 2)
    assert two["product_kg_u_per_year"] == pytest.approx(2 * one["product_kg_u_per_year"])


def test_design_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\ntitle: t\nmodel: IR-1\nmachines_per_stage: [4, 6, 4, 2]\n"
        "feed_stage: 2\nheads_separation_factor: 1.154\nbasis: b\nreported: r\n"
        "sources: [s]\nconfidence: low\n",
        encoding="utf-8",
    )
    out = cli_json(capsys, "cascade", "--design", str(path))
    assert out["design"] == "mine"
    assert out["machines"] == 16


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--design", "nope"], "--design"),
        (["--design", "ir1-164", "--product", "5"], "--product"),
        (["--design", "ir1-164", "--beta", "1.2"], "--beta"),
        (["--recycle-to", "90"], "--design"),
        (["--design", "ir1-164", "--recycle-to", "0.5"], "--recycle-to"),
    ],
)
def test_design_bad_options(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["cascade", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_design_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nmachines_per_stage: [1, 0]\n", encoding="utf-8")
    assert run(["cascade", "--design", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err
    assert len(err.strip().splitlines()) == 1
    assert run(["cascade", "--design", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err


def test_design_help_names_every_packaged_design(capsys: pytest.CaptureFixture[str]) -> None:
    from lockstep.physics.cascade_designs import cascade_designs

    assert run(["cascade", "--help"]) == 0
    text = "".join(capsys.readouterr().out.split())
    for design in cascade_designs():
        assert design.name in text
