"""Facility status after June 2025 (facilities.csv) and how breakout uses it.

Readings are the IAEA Director General's statements and reports (Reuters, AP, NYT texts)
and, beside them, other parties' readings (the US "obliterated" for Fordow).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lockstep.assessment import BreakoutOptions, assess_state
from lockstep.errors import DataError
from lockstep.record import load_record, state_at, state_to_dict
from lockstep.record.facilities import (
    FacilityReading,
    facilities_at,
    facility_readings,
    parse_facilities,
)

HEADER = "id,date,site,status,reading_of,source,url,confidence,note\n"


def _status(day: str) -> dict[str, str]:
    return {f.site: f.status for f in facilities_at(day)}


def test_nothing_before_the_last_pre_strike_report() -> None:
    assert facilities_at("2025-05-30") == ()


def test_all_three_plants_operating_before_the_strikes() -> None:
    # GOV/2025/24 (31 May 2025): FEP, PFEP and FFEP enriching.
    assert _status("2025-06-12") == {
        "natanz_fep": "operating",
        "natanz_pfep": "operating",
        "fordow_ffep": "operating",
        "isfahan_fep": "unknown",
    }


def test_after_13_june_2025_pfep_destroyed_fep_damaged_fordow_not_yet_hit() -> None:
    # IAEA DG, 13 and 16 Jun 2025: PFEP above ground destroyed; FEP centrifuges very
    # likely severely damaged (power loss); no damage seen at Fordow.
    status = _status("2025-06-20")
    assert status["natanz_pfep"] == "destroyed"
    assert status["natanz_fep"] == "damaged"
    assert status["fordow_ffep"] == "operating"
    assert status["isfahan"] == "damaged"


def test_fordow_readings_differ_and_both_are_shown() -> None:
    # IAEA DG, 26 Jun 2025: centrifuges "no longer operational" (damaged); the US:
    # "obliterated" (destroyed). The IAEA's reading is shown, the US one kept beside it.
    fordow = next(f for f in facilities_at("2025-07-01") if f.site == "fordow_ffep")
    assert fordow.status == "damaged"
    assert fordow.reading.reading_of == "iaea"
    assert fordow.age_days == 5
    assert [(r.reading_of, r.status) for r in fordow.other_readings] == [("us", "destroyed")]
    assert fordow.out_of_service


def test_state_json_carries_the_facilities() -> None:
    payload = state_to_dict(state_at("2026-03-10", load_record(include_user=False)))
    fep = next(f for f in payload["facilities"] if f["site"] == "natanz_fep")
    # IAEA, 3 Mar 2026: recent damage to the entrance buildings of the FEP.
    assert fep["status"] == "damaged"
    assert fep["status_as_of"] == "2026-03-03"
    assert fep["age_days"] == 7
    assert fep["out_of_service"] is True
    assert fep["source_url"].startswith("https://www.trtworld.com/")
    assert set(fep) >= {"reading_of", "confidence", "note", "other_readings", "source"}


def test_every_reading_cites_a_source_and_iaea_readings_come_first() -> None:
    readings = facility_readings()
    assert len(readings) >= 10
    assert all(r.source for r in readings)
    assert {r.reading_of for r in readings} >= {"iaea", "us"}


def test_breakout_between_the_strikes_counts_only_fordow() -> None:
    state = state_at("2025-06-20", load_record(include_user=False))
    options = dataclasses.replace(BreakoutOptions(), samples=300, assume_last_known=True)
    result = assess_state(state, options)
    assert result.status == "ok"
    assert result.result is not None
    sites = {f.site for f in result.result.fleets if f.machines}
    # The FEP's pre-war machines are not counted; PFEP had none enriching on 13 Jun 2025.
    assert sites == {"fordow_ffep"}
    assert any(n.startswith("ASSUMED: natanz_fep is recorded damaged") for n in result.notes)


def test_breakout_with_no_declared_plant_left_is_unknown_and_says_why() -> None:
    state = state_at("2026-01-15", load_record(include_user=False))
    options = dataclasses.replace(BreakoutOptions(), samples=300, assume_last_known=True)
    result = assess_state(state, options)
    assert result.status == "unknown"
    assert result.result is None
    assert "no declared enrichment capacity is known to remain" in result.notes[0]
    assert "fordow_ffep damaged" in result.notes[0]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("a,2025-06-13,natanz_fep,gone,iaea,s,,high,", "status"),
        ("a,2025-06-13,tehran,damaged,iaea,s,,high,", "site"),
        ("a,13/06/2025,natanz_fep,damaged,iaea,s,,high,", "date"),
        ("a,2025-06-13,natanz_fep,damaged,nobody,s,,high,", "reading_of"),
        ("a,2025-06-13,natanz_fep,damaged,iaea,,,high,", "source"),
        ("a,2025-06-13,natanz_fep,damaged,iaea,s,ftp://x,high,", "url"),
    ],
)
def test_bad_rows_fail_with_row_and_column(row: str, column: str) -> None:
    with pytest.raises(DataError) as err:
        parse_facilities(HEADER + row + "\n")
    assert err.value.row == 1
    assert err.value.field == column


def test_duplicate_ids_and_wrong_header_fail() -> None:
    row = "a,2025-06-13,natanz_fep,damaged,iaea,s,,high,\n"
    with pytest.raises(DataError, match="duplicate id"):
        parse_facilities(HEADER + row + row)
    with pytest.raises(DataError, match="expected the columns"):
        parse_facilities("id,date\n")


@given(
    st.dates(min_value=dt.date(2025, 5, 31), max_value=dt.date(2026, 12, 31)),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["operating", "damaged", "destroyed", "unknown"]),
)
def test_a_later_reading_never_changes_an_earlier_date(
    day: dt.date, later: int, status: str
) -> None:
    base = facility_readings()
    extra = FacilityReading(
        "x",
        day + dt.timedelta(days=later),
        "natanz_fep",
        status,
        "press",
        "s",
        None,
        "low",
        "",  # type: ignore[arg-type]
    )
    assert facilities_at(day, base) == facilities_at(day, (*base, extra))
