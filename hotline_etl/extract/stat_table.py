"""Every table of the bulletin, and the per-unit statistics table mapped to fields.

Grids come from the layout registry (:mod:`hotline_etl.extract.tables`):
real tables and text in any layout, each with its cells as printed. A grid
is then understood: caption rows, header rows and a header path per column
(grouped headers), a shape (units side by side, units as columns) turned
into one unit per row, column names by synonyms, and what the table lists
(per unit, category or period). Page metadata in pipes is no table.

Every table is kept (:class:`~hotline_etl.model.PrintedTable`); the first
per-unit table is also mapped to fields (:class:`~hotline_etl.model.StatTable`):
columns without a field go to ``extra`` under their header path (a
``table-header-unmapped`` warning names those the vocabulary does not know),
the total row (合计) is kept apart, and rows the excerpt cut are named.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> t, w = extract_table(build_view(load("單位 | 受理案件數 | 辦理數 | 辦結率\\n甲鎮 | 3 | 2 | 66.67%\\n合計 | 3 | 2 | 66.67%")))
>>> t.rows[0].unit_raw, t.rows[0].received, t.rows[0].completion_rate.raw, t.total.handled
('甲鎮', 3, '66.67%', 2)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain, islice, repeat
from operator import attrgetter, itemgetter, or_, sub

import regex

from ..document import Origin
from ..model import (COUNT_FIELDS, RATE_FIELDS, TABLE_FIELDS, ParseWarning, Percent, PrintedTable, StatRow,
                     StatTable, TableReport, field_builder)
from ..script import View
from .numbers import parse_count
from .table_alignment import align_row
from .table_cells import Cell, is_total_label
from .tables import SHAPES, Grid, read_grids
from .tables.transposed import NAME as TRANSPOSED
from .tables.header import Path, column_names, header_paths, path_label, split_rows, wrapped_names
from .tables.kinds import is_page_metadata, is_unit_name, label_column, table_kind

_TITLE = regex.compile(r"统计表|情况表|一览表|通报表|排名表")
_WS = regex.compile(r"\s+")
#: Longest line before a table taken as its caption.
MAX_CAPTION = 60

# ---------------------------------------------------------------- understanding a grid


@dataclass
class _Understood:
    """A grid with its caption, header paths, column names, data rows and kind."""

    grid: Grid
    layout: str
    caption: str | None
    paths: list[Path]
    labels: list[str]       # header path per column as printed (unique: extra keys)
    names: list[str | None]
    data: list[list[Cell]]
    kind: str
    header_texts: list[list[str]]  # the header rows as printed (simplified), to drop a repeat
    joined: dict[int, str]  # data row -> its unit name as printed when wrapped over two lines


def _understand(view: View, grid: Grid) -> _Understood | None:
    captions, header, data = split_rows(grid.rows)
    if not header or not (data or grid.cut):
        return None
    if is_page_metadata([r[0].simp for r in header + data if r]):
        return None
    width = max(len(r) for r in header + data)
    header_rows, wrapped = wrapped_names(header)
    paths = header_paths(header_rows, width)
    layout = grid.layout
    keys = [_WS.sub("", path_label(p)) for p in paths]
    joined: dict[int, str] = {}
    for shape in SHAPES.values():
        if shape.recognise(keys, data) > 0:
            paths, data = shape.apply(paths, data, keys)
            layout = f"{layout}, {shape.name}"
            if shape.name == TRANSPOSED:  # unit names wrapped in the header name the turned rows
                joined = {j - 1: name for j, name in wrapped.items() if j > 0}
            break
    names = column_names(paths)
    if "unit_raw" in names:
        kind = "per_unit"
    else:
        texts = [[c.simp for c in r] for r in data]
        kind = table_kind([path_label(p) for p in paths], names, texts)
        j = label_column(names, texts) if kind == "per_unit" else None
        if j is not None and names[j] is None:
            names[j] = "unit_raw"
    if kind == "per_unit" and not joined:
        data, joined = _join_wrapped_rows(data, names.index("unit_raw") if "unit_raw" in names else 0)
    caption = " ".join(c.raw.strip() for c in captions) or _title_before(view, header[0][0])
    return _Understood(grid, layout, caption, paths, _unique_labels(paths), names, data, kind,
                       [[c.simp for c in r] for r in header], joined)


def _join_wrapped_rows(data: list[list[Cell]], unit: int) -> tuple[list[list[Cell]], dict[int, str]]:
    """Rows without the lines that only continue the unit name above them, and the names joined.

    A narrow unit column wraps a long name onto a line of its own, every other cell empty
    (``县综合行政执 | 183 | 181`` / ``法局 | | ``): the name above is no unit name alone and makes
    one with the fragment (also when the text stops right after it: ``…\n法局``). Returns the rows
    left and ``{row: name as printed}``.
    """
    out: list[list[Cell]] = []
    joined: dict[int, str] = {}
    simp: dict[int, str] = {}
    for row in data:
        if out and unit < len(row) and unit < len(out[-1]) and row[unit].kind in ("text", "cut") \
                and not any(c.simp for j, c in enumerate(row) if j != unit):
            k = len(out) - 1
            above = out[k][unit]
            name = simp.get(k, above.simp)
            if above.kind == "text" and not is_unit_name(name) and is_unit_name(name + row[unit].simp):
                joined[k] = joined.get(k, above.raw.strip()) + row[unit].raw.strip()
                simp[k] = name + row[unit].simp
                continue
        out.append(row)
    return out, joined


def _unique_labels(paths: list[Path]) -> list[str]:
    """Header paths as printed; a repeated one gets ``#2``, a missing one the column number."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for j, p in enumerate(paths):
        label = path_label(p, raw=True) or f"#{j + 1}"
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return out


