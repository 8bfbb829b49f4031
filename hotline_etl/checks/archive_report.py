"""Reports of an archive audit: plain text, JSON, and one self-contained HTML page for auditors.

Every renderer takes the archive findings and what is known of each bulletin
(:class:`BulletinInfo`: path, period, the copy it duplicates, its own
findings) and returns the whole report as one string. The HTML page
(:mod:`hotline_etl.checks.html_report`) has no script, stylesheet link or
image: one file, readable offline.

>>> import datetime as dt
>>> from hotline_etl.model import Finding
>>> from hotline_etl.checks.archive import ArchiveFinding
>>> f = ArchiveFinding(Finding("carry-over-mismatch", "warning", "b.txt", 8, 6, 2, "b.txt: 8 carried over …"),
...                    "bb", "carry_over", ("bb", "aa"))
>>> info = {"aa": BulletinInfo("aa", "a.txt", dt.date(2022, 6, 1), dt.date(2022, 6, 30)),
...         "bb": BulletinInfo("bb", "b.txt", dt.date(2022, 7, 1), dt.date(2022, 7, 31))}
>>> print(render_archive_text([f], info).splitlines()[2])
WARNINGS (1)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ..model import Finding
from .archive import ArchiveFinding
from .catalogue import CATALOGUE, SEVERITIES
from .html_report import PrintedText, render_html
from .report import SEVERITY_HEADINGS


@dataclass(frozen=True, slots=True)
class BulletinInfo:
    """A bulletin as the report names it: id, path, period, the canonical copy it duplicates, its own findings
    (or ``error``: why its file could not be audited), and the name it prints each unit under (unit key ->
    name in simplified script, :attr:`~.archive.ArchiveBulletin.unit_names`)."""

    bulletin_id: str
    path: str
    start: dt.date | None = None
    end: dt.date | None = None
    duplicate_of: str | None = None
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    unit_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def period(self) -> str:
        if self.start is None:
            return "period unknown"
        return self.start.isoformat() + (f" – {self.end.isoformat()}" if self.end and self.end != self.start else "")


def _name(bulletins: Mapping[str, BulletinInfo], bid: str) -> str:
    b = bulletins.get(bid)
    return b.path if b is not None else bid


def _by_severity(findings: Sequence[ArchiveFinding]) -> list[tuple[str, list[ArchiveFinding]]]:
    return [(s, [f for f in findings if f.finding.severity == s]) for s in SEVERITIES]


def render_archive_text(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo]) -> str:
    """Archive findings under ERRORS / WARNINGS / INFO, each with the bulletins involved (paths)."""
    copies = sum(b.duplicate_of is not None for b in bulletins.values())
    out = [f"archive audit of {len(bulletins)} bulletins: {len(findings)} archive findings, {copies} duplicate copies"]
    for severity, group in _by_severity(findings):
        if not group:
            continue
        out += ["", f"{SEVERITY_HEADINGS[severity].upper()} ({len(group)})"]
        for n, a in enumerate(group, 1):
            f = a.finding
            out.append(f"  {n}. [{f.check}] {CATALOGUE[f.check].title}")
            out.append(f"     {f.message}")
            if f.stated is not None or f.computed is not None:
                out.append(f"     stated {f.stated} · computed {f.computed}"
                           + (f" · difference {f.delta}" if f.delta is not None else ""))
            out.append("     bulletins: " + ", ".join(_name(bulletins, b) for b in a.bulletin_ids))
    dups = sorted((b.path, _name(bulletins, b.duplicate_of)) for b in bulletins.values() if b.duplicate_of)
    if dups:
        out += ["", f"DUPLICATE COPIES ({len(dups)})"] + [f"  {p} is a copy of {c}" for p, c in dups]
    return "\n".join(out)


def render_archive_json(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo]) -> str:
    """One JSON document: ``findings`` (with the paths of the bulletins involved) and ``duplicates``."""
    record = {
        "findings": [{**a.to_dict(), "title": CATALOGUE[a.check].title,
                      "paths": [_name(bulletins, b) for b in a.bulletin_ids]} for a in findings],
        "duplicates": {b.path: _name(bulletins, b.duplicate_of) for b in bulletins.values() if b.duplicate_of},
        "counts": {s: len(g) for s, g in _by_severity(findings)},
    }
    return json.dumps(record, ensure_ascii=False, indent=2)


def render_archive_html(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo],
                        printed: Mapping[str, PrintedText] | None = None) -> str:
    """One self-contained HTML page (:func:`hotline_etl.checks.html_report.render_html`): a summary, the archive
    findings grouped by check (rule, message, stated, computed, the bulletins involved linked to their entries,
    the figure each prints quoted), then every bulletin involved or with findings of its own: path, period, the
    copy it duplicates, its own findings with their printed sources quoted, its statistics table with the cells
    a finding names highlighted (``printed``: bulletin_id -> :class:`PrintedText`)."""
    return render_html(findings, bulletins, printed)


#: Report format name -> renderer of an archive audit.
ARCHIVE_FORMATS: dict[str, Callable[[Sequence[ArchiveFinding], Mapping[str, BulletinInfo]], str]] = {
    "text": render_archive_text, "json": render_archive_json, "html": render_archive_html,
}
