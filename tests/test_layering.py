"""The package's layering, read from its source (AST): data flows one way, readers → script → extract → units →
checks (the audit) → dataset, with no import cycle, no stage importing a later one or another stage's private
names, a few leaf modules every stage may use, and every submodule importable as a module (no function
shadowing it)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import hotline_etl

PACKAGE = Path(hotline_etl.__file__).parent

#: Layers in pipeline order (the first dotted part below ``hotline_etl``). A module may import modules of
#: its own layer and of earlier ones only. ``hotline_etl`` itself (its ``__init__``: the public functions)
#: comes after the stages it re-exports.
LAYERS = [
    {"_version", "memo", "errors", "warning_catalogue", "document", "limits", "characters", "rate_definitions",
     "model", "precision", "script_candidates"},
    {"readers"},
    {"repair"},
    {"script"},
    {"extract"},
    {"units"},
    {"checks"},
    {"pipeline"},
    {"summary"},
    {"dataset"},
    {""},
    {"analysis"},
    {"commands", "cli", "__main__", "doc_tables"},
]

#: Modules that import nothing from the package, and the few package modules the others below may import.
LEAVES = {
    "hotline_etl._version": set(),
    "hotline_etl.errors": set(),
    "hotline_etl.warning_catalogue": set(),
    "hotline_etl.document": set(),
    "hotline_etl.limits": {"hotline_etl.errors"},
    "hotline_etl.rate_definitions": set(),
    "hotline_etl.characters": set(),
    "hotline_etl.script_candidates": set(),
    "hotline_etl.memo": set(),
}


def _module_name(path: Path) -> str:
    parts = ("hotline_etl",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for n in ast.walk(node)}
    return skipped


def imports(module: str) -> list[tuple[str, str, int]]:
    """``(imported module, imported name or "", line)`` of every package import of ``module``, deferred ones
    (inside functions) included, ``if TYPE_CHECKING:`` blocks left out (they never run)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, "", node.lineno) for a in node.names if a.name.split(".")[0] == "hotline_etl"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.split(".")[0] != "hotline_etl":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub, "", node.lineno) if sub in MODULES else (base, alias.name, node.lineno))
    return out


def graph() -> dict[str, set[str]]:
    return {m: {target for target, _, _ in imports(m) if target != m} for m in MODULES}


def _stage(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _layer(module: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if _stage(module) in layer)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(edges) + 100))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_every_module_has_a_layer():
    assert [m for m in MODULES if not any(_stage(m) in layer for layer in LAYERS)] == []


def test_there_is_no_import_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_stage_imports_a_later_one():
    backward = [f"{m}:{line} imports {target}" for m in MODULES for target, _, line in imports(m)
                if _layer(target) > _layer(m)]
    assert backward == []


def test_no_module_imports_another_stages_private_names():
    private = [f"{m}:{line} imports {target}.{name}" for m in MODULES for target, name, line in imports(m)
               if _stage(target) != _stage(m) and (name.startswith("_") and not name.startswith("__")
                                                   or any(p.startswith("_") and p != "_version"
                                                          for p in target.split(".")[1:]))]
    assert private == []


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_leaf_modules_import_nothing_else_from_the_package(leaf):
    assert {target for target, _, _ in imports(leaf)} <= LEAVES[leaf]


def test_imports_are_read_with_their_package():
    found = {target for target, _, _ in imports("hotline_etl.pipeline")}
    assert {"hotline_etl.readers", "hotline_etl.checks", "hotline_etl.limits"} <= found
    assert ("hotline_etl.document", "Origin") in {(t, n) for t, n, _ in imports("hotline_etl.model")}


@pytest.mark.parametrize("name", sorted(m.name for m in pkgutil.walk_packages(hotline_etl.__path__, "hotline_etl.")
                                        if not m.name.endswith("__main__")))
def test_every_submodule_imports_as_a_module(name):
    module = importlib.import_module(name)
    parent, _, last = name.rpartition(".")
    assert getattr(importlib.import_module(parent), last) is module, f"{name} is shadowed by a name of {parent}"


def test_the_public_functions_keep_their_names():
    assert callable(hotline_etl.parse) and callable(hotline_etl.audit) and callable(hotline_etl.open_dataset)
    assert hotline_etl.parse.__module__ == "hotline_etl.pipeline"
    assert hotline_etl.audit.__module__ == "hotline_etl.checks"
