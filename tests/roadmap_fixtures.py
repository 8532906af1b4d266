"""Small hand-built catalogues for the roadmap tests (imported by the test modules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lockstep.roadmap import Catalogue, catalogue_from_dict

JUDGED = {"judgement": True, "reason": "test fixture"}
#: A target the fixture state meets (scheduling tests are not about the end state).
FIXTURE_TARGET = str(Path(__file__).with_name("roadmap_fixture_target.yaml"))


def measure(
    mid: str,
    party: str,
    value: int,
    *,
    duration: int = 1,
    lag: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    """A measure dict with both lenses valued alike."""
    out: dict[str, Any] = {
        "id": mid,
        "party": party,
        "title": mid,
        "obligation": "iran_stockpile_cap" if party == "IR" else "us_cease_nuclear_sanctions",
        "kind": "physical" if party == "IR" else "legal",
        "duration_days": duration,
        "verification": {"verifier": "X", "lag_days": lag},
        "value": {"us": value, "iran": value},
    }
    out.update(extra)
    return out


def catalogue(measures: list[dict[str, Any]], *, horizon: int = 100, **top: Any) -> Catalogue:
    """A catalogue with a small state (60 kg U at 60 %, 1,000 IR-1) and the given measures."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": "test",
        "title": "test",
        "target": FIXTURE_TARGET,
        "defaults": {"horizon_days": horizon},
        "provenance_default": JUDGED,
        "initial_state": {
            "stocks": [
                {"assay": 0.60, "mass_kg_u": 60.0, "provenance": JUDGED},
                {"assay": 0.0367, "mass_kg_u": 100.0, "provenance": JUDGED},
            ],
            "centrifuges": [
                {
                    "site": "natanz_fep",
                    "model": "IR-1",
                    "count": 1000,
                    "swu_per_year": 0.75,
                    "provenance": JUDGED,
                },
                {
                    "site": "natanz_fep",
                    "model": "IR-6",
                    "count": 200,
                    "swu_per_year": 4.5,
                    "provenance": JUDGED,
                },
            ],
            "baseline_verified": True,
            "monitoring": "jcpoa_full",
        },
        "measures": measures,
    }
    data.update(top)
    return catalogue_from_dict(data, source="test.yaml")
