"""Reports of an archive audit: plain text, JSON, and one self-contained HTML page for auditors.

Every renderer takes the archive findings and what is known of each bulletin
(:class:`BulletinInfo`: path, period, the copy it duplicates, its own
findings) and returns the whole report as one string. The HTML page has no
script, stylesheet link or image: one file, readable offline.

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
import html
import json
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ..model import Finding
from .archive import ArchiveFinding
from .catalogue import CATALOGUE, SEVERITIES
from .report import SEVERITY_HEADINGS, where


@dataclass(frozen=True, slots=True)
class BulletinInfo:
    """A bulletin as the report names it: id, path, period, the canonical copy it duplicates, its own findings."""

    bulletin_id: str
    path: str
    start: dt.date | None = None
    end: dt.date | None = None
    duplicate_of: str | None = None
    findings: tuple[Finding, ...] = ()

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


_STYLE = """
body { font-family: sans-serif; margin: 2em; max-width: 70em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.error { color: #a00; } .warning { color: #a60; } .info { color: #057; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.rule { color: #555; font-size: 0.9em; max-width: 60em; }
"""


def _e(value) -> str:
    return "—" if value is None else html.escape(str(value))


def _link(bulletins: Mapping[str, BulletinInfo], bid: str) -> str:
    return f'<a href="#b-{html.escape(bid)}">{html.escape(_name(bulletins, bid))}</a>'


def render_archive_html(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo]) -> str:
    """One self-contained HTML page: a summary, the archive findings grouped by check (rule, message, stated,
    computed, the bulletins involved linked to their entries), then every bulletin involved or with findings
    of its own: path, period, the copy it duplicates, its own findings with where they are printed."""
    out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
           "<title>Archive audit report</title>", f"<style>{_STYLE}</style></head><body>",
           "<h1>Archive audit report</h1>"]
    counts = {s: len(g) for s, g in _by_severity(findings)}
    copies = sum(b.duplicate_of is not None for b in bulletins.values())
    out.append(f'<p class="summary">{len(bulletins)} bulletins; {len(findings)} archive findings ('
               + ", ".join(f'<span class="{s}">{n} {s}</span>' for s, n in counts.items())
               + f"); {copies} duplicate copies.</p>")
    out.append('<h2 id="archive-findings">Archive findings</h2>')
    if not findings:
        out.append("<p>None.</p>")
    for code in dict.fromkeys(a.check for a in findings):
        check = CATALOGUE[code]
        group = [a for a in findings if a.check == code]
        out.append(f'<section class="check" id="check-{code}"><h3 class="{check.severity}">{html.escape(check.title)}'
                   f" <code>{code}</code> ({check.severity}, {len(group)})</h3>")
        out.append(f'<p class="rule">{html.escape(check.rule)}</p>')
        out.append("<table><thead><tr><th>bulletin</th><th>field</th><th>message</th><th>stated</th><th>computed</th>"
                   "<th>difference</th><th>bulletins involved</th></tr></thead><tbody>")
        for a in group:
            f = a.finding
            out.append(f'<tr class="finding {f.severity}"><td>{_link(bulletins, a.owner)}</td><td>{_e(a.field)}</td>'
                       f"<td>{_e(f.message)}</td><td class=\"num\">{_e(f.stated)}</td>"
                       f"<td class=\"num\">{_e(f.computed)}</td><td class=\"num\">{_e(f.delta)}</td><td>"
                       + "<br>".join(_link(bulletins, b) for b in a.bulletin_ids) + "</td></tr>")
        out.append("</tbody></table></section>")
    involved = {b for a in findings for b in a.bulletin_ids}
    shown = [b for b in sorted(bulletins.values(), key=lambda b: b.path)
             if b.bulletin_id in involved or b.duplicate_of or b.findings]
    out.append('<h2 id="bulletins">Bulletins</h2>')
    for b in shown:
        out.append(f'<section class="bulletin" id="b-{html.escape(b.bulletin_id)}"><h3>{html.escape(b.path)}</h3>')
        out.append(f"<p>{_e(b.period)} · bulletin_id <code>{html.escape(b.bulletin_id)}</code>"
                   + (f" · a copy of {_link(bulletins, b.duplicate_of)}: its rows are left out of the fact tables"
                      if b.duplicate_of else "") + "</p>")
        mine = [a for a in findings if b.bulletin_id in a.bulletin_ids]
        if mine:
            out.append("<p>Archive findings: " + ", ".join(
                f'<a href="#check-{a.check}" class="{a.finding.severity}">{a.check}</a>' for a in mine) + "</p>")
        if b.findings:
            out.append("<table><thead><tr><th>check</th><th>message</th><th>where</th></tr></thead><tbody>")
            for f in b.findings:
                places = "; ".join(where(o) for o in f.sources) or "—"
                out.append(f'<tr class="finding {f.severity}"><td><code>{f.check}</code></td><td>{_e(f.message)}</td>'
                           f"<td>{html.escape(places)}</td></tr>")
            out.append("</tbody></table>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


#: Report format name -> renderer of an archive audit.
ARCHIVE_FORMATS: dict[str, Callable[[Sequence[ArchiveFinding], Mapping[str, BulletinInfo]], str]] = {
    "text": render_archive_text, "json": render_archive_json, "html": render_archive_html,
}
