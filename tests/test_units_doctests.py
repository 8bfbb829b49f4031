"""The examples in the units modules' docstrings stay true."""

import doctest
import importlib

import pytest

MODULES = ["fold", "rules", "registry", "lineage", "resolve", "apply"]


@pytest.mark.parametrize("name", ["hotline_etl.units"] + [f"hotline_etl.units.{m}" for m in MODULES])
def test_docstring_examples(name, monkeypatch):
    monkeypatch.delenv("HOTLINE_ETL_REGISTRY", raising=False)  # examples use the built-in registry
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
