"""``hotline-etl audit FILE... [--format text|json|markdown|html] [--html FILE] [--fail-on error|warning|never]``
and ``hotline-etl audit --archive OUT_DIR [--format text|json|html] [--html FILE]``.

The HTML report (:mod:`hotline_etl.checks.html_report`) quotes each finding's printed source and highlights
the cells it names in the statistics table: of files, from the document as read; of an archive, from the
dataset's sections, table cells and stated figures.

Exit status: 0 when no finding reaches ``--fail-on``; 1 when one does; 2 when
a file could not be parsed (the others are still audited and reported), or
OUT_DIR holds no dataset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..checks.archive_report import ARCHIVE_FORMATS, BulletinInfo, render_archive_html
from ..checks.catalogue import SEVERITIES, severity_rank
from ..checks.html_report import PrintedText, printed_from_document, printed_from_rows, render_html, shown_bulletins
from ..checks.report import REPORT_FORMATS, FileAudit
from ..document import Document
from ..errors import HotlineError
from ..limits import Limits, time_limit
from ..model import Bulletin
from ..pipeline import parse_document
from ..readers import load
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
                   help="report format (default: text); html is one self-contained page quoting each finding's "
                        "printed source and highlighting its cells in the statistics table; markdown only for FILEs")
    p.add_argument("--html", metavar="FILE", help="also write the HTML report to FILE (the other format is printed)")
    p.add_argument("--fail-on", choices=(*SEVERITIES[:2], "never"), default="error",
                   help="lowest severity that makes the exit status 1 (default: error)")
    p.set_defaults(run=run, parser=p)


def audit_file(path: str) -> FileAudit:
    """Parse and audit one file; a file that cannot be parsed gives its reason instead of findings."""
    return read_and_audit(path)[0]


def read_and_audit(path: str) -> tuple[FileAudit, Bulletin | None, Document | None]:
    """Parse and audit one file under the default limits, keeping the document read (for the HTML report)."""
    limits = Limits.resolve(None)
    try:
        with time_limit(limits.max_seconds, path):
            document = load(path, None, limits)
            bulletin = parse_document(document)
    except HotlineError as exc:
        return FileAudit(path, error=str(exc)), None, None
    return FileAudit(path, bulletin.findings), bulletin, document


def render_files_html(paths) -> tuple[str, list[FileAudit]]:
    """The HTML report of files (every file a section, id ``b-file-N``) and their audits."""
    audits, infos, printed = [], {}, {}
    for n, path in enumerate(paths, 1):
        audit, bulletin, document = read_and_audit(str(path))
        bid = f"file-{n}"
        audits.append(audit)
        period = bulletin.period if bulletin is not None else None
        infos[bid] = BulletinInfo(bid, audit.path, period and period.start, period and period.end,
                                  findings=audit.findings, error=audit.error)
        if bulletin is not None and document is not None:
            printed[bid] = printed_from_document(document, bulletin)
    page = render_html([], infos, printed, title="Audit report", archive=False, show_all=True)
    return page, audits


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
    paths = list(iter_paths(args.paths))
    if args.format == "html" or args.html:
        page, audits = render_files_html(paths)
        _write_html(args.html, page)
        print(page if args.format == "html" else REPORT_FORMATS[args.format](audits),
              end="" if args.format == "html" else "\n")
    else:
        audits = [audit_file(str(path)) for path in paths]
        print(REPORT_FORMATS[args.format](audits))
    return exit_status(audits, args.fail_on)


def _write_html(path: str | None, page: str) -> None:
    if path:
        Path(path).write_text(page, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


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
    page = None
    if args.format == "html" or args.html:
        shown = [b.bulletin_id for b in shown_bulletins(findings, infos)]
        page = render_archive_html(findings, infos, printed_texts(root, shown))
        _write_html(args.html, page)
    print(page if args.format == "html" else ARCHIVE_FORMATS[args.format](findings, infos),
          end="" if args.format == "html" else "\n")
    return EXIT_FINDINGS if _fails((f.finding.severity for f in findings), args.fail_on) else EXIT_CLEAN


def printed_texts(root: Path, ids: list[str]) -> dict[str, PrintedText]:
    """What the bulletins ``ids`` of the dataset at ``root`` print, from their sections, table cells and stated
    figures (copies included)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..dataset.reader import HotlineDataset

    if not ids:
        return {}
    ds = HotlineDataset(root, duplicates=True)
    keep = pc.field("bulletin_id").isin(pa.array(sorted(set(ids)), pa.string()))

    def rows(table: str, columns: list[str], order: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        got = ds.arrow_dataset(table).to_table(columns=["bulletin_id", *columns], filter=keep).to_pylist()
        for r in sorted(got, key=lambda r: [r[k] for k in order]):
            out.setdefault(r["bulletin_id"], []).append(r)
        return out

    formats = {b: r[0]["source_format"] for b, r in rows("bulletins", ["source_format"], []).items()}
    sections = rows("sections", ["position", "text_raw", "source"], ["position"])
    cells = rows("tables", ["table_index", "table_caption", "is_statistics_table", "row_number", "column_number",
                            "header_path_raw", "column_name", "cell_raw", "cell", "is_total", "source"],
                 ["table_index", "row_number", "column_number"])
    figures = rows("figures", ["position", "phrase_raw", "phrase", "number_raw", "unit", "field", "approximate",
                               "source"], ["position"])
    names: dict[str, list] = {}
    for table, column in (("categories", "category_raw"), ("unit_mentions", "unit_raw")):
        for b, got in rows(table, [column, "source"], []).items():
            names.setdefault(b, []).extend((r[column], r["source"]) for r in got)
    return {b: printed_from_rows(sections.get(b, ()), cells.get(b, ()), figures.get(b, ()), names.get(b, ()),
                                 numbered_lines=formats.get(b) == "txt") for b in ids}
