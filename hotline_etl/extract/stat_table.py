"""The per-unit statistics table, from real tables or from text in any layout.

Candidates are the real tables of the document (consecutive ones with the
same width are stitched: a table split across pages), runs of lines holding
pipes, and runs of one-cell-per-line text under a recognisable header. Text
cells are laid out into rows by layout:

- a whole row per line (with or without outer pipes);
- one cell per line, rows ended by the cell without a trailing pipe when the
  source marks them, otherwise chunked by the header width that makes the
  columns most consistent in type (names, counts, rates, grades).

Header rows are the leading rows without numbers; grouped headers are joined
per column and mapped to fields by the longest synonym they contain, in
either script. Unknown columns are kept in ``extra``; a repeated unit column
means two units side by side in one row. The total row (合计) is kept apart.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> t, w = extract_table(build_view(load("單位 | 受理案件數 | 辦理數 | 辦結率\\n甲鎮 | 3 | 2 | 66.67%\\n合計 | 3 | 2 | 66.67%")))
>>> t.rows[0].unit_raw, t.rows[0].received, t.rows[0].completion_rate.raw, t.total.handled
('甲鎮', 3, '66.67%', 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..document import Origin
from ..model import COUNT_FIELDS, RATE_FIELDS, ParseWarning, Percent, StatRow, StatTable, TableReport
from ..script import View
from .numbers import parse_count
from .table_alignment import align_row, align_stream
from .table_cells import Cell, header_field, is_total_label, make_cell

_TITLE = regex.compile(r"统计表|情况表|一览表|通报表|排名表")
#: Minimum number of mapped value columns for a table to count as the statistics table.
MIN_VALUE_COLUMNS = 3

# ---------------------------------------------------------------- candidates

def _cells_of_unit(view: View, index: int, ends_row: bool = True) -> Cell:
    return make_cell(view, index, view.starts[index], view.ends[index], ends_row)


def _real_tables(view: View) -> list[tuple[list[list[Cell]], str]]:
    grids: list[tuple[list[list[Cell]], str]] = []
    previous_at = None
    for table, at in zip(view.tables, view.table_at):
        rows = [[_cells_of_unit(view, i) for i in row] for row in table.rows]
        rows = [r for r in rows if any(c.simp for c in r)]
        if not rows:
            continue
        if grids and previous_at == at and len(rows[0]) == len(grids[-1][0][0]):
            # A table split across pages: drop a repeated header, keep the rest.
            first = grids[-1][0]
            if [c.simp for c in rows[0]] == [c.simp for c in first[0]]:
                rows = rows[_header_rows(rows):]
            first.extend(rows)
            continue
        grids.append((rows, "table"))
        previous_at = at
    return grids


# A run of lines holding pipes; blank lines may stand between them, and a short
# line without a pipe may end a row (the last cell of a row carries no pipe).
_PIPE_RUN = regex.compile(
    r"(?m)(?:^[^\n|]*\|[^\n]*(?:\n|\Z)(?:[ \t]*\n)*"
    r"(?:[^\n|]{1,40}\n(?:[ \t]*\n)*(?=[^\n|]*\|))?)+"
)
#: Longest line without a pipe taken as a row's last cell after a pipe run.
MAX_TRAILING_CELL = 40


def _line_cells(view: View, unit: int, pos: int, text: str, outer_lead: bool, outer_trail: bool) -> list[Cell]:
    """Cells of one line; inner empty cells are kept so columns stay aligned."""
    bar = text.find("|")
    if outer_trail and bar >= 0 and bar == len(text.rstrip()) - 1 and (bar or not outer_lead):
        return [make_cell(view, unit, pos, pos + bar)]  # one cell per line: the common case
    parts = text.split("|")
    first, last = 0, len(parts)
    if outer_lead and parts and not parts[0].strip():
        pos += len(parts[0]) + 1
        first = 1
    if outer_trail and last > first and not parts[-1].strip():
        last -= 1
    cells = []
    for part in parts[first:last]:
        cells.append(make_cell(view, unit, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _pipe_regions(view: View) -> list[tuple[list[list[Cell]], str]]:
    line_units = set(view.lines)
    grids = []
    for region in _PIPE_RUN.finditer(view.simp):
        unit = view.unit_index(region.start())
        pos = region.start()
        texts: list[tuple[int, int, str]] = []  # (unit, position, text) of non-blank lines
        for text in region.group().split("\n"):
            if unit in line_units and text.strip():
                texts.append((unit, pos, text))
            pos += len(text) + 1
            unit += 1
        if not texts:
            continue
        piped = [t for _, _, t in texts if "|" in t]
        outer_lead = sum(t.lstrip().startswith("|") for t in piped) * 2 > len(piped)
        outer_trail = sum(t.rstrip().endswith("|") for t in piped) * 2 > len(piped)
        lines = [(_line_cells(view, u, p, t, outer_lead, outer_trail), "|" in t and t.rstrip().endswith("|"))
                 for u, p, t in texts]
        multi = sum(len(c) >= 2 for c, _ in lines)
        if multi * 2 >= len(lines):
            # A line without a pipe between row lines is a caption or prose: it separates tables.
            segment: list[list[Cell]] = []
            for (cells, _), (_, _, text) in zip(lines, texts):
                if "|" not in text:
                    if segment:
                        grids.append((segment, "row-per-line"))
                    segment = []
                elif any(x.simp for x in cells):
                    segment.append(cells)
            if segment:
                grids.append((segment, "row-per-line"))
            continue
        if any(not trailing for _, trailing in lines[:-1]):
            # Rows end with a pipe-less cell: the one after the run ends the last row.
            nxt = view.unit_index(region.end()) if region.end() < len(view.simp) else None
            if nxt is not None and nxt in line_units and 0 < len(view.simp_text(nxt).strip()) <= MAX_TRAILING_CELL:
                lines.append(([make_cell(view, nxt, view.starts[nxt], view.ends[nxt])], False))
        stream = []
        for cells, trailing in lines:
            if cells and not trailing:
                cells[-1] = cells[-1]._replace(ends_row=True)
            stream.extend(cells)
        rows = _chunk_stream(stream)
        if rows:
            grids.append((rows, "cell-per-line"))
    return grids


def _plain_runs(view: View) -> list[tuple[list[list[Cell]], str]]:
    """One cell per line without pipes: a run of header words starts the table."""
    grids = []
    lines = view.lines
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(view.simp_text(lines[j])) <= 12 and header_field(view.simp_text(lines[j])):
            j += 1
        if j - i >= MIN_VALUE_COLUMNS + 1:
            k = j
            while k < len(lines) and len(view.simp_text(lines[k]).strip()) <= 40 and "|" not in view.simp_text(lines[k]):
                k += 1
            stream = [_cells_of_unit(view, lines[x], ends_row=False) for x in range(i, k)]
            rows = _chunk_stream(stream)
            if rows:
                grids.append((rows, "cell-per-paragraph"))
            i = k
        else:
            i = max(j, i + 1)
    return grids


def _chunk_stream(stream: list[Cell]) -> list[list[Cell]]:
    """Lay a flat cell stream out in rows (see the module docstring)."""
    start = next((k for k, c in enumerate(stream) if header_field(c.simp)), None)
    if start is None:
        return []
    caption, cells = stream[:start], stream[start:]
    run = next((k for k, c in enumerate(cells) if c.kind in ("num", "pct")), len(cells))
    if any(c.ends_row for c in cells[:run]) and sum(c.ends_row for c in cells) >= 2:
        rows, row = [], []
        for c in cells:
            row.append(c)
            if c.ends_row:
                rows.append(row)
                row = []
        if row:
            rows.append(row)
    else:
        widths = [w for w in (run - 1, run, run - 2) if w >= MIN_VALUE_COLUMNS]
        if not widths:
            return []
        best = max(widths, key=lambda w: (_consistency(cells, w), w == run - 1))
        fields = [header_field(c.simp) for c in cells[:best]]
        if sum(f in COUNT_FIELDS or f in RATE_FIELDS for f in fields) >= MIN_VALUE_COLUMNS:
            rows = [cells[:best], *align_stream(cells[best:], fields)]
        else:
            rows = [cells[k:k + best] for k in range(0, len(cells), best)]
    return [[c] for c in caption] + rows


def _consistency(cells: list[Cell], width: int) -> int:
    """How many data rows agree, column by column, with the majority cell kind."""
    data = [cells[k:k + width] for k in range(width, len(cells), width)]
    data = [r for r in data if len(r) == width]
    if not data:
        return 0
    majority = []
    for j in range(width):
        kinds = [r[j].kind for r in data]
        majority.append(max(set(kinds), key=kinds.count))
    return sum(all(r[j].kind == majority[j] for j in range(width)) for r in data)


def _header_rows(rows: list[list[Cell]]) -> int:
    n = 0
    for row in rows:
        if any(c.kind in ("num", "pct") for c in row):
            break
        n += 1
    return n


# ---------------------------------------------------------------- grid to table

@dataclass
class _Built:
    table: StatTable
    warnings: list[ParseWarning]


def _build(rows: list[list[Cell]], layout: str, title: str | None) -> _Built | None:
    captions = []
    while rows and len([c for c in rows[0] if c.simp]) <= 1 and not header_field(rows[0][0].simp if rows[0] else ""):
        captions.append(rows.pop(0))
    n_header = _header_rows(rows)
    if n_header == 0 or n_header == len(rows):
        return None
    header_rows, data_rows = rows[:n_header], rows[n_header:]
    width = max(len(r) for r in header_rows)
    header_raw, header_simp = [], []
    for j in range(width):
        raws = [r[j].raw for r in header_rows if j < len(r) and r[j].raw]
        simps = [r[j].simp for r in header_rows if j < len(r) and r[j].simp]
        header_raw.append("".join(dict.fromkeys(raws)))
        header_simp.append("".join(dict.fromkeys(simps)))
    columns = [header_field(h) for h in header_simp]
    if sum(c in COUNT_FIELDS or c in RATE_FIELDS for c in columns) < MIN_VALUE_COLUMNS:
        return None
    if "unit_raw" not in columns:
        first_text = next((j for j, c in enumerate(columns) if c is None), None)
        if first_text is None:
            return None
        columns[first_text] = "unit_raw"
    blocks = [j for j, c in enumerate(columns) if c == "unit_raw"]
    spans = [(b, blocks[k + 1] if k + 1 < len(blocks) else width) for k, b in enumerate(blocks)]
    if blocks[0] > 0:  # a 序号 column before the unit belongs to the first block
        spans[0] = (0, spans[0][1])

    warnings: list[ParseWarning] = []
    out_rows: list[StatRow] = []
    total: StatRow | None = None
    incomplete = 0
    cells_read = 0
    repeated = [[c.simp for c in r] for r in header_rows]
    for row in data_rows:
        if not any(c.simp for c in row) or [c.simp for c in row] in repeated:
            continue  # empty rows, and the header repeated after a page break
        if len(row) < width:
            row = align_row(row, columns)
        if len(row) < width:
            incomplete += 1
            warnings.append(ParseWarning(
                "table-row-incomplete",
                f"table row starting {row[0].raw!r} has {len(row)} of {width} cells; the missing ones are left empty",
                row[0].origin))
        elif len(row) > width:
            warnings.append(ParseWarning(
                "table-row-overlong", f"table row starting {row[0].raw!r} has {len(row)} cells, the header {width}",
                row[0].origin))
        for lo, hi in spans:
            record, unit_simp, w = _row(row, columns, header_raw, lo, hi)
            warnings.extend(w)
            if record is None:
                continue
            cells_read += sum(1 for j in range(lo, min(hi, len(row))) if row[j].simp)
            if is_total_label(unit_simp):
                if total is None:
                    total = record
                else:
                    # A pasted-twice total: the first stands, the repeat is named (and whether it agrees).
                    same = (all(getattr(record, f) == getattr(total, f) for f in COUNT_FIELDS)
                            and all(record.rate(f) == total.rate(f) for f in RATE_FIELDS))
                    warnings.append(ParseWarning(
                        "table-total-duplicated",
                        f"the total row ({record.unit_raw}) is printed again"
                        f"{' with the same values' if same else ' with other values'}; the first is used",
                        record.sources.get("unit_raw")))
            else:
                out_rows.append(record)
    if not out_rows and total is None:
        return None
    if total is None:
        warnings.append(ParseWarning("table-total-missing", "the statistics table has no total (合计) row",
                                     data_rows[-1][0].origin if data_rows else None))
    unknown = tuple(h for h, c in zip(header_raw, columns) if c is None)
    caption = " ".join(c[0].raw for c in captions if c) or title
    report = TableReport(layout, len(out_rows) + (total is not None), width, cells_read, unknown, incomplete)
    table = StatTable(caption, tuple(header_raw), tuple(columns), tuple(out_rows), total, report,
                      header_rows[0][0].origin if header_rows[0] else None)
    return _Built(table, warnings)


def _row(row: list[Cell], columns: list[str | None], header_raw: list[str], lo: int, hi: int):
    warnings: list[ParseWarning] = []
    values: dict[str, object] = {}
    sources: dict[str, Origin] = {}
    extra: list[tuple[str, str]] = []
    unit = None
    for j in range(lo, hi):
        field = columns[j]
        cell = row[j] if j < len(row) else None
        if field == "unit_raw":
            unit = cell
            continue
        if cell is None:
            continue
        if field is None or field == "seq":
            extra.append((header_raw[j], cell.raw))
            continue
        sources[field] = cell.origin
        if cell.kind == "missing":
            warnings.append(ParseWarning(
                "table-cell-missing",
                f"row {_row_label(row, columns)}: the {header_raw[j]} cell is missing in the source; "
                "the cells after it were kept in their columns", cell.origin))
            continue
        if cell.kind == "unaligned":
            warnings.append(ParseWarning(
                "table-cell-unaligned",
                f"row {_row_label(row, columns)}: a cell of this row is missing and its printed rates do not "
                f"tell which; {header_raw[j]} ({cell.raw}) is left empty", cell.origin))
            continue
        if not cell.simp:
            warnings.append(ParseWarning("table-cell-empty", f"{header_raw[j]} is empty", cell.origin))
            continue
        if field in COUNT_FIELDS:
            value = parse_count(cell.simp.rstrip("件宗个 "))
            if value is None:
                warnings.append(ParseWarning("table-cell-unreadable", f"{header_raw[j]}: {cell.raw!r} is not a count", cell.origin))
            values[field] = value
        elif field in RATE_FIELDS:
            pct = Percent.parse(cell.raw)
            if pct is None:
                warnings.append(ParseWarning("table-cell-unreadable", f"{header_raw[j]}: {cell.raw!r} is not a rate", cell.origin))
            values[field.removesuffix("_pct")] = pct
        else:
            values[field] = cell.raw
    if unit is not None and unit.kind == "missing":
        warnings.append(ParseWarning(
            "table-cell-missing", "a table row's unit name is missing in the source; its values are kept",
            unit.origin))
        sources["unit_raw"] = unit.origin
        return StatRow(unit_raw="", extra=tuple(extra), sources=sources, **values), "", warnings  # type: ignore[arg-type]
    if unit is None or not unit.simp:
        # A total row may print 合计 in the 序号 column and leave the unit empty.
        label = next((row[j] for j in range(lo, min(hi, len(row))) if is_total_label(row[j].simp)), None)
        if label is None:
            return None, "", warnings
        unit = label
        extra = [(h, v) for h, v in extra if v != label.raw]
    sources["unit_raw"] = unit.origin
    record = StatRow(unit_raw=unit.raw, extra=tuple(extra), sources=sources, **values)  # type: ignore[arg-type]
    return record, unit.simp, warnings


def _row_label(row: list[Cell], columns: list[str | None]) -> str:
    unit = next((c for c, f in zip(row, columns) if f == "unit_raw"), None)
    return repr(unit.raw) if unit is not None and unit.simp else "?"


def _title_before(view: View, cell: Cell) -> str | None:
    """A caption (…统计表) on one of the three lines before the table's first cell."""
    index = cell.unit
    try:
        k = view.lines.index(index)
    except ValueError:  # a real table: its cells are not lines
        k = next((n for n, i in enumerate(view.lines) if i > index), len(view.lines))
    for i in range(k - 1, max(-1, k - 4), -1):
        if _TITLE.search(view.simp_text(view.lines[i])):
            return view.text(view.lines[i]).strip()
    return None


def _build_all(view: View, grids: list[tuple[list[list[Cell]], str]]) -> list[_Built]:
    built = []
    for rows, layout in grids:
        title = _title_before(view, rows[0][0]) if rows and rows[0] else None
        b = _build([list(r) for r in rows], layout, title)
        if b is not None:
            built.append(b)
    return built


def extract_table(view: View) -> tuple[StatTable | None, list[ParseWarning]]:
    """The statistics table of ``view`` (the largest when there are several)."""
    built = _build_all(view, [*_real_tables(view), *_pipe_regions(view)]) or _build_all(view, _plain_runs(view))
    if not built:
        return None, [ParseWarning("table-missing", "no statistics table (部门名称 | 受理案件数 | …) was found")]
    built.sort(key=lambda b: -len(b.table.rows))
    chosen = built[0]
    warnings = list(chosen.warnings)
    if len(built) > 1:
        warnings.append(ParseWarning(
            "table-multiple", f"{len(built)} statistics tables found; the largest ({len(chosen.table.rows)} rows) is used",
            chosen.table.source))
    return chosen.table, warnings