def _title_before(view: View, cell: Cell) -> str | None:
    """A …统计表 line among the three before the table, else the line just before it when it reads as a caption."""
    index = cell.unit
    try:
        k = view.lines.index(index)
    except ValueError:  # a real table: its cells are not lines
        k = next((n for n, i in enumerate(view.lines) if i > index), len(view.lines))
    for i in range(k - 1, max(-1, k - 4), -1):
        if _TITLE.search(view.simp_text(view.lines[i])):
            return view.text(view.lines[i]).strip()
    if k > 0:
        text = view.text(view.lines[k - 1]).strip()
        if 0 < len(text) <= MAX_CAPTION and "|" not in text and not text.endswith(("。", ".")):
            return text
    return None


_SIMP, _CELL_UNIT, _CELL_POS = attrgetter("simp"), attrgetter("unit"), attrgetter("pos")
#: The Origin of each cell of a table's data rows, row by row.
_Origins = tuple[tuple[Origin, ...], ...]


def _is_total_row(row: list[Cell]) -> bool:
    return any(map(is_total_label, map(_SIMP, row[:3])))


def _total_rows(rows: list[list[Cell]]) -> tuple[bool, ...]:
    """:func:`_is_total_row` of each row; a column at a time when every row has the same three cells or more."""
    if min(map(len, rows), default=0) >= 3:
        first, second, third = (map(is_total_label, map(_SIMP, column)) for column in islice(zip(*rows), 3))
        return tuple(map(or_, map(or_, first, second), third))
    return tuple([_is_total_row(r) for r in rows])


def _printed(index: int, u: _Understood, origins: _Origins, raw: str) -> PrintedTable:
    first = u.paths[0][-1] if u.paths and u.paths[0] else (u.data[0][0] if u.data and u.data[0] else None)
    rows = [[raw[c.pos:c.pos + len(c.simp)] for c in r] for r in u.data]  # Cell.raw, inlined
    if u.joined:
        unit = u.names.index("unit_raw") if "unit_raw" in u.names else 0
        for k, name in u.joined.items():
            rows[k][unit] = name
    return PrintedTable(
        index=index, caption=u.caption, kind=u.kind, header_raw=tuple(u.labels), columns=tuple(u.names),
        rows=tuple(map(tuple, rows)),
        totals=_total_rows(u.data),
        cut=u.grid.cut, layout=u.layout, confidence=u.grid.confidence,
        source=first.origin if first is not None else None,
        header_sources=tuple(p[-1].origin if p else None for p in u.paths),
        cell_sources=origins,
    )


# ---------------------------------------------------------------- the statistics table


