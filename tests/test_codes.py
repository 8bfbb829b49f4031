"""Warning and error codes are catalogued once: the catalogues equal what the source raises, every
message a fixture produces has its documented shape, and the docs tables are generated from them."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl import doc_tables, errors
from hotline_etl.document import ReaderWarning
from hotline_etl.model import ParseWarning
from hotline_etl.warning_catalogue import WARNING_CATALOGUE, WarningCode

PACKAGE = Path(hotline_etl.__file__).parent
WARNING_CLASSES = {ParseWarning.__name__, ReaderWarning.__name__}
KEBAB = re.compile(r"[a-z]+(-[a-z0-9]+)+")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _strings(node: ast.AST, index: int | None = None) -> list[str]:
    """String constants ``node`` can evaluate to (element ``index`` of a tuple; both arms of ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and index is None:
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, index) + _strings(node.orelse, index)
    if isinstance(node, ast.Tuple) and index is not None:
        return _strings(node.elts[index])
    return []


def _assigned(tree: ast.AST, name: str) -> list[str]:
    """Strings assigned to ``name`` anywhere in the module (``X = "..."`` or ``x, y = (("...", ...) if ...)``)."""
    out: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                out += _strings(node.value)
            elif isinstance(target, ast.Tuple):
                for i, elt in enumerate(target.elts):
                    if isinstance(elt, ast.Name) and elt.id == name:
                        out += _strings(node.value, i)
    return out


def raised_codes() -> dict[str, set[str]]:
    """Warning code -> modules constructing a ParseWarning/ReaderWarning with it, read from the source."""
    raised: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in WARNING_CLASSES
                    and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Attribute) and arg.attr == "code":
                continue  # a warning passed on (a reader's ReaderWarning becoming a ParseWarning)
            codes = _strings(arg) or (_assigned(tree, arg.id) if isinstance(arg, ast.Name) else [])
            assert codes, f"{path}:{node.lineno}: a warning code must be a literal or a name assigned literals"
            for code in codes:
                raised.setdefault(code, set()).add(_module(path))
    return raised


def test_the_warning_catalogue_is_the_codes_the_source_raises():
    raised = raised_codes()
    assert sorted(raised) == sorted(WARNING_CATALOGUE)
    assert {c: set(w.raised_in) for c, w in WARNING_CATALOGUE.items()} == raised


def test_warning_codes_are_kebab_case_with_a_title_and_a_template():
    for code, w in WARNING_CATALOGUE.items():
        assert KEBAB.fullmatch(code) and w.title and w.templates and w.title[0].isupper()


def _fixture_warnings():
    paths = sorted(Path("fixtures").glob("*/*.txt")) + sorted(Path("fixtures/archive").rglob("*.txt"))
    for path in paths:
        try:
            bulletin = hotline_etl.parse(path)
        except errors.HotlineError:
            continue
        yield from ((path, w) for w in bulletin.warnings)


def test_every_fixture_warning_has_its_catalogued_shape():
    seen = set()
    for path, w in _fixture_warnings():
        assert w.code in WARNING_CATALOGUE, f"{path}: {w.code}"
        assert WARNING_CATALOGUE[w.code].matches(w.message), f"{path}: {w.code}: {w.message}"
        seen.add(w.code)
    # The fixtures exercise most codes (the check above is not vacuous).
    assert {"damaged-text", "table-total-missing", "table-cut", "period-year-unknown", "unit-unresolved"} <= seen


def test_a_template_matches_its_own_messages_only():
    empty = WARNING_CATALOGUE["table-cell-empty"]
    assert empty.message(header="返工數") == "返工數 is empty"
    assert not empty.matches("返工數 is not a count")
    missing = WARNING_CATALOGUE["table-cell-missing"]
    assert missing.matches("a table row's unit name is missing in the source; its values are kept")
    assert missing.stage == "extract" and WARNING_CATALOGUE["table-columns-unaligned"].stage == "readers"
    assert WarningCode("x-y", "T", ("{a} b",), ("units.apply",)).matches(" b")


def _all_error_classes():
    for info in pkgutil.walk_packages(hotline_etl.__path__, "hotline_etl."):
        if not info.name.endswith("__main__"):  # it runs the command line
            importlib.import_module(info.name)
    return errors.error_classes()


def test_every_error_class_has_its_own_stable_code():
    classes = _all_error_classes()
    assert {"DatasetBusy", "ExecutorError", "NoTextLayer", "TooManyPages"} <= {c.__name__ for c in classes}
    for cls in classes:
        assert "code" in vars(cls), f"{cls.__name__} has no code of its own"
        assert cls.code == "error" or KEBAB.fullmatch(cls.code), cls.code
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))
    assert errors.NotABulletin("a.txt", "x").code == "not-a-bulletin"


def test_the_docs_tables_are_generated_from_the_catalogues():
    assert doc_tables.stale() == [], f"regenerate with `{doc_tables.REGENERATE}`"
    codes = Path("docs/codes.md").read_text(encoding="utf-8")
    assert "| `table-total-missing` | extract | The statistics table has no total row | " in codes
    assert "| `no-text-layer` | `NoTextLayer` (UnreadableDocument) | PDF without a text layer |" in codes


def test_a_stale_table_is_found(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    for page in {p for p, _ in doc_tables.GENERATED.values()}:
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(Path(page).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setitem(doc_tables.GENERATED, "warning-codes", (Path("docs/codes.md"), lambda: "| new |"))
    assert doc_tables.stale(tmp_path) == ["docs/codes.md: warning-codes"]


@pytest.mark.parametrize("table", ["warning-codes", "error-codes"])
def test_generated_sections_are_marked(table):
    page, _ = doc_tables.GENERATED[table]
    assert doc_tables.section(page.read_text(encoding="utf-8"), table) is not None
