"""docs/data.md's report coverage table is generated from reports.csv and the record."""

from __future__ import annotations

import re
from pathlib import Path

from lockstep.record import load_record
from lockstep.record.coverage import coverage_markdown, coverage_rows, reports

DOC = Path(__file__).parents[2] / "docs" / "data.md"


def test_docs_table_is_the_generated_one() -> None:
    text = DOC.read_text("utf-8")
    found = re.search(r"<!-- coverage:start -->\n(.*?)<!-- coverage:end -->", text, re.DOTALL)
    assert found, "docs/data.md lacks the coverage markers"
    assert found.group(1) == coverage_markdown(load_record(include_user=False)), (
        "regenerate the table with lockstep.record.coverage.refresh_docs(text, record)"
    )


def test_every_gov_symbol_in_the_record_is_listed() -> None:
    record = load_record(include_user=False)
    listed = {name for r in reports() for name in r.record_reports}
    used = {o.report for o in record.observations if o.report.startswith("GOV/")}
    assert used - listed == set()


def test_coverage_says_what_the_record_holds() -> None:
    rows = {r["issued"]: r for r in coverage_rows(load_record(include_user=False))}
    first = rows["2013-11-14"]
    assert first["symbol"] == "GOV/2013/56"
    assert first["holds"].startswith("stock 5 %, 20 %; centrifuges (9 rows)")
    assert rows["2014-06-20"]["holds"] == "stock 20 %; down-blended; fed to conversion"
    assert rows["2025-09-03"]["holds"] == "stock total, 20 %, 60 %"
    assert rows["2015-08-27"]["gap"] == "not in the record"
    assert rows["2026-05-28"]["holds"] == "no stock figure (noted)"


def test_reports_are_in_date_order_from_november_2013() -> None:
    dates = [r.issued for r in reports()]
    assert dates[0] == "2013-11-14"
    assert dates == sorted(dates)
