"""The audit as one self-contained HTML page: each finding with its printed source quoted, the statistics
table with the cells a finding names highlighted, archive findings linked between bulletins.

A finding knows where it is printed (its ``sources``, :class:`~hotline_etl.document.Origin`);
:class:`PrintedText` knows what is printed there: the bulletin's text cut into
lines and cells by place, and its statistics table. It is built from a read
document (:func:`printed_from_document`, for ``hotline-etl audit FILE``) or
from a dataset's rows (:func:`printed_from_rows`, for ``--archive``).
:func:`render_html` writes the page: no script, no stylesheet link, no image,
every text escaped.

>>> from hotline_etl.document import Document, Paragraph
>>> from hotline_etl.model import Finding
>>> doc = Document("a.txt", "txt", (Paragraph("一、基本情况\\n共受理工单40件,在办3件。", Origin(line=1)),))
>>> printed = printed_from_document(doc)
>>> printed.quote(Origin(line=2, char=11))
Quote(where='line 2, char 11', text='共受理工单40件,在办3件。', start=11, end=12)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple, Sequence

from ..document import Document, Origin, Paragraph, Table
from ..model import HEADLINE_FIELDS, Bulletin, Finding, PrintedTable
from ..script import to_simplified, token_end
from .archive import ArchiveFinding, is_carry_over
from .catalogue import CATALOGUE, SEVERITIES
from .report import where

if TYPE_CHECKING:
    from .archive_report import BulletinInfo

#: A quoted line longer than this is cut to this many characters around the figure it quotes.
QUOTE_WIDTH = 240
#: Inline style of a highlighted cell or figure per severity (the class says the same for a stylesheet).
HIGHLIGHT_STYLE = {
    "error": "background:#ffd6d6;outline:2px solid #c00",
    "warning": "background:#fff0c2;outline:2px solid #c80",
    "info": "background:#dbeeff;outline:2px solid #06c",
}


def place(origin: Origin) -> Origin:
    """The place of a text unit (a line, a paragraph, a cell): ``origin`` without its character offset or OCR
    confidence.

    >>> place(Origin(line=3, char=7, ocr=True, confidence=0.5))
    Origin(line=3, char=None, page=None, paragraph=None, table=None, row=None, col=None, ocr=None, confidence=None)
    """
    return origin._replace(char=None, ocr=None, confidence=None)


class Quote(NamedTuple):
    """A printed text quoted for a source: where it is, the text, and the figure's span in it (``start`` = ``end``
    when the source names the whole text)."""

    where: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PrintedText:
    """What one bulletin prints, by place: ``units`` maps a :func:`place` to its texts, each with the source
    character it starts at; ``table`` is the statistics table as printed (cells and their sources);
    ``figures`` the source of each headline figure (and ``carry_over``), for archive findings."""

    units: Mapping[Origin, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    table: PrintedTable | None = None
    figures: Mapping[str, Origin] = field(default_factory=dict)
    #: The statistics table's unit per row in simplified script (to find an archive finding's unit).
    row_units: tuple[str | None, ...] = ()

    def quote(self, origin: Origin) -> Quote | None:
        """The printed text holding ``origin`` (the longest that does), with the token it points at; None when
        nothing printed is known there."""
        texts = self.units.get(place(origin))
        if not texts:
            return None
        char = origin.char
        if char is None:
            start, text = texts[0]
            return Quote(where(origin), text, 0, 0)
        holding = [(s, t) for s, t in texts if s <= char <= s + len(t)]
        if not holding:
            return None
        start, text = max(holding, key=lambda st: len(st[1]))
        at = char - start
        return Quote(where(origin), text, at, token_end(text, at) if at < len(text) else at)

    def cell(self, origin: Origin) -> tuple[int, int] | None:
        """(row, column) of the statistics table's cell printed at ``origin`` (0-based), or None."""
        if self.table is None:
            return None
        for r, row in enumerate(self.table.cell_sources):
            for c, o in enumerate(row):
                if o is not None and place(o) == place(origin) and (o.char or 0) == (origin.char or 0):
                    return r, c
        return None

    def unit_cell(self, unit: str, column: str) -> Origin | None:
        """Source of ``column`` in the row of ``unit`` (simplified name) of the statistics table, or None."""
        if self.table is None or column not in self.table.columns:
            return None
        c = self.table.columns.index(column)
        for r, name in enumerate(self.row_units):
            if name == unit and r < len(self.table.cell_sources) and c < len(self.table.cell_sources[r]):
                return self.table.cell_sources[r][c]
        return None


