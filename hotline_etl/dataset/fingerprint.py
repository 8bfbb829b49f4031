"""What shapes a document's rows: the parse-path code, the unit registry, and the limits.

The manifest keys every document by its bytes' SHA-256 *and* three
fingerprints, so a document is parsed again exactly when one of them moves:

- :func:`code_fingerprint`: the modules a worker runs to turn bytes into rows
  (found by following imports from :data:`PARSE_ROOTS`, so the CLI, the
  analysis helpers, the readers of the dataset and the docs are not part of
  it), hashed as syntax trees without docstrings (a comment or docstring edit
  changes nothing; the OpenCC configurations are constants in them), plus the
  versions of the third-party libraries those modules import (OpenCC,
  pdfplumber, python-docx, rapidfuzz, ...);
- :func:`registry_fingerprint`: the content of every unit-registry file the
  units stage loads (the built-in CSVs, then the files ``HOTLINE_ETL_REGISTRY``
  names), in order;
- the limits (:meth:`~hotline_etl.limits.Limits.key`).

:data:`REASONS` names why a document is parsed in a run.

>>> len(code_fingerprint()), len(registry_fingerprint())
(16, 16)
>>> "hotline_etl/commands/ingest.py" in parse_path_modules(), "hotline_etl/extract/headline.py" in parse_path_modules()
(False, True)
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

#: Why a document is parsed in a run, in the order they are decided (the first that applies is recorded).
REASONS = {
    "new": "bytes the dataset has not seen",
    "file-changed": "a path now holds other bytes than the dataset has for it",
    "path-changed": "the same bytes under another path (the rows name the path)",
    "recovered": "its rows were lost by an interrupted run",
    "parser-changed": "the parse-path code or a library it uses changed",
    "registry-changed": "the unit registry changed in a way that changes its unit columns",
    "limits-changed": "the per-document limits changed",
    "forced": "--force, when nothing else applies",
}

#: Modules whose imports define the parse path: what a worker runs on one document.
PARSE_ROOTS = ("hotline_etl.dataset.worker",)

#: Import names whose distribution has another name, or one of several (the rest are looked up by their own
#: name; a name none of them provides falls back to a scan of every installed package, ~0.15 s).
DISTRIBUTIONS = {"docx": "python-docx", "pdfminer": "pdfminer.six", "PIL": "pillow", "yaml": "pyyaml",
                 "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python",
                         "opencv-contrib-python-headless")}

#: Folder of the built-in registry CSVs, relative to the package.
BUILTIN_REGISTRY_DIR = "units/data"

#: Where registry snapshots are kept in a dataset root (one JSON file per registry fingerprint).
REGISTRY_SNAPSHOTS = "_registry"

_PACKAGE = "hotline_etl"
#: The hotline_etl package directory whose modules are fingerprinted.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """One module of the package: digest of its syntax tree and what it imports."""

    digest: str
    internal: tuple[str, ...]   # hotline_etl modules (dotted names)
    external: tuple[str, ...]   # top-level names of third-party modules


# -- code ----------------------------------------------------------------------------------------

def _module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != _PACKAGE:
        return None
    base = PACKAGE_ROOT.joinpath(*parts[1:])
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


#: Fields that hold statements: where a def or a class can be, at any depth (never inside an expression).
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _strip_docstrings(node: ast.AST) -> None:
    """Drop the docstring of the module and of every class and function in it (walking statements only)."""
    if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    for field in _STATEMENT_FIELDS:
        inner = getattr(node, field, None)
        if isinstance(inner, list):
            for child in inner:
                if isinstance(child, ast.AST):
                    _strip_docstrings(child)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module, name: str, is_package: bool) -> tuple[set[str], set[str]]:
    """Imported hotline_etl modules and third-party top-level names. A package's ``__init__`` counts only
    its module-level imports (its function-level ones are lazy conveniences such as ``open_dataset``)."""
    internal: set[str] = set()
    external: set[str] = set()
    package = name if is_package else name.rpartition(".")[0]

    def visit(nodes: Iterable[ast.stmt], top: bool) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse, top)
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    (internal if alias.name.split(".")[0] == _PACKAGE else external).add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] != _PACKAGE:
                    if node.module != "__future__":
                        external.add(target)
                    continue
                internal.add(target)
                for alias in node.names:  # `from . import writer` imports a submodule
                    if _module_path(f"{target}.{alias.name}") is not None:
                        internal.add(f"{target}.{alias.name}")
            if top and is_package and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], (ast.stmt, ast.excepthandler)):
                    visit(inner, False)

    visit(tree.body, True)
    return internal, {e.split(".")[0] for e in external if e and e.split(".")[0] not in sys.stdlib_module_names}


def _read_module(path: Path, cache: dict[str, list]) -> ModuleInfo:
    source = path.read_bytes()
    name = _module_name(path)  # what a module imports depends on its name (relative imports) and its source
    key = hashlib.sha1(f"{name}\0".encode() + source).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return ModuleInfo(hit[0], tuple(hit[1]), tuple(hit[2]))
    tree = ast.parse(source, filename=str(path))
    internal, external = _imports(tree, name, path.name == "__init__.py")
    _strip_docstrings(tree)
    digest = hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]
    info = ModuleInfo(digest, tuple(sorted(internal)), tuple(sorted(external)))
    cache[key] = [info.digest, list(info.internal), list(info.external)]
    return info


def parse_path_modules(roots: Iterable[str] = PARSE_ROOTS, cache: dict[str, list] | None = None) -> dict[str, ModuleInfo]:
    """Every package module the parse path imports (relative POSIX path -> :class:`ModuleInfo`).

    Imports are followed from the roots, at any depth of the code. A
    package's ``__init__`` runs before any of its modules, so its own code
    counts; what it imports counts only when the package itself is imported
    by name (``from ..readers import load``), not when it merely runs as the
    parent of a module on the path (``hotline_etl.dataset`` re-exports the
    ingest loop, which does not shape rows). ``cache`` (digest of the source
    bytes -> parsed facts) spares parsing modules that did not change; it is
    filled in place.
    """
    cache = {} if cache is None else cache
    found: dict[str, ModuleInfo] = {}
    frontier = [(name, True) for name in roots]
    followed: set[str] = set()
    while frontier:
        name, follow = frontier.pop()
        if name in followed or (not follow and name in found):
            continue
        path = _module_path(name)
        if path is None:
            continue
        info = _read_module(path, cache)
        found[name] = info
        if follow:
            followed.add(name)
            frontier.extend((module, True) for module in info.internal)
        parts = name.split(".")
        frontier.extend((".".join(parts[:i]), False) for i in range(1, len(parts)))
    return dict(sorted((_module_path(n).relative_to(PACKAGE_ROOT.parent).as_posix(), i) for n, i in found.items()))


def _distribution_version(name: str) -> str:
    """Version of the distribution providing import name ``name`` ("absent" when it is not installed)."""
    known = DISTRIBUTIONS.get(name, name)
    if isinstance(known, str):
        version = _installed_version(known)
    else:  # one of several distributions (OpenCV's four): those installed, in this order
        version = ",".join(v for v in map(_installed_version, known) if v) or None
    if version is None:  # the import name is not the distribution's: a full scan of installed packages
        version = ",".join(v for v in map(_installed_version, _packages_distributions(name)) if v) or None
    if version is None:
        return "absent" if importlib.util.find_spec(name) is None else "unknown"
    return version


def _installed_version(dist: str) -> str | None:
    try:
        metadata = importlib.metadata.distribution(dist).read_text("METADATA") or ""
    except importlib.metadata.PackageNotFoundError:
        return None
    # The Version header, read by hand: the email parser behind .version costs ~20 ms a package.
    for line in metadata.splitlines():
        if line.startswith("Version:"):
            return line.partition(":")[2].strip()
        if not line:
            break
    return importlib.metadata.version(dist)


def _packages_distributions(name: str) -> list[str]:
    """Distributions providing import name ``name`` (a full scan of installed packages: only on a miss)."""
    if importlib.util.find_spec(name) is None:
        return []
    return _all_packages_distributions().get(name, [])


@lru_cache(maxsize=1)
def _all_packages_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def code_fingerprint(cache_file: str | os.PathLike | None = None) -> str:
    """Digest of the parse path: its modules' syntax trees, the libraries they import, the OpenCC config.

    ``cache_file`` (a JSON file, e.g. in the dataset root) keeps the parsed
    facts of unchanged modules between runs, so a run after no edit parses no
    syntax tree; a fresh dataset finds them in :func:`shared_cache_file` (the
    user's cache folder), kept the same way. Each fact is keyed by the module's
    name and source bytes.

    >>> code_fingerprint() == code_fingerprint()
    True
    """
    files = [Path(cache_file)] if cache_file is not None else []
    shared = shared_cache_file() if files else None
    if shared is not None:
        files.append(shared)
    stored = [_read_json(f) for f in files]
    cache: dict[str, list] = {}
    for facts in reversed(stored):
        cache.update(facts)
    modules = parse_path_modules(cache=cache)
    h = hashlib.sha256()
    for rel, info in modules.items():
        h.update(f"{rel}\0{info.digest}\0".encode())
    for lib in sorted({e for info in modules.values() for e in info.external}):
        h.update(f"{lib}={_distribution_version(lib)}\0".encode())
    if files:
        digests = {info.digest for info in modules.values()}
        used = {k: v for k, v in cache.items() if v[0] in digests}
        for f, facts in zip(files, stored):
            if facts.keys() != used.keys():
                _write_json(f, used)
    return h.hexdigest()[:16]


#: Environment variable naming the folder of the cache that datasets share (default: the user's cache folder).
CACHE_ENV = "HOTLINE_ETL_CACHE"


def shared_cache_file() -> Path | None:
    """Where the parsed facts of the parse path's modules are kept for every dataset of this user:
    ``$HOTLINE_ETL_CACHE`` (empty: none), else ``$XDG_CACHE_HOME/hotline_etl`` or ``~/.cache/hotline_etl``.
    The folder is made when missing; None when it cannot be."""
    folder = os.environ.get(CACHE_ENV)
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "hotline_etl")
    if not folder:
        return None
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return Path(folder, "code_fingerprint.json")


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


# -- registry ------------------------------------------------------------------------------------

def registry_files(env_value: str | None = None) -> list[Path]:
    """The registry files the units stage loads, in its order: built-in CSVs, then ``HOTLINE_ETL_REGISTRY``.

    Raises :class:`~hotline_etl.errors.RegistryError` for a path that does not exist.

    >>> [p.name for p in registry_files("")]
    ['yueyang.csv']
    """
    from ..units.registry import registry_paths_from_env  # small module; no OpenCC is loaded for this

    builtin = sorted((PACKAGE_ROOT / BUILTIN_REGISTRY_DIR).glob("*.csv"))
    extra = [Path(p) for p in registry_paths_from_env(env_value)]
    return list(dict.fromkeys([*builtin, *extra]))


def registry_texts(env_value: str | None = None) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every registry file, in load order (names as the units stage reports them)."""
    return [(str(p), p.read_bytes()) for p in registry_files(env_value)]


def fingerprint_texts(texts: Iterable[tuple[str, bytes]]) -> str:
    """Digest of registry contents in order (file names do not count: moving a file changes nothing)."""
    h = hashlib.sha256()
    for _, data in texts:
        h.update(hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def registry_fingerprint(env_value: str | None = None) -> str:
    """Digest of the unit registry the units stage would load now (content of every file, in order).

    >>> registry_fingerprint("") == registry_fingerprint("")
    True
    """
    return fingerprint_texts(registry_texts(env_value))


@lru_cache(maxsize=8)
def registry_in_use(env_value: str) -> str:
    """The fingerprint of the registry this process's units stage loads for this value of
    ``HOTLINE_ETL_REGISTRY`` (cached per value, as the units stage caches the registry)."""
    return registry_fingerprint(env_value)


def save_registry_snapshot(root: Path, texts: list[tuple[str, bytes]]) -> str:
    """Keep a copy of the registry under ``root/_registry/<fingerprint>.json``; returns the fingerprint."""
    fp = fingerprint_texts(texts)
    path = root / REGISTRY_SNAPSHOTS / f"{fp}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_json(path, {"fingerprint": fp,
                           "files": [[name, data.decode("utf-8-sig", errors="replace")] for name, data in texts]})
    return fp


def load_registry_snapshot(root: Path, fingerprint: str) -> list[tuple[str, str]] | None:
    """``(name, text)`` of the registry files a dataset's rows were resolved with, or None when not kept."""
    try:
        data = json.loads((root / REGISTRY_SNAPSHOTS / f"{fingerprint}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [(name, text) for name, text in data["files"]]


def prune_registry_snapshots(root: Path, keep: set[str]) -> None:
    """Delete snapshots no committed document refers to."""
    folder = root / REGISTRY_SNAPSHOTS
    if not folder.is_dir():
        return
    for p in folder.glob("*.json"):
        if p.stem not in keep:
            p.unlink(missing_ok=True)


def _write_json(path: Path, value) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only dataset still ingests; it only misses the cache
        tmp.unlink(missing_ok=True)
