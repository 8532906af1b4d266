"""Every date from the JPOA's baseline (GOV/2013/56, 14 Nov 2013) on has a state and a
breakout (issue 10, acceptance 1).

The per-site centrifuge figures of 2013-2015 come with the baseline data pass; until
they are in the packaged record, the breakout checks are skipped with that reason (the
state checks run regardless).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lockstep.cli.main import app
from lockstep.record import Record, load_record, state_at
from lockstep.web import Settings, create_app

#: GOV/2013/56's cut-off, the first figure of the record; the JPOA, the JCPOA's
#: adoption and Implementation Day, and dates between them.
DATES = (
    "2013-11-14",
    "2013-11-19",
    "2014-01-20",
    "2014-06-01",
    "2015-01-01",
    "2015-07-14",
    "2015-12-01",
    "2016-01-01",
    "2016-01-16",
    "2016-06-01",
)


@pytest.fixture(scope="module")
def record() -> Record:
    return load_record(include_user=False)


def _has_baseline_centrifuges(record: Record) -> bool:
    """Whether per-site centrifuge figures exist before the JCPOA's first report."""
    return any(
        o.qualifier("site") is not None
        for o in record.select("centrifuges_enriching", end=dt.date(2015, 1, 1))
    )


@pytest.mark.parametrize("day", DATES)
def test_state_answers_with_dated_figures(record: Record, day: str) -> None:
    state = state_at(day, record)
    for figure in (*state.stocks, *(s for s in [state.total_figure] if s is not None)):
        # Every figure says why it stands; a number always comes with its date and age.
        assert figure.basis in ("figure", "bound", "unknown_after_event", "no_figure")
        if figure.mass_kg_u is not None:
            assert figure.figure_as_of is not None
            assert figure.age_days is not None
            assert figure.age_days >= 0
            assert figure.source is not None


def test_before_the_first_figure_nothing_is_invented(record: Record) -> None:
    state = state_at("2010-01-01", record)
    assert state.total_enriched_kg_u is None
    assert all(s.mass_kg_u is None and s.basis == "no_figure" for s in state.stocks)
    assert state.centrifuges == ()


@pytest.mark.parametrize("day", DATES)
def test_breakout_answers_from_the_baseline_on(record: Record, day: str) -> None:
    if not _has_baseline_centrifuges(record):
        pytest.skip("the 2013-2015 per-site centrifuge rows are not in the packaged record yet")
    result = CliRunner().invoke(app, ["breakout", "--as-of", day, "--json", "--samples", "500"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["status"] == "ok"
    days = payload["first_quantity_days"]
    assert 0 < days["p10"] <= days["p50"] <= days["p90"]


@pytest.mark.parametrize("day", ["2013-11-19", "2015-07-14", "2016-01-01"])
def test_overview_page_answers_for_baseline_dates(record: Record, day: str, tmp_path: Path) -> None:
    if not _has_baseline_centrifuges(record):
        pytest.skip("the 2013-2015 per-site centrifuge rows are not in the packaged record yet")
    client = TestClient(
        create_app(Settings(db_url=f"sqlite:///{tmp_path}/web.db")), base_url="http://127.0.0.1"
    )
    response = client.get("/", params={"as_of": day})
    assert response.status_code == 200
