"""The examples in the screen layer's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["vvxauto.ui", "vvxauto.ui.geometry", "vvxauto.ui.locators", "vvxauto.screens"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
