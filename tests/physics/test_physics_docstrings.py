"""The examples in the physics docstrings are executed and must hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "lockstep.physics.enrichment",
    "lockstep.physics.blending",
    "lockstep.physics.machine",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
