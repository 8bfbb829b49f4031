"""``hotline-etl parse PATH... [--json]``: parse bulletins and print a summary or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from ..errors import HotlineError
from ..model import Bulletin
from ..pipeline import parse
from ..readers.files import find_documents
from ..summary import summarize
from .limit_options import add_limit_options, limits_from_args

def iter_paths(paths: list[str]) -> Iterator[Path]:
    """Files named, and the documents found recursively under directories (the policy of
    :func:`~hotline_etl.readers.files.find_documents`, as ``ingest``), in sorted order."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from (p / rel for _, rel in find_documents(p))
        else:
            yield p


def parse_each(paths: list[str], limits=None) -> Iterator[tuple[Path, Bulletin | None]]:
    """Parse every file of :func:`iter_paths`; a file that fails is reported on stderr and yields None.

    The commands that read many files share this, so one bad file never stops the rest.
    """
    for path in iter_paths(paths):
        try:
            yield path, parse(path, limits=limits)
        except HotlineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            yield path, None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("parse", help="parse bulletins and print a summary (or JSON)",
                       description="Parse each FILE (directories are searched for documents, as ingest does) "
                                   "and print a readable summary, or the JSON record with --json.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the JSON record (one object; JSON Lines for several files)")
    p.add_argument("--no-sources", action="store_true", help="leave provenance keys out of the JSON")
    add_limit_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        limits = limits_from_args(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    paths = list(iter_paths(args.paths))
    failed = 0
    for k, (_, bulletin) in enumerate(parse_each([str(p) for p in paths], limits)):
        if bulletin is None:
            failed += 1
            continue
        if args.json:
            record = bulletin.to_dict(sources=not args.no_sources)
            indent = 2 if len(paths) == 1 else None
            print(json.dumps(record, ensure_ascii=False, indent=indent))
        else:
            if k:
                print()
            print(summarize(bulletin))
    if len(paths) > 1 and not args.json:
        print(f"\n{len(paths) - failed} parsed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
