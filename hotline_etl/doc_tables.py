"""The generated tables of ``docs/``: warning codes, error codes, audit checks and limits, from where each is defined.

Each table lives in a docs page between two marker comments
(``<!-- generated:NAME:begin -->`` … ``<!-- generated:NAME:end -->``);
``python -m hotline_etl.doc_tables --write`` rewrites every one of them,
``--check`` exits 1 when one is stale (``tests/test_codes.py`` does the
same), and with no option the tables are printed. The data dictionary has its
own generator, :mod:`hotline_etl.dataset.dictionary`.

>>> sorted(GENERATED)
['archive-checks', 'audit-checks', 'error-codes', 'limits', 'warning-codes']
>>> embed("a\\n<!-- generated:x:begin -->\\nold\\n<!-- generated:x:end -->\\nb", "x", "new\\n")
'a\\n<!-- generated:x:begin -->\\nnew\\n<!-- generated:x:end -->\\nb'
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Callable

from .checks.catalogue import catalogue_markdown
from .errors import error_classes, errors_markdown
from .limits import limits_markdown
from .warning_catalogue import warnings_markdown

#: The command that regenerates the tables (printed in the stale-file message).
REGENERATE = "python -m hotline_etl.doc_tables --write"


def _all_errors_markdown() -> str:
    # Error classes of later stages (the dataset's DatasetBusy) and of readers imported on first use (the
    # office reader's ConversionFailed) exist once their modules are imported: import them all, so the
    # table does not depend on what the process happened to import before.
    import hotline_etl

    for info in pkgutil.walk_packages(hotline_etl.__path__, "hotline_etl."):
        if info.name.startswith(("hotline_etl.dataset", "hotline_etl.readers")):
            importlib.import_module(info.name)
    return errors_markdown([c for c in error_classes() if c.__module__.startswith("hotline_etl.")])


#: Section name -> (the page holding it, the function rendering it).
GENERATED: dict[str, tuple[Path, Callable[[], str]]] = {
    "warning-codes": (Path("docs/codes.md"), warnings_markdown),
    "error-codes": (Path("docs/codes.md"), _all_errors_markdown),
    "audit-checks": (Path("docs/audit.md"), catalogue_markdown),
    "archive-checks": (Path("docs/archive_audit.md"), lambda: catalogue_markdown("archive")),
    "limits": (Path("docs/limits.md"), limits_markdown),
}


def markers(name: str) -> tuple[str, str]:
    """The begin and end comments around section ``name``."""
    return f"<!-- generated:{name}:begin -->", f"<!-- generated:{name}:end -->"


def section(text: str, name: str) -> str | None:
    """The generated section ``name`` of ``text`` (without the markers), or None when it has none."""
    begin, end = markers(name)
    if begin not in text or end not in text:
        return None
    return text.split(begin, 1)[1].split(end, 1)[0].strip("\n") + "\n"


def embed(text: str, name: str, table: str) -> str:
    """``text`` with section ``name`` replaced by ``table``."""
    begin, end = markers(name)
    if section(text, name) is None:
        raise ValueError(f"no {begin} … {end} markers")
    head, rest = text.split(begin, 1)
    return f"{head}{begin}\n{table}{end}{rest.split(end, 1)[1]}"


def stale(root: Path = Path(".")) -> list[str]:
    """``page: section`` of every generated section that differs from what the catalogues give today."""
    out = []
    for name, (page, render) in GENERATED.items():
        text = (root / page).read_text(encoding="utf-8")
        if section(text, name) != render() + "\n":
            out.append(f"{page}: {name}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the tables; ``--write`` rewrites their sections in docs/, ``--check`` exits 1 when one is stale."""
    parser = argparse.ArgumentParser(prog="python -m hotline_etl.doc_tables", description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 when a generated section of docs/ is stale")
    group.add_argument("--write", action="store_true", help="rewrite every generated section of docs/")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale()
        for where in outdated:
            print(f"{where} is stale: regenerate it with `{REGENERATE}`", file=sys.stderr)
        return 1 if outdated else 0
    for name, (page, render) in GENERATED.items():
        if args.write:
            page.write_text(embed(page.read_text(encoding="utf-8"), name, render() + "\n"), encoding="utf-8")
        else:
            sys.stdout.write(f"{name} ({page}):\n{render()}\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
