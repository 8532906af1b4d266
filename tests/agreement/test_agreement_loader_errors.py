"""Every way an agreement file can be wrong gives one DataError naming file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lockstep.agreement import LocatedDataError, load_agreement
from lockstep.errors import DataError, LockstepError

Writer = Callable[[str], Path]


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``fragment``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{fragment!r} not in text")


def _error(write: Writer, text: str) -> LocatedDataError:
    path = write(text)
    with pytest.raises(LocatedDataError) as info:
        load_agreement(path)
    error = info.value
    assert isinstance(error, DataError)
    assert isinstance(error, LockstepError)
    assert str(path) in str(error), "the message names the file"
    assert "\n" not in str(error), "one line"
    return error


def test_minimal_file_is_valid(write_agreement: Writer, minimal_text: str) -> None:
    agreement = load_agreement(write_agreement(minimal_text))
    assert agreement.id == "demo"
    assert agreement.obligation("iran_level").limit == pytest.approx(0.0367)


def test_malformed_yaml_names_the_line(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    kind: state\n  - id: us", "    kind: [state\n  - id: us")
    error = _error(write_agreement, text)
    assert "malformed YAML" in str(error)
    assert error.line is not None
    assert abs(error.line - line_of(text, "kind: [state")) <= 2


def test_empty_file(write_agreement: Writer) -> None:
    error = _error(write_agreement, "")
    assert "empty" in str(error)


def test_top_level_must_be_a_mapping(write_agreement: Writer) -> None:
    error = _error(write_agreement, "- just\n- a list\n")
    assert "mapping" in str(error)


def test_unknown_party(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    party: us\n", "    party: usa\n")
    error = _error(write_agreement, text)
    assert "obligation 'us_relief'" in str(error)
    assert "unknown party 'usa'" in str(error)
    assert "expected one of: all, iran, us" in str(error)
    assert error.field == "party"
    assert error.line == line_of(text, "party: usa")


def test_unknown_milestone(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    end: transition_day\n", "    end: transitoin_day\n")
    error = _error(write_agreement, text)
    assert "obligation 'iran_level'" in str(error)
    assert "unknown milestone 'transitoin_day'" in str(error)
    assert "none_indefinite" in str(error), "open ends are offered too"
    assert error.field == "end"
    assert error.line == line_of(text, "end: transitoin_day")


def test_unknown_milestone_in_offset(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("{from: adoption_day, years: 8}", "{from: adopton_day, years: 8}")
    error = _error(write_agreement, text)
    assert "milestone 'transition_day'" in str(error)
    assert "unknown milestone 'adopton_day'" in str(error)
    assert error.line == line_of(text, "adopton_day")


def test_unknown_metric(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("{name: max_enrichment_level}", "{name: max_enrichment}")
    error = _error(write_agreement, text)
    assert "unknown metric 'max_enrichment'" in str(error)
    assert error.field == "metric.name"
    assert error.line == line_of(text, "max_enrichment}")


def test_unknown_qualifier_value(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("imposer: us,", "imposer: usa,")
    error = _error(write_agreement, text)
    assert "unknown imposer 'usa'" in str(error)
    assert error.field == "metric.qualifiers.imposer"
    assert error.line == line_of(text, "imposer: usa")


def test_qualifier_not_of_this_metric(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "{name: max_enrichment_level}", "{name: max_enrichment_level, qualifiers: {band: total}}"
    )
    error = _error(write_agreement, text)
    assert "has no qualifier 'band'" in str(error)
    assert "allowed: site" in str(error)


def test_duplicate_obligation_id(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("  - id: us_relief\n", "  - id: iran_level\n")
    error = _error(write_agreement, text)
    assert "duplicate obligation id 'iran_level'" in str(error)
    assert error.line == line_of(text, "- id: iran_level", occurrence=2)


def test_alias_colliding_with_an_id(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "  - id: us_relief\n", "  - id: us_relief\n    aliases: [iran_level]\n"
    )
    error = _error(write_agreement, text)
    assert "duplicate obligation id 'iran_level'" in str(error)
    assert error.field == "aliases"


def test_duplicate_milestone_id(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("  - id: broader_conclusion\n", "  - id: adoption_day\n")
    error = _error(write_agreement, text)
    assert "duplicate id 'adoption_day'" in str(error)


def test_duplicate_yaml_key(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    reference: para 2\n", "    reference: para 2\n    reference: para 3\n"
    )
    error = _error(write_agreement, text)
    assert "duplicate key 'reference'" in str(error)
    assert error.line == line_of(text, "reference: para 3")


@pytest.mark.parametrize("bad", ["2015/10/18", "18-10-2015", "2015-10-18T00:00", "2015-13-01"])
def test_date_in_the_wrong_format(write_agreement: Writer, minimal_text: str, bad: str) -> None:
    text = minimal_text.replace('date: "2015-10-18"', f'date: "{bad}"')
    error = _error(write_agreement, text)
    assert "YYYY-MM-DD" in str(error)
    assert "milestone 'adoption_day'" in str(error)
    assert error.field == "date"
    assert error.line == line_of(text, bad)


def test_unquoted_date_is_read_as_text_and_checked(
    write_agreement: Writer, minimal_text: str
) -> None:
    # YAML would turn an unquoted 2015-10-18 into a date; the loader keeps it as text and
    # still accepts it, while an impossible unquoted date is reported, not a crash.
    assert load_agreement(write_agreement(minimal_text.replace('"2015-10-18"', "2015-10-18")))
    error = _error(write_agreement, minimal_text.replace('"2015-10-18"', "2015-02-30"))
    assert "not a calendar date" in str(error)


def test_cycle_in_relative_milestones(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        '    date: "2015-10-18"\n', "    offset: {from: transition_day, years: -8}\n"
    )
    error = _error(write_agreement, text)
    assert "cycle" in str(error)
    assert "adoption_day -> transition_day -> adoption_day" in str(error)
    assert error.line == line_of(text, "offset: {from: transition_day")


def test_fixed_date_must_agree_with_its_rule(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    offset: {from: adoption_day, years: 8}\n",
        '    date: "2023-10-19"\n    offset: {from: adoption_day, years: 8}\n',
    )
    error = _error(write_agreement, text)
    assert "disagrees with its rule" in str(error)
    assert "2023-10-18" in str(error)


def test_comparator_that_does_not_fit_the_metric(
    write_agreement: Writer, minimal_text: str
) -> None:
    text = minimal_text.replace("    comparator: is_false\n", "    comparator: le\n")
    error = _error(write_agreement, text)
    assert "comparator 'le' does not apply to boolean metric" in str(error)
    assert error.field == "comparator"


def test_unit_that_does_not_fit_the_metric(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    unit: pct\n", "    unit: kg_u\n")
    error = _error(write_agreement, text)
    assert "unit 'kg_u' does not fit metric 'max_enrichment_level'" in str(error)
    assert "expected 'fraction' (or pct, converted on load)" in str(error)


def test_limit_of_the_wrong_type(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    limit: 3.67\n", "    limit: three\n")
    error = _error(write_agreement, text)
    assert "expected a number" in str(error)
    assert error.field == "limit"


def test_percent_written_as_a_fraction(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    unit: pct\n", "    unit: fraction\n")
    error = _error(write_agreement, text)
    assert "expected a fraction between 0 and 1" in str(error)
    assert "unit: pct" in str(error)
    assert error.line == line_of(text, "limit: 3.67")


def test_negative_limit(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    limit: 3.67\n", "    limit: -1\n")
    error = _error(write_agreement, text)
    assert "expected a limit >= 0" in str(error)


def test_limit_that_is_not_a_value(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    limit: 3.67\n", "    limit: {value: 3.67}\n")
    error = _error(write_agreement, text)
    assert "obligation 'iran_level'" in str(error)
    assert "expected" in str(error)
    assert "a number" in str(error)


def test_missing_required_key(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    reference: para 2\n", "")
    error = _error(write_agreement, text)
    assert "missing required key 'reference'" in str(error)
    assert "obligation 'us_relief'" in str(error)


def test_misspelt_key(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    reference: para 2\n", "    reference: para 2\n    refrence: x\n"
    )
    error = _error(write_agreement, text)
    assert "unknown key 'refrence'" in str(error)
    assert error.line == line_of(text, "refrence")


def test_unknown_dispute(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("disputes: [demo_dispute]", "disputes: [other_dispute]")
    error = _error(write_agreement, text)
    assert "unknown dispute 'other_dispute'" in str(error)


def test_reading_held_by_unknown_party(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("      - holder: [us]\n", "      - holder: [russia]\n")
    error = _error(write_agreement, text)
    assert "dispute 'demo_dispute'" in str(error)
    assert "unknown party 'russia'" in str(error)
    assert error.line == line_of(text, "holder: [russia]")


def test_deadline_needs_an_end_milestone(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    end: none_indefinite\n", "    end: none_indefinite\n    timing: by_deadline\n"
    )
    error = _error(write_agreement, text)
    assert "by_deadline obligation needs an end milestone" in str(error)


def test_conditional_end_needs_its_condition(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    end: none_indefinite\n", "    end: conditional\n")
    error = _error(write_agreement, text)
    assert "end_condition is required" in str(error)


def test_group_including_an_unknown_party(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("includes: [iran, us]", "includes: [iran, uk]")
    error = _error(write_agreement, text)
    assert "includes unknown party 'uk'" in str(error)


def test_bad_identifier(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("  - id: us_relief\n", "  - id: US-Relief\n")
    error = _error(write_agreement, text)
    assert "lowercase snake_case identifier" in str(error)


def test_several_problems_are_counted(write_agreement: Writer, minimal_text: str) -> None:
    text = minimal_text.replace("    party: us\n", "    party: usa\n").replace(
        "    party: iran\n", "    party: irn\n"
    )
    error = _error(write_agreement, text)
    assert "(and 1 more problem)" in str(error)


def test_unknown_agreement_id() -> None:
    with pytest.raises(DataError, match="unknown agreement 'jcpoa2'; expected one of jcpoa, jpoa"):
        load_agreement("jcpoa2")
