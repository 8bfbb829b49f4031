"""The ``hotline-etl`` command line (also ``python -m hotline_etl``).

Each command group lives in its own module under ``hotline_etl.commands`` with
``register(subparsers)``; add new groups to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys

from ._version import __version__
from .commands import audit as audit_command
from .commands import compact as compact_command
from .commands import dataset as dataset_command
from .commands import ingest as ingest_command
from .commands import parse as parse_command
from .commands import units as units_command

#: Command modules, in the order ``--help`` lists them.
COMMANDS = [parse_command, units_command, audit_command, ingest_command, compact_command, dataset_command]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotline-etl",
        description="Turn archived Chinese 12345-hotline bulletins into trustworthy data.")
    parser.add_argument("--version", action="version", version=f"hotline-etl {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `hotline-etl parse ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
