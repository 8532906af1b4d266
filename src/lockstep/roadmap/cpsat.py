"""OR-Tools CP-SAT's ``cp_model``, imported without pandas.

``ortools.sat.python.cp_model`` imports pandas at module load (about 0.9 s, more than
the whole rest of ``lockstep plan``) only for its ``*_series`` helpers, which lockstep
never calls. When pandas is not loaded yet, a placeholder module stands in while
``cp_model`` loads and is removed right after: ``cp_model``'s ``isinstance(x, pd.Series)``
checks are then simply false (lockstep passes no pandas objects), and a later
``import pandas`` elsewhere gets the real package.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING


def _load() -> types.ModuleType:
    if "pandas" in sys.modules or "ortools.sat.python.cp_model" in sys.modules:
        from ortools.sat.python import cp_model as loaded

        return loaded
    placeholder = types.ModuleType("pandas")
    placeholder.Index = type("Index", (), {})  # type: ignore[attr-defined]
    placeholder.Series = type("Series", (), {})  # type: ignore[attr-defined]
    sys.modules["pandas"] = placeholder
    try:
        from ortools.sat.python import cp_model as loaded
    finally:
        if sys.modules.get("pandas") is placeholder:
            del sys.modules["pandas"]
    return loaded


if TYPE_CHECKING:
    from ortools.sat.python import cp_model as cp_model
else:
    cp_model = _load()