def _stat_table(u: _Understood, printed: PrintedTable) -> tuple[StatTable | None, list[ParseWarning]]:
    """The statistics table from a per-unit table, and its warnings (``printed``: the table as printed)."""
    index, origins = printed.index, printed.cell_sources
    columns, header_raw = list(u.names), u.labels
    width = len(columns)
    warnings: list[ParseWarning] = []
    for j, name in enumerate(columns):
        if name is None:
            origin = u.paths[j][-1].origin if u.paths[j] else None
            warnings.append(ParseWarning(
                "table-header-unmapped", f"table column {header_raw[j]} maps to no field; its cells are kept in "
                f"extra under {header_raw[j]!r}", origin))
    data = u.data
    out_rows, total, cells_read, incomplete = _rows(u, origins, printed.rows, _plan(columns), warnings)
    if not out_rows and total is None:
        return None, []
    if total is None:
        warnings.append(ParseWarning("table-total-missing", "the statistics table has no total (合计) row",
                                     data[-1][0].origin if data and data[-1] else None))
    unknown = tuple(h for h, c in zip(header_raw, columns) if c is None)
    report = TableReport(u.layout, len(out_rows) + (total is not None), width, cells_read, unknown, incomplete,
                         u.grid.confidence, u.grid.cut)
    source = u.paths[0][0].origin if u.paths and u.paths[0] else None
    table = StatTable(u.caption, tuple(header_raw), tuple(columns), tuple(out_rows), total, report, source, index)
    return table, warnings


def _rows(u: _Understood, origins: _Origins, printed: tuple[tuple[str, ...], ...],
          plan: list[tuple[int, str | None, int, str | None]], warnings: list[ParseWarning],
          by_columns: bool = True) -> tuple[list[StatRow], StatRow | None, int, int]:
    """(rows, total row, cells read, incomplete rows) of the table; the warnings go to ``warnings``.

    The plain rows are read a column at a time (:func:`_plain_rows`; not with ``by_columns`` false, for
    tests), the others one by one.
    """
    out_rows: list[StatRow] = []
    total: StatRow | None = None
    incomplete = cells_read = 0
    measure_cut = u.grid.cut and u.layout.endswith(TRANSPOSED) and any(r[-1].kind in ("missing", "cut") for r in u.data)
    if measure_cut:
        # A transposed table's last column is the measure line the text stops in: printed for the first
        # units only, it is left out for every unit (its printed cells stay in ``tables``), as the row a
        # text stops in is left out of a table printed one unit a row. (No row is then plain.)
        plan = plan[:-1]
        warnings.append(ParseWarning(
            "table-cut", f"the text ends inside the table, in the measure line {u.labels[-1]!r}; that measure "
            "is left out of the statistics table (its printed cells are kept in tables)", u.paths[-1][-1].origin))
    plain = _plain_rows(u, origins, printed, plan) if by_columns and not measure_cut else None
    for k, row in enumerate(u.data):
        if plain is not None and plain[k] is not None:
            record, unit_simp, read_count = plain[k]  # type: ignore[misc]
            cells_read += read_count
        else:
            record, unit_simp, read_count, short = _one_row(u, k, row, origins[k], plan, warnings, measure_cut)
            if short:
                incomplete += 1
            if record is None:
                continue
            cells_read += read_count
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
    return out_rows, total, cells_read, incomplete


def _one_row(u: _Understood, k: int, row: list[Cell], where: tuple[Origin, ...] | list[Origin],
             plan: list[tuple[int, str | None, int, str | None]], warnings: list[ParseWarning],
             measure_cut: bool = False) -> tuple[StatRow | None, str, int, bool]:
    """(record or None, unit name, cells read, whether the row is short) of data row ``k``, ``where`` its cells'
    Origins; its warnings go to ``warnings`` (``measure_cut``: the cut is in a transposed table's last
    measure, named already)."""
    columns, header_raw = u.names, u.labels
    width = len(columns)
    texts = [c.simp for c in row]
    cut_row = u.grid.cut and k == len(u.data) - 1
    if not any(texts) or texts in u.header_texts or (cut_row and _header_begun(texts, u.header_texts)):
        return None, "", 0, False  # empty rows, and the header repeated after a page break (the text may stop in it)
    if cut_row and not u.layout.endswith(TRANSPOSED) \
            and len(row) < width - ("seq" in columns and _is_total_row(row)):
        # The row the text stops in, short of the table's width, is a fragment: it stays in ``tables`` as
        # printed but is no row of the statistics table (a unit with half its counts would read as a unit
        # that printed no more), as a careful reader copying the table leaves it out. A total row may
        # print 合计 across the 序号 and unit cells (one cell fewer is then whole). A row of full width
        # whose last cell the text may cut is kept, that cell left empty: a complete text ending on a
        # table's last cell looks the same. A transposed table's last printed line is a measure (the
        # cut is in a column, not in a unit's row).
        warnings.append(_cut_warning(row, fragment=True))
        return None, "", 0, False
    printed = row
    if len(row) < width:
        aligned = align_row(row, columns)
        if aligned is not row:
            row, where = aligned, [c.origin for c in aligned]
    short = len(row) < width
    if short:
        warnings.append(ParseWarning(
            "table-row-incomplete",
            f"table row starting {row[0].raw!r} has {len(row)} of {width} cells; the missing ones are left empty",
            row[0].origin))
    elif len(row) > width:
        warnings.append(ParseWarning(
            "table-row-overlong", f"table row starting {row[0].raw!r} has {len(row)} cells, the header {width}",
            row[0].origin))
    if cut_row and not measure_cut:
        warnings.append(_cut_warning(row, fragment=False))
    record, unit_simp, w = _row(row, where, plan, columns, header_raw)
    warnings.extend(w)
    if record is not None and k in u.joined:
        record = replace(record, unit_raw=u.joined[k])
    read = texts if row is printed and len(row) <= width else [c.simp for c in row[:width]]
    return record, unit_simp, len(read) - read.count(""), short


