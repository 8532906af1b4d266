"""Speed benchmarks: ``python -m benchmarks [--quick] [module ...]`` (see ``__main__``).

Each ``bench_*.py`` module has ``main() -> list[Row]``, a row being (benchmark name,
measured value, unit, target) where the target reads ``"< 250 ms"`` (lower is better),
``">= 2e7"`` (higher is better) or ``"-"``/``"(report)"`` (no target). In quick mode
(:data:`QUICK`, set by the runner) modules run at small sizes and state the target for
the size they ran, so the measured/target ratio still means something.
"""

from __future__ import annotations

#: True when the runner was called with ``--quick`` (small sizes, CI).
QUICK = False

Row = tuple[str, float, str, str]


def scaled(full: int, quick: int) -> int:
    """``quick`` in quick mode, else ``full`` (sizes and repeat counts)."""
    return quick if QUICK else full
