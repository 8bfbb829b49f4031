"""``hotline-etl compact OUT_DIR``: rewrite each table-partition's files into one.

Ingest writes one file per table per partition per batch and compacts a
partition by itself once it holds eight files; this command compacts every
partition with two or more, e.g. after many small incremental runs. Plain
readers of the folder see the rows before or after (a run killed half-way is
finished by the next ingest or compact). Exit status 2 when the dataset is
missing or another ingest holds it.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import HotlineError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compact", help="merge each partition's data files into one",
                       description="Rewrite every table-partition of a dataset that holds two or more data files "
                                   "into one file (committed rows only), under the dataset's ingest lock.")
    p.add_argument("out", metavar="OUT_DIR")
    p.add_argument("--min-files", type=int, default=2, metavar="N",
                   help="compact a table-partition only when it holds at least N files (default 2)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when an ingest is writing OUT_DIR, wait up to this long for it (default: refuse)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.min_files < 2:
        print("error: --min-files must be at least 2", file=sys.stderr)
        return 2
    from ..dataset.coordinator import compact  # pyarrow only when compacting

    try:
        report = compact(args.out, min_files=args.min_files, wait=args.wait)
    except (HotlineError, FileNotFoundError) as exc:  # DatasetBusy, or no dataset
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary(), file=sys.stderr)
    return 0
