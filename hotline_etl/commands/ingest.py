"""``hotline-etl ingest ARCHIVE_DIR OUT_DIR``: parse an archive into the Parquet dataset.

Exit status: 0 (also when some files failed: they are in the ``errors``
table), 1 with ``--strict`` when any archive file cannot be parsed, 2 when the
dataset is busy (another ingest holds its lock), the archive is missing, the
unit registry does not load, or the executor cannot run (``--executor dask``
without the extra, an unreachable scheduler, workers that cannot read the
archive).

``--dry-run`` prints the plan on stdout, one document per line
(``reason<TAB>path``: new, file-changed, path-changed, recovered,
parser-changed, registry-changed, limits-changed, forced), then a count line,
and writes nothing.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import HotlineError
from .limit_options import add_limit_options, limits_from_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="parse an archive of bulletins into a Parquet dataset (incremental)",
        description="Walk ARCHIVE_DIR recursively (formats detected from the bytes; names starting with . or _ "
                    "web assets such as .css/.js and the pictures a saved .html page next to them names are skipped; other "
                    "pictures are pages to OCR), parse every new or changed file in a "
                    "process pool and write the tables under OUT_DIR (one file per table per year per batch). A "
                    "file is parsed again when the parser code, the unit registry (for the names it prints) or the "
                    "limits changed; --dry-run prints what would be parsed and why. Files that cannot be parsed "
                    "get a row in the errors table.")
    p.add_argument("archive", metavar="ARCHIVE_DIR")
    p.add_argument("out", metavar="OUT_DIR")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="parallel parser processes (default: one per CPU; 1 parses in this process; "
                        "with --executor dask, the local cluster's workers, default 2)")
    p.add_argument("--executor", choices=("process", "dask"), default="process",
                   help="where documents are parsed: a local process pool (default) or a Dask cluster "
                        "(needs pip install 'hotline_etl[dask]')")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="with --executor dask: the scheduler of an existing cluster, e.g. tcp://10.0.0.5:8786 "
                        "(default: start a local cluster); workers must read ARCHIVE_DIR at the same path")
    p.add_argument("--force", action="store_true", help="parse every file again, even unchanged ones")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would be parsed and why (one 'reason<TAB>path' line each), write nothing")
    p.add_argument("--prune", action="store_true", help="remove the rows of documents no longer in the archive")
    p.add_argument("--strict", action="store_true", help="exit 1 when any archive file cannot be parsed")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when another ingest is writing OUT_DIR, wait up to this long for it (default: refuse)")
    p.add_argument("--quiet", action="store_true", help="no progress bar (the summary is still printed)")
    add_limit_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.scheduler is not None and args.executor != "dask":
        print("error: --scheduler needs --executor dask", file=sys.stderr)
        return 2
    try:
        limits = limits_from_args(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from ..dataset.coordinator import ingest  # pyarrow and the pool only when ingesting

    try:
        report = ingest(args.archive, args.out, workers=args.workers, force=args.force, prune=args.prune,
                        wait=args.wait, progress=not args.quiet and sys.stderr.isatty(), limits=limits,
                        executor=args.executor, scheduler=args.scheduler, dry_run=args.dry_run)
    except HotlineError as exc:  # DatasetBusy, a missing archive, a broken registry, an executor that cannot run
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(report.plan_text())
        return 0
    print(report.summary(), file=sys.stderr)
    return 1 if args.strict and report.archive_errors else 0
