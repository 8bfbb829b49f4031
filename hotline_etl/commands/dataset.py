"""``hotline-etl dataset OUT_DIR``: summarise an ingested dataset (rows per table, findings by severity)."""

from __future__ import annotations

import argparse
import sys



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dataset", help="summarise a dataset written by ingest",
                       description="Print documents per year, rows per table and audit findings by severity.")
    p.add_argument("out", metavar="OUT_DIR")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..dataset.reader import open_dataset

    try:
        ds = open_dataset(args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(ds.summary())
    return 0