def _header_begun(texts: list[str], header_texts: list[list[str]]) -> bool:
    """Whether a row the text stops in is the start of a header row: its cells the header's, the last cut short."""
    n = len(texts)
    return any(len(h) >= n and h[:n - 1] == texts[:-1] and h[n - 1].startswith(texts[-1]) for h in header_texts)


def _cut_warning(row: list[Cell], fragment: bool) -> ParseWarning:
    cut = [c for c in row if c.kind == "cut"]
    what = f"; its last cell ({cut[0].raw!r}) is cut short" if cut else ""
    if fragment:
        what += "; the row is left out of the statistics table (its printed cells are kept in tables)"
    elif cut:
        what += " and left empty"
    return ParseWarning("table-cut", f"the text ends inside the table, in the row starting {row[0].raw!r}{what}",
                        row[0].origin)


# What a column's cells become (see _row): the unit, an extra, a count, a rate, a printed value (grade).
_UNIT, _EXTRA, _COUNT, _RATE, _PRINTED = range(5)
#: Cell kinds that hold a value to read (the others are lost, not applicable or cut).
_VALUE_KINDS = frozenset({"num", "pct", "text"})


def _plan(columns: list[str | None]) -> list[tuple[int, str | None, int, str | None]]:
    """(column, field, what its cells become, the StatRow attribute its value goes to), decided once per table
    rather than once per cell."""
    return [(j, field, _UNIT if field == "unit_raw" else _EXTRA if field not in TABLE_FIELDS
             else _COUNT if field in COUNT_FIELDS else _RATE if field in RATE_FIELDS else _PRINTED,
             field.removesuffix("_pct") if field in RATE_FIELDS else field)
            for j, field in enumerate(columns)]


#: StatRow from a dict of its fields, each slot set directly (see :func:`~hotline_etl.model.field_builder`).
_new_row = field_builder(StatRow)


#: Cell kinds a plain table's value cells may have (``empty``: a placeholder such as ``/``, no value).
_PLAIN_KINDS = frozenset({"num", "pct", "text", "empty"})
_KIND = attrgetter("kind")