def _add(units: dict[Origin, list[tuple[int, str]]], origin: Origin, start: int, text: str) -> None:
    units.setdefault(place(origin), []).append((start, text))


def _freeze(units: dict[Origin, list[tuple[int, str]]]) -> dict[Origin, tuple[tuple[int, str], ...]]:
    return {k: tuple(sorted(v)) for k, v in units.items()}


def _row_units(table: PrintedTable) -> tuple[str | None, ...]:
    """Each printed row's unit in simplified script (as the dataset's ``unit`` columns hold it)."""
    if "unit_raw" not in table.columns:
        return ()
    c = table.columns.index("unit_raw")
    return tuple(to_simplified(row[c]) if c < len(row) else None for row in table.rows)


def printed_from_document(document: Document, bulletin: Bulletin | None = None) -> PrintedText:
    """The printed text of a read ``document``, exactly as its reader gave it (before repair), cut into lines and
    cells; the statistics table and the headline figures' sources from ``bulletin`` (the parsed record).

    >>> doc = Document("a.txt", "txt", (Paragraph("甲\\n乙镇 12件", Origin(line=4)),))
    >>> printed_from_document(doc).quote(Origin(line=5, char=3))
    Quote(where='line 5, char 3', text='乙镇 12件', start=3, end=5)
    """
    units: dict[Origin, list[tuple[int, str]]] = {}
    for block in document.blocks:
        if isinstance(block, Paragraph):
            o, offset = block.origin, block.origin.char or 0
            for k, part in enumerate(block.text.split("\n")):
                if o.line is not None:  # line k of a paragraph is origin.line + k (View.origins)
                    _add(units, o._replace(line=o.line + k), offset if k == 0 else 0, part)
                else:  # or k characters further into the paragraph
                    _add(units, o, offset, part)
                    offset += len(part) + 1
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    _add(units, cell.origin, cell.origin.char or 0, cell.text.replace("\n", " "))
    if bulletin is None:
        return PrintedText(_freeze(units))
    table = _statistics_table(bulletin)
    figures = {n: getattr(bulletin.headline, n).source for n in HEADLINE_FIELDS
               if getattr(bulletin.headline, n).source is not None}
    return PrintedText(_freeze(units), table, figures, _row_units(table) if table is not None else ())


def _statistics_table(bulletin: Bulletin) -> PrintedTable | None:
    if bulletin.table is None:
        return None
    for t in bulletin.tables:
        if t.index == bulletin.table.table_index:
            return t
    return next((t for t in bulletin.tables if t.kind == "per_unit"), None)


def _origin(d: Mapping[str, Any] | None) -> Origin | None:
    return None if d is None else Origin(**{k: v for k, v in d.items() if v is not None})


