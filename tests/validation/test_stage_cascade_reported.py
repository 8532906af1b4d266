"""The packaged cascades against what Iran's cascades were reported to produce.

The designs' parameters are physical (IAEA machine and stage counts, Glaser's machine
model for beta) and were not fitted to these figures: this is an independent check,
so the tolerances are the spread of the reports ('up to', 'near'), not of the model.
"""

from __future__ import annotations

import pytest

from lockstep.physics.cascade_designs import cascade_design


def test_ir1_164_natural_feed_makes_reported_leu() -> None:
    # Natanz FEP 2007-2013: 3.5 % LEU ('up to 5 %' from 2013), tails about 0.4 %
    # (ISIS, 19 Oct 2011; shared physics note section 5.2).
    p = cascade_design("ir1-164").run(0.00711, 0.75).profile
    assert 0.035 <= float(p.product_assay[0]) <= 0.045
    assert 0.003 <= float(p.tails_assay[0]) <= 0.005


def test_ir1_164_product_rate_is_of_the_reported_order() -> None:
    # ISIS (19 Oct 2011): 5,860 IR-1 for about 150 kg/month of 3.5 % LEU (UF6): about
    # 34 kg U a year per 164 machines. At the catalogue's central output (0.75) the
    # stage model gives 27 kg U/yr of 3.84 %; the catalogue's range 0.5-1.0 spans it.
    per_cascade = 150 * 0.676 * 12 / (5860 / 164)
    run = cascade_design("ir1-164").run(0.00711, 0.75)
    assert 0.6 * per_cascade <= float(run.product_kg_u_per_year[0]) <= 1.4 * per_cascade


@pytest.mark.parametrize(
    ("feed", "low", "high", "report"),
    [
        (0.035, 0.14, 0.21, "GOV/2010/10: one PFEP IR-1 cascade fed 3.5 % gave up to 19.8 %"),
        (0.045, 0.17, 0.25, "Jan 2021: Fordow IR-1 cascades fed LEU made near-20 %"),
    ],
)
def test_ir1_164_fed_leu_makes_near_20(feed: float, low: float, high: float, report: str) -> None:
    p = cascade_design("ir1-164").run(feed, 0.75).profile
    assert low <= float(p.product_assay[0]) <= high, report


def test_ir6_174_fed_20_makes_60() -> None:
    # GOV/2025/8: from Dec 2024 Fordow IR-6 cascades were fed 20 % to make 60 %.
    p = cascade_design("ir6-174").run(0.1975, 4.5).profile
    assert 0.5 <= float(p.product_assay[0]) <= 0.72


def test_two_ir6_cascades_in_series_make_60_from_5() -> None:
    # GOV/INF/2023/1: two interconnected IR-6 cascades at Fordow made 60 % (from LEU).
    design = cascade_design("ir6-174")
    first = float(design.run(0.05, 4.5).profile.product_assay[0])
    second = float(design.run(first, 4.5).profile.product_assay[0])
    assert first < 0.5 <= second <= 0.85
