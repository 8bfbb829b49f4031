"""``hotline-etl audit FILE... [--format text|json|markdown] [--fail-on error|warning|never]``.

Exit status: 0 when no finding reaches ``--fail-on``; 1 when one does; 2 when
a file could not be parsed (the others are still audited and reported).
"""

from __future__ import annotations

import argparse

from ..checks.catalogue import SEVERITIES, severity_rank
from ..checks.report import REPORT_FORMATS, FileAudit
from ..errors import HotlineError
from ..pipeline import parse
from .parse import iter_paths

#: Exit statuses.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="check each bulletin's figures against each other",
        description="Parse each FILE (directories are searched) and report where its own figures disagree: "
                    "table sums, text figures, printed rates and shares, lists and rankings against the table.",
        epilog="exit status: 0 no finding at or above --fail-on; 1 some finding is; "
               "2 some file could not be parsed (reported with its reason; the others are audited).")
    p.add_argument("paths", nargs="+", metavar="FILE", help="bulletin files or directories")
    p.add_argument("--format", choices=sorted(REPORT_FORMATS), default="text", help="report format (default: text)")
    p.add_argument("--fail-on", choices=(*SEVERITIES[:2], "never"), default="error",
                   help="lowest severity that makes the exit status 1 (default: error)")
    p.set_defaults(run=run)


def audit_file(path: str) -> FileAudit:
    """Parse and audit one file; a file that cannot be parsed gives its reason instead of findings."""
    try:
        return FileAudit(path, parse(path).findings)
    except HotlineError as exc:
        return FileAudit(path, error=str(exc))


def exit_status(audits: list[FileAudit], fail_on: str) -> int:
    """2 when a file failed, else 1 when a finding is at or above ``fail_on``, else 0."""
    if any(a.error is not None for a in audits):
        return EXIT_UNREADABLE
    if fail_on == "never":
        return EXIT_CLEAN
    threshold = severity_rank(fail_on)
    hit = any(severity_rank(f.severity) <= threshold for a in audits for f in a.findings)
    return EXIT_FINDINGS if hit else EXIT_CLEAN


def run(args: argparse.Namespace) -> int:
    audits = [audit_file(str(path)) for path in iter_paths(args.paths)]
    print(REPORT_FORMATS[args.format](audits))
    return exit_status(audits, args.fail_on)