def _plain_rows(u: _Understood, origins: _Origins, printed: tuple[tuple[str, ...], ...],
                plan: list[tuple[int, str | None, int, str | None]]) -> list[tuple[StatRow, str, int] | None] | None:
    """Per data row, (record, unit name, cells read) when the row is plain, else None; None when no row can be.

    Plain: as wide as the header, not the row the text is cut in, not the header repeated, its unit named,
    each value cell read (a count, a rate, a printed value, or a placeholder such as ``/``): a row
    :func:`_one_row` would read without a warning, giving the same record. The table is read a column at a
    time (C-level maps over each column; ``printed``: the cells' printed text, as
    :class:`~hotline_etl.model.PrintedTable` holds it), each row then made from its columns' values.
    """
    data, width = u.data, len(plan)
    full = [k for k, r in enumerate(data) if len(r) == width]
    if not full:
        return None
    if len(full) < len(data):
        data, printed, origins = [data[k] for k in full], [printed[k] for k in full], [origins[k] for k in full]
    n = len(data)
    simps = [list(map(_SIMP, c)) for c in zip(*data)]
    kinds = [list(map(_KIND, c)) for c in zip(*data)]
    texts_printed = list(zip(*printed))
    bad: set[int] = set()  # rows (of the full ones) read one by one
    if u.grid.cut and full[-1] == len(u.data) - 1:
        bad.add(n - 1)
    if u.header_texts:
        header = {tuple(h) for h in u.header_texts}
        if not header.isdisjoint(zip(*simps)):
            bad.update(k for k, texts in enumerate(zip(*simps)) if texts in header)
    names: list[str] = []
    values: list[object] = []
    source_columns: list[int] = []
    source_fields: list[str] = []
    extras = []
    unit_at = None
    for j, field, what, key in plan:
        column, texts = kinds[j], simps[j]
        if what == _EXTRA:
            if "cut" in column:
                bad.update(k for k, kind in enumerate(column) if kind == "cut")
            extras.append(list(zip(repeat(u.labels[j]), texts_printed[j])))
            continue
        if what == _UNIT:
            if not all(texts) or "cut" in column or "missing" in column:
                bad.update(k for k, (kind, text) in enumerate(zip(column, texts))
                           if not text or kind in ("cut", "missing"))
            unit_at = j
            continue
        if what == _COUNT:
            read = list(map(parse_count, map(str.rstrip, texts, repeat("件宗个 "))))
        elif what == _RATE:
            read = list(map(Percent.parse, texts_printed[j]))
        else:
            read = texts_printed[j]
        if not all(texts) or not _PLAIN_KINDS.issuperset(column) or None in read:
            # an empty, lost or unaligned cell, or one that is not a count or not a rate: a warning names it
            bad.update(k for k, (kind, text, value) in enumerate(zip(column, texts, read))
                       if not text or kind not in _PLAIN_KINDS or value is None and kind != "empty")
        if "empty" in column:  # placeholders: no value, and nothing wrong
            read = [None if kind == "empty" else v for kind, v in zip(column, read)]
        names.append(key)  # type: ignore[arg-type]
        values.append(read)
        source_columns.append(j)
        source_fields.append(field)  # type: ignore[arg-type]
    if unit_at is None or not source_columns or len(bad) == n:
        return None
    where = map(itemgetter(*source_columns, unit_at), origins)
    sources = map(dict, map(zip, repeat((*source_fields, "unit_raw")), where))
    extra = zip(*extras) if extras else repeat(())
    build = field_builder(StatRow, (*names, "unit_raw", "extra", "sources"))
    records = map(build, *values, texts_printed[unit_at], extra, sources)
    read_counts = map(sub, repeat(width), map(tuple.count, zip(*simps), repeat("")))
    rows: list[tuple[StatRow, str, int] | None] = list(zip(records, simps[unit_at], read_counts))
    for k in bad:
        rows[k] = None
    if len(full) == len(u.data):
        return rows
    out: list[tuple[StatRow, str, int] | None] = [None] * len(u.data)
    for k, row in zip(full, rows):
        out[k] = row
    return out


