"""A minimal valid agreement file, for tests that break it one field at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

MINIMAL = """\
schema_version: 1
id: demo
name: Demonstration agreement
short_name: DEMO
kind: interim
concluded: "2015-07-14"
parties:
  - id: iran
    name: Iran
    kind: state
  - id: us
    name: United States
    kind: state
  - id: all
    name: All participants
    kind: group
    includes: [iran, us]
milestones:
  - id: adoption_day
    name: Adoption Day
    date: "2015-10-18"
    kind: treaty
    definition: Commitments take effect.
    confidence: high
  - id: broader_conclusion
    name: Broader Conclusion
    kind: condition
    definition: Never reached.
    confidence: high
  - id: transition_day
    name: Transition Day
    offset: {from: adoption_day, years: 8}
    or_earlier: [broader_conclusion]
    kind: treaty
    definition: Eight years after Adoption Day or the Broader Conclusion, whichever is earlier.
    confidence: high
disputes:
  - id: demo_dispute
    title: A disagreement
    readings:
      - holder: [iran]
        reading: It is allowed.
        status_implied: permitted_cessation
        sources: [a source]
      - holder: [us]
        reading: It is not.
        status_implied: non_compliant
        sources: [another source]
obligations:
  - id: iran_level
    party: iran
    category: enrichment
    description: Enrich to no more than 3.67 %.
    metric: {name: max_enrichment_level}
    comparator: le
    limit: 3.67
    unit: pct
    start: adoption_day
    end: transition_day
    reference: para 1
    confidence: high
    disputes: [demo_dispute]
  - id: us_relief
    party: us
    category: sanctions_relief
    description: Lift the sanctions.
    metric: {name: sanctions_applied, qualifiers: {imposer: us, scope: annex_ii_section_4}}
    comparator: is_false
    unit: bool
    start: adoption_day
    end: none_indefinite
    reference: para 2
    confidence: medium
"""


@pytest.fixture
def minimal_text() -> str:
    """The text of a small valid agreement file."""
    return MINIMAL


@pytest.fixture
def write_agreement(tmp_path: Path) -> Callable[[str], Path]:
    """Write agreement text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "demo.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