def printed_from_rows(sections: Iterable[Mapping[str, Any]], cells: Iterable[Mapping[str, Any]],
                      figures: Iterable[Mapping[str, Any]], names: Iterable[tuple[str, Mapping[str, Any]]] = (), *,
                      numbered_lines: bool) -> PrintedText:
    """The printed text of one bulletin from its dataset rows: ``sections`` (``text_raw``, ``source``),
    ``cells`` (rows of the ``tables`` table), ``figures`` (``phrase_raw``, ``number_raw``, ``unit``,
    ``field``, ``phrase``, ``approximate``, ``source``), in their tables' order, and ``names`` (a printed
    name and its source: categories, units of lists).

    ``numbered_lines``: the document is a text file, so line k of a section is the section's first line + k.
    Other formats keep their lines apart from their tables (a section's text joins both), so only their
    stated figures (phrase and number), names and table cells are quoted.

    >>> printed = printed_from_rows([{"text_raw": "甲\\n共受理40件", "source": {"line": 7, "char": 0}}], [],
    ...                             [], numbered_lines=True)
    >>> printed.quote(Origin(line=8, char=3))
    Quote(where='line 8, char 3', text='共受理40件', start=3, end=5)
    """
    units: dict[Origin, list[tuple[int, str]]] = {}
    for s in sections:
        o = _origin(s["source"])
        if numbered_lines and o is not None and o.line is not None and s["text_raw"] is not None:
            for k, line in enumerate(s["text_raw"].split("\n")):
                _add(units, o._replace(line=o.line + k), (o.char or 0) if k == 0 else 0, line)
    for text, source in names:
        o = _origin(source)
        if o is not None and text:
            _add(units, o, o.char or 0, text)
    found: dict[str, Origin] = {}
    for f in figures:
        o = _origin(f["source"])
        if o is None or f["number_raw"] is None:
            continue
        phrase = f["phrase_raw"] or ""
        _add(units, o, (o.char or 0) - len(phrase), phrase + f["number_raw"] + (f["unit"] or ""))
        if f["field"] is not None:
            found.setdefault(f["field"], o)
        if f["unit"] != "%" and not f["approximate"] and is_carry_over(f["phrase"]):
            found.setdefault("carry_over", o)  # the first, as the archive audit reads it
    stat: list[Mapping[str, Any]] = []
    for c in cells:
        o = _origin(c["source"])
        if o is not None:
            _add(units, o, o.char or 0, c["cell_raw"])
        if c["is_statistics_table"]:
            stat.append(c)
    table, simplified = _table_from_cells(stat)
    return PrintedText(_freeze(units), table, found, simplified)


def _table_from_cells(cells: Sequence[Mapping[str, Any]]) -> tuple[PrintedTable | None, tuple[str | None, ...]]:
    if not cells:
        return None, ()
    ncols = max(c["column_number"] for c in cells)
    header: list[str] = [""] * ncols
    columns: list[str | None] = [None] * ncols
    rows: dict[int, list[Mapping[str, Any] | None]] = {}
    for c in cells:
        k = c["column_number"] - 1
        header[k], columns[k] = c["header_path_raw"], c["column_name"]
        rows.setdefault(c["row_number"], [None] * ncols)[k] = c
    ordered = [rows[n] for n in sorted(rows)]
    unit = columns.index("unit_raw") if "unit_raw" in columns else None
    table = PrintedTable(
        index=cells[0]["table_index"], caption=cells[0]["table_caption"], kind="per_unit", header_raw=tuple(header),
        columns=tuple(columns), rows=tuple(tuple(c["cell_raw"] if c else "" for c in row) for row in ordered),
        totals=tuple(any(c is not None and c["is_total"] for c in row) for row in ordered),
        cell_sources=tuple(tuple(_origin(c["source"]) if c else None for c in row) for row in ordered))
    names = tuple(row[unit]["cell"] if unit is not None and row[unit] else None for row in ordered)
    return table, names


# -- where an archive finding is printed ---------------------------------------------------------

#: Check -> the field the other bulletins of a finding print (when not the owner's): last month's in-progress.
OTHERS_FIELD = {"carry-over-mismatch": "in_progress"}


def archive_source(printed: PrintedText, finding: ArchiveFinding, bulletin_id: str,
                   unit_names: Mapping[str, str] | None = None) -> Origin | None:
    """Where bulletin ``bulletin_id`` (involved in ``finding``) prints the figure compared: a headline figure or
    the carry-over (by field), or the cell of the finding's unit (``finding.unit``, printed under its name
    ``unit_names[finding.unit]`` in this bulletin) of the statistics table.

    >>> from hotline_etl.model import Finding
    >>> a = ArchiveFinding(Finding("carry-over-mismatch", "warning", "b.txt", 8, 6, 2, "…"), "bb", "carry_over",
    ...                    ("bb", "aa"))
    >>> printed = PrintedText(figures={"carry_over": Origin(line=2, char=9), "in_progress": Origin(line=2, char=40)})
    >>> archive_source(printed, a, "bb").char, archive_source(printed, a, "aa").char
    (9, 40)
    """
    name = finding.field if bulletin_id == finding.owner else OTHERS_FIELD.get(finding.check, finding.field)
    if name is None:
        return None
    if finding.unit is not None:
        unit = (unit_names or {}).get(finding.unit)
        return printed.unit_cell(unit, name) if unit is not None else None
    return printed.figures.get(name)