def _row(row: list[Cell], where: list[Origin], plan: list[tuple[int, str | None, int, str | None]],
         columns: list[str | None], header_raw: list[str]):
    warnings: list[ParseWarning] = []
    values: dict[str, object] = {}
    sources: dict[str, Origin] = {}
    extra: list[tuple[str, str]] = []
    unit = None
    unit_at = None
    raw = row[0].view.raw if row else ""  # Cell.raw, inlined below
    for (j, field, what, key), cell in zip(plan, row):  # a short row: the columns past its end have no cell
        if what == _UNIT:
            unit, unit_at = cell, j
            continue
        kind = cell.kind
        if kind == "cut":
            continue
        if what == _EXTRA:
            extra.append((header_raw[j], raw[cell.pos:cell.pos + len(cell.simp)]))
            continue
        sources[field] = where[j]  # type: ignore[index]
        if kind not in _VALUE_KINDS or not cell.simp:
            if kind == "missing":
                warnings.append(ParseWarning(
                    "table-cell-missing",
                    f"row {_row_label(row, columns)}: the {header_raw[j]} cell is missing in the source; "
                    "the cells after it were kept in their columns", where[j]))
            elif kind == "unaligned":
                warnings.append(ParseWarning(
                    "table-cell-unaligned",
                    f"row {_row_label(row, columns)}: a cell of this row is missing and its printed rates do not "
                    f"tell which; {header_raw[j]} ({cell.raw}) is left empty", where[j]))
            elif not cell.simp:
                warnings.append(ParseWarning("table-cell-empty", f"{header_raw[j]} is empty", where[j]))
            continue  # else printed as not applicable (/, —, -): no value, and nothing wrong
        if what == _COUNT:
            value = parse_count(cell.simp.rstrip("件宗个 "))
            if value is None:
                warnings.append(ParseWarning("table-cell-unreadable", f"{header_raw[j]}: {cell.raw!r} is not a count", where[j]))
            values[key] = value  # type: ignore[index]
        elif what == _RATE:
            pct = Percent.parse(raw[cell.pos:cell.pos + len(cell.simp)])
            if pct is None:
                warnings.append(ParseWarning("table-cell-unreadable", f"{header_raw[j]}: {cell.raw!r} is not a rate", where[j]))
            values[key] = pct  # type: ignore[index]
        else:
            values[key] = raw[cell.pos:cell.pos + len(cell.simp)]  # type: ignore[index]
    if unit is None or not unit.simp or unit.kind in ("cut", "missing"):
        # A total row may print 合计 in the 序号 column and leave the unit empty, or merge the two
        # cells into one (the row is then a cell short and its unit cell a placeholder).
        total_at = next((j for j, c in enumerate(row[:len(columns)]) if is_total_label(c.simp)), None)
        if total_at is None and unit is not None and unit.kind == "missing":
            warnings.append(ParseWarning(
                "table-cell-missing", "a table row's unit name is missing in the source; its values are kept",
                where[unit_at]))
            sources["unit_raw"] = where[unit_at]
            values.update(unit_raw="", extra=tuple(extra), sources=sources)
            return _new_row(values), "", warnings
        if total_at is None:
            return None, "", warnings
        unit_at = total_at
        unit = row[unit_at]
        extra = [(h, v) for h, v in extra if v != unit.raw]
    sources["unit_raw"] = where[unit_at]
    values["unit_raw"], values["extra"], values["sources"] = unit.raw, tuple(extra), sources
    return _new_row(values), unit.simp, warnings


def _row_label(row: list[Cell], columns: list[str | None]) -> str:
    unit = next((c for c, f in zip(row, columns) if f == "unit_raw"), None)
    return repr(unit.raw) if unit is not None and unit.simp else "?"


# ---------------------------------------------------------------- entry points


def extract_tables(view: View) -> tuple[tuple[PrintedTable, ...], StatTable | None, list[ParseWarning]]:
    """Every table of ``view``, the first per-unit one mapped to fields, and the warnings.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> text = "类别 | 数量\\n咨询类 | 5\\n投诉类 | 2\\n单位 | 受理量 | 得分\\n甲镇 | 4 | 98.5"
    >>> tables, table, w = extract_tables(build_view(load(text)))
    >>> [(t.kind, t.header_raw) for t in tables], table.rows[0].extra
    ([('per_category', ('类别', '数量')), ('per_unit', ('单位', '受理量', '得分'))], (('得分', '98.5'),))
    """
    understood = [u for u in (_understand(view, g) for g in read_grids(view)) if u is not None]
    origins = [_cell_origins(view, u.data) for u in understood]  # once per cell, shared
    tables = tuple(_printed(k, u, origins[k - 1], view.raw) for k, u in enumerate(understood, start=1))
    per_unit = [(i, u) for i, u in enumerate(understood, start=1) if u.kind == "per_unit" and u.data]
    for k, (index, u) in enumerate(per_unit):
        table, warnings = _stat_table(u, tables[index - 1])
        if table is None:
            continue
        rest = len(per_unit) - k - 1
        if rest:
            warnings.append(ParseWarning(
                "table-multiple", f"{rest + 1} per-unit tables found; the first ({len(table.rows)} rows) is used",
                table.source))
        return tables, table, warnings
    return tables, None, [ParseWarning("table-missing", "no statistics table (部门名称 | 受理案件数 | …) was found")]


def _cell_origins(view: View, rows: list[list[Cell]]) -> _Origins:
    """The Origin of every cell of ``rows``, row by row, in one call for the whole table."""
    cells = list(chain.from_iterable(rows))
    flat = iter(view.origins(list(map(_CELL_UNIT, cells)), list(map(_CELL_POS, cells))))
    return tuple([tuple(islice(flat, n)) for n in map(len, rows)])


def extract_table(view: View) -> tuple[StatTable | None, list[ParseWarning]]:
    """The statistics table of ``view``: the first per-unit table (see :func:`extract_tables`)."""
    _, table, warnings = extract_tables(view)
    return table, warnings
