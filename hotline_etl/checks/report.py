"""Audit reports for people and programs: text, JSON and Markdown, grouped by severity.

Renderers are registered by name in :data:`REPORT_FORMATS`; each takes the
per-file results and returns the whole report as one string.

>>> from hotline_etl.model import Finding
>>> f = Finding("table-sum-mismatch", "error", "辦理數", 2574, 2575, -1, "辦理數: …")
>>> print(render_text([FileAudit("a.txt", (f,))]).splitlines()[0])
a.txt — 1 error, 0 warnings, 0 info
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..document import Origin
from ..model import Finding
from .catalogue import CATALOGUE, SEVERITIES

#: Headings of the severity groups.
SEVERITY_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}
#: Places listed per finding in the text report.
MAX_PLACES = 4


@dataclass(frozen=True, slots=True)
class FileAudit:
    """The audit of one file: its findings, or why it could not be parsed (``error``)."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None

    def counts(self) -> dict[str, int]:
        """Number of findings per severity, every severity present."""
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}


def where(origin: Origin) -> str:
    """A location in words, without a zero character offset: ``line 621``; OCR'd text says so.

    >>> where(Origin(line=4, char=5)), where(Origin(line=621, char=0)), where(Origin(page=2, table=1, row=3, col=4))
    ('line 4, char 5', 'line 621', 'page 2, table 1, row 3, col 4')
    >>> where(Origin(page=2, table=1, row=3, col=4, ocr=True, confidence=0.42))
    'page 2, table 1, row 3, col 4 (read by OCR, confidence 0.420)'
    """
    return (origin._replace(char=None) if origin.char == 0 else origin).describe()


def _value(v: Any) -> str:
    return "—" if v is None else str(v)


def _counts_text(counts: dict[str, int]) -> str:
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    return ", ".join(f"{n} {s if n == 1 else plural[s]}" for s, n in counts.items())


def render_text(audits: Sequence[FileAudit]) -> str:
    """A plain report: per file, findings under ERRORS / WARNINGS / INFO with stated, computed and where."""
    out: list[str] = []
    for audit in audits:
        if out:
            out.append("")
        if audit.error is not None:
            out.append(f"{audit.path} — could not be audited: {audit.error}")
            continue
        out.append(f"{audit.path} — {_counts_text(audit.counts())}")
        for severity in SEVERITIES:
            group = [f for f in audit.findings if f.severity == severity]
            if not group:
                continue
            out += ["", f"{SEVERITY_HEADINGS[severity].upper()} ({len(group)})"]
            for n, f in enumerate(group, 1):
                out.append(f"  {n}. [{f.check}] {CATALOGUE[f.check].title}")
                out.append(f"     {f.message}")
                out.append(f"     stated {_value(f.stated)} · computed {_value(f.computed)}"
                           + (f" · difference {f.delta}" if f.delta is not None else ""))
                if f.sources:
                    places = "; ".join(where(o) for o in f.sources[:MAX_PLACES])
                    more = f" and {len(f.sources) - MAX_PLACES} more" if len(f.sources) > MAX_PLACES else ""
                    out.append(f"     where: {places}{more}")
    if len(audits) > 1:
        failed = sum(a.error is not None for a in audits)
        total = {s: sum(a.counts()[s] for a in audits) for s in SEVERITIES}
        out += ["", f"{len(audits) - failed} files audited, {failed} could not be read; {_counts_text(total)}"]
    return "\n".join(out)


def _cell(v: Any) -> str:
    return _value(v).replace("|", "\\|").replace("\n", " ")


def render_markdown(audits: Sequence[FileAudit]) -> str:
    """A Markdown report: a section per file, a table per severity (every severity heading present)."""
    out = ["# Audit report"]
    for audit in audits:
        out += ["", f"## {audit.path}", ""]
        if audit.error is not None:
            out.append(f"**Could not be audited:** {audit.error}")
            continue
        out.append(_counts_text(audit.counts()))
        for severity in SEVERITIES:
            group = [f for f in audit.findings if f.severity == severity]
            out += ["", f"### {SEVERITY_HEADINGS[severity]} ({len(group)})", ""]
            if not group:
                out.append("None.")
                continue
            out += ["| check | subject | stated | computed | difference | where | message |",
                    "|---|---|---|---|---|---|---|"]
            out += [f"| `{f.check}` | {_cell(f.subject)} | {_cell(f.stated)} | {_cell(f.computed)} | "
                    f"{_cell(f.delta)} | {_cell('; '.join(where(o) for o in f.sources))} | {_cell(f.message)} |"
                    for f in group]
    return "\n".join(out)


def render_json(audits: Sequence[FileAudit]) -> str:
    """One JSON document: ``files`` (path, status, error, counts, findings with their title) and ``counts``."""
    files = [{
        "path": a.path,
        "status": "failed" if a.error is not None else "audited",
        "error": a.error,
        "counts": a.counts(),
        "findings": [{**f.to_dict(), "title": CATALOGUE[f.check].title} for f in a.findings],
    } for a in audits]
    counts = {s: sum(a.counts()[s] for a in audits) for s in SEVERITIES}
    record = {"files": files, "counts": counts, "failed": sum(a.error is not None for a in audits)}
    return json.dumps(record, ensure_ascii=False, indent=2)


#: Report format name -> renderer.
REPORT_FORMATS: dict[str, Callable[[Sequence[FileAudit]], str]] = {
    "text": render_text, "json": render_json, "markdown": render_markdown,
}