# -- rendering -----------------------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; margin: 2em; max-width: 80em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.error { color: #a00; } .warning { color: #a60; } .info { color: #057; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.rule { color: #555; font-size: 0.9em; max-width: 60em; }
.quote { margin: 0.2em 0; } .quote .where { color: #666; font-size: 0.85em; margin-right: 0.5em; }
.quote .printed { font-family: serif; background: #fafafa; padding: 0 0.2em; color: #222; }
mark.hl, td.hl { color: #000; } tr.total td { font-weight: bold; }
table.stat td { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
table.stat td.unit { text-align: left; }
"""


def _e(value) -> str:
    return "—" if value is None else html.escape(str(value))


def _name(bulletins: Mapping[str, BulletinInfo], bid: str) -> str:
    b = bulletins.get(bid)
    return b.path if b is not None else bid


def _link(bulletins: Mapping[str, BulletinInfo], bid: str) -> str:
    return f'<a href="#b-{html.escape(bid)}">{html.escape(_name(bulletins, bid))}</a>'


def _mark(severity: str) -> str:
    return f'class="hl {severity}" style="{HIGHLIGHT_STYLE[severity]}"'


def render_quote(quote: Quote, severity: str, spans: Sequence[tuple[int, int]] = ()) -> str:
    """A quoted printed text: where, then the text with the figure marked (or every span of ``spans``, for
    several sources in one line), cut around the marks when long.

    >>> render_quote(Quote("line 2, char 3", "共受理40件", 3, 5), "error")  # doctest: +NORMALIZE_WHITESPACE
    '<div class="quote"><span class="where">line 2, char 3</span><span class="printed">共受理<mark class="hl error"
    style="background:#ffd6d6;outline:2px solid #c00">40</mark>件</span></div>'
    """
    text = quote.text
    spans = sorted(spans or [(quote.start, quote.end)])
    lo, hi = 0, len(text)
    if len(text) > QUOTE_WIDTH:
        lo = max(0, min(spans[0][0] - QUOTE_WIDTH // 2, len(text) - QUOTE_WIDTH))
        hi = min(len(text), max(lo + QUOTE_WIDTH, spans[-1][1] + QUOTE_WIDTH // 4))
    body, at = ["…" if lo else ""], lo
    for start, end in spans:
        if end <= start or start < at:  # the whole text, or overlapping an earlier mark
            continue
        body += [html.escape(text[at:start]), f"<mark {_mark(severity)}>{html.escape(text[start:end])}</mark>"]
        at = end
    body += [html.escape(text[at:hi]), "…" if hi < len(text) else ""]
    return (f'<div class="quote"><span class="where">{html.escape(quote.where)}</span>'
            f'<span class="printed">{"".join(body)}</span></div>')


def _quotes(printed: PrintedText | None, sources: Sequence[Origin], severity: str) -> str:
    """Each source quoted; sources in one printed text (a line naming several figures) share one quote."""
    groups: dict[Any, tuple[Quote, Origin, list[tuple[int, int]]]] = {}
    order: list[Any] = []
    for o in dict.fromkeys(sources):
        q = printed.quote(o) if printed is not None else None
        if q is None:
            order.append(o)
            continue
        key = (place(o), q.text)
        if key not in groups:
            groups[key] = (q, o, [])
            order.append(key)
        groups[key][2].append((q.start, q.end))
    out = []
    for key in order:
        if isinstance(key, Origin):
            out.append(f'<div class="quote unquoted"><span class="where">{html.escape(where(key))}</span></div>')
            continue
        q, o, spans = groups[key]
        if len(spans) > 1:
            q = q._replace(where=where(place(o)))
        out.append(render_quote(q, severity, spans))
    return "".join(out) or "—"


def render_table(printed: PrintedText, marks: Mapping[tuple[int, int], tuple[str, tuple[str, ...]]],
                 bid: str) -> str:
    """The statistics table as printed; ``marks`` maps a (row, column) to the most serious severity and the
    checks naming that cell: such a cell gets class ``hl <severity>``, an inline style and a title."""
    t = printed.table
    assert t is not None
    out = [f'<table class="stat" id="t-{html.escape(bid)}">']
    if t.caption:
        out.append(f"<caption>{html.escape(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in t.header_raw) + "</tr></thead><tbody>")
    for r, row in enumerate(t.rows):
        total = r < len(t.totals) and t.totals[r]
        cells = []
        for c, text in enumerate(row):
            unit = "unit " if t.columns[c:c + 1] == ("unit_raw",) else ""  # numbers align right (stylesheet)
            attrs = f' class="{unit.strip()}"' if unit else ""
            if (r, c) in marks:
                severity, checks = marks[r, c]
                attrs = (f' class="{unit}hl {severity}" style="{HIGHLIGHT_STYLE[severity]}"'
                         f' title="{html.escape(", ".join(checks))}"')
            cells.append(f"<td{attrs}>{html.escape(text)}</td>")
        out.append(("<tr class=\"total\">" if total else "<tr>") + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _table_marks(printed: PrintedText, named: Iterable[tuple[str, str, Sequence[Origin]]]):
    """(row, col) -> (most serious severity, checks) of every cell a finding names ((check, severity, sources))."""
    marks: dict[tuple[int, int], tuple[str, tuple[str, ...]]] = {}
    for check, severity, sources in named:
        for o in sources:
            rc = printed.cell(o)
            if rc is None:
                continue
            old_severity, checks = marks.get(rc, (severity, ()))
            worst = min(old_severity, severity, key=SEVERITIES.index)
            marks[rc] = (worst, checks + ((check,) if check not in checks else ()))
    return marks


def shown_bulletins(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo]) -> list[BulletinInfo]:
    """The bulletins a report shows: involved in an archive finding, a copy, with findings of their own, or
    unreadable (in the order of ``bulletins``)."""
    involved = {b for a in findings for b in a.bulletin_ids}
    return [b for b in bulletins.values() if b.bulletin_id in involved or b.duplicate_of or b.findings or b.error]


def render_html(findings: Sequence[ArchiveFinding], bulletins: Mapping[str, BulletinInfo],
                printed: Mapping[str, PrintedText] | None = None, *, title: str = "Archive audit report",
                archive: bool = True, show_all: bool = False) -> str:
    """One self-contained HTML page: a summary; the archive findings grouped by check (rule, message, stated,
    computed, the bulletins involved linked to their entries, the figure each prints quoted); then each
    bulletin involved in a finding, a copy or with findings of its own (every bulletin when ``show_all``):
    path, period, the copy it duplicates, its own findings with their printed sources quoted, and its
    statistics table with the cells a finding names highlighted. ``printed``: bulletin_id -> its
    :class:`PrintedText` (a bulletin without one is listed without quotes or table). ``archive=False`` leaves
    out the archive section (an audit of files)."""
    printed = printed or {}
    out = ['<!DOCTYPE html>', '<html lang="zh"><head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{_STYLE}</style></head><body>",
           f"<h1>{html.escape(title)}</h1>"]
    own = [f for b in bulletins.values() for f in b.findings]
    counts = {s: sum(f.finding.severity == s for f in findings) + sum(f.severity == s for f in own) for s in SEVERITIES}
    copies = sum(b.duplicate_of is not None for b in bulletins.values())
    failed = sum(b.error is not None for b in bulletins.values())
    found = (f"{len(findings)} archive findings, {len(own)} findings of single bulletins" if archive
             else f"{len(own)} findings")
    total = f"{len(findings) + len(own)} in all: " if archive else ""
    out.append(f'<p class="summary">{len(bulletins)} bulletins; {found} ({total}'
               + ", ".join(f'<span class="{s}">{n} {s}</span>' for s, n in counts.items()) + ")"
               + (f"; {copies} duplicate copies" if archive else "")
               + (f"; {failed} could not be read" if failed else "") + ".</p>")
    if archive:
        out += _archive_section(findings, bulletins, printed)
    out.append('<h2 id="bulletins">Bulletins</h2>')
    for b in (bulletins.values() if show_all else shown_bulletins(findings, bulletins)):
        out += _bulletin_section(b, findings, bulletins, printed.get(b.bulletin_id))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _unit_names(bulletins: Mapping[str, BulletinInfo], bid: str) -> Mapping[str, str]:
    b = bulletins.get(bid)
    return b.unit_names if b is not None else {}


def _archive_section(findings, bulletins, printed) -> list[str]:
    out = ['<h2 id="archive-findings">Archive findings</h2>']
    if not findings:
        out.append("<p>None.</p>")
    for code in dict.fromkeys(a.check for a in findings):
        check = CATALOGUE[code]
        group = [a for a in findings if a.check == code]
        out.append(f'<section class="check" id="check-{code}"><h3 class="{check.severity}">{html.escape(check.title)}'
                   f" <code>{code}</code> ({check.severity}, {len(group)})</h3>")
        out.append(f'<p class="rule">{html.escape(check.rule)}</p>')
        out.append("<table><thead><tr><th>bulletin</th><th>field</th><th>message</th><th>stated</th><th>computed</th>"
                   "<th>difference</th><th>bulletins involved</th><th>printed</th></tr></thead><tbody>")
        for a in group:
            f = a.finding
            quoted = []
            for bid in a.bulletin_ids:
                p = printed.get(bid)
                o = archive_source(p, a, bid, _unit_names(bulletins, bid)) if p is not None else None
                q = p.quote(o) if o is not None else None
                if q is not None:
                    quoted.append(f'<div class="printed-in">{_link(bulletins, bid)}{render_quote(q, f.severity)}</div>')
            out.append(f'<tr class="finding {f.severity}"><td>{_link(bulletins, a.owner)}</td><td>{_e(a.field)}</td>'
                       f"<td>{_e(f.message)}</td><td class=\"num\">{_e(f.stated)}</td>"
                       f"<td class=\"num\">{_e(f.computed)}</td><td class=\"num\">{_e(f.delta)}</td><td>"
                       + "<br>".join(_link(bulletins, b) for b in a.bulletin_ids) + "</td><td>"
                       + ("".join(quoted) or "—") + "</td></tr>")
        out.append("</tbody></table></section>")
    return out


def _bulletin_section(b: BulletinInfo, findings, bulletins, printed: PrintedText | None) -> list[str]:
    bid = html.escape(b.bulletin_id)
    out = [f'<section class="bulletin" id="b-{bid}"><h3>{html.escape(b.path)}</h3>']
    if b.error is not None:
        out.append(f'<p class="error">Could not be audited: {html.escape(b.error)}</p></section>')
        return out
    out.append(f"<p>{_e(b.period)} · bulletin_id <code>{bid}</code>"
               + (f" · a copy of {_link(bulletins, b.duplicate_of)}: its rows are left out of the fact tables"
                  if b.duplicate_of else "") + "</p>")
    mine = [a for a in findings if b.bulletin_id in a.bulletin_ids]
    if mine:
        out.append("<p>Archive findings: " + ", ".join(
            f'<a href="#check-{a.check}" class="{a.finding.severity}">{a.check}</a>' for a in mine) + "</p>")
    if b.findings:
        out.append('<table class="findings"><thead><tr><th>check</th><th>message</th><th>stated</th><th>computed</th>'
                   "<th>printed</th></tr></thead><tbody>")
        for f in b.findings:
            out.append(f'<tr class="finding {f.severity}"><td><code>{f.check}</code></td><td>{_e(f.message)}</td>'
                       f'<td class="num">{_e(f.stated)}</td><td class="num">{_e(f.computed)}</td>'
                       f"<td>{_quotes(printed, f.sources, f.severity)}</td></tr>")
        out.append("</tbody></table>")
    if printed is not None and printed.table is not None:
        named = [(f.check, f.severity, f.sources) for f in b.findings]
        for a in mine:
            o = archive_source(printed, a, b.bulletin_id, b.unit_names)
            if o is not None:
                named.append((a.check, a.finding.severity, (o,)))
        out.append(render_table(printed, _table_marks(printed, named), b.bulletin_id))
    out.append("</section>")
    return out
