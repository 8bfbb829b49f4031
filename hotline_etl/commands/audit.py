"""``hotline-etl audit FILE... [--format text|json|markdown] [--fail-on error|warning|never]`` and
``hotline-etl audit --archive OUT_DIR [--format text|json|html] [--html FILE]``.

Exit status: 0 when no finding reaches ``--fail-on``; 1 when one does; 2 when
a file could not be parsed (the others are still audited and reported), or
OUT_DIR holds no dataset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..checks.archive_report import ARCHIVE_FORMATS, render_archive_html
from ..checks.catalogue import SEVERITIES, severity_rank
from ..checks.report import REPORT_FORMATS, FileAudit
from ..errors import HotlineError
from ..pipeline import parse
from .parse import iter_paths

#: Exit statuses.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="check each bulletin's figures against each other, or an ingested archive's bulletins",
        description="Parse each FILE (directories are searched) and report where its own figures disagree: "
                    "table sums, text figures, printed rates and shares, lists and rankings against the table. "
                    "With --archive OUT_DIR, check the bulletins of an ingested dataset against each other instead: "
                    "copies of one bulletin that disagree, multi-month bulletins against their months, carry-over "
                    "against the month before (docs/archive_audit.md).",
        epilog="exit status: 0 no finding at or above --fail-on; 1 some finding is; "
               "2 some file could not be parsed (reported with its reason; the others are audited), "
               "or OUT_DIR holds no dataset.")
    p.add_argument("paths", nargs="*", metavar="FILE", help="bulletin files or directories")
    p.add_argument("--archive", metavar="OUT_DIR", help="audit the archive ingested into OUT_DIR (read-only)")
    p.add_argument("--format", choices=sorted(set(REPORT_FORMATS) | set(ARCHIVE_FORMATS)), default="text",
                   help="report format (default: text); html only with --archive, markdown only without")
    p.add_argument("--html", metavar="FILE", help="with --archive, also write the report as one self-contained HTML file")
    p.add_argument("--fail-on", choices=(*SEVERITIES[:2], "never"), default="error",
                   help="lowest severity that makes the exit status 1 (default: error)")
    p.set_defaults(run=run, parser=p)


def audit_file(path: str) -> FileAudit:
    """Parse and audit one file; a file that cannot be parsed gives its reason instead of findings."""
    try:
        return FileAudit(path, parse(path).findings)
    except HotlineError as exc:
        return FileAudit(path, error=str(exc))


def _fails(severities, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    return any(severity_rank(s) <= severity_rank(fail_on) for s in severities)


def exit_status(audits: list[FileAudit], fail_on: str) -> int:
    """2 when a file failed, else 1 when a finding is at or above ``fail_on``, else 0."""
    if any(a.error is not None for a in audits):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if _fails((f.severity for a in audits for f in a.findings), fail_on) else EXIT_CLEAN


def run(args: argparse.Namespace) -> int:
    if args.archive is not None:
        return run_archive(args)
    if not args.paths:
        args.parser.error("give FILE(s) to audit, or --archive OUT_DIR")
    if args.format not in REPORT_FORMATS or args.html:
        args.parser.error("--format html and --html need --archive OUT_DIR")
    audits = [audit_file(str(path)) for path in iter_paths(args.paths)]
    print(REPORT_FORMATS[args.format](audits))
    return exit_status(audits, args.fail_on)


def run_archive(args: argparse.Namespace) -> int:
    """The archive audit of an ingested dataset, computed afresh from its committed rows (nothing is written
    to the dataset)."""
    if args.paths:
        args.parser.error("give either FILE(s) or --archive OUT_DIR, not both")
    if args.format not in ARCHIVE_FORMATS:
        args.parser.error(f"--format {args.format} is not available with --archive (text, json, html)")
    from ..dataset.archive_audit import audit_dataset, bulletin_infos  # pyarrow only when needed

    root = Path(args.archive)
    if not root.is_dir() or not (root / "bulletins").is_dir():
        print(f"{root}: no dataset here (run `hotline-etl ingest ARCHIVE {root}` first)", file=sys.stderr)
        return EXIT_UNREADABLE
    audit = audit_dataset(root)
    findings, infos = audit.findings, bulletin_infos(root, audit)
    print(ARCHIVE_FORMATS[args.format](findings, infos))
    if args.html:
        Path(args.html).write_text(render_archive_html(findings, infos), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    return EXIT_FINDINGS if _fails((f.finding.severity for f in findings), args.fail_on) else EXIT_CLEAN
