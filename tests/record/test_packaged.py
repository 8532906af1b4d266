"""The packaged data: sourced, consistent with its vocabulary and the status policy."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lockstep.record import Record, load_record, vocabulary


@pytest.fixture(scope="module")
def record() -> Record:
    return load_record(include_user=False)


def test_loads_with_every_row_sourced(record: Record) -> None:
    assert len(record.observations) >= 200
    assert len(record.events) >= 170
    for row in (*record.observations, *record.events):
        assert row.source.document or row.source.url
        assert row.origin == "packaged"


def test_stock_status_policy(record: Record) -> None:
    jcpoa_end = dt.date(2021, 2, 23)
    for obs in record.select("enriched_uranium_stock"):
        if obs.as_of <= jcpoa_end:
            assert obs.status == "verified", obs.id
        elif obs.value is not None and obs.as_of > dt.date(2025, 6, 13):
            # After the loss of access only statements without verification remain
            # (the IAEA Director General on the Isfahan 60 % material, 10 Mar 2026).
            assert obs.status == "unverified", obs.id
        elif obs.value is not None:
            assert obs.status == "estimated", obs.id
        else:
            assert obs.status in ("estimated", "unverified"), obs.id


def test_no_figure_after_june_2025(record: Record) -> None:
    late = [o for o in record.select("enriched_uranium_stock") if o.as_of > dt.date(2025, 6, 13)]
    assert late
    # No national figure: each report after the strikes gives none (bounds at most).
    assert all(o.value is None for o in late if "site" not in dict(o.qualifiers))
    # The one figure is a site statement: about 200 kg of 60 % at Isfahan (10 Mar 2026).
    sited = [o for o in late if o.value is not None]
    assert [(o.id, o.value, o.status) for o in sited] == [
        ("2026-03-10.stock.up_to_60pct.isfahan", 200.0, "unverified")
    ]


def test_quarterly_reports_covered(record: Record) -> None:
    totals = {o.as_of.year for o in record.series("enriched_uranium_stock", band="total")}
    assert set(range(2015, 2026)) <= totals | {2018}
    years = [d.year for d in record.report_dates()]
    for year in range(2019, 2025):
        assert years.count(year) >= 4, year


def test_bands_with_complete_split_are_exempt_or_consistent(record: Record) -> None:
    for total in record.series("enriched_uranium_stock", band="total"):
        bands = [
            record.latest("enriched_uranium_stock", total.as_of, band=b)
            for b in ("up_to_2pct", "up_to_5pct", "up_to_20pct", "up_to_60pct")
        ]
        same_day = [b for b in bands if b is not None and b.as_of == total.as_of]
        if len(same_day) == 4 and total.value is not None:
            gap = float(total.value) - sum(float(b.value) for b in same_day)  # type: ignore[arg-type]
            assert gap >= -0.5
            if gap > 0.5:
                assert "UF6 only" in total.check_exempt


def test_event_ids_and_obligation_ids(record: Record) -> None:
    ids = [e.id for e in record.events]
    assert len(ids) == len(set(ids))
    for event in record.events:
        assert re.match(r"^\d{4}-\d{2}(-\d{2})?\.", event.id)
        for obligation in event.obligations:
            assert re.match(r"^(iran|us|eu|e3|e3eu3|all|unsc)_[a-z0-9_]+$", obligation)


def test_every_measure_starts_in_force(record: Record) -> None:
    vocab = vocabulary()
    for measure in vocab.measures:
        history = record.sanctions.history(measure)
        assert history, measure
        assert history[0].effect == "imposed", measure


def test_centrifuge_rows_name_a_known_site_and_model(record: Record) -> None:
    vocab = vocabulary()
    for obs in record.select("centrifuges_installed") + record.select("centrifuges_enriching"):
        site, model = obs.qualifier("site"), obs.qualifier("model")
        assert site is None or site in vocab.qualifier_values["site"]
        assert model is None or model in vocab.qualifier_values["model"]
        assert isinstance(obs.value, float)
        assert obs.value >= 0
